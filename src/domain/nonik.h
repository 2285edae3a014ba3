/*
 * nonik.h - people registered without a NIK: the one list of reasons (stable
 * codes with Bahasa Indonesia labels) and the lasting Pilar id shown where a
 * NIK would be. Pure, tables as data.
 *
 * The Pilar id is the person's integer id written "P-" and at least six
 * digits ("P-000123"). The id never changes (a NIK recorded later keeps it;
 * a merge keeps the survivor's), is not derived from personal data and so
 * carries nothing beyond the record itself.
 */
#ifndef PL_DOMAIN_NONIK_H
#define PL_DOMAIN_NONIK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum pl_nonik_reason {
    PL_NONIK_NONE = 0, /* the person has a NIK */
    PL_NONIK_BELUM_REKAM,
    PL_NONIK_ANAK,
    PL_NONIK_KAT,
    PL_NONIK_TUNAWISMA,
    PL_NONIK_TIDAK_DIKETAHUI,
    PL_NONIK_LAINNYA,
    PL_NONIK__MAX
} pl_nonik_reason;

/* Longest code plus its NUL. */
#define PL_NONIK_CODE_MAX 24
/* "P-" and up to 19 digits plus NUL. */
#define PL_PILAR_ID_MAX 24

/* Stable code of r ("belum_rekam_ktp_el", ...); "" for PL_NONIK_NONE or out of range. */
const char *pl_nonik_code(pl_nonik_reason r);

/* Label in Bahasa Indonesia ("belum rekam KTP-el", ...); "" for NONE or out of range. */
const char *pl_nonik_label(pl_nonik_reason r);

/*
 * The reason text names: a code or a label, case-insensitive, surrounding
 * blanks ignored, '-', '_' and spaces alike ("Belum rekam KTP-el",
 * "BELUM_REKAM_KTP_EL"). Returns PL_NONIK_NONE for empty or NULL text and
 * -1 for text naming no reason.
 */
int pl_nonik_parse(const char *text);

/* "belum_rekam_ktp_el, anak_belum_ber_nik, ...": every code, for messages. */
const char *pl_nonik_codes_text(void);

/* Writes the Pilar id of person id into out ("P-000123"); returns out. */
char *pl_pilar_id(char out[PL_PILAR_ID_MAX], int64_t id);

/* Reads a Pilar id ("P-000123" or "p-123"); true and *id set when text is one. */
bool pl_pilar_id_parse(const char *text, int64_t *id);

#endif
