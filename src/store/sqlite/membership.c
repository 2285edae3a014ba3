/* membership.c - PMKS category memberships with valid_from / valid_to. */
#include "store/sqlite/internal.h"

#include <stdio.h>
#include <string.h>

int pl_sq_membership_add(pl_sq_store *s, const pl_actor *who, pl_membership *m, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO membership(person_id, household_id, category, valid_from, valid_to, note, "
        "created_at, created_by) VALUES(?,?,?,?,?,?," PL_SQ_NOW ",?)";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    if (m->person_id)
        sqlite3_bind_int64(st, 1, m->person_id);
    else
        sqlite3_bind_null(st, 1);
    if (m->household_id)
        sqlite3_bind_int64(st, 2, m->household_id);
    else
        sqlite3_bind_null(st, 2);
    sqlite3_bind_int(st, 3, m->category);
    sqlite3_bind_text(st, 4, m->valid_from, -1, SQLITE_STATIC);
    pl_sq_bind_text_or_null(st, 5, m->valid_to);
    sqlite3_bind_text(st, 6, m->note, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, s->actor, -1, SQLITE_STATIC);
    if ((rc = pl_sq_insert(s, st, &m->id, "membership", err))) {
        if (rc == PL_ECONFLICT)
            pl_error_set(err, PL_ECONFLICT, "pmks", "kategori PMKS %d sudah aktif untuk data ini",
                         m->category);
        return rc;
    }
    return 0;
}

int pl_sq_membership_end(pl_sq_store *s, const pl_actor *who, int64_t id, const char *valid_to,
                         pl_error *err)
{
    static const char sql[] =
        "UPDATE membership SET valid_to = ?1 WHERE id = ?2 AND valid_to IS NULL "
        "AND valid_from <= ?1";
    static const char sql_get[] = "SELECT valid_from, valid_to FROM membership WHERE id = ?";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, valid_to, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    if ((rc = pl_sq_done(s, st, err, "membership")))
        return rc;
    if (sqlite3_changes(s->db) == 1)
        return 0;
    st = pl_sq_stmt(s, sql_get, err);
    if (st == NULL)
        return PL_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return pl_error_set(err, PL_ENOTFOUND, "id", "keanggotaan kategori id %lld tidak ada",
                            (long long)id);
    }
    char from[11], to[11];
    pl_sq_col_text(from, sizeof from, st, 0);
    pl_sq_col_text(to, sizeof to, st, 1);
    sqlite3_reset(st);
    if (to[0])
        return pl_error_set(err, PL_ECONFLICT, "berlaku_sampai",
                            "keanggotaan kategori sudah berakhir pada %s", to);
    return pl_error_set(err, PL_EINVAL, "berlaku_sampai",
                        "tanggal akhir %s sebelum tanggal mulai %s", valid_to, from);
}

static void read_membership(pl_membership *m, sqlite3_stmt *st)
{
    m->id = sqlite3_column_int64(st, 0);
    m->person_id = sqlite3_column_int64(st, 1);
    m->household_id = sqlite3_column_int64(st, 2);
    m->category = sqlite3_column_int(st, 3);
    pl_sq_col_text(m->valid_from, sizeof m->valid_from, st, 4);
    pl_sq_col_text(m->valid_to, sizeof m->valid_to, st, 5);
    pl_sq_col_text(m->note, sizeof m->note, st, 6);
    m->ended_by_visit = sqlite3_column_int64(st, 7);
}

PL_SQ_ROWS(membership_rows, pl_membership, pl_membership_cb, read_membership, "membership");

int pl_sq_membership_list(pl_sq_store *s, int64_t person_id, int64_t household_id,
                          pl_membership_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT id, person_id, household_id, category, valid_from, valid_to, note, "
        "ended_by_visit FROM membership WHERE (?1 <> 0 AND person_id = ?1) OR (?2 <> 0 AND "
        "household_id = ?2) "
        "ORDER BY valid_from, id";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, person_id);
    sqlite3_bind_int64(st, 2, household_id);
    return pl_sq_each(s, st, &membership_rows, NULL, PL_SQ_FN(cb), ctx, err);
}
