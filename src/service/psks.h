/*
 * psks.h - registering a PSKS unit (TKSK, PSM, Tagana, LKS, ...): the one
 * unit of work behind `pilar psks add` and POST /api/v1/psks; changing one
 * (PATCH /api/v1/psks/{id}).
 */
#ifndef PL_SERVICE_PSKS_H
#define PL_SERVICE_PSKS_H

#include "domain/ident.h"
#include "store/store.h"
#include "store/psks.h"
#include "util/buf.h"

/*
 * Validates and records unit u of PSKS type (a code "11" or a slug): name
 * required (a person's name is checked as one; organisations are free
 * text), area_code any spelling of a region code (normalised in place)
 * inside scope ("" = everywhere), served areas u->areas (districts or
 * villages, normalised, duplicates dropped) inside scope too, nik NULL/""
 * or a valid NIK (stored as its digits), coordinates (when has_coord)
 * inside Indonesia, the legal basis (decree, registration, accreditation)
 * for organisations only with dates in any form pl_date_parse reads
 * (stored YYYY-MM-DD) and accreditation "", "A", "B", "C" or "belum".
 * Sets type and kind; address, phone and email as given. Fills id and
 * version. Errors: PL_EINVAL naming the field ("type", "name", "region",
 * "areas", "nik", "latitude", "decree_date", "accreditation", ...),
 * PL_EDENIED (an area outside scope).
 */
int pl_psks_register(pl_store *s, const pl_actor *who, const char *scope, const char *type,
                     const char *nik, pl_psks_unit *u, pl_error *err);

/* What pl_psks_update changes: NULL members keep the stored value. */
typedef struct pl_psks_change {
    int64_t version; /* the version read before (optimistic locking) */
    const char *type, *name, *region, *nik, *address, *phone, *email;
    const char *valid_to; /* "" clears it (active again), YYYY-MM-DD ends the unit */
    const char *areas;    /* served areas, codes separated by commas, semicolons or spaces */
    const char *decree_no, *decree_date, *reg_no, *accreditation, *accreditation_date;
    int coord; /* 1 set lat/lon, -1 remove the point, 0 keep */
    double lat, lon;
} pl_psks_change;

/*
 * Changes unit id visible in scope ("" = everywhere; see
 * pl_psks_get_scoped) by chg with the rules of pl_psks_register, audited by
 * the store. Inside a scope, a changed home area must lie inside it before
 * and after, and every served area added or removed must lie inside it
 * (areas of other offices stay). *out receives the unit as stored
 * afterwards. Errors: PL_ENOTFOUND (no such unit, or entirely outside
 * scope: existence is not revealed), PL_EINVAL naming the field,
 * PL_EDENIED (an area outside scope), PL_ECONFLICT (stale version).
 */
int pl_psks_update(pl_psks_unit *out, pl_store *s, const pl_actor *who, const char *scope,
                   int64_t id, const pl_psks_change *chg, pl_error *err);

/*
 * Parses list (codes separated by commas, semicolons or spaces, any
 * spelling pl_region_code_normalize reads) into u->areas, replacing them:
 * each a district or village, duplicates dropped. Errors: PL_EINVAL with
 * field "areas".
 */
int pl_psks_areas_parse(pl_psks_unit *u, const char *list, pl_error *err);

/* True when unit u's home area or any served area lies inside scope ("" = all). */
bool pl_psks_in_scope(const pl_psks_unit *u, const char *scope);

/*
 * Fetches unit id when it is visible in scope (pl_psks_in_scope). Errors:
 * PL_ENOTFOUND for a missing unit and for one outside scope alike.
 */
int pl_psks_get_scoped(pl_psks_unit *out, pl_store *s, const char *scope, int64_t id,
                       pl_error *err);

/*
 * Records (r->id 0) or changes (r->id set, with r->version read before) a
 * history record of unit r->unit_id visible in scope. r->kind is
 * PL_PSKS_REC_* (a change keeps the stored kind and unit). Rules:
 * started_on a date (any pl_date_parse form, stored YYYY-MM-DD), ended_on
 * "" or a date not before it; training and certification need a title;
 * honor needs amount >= 0 and source APBD, APBN, CSR or lainnya (any case).
 * Errors: PL_ENOTFOUND (unit or record missing or outside scope),
 * PL_EINVAL naming the field, PL_ECONFLICT (stale version).
 */
int pl_psks_record_save(pl_psks_record *r, pl_store *s, const pl_actor *who, const char *scope,
                        pl_error *err);

/*
 * Lists the records of unit_id (visible in scope) of a kind (NULL or "" =
 * all). Errors: PL_ENOTFOUND, PL_EINVAL (unknown kind), the store's.
 */
int pl_psks_record_list(pl_store *s, const char *scope, int64_t unit_id, const char *kind,
                        pl_psks_record_cb cb, void *ctx, pl_error *err);

/* What a PSKS export writes (pl_psks_export). */
typedef struct pl_psks_export_options {
    const char *region;   /* "" = the whole scope */
    const char *scope;    /* the caller's ("" = everywhere) */
    int xlsx;             /* 1 XLSX (needs out_path), 0 CSV */
    const char *out_path; /* file; for CSV, NULL writes into out_buf */
    pl_buf *out_buf;
    const pl_ident_view *view; /* what a NIK becomes; NULL = as stored */
} pl_psks_export_options;

/*
 * Writes the units inside region (which must lie inside scope) in the
 * columns pl_psks_import reads, one row per unit, and audits the export.
 * An export imported into an empty data base and exported again gives the
 * same file. *rows receives the count. Errors: PL_EDENIED (region outside
 * scope), PL_EINVAL, PL_EIO, PL_ENOMEM.
 */
int pl_psks_export(pl_store *s, const pl_actor *who, const pl_psks_export_options *opt, long *rows,
                   pl_error *err);

/* Counts of a PSKS import. */
typedef struct pl_psks_import_result {
    long stored;   /* units registered (or valid, in a dry run) */
    long rejected; /* rows refused (each reported through the callback) */
} pl_psks_import_result;

/* A refused row: its number in the file, the column at fault, why (borrowed for the call). */
typedef int (*pl_psks_reject_cb)(void *ctx, long row, const char *column, const char *reason);

/*
 * Registers the PSKS units of the table at path (CSV or XLSX; a header row
 * with jenis, nama, kode_wilayah and optionally nik, wilayah_layanan (a
 * list of codes), alamat, telepon, email, latitude, longitude, berakhir,
 * no_sk, tanggal_sk, no_registrasi, akreditasi, tanggal_akreditasi, in any
 * order and case): each row through the rules of
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
