/* h_history.c - the history of one record and the whole audit (admin). */
#include "http/handlers.h"
#include "io/record_json.h"
#include "store/audit.h"
#include "store/household.h"
#include "store/person.h"

#include <stdio.h>
#include <string.h>

typedef struct hist_ctx {
    pl_http_req *r;
    json_t *items;
    int n;
    int64_t last;
} hist_ctx;

static int add_entry(void *ctx, const pl_audit_entry *e)
{
    hist_ctx *h = ctx;
    json_t *o = pl_json_audit(e, pl_http_json_opts(h->r));
    if (o == NULL)
        return PL_ENOMEM;
    /* Staff's client addresses are for administrators only. */
    if (!(h->r->perms & PL_PERM_ADMIN))
        json_object_set_new(o, "client", json_null());
    h->n++;
    h->last = e->id;
    return json_array_append_new(h->items, o) ? PL_ENOMEM : 0;
}

static int history(pl_http_req *r, const char *entity, int64_t id)
{
    int limit;
    int64_t after;
    int rc = pl_http_paging(r, &limit, &after);
    if (rc)
        return rc;
    pl_http_audit_flush(r->srv);
    hist_ctx h = {r, json_array(), 0, 0};
    /* Oldest first; the cursor skips entries up to it. */
    if ((rc = pl_store_audit_list(r->store, entity, id, 0, 100000, add_entry, &h, &r->err))) {
        json_decref(h.items);
        return rc;
    }
    json_t *page = json_array();
    size_t i;
    json_t *v;
    int n = 0;
    int64_t last = 0;
    json_array_foreach(h.items, i, v)
    {
        int64_t eid = json_integer_value(json_object_get(v, "id"));
        if (eid <= after || n >= limit)
            continue;
        json_array_append(page, v);
        n++;
        last = eid;
    }
    bool more = n == limit && last < h.last;
    json_decref(h.items);
    char next[24];
    snprintf(next, sizeof next, "%lld", (long long)last);
    return pl_http_reply_page(r, page, more ? next : NULL);
}

int pl_h_person_history(pl_http_req *r)
{
    pl_person p;
    int rc = pl_h_load_person(r, 0, &p);
    if (rc)
        return rc;
    pl_http_audit_read(r, "person", p.id);
    return history(r, "person", p.id);
}

int pl_h_household_history(pl_http_req *r)
{
    pl_household h;
    int rc = pl_h_load_household(r, 0, &h);
    if (rc)
        return rc;
    pl_http_audit_read(r, "household", h.id);
    return history(r, "household", h.id);
}

int pl_h_audit(pl_http_req *r)
{
    int limit;
    int64_t before;
    int rc = pl_http_paging(r, &limit, &before);
    if (rc)
        return rc;
    const char *entity = pl_http_query(r, "entity");
    if (entity && (entity[0] == '\0' || strlen(entity) > 23))
        return pl_error_set(&r->err, PL_EINVAL, "entity", "entity tidak sah");
    pl_http_audit_flush(r->srv);
    hist_ctx h = {r, json_array(), 0, 0};
    if ((rc = pl_store_audit_list(r->store, entity, 0, before, limit, add_entry, &h, &r->err))) {
        json_decref(h.items);
        return rc;
    }
    char next[24];
    snprintf(next, sizeof next, "%lld", (long long)h.last);
    return pl_http_reply_page(r, h.items, h.n == limit && h.last > 1 ? next : NULL);
}
