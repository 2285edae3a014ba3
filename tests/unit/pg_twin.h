/*
 * pg_twin.h - the fixture of the unit tests that run the same store calls on SQLite and on
 * PostgreSQL and compare what each answers (tests/unit/test_pg_*.c): a SQLite file and a
 * PostgreSQL data base of the throw-away cluster scripts/pg-cluster run made, both migrated,
 * plus a superuser connection to the latter. Linked into every unit test program with the
 * rest of the fixture (tests/CMakeLists.txt); failures end the test through cmocka.
 */
#ifndef PL_TESTS_PG_TWIN_H
#define PL_TESTS_PG_TWIN_H

#include "store/store.h"
#include "util/buf.h"
#include "util/error.h"

#include <jansson.h>
#include <libpq-fe.h>
#include <stdbool.h>

typedef struct pl_twin {
    char dir[64], path[96]; /* the SQLite twin */
    char db[64], url[512];  /* the PostgreSQL data base */
    pl_store *sq, *pg;
    PGconn *admin; /* to the PostgreSQL data base, as the superuser, actor "seed" */
    pl_error err;
} pl_twin;

/*
 * Reads the cluster's socket folder and port from PILAR_PG_DIR / PILAR_PG_PORT (set by
 * scripts/pg-cluster run): true when there is a cluster. Call once in main; without one the
 * test says SKIP and exits 77.
 */
bool pl_twin_cluster(void);

/* A URL of data base db on the cluster into out (cap bytes). */
void pl_twin_url(char *out, size_t cap, const char *db);

/* A connection to url, or the test fails naming the reason. The caller PQfinishes it. */
PGconn *pl_twin_connect(const char *url);

/* Runs sql on c; the test fails when it does not succeed. */
void pl_twin_pg(PGconn *c, const char *sql);

/* Runs sql on the SQLite twin's handle; the test fails when it does not succeed. */
void pl_twin_sq(pl_twin *t, const char *sql);

/* Runs sql (both dialects read it alike) on both backends. */
void pl_twin_both(pl_twin *t, const char *sql);

/*
 * Makes a twin: a temporary folder holding the SQLite file, a fresh PostgreSQL data base named
 * <name>_<pid>_<n>, both opened and migrated, the admin connection with actor "seed" (and the
 * SQLite store's actor "seed" too, for seeding rows). Returns a calloc'd twin the caller ends
 * with pl_twin_free; the test fails on any error.
 */
pl_twin *pl_twin_new(const char *name);

/* Closes both stores and the admin connection, drops the data base, removes the folder, frees t. */
void pl_twin_free(pl_twin *t);

/*
 * Appends a call's outcome to a transcript: "<what>: ok", or its code, field and message. The
 * words after a refusal of the data ("data sudah ada (table): ...", "data tidak memenuhi
 * aturan (table): ...") are each data base's own, so only the part up to the table is kept.
 */
void pl_twin_outcome(pl_buf *out, const char *what, int rc, const pl_error *err);

/*
 * The audit rows from id `from` on, in id order, of the PostgreSQL data base (pg) or of the
 * SQLite twin, as one new JSON array of [action, entity, entity_id, actor, before, after]
 * (before and after parsed). The caller decrefs it.
 */
json_t *pl_twin_audit(pl_twin *t, bool pg, long from);

/* Fails the test, printing both, when the transcripts sq and pg differ. */
void pl_twin_same(const char *what, const char *sq, const char *pg);

#endif
