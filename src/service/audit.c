/* audit.c - the read audit's retention purge, itself audited. */
#include "service/audit.h"
#include "store/audit.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pl_audit_purge_reads(pl_store *s, const pl_actor *who, int days, time_t now, int64_t *removed,
                         char *cutoff, pl_error *err)
{
    *removed = 0;
    if (days < PL_AUDIT_READ_DAYS_MIN || days > PL_AUDIT_READ_DAYS_MAX)
        return pl_error_set(err, PL_EINVAL, "read-audit-days",
                            "masa simpan audit baca harus %d sampai %d hari",
                            PL_AUDIT_READ_DAYS_MIN, PL_AUDIT_READ_DAYS_MAX);
    char before[24];
    time_t t = now - (time_t)days * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(before, sizeof before, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (cutoff)
        memcpy(cutoff, before, sizeof before);
    int rc = pl_store_begin(s, err);
    if (rc)
        return rc;
    pl_audit_head last;
    if ((rc = pl_store_audit_read_purge(s, before, removed, &last, err)))
        goto fail;
    if (*removed > 0) {
        /* The seal of the last row purged: where the remaining read-audit chain starts. */
        json_t *a =
            json_pack("{s:s,s:i,s:I,s:I,s:s}", "before", before, "days", days, "removed",
                      (json_int_t)*removed, "last_id", (json_int_t)last.id, "last_hash", last.hash);
        char *txt = a ? json_dumps(a, JSON_COMPACT) : NULL;
        json_decref(a);
        if (txt == NULL) {
            rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
            goto fail;
        }
        rc = pl_store_audit_add(s, who, "purge_read_audit", "audit_read", 0, NULL, txt, err);
        free(txt);
        if (rc)
            goto fail;
    }
    if ((rc = pl_store_commit(s, err)))
        goto fail;
    return 0;
fail:
    pl_store_rollback(s);
    *removed = 0;
    return rc;
}
