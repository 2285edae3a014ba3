/* eligibility.c - program rules evaluated over candidates (see eligibility.h). */
#include "domain/eligibility.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned pl_eligibility_check(const pl_program_rule *r, const pl_elig_subject *s)
{
    unsigned failed = 0;
    if (s->dead)
        failed |= PL_ELIG_DEAD;
    if (r->categories && (r->categories & s->categories) == 0)
        failed |= PL_ELIG_CATEGORY;
    if (r->age_min >= 0 || r->age_max >= 0) {
        if (s->age < 0 || (r->age_min >= 0 && s->age < r->age_min) ||
            (r->age_max >= 0 && s->age > r->age_max))
            failed |= PL_ELIG_AGE;
    }
    if (r->disability && !s->disability)
        failed |= PL_ELIG_DISABILITY;
    if (r->desil_max > 0 && (s->desil < 1 || s->desil > r->desil_max))
        failed |= PL_ELIG_DESIL;
    if (r->regions[0][0]) {
        bool in = false;
        for (int i = 0; i < PL_PROGRAM_LIST_MAX && r->regions[i][0]; i++)
            if (s->village && pl_region_code_in_scope(s->village, r->regions[i]))
                in = true;
        if (!in)
            failed |= PL_ELIG_REGION;
    }
    if (s->excluded_hit)
        failed |= PL_ELIG_EXCLUDED;
    if (s->no_nik && !r->nik_optional)
        failed |= PL_ELIG_NO_NIK;
    return failed;
}

static const struct {
    const char *code, *text;
} why[PL_ELIG__COUNT] = {
    {"category", "bukan kategori PMKS sasaran"},
    {"age", "umur di luar batas"},
    {"disability", "bukan penyandang disabilitas"},
    {"desil", "desil kesejahteraan di atas batas atau tidak diketahui"},
    {"region", "di luar wilayah program"},
    {"excluded", "sudah menerima program yang tidak boleh dirangkap"},
    {"dead", "sudah meninggal"},
    {"no_nik", "belum punya NIK (program ini mensyaratkan NIK)"},
};

void pl_eligibility_reasons(char *out, size_t cap, unsigned failed, bool codes)
{
    size_t k = 0;
    if (cap == 0)
        return;
    out[0] = '\0';
    for (int i = 0; i < PL_ELIG__COUNT; i++) {
        if (!(failed & (1u << i)))
            continue;
        int r = snprintf(out + k, cap - k, "%s%s", k ? (codes ? "," : "; ") : "",
                         codes ? why[i].code : why[i].text);
        if (r < 0 || (size_t)r >= cap - k)
            break;
        k += (size_t)r;
    }
}

int pl_eligibility_parse_categories(uint32_t *out, const char *text)
{
    uint32_t set = 0;
    const char *p = text ? text : "";
    while (*p) {
        while (*p == ' ' || *p == ',' || *p == ';')
            p++;
        if (!*p)
            break;
        char *end;
        long c = strtol(p, &end, 10);
        if (end == p || c < 1 || c > 26)
            return PL_EINVAL;
        set |= 1u << c;
        p = end;
        if (*p && *p != ',' && *p != ';' && *p != ' ')
            return PL_EINVAL;
    }
    *out = set;
    return 0;
}

void pl_eligibility_format_categories(char *out, size_t cap, uint32_t set)
{
    size_t k = 0;
    if (cap == 0)
        return;
    out[0] = '\0';
    for (int c = 1; c <= 26; c++) {
        if (!(set & (1u << c)))
            continue;
        int r = snprintf(out + k, cap - k, "%s%d", k ? "," : "", c);
        if (r < 0 || (size_t)r >= cap - k)
            break;
        k += (size_t)r;
    }
}

int pl_eligibility_parse_list(char *list, size_t w, const char *text)
{
    memset(list, 0, w * PL_PROGRAM_LIST_MAX);
    int n = 0;
    const char *p = text ? text : "";
    while (*p) {
        while (*p == ' ' || *p == ',' || *p == ';')
            p++;
        if (!*p)
            break;
        size_t len = strcspn(p, ",; ");
        if (n >= PL_PROGRAM_LIST_MAX || len + 1 > w)
            return PL_EINVAL;
        memcpy(list + (size_t)n * w, p, len);
        list[(size_t)n * w + len] = '\0';
        n++;
        p += len;
    }
    return 0;
}

void pl_eligibility_format_list(char *out, size_t cap, const char *list, size_t w)
{
    size_t k = 0;
    if (cap == 0)
        return;
    out[0] = '\0';
    for (int i = 0; i < PL_PROGRAM_LIST_MAX && list[(size_t)i * w]; i++) {
        int r = snprintf(out + k, cap - k, "%s%s", k ? ";" : "", list + (size_t)i * w);
        if (r < 0 || (size_t)r >= cap - k)
            break;
        k += (size_t)r;
    }
}

static const char *const levels[PL_PROGRAM__MAX] = {
    [PL_PROGRAM_PUSAT] = "pusat",
    [PL_PROGRAM_PROVINSI] = "provinsi",
    [PL_PROGRAM_KABKOTA] = "kabupaten-kota",
};
static const char *const freqs[PL_FREQ__MAX] = {
    [PL_FREQ_SEKALI] = "sekali",
    [PL_FREQ_BULANAN] = "bulanan",
    [PL_FREQ_TRIWULAN] = "triwulan",
    [PL_FREQ_TAHUNAN] = "tahunan",
};

const char *pl_program_level_name(int level)
{
    return level > 0 && level < PL_PROGRAM__MAX ? levels[level] : "";
}

int pl_program_level_parse(const char *name)
{
    for (int i = 1; i < PL_PROGRAM__MAX; i++)
        if (name && strcmp(levels[i], name) == 0)
            return i;
    return 0;
}

const char *pl_program_frequency_name(int f)
{
    return f > 0 && f < PL_FREQ__MAX ? freqs[f] : "";
}

int pl_program_frequency_parse(const char *name)
{
    for (int i = 1; i < PL_FREQ__MAX; i++)
        if (name && strcmp(freqs[i], name) == 0)
            return i;
    return 0;
}

int pl_program_payments(int frequency, int period_months)
{
    switch (frequency) {
    case PL_FREQ_BULANAN:
        return period_months;
    case PL_FREQ_TRIWULAN:
        return period_months >= 3 ? period_months / 3 : 1;
    default:
        return 1;
    }
}

int pl_bank_account_check(const char *number, pl_error *err)
{
    if (number == NULL || number[0] == '\0' || strlen(number) > PL_BANK_ACCOUNT_MAX)
        return pl_error_set(err, PL_EINVAL, "nomor",
                            "nomor rekening/kartu kosong atau terlalu panjang");
    return 0;
}
