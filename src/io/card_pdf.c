/*
 * card_pdf.c - disability cards as a PDF of A4 sheets (cairo + libqrencode).
 *
 * Units are PostScript points (1/72 inch). Cards abut in a 2 x 5 grid
 * centred on the sheet, so one cut serves two cards; crop marks sit in the
 * margins on every cut line.
 */
#include "io/card_pdf.h"
#include "util/fs.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <qrencode.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define MM (72.0 / 25.4)
#define PAGE_W (210.0 * MM)
#define PAGE_H (297.0 * MM)
#define CARD_W (85.60 * MM)
#define CARD_H (53.98 * MM)
#define COLS 2
#define ROWS 5
#define MARK_LEN (6.0 * MM)
#define MARK_GAP (2.0 * MM)

static const char FONT[] = "DejaVu Sans";

/* Sets the font size so that text fits width (not below min), returns the size used. */
static double fit(cairo_t *cr, const char *text, double size, double min, double width)
{
    cairo_text_extents_t ex;
    cairo_set_font_size(cr, size);
    cairo_text_extents(cr, text, &ex);
    if (ex.x_advance > width && ex.x_advance > 0) {
        size = size * width / ex.x_advance;
        if (size < min)
            size = min;
        cairo_set_font_size(cr, size);
    }
    return size;
}

static void text_at(cairo_t *cr, double x, double y, const char *text)
{
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, text);
}

/* A label in small grey capitals above a value; returns the next baseline. */
static double field(cairo_t *cr, double x, double y, double width, const char *label,
                    const char *value, double size, bool bold)
{
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_source_rgb(cr, 0.42, 0.45, 0.48);
    cairo_set_font_size(cr, 4.6);
    text_at(cr, x, y, label);
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_source_rgb(cr, 0.08, 0.09, 0.1);
    double used = fit(cr, value && value[0] ? value : "-", size, 4.5, width);
    text_at(cr, x, y + used + 1.2, value && value[0] ? value : "-");
    return y + used + 1.2 + 8.4;
}

static int draw_qr(cairo_t *cr, const char *url, double x, double y, double size)
{
    QRcode *qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (qr == NULL)
        return PL_EINVAL;
    int quiet = 2;
    double m = size / (qr->width + 2 * quiet);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x, y, size, size);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int r = 0; r < qr->width; r++)
        for (int c = 0; c < qr->width; c++)
            if (qr->data[r * qr->width + c] & 1)
                cairo_rectangle(cr, x + (c + quiet) * m, y + (r + quiet) * m, m, m);
    cairo_fill(cr);
    QRcode_free(qr);
    return 0;
}

static void rounded(cairo_t *cr, double x, double y, double w, double h, double r)
{
    cairo_new_sub_path(cr);
    cairo_arc(cr, x + w - r, y + r, r, -1.5708, 0);
    cairo_arc(cr, x + w - r, y + h - r, r, 0, 1.5708);
    cairo_arc(cr, x + r, y + h - r, r, 1.5708, 3.14159);
    cairo_arc(cr, x + r, y + r, r, 3.14159, 4.71239);
    cairo_close_path(cr);
}

static int draw_card(cairo_t *cr, const pl_card_face *f, double x0, double y0)
{
    cairo_save(cr);
    cairo_translate(cr, x0, y0);
    cairo_rectangle(cr, 0, 0, CARD_W, CARD_H);
    cairo_clip(cr);
    /* Background and header band (printed to the edge). */
    cairo_set_source_rgb(cr, 0.97, 0.98, 0.96);
    cairo_paint(cr);
    double band = 10.5 * MM;
    cairo_set_source_rgb(cr, 0.05, 0.36, 0.42);
    cairo_rectangle(cr, 0, 0, CARD_W, band);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.96, 0.70, 0.16);
    cairo_rectangle(cr, 0, band, CARD_W, 0.9 * MM);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    fit(cr, "KARTU PENYANDANG DISABILITAS", 8.6, 5, CARD_W - 8 * MM);
    text_at(cr, 4 * MM, 4.6 * MM, "KARTU PENYANDANG DISABILITAS");
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    char sub[200];
    if (f->office && f->office[0])
        snprintf(sub, sizeof sub, "%s", f->office);
    else
        snprintf(sub, sizeof sub, "Dinas Sosial %s", f->regency && f->regency[0] ? f->regency : "");
    fit(cr, sub, 6.0, 4, CARD_W - 8 * MM);
    text_at(cr, 4 * MM, 8.3 * MM, sub);

    /* Photo frame, 20 x 25 mm. */
    double px = 4 * MM, py = band + 4 * MM, pw = 20 * MM, ph = 25 * MM;
    cairo_set_source_rgb(cr, 1, 1, 1);
    rounded(cr, px, py, pw, ph, 1.2 * MM);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.55, 0.58, 0.6);
    cairo_set_line_width(cr, 0.6);
    double dash[] = {2.0, 1.5};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 5.5);
    cairo_text_extents_t ex;
    cairo_text_extents(cr, "PAS FOTO", &ex);
    text_at(cr, px + (pw - ex.x_advance) / 2, py + ph / 2 - 1, "PAS FOTO");
    cairo_text_extents(cr, "2 x 2,5 cm", &ex);
    text_at(cr, px + (pw - ex.x_advance) / 2, py + ph / 2 + 6, "2 x 2,5 cm");

    /* Fields between the photo and the QR code. */
    double qs = 24 * MM;
    double fx = px + pw + 3 * MM, fw = CARD_W - fx - qs - 4.5 * MM;
    double y = band + 4.6 * MM;
    y = field(cr, fx, y, fw, "NAMA", f->name, 7.6, true);
    y = field(cr, fx, y, fw, "NIK", f->nik_masked, 6.6, false);
    y = field(cr, fx, y, fw, "JENIS DISABILITAS", f->disability, 6.6, true);
    char place[300];
    snprintf(place, sizeof place, "%s, %s", f->village ? f->village : "",
             f->regency ? f->regency : "");
    y = field(cr, fx, y, fw, "DESA/KELURAHAN, KAB./KOTA", place, 6.0, false);
    field(cr, fx, y, fw, "DITERBITKAN", f->issued, 6.0, false);

    /* Footer strip. */
    double fh = 5.2 * MM;
    cairo_set_source_rgb(cr, 0.05, 0.36, 0.42);
    cairo_rectangle(cr, 0, CARD_H - fh, CARD_W, fh);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    fit(cr, "Berlaku selama tidak dicabut. Keaslian diperiksa dengan memindai kode QR.", 4.8, 3.5,
        CARD_W - 8 * MM);
    text_at(cr, 4 * MM, CARD_H - fh / 2 + 1.6,
            "Berlaku selama tidak dicabut. Keaslian diperiksa dengan memindai kode QR.");

    /* QR code with its caption. */
    double qx = CARD_W - qs - 3 * MM, qy = band + 3.2 * MM;
    int rc = draw_qr(cr, f->url, qx, qy, qs);
    cairo_set_source_rgb(cr, 0.3, 0.32, 0.35);
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 4.4);
    cairo_text_extents(cr, "Pindai untuk memeriksa", &ex);
    text_at(cr, qx + (qs - ex.x_advance) / 2, qy + qs + 5, "Pindai untuk memeriksa");
    cairo_select_font_face(cr, "DejaVu Sans Mono", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 4.4);
    cairo_text_extents(cr, f->token ? f->token : "", &ex);
    text_at(cr, qx + (qs - ex.x_advance) / 2, qy + qs + 10.5, f->token ? f->token : "");
    cairo_restore(cr);
    return rc;
}

static void crop_marks(cairo_t *cr, double left, double top)
{
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.3);
    double right = left + COLS * CARD_W, bottom = top + ROWS * CARD_H;
    for (int c = 0; c <= COLS; c++) {
        double x = left + c * CARD_W;
        cairo_move_to(cr, x, top - MARK_GAP);
        cairo_line_to(cr, x, top - MARK_GAP - MARK_LEN);
        cairo_move_to(cr, x, bottom + MARK_GAP);
        cairo_line_to(cr, x, bottom + MARK_GAP + MARK_LEN);
    }
    for (int r = 0; r <= ROWS; r++) {
        double y = top + r * CARD_H;
        cairo_move_to(cr, left - MARK_GAP, y);
        cairo_line_to(cr, left - MARK_GAP - MARK_LEN, y);
        cairo_move_to(cr, right + MARK_GAP, y);
        cairo_line_to(cr, right + MARK_GAP + MARK_LEN, y);
    }
    cairo_stroke(cr);
}

int pl_card_pdf_write(const char *path, const pl_card_face *cards, size_t n, pl_error *err)
{
    if (n == 0)
        return pl_error_set(err, PL_EINVAL, "kartu", "tidak ada kartu untuk dicetak");
    bool created; /* 0600 before cairo opens it: names and disabilities */
    int frc = pl_fs_prepare(path, &created, err);
    if (frc)
        return frc;
    cairo_surface_t *surf = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surf);
        return pl_error_set(err, PL_EIO, "out", "berkas PDF '%s' tidak dapat dibuat", path);
    }
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, "Kartu Penyandang Disabilitas");
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "Pilar");
    cairo_t *cr = cairo_create(surf);
    double left = (PAGE_W - COLS * CARD_W) / 2, top = (PAGE_H - ROWS * CARD_H) / 2;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t slot = i % PL_CARD_PER_SHEET;
        if (slot == 0 && i > 0)
            cairo_show_page(cr);
        if (slot == 0)
            crop_marks(cr, left, top);
        double x = left + (double)(slot % COLS) * CARD_W;
        double y = top + (double)(slot / COLS) * CARD_H;
        if (draw_card(cr, &cards[i], x, y))
            rc =
                pl_error_set(err, PL_EINVAL, "url",
                             "alamat verifikasi kartu ke-%zu terlalu panjang untuk kode QR", i + 1);
    }
    cairo_show_page(cr);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    if (rc == 0 &&
        (st != CAIRO_STATUS_SUCCESS || cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS))
        rc = pl_error_set(
            err, PL_EIO, "out", "gagal menulis PDF '%s': %s", path,
            cairo_status_to_string(st != CAIRO_STATUS_SUCCESS ? st : cairo_surface_status(surf)));
    cairo_surface_destroy(surf);
    return rc;
}
