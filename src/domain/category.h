/*
 * category.h - the PMKS (26 social-welfare problem categories, Permensos
 * 8/2012) and PSKS (12 social-welfare resource categories) tables with stable
 * codes, and to whom each applies. Pure, tables as data.
 */
#ifndef PL_DOMAIN_CATEGORY_H
#define PL_DOMAIN_CATEGORY_H

#include "domain/date.h"

#include <stddef.h>

typedef enum pl_applies_to {
    PL_APPLIES_PERSON,       /* an individual */
    PL_APPLIES_HOUSEHOLD,    /* a family (KK) */
    PL_APPLIES_COMMUNITY,    /* a community (KAT) */
    PL_APPLIES_ORGANISATION, /* PSKS institutions */
    PL_APPLIES__MAX
} pl_applies_to;

typedef struct pl_category {
    int code;         /* stable number: PMKS 1..26, PSKS 1..12 */
    const char *slug; /* stable machine name, e.g. "fakir_miskin" */
    const char *name; /* official name in Bahasa Indonesia */
    const char
        *short_name; /* abbreviation ("ODHA", "KAT"): accepted by pl_pmks_find, never printed */
    pl_applies_to applies_to;
    /*
     * The one label a person reads, on pages, in reports, files and PDFs
     * alike: the official name, shortened where it would not fit a table
     * (at most PL_CATEGORY_LABEL_MAX characters, no abbreviations).
     */
    const char *label;
} pl_category;

#define PL_CATEGORY_LABEL_MAX 40

#define PL_PMKS_COUNT 26
#define PL_PSKS_COUNT 12

/* Well-known PMKS codes used by logic elsewhere. */
enum {
    PL_PMKS_LANSIA_TERLANTAR = 8,
    PL_PMKS_DISABILITAS = 9,
    PL_PMKS_KORBAN_BENCANA_ALAM = 21,
    PL_PMKS_FAKIR_MISKIN = 24,
};

/* Well-known PSKS codes. */
enum {
    PL_PSKS_TAGANA = 3,
    PL_PSKS_LKS = 4,
    PL_PSKS_TKSK = 11,
};

/* Entry for code 1..26 / 1..12, or NULL (borrowed, static). */
const pl_category *pl_pmks_get(int code);
const pl_category *pl_psks_get(int code);

/*
 * Finds a category by its code ("24"), slug ("fakir_miskin"), name
 * ("Fakir Miskin", case- and space-insensitive), label or abbreviation.
 * NULL when none matches.
 */
const pl_category *pl_pmks_find(const char *text);
const pl_category *pl_psks_find(const char *text);

/*
 * Whether PMKS category code fits a person born on birth (sex 'L'/'P', 0 =
 * unknown) on date on: the children's categories (1-7) are for people under
 * 18 (balita: under 5), elderly neglect (8) for people 60 and older, PRSE (23)
 * for women aged 18 to 59. Answers 0 when it fits or the category has no such
 * rule; else 1 with msg[cap] naming the rule and the person's age in Bahasa
 * Indonesia (the registration asks for a confirmation). A birth date after on
 * answers 0 (the record rules refuse it).
 */
int pl_pmks_person_fit(char *msg, size_t cap, int code, const pl_date *birth, char sex,
                       const pl_date *on);

/* "orang", "keluarga", "komunitas", "lembaga". */
const char *pl_applies_to_label(pl_applies_to a);

/* Disability types used on records and cards (stable slugs, Indonesian labels). */
typedef struct pl_disability {
    const char *slug;  /* "fisik", "intelektual", "mental", "sensorik_netra", ... */
    const char *label; /* "Disabilitas fisik" */
} pl_disability;

size_t pl_disability_count(void);
const pl_disability *pl_disability_at(size_t i);
/* Finds by slug or label, case-insensitive; NULL when unknown. */
const pl_disability *pl_disability_find(const char *text);

#endif
