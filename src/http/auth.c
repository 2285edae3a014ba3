/* auth.c - password hashing, tokens, roles, and authenticating a request. */
#include "http/auth.h"
#include "http/http.h"

#include <microhttpd.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int pl_auth_init(pl_error *err)
{
    if (sodium_init() < 0)
        return pl_error_set(err, PL_EINTERNAL, "", "libsodium tidak dapat dimulai");
    return 0;
}

int pl_auth_password_hash(char *out, const char *password, pl_error *err)
{
    size_t n = strlen(password);
    if (n < PL_AUTH_PASSWORD_MIN)
        return pl_error_set(err, PL_EINVAL, "password", "kata sandi minimal %d karakter",
                            PL_AUTH_PASSWORD_MIN);
    if (n > PL_AUTH_PASSWORD_MAX)
        return pl_error_set(err, PL_EINVAL, "password", "kata sandi maksimal %d karakter",
                            PL_AUTH_PASSWORD_MAX);
    const char *mode = getenv("PILAR_PWHASH");
    bool fast = mode && strcmp(mode, "fast") == 0;
    unsigned long long ops = fast ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t mem = fast ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    _Static_assert(crypto_pwhash_STRBYTES <= PL_PWHASH_MAX, "PL_PWHASH_MAX too small");
    if (crypto_pwhash_str_alg(out, password, n, ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup untuk hash kata sandi");
    return 0;
}

bool pl_auth_password_verify(const char *hash, const char *password)
{
    if (hash == NULL || hash[0] == '\0')
        return false;
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void pl_auth_random_hex(char *out, size_t nbytes)
{
    unsigned char raw[64];
    if (nbytes > sizeof raw)
        nbytes = sizeof raw;
    randombytes_buf(raw, nbytes);
    sodium_bin2hex(out, nbytes * 2 + 1, raw, nbytes);
    sodium_memzero(raw, sizeof raw);
}

void pl_auth_digest_hex(char *out, const char *secret)
{
    unsigned char d[32];
    crypto_generichash(d, sizeof d, (const unsigned char *)secret, strlen(secret), NULL, 0);
    sodium_bin2hex(out, PL_DIGEST_HEX, d, sizeof d);
}

void pl_auth_token_new(char *token, char *digest)
{
    memcpy(token, "plt_", 4);
    pl_auth_random_hex(token + 4, 32);
    pl_auth_digest_hex(digest, token);
}

int pl_auth_username_check(const char *name, pl_error *err)
{
    size_t n = strlen(name);
    if (n == 0 || n >= PL_USERNAME_MAX)
        return pl_error_set(err, PL_EINVAL, "username", "nama pengguna harus 1 sampai %d karakter",
                            PL_USERNAME_MAX - 1);
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  (i > 0 && (c == '.' || c == '_' || c == '-'));
        if (!ok)
            return pl_error_set(err, PL_EINVAL, "username",
                                "nama pengguna hanya boleh huruf kecil, angka, titik, garis bawah "
                                "dan tanda minus");
    }
    return 0;
}

/* Roles as data: permissions and the region level their scope must have (0 = any). */
static const struct {
    const char *name;
    unsigned perms;
    int level;
} roles[] = {
    {"admin",
     PL_PERM_AGG | PL_PERM_READ | PL_PERM_WRITE | PL_PERM_VERIFY | PL_PERM_EXPORT | PL_PERM_ADMIN |
         PL_PERM_FULL_NIK,
     0},
    {"province", PL_PERM_AGG | PL_PERM_READ | PL_PERM_EXPORT, PL_LEVEL_PROVINCE},
    {"regency",
     PL_PERM_AGG | PL_PERM_READ | PL_PERM_WRITE | PL_PERM_VERIFY | PL_PERM_EXPORT |
         PL_PERM_FULL_NIK,
     PL_LEVEL_REGENCY},
    {"district", PL_PERM_AGG | PL_PERM_READ | PL_PERM_WRITE | PL_PERM_EXPORT | PL_PERM_FULL_NIK,
     PL_LEVEL_DISTRICT},
    {"village", PL_PERM_AGG | PL_PERM_READ | PL_PERM_WRITE | PL_PERM_EXPORT | PL_PERM_FULL_NIK,
     PL_LEVEL_VILLAGE},
    {"viewer", PL_PERM_AGG, 0},
};

unsigned pl_http_role_perms(const char *role)
{
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (strcmp(roles[i].name, role) == 0)
            return roles[i].perms;
    return 0;
}

int pl_auth_role_scope_check(const char *role, const char *scope_in, char *scope, pl_error *err)
{
    size_t i = 0;
    while (i < sizeof roles / sizeof roles[0] && strcmp(roles[i].name, role) != 0)
        i++;
    if (i == sizeof roles / sizeof roles[0])
        return pl_error_set(err, PL_EINVAL, "role",
                            "peran '%s' tidak dikenal (admin, province, regency, district, "
                            "village, viewer)",
                            role);
    scope[0] = '\0';
    int level = 0;
    if (scope_in && scope_in[0]) {
        level = pl_region_code_normalize(scope, scope_in);
        if (level < 0)
            return pl_error_set(err, PL_EINVAL, "scope", "cakupan '%s' bukan kode wilayah",
                                scope_in);
    }
    if (roles[i].level && level != roles[i].level)
        return pl_error_set(err, PL_EINVAL, "scope",
                            "peran %s memerlukan cakupan kode wilayah tingkat %d", role,
                            roles[i].level);
    return 0;
}

bool pl_http_in_scope(const pl_http_req *r, const char *code)
{
    return pl_region_code_in_scope(code, r->user.scope) != 0;
}

static bool safe_method(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

/*
 * The account of a live token digest: from r->memo while nothing was committed
 * since the entry was made, else from the store (and remembered).
 */
static int token_user(pl_http_req *r, const char *digest)
{
    pl_http_auth_memo *m = r->memo;
    int64_t version = 0;
    unsigned long epoch = 0;
    /* Version and epoch are read before the lookup: a commit racing with it voids the entry. */
    if (m) {
        epoch = pl_http_write_epoch(r->srv);
        if (pl_store_data_version(r->store, &version, &r->err) != 0)
            m = NULL;
    }
    for (int i = 0; m && i < PL_HTTP_AUTH_MEMO; i++) {
        if (m->slot[i].used && m->slot[i].data_version == version && m->slot[i].epoch == epoch &&
            sodium_memcmp(m->slot[i].digest, digest, PL_DIGEST_HEX - 1) == 0) {
            r->user = m->slot[i].user;
            return 0;
        }
    }
    int rc = pl_store_token_lookup(r->store, &r->user, digest, &r->err);
    if (rc == 0 && m) {
        unsigned i = m->next++ % PL_HTTP_AUTH_MEMO;
        m->slot[i].used = true;
        memcpy(m->slot[i].digest, digest, PL_DIGEST_HEX);
        m->slot[i].user = r->user;
        m->slot[i].data_version = version;
        m->slot[i].epoch = epoch;
    }
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
        rc = pl_store_session_lookup(r->store, &r->user, csrf, digest, &r->err);
        if (rc == PL_ENOTFOUND)
            return pl_http_fail(r, 401, "unauthorized", "", "sesi berakhir; silakan masuk lagi");
        if (rc)
            return rc;
        if (!safe_method(r->method)) {
            const char *sent = pl_http_header_in(r, "X-CSRF-Token");
            size_t n = strlen(csrf);
            if (sent == NULL || strlen(sent) != n || sodium_memcmp(sent, csrf, n) != 0)
                return pl_http_fail(r, 403, "csrf", "X-CSRF-Token",
                                    "token CSRF tidak ada atau salah; muat ulang halaman");
        }
        r->by_cookie = true;
    }
    r->authed = true;
    r->perms = pl_http_role_perms(r->user.role);
    r->actor.user = r->user.username;
    r->actor.client = r->client;
    return 0;
}
