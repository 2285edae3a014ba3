/*
 * h_programs.c - read routes of the programs issue: programs, eligibility
 * preview per region, stored integrity findings, disbursement batches and
 * duplicate candidates, all inside the caller's scope. Writes (enrolment,
 * batches, merges) stay on the command line for now.
 */
#include "http/handlers.h"
#include "io/program_json.h"
#include "io/record_json.h"
#include "service/program.h"
#include "service/program_report.h"
#include "store/dedup.h"
#include "store/disburse.h"
#include "store/integrity.h"
#include "store/program.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add_program(void *ctx, const pl_program *p)
{
    return json_array_append_new(ctx, pl_json_program(p)) ? PL_ENOMEM : 0;
}

int pl_h_programs(pl_http_req *r)
{
    json_t *items = json_array();
    int rc = pl_store_program_list(r->store, add_program, items, &r->err);
    if (rc) {
        json_decref(items);
        return rc;
    }
    return pl_http_reply_page(r, items, NULL);
}

static int load_program(pl_http_req *r, pl_program *p)
{
    const char *code = r->n_params > 0 ? r->params[0] : "";
    if (strlen(code) >= PL_PROGRAM_CODE_MAX)
        return pl_error_set(&r->err, PL_ENOTFOUND, "program", "program tidak ada");
    return pl_store_program_get(r->store, p, code, &r->err);
}

/* The region query parameter inside the caller's scope (the scope itself when absent). */
static int scoped_region(pl_http_req *r, char out[PL_REGION_CODE_MAX])
{
    int rc = pl_http_region_param(r, "region", out);
    if (rc)
        return rc;
    if (out[0] == '\0') {
        snprintf(out, PL_REGION_CODE_MAX, "%s", r->user.scope);
        return 0;
    }
    if (!pl_region_code_in_scope(out, r->user.scope))
        return pl_error_set(&r->err, PL_EDENIED, "region", "wilayah %s di luar cakupan Anda", out);
    return 0;
}

int pl_h_program_get(pl_http_req *r)
{
    pl_program p;
    int rc = load_program(r, &p);
    if (rc)
        return rc;
    return pl_http_reply_json(r, 200, pl_json_program(&p));
}

int pl_h_program_preview(pl_http_req *r)
{
    pl_program p;
    char region[PL_REGION_CODE_MAX];
    int rc = load_program(r, &p);
    if (rc || (rc = scoped_region(r, region)))
        return rc;
    const char *period = pl_http_query(r, "period");
    const char *by = pl_http_query(r, "by");
    if (period == NULL || strlen(period) > 11)
        return pl_error_set(&r->err, PL_EINVAL, "period", "period wajib (mis. 2026-Q1)");
    /* Callers without personal access get the public view (small cells hidden). */
    pl_preview pv;
    int level = by && strcmp(by, "district") == 0 ? 3 : 2;
    if ((rc = r->perms & PL_PERM_READ
                  ? pl_program_preview(&pv, r->store, &p, period, region, level, &r->err)
                  : pl_program_preview_public(&pv, r->store, &p, period, region, level, &r->err)))
        return rc;
    json_t *out = pl_json_preview(p.code, period, region, &pv);
    pl_preview_free(&pv);
    return pl_http_reply_json(r, 200, out);
}

/* GET /programs/{code}/report?period=P&region=R&level=regency|district */
int pl_h_program_report(pl_http_req *r)
{
    pl_program p;
    char region[PL_REGION_CODE_MAX];
    int rc = load_program(r, &p);
    if (rc || (rc = scoped_region(r, region)))
        return rc;
    const char *period = pl_http_query(r, "period");
    const char *level = pl_http_query(r, "level");
    if (period == NULL || strlen(period) > 11)
        return pl_error_set(&r->err, PL_EINVAL, "period", "period wajib (mis. 2026-Q1)");
    if (level && strcmp(level, "regency") && strcmp(level, "district"))
        return pl_error_set(&r->err, PL_EINVAL, "level", "level harus regency atau district");
    pl_program_report *rep = NULL;
    if ((rc = pl_program_report_build(&rep, r->store, r->user.scope, &p, period, region,
                                      level && strcmp(level, "district") == 0 ? PL_LEVEL_DISTRICT
                                                                              : PL_LEVEL_REGENCY,
                                      &r->err)))
        return rc;
    if (!(r->perms & PL_PERM_READ))
        pl_program_report_suppress(rep); /* public view (the route asks for READ today) */
    json_t *out = pl_program_report_json(rep);
    pl_program_report_free(rep);
    if (out == NULL)
        return pl_error_set(&r->err, PL_ENOMEM, "", "memori tidak cukup");
    json_object_set_new(out, "program", json_string(p.code));
    return pl_http_reply_json(r, 200, out);
}

static int add_finding(void *ctx, const pl_finding *f)
{
    pl_http_req *r = ((void **)ctx)[0];
    return json_array_append_new(((void **)ctx)[1], pl_json_finding(f, pl_http_json_opts(r)))
               ? PL_ENOMEM
               : 0;
}

int pl_h_program_findings(pl_http_req *r)
{
    pl_program p;
    int rc = load_program(r, &p);
    if (rc)
        return rc;
    const char *period = pl_http_query(r, "period");
    if (period == NULL || strlen(period) > 11)
        return pl_error_set(&r->err, PL_EINVAL, "period", "period wajib (mis. 2026-Q1)");
    json_t *items = json_array();
    void *ctx[2] = {r, items};
    if ((rc = pl_store_program_findings(r->store, p.id, period, r->user.scope, add_finding, ctx,
                                        &r->err))) {
        json_decref(items);
        return rc;
    }
    return pl_http_reply_page(r, items, NULL);
}

typedef struct totals_ctx {
    json_t *totals;
    long items;
    int64_t amount;
} totals_ctx;

static int add_total(void *ctx, const pl_batch_total *t)
{
    totals_ctx *k = ctx;
    k->items += t->items;
    k->amount += t->amount;
    return json_array_append_new(k->totals, pl_json_batch_total(t)) ? PL_ENOMEM : 0;
}

int pl_h_batch_get(pl_http_req *r)
{
    int64_t id;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc)
        return rc;
    pl_batch b;
    if ((rc = pl_store_batch_get(r->store, &b, id, &r->err)))
        goto out;
    /* Only the items inside the caller's scope count, in the totals and in the sums. */
    totals_ctx k = {json_array(), 0, 0};
    if ((rc = pl_store_batch_totals(r->store, id, r->user.scope, add_total, &k, &r->err))) {
        json_decref(k.totals);
        goto out;
    }
    bool whole = r->user.scope[0] == '\0';
    if (!whole && k.items == 0) {
        /* No item in scope: a batch of other regions looks exactly like an absent one. */
        json_decref(k.totals);
        rc = PL_ENOTFOUND;
        goto out;
    }
    if (!whole) {
        b.items = k.items;
        b.total = k.amount;
    }
    json_t *o = pl_json_batch(&b);
    if (o)
        json_object_set_new(o, "totals", k.totals);
    else
        json_decref(k.totals);
    return pl_http_reply_json(r, 200, o);
out:
    if (rc == PL_ENOTFOUND)
        return pl_error_set(&r->err, PL_ENOTFOUND, "id", "batch id %lld tidak ditemukan",
                            (long long)id);
    return rc;
}

static int add_candidate(void *ctx, const pl_dedup_candidate *d)
{
    pl_http_req *r = ((void **)ctx)[0];
    /* The store answers pairs inside the scope only; the same rule again beside the reply. */
    if (!pl_region_code_in_scope(d->village_a, r->user.scope) ||
        !pl_region_code_in_scope(d->village_b, r->user.scope))
        return 0;
    return json_array_append_new(((void **)ctx)[1],
                                 pl_json_dedup_candidate(d, pl_http_json_opts(r)))
               ? PL_ENOMEM
               : 0;
}

int pl_h_dedup_candidates(pl_http_req *r)
{
    const char *status = pl_http_query(r, "status");
    if (status == NULL)
        status = "open";
    if (strcmp(status, "open") && strcmp(status, "not_same") && strcmp(status, "merged"))
        return pl_error_set(&r->err, PL_EINVAL, "status", "status: open, not_same atau merged");
    const char *min = pl_http_query(r, "min_score");
    int limit;
    int64_t after;
    int rc = pl_http_paging(r, &limit, &after);
    if (rc)
        return rc;
    json_t *items = json_array();
    void *ctx[2] = {r, items};
    if ((rc = pl_store_dedup_candidate_list(r->store, status, min ? atof(min) : 0, r->user.scope,
                                            limit, add_candidate, ctx, &r->err))) {
        json_decref(items);
        return rc;
    }
    return pl_http_reply_page(r, items, NULL);
}
