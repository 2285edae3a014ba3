/*
 * registry.h - registering and changing people and households,
 * each as one unit of work: a validated record (domain/record.h) becomes a
 * household, a person and their PMKS memberships in one transaction; a
 * change is validated as a whole again. Used by the CLI and the HTTP API;
 * the bulk importer has its own faster path.
 */
#ifndef PL_SERVICE_REGISTRY_H
#define PL_SERVICE_REGISTRY_H

#include "domain/record.h"
#include "store/person.h"
#include "service/transfer.h"
#include "store/store.h"
#include "store/household.h"
#include "store/membership.h"

/*
 * Adds the person in rec: the household with rec->kk is created when absent
 * (in rec->village, with the row's address and point as its home), else the
 * person joins it (a household in another village is refused; a point that
 * differs from the household's home becomes the person's own). PMKS
 * categories that apply to a household attach to the household, the rest to
 * the person; a category without a start date starts today. New records are drafts. On success
 * *out holds the stored person. Errors: PL_ECONFLICT (NIK registered),
 * PL_EINVAL (village mismatch), PL_EIO.
 */
int pl_registry_person_add(pl_store *s, const pl_actor *who, const pl_record *rec,
                           const pl_date *today, pl_person *out, pl_error *err);

/* Adds memberships for categories of rec not already open on the subject. */
int pl_registry_add_categories(pl_store *s, const pl_actor *who, const pl_person *p,
                               const pl_record_pmks *pmks, int n, const pl_date *today,
                               pl_error *err);

/* Copies a validated record's person fields into a store record (ids untouched). */
void pl_registry_record_to_person(pl_person *p, const pl_record *rec);

/*
 * Finds the person named by key: a NIK (16 digits) or an id. Errors:
 * PL_EINVAL (key is neither, field "nik"), PL_ENOTFOUND.
 */
int pl_registry_person_find(pl_person *out, pl_store *s, const char *key, pl_error *err);

/* How pl_registry_person_register treats the household and the point. */
enum {
    /* The household with the row's KK must exist already; its village applies. */
    PL_REGISTER_EXISTING_HOUSEHOLD = 1u << 0,
    /* The row's point becomes the person's own, whatever the household's home. */
    PL_REGISTER_OWN_POINT = 1u << 1,
};

/*
 * Registrations and changes are made for a caller, from: its scope ("" = no
 * limit) bounds what it may write and see, and a NIK or KK held outside that
 * scope is never revealed: the submitted columns become a transfer request
 * (service/transfer.h), *waiting receives its id and nothing else is
 * written (the function returns 0). *waiting is 0 otherwise. from->in_tx is
 * ignored: each function knows whether it holds a transaction.
 *
 * A person registered or changed is matched against the registry at once
 * (pl_dedup_match_new, service/dedup.h): probable duplicates enter the
 * review queue as open candidates. The match runs after the write has
 * committed; if it fails, the error is returned and the write stays. A
 * caller writing a batch sets from->match_later and matches it at its end.
 */

/*
 * Registers one person from raw column values (fields[], indexed by pl_col,
 * NULL for absent): validates the row as the importer does (region codes
 * checked against the store), refuses a village outside from->scope with
 * PL_EDENIED, then adds the person as pl_registry_person_add does. flags
 * are PL_REGISTER_*. On success *out is the stored person; probs receives
 * the row's problems and notes (notes are worth showing even on success).
 * Errors: PL_EINVAL (err names the first problem's column; probs holds them
 * all), PL_EDENIED, PL_ECONFLICT, PL_EIO.
 */
int pl_registry_person_register(pl_person *out, int64_t *waiting, pl_record_problems *probs,
                                pl_store *s, const pl_actor *who, const pl_transfer_origin *from,
                                const char *const fields[PL_COL__MAX], unsigned flags,
                                const pl_date *today, pl_error *err);

/* Most PMKS categories one update may start or end. */
#define PL_PERSON_PMKS_CHANGES 8

/*
 * A change to one person. given[] is indexed by pl_col; NULL keeps the stored
 * value. Columns used: NIK, NO_KK (moves the person to that household), NAMA,
 * TEMPAT_LAHIR, TANGGAL_LAHIR, JENIS_KELAMIN, HUBUNGAN, NAMA_IBU, DISABILITAS,
 * LATITUDE and LONGITUDE (the person's own point; one given takes the other
 * from the stored point; both "" remove it).
 */
typedef struct pl_person_change {
    const char *given[PL_COL__MAX];
    const char *death_date; /* NULL keeps, "" clears, else YYYY-MM-DD */
    int64_t version;        /* the version the caller read; 0 takes the stored one */
    /* Categories to start (since: start date, default today); one already open is kept. */
    pl_record_pmks add[PL_PERSON_PMKS_CHANGES];
    int n_add;
    /* Open categories to end (since: end date, default today), on the person or household. */
    pl_record_pmks end[PL_PERSON_PMKS_CHANGES];
    int n_end;
} pl_person_change;

/*
 * Changes person id in one transaction: reads it (inside from->scope),
 * merges ch into it, validates the whole record again as the importer does,
 * checks the death date (between birth and today), writes it with the
 * optimistic version check, then starts and ends the PMKS categories. Every
 * write is audited by the store. All or nothing. A new NIK held outside the
 * scope becomes a transfer request (*waiting) instead. On success *out is
 * the stored person; probs receives the record's problems and notes.
 * Errors: PL_ENOTFOUND (no such person in scope; category to end not open),
 * PL_EINVAL (err names the first problem's column; a household not found
 * in scope), PL_ECONFLICT (stale version), PL_ELOCKED, PL_EIO.
 */
int pl_registry_person_update(pl_person *out, int64_t *waiting, pl_record_problems *probs,
                              pl_store *s, const pl_actor *who, const pl_transfer_origin *from,
                              int64_t id, const pl_person_change *ch, const pl_date *today,
                              pl_error *err);

/*
 * Registers the household with KK kk (checked like an import row) in village
 * (a village code, any spelling) inside from->scope. given[] holds ALAMAT,
 * RT, RW, LATITUDE and LONGITUDE (NULL = empty), checked by the import row
 * rules. A KK held outside the scope becomes a transfer request (*waiting).
 * On success *out is the stored household. Errors: PL_EINVAL, PL_EDENIED,
 * PL_ECONFLICT (KK registered).
 */
int pl_registry_household_add(pl_household *out, int64_t *waiting, pl_store *s, const pl_actor *who,
                              const pl_transfer_origin *from, const char *kk, const char *village,
                              const char *const given[PL_COL__MAX], pl_error *err);

/*
 * Changes household id (inside scope) at version: village (NULL keeps) and
 * given[] ALAMAT, RT, RW, LATITUDE, LONGITUDE (NULL keeps, "" clears). On
 * success *out is the stored household. Errors: PL_ENOTFOUND, PL_EINVAL,
 * PL_EDENIED (new village outside scope), PL_ECONFLICT (stale version).
 */
int pl_registry_household_update(pl_household *out, pl_store *s, const pl_actor *who,
                                 const char *scope, int64_t id, int64_t version,
                                 const char *village, const char *const given[PL_COL__MAX],
                                 pl_error *err);

/*
 * Starts PMKS category code for person p from date (NULL = today) with note
 * (may be NULL): on the household when the category applies to households
 * and p has one, else on the person. The start may not lie in the future or
 * before the birth (field "valid_from"); a category that contradicts the
 * person's age or sex (pl_pmks_person_fit, domain/category.h) is refused
 * with field "confirm" unless confirm is true. On success *out is the stored
 * membership. Errors: PL_EINVAL (unknown category, date, unconfirmed
 * contradiction), PL_ECONFLICT (already open), PL_ELOCKED (inside a
 * signed-off period).
 */
int pl_registry_category_start(pl_membership *out, pl_store *s, const pl_actor *who,
                               const pl_person *p, int code, const pl_date *date, const char *note,
                               bool confirm, const pl_date *today, pl_error *err);

/* Most members pl_registry_family_register takes at once. */
#define PL_FAMILY_MAX 30

/* One member of a family registration: the person's columns (indexed by pl_col, NULL = absent). */
typedef struct pl_family_member {
    const char *fields[PL_COL__MAX];
} pl_family_member;

/*
 * Registers a family in one transaction: the household with KK kk (created
 * in village with given[] ALAMAT, RT, RW, LATITUDE, LONGITUDE when absent;
 * joined, with its own village, when registered inside from->scope) and its
 * n members (1..PL_FAMILY_MAX), each validated as an import row (the KK,
 * village and address columns are the household's) and added as
 * pl_registry_person_add does. Every member is validated before anything is
 * written, and the confirmations are asked only once all are valid. All or
 * nothing: the first refusal rolls
 * everything back, *bad_member names the member it is about (-1 = the
 * household) and probs holds that member's problems. A member whose NIK, or
 * the family whose KK, is held outside the scope becomes a transfer request
 * (counted in *waiting; its people[i].id stays 0). A PMKS category that
 * contradicts a member's age or sex is refused with field "confirm" unless
 * confirm. On success *hh_out is the household (id 0 when it waits) and
 * people[i] the stored members; each is then matched for duplicates as
 * pl_registry_person_register does. Errors: PL_EINVAL, PL_EDENIED,
 * PL_ECONFLICT (a NIK registered), PL_EIO.
 */
int pl_registry_family_register(pl_household *hh_out, pl_person *people, int64_t *waiting,
                                int *bad_member, pl_record_problems *probs, pl_store *s,
                                const pl_actor *who, const pl_transfer_origin *from, const char *kk,
                                const char *village, const char *const given[PL_COL__MAX],
                                const pl_family_member *members, int n, bool confirm,
                                const pl_date *today, pl_error *err);

/*
 * Ends membership mid of person p or of p's household at date (NULL =
 * today), citing PSKS visit visit_id (0 = none; a visit to p or p's
 * household, service/psks_visit.h) as what ended it, in one transaction.
 * On success *out is the membership as ended. Errors: PL_ENOTFOUND (no such
 * membership on p, field "id"), PL_EINVAL ("visit_id" for a visit to
 * someone else), PL_ELOCKED.
 */
int pl_registry_category_end(pl_membership *out, pl_store *s, const pl_actor *who,
                             const pl_person *p, int64_t mid, int64_t visit_id, const pl_date *date,
                             const pl_date *today, pl_error *err);

#endif
