/*
 * psks_activity.c - JSON of assignments, visits and deployments; the monthly
 * activity report of a PSKS unit (PDF, A4 portrait) and the roll-up of a
 * region (JSON, PDF A4 landscape, XLSX).
 */
#include "io/psks_activity.h"
#include "domain/date.h"
#include "domain/numfmt.h"
#include "io/xlsx_writer.h"
#include "util/fs.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *id_or_null(int64_t id)
{
    return id ? json_integer(id) : json_null();
}

static json_t *str_or_null(const char *s)
{
    return s && s[0] ? json_string(s) : json_null();
}

json_t *pl_json_psks_assignment(const pl_psks_assignment *a)
{
    return json_pack(
        "{s:I,s:I,s:o,s:o,s:s,s:s,s:o,s:s,s:b,s:I,s:i,s:o,s:s,s:s}", "id", (json_int_t)a->id,
        "psks_id", (json_int_t)a->psks_id, "person_id", id_or_null(a->person_id), "household_id",
        id_or_null(a->household_id), "region", a->region_code, "reason", a->reason, "due_date",
        str_or_null(a->due_date), "status", a->status, "suggested", a->suggested, "version",
        (json_int_t)a->version, "visits", (int)a->visits, "last_visit", str_or_null(a->last_visit),
        "created_at", a->created_at, "created_by", a->created_by);
}

json_t *pl_json_psks_visit(const pl_psks_visit *v)
{
    int act = pl_visit_action_find(v->action);
    json_t *o =
        json_pack("{s:I,s:I,s:o,s:o,s:o,s:o,s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:s,s:s}", "id",
                  (json_int_t)v->id, "psks_id", (json_int_t)v->psks_id, "assignment_id",
                  id_or_null(v->assignment_id), "disaster_id", id_or_null(v->disaster_id),
                  "person_id", id_or_null(v->person_id), "household_id",
                  id_or_null(v->household_id), "region", v->region_code, "date", v->visit_date,
                  "action", v->action, "action_label", act >= 0 ? pl_visit_action_label(act) : "",
                  "latitude", v->has_coord ? json_real(v->lat) : json_null(), "longitude",
                  v->has_coord ? json_real(v->lon) : json_null(), "note", v->note, "created_at",
                  v->created_at, "created_by", v->created_by);
    if (o == NULL)
        return NULL;
    json_object_set_new(o, "photo",
                        v->has_photo
                            ? json_pack("{s:s,s:I,s:s}", "type", v->photo_mime, "size",
                                        (json_int_t)v->photo_size, "sha256", v->photo_sha256)
                            : json_null());
    return o;
}

json_t *pl_json_psks_deployment(const pl_psks_deployment *d)
{
    return json_pack("{s:I,s:I,s:I,s:s,s:s,s:i,s:s,s:s}", "id", (json_int_t)d->id, "disaster_id",
                     (json_int_t)d->disaster_id, "psks_id", (json_int_t)d->psks_id, "date",
                     d->deployed_on, "note", d->note, "visits", (int)d->visits, "created_at",
                     d->created_at, "created_by", d->created_by);
}

static json_t *actions_json(const long by_action[PL_VISIT_ACTION__MAX])
{
    json_t *o = json_object();
    for (int k = 0; o && k < PL_VISIT_ACTION__MAX; k++)
        json_object_set_new(o, pl_visit_action_slug(k), json_integer(by_action[k]));
    return o;
}

static json_t *categories_json(const long by_category[PL_PMKS_COUNT + 1])
{
    json_t *a = json_array();
    for (int k = 1; a && k <= PL_PMKS_COUNT; k++)
        if (by_category[k])
            json_array_append_new(a, json_pack("{s:i,s:s,s:i}", "category", k, "name",
                                               pl_pmks_get(k)->name, "count", (int)by_category[k]));
    return a;
}

json_t *pl_psks_activity_json(const pl_psks_activity *a)
{
    const pl_category *c = pl_psks_get(a->unit.type);
    json_t *places = json_array(), *visits = json_array();
    for (size_t i = 0; places && i < a->n_places; i++)
        json_array_append_new(places,
                              json_pack("{s:s,s:s,s:i}", "region", a->places[i].code, "name",
                                        a->places[i].name, "visits", (int)a->places[i].visits));
    for (size_t i = 0; visits && i < a->n_rows; i++) {
        const pl_psks_activity_visit *r = &a->rows[i];
        json_array_append_new(visits,
                              json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)r->id,
                                        "date", r->date, "action",
                                        r->action >= 0 ? pl_visit_action_slug(r->action) : "",
                                        "region", r->region_code, "region_name", r->region_name,
                                        "categories", r->categories, "note", r->note));
    }
    return json_pack("{s:{s:I,s:i,s:s,s:s,s:s,s:s},s:s,s:i,s:i,s:o,s:o,s:o,s:o}", "unit", "id",
                     (json_int_t)a->unit.id, "type", a->unit.type, "type_name", c ? c->name : "",
                     "name", a->unit.name, "region", a->unit.area_code, "region_name", a->area_name,
                     "month", a->month, "visits", (int)a->visits, "subjects", (int)a->subjects,
                     "actions", actions_json(a->by_action), "categories",
                     categories_json(a->by_category), "places", places, "items", visits);
}

static json_t *rollup_row_json(const pl_psks_rollup_row *w)
{
    const pl_category *c = pl_psks_get(w->type);
    return json_pack("{s:o,s:s,s:s,s:s,s:s,s:i,s:i,s:i,s:o}", "psks_id", id_or_null(w->psks_id),
                     "type_name", c ? c->short_name : "", "name", w->name, "region", w->area_code,
                     "region_name", w->area_name, "visits", (int)w->visits, "subjects",
                     (int)w->subjects, "places", (int)w->places, "actions",
                     actions_json(w->by_action));
}

json_t *pl_psks_rollup_json(const pl_psks_rollup *r)
{
    json_t *rows = json_array();
    for (size_t i = 0; rows && i < r->n_rows; i++)
        json_array_append_new(rows, rollup_row_json(&r->rows[i]));
    return json_pack("{s:s,s:s,s:s,s:o,s:o,s:o}", "region", r->region, "region_name",
                     r->region_name, "month", r->month, "items", rows, "total",
                     rollup_row_json(&r->total), "categories", categories_json(r->by_category));
}

void pl_psks_month_name(char *out, size_t cap, const char *month)
{
    static const char *const names[12] = {"Januari",   "Februari", "Maret",    "April",
                                          "Mei",       "Juni",     "Juli",     "Agustus",
                                          "September", "Oktober",  "November", "Desember"};
    int y = 0, m = 0;
    if (sscanf(month, "%4d-%2d", &y, &m) == 2 && m >= 1 && m <= 12)
        snprintf(out, cap, "%s %d", names[m - 1], y);
    else
        snprintf(out, cap, "%s", month);
}

/* ------------------------------------------------------------------- PDF */

#define FONT "DejaVu Sans"
#define MARGIN 42.0
#define ROW_H 15.0

typedef struct pdf {
    cairo_surface_t *surface;
    cairo_t *cr;
    double w, h, y;
} pdf;

typedef enum align { LEFT, RIGHT } align;

static void font(pdf *p, double size, bool bold)
{
    cairo_select_font_face(p->cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(p->cr, size);
}

/* Text in a box of width w at baseline y, cut with "…" when too long. */
static void text(pdf *p, double x, double y, double w, align a, const char *s)
{
    char buf[600];
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
    cairo_move_to(p->cr, a == RIGHT ? x + w - e.x_advance : x, y);
    cairo_show_text(p->cr, buf);
}

static void new_page_if(pdf *p, double need)
{
    if (p->y + need <= p->h - MARGIN)
        return;
    cairo_show_page(p->cr);
    p->y = MARGIN + 10;
}

/* A table row at p->y: n cells of widths w[], right-aligned where num[i]. */
static void row(pdf *p, const char *const *cells, const double *w, const bool *num, int n,
                bool head)
{
    new_page_if(p, ROW_H);
    if (head) {
        cairo_set_source_rgb(p->cr, 0.9, 0.92, 0.95);
        double tw = 0;
        for (int i = 0; i < n; i++)
            tw += w[i];
        cairo_rectangle(p->cr, MARGIN, p->y - 11, tw, ROW_H);
        cairo_fill(p->cr);
    }
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    font(p, 8.5, head);
    double x = MARGIN;
    for (int i = 0; i < n; i++) {
        text(p, x + 3, p->y, w[i] - 6, num && num[i] ? RIGHT : LEFT, cells[i]);
        x += w[i];
    }
    p->y += ROW_H;
}

static void heading(pdf *p, const char *s)
{
    new_page_if(p, 40);
    p->y += 8;
    font(p, 11, true);
    text(p, MARGIN, p->y, 0, LEFT, s);
    p->y += 16;
}

static int pdf_open(pdf *p, const char *path, double w, double h, const char *title, pl_error *err)
{
    bool created;
    int rc = pl_fs_prepare(path, &created, err);
    if (rc)
        return rc;
    p->w = w;
    p->h = h;
    p->y = MARGIN + 10;
    p->surface = cairo_pdf_surface_create(path, w, h);
    if (cairo_surface_status(p->surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(p->surface);
        return pl_error_set(err, PL_EIO, "file", "berkas PDF '%s' tidak dapat dibuat", path);
    }
    cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "Pilar");
    p->cr = cairo_create(p->surface);
    return 0;
}

static int pdf_close(pdf *p, const char *path, pl_error *err)
{
    cairo_show_page(p->cr);
    cairo_status_t st = cairo_status(p->cr);
    cairo_destroy(p->cr);
    cairo_surface_finish(p->surface);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(p->surface);
    cairo_surface_destroy(p->surface);
    if (st != CAIRO_STATUS_SUCCESS)
        return pl_error_set(err, PL_EIO, "file", "berkas PDF '%s' gagal ditulis: %s", path,
                            cairo_status_to_string(st));
    return 0;
}

static const char *num(char *buf, size_t cap, long v)
{
    return pl_numfmt_int(buf, cap, v);
}

/* "30 November 2026" of an ISO date (or the text itself when not a date). */
static const char *date_id(char out[32], const char *iso)
{
    pl_date d;
    if (pl_date_parse(&d, iso) == 0)
        pl_date_format_id(out, &d);
    else
        snprintf(out, 32, "%s", iso);
    return out;
}

/* Categories reached: a two-column table of names and counts. */
static void category_table(pdf *p, const long by_category[PL_PMKS_COUNT + 1])
{
    static const double w[2] = {300, 90};
    static const bool n[2] = {false, true};
    const char *head[2] = {"Kategori PMKS", "Jumlah sasaran"};
    row(p, head, w, n, 2, true);
    bool any = false;
    for (int k = 1; k <= PL_PMKS_COUNT; k++) {
        if (!by_category[k])
            continue;
        char b[32];
        const char *cells[2] = {pl_pmks_get(k)->name, num(b, sizeof b, by_category[k])};
        row(p, cells, w, n, 2, false);
        any = true;
    }
    if (!any) {
        const char *cells[2] = {"(tidak ada sasaran dengan kategori PMKS)", ""};
        row(p, cells, w, n, 2, false);
    }
}

int pl_psks_activity_write_pdf(const pl_psks_activity *a, const char *path, pl_error *err)
{
    pdf p;
    int rc = pdf_open(&p, path, 595.28, 841.89, "Laporan Kegiatan Bulanan PSKS", err);
    if (rc)
        return rc;
    const pl_category *c = pl_psks_get(a->unit.type);
    char month[40], b[32], last[32];
    pl_psks_month_name(month, sizeof month, a->month);
    font(&p, 14, true);
    text(&p, MARGIN, p.y, 0, LEFT, "LAPORAN KEGIATAN BULANAN");
    p.y += 18;
    font(&p, 11, true);
    text(&p, MARGIN, p.y, 0, LEFT, c ? c->name : "PSKS");
    p.y += 22;
    font(&p, 10, false);
    const char *labels[4] = {"Nama", "Wilayah tugas", "Bulan", "Jumlah kegiatan"};
    char area[200];
    snprintf(area, sizeof area, "%s (%s)", a->area_name, a->unit.area_code);
    const char *values[4] = {a->unit.name, area, month, num(b, sizeof b, a->visits)};
    for (int i = 0; i < 4; i++) {
        text(&p, MARGIN, p.y, 110, LEFT, labels[i]);
        text(&p, MARGIN + 110, p.y, 0, LEFT, ":");
        text(&p, MARGIN + 120, p.y, 380, LEFT, values[i]);
        p.y += 15;
    }
    char subj[32];
    text(&p, MARGIN, p.y, 110, LEFT, "Sasaran dilayani");
    text(&p, MARGIN + 110, p.y, 0, LEFT, ":");
    text(&p, MARGIN + 120, p.y, 380, LEFT, num(subj, sizeof subj, a->subjects));
    p.y += 15;

    heading(&p, "A. Kegiatan yang dilakukan");
    {
        static const double w[2] = {300, 90};
        static const bool n[2] = {false, true};
        const char *head[2] = {"Kegiatan", "Jumlah"};
        row(&p, head, w, n, 2, true);
        for (int k = 0; k < PL_VISIT_ACTION__MAX; k++) {
            const char *cells[2] = {pl_visit_action_label(k), num(b, sizeof b, a->by_action[k])};
            row(&p, cells, w, n, 2, false);
        }
    }
    heading(&p, "B. Tempat kegiatan");
    {
        static const double w[3] = {110, 250, 90};
        static const bool n[3] = {false, false, true};
        const char *head[3] = {"Kode wilayah", "Desa/kelurahan", "Kegiatan"};
        row(&p, head, w, n, 3, true);
        for (size_t i = 0; i < a->n_places; i++) {
            const char *cells[3] = {a->places[i].code, a->places[i].name,
                                    num(b, sizeof b, a->places[i].visits)};
            row(&p, cells, w, n, 3, false);
        }
    }
    heading(&p, "C. Sasaran menurut kategori PMKS");
    category_table(&p, a->by_category);
    heading(&p, "D. Rincian kegiatan");
    {
        static const double w[5] = {98, 95, 95, 100, 123};
        const char *head[5] = {"Tanggal", "Kegiatan", "Desa/kelurahan", "Kategori", "Catatan"};
        row(&p, head, w, NULL, 5, true);
        for (size_t i = 0; i < a->n_rows; i++) {
            const pl_psks_activity_visit *r = &a->rows[i];
            char d[32];
            const char *cells[5] = {date_id(d, r->date),
                                    r->action >= 0 ? pl_visit_action_label(r->action) : "",
                                    r->region_name, r->categories, r->note};
            row(&p, cells, w, NULL, 5, false);
        }
        if (a->n_rows == 0) {
            const char *cells[5] = {"(tidak ada kegiatan tercatat)", "", "", "", ""};
            row(&p, cells, w, NULL, 5, false);
        }
    }
    new_page_if(&p, 110);
    p.y += 30;
    font(&p, 10, false);
    char sign[80];
    snprintf(sign, sizeof sign, "%s", date_id(last, a->last_day));
    text(&p, p.w - MARGIN - 200, p.y, 200, LEFT, sign);
    p.y += 15;
    text(&p, p.w - MARGIN - 200, p.y, 200, LEFT, "Yang melaporkan,");
    p.y += 60;
    font(&p, 10, true);
    text(&p, p.w - MARGIN - 200, p.y, 200, LEFT, a->unit.name);
    return pdf_close(&p, path, err);
}

int pl_psks_rollup_write_pdf(const pl_psks_rollup *r, const char *path, pl_error *err)
{
    pdf p;
    int rc = pdf_open(&p, path, 841.89, 595.28, "Rekap Kegiatan PSKS", err);
    if (rc)
        return rc;
    char month[40], title[300];
    pl_psks_month_name(month, sizeof month, r->month);
    font(&p, 14, true);
    text(&p, MARGIN, p.y, 0, LEFT, "REKAPITULASI KEGIATAN PSKS");
    p.y += 18;
    font(&p, 10, false);
    snprintf(title, sizeof title, "%s%s%s%s - %s", r->region_name, r->region[0] ? " (" : "",
             r->region, r->region[0] ? ")" : "", month);
    text(&p, MARGIN, p.y, 0, LEFT, title);
    p.y += 22;
    static const double w[11] = {110, 50, 150, 60, 55, 50, 50, 55, 55, 62, 55};
    static const bool n[11] = {false, false, false, true, true, true, true, true, true, true, true};
    const char *head[11] = {"Wilayah tugas", "Jenis",   "Nama",    "Kegiatan",  "Sasaran", "Tempat",
                            "Kunj.",         "Bantuan", "Rujukan", "Konseling", "Lainnya"};
    row(&p, head, w, n, 11, true);
    for (size_t i = 0; i <= r->n_rows; i++) {
        const pl_psks_rollup_row *x = i < r->n_rows ? &r->rows[i] : &r->total;
        const pl_category *c = pl_psks_get(x->type);
        char b[8][32];
        const char *cells[11] = {i < r->n_rows ? x->area_name : "",
                                 i < r->n_rows && c ? c->short_name : "",
                                 i < r->n_rows ? x->name : "Jumlah",
                                 num(b[0], 32, x->visits),
                                 num(b[1], 32, x->subjects),
                                 num(b[2], 32, x->places),
                                 num(b[3], 32, x->by_action[PL_VISIT_HOME]),
                                 num(b[4], 32, x->by_action[PL_VISIT_AID]),
                                 num(b[5], 32, x->by_action[PL_VISIT_REFERRAL]),
                                 num(b[6], 32, x->by_action[PL_VISIT_COUNSEL]),
                                 num(b[7], 32, x->by_action[PL_VISIT_OTHER])};
        row(&p, cells, w, n, 11, i == r->n_rows);
    }
    heading(&p, "Sasaran menurut kategori PMKS");
    category_table(&p, r->by_category);
    return pdf_close(&p, path, err);
}

int pl_psks_rollup_write_xlsx(const pl_psks_rollup *r, const char *path, pl_error *err)
{
    static const pl_xlsx_column cols[12] = {
        {"kode_wilayah", PL_XLSX_TEXT, 14}, {"wilayah_tugas", PL_XLSX_TEXT, 0},
        {"jenis", PL_XLSX_TEXT, 0},         {"nama", PL_XLSX_TEXT, 0},
        {"kegiatan", PL_XLSX_NUMBER, 10},   {"sasaran", PL_XLSX_NUMBER, 10},
        {"tempat", PL_XLSX_NUMBER, 10},     {"kunjungan_rumah", PL_XLSX_NUMBER, 10},
        {"bantuan", PL_XLSX_NUMBER, 10},    {"rujukan", PL_XLSX_NUMBER, 10},
        {"konseling", PL_XLSX_NUMBER, 10},  {"lainnya", PL_XLSX_NUMBER, 10},
    };
    static const pl_xlsx_column cat_cols[3] = {{"kode_pmks", PL_XLSX_NUMBER, 10},
                                               {"kategori_pmks", PL_XLSX_TEXT, 0},
                                               {"jumlah_sasaran", PL_XLSX_NUMBER, 14}};
    pl_xlsx_writer *w = NULL;
    int rc = pl_xlsx_writer_open(&w, path, NULL, err);
    if (rc || (rc = pl_xlsx_writer_add_sheet(w, "Rekap", cols, 12, err)))
        goto fail;
    for (size_t i = 0; i <= r->n_rows; i++) {
        const pl_psks_rollup_row *x = i < r->n_rows ? &r->rows[i] : &r->total;
        const pl_category *c = pl_psks_get(x->type);
        char b[8][24];
        snprintf(b[0], 24, "%ld", x->visits);
        snprintf(b[1], 24, "%ld", x->subjects);
        snprintf(b[2], 24, "%ld", x->places);
        for (int k = 0; k < PL_VISIT_ACTION__MAX; k++)
            snprintf(b[3 + k], 24, "%ld", x->by_action[k]);
        const char *f[12] = {i < r->n_rows ? x->area_code : "",
                             i < r->n_rows ? x->area_name : "",
                             i < r->n_rows && c ? c->short_name : "",
                             i < r->n_rows ? x->name : "Jumlah",
                             b[0],
                             b[1],
                             b[2],
                             b[3],
                             b[4],
                             b[5],
                             b[6],
                             b[7]};
        if ((rc = pl_xlsx_writer_row(w, f, 12, err)))
            goto fail;
    }
    if ((rc = pl_xlsx_writer_add_sheet(w, "Kategori PMKS", cat_cols, 3, err)))
        goto fail;
    for (int k = 1; k <= PL_PMKS_COUNT; k++) {
        if (!r->by_category[k])
            continue;
        char code[8], n[24];
        snprintf(code, sizeof code, "%d", k);
        snprintf(n, sizeof n, "%ld", r->by_category[k]);
        const char *f[3] = {code, pl_pmks_get(k)->name, n};
        if ((rc = pl_xlsx_writer_row(w, f, 3, err)))
            goto fail;
    }
    return pl_xlsx_writer_close(w, err);
fail:
    pl_xlsx_writer_free(w);
    return rc;
}
