/* map_json.c - map models and their GeoJSON. */
#include "io/map_json.h"
#include "io/record_json.h"

#include <stdlib.h>

void pl_map_pointset_free(pl_map_pointset *p)
{
    if (p == NULL)
        return;
    free(p->items);
    p->items = NULL;
    p->n = 0;
}

void pl_map_outlines_free(pl_map_outlines *o)
{
    if (o == NULL)
        return;
    for (size_t i = 0; i < o->n; i++)
        free(o->items[i].geometry);
    free(o->items);
    o->items = NULL;
    o->n = 0;
}

json_t *pl_map_pointset_json(const pl_map_pointset *p)
{
    json_t *features = json_array();
    for (size_t i = 0; features && i < p->n; i++) {
        const pl_map_point *k = &p->items[i];
        json_t *props = k->count == 1
                            ? json_pack("{s:I}", "id", (json_int_t)k->id)
                            : json_pack("{s:b,s:I}", "cluster", 1, "count", (json_int_t)k->count);
        json_array_append_new(features, json_pack("{s:s,s:{s:s,s:[f,f]},s:o}", "type", "Feature",
                                                  "geometry", "type", "Point", "coordinates",
                                                  k->lon, k->lat, "properties", props));
    }
    return json_pack("{s:s,s:o,s:I,s:b,s:f}", "type", "FeatureCollection", "features", features,
                     "total", (json_int_t)p->total, "clustered", p->cell_degrees > 0,
                     "cell_degrees", p->cell_degrees);
}

json_t *pl_map_outlines_json(const pl_map_outlines *o)
{
    json_t *features = json_array();
    for (size_t i = 0; features && i < o->n; i++) {
        const pl_map_outline *b = &o->items[i];
        json_error_t jerr;
        json_t *g = json_loads(b->geometry ? b->geometry : "null", 0, &jerr);
        if (g == NULL)
            continue; /* a broken stored outline is skipped, not fatal for a map */
        json_t *props =
            json_pack("{s:s,s:s,s:i}", "code", b->code, "name", b->name, "level", b->level);
        if (o->counts) {
            bool hidden = pl_suppress_hidden(b->count);
            json_object_set_new(props, "count", hidden ? json_null() : json_integer(b->count));
            if (hidden)
                json_object_set_new(props, "hidden", json_true());
        }
        json_array_append_new(features, json_pack("{s:s,s:o,s:o}", "type", "Feature", "geometry", g,
                                                  "properties", props));
    }
    return json_pack("{s:s,s:o}", "type", "FeatureCollection", "features", features);
}

void pl_map_unlocated_free(pl_map_unlocated *u)
{
    if (u == NULL)
        return;
    free(u->items);
    u->items = NULL;
    u->n = 0;
}

json_t *pl_map_unlocated_json(const pl_map_unlocated *u, const pl_ident_view *view)
{
    json_t *items = json_array();
    for (size_t i = 0; items && i < u->n; i++) {
        const pl_map_unlocated_item *it = &u->items[i];
        json_t *o = pl_json_household(&it->hh, view);
        if (o == NULL) {
            json_decref(items);
            return NULL;
        }
        json_object_set_new(o, "head_id", it->head_id ? json_integer(it->head_id) : json_null());
        json_object_set_new(o, "head_name",
                            it->head_name[0] ? json_string(it->head_name) : json_null());
        json_object_set_new(o, "village_name", json_string(it->village_name));
        json_array_append_new(items, o);
    }
    if (items == NULL)
        return NULL;
    return json_pack("{s:I, s:o, s:o}", "total", (json_int_t)u->total, "items", items, "next_after",
                     u->next_after ? json_integer(u->next_after) : json_null());
}
