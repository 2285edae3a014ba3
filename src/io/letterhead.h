/*
 * letterhead.h - the letterhead (kop surat: logo, agency, office, address,
 * a double rule) and the signature block (place and date, title, space to
 * sign, name, NIP) drawn on Pilar's PDFs with cairo, from an office's
 * setting (store/letterhead.h). service/letterhead.h picks the setting of
 * a document's region and fills the model; a document without one is drawn
 * as before.
 */
#ifndef PL_IO_LETTERHEAD_H
#define PL_IO_LETTERHEAD_H

#include "store/letterhead.h"
#include "util/error.h"

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

/* What a document prints at its head and foot. */
typedef struct pl_doc_letterhead {
    pl_letterhead lh;
    unsigned char *logo; /* PNG bytes (owned), NULL = none */
    size_t logo_len;
    char signed_on[32]; /* the date under which it is signed: "6 Desember 2026" */
} pl_doc_letterhead;

/* Frees d and its logo (NULL ok). */
void pl_doc_letterhead_free(pl_doc_letterhead *d);

/*
 * Whether png[0..len) is a PNG image cairo can draw, at most
 * PL_LETTERHEAD_LOGO_MAX bytes and 4000 pixels a side. Errors: PL_EINVAL
 * (field "logo", message in Bahasa Indonesia).
 */
int pl_letterhead_logo_check(const unsigned char *png, size_t len, pl_error *err);

/* Height in points the letterhead takes at the top of a page of width w. */
double pl_letterhead_head_height(const pl_doc_letterhead *d);

/*
 * Draws the letterhead with its top-left corner at (x, y) over width w:
 * the logo at the left (when it decodes), the lines centred, a double rule
 * under them. Returns the y below it.
 */
double pl_letterhead_draw_head(cairo_t *cr, const pl_doc_letterhead *d, double x, double y,
                               double w);

/* Whether d has a signature block (a signer's title or name). */
bool pl_letterhead_has_signature(const pl_doc_letterhead *d);

/* Height in points of the signature block. */
double pl_letterhead_signature_height(void);

/*
 * Draws the signature block in the box at (x, y) of width w: "Place, date",
 * the title, room to sign, the name underlined, "NIP. ..." when given.
 */
void pl_letterhead_draw_signature(cairo_t *cr, const pl_doc_letterhead *d, double x, double y,
                                  double w);

#endif
