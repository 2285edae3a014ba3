/* auth.c - password hashing, random secrets and digests over libsodium. */
#include "service/auth.h"
#include "store/auth.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

extern const char *const pl_common_passwords[]; /* generated from data/common-passwords.txt */
extern const size_t pl_common_password_count;

int pl_auth_init(pl_error *err)
{
    if (sodium_init() < 0)
        return pl_error_set(err, PL_EINTERNAL, "", "libsodium tidak dapat dimulai");
    return 0;
}

int pl_auth_password_hash(char *out, const char *password, pl_auth_cost cost, pl_error *err)
{
    size_t n = strlen(password);
    if (n < PL_AUTH_PASSWORD_MIN)
        return pl_error_set(err, PL_EINVAL, "password", "kata sandi minimal %d karakter",
                            PL_AUTH_PASSWORD_MIN);
    if (n > PL_AUTH_PASSWORD_MAX)
        return pl_error_set(err, PL_EINVAL, "password", "kata sandi maksimal %d karakter",
                            PL_AUTH_PASSWORD_MAX);
    bool fast = cost == PL_AUTH_COST_MIN;
    unsigned long long ops = fast ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t mem = fast ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    _Static_assert(crypto_pwhash_STRBYTES <= PL_PWHASH_MAX, "PL_PWHASH_MAX too small");
    if (crypto_pwhash_str_alg(out, password, n, ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup untuk hash kata sandi");
    return 0;
}

static bool is_common(const char *lower)
{
    for (size_t i = 0; i < pl_common_password_count; i++)
        if (strcmp(pl_common_passwords[i], lower) == 0)
            return true;
    return false;
}

/* Lowercase copy of s into out (cap bytes). */
static void lower_copy(char *out, size_t cap, const char *s)
{
    size_t i = 0;
    for (; s[i] && i + 1 < cap; i++)
        out[i] = (char)tolower((unsigned char)s[i]);
    out[i] = '\0';
}

int pl_auth_password_policy(const char *username, const char *password, pl_error *err)
{
    size_t n = strlen(password);
    if (n < PL_AUTH_PASSWORD_MIN)
        return pl_error_set(err, PL_EINVAL, "password", "kata sandi minimal %d karakter",
                            PL_AUTH_PASSWORD_MIN);
    if (n > PL_AUTH_PASSWORD_MAX)
        return pl_error_set(err, PL_EINVAL, "password", "kata sandi maksimal %d karakter",
                            PL_AUTH_PASSWORD_MAX);
    char low[PL_AUTH_PASSWORD_MAX + 1], name[128];
    lower_copy(low, sizeof low, password);
    lower_copy(name, sizeof name, username ? username : "");
    int rc = 0;
    if (strlen(name) >= 3 && strstr(low, name)) {
        rc =
            pl_error_set(err, PL_EINVAL, "password", "kata sandi tidak boleh memuat nama pengguna");
        goto out;
    }
    if (strstr(low, "pilar")) {
        rc = pl_error_set(err, PL_EINVAL, "password",
                          "kata sandi tidak boleh memuat kata \"pilar\"");
        goto out;
    }
    /* The core: without leading and trailing digits and punctuation. */
    char *core = low;
    while (*core && !isalpha((unsigned char)*core))
        core++;
    char *end = core + strlen(core);
    while (end > core && !isalpha((unsigned char)end[-1]))
        *--end = '\0';
    if (is_common(low) || (*core && is_common(core)))
        rc = pl_error_set(err, PL_EINVAL, "password",
                          "kata sandi ini terlalu umum dan mudah ditebak; pilih yang lain "
                          "(mis. beberapa kata acak yang mudah diingat)");
out:
    pl_auth_wipe(low, sizeof low);
    return rc;
}

static pthread_once_t dummy_once[2] = {PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT};
static char dummy_hash[2][PL_PWHASH_MAX];

static void make_dummy(pl_auth_cost cost)
{
    char pw[PL_AUTH_GENERATED_MAX];
    pl_error e;
    pl_auth_password_generate(pw);
    if (pl_auth_password_hash(dummy_hash[cost], pw, cost, &e) != 0)
        dummy_hash[cost][0] = '\0';
    pl_auth_wipe(pw, sizeof pw);
}

static void dummy_interactive(void)
{
    make_dummy(PL_AUTH_COST_INTERACTIVE);
}

static void dummy_min(void)
{
    make_dummy(PL_AUTH_COST_MIN);
}

bool pl_auth_password_verify_timed(const char *hash, const char *password, pl_auth_cost cost)
{
    if (hash && hash[0])
        return pl_auth_password_verify(hash, password);
    int i = cost == PL_AUTH_COST_MIN ? 1 : 0;
    pthread_once(&dummy_once[i], i ? dummy_min : dummy_interactive);
    pl_auth_password_verify(dummy_hash[i], password);
    return false;
}

bool pl_auth_password_verify(const char *hash, const char *password)
{
    if (hash == NULL || hash[0] == '\0')
        return false;
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void pl_auth_password_generate(char *out)
{
    pl_auth_random_hex(out, (PL_AUTH_GENERATED_MAX - 1) / 2);
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
    _Static_assert(sizeof d * 2 + 1 == PL_DIGEST_HEX, "PL_DIGEST_HEX is a 32-byte digest in hex");
    crypto_generichash(d, sizeof d, (const unsigned char *)secret, strlen(secret), NULL, 0);
    sodium_bin2hex(out, PL_DIGEST_HEX, d, sizeof d);
}

bool pl_auth_equal(const void *a, const void *b, size_t n)
{
    return sodium_memcmp(a, b, n) == 0;
}

void pl_auth_token_new(char *token, char *digest)
{
    _Static_assert(4 + 64 + 1 <= PL_AUTH_TOKEN_MAX, "PL_AUTH_TOKEN_MAX too small");
    memcpy(token, "plt_", 4);
    pl_auth_random_hex(token + 4, 32);
    pl_auth_digest_hex(digest, token);
}

void pl_auth_wipe(void *p, size_t n)
{
    sodium_memzero(p, n);
}
