/*
 * date.h - calendar dates without time zones: validation, parsing of the
 * forms Dinsos spreadsheets use, formatting and age arithmetic. Pure.
 */
#ifndef PL_DOMAIN_DATE_H
#define PL_DOMAIN_DATE_H

#include <stdbool.h>

typedef struct pl_date {
    int year;  /* full year, e.g. 1985 */
    int month; /* 1..12 */
    int day;   /* 1..31 */
} pl_date;

/* True when year/month/day is a real Gregorian calendar date (year 1800..2200). */
bool pl_date_valid(int year, int month, int day);

/* Days in month (28..31), 0 for a bad month. */
int pl_date_days_in_month(int year, int month);

/*
 * Parses "YYYY-MM-DD", "DD-MM-YYYY" or "DD/MM/YYYY" (leading/trailing spaces
 * allowed, one-digit day or month allowed in the DD forms). Returns 0 and
 * fills out, or PL_EINVAL for anything else or a date that does not exist.
 */
int pl_date_parse(pl_date *out, const char *s);

/*
 * True when s is exactly "YYYY-MM-DD" (no spaces, two-digit month and day)
 * and names a real date: the form dates are stored and exchanged in.
 */
bool pl_date_is_iso(const char *s);

/* Writes "YYYY-MM-DD" into out (at least 11 bytes). */
void pl_date_format(char *out, const pl_date *d);

/* Compares two dates: <0, 0, >0. */
int pl_date_cmp(const pl_date *a, const pl_date *b);

/* Whole years from birth to at (negative if at is before birth). */
int pl_date_age(const pl_date *birth, const pl_date *at);

/* Days since 1970-01-01 (may be negative); inverse of pl_date_from_days. */
long pl_date_to_days(const pl_date *d);
void pl_date_from_days(pl_date *out, long days);

/*
 * The last year's end on or before ISO date d: d's year when d is 31 December, else the year
 * before. next_day receives the 1 January after it ("YYYY-01-01"; "9999-99-99", after every
 * day, when that year would be 10000). A count at d is that year's end count plus the changes from
 * next_day to d (store/report.h, docs/internals/counts.md).
 */
int pl_date_year_end_before(const char *d, char next_day[11]);

/* Indonesian long form: "17 Agustus 2025". out needs at least 24 bytes. */
void pl_date_format_id(char *out, const pl_date *d);

#endif
