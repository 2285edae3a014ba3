/*
 * geometry.c - polygons on lon/lat degrees: validity, point-in-polygon with
 * a latitude-band edge index, distances.
 *
 * The edge index cuts the shape's latitude range into bands; each band lists
 * the edges that reach into it, grouped by polygon. A point only meets the
 * edges of its own band: a horizontal ray from it can cross no other edge,
 * and an edge it lies on must reach its latitude.
 */
#include "domain/geometry.h"
#include "util/error.h"
#include "util/vec.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct geo_edge {
    pl_geo_point a, b;
    uint32_t poly;
} geo_edge;

struct pl_geo_shape {
    pl_geo_polygon *polys;
    size_t n_polys, cap_polys;
    pl_geo_bbox bbox;
    bool prepared;
    /* edge index */
    double band_y0, band_h;
    size_t n_bands;
    size_t *band_start; /* n_bands + 1 */
    geo_edge *edges;
};

pl_geo_shape *pl_geo_shape_new(void)
{
    return calloc(1, sizeof(pl_geo_shape));
}

static void drop_index(pl_geo_shape *s)
{
    free(s->band_start);
    free(s->edges);
    s->band_start = NULL;
    s->edges = NULL;
    s->n_bands = 0;
    s->prepared = false;
}

void pl_geo_shape_free(pl_geo_shape *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n_polys; i++) {
        for (size_t r = 0; r < s->polys[i].n_rings; r++)
            free(s->polys[i].rings[r].pts);
        free(s->polys[i].rings);
    }
    free(s->polys);
    drop_index(s);
    free(s);
}

int pl_geo_shape_begin_polygon(pl_geo_shape *s)
{
    if (pl_vec_reserve(&s->polys, &s->cap_polys, s->n_polys, 1) != 0)
        return PL_ENOMEM;
    s->polys[s->n_polys] = (pl_geo_polygon){0};
    s->n_polys++;
    drop_index(s);
    return 0;
}

int pl_geo_shape_add_ring(pl_geo_shape *s, const pl_geo_point *pts, size_t n)
{
    if (s->n_polys == 0)
        return PL_EINVAL;
    pl_geo_polygon *p = &s->polys[s->n_polys - 1];
    if (pl_vec_reserve(&p->rings, &p->cap_rings, p->n_rings, 1) != 0 ||
        n > SIZE_MAX / sizeof(pl_geo_point))
        return PL_ENOMEM;
    pl_geo_point *copy = malloc((n ? n : 1) * sizeof *copy);
    if (copy == NULL)
        return PL_ENOMEM;
    if (n)
        memcpy(copy, pts, n * sizeof *copy);
    p->rings[p->n_rings].pts = copy;
    p->rings[p->n_rings].n = n;
    p->n_rings++;
    drop_index(s);
    return 0;
}

size_t pl_geo_shape_count(const pl_geo_shape *s)
{
    return s ? s->n_polys : 0;
}

const pl_geo_polygon *pl_geo_shape_polygon(const pl_geo_shape *s, size_t i)
{
    return s && i < s->n_polys ? &s->polys[i] : NULL;
}

/* ------------------------------------------------------------ predicates */

static double orient(pl_geo_point a, pl_geo_point b, pl_geo_point c)
{
    return (b.lon - a.lon) * (c.lat - a.lat) - (b.lat - a.lat) * (c.lon - a.lon);
}

static int sgn(double v)
{
    return (v > 0) - (v < 0);
}

/* c collinear with a-b: does it lie within the segment's box? */
static bool within(pl_geo_point a, pl_geo_point b, pl_geo_point c)
{
    return fmin(a.lon, b.lon) <= c.lon && c.lon <= fmax(a.lon, b.lon) &&
           fmin(a.lat, b.lat) <= c.lat && c.lat <= fmax(a.lat, b.lat);
}

/* 0 disjoint, 1 touching (an end on the other segment, or overlap), 2 proper crossing. */
static int seg_intersect(pl_geo_point a, pl_geo_point b, pl_geo_point c, pl_geo_point d)
{
    int d1 = sgn(orient(c, d, a)), d2 = sgn(orient(c, d, b));
    int d3 = sgn(orient(a, b, c)), d4 = sgn(orient(a, b, d));
    if (d1 * d2 < 0 && d3 * d4 < 0)
        return 2;
    if ((d1 == 0 && within(c, d, a)) || (d2 == 0 && within(c, d, b)) ||
        (d3 == 0 && within(a, b, c)) || (d4 == 0 && within(a, b, d)))
        return 1;
    return 0;
}

static bool on_segment(pl_geo_point a, pl_geo_point b, pl_geo_point p)
{
    double dx = b.lon - a.lon, dy = b.lat - a.lat;
    double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p.lon - a.lon) * dx + (p.lat - a.lat) * dy) / len2 : 0;
    if (t < 0)
        t = 0;
    else if (t > 1)
        t = 1;
    double ex = a.lon + t * dx - p.lon, ey = a.lat + t * dy - p.lat;
    return ex * ex + ey * ey <= PL_GEO_EDGE_EPS * PL_GEO_EDGE_EPS;
}

/* Does a ray from p towards +lon cross edge a-b (half-open in latitude)? */
static bool ray_crosses(pl_geo_point a, pl_geo_point b, pl_geo_point p)
{
    if ((a.lat > p.lat) == (b.lat > p.lat))
        return false;
    double x = a.lon + (p.lat - a.lat) * (b.lon - a.lon) / (b.lat - a.lat);
    return p.lon < x;
}

pl_geo_where pl_geo_ring_locate(const pl_geo_ring *r, pl_geo_point p)
{
    bool in = false;
    for (size_t i = 0; i + 1 < r->n; i++) {
        if (on_segment(r->pts[i], r->pts[i + 1], p))
            return PL_GEO_ON_EDGE;
        if (ray_crosses(r->pts[i], r->pts[i + 1], p))
            in = !in;
    }
    return in ? PL_GEO_INSIDE : PL_GEO_OUTSIDE;
}

/* ------------------------------------------------------------ validation */

typedef struct vedge {
    pl_geo_point a, b;
    size_t ring, idx; /* ring within polygon, edge index within ring */
    size_t ring_edges;
    double min_lon, max_lon;
} vedge;

static int cmp_vedge(const void *x, const void *y)
{
    const vedge *a = x, *b = y;
    return (a->min_lon > b->min_lon) - (a->min_lon < b->min_lon);
}

static bool same_pt(pl_geo_point a, pl_geo_point b)
{
    return a.lon == b.lon && a.lat == b.lat;
}

static int check_ring_basic(const pl_geo_ring *r, size_t pi, size_t ri, char *reason, size_t cap)
{
    for (size_t i = 0; i < r->n; i++) {
        pl_geo_point q = r->pts[i];
        if (!isfinite(q.lon) || !isfinite(q.lat) || q.lon < -180 || q.lon > 180 || q.lat < -90 ||
            q.lat > 90) {
            snprintf(reason, cap,
                     "poligon %zu, cincin %zu: titik ke-%zu (%g, %g) di luar rentang bujur "
                     "-180..180 dan lintang -90..90 (urutan GeoJSON: [bujur, lintang])",
                     pi + 1, ri + 1, i + 1, q.lon, q.lat);
            return PL_EINVAL;
        }
    }
    if (r->n < 4) {
        snprintf(reason, cap,
                 "poligon %zu, cincin %zu: hanya %zu titik, minimal 4 (segitiga + "
                 "titik penutup)",
                 pi + 1, ri + 1, r->n);
        return PL_EINVAL;
    }
    if (!same_pt(r->pts[0], r->pts[r->n - 1])) {
        snprintf(reason, cap,
                 "poligon %zu, cincin %zu: tidak tertutup (titik terakhir harus sama dengan "
                 "titik pertama)",
                 pi + 1, ri + 1);
        return PL_EINVAL;
    }
    double lo = r->pts[0].lon, hi = lo;
    size_t distinct = 1;
    for (size_t i = 1; i < r->n; i++) {
        lo = fmin(lo, r->pts[i].lon);
        hi = fmax(hi, r->pts[i].lon);
        if (!same_pt(r->pts[i], r->pts[i - 1]))
            distinct++;
    }
    if (hi - lo > 180) {
        snprintf(reason, cap,
                 "poligon %zu, cincin %zu: membentang lebih dari 180 derajat bujur (melintasi "
                 "garis bujur 180 tidak didukung)",
                 pi + 1, ri + 1);
        return PL_EINVAL;
    }
    if (distinct < 4) {
        snprintf(reason, cap, "poligon %zu, cincin %zu: kurang dari 3 titik berbeda", pi + 1,
                 ri + 1);
        return PL_EINVAL;
    }
    return 0;
}

/* Self-intersections within a polygon: a sweep over edges sorted by west end. */
static int check_polygon_crossings(const pl_geo_polygon *pg, size_t pi, char *reason, size_t cap)
{
    size_t total = 0;
    for (size_t r = 0; r < pg->n_rings; r++)
        total += pg->rings[r].n;
    vedge *e = malloc((total ? total : 1) * sizeof *e);
    if (e == NULL) {
        snprintf(reason, cap, "memori tidak cukup");
        return PL_ENOMEM;
    }
    size_t n = 0;
    for (size_t r = 0; r < pg->n_rings; r++) {
        const pl_geo_ring *ring = &pg->rings[r];
        size_t first = n, k = 0;
        for (size_t i = 0; i + 1 < ring->n; i++) {
            if (same_pt(ring->pts[i], ring->pts[i + 1]))
                continue; /* repeated point: no edge */
            e[n] = (vedge){ring->pts[i],
                           ring->pts[i + 1],
                           r,
                           k++,
                           0,
                           fmin(ring->pts[i].lon, ring->pts[i + 1].lon),
                           fmax(ring->pts[i].lon, ring->pts[i + 1].lon)};
            n++;
        }
        for (size_t j = first; j < n; j++)
            e[j].ring_edges = k;
    }
    qsort(e, n, sizeof *e, cmp_vedge);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        for (size_t j = i + 1; j < n && e[j].min_lon <= e[i].max_lon; j++) {
            if (fmax(fmin(e[i].a.lat, e[i].b.lat), fmin(e[j].a.lat, e[j].b.lat)) >
                fmin(fmax(e[i].a.lat, e[i].b.lat), fmax(e[j].a.lat, e[j].b.lat)))
                continue;
            int hit = seg_intersect(e[i].a, e[i].b, e[j].a, e[j].b);
            if (hit == 0)
                continue;
            if (e[i].ring == e[j].ring) {
                size_t m = e[i].ring_edges,
                       d = e[i].idx > e[j].idx ? e[i].idx - e[j].idx : e[j].idx - e[i].idx;
                bool adjacent = d == 1 || d == m - 1;
                if (adjacent) {
                    /* Neighbours share one vertex; more than that is a fold-back. */
                    pl_geo_point sh = same_pt(e[i].b, e[j].a) ? e[i].b : e[i].a;
                    pl_geo_point u = same_pt(e[i].a, sh) ? e[i].b : e[i].a;
                    pl_geo_point v = same_pt(e[j].a, sh) ? e[j].b : e[j].a;
                    if (!(orient(sh, u, v) == 0 && (u.lon - sh.lon) * (v.lon - sh.lon) +
                                                           (u.lat - sh.lat) * (v.lat - sh.lat) >
                                                       0))
                        continue;
                }
                snprintf(reason, cap,
                         "poligon %zu, cincin %zu: sisi memotong atau menyentuh dirinya sendiri "
                         "dekat (%.6f, %.6f)",
                         pi + 1, e[i].ring + 1, e[j].a.lon, e[j].a.lat);
                rc = PL_EINVAL;
                break;
            }
            if (hit == 2) {
                snprintf(reason, cap,
                         "poligon %zu: cincin %zu dan cincin %zu saling memotong dekat "
                         "(%.6f, %.6f)",
                         pi + 1, e[i].ring + 1, e[j].ring + 1, e[j].a.lon, e[j].a.lat);
                rc = PL_EINVAL;
                break;
            }
        }
    }
    free(e);
    return rc;
}

int pl_geo_shape_validate(const pl_geo_shape *s, char *reason, size_t cap)
{
    if (s == NULL || s->n_polys == 0) {
        snprintf(reason, cap, "bentuk kosong: tidak ada poligon");
        return PL_EINVAL;
    }
    for (size_t pi = 0; pi < s->n_polys; pi++) {
        const pl_geo_polygon *pg = &s->polys[pi];
        if (pg->n_rings == 0) {
            snprintf(reason, cap, "poligon %zu tidak punya cincin", pi + 1);
            return PL_EINVAL;
        }
        for (size_t ri = 0; ri < pg->n_rings; ri++) {
            int rc = check_ring_basic(&pg->rings[ri], pi, ri, reason, cap);
            if (rc)
                return rc;
        }
        int rc = check_polygon_crossings(pg, pi, reason, cap);
        if (rc)
            return rc;
        for (size_t ri = 1; ri < pg->n_rings; ri++) {
            const pl_geo_ring *h = &pg->rings[ri];
            bool ok = false;
            for (size_t i = 0; i + 1 < h->n && !ok; i++) {
                pl_geo_where w = pl_geo_ring_locate(&pg->rings[0], h->pts[i]);
                if (w == PL_GEO_OUTSIDE)
                    break;
                ok = w == PL_GEO_INSIDE;
            }
            if (!ok) {
                snprintf(reason, cap,
                         "poligon %zu, cincin %zu: lubang tidak berada di dalam cincin luar",
                         pi + 1, ri + 1);
                return PL_EINVAL;
            }
        }
    }
    return 0;
}

/* ------------------------------------------------------------ edge index */

static size_t band_of(const pl_geo_shape *s, double lat)
{
    double k = floor((lat - s->band_y0) / s->band_h);
    if (!(k >= 0))
        return 0;
    if (k >= (double)s->n_bands)
        return s->n_bands - 1;
    return (size_t)k;
}

int pl_geo_shape_prepare(pl_geo_shape *s)
{
    drop_index(s);
    size_t n_edges = 0;
    bool first = true;
    for (size_t pi = 0; pi < s->n_polys; pi++)
        for (size_t ri = 0; ri < s->polys[pi].n_rings; ri++) {
            const pl_geo_ring *r = &s->polys[pi].rings[ri];
            n_edges += r->n ? r->n - 1 : 0;
            for (size_t i = 0; i < r->n; i++) {
                pl_geo_point q = r->pts[i];
                if (first) {
                    s->bbox = (pl_geo_bbox){q.lon, q.lat, q.lon, q.lat};
                    first = false;
                }
                s->bbox.min_lon = fmin(s->bbox.min_lon, q.lon);
                s->bbox.max_lon = fmax(s->bbox.max_lon, q.lon);
                s->bbox.min_lat = fmin(s->bbox.min_lat, q.lat);
                s->bbox.max_lat = fmax(s->bbox.max_lat, q.lat);
            }
        }
    if (first)
        s->bbox = (pl_geo_bbox){0, 0, 0, 0};
    s->n_bands = n_edges < 4 ? 1 : n_edges > 65536 ? 65536 : n_edges;
    s->band_y0 = s->bbox.min_lat;
    double span = s->bbox.max_lat - s->bbox.min_lat;
    /*
     * Edges spanning many bands (a comb of tall zig-zags) would multiply the
     * index; fewer, taller bands keep it within a small multiple of the edges.
     */
    for (;;) {
        s->band_h = span > 0 ? span / (double)s->n_bands : 1;
        size_t entries = 0;
        for (size_t pi = 0; pi < s->n_polys; pi++)
            for (size_t ri = 0; ri < s->polys[pi].n_rings; ri++) {
                const pl_geo_ring *r = &s->polys[pi].rings[ri];
                for (size_t i = 0; i + 1 < r->n; i++)
                    entries +=
                        band_of(s, fmax(r->pts[i].lat, r->pts[i + 1].lat) + PL_GEO_EDGE_EPS) -
                        band_of(s, fmin(r->pts[i].lat, r->pts[i + 1].lat) - PL_GEO_EDGE_EPS) + 1;
            }
        if (s->n_bands == 1 || entries <= 16 * n_edges + 65536)
            break;
        s->n_bands /= 4;
        if (s->n_bands == 0)
            s->n_bands = 1;
    }
    s->band_start = calloc(s->n_bands + 1, sizeof *s->band_start);
    if (s->band_start == NULL)
        return PL_ENOMEM;
    /* Two passes: count edges per band, then place them (polygon order kept). */
    size_t total = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            size_t acc = 0;
            for (size_t k = 0; k <= s->n_bands; k++) {
                size_t c = s->band_start[k];
                s->band_start[k] = acc;
                acc += c;
            }
            total = acc;
            s->edges = malloc((total ? total : 1) * sizeof *s->edges);
            if (s->edges == NULL) {
                drop_index(s);
                return PL_ENOMEM;
            }
        }
        size_t *fill = NULL;
        if (pass == 1) {
            fill = malloc((s->n_bands + 1) * sizeof *fill);
            if (fill == NULL) {
                drop_index(s);
                return PL_ENOMEM;
            }
            memcpy(fill, s->band_start, (s->n_bands + 1) * sizeof *fill);
        }
        for (size_t pi = 0; pi < s->n_polys; pi++)
            for (size_t ri = 0; ri < s->polys[pi].n_rings; ri++) {
                const pl_geo_ring *r = &s->polys[pi].rings[ri];
                for (size_t i = 0; i + 1 < r->n; i++) {
                    pl_geo_point a = r->pts[i], b = r->pts[i + 1];
                    size_t k0 = band_of(s, fmin(a.lat, b.lat) - PL_GEO_EDGE_EPS);
                    size_t k1 = band_of(s, fmax(a.lat, b.lat) + PL_GEO_EDGE_EPS);
                    for (size_t k = k0; k <= k1; k++) {
                        if (pass == 0)
                            s->band_start[k]++;
                        else
                            s->edges[fill[k]++] = (geo_edge){a, b, (uint32_t)pi};
                    }
                }
            }
        free(fill);
    }
    s->prepared = true;
    return 0;
}

pl_geo_bbox pl_geo_shape_bbox(const pl_geo_shape *s)
{
    return s->bbox;
}

static pl_geo_where locate_slow(const pl_geo_shape *s, pl_geo_point p)
{
    bool inside = false;
    for (size_t pi = 0; pi < s->n_polys; pi++) {
        bool in = false;
        for (size_t ri = 0; ri < s->polys[pi].n_rings; ri++) {
            const pl_geo_ring *r = &s->polys[pi].rings[ri];
            for (size_t i = 0; i + 1 < r->n; i++) {
                if (on_segment(r->pts[i], r->pts[i + 1], p))
                    return PL_GEO_ON_EDGE;
                if (ray_crosses(r->pts[i], r->pts[i + 1], p))
                    in = !in;
            }
        }
        inside = inside || in;
    }
    return inside ? PL_GEO_INSIDE : PL_GEO_OUTSIDE;
}

pl_geo_where pl_geo_shape_locate(const pl_geo_shape *s, pl_geo_point p)
{
    if (!s->prepared)
        return locate_slow(s, p);
    /* Written so that a NaN coordinate falls outside. */
    if (!(p.lon >= s->bbox.min_lon - PL_GEO_EDGE_EPS &&
          p.lon <= s->bbox.max_lon + PL_GEO_EDGE_EPS &&
          p.lat >= s->bbox.min_lat - PL_GEO_EDGE_EPS && p.lat <= s->bbox.max_lat + PL_GEO_EDGE_EPS))
        return PL_GEO_OUTSIDE;
    size_t k = band_of(s, p.lat);
    bool inside = false, in = false;
    uint32_t cur = UINT32_MAX;
    for (size_t i = s->band_start[k]; i < s->band_start[k + 1]; i++) {
        const geo_edge *e = &s->edges[i];
        if (e->poly != cur) {
            inside = inside || in;
            in = false;
            cur = e->poly;
        }
        if (on_segment(e->a, e->b, p))
            return PL_GEO_ON_EDGE;
        if (ray_crosses(e->a, e->b, p))
            in = !in;
    }
    inside = inside || in;
    return inside ? PL_GEO_INSIDE : PL_GEO_OUTSIDE;
}

/* Does segment a-b meet box b (edges included)? Exact up to rounding. */
static bool seg_meets_box(pl_geo_point a, pl_geo_point b, const pl_geo_bbox *x)
{
    if (fmax(a.lon, b.lon) < x->min_lon || fmin(a.lon, b.lon) > x->max_lon ||
        fmax(a.lat, b.lat) < x->min_lat || fmin(a.lat, b.lat) > x->max_lat)
        return false;
    /* The boxes overlap: the segment meets the box unless all corners lie strictly on one side. */
    pl_geo_point c[4] = {{x->min_lon, x->min_lat},
                         {x->max_lon, x->min_lat},
                         {x->max_lon, x->max_lat},
                         {x->min_lon, x->max_lat}};
    int pos = 0, neg = 0;
    for (int i = 0; i < 4; i++) {
        double o = orient(a, b, c[i]);
        pos += o > 0;
        neg += o < 0;
    }
    return !(pos == 4 || neg == 4);
}

pl_geo_box_where pl_geo_shape_box_where(const pl_geo_shape *s, const pl_geo_bbox *b)
{
    if (!s->prepared || s->n_bands == 0)
        return PL_GEO_BOX_MIXED;
    const double m = 2 * PL_GEO_EDGE_EPS;
    pl_geo_bbox x = {b->min_lon - m, b->min_lat - m, b->max_lon + m, b->max_lat + m};
    if (!(x.min_lon <= x.max_lon && x.min_lat <= x.max_lat))
        return PL_GEO_BOX_MIXED; /* NaN or an inverted box */
    if (!pl_geo_bbox_intersects(&s->bbox, &x))
        return PL_GEO_BOX_OUTSIDE;
    /* Every edge reaching the box's latitudes is listed in one of these bands. */
    size_t k0 = band_of(s, x.min_lat), k1 = band_of(s, x.max_lat);
    for (size_t i = s->band_start[k0]; i < s->band_start[k1 + 1]; i++)
        if (seg_meets_box(s->edges[i].a, s->edges[i].b, &x))
            return PL_GEO_BOX_MIXED;
    /*
     * No edge comes near: the box lies wholly in one face of the shape's
     * boundary, so its centre tells for all of it.
     */
    pl_geo_point c = {(b->min_lon + b->max_lon) / 2, (b->min_lat + b->max_lat) / 2};
    switch (pl_geo_shape_locate(s, c)) {
    case PL_GEO_INSIDE:
        return PL_GEO_BOX_INSIDE;
    case PL_GEO_OUTSIDE:
        return PL_GEO_BOX_OUTSIDE;
    default:
        return PL_GEO_BOX_MIXED;
    }
}

bool pl_geo_shape_contains(const pl_geo_shape *s, pl_geo_point p)
{
    return pl_geo_shape_locate(s, p) != PL_GEO_OUTSIDE;
}

/* ------------------------------------------------------------- distances */

#define DEG2RAD (3.14159265358979323846 / 180.0)

double pl_geo_haversine_m(pl_geo_point a, pl_geo_point b)
{
    double dlat = (b.lat - a.lat) * DEG2RAD, dlon = (b.lon - a.lon) * DEG2RAD;
    double h = sin(dlat / 2) * sin(dlat / 2) +
               cos(a.lat * DEG2RAD) * cos(b.lat * DEG2RAD) * sin(dlon / 2) * sin(dlon / 2);
    if (h > 1)
        h = 1;
    return 2 * PL_GEO_EARTH_RADIUS_M * asin(sqrt(h));
}

double pl_geo_shape_edge_distance_m(const pl_geo_shape *s, pl_geo_point p)
{
    double kx = cos(p.lat * DEG2RAD) * DEG2RAD * PL_GEO_EARTH_RADIUS_M;
    double ky = DEG2RAD * PL_GEO_EARTH_RADIUS_M;
    double best = INFINITY;
    for (size_t pi = 0; pi < s->n_polys; pi++)
        for (size_t ri = 0; ri < s->polys[pi].n_rings; ri++) {
            const pl_geo_ring *r = &s->polys[pi].rings[ri];
            for (size_t i = 0; i + 1 < r->n; i++) {
                double ax = (r->pts[i].lon - p.lon) * kx, ay = (r->pts[i].lat - p.lat) * ky;
                double bx = (r->pts[i + 1].lon - p.lon) * kx, by = (r->pts[i + 1].lat - p.lat) * ky;
                double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
                double t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0;
                t = t < 0 ? 0 : t > 1 ? 1 : t;
                double ex = ax + t * dx, ey = ay + t * dy;
                double d = sqrt(ex * ex + ey * ey);
                if (d < best)
                    best = d;
            }
        }
    return best;
}

pl_geo_bbox pl_geo_bbox_around(pl_geo_point c, double radius_m)
{
    double dlat = radius_m / PL_GEO_EARTH_RADIUS_M / DEG2RAD;
    double coslat = cos(fmin(89.0, fabs(c.lat) + dlat) * DEG2RAD);
    double dlon = dlat / coslat;
    if (dlon > 180)
        dlon = 180;
    return (pl_geo_bbox){c.lon - dlon, c.lat - dlat, c.lon + dlon, c.lat + dlat};
}

bool pl_geo_bbox_contains(const pl_geo_bbox *b, pl_geo_point p)
{
    return p.lon >= b->min_lon && p.lon <= b->max_lon && p.lat >= b->min_lat && p.lat <= b->max_lat;
}

bool pl_geo_bbox_intersects(const pl_geo_bbox *a, const pl_geo_bbox *b)
{
    return a->min_lon <= b->max_lon && b->min_lon <= a->max_lon && a->min_lat <= b->max_lat &&
           b->min_lat <= a->max_lat;
}
