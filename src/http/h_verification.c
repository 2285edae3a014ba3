/* h_verification.c - verify / reject people, one at a time or in bulk, and the queue. */
#include "http/handlers.h"
#include "io/record_json.h"
#include "store/person.h"
#include "store/store.h"
#include "service/verify.h"

#include <string.h>

#define BULK_MAX 1000

static int single(pl_http_req *r, const char *state)
{
    int64_t id;
    json_t *in = NULL;
    pl_verify_request rq = {.state = state, .ids = &id, .n_ids = 1};
    int rc = pl_http_param_id(r, 0, &id);
    if (rc)
        return rc;
    /* verify may come without a body; reject needs {"reason": "..."} */
    if (r->body_len > 0 || strcmp(state, PL_STATE_REJECTED) == 0) {
        if ((rc = pl_http_json_body(r, &in)) ||
            (rc = pl_http_json_str(r, in, "reason", &rq.reason)))
            goto out;
    }
    size_t n;
    pl_person p;
    if ((rc = pl_verify_decide(&n, r->store, &r->actor, r->user.scope, &rq, &r->err)) ||
        (rc = pl_store_person_get(r->store, &p, id, &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 200, pl_json_person(&p, pl_http_json_opts(r)));
out:
    json_decref(in);
    return rc;
}

int pl_h_person_verify(pl_http_req *r)
{
    return single(r, PL_STATE_VERIFIED);
}

int pl_h_person_reject(pl_http_req *r)
{
    return single(r, PL_STATE_REJECTED);
}

int pl_h_verification_queue(pl_http_req *r)
{
    return pl_h_people_query(r, true);
}

int pl_h_verification_bulk(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    json_t *list = json_object_get(in, "ids");
    const char *action = NULL;
    pl_verify_request rq = {0};
    int64_t ids[BULK_MAX];
    if ((rc = pl_http_json_str(r, in, "action", &action)) ||
        (rc = pl_http_json_str(r, in, "reason", &rq.reason)))
        goto out;
    if (action && strcmp(action, "verify") == 0)
        rq.state = PL_STATE_VERIFIED;
    else if (action && strcmp(action, "reject") == 0)
        rq.state = PL_STATE_REJECTED;
    if (rq.state == NULL) {
        rc = pl_error_set(&r->err, PL_EINVAL, "action", "action harus verify atau reject");
        goto out;
    }
    if (!json_is_array(list) || json_array_size(list) == 0 || json_array_size(list) > BULK_MAX) {
        rc = pl_error_set(&r->err, PL_EINVAL, "ids", "ids harus daftar 1 sampai %d id", BULK_MAX);
        goto out;
    }
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        if (!json_is_integer(v) || json_integer_value(v) < 1) {
            rc = pl_error_set(&r->err, PL_EINVAL, "ids", "ids[%zu] bukan id", i);
            goto out;
        }
        ids[i] = json_integer_value(v);
    }
    rq.ids = ids;
    rq.n_ids = json_array_size(list);
    /* All or nothing: one id outside the scope or unknown stops the whole batch. */
    size_t n;
    if ((rc = pl_verify_decide(&n, r->store, &r->actor, r->user.scope, &rq, &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 200, json_pack("{s:s,s:i}", "status", rq.state, "count", (int)n));
out:
    json_decref(in);
    return rc;
}
