/* h_me.c - what a signed-in user does to their own account: change the password. */
#include "http/handlers.h"
#include "io/record_json.h"
#include "service/password.h"

#include <string.h>

int pl_h_me_password(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v)
    {
        if (strcmp(key, "current_password") && strcmp(key, "new_password")) {
            rc = pl_error_set(&r->err, PL_EINVAL, key, "isian '%s' tidak dikenal", key);
            goto out;
        }
    }
    const char *current = NULL, *next = NULL;
    if ((rc = pl_http_json_str(r, in, "current_password", &current)) ||
        (rc = pl_http_json_str(r, in, "new_password", &next)))
        goto out;
    pl_user u;
    if ((rc = pl_password_change(&u, r->store, &r->actor, r->user.username, current, next,
                                 pl_http_pwhash_cost(r->srv), &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 200, pl_json_user(&u));
out:
    json_decref(in);
    return rc;
}
