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
 * With no_nik_rate > 0 a 17th column, alasan_tanpa_nik, follows: empty, or
 * for a person written without a NIK the reason code (belum_rekam_ktp_el,
 * anak_belum_ber_nik, kat, tunawisma, tidak_diketahui, lainnya).
 *
 * Ground truth (when requested): `row_a,row_b,kind,same`, 1-based data row
 * numbers (header excluded). same = 1: row_b is a duplicate of row_a (the
 * original), kind the damages joined by '+': typo, nickname, initial,
 * date_swap, date_digit, nik_missing, nik_excel, nik_digit, same_kk (entered
 * again on the original's family card), title (H./Hj. added or dropped, or
 * bin/binti and the father's name), old_spelling (Dj/J, Tj/C, Oe/U, Ch/Kh),
 * placeholder_date (1 January, 1 July or 31 December of the birth year),
 * nik_other (a second NIK, as a double registration gets). same = 0: two
 * different people who look alike, kind twin (same card, mother and birth
 * date) or namesake_son (a son with his father's name, same card).
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
#define PL_GEN_MAX_NO_NIK_RATE 0.3

typedef struct pl_gen_options {
    uint64_t seed;                  /* same seed and options -> same bytes */
    long people;                    /* target count; whole households, so a few more */
    const pl_gen_village *villages; /* villages to populate (borrowed), >= 1 */
    size_t n_villages;
    double dup_rate; /* duplicates per original person, 0..0.5; 0 = none */
    /* People written without a NIK, overall share 0..0.3 (0 = none, and no alasan_tanpa_nik
     * column); they are concentrated in the groups that lack one (gen.c, assign_no_nik). */
    double no_nik_rate;
    /* Duplicates entered again on the same family card, per original person, 0..0.5; when > 0
     * the look-alike counter-cases (twins, sons named after their father) are planted too. */
    double clerk_dup_rate;
    FILE *out;     /* CSV output (borrowed, not closed) */
    FILE *truth;   /* ground truth of duplicates, or NULL */
    pl_date today; /* reference date for ages and category dates */
} pl_gen_options;

typedef struct pl_gen_stats {
    long people;           /* original person rows */
    long households;       /* original households (distinct KK of original rows) */
    long duplicates;       /* injected duplicate rows (rows = people + duplicates) */
    long with_coords;      /* original person rows that have coordinates */
    long no_nik;           /* person rows (originals and duplicates) written without a NIK */
    long clerk_duplicates; /* of duplicates, those on the original's family card */
    long twins;            /* counter-case pairs: twins */
    long namesakes;        /* counter-case pairs: son named after his father */
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

/* Counts of pl_gen_psks: all units and by PSKS code (1..12). */
typedef struct pl_gen_psks_stats {
    long units;
    long by_type[13];
} pl_gen_psks_stats;

/*
 * Writes the PSKS units of the villages of opt (seeded from opt->seed; other
 * options ignored) to f in the columns of `pilar psks import`: jenis (PSKS
 * code), nama, kode_wilayah, alamat, telepon, latitude, longitude. A TKSK and
 * one to four Tagana volunteers per district, a Karang Taruna in every
 * village and a PSM in most, LKS and one to three CSR companies per regency
 * (rates and their reasons in gen_psks.c). f is the caller's. Fills *out (may
 * be NULL). Errors: PL_EINVAL (no villages or no file), PL_ENOMEM, PL_EIO.
 */
int pl_gen_psks(pl_gen_psks_stats *out, const pl_gen_options *opt, FILE *f, pl_error *err);

#endif
