#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io/geojson.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define P(x, y) ((pl_geo_point){(x), (y)})

static pl_geojson_set *read_boundaries(const char *name)
{
    const char *src = getenv("PILAR_SRC");
    char path[1024];
    snprintf(path, sizeof path, "%s/data/boundaries/%s", src ? src : ".", name);
    pl_geojson_set *set = NULL;
    pl_error err;
    pl_error_clear(&err);
    int rc = pl_geojson_read_file(&set, path, &err);
    if (rc)
        fail_msg("%s: %s", path, err.message);
    return set;
}

static const pl_geojson_feature *find(const pl_geojson_set *set, const char *code)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->items[i].code, code) == 0)
            return &set->items[i];
    fail_msg("feature %s missing", code);
    return NULL;
}

static void test_districts_with_hole(void **state)
{
    (void)state;
    pl_geojson_set *set = read_boundaries("districts-64-65.geojson");
    assert_int_equal(set->n, 160);
    const pl_geojson_feature *f = find(set, "64.02.08");
    assert_string_equal(f->name, "Kota Bangun");
    assert_string_equal(f->parent, "64.02");
    /* The district's own centroid lies inside; the middle of its hole does not. */
    assert_true(pl_geo_shape_contains(f->shape, P(116.58940188438446, -0.2533331866328373)));
    assert_false(pl_geo_shape_contains(f->shape, P(116.65983208877994, -0.31852023537050894)));
    /* The hole's first vertex is on its boundary, so it counts as inside. */
    assert_int_equal(pl_geo_shape_locate(f->shape, P(116.63257372959401, -0.33587500972384987)),
                     PL_GEO_ON_EDGE);
    const pl_geo_polygon *pg = pl_geo_shape_polygon(f->shape, 0);
    assert_int_equal(pg->n_rings, 2);
    pl_geojson_set_free(set);
}

static void test_regencies_equator_multipolygon(void **state)
{
    (void)state;
    pl_geojson_set *set = read_boundaries("regencies-64-65.geojson");
    assert_int_equal(set->n, 15);
    /* Kutai Kartanegara spans the equator and is a MultiPolygon of many parts. */
    const pl_geojson_feature *kk = find(set, "64.02");
    assert_true(pl_geo_shape_count(kk->shape) > 10);
    assert_true(pl_geo_shape_contains(kk->shape, P(116.0, 0.0)));
    assert_true(pl_geo_shape_contains(kk->shape, P(116.0, 0.01)));
    assert_true(pl_geo_shape_contains(kk->shape, P(116.0, -0.01)));
    pl_geo_bbox bb = pl_geo_shape_bbox(kk->shape);
    assert_true(bb.min_lat < 0 && bb.max_lat > 0);
    /* Samarinda holds its city hall, not Balikpapan's. */
    const pl_geojson_feature *smd = find(set, "64.72");
    assert_true(pl_geo_shape_contains(smd->shape, P(117.1536, -0.5022)));
    assert_false(pl_geo_shape_contains(smd->shape, P(116.8529, -1.2379)));
    /* Every regency's own centroid property lies inside it (outline-grade data). */
    int inside = 0;
    for (size_t i = 0; i < set->n; i++) {
        json_t *p = set->items[i].properties;
        double lat = json_number_value(json_object_get(p, "lat"));
        double lng = json_number_value(json_object_get(p, "lng"));
        inside += pl_geo_shape_contains(set->items[i].shape, P(lng, lat));
    }
    assert_true(inside >= 13);
    pl_geojson_set_free(set);
}

static void expect_error(const char *json, const char *needle)
{
    pl_geojson_set *set = NULL;
    pl_error err;
    pl_error_clear(&err);
    assert_int_equal(pl_geojson_parse(&set, json, strlen(json), &err), PL_EINVAL);
    assert_null(set);
    assert_string_equal(err.field, "geojson");
    if (strstr(err.message, needle) == NULL)
        fail_msg("message '%s' lacks '%s'", err.message, needle);
}

static void test_errors_name_feature(void **state)
{
    (void)state;
    expect_error("{\"type\":\"FeatureCollection\",\"features\":["
                 "{\"type\":\"Feature\",\"properties\":{\"code\":\"1\"},\"geometry\":{\"type\":"
                 "\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}},"
                 "{\"type\":\"Feature\",\"properties\":{\"code\":\"64.74\"},\"geometry\":{\"type\":"
                 "\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]}}]}",
                 "fitur ke-2 (64.74): poligon 1, cincin 1: tidak tertutup");
    expect_error("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                 "[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}}",
                 "fitur ke-1: poligon 1, cincin 1: sisi memotong");
    expect_error("{\"type\":\"Point\",\"coordinates\":[0,0]}", "tidak didukung");
    expect_error("{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[]}}",
                 "'LineString' tidak didukung");
    expect_error("{\"type\":\"Polygon\"}", "coordinates");
    expect_error("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,\"x\"],[1,1],[0,0]]]}",
                 "titik ke-2 bukan [bujur, lintang]");
    expect_error("{\"type\":\"FeatureCollection\",\"features\":[]}", "tanpa fitur");
    expect_error("{\"type\":\"Feature\",\"geometry\":null}", "geometri kosong");
    expect_error("not json", "bukan JSON");
    expect_error("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[0,100],[1,1],[0,0]]]}", "rentang");
}

static void test_roundtrip_and_bare_geometry(void **state)
{
    (void)state;
    const char *text = "{\"type\":\"MultiPolygon\",\"coordinates\":["
                       "[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[3,3],[3,7],[7,7],[7,3],[3,3]]],"
                       "[[[20,20],[21,20],[21,21],[20,20]]]]}";
    pl_geojson_set *set = NULL;
    pl_error err;
    assert_int_equal(pl_geojson_parse(&set, text, strlen(text), &err), 0);
    assert_int_equal(set->n, 1);
    assert_string_equal(set->items[0].code, "");
    assert_false(pl_geo_shape_contains(set->items[0].shape, P(5, 5)));
    assert_true(pl_geo_shape_contains(set->items[0].shape, P(1, 1)));
    assert_true(pl_geo_shape_contains(set->items[0].shape, P(20.8, 20.5)));
    json_t *back = pl_geojson_shape_to_json(set->items[0].shape);
    assert_non_null(back);
    assert_string_equal(json_string_value(json_object_get(back, "type")), "MultiPolygon");
    pl_geo_shape *again = NULL;
    assert_int_equal(pl_geojson_shape_from_json(&again, back, &err), 0);
    assert_int_equal(pl_geo_shape_count(again), 2);
    assert_false(pl_geo_shape_contains(again, P(5, 5)));
    assert_true(pl_geo_shape_contains(again, P(3, 5)));
    pl_geo_shape_free(again);
    json_decref(back);
    json_t *pt = pl_geojson_point_feature(-0.5, 117.1, json_pack("{s:s}", "nik", "x"));
    assert_true(json_real_value(json_array_get(
                    json_object_get(json_object_get(pt, "geometry"), "coordinates"), 0)) == 117.1);
    json_decref(pt);
    pl_geojson_set_free(set);
    pl_geojson_set_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_districts_with_hole),
        cmocka_unit_test(test_regencies_equator_multipolygon),
        cmocka_unit_test(test_errors_name_feature),
        cmocka_unit_test(test_roundtrip_and_bare_geometry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
