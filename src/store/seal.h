/*
 * seal.h - one seal of the audit's hash chain, the same bytes on both backends: BLAKE2b-256
 * (libsodium's crypto_generichash, 32 bytes, no key) over the tag "pilar audit chain 1" with
 * its NUL, the previous seal (a blob; NULL at the start of the chain), then each value tagged
 * with its type: 0 NULL; 1 integer and 2 real, 8 bytes little-endian; 3 text and 4 blob, an
 * 8-byte little-endian length then the bytes. The PL/pgSQL pl_audit_hash of
 * src/store/pg/schema_chain.c computes the same.
 */
#ifndef PL_STORE_SEAL_H
#define PL_STORE_SEAL_H

#include "store/audit.h"

#include <sodium.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pl_seal {
    crypto_generichash_state st;
} pl_seal;

/* Starts a seal: the tag only; the previous seal is the first value put. */
void pl_seal_start(pl_seal *s);
/* pl_seal_start, then prev as a blob (PL_AUDIT_HASH_LEN bytes; NULL: a chain's first row). */
void pl_seal_begin(pl_seal *s, const unsigned char *prev);
void pl_seal_null(pl_seal *s);
void pl_seal_int(pl_seal *s, int64_t v);
void pl_seal_real(pl_seal *s, double v);
void pl_seal_text(pl_seal *s, const void *text, size_t n); /* text NULL: a NULL value */
void pl_seal_blob(pl_seal *s, const void *blob, size_t n); /* blob NULL: a NULL value */
void pl_seal_end(pl_seal *s, unsigned char out[PL_AUDIT_HASH_LEN]);

#endif
