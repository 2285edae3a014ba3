/*
 * ident.h - part of the store interface: the server key behind pseudonyms
 * (domain/ident.h). Included by store.h; callers include store.h only.
 *
 * The key is made once, by the migration that adds it (32 bytes of
 * SQLite's randomness, a ChaCha20 generator seeded from the operating
 * system), and kept in the data base, which is owner-only. It never leaves
 * the server: replies carry only hashes made with it. Changing it changes
 * every pseudonym.
 */
#ifndef PL_STORE_IDENT_H
#define PL_STORE_IDENT_H

#include "domain/ident.h"

/* Copies the server key into out (PL_IDENT_KEY_LEN bytes). Errors: PL_EIO. */
int pl_store_ident_key(pl_store *s, unsigned char out[PL_IDENT_KEY_LEN], pl_error *err);

#endif
