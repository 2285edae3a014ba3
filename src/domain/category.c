#include "domain/category.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define P PL_APPLIES_PERSON
#define H PL_APPLIES_HOUSEHOLD
#define C PL_APPLIES_COMMUNITY
#define O PL_APPLIES_ORGANISATION

/* Permensos 8/2012, in its order; index = code - 1. */
static const pl_category pmks[PL_PMKS_COUNT] = {
    {1, "anak_balita_terlantar", "Anak Balita Terlantar", "Balita terlantar", P,
     "Anak Balita Terlantar"},
    {2, "anak_terlantar", "Anak Terlantar", "Anak terlantar", P, "Anak Terlantar"},
    {3, "anak_berhadapan_dengan_hukum", "Anak yang Berhadapan dengan Hukum", "ABH", P,
     "Anak Berhadapan dengan Hukum"},
    {4, "anak_jalanan", "Anak Jalanan", "Anak jalanan", P, "Anak Jalanan"},
    {5, "anak_dengan_kedisabilitasan", "Anak dengan Kedisabilitasan", "Anak disabilitas", P,
     "Anak dengan Kedisabilitasan"},
    {6, "anak_korban_tindak_kekerasan",
     "Anak yang Menjadi Korban Tindak Kekerasan atau Diperlakukan Salah", "Anak korban kekerasan",
     P, "Anak Korban Tindak Kekerasan"},
    {7, "anak_memerlukan_perlindungan_khusus", "Anak yang Memerlukan Perlindungan Khusus", "AMPK",
     P, "Anak Perlu Perlindungan Khusus"},
    {8, "lanjut_usia_terlantar", "Lanjut Usia Terlantar", "Lansia terlantar", P,
     "Lanjut Usia Terlantar"},
    {9, "penyandang_disabilitas", "Penyandang Disabilitas", "Disabilitas", P,
     "Penyandang Disabilitas"},
    {10, "tuna_susila", "Tuna Susila", "Tuna susila", P, "Tuna Susila"},
    {11, "gelandangan", "Gelandangan", "Gelandangan", P, "Gelandangan"},
    {12, "pengemis", "Pengemis", "Pengemis", P, "Pengemis"},
    {13, "pemulung", "Pemulung", "Pemulung", P, "Pemulung"},
    {14, "kelompok_minoritas", "Kelompok Minoritas", "Kelompok minoritas", P, "Kelompok Minoritas"},
    {15, "bekas_warga_binaan_lapas", "Bekas Warga Binaan Lembaga Pemasyarakatan", "BWBLP", P,
     "Bekas Warga Binaan Lapas"},
    {16, "orang_dengan_hiv_aids", "Orang dengan HIV/AIDS", "ODHA", P, "Orang dengan HIV/AIDS"},
    {17, "korban_penyalahgunaan_napza", "Korban Penyalahgunaan NAPZA", "Korban NAPZA", P,
     "Korban Penyalahgunaan NAPZA"},
    {18, "korban_trafficking", "Korban Trafficking", "Korban trafficking", P, "Korban Trafficking"},
    {19, "korban_tindak_kekerasan", "Korban Tindak Kekerasan", "Korban kekerasan", P,
     "Korban Tindak Kekerasan"},
    {20, "pekerja_migran_bermasalah_sosial", "Pekerja Migran Bermasalah Sosial", "PMBS", P,
     "Pekerja Migran Bermasalah Sosial"},
    {21, "korban_bencana_alam", "Korban Bencana Alam", "Korban bencana alam", P,
     "Korban Bencana Alam"},
    {22, "korban_bencana_sosial", "Korban Bencana Sosial", "Korban bencana sosial", P,
     "Korban Bencana Sosial"},
    {23, "perempuan_rawan_sosial_ekonomi", "Perempuan Rawan Sosial Ekonomi", "PRSE", P,
     "Perempuan Rawan Sosial Ekonomi"},
    {24, "fakir_miskin", "Fakir Miskin", "Fakir miskin", H, "Fakir Miskin"},
    {25, "keluarga_bermasalah_sosial_psikologis", "Keluarga Bermasalah Sosial Psikologis", "KBSP",
     H, "Keluarga Bermasalah Sosial Psikologis"},
    {26, "komunitas_adat_terpencil", "Komunitas Adat Terpencil", "KAT", C,
     "Komunitas Adat Terpencil"},
};
_Static_assert(sizeof pmks / sizeof pmks[0] == PL_PMKS_COUNT, "26 PMKS categories");

/* Index = code - 1; Tagana, LKS and TKSK must agree with the enum in category.h. */
static const pl_category psks[PL_PSKS_COUNT] = {
    {1, "pekerja_sosial_profesional", "Pekerja Sosial Profesional", "Peksos", P,
     "Pekerja Sosial Profesional"},
    {2, "pekerja_sosial_masyarakat", "Pekerja Sosial Masyarakat", "PSM", P,
     "Pekerja Sosial Masyarakat"},
    {PL_PSKS_TAGANA, "tagana", "Taruna Siaga Bencana", "Tagana", P, "Taruna Siaga Bencana"},
    {PL_PSKS_LKS, "lembaga_kesejahteraan_sosial", "Lembaga Kesejahteraan Sosial", "LKS", O,
     "Lembaga Kesejahteraan Sosial"},
    {5, "karang_taruna", "Karang Taruna", "Karang Taruna", O, "Karang Taruna"},
    {6, "lembaga_konsultasi_kesejahteraan_keluarga", "Lembaga Konsultasi Kesejahteraan Keluarga",
     "LK3", O, "LK3 (Konsultasi Keluarga)"},
    /* A family that pioneers welfare in its area: recorded as a household. */
    {7, "keluarga_pioner", "Keluarga Pioner", "Keluarga pioner", H, "Keluarga Pioner"},
    {8, "wahana_kesejahteraan_sosial_berbasis_masyarakat",
     "Wahana Kesejahteraan Sosial Keluarga Berbasis Masyarakat", "WKSBM", O, "WKSBM"},
    {9, "wanita_pemimpin_kesejahteraan_sosial", "Wanita Pemimpin Kesejahteraan Sosial", "WPKS", P,
     "Wanita Pemimpin Kesos"},
    {10, "penyuluh_sosial", "Penyuluh Sosial", "Penyuluh sosial", P, "Penyuluh Sosial"},
    {PL_PSKS_TKSK, "tenaga_kesejahteraan_sosial_kecamatan", "Tenaga Kesejahteraan Sosial Kecamatan",
     "TKSK", P, "TKSK"},
    {12, "dunia_usaha", "Dunia Usaha yang Melakukan Usaha Kesejahteraan Sosial",
     "Dunia usaha (CSR)", O, "Dunia Usaha (CSR)"},
};
_Static_assert(sizeof psks / sizeof psks[0] == PL_PSKS_COUNT, "12 PSKS categories");

#undef P
#undef H
#undef C
#undef O

static const char *const applies_labels[PL_APPLIES__MAX] = {
    [PL_APPLIES_PERSON] = "orang",
    [PL_APPLIES_HOUSEHOLD] = "keluarga",
    [PL_APPLIES_COMMUNITY] = "komunitas",
    [PL_APPLIES_ORGANISATION] = "lembaga",
};

static const pl_disability disabilities[] = {
    {"fisik", "Disabilitas fisik"},
    {"intelektual", "Disabilitas intelektual"},
    {"mental", "Disabilitas mental"},
    {"sensorik_netra", "Disabilitas sensorik netra"},
    {"sensorik_rungu", "Disabilitas sensorik rungu"},
    {"sensorik_wicara", "Disabilitas sensorik wicara"},
    {"ganda", "Disabilitas ganda (multi)"},
};

/* Other words spreadsheets use for the same types (index into disabilities). */
static const struct {
    const char *text;
    size_t index;
} disability_aliases[] = {
    {"netra", 3},       {"tuna_netra", 3},        {"tunanetra", 3},
    {"rungu", 4},       {"tuna_rungu", 4},        {"tunarungu", 4},
    {"wicara", 5},      {"tuna_wicara", 5},       {"tunawicara", 5},
    {"multi", 6},       {"disabilitas_multi", 6}, {"disabilitas_ganda", 6},
    {"ganda_multi", 6},
};

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool is_alnum(char c)
{
    c = lower(c);
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Next comparable character: letters lower-cased, digits, and '_' for any run of other characters.
 */
static char next_loose(const char **p)
{
    const char *s = *p;
    if (*s == '\0')
        return '\0';
    if (is_alnum(*s)) {
        *p = s + 1;
        return lower(*s);
    }
    while (*s != '\0' && !is_alnum(*s))
        s++;
    *p = s;
    return *s == '\0' ? '\0' : '_';
}

/*
 * Equal ignoring case, and treating any run of spaces, underscores and
 * punctuation as one separator; leading and trailing separators ignored.
 */
static bool loose_eq(const char *a, const char *b)
{
    while (*a != '\0' && !is_alnum(*a))
        a++;
    while (*b != '\0' && !is_alnum(*b))
        b++;
    for (;;) {
        char ca = next_loose(&a), cb = next_loose(&b);
        if (ca != cb)
            return false;
        if (ca == '\0')
            return true;
    }
}

/* Parses text as a decimal code 1..max (spaces around allowed); 0 when it is not one. */
static int parse_code(const char *text, int max)
{
    while (*text == ' ' || *text == '\t')
        text++;
    int v = 0, digits = 0;
    while (*text >= '0' && *text <= '9' && digits < 4) {
        v = v * 10 + (*text++ - '0');
        digits++;
    }
    while (*text == ' ' || *text == '\t')
        text++;
    if (digits == 0 || *text != '\0' || v < 1 || v > max)
        return 0;
    return v;
}

static const pl_category *find_in(const pl_category *table, int count, const char *text)
{
    if (text == NULL)
        return NULL;
    int code = parse_code(text, count);
    if (code > 0)
        return &table[code - 1];
    for (int i = 0; i < count; i++) {
        const pl_category *c = &table[i];
        if (loose_eq(text, c->slug) || loose_eq(text, c->name) || loose_eq(text, c->short_name) ||
            loose_eq(text, c->label))
            return c;
    }
    return NULL;
}

const pl_category *pl_pmks_get(int code)
{
    return (code >= 1 && code <= PL_PMKS_COUNT) ? &pmks[code - 1] : NULL;
}

const pl_category *pl_psks_get(int code)
{
    return (code >= 1 && code <= PL_PSKS_COUNT) ? &psks[code - 1] : NULL;
}

const pl_category *pl_pmks_find(const char *text)
{
    return find_in(pmks, PL_PMKS_COUNT, text);
}

const pl_category *pl_psks_find(const char *text)
{
    return find_in(psks, PL_PSKS_COUNT, text);
}

const char *pl_applies_to_label(pl_applies_to a)
{
    if ((int)a < 0 || a >= PL_APPLIES__MAX)
        return "";
    return applies_labels[a];
}

size_t pl_disability_count(void)
{
    return sizeof disabilities / sizeof disabilities[0];
}

const pl_disability *pl_disability_at(size_t i)
{
    return i < pl_disability_count() ? &disabilities[i] : NULL;
}

const pl_disability *pl_disability_find(const char *text)
{
    if (text == NULL)
        return NULL;
    for (size_t i = 0; i < pl_disability_count(); i++)
        if (loose_eq(text, disabilities[i].slug) || loose_eq(text, disabilities[i].label))
            return &disabilities[i];
    for (size_t i = 0; i < sizeof disability_aliases / sizeof disability_aliases[0]; i++)
        if (loose_eq(text, disability_aliases[i].text))
            return &disabilities[disability_aliases[i].index];
    return NULL;
}

/* Age limits (years, inclusive; -1 = none) and sex of the PMKS categories that have them. */
static const struct {
    int code;
    int min_age, max_age;
    char sex;
    const char *rule;
} pmks_fit[] = {
    {1, -1, 4, 0, "untuk anak di bawah 5 tahun"},
    {2, 5, 17, 0, "untuk anak umur 5 sampai 17 tahun"},
    {3, -1, 17, 0, "untuk anak di bawah 18 tahun"},
    {4, -1, 17, 0, "untuk anak di bawah 18 tahun"},
    {5, -1, 17, 0, "untuk anak di bawah 18 tahun"},
    {6, -1, 17, 0, "untuk anak di bawah 18 tahun"},
    {7, -1, 17, 0, "untuk anak di bawah 18 tahun"},
    {PL_PMKS_LANSIA_TERLANTAR, 60, -1, 0, "untuk orang umur 60 tahun ke atas"},
    {23, 18, 59, 'P', "untuk perempuan umur 18 sampai 59 tahun"},
};

int pl_pmks_person_fit(char *msg, size_t cap, int code, const pl_date *birth, char sex,
                       const pl_date *on)
{
    if (cap)
        msg[0] = '\0';
    const pl_category *c = pl_pmks_get(code);
    if (c == NULL || birth == NULL || on == NULL || pl_date_cmp(birth, on) > 0)
        return 0;
    int age = pl_date_age(birth, on);
    for (size_t i = 0; i < sizeof pmks_fit / sizeof pmks_fit[0]; i++) {
        if (pmks_fit[i].code != code)
            continue;
        bool young = pmks_fit[i].min_age >= 0 && age < pmks_fit[i].min_age;
        bool old = pmks_fit[i].max_age >= 0 && age > pmks_fit[i].max_age;
        bool other_sex = pmks_fit[i].sex && sex && sex != pmks_fit[i].sex;
        if (!young && !old && !other_sex)
            return 0;
        char when[40];
        pl_date_format_id(when, on);
        if (other_sex)
            snprintf(msg, cap, "kategori %s %s, sedangkan orang ini laki-laki", c->name,
                     pmks_fit[i].rule);
        else
            snprintf(msg, cap, "kategori %s %s, sedangkan orang ini berumur %d tahun pada %s",
                     c->name, pmks_fit[i].rule, age, when);
        return 1;
    }
    return 0;
}
