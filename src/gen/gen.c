/*
 * gen.c - the demo and benchmark data generator (see gen.h for the output
 * contract).
 *
 * One pass: draw a household (village, ethnic group, type, members with
 * consistent ages), give everyone a NIK from a per-prefix serial counter
 * (which makes every NIK and KK unique), assign PMKS categories at plausible
 * rates, write the rows, then maybe copy some of its people as damaged
 * duplicate records: standalone in the same village, or as "Famili Lain" in
 * the next household, which is drawn in the same village.
 *
 * Everything random comes from one xoshiro256** stream seeded from
 * opt->seed, so the output depends only on the options.
 */
#include "gen/gen.h"

#include "domain/nik.h"
#include "domain/region_code.h"
#include "gen/gen_tables.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define YEAR_DAYS 365.2425
#define GEN_MAX_MEMBERS 9 /* family card members of an original household */
#define GEN_MAX_ROWS 14   /* members plus carried duplicates */
#define GEN_MAX_PMKS 6
#define GEN_NAME_CAP 128
#define GEN_WBUF (1u << 20)

typedef enum gen_rel {
    REL_KEPALA,
    REL_ISTRI,
    REL_SUAMI,
    REL_ANAK,
    REL_MENANTU,
    REL_CUCU,
    REL_ORANG_TUA,
    REL_MERTUA,
    REL_FAMILI,
    REL_LAINNYA,
    REL__MAX
} gen_rel;

/* Labels as a family card (and a spreadsheet copied from it) writes them. */
static const char *const rel_label[REL__MAX] = {
    [REL_KEPALA] = "Kepala Keluarga",
    [REL_ISTRI] = "Istri",
    [REL_SUAMI] = "Suami",
    [REL_ANAK] = "Anak",
    [REL_MENANTU] = "Menantu",
    [REL_CUCU] = "Cucu",
    [REL_ORANG_TUA] = "Orang Tua",
    [REL_MERTUA] = "Mertua",
    [REL_FAMILI] = "Famili Lain",
    [REL_LAINNYA] = "Lainnya",
};

/* Damages applied to a duplicate, in the order the ground truth lists them. */
typedef enum gen_damage {
    DMG_TYPO,
    DMG_NICKNAME,
    DMG_INITIAL,
    DMG_DATE_SWAP,
    DMG_DATE_DIGIT,
    DMG_NIK_MISSING,
    DMG_NIK_EXCEL,
    DMG_NIK_DIGIT,
    DMG_SAME_KK,
    DMG_TITLE,
    DMG_OLD_SPELLING,
    DMG_PLACEHOLDER_DATE,
    DMG_NIK_OTHER,
    DMG__MAX
} gen_damage;

static const char *const damage_name[DMG__MAX] = {
    [DMG_TYPO] = "typo",
    [DMG_NICKNAME] = "nickname",
    [DMG_INITIAL] = "initial",
    [DMG_DATE_SWAP] = "date_swap",
    [DMG_DATE_DIGIT] = "date_digit",
    [DMG_NIK_MISSING] = "nik_missing",
    [DMG_NIK_EXCEL] = "nik_excel",
    [DMG_NIK_DIGIT] = "nik_digit",
    [DMG_SAME_KK] = "same_kk",
    [DMG_TITLE] = "title",
    [DMG_OLD_SPELLING] = "old_spelling",
    [DMG_PLACEHOLDER_DATE] = "placeholder_date",
    [DMG_NIK_OTHER] = "nik_other",
};

/* Disability types (slugs of category.h) with rough shares in per mille. */
static const struct {
    const char *slug;
    unsigned w;
} disabilities[] = {
    {"fisik", 350},       {"sensorik_netra", 150}, {"sensorik_rungu", 120}, {"sensorik_wicara", 50},
    {"intelektual", 120}, {"mental", 130},         {"ganda", 80},
};

/* Rare person-level PMKS: probability per eligible person. */
static const struct {
    int code;
    double p;
    int age_lo, age_hi;
    char sex; /* 0 = either */
} rare_pmks[] = {
    {3, 0.0005, 12, 17, 0},    /* anak berhadapan dengan hukum */
    {4, 0.0005, 6, 17, 0},     /* anak jalanan */
    {6, 0.0005, 0, 17, 0},     /* anak korban kekerasan */
    {7, 0.0005, 0, 17, 0},     /* anak memerlukan perlindungan khusus */
    {10, 0.0002, 18, 45, 'P'}, /* tuna susila */
    {11, 0.0003, 18, 80, 0},   /* gelandangan */
    {12, 0.0005, 18, 90, 0},   /* pengemis */
    {13, 0.001, 15, 70, 0},    /* pemulung */
    {14, 0.0002, 0, 95, 0},    /* kelompok minoritas */
    {15, 0.001, 20, 60, 'L'},  /* bekas warga binaan */
    {16, 0.0003, 15, 60, 0},   /* ODHA */
    {17, 0.0005, 15, 45, 0},   /* korban NAPZA */
    {18, 0.0001, 15, 35, 'P'}, /* korban trafficking */
    {19, 0.001, 15, 70, 'P'},  /* korban tindak kekerasan */
    {20, 0.0005, 20, 50, 0},   /* pekerja migran bermasalah (x8 in Nunukan) */
};

/* Head-of-household age by 5-year band from 20 (per mille-ish weights). */
static const unsigned head_age_w[] = {20, 60, 95, 115, 120, 115, 105, 95, 75, 55, 38, 22, 10, 4};
/* Single elderly household heads by 5-year band from 60. */
static const unsigned elder_age_w[] = {30, 27, 20, 12, 7, 3, 1};
/* Children born to a mother (then some grown ones have moved out). */
static const unsigned children_w[] = {90, 220, 360, 200, 85, 30, 10, 5};

typedef struct gen_pmks {
    int code;
    pl_date since;
} gen_pmks;

typedef struct gen_person {
    char name[GEN_NAME_CAP];
    char mother[GEN_NAME_CAP];
    char nik[32];
    const char *birth_place;
    const char *disability;
    long birth_days;
    pl_date birth;
    char sex;
    gen_rel rel;
    gen_ethnic eth;
    int n_pmks;
    gen_pmks pmks[GEN_MAX_PMKS];
    long row;              /* data row once written */
    long orig_row;         /* duplicates: row of the original */
    unsigned damage;       /* duplicates: bit per gen_damage */
    const char *no_nik;    /* reason code when written without a NIK, else NULL */
    int orig_idx;          /* same-card duplicates: 1 + index of the original, else 0 */
    int pair_idx;          /* counter-cases: 1 + index of the look-alike, else 0 */
    const char *pair_kind; /* counter-cases: "twin", "namesake_son" */
} gen_person;

typedef struct gen_household {
    int n;
    gen_person m[GEN_MAX_ROWS];
    size_t village;
    char kk[17];
    char address[160];
    char rt[8], rw[8];
    bool has_coords;
    double lat, lng;
} gen_household;

typedef struct gen_district {
    char code[9];          /* dotted "64.72.01" */
    char plain[7];         /* "647201" */
    char former[7];        /* former-code district ("640401"), or "" */
    long former_until;     /* last day the former code was issued (days since 1970) */
    size_t reg_lo, reg_hi; /* districts of the same regency: [reg_lo, reg_hi) */
} gen_district;

typedef struct gen_ctx {
    const pl_gen_options *opt;
    gen_rng rng;
    long today_days;
    /* villages */
    double *vcum; /* cumulative draw weight */
    double *vlat, *vlng;
    bool *vhas;
    size_t *vdist;
    /* districts present in the village list */
    gen_district *dists;
    size_t n_dists;
    /* serial counters per 12-digit NIK/KK prefix: key << 14 | count */
    uint64_t *slots;
    size_t cap, used;
    /* output */
    char *wbuf, *tbuf;
    size_t wlen, tlen;
    bool io_error;
    long row;
    /* duplicates waiting for the next household */
    gen_person carry[GEN_MAX_ROWS];
    int n_carry;
    size_t carry_village;
    pl_gen_stats stats;
} gen_ctx;

/* ---------------------------------------------------------------- helpers */

static double rng_normal(gen_rng *r)
{
    double u1 = gen_rng_unit(r), u2 = gen_rng_unit(r);
    if (u1 < 1e-300)
        u1 = 1e-300;
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

static unsigned pick_weighted(gen_rng *r, const unsigned *w, size_t n)
{
    unsigned total = 0;
    for (size_t i = 0; i < n; i++)
        total += w[i];
    unsigned x = gen_rng_below(r, total);
    for (size_t i = 0; i < n; i++) {
        if (x < w[i])
            return (unsigned)i;
        x -= w[i];
    }
    return (unsigned)(n - 1);
}

static long years_days(double years)
{
    return (long)(years * YEAR_DAYS);
}

static void set_birth(gen_person *p, long days)
{
    p->birth_days = days;
    pl_date_from_days(&p->birth, days);
}

static int age_at(const gen_ctx *c, long birth_days)
{
    return (int)((double)(c->today_days - birth_days) / YEAR_DAYS);
}

static bool is_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* "DD.DD.DD.DDDD" */
static bool village_code_ok(const char *s)
{
    return strlen(s) == 13 && is_digits(s, 2) && s[2] == '.' && is_digits(s + 3, 2) &&
           s[5] == '.' && is_digits(s + 6, 2) && s[8] == '.' && is_digits(s + 9, 4);
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* --------------------------------------------------------- serial counters */

static size_t slot_of(uint64_t key, size_t cap)
{
    return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 20) & (cap - 1);
}

static int serial_grow(gen_ctx *c)
{
    size_t ncap = c->cap ? c->cap * 2 : (size_t)1 << 16;
    uint64_t *ns = calloc(ncap, sizeof *ns);
    if (ns == NULL)
        return PL_ENOMEM;
    for (size_t i = 0; i < c->cap; i++) {
        uint64_t v = c->slots[i];
        if (v == 0)
            continue;
        size_t j = slot_of(v >> 14, ncap);
        while (ns[j] != 0)
            j = (j + 1) & (ncap - 1);
        ns[j] = v;
    }
    free(c->slots);
    c->slots = ns;
    c->cap = ncap;
    return 0;
}

/*
 * Next serial (1..9999) for a 12-digit prefix, or 0 when all are taken.
 * Returns a negative code only when memory runs out.
 */
static int serial_next(gen_ctx *c, uint64_t key)
{
    if ((c->used + 1) * 10 > c->cap * 7) {
        int rc = serial_grow(c);
        if (rc)
            return rc;
    }
    size_t j = slot_of(key, c->cap);
    while (c->slots[j] != 0) {
        if ((c->slots[j] >> 14) == key) {
            uint64_t n = c->slots[j] & 0x3fff;
            if (n >= 9999)
                return 0;
            c->slots[j]++;
            return (int)n + 1;
        }
        j = (j + 1) & (c->cap - 1);
    }
    c->slots[j] = (key << 14) | 1;
    c->used++;
    return 1;
}

static uint64_t prefix_key(const char *plain6, int dd, int mm, int yy)
{
    uint64_t k = strtoull(plain6, NULL, 10);
    return k * 1000000ULL + (uint64_t)dd * 10000 + (uint64_t)mm * 100 + (uint64_t)yy;
}

/* --------------------------------------------------------------- output */

static void out_flush(gen_ctx *c)
{
    if (c->wlen && fwrite(c->wbuf, 1, c->wlen, c->opt->out) != c->wlen)
        c->io_error = true;
    c->wlen = 0;
    if (c->tlen && c->opt->truth && fwrite(c->tbuf, 1, c->tlen, c->opt->truth) != c->tlen)
        c->io_error = true;
    c->tlen = 0;
}

static void put_raw(gen_ctx *c, const char *s, size_t n)
{
    memcpy(c->wbuf + c->wlen, s, n);
    c->wlen += n;
}

static void put_str(gen_ctx *c, const char *s)
{
    put_raw(c, s, strlen(s));
}

/* A CSV field with RFC 4180 quoting when it needs it; fields are < 256 bytes. */
static void put_field(gen_ctx *c, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        put_str(c, s);
        return;
    }
    c->wbuf[c->wlen++] = '"';
    for (; *s; s++) {
        if (*s == '"')
            c->wbuf[c->wlen++] = '"';
        c->wbuf[c->wlen++] = *s;
    }
    c->wbuf[c->wlen++] = '"';
}

static void put_date(gen_ctx *c, const pl_date *d)
{
    char buf[16];
    pl_date_format(buf, d);
    put_str(c, buf);
}

static const char header[] = "nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,"
                             "hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks,"
                             "disabilitas,latitude,longitude\n";

static const char no_nik_header[] = ",alasan_tanpa_nik";

static void write_row(gen_ctx *c, const gen_household *h, gen_person *p)
{
    put_field(c, p->nik);
    c->wbuf[c->wlen++] = ',';
    put_str(c, h->kk);
    c->wbuf[c->wlen++] = ',';
    put_field(c, p->name);
    c->wbuf[c->wlen++] = ',';
    put_field(c, p->birth_place);
    c->wbuf[c->wlen++] = ',';
    put_date(c, &p->birth);
    c->wbuf[c->wlen++] = ',';
    c->wbuf[c->wlen++] = p->sex;
    c->wbuf[c->wlen++] = ',';
    put_str(c, rel_label[p->rel]);
    c->wbuf[c->wlen++] = ',';
    put_field(c, p->mother);
    c->wbuf[c->wlen++] = ',';
    put_field(c, h->address);
    c->wbuf[c->wlen++] = ',';
    put_str(c, h->rt);
    c->wbuf[c->wlen++] = ',';
    put_str(c, h->rw);
    c->wbuf[c->wlen++] = ',';
    put_str(c, c->opt->villages[h->village].code);
    c->wbuf[c->wlen++] = ',';
    for (int i = 0; i < p->n_pmks; i++) {
        char item[32];
        char d[16];
        pl_date_format(d, &p->pmks[i].since);
        int n = snprintf(item, sizeof item, "%s%d@%s", i ? ";" : "", p->pmks[i].code, d);
        put_raw(c, item, (size_t)n);
    }
    c->wbuf[c->wlen++] = ',';
    if (p->disability)
        put_str(c, p->disability);
    c->wbuf[c->wlen++] = ',';
    if (h->has_coords) {
        char ll[64];
        int n = snprintf(ll, sizeof ll, "%.6f,%.6f", h->lat, h->lng);
        put_raw(c, ll, (size_t)n);
    } else {
        c->wbuf[c->wlen++] = ',';
    }
    if (c->opt->no_nik_rate > 0) {
        c->wbuf[c->wlen++] = ',';
        if (p->no_nik)
            put_str(c, p->no_nik);
    }
    if (p->nik[0] == '\0')
        c->stats.no_nik++;
    c->wbuf[c->wlen++] = '\n';
    p->row = ++c->row;

    if (p->orig_row > 0 && c->opt->truth) {
        int n = snprintf(c->tbuf + c->tlen, 96, "%ld,%ld,", p->orig_row, p->row);
        c->tlen += (size_t)n;
        bool first = true;
        for (int d = 0; d < DMG__MAX; d++) {
            if (!(p->damage & (1u << d)))
                continue;
            if (!first)
                c->tbuf[c->tlen++] = '+';
            size_t k = strlen(damage_name[d]);
            memcpy(c->tbuf + c->tlen, damage_name[d], k);
            c->tlen += k;
            first = false;
        }
        memcpy(c->tbuf + c->tlen, ",1\n", 3);
        c->tlen += 3;
    }
    if (c->wlen > GEN_WBUF - 4096 || c->tlen > GEN_WBUF - 4096)
        out_flush(c);
}

/* ----------------------------------------------------------------- setup */

static int district_cmp(const void *a, const void *b)
{
    return strcmp(((const gen_district *)a)->code, ((const gen_district *)b)->code);
}

static int setup(gen_ctx *c, pl_error *err)
{
    const pl_gen_options *o = c->opt;
    size_t n = o->n_villages;
    c->vcum = malloc(n * sizeof *c->vcum);
    c->vlat = malloc(n * sizeof *c->vlat);
    c->vlng = malloc(n * sizeof *c->vlng);
    c->vhas = malloc(n * sizeof *c->vhas);
    c->vdist = malloc(n * sizeof *c->vdist);
    c->dists = malloc(n * sizeof *c->dists);
    c->wbuf = malloc(GEN_WBUF);
    c->tbuf = malloc(GEN_WBUF);
    if (!c->vcum || !c->vlat || !c->vlng || !c->vhas || !c->vdist || !c->dists || !c->wbuf ||
        !c->tbuf)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup untuk generator");

    /* Distinct districts, sorted, with the span of their regency. */
    size_t nd = 0;
    for (size_t i = 0; i < n; i++) {
        gen_district d = {0};
        memcpy(d.code, o->villages[i].code, 8);
        bool seen = false;
        for (size_t j = nd; j-- > 0;) {
            if (strcmp(c->dists[j].code, d.code) == 0) {
                seen = true;
                break;
            }
            if (nd - j > 64) /* village lists come grouped; a late repeat is rare */
                break;
        }
        if (!seen)
            c->dists[nd++] = d;
    }
    qsort(c->dists, nd, sizeof *c->dists, district_cmp);
    size_t w = 0;
    for (size_t i = 0; i < nd; i++)
        if (w == 0 || strcmp(c->dists[w - 1].code, c->dists[i].code) != 0)
            c->dists[w++] = c->dists[i];
    nd = w;
    c->n_dists = nd;
    for (size_t i = 0; i < nd; i++) {
        gen_district *d = &c->dists[i];
        const char *s = d->code;
        char plain[7] = {s[0], s[1], s[3], s[4], s[6], s[7], 0};
        memcpy(d->plain, plain, 7);
        d->former[0] = '\0';
        d->former_until = 0;
        for (size_t k = 0; k < pl_region_former_count(); k++) {
            const pl_region_former *f = pl_region_former_at(k);
            pl_date until;
            if (strncmp(s, f->current, 5) != 0 || strlen(f->code) != 5 ||
                pl_date_parse(&until, f->until) != 0)
                continue;
            char fp[7] = {f->code[0], f->code[1], f->code[3], f->code[4], plain[4], plain[5], 0};
            memcpy(d->former, fp, 7);
            d->former_until = pl_date_to_days(&until);
        }
        size_t lo = i;
        while (lo > 0 && strncmp(c->dists[lo - 1].code, s, 5) == 0)
            lo--;
        size_t hi = i + 1;
        while (hi < nd && strncmp(c->dists[hi].code, s, 5) == 0)
            hi++;
        d->reg_lo = lo;
        d->reg_hi = hi;
    }

    /* Villages: draw weight, district, and a home point near the centroid. */
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        const char *code = o->villages[i].code;
        gen_district key = {0};
        memcpy(key.code, code, 8);
        gen_district *d = bsearch(&key, c->dists, nd, sizeof *c->dists, district_cmp);
        if (d == NULL)
            return pl_error_set(err, PL_EINTERNAL, "villages", "kecamatan tidak ditemukan");
        c->vdist[i] = (size_t)(d - c->dists);
        /* Urban kelurahan (1xxx) hold far more people than rural desa (2xxx). */
        total += code[9] == '1' ? 5.0 : 1.0;
        c->vcum[i] = total;
        double lat, lng;
        c->vhas[i] = gen_place_centroid(code, &lat, &lng);
        if (c->vhas[i]) {
            /* Fixed per village, independent of the seed: about 3 km off the centroid. */
            gen_rng vr;
            gen_rng_seed(&vr, fnv1a(code));
            c->vlat[i] = lat + 0.027 * rng_normal(&vr);
            c->vlng[i] = lng + 0.027 * rng_normal(&vr);
        } else {
            c->vlat[i] = c->vlng[i] = 0;
        }
    }
    return serial_grow(c) ? pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup untuk generator")
                          : 0;
}

static void teardown(gen_ctx *c)
{
    free(c->vcum);
    free(c->vlat);
    free(c->vlng);
    free(c->vhas);
    free(c->vdist);
    free(c->dists);
    free(c->slots);
    free(c->wbuf);
    free(c->tbuf);
}

static size_t pick_village(gen_ctx *c)
{
    size_t n = c->opt->n_villages;
    double x = gen_rng_unit(&c->rng) * c->vcum[n - 1];
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->vcum[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* ------------------------------------------------------- numbers: NIK, KK */

/*
 * Gives p a NIK issued in its household's regency: usually the home
 * district, sometimes another one, and for North Kalimantan people born
 * before the 2012 split in "former" households under the pre-split regency
 * code (from the former-code table of region_code.h).
 */
static int assign_nik(gen_ctx *c, gen_person *p, const gen_district *home, bool former)
{
    for (int attempt = 0; attempt < 64; attempt++) {
        const gen_district *d = home;
        size_t span = home->reg_hi - home->reg_lo;
        if (span > 1 && (attempt > 0 || gen_rng_chance(&c->rng, 0.15)))
            d = &c->dists[home->reg_lo + gen_rng_below(&c->rng, (uint32_t)span)];
        const char *code6 = d->plain;
        if (former && d->former[0] && p->birth_days <= d->former_until)
            code6 = d->former;
        int dd = p->birth.day + (p->sex == 'P' ? 40 : 0);
        int serial = serial_next(c, prefix_key(code6, dd, p->birth.month, p->birth.year % 100));
        if (serial < 0)
            return serial;
        if (serial == 0) {
            if (attempt >= 16) /* every district full for this day: move the birthday */
                set_birth(p, p->birth_days - 1);
            continue;
        }
        if (pl_nik_compose(p->nik, code6, &p->birth, p->sex, serial) != 0)
            return PL_EINTERNAL;
        return 0;
    }
    return PL_EINTERNAL;
}

static int assign_kk(gen_ctx *c, gen_household *h, const gen_district *home, bool former,
                     long head_birth)
{
    long lo = pl_date_to_days(&(pl_date){2005, 1, 1});
    long adult = head_birth + years_days(17);
    if (adult > lo)
        lo = adult;
    if (lo > c->today_days)
        lo = c->today_days;
    for (int attempt = 0; attempt < 64; attempt++) {
        /* Cards are reissued at every change, so recent dates are commoner. */
        double u = sqrt(gen_rng_unit(&c->rng));
        long days = lo + (long)((double)(c->today_days - lo) * u);
        pl_date d;
        pl_date_from_days(&d, days);
        const char *code6 =
            former && home->former[0] && days <= home->former_until ? home->former : home->plain;
        int serial = serial_next(c, prefix_key(code6, d.day, d.month, d.year % 100));
        if (serial < 0)
            return serial;
        if (serial == 0)
            continue;
        int parts[4] = {d.day, d.month, d.year % 100, serial / 100};
        memcpy(h->kk, code6, 6);
        for (int i = 0; i < 4; i++) {
            h->kk[6 + 2 * i] = (char)('0' + parts[i] / 10 % 10);
            h->kk[7 + 2 * i] = (char)('0' + parts[i] % 10);
        }
        h->kk[14] = (char)('0' + serial / 10 % 10);
        h->kk[15] = (char)('0' + serial % 10);
        h->kk[16] = '\0';
        return 0;
    }
    return PL_EINTERNAL;
}

/* ---------------------------------------------------------------- people */

static void name_person(gen_ctx *c, gen_person *p, const char *family, unsigned flags)
{
    gen_name_person(p->name, sizeof p->name, &c->rng, p->eth, p->sex, p->birth.year, family, flags);
}

static void female_name(gen_ctx *c, char *out, gen_ethnic e, int birth_year)
{
    gen_name_person(out, GEN_NAME_CAP, &c->rng, e, 'P', birth_year, NULL, 0);
}

static double local_share(gen_ethnic e, int birth_year)
{
    double l;
    switch (e) {
    case GEN_ETH_JAWA:
    case GEN_ETH_BUGIS:
    case GEN_ETH_KRISTEN:
        l = 0.45;
        break;
    case GEN_ETH_BANJAR:
    case GEN_ETH_TIONGHOA:
        l = 0.65;
        break;
    default:
        l = 0.92;
        break;
    }
    if (birth_year >= 1995)
        l = l < 0.9 ? 0.9 : l;
    else if (birth_year >= 1980)
        l += (1.0 - l) * 0.4;
    return l;
}

static gen_person *add_member(gen_household *h, gen_rel rel, gen_ethnic e, char sex, long birth)
{
    gen_person *p = &h->m[h->n++];
    memset(p, 0, sizeof *p);
    p->rel = rel;
    p->eth = e;
    p->sex = sex;
    set_birth(p, birth);
    return p;
}

/* A birth day between lo and hi (days), centred; returns false when empty. */
static bool birth_between(gen_ctx *c, long lo, long hi, long *out)
{
    if (hi > c->today_days)
        hi = c->today_days;
    if (lo > hi)
        return false;
    double t = (gen_rng_unit(&c->rng) + gen_rng_unit(&c->rng)) / 2.0;
    *out = lo + (long)((double)(hi - lo) * t);
    return true;
}

static bool keep_grown_child(gen_ctx *c, int age)
{
    if (age < 19)
        return true;
    if (age < 25)
        return gen_rng_chance(&c->rng, 0.85);
    if (age < 30)
        return gen_rng_chance(&c->rng, 0.5);
    return gen_rng_chance(&c->rng, 0.12);
}

static int cmp_birth(const void *a, const void *b)
{
    const gen_person *x = a, *y = b;
    return (x->birth_days > y->birth_days) - (x->birth_days < y->birth_days);
}

/*
 * Children of one or two parents: born 17..44 years after each of them
 * (so whole-year age gaps stay within 16..45), grown ones mostly gone.
 */
static void add_children(gen_ctx *c, gen_household *h, const gen_person *mother,
                         const gen_person *father, gen_rel rel, int max_members)
{
    const gen_person *a = mother ? mother : father;
    const gen_person *b = father ? father : mother;
    if (a == NULL)
        return;
    long older = a->birth_days < b->birth_days ? a->birth_days : b->birth_days;
    long younger = a->birth_days < b->birth_days ? b->birth_days : a->birth_days;
    long lo = younger + years_days(17), hi = older + years_days(44);
    int k = (int)pick_weighted(&c->rng, children_w, GEN_COUNT(children_w));
    int first = h->n;
    for (int i = 0; i < k && h->n < max_members; i++) {
        long bd;
        if (!birth_between(c, lo, hi, &bd))
            break;
        if (!keep_grown_child(c, age_at(c, bd)))
            continue;
        gen_person *p = add_member(h, rel, a->eth, gen_rng_chance(&c->rng, 0.51) ? 'L' : 'P', bd);
        (void)p;
    }
    qsort(&h->m[first], (size_t)(h->n - first), sizeof h->m[0], cmp_birth);
}

static int head_age(gen_ctx *c, bool elder)
{
    if (elder) {
        unsigned band = pick_weighted(&c->rng, elder_age_w, GEN_COUNT(elder_age_w));
        int a = 60 + 5 * (int)band + (int)gen_rng_below(&c->rng, 5);
        return a > 95 ? 95 : a;
    }
    unsigned band = pick_weighted(&c->rng, head_age_w, GEN_COUNT(head_age_w));
    return 20 + 5 * (int)band + (int)gen_rng_below(&c->rng, 5);
}

static long birth_for_age(gen_ctx *c, double age)
{
    return c->today_days - years_days(age + gen_rng_unit(&c->rng));
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* Opposite-sex partner of p, of similar age (husbands a few years older). */
static long partner_birth(gen_ctx *c, const gen_person *p)
{
    double gap = clamp(3.5 + 4.0 * rng_normal(&c->rng), -5, 15);
    long b = p->birth_days + (p->sex == 'L' ? years_days(gap) : -years_days(gap));
    long latest = c->today_days - years_days(17);
    return b > latest ? latest - (long)gen_rng_below(&c->rng, 700) : b;
}

static gen_ethnic spouse_group(gen_ctx *c, gen_ethnic e, const char *regency)
{
    return gen_rng_chance(&c->rng, 0.15) ? gen_ethnic_pick(&c->rng, regency) : e;
}

static void add_pmks(gen_person *p, int code, pl_date since)
{
    if (p->n_pmks >= GEN_MAX_PMKS)
        return;
    int i = p->n_pmks++;
    while (i > 0 && p->pmks[i - 1].code > code) {
        p->pmks[i] = p->pmks[i - 1];
        i--;
    }
    p->pmks[i].code = code;
    p->pmks[i].since = since;
}

/* A start date within the last six years, not before birth. */
static pl_date since_date(gen_ctx *c, long birth_days)
{
    long lo = c->today_days - years_days(6);
    if (lo < birth_days)
        lo = birth_days;
    long d = lo + (long)((double)(c->today_days - lo) * gen_rng_unit(&c->rng));
    pl_date out;
    pl_date_from_days(&out, d);
    return out;
}

static const char *pick_disability(gen_ctx *c)
{
    unsigned w[GEN_COUNT(disabilities)];
    for (size_t i = 0; i < GEN_COUNT(disabilities); i++)
        w[i] = disabilities[i].w;
    return disabilities[pick_weighted(&c->rng, w, GEN_COUNT(w))].slug;
}

static void assign_pmks(gen_ctx *c, gen_household *h, bool single_elder, const char *regency)
{
    gen_person *head = &h->m[0];
    bool vulnerable = single_elder || head->sex == 'P';
    if (gen_rng_chance(&c->rng, vulnerable ? 0.12 : 0.048))
        add_pmks(head, 24, since_date(c, head->birth_days + years_days(17)));
    if (gen_rng_chance(&c->rng, 0.003))
        add_pmks(head, 25, since_date(c, head->birth_days + years_days(17)));
    for (int code = 21; code <= 22; code++) {
        if (!gen_rng_chance(&c->rng, code == 21 ? 0.005 : 0.0005))
            continue;
        pl_date d = since_date(c, 0);
        for (int i = 0; i < h->n; i++)
            if (h->m[i].birth_days <= pl_date_to_days(&d))
                add_pmks(&h->m[i], code, d);
    }
    bool nunukan = strncmp(regency, "65.03", 5) == 0;
    for (int i = 0; i < h->n; i++) {
        gen_person *p = &h->m[i];
        int age = age_at(c, p->birth_days);
        if (gen_rng_chance(&c->rng, 0.02)) {
            p->disability = pick_disability(c);
            add_pmks(p, age < 18 ? 5 : 9, since_date(c, p->birth_days));
        }
        if (age >= 60 && gen_rng_chance(&c->rng, single_elder ? 0.07 : 0.02))
            add_pmks(p, 8, since_date(c, p->birth_days + years_days(60)));
        if (age < 5 && gen_rng_chance(&c->rng, 0.003))
            add_pmks(p, 1, since_date(c, p->birth_days));
        if (age >= 6 && age <= 17 && gen_rng_chance(&c->rng, 0.005))
            add_pmks(p, 2, since_date(c, p->birth_days + years_days(6)));
        if (i == 0 && p->sex == 'P' && age >= 18 && age <= 59 && gen_rng_chance(&c->rng, 0.01))
            add_pmks(p, 23, since_date(c, p->birth_days + years_days(18)));
        /* At most one of the rare categories, in one draw. */
        double u = gen_rng_unit(&c->rng);
        for (size_t k = 0; k < GEN_COUNT(rare_pmks); k++) {
            if (age < rare_pmks[k].age_lo || age > rare_pmks[k].age_hi)
                continue;
            if (rare_pmks[k].sex && rare_pmks[k].sex != p->sex)
                continue;
            double pr = rare_pmks[k].p * (rare_pmks[k].code == 20 && nunukan ? 8 : 1);
            if (u < pr) {
                add_pmks(p, rare_pmks[k].code,
                         since_date(c, p->birth_days + years_days(rare_pmks[k].age_lo)));
                break;
            }
            u -= pr;
        }
    }
}

/* H./Hj. on some older Muslims, a degree on some adults. */
static void decorate_name(gen_ctx *c, gen_person *p)
{
    int age = age_at(c, p->birth_days);
    char buf[GEN_NAME_CAP];
    if (age >= 45 && gen_ethnic_muslim(p->eth) && gen_rng_chance(&c->rng, 0.07)) {
        /* The title is left off a name too long to carry it. */
        if (snprintf(buf, sizeof buf, "%s %s", p->sex == 'L' ? "H." : "Hj.", p->name) <
            (int)sizeof buf)
            memcpy(p->name, buf, sizeof buf);
    } else if (age >= 55 && gen_rng_chance(&c->rng, 0.01)) {
        if (snprintf(buf, sizeof buf, "%s %s", p->sex == 'L' ? "Drs." : "Dra.", p->name) <
            (int)sizeof buf)
            memcpy(p->name, buf, sizeof buf);
    }
    if (age >= 23 && age <= 70 && gen_rng_chance(&c->rng, 0.04)) {
        size_t n = strlen(p->name);
        const char *deg = gen_name_degree(&c->rng);
        if (n + strlen(deg) < sizeof p->name)
            memcpy(p->name + n, deg, strlen(deg) + 1);
    }
}

static void make_address(gen_ctx *c, gen_household *h)
{
    const pl_gen_village *v = &c->opt->villages[h->village];
    bool urban = v->code[9] == '1';
    int rt = urban ? gen_rng_range(&c->rng, 1, 45) : gen_rng_range(&c->rng, 1, 12);
    int rw = urban ? gen_rng_range(&c->rng, 1, 12) : gen_rng_range(&c->rng, 1, 4);
    snprintf(h->rt, sizeof h->rt, "%03d", rt);
    snprintf(h->rw, sizeof h->rw, "%03d", rw);
    int no = gen_rng_range(&c->rng, 1, 120);
    double u = gen_rng_unit(&c->rng);
    if (!urban && u < 0.4 && v->name[0]) {
        if (gen_rng_chance(&c->rng, 0.5))
            snprintf(h->address, sizeof h->address, "Dusun %s", gen_gang_pick(&c->rng));
        else
            snprintf(h->address, sizeof h->address, "Desa %s RT %02d", v->name, rt);
    } else if (u < 0.55) {
        snprintf(h->address, sizeof h->address, "Jl. %s No. %d", gen_street_pick(&c->rng), no);
    } else if (u < 0.68) {
        snprintf(h->address, sizeof h->address, "Jl. %s Gg. %s No. %d", gen_street_pick(&c->rng),
                 gen_gang_pick(&c->rng), no);
    } else if (u < 0.80) {
        snprintf(h->address, sizeof h->address, "RT %02d Gang %s", rt, gen_gang_pick(&c->rng));
    } else if (u < 0.90) {
        snprintf(h->address, sizeof h->address, "Perum Griya %s Blok %c No. %d",
                 gen_gang_pick(&c->rng), 'A' + (char)gen_rng_below(&c->rng, 8), no % 40 + 1);
    } else {
        snprintf(h->address, sizeof h->address, "Jl. %s, Gg. %s No. %d", gen_street_pick(&c->rng),
                 gen_gang_pick(&c->rng), no);
    }
}

static void place_household(gen_ctx *c, gen_household *h)
{
    h->has_coords = c->vhas[h->village] && gen_rng_chance(&c->rng, 0.95);
    if (h->has_coords) {
        h->lat = c->vlat[h->village] + 0.008 * rng_normal(&c->rng);
        h->lng = c->vlng[h->village] + 0.008 * rng_normal(&c->rng);
    } else {
        h->lat = h->lng = 0;
    }
    make_address(c, h);
}

/* ------------------------------------------- look-alikes and missing NIKs */

/*
 * Counter-cases for duplicate detection, planted only with clerk_dup_rate > 0
 * (so that a run without it keeps its bytes): twins (twin births are about
 * 1 in 80 in Indonesia; a household with young children gets a pair at
 * 2.5 %) and a son who carries his father's full name (3 % of households
 * with a son; common enough in Kalimantan to trip a matcher).
 */
static void add_look_alikes(gen_ctx *c, gen_household *h, const char *family)
{
    gen_person *head = &h->m[0];
    int young = -1, son = -1;
    for (int i = 1; i < h->n; i++) {
        const gen_person *p = &h->m[i];
        if (p->rel != REL_ANAK)
            continue;
        if (age_at(c, p->birth_days) < 18)
            young = i; /* children come sorted by birth: the youngest last */
        if (son < 0 && p->sex == 'L' && age_at(c, p->birth_days) >= 1)
            son = i;
    }
    if (young > 0 && h->n < GEN_MAX_MEMBERS && gen_rng_chance(&c->rng, 0.025)) {
        gen_person *sib = &h->m[young];
        const char *fam = family && strstr(sib->name, family) ? family : NULL;
        gen_person *tw = add_member(h, REL_ANAK, sib->eth, gen_rng_chance(&c->rng, 0.5) ? 'L' : 'P',
                                    sib->birth_days);
        sib = &h->m[young];
        for (int k = 0; k < 8; k++) {
            name_person(c, tw, fam, 0);
            if (strcmp(tw->name, sib->name) != 0)
                break;
        }
        memcpy(tw->mother, sib->mother, GEN_NAME_CAP);
        if (strcmp(tw->name, sib->name) != 0) {
            tw->pair_idx = young + 1;
            tw->pair_kind = "twin";
            c->stats.twins++;
        }
    }
    if (son > 0 && head->sex == 'L' && gen_rng_chance(&c->rng, 0.03)) {
        gen_person *p = &h->m[son];
        memcpy(p->name, head->name, GEN_NAME_CAP);
        p->pair_idx = 1;
        p->pair_kind = "namesake_son";
        c->stats.namesakes++;
    }
}

/*
 * Who is written without a NIK, and why (issue 16: DTKS had about 16 % of
 * its records unmatched to the civil registry, concentrated in the groups
 * below). Shares per person at no_nik_rate = NO_NIK_BASE, scaled linearly
 * by no_nik_rate / NO_NIK_BASE (each capped at 1):
 * - anak_belum_ber_nik: children not yet added to the family card or
 *   without a birth certificate: 45 % under one year, 15 % aged 1-4, 3 % of
 *   older children (birth-certificate coverage is lowest for infants);
 * - belum_rekam_ktp_el: adults never recorded for the e-KTP, mostly the old
 *   and frail: 12 % from 75, 5 % aged 60-74, 1.2 % of younger adults;
 * - tunawisma: street children, vagrants and beggars (PMKS 4, 11, 12): 60 %;
 * - kat: members of remote Dayak communities (komunitas adat terpencil;
 *   15 % of Dayak households in rural villages of Kutai Barat, Mahakam Ulu,
 *   Malinau and Nunukan): 50 %;
 * - everyone else: 0.8 % tidak_diketahui, 0.2 % lainnya.
 * NO_NIK_BASE is the overall share these shares give on the demo population
 * (5.95 %, measured over 200,000 people of provinces 64 and 65, seed 9), so
 * --no-nik-rate R yields about R overall. The demo asks for 0.07: about 7 %
 * of people without a NIK, under DTKS's 16 % unmatched (which also counts
 * people whose NIK exists but was written wrong) and inside the 5-10 % the
 * issue asks for.
 */
#define NO_NIK_BASE 0.06

static bool has_pmks(const gen_person *p, int code)
{
    for (int i = 0; i < p->n_pmks; i++)
        if (p->pmks[i].code == code)
            return true;
    return false;
}

static double scaled(const gen_ctx *c, double p)
{
    double x = p * c->opt->no_nik_rate / NO_NIK_BASE;
    return x > 1 ? 1 : x;
}

static void assign_no_nik(gen_ctx *c, gen_household *h, const char *regency)
{
    const char *vcode = c->opt->villages[h->village].code;
    bool remote =
        vcode[9] == '2' && (strcmp(regency, "64.07") == 0 || strcmp(regency, "64.11") == 0 ||
                            strcmp(regency, "65.02") == 0 || strcmp(regency, "65.03") == 0);
    bool kat = remote && h->m[0].eth == GEN_ETH_DAYAK && gen_rng_chance(&c->rng, 0.15);
    for (int i = 0; i < h->n; i++) {
        gen_person *p = &h->m[i];
        int age = age_at(c, p->birth_days);
        const char *why;
        double pr;
        if (has_pmks(p, 4) || has_pmks(p, 11) || has_pmks(p, 12)) {
            why = "tunawisma", pr = 0.60;
        } else if (kat) {
            why = "kat", pr = 0.50;
        } else if (age < 17) {
            why = "anak_belum_ber_nik", pr = age < 1 ? 0.45 : age < 5 ? 0.15 : 0.03;
        } else {
            why = "belum_rekam_ktp_el", pr = age >= 75 ? 0.12 : age >= 60 ? 0.05 : 0.012;
        }
        if (!gen_rng_chance(&c->rng, scaled(c, pr))) {
            double u = gen_rng_unit(&c->rng);
            why = u < scaled(c, 0.008)   ? "tidak_diketahui"
                  : u < scaled(c, 0.010) ? "lainnya"
                                         : NULL;
        }
        if (why) {
            p->no_nik = why;
            p->nik[0] = '\0';
        }
    }
}

/* The members of a new household in village v, names and numbers included. */
static int make_household(gen_ctx *c, gen_household *h, size_t v)
{
    const char *vcode = c->opt->villages[v].code;
    char regency[6];
    memcpy(regency, vcode, 5);
    regency[5] = '\0';
    const gen_district *home = &c->dists[c->vdist[v]];
    h->n = 0;
    h->village = v;

    gen_ethnic e = gen_ethnic_pick(&c->rng, regency);
    const char *family = gen_name_family(&c->rng, e);
    double noble_p = e == GEN_ETH_BUGIS    ? 0.08
                     : e == GEN_ETH_KUTAI  ? 0.05
                     : e == GEN_ETH_TIDUNG ? 0.03
                     : e == GEN_ETH_BANJAR ? 0.02
                                           : 0;
    unsigned noble = gen_rng_chance(&c->rng, noble_p) ? GEN_NAME_NOBLE : 0;
    bool former = home->former[0] && gen_rng_chance(&c->rng, 0.3);

    double u = gen_rng_unit(&c->rng);
    bool single_elder = u < 0.06, single_adult = !single_elder && u < 0.10;
    gen_person *head, *spouse = NULL;
    if (single_elder || single_adult) {
        char sex = single_elder ? (gen_rng_chance(&c->rng, 0.65) ? 'P' : 'L')
                                : (gen_rng_chance(&c->rng, 0.65) ? 'L' : 'P');
        int age = single_elder ? head_age(c, true) : gen_rng_range(&c->rng, 19, 45);
        head = add_member(h, REL_KEPALA, e, sex, birth_for_age(c, age));
    } else {
        int age = head_age(c, false);
        double s = gen_rng_unit(&c->rng);
        char sex = s < 0.135 ? 'P' : 'L';
        head = add_member(h, REL_KEPALA, e, sex, birth_for_age(c, age));
        bool with_spouse = sex == 'L' ? gen_rng_chance(&c->rng, age < 65 ? 0.95 : 0.75) : s < 0.015;
        if (with_spouse) {
            spouse = add_member(h, sex == 'L' ? REL_ISTRI : REL_SUAMI, spouse_group(c, e, regency),
                                sex == 'L' ? 'P' : 'L', partner_birth(c, head));
        }
        const gen_person *mother = head->sex == 'P' ? head : spouse;
        const gen_person *father = head->sex == 'L' ? head : spouse;
        add_children(c, h, mother, father, REL_ANAK, GEN_MAX_MEMBERS - 1);
    }
    int n_core = h->n;

    /* Names of the core family; children carry the family name and title. */
    name_person(c, head, head->sex == 'L' || e == GEN_ETH_TIONGHOA ? family : NULL, noble);
    if (spouse)
        name_person(c, spouse, NULL,
                    spouse->eth == e && noble && spouse->sex == 'P' && gen_rng_chance(&c->rng, 0.5)
                        ? noble
                        : 0);
    const char *mother_of_children = head->sex == 'P' ? head->name : spouse ? spouse->name : NULL;
    char absent_mother[GEN_NAME_CAP];
    if (mother_of_children == NULL) {
        female_name(c, absent_mother, e, head->birth.year + gen_rng_range(&c->rng, -2, 8));
        mother_of_children = absent_mother;
    }
    for (int i = 1; i < n_core; i++) {
        gen_person *p = &h->m[i];
        if (p->rel != REL_ANAK)
            continue;
        p->eth = e;
        bool fam =
            family && (head->sex == 'L' || e == GEN_ETH_TIONGHOA) && gen_rng_chance(&c->rng, 0.85);
        unsigned fl = noble && (head->sex == 'L' || e == GEN_ETH_BUGIS) ? noble : 0;
        name_person(c, p, fam ? family : NULL, fl);
        memcpy(p->mother, mother_of_children, GEN_NAME_CAP);
    }

    int hage = age_at(c, head->birth_days);
    /* A married child living in with spouse and children. */
    if (hage >= 50 && h->n < GEN_MAX_MEMBERS - 1 && gen_rng_chance(&c->rng, 0.35)) {
        gen_person *child = NULL;
        for (int i = 1; i < h->n; i++)
            if (h->m[i].rel == REL_ANAK && age_at(c, h->m[i].birth_days) >= 20) {
                child = &h->m[i];
                break;
            }
        if (child) {
            gen_person *inlaw = add_member(h, REL_MENANTU, spouse_group(c, e, regency),
                                           child->sex == 'L' ? 'P' : 'L', partner_birth(c, child));
            name_person(c, inlaw, NULL, 0);
            female_name(c, inlaw->mother, inlaw->eth, inlaw->birth.year - 25);
            const gen_person *m = child->sex == 'P' ? child : inlaw;
            const gen_person *f = child->sex == 'L' ? child : inlaw;
            int first = h->n;
            add_children(c, h, m, f, REL_CUCU, GEN_MAX_MEMBERS);
            for (int i = first; i < h->n; i++) {
                bool fam = family && child->sex == 'L';
                name_person(c, &h->m[i], fam ? family : NULL, 0);
                memcpy(h->m[i].mother, m->name, GEN_NAME_CAP);
            }
        }
    } else if (hage >= 50 && n_core <= 2 && gen_rng_chance(&c->rng, 0.10)) {
        /* Grandchildren raised by their grandparents. */
        long lo = head->birth_days + years_days(36), hi = head->birth_days + years_days(70);
        int k = gen_rng_range(&c->rng, 1, 2);
        char mum[GEN_NAME_CAP];
        female_name(c, mum, e, head->birth.year + 25);
        for (int i = 0; i < k; i++) {
            long bd;
            if (!birth_between(c, lo, hi, &bd) || age_at(c, bd) > 20)
                break;
            gen_person *p =
                add_member(h, REL_CUCU, e, gen_rng_chance(&c->rng, 0.51) ? 'L' : 'P', bd);
            name_person(c, p, NULL, 0);
            memcpy(p->mother, mum, GEN_NAME_CAP);
        }
    }

    /* An elderly parent or parent-in-law. */
    if (!single_elder && !single_adult && hage >= 22 && hage <= 62 && h->n < GEN_MAX_MEMBERS &&
        gen_rng_chance(&c->rng, 0.11)) {
        bool inlaw = spouse && gen_rng_chance(&c->rng, 0.4);
        gen_person *ref = inlaw ? spouse : head;
        long bd;
        if (birth_between(c, ref->birth_days - years_days(44), ref->birth_days - years_days(17),
                          &bd) &&
            age_at(c, bd) <= 95) {
            gen_person *p = add_member(h, inlaw ? REL_MERTUA : REL_ORANG_TUA, ref->eth,
                                       gen_rng_chance(&c->rng, 0.7) ? 'P' : 'L', bd);
            name_person(c, p, NULL, 0);
            female_name(c, p->mother, p->eth, p->birth.year - 25);
            if (p->sex == 'P')
                memcpy(ref->mother, p->name, GEN_NAME_CAP);
        }
    }
    /* A nephew or niece, or a helper. */
    if (h->n < GEN_MAX_MEMBERS && gen_rng_chance(&c->rng, 0.07)) {
        gen_person *p = add_member(h, REL_FAMILI, e, gen_rng_chance(&c->rng, 0.5) ? 'L' : 'P',
                                   birth_for_age(c, gen_rng_range(&c->rng, 8, 35)));
        name_person(c, p, NULL, 0);
        female_name(c, p->mother, e, p->birth.year - 28);
    }
    if (h->n < GEN_MAX_MEMBERS && gen_rng_chance(&c->rng, 0.006)) {
        gen_ethnic pe = gen_ethnic_pick(&c->rng, regency);
        gen_person *p = add_member(h, REL_LAINNYA, pe, gen_rng_chance(&c->rng, 0.3) ? 'L' : 'P',
                                   birth_for_age(c, gen_rng_range(&c->rng, 18, 50)));
        name_person(c, p, NULL, 0);
        female_name(c, p->mother, pe, p->birth.year - 28);
    }
    if (head->mother[0] == '\0')
        female_name(c, head->mother, e, head->birth.year - 25);
    if (spouse && spouse->mother[0] == '\0')
        female_name(c, spouse->mother, spouse->eth, spouse->birth.year - 25);

    if (c->opt->clerk_dup_rate > 0)
        add_look_alikes(c, h, family);
    for (int i = 0; i < h->n; i++) {
        gen_person *p = &h->m[i];
        p->birth_place =
            gen_place_birth(&c->rng, regency, p->eth, local_share(p->eth, p->birth.year));
        int rc = assign_nik(c, p, home, former);
        if (rc)
            return rc;
    }
    for (int i = 0; i < h->n; i++)
        decorate_name(c, &h->m[i]);
    assign_pmks(c, h, single_elder, regency);
    if (c->opt->no_nik_rate > 0)
        assign_no_nik(c, h, regency);
    place_household(c, h);
    return assign_kk(c, h, home, former, head->birth_days);
}

/* ------------------------------------------------------------ duplicates */

static bool is_letter(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* Span of the idx-th letters-only word of at least minlen letters; false if none. */
static bool find_word(const char *s, int want, size_t minlen, size_t *at, size_t *len)
{
    int seen = 0;
    size_t i = 0, n = strlen(s);
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        size_t j = i;
        while (j < n && s[j] != ' ')
            j++;
        bool letters = j > i;
        for (size_t k = i; k < j; k++)
            if (!is_letter(s[k]) && s[k] != '\'')
                letters = false;
        if (letters && j - i >= minlen) {
            if (seen == want) {
                *at = i;
                *len = j - i;
                return true;
            }
            seen++;
        }
        i = j;
    }
    return false;
}

static int count_words(const char *s, size_t minlen)
{
    int n = 0;
    size_t at, len;
    while (find_word(s, n, minlen, &at, &len))
        n++;
    return n;
}

static void splice(char *s, size_t cap, size_t at, size_t len, const char *with)
{
    size_t n = strlen(s), w = strlen(with);
    if (n - len + w + 1 > cap)
        return;
    memmove(s + at + w, s + at + len, n - at - len + 1);
    memcpy(s + at, with, w);
}

static bool damage_typo(gen_ctx *c, char *name)
{
    int words = count_words(name, 4);
    if (words == 0)
        return false;
    size_t at, len;
    find_word(name, (int)gen_rng_below(&c->rng, (uint32_t)words), 4, &at, &len);
    char *w = name + at;
    static const char vowels[] = "aiueo";
    static const char similar[] = "bpdtgkmnlrsz";
    for (int attempt = 0; attempt < 8; attempt++) {
        int op = (int)gen_rng_below(&c->rng, 3);
        size_t i = 1 + gen_rng_below(&c->rng, (uint32_t)(len - 1));
        if (op == 0) { /* substitution with a letter that sounds or sits close */
            char ch = w[i], to;
            if (strchr(vowels, ch))
                to = vowels[gen_rng_below(&c->rng, 5)];
            else
                to = similar[gen_rng_below(&c->rng, (uint32_t)(sizeof similar - 1))];
            if (to == ch || !is_letter(ch))
                continue;
            w[i] = to;
            return true;
        }
        if (op == 1) { /* transposition of two neighbours */
            if (i + 1 >= len || w[i] == w[i + 1] || !is_letter(w[i]) || !is_letter(w[i + 1]))
                continue;
            char t = w[i];
            w[i] = w[i + 1];
            w[i + 1] = t;
            return true;
        }
        memmove(w + i, w + i + 1, strlen(w + i + 1) + 1); /* deletion */
        return true;
    }
    return false;
}

static bool damage_nickname(char *name)
{
    size_t at, len;
    const char *nick = gen_name_nickname(name, &at, &len);
    if (nick == NULL)
        return false;
    splice(name, GEN_NAME_CAP, at, len, nick);
    return true;
}

/* "Muhammad Ridwan" -> "M. Ridwan": first real word to its initial. */
static bool damage_initial(char *name)
{
    size_t at, len, at2, len2;
    if (!find_word(name, 0, 2, &at, &len) || !find_word(name, 1, 2, &at2, &len2))
        return false;
    char ini[3] = {name[at], '.', 0};
    splice(name, GEN_NAME_CAP, at, len, ini);
    return true;
}

static bool damage_date_swap(gen_ctx *c, gen_person *p)
{
    pl_date d = {p->birth.year, p->birth.day, p->birth.month};
    if (p->birth.day > 12 || p->birth.day == p->birth.month ||
        !pl_date_valid(d.year, d.month, d.day) || pl_date_to_days(&d) > c->today_days)
        return false;
    p->birth = d;
    return true;
}

static bool damage_date_digit(gen_ctx *c, gen_person *p)
{
    char s[16];
    pl_date_format(s, &p->birth);
    /* Positions of the digits in YYYY-MM-DD, the later ones likelier. */
    static const int pos[] = {2, 3, 3, 5, 6, 6, 8, 9, 9, 9};
    for (int attempt = 0; attempt < 30; attempt++) {
        char t[16];
        memcpy(t, s, sizeof t);
        int k = pos[gen_rng_below(&c->rng, GEN_COUNT(pos))];
        char to = (char)('0' + gen_rng_below(&c->rng, 10));
        if (to == t[k])
            continue;
        t[k] = to;
        pl_date d;
        if (pl_date_parse(&d, t) != 0 || pl_date_to_days(&d) > c->today_days || d.year < 1900)
            continue;
        p->birth = d;
        return true;
    }
    return false;
}

/* A copy of p with one to three damages, recorded in p->damage. */
static void make_duplicate(gen_ctx *c, gen_person *d, const gen_person *p)
{
    *d = *p;
    d->orig_row = p->row;
    d->row = 0;
    d->damage = 0;
    d->orig_idx = 0;
    d->pair_idx = 0;
    d->pair_kind = NULL;
    /* Household categories stay with the original household. */
    int k = 0;
    for (int i = 0; i < p->n_pmks; i++)
        if (p->pmks[i].code != 24 && p->pmks[i].code != 25)
            d->pmks[k++] = p->pmks[i];
    d->n_pmks = k;

    double u = gen_rng_unit(&c->rng);
    int want = u < 0.6 ? 1 : u < 0.9 ? 2 : 3;
    bool done[3] = {false, false, false}; /* name, date, nik */
    for (int n = 0; n < want; n++) {
        int g;
        do {
            double x = gen_rng_unit(&c->rng);
            g = x < 0.45 ? 0 : x < 0.65 ? 1 : 2;
        } while (done[g]);
        done[g] = true;
        double x = gen_rng_unit(&c->rng);
        if (g == 0) {
            size_t at, len;
            bool nick = gen_name_nickname(d->name, &at, &len) != NULL;
            if (nick && x < 0.5 && damage_nickname(d->name))
                d->damage |= 1u << DMG_NICKNAME;
            else if (gen_rng_chance(&c->rng, 0.35) && damage_initial(d->name))
                d->damage |= 1u << DMG_INITIAL;
            else if (damage_typo(c, d->name))
                d->damage |= 1u << DMG_TYPO;
        } else if (g == 1) {
            if (x < 0.4 && damage_date_swap(c, d))
                d->damage |= 1u << DMG_DATE_SWAP;
            else if (damage_date_digit(c, d))
                d->damage |= 1u << DMG_DATE_DIGIT;
        } else {
            if (x < 0.45 || p->nik[0] == '\0') {
                d->nik[0] = '\0';
                d->damage |= 1u << DMG_NIK_MISSING;
            } else if (x < 0.75) {
                snprintf(d->nik, sizeof d->nik, "%.5E", (double)strtoull(p->nik, NULL, 10));
                d->damage |= 1u << DMG_NIK_EXCEL;
            } else {
                int i = (int)gen_rng_below(&c->rng, 16);
                d->nik[i] =
                    (char)('0' + (d->nik[i] - '0' + 1 + (int)gen_rng_below(&c->rng, 9)) % 10);
                d->damage |= 1u << DMG_NIK_DIGIT;
            }
        }
    }
    if (d->damage == 0) { /* every attempt was inapplicable: fall back to a missing NIK */
        d->nik[0] = '\0';
        d->damage |= 1u << DMG_NIK_MISSING;
    }
    if (d->nik[0] == '\0' && d->no_nik == NULL && c->opt->no_nik_rate > 0)
        d->no_nik = "tidak_diketahui";
}

/* A duplicate registered on its own card in its village. */
static int write_standalone(gen_ctx *c, const gen_person *d, size_t village)
{
    gen_household h;
    h.n = 1;
    h.m[0] = *d;
    h.m[0].rel = REL_KEPALA;
    h.village = village;
    place_household(c, &h);
    int rc = assign_kk(c, &h, &c->dists[c->vdist[village]], false, d->birth_days);
    if (rc)
        return rc;
    write_row(c, &h, &h.m[0]);
    c->stats.duplicates++;
    return 0;
}

/* ------------------------------------------------ same-card duplicates */

/* "H. Ahmad" <-> "Ahmad", or "bin"/"binti" and the father's first name added (Muslim names). */
static bool damage_title(gen_ctx *c, gen_person *d, const gen_household *h)
{
    static const char *const titles[] = {"H. ", "Hj. "};
    for (size_t i = 0; i < GEN_COUNT(titles); i++) {
        size_t n = strlen(titles[i]);
        if (strncmp(d->name, titles[i], n) == 0) {
            memmove(d->name, d->name + n, strlen(d->name + n) + 1);
            return true;
        }
    }
    if (!gen_ethnic_muslim(d->eth))
        return false;
    char buf[GEN_NAME_CAP];
    if (age_at(c, d->birth_days) >= 40 && gen_rng_chance(&c->rng, 0.5)) {
        if (snprintf(buf, sizeof buf, "%s%s", d->sex == 'L' ? "H. " : "Hj. ", d->name) >=
            (int)sizeof buf)
            return false;
    } else {
        /* The father's first name: the head's for a child of the card, else a fresh one. */
        char father[GEN_NAME_CAP];
        const gen_person *head = &h->m[0];
        if ((d->rel == REL_ANAK || d->rel == REL_CUCU) && head->sex == 'L')
            memcpy(father, head->name, GEN_NAME_CAP);
        else
            gen_name_person(father, sizeof father, &c->rng, d->eth, 'L', d->birth.year - 30, NULL,
                            0);
        size_t at, len;
        const char *f = father;
        if (strncmp(f, "H. ", 3) == 0)
            f += 3;
        if (!find_word(f, 0, 2, &at, &len))
            return false;
        if (snprintf(buf, sizeof buf, "%s %s %.*s", d->name, d->sex == 'L' ? "bin" : "binti",
                     (int)len, f + at) >= (int)sizeof buf)
            return false;
    }
    memcpy(d->name, buf, sizeof buf);
    return true;
}

/* The spelling before 1972 (EYD): Dj for J, Tj for C, Oe for U, Ch for Kh; every occurrence. */
static bool damage_old_spelling(gen_ctx *c, char *name)
{
    static const struct {
        const char *now, *old;
    } rules[] = {
        {"J", "Dj"}, {"j", "dj"}, {"C", "Tj"}, {"c", "tj"}, {"U", "Oe"}, {"u", "oe"}, {"Kh", "Ch"},
    };
    size_t start = gen_rng_below(&c->rng, GEN_COUNT(rules));
    for (size_t k = 0; k < GEN_COUNT(rules); k++) {
        size_t r = (start + k) % GEN_COUNT(rules);
        if (strstr(name, rules[r].now) == NULL)
            continue;
        char buf[GEN_NAME_CAP];
        size_t w = 0, nlen = strlen(rules[r].now), olen = strlen(rules[r].old);
        for (const char *p = name; *p;) {
            if (strncmp(p, rules[r].now, nlen) == 0) {
                if (w + olen >= sizeof buf)
                    return false;
                memcpy(buf + w, rules[r].old, olen);
                w += olen;
                p += nlen;
            } else {
                if (w + 1 >= sizeof buf)
                    return false;
                buf[w++] = *p++;
            }
        }
        buf[w] = '\0';
        memcpy(name, buf, w + 1);
        return true;
    }
    return false;
}

/* A birth date the clerk did not know, written as 1 January, 1 July or 31 December. */
static bool damage_placeholder_date(gen_ctx *c, gen_person *d)
{
    static const int md[][2] = {{7, 1}, {12, 31}, {1, 1}};
    size_t start = gen_rng_below(&c->rng, GEN_COUNT(md));
    for (size_t k = 0; k < GEN_COUNT(md); k++) {
        const int *x = md[(start + k) % GEN_COUNT(md)];
        pl_date t = {d->birth.year, x[0], x[1]};
        if ((t.month == d->birth.month && t.day == d->birth.day) ||
            pl_date_to_days(&t) > c->today_days)
            continue;
        d->birth = t;
        return true;
    }
    return false;
}

/*
 * A copy of h->m[i] entered again on the same card: one change to the name or
 * the birth date (nickname, title, old spelling, placeholder date, swapped day
 * and month; none at all in a fifth of cases), and either no NIK or a second
 * one (a double registration). Appended to h.
 */
static int add_clerk_duplicate(gen_ctx *c, gen_household *h, int i)
{
    gen_person *d = &h->m[h->n];
    *d = h->m[i];
    d->orig_idx = i + 1;
    d->orig_row = 0;
    d->row = 0;
    d->pair_idx = 0;
    d->pair_kind = NULL;
    d->damage = 1u << DMG_SAME_KK;
    /* Household categories stay with the original. */
    int k = 0;
    for (int j = 0; j < d->n_pmks; j++)
        if (d->pmks[j].code != 24 && d->pmks[j].code != 25)
            d->pmks[k++] = d->pmks[j];
    d->n_pmks = k;
    double u = gen_rng_unit(&c->rng);
    if (u < 0.2) {
        /* the name and date as on the original: only the NIK differs */
    } else if (u < 0.4 && damage_nickname(d->name)) {
        d->damage |= 1u << DMG_NICKNAME;
    } else if (u < 0.55 && damage_title(c, d, h)) {
        d->damage |= 1u << DMG_TITLE;
    } else if (u < 0.7 && damage_old_spelling(c, d->name)) {
        d->damage |= 1u << DMG_OLD_SPELLING;
    } else if (u < 0.85 && damage_placeholder_date(c, d)) {
        d->damage |= 1u << DMG_PLACEHOLDER_DATE;
    } else if (damage_date_swap(c, d)) {
        d->damage |= 1u << DMG_DATE_SWAP;
    } else if (damage_placeholder_date(c, d)) {
        d->damage |= 1u << DMG_PLACEHOLDER_DATE;
    }
    if (h->m[i].nik[0] == '\0' || gen_rng_chance(&c->rng, 0.5)) {
        d->nik[0] = '\0';
        if (d->no_nik == NULL)
            d->no_nik = "tidak_diketahui";
        d->damage |= 1u << DMG_NIK_MISSING;
    } else {
        int rc = assign_nik(c, d, &c->dists[c->vdist[h->village]], false);
        if (rc)
            return rc;
        d->damage |= 1u << DMG_NIK_OTHER;
    }
    h->n++;
    c->stats.duplicates++;
    c->stats.clerk_duplicates++;
    return 0;
}

/* ------------------------------------------------------------------- run */

/* A counter-case line of the ground truth: two people who are not the same. */
static void write_pair(gen_ctx *c, long a, long b, const char *kind)
{
    int n = snprintf(c->tbuf + c->tlen, 96, "%ld,%ld,%s,0\n", a, b, kind);
    c->tlen += (size_t)n;
}

static int check_options(const pl_gen_options *o, pl_error *err)
{
    if (o == NULL)
        return pl_error_set(err, PL_EINVAL, "", "opsi generator kosong");
    if (o->people < 1 || o->people > PL_GEN_MAX_PEOPLE)
        return pl_error_set(err, PL_EINVAL, "people", "jumlah penduduk harus 1..%ld",
                            PL_GEN_MAX_PEOPLE);
    if (o->villages == NULL || o->n_villages == 0)
        return pl_error_set(err, PL_EINVAL, "villages", "daftar desa kosong");
    for (size_t i = 0; i < o->n_villages; i++)
        if (!village_code_ok(o->villages[i].code))
            return pl_error_set(err, PL_EINVAL, "villages",
                                "kode desa tidak sah (harus seperti 64.74.01.1001): '%.13s'",
                                o->villages[i].code);
    if (!(o->dup_rate >= 0 && o->dup_rate <= PL_GEN_MAX_DUP_RATE))
        return pl_error_set(err, PL_EINVAL, "dup_rate", "rasio duplikat harus 0..%.1f",
                            PL_GEN_MAX_DUP_RATE);
    if (!(o->no_nik_rate >= 0 && o->no_nik_rate <= PL_GEN_MAX_NO_NIK_RATE))
        return pl_error_set(err, PL_EINVAL, "no_nik_rate", "rasio tanpa NIK harus 0..%.1f",
                            PL_GEN_MAX_NO_NIK_RATE);
    if (!(o->clerk_dup_rate >= 0 && o->clerk_dup_rate <= PL_GEN_MAX_DUP_RATE))
        return pl_error_set(err, PL_EINVAL, "clerk_dup_rate",
                            "rasio duplikat satu KK harus 0..%.1f", PL_GEN_MAX_DUP_RATE);
    if (o->out == NULL)
        return pl_error_set(err, PL_EINVAL, "out", "berkas keluaran tidak ada");
    if (!pl_date_valid(o->today.year, o->today.month, o->today.day) || o->today.year < 1990)
        return pl_error_set(err, PL_EINVAL, "today", "tanggal acuan tidak sah");
    return 0;
}

static int run(gen_ctx *c)
{
    const pl_gen_options *o = c->opt;
    put_raw(c, header, sizeof header - 2);
    if (o->no_nik_rate > 0)
        put_str(c, no_nik_header);
    put_str(c, "\n");
    if (o->truth)
        fputs("row_a,row_b,kind,same\n", o->truth);
    gen_household *h = malloc(sizeof *h);
    if (h == NULL)
        return PL_ENOMEM;
    int rc = 0;
    while (c->stats.people < o->people) {
        size_t v = c->n_carry ? c->carry_village : pick_village(c);
        rc = make_household(c, h, v);
        if (rc)
            goto out;
        c->stats.households++;
        c->stats.people += h->n;
        if (h->has_coords)
            c->stats.with_coords += h->n;
        int originals = h->n;
        /* Duplicates carried from the previous household join as Famili Lain. */
        for (int i = 0; i < c->n_carry; i++) {
            if (h->n < GEN_MAX_MEMBERS) {
                h->m[h->n] = c->carry[i];
                h->m[h->n].rel = REL_FAMILI;
                h->n++;
                c->stats.duplicates++;
            } else if ((rc = write_standalone(c, &c->carry[i], v)) != 0) {
                goto out;
            }
        }
        c->n_carry = 0;
        for (int i = 0; i < originals && o->clerk_dup_rate > 0; i++)
            if (h->n < GEN_MAX_ROWS && gen_rng_chance(&c->rng, o->clerk_dup_rate) &&
                (rc = add_clerk_duplicate(c, h, i)) != 0)
                goto out;
        for (int i = 0; i < h->n; i++) {
            gen_person *p = &h->m[i];
            if (p->orig_idx)
                p->orig_row = h->m[p->orig_idx - 1].row;
            write_row(c, h, p);
        }
        for (int i = 0; i < h->n && o->truth; i++)
            if (h->m[i].pair_idx)
                write_pair(c, h->m[h->m[i].pair_idx - 1].row, h->m[i].row, h->m[i].pair_kind);
        if (o->dup_rate <= 0)
            continue;
        for (int i = 0; i < originals; i++) {
            if (!gen_rng_chance(&c->rng, o->dup_rate))
                continue;
            gen_person d;
            make_duplicate(c, &d, &h->m[i]);
            if (gen_rng_chance(&c->rng, 0.5) && c->n_carry < GEN_MAX_ROWS) {
                c->carry[c->n_carry++] = d;
                c->carry_village = v;
            } else if ((rc = write_standalone(c, &d, v)) != 0) {
                goto out;
            }
        }
    }
    for (int i = 0; i < c->n_carry; i++)
        if ((rc = write_standalone(c, &c->carry[i], c->carry_village)) != 0)
            goto out;
    c->n_carry = 0;
out:
    free(h);
    return rc;
}

int pl_gen_run(pl_gen_stats *out, const pl_gen_options *opt, pl_error *err)
{
    pl_error_clear(err);
    if (out)
        memset(out, 0, sizeof *out);
    int rc = check_options(opt, err);
    if (rc)
        return rc;
    gen_ctx *c = calloc(1, sizeof *c);
    if (c == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup untuk generator");
    c->opt = opt;
    gen_rng_seed(&c->rng, opt->seed);
    c->today_days = pl_date_to_days(&opt->today);
    rc = setup(c, err);
    if (rc)
        goto out;
    rc = run(c);
    out_flush(c);
    if (rc == PL_ENOMEM) {
        pl_error_set(err, rc, "", "memori tidak cukup untuk generator");
        goto out;
    }
    if (rc) {
        pl_error_set(err, rc, "", "kesalahan internal generator (kode %d)", rc);
        goto out;
    }
    if (c->io_error || fflush(opt->out) != 0 || ferror(opt->out) ||
        (opt->truth && (fflush(opt->truth) != 0 || ferror(opt->truth)))) {
        rc = pl_error_set(err, PL_EIO, "out", "gagal menulis berkas keluaran");
        goto out;
    }
    if (out)
        *out = c->stats;
out:
    teardown(c);
    free(c);
    return rc;
}
