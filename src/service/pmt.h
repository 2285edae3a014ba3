/*
 * pmt.h - the welfare ranking (issue 19, item 6) and the public check page
 * (item 7) as units of work over store/pmt.h and domain/pmt.h:
 *
 * - a household's socio-economic variables entered (CLI, HTTP) or imported
 *   from a table (one row per No. KK);
 * - PMT models imported from a table, each import a new version per region;
 * - a scoring run (pl_pmt_score_run): every household of a province (or of all
 *   of them) scored with the most specific current model covering its
 *   village, ranked into deciles within its province, kept as history and
 *   written to household.desil (audited). The update cycle (issue 19 items
 *   1-5) calls pl_pmt_score_run after a ratified cycle;
 * - one household's view (variables, computed values, score, explanation,
 *   history), and households per decile by region with small cells hidden;
 * - the public check (pl_pmt_public_check): NIK + name as on the KTP ->
 *   registered or not, decile band, programs; rate-limited and audited.
 */
#ifndef PL_SERVICE_PMT_H
#define PL_SERVICE_PMT_H

#include "domain/pmt.h"
#include "io/pmt_json.h"
#include "store/household.h"
#include "store/pmt.h"
#include "store/store.h"

#include <stdbool.h>

/* A refused row of an import: its number, the column at fault, why (borrowed). */
typedef int (*pl_pmt_reject_cb)(void *ctx, long row, const char *column, const char *reason);

/*
 * Sets the entered variables of household_id (inside scope, else
 * PL_ENOTFOUND like a missing one): values[v] NULL leaves variable v as it
 * is, "" clears it, other text is parsed (pl_pmt_value_parse). version: the
 * version the caller read (0 = none recorded yet), or -1 not to check.
 * source: "entri", "impor" or "lapangan" (NULL = "entri"). *out receives
 * the stored record. Errors: PL_EINVAL (field = the variable's code),
 * PL_ENOTFOUND, PL_ECONFLICT (stale version).
 */
int pl_pmt_socio_set(pl_socio *out, pl_store *s, const pl_actor *who, const char *scope,
                     int64_t household_id, const char *const values[PL_PMT_ENTERED__MAX],
                     int64_t version, const char *source, pl_error *err);

typedef struct pl_pmt_import_result {
    long rows;             /* data rows read */
    long stored;           /* households updated (socio), or weights stored (model) */
    long rejected;         /* rows refused */
    int models;            /* model import: models stored (one per region) */
    pl_pmt_model saved[8]; /* model import: the first models stored (without terms) */
} pl_pmt_import_result;

/*
 * Imports socio-economic variables from the table at path: a column no_kk
 * and one column per entered variable (its code, any order; other columns
 * are refused by name). Each row updates its household (inside scope) with
 * the non-empty cells, source "impor"; a refused row (unknown KK, a bad
 * value) goes to reject (row, column, reason) and the others are kept.
 * Errors: PL_EINVAL (unreadable table, no no_kk column, unknown column),
 * PL_EIO, or reject's non-zero return.
 */
int pl_pmt_socio_import(pl_pmt_import_result *out, pl_store *s, const pl_actor *who,
                        const char *scope, const char *path, pl_pmt_reject_cb reject, void *ctx,
                        pl_error *err);

/*
 * Imports PMT models from the table at path: columns wilayah (province or
 * regency code inside scope), variabel (a variable code, or "konstanta"
 * for the intercept), kategori (an option of an enumerated variable, else
 * empty) and bobot (a number). Each region in the file becomes a new
 * version of its model. All or nothing: when any row is refused (reported
 * to reject with its row, column and reason) nothing is stored and the
 * call fails with PL_EINVAL. source names the file in the model.
 */
int pl_pmt_model_import(pl_pmt_import_result *out, pl_store *s, const pl_actor *who,
                        const char *scope, const char *path, const char *source,
                        pl_pmt_reject_cb reject, void *ctx, pl_error *err);

/* Every model version, or only the current one of each region, inside scope. */
int pl_pmt_model_list(pl_store *s, const char *scope, bool current_only, pl_pmt_model_cb cb,
                      void *ctx, pl_error *err);

typedef struct pl_pmt_run_result {
    pl_pmt_run run;
    long changed;  /* households whose decile moved */
    long no_data;  /* households without socio-economic variables */
    long no_model; /* households no model covers */
    int provinces; /* provinces ranked */
} pl_pmt_run_result;

/*
 * Scores and ranks the households of region: a province code, or "" for
 * every province (only for scope ""). Deciles are computed within each
 * province, so only a caller whose scope is a province (or everything) may
 * run it. Stores the run with every score, sets household.desil from it
 * (audited) and returns the counts. reason (may be NULL) is kept with the
 * run ("manual", "siklus 2026-05"). today is YYYY-MM-DD (members' ages).
 * Errors: PL_EDENIED (scope too narrow, region outside scope), PL_EINVAL
 * (region not a province), PL_ENOTFOUND (no model at all), PL_EIO.
 */
int pl_pmt_score_run(pl_pmt_run_result *out, pl_store *s, const pl_actor *who, const char *scope,
                     const char *region, const char *reason, const char *today, pl_error *err);

/* Runs visible in scope, newest first (at most limit). */
int pl_pmt_run_list(pl_store *s, const char *scope, int limit, pl_pmt_run_cb cb, void *ctx,
                    pl_error *err);

/*
 * Fills out for household_id inside scope (else PL_ENOTFOUND). today is
 * YYYY-MM-DD. Free with pl_pmt_household_free.
 */
int pl_pmt_household_get(pl_pmt_household *out, pl_store *s, const char *scope,
                         int64_t household_id, const char *today, pl_error *err);
void pl_pmt_household_free(pl_pmt_household *h);

/*
 * Households per current decile for every region at level (1..4) inside
 * region (inside scope; NULL or "" = the scope). Without personal access
 * (personal false) counts go through small-cell suppression
 * (domain/suppress.h), the decile cells of a region adding up to its total.
 * Free with pl_pmt_decile_report_free. Errors: PL_EINVAL, PL_EDENIED.
 */
int pl_pmt_decile_report_build(pl_pmt_decile_report *out, pl_store *s, const char *scope,
                               const char *region, int level, bool personal, pl_error *err);
void pl_pmt_decile_report_free(pl_pmt_decile_report *r);

/* ------------------------------------------------------- the public check */

/* Limits of the public check: queries per client address and per NIK. */
#define PL_CEK_ADDR_MAX 30
#define PL_CEK_ADDR_WINDOW 3600
#define PL_CEK_NIK_MAX 10
#define PL_CEK_NIK_WINDOW 86400

/*
 * The public check of a NIK and a full name as on the KTP from client. Every
 * query counts against the client's and the NIK's limits (before it is
 * answered) and writes one audit row ("cek_bansos") with the NIK's
 * pseudonym and the outcome, never the typed name. A NIK that matches no
 * living person and a name that does not match give the same *out
 * (found false) after the same steps. The name is compared case- and
 * space-insensitively. Errors: PL_EINVAL (NIK not 16 digits, name empty or
 * too long), PL_ELOCKED with *retry_after (over a limit), PL_EIO.
 */
int pl_pmt_public_check(pl_cek_result *out, int *retry_after, pl_store *s, const char *nik,
                        const char *name, const char *client, const char *today, pl_error *err);

#endif
