/*
 * copy.c - the PostgreSQL side of moving a whole data base between backends (store/copy.h):
 * tables and columns from the catalogue (what SQLite has, without what this backend derives),
 * rows read and written through COPY in text format inside one transaction in
 * session_replication_role replica (no trigger fires, so the audit and its seals arrive as
 * they were), then the derived tables rebuilt: the NIK/KK registries, memberships' province,
 * the change counts,
 * PostGIS shapes, the chain heads and the id sequences. The point tables are rebuilt by the
 * service through pl_store_geo_rebuild.
 */
#include "store/copy.h"
#include "store/pg/internal.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Tables derived from the copied ones (rebuilt at the end), some only this backend has. */
static const char *const derived_tables[] = {
    "person_key",    "household_key", "audit_chain_head",  "audit_read_chain_head", "person_geo",
    "household_geo", "psks_geo",      PL_PG_VERSION_TABLE, "spatial_ref_sys",       "count_delta",
    "count_total",   "count_year",    "count_years"};

/* Columns only this backend has (docs/internals/postgresql.md). */
static bool derived_column(const char *table, const char *col)
{
    return ((strcmp(table, "membership") == 0 || strcmp(table, "count_departed") == 0) &&
            strcmp(col, "prov") == 0) ||
           (strcmp(table, "boundary") == 0 && strcmp(col, "shape") == 0) ||
           (strcmp(table, "disaster_event") == 0 && strcmp(col, "shape") == 0) ||
           (strcmp(table, "audit") == 0 && strcmp(col, "xid") == 0);
}

struct pl_copy_writer {
    pl_copy_table t;
    bool staged; /* rows go to pl_copy_stage first (memberships, departed counts: their province) */
    pl_buf line;
    int64_t rows;
};

static int simple(pl_pg_store *s, const char *sql, pl_error *err, const char *what)
{
    PGresult *r = PQexec(s->conn, sql);
    ExecStatusType st = PQresultStatus(r);
    int rc = 0;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        rc = pl_pg_fail(s, r, err, what);
    PQclear(r);
    return rc;
}

static char kind_of(const char *type)
{
    if (strcmp(type, "bigint") == 0 || strcmp(type, "integer") == 0 ||
        strcmp(type, "smallint") == 0)
        return 'i';
    if (strcmp(type, "double precision") == 0 || strcmp(type, "real") == 0)
        return 'r';
    if (strcmp(type, "bytea") == 0)
        return 'b';
    if (strcmp(type, "text") == 0 || strncmp(type, "character", 9) == 0)
        return 't';
    return 'n';
}

int pl_pg_copy_tables(pl_pg_store *s, pl_copy_table_cb cb, void *ctx, pl_error *err)
{
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    PGresult *tabs =
        pl_pg_query(s,
                    "SELECT n.nspname, c.relname, c.oid::bigint FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname IN ('public', 'reads') AND c.relkind IN ('r', 'p') "
                    "AND NOT c.relispartition ORDER BY n.nspname <> 'public', c.oid",
                    0, NULL, err, "pg_class");
    if (!tabs)
        return err->code;
    for (int i = 0; !rc && i < PQntuples(tabs); i++) {
        const char *nsp = PQgetvalue(tabs, i, 0), *rel = PQgetvalue(tabs, i, 1);
        bool skip = false;
        for (size_t k = 0; k < sizeof derived_tables / sizeof derived_tables[0]; k++)
            skip = skip || strcmp(rel, derived_tables[k]) == 0;
        if (skip)
            continue;
        pl_copy_table t;
        memset(&t, 0, sizeof t);
        if (strcmp(nsp, "public") == 0)
            snprintf(t.name, sizeof t.name, "%s", rel);
        else
            snprintf(t.name, sizeof t.name, "%s.%s", nsp, rel);
        const char *p[] = {PQgetvalue(tabs, i, 2)};
        PGresult *cols = pl_pg_query(s,
                                     "SELECT attname, format_type(atttypid, atttypmod) "
                                     "FROM pg_attribute WHERE attrelid = $1::bigint::oid "
                                     "AND attnum > 0 AND NOT attisdropped AND attgenerated = '' "
                                     "ORDER BY attnum",
                                     1, p, err, "pg_attribute");
        if (!cols) {
            rc = err->code;
            break;
        }
        for (int j = 0; !rc && j < PQntuples(cols); j++) {
            const char *col = PQgetvalue(cols, j, 0);
            if (derived_column(rel, col))
                continue;
            if (t.ncols == PL_COPY_MAX_COLS) {
                rc = pl_error_set(err, PL_EINTERNAL, "", "tabel %s punya lebih dari %d kolom",
                                  t.name, PL_COPY_MAX_COLS);
                break;
            }
            snprintf(t.cols[t.ncols], sizeof t.cols[0], "%s", col);
            t.kinds[t.ncols] = kind_of(PQgetvalue(cols, j, 1));
            t.ncols++;
        }
        PQclear(cols);
        if (!rc)
            rc = cb(ctx, &t);
    }
    PQclear(tabs);
    return rc;
}

static void qualified(char *out, size_t cap, const char *name)
{
    const char *dot = strchr(name, '.');
    if (dot)
        snprintf(out, cap, "\"%.*s\".\"%s\"", (int)(dot - name), name, dot + 1);
    else
        snprintf(out, cap, "\"%s\"", name);
}

static void column_list(pl_buf *b, const pl_copy_table *t)
{
    for (int i = 0; i < t->ncols; i++)
        pl_buf_printf(b, "%s\"%s\"", i ? ", " : "", t->cols[i]);
}

/* Undoes COPY's text escapes in place (the field ends at its terminating NUL). */
static void unescape(char *f)
{
    char *o = f;
    for (char *p = f; *p; p++) {
        if (*p != '\\' || !p[1]) {
            *o++ = *p;
            continue;
        }
        p++;
        switch (*p) {
        case 'b':
            *o++ = '\b';
            break;
        case 'f':
            *o++ = '\f';
            break;
        case 'n':
            *o++ = '\n';
            break;
        case 'r':
            *o++ = '\r';
            break;
        case 't':
            *o++ = '\t';
            break;
        case 'v':
            *o++ = '\v';
            break;
        default:
            *o++ = *p;
            break;
        }
    }
    *o = '\0';
}

int pl_pg_copy_read(pl_pg_store *s, const pl_copy_table *t, pl_copy_row_cb cb, void *ctx,
                    pl_error *err)
{
    char q[160];
    qualified(q, sizeof q, t->name);
    pl_buf sql;
    pl_buf_init(&sql, 0);
    pl_buf_puts(&sql, "COPY (SELECT ");
    column_list(&sql, t);
    pl_buf_printf(&sql, " FROM %s ORDER BY 1) TO STDOUT", q);
    if (!sql.data)
        return pl_error_set(err, PL_ENOMEM, "", "memori habis");
    PGresult *r = PQexec(s->conn, sql.data);
    pl_buf_free(&sql);
    if (PQresultStatus(r) != PGRES_COPY_OUT) {
        int rc = pl_pg_fail(s, r, err, t->name);
        PQclear(r);
        return rc;
    }
    PQclear(r);
    int rc = 0, n;
    char *line = NULL;
    const char *vals[PL_COPY_MAX_COLS];
    while ((n = PQgetCopyData(s->conn, &line, 0)) > 0) {
        if (!rc) {
            if (n > 0 && line[n - 1] == '\n')
                line[n - 1] = '\0';
            int k = 0;
            char *f = line;
            for (;;) {
                char *tab = strchr(f, '\t');
                if (tab)
                    *tab = '\0';
                if (k < t->ncols) {
                    if (strcmp(f, "\\N") == 0) {
                        vals[k] = NULL;
                    } else {
                        unescape(f);
                        vals[k] = f;
                    }
                }
                k++;
                if (!tab)
                    break;
                f = tab + 1;
            }
            if (k != t->ncols)
                rc = pl_error_set(err, PL_EIO, "", "baris %s dari PostgreSQL tidak terbaca",
                                  t->name);
            else
                rc = cb(ctx, vals); /* a failure stops the callbacks; the rows are drained */
        }
        PQfreemem(line);
        line = NULL;
    }
    if (n == -2 && !rc)
        rc = pl_pg_fail(s, NULL, err, t->name);
    while ((r = PQgetResult(s->conn)) != NULL) {
        if (!rc && PQresultStatus(r) != PGRES_COMMAND_OK)
            rc = pl_pg_fail(s, r, err, t->name);
        PQclear(r);
    }
    return rc;
}

int pl_pg_copy_begin(pl_pg_store *s, pl_error *err)
{
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    if (s->in_tx)
        return pl_error_set(err, PL_EINTERNAL, "", "salinan dimulai di dalam transaksi");
    if ((rc = pl_pg_begin(s, err)))
        return rc;
    PGresult *r = PQexec(s->conn, "SET LOCAL session_replication_role = replica");
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        if (state && strcmp(state, "42501") == 0)
            rc = pl_error_set(err, PL_EDENIED, "to",
                              "menyalin ke PostgreSQL memerlukan peran superuser (untuk "
                              "session_replication_role), agar audit tersalin apa adanya");
        else
            rc = pl_pg_fail(s, r, err, "session_replication_role");
        PQclear(r);
        pl_pg_rollback(s);
        return rc;
    }
    PQclear(r);
    return 0;
}

int pl_pg_copy_open(pl_pg_store *s, const pl_copy_table *t, pl_copy_writer **out, pl_error *err)
{
    *out = NULL;
    pl_copy_writer *w = calloc(1, sizeof *w);
    if (!w)
        return pl_error_set(err, PL_ENOMEM, "", "memori habis");
    w->t = *t;
    w->staged = strcmp(t->name, "membership") == 0 || strcmp(t->name, "count_departed") == 0;
    pl_buf_init(&w->line, 0);
    char q[160];
    qualified(q, sizeof q, t->name);
    pl_buf sql;
    pl_buf_init(&sql, 0);
    pl_buf_printf(&sql, "DELETE FROM %s", q);
    if (strcmp(t->name, "person") == 0)
        pl_buf_puts(&sql, "; DELETE FROM person_key");
    else if (strcmp(t->name, "household") == 0)
        pl_buf_puts(&sql, "; DELETE FROM household_key");
    if (w->staged) {
        pl_buf_puts(&sql, "; DROP TABLE IF EXISTS pl_copy_stage; CREATE TEMP TABLE pl_copy_stage "
                          "ON COMMIT DROP AS SELECT ");
        column_list(&sql, t);
        pl_buf_printf(&sql, " FROM %s WITH NO DATA", q);
        pl_buf_puts(&sql, "; COPY pl_copy_stage (");
    } else {
        pl_buf_printf(&sql, "; COPY %s (", q);
    }
    column_list(&sql, t);
    pl_buf_puts(&sql, ") FROM STDIN");
    if (!sql.data) {
        free(w);
        return pl_error_set(err, PL_ENOMEM, "", "memori habis");
    }
    PGresult *r = PQexec(s->conn, sql.data);
    pl_buf_free(&sql);
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        int rc = pl_pg_fail(s, r, err, t->name);
        PQclear(r);
        pl_buf_free(&w->line);
        free(w);
        return rc;
    }
    PQclear(r);
    *out = w;
    return 0;
}

static void escape_into(pl_buf *b, const char *v)
{
    for (const char *p = v; *p; p++) {
        switch (*p) {
        case '\\':
            pl_buf_puts(b, "\\\\");
            break;
        case '\t':
            pl_buf_puts(b, "\\t");
            break;
        case '\n':
            pl_buf_puts(b, "\\n");
            break;
        case '\r':
            pl_buf_puts(b, "\\r");
            break;
        default:
            pl_buf_putc(b, *p);
            break;
        }
    }
}

int pl_pg_copy_put(pl_pg_store *s, pl_copy_writer *w, const char *const *vals, pl_error *err)
{
    pl_buf_reset(&w->line);
    for (int i = 0; i < w->t.ncols; i++) {
        if (i)
            pl_buf_putc(&w->line, '\t');
        if (!vals[i])
            pl_buf_puts(&w->line, "\\N");
        else
            escape_into(&w->line, vals[i]);
    }
    if (pl_buf_putc(&w->line, '\n'))
        return pl_error_set(err, PL_ENOMEM, "", "memori habis");
    if (PQputCopyData(s->conn, w->line.data, (int)w->line.len) != 1)
        return pl_pg_fail(s, NULL, err, w->t.name);
    w->rows++;
    return 0;
}

int pl_pg_copy_close(pl_pg_store *s, pl_copy_writer *w, pl_error *err)
{
    if (!w)
        return 0;
    int rc = 0;
    if (PQputCopyEnd(s->conn, NULL) != 1)
        rc = pl_pg_fail(s, NULL, err, w->t.name);
    PGresult *r;
    while ((r = PQgetResult(s->conn)) != NULL) {
        if (!rc && PQresultStatus(r) != PGRES_COMMAND_OK)
            rc = pl_pg_fail(s, r, err, w->t.name);
        PQclear(r);
    }
    pl_buf sql;
    pl_buf_init(&sql, 0);
    if (!rc && w->staged) {
        bool member = strcmp(w->t.name, "membership") == 0;
        pl_buf_printf(&sql, "INSERT INTO %s (", member ? "membership" : "count_departed");
        column_list(&sql, &w->t);
        pl_buf_puts(&sql, ", prov) SELECT ");
        column_list(&sql, &w->t);
        pl_buf_puts(&sql, member ? ", pl_subject_prov(person_id, household_id)"
                                 : ", substr(village_code, 1, 2)");
        pl_buf_puts(&sql, " FROM pl_copy_stage; DROP TABLE pl_copy_stage");
    } else if (!rc && strcmp(w->t.name, "person") == 0) {
        pl_buf_puts(&sql, "INSERT INTO person_key (id, nik, prov) "
                          "SELECT id, nik, substr(village_code, 1, 2) FROM person");
    } else if (!rc && strcmp(w->t.name, "household") == 0) {
        pl_buf_puts(&sql, "INSERT INTO household_key (id, kk, prov) "
                          "SELECT id, kk, substr(village_code, 1, 2) FROM household");
    }
    if (!rc && sql.len)
        rc = simple(s, sql.data, err, w->t.name);
    pl_buf_free(&sql);
    pl_buf_free(&w->line);
    free(w);
    return rc;
}

/* The derived data and sequences, once every table is in. */
static int rebuild(pl_pg_store *s, pl_error *err)
{
    static const char *const steps[] = {
        /* The chain heads: the newest seal of each chain (0 and NULL for an empty one). */
        "UPDATE audit_chain_head SET id = coalesce((SELECT max(id) FROM audit_chain), 0), "
        "hash = (SELECT hash FROM audit_chain ORDER BY id DESC LIMIT 1)",
        "UPDATE reads.audit_read_chain_head SET id = coalesce((SELECT max(id) FROM "
        "reads.audit_read_chain), 0), hash = (SELECT hash FROM reads.audit_read_chain "
        "ORDER BY id DESC LIMIT 1)",
        /* Every sequence owned by an id column, and the audit's, above the highest id. */
        "DO $d$ DECLARE r record; m bigint; BEGIN "
        "FOR r IN SELECT c.oid::regclass AS tab, "
        "pg_get_serial_sequence(c.oid::regclass::text, 'id') AS seq FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON "
        "a.attrelid = c.oid AND a.attname = 'id' WHERE n.nspname IN ('public', 'reads') "
        "AND c.relkind IN ('r', 'p') AND NOT c.relispartition LOOP "
        "IF r.seq IS NOT NULL THEN EXECUTE format('SELECT max(id) FROM %s', r.tab) INTO m; "
        "IF m IS NOT NULL THEN PERFORM setval(r.seq, m); END IF; END IF; END LOOP; "
        "SELECT max(id) INTO m FROM audit; IF m IS NOT NULL THEN "
        "PERFORM setval('audit_id_seq', greatest(m, (SELECT last_value FROM audit_id_seq))); "
        "END IF; "
        "SELECT max(id) INTO m FROM reads.audit_read; IF m IS NOT NULL THEN "
        "PERFORM setval('reads.audit_read_id_seq', greatest(m, (SELECT last_value FROM "
        "reads.audit_read_id_seq))); END IF; END $d$",
        /* PostGIS copies of the outlines where PostGIS is installed; NULL for one it cannot
         * read, as the trigger pl_shape does. */
        "DO $d$ DECLARE r record; BEGIN IF EXISTS (SELECT 1 FROM information_schema.columns "
        "WHERE table_name = 'boundary' AND column_name = 'shape') THEN "
        "FOR r IN SELECT ctid AS c, geometry AS g FROM boundary LOOP BEGIN "
        "UPDATE boundary SET shape = ST_GeomFromGeoJSON(r.g) WHERE ctid = r.c; "
        "EXCEPTION WHEN others THEN NULL; END; END LOOP; END IF; "
        "IF EXISTS (SELECT 1 FROM information_schema.columns WHERE "
        "table_name = 'disaster_event' AND column_name = 'shape') THEN "
        "FOR r IN SELECT ctid AS c, area AS g FROM disaster_event LOOP BEGIN "
        "UPDATE disaster_event SET shape = ST_GeomFromGeoJSON(r.g) WHERE ctid = r.c; "
        "EXCEPTION WHEN others THEN NULL; END; END LOOP; END IF; END $d$",
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        int rc = simple(s, steps[i], err, "salinan");
        if (rc)
            return rc;
    }
    /* The change counts and their roll-ups (schema_count.c), from the copied memberships. */
    int rc = simple(s, pl_pg_count_fill, err, "count_delta");
    if (rc == 0)
        rc = simple(s, pl_pg_count_fill_total, err, "count_total");
    return rc ? rc : simple(s, pl_pg_count_fill_year, err, "count_year");
}

int pl_pg_copy_finish(pl_pg_store *s, bool commit, pl_error *err)
{
    int rc = 0;
    if (commit) {
        rc = rebuild(s, err);
        if (!rc)
            rc = pl_pg_commit(s, err);
    }
    if (!commit || rc)
        pl_pg_rollback(s);
    return rc;
}
