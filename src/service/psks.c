/* psks.c - PSKS unit registration. */
#include "service/psks.h"
#include "domain/category.h"
#include "domain/date.h"
#include "domain/name.h"
#include "domain/nik.h"
#include "io/csv_writer.h"
#include "io/table_reader.h"
#include "io/xlsx_writer.h"
#include "store/audit.h"
#include "store/region.h"
#include "store/psks.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool region_exists(void *ctx, const char *dotted)
{
    pl_region r;
    return pl_store_region_get(ctx, &r, dotted, NULL) == 0;
}

/* Normalises an optional date field in place to YYYY-MM-DD ("" stays ""). */
static int norm_date(char *v, size_t cap, const char *field, const char *label, pl_error *err)
{
    if (v[0] == '\0')
        return 0;
    pl_date d;
    if (pl_date_parse(&d, v) != 0)
        return pl_error_set(err, PL_EINVAL, field,
                            "%s harus tanggal yang sah (HH/BB/TTTT atau TTTT-BB-HH)", label);
    char iso[11];
    pl_date_format(iso, &d);
    snprintf(v, cap, "%s", iso);
    return 0;
}

int pl_psks_areas_parse(pl_psks_unit *u, const char *list, pl_error *err)
{
    u->n_areas = 0;
    const char *p = list ? list : "";
    while (*p) {
        p += strspn(p, " ,;\t\r\n");
        size_t n = strcspn(p, " ,;\t\r\n");
        if (n == 0)
            break;
        char word[32], code[PL_REGION_CODE_MAX];
        if (n >= sizeof word)
            return pl_error_set(err, PL_EINVAL, "areas", "kode wilayah layanan terlalu panjang");
        memcpy(word, p, n);
        word[n] = '\0';
        p += n;
        int level = pl_region_code_normalize(code, word);
        if (level < 0)
            return pl_error_set(err, PL_EINVAL, "areas",
                                "'%s' bukan kode wilayah (mis. 64.74.01 atau 64.74.01.1001)", word);
        if (level < 3)
            return pl_error_set(err, PL_EINVAL, "areas",
                                "wilayah layanan %s harus kecamatan atau desa/kelurahan", code);
        bool dup = false;
        for (int i = 0; i < u->n_areas; i++)
            dup = dup || strcmp(u->areas[i], code) == 0;
        if (dup)
            continue;
        if (u->n_areas == PL_PSKS_AREAS_MAX)
            return pl_error_set(err, PL_EINVAL, "areas", "paling banyak %d wilayah layanan",
                                PL_PSKS_AREAS_MAX);
        memcpy(u->areas[u->n_areas++], code, sizeof code);
    }
    return 0;
}

bool pl_psks_in_scope(const pl_psks_unit *u, const char *scope)
{
    if (scope == NULL || scope[0] == '\0' || pl_region_code_in_scope(u->area_code, scope))
        return true;
    for (int i = 0; i < u->n_areas; i++)
        if (pl_region_code_in_scope(u->areas[i], scope))
            return true;
    return false;
}

int pl_psks_get_scoped(pl_psks_unit *out, pl_store *s, const char *scope, int64_t id, pl_error *err)
{
    int rc = pl_store_psks_get(s, out, id, err);
    if (rc == 0 && !pl_psks_in_scope(out, scope))
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "unit PSKS %lld tidak ditemukan", (long long)id);
    return rc;
}

/* The legal basis: organisations only; dates normalised; a known accreditation grade. */
static int check_legal(pl_psks_unit *u, pl_error *err)
{
    if (strcmp(u->kind, "orang") == 0) {
        const char *f = u->decree_no[0]            ? "decree_no"
                        : u->decree_date[0]        ? "decree_date"
                        : u->reg_no[0]             ? "reg_no"
                        : u->accreditation[0]      ? "accreditation"
                        : u->accreditation_date[0] ? "accreditation_date"
                                                   : NULL;
        if (f)
            return pl_error_set(
                err, PL_EINVAL, f,
                "dasar hukum (SK, registrasi, akreditasi) hanya untuk PSKS lembaga");
    }
    int rc;
    if ((rc = norm_date(u->decree_date, sizeof u->decree_date, "decree_date", "tanggal SK", err)) ||
        (rc = norm_date(u->accreditation_date, sizeof u->accreditation_date, "accreditation_date",
                        "tanggal akreditasi", err)))
        return rc;
    static const char *const grades[] = {"", "A", "B", "C", "belum"};
    bool ok = false;
    for (size_t i = 0; i < sizeof grades / sizeof grades[0] && !ok; i++)
        if (strcasecmp(u->accreditation, grades[i]) == 0) {
            snprintf(u->accreditation, sizeof u->accreditation, "%s", grades[i]);
            ok = true;
        }
    if (!ok)
        return pl_error_set(err, PL_EINVAL, "accreditation", "akreditasi harus A, B, C atau belum");
    if (u->accreditation_date[0] && (u->accreditation[0] == '\0' || u->accreditation[1] != '\0'))
        return pl_error_set(err, PL_EINVAL, "accreditation_date",
                            "tanggal akreditasi hanya untuk akreditasi A, B atau C");
    if (u->decree_date[0] && u->decree_no[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "decree_no", "nomor SK wajib bila tanggal SK diisi");
    return 0;
}

/*
 * The rules of a unit, for registering and changing alike (see
 * pl_psks_register); scope NULL skips the scope checks (pl_psks_update does
 * its own).
 */
static int check_unit(pl_store *s, const char *scope, const char *type, const char *nik,
                      pl_psks_unit *u, pl_error *err)
{
    const pl_category *cat = type && strlen(type) < 64 ? pl_psks_find(type) : NULL;
    if (cat == NULL)
        return pl_error_set(err, PL_EINVAL, "type",
                            "jenis PSKS wajib berisi kode atau nama PSKS (lihat 'pilar category "
                            "list --psks')");
    u->type = cat->code;
    snprintf(u->kind, sizeof u->kind, "%s",
             cat->applies_to == PL_APPLIES_ORGANISATION ? "lembaga" : "orang");
    char reason[160];
    if (u->name[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "name", "nama wajib diisi");
    if (cat->applies_to != PL_APPLIES_ORGANISATION &&
        pl_name_validate(u->name, reason, sizeof reason) != 0)
        return pl_error_set(err, PL_EINVAL, "name", "%s", reason);
    char area[PL_REGION_CODE_MAX];
    if (pl_region_code_normalize(area, u->area_code) < 0)
        return pl_error_set(err, PL_EINVAL, "region",
                            "kode wilayah yang dilayani wajib diisi (mis. 64.74.01)");
    memcpy(u->area_code, area, sizeof area);
    if (scope && !pl_region_code_in_scope(u->area_code, scope))
        return pl_error_set(err, PL_EDENIED, "region", "wilayah %s di luar cakupan Anda",
                            u->area_code);
    int rc;
    char list[PL_PSKS_AREAS_MAX * PL_REGION_CODE_MAX + 1] = "";
    size_t used = 0;
    for (int i = 0; i < u->n_areas && i < PL_PSKS_AREAS_MAX; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s ", u->areas[i]);
    if ((rc = pl_psks_areas_parse(u, list, err)))
        return rc;
    for (int i = 0; scope && i < u->n_areas; i++)
        if (!pl_region_code_in_scope(u->areas[i], scope))
            return pl_error_set(err, PL_EDENIED, "areas", "wilayah layanan %s di luar cakupan Anda",
                                u->areas[i]);
    if (u->has_coord && !(u->lat >= -11.5 && u->lat <= 6.5 && u->lon >= 94.5 && u->lon <= 141.5))
        return pl_error_set(err, PL_EINVAL, "latitude",
                            "koordinat harus berdua dan di dalam Indonesia");
    if (u->valid_to[0]) {
        pl_date d;
        if (pl_date_parse(&d, u->valid_to) != 0 || !pl_date_is_iso(u->valid_to))
            return pl_error_set(err, PL_EINVAL, "valid_to",
                                "tanggal berakhir harus tanggal yang sah (TTTT-BB-HH)");
        if (u->valid_from[0] && strcmp(u->valid_to, u->valid_from) < 0)
            return pl_error_set(err, PL_EINVAL, "valid_to",
                                "tanggal berakhir sebelum tanggal mulai %s", u->valid_from);
    }
    if ((rc = check_legal(u, err)))
        return rc;
    u->nik[0] = '\0';
    if (nik && nik[0]) {
        pl_region_known known = {region_exists, s};
        pl_nik_info info;
        pl_nik_check(&info, PL_IDNUM_NIK, nik, &known);
        if (!info.valid) {
            for (int b = 0; b < PL_NIK_PROBLEM__MAX; b++)
                if ((info.problems & (1u << b)) && !pl_nik_problem_is_warning(b)) {
                    char msg[256];
                    pl_nik_problem_message(msg, sizeof msg, &info, b);
                    return pl_error_set(err, PL_EINVAL, "nik", "%s", msg);
                }
            return pl_error_set(err, PL_EINVAL, "nik", "NIK tidak sah");
        }
        snprintf(u->nik, sizeof u->nik, "%s", info.digits);
    }
    return 0;
}

int pl_psks_register(pl_store *s, const pl_actor *who, const char *scope, const char *type,
                     const char *nik, pl_psks_unit *u, pl_error *err)
{
    int rc = check_unit(s, scope ? scope : "", type, nik, u, err);
    return rc ? rc : pl_store_psks_add(s, who, u, err);
}

/* Copies an optional text member of a change; too long is refused, not cut. */
static int take(char *out, size_t cap, const char *v, const char *field, pl_error *err)
{
    if (v == NULL)
        return 0;
    if (strlen(v) >= cap)
        return pl_error_set(err, PL_EINVAL, field, "%s terlalu panjang (maks. %zu)", field,
                            cap - 1);
    memcpy(out, v, strlen(v) + 1);
    return 0;
}

/* True when code is one of u's served areas. */
static bool serves(const pl_psks_unit *u, const char *code)
{
    for (int i = 0; i < u->n_areas; i++)
        if (strcmp(u->areas[i], code) == 0)
            return true;
    return false;
}

/* Inside a scope, what changed between before and after must lie inside it. */
static int check_change_scope(const pl_psks_unit *before, const pl_psks_unit *after,
                              const char *scope, pl_error *err)
{
    if (scope == NULL || scope[0] == '\0')
        return 0;
    if (strcmp(before->area_code, after->area_code) != 0 &&
        (!pl_region_code_in_scope(before->area_code, scope) ||
         !pl_region_code_in_scope(after->area_code, scope)))
        return pl_error_set(err, PL_EDENIED, "region",
                            "wilayah asal %s hanya dapat diubah di dalam cakupan Anda",
                            after->area_code);
    for (int i = 0; i < after->n_areas; i++)
        if (!serves(before, after->areas[i]) && !pl_region_code_in_scope(after->areas[i], scope))
            return pl_error_set(err, PL_EDENIED, "areas", "wilayah layanan %s di luar cakupan Anda",
                                after->areas[i]);
    for (int i = 0; i < before->n_areas; i++)
        if (!serves(after, before->areas[i]) && !pl_region_code_in_scope(before->areas[i], scope))
            return pl_error_set(err, PL_EDENIED, "areas",
                                "wilayah layanan %s di luar cakupan Anda tidak dapat dihapus",
                                before->areas[i]);
    return 0;
}

int pl_psks_update(pl_psks_unit *out, pl_store *s, const pl_actor *who, const char *scope,
                   int64_t id, const pl_psks_change *chg, pl_error *err)
{
    pl_psks_unit u, before;
    int rc = pl_psks_get_scoped(&u, s, scope, id, err);
    if (rc)
        return rc;
    before = u;
    u.version = chg->version;
    char type[16], nik[17];
    snprintf(type, sizeof type, "%d", u.type);
    snprintf(nik, sizeof nik, "%s", u.nik);
    if ((rc = take(type, sizeof type, chg->type, "type", err)) ||
        (rc = take(u.name, sizeof u.name, chg->name, "name", err)) ||
        (rc = take(u.area_code, sizeof u.area_code, chg->region, "region", err)) ||
        (rc = take(nik, sizeof nik, chg->nik, "nik", err)) ||
        (rc = take(u.address, sizeof u.address, chg->address, "address", err)) ||
        (rc = take(u.phone, sizeof u.phone, chg->phone, "phone", err)) ||
        (rc = take(u.email, sizeof u.email, chg->email, "email", err)) ||
        (rc = take(u.valid_to, sizeof u.valid_to, chg->valid_to, "valid_to", err)) ||
        (rc = take(u.decree_no, sizeof u.decree_no, chg->decree_no, "decree_no", err)) ||
        (rc = take(u.decree_date, sizeof u.decree_date, chg->decree_date, "decree_date", err)) ||
        (rc = take(u.reg_no, sizeof u.reg_no, chg->reg_no, "reg_no", err)) ||
        (rc = take(u.accreditation, sizeof u.accreditation, chg->accreditation, "accreditation",
                   err)) ||
        (rc = take(u.accreditation_date, sizeof u.accreditation_date, chg->accreditation_date,
                   "accreditation_date", err)) ||
        (chg->areas && (rc = pl_psks_areas_parse(&u, chg->areas, err))))
        return rc;
    if (chg->coord > 0) {
        u.has_coord = true;
        u.lat = chg->lat;
        u.lon = chg->lon;
    } else if (chg->coord < 0) {
        u.has_coord = false;
    }
    if ((rc = check_unit(s, NULL, type, nik, &u, err)) ||
        (rc = check_change_scope(&before, &u, scope, err)) ||
        (rc = pl_store_psks_update(s, who, &u, err)))
        return rc;
    *out = u;
    return 0;
}

/* ------------------------------------------------------------- history records */

static const char *const record_kinds[] = {PL_PSKS_REC_TRAINING, PL_PSKS_REC_CERT,
                                           PL_PSKS_REC_PERIOD, PL_PSKS_REC_PAY};

static bool record_kind_known(const char *kind)
{
    for (size_t i = 0; i < sizeof record_kinds / sizeof record_kinds[0]; i++)
        if (kind && strcmp(kind, record_kinds[i]) == 0)
            return true;
    return false;
}

/* Validates a record in place (see pl_psks_record_save). */
static int check_record(pl_psks_record *r, pl_error *err)
{
    if (!record_kind_known(r->kind))
        return pl_error_set(err, PL_EINVAL, "kind",
                            "jenis catatan harus pelatihan, sertifikasi, masa_aktif atau honor");
    bool pay = strcmp(r->kind, PL_PSKS_REC_PAY) == 0;
    bool study =
        strcmp(r->kind, PL_PSKS_REC_TRAINING) == 0 || strcmp(r->kind, PL_PSKS_REC_CERT) == 0;
    if (study && r->title[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "title", "nama pelatihan atau sertifikasi wajib diisi");
    if (r->started_on[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "started_on", "tanggal mulai wajib diisi");
    int rc;
    if ((rc = norm_date(r->started_on, sizeof r->started_on, "started_on", "tanggal mulai", err)) ||
        (rc = norm_date(r->ended_on, sizeof r->ended_on, "ended_on", "tanggal selesai", err)))
        return rc;
    if (r->ended_on[0] && strcmp(r->ended_on, r->started_on) < 0)
        return pl_error_set(err, PL_EINVAL, "ended_on", "tanggal selesai sebelum tanggal mulai %s",
                            r->started_on);
    if (pay) {
        if (r->amount < 0)
            return pl_error_set(err, PL_EINVAL, "amount", "jumlah harus bilangan rupiah >= 0");
        static const char *const sources[] = {"APBD", "APBN", "CSR", "lainnya"};
        bool ok = false;
        for (size_t i = 0; i < 4 && !ok; i++)
            if (strcasecmp(r->source, sources[i]) == 0) {
                snprintf(r->source, sizeof r->source, "%s", sources[i]);
                ok = true;
            }
        if (!ok)
            return pl_error_set(err, PL_EINVAL, "source",
                                "sumber dana harus APBD, APBN, CSR atau lainnya");
        if (r->title[0] == '\0')
            snprintf(r->title, sizeof r->title, "honorarium");
    } else {
        r->amount = 0;
        r->source[0] = '\0';
    }
    return 0;
}

int pl_psks_record_save(pl_psks_record *r, pl_store *s, const pl_actor *who, const char *scope,
                        pl_error *err)
{
    pl_psks_unit u;
    int rc;
    if (r->id) {
        pl_psks_record cur;
        if ((rc = pl_store_psks_record_get(s, &cur, r->id, err)))
            return rc;
        if (r->unit_id && r->unit_id != cur.unit_id)
            return pl_error_set(err, PL_ENOTFOUND, "id", "catatan PSKS %lld tidak ditemukan",
                                (long long)r->id);
        r->unit_id = cur.unit_id;
        memcpy(r->kind, cur.kind, sizeof r->kind);
    }
    if ((rc = pl_psks_get_scoped(&u, s, scope, r->unit_id, err)) || (rc = check_record(r, err)))
        return rc;
    return r->id ? pl_store_psks_record_update(s, who, r, err)
                 : pl_store_psks_record_add(s, who, r, err);
}

int pl_psks_record_list(pl_store *s, const char *scope, int64_t unit_id, const char *kind,
                        pl_psks_record_cb cb, void *ctx, pl_error *err)
{
    if (kind && kind[0] && !record_kind_known(kind))
        return pl_error_set(err, PL_EINVAL, "kind",
                            "jenis catatan harus pelatihan, sertifikasi, masa_aktif atau honor");
    pl_psks_unit u;
    int rc = pl_psks_get_scoped(&u, s, scope, unit_id, err);
    return rc ? rc : pl_store_psks_record_list(s, unit_id, kind, cb, ctx, err);
}

enum {
    COL_TYPE,
    COL_NAME,
    COL_AREA,
    COL_NIK,
    COL_AREAS,
    COL_ADDRESS,
    COL_PHONE,
    COL_EMAIL,
    COL_LAT,
    COL_LON,
    COL_UNTIL,
    COL_DECREE,
    COL_DECREE_DATE,
    COL_REG,
    COL_ACCRED,
    COL_ACCRED_DATE,
    COL__MAX
};
/* The file's columns, in the order an export writes them (the operators' contract). */
static const char *const col_names[COL__MAX] = {
    [COL_TYPE] = "jenis",
    [COL_NAME] = "nama",
    [COL_AREA] = "kode_wilayah",
    [COL_NIK] = "nik",
    [COL_AREAS] = "wilayah_layanan",
    [COL_ADDRESS] = "alamat",
    [COL_PHONE] = "telepon",
    [COL_EMAIL] = "email",
    [COL_LAT] = "latitude",
    [COL_LON] = "longitude",
    [COL_UNTIL] = "berakhir",
    [COL_DECREE] = "no_sk",
    [COL_DECREE_DATE] = "tanggal_sk",
    [COL_REG] = "no_registrasi",
    [COL_ACCRED] = "akreditasi",
    [COL_ACCRED_DATE] = "tanggal_akreditasi",
};

/* Finds each column in the header row f[nf]; jenis, nama and kode_wilayah are required. */
static int map_header(int idx[COL__MAX], char **f, size_t nf, pl_error *err)
{
    for (int k = 0; k < COL__MAX; k++) {
        idx[k] = -1;
        for (size_t j = 0; j < nf; j++)
            if (strcasecmp(f[j], col_names[k]) == 0)
                idx[k] = (int)j;
        if (idx[k] < 0 && k <= COL_AREA)
            return pl_error_set(err, PL_EINVAL, col_names[k],
                                "kolom '%s' tidak ada di baris judul (wajib: jenis, nama, "
                                "kode_wilayah; pilihan: nik, wilayah_layanan, alamat, telepon, "
                                "email, latitude, longitude, berakhir, no_sk, tanggal_sk, "
                                "no_registrasi, akreditasi, tanggal_akreditasi)",
                                col_names[k]);
    }
    return 0;
}

static bool parse_coord(double *out, const char *s)
{
    char *end = NULL;
    *out = strtod(s, &end);
    return end != s && *end == '\0' && isfinite(*out);
}

/* Copies v into a fixed field; false when it does not fit. */
static bool copy_field(char *out, size_t cap, const char *v)
{
    size_t n = strlen(v);
    if (n >= cap)
        return false;
    memcpy(out, v, n + 1);
    return true;
}

/* Fills u from one row; on a problem returns its column and fills reason. */
static const char *read_row(pl_psks_unit *u, const char *const v[COL__MAX], char *reason,
                            size_t cap)
{
    memset(u, 0, sizeof *u);
    struct {
        int col;
        char *dst;
        size_t cap;
    } text[] = {
        {COL_NAME, u->name, sizeof u->name},
        {COL_AREA, u->area_code, sizeof u->area_code},
        {COL_ADDRESS, u->address, sizeof u->address},
        {COL_PHONE, u->phone, sizeof u->phone},
        {COL_EMAIL, u->email, sizeof u->email},
        {COL_UNTIL, u->valid_to, sizeof u->valid_to},
        {COL_DECREE, u->decree_no, sizeof u->decree_no},
        {COL_DECREE_DATE, u->decree_date, sizeof u->decree_date},
        {COL_REG, u->reg_no, sizeof u->reg_no},
        {COL_ACCRED, u->accreditation, sizeof u->accreditation},
        {COL_ACCRED_DATE, u->accreditation_date, sizeof u->accreditation_date},
    };
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
        if (!copy_field(text[i].dst, text[i].cap, v[text[i].col])) {
            snprintf(reason, cap, "isian terlalu panjang (maks. %zu karakter)", text[i].cap - 1);
            return col_names[text[i].col];
        }
    if (u->valid_to[0]) {
        pl_date d;
        if (pl_date_parse(&d, u->valid_to) != 0) {
            snprintf(reason, cap, "tanggal berakhir harus tanggal yang sah (HH/BB/TTTT)");
            return col_names[COL_UNTIL];
        }
        pl_date_format(u->valid_to, &d);
    }
    if (v[COL_LAT][0] || v[COL_LON][0]) {
        if (!parse_coord(&u->lat, v[COL_LAT]) || !parse_coord(&u->lon, v[COL_LON])) {
            snprintf(reason, cap, "latitude dan longitude harus berdua dan berupa angka");
            return col_names[COL_LAT];
        }
        u->has_coord = true;
    }
    pl_error e;
    pl_error_clear(&e);
    if (pl_psks_areas_parse(u, v[COL_AREAS], &e) != 0) {
        snprintf(reason, cap, "%s", e.message);
        return col_names[COL_AREAS];
    }
    return NULL;
}

/* Maps a pl_psks_register field name to the file's column. */
static const char *column_of(const char *field)
{
    static const struct {
        const char *field;
        int col;
    } map[] = {
        {"type", COL_TYPE},
        {"name", COL_NAME},
        {"nik", COL_NIK},
        {"latitude", COL_LAT},
        {"areas", COL_AREAS},
        {"valid_to", COL_UNTIL},
        {"decree_no", COL_DECREE},
        {"decree_date", COL_DECREE_DATE},
        {"reg_no", COL_REG},
        {"accreditation", COL_ACCRED},
        {"accreditation_date", COL_ACCRED_DATE},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(field, map[i].field) == 0)
            return col_names[map[i].col];
    return col_names[COL_AREA];
}

/* Writes one unit as a row of the file's columns. */
static int unit_fields(const char *out[COL__MAX], char bufs[4][PL_PSKS_AREAS_MAX * 16],
                       const pl_psks_unit *u, const pl_ident_view *view,
                       char nik[PL_IDENT_TEXT_MAX])
{
    const pl_category *cat = pl_psks_get(u->type);
    size_t used = 0;
    bufs[0][0] = '\0';
    for (int i = 0; i < u->n_areas; i++)
        used += (size_t)snprintf(bufs[0] + used, sizeof bufs[0] - used, "%s%s", i ? ", " : "",
                                 u->areas[i]);
    bufs[1][0] = bufs[2][0] = '\0';
    if (u->has_coord) {
        snprintf(bufs[1], sizeof bufs[1], "%.7g", u->lat);
        snprintf(bufs[2], sizeof bufs[2], "%.7g", u->lon);
    }
    out[COL_TYPE] = cat ? cat->short_name : "";
    out[COL_NAME] = u->name;
    out[COL_AREA] = u->area_code;
    out[COL_NIK] = pl_ident_text(nik, view, PL_IDENT_NIK, u->nik);
    out[COL_AREAS] = bufs[0];
    out[COL_ADDRESS] = u->address;
    out[COL_PHONE] = u->phone;
    out[COL_EMAIL] = u->email;
    out[COL_LAT] = bufs[1];
    out[COL_LON] = bufs[2];
    out[COL_UNTIL] = u->valid_to;
    out[COL_DECREE] = u->decree_no;
    out[COL_DECREE_DATE] = u->decree_date;
    out[COL_REG] = u->reg_no;
    out[COL_ACCRED] = u->accreditation;
    out[COL_ACCRED_DATE] = u->accreditation_date;
    return 0;
}

typedef struct export_ctx {
    pl_csv_writer *csv;
    pl_xlsx_writer *xlsx;
    const pl_ident_view *view;
    long rows;
    pl_error *err;
} export_ctx;

static int export_unit(void *ctx, const pl_psks_unit *u)
{
    export_ctx *x = ctx;
    const char *f[COL__MAX];
    char bufs[4][PL_PSKS_AREAS_MAX * 16], nik[PL_IDENT_TEXT_MAX];
    unit_fields(f, bufs, u, x->view, nik);
    x->rows++;
    return x->csv ? pl_csv_writer_row(x->csv, f, COL__MAX, x->err)
                  : pl_xlsx_writer_row(x->xlsx, f, COL__MAX, x->err);
}

int pl_psks_export(pl_store *s, const pl_actor *who, const pl_psks_export_options *opt, long *rows,
                   pl_error *err)
{
    *rows = 0;
    const char *scope = opt->scope ? opt->scope : "";
    const char *region = opt->region && opt->region[0] ? opt->region : scope;
    if (!pl_region_code_in_scope(region, scope))
        return pl_error_set(err, PL_EDENIED, "region", "wilayah %s di luar cakupan Anda", region);
    export_ctx x = {.view = opt->view, .err = err};
    int rc;
    if (!opt->xlsx) {
        pl_csv_kind kinds[COL__MAX] = {[COL_LAT] = PL_CSV_NUMBER, [COL_LON] = PL_CSV_NUMBER};
        pl_csv_writer_options wo = {.delimiter = ',',
                                    .line_end = PL_CSV_CRLF,
                                    .bom = 1,
                                    .kinds = kinds,
                                    .n_kinds = COL__MAX};
        if (opt->out_path)
            rc = pl_csv_writer_open_path(&x.csv, opt->out_path, &wo, err);
        else if (opt->out_buf)
            rc = pl_csv_writer_open_buf(&x.csv, opt->out_buf, &wo, err);
        else
            rc = pl_error_set(err, PL_EINVAL, "out", "tujuan ekspor tidak diberikan");
        if (rc == 0)
            rc = pl_csv_writer_row(x.csv, col_names, COL__MAX, err);
    } else {
        if (opt->out_path == NULL)
            return pl_error_set(err, PL_EINVAL, "out", "ekspor XLSX memerlukan nama berkas");
        pl_xlsx_column cols[COL__MAX];
        memset(cols, 0, sizeof cols);
        for (int c = 0; c < COL__MAX; c++)
            cols[c].header = col_names[c]; /* text: codes, NIK and dates stay as written */
        rc = pl_xlsx_writer_open(&x.xlsx, opt->out_path, NULL, err);
        if (rc == 0)
            rc = pl_xlsx_writer_add_sheet(x.xlsx, "PSKS", cols, COL__MAX, err);
    }
    if (rc == 0)
        rc = pl_store_psks_list(s, region, 0, export_unit, &x, err);
    if (x.csv) {
        int crc = pl_csv_writer_close(x.csv, rc ? NULL : err);
        rc = rc ? rc : crc;
    }
    if (x.xlsx) {
        if (rc)
            pl_xlsx_writer_free(x.xlsx);
        else
            rc = pl_xlsx_writer_close(x.xlsx, err);
    }
    if (rc == 0) {
        json_t *j =
            json_pack("{s:s,s:s,s:s,s:I,s:b}", "region", region, "format",
                      opt->xlsx ? "xlsx" : "csv", "file", opt->out_path ? opt->out_path : "",
                      "rows", (json_int_t)x.rows, "masked", pl_ident_hides(opt->view));
        char *after = j ? json_dumps(j, JSON_COMPACT) : NULL;
        json_decref(j);
        rc = after ? pl_store_audit_add(s, who, "export", "psks_unit", 0, NULL, after, err)
                   : pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        free(after);
    }
    *rows = x.rows;
    return rc;
}

int pl_psks_import(pl_psks_import_result *out, pl_store *s, const pl_actor *who, const char *scope,
                   const char *path, bool dry_run, pl_psks_reject_cb reject, void *ctx,
                   pl_error *err)
{
    memset(out, 0, sizeof *out);
    pl_table_reader *t = NULL;
    char **f;
    size_t nf;
    int idx[COL__MAX];
    int rc = pl_table_open(&t, path, NULL, err);
    if (rc)
        return rc;
    rc = pl_table_next(t, &f, &nf, err);
    if (rc == 0)
        rc = pl_error_set(err, PL_EINVAL, "berkas", "berkas kosong");
    if (rc < 0 || (rc = map_header(idx, f, nf, err)) || (rc = pl_store_begin(s, err)))
        goto out;
    while ((rc = pl_table_next(t, &f, &nf, err)) > 0) {
        const char *v[COL__MAX];
        for (size_t j = 0; j < nf; j++)
            pl_csv_unguard(f[j]); /* what an export guarded against formulas */
        for (int k = 0; k < COL__MAX; k++)
            v[k] = idx[k] >= 0 && (size_t)idx[k] < nf ? f[idx[k]] : "";
        pl_psks_unit u;
        char reason[sizeof((pl_error *)0)->message] = "";
        const char *field = read_row(&u, v, reason, sizeof reason);
        if (field == NULL) {
            pl_error e;
            pl_error_clear(&e);
            int r2 = pl_psks_register(s, who, scope, v[COL_TYPE], v[COL_NIK], &u, &e);
            if (r2 == PL_EINVAL || r2 == PL_EDENIED) {
                field = column_of(e.field);
                snprintf(reason, sizeof reason, "%s", e.message);
            } else if (r2) {
                *err = e;
                rc = r2;
                break;
            } else {
                out->stored++;
            }
        }
        if (field) {
            out->rejected++;
            int r3 = reject ? reject(ctx, pl_table_row_number(t), field, reason) : 0;
            if (r3) {
                rc = pl_error_set(err, r3, "", "baris yang ditolak tidak dapat dicatat");
                break;
            }
        }
    }
    if (rc || dry_run)
        pl_store_rollback(s);
    else
        rc = pl_store_commit(s, err);
out:
    pl_table_close(t);
    return rc;
}
