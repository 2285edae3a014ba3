/*
 * h_transfers.c - transfer requests (service/transfer.h): the owning office
 * lists and resolves them; a submitter sees only its own, and of them only
 * what it sent and the status. A request neither owned nor submitted by the
 * caller answers 404 like an absent one.
 */
#include "http/handlers.h"
#include "io/transfer_json.h"
#include "service/transfer.h"
#include "store/transfer.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static json_t *transfer_json(pl_http_req *r, const pl_transfer *t)
{
    pl_transfer_view v = pl_transfer_view_of(t, r->user.username, r->user.scope);
    return pl_json_transfer(t, v == PL_TRANSFER_VIEW_OWNER, pl_transfer_status_note(t->status));
}

int pl_h_transfer_waiting(pl_http_req *r, int64_t id)
{
    return pl_http_reply_json(r, 202,
                              json_pack("{s:s,s:I,s:s}", "status", PL_TRANSFER_WAITING,
                                        "transfer_id", (json_int_t)id, "note",
                                        pl_transfer_status_note(PL_TRANSFER_WAITING)));
}

typedef struct list_ctx {
    pl_http_req *r;
    json_t *items;
    int n;
    int64_t last;
} list_ctx;

static int add_transfer(void *ctx, const pl_transfer *t)
{
    list_ctx *l = ctx;
    l->n++;
    l->last = t->id;
    json_t *o = transfer_json(l->r, t);
    return o == NULL || json_array_append_new(l->items, o) ? PL_ENOMEM : 0;
}

int pl_h_transfers(pl_http_req *r)
{
    pl_transfer_query q = {.owner_scope = r->user.scope, .submitter = r->user.username};
    int rc = pl_http_paging(r, &q.limit, &q.after_id);
    if (rc)
        return rc;
    q.status = pl_http_query(r, "status");
    if (q.status && strcmp(q.status, PL_TRANSFER_WAITING) && strcmp(q.status, PL_TRANSFER_MOVED) &&
        strcmp(q.status, PL_TRANSFER_DIFFERENT))
        return pl_error_set(&r->err, PL_EINVAL, "status", "status harus %s, %s atau %s",
                            PL_TRANSFER_WAITING, PL_TRANSFER_MOVED, PL_TRANSFER_DIFFERENT);
    list_ctx l = {r, json_array(), 0, 0};
    if ((rc = pl_store_transfer_list(r->store, &q, add_transfer, &l, &r->err))) {
        json_decref(l.items);
        return rc;
    }
    char next[24];
    snprintf(next, sizeof next, "%lld", (long long)l.last);
    return pl_http_reply_page(r, l.items, l.n == q.limit ? next : NULL);
}

int pl_h_transfer_get(pl_http_req *r)
{
    int64_t id;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc)
        return rc;
    pl_transfer t;
    pl_transfer_view v;
    if ((rc = pl_transfer_get(r->store, &t, &v, id, r->user.username, r->user.scope, &r->err)))
        return rc;
    return pl_http_reply_json(r, 200, transfer_json(r, &t));
}

int pl_h_transfer_resolve(pl_http_req *r)
{
    int64_t id;
    json_t *in = NULL;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_http_json_body(r, &in)))
        return rc;
    const char *decision, *reason;
    if ((rc = pl_http_json_str(r, in, "decision", &decision)) ||
        (rc = pl_http_json_str(r, in, "reason", &reason)))
        goto out;
    if (decision == NULL ||
        (strcmp(decision, PL_TRANSFER_MOVED) && strcmp(decision, PL_TRANSFER_DIFFERENT))) {
        rc = pl_error_set(&r->err, PL_EINVAL, "decision", "decision harus %s atau %s",
                          PL_TRANSFER_MOVED, PL_TRANSFER_DIFFERENT);
        goto out;
    }
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    pl_date today = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    pl_transfer t;
    if ((rc = pl_transfer_resolve(r->store, &r->actor, r->user.username, r->user.scope, id,
                                  strcmp(decision, PL_TRANSFER_MOVED) == 0, reason, &today, &t,
                                  &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 200, transfer_json(r, &t));
out:
    json_decref(in);
    return rc;
}
