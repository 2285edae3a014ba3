/*
 * period.h - reporting periods and the arithmetic of comparing counts.
 *
 * A period is written "2024" (the year, 2024-01-01..2024-12-31), "2024-S1"
 * or "2024-S2" (semester), "2024-Q1".."2024-Q4" (quarter, triwulan) or
 * "2024-03" (month). Pure: no I/O, no clock.
 */
#ifndef PL_DOMAIN_PERIOD_H
#define PL_DOMAIN_PERIOD_H

#include "domain/date.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum pl_period_kind {
    PL_PERIOD_YEAR,
    PL_PERIOD_SEMESTER,
    PL_PERIOD_QUARTER,
    PL_PERIOD_MONTH,
    PL_PERIOD__MAX
} pl_period_kind;

typedef struct pl_period {
    pl_period_kind kind;
    int year;
    int index;      /* semester 1..2, quarter 1..4, month 1..12; 0 for a year */
    pl_date start;  /* first day */
    pl_date end;    /* last day (inclusive) */
    char label[12]; /* canonical text: "2024", "2024-S1", "2024-Q3", "2024-03" */
} pl_period;

/*
 * Parses a period label (case-insensitive; "2024-s1" and "2024-q3" accepted)
 * into out. Errors: PL_EINVAL for anything else or a year outside 1900..2200.
 */
int pl_period_parse(pl_period *out, const char *text);

/* The period of the same kind just before p (2024-Q1 -> 2023-Q4). */
void pl_period_previous(pl_period *out, const pl_period *p);

/* True when d lies inside p (both ends included). */
bool pl_period_contains(const pl_period *p, const pl_date *d);

/* True when the two periods share at least one day. */
bool pl_period_overlaps(const pl_period *a, const pl_period *b);

/*
 * The date a count "for the period" is taken at: the period's last day, or
 * today when the period has not ended yet. Written as YYYY-MM-DD into out
 * (11 bytes).
 */
void pl_period_count_date(char *out, const pl_period *p, const pl_date *today);

/* Indonesian name: "Tahun 2024", "Semester 1 2024", "Triwulan 3 2024", "Maret 2024". */
void pl_period_name_id(char *out, size_t cap, const pl_period *p);

/*
 * The change from `before` to `after`: *diff = after - before, and *pct the
 * change in percent of before. Returns false (pct set to 0) when before is
 * 0, where a percentage has no meaning.
 */
bool pl_period_change(long before, long after, long *diff, double *pct);

#endif
