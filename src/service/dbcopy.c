/* dbcopy.c - `pilar db copy`: a whole data base from one backend to the other (dbcopy.h). */
#include "service/dbcopy.h"

#include "store/backend.h"
#include "store/copy.h"
#include "store/geo.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

/* The tables of one side, in its listing's order. */
typedef struct tables {
    pl_copy_table *v;
    int n, cap;
} tables;

static int collect(void *ctx, const pl_copy_table *t)
{
    tables *ts = ctx;
    if (ts->n == ts->cap) {
        int cap = ts->cap ? ts->cap * 2 : 64;
        pl_copy_table *v = calloc((size_t)cap, sizeof *v);
        if (!v)
            return PL_ENOMEM;
        if (ts->n)
            memcpy(v, ts->v, (size_t)ts->n * sizeof *v);
        free(ts->v);
        ts->v = v;
        ts->cap = cap;
    }
    ts->v[ts->n++] = *t;
    return 0;
}

static const pl_copy_table *find(const tables *ts, const char *name)
{
    for (int i = 0; i < ts->n; i++)
        if (strcmp(ts->v[i].name, name) == 0)
            return &ts->v[i];
    return NULL;
}

/* Both sides must have the same tables with the same columns in the same order. */
static int same_shape(const tables *a, const tables *b, pl_error *err)
{
    for (int i = 0; i < a->n; i++) {
        const pl_copy_table *o = find(b, a->v[i].name);
        if (!o)
            return pl_error_set(err, PL_ECONFLICT, "to", "tabel %s tidak ada di basis data tujuan",
                                a->v[i].name);
        if (o->ncols != a->v[i].ncols)
            return pl_error_set(err, PL_ECONFLICT, "to",
                                "tabel %s punya %d kolom di asal dan %d di tujuan", a->v[i].name,
                                a->v[i].ncols, o->ncols);
        for (int c = 0; c < o->ncols; c++)
            if (strcmp(o->cols[c], a->v[i].cols[c]) != 0)
                return pl_error_set(err, PL_ECONFLICT, "to",
                                    "kolom ke-%d tabel %s: %s di asal, %s di tujuan", c + 1,
                                    a->v[i].name, a->v[i].cols[c], o->cols[c]);
    }
    for (int i = 0; i < b->n; i++)
        if (!find(a, b->v[i].name))
            return pl_error_set(err, PL_ECONFLICT, "from", "tabel %s tidak ada di basis data asal",
                                b->v[i].name);
    return 0;
}

typedef struct pump {
    pl_store *to;
    pl_copy_writer *w;
    pl_error *err;
    int64_t rows;
} pump;

static int put_row(void *ctx, const char *const *vals)
{
    pump *p = ctx;
    int rc = pl_store_copy_put(p->to, p->w, vals, p->err);
    if (!rc)
        p->rows++;
    return rc;
}

static int copy_all(pl_store *from, pl_store *to, const tables *order, const tables *src,
                    pl_dbcopy_progress progress, void *ctx, pl_dbcopy_result *out, pl_error *err)
{
    int rc = pl_store_copy_begin(to, err);
    if (rc)
        return rc;
    for (int i = 0; !rc && i < order->n; i++) {
        const pl_copy_table *t = &order->v[i];
        pump p = {to, NULL, err, 0};
        rc = pl_store_copy_open(to, t, &p.w, err);
        if (rc)
            break;
        /* Read with the source's own description (its kinds), written with the target's. */
        rc = pl_store_copy_read(from, find(src, t->name), put_row, &p, err);
        pl_error close_err = {0};
        int crc = pl_store_copy_close(to, p.w, rc ? &close_err : err);
        if (!rc)
            rc = crc;
        if (!rc) {
            out->tables++;
            out->rows += p.rows;
            if (progress)
                progress(ctx, t->name, p.rows);
        }
    }
    pl_error fin_err = {0};
    int frc = pl_store_copy_finish(to, rc == 0, rc ? &fin_err : err);
    return rc ? rc : frc;
}

static bool same_stats(const pl_store_stats *a, const pl_store_stats *b)
{
    return a->schema_version == b->schema_version && a->people == b->people &&
           a->households == b->households && a->memberships == b->memberships &&
           a->users == b->users && a->audit_rows == b->audit_rows && a->read_rows == b->read_rows &&
           a->head.id == b->head.id && strcmp(a->head.hash, b->head.hash) == 0;
}

int pl_dbcopy_run(const char *from, const char *to, pl_dbcopy_progress progress, void *ctx,
                  pl_dbcopy_result *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    if (pl_store_location_is_pg(from) == pl_store_location_is_pg(to))
        return pl_error_set(err, PL_EINVAL, "to",
                            "asal dan tujuan harus berbeda jenis (berkas SQLite dan PostgreSQL); "
                            "untuk salinan sejenis gunakan pilar backup");
    pl_store *src = NULL, *dst = NULL;
    tables ts = {0}, td = {0};
    int rc = pl_store_open(&src, from, PL_STORE_READONLY, err);
    if (rc)
        goto done;
    if ((rc = pl_store_stats_get(src, &out->source, err)))
        goto done;
    if ((rc = pl_store_open(&dst, to, PL_STORE_CREATE, err)))
        goto done;
    int v_from = 0, v_to = 0;
    if ((rc = pl_store_migrate(dst, &v_from, &v_to, err)))
        goto done;
    pl_store_stats before;
    if ((rc = pl_store_stats_get(dst, &before, err)))
        goto done;
    if (before.people || before.households || before.users) {
        rc = pl_error_set(err, PL_EINVAL, "to",
                          "basis data tujuan sudah berisi data (%lld orang, %lld keluarga, "
                          "%lld akun); salin hanya ke basis data kosong",
                          (long long)before.people, (long long)before.households,
                          (long long)before.users);
        goto done;
    }
    if ((rc = pl_store_copy_tables(src, collect, &ts, err)) ||
        (rc = pl_store_copy_tables(dst, collect, &td, err)))
        goto done;
    if ((rc = same_shape(&ts, &td, err)))
        goto done;
    /* Tables in the SQLite side's order (its order of creation: parents first). */
    const tables *order = pl_store_location_is_pg(to) ? &ts : &td;
    tables ordered = {0};
    for (int i = 0; !rc && i < order->n; i++)
        rc = collect(&ordered, find(&td, order->v[i].name));
    if (!rc)
        rc = copy_all(src, dst, &ordered, &ts, progress, ctx, out, err);
    free(ordered.v);
    if (rc)
        goto done;
    if ((rc = pl_store_geo_rebuild(dst, err)))
        goto done;
    if ((rc = pl_store_stats_get(dst, &out->target, err)))
        goto done;
    if (!same_stats(&out->source, &out->target))
        rc = pl_error_set(err, PL_EIO, "to",
                          "salinan berbeda dari asalnya (orang %lld/%lld, keluarga %lld/%lld, "
                          "audit %lld/%lld)",
                          (long long)out->source.people, (long long)out->target.people,
                          (long long)out->source.households, (long long)out->target.households,
                          (long long)out->source.audit_rows, (long long)out->target.audit_rows);
done:
    free(ts.v);
    free(td.v);
    if (dst)
        pl_store_close(dst);
    if (src)
        pl_store_close(src);
    return rc;
}
