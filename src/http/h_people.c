/* h_people.c - people: search, register, read, change (optimistic locking). */
#include "domain/category.h"
#include "domain/record.h"
#include "http/handlers.h"
#include "http/jsonw.h"
#include "io/record_json.h"
#include "service/nonik.h"
#include "service/registry.h"
#include "service/transfer.h"
#include "store/dedup.h"
#include "store/household.h"
#include "store/person.h"
#include "store/region.h"
#include "store/store.h"
#include "service/verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The caller as a transfer origin: records outside its scope stay hidden. */
static pl_transfer_origin api_origin(const pl_http_req *r)
{
    return (pl_transfer_origin){r->user.username, r->user.scope, "api", false, NULL};
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

int pl_h_people_query(pl_http_req *r, bool queue)
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
    q.state = queue ? NULL : pl_http_query(r, "state");
    const char *cat = pl_http_query(r, "category");
    const char *flag = pl_http_query(r, "flag");
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
    if (flag) {
        /* The flag names of the person JSON (io/record_json.c); "any" = one of them. */
        static const struct {
            const char *name;
            unsigned bits;
        } flags[] = {{"any", PL_FLAG_NIK_BIRTHDATE | PL_FLAG_NIK_SEX | PL_FLAG_NIK_FORMER |
                                 PL_FLAG_COORD_OUTSIDE | PL_FLAG_NO_NIK},
                     {"nik_tanggal_lahir", PL_FLAG_NIK_BIRTHDATE},
                     {"nik_jenis_kelamin", PL_FLAG_NIK_SEX},
                     {"nik_kode_lama", PL_FLAG_NIK_FORMER},
                     {"koordinat_di_luar_wilayah", PL_FLAG_COORD_OUTSIDE},
                     {"tanpa_nik", PL_FLAG_NO_NIK}};
        for (size_t i = 0; i < sizeof flags / sizeof flags[0] && !q.flags_any; i++)
            if (strcmp(flag, flags[i].name) == 0)
                q.flags_any = flags[i].bits;
        if (!q.flags_any)
            return pl_error_set(&r->err, PL_EINVAL, "flag", "tanda pemeriksaan tidak dikenal");
    }
    list_ctx l = {r, pl_http_json_opts(r), 0, 0};
    pl_buf_reset(&r->out);
    if (pl_buf_puts(&r->out, "{\"items\":[") != 0)
        return pl_error_set(&r->err, PL_ENOMEM, "", "jawaban terlalu besar");
    rc = queue ? pl_verify_queue(r->store, &q, add_person, &l, &r->err)
               : pl_store_person_search(r->store, &q, add_person, &l, &r->err);
    if (rc) {
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

int pl_h_people_without_nik(pl_http_req *r)
{
    pl_person_query q = {.scope = r->user.scope};
    char region[PL_REGION_CODE_MAX];
    int rc = pl_http_paging(r, &q.limit, &q.after_id);
    if (rc || (rc = pl_http_region_param(r, "region", region)))
        return rc;
    q.region = region[0] ? region : NULL;
    q.no_nik_reason = pl_http_query(r, "reason");
    pl_nonik_summary sum;
    if ((rc = pl_nonik_summarize(&sum, r->store, r->user.scope, q.region, &r->err)))
        return rc;
    list_ctx l = {r, pl_http_json_opts(r), 0, 0};
    pl_buf_reset(&r->out);
    if (pl_buf_puts(&r->out, "{\"items\":[") != 0)
        return pl_error_set(&r->err, PL_ENOMEM, "", "jawaban terlalu besar");
    if ((rc = pl_nonik_queue(r->store, &q, add_person, &l, &r->err))) {
        pl_buf_reset(&r->out);
        return rc;
    }
    /* {"items":[...],"next":"ID","without_nik":N,"by_reason":{"code":N,...}} */
    int bad = pl_buf_puts(&r->out, "],\"next\":");
    if (l.n == q.limit)
        bad |= pl_buf_putc(&r->out, '"') | pl_jw_int(&r->out, l.last) | pl_buf_putc(&r->out, '"');
    else
        bad |= pl_buf_puts(&r->out, "null");
    bad |= pl_buf_puts(&r->out, ",\"without_nik\":") | pl_jw_int(&r->out, sum.total);
    bad |= pl_buf_puts(&r->out, ",\"by_reason\":{");
    for (int k = 1; k < PL_NONIK__MAX; k++)
        bad |= (k > 1 ? pl_buf_putc(&r->out, ',') : 0) |
               pl_jw_str(&r->out, pl_nonik_code((pl_nonik_reason)k)) | pl_buf_putc(&r->out, ':') |
               pl_jw_int(&r->out, sum.counts[k]);
    bad |= pl_buf_puts(&r->out, "}}");
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
    return pl_h_people_query(r, false);
}

/*
 * A merged-away id keeps answering: 200 with {id, merged_into, merge_id,
 * message} instead of the record, so links held elsewhere find the
 * survivor. A survivor outside the scope answers 404 like an absent id.
 */
static int merged_pointer(pl_http_req *r, const pl_person *p, bool *done)
{
    int64_t into, merge_id;
    *done = false;
    pl_error ignore;
    if (pl_store_person_merged_into(r->store, p->id, &into, &merge_id, &ignore) != 0)
        return 0;
    *done = true;
    pl_person sv;
    int rc = pl_store_person_get(r->store, &sv, into, &r->err);
    if (rc == 0 && !pl_http_in_scope(r, sv.village_code))
        rc = PL_ENOTFOUND;
    if (rc == PL_ENOTFOUND)
        return pl_error_set(&r->err, PL_ENOTFOUND, "id", "orang id %lld tidak ditemukan",
                            (long long)p->id);
    if (rc)
        return rc;
    char msg[96];
    snprintf(msg, sizeof msg, "Data ini telah digabung ke #%lld", (long long)into);
    pl_http_audit_read(r, "person", p->id);
    return pl_http_reply_json(r, 200,
                              json_pack("{s:I,s:I,s:I,s:s}", "id", (json_int_t)p->id, "merged_into",
                                        (json_int_t)into, "merge_id", (json_int_t)merge_id,
                                        "message", msg));
}

int pl_h_person_get(pl_http_req *r)
{
    pl_person p;
    bool merged;
    int rc = pl_h_load_person(r, 0, &p);
    if (rc || (rc = merged_pointer(r, &p, &merged)) || merged)
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
    pl_record_problems_text(msg, sizeof msg, probs);
    pl_h_error_problems(r, probs, "");
    return pl_error_set(&r->err, PL_EINVAL, pl_col_key(probs->items[0].col), "%s", msg);
}

void pl_h_error_problems(pl_http_req *r, const pl_record_problems *probs, const char *prefix)
{
    r->n_err_items = 0;
    int cap = (int)(sizeof r->err_items / sizeof r->err_items[0]);
    for (int i = 0; i < probs->n && r->n_err_items < cap; i++) {
        snprintf(r->err_items[r->n_err_items].field, sizeof r->err_items[0].field, "%s%s", prefix,
                 pl_col_key(probs->items[i].col));
        snprintf(r->err_items[r->n_err_items].message, sizeof r->err_items[0].message, "%.190s",
                 probs->items[i].message);
        r->n_err_items++;
    }
}

void pl_h_conflict_person(pl_http_req *r, int rc, const char *nik)
{
    pl_person other;
    pl_error ignore;
    if (rc != PL_ECONFLICT || nik == NULL || strlen(nik) != 16 ||
        pl_store_person_get_by_nik(r->store, &other, nik, &ignore) != 0)
        return;
    /* Only a record the caller may see is named: outside the scope it would be a transfer. */
    if (pl_http_in_scope(r, other.village_code))
        r->err_id = other.id;
}

static json_t *person_reply(pl_http_req *r, const pl_person *p, const pl_record_problems *probs)
{
    json_t *o = pl_json_person(p, pl_http_json_opts(r));
    json_t *notes = json_array();
    for (int i = 0; probs && i < probs->n_notes; i++)
        json_array_append_new(notes,
                              json_pack("{s:s,s:s}", "field", pl_col_key(probs->notes[i].col),
                                        "message", probs->notes[i].message));
    json_object_set_new(o, "notes", notes);
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
            if (strcmp(pl_col_key((pl_col)c), key) == 0)
                col = c;
        if (col < 0) {
            rc = pl_error_set(&r->err, PL_EINVAL, key, "kolom '%.60s' tidak dikenal", key);
            goto out;
        }
        if ((rc = scalar_text(r, v, key, nums[col], sizeof nums[col], &fields[col])))
            goto out;
    }
    pl_date today = today_date();
    pl_record_problems probs;
    pl_person p;
    pl_transfer_origin from = api_origin(r);
    int64_t waiting;
    rc = pl_registry_person_register(&p, &waiting, &probs, r->store, &r->actor, &from, fields,
                                     PL_REGISTER_OWN_POINT, &today, &r->err);
    if (rc) {
        if (rc == PL_EINVAL && probs.n)
            rc = report_problems(r, &probs);
        pl_h_conflict_person(r, rc, fields[PL_COL_NIK]);
        goto out;
    }
    if (waiting) {
        rc = pl_h_transfer_waiting(r, waiting);
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
    {"kk", PL_COL_NO_KK},
    {"name", PL_COL_NAMA},
    {"birth_place", PL_COL_TEMPAT_LAHIR},
    {"birth_date", PL_COL_TANGGAL_LAHIR},
    {"sex", PL_COL_JENIS_KELAMIN},
    {"relationship", PL_COL_HUBUNGAN},
    {"mother_name", PL_COL_NAMA_IBU},
    {"disability", PL_COL_DISABILITAS},
    {"no_nik_reason", PL_COL_ALASAN_TANPA_NIK},
    {"latitude", PL_COL_LATITUDE},
    {"longitude", PL_COL_LONGITUDE},
    {"death_date", -1},
    {"categories_add", -1},
    {"categories_end", -1},
    {"version", -1},
};

/*
 * Reads a list of PMKS categories: each item a code, a slug, or an object
 * {"category": code or slug, date_key: "YYYY-MM-DD"} (date default today).
 */
static int pmks_list(pl_http_req *r, json_t *v, const char *key, const char *date_key,
                     pl_record_pmks *out, int *n)
{
    if (!json_is_array(v) || json_array_size(v) > PL_PERSON_PMKS_CHANGES)
        return pl_error_set(&r->err, PL_EINVAL, key, "%s harus daftar paling banyak %d kategori",
                            key, PL_PERSON_PMKS_CHANGES);
    size_t i;
    json_t *item;
    json_array_foreach(v, i, item)
    {
        pl_record_pmks *pm = &out[(*n)++];
        json_t *cat = json_is_object(item) ? json_object_get(item, "category") : item;
        const pl_category *c = NULL;
        if (json_is_integer(cat))
            c = pl_pmks_get((int)json_integer_value(cat));
        else if (json_is_string(cat) && strlen(json_string_value(cat)) < 64)
            c = pl_pmks_find(json_string_value(cat));
        if (c == NULL)
            return pl_error_set(&r->err, PL_EINVAL, key, "%s[%zu]: kategori PMKS tidak dikenal",
                                key, i);
        pm->code = c->code;
        json_t *d = json_is_object(item) ? json_object_get(item, date_key) : NULL;
        if (d && !json_is_null(d)) {
            if (!json_is_string(d) || pl_date_parse(&pm->since, json_string_value(d)) != 0)
                return pl_error_set(&r->err, PL_EINVAL, key, "%s[%zu].%s: tanggal tidak valid", key,
                                    i, date_key);
            pm->has_since = true;
        }
    }
    return 0;
}

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
    pl_person_change ch = {.version = json_integer_value(ver)};
    char nums[PL_COL__MAX][40], death[40];
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
        int col = patch_keys[k].col;
        if (strcmp(key, "version") == 0)
            continue;
        else if (strcmp(key, "categories_add") == 0)
            rc = pmks_list(r, v, key, "valid_from", ch.add, &ch.n_add);
        else if (strcmp(key, "categories_end") == 0)
            rc = pmks_list(r, v, key, "valid_to", ch.end, &ch.n_end);
        else if (col < 0)
            rc = scalar_text(r, v, key, death, sizeof death, &ch.death_date);
        else
            rc = scalar_text(r, v, key, nums[col], sizeof nums[col], &ch.given[col]);
        if (rc)
            goto out;
        /* null clears */
        if (col >= 0 && ch.given[col] == NULL)
            ch.given[col] = "";
        else if (strcmp(key, "death_date") == 0 && ch.death_date == NULL)
            ch.death_date = "";
    }
    pl_date today = today_date();
    pl_record_problems probs;
    pl_transfer_origin from = api_origin(r);
    int64_t waiting;
    rc = pl_registry_person_update(&p, &waiting, &probs, r->store, &r->actor, &from, p.id, &ch,
                                   &today, &r->err);
    if (rc == PL_EINVAL && probs.n)
        rc = report_problems(r, &probs);
    if (rc == 0 && waiting)
        rc = pl_h_transfer_waiting(r, waiting);
    else if (rc == 0)
        rc = pl_http_reply_json(r, 200, person_reply(r, &p, &probs));
out:
    json_decref(in);
    return rc;
}
