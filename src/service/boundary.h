/*
 * boundary.h - loading region outlines (GeoJSON from the statistics office
 * or the project's data/boundaries/) into the store, all features in one
 * audited transaction.
 */
#ifndef PL_SERVICE_BOUNDARY_H
#define PL_SERVICE_BOUNDARY_H

#include "store/store.h"

#include <stddef.h>

/* What an import loaded. */
typedef struct pl_boundary_import_result {
    size_t features;  /* outlines written */
    long by_level[5]; /* per region level (PL_LEVEL_PROVINCE .. PL_LEVEL_VILLAGE) */
} pl_boundary_import_result;

/*
 * Reads the GeoJSON file at path and stores every feature's outline under
 * its `code` property (a Kemendagri region code, any spelling); the name is
 * the feature's `name`, else the region's. level (PL_LEVEL_*, 0 = any)
 * refuses features of another level. Every feature is checked before any is
 * written; the outlines and one audit row (action "import", entity
 * "boundary", after {"file", "features"}) are written in one transaction.
 * Errors: PL_EINVAL (unreadable file, a feature without a valid code or of
 * another level; err names the feature), PL_ENOMEM, PL_EIO.
 */
int pl_boundary_import(pl_boundary_import_result *out, pl_store *s, const pl_actor *who,
                       const char *path, int level, pl_error *err);

#endif
