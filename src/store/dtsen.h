/*
 * dtsen.h - part of the store interface: the monthly update cycle of the
 * national social data (issue 19 items 1-5). Uploaded documents (meeting
 * minutes, SPTJM letters, evidence, the regent's decision) with their
 * SHA-256 and BLAKE2b; the cut-off day and objection time limit per region;
 * village meetings (musdes/muskel); cycles (one per regency and month);
 * proposals, which change nothing in the registry until a ratified cycle
 * applies them; field checks (linked to PSKS assignments and visits,
 * store/psks_visit.h); objections (sanggah); counts for the reports.
 *
 * Every record carries the village (or regency, for a cycle) it belongs
 * to; listings filter on a region prefix ("" = all). Every insert and
 * update is audited by triggers; a document's audit image holds its hashes
 * and size, never its bytes. A proposal of a ratified cycle can no longer
 * change: the schema refuses it with PL_ELOCKED. The rules live in
 * domain/dtsen.h, the units of work in service/dtsen.h.
 */
#ifndef PL_STORE_DTSEN_H
#define PL_STORE_DTSEN_H

#include "domain/region_code.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------- documents */

typedef struct pl_dtsen_file {
    int64_t id;
    char kind[12]; /* notulen, sptjm, bukti, sk */
    char name[128];
    char mime[32]; /* application/pdf, image/jpeg, image/png, image/webp */
    long size;
    char sha256[65];
    char blake2b[65]; /* BLAKE2b-256, hex */
    char created_at[24];
    char created_by[64];
} pl_dtsen_file;

/* Stores f with data[0..len) (f->size, hashes filled by the caller); fills id and created_at. */
int pl_store_dtsen_file_add(pl_store *s, const pl_actor *who, pl_dtsen_file *f, const void *data,
                            size_t len, pl_error *err);

/* The metadata of document id. Errors: PL_ENOTFOUND. */
int pl_store_dtsen_file_get(pl_store *s, pl_dtsen_file *out, int64_t id, pl_error *err);

/* The bytes of document id: *data malloc'd (caller frees), *len. Errors: PL_ENOTFOUND, PL_ENOMEM.
 */
int pl_store_dtsen_file_data(pl_store *s, int64_t id, void **data, size_t *len, pl_error *err);

/*
 * The record that holds document id as one of its current documents:
 * entity "meeting" (minutes or SPTJM), "proposal" (evidence) or "cycle"
 * (the SK scan) into entity (16 bytes) and *owner_id. A document replaced
 * since is held by none. Errors: PL_ENOTFOUND (no such document, or held by
 * no record).
 */
int pl_store_dtsen_file_owner(pl_store *s, char *entity, int64_t *owner_id, int64_t id,
                              pl_error *err);

/* -------------------------------------------------------------- settings */

/* A region's setting: month "" for every month, else "YYYY-MM" for that month only. */
typedef struct pl_dtsen_setting {
    char region[PL_REGION_CODE_MAX]; /* "" = national, a province or a regency */
    char month[8];
    int cutoff_day;     /* 1..31, 0 = not set here */
    int objection_days; /* 1..365, 0 = not set here (month "" only) */
    char updated_at[24];
    char updated_by[64];
} pl_dtsen_setting;

/* The setting of exactly (region, month). Errors: PL_ENOTFOUND. */
int pl_store_dtsen_setting_get(pl_store *s, pl_dtsen_setting *out, const char *region,
                               const char *month, pl_error *err);

/* Creates or replaces the setting of (st->region, st->month); audited. */
int pl_store_dtsen_setting_put(pl_store *s, const pl_actor *who, pl_dtsen_setting *st,
                               pl_error *err);

typedef int (*pl_dtsen_setting_cb)(void *ctx, const pl_dtsen_setting *st);

/* Every setting by region and month. */
int pl_store_dtsen_setting_list(pl_store *s, pl_dtsen_setting_cb cb, void *ctx, pl_error *err);

/* -------------------------------------------------------------- meetings */

typedef struct pl_dtsen_meeting {
    int64_t id;
    char village[PL_REGION_CODE_MAX];
    char kind[8];     /* musdes, muskel */
    char held_on[11]; /* YYYY-MM-DD */
    int participants; /* how many attended */
    char participants_note[512];
    int64_t minutes_file_id; /* 0 = none */
    int64_t sptjm_file_id;   /* 0 = none */
    char sptjm_number[64];
    int64_t version;
    char created_at[24];
    char created_by[64];
    long proposals; /* read only */
} pl_dtsen_meeting;

/* Adds m; fills id, version and created_at. Errors: PL_EINVAL (unknown village). */
int pl_store_dtsen_meeting_add(pl_store *s, const pl_actor *who, pl_dtsen_meeting *m,
                               pl_error *err);

/* Meeting id. Errors: PL_ENOTFOUND. */
int pl_store_dtsen_meeting_get(pl_store *s, pl_dtsen_meeting *out, int64_t id, pl_error *err);

/*
 * Replaces the documents of m->id (minutes_file_id, sptjm_file_id,
 * sptjm_number) at version m->version; the version grows. Errors:
 * PL_ENOTFOUND, PL_ECONFLICT (stale version).
 */
int pl_store_dtsen_meeting_update(pl_store *s, const pl_actor *who, pl_dtsen_meeting *m,
                                  pl_error *err);

typedef int (*pl_dtsen_meeting_cb)(void *ctx, const pl_dtsen_meeting *m);

/* Meetings whose village lies in region (prefix, "" = all), newest first. */
int pl_store_dtsen_meeting_list(pl_store *s, const char *region, pl_dtsen_meeting_cb cb, void *ctx,
                                pl_error *err);

/* ---------------------------------------------------------------- cycles */

typedef struct pl_dtsen_cycle {
    int64_t id;
    char regency[PL_REGION_CODE_MAX];
    char period[8];  /* YYYY-MM */
    char status[12]; /* terbuka, disahkan */
    int cutoff_day;
    char sk_number[64];
    char sk_date[11];
    int64_t sk_file_id;
    char ratified_at[24];
    char ratified_by[64];
    long applied, rejected, carried;
    char score_note[256];
    int64_t version;
    char created_at[24];
    /* Read only: proposals of the cycle by state. */
    long n_in, n_field, n_checked, n_rejected, n_ratified;
} pl_dtsen_cycle;

/*
 * The cycle of (regency, period) into *out, created open with cutoff_day
 * when absent (audited). Errors: PL_EINVAL (unknown regency).
 */
int pl_store_dtsen_cycle_ensure(pl_store *s, const pl_actor *who, pl_dtsen_cycle *out,
                                const char *regency, const char *period, int cutoff_day,
                                pl_error *err);

/* Cycle id with its counts. Errors: PL_ENOTFOUND. */
int pl_store_dtsen_cycle_get(pl_store *s, pl_dtsen_cycle *out, int64_t id, pl_error *err);

typedef int (*pl_dtsen_cycle_cb)(void *ctx, const pl_dtsen_cycle *c);

/* Cycles whose regency lies in region (prefix, "" = all) and whose period starts with year ("" =
 * any), newest first. */
int pl_store_dtsen_cycle_list(pl_store *s, const char *region, const char *year,
                              pl_dtsen_cycle_cb cb, void *ctx, pl_error *err);

/*
 * Marks open cycle c->id ratified at version c->version with c's SK fields,
 * counts and score_note; the version grows and ratified_at/by are filled.
 * Errors: PL_ENOTFOUND, PL_ECONFLICT (stale version), PL_ELOCKED (already
 * ratified).
 */
int pl_store_dtsen_cycle_ratify(pl_store *s, const pl_actor *who, pl_dtsen_cycle *c, pl_error *err);

/*
 * Sets the SK scan of open cycle id to document file_id (before the
 * ratification); the version grows. Errors: PL_ENOTFOUND, PL_ELOCKED
 * (ratified already).
 */
int pl_store_dtsen_cycle_sk_file(pl_store *s, const pl_actor *who, int64_t id, int64_t file_id,
                                 pl_error *err);

/* Sets the score note of cycle id after its ranking ran (a ratified cycle too). */
int pl_store_dtsen_cycle_note(pl_store *s, const pl_actor *who, int64_t id, const char *note,
                              pl_error *err);

/* ------------------------------------------------------------- proposals */

typedef struct pl_dtsen_proposal {
    int64_t id;
    int64_t meeting_id;
    int64_t cycle_id;
    char village[PL_REGION_CODE_MAX];
    char kind[16];        /* domain/dtsen.h slugs */
    char removal[16];     /* "" unless kind is hapus */
    int64_t person_id;    /* the subject (0 = none) */
    int64_t household_id; /* the subject household, or the household joined (0 = none) */
    char data[2048];      /* JSON object: column key -> proposed text */
    char note[512];
    int64_t evidence_file_id; /* 0 = none */
    char death_date[11];
    char status[16];
    char missing[1024];   /* what the completeness check found missing ("" = complete) */
    char duplicates[512]; /* probable duplicates found ("" = none) */
    char reject_reason[256];
    int64_t applied_person_id; /* what ratification created or changed */
    int64_t applied_household_id;
    char entered_on[11];
    char entered_at[24];
    char entered_by[64];
    int64_t version;
    /* Read only: */
    char period[8];
    char cycle_status[12];
} pl_dtsen_proposal;

/* Adds p; fills id, version and entered_at. Errors: PL_EINVAL, PL_ELOCKED (ratified cycle). */
int pl_store_dtsen_proposal_add(pl_store *s, const pl_actor *who, pl_dtsen_proposal *p,
                                pl_error *err);

/* Proposal id with its cycle's period and status. Errors: PL_ENOTFOUND. */
int pl_store_dtsen_proposal_get(pl_store *s, pl_dtsen_proposal *out, int64_t id, pl_error *err);

/*
 * Writes p's changeable fields (cycle_id, data, note, evidence_file_id,
 * death_date, status, missing, duplicates, reject_reason, applied ids) at
 * version p->version; the version grows. Errors: PL_ENOTFOUND,
 * PL_ECONFLICT (stale version), PL_ELOCKED (its cycle is ratified).
 */
int pl_store_dtsen_proposal_update(pl_store *s, const pl_actor *who, pl_dtsen_proposal *p,
                                   pl_error *err);

/* Which proposals a listing returns; zero members do not filter. */
typedef struct pl_dtsen_proposal_filter {
    const char *region; /* village prefix */
    int64_t cycle_id;
    int64_t meeting_id;
    const char *status;
} pl_dtsen_proposal_filter;

typedef int (*pl_dtsen_proposal_cb)(void *ctx, const pl_dtsen_proposal *p);

/* Proposals matching f by id. */
int pl_store_dtsen_proposal_list(pl_store *s, const pl_dtsen_proposal_filter *f,
                                 pl_dtsen_proposal_cb cb, void *ctx, pl_error *err);

/*
 * Moves the proposals of cycle from still waiting (masuk, cek_lapangan) to
 * cycle to (audited); *n receives how many moved.
 */
int pl_store_dtsen_proposal_carry(pl_store *s, const pl_actor *who, int64_t from, int64_t to,
                                  long *n, pl_error *err);

/* ---------------------------------------------------------- field checks */

typedef struct pl_dtsen_check {
    int64_t id;
    int64_t proposal_id; /* exactly one of proposal_id and objection_id */
    int64_t objection_id;
    char region_code[PL_REGION_CODE_MAX]; /* the village */
    int64_t psks_id;
    int64_t assignment_id; /* the PSKS assignment (0 when the subject is not registered) */
    int64_t visit_id;      /* the PSKS visit that recorded the result (0 = not yet) */
    char due_date[11];
    char status[12];         /* ditugaskan, selesai */
    char recommendation[12]; /* setuju, tolak ("" = not yet) */
    char findings[512];
    int64_t version;
    char created_at[24];
    char created_by[64];
    /* Read only: the visit's date, the unit's name. */
    char visited_on[11];
    char psks_name[128];
} pl_dtsen_check;

/* Adds c; fills id, version and created_at. Errors: PL_EINVAL. */
int pl_store_dtsen_check_add(pl_store *s, const pl_actor *who, pl_dtsen_check *c, pl_error *err);

/* Check id. Errors: PL_ENOTFOUND. */
int pl_store_dtsen_check_get(pl_store *s, pl_dtsen_check *out, int64_t id, pl_error *err);

/*
 * Writes c's visit_id, status, recommendation and findings at version
 * c->version; the version grows. Errors: PL_ENOTFOUND, PL_ECONFLICT.
 */
int pl_store_dtsen_check_update(pl_store *s, const pl_actor *who, pl_dtsen_check *c, pl_error *err);

typedef struct pl_dtsen_check_filter {
    const char *region;
    int64_t psks_id;
    int64_t proposal_id;
    int64_t objection_id;
    const char *status;
} pl_dtsen_check_filter;

typedef int (*pl_dtsen_check_cb)(void *ctx, const pl_dtsen_check *c);

/* Checks matching f, oldest due date first (none last), then id. */
int pl_store_dtsen_check_list(pl_store *s, const pl_dtsen_check_filter *f, pl_dtsen_check_cb cb,
                              void *ctx, pl_error *err);

/* ------------------------------------------------------------ objections */

typedef struct pl_dtsen_objection {
    int64_t id;
    char village[PL_REGION_CODE_MAX];
    int64_t household_id; /* the household objected about (0 = not registered) */
    char kind[16];        /* salah_masuk, tidak_masuk */
    char subject_name[128];
    char subject_address[256];
    char filer_kind[12]; /* warga, psks, operator */
    char filer_name[128];
    char filer_contact[64];
    char filer_address[256];
    char statement[1024];
    char filed_on[11];
    char due_on[11];
    char status[16];
    char decision[16]; /* dikabulkan, ditolak ("" = not yet) */
    char decision_reason[512];
    char decided_on[11];
    char answer_number[64];
    char answered_on[11];
    int64_t version;
    char created_at[24];
    char created_by[64];
} pl_dtsen_objection;

/* Adds o; fills id, version and created_at. Errors: PL_EINVAL. */
int pl_store_dtsen_objection_add(pl_store *s, const pl_actor *who, pl_dtsen_objection *o,
                                 pl_error *err);

/* Objection id. Errors: PL_ENOTFOUND. */
int pl_store_dtsen_objection_get(pl_store *s, pl_dtsen_objection *out, int64_t id, pl_error *err);

/*
 * Writes o's status, decision, decision_reason, decided_on, answer_number
 * and answered_on at version o->version; the version grows. Errors:
 * PL_ENOTFOUND, PL_ECONFLICT.
 */
int pl_store_dtsen_objection_update(pl_store *s, const pl_actor *who, pl_dtsen_objection *o,
                                    pl_error *err);

typedef struct pl_dtsen_objection_filter {
    const char *region;
    const char *status;
    const char *overdue_on; /* YYYY-MM-DD: only unanswered ones due before it */
    const char *year;       /* filed in this year ("" or NULL = any) */
} pl_dtsen_objection_filter;

typedef int (*pl_dtsen_objection_cb)(void *ctx, const pl_dtsen_objection *o);

/* Objections matching f, oldest due date first, then id. */
int pl_store_dtsen_objection_list(pl_store *s, const pl_dtsen_objection_filter *f,
                                  pl_dtsen_objection_cb cb, void *ctx, pl_error *err);

#endif
