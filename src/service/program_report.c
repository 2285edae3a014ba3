/* program_report.c - beneficiaries and money per program, region and period. */
#include "service/program_report.h"

#include "domain/period.h"
#include "domain/suppress.h"
#include "store/program_report.h"
#include "store/region.h"
#include "store/store.h"
#include "util/vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct build_ctx {
    pl_program_report *r;
    size_t cap_rows, cap_fail;
} build_ctx;

static int on_row(void *ctx, const pl_program_report_row *row)
{
    build_ctx *b = ctx;
    pl_program_report *r = b->r;
    int rc = pl_vec_reserve(&r->rows, &b->cap_rows, r->n_rows, 1);
    if (rc != 0)
        return rc;
    pl_program_report_line *l = &r->rows[r->n_rows++];
    memset(l, 0, sizeof *l);
    l->r = *row;
    return 0;
}

static int on_failure(void *ctx, const pl_program_failure_row *f)
{
    build_ctx *b = ctx;
    pl_program_report *r = b->r;
    int rc = pl_vec_reserve(&r->failures, &b->cap_fail, r->n_failures, 1);
    if (rc != 0)
        return rc;
    r->failures[r->n_failures++] = *f;
    return 0;
}

int pl_program_report_build(pl_program_report **out, pl_store *s, const char *scope,
                            const pl_program *p, const char *period, const char *region, int level,
                            pl_error *err)
{
    *out = NULL;
    pl_period pd;
    if (period == NULL || pl_period_parse(&pd, period) != 0)
        return pl_error_set(err, PL_EINVAL, "period",
                            "periode '%s' tidak dikenal (contoh: 2026, 2026-S1, 2026-Q1, 2026-03)",
                            period ? period : "");
    if (level != PL_LEVEL_REGENCY && level != PL_LEVEL_DISTRICT)
        return pl_error_set(err, PL_EINVAL, "level", "tingkat harus regency atau district");
    pl_program_report *r = calloc(1, sizeof *r);
    if (r == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    const char *sc = scope ? scope : "";
    snprintf(r->region, sizeof r->region, "%s", region && region[0] ? region : sc);
    snprintf(r->period, sizeof r->period, "%s", pd.label);
    r->level = level;
    build_ctx b = {.r = r};
    pl_program_report_query q = {.scope = sc,
                                 .region = region ? region : "",
                                 .level = level,
                                 .program_id = p ? p->id : 0,
                                 .period = pd.label};
    int rc = pl_store_program_report(s, &q, on_row, on_failure, &b, err);
    if (rc)
        goto out;
    /* Totals: the same query over the whole region (a batch or household spanning
       regions counts once). */
    q.level = 0;
    pl_program_report tot = {0};
    build_ctx bt = {.r = &tot};
    rc = pl_store_program_report(s, &q, on_row, NULL, &bt, err);
    r->totals = tot.rows;
    r->n_totals = tot.n_rows;
    if (rc)
        goto out;
    for (size_t i = 0; i < r->n_totals; i++) {
        snprintf(r->totals[i].r.region, sizeof r->totals[i].r.region, "%s", r->region);
        snprintf(r->totals[i].region_name, sizeof r->totals[i].region_name, "Jumlah");
    }
    for (size_t i = 0; i < r->n_rows; i++) {
        pl_program_report_line *l = &r->rows[i];
        pl_region reg;
        pl_error ignored = {0};
        if (pl_store_region_get(s, &reg, l->r.region, &ignored) == 0)
            snprintf(l->region_name, sizeof l->region_name, "%s", reg.name);
    }
out:
    if (rc) {
        if (rc == PL_ENOMEM && (err == NULL || err->code == PL_OK))
            pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        pl_program_report_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

/* Hides the small counts of each program's lines, with complements against its total. */
void pl_program_report_suppress(pl_program_report *r)
{
    for (size_t t = 0; t < r->n_totals; t++) {
        pl_program_report_line *tot = &r->totals[t];
        /* Measures: people, households, items per status. */
        enum { M = 2 + PL_PAY__MAX };
        pl_suppress *sp = pl_suppress_new();
        size_t n = 0;
        for (size_t i = 0; i < r->n_rows; i++)
            n += strcmp(r->rows[i].r.program, tot->r.program) == 0;
        long *idx = calloc((n + 1) * M, sizeof *idx);
        pl_program_report_line **lines = calloc(n + 1, sizeof *lines);
        if (sp == NULL || idx == NULL || lines == NULL) {
            /* Out of memory: hide every count rather than show them unprotected. */
            for (size_t i = 0; i <= r->n_rows; i++) {
                pl_program_report_line *l = i < r->n_rows ? &r->rows[i] : tot;
                l->r.people = l->r.households = PL_SUPPRESSED;
                for (int k = 0; k < PL_PAY__MAX; k++)
                    l->r.items[k] = l->r.amount[k] = PL_SUPPRESSED;
            }
            goto next;
        }
        size_t k = 0;
        for (size_t i = 0; i < r->n_rows; i++)
            if (strcmp(r->rows[i].r.program, tot->r.program) == 0)
                lines[k++] = &r->rows[i];
        lines[n] = tot;
        for (size_t i = 0; i <= n; i++) {
            const pl_program_report_row *x = &lines[i]->r;
            idx[i * M] = pl_suppress_cell(sp, x->people);
            idx[i * M + 1] = pl_suppress_cell(sp, x->households);
            for (int s = 0; s < PL_PAY__MAX; s++)
                idx[i * M + 2 + s] = pl_suppress_cell(sp, x->items[s]);
        }
        long *members = calloc(n ? n : 1, sizeof *members);
        for (int m = 0; members && m < M; m++) {
            for (size_t i = 0; i < n; i++)
                members[i] = idx[i * M + m];
            pl_suppress_group(sp, idx[n * M + m], members, n);
        }
        free(members);
        pl_suppress_run(sp);
        for (size_t i = 0; i <= n; i++) {
            pl_program_report_row *x = &lines[i]->r;
            if (pl_suppress_is_hidden(sp, idx[i * M]))
                x->people = PL_SUPPRESSED;
            if (pl_suppress_is_hidden(sp, idx[i * M + 1]))
                x->households = PL_SUPPRESSED;
            for (int s = 0; s < PL_PAY__MAX; s++)
                if (pl_suppress_is_hidden(sp, idx[i * M + 2 + s]))
                    x->items[s] = x->amount[s] = PL_SUPPRESSED; /* amount = items x rate */
        }
    next:
        pl_suppress_free(sp);
        free(idx);
        free(lines);
    }
    for (size_t i = 0; i < r->n_failures; i++) {
        pl_program_failure_row *f = &r->failures[i];
        if (pl_suppress_is_small(f->items))
            f->items = f->amount = PL_SUPPRESSED;
    }
}

int pl_program_preview_public(pl_preview *out, pl_store *s, const pl_program *p, const char *period,
                              const char *region, int level, pl_error *err)
{
    memset(out, 0, sizeof *out);
    const char *rg = region ? region : "";
    if (strlen(rg) > 8)
        return pl_error_set(err, PL_EINVAL, "region",
                            "pratinjau tanpa akses data pribadi paling rinci per kecamatan");
    /* The tree: every district of the country, the same whatever the request. */
    pl_preview all;
    int rc = pl_program_preview(&all, s, p, period, "", PL_LEVEL_DISTRICT, err);
    if (rc)
        return rc;
    pl_suppress_tree *t = pl_suppress_tree_new(1);
    for (size_t i = 0; t && rc == 0 && i < all.n; i++)
        rc = pl_suppress_tree_add(t, all.rows[i].region, 0, all.rows[i].eligible);
    pl_preview_free(&all);
    if (t == NULL || rc == PL_ENOMEM || (rc == 0 && pl_suppress_tree_run(t))) {
        pl_suppress_tree_free(t);
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    }
    rc = pl_program_preview(out, s, p, period, rg, level, err);
    if (rc == 0) {
        for (size_t i = 0; i < out->n; i++)
            if (pl_suppress_is_small(out->rows[i].eligible) ||
                pl_suppress_tree_shown(t, out->rows[i].region, 0) == PL_SUPPRESSED)
                out->rows[i].eligible = PL_SUPPRESSED;
        if (pl_suppress_is_small(out->eligible) ||
            pl_suppress_tree_shown(t, rg, 0) == PL_SUPPRESSED)
            out->eligible = PL_SUPPRESSED;
        /* Candidates minus eligible are those who fail: small either way is hidden. */
        if (pl_suppress_is_small(out->candidates) ||
            (out->eligible >= 0 && pl_suppress_is_small(out->candidates - out->eligible)))
            out->candidates = PL_SUPPRESSED;
        for (int i = 0; i < PL_ELIG__COUNT; i++)
            if (pl_suppress_is_small(out->failed[i]))
                out->failed[i] = PL_SUPPRESSED;
    }
    pl_suppress_tree_free(t);
    return rc;
}
