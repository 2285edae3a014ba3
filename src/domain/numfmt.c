/* numfmt.c - Indonesian number formatting. */
#include "domain/numfmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MINUS "\xe2\x88\x92" /* U+2212 */

/* Groups the digits of an unsigned magnitude with dots into out. */
static void group(char *out, size_t cap, unsigned long long v)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%llu", v);
    char tmp[32]; /* 20 digits and 6 separators at most */
    size_t k = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            tmp[k++] = '.';
        tmp[k++] = digits[i];
    }
    tmp[k] = '\0';
    snprintf(out, cap, "%s", tmp);
}

static unsigned long long magnitude(long long v)
{
    return v < 0 ? (unsigned long long)(-(v + 1)) + 1 : (unsigned long long)v;
}

char *pl_numfmt_int(char *out, size_t cap, long long v)
{
    char g[32]; /* 19 digits and 6 separators at most */
    group(g, sizeof g, magnitude(v));
    snprintf(out, cap, "%s%s", v < 0 ? MINUS : "", g);
    return out;
}

char *pl_numfmt_decimal(char *out, size_t cap, double v, int decimals)
{
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    if (!isfinite(v)) {
        snprintf(out, cap, "-");
        return out;
    }
    double scale = pow(10.0, decimals);
    double a = round(fabs(v) * scale);
    unsigned long long whole = (unsigned long long)(a / scale);
    unsigned long long frac = (unsigned long long)(a - (double)whole * scale + 0.5);
    if (frac >= (unsigned long long)scale) { /* guard against float drift */
        whole++;
        frac -= (unsigned long long)scale;
    }
    bool neg = v < 0 && a > 0;
    char g[32]; /* 19 digits and 6 separators at most */
    group(g, sizeof g, whole);
    if (decimals == 0)
        snprintf(out, cap, "%s%s", neg ? MINUS : "", g);
    else
        snprintf(out, cap, "%s%s,%0*llu", neg ? MINUS : "", g, decimals, frac);
    return out;
}

char *pl_numfmt_percent(char *out, size_t cap, double v, int decimals)
{
    char d[PL_NUMFMT_MAX];
    pl_numfmt_decimal(d, sizeof d, v, decimals);
    snprintf(out, cap, "%s%%", d);
    return out;
}

char *pl_numfmt_signed(char *out, size_t cap, long long v)
{
    char g[PL_NUMFMT_MAX];
    pl_numfmt_int(g, sizeof g, v);
    snprintf(out, cap, "%s%s", v > 0 ? "+" : "", g);
    return out;
}

char *pl_numfmt_signed_percent(char *out, size_t cap, double v, int decimals)
{
    char d[PL_NUMFMT_MAX];
    pl_numfmt_decimal(d, sizeof d, v, decimals);
    bool zero = strcmp(d, "0") == 0 || (d[0] == '0' && strspn(d, "0,") == strlen(d));
    snprintf(out, cap, "%s%s%%", v > 0 && !zero ? "+" : "", d);
    return out;
}

bool pl_numfmt_is_small(long long v)
{
    return v >= 1 && v <= 4;
}

char *pl_numfmt_count(char *out, size_t cap, long long v, bool suppress)
{
    if (v < 0 || (suppress && pl_numfmt_is_small(v))) {
        snprintf(out, cap, "<5");
        return out;
    }
    return pl_numfmt_int(out, cap, v);
}
