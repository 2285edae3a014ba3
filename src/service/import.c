/* import.c - bulk import: header mapping, conflict pass, validate-and-write pass. */
#include "service/import.h"
#include "domain/category.h"
#include "domain/name.h"
#include "domain/record.h"
#include "domain/relationship.h"
#include "domain/signature.h"
#include "io/csv_writer.h"
#include "io/table_reader.h"
#include "service/area.h"
#include "service/import_queue.h"
#include "service/nonik.h"
#include "service/registry.h"
#include "service/transfer.h"
#include "store/audit.h"
#include "service/dedup.h"
#include "store/bulk.h"
#include "store/household.h"
#include "store/membership.h"
#include "store/person.h"
#include "store/region.h"
#include "store/store.h"
#include "store/sync.h"
#include "util/hashmap.h"
#include "util/vec.h"

#include <jansson.h>
#include <pthread.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Required canonical columns: without them no row can be valid. */
static const pl_col required[] = {PL_COL_NIK,           PL_COL_NO_KK,         PL_COL_NAMA,
                                  PL_COL_TANGGAL_LAHIR, PL_COL_JENIS_KELAMIN, PL_COL_KODE_DESA};

typedef struct importer {
    pl_store *s;
    const pl_actor *who;
    const pl_import_options *opt;
    pl_import_summary *sum;
    pl_error *err;
    pl_strset *regions;   /* regency, district and village codes of the tree */
    pl_u64map *niks;      /* pass 1: NIK -> (row hash, first row | conflict bit) */
    long distinct_niks;   /* pass 1: how many people the file may add */
    int map[PL_COL__MAX]; /* column index in the file, -1 when absent */
    char **header;        /* copy of the file's header row */
    int alasan_col;       /* "alasan" column of a re-imported rejects file, or -1 */
    size_t n_header;
    pl_csv_writer *rejects;
    char last_kk[17];
    int64_t last_household;
    pl_outlines *outlines; /* regency outlines for the coordinate check (loaded on demand) */
    char coord_kk[17];     /* the household whose point was checked last, and the verdict */
    double coord_lat, coord_lon;
    bool coord_outside;
    double coord_distance;
    long rows_in_tx;
    bool last_hidden;     /* last_kk belongs to a household outside the scope */
    unsigned hidden_cats; /* dry run: household categories counted for that KK (bit = code) */
    long batch;           /* rows per transaction in the default mode */
    /* The insert phase's group of new people (reused from chunk to chunk). */
    const pl_person **group_rows;
    const char **group_norms;
    int64_t *group_ids;
    size_t *group_at;
    size_t cap_rows, cap_norms, cap_ids, cap_at;
    bool in_tx;
    /* People without NIK named by a row of this file: person id -> a = that row. */
    pl_u64map *nonik_rows;
    /* People added or changed, matched against the registry once the import is kept. */
    pl_dedup_arrival *arrivals;
    size_t n_arrivals, cap_arrivals;
    /* The chunk's memberships, opened together at the end of its update phase. */
    pl_membership *ms;
    size_t n_ms, cap_ms;
} importer;

static bool region_exists(void *ctx, const char *dotted)
{
    const importer *im = ctx;
    return pl_strset_has(im->regions, dotted);
}

static int add_region(void *ctx, const pl_region *r)
{
    return pl_strset_add(ctx, r->code);
}

static int load_regions(importer *im)
{
    im->regions = pl_strset_new();
    if (im->regions == NULL)
        return pl_error_set(im->err, PL_ENOMEM, "", "memori tidak cukup");
    for (int level = PL_LEVEL_PROVINCE; level <= PL_LEVEL_VILLAGE; level++) {
        int rc = pl_store_region_list(im->s, level, "", add_region, im->regions, im->err);
        if (rc)
            return rc;
    }
    if (pl_strset_count(im->regions) == 0)
        return pl_error_set(im->err, PL_EINVAL, "kode_desa",
                            "pohon wilayah kosong; jalankan 'pilar region import' dahulu");
    return 0;
}

/* How many distinct canonical columns a row names: a header scores 3 or more. */
static int header_score(void *ctx, char *const *f, size_t nf)
{
    (void)ctx;
    bool seen[PL_COL__MAX] = {false};
    int n = 0;
    for (size_t i = 0; i < nf; i++) {
        int c = pl_col_find(f[i]);
        if (c >= 0 && !seen[c]) {
            seen[c] = true;
            n++;
        }
    }
    return n;
}

/* Opens the file with the header search (title rows, a cover sheet: io/table_reader.h). */
static int open_table(const importer *im, pl_table_reader **r, pl_error *err)
{
    pl_table_options to = {.sheet = im->opt->sheet, .header_score = header_score, .header_min = 3};
    if (im->opt->data)
        return pl_table_open_mem(r, im->opt->data, im->opt->data_len, im->opt->path, &to, err);
    return pl_table_open(r, im->opt->path, &to, err);
}

static int open_reader(importer *im, pl_table_reader **r)
{
    return open_table(im, r, im->err);
}

/* True when every field is empty or spaces: such rows are skipped without a word. */
static bool blank_row(char **f, size_t nf)
{
    for (size_t i = 0; i < nf; i++)
        for (const char *p = f[i]; *p; p++)
            if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
                return false;
    return true;
}

static bool filled(char **f, size_t nf, int i)
{
    if (i < 0 || (size_t)i >= nf)
        return false;
    for (const char *p = f[i]; *p; p++)
        if (*p != ' ' && *p != '\t')
            return true;
    return false;
}

/* A NIK or KK cell holding something other than a line of a signature block. */
static bool id_filled(char **f, size_t nf, int i)
{
    return filled(f, nf, i) && !pl_signature_line(f[i]);
}

static int filled_count(char **f, size_t nf)
{
    int n = 0;
    for (size_t i = 0; i < nf; i++)
        n += filled(f, nf, (int)i);
    return n;
}

/*
 * A NIK or KK read from a spreadsheet's number cell: the column names whose
 * value is damaged by the float (bit 0 NIK, bit 1 KK), for read_rows.
 */
static unsigned number_cells(const importer *im, const pl_table_reader *r, char **f, size_t nf)
{
    unsigned bits = 0;
    int ni = im->map[PL_COL_NIK], ki = im->map[PL_COL_NO_KK];
    if (filled(f, nf, ni) && pl_table_cell_kind(r, (size_t)ni) == PL_TABLE_CELL_NUMBER)
        bits |= 1;
    if (filled(f, nf, ki) && pl_table_cell_kind(r, (size_t)ki) == PL_TABLE_CELL_NUMBER)
        bits |= 2;
    return bits;
}

/*
 * The reason for a row whose NIK or KK came from a number cell: that cause
 * first (domain/nik.h, PL_NIK_NUMBER_CELL), then the row's other problems
 * without those of the damaged columns (a serial 0000 is the damage's
 * symptom, not another fault).
 */
static void number_cell_reason(char *why, size_t cap, unsigned bits, const char *const *fields,
                               const pl_record_problems *probs)
{
    size_t j = 0;
    why[0] = '\0';
    for (int k = 0; k < 2; k++) {
        if (!(bits & (1u << k)))
            continue;
        pl_col col = k == 0 ? PL_COL_NIK : PL_COL_NO_KK;
        pl_nik_info info;
        pl_nik_check(&info, k == 0 ? PL_IDNUM_NIK : PL_IDNUM_KK, fields[col], NULL);
        pl_nik_mark_number_cell(&info);
        char msg[400];
        pl_nik_problem_message(msg, sizeof msg, &info, PL_NIK_NUMBER_CELL);
        int w = snprintf(why + j, cap - j, "%s%s: %s", j ? "; " : "", pl_col_name(col), msg);
        if (w > 0)
            j += (size_t)w < cap - j ? (size_t)w : cap - j - 1;
    }
    pl_record_problems rest = {.n = 0};
    for (int i = 0; i < probs->n; i++) {
        pl_col col = probs->items[i].col;
        if ((col == PL_COL_NIK && (bits & 1)) || (col == PL_COL_NO_KK && (bits & 2)))
            continue;
        rest.items[rest.n++] = probs->items[i];
    }
    if (rest.n > 0 && j + 2 < cap) {
        snprintf(why + j, cap - j, "; ");
        pl_record_problems_join(why + j + 2, cap - j - 2, &rest, false);
    }
}

/* Maps the header row to canonical columns; unknown ones are reported, not fatal. */
static int map_header(importer *im, char **f, size_t nf)
{
    for (int c = 0; c < PL_COL__MAX; c++)
        im->map[c] = -1;
    im->header = calloc(nf ? nf : 1, sizeof *im->header);
    if (im->header == NULL)
        return pl_error_set(im->err, PL_ENOMEM, "", "memori tidak cukup");
    im->n_header = nf;
    for (size_t i = 0; i < nf; i++) {
        im->header[i] = strdup(f[i]);
        if (im->header[i] == NULL)
            return pl_error_set(im->err, PL_ENOMEM, "", "memori tidak cukup");
        int c = pl_col_find(f[i]);
        if (strcmp(f[i], "alasan") == 0 && im->alasan_col < 0) {
            im->alasan_col = (int)i; /* our own rejects file coming back: ignore quietly */
        } else if (c >= 0 && im->map[c] < 0) {
            im->map[c] = (int)i;
        } else if (f[i][0] && im->sum->n_unknown < PL_IMPORT_MAX_UNKNOWN) {
            snprintf(im->sum->unknown_columns[im->sum->n_unknown++], 64, "%s", f[i]);
        }
    }
    char missing[256] = "";
    size_t j = 0;
    for (size_t k = 0; k < sizeof required / sizeof required[0]; k++) {
        if (im->map[required[k]] < 0) {
            int w = snprintf(missing + j, sizeof missing - j, "%s%s", j ? ", " : "",
                             pl_col_name(required[k]));
            if (w > 0 && (size_t)w < sizeof missing - j)
                j += (size_t)w;
        }
    }
    if (j)
        return pl_error_set(im->err, PL_EINVAL, "header",
                            "kolom wajib tidak ditemukan di baris judul: %s (judul yang dikenali "
                            "lihat dokumentasi impor)",
                            missing);
    return 0;
}

/*
 * Takes off the apostrophe the CSV writer puts before text that starts like
 * a formula (io/csv_writer.h), so an export or a rejects file imports as
 * the values it was written from. Unambiguous: nothing else starts with
 * apostrophes followed by = + - @ tab or CR.
 */
static void unguard_row(char **f, size_t nf)
{
    for (size_t i = 0; i < nf; i++) {
        pl_csv_unguard(f[i]);
        /* The apostrophe typed in Excel to keep digits as text ('6474...), left literal in a
         * CSV: the digits are meant. */
        if (f[i][0] == '\'' && f[i][1] >= '0' && f[i][1] <= '9')
            memmove(f[i], f[i] + 1, strlen(f[i]));
    }
}

static uint64_t nik_key(const char *text)
{
    uint64_t v = 0;
    int n = 0;
    if (text == NULL)
        return 0;
    while (*text == ' ' || *text == '\t')
        text++;
    for (; *text >= '0' && *text <= '9'; text++, n++)
        v = v * 10 + (uint64_t)(*text - '0');
    while (*text == ' ' || *text == '\t' || *text == '\r' || *text == '\n')
        text++;
    return (n == 16 && *text == '\0') ? v : 0;
}

static uint64_t row_hash(importer *im, char **f, size_t nf)
{
    uint64_t h = 1469598103934665603ULL;
    for (int c = 0; c < PL_COL__MAX; c++) {
        int i = im->map[c];
        const char *v = (i >= 0 && (size_t)i < nf) ? f[i] : "";
        /* Trim so that stray spaces do not make a conflict. */
        while (*v == ' ')
            v++;
        size_t n = strlen(v);
        while (n && (v[n - 1] == ' ' || v[n - 1] == '\r'))
            n--;
        for (size_t k = 0; k < n; k++) {
            h ^= (unsigned char)v[k];
            h *= 1099511628211ULL;
        }
        h ^= 0x1f;
        h *= 1099511628211ULL;
    }
    return h | 1; /* never 0: 0 marks "unset" */
}

#define CONFLICT_BIT (1ULL << 63)

/* Pass 1: remember each NIK's first row and content; mark NIKs seen with other content. */
static int pass_conflicts(importer *im)
{
    pl_table_reader *r = NULL;
    int rc = open_reader(im, &r);
    if (rc)
        return rc;
    char **f;
    size_t nf;
    bool header = true;
    long sig_from = 0, last_row = 0;
    while ((rc = pl_table_next(r, &f, &nf, im->err)) == 1) {
        if (header) {
            header = false;
            snprintf(im->sum->sheet, sizeof im->sum->sheet, "%s", pl_table_sheet(r));
            im->sum->header_row = pl_table_header_row(r);
            if ((rc = map_header(im, f, nf)))
                break;
            continue;
        }
        if (blank_row(f, nf))
            continue;
        /*
         * A signature block: a row without NIK or KK that opens one, and after it to the end
         * only such short rows; a row with a number or a person's worth of cells ends the
         * candidate.
         */
        last_row = pl_table_row_number(r);
        if (id_filled(f, nf, im->map[PL_COL_NIK]) || id_filled(f, nf, im->map[PL_COL_NO_KK]) ||
            filled_count(f, nf) > 3)
            sig_from = 0;
        else if (sig_from == 0 && pl_signature_row(f, nf))
            sig_from = last_row;
        unguard_row(f, nf);
        int ni = im->map[PL_COL_NIK];
        /* A number cell's NIK is refused for that reason alone, never as a conflict. */
        if (number_cells(im, r, f, nf) & 1)
            continue;
        uint64_t key = nik_key((size_t)ni < nf ? f[ni] : NULL);
        if (key == 0)
            continue;
        pl_u64map_entry *e = pl_u64map_get(im->niks, key, true);
        if (e == NULL) {
            rc = pl_error_set(im->err, PL_ENOMEM, "", "memori tidak cukup");
            break;
        }
        uint64_t h = row_hash(im, f, nf);
        long row = pl_table_row_number(r);
        if (e->a == 0) {
            im->distinct_niks++;
            e->a = h;
            e->b = (uint64_t)row;
        } else if (e->a != h && !(e->b & CONFLICT_BIT)) {
            e->b |= CONFLICT_BIT | ((uint64_t)row << 32);
        }
    }
    if (rc == 0 && header)
        rc = pl_error_set(im->err, PL_EINVAL, "header", "berkas kosong: tidak ada baris judul");
    if (rc == 0 && sig_from) {
        im->sum->signature_from = sig_from;
        im->sum->signature_to = last_row;
    }
    pl_table_close(r);
    return rc < 0 ? rc : 0;
}

static int open_rejects(importer *im)
{
    const pl_import_options *o = im->opt;
    char *path = im->sum->rejects_file;
    if (o->rejects_path) {
        snprintf(path, PATH_MAX, "%s", o->rejects_path);
    } else {
        const char *base = o->path ? o->path : "impor";
        const char *dot = strrchr(base, '.');
        const char *slash = strrchr(base, '/');
        int stem = (int)((dot && (!slash || dot > slash)) ? dot - base : (int)strlen(base));
        snprintf(path, PATH_MAX, "%.*s-ditolak.csv", stem, base);
    }
    const char **hdr = calloc(im->n_header + 1, sizeof *hdr);
    pl_csv_kind *kinds = calloc(im->n_header + 1, sizeof *kinds);
    if (hdr == NULL || kinds == NULL) {
        free(hdr);
        free(kinds);
        return pl_error_set(im->err, PL_ENOMEM, "", "memori tidak cukup");
    }
    size_t n = 0;
    for (size_t i = 0; i < im->n_header; i++) {
        if ((int)i == im->alasan_col)
            continue;
        /* Coordinates stay numbers; every other column is text for the formula guard. */
        if ((int)i == im->map[PL_COL_LATITUDE] || (int)i == im->map[PL_COL_LONGITUDE])
            kinds[n] = PL_CSV_NUMBER;
        hdr[n++] = im->header[i];
    }
    hdr[n++] = "alasan";
    /*
     * A BOM and CRLF so that Excel opens it in UTF-8 for the operator to fix; mode 0600 (it
     * holds the rows' personal data). The formula guard is undone when it comes back.
     */
    pl_csv_writer_options wo = {
        .delimiter = ',', .line_end = PL_CSV_CRLF, .bom = 1, .kinds = kinds, .n_kinds = n};
    int rc = pl_csv_writer_open_path(&im->rejects, path, &wo, im->err);
    if (rc == 0)
        rc = pl_csv_writer_row(im->rejects, hdr, n, im->err);
    free(hdr);
    free(kinds);
    return rc;
}

/*
 * Writes a rejected row with its original columns plus "alasan" (the row
 * number, then each field and reason), so the operator can fix the file and
 * import it again as it is (a previous "alasan" column is replaced).
 */
static int write_reject(importer *im, long row, char **f, size_t nf, const char *reason)
{
    if (im->rejects == NULL) {
        int rc = open_rejects(im);
        if (rc)
            return rc;
    }
    const char **out = calloc(im->n_header + 1, sizeof *out);
    char *why = malloc(strlen(reason) + 32);
    if (out == NULL || why == NULL) {
        free(out);
        free(why);
        return pl_error_set(im->err, PL_ENOMEM, "", "memori tidak cukup");
    }
    sprintf(why, "baris %ld: %s", row, reason);
    size_t n = 0;
    for (size_t i = 0; i < im->n_header; i++)
        if ((int)i != im->alasan_col)
            out[n++] = i < nf ? f[i] : "";
    out[n++] = why;
    int rc = pl_csv_writer_row(im->rejects, out, n, im->err);
    free(out);
    free(why);
    return rc;
}

static int reject(importer *im, long row, char **f, size_t nf, const char *reason)
{
    im->sum->rejected++;
    return write_reject(im, row, f, nf, reason);
}

static int tx_begin(importer *im)
{
    if (im->in_tx)
        return 0;
    int rc = pl_store_begin(im->s, im->err);
    if (rc == 0) {
        im->in_tx = true;
        im->rows_in_tx = 0;
    }
    return rc;
}

static int tx_commit(importer *im)
{
    if (!im->in_tx)
        return 0;
    int rc = pl_store_bulk_flush(im->s, im->err);
    if (rc)
        return rc;
    im->in_tx = false;
    return pl_store_commit(im->s, im->err);
}

/* ------------------------------------------------------------------ pipeline
 *
 * Pass 2 runs on two threads. A reader thread parses the file, checks the
 * conflict table and validates every row into a pl_record; it hands over
 * chunks of rows that end where the KK changes, so a household is never split.
 * The calling thread, which owns the store connection, writes each chunk in two
 * phases (see pl_store_bulk_phase): new households and people first with
 * triggers off, then the rows that exist already and the memberships with
 * triggers on (updates and memberships stay audited and lock-checked), and
 * commits once a batch's worth of rows is written.
 */

/* What the reader thread works with. */
typedef struct reader_job {
    importer *im;
    pl_row_queue *q;
    size_t chunk_rows;
} reader_job;

/* The reader thread: parse, check and validate; never touches the store. */
static void *read_rows(void *arg)
{
    reader_job *p = arg;
    importer *im = p->im;
    pl_error err;
    pl_error_clear(&err);
    pl_table_reader *r = NULL;
    pl_row_chunk *c = pl_row_queue_take_spare(p->q);
    if (c == NULL)
        return NULL; /* the writer stopped */
    int rc = open_table(im, &r, &err);
    if (rc == 0)
        snprintf(im->sum->format, sizeof im->sum->format, "%s", pl_table_format(r));
    pl_region_known known = {region_exists, im};
    char **f;
    size_t nf;
    bool header = true;
    const char *fields[PL_COL__MAX];
    char prev_kk[17] = "";
    char why[sizeof(((pl_record_problems *)0)->items) + 256];
    while (rc == 0 && (rc = pl_table_next(r, &f, &nf, &err)) == 1) {
        rc = 0;
        if (header) {
            header = false;
            continue;
        }
        long row = pl_table_row_number(r);
        if (blank_row(f, nf) || (im->sum->signature_from && row >= im->sum->signature_from))
            continue;
        unsigned numeric = number_cells(im, r, f, nf);
        unguard_row(f, nf);
        for (int col = 0; col < PL_COL__MAX; col++) {
            int i = im->map[col];
            fields[col] = (i >= 0 && (size_t)i < nf) ? f[i] : NULL;
        }
        /* A household's rows travel (and commit) together: chunks end where the KK changes. */
        const char *kk = fields[PL_COL_NO_KK] ? fields[PL_COL_NO_KK] : "";
        if (c->n >= p->chunk_rows && strncmp(kk, prev_kk, 16) != 0) {
            c->fraction = pl_table_progress(r);
            if (!pl_row_queue_push(p->q, c)) {
                c = NULL;
                break;
            }
            if ((c = pl_row_queue_take_spare(p->q)) == NULL)
                break;
        }
        size_t kn = strnlen(kk, 16);
        memcpy(prev_kk, kk, kn);
        prev_kk[kn] = '\0';
        pl_u64map_entry *e =
            (numeric & 1) ? NULL : pl_u64map_get(im->niks, nik_key(fields[PL_COL_NIK]), false);
        pl_row_item *it;
        bool oom = false;
        if (numeric && (it = pl_row_chunk_add(c, row, PL_ROW_REJECT, f, nf))) {
            pl_record_problems probs;
            pl_record_validate(&it->rec, &probs, fields, &known, im->opt->today);
            number_cell_reason(why, sizeof why, numeric, fields, &probs);
            it->reason_at = pl_row_chunk_put(c, why, strlen(why), &oom);
        } else if (numeric) {
            /* out of memory: reported below */
        } else if (e && (e->b & CONFLICT_BIT)) {
            long first = (long)(e->b & 0xffffffffULL);
            long other = (long)((e->b & ~CONFLICT_BIT) >> 32);
            snprintf(why, sizeof why,
                     "nik: NIK yang sama muncul lagi dengan data berbeda (baris %ld dan %ld); "
                     "tidak ada yang dimuat sampai salah satunya diperbaiki",
                     first, other);
            if ((it = pl_row_chunk_add(c, row, PL_ROW_CONFLICT, f, nf)))
                it->reason_at = pl_row_chunk_put(c, why, strlen(why), &oom);
        } else if ((it = pl_row_chunk_add(c, row, PL_ROW_VALID, f, nf))) {
            pl_record_problems probs;
            if (pl_record_validate(&it->rec, &probs, fields, &known, im->opt->today) != 0) {
                pl_record_problems_join(why, sizeof why, &probs, false);
                it->kind = PL_ROW_REJECT;
                it->reason_at = pl_row_chunk_put(c, why, strlen(why), &oom);
            } else if (im->opt->scope && im->opt->scope[0] &&
                       !pl_region_code_in_scope(it->rec.village, im->opt->scope)) {
                snprintf(why, sizeof why, "kode_desa: desa %s di luar wilayah Anda (%s)",
                         it->rec.village, im->opt->scope);
                it->kind = PL_ROW_REJECT;
                it->reason_at = pl_row_chunk_put(c, why, strlen(why), &oom);
            } else if (pl_name_normalize(it->name_norm, sizeof it->name_norm, it->rec.name) < 0) {
                snprintf(why, sizeof why, "nama: nama tidak dapat dibaca");
                it->kind = PL_ROW_REJECT;
                it->reason_at = pl_row_chunk_put(c, why, strlen(why), &oom);
            } else {
                /* The writer's share of the row is the SQL alone. */
                memset(&it->person, 0, sizeof it->person);
                pl_registry_record_to_person(&it->person, &it->rec);
            }
        }
        if (it == NULL || oom)
            rc = pl_error_set(&err, PL_ENOMEM, "", "memori tidak cukup");
    }
    if (r)
        pl_table_close(r);
    if (c == NULL)
        return NULL; /* the writer stopped us */
    c->fraction = 1.0;
    c->last = true;
    if (rc < 0) {
        c->rc = rc;
        c->err = err;
    }
    pl_row_queue_push(p->q, c);
    return NULL;
}

/*
 * Points the item's fields, stored one after another in c->text, by number: into stack when
 * they fit its 64 slots, else into an allocated array (the caller frees what is not stack).
 * NULL when out of memory.
 */
static const char **item_fields(const char *stack[64], const pl_row_chunk *c, const pl_row_item *it)
{
    const char **f = it->nf <= 64 ? stack : calloc(it->nf, sizeof *f);
    if (f == NULL)
        return NULL;
    const char *v = c->text + it->fields_at;
    for (size_t i = 0; i < it->nf; i++) {
        f[i] = v;
        v += strlen(v) + 1;
    }
    return f;
}

/* Writes it to the rejects file with reason. */
static int reject_item(importer *im, const pl_row_chunk *c, const pl_row_item *it,
                       const char *reason)
{
    const char *stack[64];
    const char **f = item_fields(stack, c, it);
    if (f == NULL)
        return pl_error_set(im->err, PL_ENOMEM, "", "memori tidak cukup");
    int rc = reject(im, it->row, (char **)f, it->nf, reason);
    if (f != stack)
        free(f);
    return rc;
}

/* True when a store refusal means "this NIK or KK is held outside your scope". */
static bool hidden_collision(int rc, const pl_error *rowerr)
{
    return rc == PL_EDENIED &&
           (strcmp(rowerr->field, "nik") == 0 || strcmp(rowerr->field, "no_kk") == 0);
}

/*
 * A row whose NIK or KK is held outside the scope: its columns become a
 * transfer request for the owning office, and its line in the rejects file
 * says only that (no region, no name, not even which number). Not in a dry run.
 */
static int hold_row(importer *im, const pl_row_chunk *c, pl_row_item *it)
{
    const char *stack[64];
    const char **f = item_fields(stack, c, it);
    if (f == NULL)
        return pl_error_set(im->err, PL_ENOMEM, "", "memori tidak cukup");
    const char *fields[PL_COL__MAX];
    for (int col = 0; col < PL_COL__MAX; col++) {
        int i = im->map[col];
        fields[col] = (i >= 0 && (size_t)i < it->nf) ? f[i] : NULL;
    }
    pl_transfer_origin from = {im->who->user, im->opt->scope, "impor", true, NULL};
    pl_transfer_claim claim = {it->rec.nik, it->rec.kk, it->rec.name, it->rec.village, fields};
    int64_t id = 0;
    int rc = pl_transfer_submit_if_hidden(im->s, im->who, &from, &claim, &id, im->err);
    char why[160];
    it->refused = true;
    if (rc == 0 && id) {
        im->sum->pending++;
        snprintf(why, sizeof why,
                 "data menunggu pemeriksaan oleh kantor pemilik data (permintaan pindah #%lld)",
                 (long long)id);
        rc = write_reject(im, it->row, (char **)f, it->nf, why);
    } else if (rc == 0) {
        rc = reject(im, it->row, (char **)f, it->nf, "data tidak dapat dimuat");
    }
    if (f != stack)
        free(f);
    return rc;
}

/*
 * Dry run: a row whose household is held outside the scope counts exactly as
 * a new household and a new person with new memberships would, so that a
 * dry run tells nothing about records outside the scope.
 */
static void count_as_new(importer *im, pl_row_item *it, bool new_household)
{
    const pl_record *rec = &it->rec;
    im->sum->households_inserted += new_household;
    if (new_household)
        im->hidden_cats = 0;
    im->sum->inserted++;
    for (int i = 0; i < rec->n_pmks; i++) {
        const pl_category *cat = pl_pmks_get(rec->pmks[i].code);
        unsigned bit = 1u << (cat->code & 31);
        if (cat->applies_to == PL_APPLIES_PERSON) {
            im->sum->memberships_added++;
        } else if (!(im->hidden_cats & bit)) {
            im->hidden_cats |= bit;
            im->sum->memberships_added++;
        }
    }
    im->sum->flagged += rec->flags != 0;
    it->refused = true;
}

/* A row-level refusal (scope, conflicting stored data): the row goes to the rejects file. */
static int refuse(importer *im, const pl_row_chunk *c, pl_row_item *it, int rc,
                  const pl_error *rowerr)
{
    if (rc != PL_EDENIED && rc != PL_ECONFLICT && rc != PL_EINVAL) {
        *im->err = *rowerr;
        return rc;
    }
    char why[sizeof rowerr->field + sizeof rowerr->message + 2];
    snprintf(why, sizeof why, "%s: %s", rowerr->field[0] ? rowerr->field : "baris",
             rowerr->message);
    it->refused = true;
    return reject_item(im, c, it, why);
}

/* Remembers a person added or changed, for matching on arrival after the commit. */
static int arrived(importer *im, int64_t id, const char *village)
{
    if (im->opt->dry_run)
        return 0;
    if (pl_vec_reserve(&im->arrivals, &im->cap_arrivals, im->n_arrivals, 1) != 0)
        return pl_error_set(im->err, PL_ENOMEM, "", "memori tidak cukup");
    pl_dedup_arrival *a = &im->arrivals[im->n_arrivals++];
    a->id = id;
    memcpy(a->village, village, sizeof a->village);
    return 0;
}

static void count_person(importer *im, pl_upsert_outcome out)
{
    im->sum->inserted += out == PL_UPSERT_INSERTED;
    im->sum->updated += out == PL_UPSERT_UPDATED;
    im->sum->unchanged += out == PL_UPSERT_UNCHANGED;
}

static int upsert_household(importer *im, const pl_row_item *it, bool update, int64_t *id,
                            pl_upsert_outcome *out, pl_error *rowerr)
{
    const pl_record *rec = &it->rec;
    pl_household hh = {0};
    memcpy(hh.kk, rec->kk, sizeof hh.kk);
    memcpy(hh.village_code, rec->village, sizeof hh.village_code);
    memcpy(hh.address, rec->address, sizeof hh.address);
    memcpy(hh.rt, rec->rt, sizeof hh.rt);
    memcpy(hh.rw, rec->rw, sizeof hh.rw);
    hh.has_coord = rec->has_coord;
    hh.lat = rec->lat;
    hh.lon = rec->lon;
    return pl_store_household_upsert(im->s, im->who, &hh, update, im->opt->scope, id, out, rowerr);
}

/* Dry run: notes each stored value of cur that next would overwrite (a filled one that changes). */
static void note_overwrites(importer *im, const pl_person *cur, const pl_person *next)
{
    char sc[2] = {cur->sex, 0}, sn[2] = {next->sex, 0};
    const struct {
        const char *key, *before, *after;
        bool hide; /* a birth date goes through the caller's ident view: not echoed here */
    } f[] = {
        {"name", cur->name, next->name, false},
        {"birth_place", cur->birth_place, next->birth_place, false},
        {"birth_date", cur->birth_date, next->birth_date, true},
        {"sex", sc, sn, false},
        {"relationship", cur->relationship, next->relationship, false},
        {"mother_name", cur->mother_name, next->mother_name, false},
        {"disability", cur->disability, next->disability, false},
        {"village_code", cur->village_code, next->village_code, false},
    };
    pl_import_summary *sum = im->sum;
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        if (f[i].before[0] == '\0' || strcmp(f[i].before, f[i].after) == 0)
            continue;
        sum->overwrites_total++;
        if (sum->n_overwrites >= PL_IMPORT_MAX_OVERWRITES)
            continue;
        pl_import_overwrite *o = &sum->overwrites[sum->n_overwrites++];
        o->person_id = cur->id;
        snprintf(o->name, sizeof o->name, "%.90s", cur->name);
        snprintf(o->field, sizeof o->field, "%s", f[i].key);
        snprintf(o->before, sizeof o->before, "%.90s", f[i].hide ? "" : f[i].before);
        snprintf(o->after, sizeof o->after, "%.90s", f[i].hide ? "" : f[i].after);
    }
}

static int upsert_person(importer *im, pl_row_item *it, pl_upsert_outcome *out, pl_error *rowerr)
{
    pl_person cur;
    bool had = im->opt->dry_run && it->person.nik[0] &&
               pl_store_person_get_by_nik(im->s, &cur, it->person.nik, NULL) == 0;
    int rc = pl_store_person_upsert(im->s, im->who, &it->person, it->name_norm, im->opt->scope,
                                    &it->person_id, out, rowerr);
    if (rc == 0 && had && *out == PL_UPSERT_UPDATED)
        note_overwrites(im, &cur, &it->person);
    return rc;
}

/* Flags a home far outside its regency's outline (when outlines are loaded); one check per point.
 */
static int check_coord(importer *im, pl_record *rec)
{
    if (!rec->has_coord || im->outlines == NULL)
        return 0;
    if (strcmp(im->coord_kk, rec->kk) != 0 || im->coord_lat != rec->lat ||
        im->coord_lon != rec->lon) {
        pl_coord_verdict v;
        int rc = pl_area_check_coord(&v, &im->coord_distance, im->s, im->outlines, rec->village,
                                     rec->lat, rec->lon, im->err);
        if (rc)
            return rc;
        im->coord_outside = v == PL_COORD_OUTSIDE;
        memcpy(im->coord_kk, rec->kk, sizeof im->coord_kk);
        im->coord_lat = rec->lat;
        im->coord_lon = rec->lon;
    }
    if (im->coord_outside)
        rec->flags |= PL_RECORD_FLAG_COORD;
    return 0;
}

/* Insert phase for one valid row: its household (new, or found); the person waits for the group. */
static int insert_household_of(importer *im, const pl_row_chunk *c, pl_row_item *it)
{
    pl_error rowerr;
    pl_error_clear(&rowerr);
    pl_upsert_outcome out;
    const pl_record *rec = &it->rec;
    bool head = rec->relationship == PL_REL_KEPALA;
    bool same_kk = strcmp(im->last_kk, rec->kk) == 0;
    if (same_kk && !head && !im->last_hidden) {
        it->household_id = im->last_household;
        return 0;
    }
    /* The head's row speaks for the household's address and home. */
    int rc = same_kk && im->last_hidden
                 ? PL_EDENIED
                 : upsert_household(im, it, head, &it->household_id, &out, &rowerr);
    if (rc == PL_EDENIED && (im->last_hidden || hidden_collision(rc, &rowerr))) {
        /* Held outside the scope: a transfer request in the update phase (or, in a dry
         * run, counted as new). */
        if (im->opt->dry_run)
            count_as_new(im, it, !(same_kk && im->last_hidden));
        else
            it->hidden = it->refused = true;
        memcpy(im->last_kk, rec->kk, sizeof im->last_kk);
        im->last_household = 0;
        im->last_hidden = true;
        return 0;
    }
    if (rc)
        return refuse(im, c, it, rc, &rowerr);
    im->sum->households_inserted += out == PL_UPSERT_INSERTED;
    it->household_later = out == PL_UPSERT_DEFERRED;
    memcpy(im->last_kk, rec->kk, sizeof im->last_kk);
    im->last_household = it->household_id;
    im->last_hidden = false;
    return 0;
}

/* Insert phase for the chunk's people: the new ones in groups; the others wait. */
static int insert_people(importer *im, pl_row_chunk *c)
{
    /* Four parallel arrays, each with its own capacity. */
    if (pl_vec_reserve(&im->group_rows, &im->cap_rows, 0, c->n) != 0 ||
        pl_vec_reserve(&im->group_norms, &im->cap_norms, 0, c->n) != 0 ||
        pl_vec_reserve(&im->group_ids, &im->cap_ids, 0, c->n) != 0 ||
        pl_vec_reserve(&im->group_at, &im->cap_at, 0, c->n) != 0)
        return pl_error_set(im->err, PL_ENOMEM, "", "memori tidak cukup");
    size_t m = 0;
    for (size_t k = 0; k < c->n; k++) {
        pl_row_item *it = &c->items[k];
        if (it->kind != PL_ROW_VALID || it->refused)
            continue;
        if (it->rec.nik[0] == '\0') {
            /* Without NIK: recognised among the stored people in the update phase. */
            it->person_later = true;
            continue;
        }
        it->person.household_id = it->household_id;
        it->person.flags = it->rec.flags; /* the coordinate check may have added one */
        im->group_rows[m] = &it->person;
        im->group_norms[m] = it->name_norm;
        im->group_at[m++] = k;
    }
    int rc = pl_store_people_insert_new(im->s, im->who, im->group_rows, im->group_norms, m,
                                        im->group_ids, im->err);
    if (rc)
        return rc;
    for (size_t j = 0; j < m; j++) {
        pl_row_item *it = &c->items[im->group_at[j]];
        it->person_id = im->group_ids[j];
        it->person_later = it->person_id == 0;
        im->sum->inserted += it->person_id != 0;
        if (it->person_id && (rc = arrived(im, it->person_id, it->rec.village)))
            return rc;
    }
    return 0;
}

/* True when the field values a re-import may change differ between a and b. */
static bool person_differs(const pl_person *a, const pl_person *b)
{
    return strcmp(a->name, b->name) || strcmp(a->birth_place, b->birth_place) ||
           strcmp(a->birth_date, b->birth_date) || a->sex != b->sex ||
           strcmp(a->relationship, b->relationship) || strcmp(a->mother_name, b->mother_name) ||
           strcmp(a->disability, b->disability) || strcmp(a->village_code, b->village_code) ||
           a->household_id != b->household_id || strcmp(a->no_nik_reason, b->no_nik_reason) ||
           a->has_coord != b->has_coord || (a->has_coord && (a->lat != b->lat || a->lon != b->lon));
}

/*
 * Update phase for a row without NIK: the same person stored already is
 * updated or left alone; otherwise the row is added as a new person, and a
 * doubtful match of a stored one puts the pair into the duplicate review
 * queue (service/nonik.h).
 */
static int nonik_row(importer *im, const pl_row_chunk *c, pl_row_item *it)
{
    pl_error rowerr;
    pl_error_clear(&rowerr);
    const pl_record *rec = &it->rec;
    im->sum->without_nik++;
    if (it->household_id == 0)
        for (int i = 0; i < rec->n_pmks; i++) {
            const pl_category *cat = pl_pmks_get(rec->pmks[i].code);
            if (cat->applies_to != PL_APPLIES_PERSON) {
                char why[200];
                snprintf(why, sizeof why,
                         "pmks: kategori %s berlaku untuk keluarga, tetapi orang ini tanpa No. KK",
                         cat->name);
                it->refused = true;
                return reject_item(im, c, it, why);
            }
        }
    pl_nonik_match m;
    int rc = pl_nonik_find(&m, im->s, rec, it->household_id, im->err);
    if (rc)
        return rc;
    pl_person want = it->person;
    want.household_id = it->household_id;
    want.flags = rec->flags;
    if (!rec->kk[0] && rec->has_coord) {
        want.has_coord = true;
        want.lat = rec->lat;
        want.lon = rec->lon;
    }
    if (im->nonik_rows == NULL && (im->nonik_rows = pl_u64map_new(1024)) == NULL)
        return pl_error_set(im->err, PL_ENOMEM, "", "memori tidak cukup");
    if (m.verdict == PL_NONIK_SAME) {
        pl_person cur;
        if ((rc = pl_store_person_get(im->s, &cur, m.person_id, im->err)))
            return rc;
        /* Two rows of one file naming the same person: the later one is a duplicate entry,
         * not an update (else each import would flip the record between the two spellings). */
        pl_u64map_entry *seen = pl_u64map_get(im->nonik_rows, (uint64_t)cur.id, true);
        if (seen == NULL)
            return pl_error_set(im->err, PL_ENOMEM, "", "memori tidak cukup");
        if (seen->a != 0 && seen->a != (uint64_t)it->row) {
            char why[200];
            snprintf(why, sizeof why,
                     "orang tanpa NIK ini sama dengan baris %llu berkas ini (No. KK, nama, "
                     "tanggal lahir dan desa sama): baris ganda, tidak dimuat",
                     (unsigned long long)seen->a);
            it->refused = true;
            return reject_item(im, c, it, why);
        }
        seen->a = (uint64_t)it->row;
        it->person_id = cur.id;
        pl_person next = cur;
        pl_registry_record_to_person(&next, rec);
        next.household_id = it->household_id;
        next.flags = (cur.flags & ~(unsigned)PL_FLAG_NO_NIK) | rec->flags;
        if (!rec->kk[0]) {
            next.has_coord = want.has_coord;
            next.lat = want.lat;
            next.lon = want.lon;
        }
        if (!person_differs(&cur, &next)) {
            count_person(im, PL_UPSERT_UNCHANGED);
            return 0;
        }
        if ((rc = pl_store_person_update(im->s, im->who, &next, &rowerr)))
            return refuse(im, c, it, rc, &rowerr);
        count_person(im, PL_UPSERT_UPDATED);
        return 0;
    }
    if ((rc = pl_store_person_add(im->s, im->who, &want, &rowerr)))
        return refuse(im, c, it, rc, &rowerr);
    it->person_id = want.id;
    count_person(im, PL_UPSERT_INSERTED);
    pl_u64map_entry *mine = pl_u64map_get(im->nonik_rows, (uint64_t)want.id, true);
    if (mine == NULL)
        return pl_error_set(im->err, PL_ENOMEM, "", "memori tidak cukup");
    mine->a = (uint64_t)it->row;
    /* Index the new row now: a later row of this batch may update it. */
    if ((rc = pl_store_bulk_flush(im->s, im->err)))
        return rc;
    if (m.verdict == PL_NONIK_DOUBTFUL) {
        if ((rc = pl_nonik_review(im->s, im->who, want.id, &m, im->err)))
            return rc;
        im->sum->review++;
    }
    return 0;
}

/* Update phase for one row written or marked in the insert phase. */
static int finish_row(importer *im, const pl_row_chunk *c, pl_row_item *it)
{
    pl_error rowerr;
    pl_error_clear(&rowerr);
    pl_upsert_outcome out;
    const pl_record *rec = &it->rec;
    int rc;
    if (it->household_later) {
        if ((rc = upsert_household(im, it, true, &it->household_id, &out, &rowerr)))
            return refuse(im, c, it, rc, &rowerr);
        im->sum->households_updated += out == PL_UPSERT_UPDATED;
    }
    bool as_new = false; /* dry run: the NIK is held outside the scope; count it as new */
    if (it->person_later && rec->nik[0] == '\0') {
        if ((rc = nonik_row(im, c, it)) || it->refused)
            return rc;
    } else if (it->person_later) {
        rc = upsert_person(im, it, &out, &rowerr);
        if (hidden_collision(rc, &rowerr)) {
            if (!im->opt->dry_run)
                return hold_row(im, c, it);
            as_new = true;
            out = PL_UPSERT_INSERTED;
            rc = 0;
        }
        if (rc)
            return refuse(im, c, it, rc, &rowerr);
        count_person(im, out);
        if (!as_new && (out == PL_UPSERT_INSERTED || out == PL_UPSERT_UPDATED) &&
            (rc = arrived(im, it->person_id, rec->village)))
            return rc;
    }
    for (int i = 0; i < rec->n_pmks; i++) {
        const pl_category *cat = pl_pmks_get(rec->pmks[i].code);
        pl_membership m = {0};
        m.category = cat->code;
        if (as_new && cat->applies_to == PL_APPLIES_PERSON) {
            im->sum->memberships_added++;
            continue;
        }
        if (cat->applies_to == PL_APPLIES_PERSON)
            m.person_id = it->person_id;
        else
            m.household_id = it->household_id;
        pl_date_format(m.valid_from, rec->pmks[i].has_since ? &rec->pmks[i].since : im->opt->today);
        if (pl_vec_reserve(&im->ms, &im->cap_ms, im->n_ms, 1) != 0)
            return pl_error_set(im->err, PL_ENOMEM, "", "memori tidak cukup");
        im->ms[im->n_ms++] = m;
    }
    return 0;
}

/* Opens the chunk's memberships (one round trip on PostgreSQL, instead of one each). */
static int open_memberships(importer *im)
{
    size_t added = 0;
    int rc = pl_store_memberships_ensure(im->s, im->who, im->ms, im->n_ms, &added, im->err);
    im->n_ms = 0;
    if (rc == 0)
        im->sum->memberships_added += (long)added;
    return rc;
}

static int write_chunk(importer *im, pl_row_chunk *c)
{
    int rc = tx_begin(im);
    if (rc || (rc = pl_store_bulk_phase(im->s, PL_BULK_INSERTS, im->err)))
        return rc;
    for (size_t k = 0; k < c->n && rc == 0; k++) {
        pl_row_item *it = &c->items[k];
        im->sum->read++;
        if (it->kind != PL_ROW_VALID) {
            im->sum->conflicts += it->kind == PL_ROW_CONFLICT;
            rc = reject_item(im, c, it, c->text + it->reason_at);
            continue;
        }
        if ((rc = check_coord(im, &it->rec)) == 0 && it->rec.kk[0])
            rc = insert_household_of(im, c, it);
    }
    if (rc || (rc = insert_people(im, c)) ||
        (rc = pl_store_bulk_phase(im->s, PL_BULK_UPDATES, im->err)))
        return rc;
    for (size_t k = 0; k < c->n && rc == 0; k++) {
        pl_row_item *it = &c->items[k];
        if (it->kind == PL_ROW_VALID && it->hidden) {
            rc = hold_row(im, c, it);
            continue;
        }
        if (it->kind != PL_ROW_VALID || it->refused)
            continue;
        if ((it->household_later || it->person_later || it->rec.n_pmks) &&
            (rc = finish_row(im, c, it)))
            break;
        if (!it->refused && it->rec.flags)
            im->sum->flagged++;
    }
    if (rc || (rc = open_memberships(im)))
        return rc;
    im->rows_in_tx += (long)c->n;
    bool one_tx = im->opt->dry_run || im->opt->all_or_nothing;
    if (!one_tx && im->rows_in_tx >= im->batch)
        rc = tx_commit(im);
    return rc;
}

/* Pass 2: validate every row (reader thread) and write the valid ones (this thread). */
static int pass_write(importer *im)
{
    reader_job job = {.im = im,
                      .q = pl_row_queue_new(3),
                      .chunk_rows = im->batch < 4096 ? (size_t)im->batch : 4096};
    if (job.q == NULL)
        return pl_error_set(im->err, PL_ENOMEM, "", "memori tidak cukup");
    pthread_t reader;
    if (pthread_create(&reader, NULL, read_rows, &job) != 0) {
        pl_row_queue_free(job.q);
        return pl_error_set(im->err, PL_ENOMEM, "", "tidak dapat memulai pembaca berkas");
    }
    int rc = 0;
    time_t last_progress = time(NULL);
    for (;;) {
        pl_row_chunk *c = pl_row_queue_pop(job.q);
        bool last = c->last;
        if (c->rc) {
            *im->err = c->err;
            rc = c->rc;
        } else {
            rc = write_chunk(im, c);
        }
        if (rc == 0 && im->opt->progress && time(NULL) != last_progress) {
            last_progress = time(NULL);
            im->opt->progress(im->opt->progress_ctx, c->fraction, im->sum->read);
        }
        pl_row_queue_recycle(job.q, c);
        if (rc || last)
            break;
    }
    /* On failure the reader may still be running: stop it; the queue frees what it pushed. */
    pl_row_queue_stop(job.q);
    pthread_join(reader, NULL);
    pl_row_queue_free(job.q);
    return rc;
}

int pl_import_run(pl_store *s, const pl_actor *who, const pl_import_options *opt,
                  pl_import_summary *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    importer im = {.s = s,
                   .who = who,
                   .opt = opt,
                   .sum = out,
                   .err = err,
                   .alasan_col = -1,
                   .batch = opt->batch_rows > 0 ? opt->batch_rows : PL_IMPORT_BATCH_ROWS};
    int rc = load_regions(&im);
    if (rc == 0) {
        im.niks = pl_u64map_new(1 << 16);
        if (im.niks == NULL)
            rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    }
    if (rc == 0) {
        im.outlines = pl_outlines_new();
        if (im.outlines == NULL)
            rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    }
    if (rc == 0)
        rc = pass_conflicts(&im);
    /* The highest ids before and after the writes name what the import made, for the
     * offline instances' change feed (its inserts write no audit rows of their own). */
    int64_t before[3] = {0}, after_ids[3] = {0};
    if (rc == 0)
        rc = pl_store_sync_id_marks(s, before, err);
    if (rc == 0) {
        rc = pl_store_bulk_begin(s, im.distinct_niks, err);
        if (rc == 0)
            rc = pass_write(&im);
    }
    if (rc == 0 && im.in_tx)
        rc = pl_store_sync_id_marks(s, after_ids, err);
    bool keep = rc == 0 && !opt->dry_run && !(opt->all_or_nothing && out->rejected > 0);
    if (im.in_tx) {
        if (keep) {
            /* One audit row tells who imported what; row changes have their own. */
            json_t *j =
                json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "file",
                          opt->name   ? opt->name
                          : opt->path ? opt->path
                                      : "",
                          "read", (json_int_t)out->read, "inserted", (json_int_t)out->inserted,
                          "updated", (json_int_t)out->updated, "unchanged",
                          (json_int_t)out->unchanged, "rejected", (json_int_t)out->rejected,
                          "flagged", (json_int_t)out->flagged, "pending", (json_int_t)out->pending);
            json_t *ids = json_array();
            for (int k = 0; k < 3 && ids; k++) {
                json_array_append_new(ids, json_integer((json_int_t)before[k] + 1));
                json_array_append_new(ids, json_integer((json_int_t)after_ids[k]));
            }
            if (j && ids)
                json_object_set_new(j, "ids", ids);
            else
                json_decref(ids);
            char *after = j ? json_dumps(j, JSON_COMPACT) : NULL;
            json_decref(j);
            rc = after ? pl_store_audit_add(s, who, "import", "file", 0, NULL, after, err)
                       : pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
            free(after);
            if (rc == 0)
                rc = tx_commit(&im);
        }
        if (!keep || rc) {
            pl_store_rollback(s);
            im.in_tx = false;
        }
    }
    out->committed = keep && rc == 0;
    pl_error ignore;
    int brc = pl_store_bulk_end(s, rc ? &ignore : err);
    if (rc == 0)
        rc = brc;
    /* Matching on arrival: the people added or changed against the registry, in memory. */
    if (rc == 0 && out->committed && im.n_arrivals)
        rc = pl_dedup_match_new(s, who, im.arrivals, im.n_arrivals, NULL, &out->candidates, err);
    if (im.rejects) {
        int wrc = pl_csv_writer_close(im.rejects, rc ? NULL : err);
        if (rc == 0)
            rc = wrc;
    } else {
        out->rejects_file[0] = '\0';
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    out->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    pl_strset_free(im.regions);
    pl_outlines_free(im.outlines);
    pl_u64map_free(im.niks);
    pl_u64map_free(im.nonik_rows);
    free(im.group_rows);
    free(im.group_norms);
    free(im.group_ids);
    free(im.group_at);
    free(im.arrivals);
    free(im.ms);
    for (size_t i = 0; i < im.n_header; i++)
        free(im.header[i]);
    free(im.header);
    return rc;
}
