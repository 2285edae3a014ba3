# t_pages1.setup.sh - data for tests/e2e/t_pages1.mjs (export, disability cards, disasters,
# PSKS registry, audit log, own password): sourced by test_e2e.sh with PILAR, T, SRC and the
# users admin, bontang, lihat in place.
echo 'camat-kunci-12' | $PILAR user add kecuji --role district --scope 64.74.01 >/dev/null || die "user kecuji"
echo 'mawar-merah-81' | $PILAR user add gantisandi --role viewer >/dev/null || die "user gantisandi"
P1VIL=$(sqlite3 "$PILAR_DB" "SELECT code FROM region WHERE code LIKE '64.74.01.%' AND level = 4 ORDER BY code LIMIT 1")
# A household at a known point of Bontang Utara: a blind woman of 65 and her son, no disability.
$PILAR household add --kk 6474010101269001 --village "$P1VIL" --address "Jl. Kartu Uji 7" \
  --lat 0.10832 --lon 117.53564 >/dev/null || die "household pages1"
$PILAR person add --nik 6474014506600007 --name "Sulastri Wulandari" --birth-date 1960-06-05 --sex P \
  --kk 6474010101269001 --disability sensorik_netra >/dev/null || die "person pages1 a"
$PILAR person add --nik 6474011207900007 --name "Bambang Wulandaru" --birth-date 1990-07-12 --sex L \
  --kk 6474010101269001 >/dev/null || die "person pages1 b"
$PILAR psks add --type tksk --name "Hendra Wijayakusuma" --area 64.74.01 --phone 0811555001 >/dev/null || die "psks a"
$PILAR psks add --type lks --name "LKS Harapan Bangsa Uji" --area 64.74.02 --address "Jl. Lks 1" >/dev/null || die "psks b"
python3 - "$T/facts.json" <<'PY' || die "facts pages1"
import json, sys
f = json.load(open(sys.argv[1]))
f["pages1"] = {"nik": "6474014506600007", "name": "Sulastri Wulandari", "nik_plain": "6474011207900007",
               "name_plain": "Bambang Wulandaru", "lat": 0.10832, "lon": 117.53564}
json.dump(f, open(sys.argv[1], "w"))
PY
