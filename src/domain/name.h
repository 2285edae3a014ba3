/*
 * name.h - Indonesian personal names for matching: normalisation (case,
 * spacing, punctuation, honorifics and academic titles, common spelling
 * variants) and a phonetic-ish key for blocking. Pure.
 */
#ifndef PL_DOMAIN_NAME_H
#define PL_DOMAIN_NAME_H

#include <stddef.h>

#define PL_NAME_MAX 128 /* bytes of a stored name, NUL included */

/*
 * Normalises name into out (cap bytes): lower-case ASCII words separated by
 * one space, titles and honorifics dropped (H., Hj., Drs., Dr., Ir., S.Pd.,
 * S.Kom., M.Si., Prof., ...), variants mapped to one spelling (Muhammad,
 * Muhamad, Mohammad, Moh., Mhd., M. -> "muhammad"; St. -> "siti"; Noor ->
 * "nur"; ...). "Hj. SITI  Nurhaliza, S.Pd." -> "siti nurhaliza".
 * Returns the length written, or PL_EINVAL if out is too small.
 */
int pl_name_normalize(char *out, size_t cap, const char *name);

/*
 * Writes into out (cap bytes) the titles, honorifics and degrees that
 * pl_name_normalize drops from name, as written and joined by ", ":
 * "Drs. H. Abdul Karim, M.Si." -> "Drs., H., M.Si.". Returns how many were
 * found (0 and "" for none); a title that does not fit is left out.
 */
int pl_name_titles(char *out, size_t cap, const char *name);

/*
 * Checks a name as entered: not empty after trimming, at most PL_NAME_MAX-1
 * bytes, valid UTF-8, at least one letter, no digits or control characters.
 * Returns 0 or PL_EINVAL with a reason in Bahasa Indonesia in reason.
 */
int pl_name_validate(const char *name, char *reason, size_t cap);

#endif
