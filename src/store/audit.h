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

/*
 * The write audit (changes and events; reads are in the read audit, see
 * below). With entity and entity_id: the history of that record, oldest
 * first, entries with id above cursor (0 = from the start). Else every
 * record (entity NULL) or every record of entity, newest first, entries
 * with id below cursor (0 = from the newest). At most limit entries
 * (<= 0: 100). cb's non-zero return stops the listing and is returned.
 */
int pl_store_audit_list(pl_store *s, const char *entity, int64_t entity_id, int64_t cursor,
                        int limit, pl_audit_cb cb, void *ctx, pl_error *err);

/* Writes one audit row (for actions that are not a row change, e.g. an import). */
int pl_store_audit_add(pl_store *s, const pl_actor *who, const char *action, const char *entity,
                       int64_t entity_id, const char *before_json, const char *after_json,
                       pl_error *err);

/* What an audit search keeps; NULL / 0 members keep everything. */
typedef struct pl_audit_filter {
    const char *entity; /* "person", "household", ... */
    int64_t entity_id;  /* with entity: one record */
    const char *actor;  /* the account name, exact */
    const char *from;   /* YYYY-MM-DD: entries on or after that day (UTC) */
    const char *to;     /* YYYY-MM-DD: entries on or before that day (UTC) */
} pl_audit_filter;

/*
 * The write audit newest first, narrowed by f (may be NULL): entries with id
 * below cursor (0 = from the newest), at most limit (<= 0: 100). A filter
 * by actor or dates walks back from the newest (no index on them). cb's
 * non-zero return stops the listing and is returned.
 */
int pl_store_audit_search(pl_store *s, const pl_audit_filter *f, int64_t cursor, int limit,
                          pl_audit_cb cb, void *ctx, pl_error *err);

/* The read audit the same way (entries with action "read", the read audit's own ids). */
int pl_store_audit_read_search(pl_store *s, const pl_audit_filter *f, int64_t cursor, int limit,
                               pl_audit_cb cb, void *ctx, pl_error *err);

/* One read of a personal record, for pl_store_audit_reads. */
typedef struct pl_audit_read {
    char at[24]; /* UTC time of the read, "YYYY-MM-DDTHH:MM:SSZ" */
    char actor[64];
    char client[64];
    char entity[16]; /* "person", "household" */
    int64_t entity_id;
} pl_audit_read;

/*
 * Appends n rows to the read audit (kept apart from the write audit so that
 * neither crowds the other out; many rows per statement, for the HTTP
 * server's batches). The read audit is a file of its own beside the data
 * base (PL_STORE_READS_SUFFIX): outside a transaction the rows go in one
 * transaction of their own that writes and locks only that file, so that
 * other connections keep their caches of the data base; inside the
 * caller's transaction they join it. Errors: PL_EIO (e.g. the disk is full;
 * nothing is written).
 */
int pl_store_audit_reads(pl_store *s, const pl_audit_read *rows, size_t n, pl_error *err);

/*
 * The read audit, newest first: entries with id below cursor (0 = from the
 * newest), of entity (NULL = any) and entity_id (0 = any), at most limit
 * (<= 0: 100). Entries have action "read" and no images; their ids are the
 * read audit's own. cb's non-zero return stops the listing and is returned.
 * The read audit keeps no per-record index (it is written on every personal
 * read), so a listing narrowed to one record walks back from the newest.
 */
int pl_store_audit_read_list(pl_store *s, const char *entity, int64_t entity_id, int64_t cursor,
                             int limit, pl_audit_cb cb, void *ctx, pl_error *err);

/*
 * Counts the read-audit rows of one record into *out. Reads the whole read
 * audit (no per-record index, see pl_store_audit_read_list).
 */
int pl_store_audit_read_count(pl_store *s, const char *entity, int64_t entity_id, int64_t *out,
                              pl_error *err);

/*
 * The audit is a hash chain: each row of the write audit and of the read
 * audit carries a seal, the BLAKE2b-256 of the previous row's seal and the
 * row's own content, written by the store in the statement that writes the
 * row (also for rows a bulk load writes). A row deleted, changed or slipped
 * in breaks the chain at that row; rewriting the whole chain needs code
 * that computes seals, which an operator's anchor (the head seal recorded
 * elsewhere, pl_store_audit_head) exposes.
 */
#define PL_AUDIT_HASH_LEN 32
#define PL_AUDIT_HASH_HEX (2 * PL_AUDIT_HASH_LEN + 1)

/* A place on the chain: a row's id, time and seal (hex). */
typedef struct pl_audit_head {
    int64_t id; /* 0: the audit is empty */
    char at[24];
    char hash[PL_AUDIT_HASH_HEX];
} pl_audit_head;

/* The newest write-audit row and its seal (the anchor an operator records elsewhere). */
int pl_store_audit_head(pl_store *s, pl_audit_head *out, pl_error *err);

/* What pl_store_audit_verify looked at. */
typedef struct pl_audit_check {
    int triggers;      /* triggers found as this build creates them */
    int64_t rows;      /* write-audit rows whose seal holds */
    int64_t read_rows; /* read-audit rows whose seal holds */
    int64_t anchor_id; /* the row carrying the anchor, 0 when none was given */
} pl_audit_check;

/*
 * Verifies that the audit is whole, end to end: every trigger this build
 * creates exists with its SQL and no other trigger exists (a dropped audit
 * trigger lets changes go unaudited); the write audit's chain holds from
 * its first row to the head, and no seal outlived its row; the read
 * audit's chain holds from the boundary its last purge recorded; no person
 * or household differs from the after image of its latest audited change
 * (a change made while its trigger was away); and, with anchor_hex (the
 * hex seal printed by `pilar audit anchor`), that a row of the chain
 * carries exactly that seal. Stops at the first problem: PL_EIO with a
 * message naming it (field "audit" or "anchor"); PL_EINVAL for an anchor
 * that is not a hex seal. Reads only.
 */
int pl_store_audit_verify(pl_store *s, const char *anchor_hex, pl_audit_check *out, pl_error *err);

/*
 * Deletes the oldest read-audit rows: every row before the first one at or
 * after before (UTC "YYYY-MM-DDTHH:MM:SSZ"), so that what stays is a
 * contiguous part of the chain, and counts them into *removed. *last
 * receives the id and seal of the last row deleted (id 0 when none): the
 * caller records it in the write audit, where pl_store_audit_verify finds
 * the start of the remaining chain. The schema refuses to delete rows
 * younger than 30 days (the whole call then fails). Run inside the
 * caller's transaction. Errors: PL_EIO.
 */
int pl_store_audit_read_purge(pl_store *s, const char *before, int64_t *removed,
                              pl_audit_head *last, pl_error *err);

#endif
