/* psks.c - PSKS units (people and organisations), the areas they serve, their history. */
#include "store/sqlite/internal.h"
#include "store/psks.h"
#include "store/region.h"

#include <stdio.h>
#include <string.h>

/* Binds a unit's columns type .. accreditation_date to parameters 1 .. 17. */
static void bind_unit(sqlite3_stmt *st, const pl_psks_unit *u)
{
    sqlite3_bind_int(st, 1, u->type);
    sqlite3_bind_text(st, 2, u->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, u->name, -1, SQLITE_STATIC);
    pl_sq_bind_text_or_null(st, 4, u->nik);
    sqlite3_bind_text(st, 5, u->area_code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, u->address, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, u->phone, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, u->email, -1, SQLITE_STATIC);
    if (u->has_coord) {
        sqlite3_bind_double(st, 9, u->lat);
        sqlite3_bind_double(st, 10, u->lon);
    } else {
        sqlite3_bind_null(st, 9);
        sqlite3_bind_null(st, 10);
    }
    pl_sq_bind_text_or_null(st, 11, u->valid_from);
    pl_sq_bind_text_or_null(st, 12, u->valid_to);
    sqlite3_bind_text(st, 13, u->decree_no, -1, SQLITE_STATIC);
    pl_sq_bind_text_or_null(st, 14, u->decree_date);
    sqlite3_bind_text(st, 15, u->reg_no, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 16, u->accreditation, -1, SQLITE_STATIC);
    pl_sq_bind_text_or_null(st, 17, u->accreditation_date);
}

/* One code exists in the region tree; field names the error. */
static int known_area(pl_sq_store *s, const char *code, const char *field, pl_error *err)
{
    pl_region r;
    int rc = pl_sq_region_get(s, &r, code, err);
    if (rc == PL_ENOTFOUND)
        return pl_error_set(err, PL_EINVAL, field, "wilayah %s tidak ada di pohon wilayah", code);
    return rc;
}

/* The schema is current and the unit's home and served areas are in the region tree. */
static int ready(pl_sq_store *s, const pl_psks_unit *u, const char *field, pl_error *err)
{
    int rc = pl_sq_require_schema(s, err);
    if (rc || (rc = known_area(s, u->area_code, field, err)))
        return rc;
    if (u->n_areas < 0 || u->n_areas > PL_PSKS_AREAS_MAX)
        return pl_error_set(err, PL_EINVAL, "areas", "paling banyak %d wilayah layanan",
                            PL_PSKS_AREAS_MAX);
    for (int i = 0; i < u->n_areas; i++)
        if ((rc = known_area(s, u->areas[i], "areas", err)))
            return rc;
    return 0;
}

/*
 * Makes the served areas of unit u->id exactly u->areas: removes the others,
 * adds the missing ones (unchanged rows stay, so the audit shows only changes).
 */
static int put_areas(pl_sq_store *s, const pl_psks_unit *u, pl_error *err)
{
    static const char del[] = "DELETE FROM psks_served WHERE unit_id = ?1 "
                              "AND instr(' ' || ?2 || ' ', ' ' || area_code || ' ') = 0";
    static const char ins[] = "INSERT OR IGNORE INTO psks_served(unit_id, area_code) VALUES(?, ?)";
    char list[PL_PSKS_AREAS_MAX * PL_REGION_CODE_MAX + 1] = "";
    size_t used = 0;
    for (int i = 0; i < u->n_areas; i++)
        used +=
            (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? " " : "", u->areas[i]);
    PL_SQ_PREP(d, del);
    sqlite3_bind_int64(d, 1, u->id);
    sqlite3_bind_text(d, 2, list, -1, SQLITE_STATIC);
    int rc = pl_sq_done(s, d, err, "psks_served");
    for (int i = 0; rc == 0 && i < u->n_areas; i++) {
        PL_SQ_PREP(st, ins);
        sqlite3_bind_int64(st, 1, u->id);
        sqlite3_bind_text(st, 2, u->areas[i], -1, SQLITE_STATIC);
        rc = pl_sq_done(s, st, err, "psks_served");
    }
    return rc;
}

int pl_sq_psks_add(pl_sq_store *s, const pl_actor *who, pl_psks_unit *u, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO psks_unit(type, kind, name, nik, area_code, address, phone, email, lat, lon, "
        "valid_from, valid_to, decree_no, decree_date, reg_no, accreditation, accreditation_date, "
        "created_at, created_by) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?," PL_SQ_NOW ",?)";
    int rc = ready(s, u, "wilayah", err);
    if (rc)
        return rc;
    pl_sq_set_actor(s, who);
    bool own;
    if ((rc = pl_sq_tx_begin(s, &own, err)))
        return rc;
    sqlite3_stmt *st = pl_sq_stmt(s, sql, err);
    if (st == NULL)
        rc = PL_EINTERNAL;
    else {
        bind_unit(st, u);
        sqlite3_bind_text(st, 18, s->actor, -1, SQLITE_STATIC);
        if ((rc = pl_sq_insert(s, st, &u->id, "psks_unit", err)) == 0)
            rc = put_areas(s, u, err);
    }
    if ((rc = pl_sq_tx_end(s, own, rc, err)))
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
    "u.reg_no, u.accreditation, u.accreditation_date, (SELECT group_concat(area_code, ' ') FROM "  \
    "(SELECT area_code FROM psks_served WHERE unit_id = u.id ORDER BY area_code)) "

static void read_psks(pl_psks_unit *u, sqlite3_stmt *st)
{
    u->id = sqlite3_column_int64(st, 0);
    u->type = sqlite3_column_int(st, 1);
    pl_sq_col_text(u->kind, sizeof u->kind, st, 2);
    pl_sq_col_text(u->name, sizeof u->name, st, 3);
    pl_sq_col_text(u->nik, sizeof u->nik, st, 4);
    pl_sq_col_text(u->area_code, sizeof u->area_code, st, 5);
    pl_sq_col_text(u->address, sizeof u->address, st, 6);
    pl_sq_col_text(u->phone, sizeof u->phone, st, 7);
    pl_sq_col_text(u->email, sizeof u->email, st, 8);
    u->has_coord = sqlite3_column_type(st, 9) != SQLITE_NULL;
    u->lat = sqlite3_column_double(st, 9);
    u->lon = sqlite3_column_double(st, 10);
    pl_sq_col_text(u->valid_from, sizeof u->valid_from, st, 11);
    pl_sq_col_text(u->valid_to, sizeof u->valid_to, st, 12);
    u->version = sqlite3_column_int64(st, 13);
    pl_sq_col_text(u->created_at, sizeof u->created_at, st, 14);
    pl_sq_col_text(u->decree_no, sizeof u->decree_no, st, 15);
    pl_sq_col_text(u->decree_date, sizeof u->decree_date, st, 16);
    pl_sq_col_text(u->reg_no, sizeof u->reg_no, st, 17);
    pl_sq_col_text(u->accreditation, sizeof u->accreditation, st, 18);
    pl_sq_col_text(u->accreditation_date, sizeof u->accreditation_date, st, 19);
    split_areas(u, (const char *)sqlite3_column_text(st, 20));
}

PL_SQ_ROWS(psks_rows, pl_psks_unit, pl_psks_cb, read_psks, "psks_unit");

int pl_sq_psks_list(pl_sq_store *s, const char *region, int type, pl_psks_cb cb, void *ctx,
                    pl_error *err)
{
    static const char sql[] =
        "SELECT " UNIT_COLS "FROM psks_unit u "
        "WHERE (" PL_SQ_IN_PREFIX(
            "u.area_code",
            "?1") " OR EXISTS(SELECT 1 FROM psks_served a "
                  "WHERE a.unit_id = u.id AND " PL_SQ_IN_PREFIX(
                      "a.area_code",
                      "?1") ")) "
                            "AND (?2 = 0 OR u.type = ?2) ORDER BY u.area_code, u.type, u.name";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, region ? region : "", -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, type);
    return pl_sq_each(s, st, &psks_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_psks_get(pl_sq_store *s, pl_psks_unit *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " UNIT_COLS "FROM psks_unit u WHERE u.id = ?1";
    return pl_sq_get_by_id(s, sql, id, &psks_rows, out, "unit PSKS", err);
}

int pl_sq_psks_update(pl_sq_store *s, const pl_actor *who, pl_psks_unit *u, pl_error *err)
{
    static const char sql[] =
        "UPDATE psks_unit SET type=?1, kind=?2, name=?3, nik=?4, area_code=?5, address=?6, "
        "phone=?7, email=?8, lat=?9, lon=?10, valid_from=?11, valid_to=?12, decree_no=?13, "
        "decree_date=?14, reg_no=?15, accreditation=?16, accreditation_date=?17, "
        "version=version+1 WHERE id=?18 AND version=?19";
    int rc = ready(s, u, "region", err);
    if (rc)
        return rc;
    pl_sq_set_actor(s, who);
    bool own;
    if ((rc = pl_sq_tx_begin(s, &own, err)))
        return rc;
    sqlite3_stmt *st = pl_sq_stmt(s, sql, err);
    if (st == NULL)
        rc = PL_EINTERNAL;
    else {
        bind_unit(st, u);
        sqlite3_bind_int64(st, 18, u->id);
        sqlite3_bind_int64(st, 19, u->version);
        static const char ver[] = "SELECT version FROM psks_unit WHERE id = ?1";
        if ((rc = pl_sq_update_versioned(s, st, ver, "unit PSKS", u->id, u->version, "psks_unit",
                                         err)) == 0)
            rc = put_areas(s, u, err);
    }
    if ((rc = pl_sq_tx_end(s, own, rc, err)))
        return rc;
    u->version++;
    return 0;
}

/* ------------------------------------------------------------- history records */

/* Binds title .. note of a record to parameters 1 .. 8. */
static void bind_record(sqlite3_stmt *st, const pl_psks_record *r)
{
    bool pay = strcmp(r->kind, PL_PSKS_REC_PAY) == 0;
    sqlite3_bind_text(st, 1, r->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, r->organiser, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, r->number, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, r->started_on, -1, SQLITE_STATIC);
    pl_sq_bind_text_or_null(st, 5, r->ended_on);
    if (pay)
        sqlite3_bind_int64(st, 6, r->amount);
    else
        sqlite3_bind_null(st, 6);
    if (pay)
        sqlite3_bind_text(st, 7, r->source, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 7);
    sqlite3_bind_text(st, 8, r->note, -1, SQLITE_STATIC);
}

int pl_sq_psks_record_add(pl_sq_store *s, const pl_actor *who, pl_psks_record *r, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO psks_record(title, organiser, number, started_on, ended_on, amount, source, "
        "note, unit_id, kind, created_at, created_by) VALUES(?,?,?,?,?,?,?,?,?,?," PL_SQ_NOW ",?)";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    pl_psks_unit u;
    if ((rc = pl_sq_psks_get(s, &u, r->unit_id, err)))
        return rc == PL_ENOTFOUND ? pl_error_set(err, PL_EINVAL, "unit_id",
                                                 "unit PSKS %lld tidak ada", (long long)r->unit_id)
                                  : rc;
    bind_record(st, r);
    sqlite3_bind_int64(st, 9, r->unit_id);
    sqlite3_bind_text(st, 10, r->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, s->actor, -1, SQLITE_STATIC);
    if ((rc = pl_sq_insert(s, st, &r->id, "psks_record", err)))
        return rc;
    r->version = 1;
    return 0;
}

#define RECORD_COLS                                                                                \
    "id, unit_id, kind, title, organiser, number, started_on, ended_on, amount, source, note, "    \
    "version, created_at FROM psks_record "

static void read_record(pl_psks_record *r, sqlite3_stmt *st)
{
    r->id = sqlite3_column_int64(st, 0);
    r->unit_id = sqlite3_column_int64(st, 1);
    pl_sq_col_text(r->kind, sizeof r->kind, st, 2);
    pl_sq_col_text(r->title, sizeof r->title, st, 3);
    pl_sq_col_text(r->organiser, sizeof r->organiser, st, 4);
    pl_sq_col_text(r->number, sizeof r->number, st, 5);
    pl_sq_col_text(r->started_on, sizeof r->started_on, st, 6);
    pl_sq_col_text(r->ended_on, sizeof r->ended_on, st, 7);
    r->amount = sqlite3_column_int64(st, 8);
    pl_sq_col_text(r->source, sizeof r->source, st, 9);
    pl_sq_col_text(r->note, sizeof r->note, st, 10);
    r->version = sqlite3_column_int64(st, 11);
    pl_sq_col_text(r->created_at, sizeof r->created_at, st, 12);
}

PL_SQ_ROWS(record_rows, pl_psks_record, pl_psks_record_cb, read_record, "psks_record");

int pl_sq_psks_record_get(pl_sq_store *s, pl_psks_record *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " RECORD_COLS "WHERE id = ?1";
    return pl_sq_get_by_id(s, sql, id, &record_rows, out, "catatan PSKS", err);
}

int pl_sq_psks_record_update(pl_sq_store *s, const pl_actor *who, pl_psks_record *r, pl_error *err)
{
    static const char sql[] =
        "UPDATE psks_record SET title=?1, organiser=?2, number=?3, started_on=?4, ended_on=?5, "
        "amount=?6, source=?7, note=?8, version=version+1 WHERE id=?9 AND version=?10";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    bind_record(st, r);
    sqlite3_bind_int64(st, 9, r->id);
    sqlite3_bind_int64(st, 10, r->version);
    static const char ver[] = "SELECT version FROM psks_record WHERE id = ?1";
    if ((rc = pl_sq_update_versioned(s, st, ver, "catatan PSKS", r->id, r->version, "psks_record",
                                     err)))
        return rc;
    r->version++;
    return 0;
}

int pl_sq_psks_record_list(pl_sq_store *s, int64_t unit_id, const char *kind, pl_psks_record_cb cb,
                           void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT " RECORD_COLS "WHERE unit_id = ?1 AND (?2 = '' OR kind = ?2) "
                              "ORDER BY kind, started_on, id";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, unit_id);
    sqlite3_bind_text(st, 2, kind ? kind : "", -1, SQLITE_STATIC);
    return pl_sq_each(s, st, &record_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

/* ------------------------------------------------------------- meetings */

int pl_sq_psks_meeting_add(pl_sq_store *s, const pl_actor *who, pl_psks_meeting *m, pl_error *err)
{
    static const char sql[] = "INSERT INTO psks_meeting(held_on, place, region, theme, "
                              "created_at, created_by) VALUES(?,?,?,?," PL_SQ_NOW ",?)";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc || (rc = known_area(s, m->region, "region", err)))
        return rc;
    sqlite3_bind_text(st, 1, m->held_on, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, m->place, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, m->region, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, m->theme, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, s->actor, -1, SQLITE_STATIC);
    if ((rc = pl_sq_insert(s, st, &m->id, "psks_meeting", err)))
        return rc;
    m->version = 1;
    return 0;
}

#define MEETING_COLS "id, held_on, place, region, theme, version, created_at FROM psks_meeting "

static void read_meeting(pl_psks_meeting *m, sqlite3_stmt *st)
{
    m->id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(m->held_on, sizeof m->held_on, st, 1);
    pl_sq_col_text(m->place, sizeof m->place, st, 2);
    pl_sq_col_text(m->region, sizeof m->region, st, 3);
    pl_sq_col_text(m->theme, sizeof m->theme, st, 4);
    m->version = sqlite3_column_int64(st, 5);
    pl_sq_col_text(m->created_at, sizeof m->created_at, st, 6);
}

PL_SQ_ROWS(meeting_rows, pl_psks_meeting, pl_psks_meeting_cb, read_meeting, "psks_meeting");

int pl_sq_psks_meeting_get(pl_sq_store *s, pl_psks_meeting *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " MEETING_COLS "WHERE id = ?1";
    return pl_sq_get_by_id(s, sql, id, &meeting_rows, out, "pertemuan PSKS", err);
}

int pl_sq_psks_meeting_update(pl_sq_store *s, const pl_actor *who, pl_psks_meeting *m,
                              pl_error *err)
{
    static const char sql[] = "UPDATE psks_meeting SET held_on=?, place=?, region=?, theme=?, "
                              "version=version+1 WHERE id=? AND version=?";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc || (rc = known_area(s, m->region, "region", err)))
        return rc;
    sqlite3_bind_text(st, 1, m->held_on, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, m->place, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, m->region, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, m->theme, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, m->id);
    sqlite3_bind_int64(st, 6, m->version);
    static const char ver[] = "SELECT version FROM psks_meeting WHERE id = ?1";
    if ((rc = pl_sq_update_versioned(s, st, ver, "pertemuan PSKS", m->id, m->version,
                                     "psks_meeting", err)))
        return rc;
    m->version++;
    return 0;
}

int pl_sq_psks_meeting_list(pl_sq_store *s, const char *region, pl_psks_meeting_cb cb, void *ctx,
                            pl_error *err)
{
    static const char sql[] =
        "SELECT " MEETING_COLS
        "WHERE " PL_SQ_IN_PREFIX("region", "?1") " ORDER BY held_on DESC, id DESC";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, region ? region : "", -1, SQLITE_STATIC);
    return pl_sq_each(s, st, &meeting_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

/* A referenced row that is missing makes the write invalid: PL_ENOTFOUND becomes PL_EINVAL. */
static int as_invalid(pl_error *err, int rc)
{
    if (rc != PL_ENOTFOUND)
        return rc;
    pl_error e = *err;
    return pl_error_set(err, PL_EINVAL, e.field, "%s", e.message);
}

int pl_sq_psks_party_add(pl_sq_store *s, const pl_actor *who, pl_psks_party *p, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO psks_meeting_party(meeting_id, unit_id, name) VALUES(?,?,?)";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    pl_psks_meeting m;
    pl_psks_unit u;
    if ((rc = pl_sq_psks_meeting_get(s, &m, p->meeting_id, err)) ||
        (p->unit_id && (rc = pl_sq_psks_get(s, &u, p->unit_id, err))))
        return as_invalid(err, rc);
    sqlite3_bind_int64(st, 1, p->meeting_id);
    if (p->unit_id)
        sqlite3_bind_int64(st, 2, p->unit_id);
    else
        sqlite3_bind_null(st, 2);
    sqlite3_bind_text(st, 3, p->name, -1, SQLITE_STATIC);
    return pl_sq_insert(s, st, &p->id, "psks_meeting_party", err);
}

static void read_party(pl_psks_party *p, sqlite3_stmt *st)
{
    p->id = sqlite3_column_int64(st, 0);
    p->meeting_id = sqlite3_column_int64(st, 1);
    p->unit_id = sqlite3_column_int64(st, 2);
    pl_sq_col_text(p->name, sizeof p->name, st, 3);
}

PL_SQ_ROWS(party_rows, pl_psks_party, pl_psks_party_cb, read_party, "psks_meeting_party");

int pl_sq_psks_party_list(pl_sq_store *s, int64_t meeting_id, pl_psks_party_cb cb, void *ctx,
                          pl_error *err)
{
    static const char sql[] =
        "SELECT p.id, p.meeting_id, p.unit_id, CASE WHEN p.unit_id IS NULL THEN p.name "
        "ELSE (SELECT name FROM psks_unit WHERE id = p.unit_id) END "
        "FROM psks_meeting_party p WHERE p.meeting_id = ? ORDER BY p.id";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, meeting_id);
    return pl_sq_each(s, st, &party_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

/* Binds text, owner, due_on, status, note, done_on of an item to parameters 1 .. 6. */
static void bind_item(sqlite3_stmt *st, const pl_psks_item *i)
{
    sqlite3_bind_text(st, 1, i->text, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, i->owner, -1, SQLITE_STATIC);
    pl_sq_bind_text_or_null(st, 3, i->due_on);
    sqlite3_bind_text(st, 4, i->status[0] ? i->status : PL_PSKS_ITEM_OPEN, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, i->note, -1, SQLITE_STATIC);
    pl_sq_bind_text_or_null(st, 6, i->done_on);
}

int pl_sq_psks_item_add(pl_sq_store *s, const pl_actor *who, pl_psks_item *i, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO psks_meeting_item(text, owner, due_on, status, note, done_on, meeting_id, "
        "kind, created_at, created_by) VALUES(?,?,?,?,?,?,?,?," PL_SQ_NOW ",?)";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    pl_psks_meeting m;
    if ((rc = pl_sq_psks_meeting_get(s, &m, i->meeting_id, err)))
        return as_invalid(err, rc);
    bind_item(st, i);
    sqlite3_bind_int64(st, 7, i->meeting_id);
    sqlite3_bind_text(st, 8, i->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, s->actor, -1, SQLITE_STATIC);
    if ((rc = pl_sq_insert(s, st, &i->id, "psks_meeting_item", err)))
        return rc;
    i->version = 1;
    return 0;
}

#define ITEM_COLS                                                                                  \
    "i.id, i.meeting_id, i.kind, i.text, i.owner, i.due_on, i.status, i.note, i.done_on, "         \
    "m.region, m.held_on, i.version FROM psks_meeting_item i JOIN psks_meeting m ON m.id = "       \
    "i.meeting_id "

static void read_item(pl_psks_item *i, sqlite3_stmt *st)
{
    i->id = sqlite3_column_int64(st, 0);
    i->meeting_id = sqlite3_column_int64(st, 1);
    pl_sq_col_text(i->kind, sizeof i->kind, st, 2);
    pl_sq_col_text(i->text, sizeof i->text, st, 3);
    pl_sq_col_text(i->owner, sizeof i->owner, st, 4);
    pl_sq_col_text(i->due_on, sizeof i->due_on, st, 5);
    pl_sq_col_text(i->status, sizeof i->status, st, 6);
    pl_sq_col_text(i->note, sizeof i->note, st, 7);
    pl_sq_col_text(i->done_on, sizeof i->done_on, st, 8);
    pl_sq_col_text(i->region, sizeof i->region, st, 9);
    pl_sq_col_text(i->held_on, sizeof i->held_on, st, 10);
    i->version = sqlite3_column_int64(st, 11);
}

PL_SQ_ROWS(item_rows, pl_psks_item, pl_psks_item_cb, read_item, "psks_meeting_item");

int pl_sq_psks_item_get(pl_sq_store *s, pl_psks_item *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " ITEM_COLS "WHERE i.id = ?1";
    return pl_sq_get_by_id(s, sql, id, &item_rows, out, "butir pertemuan", err);
}

int pl_sq_psks_item_update(pl_sq_store *s, const pl_actor *who, pl_psks_item *i, pl_error *err)
{
    static const char sql[] =
        "UPDATE psks_meeting_item SET text=?1, owner=?2, due_on=?3, status=?4, note=?5, "
        "done_on=?6, version=version+1 WHERE id=?7 AND version=?8";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    bind_item(st, i);
    sqlite3_bind_int64(st, 7, i->id);
    sqlite3_bind_int64(st, 8, i->version);
    static const char ver[] = "SELECT version FROM psks_meeting_item WHERE id = ?1";
    if ((rc = pl_sq_update_versioned(s, st, ver, "butir pertemuan", i->id, i->version,
                                     "psks_meeting_item", err)))
        return rc;
    i->version++;
    return 0;
}

int pl_sq_psks_item_list(pl_sq_store *s, int64_t meeting_id, pl_psks_item_cb cb, void *ctx,
                         pl_error *err)
{
    static const char sql[] = "SELECT " ITEM_COLS "WHERE i.meeting_id = ? ORDER BY i.kind, i.id";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, meeting_id);
    return pl_sq_each(s, st, &item_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_psks_followup_list(pl_sq_store *s, const char *region, const char *before,
                             pl_psks_item_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT " ITEM_COLS "WHERE i.kind = 'rekomendasi' AND i.status = 'terbuka' AND "
        "" PL_SQ_IN_PREFIX("m.region",
                           "?1") " AND (?2 = '' OR (i.due_on IS NOT NULL AND "
                                 "i.due_on < ?2)) ORDER BY i.due_on IS NULL, i.due_on, i.id";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, region ? region : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, before ? before : "", -1, SQLITE_STATIC);
    return pl_sq_each(s, st, &item_rows, NULL, PL_SQ_FN(cb), ctx, err);
}
