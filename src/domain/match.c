/* match.c - similarity of Indonesian person records (see match.h). */
#include "domain/match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORDS_MAX 16
#define WORD_MAX 64

/* Nicknames and the formal names they stand for (gen_names.c uses the same pairs), sorted
 * by nickname then formal name for binary search. */
static const struct {
    const char *nick;
    const char *formal;
} nicknames[] = {
    {"agus", "agustinus"},    {"amat", "ahmad"},       {"anes", "yohanes"},
    {"ani", "nur aini"},      {"anto", "haryanto"},    {"anto", "purwanto"},
    {"bams", "bambang"},      {"beni", "benediktus"},  {"boni", "bonifasius"},
    {"dullah", "abdullah"},   {"fitri", "fitriani"},   {"frans", "fransiskus"},
    {"giyanto", "sugiyanto"}, {"hendra", "hendrawan"}, {"her", "heru"},
    {"heri", "heriyanto"},    {"ida", "zubaidah"},     {"ipul", "saifullah"},
    {"iwan", "kurniawan"},    {"iwan", "setiawan"},    {"jannah", "nurjannah"},
    {"kris", "kristianus"},   {"leman", "sulaiman"},   {"lena", "magdalena"},
    {"lia", "natalia"},       {"lisa", "elisabeth"},   {"mamad", "muhammad"},
    {"maman", "abdurrahman"}, {"mamat", "rahmat"},     {"marni", "sumarni"},
    {"met", "slamet"},        {"opan", "sofyan"},      {"pri", "supriyadi"},
    {"rahma", "rahmawati"},   {"retha", "margaretha"}, {"rusdi", "rusdiansyah"},
    {"siska", "fransiska"},   {"stevan", "stefanus"},  {"sulis", "sulistyowati"},
    {"susi", "susilawati"},   {"tere", "theresia"},    {"tina", "agustina"},
    {"tina", "kristina"},     {"tini", "kartini"},     {"tris", "sutrisno"},
    {"tyo", "sulistyo"},      {"udin", "hasanuddin"},  {"udin", "jamaluddin"},
    {"udin", "kamaruddin"},   {"udin", "samsudin"},    {"udin", "syamsuddin"},
    {"udin", "syamsudin"},    {"udin", "zainuddin"},   {"wawan", "hermawan"},
    {"wawan", "setiawan"},    {"yadi", "suryadi"},     {"yani", "handayani"},
    {"yanti", "suryanti"},    {"yati", "nurhayati"},   {"yuli", "yuliana"},
    {"yuni", "wahyuni"},      {"zul", "zulkifli"},
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
        if (strcmp(common_words[i], w) == 0)
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

#define W_NAME 0.45
#define W_DATE 0.20
#define W_MOTHER 0.20
#define W_NIK 0.15
#define UNKNOWN_SHARE 0.6
#define BONUS_MAX 0.06

void pl_match_score(pl_match_result *out, const pl_match_rec *a, const pl_match_rec *b,
                    double min_score)
{
    memset(out, 0, sizeof *out);
    unsigned why = 0;
    int dk, nk;
    double d = pl_match_date(a->birth_date, b->birth_date, &dk);
    double k = pl_match_nik(a->nik, b->nik, &nk);
    double dpart = d < 0 ? UNKNOWN_SHARE : d;
    double kpart = k < 0 ? UNKNOWN_SHARE : k;
    bool same_hh = a->household != 0 && a->household == b->household;
    bool sex_differs = a->sex && b->sex && a->sex != b->sex;
    if (min_score > 0) {
        double bound = W_NAME + W_DATE * dpart + W_MOTHER + W_NIK * kpart + BONUS_MAX;
        if (same_hh)
            bound -= 0.3;
        if (sex_differs)
            bound = bound < 0.3 ? bound : 0.3;
        if (bound < min_score) {
            out->score = bound < 0 ? 0 : bound;
            return;
        }
    }
    double m = -1.0;
    unsigned mh = 0;
    if (a->mother[0] && b->mother[0])
        m = pl_match_name(a->mother, b->mother, &mh);
    double mpart = m < 0 ? UNKNOWN_SHARE : m;
    if (min_score > 0.7 && m >= 0 && m < 0.8) {
        out->score = 0.7; /* the cap below for different mothers */
        return;
    }
    if (min_score > 0) {
        double bound = W_NAME + W_DATE * dpart + W_MOTHER * mpart + W_NIK * kpart + BONUS_MAX;
        if (same_hh)
            bound -= 0.3;
        if (bound < min_score) {
            out->score = bound < 0 ? 0 : bound;
            return;
        }
    }
    unsigned nh = 0;
    double n = pl_match_name(a->name, b->name, &nh);
    /* Unrelated Indonesian names already score 0.5-0.8 on Jaro-Winkler: only the part above
     * that range counts as agreement. */
    double nfull = n < 0.5 ? 0.0 : (n - 0.5) / 0.5;
    double mfull = m < 0 ? UNKNOWN_SHARE : m < 0.7 ? 0.0 : (m - 0.7) / 0.3;
    double score = W_NAME * nfull + W_DATE * dpart + W_MOTHER * mfull + W_NIK * kpart;

    if (nh & PL_NAME_EQUAL)
        why |= PL_WHY_NAME_EQUAL;
    else if (n >= 0.8)
        why |= PL_WHY_NAME_SIMILAR;
    if (nh & PL_NAME_NICKNAME)
        why |= PL_WHY_NICKNAME;
    if (nh & PL_NAME_INITIAL)
        why |= PL_WHY_INITIAL;
    if (dk == PL_DATE_EQUAL)
        why |= PL_WHY_DATE_EQUAL;
    else if (dk == PL_DATE_SWAPPED)
        why |= PL_WHY_DATE_SWAPPED;
    else if (dk == PL_DATE_ONE_DIGIT || dk == PL_DATE_TRANSPOSED)
        why |= PL_WHY_DATE_DIGIT;
    if (m >= 1.0)
        why |= PL_WHY_MOTHER_EQUAL;
    else if (m >= 0.85)
        why |= PL_WHY_MOTHER_SIMILAR;
    if (nk == PL_NIKSIM_EQUAL)
        why |= PL_WHY_NIK_EQUAL;
    else if (nk == PL_NIKSIM_ONE_DIGIT || nk == PL_NIKSIM_TRANSPOSED)
        why |= PL_WHY_NIK_DIGIT;
    else if (nk == PL_NIKSIM_UNKNOWN)
        why |= PL_WHY_NIK_MISSING;

    double bonus = 0.0;
    if (a->village && b->village && a->village[0] && strcmp(a->village, b->village) == 0) {
        bonus += 0.02;
        why |= PL_WHY_SAME_VILLAGE;
    } else {
        bonus -= 0.03; /* people move, but most duplicates are registered in one village */
    }
    if (a->address && b->address && a->address[0] && strcmp(a->address, b->address) == 0 &&
        !same_hh) {
        bonus += 0.02;
        why |= PL_WHY_SAME_ADDRESS;
    }
    if (popcount64(a->members & b->members) >= 2 && !same_hh) {
        bonus += 0.02;
        why |= PL_WHY_MEMBERS;
    }
    score += bonus;
    if (n < 0.8 && score > 0.5)
        score = 0.5;
    /* Two known, clearly different mothers: a different person, whatever else agrees. */
    if (m >= 0 && m < 0.8 && score > 0.7)
        score = 0.7;
    if (same_hh) {
        score -= 0.3;
        why |= PL_WHY_SAME_HOUSEHOLD;
    }
    if (sex_differs) {
        if (score > 0.3)
            score = 0.3;
        why |= PL_WHY_SEX_DIFFERS;
    }
    if (score > 1.0)
        score = 1.0;
    if (score < 0.0)
        score = 0.0;
    out->score = score;
    out->why = why;
    out->exact =
        (nh & PL_NAME_EQUAL) && dk == PL_DATE_EQUAL && m >= 1.0 && !same_hh && !sex_differs;
}

static const struct {
    const char *code;
    const char *text;
} reasons[PL_WHY__COUNT] = {
    {"name_equal", "nama sama"},
    {"name_similar", "nama mirip"},
    {"nickname", "nama panggilan"},
    {"initial", "inisial"},
    {"date_equal", "tanggal lahir sama"},
    {"date_swapped", "tanggal dan bulan lahir tertukar"},
    {"date_digit", "tanggal lahir beda satu angka"},
    {"mother_equal", "nama ibu sama"},
    {"mother_similar", "nama ibu mirip"},
    {"nik_equal", "NIK sama"},
    {"nik_digit", "NIK beda satu angka"},
    {"nik_missing", "NIK tidak ada"},
    {"same_village", "desa sama"},
    {"same_address", "alamat sama"},
    {"members", "anggota keluarga serupa"},
    {"same_household", "satu KK (melemahkan)"},
    {"sex_differs", "jenis kelamin beda (melemahkan)"},
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

int pl_dedup_pair_check(int64_t a, int64_t b, pl_error *err)
{
    if (a == b)
        return pl_error_set(err, PL_EINVAL, "id", "A dan B orang yang sama");
    return 0;
}
