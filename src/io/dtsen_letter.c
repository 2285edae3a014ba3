/*
 * dtsen_letter.c - the answer letter of an objection (sanggah) as a one-page
 * A4 PDF (cairo), with the office's letterhead and signature block
 * (io/letterhead.h) when set.
 */
#include "io/dtsen_json.h"

#include "domain/dtsen.h"
#include "io/letterhead.h"
#include "util/fs.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>
#include <string.h>

#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN 56.0
#define FONT "DejaVu Sans"

static void font(cairo_t *cr, double size, bool bold)
{
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

static void line(cairo_t *cr, double x, double y, const char *s)
{
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, s);
}

/* Draws s wrapped at width w from (x, y), line height h; returns the y after it. */
static double para(cairo_t *cr, double x, double y, double w, double h, const char *s)
{
    char buf[2048];
    snprintf(buf, sizeof buf, "%s", s ? s : "");
    char *p = buf;
    while (*p) {
        /* The longest prefix of whole words that fits. */
        size_t best = 0, n = strlen(p);
        for (size_t i = 1; i <= n; i++) {
            if (i < n && p[i] != ' ')
                continue;
            char save = p[i];
            p[i] = '\0';
            cairo_text_extents_t e;
            cairo_text_extents(cr, p, &e);
            p[i] = save;
            if (e.x_advance > w && best > 0)
                break;
            best = i;
        }
        char save = p[best];
        p[best] = '\0';
        line(cr, x, y, p);
        p[best] = save;
        y += h;
        p += best;
        while (*p == ' ')
            p++;
    }
    return y;
}

int pl_dtsen_letter_write_pdf(const pl_dtsen_letter *l, const char *path, pl_error *err)
{
    bool created;
    int rc = pl_fs_prepare(path, &created, err);
    if (rc)
        return rc;
    cairo_surface_t *sf = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
    if (cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(sf);
        return pl_error_set(err, PL_EIO, "file", "berkas PDF '%s' tidak dapat dibuat", path);
    }
    cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE, "Jawaban Sanggahan DTSEN");
    cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATOR, "Pilar");
    cairo_t *cr = cairo_create(sf);
    const pl_dtsen_objection *o = &l->o;
    double w = PAGE_W - 2 * MARGIN, y = MARGIN;
    cairo_set_source_rgb(cr, 0, 0, 0);
    if (l->letterhead)
        y = pl_letterhead_draw_head(cr, l->letterhead, MARGIN, MARGIN - 20, w) + 10;
    font(cr, 10, false);
    char t[2048];
    snprintf(t, sizeof t, "Nomor     : %s", o->answer_number[0] ? o->answer_number : "-");
    line(cr, MARGIN, y += 14, t);
    line(cr, MARGIN, y += 14, "Lampiran  : -");
    line(cr, MARGIN, y += 14, "Perihal   : Jawaban atas sanggahan data DTSEN");
    snprintf(t, sizeof t, "%s, %s",
             l->letterhead && l->letterhead->lh.place[0] ? l->letterhead->lh.place
                                                         : l->regency_name,
             l->letter_date);
    cairo_text_extents_t e;
    cairo_text_extents(cr, t, &e);
    line(cr, PAGE_W - MARGIN - e.x_advance, y - 28, t);
    y += 26;
    line(cr, MARGIN, y, "Kepada Yth.");
    font(cr, 10, true);
    line(cr, MARGIN, y += 14, o->filer_name);
    font(cr, 10, false);
    if (o->filer_address[0])
        y = para(cr, MARGIN, y + 14, w / 2, 14, o->filer_address) - 14;
    line(cr, MARGIN, y += 14, "di tempat");
    y += 28;
    snprintf(t, sizeof t,
             "Menindaklanjuti sanggahan Saudara tanggal %s (nomor sanggahan %lld) mengenai "
             "keluarga %s di Desa/Kelurahan %s, Kecamatan %s, %s, bahwa keluarga tersebut %s, "
             "dengan ini kami sampaikan hal-hal sebagai berikut.",
             l->filed_date, (long long)o->id, o->subject_name[0] ? o->subject_name : "yang disebut",
             l->village_name, l->district_name, l->regency_name,
             strcmp(o->kind, PL_DTSEN_O_WRONG_IN) == 0
                 ? "seharusnya tidak terdaftar dalam Data Tunggal Sosial dan Ekonomi Nasional"
                 : "seharusnya terdaftar dalam Data Tunggal Sosial dan Ekonomi Nasional");
    y = para(cr, MARGIN, y, w, 15, t) + 6;
    snprintf(t, sizeof t, "1. Isi sanggahan: %s", o->statement);
    y = para(cr, MARGIN, y, w, 15, t) + 4;
    bool upheld = strcmp(o->decision, "dikabulkan") == 0;
    snprintf(t, sizeof t,
             "2. Setelah diperiksa, termasuk pemeriksaan lapangan oleh pendamping, sanggahan "
             "Saudara DIPUTUSKAN: %s.",
             upheld ? "DIKABULKAN" : "DITOLAK");
    font(cr, 10, true);
    y = para(cr, MARGIN, y, w, 15, t) + 4;
    font(cr, 10, false);
    snprintf(t, sizeof t, "3. Alasan: %s", o->decision_reason);
    y = para(cr, MARGIN, y, w, 15, t) + 4;
    y = para(cr, MARGIN, y, w, 15,
             upheld ? "4. Perubahan data akan diusulkan dalam siklus pemutakhiran DTSEN "
                      "berikutnya dan berlaku setelah disahkan dengan keputusan bupati/wali kota."
                    : "4. Apabila Saudara memiliki bukti baru, sanggahan dapat diajukan kembali "
                      "melalui kantor desa/kelurahan atau dinas sosial.") +
        10;
    y = para(cr, MARGIN, y, w, 15,
             "Demikian jawaban ini kami sampaikan. Atas perhatian Saudara kami ucapkan terima "
             "kasih.");
    if (pl_letterhead_has_signature(l->letterhead)) {
        double sw = 220;
        pl_letterhead_draw_signature(cr, l->letterhead, PAGE_W - MARGIN - sw, y + 20, sw);
    }
    font(cr, 7.5, false);
    cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
    line(cr, MARGIN, PAGE_H - 24, "Dibuat dengan Pilar \xe2\x80\x94 jawaban sanggahan DTSEN");
    cairo_show_page(cr);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(sf);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(sf);
    cairo_surface_destroy(sf);
    if (st != CAIRO_STATUS_SUCCESS)
        return pl_error_set(err, PL_EIO, "file", "berkas PDF '%s' tidak dapat ditulis", path);
    return 0;
}
