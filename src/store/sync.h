/*
 * sync.h - offline instances (issue 18; docs/internals/sync.md).
 *
 * Server side: registered instances with their public keys (revocable), the
 * server's own key pair, the changes each instance sent by their client-made
 * ids with the answer given (so a change sent twice is applied once), the
 * package sequence numbers seen (replays), and the change feed: "the records
 * changed after position p" are the records named by audit rows after p
 * (pl_sync_pos).
 *
 * A position must never let a reader pass a change that commits later. On
 * SQLite there is one writer, so audit ids are handed out in commit order and
 * a position is an audit id. On PostgreSQL ids come from a sequence at insert
 * time and transactions commit in any order (a reader could see id 11
 * committed while id 10 is still in flight), so there a position is
 * (xid, id): every audit row records the id of the transaction that wrote it
 * (audit.xid, xid8, default pg_current_xact_id(), indexed with id), and the
 * feed serves only rows whose transaction is older than the horizon
 * pg_snapshot_xmin(pg_current_snapshot()) -- every such transaction has
 * ended, so no row can appear below the horizon later -- in (xid, id) order.
 * Writers are not serialised for it; a transaction that stays open holds
 * the feed back (not its writers) until it ends.
 * docs/internals/postgresql.md, "The change feed".
 *
 * Field side (an offline instance's data base): key/value state, one
 * sync_record per local household, person and membership (its server id,
 * the server's version and row image it was last in step with, its state),
 * the outbox of changes in flight and the answer packages imported. Local
 * writes are marked to_push by triggers (schema_sync.c) while the mode is
 * "field"; pl_store_sync_meta_set(s, "mode", "applying") inside a
 * transaction turns marking off for that transaction's writes.
 *
 * Rows cross this interface as JSON text of their columns (the sync wire
 * format, which both ends of the protocol read): pl_store_sync_row reads one,
 * pl_store_sync_row_put writes one.
 */
#ifndef PL_STORE_SYNC_H
#define PL_STORE_SYNC_H

#include "store/store.h"

#define PL_SYNC_KEY_HEX 65     /* Ed25519 public key, hex + NUL */
#define PL_SYNC_SECRET_HEX 129 /* Ed25519 secret key, hex + NUL */
#define PL_SYNC_IMAGE_MAX 8192 /* longest row image kept in sync_record */

typedef struct pl_sync_instance {
    int64_t id;
    char name[81];
    char scope[PL_REGION_CODE_MAX];
    char public_key[PL_SYNC_KEY_HEX];
    int64_t user_id;
    char created_at[24];
    char created_by[64];
    char revoked_at[24]; /* "" = active */
    char revoked_by[64];
    int64_t version;
} pl_sync_instance;

/* Registers an instance (fills id, version, created_*). Errors: PL_ECONFLICT (key known),
 * PL_EINVAL. */
int pl_store_sync_instance_add(pl_store *s, const pl_actor *who, pl_sync_instance *in,
                               pl_error *err);

/* One instance by id. Errors: PL_ENOTFOUND. */
int pl_store_sync_instance_get(pl_store *s, pl_sync_instance *out, int64_t id, pl_error *err);

typedef int (*pl_sync_instance_cb)(void *ctx, const pl_sync_instance *in);

/* Instances whose scope lies inside scope ("" = all), by id. */
int pl_store_sync_instance_list(pl_store *s, const char *scope, pl_sync_instance_cb cb, void *ctx,
                                pl_error *err);

/* Revokes instance id (audited); revoking twice keeps the first time. Errors: PL_ENOTFOUND. */
int pl_store_sync_instance_revoke(pl_store *s, const pl_actor *who, int64_t id, pl_error *err);

/*
 * The server's key pair (hex): when none is stored yet, new_pub/new_sec are
 * stored and returned. Errors: PL_EIO.
 */
int pl_store_sync_server_key(pl_store *s, char pub[PL_SYNC_KEY_HEX], char sec[PL_SYNC_SECRET_HEX],
                             const char *new_pub, const char *new_sec, pl_error *err);

/* Notes package seq of an instance. Errors: PL_ECONFLICT when it was seen before. */
int pl_store_sync_package_note(pl_store *s, int64_t instance_id, int64_t seq, const char *digest,
                               pl_error *err);

/*
 * The answer remembered for change_id of an instance: outcome (16 bytes)
 * and *result (JSON text, malloc'd, the caller frees). Errors: PL_ENOTFOUND.
 */
int pl_store_sync_applied_get(pl_store *s, int64_t instance_id, const char *change_id,
                              char *outcome, char **result, pl_error *err);

/* Remembers the answer to a change (a second put of the same id keeps the first). */
int pl_store_sync_applied_put(pl_store *s, int64_t instance_id, const char *change_id,
                              const char *outcome, const char *result, pl_error *err);

/*
 * The record of entity that the first audited write with client names
 * ("sync:<change id>"). Errors: PL_ENOTFOUND (no write carries it).
 */
int pl_store_sync_audit_client(pl_store *s, const char *client, const char *entity,
                               int64_t *entity_id, pl_error *err);

/*
 * A position in the change feed (see the top of this file): the audit row's
 * id and, on PostgreSQL, the id of the transaction that wrote it (0 on
 * SQLite). Positions order by (xid, id); {0, 0} comes before every row.
 */
typedef struct pl_sync_pos {
    int64_t xid;
    int64_t id;
} pl_sync_pos;

/*
 * The position of the last audit row the feed can serve now ({0, 0} when
 * none): SQLite, the highest audit id; PostgreSQL, the highest (xid, id)
 * below the horizon. Every change not served up to it comes after it.
 */
int pl_store_sync_audit_head(pl_store *s, pl_sync_pos *out, pl_error *err);

/*
 * The highest ids of household, person and membership now (0 for an empty
 * table), in that order: a bulk import takes them before and after its
 * writes to name the ids it made (see pl_store_sync_audit_changes).
 */
int pl_store_sync_id_marks(pl_store *s, int64_t marks[3], pl_error *err);

typedef int (*pl_sync_ref_cb)(void *ctx, const char *entity, int64_t id);

/*
 * Audit rows after position since (below the horizon on PostgreSQL), in
 * position order, at most limit (1..20000) of them read: each about a
 * household, person, membership, PSKS unit or program goes to cb (entity as
 * in sync_record, "psks" or "program"). The audit row of a bulk import
 * (action "import", entity "file"), whose inserts write no row of their own,
 * names the ids it made in its after image ("ids": [household from, to,
 * person from, to, membership from, to]); each existing id of those ranges
 * goes to cb as if it had its own row. *last receives the position of the
 * last row read (*since when none).
 */
int pl_store_sync_audit_changes(pl_store *s, const pl_sync_pos *since, int limit, pl_sync_ref_cb cb,
                                void *ctx, pl_sync_pos *last, pl_error *err);

/*
 * Ids of entity ("household", "person", "membership", "psks", "program")
 * inside scope ("" = all; programs are not regional), above after, by id,
 * at most limit.
 */
int pl_store_sync_ids(pl_store *s, const char *entity, const char *scope, int64_t after, int limit,
                      pl_sync_ref_cb cb, void *ctx, pl_error *err);

/*
 * The row of entity id as JSON text of its columns (*json malloc'd, the
 * caller frees) and the region it lies in (village, area; "" for programs;
 * a membership's subject's village) into region (PL_REGION_CODE_MAX
 * bytes). Errors: PL_ENOTFOUND.
 */
int pl_store_sync_row(pl_store *s, char **json, char *region, const char *entity, int64_t id,
                      pl_error *err);

/*
 * Writes the row json (columns as pl_store_sync_row gives them; "id" and
 * audit columns ignored) as record local_id of entity, or as a new record
 * when local_id is 0 (with id preferred when that id is free); *out_id
 * receives the local id. Audited with who. Errors: PL_ECONFLICT (a unique
 * number taken), PL_EINVAL.
 */
int pl_store_sync_row_put(pl_store *s, const pl_actor *who, const char *entity, int64_t local_id,
                          int64_t preferred, const char *json, int64_t *out_id, pl_error *err);

/* ------------------------------------------------------------------ field side */

/* A value of sync_meta into out (cap bytes). Errors: PL_ENOTFOUND. */
int pl_store_sync_meta_get(pl_store *s, const char *key, char *out, size_t cap, pl_error *err);

/* Sets a value of sync_meta. */
int pl_store_sync_meta_set(pl_store *s, const char *key, const char *value, pl_error *err);

typedef struct pl_sync_record {
    char entity[16];
    int64_t local_id;
    int64_t server_id; /* 0: made here, not on the server yet */
    int64_t base_version;
    char base[PL_SYNC_IMAGE_MAX];   /* the server's row image last in step ("" = none) */
    char state[12];                 /* synced, to_push, pushing, conflict, refused */
    char server[PL_SYNC_IMAGE_MAX]; /* conflict: the server's row image now */
    char message[512];              /* a refusal's reason whole, as pl_error holds it */
    char changed_at[24];
} pl_sync_record;

/* The sync state of a local record. Errors: PL_ENOTFOUND. */
int pl_store_sync_record_get(pl_store *s, pl_sync_record *out, const char *entity, int64_t local_id,
                             pl_error *err);

/* The sync state of the local record holding server id. Errors: PL_ENOTFOUND. */
int pl_store_sync_record_by_server(pl_store *s, pl_sync_record *out, const char *entity,
                                   int64_t server_id, pl_error *err);

/* Writes every field of r (insert or replace). */
int pl_store_sync_record_put(pl_store *s, const pl_sync_record *r, pl_error *err);

typedef int (*pl_sync_record_cb)(void *ctx, const pl_sync_record *r);

/*
 * Records in state (NULL = every state but synced) of entity (NULL = any),
 * by entity then local id, those after (entity_after, after) first, at most
 * limit. Records are borrowed for the call.
 */
int pl_store_sync_record_list(pl_store *s, const char *state, const char *entity, int64_t after,
                              int limit, pl_sync_record_cb cb, void *ctx, pl_error *err);

/* How many records are in each state: synced, to_push, pushing, conflict, refused. */
int pl_store_sync_record_counts(pl_store *s, long counts[5], pl_error *err);

/* Adds a change to the outbox (ord: its order of sending). */
int pl_store_sync_outbox_add(pl_store *s, const char *change_id, const char *entity,
                             int64_t local_id, const char *payload, pl_error *err);

typedef int (*pl_sync_outbox_cb)(void *ctx, const char *change_id, const char *entity,
                                 int64_t local_id, const char *payload);

/* The outbox in order, at most limit entries (strings borrowed for the call). */
int pl_store_sync_outbox_list(pl_store *s, int limit, pl_sync_outbox_cb cb, void *ctx,
                              pl_error *err);

/* Removes a change from the outbox (absent is fine). */
int pl_store_sync_outbox_remove(pl_store *s, const char *change_id, pl_error *err);

/* How many changes wait in the outbox. */
int pl_store_sync_outbox_count(pl_store *s, long *out, pl_error *err);

/* Notes an imported answer package. Errors: PL_ECONFLICT when seq was imported before. */
int pl_store_sync_answer_note(pl_store *s, int64_t seq, const char *digest, pl_error *err);

#endif
