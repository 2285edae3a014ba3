/*
 * router.h - the one route table of the HTTP API and matching a request
 * against it. Private to src/http/.
 */
#ifndef PL_HTTP_ROUTER_H
#define PL_HTTP_ROUTER_H

#include "http/http.h"

typedef struct pl_http_route {
    const char *method;
    const char *pattern; /* "/api/v1/people/{id}": {x} matches one path segment */
    pl_http_handler fn;
    unsigned perm;  /* PL_PERM_* the caller needs; PL_PERM_PUBLIC = no sign-in */
    unsigned flags; /* PL_ROUTE_*: 0 = none */
} pl_http_route;

/*
 * pl_http_route.flags. PL_ROUTE_UPLOAD: large body limit and multipart accepted (written 1 in
 * the table). PL_ROUTE_REPLICA: the route only reads (reports, searches, maps) and may be
 * answered from the read replica of `pilar serve --read-db` (server.c, run_handler).
 */
#define PL_ROUTE_UPLOAD 1u
#define PL_ROUTE_REPLICA 2u

/*
 * Finds the route for method and path, capturing {placeholders} into r.
 * Returns NULL when nothing matches; *path_known tells whether the path
 * exists with another method (405 rather than 404).
 */
const pl_http_route *pl_http_route_match(const char *method, const char *path, pl_http_req *r,
                                         int *path_known);

/* Number of routes and the route at i. */
size_t pl_http_route_count(void);
const pl_http_route *pl_http_route_at(size_t i);

#endif
