/*
 * main.c - `pilar <command> [options]`: global options and the one
 * dispatch table. Commands live in src/cli/, one file per group.
 */
#include "cli/cli.h"

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
    {"check", NULL, pl_cmd_check, "memeriksa keutuhan basis data",
     "pilar check [--json]\n"
     "  Menjalankan PRAGMA integrity_check dan foreign_key_check; status keluar 2 bila rusak.\n"},
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
    {"person", "add", pl_cmd_person_add, "mendaftarkan orang ke dalam keluarga",
     "pilar person add --nik NIK --name NAMA --birth-date TGL --sex L|P --kk NO_KK\n"
     "                 [--birth-place TEMPAT] [--relationship HUBUNGAN] [--mother NAMA_IBU]\n"
     "                 [--disability JENIS] [--pmks KODE[@TGL];...] [--lat LAT --lon LON] [--json]\n"
     "  Keluarga (--kk) harus sudah terdaftar. Tanggal: YYYY-MM-DD, DD-MM-YYYY atau DD/MM/YYYY.\n"},
    {"person", "show", pl_cmd_person_show, "menampilkan orang, kategorinya dan riwayatnya",
     "pilar person show NIK|ID [--json]\n"},
    {"person", "update", pl_cmd_person_update, "mengubah data orang (tercatat di riwayat)",
     "pilar person update NIK|ID [--name NAMA] [--birth-date TGL] [--birth-place TEMPAT]\n"
     "                    [--sex L|P] [--relationship H] [--mother NAMA] [--disability JENIS]\n"
     "                    [--death-date TGL] [--kk NO_KK] [--nik NIK_BARU]\n"
     "                    [--pmks-add KODE[@TGL]] [--pmks-end KODE[@TGL]] [--version N] [--json]\n"
     "  --version  tolak bila data sudah diubah orang lain sejak versi N\n"},
    {"person", "search", pl_cmd_person_search, "mencari orang",
     "pilar person search [TEKS] [--nik NIK] [--kk NO_KK] [--name TEKS] [--region KODE]\n"
     "                    [--state draft|verified|rejected] [--category KODE] [--limit N]\n"
     "                    [--after ID] [--json]\n"
     "  TEKS mencari nama (ejaan dinormalkan: Moh./Muhammad, Noor/Nur, gelar diabaikan).\n"},
    {"category", "list", pl_cmd_category_list, "daftar kategori PMKS dan PSKS",
     "pilar category list [--psks] [--json]\n"},
    {"psks", "add", pl_cmd_psks_add, "mendaftarkan PSKS (TKSK, PSM, Tagana, LKS, ...)",
     "pilar psks add --type KODE --name NAMA --area KODE_WILAYAH [--nik NIK] [--address A]\n"
     "               [--phone TELP] [--email EMAIL] [--lat LAT --lon LON] [--json]\n"},
    {"psks", "list", pl_cmd_psks_list, "daftar PSKS di suatu wilayah",
     "pilar psks list [--region KODE] [--type KODE] [--json]\n"},
    {"nik", "check", pl_cmd_nik_check, "memeriksa NIK (atau No. KK dengan --kk)",
     "pilar nik check NIK... [--kk] [--json]\n"
     "  Menampilkan arti NIK (wilayah terbit, tanggal lahir, jenis kelamin) dan setiap masalah.\n"},
    {"import", NULL, pl_cmd_import, "mengimpor orang dari CSV atau XLSX",
     "pilar import BERKAS [--sheet LEMBAR] [--dry-run] [--all-or-nothing] [--rejects BERKAS]\n"
     "                    [--batch N] [--json]\n"
     "  Kolom dikenali dari baris judul (nik, no_kk, nama, tempat_lahir, tanggal_lahir,\n"
     "  jenis_kelamin, hubungan_keluarga, nama_ibu, alamat, rt, rw, kode_desa, pmks,\n"
     "  disabilitas, latitude, longitude; juga alias seperti 'No. NIK', 'NAMA LENGKAP').\n"
     "  Baris sah disimpan per NIK (baru atau diubah, riwayat tersimpan); baris ditolak ditulis\n"
     "  ke BERKAS-ditolak.csv dengan kolom 'alasan' untuk diperbaiki dan diimpor ulang.\n"
     "  --dry-run         periksa saja, tidak menyimpan\n"
     "  --all-or-nothing  satu transaksi; satu baris ditolak = tidak ada yang disimpan\n"
     "  --batch N         baris per transaksi (bawaan 20000; keluarga tidak terpotong)\n"},
    {"export", NULL, pl_cmd_export, "mengekspor orang ke CSV atau XLSX (kolom baku)",
     "pilar export --region KODE --out BERKAS [--format csv|xlsx] [--state STATUS]\n"
     "             [--category KODE] [--alive] [--mask-nik] [--json]\n"
     "  Kolom sama dengan impor; berkas ekspor dapat diimpor lagi tanpa perubahan.\n"},
    {"verify", "queue", pl_cmd_verify_queue, "antrean data draf yang menunggu verifikasi",
     "pilar verify queue [--region KODE] [--limit N] [--after ID] [--json]\n"},
    {"verify", "accept", pl_cmd_verify_accept, "menandai data terverifikasi",
     "pilar verify accept NIK|ID... [--reason CATATAN]\n"
     "pilar verify accept --region KODE --all-drafts\n"
     "  Semua dalam satu transaksi: gagal satu, tidak ada yang berubah.\n"},
    {"verify", "reject", pl_cmd_verify_reject, "menolak data (wajib dengan alasan)",
     "pilar verify reject NIK|ID... --reason ALASAN\n"},
    {"report", "counts", pl_cmd_report_counts, "jumlah PMKS per wilayah dan kategori pada satu tanggal",
     "pilar report counts --region KODE [--date TGL] [--level 1-4] [--viewer] [--json]\n"
     "  Orang dan keluarga per kategori PMKS pada tanggal itu (bawaan: hari ini), menurut\n"
     "  riwayat keanggotaan, kematian dan pindah desa. --level memilih rincian (2 kab/kota,\n"
     "  3 kecamatan, 4 desa). --viewer menampilkan angka 1-4 sebagai \"<5\".\n"},
    {"report", "compare", pl_cmd_report_compare, "membandingkan dua periode, kenaikan terbesar dahulu",
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
    {"period", "approve", pl_cmd_period_approve, "mengesahkan (mengunci) data satu periode kab/kota",
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
    {"intervention", "update", pl_cmd_intervention_update, "mengubah status / menambah tindak lanjut",
     "pilar intervention update ID [--status S] [--note CATATAN] [--date TGL] [--version N]\n"
     "                          [--json]\n"},
    {"intervention", "overdue", pl_cmd_intervention_overdue, "intervensi lewat tenggat",
     "pilar intervention overdue [--region KODE] [--year TAHUN_RAKOR] [--date TGL] [--json]\n"},
    {"gen", NULL, pl_cmd_gen, "membuat data contoh (demo dan benchmark) dalam CSV impor",
     "pilar gen [--people N] [--region 64,65] [--seed S] [--dup-rate R] [--out BERKAS|-]\n"
     "          [--truth BERKAS] [--today YYYY-MM-DD]\n"
     "  Orang dalam keluarga yang masuk akal di desa-desa nyata wilayah itu (kode wilayah harus\n"
     "  sudah dimuat). Hasil sama untuk --seed dan --today yang sama. --dup-rate menyisipkan\n"
     "  duplikat yang rusak (salah ketik, nama panggilan, NIK rusak) dan --truth mencatatnya.\n"},
    {"user", "add", pl_cmd_user_add, "membuat akun pengguna (peran dan cakupan wilayah)",
     "pilar user add NAMA --role admin|province|regency|district|village|viewer\n"
     "               [--scope KODE_WILAYAH] [--generate-password] [--if-absent] [--json]\n"
     "  Kata sandi dibaca dari masukan standar (diminta dua kali di terminal), atau dibuat\n"
     "  acak dan ditampilkan sekali dengan --generate-password. Cakupan sesuai peran:\n"
     "  province 64, regency 64.74, district 64.74.01, village 64.74.01.1001.\n"},
    {"user", "list", pl_cmd_user_list, "daftar akun", "pilar user list [--json]\n"},
    {"user", "passwd", pl_cmd_user_passwd, "mengganti kata sandi (dari masukan standar)",
     "pilar user passwd NAMA\n"},
    {"user", "disable", pl_cmd_user_disable, "menonaktifkan (atau --enable) akun",
     "pilar user disable NAMA [--enable]\n"
     "  Akun nonaktif tidak dapat masuk; sesinya berakhir dan tokennya tidak berlaku.\n"},
    {"user", "token", pl_cmd_user_token, "membuat token API (Authorization: Bearer ...)",
     "pilar user token NAMA [--label LABEL] [--json]\n"
     "  Mencetak token baru sekali saja; yang disimpan hanya sidiknya.\n"},
    {"user", "revoke", pl_cmd_user_revoke, "mencabut token API",
     "pilar user revoke NAMA [--token ID] [--list]\n"
     "  Tanpa --token semua token pengguna itu dicabut; --list menampilkan token.\n"},
    {"serve", NULL, pl_cmd_serve, "menjalankan server HTTP (API JSON dan antarmuka web)",
     "pilar serve [--listen ALAMAT:PORT] [--web DIREKTORI] [--data-dir DIREKTORI]\n"
     "            [--threads N] [--timeout DETIK] [--routes]\n"
     "  --listen    bawaan 127.0.0.1:8080\n"
     "  --web       berkas statis antarmuka (bawaan ./web)\n"
     "  --data-dir  berkas sisi server, mis. tolakan impor (bawaan ./pilar-data)\n"
     "  --threads   jumlah thread pekerja (bawaan: jumlah inti)\n"
     "  --routes    cetak tabel rute API lalu keluar\n"
     "  SIGTERM/SIGINT: permintaan yang berjalan diselesaikan, basis data ditutup rapi.\n"},
};

static void usage(FILE *f)
{
    fprintf(f, "Pilar %s - sistem informasi kesejahteraan sosial\n\n"
               "Pemakaian: pilar [--db BERKAS] [--json] PERINTAH [OPSI]\n\n"
               "Perintah:\n",
            PILAR_VERSION);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        char name[40];
        snprintf(name, sizeof name, "%s%s%s", commands[i].group, commands[i].verb ? " " : "",
                 commands[i].verb ? commands[i].verb : "");
        fprintf(f, "  %-18s %s\n", name, commands[i].summary);
    }
    fprintf(f, "\nOpsi umum:\n"
               "  --db BERKAS   basis data SQLite (bawaan: PILAR_DB atau ./pilar.db)\n"
               "  --json        keluaran JSON untuk mesin\n"
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
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].group, group) == 0)
            fprintf(f, "  %s %-10s %s\n", group, commands[i].verb, commands[i].summary);
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

    /* Global options may appear anywhere; take them out of argv. */
    int n = 0;
    bool help = false;
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
        } else if (pl_cli_opt(argc, argv, &i, "--db", &v)) {
            if (v == NULL || v[0] == '\0') {
                fprintf(stderr, "galat: opsi --db memerlukan nama berkas\n");
                return 1;
            }
            c.db_path = v;
        } else {
            argv[++n] = argv[i];
        }
    }
    argc = n + 1;
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
            fprintf(stderr, "galat: perintah '%s' tidak dikenal; lihat 'pilar --help'\n",
                    argv[1]);
        }
        return 1;
    }
    if (help) {
        printf("%s\n\n%s", cmd->summary, cmd->usage);
        return 0;
    }
    int skip = cmd->verb ? 3 : 2;
    int rc = cmd->fn(&c, argc - skip, argv + skip);
    if (rc < 0) {
        if (c.err.code == PL_OK)
            pl_error_set(&c.err, rc, "", "kesalahan tanpa keterangan (%s)",
                         pl_error_code_name(rc));
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
