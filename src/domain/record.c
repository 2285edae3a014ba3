/* record.c - the canonical row: column table, aliases and row validation. */
#include "domain/record.h"
#include "domain/category.h"
#include "domain/name.h"
#include "domain/relationship.h"
#include "util/error.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const col_names[PL_COL__MAX] = {
    [PL_COL_NIK] = "nik",
    [PL_COL_NO_KK] = "no_kk",
    [PL_COL_NAMA] = "nama",
    [PL_COL_TEMPAT_LAHIR] = "tempat_lahir",
    [PL_COL_TANGGAL_LAHIR] = "tanggal_lahir",
    [PL_COL_JENIS_KELAMIN] = "jenis_kelamin",
    [PL_COL_HUBUNGAN] = "hubungan_keluarga",
    [PL_COL_NAMA_IBU] = "nama_ibu",
    [PL_COL_ALAMAT] = "alamat",
    [PL_COL_RT] = "rt",
    [PL_COL_RW] = "rw",
    [PL_COL_KODE_DESA] = "kode_desa",
    [PL_COL_PMKS] = "pmks",
    [PL_COL_DISABILITAS] = "disabilitas",
    [PL_COL_LATITUDE] = "latitude",
    [PL_COL_LONGITUDE] = "longitude",
    [PL_COL_ALASAN_TANPA_NIK] = "alasan_tanpa_nik",
};

/* The API's (English) key of each column: JSON bodies, replies and error fields. */
static const char *const col_keys[PL_COL__MAX] = {
    [PL_COL_NIK] = "nik",
    [PL_COL_NO_KK] = "kk",
    [PL_COL_NAMA] = "name",
    [PL_COL_TEMPAT_LAHIR] = "birth_place",
    [PL_COL_TANGGAL_LAHIR] = "birth_date",
    [PL_COL_JENIS_KELAMIN] = "sex",
    [PL_COL_HUBUNGAN] = "relationship",
    [PL_COL_NAMA_IBU] = "mother_name",
    [PL_COL_ALAMAT] = "address",
    [PL_COL_RT] = "rt",
    [PL_COL_RW] = "rw",
    [PL_COL_KODE_DESA] = "village_code",
    [PL_COL_PMKS] = "categories",
    [PL_COL_DISABILITAS] = "disability",
    [PL_COL_LATITUDE] = "latitude",
    [PL_COL_LONGITUDE] = "longitude",
    [PL_COL_ALASAN_TANPA_NIK] = "no_nik_reason",
};

/*
 * Header aliases seen in Dinsos, DTKS and village spreadsheets, written in
 * the squeezed form compare() uses (lower case, letters and digits only).
 */
static const struct {
    const char *alias;
    pl_col col;
} aliases[] = {
    {"nik", PL_COL_NIK},
    {"nonik", PL_COL_NIK},
    {"nomornik", PL_COL_NIK},
    {"nomorindukkependudukan", PL_COL_NIK},
    {"noktp", PL_COL_NIK},
    {"nikktp", PL_COL_NIK},
    {"nokk", PL_COL_NO_KK},
    {"kk", PL_COL_NO_KK},
    {"nomorkk", PL_COL_NO_KK},
    {"nokartukeluarga", PL_COL_NO_KK},
    {"nomorkartukeluarga", PL_COL_NO_KK},
    {"nama", PL_COL_NAMA},
    {"namalengkap", PL_COL_NAMA},
    {"namapenerima", PL_COL_NAMA},
    {"namaart", PL_COL_NAMA},
    {"tempatlahir", PL_COL_TEMPAT_LAHIR},
    {"tmplahir", PL_COL_TEMPAT_LAHIR},
    {"tmptlahir", PL_COL_TEMPAT_LAHIR},
    {"tanggallahir", PL_COL_TANGGAL_LAHIR},
    {"tgllahir", PL_COL_TANGGAL_LAHIR},
    {"tgllhr", PL_COL_TANGGAL_LAHIR},
    {"jeniskelamin", PL_COL_JENIS_KELAMIN},
    {"jk", PL_COL_JENIS_KELAMIN},
    {"kelamin", PL_COL_JENIS_KELAMIN},
    {"sex", PL_COL_JENIS_KELAMIN},
    {"hubungankeluarga", PL_COL_HUBUNGAN},
    {"hubungandlmkeluarga", PL_COL_HUBUNGAN},
    {"hubungandalamkeluarga", PL_COL_HUBUNGAN},
    {"shdk", PL_COL_HUBUNGAN},
    {"hubungan", PL_COL_HUBUNGAN},
    {"hubkel", PL_COL_HUBUNGAN},
    {"namaibu", PL_COL_NAMA_IBU},
    {"namaibukandung", PL_COL_NAMA_IBU},
    {"ibukandung", PL_COL_NAMA_IBU},
    {"alamat", PL_COL_ALAMAT},
    {"alamatlengkap", PL_COL_ALAMAT},
    {"rt", PL_COL_RT},
    {"rw", PL_COL_RW},
    {"kodedesa", PL_COL_KODE_DESA},
    {"kodedesakel", PL_COL_KODE_DESA},
    {"kodedesakelurahan", PL_COL_KODE_DESA},
    {"kodekelurahan", PL_COL_KODE_DESA},
    {"kodewilayah", PL_COL_KODE_DESA},
    {"kddesa", PL_COL_KODE_DESA},
    {"pmks", PL_COL_PMKS},
    {"ppks", PL_COL_PMKS},
    {"kategoripmks", PL_COL_PMKS},
    {"jenispmks", PL_COL_PMKS},
    {"disabilitas", PL_COL_DISABILITAS},
    {"jenisdisabilitas", PL_COL_DISABILITAS},
    {"jeniscacat", PL_COL_DISABILITAS},
    {"latitude", PL_COL_LATITUDE},
    {"lat", PL_COL_LATITUDE},
    {"lintang", PL_COL_LATITUDE},
    {"longitude", PL_COL_LONGITUDE},
    {"lon", PL_COL_LONGITUDE},
    {"lng", PL_COL_LONGITUDE},
    {"long", PL_COL_LONGITUDE},
    {"bujur", PL_COL_LONGITUDE},
    {"alasantanpanik", PL_COL_ALASAN_TANPA_NIK},
    {"alasantidakadanik", PL_COL_ALASAN_TANPA_NIK},
    {"alasanbelumpunyanik", PL_COL_ALASAN_TANPA_NIK},
};

const char *pl_col_name(pl_col c)
{
    return (unsigned)c < PL_COL__MAX ? col_names[c] : "";
}

const char *pl_col_key(pl_col c)
{
    return (unsigned)c < PL_COL__MAX ? col_keys[c] : "";
}

const char *pl_field_key(const char *name)
{
    static const char *const other[][2] = {{"tanggal_meninggal", "death_date"},
                                           {"kategori", "category"},
                                           {"berlaku_dari", "valid_from"},
                                           {"berlaku_sampai", "valid_to"}};
    for (int c = 0; c < PL_COL__MAX; c++)
        if (strcmp(col_names[c], name) == 0)
            return col_keys[c];
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
        if (strcmp(other[i][0], name) == 0)
            return other[i][1];
    return name;
}

int pl_col_find(const char *header)
{
    char sq[64];
    size_t j = 0;
    for (const unsigned char *p = (const unsigned char *)header; *p && j + 1 < sizeof sq; p++)
        if (isalnum(*p))
            sq[j++] = (char)tolower(*p);
    sq[j] = '\0';
    if (j == 0)
        return -1;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(aliases[i].alias, sq) == 0)
            return (int)aliases[i].col;
    return -1;
}

static void add_problem(pl_record_problems *p, pl_col col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add_problem(pl_record_problems *p, pl_col col, const char *fmt, ...)
{
    if (p->n >= PL_RECORD_MAX_PROBLEMS)
        return;
    pl_record_problem *it = &p->items[p->n++];
    it->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->message, sizeof it->message, fmt, ap);
    va_end(ap);
}

static void add_note(pl_record_problems *p, pl_col col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add_note(pl_record_problems *p, pl_col col, const char *fmt, ...)
{
    if (p->n_notes >= 4)
        return;
    pl_record_problem *it = &p->notes[p->n_notes++];
    it->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->message, sizeof it->message, fmt, ap);
    va_end(ap);
}

/* Trimmed view of a field: start pointer and length. */
static const char *trim(const char *s, size_t *len)
{
    if (s == NULL) {
        *len = 0;
        return "";
    }
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    /* Non-breaking spaces (U+00A0) pasted from web pages. */
    while (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) {
        s += 2;
        n -= 2;
    }
    while (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0)
        n -= 2;
    *len = n;
    return s;
}

/* Copies a trimmed field; returns false when it does not fit. */
static bool copy_field(char *out, size_t cap, const char *in)
{
    size_t n;
    const char *s = trim(in, &n);
    if (n >= cap) {
        memcpy(out, s, cap - 1);
        out[cap - 1] = '\0';
        return false;
    }
    memcpy(out, s, n);
    out[n] = '\0';
    return true;
}

static void check_idnum(pl_record_problems *probs, pl_col col, char *out, pl_idnum_kind kind,
                        const char *text, const pl_region_known *regions, pl_nik_info *info)
{
    pl_nik_check(info, kind, text, regions);
    snprintf(out, 17, "%s", info->digits);
    for (int b = 0; b < PL_NIK_PROBLEM__MAX; b++) {
        if (!(info->problems & (1u << b)) || pl_nik_problem_is_warning((pl_nik_problem)b))
            continue;
        char msg[sizeof probs->items[0].message];
        pl_nik_problem_message(msg, sizeof msg, info, (pl_nik_problem)b);
        add_problem(probs, col, "%s", msg);
    }
}

static int parse_sex(const char *s)
{
    char low[16];
    size_t n;
    const char *t = trim(s, &n);
    if (n == 0 || n >= sizeof low)
        return 0;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)t[i]);
    low[n] = '\0';
    if (!strcmp(low, "l") || !strcmp(low, "lk") || !strcmp(low, "laki-laki") ||
        !strcmp(low, "laki laki") || !strcmp(low, "laki") || !strcmp(low, "pria"))
        return 'L';
    if (!strcmp(low, "p") || !strcmp(low, "pr") || !strcmp(low, "perempuan") ||
        !strcmp(low, "wanita") || !strcmp(low, "w"))
        return 'P';
    return 0;
}

/* Parses a coordinate written with a dot or (Indonesian Excel) a comma. */
static bool parse_coord(const char *s, double *out)
{
    char buf[40];
    size_t n;
    const char *t = trim(s, &n);
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, t, n);
    buf[n] = '\0';
    if (strchr(buf, '.') == NULL) {
        char *c = strchr(buf, ',');
        if (c)
            *c = '.';
    }
    char *end;
    double v = strtod(buf, &end);
    if (end == buf || *end != '\0' || v != v)
        return false;
    *out = v;
    return true;
}

static void parse_rt(pl_record_problems *probs, pl_col col, char *out, size_t cap, const char *text)
{
    size_t n;
    const char *t = trim(text, &n);
    out[0] = '\0';
    if (n == 0)
        return;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)t[i]) || i >= 3) {
            add_problem(probs, col, "%s harus angka 1 sampai 3 digit, terisi '%.*s'",
                        col == PL_COL_RT ? "RT" : "RW", (int)(n > 20 ? 20 : n), t);
            return;
        }
        v = v * 10 + (t[i] - '0');
    }
    snprintf(out, cap, "%03ld", v);
}

static void parse_pmks(pl_record *out, pl_record_problems *probs, const char *text,
                       const pl_date *today)
{
    char buf[512];
    if (!copy_field(buf, sizeof buf, text)) {
        add_problem(probs, PL_COL_PMKS, "isian PMKS terlalu panjang");
        return;
    }
    char *save = NULL;
    for (char *item = strtok_r(buf, ";|", &save); item; item = strtok_r(NULL, ";|", &save)) {
        size_t n;
        const char *t = trim(item, &n);
        if (n == 0)
            continue;
        char one[128];
        snprintf(one, sizeof one, "%.*s", (int)n, t);
        pl_record_pmks pm = {0};
        char *at = strchr(one, '@');
        if (at) {
            *at = '\0';
            if (pl_date_parse(&pm.since, at + 1) != 0) {
                add_problem(probs, PL_COL_PMKS, "tanggal mulai PMKS '%s' tidak valid", at + 1);
                continue;
            }
            if (today && pl_date_cmp(&pm.since, today) > 0) {
                add_problem(probs, PL_COL_PMKS, "tanggal mulai PMKS %s di masa depan", at + 1);
                continue;
            }
            pm.has_since = true;
        }
        const pl_category *c = pl_pmks_find(one);
        if (c == NULL) {
            add_problem(probs, PL_COL_PMKS,
                        "kategori PMKS '%s' tidak dikenal (pakai kode 1-26 atau nama resmi)", one);
            continue;
        }
        pm.code = c->code;
        bool dup = false;
        for (int i = 0; i < out->n_pmks; i++)
            dup |= out->pmks[i].code == pm.code;
        if (dup)
            continue;
        if (out->n_pmks >= PL_RECORD_MAX_PMKS) {
            add_problem(probs, PL_COL_PMKS, "paling banyak %d kategori PMKS per orang",
                        PL_RECORD_MAX_PMKS);
            return;
        }
        out->pmks[out->n_pmks++] = pm;
    }
}

int pl_record_validate(pl_record *out, pl_record_problems *probs,
                       const char *const fields[PL_COL__MAX], const pl_region_known *regions,
                       const pl_date *today)
{
    memset(out, 0, sizeof *out);
    probs->n = 0;
    probs->n_notes = 0;
    size_t n;

    /* NIK and KK */
    pl_nik_info nik;
    int why_none = pl_nonik_parse(fields[PL_COL_ALASAN_TANPA_NIK]);
    bool no_nik = false;
    if (trim(fields[PL_COL_NIK], &n), n == 0) {
        const char *rt = trim(fields[PL_COL_ALASAN_TANPA_NIK], &n);
        if (why_none > 0) {
            out->no_nik_reason = why_none;
            no_nik = true;
        } else if (why_none < 0) {
            no_nik = true; /* the reason is the problem, not the missing family card */
            add_problem(probs, PL_COL_ALASAN_TANPA_NIK,
                        "alasan tanpa NIK '%.*s' tidak dikenal (pakai salah satu: %s)",
                        (int)(n > 40 ? 40 : n), rt, pl_nonik_codes_text());
        } else
            add_problem(probs, PL_COL_NIK,
                        "NIK wajib diisi; untuk orang yang belum punya NIK isi kolom "
                        "alasan_tanpa_nik (%s)",
                        pl_nonik_codes_text());
    } else {
        check_idnum(probs, PL_COL_NIK, out->nik, PL_IDNUM_NIK, fields[PL_COL_NIK], regions, &nik);
    }
    pl_nik_info kk;
    if (trim(fields[PL_COL_NO_KK], &n), n == 0) {
        if (!no_nik)
            add_problem(probs, PL_COL_NO_KK, "No. KK wajib diisi");
    } else
        check_idnum(probs, PL_COL_NO_KK, out->kk, PL_IDNUM_KK, fields[PL_COL_NO_KK], regions, &kk);

    /* Names */
    char reason[160];
    if (!copy_field(out->name, sizeof out->name, fields[PL_COL_NAMA]))
        add_problem(probs, PL_COL_NAMA, "nama terlalu panjang (maks %zu karakter)",
                    sizeof out->name - 1);
    else if (pl_name_validate(out->name, reason, sizeof reason) != 0)
        add_problem(probs, PL_COL_NAMA, "%s", reason);
    if (!copy_field(out->mother_name, sizeof out->mother_name, fields[PL_COL_NAMA_IBU]))
        add_problem(probs, PL_COL_NAMA_IBU, "nama ibu terlalu panjang");
    else if (out->mother_name[0] && pl_name_validate(out->mother_name, reason, sizeof reason))
        add_problem(probs, PL_COL_NAMA_IBU, "%s", reason);
    if (!copy_field(out->birth_place, sizeof out->birth_place, fields[PL_COL_TEMPAT_LAHIR]))
        add_problem(probs, PL_COL_TEMPAT_LAHIR, "tempat lahir terlalu panjang (maks %zu karakter)",
                    sizeof out->birth_place - 1);

    /* Birth date and sex */
    bool has_birth = false;
    const char *bd = trim(fields[PL_COL_TANGGAL_LAHIR], &n);
    if (n == 0) {
        add_problem(probs, PL_COL_TANGGAL_LAHIR, "tanggal lahir wajib diisi");
    } else if (pl_date_parse(&out->birth, fields[PL_COL_TANGGAL_LAHIR]) != 0) {
        add_problem(probs, PL_COL_TANGGAL_LAHIR,
                    "tanggal lahir '%.*s' tidak valid (pakai YYYY-MM-DD, DD-MM-YYYY atau "
                    "DD/MM/YYYY dengan tanggal yang ada di kalender)",
                    (int)(n > 24 ? 24 : n), bd);
    } else if (today && pl_date_cmp(&out->birth, today) > 0) {
        add_problem(probs, PL_COL_TANGGAL_LAHIR, "tanggal lahir %.*s di masa depan", (int)n, bd);
    } else if (out->birth.year < 1890) {
        add_problem(probs, PL_COL_TANGGAL_LAHIR, "tahun lahir %d tidak masuk akal",
                    out->birth.year);
    } else {
        has_birth = true;
    }
    out->sex = (char)parse_sex(fields[PL_COL_JENIS_KELAMIN]);
    if (out->sex == 0) {
        const char *t = trim(fields[PL_COL_JENIS_KELAMIN], &n);
        if (n == 0)
            add_problem(probs, PL_COL_JENIS_KELAMIN, "jenis kelamin wajib diisi (L atau P)");
        else
            add_problem(probs, PL_COL_JENIS_KELAMIN,
                        "jenis kelamin '%.*s' tidak dikenal (pakai L atau P)",
                        (int)(n > 20 ? 20 : n), t);
    }

    /* What the NIK says against what the row says: flagged, not rejected. */
    if (out->nik[0] && nik.valid) {
        if (has_birth) {
            bool match = false;
            for (int i = 0; i < nik.n_dates; i++)
                match |= pl_date_cmp(&nik.dates[i], &out->birth) == 0;
            if (!match) {
                out->flags |= PL_RECORD_FLAG_BIRTHDATE;
                add_note(probs, PL_COL_TANGGAL_LAHIR,
                         "tanggal lahir %04d-%02d-%02d tidak sama dengan tanggal dalam NIK "
                         "(%02d-%02d-%02d); perlu verifikasi",
                         out->birth.year, out->birth.month, out->birth.day, nik.day, nik.month,
                         nik.yy);
            }
        }
        if (out->sex && nik.sex && out->sex != nik.sex) {
            out->flags |= PL_RECORD_FLAG_SEX;
            add_note(probs, PL_COL_JENIS_KELAMIN,
                     "jenis kelamin %c tidak sama dengan NIK (%s); perlu verifikasi", out->sex,
                     nik.sex == 'P' ? "perempuan" : "laki-laki");
        }
        if (nik.problems & (1u << PL_NIK_FORMER_REGION)) {
            out->flags |= PL_RECORD_FLAG_FORMER;
            add_note(probs, PL_COL_NIK, "NIK memakai kode wilayah lama %s (sekarang %s)",
                     nik.region_code, nik.current_code);
        }
    }

    /* Relationship */
    const char *rel = trim(fields[PL_COL_HUBUNGAN], &n);
    if (n == 0) {
        out->relationship = PL_REL_LAINNYA;
    } else {
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%.*s", (int)(n < sizeof tmp ? n : sizeof tmp - 1), rel);
        int r = pl_relationship_parse(tmp);
        if (r < 0)
            add_problem(probs, PL_COL_HUBUNGAN,
                        "hubungan keluarga '%s' tidak dikenal (mis. Kepala Keluarga, Istri, "
                        "Anak, Famili Lain)",
                        tmp);
        else
            out->relationship = r;
    }

    /* Address */
    if (!copy_field(out->address, sizeof out->address, fields[PL_COL_ALAMAT]))
        add_problem(probs, PL_COL_ALAMAT, "alamat terlalu panjang (maks %zu karakter)",
                    sizeof out->address - 1);
    parse_rt(probs, PL_COL_RT, out->rt, sizeof out->rt, fields[PL_COL_RT]);
    parse_rt(probs, PL_COL_RW, out->rw, sizeof out->rw, fields[PL_COL_RW]);
    const char *vc = trim(fields[PL_COL_KODE_DESA], &n);
    if (n == 0) {
        add_problem(probs, PL_COL_KODE_DESA, "kode desa wajib diisi");
    } else {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%.*s", (int)(n < sizeof tmp ? n : sizeof tmp - 1), vc);
        int level = pl_region_code_normalize(out->village, tmp);
        if (level != PL_LEVEL_VILLAGE)
            add_problem(probs, PL_COL_KODE_DESA,
                        "kode desa '%s' tidak valid (contoh 64.74.01.1001 atau 6474011001)", tmp);
        else if (regions && regions->exists && !regions->exists(regions->ctx, out->village))
            add_problem(probs, PL_COL_KODE_DESA,
                        "kode desa %s tidak ada di pohon wilayah Kemendagri", out->village);
    }

    /* Categories and disability */
    parse_pmks(out, probs, fields[PL_COL_PMKS], today);
    const char *dis = trim(fields[PL_COL_DISABILITAS], &n);
    if (n > 0) {
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%.*s", (int)(n < sizeof tmp ? n : sizeof tmp - 1), dis);
        const pl_disability *d = pl_disability_find(tmp);
        if (d == NULL)
            add_problem(probs, PL_COL_DISABILITAS,
                        "jenis disabilitas '%s' tidak dikenal (pilih: fisik, intelektual, "
                        "mental, netra, rungu, wicara, ganda)",
                        tmp);
        else
            snprintf(out->disability, sizeof out->disability, "%s", d->slug);
    }

    /* Coordinates: both or neither, inside Indonesia's extent. */
    size_t nlat, nlon;
    trim(fields[PL_COL_LATITUDE], &nlat);
    trim(fields[PL_COL_LONGITUDE], &nlon);
    if (nlat || nlon) {
        double lat = 0, lon = 0;
        bool ok = true;
        if (!nlat || !nlon) {
            add_problem(probs, nlat ? PL_COL_LONGITUDE : PL_COL_LATITUDE,
                        "latitude dan longitude harus diisi berdua");
            ok = false;
        } else {
            if (!parse_coord(fields[PL_COL_LATITUDE], &lat)) {
                add_problem(probs, PL_COL_LATITUDE, "latitude bukan angka");
                ok = false;
            }
            if (!parse_coord(fields[PL_COL_LONGITUDE], &lon)) {
                add_problem(probs, PL_COL_LONGITUDE, "longitude bukan angka");
                ok = false;
            }
        }
        if (ok && (lat < -11.5 || lat > 6.5 || lon < 94.5 || lon > 141.5)) {
            add_problem(probs, lat < -11.5 || lat > 6.5 ? PL_COL_LATITUDE : PL_COL_LONGITUDE,
                        "koordinat %.6f, %.6f di luar wilayah Indonesia%s", lat, lon,
                        (lon >= -11.5 && lon <= 6.5 && lat >= 94.5 && lat <= 141.5)
                            ? " (latitude dan longitude tertukar?)"
                            : "");
            ok = false;
        }
        if (ok) {
            out->has_coord = true;
            out->lat = lat;
            out->lon = lon;
        }
    }
    return probs->n ? PL_EINVAL : 0;
}

void pl_record_problems_join(char *out, size_t cap, const pl_record_problems *p, bool notes)
{
    size_t j = 0;
    out[0] = '\0';
    const pl_record_problem *items = notes ? p->notes : p->items;
    int n = notes ? p->n_notes : p->n;
    for (int i = 0; i < n && j < cap; i++) {
        int w = snprintf(out + j, cap - j, "%s%s: %s", i ? "; " : "", pl_col_name(items[i].col),
                         items[i].message);
        if (w < 0)
            break;
        j += (size_t)w;
    }
}

void pl_record_problems_text(char *out, size_t cap, const pl_record_problems *p)
{
    size_t j = 0;
    if (cap)
        out[0] = '\0';
    for (int i = 0; i < p->n && j < cap; i++) {
        int w = snprintf(out + j, cap - j, "%s%s", i ? "; " : "", p->items[i].message);
        if (w < 0)
            break;
        j += (size_t)w;
    }
}
