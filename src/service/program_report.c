/* program_report.c - beneficiaries and money per program, region and period. */
#include "service/program_report.h"

#include "domain/period.h"

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
    if (r->n_rows == b->cap_rows) {
        size_t cap = b->cap_rows ? b->cap_rows * 2 : 16;
        pl_program_report_line *v = realloc(r->rows, cap * sizeof *v);
        if (v == NULL)
            return PL_ENOMEM;
        r->rows = v;
        b->cap_rows = cap;
    }
    pl_program_report_line *l = &r->rows[r->n_rows++];
    memset(l, 0, sizeof *l);
    l->r = *row;
    return 0;
}

static int on_failure(void *ctx, const pl_program_failure_row *f)
{
    build_ctx *b = ctx;
    pl_program_report *r = b->r;
    if (r->n_failures == b->cap_fail) {
        size_t cap = b->cap_fail ? b->cap_fail * 2 : 16;
        pl_program_failure_row *v = realloc(r->failures, cap * sizeof *v);
        if (v == NULL)
            return PL_ENOMEM;
        r->failures = v;
        b->cap_fail = cap;
    }
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
        return pl_error_set(err, PL_EINVAL, "periode",
                            "periode '%s' tidak dikenal (contoh: 2026, 2026-S1, 2026-Q1, 2026-03)",
                            period ? period : "");
    if (level != PL_LEVEL_REGENCY && level != PL_LEVEL_DISTRICT)
        return pl_error_set(err, PL_EINVAL, "tingkat", "tingkat harus regency atau district");
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

void pl_program_report_free(pl_program_report *r)
{
    if (r == NULL)
        return;
    free(r->rows);
    free(r->totals);
    free(r->failures);
    free(r);
}

int64_t pl_program_report_planned(const pl_program_report_row *r)
{
    int64_t t = 0;
    for (int k = 0; k < PL_PAY__MAX; k++)
        t += r->amount[k];
    return t;
}

static const char *const status_names[PL_PAY__MAX] = {
    [PL_PAY_PENDING] = "pending",
    [PL_PAY_PAID] = "paid",
    [PL_PAY_FAILED] = "failed",
    [PL_PAY_RETURNED] = "returned",
};

static json_t *line_json(const pl_program_report_line *l)
{
    const pl_program_report_row *x = &l->r;
    json_t *items = json_object(), *amounts = json_object();
    for (int k = 0; k < PL_PAY__MAX; k++) {
        json_object_set_new(items, status_names[k], json_integer(x->items[k]));
        json_object_set_new(amounts, status_names[k], json_integer(x->amount[k]));
    }
    return json_pack("{s:s,s:s,s:s,s:I,s:I,s:I,s:o,s:I,s:I,s:o}", "program", x->program, "region",
                     x->region, "region_name", l->region_name, "people", (json_int_t)x->people,
                     "households", (json_int_t)x->households, "batches", (json_int_t)x->batches,
                     "items", items, "planned", (json_int_t)pl_program_report_planned(x), "paid",
                     (json_int_t)x->amount[PL_PAY_PAID], "amounts", amounts);
}

json_t *pl_program_report_to_json(const pl_program_report *r)
{
    json_t *rows = json_array(), *totals = json_array(), *fails = json_array();
    for (size_t i = 0; i < r->n_rows; i++)
        json_array_append_new(rows, line_json(&r->rows[i]));
    for (size_t i = 0; i < r->n_totals; i++)
        json_array_append_new(totals, line_json(&r->totals[i]));
    for (size_t i = 0; i < r->n_failures; i++) {
        const pl_program_failure_row *f = &r->failures[i];
        json_array_append_new(fails, json_pack("{s:s,s:s,s:s,s:s,s:I,s:I}", "program", f->program,
                                               "region", f->region, "status", f->status, "reason",
                                               f->reason, "items", (json_int_t)f->items, "amount",
                                               (json_int_t)f->amount));
    }
    return json_pack("{s:s,s:s,s:s,s:o,s:o,s:o}", "period", r->period, "region", r->region, "level",
                     r->level == PL_LEVEL_DISTRICT ? "district" : "regency", "rows", rows, "totals",
                     totals, "failures", fails);
}
