/* person.c - `pilar household add|show` and `pilar person add|show|update|search|without-nik`. */
#include "cli/cli.h"
#include "domain/category.h"
#include "domain/name.h"
#include "domain/nonik.h"
#include "domain/record.h"
#include "domain/relationship.h"
#include "io/csv_writer.h"
#include "io/record_json.h"
#include "service/nonik.h"
#include "service/registry.h"
#include "store/audit.h"
#include "store/household.h"
#include "store/membership.h"
#include "store/dedup.h"
#include "store/person.h"
#include "store/region.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

/* The command line sees everything: nothing is hidden, so nothing waits for a transfer. */
static pl_transfer_origin cli_origin(const pl_cli *c)
{
    return (pl_transfer_origin){c->actor.user, "", "cli", false, NULL};
}

static pl_date today_date(void)
{
    pl_date d;
    pl_cli_today(&d.year, &d.month, &d.day);
    return d;
}

/* ------------------------------------------------------------ household */

int pl_cmd_household_add(pl_cli *c, int argc, char **argv)
{
    const char *kk = NULL, *village = NULL, *given[PL_COL__MAX] = {0};
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--kk", &v) && v)
            kk = v;
        else if (pl_cli_opt(argc, argv, &i, "--village", &v) && v)
            village = v;
        else if (pl_cli_opt(argc, argv, &i, "--address", &v) && v)
            given[PL_COL_ALAMAT] = v;
        else if (pl_cli_opt(argc, argv, &i, "--rt", &v) && v)
            given[PL_COL_RT] = v;
        else if (pl_cli_opt(argc, argv, &i, "--rw", &v) && v)
            given[PL_COL_RW] = v;
        else if (pl_cli_opt(argc, argv, &i, "--lat", &v) && v)
            given[PL_COL_LATITUDE] = v;
        else if (pl_cli_opt(argc, argv, &i, "--lon", &v) && v)
            given[PL_COL_LONGITUDE] = v;
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
    pl_household hh;
    pl_transfer_origin from = cli_origin(c);
    int64_t waiting;
    if ((rc = pl_registry_household_add(&hh, &waiting, s, &c->actor, &from, kk, village, given,
                                        &c->err)))
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
            cat ? cat->label : "?", m->valid_from, m->valid_to[0] ? " sampai " : "", m->valid_to);
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
        {"--no-nik-reason", PL_COL_ALASAN_TANPA_NIK},
        {"--village", PL_COL_KODE_DESA},
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
    bool no_nik = fields[PL_COL_NIK] == NULL || fields[PL_COL_NIK][0] == '\0';
    if (no_nik && fields[PL_COL_ALASAN_TANPA_NIK] == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "nik",
                            "--nik wajib diisi; untuk orang yang belum punya NIK beri "
                            "--no-nik-reason ALASAN (%s)",
                            pl_nonik_codes_text());
    if (no_nik && (fields[PL_COL_NO_KK] == NULL || fields[PL_COL_NO_KK][0] == '\0') &&
        (fields[PL_COL_KODE_DESA] == NULL || fields[PL_COL_KODE_DESA][0] == '\0'))
        return pl_error_set(&c->err, PL_EINVAL, "village_code",
                            "orang tanpa NIK dan tanpa No. KK: beri --village KODE_DESA");
    if (!no_nik && fields[PL_COL_KODE_DESA])
        return pl_cli_bad_option(c, "--village");
    if (!no_nik && (fields[PL_COL_NO_KK] == NULL || fields[PL_COL_NO_KK][0] == '\0'))
        return pl_error_set(&c->err, PL_EINVAL, "no_kk",
                            "--kk wajib diisi (keluarga harus "
                            "terdaftar dengan 'pilar household add')");
    fields[PL_COL_LATITUDE] = lat;
    fields[PL_COL_LONGITUDE] = lon;
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    pl_date today = today_date();
    pl_record_problems probs;
    pl_person p;
    pl_transfer_origin from = cli_origin(c);
    int64_t waiting;
    if ((rc = pl_registry_person_register(&p, &waiting, &probs, s, &c->actor, &from, fields,
                                          PL_REGISTER_EXISTING_HOUSEHOLD, &today, &c->err)))
        goto out;
    if (c->json) {
        json_t *o = pl_json_person(&p, 0);
        json_t *notes = json_array();
        for (int i = 0; i < probs.n_notes; i++)
            json_array_append_new(notes,
                                  json_pack("{s:s,s:s}", "field", pl_col_key(probs.notes[i].col),
                                            "message", probs.notes[i].message));
        json_object_set_new(o, "notes", notes);
        rc = pl_cli_print_json(c, o);
    } else {
        char pid[PL_PILAR_ID_MAX];
        if (p.nik[0])
            fprintf(c->out, "%s (NIK %s) terdaftar dengan id %lld di keluarga %s, status draf.\n",
                    p.name, p.nik, (long long)p.id, p.kk);
        else
            fprintf(c->out,
                    "%s (tanpa NIK: %s) terdaftar dengan id Pilar %s (id %lld)%s%s, status "
                    "draf.\n",
                    p.name, pl_nonik_label((pl_nonik_reason)pl_nonik_parse(p.no_nik_reason)),
                    pl_pilar_id(pid, p.id), (long long)p.id, p.kk[0] ? " di keluarga " : "", p.kk);
        for (int i = 0; i < probs.n_notes; i++)
            fprintf(c->out, "Perlu verifikasi: %s: %s\n", pl_col_name(probs.notes[i].col),
                    probs.notes[i].message);
    }
out:
    pl_store_close(s);
    return rc;
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
    if ((rc = pl_registry_person_find(&p, s, argv[0], &c->err)))
        goto out;
    /* A merged-away id answers with its survivor, as GET /people/{id} does. */
    int64_t into, merge_id;
    pl_error ignore;
    if (pl_store_person_merged_into(s, p.id, &into, &merge_id, &ignore) == 0) {
        char msg[96];
        snprintf(msg, sizeof msg, "Data ini telah digabung ke #%lld", (long long)into);
        if (c->json) {
            rc = pl_cli_print_json(c, json_pack("{s:I,s:I,s:I,s:s}", "id", (json_int_t)p.id,
                                                "merged_into", (json_int_t)into, "merge_id",
                                                (json_int_t)merge_id, "message", msg));
            goto out;
        }
        fprintf(c->out, "%s (penggabungan #%lld; 'pilar dedup undo %lld' membatalkannya).\n\n", msg,
                (long long)merge_id, (long long)merge_id);
        if ((rc = pl_store_person_get(s, &p, into, &c->err)))
            goto out;
    }
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
    char pid[PL_PILAR_ID_MAX];
    fprintf(c->out, "Id Pilar       : %s\n", pl_pilar_id(pid, p.id));
    if (p.nik[0])
        fprintf(c->out, "NIK            : %s\n", p.nik);
    else
        fprintf(c->out, "NIK            : - (tanpa NIK: %s)\n",
                pl_nonik_label((pl_nonik_reason)pl_nonik_parse(p.no_nik_reason)));
    fprintf(c->out, "No. KK         : %s\n", p.kk[0] ? p.kk : "-");
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

/* Parses "CODE[@DATE]" for --pmks-add / --pmks-end into list[*n]. */
static int parse_pmks_item(pl_cli *c, const char *opt, const char *text, pl_record_pmks *list,
                           int *n)
{
    if (*n == PL_PERSON_PMKS_CHANGES)
        return pl_error_set(&c->err, PL_EINVAL, "pmks", "%s paling banyak %d kali", opt,
                            PL_PERSON_PMKS_CHANGES);
    pl_record_pmks *pm = &list[(*n)++];
    char buf[64];
    snprintf(buf, sizeof buf, "%s", text);
    char *at = strchr(buf, '@');
    if (at) {
        *at = '\0';
        if (pl_date_parse(&pm->since, at + 1) != 0)
            return pl_error_set(&c->err, PL_EINVAL, "pmks", "tanggal '%s' tidak valid", at + 1);
        pm->has_since = true;
    }
    const pl_category *cat = pl_pmks_find(buf);
    if (cat == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "pmks", "kategori PMKS '%s' tidak dikenal", buf);
    pm->code = cat->code;
    return 0;
}

int pl_cmd_person_update(pl_cli *c, int argc, char **argv)
{
    if (argc < 1 || argv[0][0] == '-')
        return pl_error_set(&c->err, PL_EINVAL, "nik", "beri NIK atau id orang yang diubah");
    static const struct {
        const char *opt;
        pl_col col;
    } map[] = {
        {"--name", PL_COL_NAMA},
        {"--birth-date", PL_COL_TANGGAL_LAHIR},
        {"--birth-place", PL_COL_TEMPAT_LAHIR},
        {"--sex", PL_COL_JENIS_KELAMIN},
        {"--relationship", PL_COL_HUBUNGAN},
        {"--mother", PL_COL_NAMA_IBU},
        {"--disability", PL_COL_DISABILITAS},
        {"--kk", PL_COL_NO_KK},
        {"--nik", PL_COL_NIK},
        {"--no-nik-reason", PL_COL_ALASAN_TANPA_NIK},
        {"--lat", PL_COL_LATITUDE},
        {"--lon", PL_COL_LONGITUDE},
    };
    pl_person_change ch = {0};
    bool clear_coords = false;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        size_t k = 0;
        while (k < sizeof map / sizeof map[0] && !pl_cli_opt(argc, argv, &i, map[k].opt, &v))
            k++;
        int rc = 0;
        if (k < sizeof map / sizeof map[0] && v)
            ch.given[map[k].col] = v;
        else if (k < sizeof map / sizeof map[0])
            return pl_cli_bad_option(c, argv[i]);
        else if (pl_cli_opt(argc, argv, &i, "--death-date", &v) && v)
            ch.death_date = v;
        else if (strcmp(argv[i], "--clear-death-date") == 0)
            ch.death_date = "";
        else if (strcmp(argv[i], "--clear-coords") == 0)
            clear_coords = true;
        else if (pl_cli_opt(argc, argv, &i, "--pmks-add", &v) && v)
            rc = parse_pmks_item(c, "--pmks-add", v, ch.add, &ch.n_add);
        else if (pl_cli_opt(argc, argv, &i, "--pmks-end", &v) && v)
            rc = parse_pmks_item(c, "--pmks-end", v, ch.end, &ch.n_end);
        else if (pl_cli_opt(argc, argv, &i, "--version", &v) && v) {
            char *end;
            long long want = strtoll(v, &end, 10);
            if (*end || want < 1)
                return pl_error_set(&c->err, PL_EINVAL, "version",
                                    "--version harus bilangan bulat");
            ch.version = want;
        } else
            return pl_cli_bad_option(c, argv[i]);
        if (rc)
            return rc;
    }
    if (clear_coords) {
        if (ch.given[PL_COL_LATITUDE] || ch.given[PL_COL_LONGITUDE])
            return pl_error_set(&c->err, PL_EINVAL, "latitude",
                                "--clear-coords tidak dapat digabung dengan --lat/--lon");
        ch.given[PL_COL_LATITUDE] = ch.given[PL_COL_LONGITUDE] = "";
    }
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    pl_date today = today_date();
    pl_person p;
    pl_record_problems probs;
    pl_transfer_origin from = cli_origin(c);
    int64_t waiting;
    if ((rc = pl_registry_person_find(&p, s, argv[0], &c->err)) ||
        (rc = pl_registry_person_update(&p, &waiting, &probs, s, &c->actor, &from, p.id, &ch,
                                        &today, &c->err)))
        goto out;
    if (c->json)
        rc = pl_cli_print_json(c, pl_json_person(&p, 0));
    else
        fprintf(c->out, "Data %s (id %lld) diperbarui ke versi %lld.\n", p.name, (long long)p.id,
                (long long)p.version);
out:
    pl_store_close(s);
    return rc;
}

static int print_found(void *ctx, const pl_person *p)
{
    pl_cli_list *k = ctx;
    k->n++;
    k->last = p->id;
    if (k->arr) {
        json_array_append_new(k->arr, pl_json_person(p, 0));
        return 0;
    }
    char pid[PL_PILAR_ID_MAX];
    fprintf(k->c->out, "%-8lld %-16s %-32s %c %-10s %-14s %s\n", (long long)p->id,
            p->nik[0] ? p->nik : pl_pilar_id(pid, p->id), p->name, p->sex ? p->sex : '-',
            p->birth_date, p->village_code, p->state);
    return 0;
}

int pl_cmd_person_search(pl_cli *c, int argc, char **argv)
{
    pl_person_query q = {.scope = "", .limit = 50};
    char region[PL_REGION_CODE_MAX] = "";
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_page_opt(argc, argv, &i, &q.limit, &q.after_id))
            continue;
        if (pl_cli_opt(argc, argv, &i, "--nik", &v) && v)
            q.nik = v;
        else if (pl_cli_opt(argc, argv, &i, "--kk", &v) && v)
            q.kk = v;
        else if (pl_cli_opt(argc, argv, &i, "--name", &v) && v)
            q.text = v;
        else if (pl_cli_opt(argc, argv, &i, "--region", &v) && v) {
            if (pl_cli_region_opt(c, region, v))
                return c->err.code;
            q.region = region;
        } else if (pl_cli_opt(argc, argv, &i, "--state", &v) && v)
            q.state = v;
        else if (pl_cli_opt(argc, argv, &i, "--category", &v) && v) {
            const pl_category *cat = pl_pmks_find(v);
            if (cat == NULL)
                return pl_error_set(&c->err, PL_EINVAL, "category",
                                    "kategori PMKS '%s' tidak dikenal", v);
            q.category = cat->code;
        } else if (argv[i][0] != '-' && q.text == NULL)
            q.text = argv[i];
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (pl_cli_limit_check(c, q.limit))
        return c->err.code;
    if (!q.nik && !q.kk && !q.text && !q.region && !q.state && !q.category)
        return pl_error_set(&c->err, PL_EINVAL, "",
                            "beri teks nama atau salah satu dari --nik, --kk, --region, --state, "
                            "--category");
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    pl_cli_list k = pl_cli_list_begin(c);
    rc = pl_store_person_search(s, &q, print_found, &k, &c->err);
    pl_store_close(s);
    return pl_cli_list_end(&k, rc, q.limit, "Tidak ada orang yang cocok.");
}

/* One line (or CSV row) of the referral queue. */
typedef struct nonik_list {
    pl_cli_list k;
    pl_csv_writer *csv;
} nonik_list;

static int print_nonik(void *ctx, const pl_person *p)
{
    nonik_list *l = ctx;
    char pid[PL_PILAR_ID_MAX];
    const char *label = pl_nonik_label((pl_nonik_reason)pl_nonik_parse(p->no_nik_reason));
    if (l->csv) {
        char sex[2] = {p->sex, 0};
        const char *row[] = {pl_pilar_id(pid, p->id), p->name,          sex,   p->birth_date, p->kk,
                             p->village_code,         p->no_nik_reason, label, p->state};
        l->k.n++;
        l->k.last = p->id;
        return pl_csv_writer_row(l->csv, row, sizeof row / sizeof row[0], &l->k.c->err);
    }
    l->k.n++;
    l->k.last = p->id;
    if (l->k.arr) {
        json_array_append_new(l->k.arr, pl_json_person(p, 0));
        return 0;
    }
    fprintf(l->k.c->out, "%-9s %-32s %c %-10s %-16s %-14s %s\n", pl_pilar_id(pid, p->id), p->name,
            p->sex ? p->sex : '-', p->birth_date, p->kk[0] ? p->kk : "-", p->village_code, label);
    return 0;
}

int pl_cmd_person_without_nik(pl_cli *c, int argc, char **argv)
{
    pl_person_query q = {.scope = "", .limit = 1000};
    char region[PL_REGION_CODE_MAX] = "";
    bool csv = false, counts = false;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_page_opt(argc, argv, &i, &q.limit, &q.after_id))
            continue;
        if (pl_cli_opt(argc, argv, &i, "--region", &v) && v) {
            if (pl_cli_region_opt(c, region, v))
                return c->err.code;
            q.region = region;
        } else if (pl_cli_opt(argc, argv, &i, "--reason", &v) && v) {
            q.no_nik_reason = v;
        } else if (pl_cli_opt(argc, argv, &i, "--format", &v) && v) {
            if (strcmp(v, "csv") != 0 && strcmp(v, "text") != 0)
                return pl_error_set(&c->err, PL_EINVAL, "format", "--format csv atau text");
            csv = strcmp(v, "csv") == 0;
        } else if (strcmp(argv[i], "--counts") == 0) {
            counts = true;
        } else {
            return pl_cli_bad_option(c, argv[i]);
        }
    }
    if (pl_cli_limit_check(c, q.limit))
        return c->err.code;
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    if (counts) {
        pl_nonik_summary sum;
        if ((rc = pl_nonik_summarize(&sum, s, "", q.region, &c->err)) == 0) {
            if (c->json) {
                json_t *o = json_object(), *by = json_object();
                for (int r = 1; r < PL_NONIK__MAX; r++)
                    json_object_set_new(by, pl_nonik_code((pl_nonik_reason)r),
                                        json_integer(sum.counts[r]));
                json_object_set_new(o, "without_nik", json_integer(sum.total));
                json_object_set_new(o, "by_reason", by);
                rc = pl_cli_print_json(c, o);
            } else {
                for (int r = 1; r < PL_NONIK__MAX; r++)
                    fprintf(c->out, "%-40s %ld\n", pl_nonik_label((pl_nonik_reason)r),
                            sum.counts[r]);
                fprintf(c->out, "%-40s %ld\n", "Tanpa NIK (jumlah)", sum.total);
            }
        }
        pl_store_close(s);
        return rc;
    }
    nonik_list l = {.k = pl_cli_list_begin(c)};
    if (csv) {
        if (l.k.arr) {
            json_decref(l.k.arr);
            l.k.arr = NULL;
        }
        static const char *const hdr[] = {"id_pilar",         "nama",   "jenis_kelamin",
                                          "tanggal_lahir",    "no_kk",  "kode_desa",
                                          "alasan_tanpa_nik", "alasan", "status"};
        pl_csv_writer_options wo = {.delimiter = ','};
        rc = pl_csv_writer_open(&l.csv, c->out, &wo, &c->err);
        if (rc == 0)
            rc = pl_csv_writer_row(l.csv, hdr, sizeof hdr / sizeof hdr[0], &c->err);
    }
    if (rc == 0)
        rc = pl_nonik_queue(s, &q, print_nonik, &l, &c->err);
    pl_store_close(s);
    if (l.csv) {
        int wrc = pl_csv_writer_close(l.csv, rc ? NULL : &c->err);
        return rc ? rc : wrc;
    }
    return pl_cli_list_end(&l.k, rc, q.limit, "Tidak ada orang tanpa NIK di wilayah ini.");
}
