/* import.c - `pilar import FILE`: bulk import with a rejects file and a summary. */
#include "cli/cli.h"
#include "domain/numfmt.h"
#include "io/import_json.h"
#include "service/import.h"
#include "service/import_template.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void progress(void *ctx, double fraction, long rows)
{
    fprintf(ctx, "\r  %5.1f%%  %ld baris dibaca", fraction * 100.0, rows);
    fflush(ctx);
}

int pl_cmd_import(pl_cli *c, int argc, char **argv)
{
    pl_import_options o = {.scope = ""};
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (strcmp(argv[i], "--dry-run") == 0)
            o.dry_run = true;
        else if (strcmp(argv[i], "--all-or-nothing") == 0)
            o.all_or_nothing = true;
        else if (pl_cli_opt(argc, argv, &i, "--sheet", &v) && v)
            o.sheet = v;
        else if (pl_cli_opt(argc, argv, &i, "--rejects", &v) && v)
            o.rejects_path = v;
        else if (pl_cli_opt(argc, argv, &i, "--batch", &v) && v)
            o.batch_rows = atoi(v);
        else if (argv[i][0] != '-' && o.path == NULL)
            o.path = argv[i];
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (o.path == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "berkas", "beri nama berkas CSV atau XLSX");
    if (o.batch_rows < 0)
        return pl_error_set(&c->err, PL_EINVAL, "batch", "--batch harus bilangan positif");
    pl_date today;
    pl_cli_today(&today.year, &today.month, &today.day);
    o.today = &today;
    if (!c->json && isatty(STDERR_FILENO)) {
        o.progress = progress;
        o.progress_ctx = c->errs;
    }
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    pl_import_summary sum;
    rc = pl_import_run(s, &c->actor, &o, &sum, &c->err);
    pl_store_close(s);
    if (o.progress)
        fprintf(c->errs, "\r%40s\r", "");
    if (rc)
        return rc;
    if (c->json) {
        json_t *o2 = pl_json_import_summary(&sum, o.path);
        if (o2) {
            json_object_set_new(o2, "rejects_file",
                                sum.rejects_file[0] ? json_string(sum.rejects_file) : json_null());
            json_object_set_new(o2, "dry_run", json_boolean(o.dry_run));
        }
        rc = pl_cli_print_json(c, o2);
    } else {
        char a[32], b[32], d[32], e[32];
        pl_numfmt_int(a, sizeof a, sum.read);
        fprintf(c->out, "Impor %s (%s): %s baris dibaca dalam %.1f detik.\n", o.path, sum.format, a,
                sum.seconds);
        if (sum.sheet[0])
            fprintf(c->out, "  Dibaca: lembar '%s', baris judul %ld\n", sum.sheet, sum.header_row);
        else if (sum.header_row > 1)
            fprintf(c->out, "  Dibaca: baris judul %ld\n", sum.header_row);
        if (sum.signature_from)
            fprintf(c->out,
                    "  baris %ld\u2013%ld dibaca sebagai blok tanda tangan, tidak diimpor\n",
                    sum.signature_from, sum.signature_to);
        pl_numfmt_int(a, sizeof a, sum.inserted);
        pl_numfmt_int(b, sizeof b, sum.updated);
        pl_numfmt_int(d, sizeof d, sum.unchanged);
        pl_numfmt_int(e, sizeof e, sum.rejected);
        fprintf(c->out, "  baru: %s, diubah: %s, tetap: %s, ditolak: %s", a, b, d, e);
        if (sum.conflicts)
            fprintf(c->out, " (%ld karena NIK ganda berbeda isi)", sum.conflicts);
        if (sum.pending)
            fprintf(c->out, ", menunggu penyelesaian: %ld", sum.pending);
        fputc('\n', c->out);
        if (sum.without_nik)
            fprintf(c->out, "  tanpa NIK: %ld baris", sum.without_nik);
        if (sum.review)
            fprintf(c->out,
                    ", %ld mirip orang yang sudah terdaftar: masuk antrean tinjauan "
                    "duplikat (pilar dedup list)",
                    sum.review);
        if (sum.without_nik)
            fputc('\n', c->out);
        if (sum.flagged)
            fprintf(c->out,
                    "  %ld baris dimuat dengan tanda 'perlu verifikasi' (NIK tidak cocok "
                    "dengan tanggal lahir atau jenis kelamin, kode wilayah lama, atau rumah jauh "
                    "di luar "
                    "batas kabupaten/kota).\n",
                    sum.flagged);
        fprintf(c->out, "  keluarga baru: %ld, kategori PMKS baru: %ld\n", sum.households_inserted,
                sum.memberships_added);
        if (sum.candidates)
            fprintf(c->out,
                    "  %ld kemungkinan data ganda masuk antrean tinjauan (lihat 'pilar dedup "
                    "list' atau halaman Duplikat).\n",
                    sum.candidates);
        for (int i = 0; i < sum.n_unknown; i++)
            fprintf(c->out, "  kolom '%s' tidak dikenal dan diabaikan\n", sum.unknown_columns[i]);
        if (sum.rejects_file[0])
            fprintf(c->out,
                    "  Baris yang ditolak beserta alasannya: %s (perbaiki lalu impor "
                    "ulang berkas itu)\n",
                    sum.rejects_file);
        if (o.dry_run)
            fprintf(c->out, "  Uji coba (--dry-run): tidak ada yang disimpan.\n");
        else if (!sum.committed)
            fprintf(c->out, "  --all-or-nothing: ada baris ditolak, tidak ada yang disimpan.\n");
    }
    if (rc == 0 && !sum.committed && o.all_or_nothing && !o.dry_run)
        return 1;
    return rc;
}

int pl_cmd_import_template(pl_cli *c, int argc, char **argv)
{
    const char *out = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--out", &v) && v)
            out = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (out == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "out",
                            "beri nama berkas templat: --out BERKAS.xlsx");
    int rc = pl_import_template_make(out, &c->err);
    if (rc)
        return rc;
    if (c->json) {
        json_t *o = json_pack("{s:s,s:s,s:s}", "file", out, "sheet", "Data", "codes_sheet", "Kode");
        return pl_cli_print_json(c, o);
    }
    fprintf(c->out,
            "Templat impor ditulis: %s\n"
            "  Isi lembar 'Data' mulai baris 2 (ganti baris contoh); kolom NIK dan No. KK sudah\n"
            "  berformat Teks. Kode yang sah ada di lembar 'Kode'.\n",
            out);
    return 0;
}
