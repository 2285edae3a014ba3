/*
 * test_account.c - accounts: the pure role/scope/name rules of
 * domain/account, the secrets of service/auth, and the units of work of
 * service/user and service/session against a fresh store (add, update,
 * self-disable refused, tokens, login, rate limit, logout).
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
#include "service/user.h"
#include "store/auth.h"
#include "store/sqlite/internal.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    pl_user_new nu = {name, role, scope, "password-123"};
    assert_int_equal(pl_user_add(f->s, &admin, &u, &nu, PL_AUTH_COST_MIN, &f->err), 0);
    assert_true(u.id > 0);
}

static void user_add_update(void **state)
{
    fx *f = *state;
    pl_user u;
    pl_user_new nu = {"budi", "regency", "6474", "password-123"};
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
    pl_user_change chg = {.password = "new-password-9", .disabled = 1};
    assert_int_equal(
        pl_user_update(f->s, &admin, &u, before.id, NULL, &chg, PL_AUTH_COST_MIN, &f->err), 0);
    assert_true(u.disabled);
    assert_int_equal(u.version, before.version + 2);
    char hash[PL_PWHASH_MAX];
    assert_int_equal(pl_store_user_get(f->s, &u, "budi", hash, sizeof hash, &f->err), 0);
    assert_true(pl_auth_password_verify(hash, "new-password-9"));
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
    assert_int_equal(pl_user_token_new(f->s, &admin, &id, token, "ani", "api", &f->err), 0);
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
    assert_int_equal(pl_user_token_new(f->s, &admin, &id, token, "ani", "", &f->err), PL_EDENIED);
    assert_string_equal(token, "");
    assert_int_equal(pl_user_token_new(f->s, &admin, &id, token, "nobody", "", &f->err),
                     PL_ENOTFOUND);
}

static void login_logout(void **state)
{
    fx *f = *state;
    add_user(f, "dewi", "viewer", "");
    pl_session ses;
    int retry = -1;
    assert_int_equal(
        pl_session_login(f->s, NULL, &ses, &retry, "dewi", "password-123", "10.0.0.1", &f->err), 0);
    assert_int_equal(retry, 0);
    assert_string_equal(ses.user.username, "dewi");
    assert_int_equal(strlen(ses.id), PL_DIGEST_HEX - 1);
    assert_int_equal(strlen(ses.csrf), PL_DIGEST_HEX - 1);
    char digest[PL_DIGEST_HEX], csrf[PL_DIGEST_HEX];
    pl_user u;
    pl_auth_digest_hex(digest, ses.id);
    assert_int_equal(pl_store_session_lookup(f->s, &u, csrf, digest, &f->err), 0);
    assert_string_equal(csrf, ses.csrf);
    assert_int_equal(pl_session_logout(f->s, ses.id, &u, "10.0.0.1", &f->err), 0);
    assert_int_equal(pl_store_session_lookup(f->s, &u, csrf, digest, &f->err), PL_ENOTFOUND);

    /* Wrong passwords: 401-like refusals, then the account is throttled. */
    for (int i = 0; i < 5; i++) {
        assert_int_equal(
            pl_session_login(f->s, NULL, &ses, &retry, "dewi", "wrong-pass", "10.0.0.2", &f->err),
            PL_EDENIED);
        assert_int_equal(retry, 0);
        assert_string_equal(ses.id, "");
    }
    assert_int_equal(
        pl_session_login(f->s, NULL, &ses, &retry, "dewi", "password-123", "10.0.0.3", &f->err),
        PL_ELOCKED);
    assert_true(retry > 0);
    /* An unknown account fails exactly like a wrong password. */
    assert_int_equal(
        pl_session_login(f->s, NULL, &ses, &retry, "nobody", "password-123", "10.0.0.4", &f->err),
        PL_EDENIED);
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
    pl_session_limiter *lim = NULL;
    assert_int_equal(pl_session_limiter_new(&lim, &f->err), 0);
    assert_int_equal(sqlite3_exec(f->s->db, "DROP TABLE login_failure", NULL, NULL, NULL),
                     SQLITE_OK);
    pl_session ses;
    int retry = 0;
    for (int i = 0; i < 5; i++)
        assert_int_equal(
            pl_session_login(f->s, lim, &ses, &retry, "eka", "wrong-pass", "10.0.0.9", &f->err),
            PL_EDENIED);
    assert_int_equal(
        pl_session_login(f->s, lim, &ses, &retry, "eka", "password-123", "10.0.0.8", &f->err),
        PL_ELOCKED);
    assert_true(retry > 0 && retry <= 15 * 60);
    /* Without the table the data base alone cannot decide: refused, never let through. */
    assert_int_not_equal(
        pl_session_login(f->s, NULL, &ses, &retry, "eka", "wrong-pass", "10.0.0.7", &f->err), 0);
    /* Fill every slot with live failures (two keys per attempt: account and address). */
    int used = 2; /* user:eka, addr:10.0.0.9 */
    for (int i = 0; used + 2 <= PL_SESSION_LIMITER_SLOTS; i++, used += 2) {
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
