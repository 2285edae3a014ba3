/* h_session.c - health check, login (password, then TOTP), logout, the caller. */
#include "http/handlers.h"
#include "io/record_json.h"
#include "service/auth.h"
#include "service/session.h"
#include "service/totp.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pl_h_healthz(pl_http_req *r)
{
    return pl_http_reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

/* The reply to a login call that did not sign in: throttled, refused, unavailable; else rc. */
static int login_refused(pl_http_req *r, int rc, int retry)
{
    if (rc == PL_ELOCKED) {
        char v[16];
        snprintf(v, sizeof v, "%d", retry);
        pl_http_header(r, "Retry-After", v);
        return pl_http_fail(r, 429, "too_many_requests", "", "%s", r->err.message);
    }
    if (rc == PL_EDENIED || rc == PL_ENOTFOUND)
        return pl_http_fail(r, 401, "unauthorized", r->err.field, "%s", r->err.message);
    if (rc == PL_EIO) /* the failure could not be counted: refused, not let through */
        return pl_http_fail(r, 503, "unavailable", "", "%s", r->err.message);
    return rc;
}

/* The reply of a login step: a session cookie, or what the second step needs. */
static int login_reply(pl_http_req *r, pl_session *ses)
{
    if (ses->step != PL_LOGIN_OK) {
        json_t *o = json_pack("{s:s,s:s,s:i}", "status",
                              ses->step == PL_LOGIN_TOTP ? "totp_required" : "totp_enrol_required",
                              "challenge", ses->challenge, "expires_in", PL_SESSION_CHALLENGE_TTL);
        if (o && ses->step == PL_LOGIN_ENROL) {
            char *svg = pl_totp_qr_svg(ses->enrol.uri);
            json_object_set_new(o, "secret", json_string(ses->enrol.secret));
            json_object_set_new(o, "otpauth_uri", json_string(ses->enrol.uri));
            json_object_set_new(o, "qr_svg", svg ? json_string(svg) : json_null());
            free(svg);
        }
        pl_auth_wipe(ses, sizeof *ses);
        return pl_http_reply_json(r, 200, o);
    }
    char cookie[256];
    snprintf(cookie, sizeof cookie,
             "pilar_session=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=%d%s", ses->id,
             PL_SESSION_TTL, pl_http_cookie_secure(r->srv) ? "; Secure" : "");
    pl_http_header(r, "Set-Cookie", cookie);
    json_t *o = json_pack("{s:s,s:o,s:s}", "status", "ok", "user", pl_json_user(&ses->user),
                          "csrf_token", ses->csrf);
    if (o && ses->enrolled) {
        json_t *codes = json_array();
        for (int i = 0; i < PL_RECOVERY_CODES; i++)
            json_array_append_new(codes, json_string(ses->enrol.codes[i]));
        json_object_set_new(o, "recovery_codes", codes);
    }
    if (o && ses->recovery_used)
        json_object_set_new(o, "recovery_codes_left", json_integer(ses->recovery_left));
    pl_auth_wipe(ses, sizeof *ses);
    return pl_http_reply_json(r, 200, o);
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
    pl_session ses;
    int retry = 0;
    rc = pl_session_login(r->store, pl_http_login_limiter(r->srv), &ses, &retry, name, pass,
                          r->client, &r->err);
    rc = rc ? login_refused(r, rc, retry) : login_reply(r, &ses);
out:
    json_decref(in);
    return rc;
}

/* POST /login/totp {"challenge","code"}: the second step of a login. */
int pl_h_login_totp(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    const char *challenge = NULL, *code = NULL;
    if ((rc = pl_http_json_str(r, in, "challenge", &challenge)) ||
        (rc = pl_http_json_str(r, in, "code", &code)))
        goto out;
    if (challenge == NULL || code == NULL || strlen(challenge) > 128) {
        rc = pl_error_set(&r->err, PL_EINVAL, challenge ? "code" : "challenge",
                          "challenge dan code wajib diisi");
        goto out;
    }
    pl_session ses;
    int retry = 0;
    rc = pl_session_login_totp(r->store, pl_http_login_limiter(r->srv), &ses, &retry, challenge,
                               code, r->client, &r->err);
    rc = rc ? login_refused(r, rc, retry) : login_reply(r, &ses);
out:
    json_decref(in);
    return rc;
}

int pl_h_logout(pl_http_req *r)
{
    const char *sid = NULL;
    if (r->by_cookie)
        sid = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "pilar_session");
    int rc = pl_session_logout(r->store, sid, &r->user, r->client, &r->err);
    if (rc)
        return rc;
    if (r->by_cookie)
        pl_http_header(r, "Set-Cookie",
                       "pilar_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    return pl_http_reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

int pl_h_me(pl_http_req *r)
{
    json_t *o = pl_json_user(&r->user);
    if (o == NULL)
        return pl_error_set(&r->err, PL_ENOMEM, "", "memori tidak cukup");
    json_t *perms = json_array();
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = {{PL_PERM_AGG, "aggregate"},     {PL_PERM_READ, "read"},
                 {PL_PERM_WRITE, "write"},       {PL_PERM_VERIFY, "verify"},
                 {PL_PERM_EXPORT, "export"},     {PL_PERM_ADMIN, "admin"},
                 {PL_PERM_FULL_NIK, "full_nik"}, {PL_PERM_PLAN, "plan"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (r->perms & names[i].bit)
            json_array_append_new(perms, json_string(names[i].name));
    json_object_set_new(o, "permissions", perms);
    json_object_set_new(o, "csrf_token", r->by_cookie ? json_string(r->csrf) : json_null());
    return pl_http_reply_json(r, 200, o);
}
