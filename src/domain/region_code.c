#include "domain/region_code.h"
#include "util/error.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

/* Digits per level: province, regency, district, village. */
static const int seg_len[4] = {2, 2, 2, 4};

/*
 * Regencies of North Kalimantan (65) that carried East Kalimantan (64) codes
 * until UU 20/2012 created the province. Assumption: a former district code
 * keeps its own number under the new regency (64.04.05 -> 65.01.05); the
 * Kemendagri tables renumbered almost nothing at the split, and no finer
 * mapping is published.
 */
static const pl_region_former former_codes[] = {
    {.code = "64.04",
     .current = "65.01",
     .name = "Kabupaten Bulungan",
     .until = "2012-10-25",
     .reason = "North Kalimantan split from East Kalimantan (UU 20/2012)"},
    {.code = "64.05",
     .current = "65.03",
     .name = "Kabupaten Nunukan",
     .until = "2012-10-25",
     .reason = "North Kalimantan split from East Kalimantan (UU 20/2012)"},
    {.code = "64.06",
     .current = "65.02",
     .name = "Kabupaten Malinau",
     .until = "2012-10-25",
     .reason = "North Kalimantan split from East Kalimantan (UU 20/2012)"},
    {.code = "64.10",
     .current = "65.04",
     .name = "Kabupaten Tana Tidung",
     .until = "2012-10-25",
     .reason = "North Kalimantan split from East Kalimantan (UU 20/2012)"},
    {.code = "64.73",
     .current = "65.71",
     .name = "Kota Tarakan",
     .until = "2012-10-25",
     .reason = "North Kalimantan split from East Kalimantan (UU 20/2012)"},
};

static bool all_zero(const char *p, int n)
{
    for (int i = 0; i < n; i++)
        if (p[i] != '0')
            return false;
    return true;
}

/* Trimmed span of in; returns false when empty. */
static bool trim_span(const char *in, const char **start, size_t *len)
{
    while (*in == ' ' || *in == '\t')
        in++;
    size_t n = strlen(in);
    while (n > 0 &&
           (in[n - 1] == ' ' || in[n - 1] == '\t' || in[n - 1] == '\r' || in[n - 1] == '\n'))
        n--;
    *start = in;
    *len = n;
    return n > 0;
}

/*
 * Parses a strict dotted code of length n at s into segment pointers; returns
 * the level or PL_EINVAL. Segments that are all zeros do not exist in the
 * Kemendagri tree and are rejected.
 */
static int parse_dotted(const char *s, size_t n, const char *segs[4])
{
    size_t pos = 0;
    int level = 0;
    while (level < 4) {
        int want = seg_len[level];
        if (pos + (size_t)want > n)
            return PL_EINVAL;
        for (int i = 0; i < want; i++)
            if (!isdigit((unsigned char)s[pos + (size_t)i]))
                return PL_EINVAL;
        if (all_zero(s + pos, want))
            return PL_EINVAL;
        segs[level++] = s + pos;
        pos += (size_t)want;
        if (pos == n)
            return level;
        if (s[pos] != '.' || level == 4)
            return PL_EINVAL;
        pos++;
    }
    return PL_EINVAL;
}

static void write_dotted(char *out, const char *const segs[4], int level)
{
    char *w = out;
    for (int i = 0; i < level; i++) {
        if (i > 0)
            *w++ = '.';
        memcpy(w, segs[i], (size_t)seg_len[i]);
        w += seg_len[i];
    }
    *w = '\0';
}

int pl_region_code_normalize(char *out, const char *in)
{
    const char *s;
    size_t n;
    const char *segs[4];
    int level;

    if (out == NULL)
        return PL_EINVAL;
    out[0] = '\0';
    if (in == NULL || !trim_span(in, &s, &n))
        return PL_EINVAL;

    if (memchr(s, '.', n) != NULL) {
        level = parse_dotted(s, n, segs);
    } else {
        static const size_t plain_len[5] = {0, 2, 4, 6, 10};
        level = PL_EINVAL;
        for (int l = 1; l <= 4; l++)
            if (n == plain_len[l])
                level = l;
        if (level < 0)
            return PL_EINVAL;
        for (size_t i = 0; i < n; i++)
            if (!isdigit((unsigned char)s[i]))
                return PL_EINVAL;
        size_t pos = 0;
        for (int l = 0; l < level; l++) {
            if (all_zero(s + pos, seg_len[l]))
                return PL_EINVAL;
            segs[l] = s + pos;
            pos += (size_t)seg_len[l];
        }
    }
    if (level < 0)
        return PL_EINVAL;
    write_dotted(out, segs, level);
    return level;
}

int pl_region_code_level(const char *dotted)
{
    const char *segs[4];
    if (dotted == NULL)
        return PL_EINVAL;
    return parse_dotted(dotted, strlen(dotted), segs);
}

int pl_region_code_parent(char *out, const char *dotted)
{
    if (out == NULL)
        return PL_EINVAL;
    out[0] = '\0';
    int level = pl_region_code_level(dotted);
    if (level < 2)
        return PL_EINVAL;
    size_t n = 0;
    for (int i = 0; i < level - 1; i++)
        n += (size_t)seg_len[i] + (i > 0);
    memcpy(out, dotted, n);
    out[n] = '\0';
    return 0;
}

int pl_region_code_in_scope(const char *code, const char *scope)
{
    if (scope == NULL || scope[0] == '\0')
        return 1;
    if (code == NULL)
        return 0;
    size_t n = strlen(scope);
    if (strncmp(code, scope, n) != 0)
        return 0;
    return code[n] == '\0' || code[n] == '.';
}

size_t pl_region_former_count(void)
{
    return sizeof former_codes / sizeof former_codes[0];
}

const pl_region_former *pl_region_former_at(size_t i)
{
    if (i >= pl_region_former_count())
        return NULL;
    return &former_codes[i];
}

const pl_region_former *pl_region_former_find(const char *dotted)
{
    if (pl_region_code_level(dotted) < PL_LEVEL_REGENCY)
        return NULL;
    for (size_t i = 0; i < pl_region_former_count(); i++)
        if (strncmp(dotted, former_codes[i].code, 5) == 0)
            return &former_codes[i];
    return NULL;
}

int pl_region_former_map(char *out, const char *dotted)
{
    const pl_region_former *f = pl_region_former_find(dotted);
    if (out == NULL)
        return PL_EINVAL;
    out[0] = '\0';
    if (f == NULL)
        return PL_ENOTFOUND;
    /* Same layout: only the "PP.KK" prefix changes. */
    size_t n = strlen(dotted);
    memcpy(out, f->current, 5);
    memcpy(out + 5, dotted + 5, n - 5 + 1);
    return 0;
}
