/*
 * sync_field.h - offline instances, the field's half (docs/internals/sync.md):
 * making an instance from a server, pushing its changes and pulling the
 * server's, conflicts resolved field by field, and the packages carried by
 * hand when there is no line at all.
 *
 * The instance is an ordinary Pilar data base (same schema, same CLI and
 * `pilar serve`) whose sync_meta says mode "field": triggers mark every local
 * write of a household, person or membership to_push (schema_sync.c). Rows
 * from the server are written with mode "applying" inside the transaction
 * that writes them, so they are not sent back. Ids: a record keeps the
 * server's id when it is free locally; sync_record maps local ids to server
 * ids either way, and the wire carries server ids only.
 *
 * Crash safety: a change enters the outbox (with its id) in the transaction
 * that marks its record "pushing", and leaves it in the transaction that
 * records the server's answer; an interrupted push sends the outbox again
 * with the same ids, which the server answers from memory. A page of the
 * feed and the cursor after it are written in one transaction.
 */
#ifndef PL_SERVICE_SYNC_FIELD_H
#define PL_SERVICE_SYNC_FIELD_H

#include "service/sync.h"
#include "store/store.h"
#include "store/sync.h"

#include <jansson.h>
#include <stdbool.h>

/* What a sync did, for the operator. */
typedef struct pl_sync_report {
    long regions;
    long pushed, applied, conflicts, refused; /* changes sent and their answers */
    long pulled;                              /* records written from the server */
    long new_conflicts;                       /* records that became conflicts while pulling */
    long package_bytes;                       /* export / answer: the package's size */
    int64_t instance_id;
} pl_sync_report;

/*
 * Makes the empty, migrated data base s an offline instance of the server at
 * url (e.g. http://10.0.0.2:8080) for scope (a district or village inside
 * the token's account): registers a new key pair under name, copies the
 * region tree and every record of the scope. Errors: PL_EIO (no
 * connection), PL_EDENIED (token or scope refused), PL_ECONFLICT (s is an
 * instance already).
 */
int pl_sync_field_init(pl_sync_report *rep, pl_store *s, const pl_actor *who, const char *url,
                       const char *token, const char *scope, const char *name, pl_error *err);

/*
 * Pushes every change waiting, then pulls the server's changes since the
 * cursor (pull runs only once nothing waits in the outbox). Resumable after
 * an interruption at any point. Errors: PL_EIO, PL_EDENIED (e.g. the
 * instance is revoked).
 */
int pl_sync_field_run(pl_sync_report *rep, pl_store *s, const pl_actor *who, pl_error *err);

/*
 * Writes every waiting change (the outbox and the records to push, which
 * enter the outbox) as one signed package into *out (malloc'd, *len bytes;
 * the caller frees and writes it). Errors: PL_EIO.
 */
int pl_sync_field_export(unsigned char **out, size_t *len, pl_sync_report *rep, pl_store *s,
                         pl_error *err);

/*
 * Imports an answer package the office wrote for this instance: the answer
 * to each change, then the server's records. Refused with nothing changed
 * when it is truncated, altered, not signed by this instance's server, for
 * another instance, or imported before. Errors: PL_EINVAL, PL_ECONFLICT.
 */
int pl_sync_field_import(pl_sync_report *rep, pl_store *s, const pl_actor *who,
                         const unsigned char *pkg, size_t len, pl_error *err);

/* One record in conflict: both images, as JSON objects (borrowed for the call). */
typedef struct pl_sync_conflict {
    const pl_sync_record *rec;
    json_t *local;  /* the local row now */
    json_t *server; /* the server's row (ids as local ids) */
    json_t *fields; /* array of the keys whose values differ */
} pl_sync_conflict;

typedef int (*pl_sync_conflict_cb)(void *ctx, const pl_sync_conflict *c);

/* The records in conflict with their two images. */
int pl_sync_field_conflicts(pl_store *s, pl_sync_conflict_cb cb, void *ctx, pl_error *err);

/* A choice for one field of a conflict. */
typedef struct pl_sync_take {
    const char *field;
    bool local; /* true: keep the local value; false: take the server's */
} pl_sync_take;

/*
 * Resolves the conflict of record (entity, local_id): the result starts as
 * the server's row, and the fields taken "local" keep the local value; every
 * differing field must be chosen. The record is then to_push on top of the
 * server's version (or synced when nothing local was kept). Errors:
 * PL_ENOTFOUND (no such conflict), PL_EINVAL (a differing field not chosen,
 * named in the message; an unknown field).
 */
int pl_sync_field_resolve(pl_store *s, const pl_actor *who, const char *entity, int64_t local_id,
                          const pl_sync_take *takes, int n, pl_error *err);

#endif
