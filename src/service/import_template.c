/* import_template.c - the import template for both front ends (import_template.h). */
#include "service/import_template.h"
#include "io/import_template.h"

int pl_import_template_make(const char *path, pl_error *err)
{
    if (path == NULL || path[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "out", "beri nama berkas templat (--out BERKAS.xlsx)");
    return pl_import_template_write(path, err);
}
