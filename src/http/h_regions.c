/* h_regions.c - the region tree and scoped aggregates (summary). */
#include "domain/category.h"
#include "http/handlers.h"
#include "io/report_render.h"
#include "service/report.h"
#include "io/record_json.h"
#include "store/region.h"
#include "store/summary.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static int add_region(void *ctx, const pl_region *g)
{
    return json_array_append_new(ctx, pl_json_region(g)) ? PL_ENOMEM : 0;
}

int pl_h_regions(pl_http_req *r)
{
    char parent[PL_REGION_CODE_MAX];
    int rc = pl_http_region_param(r, "parent", parent);
    if (rc)
        return rc;
    json_t *items = json_array();
    rc = pl_store_region_children(r->store, parent, add_region, items, &r->err);
    if (rc) {
        json_decref(items);
        return rc;
    }
    return pl_http_reply_page(r, items, NULL);
}

int pl_h_region_search(pl_http_req *r)
{
    const char *q = pl_http_query(r, "q");
    if (q == NULL || q[0] == '\0' || strlen(q) > 100)
        return pl_error_set(&r->err, PL_EINVAL, "q", "teks pencarian wajib diisi (maks. 100)");
    int limit;
    int64_t after;
    int rc = pl_http_paging(r, &limit, &after);
    if (rc)
        return rc;
    json_t *items = json_array();
    if ((rc = pl_store_region_search(r->store, q, limit, add_region, items, &r->err))) {
        json_decref(items);
        return rc;
    }
    return pl_http_reply_page(r, items, NULL);
}

int pl_h_region_get(pl_http_req *r)
{
    char code[PL_REGION_CODE_MAX];
    if (strlen(r->params[0]) > 20 || pl_region_code_normalize(code, r->params[0]) < 0)
        return pl_error_set(&r->err, PL_EINVAL, "code", "kode wilayah tidak sah");
    pl_region g;
    int rc = pl_store_region_get(r->store, &g, code, &r->err);
    if (rc)
        return rc;
    json_t *o = pl_json_region(&g);
    json_t *children = json_array();
    json_object_set_new(o, "children", children);
    if ((rc = pl_store_region_children(r->store, code, add_region, children, &r->err))) {
        json_decref(o);
        return rc;
    }
    return pl_http_reply_json(r, 200, o);
}

int pl_h_summary(pl_http_req *r)
{
    char region[PL_REGION_CODE_MAX];
    int rc = pl_http_region_param(r, "region", region);
    if (rc)
        return rc;
    /* The effective scope: the narrower of the caller's scope and the region asked for. */
    const char *scope = r->user.scope;
    if (region[0]) {
        if (pl_region_code_in_scope(region, r->user.scope))
            scope = region;
        else if (!pl_region_code_in_scope(r->user.scope, region))
            return pl_error_set(&r->err, PL_EDENIED, "region",
                                "wilayah %s di luar cakupan Anda (%s)", region, r->user.scope);
    }
    /* Counting a whole province takes a while; dashboards may see answers a few seconds old.
       Callers without personal access (no PL_PERM_READ) get the public view, cached apart. */
    bool public_view = !(r->perms & PL_PERM_READ);
    char key[48];
    snprintf(key, sizeof key, "summary:%c:%s", public_view ? 'p' : 'f', scope);
    if (pl_http_cache_get(r, key))
        return 0;
    char today[11];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    pl_store_summary s;
    if ((rc = pl_report_summary(&s, r->store, scope, public_view, today, &r->err)))
        return rc;
    json_t *o = pl_summary_json(&s, scope);
    if ((rc = pl_http_reply_json(r, 200, o)) == 0)
        pl_http_cache_put(r, key);
    return rc;
}
