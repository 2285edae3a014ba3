/*
 * dtsen_json.h - the update cycle's records at the edges: one JSON shape per
 * record (meetings, cycles, proposals, field checks, objections, settings;
 * used by `pilar ... --json` and the HTTP API alike), the model of the
 * cycle report (per cycle and regency: proposals in, checked, ratified,
 * rejected; objections and their outcomes) with its JSON, and the answer
 * letter of an objection as an A4 PDF (io/dtsen_letter.c).
 */
#ifndef PL_IO_DTSEN_JSON_H
#define PL_IO_DTSEN_JSON_H

#include "domain/ident.h"
#include "io/letterhead.h"
#include "store/dtsen.h"

#include <jansson.h>

json_t *pl_dtsen_meeting_json(const pl_dtsen_meeting *m);
json_t *pl_dtsen_cycle_json(const pl_dtsen_cycle *c);
/*
 * A proposal; its proposed NIK, No. KK and birth date are written through
 * view (domain/ident.h; NULL = as stored).
 */
json_t *pl_dtsen_proposal_json(const pl_dtsen_proposal *p, const pl_ident_view *view);
json_t *pl_dtsen_check_json(const pl_dtsen_check *c);
json_t *pl_dtsen_objection_json(const pl_dtsen_objection *o, bool overdue);
json_t *pl_dtsen_setting_json(const pl_dtsen_setting *st);
json_t *pl_dtsen_file_json(const pl_dtsen_file *f);

/* One cycle's counts in the report (PL_SUPPRESSED when hidden). */
typedef struct pl_dtsen_report_cycle {
    int64_t id;
    char regency[PL_REGION_CODE_MAX];
    char regency_name[128];
    char period[8];
    char status[12];
    char sk_number[64];
    char sk_date[11];
    long in, checked, ratified, rejected, pending;
} pl_dtsen_report_cycle;

/* One regency's objections of the year (PL_SUPPRESSED when hidden). */
typedef struct pl_dtsen_report_objections {
    char regency[PL_REGION_CODE_MAX];
    char regency_name[128];
    long filed, upheld, refused, answered, open, overdue;
} pl_dtsen_report_objections;

typedef struct pl_dtsen_report {
    char region[PL_REGION_CODE_MAX];
    char year[5]; /* "" = every year */
    char today[11];
    bool viewer; /* small cells hidden */
    pl_dtsen_report_cycle *cycles;
    size_t n_cycles, cap_cycles;
    pl_dtsen_report_cycle total;
    pl_dtsen_report_objections *objections;
    size_t n_objections, cap_objections;
    pl_dtsen_report_objections objections_total;
} pl_dtsen_report;

/* Frees r (NULL ok). */
void pl_dtsen_report_free(pl_dtsen_report *r);

/* The report as JSON: hidden counts as null with "hidden": true. */
json_t *pl_dtsen_report_json(const pl_dtsen_report *r);

/* What the answer letter of an objection prints. */
typedef struct pl_dtsen_letter {
    pl_dtsen_objection o;
    char village_name[128];
    char district_name[128];
    char regency_name[128];
    char letter_date[32]; /* "6 Desember 2026" */
    char filed_date[32];
    const pl_doc_letterhead *letterhead; /* borrowed; NULL = none */
} pl_dtsen_letter;

/*
 * Writes the answer letter l as a one-page A4 PDF at path (0600): the
 * letterhead, number and date, the addressee (the filer), what was objected
 * to, the field check, the decision and its reason, what follows, and the
 * signature block. Errors: PL_EIO.
 */
int pl_dtsen_letter_write_pdf(const pl_dtsen_letter *l, const char *path, pl_error *err);

#endif
