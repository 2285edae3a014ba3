/*
 * main.c - `pilar <command> [options]`: global options and the one
 * dispatch table. Commands live in src/cli/, one file per group.
 */
#include "cli/cli.h"
#include "store/backend.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const pl_cli_command commands[] = {
    {"init", NULL, pl_cmd_init, "membuat atau memperbarui basis data",
     "pilar init [--db BERKAS]\n"
     "  Membuat basis data baru atau memperbarui skema yang lama di tempat.\n"},
    {"status", NULL, pl_cmd_status, "ringkasan isi basis data",
     "pilar status [--region KODE] [--json]\n"
     "  Jumlah wilayah, keluarga, orang, kategori PMKS, PSKS dan status verifikasi.\n"},
    {"check", NULL, pl_cmd_check, "memeriksa keutuhan basis data dan audit",
     "pilar check [--anchor HASH] [--rebuild-counts] [--json]\n"
     "  Menjalankan PRAGMA integrity_check dan foreign_key_check pada basis data dan berkas\n"
     "  audit bacanya (BASISDATA-reads), membandingkan hitungan perubahan per desa, kategori\n"
     "  dan hari (sumber hitungan laporan rakor) dengan data keanggotaan, lalu memeriksa\n"
     "  audit: semua pemicu audit ada dan sama dengan buatan Pilar, rantai hash audit\n"
     "  perubahan dan audit baca tersambung dari awal sampai ujung, dan data orang/keluarga\n"
     "  sama dengan catatan audit terakhirnya.\n"
     "  Status keluar 2 bila ada yang rusak; pesannya menyebut masalahnya.\n"
     "  --anchor HASH  jangkar yang dicatat dari 'pilar audit anchor': harus ada di rantai\n"
     "                (audit sampai titik itu tidak diganti atau dipotong)\n"
     "  --rebuild-counts  tulis ulang hitungan perubahan yang berbeda dari data keanggotaan\n"},
    {"region", "import", pl_cmd_region_import, "memuat pohon wilayah Kemendagri (idn-area-data)",
     "pilar region import [--from DIREKTORI]\n"
     "  Memuat provinsi, kabupaten/kota, kecamatan dan desa dari paket npm idn-area-data.\n"
     "  --from  direktori berisi provinces.csv, regencies.csv, districts.csv, villages.csv\n"
     "          (bawaan: node_modules/idn-area-data/data, atau PILAR_AREA_DATA)\n"},
    {"region", "show", pl_cmd_region_show, "menampilkan satu wilayah dan anak-anaknya",
     "pilar region show KODE [--json]\n"
     "  KODE bertitik (64.74.01) atau tanpa titik (647401). Kode lama (mis. 64.04) ditunjukkan\n"
     "  ke kode sekarang.\n"},
    {"region", "search", pl_cmd_region_search, "mencari wilayah menurut nama atau kode",
     "pilar region search TEKS [--limit N] [--json]\n"},
    {"household", "add", pl_cmd_household_add, "mendaftarkan keluarga (No. KK)",
     "pilar household add --kk NO_KK --village KODE_DESA [--address ALAMAT] [--rt RT] [--rw RW]\n"
     "                    [--lat LAT --lon LON] [--json]\n"},
    {"household", "show", pl_cmd_household_show, "menampilkan keluarga dan anggotanya",
     "pilar household show NO_KK|ID [--json]\n"},
    {"household", "socio", pl_cmd_household_socio,
     "menampilkan atau mengisi kondisi sosial ekonomi keluarga (variabel PMT)",
     "pilar household socio NO_KK|ID [VARIABEL=NILAI ...] [--source entri|lapangan] [--json]\n"
     "  Variabel: status_bangunan, luas_lantai, lantai, dinding, atap, sumber_air,\n"
     "  fasilitas_bab, penerangan, bahan_bakar, pendidikan_kepala, anggota_bekerja, lemari_es,\n"
     "  ac, pemanas_air, televisi, komputer, emas, sepeda_motor, mobil, perahu_motor, lahan,\n"
     "  rumah_lain, ternak_besar (pilihan: docs/internals/pmt.md). NILAI kosong menghapus.\n"},
    {"meeting", "add", pl_cmd_meeting_add, "mencatat musyawarah desa/kelurahan (musdes/muskel)",
     "pilar meeting add --village KODE_DESA --date TGL [--kind musdes|muskel] [--participants N]\n"
     "                  [--names DAFTAR] [--minutes BERKAS] [--sptjm BERKAS --sptjm-number NO]\n"
     "  Berita acara (PDF atau foto) disimpan dengan hash SHA-256 dan BLAKE2b; atau surat "
     "SPTJM.\n"},
    {"meeting", "attach", pl_cmd_meeting_attach, "mengunggah berita acara atau SPTJM musyawarah",
     "pilar meeting attach ID (--minutes BERKAS | --sptjm BERKAS [--sptjm-number NO]) [--json]\n"},
    {"meeting", "list", pl_cmd_meeting_list, "daftar musyawarah desa/kelurahan",
     "pilar meeting list [--region KODE] [--json]\n"},
    {"proposal", "add", pl_cmd_proposal_add, "mencatat usulan musyawarah (tambah, hapus, ubah)",
     "pilar proposal add --meeting ID --kind tambah_keluarga|tambah_orang|hapus|ubah\n"
     "                   [--person ID] [--household ID] [--removal "
     "pindah|meninggal|tidak_layak|ganda]\n"
     "                   [--nik NIK] [--kk NO_KK] [--name NAMA] [--birth-date TGL] [--sex L|P]\n"
     "                   [--birth-place T] [--relationship H] [--mother NAMA_IBU] [--address A]\n"
     "                   [--rt RT] [--rw RW] [--no-nik-reason ALASAN] [--death-date TGL]\n"
     "                   [--evidence BERKAS] [--note CATATAN] [--entered-on TGL] [--json]\n"
     "  Usulan masuk ke siklus bulan tanggal masuknya, atau bulan berikutnya setelah tanggal\n"
     "  batas (pilar cycle settings). Kelengkapan diperiksa; yang kurang dicetak. Data terdaftar\n"
     "  baru berubah setelah siklus disahkan (pilar cycle ratify).\n"},
    {"proposal", "update", pl_cmd_proposal_update, "melengkapi atau mengubah usulan",
     "pilar proposal update ID [opsi data seperti proposal add] [--evidence BERKAS] [--json]\n"},
    {"proposal", "reject", pl_cmd_proposal_reject, "menolak usulan dengan alasan",
     "pilar proposal reject ID --reason ALASAN [--json]\n"},
    {"proposal", "show", pl_cmd_proposal_show, "satu usulan dengan kelengkapannya",
     "pilar proposal show ID [--json]\n"},
    {"proposal", "list", pl_cmd_proposal_list, "daftar usulan",
     "pilar proposal list [--cycle ID] [--meeting ID] [--status S] [--region KODE] [--json]\n"
     "  Status: masuk, cek_lapangan, diperiksa, ditolak, disahkan.\n"},
    {"proposal", "check", pl_cmd_proposal_check, "menugaskan cek lapangan usulan kepada PSKS",
     "pilar proposal check ID [--unit ID_PSKS] [--due TGL] [--json]\n"
     "  Tanpa --unit: TKSK/PSM terdekat (keluarga terdaftar). Hasil: pilar cycle check-result.\n"},
    {"cycle", "settings", pl_cmd_cycle_settings, "tanggal batas usulan dan batas waktu sanggahan",
     "pilar cycle settings [--region KODE_PROV|KODE_KAB] [--month TTTT-BB] [--cutoff-day N]\n"
     "                     [--objection-days N] [--json]\n"
     "  Tanpa nilai: daftar pengaturan. Kab/kota menimpa provinsi, provinsi menimpa nasional.\n"},
    {"cycle", "list", pl_cmd_cycle_list, "daftar siklus pemutakhiran DTSEN per kab/kota dan bulan",
     "pilar cycle list [--year TAHUN] [--json]\n"},
    {"cycle", "show", pl_cmd_cycle_show, "satu siklus dengan usulannya",
     "pilar cycle show ID [--json]\n"},
    {"cycle", "ratify", pl_cmd_cycle_ratify, "mengesahkan siklus dengan SK bupati/wali kota",
     "pilar cycle ratify ID --sk-number NO --sk-date TGL [--sk-file BERKAS] [--json]\n"
     "  Semua usulan yang sudah diperiksa diterapkan dalam satu transaksi, yang masih menunggu\n"
     "  dibawa ke siklus berikutnya, siklus dikunci, lalu desil provinsi dihitung ulang.\n"},
    {"cycle", "checks", pl_cmd_cycle_checks, "daftar cek lapangan usulan dan sanggahan",
     "pilar cycle checks [--unit ID_PSKS] [--status ditugaskan|selesai] [--region KODE] "
     "[--json]\n"},
    {"cycle", "check-result", pl_cmd_cycle_check_result, "mencatat hasil cek lapangan",
     "pilar cycle check-result ID --recommendation setuju|tolak --findings TEMUAN [--date TGL]\n"
     "                         [--lat LAT --lon LON] [--photo BERKAS] [--json]\n"},
    {"cycle", "report", pl_cmd_cycle_report, "laporan siklus: usulan dan sanggahan per kab/kota",
     "pilar cycle report [--region KODE] [--year TAHUN] [--viewer] [--json]\n"},
    {"objection", "add", pl_cmd_objection_add, "mencatat sanggahan (salah masuk / tidak masuk)",
     "pilar objection add (--household ID | --village KODE_DESA --subject-name NAMA)\n"
     "                    --kind salah_masuk|tidak_masuk --filer-kind warga|psks|operator\n"
     "                    --filer-name NAMA --statement ISI [--filer-contact K] [--filer-address "
     "A]\n"
     "                    [--subject-address A] [--filed-on TGL] [--json]\n"},
    {"objection", "list", pl_cmd_objection_list, "daftar sanggahan (--overdue: lewat batas waktu)",
     "pilar objection list [--overdue] [--status S] [--region KODE] [--json]\n"},
    {"objection", "show", pl_cmd_objection_show, "menampilkan satu sanggahan",
     "pilar objection show ID [--json]\n"},
    {"objection", "check", pl_cmd_objection_check, "menugaskan cek lapangan sanggahan kepada PSKS",
     "pilar objection check ID [--unit ID_PSKS] [--due TGL] [--json]\n"},
    {"objection", "decide", pl_cmd_objection_decide, "memutus sanggahan",
     "pilar objection decide ID --decision dikabulkan|ditolak --reason ALASAN [--json]\n"},
    {"objection", "answer", pl_cmd_objection_answer, "menjawab sanggahan dengan surat",
     "pilar objection answer ID --number NO_SURAT [--letter BERKAS.pdf] [--json]\n"},
    {"objection", "letter", pl_cmd_objection_letter, "mencetak surat jawaban sanggahan (PDF A4)",
     "pilar objection letter ID --out BERKAS.pdf\n"},
    {"pmt", "model-import", pl_cmd_pmt_model_import,
     "mengimpor model PMT (bobot per wilayah) sebagai versi baru",
     "pilar pmt model-import BERKAS.csv|xlsx [--json]\n"
     "  Kolom: wilayah (provinsi/kabupaten-kota), variabel (atau konstanta), kategori, bobot.\n"
     "  Satu baris salah: tidak ada yang disimpan (baris, kolom dan alasannya dicetak).\n"},
    {"pmt", "models", pl_cmd_pmt_models, "daftar model PMT (versi terkini, atau --all)",
     "pilar pmt models [--all] [--json]\n"},
    {"pmt", "socio-import", pl_cmd_pmt_socio_import,
     "mengimpor kondisi sosial ekonomi keluarga dari CSV/XLSX",
     "pilar pmt socio-import BERKAS.csv|xlsx [--json]\n"
     "  Kolom: no_kk dan satu kolom per variabel (kode variabel sebagai judul).\n"},
    {"pmt", "score", pl_cmd_pmt_score,
     "menghitung skor PMT dan desil per provinsi (riwayat disimpan, desil keluarga diperbarui)",
     "pilar pmt score [--region KODE_PROVINSI] [--reason TEKS] [--json]\n"},
    {"pmt", "runs", pl_cmd_pmt_runs, "daftar run pemeringkatan desil (riwayat)",
     "pilar pmt runs [--limit N] [--json]\n"},
    {"pmt", "show", pl_cmd_pmt_show, "skor, desil dan penjelasan satu keluarga",
     "pilar pmt show NO_KK|ID [--json]\n"},
    {"pmt", "deciles", pl_cmd_pmt_deciles, "jumlah keluarga per desil per wilayah",
     "pilar pmt deciles [--region KODE] [--level 1-4] [--format text|csv] [--viewer] [--json]\n"
     "  --viewer: sel kecil disembunyikan seperti untuk peran tanpa akses data pribadi.\n"},
    {"person", "add", pl_cmd_person_add, "mendaftarkan orang ke dalam keluarga",
     "pilar person add --nik NIK --name NAMA --birth-date TGL --sex L|P --kk NO_KK\n"
     "                 [--birth-place TEMPAT] [--relationship HUBUNGAN] [--mother NAMA_IBU]\n"
     "                 [--disability JENIS] [--pmks KODE[@TGL];...] [--lat LAT --lon LON] "
     "[--json]\n"
     "pilar person add --no-nik-reason ALASAN --name NAMA --birth-date TGL --sex L|P\n"
     "                 (--kk NO_KK | --village KODE_DESA) [...]\n"
     "  Keluarga (--kk) harus sudah terdaftar. Tanggal: YYYY-MM-DD, DD-MM-YYYY atau DD/MM/YYYY.\n"
     "  Orang yang belum punya NIK didaftarkan tanpa --nik, dengan alasan: belum_rekam_ktp_el,\n"
     "  anak_belum_ber_nik, kat, tunawisma, tidak_diketahui, lainnya; ia memakai id Pilar\n"
     "  P-000123 (tetap, juga setelah NIK dicatat). Tanpa No. KK: beri --village.\n"},
    {"person", "show", pl_cmd_person_show, "menampilkan orang, kategorinya dan riwayatnya",
     "pilar person show NIK|ID [--json]\n"
     "  Id orang yang sudah digabung ke orang lain menjawab \"Data ini telah digabung ke #ID\"\n"
     "  lalu menampilkan orang yang dipertahankan (--json: {id, merged_into, merge_id}).\n"},
    {"person", "update", pl_cmd_person_update, "mengubah data orang (tercatat di riwayat)",
     "pilar person update NIK|ID [--name NAMA] [--birth-date TGL] [--birth-place TEMPAT]\n"
     "                    [--sex L|P] [--relationship H] [--mother NAMA] [--disability JENIS]\n"
     "                    [--death-date TGL | --clear-death-date] [--kk NO_KK] [--nik NIK_BARU]\n"
     "                    [--no-nik-reason ALASAN]\n"
     "                    [--lat LINTANG] [--lon BUJUR] [--clear-coords]\n"
     "                    [--pmks-add KODE[@TGL]]... [--pmks-end KODE[@TGL]]... [--version N]\n"
     "                    [--json]\n"
     "  --clear-death-date  hapus tanggal meninggal\n"
     "  --lat, --lon        titik orang sendiri (satu saja: yang lain tetap)\n"
     "  --clear-coords      hapus titik orang sendiri\n"
     "  --pmks-add/-end     mulai/akhiri kategori PMKS (boleh berulang, paling banyak 8)\n"
     "  --version           tolak bila data sudah diubah orang lain sejak versi N\n"
     "  --nik               mencatat NIK (juga bagi orang tanpa NIK: id dan riwayat tetap;\n"
     "                      NIK milik orang lain ditolak dengan id orang itu)\n"},
    {"person", "without-nik", pl_cmd_person_without_nik,
     "daftar orang tanpa NIK untuk dirujuk ke Dukcapil",
     "pilar person without-nik [--region KODE] [--reason ALASAN] [--format csv|text] [--counts]\n"
     "                         [--limit N] [--after ID] [--json]\n"
     "  --counts  jumlah per alasan (dan jumlah seluruhnya) saja\n"},
    {"person", "search", pl_cmd_person_search, "mencari orang",
     "pilar person search [TEKS] [--nik NIK] [--kk NO_KK] [--name TEKS] [--region KODE]\n"
     "                    [--state draft|verified|rejected] [--category KODE] [--limit N]\n"
     "                    [--after ID] [--json]\n"
     "  TEKS mencari nama (ejaan dinormalkan: Moh./Muhammad, Noor/Nur, gelar diabaikan).\n"},
    {"category", "list", pl_cmd_category_list, "daftar kategori PMKS dan PSKS",
     "pilar category list [--psks] [--json]\n"},
    {"psks", "add", pl_cmd_psks_add, "mendaftarkan PSKS (TKSK, PSM, Tagana, LKS, ...)",
     "pilar psks add --type KODE --name NAMA --area KODE_WILAYAH [--nik NIK] [--address A]\n"
     "               [--phone TELP] [--email EMAIL] [--lat LAT --lon LON]\n"
     "               [--serves KODE,KODE,...] [--decree NO_SK] [--decree-date TGL]\n"
     "               [--reg-no NO] [--accreditation A|B|C|belum] [--accreditation-date TGL]\n"
     "               [--json]\n"
     "  --area: wilayah asal unit. --serves: kecamatan atau desa/kelurahan yang dilayani\n"
     "  (dipisah koma). Dasar hukum (SK, registrasi, akreditasi LKS) hanya untuk lembaga.\n"
     "  Tanggal HH/BB/TTTT atau TTTT-BB-HH.\n"},
    {"psks", "update", pl_cmd_psks_update, "mengubah unit PSKS (kontak, wilayah, masa layanan)",
     "pilar psks update ID [--type KODE] [--name NAMA] [--area KODE_WILAYAH] [--nik NIK]\n"
     "                 [--address A] [--phone TELP] [--email EMAIL] [--until TGL|-]\n"
     "                 [--lat LAT --lon LON | --no-coord] [--serves KODE,...|-]\n"
     "                 [--decree NO_SK] [--decree-date TGL|-] [--reg-no NO]\n"
     "                 [--accreditation A|B|C|belum|-] [--accreditation-date TGL|-]\n"
     "                 [--version N] [--json]\n"
     "  --until TGL mengakhiri masa layanan unit; '-' mengaktifkannya kembali. --version: versi\n"
     "  yang dibaca sebelumnya (bawaan: versi saat ini).\n"},
    {"psks", "list", pl_cmd_psks_list, "daftar PSKS di suatu wilayah",
     "pilar psks list [--region KODE] [--type KODE] [--json]\n"},
    {"psks", "coverage", pl_cmd_psks_coverage, "cakupan PSKS terhadap kebutuhan per kecamatan/desa",
     "pilar psks coverage --region KODE [--date TGL] [--years N] [--viewer]\n"
     "                    [--format csv|xlsx [--out BERKAS]] [--json]\n"
     "  Per kecamatan dan desa: penduduk PMKS per TKSK dan per PSM, desa tanpa PSKS, Tagana di\n"
     "  desa rawan bencana (ada kejadian bencana dalam N tahun terakhir, bawaan 5).\n"},
    /* PSKS at work (issue 20): assignments, visits, monthly activity, disasters. */
    {"psks", "suggest", pl_cmd_psks_suggest, "TKSK/PSM aktif terdekat untuk orang/keluarga",
     "pilar psks suggest (--person ID | --household ID) [--json]\n"
     "  Terdekat menurut koordinat bila keduanya berkoordinat; selain itu yang melayani desa,\n"
     "  lalu kecamatan orang itu (TKSK sebelum PSM).\n"},
    {"psks", "assign", pl_cmd_psks_assign, "menugaskan unit PSKS untuk orang/keluarga",
     "pilar psks assign (--person ID | --household ID) (--unit ID | --suggest)\n"
     "                  [--due TGL] [--reason TEKS] [--json]\n"
     "  --suggest menugaskan usulan pertama 'pilar psks suggest'.\n"},
    {"psks", "assignments", pl_cmd_psks_assignments, "daftar penugasan PSKS (dan yang terlambat)",
     "pilar psks assignments [--unit ID] [--person ID] [--region KODE] [--status S] [--overdue]\n"
     "                       [--json]\n"
     "  --overdue: aktif, batas waktu sudah lewat dan belum pernah dikunjungi.\n"},
    {"psks", "assignment", pl_cmd_psks_assignment,
     "satu penugasan dengan kunjungannya; mengubahnya",
     "pilar psks assignment ID [--status aktif|selesai|batal] [--due TGL|-] [--reason TEKS]\n"
     "                         [--json]\n"},
    {"psks", "visit", pl_cmd_psks_visit, "mencatat kunjungan/layanan unit PSKS",
     "pilar psks visit (--assignment ID | --unit ID [--person ID | --household ID])\n"
     "                 --action kunjungan_rumah|bantuan|rujukan|konseling|lainnya\n"
     "                 [--date TGL] [--disaster ID] [--lat LAT --lon LON] [--note TEKS]\n"
     "                 [--photo BERKAS] [--ends KATEGORI]... [--json]\n"
     "  --photo: JPEG/PNG/WebP (maks. 8 MB), disimpan dengan SHA-256. --ends KATEGORI mengakhiri\n"
     "  kategori PMKS orang itu pada tanggal kunjungan dan mencatat kunjungan ini sebagai "
     "sebabnya.\n"},
    {"psks", "visits", pl_cmd_psks_visits, "daftar kunjungan unit PSKS",
     "pilar psks visits [--unit ID] [--assignment ID] [--disaster ID] [--person ID]\n"
     "                  [--region KODE] [--from TGL] [--to TGL] [--json]\n"},
    {"psks", "activity", pl_cmd_psks_activity, "laporan kegiatan bulanan PSKS (unit atau wilayah)",
     "pilar psks activity (--unit ID | --region KODE) --month TTTT-BB\n"
     "                    [--pdf BERKAS | --xlsx BERKAS] [--json]\n"
     "  --unit: laporan bulanan satu unit (PDF yang diserahkan TKSK); --region: rekap per unit\n"
     "  di wilayah itu (PDF atau XLSX).\n"},
    {"psks", "nearby", pl_cmd_psks_nearby, "Tagana dan PSKS terdekat dari area bencana",
     "pilar psks nearby --disaster ID [--km N] [--json]\n"
     "  Unit aktif berkoordinat di dalam area atau dalam N km (bawaan 10), Tagana lebih dulu;\n"
     "  ditambah unit yang sudah dikerahkan.\n"},
    {"psks", "deploy", pl_cmd_psks_deploy, "mencatat pengerahan unit PSKS ke suatu bencana",
     "pilar psks deploy --disaster ID --unit ID [--date TGL] [--note TEKS] [--json]\n"
     "  Kegiatannya dicatat dengan 'pilar psks visit --unit ID --disaster ID ...'.\n"},
    {"psks", "import", pl_cmd_psks_import, "mendaftarkan banyak PSKS dari CSV/XLSX",
     "pilar psks import BERKAS [--dry-run] [--json]\n"
     "  Kolom: jenis (kode atau nama PSKS), nama, kode_wilayah; pilihan: nik, wilayah_layanan\n"
     "  (kode dipisah koma), alamat, telepon, email, latitude, longitude, berakhir, no_sk,\n"
     "  tanggal_sk, no_registrasi, akreditasi, tanggal_akreditasi (kolom 'pilar psks export').\n"
     "  Baris yang ditolak dilaporkan dengan baris, kolom dan alasannya; yang lain disimpan\n"
     "  dalam satu transaksi. Berkas yang sama diimpor dua kali: unitnya terdaftar dua kali.\n"},
    {"psks", "export", pl_cmd_psks_export, "menulis unit PSKS ke XLSX/CSV",
     "pilar psks export --out BERKAS.xlsx|BERKAS.csv [--region KODE] [--json]\n"
     "  Satu baris per unit (wilayah asal atau wilayah layanan di dalam KODE), kolom yang\n"
     "  dibaca 'pilar psks import': berkas ini dapat diimpor kembali apa adanya.\n"},
    {"psks", "show", pl_cmd_psks_show, "rincian unit PSKS dan riwayatnya",
     "pilar psks show ID [--json]\n"
     "  Wilayah asal dan layanan, dasar hukum, pelatihan, sertifikasi, masa aktif, honor.\n"},
    {"psks", "training", pl_cmd_psks_training, "mencatat pelatihan unit PSKS",
     "pilar psks training add ID_UNIT --title JUDUL --from TGL [--to TGL] [--organiser P]\n"
     "                        [--number NO_SERTIFIKAT] [--note C]\n"
     "pilar psks training update ID_CATATAN [opsi yang sama] [--version N]\n"
     "pilar psks training list ID_UNIT [--json]\n"
     "  'pilar psks cert', 'period' dan 'pay' memakai bentuk yang sama.\n"},
    {"psks", "cert", pl_cmd_psks_cert, "mencatat sertifikasi unit PSKS",
     "pilar psks cert add ID_UNIT --title JUDUL --from TGL [--to BERLAKU_SAMPAI]\n"
     "                    [--organiser LEMBAGA] [--number NO_SERTIFIKAT] [--note C]\n"
     "pilar psks cert update ID_CATATAN [opsi yang sama] [--version N]\n"
     "pilar psks cert list ID_UNIT [--json]\n"},
    {"psks", "period", pl_cmd_psks_period, "mencatat masa aktif unit PSKS",
     "pilar psks period add ID_UNIT --from TGL [--to TGL] [--title PERAN] [--number NO_SK]\n"
     "                      [--note C]\n"
     "pilar psks period update ID_CATATAN [--from TGL] [--to TGL|-] [--note C] [--version N]\n"
     "pilar psks period list ID_UNIT [--json]\n"},
    {"psks", "pay", pl_cmd_psks_pay, "mencatat honorarium atau insentif unit PSKS per periode",
     "pilar psks pay add ID_UNIT --from TGL --to TGL --amount RUPIAH\n"
     "                   --source APBD|APBN|CSR|lainnya [--title honorarium|insentif] [--note C]\n"
     "pilar psks pay update ID_CATATAN [opsi yang sama] [--version N]\n"
     "pilar psks pay list ID_UNIT [--json]\n"},
    {"psks", "meeting", pl_cmd_psks_meeting, "pertemuan koordinasi PSKS dan tindak lanjutnya",
     "pilar psks meeting add --date TGL --place TEMPAT --region KODE --theme TEMA\n"
     "pilar psks meeting update ID [--date TGL] [--place T] [--region KODE] [--theme T]\n"
     "                        [--version N]\n"
     "pilar psks meeting list [--region KODE] [--json]\n"
     "pilar psks meeting show ID [--json]\n"
     "pilar psks meeting party ID (--unit ID_UNIT | --name NAMA)\n"
     "pilar psks meeting problem ID --text MASALAH\n"
     "pilar psks meeting recommend ID --text REKOMENDASI --owner PENANGGUNG_JAWAB [--due TGL]\n"
     "pilar psks meeting followup ID_BUTIR [--status terbuka|selesai] [--note C]\n"
     "                        [--owner P] [--due TGL|-] [--version N]\n"
     "pilar psks meeting followups [--region KODE] [--overdue] [--today TGL] [--json]\n"
     "  Rekomendasi menjadi butir tindak lanjut; 'selesai' perlu catatan. --overdue: yang\n"
     "  tenggatnya sudah lewat (sebelum hari ini atau --today).\n"},
    {"nik", "check", pl_cmd_nik_check, "memeriksa NIK (atau No. KK dengan --kk)",
     "pilar nik check NIK... [--kk] [--json]\n"
     "  Menampilkan arti NIK (wilayah terbit, tanggal lahir, jenis kelamin) dan setiap masalah.\n"
     "  Tanpa basis data, kode provinsi dan kabupaten/kota diperiksa dengan daftar resmi yang\n"
     "  tertanam (idn-area-data). Tanggal yang belum lewat tidak pernah ditawarkan; --json:\n"
     "  birth_date (teks YYYY-MM-DD, yang terbaru) dan birth_date_candidates (semua "
     "kemungkinan).\n"},
    {"import", "template", pl_cmd_import_template, "menulis templat XLSX untuk impor",
     "pilar import template --out BERKAS.xlsx [--json]\n"
     "  Lembar 'Data': baris judul, kolom NIK dan No. KK berformat Teks, satu baris contoh.\n"
     "  Lembar 'Kode': kode PMKS, hubungan keluarga, jenis kelamin, disabilitas, alasan\n"
     "  tanpa NIK yang sah.\n"},
    {"import", NULL, pl_cmd_import, "mengimpor orang dari CSV, XLSX atau ODS",
     "pilar import BERKAS [--sheet LEMBAR] [--dry-run] [--all-or-nothing] [--rejects BERKAS]\n"
     "                    [--batch N] [--json]\n"
     "  Kolom dikenali dari baris judul (nik, no_kk, nama, tempat_lahir, tanggal_lahir,\n"
     "  jenis_kelamin, hubungan_keluarga, nama_ibu, alamat, rt, rw, kode_desa, pmks,\n"
     "  disabilitas, latitude, longitude; juga alias seperti 'No. NIK', 'NAMA LENGKAP').\n"
     "  Baris judul dicari di 20 baris pertama (judul laporan di atasnya dilewati), di lembar\n"
     "  pertama yang memilikinya (lembar sampul/petunjuk dilewati) kecuali --sheet diberikan.\n"
     "  NIK/No. KK dari sel angka Excel/LibreOffice ditolak (digit ke-16 tidak dapat\n"
     "  dipercaya); blok tempat-tanggal dan tanda tangan di bawah tabel tidak diimpor.\n"
     "  Baris sah disimpan per NIK (baru atau diubah, riwayat tersimpan); baris ditolak ditulis\n"
     "  ke BERKAS-ditolak.csv dengan kolom 'alasan' untuk diperbaiki dan diimpor ulang.\n"
     "  --dry-run         periksa saja, tidak menyimpan\n"
     "  --all-or-nothing  satu transaksi; satu baris ditolak = tidak ada yang disimpan\n"
     "  --batch N         baris per transaksi (bawaan 100000; keluarga tidak terpotong)\n"},
    {"export", NULL, pl_cmd_export, "mengekspor orang ke CSV atau XLSX (kolom baku)",
     "pilar export --region KODE --out BERKAS [--format csv|xlsx] [--state STATUS]\n"
     "             [--category KODE] [--alive] [--mask-nik] [--json]\n"
     "  Kolom sama dengan impor; berkas ekspor dapat diimpor lagi tanpa perubahan.\n"
     "  --mask-nik  seperti yang dilihat analis provinsi: NIK dan No. KK diganti pseudonim\n"
     "              (PS-/PK- dan 16 huruf, tetap per basis data), tanggal lahir jadi tahun\n"
     "              lahir; berkas ini tidak dapat diimpor lagi.\n"},
    {"verify", "queue", pl_cmd_verify_queue, "antrean data draf yang menunggu verifikasi",
     "pilar verify queue [--region KODE] [--limit N] [--after ID] [--json]\n"},
    {"verify", "accept", pl_cmd_verify_accept, "menandai data terverifikasi",
     "pilar verify accept NIK|ID... [--reason CATATAN]\n"
     "pilar verify accept --region KODE --all-drafts\n"
     "  Semua dalam satu transaksi: gagal satu, tidak ada yang berubah.\n"},
    {"verify", "reject", pl_cmd_verify_reject, "menolak data (wajib dengan alasan)",
     "pilar verify reject NIK|ID... --reason ALASAN\n"},
    {"report", "counts", pl_cmd_report_counts,
     "jumlah PMKS per wilayah dan kategori pada satu tanggal",
     "pilar report counts --region KODE [--date TGL] [--level 1-4] [--viewer] [--json]\n"
     "  Orang dan keluarga per kategori PMKS pada tanggal itu (bawaan: hari ini), menurut\n"
     "  riwayat keanggotaan, kematian dan pindah desa. --level memilih rincian (2 kab/kota,\n"
     "  3 kecamatan, 4 desa). --viewer: tampilan publik (seperti akun tanpa akses data\n"
     "  pribadi): angka 1-4 dan sel pelengkapnya disembunyikan (\"<5\", null di JSON).\n"},
    {"report", "compare", pl_cmd_report_compare,
     "membandingkan dua periode, kenaikan terbesar dahulu",
     "pilar report compare --region KODE --period P --compare P [--level 1-4] [--top N]\n"
     "                     [--viewer] [--json]\n"
     "  Periode: 2024, 2024-S1, 2024-Q3 atau 2024-03; dihitung pada hari terakhir periode.\n"},
    {"report", "rakor", pl_cmd_report_rakor, "laporan rakor (XLSX, PDF, CSV, JSON)",
     "pilar report rakor --region KODE --period P [--compare P] --format xlsx|pdf|csv|json\n"
     "                   [--out BERKAS] [--viewer]\n"
     "  Per kabupaten/kota: 26 kategori untuk kedua periode dan perubahannya, kenaikan dan\n"
     "  penurunan terbesar, PSKS per kecamatan terhadap kebutuhan, indikator, status\n"
     "  pengesahan, serta intervensi rakor tahun lalu dan statusnya.\n"},
    {"indicator", "import", pl_cmd_indicator_import, "mengimpor indikator BPS dari CSV/XLSX",
     "pilar indicator import BERKAS [--dry-run] [--json]\n"
     "  Kolom: kode_wilayah, tahun, indikator, nilai, sumber. Indikator:\n"
     "  persentase_penduduk_miskin, jumlah_penduduk_miskin, ipm, gini, inflasi,\n"
     "  pertumbuhan_ekonomi, tpt. Nilai memakai koma atau titik desimal (6,68).\n"},
    {"indicator", "list", pl_cmd_indicator_list, "daftar indikator suatu wilayah",
     "pilar indicator list [--region KODE] [--name INDIKATOR] [--from TAHUN] [--to TAHUN]\n"
     "                     [--trend] [--json]\n"},
    {"period", "approve", pl_cmd_period_approve,
     "mengesahkan (mengunci) data satu periode kab/kota",
     "pilar period approve --region KODE_KAB --period P [--note CATATAN] [--json]\n"
     "  Setelah disahkan, perubahan kategori dan tanggal kematian bertanggal di dalam periode\n"
     "  itu ditolak sampai periode dibuka kembali.\n"},
    {"period", "reopen", pl_cmd_period_reopen, "membuka kembali periode yang sudah disahkan",
     "pilar period reopen --region KODE_KAB --period P --reason ALASAN [--json]\n"},
    {"period", "status", pl_cmd_period_status, "status pengesahan periode",
     "pilar period status [--region KODE] [--period P] [--json]\n"
     "  Dengan --region provinsi dan --period: setiap kab/kota, sudah atau belum disahkan.\n"},
    {"rakor", "add", pl_cmd_rakor_add, "mencatat rapat koordinasi tahunan",
     "pilar rakor add --year TAHUN --host KODE --date TGL [--theme TEMA]\n"
     "                [--participants PESERTA] [--json]\n"},
    {"rakor", "list", pl_cmd_rakor_list, "daftar rakor dan masalah yang diangkat",
     "pilar rakor list [--year TAHUN] [--json]\n"},
    {"rakor", "problem", pl_cmd_rakor_problem, "mencatat masalah yang diangkat di rakor",
     "pilar rakor problem --year TAHUN --region KODE --text URAIAN [--category PMKS]\n"
     "                    [--host KODE] [--json]\n"},
    {"intervention", "add", pl_cmd_intervention_add, "mencatat intervensi yang disepakati",
     "pilar intervention add --region KODE --title URAIAN --level pusat|provinsi|kabupaten-kota\n"
     "                       [--year TAHUN_RAKOR] [--category PMKS] [--owner PENANGGUNG_JAWAB]\n"
     "                       [--budget RUPIAH] [--due TGL] [--status S] [--problem ID] [--json]\n"
     "  Status: direncanakan, berjalan, selesai, batal.\n"},
    {"intervention", "list", pl_cmd_intervention_list, "daftar intervensi",
     "pilar intervention list [--region KODE] [--year TAHUN_RAKOR] [--status S] [--json]\n"},
    {"intervention", "update", pl_cmd_intervention_update,
     "mengubah status / menambah tindak lanjut",
     "pilar intervention update ID [--status S] [--note CATATAN] [--date TGL] [--version N]\n"
     "                          [--json]\n"},
    {"intervention", "link", pl_cmd_intervention_link, "menautkan unit PSKS dan program pelaksana",
     "pilar intervention link ID [--psks ID,ID,...] [--program KODE,...] [--version N] [--json]\n"
     "  Mengganti seluruh tautan: unit PSKS dan program yang tidak disebut dilepas.\n"},
    {"intervention", "overdue", pl_cmd_intervention_overdue, "intervensi lewat tenggat",
     "pilar intervention overdue [--region KODE] [--year TAHUN_RAKOR] [--date TGL] [--json]\n"
     "  Daftar intervensi yang belum selesai dan sudah lewat tanggal tenggatnya (bawaan: hari\n"
     "  ini).\n"},
    {"gen", NULL, pl_cmd_gen, "membuat data contoh (demo dan benchmark) dalam CSV impor",
     "pilar gen [--people N] [--region 64,65] [--seed S] [--dup-rate R] [--out BERKAS|-]\n"
     "          [--truth BERKAS] [--today YYYY-MM-DD] [--no-nik-rate R] [--clerk-dup-rate R]\n"
     "          [--psks BERKAS]\n"
     "  Orang dalam keluarga yang masuk akal di desa-desa nyata wilayah itu (kode wilayah harus\n"
     "  sudah dimuat). Hasil sama untuk --seed dan --today yang sama. --dup-rate menyisipkan\n"
     "  duplikat yang rusak (salah ketik, nama panggilan, NIK rusak) dan --truth mencatatnya\n"
     "  (row_a,row_b,kind,same; same 0 = pembanding yang bukan duplikat).\n"
     "  --no-nik-rate R: kira-kira bagian R orang tanpa NIK (bayi dan anak, lansia belum rekam\n"
     "  KTP-el, tunawisma, KAT), dengan kolom alasan_tanpa_nik (bawaan 0: tanpa kolom itu).\n"
     "  --clerk-dup-rate R: duplikat dalam KK yang sama seperti buatan petugas (nama panggilan,\n"
     "  gelar/bin/binti, ejaan lama, tanggal 1 Juli/31 Des/1 Jan, hari-bulan tertukar, tanpa\n"
     "  NIK), ditambah pembanding: anak kembar dan anak bernama sama dengan ayahnya (bawaan 0).\n"
     "  --psks BERKAS: unit PSKS wilayah itu (TKSK, Tagana, PSM, LKS, Karang Taruna, CSR) untuk\n"
     "  'pilar psks import'.\n"},
    {"boundary", "import", pl_cmd_boundary_import,
     "memuat batas wilayah (GeoJSON) untuk peta dan area",
     "pilar boundary import BERKAS.geojson [--level regency|district] [--json]\n"
     "  FeatureCollection berisi Polygon/MultiPolygon dengan properti 'code' (kode Kemendagri)\n"
     "  dan 'name'. Setiap poligon diperiksa (tertutup, minimal 4 titik, tidak memotong diri);\n"
     "  satu fitur salah = tidak ada yang disimpan. Memuat ulang kode yang sama menggantinya.\n"},
    {"area", NULL, pl_cmd_area, "orang rentan di dalam area (poligon atau radius)",
     "pilar area --geojson BERKAS | --point LINTANG,BUJUR --radius METER\n"
     "           [--all] [--region KODE] [--format csv|xlsx|geojson --out BERKAS] [--json]\n"
     "  Menampilkan lansia 60+, penyandang disabilitas menurut jenis dan balita di dalam area,\n"
     "  dengan keluarga, alamat, koordinat dan jarak ke Tagana, TKSK dan LKS terdekat.\n"
     "  --all  semua orang di dalam area, bukan hanya yang rentan\n"
     "  --json ringkasan jumlah per kerentanan (dengan query_ms)\n"
     "  --method scan  tanpa indeks spasial, uji setiap baris (pembanding bench/area)\n"
     "  --repeat N     jalankan N kali, ukur yang terakhir (cache hangat, bench/area)\n"},
    {"disaster", "add", pl_cmd_disaster_add, "mencatat kejadian bencana (jenis, tanggal, area)",
     "pilar disaster add --type banjir|kebakaran|longsor|... --date TGL --geojson BERKAS\n"
     "                   [--until TGL] [--name NAMA] [--region KODE] [--json]\n"},
    {"disaster", "list", pl_cmd_disaster_list, "daftar kejadian bencana",
     "pilar disaster list [--region KODE] [--json]\n"},
    {"disaster", "affected", pl_cmd_disaster_affected, "orang rentan di area suatu kejadian",
     "pilar disaster affected ID [--all] [--format csv|xlsx|geojson --out BERKAS] [--json]\n"},
    {"disaster", "confirm", pl_cmd_disaster_confirm, "menetapkan korban bencana alam (PMKS 21)",
     "pilar disaster confirm ID [--json]\n"
     "  Semua orang di dalam area dicatat sebagai korban bencana alam (PMKS 21) sejak tanggal\n"
     "  kejadian (sampai --until bila ada). Tercatat di riwayat; tidak dapat diulang.\n"},
    {"card", "revoke", pl_cmd_card_revoke, "mencabut kartu disabilitas",
     "pilar card revoke TOKEN|NIK --reason ALASAN [--json]\n"},
    {"card", "reissue", pl_cmd_card_reissue, "mengganti kartu disabilitas dengan nomor baru",
     "pilar card reissue NIK --reason ALASAN --out KARTU.pdf [--base-url URL] [--json]\n"
     "  Mencabut kartu yang berlaku dengan alasannya dan mencetak kartu baru (kode QR baru)\n"
     "  dalam satu transaksi.\n"},
    {"card", "check", pl_cmd_card_check, "memeriksa kartu (seperti halaman /kartu/TOKEN)",
     "pilar card check TOKEN|URL [--json]\n"
     "  Status keluar 0 bila kartu berlaku, 1 bila dicabut atau tidak dikenal.\n"},
    {"card", NULL, pl_cmd_card, "mencetak kartu penyandang disabilitas (PDF, 10 per A4)",
     "pilar card NIK... --out KARTU.pdf [--base-url URL] [--json]\n"
     "  Kartu ukuran KTP (85,60 x 53,98 mm) dengan tanda potong, foto, NIK tersamar, jenis\n"
     "  disabilitas, desa, kabupaten/kota, tanggal terbit dan kode QR ke URL/kartu/TOKEN.\n"
     "  Kartu yang masih berlaku dicetak ulang dengan token yang sama.\n"
     "  --base-url  alamat server (bawaan PILAR_BASE_URL atau http://127.0.0.1:8080)\n"},
    {"geo", "check", pl_cmd_geo_check, "koordinat di luar batas kabupaten/kota",
     "pilar geo check [--region KODE] [--json]\n"
     "  Menandai keluarga, orang dan PSKS yang koordinatnya lebih dari 5 km di luar batas\n"
     "  kabupaten/kota tempat mereka terdaftar (perlu 'pilar boundary import').\n"},
    {"geo", "reindex", pl_cmd_geo_reindex, "membangun ulang indeks spasial orang dan keluarga",
     "pilar geo reindex [--json]\n"
     "  Menyusun ulang indeks spasial (R*Tree) orang dan keluarga dari tabel dalam satu langkah\n"
     "  dan menghapus penanda indeks tertunda yang ditinggalkan impor besar. Selama penanda ada,\n"
     "  kueri area tetap lengkap tetapi lebih lambat; 'pilar serve' juga membangun ulang saat\n"
     "  mulai bila penanda ada. Mencetak jumlah titik dan lama pembangunan.\n"},
    {"dedup", "list", pl_cmd_dedup_list, "daftar kandidat duplikat",
     "pilar dedup list [--status open|not_same|merged] [--min-score S] [--limit N] [--json]\n"},
    {"dedup", "merge", pl_cmd_dedup_merge, "menggabungkan dua data orang (dapat dibatalkan)",
     "pilar dedup merge A B [--json]\n"
     "  A (id atau NIK) dipertahankan; B ditandai digabung ke A (status ditolak), kategori dan\n"
     "  kepesertaan program B pindah ke A, isian A yang kosong diisi dari B. Citra sebelum\n"
     "  disimpan lengkap: 'pilar dedup undo ID_GABUNG' mengembalikan semuanya.\n"},
    {"dedup", "undo", pl_cmd_dedup_undo, "membatalkan penggabungan",
     "pilar dedup undo ID_GABUNG [--json]\n"},
    {"dedup", "distinct", pl_cmd_dedup_distinct, "menandai dua data bukan orang yang sama",
     "pilar dedup distinct A B [--reason CATATAN]\n"
     "  Pasangan itu tidak diusulkan lagi oleh 'pilar dedup' maupun pencocokan saat data masuk.\n"},
    {"dedup", NULL, pl_cmd_dedup, "mendeteksi data ganda (orang yang sama tercatat dua kali)",
     "pilar dedup [--region KODE] [--threshold T] [--threads N] [--json]\n"
     "pilar dedup --csv BERKAS [--pairs-out BERKAS] [--threshold T] [--json]\n"
     "  Membandingkan orang per blok (desa+jenis kelamin+tahun lahir, desa+nama ibu, kabupaten+\n"
     "  tanggal lahir, desa+bunyi nama, satu KK) dengan nama yang dinormalkan (gelar, bin/binti,\n"
     "  ejaan lama, nama panggilan, inisial, urutan kata), tanggal lahir (tertukar, salah satu\n"
     "  angka, tanggal pengganti 1 Januari/1 Juli/31 Desember = hanya tahun), nama ibu dan NIK\n"
     "  (NIK kosong = tidak diketahui). Skor = peluang orang yang sama (bobot Fellegi-Sunter,\n"
     "  docs/internals/dedup.md). Pasangan dengan skor >= T (bawaan 0.8) dicatat beserta\n"
     "  alasannya, mis. \"nama panggilan: Wawan ~ Hermawan; tanggal lahir sama; satu KK\".\n"
     "  --csv  baca langsung berkas impor (semua baris, juga yang akan ditolak impor); pasangan\n"
     "         nomor baris data ke --pairs-out (untuk bench/dedup)\n"
     "  Setiap orang yang didaftarkan atau diubah (person add/update, import, API, web) juga\n"
     "  langsung dicocokkan dengan orang di desanya; kemungkinan duplikat masuk antrean yang\n"
     "  ditinjau dengan 'pilar dedup list' atau halaman Duplikat di web.\n"},
    {"program", "add", pl_cmd_program_add, "mendaftarkan program bantuan sosial",
     "pilar program add KODE --name NAMA --level pusat|provinsi|kabupaten-kota --amount RP\n"
     "                  --frequency sekali|bulanan|triwulan|tahunan [--household] [--cap RP]\n"
     "                  [--categories 24,9] [--age-min N] [--age-max N] [--disability]\n"
     "                  [--desil-max N] [--regions 64.74;64.72] [--excludes PKH;BLT]\n"
     "                  [--requires-nik | --no-requires-nik] [--json]\n"
     "  --requires-nik     hanya orang ber-NIK (bawaan: transfer non-tunai memerlukan NIK);\n"
     "                     orang tanpa NIK ditolak dengan aturan no_nik\n"
     "  --no-requires-nik  orang tanpa NIK juga boleh menerima (mis. bantuan barang)\n"},
    {"program", "list", pl_cmd_program_list, "daftar program", "pilar program list [--json]\n"},
    {"program", "show", pl_cmd_program_show, "menampilkan program dan penerimanya per periode",
     "pilar program show KODE [--period P] [--json]\n"},
    {"program", "preview", pl_cmd_program_preview, "pratinjau calon penerima per wilayah",
     "pilar program preview KODE --period P [--region KODE] [--by regency|district] [--json]\n"
     "  Menghitung yang memenuhi syarat tanpa menyimpan apa pun.\n"},
    {"program", "enroll", pl_cmd_program_enroll, "mencatat penerima program untuk satu periode",
     "pilar program enroll KODE --period P --reason ALASAN [--region KODE] [--person NIK|ID]\n"
     "  Tanpa --person: semua yang memenuhi syarat di wilayah itu.\n"},
    {"program", "check", pl_cmd_program_check, "pemeriksaan integritas sebelum daftar bayar",
     "pilar program check KODE --period P [--threshold T] [--json]\n"
     "  Temuan per data dan aturan: meninggal, duplikat (pasti dan mungkin >= T), belum\n"
     "  diverifikasi, di luar wilayah program, program yang tidak boleh dirangkap, nilai di atas\n"
     "  batas, rekening dipakai keluarga yang tidak berhubungan. Status keluar 1 bila ada "
     "temuan.\n"},
    {"program", "account", pl_cmd_program_account, "mencatat rekening/kartu penerima",
     "pilar program account --kk NO_KK|--person NIK --number NOMOR [--bank BANK] [--holder "
     "NAMA]\n"},
    {"program", "desil", pl_cmd_program_desil, "mencatat desil kesejahteraan keluarga",
     "pilar program desil NO_KK DESIL\n"},
    {"program", "report", pl_cmd_program_report,
     "laporan penerima dan dana per program dan wilayah",
     "pilar program report [KODE] --period P [--region KODE] [--level regency|district]\n"
     "                     [--format csv|xlsx|json] [--out FILE] [--viewer] [--json]\n"
     "  Per program, wilayah dan periode: penerima terdaftar (orang/keluarga), batch, item\n"
     "  dibayar/gagal/dikembalikan/menunggu, nominal rencana dan dibayar, serta kegagalan\n"
     "  per alasan dari file status bank. Tanpa KODE: semua program. --viewer: tampilan\n"
     "  publik, angka kecil (1-4) dan sel pelengkapnya disembunyikan (\"<5\").\n"},
    {"batch", "create", pl_cmd_batch_create, "membuat batch penyaluran nontunai (draf)",
     "pilar batch create KODE --period P [--json]\n"
     "  Penerima terdaftar periode itu yang lolos pemeriksaan integritas dan punya rekening;\n"
     "  yang lain dilaporkan dan tidak dimasukkan.\n"},
    {"batch", "approve", pl_cmd_batch_approve, "menyetujui batch (setelah itu tidak dapat diubah)",
     "pilar batch approve ID\n"},
    {"batch", "export", pl_cmd_batch_export, "berkas transfer untuk bank/kantor pos (CSV)",
     "pilar batch export ID --out BERKAS\n"
     "  Kolom: rekening, nama, nominal, referensi.\n"},
    {"batch", "reconcile", pl_cmd_batch_reconcile, "mengimpor status dari bank dan merekonsiliasi",
     "pilar batch reconcile ID --status-file BERKAS [--json]\n"
     "  Berkas CSV: referensi,status(paid|failed|returned)[,alasan]. Total per kabupaten/kota.\n"},
    {"batch", "show", pl_cmd_batch_show, "menampilkan batch dan totalnya per wilayah",
     "pilar batch show ID [--items] [--json]\n"},
    {"transfer", "list", pl_cmd_transfer_list, "daftar permintaan pindah (NIK/KK di luar wilayah)",
     "pilar transfer list [--status menunggu|pindah|berbeda] [--region KODE] [--limit N]\n"
     "                    [--after ID] [--json]\n"
     "  Pendaftaran (API, impor) yang NIK atau No. KK-nya milik data di luar wilayah pengaju\n"
     "  tidak ditolak dengan keterangan yang membuka data itu: datanya menjadi permintaan yang\n"
     "  diselesaikan kantor pemilik data. --region: hanya yang datanya milik wilayah itu.\n"
     "  Status berbeda = konflik NIK untuk ditindaklanjuti dengan Dukcapil.\n"},
    {"transfer", "resolve", pl_cmd_transfer_resolve, "menyelesaikan permintaan pindah",
     "pilar transfer resolve ID --pindah|--berbeda --reason ALASAN [--json]\n"
     "  --pindah: orang/keluarga memang pindah; data diserahkan ke desa pengaju (tercatat di\n"
     "  audit dan riwayat domisili). --berbeda: orang lain; dicatat sebagai konflik NIK.\n"},
    {"user", "add", pl_cmd_user_add, "membuat akun pengguna (peran dan cakupan wilayah)",
     "pilar user add NAMA --role admin|province|regency|district|village|viewer\n"
     "               [--scope KODE_WILAYAH] [--generate-password] [--if-absent] [--json]\n"
     "  Kata sandi dibaca dari masukan standar (diminta dua kali di terminal), atau dibuat\n"
     "  acak dan ditampilkan sekali dengan --generate-password. Cakupan sesuai peran:\n"
     "  province 64, regency 64.74, district 64.74.01, village 64.74.01.1001.\n"},
    {"user", "list", pl_cmd_user_list, "daftar akun", "pilar user list [--json]\n"},
    {"user", "passwd", pl_cmd_user_passwd, "mengganti kata sandi (dari masukan standar)",
     "pilar user passwd NAMA\n"
     "  Minimal 10 karakter; kata sandi umum (mis. password, sayang123, admin123), yang memuat\n"
     "  nama pengguna atau kata \"pilar\" ditolak. Semua sesi dan token pengguna itu berakhir.\n"},
    {"user", "disable", pl_cmd_user_disable, "menonaktifkan (atau --enable) akun",
     "pilar user disable NAMA [--enable]\n"
     "  Akun nonaktif tidak dapat masuk; sesinya berakhir dan tokennya tidak berlaku.\n"},
    {"user", "token", pl_cmd_user_token, "membuat, memutar, mendaftar token API (Bearer)",
     "pilar user token [create] NAMA [--label LABEL] [--expires-in 90d] [--json]\n"
     "pilar user token rotate NAMA --token ID [--json]\n"
     "pilar user token list NAMA [--json]\n"
     "  create: mencetak token baru sekali saja; yang disimpan hanya sidiknya. Token\n"
     "  kedaluwarsa setelah --expires-in (angka dengan d/h/m, bawaan 90d, paling lama 3650d).\n"
     "  rotate: token baru (label dan masa berlaku sama, dihitung dari sekarang) menggantikan\n"
     "  token ID, yang langsung tidak berlaku. list: token dengan masa berlakunya.\n"
     "  Mengganti kata sandi mencabut semua token pengguna itu.\n"},
    {"user", "totp", pl_cmd_user_totp, "faktor kedua TOTP (aplikasi autentikator)",
     "pilar user totp enable|disable NAMA [--json]\n"
     "  enable: rahasia baru (dan URI otpauth:// untuk kode QR) serta 10 kode pemulihan\n"
     "  sekali pakai, ditampilkan sekali ini saja. Setelah itu masuk memerlukan kode 6 angka\n"
     "  dari aplikasi (atau satu kode pemulihan). Admin wajib memakai TOTP kecuali server\n"
     "  dijalankan dengan --totp-admin opsional; admin tanpa TOTP diminta mendaftar saat masuk.\n"},
    {"user", "revoke", pl_cmd_user_revoke, "mencabut token API",
     "pilar user revoke NAMA [--token ID] [--list]\n"
     "  Tanpa --token semua token pengguna itu dicabut; --list menampilkan token.\n"},
    {"sync", "init", pl_cmd_sync_init, "membuat instans luring dari server",
     "pilar sync init --server URL --token TOKEN --scope KODE [--name NAMA] --db BERKAS\n"
     "  Membuat basis data lokal (skema biasa) berisi pohon wilayah dan data wilayah KODE\n"
     "  (kecamatan atau desa dalam cakupan token) dengan versi server, mendaftarkan kunci\n"
     "  Ed25519 baru instans ini di server. Setelah itu bekerja seperti biasa (CLI,\n"
     "  'pilar serve'); setiap perubahan lokal ditandai untuk dikirim.\n"},
    {"sync", "status", pl_cmd_sync_status, "data yang menunggu sinkronisasi",
     "pilar sync status [--json]\n"
     "  Jumlah data per keadaan (tersinkron, menunggu dikirim, sedang dikirim, bentrok,\n"
     "  ditolak server) dan daftar data yang belum tersinkron dengan alasannya.\n"},
    {"sync", "conflicts", pl_cmd_sync_conflicts, "bentrok data lokal dan server, berdampingan",
     "pilar sync conflicts [--json]\n"},
    {"sync", "resolve", pl_cmd_sync_resolve, "menyelesaikan bentrok kolom per kolom",
     "pilar sync resolve [person:|household:|membership:]ID --take KOLOM=local|server ...\n"
     "  Setiap kolom yang berbeda harus dipilih. Hasilnya dikirim pada 'pilar sync' berikutnya.\n"},
    {"sync", "export", pl_cmd_sync_export, "menulis perubahan ke paket bertanda tangan",
     "pilar sync export --out paket.pilar\n"
     "  Untuk lokasi tanpa jaringan: perubahan yang menunggu dimampatkan (zlib) dan\n"
     "  ditandatangani kunci instans; bawa berkasnya ke kantor.\n"},
    {"sync", "import", pl_cmd_sync_import, "menerapkan paket (kantor) atau jawabannya (lapangan)",
     "pilar sync import paket.pilar --answer jawaban.pilar   (di kantor, basis data server)\n"
     "pilar sync import jawaban.pilar                        (di lapangan)\n"
     "  Paket terpotong, diubah, diputar ulang, dari wilayah lain atau dari instans yang\n"
     "  dicabut ditolak seluruhnya dengan alasannya; tidak ada yang diubah.\n"},
    {"sync", "instances", pl_cmd_sync_instances, "instans luring terdaftar (kantor)",
     "pilar sync instances [--revoke ID] [--json]\n"
     "  --revoke ID  mencabut instans: paket dan pengirimannya ditolak sejak itu.\n"},
    {"sync", NULL, pl_cmd_sync_run, "mengirim perubahan lalu menerima perubahan server",
     "pilar sync [--db BERKAS]\n"
     "  Mengirim perubahan lokal (per data, dengan versi dasarnya) lalu menerima perubahan\n"
     "  server sejak penanda terakhir. Dapat diulang kapan saja setelah terputus: tidak ada\n"
     "  perubahan yang hilang atau diterapkan dua kali.\n"},
    {"serve", NULL, pl_cmd_serve, "menjalankan server HTTP (API JSON dan antarmuka web)",
     "pilar serve [--listen ALAMAT:PORT] [--web DIREKTORI] [--data-dir DIREKTORI]\n"
     "            [--rejects-days N] [--read-audit-days N] [--threads N] [--timeout DETIK]\n"
     "            [--tile-origin https://HOST] [--tls-cert BERKAS --tls-key BERKAS]\n"
     "            [--behind-proxy[=ALAMAT]] [--max-conn-per-ip N] [--header-timeout DETIK]\n"
     "            [--max-uploads N] [--upload-max-mb N] [--session-idle MENIT]\n"
     "            [--totp-admin wajib|opsional] [--base-url URL] [--read-db URL] [--routes]\n"
     "  --base-url  alamat publik server untuk kode QR kartu disabilitas yang dicetak dari\n"
     "              web (bawaan $PILAR_BASE_URL, atau http://127.0.0.1:8080)\n"
     "  --listen    bawaan 127.0.0.1:8080; alamat yang sudah dipakai proses lain ditolak\n"
     "              (keluar dengan status 1)\n"
     "  --web       berkas statis antarmuka (bawaan ./web)\n"
     "  --data-dir  berkas sisi server, mis. tolakan impor (bawaan ./pilar-data)\n"
     "  --rejects-days N  berkas tolakan impor dihapus setelah N hari (bawaan 7); pembersihan\n"
     "              berjalan saat mulai dan tiap jam (lihat 'pilar cleanup')\n"
     "  --read-audit-days N  catatan audit baca (siapa membuka data pribadi) dihapus setelah\n"
     "              N hari (30..36500, bawaan 730); saat mulai dan tiap jam (lihat 'pilar audit\n"
     "              purge'). Audit perubahan tidak pernah dihapus.\n"
     "  --tile-origin https://HOST  server ubin peta (tileUrl di web/config.js) yang boleh\n"
     "              dimuat browser; tanpa ini kebijakan keamanan (CSP) hanya mengizinkan Pilar\n"
     "  --tls-cert BERKAS --tls-key BERKAS  melayani HTTPS (sertifikat dan kunci PEM; TLS 1.2\n"
     "              dan 1.3 saja, sandi AEAD dengan ECDHE); jawaban membawa HSTS dan kuki sesi\n"
     "              Secure. Kunci yang dapat dibaca pengguna lain diperingatkan (chmod 600).\n"
     "  --behind-proxy[=ALAMAT]  di balik proksi balik (mis. nginx, lihat docs/deploy.md) di\n"
     "              ALAMAT (bawaan 127.0.0.1): hanya dari alamat itu X-Real-IP/X-Forwarded-For\n"
     "              dipercaya sebagai alamat klien (audit, log, batas login); kuki sesi Secure;\n"
     "              batas koneksi per alamat diserahkan ke proksi\n"
     "  --max-conn-per-ip N  koneksi serentak dari satu alamat (bawaan 32)\n"
     "  --header-timeout DETIK  kepala permintaan harus lengkap dalam waktu ini, dihitung\n"
     "              sejak koneksi (atau permintaan sebelumnya) tanpa diperpanjang tiap bait\n"
     "              (bawaan 10)\n"
     "  --max-uploads N  unggahan impor yang diterima/dijalankan bersamaan (bawaan 2); lebih\n"
     "              dari itu dijawab 503 dengan Retry-After\n"
     "  --upload-max-mb N  batas ukuran unggahan (bawaan 64); lebih besar dijawab 413.\n"
     "              Unggahan ditulis langsung ke berkas 0600 di --data-dir, bukan ke memori.\n"
     "  --read-db URL  replika baca (PostgreSQL saja): server siaga streaming dari basis data\n"
     "              utama (pg_basebackup -R). Laporan, pencarian dan peta dibaca dari sana;\n"
     "              penulisan dan audit tetap ke basis data utama. Pengguna yang baru menulis\n"
     "              membaca dari utama sampai replika menyusul; replika yang mati atau\n"
     "              tertinggal tidak menggagalkan permintaan (dibaca dari utama). Lihat\n"
     "              docs/deploy.md, Replika baca.\n"
     "  --threads   jumlah thread pekerja (bawaan: jumlah inti)\n"
     "  --session-idle MENIT  sesi berakhir bila tidak dipakai selama MENIT menit (bawaan 30);\n"
     "              sesi tetap berakhir 8 jam setelah masuk\n"
     "  --totp-admin wajib|opsional  admin wajib memakai TOTP (bawaan wajib; admin tanpa TOTP\n"
     "              diminta mendaftar saat masuk); juga lewat env PILAR_TOTP_ADMIN\n"
     "  Masuk yang gagal diperlambat per akun dan alamat (5 gagal: tunggu 1 menit, berlipat\n"
     "  dua tiap gagal lagi sampai 1 jam; 20 gagal dari satu alamat: sama), tanpa mengunci\n"
     "  pemilik akun yang masuk dari alamat lain (lihat panduan operator).\n"
     "  --routes    cetak tabel rute API lalu keluar\n"
     "  --test-db-max-pages N  HANYA UNTUK UJI: membatasi basis data dan berkas audit bacanya\n"
     "              (BASISDATA-reads) N halaman agar penulisan gagal seperti disk penuh (uji\n"
     "              audit yang gagal tertutup)\n"
     "  Data pribadi dikirim setelah catatan audit bacanya tersimpan; bila tidak dapat\n"
     "  disimpan (mis. disk penuh) jawabannya 503.\n"
     "  SIGTERM/SIGINT: permintaan yang berjalan diselesaikan, basis data ditutup rapi.\n"},
    {"audit", "purge", pl_cmd_audit_purge, "menghapus audit baca yang lewat masa simpan",
     "pilar audit purge [--read-audit-days N] [--json]\n"
     "  Menghapus catatan audit baca (siapa membuka data orang/keluarga) yang lebih tua dari\n"
     "  N hari (30..36500, bawaan 730, sama dengan 'pilar serve'). Penghapusan itu sendiri\n"
     "  tercatat di audit perubahan; audit perubahan tidak pernah dihapus.\n"},
    {"audit", "anchor", pl_cmd_audit_anchor, "mencetak jangkar rantai audit (id, waktu, hash)",
     "pilar audit anchor [--syslog] [--json]\n"
     "  Mencetak baris audit terbaru dan hash rantainya: ID WAKTU HASH. Catat di tempat lain\n"
     "  (buku, surel, server lain); 'pilar check --anchor HASH' kemudian membuktikan audit\n"
     "  sampai titik itu tidak diganti.\n"
     "  --syslog  kirim juga ke syslog (fasilitas user, tingkat notice)\n"},
    {"backup", NULL, pl_cmd_backup, "mencadangkan basis data selagi server berjalan",
     "pilar backup --out BERKAS|DIREKTORI [--encrypt-key-file KUNCI] [--keep N] [--json]\n"
     "  Menyalin basis data dan berkas audit bacanya (BASISDATA-reads) dari satu saat yang\n"
     "  sama ke satu berkas cadangan, tanpa menghentikan server atau penulisan (API cadangan\n"
     "  daring SQLite). Setiap tulisan yang sudah selesai sebelum perintah dimulai ada di\n"
     "  dalamnya. Berkas ditulis ke nama sementara, disinkronkan, lalu diganti namanya, dan\n"
     "  kemudian diperiksa: dibaca ulang, hash tiap bagian, integrity_check, rantai audit,\n"
     "  versi skema dan jumlah baris dibandingkan dengan manifesnya.\n"
     "  --out       berkas cadangan, atau direktori (nama: pilar-WAKTUUTC.pilarbak)\n"
     "  --encrypt-key-file KUNCI  enkripsi (libsodium secretstream XChaCha20-Poly1305);\n"
     "              KUNCI berisi 32 bait acak atau 64 digit heks, izin 0600, mis.\n"
     "              (umask 077; head -c 32 /dev/urandom > pilar.key). Simpan kunci di tempat\n"
     "              lain: tanpa kunci cadangan tidak dapat dipulihkan.\n"
     "  --keep N    simpan N cadangan terbaru di direktori itu, hapus yang lebih lama\n"},
    {"db", "copy", pl_cmd_db_copy, "menyalin seluruh basis data antara SQLite dan PostgreSQL",
     "pilar db copy --from BASISDATA --to BASISDATA [--json]\n"
     "  Menyalin seluruh basis data, termasuk audit, segel rantainya, audit baca dan riwayat,\n"
     "  dengan ID yang sama, dari berkas SQLite ke PostgreSQL (postgresql://...) atau\n"
     "  sebaliknya. Tujuan dibuat atau dimigrasikan dulu dan harus belum berisi orang,\n"
     "  keluarga atau akun. Semua ditulis dalam satu transaksi: salinan yang gagal tidak\n"
     "  meninggalkan apa pun. Sesudahnya jumlah baris dan kepala rantai audit kedua sisi\n"
     "  dibandingkan. Ke PostgreSQL perlu peran superuser (pemicu dimatikan selama\n"
     "  penyalinan agar audit tersalin apa adanya).\n"
     "  --from  basis data asal (berkas SQLite atau URL PostgreSQL)\n"
     "  --to    basis data tujuan (jenis yang lain)\n"},
    {"cluster", "init", pl_cmd_cluster_init,
     "menyiapkan klaster PostgreSQL: koordinator nasional dan shard per provinsi",
     "pilar cluster init --coordinator URL --shard PROV=URL [--shard PROV,PROV=URL ...] [--json]\n"
     "  Menyiapkan koordinator yang membaca data nasional dari shard (docs/scale.md). Setiap\n"
     "  basis data dibawa ke skema versi ini (seperti 'pilar init') dan harus sudah memuat\n"
     "  wilayah provinsinya ('pilar --db URL region import'; koordinator: semua provinsi\n"
     "  shard). Shard ke-k memberi id k*10^12+1 sampai (k+1)*10^12, agar id unik secara\n"
     "  nasional; siapkan shard sebelum mengisinya. Koordinator mendapat postgres_fdw, satu\n"
     "  server per shard, tabel cluster_shard dan skema national, serta registri NIK/KK\n"
     "  nasional (tabel cluster_key) yang diisi dari semua shard: ditolak bila dua shard\n"
     "  memegang NIK atau No. KK yang sama untuk orang atau keluarga berbeda. Setiap shard\n"
     "  mendapat server pl_coordinator dan tabel cluster_registry: NIK/KK baru dicadangkan di\n"
     "  koordinator dalam transaksi yang sama, dan ditolak bila sudah dipegang di provinsi\n"
     "  lain. Mengulang dengan shard yang sama aman; shard lain ditolak.\n"
     "  --coordinator URL   basis data koordinator (postgresql://...)\n"
     "  --shard PROV=URL    provinsi (dua angka; beberapa dipisah koma) dan basis data shard\n"},
    {"cluster", "status", pl_cmd_cluster_status, "keadaan shard klaster dari koordinator",
     "pilar cluster status [--db KOORDINATOR] [--json]\n"
     "  Untuk setiap shard: terhubung atau galatnya, versi skema, jumlah orang, keluarga dan\n"
     "  keanggotaan PMKS per provinsi (dihitung di shard), dan standby replikasinya beserta\n"
     "  jedanya, serta pemindahan provinsi yang sedang berlangsung, penulisan lintas shard\n"
     "  yang tertunda (perpindahan atau penggabungan orang; selesaikan dengan 'pilar cluster\n"
     "  resolve') dan jumlah NIK/KK di registri nasional. Status keluar 1 bila ada shard yang\n"
     "  tidak terhubung.\n"},
    {"cluster", "keys", pl_cmd_cluster_keys,
     "mencocokkan registri NIK/KK nasional koordinator dengan shard",
     "pilar cluster keys [--db KOORDINATOR] [--repair] [--grace DETIK] [--json]\n"
     "  Membandingkan registri NIK/KK nasional (tabel cluster_key) dengan NIK dan No. KK yang\n"
     "  disimpan semua shard: cadangan yatim (tidak ada orang/keluarga dengan id dan NIK/KK\n"
     "  itu di shard mana pun; mis. shard mati sesudah koordinator menyimpan cadangannya),\n"
     "  NIK/KK shard yang belum dicadangkan, dan cadangan dengan provinsi yang salah. Status\n"
     "  keluar 1 bila ada temuan yang tidak diperbaiki.\n"
     "  --repair        hapus cadangan yatim, tambahkan yang hilang, betulkan provinsinya\n"
     "  --grace DETIK   cadangan yang lebih muda dari ini bukan yatim (pendaftaran yang masih\n"
     "                  berjalan); bawaan 600\n"},
    {"cluster", "move", pl_cmd_cluster_move,
     "memindahkan satu provinsi ke shard lain selama klaster tetap dapat dibaca",
     "pilar cluster move PROV --to URL [--db KOORDINATOR] [--abort] [--json]\n"
     "  Memindahkan provinsi PROV dari shard-nya ke basis data URL (shard klaster atau shard\n"
     "  baru, yang disiapkan seperti 'cluster init': skema, wilayah provinsi wajib sudah\n"
     "  dimuat, rentang id sendiri). Langkahnya (docs/scale.md): penulisan provinsi ditolak di\n"
     "  kedua shard (pembacaan tetap jalan), barisnya disalin apa adanya, jumlah baris dan isi\n"
     "  setiap tabel dicocokkan (bila berbeda: dibatalkan, shard asal tetap berlaku),\n"
     "  koordinator dialihkan ke shard tujuan, baris di shard asal dihapus, penulisan dibuka.\n"
     "  Setiap langkah dicatat di koordinator (tabel cluster_move): bila terhenti, jalankan\n"
     "  lagi perintah yang sama untuk melanjutkan. Perlu peran superuser di shard. Baris\n"
     "  tabel lain yang hanya merujuk orang provinsi ini (kandidat duplikat, data PMT) ikut\n"
     "  dipindahkan; bila data program, bencana atau penggabungan merujuk orangnya,\n"
     "  pemindahan ditolak. Audit tetap di shard asal.\n"
     "  --to URL   basis data shard tujuan (postgresql://...)\n"
     "  --abort    batalkan pemindahan yang belum dialihkan: salinan tujuan dihapus\n"},
    {"cluster", "move-person", pl_cmd_cluster_move_person,
     "memindahkan satu orang ke provinsi di shard lain, atomik (commit dua fase)",
     "pilar cluster move-person NIK|ID --to KODE_DESA [--kk NO_KK] [--date YYYY-MM-DD]\n"
     "                          [--version N] [--db KOORDINATOR] [--json]\n"
     "  Memindahkan orang ini (NIK, atau id P-000123 bagi yang belum ber-NIK) ke desa tujuan\n"
     "  yang provinsinya disimpan shard lain\n"
     "  (docs/scale.md). Shard asal mengeluarkan datanya (orang, keanggotaan PMKS, riwayat\n"
     "  tempat tinggal; hitungan provinsi asal untuk hari-hari sebelum pindah tetap), shard\n"
     "  tujuan memasukkannya dengan id dan NIK yang sama, dan keduanya baru berlaku bersama\n"
     "  saat keputusan dicatat di koordinator: tidak pernah ganda, tidak pernah hilang. Bila\n"
     "  terhenti (proses, shard atau koordinator mati), jalankan 'pilar cluster resolve'.\n"
     "  Ditolak bila data lain (program, rekening, duplikat ...) merujuk orangnya, bila\n"
     "  tanggal ada dalam periode yang disetujui, atau versi berbeda. Perlu superuser di shard.\n"
     "  --to KODE_DESA   desa/kelurahan tujuan\n"
     "  --kk NO_KK       keluarga tujuan (sudah terdaftar di shard tujuan); tanpa ini orang\n"
     "                   pindah tanpa keluarga\n"
     "  --date TANGGAL   hari pindah (bawaan: hari ini, UTC)\n"
     "  --version N      versi data orang yang dilihat operator (ditolak bila sudah berubah)\n"},
    {"cluster", "dedup", pl_cmd_cluster_dedup,
     "mencari orang yang tercatat ganda di dua shard (provinsi berbeda)",
     "pilar cluster dedup [--region KODE] [--threshold T] [--db KOORDINATOR] [--json]\n"
     "  Di koordinator: membaca orang hidup dari semua shard dan membandingkan yang sama jenis\n"
     "  kelamin, tanggal lahir lengkap dan kunci namanya di mana pun tinggalnya; pasangan dengan\n"
     "  skor >= T (bawaan 0,8) yang orangnya di shard berbeda dicatat di koordinator. Duplikat\n"
     "  di dalam satu shard dicari dengan 'pilar dedup' di shard itu.\n"},
    {"cluster", "pairs", pl_cmd_cluster_pairs, "daftar pasangan duplikat lintas shard",
     "pilar cluster pairs [--status open|not_same|merged|all] [--db KOORDINATOR] [--json]\n"},
    {"cluster", "merge", pl_cmd_cluster_merge,
     "menggabungkan pasangan duplikat lintas shard, atomik (commit dua fase)",
     "pilar cluster merge NOMOR --survivor NIK|ID|P-ID [--db KOORDINATOR] [--json]\n"
     "  Orang yang lain digabung ke orang --survivor seperti 'pilar dedup merge' di satu\n"
     "  basis data: keanggotaan PMKS-nya pindah ke survivor (kategori yang sama-sama terbuka\n"
     "  ditutup hari ini), NIK-nya pindah bila survivor belum ber-NIK, isian kosong survivor\n"
     "  dilengkapi, orangnya ditandai 'rejected' (digabung). Kedua shard berlaku bersama saat\n"
     "  keputusan dicatat di koordinator; bila terhenti: 'pilar cluster resolve'. Ditolak bila\n"
     "  orang yang digabung punya kepesertaan program atau rekening. Belum dapat dibatalkan.\n"},
    {"cluster", "distinct", pl_cmd_cluster_distinct,
     "mencatat pasangan lintas shard sebagai bukan orang yang sama",
     "pilar cluster distinct NOMOR [--db KOORDINATOR] [--json]\n"},
    {"cluster", "resolve", pl_cmd_cluster_resolve,
     "menyelesaikan penulisan lintas shard yang terhenti",
     "pilar cluster resolve [--db KOORDINATOR] [--json]\n"
     "  Untuk setiap penulisan lintas shard di jurnal koordinator yang prosesnya sudah tidak\n"
     "  berjalan: bila keputusannya sudah tercatat, bagian yang masih siap di shard diselesaikan\n"
     "  (berlaku); bila belum, dibatalkan. Transaksi siap di shard tanpa catatan jurnal\n"
     "  dibatalkan. Status keluar 1 bila ada yang belum dapat diselesaikan (shard mati).\n"},
    {"restore", NULL, pl_cmd_restore, "memulihkan basis data dari berkas cadangan",
     "pilar restore BERKAS [--db BASISDATA] [--dry-run] [--encrypt-key-file KUNCI] [--json]\n"
     "  Memeriksa cadangan seluruhnya (seperti sesudah 'pilar backup'), lalu memasangnya di\n"
     "  BASISDATA (dan BASISDATA-reads). Ditolak bila basis data itu sedang dibuka proses\n"
     "  lain (hentikan server dulu). Basis data lama disimpan sebagai\n"
     "  BASISDATA.before-restore (dan BASISDATA.before-restore-reads); salinan baru dipasang\n"
     "  dengan ganti nama, jadi tidak pernah setengah tertulis.\n"
     "  --dry-run   hanya memeriksa dan mencetak yang akan dipulihkan (versi skema, jumlah\n"
     "              baris, waktu cadangan); basis data tidak disentuh\n"},
    {"cleanup", NULL, pl_cmd_cleanup, "menghapus berkas tolakan impor yang lewat masa simpan",
     "pilar cleanup [--data-dir DIREKTORI] [--rejects-days N] [--json]\n"
     "  Menghapus berkas tolakan impor di DIREKTORI/rejects yang lebih tua dari N hari\n"
     "  (bawaan 7; 0 = hapus semua) dan sisa ekspor/laporan sementara server (lebih dari\n"
     "  1 jam), lalu mengetatkan izin yang tersisa (berkas 0600, direktori 0700). 'pilar\n"
     "  serve' menjalankannya sendiri saat mulai dan tiap jam.\n"
     "  --data-dir  bawaan ./pilar-data, sama dengan 'pilar serve'\n"},
};

static void usage(FILE *f)
{
    fprintf(f,
            "Pilar %s - sistem informasi kesejahteraan sosial\n\n"
            "Pemakaian: pilar [--db BERKAS] [--json] PERINTAH [OPSI]\n\n"
            "Perintah:\n",
            PILAR_VERSION);
    int width = 0;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        int w = (int)strlen(commands[i].group) +
                (commands[i].verb ? 1 + (int)strlen(commands[i].verb) : 0);
        width = w > width ? w : width;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        char name[64];
        snprintf(name, sizeof name, "%s%s%s", commands[i].group, commands[i].verb ? " " : "",
                 commands[i].verb ? commands[i].verb : "");
        fprintf(f, "  %-*s  %s\n", width, name, commands[i].summary);
    }
    fprintf(f,
            "\nOpsi umum:\n"
            "  --db BERKAS   basis data SQLite (bawaan: PILAR_DB atau ./pilar.db)\n"
            "  --db-key-file BERKAS\n"
            "                kunci enkripsi basis data (bawaan: PILAR_DB_KEY_FILE; hanya\n"
            "                pada build dengan -DPILAR_CIPHER=ON)\n"
            "  --json        keluaran JSON untuk mesin\n"
            "  --synchronous full|normal  ketahanan tulis (bawaan full, atau PILAR_SYNCHRONOUS):\n"
            "                full: tulisan yang sudah dijawab berhasil tetap ada walau listrik\n"
            "                padam; normal: lebih cepat, listrik padam dapat menghilangkan\n"
            "                tulisan beberapa saat terakhir (basis data tetap utuh)\n"
            "  --help        bantuan; 'pilar PERINTAH --help' untuk tiap perintah\n"
            "  --version     versi program\n\n"
            "Status keluar: 0 berhasil, 1 masukan salah atau ditolak, 2 kesalahan internal.\n");
}

static const pl_cli_command *find(const char *group, const char *verb, bool *group_known)
{
    *group_known = false;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(commands[i].group, group) != 0)
            continue;
        *group_known = true;
        if (commands[i].verb == NULL || (verb && strcmp(commands[i].verb, verb) == 0))
            return &commands[i];
    }
    return NULL;
}

static void group_usage(FILE *f, const char *group)
{
    fprintf(f, "Perintah '%s':\n", group);
    /* The verbs' column as wide as the group's longest verb (at least 10). */
    int width = 10;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].group, group) == 0 && commands[i].verb &&
            (int)strlen(commands[i].verb) > width)
            width = (int)strlen(commands[i].verb);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].group, group) == 0)
            fprintf(f, "  %s %-*s %s\n", group, width, commands[i].verb ? commands[i].verb : "",
                    commands[i].summary);
}

/* --synchronous / PILAR_SYNCHRONOUS: full (the default) or normal; see store.h. */
static int set_synchronous(pl_cli *c, const char *v)
{
    if (strcmp(v, "full") == 0 || strcmp(v, "FULL") == 0)
        c->store_flags &= ~(unsigned)PL_STORE_SYNC_NORMAL;
    else if (strcmp(v, "normal") == 0 || strcmp(v, "NORMAL") == 0)
        c->store_flags |= PL_STORE_SYNC_NORMAL;
    else {
        fprintf(stderr, "galat: --synchronous (atau PILAR_SYNCHRONOUS) harus full atau normal\n");
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    pl_cli c = {.out = stdout, .errs = stderr};
    pl_error_clear(&c.err);
    c.db_path = getenv("PILAR_DB");
    if (c.db_path == NULL || c.db_path[0] == '\0')
        c.db_path = "pilar.db";
    const char *login = getenv("USER");
    snprintf(c.actor_name, sizeof c.actor_name, "cli:%s", login && login[0] ? login : "root");
    c.actor.user = c.actor_name;
    c.actor.client = "cli";
    const char *sync = getenv("PILAR_SYNCHRONOUS");
    if (sync && sync[0] && set_synchronous(&c, sync) != 0)
        return 1;
    const char *pwhash = getenv("PILAR_PWHASH");
    c.pwhash_cost =
        pwhash && strcmp(pwhash, "fast") == 0 ? PL_AUTH_COST_MIN : PL_AUTH_COST_INTERACTIVE;

    /* Global options may appear anywhere; take them out of argv. */
    int n = 0;
    bool help = false;
    const char *key_file = getenv("PILAR_DB_KEY_FILE");
    for (int i = 1; i < argc; i++) {
        const char *v;
        if (strcmp(argv[i], "--json") == 0) {
            c.json = true;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            help = true;
        } else if (strcmp(argv[i], "--version") == 0 && n == 0) {
            /* Only before the command: `person update --version N` is the record's version. */
            printf("pilar %s\n", PILAR_VERSION);
            return 0;
        } else if (pl_cli_opt(argc, argv, &i, "--synchronous", &v)) {
            if (set_synchronous(&c, v ? v : "") != 0)
                return 1;
        } else if (pl_cli_opt(argc, argv, &i, "--db", &v)) {
            if (v == NULL || v[0] == '\0') {
                fprintf(stderr, "galat: opsi --db memerlukan nama berkas\n");
                return 1;
            }
            c.db_path = v;
        } else if (pl_cli_opt(argc, argv, &i, "--db-key-file", &v)) {
            if (v == NULL || v[0] == '\0') {
                fprintf(stderr, "galat: opsi --db-key-file memerlukan nama berkas\n");
                return 1;
            }
            key_file = v;
        } else {
            argv[++n] = argv[i];
        }
    }
    argc = n + 1;
    if (key_file && key_file[0] && !help && pl_store_use_key_file(key_file, &c.err)) {
        fprintf(stderr, "galat: %s: %s\n", c.err.field, c.err.message);
        return 1;
    }
    if (argc < 2) {
        usage(help ? stdout : stderr);
        return help ? 0 : 1;
    }
    bool group_known;
    const pl_cli_command *cmd = find(argv[1], argc > 2 ? argv[2] : NULL, &group_known);
    if (cmd == NULL) {
        if (group_known) {
            if (help && argc == 2) {
                group_usage(stdout, argv[1]);
                return 0;
            }
            fprintf(stderr, "galat: subperintah '%s' tidak dikenal\n", argc > 2 ? argv[2] : "");
            group_usage(stderr, argv[1]);
        } else {
            fprintf(stderr, "galat: perintah '%s' tidak dikenal; lihat 'pilar --help'\n", argv[1]);
        }
        return 1;
    }
    if (help) {
        printf("%s\n\n%s", cmd->summary, cmd->usage);
        return 0;
    }
    pl_cli_shown_location(c.db_shown, sizeof c.db_shown, c.db_path);
    /* Encryption at rest is SQLite's (the file); a PostgreSQL server's is its own (disk or
     * file-system encryption). A key given for PostgreSQL would protect nothing: refused, except
     * for `db copy`, whose SQLite side may be encrypted. */
    if (key_file && key_file[0] && pl_store_location_is_pg(c.db_path) &&
        !(strcmp(argv[1], "db") == 0 && argc > 2 && strcmp(argv[2], "copy") == 0)) {
        fprintf(stderr,
                "galat: db-key-file: kunci enkripsi hanya berlaku untuk basis data SQLite; "
                "data di PostgreSQL dilindungi oleh enkripsi disk atau sistem berkas "
                "server. Hapus --db-key-file / PILAR_DB_KEY_FILE untuk %s\n",
                c.db_shown);
        return 1;
    }
    int skip = cmd->verb ? 3 : 2;
    int rc = cmd->fn(&c, argc - skip, argv + skip);
    if (rc < 0) {
        if (c.err.code == PL_OK)
            pl_error_set(&c.err, rc, "", "kesalahan tanpa keterangan (%s)", pl_error_code_name(rc));
        if (c.json) {
            json_t *e = json_pack("{s:{s:s,s:s,s:s}}", "error", "code", pl_error_code_name(rc),
                                  "message", c.err.message, "field", c.err.field);
            json_dumpf(e, stderr, JSON_COMPACT);
            fputc('\n', stderr);
            json_decref(e);
        } else if (c.err.field[0]) {
            fprintf(stderr, "galat: %s: %s\n", c.err.field, c.err.message);
        } else {
            fprintf(stderr, "galat: %s\n", c.err.message);
        }
        return pl_error_exit_status(rc);
    }
    if (fflush(stdout) != 0)
        return 2;
    return rc; /* 0, or 1 when a command reports bad input it has printed itself */
}
