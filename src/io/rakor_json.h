/*
 * rakor_json.h - the JSON shapes of the rakor area: meetings, the problems
 * raised there, interventions and statistics-office indicators, shared by
 * the CLI's --json output and the HTTP API (keys listed in docs/api.md).
 * Every function returns a new reference owned by the caller, or NULL when
 * memory runs out.
 */
#ifndef PL_IO_RAKOR_JSON_H
#define PL_IO_RAKOR_JSON_H

#include "store/indicator.h"
#include "store/rakor.h"

#include <jansson.h>

/*
 * A rakor: id, year, host_region, held_on, theme, participants. Callers
 * listing rakor add "problems" (an array of pl_json_rakor_problem).
 */
json_t *pl_json_rakor(const pl_rakor *r);

/* A problem raised at a rakor: id, region, category (null = none), text. */
json_t *pl_json_rakor_problem(const pl_rakor_problem *p);

/*
 * An intervention: id, version, rakor_year, region, title, level, owner,
 * status, category, budget, due_date (null when not set), last_note ({date,
 * text} of the newest follow-up note, or null).
 */
json_t *pl_json_intervention(const pl_intervention *iv);

/*
 * Who carries an intervention out: a PSKS unit {psks_id, name, type,
 * area_code} or a program {program, name}.
 */
json_t *pl_json_intervention_link(const pl_intervention_link *l);

/* A follow-up note: id, date, text, created_by. */
json_t *pl_json_intervention_note(const pl_intervention_note *n);

/* An indicator value: region, year, name (slug), label (in words), value, source. */
json_t *pl_json_indicator(const pl_indicator *in);

#endif
