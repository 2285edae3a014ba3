/* h_users.c - accounts over the API (admin only). */
#include "http/auth.h"
#include "http/handlers.h"

#include <string.h>

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

struct find_id {
    int64_t id;
    pl_user *out;
    bool found;
};

static int match_id(void *ctx, const pl_user *u)
{
    struct find_id *f = ctx;
    if (u->id == f->id) {
        *f->out = *u;
        f->found = true;
    }
    return 0;
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
    pl_user u = {0};
    struct find_id f = {.out = &u};
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_http_json_body(r, &in)))
        goto out;
    json_t *dis = json_object_get(in, "disabled");
    const char *pass = NULL;
    if ((rc = pl_http_json_str(r, in, "password", &pass)))
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
    if (dis == NULL && pass == NULL) {
        rc = pl_error_set(&r->err, PL_EINVAL, "", "isi disabled dan/atau password");
        goto out;
    }
    f.id = id;
    if ((rc = pl_store_user_list(r->store, match_id, &f, &r->err)))
        goto out;
    if (!f.found) {
        rc = pl_error_set(&r->err, PL_ENOTFOUND, "id", "pengguna id %lld tidak ditemukan",
                          (long long)id);
        goto out;
    }
    if (dis && json_is_true(dis) && u.id == r->user.id) {
        rc = pl_error_set(&r->err, PL_EINVAL, "disabled",
                          "akun yang sedang dipakai tidak dapat dinonaktifkan");
        goto out;
    }
    if (pass) {
        char hash[PL_PWHASH_MAX];
        if ((rc = pl_auth_password_hash(hash, pass, &r->err)))
            goto out;
        if ((rc = pl_store_user_set_password(r->store, &r->actor, u.username, hash, &r->err)))
            goto out;
    }
    if (dis && (rc = pl_store_user_set_disabled(r->store, &r->actor, u.username, json_is_true(dis),
                                                &r->err)))
        goto out;
    if ((rc = pl_store_user_get(r->store, &u, u.username, NULL, 0, &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 200, pl_h_user_json(&u));
out:
    json_decref(in);
    return rc;
}
