/* h_session.c - health check, login with rate limit, logout, the caller. */
#include "http/auth.h"
#include "http/handlers.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SESSION_TTL (8 * 3600)
#define FAIL_WINDOW (15 * 60)
#define FAIL_MAX_USER 5
#define FAIL_MAX_ADDR 20

int pl_h_healthz(pl_http_req *r)
{
    return pl_http_reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

/* 429 with Retry-After when key has too many recent failures. */
static int rate_check(pl_http_req *r, const char *key, int max)
{
    int count = 0, retry = 0;
    int rc = pl_store_login_failures(r->store, key, FAIL_WINDOW, &count, &retry, &r->err);
    if (rc)
        return rc;
    if (count < max)
        return 0;
    char v[16];
    snprintf(v, sizeof v, "%d", retry);
    pl_http_header(r, "Retry-After", v);
    return pl_http_fail(r, 429, "too_many_requests", "",
                        "terlalu banyak percobaan masuk yang gagal; coba lagi dalam %d detik",
                        retry);
}

static void audit_login(pl_http_req *r, const char *action, int64_t user_id, const char *name)
{
    json_t *a = json_pack("{s:s}", "username", name);
    char *txt = a ? json_dumps(a, JSON_COMPACT) : NULL;
    pl_actor who = {name[0] ? name : "anonim", r->client};
    pl_error e;
    pl_store_audit_add(r->store, &who, action, "app_user", user_id, NULL, txt, &e);
    free(txt);
    json_decref(a);
}

int pl_h_login(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    const char *name = NULL, *pass = NULL;
    if ((rc = pl_http_json_str(r, in, "username", &name)) ||
        (rc = pl_http_json_str(r, in, "password", &pass)))
        goto out;
    if (name == NULL || pass == NULL) {
        rc = pl_error_set(&r->err, PL_EINVAL, name ? "password" : "username",
                          "username dan password wajib diisi");
        goto out;
    }
    char uname[PL_USERNAME_MAX];
    snprintf(uname, sizeof uname, "%s", name);
    char key_user[PL_USERNAME_MAX + 8], key_addr[80];
    snprintf(key_user, sizeof key_user, "user:%s", uname);
    snprintf(key_addr, sizeof key_addr, "addr:%s", r->client);
    if ((rc = rate_check(r, key_addr, FAIL_MAX_ADDR)) ||
        (rc = rate_check(r, key_user, FAIL_MAX_USER)))
        goto out;
    pl_user u;
    char hash[PL_PWHASH_MAX] = "";
    pl_error lookup;
    int found = strlen(name) < PL_USERNAME_MAX &&
                pl_store_user_get(r->store, &u, name, hash, sizeof hash, &lookup) == 0;
    bool ok = found && !u.disabled && strlen(pass) <= PL_AUTH_PASSWORD_MAX &&
              pl_auth_password_verify(hash, pass);
    if (!ok) {
        pl_error e;
        pl_store_login_failure_add(r->store, key_user, &e);
        pl_store_login_failure_add(r->store, key_addr, &e);
        audit_login(r, "login_failed", found ? u.id : 0, uname);
        rc = pl_http_fail(r, 401, "unauthorized", "", "nama pengguna atau kata sandi salah");
        goto out;
    }
    pl_store_login_failure_clear(r->store, key_user, &lookup);
    char sid[PL_DIGEST_HEX], digest[PL_DIGEST_HEX], csrf[PL_DIGEST_HEX];
    pl_auth_random_hex(sid, 32);
    pl_auth_random_hex(csrf, 32);
    pl_auth_digest_hex(digest, sid);
    if ((rc = pl_store_session_add(r->store, digest, u.id, csrf, SESSION_TTL, &r->err)))
        goto out;
    audit_login(r, "login", u.id, u.username);
    char cookie[256];
    const char *secure = getenv("PILAR_COOKIE_SECURE");
    snprintf(cookie, sizeof cookie,
             "pilar_session=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=%d%s", sid, SESSION_TTL,
             secure && strcmp(secure, "1") == 0 ? "; Secure" : "");
    pl_http_header(r, "Set-Cookie", cookie);
    rc = pl_http_reply_json(r, 200,
                            json_pack("{s:o,s:s}", "user", pl_h_user_json(&u), "csrf_token", csrf));
out:
    json_decref(in);
    return rc;
}

int pl_h_logout(pl_http_req *r)
{
    if (r->by_cookie) {
        const char *cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "pilar_session");
        if (cookie) {
            char digest[PL_DIGEST_HEX];
            pl_auth_digest_hex(digest, cookie);
            int rc = pl_store_session_delete(r->store, digest, &r->err);
            if (rc)
                return rc;
        }
        pl_http_header(r, "Set-Cookie",
                       "pilar_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    }
    audit_login(r, "logout", r->user.id, r->user.username);
    return pl_http_reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

int pl_h_me(pl_http_req *r)
{
    json_t *o = pl_h_user_json(&r->user);
    if (o == NULL)
        return pl_error_set(&r->err, PL_ENOMEM, "", "memori tidak cukup");
    json_t *perms = json_array();
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = {{PL_PERM_AGG, "aggregate"},    {PL_PERM_READ, "read"},
                 {PL_PERM_WRITE, "write"},      {PL_PERM_VERIFY, "verify"},
                 {PL_PERM_EXPORT, "export"},    {PL_PERM_ADMIN, "admin"},
                 {PL_PERM_FULL_NIK, "full_nik"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (r->perms & names[i].bit)
            json_array_append_new(perms, json_string(names[i].name));
    json_object_set_new(o, "permissions", perms);
    json_object_set_new(o, "csrf_token", r->by_cookie ? json_string(r->csrf) : json_null());
    return pl_http_reply_json(r, 200, o);
}
