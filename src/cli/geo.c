/*
 * geo.c - `pilar boundary import`, `pilar area`, `pilar disaster add|list|
 * affected|confirm`, `pilar card`, `pilar card revoke|reissue|check`, `pilar geo check|reindex`.
 */
#include "cli/cli.h"
#include "domain/category.h"
#include "domain/date.h"
#include "domain/numfmt.h"
#include "io/card_pdf.h"
#include "io/csv_writer.h"
#include "io/disaster_json.h"
#include "io/geojson.h"
#include "io/record_json.h"
#include "io/xlsx_writer.h"
#include "service/area.h"
#include "service/boundary.h"
#include "service/card.h"
#include "service/disaster.h"
#include "store/audit.h"
#include "store/disaster.h"
#include "store/geo.h"
#include "store/region.h"
#include "store/store.h"
#include "util/fs.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pl_date today_date(void)
{
    pl_date d;
    pl_cli_today(&d.year, &d.month, &d.day);
    return d;
}

/* ------------------------------------------------------------ boundary */

int pl_cmd_boundary_import(pl_cli *c, int argc, char **argv)
{
    const char *path = NULL;
    int level = 0;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--level", &v) && v) {
            if (strcmp(v, "regency") == 0 || strcmp(v, "kabupaten") == 0)
                level = PL_LEVEL_REGENCY;
            else if (strcmp(v, "district") == 0 || strcmp(v, "kecamatan") == 0)
                level = PL_LEVEL_DISTRICT;
            else if (strcmp(v, "province") == 0 || strcmp(v, "provinsi") == 0)
                level = PL_LEVEL_PROVINCE;
            else
                return pl_error_set(&c->err, PL_EINVAL, "level",
                                    "--level harus regency atau district, bukan '%s'", v);
        } else if (argv[i][0] != '-' && path == NULL) {
            path = argv[i];
        } else {
            return pl_cli_bad_option(c, argv[i]);
        }
    }
    if (path == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "berkas", "sebutkan berkas GeoJSON batas wilayah");
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    pl_boundary_import_result r;
    rc = pl_boundary_import(&r, s, &c->actor, path, level, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json)
        return pl_cli_print_json(c,
                                 json_pack("{s:I,s:I,s:I}", "imported", (json_int_t)r.features,
                                           "regencies", (json_int_t)r.by_level[PL_LEVEL_REGENCY],
                                           "districts", (json_int_t)r.by_level[PL_LEVEL_DISTRICT]));
    fprintf(c->out, "%zu batas wilayah dimuat (%ld kabupaten/kota, %ld kecamatan).\n", r.features,
            r.by_level[PL_LEVEL_REGENCY], r.by_level[PL_LEVEL_DISTRICT]);
    return 0;
}

/* ------------------------------------------------------------ area */

typedef enum out_format { FMT_NONE, FMT_CSV, FMT_XLSX, FMT_GEOJSON } out_format;

typedef struct area_opts {
    const char *geojson;
    bool has_point;
    pl_geo_point center;
    double radius;
    bool all;   /* everyone, not only the vulnerable */
    bool scan;  /* --method scan: no spatial index (benchmark baseline) */
    int repeat; /* --repeat N: run N times, time the last (benchmark) */
    out_format format;
    const char *out;
    char region[PL_REGION_CODE_MAX];
} area_opts;

static const char *const COLS[] = {
    "nik",
    "nama",
    "no_kk",
    "jenis_kelamin",
    "umur",
    "kerentanan",
    "disabilitas",
    "alamat",
    "rt",
    "rw",
    "kode_desa",
    "latitude",
    "longitude",
    "jarak_pusat_m",
    "tagana_terdekat",
    "jarak_tagana_m",
    "tksk_terdekat",
    "jarak_tksk_m",
    "lks_terdekat",
    "jarak_lks_m",
};
#define NCOLS (sizeof COLS / sizeof COLS[0])

typedef struct row_sink {
    pl_cli *c;
    out_format format;
    pl_csv_writer *csv;
    pl_xlsx_writer *xlsx;
    json_t *features;
    long shown;
    bool radius;
} row_sink;

static void fmt_m(char *out, size_t cap, bool found, double m)
{
    if (found)
        snprintf(out, cap, "%.0f", m);
    else
        out[0] = '\0';
}

static int sink_row(void *ctx, const pl_area_row *r)
{
    row_sink *k = ctx;
    char age[12] = "", vuln[64], lat[24], lon[24], dist[24] = "", sex[2] = {r->person.sex, 0};
    char nd[PL_AREA_PSKS_TYPES][24];
    if (r->age >= 0)
        snprintf(age, sizeof age, "%d", r->age);
    pl_area_vuln_label(vuln, sizeof vuln, r->vuln);
    snprintf(lat, sizeof lat, "%.6f", r->lat);
    snprintf(lon, sizeof lon, "%.6f", r->lon);
    if (k->radius)
        snprintf(dist, sizeof dist, "%.0f", r->distance_m);
    for (int t = 0; t < PL_AREA_PSKS_TYPES; t++)
        fmt_m(nd[t], sizeof nd[t], r->nearest[t].found, r->nearest[t].distance_m);
    const char *f[NCOLS] = {
        r->person.nik,
        r->person.name,
        r->person.kk,
        sex,
        age,
        vuln,
        r->disability_label,
        r->household.address,
        r->household.rt,
        r->household.rw,
        r->person.village_code,
        lat,
        lon,
        dist,
        r->nearest[0].name,
        nd[0],
        r->nearest[1].name,
        nd[1],
        r->nearest[2].name,
        nd[2],
    };
    k->shown++;
    switch (k->format) {
    case FMT_CSV:
        return pl_csv_writer_row(k->csv, f, NCOLS, &k->c->err);
    case FMT_XLSX:
        return pl_xlsx_writer_row(k->xlsx, f, NCOLS, &k->c->err);
    case FMT_GEOJSON: {
        json_t *props = json_object();
        for (size_t i = 0; i < NCOLS; i++)
            if (i != 11 && i != 12)
                json_object_set_new(props, COLS[i], json_string(f[i]));
        return json_array_append_new(k->features, pl_geojson_point_feature(r->lat, r->lon, props))
                   ? pl_error_set(&k->c->err, PL_ENOMEM, "", "memori tidak cukup")
                   : 0;
    }
    case FMT_NONE:
        if (k->c->json)
            return 0;
        fprintf(k->c->out, "%-16s %-28.28s %3s %-24.24s %-22.22s %10s,%-11s %s\n", r->person.nik,
                r->person.name, age, vuln, r->disability_label, lat, lon,
                r->nearest[0].found ? r->nearest[0].name : "-");
        return 0;
    }
    return 0;
}

static json_t *summary_json(const pl_area_result *r)
{
    json_t *by = json_object();
    for (size_t i = 0; i < pl_disability_count() && i < PL_AREA_DISABILITY_MAX; i++)
        if (r->by_disability[i])
            json_object_set_new(by, pl_disability_at(i)->slug, json_integer(r->by_disability[i]));
    if (r->by_disability[PL_AREA_DISABILITY_MAX])
        json_object_set_new(by, "lainnya", json_integer(r->by_disability[PL_AREA_DISABILITY_MAX]));
    return json_pack("{s:I,s:I,s:I,s:I,s:I,s:o,s:n,s:n}", "people", (json_int_t)r->people,
                     "vulnerable", (json_int_t)r->vulnerable, "elderly", (json_int_t)r->elderly,
                     "children_under_5", (json_int_t)r->children, "disabled",
                     (json_int_t)r->disabled, "disabled_by_type", by, "bedridden", "pregnant");
}

static void print_summary(pl_cli *c, const pl_area_result *r)
{
    fprintf(c->out,
            "Di dalam area: %ld orang, %ld rentan (lansia 60+: %ld, disabilitas: %ld, balita: "
            "%ld).\n",
            r->people, r->vulnerable, r->elderly, r->disabled, r->children);
    for (size_t i = 0; i < pl_disability_count() && i < PL_AREA_DISABILITY_MAX; i++)
        if (r->by_disability[i])
            fprintf(c->out, "  %-36s %ld\n", pl_disability_at(i)->label, r->by_disability[i]);
    if (r->by_disability[PL_AREA_DISABILITY_MAX])
        fprintf(c->out, "  %-36s %ld\n", "Lainnya", r->by_disability[PL_AREA_DISABILITY_MAX]);
    fprintf(c->out, "  (Terbaring di tempat tidur dan hamil belum tercatat di Pilar.)\n");
}

/* Writes rows of r to the chosen sink, then the summary. */
static int area_output(pl_cli *c, pl_store *s, const pl_area_result *r, const pl_area_query *q,
                       const area_opts *o, json_t *extra)
{
    row_sink k = {.c = c, .format = o->format, .radius = q->shape == NULL};
    int rc = 0;
    if (o->format != FMT_NONE && o->out == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "out", "--format memerlukan --out BERKAS");
    if (o->format == FMT_CSV) {
        /* The writer guards text that starts like a formula; these columns are numbers. */
        static const pl_csv_kind kinds[NCOLS] = {
            [4] = PL_CSV_NUMBER,  [11] = PL_CSV_NUMBER, [12] = PL_CSV_NUMBER, [13] = PL_CSV_NUMBER,
            [15] = PL_CSV_NUMBER, [17] = PL_CSV_NUMBER, [19] = PL_CSV_NUMBER};
        pl_csv_writer_options opt = {.bom = 1, .kinds = kinds, .n_kinds = NCOLS};
        if ((rc = pl_csv_writer_open_path(&k.csv, o->out, &opt, &c->err)) ||
            (rc = pl_csv_writer_row(k.csv, COLS, NCOLS, &c->err)))
            goto out;
    } else if (o->format == FMT_XLSX) {
        pl_xlsx_column cols[NCOLS];
        memset(cols, 0, sizeof cols);
        for (size_t i = 0; i < NCOLS; i++)
            cols[i].header = COLS[i];
        if ((rc = pl_xlsx_writer_open(&k.xlsx, o->out, NULL, &c->err)) ||
            (rc = pl_xlsx_writer_add_sheet(k.xlsx, "Area", cols, NCOLS, &c->err)))
            goto out;
    } else if (o->format == FMT_GEOJSON) {
        k.features = json_array();
    } else if (!c->json) {
        print_summary(c, r);
        if (r->n)
            fprintf(c->out, "\n%-16s %-28s %3s %-24s %-22s %22s %s\n", "NIK", "Nama", "Umr",
                    "Kerentanan", "Disabilitas", "Koordinat", "Tagana terdekat");
    }
    if (o->format == FMT_NONE && c->json)
        k.shown = q->summary_only ? r->vulnerable : (long)r->n; /* summary only: no rows read */
    else if ((rc = pl_area_each_row(s, r, q, sink_row, &k, &c->err)))
        goto out;
    if (o->format == FMT_CSV) {
        rc = pl_csv_writer_close(k.csv, &c->err);
        k.csv = NULL;
    } else if (o->format == FMT_XLSX) {
        rc = pl_xlsx_writer_close(k.xlsx, &c->err);
        k.xlsx = NULL;
    } else if (o->format == FMT_GEOJSON) {
        json_t *fc = json_pack("{s:s,s:o}", "type", "FeatureCollection", "features", k.features);
        k.features = NULL;
        bool created; /* 0600 first: json_dump_file keeps an existing file's mode */
        if (fc == NULL || pl_fs_prepare(o->out, &created, &c->err) ||
            json_dump_file(fc, o->out, JSON_COMPACT) != 0)
            rc = pl_error_set(&c->err, PL_EIO, "out", "gagal menulis '%s'", o->out);
        json_decref(fc);
    }
    if (rc)
        goto out;
    if (c->json) {
        json_t *j = summary_json(r);
        json_object_set_new(j, "listed", json_integer(k.shown));
        if (o->out)
            json_object_set_new(j, "out", json_string(o->out));
        if (extra)
            json_object_update(j, extra);
        rc = pl_cli_print_json(c, j);
    } else if (o->format != FMT_NONE) {
        print_summary(c, r);
        fprintf(c->out, "%ld orang ditulis ke %s.\n", k.shown, o->out);
    }
out:
    pl_csv_writer_close(k.csv, NULL);
    pl_xlsx_writer_free(k.xlsx);
    json_decref(k.features);
    return rc;
}

static int parse_format(pl_cli *c, out_format *f, const char *v)
{
    if (strcmp(v, "csv") == 0)
        *f = FMT_CSV;
    else if (strcmp(v, "xlsx") == 0)
        *f = FMT_XLSX;
    else if (strcmp(v, "geojson") == 0)
        *f = FMT_GEOJSON;
    else
        return pl_error_set(&c->err, PL_EINVAL, "format", "--format harus csv, xlsx atau geojson");
    return 0;
}

/* Options shared by `area` and `disaster affected`; returns 1 when argv[*i] was consumed. */
static int area_option(pl_cli *c, area_opts *o, int argc, char **argv, int *i, int *rc)
{
    const char *v = NULL;
    *rc = 0;
    if (pl_cli_opt(argc, argv, i, "--format", &v) && v)
        *rc = parse_format(c, &o->format, v);
    else if (pl_cli_opt(argc, argv, i, "--out", &v) && v)
        o->out = v;
    else if (strcmp(argv[*i], "--all") == 0)
        o->all = true;
    else if (pl_cli_opt(argc, argv, i, "--region", &v) && v) {
        if (pl_cli_region_opt(c, o->region, v))
            *rc = c->err.code;
    } else
        return 0;
    return 1;
}

int pl_cmd_area(pl_cli *c, int argc, char **argv)
{
    area_opts o = {.repeat = 1};
    int rc = 0;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (area_option(c, &o, argc, argv, &i, &rc)) {
            if (rc)
                return rc;
        } else if (pl_cli_opt(argc, argv, &i, "--geojson", &v) && v) {
            o.geojson = v;
        } else if (pl_cli_opt(argc, argv, &i, "--point", &v) && v) {
            char *e = NULL;
            o.center.lat = strtod(v, &e);
            if (*e != ',')
                return pl_error_set(&c->err, PL_EINVAL, "point", "--point harus LINTANG,BUJUR");
            char *e2 = NULL;
            o.center.lon = strtod(e + 1, &e2);
            if (*e2 != '\0' || fabs(o.center.lat) > 90 || fabs(o.center.lon) > 180)
                return pl_error_set(&c->err, PL_EINVAL, "point", "--point harus LINTANG,BUJUR");
            o.has_point = true;
        } else if (pl_cli_opt(argc, argv, &i, "--repeat", &v) && v) {
            o.repeat = atoi(v);
            if (o.repeat < 1 || o.repeat > 100)
                return pl_error_set(&c->err, PL_EINVAL, "repeat", "--repeat harus 1..100");
        } else if (pl_cli_opt(argc, argv, &i, "--method", &v) && v) {
            if (strcmp(v, "scan") != 0 && strcmp(v, "index") != 0)
                return pl_error_set(&c->err, PL_EINVAL, "method", "--method harus index atau scan");
            o.scan = strcmp(v, "scan") == 0;
        } else if (pl_cli_opt(argc, argv, &i, "--radius", &v) && v) {
            char *e = NULL;
            o.radius = strtod(v, &e);
            if (*e != '\0' && strcmp(e, "m") != 0)
                return pl_error_set(&c->err, PL_EINVAL, "radius", "--radius dalam meter");
        } else {
            return pl_cli_bad_option(c, argv[i]);
        }
    }
    if ((o.geojson != NULL) == o.has_point)
        return pl_error_set(&c->err, PL_EINVAL, "area",
                            "pilih satu: --geojson BERKAS atau --point LINTANG,BUJUR --radius M");
    if (o.has_point && !(o.radius > 0))
        return pl_error_set(&c->err, PL_EINVAL, "radius", "--point memerlukan --radius METER");
    pl_geo_shape *shape = NULL;
    pl_store *s = NULL;
    pl_area_result *r = NULL;
    if (o.geojson && (rc = pl_area_load_file(&shape, o.geojson, &c->err)))
        return rc;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)))
        goto out;
    pl_area_query q = {.shape = shape,
                       .center = o.center,
                       .radius_m = o.radius,
                       .scope = o.region,
                       .today = today_date(),
                       .vulnerable_only = !o.all,
                       .full_scan = o.scan};
    q.summary_only = c->json && o.format == FMT_NONE;
    struct timespec t0, t1, c0, c1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    for (int k = 0; k < o.repeat; k++) {
        /* --repeat: earlier runs warm the caches, the last one is timed and kept. */
        pl_area_result_free(r);
        r = NULL;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
        if ((rc = pl_area_run(&r, s, &q, &c->err)))
            goto out;
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    double cpu = (double)(c1.tv_sec - c0.tv_sec) * 1e3 + (double)(c1.tv_nsec - c0.tv_nsec) / 1e6;
    json_t *extra =
        json_pack("{s:f,s:f,s:I,s:s}", "query_ms", ms, "query_cpu_ms", cpu, "candidates",
                  (json_int_t)r->candidates, "method", o.scan ? "scan" : "index");
    rc = area_output(c, s, r, &q, &o, extra);
    json_decref(extra);
out:
    pl_area_result_free(r);
    pl_store_close(s);
    pl_geo_shape_free(shape);
    return rc;
}

/* ------------------------------------------------------------ disasters */

int pl_cmd_disaster_add(pl_cli *c, int argc, char **argv)
{
    pl_disaster d;
    memset(&d, 0, sizeof d);
    const char *path = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--type", &v) && v)
            snprintf(d.type, sizeof d.type, "%s", v);
        else if (pl_cli_opt(argc, argv, &i, "--date", &v) && v)
            snprintf(d.event_date, sizeof d.event_date, "%s", v);
        else if (pl_cli_opt(argc, argv, &i, "--until", &v) && v)
            snprintf(d.end_date, sizeof d.end_date, "%s", v);
        else if (pl_cli_opt(argc, argv, &i, "--name", &v) && v)
            snprintf(d.name, sizeof d.name, "%s", v);
        else if (pl_cli_opt(argc, argv, &i, "--geojson", &v) && v)
            path = v;
        else if (pl_cli_opt(argc, argv, &i, "--region", &v) && v) {
            if (pl_cli_region_opt(c, d.region_code, v))
                return c->err.code;
        } else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (d.type[0] == '\0' || d.event_date[0] == '\0' || path == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "bencana",
                            "--type, --date dan --geojson wajib diisi");
    pl_geo_shape *shape = NULL;
    pl_store *s = NULL;
    int rc = pl_area_load_file(&shape, path, &c->err);
    if (rc)
        return rc;
    if ((rc = pl_cli_open(c, &s, 0)))
        goto out;
    if ((rc = pl_disaster_register(s, &c->actor, &d, shape, "", &c->err)))
        goto out;
    pl_area_query q = {.shape = shape, .scope = "", .today = today_date()};
    long people = 0, vulnerable = 0;
    if ((rc = pl_area_count(&people, &vulnerable, s, &q, &c->err)))
        goto out;
    if (c->json)
        rc = pl_cli_print_json(c, json_pack("{s:I,s:s,s:s,s:s,s:I,s:I}", "id", (json_int_t)d.id,
                                            "type", d.type, "date", d.event_date, "state", d.state,
                                            "people", (json_int_t)people, "vulnerable",
                                            (json_int_t)vulnerable));
    else
        fprintf(c->out,
                "Kejadian %s tanggal %s tercatat (id %lld): %ld orang di dalam area, %ld rentan.\n"
                "Lihat daftarnya: pilar disaster affected %lld; tetapkan korban: pilar disaster "
                "confirm %lld\n",
                d.type, d.event_date, (long long)d.id, people, vulnerable, (long long)d.id,
                (long long)d.id);
out:
    pl_store_close(s);
    pl_geo_shape_free(shape);
    return rc;
}

static int on_disaster(void *ctx, const pl_disaster *d)
{
    pl_cli_list *l = ctx;
    l->n++;
    if (l->arr)
        return json_array_append_new(l->arr, pl_json_disaster(d)) ? PL_ENOMEM : 0;
    fprintf(l->c->out, "%-5lld %-10s %-12s %-10s %-9s %7ld  %s\n", (long long)d->id, d->event_date,
            d->type, d->region_code[0] ? d->region_code : "-",
            strcmp(d->state, PL_DISASTER_CONFIRMED) == 0 ? "tetap" : "draf", d->affected, d->name);
    return 0;
}

int pl_cmd_disaster_list(pl_cli *c, int argc, char **argv)
{
    char region[PL_REGION_CODE_MAX] = "";
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--region", &v) && v) {
            if (pl_cli_region_opt(c, region, v))
                return c->err.code;
        } else
            return pl_cli_bad_option(c, argv[i]);
    }
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    pl_cli_list l = pl_cli_list_begin(c);
    if (!c->json)
        fprintf(c->out, "%-5s %-10s %-12s %-10s %-9s %7s  %s\n", "ID", "Tanggal", "Jenis",
                "Wilayah", "Status", "Korban", "Nama");
    rc = pl_store_disaster_list(s, region, on_disaster, &l, &c->err);
    pl_store_close(s);
    return pl_cli_list_end(&l, rc, 0, "Belum ada kejadian bencana tercatat.");
}

static int parse_id(pl_cli *c, int64_t *id, const char *v)
{
    char *e = NULL;
    long long n = v ? strtoll(v, &e, 10) : 0;
    if (v == NULL || *e != '\0' || n <= 0)
        return pl_error_set(&c->err, PL_EINVAL, "id", "sebutkan id kejadian bencana (angka)");
    *id = n;
    return 0;
}

int pl_cmd_disaster_affected(pl_cli *c, int argc, char **argv)
{
    area_opts o = {0};
    int64_t id = 0;
    int rc = 0;
    for (int i = 0; i < argc; i++) {
        if (area_option(c, &o, argc, argv, &i, &rc)) {
            if (rc)
                return rc;
        } else if (argv[i][0] != '-' && id == 0) {
            if ((rc = parse_id(c, &id, argv[i])))
                return rc;
        } else {
            return pl_cli_bad_option(c, argv[i]);
        }
    }
    if (id == 0)
        return parse_id(c, &id, NULL);
    pl_store *s = NULL;
    pl_geo_shape *shape = NULL;
    pl_area_result *r = NULL;
    pl_disaster d;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)) ||
        (rc = pl_disaster_load(&d, &shape, s, id, "", &c->err)))
        goto out;
    pl_area_query q = {
        .shape = shape, .scope = o.region, .today = today_date(), .vulnerable_only = !o.all};
    if ((rc = pl_area_run(&r, s, &q, &c->err)))
        goto out;
    if (!c->json && o.format == FMT_NONE)
        fprintf(c->out, "Kejadian %lld: %s %s (%s)\n", (long long)d.id, d.type, d.event_date,
                strcmp(d.state, PL_DISASTER_CONFIRMED) == 0 ? "sudah ditetapkan" : "draf");
    json_t *extra = json_pack("{s:o}", "event", pl_json_disaster(&d));
    rc = area_output(c, s, r, &q, &o, extra);
    json_decref(extra);
out:
    pl_area_result_free(r);
    pl_geo_shape_free(shape);
    pl_store_close(s);
    return rc;
}

int pl_cmd_disaster_confirm(pl_cli *c, int argc, char **argv)
{
    int64_t id = 0;
    int rc = 0;
    for (int i = 0; i < argc; i++) {
        if (argv[i][0] != '-' && id == 0) {
            if ((rc = parse_id(c, &id, argv[i])))
                return rc;
        } else {
            return pl_cli_bad_option(c, argv[i]);
        }
    }
    if (id == 0)
        return parse_id(c, &id, NULL);
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    pl_date today = today_date();
    long affected = 0;
    rc = pl_disaster_confirm(s, &c->actor, id, "", &today, &affected, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json)
        return pl_cli_print_json(c, json_pack("{s:I,s:I,s:i}", "id", (json_int_t)id, "affected",
                                              (json_int_t)affected, "category",
                                              PL_PMKS_KORBAN_BENCANA_ALAM));
    fprintf(c->out,
            "Kejadian %lld ditetapkan: %ld orang dicatat sebagai korban bencana alam "
            "(PMKS 21).\n",
            (long long)id, affected);
    return 0;
}

/* ------------------------------------------------------------ cards */

int pl_cmd_card(pl_cli *c, int argc, char **argv)
{
    const char *out = NULL, *base = getenv("PILAR_BASE_URL");
    int n_nik = 0;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--out", &v) && v)
            out = v;
        else if (pl_cli_opt(argc, argv, &i, "--base-url", &v) && v)
            base = v;
        else if (argv[i][0] != '-')
            argv[n_nik++] = argv[i]; /* NIKs gathered at the front */
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (n_nik == 0)
        return pl_error_set(&c->err, PL_EINVAL, "nik", "sebutkan satu NIK atau lebih");
    if (out == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "out", "--out BERKAS.pdf wajib diisi");
    if (base == NULL || base[0] == '\0')
        base = PL_CARD_DEFAULT_BASE_URL;
    pl_card_print *cards = calloc((size_t)n_nik, sizeof *cards);
    pl_store *s = NULL;
    json_t *items = NULL;
    int rc = 0;
    if (cards == NULL) {
        rc = pl_error_set(&c->err, PL_ENOMEM, "", "memori tidak cukup");
        goto out;
    }
    if ((rc = pl_cli_open(c, &s, 0)) ||
        (rc = pl_card_print_batch(cards, s, &c->actor, (const char *const *)argv, (size_t)n_nik, "",
                                  base, out, &c->err)))
        goto out;
    if (c->json) {
        items = json_array();
        for (int i = 0; i < n_nik; i++)
            json_array_append_new(items,
                                  json_pack("{s:s,s:s,s:s,s:b,s:s}", "nik", cards[i].nik, "token",
                                            cards[i].card.token, "url", cards[i].url, "reprint",
                                            cards[i].reused, "issued_at", cards[i].card.issued_at));
        rc = pl_cli_print_json(c, json_pack("{s:s,s:o}", "out", out, "cards", items));
    } else {
        for (int i = 0; i < n_nik; i++)
            fprintf(c->out, "%s  %-30s %s%s\n", cards[i].nik, cards[i].name, cards[i].url,
                    cards[i].reused ? "  (cetak ulang)" : "");
        fprintf(c->out, "%d kartu ditulis ke %s (%d halaman A4).\n", n_nik, out,
                (n_nik + PL_CARD_PER_SHEET - 1) / PL_CARD_PER_SHEET);
    }
out:
    pl_store_close(s);
    free(cards);
    /* Single-threaded CLI: release cairo's and fontconfig's caches (keeps leak checks clean). */
    cairo_debug_reset_static_data();
    FcFini();
    return rc;
}

int pl_cmd_card_revoke(pl_cli *c, int argc, char **argv)
{
    const char *what = NULL, *reason = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--reason", &v) && v)
            reason = v;
        else if (argv[i][0] != '-' && what == NULL)
            what = argv[i];
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (what == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "token", "sebutkan token kartu atau NIK");
    if (reason == NULL || reason[0] == '\0')
        return pl_error_set(&c->err, PL_EINVAL, "reason", "--reason ALASAN wajib diisi");
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    char token[40] = "";
    rc = pl_card_revoke(token, s, &c->actor, what, reason, "", &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json)
        return pl_cli_print_json(c, json_pack("{s:s,s:b}", "token", token, "revoked", 1));
    fprintf(c->out, "Kartu %s dicabut. Cetak kartu baru dengan 'pilar card NIK --out ...'.\n",
            token);
    return 0;
}

int pl_cmd_card_reissue(pl_cli *c, int argc, char **argv)
{
    const char *nik = NULL, *reason = NULL, *out = NULL, *base = getenv("PILAR_BASE_URL");
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--reason", &v) && v)
            reason = v;
        else if (pl_cli_opt(argc, argv, &i, "--out", &v) && v)
            out = v;
        else if (pl_cli_opt(argc, argv, &i, "--base-url", &v) && v)
            base = v;
        else if (argv[i][0] != '-' && nik == NULL)
            nik = argv[i];
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (nik == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "nik", "sebutkan NIK pemegang kartu");
    if (reason == NULL || reason[0] == '\0')
        return pl_error_set(&c->err, PL_EINVAL, "reason", "--reason ALASAN wajib diisi");
    if (out == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "out", "--out BERKAS.pdf wajib diisi");
    pl_store *s = NULL;
    pl_card_print card;
    int rc = pl_cli_open(c, &s, 0);
    if (rc == 0)
        rc = pl_card_reissue(&card, s, &c->actor, nik, reason, "", base, out, &c->err);
    pl_store_close(s);
    cairo_debug_reset_static_data();
    FcFini();
    if (rc)
        return rc;
    if (c->json)
        return pl_cli_print_json(c, json_pack("{s:s,s:s,s:s,s:s}", "nik", card.nik, "token",
                                              card.card.token, "url", card.url, "out", out));
    fprintf(c->out, "Kartu lama dicabut; kartu baru %s ditulis ke %s.\n", card.url, out);
    return 0;
}

int pl_cmd_card_check(pl_cli *c, int argc, char **argv)
{
    const char *token = NULL;
    for (int i = 0; i < argc; i++) {
        if (argv[i][0] != '-' && token == NULL) {
            token = argv[i];
            /* Accept the whole URL read from the QR code. */
            const char *slash = strrchr(token, '/');
            if (slash)
                token = slash + 1;
        } else {
            return pl_cli_bad_option(c, argv[i]);
        }
    }
    if (token == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "token", "sebutkan token kartu atau URL-nya");
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    pl_card_status st;
    rc = pl_card_check(&st, s, token, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json) {
        json_t *j = pl_json_card_status(&st);
        rc = pl_cli_print_json(c, j);
    } else if (!st.found) {
        fprintf(c->out, "Kartu tidak dikenal.\n");
    } else if (st.valid) {
        fprintf(c->out, "Kartu BERLAKU.\nNama: %s\nJenis disabilitas: %s\n", st.name,
                st.disability);
    } else {
        fprintf(c->out, "Kartu TELAH DICABUT (%s).\nNama: %s\nJenis disabilitas: %s\n",
                st.revoked_at, st.name, st.disability);
    }
    if (rc == 0 && (!st.found || !st.valid))
        rc = 1; /* exit status 1: not a valid card (message printed) */
    return rc;
}

/* ------------------------------------------------------------ geo check */

typedef struct check_ctx {
    pl_cli *c;
    json_t *arr;
} check_ctx;

static int print_flagged(void *ctx, const pl_geo_located *r, double dist)
{
    check_ctx *k = ctx;
    if (k->arr)
        json_array_append_new(k->arr, json_pack("{s:s,s:I,s:s,s:s,s:f,s:f,s:I}", "kind", r->kind,
                                                "id", (json_int_t)r->id, "label", r->label,
                                                "region", r->region, "lat", r->lat, "lon", r->lon,
                                                "distance_m", (json_int_t)llround(dist)));
    else
        fprintf(k->c->out, "%-9s %-8lld %-20.20s %-14s %10.6f,%-11.6f %6.1f km di luar batas\n",
                r->kind, (long long)r->id, r->label, r->region, r->lat, r->lon, dist / 1000);
    return 0;
}

int pl_cmd_geo_check(pl_cli *c, int argc, char **argv)
{
    char region[PL_REGION_CODE_MAX] = "";
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--region", &v) && v) {
            if (pl_cli_region_opt(c, region, v))
                return c->err.code;
        } else
            return pl_cli_bad_option(c, argv[i]);
    }
    pl_store *s = NULL;
    check_ctx k = {c, c->json ? json_array() : NULL};
    pl_coord_check r;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc || (rc = pl_area_check_region(&r, s, region, print_flagged, &k, &c->err)))
        goto out;
    if (c->json) {
        rc = pl_cli_print_json(c, json_pack("{s:I,s:I,s:I,s:o}", "checked", (json_int_t)r.checked,
                                            "flagged", (json_int_t)r.flagged, "unchecked",
                                            (json_int_t)r.unchecked, "items", k.arr));
        k.arr = NULL;
    } else {
        fprintf(c->out,
                "%ld koordinat diperiksa, %ld ditandai (lebih dari %.0f km di luar batas "
                "kabupaten/kota), %ld tanpa batas wilayah termuat.\n",
                r.checked, r.flagged, PL_COORD_TOLERANCE_M / 1000, r.unchecked);
    }
out:
    json_decref(k.arr);
    pl_store_close(s);
    return rc;
}

/* ------------------------------------------------------------ geo reindex */

int pl_cmd_geo_reindex(pl_cli *c, int argc, char **argv)
{
    if (argc > 0)
        return pl_cli_bad_option(c, argv[0]);
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    pl_geo_reindex_stats st;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    rc = pl_store_geo_reindex(s, PL_GEO_REINDEX_ALL, &st, &c->err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    pl_store_close(s);
    if (rc)
        return rc;
    double sec = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (c->json)
        return pl_cli_print_json(c, json_pack("{s:I,s:I,s:f,s:b}", "people", (json_int_t)st.people,
                                              "households", (json_int_t)st.households, "seconds",
                                              sec, "was_pending", st.was_pending));
    char p[32], h[32];
    pl_numfmt_int(p, sizeof p, st.people);
    pl_numfmt_int(h, sizeof h, st.households);
    fprintf(c->out,
            "Indeks spasial dibangun ulang: %s titik orang dan %s titik keluarga dalam %.2f "
            "detik.\n",
            p, h, sec);
    if (st.was_pending)
        fprintf(c->out, "Penanda indeks tertunda (impor besar) sudah dihapus.\n");
    return 0;
}
