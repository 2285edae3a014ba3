/*
 * import_template.h - the spreadsheet template for `pilar import`: an XLSX
 * whose first sheet "Data" has the canonical header (domain/record.h), every
 * column formatted as Text (so a NIK or KK typed in stays 16 digits: Excel
 * keeps only 15 of a number) and one example row; its second sheet "Kode"
 * lists the valid codes (PMKS categories with their names and to whom they
 * apply, relationship codes, sexes, disability types, reasons for a person
 * without NIK).
 */
#ifndef PL_IO_IMPORT_TEMPLATE_H
#define PL_IO_IMPORT_TEMPLATE_H

#include "util/error.h"

/* The template's sheet names. */
#define PL_IMPORT_TEMPLATE_SHEET "Data"
#define PL_IMPORT_TEMPLATE_CODES "Kode"

/*
 * Writes the template to path (mode 0600 through util/fs.h; an existing
 * file is replaced). Errors: PL_EIO, PL_ENOMEM (pl_error field "file").
 */
int pl_import_template_write(const char *path, pl_error *err);

#endif
