/* h_verification.c - verify / reject people, one at a time or in bulk, and the queue. */
#include "http/handlers.h"
#include "io/record_json.h"
#include "store/person.h"
#include "store/store.h"

#include <string.h>

#define BULK_MAX 1000

/* Sets the state of one person inside the caller's scope. */
static int set_state(pl_http_req *r, int64_t id, const char *state, const char *reason)
{
    pl_person p;
    int rc = pl_store_person_get(r->store, &p, id, &r->err);
    if (rc == 0 && !pl_http_in_scope(r, p.village_code))
        rc = PL_ENOTFOUND;
    if (rc == PL_ENOTFOUND)
        return pl_error_set(&r->err, PL_ENOTFOUND, "id", "orang id %lld tidak ditemukan",
                            (long long)id);
    if (rc)
        return rc;
    return pl_store_person_set_state(r->store, &r->actor, id, state, reason, &r->err);
}

static int single(pl_http_req *r, const char *state)
{
    int64_t id;
    json_t *in = NULL;
    const char *reason = NULL;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc)
        return rc;
    /* verify may come without a body; reject needs {"reason": "..."} */
    if (r->body_len > 0 || strcmp(state, PL_STATE_REJECTED) == 0) {
        if ((rc = pl_http_json_body(r, &in)) || (rc = pl_http_json_str(r, in, "reason", &reason)))
            goto out;
    }
    if ((rc = set_state(r, id, state, reason)))
        goto out;
    pl_person p;
    if ((rc = pl_store_person_get(r->store, &p, id, &r->err)))
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
    return pl_h_people_query(r, PL_STATE_DRAFT);
}

int pl_h_verification_bulk(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    json_t *ids = json_object_get(in, "ids");
    const char *action = NULL, *reason = NULL;
    const char *state = NULL;
    if ((rc = pl_http_json_str(r, in, "action", &action)) ||
        (rc = pl_http_json_str(r, in, "reason", &reason)))
        goto out;
    if (action && strcmp(action, "verify") == 0)
        state = PL_STATE_VERIFIED;
    else if (action && strcmp(action, "reject") == 0)
        state = PL_STATE_REJECTED;
    if (state == NULL) {
        rc = pl_error_set(&r->err, PL_EINVAL, "action", "action harus verify atau reject");
        goto out;
    }
    if (!json_is_array(ids) || json_array_size(ids) == 0 || json_array_size(ids) > BULK_MAX) {
        rc = pl_error_set(&r->err, PL_EINVAL, "ids", "ids harus daftar 1 sampai %d id", BULK_MAX);
        goto out;
    }
    /* All or nothing: one id outside the scope or unknown stops the whole batch. */
    if ((rc = pl_store_begin(r->store, &r->err)))
        goto out;
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v)
    {
        if (!json_is_integer(v) || json_integer_value(v) < 1) {
            rc = pl_error_set(&r->err, PL_EINVAL, "ids", "ids[%zu] bukan id", i);
            break;
        }
        if ((rc = set_state(r, json_integer_value(v), state, reason)))
            break;
    }
    if (rc == 0)
        rc = pl_store_commit(r->store, &r->err);
    if (rc) {
        pl_store_rollback(r->store);
        goto out;
    }
    rc = pl_http_reply_json(
        r, 200, json_pack("{s:s,s:i}", "status", state, "count", (int)json_array_size(ids)));
out:
    json_decref(in);
    return rc;
}
