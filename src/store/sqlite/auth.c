/* auth.c - accounts, API tokens, sessions and login-failure counters. */
#include "store/sqlite/internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define U_COLS                                                                                     \
    "u.id, u.username, u.role, u.scope, u.disabled, u.version, u.created_at, u.created_by"

static void row_to_user(pl_user *u, sqlite3_stmt *st)
{
    memset(u, 0, sizeof *u);
    u->id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(u->username, sizeof u->username, st, 1);
    pl_sq_col_text(u->role, sizeof u->role, st, 2);
    pl_sq_col_text(u->scope, sizeof u->scope, st, 3);
    u->disabled = sqlite3_column_int(st, 4) != 0;
    u->version = sqlite3_column_int64(st, 5);
    pl_sq_col_text(u->created_at, sizeof u->created_at, st, 6);
    pl_sq_col_text(u->created_by, sizeof u->created_by, st, 7);
}

int pl_sq_user_add(pl_sq_store *s, const pl_actor *who, pl_user *u, const char *password_hash,
                   pl_error *err)
{
    static const char sql[] =
        "INSERT INTO app_user(username, role, scope, password_hash, disabled, created_at, "
        "created_by) VALUES(?1, ?2, ?3, ?4, ?5, " PL_SQ_NOW ", ?6)";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, u->username, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, u->role, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, u->scope, -1, SQLITE_STATIC);
    pl_sq_bind_text_or_null(st, 4, password_hash);
    sqlite3_bind_int(st, 5, u->disabled ? 1 : 0);
    sqlite3_bind_text(st, 6, s->actor, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        rc = pl_sq_step_error(s, rc, err, "app_user");
        if (rc == PL_ECONFLICT)
            pl_error_set(err, PL_ECONFLICT, "username", "pengguna '%s' sudah ada", u->username);
        else if (rc == PL_EINVAL)
            pl_error_set(err, PL_EINVAL, "role", "peran '%s' tidak dikenal", u->role);
        return rc;
    }
    return pl_sq_user_get(s, u, u->username, NULL, 0, err);
}

int pl_sq_user_get(pl_sq_store *s, pl_user *out, const char *username, char *hash, size_t hash_cap,
                   pl_error *err)
{
    static const char sql[] =
        "SELECT " U_COLS ", u.password_hash FROM app_user u WHERE u.username = ?1";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, username, -1, SQLITE_TRANSIENT);
    rc = pl_sq_row(s, st, "app_user", err);
    if (rc != 1)
        return rc ? rc
                  : pl_error_set(err, PL_ENOTFOUND, "username", "pengguna '%s' tidak ditemukan",
                                 username);
    row_to_user(out, st);
    if (hash)
        pl_sq_col_text(hash, hash_cap, st, 8);
    sqlite3_reset(st);
    return 0;
}

PL_SQ_ROWS(user_rows, pl_user, pl_user_cb, row_to_user, "app_user");

int pl_sq_user_list(pl_sq_store *s, pl_user_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT " U_COLS " FROM app_user u ORDER BY u.username";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    return pl_sq_each(s, st, &user_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

/* Runs a one-row UPDATE of app_user keyed by ?1 = username; NOTFOUND when no row. */
static int user_update(pl_sq_store *s, sqlite3_stmt *st, const char *username, pl_error *err)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE)
        return pl_sq_step_error(s, rc, err, "app_user");
    if (sqlite3_changes(s->db) == 0)
        return pl_error_set(err, PL_ENOTFOUND, "username", "pengguna '%s' tidak ditemukan",
                            username);
    return 0;
}

int pl_sq_user_set_password(pl_sq_store *s, const pl_actor *who, const char *username,
                            const char *password_hash, const char *keep_session, pl_error *err)
{
    static const char sql[] =
        "UPDATE app_user SET password_hash = ?2, version = version + 1 WHERE username = ?1";
    static const char sql_sessions[] =
        "DELETE FROM session WHERE user_id = (SELECT id FROM app_user WHERE username = ?1) "
        "AND id_hash IS NOT ?2";
    static const char sql_tokens[] =
        "UPDATE api_token SET revoked_at = " PL_SQ_NOW " WHERE revoked_at IS NULL "
        "AND user_id = (SELECT id FROM app_user WHERE username = ?1)";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, username, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, password_hash, -1, SQLITE_TRANSIENT);
    if ((rc = user_update(s, st, username, err)))
        return rc;
    PL_SQ_PREP(ses, sql_sessions);
    sqlite3_bind_text(ses, 1, username, -1, SQLITE_TRANSIENT);
    pl_sq_bind_text_or_null(ses, 2, keep_session);
    if ((rc = pl_sq_done(s, ses, err, "session")))
        return rc;
    PL_SQ_PREP(tok, sql_tokens);
    sqlite3_bind_text(tok, 1, username, -1, SQLITE_TRANSIENT);
    return pl_sq_done(s, tok, err, "api_token");
}

int pl_sq_user_set_disabled(pl_sq_store *s, const pl_actor *who, const char *username,
                            bool disabled, pl_error *err)
{
    static const char sql[] =
        "UPDATE app_user SET disabled = ?2, version = version + 1 WHERE username = ?1";
    static const char sql_sessions[] =
        "DELETE FROM session WHERE user_id = (SELECT id FROM app_user WHERE username = ?1)";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, username, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, disabled ? 1 : 0);
    if ((rc = user_update(s, st, username, err)) || !disabled)
        return rc;
    if ((st = pl_sq_stmt(s, sql_sessions, err)) == NULL)
        return PL_EINTERNAL;
    sqlite3_bind_text(st, 1, username, -1, SQLITE_TRANSIENT);
    return pl_sq_done(s, st, err, "session");
}

/* Writes an audit row of app_user id whose after image is v (consumed). */
static int audit_json(pl_sq_store *s, const pl_actor *who, const char *action, int64_t id,
                      json_t *v, pl_error *err)
{
    char *after = v ? json_dumps(v, JSON_COMPACT) : NULL;
    json_decref(v);
    if (after == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    int rc = pl_sq_audit_add(s, who, action, "app_user", id, NULL, after, err);
    free(after);
    return rc;
}

int pl_sq_token_add(pl_sq_store *s, const pl_actor *who, int64_t user_id, const char *token_digest,
                    const char *label, int64_t ttl_seconds, int64_t *id, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO api_token(user_id, token_hash, label, created_at, expires_at) "
        "VALUES(?1, ?2, ?3, " PL_SQ_NOW ", "
        "strftime('%Y-%m-%dT%H:%M:%SZ','now', '+' || ?4 || ' seconds'))";
    if (ttl_seconds <= 0)
        return pl_error_set(err, PL_EINVAL, "expires_in", "masa berlaku token harus lebih dari 0");
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_text(st, 2, token_digest, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, label ? label : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, ttl_seconds);
    if ((rc = pl_sq_done(s, st, err, "api_token")))
        return rc;
    *id = sqlite3_last_insert_rowid(s->db);
    return audit_json(s, who, "token_add", user_id, json_pack("{s:I}", "token_id", (json_int_t)*id),
                      err);
}

int pl_sq_token_revoke(pl_sq_store *s, const pl_actor *who, const char *username, int64_t token_id,
                       int *n, pl_error *err)
{
    static const char sql[] = "UPDATE api_token SET revoked_at = " PL_SQ_NOW " "
                              "WHERE user_id = ?1 AND revoked_at IS NULL AND (?2 = 0 OR id = ?2)";
    *n = 0;
    pl_user u;
    int rc = pl_sq_user_get(s, &u, username, NULL, 0, err);
    if (rc)
        return rc;
    PL_SQ_PREP(st, sql);
    sqlite3_bind_int64(st, 1, u.id);
    sqlite3_bind_int64(st, 2, token_id);
    if ((rc = pl_sq_done(s, st, err, "api_token")))
        return rc;
    *n = sqlite3_changes(s->db);
    if (*n == 0 && token_id)
        return pl_error_set(err, PL_ENOTFOUND, "token",
                            "token %lld milik %s tidak ada atau "
                            "sudah dicabut",
                            (long long)token_id, username);
    return audit_json(s, who, "token_revoke", u.id,
                      json_pack("{s:I,s:i}", "token_id", (json_int_t)token_id, "revoked", *n), err);
}

static void read_token(pl_token_info *t, sqlite3_stmt *st)
{
    memset(t, 0, sizeof *t);
    t->id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(t->label, sizeof t->label, st, 1);
    pl_sq_col_text(t->created_at, sizeof t->created_at, st, 2);
    pl_sq_col_text(t->revoked_at, sizeof t->revoked_at, st, 3);
    pl_sq_col_text(t->expires_at, sizeof t->expires_at, st, 4);
    t->expired = sqlite3_column_int(st, 5) != 0;
}

PL_SQ_ROWS(token_rows, pl_token_info, pl_token_cb, read_token, "api_token");

int pl_sq_token_list(pl_sq_store *s, const char *username, pl_token_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT id, label, created_at, revoked_at, expires_at, "
        "coalesce(expires_at <= " PL_SQ_NOW ", 0) FROM api_token WHERE user_id = ?1 ORDER BY id";
    pl_user u;
    int rc = pl_sq_user_get(s, &u, username, NULL, 0, err);
    if (rc)
        return rc;
    PL_SQ_PREP(st, sql);
    sqlite3_bind_int64(st, 1, u.id);
    return pl_sq_each(s, st, &token_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

/* Steps a one-user lookup; NOTFOUND when no row. csrf (may be NULL) gets column 8. */
static int user_lookup(pl_sq_store *s, sqlite3_stmt *st, pl_user *out, char *csrf, pl_error *err,
                       const char *what)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        row_to_user(out, st);
        if (csrf)
            pl_sq_col_text(csrf, PL_DIGEST_HEX, st, 8);
        sqlite3_reset(st);
        return 0;
    }
    if (rc != SQLITE_DONE)
        return pl_sq_step_error(s, rc, err, what);
    return pl_error_set(err, PL_ENOTFOUND, "", "%s tidak berlaku", what);
}

int pl_sq_token_lookup(pl_sq_store *s, pl_user *out, const char *token_digest, pl_error *err)
{
    static const char sql[] =
        "SELECT " U_COLS " FROM api_token t JOIN app_user u ON u.id = t.user_id "
        "WHERE t.token_hash = ?1 AND t.revoked_at IS NULL AND u.disabled = 0 "
        "AND (t.expires_at IS NULL OR t.expires_at > " PL_SQ_NOW ")";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, token_digest, -1, SQLITE_TRANSIENT);
    return user_lookup(s, st, out, NULL, err, "token");
}

int pl_sq_session_add(pl_sq_store *s, const char *id_digest, int64_t user_id, const char *csrf,
                      int ttl_seconds, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO session(id_hash, user_id, csrf, created_at, expires_at, last_seen) "
        "VALUES(?1, ?2, ?3, " PL_SQ_NOW ", "
        "strftime('%Y-%m-%dT%H:%M:%SZ','now', '+' || ?4 || ' seconds'), " PL_SQ_UNIX ")";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, id_digest, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_text(st, 3, csrf, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 4, ttl_seconds);
    return pl_sq_done(s, st, err, "session");
}

int pl_sq_session_lookup(pl_sq_store *s, pl_user *out, char *csrf, const char *id_digest,
                         int idle_seconds, pl_error *err)
{
    static const char sql[] =
        "SELECT " U_COLS ", x.csrf, " PL_SQ_UNIX " - x.last_seen FROM session x "
        "JOIN app_user u ON u.id = x.user_id "
        "WHERE x.id_hash = ?1 AND x.expires_at > " PL_SQ_NOW " AND u.disabled = 0 "
        "AND (?2 <= 0 OR x.last_seen > " PL_SQ_UNIX " - ?2)";
    /* Seen at most once a minute: a request is not a write. */
    static const char sql_seen[] =
        "UPDATE session SET last_seen = " PL_SQ_UNIX " WHERE id_hash = ?1";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, id_digest, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, idle_seconds);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        if (rc != SQLITE_DONE)
            return pl_sq_step_error(s, rc, err, "sesi");
        sqlite3_reset(st);
        return pl_error_set(err, PL_ENOTFOUND, "", "sesi tidak berlaku");
    }
    row_to_user(out, st);
    if (csrf)
        pl_sq_col_text(csrf, PL_DIGEST_HEX, st, 8);
    int64_t idle = sqlite3_column_int64(st, 9);
    sqlite3_reset(st);
    if (idle >= 60) {
        pl_error ignored;
        sqlite3_stmt *up = pl_sq_stmt(s, sql_seen, &ignored);
        if (up) {
            sqlite3_bind_text(up, 1, id_digest, -1, SQLITE_TRANSIENT);
            pl_sq_done(s, up, &ignored, "session");
        }
    }
    return 0;
}

int pl_sq_session_delete(pl_sq_store *s, const char *id_digest, pl_error *err)
{
    static const char sql[] = "DELETE FROM session WHERE id_hash = ?1 "
                              "OR expires_at <= " PL_SQ_NOW;
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, id_digest, -1, SQLITE_TRANSIENT);
    return pl_sq_done(s, st, err, "session");
}

int pl_sq_login_failures(pl_sq_store *s, const char *key, int window_seconds, int *count,
                         int *newest_age, pl_error *err)
{
    static const char sql[] = "SELECT count(*), " PL_SQ_UNIX " - max(at) FROM login_failure "
                              "WHERE key = ?1 AND at > " PL_SQ_UNIX " - ?2";
    *count = 0;
    *newest_age = 0;
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, window_seconds);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return pl_sq_step_error(s, rc, err, "login_failure");
    *count = sqlite3_column_int(st, 0);
    if (*count > 0) {
        int64_t age = sqlite3_column_int64(st, 1);
        *newest_age = age > 0 ? (int)age : 0;
    }
    sqlite3_reset(st);
    return 0;
}

int pl_sq_login_failure_add(pl_sq_store *s, const char *key, pl_error *err)
{
    static const char sql_purge[] =
        "DELETE FROM login_failure WHERE at < CAST(strftime('%s','now') AS INTEGER) - 86400";
    static const char sql[] =
        "INSERT INTO login_failure(key, at) VALUES(?1, CAST(strftime('%s','now') AS INTEGER))";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql_purge, err);
    if (rc)
        return rc;
    if ((rc = pl_sq_done(s, st, err, "login_failure")))
        return rc;
    if ((st = pl_sq_stmt(s, sql, err)) == NULL)
        return PL_EINTERNAL;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    return pl_sq_done(s, st, err, "login_failure");
}

int pl_sq_login_failure_clear(pl_sq_store *s, const char *key, pl_error *err)
{
    static const char sql[] = "DELETE FROM login_failure WHERE key = ?1";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    return pl_sq_done(s, st, err, "login_failure");
}
