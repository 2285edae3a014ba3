# t_psksreg.setup.sh - data for the browser tests of the PSKS registry and meetings
# (t_psksreg.mjs); sourced by test_e2e.sh with PILAR, T, SRC and YEAR set, before the
# server starts.
#
# A TKSK living in Samarinda who serves a Bontang village (the Bontang operator sees and
# edits it), a Samarinda-only TKSK (hidden from that operator), an LKS of Bontang, and a
# meeting in Bontang with a recommendation past its due date.
$PILAR psks add --type tksk --name "Sulastri Wulandari" --area 64.72.01 --serves 64.74.01.1001 \
  --phone 0812777001 >/dev/null || return 1
$PILAR psks add --type tksk --name "Yohanes Seberang Uji" --area 64.72.02 >/dev/null || return 1
$PILAR psks add --type lks --name "LKS Cahaya Uji" --area 64.74.03 >/dev/null || return 1
PR_MT=$($PILAR psks meeting add --date 10/11/$((YEAR - 1)) --place "Aula Dinsos Bontang" --region 64.74 \
  --theme "Rakor Pilar Sosial Uji" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])') || return 1
$PILAR psks meeting recommend "$PR_MT" --text "Honor TKSK dibayar tepat waktu" --owner "Dinsos Bontang" \
  --due "01/01/$((YEAR - 1))" >/dev/null || return 1
