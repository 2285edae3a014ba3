/*
 * h_dtsen.c - the monthly update cycle of the national social data
 * (service/dtsen.h): /dtsen/meetings, /dtsen/proposals, /dtsen/checks,
 * /dtsen/cycles, /dtsen/objections and /reports/cycles. Everything is
 * loaded inside the caller's scope; an id outside it answers like an
 * absent one. Personal reads (a proposal, an objection) are audited.
 */
#include "http/handlers.h"
#include "http/http.h"
#include "io/dtsen_json.h"
#include "service/auth.h"
#include "service/dtsen.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static pl_date today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    return (pl_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

static const char *str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int64_t num(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

/* An optional query id (>= 1) into *out (0 when absent). */
static int query_id(pl_http_req *r, const char *name, int64_t *out)
{
    const char *v = pl_http_query(r, name);
    *out = 0;
    if (v == NULL || *v == '\0')
        return 0;
    char *e = NULL;
    long long x = strtoll(v, &e, 10);
    if (*e || x < 1)
        return pl_error_set(&r->err, PL_EINVAL, name, "%s harus bilangan >= 1", name);
    *out = x;
    return 0;
}

/* The region query inside the caller's scope (PL_ENOTFOUND outside, like an absent region). */
static int region_q(pl_http_req *r, char region[PL_REGION_CODE_MAX])
{
    int rc = pl_http_region_param(r, "region", region);
    if (rc)
        return rc;
    if (region[0] == '\0') {
        snprintf(region, PL_REGION_CODE_MAX, "%s", r->user.scope);
        return 0;
    }
    if (!pl_region_code_in_scope(region, r->user.scope))
        return pl_error_set(&r->err, PL_ENOTFOUND, "region", "wilayah tidak ditemukan");
    return 0;
}

typedef struct list_ctx {
    pl_http_req *r;
    json_t *items;
} list_ctx;

/* ---------------------------------------------------------------- meetings */

static int add_meeting(void *ctx, const pl_dtsen_meeting *m)
{
    list_ctx *l = ctx;
    return json_array_append_new(l->items, pl_dtsen_meeting_json(m)) ? PL_ENOMEM : 0;
}

/* GET /dtsen/meetings?region= */
int pl_h_dtsen_meetings(pl_http_req *r)
{
    char region[PL_REGION_CODE_MAX];
    int rc = region_q(r, region);
    if (rc)
        return rc;
    list_ctx l = {r, json_array()};
    if ((rc = pl_store_dtsen_meeting_list(r->store, region, add_meeting, &l, &r->err))) {
        json_decref(l.items);
        return rc;
    }
    return pl_http_reply_page(r, l.items, NULL);
}

/* POST /dtsen/meetings {village, kind, held_on, participants, participants_note, sptjm_number} */
int pl_h_dtsen_meeting_add(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    pl_dtsen_meeting_in mi = {
        .village = str(in, "village"),
        .kind = str(in, "kind") ? str(in, "kind") : "musdes",
        .held_on = str(in, "held_on"),
        .participants = (int)num(in, "participants"),
        .participants_note = str(in, "participants_note"),
        .sptjm_number = str(in, "sptjm_number"),
    };
    pl_dtsen_meeting m;
    pl_date now = today();
    rc = pl_dtsen_meeting_add(&m, r->store, &r->actor, r->user.scope, &mi, &now, &r->err);
    json_decref(in);
    if (rc == PL_EDENIED)
        rc = pl_error_set(&r->err, PL_ENOTFOUND, "village", "desa/kelurahan tidak ditemukan");
    return rc ? rc : pl_http_reply_json(r, 201, pl_dtsen_meeting_json(&m));
}

/* GET /dtsen/meetings/{id} */
int pl_h_dtsen_meeting_get(pl_http_req *r)
{
    int64_t id;
    pl_dtsen_meeting m;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_dtsen_meeting_load(&m, r->store, r->user.scope, id, &r->err)))
        return rc;
    return pl_http_reply_json(r, 200, pl_dtsen_meeting_json(&m));
}

/* POST /dtsen/meetings/{id}/minutes?kind=notulen|sptjm&number=: the body is the PDF or photo. */
int pl_h_dtsen_meeting_minutes(pl_http_req *r)
{
    int64_t id;
    pl_dtsen_meeting m;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_dtsen_meeting_load(&m, r->store, r->user.scope, id, &r->err)))
        return rc;
    if (r->upload_path == NULL || r->body_len == 0)
        return pl_error_set(&r->err, PL_EINVAL, "file", "kirim berita acara (PDF atau foto)");
    const char *kind = pl_http_query(r, "kind");
    pl_dtsen_upload doc = {r->upload_path, pl_http_query(r, "name")};
    pl_date now = today();
    if ((rc = pl_dtsen_meeting_attach(&m, r->store, &r->actor, r->user.scope, id,
                                      kind ? kind : "notulen", &doc, pl_http_query(r, "number"),
                                      &now, &r->err)))
        return rc;
    return pl_http_reply_json(r, 201, pl_dtsen_meeting_json(&m));
}

/* --------------------------------------------------------------- proposals */

static int add_proposal(void *ctx, const pl_dtsen_proposal *p)
{
    list_ctx *l = ctx;
    return json_array_append_new(l->items, pl_dtsen_proposal_json(p, pl_http_json_opts(l->r)))
               ? PL_ENOMEM
               : 0;
}

/* GET /dtsen/proposals?region=&cycle_id=&meeting_id=&status= */
int pl_h_dtsen_proposals(pl_http_req *r)
{
    char region[PL_REGION_CODE_MAX];
    pl_dtsen_proposal_filter f = {.status = pl_http_query(r, "status")};
    int rc = region_q(r, region);
    if (rc || (rc = query_id(r, "cycle_id", &f.cycle_id)) ||
        (rc = query_id(r, "meeting_id", &f.meeting_id)))
        return rc;
    if (f.status && f.status[0] == '\0')
        f.status = NULL;
    f.region = region;
    list_ctx l = {r, json_array()};
    if ((rc = pl_store_dtsen_proposal_list(r->store, &f, add_proposal, &l, &r->err))) {
        json_decref(l.items);
        return rc;
    }
    return pl_http_reply_page(r, l.items, NULL);
}

/* The proposed values of a JSON body ("data": {column key: text}) into in->fields. */
static void body_fields(pl_dtsen_proposal_in *in, json_t *body)
{
    json_t *data = json_object_get(body, "data");
    for (int c = 0; c < PL_COL__MAX && json_is_object(data); c++)
        in->fields[c] = str(data, pl_col_key((pl_col)c));
}

/* POST /dtsen/proposals {meeting_id, kind, removal, person_id, household_id, data, note,
 * death_date} */
int pl_h_dtsen_proposal_add(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    pl_dtsen_proposal_in pi = {
        .meeting_id = num(in, "meeting_id"),
        .kind = str(in, "kind"),
        .removal = str(in, "removal"),
        .person_id = num(in, "person_id"),
        .household_id = num(in, "household_id"),
        .note = str(in, "note"),
        .death_date = str(in, "death_date"),
    };
    body_fields(&pi, in);
    pl_dtsen_proposal p;
    pl_date now = today();
    rc = pl_dtsen_proposal_add(&p, r->store, &r->actor, r->user.scope, &pi, &now, &r->err);
    json_decref(in);
    return rc ? rc : pl_http_reply_json(r, 201, pl_dtsen_proposal_json(&p, pl_http_json_opts(r)));
}

/* GET /dtsen/proposals/{id}: with its field checks. */
int pl_h_dtsen_proposal_get(pl_http_req *r)
{
    int64_t id;
    pl_dtsen_proposal p;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_dtsen_proposal_load(&p, r->store, r->user.scope, id, &r->err)))
        return rc;
    json_t *o = pl_dtsen_proposal_json(&p, pl_http_json_opts(r));
    pl_http_audit_read(r, "dtsen_proposal", id);
    return pl_http_reply_json(r, 200, o);
}

/* PATCH /dtsen/proposals/{id} {version, data, note, death_date, removal} */
int pl_h_dtsen_proposal_patch(pl_http_req *r)
{
    int64_t id;
    json_t *in = NULL;
    pl_dtsen_proposal p;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_dtsen_proposal_load(&p, r->store, r->user.scope, id, &r->err)) ||
        (rc = pl_http_json_body(r, &in)))
        return rc;
    pl_dtsen_proposal_in chg = {.note = str(in, "note"),
                                .death_date = str(in, "death_date"),
                                .removal = str(in, "removal")};
    body_fields(&chg, in);
    pl_date now = today();
    rc = pl_dtsen_proposal_change(&p, r->store, &r->actor, r->user.scope, id, num(in, "version"),
                                  &chg, &now, &r->err);
    json_decref(in);
    return rc ? rc : pl_http_reply_json(r, 200, pl_dtsen_proposal_json(&p, pl_http_json_opts(r)));
}

/* POST /dtsen/proposals/{id}/evidence: the body is the document. */
int pl_h_dtsen_proposal_evidence(pl_http_req *r)
{
    int64_t id;
    pl_dtsen_proposal p;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_dtsen_proposal_load(&p, r->store, r->user.scope, id, &r->err)))
        return rc;
    if (r->upload_path == NULL || r->body_len == 0)
        return pl_error_set(&r->err, PL_EINVAL, "file", "kirim dokumen pendukung (PDF atau foto)");
    pl_dtsen_proposal_in chg = {.evidence = {r->upload_path, pl_http_query(r, "name")}};
    pl_date now = today();
    if ((rc = pl_dtsen_proposal_change(&p, r->store, &r->actor, r->user.scope, id, 0, &chg, &now,
                                       &r->err)))
        return rc;
    return pl_http_reply_json(r, 201, pl_dtsen_proposal_json(&p, pl_http_json_opts(r)));
}

/* POST /dtsen/proposals/{id}/reject {reason} */
int pl_h_dtsen_proposal_reject(pl_http_req *r)
{
    int64_t id;
    json_t *in = NULL;
    pl_dtsen_proposal p;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_dtsen_proposal_load(&p, r->store, r->user.scope, id, &r->err)) ||
        (rc = pl_http_json_body(r, &in)))
        return rc;
    rc = pl_dtsen_proposal_reject(&p, r->store, &r->actor, r->user.scope, id, str(in, "reason"),
                                  &r->err);
    json_decref(in);
    return rc ? rc : pl_http_reply_json(r, 200, pl_dtsen_proposal_json(&p, pl_http_json_opts(r)));
}

/* POST /dtsen/{proposals|objections}/{id}/check {psks_id, due_date} */
static int assign(pl_http_req *r, bool proposal)
{
    int64_t id;
    json_t *in = NULL;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc)
        return rc;
    /* Existence first: a hidden id answers like an absent one whatever the body says. */
    if (proposal) {
        pl_dtsen_proposal p;
        rc = pl_dtsen_proposal_load(&p, r->store, r->user.scope, id, &r->err);
    } else {
        pl_dtsen_objection o;
        rc = pl_dtsen_objection_load(&o, r->store, r->user.scope, id, &r->err);
    }
    if (rc || (rc = pl_http_json_body(r, &in)))
        return rc;
    pl_dtsen_check k;
    pl_date now = today();
    rc = pl_dtsen_check_assign(&k, r->store, &r->actor, r->user.scope, proposal ? id : 0,
                               proposal ? 0 : id, num(in, "psks_id"), str(in, "due_date"), &now,
                               &r->err);
    json_decref(in);
    return rc ? rc : pl_http_reply_json(r, 201, pl_dtsen_check_json(&k));
}

int pl_h_dtsen_proposal_check(pl_http_req *r)
{
    return assign(r, true);
}

/* ------------------------------------------------------------ field checks */

static int add_check(void *ctx, const pl_dtsen_check *k)
{
    list_ctx *l = ctx;
    return json_array_append_new(l->items, pl_dtsen_check_json(k)) ? PL_ENOMEM : 0;
}

/* GET /dtsen/checks?region=&psks_id=&status= */
int pl_h_dtsen_checks(pl_http_req *r)
{
    char region[PL_REGION_CODE_MAX];
    pl_dtsen_check_filter f = {.status = pl_http_query(r, "status")};
    int rc = region_q(r, region);
    if (rc || (rc = query_id(r, "psks_id", &f.psks_id)))
        return rc;
    if (f.status && f.status[0] == '\0')
        f.status = NULL;
    f.region = region;
    list_ctx l = {r, json_array()};
    if ((rc = pl_store_dtsen_check_list(r->store, &f, add_check, &l, &r->err))) {
        json_decref(l.items);
        return rc;
    }
    return pl_http_reply_page(r, l.items, NULL);
}

/* GET /dtsen/checks/{id}: with what it checks (the proposal or objection). */
int pl_h_dtsen_check_get(pl_http_req *r)
{
    int64_t id;
    pl_dtsen_check k;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_dtsen_check_load(&k, r->store, r->user.scope, id, &r->err)))
        return rc;
    json_t *o = pl_dtsen_check_json(&k);
    if (k.proposal_id) {
        pl_dtsen_proposal p;
        if (pl_store_dtsen_proposal_get(r->store, &p, k.proposal_id, NULL) == 0)
            json_object_set_new(o, "proposal", pl_dtsen_proposal_json(&p, pl_http_json_opts(r)));
    } else {
        pl_dtsen_objection ob;
        if (pl_store_dtsen_objection_get(r->store, &ob, k.objection_id, NULL) == 0)
            json_object_set_new(o, "objection", pl_dtsen_objection_json(&ob, false));
    }
    pl_http_audit_read(r, "dtsen_check", id);
    return pl_http_reply_json(r, 200, o);
}

/* POST /dtsen/checks/{id}/result {version, visited_on, findings, recommendation, lat, lon} */
int pl_h_dtsen_check_result(pl_http_req *r)
{
    int64_t id;
    json_t *in = NULL;
    pl_dtsen_check k;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_dtsen_check_load(&k, r->store, r->user.scope, id, &r->err)) ||
        (rc = pl_http_json_body(r, &in)))
        return rc;
    pl_dtsen_check_result res = {.version = num(in, "version"),
                                 .visited_on = str(in, "visited_on"),
                                 .findings = str(in, "findings"),
                                 .recommendation = str(in, "recommendation")};
    json_t *la = json_object_get(in, "lat"), *lo = json_object_get(in, "lon");
    if (json_is_number(la) && json_is_number(lo)) {
        res.has_coord = true;
        res.lat = json_number_value(la);
        res.lon = json_number_value(lo);
    }
    pl_date now = today();
    rc = pl_dtsen_check_record(&k, r->store, &r->actor, r->user.scope, id, &res, &now, &r->err);
    json_decref(in);
    return rc ? rc : pl_http_reply_json(r, 200, pl_dtsen_check_json(&k));
}

/* ------------------------------------------------------------------ cycles */

static int add_cycle(void *ctx, const pl_dtsen_cycle *c)
{
    list_ctx *l = ctx;
    return json_array_append_new(l->items, pl_dtsen_cycle_json(c)) ? PL_ENOMEM : 0;
}

/* GET /dtsen/cycles?year= */
int pl_h_dtsen_cycles(pl_http_req *r)
{
    const char *year = pl_http_query(r, "year");
    list_ctx l = {r, json_array()};
    int rc = pl_dtsen_cycle_list(r->store, r->user.scope, year ? year : "", add_cycle, &l, &r->err);
    if (rc) {
        json_decref(l.items);
        return rc;
    }
    return pl_http_reply_page(r, l.items, NULL);
}

/* GET /dtsen/cycles/{id}: the cycle with its proposals inside the caller's scope. */
int pl_h_dtsen_cycle_get(pl_http_req *r)
{
    int64_t id;
    pl_dtsen_cycle c;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_dtsen_cycle_load(&c, r->store, r->user.scope, id, &r->err)))
        return rc;
    list_ctx l = {r, json_array()};
    pl_dtsen_proposal_filter f = {.cycle_id = id, .region = r->user.scope};
    if ((rc = pl_store_dtsen_proposal_list(r->store, &f, add_proposal, &l, &r->err))) {
        json_decref(l.items);
        return rc;
    }
    json_t *o = pl_dtsen_cycle_json(&c);
    json_object_set_new(o, "proposals", l.items);
    return pl_http_reply_json(r, 200, o);
}

/* POST /dtsen/cycles/{id}/ratify {version, sk_number, sk_date} */
int pl_h_dtsen_cycle_ratify(pl_http_req *r)
{
    int64_t id;
    json_t *in = NULL;
    pl_dtsen_cycle c;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_dtsen_cycle_load(&c, r->store, r->user.scope, id, &r->err)) ||
        (rc = pl_http_json_body(r, &in)))
        return rc;
    pl_dtsen_ratify_in ri = {.version = num(in, "version"),
                             .sk_number = str(in, "sk_number"),
                             .sk_date = str(in, "sk_date")};
    pl_dtsen_ratify_out res;
    pl_date now = today();
    rc = pl_dtsen_cycle_ratify(&c, &res, r->store, &r->actor, r->user.scope, id, &ri, "api", &now,
                               &r->err);
    json_decref(in);
    if (rc)
        return rc;
    json_t *o = pl_dtsen_cycle_json(&c);
    json_object_set_new(o, "ranked", json_boolean(res.ranked));
    return pl_http_reply_json(r, 200, o);
}

/* POST /dtsen/cycles/{id}/sk?name=: the body is the scanned SK (PDF or photo), kept for the
 * ratification. */
int pl_h_dtsen_cycle_sk(pl_http_req *r)
{
    int64_t id;
    pl_dtsen_cycle c;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_dtsen_cycle_load(&c, r->store, r->user.scope, id, &r->err)))
        return rc;
    if (r->upload_path == NULL || r->body_len == 0)
        return pl_error_set(&r->err, PL_EINVAL, "file", "kirim pindaian SK (PDF atau foto)");
    pl_dtsen_upload doc = {r->upload_path, pl_http_query(r, "name")};
    if ((rc = pl_dtsen_cycle_attach_sk(&c, r->store, &r->actor, r->user.scope, id, &doc, &r->err)))
        return rc;
    return pl_http_reply_json(r, 201, pl_dtsen_cycle_json(&c));
}

/* ---------------------------------------------------------------- settings */

static int add_setting(void *ctx, const pl_dtsen_setting *st)
{
    list_ctx *l = ctx;
    return json_array_append_new(l->items, pl_dtsen_setting_json(st)) ? PL_ENOMEM : 0;
}

/*
 * GET /dtsen/settings[?region=&month=]: the settings bearing on the caller's scope, and the
 * cut-off day and objection days in force in region (default the scope) for month (default
 * this month).
 */
int pl_h_dtsen_settings(pl_http_req *r)
{
    char region[PL_REGION_CODE_MAX], month[32];
    const char *mq = pl_http_query(r, "month");
    int rc = region_q(r, region);
    if (rc)
        return rc;
    if (mq && *mq && !pl_dtsen_period_valid(mq))
        return pl_error_set(&r->err, PL_EINVAL, "month", "bulan harus berbentuk TTTT-BB");
    pl_date now = today();
    if (mq && *mq)
        snprintf(month, sizeof month, "%s", mq);
    else
        snprintf(month, sizeof month, "%04d-%02d", now.year, now.month);
    int cut = 0, days = 0;
    if ((rc = pl_dtsen_rules(&cut, &days, r->store, region, month, &r->err)))
        return rc;
    list_ctx l = {r, json_array()};
    if ((rc = pl_dtsen_setting_list(r->store, r->user.scope, add_setting, &l, &r->err))) {
        json_decref(l.items);
        return rc;
    }
    json_t *o = json_pack("{s:o, s:{s:s, s:s, s:i, s:i}}", "settings", l.items, "rules", "region",
                          region, "month", month, "cutoff_day", cut, "objection_days", days);
    if (o == NULL)
        return pl_error_set(&r->err, PL_ENOMEM, "", "memori tidak cukup");
    return pl_http_reply_json(r, 200, o);
}

/* PUT /dtsen/settings {region, month, cutoff_day, objection_days} */
int pl_h_dtsen_settings_put(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    json_t *cut = json_object_get(in, "cutoff_day"), *days = json_object_get(in, "objection_days");
    const char *bad = cut && !json_is_null(cut) && !json_is_integer(cut)      ? "cutoff_day"
                      : days && !json_is_null(days) && !json_is_integer(days) ? "objection_days"
                                                                              : NULL;
    if (bad) {
        json_decref(in);
        return pl_error_set(&r->err, PL_EINVAL, bad, "isi bilangan bulat");
    }
    pl_dtsen_setting st;
    rc = pl_dtsen_setting_set(&st, r->store, &r->actor, r->user.scope, str(in, "region"),
                              str(in, "month"), (int)num(in, "cutoff_day"),
                              (int)num(in, "objection_days"), &r->err);
    json_decref(in);
    if (rc == PL_EDENIED)
        rc = pl_error_set(&r->err, PL_ENOTFOUND, "region", "wilayah tidak ditemukan");
    return rc ? rc : pl_http_reply_json(r, 200, pl_dtsen_setting_json(&st));
}

/* --------------------------------------------------------------- documents */

/* GET /dtsen/files/{id}: an uploaded document whose record lies in the caller's scope. */
int pl_h_dtsen_file_get(pl_http_req *r)
{
    int64_t id;
    pl_dtsen_file f;
    void *data = NULL;
    size_t len = 0;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_dtsen_file_fetch(&f, &data, &len, r->store, r->user.scope, id, &r->err)))
        return rc;
    pl_buf_reset(&r->out);
    rc = pl_buf_append(&r->out, data, len);
    free(data);
    if (rc)
        return pl_error_set(&r->err, PL_ENOMEM, "", "memori tidak cukup");
    static const char *const types[] = {"application/pdf", "image/jpeg", "image/png", "image/webp"};
    static const char *const exts[] = {"pdf", "jpg", "png", "webp"};
    size_t t = 0;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(f.mime, types[i]) == 0)
            t = i;
    r->out_type = types[t];
    char disp[96];
    snprintf(disp, sizeof disp, "attachment; filename=\"dtsen-%s-%lld.%s\"", f.kind, (long long)id,
             exts[t]);
    pl_http_header(r, "Content-Disposition", disp);
    pl_http_header(r, "Cache-Control", "private, no-store");
    pl_http_audit_read(r, "dtsen_file", id);
    r->status = 200;
    return 0;
}

/* -------------------------------------------------------------- objections */

typedef struct obj_ctx {
    list_ctx l;
    pl_date today;
} obj_ctx;

static bool late(const pl_dtsen_objection *o, const pl_date *t)
{
    return strcmp(o->status, PL_DTSEN_O_ANSWERED) != 0 && pl_dtsen_overdue(o->due_on, t);
}

static int add_objection(void *ctx, const pl_dtsen_objection *o)
{
    obj_ctx *x = ctx;
    return json_array_append_new(x->l.items, pl_dtsen_objection_json(o, late(o, &x->today)))
               ? PL_ENOMEM
               : 0;
}

/* GET /dtsen/objections?region=&status=&overdue=1 */
int pl_h_dtsen_objections(pl_http_req *r)
{
    char region[PL_REGION_CODE_MAX], now_s[11];
    int rc = region_q(r, region);
    if (rc)
        return rc;
    obj_ctx x = {{r, json_array()}, today()};
    pl_date_format(now_s, &x.today);
    const char *overdue = pl_http_query(r, "overdue");
    pl_dtsen_objection_filter f = {.region = region, .status = pl_http_query(r, "status")};
    if (f.status && f.status[0] == '\0')
        f.status = NULL;
    if (overdue && strcmp(overdue, "1") == 0)
        f.overdue_on = now_s;
    if ((rc = pl_store_dtsen_objection_list(r->store, &f, add_objection, &x, &r->err))) {
        json_decref(x.l.items);
        return rc;
    }
    return pl_http_reply_page(r, x.l.items, NULL);
}

/* POST /dtsen/objections {village|household_id, kind, filer_*, subject_*, statement} */
int pl_h_dtsen_objection_add(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    pl_dtsen_objection_in oi = {.village = str(in, "village"),
                                .household_id = num(in, "household_id"),
                                .kind = str(in, "kind"),
                                .subject_name = str(in, "subject_name"),
                                .subject_address = str(in, "subject_address"),
                                .filer_kind = str(in, "filer_kind"),
                                .filer_name = str(in, "filer_name"),
                                .filer_contact = str(in, "filer_contact"),
                                .filer_address = str(in, "filer_address"),
                                .statement = str(in, "statement")};
    pl_dtsen_objection o;
    pl_date now = today();
    rc = pl_dtsen_objection_file(&o, r->store, &r->actor, r->user.scope, &oi, &now, &r->err);
    json_decref(in);
    if (rc == PL_EDENIED)
        rc = pl_error_set(&r->err, PL_ENOTFOUND, "village", "desa/kelurahan tidak ditemukan");
    return rc ? rc : pl_http_reply_json(r, 201, pl_dtsen_objection_json(&o, false));
}

/* GET /dtsen/objections/{id} */
int pl_h_dtsen_objection_get(pl_http_req *r)
{
    int64_t id;
    pl_dtsen_objection o;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_dtsen_objection_load(&o, r->store, r->user.scope, id, &r->err)))
        return rc;
    pl_date now = today();
    pl_http_audit_read(r, "dtsen_objection", id);
    return pl_http_reply_json(r, 200, pl_dtsen_objection_json(&o, late(&o, &now)));
}

int pl_h_dtsen_objection_check(pl_http_req *r)
{
    return assign(r, false);
}

/* POST /dtsen/objections/{id}/decide {version, decision, reason} */
int pl_h_dtsen_objection_decide(pl_http_req *r)
{
    int64_t id;
    json_t *in = NULL;
    pl_dtsen_objection o;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_dtsen_objection_load(&o, r->store, r->user.scope, id, &r->err)) ||
        (rc = pl_http_json_body(r, &in)))
        return rc;
    pl_date now = today();
    rc = pl_dtsen_objection_decide(&o, r->store, &r->actor, r->user.scope, id, num(in, "version"),
                                   str(in, "decision"), str(in, "reason"), &now, &r->err);
    json_decref(in);
    return rc ? rc : pl_http_reply_json(r, 200, pl_dtsen_objection_json(&o, false));
}

/* POST /dtsen/objections/{id}/answer {version, answer_number} */
int pl_h_dtsen_objection_answer(pl_http_req *r)
{
    int64_t id;
    json_t *in = NULL;
    pl_dtsen_objection o;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_dtsen_objection_load(&o, r->store, r->user.scope, id, &r->err)) ||
        (rc = pl_http_json_body(r, &in)))
        return rc;
    pl_date now = today();
    rc = pl_dtsen_objection_answer(&o, r->store, &r->actor, r->user.scope, id, num(in, "version"),
                                   str(in, "answer_number"), &now, &r->err);
    json_decref(in);
    return rc ? rc : pl_http_reply_json(r, 200, pl_dtsen_objection_json(&o, false));
}

/* GET /dtsen/objections/{id}/letter: the answer letter (A4 PDF). */
int pl_h_dtsen_objection_letter(pl_http_req *r)
{
    int64_t id;
    pl_dtsen_objection o;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_dtsen_objection_load(&o, r->store, r->user.scope, id, &r->err)))
        return rc;
    char dir[4200], path[4400], rnd[17], disp[120];
    snprintf(dir, sizeof dir, "%s", pl_http_data_dir(r->srv));
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return pl_error_set(&r->err, PL_EIO, "", "direktori data server tidak dapat dibuat");
    pl_auth_random_hex(rnd, 8);
    snprintf(path, sizeof path, "%s/sanggah-%s.pdf", dir, rnd);
    pl_date now = today();
    rc = pl_dtsen_objection_letter(r->store, r->user.scope, id, path, &now, &r->err);
    int fd = rc ? -1 : open(path, O_RDONLY | O_CLOEXEC);
    unlink(path);
    if (rc)
        return rc;
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return pl_error_set(&r->err, PL_EIO, "", "surat tidak dapat dibaca");
    }
    r->out_fd = fd;
    r->out_fd_size = st.st_size;
    r->out_type = "application/pdf";
    snprintf(disp, sizeof disp, "attachment; filename=\"jawaban-sanggahan-%lld.pdf\"",
             (long long)id);
    pl_http_header(r, "Content-Disposition", disp);
    pl_http_audit_read(r, "dtsen_objection", id);
    r->status = 200;
    return 0;
}

/* ------------------------------------------------------------------ report */

/* GET /reports/cycles?region=&year=: small counts hidden for roles without personal access. */
int pl_h_report_cycles(pl_http_req *r)
{
    char region[PL_REGION_CODE_MAX];
    int rc = region_q(r, region);
    if (rc)
        return rc;
    pl_dtsen_report *rep = NULL;
    pl_date now = today();
    bool viewer = (r->perms & PL_PERM_READ) == 0;
    const char *year = pl_http_query(r, "year");
    if ((rc = pl_dtsen_report_build(&rep, r->store, r->user.scope, region, year ? year : "", viewer,
                                    &now, &r->err)))
        return rc == PL_EDENIED
                   ? pl_error_set(&r->err, PL_ENOTFOUND, "region", "wilayah tidak ditemukan")
                   : rc;
    json_t *j = pl_dtsen_report_json(rep);
    pl_dtsen_report_free(rep);
    return pl_http_reply_json(r, 200, j);
}
