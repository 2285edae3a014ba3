/* psks.c - `pilar psks add|update|list|import`. */
#include "cli/cli.h"
#include "domain/category.h"
#include "io/record_json.h"
#include "service/psks.h"
#include "store/psks.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

int pl_cmd_psks_add(pl_cli *c, int argc, char **argv)
{
    pl_psks_unit u = {0};
    const char *type = NULL, *nik = NULL, *lat = NULL, *lon = NULL, *serves = NULL;
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--type", &v) && v)
            type = v;
        else if (pl_cli_opt(argc, argv, &i, "--name", &v) && v)
            rc = PL_CLI_COPY(c, u.name, v, "name");
        else if (pl_cli_opt(argc, argv, &i, "--area", &v) && v)
            rc = PL_CLI_COPY(c, u.area_code, v, "region");
        else if (pl_cli_opt(argc, argv, &i, "--nik", &v) && v)
            nik = v;
        else if (pl_cli_opt(argc, argv, &i, "--address", &v) && v)
            rc = PL_CLI_COPY(c, u.address, v, "address");
        else if (pl_cli_opt(argc, argv, &i, "--phone", &v) && v)
            rc = PL_CLI_COPY(c, u.phone, v, "phone");
        else if (pl_cli_opt(argc, argv, &i, "--email", &v) && v)
            rc = PL_CLI_COPY(c, u.email, v, "email");
        else if (pl_cli_opt(argc, argv, &i, "--lat", &v) && v)
            lat = v;
        else if (pl_cli_opt(argc, argv, &i, "--lon", &v) && v)
            lon = v;
        else if (pl_cli_opt(argc, argv, &i, "--serves", &v) && v)
            serves = v;
        else if (pl_cli_opt(argc, argv, &i, "--decree", &v) && v)
            rc = PL_CLI_COPY(c, u.decree_no, v, "decree_no");
        else if (pl_cli_opt(argc, argv, &i, "--decree-date", &v) && v)
            rc = PL_CLI_COPY(c, u.decree_date, v, "decree_date");
        else if (pl_cli_opt(argc, argv, &i, "--reg-no", &v) && v)
            rc = PL_CLI_COPY(c, u.reg_no, v, "reg_no");
        else if (pl_cli_opt(argc, argv, &i, "--accreditation", &v) && v)
            rc = PL_CLI_COPY(c, u.accreditation, v, "accreditation");
        else if (pl_cli_opt(argc, argv, &i, "--accreditation-date", &v) && v)
            rc = PL_CLI_COPY(c, u.accreditation_date, v, "accreditation_date");
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc || (serves && (rc = pl_psks_areas_parse(&u, serves, &c->err))))
        return rc;
    if (lat || lon) {
        char *e1 = NULL, *e2 = NULL;
        u.lat = lat ? strtod(lat, &e1) : 0;
        u.lon = lon ? strtod(lon, &e2) : 0;
        if (!lat || !lon || e1 == lat || *e1 || e2 == lon || *e2)
            return pl_error_set(&c->err, PL_EINVAL, "latitude",
                                "--lat dan --lon harus berdua dan berupa angka");
        u.has_coord = true;
    }
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    if ((rc = pl_psks_register(s, &c->actor, "", type, nik, &u, &c->err)) == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, pl_json_psks(&u, 0));
        else
            fprintf(c->out, "%s '%s' terdaftar (id %lld), wilayah asal %s%s%s.\n",
                    pl_psks_get(u.type)->label, u.name, (long long)u.id, u.area_code,
                    u.n_areas ? ", melayani " : "", u.n_areas ? serves : "");
    }
    pl_store_close(s);
    return rc;
}

int pl_cmd_psks_update(pl_cli *c, int argc, char **argv)
{
    pl_psks_change chg = {0};
    int64_t id = 0;
    const char *lat = NULL, *lon = NULL, *ver = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--type", &v) && v)
            chg.type = v;
        else if (pl_cli_opt(argc, argv, &i, "--name", &v) && v)
            chg.name = v;
        else if (pl_cli_opt(argc, argv, &i, "--area", &v) && v)
            chg.region = v;
        else if (pl_cli_opt(argc, argv, &i, "--nik", &v) && v)
            chg.nik = v;
        else if (pl_cli_opt(argc, argv, &i, "--address", &v) && v)
            chg.address = v;
        else if (pl_cli_opt(argc, argv, &i, "--phone", &v) && v)
            chg.phone = v;
        else if (pl_cli_opt(argc, argv, &i, "--email", &v) && v)
            chg.email = v;
        else if (pl_cli_opt(argc, argv, &i, "--until", &v) && v)
            chg.valid_to = strcmp(v, "-") == 0 ? "" : v;
        else if (pl_cli_opt(argc, argv, &i, "--lat", &v) && v)
            lat = v;
        else if (pl_cli_opt(argc, argv, &i, "--lon", &v) && v)
            lon = v;
        else if (strcmp(argv[i], "--no-coord") == 0)
            chg.coord = -1;
        else if (pl_cli_opt(argc, argv, &i, "--serves", &v) && v)
            chg.areas = strcmp(v, "-") == 0 ? "" : v;
        else if (pl_cli_opt(argc, argv, &i, "--decree", &v) && v)
            chg.decree_no = v;
        else if (pl_cli_opt(argc, argv, &i, "--decree-date", &v) && v)
            chg.decree_date = strcmp(v, "-") == 0 ? "" : v;
        else if (pl_cli_opt(argc, argv, &i, "--reg-no", &v) && v)
            chg.reg_no = v;
        else if (pl_cli_opt(argc, argv, &i, "--accreditation", &v) && v)
            chg.accreditation = strcmp(v, "-") == 0 ? "" : v;
        else if (pl_cli_opt(argc, argv, &i, "--accreditation-date", &v) && v)
            chg.accreditation_date = strcmp(v, "-") == 0 ? "" : v;
        else if (pl_cli_opt(argc, argv, &i, "--version", &v) && v)
            ver = v;
        else if (argv[i][0] != '-' && id == 0) {
            char *e = NULL;
            long long x = strtoll(argv[i], &e, 10);
            if (*e || x < 1)
                return pl_error_set(&c->err, PL_EINVAL, "id", "id unit PSKS harus bilangan >= 1");
            id = x;
        } else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (id == 0)
        return pl_error_set(&c->err, PL_EINVAL, "id", "sebutkan id unit PSKS (pilar psks list)");
    if (lat || lon) {
        char *e1 = NULL, *e2 = NULL;
        chg.lat = lat ? strtod(lat, &e1) : 0;
        chg.lon = lon ? strtod(lon, &e2) : 0;
        if (!lat || !lon || e1 == lat || *e1 || e2 == lon || *e2)
            return pl_error_set(&c->err, PL_EINVAL, "latitude",
                                "--lat dan --lon harus berdua dan berupa angka");
        chg.coord = 1;
    }
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    pl_psks_unit u;
    if (ver) {
        char *e = NULL;
        chg.version = strtoll(ver, &e, 10);
        if (*e || chg.version < 1)
            rc = pl_error_set(&c->err, PL_EINVAL, "version", "--version harus bilangan >= 1");
    } else if ((rc = pl_store_psks_get(s, &u, id, &c->err)) == 0) {
        chg.version = u.version; /* the command line changes what it just read */
    }
    if (rc == 0 && (rc = pl_psks_update(&u, s, &c->actor, "", id, &chg, &c->err)) == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, pl_json_psks(&u, 0));
        else
            fprintf(c->out, "Unit PSKS %lld '%s' diperbarui (versi %lld).\n", (long long)u.id,
                    u.name, (long long)u.version);
    }
    pl_store_close(s);
    return rc;
}

static int print_unit(void *ctx, const pl_psks_unit *u)
{
    pl_cli_list *l = ctx;
    l->n++;
    if (l->arr) {
        json_array_append_new(l->arr, pl_json_psks(u, 0));
        return 0;
    }
    const pl_category *cat = pl_psks_get(u->type);
    fprintf(l->c->out, "%-6lld %-14s %-14s %-36s %s", (long long)u->id, u->area_code,
            cat ? cat->label : "?", u->name, u->phone);
    for (int i = 0; i < u->n_areas; i++)
        fprintf(l->c->out, "%s%s", i ? ", " : "  melayani ", u->areas[i]);
    fputc('\n', l->c->out);
    return 0;
}

int pl_cmd_psks_list(pl_cli *c, int argc, char **argv)
{
    char region[PL_REGION_CODE_MAX] = "";
    int type = 0;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--region", &v) && v) {
            if (pl_cli_region_opt(c, region, v))
                return c->err.code;
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
    pl_cli_list l = pl_cli_list_begin(c);
    rc = pl_store_psks_list(s, region, type, print_unit, &l, &c->err);
    pl_store_close(s);
    return pl_cli_list_end(&l, rc, 0, "Belum ada PSKS terdaftar di wilayah ini.");
}

/* Keeps each refused row for the report printed after the counts. */
static int keep_reject(void *ctx, long row, const char *column, const char *reason)
{
    return json_array_append_new(ctx, json_pack("{s:I,s:s,s:s}", "baris", (json_int_t)row, "kolom",
                                                column, "alasan", reason))
               ? PL_ENOMEM
               : 0;
}

int pl_cmd_psks_import(pl_cli *c, int argc, char **argv)
{
    const char *path = NULL;
    bool dry = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--dry-run") == 0)
            dry = true;
        else if (argv[i][0] != '-' && path == NULL)
            path = argv[i];
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (path == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "berkas", "sebutkan berkas CSV/XLSX PSKS");
    pl_store *s = NULL;
    json_t *errors = json_array();
    pl_psks_import_result r;
    int rc = pl_cli_open(c, &s, 0);
    if (rc || (rc = pl_psks_import(&r, s, &c->actor, "", path, dry, keep_reject, errors, &c->err)))
        goto out;
    if (c->json) {
        rc = pl_cli_print_json(c, json_pack("{s:I,s:I,s:b,s:O}", "disimpan", (json_int_t)r.stored,
                                            "ditolak", (json_int_t)r.rejected, "uji_saja", dry,
                                            "galat", errors));
    } else {
        fprintf(c->out, "%ld PSKS %s, %ld baris ditolak.\n", r.stored,
                dry ? "sah (uji saja, tidak disimpan)" : "terdaftar", r.rejected);
        size_t i;
        json_t *e;
        json_array_foreach(errors, i, e)
        {
            fprintf(c->out, "  baris %lld, kolom %s: %s\n",
                    (long long)json_integer_value(json_object_get(e, "baris")),
                    json_string_value(json_object_get(e, "kolom")),
                    json_string_value(json_object_get(e, "alasan")));
        }
    }
    if (rc == 0 && r.rejected > 0)
        rc = 1;
out:
    json_decref(errors);
    pl_store_close(s);
    return rc;
}
