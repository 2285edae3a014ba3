/*
 * auth.c - who is calling: the bearer token (with the connection's token
 * memo) or the session cookie with its CSRF check, and the caller's scope.
 * Hashing and tokens live in service/auth.c, roles in domain/account.c.
 */
#include "domain/account.h"
#include "http/http.h"
#include "http/pool.h"
#include "service/auth.h"
#include "service/session.h"
#include "store/auth.h"
#include "store/shared.h"
#include "store/store.h"

#include <microhttpd.h>
#include <string.h>
#include <strings.h>

bool pl_http_in_scope(const pl_http_req *r, const char *code)
{
    return pl_region_code_in_scope(code, r->user.scope) != 0;
}

static bool safe_method(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

/*
 * The account of a live token digest: from r->memo while no account or token changed
 * since the entry was made (pl_store_auth_stamp, and this server's writes), else from the
 * store (and remembered).
 */
static int token_user(pl_http_req *r, const char *digest)
{
    pl_http_auth_memo *m = r->memo;
    int64_t version = 0;
    unsigned long epoch = 0;
    /* Version and epoch are read before the lookup: a commit racing with it voids the entry. */
    if (m) {
        epoch = pl_http_write_epoch(r->srv);
        pl_error none;
        if (pl_store_auth_stamp(r->store, &version, &none) != 0)
            m = NULL; /* no cheap stamp now (store/shared.h): ask the store each time */
    }
    if (m && pl_http_auth_memo_find(m, &r->user, digest, version, epoch))
        return 0;
    int rc = pl_store_token_lookup(r->store, &r->user, digest, &r->err);
    if (rc == 0 && m)
        pl_http_auth_memo_put(m, digest, &r->user, version, epoch);
    return rc;
}

int pl_http_authenticate(pl_http_req *r)
{
    const char *auth = pl_http_header_in(r, MHD_HTTP_HEADER_AUTHORIZATION);
    char digest[PL_DIGEST_HEX];
    int rc;
    if (auth && strncasecmp(auth, "Bearer ", 7) == 0) {
        const char *tok = auth + 7;
        while (*tok == ' ')
            tok++;
        if (strlen(tok) >= PL_AUTH_TOKEN_MAX)
            return pl_http_fail(r, 401, "unauthorized", "", "token tidak berlaku");
        pl_auth_digest_hex(digest, tok);
        rc = token_user(r, digest);
        if (rc == PL_ENOTFOUND)
            return pl_http_fail(r, 401, "unauthorized", "",
                                "token tidak berlaku atau sudah dicabut");
        if (rc)
            return rc;
    } else {
        const char *sid = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "pilar_session");
        if (sid == NULL || sid[0] == '\0' || strlen(sid) > 128)
            return pl_http_fail(r, 401, "unauthorized", "", "silakan masuk terlebih dahulu");
        pl_auth_digest_hex(digest, sid);
        char *csrf = r->csrf;
        rc = pl_store_session_lookup(r->store, &r->user, csrf, digest,
                                     pl_session_idle_seconds(pl_http_login_limiter(r->srv)),
                                     &r->err);
        if (rc == PL_ENOTFOUND)
            return pl_http_fail(r, 401, "unauthorized", "", "sesi berakhir; silakan masuk lagi");
        if (rc)
            return rc;
        if (!safe_method(r->method)) {
            const char *sent = pl_http_header_in(r, "X-CSRF-Token");
            size_t n = strlen(csrf);
            if (sent == NULL || strlen(sent) != n || !pl_auth_equal(sent, csrf, n))
                return pl_http_fail(r, 403, "csrf", "X-CSRF-Token",
                                    "token CSRF tidak ada atau salah; muat ulang halaman");
        }
        r->by_cookie = true;
    }
    r->authed = true;
    r->perms = pl_account_perms(r->user.role);
    r->view = pl_ident_view_init(&r->ident, r->perms, pl_http_ident_key(r->srv));
    r->actor.user = r->user.username;
    r->actor.client = r->client;
    return 0;
}
