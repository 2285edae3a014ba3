/* router.c - the one route table of the API and path matching. */
#include "http/router.h"
#include "http/handlers.h"

#include <stdio.h>
#include <string.h>

#define V1 "/api/v1"
#define ANY PL_PERM_AGG

static const pl_http_route routes[] = {
    {"GET", "/healthz", pl_h_healthz, PL_PERM_PUBLIC, 0},
    {"POST", V1 "/login", pl_h_login, PL_PERM_PUBLIC, 0},
    {"POST", V1 "/logout", pl_h_logout, ANY, 0},
    {"GET", V1 "/me", pl_h_me, ANY, 0},
    {"POST", V1 "/login/totp", pl_h_login_totp, PL_PERM_PUBLIC, 0},
    {"GET", V1 "/me/tokens", pl_h_me_tokens, ANY, 0},
    {"POST", V1 "/tokens/rotate", pl_h_token_rotate, ANY, 0},
    {"GET", V1 "/routes", pl_h_routes, ANY, 0},
    {"POST", V1 "/me/password", pl_h_me_password, ANY, 0},
    {"GET", V1 "/summary", pl_h_summary, ANY, 0},
    {"GET", V1 "/regions", pl_h_regions, ANY, 0},
    {"GET", V1 "/regions/search", pl_h_region_search, ANY, 0},
    {"GET", V1 "/regions/{code}", pl_h_region_get, ANY, 0},
    {"GET", V1 "/categories", pl_h_categories, ANY, 0},
    {"GET", V1 "/categories/psks", pl_h_categories_psks, ANY, 0},
    {"GET", V1 "/households", pl_h_households, PL_PERM_READ, PL_ROUTE_REPLICA},
    {"POST", V1 "/households", pl_h_household_add, PL_PERM_WRITE, 0},
    {"GET", V1 "/households/{id}", pl_h_household_get, PL_PERM_READ, 0},
    {"PATCH", V1 "/households/{id}", pl_h_household_patch, PL_PERM_WRITE, 0},
    {"GET", V1 "/households/{id}/members", pl_h_household_members, PL_PERM_READ, 0},
    {"GET", V1 "/households/{id}/history", pl_h_household_history, PL_PERM_READ, 0},
    {"GET", V1 "/people", pl_h_people, PL_PERM_READ, PL_ROUTE_REPLICA},
    {"POST", V1 "/people", pl_h_person_add, PL_PERM_WRITE, 0},
    {"GET", V1 "/people/without-nik", pl_h_people_without_nik, PL_PERM_READ, 0},
    {"GET", V1 "/people/{id}", pl_h_person_get, PL_PERM_READ, 0},
    {"PATCH", V1 "/people/{id}", pl_h_person_patch, PL_PERM_WRITE, 0},
    {"GET", V1 "/people/{id}/history", pl_h_person_history, PL_PERM_READ, 0},
    {"GET", V1 "/people/{id}/categories", pl_h_person_categories, PL_PERM_READ, 0},
    {"POST", V1 "/people/{id}/categories", pl_h_person_category_add, PL_PERM_WRITE, 0},
    {"POST", V1 "/people/{id}/categories/{mid}/end", pl_h_membership_end, PL_PERM_WRITE, 0},
    {"GET", V1 "/people/{id}/cards", pl_h_person_cards, PL_PERM_WRITE, 0},
    {"POST", V1 "/people/{id}/card", pl_h_person_card_print, PL_PERM_WRITE, 0},
    {"POST", V1 "/people/{id}/card/reissue", pl_h_person_card_reissue, PL_PERM_WRITE, 0},
    {"POST", V1 "/people/{id}/card/revoke", pl_h_person_card_revoke, PL_PERM_WRITE, 0},
    {"POST", V1 "/people/{id}/verify", pl_h_person_verify, PL_PERM_VERIFY, 0},
    {"POST", V1 "/people/{id}/reject", pl_h_person_reject, PL_PERM_VERIFY, 0},
    {"GET", V1 "/verification/queue", pl_h_verification_queue, PL_PERM_VERIFY, 0},
    {"POST", V1 "/verification/bulk", pl_h_verification_bulk, PL_PERM_VERIFY, 0},
    {"GET", V1 "/psks", pl_h_psks, PL_PERM_READ, 0},
    {"GET", V1 "/psks/coverage", pl_h_psks_coverage, ANY, PL_ROUTE_REPLICA},
    {"POST", V1 "/psks", pl_h_psks_add, PL_PERM_WRITE, 0},
    {"GET", V1 "/psks/export", pl_h_psks_export, PL_PERM_EXPORT, 0},
    {"GET", V1 "/psks/{id}", pl_h_psks_get, PL_PERM_READ, 0},
    {"PATCH", V1 "/psks/{id}", pl_h_psks_patch, PL_PERM_WRITE, 0},
    {"GET", V1 "/psks/{id}/trainings", pl_h_psks_trainings, PL_PERM_READ, 0},
    {"POST", V1 "/psks/{id}/trainings", pl_h_psks_training_add, PL_PERM_WRITE, 0},
    {"GET", V1 "/psks/{id}/periods", pl_h_psks_periods, PL_PERM_READ, 0},
    {"POST", V1 "/psks/{id}/periods", pl_h_psks_period_add, PL_PERM_WRITE, 0},
    {"GET", V1 "/psks/{id}/payments", pl_h_psks_payments, PL_PERM_READ, 0},
    {"POST", V1 "/psks/{id}/payments", pl_h_psks_payment_add, PL_PERM_WRITE, 0},
    {"PATCH", V1 "/psks/{id}/records/{rid}", pl_h_psks_record_patch, PL_PERM_WRITE, 0},
    {"GET", V1 "/psks-meetings", pl_h_psks_meetings, PL_PERM_READ, 0},
    {"POST", V1 "/psks-meetings", pl_h_psks_meeting_add, PL_PERM_WRITE, 0},
    {"GET", V1 "/psks-meetings/followups", pl_h_psks_followups, PL_PERM_READ, 0},
    {"GET", V1 "/psks-meetings/{id}", pl_h_psks_meeting_get, PL_PERM_READ, 0},
    {"PATCH", V1 "/psks-meetings/{id}", pl_h_psks_meeting_patch, PL_PERM_WRITE, 0},
    {"POST", V1 "/psks-meetings/{id}/participants", pl_h_psks_meeting_party_add, PL_PERM_WRITE, 0},
    {"POST", V1 "/psks-meetings/{id}/items", pl_h_psks_meeting_item_add, PL_PERM_WRITE, 0},
    {"PATCH", V1 "/psks-meetings/{id}/items/{iid}", pl_h_psks_meeting_item_patch, PL_PERM_WRITE, 0},
    /* The work of PSKS units (h_psks_visit.c). */
    {"GET", V1 "/assignments", pl_h_assignments, PL_PERM_READ, 0},
    {"POST", V1 "/assignments", pl_h_assignment_add, PL_PERM_WRITE, 0},
    {"GET", V1 "/assignments/suggest", pl_h_assignment_suggest, PL_PERM_READ, 0},
    {"GET", V1 "/assignments/{id}", pl_h_assignment_get, PL_PERM_READ, 0},
    {"PATCH", V1 "/assignments/{id}", pl_h_assignment_patch, PL_PERM_WRITE, 0},
    {"GET", V1 "/visits", pl_h_visits, PL_PERM_READ, 0},
    {"POST", V1 "/visits", pl_h_visit_add, PL_PERM_WRITE, 0},
    {"GET", V1 "/visits/{id}", pl_h_visit_get, PL_PERM_READ, 0},
    {"POST", V1 "/visits/{id}/photo", pl_h_visit_photo_put, PL_PERM_WRITE, 1},
    {"GET", V1 "/visits/{id}/photo", pl_h_visit_photo_get, PL_PERM_READ, 0},
    {"GET", V1 "/psks/{id}/activity", pl_h_psks_activity, PL_PERM_READ, 0},
    {"GET", V1 "/reports/psks-activity", pl_h_psks_activity_rollup, PL_PERM_READ, PL_ROUTE_REPLICA},
    {"GET", V1 "/disasters/{id}/psks", pl_h_disaster_psks, PL_PERM_READ, 0},
    {"POST", V1 "/disasters/{id}/deployments", pl_h_disaster_deploy, PL_PERM_WRITE, 0},
    {"GET", V1 "/disasters", pl_h_disasters, PL_PERM_READ, 0},
    {"POST", V1 "/disasters", pl_h_disaster_add, PL_PERM_WRITE, 0},
    {"GET", V1 "/disasters/{id}", pl_h_disaster_get, PL_PERM_READ, 0},
    {"GET", V1 "/disasters/{id}/affected", pl_h_disaster_affected, PL_PERM_READ, 0},
    {"POST", V1 "/disasters/{id}/confirm", pl_h_disaster_confirm, PL_PERM_VERIFY, 0},
    {"GET", V1 "/imports", pl_h_imports, PL_PERM_WRITE, 0},
    {"POST", V1 "/imports", pl_h_import, PL_PERM_WRITE, 1},
    {"GET", V1 "/imports/template", pl_h_import_template, PL_PERM_WRITE, 0},
    {"GET", V1 "/imports/{id}/rejects", pl_h_import_rejects, PL_PERM_WRITE, 0},
    {"GET", V1 "/exports", pl_h_export, PL_PERM_EXPORT, 0},
    {"GET", V1 "/reports/counts", pl_h_report_counts, ANY, PL_ROUTE_REPLICA},
    {"GET", V1 "/reports/compare", pl_h_report_compare, ANY, PL_ROUTE_REPLICA},
    {"GET", V1 "/reports/rakor", pl_h_report_rakor, ANY, PL_ROUTE_REPLICA},
    {"GET", V1 "/indicators", pl_h_indicators, ANY, 0},
    {"GET", V1 "/interventions", pl_h_interventions, ANY, 0},
    {"POST", V1 "/interventions", pl_h_intervention_add, PL_PERM_PLAN, 0},
    {"GET", V1 "/interventions/{id}", pl_h_intervention_get, ANY, 0},
    {"PATCH", V1 "/interventions/{id}", pl_h_intervention_patch, PL_PERM_PLAN, 0},
    {"GET", V1 "/audit", pl_h_audit, PL_PERM_ADMIN, 0},
    {"GET", V1 "/users", pl_h_users, PL_PERM_ADMIN, 0},
    {"POST", V1 "/users", pl_h_user_add, PL_PERM_ADMIN, 0},
    {"PATCH", V1 "/users/{id}", pl_h_user_patch, PL_PERM_ADMIN, 0},
    {"GET", V1 "/settings/letterhead", pl_h_letterheads, PL_PERM_ADMIN, 0},
    {"PUT", V1 "/settings/letterhead/{region}", pl_h_letterhead_put, PL_PERM_ADMIN, 0},
    {"DELETE", V1 "/settings/letterhead/{region}", pl_h_letterhead_delete, PL_PERM_ADMIN, 0},
    {"GET", V1 "/settings/letterhead/{region}/logo", pl_h_letterhead_logo, PL_PERM_ADMIN, 0},
    {"GET", V1 "/map/points", pl_h_map_points, PL_PERM_READ, PL_ROUTE_REPLICA},
    {"GET", V1 "/map/unlocated", pl_h_map_unlocated, PL_PERM_READ, PL_ROUTE_REPLICA},
    {"GET", V1 "/map/choropleth", pl_h_map_choropleth, ANY, 0},
    {"GET", V1 "/boundaries", pl_h_boundaries, ANY, PL_ROUTE_REPLICA},
    {"GET", V1 "/programs", pl_h_programs, ANY, 0},
    {"GET", V1 "/programs/{code}", pl_h_program_get, ANY, 0},
    {"GET", V1 "/programs/{code}/preview", pl_h_program_preview, ANY, 0},
    {"GET", V1 "/programs/{code}/findings", pl_h_program_findings, PL_PERM_READ, 0},
    {"GET", V1 "/programs/{code}/report", pl_h_program_report, PL_PERM_READ, 0},
    {"GET", V1 "/batches/{id}", pl_h_batch_get, PL_PERM_READ, 0},
    {"GET", V1 "/programs/{code}/refused", pl_h_program_refused, PL_PERM_READ, 0},
    {"POST", V1 "/programs/{code}/enrol", pl_h_program_enrol, PL_PERM_VERIFY, 0},
    {"POST", V1 "/programs/{code}/check", pl_h_program_check, PL_PERM_VERIFY, 0},
    {"POST", V1 "/programs/{code}/batches", pl_h_batch_create, PL_PERM_VERIFY, 0},
    {"GET", V1 "/batches", pl_h_batches, PL_PERM_READ, 0},
    {"POST", V1 "/batches/{id}/approve", pl_h_batch_approve, PL_PERM_VERIFY, 0},
    {"POST", V1 "/batches/{id}/transfer-file", pl_h_batch_transfer_file, PL_PERM_VERIFY, 0},
    {"POST", V1 "/batches/{id}/reconcile", pl_h_batch_reconcile, PL_PERM_VERIFY, 1},
    {"GET", V1 "/approvals", pl_h_approvals, ANY, 0},
    {"POST", V1 "/approvals", pl_h_approval_sign, PL_PERM_VERIFY, 0},
    {"POST", V1 "/approvals/reopen", pl_h_approval_reopen, PL_PERM_ADMIN, 0},
    {"POST", V1 "/indicators/import", pl_h_indicator_import, PL_PERM_VERIFY, 1},
    {"GET", V1 "/dedup/candidates", pl_h_dedup_candidates, PL_PERM_READ, 0},
    {"GET", V1 "/dedup/candidates/{id}", pl_h_dedup_candidate_get, PL_PERM_READ, 0},
    {"POST", V1 "/dedup/candidates/{id}/merge", pl_h_dedup_merge, PL_PERM_VERIFY, 0},
    {"POST", V1 "/dedup/candidates/{id}/distinct", pl_h_dedup_distinct, PL_PERM_VERIFY, 0},
    {"POST", V1 "/dedup/candidates/{id}/undo", pl_h_dedup_undo, PL_PERM_VERIFY, 0},
    {"GET", V1 "/transfers", pl_h_transfers, PL_PERM_WRITE, 0},
    {"GET", V1 "/transfers/{id}", pl_h_transfer_get, PL_PERM_WRITE, 0},
    {"POST", V1 "/transfers/{id}/resolve", pl_h_transfer_resolve, PL_PERM_WRITE, 0},
    {"GET", "/kartu/{token}", pl_h_card_check, PL_PERM_PUBLIC, 0},
    {"GET", V1 "/households/{id}/socio", pl_h_household_socio, PL_PERM_READ, 0},
    {"PATCH", V1 "/households/{id}/socio", pl_h_household_socio_patch, PL_PERM_WRITE, 0},
    {"GET", V1 "/pmt/models", pl_h_pmt_models, ANY, 0},
    {"POST", V1 "/pmt/models", pl_h_pmt_model_import, PL_PERM_VERIFY, 1},
    {"POST", V1 "/pmt/score", pl_h_pmt_score, PL_PERM_VERIFY, 0},
    {"GET", V1 "/pmt/runs", pl_h_pmt_runs, ANY, 0},
    {"GET", V1 "/reports/deciles", pl_h_report_deciles, ANY, PL_ROUTE_REPLICA},
    /* The DTSEN update cycle (h_dtsen.c). */
    {"GET", V1 "/dtsen/meetings", pl_h_dtsen_meetings, PL_PERM_READ, 0},
    {"POST", V1 "/dtsen/meetings", pl_h_dtsen_meeting_add, PL_PERM_WRITE, 0},
    {"GET", V1 "/dtsen/meetings/{id}", pl_h_dtsen_meeting_get, PL_PERM_READ, 0},
    {"POST", V1 "/dtsen/meetings/{id}/minutes", pl_h_dtsen_meeting_minutes, PL_PERM_WRITE, 1},
    {"GET", V1 "/dtsen/proposals", pl_h_dtsen_proposals, PL_PERM_READ, 0},
    {"POST", V1 "/dtsen/proposals", pl_h_dtsen_proposal_add, PL_PERM_WRITE, 0},
    {"GET", V1 "/dtsen/proposals/{id}", pl_h_dtsen_proposal_get, PL_PERM_READ, 0},
    {"PATCH", V1 "/dtsen/proposals/{id}", pl_h_dtsen_proposal_patch, PL_PERM_WRITE, 0},
    {"POST", V1 "/dtsen/proposals/{id}/evidence", pl_h_dtsen_proposal_evidence, PL_PERM_WRITE, 1},
    {"POST", V1 "/dtsen/proposals/{id}/reject", pl_h_dtsen_proposal_reject, PL_PERM_VERIFY, 0},
    {"POST", V1 "/dtsen/proposals/{id}/check", pl_h_dtsen_proposal_check, PL_PERM_WRITE, 0},
    {"GET", V1 "/dtsen/checks", pl_h_dtsen_checks, PL_PERM_READ, 0},
    {"GET", V1 "/dtsen/checks/{id}", pl_h_dtsen_check_get, PL_PERM_READ, 0},
    {"POST", V1 "/dtsen/checks/{id}/result", pl_h_dtsen_check_result, PL_PERM_WRITE, 0},
    {"GET", V1 "/dtsen/cycles", pl_h_dtsen_cycles, PL_PERM_READ, 0},
    {"GET", V1 "/dtsen/cycles/{id}", pl_h_dtsen_cycle_get, PL_PERM_READ, 0},
    {"POST", V1 "/dtsen/cycles/{id}/ratify", pl_h_dtsen_cycle_ratify, PL_PERM_VERIFY, 0},
    {"POST", V1 "/dtsen/cycles/{id}/sk", pl_h_dtsen_cycle_sk, PL_PERM_VERIFY, 1},
    {"GET", V1 "/dtsen/settings", pl_h_dtsen_settings, ANY, 0},
    {"PUT", V1 "/dtsen/settings", pl_h_dtsen_settings_put, PL_PERM_VERIFY, 0},
    {"GET", V1 "/dtsen/files/{id}", pl_h_dtsen_file_get, PL_PERM_READ, 0},
    {"GET", V1 "/dtsen/objections", pl_h_dtsen_objections, PL_PERM_READ, 0},
    {"POST", V1 "/dtsen/objections", pl_h_dtsen_objection_add, PL_PERM_WRITE, 0},
    {"GET", V1 "/dtsen/objections/{id}", pl_h_dtsen_objection_get, PL_PERM_READ, 0},
    {"POST", V1 "/dtsen/objections/{id}/check", pl_h_dtsen_objection_check, PL_PERM_WRITE, 0},
    {"POST", V1 "/dtsen/objections/{id}/decide", pl_h_dtsen_objection_decide, PL_PERM_VERIFY, 0},
    {"POST", V1 "/dtsen/objections/{id}/answer", pl_h_dtsen_objection_answer, PL_PERM_VERIFY, 0},
    {"GET", V1 "/dtsen/objections/{id}/letter", pl_h_dtsen_objection_letter, PL_PERM_READ, 0},
    {"GET", V1 "/reports/cycles", pl_h_report_cycles, ANY, PL_ROUTE_REPLICA},
    {"GET", "/cek-bansos", pl_h_cek_form, PL_PERM_PUBLIC, 0},
    /* Offline instances (h_sync.c, docs/internals/sync.md). */
    {"GET", V1 "/sync/instances", pl_h_sync_instances, PL_PERM_WRITE, 0},
    {"POST", V1 "/sync/instances", pl_h_sync_instance_add, PL_PERM_WRITE, 0},
    {"POST", V1 "/sync/instances/{id}/revoke", pl_h_sync_instance_revoke, PL_PERM_WRITE, 0},
    {"GET", V1 "/sync/regions", pl_h_sync_regions, PL_PERM_WRITE, 0},
    {"GET", V1 "/sync/changes", pl_h_sync_changes, PL_PERM_WRITE, 0},
    {"POST", V1 "/sync/push", pl_h_sync_push, PL_PERM_WRITE, 0},
    {"GET", V1 "/sync/local", pl_h_sync_local, PL_PERM_WRITE, 0},
    {"POST", V1 "/sync/local/resolve", pl_h_sync_local_resolve, PL_PERM_WRITE, 0},
    {"POST", "/cek-bansos", pl_h_cek_check, PL_PERM_PUBLIC, 0},
};

size_t pl_http_route_count(void)
{
    return sizeof routes / sizeof routes[0];
}

const pl_http_route *pl_http_route_at(size_t i)
{
    return i < pl_http_route_count() ? &routes[i] : NULL;
}

/* Matches path against pattern; on success stores captures in r. */
static int match(const char *pattern, const char *path, pl_http_req *r)
{
    const char *p = pattern, *s = path;
    int n = 0;
    size_t used = 0;
    while (*p && *s) {
        if (*p == '{') {
            const char *end = strchr(s, '/');
            size_t len = end ? (size_t)(end - s) : strlen(s);
            if (len == 0 || n >= PL_HTTP_MAX_PARAMS || used + len + 1 > sizeof r->param_buf)
                return 0;
            memcpy(r->param_buf + used, s, len);
            r->param_buf[used + len] = '\0';
            r->params[n++] = r->param_buf + used;
            used += len + 1;
            s += len;
            p = strchr(p, '}');
            if (p == NULL)
                return 0;
            p++;
            continue;
        }
        if (*p != *s)
            return 0;
        p++;
        s++;
    }
    if (*p || *s)
        return 0;
    r->n_params = n;
    return 1;
}

const pl_http_route *pl_http_route_match(const char *method, const char *path, pl_http_req *r,
                                         int *path_known)
{
    *path_known = 0;
    for (size_t i = 0; i < pl_http_route_count(); i++) {
        if (!match(routes[i].pattern, path, r))
            continue;
        if (strcmp(routes[i].method, method) == 0 ||
            (strcmp(method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0))
            return &routes[i];
        *path_known = 1;
    }
    r->n_params = 0;
    return NULL;
}

static const char *perm_name(unsigned perm)
{
    switch (perm) {
    case PL_PERM_PUBLIC:
        return "public";
    case PL_PERM_AGG:
        return "any";
    case PL_PERM_READ:
        return "read";
    case PL_PERM_WRITE:
        return "write";
    case PL_PERM_VERIFY:
        return "verify";
    case PL_PERM_EXPORT:
        return "export";
    case PL_PERM_ADMIN:
        return "admin";
    case PL_PERM_PLAN:
        return "plan";
    default:
        return "?";
    }
}

void pl_http_routes_print(FILE *f)
{
    for (size_t i = 0; i < pl_http_route_count(); i++)
        fprintf(f, "%s %s %s\n", routes[i].method, routes[i].pattern, perm_name(routes[i].perm));
}

int pl_h_routes(pl_http_req *r)
{
    json_t *items = json_array();
    for (size_t i = 0; i < pl_http_route_count(); i++)
        json_array_append_new(items, json_pack("{s:s,s:s,s:s}", "method", routes[i].method, "path",
                                               routes[i].pattern, "permission",
                                               perm_name(routes[i].perm)));
    return pl_http_reply_page(r, items, NULL);
}
