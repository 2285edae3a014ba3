/* region.c - `pilar region import|show|search`. */
#include "cli/cli.h"
#include "io/record_json.h"
#include "io/table_reader.h"
#include "store/audit.h"
#include "store/region.h"
#include "store/store.h"
#include "service/region.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool dir_has_data(const char *dir)
{
    char p[PATH_MAX];
    if (snprintf(p, sizeof p, "%s/villages.csv", dir) >= (int)sizeof p)
        return false; /* a path that long cannot be the data folder */
    return access(p, R_OK) == 0;
}

/* Finds idn-area-data's CSV folder: --from, PILAR_AREA_DATA, ./node_modules, beside the binary. */
static int find_data_dir(char *out, size_t cap, const char *from)
{
    if (from) {
        snprintf(out, cap, "%s", from);
        return dir_has_data(out) ? 0 : -1;
    }
    const char *env = getenv("PILAR_AREA_DATA");
    if (env && env[0]) {
        snprintf(out, cap, "%s", env);
        return dir_has_data(out) ? 0 : -1;
    }
    snprintf(out, cap, "node_modules/idn-area-data/data");
    if (dir_has_data(out))
        return 0;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            int w = snprintf(out, cap, "%s/../node_modules/idn-area-data/data", exe);
            if (w >= 0 && (size_t)w < cap && dir_has_data(out))
                return 0;
        }
    }
    snprintf(out, cap, "node_modules/idn-area-data/data");
    return -1;
}

int pl_cmd_region_import(pl_cli *c, int argc, char **argv)
{
    const char *from = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v;
        if (pl_cli_opt(argc, argv, &i, "--from", &v) && v)
            from = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    char dir[PATH_MAX];
    if (find_data_dir(dir, sizeof dir, from) != 0)
        return pl_error_set(&c->err, PL_EINVAL, "from",
                            "data wilayah tidak ditemukan di %s; jalankan 'npm ci' atau beri "
                            "--from DIREKTORI berisi villages.csv",
                            dir);
    pl_store *s = NULL;
    long counts[5] = {0};
    int rc = pl_cli_open(c, &s, 0);
    if (rc == 0)
        rc = pl_region_import(counts, s, &c->actor, dir, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json)
        return pl_cli_print_json(
            c, json_pack("{s:s,s:I,s:I,s:I,s:I}", "source", dir, "provinces", (json_int_t)counts[1],
                         "regencies", (json_int_t)counts[2], "districts", (json_int_t)counts[3],
                         "villages", (json_int_t)counts[4]));
    fprintf(c->out,
            "Pohon wilayah dimuat dari %s:\n  %ld provinsi, %ld kabupaten/kota, %ld kecamatan, "
            "%ld desa/kelurahan\n",
            dir, counts[1], counts[2], counts[3], counts[4]);
    return 0;
}

static const char *level_name(int level)
{
    static const char *const names[] = {"", "provinsi", "kabupaten/kota", "kecamatan",
                                        "desa/kelurahan"};
    return level >= 1 && level <= 4 ? names[level] : "";
}

static int collect_json(void *ctx, const pl_region *r)
{
    json_array_append_new(ctx, pl_json_region(r));
    return 0;
}

typedef struct print_ctx {
    pl_cli *c;
    int n;
} print_ctx;

static int print_child(void *ctx, const pl_region *r)
{
    print_ctx *p = ctx;
    fprintf(p->c->out, "  %-14s %s\n", r->code, r->name);
    p->n++;
    return 0;
}

static int print_found(void *ctx, const pl_region *r)
{
    print_ctx *p = ctx;
    fprintf(p->c->out, "%-14s %-16s %s\n", r->code, level_name(r->level), r->name);
    p->n++;
    return 0;
}

int pl_cmd_region_show(pl_cli *c, int argc, char **argv)
{
    if (argc != 1)
        return pl_error_set(&c->err, PL_EINVAL, "kode", "beri satu kode wilayah, mis. 64.74");
    char code[PL_REGION_CODE_MAX];
    if (pl_region_code_normalize(code, argv[0]) < 0)
        return pl_error_set(&c->err, PL_EINVAL, "kode",
                            "'%s' bukan kode wilayah (contoh 64, 64.74, 64.74.01, 64.74.01.1001)",
                            argv[0]);
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    pl_region r;
    rc = pl_store_region_get(s, &r, code, &c->err);
    if (rc == PL_ENOTFOUND) {
        const pl_region_former *f = pl_region_former_find(code);
        if (f) {
            char now[PL_REGION_CODE_MAX];
            pl_region_former_map(now, code);
            pl_store_close(s);
            if (c->json)
                return pl_cli_print_json(c, json_pack("{s:s,s:b,s:s,s:s,s:s}", "code", code,
                                                      "former", 1, "current_code", now, "name",
                                                      f->name, "valid_until", f->until));
            fprintf(c->out, "%s adalah kode lama (berlaku sampai %s) untuk %s; kode sekarang %s.\n",
                    code, f->until, f->name, now);
            return 0;
        }
    }
    if (rc) {
        pl_store_close(s);
        return rc;
    }
    pl_region parent = {0};
    if (r.parent[0])
        pl_store_region_get(s, &parent, r.parent, NULL);
    if (c->json) {
        json_t *o = pl_json_region(&r);
        json_t *kids = json_array();
        rc = pl_store_region_children(s, r.code, collect_json, kids, &c->err);
        json_object_set_new(o, "parent_name", json_string(parent.name));
        json_object_set_new(o, "children", kids);
        pl_store_close(s);
        if (rc) {
            json_decref(o);
            return rc;
        }
        return pl_cli_print_json(c, o);
    }
    fprintf(c->out, "%s %s (%s)\n", r.code, r.name, level_name(r.level));
    if (r.parent[0])
        fprintf(c->out, "Induk: %s %s\n", parent.code, parent.name);
    if (r.level < 4)
        fprintf(c->out, "Wilayah di bawahnya:\n");
    print_ctx p = {c, 0};
    rc = pl_store_region_children(s, r.code, print_child, &p, &c->err);
    pl_store_close(s);
    return rc;
}

int pl_cmd_region_search(pl_cli *c, int argc, char **argv)
{
    const char *text = NULL;
    int limit = 50;
    for (int i = 0; i < argc; i++) {
        const char *v;
        if (pl_cli_opt(argc, argv, &i, "--limit", &v) && v)
            limit = atoi(v);
        else if (argv[i][0] != '-' && text == NULL)
            text = argv[i];
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (text == NULL || strlen(text) < 2)
        return pl_error_set(&c->err, PL_EINVAL, "teks", "beri teks pencarian minimal 2 huruf");
    if (pl_cli_limit_check(c, limit))
        return c->err.code;
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    if (c->json) {
        json_t *items = json_array();
        rc = pl_store_region_search(s, text, limit, collect_json, items, &c->err);
        pl_store_close(s);
        if (rc) {
            json_decref(items);
            return rc;
        }
        return pl_cli_print_json(c, json_pack("{s:o}", "items", items));
    }
    print_ctx p = {c, 0};
    rc = pl_store_region_search(s, text, limit, print_found, &p, &c->err);
    pl_store_close(s);
    if (rc == 0 && p.n == 0)
        fprintf(c->out, "Tidak ada wilayah yang cocok dengan '%s'.\n", text);
    return rc;
}
