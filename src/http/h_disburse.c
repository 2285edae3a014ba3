/*
 * h_disburse.c - the write side of programs for the web UI: enrolling the
 * eligible of a period, who the rule refuses and why, running the integrity
 * checks, and disbursement batches (list, create, approve, transfer file,
 * bank status upload). Each calls one service function (service/program.h,
 * service/disburse.h) inside the caller's scope; the store audits every
 * change.
 *
 * Scope: enrolment and the refusal list cover the caller's scope (or a
 * region inside it). A batch spans a whole program, so a caller with a scope
 * may create one only for a program whose regions all lie inside it, and may
 * act on a batch only when every item lies inside it; a batch without an item
 * in scope answers 404 like an absent one.
 */
#include "domain/eligibility.h"
#include "http/handlers.h"
#include "http/tmpfile.h"
#include "io/program_json.h"
#include "service/auth.h"
#include "service/disburse.h"
#include "service/program.h"
#include "store/disburse.h"
#include "store/integrity.h"
#include "store/person.h"
#include "store/program.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define REFUSED_MAX 200 /* people listed by GET /programs/{code}/refused */

static int load_program(pl_http_req *r, pl_program *p)
{
    const char *code = r->n_params > 0 ? r->params[0] : "";
    if (strlen(code) >= PL_PROGRAM_CODE_MAX)
        return pl_error_set(&r->err, PL_ENOTFOUND, "program", "program tidak ada");
    return pl_store_program_get(r->store, p, code, &r->err);
}

/* A period label from the query or body: required, short. */
static int period_arg(pl_http_req *r, const char *period)
{
    if (period == NULL || period[0] == '\0' || strlen(period) > 11)
        return pl_error_set(&r->err, PL_EINVAL, "period", "periode wajib diisi (mis. 2026-Q1)");
    return 0;
}

/* The region inside the caller's scope (the scope itself when text is NULL or ""). */
static int scoped_region(pl_http_req *r, const char *text, char out[PL_REGION_CODE_MAX])
{
    if (text == NULL || text[0] == '\0') {
        snprintf(out, PL_REGION_CODE_MAX, "%s", r->user.scope);
        return 0;
    }
    if (strlen(text) >= PL_REGION_CODE_MAX || pl_region_code_normalize(out, text) < 0)
        return pl_error_set(&r->err, PL_EINVAL, "region", "kode wilayah '%.20s' tidak sah", text);
    if (!pl_region_code_in_scope(out, r->user.scope))
        return pl_error_set(&r->err, PL_EDENIED, "region", "wilayah %s di luar cakupan Anda", out);
    return 0;
}

/* POST /programs/{code}/enrol {"period","reason","region"?} */
int pl_h_program_enrol(pl_http_req *r)
{
    pl_program p;
    json_t *body = NULL;
    const char *period = NULL, *reason = NULL, *region_in = NULL;
    char region[PL_REGION_CODE_MAX];
    int rc = load_program(r, &p);
    if (rc || (rc = pl_http_json_body(r, &body)))
        return rc;
    if ((rc = pl_http_json_str(r, body, "period", &period)) ||
        (rc = pl_http_json_str(r, body, "reason", &reason)) ||
        (rc = pl_http_json_str(r, body, "region", &region_in)) || (rc = period_arg(r, period)) ||
        (rc = scoped_region(r, region_in, region)))
        goto out;
    if (reason == NULL || reason[0] == '\0') {
        rc = pl_error_set(&r->err, PL_EINVAL, "reason",
                          "dasar penetapan wajib diisi (mis. nomor SK penetapan penerima)");
        goto out;
    }
    long enrolled = 0, already = 0;
    if ((rc = pl_program_enroll_eligible(r->store, &r->actor, &p, period, region, reason, &enrolled,
                                         &already, &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 200,
                            json_pack("{s:s,s:s,s:s,s:I,s:I}", "program", p.code, "period", period,
                                      "region", region, "enrolled", (json_int_t)enrolled, "already",
                                      (json_int_t)already));
out:
    json_decref(body);
    return rc;
}

typedef struct refused_ctx {
    pl_http_req *r;
    json_t *items;
} refused_ctx;

static int add_refused(void *ctx, const pl_refusal *x)
{
    refused_ctx *k = ctx;
    pl_person person;
    pl_error e;
    pl_error_clear(&e);
    if (!pl_http_in_scope(k->r, x->village) ||
        pl_store_person_get(k->r->store, &person, x->person_id, &e) != 0)
        return 0; /* the scan is limited to the scope; a vanished row is skipped */
    char why[256], codes[128];
    pl_eligibility_reasons(why, sizeof why, x->failed, false);
    pl_eligibility_reasons(codes, sizeof codes, x->failed, true);
    json_t *rules = json_array();
    char *save = NULL;
    for (char *t = strtok_r(codes, ",", &save); t; t = strtok_r(NULL, ",", &save))
        json_array_append_new(rules, json_string(t));
    pl_http_audit_read(k->r, "person", person.id);
    return json_array_append_new(
               k->items, json_pack("{s:I,s:I,s:s,s:s,s:o,s:s}", "person_id", (json_int_t)person.id,
                                   "household_id", (json_int_t)x->household_id, "name", person.name,
                                   "village", x->village, "rules", rules, "reasons", why))
               ? PL_ENOMEM
               : 0;
}

/* GET /programs/{code}/refused?period=P&region=R */
int pl_h_program_refused(pl_http_req *r)
{
    pl_program p;
    char region[PL_REGION_CODE_MAX];
    const char *period = pl_http_query(r, "period");
    int rc = load_program(r, &p);
    if (rc || (rc = period_arg(r, period)) ||
        (rc = scoped_region(r, pl_http_query(r, "region"), region)))
        return rc;
    refused_ctx k = {r, json_array()};
    long total = 0;
    if ((rc = pl_program_refused(r->store, &p, period, region, REFUSED_MAX, add_refused, &k, &total,
                                 &r->err))) {
        json_decref(k.items);
        return rc;
    }
    return pl_http_reply_json(r, 200,
                              json_pack("{s:s,s:s,s:s,s:I,s:o}", "program", p.code, "period",
                                        period, "region", region, "total", (json_int_t)total,
                                        "items", k.items));
}

/* POST /programs/{code}/check {"period"}: runs the integrity checks; findings via GET. */
int pl_h_program_check(pl_http_req *r)
{
    pl_program p;
    json_t *body = NULL;
    const char *period = NULL;
    int rc = load_program(r, &p);
    if (rc || (rc = pl_http_json_body(r, &body)))
        return rc;
    long n = 0;
    if ((rc = pl_http_json_str(r, body, "period", &period)) || (rc = period_arg(r, period)) ||
        (rc = pl_store_program_check(r->store, &p, period, 0.8, NULL, NULL, &n, &r->err)))
        goto out;
    /* The count covers the whole program: only callers without a scope get it. */
    json_t *o = json_pack("{s:s,s:s}", "program", p.code, "period", period);
    if (o && r->user.scope[0] == '\0')
        json_object_set_new(o, "findings", json_integer(n));
    rc = pl_http_reply_json(r, 200, o);
out:
    json_decref(body);
    return rc;
}

/* ------------------------------------------------------------------ batches */

typedef struct count_ctx {
    long items;
    int64_t amount;
    json_t *totals; /* or NULL */
} count_ctx;

static int count_total(void *ctx, const pl_batch_total *t)
{
    count_ctx *k = ctx;
    k->items += t->items;
    k->amount += t->amount;
    if (k->totals && json_array_append_new(k->totals, pl_json_batch_total(t)))
        return PL_ENOMEM;
    return 0;
}

/*
 * The batch of path parameter 0 as the caller may see it: items and total
 * counted inside the scope; 404 when no item lies inside it. whole: the
 * caller must see every item (a write), else 403. totals (may be NULL)
 * receives the per-region totals inside the scope.
 */
static int load_batch(pl_http_req *r, pl_batch *b, bool whole, json_t *totals)
{
    int64_t id;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc)
        return rc;
    if ((rc = pl_store_batch_get(r->store, b, id, &r->err)))
        goto out;
    count_ctx k = {0, 0, totals};
    if ((rc = pl_store_batch_totals(r->store, id, r->user.scope, count_total, &k, &r->err)))
        goto out;
    if (r->user.scope[0] == '\0')
        return 0;
    if (k.items == 0) {
        rc = PL_ENOTFOUND;
        goto out;
    }
    if (whole && k.items != b->items)
        return pl_error_set(&r->err, PL_EDENIED, "batch",
                            "batch #%lld memuat penerima di luar cakupan Anda; hanya "
                            "administrator yang dapat memprosesnya",
                            (long long)id);
    b->items = k.items;
    b->total = k.amount;
    return 0;
out:
    if (rc == PL_ENOTFOUND)
        return pl_error_set(&r->err, PL_ENOTFOUND, "id", "batch id %lld tidak ditemukan",
                            (long long)id);
    return rc;
}

typedef struct list_ctx {
    pl_http_req *r;
    json_t *items;
} list_ctx;

static int add_batch(void *ctx, const pl_batch *b0)
{
    list_ctx *k = ctx;
    pl_batch b = *b0;
    if (k->r->user.scope[0]) {
        count_ctx c = {0, 0, NULL};
        int rc =
            pl_store_batch_totals(k->r->store, b.id, k->r->user.scope, count_total, &c, &k->r->err);
        if (rc)
            return rc;
        if (c.items == 0)
            return 0; /* a batch of other regions is not listed */
        b.items = c.items;
        b.total = c.amount;
    }
    json_t *o = pl_json_batch(&b);
    if (o)
        json_object_set_new(o, "created_at", json_string(b.created_at));
    return json_array_append_new(k->items, o) ? PL_ENOMEM : 0;
}

/* GET /batches?program=CODE&period=P */
int pl_h_batches(pl_http_req *r)
{
    const char *code = pl_http_query(r, "program"), *period = pl_http_query(r, "period");
    int64_t program_id = 0;
    if (code && code[0]) {
        pl_program p;
        if (strlen(code) >= PL_PROGRAM_CODE_MAX)
            return pl_error_set(&r->err, PL_ENOTFOUND, "program", "program tidak ada");
        int rc = pl_store_program_get(r->store, &p, code, &r->err);
        if (rc)
            return rc;
        program_id = p.id;
    }
    if (period && strlen(period) > 11)
        return pl_error_set(&r->err, PL_EINVAL, "period", "periode tidak sah");
    list_ctx k = {r, json_array()};
    int rc = pl_store_batch_list(r->store, program_id, period, add_batch, &k, &r->err);
    if (rc) {
        json_decref(k.items);
        return rc;
    }
    return pl_http_reply_page(r, k.items, NULL);
}

/* POST /programs/{code}/batches {"period"} */
int pl_h_batch_create(pl_http_req *r)
{
    pl_program p;
    json_t *body = NULL;
    const char *period = NULL;
    int rc = load_program(r, &p);
    if (rc || (rc = pl_http_json_body(r, &body)))
        return rc;
    if ((rc = pl_http_json_str(r, body, "period", &period)) || (rc = period_arg(r, period)))
        goto out;
    if (r->user.scope[0]) {
        /* A batch covers the whole program: only when its regions lie inside the scope. */
        bool inside = p.rule.regions[0][0] != '\0';
        for (int i = 0; inside && i < PL_PROGRAM_LIST_MAX && p.rule.regions[i][0]; i++)
            inside = pl_region_code_in_scope(p.rule.regions[i], r->user.scope);
        if (!inside) {
            rc = pl_error_set(&r->err, PL_EDENIED, "program",
                              "program %s mencakup wilayah di luar cakupan Anda; batchnya dibuat "
                              "oleh administrator",
                              p.name);
            goto out;
        }
    }
    pl_disburse_created c;
    if ((rc = pl_disburse_create(&c, r->store, &r->actor, &p, period, 0.8, &r->err)))
        goto out;
    json_t *o = pl_json_batch(&c.batch);
    if (o) {
        json_object_set_new(o, "findings", json_integer(c.findings));
        json_object_set_new(o, "skipped_findings", json_integer(c.skipped_findings));
        json_object_set_new(o, "skipped_no_account", json_integer(c.skipped_no_account));
    }
    rc = pl_http_reply_json(r, 201, o);
out:
    json_decref(body);
    return rc;
}

/* POST /batches/{id}/approve */
int pl_h_batch_approve(pl_http_req *r)
{
    pl_batch b;
    int rc = load_batch(r, &b, true, NULL);
    if (rc || (rc = pl_disburse_approve(r->store, &r->actor, b.id, &r->err)) ||
        (rc = pl_store_batch_get(r->store, &b, b.id, &r->err)))
        return rc;
    return pl_http_reply_json(r, 200, pl_json_batch(&b));
}

/* POST /batches/{id}/transfer-file: the bank's CSV (the batch becomes exported). */
int pl_h_batch_transfer_file(pl_http_req *r)
{
    pl_batch b;
    int rc = load_batch(r, &b, true, NULL);
    if (rc)
        return rc;
    /* Written in the data directory (0600), opened, unlinked at once and sent. */
    char path[4400];
    if ((rc = pl_http_tmp_path(r, "transfer", "csv", path, sizeof path)))
        return rc;
    long rows = 0;
    rc = pl_disburse_export(r->store, &r->actor, b.id, path, &rows, &r->err);
    if ((rc = pl_http_send_tmp(r, rc, path, PL_HTTP_TYPE_CSV, "transfer")))
        return rc;
    char disp[128], n[24];
    snprintf(disp, sizeof disp, "attachment; filename=\"transfer-%s-%s-%lld.csv\"", b.program_code,
             b.period, (long long)b.id);
    snprintf(n, sizeof n, "%ld", rows);
    pl_http_header(r, "Content-Disposition", disp);
    pl_http_header(r, "X-Pilar-Rows", n);
    r->status = 200;
    return 0;
}

typedef struct failed_ctx {
    pl_http_req *r;
    json_t *items;
} failed_ctx;

/* Collects an item the bank did not pay (failed or returned), read-audited. */
static int add_failed(void *ctx, const pl_batch_item *it)
{
    failed_ctx *k = ctx;
    if (strcmp(it->status, "failed") && strcmp(it->status, "returned"))
        return 0;
    if (it->person_id)
        pl_http_audit_read(k->r, "person", it->person_id);
    else if (it->household_id)
        pl_http_audit_read(k->r, "household", it->household_id);
    return json_array_append_new(k->items, pl_json_batch_item(it)) ? PL_ENOMEM : 0;
}

/* POST /batches/{id}/reconcile: the bank's status file (multipart "file" or raw CSV/XLSX). */
int pl_h_batch_reconcile(pl_http_req *r)
{
    pl_batch b;
    int rc = load_batch(r, &b, true, NULL);
    if (rc)
        return rc;
    if (r->upload_path == NULL || r->body_len == 0)
        return pl_error_set(&r->err, PL_EINVAL, "file", "berkas status bank kosong atau tidak ada");
    pl_reconcile_result x;
    if ((rc = pl_disburse_reconcile(&x, r->store, &r->actor, b.id, r->upload_path, &r->err)))
        return rc;
    json_t *totals = json_array();
    if ((rc = load_batch(r, &b, false, totals))) {
        json_decref(totals);
        return rc;
    }
    /* Who was not paid, how much and why: the items failed or returned after this file. */
    failed_ctx k = {r, json_array()};
    if ((rc = pl_store_batch_items(r->store, b.id, add_failed, &k, &r->err))) {
        json_decref(k.items);
        json_decref(totals);
        return rc;
    }
    json_t *o = pl_json_batch(&b);
    if (o) {
        json_object_set_new(o, "totals", totals);
        json_object_set_new(o, "unpaid", k.items);
        json_object_set_new(o, "reconcile",
                            json_pack("{s:I,s:I,s:I,s:I,s:I,s:b}", "paid", (json_int_t)x.paid,
                                      "failed", (json_int_t)x.failed, "returned",
                                      (json_int_t)x.returned, "unknown", (json_int_t)x.unknown,
                                      "pending", (json_int_t)x.pending, "reconciled",
                                      x.reconciled));
    } else {
        json_decref(totals);
        json_decref(k.items);
    }
    return pl_http_reply_json(r, 200, o);
}
