#include "domain/date.h"
#include "util/error.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PL_DATE_YEAR_MIN 1800
#define PL_DATE_YEAR_MAX 2200

static const char *const month_names_id[12] = {
    "Januari", "Februari", "Maret",     "April",   "Mei",      "Juni",
    "Juli",    "Agustus",  "September", "Oktober", "November", "Desember",
};

static bool is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int pl_date_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && is_leap(year))
        return 29;
    return days[month - 1];
}

bool pl_date_valid(int year, int month, int day)
{
    if (year < PL_DATE_YEAR_MIN || year > PL_DATE_YEAR_MAX)
        return false;
    if (month < 1 || month > 12)
        return false;
    return day >= 1 && day <= pl_date_days_in_month(year, month);
}

/* Reads between min and max digits at *p into *val; advances *p. */
static bool read_digits(const char **p, int min, int max, int *val)
{
    int n = 0, v = 0;
    while (n < max && isdigit((unsigned char)(*p)[n])) {
        v = v * 10 + ((*p)[n] - '0');
        n++;
    }
    if (n < min || isdigit((unsigned char)(*p)[n]))
        return false;
    *p += n;
    *val = v;
    return true;
}

bool pl_date_is_iso(const char *s)
{
    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    pl_date d;
    return pl_date_parse(&d, s) == 0;
}

int pl_date_parse(pl_date *out, const char *s)
{
    if (out == NULL || s == NULL)
        return PL_EINVAL;
    while (*s == ' ' || *s == '\t')
        s++;
    size_t len = strlen(s);
    while (len > 0 &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' || s[len - 1] == '\n'))
        len--;
    char buf[16];
    if (len == 0 || len >= sizeof buf)
        return PL_EINVAL;
    memcpy(buf, s, len);
    buf[len] = '\0';

    const char *p = buf;
    int y, m, d;
    if (len == 10 && buf[4] == '-') {
        if (!read_digits(&p, 4, 4, &y) || *p++ != '-' || !read_digits(&p, 2, 2, &m) ||
            *p++ != '-' || !read_digits(&p, 2, 2, &d) || *p != '\0')
            return PL_EINVAL;
    } else {
        if (!read_digits(&p, 1, 2, &d))
            return PL_EINVAL;
        char sep = *p++;
        if (sep != '-' && sep != '/')
            return PL_EINVAL;
        if (!read_digits(&p, 1, 2, &m) || *p++ != sep || !read_digits(&p, 4, 4, &y) || *p != '\0')
            return PL_EINVAL;
    }
    if (!pl_date_valid(y, m, d))
        return PL_EINVAL;
    out->year = y;
    out->month = m;
    out->day = d;
    return 0;
}

/* Writes n decimal digits of v (clamped to 0..10^n-1) at out. */
static void put_digits(char *out, int v, int n)
{
    if (v < 0)
        v = 0;
    for (int i = n - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

void pl_date_format(char *out, const pl_date *d)
{
    put_digits(out, d->year, 4);
    out[4] = '-';
    put_digits(out + 5, d->month, 2);
    out[7] = '-';
    put_digits(out + 8, d->day, 2);
    out[10] = '\0';
}

int pl_date_cmp(const pl_date *a, const pl_date *b)
{
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    if (a->month != b->month)
        return a->month < b->month ? -1 : 1;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    return 0;
}

int pl_date_age(const pl_date *birth, const pl_date *at)
{
    if (pl_date_cmp(at, birth) < 0) {
        int back = pl_date_age(at, birth);
        return back == 0 ? -1 : -back;
    }
    int years = at->year - birth->year;
    /* Someone born on 29 February turns a year older on 1 March in common years. */
    if (at->month < birth->month || (at->month == birth->month && at->day < birth->day))
        years--;
    return years;
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
long pl_date_to_days(const pl_date *d)
{
    long y = d->year - (d->month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (d->month + 9) % 12;
    long doy = (153 * mp + 2) / 5 + d->day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void pl_date_from_days(pl_date *out, long days)
{
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    out->year = (int)(yoe + era * 400 + (m <= 2));
    out->month = (int)m;
    out->day = (int)d;
}

void pl_date_format_id(char *out, const pl_date *d)
{
    const char *month = (d->month >= 1 && d->month <= 12) ? month_names_id[d->month - 1] : "?";
    unsigned day = (unsigned)d->day % 100u, year = (unsigned)d->year % 100000u;
    snprintf(out, 24, "%u %s %u", day, month, year);
}

int pl_date_year_end_before(const char *d, char next_day[11])
{
    int y = (int)strtol(d, NULL, 10);
    if (strcmp(d + 4, "-12-31") != 0)
        y--;
    if (y + 1 > 9999)
        snprintf(next_day, 11, "9999-99-99"); /* after every day: no changes to add */
    else
        snprintf(next_day, 11, "%04d-01-01", y + 1 < 0 ? 0 : y + 1);
    return y;
}
