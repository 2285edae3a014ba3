/*
 * report_pdf.c - period/rakor reports as PDF (cairo, A4 landscape): a
 * summary page with a table and a bar chart per region row, a page per
 * region with the 26 categories, the largest rises and falls as bars and the
 * indicators, PSKS against need per district, and the interventions.
 */
#include "io/report_render.h"

#include "domain/category.h"
#include "domain/date.h"
#include "domain/numfmt.h"
#include "io/letterhead.h"
#include "store/rakor.h"
#include "util/fs.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W 841.89
#define PAGE_H 595.28
#define MARGIN 36.0
#define ROW_H 15.0
#define FONT "DejaVu Sans"

typedef struct pdf {
    cairo_surface_t *surface;
    cairo_t *cr;
    const pl_report *r;
    int page;
} pdf;

typedef enum align { LEFT, RIGHT, CENTER } align;

static void font(pdf *p, double size, bool bold)
{
    cairo_select_font_face(p->cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(p->cr, size);
}

static void rgb(pdf *p, unsigned hex)
{
    cairo_set_source_rgb(p->cr, ((hex >> 16) & 255) / 255.0, ((hex >> 8) & 255) / 255.0,
                         (hex & 255) / 255.0);
}

/* Draws text in a box of width w at baseline y, cut with "…" when too long. */
static void text(pdf *p, double x, double y, double w, align a, const char *s)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", s ? s : "");
    cairo_text_extents_t e;
    cairo_text_extents(p->cr, buf, &e);
    if (w > 0 && e.x_advance > w) {
        size_t n = strlen(buf);
        while (n > 0) {
            n--;
            while (n > 0 && ((unsigned char)buf[n] & 0xC0) == 0x80)
                n--;
            snprintf(buf + n, sizeof buf - n, "\xe2\x80\xa6");
            cairo_text_extents(p->cr, buf, &e);
            if (e.x_advance <= w)
                break;
        }
    }
    double tx = x;
    if (a == RIGHT)
        tx = x + w - e.x_advance;
    else if (a == CENTER)
        tx = x + (w - e.x_advance) / 2;
    cairo_move_to(p->cr, tx, y);
    cairo_show_text(p->cr, buf);
}

/* Like text, but first shrinks the font (from size down to 6 pt) until s fits w. */
static void text_fit(pdf *p, double x, double y, double w, align a, const char *s, double size,
                     bool bold)
{
    cairo_text_extents_t e;
    for (;; size -= 0.5) {
        font(p, size, bold);
        cairo_text_extents(p->cr, s ? s : "", &e);
        if (e.x_advance <= w || size <= 6)
            break;
    }
    text(p, x, y, w, a, s);
}

static void rect(pdf *p, double x, double y, double w, double h, unsigned color)
{
    rgb(p, color);
    cairo_rectangle(p->cr, x, y, w, h);
    cairo_fill(p->cr);
}

static void hline(pdf *p, double x0, double x1, double y, unsigned color, double width)
{
    rgb(p, color);
    cairo_set_line_width(p->cr, width);
    cairo_move_to(p->cr, x0, y);
    cairo_line_to(p->cr, x1, y);
    cairo_stroke(p->cr);
}

static const char *count_fmt(char *out, size_t cap, const pdf *p, long v)
{
    if (pl_suppress_hidden(v)) {
        snprintf(out, cap, "<5");
        return out;
    }
    return pl_numfmt_int(out, cap, v);
}

/* A count as a bar's length: a hidden count draws no bar. */
static double bar_value(long v)
{
    return pl_suppress_hidden(v) ? 0.0 : (double)v;
}

static void change_fmt(char *d, char *pc, size_t cap, const pdf *p, long before, long after)
{
    long diff;
    double pct;
    bool has = pl_period_change(before, after, &diff, &pct);
    if (!p->r->has_compare || (pl_suppress_hidden(before) || pl_suppress_hidden(after))) {
        snprintf(d, cap, "%s", p->r->has_compare ? "-" : "");
        snprintf(pc, cap, "%s", p->r->has_compare ? "-" : "");
        return;
    }
    pl_numfmt_signed(d, cap, diff);
    if (has)
        pl_numfmt_signed_percent(pc, cap, pct, 1);
    else
        snprintf(pc, cap, "%s", after ? "baru" : "-");
}

/* Page header and footer; returns the y below the header. */
static double page_start(pdf *p, const char *title, const char *subtitle)
{
    if (p->page > 0)
        cairo_show_page(p->cr);
    p->page++;
    const pl_report *r = p->r;
    rect(p, 0, 0, PAGE_W, 6, 0x1f4e79);
    /* The office's letterhead heads the first page; the title moves below it. */
    double top = 0;
    if (p->page == 1 && r->letterhead)
        top = pl_letterhead_draw_head(p->cr, r->letterhead, MARGIN, MARGIN - 18,
                                      PAGE_W - 2 * MARGIN) -
              (MARGIN - 18);
    rgb(p, 0x1f4e79);
    font(p, 15, true);
    text(p, MARGIN, top + MARGIN + 8, PAGE_W - 2 * MARGIN, LEFT, title);
    rgb(p, 0x404040);
    font(p, 9.5, false);
    text(p, MARGIN, top + MARGIN + 24, PAGE_W - 2 * MARGIN, LEFT, subtitle);
    char foot[256], pn[32];
    char pname[48];
    pl_period_name_id(pname, sizeof pname, &r->period);
    snprintf(foot, sizeof foot, "Pilar \xe2\x80\x94 Laporan PMKS %s, %s%s", r->region_name, pname,
             r->viewer ? " \xe2\x80\x94 angka 1\xe2\x80\x93"
                         "4 ditampilkan \"<5\""
                       : "");
    snprintf(pn, sizeof pn, "Halaman %d", p->page);
    font(p, 7.5, false);
    rgb(p, 0x808080);
    text(p, MARGIN, PAGE_H - 18, 600, LEFT, foot);
    text(p, PAGE_W - MARGIN - 100, PAGE_H - 18, 100, RIGHT, pn);
    return top + MARGIN + 40;
}

/* Top of the signature block (bottom right of the summary's last page), or PAGE_H: none. */
static double signature_top(const pdf *p)
{
    if (!pl_letterhead_has_signature(p->r->letterhead))
        return PAGE_H;
    return PAGE_H - MARGIN - 14 - pl_letterhead_signature_height();
}

/* "2026-12-05" (or a time starting so) as "5 Desember 2026"; other text as it is. */
static const char *date_id(char out[32], const char *iso)
{
    pl_date d;
    char day[11] = "";
    size_t n = iso ? strnlen(iso, 10) : 0;
    memcpy(day, iso ? iso : "", n);
    day[n] = '\0';
    if (pl_date_parse(&d, day) != 0) {
        snprintf(out, 32, "%s", iso ? iso : "");
        return out;
    }
    pl_date_format_id(out, &d);
    return out;
}

static void period_subtitle(char *out, size_t cap, const pl_report *r)
{
    char d0[32], d1[32];
    char a[48], b[48] = "";
    pl_period_name_id(a, sizeof a, &r->period);
    if (r->has_compare)
        pl_period_name_id(b, sizeof b, &r->compare);
    if (r->has_compare)
        snprintf(out, cap, "%s (per %s) dibanding %s (per %s); jumlah orang per kategori PMKS", a,
                 date_id(d0, r->date), b, date_id(d1, r->compare_date));
    else
        snprintf(out, cap, "%s (per %s); jumlah orang per kategori PMKS", a, date_id(d0, r->date));
}

typedef struct col {
    const char *head;
    double w;
    align a;
} col;

static double table_head(pdf *p, double x, double y, const col *cols, size_t n)
{
    double w = 0;
    for (size_t i = 0; i < n; i++)
        w += cols[i].w;
    rect(p, x, y, w, ROW_H + 2, 0x1f4e79);
    rgb(p, 0xffffff);
    font(p, 8, true);
    double cx = x;
    for (size_t i = 0; i < n; i++) {
        text(p, cx + 3, y + 11.5, cols[i].w - 6, cols[i].a, cols[i].head);
        cx += cols[i].w;
    }
    return y + ROW_H + 2;
}

static void table_row(pdf *p, double x, double y, const col *cols, size_t n,
                      const char *const *cells, bool shade, bool bold)
{
    double w = 0;
    for (size_t i = 0; i < n; i++)
        w += cols[i].w;
    if (shade)
        rect(p, x, y, w, ROW_H, 0xeef3f8);
    font(p, 8, bold);
    double cx = x;
    for (size_t i = 0; i < n; i++) {
        const char *c = cells[i] ? cells[i] : "";
        rgb(p, 0x202020);
        if (c[0] == '+' && i >= 4)
            rgb(p, 0xb03a2e); /* a rise in a problem */
        else if (strncmp(c, "\xe2\x88\x92", 3) == 0 && i >= 4)
            rgb(p, 0x1e7b4f);
        text(p, cx + 3, y + 11, cols[i].w - 6, cols[i].a, c);
        cx += cols[i].w;
    }
    hline(p, x, x + w, y + ROW_H, 0xd0d7de, 0.4);
}

static long max_long(long a, long b)
{
    return a > b ? a : b;
}

/* The largest rises across the rows, as many as fit below y. */
static void top_rises(pdf *p, double y)
{
    const pl_report *r = p->r;
    pl_report_change *ch = NULL;
    size_t n = 0;
    if (!r->has_compare || pl_report_changes(&ch, &n, r) != 0)
        return;
    double bottom = signature_top(p) < PAGE_H ? signature_top(p) - 4 : PAGE_H - MARGIN - 20;
    double avail = bottom - y - 36;
    size_t room = avail > 0 ? (size_t)(avail / ROW_H) : 0;
    if (room > 10)
        room = 10;
    if (n > 0 && room > 0 && ch[0].diff > 0) {
        rgb(p, 0x1f4e79);
        font(p, 9.5, true);
        text(p, MARGIN, y + 10, 400, LEFT, "Kenaikan terbesar per wilayah dan kategori (orang)");
        char h0[32], h1[32];
        snprintf(h0, sizeof h0, "%s", r->compare.label);
        snprintf(h1, sizeof h1, "%s", r->period.label);
        col cols[] = {{"Kode", 62, LEFT}, {"Wilayah", 140, LEFT}, {"Kategori", 180, LEFT},
                      {h0, 56, RIGHT},    {h1, 56, RIGHT},        {"Perubahan", 62, RIGHT},
                      {"%", 56, RIGHT}};
        double ty = table_head(p, MARGIN, y + 16, cols, 7);
        size_t shown = 0;
        for (size_t i = 0; i < n && shown < room && ch[i].diff > 0; i++) {
            if (pl_suppress_hidden(ch[i].before) || pl_suppress_hidden(ch[i].after))
                continue;
            char a[40], b[40], d[40], pc[40];
            pl_numfmt_int(a, sizeof a, ch[i].before);
            pl_numfmt_int(b, sizeof b, ch[i].after);
            change_fmt(d, pc, sizeof d, p, ch[i].before, ch[i].after);
            const char *cells[] = {ch[i].region->code,
                                   ch[i].region->name,
                                   pl_pmks_get(ch[i].category)->label,
                                   a,
                                   b,
                                   d,
                                   pc};
            table_row(p, MARGIN, ty, cols, 7, cells, shown % 2 == 1, false);
            ty += ROW_H;
            shown++;
        }
    }
    free(ch);
}

static void summary_pages(pdf *p)
{
    const pl_report *r = p->r;
    char title[256], sub[256];
    snprintf(title, sizeof title, "Laporan Rakor PMKS \xe2\x80\x94 %s (%s)", r->region_name,
             r->region);
    period_subtitle(sub, sizeof sub, r);
    char h0[32], h1[32];
    snprintf(h0, sizeof h0, "%s", r->has_compare ? r->compare.label : "");
    snprintf(h1, sizeof h1, "%s", r->period.label);
    bool regency = r->level == PL_LEVEL_REGENCY;
    col cols[] = {{"Kode", 62, LEFT},
                  {"Wilayah", 170, LEFT},
                  {h0, 66, RIGHT},
                  {h1, 66, RIGHT},
                  {"Perubahan", 62, RIGHT},
                  {"%", 50, RIGHT},
                  {regency ? "Pengesahan" : "", 80, LEFT}};
    size_t ncol = 7;
    double table_w = 0;
    for (size_t i = 0; i < ncol; i++)
        table_w += cols[i].w;
    double chart_x = MARGIN + table_w + 14, chart_w = PAGE_W - MARGIN - chart_x;
    long vmax = 1;
    for (size_t i = 0; i < r->n_rows; i++)
        vmax = max_long(vmax, max_long(r->rows[i].pmks[0].people[0], r->rows[i].pmks[0].people[1]));
    size_t i = 0;
    do {
        double y = page_start(p, title, sub);
        /* Rows that fit above the total and legend (and the signature block beside the chart). */
        double bottom = PAGE_H - MARGIN - 60 - (signature_top(p) < PAGE_H ? 90 : 0);
        size_t per_page = y + 17 < bottom ? (size_t)((bottom - y - 17) / ROW_H) : 1;
        y = table_head(p, MARGIN, y, cols, ncol);
        font(p, 8, true);
        rgb(p, 0x1f4e79);
        text(p, chart_x, y - 5, chart_w, LEFT, "PMKS (orang) per wilayah");
        size_t end = i + per_page < r->n_rows ? i + per_page : r->n_rows;
        for (; i < end; i++) {
            const pl_report_region *g = &r->rows[i];
            char a[40], b[40], d[40], pc[40], st[64];
            count_fmt(a, sizeof a, p, g->pmks[0].people[PL_PREV]);
            count_fmt(b, sizeof b, p, g->pmks[0].people[PL_CUR]);
            change_fmt(d, pc, sizeof d, p, g->pmks[0].people[PL_PREV], g->pmks[0].people[PL_CUR]);
            if (!regency)
                st[0] = '\0';
            else if (g->approved) {
                char ad[32];
                snprintf(st, sizeof st, "\xe2\x9c\x93 %s", date_id(ad, g->approved_at));
            } else
                snprintf(st, sizeof st, "belum");
            const char *cells[] = {g->code, g->name, r->has_compare ? a : "", b, d, pc, st};
            table_row(p, MARGIN, y, cols, ncol, cells, i % 2 == 1, false);
            /* Bars: the compared period above (grey), the report period below (blue). */
            double bw = chart_w - 4;
            if (r->has_compare)
                rect(p, chart_x, y + 2.5, bw * bar_value(g->pmks[0].people[PL_PREV]) / (double)vmax,
                     4.5, 0xa6a6a6);
            double cur = bw * bar_value(g->pmks[0].people[PL_CUR]) / (double)vmax;
            rect(p, chart_x, y + 7.5, cur, 5, 0x2e75b6);
            /* The value at the bar's end (inside it when the bar is long). */
            font(p, 6.5, false);
            rgb(p, cur > bw - 40 ? 0xffffff : 0x202020);
            text(p, cur > bw - 40 ? chart_x + cur - 42 : chart_x + cur + 3, y + 12, 40,
                 cur > bw - 40 ? RIGHT : LEFT, b);
            y += ROW_H;
        }
        if (i == r->n_rows) {
            char a[40], b[40], d[40], pc[40], st[64];
            count_fmt(a, sizeof a, p, r->total.pmks[0].people[PL_PREV]);
            count_fmt(b, sizeof b, p, r->total.pmks[0].people[PL_CUR]);
            change_fmt(d, pc, sizeof d, p, r->total.pmks[0].people[PL_PREV],
                       r->total.pmks[0].people[PL_CUR]);
            if (regency)
                snprintf(st, sizeof st, "%zu/%zu disahkan", r->n_approved, r->n_rows);
            else
                st[0] = '\0';
            const char *cells[] = {"", "JUMLAH", r->has_compare ? a : "", b, d, pc, st};
            table_row(p, MARGIN, y, cols, ncol, cells, false, true);
            y += ROW_H + 10;
            font(p, 7.5, false);
            if (r->has_compare) {
                rect(p, chart_x, y - 6, 10, 5, 0xa6a6a6);
                rgb(p, 0x404040);
                text(p, chart_x + 14, y, 80, LEFT, r->compare.label);
            }
            rect(p, chart_x + 70, y - 6, 10, 5, 0x2e75b6);
            rgb(p, 0x404040);
            text(p, chart_x + 84, y, 80, LEFT, r->period.label);
            font(p, 7.5, false);
            rgb(p, 0x606060);
            text(p, MARGIN, y, table_w, LEFT,
                 "Jumlah orang per kategori dijumlahkan (orang dengan dua kategori dihitung dua "
                 "kali). Kategori keluarga dihitung sebagai anggota keluarga.");
            top_rises(p, y + 18);
            if (signature_top(p) < PAGE_H)
                pl_letterhead_draw_signature(p->cr, r->letterhead, PAGE_W - MARGIN - 230,
                                             signature_top(p), 230);
        }
    } while (i < r->n_rows);
}

static void region_page(pdf *p, const pl_report_region *g)
{
    const pl_report *r = p->r;
    char title[256], sub[640], ps[256], ad[32];
    snprintf(title, sizeof title, "%s \xe2\x80\x94 %s", g->code, g->name);
    period_subtitle(ps, sizeof ps, r);
    if (r->level == PL_LEVEL_REGENCY)
        snprintf(sub, sizeof sub, "%s. Pengesahan periode %s: %s%s%s%s", ps, r->period.label,
                 g->approved ? "disahkan oleh " : "belum disahkan",
                 g->approved ? g->approved_by : "", g->approved ? " pada " : "",
                 g->approved ? date_id(ad, g->approved_at) : "");
    else
        snprintf(sub, sizeof sub, "%s", ps);
    double y = page_start(p, title, sub);
    char h0[32], h1[32], hk[32];
    snprintf(h0, sizeof h0, "%s", r->has_compare ? r->compare.label : "");
    snprintf(h1, sizeof h1, "%s", r->period.label);
    snprintf(hk, sizeof hk, "KK %s", r->period.label);
    col cols[] = {{"No", 24, RIGHT}, {"Kategori PMKS", 192, LEFT}, {h0, 54, RIGHT},
                  {h1, 54, RIGHT},   {"Perubahan", 58, RIGHT},     {"%", 44, RIGHT},
                  {hk, 52, RIGHT}};
    double table_w = 0;
    for (size_t i = 0; i < 7; i++)
        table_w += cols[i].w;
    double ty = table_head(p, MARGIN, y, cols, 7);
    for (int c = 1; c <= 27; c++) {
        int k = c == 27 ? 0 : c;
        const pl_report_cell *cell = &g->pmks[k];
        const pl_category *cat = k ? pl_pmks_get(k) : NULL;
        char no[8], a[40], b[40], d[40], pc[40], kk[40] = "";
        snprintf(no, sizeof no, "%d", k);
        count_fmt(a, sizeof a, p, cell->people[PL_PREV]);
        count_fmt(b, sizeof b, p, cell->people[PL_CUR]);
        change_fmt(d, pc, sizeof d, p, cell->people[PL_PREV], cell->people[PL_CUR]);
        if (cat == NULL || cat->applies_to != PL_APPLIES_PERSON)
            count_fmt(kk, sizeof kk, p, cell->households[PL_CUR]);
        const char *cells[] = {
            k ? no : "", k ? cat->label : "JUMLAH", r->has_compare ? a : "", b, d, pc, kk};
        table_row(p, MARGIN, ty, cols, 7, cells, c % 2 == 0 && k, k == 0);
        ty += ROW_H;
    }

    /* Right column: largest rises and falls as bars, then the indicators. */
    double x = MARGIN + table_w + 22, w = PAGE_W - MARGIN - x;
    double cy = y;
    rgb(p, 0x1f4e79);
    font(p, 9.5, true);
    text(p, x, cy + 10, w, LEFT, "Kenaikan dan penurunan terbesar (orang)");
    cy += 20;
    int cats[26];
    size_t n = r->has_compare ? pl_report_region_ranking(cats, g) : 0;
    int show[10];
    size_t ns = 0;
    for (size_t i = 0; i < n && i < 5; i++)
        if (g->pmks[cats[i]].people[PL_CUR] > g->pmks[cats[i]].people[PL_PREV])
            show[ns++] = cats[i];
    for (size_t i = n; i > 0 && i > n - 5; i--)
        if (g->pmks[cats[i - 1]].people[PL_CUR] < g->pmks[cats[i - 1]].people[PL_PREV]) {
            bool dup = false;
            for (size_t j = 0; j < ns; j++)
                dup |= show[j] == cats[i - 1];
            if (!dup && ns < 10)
                show[ns++] = cats[i - 1];
        }
    if (ns == 0) {
        font(p, 8.5, false);
        rgb(p, 0x606060);
        text(p, x, cy + 10, w, LEFT,
             r->has_compare ? "Tidak ada perubahan." : "Tanpa periode pembanding.");
        cy += 24;
    } else {
        long dmax = 1;
        for (size_t i = 0; i < ns; i++) {
            long d = g->pmks[show[i]].people[PL_CUR] - g->pmks[show[i]].people[PL_PREV];
            dmax = max_long(dmax, d < 0 ? -d : d);
        }
        double label_w = 140, axis = x + label_w + (w - label_w) / 2, half = (w - label_w) / 2 - 32;
        for (size_t i = 0; i < ns; i++) {
            const pl_report_cell *cell = &g->pmks[show[i]];
            long d = cell->people[PL_CUR] - cell->people[PL_PREV];
            bool hide = pl_suppress_hidden(cell->people[PL_CUR]) ||
                        pl_suppress_hidden(cell->people[PL_PREV]);
            rgb(p, 0x202020);
            text_fit(p, x, cy + 10, label_w - 4, LEFT, pl_pmks_get(show[i])->label, 8, false);
            double len = hide ? 0 : half * (double)(d < 0 ? -d : d) / (double)dmax;
            if (d > 0)
                rect(p, axis, cy + 2, len, 10, 0xc0504d);
            else
                rect(p, axis - len, cy + 2, len, 10, 0x4f9a6a);
            char v[40];
            if (hide)
                snprintf(v, sizeof v, "<5");
            else
                pl_numfmt_signed(v, sizeof v, d);
            font(p, 7.5, false);
            rgb(p, 0x202020);
            if (d > 0)
                text(p, axis + len + 3, cy + 10, 30, LEFT, v);
            else
                text(p, axis - len - 33, cy + 10, 30, RIGHT, v);
            cy += 15;
        }
        rgb(p, 0x808080);
        cairo_set_line_width(p->cr, 0.6);
        cairo_move_to(p->cr, axis, y + 18);
        cairo_line_to(p->cr, axis, cy + 2);
        cairo_stroke(p->cr);
        cy += 10;
    }
    rgb(p, 0x1f4e79);
    font(p, 9.5, true);
    text(p, x, cy + 10, w, LEFT, "Indikator (BPS)");
    cy += 16;
    col ic[] = {{"Indikator", w - 140, LEFT}, {h0, 70, RIGHT}, {h1, 70, RIGHT}};
    cy = table_head(p, x, cy, ic, 3);
    size_t shown = 0;
    for (int i = 0; i < PL_IND__MAX; i++) {
        if (!g->has_ind[i][0] && !g->has_ind[i][1])
            continue;
        const pl_indicator_def *def = pl_indicator_def_get(i);
        char a[40] = "", b[40] = "";
        if (g->has_ind[i][PL_PREV])
            (def->percent ? pl_numfmt_percent : pl_numfmt_decimal)(a, sizeof a, g->ind[i][PL_PREV],
                                                                   def->decimals);
        if (g->has_ind[i][PL_CUR])
            (def->percent ? pl_numfmt_percent : pl_numfmt_decimal)(b, sizeof b, g->ind[i][PL_CUR],
                                                                   def->decimals);
        const char *cells[] = {def->label, r->has_compare ? a : "", b};
        table_row(p, x, cy, ic, 3, cells, shown % 2 == 1, false);
        cy += ROW_H;
        shown++;
    }
    if (shown == 0) {
        font(p, 8, false);
        rgb(p, 0x606060);
        text(p, x + 3, cy + 11, w, LEFT,
             "Indikator BPS untuk wilayah ini belum dimuat ke Pilar (tanyakan kepada pengelola "
             "data).");
        cy += ROW_H;
    }
    /* PSKS against need per district: below the indicators while it fits. */
    if (g->n_districts) {
        cy += 12;
        rgb(p, 0x1f4e79);
        font(p, 9.5, true);
        text(p, x, cy + 10, w, LEFT, "PSKS dan kebutuhan per kecamatan");
        cy += 16;
        col dc[] = {{"Kecamatan", w - 170, LEFT},
                    {"PMKS", 55, RIGHT},
                    {"TKSK", 45, RIGHT},
                    {"Orang/TKSK", 70, RIGHT}};
        cy = table_head(p, x, cy, dc, 4);
        for (size_t i = 0; i < g->n_districts; i++) {
            if (cy + ROW_H > PAGE_H - MARGIN - 10) {
                font(p, 7.5, false);
                rgb(p, 0x606060);
                char more[64];
                snprintf(more, sizeof more, "\xe2\x80\xa6 %zu kecamatan lagi (lihat XLSX)",
                         g->n_districts - i);
                text(p, x + 3, cy + 10, w, LEFT, more);
                break;
            }
            const pl_report_district *d = &g->districts[i];
            char a[40], t[40], per[40];
            count_fmt(a, sizeof a, p, d->pmks_people);
            pl_numfmt_int(t, sizeof t, d->psks[PL_PSKS_TKSK]);
            if (pl_suppress_hidden(d->pmks_people))
                snprintf(per, sizeof per, "-");
            else if (d->psks[PL_PSKS_TKSK])
                pl_numfmt_decimal(per, sizeof per,
                                  (double)d->pmks_people / (double)d->psks[PL_PSKS_TKSK], 0);
            else
                snprintf(per, sizeof per, "tanpa TKSK");
            const char *cells[] = {d->name, a, t, per};
            table_row(p, x, cy, dc, 4, cells, i % 2 == 1, false);
            cy += ROW_H;
        }
    }
}

/* Programs covering category c in g, "HKX 6/3 KK, PRS 1" (people, households). */
static void coverage_programs(char *out, size_t cap, const pdf *p, const pl_report_region *g, int c,
                              bool hh)
{
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < g->n_coverage && n + 1 < cap; i++) {
        const pl_report_coverage *v = &g->coverage[i];
        if (v->category != c || v->program[0] == '\0')
            continue;
        char a[PL_NUMFMT_MAX], b[PL_NUMFMT_MAX];
        count_fmt(a, sizeof a, p, v->people);
        count_fmt(b, sizeof b, p, v->households);
        int w = hh ? snprintf(out + n, cap - n, "%s%s %s/%s KK", n ? ", " : "", v->program, a, b)
                   : snprintf(out + n, cap - n, "%s%s %s", n ? ", " : "", v->program, a);
        if (w < 0)
            break;
        n += (size_t)w < cap - n ? (size_t)w : cap - n - 1;
    }
}

/* Percent cell: "80,0%", or "" when either count is hidden. */
static void coverage_pct(char *out, size_t cap, const pdf *p, long covered, long of)
{
    if (pl_suppress_hidden(covered) || pl_suppress_hidden(of))
        snprintf(out, cap, "%s", "");
    else
        pl_numfmt_percent(out, cap, pl_report_coverage_pct(covered, of), 1);
}

/* "Cakupan program": each category with people, per row region and in total. */
static void coverage_pages(pdf *p)
{
    const pl_report *r = p->r;
    if (!r->coverage)
        return;
    col cols[] = {{"Wilayah", 130, LEFT},  {"Kategori PMKS", 186, LEFT},
                  {"Orang", 56, RIGHT},    {"Tercakup", 56, RIGHT},
                  {"%", 46, RIGHT},        {"Keluarga", 56, RIGHT},
                  {"Tercakup", 56, RIGHT}, {"%", 46, RIGHT},
                  {"Program", 137, LEFT}};
    char title[200], sub[240], pname[48], d0[32];
    pl_period_name_id(pname, sizeof pname, &r->period);
    snprintf(title, sizeof title, "Cakupan program \xe2\x80\x94 %s", r->region_name);
    snprintf(sub, sizeof sub,
             "PMKS per %s yang menerima program bantuan pada %s (sendiri atau lewat keluarga); "
             "Program: orang/KK tercakup per program",
             date_id(d0, r->date), pname);
    double y = 0;
    size_t k = 0;
    for (size_t i = 0; i <= r->n_rows; i++) {
        const pl_report_region *g = i < r->n_rows ? &r->rows[i] : &r->total;
        for (int c = 1; c <= 26; c++) {
            const pl_report_cell *cell = &g->pmks[c];
            if (cell->people[PL_CUR] == 0 && cell->households[PL_CUR] == 0)
                continue;
            if (k == 0 || y + ROW_H > PAGE_H - MARGIN - 10) {
                y = page_start(p, title, sub);
                y = table_head(p, MARGIN, y, cols, 9);
            }
            const pl_category *cat = pl_pmks_get(c);
            bool hh = cat->applies_to != PL_APPLIES_PERSON;
            long cp, ch;
            pl_report_coverage_get(g, c, "", &cp, &ch);
            char where[160], po[PL_NUMFMT_MAX], pc[PL_NUMFMT_MAX], pp[PL_NUMFMT_MAX],
                ko[PL_NUMFMT_MAX] = "", kc[PL_NUMFMT_MAX] = "", kp[PL_NUMFMT_MAX] = "", progs[256];
            snprintf(where, sizeof where, "%s", i < r->n_rows ? g->name : "JUMLAH");
            count_fmt(po, sizeof po, p, cell->people[PL_CUR]);
            count_fmt(pc, sizeof pc, p, cp);
            coverage_pct(pp, sizeof pp, p, cp, cell->people[PL_CUR]);
            if (hh) {
                count_fmt(ko, sizeof ko, p, cell->households[PL_CUR]);
                count_fmt(kc, sizeof kc, p, ch);
                coverage_pct(kp, sizeof kp, p, ch, cell->households[PL_CUR]);
            }
            coverage_programs(progs, sizeof progs, p, g, c, hh);
            const char *cells[] = {where, cat->label, po, pc, pp, ko, kc, kp, progs};
            table_row(p, MARGIN, y, cols, 9, cells, k % 2 == 1, i == r->n_rows);
            y += ROW_H;
            k++;
        }
    }
}

static void psks_pages(pdf *p)
{
    const pl_psks_cov *c = p->r->psks_cov;
    if (c == NULL)
        return;
    col cols[] = {{"Wilayah", 150, LEFT},
                  {"PMKS", 60, RIGHT},
                  {"TKSK", 44, RIGHT},
                  {"PMKS/TKSK", 64, RIGHT},
                  {"PSM", 44, RIGHT},
                  {"PMKS/PSM", 64, RIGHT},
                  {"Unit PSKS", 56, RIGHT},
                  {"Desa", 44, RIGHT},
                  {"Desa tanpa PSKS", 84, RIGHT},
                  {"Desa rawan", 60, RIGHT},
                  {"Rawan tanpa Tagana", 100, RIGHT}};
    enum { N = sizeof cols / sizeof cols[0] };
    char title[200], sub[300], d0[32], d1[32];
    snprintf(title, sizeof title, "PSKS: cakupan terhadap kebutuhan \xe2\x80\x94 %s",
             c->region_name);
    snprintf(sub, sizeof sub,
             "Per %s: penduduk PMKS per TKSK dan per PSM yang melayani wilayah; desa tanpa unit "
             "PSKS; desa rawan bencana (kejadian sejak %s) tanpa Tagana",
             date_id(d0, c->date), date_id(d1, c->since));
    double y = 0;
    for (size_t i = 0; i <= c->n_rows; i++) {
        const pl_psks_cov_row *g = i < c->n_rows ? &c->rows[i] : &c->total;
        if (i == 0 || y + ROW_H > PAGE_H - MARGIN - 10) {
            y = page_start(p, title, sub);
            y = table_head(p, MARGIN, y, cols, N);
        }
        char v[N][PL_NUMFMT_MAX];
        const char *cells[N];
        count_fmt(v[1], sizeof v[1], p, g->need);
        const long n[] = {g->tksk,
                          0,
                          g->psm,
                          0,
                          g->units,
                          g->villages,
                          g->villages_without,
                          g->prone,
                          g->prone_without_tagana};
        for (int k = 0; k < 9; k++)
            pl_numfmt_int(v[2 + k], sizeof v[2 + k], n[k]);
        double x;
        snprintf(v[3], sizeof v[3], "-");
        snprintf(v[5], sizeof v[5], "-");
        if (pl_psks_cov_ratio(&x, g->need, g->tksk))
            pl_numfmt_decimal(v[3], sizeof v[3], x, 1);
        if (pl_psks_cov_ratio(&x, g->need, g->psm))
            pl_numfmt_decimal(v[5], sizeof v[5], x, 1);
        for (int k = 1; k < N; k++)
            cells[k] = v[k];
        cells[0] = i < c->n_rows ? g->name : "JUMLAH";
        table_row(p, MARGIN, y, cols, N, cells, i % 2 == 1, i == c->n_rows);
        y += ROW_H;
    }
}

/* "2026-11" as "November 2026". */
static const char *period_id(char *out, size_t cap, const char *period)
{
    static const char *const months[] = {"Januari",   "Februari", "Maret",    "April",
                                         "Mei",       "Juni",     "Juli",     "Agustus",
                                         "September", "Oktober",  "November", "Desember"};
    int y, m;
    if (sscanf(period, "%4d-%2d", &y, &m) == 2 && m >= 1 && m <= 12)
        snprintf(out, cap, "%s %d", months[m - 1], y);
    else
        snprintf(out, cap, "%s", period);
    return out;
}

/* The year's DTSEN update cycles: proposals per cycle, then objections per regency. */
static void dtsen_pages(pdf *p)
{
    const pl_dtsen_report *d = p->r->dtsen;
    if (d == NULL || (d->n_cycles == 0 && d->n_objections == 0))
        return;
    col cc[] = {{"Kabupaten/kota", 150, LEFT}, {"Siklus", 90, LEFT},
                {"Status", 62, LEFT},          {"SK bupati/wali kota", 170, LEFT},
                {"Usulan", 54, RIGHT},         {"Diperiksa", 62, RIGHT},
                {"Disahkan", 60, RIGHT},       {"Ditolak", 54, RIGHT},
                {"Menunggu", 60, RIGHT}};
    col oc[] = {{"Kabupaten/kota", 190, LEFT},    {"Sanggahan", 76, RIGHT},
                {"Dikabulkan", 76, RIGHT},        {"Ditolak", 66, RIGHT},
                {"Dijawab", 66, RIGHT},           {"Belum selesai", 86, RIGHT},
                {"Lewat batas waktu", 110, RIGHT}};
    enum { NC = sizeof cc / sizeof cc[0], NO = sizeof oc / sizeof oc[0] };
    char title[200], sub[300], day[32];
    snprintf(title, sizeof title, "Pemutakhiran DTSEN %s \xe2\x80\x94 %s", d->year,
             p->r->region_name);
    snprintf(sub, sizeof sub,
             "Siklus bulanan: usulan musyawarah desa/kelurahan, pemeriksaan, pengesahan "
             "bupati/wali kota; sanggahan dan jawabannya (keadaan %s)",
             date_id(day, d->today));
    double y = page_start(p, title, sub);
    y = table_head(p, MARGIN, y, cc, NC);
    for (size_t i = 0; i <= d->n_cycles; i++) {
        const pl_dtsen_report_cycle *x = i < d->n_cycles ? &d->cycles[i] : &d->total;
        if (y + ROW_H > PAGE_H - MARGIN - 10) {
            y = page_start(p, title, sub);
            y = table_head(p, MARGIN, y, cc, NC);
        }
        char v[5][PL_NUMFMT_MAX], per[32] = "", sk[160] = "", on[32];
        const long n[] = {x->in, x->checked, x->ratified, x->rejected, x->pending};
        for (int k = 0; k < 5; k++)
            count_fmt(v[k], sizeof v[k], p, n[k]);
        if (i < d->n_cycles) {
            period_id(per, sizeof per, x->period);
            if (x->sk_number[0])
                snprintf(sk, sizeof sk, "%s, %s", x->sk_number, date_id(on, x->sk_date));
        }
        const char *cells[] = {
            i < d->n_cycles ? x->regency_name : "JUMLAH",
            per,
            i < d->n_cycles ? (strcmp(x->status, "disahkan") == 0 ? "disahkan" : "terbuka") : "",
            sk,
            v[0],
            v[1],
            v[2],
            v[3],
            v[4]};
        table_row(p, MARGIN, y, cc, NC, cells, i % 2 == 1, i == d->n_cycles);
        y += ROW_H;
    }
    y += ROW_H;
    if (y + 3 * ROW_H > PAGE_H - MARGIN - 10)
        y = page_start(p, title, sub);
    y = table_head(p, MARGIN, y, oc, NO);
    for (size_t i = 0; i <= d->n_objections; i++) {
        const pl_dtsen_report_objections *x =
            i < d->n_objections ? &d->objections[i] : &d->objections_total;
        if (y + ROW_H > PAGE_H - MARGIN - 10) {
            y = page_start(p, title, sub);
            y = table_head(p, MARGIN, y, oc, NO);
        }
        char v[6][PL_NUMFMT_MAX];
        const long n[] = {x->filed, x->upheld, x->refused, x->answered, x->open, x->overdue};
        for (int k = 0; k < 6; k++)
            count_fmt(v[k], sizeof v[k], p, n[k]);
        const char *cells[] = {
            i < d->n_objections ? x->regency_name : "JUMLAH", v[0], v[1], v[2], v[3], v[4], v[5]};
        table_row(p, MARGIN, y, oc, NO, cells, i % 2 == 1, i == d->n_objections);
        y += ROW_H;
    }
}

static void intervention_pages(pdf *p)
{
    const pl_report *r = p->r;
    if (r->n_prev_iv == 0 && r->n_iv == 0)
        return;
    col cols[] = {{"Rakor", 40, LEFT},
                  {"Wilayah", 52, LEFT},
                  {"Intervensi", 210, LEFT},
                  {"Tingkat", 78, LEFT},
                  {"Penanggung jawab", 110, LEFT},
                  {"Tenggat", 62, LEFT},
                  {"Status", 66, LEFT},
                  {"Tindak lanjut terakhir", 152, LEFT}};
    char title[200], sub[200];
    snprintf(title, sizeof title, "Intervensi dan tindak lanjut \xe2\x80\x94 %s", r->region_name);
    snprintf(sub, sizeof sub, "Intervensi rakor %d dan statusnya, lalu intervensi rakor %d",
             r->has_compare ? r->compare.year : r->period.year - 1, r->period.year);
    double y = 0;
    size_t total = r->n_prev_iv + r->n_iv;
    for (size_t i = 0; i < total; i++) {
        if (i == 0 || y + ROW_H > PAGE_H - MARGIN - 10) {
            y = page_start(p, title, sub);
            y = table_head(p, MARGIN, y, cols, 8);
        }
        const pl_intervention *iv = i < r->n_prev_iv ? &r->prev_iv[i] : &r->iv[i - r->n_prev_iv];
        char yr[16], note[600] = "", due[32], on[32];
        snprintf(yr, sizeof yr, "%d", iv->rakor_year);
        if (iv->last_note[0])
            snprintf(note, sizeof note, "%s: %s", date_id(on, iv->last_note_on), iv->last_note);
        const char *cells[] = {yr,         iv->region, iv->title,
                               iv->level,  iv->owner,  date_id(due, iv->due_date),
                               iv->status, note};
        table_row(p, MARGIN, y, cols, 8, cells, i % 2 == 1, false);
        y += ROW_H;
    }
}

int pl_report_write_pdf(const pl_report *r, const char *path, pl_error *err)
{
    pdf p = {.r = r};
    bool created; /* 0600 before cairo opens it, like every file Pilar writes */
    int frc = pl_fs_prepare(path, &created, err);
    if (frc)
        return frc;
    p.surface = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
    if (cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(p.surface);
        return pl_error_set(err, PL_EIO, "file", "berkas PDF '%s' tidak dapat dibuat", path);
    }
    cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_TITLE, "Laporan Rakor PMKS");
    cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATOR, "Pilar");
    p.cr = cairo_create(p.surface);
    summary_pages(&p);
    for (size_t i = 0; i < r->n_rows; i++)
        region_page(&p, &r->rows[i]);
    intervention_pages(&p);
    coverage_pages(&p);
    psks_pages(&p);
    dtsen_pages(&p);
    cairo_show_page(p.cr);
    cairo_status_t st = cairo_status(p.cr);
    cairo_destroy(p.cr);
    cairo_surface_finish(p.surface);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(p.surface);
    cairo_surface_destroy(p.surface);
    if (st != CAIRO_STATUS_SUCCESS)
        return pl_error_set(err, PL_EIO, "file", "berkas PDF '%s' gagal ditulis: %s", path,
                            cairo_status_to_string(st));
    return 0;
}
