#!/usr/bin/env python3
"""Writes data/common-passwords.txt: passwords people pick first, lowercased.

Written without network access from the well-known leaked-password top lists
(RockYou, SecLists top-10k style: 123456, password, qwerty, ...), Indonesian
favourites (sayang, bismillah, rahasia, indonesia, ...), office words a
social-welfare office would try (dinsos, kemensos, admin, ...), keyboard
walks, years and dates, and name/word + digits patterns. Pilar lowercases a
password and strips leading and trailing digits and punctuation before it
compares, so "Sayang2024!" matches "sayang"; this list keeps both the bare
words and common literal forms (for passwords that are all digits).
Run: python3 scripts/gen-common-passwords.py > data/common-passwords.txt
"""
import itertools

top = """123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon
123123 baseball abc123 football monkey letmein 696969 shadow master 666666 qwertyuiop
123321 mustang 1234567890 michael 654321 superman 1qaz2wsx 7777777 121212 000000 qazwsx
123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter buster soccer harley batman
andrew tigger sunshine iloveyou 2000 charlie robert thomas hockey ranger daniel starwars
klaster 112233 george computer michelle jessica pepper 1111 zxcvbn 555555 11111111 131313
freedom 777777 pass maggie 159753 aaaaaa ginger princess joshua cheese amanda summer love
ashley nicole chelsea biteme matthew access yankees 987654321 dallas austin thunder taylor
matrix mobilemail mom monitor monitoring montana moon moscow welcome welcome1 admin
administrator root toor guest test test123 testing demo user default changeme secret
passw0rd p@ssw0rd p@ssword pa55word passwort motdepasse contrasena senha parola salasana
lovely loveme iloveu fuckyou fuckme babygirl angel angels anthony hello hello123 hallo
whatever qwerty123 qwe123 1q2w3e 1q2w3e4r 1q2w3e4r5t q1w2e3r4 zaq12wsx zaq1zaq1 !qaz2wsx
asdf asdf1234 asdfghjkl qazwsxedc 1qazxsw2 azerty qwertz password1 password123 passw0rd1
abcdef abcd1234 abcdefg abcdefgh a1b2c3 a1b2c3d4 aa123456 iloveyou1 princess1 football1
monkey1 dragon1 sunshine1 shadow1 master1 superman1 michael1 computer1 internet service
server oracle mysql postgres sqlserver cisco ubuntu debian linux windows microsoft google
samsung apple iphone android facebook instagram twitter youtube gmail yahoo hotmail
starwars1 pokemon naruto doraemon spiderman ironman batman1 chelsea1 arsenal liverpool
manchester barcelona realmadrid juventus milan persib persija arema persebaya ronaldo messi
cristiano neymar beckham valentino rossi jakarta bandung surabaya semarang medan makassar
yogyakarta jogja bali denpasar bogor depok bekasi tangerang malang solo palembang
samarinda balikpapan bontang pontianak banjarmasin manado ambon jayapura kupang mataram
padang pekanbaru jambi lampung bengkulu aceh batam kalimantan kaltim sumatera sulawesi
papua jawa borneo nusantara garuda merdeka pancasila bhinneka proklamasi""".split()

indo = """sayang sayangku sayangkamu cinta cintaku aku kamu akucintakamu akusayangkamu
bismillah alhamdulillah insyaallah masyaallah subhanallah allahuakbar allah muhammad
indonesia indonesiaraya rahasia rahasiaku rahasia123 katasandi kata sandi sandi kunci
masuk login admin123 admin1234 administrator1 dinsos dinassosial dinas sosial kemensos
kemensosri sosial bansos pkh bpnt dtks siks siksng kesejahteraan sejahtera rakyat
pemerintah pemda pemkab pemkot kabupaten kota provinsi kecamatan kelurahan desa kantor
kepala kadis sekretaris operator pegawai pns asn honorer staf staff bupati walikota
gubernur camat lurah rt rw warga miskin bantuan bantuansosial penerima keluarga
anakku mamaku papaku ibuku ayahku mama papa ibu ayah bapak emak abah umi abi adik kakak
mas mbak bang abang adek dede cantik ganteng manis imut lucu keren mantap mantul
semangat sukses berhasil bahagia senang sehat selamat pagi siang malam terserah
apaaja gakada tidakada rahasiadong ayam kucing anjing kelinci ikan burung kambing sapi
merahputih merah putih hitam biru hijau kuning ungu pink bunga mawar melati anggrek
bintang bulan matahari langit laut gunung pantai hujan pelangi angin api air tanah
doa puasa ramadhan lebaran idulfitri sholat surga pahala barokah berkah amin aamiin
jancok anjay bangsat kampret asu goblok bego bodoh gila sinting
""".split()

names = """agus budi andi dewi sri siti nur nurul putri putra rizky rizki dian eka dwi tri
indah ayu ani ina rina rini wati yanti yuni fitri fitria lestari sari wulan bayu adi
ahmad muhammad rahmat hidayat hendra joko bambang slamet yanto yudi yusuf ilham fajar
arif agung andika aditya dimas reza rudi rina rini dodi doni dedi heri hadi hari wahyu
eko anton irwan irfan iwan wawan kurniawan setiawan susanto santoso purnama pratama
saputra wijaya kusuma hartono gunawan handayani rahayu susilo sutrisno suharto
ratna ratih mega maya melati nina novi nia lia lina tina tini tuti yati yani ningsih
nanda dinda dila dina desi devi vina vivi sinta santi susi sari ika ida ira intan
mike john david james robert mary linda jessica sarah lisa anna maria peter paul mark
admin user guest pilar""".split()

walks = """qwerty qwertyui qwertyuiop asdfgh asdfghjk asdfghjkl zxcvbn zxcvbnm qazwsx
qazwsxedc 1qaz2wsx 1qaz2wsx3edc zaq12wsx qweasd qweasdzxc asdzxc 147258369 147258
159357 159753 258456 741852963 753951 852456 963852741 1234qwer qwer1234 qwerasdf
1q2w3e4r5t6y 1qazxsw2 poiuytrewq lkjhgfdsa mnbvcxz 0987654321 9876543210 987654321
87654321 7654321 098765 12344321 1234554321 123454321 11223344 112233445566 123abc
abc12345 aabbcc abcabc""".split()

out = set()
def add(w):
    w = w.strip().lower()
    if w and all(ch not in w for ch in '"\\ '):
        out.add(w)

for w in top + indo + walks:
    add(w)
for n in names:
    add(n)
# digit runs and repeated characters
for d in "0123456789":
    for k in range(4, 13):
        add(d * k)
for k in range(4, 13):
    add("".join(str(i % 10) for i in range(1, k + 1)))
    add("".join(str(i % 10) for i in range(0, k)))
    add("".join(str(9 - i % 10) for i in range(0, k)))
for c in "abcdefghijklmnopqrstuvwxyz":
    for k in (4, 5, 6, 8, 10):
        add(c * k)
# years and dates people use as a whole password
for y in range(1950, 2031):
    add(str(y))
    add(str(y) * 2)
for d, m in itertools.product(range(1, 32), range(1, 13)):
    for y in (1970, 1975, 1980, 1985, 1988, 1990, 1995, 2000):
        add("%02d%02d%d" % (d, m, y))
# word + common suffixes (kept literally for lists that look for them)
suffixes = ["1", "12", "123", "1234", "12345", "123456", "01", "007", "69", "88", "99",
            "2020", "2021", "2022", "2023", "2024", "2025", "2026", "!", "@", "#", "@123",
            "_123", ".123"]
base = top[:120] + indo[:200] + names
for w, s in itertools.product(base, suffixes):
    add(w + s)
for w in ["pilar", "admin", "dinsos", "sayang", "bismillah", "indonesia", "rahasia",
          "password", "qwerty", "kemensos", "operator"]:
    for p in ["", "@", "!", "#", "_", "."]:
        for s in ["", "1", "12", "123", "1234", "12345", "2024", "2025", "2026"]:
            add(w + p + s)
            add(w.capitalize() + p + s)

print("# Common passwords Pilar refuses (lowercase; see scripts/gen-common-passwords.py).")
for w in sorted(out):
    print(w)
