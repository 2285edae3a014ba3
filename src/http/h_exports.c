/* h_exports.c - people in the canonical columns as CSV or XLSX, inside the caller's scope. */
#include "domain/category.h"
#include "http/handlers.h"
#include "http/tmpfile.h"
#include "service/auth.h"
#include "service/export.h"
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXPORT_MAX ((size_t)512 * 1024 * 1024)

int pl_h_export(pl_http_req *r)
{
    char region[PL_REGION_CODE_MAX];
    int rc = pl_http_region_param(r, "region", region);
    if (rc)
        return rc;
    if (region[0] && !pl_region_code_in_scope(region, r->user.scope) &&
        !pl_region_code_in_scope(r->user.scope, region))
        return pl_error_set(&r->err, PL_EDENIED, "region", "wilayah %s di luar cakupan Anda (%s)",
                            region, r->user.scope);
    const char *fmt = pl_http_query(r, "format");
    int format = fmt ? pl_export_format_parse(fmt) : PL_EXPORT_CSV;
    if (format < 0)
        return pl_error_set(&r->err, PL_EINVAL, "format", "format harus csv atau xlsx");
    const char *state = pl_http_query(r, "state");
    if (state && strcmp(state, PL_STATE_DRAFT) && strcmp(state, PL_STATE_VERIFIED) &&
        strcmp(state, PL_STATE_REJECTED))
        return pl_error_set(&r->err, PL_EINVAL, "state",
                            "status harus draft, verified atau rejected");
    const char *cat = pl_http_query(r, "category");
    int category = 0;
    if (cat) {
        const pl_category *c = strlen(cat) < 64 ? pl_pmks_find(cat) : NULL;
        if (c == NULL)
            return pl_error_set(&r->err, PL_EINVAL, "category", "kategori PMKS tidak dikenal");
        category = c->code;
    }
    pl_export_options opt = {
        .query = {.region = region, .scope = r->user.scope, .state = state, .category = category},
        .format = (pl_export_format)format,
        .view = pl_http_json_opts(r),
    };
    long rows = 0;
    char disp[96];
    snprintf(disp, sizeof disp, "attachment; filename=\"pilar-%s.%s\"",
             region[0] ? region : (r->user.scope[0] ? r->user.scope : "semua"),
             format == PL_EXPORT_XLSX ? "xlsx" : "csv");
    if (format == PL_EXPORT_CSV) {
        pl_buf_reset(&r->out);
        r->out.max = EXPORT_MAX;
        opt.out_buf = &r->out;
        if ((rc = pl_export_run(r->store, &r->actor, &opt, &rows, &r->err)))
            return rc;
        r->out_type = "text/csv; charset=utf-8";
    } else {
        /* XLSX needs a file: write it in the data directory, send it, it is unlinked at once. */
        char path[4400];
        if ((rc = pl_http_tmp_path(r, "ekspor", "xlsx", path, sizeof path)))
            return rc;
        opt.out_path = path;
        rc = pl_export_run(r->store, &r->actor, &opt, &rows, &r->err);
        if ((rc = pl_http_send_tmp(r, rc, path, PL_HTTP_TYPE_XLSX, "ekspor")))
            return rc;
    }
    char n[24];
    snprintf(n, sizeof n, "%ld", rows);
    pl_http_header(r, "X-Pilar-Rows", n);
    pl_http_header(r, "Content-Disposition", disp);
    r->status = 200;
    return 0;
}
