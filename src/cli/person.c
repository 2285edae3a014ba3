/* person.c - `pilar household add|show` and `pilar person add|show|update|search`. */
#include "cli/cli.h"
#include "domain/category.h"
#include "domain/name.h"
#include "domain/record.h"
#include "domain/relationship.h"
#include "io/record_json.h"
#include "service/registry.h"
#include "store/audit.h"
#include "store/household.h"
#include "store/membership.h"
#include "store/person.h"
#include "store/region.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

static pl_date today_date(void)
{
    pl_date d;
    pl_cli_today(&d.year, &d.month, &d.day);
    return d;
}

static int report_problems(pl_cli *c, const pl_record_problems *probs)
{
    char msg[sizeof c->err.message];
    /* The field is printed before the message: name it again only when there are several. */
    if (probs->n == 1)
        snprintf(msg, sizeof msg, "%s", probs->items[0].message);
    else
        pl_record_problems_join(msg, sizeof msg, probs, false);
    return pl_error_set(&c->err, PL_EINVAL, pl_col_name(probs->items[0].col), "%s", msg);
}

/* Parses "--lat X --lon Y" style coordinate pairs (both or neither). */
static int parse_coords(pl_cli *c, const char *lat, const char *lon, bool *has, double *la,
                        double *lo)
{
    *has = false;
    if (!lat && !lon)
        return 0;
    if (!lat || !lon)
        return pl_error_set(&c->err, PL_EINVAL, lat ? "lon" : "lat",
                            "--lat dan --lon harus diberikan berdua");
    char *e1, *e2;
    *la = strtod(lat, &e1);
    *lo = strtod(lon, &e2);
    if (*e1 || *e2 || e1 == lat || e2 == lon)
        return pl_error_set(&c->err, PL_EINVAL, *e1 || e1 == lat ? "lat" : "lon",
                            "koordinat bukan angka");
    if (*la < -11.5 || *la > 6.5 || *lo < 94.5 || *lo > 141.5)
        return pl_error_set(&c->err, PL_EINVAL, "lat", "koordinat %s, %s di luar Indonesia", lat,
                            lon);
    *has = true;
    return 0;
}

/* ------------------------------------------------------------ household */

int pl_cmd_household_add(pl_cli *c, int argc, char **argv)
{
    const char *kk = NULL, *village = NULL, *address = "", *rt = "", *rw = "", *lat = NULL,
               *lon = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--kk", &v) && v)
            kk = v;
        else if (pl_cli_opt(argc, argv, &i, "--village", &v) && v)
            village = v;
        else if (pl_cli_opt(argc, argv, &i, "--address", &v) && v)
            address = v;
        else if (pl_cli_opt(argc, argv, &i, "--rt", &v) && v)
            rt = v;
        else if (pl_cli_opt(argc, argv, &i, "--rw", &v) && v)
            rw = v;
        else if (pl_cli_opt(argc, argv, &i, "--lat", &v) && v)
            lat = v;
        else if (pl_cli_opt(argc, argv, &i, "--lon", &v) && v)
            lon = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (!kk)
        return pl_error_set(&c->err, PL_EINVAL, "no_kk", "--kk wajib diisi");
    if (!village)
        return pl_error_set(&c->err, PL_EINVAL, "kode_desa", "--village wajib diisi");
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    pl_region_known known = {pl_cli_region_exists, s};
    pl_nik_info info;
    pl_nik_check(&info, PL_IDNUM_KK, kk, &known);
    pl_household hh = {0};
    if (!info.valid) {
        for (int b = 0; b < PL_NIK_PROBLEM__MAX; b++)
            if ((info.problems & (1u << b)) && !pl_nik_problem_is_warning((pl_nik_problem)b)) {
                char msg[256];
                pl_nik_problem_message(msg, sizeof msg, &info, (pl_nik_problem)b);
                rc = pl_error_set(&c->err, PL_EINVAL, "no_kk", "%s", msg);
                break;
            }
        goto out;
    }
    snprintf(hh.kk, sizeof hh.kk, "%s", info.digits);
    if (pl_region_code_normalize(hh.village_code, village) != PL_LEVEL_VILLAGE) {
        rc = pl_error_set(&c->err, PL_EINVAL, "kode_desa", "'%s' bukan kode desa", village);
        goto out;
    }
    /* RT/RW, address and coordinates go through the same rules as an import row. */
    const char *fields[PL_COL__MAX] = {0};
    fields[PL_COL_NIK] = "";
    fields[PL_COL_ALAMAT] = address;
    fields[PL_COL_RT] = rt;
    fields[PL_COL_RW] = rw;
    pl_record rec;
    pl_record_problems probs;
    pl_record_validate(&rec, &probs, fields, NULL, NULL);
    for (int i = 0; i < probs.n; i++) {
        pl_col col = probs.items[i].col;
        if (col == PL_COL_ALAMAT || col == PL_COL_RT || col == PL_COL_RW) {
            rc = pl_error_set(&c->err, PL_EINVAL, pl_col_name(col), "%s", probs.items[i].message);
            goto out;
        }
    }
    snprintf(hh.address, sizeof hh.address, "%s", rec.address);
    snprintf(hh.rt, sizeof hh.rt, "%s", rec.rt);
    snprintf(hh.rw, sizeof hh.rw, "%s", rec.rw);
    if ((rc = parse_coords(c, lat, lon, &hh.has_coord, &hh.lat, &hh.lon)))
        goto out;
    if ((rc = pl_store_household_add(s, &c->actor, &hh, &c->err)))
        goto out;
    if (c->json)
        rc = pl_cli_print_json(c, pl_json_household(&hh, 0));
    else
        fprintf(c->out, "Keluarga No. KK %s terdaftar (id %lld) di desa %s.\n", hh.kk,
                (long long)hh.id, hh.village_code);
out:
    pl_store_close(s);
    return rc;
}

/* Listing context: print for people, or collect JSON items into arr when it is set. */
typedef struct out_ctx {
    pl_cli *c;
    json_t *arr;
} out_ctx;

static int print_member(void *ctx, const pl_person *p)
{
    out_ctx *m = ctx;
    if (m->arr) {
        json_array_append_new(m->arr, pl_json_person(p, 0));
        return 0;
    }
    fprintf(m->c->out, "  %-16s %-30s %c %-10s %-16s %s\n", p->nik[0] ? p->nik : "-", p->name,
            p->sex ? p->sex : '-', p->birth_date, p->relationship, p->state);
    return 0;
}

static int load_household(pl_cli *c, pl_store *s, const char *key, pl_household *hh)
{
    if (strlen(key) == 16)
        return pl_store_household_get_by_kk(s, hh, key, &c->err);
    char *end;
    long long id = strtoll(key, &end, 10);
    if (*end || id <= 0)
        return pl_error_set(&c->err, PL_EINVAL, "no_kk", "'%s' bukan No. KK (16 digit) atau id",
                            key);
    return pl_store_household_get(s, hh, id, &c->err);
}

static int print_membership(void *ctx, const pl_membership *m)
{
    out_ctx *k = ctx;
    if (k->arr) {
        json_array_append_new(k->arr, pl_json_membership(m));
        return 0;
    }
    const pl_category *cat = pl_pmks_get(m->category);
    fprintf(k->c->out, "  [%lld] %2d %-45s sejak %s%s%s\n", (long long)m->id, m->category,
            cat ? cat->name : "?", m->valid_from, m->valid_to[0] ? " sampai " : "", m->valid_to);
    return 0;
}

int pl_cmd_household_show(pl_cli *c, int argc, char **argv)
{
    if (argc != 1)
        return pl_error_set(&c->err, PL_EINVAL, "no_kk", "beri satu No. KK atau id keluarga");
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    pl_household hh;
    if ((rc = load_household(c, s, argv[0], &hh)))
        goto out;
    pl_region village = {0};
    pl_store_region_get(s, &village, hh.village_code, NULL);
    if (c->json) {
        json_t *o = pl_json_household(&hh, 0);
        json_t *members = json_array(), *cats = json_array();
        out_ctx m = {c, members};
        out_ctx k = {c, cats};
        json_object_set_new(o, "nama_desa", json_string(village.name));
        json_object_set_new(o, "anggota", members);
        json_object_set_new(o, "pmks", cats);
        rc = pl_store_household_members(s, hh.id, print_member, &m, &c->err);
        if (rc == 0)
            rc = pl_store_membership_list(s, 0, hh.id, print_membership, &k, &c->err);
        if (rc)
            json_decref(o);
        else
            rc = pl_cli_print_json(c, o);
        goto out;
    }
    fprintf(c->out, "Keluarga No. KK %s (id %lld), status %s, versi %lld\n", hh.kk,
            (long long)hh.id, hh.state, (long long)hh.version);
    fprintf(c->out, "Alamat: %s RT %s RW %s, desa %s %s\n", hh.address, hh.rt, hh.rw,
            hh.village_code, village.name);
    if (hh.has_coord)
        fprintf(c->out, "Koordinat: %.6f, %.6f\n", hh.lat, hh.lon);
    fprintf(c->out, "Anggota:\n");
    out_ctx m = {c, NULL};
    if ((rc = pl_store_household_members(s, hh.id, print_member, &m, &c->err)))
        goto out;
    fprintf(c->out, "PMKS keluarga:\n");
    out_ctx k = {c, NULL};
    rc = pl_store_membership_list(s, 0, hh.id, print_membership, &k, &c->err);
out:
    pl_store_close(s);
    return rc;
}

/* --------------------------------------------------------------- person */

int pl_cmd_person_add(pl_cli *c, int argc, char **argv)
{
    const char *fields[PL_COL__MAX] = {0};
    const char *lat = NULL, *lon = NULL;
    static const struct {
        const char *opt;
        pl_col col;
    } map[] = {
        {"--nik", PL_COL_NIK},
        {"--kk", PL_COL_NO_KK},
        {"--name", PL_COL_NAMA},
        {"--birth-place", PL_COL_TEMPAT_LAHIR},
        {"--birth-date", PL_COL_TANGGAL_LAHIR},
        {"--sex", PL_COL_JENIS_KELAMIN},
        {"--relationship", PL_COL_HUBUNGAN},
        {"--mother", PL_COL_NAMA_IBU},
        {"--pmks", PL_COL_PMKS},
        {"--disability", PL_COL_DISABILITAS},
    };
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        bool hit = false;
        for (size_t k = 0; k < sizeof map / sizeof map[0] && !hit; k++) {
            if (pl_cli_opt(argc, argv, &i, map[k].opt, &v)) {
                if (v == NULL)
                    return pl_cli_bad_option(c, argv[i]);
                fields[map[k].col] = v;
                hit = true;
            }
        }
        if (hit)
            continue;
        if (pl_cli_opt(argc, argv, &i, "--lat", &v) && v)
            lat = v;
        else if (pl_cli_opt(argc, argv, &i, "--lon", &v) && v)
            lon = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    /* The person joins an existing household: its village and address apply. */
    pl_household hh;
    char kk_digits[32] = "";
    snprintf(kk_digits, sizeof kk_digits, "%s", fields[PL_COL_NO_KK] ? fields[PL_COL_NO_KK] : "");
    if (kk_digits[0] == '\0') {
        rc = pl_error_set(&c->err, PL_EINVAL, "no_kk",
                          "--kk wajib diisi (keluarga harus "
                          "terdaftar dengan 'pilar household add')");
        goto out;
    }
    if ((rc = pl_store_household_get_by_kk(s, &hh, kk_digits, &c->err))) {
        if (rc == PL_ENOTFOUND)
            rc = pl_error_set(&c->err, PL_EINVAL, "no_kk",
                              "keluarga No. KK %s belum terdaftar; daftarkan dengan 'pilar "
                              "household add'",
                              kk_digits);
        goto out;
    }
    fields[PL_COL_KODE_DESA] = hh.village_code;
    fields[PL_COL_LATITUDE] = lat;
    fields[PL_COL_LONGITUDE] = lon;
    pl_region_known known = {pl_cli_region_exists, s};
    pl_date today = today_date();
    pl_record rec;
    pl_record_problems probs;
    if (pl_record_validate(&rec, &probs, fields, &known, &today) != 0) {
        rc = report_problems(c, &probs);
        goto out;
    }
    pl_person p;
    if ((rc = pl_registry_person_add(s, &c->actor, &rec, &today, &p, &c->err)))
        goto out;
    if (c->json) {
        json_t *o = pl_json_person(&p, 0);
        json_t *notes = json_array();
        for (int i = 0; i < probs.n_notes; i++)
            json_array_append_new(notes,
                                  json_pack("{s:s,s:s}", "field", pl_col_name(probs.notes[i].col),
                                            "message", probs.notes[i].message));
        json_object_set_new(o, "catatan", notes);
        rc = pl_cli_print_json(c, o);
    } else {
        fprintf(c->out, "%s (NIK %s) terdaftar dengan id %lld di keluarga %s, status draf.\n",
                p.name, p.nik, (long long)p.id, p.kk);
        for (int i = 0; i < probs.n_notes; i++)
            fprintf(c->out, "Perlu verifikasi: %s: %s\n", pl_col_name(probs.notes[i].col),
                    probs.notes[i].message);
    }
out:
    pl_store_close(s);
    return rc;
}

static int load_person(pl_cli *c, pl_store *s, const char *key, pl_person *p)
{
    if (strlen(key) == 16)
        return pl_store_person_get_by_nik(s, p, key, &c->err);
    char *end;
    long long id = strtoll(key, &end, 10);
    if (*end || id <= 0)
        return pl_error_set(&c->err, PL_EINVAL, "nik", "'%s' bukan NIK (16 digit) atau id", key);
    return pl_store_person_get(s, p, id, &c->err);
}

static int print_history(void *ctx, const pl_audit_entry *e)
{
    out_ctx *h = ctx;
    if (h->arr) {
        json_array_append_new(h->arr, pl_json_audit(e, NULL));
        return 0;
    }
    fprintf(h->c->out, "  %s %-8s oleh %s (%s)\n", e->at, e->action, e->actor, e->client);
    if (e->before && e->after) {
        /* Show only the fields that changed. */
        json_t *b = json_loads(e->before, 0, NULL), *a = json_loads(e->after, 0, NULL);
        const char *k;
        json_t *av;
        json_object_foreach(a, k, av)
        {
            json_t *bv = json_object_get(b, k);
            if (!json_equal(av, bv) && strcmp(k, "version") != 0) {
                char *bs = bv ? json_dumps(bv, JSON_ENCODE_ANY) : NULL;
                char *as = json_dumps(av, JSON_ENCODE_ANY);
                fprintf(h->c->out, "      %s: %s -> %s\n", k, bs ? bs : "null", as ? as : "null");
                free(bs);
                free(as);
            }
        }
        json_decref(a);
        json_decref(b);
    }
    return 0;
}

int pl_cmd_person_show(pl_cli *c, int argc, char **argv)
{
    if (argc != 1)
        return pl_error_set(&c->err, PL_EINVAL, "nik", "beri satu NIK atau id orang");
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    pl_person p;
    if ((rc = load_person(c, s, argv[0], &p)))
        goto out;
    if (c->json) {
        json_t *o = pl_json_person(&p, 0);
        json_t *cats = json_array(), *hist = json_array();
        out_ctx k = {c, cats};
        out_ctx h = {c, hist};
        json_object_set_new(o, "pmks", cats);
        json_object_set_new(o, "riwayat", hist);
        rc = pl_store_membership_list(s, p.id, 0, print_membership, &k, &c->err);
        if (rc == 0 && p.household_id)
            rc = pl_store_membership_list(s, 0, p.household_id, print_membership, &k, &c->err);
        if (rc == 0)
            rc = pl_store_audit_list(s, "person", p.id, 0, 1000, print_history, &h, &c->err);
        if (rc)
            json_decref(o);
        else
            rc = pl_cli_print_json(c, o);
        goto out;
    }
    pl_region village = {0};
    pl_store_region_get(s, &village, p.village_code, NULL);
    fprintf(c->out, "%s (id %lld, versi %lld)\n", p.name, (long long)p.id, (long long)p.version);
    fprintf(c->out, "NIK            : %s\nNo. KK         : %s\n", p.nik[0] ? p.nik : "-",
            p.kk[0] ? p.kk : "-");
    fprintf(c->out, "Lahir          : %s, %s\nJenis kelamin  : %s\n", p.birth_place, p.birth_date,
            p.sex == 'P'   ? "Perempuan"
            : p.sex == 'L' ? "Laki-laki"
                           : "-");
    fprintf(c->out, "Hubungan       : %s\nNama ibu       : %s\n", p.relationship,
            p.mother_name[0] ? p.mother_name : "-");
    fprintf(c->out, "Desa           : %s %s\n", p.village_code, village.name);
    if (p.disability[0])
        fprintf(c->out, "Disabilitas    : %s\n", p.disability);
    if (p.death_date[0])
        fprintf(c->out, "Meninggal      : %s\n", p.death_date);
    fprintf(c->out, "Status         : %s%s%s%s%s\n", p.state, p.state_by[0] ? " oleh " : "",
            p.state_by, p.state_reason[0] ? ", alasan: " : "", p.state_reason);
    if (p.flags & PL_FLAG_NIK_BIRTHDATE)
        fprintf(c->out, "Tanda          : tanggal lahir tidak sama dengan NIK\n");
    if (p.flags & PL_FLAG_NIK_SEX)
        fprintf(c->out, "Tanda          : jenis kelamin tidak sama dengan NIK\n");
    if (p.flags & PL_FLAG_NIK_FORMER)
        fprintf(c->out, "Tanda          : NIK memakai kode wilayah lama\n");
    if (p.flags & PL_FLAG_COORD_OUTSIDE)
        fprintf(c->out, "Tanda          : titik rumah jauh di luar batas kabupaten/kota\n");
    fprintf(c->out, "PMKS:\n");
    out_ctx k = {c, NULL};
    if ((rc = pl_store_membership_list(s, p.id, 0, print_membership, &k, &c->err)))
        goto out;
    if (p.household_id &&
        (rc = pl_store_membership_list(s, 0, p.household_id, print_membership, &k, &c->err)))
        goto out;
    fprintf(c->out, "Riwayat:\n");
    out_ctx h = {c, NULL};
    rc = pl_store_audit_list(s, "person", p.id, 0, 1000, print_history, &h, &c->err);
out:
    pl_store_close(s);
    return rc;
}

/* Parses "CODE[@DATE]" for --pmks-add / --pmks-end. */
static int parse_pmks_item(pl_cli *c, const char *text, int *code, char date[11],
                           const pl_date *today)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", text);
    char *at = strchr(buf, '@');
    pl_date d = *today;
    if (at) {
        *at = '\0';
        if (pl_date_parse(&d, at + 1) != 0)
            return pl_error_set(&c->err, PL_EINVAL, "pmks", "tanggal '%s' tidak valid", at + 1);
    }
    const pl_category *cat = pl_pmks_find(buf);
    if (cat == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "pmks", "kategori PMKS '%s' tidak dikenal", buf);
    *code = cat->code;
    pl_date_format(date, &d);
    return 0;
}

typedef struct end_ctx {
    int category;
    int64_t id;
} end_ctx;

static int find_open(void *ctx, const pl_membership *m)
{
    end_ctx *e = ctx;
    if (m->category == e->category && m->valid_to[0] == '\0')
        e->id = m->id;
    return 0;
}

int pl_cmd_person_update(pl_cli *c, int argc, char **argv)
{
    if (argc < 1 || argv[0][0] == '-')
        return pl_error_set(&c->err, PL_EINVAL, "nik", "beri NIK atau id orang yang diubah");
    const char *key = argv[0];
    const char *name = NULL, *bdate = NULL, *bplace = NULL, *sex = NULL, *rel = NULL,
               *mother = NULL, *dis = NULL, *death = NULL, *kk = NULL, *nik = NULL,
               *pmks_add = NULL, *pmks_end = NULL, *version = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--name", &v) && v)
            name = v;
        else if (pl_cli_opt(argc, argv, &i, "--birth-date", &v) && v)
            bdate = v;
        else if (pl_cli_opt(argc, argv, &i, "--birth-place", &v) && v)
            bplace = v;
        else if (pl_cli_opt(argc, argv, &i, "--sex", &v) && v)
            sex = v;
        else if (pl_cli_opt(argc, argv, &i, "--relationship", &v) && v)
            rel = v;
        else if (pl_cli_opt(argc, argv, &i, "--mother", &v) && v)
            mother = v;
        else if (pl_cli_opt(argc, argv, &i, "--disability", &v) && v)
            dis = v;
        else if (pl_cli_opt(argc, argv, &i, "--death-date", &v) && v)
            death = v;
        else if (pl_cli_opt(argc, argv, &i, "--kk", &v) && v)
            kk = v;
        else if (pl_cli_opt(argc, argv, &i, "--nik", &v) && v)
            nik = v;
        else if (pl_cli_opt(argc, argv, &i, "--pmks-add", &v) && v)
            pmks_add = v;
        else if (pl_cli_opt(argc, argv, &i, "--pmks-end", &v) && v)
            pmks_end = v;
        else if (pl_cli_opt(argc, argv, &i, "--version", &v) && v)
            version = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    pl_date today = today_date();
    pl_person p;
    if ((rc = load_person(c, s, key, &p)))
        goto out;
    if (version) {
        char *end;
        long long want = strtoll(version, &end, 10);
        if (*end || want < 1) {
            rc = pl_error_set(&c->err, PL_EINVAL, "version", "--version harus bilangan bulat");
            goto out;
        }
        p.version = want; /* the store refuses it when stale */
    }
    /* Re-validate the whole record as it would be after the change. */
    pl_household hh = {0};
    if (kk) {
        if ((rc = pl_store_household_get_by_kk(s, &hh, kk, &c->err))) {
            if (rc == PL_ENOTFOUND)
                rc = pl_error_set(&c->err, PL_EINVAL, "no_kk", "keluarga No. KK %s belum terdaftar",
                                  kk);
            goto out;
        }
    } else if (p.household_id && (rc = pl_store_household_get(s, &hh, p.household_id, &c->err))) {
        goto out;
    }
    char sexs[2] = {p.sex, 0};
    const char *fields[PL_COL__MAX] = {0};
    fields[PL_COL_NIK] = nik ? nik : p.nik;
    fields[PL_COL_NO_KK] = hh.kk;
    fields[PL_COL_NAMA] = name ? name : p.name;
    fields[PL_COL_TEMPAT_LAHIR] = bplace ? bplace : p.birth_place;
    fields[PL_COL_TANGGAL_LAHIR] = bdate ? bdate : p.birth_date;
    fields[PL_COL_JENIS_KELAMIN] = sex ? sex : sexs;
    fields[PL_COL_HUBUNGAN] = rel ? rel : p.relationship;
    fields[PL_COL_NAMA_IBU] = mother ? mother : p.mother_name;
    fields[PL_COL_KODE_DESA] = hh.id ? hh.village_code : p.village_code;
    fields[PL_COL_DISABILITAS] = dis ? dis : p.disability;
    pl_region_known known = {pl_cli_region_exists, s};
    pl_record rec;
    pl_record_problems probs;
    if (pl_record_validate(&rec, &probs, fields, &known, &today) != 0) {
        rc = report_problems(c, &probs);
        goto out;
    }
    if (death) {
        pl_date dd;
        if (pl_date_parse(&dd, death) != 0 || pl_date_cmp(&dd, &today) > 0 ||
            pl_date_cmp(&dd, &rec.birth) < 0) {
            rc = pl_error_set(&c->err, PL_EINVAL, "tanggal_meninggal",
                              "tanggal meninggal '%s' tidak valid (harus antara tanggal lahir dan "
                              "hari ini)",
                              death);
            goto out;
        }
        pl_date_format(p.death_date, &dd);
    }
    pl_registry_record_to_person(&p, &rec);
    p.household_id = hh.id;
    if ((rc = pl_store_begin(s, &c->err)))
        goto out;
    rc = pl_store_person_update(s, &c->actor, &p, &c->err);
    if (rc == 0 && pmks_add) {
        pl_record_pmks pm = {0};
        char date[11];
        rc = parse_pmks_item(c, pmks_add, &pm.code, date, &today);
        if (rc == 0) {
            pl_date_parse(&pm.since, date);
            pm.has_since = true;
            rc = pl_registry_add_categories(s, &c->actor, &p, &pm, 1, &today, &c->err);
        }
    }
    if (rc == 0 && pmks_end) {
        int code;
        char date[11];
        rc = parse_pmks_item(c, pmks_end, &code, date, &today);
        end_ctx e = {code, 0};
        if (rc == 0)
            rc = pl_store_membership_list(s, p.id, 0, find_open, &e, &c->err);
        if (rc == 0 && e.id == 0 && p.household_id)
            rc = pl_store_membership_list(s, 0, p.household_id, find_open, &e, &c->err);
        if (rc == 0 && e.id == 0)
            rc = pl_error_set(&c->err, PL_ENOTFOUND, "pmks",
                              "kategori PMKS %d tidak aktif pada orang ini", code);
        if (rc == 0)
            rc = pl_store_membership_end(s, &c->actor, e.id, date, &c->err);
    }
    if (rc == 0)
        rc = pl_store_commit(s, &c->err);
    if (rc) {
        pl_store_rollback(s);
        goto out;
    }
    if (c->json)
        rc = pl_cli_print_json(c, pl_json_person(&p, 0));
    else
        fprintf(c->out, "Data %s (id %lld) diperbarui ke versi %lld.\n", p.name, (long long)p.id,
                (long long)p.version);
out:
    pl_store_close(s);
    return rc;
}

typedef struct search_ctx {
    pl_cli *c;
    json_t *arr;
    int n;
    int64_t last;
} search_ctx;

static int print_found(void *ctx, const pl_person *p)
{
    search_ctx *k = ctx;
    k->n++;
    k->last = p->id;
    if (k->arr) {
        json_array_append_new(k->arr, pl_json_person(p, 0));
        return 0;
    }
    fprintf(k->c->out, "%-8lld %-16s %-32s %c %-10s %-14s %s\n", (long long)p->id,
            p->nik[0] ? p->nik : "-", p->name, p->sex ? p->sex : '-', p->birth_date,
            p->village_code, p->state);
    return 0;
}

int pl_cmd_person_search(pl_cli *c, int argc, char **argv)
{
    pl_person_query q = {.scope = "", .limit = 50};
    char region[PL_REGION_CODE_MAX] = "";
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--nik", &v) && v)
            q.nik = v;
        else if (pl_cli_opt(argc, argv, &i, "--kk", &v) && v)
            q.kk = v;
        else if (pl_cli_opt(argc, argv, &i, "--name", &v) && v)
            q.text = v;
        else if (pl_cli_opt(argc, argv, &i, "--region", &v) && v) {
            if (pl_region_code_normalize(region, v) < 0)
                return pl_error_set(&c->err, PL_EINVAL, "region", "kode wilayah '%s' tidak valid",
                                    v);
            q.region = region;
        } else if (pl_cli_opt(argc, argv, &i, "--state", &v) && v)
            q.state = v;
        else if (pl_cli_opt(argc, argv, &i, "--category", &v) && v) {
            const pl_category *cat = pl_pmks_find(v);
            if (cat == NULL)
                return pl_error_set(&c->err, PL_EINVAL, "category",
                                    "kategori PMKS '%s' tidak dikenal", v);
            q.category = cat->code;
        } else if (pl_cli_opt(argc, argv, &i, "--limit", &v) && v)
            q.limit = atoi(v);
        else if (pl_cli_opt(argc, argv, &i, "--after", &v) && v)
            q.after_id = atoll(v);
        else if (argv[i][0] != '-' && q.text == NULL)
            q.text = argv[i];
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (q.limit < 1 || q.limit > 1000)
        return pl_error_set(&c->err, PL_EINVAL, "limit", "--limit harus 1 sampai 1000");
    if (!q.nik && !q.kk && !q.text && !q.region && !q.state && !q.category)
        return pl_error_set(&c->err, PL_EINVAL, "",
                            "beri teks nama atau salah satu dari --nik, --kk, --region, --state, "
                            "--category");
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    search_ctx k = {c, c->json ? json_array() : NULL, 0, 0};
    rc = pl_store_person_search(s, &q, print_found, &k, &c->err);
    pl_store_close(s);
    if (rc) {
        json_decref(k.arr);
        return rc;
    }
    bool more = k.n == q.limit;
    if (c->json)
        return pl_cli_print_json(c, json_pack("{s:o,s:o}", "items", k.arr, "next",
                                              more ? json_integer(k.last) : json_null()));
    if (k.n == 0)
        fprintf(c->out, "Tidak ada orang yang cocok.\n");
    else if (more)
        fprintf(c->out, "(ada lagi: ulangi dengan --after %lld)\n", (long long)k.last);
    return 0;
}
