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
#include "domain/ident.h"
#include "store/store.h"
#include "store/audit.h"
#include "store/auth.h"
#include "store/region.h"
#include "store/household.h"
#include "store/letterhead.h"
#include "store/membership.h"
#include "store/person.h"
#include "store/psks.h"

#include <jansson.h>

/*
 * view says what identifying fields become for the reader (domain/ident.h):
 * NULL shows them as stored; a hiding view writes pseudonyms for "nik" and
 * "kk" and the birth year for "birth_date", so the shape stays the same for
 * every role. Keys are the API's (docs/api.md "Keys").
 */
json_t *pl_json_person(const pl_person *p, const pl_ident_view *view);
json_t *pl_json_household(const pl_household *h, const pl_ident_view *view);
json_t *pl_json_membership(const pl_membership *m);
json_t *pl_json_psks(const pl_psks_unit *u, const pl_ident_view *view);

/* A PSKS history record (training, certification, active period, honor); new reference. */
json_t *pl_json_psks_record(const pl_psks_record *r);

/* A PSKS meeting, a participant, a problem or recommendation; new references. */
json_t *pl_json_psks_meeting(const pl_psks_meeting *m);
json_t *pl_json_psks_party(const pl_psks_party *p);
json_t *pl_json_psks_item(const pl_psks_item *i);
/*
 * before/after are parsed back into JSON values; under a hiding view their
 * "nik", "kk"/"no_kk" and "birth_date"/"tanggal_lahir" members go through
 * the same decision.
 */
json_t *pl_json_audit(const pl_audit_entry *e, const pl_ident_view *view);

/* Applies view to the identifying members of an audit image object in place. */
void pl_json_ident_image(json_t *img, const pl_ident_view *view);

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

/*
 * A PMKS or PSKS category: code, slug, name (official), label (the one label
 * pages, reports and PDFs print), short_name (abbreviation), applies_to.
 */
json_t *pl_json_category(const pl_category *c);

/*
 * A disability card as the public checker shows it: status ("valid",
 * "revoked" or "unknown"), and for a known card name and disability.
 */
json_t *pl_json_card_status(const pl_card_status *st);

/*
 * A letterhead setting: region, region_name (as given), agency, office_name,
 * address, place, signer_title, signer_name, signer_nip, has_logo,
 * logo_bytes, updated_at, updated_by, version.
 */
json_t *pl_json_letterhead(const pl_letterhead *lh, const char *region_name);

#endif
