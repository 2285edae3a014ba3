/*
 * cli.h - shared pieces of the command-line front end: the context every
 * command receives, the command table entry, and output helpers. Commands
 * print for people in Bahasa Indonesia, or JSON with --json.
 */
#ifndef PL_CLI_CLI_H
#define PL_CLI_CLI_H

#include "service/auth.h"
#include "store/store.h"
#include "util/error.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct pl_cli {
    const char *db_path; /* --db, PILAR_DB, or ./pilar.db */
    char db_shown[512];  /* db_path as it may be printed (a password masked) */
    bool json;           /* --json: machine output */
    FILE *out;
    FILE *errs;
    pl_actor actor; /* "cli:<login>" from the command line */
    char actor_name[80];
    pl_error err; /* the failure a command returns, printed by main */
    /* Configuration main.c reads from the environment (nothing below cli/ reads it). */
    pl_auth_cost pwhash_cost; /* PILAR_PWHASH=fast: minimum argon2id cost (tests only) */
    unsigned store_flags;     /* --synchronous / PILAR_SYNCHRONOUS: PL_STORE_SYNC_NORMAL or 0 */
} pl_cli;

typedef int (*pl_cli_fn)(pl_cli *c, int argc, char **argv);

typedef struct pl_cli_command {
    const char *group; /* "region" */
    const char *verb;  /* "import", or NULL for a one-word command */
    pl_cli_fn fn;
    const char *summary; /* one line, Bahasa Indonesia */
    const char *usage;   /* options, Bahasa Indonesia */
} pl_cli_command;

/*
 * A data base location as it may be printed or logged: the password of a URL
 * ("postgresql://u:secret@h/db") or of a libpq string ("password=secret") replaced by "***";
 * anything else as given. Truncated to cap bytes.
 */
void pl_cli_shown_location(char *out, size_t cap, const char *loc);

/* Opens the store named by c->db_path, requiring an initialised schema. */
int pl_cli_open(pl_cli *c, pl_store **out, unsigned flags);

/*
 * Tells the operator (on c->errs) when opening s took group/other permissions off the data
 * base file (pl_store_tightened_mode); silent otherwise.
 */
void pl_cli_note_store(pl_cli *c, const pl_store *s);

/*
 * Tests' pause inside a long command (cluster move, move-person, merge): when step is the step
 * named by want (an environment variable the command read), says so on stderr and waits while
 * the file pause_file exists (at most 120 s), so that a test can look or kill the process there.
 * Nothing when want or pause_file is NULL.
 */
void pl_cli_test_pause(const char *want, const char *pause_file, const char *step);

/* Prints a JSON value to c->out (one line) and releases it. */
int pl_cli_print_json(pl_cli *c, json_t *v);

/* True when the option at argv[*i] is name (as "--name VALUE" or "--name=VALUE"); sets *value. */
bool pl_cli_opt(int argc, char **argv, int *i, const char *name, const char **value);

/* Fails with a clear message about an unknown option or missing argument. */
int pl_cli_bad_option(pl_cli *c, const char *arg);

/* Region-existence callback over the store for domain checks (ctx = pl_store*). */
bool pl_cli_region_exists(void *ctx, const char *dotted);

/* Today's date in the local time zone. */
void pl_cli_today(int *y, int *m, int *d);

/*
 * Copies option value v into the fixed field out of cap bytes; a value too
 * long is refused (PL_EINVAL naming field), never cut. PL_CLI_COPY passes
 * the size of an array field.
 */
int pl_cli_copy_opt(pl_cli *c, char *out, size_t cap, const char *v, const char *field);
#define PL_CLI_COPY(c, dst, v, field) pl_cli_copy_opt((c), (dst), sizeof(dst), (v), (field))

/*
 * Normalises the --region value v into region (PL_REGION_CODE_MAX bytes); PL_EINVAL naming
 * "region" when v is not a region code.
 */
int pl_cli_region_opt(pl_cli *c, char *region, const char *v);

/*
 * True when argv[*i] is a paging option with its value (as pl_cli_opt): --limit N sets
 * *limit, --after ID sets *after. False otherwise, also when the value is missing (the
 * caller then reports the option).
 */
bool pl_cli_page_opt(int argc, char **argv, int *i, int *limit, int64_t *after);

/* Checks a listing's --limit: 0 when it is 1 to 1000, else PL_EINVAL naming "limit". */
int pl_cli_limit_check(pl_cli *c, int limit);

/*
 * A listing a command prints row by row from a store callback: with --json each row goes
 * into arr, otherwise as a line on c->out. n counts the rows; last holds the id of the last
 * one, for --after paging.
 */
typedef struct pl_cli_list {
    pl_cli *c;
    json_t *arr; /* NULL without --json */
    int n;
    int64_t last;
} pl_cli_list;

/* Starts a listing: an empty JSON array with --json, none otherwise. */
pl_cli_list pl_cli_list_begin(pl_cli *c);

/*
 * Finishes a listing whose store call returned rc: on failure releases the array and returns
 * rc. With --json prints {"items": [...]}, plus "next" (the id to pass as --after, or null)
 * when the listing is paged (limit > 0). Otherwise prints empty when no row was listed, or,
 * when a paged listing filled its page, how to ask for the next one.
 */
int pl_cli_list_end(pl_cli_list *l, int rc, int limit, const char *empty);

/* Commands, one function per command (see main.c for the table). */
int pl_cmd_init(pl_cli *c, int argc, char **argv);
int pl_cmd_cleanup(pl_cli *c, int argc, char **argv);
int pl_cmd_audit_purge(pl_cli *c, int argc, char **argv);
int pl_cmd_audit_anchor(pl_cli *c, int argc, char **argv);
int pl_cmd_backup(pl_cli *c, int argc, char **argv);
int pl_cmd_restore(pl_cli *c, int argc, char **argv);
int pl_cmd_db_copy(pl_cli *c, int argc, char **argv);
int pl_cmd_cluster_init(pl_cli *c, int argc, char **argv);
int pl_cmd_cluster_status(pl_cli *c, int argc, char **argv);
int pl_cmd_cluster_move(pl_cli *c, int argc, char **argv);
int pl_cmd_cluster_move_person(pl_cli *c, int argc, char **argv);
int pl_cmd_cluster_resolve(pl_cli *c, int argc, char **argv);
int pl_cmd_cluster_dedup(pl_cli *c, int argc, char **argv);
int pl_cmd_cluster_pairs(pl_cli *c, int argc, char **argv);
int pl_cmd_cluster_merge(pl_cli *c, int argc, char **argv);
int pl_cmd_cluster_distinct(pl_cli *c, int argc, char **argv);
int pl_cmd_cluster_keys(pl_cli *c, int argc, char **argv);

/* Parses --read-audit-days N (service/audit.h bounds) into *days; PL_EINVAL otherwise. */
int pl_cli_read_audit_days(pl_cli *c, const char *v, int *days);
int pl_cmd_status(pl_cli *c, int argc, char **argv);
int pl_cmd_region_import(pl_cli *c, int argc, char **argv);
int pl_cmd_region_show(pl_cli *c, int argc, char **argv);
int pl_cmd_region_search(pl_cli *c, int argc, char **argv);
int pl_cmd_household_add(pl_cli *c, int argc, char **argv);
int pl_cmd_household_show(pl_cli *c, int argc, char **argv);
int pl_cmd_household_socio(pl_cli *c, int argc, char **argv);
int pl_cmd_pmt_model_import(pl_cli *c, int argc, char **argv);
int pl_cmd_pmt_models(pl_cli *c, int argc, char **argv);
int pl_cmd_pmt_socio_import(pl_cli *c, int argc, char **argv);
int pl_cmd_pmt_score(pl_cli *c, int argc, char **argv);
int pl_cmd_pmt_runs(pl_cli *c, int argc, char **argv);
int pl_cmd_pmt_show(pl_cli *c, int argc, char **argv);
int pl_cmd_pmt_deciles(pl_cli *c, int argc, char **argv);
int pl_cmd_person_add(pl_cli *c, int argc, char **argv);
int pl_cmd_person_show(pl_cli *c, int argc, char **argv);
int pl_cmd_person_update(pl_cli *c, int argc, char **argv);
int pl_cmd_person_without_nik(pl_cli *c, int argc, char **argv);
int pl_cmd_person_search(pl_cli *c, int argc, char **argv);
int pl_cmd_category_list(pl_cli *c, int argc, char **argv);
int pl_cmd_psks_add(pl_cli *c, int argc, char **argv);
int pl_cmd_psks_update(pl_cli *c, int argc, char **argv);
int pl_cmd_psks_list(pl_cli *c, int argc, char **argv);
int pl_cmd_psks_import(pl_cli *c, int argc, char **argv);
int pl_cmd_psks_coverage(pl_cli *c, int argc, char **argv);
int pl_cmd_psks_show(pl_cli *c, int argc, char **argv);
int pl_cmd_psks_export(pl_cli *c, int argc, char **argv);
int pl_cmd_psks_training(pl_cli *c, int argc, char **argv);
int pl_cmd_psks_cert(pl_cli *c, int argc, char **argv);
int pl_cmd_psks_period(pl_cli *c, int argc, char **argv);
int pl_cmd_psks_pay(pl_cli *c, int argc, char **argv);
int pl_cmd_psks_meeting(pl_cli *c, int argc, char **argv);
/* dtsen.c: the DTSEN update cycle (issue 19 items 1-5). */
int pl_cmd_cycle_settings(pl_cli *c, int argc, char **argv);
int pl_cmd_cycle_list(pl_cli *c, int argc, char **argv);
int pl_cmd_cycle_show(pl_cli *c, int argc, char **argv);
int pl_cmd_cycle_ratify(pl_cli *c, int argc, char **argv);
int pl_cmd_cycle_report(pl_cli *c, int argc, char **argv);
int pl_cmd_cycle_checks(pl_cli *c, int argc, char **argv);
int pl_cmd_cycle_check_result(pl_cli *c, int argc, char **argv);
int pl_cmd_meeting_add(pl_cli *c, int argc, char **argv);
int pl_cmd_meeting_attach(pl_cli *c, int argc, char **argv);
int pl_cmd_meeting_list(pl_cli *c, int argc, char **argv);
int pl_cmd_proposal_add(pl_cli *c, int argc, char **argv);
int pl_cmd_proposal_update(pl_cli *c, int argc, char **argv);
int pl_cmd_proposal_reject(pl_cli *c, int argc, char **argv);
int pl_cmd_proposal_show(pl_cli *c, int argc, char **argv);
int pl_cmd_proposal_list(pl_cli *c, int argc, char **argv);
int pl_cmd_proposal_check(pl_cli *c, int argc, char **argv);
int pl_cmd_objection_add(pl_cli *c, int argc, char **argv);
int pl_cmd_objection_list(pl_cli *c, int argc, char **argv);
int pl_cmd_objection_show(pl_cli *c, int argc, char **argv);
int pl_cmd_objection_check(pl_cli *c, int argc, char **argv);
int pl_cmd_objection_decide(pl_cli *c, int argc, char **argv);
int pl_cmd_objection_answer(pl_cli *c, int argc, char **argv);
int pl_cmd_objection_letter(pl_cli *c, int argc, char **argv);

/* psks_visit.c: the work of PSKS units (issue 20). */
int pl_cmd_psks_suggest(pl_cli *c, int argc, char **argv);
int pl_cmd_psks_assign(pl_cli *c, int argc, char **argv);
int pl_cmd_psks_assignments(pl_cli *c, int argc, char **argv);
int pl_cmd_psks_assignment(pl_cli *c, int argc, char **argv);
int pl_cmd_psks_visit(pl_cli *c, int argc, char **argv);
int pl_cmd_psks_visits(pl_cli *c, int argc, char **argv);
int pl_cmd_psks_activity(pl_cli *c, int argc, char **argv);
int pl_cmd_psks_nearby(pl_cli *c, int argc, char **argv);
int pl_cmd_psks_deploy(pl_cli *c, int argc, char **argv);
int pl_cmd_nik_check(pl_cli *c, int argc, char **argv);
int pl_cmd_gen(pl_cli *c, int argc, char **argv);
int pl_cmd_import(pl_cli *c, int argc, char **argv);
int pl_cmd_import_template(pl_cli *c, int argc, char **argv);
int pl_cmd_report_counts(pl_cli *c, int argc, char **argv);
int pl_cmd_report_compare(pl_cli *c, int argc, char **argv);
int pl_cmd_report_rakor(pl_cli *c, int argc, char **argv);
int pl_cmd_indicator_import(pl_cli *c, int argc, char **argv);
int pl_cmd_indicator_list(pl_cli *c, int argc, char **argv);
int pl_cmd_period_approve(pl_cli *c, int argc, char **argv);
int pl_cmd_period_reopen(pl_cli *c, int argc, char **argv);
int pl_cmd_period_status(pl_cli *c, int argc, char **argv);
int pl_cmd_rakor_add(pl_cli *c, int argc, char **argv);
int pl_cmd_rakor_list(pl_cli *c, int argc, char **argv);
int pl_cmd_rakor_problem(pl_cli *c, int argc, char **argv);
int pl_cmd_intervention_add(pl_cli *c, int argc, char **argv);
int pl_cmd_intervention_list(pl_cli *c, int argc, char **argv);
int pl_cmd_intervention_update(pl_cli *c, int argc, char **argv);
int pl_cmd_intervention_overdue(pl_cli *c, int argc, char **argv);
int pl_cmd_intervention_link(pl_cli *c, int argc, char **argv);
int pl_cmd_user_add(pl_cli *c, int argc, char **argv);
int pl_cmd_user_list(pl_cli *c, int argc, char **argv);
int pl_cmd_user_passwd(pl_cli *c, int argc, char **argv);
int pl_cmd_user_disable(pl_cli *c, int argc, char **argv);
int pl_cmd_user_token(pl_cli *c, int argc, char **argv);
int pl_cmd_user_totp(pl_cli *c, int argc, char **argv);
int pl_cmd_user_revoke(pl_cli *c, int argc, char **argv);
int pl_cmd_serve(pl_cli *c, int argc, char **argv);
int pl_cmd_export(pl_cli *c, int argc, char **argv);
int pl_cmd_check(pl_cli *c, int argc, char **argv);
int pl_cmd_verify_queue(pl_cli *c, int argc, char **argv);
int pl_cmd_verify_accept(pl_cli *c, int argc, char **argv);
int pl_cmd_verify_reject(pl_cli *c, int argc, char **argv);
int pl_cmd_dedup(pl_cli *c, int argc, char **argv);
int pl_cmd_dedup_list(pl_cli *c, int argc, char **argv);
int pl_cmd_dedup_merge(pl_cli *c, int argc, char **argv);
int pl_cmd_dedup_undo(pl_cli *c, int argc, char **argv);
int pl_cmd_dedup_distinct(pl_cli *c, int argc, char **argv);
int pl_cmd_program_add(pl_cli *c, int argc, char **argv);
int pl_cmd_program_list(pl_cli *c, int argc, char **argv);
int pl_cmd_program_show(pl_cli *c, int argc, char **argv);
int pl_cmd_program_preview(pl_cli *c, int argc, char **argv);
int pl_cmd_program_enroll(pl_cli *c, int argc, char **argv);
int pl_cmd_program_check(pl_cli *c, int argc, char **argv);
int pl_cmd_program_account(pl_cli *c, int argc, char **argv);
int pl_cmd_program_desil(pl_cli *c, int argc, char **argv);
int pl_cmd_program_report(pl_cli *c, int argc, char **argv);
int pl_cmd_batch_create(pl_cli *c, int argc, char **argv);
int pl_cmd_batch_approve(pl_cli *c, int argc, char **argv);
int pl_cmd_batch_export(pl_cli *c, int argc, char **argv);
int pl_cmd_batch_reconcile(pl_cli *c, int argc, char **argv);
int pl_cmd_batch_show(pl_cli *c, int argc, char **argv);
int pl_cmd_transfer_list(pl_cli *c, int argc, char **argv);
int pl_cmd_transfer_resolve(pl_cli *c, int argc, char **argv);
int pl_cmd_boundary_import(pl_cli *c, int argc, char **argv);
int pl_cmd_area(pl_cli *c, int argc, char **argv);
int pl_cmd_disaster_add(pl_cli *c, int argc, char **argv);
int pl_cmd_disaster_list(pl_cli *c, int argc, char **argv);
int pl_cmd_disaster_affected(pl_cli *c, int argc, char **argv);
int pl_cmd_disaster_confirm(pl_cli *c, int argc, char **argv);
int pl_cmd_card(pl_cli *c, int argc, char **argv);
int pl_cmd_card_revoke(pl_cli *c, int argc, char **argv);
int pl_cmd_card_reissue(pl_cli *c, int argc, char **argv);
int pl_cmd_card_check(pl_cli *c, int argc, char **argv);
int pl_cmd_geo_check(pl_cli *c, int argc, char **argv);
int pl_cmd_geo_reindex(pl_cli *c, int argc, char **argv);

/* sync.c: offline instances. */
int pl_cmd_sync_init(pl_cli *c, int argc, char **argv);
int pl_cmd_sync_run(pl_cli *c, int argc, char **argv);
int pl_cmd_sync_status(pl_cli *c, int argc, char **argv);
int pl_cmd_sync_conflicts(pl_cli *c, int argc, char **argv);
int pl_cmd_sync_resolve(pl_cli *c, int argc, char **argv);
int pl_cmd_sync_export(pl_cli *c, int argc, char **argv);
int pl_cmd_sync_import(pl_cli *c, int argc, char **argv);
int pl_cmd_sync_instances(pl_cli *c, int argc, char **argv);

#endif
