/*
 * audit.c - the append-only audit on PostgreSQL (SQLite: src/store/sqlite/audit.c): explicit
 * rows, the read audit (schema reads, same data base), listings, searches, the read audit's
 * purge; and pl_pg_set_max_pages, which has nothing to limit here.
 */
#include "store/audit.h"
#include "store/pg/internal.h"
#include "store/seal.h"
#include "util/buf.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pl_pg_audit_add(pl_pg_store *s, const pl_actor *who, const char *action, const char *entity,
                    int64_t entity_id, const char *before_json, const char *after_json,
                    pl_error *err)
{
    static const char sql[] =
        "INSERT INTO audit(at, actor, client, action, entity, entity_id, before, after) "
        "VALUES(pl_now(), $1, $2, $3, $4, $5::bigint, $6, $7)";
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = pl_pg_set_actor(s, who, err)))
        return rc;
    pl_pg_num a;
    const char *p[] = {s->actor,
                       s->client,
                       action,
                       entity,
                       entity_id ? pl_pg_i64(&a, entity_id) : NULL,
                       before_json && before_json[0] ? before_json : NULL,
                       after_json && after_json[0] ? after_json : NULL};
    return pl_pg_command(s, sql, 7, p, err, "audit");
}

/* Appends v to b as an element of a text array literal: quoted, " and \ escaped. */
static int put_elem(pl_buf *b, const char *v, bool first)
{
    int rc = first ? 0 : pl_buf_putc(b, ',');
    if (rc == 0)
        rc = pl_buf_putc(b, '"');
    for (const char *c = v; rc == 0 && *c; c++) {
        if (*c == '"' || *c == '\\')
            rc = pl_buf_putc(b, '\\');
        if (rc == 0)
            rc = pl_buf_putc(b, *c);
    }
    return rc ? rc : pl_buf_putc(b, '"');
}

/*
 * The read chain's head into s's cache, and the first id to use after it: above the head, the
 * highest row (one written with triggers off) and the sequence (ids it gave to writers that
 * rolled back are never reused).
 */
static int read_head(pl_pg_store *s, pl_error *err)
{
    static const char sql[] =
        "SELECT h.id, h.hash, greatest(h.id, (SELECT max(id) FROM reads.audit_read), "
        "(SELECT last_value FROM reads.audit_read_id_seq)) FROM reads.audit_read_chain_head h";
    PGresult *r = pl_pg_query(s, sql, 0, NULL, err, "audit_read");
    if (r == NULL)
        return err->code;
    int rc = PQntuples(r) == 1 ? 0 : PL_EIO;
    const char *h = rc ? NULL : pl_pg_text(r, 0, 1);
    if (h && !pl_pg_seal_bytes(s->read_head, h))
        rc = PL_EIO;
    if (rc == 0) {
        s->read_head_id = pl_pg_int(r, 0, 0);
        s->read_next_id = pl_pg_int(r, 0, 2) + 1;
        s->read_head_null = h == NULL;
        s->read_head_known = true;
    }
    PQclear(r);
    return rc ? pl_error_set(err, PL_EIO, "audit_read", "kepala rantai audit baca tidak terbaca")
              : 0;
}

/* The columns pl_audit_read_append takes, as array literals. */
enum { C_ID, C_SEAL, C_AT, C_ACTOR, C_CLIENT, C_ENTITY, C_EID, NCOL };

/* The batch sealed after s's cached head, with ids from read_next_id, into col. */
static int seal_batch(pl_pg_store *s, const pl_audit_read *rows, size_t n, pl_buf col[NCOL],
                      unsigned char last[PL_AUDIT_HASH_LEN])
{
    int rc = 0;
    for (int c = 0; c < NCOL; c++) {
        pl_buf_reset(&col[c]);
        rc |= pl_buf_putc(&col[c], '{');
    }
    bool have_prev = !s->read_head_null;
    memcpy(last, s->read_head, PL_AUDIT_HASH_LEN);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const pl_audit_read *a = &rows[i];
        int64_t id = s->read_next_id + (int64_t)i;
        pl_seal st;
        pl_seal_begin(&st, have_prev ? last : NULL);
        pl_seal_int(&st, id);
        pl_seal_text(&st, a->at, strlen(a->at));
        pl_seal_text(&st, a->actor, strlen(a->actor));
        pl_seal_text(&st, a->client, strlen(a->client));
        pl_seal_text(&st, a->entity, strlen(a->entity));
        pl_seal_int(&st, a->entity_id);
        pl_seal_end(&st, last);
        have_prev = true;
        char hex[PL_AUDIT_HASH_HEX], num[32];
        sodium_bin2hex(hex, sizeof hex, last, PL_AUDIT_HASH_LEN);
        const char *sep = i ? "," : "";
        snprintf(num, sizeof num, "%s%" PRId64, sep, id);
        rc |= pl_buf_puts(&col[C_ID], num);
        rc |= pl_buf_puts(&col[C_SEAL], sep);
        rc |= pl_buf_puts(&col[C_SEAL], hex);
        rc |= put_elem(&col[C_AT], a->at, i == 0);
        rc |= put_elem(&col[C_ACTOR], a->actor, i == 0);
        rc |= put_elem(&col[C_CLIENT], a->client, i == 0);
        rc |= put_elem(&col[C_ENTITY], a->entity, i == 0);
        snprintf(num, sizeof num, "%s%" PRId64, sep, a->entity_id);
        rc |= pl_buf_puts(&col[C_EID], num);
    }
    for (int c = 0; c < NCOL; c++)
        rc |= pl_buf_putc(&col[c], '}');
    return rc;
}

/*
 * The batch's rows, sealed here (store/seal.c: the bytes the seal trigger's PL/pgSQL BLAKE2b
 * would give, about a thousand times faster) in the order of rows, after the head this handle
 * last saw: one statement when no other writer came between, else the head is read again and
 * the batch sealed anew (a few tries: writers that keep coming between are rare).
 */
int pl_pg_audit_reads(pl_pg_store *s, const pl_audit_read *rows, size_t n, pl_error *err)
{
    static const char sql[] =
        "SELECT pl_audit_read_append($1::bigint, $2, $3::bigint[], $4::text[], $5::text[], "
        "$6::text[], $7::text[], $8::text[], $9::bigint[])";
    int rc = pl_pg_require_schema(s, err);
    if (rc || n == 0)
        return rc;
    pl_buf col[NCOL];
    for (int c = 0; c < NCOL; c++)
        pl_buf_init(&col[c], 0);
    bool done = false;
    for (int attempt = 0; rc == 0 && !done && attempt < 8; attempt++) {
        if (!s->read_head_known && (rc = read_head(s, err)))
            break;
        unsigned char last[PL_AUDIT_HASH_LEN];
        if (seal_batch(s, rows, n, col, last)) {
            rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
            break;
        }
        char head_hex[PL_AUDIT_HASH_HEX] = "";
        if (!s->read_head_null)
            sodium_bin2hex(head_hex, sizeof head_hex, s->read_head, sizeof s->read_head);
        pl_pg_num hid;
        const char *p[2 + NCOL] = {pl_pg_i64(&hid, s->read_head_id), head_hex};
        for (int c = 0; c < NCOL; c++)
            p[2 + c] = col[c].data;
        /* Whatever happens next, the cache holds only after a success. */
        s->read_head_known = false;
        PGresult *r = pl_pg_query(s, sql, 2 + NCOL, p, err, "audit_read");
        if (r == NULL) {
            rc = err->code;
            break;
        }
        done = PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "t") == 0;
        PQclear(r);
        if (done && !s->in_tx) {
            /* Committed: the new head is this batch's last row. A caller's transaction may
             * still roll back, so inside one the head is read again next time. */
            s->read_head_id = s->read_next_id + (int64_t)n - 1;
            s->read_next_id += (int64_t)n;
            memcpy(s->read_head, last, sizeof s->read_head);
            s->read_head_null = false;
            s->read_head_known = true;
        }
    }
    if (rc == 0 && !done)
        rc = pl_error_set(err, PL_EIO, "audit_read",
                          "audit baca tidak dapat ditulis: rantainya terus berubah; coba lagi");
    for (int c = 0; c < NCOL; c++)
        pl_buf_free(&col[c]);
    return rc;
}

/* Runs sql and hands each row to cb; read rows have 6 columns, write rows 9. */
static int list_rows(pl_pg_store *s, const char *sql, int n, const char *const *p, int reads,
                     pl_audit_cb cb, void *ctx, pl_error *err)
{
    PGresult *r = pl_pg_query(s, sql, n, p, err, reads ? "audit_read" : "audit");
    if (r == NULL)
        return err->code;
    int rc = 0;
    for (int i = 0; rc == 0 && i < PQntuples(r); i++) {
        pl_audit_entry e;
        memset(&e, 0, sizeof e);
        e.id = pl_pg_int(r, i, 0);
        pl_pg_copy(e.at, sizeof e.at, r, i, 1);
        pl_pg_copy(e.actor, sizeof e.actor, r, i, 2);
        pl_pg_copy(e.client, sizeof e.client, r, i, 3);
        if (reads) {
            snprintf(e.action, sizeof e.action, "read");
            pl_pg_copy(e.entity, sizeof e.entity, r, i, 4);
            e.entity_id = pl_pg_int(r, i, 5);
        } else {
            pl_pg_copy(e.action, sizeof e.action, r, i, 4);
            pl_pg_copy(e.entity, sizeof e.entity, r, i, 5);
            e.entity_id = pl_pg_int(r, i, 6);
            e.before = (char *)pl_pg_text(r, i, 7);
            e.after = (char *)pl_pg_text(r, i, 8);
        }
        rc = cb(ctx, &e);
    }
    PQclear(r);
    return rc;
}

int pl_pg_audit_list(pl_pg_store *s, const char *entity, int64_t entity_id, int64_t cursor,
                     int limit, pl_audit_cb cb, void *ctx, pl_error *err)
{
    static const char sql_one[] =
        "SELECT id, at, actor, client, action, entity, entity_id, before, after FROM audit "
        "WHERE entity = $1 AND entity_id = $2::bigint AND id > $4::bigint ORDER BY id "
        "LIMIT $3::bigint";
    static const char sql_all[] =
        "SELECT id, at, actor, client, action, entity, entity_id, before, after FROM audit "
        "WHERE ($1::bigint = 0 OR id < $1::bigint) AND ($2::text IS NULL OR entity = $2::text) "
        "ORDER BY id DESC LIMIT $3::bigint";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num a, b, c;
    const char *lim = pl_pg_i64(&c, limit > 0 ? limit : 100);
    if (entity && entity_id) {
        const char *p[] = {entity, pl_pg_i64(&a, entity_id), lim, pl_pg_i64(&b, cursor)};
        return list_rows(s, sql_one, 4, p, 0, cb, ctx, err);
    }
    const char *p[] = {pl_pg_i64(&a, cursor), entity, lim};
    return list_rows(s, sql_all, 3, p, 0, cb, ctx, err);
}

int pl_pg_audit_read_list(pl_pg_store *s, const char *entity, int64_t entity_id, int64_t cursor,
                          int limit, pl_audit_cb cb, void *ctx, pl_error *err)
{
    static const char sql_one[] =
        "SELECT id, at, actor, client, entity, entity_id FROM reads.audit_read "
        "WHERE entity = $2::text AND entity_id = $4::bigint AND ($1::bigint = 0 OR id < "
        "$1::bigint) ORDER BY id DESC LIMIT $3::bigint";
    static const char sql_all[] =
        "SELECT id, at, actor, client, entity, entity_id FROM reads.audit_read "
        "WHERE ($1::bigint = 0 OR id < $1::bigint) AND ($2::text IS NULL OR entity = $2::text) "
        "ORDER BY id DESC LIMIT $3::bigint";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num a, b, c;
    const char *p[] = {pl_pg_i64(&a, cursor), entity, pl_pg_i64(&c, limit > 0 ? limit : 100),
                       pl_pg_i64(&b, entity_id)};
    if (entity && entity_id)
        return list_rows(s, sql_one, 4, p, 1, cb, ctx, err);
    return list_rows(s, sql_all, 3, p, 1, cb, ctx, err);
}

#define FILTER_WHERE                                                                               \
    "WHERE ($1::bigint = 0 OR id < $1::bigint) AND ($2::text IS NULL OR entity = $2::text) "       \
    "AND ($4::bigint = 0 OR entity_id = $4::bigint) AND ($5::text IS NULL OR actor = $5::text) "   \
    "AND ($6::text IS NULL OR substr(at, 1, 10) >= $6::text) "                                     \
    "AND ($7::text IS NULL OR substr(at, 1, 10) <= $7::text) ORDER BY id DESC LIMIT $3::bigint"

/* The parameters of FILTER_WHERE into p (7 texts; a and b hold the numbers). */
static void filter_params(const char *p[7], pl_pg_num *a, pl_pg_num *b, pl_pg_num *c,
                          int64_t cursor, int limit, const pl_audit_filter *f)
{
    pl_audit_filter none = {0};
    if (f == NULL)
        f = &none;
    p[0] = pl_pg_i64(a, cursor);
    p[1] = f->entity && f->entity[0] ? f->entity : NULL;
    p[2] = pl_pg_i64(c, limit > 0 ? limit : 100);
    p[3] = pl_pg_i64(b, f->entity ? f->entity_id : 0);
    p[4] = f->actor && f->actor[0] ? f->actor : NULL;
    p[5] = f->from && f->from[0] ? f->from : NULL;
    p[6] = f->to && f->to[0] ? f->to : NULL;
}

int pl_pg_audit_search(pl_pg_store *s, const pl_audit_filter *f, int64_t cursor, int limit,
                       pl_audit_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT id, at, actor, client, action, entity, entity_id, before, "
                              "after FROM audit " FILTER_WHERE;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num a, b, c;
    const char *p[7];
    filter_params(p, &a, &b, &c, cursor, limit, f);
    return list_rows(s, sql, 7, p, 0, cb, ctx, err);
}

int pl_pg_audit_read_search(pl_pg_store *s, const pl_audit_filter *f, int64_t cursor, int limit,
                            pl_audit_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT id, at, actor, client, entity, entity_id FROM reads.audit_read " FILTER_WHERE;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num a, b, c;
    const char *p[7];
    filter_params(p, &a, &b, &c, cursor, limit, f);
    return list_rows(s, sql, 7, p, 1, cb, ctx, err);
}

int pl_pg_audit_read_count(pl_pg_store *s, const char *entity, int64_t entity_id, int64_t *out,
                           pl_error *err)
{
    static const char sql[] =
        "SELECT count(*) FROM reads.audit_read WHERE entity = $1 AND entity_id = $2::bigint";
    *out = 0;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num a;
    const char *p[] = {entity, pl_pg_i64(&a, entity_id)};
    return pl_pg_scalar_i64(s, sql, 2, p, out, err, "audit_read");
}

int pl_pg_audit_read_purge(pl_pg_store *s, const char *before, int64_t *removed,
                           pl_audit_head *last, pl_error *err)
{
    /* Only a prefix goes, so that the rows kept are a contiguous part of the chain. */
    static const char sql_limit[] =
        "SELECT coalesce((SELECT min(id) FROM reads.audit_read WHERE at >= $1), "
        "(SELECT coalesce(max(id), 0) + 1 FROM reads.audit_read))";
    static const char sql[] = "DELETE FROM reads.audit_read WHERE id < $1::bigint";
    *removed = 0;
    memset(last, 0, sizeof *last);
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    int64_t limit = 0;
    const char *p[] = {before};
    if ((rc = pl_pg_scalar_i64(s, sql_limit, 1, p, &limit, err, "audit_read")) ||
        (rc = pl_pg_reads_boundary(s, limit, &last->id, last->hash, err)))
        return rc;
    pl_pg_num a;
    const char *pd[] = {pl_pg_i64(&a, limit)};
    PGresult *r = pl_pg_query(s, sql, 1, pd, err, "audit_read");
    if (r == NULL)
        return err->code;
    *removed = strtoll(PQcmdTuples(r), NULL, 10);
    PQclear(r);
    if (*removed == 0)
        memset(last, 0, sizeof *last);
    return 0;
}

/*
 * The size cap of a SQLite file (serve's test-only option for a full disk on demand):
 * PostgreSQL has no per-connection cap, so the option is refused rather than ignored.
 */
int pl_pg_set_max_pages(pl_pg_store *s, long max_pages, pl_error *err)
{
    (void)s;
    (void)max_pages;
    return pl_error_set(err, PL_EINVAL, "db",
                        "batas ukuran basis data (khusus uji) tidak tersedia pada PostgreSQL");
}
