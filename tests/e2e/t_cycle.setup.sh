# t_cycle.setup.sh - data for tests/e2e/t_cycle.mjs (issue 19: the DTSEN update cycle pages);
# sourced by test_e2e.sh with PILAR, T, SRC and YEAR set, before the server starts.
#
# In the village of the Bontang person of facts.json: a social worker (Peksos, so that the
# TKSK/PSM counts of other pages stay as they are), a musdes with its minutes, and three
# proposals of this month's cycle: a change of a household's address with its document (complete),
# a new member without a document (incomplete), and a removal of a household sent to the
# social worker for a field check (the phone test overturns it, so the registry only sees the
# address change when the desktop test ratifies the cycle).
CY_VILLAGE=$(python3 -c "import json; print(json.load(open('$T/facts.json'))['village_bontang'])")
CY_NIK=$(python3 -c "import json; print(json.load(open('$T/facts.json'))['bontang']['nik'])")
CY_ID() { python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
printf '%%PDF-1.4\n%% berita acara musdes uji\n%%%%EOF\n' >"$T/cy-minutes.pdf"
printf '%%PDF-1.4\n%% surat keterangan\n%%%%EOF\n' >"$T/cy-bukti.pdf"
CY_UNIT=$($PILAR psks add --type pekerja_sosial_profesional --name "Sari Pemeriksa" --area "${CY_VILLAGE%.*}" \
  --phone 0812777101 --json | CY_ID) || return 1
CY_MEETING=$($PILAR meeting add --village "$CY_VILLAGE" --date "$(date +%F)" --participants 31 \
  --minutes "$T/cy-minutes.pdf" --json | CY_ID) || return 1
# Three households of the village headed by living people, none of them the facts.json person:
# one whose address changes, one to join, one proposed for removal.
CY_ROWS=$(sqlite3 "$PILAR_DB" "SELECT p.id, p.household_id, p.name FROM person p WHERE p.village_code = '$CY_VILLAGE'
  AND p.nik IS NOT NULL AND p.nik <> '$CY_NIK' AND p.death_date IS NULL AND p.relationship = 'kepala_keluarga'
  AND p.state <> 'rejected' ORDER BY p.id DESC LIMIT 3")
CY_P=() CY_H=() CY_N=()
while IFS='|' read -r a b c; do CY_P+=("$a") CY_H+=("$b") CY_N+=("$c"); done <<<"$CY_ROWS"
[ "${#CY_P[@]}" -eq 3 ] || return 1
CY_CHANGE=$($PILAR proposal add --meeting "$CY_MEETING" --kind ubah --household "${CY_H[0]}" \
  --address "Jl. Pemutakhiran DTSEN 7" --evidence "$T/cy-bukti.pdf" --json | CY_ID) || return 1
CY_ADD=$($PILAR proposal add --meeting "$CY_MEETING" --kind tambah_orang --household "${CY_H[1]}" \
  --nik 6474015507100003 --name "Nur Aini Pemutakhiran" --birth-date 2010-07-15 --sex P --relationship Anak \
  --mother "Sulastri" --json | CY_ID) || return 1
CY_REMOVE=$($PILAR proposal add --meeting "$CY_MEETING" --kind hapus --removal pindah --household "${CY_H[2]}" \
  --evidence "$T/cy-bukti.pdf" --note "Dilaporkan pindah ke Samarinda" --json | CY_ID) || return 1
CY_CHECK=$($PILAR proposal check "$CY_REMOVE" --unit "$CY_UNIT" --due "$((YEAR + 1))-01-31" --json | CY_ID) || return 1
# An objection filed in January of last year and never answered: past its time limit.
CY_LATE=$($PILAR objection add --village "$CY_VILLAGE" --subject-name "Keluarga Darto Lama" --kind tidak_masuk \
  --filer-kind psks --filer-name "Sari Pemeriksa" --statement "Keluarga miskin belum terdaftar" \
  --filed-on "$((YEAR - 1))-01-02" --json | CY_ID) || return 1
CY_CYCLE=$(sqlite3 "$PILAR_DB" "SELECT cycle_id FROM dtsen_proposal WHERE id = $CY_CHANGE")
python3 - "$T/facts.json" "$CY_UNIT" "$CY_MEETING" "$CY_CYCLE" "$CY_CHANGE" "$CY_ADD" "$CY_REMOVE" "$CY_CHECK" \
  "${CY_H[0]}" "${CY_H[2]}" "${CY_N[2]}" "$CY_VILLAGE" "$CY_LATE" <<'PY' || return 1
import json, sys
f = json.load(open(sys.argv[1]))
a = sys.argv
f["cycle"] = {"unit": int(a[2]), "unit_name": "Sari Pemeriksa", "meeting": int(a[3]), "cycle": int(a[4]),
              "change": int(a[5]), "add": int(a[6]), "remove": int(a[7]), "check": int(a[8]),
              "changed_household": int(a[9]), "removed_household": int(a[10]), "removed_name": a[11], "village": a[12],
              "late_objection": int(a[13])}
json.dump(f, open(sys.argv[1], "w"))
PY
