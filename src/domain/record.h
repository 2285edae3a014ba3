/*
 * record.h - one person's row in the canonical exchange format (import,
 * export, API, CLI): the column table with header aliases, and validation of
 * a row of text fields into a typed record with every problem found. Pure.
 *
 * Canonical columns (also the export's header, in this order):
 *   nik, no_kk, nama, tempat_lahir, tanggal_lahir, jenis_kelamin,
 *   hubungan_keluarga, nama_ibu, alamat, rt, rw, kode_desa, pmks,
 *   disabilitas, latitude, longitude, alasan_tanpa_nik
 *
 * A person without a NIK has an empty nik and a reason in alasan_tanpa_nik
 * (domain/nonik.h: a code or its label); such a person may also have no
 * No. KK (e.g. homeless), then no household.
 */
#ifndef PL_DOMAIN_RECORD_H
#define PL_DOMAIN_RECORD_H

#include "domain/date.h"
#include "domain/nik.h"
#include "domain/nonik.h"

#include <stdbool.h>

typedef enum pl_col {
    PL_COL_NIK,
    PL_COL_NO_KK,
    PL_COL_NAMA,
    PL_COL_TEMPAT_LAHIR,
    PL_COL_TANGGAL_LAHIR,
    PL_COL_JENIS_KELAMIN,
    PL_COL_HUBUNGAN,
    PL_COL_NAMA_IBU,
    PL_COL_ALAMAT,
    PL_COL_RT,
    PL_COL_RW,
    PL_COL_KODE_DESA,
    PL_COL_PMKS,
    PL_COL_DISABILITAS,
    PL_COL_LATITUDE,
    PL_COL_LONGITUDE,
    PL_COL_ALASAN_TANPA_NIK,
    PL_COL__MAX
} pl_col;

/* Canonical header name of a column ("nik", "no_kk", ...). */
const char *pl_col_name(pl_col c);

/*
 * The API's English key of a column ("nik", "kk", "name", "birth_date", ...;
 * "categories" for pmks): JSON bodies, replies and error fields use it, the
 * CSV/XLSX header keeps pl_col_name. Static text, never NULL.
 */
const char *pl_col_key(pl_col c);

/*
 * The API key for a field named in Bahasa Indonesia (a canonical column name,
 * "tanggal_meninggal", "kategori", "berlaku_dari", "berlaku_sampai"): static
 * text; any other name (already an API key) is returned as it is.
 */
const char *pl_field_key(const char *name);

/*
 * Finds the column a spreadsheet header names: canonical names and aliases
 * ("NIK", "No. NIK", "NAMA LENGKAP", "TGL LAHIR", "Kode Desa/Kel", ...),
 * case-, space- and punctuation-insensitive. Returns the column or -1.
 */
int pl_col_find(const char *header);

#define PL_RECORD_MAX_PMKS 8

typedef struct pl_record_pmks {
    int code;      /* PMKS 1..26 */
    pl_date since; /* start date; when absent the caller's today */
    bool has_since;
} pl_record_pmks;

/* A validated row. Text fields are trimmed copies. */
typedef struct pl_record {
    char nik[17];      /* "" for a person without NIK (no_nik_reason set) */
    int no_nik_reason; /* pl_nonik_reason; PL_NONIK_NONE when nik is set */
    char kk[17];       /* "" only for a person without NIK and without family card */
    char name[128];
    char birth_place[64];
    pl_date birth;
    char sex;         /* 'L' / 'P' */
    int relationship; /* pl_relationship */
    char mother_name[128];
    char address[256];
    char rt[8], rw[8];
    char village[PL_REGION_CODE_MAX];
    pl_record_pmks pmks[PL_RECORD_MAX_PMKS];
    int n_pmks;
    char disability[24]; /* slug or "" */
    bool has_coord;
    double lat, lon;
    unsigned flags; /* PL_FLAG_* of store.h, numerically: 1 birth date, 2 sex, 4 former */
} pl_record;

/* Flag bits (same values as store.h's PL_FLAG_*). */
enum {
    PL_RECORD_FLAG_BIRTHDATE = 1 << 0,
    PL_RECORD_FLAG_SEX = 1 << 1,
    PL_RECORD_FLAG_FORMER = 1 << 2,
    PL_RECORD_FLAG_COORD = 1 << 4, /* set by the importer: point outside the regency outline */
};

#define PL_RECORD_MAX_PROBLEMS 12

typedef struct pl_record_problem {
    pl_col col;
    char message[224]; /* Bahasa Indonesia */
} pl_record_problem;

typedef struct pl_record_problems {
    pl_record_problem items[PL_RECORD_MAX_PROBLEMS];
    int n;                      /* errors: the row is rejected when n > 0 */
    pl_record_problem notes[4]; /* flags raised (row kept, marked for verification) */
    int n_notes;
} pl_record_problems;

/*
 * Validates a row. fields[c] is the text of column c, or NULL when the file
 * has no such column (treated as empty). Required: nik, no_kk, nama,
 * tanggal_lahir, jenis_kelamin, kode_desa; an empty nik is accepted with a
 * reason in alasan_tanpa_nik (then no_kk may be empty too); a reason beside
 * a NIK is ignored. Every problem is recorded (not
 * only the first) with its column and a reason in Bahasa Indonesia. Returns
 * 0 when the row is valid (problems->n == 0), PL_EINVAL otherwise; out is
 * filled as far as it could be read.
 */
int pl_record_validate(pl_record *out, pl_record_problems *problems,
                       const char *const fields[PL_COL__MAX], const pl_region_known *regions,
                       const pl_date *today);

/*
 * Joins a row's problems' messages as "alasan; alasan" into out (cap bytes),
 * without column names: each message names its subject in words, for people
 * (the API's errors and the web UI); files keep pl_record_problems_join.
 */
void pl_record_problems_text(char *out, size_t cap, const pl_record_problems *p);

/* Joins a row's problems as "kolom: alasan; kolom: alasan" into out (cap bytes). */
void pl_record_problems_join(char *out, size_t cap, const pl_record_problems *p, bool notes);

#endif
