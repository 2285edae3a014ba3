/*
 * psks_visit.h - what a PSKS visit or service was (the actions a unit logs)
 * and the statuses of an assignment. Pure tables.
 */
#ifndef PL_DOMAIN_PSKS_VISIT_H
#define PL_DOMAIN_PSKS_VISIT_H

#include <stdbool.h>

typedef enum pl_visit_action {
    PL_VISIT_HOME,     /* kunjungan rumah */
    PL_VISIT_AID,      /* bantuan diserahkan */
    PL_VISIT_REFERRAL, /* rujukan ke layanan */
    PL_VISIT_COUNSEL,  /* konseling */
    PL_VISIT_OTHER,    /* lainnya */
    PL_VISIT_ACTION__MAX
} pl_visit_action;

/* The stored slug of action a ("kunjungan_rumah", ...), or NULL out of range. */
const char *pl_visit_action_slug(int a);

/* The label in Bahasa Indonesia ("Kunjungan rumah", ...), or NULL out of range. */
const char *pl_visit_action_label(int a);

/* The action named by a slug or a label (any case), or -1. */
int pl_visit_action_find(const char *text);

/* True when status is one an assignment may have: "aktif", "selesai" or "batal". */
bool pl_assignment_status_known(const char *status);

#endif
