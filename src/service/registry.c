/* registry.c - people and households as one unit of work. */
#include "service/registry.h"
#include "service/psks_visit.h"
#include "service/dedup.h"
#include "domain/category.h"
#include "domain/name.h"
#include "domain/nik.h"
#include "domain/region_code.h"
#include "domain/relationship.h"
#include "service/nonik.h"
#include "store/dedup.h"
#include "store/household.h"
#include "store/membership.h"
#include "store/person.h"
#include "store/store.h"
#include "store/region.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies src into dst[cap], cut to fit (the importer calls this for every row). */
static void copy_text(char *dst, size_t cap, const char *src)
{
    size_t n = strnlen(src, cap - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

void pl_registry_record_to_person(pl_person *p, const pl_record *rec)
{
    copy_text(p->nik, sizeof p->nik, rec->nik);
    copy_text(p->no_nik_reason, sizeof p->no_nik_reason,
              rec->nik[0] ? "" : pl_nonik_code((pl_nonik_reason)rec->no_nik_reason));
    copy_text(p->name, sizeof p->name, rec->name);
    copy_text(p->birth_place, sizeof p->birth_place, rec->birth_place);
    pl_date_format(p->birth_date, &rec->birth);
    p->sex = rec->sex;
    copy_text(p->relationship, sizeof p->relationship,
              pl_relationship_slug((pl_relationship)rec->relationship));
    copy_text(p->mother_name, sizeof p->mother_name, rec->mother_name);
    copy_text(p->disability, sizeof p->disability, rec->disability);
    copy_text(p->village_code, sizeof p->village_code, rec->village);
    p->flags = rec->flags;
}

typedef struct open_set {
    int open[PL_PMKS_COUNT + 1];
} open_set;

static int mark_open(void *ctx, const pl_membership *m)
{
    open_set *o = ctx;
    if (m->valid_to[0] == '\0' && m->category >= 1 && m->category <= PL_PMKS_COUNT)
        o->open[m->category] = 1;
    return 0;
}

int pl_registry_add_categories(pl_store *s, const pl_actor *who, const pl_person *p,
                               const pl_record_pmks *pmks, int n, const pl_date *today,
                               pl_error *err)
{
    open_set person_open = {0}, hh_open = {0};
    int rc = pl_store_membership_list(s, p->id, 0, mark_open, &person_open, err);
    if (rc == 0 && p->household_id)
        rc = pl_store_membership_list(s, 0, p->household_id, mark_open, &hh_open, err);
    for (int i = 0; i < n && rc == 0; i++) {
        const pl_category *c = pl_pmks_get(pmks[i].code);
        if (c == NULL)
            return pl_error_set(err, PL_EINVAL, "categories", "kategori PMKS %d tidak dikenal",
                                pmks[i].code);
        pl_membership m = {0};
        m.category = c->code;
        bool household = c->applies_to != PL_APPLIES_PERSON;
        if (household && p->household_id == 0)
            return pl_error_set(err, PL_EINVAL, "categories",
                                "kategori %s berlaku untuk keluarga, tetapi orang ini tanpa KK",
                                c->name);
        if (household ? hh_open.open[c->code] : person_open.open[c->code])
            continue;
        if (household)
            m.household_id = p->household_id;
        else
            m.person_id = p->id;
        pl_date_format(m.valid_from, pmks[i].has_since ? &pmks[i].since : today);
        rc = pl_store_membership_add(s, who, &m, err);
        if (rc == 0)
            (household ? hh_open.open : person_open.open)[c->code] = 1;
    }
    return rc;
}

/* pl_registry_person_add inside the caller's transaction. */
static int person_add_tx(pl_store *s, const pl_actor *who, const pl_record *rec,
                         const pl_date *today, pl_person *out, pl_error *err)
{
    int rc = 0;
    pl_household hh;
    bool existed = false;
    memset(&hh, 0, sizeof hh);
    /* A person without NIK may come without a family card: no household then. */
    rc = rec->kk[0] ? pl_store_household_get_by_kk(s, &hh, rec->kk, NULL) : 0;
    if (rc == 0 && rec->kk[0])
        existed = true;
    if (rc == PL_ENOTFOUND) {
        memset(&hh, 0, sizeof hh);
        snprintf(hh.kk, sizeof hh.kk, "%s", rec->kk);
        snprintf(hh.village_code, sizeof hh.village_code, "%s", rec->village);
        snprintf(hh.address, sizeof hh.address, "%s", rec->address);
        snprintf(hh.rt, sizeof hh.rt, "%s", rec->rt);
        snprintf(hh.rw, sizeof hh.rw, "%s", rec->rw);
        hh.has_coord = rec->has_coord;
        hh.lat = rec->lat;
        hh.lon = rec->lon;
        rc = pl_store_household_add(s, who, &hh, err);
    } else if (rc == 0 && rec->kk[0] && strcmp(hh.village_code, rec->village) != 0) {
        rc = pl_error_set(err, PL_EINVAL, "village_code",
                          "keluarga No. KK %s terdaftar di desa %s, bukan %s", rec->kk,
                          hh.village_code, rec->village);
    } else if (rc) {
        rc = pl_error_set(err, rc, "kk", "keluarga No. KK %s tidak dapat dibaca", rec->kk);
    }
    if (rc)
        goto out;
    /* A person without NIK registered again is refused; a doubtful match is registered and
     * put to review beside the stored one (service/nonik.h). */
    pl_nonik_match m = {0};
    if (rec->nik[0] == '\0' && (rc = pl_nonik_find(&m, s, rec, hh.id, err)) == 0 &&
        m.verdict == PL_NONIK_SAME) {
        char pid[PL_PILAR_ID_MAX];
        rc = pl_error_set(err, PL_ECONFLICT, "nik",
                          "orang tanpa NIK ini sudah terdaftar: %s (id %lld)",
                          pl_pilar_id(pid, m.person_id), (long long)m.person_id);
    }
    if (rc)
        goto out;
    memset(out, 0, sizeof *out);
    pl_registry_record_to_person(out, rec);
    out->household_id = hh.id;
    if (!rec->kk[0] && rec->has_coord) {
        out->has_coord = true;
        out->lat = rec->lat;
        out->lon = rec->lon;
    }
    /* A new household takes the row's point as its home; joining an existing one, the
     * point is this person's own (e.g. a bedridden member cared for elsewhere). */
    if (existed && rec->has_coord && (!hh.has_coord || hh.lat != rec->lat || hh.lon != rec->lon)) {
        out->has_coord = true;
        out->lat = rec->lat;
        out->lon = rec->lon;
    }
    rc = pl_store_person_add(s, who, out, err);
    if (rc == 0)
        rc = pl_nonik_review(s, who, out->id, &m, err);
    if (rc)
        goto out;
    rc = pl_registry_add_categories(s, who, out, rec->pmks, rec->n_pmks, today, err);
out:
    return rc;
}

int pl_registry_person_add(pl_store *s, const pl_actor *who, const pl_record *rec,
                           const pl_date *today, pl_person *out, pl_error *err)
{
    int rc = pl_store_begin(s, err);
    if (rc)
        return rc;
    rc = person_add_tx(s, who, rec, today, out, err);
    if (rc == 0)
        rc = pl_store_commit(s, err);
    if (rc)
        pl_store_rollback(s);
    return rc;
}

int pl_registry_person_find(pl_person *out, pl_store *s, const char *key, pl_error *err)
{
    if (strlen(key) == 16 && strspn(key, "0123456789") == 16)
        return pl_store_person_get_by_nik(s, out, key, err);
    int64_t pid;
    if (pl_pilar_id_parse(key, &pid))
        return pl_store_person_get(s, out, pid, err);
    char *end;
    long long id = strtoll(key, &end, 10);
    if (end == key || *end || id <= 0)
        return pl_error_set(err, PL_EINVAL, "nik", "'%.40s' bukan NIK (16 digit) atau id orang",
                            key);
    return pl_store_person_get(s, out, id, err);
}

static bool region_exists(void *ctx, const char *dotted)
{
    pl_region g;
    return pl_store_region_get(ctx, &g, dotted, NULL) == 0;
}

/* The error for a row that failed validation: the first problem's column, every message. */
static int problems_error(pl_error *err, const pl_record_problems *probs)
{
    char msg[sizeof err->message];
    /* The field is reported beside the message, and each message names its subject in words
     * ("tanggal lahir ... di masa depan"): no column keys in what a person reads. */
    pl_record_problems_text(msg, sizeof msg, probs);
    return pl_error_set(err, PL_EINVAL, pl_col_key(probs->items[0].col), "%s", msg);
}

/* Stores the claim as a transfer request when its NIK or KK is held outside the scope. */
static int transfer_if_hidden(int64_t *waiting, pl_store *s, const pl_actor *who,
                              const pl_transfer_origin *from, bool in_tx, const char *nik,
                              const char *kk, const char *name, const char *village,
                              const char *const *fields, pl_error *err)
{
    pl_transfer_origin o = *from;
    o.in_tx = in_tx;
    pl_transfer_claim claim = {nik, kk, name, village, fields};
    return pl_transfer_submit_if_hidden(s, who, &o, &claim, waiting, err);
}

static int person_register(pl_person *out, int64_t *waiting, pl_record_problems *probs, pl_store *s,
                           const pl_actor *who, const pl_transfer_origin *from,
                           const char *const fields[PL_COL__MAX], unsigned flags,
                           const pl_date *today, pl_error *err)
{
    const char *f[PL_COL__MAX];
    memcpy(f, fields, sizeof f);
    memset(probs, 0, sizeof *probs);
    *waiting = 0;
    pl_household hh;
    if (flags & PL_REGISTER_EXISTING_HOUSEHOLD) {
        /* The person joins a registered household: its village applies. */
        const char *kk = f[PL_COL_NO_KK] ? f[PL_COL_NO_KK] : "";
        const char *nik = f[PL_COL_NIK] ? f[PL_COL_NIK] : "";
        if (kk[0] == '\0' && nik[0] == '\0' && pl_nonik_parse(f[PL_COL_ALASAN_TANPA_NIK]) > 0)
            goto validate; /* without NIK and without family card: the village given applies */
        if (kk[0] == '\0')
            return pl_error_set(err, PL_EINVAL, "kk",
                                "No. KK wajib diisi (keluarga harus terdaftar lebih dahulu)");
        int rc = pl_store_household_get_by_kk(s, &hh, kk, err);
        if (rc == 0 && !pl_region_code_in_scope(hh.village_code, from->scope))
            rc = PL_ENOTFOUND;
        if (rc == PL_ENOTFOUND)
            return pl_error_set(err, PL_EINVAL, "kk",
                                "keluarga No. KK %.31s belum terdaftar; daftarkan dengan 'pilar "
                                "household add'",
                                kk);
        if (rc)
            return rc;
        f[PL_COL_KODE_DESA] = hh.village_code;
    }
validate:;
    pl_region_known known = {region_exists, s};
    pl_record rec;
    if (pl_record_validate(&rec, probs, f, &known, today) != 0)
        return problems_error(err, probs);
    if (!pl_region_code_in_scope(rec.village, from->scope))
        return pl_error_set(err, PL_EDENIED, "village_code", "desa %s di luar cakupan Anda (%s)",
                            rec.village, from->scope);
    /* A NIK or KK held outside the caller's scope is not revealed: the data wait for the
     * owning office. */
    int rc = transfer_if_hidden(waiting, s, who, from, false, rec.nik, rec.kk, rec.name,
                                rec.village, fields, err);
    if (rc || *waiting)
        return rc;
    rc = pl_registry_person_add(s, who, &rec, today, out, err);
    if (rc == 0 && (flags & PL_REGISTER_OWN_POINT) && rec.has_coord) {
        out->has_coord = true;
        out->lat = rec.lat;
        out->lon = rec.lon;
        rc = pl_store_person_update(s, who, out, err);
    }
    return rc;
}

/* The household a change puts the person in: the KK given, else the current one. */
static int target_household(pl_household *hh, pl_store *s, const char *scope, const pl_person *p,
                            const char *kk, pl_error *err)
{
    memset(hh, 0, sizeof *hh);
    if (kk && strcmp(kk, p->kk) != 0) {
        int rc = pl_store_household_get_by_kk(s, hh, kk, err);
        /* A household outside the scope gets the answer of an unknown KK, word for word. */
        if (rc == PL_ENOTFOUND || (rc == 0 && !pl_region_code_in_scope(hh->village_code, scope)))
            return pl_error_set(err, PL_EINVAL, "kk",
                                scope && scope[0]
                                    ? "keluarga No. KK %.20s tidak ditemukan di wilayah Anda"
                                    : "keluarga No. KK %.20s belum terdaftar",
                                kk);
        return rc;
    }
    return p->household_id ? pl_store_household_get(s, hh, p->household_id, err) : 0;
}

/* Sets p->death_date from text (NULL keeps, "" clears) once the birth date is known. */
static int apply_death(pl_person *p, const char *death, const pl_date *birth, const pl_date *today,
                       pl_error *err)
{
    pl_date dd;
    if (death == NULL)
        return 0;
    if (death[0] == '\0') {
        p->death_date[0] = '\0';
        return 0;
    }
    if (pl_date_parse(&dd, death) != 0 || pl_date_cmp(&dd, today) > 0 ||
        pl_date_cmp(&dd, birth) < 0)
        return pl_error_set(err, PL_EINVAL, "death_date",
                            "tanggal meninggal '%.20s' tidak valid (harus antara tanggal lahir dan "
                            "hari ini)",
                            death);
    pl_date_format(p->death_date, &dd);
    return 0;
}

typedef struct open_find {
    int category;
    int64_t id;
} open_find;

static int find_open(void *ctx, const pl_membership *m)
{
    open_find *e = ctx;
    if (m->category == e->category && m->valid_to[0] == '\0')
        e->id = m->id;
    return 0;
}

/* Ends the open membership of category code on p or its household at the date given. */
static int end_category(pl_store *s, const pl_actor *who, const pl_person *p,
                        const pl_record_pmks *pm, const pl_date *today, pl_error *err)
{
    open_find e = {pm->code, 0};
    char date[11];
    pl_date_format(date, pm->has_since ? &pm->since : today);
    int rc = pl_store_membership_list(s, p->id, 0, find_open, &e, err);
    if (rc == 0 && e.id == 0 && p->household_id)
        rc = pl_store_membership_list(s, 0, p->household_id, find_open, &e, err);
    if (rc == 0 && e.id == 0)
        rc = pl_error_set(err, PL_ENOTFOUND, "categories_end",
                          "kategori PMKS %d tidak aktif pada orang ini", pm->code);
    if (rc == 0)
        rc = pl_store_membership_end(s, who, e.id, date, err);
    return rc;
}

/*
 * Validates p with ch merged in and copies the result into p; a new NIK held
 * outside the scope becomes a transfer request (*waiting) and p stays as it was.
 */
static int merge_change(pl_person *p, int64_t *waiting, pl_record_problems *probs, pl_store *s,
                        const pl_actor *who, const pl_transfer_origin *from,
                        const pl_person_change *ch, const pl_date *today, pl_error *err)
{
    pl_household hh;
    int rc = target_household(&hh, s, from->scope, p, ch->given[PL_COL_NO_KK], err);
    if (rc)
        return rc;
    char sex[2] = {p->sex, 0}, lat[40], lon[40];
    snprintf(lat, sizeof lat, "%.8f", p->lat);
    snprintf(lon, sizeof lon, "%.8f", p->lon);
    const char *const *g = ch->given;
    const char *f[PL_COL__MAX] = {0};
#define PICK(c, cur) f[c] = g[c] ? g[c] : (cur)
    PICK(PL_COL_NIK, p->nik);
    PICK(PL_COL_NAMA, p->name);
    PICK(PL_COL_TEMPAT_LAHIR, p->birth_place);
    PICK(PL_COL_TANGGAL_LAHIR, p->birth_date);
    PICK(PL_COL_JENIS_KELAMIN, sex);
    PICK(PL_COL_HUBUNGAN, p->relationship);
    PICK(PL_COL_NAMA_IBU, p->mother_name);
    PICK(PL_COL_DISABILITAS, p->disability);
    PICK(PL_COL_ALASAN_TANPA_NIK, p->no_nik_reason);
    /* The stored point is validated again only when the change touches it. */
    bool point = g[PL_COL_LATITUDE] || g[PL_COL_LONGITUDE];
    if (point) {
        PICK(PL_COL_LATITUDE, p->has_coord ? lat : "");
        PICK(PL_COL_LONGITUDE, p->has_coord ? lon : "");
    }
#undef PICK
    f[PL_COL_NO_KK] = hh.kk;
    f[PL_COL_KODE_DESA] = hh.id ? hh.village_code : p->village_code;
    pl_region_known known = {region_exists, s};
    pl_record rec;
    if (pl_record_validate(&rec, probs, f, &known, today) != 0)
        return problems_error(err, probs);
    if ((rc = apply_death(p, ch->death_date, &rec.birth, today, err)))
        return rc;
    /* A new NIK held outside the scope: the change waits for the owning office. */
    if (strcmp(rec.nik, p->nik) != 0 &&
        ((rc = transfer_if_hidden(waiting, s, who, from, true, rec.nik, rec.kk, rec.name,
                                  rec.village, f, err)) ||
         *waiting))
        return rc;
    /* A NIK recorded (later) is matched against the registry at once: when another person
     * holds it, the operator merges the two instead (the id names the other record). */
    if (rec.nik[0] && strcmp(rec.nik, p->nik) != 0) {
        pl_person other;
        rc = pl_store_person_get_by_nik(s, &other, rec.nik, NULL);
        if (rc == 0 && other.id != p->id) {
            char pid[PL_PILAR_ID_MAX];
            return pl_error_set(err, PL_ECONFLICT, "nik",
                                "NIK %s sudah tercatat pada orang id %lld (%s); gabungkan kedua "
                                "data (pilar dedup merge) alih-alih mencatat NIK ini lagi",
                                rec.nik, (long long)other.id, pl_pilar_id(pid, other.id));
        }
        if (rc != PL_ENOTFOUND && rc != 0)
            return pl_error_set(err, rc, "nik", "NIK tidak dapat diperiksa");
    }
    pl_registry_record_to_person(p, &rec);
    p->household_id = hh.id;
    if (point) {
        p->has_coord = rec.has_coord;
        p->lat = rec.lat;
        p->lon = rec.lon;
    }
    return 0;
}

static int person_update(pl_person *out, int64_t *waiting, pl_record_problems *probs, pl_store *s,
                         const pl_actor *who, const pl_transfer_origin *from, int64_t id,
                         const pl_person_change *ch, const pl_date *today, pl_error *err)
{
    memset(probs, 0, sizeof *probs);
    *waiting = 0;
    if (ch->n_add < 0 || ch->n_add > PL_PERSON_PMKS_CHANGES || ch->n_end < 0 ||
        ch->n_end > PL_PERSON_PMKS_CHANGES)
        return pl_error_set(err, PL_EINVAL,
                            ch->n_add < 0 || ch->n_add > PL_PERSON_PMKS_CHANGES ? "categories_add"
                                                                                : "categories_end",
                            "paling banyak %d kategori PMKS sekali ubah", PL_PERSON_PMKS_CHANGES);
    int rc = pl_store_begin(s, err);
    if (rc)
        return rc;
    pl_person p;
    rc = pl_store_person_get(s, &p, id, err);
    /* Outside the scope looks exactly like absent. */
    if (rc == 0 && !pl_region_code_in_scope(p.village_code, from->scope))
        rc = PL_ENOTFOUND;
    if (rc == PL_ENOTFOUND)
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "orang id %lld tidak ditemukan", (long long)id);
    if (rc)
        goto out;
    if (ch->version > 0)
        p.version = ch->version; /* the store refuses it when stale */
    /* A change that waits keeps only the transfer request. */
    if ((rc = merge_change(&p, waiting, probs, s, who, from, ch, today, err)) || *waiting ||
        (rc = pl_store_person_update(s, who, &p, err)))
        goto out;
    if (ch->n_add && (rc = pl_registry_add_categories(s, who, &p, ch->add, ch->n_add, today, err)))
        goto out;
    for (int i = 0; i < ch->n_end && rc == 0; i++)
        rc = end_category(s, who, &p, &ch->end[i], today, err);
out:
    if (rc == 0)
        rc = pl_store_commit(s, err);
    if (rc) {
        pl_store_rollback(s);
        return rc;
    }
    *out = p;
    return 0;
}

/* Checks a KK number like an import row; the first refusal becomes the error. */
static int check_idnum(char *digits, size_t cap, pl_store *s, pl_idnum_kind kind, const char *text,
                       const char *field, pl_error *err)
{
    pl_region_known known = {region_exists, s};
    pl_nik_info info;
    pl_nik_check(&info, kind, text ? text : "", &known);
    if (info.valid) {
        snprintf(digits, cap, "%s", info.digits);
        return 0;
    }
    for (int b = 0; b < PL_NIK_PROBLEM__MAX; b++)
        if ((info.problems & (1u << b)) && !pl_nik_problem_is_warning((pl_nik_problem)b)) {
            char msg[256];
            pl_nik_problem_message(msg, sizeof msg, &info, (pl_nik_problem)b);
            return pl_error_set(err, PL_EINVAL, field, "%s", msg);
        }
    return pl_error_set(err, PL_EINVAL, field, "%s tidak sah",
                        kind == PL_IDNUM_KK ? "No. KK" : "NIK");
}

/* Address, RT/RW and the point of h through the import row rules (NULL keeps, "" clears). */
static int apply_household_fields(pl_household *h, const char *const given[PL_COL__MAX],
                                  pl_error *err)
{
    static const pl_col cols[] = {PL_COL_ALAMAT, PL_COL_RT, PL_COL_RW, PL_COL_LATITUDE,
                                  PL_COL_LONGITUDE};
    const char *f[PL_COL__MAX] = {0};
    char lat[40], lon[40];
    snprintf(lat, sizeof lat, "%.8f", h->lat);
    snprintf(lon, sizeof lon, "%.8f", h->lon);
    f[PL_COL_NIK] = "";
    f[PL_COL_ALAMAT] = h->address;
    f[PL_COL_RT] = h->rt;
    f[PL_COL_RW] = h->rw;
    f[PL_COL_LATITUDE] = h->has_coord ? lat : "";
    f[PL_COL_LONGITUDE] = h->has_coord ? lon : "";
    for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
        if (given[cols[k]])
            f[cols[k]] = given[cols[k]];
    pl_record rec;
    pl_record_problems probs;
    pl_record_validate(&rec, &probs, f, NULL, NULL);
    for (int i = 0; i < probs.n; i++)
        for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
            if (probs.items[i].col == cols[k])
                return pl_error_set(err, PL_EINVAL, pl_col_key(cols[k]), "%s",
                                    probs.items[i].message);
    snprintf(h->address, sizeof h->address, "%s", rec.address);
    snprintf(h->rt, sizeof h->rt, "%s", rec.rt);
    snprintf(h->rw, sizeof h->rw, "%s", rec.rw);
    h->has_coord = rec.has_coord;
    h->lat = rec.lat;
    h->lon = rec.lon;
    return 0;
}

/* Normalises a village code into out; refuses other levels and villages outside scope. */
static int household_village(char out[PL_REGION_CODE_MAX], const char *village, const char *scope,
                             bool move, pl_error *err)
{
    if (village == NULL || strlen(village) > 20 ||
        pl_region_code_normalize(out, village) != PL_LEVEL_VILLAGE)
        return pl_error_set(err, PL_EINVAL, "village_code", "'%.20s' bukan kode desa",
                            village ? village : "");
    if (!pl_region_code_in_scope(out, scope))
        return move ? pl_error_set(err, PL_EDENIED, "village_code",
                                   "desa tujuan di luar cakupan Anda")
                    : pl_error_set(err, PL_EDENIED, "village_code",
                                   "desa %s di luar cakupan Anda (%s)", out, scope);
    return 0;
}

static int household_add(pl_household *out, int64_t *waiting, pl_store *s, const pl_actor *who,
                         const pl_transfer_origin *from, bool in_tx, const char *kk,
                         const char *village, const char *const given[PL_COL__MAX], pl_error *err)
{
    pl_household h = {0};
    *waiting = 0;
    int rc = check_idnum(h.kk, sizeof h.kk, s, PL_IDNUM_KK, kk, "kk", err);
    if (rc || (rc = household_village(h.village_code, village, from->scope, false, err)) ||
        (rc = apply_household_fields(&h, given, err)))
        return rc;
    /* A KK held outside the caller's scope is not revealed: the data wait for its owner. */
    const char *fields[PL_COL__MAX] = {0};
    char lat[40], lon[40];
    snprintf(lat, sizeof lat, "%.8f", h.lat);
    snprintf(lon, sizeof lon, "%.8f", h.lon);
    fields[PL_COL_NO_KK] = h.kk;
    fields[PL_COL_KODE_DESA] = h.village_code;
    fields[PL_COL_ALAMAT] = h.address;
    fields[PL_COL_RT] = h.rt;
    fields[PL_COL_RW] = h.rw;
    fields[PL_COL_LATITUDE] = h.has_coord ? lat : NULL;
    fields[PL_COL_LONGITUDE] = h.has_coord ? lon : NULL;
    if ((rc = transfer_if_hidden(waiting, s, who, from, in_tx, "", h.kk, "", h.village_code, fields,
                                 err)) ||
        *waiting || (rc = pl_store_household_add(s, who, &h, err)))
        return rc;
    *out = h;
    return 0;
}

static int household_update(pl_household *out, pl_store *s, const pl_actor *who, const char *scope,
                            int64_t id, int64_t version, const char *village,
                            const char *const given[PL_COL__MAX], pl_error *err)
{
    pl_household h;
    int rc = pl_store_household_get(s, &h, id, err);
    if (rc == 0 && !pl_region_code_in_scope(h.village_code, scope))
        rc = PL_ENOTFOUND;
    if (rc == PL_ENOTFOUND)
        return pl_error_set(err, PL_ENOTFOUND, "id", "keluarga id %lld tidak ditemukan",
                            (long long)id);
    if (rc)
        return rc;
    if (village && (rc = household_village(h.village_code, village, scope, true, err)))
        return rc;
    if ((rc = apply_household_fields(&h, given, err)))
        return rc;
    h.version = version;
    if ((rc = pl_store_household_update(s, who, &h, err)))
        return rc;
    *out = h;
    return 0;
}

/*
 * Whether category code may start on from for a person born on birth with sex:
 * not in the future, not before the birth, and fitting the person's age and
 * sex (domain/category.h) unless confirmed. field names the confirmation key.
 */
static int category_fits(int code, const pl_date *from, const pl_date *birth, char sex,
                         bool confirm, const pl_date *today, const char *field, pl_error *err)
{
    char when[24], msg[300];
    if (pl_date_cmp(from, today) > 0) {
        pl_date_format_id(when, from);
        return pl_error_set(err, PL_EINVAL, "valid_from",
                            "kategori PMKS tidak dapat mulai di masa depan (%s)", when);
    }
    if (birth && birth->year && pl_date_cmp(from, birth) < 0) {
        pl_date_format_id(when, birth);
        return pl_error_set(err, PL_EINVAL, "valid_from",
                            "kategori PMKS tidak dapat mulai sebelum tanggal lahir (%s)", when);
    }
    if (!confirm && birth && birth->year &&
        pl_pmks_person_fit(msg, sizeof msg, code, birth, sex, from))
        return pl_error_set(err, PL_EINVAL, field,
                            "%s. Periksa lagi; bila memang benar, konfirmasi", msg);
    return 0;
}

static int category_start(pl_membership *out, pl_store *s, const pl_actor *who, const pl_person *p,
                          int code, const pl_date *date, const char *note, bool confirm,
                          const pl_date *today, pl_error *err)
{
    const pl_category *c = pl_pmks_get(code);
    if (c == NULL)
        return pl_error_set(err, PL_EINVAL, "category", "kategori PMKS tidak dikenal");
    pl_date birth = {0};
    if (pl_date_parse(&birth, p->birth_date) != 0)
        memset(&birth, 0, sizeof birth);
    int rc =
        category_fits(code, date ? date : today, &birth, p->sex, confirm, today, "confirm", err);
    if (rc)
        return rc;
    pl_membership m = {0};
    m.category = c->code;
    pl_date_format(m.valid_from, date ? date : today);
    if (c->applies_to == PL_APPLIES_HOUSEHOLD && p->household_id)
        m.household_id = p->household_id;
    else
        m.person_id = p->id;
    snprintf(m.note, sizeof m.note, "%s", note ? note : "");
    rc = pl_store_membership_add(s, who, &m, err);
    if (rc == 0)
        *out = m;
    return rc;
}

typedef struct id_find {
    int64_t id;
    pl_membership found;
    bool hit;
} id_find;

static int find_id(void *ctx, const pl_membership *m)
{
    id_find *f = ctx;
    if (m->id == f->id) {
        f->found = *m;
        f->hit = true;
    }
    return 0;
}

static int category_end(pl_membership *out, pl_store *s, const pl_actor *who, const pl_person *p,
                        int64_t mid, int64_t visit_id, const pl_date *date, const pl_date *today,
                        pl_error *err)
{
    id_find f = {.id = mid};
    int rc = pl_store_membership_list(s, p->id, 0, find_id, &f, err);
    if (rc == 0 && !f.hit && p->household_id)
        rc = pl_store_membership_list(s, 0, p->household_id, find_id, &f, err);
    if (rc)
        return rc;
    if (!f.hit)
        return pl_error_set(err, PL_ENOTFOUND, "id", "keanggotaan %lld tidak ada pada orang ini",
                            (long long)mid);
    if (date && pl_date_cmp(date, today) > 0)
        return pl_error_set(err, PL_EINVAL, "valid_to",
                            "tanggal berakhir tidak dapat di masa depan");
    char to[11];
    pl_date_format(to, date ? date : today);
    if (visit_id == 0) {
        if ((rc = pl_store_membership_end(s, who, mid, to, err)))
            return rc;
    } else {
        if ((rc = pl_psks_visit_citable(s, p, visit_id, err)) || (rc = pl_store_begin(s, err)))
            return rc;
        if ((rc = pl_store_membership_end(s, who, mid, to, err)) ||
            (rc = pl_store_membership_cite_visit(s, who, mid, visit_id, err))) {
            pl_store_rollback(s);
            return rc;
        }
        if ((rc = pl_store_commit(s, err)))
            return rc;
        f.found.ended_by_visit = visit_id;
    }
    snprintf(f.found.valid_to, sizeof f.found.valid_to, "%s", to);
    *out = f.found;
    return 0;
}

/*
 * Names the API key in err->field when a lower layer (the store, the record
 * rules) named the field in Bahasa Indonesia; pmks_key replaces "pmks" when given.
 */
static int api_field(int rc, pl_error *err, const char *pmks_key)
{
    if (rc == 0 || err == NULL)
        return rc;
    const char *key =
        pmks_key && strcmp(err->field, "pmks") == 0 ? pmks_key : pl_field_key(err->field);
    if (key != err->field)
        snprintf(err->field, sizeof err->field, "%s", key);
    return rc;
}

/*
 * Matches a person just written against the registry at once: probable
 * duplicates become open candidates (service/dedup.h). Runs after the
 * write's own transaction; a failure here leaves the write in place. A
 * caller that writes a batch (from->match_later) gets the person instead and
 * matches the batch at its end.
 */
static int match_arrival(pl_store *s, const pl_actor *who, const pl_transfer_origin *from,
                         const pl_person *p, pl_error *err)
{
    if (from && from->match_later)
        return pl_dedup_arrivals_add(from->match_later, p->id, p->village_code, err);
    pl_dedup_arrival a = {.id = p->id};
    snprintf(a.village, sizeof a.village, "%s", p->village_code);
    return pl_dedup_match_new(s, who, &a, 1, NULL, NULL, err);
}

int pl_registry_person_register(pl_person *out, int64_t *waiting, pl_record_problems *probs,
                                pl_store *s, const pl_actor *who, const pl_transfer_origin *from,
                                const char *const fields[PL_COL__MAX], unsigned flags,
                                const pl_date *today, pl_error *err)
{
    int rc = person_register(out, waiting, probs, s, who, from, fields, flags, today, err);
    if (rc == 0 && !*waiting)
        rc = match_arrival(s, who, from, out, err);
    return api_field(rc, err, NULL);
}

int pl_registry_person_update(pl_person *out, int64_t *waiting, pl_record_problems *probs,
                              pl_store *s, const pl_actor *who, const pl_transfer_origin *from,
                              int64_t id, const pl_person_change *ch, const pl_date *today,
                              pl_error *err)
{
    /* A record merged away keeps answering reads with a pointer, but takes no changes: they
     * would go to a rejected copy nobody sees. */
    int64_t into = 0, merge_id = 0;
    if (pl_store_person_merged_into(s, id, &into, &merge_id, NULL) == 0) {
        *waiting = 0;
        return pl_error_set(err, PL_ECONFLICT, "id",
                            "data #%lld telah digabung dengan data lain; ubahlah data hasil "
                            "penggabungan (dibuka otomatis dari tautan data ini)",
                            (long long)id);
    }
    int rc = person_update(out, waiting, probs, s, who, from, id, ch, today, err);
    if (rc == 0 && !*waiting)
        rc = match_arrival(s, who, from, out, err);
    return api_field(rc, err, NULL);
}

int pl_registry_household_add(pl_household *out, int64_t *waiting, pl_store *s, const pl_actor *who,
                              const pl_transfer_origin *from, const char *kk, const char *village,
                              const char *const given[PL_COL__MAX], pl_error *err)
{
    return api_field(household_add(out, waiting, s, who, from, false, kk, village, given, err), err,
                     NULL);
}

int pl_registry_household_update(pl_household *out, pl_store *s, const pl_actor *who,
                                 const char *scope, int64_t id, int64_t version,
                                 const char *village, const char *const given[PL_COL__MAX],
                                 pl_error *err)
{
    return api_field(household_update(out, s, who, scope, id, version, village, given, err), err,
                     NULL);
}

int pl_registry_category_start(pl_membership *out, pl_store *s, const pl_actor *who,
                               const pl_person *p, int code, const pl_date *date, const char *note,
                               bool confirm, const pl_date *today, pl_error *err)
{
    return api_field(category_start(out, s, who, p, code, date, note, confirm, today, err), err,
                     "category");
}

int pl_registry_category_end(pl_membership *out, pl_store *s, const pl_actor *who,
                             const pl_person *p, int64_t mid, int64_t visit_id, const pl_date *date,
                             const pl_date *today, pl_error *err)
{
    return api_field(category_end(out, s, who, p, mid, visit_id, date, today, err), err,
                     "category");
}

static int family_register(pl_household *hh_out, pl_person *people, int64_t *waiting,
                           int *bad_member, pl_record_problems *probs, pl_store *s,
                           const pl_actor *who, const pl_transfer_origin *from, const char *kk,
                           const char *village, const char *const given[PL_COL__MAX],
                           const pl_family_member *members, int n, bool confirm,
                           const pl_date *today, pl_error *err)
{
    *waiting = 0;
    *bad_member = -1;
    memset(probs, 0, sizeof *probs);
    memset(hh_out, 0, sizeof *hh_out);
    if (n < 1 || n > PL_FAMILY_MAX)
        return pl_error_set(err, PL_EINVAL, "members", "keluarga harus berisi 1 sampai %d anggota",
                            PL_FAMILY_MAX);
    char digits[20];
    int rc = check_idnum(digits, sizeof digits, s, PL_IDNUM_KK, kk, "kk", err);
    if (rc)
        return rc;
    if ((rc = pl_store_begin(s, err)))
        return rc;
    pl_household hh = {0};
    pl_record *recs = NULL;
    bool hidden = false;
    rc = pl_store_household_get_by_kk(s, &hh, digits, NULL);
    if (rc == 0 && !pl_region_code_in_scope(hh.village_code, from->scope)) {
        hidden = true; /* every member waits for the owning office; nothing is said of it */
        memset(&hh, 0, sizeof hh);
        rc = 0;
        char v[PL_REGION_CODE_MAX];
        if ((rc = household_village(v, village, from->scope, false, err)))
            goto out;
        snprintf(hh.village_code, sizeof hh.village_code, "%s", v);
        snprintf(hh.kk, sizeof hh.kk, "%.16s", digits);
    } else if (rc == PL_ENOTFOUND) {
        int64_t w = 0;
        rc = household_add(&hh, &w, s, who, from, true, digits, village, given, err);
        if (rc == 0 && w) /* hidden after all (another writer): the members wait too */
            hidden = true, (*waiting)++;
    } else if (rc) {
        rc = pl_error_set(err, rc, "kk", "keluarga No. KK %s tidak dapat dibaca", digits);
    }
    if (rc)
        goto out;
    /* Every member is checked before anything is written, the confirmations after the
     * checks: the form hears of a refused value before it is asked to confirm a category. */
    recs = calloc((size_t)n, sizeof *recs);
    if (recs == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        goto out;
    }
    for (int i = 0; i < n && rc == 0; i++) {
        *bad_member = i;
        memset(&people[i], 0, sizeof people[i]);
        const char *f[PL_COL__MAX];
        memcpy(f, members[i].fields, sizeof f);
        /* The family's card, village and address are the household's. */
        f[PL_COL_NO_KK] = hh.kk;
        f[PL_COL_KODE_DESA] = hh.village_code;
        f[PL_COL_ALAMAT] = hh.address;
        f[PL_COL_RT] = hh.rt;
        f[PL_COL_RW] = hh.rw;
        f[PL_COL_LATITUDE] = f[PL_COL_LONGITUDE] = NULL;
        pl_region_known known = {region_exists, s};
        if (pl_record_validate(&recs[i], probs, f, &known, today) != 0) {
            rc = problems_error(err, probs);
            break;
        }
        /* A NIK registered inside the scope is said before any confirmation is asked (one
         * held outside it becomes a transfer request below, and is not revealed). */
        pl_person other;
        if (recs[i].nik[0] && pl_store_person_get_by_nik(s, &other, recs[i].nik, NULL) == 0 &&
            pl_region_code_in_scope(other.village_code, from->scope))
            rc = pl_error_set(err, PL_ECONFLICT, "nik", "NIK %s sudah terdaftar", recs[i].nik);
    }
    for (int i = 0; i < n && rc == 0; i++) {
        *bad_member = i;
        const pl_record *rec = &recs[i];
        for (int j = 0; j < rec->n_pmks && rc == 0; j++)
            rc = category_fits(rec->pmks[j].code,
                               rec->pmks[j].has_since ? &rec->pmks[j].since : today, &rec->birth,
                               rec->sex, confirm, today, "confirm", err);
    }
    for (int i = 0; i < n && rc == 0; i++) {
        *bad_member = i;
        const pl_record *rec = &recs[i];
        int64_t w = 0;
        if (hidden || rec->nik[0]) {
            const char *f[PL_COL__MAX];
            memcpy(f, members[i].fields, sizeof f);
            f[PL_COL_NO_KK] = hh.kk;
            f[PL_COL_KODE_DESA] = hh.village_code;
            rc = transfer_if_hidden(&w, s, who, from, true, rec->nik, rec->kk, rec->name,
                                    rec->village, f, err);
            if (rc)
                break;
            if (w) {
                (*waiting)++;
                continue;
            }
        }
        rc = person_add_tx(s, who, rec, today, &people[i], err);
    }
    if (rc == 0)
        *bad_member = -1;
out:
    free(recs);
    if (rc == 0)
        rc = pl_store_commit(s, err);
    if (rc) {
        pl_store_rollback(s);
        for (int i = 0; i < n; i++)
            memset(&people[i], 0, sizeof people[i]);
        *waiting = 0;
        return rc;
    }
    if (hh.id)
        pl_store_household_get(s, &hh, hh.id, NULL);
    *hh_out = hh;
    return 0;
}

int pl_registry_family_register(pl_household *hh_out, pl_person *people, int64_t *waiting,
                                int *bad_member, pl_record_problems *probs, pl_store *s,
                                const pl_actor *who, const pl_transfer_origin *from, const char *kk,
                                const char *village, const char *const given[PL_COL__MAX],
                                const pl_family_member *members, int n, bool confirm,
                                const pl_date *today, pl_error *err)
{
    int rc = family_register(hh_out, people, waiting, bad_member, probs, s, who, from, kk, village,
                             given, members, n, confirm, today, err);
    for (int i = 0; rc == 0 && i < n; i++)
        if (people[i].id)
            rc = match_arrival(s, who, from, &people[i], err);
    return api_field(rc, err, "categories");
}
