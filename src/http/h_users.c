/* h_users.c - accounts over the API (admin only). */
#include "http/handlers.h"
#include "io/record_json.h"
#include "service/user.h"
#include "store/auth.h"

#include <microhttpd.h>
#include <string.h>
#include <strings.h>

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

/*
 * POST /me/password {"current_password","new_password"}: the caller changes
 * its own password. Its other sessions end and its API tokens are revoked;
 * the session making the change stays (a caller with a token: every session
 * ends, the token too).
 */
int pl_h_me_password(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    const char *cur = NULL, *next = NULL;
    if ((rc = pl_http_json_str(r, in, "current_password", &cur)) ||
        (rc = pl_http_json_str(r, in, "new_password", &next)))
        goto out;
    if (cur == NULL || next == NULL) {
        rc = pl_error_set(&r->err, PL_EINVAL, cur ? "new_password" : "current_password",
                          "current_password dan new_password wajib diisi");
        goto out;
    }
    const char *sid = NULL;
    if (r->by_cookie)
        sid = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "pilar_session");
    rc = pl_user_password_change(r->store, &r->actor, &r->user, cur, next, sid,
                                 pl_http_pwhash_cost(r->srv), &r->err);
    if (rc == PL_EDENIED) {
        rc = pl_http_fail(r, 403, "denied", "current_password", "%s", r->err.message);
        goto out;
    }
    if (rc == 0)
        rc = pl_http_reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
out:
    json_decref(in);
    return rc;
}

static int add_token(void *ctx, const pl_token_info *t)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:o,s:o,s:b}", "id", (json_int_t)t->id, "label", t->label,
                          "created_at", t->created_at, "expires_at",
                          t->expires_at[0] ? json_string(t->expires_at) : json_null(), "revoked_at",
                          t->revoked_at[0] ? json_string(t->revoked_at) : json_null(), "live",
                          !t->revoked_at[0] && !t->expired);
    return json_array_append_new(ctx, o) ? PL_ENOMEM : 0;
}

/* GET /me/tokens: the caller's API tokens with their expiry (never the tokens themselves). */
int pl_h_me_tokens(pl_http_req *r)
{
    json_t *items = json_array();
    int rc = pl_store_token_list(r->store, r->user.username, add_token, items, &r->err);
    if (rc) {
        json_decref(items);
        return rc;
    }
    return pl_http_reply_page(r, items, NULL);
}

/*
 * POST /tokens/rotate: replaces the bearer token of the request by a new
 * one (same label and lifetime from now), shown once; the old one stops
 * working at once.
 */
int pl_h_token_rotate(pl_http_req *r)
{
    const char *auth = pl_http_header_in(r, MHD_HTTP_HEADER_AUTHORIZATION);
    if (r->by_cookie || auth == NULL || strncasecmp(auth, "Bearer ", 7) != 0)
        return pl_http_fail(r, 400, "invalid", "",
                            "hanya untuk permintaan dengan token (Authorization: Bearer)");
    const char *tok = auth + 7;
    while (*tok == ' ')
        tok++;
    char token[PL_AUTH_TOKEN_MAX];
    pl_token_info t;
    int rc = pl_user_token_rotate(r->store, &r->actor, &t, token, NULL, 0, tok, &r->err);
    if (rc == 0)
        rc = pl_http_reply_json(r, 200,
                                json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)t.id, "token",
                                          token, "label", t.label, "expires_at", t.expires_at));
    pl_auth_wipe(token, sizeof token);
    return rc;
}
