/* psks_visit.c - the actions of a PSKS visit and the statuses of an assignment. */

#include "domain/psks_visit.h"

#include <string.h>
#include <strings.h>

static const struct {
    const char *slug, *label;
} actions[PL_VISIT_ACTION__MAX] = {
    [PL_VISIT_HOME] = {"kunjungan_rumah", "Kunjungan rumah"},
    [PL_VISIT_AID] = {"bantuan", "Bantuan diserahkan"},
    [PL_VISIT_REFERRAL] = {"rujukan", "Rujukan ke layanan"},
    [PL_VISIT_COUNSEL] = {"konseling", "Konseling"},
    [PL_VISIT_OTHER] = {"lainnya", "Lainnya"},
};

const char *pl_visit_action_slug(int a)
{
    return a >= 0 && a < PL_VISIT_ACTION__MAX ? actions[a].slug : NULL;
}

const char *pl_visit_action_label(int a)
{
    return a >= 0 && a < PL_VISIT_ACTION__MAX ? actions[a].label : NULL;
}

int pl_visit_action_find(const char *text)
{
    for (int a = 0; text && a < PL_VISIT_ACTION__MAX; a++)
        if (strcasecmp(text, actions[a].slug) == 0 || strcasecmp(text, actions[a].label) == 0)
            return a;
    return -1;
}

bool pl_assignment_status_known(const char *status)
{
    return status && (strcmp(status, "aktif") == 0 || strcmp(status, "selesai") == 0 ||
                      strcmp(status, "batal") == 0);
}
