/*
 * handlers.h - one function per route, grouped by resource file (h_*.c).
 * Private to src/http/; the route table in router.c is the only caller.
 */
#ifndef PL_HTTP_HANDLERS_H
#define PL_HTTP_HANDLERS_H

#include "domain/record.h"
#include "http/http.h"
#include "store/auth.h"
#include "store/household.h"
#include "store/person.h"

/* h_session.c */
int pl_h_healthz(pl_http_req *r);
int pl_h_login(pl_http_req *r);
int pl_h_login_totp(pl_http_req *r);
int pl_h_me_password(pl_http_req *r);
int pl_h_me_tokens(pl_http_req *r);
int pl_h_token_rotate(pl_http_req *r);
int pl_h_logout(pl_http_req *r);
int pl_h_me(pl_http_req *r);
int pl_h_routes(pl_http_req *r);
/* h_regions.c */
int pl_h_regions(pl_http_req *r);
int pl_h_region_search(pl_http_req *r);
int pl_h_region_get(pl_http_req *r);
int pl_h_summary(pl_http_req *r);
/* h_categories.c */
int pl_h_categories(pl_http_req *r);
int pl_h_categories_psks(pl_http_req *r);
int pl_h_person_categories(pl_http_req *r);
int pl_h_person_category_add(pl_http_req *r);
int pl_h_membership_end(pl_http_req *r);
/* h_households.c */
int pl_h_households(pl_http_req *r);
int pl_h_household_add(pl_http_req *r);
int pl_h_household_get(pl_http_req *r);
int pl_h_household_patch(pl_http_req *r);
int pl_h_household_members(pl_http_req *r);
/* h_people.c */
int pl_h_people(pl_http_req *r);
int pl_h_people_without_nik(pl_http_req *r);
int pl_h_person_add(pl_http_req *r);
int pl_h_person_get(pl_http_req *r);
int pl_h_person_patch(pl_http_req *r);
/* h_verification.c */
int pl_h_person_verify(pl_http_req *r);
int pl_h_person_reject(pl_http_req *r);
int pl_h_verification_queue(pl_http_req *r);
int pl_h_verification_bulk(pl_http_req *r);
/* h_psks.c */
int pl_h_psks(pl_http_req *r);
int pl_h_psks_add(pl_http_req *r);
/* PATCH /psks/{id}: changes a unit inside scope (service/psks.h pl_psks_update). */
int pl_h_psks_patch(pl_http_req *r);
/* The "areas" member of a PSKS body (array of codes or one string) as a list; *given when set. */
int pl_h_psks_areas_member(pl_http_req *r, json_t *in, char *out, size_t cap, bool *given);
int pl_h_psks_get(pl_http_req *r);
int pl_h_psks_export(pl_http_req *r);
int pl_h_psks_trainings(pl_http_req *r);
int pl_h_psks_training_add(pl_http_req *r);
int pl_h_psks_periods(pl_http_req *r);
int pl_h_psks_period_add(pl_http_req *r);
int pl_h_psks_payments(pl_http_req *r);
int pl_h_psks_payment_add(pl_http_req *r);
int pl_h_psks_record_patch(pl_http_req *r);
int pl_h_psks_meetings(pl_http_req *r);
int pl_h_psks_meeting_add(pl_http_req *r);
int pl_h_psks_meeting_get(pl_http_req *r);
int pl_h_psks_meeting_patch(pl_http_req *r);
int pl_h_psks_meeting_party_add(pl_http_req *r);
int pl_h_psks_meeting_item_add(pl_http_req *r);
int pl_h_psks_meeting_item_patch(pl_http_req *r);
int pl_h_psks_followups(pl_http_req *r);
/* h_psks_visit.c: assignments, visits, activity reports, PSKS in a disaster (issue 20). */
int pl_h_assignments(pl_http_req *r);
int pl_h_assignment_add(pl_http_req *r);
int pl_h_assignment_suggest(pl_http_req *r);
int pl_h_assignment_get(pl_http_req *r);
int pl_h_assignment_patch(pl_http_req *r);
int pl_h_visits(pl_http_req *r);
int pl_h_visit_add(pl_http_req *r);
int pl_h_visit_get(pl_http_req *r);
int pl_h_visit_photo_put(pl_http_req *r);
int pl_h_visit_photo_get(pl_http_req *r);
int pl_h_psks_activity(pl_http_req *r);
int pl_h_psks_activity_rollup(pl_http_req *r);
int pl_h_disaster_psks(pl_http_req *r);
int pl_h_disaster_deploy(pl_http_req *r);
/* h_imports.c */
int pl_h_import(pl_http_req *r);
int pl_h_import_template(pl_http_req *r);
/* GET /imports: the caller's imports (admin: everyone's), newest first. */
int pl_h_imports(pl_http_req *r);
int pl_h_import_rejects(pl_http_req *r);
/* h_exports.c */
int pl_h_export(pl_http_req *r);
/* h_history.c */
int pl_h_person_history(pl_http_req *r);
int pl_h_household_history(pl_http_req *r);
int pl_h_audit(pl_http_req *r);
/* h_reports.c */
int pl_h_report_counts(pl_http_req *r);
int pl_h_report_compare(pl_http_req *r);
int pl_h_report_rakor(pl_http_req *r);
int pl_h_indicators(pl_http_req *r);
int pl_h_interventions(pl_http_req *r);
/* h_plan.c: the rakor's interventions written (service/intervention.h) and PSKS coverage. */
int pl_h_intervention_add(pl_http_req *r);
int pl_h_intervention_get(pl_http_req *r);
int pl_h_intervention_patch(pl_http_req *r);
int pl_h_psks_coverage(pl_http_req *r);
/* h_users.c */
int pl_h_users(pl_http_req *r);
int pl_h_letterheads(pl_http_req *r);
int pl_h_letterhead_put(pl_http_req *r);
int pl_h_letterhead_delete(pl_http_req *r);
int pl_h_letterhead_logo(pl_http_req *r);
int pl_h_user_add(pl_http_req *r);
/* PATCH /users/{id}: {"disabled":bool} and/or {"password":"..."} (admin). */
int pl_h_user_patch(pl_http_req *r);

/* Shared by handler files: loads a person / household the caller may see (404 otherwise). */
int pl_h_load_person(pl_http_req *r, int i, pl_person *p);
int pl_h_load_household(pl_http_req *r, int i, pl_household *h);

/*
 * After a registration failed with rc: when rc is PL_ECONFLICT and the NIK
 * belongs to a person inside the caller's scope, names that person in the
 * error ("id"), so the form links to it.
 */
void pl_h_conflict_person(pl_http_req *r, int rc, const char *nik);

/* Lists each of probs' problems at its API key (after prefix, e.g. "members.1.") in r's error. */
void pl_h_error_problems(pl_http_req *r, const pl_record_problems *probs, const char *prefix);

/* GET /people with the query string of r; queue: the verification queue (drafts only). */
int pl_h_people_query(pl_http_req *r, bool queue);

/* h_geo.c: map data and the public card checker. */
int pl_h_map_unlocated(pl_http_req *r);
int pl_h_map_points(pl_http_req *r);
int pl_h_map_choropleth(pl_http_req *r);
int pl_h_boundaries(pl_http_req *r);
int pl_h_card_check(pl_http_req *r);
int pl_h_household_socio(pl_http_req *r);
int pl_h_household_socio_patch(pl_http_req *r);
int pl_h_pmt_models(pl_http_req *r);
int pl_h_pmt_model_import(pl_http_req *r);
int pl_h_pmt_score(pl_http_req *r);
int pl_h_pmt_runs(pl_http_req *r);
int pl_h_report_deciles(pl_http_req *r);
/* h_dtsen.c: the DTSEN update cycle (issue 19 items 1-5, 8). */
int pl_h_dtsen_meetings(pl_http_req *r);
int pl_h_dtsen_meeting_add(pl_http_req *r);
int pl_h_dtsen_meeting_get(pl_http_req *r);
int pl_h_dtsen_meeting_minutes(pl_http_req *r);
int pl_h_dtsen_proposals(pl_http_req *r);
int pl_h_dtsen_proposal_add(pl_http_req *r);
int pl_h_dtsen_proposal_get(pl_http_req *r);
int pl_h_dtsen_proposal_patch(pl_http_req *r);
int pl_h_dtsen_proposal_evidence(pl_http_req *r);
int pl_h_dtsen_proposal_reject(pl_http_req *r);
int pl_h_dtsen_proposal_check(pl_http_req *r);
int pl_h_dtsen_checks(pl_http_req *r);
int pl_h_dtsen_check_get(pl_http_req *r);
int pl_h_dtsen_check_result(pl_http_req *r);
int pl_h_dtsen_cycles(pl_http_req *r);
int pl_h_dtsen_cycle_get(pl_http_req *r);
int pl_h_dtsen_cycle_ratify(pl_http_req *r);
int pl_h_dtsen_objections(pl_http_req *r);
int pl_h_dtsen_objection_add(pl_http_req *r);
int pl_h_dtsen_objection_get(pl_http_req *r);
int pl_h_dtsen_objection_check(pl_http_req *r);
int pl_h_dtsen_objection_decide(pl_http_req *r);
int pl_h_dtsen_objection_answer(pl_http_req *r);
int pl_h_dtsen_objection_letter(pl_http_req *r);
int pl_h_dtsen_settings(pl_http_req *r);
int pl_h_dtsen_settings_put(pl_http_req *r);
int pl_h_dtsen_file_get(pl_http_req *r);
int pl_h_dtsen_cycle_sk(pl_http_req *r);
int pl_h_report_cycles(pl_http_req *r);
int pl_h_cek_form(pl_http_req *r);
int pl_h_cek_check(pl_http_req *r);

/* h_programs.c: programs, eligibility preview, findings, batches, duplicate candidates. */
int pl_h_programs(pl_http_req *r);
int pl_h_program_get(pl_http_req *r);
int pl_h_program_preview(pl_http_req *r);
int pl_h_program_findings(pl_http_req *r);
int pl_h_program_report(pl_http_req *r);
int pl_h_batch_get(pl_http_req *r);
int pl_h_dedup_candidates(pl_http_req *r);
int pl_h_dedup_candidate_get(pl_http_req *r);
int pl_h_dedup_merge(pl_http_req *r);
int pl_h_dedup_distinct(pl_http_req *r);
int pl_h_dedup_undo(pl_http_req *r);

/* h_cards.c: disability cards of one person (service/card.h). */
int pl_h_person_cards(pl_http_req *r);
int pl_h_person_card_print(pl_http_req *r);
int pl_h_person_card_reissue(pl_http_req *r);
int pl_h_person_card_revoke(pl_http_req *r);

/* h_disasters.c: disaster events and the people inside their area (service/disaster.h). */
int pl_h_disasters(pl_http_req *r);
int pl_h_disaster_add(pl_http_req *r);
int pl_h_disaster_get(pl_http_req *r);
int pl_h_disaster_affected(pl_http_req *r);
int pl_h_disaster_confirm(pl_http_req *r);

/* h_disburse.c: enrolment, refusals, integrity checks, disbursement batches (writes). */
int pl_h_program_enrol(pl_http_req *r);
int pl_h_program_refused(pl_http_req *r);
int pl_h_program_check(pl_http_req *r);
int pl_h_batches(pl_http_req *r);
int pl_h_batch_create(pl_http_req *r);
int pl_h_batch_approve(pl_http_req *r);
int pl_h_batch_transfer_file(pl_http_req *r);
int pl_h_batch_reconcile(pl_http_req *r);

/* h_approvals.c: period sign-off and re-opening; indicator upload. */
int pl_h_approvals(pl_http_req *r);
int pl_h_approval_sign(pl_http_req *r);
int pl_h_approval_reopen(pl_http_req *r);
int pl_h_indicator_import(pl_http_req *r);

/* h_transfers.c: transfer requests (service/transfer.h). */
int pl_h_transfers(pl_http_req *r);
int pl_h_transfer_get(pl_http_req *r);
int pl_h_transfer_resolve(pl_http_req *r);
/* Replies 202 {"status":"menunggu","transfer_id":id,"note":...} to a registration that waits. */
int pl_h_transfer_waiting(pl_http_req *r, int64_t id);

/* h_sync.c: offline instances (service/sync.h). */
int pl_h_sync_instances(pl_http_req *r);
int pl_h_sync_instance_add(pl_http_req *r);
int pl_h_sync_instance_revoke(pl_http_req *r);
int pl_h_sync_regions(pl_http_req *r);
int pl_h_sync_changes(pl_http_req *r);
int pl_h_sync_push(pl_http_req *r);
int pl_h_sync_local(pl_http_req *r);
int pl_h_sync_local_resolve(pl_http_req *r);

#endif
