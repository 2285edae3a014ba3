/* h_users.c - accounts over the API (admin only). */
#include "http/auth.h"
#include "http/handlers.h"

json_t *pl_h_user_json(const pl_user *u)
{
    return json_pack("{s:I,s:s,s:s,s:s,s:b,s:I,s:s}", "id", (json_int_t)u->id, "username",
                     u->username, "role", u->role, "scope", u->scope, "disabled", u->disabled,
                     "version", (json_int_t)u->version, "created_at", u->created_at);
}

static int add_user(void *ctx, const pl_user *u)
{
    return json_array_append_new(ctx, pl_h_user_json(u)) ? PL_ENOMEM : 0;
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
    const char *name, *role, *scope, *pass;
    if ((rc = pl_http_json_str(r, in, "username", &name)) ||
        (rc = pl_http_json_str(r, in, "role", &role)) ||
        (rc = pl_http_json_str(r, in, "scope", &scope)) ||
        (rc = pl_http_json_str(r, in, "password", &pass)))
        goto out;
    pl_user u = {0};
    char hash[PL_PWHASH_MAX];
    if ((rc = pl_auth_username_check(name ? name : "", &r->err)) ||
        (rc = pl_auth_role_scope_check(role ? role : "", scope, u.scope, &r->err)))
        goto out;
    if (pass == NULL) {
        rc = pl_error_set(&r->err, PL_EINVAL, "password", "password wajib diisi");
        goto out;
    }
    if ((rc = pl_auth_password_hash(hash, pass, &r->err)))
        goto out;
    snprintf(u.username, sizeof u.username, "%s", name);
    snprintf(u.role, sizeof u.role, "%s", role);
    if ((rc = pl_store_user_add(r->store, &r->actor, &u, hash, &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 201, pl_h_user_json(&u));
out:
    json_decref(in);
    return rc;
}
