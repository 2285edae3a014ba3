/*
 * audit.h - retention of the read audit. Reads of personal records (table
 * audit_read) are kept PL_AUDIT_READ_DAYS days by default (730: two years,
 * following the practice under UU 27/2022 on personal data protection of
 * keeping access logs for accountability), never fewer than
 * PL_AUDIT_READ_DAYS_MIN (the schema refuses younger deletions too). The
 * write audit (changes, logins, imports, exports, purges) is never purged.
 * Run by `pilar serve` at start and every hour (--read-audit-days) and by
 * `pilar audit purge`.
 */
#ifndef PL_SERVICE_AUDIT_H
#define PL_SERVICE_AUDIT_H

#include "store/store.h"

#include <time.h>

#define PL_AUDIT_READ_DAYS 730
#define PL_AUDIT_READ_DAYS_MIN 30
#define PL_AUDIT_READ_DAYS_MAX 36500

/*
 * Deletes the read-audit rows older than days before now (UTC), in one
 * transaction with a write-audit row by who (action "purge_read_audit",
 * entity "audit_read", after {"before", "days", "removed", "last_id",
 * "last_hash"}: the id and seal of the last row purged, where the read
 * audit's chain now starts) when any were removed. Only a prefix of the read
 * audit goes (every row before the first one young enough to stay). *removed receives the count,
 * *cutoff (may be NULL; 24 bytes) the time before which rows went. Errors: PL_EINVAL (days outside
 * PL_AUDIT_READ_DAYS_MIN..PL_AUDIT_READ_DAYS_MAX), store errors.
 */
int pl_audit_purge_reads(pl_store *s, const pl_actor *who, int days, time_t now, int64_t *removed,
                         char *cutoff, pl_error *err);

#endif
