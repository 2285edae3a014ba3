/* signature.c - lines of the place-and-signature block under a table (signature.h). */
#include "domain/signature.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *const months[] = {
    "januari",   "februari", "maret",    "april",    "mei",   "juni", "juli", "agustus",
    "september", "oktober",  "november", "desember", "agust", "sept", "okt",  "nop",
    "des",       "feb",      "jan",      "jun",      "jul",   "nov",  "apr",  "mar"};

/* Signing words; a word must end where the text's word ends (or with '.' ',' ':'). */
static const char *const openers[] = {
    "mengetahui",   "diketahui", "disetujui", "menyetujui",   "kepala",   "lurah",   "camat",
    "sekretaris",   "sekdes",    "petugas",   "pendamping",   "operator", "pembuat", "dibuat oleh",
    "yang membuat", "pelapor",   "ttd",       "tanda tangan", "nip",      "a.n.",    "an.",
    "plt.",         "plh.",      "pj.",       "pj",           "plt",      "plh",
};

static bool word_end(char c)
{
    return c == '\0' || c == ' ' || c == '.' || c == ',' || c == ':' || c == '\t';
}

static bool starts_with_opener(const char *s)
{
    /* A relationship, not a signing title. */
    if (strncasecmp(s, "kepala keluarga", 15) == 0)
        return false;
    for (size_t i = 0; i < sizeof openers / sizeof openers[0]; i++) {
        size_t n = strlen(openers[i]);
        if (strncasecmp(s, openers[i], n) == 0 && (openers[i][n - 1] == '.' || word_end(s[n])))
            return true;
    }
    return false;
}

/* "12 Maret 2025", "Maret 2025", "12-03-2025", "12/3/2025": a month (name or number), a year. */
static bool is_date_text(const char *s)
{
    bool month = false;
    int year_digits = 0, max_run = 0, numbers = 0;
    for (const char *p = s; *p;) {
        if (isdigit((unsigned char)*p)) {
            int run = 0;
            while (isdigit((unsigned char)*p)) {
                run++;
                p++;
            }
            numbers++;
            if (run > max_run)
                max_run = run;
            if (run == 4)
                year_digits = 4;
        } else if (isalpha((unsigned char)*p)) {
            const char *w = p;
            while (isalpha((unsigned char)*p))
                p++;
            size_t n = (size_t)(p - w);
            bool known = false;
            for (size_t i = 0; i < sizeof months / sizeof months[0]; i++)
                if (strlen(months[i]) == n && strncasecmp(w, months[i], n) == 0)
                    known = true;
            if (!known)
                return false;
            month = true;
        } else if (*p == ' ' || *p == '-' || *p == '/' || *p == '.') {
            p++;
        } else {
            return false;
        }
    }
    if (year_digits != 4 || max_run > 4)
        return false;
    return month || numbers == 3;
}

/* "Bontang, 12 Maret 2025": a place (letters, spaces, . ' -) before the first comma, a date after.
 */
static bool is_place_date(const char *s)
{
    const char *comma = strchr(s, ',');
    if (comma == NULL || comma == s)
        return false;
    for (const char *p = s; p < comma; p++)
        if (!isalpha((unsigned char)*p) && *p != ' ' && *p != '.' && *p != '\'' && *p != '-')
            return false;
    const char *d = comma + 1;
    while (*d == ' ' || *d == '\t')
        d++;
    return *d != '\0' && is_date_text(d);
}

bool pl_signature_line(const char *text)
{
    if (text == NULL)
        return false;
    while (*text == ' ' || *text == '\t')
        text++;
    if (*text == '\0')
        return false;
    return starts_with_opener(text) || is_place_date(text);
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

bool pl_signature_row(char *const *fields, size_t nfields)
{
    size_t filled = 0;
    bool line = false;
    for (size_t i = 0; i < nfields; i++) {
        if (fields[i] == NULL || blank(fields[i]))
            continue;
        if (++filled > 3)
            return false;
        line = line || pl_signature_line(fields[i]);
    }
    return line;
}
