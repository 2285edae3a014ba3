/*
 * dedup.c - duplicate candidates, "not the same person" decisions, merges
 * and their undo (store/dedup.h).
 */
#include "store/sqlite/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A person as duplicate detection reads it; the strings are the row's own. */
static void read_dedup(pl_dedup_row *r, sqlite3_stmt *st)
{
    r->id = sqlite3_column_int64(st, 0);
    r->nik = (const char *)sqlite3_column_text(st, 1);
    r->name = (const char *)sqlite3_column_text(st, 2);
    r->birth_date = (const char *)sqlite3_column_text(st, 3);
    r->sex = (char)sqlite3_column_text(st, 4)[0];
    r->mother = (const char *)sqlite3_column_text(st, 5);
    r->village = (const char *)sqlite3_column_text(st, 6);
    r->address = (const char *)sqlite3_column_text(st, 7);
    r->household_id = sqlite3_column_int64(st, 8);
}

PL_SQ_ROWS(dedup_rows, pl_dedup_row, pl_dedup_row_cb, read_dedup, "dedup scan");

int pl_sq_dedup_scan(pl_sq_store *s, const char *region, pl_dedup_row_cb cb, void *ctx,
                     pl_error *err)
{
    static const char sql[] =
        "SELECT p.id, coalesce(p.nik,''), p.name, coalesce(p.birth_date,''), coalesce(p.sex,''), "
        "p.mother_name, p.village_code, coalesce(h.address,''), coalesce(p.household_id,0) "
        "FROM person p LEFT JOIN household h ON h.id = p.household_id "
        "WHERE p.death_date IS NULL AND " PL_SQ_IN_PREFIX(
            "p.village_code",
            "?1") " AND NOT EXISTS(SELECT 1 FROM person_merged m WHERE m.person_id = p.id) "
                  "ORDER BY p.household_id, p.id";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, region ? region : "", -1, SQLITE_STATIC);
    return pl_sq_each(s, st, &dedup_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_dedup_near(pl_sq_store *s, const char *village, pl_dedup_row_cb cb, void *ctx,
                     pl_error *err)
{
    static const char sql[] =
        "SELECT p.id, coalesce(p.nik,''), p.name, coalesce(p.birth_date,''), coalesce(p.sex,''), "
        "p.mother_name, p.village_code, coalesce(h.address,''), coalesce(p.household_id,0) "
        "FROM person p LEFT JOIN household h ON h.id = p.household_id "
        "WHERE p.village_code = ?1 AND p.death_date IS NULL "
        "AND NOT EXISTS(SELECT 1 FROM person_merged m WHERE m.person_id = p.id) "
        "ORDER BY p.household_id, p.id";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, village ? village : "", -1, SQLITE_STATIC);
    return pl_sq_each(s, st, &dedup_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_dedup_near_many(pl_sq_store *s, const char *const *villages, size_t n, pl_dedup_row_cb cb,
                          void *ctx, pl_error *err)
{
    for (size_t i = 0; i < n; i++) {
        int rc = pl_sq_dedup_near(s, villages[i], cb, ctx, err);
        if (rc)
            return rc;
    }
    return 0;
}

int pl_sq_person_merged_into(pl_sq_store *s, int64_t id, int64_t *into, int64_t *merge_id,
                             pl_error *err)
{
    static const char sql[] = "SELECT into_id, merge_id FROM person_merged WHERE person_id = ?1";
    *into = 0;
    *merge_id = 0;
    int64_t at = id;
    for (int step = 0; step < 32; step++) {
        sqlite3_stmt *st;
        int rc = pl_sq_ready(s, &st, sql, err);
        if (rc)
            return rc;
        sqlite3_bind_int64(st, 1, at);
        rc = pl_sq_row(s, st, "person_merged", err);
        if (rc < 0)
            return rc;
        if (rc == 0)
            break;
        at = sqlite3_column_int64(st, 0);
        if (step == 0)
            *merge_id = sqlite3_column_int64(st, 1);
        sqlite3_reset(st);
    }
    if (*merge_id == 0)
        return pl_error_set(err, PL_ENOTFOUND, "id", "orang #%lld tidak digabung", (long long)id);
    *into = at;
    return 0;
}

int pl_sq_dedup_candidate_put(pl_sq_store *s, const pl_actor *who, int64_t a, int64_t b,
                              double score, bool exact, const char *reasons, bool *written,
                              pl_error *err)
{
    static const char sql[] =
        "INSERT INTO dedup_candidate(person_a, person_b, score, exact, reasons, created_at) "
        "VALUES(?1, ?2, ?3, ?4, ?5, " PL_SQ_NOW ") ON CONFLICT(person_a, person_b) DO UPDATE SET "
        "score = excluded.score, exact = excluded.exact, reasons = excluded.reasons "
        "WHERE status = 'open' AND (score <> excluded.score OR reasons <> excluded.reasons)";
    *written = false;
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, a < b ? a : b);
    sqlite3_bind_int64(st, 2, a < b ? b : a);
    sqlite3_bind_double(st, 3, score);
    sqlite3_bind_int(st, 4, exact);
    sqlite3_bind_text(st, 5, reasons ? reasons : "", -1, SQLITE_STATIC);
    if ((rc = pl_sq_done(s, st, err, "dedup_candidate")))
        return rc;
    *written = sqlite3_changes(s->db) > 0;
    return 0;
}

static void read_candidate(pl_dedup_candidate *c, sqlite3_stmt *st)
{
    c->id = sqlite3_column_int64(st, 0);
    c->person_a = sqlite3_column_int64(st, 1);
    c->person_b = sqlite3_column_int64(st, 2);
    c->score = sqlite3_column_double(st, 3);
    c->exact = sqlite3_column_int(st, 4) != 0;
    pl_sq_col_text(c->reasons, sizeof c->reasons, st, 5);
    pl_sq_col_text(c->status, sizeof c->status, st, 6);
    pl_sq_col_text(c->name_a, sizeof c->name_a, st, 7);
    pl_sq_col_text(c->name_b, sizeof c->name_b, st, 8);
    pl_sq_col_text(c->nik_a, sizeof c->nik_a, st, 9);
    pl_sq_col_text(c->nik_b, sizeof c->nik_b, st, 10);
    pl_sq_col_text(c->village_a, sizeof c->village_a, st, 11);
    pl_sq_col_text(c->village_b, sizeof c->village_b, st, 12);
    pl_sq_col_text(c->created_at, sizeof c->created_at, st, 13);
    pl_sq_col_text(c->decided_by, sizeof c->decided_by, st, 14);
    pl_sq_col_text(c->decided_at, sizeof c->decided_at, st, 15);
    c->merge_id = sqlite3_column_int64(st, 16);
    c->survivor_id = sqlite3_column_int64(st, 17);
}

/* The candidate columns read_candidate reads, from d (dedup_candidate) joined to a and b. */
#define CAND_SELECT                                                                                \
    "SELECT d.id, d.person_a, d.person_b, d.score, d.exact, d.reasons, d.status, a.name, "         \
    "b.name, coalesce(a.nik,''), coalesce(b.nik,''), a.village_code, b.village_code, "             \
    "d.created_at, coalesce(d.decided_by,''), coalesce(d.decided_at,''), coalesce(l.id, 0), "      \
    "coalesce(l.survivor_id, 0) FROM dedup_candidate d JOIN person a ON a.id = d.person_a "        \
    "JOIN person b ON b.id = d.person_b LEFT JOIN merge_log l ON d.status = 'merged' AND "         \
    "l.id = (SELECT max(l2.id) FROM merge_log l2 WHERE l2.undone_at IS NULL AND "                  \
    "((l2.survivor_id = d.person_a AND l2.merged_id = d.person_b) OR "                             \
    "(l2.survivor_id = d.person_b AND l2.merged_id = d.person_a))) "

PL_SQ_ROWS(candidate_rows, pl_dedup_candidate, pl_dedup_candidate_cb, read_candidate,
           "dedup_candidate");

int pl_sq_dedup_candidate_list(pl_sq_store *s, const char *status, double min_score,
                               const char *scope, int limit, pl_dedup_candidate_cb cb, void *ctx,
                               pl_error *err)
{
    static const char sql[] =
        CAND_SELECT "WHERE (?1 IS NULL OR d.status = ?1) AND d.score >= ?2 AND " PL_SQ_IN_PREFIX(
            "a.village_code", "?4") " AND " PL_SQ_IN_PREFIX("b.village_code",
                                                            "?4") " ORDER BY d.score DESC, d.id "
                                                                  "LIMIT ?3";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    pl_sq_bind_text_or_null(st, 1, status ? status : "");
    sqlite3_bind_double(st, 2, min_score);
    sqlite3_bind_int(st, 3, limit > 0 ? limit : 100);
    sqlite3_bind_text(st, 4, scope ? scope : "", -1, SQLITE_STATIC);
    return pl_sq_each(s, st, &candidate_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_dedup_candidate_get(pl_sq_store *s, pl_dedup_candidate *out, int64_t id, pl_error *err)
{
    static const char sql[] = CAND_SELECT "WHERE d.id = ?1";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    rc = pl_sq_row(s, st, "dedup_candidate", err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return pl_error_set(err, PL_ENOTFOUND, "id", "pasangan #%lld tidak ditemukan",
                            (long long)id);
    memset(out, 0, sizeof *out);
    read_candidate(out, st);
    sqlite3_reset(st);
    return 0;
}

static int person_exists(pl_sq_store *s, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT 1 FROM person WHERE id = ?1";
    PL_SQ_PREP(st, sql);
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return 0;
    if (rc == SQLITE_DONE)
        return pl_error_set(err, PL_ENOTFOUND, "id", "orang #%lld tidak ditemukan", (long long)id);
    return pl_sq_step_error(s, rc, err, "person");
}

int pl_sq_dedup_distinct(pl_sq_store *s, const pl_actor *who, int64_t a, int64_t b,
                         const char *reason, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO dedup_candidate(person_a, person_b, score, reasons, status, created_at, "
        "decided_by, decided_at) VALUES(?1, ?2, 0, ?3, 'not_same', " PL_SQ_NOW ", ?4, " PL_SQ_NOW
        ") "
        "ON CONFLICT(person_a, person_b) DO UPDATE SET status = 'not_same', "
        "decided_by = excluded.decided_by, decided_at = excluded.decided_at, "
        "reasons = CASE WHEN excluded.reasons = '' THEN reasons "
        "ELSE reasons || '; bukan orang yang sama: ' || excluded.reasons END";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    if ((rc = person_exists(s, a, err)) || (rc = person_exists(s, b, err)))
        return rc;
    pl_sq_set_actor(s, who);
    PL_SQ_PREP(st, sql);
    sqlite3_bind_int64(st, 1, a < b ? a : b);
    sqlite3_bind_int64(st, 2, a < b ? b : a);
    sqlite3_bind_text(st, 3, reason ? reason : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, s->actor, -1, SQLITE_STATIC);
    return pl_sq_done(s, st, err, "dedup_candidate");
}

#define RESTORE_COLS                                                                               \
    "'nik', nik, 'birth_date', birth_date, 'birth_place', birth_place, 'mother_name', "            \
    "mother_name, 'disability', disability, 'state', state, 'state_by', state_by, "                \
    "'state_at', state_at, 'state_reason', state_reason"

/* SQL text: sets the candidate pair (?1, ?2) to STATUS, decided by ?3 now. */
#define CAND_SET(STATUS)                                                                           \
    "UPDATE dedup_candidate SET status = '" STATUS "', decided_by = ?3, decided_at = " PL_SQ_NOW   \
    " WHERE person_a = min(?1, ?2) AND person_b = max(?1, ?2)"

/*
 * Sets *out to a copy of merge id's before-image (merge_log.before; the caller frees it).
 * PL_ENOMEM when it cannot be had.
 */
static int merge_before(pl_sq_store *s, int64_t id, char **out, pl_error *err)
{
    static const char sql[] = "SELECT before FROM merge_log WHERE id = ?1";
    *out = NULL;
    PL_SQ_PREP(st, sql);
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    return *out ? 0 : pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
}

int pl_sq_dedup_merge(pl_sq_store *s, const pl_actor *who, int64_t survivor, int64_t merged,
                      int64_t *merge_id, pl_error *err)
{
    static const char q_merged[] = "SELECT count(*) FROM person_merged WHERE person_id IN (?1, ?2)";
    static const char q_log[] =
        "INSERT INTO merge_log(survivor_id, merged_id, candidate_id, before, at, actor) "
        "SELECT ?1, ?2, (SELECT id FROM dedup_candidate WHERE person_a = min(?1, ?2) AND "
        "person_b = max(?1, ?2)), json_object("
        "'survivor', (SELECT json_object(" RESTORE_COLS ") FROM person WHERE id = ?1), "
        "'merged', (SELECT json_object(" RESTORE_COLS ") FROM person WHERE id = ?2), "
        "'memberships', (SELECT json_group_array(json_object('id', id, 'person_id', person_id, "
        "'valid_to', valid_to)) FROM membership WHERE person_id = ?2), "
        "'enrolments', (SELECT json_group_array(json_object('id', id, 'person_id', person_id)) "
        "FROM enrolment WHERE person_id = ?2), "
        "'accounts', (SELECT json_group_array(json_object('id', id, 'person_id', person_id)) "
        "FROM bank_account WHERE person_id = ?2)), " PL_SQ_NOW ", ?3";
    static const char q_close[] =
        "UPDATE membership SET valid_to = max(valid_from, date('now')) WHERE person_id = ?2 "
        "AND valid_to IS NULL AND category IN (SELECT category FROM membership WHERE "
        "person_id = ?1 AND valid_to IS NULL)";
    static const char q_move_m[] = "UPDATE membership SET person_id = ?1 WHERE person_id = ?2";
    static const char q_move_e[] =
        "UPDATE enrolment SET person_id = ?1 WHERE person_id = ?2 AND NOT EXISTS(SELECT 1 FROM "
        "enrolment e2 WHERE e2.person_id = ?1 AND e2.program_id = enrolment.program_id AND "
        "e2.period = enrolment.period)";
    static const char q_move_a[] = "UPDATE bank_account SET person_id = ?1 WHERE person_id = ?2";
    static const char q_take_nik[] =
        "UPDATE person SET nik = NULL WHERE id = ?2 AND (SELECT nik FROM person WHERE id = ?1) "
        "IS NULL";
    static const char q_fill[] =
        "UPDATE person SET "
        "nik = coalesce(nik, json_extract(?3, '$.merged.nik')), "
        "birth_date = coalesce(birth_date, json_extract(?3, '$.merged.birth_date')), "
        "birth_place = CASE WHEN birth_place = '' THEN json_extract(?3, '$.merged.birth_place') "
        "ELSE birth_place END, "
        "mother_name = CASE WHEN mother_name = '' THEN json_extract(?3, '$.merged.mother_name') "
        "ELSE mother_name END, "
        "disability = CASE WHEN disability = '' THEN json_extract(?3, '$.merged.disability') "
        "ELSE disability END, version = version + 1, updated_at = " PL_SQ_NOW " WHERE id = ?1";
    static const char q_reject[] =
        "UPDATE person SET state = 'rejected', state_by = ?3, state_at = " PL_SQ_NOW ", "
        "state_reason = 'digabung ke #' || ?1 || ' (penggabungan ' || ?4 || ')', "
        "version = version + 1, updated_at = " PL_SQ_NOW " WHERE id = ?2";
    static const char q_mark[] =
        "INSERT INTO person_merged(person_id, into_id, merge_id) VALUES(?2, ?1, ?3)";
    static const char q_cand[] = CAND_SET("merged");

    *merge_id = 0;
    int rc = pl_sq_begin_as(s, who, err);
    if (rc)
        return rc;
    if ((rc = person_exists(s, survivor, err)) || (rc = person_exists(s, merged, err)))
        goto fail;
    {
        sqlite3_stmt *st = pl_sq_stmt(s, q_merged, err);
        if (st == NULL) {
            rc = PL_EINTERNAL;
            goto fail;
        }
        sqlite3_bind_int64(st, 1, survivor);
        sqlite3_bind_int64(st, 2, merged);
        long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
        if (n > 0) {
            rc = pl_error_set(err, PL_EINVAL, "id", "salah satu orang sudah digabung");
            goto fail;
        }
    }
    PL_SQ_TX_STEP(q_log,
                  (sqlite3_bind_int64(st_, 1, survivor), sqlite3_bind_int64(st_, 2, merged),
                   sqlite3_bind_text(st_, 3, s->actor, -1, SQLITE_STATIC)),
                  "merge_log");
    *merge_id = sqlite3_last_insert_rowid(s->db);
    char *before = NULL;
    if ((rc = merge_before(s, *merge_id, &before, err)))
        goto fail;
#define BIND2 (sqlite3_bind_int64(st_, 1, survivor), sqlite3_bind_int64(st_, 2, merged))
    PL_SQ_TX_STEP(q_close, BIND2, "membership");
    PL_SQ_TX_STEP(q_move_m, BIND2, "membership");
    PL_SQ_TX_STEP(q_move_e, BIND2, "enrolment");
    PL_SQ_TX_STEP(q_move_a, BIND2, "bank_account");
    PL_SQ_TX_STEP(q_take_nik, BIND2, "person");
    rc = 0;
    {
        sqlite3_stmt *st_ = pl_sq_stmt(s, q_fill, err);
        if (st_ == NULL) {
            free(before);
            rc = PL_EINTERNAL;
            goto fail;
        }
        sqlite3_bind_int64(st_, 1, survivor);
        sqlite3_bind_text(st_, 3, before, -1, SQLITE_STATIC);
        rc = pl_sq_done(s, st_, err, "person");
    }
    free(before);
    if (rc)
        goto fail;
    PL_SQ_TX_STEP(q_reject,
                  (BIND2, sqlite3_bind_text(st_, 3, s->actor, -1, SQLITE_STATIC),
                   sqlite3_bind_int64(st_, 4, *merge_id)),
                  "person");
    PL_SQ_TX_STEP(q_mark, (BIND2, sqlite3_bind_int64(st_, 3, *merge_id)), "person_merged");
    PL_SQ_TX_STEP(q_cand, (BIND2, sqlite3_bind_text(st_, 3, s->actor, -1, SQLITE_STATIC)),
                  "dedup_candidate");
#undef BIND2
    return pl_sq_commit(s, err);
fail:
    pl_sq_rollback(s);
    *merge_id = 0;
    return rc;
}

int pl_sq_dedup_undo(pl_sq_store *s, const pl_actor *who, int64_t merge_id, pl_error *err)
{
    static const char q_get[] =
        "SELECT survivor_id, merged_id, undone_at IS NOT NULL, (SELECT count(*) FROM merge_log "
        "l2 WHERE l2.id > l.id AND l2.undone_at IS NULL AND (l2.survivor_id IN (l.survivor_id, "
        "l.merged_id) OR l2.merged_id IN (l.survivor_id, l.merged_id))) FROM merge_log l "
        "WHERE id = ?1";
    static const char q_unmark[] = "DELETE FROM person_merged WHERE merge_id = ?1";
#define RESTORE(WHO)                                                                               \
    "UPDATE person SET nik = json_extract(?3, '$." WHO ".nik'), "                                  \
    "birth_date = json_extract(?3, '$." WHO ".birth_date'), "                                      \
    "birth_place = json_extract(?3, '$." WHO ".birth_place'), "                                    \
    "mother_name = json_extract(?3, '$." WHO ".mother_name'), "                                    \
    "disability = json_extract(?3, '$." WHO ".disability'), "                                      \
    "state = json_extract(?3, '$." WHO ".state'), "                                                \
    "state_by = json_extract(?3, '$." WHO ".state_by'), "                                          \
    "state_at = json_extract(?3, '$." WHO ".state_at'), "                                          \
    "state_reason = json_extract(?3, '$." WHO ".state_reason'), "                                  \
    "version = version + 1, updated_at = " PL_SQ_NOW " WHERE id = "
    static const char q_rs[] = RESTORE("survivor") "?1";
    static const char q_rm[] = RESTORE("merged") "?2";
#undef RESTORE
    static const char q_m[] =
        "UPDATE membership SET person_id = json_extract(j.value, '$.person_id'), "
        "valid_to = json_extract(j.value, '$.valid_to') FROM json_each(?3, '$.memberships') j "
        "WHERE membership.id = json_extract(j.value, '$.id') AND ?1 IS NOT NULL AND ?2 IS NOT NULL";
    static const char q_e[] =
        "UPDATE enrolment SET person_id = json_extract(j.value, '$.person_id') "
        "FROM json_each(?3, '$.enrolments') j WHERE enrolment.id = json_extract(j.value, '$.id') "
        "AND ?1 IS NOT NULL AND ?2 IS NOT NULL";
    static const char q_a[] =
        "UPDATE bank_account SET person_id = json_extract(j.value, '$.person_id') "
        "FROM json_each(?3, '$.accounts') j WHERE bank_account.id = json_extract(j.value, '$.id') "
        "AND ?1 IS NOT NULL AND ?2 IS NOT NULL";
    static const char q_done[] =
        "UPDATE merge_log SET undone_at = " PL_SQ_NOW ", undone_by = ?2 WHERE id = ?1";
    static const char q_cand[] = CAND_SET("open");

    int rc = pl_sq_begin_as(s, who, err);
    if (rc)
        return rc;
    int64_t a = 0, b = 0;
    char *before = NULL;
    {
        sqlite3_stmt *st = pl_sq_stmt(s, q_get, err);
        if (st == NULL) {
            rc = PL_EINTERNAL;
            goto fail;
        }
        sqlite3_bind_int64(st, 1, merge_id);
        int r = sqlite3_step(st);
        if (r != SQLITE_ROW) {
            sqlite3_reset(st);
            rc = pl_error_set(err, PL_ENOTFOUND, "id", "penggabungan #%lld tidak ada",
                              (long long)merge_id);
            goto fail;
        }
        a = sqlite3_column_int64(st, 0);
        b = sqlite3_column_int64(st, 1);
        int undone = sqlite3_column_int(st, 2);
        long later = (long)sqlite3_column_int64(st, 3);
        sqlite3_reset(st);
        if (undone) {
            rc = pl_error_set(err, PL_ECONFLICT, "id", "penggabungan #%lld sudah dibatalkan",
                              (long long)merge_id);
            goto fail;
        }
        if (later) {
            rc = pl_error_set(err, PL_ECONFLICT, "id",
                              "batalkan dulu penggabungan lebih baru yang melibatkan orang ini");
            goto fail;
        }
        if ((rc = merge_before(s, merge_id, &before, err)))
            goto fail;
    }
#define BIND3                                                                                      \
    (sqlite3_bind_int64(st_, 1, a), sqlite3_bind_int64(st_, 2, b),                                 \
     sqlite3_bind_text(st_, 3, before, -1, SQLITE_STATIC))
    PL_SQ_TX_STEP(q_unmark, sqlite3_bind_int64(st_, 1, merge_id), "person_merged");
    PL_SQ_TX_STEP(q_rs, BIND3, "person");
    PL_SQ_TX_STEP(q_rm, BIND3, "person");
    PL_SQ_TX_STEP(q_m, BIND3, "membership");
    PL_SQ_TX_STEP(q_e, BIND3, "enrolment");
    PL_SQ_TX_STEP(q_a, BIND3, "bank_account");
    PL_SQ_TX_STEP(q_done,
                  (sqlite3_bind_int64(st_, 1, merge_id),
                   sqlite3_bind_text(st_, 2, s->actor, -1, SQLITE_STATIC)),
                  "merge_log");
    PL_SQ_TX_STEP(q_cand,
                  (sqlite3_bind_int64(st_, 1, a), sqlite3_bind_int64(st_, 2, b),
                   sqlite3_bind_text(st_, 3, s->actor, -1, SQLITE_STATIC)),
                  "dedup_candidate");
#undef BIND3
    free(before);
    return pl_sq_commit(s, err);
fail:
    free(before);
    pl_sq_rollback(s);
    return rc;
}
