/* report_xlsx.c - rakor/period reports as CSV and XLSX. */
#include "io/report_render.h"

#include "domain/category.h"
#include "domain/numfmt.h"
#include "io/csv_writer.h"
#include "io/xlsx_writer.h"
#include "store/rakor.h"

#include <stdio.h>
#include <string.h>

/* A count cell: the number, or "<5" when hidden. */
static const char *count_text(char *buf, size_t cap, const pl_report *r, long v)
{
    if (pl_suppress_hidden(v))
        snprintf(buf, cap, "<5");
    else
        snprintf(buf, cap, "%ld", v);
    return buf;
}

/* The change and its percent as plain numbers ("" when hidden or undefined). */
static void change_text(char *diff, char *pct, size_t cap, const pl_report *r, long before,
                        long after)
{
    long d;
    double p;
    bool has = pl_period_change(before, after, &d, &p);
    if (pl_suppress_hidden(before) || pl_suppress_hidden(after)) {
        diff[0] = pct[0] = '\0';
        return;
    }
    snprintf(diff, cap, "%ld", d);
    if (has)
        snprintf(pct, cap, "%.2f", p);
    else
        pct[0] = '\0';
}

int pl_report_write_csv(const pl_report *r, const char *path, pl_error *err)
{
    pl_csv_writer *w = NULL;
    /* Counts and changes stay numbers (a fall is negative); text is formula-guarded. */
    static const pl_csv_kind kinds[13] = {
        [2] = PL_CSV_NUMBER,  [6] = PL_CSV_NUMBER,  [7] = PL_CSV_NUMBER, [9] = PL_CSV_NUMBER,
        [10] = PL_CSV_NUMBER, [11] = PL_CSV_NUMBER, [12] = PL_CSV_NUMBER};
    pl_csv_writer_options opt = {.bom = 1, .kinds = kinds, .n_kinds = 13};
    int rc = pl_csv_writer_open_path(&w, path, &opt, err);
    if (rc)
        return rc;
    const char *head[] = {"kode_wilayah",
                          "nama_wilayah",
                          "kode_kategori",
                          "kategori",
                          "jenis",
                          "periode",
                          "orang",
                          "keluarga",
                          "periode_pembanding",
                          "orang_pembanding",
                          "keluarga_pembanding",
                          "perubahan",
                          "perubahan_persen"};
    if ((rc = pl_csv_writer_row(w, head, 13, err)))
        goto out;
    for (size_t i = 0; i <= r->n_rows; i++) {
        const pl_report_region *g = i < r->n_rows ? &r->rows[i] : &r->total;
        for (int c = 1; c <= 26; c++) {
            const pl_category *cat = pl_pmks_get(c);
            const pl_report_cell *cell = &g->pmks[c];
            bool hh = cat->applies_to != PL_APPLIES_PERSON;
            char code[8], p1[24], h1[24], p0[24], h0[24], d[24], pc[24];
            snprintf(code, sizeof code, "%d", c);
            count_text(p1, sizeof p1, r, cell->people[PL_CUR]);
            count_text(h1, sizeof h1, r, cell->households[PL_CUR]);
            count_text(p0, sizeof p0, r, cell->people[PL_PREV]);
            count_text(h0, sizeof h0, r, cell->households[PL_PREV]);
            change_text(d, pc, sizeof d, r, cell->people[PL_PREV], cell->people[PL_CUR]);
            const char *row[] = {g->code,
                                 g->name,
                                 code,
                                 cat->label,
                                 pl_applies_to_label(cat->applies_to),
                                 r->period.label,
                                 p1,
                                 hh ? h1 : "",
                                 r->has_compare ? r->compare.label : "",
                                 r->has_compare ? p0 : "",
                                 r->has_compare && hh ? h0 : "",
                                 r->has_compare ? d : "",
                                 r->has_compare ? pc : ""};
            if ((rc = pl_csv_writer_row(w, row, 13, err)))
                goto out;
        }
    }
out : {
    int rc2 = pl_csv_writer_close(w, err);
    return rc ? rc : rc2;
}
}

/* Sheet name from a region: "64.72 Kota Samarinda" cut to 31 bytes at a character boundary. */
static void sheet_name(char *out, size_t cap, const pl_report_region *g)
{
    char tmp[160];
    snprintf(tmp, sizeof tmp, "%s %s", g->code, g->name);
    for (char *p = tmp; *p; p++)
        if (strchr("[]:*?/\\", *p))
            *p = '-';
    size_t n = strlen(tmp);
    if (n > 31) {
        n = 31;
        while (n > 0 && ((unsigned char)tmp[n] & 0xC0) == 0x80)
            n--;
        tmp[n] = '\0';
    }
    snprintf(out, cap, "%s", tmp);
}

static int write_region_sheet(pl_xlsx_writer *w, const pl_report *r, const pl_report_region *g,
                              pl_error *err)
{
    char name[40], h0[32], h1[32], hk0[40], hk1[40];
    sheet_name(name, sizeof name, g);
    snprintf(h1, sizeof h1, "Orang %s", r->period.label);
    snprintf(h0, sizeof h0, "Orang %s", r->has_compare ? r->compare.label : "-");
    snprintf(hk1, sizeof hk1, "Keluarga %s", r->period.label);
    snprintf(hk0, sizeof hk0, "Keluarga %s", r->has_compare ? r->compare.label : "-");
    pl_xlsx_column cols[] = {
        {"Kode", PL_XLSX_NUMBER, 6},       {"Kategori PMKS", PL_XLSX_TEXT, 44},
        {h0, PL_XLSX_NUMBER, 14},          {h1, PL_XLSX_NUMBER, 14},
        {"Perubahan", PL_XLSX_NUMBER, 12}, {"Perubahan (%)", PL_XLSX_NUMBER, 14},
        {hk0, PL_XLSX_NUMBER, 16},         {hk1, PL_XLSX_NUMBER, 16},
    };
    int rc = pl_xlsx_writer_add_sheet(w, name, cols, 8, err);
    if (rc)
        return rc;
    for (int c = 0; c <= 26; c++) {
        const pl_report_cell *cell = &g->pmks[c];
        const pl_category *cat = c ? pl_pmks_get(c) : NULL;
        bool hh = cat && cat->applies_to != PL_APPLIES_PERSON;
        char code[8], a[24], b[24], d[24], pc[24], ka[24], kb[24];
        snprintf(code, sizeof code, "%d", c);
        count_text(a, sizeof a, r, cell->people[PL_PREV]);
        count_text(b, sizeof b, r, cell->people[PL_CUR]);
        count_text(ka, sizeof ka, r, cell->households[PL_PREV]);
        count_text(kb, sizeof kb, r, cell->households[PL_CUR]);
        change_text(d, pc, sizeof d, r, cell->people[PL_PREV], cell->people[PL_CUR]);
        const char *row[] = {c ? code : "",
                             c ? cat->label : "Jumlah (semua kategori)",
                             r->has_compare ? a : "",
                             b,
                             r->has_compare ? d : "",
                             r->has_compare ? pc : "",
                             r->has_compare && (hh || !c) ? ka : "",
                             hh || !c ? kb : ""};
        if ((rc = pl_xlsx_writer_row(w, row, 8, err)))
            return rc;
    }
    /* Indicators beside the counts. */
    const char *blank[] = {""};
    if ((rc = pl_xlsx_writer_row(w, blank, 1, err)))
        return rc;
    const char *ih[] = {"", "Indikator", r->has_compare ? r->compare.label : "", r->period.label};
    if ((rc = pl_xlsx_writer_row(w, ih, 4, err)))
        return rc;
    for (int i = 0; i < PL_IND__MAX; i++) {
        if (!g->has_ind[i][0] && !g->has_ind[i][1])
            continue;
        char v0[32] = "", v1[32] = "";
        if (g->has_ind[i][PL_PREV])
            snprintf(v0, sizeof v0, "%.*f", pl_indicator_def_get(i)->decimals, g->ind[i][PL_PREV]);
        if (g->has_ind[i][PL_CUR])
            snprintf(v1, sizeof v1, "%.*f", pl_indicator_def_get(i)->decimals, g->ind[i][PL_CUR]);
        const char *row[] = {"", pl_indicator_def_get(i)->label, v0, v1};
        if ((rc = pl_xlsx_writer_row(w, row, 4, err)))
            return rc;
    }
    /* PSKS against need, per district. */
    if (g->n_districts) {
        if ((rc = pl_xlsx_writer_row(w, blank, 1, err)))
            return rc;
        const char *dh[] = {"",    "Kecamatan", "PMKS (orang)", "TKSK", "Orang per TKSK",
                            "PSM", "Tagana"};
        if ((rc = pl_xlsx_writer_row(w, dh, 7, err)))
            return rc;
        for (size_t k = 0; k < g->n_districts; k++) {
            const pl_report_district *dd = &g->districts[k];
            char p[24], t[24], per[24], psm[24], tg[24];
            count_text(p, sizeof p, r, dd->pmks_people);
            snprintf(t, sizeof t, "%ld", dd->psks[PL_PSKS_TKSK]);
            if (pl_suppress_hidden(dd->pmks_people))
                per[0] = '\0';
            else if (dd->psks[PL_PSKS_TKSK])
                snprintf(per, sizeof per, "%.1f",
                         (double)dd->pmks_people / (double)dd->psks[PL_PSKS_TKSK]);
            else
                snprintf(per, sizeof per, "tanpa TKSK");
            snprintf(psm, sizeof psm, "%ld", dd->psks[2]);
            snprintf(tg, sizeof tg, "%ld", dd->psks[PL_PSKS_TAGANA]);
            const char *row[] = {dd->code, dd->name, p, t, per, psm, tg};
            if ((rc = pl_xlsx_writer_row(w, row, 7, err)))
                return rc;
        }
    }
    return 0;
}

/* "HKX 6 orang/3 KK; PRS 1 orang": the programs covering category c in g. */
static void coverage_programs(char *out, size_t cap, const pl_report *r, const pl_report_region *g,
                              int c, bool hh)
{
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < g->n_coverage && n + 1 < cap; i++) {
        const pl_report_coverage *v = &g->coverage[i];
        if (v->category != c || v->program[0] == '\0')
            continue;
        char p[24], k[24];
        count_text(p, sizeof p, r, v->people);
        count_text(k, sizeof k, r, v->households);
        int w =
            hh ? snprintf(out + n, cap - n, "%s%s %s orang/%s KK", n ? "; " : "", v->program, p, k)
               : snprintf(out + n, cap - n, "%s%s %s orang", n ? "; " : "", v->program, p);
        if (w < 0)
            break;
        n += (size_t)w < cap - n ? (size_t)w : cap - n - 1;
    }
}

/* Sheet "Cakupan Program": per row region and the total, each category with people. */
static int write_coverage_sheet(pl_xlsx_writer *w, const pl_report *r, pl_error *err)
{
    pl_xlsx_column cols[] = {
        {"Kode wilayah", PL_XLSX_TEXT, 12},
        {"Wilayah", PL_XLSX_TEXT, 28},
        {"Kode", PL_XLSX_NUMBER, 6},
        {"Kategori PMKS", PL_XLSX_TEXT, 36},
        {"Orang", PL_XLSX_NUMBER, 10},
        {"Orang tercakup", PL_XLSX_NUMBER, 15},
        {"Cakupan orang (%)", PL_XLSX_NUMBER, 17},
        {"Keluarga", PL_XLSX_NUMBER, 10},
        {"Keluarga tercakup", PL_XLSX_NUMBER, 17},
        {"Cakupan keluarga (%)", PL_XLSX_NUMBER, 20},
        {"Program", PL_XLSX_TEXT, 50},
    };
    int rc = pl_xlsx_writer_add_sheet(w, "Cakupan Program", cols, 11, err);
    if (rc)
        return rc;
    for (size_t i = 0; i <= r->n_rows; i++) {
        const pl_report_region *g = i < r->n_rows ? &r->rows[i] : &r->total;
        for (int c = 1; c <= 26; c++) {
            const pl_report_cell *cell = &g->pmks[c];
            if (cell->people[PL_CUR] == 0 && cell->households[PL_CUR] == 0)
                continue;
            const pl_category *cat = pl_pmks_get(c);
            bool hh = cat->applies_to != PL_APPLIES_PERSON;
            long cp, ch;
            pl_report_coverage_get(g, c, "", &cp, &ch);
            char code[8], po[24], pc[24], pp[24] = "", ko[24] = "", kc[24] = "", kp[24] = "",
                                          progs[512];
            snprintf(code, sizeof code, "%d", c);
            count_text(po, sizeof po, r, cell->people[PL_CUR]);
            count_text(pc, sizeof pc, r, cp);
            if (!pl_suppress_hidden(cell->people[PL_CUR]) && !pl_suppress_hidden(cp))
                snprintf(pp, sizeof pp, "%.1f", pl_report_coverage_pct(cp, cell->people[PL_CUR]));
            if (hh) {
                count_text(ko, sizeof ko, r, cell->households[PL_CUR]);
                count_text(kc, sizeof kc, r, ch);
                if (!pl_suppress_hidden(cell->households[PL_CUR]) && !pl_suppress_hidden(ch))
                    snprintf(kp, sizeof kp, "%.1f",
                             pl_report_coverage_pct(ch, cell->households[PL_CUR]));
            }
            coverage_programs(progs, sizeof progs, r, g, c, hh);
            const char *row[] = {i < r->n_rows ? g->code : r->region,
                                 i < r->n_rows ? g->name : "JUMLAH",
                                 code,
                                 cat->label,
                                 po,
                                 pc,
                                 pp,
                                 ko,
                                 kc,
                                 kp,
                                 progs};
            if ((rc = pl_xlsx_writer_row(w, row, 11, err)))
                return rc;
        }
    }
    return 0;
}

/* The rakor's DTSEN section: the cycles of the year, and the objections per regency. */
static int write_dtsen_sheet(pl_xlsx_writer *w, const pl_report *r, pl_error *err)
{
    const pl_dtsen_report *d = r->dtsen;
    pl_xlsx_column cols[] = {
        {"Kode wilayah", PL_XLSX_TEXT, 12}, {"Kabupaten/kota", PL_XLSX_TEXT, 28},
        {"Siklus", PL_XLSX_TEXT, 10},       {"Status", PL_XLSX_TEXT, 10},
        {"Nomor SK", PL_XLSX_TEXT, 24},     {"Tanggal SK", PL_XLSX_TEXT, 12},
        {"Usulan", PL_XLSX_NUMBER, 10},     {"Diperiksa", PL_XLSX_NUMBER, 10},
        {"Disahkan", PL_XLSX_NUMBER, 10},   {"Ditolak", PL_XLSX_NUMBER, 10},
        {"Menunggu", PL_XLSX_NUMBER, 10},
    };
    int rc = pl_xlsx_writer_add_sheet(w, "Siklus DTSEN", cols, 11, err);
    for (size_t i = 0; rc == 0 && i <= d->n_cycles; i++) {
        const pl_dtsen_report_cycle *x = i < d->n_cycles ? &d->cycles[i] : &d->total;
        bool total = i == d->n_cycles;
        char v[5][24];
        const long n[] = {x->in, x->checked, x->ratified, x->rejected, x->pending};
        for (int k = 0; k < 5; k++)
            count_text(v[k], sizeof v[k], r, n[k]);
        const char *row[] = {total ? d->region : x->regency,
                             total ? "JUMLAH" : x->regency_name,
                             total ? "" : x->period,
                             total ? "" : x->status,
                             total ? "" : x->sk_number,
                             total ? "" : x->sk_date,
                             v[0],
                             v[1],
                             v[2],
                             v[3],
                             v[4]};
        rc = pl_xlsx_writer_row(w, row, 11, err);
    }
    pl_xlsx_column ocols[] = {
        {"Kode wilayah", PL_XLSX_TEXT, 12},    {"Kabupaten/kota", PL_XLSX_TEXT, 28},
        {"Sanggahan", PL_XLSX_NUMBER, 11},     {"Dikabulkan", PL_XLSX_NUMBER, 11},
        {"Ditolak", PL_XLSX_NUMBER, 10},       {"Dijawab", PL_XLSX_NUMBER, 10},
        {"Belum selesai", PL_XLSX_NUMBER, 13}, {"Lewat batas waktu", PL_XLSX_NUMBER, 17},
    };
    if (rc == 0)
        rc = pl_xlsx_writer_add_sheet(w, "Sanggahan DTSEN", ocols, 8, err);
    for (size_t i = 0; rc == 0 && i <= d->n_objections; i++) {
        const pl_dtsen_report_objections *x =
            i < d->n_objections ? &d->objections[i] : &d->objections_total;
        bool total = i == d->n_objections;
        char v[6][24];
        const long n[] = {x->filed, x->upheld, x->refused, x->answered, x->open, x->overdue};
        for (int k = 0; k < 6; k++)
            count_text(v[k], sizeof v[k], r, n[k]);
        const char *row[] = {total ? d->region : x->regency,
                             total ? "JUMLAH" : x->regency_name,
                             v[0],
                             v[1],
                             v[2],
                             v[3],
                             v[4],
                             v[5]};
        rc = pl_xlsx_writer_row(w, row, 8, err);
    }
    return rc;
}

int pl_report_write_xlsx(const pl_report *r, const char *path, pl_error *err)
{
    pl_xlsx_writer *w = NULL;
    pl_xlsx_writer_options opt = {.in_memory = 1};
    int rc = pl_xlsx_writer_open(&w, path, &opt, err);
    if (rc)
        return rc;
    char h0[40], h1[40];
    snprintf(h0, sizeof h0, "PMKS %s (orang)", r->has_compare ? r->compare.label : "-");
    snprintf(h1, sizeof h1, "PMKS %s (orang)", r->period.label);
    pl_xlsx_column cols[] = {
        {"Kode", PL_XLSX_TEXT, 10},
        {"Wilayah", PL_XLSX_TEXT, 32},
        {h0, PL_XLSX_NUMBER, 18},
        {h1, PL_XLSX_NUMBER, 18},
        {"Perubahan", PL_XLSX_NUMBER, 12},
        {"Perubahan (%)", PL_XLSX_NUMBER, 14},
        {"Kenaikan terbesar", PL_XLSX_TEXT, 36},
        {"Penurunan terbesar", PL_XLSX_TEXT, 36},
        {"Status pengesahan", PL_XLSX_TEXT, 30},
        {"PSKS (unit)", PL_XLSX_NUMBER, 12},
    };
    if ((rc = pl_xlsx_writer_add_sheet(w, "Ringkasan", cols, 10, err)))
        goto fail;
    for (size_t i = 0; i <= r->n_rows; i++) {
        const pl_report_region *g = i < r->n_rows ? &r->rows[i] : &r->total;
        char a[24], b[24], d[24], pc[24], up[80] = "", down[80] = "", st[96], ps[24];
        count_text(a, sizeof a, r, g->pmks[0].people[PL_PREV]);
        count_text(b, sizeof b, r, g->pmks[0].people[PL_CUR]);
        change_text(d, pc, sizeof d, r, g->pmks[0].people[PL_PREV], g->pmks[0].people[PL_CUR]);
        int cats[26];
        size_t n = r->has_compare ? pl_report_region_ranking(cats, g) : 0;
        if (n && g->pmks[cats[0]].people[PL_CUR] > g->pmks[cats[0]].people[PL_PREV])
            snprintf(up, sizeof up, "%s", pl_pmks_get(cats[0])->label);
        if (n && g->pmks[cats[n - 1]].people[PL_CUR] < g->pmks[cats[n - 1]].people[PL_PREV])
            snprintf(down, sizeof down, "%s", pl_pmks_get(cats[n - 1])->label);
        if (i == r->n_rows)
            snprintf(st, sizeof st, "%zu dari %zu disahkan", r->n_approved, r->n_rows);
        else if (r->level != PL_LEVEL_REGENCY)
            st[0] = '\0';
        else if (g->approved)
            snprintf(st, sizeof st, "disahkan %.10s oleh %s", g->approved_at, g->approved_by);
        else
            snprintf(st, sizeof st, "belum disahkan");
        snprintf(ps, sizeof ps, "%ld", g->psks[0]);
        const char *row[] = {i < r->n_rows ? g->code : "",
                             i < r->n_rows ? g->name : "JUMLAH",
                             r->has_compare ? a : "",
                             b,
                             r->has_compare ? d : "",
                             r->has_compare ? pc : "",
                             up,
                             down,
                             st,
                             ps};
        if ((rc = pl_xlsx_writer_row(w, row, 10, err)))
            goto fail;
    }
    for (size_t i = 0; i < r->n_rows; i++)
        if ((rc = write_region_sheet(w, r, &r->rows[i], err)))
            goto fail;
    pl_xlsx_column ic[] = {
        {"Tahun rakor", PL_XLSX_NUMBER, 12},   {"Wilayah", PL_XLSX_TEXT, 10},
        {"Kategori", PL_XLSX_TEXT, 28},        {"Intervensi", PL_XLSX_TEXT, 50},
        {"Tingkat", PL_XLSX_TEXT, 16},         {"Penanggung jawab", PL_XLSX_TEXT, 26},
        {"Anggaran (Rp)", PL_XLSX_NUMBER, 16}, {"Tenggat", PL_XLSX_TEXT, 12},
        {"Status", PL_XLSX_TEXT, 14},          {"Tindak lanjut terakhir", PL_XLSX_TEXT, 50},
    };
    if ((rc = pl_xlsx_writer_add_sheet(w, "Intervensi", ic, 10, err)))
        goto fail;
    for (int pass = 0; pass < 2; pass++) {
        const pl_intervention *v = pass == 0 ? r->prev_iv : r->iv;
        size_t n = pass == 0 ? r->n_prev_iv : r->n_iv;
        for (size_t i = 0; i < n; i++) {
            char y[16], bud[32] = "", note[600] = "";
            snprintf(y, sizeof y, "%d", v[i].rakor_year);
            if (v[i].has_budget)
                snprintf(bud, sizeof bud, "%.0f", v[i].budget);
            if (v[i].last_note[0])
                snprintf(note, sizeof note, "%s: %s", v[i].last_note_on, v[i].last_note);
            const char *row[] = {
                y,          v[i].region,   v[i].category ? pl_pmks_get(v[i].category)->label : "",
                v[i].title, v[i].level,    v[i].owner,
                bud,        v[i].due_date, v[i].status,
                note};
            if ((rc = pl_xlsx_writer_row(w, row, 10, err)))
                goto fail;
        }
    }
    if (r->coverage && (rc = write_coverage_sheet(w, r, err)))
        goto fail;
    if (r->dtsen && (rc = write_dtsen_sheet(w, r, err)))
        goto fail;
    return pl_xlsx_writer_close(w, err);
fail:
    pl_xlsx_writer_free(w);
    return rc;
}
