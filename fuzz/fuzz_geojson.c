/*
 * fuzz_geojson.c - libFuzzer target for io/geojson: the input is a GeoJSON
 * text; every shape that parses is queried at a few points, so validation
 * and the edge index both see mutated rings.
 */
#include <stddef.h>
#include <stdint.h>

#include "io/geojson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pl_geojson_set *set = NULL;
    pl_error err;
    if (pl_geojson_parse(&set, (const char *)data, size, &err) != 0)
        return 0;
    for (size_t i = 0; i < set->n; i++) {
        pl_geo_bbox b = pl_geo_shape_bbox(set->items[i].shape);
        pl_geo_point probes[] = {{b.min_lon, b.min_lat},
                                 {(b.min_lon + b.max_lon) / 2, (b.min_lat + b.max_lat) / 2},
                                 {b.max_lon, b.max_lat},
                                 {0, 0}};
        for (size_t k = 0; k < sizeof probes / sizeof probes[0]; k++) {
            (void)pl_geo_shape_locate(set->items[i].shape, probes[k]);
            (void)pl_geo_shape_edge_distance_m(set->items[i].shape, probes[k]);
        }
        json_decref(pl_geojson_shape_to_json(set->items[i].shape));
    }
    pl_geojson_set_free(set);
    return 0;
}
