#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "store/pg/schema.h"
#include "store/sqlite/internal.h"
#include "store/store.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Both backends have every version: a migration written for one only fails here. */
static void test_same_versions(void **state)
{
    (void)state;
    assert_int_equal((int)pl_pg_migration_count, pl_sq_migration_count);
    assert_int_equal((int)pl_pg_migration_count, PL_STORE_SCHEMA_VERSION);
    for (size_t i = 0; i < pl_pg_migration_count; i++) {
        assert_int_equal(pl_pg_migrations[i].version, (int)i + 1);
        assert_non_null(pl_pg_migrations[i].name);
        assert_true(pl_pg_migrations[i].name[0] != '\0');
        assert_non_null(pl_pg_migrations[i].sql);
        assert_true(pl_pg_migrations[i].sql[0] != '\0');
    }
}

/*
 * Every table SQLite's migration i creates (CREATE TABLE, not its FTS5 and R*Tree virtual
 * tables, which PostgreSQL replaces by an index and PostGIS tables, nor a table it rebuilds and
 * renames) PostgreSQL's migration i creates too.
 */
static void test_same_tables(void **state)
{
    (void)state;
    static const char create[] = "CREATE TABLE ";
    static const char ine[] = "IF NOT EXISTS ";
    int common = pl_sq_migration_count < (int)pl_pg_migration_count ? pl_sq_migration_count
                                                                    : (int)pl_pg_migration_count;
    for (int i = 0; i < common; i++) {
        const char *p = pl_sq_migrations[i];
        while ((p = strstr(p, create)) != NULL) {
            p += sizeof create - 1;
            if (strncmp(p, ine, sizeof ine - 1) == 0)
                p += sizeof ine - 1;
            char name[128], want[160], want_sp[160];
            size_t n = 0;
            while (n + 1 < sizeof name &&
                   (isalnum((unsigned char)p[n]) || p[n] == '_' || p[n] == '.'))
                n++;
            memcpy(name, p, n);
            name[n] = '\0';
            snprintf(want, sizeof want, "CREATE TABLE %s(", name);
            snprintf(want_sp, sizeof want_sp, "CREATE TABLE %s ", name);
            const char *pg = pl_pg_migrations[i].sql;
            /* A table SQLite rebuilds under another name and renames back (its way to change
             * a column's constraints, which PostgreSQL's ALTER TABLE does in place). */
            char renamed[200];
            snprintf(renamed, sizeof renamed, "ALTER TABLE %s RENAME TO ", name);
            if (strstr(pl_sq_migrations[i], renamed) != NULL)
                continue;
            if (strstr(pg, want) == NULL && strstr(pg, want_sp) == NULL)
                fail_msg("migration %d: SQLite creates %s, PostgreSQL does not", i + 1, name);
        }
    }
}

/* No SQLite dialect slipped into the PostgreSQL migrations. */
static void test_dialect(void **state)
{
    (void)state;
    static const char *const sqlite_only[] = {
        "WITHOUT ROWID", "AUTOINCREMENT", "strftime(", "julianday(",         "RAISE(ABORT",
        "json_object(",  "randomblob(",   " REAL",     "INTEGER PRIMARY KEY"};
    for (size_t i = 0; i < pl_pg_migration_count; i++)
        for (size_t k = 0; k < sizeof sqlite_only / sizeof sqlite_only[0]; k++)
            if (strstr(pl_pg_migrations[i].sql, sqlite_only[k]))
                fail_msg("PostgreSQL migration %zu uses SQLite's %s", i + 1, sqlite_only[k]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_versions),
        cmocka_unit_test(test_same_tables),
        cmocka_unit_test(test_dialect),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
