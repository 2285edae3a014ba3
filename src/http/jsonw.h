/*
 * jsonw.h - writes JSON text straight into a bounded buffer, for the hot
 * replies where building a jansson tree and dumping it cost more than the
 * query (the person lookup). The output is byte-for-byte what jansson's
 * json_dump_callback(..., JSON_COMPACT) gives for the same values, so both
 * paths speak one shape (tests/unit/test_jsonw.c compares them).
 *
 * Every function appends to b and returns 0 or PL_ENOMEM (the buffer's cap);
 * after a failure the buffer holds a truncated document and must be dropped.
 */
#ifndef PL_HTTP_JSONW_H
#define PL_HTTP_JSONW_H

#include "domain/ident.h"
#include "store/person.h"
#include "util/buf.h"

#include <stdint.h>

/*
 * A JSON string: quotes, backslashes and control characters escaped as
 * jansson does (\n, \t, ..., \u001F); UTF-8 passes through. Invalid UTF-8
 * bytes become \uFFFD each, so the output is always valid JSON.
 */
int pl_jw_str(pl_buf *b, const char *s);

/* A string, or null when s is NULL or "". */
int pl_jw_str_or_null(pl_buf *b, const char *s);

/* An integer. */
int pl_jw_int(pl_buf *b, int64_t v);

/* A real as jansson writes it ("%.17g", always with '.' or 'e'); null when not finite. */
int pl_jw_real(pl_buf *b, double v);

/*
 * The person object of io/record_json.h's pl_json_person (same members, same
 * order); view as there (NULL: as stored; a hiding view: pseudonyms for NIK
 * and KK, the birth year for the birth date).
 */
int pl_jw_person(pl_buf *b, const pl_person *p, const pl_ident_view *view);

#endif
