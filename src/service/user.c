/* user.c - accounts: add, update (password, disabled), API tokens. */
#include "service/user.h"
#include "domain/account.h"
#include "store/auth.h"
#include "store/creds.h"
#include "store/store.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(PL_ACCOUNT_NAME_MAX == PL_USERNAME_MAX, "domain and store agree on name length");
_Static_assert(PL_ACCOUNT_SCOPE_MAX == sizeof(((pl_user *)0)->scope), "scope fits pl_user");

int pl_user_check(pl_user *out, const pl_user_new *in, pl_error *err)
{
    const char *name = in->username ? in->username : "";
    const char *role = in->role ? in->role : "";
    int rc = pl_account_name_check(name, err);
    if (rc || (rc = pl_account_role_check(out->scope, role, in->scope, err)))
        return rc;
    if (strlen(role) >= sizeof out->role) /* a known role always fits */
        return pl_error_set(err, PL_EINTERNAL, "role", "nama peran terlalu panjang");
    snprintf(out->username, sizeof out->username, "%s", name);
    snprintf(out->role, sizeof out->role, "%s", role);
    return 0;
}

int pl_user_add(pl_store *s, const pl_actor *who, pl_user *out, const pl_user_new *in,
                pl_auth_cost cost, pl_error *err)
{
    char hash[PL_PWHASH_MAX];
    memset(out, 0, sizeof *out);
    int rc = pl_user_check(out, in, err);
    if (rc)
        return rc;
    if (in->password == NULL)
        return pl_error_set(err, PL_EINVAL, "password", "password wajib diisi");
    if ((rc = pl_auth_password_policy(out->username, in->password, err)))
        return rc;
    if ((rc = pl_auth_password_hash(hash, in->password, cost, err)) == 0)
        rc = pl_store_user_add(s, who, out, hash, err);
    pl_auth_wipe(hash, sizeof hash);
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

/* The account with id (> 0) or else named username into *out. Errors: PL_ENOTFOUND. */
static int find_user(pl_store *s, pl_user *out, int64_t id, const char *username, pl_error *err)
{
    if (id <= 0)
        return pl_store_user_get(s, out, username ? username : "", NULL, 0, err);
    struct find_id f = {.id = id, .out = out};
    int rc = pl_store_user_list(s, match_id, &f, err);
    if (rc == 0 && !f.found)
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "pengguna id %lld tidak ditemukan",
                          (long long)id);
    return rc;
}

int pl_user_update(pl_store *s, const pl_actor *who, pl_user *out, int64_t id, const char *username,
                   const pl_user_change *chg, pl_auth_cost cost, pl_error *err)
{
    char hash[PL_PWHASH_MAX] = "";
    int rc = find_user(s, out, id, username, err);
    if (rc)
        return rc;
    if (chg->disabled == 1 && who && who->user && strcmp(out->username, who->user) == 0)
        return pl_error_set(err, PL_EINVAL, "disabled",
                            "akun yang sedang dipakai tidak dapat dinonaktifkan");
    /* Hash before the transaction: argon2id is slow and needs no lock. */
    if (chg->password && ((rc = pl_auth_password_policy(out->username, chg->password, err)) ||
                          (rc = pl_auth_password_hash(hash, chg->password, cost, err))))
        goto out;
    if ((rc = pl_store_begin(s, err)))
        goto out;
    if (chg->password && (rc = pl_store_user_set_password(s, who, out->username, hash, NULL, err)))
        goto out;
    if (chg->disabled >= 0 &&
        (rc = pl_store_user_set_disabled(s, who, out->username, chg->disabled == 1, err)))
        goto out;
    if ((rc = pl_store_commit(s, err)))
        goto out;
    rc = pl_store_user_get(s, out, out->username, NULL, 0, err);
out:
    pl_store_rollback(s);
    pl_auth_wipe(hash, sizeof hash);
    return rc;
}

int pl_user_password_change(pl_store *s, const pl_actor *who, const pl_user *u, const char *current,
                            const char *next, const char *keep_session_id, pl_auth_cost cost,
                            pl_error *err)
{
    char hash[PL_PWHASH_MAX] = "", keep[PL_DIGEST_HEX];
    pl_user now;
    int rc = pl_store_user_get(s, &now, u->username, hash, sizeof hash, err);
    if (rc)
        goto out;
    if (current == NULL || strlen(current) > PL_AUTH_PASSWORD_MAX ||
        !pl_auth_password_verify(hash, current)) {
        rc = pl_error_set(err, PL_EDENIED, "current_password", "kata sandi lama salah");
        goto out;
    }
    if ((rc = pl_auth_password_policy(u->username, next ? next : "", err)) ||
        (rc = pl_auth_password_hash(hash, next, cost, err)))
        goto out;
    if (keep_session_id)
        pl_auth_digest_hex(keep, keep_session_id);
    if ((rc = pl_store_begin(s, err)))
        goto out;
    if ((rc = pl_store_user_set_password(s, who, u->username, hash, keep_session_id ? keep : NULL,
                                         err)) == 0)
        rc = pl_store_commit(s, err);
out:
    pl_store_rollback(s);
    pl_auth_wipe(hash, sizeof hash);
    return rc;
}

int pl_user_parse_duration(int64_t *seconds, const char *text, const char *field, pl_error *err)
{
    *seconds = 0;
    char *end;
    if (text == NULL || !isdigit((unsigned char)text[0]))
        goto bad;
    long long n = strtoll(text, &end, 10);
    long long unit = 1;
    if (strcmp(end, "d") == 0)
        unit = 86400;
    else if (strcmp(end, "h") == 0)
        unit = 3600;
    else if (strcmp(end, "m") == 0)
        unit = 60;
    else if (*end != '\0' && strcmp(end, "s") != 0)
        goto bad;
    if (n < 1 || n > PL_TOKEN_TTL_MAX / unit)
        goto bad;
    *seconds = n * unit;
    return 0;
bad:
    return pl_error_set(err, PL_EINVAL, field,
                        "masa berlaku harus angka dengan satuan d (hari), h (jam) atau m (menit), "
                        "paling lama 3650d, mis. 90d");
}

int pl_user_token_new(pl_store *s, const pl_actor *who, int64_t *id, char *token,
                      const char *username, const char *label, int64_t ttl_seconds, pl_error *err)
{
    pl_user u;
    char digest[PL_DIGEST_HEX];
    *id = 0;
    token[0] = '\0';
    if (ttl_seconds == 0)
        ttl_seconds = PL_TOKEN_TTL_DEFAULT;
    if (ttl_seconds < 0 || ttl_seconds > PL_TOKEN_TTL_MAX)
        return pl_error_set(err, PL_EINVAL, "expires_in", "masa berlaku token tidak sah");
    int rc = pl_store_user_get(s, &u, username, NULL, 0, err);
    if (rc)
        return rc;
    if (u.disabled)
        return pl_error_set(err, PL_EDENIED, "username", "pengguna %s nonaktif", username);
    pl_auth_token_new(token, digest);
    if ((rc = pl_store_token_add(s, who, u.id, digest, label ? label : "", ttl_seconds, id, err)))
        pl_auth_wipe(token, PL_AUTH_TOKEN_MAX);
    return rc;
}

int pl_user_token_rotate(pl_store *s, const pl_actor *who, pl_token_info *out, char *token,
                         const char *username, int64_t token_id, const char *old_token,
                         pl_error *err)
{
    char digest[PL_DIGEST_HEX], old[PL_DIGEST_HEX] = "";
    token[0] = '\0';
    memset(out, 0, sizeof *out);
    if (username == NULL && old_token)
        pl_auth_digest_hex(old, old_token);
    pl_auth_token_new(token, digest);
    int rc = pl_store_begin(s, err);
    if (rc == 0 &&
        (rc = pl_store_token_rotate(s, who, username, token_id, old, digest, out, err)) == 0)
        rc = pl_store_commit(s, err);
    pl_store_rollback(s);
    if (rc)
        pl_auth_wipe(token, PL_AUTH_TOKEN_MAX);
    return rc;
}

int pl_user_token_revoke(pl_store *s, const pl_actor *who, int *n, const char *username,
                         int64_t token_id, pl_error *err)
{
    *n = 0;
    return pl_store_token_revoke(s, who, username, token_id, n, err);
}
