/* disaster.c - disaster events and their confirmation as PMKS 21. */
#include "service/disaster.h"
#include "domain/category.h"
#include "io/geojson.h"
#include "store/audit.h"
#include "store/bulk.h"
#include "store/disaster.h"
#include "store/geo.h"
#include "store/membership.h"
#include "store/store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const pl_disaster_types[] = {
    "banjir",     "kebakaran", "longsor", "gempa",   "tsunami", "angin_puting_beliung",
    "kekeringan", "abrasi",    "erupsi",  "lainnya", NULL,
};

bool pl_disaster_type_known(const char *type)
{
    for (int i = 0; type && pl_disaster_types[i]; i++)
        if (strcmp(type, pl_disaster_types[i]) == 0)
            return true;
    return false;
}

int pl_disaster_register(pl_store *s, const pl_actor *who, pl_disaster *d, const pl_geo_shape *area,
                         const char *scope, pl_error *err)
{
    if (!pl_disaster_type_known(d->type))
        return pl_error_set(err, PL_EINVAL, "jenis",
                            "jenis bencana '%s' tidak dikenal (banjir, kebakaran, longsor, gempa, "
                            "tsunami, angin_puting_beliung, kekeringan, abrasi, erupsi, lainnya)",
                            d->type);
    pl_date a, b;
    if (pl_date_parse(&a, d->event_date) != 0)
        return pl_error_set(err, PL_EINVAL, "tanggal", "tanggal kejadian '%s' tidak sah",
                            d->event_date);
    pl_date_format(d->event_date, &a);
    if (d->end_date[0]) {
        if (pl_date_parse(&b, d->end_date) != 0)
            return pl_error_set(err, PL_EINVAL, "sampai", "tanggal akhir '%s' tidak sah",
                                d->end_date);
        if (pl_date_cmp(&b, &a) < 0)
            return pl_error_set(err, PL_EINVAL, "sampai",
                                "tanggal akhir %s sebelum tanggal kejadian %s", d->end_date,
                                d->event_date);
        pl_date_format(d->end_date, &b);
    }
    if (scope && scope[0] && !pl_region_code_in_scope(d->region_code, scope))
        return pl_error_set(err, PL_EDENIED, "wilayah",
                            "kejadian harus dicatat untuk wilayah di dalam cakupan Anda (%s)",
                            scope);
    pl_geo_bbox bb = pl_geo_shape_bbox(area);
    d->bbox = (pl_store_bbox){bb.min_lon, bb.min_lat, bb.max_lon, bb.max_lat};
    json_t *g = pl_geojson_shape_to_json(area);
    char *text = g ? json_dumps(g, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
    json_decref(g);
    if (text == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    int rc = pl_store_disaster_add(s, who, d, text, err);
    free(text);
    return rc;
}

int pl_disaster_load(pl_disaster *d, pl_geo_shape **shape, pl_store *s, int64_t id,
                     const char *scope, pl_error *err)
{
    *shape = NULL;
    char *area = NULL;
    int rc = pl_store_disaster_get(s, d, &area, id, err);
    if (rc)
        return rc;
    if (scope && scope[0] && d->region_code[0] && !pl_region_code_in_scope(d->region_code, scope)) {
        free(area);
        return pl_error_set(err, PL_ENOTFOUND, "id", "kejadian bencana %lld tidak ditemukan",
                            (long long)id);
    }
    json_error_t jerr;
    json_t *g = json_loads(area, 0, &jerr);
    free(area);
    if (g == NULL)
        return pl_error_set(err, PL_EINVAL, "area", "area kejadian %lld rusak", (long long)id);
    rc = pl_geojson_shape_from_json(shape, g, err);
    json_decref(g);
    return rc;
}

int pl_disaster_confirm(pl_store *s, const pl_actor *who, int64_t id, const char *scope,
                        const pl_date *today, long *affected, pl_error *err)
{
    *affected = 0;
    pl_disaster d;
    pl_geo_shape *shape = NULL;
    pl_area_result *r = NULL;
    bool tx = false;
    int rc = pl_disaster_load(&d, &shape, s, id, scope, err);
    if (rc)
        goto out;
    if (strcmp(d.state, PL_DISASTER_DRAFT) != 0) {
        rc = pl_error_set(err, PL_ECONFLICT, "id",
                          "kejadian bencana %lld sudah dikonfirmasi pada "
                          "%s",
                          (long long)id, d.confirmed_at);
        goto out;
    }
    pl_area_query q = {.shape = shape, .scope = scope, .today = *today};
    if ((rc = pl_store_begin(s, err)))
        goto out;
    tx = true;
    if ((rc = pl_area_run(&r, s, &q, err)))
        goto out;
    for (size_t i = 0; i < r->n; i++) {
        pl_membership m;
        memset(&m, 0, sizeof m);
        m.person_id = r->hits[i].person_id;
        m.category = PL_PMKS_KORBAN_BENCANA_ALAM;
        snprintf(m.valid_from, sizeof m.valid_from, "%s", d.event_date);
        snprintf(m.valid_to, sizeof m.valid_to, "%s", d.end_date);
        snprintf(m.note, sizeof m.note, "bencana #%lld %s %s", (long long)d.id, d.type,
                 d.event_date);
        int64_t mid = 0;
        if (d.end_date[0]) {
            if ((rc = pl_store_membership_add(s, who, &m, err)))
                goto out;
            mid = m.id;
        } else {
            pl_upsert_outcome o;
            if ((rc = pl_store_membership_ensure(s, who, &m, &o, err)) ||
                (rc = pl_store_membership_open_id(s, m.person_id, m.category, &mid, err)))
                goto out;
        }
        if ((rc = pl_store_disaster_affected_add(s, d.id, m.person_id, mid, err)))
            goto out;
    }
    if ((rc = pl_store_disaster_set_confirmed(s, who, d.id, (long)r->n, err)))
        goto out;
    json_t *img = json_pack("{s:I,s:i}", "affected", (json_int_t)r->n, "category",
                            PL_PMKS_KORBAN_BENCANA_ALAM);
    char *after = img ? json_dumps(img, JSON_COMPACT) : NULL;
    json_decref(img);
    if (after == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        goto out;
    }
    rc = pl_store_audit_add(s, who, "confirm", "disaster_event", d.id, NULL, after, err);
    free(after);
    if (rc)
        goto out;
    if ((rc = pl_store_commit(s, err)))
        goto out;
    tx = false;
    *affected = (long)r->n;
out:
    if (tx)
        pl_store_rollback(s);
    pl_area_result_free(r);
    pl_geo_shape_free(shape);
    return rc;
}
