/* letterhead.c - the kop surat and the signature block on Pilar's PDFs (cairo). */
#include "io/letterhead.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FONT "DejaVu Sans"
#define LOGO_H 54.0
#define SIG_H 96.0

void pl_doc_letterhead_free(pl_doc_letterhead *d)
{
    if (d == NULL)
        return;
    free(d->logo);
    free(d);
}

typedef struct png_src {
    const unsigned char *p;
    size_t len, at;
} png_src;

static cairo_status_t png_read(void *closure, unsigned char *data, unsigned int length)
{
    png_src *s = closure;
    if (s->len - s->at < length)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, s->p + s->at, length);
    s->at += length;
    return CAIRO_STATUS_SUCCESS;
}

/* The decoded logo, or NULL when png is not a PNG cairo reads. */
static cairo_surface_t *logo_surface(const unsigned char *png, size_t len)
{
    static const unsigned char magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (png == NULL || len < sizeof magic || memcmp(png, magic, sizeof magic) != 0)
        return NULL;
    png_src src = {png, len, 0};
    cairo_surface_t *img = cairo_image_surface_create_from_png_stream(png_read, &src);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(img);
        return NULL;
    }
    return img;
}

int pl_letterhead_logo_check(const unsigned char *png, size_t len, pl_error *err)
{
    if (len > PL_LETTERHEAD_LOGO_MAX)
        return pl_error_set(err, PL_EINVAL, "logo", "logo lebih dari %d KB",
                            PL_LETTERHEAD_LOGO_MAX / 1024);
    cairo_surface_t *img = logo_surface(png, len);
    if (img == NULL)
        return pl_error_set(err, PL_EINVAL, "logo", "logo harus berupa gambar PNG yang utuh");
    int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
    cairo_surface_destroy(img);
    if (w < 1 || h < 1 || w > 4000 || h > 4000)
        return pl_error_set(err, PL_EINVAL, "logo", "ukuran logo harus 1 sampai 4000 piksel");
    return 0;
}

static void font(cairo_t *cr, double size, bool bold)
{
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

/* Shrinks the font (not below min) until s fits w, then draws it centred at baseline y. */
static void centred(cairo_t *cr, const char *s, double x, double y, double w, double size,
                    double min, bool bold)
{
    cairo_text_extents_t e;
    for (;;) {
        font(cr, size, bold);
        cairo_text_extents(cr, s, &e);
        if (e.x_advance <= w || size <= min)
            break;
        size -= 0.5;
    }
    cairo_move_to(cr, x + (w - e.x_advance) / 2, y);
    cairo_show_text(cr, s);
}

double pl_letterhead_head_height(const pl_doc_letterhead *d)
{
    (void)d;
    return LOGO_H + 12;
}

double pl_letterhead_draw_head(cairo_t *cr, const pl_doc_letterhead *d, double x, double y,
                               double w)
{
    cairo_save(cr);
    double tx = x, tw = w;
    cairo_surface_t *img = logo_surface(d->logo, d->logo_len);
    if (img) {
        double iw = cairo_image_surface_get_width(img), ih = cairo_image_surface_get_height(img);
        double k = LOGO_H / ih, dw = iw * k;
        if (dw > 2 * LOGO_H) { /* a very wide logo: fit its width instead */
            k = 2 * LOGO_H / iw;
            dw = 2 * LOGO_H;
        }
        cairo_save(cr);
        cairo_translate(cr, x, y + (LOGO_H - ih * k) / 2);
        cairo_scale(cr, k, k);
        cairo_set_source_surface(cr, img, 0, 0);
        cairo_paint(cr);
        cairo_restore(cr);
        cairo_surface_destroy(img);
        /* Text centred on the page, clear of the logo on both sides. */
        tx = x + dw + 8;
        tw = w - 2 * (dw + 8);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    const pl_letterhead *h = &d->lh;
    bool agency = h->agency[0] != '\0', addr = h->address[0] != '\0';
    double line = y + (agency ? 15 : 22);
    if (agency) {
        centred(cr, h->agency, tx, line, tw, 12, 8, true);
        line += 19;
    }
    centred(cr, h->office_name, tx, line, tw, agency ? 15 : 17, 9, true);
    if (addr)
        centred(cr, h->address, tx, line + 15, tw, 8.5, 6, false);
    double ry = y + LOGO_H + 4;
    cairo_set_line_width(cr, 1.8);
    cairo_move_to(cr, x, ry);
    cairo_line_to(cr, x + w, ry);
    cairo_stroke(cr);
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, x, ry + 2.6);
    cairo_line_to(cr, x + w, ry + 2.6);
    cairo_stroke(cr);
    cairo_restore(cr);
    return y + pl_letterhead_head_height(d);
}

bool pl_letterhead_has_signature(const pl_doc_letterhead *d)
{
    return d && (d->lh.signer_title[0] || d->lh.signer_name[0]);
}

double pl_letterhead_signature_height(void)
{
    return SIG_H;
}

void pl_letterhead_draw_signature(cairo_t *cr, const pl_doc_letterhead *d, double x, double y,
                                  double w)
{
    const pl_letterhead *h = &d->lh;
    char line[200];
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    if (h->place[0])
        snprintf(line, sizeof line, "%s, %s", h->place, d->signed_on);
    else
        snprintf(line, sizeof line, "%s", d->signed_on);
    centred(cr, line, x, y + 10, w, 8.5, 6, false);
    if (h->signer_title[0])
        centred(cr, h->signer_title, x, y + 22, w, 8.5, 6, true);
    if (h->signer_name[0]) {
        centred(cr, h->signer_name, x, y + 72, w, 8.5, 6, true);
        cairo_text_extents_t e;
        cairo_text_extents(cr, h->signer_name, &e);
        double lw = e.x_advance < w ? e.x_advance : w;
        cairo_set_line_width(cr, 0.6);
        cairo_move_to(cr, x + (w - lw) / 2, y + 74);
        cairo_line_to(cr, x + (w + lw) / 2, y + 74);
        cairo_stroke(cr);
    }
    if (h->signer_nip[0]) {
        snprintf(line, sizeof line, "NIP. %s", h->signer_nip);
        centred(cr, line, x, y + 85, w, 8, 6, false);
    }
    cairo_restore(cr);
}
