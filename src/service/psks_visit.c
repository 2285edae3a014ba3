/* psks_visit.c - assignments, visits, monthly activity and disaster deployment of PSKS units. */
#include "service/psks_visit.h"
#include "domain/category.h"
#include "domain/geometry.h"
#include "domain/period.h"
#include "domain/psks_visit.h"
#include "domain/region_code.h"
#include "service/disaster.h"
#include "service/psks.h"
#include "store/disaster.h"
#include "store/household.h"
#include "store/person.h"
#include "store/region.h"
#include "util/vec.h"

#include <errno.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Pekerja Sosial Masyarakat (domain/category.c, PSKS code 2). */
#define PSKS_PSM 2

static bool in_scope(const char *code, const char *scope)
{
    return scope == NULL || scope[0] == '\0' || pl_region_code_in_scope(code, scope);
}

static bool unit_active(const pl_psks_unit *u, const char *first, const char *last)
{
    return (u->valid_from[0] == '\0' || strcmp(u->valid_from, last) <= 0) &&
           (u->valid_to[0] == '\0' || strcmp(u->valid_to, first) >= 0);
}

int pl_psks_unit_load(pl_psks_unit *out, pl_store *s, const char *scope, int64_t id, pl_error *err)
{
    return pl_psks_get_scoped(out, s, scope, id, err);
}

/* Where a subject lives and its position. */
typedef struct subject {
    char village[PL_REGION_CODE_MAX];
    int64_t household_id; /* a person's household, or the household itself */
    bool has_coord;
    double lat, lon;
} subject;

/* Loads the person or household (exactly one id) inside scope. */
static int subject_load(subject *out, pl_store *s, const char *scope, int64_t person_id,
                        int64_t household_id, pl_error *err)
{
    memset(out, 0, sizeof *out);
    if ((person_id != 0) == (household_id != 0))
        return pl_error_set(err, PL_EINVAL, "person_id",
                            "sebutkan tepat satu: orang (person_id) atau keluarga (household_id)");
    int rc;
    if (person_id) {
        pl_person p;
        rc = pl_store_person_get(s, &p, person_id, err);
        if (rc == 0 && !in_scope(p.village_code, scope))
            rc = PL_ENOTFOUND;
        if (rc == PL_ENOTFOUND)
            return pl_error_set(err, PL_ENOTFOUND, "person_id", "orang %lld tidak ditemukan",
                                (long long)person_id);
        if (rc)
            return rc;
        memcpy(out->village, p.village_code, sizeof out->village);
        out->household_id = p.household_id;
        if (p.has_coord) {
            out->has_coord = true;
            out->lat = p.lat;
            out->lon = p.lon;
            return 0;
        }
        if (p.household_id == 0)
            return 0;
        household_id = p.household_id;
    }
    pl_household h;
    rc = pl_store_household_get(s, &h, household_id, err);
    if (rc == 0 && !person_id && !in_scope(h.village_code, scope))
        rc = PL_ENOTFOUND;
    if (rc == PL_ENOTFOUND)
        return pl_error_set(err, PL_ENOTFOUND, "household_id", "keluarga %lld tidak ditemukan",
                            (long long)household_id);
    if (rc)
        return rc;
    if (!person_id) {
        memcpy(out->village, h.village_code, sizeof out->village);
        out->household_id = h.id;
    }
    if (h.has_coord) {
        out->has_coord = true;
        out->lat = h.lat;
        out->lon = h.lon;
    }
    return 0;
}

/* The district code of a village code (its first three parts). */
static void district_of(char out[PL_REGION_CODE_MAX], const char *village)
{
    snprintf(out, PL_REGION_CODE_MAX, "%s", village);
    int dots = 0;
    for (char *p = out; *p; p++)
        if (*p == '.' && ++dots == 3) {
            *p = '\0';
            break;
        }
}

typedef struct suggest_ctx {
    pl_psks_suggestion *items;
    size_t n, cap;
    const subject *sub;
    const char *scope;
    const char *district;
    char today[11];
} suggest_ctx;

static int collect_suggestion(void *ctx, const pl_psks_unit *u)
{
    suggest_ctx *c = ctx;
    if (!pl_psks_in_scope(u, c->scope) || !unit_active(u, c->today, c->today))
        return 0;
    if (pl_vec_reserve(&c->items, &c->cap, c->n, 1))
        return PL_ENOMEM;
    pl_psks_suggestion *g = &c->items[c->n++];
    g->unit = *u;
    g->tier = 2;
    for (int i = -1; i < u->n_areas; i++) {
        const char *a = i < 0 ? u->area_code : u->areas[i];
        int t = strcmp(a, c->sub->village) == 0 ? 0 : strcmp(a, c->district) == 0 ? 1 : 2;
        g->tier = t < g->tier ? t : g->tier;
    }
    g->distance_m = -1;
    if (c->sub->has_coord && u->has_coord)
        g->distance_m = pl_geo_haversine_m((pl_geo_point){c->sub->lon, c->sub->lat},
                                           (pl_geo_point){u->lon, u->lat});
    return 0;
}

static int cmp_suggestion(const void *pa, const void *pb)
{
    const pl_psks_suggestion *a = pa, *b = pb;
    bool da = a->distance_m >= 0, db = b->distance_m >= 0;
    if (da != db)
        return da ? -1 : 1;
    if (da && a->distance_m != b->distance_m)
        return a->distance_m < b->distance_m ? -1 : 1;
    if (a->tier != b->tier)
        return a->tier - b->tier;
    if (a->unit.type != b->unit.type)
        return a->unit.type == PL_PSKS_TKSK ? -1 : 1;
    return a->unit.id < b->unit.id ? -1 : a->unit.id > b->unit.id;
}

int pl_psks_suggest(pl_psks_suggestion out[PL_PSKS_SUGGEST_MAX], size_t *n, pl_store *s,
                    const char *scope, int64_t person_id, int64_t household_id,
                    const pl_date *today, pl_error *err)
{
    *n = 0;
    subject sub;
    int rc = subject_load(&sub, s, scope, person_id, household_id, err);
    if (rc)
        return rc;
    char district[PL_REGION_CODE_MAX];
    district_of(district, sub.village);
    suggest_ctx c = {.sub = &sub, .scope = scope, .district = district};
    pl_date_format(c.today, today);
    if ((rc = pl_store_psks_list(s, district, PL_PSKS_TKSK, collect_suggestion, &c, err)) == 0 &&
        (rc = pl_store_psks_list(s, district, PSKS_PSM, collect_suggestion, &c, err)) == 0) {
        if (c.n)
            qsort(c.items, c.n, sizeof c.items[0], cmp_suggestion);
        for (size_t i = 0; i < c.n && i < PL_PSKS_SUGGEST_MAX; i++)
            out[(*n)++] = c.items[i];
    }
    free(c.items);
    return rc == PL_ENOMEM ? pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup") : rc;
}

/* A date member: "" or NULL allowed when optional; YYYY-MM-DD otherwise (normalised into out). */
static int check_date(char out[11], const char *v, const char *field, pl_error *err)
{
    pl_date d;
    if (pl_date_parse(&d, v) != 0 || !pl_date_is_iso(v))
        return pl_error_set(err, PL_EINVAL, field, "tanggal harus tanggal yang sah (TTTT-BB-HH)");
    pl_date_format(out, &d);
    return 0;
}

static int copy_text(char *out, size_t cap, const char *v, const char *field, pl_error *err)
{
    size_t len = v ? strlen(v) : 0;
    if (len >= cap)
        return pl_error_set(err, PL_EINVAL, field, "isian terlalu panjang (maks. %zu karakter)",
                            cap - 1);
    memcpy(out, v ? v : "", len + 1);
    return 0;
}

int pl_psks_assign(pl_psks_assignment *out, pl_store *s, const pl_actor *who, const char *scope,
                   const pl_psks_assign_in *in, const pl_date *today, pl_error *err)
{
    pl_psks_assignment a = {0};
    subject sub;
    int rc = subject_load(&sub, s, scope, in->person_id, in->household_id, err);
    if (rc)
        return rc;
    char now[11];
    pl_date_format(now, today);
    if (in->due_date && in->due_date[0]) {
        if ((rc = check_date(a.due_date, in->due_date, "due_date", err)))
            return rc;
    }
    if ((rc = copy_text(a.reason, sizeof a.reason, in->reason, "reason", err)))
        return rc;
    pl_psks_unit u;
    if (in->psks_id) {
        if ((rc = pl_psks_unit_load(&u, s, scope, in->psks_id, err))) {
            snprintf(err->field, sizeof err->field, "psks_id");
            return rc;
        }
        if (!unit_active(&u, now, now))
            return pl_error_set(err, PL_EINVAL, "psks_id", "unit PSKS %lld tidak aktif hari ini",
                                (long long)u.id);
    } else {
        pl_psks_suggestion g[PL_PSKS_SUGGEST_MAX];
        size_t n;
        if ((rc = pl_psks_suggest(g, &n, s, scope, in->person_id, in->household_id, today, err)))
            return rc;
        if (n == 0)
            return pl_error_set(err, PL_EINVAL, "psks_id",
                                "tidak ada TKSK/PSM aktif di kecamatan ini; pilih unit PSKS");
        u = g[0].unit;
        a.suggested = true;
    }
    a.psks_id = u.id;
    a.person_id = in->person_id;
    a.household_id = in->household_id;
    memcpy(a.region_code, sub.village, sizeof a.region_code);
    if ((rc = pl_store_psks_assignment_add(s, who, &a, err)))
        return rc;
    *out = a;
    return 0;
}

int pl_psks_assignment_load(pl_psks_assignment *out, pl_store *s, const char *scope, int64_t id,
                            pl_error *err)
{
    int rc = pl_store_psks_assignment_get(s, out, id, err);
    if (rc == 0 && !in_scope(out->region_code, scope))
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "penugasan %lld tidak ditemukan", (long long)id);
    return rc;
}

int pl_psks_assignment_change(pl_psks_assignment *out, pl_store *s, const pl_actor *who,
                              const char *scope, int64_t id, const pl_psks_assignment_edit *chg,
                              pl_error *err)
{
    pl_psks_assignment a;
    int rc = pl_psks_assignment_load(&a, s, scope, id, err);
    if (rc)
        return rc;
    a.version = chg->version;
    if (chg->status) {
        if (!pl_assignment_status_known(chg->status))
            return pl_error_set(err, PL_EINVAL, "status",
                                "status penugasan harus aktif, selesai atau batal");
        snprintf(a.status, sizeof a.status, "%s", chg->status);
    }
    if (chg->due_date) {
        a.due_date[0] = '\0';
        if (chg->due_date[0] && (rc = check_date(a.due_date, chg->due_date, "due_date", err)))
            return rc;
    }
    if (chg->reason && (rc = copy_text(a.reason, sizeof a.reason, chg->reason, "reason", err)))
        return rc;
    if ((rc = pl_store_psks_assignment_update(s, who, &a, err)))
        return rc;
    return pl_psks_assignment_load(out, s, scope, id, err);
}

/* ------------------------------------------------------------------ visits */

typedef struct open_find {
    int category;
    int64_t id;
} open_find;

static int find_open(void *ctx, const pl_membership *m)
{
    open_find *f = ctx;
    if (m->category == f->category && m->valid_to[0] == '\0')
        f->id = m->id;
    return 0;
}

/* Ends category code open on person_id (or its household) at date, citing visit. */
static int end_by_visit(pl_store *s, const pl_actor *who, int64_t person_id, int64_t household_id,
                        int code, const pl_psks_visit *v, pl_error *err)
{
    if (pl_pmks_get(code) == NULL)
        return pl_error_set(err, PL_EINVAL, "ends", "kategori PMKS %d tidak dikenal", code);
    open_find f = {code, 0};
    int rc = pl_store_membership_list(s, person_id, 0, find_open, &f, err);
    if (rc == 0 && f.id == 0 && household_id)
        rc = pl_store_membership_list(s, 0, household_id, find_open, &f, err);
    if (rc)
        return rc;
    if (f.id == 0)
        return pl_error_set(err, PL_EINVAL, "ends", "kategori PMKS %d tidak aktif pada orang ini",
                            code);
    if ((rc = pl_store_membership_end(s, who, f.id, v->visit_date, err)))
        return rc;
    return pl_store_membership_cite_visit(s, who, f.id, v->id, err);
}

int pl_psks_visit_log(pl_psks_visit *v, pl_store *s, const pl_actor *who, const char *scope,
                      const int *ends, size_t n, const pl_date *today, pl_error *err)
{
    int rc;
    char now[11];
    pl_date_format(now, today);
    if (v->assignment_id) {
        pl_psks_assignment a;
        if ((rc = pl_psks_assignment_load(&a, s, scope, v->assignment_id, err))) {
            snprintf(err->field, sizeof err->field, "assignment_id");
            return rc;
        }
        if (strcmp(a.status, "batal") == 0)
            return pl_error_set(err, PL_EINVAL, "assignment_id", "penugasan %lld sudah dibatalkan",
                                (long long)a.id);
        v->psks_id = a.psks_id;
        v->person_id = a.person_id;
        v->household_id = a.household_id;
    }
    pl_psks_unit u;
    if (v->psks_id == 0)
        return pl_error_set(err, PL_EINVAL, "psks_id", "sebutkan unit PSKS atau penugasan");
    if ((rc = pl_psks_unit_load(&u, s, scope, v->psks_id, err))) {
        snprintf(err->field, sizeof err->field, "psks_id");
        return rc;
    }
    snprintf(v->region_code, sizeof v->region_code, "%s", u.area_code);
    subject sub = {0};
    if ((v->person_id || v->household_id) &&
        (rc = subject_load(&sub, s, scope, v->person_id, v->household_id, err)))
        return rc;
    if (v->disaster_id) {
        pl_disaster d;
        pl_geo_shape *shape = NULL;
        rc = pl_disaster_load(&d, &shape, s, v->disaster_id, scope, err);
        pl_geo_shape_free(shape);
        if (rc) {
            snprintf(err->field, sizeof err->field, "disaster_id");
            return rc;
        }
        if (d.region_code[0])
            snprintf(v->region_code, sizeof v->region_code, "%s", d.region_code);
    }
    if (sub.village[0])
        memcpy(v->region_code, sub.village, sizeof v->region_code);
    if (v->visit_date[0] == '\0')
        memcpy(v->visit_date, now, sizeof now);
    else if ((rc = check_date(v->visit_date, v->visit_date, "date", err)))
        return rc;
    if (strcmp(v->visit_date, now) > 0)
        return pl_error_set(err, PL_EINVAL, "date", "tanggal kunjungan tidak boleh di masa depan");
    if (strcmp(v->visit_date, "2000-01-01") < 0)
        return pl_error_set(err, PL_EINVAL, "date", "tanggal kunjungan sebelum tahun 2000");
    int act = pl_visit_action_find(v->action);
    if (act < 0)
        return pl_error_set(err, PL_EINVAL, "action",
                            "kegiatan harus kunjungan_rumah, bantuan, rujukan, konseling atau "
                            "lainnya");
    snprintf(v->action, sizeof v->action, "%s", pl_visit_action_slug(act));
    if (v->has_coord && !(v->lat >= -11.5 && v->lat <= 6.5 && v->lon >= 94.5 && v->lon <= 141.5))
        return pl_error_set(err, PL_EINVAL, "latitude",
                            "koordinat harus berdua dan di dalam Indonesia");
    if (strlen(v->note) > 500)
        return pl_error_set(err, PL_EINVAL, "note", "catatan terlalu panjang (maks. 500 karakter)");
    if (n > 0 && v->person_id == 0)
        return pl_error_set(err, PL_EINVAL, "ends",
                            "kategori hanya dapat diakhiri oleh kunjungan ke seseorang");
    if (n > PL_PSKS_VISIT_ENDS_MAX)
        return pl_error_set(err, PL_EINVAL, "ends", "paling banyak %d kategori sekaligus",
                            PL_PSKS_VISIT_ENDS_MAX);
    if ((rc = pl_store_begin(s, err)))
        return rc;
    rc = pl_store_psks_visit_add(s, who, v, err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = end_by_visit(s, who, v->person_id, sub.household_id, ends[i], v, err);
    if (rc) {
        pl_store_rollback(s);
        return rc;
    }
    if ((rc = pl_store_commit(s, err)))
        return rc;
    return pl_store_psks_visit_get(s, v, v->id, err);
}

int pl_psks_visit_load(pl_psks_visit *out, pl_store *s, const char *scope, int64_t id,
                       pl_error *err)
{
    int rc = pl_store_psks_visit_get(s, out, id, err);
    if (rc == 0 && !in_scope(out->region_code, scope))
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "kunjungan %lld tidak ditemukan", (long long)id);
    return rc;
}

/* The image type of the first bytes, or NULL. */
static const char *image_mime(const unsigned char *b, size_t n)
{
    if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        return "image/jpeg";
    if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "image/png";
    if (n >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0)
        return "image/webp";
    return NULL;
}

int pl_psks_visit_photo_attach(pl_psks_visit *out, pl_store *s, const pl_actor *who,
                               const char *scope, int64_t id, const char *path, pl_error *err)
{
    pl_psks_visit v;
    int rc = pl_psks_visit_load(&v, s, scope, id, err);
    if (rc)
        return rc;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return pl_error_set(err, PL_EIO, "photo", "foto tidak dapat dibaca: %s", strerror(errno));
    unsigned char *buf = malloc(PL_PSKS_PHOTO_MAX + 1);
    size_t len = buf ? fread(buf, 1, PL_PSKS_PHOTO_MAX + 1, f) : 0;
    bool bad = buf && ferror(f);
    fclose(f);
    const char *mime;
    if (buf == NULL)
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    else if (bad)
        rc = pl_error_set(err, PL_EIO, "photo", "foto tidak dapat dibaca");
    else if (len > (size_t)PL_PSKS_PHOTO_MAX)
        rc = pl_error_set(err, PL_EINVAL, "photo", "foto terlalu besar (maks. %ld MB)",
                          PL_PSKS_PHOTO_MAX / (1024 * 1024));
    else if ((mime = image_mime(buf, len)) == NULL)
        rc = pl_error_set(err, PL_EINVAL, "photo", "foto harus berkas JPEG, PNG atau WebP");
    else {
        unsigned char h[crypto_hash_sha256_BYTES];
        char hex[crypto_hash_sha256_BYTES * 2 + 1];
        crypto_hash_sha256(h, buf, len);
        sodium_bin2hex(hex, sizeof hex, h, sizeof h);
        rc = pl_store_psks_visit_photo_put(s, who, id, mime, buf, len, hex, err);
    }
    free(buf);
    return rc ? rc : pl_store_psks_visit_get(s, out, id, err);
}

int pl_psks_visit_photo_read(char *mime, void **data, size_t *len, pl_store *s, const char *scope,
                             int64_t id, pl_error *err)
{
    pl_psks_visit v;
    int rc = pl_psks_visit_load(&v, s, scope, id, err);
    return rc ? rc : pl_store_psks_visit_photo_get(s, id, mime, data, len, err);
}

int pl_psks_visit_citable(pl_store *s, const pl_person *p, int64_t visit_id, pl_error *err)
{
    pl_psks_visit v;
    pl_error e;
    pl_error_clear(&e);
    if (pl_store_psks_visit_get(s, &v, visit_id, &e) != 0 ||
        !((v.person_id && v.person_id == p->id) ||
          (v.household_id && v.household_id == p->household_id)))
        return pl_error_set(err, PL_EINVAL, "visit_id",
                            "kunjungan %lld bukan kunjungan ke orang ini atau keluarganya",
                            (long long)visit_id);
    return 0;
}

/* ---------------------------------------------------------------- activity */

/* Parses a month "YYYY-MM" into its first and last day. */
static int month_range(char first[11], char last[11], char norm[8], const char *month,
                       pl_error *err)
{
    pl_period p;
    if (month == NULL || strlen(month) != 7 || pl_period_parse(&p, month) != 0 ||
        p.kind != PL_PERIOD_MONTH)
        return pl_error_set(err, PL_EINVAL, "month", "bulan harus TTTT-BB, mis. 2026-11");
    pl_date_format(first, &p.start);
    pl_date_format(last, &p.end);
    snprintf(norm, 8, "%.7s", first);
    return 0;
}

static void region_name(pl_store *s, char *out, size_t cap, const char *code)
{
    pl_region r;
    if (pl_store_region_get(s, &r, code, NULL) == 0)
        snprintf(out, cap, "%s", r.name);
    else
        snprintf(out, cap, "%s", code);
}

PL_VEC_DEFINE(key_vec, int64_t)

/* A subject as one number: people positive, households negative. */
static int64_t subject_key(const pl_psks_visit *v)
{
    return v->person_id ? v->person_id : -v->household_id;
}

static bool key_seen(const key_vec *k, int64_t key)
{
    for (size_t i = 0; i < k->n; i++)
        if (k->v[i] == key)
            return true;
    return false;
}

typedef struct cat_find {
    const char *date;
    bool held[PL_PMKS_COUNT + 1];
} cat_find;

static int note_category(void *ctx, const pl_membership *m)
{
    cat_find *c = ctx;
    if (m->category >= 1 && m->category <= PL_PMKS_COUNT && strcmp(m->valid_from, c->date) <= 0 &&
        (m->valid_to[0] == '\0' || strcmp(m->valid_to, c->date) >= 0))
        c->held[m->category] = true;
    return 0;
}

/* The PMKS categories the visit's subject held on the visit date. */
static int categories_at(cat_find *c, pl_store *s, const pl_psks_visit *v, pl_error *err)
{
    memset(c, 0, sizeof *c);
    c->date = v->visit_date;
    int64_t hh = v->household_id;
    int rc = 0;
    if (v->person_id) {
        pl_person p;
        if ((rc = pl_store_person_get(s, &p, v->person_id, err)) ||
            (rc = pl_store_membership_list(s, v->person_id, 0, note_category, c, err)))
            return rc;
        hh = p.household_id;
    }
    if (hh)
        rc = pl_store_membership_list(s, 0, hh, note_category, c, err);
    return rc;
}

/* Category counts with each subject once per category: seen[c] holds the subjects counted. */
typedef struct cat_count {
    long *by_category;
    key_vec seen[PL_PMKS_COUNT + 1];
} cat_count;

static int count_categories(cat_count *cc, const cat_find *c, int64_t key)
{
    for (int k = 1; k <= PL_PMKS_COUNT; k++) {
        if (!c->held[k] || key_seen(&cc->seen[k], key))
            continue;
        if (key_vec_push(&cc->seen[k], key))
            return PL_ENOMEM;
        cc->by_category[k]++;
    }
    return 0;
}

static void cat_count_free(cat_count *cc)
{
    for (int k = 0; k <= PL_PMKS_COUNT; k++)
        key_vec_free(&cc->seen[k]);
}

typedef struct activity_ctx {
    pl_store *s;
    pl_psks_activity *a;
    size_t cap_rows, cap_places;
    key_vec subjects;
    cat_count cc;
    pl_error *err;
} activity_ctx;

static int activity_visit(void *ctx, const pl_psks_visit *v)
{
    activity_ctx *c = ctx;
    pl_psks_activity *a = c->a;
    if (pl_vec_reserve(&a->rows, &c->cap_rows, a->n_rows, 1))
        return PL_ENOMEM;
    pl_psks_activity_visit *r = &a->rows[a->n_rows++];
    memset(r, 0, sizeof *r);
    r->id = v->id;
    memcpy(r->date, v->visit_date, sizeof r->date);
    r->action = pl_visit_action_find(v->action);
    memcpy(r->region_code, v->region_code, sizeof r->region_code);
    region_name(c->s, r->region_name, sizeof r->region_name, v->region_code);
    r->has_coord = v->has_coord;
    r->lat = v->lat;
    r->lon = v->lon;
    snprintf(r->note, sizeof r->note, "%s", v->note);
    a->visits++;
    if (r->action >= 0)
        a->by_action[r->action]++;
    size_t i = 0;
    while (i < a->n_places && strcmp(a->places[i].code, v->region_code) != 0)
        i++;
    if (i == a->n_places) {
        if (pl_vec_reserve(&a->places, &c->cap_places, a->n_places, 1))
            return PL_ENOMEM;
        memset(&a->places[i], 0, sizeof a->places[i]);
        memcpy(a->places[i].code, v->region_code, sizeof a->places[i].code);
        memcpy(a->places[i].name, r->region_name, sizeof a->places[i].name);
        a->n_places++;
    }
    a->places[i].visits++;
    if (v->person_id == 0 && v->household_id == 0)
        return 0;
    r->has_subject = true;
    int64_t key = subject_key(v);
    if (!key_seen(&c->subjects, key)) {
        if (key_vec_push(&c->subjects, key))
            return PL_ENOMEM;
        a->subjects++;
    }
    cat_find cf;
    int rc = categories_at(&cf, c->s, v, c->err);
    if (rc)
        return rc;
    size_t used = 0;
    for (int k = 1; k <= PL_PMKS_COUNT; k++)
        if (cf.held[k]) {
            int w = snprintf(r->categories + used, sizeof r->categories - used, "%s%s",
                             used ? ", " : "", pl_pmks_get(k)->short_name);
            if (w < 0 || (size_t)w >= sizeof r->categories - used)
                break;
            used += (size_t)w;
        }
    return count_categories(&c->cc, &cf, key);
}

void pl_psks_activity_free(pl_psks_activity *a)
{
    if (a == NULL)
        return;
    free(a->places);
    free(a->rows);
    free(a);
}

int pl_psks_activity_unit(pl_psks_activity **out, pl_store *s, const char *scope, int64_t id,
                          const char *month, pl_error *err)
{
    *out = NULL;
    pl_psks_activity *a = calloc(1, sizeof *a);
    if (a == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    char first[11];
    activity_ctx c = {.s = s, .a = a, .err = err};
    c.cc.by_category = a->by_category;
    int rc = month_range(first, a->last_day, a->month, month, err);
    if (rc || (rc = pl_psks_unit_load(&a->unit, s, scope, id, err)))
        goto out;
    region_name(s, a->area_name, sizeof a->area_name, a->unit.area_code);
    pl_psks_visit_filter f = {.psks_id = id, .region = scope, .from = first, .to = a->last_day};
    rc = pl_store_psks_visit_list(s, &f, activity_visit, &c, err);
    if (rc == PL_ENOMEM)
        pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
out:
    key_vec_free(&c.subjects);
    cat_count_free(&c.cc);
    if (rc)
        pl_psks_activity_free(a);
    else
        *out = a;
    return rc;
}

/* --------------------------------------------------------------- roll-up */

typedef struct rollup_ctx {
    pl_store *s;
    pl_psks_rollup *r;
    size_t cap;
    const char *scope;
    char first[11], last[11];
    key_vec all_subjects;
    key_vec *unit_subjects; /* per row */
    size_t cap_us;
    cat_count cc;
    pl_error *err;
} rollup_ctx;

static pl_psks_rollup_row *rollup_row(rollup_ctx *c, const pl_psks_unit *u)
{
    for (size_t i = 0; i < c->r->n_rows; i++)
        if (c->r->rows[i].psks_id == u->id)
            return &c->r->rows[i];
    if (pl_vec_reserve(&c->r->rows, &c->cap, c->r->n_rows, 1) ||
        pl_vec_reserve(&c->unit_subjects, &c->cap_us, c->r->n_rows, 1))
        return NULL;
    memset(&c->unit_subjects[c->r->n_rows], 0, sizeof c->unit_subjects[0]);
    pl_psks_rollup_row *w = &c->r->rows[c->r->n_rows++];
    memset(w, 0, sizeof *w);
    w->psks_id = u->id;
    w->type = u->type;
    snprintf(w->name, sizeof w->name, "%s", u->name);
    memcpy(w->area_code, u->area_code, sizeof w->area_code);
    region_name(c->s, w->area_name, sizeof w->area_name, u->area_code);
    return w;
}

static int rollup_unit(void *ctx, const pl_psks_unit *u)
{
    rollup_ctx *c = ctx;
    if (!pl_psks_in_scope(u, c->scope) || !unit_active(u, c->first, c->last))
        return 0;
    return rollup_row(c, u) ? 0 : PL_ENOMEM;
}

typedef struct place_key {
    int64_t unit;
    char code[PL_REGION_CODE_MAX];
} place_key;
PL_VEC_DEFINE(place_vec, place_key)

typedef struct rollup_visits {
    rollup_ctx *c;
    place_vec places;
} rollup_visits;

static int rollup_visit(void *ctx, const pl_psks_visit *v)
{
    rollup_visits *rv = ctx;
    rollup_ctx *c = rv->c;
    pl_psks_unit u;
    pl_error e;
    pl_error_clear(&e);
    if (pl_store_psks_get(c->s, &u, v->psks_id, &e) != 0 || !pl_psks_in_scope(&u, c->scope))
        return 0;
    pl_psks_rollup_row *w = rollup_row(c, &u);
    if (w == NULL)
        return PL_ENOMEM;
    size_t wi = (size_t)(w - c->r->rows);
    w->visits++;
    c->r->total.visits++;
    int act = pl_visit_action_find(v->action);
    if (act >= 0) {
        w->by_action[act]++;
        c->r->total.by_action[act]++;
    }
    bool seen = false;
    for (size_t i = 0; i < rv->places.n && !seen; i++)
        seen = rv->places.v[i].unit == u.id && strcmp(rv->places.v[i].code, v->region_code) == 0;
    if (!seen) {
        place_key k = {.unit = u.id};
        memcpy(k.code, v->region_code, sizeof k.code);
        if (place_vec_push(&rv->places, k))
            return PL_ENOMEM;
        w->places++;
        bool any = false;
        for (size_t i = 0; i + 1 < rv->places.n && !any; i++)
            any = strcmp(rv->places.v[i].code, v->region_code) == 0;
        if (!any)
            c->r->total.places++;
    }
    if (v->person_id == 0 && v->household_id == 0)
        return 0;
    int64_t key = subject_key(v);
    if (!key_seen(&c->unit_subjects[wi], key)) {
        if (key_vec_push(&c->unit_subjects[wi], key))
            return PL_ENOMEM;
        w->subjects++;
    }
    if (!key_seen(&c->all_subjects, key)) {
        if (key_vec_push(&c->all_subjects, key))
            return PL_ENOMEM;
        c->r->total.subjects++;
    }
    cat_find cf;
    int rc = categories_at(&cf, c->s, v, c->err);
    return rc ? rc : count_categories(&c->cc, &cf, key);
}

void pl_psks_rollup_free(pl_psks_rollup *r)
{
    if (r == NULL)
        return;
    free(r->rows);
    free(r);
}

static int cmp_rollup_row(const void *pa, const void *pb)
{
    const pl_psks_rollup_row *a = pa, *b = pb;
    int c = strcmp(a->area_code, b->area_code);
    if (c)
        return c;
    if (a->type != b->type)
        return a->type - b->type;
    c = strcmp(a->name, b->name);
    return c ? c : (a->psks_id > b->psks_id) - (a->psks_id < b->psks_id);
}

int pl_psks_activity_rollup(pl_psks_rollup **out, pl_store *s, const char *scope,
                            const char *region, const char *month, pl_error *err)
{
    *out = NULL;
    pl_psks_rollup *r = calloc(1, sizeof *r);
    if (r == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    rollup_ctx c = {.s = s, .r = r, .scope = scope, .err = err};
    c.cc.by_category = r->by_category;
    rollup_visits rv = {.c = &c};
    int rc = month_range(c.first, c.last, r->month, month, err);
    if (rc)
        goto out;
    if (region && region[0]) {
        if (pl_region_code_normalize(r->region, region) < 0) {
            rc = pl_error_set(err, PL_EINVAL, "region", "kode wilayah '%s' tidak sah", region);
            goto out;
        }
        if (!in_scope(r->region, scope)) {
            rc = pl_error_set(err, PL_EDENIED, "region", "wilayah %s di luar cakupan Anda",
                              r->region);
            goto out;
        }
    } else {
        snprintf(r->region, sizeof r->region, "%s", scope ? scope : "");
    }
    if (r->region[0])
        region_name(s, r->region_name, sizeof r->region_name, r->region);
    else
        snprintf(r->region_name, sizeof r->region_name, "Seluruh wilayah");
    if ((rc = pl_store_psks_list(s, r->region, 0, rollup_unit, &c, err)))
        goto out;
    pl_psks_visit_filter f = {.region = r->region, .from = c.first, .to = c.last};
    if ((rc = pl_store_psks_visit_list(s, &f, rollup_visit, &rv, err)))
        goto out;
    if (r->n_rows)
        qsort(r->rows, r->n_rows, sizeof r->rows[0], cmp_rollup_row);
out:
    if (rc == PL_ENOMEM)
        pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    for (size_t i = 0; i < r->n_rows && c.unit_subjects; i++)
        key_vec_free(&c.unit_subjects[i]);
    free(c.unit_subjects);
    key_vec_free(&c.all_subjects);
    place_vec_free(&rv.places);
    cat_count_free(&c.cc);
    if (rc)
        pl_psks_rollup_free(r);
    else
        *out = r;
    return rc;
}

/* --------------------------------------------------------------- disasters */

typedef struct nearby_ctx {
    pl_psks_nearby *items;
    size_t n, cap;
    const pl_geo_shape *shape;
    const char *scope;
    char today[11];
    double max_m;
} nearby_ctx;

static int collect_nearby(void *ctx, const pl_psks_unit *u)
{
    nearby_ctx *c = ctx;
    if (!u->has_coord || !pl_psks_in_scope(u, c->scope) || !unit_active(u, c->today, c->today))
        return 0;
    pl_geo_point p = {u->lon, u->lat};
    double d = pl_geo_shape_contains(c->shape, p) ? 0 : pl_geo_shape_edge_distance_m(c->shape, p);
    if (d > c->max_m)
        return 0;
    if (pl_vec_reserve(&c->items, &c->cap, c->n, 1))
        return PL_ENOMEM;
    pl_psks_nearby *w = &c->items[c->n++];
    memset(w, 0, sizeof *w);
    w->unit = *u;
    w->distance_m = d;
    return 0;
}

typedef struct deployed_ctx {
    nearby_ctx *c;
    pl_store *s;
    pl_error *err;
} deployed_ctx;

static int mark_deployed(void *ctx, const pl_psks_deployment *d)
{
    deployed_ctx *dc = ctx;
    nearby_ctx *c = dc->c;
    size_t i = 0;
    while (i < c->n && c->items[i].unit.id != d->psks_id)
        i++;
    if (i == c->n) {
        pl_psks_unit u;
        pl_error e;
        pl_error_clear(&e);
        if (pl_store_psks_get(dc->s, &u, d->psks_id, &e) != 0 || !pl_psks_in_scope(&u, c->scope))
            return 0;
        if (pl_vec_reserve(&c->items, &c->cap, c->n, 1))
            return PL_ENOMEM;
        memset(&c->items[c->n], 0, sizeof c->items[0]);
        c->items[c->n].unit = u;
        c->items[c->n].distance_m = -1;
        if (u.has_coord) {
            pl_geo_point p = {u.lon, u.lat};
            c->items[c->n].distance_m =
                pl_geo_shape_contains(c->shape, p) ? 0 : pl_geo_shape_edge_distance_m(c->shape, p);
        }
        c->n++;
    }
    c->items[i].deployed = true;
    memcpy(c->items[i].deployed_on, d->deployed_on, sizeof c->items[i].deployed_on);
    c->items[i].visits = d->visits;
    return 0;
}

static int cmp_nearby(const void *pa, const void *pb)
{
    const pl_psks_nearby *a = pa, *b = pb;
    bool ta = a->unit.type == PL_PSKS_TAGANA, tb = b->unit.type == PL_PSKS_TAGANA;
    if (ta != tb)
        return ta ? -1 : 1;
    double da = a->distance_m < 0 ? 1e12 : a->distance_m;
    double db = b->distance_m < 0 ? 1e12 : b->distance_m;
    if (da != db)
        return da < db ? -1 : 1;
    return (a->unit.id > b->unit.id) - (a->unit.id < b->unit.id);
}

int pl_psks_disaster_nearby(pl_store *s, const char *scope, int64_t id, double km,
                            const pl_date *today, pl_psks_nearby_cb cb, void *ctx, pl_error *err)
{
    if (!(km > 0 && km <= 200))
        return pl_error_set(err, PL_EINVAL, "km",
                            "jarak harus lebih dari 0 dan paling jauh 200 km");
    pl_disaster d;
    pl_geo_shape *shape = NULL;
    int rc = pl_disaster_load(&d, &shape, s, id, scope, err);
    if (rc)
        return rc;
    nearby_ctx c = {.shape = shape, .scope = scope, .max_m = km * 1000.0};
    pl_date_format(c.today, today);
    deployed_ctx dc = {&c, s, err};
    if ((rc = pl_store_psks_list(s, scope, 0, collect_nearby, &c, err)) == 0 &&
        (rc = pl_store_psks_deployment_list(s, id, mark_deployed, &dc, err)) == 0) {
        if (c.n)
            qsort(c.items, c.n, sizeof c.items[0], cmp_nearby);
        for (size_t i = 0; rc == 0 && i < c.n; i++)
            rc = cb(ctx, &c.items[i]);
    }
    if (rc == PL_ENOMEM)
        pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    free(c.items);
    pl_geo_shape_free(shape);
    return rc;
}

int pl_psks_deploy(pl_psks_deployment *out, pl_store *s, const pl_actor *who, const char *scope,
                   int64_t id, int64_t psks_id, const char *date, const char *note,
                   const pl_date *today, pl_error *err)
{
    pl_psks_deployment dep = {.disaster_id = id, .psks_id = psks_id};
    pl_disaster d;
    pl_geo_shape *shape = NULL;
    int rc = pl_disaster_load(&d, &shape, s, id, scope, err);
    pl_geo_shape_free(shape);
    if (rc)
        return rc;
    pl_psks_unit u;
    if ((rc = pl_psks_unit_load(&u, s, scope, psks_id, err))) {
        snprintf(err->field, sizeof err->field, "psks_id");
        return rc;
    }
    char now[11];
    pl_date_format(now, today);
    if (date && date[0]) {
        if ((rc = check_date(dep.deployed_on, date, "date", err)))
            return rc;
        if (strcmp(dep.deployed_on, now) > 0)
            return pl_error_set(err, PL_EINVAL, "date",
                                "tanggal pengerahan tidak boleh di masa depan");
    } else {
        memcpy(dep.deployed_on, now, sizeof now);
    }
    if ((rc = copy_text(dep.note, sizeof dep.note, note, "note", err)) ||
        (rc = pl_store_psks_deployment_add(s, who, &dep, err)))
        return rc;
    *out = dep;
    return 0;
}
