/*
 * sync.h - offline instances, the server's half (issue 18; the protocol is
 * docs/internals/sync.md): registering and revoking instances, the change
 * feed a field instance pulls, and applying the changes it sends, whether
 * over the HTTP API or carried in a signed package (the same function).
 *
 * A package is one file: a header (magic "PILARSYNC1", kind 'C' changes
 * from an instance or 'A' an answer from the server, instance id, sequence
 * number, sizes), the JSON body compressed with zlib, and an Ed25519
 * signature (libsodium crypto_sign) over everything before it: the
 * instance's key signs changes, the server's key signs answers.
 *
 * Every change carries an id made by the instance; the server answers each
 * id once and remembers the answer (sync_applied), and the writes of a
 * change carry "sync:<id>" as their audit client in the write's own
 * transaction, so that a change applied just before a crash is recognised
 * when it comes again. A change is "applied" when the version it was made on
 * is still the server's, a "conflict" (nothing written, the server's row
 * returned) when the record moved on, "refused" with a reason in Bahasa
 * Indonesia when it breaks a rule (scope, period lock, a NIK held by
 * someone else, the record rules).
 */
#ifndef PL_SERVICE_SYNC_H
#define PL_SERVICE_SYNC_H

#include "store/store.h"
#include "store/sync.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PL_SYNC_CHANGE_ID_MAX 64
#define PL_SYNC_PACKAGE_MAX ((size_t)256 << 20) /* largest package read (uncompressed body) */

/*
 * Registers an offline instance for the account user (id user_id, scope
 * user_scope): name (1..80 characters), scope (a district or village code,
 * any spelling, inside user_scope) and its Ed25519 public key (64 hex
 * digits). On success *out is the stored instance. Errors: PL_EINVAL,
 * PL_EDENIED (scope outside the account's), PL_ECONFLICT (key registered).
 */
int pl_sync_instance_register(pl_sync_instance *out, pl_store *s, const pl_actor *who,
                              int64_t user_id, const char *user_scope, const char *name,
                              const char *scope, const char *public_key, pl_error *err);

/*
 * Revokes instance id seen from user_scope (an instance outside it is
 * answered like an absent one): its packages and pushes are refused from
 * then on. On success *out is the instance as revoked. Errors: PL_ENOTFOUND.
 */
int pl_sync_instance_revoke(pl_sync_instance *out, pl_store *s, const pl_actor *who,
                            const char *user_scope, int64_t id, pl_error *err);

/* The server's public key (hex), made on first use. Errors: PL_EIO. */
int pl_sync_server_public_key(char pub[PL_SYNC_KEY_HEX], pl_store *s, pl_error *err);

/*
 * The change feed of scope after cursor ("" or "0" = from the start: first a
 * snapshot of every record in scope, then the audit's changes): at most
 * limit (1..2000) records, each {"entity","id","version","row"} with the
 * row's columns, into *items (a new array, the caller owns it). next
 * (64 bytes) receives the cursor to ask with next time, *more whether more
 * records may follow at once. Errors: PL_EINVAL (a cursor this server never
 * gave).
 */
int pl_sync_feed(json_t **items, char *next, bool *more, pl_store *s, const char *scope,
                 const char *cursor, int limit, pl_error *err);

/* What pl_sync_package_apply did. */
typedef struct pl_sync_apply_summary {
    int64_t instance_id;
    int64_t seq;
    long applied, conflicts, refused, repeated; /* repeated: answered before, not applied again */
    long feed;                                  /* records in the answer's feed */
} pl_sync_apply_summary;

/*
 * Applies a change package (bytes pkg, len) sent by an instance and writes
 * the answer package (*answer malloc'd, *answer_len; the caller frees): the
 * answer to every change and, when with_feed, the feed of the instance's
 * scope after the cursor the package carries (for a package carried by
 * hand). user_scope is the scope of the account that delivers the package
 * (the instance's scope must still lie inside it; "" at the office's command
 * line). Refused as a whole, with nothing changed, when the package is
 * truncated, altered, signed by another key, replayed (its sequence number
 * seen before), from an unknown or revoked instance, or claims another
 * scope: PL_EINVAL or PL_EDENIED with the reason in Bahasa Indonesia.
 */
int pl_sync_package_apply(unsigned char **answer, size_t *answer_len, pl_sync_apply_summary *sum,
                          pl_store *s, const char *user, const char *user_scope,
                          const unsigned char *pkg, size_t len, bool with_feed, pl_error *err);

/* ------------------------------------------------------------------ packages */

/*
 * Writes a package of kind ('C' or 'A') for instance and seq around body
 * (JSON, compressed), signed with secret key sk_hex (128 hex digits):
 * *out malloc'd, the caller frees. Errors: PL_EINVAL (key), PL_ENOMEM.
 */
int pl_sync_package_write(unsigned char **out, size_t *len, char kind, int64_t instance,
                          int64_t seq, const json_t *body, const char *sk_hex, pl_error *err);

/* Reads a package's header. Errors: PL_EINVAL (not a package, truncated). */
int pl_sync_package_peek(char *kind, int64_t *instance, int64_t *seq, const unsigned char *buf,
                         size_t len, pl_error *err);

/*
 * Checks a package's signature with public key pk_hex and unpacks its body
 * (*body owned by the caller); digest (65 bytes) receives the BLAKE2b-256
 * of the whole package, hex. Errors: PL_EINVAL (truncated, altered, another
 * key).
 */
int pl_sync_package_open(json_t **body, char *digest, const unsigned char *buf, size_t len,
                         const char *pk_hex, pl_error *err);

/* A new Ed25519 key pair, hex. */
void pl_sync_keypair(char pub[PL_SYNC_KEY_HEX], char sec[PL_SYNC_SECRET_HEX]);

/* A new change id: 32 random hex digits. */
void pl_sync_change_id(char out[33]);

#endif
