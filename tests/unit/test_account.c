/*
 * test_account.c - accounts: the pure role/scope/name rules of
 * domain/account, the secrets of service/auth, and the units of work of
 * service/user and service/session against a fresh store (add, update,
 * self-disable refused, tokens, login, throttling, logout) and issue 17's
 * credentials (password policy, sessions and tokens ended by a password
 * change, token expiry and rotation, idle timeout, TOTP).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"

#include "domain/account.h"
#include "service/auth.h"
#include "service/session.h"
#include "service/totp.h"
#include "service/user.h"
#include "store/auth.h"
#include "store/sqlite/internal.h"
#include "store/store.h"

#include <liboath/oath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void role_perms(void **state)
{
    (void)state;
    assert_true(pl_account_perms("admin") & PL_PERM_ADMIN);
    assert_true(pl_account_perms("regency") & PL_PERM_VERIFY);
    assert_false(pl_account_perms("province") & PL_PERM_WRITE);
    assert_int_equal(pl_account_perms("viewer"), PL_PERM_AGG);
    assert_int_equal(pl_account_perms("root"), 0);
}

static void role_scope(void **state)
{
    (void)state;
    char scope[PL_ACCOUNT_SCOPE_MAX];
    pl_error err;
    assert_int_equal(pl_account_role_check(scope, "regency", "6474", &err), 0);
    assert_string_equal(scope, "64.74");
    assert_int_equal(pl_account_role_check(scope, "admin", NULL, &err), 0);
    assert_string_equal(scope, "");
    assert_int_equal(pl_account_role_check(scope, "regency", "64", &err), PL_EINVAL);
    assert_string_equal(err.field, "scope");
    assert_int_equal(pl_account_role_check(scope, "village", "64.74.01", &err), PL_EINVAL);
    assert_int_equal(pl_account_role_check(scope, "viewer", "x", &err), PL_EINVAL);
    assert_string_equal(err.field, "scope");
    assert_int_equal(pl_account_role_check(scope, "root", "", &err), PL_EINVAL);
    assert_string_equal(err.field, "role");
}

static void names(void **state)
{
    (void)state;
    pl_error err;
    assert_int_equal(pl_account_name_check("budi.s_2-a", &err), 0);
    assert_int_equal(pl_account_name_check("", &err), PL_EINVAL);
    assert_int_equal(pl_account_name_check(".budi", &err), PL_EINVAL);
    assert_int_equal(pl_account_name_check("Budi", &err), PL_EINVAL);
    char long_name[PL_ACCOUNT_NAME_MAX + 1];
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    assert_int_equal(pl_account_name_check(long_name, &err), PL_EINVAL);
    long_name[PL_ACCOUNT_NAME_MAX - 1] = '\0';
    assert_int_equal(pl_account_name_check(long_name, &err), 0);
}

static void secrets(void **state)
{
    (void)state;
    pl_error err;
    char hash[PL_PWHASH_MAX], token[PL_AUTH_TOKEN_MAX], digest[PL_DIGEST_HEX], d2[PL_DIGEST_HEX];
    assert_int_equal(pl_auth_init(&err), 0);
    assert_int_equal(pl_auth_password_hash(hash, "short", PL_AUTH_COST_MIN, &err), PL_EINVAL);
    assert_int_equal(pl_auth_password_hash(hash, "long-enough", PL_AUTH_COST_MIN, &err), 0);
    assert_non_null(strstr(hash, "argon2id"));
    assert_true(pl_auth_password_verify(hash, "long-enough"));
    assert_false(pl_auth_password_verify(hash, "long-enougH"));
    assert_false(pl_auth_password_verify("", "long-enough"));
    pl_auth_token_new(token, digest);
    assert_int_equal(strncmp(token, "plt_", 4), 0);
    assert_int_equal(strlen(token), 68);
    pl_auth_digest_hex(d2, token);
    assert_string_equal(digest, d2);
    char pw[PL_AUTH_GENERATED_MAX];
    pl_auth_password_generate(pw);
    assert_int_equal(strlen(pw), 24);
}

typedef struct fx {
    char dir[64];
    char path[96];
    pl_store *s;
    pl_error err;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/pl_account_XXXXXX");
    if (f == NULL || mkdtemp(f->dir) == NULL)
        return -1;
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    if (pl_auth_init(&f->err) || pl_store_open(&f->s, f->path, PL_STORE_CREATE, &f->err) ||
        pl_store_migrate(f->s, NULL, NULL, &f->err))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    pl_store_close(f->s);
    pl_test_rmtree(f->dir);
    free(f);
    return 0;
}

static const pl_actor admin = {"boss", "test"};

static void add_user(fx *f, const char *name, const char *role, const char *scope)
{
    pl_user u;
    pl_user_new nu = {name, role, scope, "kuda-lari-77"};
    assert_int_equal(pl_user_add(f->s, &admin, &u, &nu, PL_AUTH_COST_MIN, &f->err), 0);
    assert_true(u.id > 0);
}

static void user_add_update(void **state)
{
    fx *f = *state;
    pl_user u;
    pl_user_new nu = {"budi", "regency", "6474", "kuda-lari-77"};
    assert_int_equal(pl_user_add(f->s, &admin, &u, &nu, PL_AUTH_COST_MIN, &f->err), 0);
    assert_string_equal(u.scope, "64.74");
    assert_int_equal(pl_user_add(f->s, &admin, &u, &nu, PL_AUTH_COST_MIN, &f->err), PL_ECONFLICT);
    nu.username = "ani";
    nu.password = NULL;
    assert_int_equal(pl_user_add(f->s, &admin, &u, &nu, PL_AUTH_COST_MIN, &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "password");
    nu.password = "short";
    assert_int_equal(pl_user_add(f->s, &admin, &u, &nu, PL_AUTH_COST_MIN, &f->err), PL_EINVAL);
    nu.role = "province";
    assert_int_equal(pl_user_add(f->s, &admin, &u, &nu, PL_AUTH_COST_MIN, &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "scope");

    /* Password and disabled in one update, found by id; the result is re-read. */
    pl_user before;
    assert_int_equal(pl_store_user_get(f->s, &before, "budi", NULL, 0, &f->err), 0);
    pl_user_change chg = {.password = "kuda-baru-99", .disabled = 1};
    assert_int_equal(
        pl_user_update(f->s, &admin, &u, before.id, NULL, &chg, PL_AUTH_COST_MIN, &f->err), 0);
    assert_true(u.disabled);
    assert_int_equal(u.version, before.version + 2);
    char hash[PL_PWHASH_MAX];
    assert_int_equal(pl_store_user_get(f->s, &u, "budi", hash, sizeof hash, &f->err), 0);
    assert_true(pl_auth_password_verify(hash, "kuda-baru-99"));
    /* A short password changes nothing (hashing fails before the transaction). */
    chg = (pl_user_change){.password = "x", .disabled = 0};
    assert_int_equal(pl_user_update(f->s, &admin, &u, 0, "budi", &chg, PL_AUTH_COST_MIN, &f->err),
                     PL_EINVAL);
    assert_int_equal(pl_store_user_get(f->s, &u, "budi", NULL, 0, &f->err), 0);
    assert_true(u.disabled);
    /* Enable by name; unknown id and name. */
    chg = (pl_user_change){.disabled = 0};
    assert_int_equal(pl_user_update(f->s, &admin, &u, 0, "budi", &chg, PL_AUTH_COST_MIN, &f->err),
                     0);
    assert_false(u.disabled);
    assert_int_equal(
        pl_user_update(f->s, &admin, &u, 999999, NULL, &chg, PL_AUTH_COST_MIN, &f->err),
        PL_ENOTFOUND);
    assert_string_equal(f->err.field, "id");
    assert_int_equal(pl_user_update(f->s, &admin, &u, 0, "nobody", &chg, PL_AUTH_COST_MIN, &f->err),
                     PL_ENOTFOUND);
    /* Nobody disables the account they act as. */
    pl_actor self = {"budi", "test"};
    chg = (pl_user_change){.disabled = 1};
    assert_int_equal(pl_user_update(f->s, &self, &u, 0, "budi", &chg, PL_AUTH_COST_MIN, &f->err),
                     PL_EINVAL);
    assert_string_equal(f->err.field, "disabled");
}

static void tokens(void **state)
{
    fx *f = *state;
    add_user(f, "ani", "viewer", "");
    char token[PL_AUTH_TOKEN_MAX], digest[PL_DIGEST_HEX];
    int64_t id = 0;
    assert_int_equal(pl_user_token_new(f->s, &admin, &id, token, "ani", "api", 0, &f->err), 0);
    assert_true(id > 0);
    pl_user u;
    pl_auth_digest_hex(digest, token);
    assert_int_equal(pl_store_token_lookup(f->s, &u, digest, &f->err), 0);
    assert_string_equal(u.username, "ani");
    int n = 0;
    assert_int_equal(pl_user_token_revoke(f->s, &admin, &n, "ani", 0, &f->err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(pl_store_token_lookup(f->s, &u, digest, &f->err), PL_ENOTFOUND);
    pl_user_change chg = {.disabled = 1};
    assert_int_equal(pl_user_update(f->s, &admin, &u, 0, "ani", &chg, PL_AUTH_COST_MIN, &f->err),
                     0);
    assert_int_equal(pl_user_token_new(f->s, &admin, &id, token, "ani", "", 0, &f->err),
                     PL_EDENIED);
    assert_string_equal(token, "");
    assert_int_equal(pl_user_token_new(f->s, &admin, &id, token, "nobody", "", 0, &f->err),
                     PL_ENOTFOUND);
}

static void login_logout(void **state)
{
    fx *f = *state;
    add_user(f, "dewi", "viewer", "");
    pl_session ses;
    int retry = -1;
    assert_int_equal(
        pl_session_login(f->s, NULL, &ses, &retry, "dewi", "kuda-lari-77", "10.0.0.1", &f->err), 0);
    assert_int_equal(retry, 0);
    assert_string_equal(ses.user.username, "dewi");
    assert_int_equal(strlen(ses.id), PL_DIGEST_HEX - 1);
    assert_int_equal(strlen(ses.csrf), PL_DIGEST_HEX - 1);
    char digest[PL_DIGEST_HEX], csrf[PL_DIGEST_HEX];
    pl_user u;
    pl_auth_digest_hex(digest, ses.id);
    assert_int_equal(pl_store_session_lookup(f->s, &u, csrf, digest, 0, &f->err), 0);
    assert_string_equal(csrf, ses.csrf);
    assert_int_equal(pl_session_logout(f->s, ses.id, &u, "10.0.0.1", &f->err), 0);
    assert_int_equal(pl_store_session_lookup(f->s, &u, csrf, digest, 0, &f->err), PL_ENOTFOUND);

    /* Wrong passwords from one address: refusals, then that address waits for that account. */
    for (int i = 0; i < 5; i++) {
        assert_int_equal(
            pl_session_login(f->s, NULL, &ses, &retry, "dewi", "wrong-pass", "10.0.0.2", &f->err),
            PL_EDENIED);
        assert_int_equal(retry, 0);
        assert_string_equal(ses.id, "");
    }
    assert_int_equal(
        pl_session_login(f->s, NULL, &ses, &retry, "dewi", "kuda-lari-77", "10.0.0.2", &f->err),
        PL_ELOCKED);
    assert_true(retry > 0 && retry <= 60);
    /* The owner from another address is not locked out. */
    assert_int_equal(
        pl_session_login(f->s, NULL, &ses, &retry, "dewi", "kuda-lari-77", "10.0.0.3", &f->err), 0);
    assert_int_equal(ses.step, PL_LOGIN_OK);
    /* The wait grows: two more failures from .2 (aged past the wait) ask 4 minutes. */
    assert_int_equal(sqlite3_exec(pl_sq_of(f->s)->db,
                                  "UPDATE login_failure SET at = at - 61 WHERE key LIKE 'ua:%'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(
        pl_session_login(f->s, NULL, &ses, &retry, "dewi", "wrong-pass", "10.0.0.2", &f->err),
        PL_EDENIED);
    assert_int_equal(
        pl_session_login(f->s, NULL, &ses, &retry, "dewi", "kuda-lari-77", "10.0.0.2", &f->err),
        PL_ELOCKED);
    assert_true(retry > 60 && retry <= 120);
    /* An unknown account fails exactly like a wrong password. */
    assert_int_equal(
        pl_session_login(f->s, NULL, &ses, &retry, "nobody", "kuda-lari-77", "10.0.0.4", &f->err),
        PL_EDENIED);
}

/*
 * The account-wide soft limit: failures from many addresses slow a new
 * address down for at most a minute, never an address the account signed
 * in from.
 */
static void login_soft_limit(void **state)
{
    fx *f = *state;
    add_user(f, "fani", "viewer", "");
    pl_session_policy pol = {.pwhash_cost = PL_AUTH_COST_MIN};
    pl_session_limiter *lim = NULL;
    assert_int_equal(pl_session_limiter_new(&lim, &pol, &f->err), 0);
    pl_session ses;
    int retry = 0;
    assert_int_equal(
        pl_session_login(f->s, lim, &ses, &retry, "fani", "kuda-lari-77", "10.9.0.1", &f->err), 0);
    for (int i = 0; i < 10; i++) {
        char addr[32];
        snprintf(addr, sizeof addr, "10.8.0.%d", i);
        assert_int_equal(
            pl_session_login(f->s, lim, &ses, &retry, "fani", "wrong-pass", addr, &f->err),
            PL_EDENIED);
    }
    assert_int_equal(
        pl_session_login(f->s, lim, &ses, &retry, "fani", "kuda-lari-77", "10.7.0.1", &f->err),
        PL_ELOCKED);
    assert_true(retry > 0 && retry <= 60);
    /* After the wait every attempt is checked again: slowed, not locked. */
    sleep(2);
    assert_int_equal(
        pl_session_login(f->s, lim, &ses, &retry, "fani", "wrong-pass", "10.8.1.1", &f->err),
        PL_EDENIED);
    assert_int_equal(
        pl_session_login(f->s, lim, &ses, &retry, "fani", "kuda-lari-77", "10.7.0.1", &f->err),
        PL_ELOCKED);
    assert_true(retry > 1 && retry <= 60);
    assert_int_equal(
        pl_session_login(f->s, lim, &ses, &retry, "fani", "kuda-lari-77", "10.9.0.1", &f->err), 0);
    pl_session_limiter_free(lim);
}

/* Unknown, disabled and known accounts all cost one argon2id verification. */
static void login_timing(void **state)
{
    fx *f = *state;
    pl_user u;
    pl_user_new nu = {"gita", "viewer", "", "kuda-lari-77"};
    assert_int_equal(pl_user_add(f->s, &admin, &u, &nu, PL_AUTH_COST_INTERACTIVE, &f->err), 0);
    pl_session_policy pol = {.pwhash_cost = PL_AUTH_COST_INTERACTIVE};
    pl_session_limiter *lim = NULL;
    assert_int_equal(pl_session_limiter_new(&lim, &pol, &f->err), 0);
    pl_session ses;
    int retry;
    double t[2];
    const char *who[2] = {"gita", "tidak-ada"};
    for (int k = 0; k < 2; k++) {
        pl_session_login(f->s, lim, &ses, &retry, who[k], "salah-salah-1", "10.5.0.1", &f->err);
        /*
         * The work done, not the wall time: CPU time of this thread, which other processes on
         * a loaded machine do not inflate (argon2id in libsodium runs on the calling thread).
         */
        struct timespec a, b;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
        assert_int_equal(pl_session_login(f->s, lim, &ses, &retry, who[k], "salah-salah-1",
                                          k ? "10.5.0.3" : "10.5.0.2", &f->err),
                         PL_EDENIED);
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
        t[k] = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    }
    /* Both pay for argon2id (tens of ms of CPU); neither costs more than 3x the other. */
    assert_true(t[0] > 0.005 && t[1] > 0.005);
    assert_true(t[0] < 3 * t[1] && t[1] < 3 * t[0]);
    pl_session_limiter_free(lim);
}

/*
 * When the data base cannot keep failure counts (as on a full disk), the
 * server's in-memory table still throttles; when neither can record a
 * failure, the attempt is refused instead of let through.
 */
static void login_limit_in_memory(void **state)
{
    fx *f = *state;
    add_user(f, "eka", "admin", "");
    pl_session_policy pol = {.pwhash_cost = PL_AUTH_COST_MIN, .totp_admin_optional = true};
    pl_session_limiter *lim = NULL;
    assert_int_equal(pl_session_limiter_new(&lim, &pol, &f->err), 0);
    assert_int_equal(sqlite3_exec(pl_sq_of(f->s)->db, "DROP TABLE login_failure", NULL, NULL, NULL),
                     SQLITE_OK);
    pl_session ses;
    int retry = 0;
    for (int i = 0; i < 5; i++)
        assert_int_equal(
            pl_session_login(f->s, lim, &ses, &retry, "eka", "wrong-pass", "10.0.0.9", &f->err),
            PL_EDENIED);
    assert_int_equal(
        pl_session_login(f->s, lim, &ses, &retry, "eka", "kuda-lari-77", "10.0.0.9", &f->err),
        PL_ELOCKED);
    assert_true(retry > 0 && retry <= 60);
    /* Without the table the data base alone cannot decide: refused, never let through. */
    assert_int_not_equal(
        pl_session_login(f->s, NULL, &ses, &retry, "eka", "wrong-pass", "10.0.0.7", &f->err), 0);
    /* Fill every slot with live failures (three keys per attempt: ua, address, account). */
    int used = 3; /* ua:eka|10.0.0.9, addr:10.0.0.9, user:eka */
    for (int i = 0; used + 3 <= PL_SESSION_LIMITER_SLOTS; i++, used += 3) {
        char name[32], addr[32];
        snprintf(name, sizeof name, "orang%d", i);
        snprintf(addr, sizeof addr, "10.1.%d.%d", i / 250, i % 250);
        assert_int_equal(
            pl_session_login(f->s, lim, &ses, &retry, name, "wrong-pass", addr, &f->err),
            PL_EDENIED);
    }
    assert_int_equal(
        pl_session_login(f->s, lim, &ses, &retry, "baru", "wrong-pass", "10.2.0.1", &f->err),
        PL_EIO);
    pl_session_limiter_free(lim);
}

/* The password policy: length, common passwords, the user name, "pilar". */
static void password_policy(void **state)
{
    (void)state;
    pl_error err;
    assert_int_equal(pl_auth_password_policy("budi", "kuda-lari-77", &err), 0);
    const char *bad[] = {"password",   "password123", "Sayang2024!",    "bismillah1",
                         "indonesia",  "rahasia123",  "admin12345",     "dinsos2024",
                         "qwertyuiop", "1234567890",  "budi-rahasia-9", "Pilar-kantor-1",
                         "short-1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(pl_auth_password_policy("budi", bad[i], &err), PL_EINVAL);
        assert_string_equal(err.field, "password");
    }
    assert_non_null(
        strstr(pl_auth_password_policy("budi", "BUDI-kantor-9", &err) ? err.message : "",
               "nama pengguna"));
    /* A two-letter name is not searched for. */
    assert_int_equal(pl_auth_password_policy("op", "operasi-kantor-9", &err), 0);
}

/* A password change ends sessions (but the one kept) and revokes tokens; tokens expire and rotate.
 */
static void password_change_tokens(void **state)
{
    fx *f = *state;
    add_user(f, "hani", "viewer", "");
    pl_session a, b;
    int retry;
    assert_int_equal(
        pl_session_login(f->s, NULL, &a, &retry, "hani", "kuda-lari-77", "10.3.0.1", &f->err), 0);
    assert_int_equal(
        pl_session_login(f->s, NULL, &b, &retry, "hani", "kuda-lari-77", "10.3.0.2", &f->err), 0);
    char token[PL_AUTH_TOKEN_MAX], dt[PL_DIGEST_HEX], da[PL_DIGEST_HEX], db[PL_DIGEST_HEX],
        csrf[PL_DIGEST_HEX];
    int64_t id;
    assert_int_equal(pl_user_token_new(f->s, &admin, &id, token, "hani", "x", 3600, &f->err), 0);
    pl_auth_digest_hex(dt, token);
    pl_auth_digest_hex(da, a.id);
    pl_auth_digest_hex(db, b.id);
    pl_user u;
    /* Rotation: the new token works, the old does not. */
    char token2[PL_AUTH_TOKEN_MAX], dt2[PL_DIGEST_HEX];
    pl_token_info ti;
    assert_int_equal(pl_user_token_rotate(f->s, &admin, &ti, token2, NULL, 0, token, &f->err), 0);
    pl_auth_digest_hex(dt2, token2);
    assert_int_equal(pl_store_token_lookup(f->s, &u, dt, &f->err), PL_ENOTFOUND);
    assert_int_equal(pl_store_token_lookup(f->s, &u, dt2, &f->err), 0);
    assert_string_equal(ti.label, "x");
    assert_int_equal(pl_user_token_rotate(f->s, &admin, &ti, token2, NULL, 0, token, &f->err),
                     PL_ENOTFOUND);
    /* Wrong current password; a common new one; then the change. */
    pl_actor self = {"hani", "10.3.0.1"};
    assert_int_equal(pl_user_password_change(f->s, &self, &a.user, "salah-salah-1", "kuda-baru-88",
                                             a.id, PL_AUTH_COST_MIN, &f->err),
                     PL_EDENIED);
    assert_int_equal(pl_user_password_change(f->s, &self, &a.user, "kuda-lari-77", "password1",
                                             a.id, PL_AUTH_COST_MIN, &f->err),
                     PL_EINVAL);
    assert_int_equal(pl_store_session_lookup(f->s, &u, csrf, db, 0, &f->err), 0);
    assert_int_equal(pl_user_password_change(f->s, &self, &a.user, "kuda-lari-77", "kuda-baru-88",
                                             a.id, PL_AUTH_COST_MIN, &f->err),
                     0);
    assert_int_equal(pl_store_session_lookup(f->s, &u, csrf, da, 0, &f->err), 0);
    assert_int_equal(pl_store_session_lookup(f->s, &u, csrf, db, 0, &f->err), PL_ENOTFOUND);
    assert_int_equal(pl_store_token_lookup(f->s, &u, dt2, &f->err), PL_ENOTFOUND);
    /* An admin reset ends every session. */
    pl_user_change chg = {.password = "kuda-lagi-55", .disabled = -1};
    assert_int_equal(pl_user_update(f->s, &admin, &u, 0, "hani", &chg, PL_AUTH_COST_MIN, &f->err),
                     0);
    assert_int_equal(pl_store_session_lookup(f->s, &u, csrf, da, 0, &f->err), PL_ENOTFOUND);
    /* Expiry and idle time. */
    assert_int_equal(pl_user_token_new(f->s, &admin, &id, token, "hani", "", 3600, &f->err), 0);
    pl_auth_digest_hex(dt, token);
    assert_int_equal(pl_store_token_lookup(f->s, &u, dt, &f->err), 0);
    assert_int_equal(sqlite3_exec(pl_sq_of(f->s)->db,
                                  "UPDATE api_token SET expires_at = '2020-01-01T00:00:00Z'", NULL,
                                  NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(pl_store_token_lookup(f->s, &u, dt, &f->err), PL_ENOTFOUND);
    assert_int_equal(
        pl_session_login(f->s, NULL, &a, &retry, "hani", "kuda-lagi-55", "10.3.0.1", &f->err), 0);
    pl_auth_digest_hex(da, a.id);
    assert_int_equal(sqlite3_exec(pl_sq_of(f->s)->db,
                                  "UPDATE session SET last_seen = last_seen - 1900", NULL, NULL,
                                  NULL),
                     SQLITE_OK);
    assert_int_equal(pl_store_session_lookup(f->s, &u, csrf, da, 3600, &f->err), 0);
    assert_int_equal(pl_store_session_lookup(f->s, &u, csrf, da, 1800, &f->err), 0); /* touched */
    assert_int_equal(sqlite3_exec(pl_sq_of(f->s)->db,
                                  "UPDATE session SET last_seen = last_seen - 1900", NULL, NULL,
                                  NULL),
                     SQLITE_OK);
    assert_int_equal(pl_store_session_lookup(f->s, &u, csrf, da, 1800, &f->err), PL_ENOTFOUND);
    int64_t secs;
    assert_int_equal(pl_user_parse_duration(&secs, "30d", "x", &f->err), 0);
    assert_int_equal(secs, 30 * 86400);
    assert_int_equal(pl_user_parse_duration(&secs, "0d", "x", &f->err), PL_EINVAL);
    assert_int_equal(pl_user_parse_duration(&secs, "5y", "x", &f->err), PL_EINVAL);
}

/* TOTP: the second step, replay refused, one step of skew, recovery codes once. */
static void totp_login(void **state)
{
    fx *f = *state;
    add_user(f, "ika", "viewer", "");
    add_user(f, "joko", "admin", "");
    pl_totp_enrolment e;
    assert_int_equal(pl_totp_enable(f->s, &admin, &e, "ika", &f->err), 0);
    assert_int_equal(strlen(e.secret), 32);
    assert_non_null(strstr(e.uri, "otpauth://totp/Pilar:ika?secret="));
    pl_session_policy pol = {.pwhash_cost = PL_AUTH_COST_MIN};
    pl_session_limiter *lim = NULL;
    assert_int_equal(pl_session_limiter_new(&lim, &pol, &f->err), 0);
    pl_session ses;
    int retry;
    assert_int_equal(
        pl_session_login(f->s, lim, &ses, &retry, "ika", "kuda-lari-77", "10.4.0.1", &f->err), 0);
    assert_int_equal(ses.step, PL_LOGIN_TOTP);
    assert_string_equal(ses.id, "");
    char ch[PL_DIGEST_HEX];
    snprintf(ch, sizeof ch, "%s", ses.challenge);
    char *bin;
    size_t binlen;
    assert_int_equal(oath_base32_decode(e.secret, strlen(e.secret), &bin, &binlen), OATH_OK);
    char code[8], prev[8];
    time_t now = time(NULL);
    assert_int_equal(oath_totp_generate(bin, binlen, now - 30, 30, 0, 6, prev), OATH_OK);
    assert_int_equal(oath_totp_generate(bin, binlen, now, 30, 0, 6, code), OATH_OK);
    free(bin);
    assert_int_equal(
        pl_session_login_totp(f->s, lim, &ses, &retry, ch, "000000x", "10.4.0.1", &f->err),
        PL_EDENIED);
    /* One step behind is accepted (clock skew); then the same code is a replay. */
    assert_int_equal(pl_session_login_totp(f->s, lim, &ses, &retry, ch, prev, "10.4.0.1", &f->err),
                     0);
    assert_int_equal(ses.step, PL_LOGIN_OK);
    assert_int_equal(strlen(ses.id), PL_DIGEST_HEX - 1);
    assert_int_equal(pl_session_login_totp(f->s, lim, &ses, &retry, ch, code, "10.4.0.1", &f->err),
                     PL_ENOTFOUND); /* the challenge is spent */
    assert_int_equal(
        pl_session_login(f->s, lim, &ses, &retry, "ika", "kuda-lari-77", "10.4.0.1", &f->err), 0);
    snprintf(ch, sizeof ch, "%s", ses.challenge);
    assert_int_equal(pl_session_login_totp(f->s, lim, &ses, &retry, ch, prev, "10.4.0.1", &f->err),
                     PL_EDENIED);
    assert_non_null(strstr(f->err.message, "sudah dipakai"));
    /* A recovery code works once. */
    assert_int_equal(
        pl_session_login_totp(f->s, lim, &ses, &retry, ch, e.codes[3], "10.4.0.1", &f->err), 0);
    assert_true(ses.recovery_used);
    assert_int_equal(ses.recovery_left, PL_RECOVERY_CODES - 1);
    assert_int_equal(
        pl_session_login(f->s, lim, &ses, &retry, "ika", "kuda-lari-77", "10.4.0.1", &f->err), 0);
    snprintf(ch, sizeof ch, "%s", ses.challenge);
    assert_int_equal(
        pl_session_login_totp(f->s, lim, &ses, &retry, ch, e.codes[3], "10.4.0.1", &f->err),
        PL_EDENIED);
    /* An administrator without TOTP enrols at login. */
    assert_int_equal(
        pl_session_login(f->s, lim, &ses, &retry, "joko", "kuda-lari-77", "10.4.0.2", &f->err), 0);
    assert_int_equal(ses.step, PL_LOGIN_ENROL);
    assert_int_equal(strlen(ses.enrol.secret), 32);
    snprintf(ch, sizeof ch, "%s", ses.challenge);
    char secret[PL_TOTP_SECRET_MAX];
    snprintf(secret, sizeof secret, "%s", ses.enrol.secret);
    assert_int_equal(oath_base32_decode(secret, strlen(secret), &bin, &binlen), OATH_OK);
    assert_int_equal(oath_totp_generate(bin, binlen, time(NULL), 30, 0, 6, code), OATH_OK);
    free(bin);
    assert_int_equal(pl_session_login_totp(f->s, lim, &ses, &retry, ch, code, "10.4.0.2", &f->err),
                     0);
    assert_true(ses.enrolled);
    assert_int_equal(strlen(ses.enrol.codes[9]), 14);
    pl_user u;
    assert_int_equal(pl_store_user_get(f->s, &u, "joko", NULL, 0, &f->err), 0);
    assert_true(pl_totp_enabled(f->s, u.id));
    pl_session_limiter_free(lim);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(role_perms),
        cmocka_unit_test(role_scope),
        cmocka_unit_test(names),
        cmocka_unit_test(secrets),
        cmocka_unit_test_setup_teardown(user_add_update, setup, teardown),
        cmocka_unit_test_setup_teardown(tokens, setup, teardown),
        cmocka_unit_test_setup_teardown(login_logout, setup, teardown),
        cmocka_unit_test_setup_teardown(login_limit_in_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(login_soft_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(login_timing, setup, teardown),
        cmocka_unit_test(password_policy),
        cmocka_unit_test_setup_teardown(password_change_tokens, setup, teardown),
        cmocka_unit_test_setup_teardown(totp_login, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
