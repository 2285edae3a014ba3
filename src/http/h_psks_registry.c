/*
 * h_psks_registry.c - one PSKS unit with its history (training,
 * certification, active periods, honoraria), the PSKS export, and the
 * coordination meetings with PSKS and their follow-up. Units are visible
 * when their home or a served area lies inside the caller's scope, meetings
 * when their region does; anything else answers like a missing record.
 */
#include "http/handlers.h"
#include "http/tmpfile.h"
#include "io/record_json.h"
#include "service/auth.h"
#include "service/psks.h"
#include "service/psks_meeting.h"
#include "store/psks.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXPORT_MAX ((size_t)64 * 1024 * 1024)

/* Appends one record of the kinds in ctx[1] ("" = any) to the array ctx[0]. */
static int add_record(void *ctx, const pl_psks_record *rec)
{
    void **c = ctx;
    const char *want = c[1];
    if (want[0] && strstr(want, rec->kind) == NULL)
        return 0;
    return json_array_append_new(c[0], pl_json_psks_record(rec)) ? PL_ENOMEM : 0;
}

/* The records of unit id of the given kinds (space-separated) as a new array, or NULL. */
static json_t *records(pl_http_req *r, int64_t id, const char *kinds, int *rc)
{
    json_t *items = json_array();
    void *ctx[2] = {items, (void *)kinds};
    if ((*rc = pl_psks_record_list(r->store, r->user.scope, id, NULL, add_record, ctx, &r->err))) {
        json_decref(items);
        return NULL;
    }
    return items;
}

int pl_h_psks_get(pl_http_req *r)
{
    int64_t id;
    pl_psks_unit u;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_psks_get_scoped(&u, r->store, r->user.scope, id, &r->err)))
        return rc;
    json_t *recs = records(r, id, "", &rc);
    if (recs == NULL)
        return rc;
    json_t *o = pl_json_psks(&u, pl_http_json_opts(r));
    json_object_set_new(o, "records", recs);
    pl_http_audit_read(r, "psks_unit", id);
    return pl_http_reply_json(r, 200, o);
}

static int list_kinds(pl_http_req *r, const char *kinds)
{
    int64_t id;
    pl_psks_unit u;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_psks_get_scoped(&u, r->store, r->user.scope, id, &r->err)))
        return rc;
    json_t *items = records(r, id, kinds, &rc);
    return items ? pl_http_reply_page(r, items, NULL) : rc;
}

int pl_h_psks_trainings(pl_http_req *r)
{
    return list_kinds(r, PL_PSKS_REC_TRAINING " " PL_PSKS_REC_CERT);
}

int pl_h_psks_periods(pl_http_req *r)
{
    return list_kinds(r, PL_PSKS_REC_PERIOD);
}

int pl_h_psks_payments(pl_http_req *r)
{
    return list_kinds(r, PL_PSKS_REC_PAY);
}

/* Refuses members of in that are not in known (NULL-terminated). */
static int only_known(pl_http_req *r, json_t *in, const char *const *known)
{
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v)
    {
        bool ok = false;
        for (size_t i = 0; known[i] && !ok; i++)
            ok = strcmp(key, known[i]) == 0;
        if (!ok)
            return pl_error_set(&r->err, PL_EINVAL, key, "isian '%s' tidak dikenal", key);
    }
    return 0;
}

/* Reads the members of a record body into rec (absent members keep their value). */
static int record_members(pl_http_req *r, json_t *in, pl_psks_record *rec)
{
    static const char *const known[] = {"kind",       "title",    "organiser", "number",
                                        "started_on", "ended_on", "amount",    "source",
                                        "note",       "version",  NULL};
    int rc = only_known(r, in, known);
    if (rc)
        return rc;
    json_t *amount = json_object_get(in, "amount");
    if (amount && !json_is_integer(amount))
        return pl_error_set(&r->err, PL_EINVAL, "amount", "jumlah harus bilangan rupiah");
    if (amount)
        rec->amount = json_integer_value(amount);
    if (json_is_null(json_object_get(in, "ended_on")))
        rec->ended_on[0] = '\0';
    else if ((rc = pl_http_json_strcpy(r, in, "ended_on", rec->ended_on, sizeof rec->ended_on)))
        return rc;
    if ((rc = pl_http_json_strcpy(r, in, "title", rec->title, sizeof rec->title)) ||
        (rc = pl_http_json_strcpy(r, in, "organiser", rec->organiser, sizeof rec->organiser)) ||
        (rc = pl_http_json_strcpy(r, in, "number", rec->number, sizeof rec->number)) ||
        (rc = pl_http_json_strcpy(r, in, "started_on", rec->started_on, sizeof rec->started_on)) ||
        (rc = pl_http_json_strcpy(r, in, "source", rec->source, sizeof rec->source)) ||
        (rc = pl_http_json_strcpy(r, in, "note", rec->note, sizeof rec->note)))
        return rc;
    return 0;
}

/* POST /psks/{id}/KIND: kinds lists what the body's "kind" may be (the first is the default). */
static int record_add(pl_http_req *r, const char *const *kinds)
{
    int64_t id;
    json_t *in = NULL;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_http_json_body(r, &in)))
        return rc;
    pl_psks_record rec = {.unit_id = id};
    const char *kind = NULL;
    if ((rc = pl_http_json_str(r, in, "kind", &kind)) || (rc = record_members(r, in, &rec)))
        goto out;
    snprintf(rec.kind, sizeof rec.kind, "%s", kinds[0]);
    if (kind) {
        bool ok = false;
        for (size_t i = 0; kinds[i] && !ok; i++)
            ok = strcmp(kind, kinds[i]) == 0;
        if (!ok) {
            rc = pl_error_set(&r->err, PL_EINVAL, "kind",
                              "jenis catatan '%s' tidak berlaku di sini", kind);
            goto out;
        }
        snprintf(rec.kind, sizeof rec.kind, "%s", kind);
    }
    if ((rc = pl_psks_record_save(&rec, r->store, &r->actor, r->user.scope, &r->err)) == 0)
        rc = pl_http_reply_json(r, 201, pl_json_psks_record(&rec));
out:
    json_decref(in);
    return rc;
}

int pl_h_psks_training_add(pl_http_req *r)
{
    static const char *const kinds[] = {PL_PSKS_REC_TRAINING, PL_PSKS_REC_CERT, NULL};
    return record_add(r, kinds);
}

int pl_h_psks_period_add(pl_http_req *r)
{
    static const char *const kinds[] = {PL_PSKS_REC_PERIOD, NULL};
    return record_add(r, kinds);
}

int pl_h_psks_payment_add(pl_http_req *r)
{
    static const char *const kinds[] = {PL_PSKS_REC_PAY, NULL};
    return record_add(r, kinds);
}

int pl_h_psks_record_patch(pl_http_req *r)
{
    int64_t id, rid;
    json_t *in = NULL;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_http_param_id(r, 1, &rid)) || (rc = pl_http_json_body(r, &in)))
        return rc;
    pl_psks_unit u;
    pl_psks_record rec;
    json_t *ver = json_object_get(in, "version");
    if ((rc = pl_psks_get_scoped(&u, r->store, r->user.scope, id, &r->err)))
        goto out;
    if ((rc = pl_store_psks_record_get(r->store, &rec, rid, &r->err)) == 0 && rec.unit_id != id)
        rc = pl_error_set(&r->err, PL_ENOTFOUND, "id", "catatan PSKS %lld tidak ditemukan",
                          (long long)rid);
    if (rc)
        goto out;
    if (!json_is_integer(ver)) {
        rc = pl_error_set(&r->err, PL_EINVAL, "version", "version wajib diisi (bilangan)");
        goto out;
    }
    if (json_object_get(in, "kind")) {
        rc = pl_error_set(&r->err, PL_EINVAL, "kind", "jenis catatan tidak dapat diubah");
        goto out;
    }
    rec.version = json_integer_value(ver);
    if ((rc = record_members(r, in, &rec)) ||
        (rc = pl_psks_record_save(&rec, r->store, &r->actor, r->user.scope, &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 200, pl_json_psks_record(&rec));
out:
    json_decref(in);
    return rc;
}

int pl_h_psks_export(pl_http_req *r)
{
    char region[PL_REGION_CODE_MAX];
    int rc = pl_http_region_param(r, "region", region);
    if (rc)
        return rc;
    const char *fmt = pl_http_query(r, "format");
    bool xlsx = fmt && strcmp(fmt, "xlsx") == 0;
    if (fmt && !xlsx && strcmp(fmt, "csv") != 0)
        return pl_error_set(&r->err, PL_EINVAL, "format", "format harus csv atau xlsx");
    pl_psks_export_options opt = {
        .region = region, .scope = r->user.scope, .xlsx = xlsx, .view = pl_http_json_opts(r)};
    long rows = 0;
    char disp[96];
    snprintf(disp, sizeof disp, "attachment; filename=\"psks-%s.%s\"",
             region[0] ? region : (r->user.scope[0] ? r->user.scope : "semua"),
             xlsx ? "xlsx" : "csv");
    if (!xlsx) {
        pl_buf_reset(&r->out);
        r->out.max = EXPORT_MAX;
        opt.out_buf = &r->out;
        if ((rc = pl_psks_export(r->store, &r->actor, &opt, &rows, &r->err)))
            return rc;
        r->out_type = "text/csv; charset=utf-8";
    } else {
        /* XLSX needs a file: written in the data directory, opened, unlinked at once. */
        char path[4400];
        if ((rc = pl_http_tmp_path(r, "ekspor-psks", "xlsx", path, sizeof path)))
            return rc;
        opt.out_path = path;
        rc = pl_psks_export(r->store, &r->actor, &opt, &rows, &r->err);
        if ((rc = pl_http_send_tmp(r, rc, path, PL_HTTP_TYPE_XLSX, "ekspor")))
            return rc;
    }
    char n[24];
    snprintf(n, sizeof n, "%ld", rows);
    pl_http_header(r, "X-Pilar-Rows", n);
    pl_http_header(r, "Content-Disposition", disp);
    r->status = 200;
    return 0;
}

/* ------------------------------------------------------------- meetings */

static int add_meeting(void *ctx, const pl_psks_meeting *m)
{
    return json_array_append_new(ctx, pl_json_psks_meeting(m)) ? PL_ENOMEM : 0;
}

static int add_party(void *ctx, const pl_psks_party *p)
{
    return json_array_append_new(ctx, pl_json_psks_party(p)) ? PL_ENOMEM : 0;
}

static int add_item(void *ctx, const pl_psks_item *i)
{
    return json_array_append_new(ctx, pl_json_psks_item(i)) ? PL_ENOMEM : 0;
}

int pl_h_psks_meetings(pl_http_req *r)
{
    char region[PL_REGION_CODE_MAX];
    int rc = pl_http_region_param(r, "region", region);
    if (rc)
        return rc;
    if (region[0] && !pl_region_code_in_scope(region, r->user.scope))
        return pl_error_set(&r->err, PL_EDENIED, "region", "wilayah %s di luar cakupan Anda",
                            region);
    json_t *items = json_array();
    if ((rc = pl_store_psks_meeting_list(r->store, region[0] ? region : r->user.scope, add_meeting,
                                         items, &r->err))) {
        json_decref(items);
        return rc;
    }
    return pl_http_reply_page(r, items, NULL);
}

/* Reads the members of a meeting body into m (absent members keep their value). */
static int meeting_members(pl_http_req *r, json_t *in, pl_psks_meeting *m)
{
    static const char *const known[] = {"held_on", "place", "region", "theme", "version", NULL};
    int rc;
    if ((rc = only_known(r, in, known)) ||
        (rc = pl_http_json_strcpy(r, in, "held_on", m->held_on, sizeof m->held_on)) ||
        (rc = pl_http_json_strcpy(r, in, "place", m->place, sizeof m->place)) ||
        (rc = pl_http_json_strcpy(r, in, "region", m->region, sizeof m->region)) ||
        (rc = pl_http_json_strcpy(r, in, "theme", m->theme, sizeof m->theme)))
        return rc;
    return 0;
}

int pl_h_psks_meeting_add(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    pl_psks_meeting m = {0};
    if ((rc = meeting_members(r, in, &m)) == 0 &&
        (rc = pl_psks_meeting_save(&m, r->store, &r->actor, r->user.scope, &r->err)) == 0)
        rc = pl_http_reply_json(r, 201, pl_json_psks_meeting(&m));
    json_decref(in);
    return rc;
}

int pl_h_psks_meeting_get(pl_http_req *r)
{
    int64_t id;
    pl_psks_meeting m;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_psks_meeting_get(&m, r->store, r->user.scope, id, &r->err)))
        return rc;
    json_t *o = pl_json_psks_meeting(&m), *parties = json_array(), *items = json_array();
    json_object_set_new(o, "participants", parties);
    json_object_set_new(o, "items", items);
    if ((rc = pl_store_psks_party_list(r->store, id, add_party, parties, &r->err)) ||
        (rc = pl_store_psks_item_list(r->store, id, add_item, items, &r->err))) {
        json_decref(o);
        return rc;
    }
    return pl_http_reply_json(r, 200, o);
}

int pl_h_psks_meeting_patch(pl_http_req *r)
{
    int64_t id;
    json_t *in = NULL;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_http_json_body(r, &in)))
        return rc;
    pl_psks_meeting m;
    json_t *ver = json_object_get(in, "version");
    if ((rc = pl_psks_meeting_get(&m, r->store, r->user.scope, id, &r->err)))
        goto out;
    if (!json_is_integer(ver)) {
        rc = pl_error_set(&r->err, PL_EINVAL, "version", "version wajib diisi (bilangan)");
        goto out;
    }
    m.version = json_integer_value(ver);
    if ((rc = meeting_members(r, in, &m)) ||
        (rc = pl_psks_meeting_save(&m, r->store, &r->actor, r->user.scope, &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 200, pl_json_psks_meeting(&m));
out:
    json_decref(in);
    return rc;
}

int pl_h_psks_meeting_party_add(pl_http_req *r)
{
    int64_t id;
    json_t *in = NULL;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_http_json_body(r, &in)))
        return rc;
    static const char *const known[] = {"unit_id", "name", NULL};
    pl_psks_party p = {.meeting_id = id};
    json_t *unit = json_object_get(in, "unit_id");
    if ((rc = only_known(r, in, known)) ||
        (rc = pl_http_json_strcpy(r, in, "name", p.name, sizeof p.name)))
        goto out;
    if (unit && !json_is_null(unit)) {
        if (!json_is_integer(unit) || json_integer_value(unit) < 1) {
            rc = pl_error_set(&r->err, PL_EINVAL, "unit_id", "unit_id harus id unit PSKS");
            goto out;
        }
        p.unit_id = json_integer_value(unit);
    }
    if ((rc = pl_psks_party_add(&p, r->store, &r->actor, r->user.scope, &r->err)) == 0)
        rc = pl_http_reply_json(r, 201, pl_json_psks_party(&p));
out:
    json_decref(in);
    return rc;
}

int pl_h_psks_meeting_item_add(pl_http_req *r)
{
    int64_t id;
    json_t *in = NULL;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_http_json_body(r, &in)))
        return rc;
    static const char *const known[] = {"kind", "text", "owner", "due_on", NULL};
    pl_psks_item it = {.meeting_id = id};
    if ((rc = only_known(r, in, known)) ||
        (rc = pl_http_json_strcpy(r, in, "kind", it.kind, sizeof it.kind)) ||
        (rc = pl_http_json_strcpy(r, in, "text", it.text, sizeof it.text)) ||
        (rc = pl_http_json_strcpy(r, in, "owner", it.owner, sizeof it.owner)) ||
        (rc = pl_http_json_strcpy(r, in, "due_on", it.due_on, sizeof it.due_on)))
        goto out;
    if ((rc = pl_psks_item_add(&it, r->store, &r->actor, r->user.scope, &r->err)) == 0)
        rc = pl_http_reply_json(r, 201, pl_json_psks_item(&it));
out:
    json_decref(in);
    return rc;
}

int pl_h_psks_meeting_item_patch(pl_http_req *r)
{
    int64_t id, iid;
    json_t *in = NULL;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_http_param_id(r, 1, &iid)) || (rc = pl_http_json_body(r, &in)))
        return rc;
    static const char *const known[] = {"text", "owner",   "due_on", "status",
                                        "note", "version", NULL};
    pl_psks_item_change chg = {0};
    pl_psks_item it;
    json_t *ver = json_object_get(in, "version");
    if ((rc = pl_store_psks_item_get(r->store, &it, iid, &r->err)) == 0 && it.meeting_id != id)
        rc = pl_error_set(&r->err, PL_ENOTFOUND, "id", "butir pertemuan %lld tidak ditemukan",
                          (long long)iid);
    if (rc || (rc = only_known(r, in, known)))
        goto out;
    if (!json_is_integer(ver)) {
        rc = pl_error_set(&r->err, PL_EINVAL, "version", "version wajib diisi (bilangan)");
        goto out;
    }
    chg.version = json_integer_value(ver);
    if ((rc = pl_http_json_str(r, in, "text", &chg.text)) ||
        (rc = pl_http_json_str(r, in, "owner", &chg.owner)) ||
        (rc = pl_http_json_str(r, in, "due_on", &chg.due_on)) ||
        (rc = pl_http_json_str(r, in, "status", &chg.status)) ||
        (rc = pl_http_json_str(r, in, "note", &chg.note)))
        goto out;
    if (json_is_null(json_object_get(in, "due_on")))
        chg.due_on = "";
    if ((rc = pl_psks_item_update(&it, r->store, &r->actor, r->user.scope, iid, &chg, NULL,
                                  &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 200, pl_json_psks_item(&it));
out:
    json_decref(in);
    return rc;
}

int pl_h_psks_followups(pl_http_req *r)
{
    char region[PL_REGION_CODE_MAX];
    int rc = pl_http_region_param(r, "region", region);
    if (rc)
        return rc;
    const char *od = pl_http_query(r, "overdue");
    bool overdue = od && (strcmp(od, "1") == 0 || strcmp(od, "true") == 0);
    json_t *items = json_array();
    if ((rc = pl_psks_followups(r->store, r->user.scope, region, overdue, NULL, add_item, items,
                                &r->err))) {
        json_decref(items);
        return rc;
    }
    return pl_http_reply_page(r, items, NULL);
}
