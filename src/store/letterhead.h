/*
 * letterhead.h - part of the store interface: the letterhead (kop surat) and
 * signature block an office prints on its reports, one per province or
 * regency. A report or card of a region uses the setting of that region or
 * of its nearest ancestor (service/letterhead.h); without one, documents
 * are printed as before. Every write is audited (the logo as its size).
 */
#ifndef PL_STORE_LETTERHEAD_H
#define PL_STORE_LETTERHEAD_H

#include "domain/region_code.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest logo kept (PNG bytes). */
#define PL_LETTERHEAD_LOGO_MAX (256 * 1024)

typedef struct pl_letterhead {
    int64_t id;
    char region[PL_REGION_CODE_MAX]; /* province or regency, dotted */
    char agency[160];                /* first line, e.g. "Pemerintah Kota Bontang" ("" = none) */
    char office_name[160];           /* e.g. "Dinas Sosial" (required) */
    char address[300];               /* street, telephone, e-mail on one line */
    char place[80];                  /* signature: where signed, e.g. "Bontang" */
    char signer_title[160];          /* signature: "Kepala Dinas Sosial" ("" = no block) */
    char signer_name[120];
    char signer_nip[32]; /* 18 digits, as typed with its spaces */
    long logo_bytes;     /* size of the stored logo, 0 = none */
    char updated_at[24];
    char updated_by[64];
    int64_t version;
} pl_letterhead;

typedef int (*pl_letterhead_cb)(void *ctx, const pl_letterhead *lh);

/* The setting of exactly region into *out. Errors: PL_ENOTFOUND. */
int pl_store_letterhead_get(pl_store *s, pl_letterhead *out, const char *region, pl_error *err);

/* Every setting, by region code. */
int pl_store_letterhead_list(pl_store *s, pl_letterhead_cb cb, void *ctx, pl_error *err);

/*
 * Creates or replaces the setting of lh->region (its text fields; id,
 * logo_bytes, updated_* and version are ignored). With keep_logo the stored
 * logo stays; otherwise it becomes logo[0..logo_len) (NULL / 0 = none).
 * lh->version > 0 must match the stored version (PL_ECONFLICT otherwise).
 * Errors: PL_EINVAL (unknown region), PL_ECONFLICT.
 */
int pl_store_letterhead_put(pl_store *s, const pl_actor *who, const pl_letterhead *lh,
                            bool keep_logo, const unsigned char *logo, size_t logo_len,
                            pl_error *err);

/* Deletes the setting of region. Errors: PL_ENOTFOUND. */
int pl_store_letterhead_delete(pl_store *s, const pl_actor *who, const char *region, pl_error *err);

/*
 * The logo of region's setting: *out (malloc, caller frees) and *len; both
 * NULL / 0 when the setting has none. Errors: PL_ENOTFOUND (no setting).
 */
int pl_store_letterhead_logo(pl_store *s, unsigned char **out, size_t *len, const char *region,
                             pl_error *err);

#endif
