/*
 * psks.h - registering a PSKS unit (TKSK, PSM, Tagana, LKS, ...): the one
 * unit of work behind `pilar psks add` and POST /api/v1/psks.
 */
#ifndef PL_SERVICE_PSKS_H
#define PL_SERVICE_PSKS_H

#include "store/store.h"
#include "store/psks.h"

/*
 * Validates and records unit u of PSKS type (a code "11" or a slug): name
 * required (a person's name is checked as one; organisations are free
 * text), area_code any spelling of a region code (normalised in place)
 * inside scope ("" = everywhere), nik NULL/"" or a valid NIK (stored as its
 * digits), coordinates (when has_coord) inside Indonesia. Sets type and
 * kind; address, phone and email as given. Fills id and version.
 * Errors: PL_EINVAL naming the field ("type", "name", "region", "nik",
 * "latitude"), PL_EDENIED (region outside scope).
 */
int pl_psks_register(pl_store *s, const pl_actor *who, const char *scope, const char *type,
                     const char *nik, pl_psks_unit *u, pl_error *err);

#endif
