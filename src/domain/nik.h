/*
 * nik.h - the 16-digit NIK (Nomor Induk Kependudukan) and No. KK (family
 * card number): parsing, validation that reports every problem found, and
 * what each number says (issuing region, birth or issue date, sex). Pure:
 * whether a region code exists is asked through pl_region_known.
 *
 * NIK:  PPKKCC DDMMYY SSSS  (women: DD + 40)
 * KK:   PPKKCC DDMMYY SSSS  (DDMMYY is the card's issue date)
 */
#ifndef PL_DOMAIN_NIK_H
#define PL_DOMAIN_NIK_H

#include "domain/date.h"
#include "domain/region_code.h"

#include <stdbool.h>

/* Every problem a NIK or KK can have; each has a code name and a message. */
typedef enum pl_nik_problem {
    PL_NIK_EMPTY,            /* no value */
    PL_NIK_EXCEL_DAMAGED,    /* 6.47401E+15 or 6474011203850000.0: digits lost */
    PL_NIK_NOT_DIGITS,       /* letters or symbols */
    PL_NIK_LENGTH,           /* not 16 digits */
    PL_NIK_PROVINCE,         /* province code unknown */
    PL_NIK_REGENCY,          /* regency code unknown, current or former */
    PL_NIK_DISTRICT,         /* district 00 (implausible) */
    PL_NIK_DISTRICT_UNKNOWN, /* warning: district not in the current tree */
    PL_NIK_DATE,             /* no real calendar date (women: day 41..71) */
    PL_NIK_SERIAL,           /* serial 0000 */
    PL_NIK_FORMER_REGION,    /* warning: issued under a former region code */
    PL_NIK_NUMBER_CELL,      /* read from a spreadsheet's number cell: 16th digit unreliable */
    PL_NIK_PROBLEM__MAX
} pl_nik_problem;

/* Which number is being checked. */
typedef enum pl_idnum_kind { PL_IDNUM_NIK, PL_IDNUM_KK } pl_idnum_kind;

/*
 * Answers whether a dotted region code ("64", "64.74", "64.74.01") exists in
 * the current tree. ctx is the caller's. A NULL callback means "only the
 * compiled-in tables are known": provinces and regencies of
 * pl_region_official_name (an unknown regency is an error) and the
 * former-code table; districts are then not checked beyond "00".
 */
typedef struct pl_region_known {
    bool (*exists)(void *ctx, const char *dotted);
    void *ctx;
} pl_region_known;

typedef struct pl_nik_info {
    char digits[17]; /* the 16 digits, or "" if none could be read */
    pl_idnum_kind kind;
    bool valid;                            /* no error-level problem (warnings allowed) */
    unsigned problems;                     /* bit (1u << pl_nik_problem) per problem found */
    char sex;                              /* 'L' or 'P' (NIK only; 0 when unknown or KK) */
    int day, month, yy;                    /* date part as read (day without the +40) */
    pl_date dates[2];                      /* candidates: 19yy and 20yy that are real dates */
    int n_dates;                           /* 0..2 */
    char region_code[PL_REGION_CODE_MAX];  /* issuing district, dotted "64.74.01" */
    char current_code[PL_REGION_CODE_MAX]; /* today's district code (differs if former) */
    int serial;                            /* 1..9999 */
    int length;                            /* digits seen in the value (for the length message) */
    char seen[40]; /* the trimmed value as entered, cut short, for messages */
} pl_nik_info;

/*
 * Parses and validates text as a NIK or KK. Leading/trailing spaces are
 * ignored; everything else is checked. Every problem is recorded in
 * out->problems, not only the first. Always returns 0 (a NULL text counts as
 * empty); out->valid says the verdict.
 */
int pl_nik_check(pl_nik_info *out, pl_idnum_kind kind, const char *text,
                 const pl_region_known *regions);

/*
 * Marks info, filled by pl_nik_check, as read from a spreadsheet's number
 * cell (XLSX/ODS): a number went through a double and Excel keeps 15
 * significant digits, so the 16th may have become 0 and nothing in the value
 * can show it. This cause replaces every other problem found (a serial 0000
 * is its typical symptom): problems becomes PL_NIK_NUMBER_CELL alone and
 * valid false. An empty value stays empty.
 */
void pl_nik_mark_number_cell(pl_nik_info *info);

/* True when pp (two digits, "64") is one of the 38 current province codes. */
bool pl_nik_province_known(const char *pp);

/* True when the problem is only a warning (the number stays valid). */
bool pl_nik_problem_is_warning(pl_nik_problem p);

/* Stable machine name of a problem ("excel_damaged", "date", ...). */
const char *pl_nik_problem_code(pl_nik_problem p);

/*
 * Message in Bahasa Indonesia for a problem found in info (uses the values
 * read, e.g. the length seen). Writes into out (cap bytes).
 */
void pl_nik_problem_message(char *out, size_t cap, const pl_nik_info *info, pl_nik_problem p);

/*
 * Picks the NIK's birth date for a stated one: when stated is non-NULL and
 * equals a candidate, that one; otherwise the latest candidate not after
 * today. Returns 0 or PL_ENOTFOUND when there is no candidate.
 */
int pl_nik_birth_date(pl_date *out, const pl_nik_info *info, const pl_date *stated,
                      const pl_date *today);

/* Masks a NIK for roles that need not see it: "6474**********01". out >= 17 bytes. */
void pl_nik_mask(char *out, const char *nik);

/*
 * Builds a NIK from its parts (used by the generator and tests): district
 * plain 6 digits, birth date, sex 'L'/'P', serial 1..9999. out >= 17 bytes.
 */
int pl_nik_compose(char *out, const char *district6, const pl_date *birth, char sex, int serial);

#endif
