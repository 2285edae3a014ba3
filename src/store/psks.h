/*
 * psks.h - PSKS units (people and organisations of social-welfare potential)
 * and the areas they serve.
 */
#ifndef PL_STORE_PSKS_H
#define PL_STORE_PSKS_H

#include "store/store.h"

typedef struct pl_psks_unit {
    int64_t id;
    int type;      /* PSKS code 1..12 */
    char kind[16]; /* "orang" or "lembaga" */
    char name[128];
    char nik[17];                       /* people only, may be "" */
    char area_code[PL_REGION_CODE_MAX]; /* region served */
    char address[256];
    char phone[32];
    char email[128];
    bool has_coord;
    double lat, lon;
    char valid_from[11];
    char valid_to[11];
    int64_t version;
    char created_at[24];
} pl_psks_unit;

/* Adds a PSKS unit. Errors: PL_EINVAL (unknown area). */
int pl_store_psks_add(pl_store *s, const pl_actor *who, pl_psks_unit *u, pl_error *err);

typedef int (*pl_psks_cb)(void *ctx, const pl_psks_unit *u);

/* Units whose area lies inside region ("" = all) of a type (0 = any). */
int pl_store_psks_list(pl_store *s, const char *region, int type, pl_psks_cb cb, void *ctx,
                       pl_error *err);

/* Fetches unit id. Errors: PL_ENOTFOUND. */
int pl_store_psks_get(pl_store *s, pl_psks_unit *out, int64_t id, pl_error *err);

/*
 * Replaces the editable fields of unit u->id (type, kind, name, nik,
 * area_code, address, phone, email, coordinates, valid_from, valid_to) when
 * its version is still u->version (audited by the store); u->version
 * becomes the new one. Errors: PL_ENOTFOUND, PL_ECONFLICT (stale version),
 * PL_EINVAL (unknown area).
 */
int pl_store_psks_update(pl_store *s, const pl_actor *who, pl_psks_unit *u, pl_error *err);

#endif
