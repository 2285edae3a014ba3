/*
 * import_summary.h - what one run of the importer did (service/import.h
 * fills it, io/import_json.h renders it for the CLI and the API).
 */
#ifndef PL_DOMAIN_IMPORT_SUMMARY_H
#define PL_DOMAIN_IMPORT_SUMMARY_H

#include <limits.h>
#include <stdbool.h>

#define PL_IMPORT_MAX_UNKNOWN 16
#define PL_IMPORT_MAX_OVERWRITES 30

/* A stored value a dry run would overwrite (the first PL_IMPORT_MAX_OVERWRITES of them). */
typedef struct pl_import_overwrite {
    long long person_id;
    char name[96];   /* the person's stored name */
    char field[24];  /* API key: "name", "birth_place", "mother_name", ... */
    char before[96]; /* stored value ("" for birth_date: shown through domain/ident.h only) */
    char after[96];  /* the file's value, "" when the file empties it (same rule) */
} pl_import_overwrite;

typedef struct pl_import_summary {
    long read;        /* data rows read (header excluded) */
    long inserted;    /* people added */
    long updated;     /* people changed (before/after kept in the audit) */
    long unchanged;   /* people already stored exactly so */
    long rejected;    /* rows written to the rejects file */
    long flagged;     /* imported rows marked for verification */
    long conflicts;   /* rows rejected because their NIK appears twice with different data */
    long pending;     /* rows whose NIK or KK is held outside the scope: transfer requests made
                         (service/transfer.h), listed in the rejects file; never in a dry run */
    long without_nik; /* rows of people without NIK among inserted/updated/unchanged */
    long review;      /* people without NIK added as doubtful matches of a stored person:
                         pairs in the duplicate review queue (service/nonik.h) */
    long households_inserted;
    long households_updated;
    long memberships_added;
    long candidates; /* probable duplicates of the people added or changed, now open for review */
    bool committed;  /* false for a dry run or an aborted all-or-nothing import */
    char rejects_file[PATH_MAX]; /* "" when nothing was rejected */
    char format[8];              /* "csv" / "xlsx" / "ods" */
    char sheet[128];             /* the sheet read ("" for CSV) */
    long header_row;             /* the header's row in the sheet (title rows may sit above) */
    long signature_from;         /* a place-and-signature block under the table: its rows, */
    long signature_to;           /* not imported (0 when none) */
    char unknown_columns[PL_IMPORT_MAX_UNKNOWN][64];
    int n_unknown;
    double seconds;
    /* Dry run: stored values the import would overwrite (empty stored values that it would
     * fill are not counted); n_overwrites listed, overwrites_total in all. */
    pl_import_overwrite overwrites[PL_IMPORT_MAX_OVERWRITES];
    int n_overwrites;
    long overwrites_total;
} pl_import_summary;

#endif
