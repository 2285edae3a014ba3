/*
 * psks.h - registering a PSKS unit (TKSK, PSM, Tagana, LKS, ...): the one
 * unit of work behind `pilar psks add` and POST /api/v1/psks; changing one
 * (PATCH /api/v1/psks/{id}).
 */
#ifndef PL_SERVICE_PSKS_H
#define PL_SERVICE_PSKS_H

#include "store/store.h"
#include "store/psks.h"

/*
 * Validates and records unit u of PSKS type (a code "11" or a slug): name
 * required (a person's name is checked as one; organisations are free
 * text), area_code any spelling of a region code (normalised in place)
 * inside scope ("" = everywhere), nik NULL/"" or a valid NIK (stored as its
 * digits), coordinates (when has_coord) inside Indonesia. Sets type and
 * kind; address, phone and email as given. Fills id and version.
 * Errors: PL_EINVAL naming the field ("type", "name", "region", "nik",
 * "latitude"), PL_EDENIED (region outside scope).
 */
int pl_psks_register(pl_store *s, const pl_actor *who, const char *scope, const char *type,
                     const char *nik, pl_psks_unit *u, pl_error *err);

/* What pl_psks_update changes: NULL members keep the stored value. */
typedef struct pl_psks_change {
    int64_t version; /* the version read before (optimistic locking) */
    const char *type, *name, *region, *nik, *address, *phone, *email;
    const char *valid_to; /* "" clears it (active again), YYYY-MM-DD ends the unit */
    int coord;            /* 1 set lat/lon, -1 remove the point, 0 keep */
    double lat, lon;
} pl_psks_change;

/*
 * Changes unit id inside scope ("" = everywhere) by chg with the rules of
 * pl_psks_register (a new region must lie inside scope too), audited by the
 * store. *out receives the unit as stored afterwards. Errors: PL_ENOTFOUND
 * (no such unit, or outside scope: existence is not revealed), PL_EINVAL
 * naming the field, PL_EDENIED (new region outside scope), PL_ECONFLICT
 * (stale version).
 */
int pl_psks_update(pl_psks_unit *out, pl_store *s, const pl_actor *who, const char *scope,
                   int64_t id, const pl_psks_change *chg, pl_error *err);

/* Counts of a PSKS import. */
typedef struct pl_psks_import_result {
    long stored;   /* units registered (or valid, in a dry run) */
    long rejected; /* rows refused (each reported through the callback) */
} pl_psks_import_result;

/* A refused row: its number in the file, the column at fault, why (borrowed for the call). */
typedef int (*pl_psks_reject_cb)(void *ctx, long row, const char *column, const char *reason);

/*
 * Registers the PSKS units of the table at path (CSV or XLSX; a header row
 * with jenis, nama, kode_wilayah and optionally nik, alamat, telepon, email,
 * latitude, longitude, in any order and case): each row through the rules of
 * pl_psks_register, inside scope ("" = everywhere). Refused rows go to reject
 * (may be NULL) and are skipped; the rest are written in one transaction,
 * rolled back when dry_run. Every row adds a unit: importing a file twice
 * registers its units twice. A non-zero return from reject stops the import.
 * Errors: PL_EINVAL (unreadable file, no header, a required column missing),
 * PL_EIO, the store's errors, or the code reject returned.
 */
int pl_psks_import(pl_psks_import_result *out, pl_store *s, const pl_actor *who, const char *scope,
                   const char *path, bool dry_run, pl_psks_reject_cb reject, void *ctx,
                   pl_error *err);

#endif
