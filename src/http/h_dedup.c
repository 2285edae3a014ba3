/*
 * h_dedup.c - review of duplicate candidates: one pair with both records
 * side by side, merge (keeping the chosen id), "not the same person" and
 * undo. The list itself is pl_h_dedup_candidates (h_programs.c).
 */
#include "http/handlers.h"
#include "io/program_json.h"
#include "io/record_json.h"
#include "service/dedup.h"
#include "store/dedup.h"
#include "store/enrolment.h"
#include "store/household.h"
#include "store/membership.h"
#include "store/person.h"

#include <stdio.h>
#include <string.h>

static int add_membership(void *ctx, const pl_membership *m)
{
    return json_array_append_new(ctx, pl_json_membership(m)) ? PL_ENOMEM : 0;
}

static int add_enrolment(void *ctx, const pl_enrolment_row *e)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:b}", "id", (json_int_t)e->id, "program",
                          e->program, "program_name", e->program_name, "period", e->period,
                          "valid_from", e->valid_from, "household", e->household_id != 0);
    if (o)
        json_object_set_new(o, "valid_to", e->valid_to[0] ? json_string(e->valid_to) : json_null());
    return json_array_append_new(ctx, o) ? PL_ENOMEM : 0;
}

/* One side of a pair: the person with categories, household and programs (audited read). */
static int person_side(pl_http_req *r, int64_t id, json_t **out)
{
    *out = NULL;
    pl_person p;
    int rc = pl_store_person_get(r->store, &p, id, &r->err);
    if (rc)
        return rc;
    const pl_ident_view *view = pl_http_json_opts(r);
    json_t *o = pl_json_person(&p, view), *cats = json_array(), *progs = json_array();
    rc = pl_store_membership_list(r->store, p.id, 0, add_membership, cats, &r->err);
    if (rc == 0 && p.household_id)
        rc = pl_store_membership_list(r->store, 0, p.household_id, add_membership, cats, &r->err);
    if (rc == 0)
        rc = pl_store_enrolment_list_person(r->store, p.id, add_enrolment, progs, &r->err);
    json_t *hh = json_null();
    pl_household h;
    if (rc == 0 && p.household_id &&
        pl_store_household_get(r->store, &h, p.household_id, NULL) == 0)
        hh = pl_json_household(&h, view);
    int64_t into, merge_id;
    bool merged =
        rc == 0 && pl_store_person_merged_into(r->store, p.id, &into, &merge_id, NULL) == 0;
    json_object_set_new(o, "categories", cats);
    json_object_set_new(o, "programs", progs);
    json_object_set_new(o, "household", hh);
    json_object_set_new(o, "merged_into", merged ? json_integer(into) : json_null());
    if (rc) {
        json_decref(o);
        return rc;
    }
    pl_http_audit_read(r, "person", p.id);
    *out = o;
    return 0;
}

/* The reply for a pair: the candidate, with both people when full is true. */
static int reply_pair(pl_http_req *r, int status, const pl_dedup_candidate *c, bool full)
{
    json_t *o = pl_json_dedup_candidate(c, pl_http_json_opts(r));
    if (o == NULL)
        return pl_error_set(&r->err, PL_ENOMEM, "", "memori tidak cukup");
    if (full) {
        json_t *a, *b;
        int rc = person_side(r, c->person_a, &a);
        if (rc == 0 && (rc = person_side(r, c->person_b, &b)))
            json_decref(a);
        if (rc) {
            json_decref(o);
            return rc;
        }
        json_object_set_new(o, "a", a);
        json_object_set_new(o, "b", b);
    }
    return pl_http_reply_json(r, status, o);
}

int pl_h_dedup_candidate_get(pl_http_req *r)
{
    int64_t id;
    pl_dedup_candidate c;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_dedup_candidate_get(r->store, &c, id, r->user.scope, &r->err)))
        return rc;
    return reply_pair(r, 200, &c, true);
}

int pl_h_dedup_merge(pl_http_req *r)
{
    int64_t id;
    json_t *in = NULL;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_http_json_body(r, &in)))
        return rc;
    json_t *sv = json_object_get(in, "survivor");
    pl_dedup_candidate c;
    if (!json_is_integer(sv) || json_integer_value(sv) < 1)
        rc = pl_error_set(&r->err, PL_EINVAL, "survivor",
                          "survivor (id orang yang dipertahankan) wajib dikirim");
    else
        rc = pl_dedup_candidate_merge(r->store, &r->actor, r->user.scope, id,
                                      json_integer_value(sv), &c, &r->err);
    json_decref(in);
    return rc ? rc : reply_pair(r, 200, &c, false);
}

int pl_h_dedup_distinct(pl_http_req *r)
{
    int64_t id;
    json_t *in = NULL;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_http_json_body(r, &in)))
        return rc;
    const char *reason = NULL;
    pl_dedup_candidate c;
    if ((rc = pl_http_json_str(r, in, "reason", &reason)) == 0)
        rc = pl_dedup_candidate_distinct(r->store, &r->actor, r->user.scope, id,
                                         reason ? reason : "", &c, &r->err);
    json_decref(in);
    return rc ? rc : reply_pair(r, 200, &c, false);
}

int pl_h_dedup_undo(pl_http_req *r)
{
    int64_t id;
    pl_dedup_candidate c;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_dedup_candidate_undo(r->store, &r->actor, r->user.scope, id, &c, &r->err)))
        return rc;
    return reply_pair(r, 200, &c, false);
}
