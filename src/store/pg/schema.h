/*
 * schema.h - the numbered migrations of the PostgreSQL schema: the same
 * versions as the SQLite schema (src/store/sqlite/schema.c), written in
 * PostgreSQL's dialect. Entry i moves a data base from version i to i + 1;
 * the runner (src/store/pg/db.c) applies each in its own transaction and
 * records the version. Every migration is written for both backends; a test
 * fails when one backend lacks a version the other has. Never edit a
 * released migration: add the next one.
 */
#ifndef PL_STORE_PG_SCHEMA_H
#define PL_STORE_PG_SCHEMA_H

#include <stddef.h>

typedef struct pl_pg_migration {
    int version;      /* the version this migration brings the data base to (1, 2, ...) */
    const char *name; /* short English name, for logs */
    const char *sql;  /* one or more statements, run in one transaction */
} pl_pg_migration;

/* The migrations in order; pl_pg_migrations[i].version == i + 1. */
extern const pl_pg_migration pl_pg_migrations[];
extern const size_t pl_pg_migration_count;

#endif
