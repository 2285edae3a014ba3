/*
 * creds.c - TOTP secrets, recovery codes, login challenges, known addresses and token rotation
 * on PostgreSQL (SQLite: src/store/sqlite/creds.c).
 */
#include "store/creds.h"
#include "store/audit.h"
#include "store/pg/internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define PG_UNIX "floor(extract(epoch FROM statement_timestamp()))::bigint"

/* An audit row of app_user id whose after image is v (consumed). */
static int audit_user(pl_pg_store *s, const pl_actor *who, const char *action, int64_t id,
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

/* Whether a command's result changed no row (the caller still owns r). */
static bool no_rows(const PGresult *r)
{
    return strcmp(PQcmdTuples((PGresult *)r), "0") == 0;
}

int pl_pg_totp_get(pl_pg_store *s, int64_t user_id, char *secret, int64_t *last_step, pl_error *err)
{
    static const char sql[] = "SELECT secret, last_step FROM user_totp WHERE user_id = $1::bigint";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num a;
    const char *p[] = {pl_pg_i64(&a, user_id)};
    PGresult *r = pl_pg_query(s, sql, 1, p, err, "user_totp");
    if (r == NULL)
        return err->code;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return pl_error_set(err, PL_ENOTFOUND, "totp", "TOTP belum diaktifkan");
    }
    if (secret)
        pl_pg_copy(secret, PL_TOTP_SECRET_MAX, r, 0, 0);
    if (last_step)
        *last_step = pl_pg_int(r, 0, 1);
    PQclear(r);
    return 0;
}

int pl_pg_totp_set(pl_pg_store *s, const pl_actor *who, int64_t user_id, const char *secret,
                   int64_t last_step, const char (*codes)[PL_DIGEST_HEX], pl_error *err)
{
    static const char sql_totp[] =
        "INSERT INTO user_totp(user_id, secret, last_step, created_at) "
        "VALUES($1::bigint, $2, $3::bigint, pl_now()) ON CONFLICT (user_id) DO UPDATE SET "
        "secret = EXCLUDED.secret, last_step = EXCLUDED.last_step, "
        "created_at = EXCLUDED.created_at";
    static const char sql_clear[] = "DELETE FROM recovery_code WHERE user_id = $1::bigint";
    static const char sql_codes[] = "INSERT INTO recovery_code(user_id, code_hash) "
                                    "SELECT $1::bigint, c FROM unnest($2::text[]) "
                                    "WITH ORDINALITY AS u(c, o) ORDER BY o";
    /* The digests are hex: an array literal needs no quoting. */
    char list[PL_RECOVERY_CODES * PL_DIGEST_HEX + 3];
    size_t len = 0;
    list[len++] = '{';
    for (int i = 0; i < PL_RECOVERY_CODES; i++) {
        size_t n = strnlen(codes[i], PL_DIGEST_HEX - 1);
        if (n == 0 || strspn(codes[i], "0123456789abcdefABCDEF") != n)
            return pl_error_set(err, PL_EINVAL, "code", "kode pemulihan tidak sah");
        if (i)
            list[len++] = ',';
        memcpy(list + len, codes[i], n);
        len += n;
    }
    list[len++] = '}';
    list[len] = '\0';
    bool own;
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num a, b;
    const char *p[] = {pl_pg_i64(&a, user_id), secret, pl_pg_i64(&b, last_step)};
    const char *pc[] = {p[0], list};
    if ((rc = pl_pg_command(s, sql_totp, 3, p, err, "user_totp")) == 0 &&
        (rc = pl_pg_command(s, sql_clear, 1, p, err, "recovery_code")) == 0 &&
        (rc = pl_pg_command(s, sql_codes, 2, pc, err, "recovery_code")) == 0)
        rc = audit_user(s, who, "totp_enable", user_id,
                        json_pack("{s:i}", "recovery_codes", PL_RECOVERY_CODES), err);
    return pl_pg_tx_end(s, own, rc, err);
}

int pl_pg_totp_delete(pl_pg_store *s, const pl_actor *who, int64_t user_id, pl_error *err)
{
    static const char sql[] = "DELETE FROM user_totp WHERE user_id = $1::bigint";
    static const char sql_codes[] = "DELETE FROM recovery_code WHERE user_id = $1::bigint";
    bool own;
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num a;
    const char *p[] = {pl_pg_i64(&a, user_id)};
    PGresult *r = pl_pg_query(s, sql, 1, p, err, "user_totp");
    if (r == NULL) {
        rc = err->code;
    } else {
        if (no_rows(r))
            rc = pl_error_set(err, PL_ENOTFOUND, "totp", "TOTP belum diaktifkan");
        PQclear(r);
    }
    if (rc == 0 && (rc = pl_pg_command(s, sql_codes, 1, p, err, "recovery_code")) == 0)
        rc = audit_user(s, who, "totp_disable", user_id, json_object(), err);
    return pl_pg_tx_end(s, own, rc, err);
}

int pl_pg_totp_use_step(pl_pg_store *s, int64_t user_id, int64_t step, pl_error *err)
{
    static const char sql[] = "UPDATE user_totp SET last_step = $2::bigint "
                              "WHERE user_id = $1::bigint AND last_step < $2::bigint";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num a, b;
    const char *p[] = {pl_pg_i64(&a, user_id), pl_pg_i64(&b, step)};
    PGresult *r = pl_pg_query(s, sql, 2, p, err, "user_totp");
    if (r == NULL)
        return err->code;
    bool replay = no_rows(r);
    PQclear(r);
    if (replay)
        return pl_error_set(err, PL_ECONFLICT, "code",
                            "kode ini sudah dipakai; tunggu kode berikutnya");
    return 0;
}

int pl_pg_recovery_use(pl_pg_store *s, int64_t user_id, const char *digest, int *left,
                       pl_error *err)
{
    static const char sql[] = "UPDATE recovery_code SET used_at = pl_now() "
                              "WHERE user_id = $1::bigint AND code_hash = $2 AND used_at IS NULL";
    static const char sql_left[] =
        "SELECT count(*) FROM recovery_code WHERE user_id = $1::bigint AND used_at IS NULL";
    *left = 0;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num a;
    const char *p[] = {pl_pg_i64(&a, user_id), digest};
    PGresult *r = pl_pg_query(s, sql, 2, p, err, "recovery_code");
    if (r == NULL)
        return err->code;
    bool none = no_rows(r);
    PQclear(r);
    if (none)
        return pl_error_set(err, PL_ENOTFOUND, "code", "kode pemulihan salah atau sudah dipakai");
    int64_t n = 0;
    if ((rc = pl_pg_scalar_i64(s, sql_left, 1, p, &n, err, "recovery_code")))
        return rc;
    *left = (int)n;
    return 0;
}

int pl_pg_challenge_add(pl_pg_store *s, const char *id_digest, int64_t user_id,
                        pl_challenge_kind kind, const char *secret, int ttl_seconds, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO login_challenge(id_hash, user_id, kind, secret, expires_at) "
        "VALUES($1, $2::bigint, $3, $4, " PG_UNIX " + $5::bigint)";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num a, b;
    const char *p[] = {id_digest, pl_pg_i64(&a, user_id),
                       kind == PL_CHALLENGE_ENROL ? "enrol" : "totp", secret ? secret : "",
                       pl_pg_i64(&b, ttl_seconds)};
    return pl_pg_command(s, sql, 5, p, err, "login_challenge");
}

int pl_pg_challenge_get(pl_pg_store *s, pl_user *u, pl_challenge_kind *kind, char *secret,
                        int *attempts, const char *id_digest, pl_error *err)
{
    static const char sql[] =
        "SELECT u.username, c.kind, c.secret, c.attempts FROM login_challenge c "
        "JOIN app_user u ON u.id = c.user_id "
        "WHERE c.id_hash = $1 AND c.expires_at > " PG_UNIX " AND u.disabled = 0";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {id_digest};
    PGresult *r = pl_pg_query(s, sql, 1, p, err, "login_challenge");
    if (r == NULL)
        return err->code;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return pl_error_set(err, PL_ENOTFOUND, "challenge",
                            "langkah masuk kedua sudah berakhir; silakan masuk lagi");
    }
    char name[PL_USERNAME_MAX];
    pl_pg_copy(name, sizeof name, r, 0, 0);
    const char *k = pl_pg_text(r, 0, 1);
    *kind = k && strcmp(k, "enrol") == 0 ? PL_CHALLENGE_ENROL : PL_CHALLENGE_TOTP;
    pl_pg_copy(secret, PL_TOTP_SECRET_MAX, r, 0, 2);
    *attempts = (int)pl_pg_int(r, 0, 3);
    PQclear(r);
    return pl_pg_user_get(s, u, name, NULL, 0, err);
}

int pl_pg_challenge_fail(pl_pg_store *s, const char *id_digest, pl_error *err)
{
    static const char sql[] =
        "UPDATE login_challenge SET attempts = attempts + 1 WHERE id_hash = $1";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {id_digest};
    return pl_pg_command(s, sql, 1, p, err, "login_challenge");
}

int pl_pg_challenge_delete(pl_pg_store *s, const char *id_digest, pl_error *err)
{
    static const char sql[] =
        "DELETE FROM login_challenge WHERE id_hash = $1 OR expires_at <= " PG_UNIX;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {id_digest};
    return pl_pg_command(s, sql, 1, p, err, "login_challenge");
}

int pl_pg_login_known_add(pl_pg_store *s, int64_t user_id, const char *addr, pl_error *err)
{
    static const char sql[] = "INSERT INTO login_known(user_id, addr, at) "
                              "VALUES($1::bigint, $2, " PG_UNIX ") "
                              "ON CONFLICT (user_id, addr) DO UPDATE SET at = EXCLUDED.at";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num a;
    const char *p[] = {pl_pg_i64(&a, user_id), addr};
    return pl_pg_command(s, sql, 2, p, err, "login_known");
}

int pl_pg_login_known(pl_pg_store *s, int64_t user_id, const char *addr, int max_age_seconds,
                      bool *known, pl_error *err)
{
    static const char sql[] = "SELECT 1 FROM login_known WHERE user_id = $1::bigint AND addr = $2 "
                              "AND at > " PG_UNIX " - $3::bigint";
    *known = false;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num a, b;
    const char *p[] = {pl_pg_i64(&a, user_id), addr, pl_pg_i64(&b, max_age_seconds)};
    PGresult *r = pl_pg_query(s, sql, 3, p, err, "login_known");
    if (r == NULL)
        return err->code;
    *known = PQntuples(r) > 0;
    PQclear(r);
    return 0;
}

int pl_pg_token_rotate(pl_pg_store *s, const pl_actor *who, const char *username, int64_t token_id,
                       const char *old_digest, const char *new_digest, pl_token_info *out,
                       pl_error *err)
{
    static const char sql_find[] =
        "SELECT t.id, t.user_id, t.label, "
        "greatest(60, coalesce(extract(epoch FROM (t.expires_at::timestamptz - "
        "t.created_at::timestamptz))::bigint, 90 * 86400)) "
        "FROM api_token t JOIN app_user u ON u.id = t.user_id "
        "WHERE t.revoked_at IS NULL AND u.disabled = 0 "
        "AND (t.expires_at IS NULL OR t.expires_at > pl_now()) "
        "AND (CASE WHEN $1::text IS NULL THEN t.token_hash = $3 "
        "ELSE u.username = $1::text AND t.id = $2::bigint END)";
    static const char sql_revoke[] =
        "UPDATE api_token SET revoked_at = pl_now() WHERE id = $1::bigint";
    static const char sql_get[] =
        "SELECT label, created_at, expires_at FROM api_token WHERE id = $1::bigint";
    memset(out, 0, sizeof *out);
    bool own;
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num a, b;
    const char *p[] = {username, pl_pg_i64(&a, token_id), old_digest ? old_digest : ""};
    PGresult *r = pl_pg_query(s, sql_find, 3, p, err, "api_token");
    if (r == NULL) {
        rc = err->code;
        goto out;
    }
    if (PQntuples(r) == 0) {
        PQclear(r);
        rc = pl_error_set(err, PL_ENOTFOUND, "token",
                          "token tidak ada, sudah dicabut, atau sudah kedaluwarsa");
        goto out;
    }
    int64_t old_id = pl_pg_int(r, 0, 0), user_id = pl_pg_int(r, 0, 1);
    char label[64];
    pl_pg_copy(label, sizeof label, r, 0, 2);
    int64_t ttl = pl_pg_int(r, 0, 3);
    PQclear(r);
    const char *pr[] = {pl_pg_i64(&b, old_id)};
    if ((rc = pl_pg_command(s, sql_revoke, 1, pr, err, "api_token")))
        goto out;
    int64_t new_id = 0;
    if ((rc = pl_pg_token_add(s, who, user_id, new_digest, label, ttl, &new_id, err)))
        goto out;
    const char *pg[] = {pl_pg_i64(&b, new_id)};
    if ((r = pl_pg_query(s, sql_get, 1, pg, err, "api_token")) == NULL) {
        rc = err->code;
        goto out;
    }
    if (PQntuples(r) == 0) {
        PQclear(r);
        rc = pl_error_set(err, PL_EINTERNAL, "token", "token baru hilang");
        goto out;
    }
    out->id = new_id;
    pl_pg_copy(out->label, sizeof out->label, r, 0, 0);
    pl_pg_copy(out->created_at, sizeof out->created_at, r, 0, 1);
    pl_pg_copy(out->expires_at, sizeof out->expires_at, r, 0, 2);
    PQclear(r);
    rc = audit_user(
        s, who, "token_rotate", user_id,
        json_pack("{s:I,s:I}", "old_token_id", (json_int_t)old_id, "token_id", (json_int_t)new_id),
        err);
out:
    return pl_pg_tx_end(s, own, rc, err);
}
