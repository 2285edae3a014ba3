#!/usr/bin/env bash
# Offline instances (issue 18): a server and two field instances on loopback. Both edit the
# same person -> a conflict kept and resolved field by field; kill -9 during a push and a pull,
# then `pilar sync` again converges (nothing lost, nothing applied twice); a foreign-scope
# change and a change inside a signed-off period refused with their reasons; packages
# exported, applied at the office and answered; a package replayed, edited by one byte,
# truncated, and one from a revoked instance refused, changing nothing.
# SYNC_N (default 1000; the README's figure uses 10000) changes made offline are synced.
. "$(dirname "$0")/lib.sh"
cd "$T"
need sqlite3 curl
# The field instances are SQLite files on either backend (the server may be on PostgreSQL).
sqlite_file f1.db f2.db
export PILAR_PWHASH=fast
export PILAR_DB="$T/srv.db"
N=${SYNC_N:-1000}
$PILAR init >/dev/null
$PILAR region import --from "$AREA" >/dev/null || die "region import failed"
cat > people.csv <<'CSV'
nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks,disabilitas,latitude,longitude
6474010512800001,6474010101200001,Hermawan Saputra,Bontang,1980-12-05,L,Kepala Keluarga,Siti Aminah,Jl. Kenari 1,001,001,64.74.01.1001,24@2025-01-01,,,
6474014506850001,6474010101200001,Rina Wati,Bontang,1985-06-05,P,Istri,Painem,Jl. Kenari 1,001,001,64.74.01.1001,,,,
6472015007500001,6472010101200005,Aminah,Samarinda,1950-07-10,P,Kepala Keluarga,Fatimah,Jl. Palaran 5,005,003,64.72.01.1001,24@2025-01-01,,,
CSV
$PILAR import people.csv >/dev/null || die "import failed"
echo 'bontang-utara-9' | $PILAR user add opkec --role district --scope 64.74.01 >/dev/null
TK=$($PILAR user token opkec | tail -1)
start_server
srv() { sqlite3 "$T/srv.db" "$1"; }

# --- two field instances
expect 0 "init f1" sync init --server "$B" --token "$TK" --scope 64.74.01 --db f1.db
expect 0 "init f2" sync init --server "$B" --token "$TK" --scope 64.74.01 --db f2.db
is "f1 holds the scope's people" "$(sqlite3 f1.db 'select count(*) from person')" 2
is "f1 holds no one outside" "$(sqlite3 f1.db "select count(*) from person where nik='6472015007500001'")" 0
is "f1 records synced" "$(sqlite3 f1.db "select count(*) from sync_record where state<>'synced'")" 0
is "server version kept" "$(sqlite3 f1.db "select base_version from sync_record where entity='person' and local_id=2")" 1
is "two instances registered" "$(srv 'select count(*) from sync_instance')" 2

# --- both edit the same person: the second push is a conflict, nothing overwritten
$PILAR person update 6474014506850001 --mother "Painem Satu" --birth-place Samarinda --db f1.db >/dev/null
$PILAR person update 6474014506850001 --mother "Painem Dua" --db f2.db >/dev/null
is "local write marked to_push" "$(sqlite3 f1.db "select state from sync_record where entity='person' and local_id=2")" to_push
expect 0 "f1 sync" sync --db f1.db
expect 0 "f2 sync" sync --db f2.db
is "server has f1's change" "$(srv "select mother_name from person where nik='6474014506850001'")" "Painem Satu"
is "f2 keeps the conflict" "$(sqlite3 f2.db "select state from sync_record where entity='person' and local_id=2")" conflict
is "f2's own value kept" "$(sqlite3 f2.db "select mother_name from person where id=2")" "Painem Dua"
$PILAR sync conflicts --db f2.db > conflicts.txt
has "conflict shown side by side" conflicts.txt 'mother_name +\| "Painem Dua" +\| "Painem Satu"'
# the same conflict through the instance's own server (the web page Sinkronisasi's routes)
echo 'kebun-sawit-77' | $PILAR user add lapangan --role district --scope 64.74.01 --db f2.db >/dev/null
TL=$($PILAR user token lapangan --db f2.db | tail -1)
MAIN_PID=$SERVER_PID MAIN_A=$A MAIN_B=$B MAIN_PORT=$PORT
PILAR_DB="$T/f2.db" start_server
req GET "$A/sync/local" -H "Authorization: Bearer $TL"
is "local status" "$STATUS" 200
is "conflict listed with both images" "$(jsonq "d['conflicts'][0]['local']['mother_name'] + '|' + d['conflicts'][0]['server']['mother_name']")" "Painem Dua|Painem Satu"
is "differing fields named" "$(jsonq "','.join(sorted(d['conflicts'][0]['fields']))")" "birth_place,mother_name"
req POST "$A/sync/local/resolve" "${J[@]}" -H "Authorization: Bearer $TL" -d '{"entity":"person","id":2,"take":{"mother_name":"local"}}'
is "a missing choice refused" "$STATUS" 422
stop_server
SERVER_PID=$MAIN_PID A=$MAIN_A B=$MAIN_B PORT=$MAIN_PORT
req GET "$A/sync/local" -H "Authorization: Bearer $TK"
is "the office is no instance" "$STATUS" 404
expect 1 "resolve must choose every differing field" sync resolve person:2 --take mother_name=local --db f2.db
expect 0 "resolve field by field" sync resolve person:2 --take mother_name=local --take birth_place=server --db f2.db
expect 0 "f2 sync after resolve" sync --db f2.db
expect 0 "f1 sync pulls it" sync --db f1.db
is "server merged" "$(srv "select mother_name || '/' || birth_place from person where nik='6474014506850001'")" "Painem Dua/Samarinda"
is "f1 converged" "$(sqlite3 f1.db "select mother_name || '/' || birth_place from person where id=2")" "Painem Dua/Samarinda"
is "nothing waits on f1" "$(sqlite3 f1.db "select count(*) from sync_record where state<>'synced'")" 0

# --- a foreign-scope change (a record mapped to a person of Samarinda) is refused with a reason
FOREIGN=$(srv "select id from person where nik='6472015007500001'")
sqlite3 f1.db "update sync_record set server_id=$FOREIGN where entity='person' and local_id=1"
$PILAR person update 6474010512800001 --mother "Siti Aminah Lagi" --db f1.db >/dev/null
expect 0 "sync with a foreign change" sync --db f1.db
is "foreign change refused" "$(sqlite3 f1.db "select state from sync_record where entity='person' and local_id=1")" refused
has_msg=$(sqlite3 f1.db "select message from sync_record where entity='person' and local_id=1")
case "$has_msg" in *"luar wilayah"*) ok ;; *) bad "refusal reason: $has_msg" ;; esac
is "Samarinda untouched" "$(srv "select mother_name from person where id=$FOREIGN")" Fatimah
sqlite3 f1.db "update sync_record set server_id=1, state='synced' where entity='person' and local_id=1"

# --- a change inside a period signed off at the office is refused with what to do
expect 0 "local category in 2025" person update 6474014506850001 --pmks-add 23@2025-03-01 --db f1.db
expect 0 "office signs 2025 off" period approve --region 64.74 --period 2025
expect 0 "sync into a locked period" sync --db f1.db
is "locked change refused" "$(sqlite3 f1.db "select state from sync_record where entity='membership' and server_id is null")" refused
has_msg=$(sqlite3 f1.db "select message from sync_record where entity='membership' and server_id is null")
case "$has_msg" in *"periode sudah disahkan"*) ok ;; *) bad "lock reason: $has_msg" ;; esac
is "no category on the server" "$(srv "select count(*) from membership where category=23")" 0

# --- one package, a refused change in the middle: its neighbours are applied all the same
cat > three.csv <<'CSV'
nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks,disabilitas,latitude,longitude
6474010303900001,6474010101200011,Awal Pertama,Bontang,1990-03-03,L,Kepala Keluarga,Ibu Awal,Jl. Satu 1,003,001,64.74.01.1001,23@2026-01-05,,,
6474010312900007,6474010101200012,Tengah Kedua,Bontang,1990-03-12,L,Kepala Keluarga,Ibu Tengah,Jl. Dua 2,003,001,64.74.01.1001,23@2025-04-01,,,
6474010404900002,6474010101200013,Akhir Ketiga,Bontang,1990-04-04,L,Kepala Keluarga,Ibu Akhir,Jl. Tiga 3,003,001,64.74.01.1001,23@2026-01-06,,,
CSV
$PILAR import three.csv --db f1.db >/dev/null || die "field import"
PK=$(srv "select count(*) from sync_package")
APPLIED=$(srv "select count(*) from sync_applied where outcome='applied'")
REFUSED=$(srv "select count(*) from sync_applied where outcome='refused'")
expect 0 "sync a package with a refused change" sync --db f1.db
# families first, then their three categories in one package (a category waits for its person)
is "two packages" "$(srv "select count(*) from sync_package")" $((PK + 2))
is "three families on the server" "$(srv "select count(*) from person where nik in ('6474010303900001','6474010312900007','6474010404900002')")" 3
is "neighbours' categories applied" "$(srv "select group_concat(m.valid_from) from membership m join person p on p.id=m.person_id where m.category=23 and p.name in ('Awal Pertama','Akhir Ketiga') order by 1")" "2026-01-05,2026-01-06"
is "the refused one wrote nothing" "$(srv "select count(*) from membership m join person p on p.id=m.person_id where p.name='Tengah Kedua'")" 0
is "neighbours synced" "$(sqlite3 f1.db "select group_concat(r.state) from sync_record r join membership m on m.id=r.local_id and r.entity='membership' join person p on p.id=m.person_id where p.name in ('Awal Pertama','Akhir Ketiga')")" "synced,synced"
MID=$(sqlite3 f1.db "select r.state || '|' || r.message from sync_record r join membership m on m.id=r.local_id and r.entity='membership' join person p on p.id=m.person_id where p.name='Tengah Kedua'")
case "$MID" in "refused|"*"periode sudah disahkan"*) ok ;; *) bad "middle change: $MID" ;; esac
is "answers remembered one by one: applied" "$(srv "select count(*) from sync_applied where outcome='applied'")" $((APPLIED + 8))
is "answers remembered one by one: refused" "$(srv "select count(*) from sync_applied where outcome='refused'")" $((REFUSED + 1))

# --- N changes made offline (new families), pushed with a kill -9 in the middle, then pulled
python3 - "$N" > many.csv <<'PY'
import sys
n = int(sys.argv[1])
print("nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks,disabilitas,latitude,longitude")
syl = ["ba", "di", "ku", "ma", "ro", "se", "ti", "wa", "ye", "zu", "la", "ne", "po", "gi", "hu",
       "ja", "ke", "lo", "mi", "nu"]
def word(k):
    return (syl[k % 20] + syl[k // 20 % 20] + syl[k // 400 % 20]).capitalize()
for i in range(n):
    d, m = i % 28 + 1, (i // 28) % 12 + 1
    nik = "647401%02d%02d%02d%04d" % (d, m, 80 + (i // 336) % 20, i % 9999 + 1)
    kk = "647401%02d%02d%02d%04d" % (d, m, 10 + (i // 336) % 10, i // 3360 + 1)
    print("%s,%s,%s %s,Bontang,19%02d-%02d-%02d,L,Kepala Keluarga,%s,Jl. Baru,001,001,64.74.01.1001,,,," % (
        nik, kk, word(i), word(i * 7 + 3), 80 + (i // 336) % 20, m, d, word(i * 13 + 5)))
PY
$PILAR import many.csv --db f1.db >/dev/null || bad "offline import"
WAIT=$(sqlite3 f1.db "select count(*) from sync_record where state='to_push'")
is "offline records to push" "$WAIT" $((2 * N))
BEFORE=$(srv "select count(*) from person")
SYNCED_BEFORE=$(srv "select count(*) from audit where entity='person' and action='insert' and client like 'sync:%'")
# until_package P N: waits while process P runs until the server holds more than N packages.
until_package() {
    while [ "$(srv "select count(*) from sync_package")" -le "$2" ] && kill -0 "$1" 2>/dev/null; do
        sleep 0.02
    done
}
PK=$(srv "select count(*) from sync_package")
$PILAR sync --db f1.db >/dev/null 2>&1 &
P1=$!
until_package $P1 "$PK" # the field killed once the server has answered a first package
kill -9 $P1 2>/dev/null
wait $P1 2>/dev/null
PK=$(srv "select count(*) from sync_package")
[ "$(srv "select count(*) from person")" -lt $((BEFORE + N)) ] && ok || bad "the kill came after the push"
# the server killed while it applies the next package (one transaction: all of it or none)
$PILAR sync --db f1.db >/dev/null 2>&1 &
P1=$!
until_package $P1 "$PK"
sleep 0.05
kill -9 "$SERVER_PID" 2>/dev/null
wait "$SERVER_PID" 2>/dev/null
wait $P1 2>/dev/null
serve_on "$PORT" || die "server restart"
expect 0 "sync after kill -9 mid-push" sync --db f1.db
is "every offline person on the server once" "$(srv "select count(*) from person")" $((BEFORE + N))
is "no change applied twice" "$(srv "select count(*) from audit where entity='person' and action='insert' and client like 'sync:%'")" $((SYNCED_BEFORE + N))
is "f1 all synced (but the refused one)" "$(sqlite3 f1.db "select count(*) from sync_record where state in ('to_push','pushing','conflict')")" 0
# f2 pulls them with a kill -9 in the middle, then again.
$PILAR sync --db f2.db >/dev/null 2>&1 &
P2=$!
while [ "$(sqlite3 f2.db "select count(*) from person")" -le 2 ] && kill -0 $P2 2>/dev/null; do
    sleep 0.02
done
kill -9 $P2 2>/dev/null
wait $P2 2>/dev/null
expect 0 "sync after kill -9 mid-pull" sync --db f2.db
IN_SCOPE=$(srv "select count(*) from person where village_code like '64.74.01.%'")
is "f2 has every person" "$(sqlite3 f2.db 'select count(*) from person')" "$IN_SCOPE"
is "f2 unique server ids" "$(sqlite3 f2.db "select count(distinct server_id) from sync_record where entity='person'")" "$IN_SCOPE"

# --- a bulk import at the office reaches the instances: its inserts write no audit rows of
# their own, its one audit row names the ids it made.
cat > office.csv <<'CSV'
nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks,disabilitas,latitude,longitude
6474011707950003,6474010101200031,Kantor Impor,Bontang,1995-07-17,L,Kepala Keluarga,Ibu Kantor,Jl. Kantor 3,004,001,64.74.01.1001,24@2026-02-01,,,
6472011707950004,6472010101200032,Luar Cakupan,Samarinda,1995-07-17,L,Kepala Keluarga,Ibu Luar,Jl. Luar 4,004,001,64.72.01.1001,,,,
CSV
$PILAR import office.csv >/dev/null || die "office import"
expect 0 "f2 sync after an office import" sync --db f2.db
is "the office's imported person reached f2" "$(sqlite3 f2.db "select count(*) from person where nik='6474011707950003'")" 1
is "with the household and the category" "$(sqlite3 f2.db "select count(*) from person p join household h on h.id=p.household_id join membership m on m.household_id=h.id where p.nik='6474011707950003' and h.kk='6474010101200031' and m.category=24")" 1
is "the one outside the scope did not" "$(sqlite3 f2.db "select count(*) from person where nik='6472011707950004'")" 0
is "f2 synced" "$(sqlite3 f2.db "select count(*) from sync_record where state<>'synced' and entity in ('person','household','membership')")" 0

# --- packages: export in the field, import at the office, answer back
$PILAR person update 6474014506850001 --birth-place Tenggarong --db f1.db >/dev/null
expect 0 "export" sync export --out paket.pilar --db f1.db
cp paket.pilar keep.pilar
expect 0 "office import" sync import paket.pilar --answer jawaban.pilar
is "package applied" "$(srv "select birth_place from person where nik='6474014506850001'")" Tenggarong
expect 1 "replayed package refused" sync import paket.pilar --answer j2.pilar
$PILAR sync import paket.pilar --answer j2.pilar 2> replay.err
has "replay reason" replay.err "sudah pernah diterima"
expect 0 "answer imported in the field" sync import jawaban.pilar --db f1.db
is "f1 in step after the answer" "$(sqlite3 f1.db "select count(*) from sync_record where state in ('to_push','pushing','conflict')")" 0
expect 1 "answer replayed refused" sync import jawaban.pilar --db f1.db
# a new package, edited by one byte, then truncated: refused, nothing changed
$PILAR person update 6474014506850001 --birth-place Balikpapan --db f1.db >/dev/null
expect 0 "export 2" sync export --out p2.pilar --db f1.db
python3 -c "import sys; b=bytearray(open('p2.pilar','rb').read()); b[60]^=1; open('p2x.pilar','wb').write(b)"
$PILAR sync import p2x.pilar --answer jx.pilar 2> tamper.err
is "edited package refused" $? 1
has "tamper reason" tamper.err "tanda tangan paket tidak sah"
head -c 100 p2.pilar > p2t.pilar
$PILAR sync import p2t.pilar --answer jt.pilar 2> trunc.err
is "truncated package refused" $? 1
has "truncation reason" trunc.err "terpotong"
is "nothing changed by them" "$(srv "select birth_place from person where nik='6474014506850001'")" Tenggarong
# a revoked instance: its package and its pushes are refused
expect 0 "revoke f1" sync instances --revoke 1
$PILAR sync import p2.pilar --answer jr.pilar 2> revoked.err
is "revoked instance's package refused" $? 1
has "revocation reason" revoked.err "dicabut"
expect 1 "revoked instance's push refused" sync --db f1.db
is "still unchanged" "$(srv "select birth_place from person where nik='6474014506850001'")" Tenggarong
# One NIK for two people: made in the field while the office registered someone else with it.
# The push is refused with its reason; the pull stops with what to do, not a constraint's
# words; once the operator corrects the local NIK, the sync goes through.
HDR='nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks,disabilitas,latitude,longitude'
printf '%s\n%s\n' "$HDR" '6474012808880005,6474010101200041,Dibuat Lapangan,Bontang,1988-08-28,L,Kepala Keluarga,Ibu Lapangan,Jl. Lima 5,005,001,64.74.01.1001,,,,' > nikf.csv
printf '%s\n%s\n' "$HDR" '6474012808880005,6474010101200042,Didaftar Kantor,Bontang,1988-08-28,L,Kepala Keluarga,Ibu Kantor,Jl. Enam 6,006,001,64.74.01.1001,,,,' > niko.csv
$PILAR import nikf.csv --db f2.db >/dev/null || die "field import of the NIK"
$PILAR import niko.csv >/dev/null || die "office import of the NIK"
run sync --db f2.db
check "the pull stops on the NIK held here" test "$rc" != 0
has "it says what to do" "$T/err" "NIK 6474012808880005, yang di instans ini dipegang data lain yang belum diterima server"
hasnt "not a constraint's words" "$T/err" "UNIQUE"
is "the field's person kept" "$(sqlite3 f2.db "select name from person where nik='6474012808880005'")" "Dibuat Lapangan"
$PILAR person update 6474012808880005 --nik 6474012808880006 --db f2.db >/dev/null || die "local NIK corrected"
expect 0 "sync after the correction" sync --db f2.db
is "both people in f2" "$(sqlite3 f2.db "select group_concat(name, '|') from (select name from person where nik in ('6474012808880005','6474012808880006') order by nik)")" "Didaftar Kantor|Dibuat Lapangan"
is "and on the server" "$(srv "select count(*) from person where nik in ('6474012808880005','6474012808880006')")" 2
is "server audit chain intact" "$($PILAR check >/dev/null 2>&1; echo $?)" 0
is "field audit chain intact" "$($PILAR check --db f2.db >/dev/null 2>&1; echo $?)" 0
summary
