/*
 * psks_visit.c - `pilar psks suggest|assign|assignments|assignment|visit|visits|activity|
 * nearby|deploy`: the work of PSKS units (service/psks_visit.h).
 */
#include "cli/cli.h"
#include "domain/category.h"
#include "domain/psks_visit.h"
#include "io/psks_activity.h"
#include "io/record_json.h"
#include "service/psks_visit.h"
#include "store/psks.h"
#include "store/psks_visit.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>

static pl_date today(void)
{
    pl_date d;
    pl_cli_today(&d.year, &d.month, &d.day);
    return d;
}

/* Parses an id option value (>= 1) into *out. */
static int id_value(pl_cli *c, const char *v, const char *field, int64_t *out)
{
    char *e = NULL;
    long long x = v ? strtoll(v, &e, 10) : 0;
    if (v == NULL || *e || x < 1)
        return pl_error_set(&c->err, PL_EINVAL, field, "%s harus bilangan >= 1", field);
    *out = x;
    return 0;
}

static int coord_values(pl_cli *c, const char *lat, const char *lon, bool *has, double *la,
                        double *lo)
{
    if (!lat && !lon)
        return 0;
    char *e1 = NULL, *e2 = NULL;
    *la = lat ? strtod(lat, &e1) : 0;
    *lo = lon ? strtod(lon, &e2) : 0;
    if (!lat || !lon || e1 == lat || *e1 || e2 == lon || *e2)
        return pl_error_set(&c->err, PL_EINVAL, "latitude",
                            "--lat dan --lon harus berdua dan berupa angka");
    *has = true;
    return 0;
}

static const char *unit_type(int type)
{
    const pl_category *cat = pl_psks_get(type);
    return cat ? cat->short_name : "?";
}

int pl_cmd_psks_suggest(pl_cli *c, int argc, char **argv)
{
    int64_t person = 0, household = 0;
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--person", &v))
            rc = id_value(c, v, "person_id", &person);
        else if (pl_cli_opt(argc, argv, &i, "--household", &v))
            rc = id_value(c, v, "household_id", &household);
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)))
        return rc;
    pl_psks_suggestion g[PL_PSKS_SUGGEST_MAX];
    size_t n = 0;
    pl_date now = today();
    if ((rc = pl_psks_suggest(g, &n, s, "", person, household, &now, &c->err)))
        goto out;
    if (c->json) {
        json_t *items = json_array();
        for (size_t i = 0; i < n; i++) {
            json_t *o = pl_json_psks(&g[i].unit, NULL);
            json_object_set_new(o, "distance_m",
                                g[i].distance_m >= 0 ? json_real(g[i].distance_m) : json_null());
            json_object_set_new(o, "tier", json_integer(g[i].tier));
            json_array_append_new(items, o);
        }
        rc = pl_cli_print_json(c, json_pack("{s:o}", "items", items));
    } else if (n == 0) {
        fprintf(c->out, "Tidak ada TKSK/PSM aktif di kecamatan ini.\n");
    } else {
        for (size_t i = 0; i < n; i++) {
            char dist[32] = "-";
            if (g[i].distance_m >= 0)
                snprintf(dist, sizeof dist, "%.1f km", g[i].distance_m / 1000.0);
            fprintf(c->out, "%-6lld %-6s %-36s %-14s %s\n", (long long)g[i].unit.id,
                    unit_type(g[i].unit.type), g[i].unit.name, g[i].unit.area_code, dist);
        }
    }
out:
    pl_store_close(s);
    return rc;
}

int pl_cmd_psks_assign(pl_cli *c, int argc, char **argv)
{
    pl_psks_assign_in in = {0};
    bool suggest = false;
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--person", &v))
            rc = id_value(c, v, "person_id", &in.person_id);
        else if (pl_cli_opt(argc, argv, &i, "--household", &v))
            rc = id_value(c, v, "household_id", &in.household_id);
        else if (pl_cli_opt(argc, argv, &i, "--unit", &v))
            rc = id_value(c, v, "psks_id", &in.psks_id);
        else if (strcmp(argv[i], "--suggest") == 0)
            suggest = true;
        else if (pl_cli_opt(argc, argv, &i, "--due", &v) && v)
            in.due_date = v;
        else if (pl_cli_opt(argc, argv, &i, "--reason", &v) && v)
            in.reason = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    if ((in.psks_id != 0) == suggest)
        return pl_error_set(&c->err, PL_EINVAL, "psks_id",
                            "sebutkan --unit ID atau --suggest (TKSK/PSM terdekat)");
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    pl_psks_assignment a;
    pl_date now = today();
    if ((rc = pl_psks_assign(&a, s, &c->actor, "", &in, &now, &c->err)) == 0) {
        if (c->json) {
            rc = pl_cli_print_json(c, pl_json_psks_assignment(&a));
        } else {
            pl_psks_unit u;
            pl_store_psks_get(s, &u, a.psks_id, NULL);
            fprintf(c->out, "Penugasan %lld: %s %s (id %lld)%s%s%s.\n", (long long)a.id,
                    unit_type(u.type), u.name, (long long)u.id, a.suggested ? ", usulan" : "",
                    a.due_date[0] ? ", batas " : "", a.due_date);
        }
    }
    pl_store_close(s);
    return rc;
}

static int print_assignment(void *ctx, const pl_psks_assignment *a)
{
    pl_cli_list *l = ctx;
    l->n++;
    l->last = a->id;
    if (l->arr)
        return json_array_append_new(l->arr, pl_json_psks_assignment(a)) ? PL_ENOMEM : 0;
    fprintf(l->c->out, "%-6lld unit %-6lld %-9s %-16s %-10s %-8s %ld kunjungan%s%s\n",
            (long long)a->id, (long long)a->psks_id, a->person_id ? "orang" : "keluarga",
            a->region_code, a->due_date[0] ? a->due_date : "-", a->status, a->visits,
            a->last_visit[0] ? ", terakhir " : "", a->last_visit);
    return 0;
}

int pl_cmd_psks_assignments(pl_cli *c, int argc, char **argv)
{
    pl_psks_assignment_filter f = {0};
    char region[PL_REGION_CODE_MAX] = "", now_s[11];
    bool overdue = false;
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--unit", &v))
            rc = id_value(c, v, "psks_id", &f.psks_id);
        else if (pl_cli_opt(argc, argv, &i, "--person", &v))
            rc = id_value(c, v, "person_id", &f.person_id);
        else if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            rc = pl_cli_region_opt(c, region, v) ? c->err.code : 0;
        else if (pl_cli_opt(argc, argv, &i, "--status", &v) && v) {
            if (!pl_assignment_status_known(v))
                return pl_error_set(&c->err, PL_EINVAL, "status",
                                    "--status harus aktif, selesai atau batal");
            f.status = v;
        } else if (strcmp(argv[i], "--overdue") == 0)
            overdue = true;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    f.region = region;
    pl_date now = today();
    pl_date_format(now_s, &now);
    if (overdue)
        f.overdue_on = now_s;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)))
        return rc;
    pl_cli_list l = pl_cli_list_begin(c);
    rc = pl_store_psks_assignment_list(s, &f, print_assignment, &l, &c->err);
    pl_store_close(s);
    return pl_cli_list_end(&l, rc, 0,
                           overdue ? "Tidak ada penugasan yang lewat batas waktu."
                                   : "Belum ada penugasan.");
}

static int print_visit(void *ctx, const pl_psks_visit *v)
{
    pl_cli_list *l = ctx;
    l->n++;
    l->last = v->id;
    if (l->arr)
        return json_array_append_new(l->arr, pl_json_psks_visit(v)) ? PL_ENOMEM : 0;
    int act = pl_visit_action_find(v->action);
    fprintf(l->c->out, "%-6lld %s unit %-6lld %-20s %-16s%s %s\n", (long long)v->id, v->visit_date,
            (long long)v->psks_id, act >= 0 ? pl_visit_action_label(act) : "", v->region_code,
            v->has_photo ? " [foto]" : "", v->note);
    return 0;
}

int pl_cmd_psks_assignment(pl_cli *c, int argc, char **argv)
{
    int64_t id = 0;
    pl_psks_assignment_edit chg = {0};
    bool change = false;
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--status", &v) && v)
            chg.status = v, change = true;
        else if (pl_cli_opt(argc, argv, &i, "--due", &v) && v)
            chg.due_date = strcmp(v, "-") == 0 ? "" : v, change = true;
        else if (pl_cli_opt(argc, argv, &i, "--reason", &v) && v)
            chg.reason = v, change = true;
        else if (argv[i][0] != '-' && id == 0)
            rc = id_value(c, argv[i], "id", &id);
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    if (id == 0)
        return pl_error_set(&c->err, PL_EINVAL, "id", "sebutkan id penugasan");
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, change ? 0 : PL_STORE_READONLY)))
        return rc;
    pl_psks_assignment a;
    if ((rc = pl_psks_assignment_load(&a, s, "", id, &c->err)))
        goto out;
    if (change) {
        chg.version = a.version;
        if ((rc = pl_psks_assignment_change(&a, s, &c->actor, "", id, &chg, &c->err)))
            goto out;
    }
    pl_cli_list l = pl_cli_list_begin(c);
    if (!c->json)
        print_assignment(&l, &a);
    pl_psks_visit_filter f = {.assignment_id = id};
    l.n = 0;
    rc = pl_store_psks_visit_list(s, &f, print_visit, &l, &c->err);
    if (rc == 0 && c->json) {
        json_t *o = pl_json_psks_assignment(&a);
        json_object_set(o, "items", l.arr);
        json_decref(l.arr);
        rc = pl_cli_print_json(c, o);
    } else if (rc == 0 && l.n == 0) {
        fprintf(c->out, "Belum ada kunjungan.\n");
    } else {
        json_decref(l.arr);
    }
out:
    pl_store_close(s);
    return rc;
}

int pl_cmd_psks_visit(pl_cli *c, int argc, char **argv)
{
    pl_psks_visit v = {0};
    const char *lat = NULL, *lon = NULL, *photo = NULL;
    int ends[PL_PSKS_VISIT_ENDS_MAX];
    size_t n_ends = 0;
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *x = NULL;
        if (pl_cli_opt(argc, argv, &i, "--assignment", &x))
            rc = id_value(c, x, "assignment_id", &v.assignment_id);
        else if (pl_cli_opt(argc, argv, &i, "--unit", &x))
            rc = id_value(c, x, "psks_id", &v.psks_id);
        else if (pl_cli_opt(argc, argv, &i, "--person", &x))
            rc = id_value(c, x, "person_id", &v.person_id);
        else if (pl_cli_opt(argc, argv, &i, "--household", &x))
            rc = id_value(c, x, "household_id", &v.household_id);
        else if (pl_cli_opt(argc, argv, &i, "--disaster", &x))
            rc = id_value(c, x, "disaster_id", &v.disaster_id);
        else if (pl_cli_opt(argc, argv, &i, "--date", &x) && x)
            rc = PL_CLI_COPY(c, v.visit_date, x, "date");
        else if (pl_cli_opt(argc, argv, &i, "--action", &x) && x)
            rc = PL_CLI_COPY(c, v.action, x, "action");
        else if (pl_cli_opt(argc, argv, &i, "--note", &x) && x)
            rc = PL_CLI_COPY(c, v.note, x, "note");
        else if (pl_cli_opt(argc, argv, &i, "--lat", &x) && x)
            lat = x;
        else if (pl_cli_opt(argc, argv, &i, "--lon", &x) && x)
            lon = x;
        else if (pl_cli_opt(argc, argv, &i, "--photo", &x) && x)
            photo = x;
        else if (pl_cli_opt(argc, argv, &i, "--ends", &x) && x) {
            const pl_category *cat = pl_pmks_find(x);
            if (cat == NULL)
                return pl_error_set(&c->err, PL_EINVAL, "ends", "kategori PMKS '%s' tidak dikenal",
                                    x);
            if (n_ends == PL_PSKS_VISIT_ENDS_MAX)
                return pl_error_set(&c->err, PL_EINVAL, "ends", "paling banyak %d --ends",
                                    PL_PSKS_VISIT_ENDS_MAX);
            ends[n_ends++] = cat->code;
        } else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc || (rc = coord_values(c, lat, lon, &v.has_coord, &v.lat, &v.lon)))
        return rc;
    if (v.action[0] == '\0')
        return pl_error_set(&c->err, PL_EINVAL, "action",
                            "--action wajib diisi (kunjungan_rumah, bantuan, rujukan, konseling, "
                            "lainnya)");
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    pl_date now = today();
    if ((rc = pl_psks_visit_log(&v, s, &c->actor, "", ends, n_ends, &now, &c->err)) == 0 && photo)
        rc = pl_psks_visit_photo_attach(&v, s, &c->actor, "", v.id, photo, &c->err);
    if (rc == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, pl_json_psks_visit(&v));
        else
            fprintf(c->out, "Kunjungan %lld dicatat (%s, %s)%s%s.\n", (long long)v.id, v.visit_date,
                    pl_visit_action_label(pl_visit_action_find(v.action)),
                    v.has_photo ? ", foto sha256 " : "", v.has_photo ? v.photo_sha256 : "");
    }
    pl_store_close(s);
    return rc;
}

int pl_cmd_psks_visits(pl_cli *c, int argc, char **argv)
{
    pl_psks_visit_filter f = {0};
    char region[PL_REGION_CODE_MAX] = "", from[11] = "", to[11] = "";
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--unit", &v))
            rc = id_value(c, v, "psks_id", &f.psks_id);
        else if (pl_cli_opt(argc, argv, &i, "--assignment", &v))
            rc = id_value(c, v, "assignment_id", &f.assignment_id);
        else if (pl_cli_opt(argc, argv, &i, "--disaster", &v))
            rc = id_value(c, v, "disaster_id", &f.disaster_id);
        else if (pl_cli_opt(argc, argv, &i, "--person", &v))
            rc = id_value(c, v, "person_id", &f.person_id);
        else if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            rc = pl_cli_region_opt(c, region, v) ? c->err.code : 0;
        else if (pl_cli_opt(argc, argv, &i, "--from", &v) && v)
            rc = PL_CLI_COPY(c, from, v, "from");
        else if (pl_cli_opt(argc, argv, &i, "--to", &v) && v)
            rc = PL_CLI_COPY(c, to, v, "to");
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    f.region = region;
    f.from = from[0] ? from : NULL;
    f.to = to[0] ? to : NULL;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)))
        return rc;
    pl_cli_list l = pl_cli_list_begin(c);
    rc = pl_store_psks_visit_list(s, &f, print_visit, &l, &c->err);
    pl_store_close(s);
    return pl_cli_list_end(&l, rc, 0, "Belum ada kunjungan.");
}

static void print_activity(pl_cli *c, const pl_psks_activity *a)
{
    char month[40];
    pl_psks_month_name(month, sizeof month, a->month);
    fprintf(c->out, "%s %s (%s), %s: %ld kegiatan, %ld sasaran\n", unit_type(a->unit.type),
            a->unit.name, a->area_name, month, a->visits, a->subjects);
    for (int k = 0; k < PL_VISIT_ACTION__MAX; k++)
        fprintf(c->out, "  %-20s %ld\n", pl_visit_action_label(k), a->by_action[k]);
    for (size_t i = 0; i < a->n_places; i++)
        fprintf(c->out, "  di %-14s %-30s %ld\n", a->places[i].code, a->places[i].name,
                a->places[i].visits);
    for (int k = 1; k <= PL_PMKS_COUNT; k++)
        if (a->by_category[k])
            fprintf(c->out, "  PMKS %-2d %-40s %ld\n", k, pl_pmks_get(k)->name, a->by_category[k]);
}

static void print_rollup(pl_cli *c, const pl_psks_rollup *r)
{
    char month[40];
    pl_psks_month_name(month, sizeof month, r->month);
    fprintf(c->out, "%s, %s\n", r->region_name, month);
    for (size_t i = 0; i <= r->n_rows; i++) {
        const pl_psks_rollup_row *w = i < r->n_rows ? &r->rows[i] : &r->total;
        fprintf(c->out, "  %-14s %-14s %-32s %4ld kegiatan %4ld sasaran %3ld tempat\n",
                i < r->n_rows ? w->area_code : "", i < r->n_rows ? unit_type(w->type) : "",
                i < r->n_rows ? w->name : "Jumlah", w->visits, w->subjects, w->places);
    }
}

int pl_cmd_psks_activity(pl_cli *c, int argc, char **argv)
{
    int64_t unit = 0;
    const char *month = NULL, *pdf = NULL, *xlsx = NULL;
    char region[PL_REGION_CODE_MAX] = "";
    bool by_region = false;
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--unit", &v))
            rc = id_value(c, v, "psks_id", &unit);
        else if (pl_cli_opt(argc, argv, &i, "--region", &v) && v) {
            rc = pl_cli_region_opt(c, region, v) ? c->err.code : 0;
            by_region = true;
        } else if (pl_cli_opt(argc, argv, &i, "--month", &v) && v)
            month = v;
        else if (pl_cli_opt(argc, argv, &i, "--pdf", &v) && v)
            pdf = v;
        else if (pl_cli_opt(argc, argv, &i, "--xlsx", &v) && v)
            xlsx = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    if ((unit != 0) == by_region)
        return pl_error_set(&c->err, PL_EINVAL, "psks_id", "sebutkan --unit ID atau --region KODE");
    if (xlsx && unit)
        return pl_error_set(&c->err, PL_EINVAL, "xlsx",
                            "--xlsx hanya untuk rekap wilayah (--region); laporan unit: --pdf");
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)))
        return rc;
    pl_psks_activity *a = NULL;
    pl_psks_rollup *r = NULL;
    if (unit)
        rc = pl_psks_activity_unit(&a, s, "", unit, month, &c->err);
    else
        rc = pl_psks_activity_rollup(&r, s, "", region, month, &c->err);
    if (rc)
        goto out;
    if (pdf) {
        rc = a ? pl_psks_activity_write_pdf(a, pdf, &c->err)
               : pl_psks_rollup_write_pdf(r, pdf, &c->err);
        /* Single-threaded CLI: release cairo's and fontconfig's caches (clean leak checks). */
        cairo_debug_reset_static_data();
        FcFini();
    } else if (xlsx)
        rc = pl_psks_rollup_write_xlsx(r, xlsx, &c->err);
    if (rc)
        goto out;
    if (c->json)
        rc = pl_cli_print_json(c, a ? pl_psks_activity_json(a) : pl_psks_rollup_json(r));
    else if (pdf || xlsx)
        fprintf(c->out, "Laporan ditulis ke %s.\n", pdf ? pdf : xlsx);
    else if (a)
        print_activity(c, a);
    else
        print_rollup(c, r);
out:
    pl_psks_activity_free(a);
    pl_psks_rollup_free(r);
    pl_store_close(s);
    return rc;
}

typedef struct nearby_print {
    pl_cli *c;
    json_t *arr;
    int n;
} nearby_print;

static int print_nearby(void *ctx, const pl_psks_nearby *u)
{
    nearby_print *np = ctx;
    np->n++;
    if (np->arr) {
        json_t *o = pl_json_psks(&u->unit, NULL);
        json_object_set_new(o, "distance_m",
                            u->distance_m >= 0 ? json_real(u->distance_m) : json_null());
        json_object_set_new(o, "deployed", json_boolean(u->deployed));
        json_object_set_new(o, "deployed_on",
                            u->deployed ? json_string(u->deployed_on) : json_null());
        json_object_set_new(o, "visits", json_integer(u->visits));
        return json_array_append_new(np->arr, o) ? PL_ENOMEM : 0;
    }
    fprintf(np->c->out, "%-6lld %-8s %-32s %8.1f km%s%s\n", (long long)u->unit.id,
            unit_type(u->unit.type), u->unit.name, u->distance_m / 1000.0,
            u->deployed ? "  dikerahkan " : "", u->deployed ? u->deployed_on : "");
    return 0;
}

int pl_cmd_psks_nearby(pl_cli *c, int argc, char **argv)
{
    int64_t id = 0;
    double km = 10;
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--disaster", &v))
            rc = id_value(c, v, "disaster_id", &id);
        else if (pl_cli_opt(argc, argv, &i, "--km", &v) && v) {
            char *e = NULL;
            km = strtod(v, &e);
            if (e == v || *e)
                return pl_error_set(&c->err, PL_EINVAL, "km", "--km harus angka");
        } else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    if (id == 0)
        return pl_error_set(&c->err, PL_EINVAL, "disaster_id", "sebutkan --disaster ID");
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)))
        return rc;
    nearby_print np = {c, c->json ? json_array() : NULL, 0};
    pl_date now = today();
    rc = pl_psks_disaster_nearby(s, "", id, km, &now, print_nearby, &np, &c->err);
    if (rc == 0 && c->json) {
        rc = pl_cli_print_json(c, json_pack("{s:O}", "items", np.arr));
    } else if (rc == 0 && np.n == 0) {
        fprintf(c->out, "Tidak ada PSKS berkoordinat dalam %.0f km dari area kejadian.\n", km);
    }
    json_decref(np.arr);
    pl_store_close(s);
    return rc;
}

int pl_cmd_psks_deploy(pl_cli *c, int argc, char **argv)
{
    int64_t id = 0, unit = 0;
    const char *date = NULL, *note = NULL;
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--disaster", &v))
            rc = id_value(c, v, "disaster_id", &id);
        else if (pl_cli_opt(argc, argv, &i, "--unit", &v))
            rc = id_value(c, v, "psks_id", &unit);
        else if (pl_cli_opt(argc, argv, &i, "--date", &v) && v)
            date = v;
        else if (pl_cli_opt(argc, argv, &i, "--note", &v) && v)
            note = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    if (id == 0 || unit == 0)
        return pl_error_set(&c->err, PL_EINVAL, id ? "psks_id" : "disaster_id",
                            "sebutkan --disaster ID dan --unit ID");
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    pl_psks_deployment d;
    pl_date now = today();
    if ((rc = pl_psks_deploy(&d, s, &c->actor, "", id, unit, date, note, &now, &c->err)) == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, pl_json_psks_deployment(&d));
        else
            fprintf(c->out, "Unit PSKS %lld dikerahkan ke kejadian %lld pada %s.\n",
                    (long long)unit, (long long)id, d.deployed_on);
    }
    pl_store_close(s);
    return rc;
}
