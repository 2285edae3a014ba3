/*
 * eligibility.h - social-assistance programs as data: who a program is for
 * (PMKS categories, age, disability, welfare decile, regions, programs it
 * excludes) and what it pays (amount, frequency, cap). Pure: the store
 * supplies subjects, this module decides and says why not.
 */
#ifndef PL_DOMAIN_ELIGIBILITY_H
#define PL_DOMAIN_ELIGIBILITY_H

#include "domain/region_code.h"
#include "util/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PL_PROGRAM_CODE_MAX 24
#define PL_PROGRAM_LIST_MAX 8 /* regions, exclusions */

typedef enum pl_program_level {
    PL_PROGRAM_PUSAT = 1,
    PL_PROGRAM_PROVINSI,
    PL_PROGRAM_KABKOTA,
    PL_PROGRAM__MAX,
} pl_program_level;

typedef enum pl_program_frequency {
    PL_FREQ_SEKALI = 1, /* once */
    PL_FREQ_BULANAN,    /* monthly */
    PL_FREQ_TRIWULAN,   /* quarterly */
    PL_FREQ_TAHUNAN,    /* yearly */
    PL_FREQ__MAX,
} pl_program_frequency;

/* Who the program is for. Zero values mean "no condition". */
typedef struct pl_program_rule {
    uint32_t categories;  /* bit c set = PMKS category c qualifies (any of); 0 = no condition */
    int age_min, age_max; /* years at the period's start; -1 = open */
    bool disability;      /* a recorded disability is required */
    int desil_max;        /* household welfare decile 1..desil_max; 0 = no condition */
    char regions[PL_PROGRAM_LIST_MAX][PL_REGION_CODE_MAX];   /* region prefixes, "" ends */
    char excludes[PL_PROGRAM_LIST_MAX][PL_PROGRAM_CODE_MAX]; /* program codes, "" ends */
    /* false (the default, "requires_nik"): people without a NIK are refused (rule no_nik);
     * a transfer to an account needs the NIK. true: the program takes them too. */
    bool nik_optional;
} pl_program_rule;

typedef struct pl_program {
    int64_t id;
    char code[PL_PROGRAM_CODE_MAX]; /* "PKH", "BPNT", "ASLUT-KALTIM" */
    char name[128];
    int level;      /* pl_program_level */
    bool household; /* beneficiaries are households (else people) */
    int64_t amount; /* rupiah per payment */
    int frequency;  /* pl_program_frequency */
    int64_t cap;    /* most rupiah one beneficiary may receive per period; 0 = amount */
    pl_program_rule rule;
} pl_program;

/* One candidate as the store sees it for a program and period. */
typedef struct pl_elig_subject {
    int64_t person_id; /* the person (for household programs: the head) */
    int64_t household_id;
    const char *village; /* dotted village code */
    int age;             /* years at the period's start, -1 unknown */
    bool disability;
    bool dead;
    int desil;           /* 0 unknown */
    uint32_t categories; /* open PMKS categories of the person and household (bit c) */
    bool excluded_hit;   /* enrolled in a program the rule excludes, same period */
    bool no_nik;         /* registered without a NIK */
} pl_elig_subject;

/* Rule parts a subject may fail, as bits. */
enum {
    PL_ELIG_CATEGORY = 1 << 0,
    PL_ELIG_AGE = 1 << 1,
    PL_ELIG_DISABILITY = 1 << 2,
    PL_ELIG_DESIL = 1 << 3,
    PL_ELIG_REGION = 1 << 4,
    PL_ELIG_EXCLUDED = 1 << 5,
    PL_ELIG_DEAD = 1 << 6,
    PL_ELIG_NO_NIK = 1 << 7, /* no NIK, and the program requires one */
    PL_ELIG__COUNT = 8,
};

/*
 * The answer of an eligibility preview (service/program.h fills it,
 * io/program_json.h renders it): counts for one region (regency "64.74" or
 * district "64.74.01"), then the whole preview.
 */
typedef struct pl_preview_row {
    char region[PL_REGION_CODE_MAX];
    long eligible;
} pl_preview_row;

typedef struct pl_preview {
    pl_preview_row *rows; /* sorted by region; owned */
    size_t n;
    long candidates; /* read from the store */
    long eligible;
    long failed[PL_ELIG__COUNT]; /* candidates failing each rule part */
    double seconds;
} pl_preview;

/* Returns 0 when s is eligible for r, else the PL_ELIG_* bits it fails. */
unsigned pl_eligibility_check(const pl_program_rule *r, const pl_elig_subject *s);

/* Writes the failed parts as Indonesian phrases joined by "; " (codes: machine codes). */
void pl_eligibility_reasons(char *out, size_t cap, unsigned failed, bool codes);

/*
 * Parses a list of PMKS codes "24,9" into a bit set (*out). Errors:
 * PL_EINVAL for a code outside 1..26 or bad syntax. "" gives 0.
 */
int pl_eligibility_parse_categories(uint32_t *out, const char *text);

/* Formats a category bit set as "9,24". */
void pl_eligibility_format_categories(char *out, size_t cap, uint32_t set);

/*
 * Splits "64.74;64.72" (or comma-separated) into at most PL_PROGRAM_LIST_MAX
 * items of width w into list (rows of w bytes). Errors: PL_EINVAL when an
 * item is too long or there are too many.
 */
int pl_eligibility_parse_list(char *list, size_t w, const char *text);

/* Joins a list parsed by pl_eligibility_parse_list with ';'. */
void pl_eligibility_format_list(char *out, size_t cap, const char *list, size_t w);

/* Level and frequency names ("pusat", "bulanan") and back; 0 when unknown. */
const char *pl_program_level_name(int level);
int pl_program_level_parse(const char *name);
const char *pl_program_frequency_name(int f);
int pl_program_frequency_parse(const char *name);

/* Payments per period of a frequency for a period length in months (1, 3, 12). */
int pl_program_payments(int frequency, int period_months);

/* Longest bank account or card number accepted. */
#define PL_BANK_ACCOUNT_MAX 34

/*
 * Checks a bank or post-office account (or card) number: present and at
 * most PL_BANK_ACCOUNT_MAX characters. Errors: PL_EINVAL.
 */
int pl_bank_account_check(const char *number, pl_error *err);

#endif
