/*
 * dtsen.h - the rules of the monthly update cycle of the national social
 * data (DTSEN, issue 19 items 1-5): village meetings, proposals (add a
 * household or a person, remove one, change data), cut-off dates and the
 * cycle a proposal belongs to, what a complete proposal needs, objections
 * (sanggah) and their time limits. Pure: no I/O, no SQL. The store is
 * store/dtsen.h, the units of work service/dtsen.h.
 */
#ifndef PL_DOMAIN_DTSEN_H
#define PL_DOMAIN_DTSEN_H

#include "domain/date.h"

#include <stdbool.h>
#include <stddef.h>

/* The cut-off day of a month when no region sets one. */
#define PL_DTSEN_CUTOFF_DEFAULT 20
/* Days an objection may wait for its answer when no region sets a limit. */
#define PL_DTSEN_OBJECTION_DAYS_DEFAULT 14

/* What a proposal asks for. */
typedef enum pl_dtsen_kind {
    PL_DTSEN_ADD_HOUSEHOLD, /* a new household with its head */
    PL_DTSEN_ADD_PERSON,    /* a new member of a registered household */
    PL_DTSEN_REMOVE,        /* a person or household out of the registry */
    PL_DTSEN_CHANGE,        /* changed data of a person or household */
    PL_DTSEN_KIND__MAX
} pl_dtsen_kind;

/* Why a person or household is removed. */
typedef enum pl_dtsen_removal {
    PL_DTSEN_MOVED,      /* pindah */
    PL_DTSEN_DIED,       /* meninggal */
    PL_DTSEN_INELIGIBLE, /* tidak layak lagi */
    PL_DTSEN_DUPLICATE,  /* ganda */
    PL_DTSEN_REMOVAL__MAX
} pl_dtsen_removal;

/* Slug ("tambah_keluarga", ...) and label of a kind; NULL when out of range. */
const char *pl_dtsen_kind_slug(int k);
const char *pl_dtsen_kind_label(int k);
/* The kind with this slug, or -1. */
int pl_dtsen_kind_find(const char *slug);

/* Slug ("pindah", "meninggal", "tidak_layak", "ganda") and label of a removal reason. */
const char *pl_dtsen_removal_slug(int r);
const char *pl_dtsen_removal_label(int r);
int pl_dtsen_removal_find(const char *slug);

/* Proposal states (stored as these slugs). */
#define PL_DTSEN_P_IN "masuk"           /* entered; incomplete or waiting */
#define PL_DTSEN_P_FIELD "cek_lapangan" /* waiting for its field check */
#define PL_DTSEN_P_CHECKED "diperiksa"  /* complete and checked: ratification applies it */
#define PL_DTSEN_P_REJECTED "ditolak"   /* rejected, with its reason */
#define PL_DTSEN_P_RATIFIED "disahkan"  /* applied to the registry by a ratified cycle */

/* Objection states. */
#define PL_DTSEN_O_FILED "diterima"     /* filed, waiting */
#define PL_DTSEN_O_FIELD "cek_lapangan" /* field check assigned */
#define PL_DTSEN_O_DECIDED "diputus"    /* decided, answer not yet given */
#define PL_DTSEN_O_ANSWERED "dijawab"   /* answer letter given */

/* Label in Bahasa Indonesia of a proposal or objection state slug ("" for an unknown one). */
const char *pl_dtsen_state_label(const char *slug);

/* Objection kinds: wrongly included, wrongly left out. */
#define PL_DTSEN_O_WRONG_IN "salah_masuk"
#define PL_DTSEN_O_WRONG_OUT "tidak_masuk"
/* Who filed an objection. */
bool pl_dtsen_filer_valid(const char *slug); /* warga, psks, operator */
bool pl_dtsen_objection_kind_valid(const char *slug);
const char *pl_dtsen_objection_kind_label(const char *slug);

/* Meeting kinds: musdes (village) or muskel (kelurahan). */
bool pl_dtsen_meeting_kind_valid(const char *slug);

/* Field check recommendations. */
#define PL_DTSEN_REC_APPROVE "setuju"
#define PL_DTSEN_REC_REJECT "tolak"
bool pl_dtsen_recommendation_valid(const char *slug);

/*
 * The cycle period ("YYYY-MM", 8 bytes) a proposal entered on `entered`
 * belongs to, when the month's cut-off day is cutoff_day (1..31; a day past
 * the month's end means its last day): the month itself when entered on or
 * before the cut-off, else the next month.
 */
void pl_dtsen_period_for(char out[8], const pl_date *entered, int cutoff_day);

/* The period after period ("YYYY-MM") into out (8 bytes). 0, or -1 when period is malformed. */
int pl_dtsen_period_next(char out[8], const char *period);

/* Whether s is a period "YYYY-MM" (year 2000..2100). */
bool pl_dtsen_period_valid(const char *s);

/* The cut-off date of period with cut-off day into out (11 bytes, YYYY-MM-DD). -1 if malformed. */
int pl_dtsen_cutoff_date(char out[11], const char *period, int cutoff_day);

/* The due date of an objection filed on `filed` with a limit of days days (11 bytes). */
void pl_dtsen_due_date(char out[11], const pl_date *filed, int days);

/* Whether an objection due on due (YYYY-MM-DD) and not answered is overdue on today. */
bool pl_dtsen_overdue(const char *due, const pl_date *today);

/*
 * The list of what a proposal misses, each item a sentence in Bahasa
 * Indonesia; built by the service from the proposal and what the store
 * knows, joined for display with pl_dtsen_missing_text.
 */
#define PL_DTSEN_MISSING_MAX 16
typedef struct pl_dtsen_missing {
    char items[PL_DTSEN_MISSING_MAX][200];
    int n;
} pl_dtsen_missing;

/* Appends a formatted item (ignored when full). */
void pl_dtsen_missing_add(pl_dtsen_missing *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Joins the items with "; " into out (cap bytes); "" when nothing is missing. */
void pl_dtsen_missing_text(char *out, size_t cap, const pl_dtsen_missing *m);

/* What the static part of the completeness check looks at. */
typedef struct pl_dtsen_facts {
    int kind;          /* pl_dtsen_kind */
    int removal;       /* pl_dtsen_removal for PL_DTSEN_REMOVE, else -1 */
    bool has_subject;  /* a registered person or household named (remove, change, add person) */
    bool has_data;     /* at least one proposed value (add, change) */
    bool has_evidence; /* a document attached to the proposal */
    bool meeting_has_minutes; /* the meeting's minutes or its SPTJM letter are uploaded */
    bool has_death_date;      /* removal because of death: the date of death is given */
} pl_dtsen_facts;

/*
 * Adds to m what f lacks: the meeting's minutes or SPTJM, the subject, the
 * proposed values, the supporting document (every proposal carries one: the
 * family card for an addition, a death or moving certificate for a
 * removal, the document behind a change), the date of death.
 */
void pl_dtsen_check_facts(pl_dtsen_missing *m, const pl_dtsen_facts *f);

#endif
