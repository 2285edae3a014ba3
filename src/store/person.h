/*
 * person.h - people: identity (NIK, name, birth), household and relationship,
 * death, disability, own coordinates, verification state and data-quality
 * flags; search; household members; moves between villages (the residence
 * history that counts by date read, store/report.h). Optimistic locking as
 * in store/household.h.
 */
#ifndef PL_STORE_PERSON_H
#define PL_STORE_PERSON_H

#include "store/store.h"

enum {
    PL_FLAG_NIK_BIRTHDATE = 1 << 0, /* NIK's date disagrees with the stated birth date */
    PL_FLAG_NIK_SEX = 1 << 1,       /* NIK's sex disagrees with the stated sex */
    PL_FLAG_NIK_FORMER = 1 << 2,    /* NIK carries a former region code */
    PL_FLAG_NO_NIK = 1 << 3,        /* recorded without a NIK */
    PL_FLAG_COORD_OUTSIDE = 1 << 4, /* home point far outside the regency's outline */
};

typedef struct pl_person {
    int64_t id;
    char nik[17];         /* "" when unknown */
    int64_t household_id; /* 0 when none */
    char kk[17];          /* read only: the household's KK */
    char name[128];
    char birth_place[64];
    char birth_date[11];   /* YYYY-MM-DD or "" */
    char sex;              /* 'L' / 'P' */
    char relationship[24]; /* slug from relationship.h */
    char mother_name[128];
    char death_date[11]; /* "" when alive */
    char disability[24]; /* slug from category.h or "" */
    bool has_coord;      /* own coordinates, overriding the household's */
    double lat, lon;
    char village_code[PL_REGION_CODE_MAX]; /* the household's village */
    char state[12];
    char state_by[64];
    char state_at[24];
    char state_reason[256];
    unsigned flags; /* PL_FLAG_* */
    int64_t version;
    char created_at[24], updated_at[24];
    /* Code from domain/nonik.h when nik is "" ("tidak_diketahui" when none was given;
     * the store sets PL_FLAG_NO_NIK then), "" when the person has a NIK. */
    char no_nik_reason[24];
} pl_person;

/*
 * Adds a person; fills id, version and times. village_code is taken from the
 * household when household_id is set. Errors: PL_ECONFLICT (NIK exists),
 * PL_EINVAL (unknown household or village).
 */
int pl_store_person_add(pl_store *s, const pl_actor *who, pl_person *p, pl_error *err);

/* Fetches by id or NIK. Errors: PL_ENOTFOUND. */
int pl_store_person_get(pl_store *s, pl_person *out, int64_t id, pl_error *err);
int pl_store_person_get_by_nik(pl_store *s, pl_person *out, const char *nik, pl_error *err);

/*
 * Writes every editable field of p when p->version equals the stored
 * version (optimistic locking); the version grows by one, the before and
 * after images go to the audit. Errors: PL_ENOTFOUND, PL_ECONFLICT.
 */
int pl_store_person_update(pl_store *s, const pl_actor *who, pl_person *p, pl_error *err);

/* Sets the verification state of a person with who/when/why. */
int pl_store_person_set_state(pl_store *s, const pl_actor *who, int64_t id, const char *state,
                              const char *reason, pl_error *err);

typedef struct pl_person_query {
    const char *nik;           /* exact NIK, or NULL */
    const char *kk;            /* exact KK, or NULL */
    const char *text;          /* name words, each the start of a word of the name, or NULL */
    const char *scope;         /* region prefix the caller may see ("" = all) */
    const char *region;        /* region prefix filter, or NULL */
    const char *state;         /* verification state, or NULL */
    int category;              /* active PMKS category today, 0 = any */
    int64_t after_id;          /* cursor: only ids greater than this */
    int limit;                 /* at most this many (1..1000) */
    bool without_nik;          /* only people without a NIK */
    const char *no_nik_reason; /* only people without NIK for this reason code, or NULL */
    unsigned flags_any;        /* only people with one of these PL_FLAG_* bits (0 = any) */
} pl_person_query;

/* The user name that registered person id ("" when unknown). Errors: PL_ENOTFOUND. */
int pl_store_person_created_by(pl_store *s, char *out, size_t cap, int64_t id, pl_error *err);

typedef int (*pl_person_cb)(void *ctx, const pl_person *p);

/* Lists people matching q ordered by id. */
int pl_store_person_search(pl_store *s, const pl_person_query *q, pl_person_cb cb, void *ctx,
                           pl_error *err);

/* How many people without a NIK, per reason code. */
typedef struct pl_nonik_count {
    char reason[24];
    long people;
} pl_nonik_count;

typedef int (*pl_nonik_count_cb)(void *ctx, const pl_nonik_count *c);

/*
 * Counts living people without a NIK whose village lies inside scope and
 * region (prefixes; "" or NULL = all), one callback per reason code present.
 */
int pl_store_person_nonik_counts(pl_store *s, const char *scope, const char *region,
                                 pl_nonik_count_cb cb, void *ctx, pl_error *err);

/*
 * The people a newly arriving person without NIK may be: those of household
 * household_id (0 = none), and those living in village born on birth_date
 * (either may be ""), with or without a NIK, ordered by id. The caller
 * decides (service/nonik.h).
 */
int pl_store_person_nonik_candidates(pl_store *s, int64_t household_id, const char *village,
                                     const char *birth_date, pl_person_cb cb, void *ctx,
                                     pl_error *err);

/* Members of a household ordered by relationship then birth date. */
int pl_store_household_members(pl_store *s, int64_t household_id, pl_person_cb cb, void *ctx,
                               pl_error *err);

/*
 * Records that person_id moved to village on date (YYYY-MM-DD, not in the
 * future): the person's village becomes village and the residence history
 * is closed and opened on that date. Errors: PL_ENOTFOUND, PL_EINVAL
 * (unknown village, date before the current residence began).
 */
int pl_store_residence_move(pl_store *s, const pl_actor *who, int64_t person_id,
                            const char *village, const char *date, pl_error *err);

#endif
