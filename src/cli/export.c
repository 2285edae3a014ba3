/* export.c - `pilar export`: people in the canonical columns as CSV or XLSX. */
#include "cli/cli.h"
#include "domain/category.h"
#include "service/export.h"
#include "store/store.h"
#include "domain/ident.h"
#include "store/ident.h"

#include <string.h>

int pl_cmd_export(pl_cli *c, int argc, char **argv)
{
    pl_export_options o = {.format = PL_EXPORT_CSV};
    char region[PL_REGION_CODE_MAX] = "";
    const char *format = NULL;
    bool have_region = false, hide = false;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--region", &v) && v) {
            if (pl_region_code_normalize(region, v) < 0)
                return pl_error_set(&c->err, PL_EINVAL, "region",
                                    "kode wilayah '%s' tidak valid (mis. 64 atau 64.74)", v);
            have_region = true;
        } else if (pl_cli_opt(argc, argv, &i, "--format", &v) && v) {
            format = v;
        } else if (pl_cli_opt(argc, argv, &i, "--out", &v) && v) {
            o.out_path = v;
        } else if (pl_cli_opt(argc, argv, &i, "--state", &v) && v) {
            if (strcmp(v, "draft") && strcmp(v, "verified") && strcmp(v, "rejected"))
                return pl_error_set(&c->err, PL_EINVAL, "state",
                                    "--state harus draft, verified atau rejected");
            o.query.state = v;
        } else if (pl_cli_opt(argc, argv, &i, "--category", &v) && v) {
            const pl_category *cat = pl_pmks_find(v);
            if (cat == NULL)
                return pl_error_set(&c->err, PL_EINVAL, "category",
                                    "kategori PMKS '%s' tidak dikenal", v);
            o.query.category = cat->code;
        } else if (strcmp(argv[i], "--alive") == 0) {
            o.query.alive_only = true;
        } else if (strcmp(argv[i], "--mask-nik") == 0) {
            hide = true;
        } else {
            return pl_cli_bad_option(c, argv[i]);
        }
    }
    if (!have_region)
        return pl_error_set(&c->err, PL_EINVAL, "region",
                            "--region wajib diisi (mis. --region 64.74); pakai --region 64 untuk "
                            "satu provinsi");
    if (o.out_path == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "out", "--out BERKAS wajib diisi");
    if (format == NULL) {
        const char *dot = strrchr(o.out_path, '.');
        format = dot && strcmp(dot, ".xlsx") == 0 ? "xlsx" : "csv";
    }
    int f = pl_export_format_parse(format);
    if (f < 0)
        return pl_error_set(&c->err, PL_EINVAL, "format", "--format harus csv atau xlsx");
    o.format = (pl_export_format)f;
    o.query.region = region;
    o.query.scope = "";
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    /* --mask-nik: what a role without the full-NIK permission gets (pseudonyms, birth years). */
    unsigned char key[PL_IDENT_KEY_LEN];
    pl_ident_view view;
    if (hide && (rc = pl_store_ident_key(s, key, &c->err)) == 0)
        o.view = pl_ident_view_init(&view, 0, key);
    long rows = 0;
    if (rc == 0)
        rc = pl_export_run(s, &c->actor, &o, &rows, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json)
        return pl_cli_print_json(c, json_pack("{s:s,s:s,s:s,s:I}", "out", o.out_path, "format",
                                              format, "region", region, "rows", (json_int_t)rows));
    fprintf(c->out, "%ld orang dari wilayah %s diekspor ke %s (%s).\n", rows, region, o.out_path,
            format);
    return 0;
}
