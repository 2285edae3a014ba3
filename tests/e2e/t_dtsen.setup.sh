# t_dtsen.setup.sh - data for the browser test of the welfare ranking (t_dtsen.mjs); sourced by
# test_e2e.sh with PILAR, T, SRC and YEAR set, before the server starts.
#
# A living Bontang head of household with a NIK gets socio-economic variables; a made-up model
# for province 64 is imported and a run ranks the households that have variables. (The shell's
# default separator '|': the encrypted runs' pilar-sqlshell takes no options but -cmd.)
DT_ROW=$(sqlite3 "$PILAR_DB" "SELECT h.id, h.kk, p.nik, p.name FROM household h
  JOIN person p ON p.household_id = h.id AND p.relationship = 'kepala_keluarga'
  WHERE h.village_code LIKE '64.74.%' AND p.nik IS NOT NULL AND p.death_date IS NULL
  AND h.state <> 'rejected' AND p.state <> 'rejected' ORDER BY h.id LIMIT 1")
[ -n "$DT_ROW" ] || return 1
IFS='|' read -r DT_HID DT_KK DT_NIK DT_NAME <<<"$DT_ROW"
$PILAR household socio "$DT_KK" lantai=tanah dinding=kayu_papan atap=seng luas_lantai=24 \
  sumber_air=sumur_terlindung fasilitas_bab=bersama penerangan=pln_meteran bahan_bakar=elpiji_3kg \
  pendidikan_kepala=sd anggota_bekerja=1 lemari_es=tidak sepeda_motor=1 >/dev/null || return 1
printf 'wilayah,variabel,kategori,bobot\n64,konstanta,,10\n64,lantai,tanah,-2\n64,luas_lantai,,0.01\n64,lemari_es,,1.5\n64,sepeda_motor,,0.4\n' >"$T/dtsen-model.csv"
$PILAR pmt model-import "$T/dtsen-model.csv" >/dev/null || return 1
$PILAR pmt score --region 64 >/dev/null || return 1
python3 - "$T/facts.json" "$DT_HID" "$DT_NIK" "$DT_NAME" <<'PY' || return 1
import json, sys
f = json.load(open(sys.argv[1]))
f["dtsen"] = {"household": int(sys.argv[2]), "nik": sys.argv[3], "name": sys.argv[4]}
json.dump(f, open(sys.argv[1], "w"))
PY
