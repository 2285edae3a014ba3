/* pmt.c - the proxy-means test's variables, score, deciles and explanation (see pmt.h). */
#include "domain/pmt.h"
#include "util/error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define YESNO                                                                                      \
    PL_PMT_BOOL, false, 0, 1, true,                                                                \
    {                                                                                              \
        {                                                                                          \
            0                                                                                      \
        }                                                                                          \
    }

/* The variables, modelled on the BPS/DTKS household questionnaire (docs/internals/pmt.md). */
static const pl_pmt_var_def vars[PL_PMT_VAR__MAX] = {
    [PL_PMT_STATUS_BANGUNAN] = {"status_bangunan",
                                "Status penguasaan bangunan",
                                PL_PMT_ENUM,
                                false,
                                0,
                                0,
                                false,
                                {{"milik_sendiri", "Milik sendiri"},
                                 {"kontrak_sewa", "Kontrak/sewa"},
                                 {"bebas_sewa", "Bebas sewa"},
                                 {"dinas", "Dinas"},
                                 {"lainnya", "Lainnya"}}},
    [PL_PMT_LUAS_LANTAI] =
        {"luas_lantai", "Luas lantai (m²)", PL_PMT_NUMBER, false, 1, 5000, false, {{0}}},
    [PL_PMT_LANTAI] = {"lantai",
                       "Jenis lantai terluas",
                       PL_PMT_ENUM,
                       false,
                       0,
                       0,
                       false,
                       {{"marmer_granit", "Marmer/granit"},
                        {"keramik", "Keramik"},
                        {"parket_vinil", "Parket/vinil/karpet"},
                        {"ubin_tegel", "Ubin/tegel/teraso"},
                        {"kayu_papan", "Kayu/papan"},
                        {"semen_bata", "Semen/bata merah"},
                        {"bambu", "Bambu"},
                        {"tanah", "Tanah"},
                        {"lainnya", "Lainnya"}}},
    [PL_PMT_DINDING] = {"dinding",
                        "Jenis dinding terluas",
                        PL_PMT_ENUM,
                        false,
                        0,
                        0,
                        false,
                        {{"tembok", "Tembok"},
                         {"plesteran_bambu", "Plesteran anyaman bambu/kawat"},
                         {"kayu_papan", "Kayu/papan"},
                         {"anyaman_bambu", "Anyaman bambu"},
                         {"batang_kayu", "Batang kayu"},
                         {"bambu", "Bambu"},
                         {"lainnya", "Lainnya"}}},
    [PL_PMT_ATAP] = {"atap",
                     "Jenis atap terluas",
                     PL_PMT_ENUM,
                     false,
                     0,
                     0,
                     false,
                     {{"beton", "Beton"},
                      {"genteng", "Genteng"},
                      {"seng", "Seng"},
                      {"asbes", "Asbes"},
                      {"kayu_sirap", "Kayu/sirap"},
                      {"bambu", "Bambu"},
                      {"jerami_ijuk_daun", "Jerami/ijuk/daun/rumbia"},
                      {"lainnya", "Lainnya"}}},
    [PL_PMT_SUMBER_AIR] = {"sumber_air",
                           "Sumber air minum utama",
                           PL_PMT_ENUM,
                           false,
                           0,
                           0,
                           false,
                           {{"kemasan_isi_ulang", "Air kemasan/isi ulang"},
                            {"leding", "Leding"},
                            {"sumur_bor", "Sumur bor/pompa"},
                            {"sumur_terlindung", "Sumur terlindung"},
                            {"sumur_tak_terlindung", "Sumur tak terlindung"},
                            {"mata_air_terlindung", "Mata air terlindung"},
                            {"mata_air_tak_terlindung", "Mata air tak terlindung"},
                            {"air_permukaan", "Air permukaan (sungai/danau/waduk)"},
                            {"air_hujan", "Air hujan"},
                            {"lainnya", "Lainnya"}}},
    [PL_PMT_FASILITAS_BAB] = {"fasilitas_bab",
                              "Fasilitas buang air besar",
                              PL_PMT_ENUM,
                              false,
                              0,
                              0,
                              false,
                              {{"sendiri", "Sendiri"},
                               {"bersama", "Bersama rumah tangga lain"},
                               {"umum", "MCK umum"},
                               {"tidak_ada", "Tidak ada"}}},
    [PL_PMT_PENERANGAN] = {"penerangan",
                           "Sumber penerangan utama",
                           PL_PMT_ENUM,
                           false,
                           0,
                           0,
                           false,
                           {{"pln_meteran", "Listrik PLN dengan meteran"},
                            {"pln_tanpa_meteran", "Listrik PLN tanpa meteran"},
                            {"listrik_non_pln", "Listrik non-PLN"},
                            {"bukan_listrik", "Bukan listrik"}}},
    [PL_PMT_BAHAN_BAKAR] = {"bahan_bakar",
                            "Bahan bakar utama memasak",
                            PL_PMT_ENUM,
                            false,
                            0,
                            0,
                            false,
                            {{"listrik", "Listrik"},
                             {"elpiji_besar", "Elpiji 5,5 kg atau lebih"},
                             {"elpiji_3kg", "Elpiji 3 kg"},
                             {"gas_kota_biogas", "Gas kota/biogas"},
                             {"minyak_tanah", "Minyak tanah"},
                             {"briket_arang", "Briket/arang"},
                             {"kayu_bakar", "Kayu bakar"},
                             {"tidak_memasak", "Tidak memasak di rumah"}}},
    [PL_PMT_PENDIDIKAN_KEPALA] = {"pendidikan_kepala",
                                  "Pendidikan tertinggi kepala keluarga",
                                  PL_PMT_ENUM,
                                  false,
                                  0,
                                  0,
                                  false,
                                  {{"tidak_sekolah", "Tidak/belum pernah sekolah"},
                                   {"tidak_tamat_sd", "Tidak tamat SD"},
                                   {"sd", "SD/sederajat"},
                                   {"smp", "SMP/sederajat"},
                                   {"sma", "SMA/SMK/sederajat"},
                                   {"diploma_sarjana", "Diploma/sarjana atau lebih"}}},
    [PL_PMT_ANGGOTA_BEKERJA] = {"anggota_bekerja",
                                "Anggota usia 15–64 yang bekerja",
                                PL_PMT_NUMBER,
                                false,
                                0,
                                50,
                                true,
                                {{0}}},
    [PL_PMT_LEMARI_ES] = {"lemari_es", "Memiliki lemari es/kulkas", YESNO},
    [PL_PMT_AC] = {"ac", "Memiliki AC", YESNO},
    [PL_PMT_PEMANAS_AIR] = {"pemanas_air", "Memiliki pemanas air", YESNO},
    [PL_PMT_TELEVISI] = {"televisi", "Memiliki televisi layar datar", YESNO},
    [PL_PMT_KOMPUTER] = {"komputer", "Memiliki komputer/laptop", YESNO},
    [PL_PMT_EMAS] = {"emas", "Memiliki emas/perhiasan minimal 10 gram", YESNO},
    [PL_PMT_SEPEDA_MOTOR] =
        {"sepeda_motor", "Jumlah sepeda motor", PL_PMT_NUMBER, false, 0, 20, true, {{0}}},
    [PL_PMT_MOBIL] = {"mobil", "Memiliki mobil", YESNO},
    [PL_PMT_PERAHU_MOTOR] = {"perahu_motor", "Memiliki perahu motor", YESNO},
    [PL_PMT_LAHAN] = {"lahan", "Memiliki lahan selain yang ditempati", YESNO},
    [PL_PMT_RUMAH_LAIN] = {"rumah_lain", "Memiliki rumah di tempat lain", YESNO},
    [PL_PMT_TERNAK_BESAR] = {"ternak_besar",
                             "Ternak besar (sapi/kerbau/kuda, ekor)",
                             PL_PMT_NUMBER,
                             false,
                             0,
                             1000,
                             true,
                             {{0}}},
    [PL_PMT_JUMLAH_ANGGOTA] =
        {"jumlah_anggota", "Jumlah anggota keluarga", PL_PMT_NUMBER, true, 0, 100, true, {{0}}},
    [PL_PMT_LUAS_PER_KAPITA] = {"luas_per_kapita",
                                "Luas lantai per orang (m²)",
                                PL_PMT_NUMBER,
                                true,
                                0,
                                5000,
                                false,
                                {{0}}},
    [PL_PMT_RASIO_BEKERJA] = {"rasio_bekerja",
                              "Bagian anggota usia 15–64 yang bekerja",
                              PL_PMT_NUMBER,
                              true,
                              0,
                              1,
                              false,
                              {{0}}},
    [PL_PMT_RASIO_TANGGUNGAN] = {"rasio_tanggungan",
                                 "Rasio tanggungan (anak dan lansia)",
                                 PL_PMT_NUMBER,
                                 true,
                                 0,
                                 100,
                                 false,
                                 {{0}}},
    [PL_PMT_ANGGOTA_DISABILITAS] = {"anggota_disabilitas",
                                    "Anggota dengan disabilitas",
                                    PL_PMT_NUMBER,
                                    true,
                                    0,
                                    100,
                                    true,
                                    {{0}}},
    [PL_PMT_KEPALA_PEREMPUAN] =
        {"kepala_perempuan", "Kepala keluarga perempuan", PL_PMT_BOOL, true, 0, 1, true, {{0}}},
};

const pl_pmt_var_def *pl_pmt_var_get(int v)
{
    return v >= 0 && v < PL_PMT_VAR__MAX ? &vars[v] : NULL;
}

int pl_pmt_var_find(const char *code)
{
    for (int v = 0; code && v < PL_PMT_VAR__MAX; v++)
        if (strcasecmp(vars[v].code, code) == 0)
            return v;
    return -1;
}

int pl_pmt_option_find(int v, const char *text)
{
    const pl_pmt_var_def *d = pl_pmt_var_get(v);
    if (d == NULL || d->kind != PL_PMT_ENUM || text == NULL)
        return -1;
    for (int i = 0; i < PL_PMT_OPTIONS_MAX && d->options[i].code; i++)
        if (strcasecmp(d->options[i].code, text) == 0 || strcasecmp(d->options[i].label, text) == 0)
            return i;
    return -1;
}

/* Trimmed copy of text into out. */
static void trim(char *out, size_t cap, const char *text)
{
    while (*text == ' ' || *text == '\t')
        text++;
    snprintf(out, cap, "%s", text);
    size_t n = strlen(out);
    while (n && (out[n - 1] == ' ' || out[n - 1] == '\t' || out[n - 1] == '\r'))
        out[--n] = '\0';
}

int pl_pmt_value_parse(double *out, bool *known, int v, const char *text, char *reason, size_t cap)
{
    *out = 0;
    *known = false;
    const pl_pmt_var_def *d = pl_pmt_var_get(v);
    if (d == NULL || d->computed) {
        snprintf(reason, cap, "variabel tidak dapat diisi");
        return PL_EINVAL;
    }
    char t[96];
    trim(t, sizeof t, text ? text : "");
    if (t[0] == '\0')
        return 0;
    if (d->kind == PL_PMT_ENUM) {
        int o = pl_pmt_option_find(v, t);
        if (o < 0) {
            size_t k =
                (size_t)snprintf(reason, cap, "'%s' bukan pilihan %s; pilihan: ", t, d->label);
            for (int i = 0; i < PL_PMT_OPTIONS_MAX && d->options[i].code && k < cap; i++)
                k += (size_t)snprintf(reason + k, cap - k, "%s%s", i ? ", " : "",
                                      d->options[i].code);
            return PL_EINVAL;
        }
        *out = o;
        *known = true;
        return 0;
    }
    if (d->kind == PL_PMT_BOOL) {
        if (!strcasecmp(t, "ya") || !strcmp(t, "1") || !strcasecmp(t, "true") ||
            !strcasecmp(t, "y"))
            *out = 1;
        else if (!strcasecmp(t, "tidak") || !strcmp(t, "0") || !strcasecmp(t, "false") ||
                 !strcasecmp(t, "t"))
            *out = 0;
        else {
            snprintf(reason, cap, "%s harus ya atau tidak, bukan '%s'", d->label, t);
            return PL_EINVAL;
        }
        *known = true;
        return 0;
    }
    for (char *c = t; *c; c++)
        if (*c == ',')
            *c = '.';
    char *end;
    double x = strtod(t, &end);
    if (*end || end == t || !isfinite(x)) {
        snprintf(reason, cap, "%s harus berupa angka, bukan '%s'", d->label, t);
        return PL_EINVAL;
    }
    if (x < d->min || x > d->max || (d->integer && x != floor(x))) {
        snprintf(reason, cap, "%s harus %s %g..%g", d->label,
                 d->integer ? "bilangan bulat" : "angka", d->min, d->max);
        return PL_EINVAL;
    }
    *out = x;
    *known = true;
    return 0;
}

void pl_pmt_value_code(char *out, size_t cap, int v, double x)
{
    const pl_pmt_var_def *d = pl_pmt_var_get(v);
    if (d && d->kind == PL_PMT_ENUM && x >= 0 && x < PL_PMT_OPTIONS_MAX && d->options[(int)x].code)
        snprintf(out, cap, "%s", d->options[(int)x].code);
    else
        snprintf(out, cap, "%.10g", x);
}

/* A number in Indonesian style: "12,5". */
static void number_id(char *out, size_t cap, double x, int decimals)
{
    snprintf(out, cap, "%.*f", decimals, x);
    char *dot = strchr(out, '.');
    if (dot) {
        *dot = ',';
        size_t n = strlen(out);
        while (decimals && n && out[n - 1] == '0')
            out[--n] = '\0';
        if (n && out[n - 1] == ',')
            out[n - 1] = '\0';
    }
}

void pl_pmt_value_label(char *out, size_t cap, int v, double x)
{
    const pl_pmt_var_def *d = pl_pmt_var_get(v);
    if (d && d->kind == PL_PMT_ENUM && x >= 0 && x < PL_PMT_OPTIONS_MAX && d->options[(int)x].code)
        snprintf(out, cap, "%s", d->options[(int)x].label);
    else if (d && d->kind == PL_PMT_BOOL)
        snprintf(out, cap, "%s", x != 0 ? "ya" : "tidak");
    else
        number_id(out, cap, x, 2);
}

void pl_pmt_derive(pl_pmt_values *vals, const pl_pmt_members *m)
{
    vals->v[PL_PMT_JUMLAH_ANGGOTA] = m->living;
    vals->has[PL_PMT_JUMLAH_ANGGOTA] = true;
    vals->has[PL_PMT_LUAS_PER_KAPITA] = vals->has[PL_PMT_LUAS_LANTAI] && m->living > 0;
    vals->v[PL_PMT_LUAS_PER_KAPITA] =
        vals->has[PL_PMT_LUAS_PER_KAPITA] ? vals->v[PL_PMT_LUAS_LANTAI] / m->living : 0;
    vals->has[PL_PMT_RASIO_BEKERJA] = vals->has[PL_PMT_ANGGOTA_BEKERJA] && m->working_age > 0;
    double share =
        vals->has[PL_PMT_RASIO_BEKERJA] ? vals->v[PL_PMT_ANGGOTA_BEKERJA] / m->working_age : 0;
    vals->v[PL_PMT_RASIO_BEKERJA] = share > 1 ? 1 : share;
    vals->has[PL_PMT_RASIO_TANGGUNGAN] = m->living > 0;
    vals->v[PL_PMT_RASIO_TANGGUNGAN] =
        m->working_age > 0 ? (double)m->dependants / m->working_age : m->dependants;
    vals->v[PL_PMT_ANGGOTA_DISABILITAS] = m->disabled;
    vals->has[PL_PMT_ANGGOTA_DISABILITAS] = true;
    vals->v[PL_PMT_KEPALA_PEREMPUAN] = m->head_female ? 1 : 0;
    vals->has[PL_PMT_KEPALA_PEREMPUAN] = m->head_known;
}

int pl_pmt_model_term(pl_pmt_model *m, int var, int option, double weight, char *reason, size_t cap)
{
    const pl_pmt_var_def *d = pl_pmt_var_get(var);
    if (d == NULL) {
        snprintf(reason, cap, "variabel tidak dikenal");
        return PL_EINVAL;
    }
    if (d->kind == PL_PMT_ENUM && option < 0) {
        snprintf(reason, cap, "%s perlu kategori (salah satu pilihannya)", d->code);
        return PL_EINVAL;
    }
    if (d->kind != PL_PMT_ENUM && option >= 0) {
        snprintf(reason, cap, "%s tidak mempunyai kategori; kosongkan kolom kategori", d->code);
        return PL_EINVAL;
    }
    if (!isfinite(weight)) {
        snprintf(reason, cap, "bobot harus berupa angka");
        return PL_EINVAL;
    }
    for (int i = 0; i < m->n_terms; i++)
        if (m->terms[i].var == var && m->terms[i].option == option) {
            snprintf(reason, cap, "bobot %s%s%s sudah ada untuk wilayah ini", d->code,
                     option >= 0 ? "=" : "", option >= 0 ? d->options[option].code : "");
            return PL_EINVAL;
        }
    if (m->n_terms >= PL_PMT_TERMS_MAX) {
        snprintf(reason, cap, "terlalu banyak bobot (maks. %d per wilayah)", PL_PMT_TERMS_MAX);
        return PL_ENOMEM;
    }
    m->terms[m->n_terms++] = (pl_pmt_term){var, option, weight};
    return 0;
}

double pl_pmt_score(const pl_pmt_model *m, const pl_pmt_values *vals,
                    double contrib[PL_PMT_VAR__MAX])
{
    if (contrib)
        memset(contrib, 0, sizeof(double) * PL_PMT_VAR__MAX);
    double score = m->intercept;
    for (int i = 0; i < m->n_terms; i++) {
        const pl_pmt_term *t = &m->terms[i];
        if (t->var < 0 || t->var >= PL_PMT_VAR__MAX || !vals->has[t->var])
            continue;
        double x =
            t->option >= 0 ? ((int)vals->v[t->var] == t->option ? 1.0 : 0.0) : vals->v[t->var];
        double c = t->weight * x;
        score += c;
        if (contrib)
            contrib[t->var] += c;
    }
    return score;
}

static int ranked_cmp(const void *a, const void *b)
{
    const pl_pmt_ranked *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? -1 : 1;
    return (x->household_id > y->household_id) - (x->household_id < y->household_id);
}

void pl_pmt_deciles(pl_pmt_ranked *items, size_t n)
{
    if (n == 0)
        return;
    qsort(items, n, sizeof *items, ranked_cmp);
    for (size_t r = 0; r < n; r++)
        items[r].decile = (int)(r * 10 / n) + 1;
}

int pl_pmt_explain(int *top, int k, const double contrib[PL_PMT_VAR__MAX])
{
    int n = 0;
    bool used[PL_PMT_VAR__MAX] = {false};
    while (n < k) {
        int best = -1;
        for (int v = 0; v < PL_PMT_VAR__MAX; v++)
            if (!used[v] && contrib[v] != 0 && (best < 0 || fabs(contrib[v]) > fabs(contrib[best])))
                best = v;
        if (best < 0)
            break;
        used[best] = true;
        top[n++] = best;
    }
    return n;
}

void pl_pmt_explain_text(char *out, size_t cap, int var, double value, double contribution)
{
    const pl_pmt_var_def *d = pl_pmt_var_get(var);
    char val[96], amount[32];
    pl_pmt_value_label(val, sizeof val, var, value);
    number_id(amount, sizeof amount, fabs(contribution), 3);
    snprintf(out, cap, "%s: %s (%s skor %s)", d ? d->label : "?", val,
             contribution < 0 ? "menurunkan" : "menaikkan", amount);
}

const char *pl_pmt_band(int decile)
{
    if (decile >= 1 && decile <= 4)
        return "Desil 1–4";
    if (decile == 5)
        return "Desil 5";
    if (decile >= 6 && decile <= 10)
        return "Desil 6–10";
    return "Belum diperingkat";
}
