/*
 * test_gen.c - the demo data generator: determinism, valid and consistent
 * numbers, household structure, rates, duplicates and their ground truth.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/category.h"
#include "domain/date.h"
#include "domain/name.h"
#include "domain/nik.h"
#include "domain/relationship.h"
#include "gen/gen.h"
#include "gen/gen_tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    F_NIK,
    F_KK,
    F_NAMA,
    F_TEMPAT,
    F_TANGGAL,
    F_JK,
    F_HUB,
    F_IBU,
    F_ALAMAT,
    F_RT,
    F_RW,
    F_DESA,
    F_PMKS,
    F_DISAB,
    F_LAT,
    F_LNG,
    F__MAX,
    F_ALASAN = F__MAX, /* alasan_tanpa_nik: only with no_nik_rate > 0 */
    F_ALL
};

static const char *const HEADER =
    "nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,"
    "rt,rw,kode_desa,pmks,disabilitas,latitude,longitude";

static const pl_gen_village villages[] = {
    {"64.74.01.1001", "Bontang Baru"},    {"64.74.02.1002", "Lok Tuan"},
    {"64.72.01.1001", "Sungai Keledang"}, {"64.02.04.2006", "Loa Duri Ilir"},
    {"65.71.01.1001", "Karang Anyar"},    {"65.71.02.1003", "Lingkas Ujung"},
    {"65.03.01.2001", "Nunukan Barat"},   {"11.01.01.2001", "Keude Bakongan"},
};

static const pl_date TODAY = {2025, 8, 20};

typedef struct csv {
    char *data;    /* owned, split in place */
    size_t n_rows; /* data rows (header excluded) */
    char *(*rows)[F_ALL];
    char *truth; /* owned */
    size_t n_truth;
    long (*pairs)[2];
    char **kinds;
    int *same;             /* truth column same: 1 duplicate, 0 look-alike counter-case */
    size_t n_same;         /* truth lines with same = 1 */
    unsigned char *is_dup; /* by 1-based row */
} csv;

static char *slurp(FILE *f, size_t *len)
{
    fflush(f);
    long n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

/* Splits one RFC 4180 record in place; returns the start of the next line. */
static char *split_record(char *p, char **fields, int max, int *count)
{
    int n = 0;
    for (;;) {
        char *start = p, *w = p;
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '"' && p[1] == '"') {
                    *w++ = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    assert_true(*p != '\0');
                    *w++ = *p++;
                }
            }
        } else {
            while (*p && *p != ',' && *p != '\n') {
                assert_true(*p != '"' && *p != '\r');
                *w++ = *p++;
            }
        }
        char end = *p;
        *w = '\0';
        if (n < max)
            fields[n] = start;
        n++;
        if (end == ',') {
            p++;
            continue;
        }
        assert_int_equal(end, '\n'); /* every record ends with LF */
        *count = n;
        return p + 1;
    }
}

static void csv_load(csv *c, FILE *out, FILE *truth, bool reasons)
{
    memset(c, 0, sizeof *c);
    size_t len;
    c->data = slurp(out, &len);
    char *nl = strchr(c->data, '\n');
    assert_non_null(nl);
    size_t hl = strlen(HEADER) + (reasons ? strlen(",alasan_tanpa_nik") : 0);
    assert_int_equal((size_t)(nl - c->data), hl);
    assert_memory_equal(c->data, HEADER, strlen(HEADER));
    if (reasons)
        assert_memory_equal(c->data + strlen(HEADER), ",alasan_tanpa_nik", 17);
    int want = reasons ? F_ALL : F__MAX;
    size_t lines = 0;
    for (char *q = c->data; *q; q++)
        lines += *q == '\n';
    c->rows = calloc(lines, sizeof *c->rows);
    assert_non_null(c->rows);
    char *p = nl + 1;
    while (*p) {
        int count;
        p = split_record(p, c->rows[c->n_rows], want, &count);
        assert_int_equal(count, want);
        if (!reasons)
            c->rows[c->n_rows][F_ALASAN] = "";
        c->n_rows++;
    }
    c->is_dup = calloc(c->n_rows + 1, 1);
    assert_non_null(c->is_dup);
    if (truth == NULL)
        return;
    c->truth = slurp(truth, &len);
    assert_memory_equal(c->truth, "row_a,row_b,kind,same\n", 22);
    size_t tl = 0;
    for (char *q = c->truth; *q; q++)
        tl += *q == '\n';
    c->pairs = calloc(tl, sizeof *c->pairs);
    c->kinds = calloc(tl, sizeof *c->kinds);
    c->same = calloc(tl, sizeof *c->same);
    assert_true(c->pairs && c->kinds && c->same);
    p = c->truth + 22;
    while (*p) {
        char *f[4];
        int count;
        p = split_record(p, f, 4, &count);
        assert_int_equal(count, 4);
        c->pairs[c->n_truth][0] = atol(f[0]);
        c->pairs[c->n_truth][1] = atol(f[1]);
        c->kinds[c->n_truth] = f[2];
        assert_true(strcmp(f[3], "1") == 0 || strcmp(f[3], "0") == 0);
        c->same[c->n_truth] = f[3][0] == '1';
        long b = c->pairs[c->n_truth][1];
        assert_true(b >= 1 && (size_t)b <= c->n_rows);
        if (c->same[c->n_truth]) {
            c->is_dup[b] = 1;
            c->n_same++;
        }
        c->n_truth++;
    }
}

static void csv_free(csv *c)
{
    free(c->data);
    free(c->rows);
    free(c->truth);
    free(c->pairs);
    free(c->kinds);
    free(c->same);
    free(c->is_dup);
}

static pl_gen_stats generate_opt(csv *c, pl_gen_options o)
{
    FILE *out = tmpfile(), *truth = tmpfile();
    assert_true(out && truth);
    o.out = out;
    o.truth = truth;
    o.today = TODAY;
    pl_gen_stats st;
    pl_error err;
    assert_int_equal(pl_gen_run(&st, &o, &err), 0);
    csv_load(c, out, truth, o.no_nik_rate > 0);
    fclose(out);
    fclose(truth);
    assert_int_equal((long)c->n_rows, st.people + st.duplicates);
    assert_int_equal((long)c->n_same, st.duplicates);
    assert_int_equal((long)(c->n_truth - c->n_same), st.twins + st.namesakes);
    return st;
}

static pl_gen_stats generate(csv *c, uint64_t seed, long people, double dup_rate,
                             const pl_gen_village *v, size_t nv)
{
    return generate_opt(
        c,
        (pl_gen_options){
            .seed = seed, .people = people, .villages = v, .n_villages = nv, .dup_rate = dup_rate});
}

static char *generate_bytes(uint64_t seed, long people, size_t *len)
{
    FILE *out = tmpfile();
    assert_non_null(out);
    pl_gen_options o = {.seed = seed,
                        .people = people,
                        .villages = villages,
                        .n_villages = GEN_COUNT(villages),
                        .dup_rate = 0.03,
                        .out = out,
                        .today = TODAY};
    assert_int_equal(pl_gen_run(NULL, &o, NULL), 0);
    char *b = slurp(out, len);
    fclose(out);
    return b;
}

static void test_deterministic(void **state)
{
    (void)state;
    size_t la, lb, lc;
    char *a = generate_bytes(7, 5000, &la);
    char *b = generate_bytes(7, 5000, &lb);
    char *c = generate_bytes(8, 5000, &lc);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    assert_true(la != lc || memcmp(a, c, la) != 0);
    free(a);
    free(b);
    free(c);
}

static pl_date date_of(const char *s)
{
    pl_date d;
    assert_int_equal(pl_date_parse(&d, s), 0);
    assert_int_equal(strlen(s), 10);
    return d;
}

static void test_rows_valid(void **state)
{
    (void)state;
    csv c;
    pl_gen_stats st = generate(&c, 11, 20000, 0.02, villages, GEN_COUNT(villages));
    assert_true(st.people >= 20000 && st.people < 20010);
    const pl_date split = {2012, 10, 25}; /* North Kalimantan's former codes end */
    long former = 0, kaltara_old = 0, coords = 0;
    for (size_t r = 1; r <= c.n_rows; r++) {
        char **f = c.rows[r - 1];
        pl_date birth = date_of(f[F_TANGGAL]);
        assert_true(pl_date_cmp(&birth, &TODAY) <= 0);
        assert_true(f[F_JK][0] == 'L' || f[F_JK][0] == 'P');
        assert_int_equal(strlen(f[F_JK]), 1);
        assert_true(pl_relationship_parse(f[F_HUB]) >= 0);
        assert_true(f[F_NAMA][0] != '\0' && f[F_IBU][0] != '\0' && f[F_TEMPAT][0] != '\0');
        assert_true(f[F_ALAMAT][0] != '\0');
        assert_int_equal(strlen(f[F_RT]), 3);
        assert_int_equal(strlen(f[F_RW]), 3);
        assert_int_equal(strlen(f[F_DESA]), 13);
        pl_nik_info kk;
        pl_nik_check(&kk, PL_IDNUM_KK, f[F_KK], NULL);
        assert_true(kk.valid);
        if (f[F_DISAB][0])
            assert_non_null(pl_disability_find(f[F_DISAB]));
        if (f[F_LAT][0]) {
            coords++;
            double lat = atof(f[F_LAT]), lng = atof(f[F_LNG]);
            assert_non_null(strchr(f[F_LAT], '.'));
            assert_int_equal(strlen(strchr(f[F_LAT], '.') + 1), 6);
            assert_int_equal(strlen(strchr(f[F_LNG], '.') + 1), 6);
            double clat, clng;
            char district[9];
            memcpy(district, f[F_DESA], 8);
            district[8] = '\0';
            assert_true(gen_place_centroid(district, &clat, &clng));
            assert_true(lat > clat - 0.3 && lat < clat + 0.3 && lng > clng - 0.3 &&
                        lng < clng + 0.3);
        } else {
            assert_string_equal(f[F_LNG], "");
        }
        if (strncmp(f[F_DESA], "11.", 3) == 0)
            assert_string_equal(f[F_LAT], "");
        /* pmks: CODE@YYYY-MM-DD;... with household codes on heads only */
        char items[256];
        snprintf(items, sizeof items, "%s", f[F_PMKS]);
        for (char *save, *it = strtok_r(items, ";", &save); it; it = strtok_r(NULL, ";", &save)) {
            char *at = strchr(it, '@');
            assert_non_null(at);
            *at = '\0';
            int code = atoi(it);
            assert_non_null(pl_pmks_get(code));
            pl_date since = date_of(at + 1);
            assert_true(pl_date_cmp(&since, &TODAY) <= 0);
            assert_true(pl_date_cmp(&since, &birth) >= 0);
            if (code == 24 || code == 25)
                assert_string_equal(f[F_HUB], "Kepala Keluarga");
            if (code == 9 || code == 5)
                assert_true(f[F_DISAB][0] != '\0');
        }
        if (c.is_dup[r])
            continue;
        assert_true(pl_date_age(&birth, &TODAY) <= 96);
        char why[256];
        if (pl_name_validate(f[F_NAMA], why, sizeof why) != 0)
            fail_msg("%s: %s", f[F_NAMA], why);
        if (pl_name_validate(f[F_IBU], why, sizeof why) != 0)
            fail_msg("%s: %s", f[F_IBU], why);
        pl_nik_info ni;
        pl_nik_check(&ni, PL_IDNUM_NIK, f[F_NIK], NULL);
        assert_true(ni.valid);
        assert_int_equal(ni.sex, f[F_JK][0]);
        pl_date nb;
        assert_int_equal(pl_nik_birth_date(&nb, &ni, &birth, &TODAY), 0);
        assert_int_equal(pl_date_cmp(&nb, &birth), 0);
        /* Issued in the household's regency (or its former code). */
        if (strncmp(f[F_NIK], f[F_DESA], 2) != 0 || strncmp(f[F_NIK] + 2, f[F_DESA] + 3, 2) != 0) {
            assert_true(ni.problems & (1u << PL_NIK_FORMER_REGION));
            assert_true(strncmp(ni.current_code, f[F_DESA], 5) == 0);
            assert_true(pl_date_cmp(&birth, &split) <= 0);
            former++;
        }
        if (strncmp(f[F_DESA], "65", 2) == 0 && pl_date_cmp(&birth, &split) <= 0)
            kaltara_old++;
    }
    assert_true(kaltara_old > 0);
    assert_true(former > kaltara_old / 6 && former < kaltara_old / 2); /* ~30% */
    assert_true(coords > 0);
    csv_free(&c);
}

static int find_rel(const char *label)
{
    return pl_relationship_parse(label);
}

static void test_households(void **state)
{
    (void)state;
    csv c;
    pl_gen_stats st = generate(&c, 12, 20000, 0.02, villages, GEN_COUNT(villages));
    /* Members of one household are consecutive rows sharing the KK. */
    long households = 0, members = 0, singles_old = 0;
    size_t r = 1;
    while (r <= c.n_rows) {
        if (c.is_dup[r]) {
            r++;
            continue;
        }
        const char *kk = c.rows[r - 1][F_KK];
        size_t end = r;
        int heads = 0, n = 0;
        char **head = NULL, **spouse = NULL;
        for (; end <= c.n_rows && strcmp(c.rows[end - 1][F_KK], kk) == 0; end++) {
            if (c.is_dup[end])
                continue;
            char **f = c.rows[end - 1];
            n++;
            if (strcmp(f[F_HUB], "Kepala Keluarga") == 0) {
                heads++;
                head = f;
            }
            if (strcmp(f[F_HUB], "Istri") == 0 || strcmp(f[F_HUB], "Suami") == 0)
                spouse = f;
            /* One address, village and home point per household. */
            assert_string_equal(f[F_ALAMAT], c.rows[r - 1][F_ALAMAT]);
            assert_string_equal(f[F_DESA], c.rows[r - 1][F_DESA]);
            assert_string_equal(f[F_LAT], c.rows[r - 1][F_LAT]);
            assert_string_equal(f[F_RT], c.rows[r - 1][F_RT]);
        }
        assert_int_equal(heads, 1);
        assert_true(n >= 1 && n <= 9);
        assert_ptr_equal(head, c.rows[r - 1]); /* head first */
        pl_date hb = date_of(head[F_TANGGAL]);
        if (n == 1 && pl_date_age(&hb, &TODAY) >= 60)
            singles_old++;
        if (spouse) {
            assert_true(spouse[F_JK][0] != head[F_JK][0]);
            pl_date sb = date_of(spouse[F_TANGGAL]);
            int gap = pl_date_age(&hb, &sb);
            int gap2 = pl_date_age(&sb, &hb);
            assert_true(gap <= 16 && gap2 <= 16);
        }
        for (size_t i = r; i < end; i++) {
            char **f = c.rows[i - 1];
            if (c.is_dup[i] || find_rel(f[F_HUB]) != PL_REL_ANAK)
                continue;
            pl_date cb = date_of(f[F_TANGGAL]);
            int g = pl_date_age(&hb, &cb);
            assert_true(g >= 16 && g <= 45);
            if (spouse) {
                pl_date sb = date_of(spouse[F_TANGGAL]);
                g = pl_date_age(&sb, &cb);
                assert_true(g >= 16 && g <= 45);
                if (spouse[F_JK][0] == 'P') {
                    /* mother's name is the wife's, without titles */
                    assert_non_null(strstr(spouse[F_NAMA], f[F_IBU]));
                }
            } else if (head[F_JK][0] == 'P') {
                assert_non_null(strstr(head[F_NAMA], f[F_IBU]));
            }
        }
        households++;
        members += n;
        r = end;
    }
    assert_int_equal(households, st.households);
    assert_int_equal(members, st.people);
    double mean = (double)members / (double)households;
    assert_true(mean > 3.2 && mean < 4.0);
    assert_true(singles_old > households / 50);
    csv_free(&c);
}

static bool has_kind(const char *kinds, const char *k)
{
    size_t n = strlen(k);
    for (const char *p = strstr(kinds, k); p; p = strstr(p + 1, k))
        if ((p == kinds || p[-1] == '+') && (p[n] == '\0' || p[n] == '+'))
            return true;
    return false;
}

static void test_duplicates(void **state)
{
    (void)state;
    csv c;
    pl_gen_stats st = generate(&c, 13, 20000, 0.02, villages, GEN_COUNT(villages));
    double rate = (double)st.duplicates / (double)st.people;
    assert_true(rate > 0.015 && rate < 0.025);
    int excel = 0, nick = 0;
    for (size_t i = 0; i < c.n_truth; i++) {
        long a = c.pairs[i][0], b = c.pairs[i][1];
        assert_true(a >= 1 && a < b);
        assert_false(c.is_dup[a]);
        char **fa = c.rows[a - 1], **fb = c.rows[b - 1];
        const char *k = c.kinds[i];
        assert_true(k[0] != '\0');
        assert_string_equal(fa[F_JK], fb[F_JK]);
        assert_string_equal(fa[F_IBU], fb[F_IBU]);
        assert_string_equal(fa[F_DESA], fb[F_DESA]); /* same village */
        assert_string_not_equal(fa[F_KK], fb[F_KK]); /* another card */
        bool name_dmg = has_kind(k, "typo") || has_kind(k, "nickname") || has_kind(k, "initial");
        bool date_dmg = has_kind(k, "date_swap") || has_kind(k, "date_digit");
        bool nik_dmg =
            has_kind(k, "nik_missing") || has_kind(k, "nik_excel") || has_kind(k, "nik_digit");
        assert_true(name_dmg || date_dmg || nik_dmg);
        if (name_dmg)
            assert_string_not_equal(fa[F_NAMA], fb[F_NAMA]);
        else
            assert_string_equal(fa[F_NAMA], fb[F_NAMA]);
        if (date_dmg)
            assert_string_not_equal(fa[F_TANGGAL], fb[F_TANGGAL]);
        else
            assert_string_equal(fa[F_TANGGAL], fb[F_TANGGAL]);
        if (!nik_dmg)
            assert_string_equal(fa[F_NIK], fb[F_NIK]);
        if (has_kind(k, "nik_missing"))
            assert_string_equal(fb[F_NIK], "");
        if (has_kind(k, "nik_excel")) {
            pl_nik_info ni;
            pl_nik_check(&ni, PL_IDNUM_NIK, fb[F_NIK], NULL);
            assert_false(ni.valid);
            assert_true(ni.problems & (1u << PL_NIK_EXCEL_DAMAGED));
            assert_non_null(strstr(fb[F_NIK], "E+15"));
            excel++;
        }
        if (has_kind(k, "nik_digit")) {
            assert_int_equal(strlen(fb[F_NIK]), 16);
            int diff = 0;
            for (int j = 0; j < 16; j++)
                diff += fa[F_NIK][j] != fb[F_NIK][j];
            assert_int_equal(diff, 1);
        }
        if (has_kind(k, "date_swap")) {
            pl_date da = date_of(fa[F_TANGGAL]), db = date_of(fb[F_TANGGAL]);
            assert_int_equal(da.day, db.month);
            assert_int_equal(da.month, db.day);
        }
        nick += has_kind(k, "nickname");
    }
    assert_true(excel > 0);
    assert_true(nick > 0);

    /* No duplicates asked, none made. */
    csv z;
    pl_gen_stats s0 = generate(&z, 13, 2000, 0, villages, GEN_COUNT(villages));
    assert_int_equal(s0.duplicates, 0);
    assert_int_equal(z.n_truth, 0);
    csv_free(&z);
    csv_free(&c);
}

static const char *const no_nik_codes[] = {"belum_rekam_ktp_el", "anak_belum_ber_nik", "kat",
                                           "tunawisma",          "tidak_diketahui",    "lainnya"};

static int age_on(const char *birth)
{
    pl_date d = date_of(birth);
    int a = TODAY.year - d.year;
    if (TODAY.month < d.month || (TODAY.month == d.month && TODAY.day < d.day))
        a--;
    return a;
}

static bool has_pmks_code(const char *pmks, const char *code)
{
    size_t n = strlen(code);
    for (const char *p = pmks; (p = strstr(p, code)) != NULL; p++)
        if ((p == pmks || p[-1] == ';') && p[n] == '@')
            return true;
    return false;
}

/* People without a NIK: the rate asked for, in the groups that lack one, each with its reason. */
static void test_no_nik(void **state)
{
    (void)state;
    csv c;
    pl_gen_stats st = generate_opt(&c, (pl_gen_options){.seed = 21,
                                                        .people = 40000,
                                                        .villages = villages,
                                                        .n_villages = GEN_COUNT(villages),
                                                        .no_nik_rate = 0.07});
    long none = 0, young = 0, young_none = 0, adult = 0, adult_none = 0, old = 0, old_none = 0;
    long by_code[GEN_COUNT(no_nik_codes)] = {0};
    for (size_t i = 0; i < c.n_rows; i++) {
        char **f = c.rows[i];
        int age = age_on(f[F_TANGGAL]);
        bool empty = f[F_NIK][0] == '\0';
        /* A reason exactly when the NIK is missing, and one of the codes. */
        assert_int_equal(empty, f[F_ALASAN][0] != '\0');
        if (empty) {
            none++;
            size_t k = 0;
            while (k < GEN_COUNT(no_nik_codes) && strcmp(f[F_ALASAN], no_nik_codes[k]) != 0)
                k++;
            assert_true(k < GEN_COUNT(no_nik_codes));
            by_code[k]++;
            if (strcmp(f[F_ALASAN], "anak_belum_ber_nik") == 0)
                assert_true(age < 17);
            if (strcmp(f[F_ALASAN], "belum_rekam_ktp_el") == 0)
                assert_true(age >= 16); /* 17 on the day of generation, TODAY a little later */
            if (strcmp(f[F_ALASAN], "tunawisma") == 0)
                assert_true(has_pmks_code(f[F_PMKS], "4") || has_pmks_code(f[F_PMKS], "11") ||
                            has_pmks_code(f[F_PMKS], "12"));
        } else {
            pl_nik_info ni;
            pl_nik_check(&ni, PL_IDNUM_NIK, f[F_NIK], NULL);
            assert_true(ni.valid);
        }
        if (age < 5) {
            young++;
            young_none += empty;
        } else if (age >= 20 && age < 60) {
            adult++;
            adult_none += empty;
        } else if (age >= 75) {
            old++;
            old_none += empty;
        }
    }
    assert_int_equal(none, st.no_nik);
    double share = (double)none / (double)c.n_rows;
    assert_true(share > 0.05 && share < 0.09);
    /* Concentrated: small children and the very old far above working-age adults. */
    double ry = (double)young_none / (double)young, ra = (double)adult_none / (double)adult;
    assert_true(ry > 5 * ra);
    assert_true((double)old_none / (double)old > 3 * ra);
    assert_true(by_code[1] > by_code[4]); /* children before "unknown" */
    assert_true(by_code[0] > 0 && by_code[4] > 0 && by_code[5] > 0);
    csv_free(&c);

    /* Asked for nothing: no column, no empty NIK. */
    csv z;
    pl_gen_stats s0 = generate(&z, 21, 3000, 0, villages, GEN_COUNT(villages));
    assert_int_equal(s0.no_nik, 0);
    for (size_t i = 0; i < z.n_rows; i++)
        assert_int_equal(strlen(z.rows[i][F_NIK]), 16);
    csv_free(&z);
}

/* The name of a row without a trailing degree (", S.Pd.") or a leading title. */
static void core_name(char *out, size_t cap, const char *name)
{
    static const char *const titles[] = {"H. ", "Hj. ", "Drs. ", "Dra. "};
    for (size_t i = 0; i < GEN_COUNT(titles); i++)
        if (strncmp(name, titles[i], strlen(titles[i])) == 0)
            name += strlen(titles[i]);
    snprintf(out, cap, "%s", name);
    char *comma = strchr(out, ',');
    if (comma)
        *comma = '\0';
}

/* Duplicates on the same family card, their ground truth, and the look-alike counter-cases. */
static void test_clerk_duplicates(void **state)
{
    (void)state;
    csv c;
    pl_gen_stats st = generate_opt(&c, (pl_gen_options){.seed = 17,
                                                        .people = 30000,
                                                        .villages = villages,
                                                        .n_villages = GEN_COUNT(villages),
                                                        .clerk_dup_rate = 0.02});
    assert_int_equal(st.clerk_duplicates, st.duplicates);
    double rate = (double)st.duplicates / (double)st.people;
    assert_true(rate > 0.015 && rate < 0.025);
    static const char *const kinds[] = {
        "nickname",         "title",       "old_spelling", "date_swap",
        "placeholder_date", "nik_missing", "nik_other"};
    int seen[GEN_COUNT(kinds)] = {0};
    int twins = 0, sons = 0;
    for (size_t i = 0; i < c.n_truth; i++) {
        long a = c.pairs[i][0], b = c.pairs[i][1];
        assert_true(a >= 1 && a < b);
        char **fa = c.rows[a - 1], **fb = c.rows[b - 1];
        const char *k = c.kinds[i];
        assert_string_equal(fa[F_KK], fb[F_KK]); /* same card */
        assert_string_equal(fa[F_DESA], fb[F_DESA]);
        if (!c.same[i]) {
            assert_false(c.is_dup[a] || c.is_dup[b]);
            assert_string_not_equal(fa[F_NIK], fb[F_NIK]);
            if (strcmp(k, "twin") == 0) {
                assert_string_equal(fa[F_TANGGAL], fb[F_TANGGAL]);
                assert_string_equal(fa[F_IBU], fb[F_IBU]);
                assert_string_not_equal(fa[F_NAMA], fb[F_NAMA]);
                twins++;
            } else {
                assert_string_equal(k, "namesake_son");
                assert_string_equal(fa[F_HUB], "Kepala Keluarga");
                assert_string_equal(fb[F_HUB], "Anak");
                assert_string_equal(fb[F_JK], "L");
                char core[128];
                core_name(core, sizeof core, fb[F_NAMA]);
                assert_non_null(strstr(fa[F_NAMA], core));
                assert_true(date_of(fb[F_TANGGAL]).year - date_of(fa[F_TANGGAL]).year >= 15);
                sons++;
            }
            continue;
        }
        assert_false(c.is_dup[a]);
        assert_true(has_kind(k, "same_kk"));
        assert_string_equal(fa[F_JK], fb[F_JK]);
        assert_string_equal(fa[F_IBU], fb[F_IBU]);
        assert_string_equal(fa[F_HUB], fb[F_HUB]);
        for (size_t j = 0; j < GEN_COUNT(kinds); j++)
            seen[j] += has_kind(k, kinds[j]);
        bool name_dmg =
            has_kind(k, "nickname") || has_kind(k, "title") || has_kind(k, "old_spelling");
        if (name_dmg)
            assert_string_not_equal(fa[F_NAMA], fb[F_NAMA]);
        else
            assert_string_equal(fa[F_NAMA], fb[F_NAMA]);
        if (has_kind(k, "title"))
            assert_true(strstr(fa[F_NAMA], "H. ") || strstr(fb[F_NAMA], "H. ") ||
                        strstr(fa[F_NAMA], "Hj. ") || strstr(fb[F_NAMA], "Hj. ") ||
                        strstr(fb[F_NAMA], " bin ") || strstr(fb[F_NAMA], " binti "));
        if (has_kind(k, "old_spelling"))
            assert_true(strstr(fb[F_NAMA], "Dj") || strstr(fb[F_NAMA], "dj") ||
                        strstr(fb[F_NAMA], "Tj") || strstr(fb[F_NAMA], "tj") ||
                        strstr(fb[F_NAMA], "Oe") || strstr(fb[F_NAMA], "oe") ||
                        strstr(fb[F_NAMA], "Ch"));
        pl_date da = date_of(fa[F_TANGGAL]), db = date_of(fb[F_TANGGAL]);
        if (has_kind(k, "placeholder_date")) {
            assert_int_equal(da.year, db.year);
            assert_true((db.month == 1 && db.day == 1) || (db.month == 7 && db.day == 1) ||
                        (db.month == 12 && db.day == 31));
            assert_string_not_equal(fa[F_TANGGAL], fb[F_TANGGAL]);
        } else if (has_kind(k, "date_swap")) {
            assert_int_equal(da.day, db.month);
            assert_int_equal(da.month, db.day);
        } else {
            assert_string_equal(fa[F_TANGGAL], fb[F_TANGGAL]);
        }
        /* Either no NIK or a second, valid one; never the original's. */
        assert_true(has_kind(k, "nik_missing") != has_kind(k, "nik_other"));
        if (has_kind(k, "nik_missing")) {
            assert_string_equal(fb[F_NIK], "");
        } else {
            pl_nik_info ni;
            pl_nik_check(&ni, PL_IDNUM_NIK, fb[F_NIK], NULL);
            assert_true(ni.valid);
            assert_string_not_equal(fa[F_NIK], fb[F_NIK]);
        }
    }
    for (size_t j = 0; j < GEN_COUNT(kinds); j++)
        assert_true(seen[j] > 0);
    assert_int_equal(twins, st.twins);
    assert_int_equal(sons, st.namesakes);
    assert_true(twins > 0 && sons > 0);
    csv_free(&c);
}

/* PSKS units: a TKSK per district, a Karang Taruna per village, PSM in most, CSR per regency. */
static void test_psks(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    pl_gen_options o = {.seed = 3, .villages = villages, .n_villages = GEN_COUNT(villages)};
    pl_gen_psks_stats ps;
    pl_error err;
    assert_int_equal(pl_gen_psks(&ps, &o, f, &err), 0);
    size_t len;
    char *data = slurp(f, &len);
    fclose(f);
    const char *head = "jenis,nama,kode_wilayah,alamat,telepon,latitude,longitude\n";
    assert_memory_equal(data, head, strlen(head));
    long lines = 0, by[13] = {0};
    char *p = data + strlen(head);
    while (*p) {
        char *fl[7];
        int count;
        p = split_record(p, fl, 7, &count);
        assert_int_equal(count, 7);
        int type = atoi(fl[0]);
        assert_true(type >= 1 && type <= 12);
        by[type]++;
        assert_true(fl[1][0] != '\0');
        size_t n = strlen(fl[2]);
        if (type == 2 || type == 5)
            assert_int_equal(n, 13); /* villages */
        else if (type == 12)
            assert_int_equal(n, 5); /* regencies */
        else
            assert_int_equal(n, 8); /* districts */
        assert_true(strncmp(fl[4], "08", 2) == 0);
        lines++;
    }
    free(data);
    assert_int_equal(lines, ps.units);
    /* villages[] spans 8 districts in 6 regencies (one, 11.01, outside Kalimantan). */
    assert_int_equal(by[11], 8);
    assert_int_equal(by[5], (long)GEN_COUNT(villages));
    assert_true(by[2] <= 2 * (long)GEN_COUNT(villages));
    assert_true(by[3] >= 8 && by[3] <= 32);
    assert_true(by[12] >= 6 && by[12] <= 18);
    assert_true(by[4] >= 12);
    for (int t = 1; t <= 12; t++)
        assert_int_equal(by[t], ps.by_type[t]);
    assert_int_equal(pl_gen_psks(NULL, &o, NULL, &err), PL_EINVAL);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_unique_and_rates(void **state)
{
    (void)state;
    csv c;
    pl_gen_stats st = generate(&c, 14, 100000, 0.01, villages, GEN_COUNT(villages));
    char **niks = malloc(c.n_rows * 2 * sizeof *niks);
    assert_non_null(niks);
    size_t n = 0;
    long fm = 0, disabled = 0, people = 0, elders = 0, elder8 = 0;
    for (size_t r = 1; r <= c.n_rows; r++) {
        char **f = c.rows[r - 1];
        if (c.is_dup[r])
            continue;
        people++;
        niks[n++] = f[F_NIK];
        if (strcmp(f[F_HUB], "Kepala Keluarga") == 0) {
            niks[n++] = f[F_KK]; /* a KK never equals a NIK, and each is one household */
            fm += strstr(f[F_PMKS], "24@") == f[F_PMKS] || strstr(f[F_PMKS], ";24@") != NULL;
        }
        if (strstr(f[F_PMKS], "9@") == f[F_PMKS] || strstr(f[F_PMKS], ";9@") ||
            strstr(f[F_PMKS], "5@") == f[F_PMKS] || strstr(f[F_PMKS], ";5@"))
            disabled++;
        pl_date b = date_of(f[F_TANGGAL]);
        if (pl_date_age(&b, &TODAY) >= 60) {
            elders++;
            elder8 += strstr(f[F_PMKS], "8@") == f[F_PMKS] || strstr(f[F_PMKS], ";8@") != NULL;
        }
    }
    assert_int_equal(people, st.people);
    qsort(niks, n, sizeof *niks, cmp_str);
    for (size_t i = 1; i < n; i++)
        assert_string_not_equal(niks[i - 1], niks[i]);
    double p24 = (double)fm / (double)st.households;
    double p9 = (double)disabled / (double)people;
    double p8 = (double)elder8 / (double)elders;
    assert_true(p24 > 0.05 && p24 < 0.07);
    assert_true(p9 > 0.017 && p9 < 0.023);
    assert_true(p8 > 0.015 && p8 < 0.05);
    free(niks);
    csv_free(&c);
}

static void test_bad_options(void **state)
{
    (void)state;
    pl_error err;
    pl_gen_options o = {.seed = 1,
                        .people = 10,
                        .villages = villages,
                        .n_villages = GEN_COUNT(villages),
                        .out = stdout,
                        .today = TODAY};
    pl_gen_options b = o;
    b.people = 0;
    assert_int_equal(pl_gen_run(NULL, &b, &err), PL_EINVAL);
    assert_string_equal(err.field, "people");
    b = o;
    b.no_nik_rate = 0.31;
    assert_int_equal(pl_gen_run(NULL, &b, &err), PL_EINVAL);
    assert_string_equal(err.field, "no_nik_rate");
    b = o;
    b.no_nik_rate = -0.01;
    assert_int_equal(pl_gen_run(NULL, &b, &err), PL_EINVAL);
    b = o;
    b.clerk_dup_rate = 0.51;
    assert_int_equal(pl_gen_run(NULL, &b, &err), PL_EINVAL);
    assert_string_equal(err.field, "clerk_dup_rate");
    b = o;
    b.n_villages = 0;
    assert_int_equal(pl_gen_run(NULL, &b, &err), PL_EINVAL);
    assert_string_equal(err.field, "villages");
    b = o;
    b.dup_rate = 0.9;
    assert_int_equal(pl_gen_run(NULL, &b, &err), PL_EINVAL);
    assert_string_equal(err.field, "dup_rate");
    b = o;
    b.out = NULL;
    assert_int_equal(pl_gen_run(NULL, &b, &err), PL_EINVAL);
    b = o;
    b.today = (pl_date){2025, 2, 30};
    assert_int_equal(pl_gen_run(NULL, &b, &err), PL_EINVAL);
    pl_gen_village bad[1] = {{"6474011001", "x"}};
    b = o;
    b.villages = bad;
    b.n_villages = 1;
    assert_int_equal(pl_gen_run(NULL, &b, &err), PL_EINVAL);
    assert_string_equal(err.field, "villages");
}

static void test_tables(void **state)
{
    (void)state;
    assert_int_equal(gen_place_centroid_count(), 160);
    double lat, lng;
    assert_true(gen_place_centroid("64.72.01.1001", &lat, &lng));
    assert_true(lat < 0 && lat > -1 && lng > 117 && lng < 117.5); /* Samarinda */
    assert_true(gen_place_centroid("65.71.01", &lat, &lng));
    assert_true(lat > 3 && lat < 3.5); /* Tarakan */
    assert_false(gen_place_centroid("11.01.01", &lat, &lng));
    size_t at, len;
    assert_string_equal(gen_name_nickname("H. Hermawan Saputra", &at, &len), "Wawan");
    assert_int_equal(at, 3);
    assert_int_equal(len, 8);
    assert_null(gen_name_nickname("Hermawanto", &at, &len));
    /* Names are letters, spaces, dots, commas and apostrophes only. */
    gen_rng r;
    gen_rng_seed(&r, 3);
    for (int i = 0; i < 20000; i++) {
        char name[128];
        gen_ethnic e = (gen_ethnic)(i % GEN_ETH__MAX);
        gen_name_person(name, sizeof name, &r, e, i % 2 ? 'L' : 'P', 1940 + i % 85,
                        i % 3 ? NULL : gen_name_family(&r, e), i % 7 == 0 ? GEN_NAME_NOBLE : 0);
        assert_true(name[0] >= 'A' && name[0] <= 'Z');
        for (const char *p = name; *p; p++)
            assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz .'", *p));
        assert_null(strstr(name, "  "));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables),           cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_deterministic),    cmocka_unit_test(test_rows_valid),
        cmocka_unit_test(test_households),       cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_unique_and_rates), cmocka_unit_test(test_no_nik),
        cmocka_unit_test(test_clerk_duplicates), cmocka_unit_test(test_psks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
