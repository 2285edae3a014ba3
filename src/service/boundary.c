/* boundary.c - region outlines from GeoJSON into the store. */
#include "service/boundary.h"
#include "domain/region_code.h"
#include "io/geojson.h"
#include "store/geo.h"
#include "store/region.h"
#include "store/audit.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Normalises each feature's code in place; refuses a missing code or one of another level. */
static int check_features(pl_geojson_set *set, int level, pl_error *err)
{
    for (size_t i = 0; i < set->n; i++) {
        pl_geojson_feature *f = &set->items[i];
        char code[PL_REGION_CODE_MAX];
        if (f->code[0] == '\0' || pl_region_code_normalize(code, f->code) < 0)
            return pl_error_set(err, PL_EINVAL, "code",
                                "fitur ke-%zu: properti 'code' wajib berisi kode wilayah "
                                "Kemendagri (mis. 64.74), ditemukan '%s'",
                                i + 1, f->code);
        if (level && pl_region_code_level(code) != level)
            return pl_error_set(err, PL_EINVAL, "code",
                                "fitur ke-%zu: kode %s bukan tingkat yang diminta (--level)", i + 1,
                                code);
        snprintf(f->code, sizeof f->code, "%s", code);
    }
    return 0;
}

/* Writes feature f as an outline; source is the file name. */
static int put_feature(pl_store *s, const pl_actor *who, const pl_geojson_feature *f,
                       const char *source, pl_error *err)
{
    pl_boundary b;
    memset(&b, 0, sizeof b);
    if (snprintf(b.code, sizeof b.code, "%s", f->code) >= (int)sizeof b.code)
        return pl_error_set(err, PL_EINVAL, "code", "kode wilayah '%s' terlalu panjang", f->code);
    pl_region r;
    if (f->name[0])
        snprintf(b.name, sizeof b.name, "%s", f->name);
    else if (pl_store_region_get(s, &r, b.code, NULL) == 0)
        snprintf(b.name, sizeof b.name, "%s", r.name);
    b.level = pl_region_code_level(b.code);
    pl_geo_bbox bb = pl_geo_shape_bbox(f->shape);
    b.bbox = (pl_store_bbox){bb.min_lon, bb.min_lat, bb.max_lon, bb.max_lat};
    snprintf(b.source, sizeof b.source, "%s", source);
    char *text = json_dumps(f->geometry, JSON_COMPACT | JSON_REAL_PRECISION(12));
    if (text == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    b.geometry = text;
    int rc = pl_store_boundary_put(s, who, &b, err);
    free(text);
    return rc;
}

/* The audit row of the import: {"file": path, "features": n}. */
static int audit_import(pl_store *s, const pl_actor *who, const char *path, size_t n, pl_error *err)
{
    json_t *after = json_pack("{s:s,s:I}", "file", path, "features", (json_int_t)n);
    char *text = after ? json_dumps(after, JSON_COMPACT) : NULL;
    json_decref(after);
    if (text == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    int rc = pl_store_audit_add(s, who, "import", "boundary", 0, NULL, text, err);
    free(text);
    return rc;
}

int pl_boundary_import(pl_boundary_import_result *out, pl_store *s, const pl_actor *who,
                       const char *path, int level, pl_error *err)
{
    memset(out, 0, sizeof *out);
    pl_geojson_set *set = NULL;
    int rc = pl_geojson_read_file(&set, path, err);
    if (rc)
        return rc;
    if ((rc = check_features(set, level, err)) || (rc = pl_store_begin(s, err)))
        goto out;
    const char *base = strrchr(path, '/');
    for (size_t i = 0; i < set->n && rc == 0; i++) {
        rc = put_feature(s, who, &set->items[i], base ? base + 1 : path, err);
        int lv = pl_region_code_level(set->items[i].code);
        if (rc == 0 && lv >= 1 && lv <= 4)
            out->by_level[lv]++;
    }
    if (rc == 0)
        rc = audit_import(s, who, path, set->n, err);
    if (rc == 0)
        rc = pl_store_commit(s, err);
    else
        pl_store_rollback(s);
    if (rc == 0)
        out->features = set->n;
out:
    pl_geojson_set_free(set);
    return rc;
}
