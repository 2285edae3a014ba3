/* jsonw.c - JSON text straight into a buffer, in jansson's compact format. */
#include "http/jsonw.h"
#include "domain/nonik.h"
#include "io/record_json.h"
#include "store/person.h"
#include "util/error.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 when invalid (jansson's rules). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    unsigned cp;
    if (c < 0x80)
        return 1;
    if (c < 0xC2)
        return 0; /* continuation byte or overlong 2-byte lead */
    if (c < 0xE0)
        len = 2, cp = c & 0x1F;
    else if (c < 0xF0)
        len = 3, cp = c & 0x0F;
    else if (c < 0xF5)
        len = 4, cp = c & 0x07;
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

/* True when s needs no escaping: printable ASCII without '"' and '\\' (the common case). */
static bool plain_ascii(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < 0x20 || s[i] >= 0x80 || s[i] == '"' || s[i] == '\\')
            return false;
    return true;
}

int pl_jw_str(pl_buf *b, const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t n = strlen(str);
    if (n < 254 && plain_ascii(s, n)) {
        char t[256];
        t[0] = '"';
        memcpy(t + 1, s, n);
        t[n + 1] = '"';
        return pl_buf_append(b, t, n + 2);
    }
    int rc = pl_buf_putc(b, '"');
    size_t run = 0; /* bytes of s[run..i) still to copy as they are */
    for (size_t i = 0; i < n && rc == 0;) {
        unsigned c = s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            i++;
            continue;
        }
        size_t len = c < 0x80 ? 1 : utf8_len(s + i, n - i);
        if (len > 1) {
            i += len;
            continue;
        }
        if (i > run)
            rc = pl_buf_append(b, s + run, i - run);
        char esc[8];
        const char *text = esc;
        switch (c) {
        case '"':
            text = "\\\"";
            break;
        case '\\':
            text = "\\\\";
            break;
        case '\b':
            text = "\\b";
            break;
        case '\f':
            text = "\\f";
            break;
        case '\n':
            text = "\\n";
            break;
        case '\r':
            text = "\\r";
            break;
        case '\t':
            text = "\\t";
            break;
        default:
            snprintf(esc, sizeof esc, "\\u%04X", len == 0 ? 0xFFFDu : c);
        }
        if (rc == 0)
            rc = pl_buf_puts(b, text);
        i++;
        run = i;
    }
    if (rc == 0 && n > run)
        rc = pl_buf_append(b, s + run, n - run);
    return rc ? rc : pl_buf_putc(b, '"');
}

int pl_jw_str_or_null(pl_buf *b, const char *s)
{
    return s && s[0] ? pl_jw_str(b, s) : pl_buf_append(b, "null", 4);
}

int pl_jw_int(pl_buf *b, int64_t v)
{
    char t[24];
    char *p = t + sizeof t;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    return pl_buf_append(b, p, (size_t)(t + sizeof t - p));
}

int pl_jw_real(pl_buf *b, double v)
{
    if (!isfinite(v))
        return pl_buf_append(b, "null", 4);
    char t[40];
    int n = snprintf(t, sizeof t - 3, "%.17g", v);
    if (n < 0 || (size_t)n >= sizeof t - 3)
        return PL_ENOMEM;
    size_t len = (size_t)n;
    if (strchr(t, '.') == NULL && strchr(t, 'e') == NULL) {
        memcpy(t + len, ".0", 3);
        len += 2;
    }
    /* No '+' and no leading zeros in the exponent: "1e+20" -> "1e20", "1e-05" -> "1e-5". */
    char *start = strchr(t, 'e');
    if (start) {
        start++;
        char *end = start + 1;
        if (*start == '-')
            start++;
        while (*end == '0')
            end++;
        if (end != start) {
            memmove(start, end, len - (size_t)(end - t) + 1);
            len -= (size_t)(end - start);
        }
    }
    return pl_buf_append(b, t, len);
}

/* Appends a comma and a literal member name with its colon: NEXT(b, "name") -> ,"name": */
#define NEXT(b, k) pl_buf_append((b), ",\"" k "\":", sizeof(k) + 3)

/* An identifying field as the view shows it (domain/ident.h); null when empty. */
static int ident(pl_buf *b, const pl_ident_view *view, pl_ident_field f, const char *value)
{
    char t[PL_IDENT_TEXT_MAX];
    return pl_jw_str_or_null(b, pl_ident_text(t, view, f, value));
}

int pl_jw_person(pl_buf *b, const pl_person *p, const pl_ident_view *view)
{
    static const struct {
        unsigned flag;
        const char *name;
    } flags[] = {
        {PL_FLAG_NIK_BIRTHDATE, "\"nik_tanggal_lahir\""},
        {PL_FLAG_NIK_SEX, "\"nik_jenis_kelamin\""},
        {PL_FLAG_NIK_FORMER, "\"nik_kode_lama\""},
        {PL_FLAG_COORD_OUTSIDE, "\"koordinat_di_luar_wilayah\""},
        {PL_FLAG_NO_NIK, "\"tanpa_nik\""},
    };
    char sex[2] = {p->sex, 0};
    int rc = pl_buf_append(b, "{\"id\":", 6) | pl_jw_int(b, p->id);
    char pid[PL_PILAR_ID_MAX];
    rc |= NEXT(b, "pilar_id") | pl_jw_str(b, pl_pilar_id(pid, p->id));
    rc |= NEXT(b, "nik") | ident(b, view, PL_IDENT_NIK, p->nik);
    rc |= NEXT(b, "no_nik_reason") | pl_jw_str_or_null(b, p->no_nik_reason);
    rc |= NEXT(b, "no_nik_reason_label");
    rc |= p->no_nik_reason[0]
              ? pl_jw_str(b, pl_nonik_label((pl_nonik_reason)pl_nonik_parse(p->no_nik_reason)))
              : pl_buf_append(b, "null", 4);
    rc |= NEXT(b, "household_id");
    rc |= p->household_id ? pl_jw_int(b, p->household_id) : pl_buf_append(b, "null", 4);
    rc |= NEXT(b, "kk") | ident(b, view, PL_IDENT_KK, p->kk);
    rc |= NEXT(b, "name") | pl_jw_str(b, p->name);
    rc |= NEXT(b, "birth_place") | pl_jw_str(b, p->birth_place);
    rc |= NEXT(b, "birth_date") | ident(b, view, PL_IDENT_BIRTH_DATE, p->birth_date);
    rc |= NEXT(b, "sex") | pl_jw_str_or_null(b, sex);
    rc |= NEXT(b, "relationship") | pl_jw_str(b, p->relationship);
    rc |= NEXT(b, "mother_name") | pl_jw_str(b, p->mother_name);
    rc |= NEXT(b, "death_date") | pl_jw_str_or_null(b, p->death_date);
    rc |= NEXT(b, "disability") | pl_jw_str_or_null(b, p->disability);
    rc |= NEXT(b, "latitude");
    rc |= p->has_coord ? pl_jw_real(b, p->lat) : pl_buf_append(b, "null", 4);
    rc |= NEXT(b, "longitude");
    rc |= p->has_coord ? pl_jw_real(b, p->lon) : pl_buf_append(b, "null", 4);
    rc |= NEXT(b, "village_code") | pl_jw_str(b, p->village_code);
    rc |= NEXT(b, "status") | pl_jw_str(b, p->state);
    rc |= NEXT(b, "status_by") | pl_jw_str_or_null(b, p->state_by);
    rc |= NEXT(b, "status_at") | pl_jw_str_or_null(b, p->state_at);
    rc |= NEXT(b, "status_reason") | pl_jw_str_or_null(b, p->state_reason);
    rc |= NEXT(b, "flags") | pl_buf_putc(b, '[');
    int n = 0;
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        if (!(p->flags & flags[i].flag))
            continue;
        if (n++)
            rc |= pl_buf_putc(b, ',');
        rc |= pl_buf_puts(b, flags[i].name);
    }
    rc |= pl_buf_putc(b, ']');
    rc |= NEXT(b, "version") | pl_jw_int(b, p->version);
    rc |= NEXT(b, "created_at") | pl_jw_str(b, p->created_at);
    rc |= NEXT(b, "updated_at") | pl_jw_str(b, p->updated_at);
    rc |= pl_buf_putc(b, '}');
    return rc ? PL_ENOMEM : 0;
}
