/*
 * numfmt.h - numbers written the Indonesian way: a dot groups thousands
 * (1.234.567), a comma marks decimals (6,68), a percent sign follows
 * without a space (6,68%). Negative values carry the minus sign U+2212
 * ("−56"); signed changes carry "+" or "−". Pure.
 *
 * Every function writes a NUL-terminated string into out (cap bytes,
 * truncated if too small; 32 bytes always suffice) and returns out.
 */
#ifndef PL_DOMAIN_NUMFMT_H
#define PL_DOMAIN_NUMFMT_H

#include <stdbool.h>
#include <stddef.h>

#define PL_NUMFMT_MAX 40 /* bytes enough for any value these functions write */

/* 1234567 -> "1.234.567"; -56 -> "−56". */
char *pl_numfmt_int(char *out, size_t cap, long long v);

/* 1234.5 with 2 decimals -> "1.234,50"; rounded half away from zero. */
char *pl_numfmt_decimal(char *out, size_t cap, double v, int decimals);

/* 6.675 with 2 decimals -> "6,68%". */
char *pl_numfmt_percent(char *out, size_t cap, double v, int decimals);

/* Signed change: 1234 -> "+1.234", -56 -> "−56", 0 -> "0". */
char *pl_numfmt_signed(char *out, size_t cap, long long v);

/* Signed percentage: 12.5 -> "+12,5%", -3.25 (1 decimal) -> "−3,3%". */
char *pl_numfmt_signed_percent(char *out, size_t cap, double v, int decimals);

/*
 * A count in a table: the integer, or "<5" for 1..4 when suppress is true
 * and for a hidden count (negative, PL_SUPPRESSED in domain/suppress.h)
 * always; 0 is shown as 0.
 */
char *pl_numfmt_count(char *out, size_t cap, long long v, bool suppress);

/* True when a count must be hidden from a viewer (1..4). */
bool pl_numfmt_is_small(long long v);

#endif
