/* h_people.c - people: search, register, read, change (optimistic locking). */
#include "domain/category.h"
#include "domain/record.h"
#include "http/handlers.h"
#include "http/jsonw.h"
#include "io/record_json.h"
#include "service/registry.h"
#include "service/transfer.h"
#include "store/household.h"
#include "store/person.h"
#include "store/region.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool region_exists(void *ctx, const char *dotted)
{
    pl_region g;
    return pl_store_region_get(ctx, &g, dotted, NULL) == 0;
}

static pl_date today_date(void)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    pl_date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    return d;
}

int pl_h_load_person(pl_http_req *r, int i, pl_person *p)
{
    int64_t id;
    int rc = pl_http_param_id(r, i, &id);
    if (rc)
        return rc;
    rc = pl_store_person_get(r->store, p, id, &r->err);
    /* Outside the scope looks exactly like absent: no hint that the record exists. */
    if (rc == 0 && !pl_http_in_scope(r, p->village_code))
        rc = PL_ENOTFOUND;
    if (rc == PL_ENOTFOUND)
        return pl_error_set(&r->err, PL_ENOTFOUND, "id", "orang id %lld tidak ditemukan",
                            (long long)id);
    return rc;
}

typedef struct list_ctx {
    pl_http_req *r;
    const pl_ident_view *view;
    int n;
    int64_t last;
} list_ctx;

/* Writes each person straight into the reply (the lookup's hot path: no jansson tree). */
static int add_person(void *ctx, const pl_person *p)
{
    list_ctx *l = ctx;
    if (l->n++ && pl_buf_putc(&l->r->out, ',') != 0)
        return PL_ENOMEM;
    l->last = p->id;
    pl_http_audit_read(l->r, "person", p->id);
    return pl_jw_person(&l->r->out, p, l->view);
}

static bool all_digits(const char *s, size_t n)
{
    if (strlen(s) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* The longest run of consecutive digits in s (a NIK or KK typed into the name search). */
static size_t digit_run(const char *s)
{
    size_t best = 0, n = 0;
    for (; *s; s++) {
        n = (*s >= '0' && *s <= '9') ? n + 1 : 0;
        if (n > best)
            best = n;
    }
    return best;
}

int pl_h_people_query(pl_http_req *r, const char *state_override)
{
    pl_person_query q = {.scope = r->user.scope};
    char region[PL_REGION_CODE_MAX];
    int rc = pl_http_paging(r, &q.limit, &q.after_id);
    if (rc || (rc = pl_http_region_param(r, "region", region)))
        return rc;
    q.region = region[0] ? region : NULL;
    q.nik = pl_http_query(r, "nik");
    q.kk = pl_http_query(r, "kk");
    q.text = pl_http_query(r, "q");
    q.state = state_override ? state_override : pl_http_query(r, "state");
    const char *cat = pl_http_query(r, "category");
    /* Before any validation: a refusal that depends on the value would itself confirm things. */
    if ((q.nik && (rc = pl_http_deny_nik_search(r, "nik"))) ||
        (q.kk && (rc = pl_http_deny_nik_search(r, "kk"))) ||
        (q.text && digit_run(q.text) >= 6 && (rc = pl_http_deny_nik_search(r, "q"))))
        return rc;
    if (q.nik && !all_digits(q.nik, 16))
        return pl_error_set(&r->err, PL_EINVAL, "nik", "NIK harus 16 angka");
    if (q.kk && !all_digits(q.kk, 16))
        return pl_error_set(&r->err, PL_EINVAL, "kk", "No. KK harus 16 angka");
    if (q.text && (q.text[0] == '\0' || strlen(q.text) > 100))
        return pl_error_set(&r->err, PL_EINVAL, "q", "teks pencarian 1 sampai 100 karakter");
    if (q.state && strcmp(q.state, PL_STATE_DRAFT) && strcmp(q.state, PL_STATE_VERIFIED) &&
        strcmp(q.state, PL_STATE_REJECTED))
        return pl_error_set(&r->err, PL_EINVAL, "state",
                            "status harus draft, verified atau rejected");
    if (cat) {
        const pl_category *c = strlen(cat) < 64 ? pl_pmks_find(cat) : NULL;
        if (c == NULL)
            return pl_error_set(&r->err, PL_EINVAL, "category", "kategori PMKS tidak dikenal");
        q.category = c->code;
    }
    list_ctx l = {r, pl_http_json_opts(r), 0, 0};
    pl_buf_reset(&r->out);
    if (pl_buf_puts(&r->out, "{\"items\":[") != 0)
        return pl_error_set(&r->err, PL_ENOMEM, "", "jawaban terlalu besar");
    if ((rc = pl_store_person_search(r->store, &q, add_person, &l, &r->err))) {
        pl_buf_reset(&r->out);
        if (rc == PL_ENOMEM)
            return pl_error_set(&r->err, PL_ENOMEM, "", "jawaban terlalu besar");
        return rc;
    }
    /* {"items":[...],"next":"ID"} as pl_http_reply_page writes it. */
    int bad = pl_buf_puts(&r->out, "],\"next\":");
    if (l.n == q.limit)
        bad |= pl_buf_putc(&r->out, '"') | pl_jw_int(&r->out, l.last) | pl_buf_putc(&r->out, '"');
    else
        bad |= pl_buf_puts(&r->out, "null");
    bad |= pl_buf_putc(&r->out, '}');
    if (bad) {
        pl_buf_reset(&r->out);
        return pl_error_set(&r->err, PL_ENOMEM, "", "jawaban terlalu besar");
    }
    r->status = 200;
    r->out_type = "application/json; charset=utf-8";
    return 0;
}

int pl_h_people(pl_http_req *r)
{
    return pl_h_people_query(r, NULL);
}

int pl_h_person_get(pl_http_req *r)
{
    pl_person p;
    int rc = pl_h_load_person(r, 0, &p);
    if (rc)
        return rc;
    pl_http_audit_read(r, "person", p.id);
    return pl_http_reply_json(r, 200, pl_json_person(&p, pl_http_json_opts(r)));
}

/* Text of a JSON scalar for the record validator (strings, numbers); NULL = null. */
static int scalar_text(pl_http_req *r, json_t *v, const char *key, char *buf, size_t cap,
                       const char **out)
{
    *out = NULL;
    if (v == NULL || json_is_null(v))
        return 0;
    if (json_is_string(v))
        *out = json_string_value(v);
    else if (json_is_integer(v))
        snprintf(buf, cap, "%lld", (long long)json_integer_value(v)), *out = buf;
    else if (json_is_real(v))
        snprintf(buf, cap, "%.8f", json_real_value(v)), *out = buf;
    else
        return pl_error_set(&r->err, PL_EINVAL, key, "%s harus teks atau angka", key);
    return 0;
}

static int report_problems(pl_http_req *r, const pl_record_problems *probs)
{
    char msg[sizeof r->err.message];
    pl_record_problems_join(msg, sizeof msg, probs, false);
    return pl_error_set(&r->err, PL_EINVAL, pl_col_name(probs->items[0].col), "%s", msg);
}

static json_t *person_reply(pl_http_req *r, const pl_person *p, const pl_record_problems *probs)
{
    json_t *o = pl_json_person(p, pl_http_json_opts(r));
    json_t *notes = json_array();
    for (int i = 0; probs && i < probs->n_notes; i++)
        json_array_append_new(notes,
                              json_pack("{s:s,s:s}", "field", pl_col_name(probs->notes[i].col),
                                        "message", probs->notes[i].message));
    json_object_set_new(o, "catatan", notes);
    return o;
}

int pl_h_person_add(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    const char *fields[PL_COL__MAX] = {0};
    char nums[PL_COL__MAX][40];
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v)
    {
        int col = -1;
        for (int c = 0; c < PL_COL__MAX && col < 0; c++)
            if (strcmp(pl_col_name((pl_col)c), key) == 0)
                col = c;
        if (col < 0) {
            rc = pl_error_set(&r->err, PL_EINVAL, key, "kolom '%.60s' tidak dikenal", key);
            goto out;
        }
        if ((rc = scalar_text(r, v, key, nums[col], sizeof nums[col], &fields[col])))
            goto out;
    }
    pl_region_known known = {region_exists, r->store};
    pl_date today = today_date();
    pl_record rec;
    pl_record_problems probs;
    if (pl_record_validate(&rec, &probs, fields, &known, &today) != 0) {
        rc = report_problems(r, &probs);
        goto out;
    }
    if (!pl_http_in_scope(r, rec.village)) {
        rc = pl_error_set(&r->err, PL_EDENIED, "kode_desa", "desa %s di luar cakupan Anda (%s)",
                          rec.village, r->user.scope);
        goto out;
    }
    /* A NIK or KK held outside the caller's scope is not revealed: the data wait for the
     * owning office (service/transfer.h). */
    pl_transfer_origin from = {r->user.username, r->user.scope, "api", false};
    pl_transfer_claim claim = {rec.nik, rec.kk, rec.name, rec.village, fields};
    int64_t waiting;
    if ((rc = pl_transfer_submit_if_hidden(r->store, &r->actor, &from, &claim, &waiting, &r->err)))
        goto out;
    if (waiting) {
        rc = pl_h_transfer_waiting(r, waiting);
        goto out;
    }
    pl_person p;
    if ((rc = pl_registry_person_add(r->store, &r->actor, &rec, &today, &p, &r->err)))
        goto out;
    if (rec.has_coord) {
        p.has_coord = true;
        p.lat = rec.lat;
        p.lon = rec.lon;
        if ((rc = pl_store_person_update(r->store, &r->actor, &p, &r->err)))
            goto out;
    }
    rc = pl_http_reply_json(r, 201, person_reply(r, &p, &probs));
out:
    json_decref(in);
    return rc;
}

/* PATCH keys and the canonical column each one re-validates through. */
static const struct {
    const char *key;
    int col; /* pl_col, or -1 for fields outside the record */
} patch_keys[] = {
    {"nik", PL_COL_NIK},
    {"no_kk", PL_COL_NO_KK},
    {"nama", PL_COL_NAMA},
    {"tempat_lahir", PL_COL_TEMPAT_LAHIR},
    {"tanggal_lahir", PL_COL_TANGGAL_LAHIR},
    {"jenis_kelamin", PL_COL_JENIS_KELAMIN},
    {"hubungan_keluarga", PL_COL_HUBUNGAN},
    {"nama_ibu", PL_COL_NAMA_IBU},
    {"disabilitas", PL_COL_DISABILITAS},
    {"latitude", PL_COL_LATITUDE},
    {"longitude", PL_COL_LONGITUDE},
    {"tanggal_meninggal", -1},
    {"version", -1},
};

int pl_h_person_patch(pl_http_req *r)
{
    pl_person p;
    json_t *in = NULL;
    int rc = pl_h_load_person(r, 0, &p);
    if (rc || (rc = pl_http_json_body(r, &in)))
        return rc;
    json_t *ver = json_object_get(in, "version");
    if (!json_is_integer(ver) || json_integer_value(ver) < 1) {
        rc = pl_error_set(&r->err, PL_EINVAL, "version",
                          "version (bilangan bulat) wajib dikirim untuk mencegah perubahan yang "
                          "hilang");
        goto out;
    }
    const char *given[PL_COL__MAX] = {0};
    char nums[PL_COL__MAX][40];
    const char *death = NULL;
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v)
    {
        size_t k = 0;
        while (k < sizeof patch_keys / sizeof patch_keys[0] && strcmp(patch_keys[k].key, key))
            k++;
        if (k == sizeof patch_keys / sizeof patch_keys[0]) {
            rc = pl_error_set(&r->err, PL_EINVAL, key, "kolom '%.60s' tidak dapat diubah di sini",
                              key);
            goto out;
        }
        if (strcmp(key, "version") == 0)
            continue;
        if (patch_keys[k].col < 0) {
            char tmp[40];
            if ((rc = scalar_text(r, v, key, tmp, sizeof tmp, &death)))
                goto out;
            if (death == NULL)
                death = "";
            continue;
        }
        int col = patch_keys[k].col;
        if ((rc = scalar_text(r, v, key, nums[col], sizeof nums[col], &given[col])))
            goto out;
        if (given[col] == NULL)
            given[col] = "";
    }
    pl_household hh = {0};
    if (given[PL_COL_NO_KK] && strcmp(given[PL_COL_NO_KK], p.kk) != 0) {
        rc = pl_store_household_get_by_kk(r->store, &hh, given[PL_COL_NO_KK], &r->err);
        /* A household outside the scope gets the answer of an unknown KK, word for word. */
        if (rc == PL_ENOTFOUND || (rc == 0 && !pl_http_in_scope(r, hh.village_code)))
            rc = pl_error_set(&r->err, PL_EINVAL, "no_kk",
                              "keluarga No. KK %.20s tidak ditemukan di wilayah Anda",
                              given[PL_COL_NO_KK]);
        if (rc)
            goto out;
    } else if (p.household_id &&
               (rc = pl_store_household_get(r->store, &hh, p.household_id, &r->err))) {
        goto out;
    }
    char sexs[2] = {p.sex, 0}, lat[40], lon[40];
    snprintf(lat, sizeof lat, "%.8f", p.lat);
    snprintf(lon, sizeof lon, "%.8f", p.lon);
    const char *fields[PL_COL__MAX] = {0};
#define PICK(c, cur) fields[c] = given[c] ? given[c] : (cur)
    PICK(PL_COL_NIK, p.nik);
    fields[PL_COL_NO_KK] = hh.kk;
    PICK(PL_COL_NAMA, p.name);
    PICK(PL_COL_TEMPAT_LAHIR, p.birth_place);
    PICK(PL_COL_TANGGAL_LAHIR, p.birth_date);
    PICK(PL_COL_JENIS_KELAMIN, sexs);
    PICK(PL_COL_HUBUNGAN, p.relationship);
    PICK(PL_COL_NAMA_IBU, p.mother_name);
    PICK(PL_COL_DISABILITAS, p.disability);
    PICK(PL_COL_LATITUDE, p.has_coord ? lat : "");
    PICK(PL_COL_LONGITUDE, p.has_coord ? lon : "");
#undef PICK
    fields[PL_COL_KODE_DESA] = hh.id ? hh.village_code : p.village_code;
    pl_region_known known = {region_exists, r->store};
    pl_date today = today_date();
    pl_record rec;
    pl_record_problems probs;
    if (pl_record_validate(&rec, &probs, fields, &known, &today) != 0) {
        rc = report_problems(r, &probs);
        goto out;
    }
    if (death) {
        pl_date dd;
        if (death[0] == '\0') {
            p.death_date[0] = '\0';
        } else if (pl_date_parse(&dd, death) != 0 || pl_date_cmp(&dd, &today) > 0 ||
                   pl_date_cmp(&dd, &rec.birth) < 0) {
            rc = pl_error_set(&r->err, PL_EINVAL, "tanggal_meninggal",
                              "tanggal meninggal tidak valid (harus antara tanggal lahir dan hari "
                              "ini)");
            goto out;
        } else {
            pl_date_format(p.death_date, &dd);
        }
    }
    if (strcmp(rec.nik, p.nik) != 0) {
        /* A new NIK held outside the scope: the change waits for the owning office. */
        pl_transfer_origin from = {r->user.username, r->user.scope, "api", false};
        pl_transfer_claim claim = {rec.nik, rec.kk, rec.name, rec.village, fields};
        int64_t waiting;
        if ((rc = pl_transfer_submit_if_hidden(r->store, &r->actor, &from, &claim, &waiting,
                                               &r->err)))
            goto out;
        if (waiting) {
            rc = pl_h_transfer_waiting(r, waiting);
            goto out;
        }
    }
    pl_registry_record_to_person(&p, &rec);
    p.household_id = hh.id;
    p.has_coord = rec.has_coord;
    p.lat = rec.lat;
    p.lon = rec.lon;
    p.version = json_integer_value(ver);
    if ((rc = pl_store_person_update(r->store, &r->actor, &p, &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 200, person_reply(r, &p, &probs));
out:
    json_decref(in);
    return rc;
}
