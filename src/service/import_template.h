/*
 * import_template.h - the import template (io/import_template.h) as a unit
 * of work for both front ends: `pilar import template` and
 * GET /api/v1/imports/template.
 */
#ifndef PL_SERVICE_IMPORT_TEMPLATE_H
#define PL_SERVICE_IMPORT_TEMPLATE_H

#include "util/error.h"

/* The file name offered for the template ("templat-impor-pilar.xlsx"). */
#define PL_IMPORT_TEMPLATE_NAME "templat-impor-pilar.xlsx"

/*
 * Writes the import template workbook to path (0600). Needs no data base:
 * the codes come from the domain tables. Errors: PL_EIO, PL_ENOMEM.
 */
int pl_import_template_make(const char *path, pl_error *err);

#endif
