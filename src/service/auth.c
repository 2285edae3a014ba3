/* auth.c - password hashing, random secrets and digests over libsodium. */
#include "service/auth.h"
#include "store/auth.h"

#include <sodium.h>
#include <string.h>

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
