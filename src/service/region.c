/* region.c - the region tree (province to village) from idn-area-data's CSV files. */
#include "service/region.h"
#include "domain/region_code.h"
#include "io/table_reader.h"
#include "store/region.h"
#include "store/audit.h"
#include "util/vec.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct region_vec {
    pl_region *items;
    size_t n, cap;
} region_vec;

static int load_level(region_vec *v, const char *dir, const char *file, int level, pl_error *err)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    pl_table_reader *r = NULL;
    int rc = pl_table_open(&r, path, NULL, err);
    if (rc)
        return rc;
    char **f;
    size_t nf;
    int code_col = -1, parent_col = -1, name_col = -1;
    bool header = true;
    while ((rc = pl_table_next(r, &f, &nf, err)) == 1) {
        if (header) {
            for (size_t i = 0; i < nf; i++) {
                if (!strcmp(f[i], "code"))
                    code_col = (int)i;
                else if (!strcmp(f[i], "name"))
                    name_col = (int)i;
                else if (strstr(f[i], "_code"))
                    parent_col = (int)i;
            }
            header = false;
            if (code_col < 0 || name_col < 0 || (level > 1 && parent_col < 0)) {
                rc = pl_error_set(err, PL_EINVAL, file,
                                  "%s: kolom code/name/kode induk tidak ditemukan", path);
                break;
            }
            continue;
        }
        if ((size_t)code_col >= nf || (size_t)name_col >= nf ||
            (level > 1 && (size_t)parent_col >= nf)) {
            rc = pl_error_set(err, PL_EINVAL, file, "%s baris %ld: kolom kurang", path,
                              pl_table_row_number(r));
            break;
        }
        if (pl_vec_reserve(&v->items, &v->cap, v->n, 1) != 0) {
            rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
            break;
        }
        pl_region *reg = &v->items[v->n];
        memset(reg, 0, sizeof *reg);
        int got = pl_region_code_normalize(reg->code, f[code_col]);
        if (got != level) {
            rc = pl_error_set(err, PL_EINVAL, file, "%s baris %ld: kode '%s' bukan tingkat %d",
                              path, pl_table_row_number(r), f[code_col], level);
            break;
        }
        if (level > 1)
            pl_region_code_parent(reg->parent, reg->code);
        reg->level = level;
        snprintf(reg->name, sizeof reg->name, "%s", f[name_col]);
        v->n++;
    }
    pl_table_close(r);
    return rc < 0 ? rc : 0;
}

int pl_region_import(long counts[5], pl_store *s, const pl_actor *who, const char *dir,
                     pl_error *err)
{
    static const char *const files[] = {NULL, "provinces.csv", "regencies.csv", "districts.csv",
                                        "villages.csv"};
    region_vec v = {0};
    int rc = 0;
    for (int level = 1; level <= 4 && rc == 0; level++)
        rc = load_level(&v, dir, files[level], level, err);
    if (rc == 0)
        rc = pl_store_region_put_many(s, v.items, v.n, err);
    if (rc == 0)
        rc = pl_store_audit_add(s, who, "region_import", "region", 0, NULL, NULL, err);
    if (rc == 0)
        rc = pl_store_region_counts(s, counts, err);
    free(v.items);
    return rc;
}
