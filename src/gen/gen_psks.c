/*
 * gen_psks.c - the PSKS units of the demo (see pl_gen_psks in gen.h): a TKSK
 * in every district, Tagana volunteers, PSM and a Karang Taruna in villages,
 * LKS and a few CSR companies per regency, written in the columns of
 * `pilar psks import`.
 *
 * Rates, and why: Permensos 28/2018 and the TKSK programme place one TKSK in
 * every district (kecamatan). Tagana is a volunteer corps of tens of members
 * per regency; here one to four per district. PSM (community social workers)
 * are recruited per village but not every village has one: 65 % have one and
 * 15 % a second. Karang Taruna is the village youth organisation every desa
 * and kelurahan is to have (Permensos 25/2019): one per village. LKS (homes,
 * foundations) cluster in towns: two plus one per two districts of a regency.
 * CSR companies (PSKS 12, dunia usaha): one to three per regency. The company
 * names are invented and name no real firm.
 */
#include "gen/gen.h"

#include "gen/gen_tables.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* PSKS codes of domain/category.h. */
enum {
    PSKS_PSM = 2,
    PSKS_TAGANA = 3,
    PSKS_LKS = 4,
    PSKS_KARANG_TARUNA = 5,
    PSKS_TKSK = 11,
    PSKS_CSR = 12,
};

static const char *const lks_kind[] = {
    "LKSA Panti Asuhan", "Yayasan Panti Sosial Tresna Werdha",
    "LKS Lanjut Usia",   "Yayasan Rehabilitasi Disabilitas",
    "LKS Anak",          "Yayasan Kesejahteraan Sosial",
};
static const char *const lks_word[] = {
    "Al-Ikhlas",    "Nurul Iman",  "Kasih Bunda",  "Harapan Kita", "Budi Mulia",  "Benua Etam",
    "Mutiara Hati", "Bina Insani", "Tunas Bangsa", "Pelita Kasih", "Darul Aitam", "Sejahtera",
};
static const char *const csr_first[] = {
    "Borneo", "Mahakam", "Kayan", "Sesayap", "Khatulistiwa", "Benua", "Etam", "Nusantara",
};
static const char *const csr_second[] = {
    "Energi Lestari", "Sawit Sejahtera", "Bara Mandiri",   "Karya Samudra",
    "Agro Makmur",    "Semen Perkasa",   "Logistik Utama", "Migas Persada",
};
static const char *const kt_word[] = {
    "", "", "", "Tunas Harapan ", "Bina Muda ", "Karya Bhakti ", "Putra Putri ",
};
static const char phone_prefix[][3] = {"11", "12", "13", "21", "22", "52", "53",
                                       "77", "78", "81", "82", "95", "96"};

typedef struct psks_out {
    FILE *f;
    gen_rng rng;
    long n;
    long by_type[13];
} psks_out;

/* Writes s as a CSV field (quoted when it holds a comma or a quote). */
static void field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void unit(psks_out *o, int type, const char *name, const char *area, const char *address)
{
    char phone[16];
    snprintf(phone, sizeof phone, "08%s%08u",
             phone_prefix[gen_rng_below(&o->rng, GEN_COUNT(phone_prefix))],
             gen_rng_below(&o->rng, 100000000u));
    fprintf(o->f, "%d,", type);
    field(o->f, name);
    fprintf(o->f, ",%s,", area);
    field(o->f, address);
    fprintf(o->f, ",%s", phone);
    char district[9];
    double lat, lng;
    snprintf(district, sizeof district, "%.8s", area);
    if (strlen(area) >= 8 && gen_place_centroid(district, &lat, &lng)) {
        /* Within a few kilometres of the district's centre. */
        lat += (gen_rng_unit(&o->rng) - 0.5) * 0.06;
        lng += (gen_rng_unit(&o->rng) - 0.5) * 0.06;
        fprintf(o->f, ",%.6f,%.6f\n", lat, lng);
    } else {
        fputs(",,\n", o->f);
    }
    o->n++;
    o->by_type[type]++;
}

/* A person's name for a unit serving regency reg (dotted "64.72"). */
static void person(psks_out *o, char *out, size_t cap, const char *reg, int age_lo, int age_hi)
{
    gen_ethnic e = gen_ethnic_pick(&o->rng, reg);
    char sex = gen_rng_chance(&o->rng, 0.6) ? 'L' : 'P';
    int year = 2025 - gen_rng_range(&o->rng, age_lo, age_hi);
    gen_name_person(out, cap, &o->rng, e, sex, year, NULL, 0);
}

static void village_units(psks_out *o, const pl_gen_village *v)
{
    char reg[6], name[160], addr[160];
    snprintf(reg, sizeof reg, "%.5s", v->code);
    bool urban = v->code[9] == '1';
    const char *label = urban ? "Kelurahan" : "Desa";
    /* A Karang Taruna in every village. */
    snprintf(name, sizeof name, "Karang Taruna %s%s %s",
             kt_word[gen_rng_below(&o->rng, GEN_COUNT(kt_word))], label, v->name);
    snprintf(addr, sizeof addr, "Kantor %s %s", label, v->name);
    unit(o, PSKS_KARANG_TARUNA, name, v->code, addr);
    int psm = gen_rng_chance(&o->rng, 0.65) + gen_rng_chance(&o->rng, 0.15);
    for (int i = 0; i < psm; i++) {
        person(o, name, sizeof name, reg, 25, 60);
        snprintf(addr, sizeof addr, "RT %02d %s %s", gen_rng_range(&o->rng, 1, 20), label, v->name);
        unit(o, PSKS_PSM, name, v->code, addr);
    }
}

static void district_units(psks_out *o, const char *district)
{
    char reg[6], name[160], addr[160];
    snprintf(reg, sizeof reg, "%.5s", district);
    person(o, name, sizeof name, reg, 25, 55);
    snprintf(addr, sizeof addr, "Kantor Camat, Jl. %s", gen_street_pick(&o->rng));
    unit(o, PSKS_TKSK, name, district, addr);
    int tagana = gen_rng_range(&o->rng, 1, 4);
    for (int i = 0; i < tagana; i++) {
        person(o, name, sizeof name, reg, 20, 45);
        snprintf(addr, sizeof addr, "Jl. %s Gg. %s", gen_street_pick(&o->rng),
                 gen_gang_pick(&o->rng));
        unit(o, PSKS_TAGANA, name, district, addr);
    }
}

static void regency_units(psks_out *o, const char *reg, const char *const *districts, size_t nd)
{
    char name[160], addr[160];
    size_t lks = 2 + nd / 2;
    for (size_t i = 0; i < lks; i++) {
        snprintf(name, sizeof name, "%s %s", lks_kind[gen_rng_below(&o->rng, GEN_COUNT(lks_kind))],
                 lks_word[gen_rng_below(&o->rng, GEN_COUNT(lks_word))]);
        snprintf(addr, sizeof addr, "Jl. %s No. %d", gen_street_pick(&o->rng),
                 gen_rng_range(&o->rng, 1, 150));
        unit(o, PSKS_LKS, name, districts[gen_rng_below(&o->rng, (uint32_t)nd)], addr);
    }
    int csr = gen_rng_range(&o->rng, 1, 3);
    for (int i = 0; i < csr; i++) {
        snprintf(name, sizeof name, "PT %s %s",
                 csr_first[gen_rng_below(&o->rng, GEN_COUNT(csr_first))],
                 csr_second[gen_rng_below(&o->rng, GEN_COUNT(csr_second))]);
        snprintf(addr, sizeof addr, "Jl. %s No. %d", gen_street_pick(&o->rng),
                 gen_rng_range(&o->rng, 1, 150));
        unit(o, PSKS_CSR, name, reg, addr);
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int pl_gen_psks(pl_gen_psks_stats *out, const pl_gen_options *opt, FILE *f, pl_error *err)
{
    pl_error_clear(err);
    if (out)
        memset(out, 0, sizeof *out);
    if (opt == NULL || opt->villages == NULL || opt->n_villages == 0 || f == NULL)
        return pl_error_set(err, PL_EINVAL, "villages", "daftar desa atau berkas PSKS kosong");
    size_t n = opt->n_villages;
    /* Distinct district codes (the first 8 characters of each village), sorted. */
    char(*dist)[9] = malloc(n * sizeof *dist);
    const char **dp = malloc(n * sizeof *dp);
    if (dist == NULL || dp == NULL) {
        free(dist);
        free(dp);
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup untuk generator");
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(dist[i], sizeof dist[i], "%.8s", opt->villages[i].code);
        dp[i] = dist[i];
    }
    qsort(dp, n, sizeof *dp, cmp_str);
    size_t nd = 0;
    for (size_t i = 0; i < n; i++)
        if (nd == 0 || strcmp(dp[nd - 1], dp[i]) != 0)
            dp[nd++] = dp[i];

    psks_out o = {.f = f};
    gen_rng_seed(&o.rng, opt->seed ^ 0x505b5u);
    fputs("jenis,nama,kode_wilayah,alamat,telepon,latitude,longitude\n", f);
    for (size_t i = 0; i < nd;) {
        size_t j = i;
        while (j < nd && strncmp(dp[j], dp[i], 5) == 0)
            j++;
        char reg[6];
        snprintf(reg, sizeof reg, "%.5s", dp[i]);
        regency_units(&o, reg, dp + i, j - i);
        for (size_t k = i; k < j; k++)
            district_units(&o, dp[k]);
        i = j;
    }
    for (size_t i = 0; i < n; i++)
        village_units(&o, &opt->villages[i]);
    free(dist);
    free(dp);
    if (fflush(f) != 0 || ferror(f))
        return pl_error_set(err, PL_EIO, "psks", "gagal menulis berkas PSKS");
    if (out) {
        out->units = o.n;
        memcpy(out->by_type, o.by_type, sizeof out->by_type);
    }
    return 0;
}
