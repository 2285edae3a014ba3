/* import.c - bulk import: header mapping, conflict pass, validate-and-write pass. */
#include "service/import.h"
#include "domain/category.h"
#include "domain/record.h"
#include "domain/relationship.h"
#include "io/csv_writer.h"
#include "io/table_reader.h"
#include "service/area.h"
#include "service/registry.h"
#include "util/hashmap.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Required canonical columns: without them no row can be valid. */
static const pl_col required[] = {PL_COL_NIK, PL_COL_NO_KK, PL_COL_NAMA, PL_COL_TANGGAL_LAHIR,
                                  PL_COL_JENIS_KELAMIN, PL_COL_KODE_DESA};

typedef struct importer {
    pl_store *s;
    const pl_actor *who;
    const pl_import_options *opt;
    pl_import_summary *sum;
    pl_error *err;
    pl_strset *regions; /* regency, district and village codes of the tree */
    pl_u64map *niks;    /* pass 1: NIK -> (row hash, first row | conflict bit) */
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
    bool in_tx;
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

static int open_reader(importer *im, pl_table_reader **r)
{
    pl_table_options to = {.sheet = im->opt->sheet};
    if (im->opt->data)
        return pl_table_open_mem(r, im->opt->data, im->opt->data_len, im->opt->path, &to,
                                 im->err);
    return pl_table_open(r, im->opt->path, &to, im->err);
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
    while ((rc = pl_table_next(r, &f, &nf, im->err)) == 1) {
        if (header) {
            header = false;
            if ((rc = map_header(im, f, nf)))
                break;
            continue;
        }
        int ni = im->map[PL_COL_NIK];
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
            e->a = h;
            e->b = (uint64_t)row;
        } else if (e->a != h && !(e->b & CONFLICT_BIT)) {
            e->b |= CONFLICT_BIT | ((uint64_t)row << 32);
        }
    }
    if (rc == 0 && header)
        rc = pl_error_set(im->err, PL_EINVAL, "header", "berkas kosong: tidak ada baris judul");
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
    /* A BOM and CRLF so that Excel opens it in UTF-8 for the operator to fix. */
    pl_csv_writer_options wo = {.delimiter = ',', .line_end = PL_CSV_CRLF, .bom = 1};
    int rc = pl_csv_writer_open_path(&im->rejects, path, &wo, im->err);
    if (rc)
        return rc;
    const char **hdr = calloc(im->n_header + 1, sizeof *hdr);
    if (hdr == NULL)
        return pl_error_set(im->err, PL_ENOMEM, "", "memori tidak cukup");
    size_t n = 0;
    for (size_t i = 0; i < im->n_header; i++)
        if ((int)i != im->alasan_col)
            hdr[n++] = im->header[i];
    hdr[n++] = "alasan";
    rc = pl_csv_writer_row(im->rejects, hdr, n, im->err);
    free(hdr);
    return rc;
}

/*
 * Writes a rejected row with its original columns plus "alasan" (the row
 * number, then each field and reason), so the operator can fix the file and
 * import it again as it is (a previous "alasan" column is replaced).
 */
static int reject(importer *im, long row, char **f, size_t nf, const char *reason)
{
    im->sum->rejected++;
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

/* Writes one valid record: household, person, categories. Row-level refusals return > 0. */
static int write_record(importer *im, const pl_record *rec, bool *row_refused, char *why,
                        size_t why_cap)
{
    pl_error rowerr;
    pl_error_clear(&rowerr);
    *row_refused = false;
    int64_t hh_id = 0;
    pl_upsert_outcome out;
    bool head = rec->relationship == PL_REL_KEPALA;
    int rc = 0;
    if (strcmp(im->last_kk, rec->kk) == 0 && !head) {
        hh_id = im->last_household;
    } else {
        pl_household hh = {0};
        memcpy(hh.kk, rec->kk, sizeof hh.kk);
        memcpy(hh.village_code, rec->village, sizeof hh.village_code);
        memcpy(hh.address, rec->address, sizeof hh.address);
        memcpy(hh.rt, rec->rt, sizeof hh.rt);
        memcpy(hh.rw, rec->rw, sizeof hh.rw);
        hh.has_coord = rec->has_coord;
        hh.lat = rec->lat;
        hh.lon = rec->lon;
        /* The head's row speaks for the household's address and home. */
        rc = pl_store_household_upsert(im->s, im->who, &hh, head, im->opt->scope, &hh_id, &out,
                                       &rowerr);
        if (rc == 0) {
            im->sum->households_inserted += out == PL_UPSERT_INSERTED;
            im->sum->households_updated += out == PL_UPSERT_UPDATED;
            memcpy(im->last_kk, rec->kk, sizeof im->last_kk);
            im->last_household = hh_id;
        }
    }
    pl_person p;
    int64_t pid = 0;
    if (rc == 0) {
        memset(&p, 0, sizeof p);
        pl_registry_record_to_person(&p, rec);
        p.household_id = hh_id;
        rc = pl_store_person_upsert(im->s, im->who, &p, im->opt->scope, &pid, &out, &rowerr);
    }
    if (rc == PL_EDENIED || rc == PL_ECONFLICT || rc == PL_EINVAL) {
        *row_refused = true;
        snprintf(why, why_cap, "%s: %s", rowerr.field[0] ? rowerr.field : "baris",
                 rowerr.message);
        return 0;
    }
    if (rc) {
        *im->err = rowerr;
        return rc;
    }
    im->sum->inserted += out == PL_UPSERT_INSERTED;
    im->sum->updated += out == PL_UPSERT_UPDATED;
    im->sum->unchanged += out == PL_UPSERT_UNCHANGED;
    for (int i = 0; i < rec->n_pmks; i++) {
        const pl_category *cat = pl_pmks_get(rec->pmks[i].code);
        pl_membership m = {0};
        m.category = cat->code;
        if (cat->applies_to == PL_APPLIES_PERSON)
            m.person_id = pid;
        else
            m.household_id = hh_id;
        pl_date_format(m.valid_from, rec->pmks[i].has_since ? &rec->pmks[i].since : im->opt->today);
        pl_upsert_outcome mo;
        if ((rc = pl_store_membership_ensure(im->s, im->who, &m, &mo, im->err)))
            return rc;
        im->sum->memberships_added += mo == PL_UPSERT_INSERTED;
    }
    return 0;
}

/* Pass 2: validate every row and write the valid ones. */
static int pass_write(importer *im)
{
    pl_table_reader *r = NULL;
    int rc = open_reader(im, &r);
    if (rc)
        return rc;
    snprintf(im->sum->format, sizeof im->sum->format, "%s", pl_table_format(r));
    pl_region_known known = {region_exists, im};
    bool one_tx = im->opt->dry_run || im->opt->all_or_nothing;
    int batch = im->opt->batch_rows > 0 ? im->opt->batch_rows : 20000;
    char **f;
    size_t nf;
    bool header = true;
    time_t last_progress = time(NULL);
    const char *fields[PL_COL__MAX];
    char why[sizeof(((pl_record_problems *)0)->items) + 256];
    while ((rc = pl_table_next(r, &f, &nf, im->err)) == 1) {
        if (header) {
            header = false;
            continue;
        }
        long row = pl_table_row_number(r);
        im->sum->read++;
        for (int c = 0; c < PL_COL__MAX; c++) {
            int i = im->map[c];
            fields[c] = (i >= 0 && (size_t)i < nf) ? f[i] : NULL;
        }
        /* A household's rows commit together: batches end where the KK changes. */
        if (!one_tx && im->in_tx && im->rows_in_tx >= batch) {
            const char *kk = fields[PL_COL_NO_KK] ? fields[PL_COL_NO_KK] : "";
            if (strncmp(kk, im->last_kk, 16) != 0 && (rc = tx_commit(im)))
                break;
        }
        if ((rc = tx_begin(im)))
            break;
        im->rows_in_tx++;
        pl_u64map_entry *e = pl_u64map_get(im->niks, nik_key(fields[PL_COL_NIK]), false);
        if (e && (e->b & CONFLICT_BIT)) {
            long first = (long)(e->b & 0xffffffffULL);
            long other = (long)((e->b & ~CONFLICT_BIT) >> 32);
            im->sum->conflicts++;
            snprintf(why, sizeof why,
                     "nik: NIK yang sama muncul lagi dengan data berbeda (baris %ld dan %ld); "
                     "tidak ada yang dimuat sampai salah satunya diperbaiki",
                     first, other);
            if ((rc = reject(im, row, f, nf, why)))
                break;
            continue;
        }
        pl_record rec;
        pl_record_problems probs;
        if (pl_record_validate(&rec, &probs, fields, &known, im->opt->today) != 0) {
            pl_record_problems_join(why, sizeof why, &probs, false);
            if ((rc = reject(im, row, f, nf, why)))
                break;
            continue;
        }
        /* A home far outside its regency's outline (when outlines are loaded) is kept and
         * flagged for verification; one check per household point. */
        if (rec.has_coord && im->outlines) {
            if (strcmp(im->coord_kk, rec.kk) != 0 || im->coord_lat != rec.lat ||
                im->coord_lon != rec.lon) {
                pl_coord_verdict v;
                if ((rc = pl_area_check_coord(&v, &im->coord_distance, im->s, im->outlines,
                                              rec.village, rec.lat, rec.lon, im->err)))
                    break;
                im->coord_outside = v == PL_COORD_OUTSIDE;
                memcpy(im->coord_kk, rec.kk, sizeof im->coord_kk);
                im->coord_lat = rec.lat;
                im->coord_lon = rec.lon;
            }
            if (im->coord_outside)
                rec.flags |= PL_RECORD_FLAG_COORD;
        }
        if (im->opt->scope && im->opt->scope[0] &&
            !pl_region_code_in_scope(rec.village, im->opt->scope)) {
            snprintf(why, sizeof why, "kode_desa: desa %s di luar wilayah Anda (%s)", rec.village,
                     im->opt->scope);
            if ((rc = reject(im, row, f, nf, why)))
                break;
            continue;
        }
        bool refused;
        if ((rc = write_record(im, &rec, &refused, why, sizeof why)))
            break;
        if (refused) {
            if ((rc = reject(im, row, f, nf, why)))
                break;
            continue;
        }
        if (rec.flags)
            im->sum->flagged++;
        if (im->opt->progress && (im->sum->read & 0x3fff) == 0 && time(NULL) != last_progress) {
            last_progress = time(NULL);
            im->opt->progress(im->opt->progress_ctx, pl_table_progress(r), im->sum->read);
        }
    }
    pl_table_close(r);
    return rc < 0 ? rc : 0;
}

int pl_import_run(pl_store *s, const pl_actor *who, const pl_import_options *opt,
                  pl_import_summary *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    importer im = {.s = s, .who = who, .opt = opt, .sum = out, .err = err, .alasan_col = -1};
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
    if (rc == 0) {
        rc = pl_store_bulk_begin(s, err);
        if (rc == 0)
            rc = pass_write(&im);
    }
    if (rc == 0 && im.in_tx)
        rc = pl_store_bulk_flush(s, err);
    bool keep = rc == 0 && !opt->dry_run && !(opt->all_or_nothing && out->rejected > 0);
    if (im.in_tx) {
        if (keep) {
            /* One audit row tells who imported what; row changes have their own. */
            json_t *j = json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:I}", "file",
                                  opt->path ? opt->path : "", "read", (json_int_t)out->read,
                                  "inserted", (json_int_t)out->inserted, "updated",
                                  (json_int_t)out->updated, "unchanged",
                                  (json_int_t)out->unchanged, "rejected",
                                  (json_int_t)out->rejected, "flagged", (json_int_t)out->flagged);
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
    for (size_t i = 0; i < im.n_header; i++)
        free(im.header[i]);
    free(im.header);
    return rc;
}
