/*
 * dbcopy.h - moving a whole data base from one backend to the other (`pilar db copy`): every
 * table, the audit, its seals and the read audit included, ids kept, into a data base that holds
 * no people, households or accounts yet; then the copy is compared with its source.
 */
#ifndef PL_SERVICE_DBCOPY_H
#define PL_SERVICE_DBCOPY_H

#include "store/backup.h"
#include "util/error.h"

#include <stdint.h>

typedef struct pl_dbcopy_result {
    int tables;            /* tables copied */
    int64_t rows;          /* rows copied, all tables */
    pl_store_stats source; /* counts and audit head of the source */
    pl_store_stats target; /* the same read back from the copy: equal when it succeeded */
} pl_dbcopy_result;

/* Called after each table with its name and rows (progress for the CLI); may be NULL. */
typedef void (*pl_dbcopy_progress)(void *ctx, const char *table, int64_t rows);

/*
 * Copies the data base at from (a SQLite file or a PostgreSQL URL) into to (the other kind;
 * created or migrated to this build's schema first), in one transaction of the target, with
 * the target's triggers off so that audit rows, seals and ids arrive unchanged; rebuilds the
 * target's derived indexes; then reads both back and compares their counts and audit heads.
 * Refuses (PL_EINVAL, field "to") a target that already holds people, households or accounts,
 * two locations of the same kind (use `pilar backup` there), and a source of another schema
 * version (PL_ECONFLICT). Nothing of a failed copy stays in the target.
 */
int pl_dbcopy_run(const char *from, const char *to, pl_dbcopy_progress progress, void *ctx,
                  pl_dbcopy_result *out, pl_error *err);

#endif
