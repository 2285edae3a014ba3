/* match.c - similarity of Indonesian person records (see match.h). */
#include "domain/match.h"
#include "domain/name.h"

#include <math.h>
#include <stdarg.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORDS_MAX 16
#define WORD_MAX 64

/* Nicknames and the formal names they stand for that no rule derives (gen_names.c uses the
 * first pairs; the rest are common Javanese, Sundanese, Betawi and Banjar short forms), sorted
 * by nickname then formal name for binary search (test_match checks the order). Short forms
 * that are the end or the start of the formal name (Yanto / Suryanto) need no entry:
 * short_form() below. */
static const struct {
    const char *nick;
    const char *formal;
} nicknames[] = {
    {"agus", "agustinus"},     {"amat", "ahmad"},       {"anes", "yohanes"},
    {"ani", "nur aini"},       {"ani", "suryani"},      {"anto", "haryanto"},
    {"anto", "purwanto"},      {"atun", "fatonah"},     {"bams", "bambang"},
    {"beni", "benediktus"},    {"boni", "bonifasius"},  {"dul", "abdul"},
    {"dullah", "abdullah"},    {"eman", "sulaeman"},    {"eman", "sulaiman"},
    {"fitri", "fitriani"},     {"frans", "fransiskus"}, {"giyanto", "sugiyanto"},
    {"hendra", "hendrawan"},   {"her", "heru"},         {"heri", "heriyanto"},
    {"ida", "farida"},         {"ida", "hamidah"},      {"ida", "zubaidah"},
    {"ijah", "hadijah"},       {"ijah", "khadijah"},    {"imah", "halimah"},
    {"ipah", "syarifah"},      {"ipin", "arifin"},      {"ipul", "saifullah"},
    {"iwan", "kurniawan"},     {"iwan", "setiawan"},    {"jannah", "nurjannah"},
    {"kris", "kristianus"},    {"leman", "sulaiman"},   {"lena", "magdalena"},
    {"lia", "natalia"},        {"lisa", "elisabeth"},   {"mamad", "muhammad"},
    {"maman", "abdurrahman"},  {"maman", "rahman"},     {"mamat", "rahmat"},
    {"marni", "sumarni"},      {"memet", "slamet"},     {"met", "slamet"},
    {"nunung", "nurhayati"},   {"oman", "rahman"},      {"opan", "sofyan"},
    {"pri", "supriyadi"},      {"rahma", "rahmawati"},  {"retha", "margaretha"},
    {"rusdi", "rusdiansyah"},  {"siska", "fransiska"},  {"stevan", "stefanus"},
    {"sulis", "sulistyowati"}, {"susi", "susilawati"},  {"tere", "theresia"},
    {"tina", "agustina"},      {"tina", "kristina"},    {"tini", "kartini"},
    {"titin", "kartini"},      {"tris", "sutrisno"},    {"tyo", "sulistyo"},
    {"ucup", "yusuf"},         {"udin", "hasanuddin"},  {"udin", "jamaluddin"},
    {"udin", "kamaruddin"},    {"udin", "samsudin"},    {"udin", "syamsuddin"},
    {"udin", "syamsudin"},     {"udin", "zainuddin"},   {"wawan", "hermawan"},
    {"wawan", "setiawan"},     {"yadi", "suryadi"},     {"yani", "handayani"},
    {"yanti", "suryanti"},     {"yanto", "suryanto"},   {"yati", "nurhayati"},
    {"yuli", "yuliana"},       {"yuni", "wahyuni"},     {"zul", "zulkifli"},
};

double pl_match_jaro_winkler(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la == 0 && lb == 0)
        return 1.0;
    if (la == 0 || lb == 0)
        return 0.0;
    if (la > 255)
        la = 255;
    if (lb > 255)
        lb = 255;
    size_t range = (la > lb ? la : lb) / 2;
    range = range > 0 ? range - 1 : 0;
    unsigned char ma[256] = {0}, mb[256] = {0};
    size_t m = 0;
    for (size_t i = 0; i < la; i++) {
        size_t lo = i > range ? i - range : 0;
        size_t hi = i + range + 1 < lb ? i + range + 1 : lb;
        for (size_t j = lo; j < hi; j++) {
            if (!mb[j] && a[i] == b[j]) {
                ma[i] = mb[j] = 1;
                m++;
                break;
            }
        }
    }
    if (m == 0)
        return 0.0;
    size_t t = 0, k = 0;
    for (size_t i = 0; i < la; i++) {
        if (!ma[i])
            continue;
        while (!mb[k])
            k++;
        if (a[i] != b[k])
            t++;
        k++;
    }
    double md = (double)m;
    double jaro = (md / (double)la + md / (double)lb + (md - (double)t / 2.0) / md) / 3.0;
    size_t prefix = 0;
    while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix])
        prefix++;
    return jaro + (double)prefix * 0.1 * (1.0 - jaro);
}

bool pl_match_is_nickname(const char *nick, const char *formal)
{
    size_t lo = 0, hi = sizeof nicknames / sizeof nicknames[0];
    if (nick[0] == '\0' || formal[0] == '\0')
        return false;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(nicknames[mid].nick, nick);
        if (c == 0)
            c = strcmp(nicknames[mid].formal, formal);
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

static bool is_vowelish(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'h' || c == 'w' ||
           c == 'y';
}

size_t pl_match_phonetic(char *out, size_t cap, const char *word)
{
    char f[WORD_MAX];
    size_t n = 0;
    /* Fold old spellings and digraphs. */
    for (size_t i = 0; word[i] && word[i] != ' ' && n + 1 < sizeof f; i++) {
        char c = word[i], d = word[i + 1];
        if (c == 'd' && d == 'j') {
            f[n++] = 'j';
            i++;
        } else if (c == 't' && d == 'j') {
            f[n++] = 'c';
            i++;
        } else if (c == 'o' && d == 'e') {
            f[n++] = 'u';
            i++;
        } else if (c == 'p' && d == 'h') {
            f[n++] = 'f';
            i++;
        } else if ((c == 'k' || c == 'c') && d == 'h') {
            f[n++] = 'h';
            i++;
        } else if ((c == 's' || c == 'd' || c == 't') && (d == 'y' || d == 'h')) {
            f[n++] = c;
            i++;
        } else if (c == 'v') {
            f[n++] = 'f';
        } else if (c == 'q') {
            f[n++] = 'k';
        } else if (c >= 'a' && c <= 'z') {
            f[n++] = c;
        }
    }
    size_t k = 0;
    if (cap == 0)
        return 0;
    char last = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        char c = f[i];
        if (c == last)
            continue; /* doubled letters count once */
        last = c;
        if (i > 0 && is_vowelish(c))
            continue;
        out[k++] = c;
    }
    out[k] = '\0';
    return k;
}

static int split(char words[][WORD_MAX], const char *s)
{
    int n = 0;
    while (*s && n < WORDS_MAX) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        size_t k = 0;
        while (*s && *s != ' ') {
            if (k + 1 < WORD_MAX)
                words[n][k++] = *s;
            s++;
        }
        words[n][k] = '\0';
        n++;
    }
    return n;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

size_t pl_match_phonetic_name(char *out, size_t cap, const char *name)
{
    char w[WORDS_MAX][WORD_MAX];
    int n = split(w, name);
    char keys[WORDS_MAX][WORD_MAX];
    for (int i = 0; i < n; i++)
        pl_match_phonetic(keys[i], WORD_MAX, w[i]);
    qsort(keys, (size_t)n, WORD_MAX, cmp_str);
    size_t k = 0;
    if (cap == 0)
        return 0;
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        int r = snprintf(out + k, cap - k, "%s%s", k ? " " : "", keys[i]);
        if (r < 0 || (size_t)r >= cap - k)
            break;
        k += (size_t)r;
    }
    return k;
}

/* Joins two-word formal names that the other side names with a nickname. */
static int join_formals(char words[][WORD_MAX], int n, char other[][WORD_MAX], int n_other)
{
    for (int i = 0; i + 1 < n; i++) {
        char pair[2 * WORD_MAX];
        /* A pair too long for one word cannot be a nickname's full form: skip it. */
        int len = snprintf(pair, sizeof pair, "%s %s", words[i], words[i + 1]);
        if (len < 0 || len >= WORD_MAX)
            continue;
        for (int j = 0; j < n_other; j++) {
            if (!pl_match_is_nickname(other[j], pair))
                continue;
            memcpy(words[i], pair, (size_t)len + 1);
            memmove(words[i + 1], words[i + 2], (size_t)(n - i - 2) * WORD_MAX);
            n--;
            break;
        }
    }
    return n;
}

/* Words so common in Indonesian names that agreeing on them says little. */
static const char *const common_words[] = {
    "abdul", "ahmad", "andi",  "bin", "binti", "daeng",  "dewi",     "gede",
    "i",     "kadek", "ketut", "la",  "made",  "ni",     "nur",      "putri",
    "putu",  "siti",  "sri",   "wa",  "wayan", "nyoman", "muhammad",
};

static double word_weight(const char *w)
{
    for (size_t i = 0; i < sizeof common_words / sizeof common_words[0]; i++)
        if (common_words[i][0] == w[0] && strcmp(common_words[i], w) == 0)
            return 0.3;
    return 1.0;
}

static double word_sim(const char *a, const char *b, unsigned *how)
{
    *how = 0;
    if (strcmp(a, b) == 0)
        return 1.0;
    if (pl_match_is_nickname(a, b) || pl_match_is_nickname(b, a)) {
        *how = PL_NAME_NICKNAME;
        return 1.0;
    }
    /* "M." is normalised to muhammad, so muhammad may stand for any initial M. */
    if ((a[1] == '\0' || b[1] == '\0' || strcmp(a, "muhammad") == 0 ||
         strcmp(b, "muhammad") == 0) &&
        a[0] == b[0]) {
        *how = PL_NAME_INITIAL;
        return 0.9;
    }
    double s = pl_match_jaro_winkler(a, b);
    *how = PL_NAME_TYPO;
    return s;
}

double pl_match_name(const char *a, const char *b, unsigned *how)
{
    unsigned h = 0;
    double result = 0.0;
    if (how)
        *how = 0;
    if (a[0] == '\0' || b[0] == '\0')
        return 0.0;
    if (strcmp(a, b) == 0) {
        if (how)
            *how = PL_NAME_EQUAL;
        return 1.0;
    }
    char wa[WORDS_MAX][WORD_MAX], wb[WORDS_MAX][WORD_MAX];
    int na = split(wa, a), nb = split(wb, b);
    na = join_formals(wa, na, wb, nb);
    nb = join_formals(wb, nb, wa, na);
    if (na == 0 || nb == 0)
        return 0.0;
    double sim[WORDS_MAX][WORDS_MAX];
    unsigned kind[WORDS_MAX][WORDS_MAX];
    for (int i = 0; i < na; i++)
        for (int j = 0; j < nb; j++)
            sim[i][j] = word_sim(wa[i], wb[j], &kind[i][j]);
    bool used_a[WORDS_MAX] = {false}, used_b[WORDS_MAX] = {false};
    int pairs = na < nb ? na : nb, longest = na < nb ? nb : na;
    double sum = 0.0, weights = 0.0;
    bool in_order = true;
    /* Greedy best pairs; for names of a few words this equals the optimum in practice. */
    for (int p = 0; p < pairs; p++) {
        int bi = -1, bj = -1;
        double best = -1.0;
        for (int i = 0; i < na; i++) {
            if (used_a[i])
                continue;
            for (int j = 0; j < nb; j++)
                if (!used_b[j] && sim[i][j] > best) {
                    best = sim[i][j];
                    bi = i;
                    bj = j;
                }
        }
        used_a[bi] = used_b[bj] = true;
        double wa_ = word_weight(wa[bi]), wb_ = word_weight(wb[bj]);
        double w = wa_ > wb_ ? wa_ : wb_;
        sum += w * best;
        weights += w;
        if (best < 1.0 || kind[bi][bj] == PL_NAME_NICKNAME)
            h |= kind[bi][bj];
    }
    for (int i = 0, j = 0; i < na && j < nb; i++, j++)
        if (strcmp(wa[i], wb[j]) != 0)
            in_order = false;
    result = sum / weights;
    if (pairs < longest) {
        result *= 0.85 + 0.15 * (double)pairs / (double)longest;
        h |= PL_NAME_MISSING_WORD;
    }
    if (!in_order && h == 0)
        h |= PL_NAME_ORDER;
    if (how)
        *how = h;
    return result;
}

static int date_digits(char out[8], const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    static const int pos[8] = {0, 1, 2, 3, 5, 6, 8, 9};
    for (int i = 0; i < 8; i++) {
        if (s[pos[i]] < '0' || s[pos[i]] > '9')
            return -1;
        out[i] = s[pos[i]];
    }
    return 0;
}

/* Counts differing positions; for exactly two neighbours exchanged sets *transposed. */
static int digit_diff(const char *a, const char *b, int n, bool *transposed)
{
    int diff = 0, first = -1, second = -1;
    for (int i = 0; i < n; i++) {
        if (a[i] != b[i]) {
            if (diff == 0)
                first = i;
            else if (diff == 1)
                second = i;
            diff++;
        }
    }
    *transposed =
        diff == 2 && second == first + 1 && a[first] == b[second] && a[second] == b[first];
    return diff;
}

double pl_match_date(const char *a, const char *b, int *kind)
{
    char da[8], db[8];
    int k = PL_DATE_UNKNOWN;
    double s = -1.0;
    if (a == NULL || b == NULL || date_digits(da, a) || date_digits(db, b))
        goto out;
    bool tr;
    int diff = digit_diff(da, db, 8, &tr);
    if (diff == 0) {
        k = PL_DATE_EQUAL;
        s = 1.0;
    } else if (memcmp(da, db, 4) == 0 && memcmp(da + 4, db + 6, 2) == 0 &&
               memcmp(da + 6, db + 4, 2) == 0) {
        k = PL_DATE_SWAPPED;
        s = 0.9;
    } else if (diff == 1) {
        k = PL_DATE_ONE_DIGIT;
        s = 0.85;
    } else if (tr) {
        k = PL_DATE_TRANSPOSED;
        s = 0.8;
    } else if (memcmp(da, db, 4) == 0) {
        k = PL_DATE_SAME_YEAR;
        s = 0.2;
    } else {
        k = PL_DATE_DIFFERENT;
        s = 0.0;
    }
out:
    if (kind)
        *kind = k;
    return s;
}

static bool nik_ok(const char *s)
{
    if (s == NULL || strlen(s) != 16)
        return false;
    for (int i = 0; i < 16; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

double pl_match_nik(const char *a, const char *b, int *kind)
{
    int k = PL_NIKSIM_UNKNOWN;
    double s = -1.0;
    if (nik_ok(a) && nik_ok(b)) {
        bool tr;
        int diff = digit_diff(a, b, 16, &tr);
        if (diff == 0) {
            k = PL_NIKSIM_EQUAL;
            s = 1.0;
        } else if (diff == 1) {
            /* Weak: people born the same day in neighbouring districts, or with the next
             * serial, differ in one digit too. */
            k = PL_NIKSIM_ONE_DIGIT;
            s = 0.6;
        } else if (tr) {
            k = PL_NIKSIM_TRANSPOSED;
            s = 0.6;
        } else {
            k = PL_NIKSIM_DIFFERENT;
            s = 0.0;
        }
    }
    if (kind)
        *kind = k;
    return s;
}

uint64_t pl_match_member_bit(const char *name)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    return 1ULL << (h % 64);
}

static int popcount64(uint64_t x)
{
    int n = 0;
    while (x) {
        x &= x - 1;
        n++;
    }
    return n;
}

/* ------------------------------------------------------------------ scoring model
 *
 * Fellegi-Sunter: each field of a pair falls into one agreement level, each level adds
 * its weight log2(m/u) in bits (m = how often a true duplicate shows that level, u = how
 * often two different people whom blocking put side by side show it), and the sum plus
 * the prior log-odds becomes a probability, 1 / (1 + 2^-W). The m and u below are
 * judgements written down, not fitted to any generator: u is taken over the pairs the
 * scan actually compares (same village and birth year, same family card, same name key),
 * m over the ways clerks enter one person twice. docs/internals/dedup.md explains them. */

/* Prior log-odds that a compared pair is one person: about 1 in 64 of the pairs blocking
 * brings together (same village, sex and birth year: a few dozen people per block, about
 * one in a hundred people entered twice). */
#define PRIOR_BITS -6.0
/* Inside one family card a few members make few pairs, and a person entered twice in
 * the same card is about as common as across cards: 1 in 128. */
#define PRIOR_KK_BITS -7.0

/* Name, after normalisation, titles, honorifics and patronyms dropped.
 * EXACT: m 0.75. u by how common the name is: two or more uncommon words 1/2700 (11),
 * one uncommon word ("siti aminah", "sumarni") 1/480 (8.5), only common words
 * ("muhammad", "siti") 1/43 (5). */
#define W_NAME_EXACT2 11.0
#define W_NAME_EXACT1 8.5
#define W_NAME_EXACT0 5.0
/* EQUIV (every word equal, an old spelling, a nickname or an initial): m 0.15, u 1/600
 * (6.5); inside one card 1/1500 (7.5): parents do not call two children Hermawan and
 * Wawan. */
#define W_NAME_EQUIV 6.5
#define W_NAME_EQUIV_KK 7.5
/* SIMILAR (a typo, an uncommon word missing): m 0.06, u 0.01 (2.5). A generic calling
 * name (Ucok, Butet, Asep: any boy or girl of the group) against a given name, the other
 * words equal: m 0.03, u 0.004 (3): a clerk writes the calling name once, and two
 * different people rarely pair so. */
#define W_NAME_SIMILAR 2.5
#define W_NAME_GENERIC 3.0
/* DIFFERENT: m 0.04, u 0.97 (-4.6, -5 rounded); inside one card the other members all
 * have other names, and a duplicate keeps a recognisable name: m 0.02 (-6). */
#define W_NAME_DIFFERENT -5.0
#define W_NAME_DIFFERENT_KK -6.0

/* Birth date. EXACT: m 0.80, u 1/365 within a birth-year block (7.5 after rounding
 * down for the season of births); inside one card twins and member pairs with one date
 * make u about 1/60 (5.5). */
#define W_DATE_EXACT 7.5
#define W_DATE_EXACT_KK 5.5
/* Day and month swapped (both <= 12): m 0.04, u 1/365 (4). */
#define W_DATE_SWAPPED 4.0
/* One digit or two neighbours differ: m 0.05, u 0.025 (1). */
#define W_DATE_DIGIT 1.0
/* A placeholder date (1 January, 1 July, 31 December: the year was all that was known)
 * on one side and the same year on the other: year-only evidence. m 0.06 (placeholders
 * are common among the elderly and the undocumented), u 0.02 (1.5). Both the same
 * placeholder: m 0.03, u 0.005 (2.5). */
#define W_DATE_PLACEHOLDER 1.5
#define W_DATE_PLACEHOLDER_BOTH 2.5
/* Other dates of the same year: m 0.03, u 0.25 (-3); within two years: m 0.02, u 0.3
 * (-4); otherwise m 0.01, u 0.6 (-6); 15 years or more apart (parent and child, the son
 * who carries his father's name): m 0.001, u 0.5 (-9). */
#define W_DATE_SAME_YEAR -3.0
#define W_DATE_CLOSE -4.0
#define W_DATE_DIFFERENT -6.0
#define W_DATE_FAR -9.0

/* Mother's name, when both are known. Agreeing (exact or equivalent): m 0.85, u 1/80
 * (6); inside one card siblings share their mother, u 0.4 (1). Similar: m 0.07, u 0.02
 * (2; 0.5 in one card). Different: m 0.05, u 0.8 (-4; -3 in one card). A clearly
 * different mother also caps the score (MOTHER_CAP below). */
#define W_MOTHER_AGREE 6.0
#define W_MOTHER_AGREE_KK 1.0
#define W_MOTHER_SIMILAR 2.0
#define W_MOTHER_SIMILAR_KK 0.5
#define W_MOTHER_DIFFERENT -4.0
#define W_MOTHER_DIFFERENT_KK -3.0

/* NIK, when both are valid 16-digit numbers. Equal: m 0.5, u 1/8000 (a reused number;
 * 12). One digit of the date part (or of the district part within one district), or two
 * neighbours exchanged: a typo, m 0.05, u 0.006 (3). One digit of the serial, or of the
 * district code across districts: what two people born the same day get (twins 0001 and
 * 0002, neighbouring districts), m 0.05, u 0.15 (-1.5): the birth date already counted
 * the shared date digits. Otherwise two numbers issued to two people: m 0.002, u 1 (-9).
 * A missing NIK is unknown: 0. */
#define W_NIK_EQUAL 12.0
#define W_NIK_TYPO 3.0
#define W_NIK_SERIAL -1.5
#define W_NIK_DIFFERENT -9.0

/* Another village (people move, but most duplicates are entered in one village): m 0.25,
 * u 1 (-2). Two or more other household members' names shared across two cards: a family
 * registered twice, m 0.3, u 0.04 (3). */
#define W_OTHER_VILLAGE -2.0
#define W_MEMBERS 3.0

/* Rules outside the sum. Different sex: at most 0.3 (names and NIK day codes are
 * sexed; such a pair is a data error for the NIK check, not a merge). Two known,
 * clearly different mothers: at most 0.7, below the default threshold (the mother's
 * name is the civil registry's identity question). An equal valid NIK on people who
 * otherwise look different: at least 0.85, proposed with the reason that the number
 * seems reused. */
#define SEX_CAP 0.3
#define MOTHER_CAP 0.7
#define NIK_REUSE_FLOOR 0.85

#define NAME_MAX_BITS W_NAME_EXACT2
#define MOTHER_MAX_BITS W_MOTHER_AGREE

static double bits_to_p(double w)
{
    return 1.0 / (1.0 + exp2(-w));
}

/* ---- names as the model sees them */

/* Words dropped wherever they stand (when something else remains): honorifics and kin
 * terms clerks prefix, "almarhum", and the Batak boru marker. */
static const char *const honorifics[] = {
    "alm",  "almh",  "almarhum", "almarhumah", "bapak", "pak",  "bu",   "ibu",    "nenek",
    "nek",  "kakek", "kek",      "mbah",       "mak",   "mbok", "ny",   "nyonya", "tn",
    "tuan", "nn",    "nona",     "sdr",        "sdri",  "br",   "boru", "inaq",   "amaq",
};

/* Calling names given to any child of a group (Batak, Sundanese, Banjar, Javanese):
 * they pair with any given name, but only as weak evidence. */
static const char *const generic_calls[] = {
    "ucok",  "butet", "asep", "ujang",  "cecep", "encep", "neng", "nyai",
    "otong", "tole",  "nduk", "genduk", "anang", "utuh",  "aluh", "utin",
};

static bool in_words(const char *const *list, size_t n, const char *w)
{
    for (size_t i = 0; i < n; i++)
        if (list[i][0] == w[0] && strcmp(list[i], w) == 0)
            return true;
    return false;
}

#define IN_WORDS(list, w) in_words(list, sizeof list / sizeof list[0], w)

typedef struct cname {
    char w[WORDS_MAX][WORD_MAX];
    int n;
    bool junior;
    int patronym;  /* index of the dropped "bin"/"binti" in the source words, or -1 */
    int honorific; /* index of the first dropped honorific, or -1 */
    char src[WORDS_MAX][WORD_MAX];
    int n_src;
} cname;

static void clean_name(cname *c, const char *norm)
{
    c->n_src = split(c->src, norm);
    c->n = 0;
    c->junior = false;
    c->patronym = c->honorific = -1;
    for (int i = 0; i < c->n_src; i++) {
        const char *w = c->src[i];
        if (i > 0 && (strcmp(w, "bin") == 0 || strcmp(w, "binti") == 0 || strcmp(w, "bt") == 0 ||
                      strcmp(w, "bn") == 0)) {
            c->patronym = i;
            break;
        }
        if (strcmp(w, "jr") == 0 || strcmp(w, "junior") == 0 || strcmp(w, "ii") == 0) {
            c->junior = true;
            continue;
        }
        if (c->n_src > 1 && IN_WORDS(honorifics, w)) {
            if (c->honorific < 0)
                c->honorific = i;
            continue;
        }
        memcpy(c->w[c->n++], w, WORD_MAX);
    }
    if (c->n == 0) { /* nothing but honorifics: keep the words as written */
        for (int i = 0; i < c->n_src; i++)
            memcpy(c->w[i], c->src[i], WORD_MAX);
        c->n = c->n_src;
        c->honorific = -1;
    }
}

/*
 * Folds the spellings that name one sound: the old spelling (dj, tj, oe, nj, sj, ch and
 * j for y: Djoko, Tjitra, Soekarno, Soenjoto, Sjarif, Chairul, Jusuf), kh and h, sy and
 * s, dh and d, th and t, ph and f, v and f, q and k, doubled letters, and a final h
 * after a vowel (Aminah, Amina).
 */
static void fold(char *out, size_t cap, const char *w)
{
    char t[WORD_MAX];
    size_t n = 0;
    for (size_t i = 0; w[i] && n + 2 < sizeof t; i++) {
        char c = w[i], d = w[i + 1];
        if (c == 'd' && d == 'j') {
            t[n++] = 'j';
            i++;
        } else if (c == 't' && d == 'j') {
            t[n++] = 'c';
            i++;
        } else if (c == 'o' && d == 'e') {
            t[n++] = 'u';
            i++;
        } else if ((c == 'n' || c == 's') && d == 'j') {
            t[n++] = c; /* nj -> ny, sj -> sy, then y (j) is dropped after s below */
            if (c == 'n')
                t[n++] = 'j';
            i++;
        } else if ((c == 'k' || c == 'c') && d == 'h') {
            t[n++] = 'h';
            i++;
        } else if ((c == 's' && d == 'y') || (c == 'd' && d == 'h') || (c == 't' && d == 'h')) {
            t[n++] = c;
            i++;
        } else if (c == 'p' && d == 'h') {
            t[n++] = 'f';
            i++;
        } else if (c == 'y') {
            t[n++] = 'j';
        } else if (c == 'v') {
            t[n++] = 'f';
        } else if (c == 'q') {
            t[n++] = 'k';
        } else {
            t[n++] = c;
        }
    }
    if (n > 2 && t[n - 1] == 'h' && strchr("aiueo", t[n - 2]))
        n--;
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++)
        if (k == 0 || out[k - 1] != t[i])
            out[k++] = t[i];
    out[k] = '\0';
}

static int vowel_groups(const char *w)
{
    int g = 0;
    for (size_t i = 0; w[i]; i++)
        if (strchr("aiueo", w[i]) && (i == 0 || !strchr("aiueo", w[i - 1])))
            g++;
    return g;
}

/*
 * True when short is a short form of long by rule (both folded): the last syllables
 * (Yanto / Suryanto, Ani / Suryani, Udin / Syamsuddin, Adi / Mulyadi: at least 3
 * letters and two syllables), the first ones (Agus / Agustinus, Fitri / Fitriani: at
 * least 4 letters), or a reduplicated syllable found at either end (Wawan / Hermawan,
 * Nining / Ningsih, Yayat / Hidayat).
 */
static bool short_form(const char *s, const char *l)
{
    size_t ls = strlen(s), ll = strlen(l);
    if (ls >= 5 && s[0] == s[2] && s[1] == s[3] && strchr("aiueo", s[1])) {
        const char *core = s + 2;
        size_t lc = ls - 2;
        if (ll >= lc + 2 && (strcmp(l + ll - lc, core) == 0 || strncmp(l, core, lc) == 0))
            return true;
    }
    if (ls < 3 || ll < ls + 2)
        return false;
    if (vowel_groups(s) >= 2 && strcmp(l + ll - ls, s) == 0)
        return true;
    return ls >= 4 && strncmp(l, s, ls) == 0;
}

enum { WK_EQUAL, WK_SPELL, WK_NICK, WK_INITIAL, WK_TYPO, WK_GENERIC, WK_DIFF };

static int word_kind(const char *a, const char *b, const char *fa, const char *fb, double *sim)
{
    *sim = 1.0;
    if (strcmp(a, b) == 0)
        return WK_EQUAL;
    if (strcmp(fa, fb) == 0) {
        *sim = 0.99;
        return WK_SPELL;
    }
    if (pl_match_is_nickname(a, b) || pl_match_is_nickname(b, a) || short_form(fa, fb) ||
        short_form(fb, fa)) {
        *sim = 0.98;
        return WK_NICK;
    }
    /* An initial; "M." is normalised to muhammad, which so stands for any initial M. */
    if ((a[1] == '\0' || b[1] == '\0' || strcmp(a, "muhammad") == 0 ||
         strcmp(b, "muhammad") == 0) &&
        a[0] == b[0]) {
        *sim = 0.95;
        return WK_INITIAL;
    }
    double j = pl_match_jaro_winkler(fa, fb);
    if (j >= 0.9 && strlen(fa) >= 3 && strlen(fb) >= 3) {
        *sim = j * 0.96;
        return WK_TYPO;
    }
    if (IN_WORDS(generic_calls, a) || IN_WORDS(generic_calls, b)) {
        *sim = 0.8;
        return WK_GENERIC;
    }
    *sim = j * 0.5;
    return WK_DIFF;
}

enum { NL_MISSING, NL_EXACT, NL_EQUIV, NL_SIMILAR, NL_DIFFERENT };

/* How two cleaned names compare; the word pairs behind the reasons. */
typedef struct ncmp {
    int level;
    int info;        /* uncommon words among the paired ones */
    bool order;      /* same words, another order */
    bool junior;     /* Jr. on one side only */
    int missing;     /* uncommon words of the longer name left unpaired */
    bool generic;    /* similar only through a generic calling name */
    int first[7][2]; /* per WK_*, the first pair of that kind (indices into w), or -1 */
} ncmp;

static void compare_names(ncmp *r, cname *a, cname *b)
{
    memset(r, 0, sizeof *r);
    for (int k = 0; k < 7; k++)
        r->first[k][0] = r->first[k][1] = -1;
    if (a->n == 0 || b->n == 0) {
        r->level = NL_MISSING;
        return;
    }
    a->n = join_formals(a->w, a->n, b->w, b->n);
    b->n = join_formals(b->w, b->n, a->w, a->n);
    char fa[WORDS_MAX][WORD_MAX], fb[WORDS_MAX][WORD_MAX];
    for (int i = 0; i < a->n; i++)
        fold(fa[i], WORD_MAX, a->w[i]);
    for (int j = 0; j < b->n; j++)
        fold(fb[j], WORD_MAX, b->w[j]);
    double sim[WORDS_MAX][WORDS_MAX];
    int kind[WORDS_MAX][WORDS_MAX];
    for (int i = 0; i < a->n; i++)
        for (int j = 0; j < b->n; j++)
            kind[i][j] = word_kind(a->w[i], b->w[j], fa[i], fb[j], &sim[i][j]);
    bool ua[WORDS_MAX] = {false}, ub[WORDS_MAX] = {false};
    int pairs = a->n < b->n ? a->n : b->n, worst = WK_EQUAL;
    bool all_equal = a->n == b->n;
    for (int p = 0; p < pairs; p++) {
        int bi = 0, bj = 0;
        double best = -1.0;
        for (int i = 0; i < a->n; i++)
            for (int j = 0; j < b->n; j++)
                if (!ua[i] && !ub[j] && sim[i][j] > best) {
                    best = sim[i][j];
                    bi = i;
                    bj = j;
                }
        ua[bi] = ub[bj] = true;
        int k = kind[bi][bj];
        if (k > worst)
            worst = k;
        if (k != WK_EQUAL)
            all_equal = false;
        if (bi != bj)
            r->order = true;
        if (r->first[k][0] < 0) {
            r->first[k][0] = bi;
            r->first[k][1] = bj;
        }
        if (word_weight(a->w[bi]) >= 1.0 && word_weight(b->w[bj]) >= 1.0)
            r->info++;
    }
    for (int i = 0; i < a->n; i++)
        if (!ua[i] && word_weight(a->w[i]) >= 1.0)
            r->missing++;
    for (int j = 0; j < b->n; j++)
        if (!ub[j] && word_weight(b->w[j]) >= 1.0)
            r->missing++;
    r->junior = a->junior != b->junior;
    r->order = r->order && a->n == b->n;
    if (r->junior || worst == WK_DIFF)
        r->level = NL_DIFFERENT;
    else if (all_equal && !r->order)
        r->level = NL_EXACT;
    else if (worst <= WK_INITIAL && r->missing == 0 && (r->info > 0 || all_equal))
        r->level = NL_EQUIV;
    else
        r->level = NL_SIMILAR;
    r->generic = r->level == NL_SIMILAR && worst == WK_GENERIC && r->missing == 0 &&
                 r->first[WK_TYPO][0] < 0;
}

/* ---- dates */

enum {
    DL_MISSING,
    DL_EXACT,
    DL_BOTH_PLACEHOLDER,
    DL_SWAPPED,
    DL_PLACEHOLDER,
    DL_DIGIT,
    DL_SAME_YEAR,
    DL_CLOSE,
    DL_DIFFERENT,
    DL_FAR,
};

static bool placeholder(const char *d)
{
    return strcmp(d + 5, "01-01") == 0 || strcmp(d + 5, "07-01") == 0 ||
           strcmp(d + 5, "12-31") == 0;
}

static int date_level(const char *a, const char *b, int *years)
{
    char da[8], db[8];
    *years = 0;
    if (a == NULL || b == NULL || date_digits(da, a) || date_digits(db, b))
        return DL_MISSING;
    int ya = atoi(a), yb = atoi(b);
    *years = ya > yb ? ya - yb : yb - ya;
    bool tr;
    int diff = digit_diff(da, db, 8, &tr);
    if (diff == 0)
        return placeholder(a) ? DL_BOTH_PLACEHOLDER : DL_EXACT;
    if (ya == yb && (placeholder(a) || placeholder(b)))
        return DL_PLACEHOLDER;
    if (memcmp(da, db, 4) == 0 && memcmp(da + 4, db + 6, 2) == 0 && memcmp(da + 6, db + 4, 2) == 0)
        return DL_SWAPPED;
    if (diff == 1 || tr)
        return DL_DIGIT;
    if (*years >= 15)
        return DL_FAR;
    if (ya == yb)
        return DL_SAME_YEAR;
    return *years <= 2 ? DL_CLOSE : DL_DIFFERENT;
}

/* ---- NIK */

enum { KL_MISSING, KL_EQUAL, KL_TYPO, KL_SERIAL, KL_DIFFERENT };

/*
 * One digit apart is a typo only where two people's numbers would not differ so: in the
 * birth-date digits (6-11), or in the district digits (0-5) of two people of one
 * district. People born the same day get numbers one digit apart in the serial (twins,
 * 0001 and 0002) or in the district code (neighbouring districts): KL_SERIAL, weak
 * evidence against.
 */
static int nik_level(const char *a, const char *b, bool same_district)
{
    if (!nik_ok(a) || !nik_ok(b))
        return KL_MISSING;
    bool tr;
    int diff = digit_diff(a, b, 16, &tr);
    if (diff == 0)
        return KL_EQUAL;
    if (tr)
        return KL_TYPO;
    if (diff == 1) {
        int at = 0;
        while (a[at] == b[at])
            at++;
        if (at >= 12 || (at < 6 && !same_district))
            return KL_SERIAL;
        return KL_TYPO;
    }
    return KL_DIFFERENT;
}

/* ---- the model */

typedef struct eval {
    double bits, score;
    unsigned why;
    bool exact;
    int dl, years, kl, ml;
    cname na, nb;
    ncmp name, mother;
} eval;

static bool same_village(const pl_match_rec *a, const pl_match_rec *b)
{
    return a->village && b->village && a->village[0] && strcmp(a->village, b->village) == 0;
}

/* Scores a, b into e; returns false when it stopped early (score below min_score). */
static bool evaluate(eval *e, const pl_match_rec *a, const pl_match_rec *b, double min_score)
{
    bool kk = a->household != 0 && a->household == b->household;
    bool sex_differs = a->sex && b->sex && a->sex != b->sex;
    unsigned why = kk ? PL_WHY_SAME_HOUSEHOLD : 0;
    double w = kk ? PRIOR_KK_BITS : PRIOR_BITS;

    e->dl = date_level(a->birth_date, b->birth_date, &e->years);
    static const double date_w[] = {
        [DL_MISSING] = 0,
        [DL_EXACT] = W_DATE_EXACT,
        [DL_BOTH_PLACEHOLDER] = W_DATE_PLACEHOLDER_BOTH,
        [DL_SWAPPED] = W_DATE_SWAPPED,
        [DL_PLACEHOLDER] = W_DATE_PLACEHOLDER,
        [DL_DIGIT] = W_DATE_DIGIT,
        [DL_SAME_YEAR] = W_DATE_SAME_YEAR,
        [DL_CLOSE] = W_DATE_CLOSE,
        [DL_DIFFERENT] = W_DATE_DIFFERENT,
        [DL_FAR] = W_DATE_FAR,
    };
    w += e->dl == DL_EXACT && kk ? W_DATE_EXACT_KK : date_w[e->dl];
    /* Village codes are "PP.RR.DD.VVVV": the first 8 characters name the district. */
    bool same_district = a->village && b->village && strlen(a->village) >= 8 &&
                         strncmp(a->village, b->village, 8) == 0;
    e->kl = nik_level(a->nik, b->nik, same_district);
    static const double nik_w[] = {[KL_MISSING] = 0,
                                   [KL_EQUAL] = W_NIK_EQUAL,
                                   [KL_TYPO] = W_NIK_TYPO,
                                   [KL_SERIAL] = W_NIK_SERIAL,
                                   [KL_DIFFERENT] = W_NIK_DIFFERENT};
    w += nik_w[e->kl];
    bool village = same_village(a, b);
    if (!kk && !village)
        w += W_OTHER_VILLAGE;
    bool members = !kk && popcount64(a->members & b->members) >= 2;
    if (members)
        w += W_MEMBERS;

    /* Early exits: nothing below can lift the pair to min_score. */
    double cap = sex_differs ? SEX_CAP : 1.0;
    if (min_score > 0 && e->kl != KL_EQUAL &&
        (cap < min_score || bits_to_p(w + NAME_MAX_BITS + MOTHER_MAX_BITS) < min_score)) {
        e->score = bits_to_p(w + NAME_MAX_BITS + MOTHER_MAX_BITS);
        e->score = e->score < cap ? e->score : cap;
        return false;
    }
    e->ml = NL_MISSING;
    if (a->mother && b->mother && a->mother[0] && b->mother[0]) {
        cname ma, mb;
        clean_name(&ma, a->mother);
        clean_name(&mb, b->mother);
        compare_names(&e->mother, &ma, &mb);
        e->ml = e->mother.level;
    }
    if (e->ml == NL_DIFFERENT && min_score > MOTHER_CAP && e->kl != KL_EQUAL) {
        e->score = MOTHER_CAP; /* the cap below */
        return false;
    }
    if (e->ml == NL_EXACT || e->ml == NL_EQUIV)
        w += kk ? W_MOTHER_AGREE_KK : W_MOTHER_AGREE;
    else if (e->ml == NL_SIMILAR)
        w += kk ? W_MOTHER_SIMILAR_KK : W_MOTHER_SIMILAR;
    else if (e->ml == NL_DIFFERENT)
        w += kk ? W_MOTHER_DIFFERENT_KK : W_MOTHER_DIFFERENT;
    if (min_score > 0 && e->kl != KL_EQUAL && bits_to_p(w + NAME_MAX_BITS) < min_score) {
        e->score = bits_to_p(w + NAME_MAX_BITS);
        return false;
    }

    clean_name(&e->na, a->name ? a->name : "");
    clean_name(&e->nb, b->name ? b->name : "");
    compare_names(&e->name, &e->na, &e->nb);
    const ncmp *n = &e->name;
    switch (n->level) {
    case NL_EXACT:
        w += n->info >= 2 ? W_NAME_EXACT2 : n->info == 1 ? W_NAME_EXACT1 : W_NAME_EXACT0;
        why |= PL_WHY_NAME_EQUAL;
        break;
    case NL_EQUIV:
        w += kk ? W_NAME_EQUIV_KK : W_NAME_EQUIV;
        why |= PL_WHY_NAME_SIMILAR;
        break;
    case NL_SIMILAR:
        w += n->generic ? W_NAME_GENERIC : W_NAME_SIMILAR;
        why |= PL_WHY_NAME_SIMILAR;
        break;
    case NL_DIFFERENT:
        w += kk ? W_NAME_DIFFERENT_KK : W_NAME_DIFFERENT;
        why |= PL_WHY_NAME_DIFFERS;
        break;
    default:
        break;
    }
    if (n->first[WK_NICK][0] >= 0 || n->first[WK_GENERIC][0] >= 0)
        why |= PL_WHY_NICKNAME;
    if (n->first[WK_INITIAL][0] >= 0)
        why |= PL_WHY_INITIAL;
    if (n->first[WK_SPELL][0] >= 0)
        why |= PL_WHY_OLD_SPELLING;
    if (e->na.patronym >= 0 || e->nb.patronym >= 0 || e->na.honorific >= 0 || e->nb.honorific >= 0)
        why |= PL_WHY_TITLE;

    switch (e->dl) {
    case DL_EXACT:
        why |= PL_WHY_DATE_EQUAL;
        break;
    case DL_SWAPPED:
        why |= PL_WHY_DATE_SWAPPED;
        break;
    case DL_DIGIT:
        why |= PL_WHY_DATE_DIGIT;
        break;
    case DL_PLACEHOLDER:
    case DL_BOTH_PLACEHOLDER:
        why |= PL_WHY_DATE_PLACEHOLDER;
        break;
    case DL_MISSING:
        break;
    default:
        why |= PL_WHY_DATE_DIFFERS;
    }
    if (e->ml == NL_EXACT || e->ml == NL_EQUIV)
        why |= PL_WHY_MOTHER_EQUAL;
    else if (e->ml == NL_SIMILAR)
        why |= PL_WHY_MOTHER_SIMILAR;
    else if (e->ml == NL_DIFFERENT)
        why |= PL_WHY_MOTHER_DIFFERS;
    if (e->kl == KL_EQUAL)
        why |= PL_WHY_NIK_EQUAL;
    else if (e->kl == KL_TYPO)
        why |= PL_WHY_NIK_DIGIT;
    else if (e->kl == KL_SERIAL)
        why |= PL_WHY_NIK_SERIAL;
    else if (e->kl == KL_DIFFERENT)
        why |= PL_WHY_NIK_DIFFERS;
    else
        why |= PL_WHY_NIK_MISSING;
    if (village && !kk)
        why |= PL_WHY_SAME_VILLAGE;
    if (a->address && b->address && a->address[0] && !kk && strcmp(a->address, b->address) == 0)
        why |= PL_WHY_SAME_ADDRESS;
    if (members)
        why |= PL_WHY_MEMBERS;

    double p = bits_to_p(w);
    if (e->ml == NL_DIFFERENT && p > MOTHER_CAP)
        p = MOTHER_CAP;
    if (sex_differs) {
        why |= PL_WHY_SEX_DIFFERS;
        if (p > SEX_CAP)
            p = SEX_CAP;
    }
    if (e->kl == KL_EQUAL && p < NIK_REUSE_FLOOR) {
        p = NIK_REUSE_FLOOR;
        why |= PL_WHY_NIK_REUSED;
    }
    e->bits = w;
    e->score = p;
    e->why = why;
    e->exact = n->level == NL_EXACT && e->dl == DL_EXACT && e->ml == NL_EXACT && !sex_differs &&
               e->kl != KL_DIFFERENT;
    return true;
}

void pl_match_score(pl_match_result *out, const pl_match_rec *a, const pl_match_rec *b,
                    double min_score)
{
    eval e;
    memset(out, 0, sizeof *out);
    if (!evaluate(&e, a, b, min_score)) {
        out->score = e.score;
        return;
    }
    out->score = e.score;
    out->why = e.why;
    out->exact = e.exact;
}

/* ---- reasons */

static const struct {
    const char *code;
    const char *text;
} reasons[PL_WHY__COUNT] = {
    {"name_equal", "nama sama"},
    {"name_similar", "nama mirip"},
    {"nickname", "nama panggilan"},
    {"initial", "inisial"},
    {"date_equal", "tanggal lahir sama"},
    {"date_swapped", "tanggal lahir: hari dan bulan tertukar"},
    {"date_digit", "tanggal lahir beda satu angka"},
    {"mother_equal", "nama ibu sama"},
    {"mother_similar", "nama ibu mirip"},
    {"nik_equal", "NIK sama"},
    {"nik_digit", "NIK beda satu angka (salah ketik)"},
    {"nik_missing", "NIK tidak ada"},
    {"same_village", "desa sama"},
    {"same_address", "alamat sama"},
    {"members", "anggota keluarga serupa"},
    {"same_household", "satu KK"},
    {"sex_differs", "jenis kelamin beda (melemahkan)"},
    {"old_spelling", "ejaan lama"},
    {"title", "gelar atau sapaan diabaikan"},
    {"date_placeholder", "tanggal lahir tidak diketahui (hanya tahun)"},
    {"nik_serial", "NIK beda di nomor urut (melemahkan)"},
    {"nik_differs", "NIK berbeda (melemahkan)"},
    {"nik_reused", "NIK sama pada orang yang tampak berbeda (NIK dipakai ulang?)"},
    {"name_differs", "nama berbeda (melemahkan)"},
    {"date_differs", "tanggal lahir berbeda (melemahkan)"},
    {"mother_differs", "nama ibu berbeda (melemahkan)"},
};

void pl_match_reasons_text(char *out, size_t cap, unsigned why, bool codes)
{
    size_t k = 0;
    if (cap == 0)
        return;
    out[0] = '\0';
    for (int i = 0; i < PL_WHY__COUNT; i++) {
        if (!(why & (1u << i)))
            continue;
        const char *t = codes ? reasons[i].code : reasons[i].text;
        int r = snprintf(out + k, cap - k, "%s%s", k ? (codes ? "," : "; ") : "", t);
        if (r < 0 || (size_t)r >= cap - k)
            break;
        k += (size_t)r;
    }
}

typedef struct sbuf {
    char *p;
    size_t cap, len;
} sbuf;

static void add(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends one reason, "; "-separated; a reason that does not fit is left out whole. */
static void add(sbuf *b, const char *fmt, ...)
{
    char one[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(one, sizeof one, fmt, ap);
    va_end(ap);
    size_t need = strlen(one) + (b->len ? 2 : 0);
    if (b->len + need + 1 > b->cap)
        return;
    snprintf(b->p + b->len, b->cap - b->len, "%s%s", b->len ? "; " : "", one);
    b->len += need;
}

/* A normalised word as a name: "wawan" -> "Wawan". */
static const char *cap1(char out[WORD_MAX], const char *w)
{
    snprintf(out, WORD_MAX, "%s", w);
    if (out[0] >= 'a' && out[0] <= 'z')
        out[0] = (char)(out[0] - 'a' + 'A');
    for (char *p = out; *p; p++)
        if (p[0] == ' ' && p[1] >= 'a' && p[1] <= 'z')
            p[1] = (char)(p[1] - 'a' + 'A');
    return out;
}

/* The first pair of raw words (as written) that differ but fold alike: "Djoko ~ Joko". */
static bool raw_spelling(char *out, size_t cap, const char *ra, const char *rb)
{
    char wa[WORDS_MAX][WORD_MAX], wb[WORDS_MAX][WORD_MAX];
    char la[WORD_MAX], lb[WORD_MAX];
    int na = split(wa, ra), nb = split(wb, rb);
    for (int i = 0; i < na; i++) {
        size_t k = 0;
        for (const char *p = wa[i]; *p && k + 1 < sizeof la; p++)
            if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')
                la[k++] = (char)(*p | 0x20);
        la[k] = '\0';
        for (int j = 0; j < nb; j++) {
            k = 0;
            for (const char *p = wb[j]; *p && k + 1 < sizeof lb; p++)
                if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')
                    lb[k++] = (char)(*p | 0x20);
            lb[k] = '\0';
            char fa[WORD_MAX], fb[WORD_MAX];
            fold(fa, sizeof fa, la);
            fold(fb, sizeof fb, lb);
            if (la[0] && strcmp(la, lb) != 0 && strcmp(fa, fb) == 0) {
                char x[WORD_MAX], y[WORD_MAX];
                snprintf(out, cap, "%s ~ %s", cap1(x, la), cap1(y, lb));
                return true;
            }
        }
    }
    return false;
}

static const char *const month_id[12] = {"Januari",   "Februari", "Maret",    "April",
                                         "Mei",       "Juni",     "Juli",     "Agustus",
                                         "September", "Oktober",  "November", "Desember"};

static void word_pair(sbuf *b, const char *label, const eval *e, int kind)
{
    int i = e->name.first[kind][0], j = e->name.first[kind][1];
    if (i < 0)
        return;
    char x[WORD_MAX], y[WORD_MAX];
    add(b, "%s: %s ~ %s", label, cap1(x, e->na.w[i]), cap1(y, e->nb.w[j]));
}

static void dropped(sbuf *b, const cname *c)
{
    char x[WORD_MAX], rest[160] = "";
    if (c->patronym >= 0) {
        size_t k = 0;
        for (int i = c->patronym; i < c->n_src && k + 1 < sizeof rest; i++) {
            int r = snprintf(rest + k, sizeof rest - k, "%s%s", k ? " " : "",
                             i == c->patronym ? c->src[i] : cap1(x, c->src[i]));
            if (r < 0 || (size_t)r >= sizeof rest - k)
                break;
            k += (size_t)r;
        }
        add(b, "bin/binti diabaikan: %s", rest);
    }
    if (c->honorific >= 0)
        add(b, "sapaan diabaikan: %s", cap1(x, c->src[c->honorific]));
}

void pl_match_explain(char *out, size_t cap, const pl_match_rec *a, const pl_match_rec *b)
{
    eval e;
    sbuf s = {out, cap, 0};
    if (cap == 0)
        return;
    out[0] = '\0';
    evaluate(&e, a, b, 0);
    char x[WORD_MAX], y[WORD_MAX], t[160];

    if (e.kl == KL_EQUAL && (e.why & PL_WHY_NIK_REUSED))
        add(&s, "NIK sama pada orang yang tampak berbeda: periksa apakah NIK dipakai ulang");
    switch (e.name.level) {
    case NL_EXACT:
        add(&s, "nama sama");
        break;
    case NL_DIFFERENT:
        add(&s, e.name.junior ? "nama berbeda: Jr. pada satu data (melemahkan)"
                              : "nama berbeda (melemahkan)");
        break;
    default:
        break;
    }
    if (e.name.level != NL_DIFFERENT) {
        word_pair(&s, "nama panggilan", &e, WK_NICK);
        word_pair(&s, "nama panggilan umum", &e, WK_GENERIC);
        word_pair(&s, "inisial", &e, WK_INITIAL);
        if (a->raw_name && b->raw_name && raw_spelling(t, sizeof t, a->raw_name, b->raw_name))
            add(&s, "ejaan lama: %s", t);
        else
            word_pair(&s, "ejaan lama", &e, WK_SPELL);
        word_pair(&s, "nama mirip", &e, WK_TYPO);
        if (e.name.order)
            add(&s, "urutan nama berbeda");
        if (e.name.missing > 0)
            add(&s, "nama tidak lengkap pada satu data");
    }
    char titles[2][80] = {"", ""};
    if (a->raw_name)
        pl_name_titles(titles[0], sizeof titles[0], a->raw_name);
    if (b->raw_name)
        pl_name_titles(titles[1], sizeof titles[1], b->raw_name);
    if (titles[0][0] || titles[1][0])
        add(&s, "gelar diabaikan: %s%s%s", titles[0], titles[0][0] && titles[1][0] ? ", " : "",
            titles[1]);
    dropped(&s, &e.na);
    dropped(&s, &e.nb);

    const char *da = a->birth_date, *db = b->birth_date;
    switch (e.dl) {
    case DL_EXACT:
        add(&s, "tanggal lahir sama");
        break;
    case DL_BOTH_PLACEHOLDER:
    case DL_PLACEHOLDER: {
        const char *p = placeholder(da) ? da : db;
        add(&s, "tanggal lahir tidak diketahui (%d %s)", atoi(p + 8), month_id[atoi(p + 5) - 1]);
        break;
    }
    case DL_SWAPPED:
        add(&s, "tanggal lahir: hari dan bulan tertukar");
        break;
    case DL_DIGIT:
        add(&s, "tanggal lahir beda satu angka");
        break;
    case DL_FAR:
        add(&s, "tanggal lahir berselisih %d tahun (melemahkan)", e.years);
        break;
    case DL_MISSING:
        add(&s, "tanggal lahir tidak ada pada satu data");
        break;
    default:
        add(&s, "tanggal lahir berbeda (melemahkan)");
    }
    if (e.ml == NL_EXACT || e.ml == NL_EQUIV)
        add(&s, "nama ibu sama");
    else if (e.ml == NL_SIMILAR)
        add(&s, "nama ibu mirip");
    else if (e.ml == NL_DIFFERENT)
        add(&s, "nama ibu berbeda (melemahkan)");
    switch (e.kl) {
    case KL_EQUAL:
        add(&s, "NIK sama");
        break;
    case KL_TYPO:
        add(&s, "NIK beda satu angka atau dua angka tertukar (salah ketik)");
        break;
    case KL_SERIAL:
        /* With everything else agreeing (the pair is proposed) one serial digit is a typo;
         * otherwise it is what twins' NIKs look like. */
        add(&s, e.score >= 0.8
                    ? "NIK beda satu angka (salah ketik)"
                    : "NIK beda satu angka di nomor urut atau kode wilayah (melemahkan)");
        break;
    case KL_DIFFERENT:
        add(&s, "NIK berbeda (melemahkan)");
        break;
    default: {
        bool ka = nik_ok(a->nik), kb = nik_ok(b->nik);
        add(&s, ka || kb ? "NIK tidak ada pada satu data" : "NIK tidak ada pada kedua data");
    }
    }
    if (e.why & PL_WHY_SAME_HOUSEHOLD)
        add(&s, "satu KK");
    else if (e.why & PL_WHY_SAME_VILLAGE)
        add(&s, "desa sama");
    else
        add(&s, "desa berbeda (melemahkan)");
    if (e.why & PL_WHY_SAME_ADDRESS)
        add(&s, "alamat sama");
    if (e.why & PL_WHY_MEMBERS)
        add(&s, "anggota keluarga serupa");
    if (e.why & PL_WHY_SEX_DIFFERS)
        add(&s, "jenis kelamin beda (melemahkan)");
    (void)x;
    (void)y;
}

size_t pl_match_block_key(char *out, size_t cap, const char *name)
{
    cname c;
    clean_name(&c, name);
    int best = -1;
    size_t bl = 0;
    for (int i = 0; i < c.n; i++) {
        size_t l = strlen(c.w[i]);
        if (word_weight(c.w[i]) >= 1.0 && l > bl) {
            best = i;
            bl = l;
        }
    }
    if (cap > 0)
        out[0] = '\0';
    if (best < 0 || bl < 3)
        return 0;
    char f[WORD_MAX];
    fold(f, sizeof f, c.w[best]);
    return pl_match_phonetic(out, cap, f);
}

int pl_dedup_pair_check(int64_t a, int64_t b, pl_error *err)
{
    if (a == b)
        return pl_error_set(err, PL_EINVAL, "id", "A dan B orang yang sama");
    return 0;
}
