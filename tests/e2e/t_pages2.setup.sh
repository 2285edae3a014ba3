# t_pages2.setup.sh - data for the browser tests of Program, Penyaluran, Laporan
# (sign-off) and Indikator (t_pages2.mjs); sourced by test_e2e.sh with PILAR, T,
# SRC and YEAR set, before the server starts.
#
# Two programs: a Bontang one (its regions lie inside the regency operator's
# scope, so that operator may build its batches) and a national one (batches
# only by an administrator; its welfare-decile rule refuses households without a decile).
# For the month $YEAR-01 the Bontang program's
# eligible are enrolled; the first twelve of them are verified and get a bank
# account, so a batch built in the browser has beneficiaries.
$PILAR program add LANSIA-BTG --name "Asistensi Lansia Bontang" --level kabupaten-kota \
  --amount 300000 --frequency bulanan --categories 8,24 --age-min 60 --regions 64.74 >/dev/null || return 1
$PILAR program add PKH-NAS --name "Program Keluarga Harapan" --level pusat --household \
  --amount 750000 --frequency triwulan --categories 24 --desil-max 4 >/dev/null || return 1
$PILAR program enroll LANSIA-BTG --period "$YEAR-01" --reason "SK Wali Kota 1/$YEAR" --region 64.74 >/dev/null || return 1
P2_NIKS=$(sqlite3 "$PILAR_DB" "SELECT p.nik FROM enrolment e JOIN person p ON p.id = e.person_id
  JOIN program g ON g.id = e.program_id WHERE g.code = 'LANSIA-BTG' AND e.period = '$YEAR-01'
  AND p.nik IS NOT NULL AND p.nik <> '' ORDER BY p.id LIMIT 12")
[ -n "$P2_NIKS" ] || return 1
# shellcheck disable=SC2086 # one NIK per word
$PILAR verify accept $P2_NIKS >/dev/null || return 1
n=0
for nik in $P2_NIKS; do
  n=$((n + 1))
  $PILAR program account --person "$nik" --number "7001$(printf '%06d' $n)" --bank "Bank Kaltimtara" >/dev/null || return 1
done
python3 - "$T/facts.json" "$YEAR" <<'PY' || return 1
import json, sys
f = json.load(open(sys.argv[1]))
f["pages2"] = {"program": "LANSIA-BTG", "program_name": "Asistensi Lansia Bontang",
               "national": "PKH-NAS", "national_name": "Program Keluarga Harapan",
               "batch_period": sys.argv[2] + "-01", "signoff_period": str(int(sys.argv[2]) - 2)}
json.dump(f, open(sys.argv[1], "w"))
PY
