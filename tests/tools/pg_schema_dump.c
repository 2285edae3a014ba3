/*
 * pg_schema_dump.c - prints the PostgreSQL migrations (src/store/pg/schema*.c) for the tests
 * that apply them with psql while the C runner does not exist yet
 * (tests/integration/test_pg_schema.sh).
 *
 *     pilar-pg-schema-dump count    the number of migrations
 *     pilar-pg-schema-dump N        the SQL of the migration to version N
 *     pilar-pg-schema-dump all      every migration in order, each as one transaction
 *                                   (BEGIN ... COMMIT) that also records its version
 *
 * Exit status 1 on a bad argument.
 */
#include "store/pg/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: pilar-pg-schema-dump count | N | all\n");
        return 1;
    }
    if (strcmp(argv[1], "count") == 0) {
        printf("%zu\n", pl_pg_migration_count);
        return 0;
    }
    if (strcmp(argv[1], "all") == 0) {
        printf("CREATE TABLE IF NOT EXISTS pl_schema_dump_version(version int NOT NULL);\n");
        for (size_t i = 0; i < pl_pg_migration_count; i++)
            printf("BEGIN;\n-- %d: %s\n%s\nINSERT INTO pl_schema_dump_version VALUES (%d);\n"
                   "COMMIT;\n",
                   pl_pg_migrations[i].version, pl_pg_migrations[i].name, pl_pg_migrations[i].sql,
                   pl_pg_migrations[i].version);
        return 0;
    }
    char *end;
    long v = strtol(argv[1], &end, 10);
    if (*end || v < 1 || (size_t)v > pl_pg_migration_count) {
        fprintf(stderr, "pilar-pg-schema-dump: no migration %s\n", argv[1]);
        return 1;
    }
    fputs(pl_pg_migrations[v - 1].sql, stdout);
    return 0;
}
