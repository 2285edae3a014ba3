/*
 * ident.h - what an identifying field becomes for a caller: the one
 * decision, used by every reply, export and image that carries a NIK, a
 * No. KK or a birth date.
 *
 * A caller whose permissions hold PL_PERM_FULL_NIK sees the values as
 * stored. Any other caller gets a pseudonym instead of a NIK ("PS-" and 16
 * lowercase consonants, never a digit, so never mistaken for a NIK) or a
 * No. KK ("PK-" and 16 consonants): a keyed BLAKE2b hash of
 * the digits under the server's key (store: pl_store_ident_key), so the same
 * person always gets the same pseudonym on one server and can be counted and
 * joined, but the digits cannot be recovered or tested without the key. The
 * birth date becomes its year, so that district + birth date + sex in the
 * same row no longer rebuild the NIK. No partial NIK is ever shown.
 *
 * Pure computation (no I/O, no randomness): the key is the caller's.
 */
#ifndef PL_DOMAIN_IDENT_H
#define PL_DOMAIN_IDENT_H

#include <stdbool.h>
#include <stddef.h>

#define PL_IDENT_KEY_LEN 32  /* bytes of the server key */
#define PL_IDENT_TEXT_MAX 20 /* "PS-" + 16 letters + NUL; a NIK (17) fits as well */

/* The identifying fields. */
typedef enum pl_ident_field {
    PL_IDENT_NIK,        /* person's NIK -> "PS-..." */
    PL_IDENT_KK,         /* family card number -> "PK-..." */
    PL_IDENT_BIRTH_DATE, /* YYYY-MM-DD -> YYYY */
    PL_IDENT_FIELD__MAX
} pl_ident_field;

/*
 * How one caller sees identifying fields. Filled by pl_ident_view_init;
 * a NULL view pointer anywhere means "as stored" (full view).
 */
typedef struct pl_ident_view {
    bool pseudonym; /* NIK/KK become pseudonyms, birth dates their year */
    unsigned char key[PL_IDENT_KEY_LEN];
} pl_ident_view;

/*
 * Fills v for a caller with permissions perms (PL_PERM_* of domain/account.h)
 * and the server key (PL_IDENT_KEY_LEN bytes; may be NULL only when perms
 * hold PL_PERM_FULL_NIK). Returns v, or NULL for a full view (callers pass
 * the result on as the view).
 */
const pl_ident_view *pl_ident_view_init(pl_ident_view *v, unsigned perms, const unsigned char *key);

/* True when v (may be NULL) turns identifying fields into pseudonyms. */
bool pl_ident_hides(const pl_ident_view *v);

/*
 * What field f with stored text value becomes for view v (NULL = full).
 * Returns value itself when it is shown as stored (full view, NULL or
 * empty value), otherwise out (PL_IDENT_TEXT_MAX bytes) holding the
 * pseudonym or the birth year. Never a NIK's digits for a hiding view.
 */
const char *pl_ident_text(char out[PL_IDENT_TEXT_MAX], const pl_ident_view *v, pl_ident_field f,
                          const char *value);

/* True when text looks like a pseudonym ("PS-" or "PK-" and 16 of bcdfghjklmnpqrst). */
bool pl_ident_is_pseudonym(const char *text);

/* True when text is 16 digits, i.e. looks like a NIK or a No. KK. */
bool pl_ident_looks_like_nik(const char *text);

#endif
