#include "domain/nik.h"
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define NIK_LEN 16

/* The 38 provinces in the Kemendagri tree (idn-area-data 4.x); 96 is Papua Barat Daya. */
static const char province_codes[][3] = {
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33",
    "34", "35", "36", "51", "52", "53", "61", "62", "63", "64", "65", "71", "72",
    "73", "74", "75", "76", "81", "82", "91", "92", "93", "94", "95", "96",
};
_Static_assert(sizeof province_codes / sizeof province_codes[0] == 38,
               "Indonesia has 38 provinces");

static const char *const problem_codes[PL_NIK_PROBLEM__MAX] = {
    [PL_NIK_EMPTY] = "empty",
    [PL_NIK_EXCEL_DAMAGED] = "excel_damaged",
    [PL_NIK_NOT_DIGITS] = "not_digits",
    [PL_NIK_LENGTH] = "length",
    [PL_NIK_PROVINCE] = "province",
    [PL_NIK_REGENCY] = "regency",
    [PL_NIK_DISTRICT] = "district",
    [PL_NIK_DISTRICT_UNKNOWN] = "district_unknown",
    [PL_NIK_DATE] = "date",
    [PL_NIK_SERIAL] = "serial",
    [PL_NIK_FORMER_REGION] = "former_region",
    [PL_NIK_NUMBER_CELL] = "number_cell",
};

#define WARNING_MASK ((1u << PL_NIK_DISTRICT_UNKNOWN) | (1u << PL_NIK_FORMER_REGION))

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_space_at(const char *s, size_t n, size_t i, size_t *w)
{
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        *w = 1;
        return true;
    }
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) { /* no-break space */
        *w = 2;
        return true;
    }
    return false;
}

static void trim(const char *text, const char **start, size_t *len)
{
    size_t n = strlen(text), i = 0, w;
    while (i < n && is_space_at(text, n, i, &w))
        i += w;
    size_t end = n;
    for (;;) {
        if (end > i && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r' ||
                        text[end - 1] == '\n'))
            end--;
        else if (end >= i + 2 && (unsigned char)text[end - 2] == 0xC2 &&
                 (unsigned char)text[end - 1] == 0xA0)
            end -= 2;
        else
            break;
    }
    *start = text + i;
    *len = end - i;
}

static size_t span_digits(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && is_digit(s[i]))
        i++;
    return i;
}

/*
 * Forms a spreadsheet leaves when a NIK was stored as a number, so that only
 * 15 significant digits survive:
 *   6.47401E+15, 6,47401E+15, 6.474011203850001e15   scientific notation
 *   6474011203850000.0, 6474011203850000,00           a decimal with zero fraction
 *   6.474.011.203.850.000, 6,474,011,203,850,000      thousands separators, last digit 0
 */
static bool is_excel_form(const char *s, size_t n)
{
    size_t i = span_digits(s, n);
    if (i == 0)
        return false;

    /* Scientific notation. */
    size_t j = i;
    if (j < n && (s[j] == '.' || s[j] == ',')) {
        size_t k = span_digits(s + j + 1, n - j - 1);
        if (k > 0)
            j += 1 + k;
    }
    if (j < n && (s[j] == 'e' || s[j] == 'E')) {
        size_t k = j + 1;
        if (k < n && s[k] == '+')
            k++;
        size_t e = span_digits(s + k, n - k);
        return e > 0 && k + e == n;
    }

    /* Zero fraction after a long integer part. */
    if (i >= 12 && i + 1 < n && (s[i] == '.' || s[i] == ',')) {
        size_t k = i + 1;
        while (k < n && s[k] == '0')
            k++;
        if (k == n)
            return true;
    }

    /* Thousands grouping. */
    if (i <= 3 && i < n && (s[i] == '.' || s[i] == ',')) {
        char sep = s[i];
        size_t k = i, digits = i;
        while (k < n) {
            if (s[k] != sep || k + 4 > n)
                return false;
            for (size_t d = 1; d <= 3; d++)
                if (!is_digit(s[k + d]))
                    return false;
            digits += 3;
            k += 4;
        }
        return digits >= NIK_LEN && s[n - 1] == '0';
    }
    return false;
}

/* Copies s[0..n) into seen, cut at a UTF-8 boundary with "..." when too long. */
static void copy_seen(char *seen, size_t cap, const char *s, size_t n)
{
    if (n < cap) {
        memcpy(seen, s, n);
        seen[n] = '\0';
        return;
    }
    size_t keep = cap - 4;
    while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80)
        keep--;
    memcpy(seen, s, keep);
    memcpy(seen + keep, "...", 4);
}

static int two(const char *p)
{
    return (p[0] - '0') * 10 + (p[1] - '0');
}

bool pl_nik_province_known(const char *pp)
{
    if (pp == NULL || !is_digit(pp[0]) || !is_digit(pp[1]))
        return false;
    for (size_t i = 0; i < sizeof province_codes / sizeof province_codes[0]; i++)
        if (pp[0] == province_codes[i][0] && pp[1] == province_codes[i][1])
            return true;
    return false;
}

static bool region_exists(const pl_region_known *regions, const char *dotted)
{
    return regions->exists(regions->ctx, dotted);
}

static void check_region(pl_nik_info *out, const pl_region_known *regions)
{
    const char *d = out->digits;
    char regency[6];
    unsigned p = 0;
    bool known_province = pl_nik_province_known(d);
    bool known_regency = false;
    bool ask = regions != NULL && regions->exists != NULL;

    snprintf(out->region_code, sizeof out->region_code, "%.2s.%.2s.%.2s", d, d + 2, d + 4);
    memcpy(out->current_code, out->region_code, sizeof out->current_code);
    memcpy(regency, out->region_code, 5);
    regency[5] = '\0';

    if (!known_province)
        p |= 1u << PL_NIK_PROVINCE;
    if (d[2] == '0' && d[3] == '0') {
        p |= 1u << PL_NIK_REGENCY;
    } else if (known_province) {
        if (pl_region_former_find(out->region_code) != NULL) {
            p |= 1u << PL_NIK_FORMER_REGION;
            pl_region_former_map(out->current_code, out->region_code);
            known_regency = true;
        } else if (ask ? !region_exists(regions, regency)
                       : pl_region_official_name(regency) == NULL) {
            p |= 1u << PL_NIK_REGENCY;
        } else {
            known_regency = true;
        }
    }
    if (d[4] == '0' && d[5] == '0')
        p |= 1u << PL_NIK_DISTRICT;
    else if (known_regency && ask && !region_exists(regions, out->current_code))
        p |= 1u << PL_NIK_DISTRICT_UNKNOWN;
    out->problems |= p;
}

static void check_date(pl_nik_info *out)
{
    const char *d = out->digits;
    int dd = two(d + 6);
    out->month = two(d + 8);
    out->yy = two(d + 10);
    out->day = dd;
    if (out->kind == PL_IDNUM_NIK) {
        if (dd > 40)
            out->day = dd - 40;
        if (out->day >= 1 && out->day <= 31)
            out->sex = dd > 40 ? 'P' : 'L';
    }
    static const int centuries[2] = {1900, 2000};
    for (int i = 0; i < 2; i++) {
        int y = centuries[i] + out->yy;
        if (pl_date_valid(y, out->month, out->day)) {
            pl_date *c = &out->dates[out->n_dates++];
            c->year = y;
            c->month = out->month;
            c->day = out->day;
        }
    }
    if (out->n_dates == 0)
        out->problems |= 1u << PL_NIK_DATE;
}

static void check_digits(pl_nik_info *out, const pl_region_known *regions)
{
    check_region(out, regions);
    check_date(out);
    out->serial =
        (out->digits[12] - '0') * 1000 + two(out->digits + 13) * 10 + (out->digits[15] - '0');
    if (out->serial == 0)
        out->problems |= 1u << PL_NIK_SERIAL;
}

int pl_nik_check(pl_nik_info *out, pl_idnum_kind kind, const char *text,
                 const pl_region_known *regions)
{
    const char *s;
    size_t n;

    memset(out, 0, sizeof *out);
    out->kind = kind;
    if (text == NULL)
        text = "";
    trim(text, &s, &n);
    if (n == 0) {
        out->problems = 1u << PL_NIK_EMPTY;
        goto out;
    }
    copy_seen(out->seen, sizeof out->seen, s, n);

    size_t digits = 0, separators = 0, others = 0;
    for (size_t i = 0; i < n; i++) {
        if (is_digit(s[i]))
            digits++;
        else if (s[i] == ' ' || s[i] == '.' || s[i] == '-')
            separators++;
        else
            others++;
    }
    out->length = (int)digits;

    if (is_excel_form(s, n)) {
        out->problems = 1u << PL_NIK_EXCEL_DAMAGED;
        goto out;
    }
    if (separators + others > 0) {
        out->problems = 1u << PL_NIK_NOT_DIGITS;
        if (digits > 0 && digits != NIK_LEN && n != NIK_LEN)
            out->problems |= 1u << PL_NIK_LENGTH;
        if (others > 0 || digits != NIK_LEN)
            goto out;
        /* Only separators: read the digits and report what else is wrong. */
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (is_digit(s[i]))
                out->digits[k++] = s[i];
        out->digits[k] = '\0';
        check_digits(out, regions);
        goto out;
    }
    if (n != NIK_LEN) {
        out->problems = 1u << PL_NIK_LENGTH;
        goto out;
    }
    memcpy(out->digits, s, NIK_LEN);
    out->digits[NIK_LEN] = '\0';
    check_digits(out, regions);

out:
    out->valid = (out->problems & ~WARNING_MASK) == 0;
    return 0;
}

void pl_nik_mark_number_cell(pl_nik_info *info)
{
    if (info->problems & (1u << PL_NIK_EMPTY))
        return;
    info->problems = 1u << PL_NIK_NUMBER_CELL;
    info->valid = false;
}

bool pl_nik_problem_is_warning(pl_nik_problem p)
{
    return p >= 0 && p < PL_NIK_PROBLEM__MAX && (WARNING_MASK & (1u << p)) != 0;
}

const char *pl_nik_problem_code(pl_nik_problem p)
{
    if (p < 0 || p >= PL_NIK_PROBLEM__MAX)
        return "unknown";
    return problem_codes[p];
}

/* Appends formatted text at *len, never past cap. */
static void appendf(char *out, size_t cap, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void appendf(char *out, size_t cap, size_t *len, const char *fmt, ...)
{
    if (*len + 1 >= cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(out + *len, cap - *len, fmt, ap);
    va_end(ap);
    if (w > 0)
        *len += (size_t)w < cap - *len ? (size_t)w : cap - *len - 1;
}

static void date_message(char *out, size_t cap, const pl_nik_info *info, const char *label)
{
    bool nik = info->kind == PL_IDNUM_NIK;
    int raw = info->digits[0] ? two(info->digits + 6) : info->day;
    size_t len = 0;
    appendf(out, cap, &len, "%s dalam %s tidak valid (%02d-%02d",
            nik ? "tanggal lahir" : "tanggal terbit", label, info->day, info->month);
    if (info->day == 29 && info->month == 2)
        appendf(out, cap, &len, "-%02d, bukan tahun kabisat", info->yy);
    if (nik && raw > 40)
        appendf(out, cap, &len, "; tertulis %02d, perempuan +40", raw);
    if (nik && (raw == 0 || (raw > 31 && raw < 41) || raw > 71))
        appendf(out, cap, &len, "; tanggal harus 01-31, atau 41-71 untuk perempuan");
    appendf(out, cap, &len, ")");
}

void pl_nik_problem_message(char *out, size_t cap, const pl_nik_info *info, pl_nik_problem p)
{
    if (out == NULL || cap == 0)
        return;
    out[0] = '\0';
    if (info == NULL)
        return;
    const char *label = info->kind == PL_IDNUM_KK ? "No. KK" : "NIK";
    const pl_region_former *f;

    switch (p) {
    case PL_NIK_EMPTY:
        snprintf(out, cap, "%s kosong", label);
        break;
    case PL_NIK_EXCEL_DAMAGED:
        snprintf(out, cap,
                 "%s rusak oleh Excel (tampil sebagai %s): tersimpan sebagai angka, hanya 15 "
                 "digit tersisa; format kolom sebagai Teks lalu ketik ulang %s, atau awali "
                 "dengan tanda petik (')",
                 label, info->seen, label);
        break;
    case PL_NIK_NUMBER_CELL:
        snprintf(out, cap,
                 "%s tersimpan sebagai angka, bukan teks (terbaca %s): Excel hanya menyimpan 15 "
                 "digit, jadi digit terakhir mungkin sudah berubah menjadi 0. Perbaiki: format "
                 "kolom %s sebagai Teks lalu ketik ulang nomornya, atau ketik dengan tanda petik "
                 "di depan (')",
                 label, info->seen, label);
        break;
    case PL_NIK_NOT_DIGITS:
        snprintf(out, cap,
                 "%s hanya boleh berisi angka 0-9, tanpa spasi, titik atau huruf "
                 "(terisi \"%s\")",
                 label, info->seen);
        break;
    case PL_NIK_LENGTH:
        snprintf(out, cap, "%s harus 16 digit, terisi %d digit", label, info->length);
        break;
    case PL_NIK_PROVINCE:
        snprintf(out, cap, "kode provinsi %.2s tidak dikenal", info->digits);
        break;
    case PL_NIK_REGENCY:
        snprintf(out, cap, "kode kabupaten/kota %.5s tidak dikenal", info->region_code);
        break;
    case PL_NIK_DISTRICT:
        snprintf(out, cap, "kode kecamatan dalam %s tidak boleh 00", label);
        break;
    case PL_NIK_DISTRICT_UNKNOWN:
        snprintf(out, cap,
                 "kode kecamatan %s dalam %s tidak ada di daftar wilayah saat ini "
                 "(peringatan; periksa kembali)",
                 info->current_code, label);
        break;
    case PL_NIK_DATE:
        date_message(out, cap, info, label);
        break;
    case PL_NIK_SERIAL:
        snprintf(out, cap,
                 "nomor urut %s tidak boleh 0000 (bila pernah tersimpan sebagai angka di Excel, "
                 "digit terakhirnya berubah menjadi 0: ketik ulang sebagai teks)",
                 label);
        break;
    case PL_NIK_FORMER_REGION:
        f = pl_region_former_find(info->region_code);
        snprintf(out, cap, "%s terbit dengan kode wilayah lama %.5s (kini %s %s); %s tetap sah",
                 label, info->region_code, f ? f->current : info->current_code, f ? f->name : "",
                 label);
        break;
    default:
        snprintf(out, cap, "masalah %s tidak dikenal", label);
        break;
    }
}

int pl_nik_birth_date(pl_date *out, const pl_nik_info *info, const pl_date *stated,
                      const pl_date *today)
{
    const pl_date *best = NULL;
    for (int i = 0; i < info->n_dates && i < 2; i++) {
        const pl_date *c = &info->dates[i];
        if (stated != NULL && pl_date_cmp(c, stated) == 0) {
            best = c;
            break;
        }
        if (today != NULL && pl_date_cmp(c, today) > 0)
            continue;
        if (best == NULL || pl_date_cmp(c, best) > 0)
            best = c;
    }
    if (best == NULL)
        return PL_ENOTFOUND;
    *out = *best;
    return 0;
}

void pl_nik_mask(char *out, const char *nik)
{
    size_t n = nik ? strlen(nik) : 0;
    if (n <= 6) {
        memset(out, '*', n);
        out[n] = '\0';
        return;
    }
    size_t len = n > NIK_LEN ? NIK_LEN : n;
    memcpy(out, nik, 4);
    memset(out + 4, '*', len - 6);
    memcpy(out + len - 2, nik + n - 2, 2);
    out[len] = '\0';
}

int pl_nik_compose(char *out, const char *district6, const pl_date *birth, char sex, int serial)
{
    if (out == NULL)
        return PL_EINVAL;
    out[0] = '\0';
    if (district6 == NULL || birth == NULL || strlen(district6) != 6)
        return PL_EINVAL;
    for (int i = 0; i < 6; i++)
        if (!is_digit(district6[i]))
            return PL_EINVAL;
    if (!pl_date_valid(birth->year, birth->month, birth->day))
        return PL_EINVAL;
    if ((sex != 'L' && sex != 'P') || serial < 1 || serial > 9999)
        return PL_EINVAL;
    unsigned dd = (unsigned)birth->day + (sex == 'P' ? 40u : 0u);
    unsigned mm = (unsigned)birth->month, yy = (unsigned)birth->year % 100u;
    snprintf(out, NIK_LEN + 1, "%.6s%02u%02u%02u%04u", district6, dd % 100u, mm % 100u, yy,
             (unsigned)serial % 10000u);
    return 0;
}
