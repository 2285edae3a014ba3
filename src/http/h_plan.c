/*
 * h_plan.c - the rakor's interventions written from the UI and API (create,
 * read one with its notes and links, change with an optimistic version)
 * and PSKS coverage against need. Interventions are read and written inside
 * the caller's scope; one outside answers 404 like an absent one.
 */
#include "http/handlers.h"
#include "http/tmpfile.h"
#include "io/psks_coverage.h"
#include "io/rakor_json.h"
#include "service/auth.h"
#include "service/intervention.h"
#include "service/psks_coverage.h"
#include "store/rakor.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_LINKS 64

/* Links named in a body: "psks": [ids], "programs": [codes]; absent = keep. */
typedef struct body_links {
    int64_t psks[MAX_LINKS];
    const char *programs[MAX_LINKS];
    pl_intervention_links l;
    bool given;
} body_links;

static int read_links(pl_http_req *r, json_t *in, body_links *b)
{
    json_t *p = json_object_get(in, "psks"), *g = json_object_get(in, "programs");
    memset(b, 0, sizeof *b);
    if (p == NULL && g == NULL)
        return 0;
    b->given = true;
    b->l.psks = b->psks;
    b->l.programs = b->programs;
    if (p && !json_is_array(p))
        return pl_error_set(&r->err, PL_EINVAL, "psks", "psks harus daftar id unit PSKS");
    if (g && !json_is_array(g))
        return pl_error_set(&r->err, PL_EINVAL, "programs", "programs harus daftar kode program");
    if (json_array_size(p) > MAX_LINKS || json_array_size(g) > MAX_LINKS)
        return pl_error_set(&r->err, PL_EINVAL, "psks", "paling banyak %d tautan", MAX_LINKS);
    size_t i;
    json_t *v;
    json_array_foreach(p, i, v)
    {
        if (!json_is_integer(v))
            return pl_error_set(&r->err, PL_EINVAL, "psks", "psks harus daftar id unit PSKS");
        b->psks[b->l.n_psks++] = json_integer_value(v);
    }
    json_array_foreach(g, i, v)
    {
        if (!json_is_string(v) || strlen(json_string_value(v)) >= 24)
            return pl_error_set(&r->err, PL_EINVAL, "programs",
                                "programs harus daftar kode program");
        b->programs[b->l.n_programs++] = json_string_value(v);
    }
    return 0;
}

static int add_link(void *ctx, const pl_intervention_link *l)
{
    json_t **arrs = ctx;
    return json_array_append_new(l->psks_id ? arrs[0] : arrs[1], pl_json_intervention_link(l))
               ? PL_ENOMEM
               : 0;
}

static int add_note(void *ctx, const pl_intervention_note *n)
{
    return json_array_append_new(ctx, pl_json_intervention_note(n)) ? PL_ENOMEM : 0;
}

/* The intervention with its notes and links (envelope members). */
static int reply_iv(pl_http_req *r, int status, const pl_intervention *iv)
{
    json_t *o = pl_json_intervention(iv);
    json_t *arrs[2] = {json_array(), json_array()}, *notes = json_array();
    int rc = o && arrs[0] && arrs[1] && notes ? 0 : PL_ENOMEM;
    if (rc == 0)
        rc = pl_store_intervention_links(r->store, iv->id, add_link, arrs, &r->err);
    if (rc == 0)
        rc = pl_store_intervention_notes(r->store, iv->id, add_note, notes, &r->err);
    if (rc) {
        json_decref(o);
        json_decref(arrs[0]);
        json_decref(arrs[1]);
        json_decref(notes);
        return rc == PL_ENOMEM ? pl_error_set(&r->err, PL_ENOMEM, "", "memori tidak cukup") : rc;
    }
    json_object_set_new(o, "psks", arrs[0]);
    json_object_set_new(o, "programs", arrs[1]);
    json_object_set_new(o, "notes", notes);
    return pl_http_reply_json(r, status, o);
}

static int check_keys(pl_http_req *r, json_t *in, const char *const *known, size_t n)
{
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v)
    {
        bool ok = false;
        for (size_t i = 0; i < n; i++)
            ok = ok || strcmp(key, known[i]) == 0;
        if (!ok)
            return pl_error_set(&r->err, PL_EINVAL, key, "isian '%s' tidak dikenal", key);
    }
    return 0;
}

static int int_member(pl_http_req *r, json_t *in, const char *key, int lo, int hi, int *out)
{
    json_t *v = json_object_get(in, key);
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return pl_error_set(&r->err, PL_EINVAL, key, "%s harus bilangan %d..%d", key, lo, hi);
    *out = (int)json_integer_value(v);
    return 0;
}

/* POST /interventions {region, title, level, owner, budget, due_date, status, category,
 * year, host_region, psks[], programs[]} */
int pl_h_intervention_add(pl_http_req *r)
{
    static const char *const known[] = {"region", "title",       "level",  "owner",
                                        "budget", "due_date",    "status", "category",
                                        "year",   "host_region", "psks",   "programs"};
    json_t *in = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    pl_intervention iv = {0};
    body_links bl;
    int year = 0;
    const char *host = NULL;
    json_t *budget = json_object_get(in, "budget");
    if ((rc = check_keys(r, in, known, sizeof known / sizeof known[0])) ||
        (rc = pl_http_json_strcpy(r, in, "region", iv.region, sizeof iv.region)) ||
        (rc = pl_http_json_strcpy(r, in, "title", iv.title, sizeof iv.title)) ||
        (rc = pl_http_json_strcpy(r, in, "level", iv.level, sizeof iv.level)) ||
        (rc = pl_http_json_strcpy(r, in, "owner", iv.owner, sizeof iv.owner)) ||
        (rc = pl_http_json_strcpy(r, in, "due_date", iv.due_date, sizeof iv.due_date)) ||
        (rc = pl_http_json_strcpy(r, in, "status", iv.status, sizeof iv.status)) ||
        (rc = int_member(r, in, "category", 0, 26, &iv.category)) ||
        (rc = int_member(r, in, "year", 0, 2200, &year)) ||
        (rc = pl_http_json_str(r, in, "host_region", &host)) || (rc = read_links(r, in, &bl)))
        goto out;
    if (budget && !json_is_null(budget)) {
        if (!json_is_number(budget)) {
            rc = pl_error_set(&r->err, PL_EINVAL, "budget", "anggaran harus angka (rupiah)");
            goto out;
        }
        iv.has_budget = true;
        iv.budget = json_number_value(budget);
    }
    if (iv.region[0] == '\0')
        snprintf(iv.region, sizeof iv.region, "%s", r->user.scope);
    if ((rc = pl_intervention_create(r->store, &r->actor, r->user.scope, year, host, &iv,
                                     bl.given ? &bl.l : NULL, &r->err)))
        goto out;
    rc = reply_iv(r, 201, &iv);
out:
    json_decref(in);
    return rc;
}

/* GET /interventions/{id}: one intervention with its notes and links. */
int pl_h_intervention_get(pl_http_req *r)
{
    int64_t id;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc)
        return rc;
    pl_intervention iv;
    if ((rc = pl_intervention_get(&iv, r->store, r->user.scope, id, &r->err)))
        return rc;
    return reply_iv(r, 200, &iv);
}

/* PATCH /interventions/{id} {version, ..., note, noted_on, psks[], programs[]} */
int pl_h_intervention_patch(pl_http_req *r)
{
    static const char *const known[] = {"version",  "region",   "title",   "level",    "owner",
                                        "budget",   "due_date", "status",  "category", "note",
                                        "noted_on", "psks",     "programs"};
    int64_t id;
    json_t *in = NULL;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_http_json_body(r, &in)))
        return rc;
    pl_intervention_change chg = {.category = -1};
    body_links bl;
    if ((rc = check_keys(r, in, known, sizeof known / sizeof known[0])))
        goto out;
    json_t *ver = json_object_get(in, "version");
    if (!json_is_integer(ver)) {
        rc = pl_error_set(&r->err, PL_EINVAL, "version", "version wajib diisi (bilangan)");
        goto out;
    }
    chg.version = json_integer_value(ver);
    json_t *budget = json_object_get(in, "budget"), *cat = json_object_get(in, "category");
    if (budget) {
        if (json_is_null(budget)) {
            chg.budget = -1;
        } else if (json_is_number(budget)) {
            chg.budget = 1;
            chg.budget_value = json_number_value(budget);
        } else {
            rc = pl_error_set(&r->err, PL_EINVAL, "budget", "anggaran harus angka atau null");
            goto out;
        }
    }
    if (cat && json_is_null(cat))
        chg.category = 0;
    else if ((rc = int_member(r, in, "category", 1, 26, &chg.category)))
        goto out;
    if ((rc = pl_http_json_str(r, in, "region", &chg.region)) ||
        (rc = pl_http_json_str(r, in, "title", &chg.title)) ||
        (rc = pl_http_json_str(r, in, "level", &chg.level)) ||
        (rc = pl_http_json_str(r, in, "owner", &chg.owner)) ||
        (rc = pl_http_json_str(r, in, "due_date", &chg.due_date)) ||
        (rc = pl_http_json_str(r, in, "status", &chg.status)) ||
        (rc = pl_http_json_str(r, in, "note", &chg.note)) ||
        (rc = pl_http_json_str(r, in, "noted_on", &chg.noted_on)) || (rc = read_links(r, in, &bl)))
        goto out;
    if (json_is_null(json_object_get(in, "due_date")))
        chg.due_date = "";
    chg.links = bl.given ? &bl.l : NULL;
    pl_intervention iv;
    if ((rc = pl_intervention_edit(&iv, r->store, &r->actor, r->user.scope, id, &chg, &r->err)))
        goto out;
    rc = reply_iv(r, 200, &iv);
out:
    json_decref(in);
    return rc;
}

/* GET /psks/coverage?region=&date=&years=&format=json|csv|xlsx */
int pl_h_psks_coverage(pl_http_req *r)
{
    char region[PL_REGION_CODE_MAX];
    int rc = pl_http_region_param(r, "region", region);
    if (rc)
        return rc;
    const char *fmt = pl_http_query(r, "format"), *years = pl_http_query(r, "years");
    if (fmt == NULL)
        fmt = "json";
    if (strcmp(fmt, "json") && strcmp(fmt, "csv") && strcmp(fmt, "xlsx"))
        return pl_error_set(&r->err, PL_EINVAL, "format", "format harus json, csv atau xlsx");
    int y = 0;
    if (years) {
        char *end;
        long v = strtol(years, &end, 10);
        if (*years == '\0' || *end || v < 1 || v > 50)
            return pl_error_set(&r->err, PL_EINVAL, "years",
                                "rentang tahun bencana harus 1 sampai 50");
        y = (int)v;
    }
    pl_psks_cov_options o = {.scope = r->user.scope,
                             .region = region,
                             .date = pl_http_query(r, "date"),
                             .years = y,
                             .viewer = !(r->perms & PL_PERM_READ)};
    pl_psks_cov *c = NULL;
    if ((rc = pl_psks_coverage(&c, r->store, &o, &r->err)))
        return rc;
    if (strcmp(fmt, "json") == 0) {
        json_t *j = pl_psks_cov_json(c);
        pl_psks_cov_free(c);
        return pl_http_reply_json(r, 200, j);
    }
    char path[4400], disp[128];
    if ((rc = pl_http_tmp_path(r, "cakupan", fmt, path, sizeof path))) {
        pl_psks_cov_free(c);
        return rc;
    }
    snprintf(disp, sizeof disp, "attachment; filename=\"cakupan-psks-%s.%s\"", c->region, fmt);
    rc = strcmp(fmt, "csv") == 0 ? pl_psks_cov_write_csv(c, path, &r->err)
                                 : pl_psks_cov_write_xlsx(c, path, &r->err);
    pl_psks_cov_free(c);
    if ((rc = pl_http_send_tmp(r, rc, path, pl_http_type_of(fmt), "cakupan")))
        return rc;
    pl_http_header(r, "Content-Disposition", disp);
    r->status = 200;
    return 0;
}
