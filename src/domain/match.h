/*
 * match.h - record linkage for Indonesian person records: string and name
 * similarity (Jaro-Winkler, token sets with nicknames and initials), a
 * phonetic blocking key, birth-date and NIK similarity, and the scoring
 * model that combines them into one score with reasons. Pure: no I/O.
 *
 * Names given to the name functions are expected normalised by
 * pl_name_normalize (lower-case ASCII words, one space apart).
 */
#ifndef PL_DOMAIN_MATCH_H
#define PL_DOMAIN_MATCH_H

#include "util/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Jaro-Winkler similarity of two byte strings, 0..1 (1 = equal; "" vs "" = 1). */
double pl_match_jaro_winkler(const char *a, const char *b);

/*
 * True when nick is a known nickname of the formal name word(s) formal
 * ("wawan" / "hermawan", "ani" / "nur aini"); both normalised.
 */
bool pl_match_is_nickname(const char *nick, const char *formal);

/*
 * Writes the phonetic key of one normalised word into out (cap bytes):
 * old spellings and digraphs folded (dj->j, tj->c, oe->u, ph->f, kh and
 * ch->h, sy->s, dh->d, th->t, v->f, q->k), doubled letters made single,
 * vowels and h, w, y after the first letter dropped: "hermawan" -> "hrmn",
 * "syamsuddin" -> "smsdn", "djoko" -> "jk". Returns the key length.
 */
size_t pl_match_phonetic(char *out, size_t cap, const char *word);

/*
 * Phonetic key of a whole normalised name: the keys of its words sorted and
 * joined by a space, so word order does not matter.
 */
size_t pl_match_phonetic_name(char *out, size_t cap, const char *name);

/* How two names relate, for reasons. */
enum {
    PL_NAME_EQUAL = 1 << 0,        /* identical after normalisation */
    PL_NAME_ORDER = 1 << 1,        /* same words in another order */
    PL_NAME_NICKNAME = 1 << 2,     /* a word matched through the nickname table */
    PL_NAME_INITIAL = 1 << 3,      /* a word matched an initial */
    PL_NAME_TYPO = 1 << 4,         /* a word matched approximately (Jaro-Winkler) */
    PL_NAME_MISSING_WORD = 1 << 5, /* one name has words the other lacks */
};

/*
 * Token-set similarity of two normalised names, 0..1: every word of the
 * shorter name is paired with its best unused word of the other (equal 1,
 * nickname 1, initial 0.9, else Jaro-Winkler), averaged with very common
 * words (siti, nur, muhammad, abdul, ...) weighing 0.3, and lowered a
 * little for words left unpaired. *how (may be NULL) receives PL_NAME_*.
 */
double pl_match_name(const char *a, const char *b, unsigned *how);

/* How two dates relate. */
enum {
    PL_DATE_UNKNOWN = 0,
    PL_DATE_EQUAL,
    PL_DATE_SWAPPED,    /* day and month exchanged */
    PL_DATE_ONE_DIGIT,  /* one digit of YYYYMMDD differs */
    PL_DATE_TRANSPOSED, /* two neighbouring digits exchanged */
    PL_DATE_SAME_YEAR,
    PL_DATE_DIFFERENT,
};

/*
 * Similarity of two dates "YYYY-MM-DD" (either "" = unknown): equal 1,
 * swapped day/month 0.9, one digit 0.85, transposed digits 0.8, same year
 * 0.2, else 0; unknown -1. *kind (may be NULL) receives PL_DATE_*.
 */
double pl_match_date(const char *a, const char *b, int *kind);

enum {
    PL_NIKSIM_UNKNOWN = 0,
    PL_NIKSIM_EQUAL,
    PL_NIKSIM_ONE_DIGIT,
    PL_NIKSIM_TRANSPOSED,
    PL_NIKSIM_DIFFERENT,
};

/*
 * Similarity of two 16-digit NIKs ("" = unknown): equal 1, one digit
 * changed or two neighbours exchanged 0.6 (weak: people born the same day
 * in neighbouring districts, or next serials, differ so too), else 0;
 * unknown -1.
 */
double pl_match_nik(const char *a, const char *b, int *kind);

/* One person record as the scoring model sees it (strings borrowed). */
typedef struct pl_match_rec {
    const char *nik;        /* "" when unknown */
    const char *name;       /* normalised */
    const char *birth_date; /* YYYY-MM-DD or "" */
    char sex;               /* 'L', 'P' or 0 */
    const char *mother;     /* normalised, "" when unknown */
    const char *village;    /* dotted village code */
    const char *address;    /* free text, "" when unknown */
    int64_t household;      /* household id or row group, 0 = none */
    uint64_t members;       /* bit signature of the other household members' names */
} pl_match_rec;

/* Reasons for a score, as bits; pl_match_reasons_text spells them out. */
enum {
    PL_WHY_NAME_EQUAL = 1 << 0,
    PL_WHY_NAME_SIMILAR = 1 << 1,
    PL_WHY_NICKNAME = 1 << 2,
    PL_WHY_INITIAL = 1 << 3,
    PL_WHY_DATE_EQUAL = 1 << 4,
    PL_WHY_DATE_SWAPPED = 1 << 5,
    PL_WHY_DATE_DIGIT = 1 << 6,
    PL_WHY_MOTHER_EQUAL = 1 << 7,
    PL_WHY_MOTHER_SIMILAR = 1 << 8,
    PL_WHY_NIK_EQUAL = 1 << 9,
    PL_WHY_NIK_DIGIT = 1 << 10,
    PL_WHY_NIK_MISSING = 1 << 11,
    PL_WHY_SAME_VILLAGE = 1 << 12,
    PL_WHY_SAME_ADDRESS = 1 << 13,
    PL_WHY_MEMBERS = 1 << 14,
    PL_WHY_SAME_HOUSEHOLD = 1 << 15, /* counts against: two members of one KK */
    PL_WHY_SEX_DIFFERS = 1 << 16,    /* counts against */
    PL_WHY__COUNT = 17,
};

/* The score of a pair and why. */
typedef struct pl_match_result {
    double score; /* 0..1 */
    unsigned why; /* PL_WHY_* */
    bool exact;   /* same normalised name, birth date and mother (and not one KK) */
} pl_match_result;

/*
 * Scores a pair of records: 0.45 name + 0.20 birth date + 0.20 mother's name
 * + 0.15 NIK (an unknown part counts 0.6 of its weight), small bonuses for
 * the same village, address or household members, and caps: a name below
 * 0.8 keeps the score at most 0.5, two known mothers' names below 0.8
 * similarity keep it at most 0.7, two members of one household lose 0.3,
 * a different sex caps at 0.3. When min_score > 0 the scoring may stop early
 * and return a score below min_score without reasons.
 */
void pl_match_score(pl_match_result *out, const pl_match_rec *a, const pl_match_rec *b,
                    double min_score);

/*
 * Writes the reasons in why as Indonesian phrases joined by "; " into out
 * (cap bytes); with codes true, as stable machine codes joined by ",".
 */
void pl_match_reasons_text(char *out, size_t cap, unsigned why, bool codes);

/* The 64-bit signature bit of one normalised name (for pl_match_rec.members). */
uint64_t pl_match_member_bit(const char *name);

/*
 * Checks a pair of people named for a duplicate decision (merge, "not the
 * same"): two different ids. Errors: PL_EINVAL.
 */
int pl_dedup_pair_check(int64_t a, int64_t b, pl_error *err);

#endif
