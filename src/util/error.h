/*
 * error.h - status codes and the error record every module fills.
 *
 * Functions return 0 on success or one of the negative PL_E* codes. When a
 * caller passes a pl_error, the callee writes the offending field and a
 * message in Bahasa Indonesia (the text users see). The mapping from codes to
 * CLI exit status lives here; the mapping to HTTP status lives in http/.
 */
#ifndef PL_UTIL_ERROR_H
#define PL_UTIL_ERROR_H

#include <stddef.h>

enum {
    PL_OK = 0,
    PL_EINVAL = -1,    /* bad input: a field failed validation */
    PL_ENOTFOUND = -2, /* the named record does not exist */
    PL_ECONFLICT = -3, /* exists already, or a stale version */
    PL_EDENIED = -4,   /* outside the caller's scope or role */
    PL_EIO = -5,       /* file or data base failure */
    PL_ENOMEM = -6,    /* allocation failed or a size cap was hit */
    PL_ELOCKED = -7,   /* the period or record is locked */
    PL_EINTERNAL = -8, /* a bug or an unexpected state */
    PL_ENOSPACE = -9,  /* the disk holding the data base is full: nothing was written */
    PL_EUNAVAIL = -10, /* the data base server cannot be reached (connection lost): retry later */
};
#define PL_E__MAX 11 /* number of codes, PL_OK included */

typedef struct pl_error {
    int code;          /* one of the PL_E* codes, PL_OK when clear */
    char field[64];    /* the offending field ("nik", "tanggal_lahir"), or "" */
    char message[512]; /* human-readable reason, Bahasa Indonesia */
} pl_error;

/* Clears err (safe with NULL). */
void pl_error_clear(pl_error *err);

/*
 * Records code, field and a printf-style message in err (safe with NULL) and
 * returns code, so callers can write `return pl_error_set(err, ...)`.
 */
int pl_error_set(pl_error *err, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A stable machine name for a code: "invalid", "not_found", ... */
const char *pl_error_code_name(int code);

/* CLI exit status for a code: 0 ok, 1 bad input or refusal, 2 internal. */
int pl_error_exit_status(int code);

#endif
