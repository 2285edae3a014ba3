/*
 * pmt_json.h - the models of the welfare ranking's answers (filled by
 * service/pmt.h) and their renderers: JSON of a household's ranking, a
 * model, a run, the households-per-decile report (JSON and CSV) and the
 * public check's answer.
 */
#ifndef PL_IO_PMT_JSON_H
#define PL_IO_PMT_JSON_H

#include "domain/ident.h"
#include "store/household.h"
#include "store/pmt.h"
#include "util/buf.h"

#include <jansson.h>

#define PL_PMT_EXPLAIN_MAX 5

/* One household's welfare ranking as its page shows it. */
typedef struct pl_pmt_household {
    pl_household hh;
    bool has_socio;
    pl_socio socio;    /* entered variables (when has_socio) */
    pl_pmt_values all; /* entered and computed values */
    int desil;         /* current decile, 0 = none */
    bool has_score;    /* a run scored it */
    pl_pmt_score_row latest;
    char explain[PL_PMT_EXPLAIN_MAX][256]; /* the latest score's explanation in words */
    int n_explain;
    pl_pmt_score_row *history; /* every run's score, newest first; owned */
    size_t n_history;
} pl_pmt_household;

/* Households per decile of one region. n[0] = not ranked, n[1..10] the deciles. */
typedef struct pl_pmt_decile_row {
    char region[PL_REGION_CODE_MAX];
    char name[128];
    long n[11];
    long total;
} pl_pmt_decile_row;

typedef struct pl_pmt_decile_report {
    char region[PL_REGION_CODE_MAX]; /* the region reported on ("" = all) */
    int level;                       /* 1 province .. 4 village: the rows */
    bool suppressed;                 /* small cells hidden (PL_SUPPRESSED) */
    pl_pmt_decile_row *rows;         /* owned */
    size_t n;
    pl_pmt_decile_row total;
} pl_pmt_decile_report;

#define PL_CEK_PROGRAMS_MAX 8

/* What the public check page may tell. */
typedef struct pl_cek_result {
    bool found;      /* NIK and name match one living person */
    bool registered; /* found, in a household that is not rejected */
    int desil;       /* 0 = not ranked */
    char band[32];   /* pl_pmt_band */
    char programs[PL_CEK_PROGRAMS_MAX][128];
    int n_programs;
} pl_cek_result;

/* One household's ranking: variables (entered and computed), decile, score, explanation, history.
 */
json_t *pl_pmt_household_json(const pl_pmt_household *h);

/* A model (with its weights when n_terms > 0). */
json_t *pl_pmt_model_json(const pl_pmt_model *m);

/* A scoring run. */
json_t *pl_pmt_run_json(const pl_pmt_run *r);

/* The households-per-decile report; hidden counts as null + "hidden": true. */
json_t *pl_pmt_decile_report_json(const pl_pmt_decile_report *r);

/* The same report as CSV (hidden counts "<5") appended to b. Errors: PL_ENOMEM. */
int pl_pmt_decile_report_csv(pl_buf *b, const pl_pmt_decile_report *r, pl_error *err);

/* The public check's answer: {"found", "registered", "desil_band", "programs", "objection"}. */
json_t *pl_cek_result_json(const pl_cek_result *c);

/* How to object (sanggah), the same text on every answer of the public check. */
extern const char pl_cek_objection_text[];

#endif
