/* report_model.c - the period report's indicator table and pure helpers. */
#include "io/report_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const pl_indicator_def indicator_defs[PL_IND__MAX] = {
    [PL_IND_POVERTY_RATE] = {"persentase_penduduk_miskin", "Persentase penduduk miskin", 2, true},
    [PL_IND_POOR] = {"jumlah_penduduk_miskin", "Jumlah penduduk miskin", 2, false},
    [PL_IND_IPM] = {"ipm", "Indeks Pembangunan Manusia", 2, false},
    [PL_IND_GINI] = {"gini", "Rasio Gini", 3, false},
    [PL_IND_INFLATION] = {"inflasi", "Inflasi", 2, true},
    [PL_IND_GROWTH] = {"pertumbuhan_ekonomi", "Pertumbuhan ekonomi", 2, true},
    [PL_IND_TPT] = {"tpt", "Tingkat pengangguran terbuka", 2, true},
};

const pl_indicator_def *pl_indicator_def_get(int i)
{
    return i >= 0 && i < PL_IND__MAX ? &indicator_defs[i] : NULL;
}

int pl_indicator_find(const char *slug)
{
    for (int i = 0; slug && i < PL_IND__MAX; i++)
        if (strcasecmp(slug, indicator_defs[i].slug) == 0)
            return i;
    return -1;
}

void pl_report_coverage_get(const pl_report_region *g, int c, const char *program, long *people,
                            long *households)
{
    *people = *households = 0;
    for (size_t i = 0; i < g->n_coverage; i++)
        if (g->coverage[i].category == c && strcmp(g->coverage[i].program, program) == 0) {
            *people = g->coverage[i].people;
            *households = g->coverage[i].households;
            return;
        }
}

double pl_report_coverage_pct(long covered, long of)
{
    return of > 0 ? 100.0 * (double)covered / (double)of : 0.0;
}

void pl_report_free(pl_report *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->n_rows; i++) {
        free(r->rows[i].districts);
        free(r->rows[i].coverage);
    }
    free(r->total.coverage);
    free(r->rows);
    free(r->prev_iv);
    free(r->iv);
    free(r->problems);
    pl_psks_cov_free(r->psks_cov);
    pl_dtsen_report_free(r->dtsen);
    pl_doc_letterhead_free(r->letterhead);
    free(r);
}

static int cmp_change(const void *a, const void *b)
{
    const pl_report_change *x = a, *y = b;
    if (x->diff != y->diff)
        return x->diff > y->diff ? -1 : 1;
    int c = strcmp(x->region->code, y->region->code);
    return c ? c : x->category - y->category;
}

int pl_report_changes(pl_report_change **out, size_t *n, const pl_report *r)
{
    *out = NULL;
    *n = 0;
    size_t cap = r->n_rows * 26 + 1, k = 0;
    pl_report_change *v = calloc(cap, sizeof *v);
    if (v == NULL)
        return PL_ENOMEM;
    for (size_t i = 0; i < r->n_rows; i++) {
        for (int c = 1; c <= 26; c++) {
            const pl_report_cell *cell = &r->rows[i].pmks[c];
            if (cell->people[0] == 0 && cell->people[1] == 0)
                continue;
            if (pl_suppress_hidden(cell->people[0]) || pl_suppress_hidden(cell->people[1]))
                continue;
            pl_report_change *ch = &v[k++];
            ch->region = &r->rows[i];
            ch->category = c;
            ch->after = cell->people[PL_CUR];
            ch->before = cell->people[PL_PREV];
            ch->has_pct = pl_period_change(ch->before, ch->after, &ch->diff, &ch->pct);
        }
    }
    qsort(v, k, sizeof *v, cmp_change);
    *out = v;
    *n = k;
    return 0;
}

/* The change of category c in g; 0 when either count is hidden. */
static long change_of(const pl_report_region *g, int c)
{
    const pl_report_cell *cell = &g->pmks[c];
    if (pl_suppress_hidden(cell->people[PL_CUR]) || pl_suppress_hidden(cell->people[PL_PREV]))
        return 0;
    return cell->people[PL_CUR] - cell->people[PL_PREV];
}

/* Insertion sort: at most 26 entries. */
size_t pl_report_region_ranking(int cats[26], const pl_report_region *g)
{
    size_t n = 0;
    for (int c = 1; c <= 26; c++) {
        long d = change_of(g, c);
        if (d == 0)
            continue;
        size_t j = n++;
        while (j > 0) {
            int p = cats[j - 1];
            long dp = change_of(g, p);
            if (dp >= d)
                break;
            cats[j] = p;
            j--;
        }
        cats[j] = c;
    }
    return n;
}
