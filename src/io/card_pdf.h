/*
 * card_pdf.h - printable disability cards: ID-1 size (85.60 x 53.98 mm), ten
 * per A4 sheet in two columns of five, with crop marks, drawn with cairo;
 * the QR code (libqrencode) encodes the card's verification URL.
 */
#ifndef PL_IO_CARD_PDF_H
#define PL_IO_CARD_PDF_H

#include "util/error.h"

#include <stddef.h>

/* What one card shows; every string is borrowed for the call. */
typedef struct pl_card_face {
    const char *name;
    const char *nik_masked;
    const char *disability; /* Indonesian label */
    const char *village;    /* village name */
    const char *regency;    /* regency or city name */
    const char *issued;     /* "17 Agustus 2025" */
    const char *url;        /* verification URL, encoded in the QR code */
    const char *token;      /* printed small under the QR code */
    const char *office;     /* issuing office (letterhead), NULL/"" = "Dinas Sosial <regency>" */
} pl_card_face;

#define PL_CARD_PER_SHEET 10

/*
 * Writes n cards to a PDF at path (ceil(n / 10) A4 pages). Errors: PL_EINVAL
 * (n == 0, a URL too long for a QR code), PL_EIO (file or cairo failure).
 */
int pl_card_pdf_write(const char *path, const pl_card_face *cards, size_t n, pl_error *err);

#endif
