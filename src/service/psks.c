/* psks.c - PSKS unit registration. */
#include "service/psks.h"
#include "domain/category.h"
#include "domain/date.h"
#include "domain/name.h"
#include "domain/nik.h"
#include "io/table_reader.h"
#include "store/region.h"
#include "store/psks.h"

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

/* The rules of a unit, for registering and changing alike (see pl_psks_register). */
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
    if (u->has_coord && !(u->lat >= -11.5 && u->lat <= 6.5 && u->lon >= 94.5 && u->lon <= 141.5))
        return pl_error_set(err, PL_EINVAL, "latitude",
                            "koordinat harus berdua dan di dalam Indonesia");
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
    int rc = check_unit(s, scope, type, nik, u, err);
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

int pl_psks_update(pl_psks_unit *out, pl_store *s, const pl_actor *who, const char *scope,
                   int64_t id, const pl_psks_change *chg, pl_error *err)
{
    pl_psks_unit u;
    int rc = pl_store_psks_get(s, &u, id, err);
    if (rc == 0 && scope && scope[0] && !pl_region_code_in_scope(u.area_code, scope))
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "unit PSKS %lld tidak ditemukan", (long long)id);
    if (rc)
        return rc;
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
        (rc = take(u.valid_to, sizeof u.valid_to, chg->valid_to, "valid_to", err)))
        return rc;
    if (u.valid_to[0]) {
        pl_date d;
        if (pl_date_parse(&d, u.valid_to) != 0 || !pl_date_is_iso(u.valid_to))
            return pl_error_set(err, PL_EINVAL, "valid_to",
                                "tanggal berakhir harus tanggal yang sah (TTTT-BB-HH)");
        if (u.valid_from[0] && strcmp(u.valid_to, u.valid_from) < 0)
            return pl_error_set(err, PL_EINVAL, "valid_to",
                                "tanggal berakhir sebelum tanggal mulai %s", u.valid_from);
    }
    if (chg->coord > 0) {
        u.has_coord = true;
        u.lat = chg->lat;
        u.lon = chg->lon;
    } else if (chg->coord < 0) {
        u.has_coord = false;
    }
    if ((rc = check_unit(s, scope, type, nik, &u, err)) ||
        (rc = pl_store_psks_update(s, who, &u, err)))
        return rc;
    *out = u;
    return 0;
}

enum {
    COL_TYPE,
    COL_NAME,
    COL_AREA,
    COL_NIK,
    COL_ADDRESS,
    COL_PHONE,
    COL_EMAIL,
    COL_LAT,
    COL_LON,
    COL__MAX
};
static const char *const col_names[COL__MAX] = {
    [COL_TYPE] = "jenis",  [COL_NAME] = "nama",      [COL_AREA] = "kode_wilayah",
    [COL_NIK] = "nik",     [COL_ADDRESS] = "alamat", [COL_PHONE] = "telepon",
    [COL_EMAIL] = "email", [COL_LAT] = "latitude",   [COL_LON] = "longitude",
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
                                "kode_wilayah; pilihan: nik, alamat, telepon, email, latitude, "
                                "longitude)",
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
        {COL_NAME, u->name, sizeof u->name},          {COL_AREA, u->area_code, sizeof u->area_code},
        {COL_ADDRESS, u->address, sizeof u->address}, {COL_PHONE, u->phone, sizeof u->phone},
        {COL_EMAIL, u->email, sizeof u->email},
    };
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
        if (!copy_field(text[i].dst, text[i].cap, v[text[i].col])) {
            snprintf(reason, cap, "isian terlalu panjang (maks. %zu karakter)", text[i].cap - 1);
            return col_names[text[i].col];
        }
    if (v[COL_LAT][0] || v[COL_LON][0]) {
        if (!parse_coord(&u->lat, v[COL_LAT]) || !parse_coord(&u->lon, v[COL_LON])) {
            snprintf(reason, cap, "latitude dan longitude harus berdua dan berupa angka");
            return col_names[COL_LAT];
        }
        u->has_coord = true;
    }
    return NULL;
}

/* Maps a pl_psks_register field name to the file's column. */
static const char *column_of(const char *field)
{
    if (strcmp(field, "type") == 0)
        return col_names[COL_TYPE];
    if (strcmp(field, "name") == 0)
        return col_names[COL_NAME];
    if (strcmp(field, "nik") == 0)
        return col_names[COL_NIK];
    if (strcmp(field, "latitude") == 0)
        return col_names[COL_LAT];
    return col_names[COL_AREA];
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
