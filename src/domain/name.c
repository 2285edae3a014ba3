#include "domain/name.h"
#include "util/error.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/*
 * Normalisation, in order:
 *  1. Transliterate to lower-case ASCII: Latin-1 and Latin Extended-A letters
 *     lose their accents (é -> e, ß -> ss); bytes that are not UTF-8 are read
 *     as Latin-1; apostrophes are deleted (Ma'ruf -> maruf); other punctuation
 *     except dots and commas becomes a space; any other non-ASCII is dropped.
 *     Only the first ~500 bytes of a name are read.
 *  2. The text before the first comma is the name; each later comma-separated
 *     part is dropped when it looks like a degree (S.Pd., M.Si, S. Pd, S.Pd.I,
 *     Ph.D: in the lists below, or dotted pieces of at most 4 letters).
 *  3. A dotted token whose letters are a title ("S.Pd.", "A.Md") is dropped;
 *     other dotted tokens are split at the dots ("H.Moh.Noor" -> h moh noor).
 *  4. Per word: as the first kept word "st" is Siti and "m" is Muhammad;
 *     otherwise titles and honorifics (list `titles`) are dropped anywhere.
 *  5. Old spelling, applied to the whole word: oe -> u, dj -> j, tj -> c
 *     (Soekarno -> sukarno, Djoko -> joko).
 *  6. Spelling variants (list `variants`) map to one form.
 */

#define WORK_MAX 1024

/* clang-format off */
static const char *const titles[] = {
    /* religious and civil honorifics */
    "h", "hj", "haji", "hajjah", "hajah", "kh", "ust", "ustad", "ustadz", "ustadzah", "ustazah",
    "tn", "ny", "nn", "bpk", "bapak", "ibu", "sdr", "sdri", "mba",
    /* academic and professional titles */
    "drs", "dra", "dr", "ir", "prof", "spd", "skom", "sh", "se", "ssos", "sag", "st", "sip",
    "skep", "sked", "amd", "msi", "mpd", "mm", "mh", "mkes", "mt",
};
/* clang-format on */

/* Degrees recognised only after a comma, where they cannot be part of a name. */
static const char *const degrees_after_comma[] = {
    "spdi", "shi", "sei",  "ssi", "skm",   "sfarm", "apt",  "sst",  "str", "spsi", "sikom", "shut",
    "sp",   "mag", "mkom", "msc", "phd",   "lc",    "ma",   "mpdi", "mhi", "amk",  "amkep", "amkeb",
    "ak",   "mba", "bsc",  "ba",  "sarch", "mkn",   "sstp", "mip",  "map", "msos", "spt",   "ssn",
};

static const struct {
    const char *from;
    const char *to;
} variants[] = {
    {"muhammad", "muhammad"},  {"muhamad", "muhammad"},   {"mohammad", "muhammad"},
    {"mohamad", "muhammad"},   {"mohamed", "muhammad"},   {"mohammed", "muhammad"},
    {"muhamat", "muhammad"},   {"muhammat", "muhammad"},  {"muhamed", "muhammad"},
    {"muhammed", "muhammad"},  {"mochammad", "muhammad"}, {"mochamad", "muhammad"},
    {"mukhammad", "muhammad"}, {"mukhamad", "muhammad"},  {"moh", "muhammad"},
    {"mohd", "muhammad"},      {"mhd", "muhammad"},       {"muh", "muhammad"},
    {"sitti", "siti"},         {"noor", "nur"},           {"nor", "nur"},
    {"abd", "abdul"},          {"achmad", "ahmad"},       {"akhmad", "ahmad"},
    {"ahmat", "ahmad"},        {"achmat", "ahmad"},       {"akhmat", "ahmad"},
};

static const char latin1[64][3] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  " ", "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  " ", "o", "u", "u", "u", "u", "y", "th", "y",
};

/* U+0100..U+017F, one base letter each. */
static const char latin_ext_a[] =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
    "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
_Static_assert(sizeof latin_ext_a == 0x80 + 1, "one letter per code point U+0100..U+017F");

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Decodes one UTF-8 sequence; returns its length or 0 when invalid. */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t n;
    uint32_t c, min;
    if ((s[0] & 0xE0) == 0xC0) {
        n = 2, c = s[0] & 0x1F, min = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        n = 3, c = s[0] & 0x0F, min = 0x800;
    } else if ((s[0] & 0xF8) == 0xF0) {
        n = 4, c = s[0] & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

/* ASCII replacement for a code point: letters, digits, '.', ',', " " or "" (dropped). */
static const char *translit(uint32_t cp, char tmp[2])
{
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z')
            cp += 'a' - 'A';
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '.' || cp == ',') {
            tmp[0] = (char)cp;
            tmp[1] = '\0';
            return tmp;
        }
        return (cp == '\'' || cp == '`') ? "" : " ";
    }
    if (cp == 0x91 || cp == 0x92 || cp == 0xB4 || cp == 0x2BC || cp == 0x2018 || cp == 0x2019)
        return "";
    if (cp < 0xC0)
        return " ";
    if (cp <= 0xFF)
        return latin1[cp - 0xC0];
    if (cp <= 0x17F) {
        tmp[0] = latin_ext_a[cp - 0x100];
        tmp[1] = '\0';
        return tmp;
    }
    if ((cp >= 0x2000 && cp <= 0x206F) || cp == 0x3000)
        return " ";
    return "";
}

static bool in_list(const char *const *list, size_t n, const char *w)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], w) == 0)
            return true;
    return false;
}

static bool is_title(const char *w)
{
    return in_list(titles, COUNT(titles), w);
}

static bool is_degree(const char *w)
{
    return is_title(w) || in_list(degrees_after_comma, COUNT(degrees_after_comma), w);
}

/* Copies s[0..n) without dots into key (cap bytes); false when it does not fit. */
static bool key_of(char *key, size_t cap, const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.' || s[i] == ' ')
            continue;
        if (k + 1 >= cap)
            return false;
        key[k++] = s[i];
    }
    key[k] = '\0';
    return true;
}

/* Applies oe -> u, dj -> j, tj -> c in place. */
static void old_spelling(char *w)
{
    char *r = w, *o = w;
    while (*r) {
        if (r[0] == 'o' && r[1] == 'e') {
            *o++ = 'u';
            r += 2;
        } else if (r[0] == 'd' && r[1] == 'j') {
            *o++ = 'j';
            r += 2;
        } else if (r[0] == 't' && r[1] == 'j') {
            *o++ = 'c';
            r += 2;
        } else {
            *o++ = *r++;
        }
    }
    *o = '\0';
}

typedef struct out_state {
    char *out;
    size_t cap;
    size_t len;
    int kept;
    bool overflow;
} out_state;

static void put(out_state *st, const char *w)
{
    size_t n = strlen(w);
    if (n == 0)
        return;
    size_t need = st->len + (st->kept > 0) + n + 1;
    if (need > st->cap) {
        st->overflow = true;
        return;
    }
    if (st->kept > 0)
        st->out[st->len++] = ' ';
    memcpy(st->out + st->len, w, n + 1);
    st->len += n;
    st->kept++;
}

/* One word without dots or spaces. */
static void word(out_state *st, const char *s, size_t n)
{
    char w[WORK_MAX];
    if (n == 0 || n >= sizeof w)
        return;
    memcpy(w, s, n);
    w[n] = '\0';
    if (st->kept == 0 && strcmp(w, "st") == 0) {
        put(st, "siti");
        return;
    }
    if (st->kept == 0 && strcmp(w, "m") == 0) {
        put(st, "muhammad");
        return;
    }
    if (is_title(w))
        return;
    old_spelling(w);
    for (size_t i = 0; i < COUNT(variants); i++) {
        if (strcmp(w, variants[i].from) == 0) {
            put(st, variants[i].to);
            return;
        }
    }
    put(st, w);
}

/* One space-separated token, possibly with dots. */
static void token(out_state *st, const char *s, size_t n)
{
    char key[32];
    if (memchr(s, '.', n) != NULL && key_of(key, sizeof key, s, n) && key[0] != '\0') {
        bool first_alias = st->kept == 0 && (strcmp(key, "st") == 0 || strcmp(key, "m") == 0);
        if (!first_alias && is_title(key))
            return;
    }
    size_t i = 0;
    while (i < n) {
        while (i < n && s[i] == '.')
            i++;
        size_t j = i;
        while (j < n && s[j] != '.')
            j++;
        word(st, s + i, j - i);
        i = j;
    }
}

static void name_part(out_state *st, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        size_t j = i;
        while (j < n && s[j] != ' ')
            j++;
        if (j > i)
            token(st, s + i, j - i);
        i = j;
    }
}

/* True when a part after a comma is a degree ("s.pd.", " m. si", "se", "s.pd.i"). */
static bool degree_part(const char *s, size_t n)
{
    char key[32];
    if (!key_of(key, sizeof key, s, n))
        return false;
    if (key[0] == '\0' || is_degree(key))
        return true;

    bool all_degrees = true, dotted = memchr(s, '.', n) != NULL, short_pieces = true;
    size_t i = 0;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        size_t j = i;
        while (j < n && s[j] != ' ')
            j++;
        if (j > i) {
            if (!key_of(key, sizeof key, s + i, j - i) || !is_degree(key))
                all_degrees = false;
        }
        i = j;
    }
    for (i = 0; i < n;) {
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != '.')
            j++;
        if (j - i > 4)
            short_pieces = false;
        i = j + 1;
    }
    return all_degrees || (dotted && short_pieces);
}

int pl_name_normalize(char *out, size_t cap, const char *name)
{
    char t[WORK_MAX];
    size_t tl = 0;

    if (out == NULL || cap == 0)
        return PL_EINVAL;
    out[0] = '\0';
    if (name == NULL)
        return 0;

    const unsigned char *p = (const unsigned char *)name;
    while (*p && tl + 4 < sizeof t) {
        uint32_t cp;
        size_t n = utf8_decode(p, &cp);
        if (n == 0) {
            cp = *p;
            n = 1;
        }
        p += n;
        char tmp[2];
        const char *rep = translit(cp, tmp);
        size_t rl = strlen(rep);
        memcpy(t + tl, rep, rl);
        tl += rl;
    }
    t[tl] = '\0';

    out_state st = {.out = out, .cap = cap};
    size_t i = 0;
    for (int part = 0; i <= tl; part++) {
        size_t j = i;
        while (j < tl && t[j] != ',')
            j++;
        if (part == 0 || !degree_part(t + i, j - i))
            name_part(&st, t + i, j - i);
        i = j + 1;
    }
    if (st.overflow) {
        out[0] = '\0';
        return PL_EINVAL;
    }
    return (int)st.len;
}

int pl_name_titles(char *out, size_t cap, const char *name)
{
    size_t k = 0;
    int found = 0, kept = 0;
    bool after_comma = false;
    if (cap == 0)
        return 0;
    out[0] = '\0';
    for (const char *p = name ? name : ""; *p;) {
        while (*p == ' ' || *p == '\t' || *p == ',') {
            after_comma |= *p == ',';
            p++;
        }
        size_t n = strcspn(p, " \t,");
        if (n == 0)
            break;
        char key[32], low[32];
        size_t m = 0;
        for (size_t i = 0; i < n && m + 1 < sizeof low; i++)
            if (p[i] != '.')
                low[m++] = (char)((p[i] >= 'A' && p[i] <= 'Z') ? p[i] + 'a' - 'A' : p[i]);
        low[m] = '\0';
        bool title = key_of(key, sizeof key, low, m) && key[0] != '\0' &&
                     (is_title(key) || (after_comma && is_degree(key)));
        /* As the first word, "St." is Siti and "M." Muhammad: names, not titles. */
        if (title && kept == 0 && (strcmp(key, "st") == 0 || strcmp(key, "m") == 0))
            title = false;
        if (title) {
            int r = snprintf(out + k, cap - k, "%s%.*s", k ? ", " : "", (int)n, p);
            if (r > 0 && (size_t)r < cap - k) {
                k += (size_t)r;
                found++;
            } else {
                out[k] = '\0';
            }
        } else {
            kept++;
        }
        p += n;
    }
    return found;
}

static void set_reason(char *reason, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_reason(char *reason, size_t cap, const char *fmt, ...)
{
    if (reason == NULL || cap == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, cap, fmt, ap);
    va_end(ap);
}

int pl_name_validate(const char *name, char *reason, size_t cap)
{
    set_reason(reason, cap, "%s", "");
    if (name == NULL)
        name = "";
    while (*name == ' ' || *name == '\t')
        name++;
    size_t n = strlen(name);
    while (n > 0 && (name[n - 1] == ' ' || name[n - 1] == '\t'))
        n--;
    if (n == 0) {
        set_reason(reason, cap, "nama kosong");
        return PL_EINVAL;
    }
    if (n > PL_NAME_MAX - 1) {
        set_reason(reason, cap, "nama terlalu panjang (maks %d karakter)", PL_NAME_MAX - 1);
        return PL_EINVAL;
    }

    bool letter = false, digit = false, control = false;
    char symbol = 0;
    const unsigned char *s = (const unsigned char *)name;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, &cp);
        if (len == 0) {
            set_reason(reason, cap, "nama mengandung karakter yang tidak valid (bukan UTF-8)");
            return PL_EINVAL;
        }
        i += len;
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
            control = true;
        } else if (cp >= '0' && cp <= '9') {
            digit = true;
        } else if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
                   (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && !(cp >= 0x2000 && cp <= 0x2BFF))) {
            letter = true;
        } else if (cp < 0x80 && !strchr(" '-.,", (int)cp) && symbol == 0) {
            symbol = (char)cp;
        }
    }
    if (control) {
        set_reason(reason, cap, "nama mengandung karakter kontrol");
        return PL_EINVAL;
    }
    if (digit) {
        set_reason(reason, cap, "nama mengandung angka");
        return PL_EINVAL;
    }
    if (symbol != 0) {
        set_reason(reason, cap, "nama mengandung tanda \"%c\" yang tidak diperbolehkan", symbol);
        return PL_EINVAL;
    }
    if (!letter) {
        set_reason(reason, cap, "nama harus mengandung huruf");
        return PL_EINVAL;
    }
    return 0;
}
