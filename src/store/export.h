/*
 * export.h - people as canonical exchange rows (domain/record.h), streamed
 * for CSV/XLSX export; an export imported again changes nothing.
 */
#ifndef PL_STORE_EXPORT_H
#define PL_STORE_EXPORT_H

#include "store/store.h"

/* One person as the canonical exchange row (domain/record.h column order). */
typedef struct pl_export_row {
    char nik[17], kk[17];
    char name[128], birth_place[64], birth_date[11];
    char sex;
    char relationship[24], mother_name[128], address[256], rt[8], rw[8];
    char village_code[PL_REGION_CODE_MAX];
    char pmks[256]; /* open categories "CODE@YYYY-MM-DD;..." (household ones on one row) */
    char disability[24];
    bool has_coord;
    double lat, lon; /* the household's home (the person's own point when without household) */
    char no_nik_reason[24]; /* reason code (domain/nonik.h) when nik is "" */
} pl_export_row;

typedef struct pl_export_query {
    const char *region; /* region prefix ("" = all) */
    const char *scope;  /* caller's scope ("" = all) */
    const char *state;  /* verification state or NULL */
    int category;       /* open PMKS category, 0 = any */
    bool alive_only;    /* leave out people with a death date */
} pl_export_query;

typedef int (*pl_export_cb)(void *ctx, const pl_export_row *r);

/*
 * Streams people as canonical rows, household by household (head first);
 * household categories ride on the household's first row so that an export
 * imported again changes nothing.
 */
int pl_store_export(pl_store *s, const pl_export_query *q, pl_export_cb cb, void *ctx,
                    pl_error *err);

#endif
