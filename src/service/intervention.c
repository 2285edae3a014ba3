/* intervention.c - rakor, their problems and the interventions agreed on. */
#include "service/intervention.h"
#include "domain/category.h"
#include "domain/date.h"
#include "domain/rakor.h"
#include "domain/region_code.h"
#include "store/psks.h"
#include "store/rakor.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Normalises a date in place ("" with allow_empty stays ""). */
static int norm_date(char *d, size_t cap, bool allow_empty, const char *field, pl_error *err)
{
    if (allow_empty && d[0] == '\0')
        return 0;
    pl_date v;
    if (pl_date_parse(&v, d) != 0)
        return pl_error_set(err, PL_EINVAL, field, "tanggal '%s' tidak sah (YYYY-MM-DD)", d);
    char out[11];
    pl_date_format(out, &v);
    snprintf(d, cap, "%s", out);
    return 0;
}

static int norm_region(char *out, const char *in, const char *field, pl_error *err)
{
    char code[PL_REGION_CODE_MAX];
    if (in == NULL || pl_region_code_normalize(code, in) < 0)
        return pl_error_set(err, PL_EINVAL, field, "kode wilayah '%s' tidak dikenal", in ? in : "");
    memcpy(out, code, sizeof code);
    return 0;
}

static int check_category(int category, pl_error *err)
{
    if (category != 0 && pl_pmks_get(category) == NULL)
        return pl_error_set(err, PL_EINVAL, "category", "kategori PMKS %d tidak dikenal", category);
    return 0;
}

static void today(char out[11])
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    pl_date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    pl_date_format(out, &d);
}

typedef struct find_rakor {
    int64_t id;
    int n;
} find_rakor;

static int on_find_rakor(void *ctx, const pl_rakor *r)
{
    find_rakor *f = ctx;
    f->id = r->id;
    f->n++;
    return 0;
}

/* The id of the one rakor of year hosted inside host ("" = any). */
static int rakor_of_year(pl_store *s, int year, const char *host, int64_t *id, pl_error *err)
{
    find_rakor f = {0};
    int rc = pl_store_rakor_list(s, year, host ? host : "", on_find_rakor, &f, err);
    if (rc)
        return rc;
    if (f.n == 0)
        return pl_error_set(err, PL_ENOTFOUND, "year",
                            "rakor tahun %d belum tercatat (pilar rakor add)", year);
    if (f.n > 1)
        return pl_error_set(err, PL_EINVAL, "host_region",
                            "ada %d rakor tahun %d; sebutkan tuan rumahnya (--host)", f.n, year);
    *id = f.id;
    return 0;
}

int pl_intervention_rakor_add(pl_store *s, const pl_actor *who, pl_rakor *r, pl_error *err)
{
    if (r->year < 1900 || r->year > 2200)
        return pl_error_set(err, PL_EINVAL, "year", "tahun rakor wajib diisi (1900..2200)");
    int rc;
    if ((rc = norm_region(r->host_region, r->host_region, "host_region", err)) ||
        (rc = norm_date(r->held_on, sizeof r->held_on, false, "held_on", err)) ||
        (rc = pl_rakor_check(r->held_on, err)))
        return rc;
    return pl_store_rakor_add(s, who, r, err);
}

typedef struct rakor_walk {
    pl_store *s;
    pl_rakor_cb on_rakor;
    pl_problem_cb on_problem;
    void *ctx;
    pl_error *err;
} rakor_walk;

static int walk_rakor(void *ctx, const pl_rakor *r)
{
    rakor_walk *w = ctx;
    int rc = w->on_rakor ? w->on_rakor(w->ctx, r) : 0;
    if (rc == 0 && w->on_problem)
        rc = pl_store_problem_list(w->s, r->id, "", w->on_problem, w->ctx, w->err);
    return rc;
}

int pl_intervention_rakor_list(pl_store *s, int year, pl_rakor_cb on_rakor,
                               pl_problem_cb on_problem, void *ctx, pl_error *err)
{
    rakor_walk w = {s, on_rakor, on_problem, ctx, err};
    return pl_store_rakor_list(s, year, "", walk_rakor, &w, err);
}

int pl_intervention_problem_add(pl_store *s, const pl_actor *who, int year, const char *host,
                                pl_rakor_problem *p, pl_error *err)
{
    int rc;
    if ((rc = norm_region(p->region, p->region, "region", err)) ||
        (rc = check_category(p->category, err)))
        return rc;
    if (p->text[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "text", "uraian masalah wajib diisi");
    if ((rc = pl_problem_check(p->text, err)))
        return rc;
    if ((rc = rakor_of_year(s, year, host, &p->rakor_id, err)))
        return rc;
    return pl_store_problem_add(s, who, p, err);
}

int pl_intervention_add(pl_store *s, const pl_actor *who, int year, const char *host,
                        pl_intervention *iv, pl_error *err)
{
    int rc;
    if ((rc = norm_region(iv->region, iv->region, "region", err)) ||
        (rc = check_category(iv->category, err)) ||
        (rc = norm_date(iv->due_date, sizeof iv->due_date, true, "due_date", err)))
        return rc;
    if (iv->has_budget && !(iv->budget >= 0))
        return pl_error_set(err, PL_EINVAL, "budget", "anggaran tidak boleh negatif");
    if ((rc = pl_intervention_check(iv->title, iv->level, iv->status, iv->due_date, err)))
        return rc;
    if (year && (rc = rakor_of_year(s, year, host, &iv->rakor_id, err)))
        return rc;
    return pl_store_intervention_add(s, who, iv, err);
}

int pl_intervention_list(pl_store *s, const pl_intervention_query *q, pl_intervention_cb cb,
                         void *ctx, pl_error *err)
{
    pl_intervention_query n = *q;
    char region[PL_REGION_CODE_MAX] = "", at[11] = "";
    int rc;
    if (q->region && q->region[0] && (rc = norm_region(region, q->region, "region", err)))
        return rc;
    n.region = region;
    if (n.scope == NULL)
        n.scope = "";
    if (q->overdue_at) {
        snprintf(at, sizeof at, "%s", q->overdue_at);
        if (strlen(q->overdue_at) >= sizeof at)
            return pl_error_set(err, PL_EINVAL, "date", "tanggal harus YYYY-MM-DD");
        if (at[0] == '\0')
            today(at);
        else if ((rc = norm_date(at, sizeof at, false, "date", err)))
            return rc;
        n.overdue_at = at;
    }
    return pl_store_intervention_list(s, &n, cb, ctx, err);
}

int pl_intervention_update(pl_intervention *out, pl_store *s, const pl_actor *who, int64_t id,
                           int64_t version, const char *status, const char *on, const char *note,
                           pl_error *err)
{
    if (id <= 0)
        return pl_error_set(err, PL_EINVAL, "id", "sebutkan id intervensi");
    if (status == NULL && note == NULL)
        return pl_error_set(err, PL_EINVAL, "status", "sebutkan status dan/atau catatan");
    char day[11] = "";
    int rc;
    if (on == NULL || on[0] == '\0') {
        today(day);
    } else {
        if (strlen(on) >= sizeof day)
            return pl_error_set(err, PL_EINVAL, "date", "tanggal '%s' tidak sah (YYYY-MM-DD)", on);
        snprintf(day, sizeof day, "%s", on);
        if ((rc = norm_date(day, sizeof day, false, "date", err)))
            return rc;
    }
    if ((rc = pl_intervention_update_check(status, day, note, err)) ||
        (rc = pl_store_intervention_update(s, who, id, version, status, day, note, err)))
        return rc;
    return pl_store_intervention_get(s, out, id, err);
}

int pl_intervention_get(pl_intervention *out, pl_store *s, const char *scope, int64_t id,
                        pl_error *err)
{
    int rc = id > 0 ? pl_store_intervention_get(s, out, id, err) : PL_ENOTFOUND;
    if (rc == 0 && scope && scope[0] && !pl_region_code_in_scope(out->region, scope))
        rc = PL_ENOTFOUND;
    if (rc == PL_ENOTFOUND)
        return pl_error_set(err, PL_ENOTFOUND, "id", "intervensi id %lld tidak ada", (long long)id);
    return rc;
}

/* Checks that every linked unit exists and serves an area inside scope. */
static int check_links(pl_store *s, const char *scope, const pl_intervention_links *l,
                       pl_error *err)
{
    for (size_t i = 0; l && i < l->n_psks; i++) {
        pl_psks_unit u;
        pl_error e = {0};
        int rc = pl_store_psks_get(s, &u, l->psks[i], &e);
        if (rc == 0 && scope && scope[0] && !pl_region_code_in_scope(u.area_code, scope))
            rc = PL_ENOTFOUND;
        if (rc == PL_ENOTFOUND)
            return pl_error_set(err, PL_EINVAL, "psks", "unit PSKS id %lld tidak dikenal",
                                (long long)l->psks[i]);
        if (rc)
            return pl_error_set(err, rc, e.field, "%s", e.message);
    }
    return 0;
}

static int set_links(pl_store *s, const pl_actor *who, int64_t id, const pl_intervention_links *l,
                     pl_error *err)
{
    if (l == NULL)
        return 0;
    return pl_store_intervention_links_set(s, who, id, l->psks, l->n_psks, l->programs,
                                           l->n_programs, err);
}

static int in_scope_or_denied(const char *region, const char *scope, pl_error *err)
{
    if (scope && scope[0] && !pl_region_code_in_scope(region, scope))
        return pl_error_set(err, PL_EDENIED, "region", "wilayah %s di luar wilayah akses Anda",
                            region);
    return 0;
}

int pl_intervention_create(pl_store *s, const pl_actor *who, const char *scope, int year,
                           const char *host, pl_intervention *iv,
                           const pl_intervention_links *links, pl_error *err)
{
    int rc;
    if ((rc = norm_region(iv->region, iv->region, "region", err)) ||
        (rc = in_scope_or_denied(iv->region, scope, err)) ||
        (rc = check_links(s, scope, links, err)))
        return rc;
    if ((rc = pl_store_begin(s, err)))
        return rc;
    if ((rc = pl_intervention_add(s, who, year, host, iv, err)) == 0 &&
        (rc = set_links(s, who, iv->id, links, err)) == 0)
        rc = pl_store_commit(s, err);
    if (rc)
        pl_store_rollback(s);
    return rc;
}

/* Applies chg to iv (a copy of the stored intervention) and checks the result. */
static int merge_change(pl_intervention *iv, const char *scope, const pl_intervention_change *chg,
                        pl_error *err)
{
    int rc;
#define SET(field, v)                                                                              \
    do {                                                                                           \
        if ((v) != NULL) {                                                                         \
            if (strlen(v) >= sizeof iv->field)                                                     \
                return pl_error_set(err, PL_EINVAL, #field, "isian %s terlalu panjang", #field);   \
            snprintf(iv->field, sizeof iv->field, "%s", (v));                                      \
        }                                                                                          \
    } while (0)
    SET(title, chg->title);
    SET(level, chg->level);
    SET(owner, chg->owner);
    SET(status, chg->status);
    SET(due_date, chg->due_date);
#undef SET
    if (chg->region && ((rc = norm_region(iv->region, chg->region, "region", err)) ||
                        (rc = in_scope_or_denied(iv->region, scope, err))))
        return rc;
    if (chg->category >= 0) {
        if ((rc = check_category(chg->category, err)))
            return rc;
        iv->category = chg->category;
    }
    if (chg->budget > 0) {
        if (!(chg->budget_value >= 0))
            return pl_error_set(err, PL_EINVAL, "budget", "anggaran tidak boleh negatif");
        iv->has_budget = true;
        iv->budget = chg->budget_value;
    } else if (chg->budget < 0) {
        iv->has_budget = false;
        iv->budget = 0;
    }
    if ((rc = norm_date(iv->due_date, sizeof iv->due_date, true, "due_date", err)))
        return rc;
    if (iv->status[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "status",
                            "status harus direncanakan, berjalan, selesai atau batal");
    return pl_intervention_check(iv->title, iv->level, iv->status, iv->due_date, err);
}

int pl_intervention_edit(pl_intervention *out, pl_store *s, const pl_actor *who, const char *scope,
                         int64_t id, const pl_intervention_change *chg, pl_error *err)
{
    pl_intervention iv;
    int rc = pl_intervention_get(&iv, s, scope, id, err);
    if (rc)
        return rc;
    if (chg->version <= 0)
        return pl_error_set(err, PL_EINVAL, "version",
                            "sebutkan versi intervensi yang dibaca (version)");
    if ((rc = merge_change(&iv, scope, chg, err)) || (rc = check_links(s, scope, chg->links, err)))
        return rc;
    char day[11] = "";
    bool note = chg->note && chg->note[0];
    if (note) {
        if (chg->noted_on == NULL || chg->noted_on[0] == '\0') {
            today(day);
        } else {
            if (strlen(chg->noted_on) >= sizeof day)
                return pl_error_set(err, PL_EINVAL, "date", "tanggal '%s' tidak sah (YYYY-MM-DD)",
                                    chg->noted_on);
            snprintf(day, sizeof day, "%s", chg->noted_on);
            if ((rc = norm_date(day, sizeof day, false, "date", err)))
                return rc;
        }
        if (strlen(chg->note) >= 1024)
            return pl_error_set(err, PL_EINVAL, "note", "catatan terlalu panjang (maks. 1023)");
    }
    iv.version = chg->version;
    if ((rc = pl_store_begin(s, err)))
        return rc;
    if ((rc = pl_store_intervention_edit(s, who, &iv, err)) == 0 && note)
        rc = pl_store_intervention_update(s, who, id, 0, NULL, day, chg->note, err);
    if (rc == 0)
        rc = set_links(s, who, id, chg->links, err);
    if (rc == 0)
        rc = pl_store_commit(s, err);
    if (rc) {
        pl_store_rollback(s);
        return rc;
    }
    return pl_store_intervention_get(s, out, id, err);
}
