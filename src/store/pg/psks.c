/*
 * psks.c - PSKS units (people and organisations), the areas they serve, their history
 * records, coordination meetings with their participants and items, on PostgreSQL (the
 * SQLite twin is src/store/sqlite/psks.c: same results, errors and audit rows).
 */
#include "store/pg/internal.h"
#include "store/psks.h"
#include "store/region.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* NULL (SQL NULL) for an empty text, as SQLite's pl_sq_bind_text_or_null. */
static const char *nz(const char *v)
{
    return v && v[0] ? v : NULL;
}

/* The parameters $1 .. $17 of a unit's columns type .. accreditation_date (nums: 3 numbers). */
static void unit_params(const char *p[17], pl_pg_num nums[3], const pl_psks_unit *u)
{
    p[0] = pl_pg_i64(&nums[0], u->type);
    p[1] = u->kind;
    p[2] = u->name;
    p[3] = nz(u->nik);
    p[4] = u->area_code;
    p[5] = u->address;
    p[6] = u->phone;
    p[7] = u->email;
    p[8] = u->has_coord ? pl_pg_f64(&nums[1], u->lat) : NULL;
    p[9] = u->has_coord ? pl_pg_f64(&nums[2], u->lon) : NULL;
    p[10] = nz(u->valid_from);
    p[11] = nz(u->valid_to);
    p[12] = u->decree_no;
    p[13] = nz(u->decree_date);
    p[14] = u->reg_no;
    p[15] = u->accreditation;
    p[16] = nz(u->accreditation_date);
}

/* One code exists in the region tree; field names the error. */
static int known_area(pl_pg_store *s, const char *code, const char *field, pl_error *err)
{
    static const char sql[] = "SELECT 1 FROM region WHERE code = $1";
    const char *p[] = {code};
    PGresult *res = pl_pg_query(s, sql, 1, p, err, "region");
    if (res == NULL)
        return err->code;
    int found = PQntuples(res);
    PQclear(res);
    return found
               ? 0
               : pl_error_set(err, PL_EINVAL, field, "wilayah %s tidak ada di pohon wilayah", code);
}

/* The served areas of u as a text[] literal (malloc'd), or NULL when memory runs out. */
static char *areas_array(const pl_psks_unit *u)
{
    const char *items[PL_PSKS_AREAS_MAX];
    int n = u->n_areas < 0 ? 0 : u->n_areas > PL_PSKS_AREAS_MAX ? PL_PSKS_AREAS_MAX : u->n_areas;
    for (int i = 0; i < n; i++)
        items[i] = u->areas[i];
    return pl_pg_text_array(items, (size_t)n);
}

/*
 * The schema is current and the unit's home and served areas are in the region tree (one
 * query for all of them; the first missing one is named, the home area first, as on SQLite).
 */
static int ready(pl_pg_store *s, const pl_psks_unit *u, const char *field, pl_error *err)
{
    static const char sql[] = "SELECT t.o FROM unnest($1::text[]) WITH ORDINALITY AS t(c, o) "
                              "WHERE NOT EXISTS (SELECT 1 FROM region r WHERE r.code = t.c) "
                              "ORDER BY t.o LIMIT 1";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    bool areas_ok = u->n_areas >= 0 && u->n_areas <= PL_PSKS_AREAS_MAX;
    const char *items[PL_PSKS_AREAS_MAX + 1];
    size_t n = 0;
    items[n++] = u->area_code;
    for (int i = 0; areas_ok && i < u->n_areas; i++)
        items[n++] = u->areas[i];
    char *list = pl_pg_text_array(items, n);
    if (list == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    const char *p[] = {list};
    PGresult *res = pl_pg_query(s, sql, 1, p, err, "region");
    free(list);
    if (res == NULL)
        return err->code;
    long missing = PQntuples(res) ? (long)pl_pg_int(res, 0, 0) : 0; /* 1-based, 0 = none */
    PQclear(res);
    if (missing == 1)
        return pl_error_set(err, PL_EINVAL, field, "wilayah %s tidak ada di pohon wilayah",
                            u->area_code);
    if (!areas_ok)
        return pl_error_set(err, PL_EINVAL, "areas", "paling banyak %d wilayah layanan",
                            PL_PSKS_AREAS_MAX);
    if (missing > 1)
        return pl_error_set(err, PL_EINVAL, "areas", "wilayah %s tidak ada di pohon wilayah",
                            u->areas[missing - 2]);
    return 0;
}

/*
 * Makes the served areas of unit u->id exactly u->areas: removes the others, then adds the
 * missing ones in their order (unchanged rows stay, so the audit shows only changes). Rows that
 * exist are left out of the INSERT rather than skipped by ON CONFLICT, which would take an id
 * from the sequence for each (SQLite's INSERT OR IGNORE takes none).
 */
static int put_areas(pl_pg_store *s, const pl_psks_unit *u, pl_error *err)
{
    static const char del[] =
        "DELETE FROM psks_served WHERE unit_id = $1::bigint AND area_code <> ALL($2::text[])";
    static const char ins[] =
        "INSERT INTO psks_served(unit_id, area_code) SELECT $1::bigint, t.c "
        "FROM (SELECT c, min(o) AS o FROM unnest($2::text[]) WITH ORDINALITY AS u(c, o) "
        "GROUP BY c) t WHERE NOT EXISTS (SELECT 1 FROM psks_served s "
        "WHERE s.unit_id = $1::bigint AND s.area_code = t.c) ORDER BY t.o ON CONFLICT DO NOTHING";
    char *list = areas_array(u);
    if (list == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    pl_pg_num id;
    const char *p[] = {pl_pg_i64(&id, u->id), list};
    int rc = pl_pg_command(s, del, 2, p, err, "psks_served");
    if (rc == 0 && u->n_areas > 0)
        rc = pl_pg_command(s, ins, 2, p, err, "psks_served");
    free(list);
    return rc;
}

int pl_pg_psks_add(pl_pg_store *s, const pl_actor *who, pl_psks_unit *u, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO psks_unit(type, kind, name, nik, area_code, address, phone, email, lat, lon, "
        "valid_from, valid_to, decree_no, decree_date, reg_no, accreditation, accreditation_date, "
        "created_at, created_by) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,"
        "$17, pl_now(), pl_actor()) RETURNING id";
    int rc = ready(s, u, "wilayah", err);
    if (rc)
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    const char *p[17];
    pl_pg_num nums[3];
    unit_params(p, nums, u);
    int64_t id = 0;
    if ((rc = pl_pg_scalar_i64(s, sql, 17, p, &id, err, "psks_unit")) == 0) {
        u->id = id;
        rc = put_areas(s, u, err);
    }
    if ((rc = pl_pg_tx_end(s, own, rc, err)))
        return rc;
    u->version = 1;
    return 0;
}

/* Splits a space-separated list of codes into u->areas. */
static void split_areas(pl_psks_unit *u, const char *list)
{
    u->n_areas = 0;
    while (list && *list && u->n_areas < PL_PSKS_AREAS_MAX) {
        size_t n = strcspn(list, " ");
        if (n > 0 && n < PL_REGION_CODE_MAX) {
            memcpy(u->areas[u->n_areas], list, n);
            u->areas[u->n_areas++][n] = '\0';
        }
        list += n;
        list += strspn(list, " ");
    }
}

#define UNIT_COLS                                                                                  \
    "u.id, u.type, u.kind, u.name, u.nik, u.area_code, u.address, u.phone, u.email, u.lat, "       \
    "u.lon, u.valid_from, u.valid_to, u.version, u.created_at, u.decree_no, u.decree_date, "       \
    "u.reg_no, u.accreditation, u.accreditation_date, (SELECT string_agg(a.area_code, ' ' "        \
    "ORDER BY a.area_code COLLATE \"C\") FROM psks_served a WHERE a.unit_id = u.id) "

static void read_psks(pl_psks_unit *u, const PGresult *r, int i)
{
    u->id = pl_pg_int(r, i, 0);
    u->type = (int)pl_pg_int(r, i, 1);
    pl_pg_copy(u->kind, sizeof u->kind, r, i, 2);
    pl_pg_copy(u->name, sizeof u->name, r, i, 3);
    pl_pg_copy(u->nik, sizeof u->nik, r, i, 4);
    pl_pg_copy(u->area_code, sizeof u->area_code, r, i, 5);
    pl_pg_copy(u->address, sizeof u->address, r, i, 6);
    pl_pg_copy(u->phone, sizeof u->phone, r, i, 7);
    pl_pg_copy(u->email, sizeof u->email, r, i, 8);
    u->has_coord = !pl_pg_null(r, i, 9);
    u->lat = pl_pg_real(r, i, 9);
    u->lon = pl_pg_real(r, i, 10);
    pl_pg_copy(u->valid_from, sizeof u->valid_from, r, i, 11);
    pl_pg_copy(u->valid_to, sizeof u->valid_to, r, i, 12);
    u->version = pl_pg_int(r, i, 13);
    pl_pg_copy(u->created_at, sizeof u->created_at, r, i, 14);
    pl_pg_copy(u->decree_no, sizeof u->decree_no, r, i, 15);
    pl_pg_copy(u->decree_date, sizeof u->decree_date, r, i, 16);
    pl_pg_copy(u->reg_no, sizeof u->reg_no, r, i, 17);
    pl_pg_copy(u->accreditation, sizeof u->accreditation, r, i, 18);
    pl_pg_copy(u->accreditation_date, sizeof u->accreditation_date, r, i, 19);
    split_areas(u, pl_pg_text(r, i, 20));
}

PL_PG_ROWS(psks_rows, pl_psks_unit, pl_psks_cb, read_psks, "psks_unit");

int pl_pg_psks_list(pl_pg_store *s, const char *region, int type, pl_psks_cb cb, void *ctx,
                    pl_error *err)
{
    static const char sql[] = "SELECT " UNIT_COLS "FROM psks_unit u WHERE (" PL_PG_IN_PREFIX(
        "u.area_code", "$1") " OR EXISTS(SELECT 1 FROM psks_served a WHERE a.unit_id = u.id "
                             "AND " PL_PG_IN_PREFIX("a.area_code", "$1") ")) "
                                                                         "AND ($2::integer = "
                                                                         "0 OR u.type = "
                                                                         "$2::integer) "
                                                                         "ORDER BY "
                                                                         "u.area_code "
                                                                         "COLLATE \"C\", "
                                                                         "u.type, u.name "
                                                                         "COLLATE \"C\"";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num t;
    const char *p[] = {region ? region : "", pl_pg_i64(&t, type)};
    return pl_pg_each(s, sql, 2, p, &psks_rows, NULL, PL_PG_FN(cb), ctx, err);
}

int pl_pg_psks_get(pl_pg_store *s, pl_psks_unit *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " UNIT_COLS "FROM psks_unit u WHERE u.id = $1::bigint";
    return pl_pg_get_by_id(s, sql, id, &psks_rows, out, "unit PSKS", err);
}

int pl_pg_psks_update(pl_pg_store *s, const pl_actor *who, pl_psks_unit *u, pl_error *err)
{
    static const char sql[] = PL_PG_VERSIONED_UPDATE(
        "psks_unit",
        "type=$1, kind=$2, name=$3, nik=$4, area_code=$5, address=$6, phone=$7, email=$8, lat=$9, "
        "lon=$10, valid_from=$11, valid_to=$12, decree_no=$13, decree_date=$14, reg_no=$15, "
        "accreditation=$16, accreditation_date=$17",
        "$18::bigint", "$19::bigint");
    int rc = ready(s, u, "region", err);
    if (rc)
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    const char *p[19];
    pl_pg_num nums[5];
    unit_params(p, nums, u);
    p[17] = pl_pg_i64(&nums[3], u->id);
    p[18] = pl_pg_i64(&nums[4], u->version);
    if ((rc = pl_pg_update_versioned(s, sql, 19, p, "unit PSKS", u->id, u->version, "psks_unit",
                                     err)) == 0)
        rc = put_areas(s, u, err);
    if ((rc = pl_pg_tx_end(s, own, rc, err)))
        return rc;
    u->version++;
    return 0;
}

/* ------------------------------------------------------------- history records */

/* The parameters $1 .. $8 of a record's title .. note (num: the amount's text). */
static void record_params(const char *p[8], pl_pg_num *num, const pl_psks_record *r)
{
    bool pay = strcmp(r->kind, PL_PSKS_REC_PAY) == 0;
    p[0] = r->title;
    p[1] = r->organiser;
    p[2] = r->number;
    p[3] = r->started_on;
    p[4] = nz(r->ended_on);
    p[5] = pay ? pl_pg_i64(num, r->amount) : NULL;
    p[6] = pay ? r->source : NULL;
    p[7] = r->note;
}

int pl_pg_psks_record_add(pl_pg_store *s, const pl_actor *who, pl_psks_record *r, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO psks_record(title, organiser, number, started_on, ended_on, amount, source, "
        "note, unit_id, kind, created_at, created_by) SELECT $1, $2, $3, $4, $5, $6::bigint, $7, "
        "$8, $9::bigint, $10, pl_now(), pl_actor() "
        "WHERE EXISTS (SELECT 1 FROM psks_unit WHERE id = $9::bigint) RETURNING id";
    const char *p[10];
    pl_pg_num amount, unit;
    record_params(p, &amount, r);
    p[8] = pl_pg_i64(&unit, r->unit_id);
    p[9] = r->kind;
    PGresult *res;
    int rc = pl_pg_write_as(s, who, sql, 10, p, &res, "psks_record", err);
    if (rc)
        return rc;
    bool added = PQntuples(res) == 1;
    if (added)
        r->id = pl_pg_int(res, 0, 0);
    PQclear(res);
    if (!added)
        return pl_error_set(err, PL_EINVAL, "unit_id", "unit PSKS %lld tidak ada",
                            (long long)r->unit_id);
    r->version = 1;
    return 0;
}

#define RECORD_COLS                                                                                \
    "id, unit_id, kind, title, organiser, number, started_on, ended_on, amount, source, note, "    \
    "version, created_at FROM psks_record "

static void read_record(pl_psks_record *r, const PGresult *res, int i)
{
    r->id = pl_pg_int(res, i, 0);
    r->unit_id = pl_pg_int(res, i, 1);
    pl_pg_copy(r->kind, sizeof r->kind, res, i, 2);
    pl_pg_copy(r->title, sizeof r->title, res, i, 3);
    pl_pg_copy(r->organiser, sizeof r->organiser, res, i, 4);
    pl_pg_copy(r->number, sizeof r->number, res, i, 5);
    pl_pg_copy(r->started_on, sizeof r->started_on, res, i, 6);
    pl_pg_copy(r->ended_on, sizeof r->ended_on, res, i, 7);
    r->amount = pl_pg_int(res, i, 8);
    pl_pg_copy(r->source, sizeof r->source, res, i, 9);
    pl_pg_copy(r->note, sizeof r->note, res, i, 10);
    r->version = pl_pg_int(res, i, 11);
    pl_pg_copy(r->created_at, sizeof r->created_at, res, i, 12);
}

PL_PG_ROWS(record_rows, pl_psks_record, pl_psks_record_cb, read_record, "psks_record");

int pl_pg_psks_record_get(pl_pg_store *s, pl_psks_record *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " RECORD_COLS "WHERE id = $1::bigint";
    return pl_pg_get_by_id(s, sql, id, &record_rows, out, "catatan PSKS", err);
}

int pl_pg_psks_record_update(pl_pg_store *s, const pl_actor *who, pl_psks_record *r, pl_error *err)
{
    static const char sql[] = PL_PG_VERSIONED_UPDATE(
        "psks_record",
        "title=$1, organiser=$2, number=$3, started_on=$4, ended_on=$5, amount=$6::bigint, "
        "source=$7, note=$8",
        "$9::bigint", "$10::bigint");
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[10];
    pl_pg_num amount, id, version;
    record_params(p, &amount, r);
    p[8] = pl_pg_i64(&id, r->id);
    p[9] = pl_pg_i64(&version, r->version);
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    rc = pl_pg_update_versioned(s, sql, 10, p, "catatan PSKS", r->id, r->version, "psks_record",
                                err);
    if ((rc = pl_pg_tx_end(s, own, rc, err)))
        return rc;
    r->version++;
    return 0;
}

int pl_pg_psks_record_list(pl_pg_store *s, int64_t unit_id, const char *kind, pl_psks_record_cb cb,
                           void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT " RECORD_COLS "WHERE unit_id = $1::bigint AND ($2 = '' OR kind = $2) "
        "ORDER BY kind COLLATE \"C\", started_on COLLATE \"C\", id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num u;
    const char *p[] = {pl_pg_i64(&u, unit_id), kind ? kind : ""};
    return pl_pg_each(s, sql, 2, p, &record_rows, NULL, PL_PG_FN(cb), ctx, err);
}

/* ------------------------------------------------------------- meetings */

int pl_pg_psks_meeting_add(pl_pg_store *s, const pl_actor *who, pl_psks_meeting *m, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO psks_meeting(held_on, place, region, theme, created_at, created_by) "
        "SELECT $1, $2, $3, $4, pl_now(), pl_actor() "
        "WHERE EXISTS (SELECT 1 FROM region WHERE code = $3) RETURNING id";
    const char *p[] = {m->held_on, m->place, m->region, m->theme};
    PGresult *res;
    int rc = pl_pg_write_as(s, who, sql, 4, p, &res, "psks_meeting", err);
    if (rc)
        return rc;
    bool added = PQntuples(res) == 1;
    if (added)
        m->id = pl_pg_int(res, 0, 0);
    PQclear(res);
    if (!added)
        return pl_error_set(err, PL_EINVAL, "region", "wilayah %s tidak ada di pohon wilayah",
                            m->region);
    m->version = 1;
    return 0;
}

#define MEETING_COLS "id, held_on, place, region, theme, version, created_at FROM psks_meeting "

static void read_meeting(pl_psks_meeting *m, const PGresult *r, int i)
{
    m->id = pl_pg_int(r, i, 0);
    pl_pg_copy(m->held_on, sizeof m->held_on, r, i, 1);
    pl_pg_copy(m->place, sizeof m->place, r, i, 2);
    pl_pg_copy(m->region, sizeof m->region, r, i, 3);
    pl_pg_copy(m->theme, sizeof m->theme, r, i, 4);
    m->version = pl_pg_int(r, i, 5);
    pl_pg_copy(m->created_at, sizeof m->created_at, r, i, 6);
}

PL_PG_ROWS(meeting_rows, pl_psks_meeting, pl_psks_meeting_cb, read_meeting, "psks_meeting");

int pl_pg_psks_meeting_get(pl_pg_store *s, pl_psks_meeting *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " MEETING_COLS "WHERE id = $1::bigint";
    return pl_pg_get_by_id(s, sql, id, &meeting_rows, out, "pertemuan PSKS", err);
}

int pl_pg_psks_meeting_update(pl_pg_store *s, const pl_actor *who, pl_psks_meeting *m,
                              pl_error *err)
{
    static const char sql[] = PL_PG_VERSIONED_UPDATE(
        "psks_meeting", "held_on=$1, place=$2, region=$3, theme=$4", "$5::bigint", "$6::bigint");
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = known_area(s, m->region, "region", err)))
        return rc;
    pl_pg_num id, version;
    const char *p[] = {m->held_on,
                       m->place,
                       m->region,
                       m->theme,
                       pl_pg_i64(&id, m->id),
                       pl_pg_i64(&version, m->version)};
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    rc = pl_pg_update_versioned(s, sql, 6, p, "pertemuan PSKS", m->id, m->version, "psks_meeting",
                                err);
    if ((rc = pl_pg_tx_end(s, own, rc, err)))
        return rc;
    m->version++;
    return 0;
}

int pl_pg_psks_meeting_list(pl_pg_store *s, const char *region, pl_psks_meeting_cb cb, void *ctx,
                            pl_error *err)
{
    static const char sql[] =
        "SELECT " MEETING_COLS
        "WHERE " PL_PG_IN_PREFIX("region", "$1") " ORDER BY held_on COLLATE \"C\" DESC, id DESC";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {region ? region : ""};
    return pl_pg_each(s, sql, 1, p, &meeting_rows, NULL, PL_PG_FN(cb), ctx, err);
}

/* A referenced row that is missing makes the write invalid: PL_ENOTFOUND becomes PL_EINVAL. */
static int as_invalid(pl_error *err, int rc)
{
    if (rc != PL_ENOTFOUND)
        return rc;
    pl_error e = *err;
    return pl_error_set(err, PL_EINVAL, e.field, "%s", e.message);
}

int pl_pg_psks_party_add(pl_pg_store *s, const pl_actor *who, pl_psks_party *p, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO psks_meeting_party(meeting_id, unit_id, name) "
        "SELECT $1::bigint, $2::bigint, $3 "
        "WHERE EXISTS (SELECT 1 FROM psks_meeting WHERE id = $1::bigint) AND ($2::bigint IS NULL "
        "OR EXISTS (SELECT 1 FROM psks_unit WHERE id = $2::bigint)) RETURNING id";
    pl_pg_num meeting, unit;
    const char *params[] = {pl_pg_i64(&meeting, p->meeting_id),
                            p->unit_id ? pl_pg_i64(&unit, p->unit_id) : NULL, p->name};
    PGresult *res;
    int rc = pl_pg_write_as(s, who, sql, 3, params, &res, "psks_meeting_party", err);
    if (rc)
        return rc;
    bool added = PQntuples(res) == 1;
    if (added)
        p->id = pl_pg_int(res, 0, 0);
    PQclear(res);
    if (added)
        return 0;
    /* Which reference is missing, in SQLite's order and words. */
    pl_psks_meeting m;
    pl_psks_unit u;
    if ((rc = pl_pg_psks_meeting_get(s, &m, p->meeting_id, err)) ||
        (p->unit_id && (rc = pl_pg_psks_get(s, &u, p->unit_id, err))))
        return as_invalid(err, rc);
    return pl_error_set(err, PL_ECONFLICT, "",
                        "pertemuan atau unit PSKS baru saja berubah; ulangi");
}

static void read_party(pl_psks_party *p, const PGresult *r, int i)
{
    p->id = pl_pg_int(r, i, 0);
    p->meeting_id = pl_pg_int(r, i, 1);
    p->unit_id = pl_pg_int(r, i, 2);
    pl_pg_copy(p->name, sizeof p->name, r, i, 3);
}

PL_PG_ROWS(party_rows, pl_psks_party, pl_psks_party_cb, read_party, "psks_meeting_party");

int pl_pg_psks_party_list(pl_pg_store *s, int64_t meeting_id, pl_psks_party_cb cb, void *ctx,
                          pl_error *err)
{
    static const char sql[] =
        "SELECT p.id, p.meeting_id, p.unit_id, CASE WHEN p.unit_id IS NULL THEN p.name "
        "ELSE (SELECT name FROM psks_unit WHERE id = p.unit_id) END "
        "FROM psks_meeting_party p WHERE p.meeting_id = $1::bigint ORDER BY p.id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num m;
    const char *p[] = {pl_pg_i64(&m, meeting_id)};
    return pl_pg_each(s, sql, 1, p, &party_rows, NULL, PL_PG_FN(cb), ctx, err);
}

/* The parameters $1 .. $6 of an item's text, owner, due_on, status, note, done_on. */
static void item_params(const char *p[6], const pl_psks_item *i)
{
    p[0] = i->text;
    p[1] = i->owner;
    p[2] = nz(i->due_on);
    p[3] = i->status[0] ? i->status : PL_PSKS_ITEM_OPEN;
    p[4] = i->note;
    p[5] = nz(i->done_on);
}

int pl_pg_psks_item_add(pl_pg_store *s, const pl_actor *who, pl_psks_item *i, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO psks_meeting_item(text, owner, due_on, status, note, done_on, meeting_id, "
        "kind, created_at, created_by) SELECT $1, $2, $3, $4, $5, $6, $7::bigint, $8, pl_now(), "
        "pl_actor() WHERE EXISTS (SELECT 1 FROM psks_meeting WHERE id = $7::bigint) RETURNING id";
    const char *p[8];
    pl_pg_num meeting;
    item_params(p, i);
    p[6] = pl_pg_i64(&meeting, i->meeting_id);
    p[7] = i->kind;
    PGresult *res;
    int rc = pl_pg_write_as(s, who, sql, 8, p, &res, "psks_meeting_item", err);
    if (rc)
        return rc;
    bool added = PQntuples(res) == 1;
    if (added)
        i->id = pl_pg_int(res, 0, 0);
    PQclear(res);
    if (!added) {
        pl_psks_meeting m;
        rc = pl_pg_psks_meeting_get(s, &m, i->meeting_id, err);
        return rc ? as_invalid(err, rc)
                  : pl_error_set(err, PL_ECONFLICT, "", "pertemuan baru saja berubah; ulangi");
    }
    i->version = 1;
    return 0;
}

#define ITEM_COLS                                                                                  \
    "i.id, i.meeting_id, i.kind, i.text, i.owner, i.due_on, i.status, i.note, i.done_on, "         \
    "m.region, m.held_on, i.version FROM psks_meeting_item i JOIN psks_meeting m ON m.id = "       \
    "i.meeting_id "

static void read_item(pl_psks_item *i, const PGresult *r, int row)
{
    i->id = pl_pg_int(r, row, 0);
    i->meeting_id = pl_pg_int(r, row, 1);
    pl_pg_copy(i->kind, sizeof i->kind, r, row, 2);
    pl_pg_copy(i->text, sizeof i->text, r, row, 3);
    pl_pg_copy(i->owner, sizeof i->owner, r, row, 4);
    pl_pg_copy(i->due_on, sizeof i->due_on, r, row, 5);
    pl_pg_copy(i->status, sizeof i->status, r, row, 6);
    pl_pg_copy(i->note, sizeof i->note, r, row, 7);
    pl_pg_copy(i->done_on, sizeof i->done_on, r, row, 8);
    pl_pg_copy(i->region, sizeof i->region, r, row, 9);
    pl_pg_copy(i->held_on, sizeof i->held_on, r, row, 10);
    i->version = pl_pg_int(r, row, 11);
}

PL_PG_ROWS(item_rows, pl_psks_item, pl_psks_item_cb, read_item, "psks_meeting_item");

int pl_pg_psks_item_get(pl_pg_store *s, pl_psks_item *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " ITEM_COLS "WHERE i.id = $1::bigint";
    return pl_pg_get_by_id(s, sql, id, &item_rows, out, "butir pertemuan", err);
}

int pl_pg_psks_item_update(pl_pg_store *s, const pl_actor *who, pl_psks_item *i, pl_error *err)
{
    static const char sql[] = PL_PG_VERSIONED_UPDATE(
        "psks_meeting_item", "text=$1, owner=$2, due_on=$3, status=$4, note=$5, done_on=$6",
        "$7::bigint", "$8::bigint");
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[8];
    pl_pg_num id, version;
    item_params(p, i);
    p[6] = pl_pg_i64(&id, i->id);
    p[7] = pl_pg_i64(&version, i->version);
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    rc = pl_pg_update_versioned(s, sql, 8, p, "butir pertemuan", i->id, i->version,
                                "psks_meeting_item", err);
    if ((rc = pl_pg_tx_end(s, own, rc, err)))
        return rc;
    i->version++;
    return 0;
}

int pl_pg_psks_item_list(pl_pg_store *s, int64_t meeting_id, pl_psks_item_cb cb, void *ctx,
                         pl_error *err)
{
    static const char sql[] =
        "SELECT " ITEM_COLS "WHERE i.meeting_id = $1::bigint ORDER BY i.kind COLLATE \"C\", i.id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num m;
    const char *p[] = {pl_pg_i64(&m, meeting_id)};
    return pl_pg_each(s, sql, 1, p, &item_rows, NULL, PL_PG_FN(cb), ctx, err);
}

int pl_pg_psks_followup_list(pl_pg_store *s, const char *region, const char *before,
                             pl_psks_item_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT " ITEM_COLS "WHERE i.kind = 'rekomendasi' AND i.status = 'terbuka' AND "
        "" PL_PG_IN_PREFIX("m.region", "$1") " AND ($2 = '' OR (i.due_on IS NOT NULL AND "
                                             "i.due_on < $2 COLLATE \"C\")) ORDER BY i.due_on "
                                             "IS NULL, i.due_on COLLATE \"C\", i.id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {region ? region : "", before ? before : ""};
    return pl_pg_each(s, sql, 2, p, &item_rows, NULL, PL_PG_FN(cb), ctx, err);
}
