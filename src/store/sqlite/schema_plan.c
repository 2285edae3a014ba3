/*
 * schema_plan.c - migration 16 of the SQLite schema (issue 20, item 6): who
 * carries out an intervention agreed at a rakor. Never edit a released
 * migration: add a new one.
 *
 * - intervention_psks: the PSKS units (TKSK, PSM, Tagana, LKS, ...) that
 *   carry an intervention out; a unit is linked once per intervention.
 * - intervention_program: the programs (by code) that fund or deliver it.
 * Both are audited like every other table; a link is removed by deleting
 * its row (pl_sq_intervention_links_set replaces an intervention's set).
 */
#include "store/sqlite/internal.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

#define IV_PSKS_JSON(R)                                                                            \
    "json_object('intervention_id'," R ".intervention_id,'psks_id'," R ".psks_id)"
#define IV_PROGRAM_JSON(R)                                                                         \
    "json_object('intervention_id'," R ".intervention_id,'program_code'," R ".program_code)"

const char pl_sq_migration_16[] =
    "CREATE TABLE intervention_psks(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  intervention_id INTEGER NOT NULL REFERENCES intervention(id),\n"
    "  psks_id INTEGER NOT NULL REFERENCES psks_unit(id),\n"
    "  UNIQUE(intervention_id, psks_id)\n"
    ");\n"
    "CREATE INDEX intervention_psks_unit ON intervention_psks(psks_id);\n"
    "CREATE TABLE intervention_program(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  intervention_id INTEGER NOT NULL REFERENCES intervention(id),\n"
    "  program_code TEXT NOT NULL REFERENCES program(code),\n"
    "  UNIQUE(intervention_id, program_code)\n"
    ");\n"
    "CREATE INDEX intervention_program_code ON intervention_program(program_code);\n"
    PL_SQ_AUDIT_TRIGGERS("intervention_psks", IV_PSKS_JSON)
    PL_SQ_AUDIT_TRIGGERS("intervention_program", IV_PROGRAM_JSON);
/* clang-format on */
