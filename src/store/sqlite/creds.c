/* creds.c - TOTP secrets, recovery codes, login challenges, known addresses, token rotation. */
#include "store/creds.h"
#include "store/audit.h"
#include "store/sqlite/internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* An audit row of app_user id whose after image is v (consumed). */
static int audit_user(pl_sq_store *s, const pl_actor *who, const char *action, int64_t id,
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

int pl_sq_totp_get(pl_sq_store *s, int64_t user_id, char *secret, int64_t *last_step, pl_error *err)
{
    static const char sql[] = "SELECT secret, last_step FROM user_totp WHERE user_id = ?1";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, user_id);
    rc = pl_sq_row(s, st, "user_totp", err);
    if (rc != 1)
        return rc ? rc : pl_error_set(err, PL_ENOTFOUND, "totp", "TOTP belum diaktifkan");
    if (secret)
        pl_sq_col_text(secret, PL_TOTP_SECRET_MAX, st, 0);
    if (last_step)
        *last_step = sqlite3_column_int64(st, 1);
    sqlite3_reset(st);
    return 0;
}

int pl_sq_totp_set(pl_sq_store *s, const pl_actor *who, int64_t user_id, const char *secret,
                   int64_t last_step, const char (*codes)[PL_DIGEST_HEX], pl_error *err)
{
    static const char sql_totp[] =
        "INSERT OR REPLACE INTO user_totp(user_id, secret, last_step, created_at) "
        "VALUES(?1, ?2, ?3, " PL_SQ_NOW ")";
    static const char sql_clear[] = "DELETE FROM recovery_code WHERE user_id = ?1";
    static const char sql_code[] = "INSERT INTO recovery_code(user_id, code_hash) VALUES(?1, ?2)";
    bool own;
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql_totp, err);
    if (rc || (rc = pl_sq_tx_begin(s, &own, err)))
        return rc;
    PL_SQ_TX_STEP(sql_totp,
                  (sqlite3_bind_int64(st_, 1, user_id),
                   sqlite3_bind_text(st_, 2, secret, -1, SQLITE_TRANSIENT),
                   sqlite3_bind_int64(st_, 3, last_step)),
                  "user_totp");
    PL_SQ_TX_STEP(sql_clear, sqlite3_bind_int64(st_, 1, user_id), "recovery_code");
    for (int i = 0; i < PL_RECOVERY_CODES; i++)
        PL_SQ_TX_STEP(sql_code,
                      (sqlite3_bind_int64(st_, 1, user_id),
                       sqlite3_bind_text(st_, 2, codes[i], -1, SQLITE_TRANSIENT)),
                      "recovery_code");
    rc = audit_user(s, who, "totp_enable", user_id,
                    json_pack("{s:i}", "recovery_codes", PL_RECOVERY_CODES), err);
fail:
    return pl_sq_tx_end(s, own, rc, err);
}

int pl_sq_totp_delete(pl_sq_store *s, const pl_actor *who, int64_t user_id, pl_error *err)
{
    static const char sql[] = "DELETE FROM user_totp WHERE user_id = ?1";
    static const char sql_codes[] = "DELETE FROM recovery_code WHERE user_id = ?1";
    bool own;
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc || (rc = pl_sq_tx_begin(s, &own, err)))
        return rc;
    PL_SQ_TX_STEP(sql, sqlite3_bind_int64(st_, 1, user_id), "user_totp");
    if (sqlite3_changes(s->db) == 0) {
        rc = pl_error_set(err, PL_ENOTFOUND, "totp", "TOTP belum diaktifkan");
        goto fail;
    }
    PL_SQ_TX_STEP(sql_codes, sqlite3_bind_int64(st_, 1, user_id), "recovery_code");
    rc = audit_user(s, who, "totp_disable", user_id, json_object(), err);
fail:
    return pl_sq_tx_end(s, own, rc, err);
}

int pl_sq_totp_use_step(pl_sq_store *s, int64_t user_id, int64_t step, pl_error *err)
{
    static const char sql[] =
        "UPDATE user_totp SET last_step = ?2 WHERE user_id = ?1 AND last_step < ?2";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, step);
    if ((rc = pl_sq_done(s, st, err, "user_totp")))
        return rc;
    if (sqlite3_changes(s->db) == 0)
        return pl_error_set(err, PL_ECONFLICT, "code",
                            "kode ini sudah dipakai; tunggu kode berikutnya");
    return 0;
}

int pl_sq_recovery_use(pl_sq_store *s, int64_t user_id, const char *digest, int *left,
                       pl_error *err)
{
    static const char sql[] = "UPDATE recovery_code SET used_at = " PL_SQ_NOW " "
                              "WHERE user_id = ?1 AND code_hash = ?2 AND used_at IS NULL";
    static const char sql_left[] =
        "SELECT count(*) FROM recovery_code WHERE user_id = ?1 AND used_at IS NULL";
    *left = 0;
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_text(st, 2, digest, -1, SQLITE_TRANSIENT);
    if ((rc = pl_sq_done(s, st, err, "recovery_code")))
        return rc;
    if (sqlite3_changes(s->db) == 0)
        return pl_error_set(err, PL_ENOTFOUND, "code", "kode pemulihan salah atau sudah dipakai");
    PL_SQ_PREP(q, sql_left);
    sqlite3_bind_int64(q, 1, user_id);
    if ((rc = pl_sq_row(s, q, "recovery_code", err)) != 1)
        return rc;
    *left = sqlite3_column_int(q, 0);
    sqlite3_reset(q);
    return 0;
}

int pl_sq_challenge_add(pl_sq_store *s, const char *id_digest, int64_t user_id,
                        pl_challenge_kind kind, const char *secret, int ttl_seconds, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO login_challenge(id_hash, user_id, kind, secret, expires_at) "
        "VALUES(?1, ?2, ?3, ?4, " PL_SQ_UNIX " + ?5)";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, id_digest, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_text(st, 3, kind == PL_CHALLENGE_ENROL ? "enrol" : "totp", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, secret ? secret : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 5, ttl_seconds);
    return pl_sq_done(s, st, err, "login_challenge");
}

int pl_sq_challenge_get(pl_sq_store *s, pl_user *u, pl_challenge_kind *kind, char *secret,
                        int *attempts, const char *id_digest, pl_error *err)
{
    static const char sql[] =
        "SELECT u.username, c.kind, c.secret, c.attempts FROM login_challenge c "
        "JOIN app_user u ON u.id = c.user_id "
        "WHERE c.id_hash = ?1 AND c.expires_at > " PL_SQ_UNIX " AND u.disabled = 0";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, id_digest, -1, SQLITE_TRANSIENT);
    rc = pl_sq_row(s, st, "login_challenge", err);
    if (rc != 1)
        return rc ? rc
                  : pl_error_set(err, PL_ENOTFOUND, "challenge",
                                 "langkah masuk kedua sudah berakhir; silakan masuk lagi");
    char name[PL_USERNAME_MAX];
    pl_sq_col_text(name, sizeof name, st, 0);
    *kind = strcmp((const char *)sqlite3_column_text(st, 1), "enrol") == 0 ? PL_CHALLENGE_ENROL
                                                                           : PL_CHALLENGE_TOTP;
    pl_sq_col_text(secret, PL_TOTP_SECRET_MAX, st, 2);
    *attempts = sqlite3_column_int(st, 3);
    sqlite3_reset(st);
    return pl_sq_user_get(s, u, name, NULL, 0, err);
}

int pl_sq_challenge_fail(pl_sq_store *s, const char *id_digest, pl_error *err)
{
    static const char sql[] =
        "UPDATE login_challenge SET attempts = attempts + 1 WHERE id_hash = ?1";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, id_digest, -1, SQLITE_TRANSIENT);
    return pl_sq_done(s, st, err, "login_challenge");
}

int pl_sq_challenge_delete(pl_sq_store *s, const char *id_digest, pl_error *err)
{
    static const char sql[] =
        "DELETE FROM login_challenge WHERE id_hash = ?1 OR expires_at <= " PL_SQ_UNIX;
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, id_digest, -1, SQLITE_TRANSIENT);
    return pl_sq_done(s, st, err, "login_challenge");
}

int pl_sq_login_known_add(pl_sq_store *s, int64_t user_id, const char *addr, pl_error *err)
{
    static const char sql[] = "INSERT OR REPLACE INTO login_known(user_id, addr, at) "
                              "VALUES(?1, ?2, " PL_SQ_UNIX ")";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_text(st, 2, addr, -1, SQLITE_TRANSIENT);
    return pl_sq_done(s, st, err, "login_known");
}

int pl_sq_login_known(pl_sq_store *s, int64_t user_id, const char *addr, int max_age_seconds,
                      bool *known, pl_error *err)
{
    static const char sql[] = "SELECT 1 FROM login_known WHERE user_id = ?1 AND addr = ?2 "
                              "AND at > " PL_SQ_UNIX " - ?3";
    *known = false;
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_text(st, 2, addr, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, max_age_seconds);
    rc = pl_sq_row(s, st, "login_known", err);
    if (rc < 0)
        return rc;
    *known = rc == 1;
    sqlite3_reset(st);
    return 0;
}

int pl_sq_token_rotate(pl_sq_store *s, const pl_actor *who, const char *username, int64_t token_id,
                       const char *old_digest, const char *new_digest, pl_token_info *out,
                       pl_error *err)
{
    static const char sql_find[] =
        "SELECT t.id, t.user_id, t.label, "
        "max(60, coalesce(CAST(strftime('%s', t.expires_at) AS INTEGER) - "
        "CAST(strftime('%s', t.created_at) AS INTEGER), 90 * 86400)) "
        "FROM api_token t JOIN app_user u ON u.id = t.user_id "
        "WHERE t.revoked_at IS NULL AND u.disabled = 0 "
        "AND (t.expires_at IS NULL OR t.expires_at > " PL_SQ_NOW ") "
        "AND (CASE WHEN ?1 IS NULL THEN t.token_hash = ?3 ELSE u.username = ?1 AND t.id = ?2 END)";
    static const char sql_revoke[] =
        "UPDATE api_token SET revoked_at = " PL_SQ_NOW " WHERE id = ?1";
    static const char sql_get[] =
        "SELECT id, label, created_at, revoked_at, expires_at, 0 FROM api_token WHERE id = ?1";
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql_find, err);
    if (rc)
        return rc;
    pl_sq_bind_text_or_null(st, 1, username);
    sqlite3_bind_int64(st, 2, token_id);
    sqlite3_bind_text(st, 3, old_digest ? old_digest : "", -1, SQLITE_TRANSIENT);
    rc = pl_sq_row(s, st, "api_token", err);
    if (rc != 1)
        return rc ? rc
                  : pl_error_set(err, PL_ENOTFOUND, "token",
                                 "token tidak ada, sudah dicabut, atau sudah kedaluwarsa");
    int64_t old_id = sqlite3_column_int64(st, 0), user_id = sqlite3_column_int64(st, 1);
    char label[64];
    pl_sq_col_text(label, sizeof label, st, 2);
    int64_t ttl = sqlite3_column_int64(st, 3);
    sqlite3_reset(st);
    PL_SQ_PREP(rv, sql_revoke);
    sqlite3_bind_int64(rv, 1, old_id);
    if ((rc = pl_sq_done(s, rv, err, "api_token")))
        return rc;
    int64_t new_id = 0;
    if ((rc = pl_sq_token_add(s, who, user_id, new_digest, label, ttl, &new_id, err)))
        return rc;
    PL_SQ_PREP(g, sql_get);
    sqlite3_bind_int64(g, 1, new_id);
    if ((rc = pl_sq_row(s, g, "api_token", err)) != 1)
        return rc ? rc : pl_error_set(err, PL_EINTERNAL, "token", "token baru hilang");
    out->id = new_id;
    pl_sq_col_text(out->label, sizeof out->label, g, 1);
    pl_sq_col_text(out->created_at, sizeof out->created_at, g, 2);
    pl_sq_col_text(out->expires_at, sizeof out->expires_at, g, 4);
    sqlite3_reset(g);
    return audit_user(
        s, who, "token_rotate", user_id,
        json_pack("{s:I,s:I}", "old_token_id", (json_int_t)old_id, "token_id", (json_int_t)new_id),
        err);
}
