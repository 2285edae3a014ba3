/* h_history.c - the history of one record and the whole audit (admin). */
#include "domain/date.h"
#include "http/handlers.h"
#include "io/record_json.h"
#include "service/history.h"
#include "store/audit.h"
#include "store/household.h"
#include "store/person.h"

#include <stdio.h>
#include <stdlib.h>
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

static int by_id(const void *a, const void *b)
{
    json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "id"));
    json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "id"));
    return x < y ? -1 : x > y ? 1 : 0;
}

/*
 * Adds the changes of p's PMKS memberships (its own and its household's:
 * started, ended) to items, oldest first with the person's own entries, so
 * the record's history shows every change that concerns the person.
 */
static int add_memberships(pl_http_req *r, json_t *items, const pl_person *p)
{
    hist_ctx h = {r, json_array(), 0, 0};
    int rc = pl_history_memberships(r->store, p->id, p->household_id, add_entry, &h, &r->err);
    size_t n = json_array_size(h.items);
    json_t **all = rc ? NULL : calloc(n + json_array_size(items) + 1, sizeof *all);
    if (rc == 0 && all == NULL)
        rc = pl_error_set(&r->err, PL_ENOMEM, "", "memori tidak cukup");
    if (rc) {
        json_decref(h.items);
        return rc;
    }
    size_t k = 0;
    for (size_t i = 0; i < json_array_size(items); i++)
        all[k++] = json_incref(json_array_get(items, i));
    for (size_t i = 0; i < n; i++)
        all[k++] = json_incref(json_array_get(h.items, i));
    qsort(all, k, sizeof *all, by_id);
    json_array_clear(items);
    for (size_t i = 0; i < k; i++)
        json_array_append_new(items, all[i]);
    free(all);
    json_decref(h.items);
    return 0;
}

/*
 * The changes of one record, oldest first, one page at a time (the cursor is
 * the last entry's id), with the number of times it was read: reads live in
 * their own table, so however many there are they never push a change out.
 */
static int history(pl_http_req *r, const char *entity, int64_t id, const pl_person *p)
{
    int limit;
    int64_t after;
    int rc = pl_http_paging(r, &limit, &after);
    if (rc)
        return rc;
    pl_http_audit_flush(r->srv);
    hist_ctx h = {r, json_array(), 0, 0};
    int64_t reads = 0;
    if ((rc = pl_history_page(r->store, entity, id, after, limit + 1, add_entry, &h, &reads,
                              &r->err))) {
        json_decref(h.items);
        return rc;
    }
    bool more = h.n > limit;
    if (more)
        json_array_remove(h.items, (size_t)limit);
    json_t *last = json_array_get(h.items, json_array_size(h.items) - 1);
    char next[24];
    snprintf(next, sizeof next, "%lld",
             (long long)(last ? json_integer_value(json_object_get(last, "id")) : 0));
    /* The memberships' changes come with the first page (they are few). */
    if (p && after == 0 && (rc = add_memberships(r, h.items, p))) {
        json_decref(h.items);
        return rc;
    }
    return pl_http_reply_json(r, 200,
                              json_pack("{s:o,s:o,s:I}", "items", h.items, "next",
                                        more ? json_string(next) : json_null(), "reads",
                                        (json_int_t)reads));
}

int pl_h_person_history(pl_http_req *r)
{
    pl_person p;
    int rc = pl_h_load_person(r, 0, &p);
    if (rc)
        return rc;
    pl_http_audit_read(r, "person", p.id);
    return history(r, "person", p.id, &p);
}

int pl_h_household_history(pl_http_req *r)
{
    pl_household h;
    int rc = pl_h_load_household(r, 0, &h);
    if (rc)
        return rc;
    pl_http_audit_read(r, "household", h.id);
    return history(r, "household", h.id, NULL);
}

/* Parses the cursor of the combined listing, "WRITE.READ" (ids to go below; 0 = newest). */
static int audit_cursor(pl_http_req *r, int64_t *w, int64_t *rd)
{
    const char *c = pl_http_query(r, "cursor");
    long long a = 0, b = 0;
    char tail;
    *w = *rd = 0;
    if (c && (sscanf(c, "%lld.%lld%c", &a, &b, &tail) != 2 || a < 0 || b < 0))
        return pl_error_set(&r->err, PL_EINVAL, "cursor", "cursor tidak sah");
    *w = a;
    *rd = b;
    return 0;
}

/* Tags each entry of items (from index from on) with its audit: "write" or "read". */
static void tag_kind(json_t *items, size_t from, const char *kind)
{
    for (size_t i = from; i < json_array_size(items); i++)
        json_object_set_new(json_array_get(items, i), "kind", json_string(kind));
}

/*
 * The whole audit, newest first (admin), narrowed by entity (and entity_id),
 * actor and a from/to day range. kind=write: changes and events;
 * kind=read: reads of personal records (entity_id= narrows them to one
 * record); kind=all (default): both, merged by time, with a cursor holding
 * one position in each.
 */
int pl_h_audit(pl_http_req *r)
{
    const char *kind = pl_http_query(r, "kind");
    if (kind == NULL)
        kind = "all";
    if (strcmp(kind, "all") && strcmp(kind, "write") && strcmp(kind, "read"))
        return pl_error_set(&r->err, PL_EINVAL, "kind", "kind harus all, write atau read");
    const char *entity = pl_http_query(r, "entity");
    if (entity && (entity[0] == '\0' || strlen(entity) > 23))
        return pl_error_set(&r->err, PL_EINVAL, "entity", "entity tidak sah");
    int64_t entity_id = 0;
    const char *eid = pl_http_query(r, "entity_id");
    if (eid) {
        char *end;
        long long v = strtoll(eid, &end, 10);
        if (*eid == '\0' || *end || v < 1 || entity == NULL)
            return pl_error_set(&r->err, PL_EINVAL, "entity_id",
                                "entity_id hanya bersama entity, bilangan >= 1");
        entity_id = v;
    }
    pl_audit_filter f = {.entity = entity, .entity_id = entity_id};
    const char *actor = pl_http_query(r, "actor");
    if (actor && actor[0]) {
        if (strlen(actor) > 63)
            return pl_error_set(&r->err, PL_EINVAL, "actor", "nama pengguna terlalu panjang");
        f.actor = actor;
    }
    static const char *const days[] = {"from", "to"};
    for (int i = 0; i < 2; i++) {
        const char *d = pl_http_query(r, days[i]);
        if (d == NULL || d[0] == '\0')
            continue;
        if (!pl_date_is_iso(d))
            return pl_error_set(&r->err, PL_EINVAL, days[i], "tanggal harus TTTT-BB-HH");
        *(i ? &f.to : &f.from) = d;
    }
    if (f.from && f.to && strcmp(f.from, f.to) > 0)
        return pl_error_set(&r->err, PL_EINVAL, "to", "tanggal akhir sebelum tanggal awal");
    int limit;
    int64_t before = 0, before_read = 0;
    int rc;
    if (strcmp(kind, "all") == 0) {
        const char *l = pl_http_query(r, "limit");
        limit = l ? atoi(l) : 50;
        if (limit < 1 || limit > 1000)
            return pl_error_set(&r->err, PL_EINVAL, "limit", "limit harus 1 sampai 1000");
        rc = audit_cursor(r, &before, &before_read);
    } else
        rc = pl_http_paging(r, &limit, &before);
    if (rc)
        return rc;
    pl_http_audit_flush(r->srv);
    hist_ctx h = {r, json_array(), 0, 0};
    char next[48];
    if (strcmp(kind, "read") == 0) {
        rc = pl_store_audit_read_search(r->store, &f, before, limit, add_entry, &h, &r->err);
        tag_kind(h.items, 0, "read");
        snprintf(next, sizeof next, "%lld", (long long)h.last);
    } else if (strcmp(kind, "write") == 0) {
        rc = pl_store_audit_search(r->store, &f, before, limit, add_entry, &h, &r->err);
        tag_kind(h.items, 0, "write");
        snprintf(next, sizeof next, "%lld", (long long)h.last);
    } else {
        /* Up to limit of each, newest first, merged by time; the page takes the first limit. */
        hist_ctx hr = {r, json_array(), 0, 0};
        if ((rc = pl_store_audit_search(r->store, &f, before, limit, add_entry, &h, &r->err)) == 0)
            rc = pl_store_audit_read_search(r->store, &f, before_read, limit, add_entry, &hr,
                                            &r->err);
        tag_kind(h.items, 0, "write");
        tag_kind(hr.items, 0, "read");
        json_t *page = json_array();
        size_t iw = 0, ir = 0;
        int64_t lw = before, lr = before_read;
        while (rc == 0 && json_array_size(page) < (size_t)limit &&
               (iw < json_array_size(h.items) || ir < json_array_size(hr.items))) {
            json_t *w = json_array_get(h.items, iw), *rd = json_array_get(hr.items, ir);
            int take_write =
                rd == NULL || (w && strcmp(json_string_value(json_object_get(w, "at")),
                                           json_string_value(json_object_get(rd, "at"))) >= 0);
            json_t *e = take_write ? w : rd;
            int64_t id = json_integer_value(json_object_get(e, "id"));
            *(take_write ? &lw : &lr) = id;
            take_write ? iw++ : ir++;
            json_array_append(page, e);
        }
        /* A side nothing was taken from keeps its position (0: none shown yet). */
        bool more = json_array_size(page) == (size_t)limit &&
                    (iw < json_array_size(h.items) || ir < json_array_size(hr.items) ||
                     h.n == limit || hr.n == limit);
        snprintf(next, sizeof next, "%lld.%lld", (long long)lw, (long long)lr);
        json_decref(h.items);
        json_decref(hr.items);
        if (rc) {
            json_decref(page);
            return rc;
        }
        return pl_http_reply_page(r, page, more ? next : NULL);
    }
    if (rc) {
        json_decref(h.items);
        return rc;
    }
    return pl_http_reply_page(r, h.items, h.n == limit && h.last > 1 ? next : NULL);
}
