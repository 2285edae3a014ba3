/* approval.c - period sign-off and re-opening. */
#include "service/approval.h"
#include "domain/period.h"
#include "domain/rakor.h"
#include "domain/region_code.h"
#include "store/approval.h"

#include <stdio.h>
#include <string.h>

/* Normalises the regency code and parses the period into a. */
static int parse_target(pl_approval *a, pl_period *p, const char *region, const char *period,
                        pl_error *err)
{
    memset(a, 0, sizeof *a);
    if (region == NULL || pl_region_code_normalize(a->region, region) != PL_LEVEL_REGENCY)
        return pl_error_set(err, PL_EINVAL, "wilayah",
                            "wilayah wajib berisi kode kabupaten/kota (mis. 64.74)");
    if (period == NULL || pl_period_parse(p, period) != 0)
        return pl_error_set(err, PL_EINVAL, "periode",
                            "periode wajib diisi (2024, 2024-S1, 2024-Q3, 2024-03)");
    snprintf(a->period, sizeof a->period, "%s", p->label);
    return 0;
}

int pl_approval_sign(pl_approval *out, pl_store *s, const pl_actor *who, const char *scope,
                     const char *region, const char *period, const char *note, pl_error *err)
{
    pl_period p;
    int rc = parse_target(out, &p, region, period, err);
    if (rc)
        return rc;
    pl_date_format(out->date_from, &p.start);
    pl_date_format(out->date_to, &p.end);
    snprintf(out->note, sizeof out->note, "%s", note ? note : "");
    if ((rc = pl_approval_check(out->region, out->date_from, out->date_to, err)))
        return rc;
    return pl_store_period_approve(s, who, scope, out, err);
}

int pl_approval_reopen(pl_approval *out, pl_store *s, const pl_actor *who, const char *scope,
                       const char *region, const char *period, const char *reason, pl_error *err)
{
    pl_period p;
    int rc = parse_target(out, &p, region, period, err);
    if (rc)
        return rc;
    if (reason == NULL || reason[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "alasan", "alasan wajib diisi (tercatat di riwayat)");
    if ((rc = pl_approval_reopen_check(reason, err)))
        return rc;
    return pl_store_period_reopen(s, who, scope, out->region, out->period, reason, err);
}
