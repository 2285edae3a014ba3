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
    const char *raw_name;   /* the name as entered, or NULL: only for the reasons' wording */
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
    PL_WHY_SAME_HOUSEHOLD = 1 << 15,   /* both in one family card (context, not evidence) */
    PL_WHY_SEX_DIFFERS = 1 << 16,      /* counts against */
    PL_WHY_OLD_SPELLING = 1 << 17,     /* a word matched through old spelling (Dj/J, Oe/U, ...) */
    PL_WHY_TITLE = 1 << 18,            /* a patronym (bin/binti) or honorific was dropped */
    PL_WHY_DATE_PLACEHOLDER = 1 << 19, /* 1 Jan, 1 Jul or 31 Dec of the same year */
    PL_WHY_NIK_SERIAL = 1 << 20,       /* NIKs differ in one serial digit (counts against) */
    PL_WHY_NIK_DIFFERS = 1 << 21,      /* two different valid NIKs (counts against) */
    PL_WHY_NIK_REUSED = 1 << 22,       /* equal NIK on people who look different */
    PL_WHY_NAME_DIFFERS = 1 << 23,     /* counts against */
    PL_WHY_DATE_DIFFERS = 1 << 24,     /* counts against */
    PL_WHY_MOTHER_DIFFERS = 1 << 25,   /* counts against */
    PL_WHY__COUNT = 26,
};

/* The score of a pair and why. */
typedef struct pl_match_result {
    double score; /* 0..1 */
    unsigned why; /* PL_WHY_* */
    bool exact;   /* same normalised name, birth date and mother (and not one KK) */
} pl_match_result;

/*
 * Scores a pair of records as the probability that they are one person: a
 * Fellegi-Sunter sum of log-likelihood weights (bits) per field and
 * agreement level (name: exact / equivalent through nickname, old spelling,
 * initial, title or patronym / similar / different; birth date: exact /
 * swapped day and month / placeholder 1 Jan, 1 Jul or 31 Dec of the same
 * year / one digit / different / 15+ years apart; mother's name; NIK: equal /
 * typo / one serial digit / different; a missing field weighs 0, so a
 * missing NIK is unknown, not a disagreement), with other weights inside
 * one family card, turned into 1 / (1 + 2^-sum). Rules outside the sum: a
 * different sex caps at 0.3, two clearly different mothers at 0.7, and an
 * equal valid NIK on people who otherwise look different is lifted to 0.85
 * (PL_WHY_NIK_REUSED). The weights are written down and justified in
 * match.c and docs/internals/dedup.md. When min_score > 0 the scoring may
 * stop early and return a score below min_score without reasons.
 */
void pl_match_score(pl_match_result *out, const pl_match_rec *a, const pl_match_rec *b,
                    double min_score);

/*
 * Writes the reasons in why as Indonesian phrases joined by "; " into out
 * (cap bytes); with codes true, as stable machine codes joined by ",".
 */
void pl_match_reasons_text(char *out, size_t cap, unsigned why, bool codes);

/*
 * Writes the reasons for the score of a and b in Bahasa Indonesia, with the
 * words behind them, joined by "; " into out (cap bytes; a reason that does
 * not fit is left out): "nama panggilan: Wawan ~ Hermawan; tanggal lahir
 * tidak diketahui (1 Juli); NIK tidak ada pada satu data; satu KK".
 * Titles are named ("gelar diabaikan: Hj.") and old spellings shown as
 * written when the records carry raw_name.
 */
void pl_match_explain(char *out, size_t cap, const pl_match_rec *a, const pl_match_rec *b);

/*
 * Writes the blocking key of a normalised name: the phonetic key
 * (pl_match_phonetic) of its longest uncommon word after honorifics,
 * patronyms (bin/binti ...) and old spellings are dealt with. Returns its
 * length, 0 (and "") when the name has no word of 3 letters or more.
 */
size_t pl_match_block_key(char *out, size_t cap, const char *name);

/* The 64-bit signature bit of one normalised name (for pl_match_rec.members). */
uint64_t pl_match_member_bit(const char *name);

/*
 * Checks a pair of people named for a duplicate decision (merge, "not the
 * same"): two different ids. Errors: PL_EINVAL.
 */
int pl_dedup_pair_check(int64_t a, int64_t b, pl_error *err);

#endif
