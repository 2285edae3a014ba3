/* h_users.c - accounts over the API (admin only). */
#include "http/handlers.h"
#include "io/record_json.h"
#include "service/user.h"
#include "store/auth.h"

#include <string.h>

static int add_user(void *ctx, const pl_user *u)
{
    return json_array_append_new(ctx, pl_json_user(u)) ? PL_ENOMEM : 0;
}

int pl_h_users(pl_http_req *r)
{
    json_t *items = json_array();
    int rc = pl_store_user_list(r->store, add_user, items, &r->err);
    if (rc) {
        json_decref(items);
        return rc;
    }
    return pl_http_reply_page(r, items, NULL);
}

int pl_h_user_add(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    pl_user_new nu = {0};
    pl_user u;
    if ((rc = pl_http_json_str(r, in, "username", &nu.username)) ||
        (rc = pl_http_json_str(r, in, "role", &nu.role)) ||
        (rc = pl_http_json_str(r, in, "scope", &nu.scope)) ||
        (rc = pl_http_json_str(r, in, "password", &nu.password)))
        goto out;
    if ((rc = pl_user_add(r->store, &r->actor, &u, &nu, pl_http_pwhash_cost(r->srv), &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 201, pl_json_user(&u));
out:
    json_decref(in);
    return rc;
}

/*
 * PATCH /users/{id} {"disabled":bool, "password":"..."}: disables or
 * re-enables an account and/or replaces its password (admin only, audited by
 * the store; disabling ends the account's sessions).
 */
int pl_h_user_patch(pl_http_req *r)
{
    int64_t id;
    json_t *in = NULL;
    pl_user u;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_http_json_body(r, &in)))
        goto out;
    json_t *dis = json_object_get(in, "disabled");
    pl_user_change chg = {.disabled = -1};
    if ((rc = pl_http_json_str(r, in, "password", &chg.password)))
        goto out;
    const char *key;
    json_t *val;
    json_object_foreach(in, key, val)
    {
        if (strcmp(key, "disabled") && strcmp(key, "password")) {
            rc = pl_error_set(&r->err, PL_EINVAL, key, "kolom %s tidak dapat diubah", key);
            goto out;
        }
    }
    if (dis && !json_is_boolean(dis)) {
        rc = pl_error_set(&r->err, PL_EINVAL, "disabled", "disabled harus true atau false");
        goto out;
    }
    if (dis == NULL && chg.password == NULL) {
        rc = pl_error_set(&r->err, PL_EINVAL, "", "isi disabled dan/atau password");
        goto out;
    }
    if (dis)
        chg.disabled = json_is_true(dis) ? 1 : 0;
    if ((rc = pl_user_update(r->store, &r->actor, &u, id, NULL, &chg, pl_http_pwhash_cost(r->srv),
                             &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 200, pl_json_user(&u));
out:
    json_decref(in);
    return rc;
}
