/*
 * copy.c - the SQLite side of moving a whole data base between backends (store/copy.h): its
 * tables and columns from the schema, rows read in canonical text, rows written with the
 * connection's triggers and foreign keys off, the full-text index rebuilt at the end (the
 * R*Trees are rebuilt by the service through pl_store_geo_rebuild).
 */
#include "store/copy.h"
#include "store/sqlite/internal.h"
#include "util/buf.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pl_copy_writer {
    sqlite3_stmt *ins;
    pl_copy_table t;
    int64_t rows;
};

/* SQLite's affinity rules (datatype3.html, 3.1) on a declared type. */
static char kind_of(const char *decl)
{
    char up[64];
    size_t i = 0;
    for (; decl && decl[i] && i + 1 < sizeof up; i++)
        up[i] = (char)((decl[i] >= 'a' && decl[i] <= 'z') ? decl[i] - 32 : decl[i]);
    up[i] = '\0';
    if (strstr(up, "INT"))
        return 'i';
    if (strstr(up, "CHAR") || strstr(up, "CLOB") || strstr(up, "TEXT"))
        return 't';
    if (up[0] == '\0' || strstr(up, "BLOB"))
        return 'b';
    if (strstr(up, "REAL") || strstr(up, "FLOA") || strstr(up, "DOUB"))
        return 'r';
    return 'n';
}

static int columns(pl_sq_store *s, const char *schema, const char *table, pl_copy_table *t,
                   pl_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT name, type FROM pragma_table_info(?1, ?2) ORDER BY cid",
                           -1, &st, NULL) != SQLITE_OK)
        return pl_sq_fail(s, PL_EIO, err, "table_info");
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, schema, -1, SQLITE_STATIC);
    int rc;
    t->ncols = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (t->ncols == PL_COPY_MAX_COLS) {
            sqlite3_finalize(st);
            return pl_error_set(err, PL_EINTERNAL, "", "tabel %s punya lebih dari %d kolom", table,
                                PL_COPY_MAX_COLS);
        }
        snprintf(t->cols[t->ncols], sizeof t->cols[0], "%s",
                 (const char *)sqlite3_column_text(st, 0));
        t->kinds[t->ncols] = kind_of((const char *)sqlite3_column_text(st, 1));
        t->ncols++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return pl_sq_fail(s, PL_EIO, err, "table_info");
    return 0;
}

int pl_sq_copy_tables(pl_sq_store *s, pl_copy_table_cb cb, void *ctx, pl_error *err)
{
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    static const char *const schemas[] = {"main", PL_SQ_READS};
    for (size_t k = 0; k < sizeof schemas / sizeof schemas[0]; k++) {
        sqlite3_stmt *st = NULL;
        /* Real tables only: pragma_table_list calls virtual tables 'virtual' and their
         * storage 'shadow'; sqlite_master's rowid is the order of creation. */
        if (sqlite3_prepare_v2(s->db,
                               "SELECT m.name FROM pragma_table_list AS l JOIN "
                               "(SELECT rowid AS r, name FROM main.sqlite_master WHERE ?1 = 'main' "
                               "UNION ALL SELECT rowid, name FROM " PL_SQ_READS
                               ".sqlite_master WHERE ?1 = '" PL_SQ_READS "') AS m "
                               "ON m.name = l.name WHERE l.schema = ?1 AND l.type = 'table' "
                               "AND l.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                               "AND l.name NOT IN ('count_delta', 'count_total', 'count_year', "
                               "'count_years') ORDER BY m.r",
                               -1, &st, NULL) != SQLITE_OK)
            return pl_sq_fail(s, PL_EIO, err, "table_list");
        sqlite3_bind_text(st, 1, schemas[k], -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            pl_copy_table t;
            memset(&t, 0, sizeof t);
            const char *name = (const char *)sqlite3_column_text(st, 0);
            if (k == 0)
                snprintf(t.name, sizeof t.name, "%s", name);
            else
                snprintf(t.name, sizeof t.name, "%s.%s", schemas[k], name);
            int c = columns(s, schemas[k], name, &t, err);
            if (!c)
                c = cb(ctx, &t);
            if (c) {
                sqlite3_finalize(st);
                return c;
            }
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            return pl_sq_fail(s, PL_EIO, err, "table_list");
    }
    return 0;
}

/* "schema"."table" for SQL text; names come from the schema itself, quoted anyway. */
static void qualified(char *out, size_t cap, const char *name)
{
    const char *dot = strchr(name, '.');
    if (dot)
        snprintf(out, cap, "\"%.*s\".\"%s\"", (int)(dot - name), name, dot + 1);
    else
        snprintf(out, cap, "main.\"%s\"", name);
}

static char *select_sql(const pl_copy_table *t)
{
    pl_buf b;
    pl_buf_init(&b, 0);
    char q[160];
    qualified(q, sizeof q, t->name);
    pl_buf_puts(&b, "SELECT ");
    for (int i = 0; i < t->ncols; i++)
        pl_buf_printf(&b, "%s\"%s\"", i ? ", " : "", t->cols[i]);
    pl_buf_printf(&b, " FROM %s ORDER BY 1", q);
    return pl_buf_steal(&b);
}

int pl_sq_copy_read(pl_sq_store *s, const pl_copy_table *t, pl_copy_row_cb cb, void *ctx,
                    pl_error *err)
{
    char *sql = select_sql(t);
    if (!sql)
        return pl_error_set(err, PL_ENOMEM, "", "memori habis");
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        rc = pl_sq_fail(s, PL_EIO, err, t->name);
        free(sql);
        return rc;
    }
    free(sql);
    const char *vals[PL_COPY_MAX_COLS];
    char nums[PL_COPY_MAX_COLS][32];
    pl_buf blobs[PL_COPY_MAX_COLS];
    for (int i = 0; i < PL_COPY_MAX_COLS; i++)
        pl_buf_init(&blobs[i], 0);
    int step = SQLITE_DONE;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        for (int i = 0; i < t->ncols; i++) {
            switch (sqlite3_column_type(st, i)) {
            case SQLITE_NULL:
                vals[i] = NULL;
                break;
            case SQLITE_INTEGER:
                snprintf(nums[i], sizeof nums[i], "%" PRId64, (int64_t)sqlite3_column_int64(st, i));
                vals[i] = nums[i];
                break;
            case SQLITE_FLOAT:
                snprintf(nums[i], sizeof nums[i], "%.17g", sqlite3_column_double(st, i));
                vals[i] = nums[i];
                break;
            case SQLITE_BLOB: {
                const unsigned char *p = sqlite3_column_blob(st, i);
                int n = sqlite3_column_bytes(st, i);
                pl_buf_reset(&blobs[i]);
                int ok = pl_buf_puts(&blobs[i], "\\x");
                for (int j = 0; !ok && j < n; j++)
                    ok = pl_buf_printf(&blobs[i], "%02x", p[j]);
                if (ok)
                    rc = pl_error_set(err, PL_ENOMEM, "", "memori habis");
                vals[i] = blobs[i].data;
                break;
            }
            default:
                vals[i] = (const char *)sqlite3_column_text(st, i);
                break;
            }
        }
        if (!rc)
            rc = cb(ctx, vals);
    }
    if (!rc && step != SQLITE_DONE)
        rc = pl_sq_fail(s, PL_EIO, err, t->name);
    sqlite3_finalize(st);
    for (int i = 0; i < PL_COPY_MAX_COLS; i++)
        pl_buf_free(&blobs[i]);
    return rc;
}

int pl_sq_copy_begin(pl_sq_store *s, pl_error *err)
{
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    if (s->in_tx)
        return pl_error_set(err, PL_EINTERNAL, "", "salinan dimulai di dalam transaksi");
    int now_on = 1;
    /* Foreign keys can only be switched outside a transaction. */
    if ((rc = pl_sq_exec(s, "PRAGMA foreign_keys = OFF", err)))
        return rc;
    if (sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, &now_on) != SQLITE_OK) {
        pl_sq_exec(s, "PRAGMA foreign_keys = ON", err);
        return pl_sq_fail(s, PL_EINTERNAL, err, "trigger switch");
    }
    if ((rc = pl_sq_begin(s, err))) {
        sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, &now_on);
        pl_error ignore;
        pl_sq_exec(s, "PRAGMA foreign_keys = ON", &ignore);
    }
    return rc;
}

int pl_sq_copy_open(pl_sq_store *s, const pl_copy_table *t, pl_copy_writer **out, pl_error *err)
{
    *out = NULL;
    char q[160];
    qualified(q, sizeof q, t->name);
    pl_buf b;
    pl_buf_init(&b, 0);
    pl_buf_printf(&b, "DELETE FROM %s", q);
    char *del = pl_buf_steal(&b);
    if (!del)
        return pl_error_set(err, PL_ENOMEM, "", "memori habis");
    int rc = pl_sq_exec(s, del, err);
    free(del);
    if (rc)
        return rc;
    pl_buf_printf(&b, "INSERT INTO %s (", q);
    for (int i = 0; i < t->ncols; i++)
        pl_buf_printf(&b, "%s\"%s\"", i ? ", " : "", t->cols[i]);
    pl_buf_puts(&b, ") VALUES (");
    for (int i = 0; i < t->ncols; i++)
        pl_buf_printf(&b, "%s?", i ? ", " : "");
    pl_buf_puts(&b, ")");
    char *ins = pl_buf_steal(&b);
    pl_copy_writer *w = calloc(1, sizeof *w);
    if (!ins || !w) {
        free(ins);
        free(w);
        return pl_error_set(err, PL_ENOMEM, "", "memori habis");
    }
    w->t = *t;
    if (sqlite3_prepare_v2(s->db, ins, -1, &w->ins, NULL) != SQLITE_OK) {
        rc = pl_sq_fail(s, PL_EIO, err, t->name);
        free(ins);
        free(w);
        return rc;
    }
    free(ins);
    *out = w;
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int bind_value(sqlite3_stmt *st, int i, char kind, const char *v)
{
    if (!v)
        return sqlite3_bind_null(st, i);
    char *end = NULL;
    switch (kind) {
    case 'i': {
        long long n = strtoll(v, &end, 10);
        if (end != v && *end == '\0')
            return sqlite3_bind_int64(st, i, n);
        break; /* not a whole number: stored as given, as SQLite would */
    }
    case 'r': {
        double d = strtod(v, &end);
        if (end != v && *end == '\0')
            return sqlite3_bind_double(st, i, d);
        break;
    }
    case 'b':
        if (v[0] == '\\' && v[1] == 'x') {
            size_t n = strlen(v + 2) / 2;
            unsigned char *p = malloc(n ? n : 1);
            if (!p)
                return SQLITE_NOMEM;
            for (size_t j = 0; j < n; j++) {
                int hi = hexval(v[2 + 2 * j]), lo = hexval(v[3 + 2 * j]);
                if (hi < 0 || lo < 0) {
                    free(p);
                    return SQLITE_MISMATCH;
                }
                p[j] = (unsigned char)(hi << 4 | lo);
            }
            return sqlite3_bind_blob(st, i, p, (int)n, free);
        }
        break;
    default:
        break;
    }
    return sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

int pl_sq_copy_put(pl_sq_store *s, pl_copy_writer *w, const char *const *vals, pl_error *err)
{
    for (int i = 0; i < w->t.ncols; i++)
        if (bind_value(w->ins, i + 1, w->t.kinds[i], vals[i]) != SQLITE_OK) {
            sqlite3_reset(w->ins);
            return pl_error_set(err, PL_EINVAL, w->t.cols[i], "nilai kolom %s.%s tidak terbaca",
                                w->t.name, w->t.cols[i]);
        }
    int rc = sqlite3_step(w->ins);
    sqlite3_reset(w->ins);
    sqlite3_clear_bindings(w->ins);
    if (rc != SQLITE_DONE)
        return pl_sq_fail(s, (rc & 0xff) == SQLITE_CONSTRAINT ? PL_EINVAL : PL_EIO, err, w->t.name);
    w->rows++;
    return 0;
}

int pl_sq_copy_close(pl_sq_store *s, pl_copy_writer *w, pl_error *err)
{
    (void)s;
    (void)err;
    if (!w)
        return 0;
    sqlite3_finalize(w->ins);
    free(w);
    return 0;
}

int pl_sq_copy_finish(pl_sq_store *s, bool commit, pl_error *err)
{
    int rc = 0;
    if (commit) {
        rc = pl_sq_exec(s, "INSERT INTO person_fts(person_fts) VALUES ('rebuild')", err);
        /* The change counts are derived (schema_count.c): not copied, computed here. */
        if (!rc)
            rc = pl_sq_exec(s, pl_sq_count_rebuild, err);
        if (!rc)
            rc = pl_sq_commit(s, err);
    }
    if (!commit || rc)
        pl_sq_rollback(s);
    int now_on = 0;
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, &now_on);
    pl_error ignore;
    int fk = pl_sq_exec(s, "PRAGMA foreign_keys = ON", rc ? &ignore : err);
    if (!rc && fk)
        rc = fk;
    /* The copy wrote in a transaction of its own: foreign keys must hold at its end. */
    if (!rc && commit) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(s->db, "SELECT \"table\" FROM pragma_foreign_key_check LIMIT 1", -1,
                               &st, NULL) != SQLITE_OK)
            return pl_sq_fail(s, PL_EIO, err, "foreign_key_check");
        if (sqlite3_step(st) == SQLITE_ROW)
            rc = pl_error_set(err, PL_EINVAL, "", "salinan melanggar kunci asing pada tabel %s",
                              (const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    return rc;
}
