/*
 * audit.h - the audit trail. Every insert, update and delete of a record is
 * written by the store itself with the actor of the call (pl_actor) and
 * before/after images as JSON text; the trail cannot be changed or deleted
 * through the store. Reads of personal records and actions that change no
 * row (an import) are added explicitly.
 */
#ifndef PL_STORE_AUDIT_H
#define PL_STORE_AUDIT_H

#include "store/store.h"

typedef struct pl_audit_entry {
    int64_t id;
    char at[24];
    char actor[64];
    char client[64];
    char action[32]; /* "insert", "update", "delete", "verify", "import", ... */
    char entity[24]; /* "person", "household", "membership", ... */
    int64_t entity_id;
    char *before; /* JSON text or NULL; borrowed for the callback */
    char *after;  /* JSON text or NULL; borrowed for the callback */
} pl_audit_entry;

typedef int (*pl_audit_cb)(void *ctx, const pl_audit_entry *e);

/* History of one record (entity, id), oldest first; entity NULL = all, newest first. */
int pl_store_audit_list(pl_store *s, const char *entity, int64_t entity_id, int64_t before_id,
                        int limit, pl_audit_cb cb, void *ctx, pl_error *err);

/* Writes one audit row (for actions that are not a row change, e.g. an import). */
int pl_store_audit_add(pl_store *s, const pl_actor *who, const char *action, const char *entity,
                       int64_t entity_id, const char *before_json, const char *after_json,
                       pl_error *err);

/* One read of a personal record, for pl_store_audit_reads. */
typedef struct pl_audit_read {
    char at[24]; /* UTC time of the read, "YYYY-MM-DDTHH:MM:SSZ" */
    char actor[64];
    char client[64];
    char entity[16]; /* "person", "household" */
    int64_t entity_id;
} pl_audit_read;

/*
 * Appends n audit rows with action "read" (many rows per statement, for the
 * HTTP server's batches). Run inside the caller's transaction. Errors: PL_EIO.
 */
int pl_store_audit_reads(pl_store *s, const pl_audit_read *rows, size_t n, pl_error *err);

#endif
