/*
 * chain.c - the audit's hash chain (schema_chain.c) and the checks that
 * the audit is whole: every trigger Pilar creates is there with its SQL,
 * every audit row (write and read) carries the seal its content and its
 * predecessor's seal give, no seal lost its row, people and households
 * match their latest audited image, and an operator's anchor is on the
 * chain.
 */
#include "store/audit.h"
#include "store/seal.h"
#include "store/sqlite/internal.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* One value, tagged with its type and (for text and blobs) its length: no two rows collide. */
static void put_value(pl_seal *st, sqlite3_value *v)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_NULL:
        pl_seal_null(st);
        break;
    case SQLITE_INTEGER:
        pl_seal_int(st, sqlite3_value_int64(v));
        break;
    case SQLITE_FLOAT:
        pl_seal_real(st, sqlite3_value_double(v));
        break;
    case SQLITE_TEXT: {
        const unsigned char *t = sqlite3_value_text(v);
        pl_seal_text(st, t ? (const void *)t : "", (size_t)sqlite3_value_bytes(v));
        break;
    }
    default: {
        const void *b = sqlite3_value_blob(v);
        pl_seal_blob(st, b ? b : "", (size_t)sqlite3_value_bytes(v));
        break;
    }
    }
}

/* out = the seal of fields after prev (NULL starts the chain). */
static void chain_hash(unsigned char out[PL_AUDIT_HASH_LEN], sqlite3_value *prev, int n,
                       sqlite3_value **fields)
{
    pl_seal st;
    pl_seal_start(&st);
    put_value(&st, prev);
    for (int i = 0; i < n; i++)
        put_value(&st, fields[i]);
    pl_seal_end(&st, out);
}

void pl_sq_fn_audit_hash(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (argc < 2) {
        sqlite3_result_error(ctx, "pl_audit_hash(prev, fields...)", -1);
        return;
    }
    unsigned char h[PL_AUDIT_HASH_LEN];
    chain_hash(h, argv[0], argc - 1, argv + 1);
    sqlite3_result_blob(ctx, h, sizeof h, SQLITE_TRANSIENT);
}

int pl_sq_chain_seal(pl_sq_store *s, pl_error *err)
{
    return pl_sq_exec(s, pl_sq_chain_seal_sql, err);
}

static void to_hex(char out[PL_AUDIT_HASH_HEX], const void *h, int n)
{
    if (h == NULL || n != PL_AUDIT_HASH_LEN) {
        out[0] = '\0';
        return;
    }
    sodium_bin2hex(out, PL_AUDIT_HASH_HEX, h, PL_AUDIT_HASH_LEN);
}

int pl_sq_audit_head(pl_sq_store *s, pl_audit_head *out, pl_error *err)
{
    static const char sql[] = "SELECT a.id, a.at, c.hash FROM audit a "
                              "LEFT JOIN audit_chain c ON c.id = a.id ORDER BY a.id DESC LIMIT 1";
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    if ((rc = pl_sq_row(s, st, "audit", err)) != 1)
        return rc;
    out->id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(out->at, sizeof out->at, st, 1);
    to_hex(out->hash, sqlite3_column_blob(st, 2), sqlite3_column_bytes(st, 2));
    sqlite3_reset(st);
    return 0;
}

/* ---------------------------------------------------------------- triggers */

/* Every trigger of both schemas of db, by name. */
static const char triggers_sql[] =
    "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' UNION ALL "
    "SELECT name, sql FROM " PL_SQ_READS ".sqlite_master WHERE type = 'trigger' ORDER BY 1";

/*
 * Compares the triggers of s with those a fresh data base of this build has (made in memory by
 * the same migrations): a missing, changed or unknown trigger is a problem.
 */
static int check_triggers(pl_sq_store *s, int *count, pl_error *err)
{
    pl_sq_store *m = NULL;
    sqlite3_stmt *want = NULL, *have = NULL, *extra = NULL;
    int rc = pl_sq_open(&m, ":memory:", PL_STORE_CREATE, err);
    if (rc == 0)
        rc = pl_sq_migrate_to(m, pl_sq_migration_count, NULL, NULL, err);
    if (rc)
        goto out;
    if (sqlite3_prepare_v2(m->db, triggers_sql, -1, &want, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "SELECT sql FROM main.sqlite_master WHERE type = 'trigger' AND "
                           "name = ?1 UNION ALL SELECT sql FROM " PL_SQ_READS ".sqlite_master "
                           "WHERE type = 'trigger' AND name = ?1",
                           -1, &have, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, triggers_sql, -1, &extra, NULL) != SQLITE_OK) {
        rc = pl_sq_fail(s, PL_EIO, err, "sqlite_master");
        goto out;
    }
    *count = 0;
    while ((rc = sqlite3_step(want)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(want, 0);
        const char *sql = (const char *)sqlite3_column_text(want, 1);
        sqlite3_reset(have);
        sqlite3_bind_text(have, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(have) != SQLITE_ROW) {
            rc = pl_error_set(err, PL_EIO, "audit",
                              "pemicu '%s' tidak ada (dihapus?): perubahan data dapat lolos dari "
                              "audit",
                              name);
            goto out;
        }
        const char *got = (const char *)sqlite3_column_text(have, 0);
        if (got == NULL || sql == NULL || strcmp(got, sql) != 0) {
            rc = pl_error_set(err, PL_EIO, "audit",
                              "pemicu '%s' berbeda dari yang dibuat Pilar (diubah?)", name);
            goto out;
        }
        (*count)++;
    }
    if (rc != SQLITE_DONE) {
        rc = pl_sq_fail(m, PL_EIO, err, "sqlite_master");
        goto out;
    }
    rc = 0;
    /* A trigger Pilar does not create may write, hide or rewrite rows: name it too. */
    sqlite3_stmt *known = NULL;
    if (sqlite3_prepare_v2(m->db,
                           "SELECT 1 FROM main.sqlite_master WHERE type = 'trigger' AND name = ?1 "
                           "UNION ALL SELECT 1 FROM " PL_SQ_READS ".sqlite_master WHERE type = "
                           "'trigger' AND name = ?1",
                           -1, &known, NULL) != SQLITE_OK) {
        rc = pl_sq_fail(m, PL_EIO, err, "sqlite_master");
        goto out;
    }
    while (rc == 0 && sqlite3_step(extra) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(extra, 0);
        sqlite3_reset(known);
        sqlite3_bind_text(known, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(known) != SQLITE_ROW)
            rc = pl_error_set(err, PL_EIO, "audit",
                              "pemicu '%s' tidak dikenal Pilar (ditambahkan?)", name);
    }
    sqlite3_finalize(known);
out:
    sqlite3_finalize(want);
    sqlite3_finalize(have);
    sqlite3_finalize(extra);
    pl_sq_close(m);
    return rc;
}

/* ------------------------------------------------------------------ chains */

typedef struct walk_result {
    int64_t rows;
    int64_t anchor_id; /* the row whose seal equals the anchor, 0 when none */
} walk_result;

/*
 * Walks sql (fields..., seal; in id order; field 0 is the id) and checks each seal against
 * the previous one: prev (PL_AUDIT_HASH_LEN bytes, or NULL for the start of the chain) is
 * where it starts. what names the audit in messages.
 */
static int walk_chain(pl_sq_store *s, const char *sql, int nfields, const unsigned char *prev0,
                      const unsigned char *anchor, const char *what, walk_result *res,
                      pl_error *err)
{
    sqlite3_stmt *st = NULL;
    sqlite3_stmt *val = NULL;
    int rc = 0;
    /* The previous seal travels as a bound value, so that it is hashed exactly as SQL does. */
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "SELECT ?1", -1, &val, NULL) != SQLITE_OK) {
        rc = pl_sq_fail(s, PL_EIO, err, what);
        goto out;
    }
    unsigned char prev[PL_AUDIT_HASH_LEN];
    bool have_prev = prev0 != NULL;
    if (prev0)
        memcpy(prev, prev0, sizeof prev);
    int step;
    sqlite3_value *fields[16];
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        res->rows++;
        const void *seal = sqlite3_column_blob(st, nfields);
        int seal_len = sqlite3_column_bytes(st, nfields);
        if (seal == NULL) {
            rc = pl_error_set(err, PL_EIO, "audit",
                              "%s: baris id %lld tidak bersegel (ditulis di luar Pilar?)", what,
                              (long long)id);
            goto out;
        }
        sqlite3_reset(val);
        if (have_prev)
            sqlite3_bind_blob(val, 1, prev, sizeof prev, SQLITE_STATIC);
        else
            sqlite3_bind_null(val, 1);
        if (sqlite3_step(val) != SQLITE_ROW) {
            rc = pl_sq_fail(s, PL_EIO, err, what);
            goto out;
        }
        for (int i = 0; i < nfields; i++)
            fields[i] = sqlite3_column_value(st, i);
        unsigned char h[PL_AUDIT_HASH_LEN];
        chain_hash(h, sqlite3_column_value(val, 0), nfields, fields);
        if (seal_len != PL_AUDIT_HASH_LEN || sodium_memcmp(h, seal, sizeof h) != 0) {
            rc = pl_error_set(err, PL_EIO, "audit",
                              "%s: rantai putus di baris id %lld (baris itu diubah, atau baris "
                              "sebelumnya dihapus atau disisipkan)",
                              what, (long long)id);
            goto out;
        }
        if (anchor && res->anchor_id == 0 && sodium_memcmp(seal, anchor, sizeof h) == 0)
            res->anchor_id = id;
        memcpy(prev, seal, sizeof prev);
        have_prev = true;
    }
    if (step != SQLITE_DONE)
        rc = pl_sq_fail(s, PL_EIO, err, what);
out:
    sqlite3_finalize(st);
    sqlite3_finalize(val);
    return rc;
}

/* A seal whose row is gone: the row was deleted (and its no-delete trigger bypassed). */
static int check_orphans(pl_sq_store *s, const char *sql, const char *what, pl_error *err)
{
    int64_t id = 0;
    int rc = pl_sq_one_int64(s, sql, NULL, 0, &id, what, err);
    if (rc == 0 && id)
        rc = pl_error_set(err, PL_EIO, "audit", "%s: baris id %lld dihapus (segelnya masih ada)",
                          what, (long long)id);
    return rc;
}

/*
 * Where the read audit's chain starts: after the last purge that recorded its boundary (the
 * seal of the last row it deleted, in the purge's own write-audit row), when the read audit's
 * first row follows that boundary; else at the start.
 */
static int reads_start(pl_sq_store *s, unsigned char *prev, bool *have, pl_error *err)
{
    static const char sql[] =
        "SELECT json_extract(after, '$.last_id'), json_extract(after, '$.last_hash'), "
        "(SELECT min(id) FROM " PL_SQ_READS ".audit_read) FROM audit "
        "WHERE entity = 'audit_read' AND action = 'purge_read_audit' "
        "AND json_extract(after, '$.last_id') IS NOT NULL ORDER BY id DESC LIMIT 1";
    *have = false;
    PL_SQ_PREP(st, sql);
    int rc = pl_sq_row(s, st, "audit", err);
    if (rc != 1)
        return rc;
    int64_t last = sqlite3_column_int64(st, 0);
    const char *hex = (const char *)sqlite3_column_text(st, 1);
    int64_t first = sqlite3_column_type(st, 2) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 2);
    size_t n = 0;
    if (first > last && hex &&
        sodium_hex2bin(prev, PL_AUDIT_HASH_LEN, hex, strlen(hex), NULL, &n, NULL) == 0 &&
        n == PL_AUDIT_HASH_LEN)
        *have = true;
    sqlite3_reset(st);
    return 0;
}

/* The first person, household or household_socio whose row differs from its latest audited image.
 */
static int check_drift(pl_sq_store *s, pl_error *err)
{
    static const struct {
        const char *sql, *what;
    } t[] = {{pl_sq_drift_person, "orang"},
             {pl_sq_drift_household, "keluarga"},
             {pl_sq_drift_socio, "sosial ekonomi keluarga"}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        int64_t id = 0;
        int rc = pl_sq_one_int64(s, t[i].sql, NULL, 0, &id, "audit", err);
        if (rc)
            return rc;
        if (id)
            return pl_error_set(err, PL_EIO, "audit",
                                "data %s id %lld berbeda dari catatan audit terakhirnya: diubah "
                                "tanpa tercatat (di luar Pilar?)",
                                t[i].what, (long long)id);
    }
    return 0;
}

int pl_sq_audit_verify(pl_sq_store *s, const char *anchor_hex, pl_audit_check *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    unsigned char anchor[PL_AUDIT_HASH_LEN];
    if (anchor_hex) {
        size_t n = 0;
        if (sodium_hex2bin(anchor, sizeof anchor, anchor_hex, strlen(anchor_hex), NULL, &n, NULL) !=
                0 ||
            n != sizeof anchor || strlen(anchor_hex) != 2 * sizeof anchor)
            return pl_error_set(err, PL_EINVAL, "anchor",
                                "jangkar harus %d digit heksadesimal (dari 'pilar audit anchor')",
                                (int)(2 * sizeof anchor));
    }
    if (s->reads_recreated)
        return pl_error_set(err, PL_EIO, "audit",
                            "berkas audit baca (BASISDATA" PL_STORE_READS_SUFFIX
                            ") tidak ada: catatan pembacaan data pribadi hilang");
    if ((rc = check_triggers(s, &out->triggers, err)))
        return rc;
    /* Seals without their row first: a deleted row is named, not only the break after it. */
    if ((rc = check_orphans(s,
                            "SELECT c.id FROM main.audit_chain c LEFT JOIN main.audit a "
                            "ON a.id = c.id WHERE a.id IS NULL ORDER BY c.id LIMIT 1",
                            "audit perubahan", err)))
        return rc;
    walk_result w = {0};
    if ((rc = walk_chain(s, pl_sq_chain_walk_audit, 9, NULL, anchor_hex ? anchor : NULL,
                         "audit perubahan", &w, err)))
        return rc;
    out->rows = w.rows;
    out->anchor_id = w.anchor_id;
    unsigned char start[PL_AUDIT_HASH_LEN];
    bool have_start = false;
    if ((rc = reads_start(s, start, &have_start, err)))
        return rc;
    if ((rc = check_orphans(s,
                            "SELECT c.id FROM " PL_SQ_READS
                            ".audit_read_chain c LEFT JOIN " PL_SQ_READS
                            ".audit_read a ON a.id = c.id WHERE a.id IS NULL ORDER BY c.id LIMIT 1",
                            "audit baca", err)))
        return rc;
    walk_result r = {0};
    if ((rc = walk_chain(s, pl_sq_chain_walk_reads, 6, have_start ? start : NULL, NULL,
                         "audit baca", &r, err)))
        return rc;
    out->read_rows = r.rows;
    if ((rc = check_drift(s, err)))
        return rc;
    if (anchor_hex && out->anchor_id == 0)
        return pl_error_set(err, PL_EIO, "anchor",
                            "jangkar %.16s... tidak ada di rantai audit: audit sampai jangkar itu "
                            "telah diganti atau dipotong",
                            anchor_hex);
    return 0;
}

int pl_sq_reads_boundary(pl_sq_store *s, int64_t below, int64_t *last_id, char *last_hash,
                         pl_error *err)
{
    static const char sql[] = "SELECT id, hash FROM " PL_SQ_READS ".audit_read_chain "
                              "WHERE id < ?1 ORDER BY id DESC LIMIT 1";
    *last_id = 0;
    last_hash[0] = '\0';
    PL_SQ_PREP(st, sql);
    sqlite3_bind_int64(st, 1, below);
    int rc = pl_sq_row(s, st, "audit_read", err);
    if (rc != 1)
        return rc;
    *last_id = sqlite3_column_int64(st, 0);
    to_hex(last_hash, sqlite3_column_blob(st, 1), sqlite3_column_bytes(st, 1));
    sqlite3_reset(st);
    return 0;
}
