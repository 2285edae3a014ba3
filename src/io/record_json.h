/*
 * record_json.h - store records as JSON objects (jansson), shared by the
 * CLI's --json output and the HTTP API so both speak the same shape.
 * Every function returns a new reference owned by the caller (NULL on
 * allocation failure).
 */
#ifndef PL_IO_RECORD_JSON_H
#define PL_IO_RECORD_JSON_H

#include "domain/card_status.h"
#include "domain/category.h"
#include "store/store.h"
#include "store/audit.h"
#include "store/auth.h"
#include "store/region.h"
#include "store/household.h"
#include "store/membership.h"
#include "store/person.h"
#include "store/psks.h"

#include <jansson.h>

enum {
    PL_JSON_MASK_NIK = 1 << 0, /* "6474**********01" instead of the NIK and KK */
};

json_t *pl_json_person(const pl_person *p, unsigned opts);
json_t *pl_json_household(const pl_household *h, unsigned opts);
json_t *pl_json_membership(const pl_membership *m);
json_t *pl_json_psks(const pl_psks_unit *u, unsigned opts);
/* before/after are parsed back into JSON values. */
json_t *pl_json_audit(const pl_audit_entry *e);

/*
 * A region: code, parent (null for a province), level (1..4), level_name
 * ("provinsi", "kabupaten/kota", "kecamatan", "desa/kelurahan"), name.
 */
json_t *pl_json_region(const pl_region *g);

/*
 * An account, without secrets: id, username, role, scope, disabled,
 * version, created_at.
 */
json_t *pl_json_user(const pl_user *u);

/* A PMKS or PSKS category: code, slug, name, short_name, applies_to. */
json_t *pl_json_category(const pl_category *c);

/*
 * A disability card as the public checker shows it: status ("valid",
 * "revoked" or "unknown"), and for a known card name and disability.
 */
json_t *pl_json_card_status(const pl_card_status *st);

#endif
