#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const code_names[PL_E__MAX] = {
    [0] = "ok",
    [-PL_EINVAL] = "invalid",
    [-PL_ENOTFOUND] = "not_found",
    [-PL_ECONFLICT] = "conflict",
    [-PL_EDENIED] = "forbidden",
    [-PL_EIO] = "io_error",
    [-PL_ENOMEM] = "too_large",
    [-PL_ELOCKED] = "locked",
    [-PL_EINTERNAL] = "internal",
    [-PL_ENOSPACE] = "storage_full",
    [-PL_EUNAVAIL] = "db_unavailable",
};

void pl_error_clear(pl_error *err)
{
    if (err == NULL)
        return;
    err->code = PL_OK;
    err->field[0] = '\0';
    err->message[0] = '\0';
}

int pl_error_set(pl_error *err, int code, const char *field, const char *fmt, ...)
{
    if (err == NULL)
        return code;
    err->code = code;
    snprintf(err->field, sizeof err->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

const char *pl_error_code_name(int code)
{
    if (code > 0 || -code >= PL_E__MAX)
        return "internal";
    return code_names[-code];
}

int pl_error_exit_status(int code)
{
    switch (code) {
    case PL_OK:
        return 0;
    case PL_EINVAL:
    case PL_ENOTFOUND:
    case PL_ECONFLICT:
    case PL_EDENIED:
    case PL_ELOCKED:
        return 1;
    default:
        return 2;
    }
}
