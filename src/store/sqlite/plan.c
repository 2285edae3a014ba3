/*
 * plan.c - changing an intervention agreed at a rakor, and the PSKS units and
 * programs that carry it out (issue 20, item 6; migration 16).
 */
#include "store/disaster.h"
#include "store/rakor.h"
#include "store/sqlite/internal.h"

#include <string.h>

int pl_sq_intervention_edit(pl_sq_store *s, const pl_actor *who, pl_intervention *iv, pl_error *err)
{
    static const char sql[] =
        "UPDATE intervention SET region_code = ?3, category = ?4, title = ?5, level = ?6, "
        "owner = ?7, budget = ?8, due_date = ?9, status = ?10, version = version + 1, "
        "updated_at = " PL_SQ_NOW " WHERE id = ?1 AND version = ?2";
    pl_intervention cur;
    int rc = pl_sq_intervention_get(s, &cur, iv->id, err);
    if (rc)
        return rc;
    if (cur.version != iv->version)
        return pl_error_set(err, PL_ECONFLICT, "version",
                            "intervensi sudah diubah orang lain (versi %lld, bukan %lld); muat "
                            "ulang lalu ulangi",
                            (long long)cur.version, (long long)iv->version);
    pl_sq_set_actor(s, who);
    PL_SQ_PREP(st, sql);
    sqlite3_bind_int64(st, 1, iv->id);
    sqlite3_bind_int64(st, 2, iv->version);
    sqlite3_bind_text(st, 3, iv->region, -1, SQLITE_STATIC);
    if (iv->category)
        sqlite3_bind_int(st, 4, iv->category);
    sqlite3_bind_text(st, 5, iv->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, iv->level, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, iv->owner, -1, SQLITE_STATIC);
    if (iv->has_budget)
        sqlite3_bind_double(st, 8, iv->budget);
    pl_sq_bind_text_or_null(st, 9, iv->due_date);
    sqlite3_bind_text(st, 10, iv->status[0] ? iv->status : "direncanakan", -1, SQLITE_STATIC);
    if ((rc = pl_sq_done(s, st, err, "intervention"))) {
        if (rc == PL_EINVAL)
            pl_error_set(err, PL_EINVAL, "region", "wilayah %s, tingkat atau status tidak dikenal",
                         iv->region);
        return rc;
    }
    if (sqlite3_changes(s->db) == 0)
        return pl_error_set(err, PL_ECONFLICT, "version", "intervensi sudah diubah orang lain");
    return pl_sq_intervention_get(s, iv, iv->id, err);
}

int pl_sq_intervention_links_set(pl_sq_store *s, const pl_actor *who, int64_t id,
                                 const int64_t *psks, size_t n_psks, const char *const *programs,
                                 size_t n_programs, pl_error *err)
{
    static const char del_psks[] = "DELETE FROM intervention_psks WHERE intervention_id = ?";
    static const char del_prog[] = "DELETE FROM intervention_program WHERE intervention_id = ?";
    static const char add_psks[] =
        "INSERT OR IGNORE INTO intervention_psks(intervention_id, psks_id) VALUES(?,?)";
    static const char add_prog[] =
        "INSERT OR IGNORE INTO intervention_program(intervention_id, program_code) VALUES(?,?)";
    pl_intervention cur;
    int rc = pl_sq_intervention_get(s, &cur, id, err);
    if (rc)
        return rc;
    bool own;
    if ((rc = pl_sq_tx_begin(s, &own, err)))
        return rc;
    pl_sq_set_actor(s, who);
    PL_SQ_TX_STEP(del_psks, sqlite3_bind_int64(st_, 1, id), "intervention_psks");
    PL_SQ_TX_STEP(del_prog, sqlite3_bind_int64(st_, 1, id), "intervention_program");
    for (size_t i = 0; i < n_psks; i++) {
        PL_SQ_TX_STEP(add_psks,
                      (sqlite3_bind_int64(st_, 1, id), sqlite3_bind_int64(st_, 2, psks[i])),
                      "intervention_psks");
    }
    for (size_t i = 0; i < n_programs; i++) {
        PL_SQ_TX_STEP(add_prog,
                      (sqlite3_bind_int64(st_, 1, id),
                       sqlite3_bind_text(st_, 2, programs[i], -1, SQLITE_STATIC)),
                      "intervention_program");
    }
    rc = 0;
fail:
    if (rc == PL_EINVAL)
        pl_error_set(err, PL_EINVAL, "links", "unit PSKS atau kode program tidak dikenal");
    return pl_sq_tx_end(s, own, rc, err);
}

static void read_link(pl_intervention_link *l, sqlite3_stmt *st)
{
    l->intervention_id = sqlite3_column_int64(st, 0);
    l->psks_id = sqlite3_column_int64(st, 1);
    pl_sq_col_text(l->program, sizeof l->program, st, 2);
    pl_sq_col_text(l->name, sizeof l->name, st, 3);
    l->psks_type = sqlite3_column_int(st, 4);
    pl_sq_col_text(l->area_code, sizeof l->area_code, st, 5);
}

PL_SQ_ROWS(link_rows, pl_intervention_link, pl_intervention_link_cb, read_link,
           "intervention_link");

int pl_sq_intervention_links(pl_sq_store *s, int64_t id, pl_intervention_link_cb cb, void *ctx,
                             pl_error *err)
{
    static const char sql[] =
        "SELECT * FROM ("
        "SELECT l.intervention_id, u.id, '', u.name, u.type, u.area_code, 0 AS k "
        "FROM intervention_psks l JOIN psks_unit u ON u.id = l.psks_id "
        "WHERE l.intervention_id = ?1 "
        "UNION ALL "
        "SELECT l.intervention_id, 0, p.code, p.name, 0, '', 1 "
        "FROM intervention_program l JOIN program p ON p.code = l.program_code "
        "WHERE l.intervention_id = ?1) ORDER BY k, 4, 2, 3";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    return pl_sq_each(s, st, &link_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

/* ------------------------------------------------- disaster-prone villages */

typedef struct dv_row {
    char village[PL_REGION_CODE_MAX];
    long events;
} dv_row;

typedef struct dv_ctx {
    pl_disaster_village_cb cb;
    void *ctx;
} dv_ctx;

static void read_dv(dv_row *r, sqlite3_stmt *st)
{
    pl_sq_col_text(r->village, sizeof r->village, st, 0);
    r->events = (long)sqlite3_column_int64(st, 1);
}

static int emit_dv(void *ctx, const dv_row *r)
{
    const dv_ctx *c = ctx;
    return c->cb(c->ctx, r->village, r->events);
}

typedef int (*dv_cb)(void *ctx, const dv_row *r);
PL_SQ_ROWS(dv_rows, dv_row, dv_cb, read_dv, "disaster_event");

int pl_sq_disaster_villages(pl_sq_store *s, const char *region, const char *since,
                            pl_disaster_village_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT v, count(DISTINCT e) FROM ("
        "SELECT p.village_code AS v, a.event_id AS e FROM disaster_affected a "
        "JOIN disaster_event d ON d.id = a.event_id JOIN person p ON p.id = a.person_id "
        "WHERE d.event_date >= ?2 "
        "UNION ALL SELECT d.region_code, d.id FROM disaster_event d "
        "WHERE d.event_date >= ?2 AND length(d.region_code) = 13) "
        "WHERE " PL_SQ_IN_PREFIX("v", "?1") " GROUP BY v ORDER BY v";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, region ? region : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, since, -1, SQLITE_STATIC);
    dv_ctx c = {cb, ctx};
    return pl_sq_each(s, st, &dv_rows, NULL, PL_SQ_FN(emit_dv), &c, err);
}
