/*
 * gen.h - the demo and benchmark data generator: writes a realistic,
 * deterministic population of households (KK) and people as a CSV in the
 * canonical import columns, optionally with injected duplicate records and a
 * ground-truth file that names them.
 *
 * Output columns (header line exactly):
 *   nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,
 *   nama_ibu,alamat,rt,rw,kode_desa,pmks,disabilitas,latitude,longitude
 * LF line ends, RFC 4180 quoting where a field holds a comma or quote.
 * pmks is `CODE@YYYY-MM-DD` items joined by ';' (household categories 24 and
 * 25 on the head's row only); disabilitas is a slug from category.h.
 *
 * Ground truth (when requested): `row_a,row_b,kind`, 1-based data row
 * numbers (header excluded) of the original and the duplicate, kind the
 * damages joined by '+': typo, nickname, initial, date_swap, date_digit,
 * nik_missing, nik_excel, nik_digit.
 */
#ifndef PL_GEN_GEN_H
#define PL_GEN_GEN_H

#include "domain/date.h"
#include "util/error.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct pl_gen_village {
    char code[14]; /* dotted "64.74.01.1001" */
    char name[64]; /* "Bontang Baru"; used in rural addresses */
} pl_gen_village;

#define PL_GEN_MAX_PEOPLE 100000000L /* 1e8: a sanity cap, not a design limit */
#define PL_GEN_MAX_DUP_RATE 0.5

typedef struct pl_gen_options {
    uint64_t seed;                  /* same seed and options -> same bytes */
    long people;                    /* target count; whole households, so a few more */
    const pl_gen_village *villages; /* villages to populate (borrowed), >= 1 */
    size_t n_villages;
    double dup_rate; /* duplicates per original person, 0..0.5; 0 = none */
    FILE *out;       /* CSV output (borrowed, not closed) */
    FILE *truth;     /* ground truth of duplicates, or NULL */
    pl_date today;   /* reference date for ages and category dates */
} pl_gen_options;

typedef struct pl_gen_stats {
    long people;      /* original person rows */
    long households;  /* original households (distinct KK of original rows) */
    long duplicates;  /* injected duplicate rows (rows = people + duplicates) */
    long with_coords; /* original person rows that have coordinates */
} pl_gen_stats;

/*
 * Generates the population described by opt and writes it to opt->out (and
 * the ground truth to opt->truth when not NULL). Villages are drawn with
 * urban kelurahan (code 1xxx) weighted above rural desa (2xxx); coordinates
 * exist only for districts of provinces 64 and 65. The caller keeps
 * ownership of the files and the village list; nothing is closed.
 *
 * Fills *out (may be NULL) and returns 0; PL_EINVAL (field named in err) for
 * bad options; PL_ENOMEM when memory runs out; PL_EIO when a write fails.
 */
int pl_gen_run(pl_gen_stats *out, const pl_gen_options *opt, pl_error *err);

#endif
