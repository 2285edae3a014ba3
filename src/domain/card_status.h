/*
 * card_status.h - what the public disability-card checker may show about a
 * card (service/card.h fills it, io/record_json.h renders it).
 */
#ifndef PL_DOMAIN_CARD_STATUS_H
#define PL_DOMAIN_CARD_STATUS_H

#include <stdbool.h>

typedef struct pl_card_status {
    bool found;
    bool valid;          /* issued and not revoked */
    char name[128];      /* holder's name ("" when not found) */
    char disability[64]; /* Indonesian label */
    char revoked_at[11]; /* date, "" while valid */
} pl_card_status;

#endif
