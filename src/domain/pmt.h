/*
 * pmt.h - the proxy-means test (PMT) of the welfare ranking (issue 19): the
 * socio-economic variables of a household, a model as data (weights and an
 * intercept per region and version), the score, the deciles within a
 * province and the explanation of a score. Pure: no I/O, no SQL.
 *
 * Variables (docs/internals/pmt.md says where each comes from): the ones an
 * operator enters (housing, water, sanitation, energy, assets, the head's
 * schooling, members working) and the ones computed from the members
 * (household size, floor area per person, share of working-age members
 * working, dependency ratio, members with a disability, a female head).
 * An enumerated variable's value is the index of its option; a yes/no
 * variable is 0 or 1; a number is itself.
 *
 * A model term is a weight on a variable (number, yes/no, computed) or on
 * one option of an enumerated variable (a dummy: 1 when the household has
 * that option). score = intercept + sum(weight x value); a lower score is a
 * poorer household. Deciles: the households of one province ranked by
 * (score, household id) ascending; rank r (0-based) of n gets decile
 * r * 10 / n + 1, so decile 1 is the poorest tenth and ties are broken by
 * the id, the same way every run.
 */
#ifndef PL_DOMAIN_PMT_H
#define PL_DOMAIN_PMT_H

#include "domain/region_code.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum pl_pmt_var {
    /* entered (stored with the household) */
    PL_PMT_STATUS_BANGUNAN,
    PL_PMT_LUAS_LANTAI,
    PL_PMT_LANTAI,
    PL_PMT_DINDING,
    PL_PMT_ATAP,
    PL_PMT_SUMBER_AIR,
    PL_PMT_FASILITAS_BAB,
    PL_PMT_PENERANGAN,
    PL_PMT_BAHAN_BAKAR,
    PL_PMT_PENDIDIKAN_KEPALA,
    PL_PMT_ANGGOTA_BEKERJA,
    PL_PMT_LEMARI_ES,
    PL_PMT_AC,
    PL_PMT_PEMANAS_AIR,
    PL_PMT_TELEVISI,
    PL_PMT_KOMPUTER,
    PL_PMT_EMAS,
    PL_PMT_SEPEDA_MOTOR,
    PL_PMT_MOBIL,
    PL_PMT_PERAHU_MOTOR,
    PL_PMT_LAHAN,
    PL_PMT_RUMAH_LAIN,
    PL_PMT_TERNAK_BESAR,
    PL_PMT_ENTERED__MAX,
    /* computed from the household's members */
    PL_PMT_JUMLAH_ANGGOTA = PL_PMT_ENTERED__MAX,
    PL_PMT_LUAS_PER_KAPITA,
    PL_PMT_RASIO_BEKERJA,
    PL_PMT_RASIO_TANGGUNGAN,
    PL_PMT_ANGGOTA_DISABILITAS,
    PL_PMT_KEPALA_PEREMPUAN,
    PL_PMT_VAR__MAX
} pl_pmt_var;

typedef enum pl_pmt_kind {
    PL_PMT_ENUM = 1, /* one of the options */
    PL_PMT_NUMBER,   /* a number in [min, max] */
    PL_PMT_BOOL,     /* 0 / 1 ("ya" / "tidak") */
} pl_pmt_kind;

#define PL_PMT_OPTIONS_MAX 12

typedef struct pl_pmt_option {
    const char *code;  /* "tanah" */
    const char *label; /* "Tanah" */
} pl_pmt_option;

typedef struct pl_pmt_var_def {
    const char *code;                          /* "lantai": CSV column, API key, model variable */
    const char *label;                         /* "Jenis lantai terluas" */
    int kind;                                  /* pl_pmt_kind */
    bool computed;                             /* from the members, never entered */
    double min, max;                           /* numbers */
    bool integer;                              /* numbers that are counts */
    pl_pmt_option options[PL_PMT_OPTIONS_MAX]; /* enumerations; code NULL ends */
} pl_pmt_var_def;

/* The definition of variable v (0..PL_PMT_VAR__MAX-1), or NULL. */
const pl_pmt_var_def *pl_pmt_var_get(int v);

/* The variable whose code is code (case-insensitive), or -1. */
int pl_pmt_var_find(const char *code);

/* The option of enumerated variable v whose code or label is text (case-insensitive), or -1. */
int pl_pmt_option_find(int v, const char *text);

/* Values of the variables of one household; has[v] false = not known. */
typedef struct pl_pmt_values {
    double v[PL_PMT_VAR__MAX];
    bool has[PL_PMT_VAR__MAX];
} pl_pmt_values;

/*
 * Parses text as a value of entered variable v into *out: an option code or
 * label, "ya"/"tidak"/"1"/"0" (also "true"/"false"), or a number within the
 * variable's range ("," accepted as the decimal mark). Empty text is
 * *known = false. Returns 0, or PL_EINVAL with a reason in Bahasa Indonesia
 * in reason (cap bytes).
 */
int pl_pmt_value_parse(double *out, bool *known, int v, const char *text, char *reason, size_t cap);

/* Writes value x of variable v as text a file or API carries (option code, 0/1, number). */
void pl_pmt_value_code(char *out, size_t cap, int v, double x);

/* Writes value x of variable v in words for people ("Tanah", "ya", "12,5"). */
void pl_pmt_value_label(char *out, size_t cap, int v, double x);

/* What the store counts of a household's members for the computed variables. */
typedef struct pl_pmt_members {
    int living;       /* members alive */
    int working_age;  /* alive, aged 15..64 */
    int dependants;   /* alive, aged under 15 or over 64 */
    int disabled;     /* alive with a recorded disability */
    bool head_female; /* the head of the household is a woman */
    bool head_known;  /* there is a living head */
} pl_pmt_members;

/*
 * Fills the computed variables of vals from the members m and the entered
 * values already in vals (floor area, members working).
 */
void pl_pmt_derive(pl_pmt_values *vals, const pl_pmt_members *m);

#define PL_PMT_TERMS_MAX 160

typedef struct pl_pmt_term {
    int var;       /* pl_pmt_var */
    int option;    /* option index of an enumerated variable; -1 = the value itself */
    double weight; /* per unit of the value, or for having the option */
} pl_pmt_term;

typedef struct pl_pmt_model {
    int64_t id;
    char region[PL_REGION_CODE_MAX]; /* province "64" or regency "64.74" */
    int version;                     /* 1, 2, ... per region */
    double intercept;
    char created_at[24];
    char created_by[64];
    char source[128]; /* file name it was imported from */
    pl_pmt_term terms[PL_PMT_TERMS_MAX];
    int n_terms;
} pl_pmt_model;

/*
 * Adds a term to m; a second term for the same variable and option is an
 * error. Returns 0, or PL_EINVAL (duplicate, an option on a variable that
 * has none, a missing option on an enumerated one) / PL_ENOMEM (full) with
 * a reason in reason.
 */
int pl_pmt_model_term(pl_pmt_model *m, int var, int option, double weight, char *reason,
                      size_t cap);

/*
 * The score of vals under m: intercept + sum of weight x value over the
 * terms whose variable is known. contrib (may be NULL) receives each
 * variable's share (0 for a variable without terms or value).
 */
double pl_pmt_score(const pl_pmt_model *m, const pl_pmt_values *vals,
                    double contrib[PL_PMT_VAR__MAX]);

/* One household of a province being ranked. */
typedef struct pl_pmt_ranked {
    int64_t household_id;
    double score;
    int decile; /* filled by pl_pmt_deciles */
} pl_pmt_ranked;

/* Sorts items by (score, household id) and fills their deciles (see above). */
void pl_pmt_deciles(pl_pmt_ranked *items, size_t n);

/*
 * The variables that moved the score most: up to k indexes into top, by
 * the absolute value of their contribution, largest first (ties: the
 * lower variable index); zero contributions are left out. Returns how many.
 */
int pl_pmt_explain(int *top, int k, const double contrib[PL_PMT_VAR__MAX]);

/*
 * One explanation line in words: "Jenis lantai terluas: Tanah (menurunkan
 * skor 0,350)". value is the variable's value, contribution its share.
 */
void pl_pmt_explain_text(char *out, size_t cap, int var, double value, double contribution);

/*
 * The decile band the public check page shows: "Desil 1–4", "Desil 5",
 * "Desil 6–10", or "Belum diperingkat" for 0.
 */
const char *pl_pmt_band(int decile);

#endif
