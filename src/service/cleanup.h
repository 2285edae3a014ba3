/*
 * cleanup.h - how long the server keeps files with personal data in its
 * data folder (`pilar serve --data-dir`, default ./pilar-data):
 *
 *   rejects/<user>--<id>.csv  an import's rejected rows, for its owner to
 *                             download and fix: deleted when older than
 *                             rejects_days (default PL_CLEANUP_REJECTS_DAYS);
 *   ekspor-*, rakor-*         an XLSX export or report written, opened and
 *                             unlinked at once; a copy left by a crash in
 *                             between is deleted after temp_minutes;
 *   unggahan-*                an import's upload, streamed to disk as it
 *                             arrives and removed when its request ends; a
 *                             copy left by a crash is deleted after
 *                             temp_minutes.
 *
 * Every file left is tightened to its owner's permissions (0600) and the
 * rejects folder to 0700, so a folder written by an older Pilar under a
 * loose umask is brought in line. Run by `pilar serve` at start and every
 * hour, and by `pilar cleanup`. No data base access.
 */
#ifndef PL_SERVICE_CLEANUP_H
#define PL_SERVICE_CLEANUP_H

#include "util/error.h"

#include <time.h>

/* Days a rejects file is kept when the policy does not say. */
#define PL_CLEANUP_REJECTS_DAYS 7
/* Minutes after which a leftover temporary export or report is deleted. */
#define PL_CLEANUP_TEMP_MINUTES 60
/* Name prefix of the files the server streams uploads into (http/server.c). */
#define PL_CLEANUP_UPLOAD_PREFIX "unggahan-"
/* Seconds between clean-ups while `pilar serve` runs. */
#define PL_CLEANUP_INTERVAL 3600

typedef struct pl_cleanup_policy {
    int rejects_days; /* 0 = PL_CLEANUP_REJECTS_DAYS; -1 = delete every rejects file now */
    int temp_minutes; /* 0 = PL_CLEANUP_TEMP_MINUTES */
} pl_cleanup_policy;

typedef struct pl_cleanup_result {
    long rejects_deleted; /* rejects files past their time */
    long rejects_kept;    /* rejects files still within it */
    long temp_deleted;    /* leftover temporary exports and reports */
    long tightened;       /* files or folders that lost group/other permissions */
} pl_cleanup_result;

/*
 * Cleans data_dir as of now (a missing folder is nothing to do). p may be
 * NULL for the defaults. Symbolic links and unknown names are left alone.
 * *out counts what was done even when an error stops it. Errors: PL_EINVAL
 * (rejects_days above 3650 or below -1, temp_minutes above a week), PL_EIO
 * (a folder that cannot be read, a file that cannot be deleted or
 * tightened).
 */
int pl_cleanup_run(const char *data_dir, const pl_cleanup_policy *p, time_t now,
                   pl_cleanup_result *out, pl_error *err);

#endif
