/*
 * h_approvals.c - period sign-off of a regency and its re-opening
 * (service/approval.h), and the statistics office indicator upload
 * (service/indicator.h), for the web UI. Both work inside the caller's
 * scope; the store audits every change. The upload reaches the handler as
 * the 0600 file the server streamed it into (r->upload_path).
 */
#include "http/handlers.h"
#include "io/rakor_json.h"
#include "service/approval.h"
#include "service/indicator.h"
#include "store/approval.h"

#include <stdio.h>
#include <string.h>

#define REJECTS_MAX 500 /* refused indicator rows listed in one answer */

static json_t *approval_json(const pl_approval *a)
{
    bool active = a->reopened_at[0] == '\0';
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b}", "id", (json_int_t)a->id,
                          "region", a->region, "period", a->period, "date_from", a->date_from,
                          "date_to", a->date_to, "approved_by", a->approved_by, "approved_at",
                          a->approved_at, "note", a->note, "active", active);
    if (o)
        json_object_set_new(o, "reopened",
                            active ? json_null()
                                   : json_pack("{s:s,s:s,s:s}", "by", a->reopened_by, "at",
                                               a->reopened_at, "reason", a->reopen_reason));
    return o;
}

static int add_approval(void *ctx, const pl_approval *a)
{
    return json_array_append_new(ctx, approval_json(a)) ? PL_ENOMEM : 0;
}

/* GET /approvals?region=R&period=P&active=1 */
int pl_h_approvals(pl_http_req *r)
{
    char region[PL_REGION_CODE_MAX];
    int rc = pl_http_region_param(r, "region", region);
    if (rc)
        return rc;
    if (region[0] && !pl_region_code_in_scope(region, r->user.scope) &&
        !pl_region_code_in_scope(r->user.scope, region))
        return pl_error_set(&r->err, PL_EDENIED, "region", "wilayah %s di luar cakupan Anda",
                            region);
    /* The narrower of the region asked for and the scope. */
    const char *within =
        region[0] && pl_region_code_in_scope(region, r->user.scope) ? region : r->user.scope;
    const char *period = pl_http_query(r, "period"), *active = pl_http_query(r, "active");
    if (period && (period[0] == '\0' || strlen(period) > 11))
        period = NULL;
    json_t *items = json_array();
    if ((rc = pl_store_approval_list(r->store, r->user.scope, within, period,
                                     active && strcmp(active, "1") == 0, add_approval, items,
                                     &r->err))) {
        json_decref(items);
        return rc;
    }
    return pl_http_reply_page(r, items, NULL);
}

/* Reads region, period and the text member key of the body. */
static int approval_body(pl_http_req *r, json_t **body, const char **region, const char **period,
                         const char *key, const char **text)
{
    int rc = pl_http_json_body(r, body);
    if (rc == 0 && (rc = pl_http_json_str(r, *body, "region", region)) == 0 &&
        (rc = pl_http_json_str(r, *body, "period", period)) == 0)
        rc = pl_http_json_str(r, *body, key, text);
    return rc;
}

/* Names the request's members in the service's errors (wilayah -> region, ...). */
static int body_field(pl_http_req *r, int rc)
{
    static const char *const map[][2] = {
        {"wilayah", "region"}, {"periode", "period"}, {"alasan", "reason"}};
    for (size_t i = 0; rc && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(r->err.field, map[i][0]) == 0)
            snprintf(r->err.field, sizeof r->err.field, "%s", map[i][1]);
    return rc;
}

/* POST /approvals {"region","period","note"?} */
int pl_h_approval_sign(pl_http_req *r)
{
    json_t *body = NULL;
    const char *region = NULL, *period = NULL, *note = NULL;
    pl_approval a;
    int rc = approval_body(r, &body, &region, &period, "note", &note);
    if (rc == 0)
        rc = body_field(r, pl_approval_sign(&a, r->store, &r->actor, r->user.scope, region, period,
                                            note, &r->err));
    if (rc == 0)
        rc = pl_http_reply_json(r, 201, approval_json(&a));
    json_decref(body);
    return rc;
}

/* POST /approvals/reopen {"region","period","reason"} */
int pl_h_approval_reopen(pl_http_req *r)
{
    json_t *body = NULL;
    const char *region = NULL, *period = NULL, *reason = NULL;
    pl_approval a;
    int rc = approval_body(r, &body, &region, &period, "reason", &reason);
    if (rc == 0)
        rc = body_field(r, pl_approval_reopen(&a, r->store, &r->actor, r->user.scope, region,
                                              period, reason, &r->err));
    if (rc == 0)
        rc = pl_http_reply_json(
            r, 200,
            json_pack("{s:s,s:s,s:b}", "region", a.region, "period", a.period, "active", 0));
    json_decref(body);
    return rc;
}

static int add_reject(void *ctx, long row, const char *column, const char *reason)
{
    json_t *list = ctx;
    if (json_array_size(list) >= REJECTS_MAX)
        return 0;
    return json_array_append_new(list, json_pack("{s:I,s:s,s:s}", "row", (json_int_t)row, "column",
                                                 column, "reason", reason))
               ? PL_ENOMEM
               : 0;
}

/* POST /indicators/import?dry_run=1: the indicator table (multipart "file" or raw CSV/XLSX). */
int pl_h_indicator_import(pl_http_req *r)
{
    if (r->upload_path == NULL || r->body_len == 0)
        return pl_error_set(&r->err, PL_EINVAL, "file",
                            "berkas kosong atau kolom 'file' tidak ada");
    const char *dry = pl_http_query(r, "dry_run");
    bool dry_run = dry && (strcmp(dry, "1") == 0 || strcmp(dry, "true") == 0);
    json_t *rejects = json_array();
    pl_indicator_import_result x;
    int rc = pl_indicator_import(&x, r->store, &r->actor, r->user.scope, r->upload_path, dry_run,
                                 add_reject, rejects, &r->err);
    if (rc) {
        json_decref(rejects);
        return rc;
    }
    return pl_http_reply_json(r, 200,
                              json_pack("{s:b,s:I,s:I,s:I,s:o}", "dry_run", dry_run, "stored",
                                        (json_int_t)x.stored, "replaced", (json_int_t)x.replaced,
                                        "rejected", (json_int_t)x.rejected, "rejects", rejects));
}
