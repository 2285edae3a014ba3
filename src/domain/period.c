/* period.c - reporting periods: parsing, bounds, previous period, change. */
#include "domain/period.h"

#include "util/error.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const month_names[13] = {
    "",     "Januari", "Februari",  "Maret",   "April",    "Mei",      "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
};

static void fill(pl_period *p)
{
    int first = 1, last = 12;
    switch (p->kind) {
    case PL_PERIOD_YEAR:
        break;
    case PL_PERIOD_SEMESTER:
        first = p->index == 1 ? 1 : 7;
        last = first + 5;
        break;
    case PL_PERIOD_QUARTER:
        first = (p->index - 1) * 3 + 1;
        last = first + 2;
        break;
    case PL_PERIOD_MONTH:
    default:
        first = last = p->index;
        break;
    }
    p->start = (pl_date){p->year, first, 1};
    p->end = (pl_date){p->year, last, pl_date_days_in_month(p->year, last)};
    switch (p->kind) {
    case PL_PERIOD_YEAR:
        snprintf(p->label, sizeof p->label, "%04d", p->year);
        break;
    case PL_PERIOD_SEMESTER:
        snprintf(p->label, sizeof p->label, "%04d-S%d", p->year, p->index);
        break;
    case PL_PERIOD_QUARTER:
        snprintf(p->label, sizeof p->label, "%04d-Q%d", p->year, p->index);
        break;
    default:
        snprintf(p->label, sizeof p->label, "%04d-%02d", p->year, p->index);
        break;
    }
}

static int digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int pl_period_parse(pl_period *out, const char *text)
{
    memset(out, 0, sizeof *out);
    if (text == NULL)
        return PL_EINVAL;
    size_t n = strlen(text);
    if (n < 4)
        return PL_EINVAL;
    int year = digits(text, 4);
    if (year < 1900 || year > 2200)
        return PL_EINVAL;
    out->year = year;
    if (n == 4) {
        out->kind = PL_PERIOD_YEAR;
    } else if (text[4] != '-') {
        return PL_EINVAL;
    } else if (n == 7 && (text[5] == 'S' || text[5] == 's')) {
        out->kind = PL_PERIOD_SEMESTER;
        out->index = digits(text + 6, 1);
        if (out->index < 1 || out->index > 2)
            return PL_EINVAL;
    } else if (n == 7 && (text[5] == 'Q' || text[5] == 'q')) {
        out->kind = PL_PERIOD_QUARTER;
        out->index = digits(text + 6, 1);
        if (out->index < 1 || out->index > 4)
            return PL_EINVAL;
    } else if (n == 7) {
        out->kind = PL_PERIOD_MONTH;
        out->index = digits(text + 5, 2);
        if (out->index < 1 || out->index > 12)
            return PL_EINVAL;
    } else {
        return PL_EINVAL;
    }
    fill(out);
    return 0;
}

void pl_period_previous(pl_period *out, const pl_period *p)
{
    static const int per_year[PL_PERIOD__MAX] = {[PL_PERIOD_YEAR] = 1,
                                                 [PL_PERIOD_SEMESTER] = 2,
                                                 [PL_PERIOD_QUARTER] = 4,
                                                 [PL_PERIOD_MONTH] = 12};
    *out = *p;
    if (p->kind == PL_PERIOD_YEAR || p->index <= 1) {
        out->year = p->year - 1;
        out->index = p->kind == PL_PERIOD_YEAR ? 0 : per_year[p->kind];
    } else {
        out->index = p->index - 1;
    }
    fill(out);
}

bool pl_period_contains(const pl_period *p, const pl_date *d)
{
    return pl_date_cmp(d, &p->start) >= 0 && pl_date_cmp(d, &p->end) <= 0;
}

bool pl_period_overlaps(const pl_period *a, const pl_period *b)
{
    return pl_date_cmp(&a->start, &b->end) <= 0 && pl_date_cmp(&b->start, &a->end) <= 0;
}

void pl_period_count_date(char *out, const pl_period *p, const pl_date *today)
{
    const pl_date *d = &p->end;
    if (today && pl_date_cmp(today, &p->end) < 0)
        d = today;
    pl_date_format(out, d);
}

void pl_period_name_id(char *out, size_t cap, const pl_period *p)
{
    switch (p->kind) {
    case PL_PERIOD_YEAR:
        snprintf(out, cap, "Tahun %d", p->year);
        break;
    case PL_PERIOD_SEMESTER:
        snprintf(out, cap, "Semester %d %d", p->index, p->year);
        break;
    case PL_PERIOD_QUARTER:
        snprintf(out, cap, "Triwulan %d %d", p->index, p->year);
        break;
    default:
        snprintf(out, cap, "%s %d", month_names[p->index >= 1 && p->index <= 12 ? p->index : 0],
                 p->year);
        break;
    }
}

bool pl_period_change(long before, long after, long *diff, double *pct)
{
    *diff = after - before;
    if (before == 0) {
        *pct = 0;
        return false;
    }
    *pct = 100.0 * (double)(after - before) / (double)before;
    return true;
}
