/*
 * auth.c - accounts, API tokens, sessions and login-failure counters on PostgreSQL (SQLite:
 * src/store/sqlite/auth.c). Sessions, tokens and the login throttle live in the data base
 * only, so several `pilar serve` processes on one data base share them.
 */
#include "store/pg/internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define U_COLS                                                                                     \
    "u.id, u.username, u.role, u.scope, u.disabled, u.version, u.created_at, u.created_by"

/* Now in unix seconds, truncated like SQLite's strftime('%s'). */
#define PG_UNIX "floor(extract(epoch FROM statement_timestamp()))::bigint"
/* Now plus P seconds as "YYYY-MM-DDTHH:MM:SSZ" (UTC). */
#define PG_NOW_PLUS(P)                                                                             \
    "to_char((statement_timestamp() + make_interval(secs => " P "::bigint)) AT TIME ZONE 'UTC', "  \
    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

static void read_user(pl_user *u, const PGresult *r, int row)
{
    u->id = pl_pg_int(r, row, 0);
    pl_pg_copy(u->username, sizeof u->username, r, row, 1);
    pl_pg_copy(u->role, sizeof u->role, r, row, 2);
    pl_pg_copy(u->scope, sizeof u->scope, r, row, 3);
    u->disabled = pl_pg_int(r, row, 4) != 0;
    u->version = pl_pg_int(r, row, 5);
    pl_pg_copy(u->created_at, sizeof u->created_at, r, row, 6);
    pl_pg_copy(u->created_by, sizeof u->created_by, r, row, 7);
}

int pl_pg_user_add(pl_pg_store *s, const pl_actor *who, pl_user *u, const char *password_hash,
                   pl_error *err)
{
    static const char sql[] =
        "INSERT INTO app_user(username, role, scope, password_hash, disabled, created_at, "
        "created_by) VALUES($1, $2, $3, $4, $5::bigint, pl_now(), $6)";
    bool own;
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    const char *p[] = {u->username,
                       u->role,
                       u->scope,
                       password_hash && password_hash[0] ? password_hash : NULL,
                       pl_pg_b(u->disabled),
                       s->actor};
    rc = pl_pg_command(s, sql, 6, p, err, "app_user");
    if (rc == PL_ECONFLICT)
        pl_error_set(err, PL_ECONFLICT, "username", "pengguna '%s' sudah ada", u->username);
    else if (rc == PL_EINVAL)
        pl_error_set(err, PL_EINVAL, "role", "peran '%s' tidak dikenal", u->role);
    if ((rc = pl_pg_tx_end(s, own, rc, err)))
        return rc;
    char name[PL_USERNAME_MAX];
    snprintf(name, sizeof name, "%s", u->username);
    return pl_pg_user_get(s, u, name, NULL, 0, err);
}

int pl_pg_user_get(pl_pg_store *s, pl_user *out, const char *username, char *hash, size_t hash_cap,
                   pl_error *err)
{
    static const char sql[] =
        "SELECT " U_COLS ", u.password_hash FROM app_user u WHERE u.username = $1";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {username};
    PGresult *r = pl_pg_query(s, sql, 1, p, err, "app_user");
    if (r == NULL)
        return err->code;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return pl_error_set(err, PL_ENOTFOUND, "username", "pengguna '%s' tidak ditemukan",
                            username);
    }
    memset(out, 0, sizeof *out);
    read_user(out, r, 0);
    if (hash)
        pl_pg_copy(hash, hash_cap, r, 0, 8);
    PQclear(r);
    return 0;
}

PL_PG_ROWS(user_rows, pl_user, pl_user_cb, read_user, "app_user");

int pl_pg_user_list(pl_pg_store *s, pl_user_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT " U_COLS " FROM app_user u ORDER BY u.username";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    return pl_pg_each(s, sql, 0, NULL, &user_rows, NULL, PL_PG_FN(cb), ctx, err);
}

/* Runs a one-row UPDATE of app_user; NOTFOUND naming username when it changed no row. */
static int user_update(pl_pg_store *s, const char *sql, int n, const char *const *p,
                       const char *username, pl_error *err)
{
    PGresult *r = pl_pg_query(s, sql, n, p, err, "app_user");
    if (r == NULL)
        return err->code;
    bool none = strcmp(PQcmdTuples(r), "0") == 0;
    PQclear(r);
    if (none)
        return pl_error_set(err, PL_ENOTFOUND, "username", "pengguna '%s' tidak ditemukan",
                            username);
    return 0;
}

int pl_pg_user_set_password(pl_pg_store *s, const pl_actor *who, const char *username,
                            const char *password_hash, const char *keep_session, pl_error *err)
{
    static const char sql[] =
        "UPDATE app_user SET password_hash = $2, version = version + 1 WHERE username = $1";
    static const char sql_sessions[] =
        "DELETE FROM session WHERE user_id = (SELECT id FROM app_user WHERE username = $1) "
        "AND id_hash IS DISTINCT FROM $2";
    static const char sql_tokens[] =
        "UPDATE api_token SET revoked_at = pl_now() WHERE revoked_at IS NULL "
        "AND user_id = (SELECT id FROM app_user WHERE username = $1)";
    bool own;
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    const char *p[] = {username, password_hash};
    const char *ps[] = {username, keep_session && keep_session[0] ? keep_session : NULL};
    if ((rc = user_update(s, sql, 2, p, username, err)) == 0 &&
        (rc = pl_pg_command(s, sql_sessions, 2, ps, err, "session")) == 0)
        rc = pl_pg_command(s, sql_tokens, 1, p, err, "api_token");
    return pl_pg_tx_end(s, own, rc, err);
}

int pl_pg_user_set_disabled(pl_pg_store *s, const pl_actor *who, const char *username,
                            bool disabled, pl_error *err)
{
    static const char sql[] =
        "UPDATE app_user SET disabled = $2::bigint, version = version + 1 WHERE username = $1";
    static const char sql_sessions[] =
        "DELETE FROM session WHERE user_id = (SELECT id FROM app_user WHERE username = $1)";
    bool own;
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    const char *p[] = {username, pl_pg_b(disabled)};
    if ((rc = user_update(s, sql, 2, p, username, err)) == 0 && disabled)
        rc = pl_pg_command(s, sql_sessions, 1, p, err, "session");
    return pl_pg_tx_end(s, own, rc, err);
}

/* Writes an audit row of app_user id whose after image is v (consumed). */
static int audit_json(pl_pg_store *s, const pl_actor *who, const char *action, int64_t id,
                      json_t *v, pl_error *err)
{
    char *after = v ? json_dumps(v, JSON_COMPACT) : NULL;
    json_decref(v);
    if (after == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    int rc = pl_pg_audit_add(s, who, action, "app_user", id, NULL, after, err);
    free(after);
    return rc;
}

int pl_pg_token_add(pl_pg_store *s, const pl_actor *who, int64_t user_id, const char *token_digest,
                    const char *label, int64_t ttl_seconds, int64_t *id, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO api_token(user_id, token_hash, label, created_at, expires_at) "
        "VALUES($1::bigint, $2, $3, pl_now(), " PG_NOW_PLUS("$4") ") RETURNING id";
    if (ttl_seconds <= 0)
        return pl_error_set(err, PL_EINVAL, "expires_in", "masa berlaku token harus lebih dari 0");
    bool own;
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num a, b;
    const char *p[] = {pl_pg_i64(&a, user_id), token_digest, label ? label : "",
                       pl_pg_i64(&b, ttl_seconds)};
    if ((rc = pl_pg_scalar_i64(s, sql, 4, p, id, err, "api_token")) == 0)
        rc = audit_json(s, who, "token_add", user_id,
                        json_pack("{s:I}", "token_id", (json_int_t)*id), err);
    return pl_pg_tx_end(s, own, rc, err);
}

int pl_pg_token_revoke(pl_pg_store *s, const pl_actor *who, const char *username, int64_t token_id,
                       int *n, pl_error *err)
{
    static const char sql[] =
        "UPDATE api_token SET revoked_at = pl_now() "
        "WHERE user_id = $1::bigint AND revoked_at IS NULL AND ($2::bigint = 0 OR id = $2::bigint)";
    *n = 0;
    pl_user u;
    int rc = pl_pg_user_get(s, &u, username, NULL, 0, err);
    if (rc)
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num a, b;
    const char *p[] = {pl_pg_i64(&a, u.id), pl_pg_i64(&b, token_id)};
    PGresult *r = pl_pg_query(s, sql, 2, p, err, "api_token");
    if (r == NULL) {
        rc = err->code;
        goto out;
    }
    *n = atoi(PQcmdTuples(r));
    PQclear(r);
    if (*n == 0 && token_id) {
        rc = pl_error_set(err, PL_ENOTFOUND, "token",
                          "token %lld milik %s tidak ada atau "
                          "sudah dicabut",
                          (long long)token_id, username);
        goto out;
    }
    rc = audit_json(s, who, "token_revoke", u.id,
                    json_pack("{s:I,s:i}", "token_id", (json_int_t)token_id, "revoked", *n), err);
out:
    rc = pl_pg_tx_end(s, own, rc, err);
    if (rc)
        *n = 0;
    return rc;
}

static void read_token(pl_token_info *t, const PGresult *r, int row)
{
    t->id = pl_pg_int(r, row, 0);
    pl_pg_copy(t->label, sizeof t->label, r, row, 1);
    pl_pg_copy(t->created_at, sizeof t->created_at, r, row, 2);
    pl_pg_copy(t->revoked_at, sizeof t->revoked_at, r, row, 3);
    pl_pg_copy(t->expires_at, sizeof t->expires_at, r, row, 4);
    t->expired = pl_pg_int(r, row, 5) != 0;
}

PL_PG_ROWS(token_rows, pl_token_info, pl_token_cb, read_token, "api_token");

int pl_pg_token_list(pl_pg_store *s, const char *username, pl_token_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT id, label, created_at, revoked_at, expires_at, "
        "coalesce(expires_at <= pl_now(), false) FROM api_token WHERE user_id = $1::bigint "
        "ORDER BY id";
    pl_user u;
    int rc = pl_pg_user_get(s, &u, username, NULL, 0, err);
    if (rc)
        return rc;
    pl_pg_num a;
    const char *p[] = {pl_pg_i64(&a, u.id)};
    return pl_pg_each(s, sql, 1, p, &token_rows, NULL, PL_PG_FN(cb), ctx, err);
}

int pl_pg_token_lookup(pl_pg_store *s, pl_user *out, const char *token_digest, pl_error *err)
{
    static const char sql[] =
        "SELECT " U_COLS " FROM api_token t JOIN app_user u ON u.id = t.user_id "
        "WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled = 0 "
        "AND (t.expires_at IS NULL OR t.expires_at > pl_now())";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {token_digest};
    PGresult *r = pl_pg_query(s, sql, 1, p, err, "token");
    if (r == NULL)
        return err->code;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return pl_error_set(err, PL_ENOTFOUND, "", "token tidak berlaku");
    }
    memset(out, 0, sizeof *out);
    read_user(out, r, 0);
    PQclear(r);
    return 0;
}

int pl_pg_session_add(pl_pg_store *s, const char *id_digest, int64_t user_id, const char *csrf,
                      int ttl_seconds, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO session(id_hash, user_id, csrf, created_at, expires_at, last_seen) "
        "VALUES($1, $2::bigint, $3, pl_now(), " PG_NOW_PLUS("$4") ", " PG_UNIX ")";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num a, b;
    const char *p[] = {id_digest, pl_pg_i64(&a, user_id), csrf, pl_pg_i64(&b, ttl_seconds)};
    return pl_pg_command(s, sql, 4, p, err, "session");
}

int pl_pg_session_lookup(pl_pg_store *s, pl_user *out, char *csrf, const char *id_digest,
                         int idle_seconds, pl_error *err)
{
    static const char sql[] = "SELECT " U_COLS ", x.csrf, " PG_UNIX " - x.last_seen FROM session x "
                              "JOIN app_user u ON u.id = x.user_id "
                              "WHERE x.id_hash = $1 AND x.expires_at > pl_now() AND u.disabled = 0 "
                              "AND ($2::bigint <= 0 OR x.last_seen > " PG_UNIX " - $2::bigint)";
    /* Seen at most once a minute: a request is not a write. */
    static const char sql_seen[] = "UPDATE session SET last_seen = " PG_UNIX " WHERE id_hash = $1";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num a;
    const char *p[] = {id_digest, pl_pg_i64(&a, idle_seconds)};
    PGresult *r = pl_pg_query(s, sql, 2, p, err, "sesi");
    if (r == NULL)
        return err->code;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return pl_error_set(err, PL_ENOTFOUND, "", "sesi tidak berlaku");
    }
    memset(out, 0, sizeof *out);
    read_user(out, r, 0);
    if (csrf)
        pl_pg_copy(csrf, PL_DIGEST_HEX, r, 0, 8);
    int64_t idle = pl_pg_int(r, 0, 9);
    PQclear(r);
    if (idle >= 60) {
        pl_error ignored;
        pl_error_clear(&ignored);
        pl_pg_command(s, sql_seen, 1, p, &ignored, "session");
    }
    return 0;
}

int pl_pg_session_delete(pl_pg_store *s, const char *id_digest, pl_error *err)
{
    static const char sql[] = "DELETE FROM session WHERE id_hash = $1 OR expires_at <= pl_now()";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {id_digest};
    return pl_pg_command(s, sql, 1, p, err, "session");
}

int pl_pg_login_failures(pl_pg_store *s, const char *key, int window_seconds, int *count,
                         int *newest_age, pl_error *err)
{
    static const char sql[] = "SELECT count(*), " PG_UNIX " - max(at) FROM login_failure "
                              "WHERE key = $1 AND at > " PG_UNIX " - $2::bigint";
    *count = 0;
    *newest_age = 0;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num a;
    const char *p[] = {key, pl_pg_i64(&a, window_seconds)};
    PGresult *r = pl_pg_query(s, sql, 2, p, err, "login_failure");
    if (r == NULL)
        return err->code;
    *count = (int)pl_pg_int(r, 0, 0);
    if (*count > 0) {
        int64_t age = pl_pg_int(r, 0, 1);
        *newest_age = age > 0 ? (int)age : 0;
    }
    PQclear(r);
    return 0;
}

int pl_pg_login_failure_add(pl_pg_store *s, const char *key, pl_error *err)
{
    /* One statement: the purge and the new row commit together. */
    static const char sql[] =
        "WITH purge AS (DELETE FROM login_failure WHERE at < " PG_UNIX " - 86400) "
        "INSERT INTO login_failure(key, at) VALUES($1, " PG_UNIX ")";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {key};
    return pl_pg_command(s, sql, 1, p, err, "login_failure");
}

int pl_pg_login_failure_clear(pl_pg_store *s, const char *key, pl_error *err)
{
    static const char sql[] = "DELETE FROM login_failure WHERE key = $1";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {key};
    return pl_pg_command(s, sql, 1, p, err, "login_failure");
}
