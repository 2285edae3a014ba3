/*
 * program_json.h - the JSON shapes of the programs area: programs, the
 * eligibility preview, integrity findings, disbursement batches with their
 * totals and items, and duplicate candidates. The CLI's --json output and
 * the HTTP API both call these, so both speak one shape (keys listed in
 * docs/api.md). Every function returns a new reference owned by the caller,
 * or NULL when memory runs out.
 */
#ifndef PL_IO_PROGRAM_JSON_H
#define PL_IO_PROGRAM_JSON_H

#include "domain/eligibility.h"
#include "domain/ident.h"
#include "store/dedup.h"
#include "store/disburse.h"
#include "store/integrity.h"
#include "store/program.h"

#include <jansson.h>

/*
 * A program: id, code, name, level, household, amount, frequency, cap,
 * categories, age_min, age_max, disability, desil_max, regions, excludes.
 */
json_t *pl_json_program(const pl_program *p);

/*
 * An eligibility preview of program code for period inside region ("" =
 * everywhere): program, period, region, candidates, eligible,
 * by_region:[{region, eligible}], failed:{rule: count}, failed_reasons:[{rule,
 * reason (in words), count}], seconds.
 */
json_t *pl_json_preview(const char *code, const char *period, const char *region,
                        const pl_preview *pv);

/* The Indonesian name of an integrity rule ("dead" -> "Penerima sudah meninggal"). */
const char *pl_finding_rule_name(const char *rule);

/*
 * An integrity finding: rule, person_id, household_id, nik, name, village,
 * detail, rule_name (the rule in words). view as in io/record_json.h (NULL shows the NIK as
 * stored).
 */
json_t *pl_json_finding(const pl_finding *f, const pl_ident_view *view);

/*
 * A disbursement batch: id, program, period, status, items, total,
 * approved_at, approved_by. Callers add "totals" or "items" lists.
 */
json_t *pl_json_batch(const pl_batch *b);

/* A batch total per region and payment status: region, status, items, amount. */
json_t *pl_json_batch_total(const pl_batch_total *t);

/*
 * A batch item: id, beneficiary, name, village, amount, account, reference,
 * status, reason.
 */
json_t *pl_json_batch_item(const pl_batch_item *it);

/*
 * A duplicate candidate pair: id, person_a, person_b, score, exact, status,
 * reasons, name_a, name_b, nik_a, nik_b (NIKs as the view shows them),
 * village_a, village_b, created_at, decided_by, decided_at (null while
 * open), merge_id and survivor_id (status merged; null otherwise).
 */
json_t *pl_json_dedup_candidate(const pl_dedup_candidate *d, const pl_ident_view *view);

#endif
