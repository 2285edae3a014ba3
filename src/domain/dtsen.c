/* dtsen.c - rules of the DTSEN update cycle (domain/dtsen.h). */
#include "domain/dtsen.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *slug, *label;
} kinds[PL_DTSEN_KIND__MAX] = {
    [PL_DTSEN_ADD_HOUSEHOLD] = {"tambah_keluarga", "Tambah keluarga"},
    [PL_DTSEN_ADD_PERSON] = {"tambah_orang", "Tambah anggota keluarga"},
    [PL_DTSEN_REMOVE] = {"hapus", "Hapus"},
    [PL_DTSEN_CHANGE] = {"ubah", "Ubah data"},
};

static const struct {
    const char *slug, *label;
} removals[PL_DTSEN_REMOVAL__MAX] = {
    [PL_DTSEN_MOVED] = {"pindah", "Pindah"},
    [PL_DTSEN_DIED] = {"meninggal", "Meninggal"},
    [PL_DTSEN_INELIGIBLE] = {"tidak_layak", "Tidak layak lagi"},
    [PL_DTSEN_DUPLICATE] = {"ganda", "Data ganda"},
};

const char *pl_dtsen_kind_slug(int k)
{
    return k >= 0 && k < PL_DTSEN_KIND__MAX ? kinds[k].slug : NULL;
}

const char *pl_dtsen_kind_label(int k)
{
    return k >= 0 && k < PL_DTSEN_KIND__MAX ? kinds[k].label : NULL;
}

int pl_dtsen_kind_find(const char *slug)
{
    for (int k = 0; slug && k < PL_DTSEN_KIND__MAX; k++)
        if (strcmp(slug, kinds[k].slug) == 0)
            return k;
    return -1;
}

const char *pl_dtsen_removal_slug(int r)
{
    return r >= 0 && r < PL_DTSEN_REMOVAL__MAX ? removals[r].slug : NULL;
}

const char *pl_dtsen_removal_label(int r)
{
    return r >= 0 && r < PL_DTSEN_REMOVAL__MAX ? removals[r].label : NULL;
}

int pl_dtsen_removal_find(const char *slug)
{
    for (int r = 0; slug && r < PL_DTSEN_REMOVAL__MAX; r++)
        if (strcmp(slug, removals[r].slug) == 0)
            return r;
    return -1;
}

const char *pl_dtsen_state_label(const char *slug)
{
    static const char *const t[][2] = {
        {PL_DTSEN_P_IN, "Masuk"},
        {PL_DTSEN_P_FIELD, "Menunggu cek lapangan"},
        {PL_DTSEN_P_CHECKED, "Diperiksa"},
        {PL_DTSEN_P_REJECTED, "Ditolak"},
        {PL_DTSEN_P_RATIFIED, "Disahkan"},
        {PL_DTSEN_O_FILED, "Diterima"},
        {PL_DTSEN_O_DECIDED, "Diputus"},
        {PL_DTSEN_O_ANSWERED, "Dijawab"},
        {"terbuka", "Terbuka"},
    };
    for (size_t i = 0; slug && i < sizeof t / sizeof t[0]; i++)
        if (strcmp(slug, t[i][0]) == 0)
            return t[i][1];
    return "";
}

bool pl_dtsen_filer_valid(const char *slug)
{
    return slug && (strcmp(slug, "warga") == 0 || strcmp(slug, "psks") == 0 ||
                    strcmp(slug, "operator") == 0);
}

bool pl_dtsen_objection_kind_valid(const char *slug)
{
    return slug &&
           (strcmp(slug, PL_DTSEN_O_WRONG_IN) == 0 || strcmp(slug, PL_DTSEN_O_WRONG_OUT) == 0);
}

const char *pl_dtsen_objection_kind_label(const char *slug)
{
    if (slug && strcmp(slug, PL_DTSEN_O_WRONG_IN) == 0)
        return "Seharusnya tidak terdaftar (salah masuk)";
    if (slug && strcmp(slug, PL_DTSEN_O_WRONG_OUT) == 0)
        return "Seharusnya terdaftar (tidak masuk)";
    return "";
}

bool pl_dtsen_meeting_kind_valid(const char *slug)
{
    return slug && (strcmp(slug, "musdes") == 0 || strcmp(slug, "muskel") == 0);
}

bool pl_dtsen_recommendation_valid(const char *slug)
{
    return slug &&
           (strcmp(slug, PL_DTSEN_REC_APPROVE) == 0 || strcmp(slug, PL_DTSEN_REC_REJECT) == 0);
}

void pl_dtsen_period_for(char out[8], const pl_date *entered, int cutoff_day)
{
    int y = entered->year, m = entered->month;
    int last = pl_date_days_in_month(y, m);
    int cut = cutoff_day < 1 ? 1 : cutoff_day > last ? last : cutoff_day;
    if (entered->day > cut && ++m > 12) {
        m = 1;
        y++;
    }
    snprintf(out, 8, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
}

bool pl_dtsen_period_valid(const char *s)
{
    if (s == NULL || strlen(s) != 7 || s[4] != '-')
        return false;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = atoi(s), m = atoi(s + 5);
    return y >= 2000 && y <= 2100 && m >= 1 && m <= 12;
}

int pl_dtsen_period_next(char out[8], const char *period)
{
    if (!pl_dtsen_period_valid(period))
        return -1;
    int y = atoi(period), m = atoi(period + 5) + 1;
    if (m > 12) {
        m = 1;
        y++;
    }
    snprintf(out, 8, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
    return 0;
}

int pl_dtsen_cutoff_date(char out[11], const char *period, int cutoff_day)
{
    if (!pl_dtsen_period_valid(period))
        return -1;
    int y = atoi(period), m = atoi(period + 5);
    int last = pl_date_days_in_month(y, m);
    pl_date d = {y, m, cutoff_day < 1 ? 1 : cutoff_day > last ? last : cutoff_day};
    pl_date_format(out, &d);
    return 0;
}

void pl_dtsen_due_date(char out[11], const pl_date *filed, int days)
{
    pl_date d;
    pl_date_from_days(&d, pl_date_to_days(filed) + (days < 0 ? 0 : days));
    pl_date_format(out, &d);
}

bool pl_dtsen_overdue(const char *due, const pl_date *today)
{
    pl_date d;
    if (due == NULL || pl_date_parse(&d, due) != 0)
        return false;
    return pl_date_cmp(&d, today) < 0;
}

void pl_dtsen_missing_add(pl_dtsen_missing *m, const char *fmt, ...)
{
    if (m->n >= PL_DTSEN_MISSING_MAX)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->items[m->n], sizeof m->items[m->n], fmt, ap);
    va_end(ap);
    m->n++;
}

void pl_dtsen_missing_text(char *out, size_t cap, const pl_dtsen_missing *m)
{
    if (cap == 0)
        return;
    out[0] = '\0';
    size_t used = 0;
    for (int i = 0; i < m->n && used < cap; i++) {
        int w = snprintf(out + used, cap - used, "%s%s", i ? "; " : "", m->items[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

void pl_dtsen_check_facts(pl_dtsen_missing *m, const pl_dtsen_facts *f)
{
    if (!f->meeting_has_minutes)
        pl_dtsen_missing_add(m, "berita acara musyawarah desa/kelurahan atau surat SPTJM belum "
                                "diunggah");
    bool add = f->kind == PL_DTSEN_ADD_HOUSEHOLD || f->kind == PL_DTSEN_ADD_PERSON;
    if (f->kind != PL_DTSEN_ADD_HOUSEHOLD && !f->has_subject)
        pl_dtsen_missing_add(m, f->kind == PL_DTSEN_ADD_PERSON
                                    ? "keluarga tujuan (No. KK terdaftar) belum disebut"
                                    : "orang atau keluarga yang dimaksud belum disebut");
    if ((add || f->kind == PL_DTSEN_CHANGE) && !f->has_data)
        pl_dtsen_missing_add(m, "data yang diusulkan belum diisi");
    if (f->kind == PL_DTSEN_REMOVE && f->removal < 0)
        pl_dtsen_missing_add(m, "alasan penghapusan belum dipilih");
    if (f->kind == PL_DTSEN_REMOVE && f->removal == PL_DTSEN_DIED && !f->has_death_date)
        pl_dtsen_missing_add(m, "tanggal meninggal belum diisi");
    if (!f->has_evidence) {
        if (add)
            pl_dtsen_missing_add(m, "dokumen pendukung (foto KK/KTP) belum dilampirkan");
        else if (f->kind == PL_DTSEN_REMOVE && f->removal == PL_DTSEN_DIED)
            pl_dtsen_missing_add(m, "surat keterangan kematian belum dilampirkan");
        else if (f->kind == PL_DTSEN_REMOVE && f->removal == PL_DTSEN_MOVED)
            pl_dtsen_missing_add(m, "surat keterangan pindah belum dilampirkan");
        else
            pl_dtsen_missing_add(m, "dokumen pendukung belum dilampirkan");
    }
}
