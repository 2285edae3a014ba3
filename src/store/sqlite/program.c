/*
 * program.c - duplicate candidates and merges, programs, enrolments,
 * integrity checks and disbursement batches (store/program.h).
 */
#include "store/sqlite/internal.h"
#include "domain/date.h"
#include "domain/period.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ','now')"

/* Steps a statement that returns no rows. */
static int done(pl_store *s, sqlite3_stmt *st, pl_error *err, const char *what)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        rc = pl_sq_step_error(s, rc, err, what);
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    return 0;
}

/* Prepares a cached statement, or returns from the caller with PL_EINTERNAL. */
#define PREP(st, sql)                                                                              \
    sqlite3_stmt *st = pl_sq_stmt(s, sql, err);                                                    \
    if (st == NULL)                                                                                \
    return PL_EINTERNAL

/* Within a transaction: a statement that must succeed, else goto fail. */
#define TX_STEP(sql, BIND, what)                                                                   \
    do {                                                                                           \
        sqlite3_stmt *st_ = pl_sq_stmt(s, sql, err);                                               \
        if (st_ == NULL) {                                                                         \
            rc = PL_EINTERNAL;                                                                     \
            goto fail;                                                                             \
        }                                                                                          \
        BIND;                                                                                      \
        if ((rc = done(s, st_, err, what)))                                                        \
            goto fail;                                                                             \
    } while (0)

static int begin(pl_store *s, const pl_actor *who, pl_error *err)
{
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    pl_sq_set_actor(s, who);
    return pl_store_begin(s, err);
}

/* ------------------------------------------------------------- dedup */

int pl_store_dedup_scan(pl_store *s, const char *region, pl_dedup_row_cb cb, void *ctx,
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
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    PREP(st, sql);
    sqlite3_bind_text(st, 1, region ? region : "", -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        pl_dedup_row r = {
            .id = sqlite3_column_int64(st, 0),
            .nik = (const char *)sqlite3_column_text(st, 1),
            .name = (const char *)sqlite3_column_text(st, 2),
            .birth_date = (const char *)sqlite3_column_text(st, 3),
            .sex = (char)sqlite3_column_text(st, 4)[0],
            .mother = (const char *)sqlite3_column_text(st, 5),
            .village = (const char *)sqlite3_column_text(st, 6),
            .address = (const char *)sqlite3_column_text(st, 7),
            .household_id = sqlite3_column_int64(st, 8),
        };
        int stop = cb(ctx, &r);
        if (stop) {
            sqlite3_reset(st);
            return stop;
        }
    }
    if (rc != SQLITE_DONE)
        return pl_sq_step_error(s, rc, err, "dedup scan");
    sqlite3_reset(st);
    return 0;
}

int pl_store_dedup_candidate_put(pl_store *s, const pl_actor *who, int64_t a, int64_t b,
                                 double score, bool exact, const char *reasons, bool *written,
                                 pl_error *err)
{
    static const char sql[] =
        "INSERT INTO dedup_candidate(person_a, person_b, score, exact, reasons, created_at) "
        "VALUES(?1, ?2, ?3, ?4, ?5, " NOW ") ON CONFLICT(person_a, person_b) DO UPDATE SET "
        "score = excluded.score, exact = excluded.exact, reasons = excluded.reasons "
        "WHERE status = 'open' AND (score <> excluded.score OR reasons <> excluded.reasons)";
    *written = false;
    if (a == b)
        return pl_error_set(err, PL_EINVAL, "", "pasangan orang yang sama");
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    pl_sq_set_actor(s, who);
    PREP(st, sql);
    sqlite3_bind_int64(st, 1, a < b ? a : b);
    sqlite3_bind_int64(st, 2, a < b ? b : a);
    sqlite3_bind_double(st, 3, score);
    sqlite3_bind_int(st, 4, exact);
    sqlite3_bind_text(st, 5, reasons ? reasons : "", -1, SQLITE_STATIC);
    if ((rc = done(s, st, err, "dedup_candidate")))
        return rc;
    *written = sqlite3_changes(s->db) > 0;
    return 0;
}

int pl_store_dedup_candidate_list(pl_store *s, const char *status, double min_score, int limit,
                                  pl_dedup_candidate_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT d.id, d.person_a, d.person_b, d.score, d.exact, d.reasons, d.status, a.name, "
        "b.name, coalesce(a.nik,''), coalesce(b.nik,''), a.village_code, b.village_code "
        "FROM dedup_candidate d JOIN person a ON a.id = d.person_a "
        "JOIN person b ON b.id = d.person_b WHERE (?1 IS NULL OR d.status = ?1) "
        "AND d.score >= ?2 ORDER BY d.score DESC, d.id LIMIT ?3";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    PREP(st, sql);
    pl_sq_bind_text_or_null(st, 1, status ? status : "");
    sqlite3_bind_double(st, 2, min_score);
    sqlite3_bind_int(st, 3, limit > 0 ? limit : 100);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        pl_dedup_candidate c;
        memset(&c, 0, sizeof c);
        c.id = sqlite3_column_int64(st, 0);
        c.person_a = sqlite3_column_int64(st, 1);
        c.person_b = sqlite3_column_int64(st, 2);
        c.score = sqlite3_column_double(st, 3);
        c.exact = sqlite3_column_int(st, 4) != 0;
        pl_sq_col_text(c.reasons, sizeof c.reasons, st, 5);
        pl_sq_col_text(c.status, sizeof c.status, st, 6);
        pl_sq_col_text(c.name_a, sizeof c.name_a, st, 7);
        pl_sq_col_text(c.name_b, sizeof c.name_b, st, 8);
        pl_sq_col_text(c.nik_a, sizeof c.nik_a, st, 9);
        pl_sq_col_text(c.nik_b, sizeof c.nik_b, st, 10);
        pl_sq_col_text(c.village_a, sizeof c.village_a, st, 11);
        pl_sq_col_text(c.village_b, sizeof c.village_b, st, 12);
        int stop = cb(ctx, &c);
        if (stop) {
            sqlite3_reset(st);
            return stop;
        }
    }
    if (rc != SQLITE_DONE)
        return pl_sq_step_error(s, rc, err, "dedup_candidate");
    sqlite3_reset(st);
    return 0;
}

static int person_exists(pl_store *s, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT 1 FROM person WHERE id = ?1";
    PREP(st, sql);
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return 0;
    if (rc == SQLITE_DONE)
        return pl_error_set(err, PL_ENOTFOUND, "id", "orang #%lld tidak ditemukan", (long long)id);
    return pl_sq_step_error(s, rc, err, "person");
}

int pl_store_dedup_distinct(pl_store *s, const pl_actor *who, int64_t a, int64_t b,
                            const char *reason, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO dedup_candidate(person_a, person_b, score, reasons, status, created_at, "
        "decided_by, decided_at) VALUES(?1, ?2, 0, ?3, 'not_same', " NOW ", ?4, " NOW ") "
        "ON CONFLICT(person_a, person_b) DO UPDATE SET status = 'not_same', "
        "decided_by = excluded.decided_by, decided_at = excluded.decided_at, "
        "reasons = CASE WHEN excluded.reasons = '' THEN reasons "
        "ELSE reasons || '; bukan orang yang sama: ' || excluded.reasons END";
    if (a == b)
        return pl_error_set(err, PL_EINVAL, "id", "A dan B orang yang sama");
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    if ((rc = person_exists(s, a, err)) || (rc = person_exists(s, b, err)))
        return rc;
    pl_sq_set_actor(s, who);
    PREP(st, sql);
    sqlite3_bind_int64(st, 1, a < b ? a : b);
    sqlite3_bind_int64(st, 2, a < b ? b : a);
    sqlite3_bind_text(st, 3, reason ? reason : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, s->actor, -1, SQLITE_STATIC);
    return done(s, st, err, "dedup_candidate");
}

#define RESTORE_COLS                                                                               \
    "'nik', nik, 'birth_date', birth_date, 'birth_place', birth_place, 'mother_name', "            \
    "mother_name, 'disability', disability, 'state', state, 'state_by', state_by, "                \
    "'state_at', state_at, 'state_reason', state_reason"

int pl_store_dedup_merge(pl_store *s, const pl_actor *who, int64_t survivor, int64_t merged,
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
        "FROM bank_account WHERE person_id = ?2)), " NOW ", ?3";
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
        "ELSE disability END, version = version + 1, updated_at = " NOW " WHERE id = ?1";
    static const char q_reject[] =
        "UPDATE person SET state = 'rejected', state_by = ?3, state_at = " NOW ", "
        "state_reason = 'digabung ke #' || ?1 || ' (penggabungan ' || ?4 || ')', "
        "version = version + 1, updated_at = " NOW " WHERE id = ?2";
    static const char q_mark[] =
        "INSERT INTO person_merged(person_id, into_id, merge_id) VALUES(?2, ?1, ?3)";
    static const char q_cand[] =
        "UPDATE dedup_candidate SET status = 'merged', decided_by = ?3, decided_at = " NOW
        " WHERE person_a = min(?1, ?2) AND person_b = max(?1, ?2)";
    static const char q_before[] = "SELECT before FROM merge_log WHERE id = ?1";

    *merge_id = 0;
    if (survivor == merged)
        return pl_error_set(err, PL_EINVAL, "id", "A dan B orang yang sama");
    int rc = begin(s, who, err);
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
    TX_STEP(q_log,
            (sqlite3_bind_int64(st_, 1, survivor), sqlite3_bind_int64(st_, 2, merged),
             sqlite3_bind_text(st_, 3, s->actor, -1, SQLITE_STATIC)),
            "merge_log");
    *merge_id = sqlite3_last_insert_rowid(s->db);
    char *before = NULL;
    {
        sqlite3_stmt *st = pl_sq_stmt(s, q_before, err);
        if (st == NULL) {
            rc = PL_EINTERNAL;
            goto fail;
        }
        sqlite3_bind_int64(st, 1, *merge_id);
        if (sqlite3_step(st) == SQLITE_ROW)
            before = strdup((const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
        if (before == NULL) {
            rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
            goto fail;
        }
    }
#define BIND2 (sqlite3_bind_int64(st_, 1, survivor), sqlite3_bind_int64(st_, 2, merged))
    TX_STEP(q_close, BIND2, "membership");
    TX_STEP(q_move_m, BIND2, "membership");
    TX_STEP(q_move_e, BIND2, "enrolment");
    TX_STEP(q_move_a, BIND2, "bank_account");
    TX_STEP(q_take_nik, BIND2, "person");
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
        rc = done(s, st_, err, "person");
    }
    free(before);
    if (rc)
        goto fail;
    TX_STEP(q_reject,
            (BIND2, sqlite3_bind_text(st_, 3, s->actor, -1, SQLITE_STATIC),
             sqlite3_bind_int64(st_, 4, *merge_id)),
            "person");
    TX_STEP(q_mark, (BIND2, sqlite3_bind_int64(st_, 3, *merge_id)), "person_merged");
    TX_STEP(q_cand, (BIND2, sqlite3_bind_text(st_, 3, s->actor, -1, SQLITE_STATIC)),
            "dedup_candidate");
#undef BIND2
    return pl_store_commit(s, err);
fail:
    pl_store_rollback(s);
    *merge_id = 0;
    return rc;
}

int pl_store_dedup_undo(pl_store *s, const pl_actor *who, int64_t merge_id, pl_error *err)
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
    "version = version + 1, updated_at = " NOW " WHERE id = "
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
        "UPDATE merge_log SET undone_at = " NOW ", undone_by = ?2 WHERE id = ?1";
    static const char q_cand[] =
        "UPDATE dedup_candidate SET status = 'open', decided_by = ?3, decided_at = " NOW
        " WHERE person_a = min(?1, ?2) AND person_b = max(?1, ?2)";
    static const char q_before[] = "SELECT before FROM merge_log WHERE id = ?1";

    int rc = begin(s, who, err);
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
        st = pl_sq_stmt(s, q_before, err);
        if (st == NULL) {
            rc = PL_EINTERNAL;
            goto fail;
        }
        sqlite3_bind_int64(st, 1, merge_id);
        if (sqlite3_step(st) == SQLITE_ROW)
            before = strdup((const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
        if (before == NULL) {
            rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
            goto fail;
        }
    }
#define BIND3                                                                                      \
    (sqlite3_bind_int64(st_, 1, a), sqlite3_bind_int64(st_, 2, b),                                 \
     sqlite3_bind_text(st_, 3, before, -1, SQLITE_STATIC))
    TX_STEP(q_unmark, sqlite3_bind_int64(st_, 1, merge_id), "person_merged");
    TX_STEP(q_rs, BIND3, "person");
    TX_STEP(q_rm, BIND3, "person");
    TX_STEP(q_m, BIND3, "membership");
    TX_STEP(q_e, BIND3, "enrolment");
    TX_STEP(q_a, BIND3, "bank_account");
    TX_STEP(q_done,
            (sqlite3_bind_int64(st_, 1, merge_id),
             sqlite3_bind_text(st_, 2, s->actor, -1, SQLITE_STATIC)),
            "merge_log");
    TX_STEP(q_cand,
            (sqlite3_bind_int64(st_, 1, a), sqlite3_bind_int64(st_, 2, b),
             sqlite3_bind_text(st_, 3, s->actor, -1, SQLITE_STATIC)),
            "dedup_candidate");
#undef BIND3
    free(before);
    return pl_store_commit(s, err);
fail:
    free(before);
    pl_store_rollback(s);
    return rc;
}

/* ----------------------------------------------------------- programs */

#define PROGRAM_COLS                                                                               \
    "id, code, name, level, household, amount, frequency, cap, categories, "                       \
    "coalesce(age_min, -1), coalesce(age_max, -1), disability, desil_max, regions, excludes"

static void row_to_program(pl_program *p, sqlite3_stmt *st)
{
    memset(p, 0, sizeof *p);
    char buf[512];
    p->id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(p->code, sizeof p->code, st, 1);
    pl_sq_col_text(p->name, sizeof p->name, st, 2);
    pl_sq_col_text(buf, sizeof buf, st, 3);
    p->level = pl_program_level_parse(buf);
    p->household = sqlite3_column_int(st, 4) != 0;
    p->amount = sqlite3_column_int64(st, 5);
    pl_sq_col_text(buf, sizeof buf, st, 6);
    p->frequency = pl_program_frequency_parse(buf);
    p->cap = sqlite3_column_int64(st, 7);
    pl_sq_col_text(buf, sizeof buf, st, 8);
    if (pl_eligibility_parse_categories(&p->rule.categories, buf) != 0)
        p->rule.categories = 0;
    p->rule.age_min = sqlite3_column_int(st, 9);
    p->rule.age_max = sqlite3_column_int(st, 10);
    p->rule.disability = sqlite3_column_int(st, 11) != 0;
    p->rule.desil_max = sqlite3_column_int(st, 12);
    pl_sq_col_text(buf, sizeof buf, st, 13);
    pl_eligibility_parse_list(&p->rule.regions[0][0], PL_REGION_CODE_MAX, buf);
    pl_sq_col_text(buf, sizeof buf, st, 14);
    pl_eligibility_parse_list(&p->rule.excludes[0][0], PL_PROGRAM_CODE_MAX, buf);
}

int pl_store_program_add(pl_store *s, const pl_actor *who, pl_program *p, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO program(code, name, level, household, amount, frequency, cap, categories, "
        "age_min, age_max, disability, desil_max, regions, excludes, created_at, created_by) "
        "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14," NOW ",?15)";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    pl_sq_set_actor(s, who);
    PREP(st, sql);
    char cats[128], regions[256], excl[256];
    pl_eligibility_format_categories(cats, sizeof cats, p->rule.categories);
    pl_eligibility_format_list(regions, sizeof regions, &p->rule.regions[0][0], PL_REGION_CODE_MAX);
    pl_eligibility_format_list(excl, sizeof excl, &p->rule.excludes[0][0], PL_PROGRAM_CODE_MAX);
    sqlite3_bind_text(st, 1, p->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, p->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, pl_program_level_name(p->level), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, p->household);
    sqlite3_bind_int64(st, 5, p->amount);
    sqlite3_bind_text(st, 6, pl_program_frequency_name(p->frequency), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, p->cap);
    sqlite3_bind_text(st, 8, cats, -1, SQLITE_TRANSIENT);
    if (p->rule.age_min >= 0)
        sqlite3_bind_int(st, 9, p->rule.age_min);
    if (p->rule.age_max >= 0)
        sqlite3_bind_int(st, 10, p->rule.age_max);
    sqlite3_bind_int(st, 11, p->rule.disability);
    sqlite3_bind_int(st, 12, p->rule.desil_max);
    sqlite3_bind_text(st, 13, regions, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 14, excl, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 15, s->actor, -1, SQLITE_STATIC);
    if ((rc = done(s, st, err, "program")))
        return rc == PL_ECONFLICT ? pl_error_set(err, rc, "kode", "program %s sudah ada", p->code)
                                  : rc;
    p->id = sqlite3_last_insert_rowid(s->db);
    return 0;
}

int pl_store_program_get(pl_store *s, pl_program *out, const char *code, pl_error *err)
{
    static const char sql[] = "SELECT " PROGRAM_COLS " FROM program WHERE code = ?1";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    PREP(st, sql);
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        row_to_program(out, st);
        sqlite3_reset(st);
        return 0;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return pl_sq_step_error(s, rc, err, "program");
    return pl_error_set(err, PL_ENOTFOUND, "program", "program %s tidak ada", code);
}

int pl_store_program_list(pl_store *s, pl_program_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT " PROGRAM_COLS " FROM program ORDER BY code";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    PREP(st, sql);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        pl_program p;
        row_to_program(&p, st);
        int stop = cb(ctx, &p);
        if (stop) {
            sqlite3_reset(st);
            return stop;
        }
    }
    if (rc != SQLITE_DONE)
        return pl_sq_step_error(s, rc, err, "program");
    sqlite3_reset(st);
    return 0;
}

int pl_store_household_set_desil(pl_store *s, const pl_actor *who, int64_t household_id, int desil,
                                 pl_error *err)
{
    static const char sql[] = "UPDATE household SET desil = ?2, version = version + 1, "
                              "updated_at = " NOW " WHERE id = ?1";
    if (desil < 0 || desil > 10)
        return pl_error_set(err, PL_EINVAL, "desil", "desil harus 1..10");
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    pl_sq_set_actor(s, who);
    PREP(st, sql);
    sqlite3_bind_int64(st, 1, household_id);
    if (desil)
        sqlite3_bind_int(st, 2, desil);
    if ((rc = done(s, st, err, "household")))
        return rc;
    if (sqlite3_changes(s->db) == 0)
        return pl_error_set(err, PL_ENOTFOUND, "kk", "keluarga tidak ditemukan");
    return 0;
}

/* DESIL: the household's decile expression ("0" when the rule has no desil condition). */
#define CAND_COLS_D(DESIL)                                                                         \
    "SELECT p.id, coalesce(p.household_id, 0), p.village_code, coalesce(p.birth_date, ''), "       \
    "p.disability <> '', p.death_date IS NOT NULL AND p.death_date <= ?4, " DESIL ", "             \
    "CASE WHEN ?13 THEN (SELECT coalesce(sum(DISTINCT 1 << m.category), 0) FROM membership m "     \
    "WHERE m.person_id = p.id AND m.valid_from <= ?4 AND (m.valid_to IS NULL OR m.valid_to >= "    \
    "?4)) | (SELECT coalesce(sum(DISTINCT 1 << m.category), 0) FROM membership m WHERE "           \
    "m.household_id = p.household_id AND m.valid_from <= ?4 AND (m.valid_to IS NULL OR "           \
    "m.valid_to >= ?4)) ELSE 0 END, "                                                              \
    "(?8 AND (EXISTS(SELECT 1 FROM enrolment e JOIN program q ON q.id = e.program_id WHERE "       \
    "e.person_id = p.id AND e.period = ?3 AND q.id <> ?5 AND (instr(';' || ?6 || ';', ';' || "     \
    "q.code || ';') > 0 OR instr(';' || q.excludes || ';', ';' || ?7 || ';') > 0)) OR "            \
    "EXISTS(SELECT 1 FROM enrolment e JOIN program q ON q.id = e.program_id WHERE "                \
    "e.household_id = p.household_id AND e.period = ?3 AND q.id <> ?5 AND (instr(';' || ?6 "       \
    "|| ';', ';' || q.code || ';') > 0 OR instr(';' || q.excludes || ';', ';' || ?7 || ';') > "    \
    "0)))) "
#define CAND_WHERE                                                                                 \
    " WHERE " PL_SQ_IN_PREFIX("p.village_code",                                                    \
                              "?1") " AND (?2 = 0 OR p.relationship = "                            \
                                    "'kepala_keluarga') AND pm.person_id IS NULL AND "             \
                                    "(?10 = '' OR p.birth_date <= ?10) AND "                       \
                                    "(?11 = '' OR p.birth_date > ?11) AND "                        \
                                    "(?12 = 0 OR p.disability <> '') AND "                         \
                                    "p.id BETWEEN ?14 AND ?15"
#define CAND_COLS CAND_COLS_D("coalesce(h.desil, 0)")
#define NOT_MERGED " LEFT JOIN person_merged pm ON pm.person_id = p.id"
#define OPEN_AT(M) M ".valid_from <= ?4 AND (" M ".valid_to IS NULL OR " M ".valid_to >= ?4)"

static void shift_years(char *out, const pl_date *d, int years, int extra_days)
{
    pl_date x = {d->year - years, d->month, d->day};
    if (!pl_date_valid(x.year, x.month, x.day))
        x.day = 28;
    pl_date y;
    pl_date_from_days(&y, pl_date_to_days(&x) + extra_days);
    pl_date_format(out, &y);
}

int pl_store_program_candidates(pl_store *s, const pl_program *p, const char *period,
                                const char *period_start, const char *region, pl_elig_cb cb,
                                void *ctx, pl_error *err)
{
    return pl_store_program_candidates_range(s, p, period, period_start, region, INT64_MIN,
                                             INT64_MAX, cb, ctx, err);
}

const char *pl_store_program_db_file(pl_store *s)
{
    if (!sqlite3_get_autocommit(s->db))
        return NULL;
    const char *f = sqlite3_db_filename(s->db, "main");
    return f && f[0] ? f : NULL;
}

int pl_store_program_id_span(pl_store *s, int64_t *lo, int64_t *hi, pl_error *err)
{
    static const char sql[] = "SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM person";
    *lo = *hi = 0;
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    PREP(st, sql);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return pl_sq_step_error(s, rc, err, "person id span");
    *lo = sqlite3_column_int64(st, 0);
    *hi = sqlite3_column_int64(st, 1);
    sqlite3_reset(st);
    return 0;
}

int pl_store_program_candidates_range(pl_store *s, const pl_program *p, const char *period,
                                      const char *period_start, const char *region, int64_t id_from,
                                      int64_t id_to, pl_elig_cb cb, void *ctx, pl_error *err)
{
    static const char scan[] = CAND_COLS "FROM person p LEFT JOIN household h ON h.id = "
                                         "p.household_id" NOT_MERGED CAND_WHERE;
    static const char scan_nodesil[] = CAND_COLS_D("0") "FROM person p" NOT_MERGED CAND_WHERE;
    static const char by_cat[] = CAND_COLS
        "FROM (SELECT m.person_id AS pid FROM membership m WHERE m.category IN "
        "(SELECT value FROM json_each(?9)) AND m.person_id IS NOT NULL AND " OPEN_AT(
            "m") " UNION SELECT p2.id FROM membership m JOIN person p2 ON p2.household_id = "
                 "m.household_id WHERE m.category IN (SELECT value FROM json_each(?9)) AND "
                 "m.household_id IS NOT NULL AND " OPEN_AT(
                     "m") ") c JOIN person p ON p.id = c.pid "
                          "LEFT JOIN household h ON h.id = p.household_id" NOT_MERGED CAND_WHERE;
    static const char any_excl[] =
        "SELECT count(*) FROM program WHERE instr(';' || excludes || ';', ';' || ?1 || ';') > 0";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    pl_date start;
    if (pl_date_parse(&start, period_start) != 0)
        return pl_error_set(err, PL_EINVAL, "periode", "awal periode %s tidak sah", period_start);
    char excl[256], cats[160] = "[";
    pl_eligibility_format_list(excl, sizeof excl, &p->rule.excludes[0][0], PL_PROGRAM_CODE_MAX);
    int has_excl = excl[0] != '\0';
    if (!has_excl) {
        PREP(q, any_excl);
        sqlite3_bind_text(q, 1, p->code, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW)
            has_excl = sqlite3_column_int(q, 0) > 0;
        sqlite3_reset(q);
    }
    for (int c = 1; c <= 26; c++)
        if (p->rule.categories & (1u << c)) {
            size_t k = strlen(cats);
            snprintf(cats + k, sizeof cats - k, "%s%d", k > 1 ? "," : "", c);
        }
    strcat(cats, "]");
    char born_by[11] = "", born_after[11] = "";
    if (p->rule.age_min >= 0)
        shift_years(born_by, &start, p->rule.age_min, 0);
    if (p->rule.age_max >= 0)
        shift_years(born_after, &start, p->rule.age_max + 1, 0);
    PREP(st, p->rule.categories ? by_cat : p->rule.desil_max > 0 ? scan : scan_nodesil);
    sqlite3_bind_text(st, 1, region ? region : "", -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, p->household);
    sqlite3_bind_text(st, 3, period, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, period_start, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, p->id);
    sqlite3_bind_text(st, 6, excl, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, p->code, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 8, has_excl);
    sqlite3_bind_text(st, 9, cats, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 10, born_by, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 11, born_after, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 12, p->rule.disability);
    sqlite3_bind_int(st, 13, p->rule.categories != 0); /* the category mask is read only if used */
    sqlite3_bind_int64(st, 14, id_from);
    sqlite3_bind_int64(st, 15, id_to);
    int need_age = p->rule.age_min >= 0 || p->rule.age_max >= 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        pl_elig_subject x = {
            .person_id = sqlite3_column_int64(st, 0),
            .household_id = sqlite3_column_int64(st, 1),
            .village = (const char *)sqlite3_column_text(st, 2),
            .age = -1,
            .disability = sqlite3_column_int(st, 4) != 0,
            .dead = sqlite3_column_int(st, 5) != 0,
            .desil = sqlite3_column_int(st, 6),
            .categories = (uint32_t)sqlite3_column_int64(st, 7),
            .excluded_hit = sqlite3_column_int(st, 8) != 0,
        };
        pl_date b;
        const char *bd = (const char *)sqlite3_column_text(st, 3);
        if (need_age && bd && bd[0] && pl_date_parse(&b, bd) == 0)
            x.age = pl_date_age(&b, &start);
        int stop = cb(ctx, &x);
        if (stop) {
            sqlite3_reset(st);
            return stop;
        }
    }
    if (rc != SQLITE_DONE)
        return pl_sq_step_error(s, rc, err, "program candidates");
    sqlite3_reset(st);
    return 0;
}

int pl_store_enrolment_add(pl_store *s, const pl_actor *who, int64_t program_id, int64_t person_id,
                           int64_t household_id, const char *period, const char *reason,
                           const char *valid_from, const char *valid_to, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO enrolment(program_id, person_id, household_id, period, reason, valid_from, "
        "valid_to, created_at, created_by) VALUES(?1,?2,?3,?4,?5,?6,?7," NOW ",?8)";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    pl_sq_set_actor(s, who);
    PREP(st, sql);
    sqlite3_bind_int64(st, 1, program_id);
    sqlite3_bind_int64(st, 2, person_id);
    if (household_id)
        sqlite3_bind_int64(st, 3, household_id);
    sqlite3_bind_text(st, 4, period, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, reason ? reason : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, valid_from, -1, SQLITE_STATIC);
    pl_sq_bind_text_or_null(st, 7, valid_to ? valid_to : "");
    sqlite3_bind_text(st, 8, s->actor, -1, SQLITE_STATIC);
    return done(s, st, err, "enrolment");
}

int pl_store_enrolment_count(pl_store *s, int64_t program_id, const char *period, long *out,
                             pl_error *err)
{
    static const char sql[] =
        "SELECT count(*) FROM enrolment WHERE program_id = ?1 AND period = ?2";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    PREP(st, sql);
    sqlite3_bind_int64(st, 1, program_id);
    sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : pl_sq_step_error(s, rc, err, "enrolment");
}

int pl_store_account_add(pl_store *s, const pl_actor *who, int64_t household_id, int64_t person_id,
                         const char *number, const char *bank, const char *holder, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO bank_account(household_id, person_id, account_no, bank, holder, "
        "created_at, created_by) VALUES(?1,?2,?3,?4,?5," NOW ",?6)";
    if (number == NULL || number[0] == '\0' || strlen(number) > 34)
        return pl_error_set(err, PL_EINVAL, "nomor",
                            "nomor rekening/kartu kosong atau terlalu "
                            "panjang");
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    pl_sq_set_actor(s, who);
    PREP(st, sql);
    if (household_id)
        sqlite3_bind_int64(st, 1, household_id);
    if (person_id)
        sqlite3_bind_int64(st, 2, person_id);
    sqlite3_bind_text(st, 3, number, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, bank ? bank : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, holder ? holder : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, s->actor, -1, SQLITE_STATIC);
    return done(s, st, err, "bank_account");
}

/* ---------------------------------------------------------- integrity */

#define F_COLS                                                                                     \
    "p.id, coalesce(e.household_id, p.household_id, 0), coalesce(p.nik, ''), p.name, "             \
    "p.village_code"
#define E_FROM                                                                                     \
    " FROM enrolment e JOIN person p ON p.id = e.person_id WHERE e.program_id = ?1 AND "           \
    "e.period = ?2"

static const char f_dead[] =
    "SELECT 'dead', " F_COLS ", 'meninggal ' || p.death_date, NULL, NULL" E_FROM
    " AND p.death_date IS NOT NULL";
static const char f_dup[] =
    "SELECT CASE WHEN d.exact THEN 'duplicate_exact' ELSE 'duplicate_probable' END, " F_COLS
    ", 'mungkin sama dengan #' || CASE WHEN d.person_a = p.id THEN d.person_b ELSE d.person_a "
    "END || ' (skor ' || printf('%.2f', d.score) || ': ' || d.reasons || ')', CASE WHEN "
    "d.person_a = p.id THEN d.person_b ELSE d.person_a END, NULL FROM enrolment e "
    "JOIN person p ON p.id = e.person_id JOIN dedup_candidate d ON (d.person_a = p.id OR "
    "d.person_b = p.id) WHERE e.program_id = ?1 AND e.period = ?2 AND d.status = 'open' AND "
    "(d.exact OR d.score >= ?3)";
static const char f_unverified[] =
    "SELECT 'unverified', " F_COLS ", 'status verifikasi ' || p.state, NULL, NULL" E_FROM
    " AND p.state <> 'verified'";
static const char f_exclusive[] =
    "SELECT 'exclusive_program', " F_COLS ", 'juga menerima ' || e.x, NULL, NULL FROM (SELECT "
    "e1.*, "
    "(SELECT group_concat(q.code, ', ') FROM enrolment e2 JOIN program q ON q.id = "
    "e2.program_id WHERE e2.period = e1.period AND e2.program_id <> e1.program_id AND "
    "(e2.person_id = e1.person_id OR e2.household_id = coalesce(e1.household_id, (SELECT "
    "household_id FROM person WHERE id = e1.person_id))) AND (instr(';' || ?4 || ';', ';' || "
    "q.code || ';') > 0 OR instr(';' || q.excludes || ';', ';' || ?5 || ';') > 0)) AS x "
    "FROM enrolment e1 WHERE e1.program_id = ?1 AND e1.period = ?2) e JOIN person p ON p.id = "
    "e.person_id WHERE e.x IS NOT NULL";
static const char f_cap[] =
    "SELECT 'over_cap', " F_COLS ", 'sudah ' || e.paid || ' ditambah ' || ?6 || ' melebihi "
    "batas ' || ?7, NULL, NULL FROM (SELECT e1.*, (SELECT coalesce(sum(bi.amount), 0) FROM "
    "batch_item bi "
    "JOIN disbursement_batch b ON b.id = bi.batch_id WHERE b.program_id = ?1 AND b.period = ?2 "
    "AND bi.person_id = e1.person_id AND bi.status NOT IN ('failed', 'returned')) AS paid FROM "
    "enrolment e1 WHERE e1.program_id = ?1 AND e1.period = ?2) e JOIN person p ON p.id = "
    "e.person_id WHERE ?7 > 0 AND e.paid + ?6 > ?7";
static const char f_account[] =
    "SELECT 'shared_account', " F_COLS ", 'rekening ' || a.account_no || ' juga dipakai "
    "keluarga lain (id ' || group_concat(DISTINCT coalesce(a2.household_id, p2.household_id)) "
    "|| ')', NULL, json_group_array(DISTINCT coalesce(a2.household_id, p2.household_id)) FROM "
    "enrolment e JOIN person p ON p.id = e.person_id JOIN bank_account a ON "
    "(a.person_id = p.id OR a.household_id = coalesce(e.household_id, p.household_id)) JOIN "
    "bank_account a2 ON a2.account_no = a.account_no AND a2.id <> a.id LEFT JOIN person p2 ON "
    "p2.id = a2.person_id WHERE e.program_id = ?1 AND e.period = ?2 AND "
    "coalesce(a2.household_id, p2.household_id) IS NOT coalesce(a.household_id, "
    "p.household_id) GROUP BY p.id, a.account_no";
static const char f_all[] = "SELECT 'outside_region', " F_COLS ", '', NULL, NULL" E_FROM;

int pl_store_program_check(pl_store *s, const pl_program *p, const char *period,
                           double dup_threshold, pl_finding_cb cb, void *ctx, long *count,
                           pl_error *err)
{
    static const char q_clear[] =
        "DELETE FROM integrity_finding WHERE program_id = ?1 AND period = ?2";
    static const char q_put[] =
        "INSERT INTO integrity_finding(program_id, period, rule, person_id, household_id, "
        "detail, other_person, other_households, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, "
        "?8, " NOW ")";
    static const char *const rules[] = {f_dead, f_dup,     f_unverified, f_exclusive,
                                        f_cap,  f_account, f_all};
    *count = 0;
    int rc = begin(s, NULL, err);
    if (rc)
        return rc;
    char excl[256];
    pl_eligibility_format_list(excl, sizeof excl, &p->rule.excludes[0][0], PL_PROGRAM_CODE_MAX);
    pl_period per;
    int payments = 1;
    if (pl_period_parse(&per, period) == 0) {
        int months = per.kind == PL_PERIOD_YEAR       ? 12
                     : per.kind == PL_PERIOD_SEMESTER ? 6
                     : per.kind == PL_PERIOD_QUARTER  ? 3
                                                      : 1;
        payments = pl_program_payments(p->frequency, months);
    }
    int64_t amount_each = p->amount * payments;
    int64_t cap = p->cap;
    TX_STEP(
        q_clear,
        (sqlite3_bind_int64(st_, 1, p->id), sqlite3_bind_text(st_, 2, period, -1, SQLITE_STATIC)),
        "integrity_finding");
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
        bool region_rule = rules[r] == f_all;
        if (region_rule && !p->rule.regions[0][0])
            continue;
        sqlite3_stmt *st = pl_sq_stmt(s, rules[r], err);
        if (st == NULL) {
            rc = PL_EINTERNAL;
            goto fail;
        }
        int n = sqlite3_bind_parameter_count(st);
        sqlite3_bind_int64(st, 1, p->id);
        sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
        if (n >= 3)
            sqlite3_bind_double(st, 3, dup_threshold);
        if (n >= 4)
            sqlite3_bind_text(st, 4, excl, -1, SQLITE_TRANSIENT);
        if (n >= 5)
            sqlite3_bind_text(st, 5, p->code, -1, SQLITE_STATIC);
        if (n >= 6)
            sqlite3_bind_int64(st, 6, amount_each);
        if (n >= 7)
            sqlite3_bind_int64(st, 7, cap);
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            pl_finding f;
            memset(&f, 0, sizeof f);
            pl_sq_col_text(f.rule, sizeof f.rule, st, 0);
            f.person_id = sqlite3_column_int64(st, 1);
            f.household_id = sqlite3_column_int64(st, 2);
            pl_sq_col_text(f.nik, sizeof f.nik, st, 3);
            pl_sq_col_text(f.name, sizeof f.name, st, 4);
            pl_sq_col_text(f.village, sizeof f.village, st, 5);
            pl_sq_col_text(f.detail, sizeof f.detail, st, 6);
            if (region_rule) {
                pl_elig_subject x = {.village = f.village, .age = -1};
                pl_program_rule only = p->rule;
                only.categories = 0;
                only.age_min = only.age_max = -1;
                only.disability = false;
                only.desil_max = 0;
                if (pl_eligibility_check(&only, &x) == 0)
                    continue;
                snprintf(f.detail, sizeof f.detail, "desa %s di luar wilayah program", f.village);
            }
            sqlite3_stmt *put = pl_sq_stmt(s, q_put, err);
            if (put == NULL) {
                sqlite3_reset(st);
                rc = PL_EINTERNAL;
                goto fail;
            }
            sqlite3_bind_int64(put, 1, p->id);
            sqlite3_bind_text(put, 2, period, -1, SQLITE_STATIC);
            sqlite3_bind_text(put, 3, f.rule, -1, SQLITE_STATIC);
            sqlite3_bind_int64(put, 4, f.person_id);
            if (f.household_id)
                sqlite3_bind_int64(put, 5, f.household_id);
            sqlite3_bind_text(put, 6, f.detail, -1, SQLITE_STATIC);
            sqlite3_bind_value(put, 7, sqlite3_column_value(st, 7));
            sqlite3_bind_value(put, 8, sqlite3_column_value(st, 8));
            if ((rc = done(s, put, err, "integrity_finding"))) {
                sqlite3_reset(st);
                goto fail;
            }
            (*count)++;
            if (cb && (rc = cb(ctx, &f)) != 0) {
                sqlite3_reset(st);
                goto fail;
            }
        }
        sqlite3_reset(st);
        if (step != SQLITE_DONE) {
            rc = pl_sq_step_error(s, step, err, "integrity");
            goto fail;
        }
    }
    return pl_store_commit(s, err);
fail:
    pl_store_rollback(s);
    return rc;
}

/* ------------------------------------------------------- disbursement */

#define BATCH_COLS                                                                                 \
    "b.id, b.program_id, q.code, b.period, b.status, b.items, b.total, b.created_at, "             \
    "coalesce(b.approved_at, ''), coalesce(b.approved_by, '')"

int pl_store_batch_get(pl_store *s, pl_batch *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " BATCH_COLS " FROM disbursement_batch b JOIN program q "
                              "ON q.id = b.program_id WHERE b.id = ?1";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    PREP(st, sql);
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        out->id = sqlite3_column_int64(st, 0);
        out->program_id = sqlite3_column_int64(st, 1);
        pl_sq_col_text(out->program_code, sizeof out->program_code, st, 2);
        pl_sq_col_text(out->period, sizeof out->period, st, 3);
        pl_sq_col_text(out->status, sizeof out->status, st, 4);
        out->items = (long)sqlite3_column_int64(st, 5);
        out->total = sqlite3_column_int64(st, 6);
        pl_sq_col_text(out->created_at, sizeof out->created_at, st, 7);
        pl_sq_col_text(out->approved_at, sizeof out->approved_at, st, 8);
        pl_sq_col_text(out->approved_by, sizeof out->approved_by, st, 9);
        sqlite3_reset(st);
        return 0;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return pl_sq_step_error(s, rc, err, "batch");
    return pl_error_set(err, PL_ENOTFOUND, "batch", "batch #%lld tidak ada", (long long)id);
}

#define ACCT                                                                                       \
    "(SELECT a.account_no FROM bank_account a WHERE a.person_id = e.person_id OR "                 \
    "a.household_id = coalesce(e.household_id, p.household_id) ORDER BY a.person_id IS NOT "       \
    "NULL DESC, a.id DESC LIMIT 1)"
#define FLAGGED                                                                                    \
    "EXISTS(SELECT 1 FROM integrity_finding f WHERE f.program_id = e.program_id AND f.period "     \
    "= e.period AND f.person_id = e.person_id)"

int pl_store_batch_create(pl_store *s, const pl_actor *who, const pl_program *p, const char *period,
                          int64_t amount_each, pl_batch *out, long *skipped_findings,
                          long *skipped_no_account, pl_error *err)
{
    static const char q_counts[] =
        "SELECT coalesce(sum(" FLAGGED "), 0), coalesce(sum(NOT " FLAGGED " AND " ACCT
        " IS NULL), 0) FROM enrolment e JOIN person p ON p.id = e.person_id "
        "WHERE e.program_id = ?1 AND e.period = ?2";
    static const char q_batch[] =
        "INSERT INTO disbursement_batch(program_id, period, created_at, created_by) "
        "VALUES(?1, ?2, " NOW ", ?3)";
    static const char q_items[] =
        "INSERT INTO batch_item(batch_id, beneficiary, person_id, household_id, name, "
        "village_code, amount, account, reference) SELECT ?3, CASE WHEN e.household_id IS NOT "
        "NULL THEN 'H' || e.household_id ELSE 'P' || e.person_id END, e.person_id, "
        "e.household_id, p.name, p.village_code, ?4, " ACCT ", 'PL' || ?3 || '-' || e.id "
        "FROM enrolment e JOIN person p ON p.id = e.person_id WHERE e.program_id = ?1 AND "
        "e.period = ?2 AND NOT " FLAGGED " AND " ACCT " IS NOT NULL ORDER BY p.village_code, e.id";
    static const char q_totals[] =
        "UPDATE disbursement_batch SET items = (SELECT count(*) FROM batch_item WHERE batch_id "
        "= ?1), total = (SELECT coalesce(sum(amount), 0) FROM batch_item WHERE batch_id = ?1) "
        "WHERE id = ?1";
    *skipped_findings = *skipped_no_account = 0;
    if (amount_each <= 0)
        return pl_error_set(err, PL_EINVAL, "nominal", "nominal bantuan harus lebih dari 0");
    int rc = begin(s, who, err);
    if (rc)
        return rc;
    {
        sqlite3_stmt *st = pl_sq_stmt(s, q_counts, err);
        if (st == NULL) {
            rc = PL_EINTERNAL;
            goto fail;
        }
        sqlite3_bind_int64(st, 1, p->id);
        sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            *skipped_findings = (long)sqlite3_column_int64(st, 0);
            *skipped_no_account = (long)sqlite3_column_int64(st, 1);
        }
        sqlite3_reset(st);
    }
    TX_STEP(q_batch,
            (sqlite3_bind_int64(st_, 1, p->id),
             sqlite3_bind_text(st_, 2, period, -1, SQLITE_STATIC),
             sqlite3_bind_text(st_, 3, s->actor, -1, SQLITE_STATIC)),
            "disbursement_batch");
    int64_t id = sqlite3_last_insert_rowid(s->db);
    TX_STEP(q_items,
            (sqlite3_bind_int64(st_, 1, p->id),
             sqlite3_bind_text(st_, 2, period, -1, SQLITE_STATIC), sqlite3_bind_int64(st_, 3, id),
             sqlite3_bind_int64(st_, 4, amount_each)),
            "batch_item");
    TX_STEP(q_totals, sqlite3_bind_int64(st_, 1, id), "disbursement_batch");
    if ((rc = pl_store_commit(s, err)))
        return rc;
    return pl_store_batch_get(s, out, id, err);
fail:
    pl_store_rollback(s);
    return rc;
}

int pl_store_batch_set_status(pl_store *s, const pl_actor *who, int64_t id, const char *status,
                              pl_error *err)
{
    static const char sql[] =
        "UPDATE disbursement_batch SET status = ?2, approved_at = CASE WHEN ?2 = 'approved' "
        "THEN " NOW " ELSE approved_at END, approved_by = CASE WHEN ?2 = 'approved' THEN ?3 "
        "ELSE approved_by END WHERE id = ?1";
    pl_batch b;
    int rc = pl_store_batch_get(s, &b, id, err);
    if (rc)
        return rc;
    if (strcmp(b.status, status) == 0)
        return pl_error_set(err, PL_ECONFLICT, "status", "batch #%lld sudah berstatus %s",
                            (long long)id, status);
    pl_sq_set_actor(s, who);
    PREP(st, sql);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, s->actor, -1, SQLITE_STATIC);
    rc = done(s, st, err, "disbursement_batch");
    if (rc == PL_EINVAL || rc == PL_ECONFLICT)
        return pl_error_set(err, PL_ECONFLICT, "status",
                            "batch #%lld berstatus %s; tidak dapat menjadi %s", (long long)id,
                            b.status, status);
    return rc;
}

int pl_store_batch_items(pl_store *s, int64_t batch_id, pl_batch_item_cb cb, void *ctx,
                         pl_error *err)
{
    static const char sql[] =
        "SELECT id, coalesce(person_id, 0), coalesce(household_id, 0), beneficiary, name, "
        "village_code, amount, account, reference, status, status_reason FROM batch_item "
        "WHERE batch_id = ?1 ORDER BY id";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    PREP(st, sql);
    sqlite3_bind_int64(st, 1, batch_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        pl_batch_item it;
        memset(&it, 0, sizeof it);
        it.id = sqlite3_column_int64(st, 0);
        it.person_id = sqlite3_column_int64(st, 1);
        it.household_id = sqlite3_column_int64(st, 2);
        pl_sq_col_text(it.beneficiary, sizeof it.beneficiary, st, 3);
        pl_sq_col_text(it.name, sizeof it.name, st, 4);
        pl_sq_col_text(it.village, sizeof it.village, st, 5);
        it.amount = sqlite3_column_int64(st, 6);
        pl_sq_col_text(it.account, sizeof it.account, st, 7);
        pl_sq_col_text(it.reference, sizeof it.reference, st, 8);
        pl_sq_col_text(it.status, sizeof it.status, st, 9);
        pl_sq_col_text(it.status_reason, sizeof it.status_reason, st, 10);
        int stop = cb(ctx, &it);
        if (stop) {
            sqlite3_reset(st);
            return stop;
        }
    }
    if (rc != SQLITE_DONE)
        return pl_sq_step_error(s, rc, err, "batch_item");
    sqlite3_reset(st);
    return 0;
}

int pl_store_batch_item_status(pl_store *s, const pl_actor *who, int64_t batch_id,
                               const char *reference, const char *status, const char *reason,
                               pl_error *err)
{
    static const char sql[] = "UPDATE batch_item SET status = ?3, status_reason = ?4 WHERE "
                              "batch_id = ?1 AND reference = ?2";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    pl_sq_set_actor(s, who);
    PREP(st, sql);
    sqlite3_bind_int64(st, 1, batch_id);
    sqlite3_bind_text(st, 2, reference, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, status, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, reason ? reason : "", -1, SQLITE_STATIC);
    rc = done(s, st, err, "batch_item");
    if (rc == PL_EINVAL)
        return pl_error_set(err, PL_ECONFLICT, "status", "referensi %s: %s", reference,
                            sqlite3_errmsg(s->db));
    if (rc)
        return rc;
    if (sqlite3_changes(s->db) == 0)
        return pl_error_set(err, PL_ENOTFOUND, "referensi", "referensi %s tidak ada di batch ini",
                            reference);
    return 0;
}

int pl_store_batch_totals(pl_store *s, int64_t batch_id, const char *scope, pl_batch_total_cb cb,
                          void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT substr(village_code, 1, 5), status, count(*), sum(amount) FROM batch_item "
        "WHERE batch_id = ?1 AND (?2 = '' OR village_code = ?2 OR (village_code >= ?2 || '.' "
        "AND village_code < ?2 || '/')) GROUP BY 1, 2 ORDER BY 1, 2";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    PREP(st, sql);
    sqlite3_bind_int64(st, 1, batch_id);
    sqlite3_bind_text(st, 2, scope ? scope : "", -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        pl_batch_total t;
        memset(&t, 0, sizeof t);
        pl_sq_col_text(t.region, sizeof t.region, st, 0);
        pl_sq_col_text(t.status, sizeof t.status, st, 1);
        t.items = (long)sqlite3_column_int64(st, 2);
        t.amount = sqlite3_column_int64(st, 3);
        int stop = cb(ctx, &t);
        if (stop) {
            sqlite3_reset(st);
            return stop;
        }
    }
    if (rc != SQLITE_DONE)
        return pl_sq_step_error(s, rc, err, "batch_item");
    sqlite3_reset(st);
    return 0;
}

int pl_store_program_findings(pl_store *s, int64_t program_id, const char *period,
                              const char *scope, pl_finding_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT f.rule, coalesce(f.person_id, 0), coalesce(f.household_id, 0), "
        "coalesce(p.nik, ''), coalesce(p.name, ''), coalesce(p.village_code, ''), f.detail "
        "FROM integrity_finding f LEFT JOIN person p ON p.id = f.person_id "
        "WHERE f.program_id = ?1 AND f.period = ?2 AND " PL_SQ_IN_PREFIX("p.village_code", "?3")
        /* nor a finding that names another record outside the scope (?3, as above) */
        " AND NOT EXISTS (SELECT 1 FROM person o WHERE o.id = f.other_person AND NOT (?3 = '' "
        "OR o.village_code = ?3 OR (o.village_code >= ?3 || '.' AND o.village_code < ?3 || '/')))"
        " AND NOT EXISTS (SELECT 1 FROM json_each(coalesce(f.other_households, '[]')) j JOIN "
        "household h ON h.id = j.value WHERE NOT (?3 = '' OR h.village_code = ?3 OR "
        "(h.village_code >= ?3 || '.' AND h.village_code < ?3 || '/'))) "
        "ORDER BY f.rule, f.person_id";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    PREP(st, sql);
    sqlite3_bind_int64(st, 1, program_id);
    sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, scope ? scope : "", -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        pl_finding f;
        memset(&f, 0, sizeof f);
        pl_sq_col_text(f.rule, sizeof f.rule, st, 0);
        f.person_id = sqlite3_column_int64(st, 1);
        f.household_id = sqlite3_column_int64(st, 2);
        pl_sq_col_text(f.nik, sizeof f.nik, st, 3);
        pl_sq_col_text(f.name, sizeof f.name, st, 4);
        pl_sq_col_text(f.village, sizeof f.village, st, 5);
        pl_sq_col_text(f.detail, sizeof f.detail, st, 6);
        int stop = cb(ctx, &f);
        if (stop) {
            sqlite3_reset(st);
            return stop;
        }
    }
    if (rc != SQLITE_DONE)
        return pl_sq_step_error(s, rc, err, "integrity_finding");
    sqlite3_reset(st);
    return 0;
}
