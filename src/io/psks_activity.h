/*
 * psks_activity.h - the monthly activity of PSKS units (the model the
 * service builds, service/psks_visit.h) and its renderers: JSON, the
 * monthly report a TKSK hands in (PDF, A4 portrait, Bahasa Indonesia, dates
 * written "30 November 2026"), and the roll-up of a region as JSON, PDF or
 * XLSX. Also the JSON of assignments, visits and deployments (one shape
 * each, for the CLI's --json and the API).
 *
 * Writers create (or truncate) the file at path, 0600. Errors: PL_EIO,
 * PL_ENOMEM, with the pl_error field "file".
 */
#ifndef PL_IO_PSKS_ACTIVITY_H
#define PL_IO_PSKS_ACTIVITY_H

#include "domain/category.h"
#include "domain/psks_visit.h"
#include "store/psks.h"
#include "store/psks_visit.h"

#include <jansson.h>
#include <stddef.h>

/* One visit of a unit's month. */
typedef struct pl_psks_activity_visit {
    int64_t id;
    char date[11];
    int action; /* pl_visit_action */
    char region_code[PL_REGION_CODE_MAX];
    char region_name[128];
    char categories[160]; /* short names of the subject's PMKS categories, ", " joined */
    bool has_subject;
    bool has_coord;
    double lat, lon;
    char note[512];
} pl_psks_activity_visit;

/* A place visited in the month. */
typedef struct pl_psks_activity_place {
    char code[PL_REGION_CODE_MAX];
    char name[128];
    long visits;
} pl_psks_activity_place;

typedef struct pl_psks_activity {
    pl_psks_unit unit;
    char area_name[128];
    char month[8];     /* YYYY-MM */
    char last_day[11]; /* YYYY-MM-DD */
    long visits;
    long subjects;                        /* distinct people and households visited */
    long by_action[PL_VISIT_ACTION__MAX]; /* visits per action */
    long by_category[PL_PMKS_COUNT + 1];  /* subjects holding each category (index = code) */
    pl_psks_activity_place *places;
    size_t n_places;
    pl_psks_activity_visit *rows;
    size_t n_rows;
} pl_psks_activity;

void pl_psks_activity_free(pl_psks_activity *a);

/* One unit of a roll-up. */
typedef struct pl_psks_rollup_row {
    int64_t psks_id;
    int type;
    char name[128];
    char area_code[PL_REGION_CODE_MAX];
    char area_name[128];
    long visits, subjects, places;
    long by_action[PL_VISIT_ACTION__MAX];
} pl_psks_rollup_row;

typedef struct pl_psks_rollup {
    char region[PL_REGION_CODE_MAX];
    char region_name[128];
    char month[8];
    pl_psks_rollup_row *rows;
    size_t n_rows;
    pl_psks_rollup_row total; /* psks_id 0; subjects distinct over all units */
    long by_category[PL_PMKS_COUNT + 1];
} pl_psks_rollup;

void pl_psks_rollup_free(pl_psks_rollup *r);

/* JSON of one record (new reference, NULL when out of memory). */
json_t *pl_json_psks_assignment(const pl_psks_assignment *a);
json_t *pl_json_psks_visit(const pl_psks_visit *v);
json_t *pl_json_psks_deployment(const pl_psks_deployment *d);
json_t *pl_psks_activity_json(const pl_psks_activity *a);
json_t *pl_psks_rollup_json(const pl_psks_rollup *r);

/* The monthly report of one unit. */
int pl_psks_activity_write_pdf(const pl_psks_activity *a, const char *path, pl_error *err);

/* The roll-up: a table of units and the categories reached. */
int pl_psks_rollup_write_pdf(const pl_psks_rollup *r, const char *path, pl_error *err);
int pl_psks_rollup_write_xlsx(const pl_psks_rollup *r, const char *path, pl_error *err);

/* "November 2026" for "2026-11" into out (24 bytes). */
void pl_psks_month_name(char *out, size_t cap, const char *month);

#endif
