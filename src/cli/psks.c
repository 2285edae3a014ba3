/* psks.c - `pilar psks add|list`. */
#include "cli/cli.h"
#include "domain/category.h"
#include "io/record_json.h"
#include "service/registry.h"

#include <stdlib.h>
#include <string.h>

int pl_cmd_psks_add(pl_cli *c, int argc, char **argv)
{
    pl_psks_input in = {0};
    const char *type = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--type", &v) && v)
            type = v;
        else if (pl_cli_opt(argc, argv, &i, "--name", &v) && v)
            in.name = v;
        else if (pl_cli_opt(argc, argv, &i, "--area", &v) && v)
            in.area = v;
        else if (pl_cli_opt(argc, argv, &i, "--nik", &v) && v)
            in.nik = v;
        else if (pl_cli_opt(argc, argv, &i, "--address", &v) && v)
            in.address = v;
        else if (pl_cli_opt(argc, argv, &i, "--phone", &v) && v)
            in.phone = v;
        else if (pl_cli_opt(argc, argv, &i, "--email", &v) && v)
            in.email = v;
        else if (pl_cli_opt(argc, argv, &i, "--lat", &v) && v)
            in.lat = v;
        else if (pl_cli_opt(argc, argv, &i, "--lon", &v) && v)
            in.lon = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    const pl_category *cat = type ? pl_psks_find(type) : NULL;
    if (cat == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "jenis",
                            "--type wajib berisi kode atau nama PSKS (lihat 'pilar category list "
                            "--psks')");
    in.type = cat->code;
    if (in.name == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "nama", "--name wajib diisi");
    if (in.area == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "kode_wilayah",
                            "--area wajib berisi kode wilayah yang dilayani (mis. 64.74.01)");
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    pl_psks_unit u;
    if ((rc = pl_registry_psks_add(&u, s, &c->actor, "", &in, &c->err)))
        goto out;
    if (c->json)
        rc = pl_cli_print_json(c, pl_json_psks(&u, 0));
    else
        fprintf(c->out, "%s '%s' terdaftar (id %lld), melayani wilayah %s.\n", cat->short_name,
                u.name, (long long)u.id, u.area_code);
out:
    pl_store_close(s);
    return rc;
}

typedef struct list_ctx {
    pl_cli *c;
    json_t *arr;
    int n;
} list_ctx;

static int print_unit(void *ctx, const pl_psks_unit *u)
{
    list_ctx *l = ctx;
    l->n++;
    if (l->arr) {
        json_array_append_new(l->arr, pl_json_psks(u, 0));
        return 0;
    }
    const pl_category *cat = pl_psks_get(u->type);
    fprintf(l->c->out, "%-6lld %-14s %-14s %-36s %s\n", (long long)u->id, u->area_code,
            cat ? cat->short_name : "?", u->name, u->phone);
    return 0;
}

int pl_cmd_psks_list(pl_cli *c, int argc, char **argv)
{
    char region[PL_REGION_CODE_MAX] = "";
    int type = 0;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--region", &v) && v) {
            if (pl_region_code_normalize(region, v) < 0)
                return pl_error_set(&c->err, PL_EINVAL, "region", "kode wilayah '%s' tidak valid",
                                    v);
        } else if (pl_cli_opt(argc, argv, &i, "--type", &v) && v) {
            const pl_category *cat = pl_psks_find(v);
            if (cat == NULL)
                return pl_error_set(&c->err, PL_EINVAL, "type", "jenis PSKS '%s' tidak dikenal", v);
            type = cat->code;
        } else {
            return pl_cli_bad_option(c, argv[i]);
        }
    }
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    list_ctx l = {c, c->json ? json_array() : NULL, 0};
    rc = pl_store_psks_list(s, region, type, print_unit, &l, &c->err);
    pl_store_close(s);
    if (rc) {
        json_decref(l.arr);
        return rc;
    }
    if (c->json)
        return pl_cli_print_json(c, json_pack("{s:o}", "items", l.arr));
    if (l.n == 0)
        fprintf(c->out, "Belum ada PSKS terdaftar di wilayah ini.\n");
    return 0;
}
