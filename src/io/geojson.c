/* geojson.c - GeoJSON areas in and out (jansson). */
#include "io/geojson.h"
#include "util/vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pl_geojson_set_free(pl_geojson_set *set)
{
    if (set == NULL)
        return;
    for (size_t i = 0; i < set->n; i++) {
        json_decref(set->items[i].properties);
        json_decref(set->items[i].geometry);
        pl_geo_shape_free(set->items[i].shape);
    }
    free(set->items);
    free(set);
}

/* Reads one ring (array of [lon, lat] positions) into the shape. */
static int read_ring(pl_geo_shape *s, const json_t *ring, size_t pi, size_t ri, char *why,
                     size_t cap)
{
    if (!json_is_array(ring)) {
        snprintf(why, cap, "poligon %zu, cincin %zu: bukan larik titik", pi + 1, ri + 1);
        return PL_EINVAL;
    }
    size_t n = json_array_size(ring);
    pl_geo_point *pts = malloc((n ? n : 1) * sizeof *pts);
    if (pts == NULL)
        return PL_ENOMEM;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *pos = json_array_get(ring, i);
        if (!json_is_array(pos) || json_array_size(pos) < 2 ||
            !json_is_number(json_array_get(pos, 0)) || !json_is_number(json_array_get(pos, 1))) {
            snprintf(why, cap, "poligon %zu, cincin %zu: titik ke-%zu bukan [bujur, lintang]",
                     pi + 1, ri + 1, i + 1);
            rc = PL_EINVAL;
            goto out;
        }
        pts[i].lon = json_number_value(json_array_get(pos, 0));
        pts[i].lat = json_number_value(json_array_get(pos, 1));
    }
    rc = pl_geo_shape_add_ring(s, pts, n);
out:
    free(pts);
    return rc;
}

static int read_polygon(pl_geo_shape *s, const json_t *rings, size_t pi, char *why, size_t cap)
{
    if (!json_is_array(rings) || json_array_size(rings) == 0) {
        snprintf(why, cap, "poligon %zu: harus larik cincin yang tidak kosong", pi + 1);
        return PL_EINVAL;
    }
    int rc = pl_geo_shape_begin_polygon(s);
    for (size_t ri = 0; rc == 0 && ri < json_array_size(rings); ri++)
        rc = read_ring(s, json_array_get(rings, ri), pi, ri, why, cap);
    return rc;
}

static int shape_from_json(pl_geo_shape **out, const json_t *g, char *why, size_t cap)
{
    *out = NULL;
    if (!json_is_object(g)) {
        snprintf(why, cap, "geometri kosong atau bukan objek");
        return PL_EINVAL;
    }
    const char *type = json_string_value(json_object_get(g, "type"));
    const json_t *coords = json_object_get(g, "coordinates");
    if (type == NULL) {
        snprintf(why, cap, "geometri tanpa 'type'");
        return PL_EINVAL;
    }
    bool multi = strcmp(type, "MultiPolygon") == 0;
    if (!multi && strcmp(type, "Polygon") != 0) {
        snprintf(why, cap, "geometri '%s' tidak didukung; harus Polygon atau MultiPolygon", type);
        return PL_EINVAL;
    }
    if (!json_is_array(coords)) {
        snprintf(why, cap, "%s tanpa larik 'coordinates'", type);
        return PL_EINVAL;
    }
    pl_geo_shape *s = pl_geo_shape_new();
    if (s == NULL)
        return PL_ENOMEM;
    int rc = 0;
    if (multi) {
        if (json_array_size(coords) == 0) {
            snprintf(why, cap, "MultiPolygon tanpa poligon");
            rc = PL_EINVAL;
        }
        for (size_t pi = 0; rc == 0 && pi < json_array_size(coords); pi++)
            rc = read_polygon(s, json_array_get(coords, pi), pi, why, cap);
    } else {
        rc = read_polygon(s, coords, 0, why, cap);
    }
    if (rc == 0)
        rc = pl_geo_shape_validate(s, why, cap);
    if (rc == 0 && pl_geo_shape_prepare(s) != 0)
        rc = PL_ENOMEM;
    if (rc == PL_ENOMEM)
        snprintf(why, cap, "memori tidak cukup");
    if (rc) {
        pl_geo_shape_free(s);
        return rc;
    }
    *out = s;
    return 0;
}

int pl_geojson_shape_from_json(pl_geo_shape **out, const json_t *geometry, pl_error *err)
{
    char why[400] = "";
    int rc = shape_from_json(out, geometry, why, sizeof why);
    if (rc)
        return pl_error_set(err, rc, "geojson", "%s", why);
    return 0;
}

static void prop_text(char *out, size_t cap, const json_t *props, const char *a, const char *b)
{
    const json_t *v = json_object_get(props, a);
    if (v == NULL && b)
        v = json_object_get(props, b);
    if (json_is_string(v))
        snprintf(out, cap, "%s", json_string_value(v));
    else if (json_is_integer(v))
        snprintf(out, cap, "%lld", (long long)json_integer_value(v));
    else
        out[0] = '\0';
}

static int add_feature(pl_geojson_set *set, const json_t *feature, size_t idx, pl_error *err)
{
    pl_geojson_feature *f = &set->items[set->n];
    memset(f, 0, sizeof *f);
    const char *type = json_string_value(json_object_get(feature, "type"));
    const json_t *geom = feature, *props = NULL;
    if (type && strcmp(type, "Feature") == 0) {
        geom = json_object_get(feature, "geometry");
        props = json_object_get(feature, "properties");
        if (props && !json_is_object(props))
            props = NULL;
    } else if (!json_is_object(feature)) {
        return pl_error_set(err, PL_EINVAL, "geojson", "fitur ke-%zu bukan objek", idx + 1);
    }
    prop_text(f->code, sizeof f->code, props, "code", "kode");
    prop_text(f->name, sizeof f->name, props, "name", "nama");
    prop_text(f->parent, sizeof f->parent, props, "parent", NULL);
    char why[400] = "";
    int rc = shape_from_json(&f->shape, geom, why, sizeof why);
    if (rc)
        return pl_error_set(err, rc, "geojson", "fitur ke-%zu%s%s%s: %s", idx + 1,
                            f->code[0] ? " (" : "", f->code, f->code[0] ? ")" : "", why);
    f->properties = props ? json_incref((json_t *)props) : NULL;
    f->geometry = json_incref((json_t *)geom);
    set->n++;
    return 0;
}

int pl_geojson_parse(pl_geojson_set **out, const char *text, size_t len, pl_error *err)
{
    *out = NULL;
    json_error_t jerr;
    json_t *root = json_loadb(text, len, 0, &jerr);
    if (root == NULL)
        return pl_error_set(err, PL_EINVAL, "geojson",
                            "bukan JSON yang sah (baris %d kolom %d): %s", jerr.line, jerr.column,
                            jerr.text);
    int rc = 0;
    pl_geojson_set *set = calloc(1, sizeof *set);
    const char *type = json_string_value(json_object_get(root, "type"));
    if (set == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        goto out;
    }
    if (type == NULL) {
        rc = pl_error_set(err, PL_EINVAL, "geojson", "objek GeoJSON tanpa 'type'");
        goto out;
    }
    if (strcmp(type, "FeatureCollection") == 0) {
        const json_t *feats = json_object_get(root, "features");
        if (!json_is_array(feats)) {
            rc =
                pl_error_set(err, PL_EINVAL, "geojson", "FeatureCollection tanpa larik 'features'");
            goto out;
        }
        size_t n = json_array_size(feats);
        if (n == 0) {
            rc = pl_error_set(err, PL_EINVAL, "geojson", "FeatureCollection tanpa fitur");
            goto out;
        }
        set->items = calloc(n, sizeof *set->items);
        if (set->items == NULL) {
            rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
            goto out;
        }
        for (size_t i = 0; rc == 0 && i < n; i++)
            rc = add_feature(set, json_array_get(feats, i), i, err);
    } else if (strcmp(type, "Feature") == 0 || strcmp(type, "Polygon") == 0 ||
               strcmp(type, "MultiPolygon") == 0) {
        set->items = calloc(1, sizeof *set->items);
        if (set->items == NULL) {
            rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
            goto out;
        }
        rc = add_feature(set, root, 0, err);
    } else {
        rc = pl_error_set(err, PL_EINVAL, "geojson",
                          "jenis GeoJSON '%s' tidak didukung; pakai FeatureCollection, Feature, "
                          "Polygon atau MultiPolygon",
                          type);
    }
out:
    json_decref(root);
    if (rc) {
        pl_geojson_set_free(set);
        return rc;
    }
    *out = set;
    return 0;
}

int pl_geojson_read_file(pl_geojson_set **out, const char *path, pl_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return pl_error_set(err, PL_EIO, "berkas", "berkas '%s' tidak dapat dibuka", path);
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int rc = 0;
    for (;;) {
        if (len == cap) {
            if (len >= (size_t)256 << 20) {
                rc = pl_error_set(err, PL_ENOMEM, "berkas", "berkas '%s' lebih dari 256 MB", path);
                goto out;
            }
            /* doubling from 64 KiB, at most 256 MiB */
            if (pl_vec_grow(&buf, &cap, len ? len + 1 : 65536, 1, (size_t)256 << 20) != 0) {
                rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
                goto out;
            }
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        rc = pl_error_set(err, PL_EIO, "berkas", "gagal membaca '%s'", path);
        goto out;
    }
    rc = pl_geojson_parse(out, buf, len, err);
out:
    free(buf);
    fclose(f);
    return rc;
}

static json_t *ring_json(const pl_geo_ring *r)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < r->n; i++)
        json_array_append_new(a, json_pack("[f,f]", r->pts[i].lon, r->pts[i].lat));
    return a;
}

static json_t *polygon_json(const pl_geo_polygon *p)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < p->n_rings; i++)
        json_array_append_new(a, ring_json(&p->rings[i]));
    return a;
}

json_t *pl_geojson_shape_to_json(const pl_geo_shape *s)
{
    size_t n = pl_geo_shape_count(s);
    if (n == 1)
        return json_pack("{s:s,s:o}", "type", "Polygon", "coordinates",
                         polygon_json(pl_geo_shape_polygon(s, 0)));
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, polygon_json(pl_geo_shape_polygon(s, i)));
    return json_pack("{s:s,s:o}", "type", "MultiPolygon", "coordinates", a);
}

json_t *pl_geojson_point_feature(double lat, double lon, json_t *properties)
{
    return json_pack("{s:s,s:{s:s,s:[f,f]},s:o}", "type", "Feature", "geometry", "type", "Point",
                     "coordinates", lon, lat, "properties",
                     properties ? properties : json_object());
}
