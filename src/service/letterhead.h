/*
 * letterhead.h - the letterhead (kop surat) and signature block of an
 * office's printed documents: set and removed per province or regency by an
 * administrator (`PUT/DELETE /settings/letterhead/{region}`), and picked for
 * a document by its region: the setting of the region itself or of its
 * nearest ancestor (a regency's report uses the regency's setting, else the
 * province's). Drawing is io/letterhead.h's.
 */
#ifndef PL_SERVICE_LETTERHEAD_H
#define PL_SERVICE_LETTERHEAD_H

#include "domain/date.h"
#include "io/letterhead.h"
#include "store/letterhead.h"
#include "store/store.h"

/*
 * Checks and stores the setting in (in->region: a province or regency; the
 * office's name required; NIP, when given, 18 digits with optional
 * spaces; text trimmed to its field). With keep_logo the stored logo stays,
 * otherwise logo[0..logo_len) replaces it (NULL = remove; checked with
 * pl_letterhead_logo_check). Errors: PL_EINVAL (field and message),
 * PL_ECONFLICT (stale version), PL_EIO.
 */
int pl_letterhead_put(pl_store *s, const pl_actor *who, const pl_letterhead *in, bool keep_logo,
                      const unsigned char *logo, size_t logo_len, pl_error *err);

/*
 * The letterhead for a document of region (dotted code at any level), signed
 * on date on: *out (pl_doc_letterhead_free) is the setting of region or of its
 * nearest ancestor with its logo, or NULL when none applies. Errors: PL_EIO,
 * PL_ENOMEM.
 */
int pl_letterhead_for_region(pl_doc_letterhead **out, pl_store *s, const char *region,
                             const pl_date *on, pl_error *err);

#endif
