/*
 * plan.c - the PostgreSQL twin of the intervention part of store/sqlite/plan.c: changing an
 * intervention agreed at a rakor, and the PSKS units and programs that carry it out.
 */
#include "store/pg/internal.h"
#include "store/rakor.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

int pl_pg_intervention_edit(pl_pg_store *s, const pl_actor *who, pl_intervention *iv, pl_error *err)
{
    static const char sql[] =
        "UPDATE intervention SET region_code = $3, category = $4::bigint, title = $5, level = $6, "
        "owner = $7, budget = $8::double precision, due_date = $9, status = $10, "
        "version = version + 1, updated_at = pl_now() WHERE id = $1::bigint AND version = "
        "$2::bigint";
    pl_intervention cur;
    int rc = pl_pg_intervention_get(s, &cur, iv->id, err);
    if (rc)
        return rc;
    if (cur.version != iv->version)
        return pl_error_set(err, PL_ECONFLICT, "version",
                            "intervensi sudah diubah orang lain (versi %lld, bukan %lld); muat "
                            "ulang lalu ulangi",
                            (long long)cur.version, (long long)iv->version);
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num id, v, c, b;
    const char *p[] = {pl_pg_i64(&id, iv->id),
                       pl_pg_i64(&v, iv->version),
                       iv->region,
                       iv->category ? pl_pg_i64(&c, iv->category) : NULL,
                       iv->title,
                       iv->level,
                       iv->owner,
                       iv->has_budget ? pl_pg_f64(&b, iv->budget) : NULL,
                       iv->due_date[0] ? iv->due_date : NULL,
                       iv->status[0] ? iv->status : "direncanakan"};
    PGresult *r = pl_pg_query(s, sql, 10, p, err, "intervention");
    if (r == NULL) {
        rc = err->code;
        if (rc == PL_EINVAL)
            pl_error_set(err, PL_EINVAL, "region", "wilayah %s, tingkat atau status tidak dikenal",
                         iv->region);
    } else {
        if (pl_pg_changes(r) == 0)
            rc = pl_error_set(err, PL_ECONFLICT, "version", "intervensi sudah diubah orang lain");
        PQclear(r);
    }
    if ((rc = pl_pg_tx_end(s, own, rc, err)))
        return rc;
    return pl_pg_intervention_get(s, iv, iv->id, err);
}

/* Appends v to an array literal of text ("{...}") with its quotes escaped. */
static int array_add(pl_buf *b, const char *v, bool first)
{
    int rc = pl_buf_append(b, first ? "\"" : ",\"", first ? 1 : 2);
    for (const char *c = v; rc == 0 && *c; c++) {
        if (*c == '"' || *c == '\\')
            rc = pl_buf_append(b, "\\", 1);
        if (rc == 0)
            rc = pl_buf_append(b, c, 1);
    }
    return rc ? rc : pl_buf_append(b, "\"", 1);
}

int pl_pg_intervention_links_set(pl_pg_store *s, const pl_actor *who, int64_t id,
                                 const int64_t *psks, size_t n_psks, const char *const *programs,
                                 size_t n_programs, pl_error *err)
{
    static const char del_psks[] =
        "DELETE FROM intervention_psks WHERE intervention_id = $1::bigint";
    static const char del_prog[] =
        "DELETE FROM intervention_program WHERE intervention_id = $1::bigint";
    /* In the order given (the audit's order), duplicates ignored as INSERT OR IGNORE does. */
    static const char add_psks[] =
        "INSERT INTO intervention_psks(intervention_id, psks_id) SELECT $1::bigint, u.v "
        "FROM unnest($2::bigint[]) WITH ORDINALITY u(v, o) ORDER BY u.o ON CONFLICT DO NOTHING";
    static const char add_prog[] =
        "INSERT INTO intervention_program(intervention_id, program_code) SELECT $1::bigint, u.v "
        "FROM unnest($2::text[]) WITH ORDINALITY u(v, o) ORDER BY u.o ON CONFLICT DO NOTHING";
    pl_intervention cur;
    int rc = pl_pg_intervention_get(s, &cur, id, err);
    if (rc)
        return rc;
    pl_buf units, codes;
    pl_buf_init(&units, PL_BUF_DEFAULT_MAX);
    pl_buf_init(&codes, PL_BUF_DEFAULT_MAX);
    rc = pl_buf_append(&units, "{", 1);
    for (size_t i = 0; rc == 0 && i < n_psks; i++) {
        pl_pg_num n;
        if (i)
            rc = pl_buf_append(&units, ",", 1);
        if (rc == 0)
            rc = pl_buf_puts(&units, pl_pg_i64(&n, psks[i]));
    }
    if (rc == 0)
        rc = pl_buf_append(&codes, "{", 1);
    for (size_t i = 0; rc == 0 && i < n_programs; i++)
        rc = array_add(&codes, programs[i], i == 0);
    if (rc == 0)
        rc = pl_buf_append(&units, "}", 2); /* with its terminating NUL */
    if (rc == 0)
        rc = pl_buf_append(&codes, "}", 2);
    if (rc) {
        pl_buf_free(&units);
        pl_buf_free(&codes);
        return pl_error_set(err, PL_ENOMEM, "", "memori habis");
    }
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)) == 0) {
        pl_pg_num n;
        const char *p[] = {pl_pg_i64(&n, id), units.data};
        const char *q[] = {n.b, codes.data};
        if ((rc = pl_pg_command(s, del_psks, 1, p, err, "intervention_psks")) == 0 &&
            (rc = pl_pg_command(s, del_prog, 1, p, err, "intervention_program")) == 0 &&
            (n_psks == 0 || (rc = pl_pg_command(s, add_psks, 2, p, err, "intervention_psks")) == 0))
            if (n_programs)
                rc = pl_pg_command(s, add_prog, 2, q, err, "intervention_program");
        if (rc == PL_EINVAL)
            pl_error_set(err, PL_EINVAL, "links", "unit PSKS atau kode program tidak dikenal");
        rc = pl_pg_tx_end(s, own, rc, err);
    }
    pl_buf_free(&units);
    pl_buf_free(&codes);
    return rc;
}

static void read_link(pl_intervention_link *l, const PGresult *res, int i)
{
    l->intervention_id = pl_pg_int(res, i, 0);
    l->psks_id = pl_pg_int(res, i, 1);
    pl_pg_copy(l->program, sizeof l->program, res, i, 2);
    pl_pg_copy(l->name, sizeof l->name, res, i, 3);
    l->psks_type = (int)pl_pg_int(res, i, 4);
    pl_pg_copy(l->area_code, sizeof l->area_code, res, i, 5);
}

PL_PG_ROWS(link_rows, pl_intervention_link, pl_intervention_link_cb, read_link,
           "intervention_link");

int pl_pg_intervention_links(pl_pg_store *s, int64_t id, pl_intervention_link_cb cb, void *ctx,
                             pl_error *err)
{
    static const char sql[] =
        "SELECT * FROM ("
        "SELECT l.intervention_id, u.id AS uid, ''::text AS code, u.name, u.type, u.area_code, "
        "0 AS k FROM intervention_psks l JOIN psks_unit u ON u.id = l.psks_id "
        "WHERE l.intervention_id = $1::bigint "
        "UNION ALL "
        "SELECT l.intervention_id, 0, p.code, p.name, 0, '', 1 "
        "FROM intervention_program l JOIN program p ON p.code = l.program_code "
        "WHERE l.intervention_id = $1::bigint) x "
        "ORDER BY k, name COLLATE \"C\", uid, code COLLATE \"C\"";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, id)};
    return pl_pg_each(s, sql, 1, p, &link_rows, NULL, PL_PG_FN(cb), ctx, err);
}
