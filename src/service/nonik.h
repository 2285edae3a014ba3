/*
 * nonik.h - people without a NIK: recognising one who arrives again (import
 * row, API or CLI registration) among the people stored, and the work queue
 * of people to refer to the civil registry office (Dukcapil).
 *
 * Recognition (a row without NIK against the people stored):
 *   same     stored without NIK, same No. KK (both may be empty), same
 *            normalised name, birth date and village: the same person.
 *   doubtful same No. KK and birth date with a similar but different name
 *            (domain/match.h, pl_match_name >= PL_NONIK_NAME_SIMILAR); same
 *            name, birth date and village but a different or missing No. KK;
 *            or a person WITH a NIK in the same household with the same name
 *            and birth date. The new record is registered as a draft and the
 *            pair enters the duplicate review queue (store/dedup.h) as an open
 *            candidate, where a reviewer merges it (the older id survives) or
 *            marks "not the same person". Importing the same file again then
 *            finds the new record as "same" and registers nobody twice.
 */
#ifndef PL_SERVICE_NONIK_H
#define PL_SERVICE_NONIK_H

#include "domain/nonik.h"
#include "domain/record.h"
#include "store/person.h"
#include "store/store.h"

/* Name similarity from which a name in the same family card counts as doubtful. */
#define PL_NONIK_NAME_SIMILAR 0.85

typedef enum pl_nonik_verdict {
    PL_NONIK_NEW = 0,
    PL_NONIK_SAME,
    PL_NONIK_DOUBTFUL,
} pl_nonik_verdict;

typedef struct pl_nonik_match {
    pl_nonik_verdict verdict;
    int64_t person_id; /* the stored person (SAME, DOUBTFUL) */
    double score;      /* name similarity (DOUBTFUL) */
    char reasons[160]; /* why doubtful, in Bahasa Indonesia */
} pl_nonik_match;

/*
 * Looks for the person rec (a validated record without NIK) among the
 * people stored: household_id is the household of rec->kk when it is known
 * (0 otherwise). People rejected (also merged away) are not considered.
 * Errors: the store's.
 */
int pl_nonik_find(pl_nonik_match *out, pl_store *s, const pl_record *rec, int64_t household_id,
                  pl_error *err);

/*
 * Puts the pair (new person, m->person_id) into the duplicate review queue
 * as an open candidate with m's reasons. Audited by the store.
 */
int pl_nonik_review(pl_store *s, const pl_actor *who, int64_t person_id, const pl_nonik_match *m,
                    pl_error *err);

/* People without NIK per reason: counts[r] for each pl_nonik_reason (0 unused). */
typedef struct pl_nonik_summary {
    long counts[PL_NONIK__MAX];
    long total;
} pl_nonik_summary;

/*
 * Counts the living people without NIK inside scope and region (prefixes,
 * "" or NULL = all). Errors: the store's.
 */
int pl_nonik_summarize(pl_nonik_summary *out, pl_store *s, const char *scope, const char *region,
                       pl_error *err);

/*
 * Lists the people without NIK (the referral queue) as the person search
 * does: q->scope, q->region, q->no_nik_reason, paging by q->after_id and
 * q->limit; q->without_nik is set here. Errors: PL_EINVAL (unknown reason,
 * field "reason"), the store's.
 */
int pl_nonik_queue(pl_store *s, pl_person_query *q, pl_person_cb cb, void *ctx, pl_error *err);

#endif
