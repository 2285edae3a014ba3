/* session.c - login with a rate limit, logout, and their audit rows. */
#include "service/session.h"
#include "service/auth.h"
#include "store/audit.h"
#include "store/auth.h"
#include "store/store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAIL_WINDOW (15 * 60)
#define FAIL_MAX_USER 5
#define FAIL_MAX_ADDR 20

/* PL_ELOCKED with *retry_after when key has max or more recent failures. */
static int rate_check(pl_store *s, int *retry_after, const char *key, int max, pl_error *err)
{
    int count = 0, retry = 0;
    int rc = pl_store_login_failures(s, key, FAIL_WINDOW, &count, &retry, err);
    if (rc || count < max)
        return rc;
    *retry_after = retry;
    return pl_error_set(err, PL_ELOCKED, "",
                        "terlalu banyak percobaan masuk yang gagal; coba lagi dalam %d detik",
                        retry);
}

/* One audit row for a sign-in event; a failure to write it does not fail the caller. */
static void audit_login(pl_store *s, const char *action, int64_t user_id, const char *name,
                        const char *client)
{
    json_t *a = json_pack("{s:s}", "username", name);
    char *txt = a ? json_dumps(a, JSON_COMPACT) : NULL;
    pl_actor who = {name[0] ? name : "anonim", client};
    pl_error e;
    pl_store_audit_add(s, &who, action, "app_user", user_id, NULL, txt, &e);
    free(txt);
    json_decref(a);
}

int pl_session_login(pl_store *s, pl_session *out, int *retry_after, const char *username,
                     const char *password, const char *client, pl_error *err)
{
    memset(out, 0, sizeof *out);
    *retry_after = 0;
    char uname[PL_USERNAME_MAX];
    snprintf(uname, sizeof uname, "%s", username);
    char key_user[PL_USERNAME_MAX + 8], key_addr[80];
    snprintf(key_user, sizeof key_user, "user:%s", uname);
    snprintf(key_addr, sizeof key_addr, "addr:%s", client);
    int rc = rate_check(s, retry_after, key_addr, FAIL_MAX_ADDR, err);
    if (rc || (rc = rate_check(s, retry_after, key_user, FAIL_MAX_USER, err)))
        return rc;
    char hash[PL_PWHASH_MAX] = "";
    pl_error lookup;
    pl_user *u = &out->user;
    int found = strlen(username) < PL_USERNAME_MAX &&
                pl_store_user_get(s, u, username, hash, sizeof hash, &lookup) == 0;
    bool ok = found && !u->disabled && strlen(password) <= PL_AUTH_PASSWORD_MAX &&
              pl_auth_password_verify(hash, password);
    if (!ok) {
        pl_error e;
        pl_store_login_failure_add(s, key_user, &e);
        pl_store_login_failure_add(s, key_addr, &e);
        audit_login(s, "login_failed", found ? u->id : 0, uname, client);
        memset(out, 0, sizeof *out);
        return pl_error_set(err, PL_EDENIED, "", "nama pengguna atau kata sandi salah");
    }
    pl_store_login_failure_clear(s, key_user, &lookup);
    char digest[PL_DIGEST_HEX];
    pl_auth_random_hex(out->id, 32);
    pl_auth_random_hex(out->csrf, 32);
    pl_auth_digest_hex(digest, out->id);
    if ((rc = pl_store_session_add(s, digest, u->id, out->csrf, PL_SESSION_TTL, err))) {
        memset(out, 0, sizeof *out);
        return rc;
    }
    audit_login(s, "login", u->id, u->username, client);
    return 0;
}

int pl_session_logout(pl_store *s, const char *session_id, const pl_user *u, const char *client,
                      pl_error *err)
{
    if (session_id) {
        char digest[PL_DIGEST_HEX];
        pl_auth_digest_hex(digest, session_id);
        int rc = pl_store_session_delete(s, digest, err);
        if (rc)
            return rc;
    }
    audit_login(s, "logout", u->id, u->username, client);
    return 0;
}
