/*
 * dtsen.h - the monthly update cycle of the national social data (DTSEN,
 * issue 19 items 1-5 and the cycle part of 8) as units of work, behind
 * `pilar meeting|proposal|cycle|objection ...` and the /dtsen routes:
 *
 * - village meetings (musdes/muskel) with their minutes or SPTJM letter,
 *   uploaded documents kept with their SHA-256 and BLAKE2b;
 * - proposals of a meeting (add a household or a person, remove one,
 *   change data): each lands in the cycle of its regency for the month its
 *   entry date falls in, or the next month after the cut-off day (a
 *   regency's setting overrides its province's, which overrides the
 *   national one); a completeness check lists what is missing in Bahasa
 *   Indonesia (documents, required fields, NIK rules, probable duplicates);
 *   nothing changes in the registry until ratification;
 * - field checks: a proposal or objection assigned to a PSKS unit (the
 *   PSKS assignment of service/psks_visit.h when the subject is registered),
 *   the result logged as a PSKS visit (date, coordinates, photo) with the
 *   findings and a recommendation that may overturn a proposal;
 * - ratification: the regent's decision applies every checked proposal of
 *   a cycle through the registry's own units of work (registry.h,
 *   verify.h) in one transaction, carries the waiting ones to the next
 *   cycle, locks the cycle, then reranks the province (pl_pmt_score_run);
 * - objections (sanggah) with a time limit, field check, decision, answer
 *   letter and an overdue list;
 * - the cycle report (per cycle and regency) and the rakor section.
 *
 * Scope: every function takes the caller's scope ("" = the command line).
 * A meeting, proposal, check or objection is inside it when its village is;
 * a cycle when its regency is, or when the scope lies inside the regency
 * (reading only). Whatever lies outside answers PL_ENOTFOUND like an absent
 * id. Writes are audited by the store.
 */
#ifndef PL_SERVICE_DTSEN_H
#define PL_SERVICE_DTSEN_H

#include "domain/date.h"
#include "domain/dtsen.h"
#include "domain/record.h"
#include "io/dtsen_json.h"
#include "store/dtsen.h"
#include "store/store.h"

/* The largest document accepted (minutes, SPTJM, evidence, SK scan). */
#define PL_DTSEN_FILE_MAX (10L * 1024 * 1024)

/* An uploaded document: a file on disk (the CLI's path, the HTTP upload) and its name. */
typedef struct pl_dtsen_upload {
    const char *path; /* NULL = none */
    const char *name; /* shown name (NULL = the path's last part) */
} pl_dtsen_upload;

/*
 * The cut-off day of month ("YYYY-MM") and the objection time limit that
 * apply to region (a village or larger): the region's regency setting for
 * that month, its regency default, its province's for the month, the
 * province default, the national ones, else the built-in defaults.
 */
int pl_dtsen_rules(int *cutoff_day, int *objection_days, pl_store *s, const char *region,
                   const char *month, pl_error *err);

/*
 * Sets the cut-off day (1..31, 0 keeps) and/or objection days (1..365, 0
 * keeps; only without month) of region ("" national: scope "" only; a
 * province or a regency inside scope) for month ("" = every month).
 * Errors: PL_EINVAL, PL_EDENIED.
 */
int pl_dtsen_setting_set(pl_dtsen_setting *out, pl_store *s, const pl_actor *who, const char *scope,
                         const char *region, const char *month, int cutoff_day, int objection_days,
                         pl_error *err);

/*
 * The stored settings that bear on scope ("" = all): the national ones, those of the scope's
 * province and regency, and those of regions inside the scope; by region and month.
 */
int pl_dtsen_setting_list(pl_store *s, const char *scope, pl_dtsen_setting_cb cb, void *ctx,
                          pl_error *err);

/* ------------------------------------------------------------- meetings */

typedef struct pl_dtsen_meeting_in {
    const char *village;
    const char *kind;    /* musdes, muskel */
    const char *held_on; /* YYYY-MM-DD, not in the future */
    int participants;
    const char *participants_note;
    pl_dtsen_upload minutes; /* the minutes (PDF or photo) */
    pl_dtsen_upload sptjm;   /* or an SPTJM letter instead */
    const char *sptjm_number;
} pl_dtsen_meeting_in;

/* Records a meeting inside scope with its documents. Errors: PL_EINVAL, PL_EDENIED. */
int pl_dtsen_meeting_add(pl_dtsen_meeting *out, pl_store *s, const pl_actor *who, const char *scope,
                         const pl_dtsen_meeting_in *in, const pl_date *today, pl_error *err);

/*
 * Attaches the minutes (which "notulen") or an SPTJM letter ("sptjm", with
 * its number) to meeting id; proposals of the meeting are checked again.
 * Errors: PL_ENOTFOUND, PL_EINVAL, PL_ELOCKED.
 */
int pl_dtsen_meeting_attach(pl_dtsen_meeting *out, pl_store *s, const pl_actor *who,
                            const char *scope, int64_t id, const char *which,
                            const pl_dtsen_upload *doc, const char *sptjm_number,
                            const pl_date *today, pl_error *err);

int pl_dtsen_meeting_load(pl_dtsen_meeting *out, pl_store *s, const char *scope, int64_t id,
                          pl_error *err);

/* ------------------------------------------------------------ proposals */

typedef struct pl_dtsen_proposal_in {
    int64_t meeting_id;
    const char *kind;                /* domain/dtsen.h slug */
    const char *removal;             /* for hapus */
    int64_t person_id;               /* subject (hapus, ubah) */
    int64_t household_id;            /* subject household (hapus, ubah) or the household joined */
    const char *fields[PL_COL__MAX]; /* proposed values (NULL = not given) */
    const char *note;
    const char *death_date;
    pl_dtsen_upload evidence;
    const char *entered_on; /* NULL = today (the CLI may backdate an entry for a paper form) */
} pl_dtsen_proposal_in;

/*
 * Enters a proposal of meeting in->meeting_id (inside scope): puts it in the
 * cycle of its regency and month (after the cut-off day, or when that cycle
 * is ratified, the next month's) and runs the completeness check: complete
 * proposals are "diperiksa", the rest "masuk" with what is missing.
 * Errors: PL_ENOTFOUND (meeting or subject), PL_EINVAL.
 */
int pl_dtsen_proposal_add(pl_dtsen_proposal *out, pl_store *s, const pl_actor *who,
                          const char *scope, const pl_dtsen_proposal_in *in, const pl_date *today,
                          pl_error *err);

/*
 * Changes proposal id at version: given fields (merged into its data),
 * note, death date, new evidence; checks it again. Errors: PL_ENOTFOUND,
 * PL_ECONFLICT, PL_ELOCKED (ratified cycle), PL_EINVAL (decided already).
 */
int pl_dtsen_proposal_change(pl_dtsen_proposal *out, pl_store *s, const pl_actor *who,
                             const char *scope, int64_t id, int64_t version,
                             const pl_dtsen_proposal_in *chg, const pl_date *today, pl_error *err);

/* Rejects proposal id with reason. Errors: PL_ENOTFOUND, PL_EINVAL, PL_ELOCKED. */
int pl_dtsen_proposal_reject(pl_dtsen_proposal *out, pl_store *s, const pl_actor *who,
                             const char *scope, int64_t id, const char *reason, pl_error *err);

int pl_dtsen_proposal_load(pl_dtsen_proposal *out, pl_store *s, const char *scope, int64_t id,
                           pl_error *err);

/* ---------------------------------------------------------- field checks */

/*
 * Assigns a field check of proposal_id or objection_id (exactly one) inside
 * scope to PSKS unit psks_id (0 = the first suggestion for a registered
 * subject), due on due_date (NULL = none): a PSKS assignment is made when
 * the subject is registered. Errors: PL_ENOTFOUND, PL_EINVAL, PL_ECONFLICT
 * (a check is open already), PL_ELOCKED.
 */
int pl_dtsen_check_assign(pl_dtsen_check *out, pl_store *s, const pl_actor *who, const char *scope,
                          int64_t proposal_id, int64_t objection_id, int64_t psks_id,
                          const char *due_date, const pl_date *today, pl_error *err);

typedef struct pl_dtsen_check_result {
    int64_t version;
    const char *visited_on; /* NULL or "" = today */
    const char *findings;
    const char *recommendation; /* setuju, tolak */
    bool has_coord;
    double lat, lon;
    const char *photo_path; /* NULL = none (the web page sends it to /visits/{id}/photo) */
} pl_dtsen_check_result;

/*
 * Records the result of check id inside scope in one transaction: a PSKS
 * visit (home visit) of the unit with the date, coordinates and findings,
 * the check closed with its recommendation, the PSKS assignment finished,
 * and the proposal moved on ("tolak" rejects it with the findings as its
 * reason; "setuju" makes a complete one "diperiksa"). Errors: PL_ENOTFOUND,
 * PL_EINVAL, PL_ECONFLICT (stale version or done already), PL_ELOCKED.
 */
int pl_dtsen_check_record(pl_dtsen_check *out, pl_store *s, const pl_actor *who, const char *scope,
                          int64_t id, const pl_dtsen_check_result *in, const pl_date *today,
                          pl_error *err);

int pl_dtsen_check_load(pl_dtsen_check *out, pl_store *s, const char *scope, int64_t id,
                        pl_error *err);

/* ----------------------------------------------------------------- cycles */

/* Loads cycle id visible in scope. Errors: PL_ENOTFOUND. */
int pl_dtsen_cycle_load(pl_dtsen_cycle *out, pl_store *s, const char *scope, int64_t id,
                        pl_error *err);

/* Cycles visible in scope (year "" = any), newest first. */
int pl_dtsen_cycle_list(pl_store *s, const char *scope, const char *year, pl_dtsen_cycle_cb cb,
                        void *ctx, pl_error *err);

typedef struct pl_dtsen_ratify_in {
    int64_t version; /* 0 = the stored one */
    const char *sk_number;
    const char *sk_date; /* YYYY-MM-DD, not in the future */
    pl_dtsen_upload sk;  /* the scanned decision */
} pl_dtsen_ratify_in;

typedef struct pl_dtsen_ratify_out {
    long applied, rejected, carried;
    int64_t next_cycle_id; /* where the waiting ones went (0 = none) */
    bool ranked;           /* pl_pmt_score_run ran */
    int64_t pmt_run_id;
    char note[256]; /* what happened to the ranking, in Bahasa Indonesia */
} pl_dtsen_ratify_out;

/*
 * Ratifies open cycle id (its regency inside scope) with the SK: in one
 * transaction every "diperiksa" proposal is applied to the registry
 * (tambah_keluarga/tambah_orang: pl_registry_person_register; ubah:
 * pl_registry_person_update or pl_registry_household_update; hapus
 * meninggal: the death date; other removals: the people rejected with
 * pl_verify_decide) and becomes "disahkan", "masuk"/"cek_lapangan" ones move
 * to the next cycle, and the cycle is locked. One proposal that cannot be
 * applied refuses it all (err names it). Then the province is ranked again
 * (pl_pmt_score_run); a ranking that cannot run leaves the ratification
 * standing and says why in res->note. Errors: PL_ENOTFOUND, PL_EDENIED,
 * PL_EINVAL, PL_ECONFLICT, PL_ELOCKED (ratified already).
 */
int pl_dtsen_cycle_ratify(pl_dtsen_cycle *out, pl_dtsen_ratify_out *res, pl_store *s,
                          const pl_actor *who, const char *scope, int64_t id,
                          const pl_dtsen_ratify_in *in, const char *source, const pl_date *today,
                          pl_error *err);

/*
 * Attaches the scanned SK (doc) to open cycle id before its ratification
 * (its regency inside scope; a new scan replaces the earlier one, which
 * stays stored); the ratification keeps it unless it brings its own.
 * Errors: PL_ENOTFOUND, PL_EDENIED, PL_EINVAL (no PDF or photo), PL_ELOCKED.
 */
int pl_dtsen_cycle_attach_sk(pl_dtsen_cycle *out, pl_store *s, const pl_actor *who,
                             const char *scope, int64_t id, const pl_dtsen_upload *doc,
                             pl_error *err);

/* ------------------------------------------------------------ objections */

typedef struct pl_dtsen_objection_in {
    const char *village;  /* required unless household_id is given */
    int64_t household_id; /* the household objected about (0 = not registered) */
    const char *kind;     /* salah_masuk, tidak_masuk */
    const char *subject_name;
    const char *subject_address;
    const char *filer_kind; /* warga, psks, operator */
    const char *filer_name;
    const char *filer_contact;
    const char *filer_address;
    const char *statement;
    const char *filed_on; /* NULL = today */
} pl_dtsen_objection_in;

/* Files an objection inside scope; its due date follows the region's limit. */
int pl_dtsen_objection_file(pl_dtsen_objection *out, pl_store *s, const pl_actor *who,
                            const char *scope, const pl_dtsen_objection_in *in,
                            const pl_date *today, pl_error *err);

/*
 * Decides objection id (dikabulkan or ditolak, with a reason). A pending
 * field check must be recorded first. Errors: PL_ENOTFOUND, PL_EINVAL,
 * PL_ECONFLICT.
 */
int pl_dtsen_objection_decide(pl_dtsen_objection *out, pl_store *s, const pl_actor *who,
                              const char *scope, int64_t id, int64_t version, const char *decision,
                              const char *reason, const pl_date *today, pl_error *err);

/*
 * Gives the answer of decided objection id: its letter number, answered
 * today. Errors: PL_ENOTFOUND, PL_EINVAL (not decided yet), PL_ECONFLICT.
 */
int pl_dtsen_objection_answer(pl_dtsen_objection *out, pl_store *s, const pl_actor *who,
                              const char *scope, int64_t id, int64_t version,
                              const char *answer_number, const pl_date *today, pl_error *err);

int pl_dtsen_objection_load(pl_dtsen_objection *out, pl_store *s, const char *scope, int64_t id,
                            pl_error *err);

/*
 * Writes the answer letter of decided objection id inside scope to path
 * (A4 PDF, with the letterhead of its region when set). Errors:
 * PL_ENOTFOUND, PL_EINVAL (not decided yet), PL_EIO.
 */
int pl_dtsen_objection_letter(pl_store *s, const char *scope, int64_t id, const char *path,
                              const pl_date *today, pl_error *err);

/* ---------------------------------------------------------------- documents */

/*
 * The uploaded document id (minutes, SPTJM letter, evidence, SK scan) when
 * the record holding it is visible in scope: its metadata into *meta and
 * its bytes into *data (malloc'd, the caller frees) and *len. A document
 * outside scope, or replaced and held by no record, answers PL_ENOTFOUND
 * like an absent one.
 */
int pl_dtsen_file_fetch(pl_dtsen_file *meta, void **data, size_t *len, pl_store *s,
                        const char *scope, int64_t id, pl_error *err);

/* ----------------------------------------------------------------- report */

/*
 * The cycle report of region ("" = scope) inside scope for year ("" = all):
 * every cycle with its proposals in, checked, ratified, rejected and
 * waiting; objections per regency with their outcomes and the overdue ones
 * on today. viewer hides small counts (domain/suppress.h). *out is owned
 * by the caller (pl_dtsen_report_free). Errors: PL_EDENIED, PL_EINVAL.
 */
int pl_dtsen_report_build(pl_dtsen_report **out, pl_store *s, const char *scope, const char *region,
                          const char *year, bool viewer, const pl_date *today, pl_error *err);

#endif
