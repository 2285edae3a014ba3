/*
 * dedup.c - duplicate candidates, "not the same person" decisions, merges and their undo on
 * PostgreSQL (store/dedup.h). Detection itself (blocking and scores) is C in the service and
 * domain/match.c, over the rows these scans stream: the same rows in the same order as on
 * SQLite, so the same candidates with the same scores.
 */
#include "store/pg/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A person as duplicate detection reads it; the strings are the result's own. */
static void read_dedup(pl_dedup_row *r, const PGresult *res, int row)
{
    r->id = pl_pg_int(res, row, 0);
    r->nik = PQgetvalue(res, row, 1);
    r->name = PQgetvalue(res, row, 2);
    r->birth_date = PQgetvalue(res, row, 3);
    r->sex = PQgetvalue(res, row, 4)[0];
    r->mother = PQgetvalue(res, row, 5);
    r->village = PQgetvalue(res, row, 6);
    r->address = PQgetvalue(res, row, 7);
    r->household_id = pl_pg_int(res, row, 8);
}

/*
 * pl_pg_each copies a record before the callback, but the strings point into the result,
 * which lives until the loop ends: valid for the callback, as on SQLite.
 */
PL_PG_ROWS(dedup_rows, pl_dedup_row, pl_dedup_row_cb, read_dedup, "dedup scan");

/* Inside prefix P ('' = all). */
#define IN_PREFIX(COL, P) "(" P " = '' OR " COL " = " P " OR starts_with(" COL ", " P " || '.'))"

#define DEDUP_COLS                                                                                 \
    "SELECT p.id, coalesce(p.nik, ''), p.name, coalesce(p.birth_date, ''), coalesce(p.sex, ''), "  \
    "p.mother_name, p.village_code, coalesce(h.address, ''), coalesce(p.household_id, 0) "         \
    "FROM person p LEFT JOIN household h ON h.id = p.household_id "                                \
    "AND substr(h.village_code, 1, 2) = substr(p.village_code, 1, 2) "

static void province_of(char prov[3], const char *code)
{
    prov[0] = '\0';
    if (code && strlen(code) >= 2)
        snprintf(prov, 3, "%.2s", code);
}

int pl_pg_dedup_scan(pl_pg_store *s, const char *region, pl_dedup_row_cb cb, void *ctx,
                     pl_error *err)
{
    /* NULL households first, as SQLite sorts them. */
    static const char sql[] = DEDUP_COLS
        "WHERE ($2 = '' OR substr(p.village_code, 1, 2) = $2) "
        "AND p.death_date IS NULL AND " IN_PREFIX(
            "p.village_code",
            "$1") " "
                  "AND NOT EXISTS (SELECT 1 FROM person_merged m WHERE m.person_id = p.id) "
                  "ORDER BY p.household_id NULLS FIRST, p.id";
    /* A coordinator reads every shard's people (national.*); person_merged is its own, so a
     * merged person is known by its state, which every merge sets. */
    static const char sql_coord[] = DEDUP_COLS
        "WHERE ($2 = '' OR substr(p.village_code, 1, 2) = $2) "
        "AND p.death_date IS NULL AND " IN_PREFIX(
            "p.village_code",
            "$1") " "
                  "AND NOT (p.state = 'rejected' AND starts_with(coalesce(p.state_reason, ''), "
                  "'digabung ke #')) ORDER BY p.household_id NULLS FIRST, p.id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    char prov[3];
    province_of(prov, region);
    const char *p[] = {region ? region : "", prov};
    return pl_pg_each(s, s->coordinator ? sql_coord : sql, 2, p, &dedup_rows, NULL, PL_PG_FN(cb),
                      ctx, err);
}

int pl_pg_dedup_near(pl_pg_store *s, const char *village, pl_dedup_row_cb cb, void *ctx,
                     pl_error *err)
{
    static const char sql[] =
        DEDUP_COLS "WHERE substr(p.village_code, 1, 2) = $2 AND p.village_code = $1 "
                   "AND p.death_date IS NULL "
                   "AND NOT EXISTS (SELECT 1 FROM person_merged m WHERE m.person_id = p.id) "
                   "ORDER BY p.household_id NULLS FIRST, p.id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    char prov[3];
    province_of(prov, village);
    const char *p[] = {village ? village : "", prov};
    return pl_pg_each(s, sql, 2, p, &dedup_rows, NULL, PL_PG_FN(cb), ctx, err);
}

int pl_pg_dedup_near_many(pl_pg_store *s, const char *const *villages, size_t n, pl_dedup_row_cb cb,
                          void *ctx, pl_error *err)
{
    /* pl_pg_dedup_near's rows for many villages, village by village (byte order, as strcmp). */
    static const char sql[] =
        DEDUP_COLS "WHERE substr(p.village_code, 1, 2) = ANY($2::text[]) "
                   "AND p.village_code = ANY($1::text[]) AND p.death_date IS NULL "
                   "AND NOT EXISTS (SELECT 1 FROM person_merged m WHERE m.person_id = p.id) "
                   "ORDER BY p.village_code COLLATE \"C\", p.household_id NULLS FIRST, p.id";
    enum { PER_QUERY = 256 };
    int rc = pl_pg_require_schema(s, err);
    for (size_t at = 0; rc == 0 && at < n; at += PER_QUERY) {
        size_t k = n - at < PER_QUERY ? n - at : PER_QUERY;
        char provs[PER_QUERY][3];
        const char *pv[PER_QUERY];
        size_t np = 0;
        for (size_t i = 0; i < k; i++) {
            province_of(provs[np], villages[at + i]);
            bool seen = false;
            for (size_t j = 0; j < np && !seen; j++)
                seen = strcmp(provs[j], provs[np]) == 0;
            if (!seen)
                pv[np] = provs[np], np++;
        }
        char *a = pl_pg_text_array(villages + at, k);
        char *b = pl_pg_text_array(pv, np);
        if (a == NULL || b == NULL) {
            rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        } else {
            const char *p[] = {a, b};
            rc = pl_pg_each(s, sql, 2, p, &dedup_rows, NULL, PL_PG_FN(cb), ctx, err);
        }
        free(a);
        free(b);
    }
    return rc;
}

int pl_pg_person_merged_into(pl_pg_store *s, int64_t id, int64_t *into, int64_t *merge_id,
                             pl_error *err)
{
    static const char sql[] = "SELECT into_id, merge_id FROM person_merged WHERE person_id = $1";
    *into = 0;
    *merge_id = 0;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    int64_t at = id;
    for (int step = 0; step < 32; step++) {
        pl_pg_num n;
        const char *p[] = {pl_pg_i64(&n, at)};
        PGresult *r = pl_pg_query(s, sql, 1, p, err, "person_merged");
        if (r == NULL)
            return err->code;
        bool found = PQntuples(r) > 0;
        if (found) {
            at = pl_pg_int(r, 0, 0);
            if (step == 0)
                *merge_id = pl_pg_int(r, 0, 1);
        }
        PQclear(r);
        if (!found)
            break;
    }
    if (*merge_id == 0)
        return pl_error_set(err, PL_ENOTFOUND, "id", "orang #%lld tidak digabung", (long long)id);
    *into = at;
    return 0;
}

int pl_pg_dedup_candidate_put(pl_pg_store *s, const pl_actor *who, int64_t a, int64_t b,
                              double score, bool exact, const char *reasons, bool *written,
                              pl_error *err)
{
    static const char sql[] =
        "INSERT INTO dedup_candidate AS d(person_a, person_b, score, exact, reasons, created_at) "
        "VALUES($1, $2, $3, $4, $5, pl_now()) ON CONFLICT(person_a, person_b) DO UPDATE SET "
        "score = excluded.score, exact = excluded.exact, reasons = excluded.reasons "
        "WHERE d.status = 'open' AND (d.score <> excluded.score OR d.reasons <> excluded.reasons) "
        "RETURNING 1";
    *written = false;
    bool own;
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num na, nb, sc;
    const char *p[] = {pl_pg_i64(&na, a < b ? a : b), pl_pg_i64(&nb, a < b ? b : a),
                       pl_pg_f64(&sc, score), pl_pg_b(exact), reasons ? reasons : ""};
    PGresult *r = pl_pg_query(s, sql, 5, p, err, "dedup_candidate");
    if (r == NULL)
        return pl_pg_tx_end(s, own, err->code, err);
    *written = PQntuples(r) > 0;
    PQclear(r);
    return pl_pg_tx_end(s, own, 0, err);
}

static void read_candidate(pl_dedup_candidate *c, const PGresult *r, int row)
{
    c->id = pl_pg_int(r, row, 0);
    c->person_a = pl_pg_int(r, row, 1);
    c->person_b = pl_pg_int(r, row, 2);
    c->score = pl_pg_real(r, row, 3);
    c->exact = pl_pg_int(r, row, 4) != 0;
    pl_pg_copy(c->reasons, sizeof c->reasons, r, row, 5);
    pl_pg_copy(c->status, sizeof c->status, r, row, 6);
    pl_pg_copy(c->name_a, sizeof c->name_a, r, row, 7);
    pl_pg_copy(c->name_b, sizeof c->name_b, r, row, 8);
    pl_pg_copy(c->nik_a, sizeof c->nik_a, r, row, 9);
    pl_pg_copy(c->nik_b, sizeof c->nik_b, r, row, 10);
    pl_pg_copy(c->village_a, sizeof c->village_a, r, row, 11);
    pl_pg_copy(c->village_b, sizeof c->village_b, r, row, 12);
    pl_pg_copy(c->created_at, sizeof c->created_at, r, row, 13);
    pl_pg_copy(c->decided_by, sizeof c->decided_by, r, row, 14);
    pl_pg_copy(c->decided_at, sizeof c->decided_at, r, row, 15);
    c->merge_id = pl_pg_int(r, row, 16);
    c->survivor_id = pl_pg_int(r, row, 17);
}

/* The candidate columns read_candidate reads, from d (dedup_candidate) joined to a and b. */
#define CAND_SELECT                                                                                \
    "SELECT d.id, d.person_a, d.person_b, d.score, d.exact, d.reasons, d.status, a.name, "         \
    "b.name, coalesce(a.nik, ''), coalesce(b.nik, ''), a.village_code, b.village_code, "           \
    "d.created_at, coalesce(d.decided_by, ''), coalesce(d.decided_at, ''), coalesce(l.id, 0), "    \
    "coalesce(l.survivor_id, 0) FROM dedup_candidate d "                                           \
    "JOIN person_key ka ON ka.id = d.person_a JOIN person_key kb ON kb.id = d.person_b "           \
    "JOIN person a ON substr(a.village_code, 1, 2) = ka.prov AND a.id = d.person_a "               \
    "JOIN person b ON substr(b.village_code, 1, 2) = kb.prov AND b.id = d.person_b "               \
    "LEFT JOIN merge_log l ON d.status = 'merged' AND "                                            \
    "l.id = (SELECT max(l2.id) FROM merge_log l2 WHERE l2.undone_at IS NULL AND "                  \
    "((l2.survivor_id = d.person_a AND l2.merged_id = d.person_b) OR "                             \
    "(l2.survivor_id = d.person_b AND l2.merged_id = d.person_a))) "

PL_PG_ROWS(candidate_rows, pl_dedup_candidate, pl_dedup_candidate_cb, read_candidate,
           "dedup_candidate");

int pl_pg_dedup_candidate_list(pl_pg_store *s, const char *status, double min_score,
                               const char *scope, int limit, pl_dedup_candidate_cb cb, void *ctx,
                               pl_error *err)
{
    static const char sql[] =
        CAND_SELECT "WHERE ($1::text IS NULL OR d.status = $1) AND d.score >= $2 AND " IN_PREFIX(
            "a.village_code", "$4") " AND " IN_PREFIX("b.village_code", "$4") " "
                                                                              "ORDER BY d.score "
                                                                              "DESC, d.id LIMIT $3";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num sc, lim;
    /* As on SQLite: NULL or "" is any status. */
    const char *p[] = {status && status[0] ? status : NULL, pl_pg_f64(&sc, min_score),
                       pl_pg_i64(&lim, limit > 0 ? limit : 100), scope ? scope : ""};
    return pl_pg_each(s, sql, 4, p, &candidate_rows, NULL, PL_PG_FN(cb), ctx, err);
}

static int read_one_candidate(void *out, const PGresult *r, int row, void *arg)
{
    (void)arg;
    memset(out, 0, sizeof(pl_dedup_candidate));
    read_candidate(out, r, row);
    return 0;
}

int pl_pg_dedup_candidate_get(pl_pg_store *s, pl_dedup_candidate *out, int64_t id, pl_error *err)
{
    static const char sql[] = CAND_SELECT "WHERE d.id = $1";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, id)};
    PGresult *r = pl_pg_query(s, sql, 1, p, err, "dedup_candidate");
    if (r == NULL)
        return err->code;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return pl_error_set(err, PL_ENOTFOUND, "id", "pasangan #%lld tidak ditemukan",
                            (long long)id);
    }
    read_one_candidate(out, r, 0, NULL);
    PQclear(r);
    return 0;
}

static int person_exists(pl_pg_store *s, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT 1 FROM person_key WHERE id = $1";
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, id)};
    PGresult *r = pl_pg_query(s, sql, 1, p, err, "person");
    if (r == NULL)
        return err->code;
    bool found = PQntuples(r) > 0;
    PQclear(r);
    return found ? 0
                 : pl_error_set(err, PL_ENOTFOUND, "id", "orang #%lld tidak ditemukan",
                                (long long)id);
}

int pl_pg_dedup_distinct(pl_pg_store *s, const pl_actor *who, int64_t a, int64_t b,
                         const char *reason, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO dedup_candidate AS d(person_a, person_b, score, reasons, status, created_at, "
        "decided_by, decided_at) VALUES($1, $2, 0, $3, 'not_same', pl_now(), $4, pl_now()) "
        "ON CONFLICT(person_a, person_b) DO UPDATE SET status = 'not_same', "
        "decided_by = excluded.decided_by, decided_at = excluded.decided_at, "
        "reasons = CASE WHEN excluded.reasons = '' THEN d.reasons "
        "ELSE d.reasons || '; bukan orang yang sama: ' || excluded.reasons END";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    if ((rc = person_exists(s, a, err)) || (rc = person_exists(s, b, err)))
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num na, nb;
    const char *p[] = {pl_pg_i64(&na, a < b ? a : b), pl_pg_i64(&nb, a < b ? b : a),
                       reason ? reason : "", s->actor};
    rc = pl_pg_command(s, sql, 4, p, err, "dedup_candidate");
    return pl_pg_tx_end(s, own, rc, err);
}

/* A person row by id, pruned to its province through person_key ($n is the id). */
#define PERSON_BY(N)                                                                               \
    "substr(village_code, 1, 2) = (SELECT prov FROM person_key WHERE id = " N ") AND id = " N

#define RESTORE_COLS                                                                               \
    "'nik', nik, 'birth_date', birth_date, 'birth_place', birth_place, 'mother_name', "            \
    "mother_name, 'disability', disability, 'state', state, 'state_by', state_by, "                \
    "'state_at', state_at, 'state_reason', state_reason"

/* SQL text: sets the candidate pair ($1, $2) to STATUS, decided by $3 now. */
#define CAND_SET(STATUS)                                                                           \
    "UPDATE dedup_candidate SET status = '" STATUS "', decided_by = $3, decided_at = pl_now() "    \
    "WHERE person_a = least($1::bigint, $2::bigint) AND person_b = greatest($1::bigint, "          \
    "$2::bigint)"

/* Runs sql with params as one step of a transaction; 0 or the failure. */
static int step(pl_pg_store *s, const char *sql, int n, const char *const *p, pl_error *err,
                const char *what)
{
    return pl_pg_command(s, sql, n, p, err, what);
}

int pl_pg_dedup_merge(pl_pg_store *s, const pl_actor *who, int64_t survivor, int64_t merged,
                      int64_t *merge_id, pl_error *err)
{
    static const char q_merged[] = "SELECT count(*) FROM person_merged WHERE person_id IN ($1, $2)";
    static const char q_log[] =
        "INSERT INTO merge_log(survivor_id, merged_id, candidate_id, before, at, actor) "
        "SELECT $1, $2, (SELECT id FROM dedup_candidate WHERE person_a = least($1::bigint, "
        "$2::bigint) AND person_b = greatest($1::bigint, $2::bigint)), json_build_object("
        "'survivor', (SELECT json_build_object(" RESTORE_COLS ") FROM person WHERE " PERSON_BY(
            "$1") "), "
                  "'merged', (SELECT json_build_object(" RESTORE_COLS
                  ") FROM person WHERE " PERSON_BY(
                      "$2") "), "
                            "'memberships', (SELECT "
                            "coalesce(json_agg(json_build_object('"
                            "id', id, 'person_id', person_id, "
                            "'valid_to', valid_to) ORDER BY id), "
                            "'[]') FROM membership WHERE person_id "
                            "= $2), "
                            "'enrolments', (SELECT coalesce(json_agg(json_build_object('id', id, "
                            "'person_id', "
                            "person_id) ORDER BY id), '[]') FROM enrolment WHERE person_id = $2), "
                            "'accounts', (SELECT coalesce(json_agg(json_build_object('id', id, "
                            "'person_id', "
                            "person_id) ORDER BY id), '[]') FROM bank_account WHERE person_id = "
                            "$2))::text, "
                            "pl_now(), $3 RETURNING id";
    static const char q_close[] =
        "UPDATE membership SET valid_to = greatest(valid_from, pl_today()) WHERE person_id = $2 "
        "AND valid_to IS NULL AND category IN (SELECT category FROM membership WHERE "
        "person_id = $1 AND valid_to IS NULL)";
    /* A membership follows its subject's province (its partition). */
    static const char q_move_m[] = "UPDATE membership SET person_id = $1, "
                                   "prov = (SELECT prov FROM person_key WHERE id = $1) "
                                   "WHERE person_id = $2";
    static const char q_move_e[] =
        "UPDATE enrolment SET person_id = $1 WHERE person_id = $2 AND NOT EXISTS(SELECT 1 FROM "
        "enrolment e2 WHERE e2.person_id = $1 AND e2.program_id = enrolment.program_id AND "
        "e2.period = enrolment.period)";
    static const char q_move_a[] = "UPDATE bank_account SET person_id = $1 WHERE person_id = $2";
    static const char q_take_nik[] =
        "UPDATE person SET nik = NULL WHERE " PERSON_BY("$2") " AND (SELECT nik FROM person_key "
                                                              "WHERE id = $1) IS NULL";
    static const char q_fill[] =
        "UPDATE person SET "
        "nik = coalesce(nik, $2::json -> 'merged' ->> 'nik'), "
        "birth_date = coalesce(birth_date, $2::json -> 'merged' ->> 'birth_date'), "
        "birth_place = CASE WHEN birth_place = '' THEN $2::json -> 'merged' ->> 'birth_place' "
        "ELSE birth_place END, "
        "mother_name = CASE WHEN mother_name = '' THEN $2::json -> 'merged' ->> 'mother_name' "
        "ELSE mother_name END, "
        "disability = CASE WHEN disability = '' THEN $2::json -> 'merged' ->> 'disability' "
        "ELSE disability END, version = version + 1, updated_at = pl_now() WHERE " PERSON_BY("$1");
    static const char q_reject[] =
        "UPDATE person SET state = 'rejected', state_by = $3, state_at = pl_now(), "
        "state_reason = 'digabung ke #' || $1 || ' (penggabungan ' || $4 || ')', "
        "version = version + 1, updated_at = pl_now() WHERE " PERSON_BY("$2");
    static const char q_mark[] =
        "INSERT INTO person_merged(person_id, into_id, merge_id) VALUES($2, $1, $3)";
    static const char q_cand[] = CAND_SET("merged");

    *merge_id = 0;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num ns, nm, nl;
    const char *sv = pl_pg_i64(&ns, survivor), *mg = pl_pg_i64(&nm, merged);
    const char *p2[] = {sv, mg};
    char *before = NULL;
    PGresult *r = NULL;
    if ((rc = person_exists(s, survivor, err)) || (rc = person_exists(s, merged, err)))
        goto done;
    if ((r = pl_pg_query(s, q_merged, 2, p2, err, "person_merged")) == NULL) {
        rc = err->code;
        goto done;
    }
    long n = (long)pl_pg_int(r, 0, 0);
    PQclear(r);
    if (n > 0) {
        rc = pl_error_set(err, PL_EINVAL, "id", "salah satu orang sudah digabung");
        goto done;
    }
    const char *p3[] = {sv, mg, s->actor};
    if ((rc = pl_pg_scalar_i64(s, q_log, 3, p3, merge_id, err, "merge_log")))
        goto done;
    {
        static const char q_before[] = "SELECT before FROM merge_log WHERE id = $1";
        const char *pb[] = {pl_pg_i64(&nl, *merge_id)};
        if ((r = pl_pg_query(s, q_before, 1, pb, err, "merge_log")) == NULL) {
            rc = err->code;
            goto done;
        }
        before = PQntuples(r) ? strdup(PQgetvalue(r, 0, 0)) : NULL;
        PQclear(r);
        if (before == NULL) {
            rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
            goto done;
        }
    }
    const char *pf[] = {sv, before};
    const char *pr[] = {sv, mg, s->actor, nl.b};
    const char *pm[] = {sv, mg, nl.b};
    if ((rc = step(s, q_close, 2, p2, err, "membership")) ||
        (rc = step(s, q_move_m, 2, p2, err, "membership")) ||
        (rc = step(s, q_move_e, 2, p2, err, "enrolment")) ||
        (rc = step(s, q_move_a, 2, p2, err, "bank_account")) ||
        (rc = step(s, q_take_nik, 2, p2, err, "person")) ||
        (rc = step(s, q_fill, 2, pf, err, "person")) ||
        (rc = step(s, q_reject, 4, pr, err, "person")) ||
        (rc = step(s, q_mark, 3, pm, err, "person_merged")) ||
        (rc = step(s, q_cand, 3, p3, err, "dedup_candidate")))
        goto done;
done:
    free(before);
    if (rc)
        *merge_id = 0;
    return pl_pg_tx_end(s, own, rc, err);
}

int pl_pg_dedup_undo(pl_pg_store *s, const pl_actor *who, int64_t merge_id, pl_error *err)
{
    static const char q_get[] =
        "SELECT survivor_id, merged_id, undone_at IS NOT NULL, (SELECT count(*) FROM merge_log "
        "l2 WHERE l2.id > l.id AND l2.undone_at IS NULL AND (l2.survivor_id IN (l.survivor_id, "
        "l.merged_id) OR l2.merged_id IN (l.survivor_id, l.merged_id))), before "
        "FROM merge_log l WHERE id = $1";
    static const char q_unmark[] = "DELETE FROM person_merged WHERE merge_id = $1";
#define RESTORE(WHO, ID)                                                                           \
    "UPDATE person SET nik = $3::json -> '" WHO "' ->> 'nik', "                                    \
    "birth_date = $3::json -> '" WHO "' ->> 'birth_date', "                                        \
    "birth_place = $3::json -> '" WHO "' ->> 'birth_place', "                                      \
    "mother_name = $3::json -> '" WHO "' ->> 'mother_name', "                                      \
    "disability = $3::json -> '" WHO "' ->> 'disability', "                                        \
    "state = $3::json -> '" WHO "' ->> 'state', "                                                  \
    "state_by = $3::json -> '" WHO "' ->> 'state_by', "                                            \
    "state_at = $3::json -> '" WHO "' ->> 'state_at', "                                            \
    "state_reason = $3::json -> '" WHO "' ->> 'state_reason', "                                    \
    "version = version + 1, updated_at = pl_now() WHERE " PERSON_BY(ID)
    /* Both persons' parameters typed in each statement ($1 and $2 are ids). */
    static const char q_rs[] = RESTORE("survivor", "$1") " AND $2::bigint IS NOT NULL";
    static const char q_rm[] = RESTORE("merged", "$2") " AND $1::bigint IS NOT NULL";
#undef RESTORE
    static const char q_m[] =
        "UPDATE membership SET person_id = (j ->> 'person_id')::bigint, "
        "prov = (SELECT prov FROM person_key WHERE id = (j ->> 'person_id')::bigint), "
        "valid_to = j ->> 'valid_to' FROM json_array_elements($3::json -> 'memberships') j "
        "WHERE membership.id = (j ->> 'id')::bigint AND $1::bigint IS NOT NULL "
        "AND $2::bigint IS NOT NULL";
    static const char q_e[] =
        "UPDATE enrolment SET person_id = (j ->> 'person_id')::bigint "
        "FROM json_array_elements($3::json -> 'enrolments') j "
        "WHERE enrolment.id = (j ->> 'id')::bigint AND $1::bigint IS NOT NULL "
        "AND $2::bigint IS NOT NULL";
    static const char q_a[] =
        "UPDATE bank_account SET person_id = (j ->> 'person_id')::bigint "
        "FROM json_array_elements($3::json -> 'accounts') j "
        "WHERE bank_account.id = (j ->> 'id')::bigint AND $1::bigint IS NOT NULL "
        "AND $2::bigint IS NOT NULL";
    static const char q_done[] =
        "UPDATE merge_log SET undone_at = pl_now(), undone_by = $2 WHERE id = $1";
    static const char q_cand[] = CAND_SET("open");

    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    char *before = NULL;
    pl_pg_num nid, na, nb;
    const char *pid[] = {pl_pg_i64(&nid, merge_id)};
    PGresult *r = pl_pg_query(s, q_get, 1, pid, err, "merge_log");
    if (r == NULL) {
        rc = err->code;
        goto done;
    }
    if (PQntuples(r) == 0) {
        PQclear(r);
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "penggabungan #%lld tidak ada",
                          (long long)merge_id);
        goto done;
    }
    int64_t a = pl_pg_int(r, 0, 0), b = pl_pg_int(r, 0, 1);
    bool undone = pl_pg_int(r, 0, 2) != 0;
    long later = (long)pl_pg_int(r, 0, 3);
    before = strdup(PQgetvalue(r, 0, 4));
    PQclear(r);
    if (undone) {
        rc = pl_error_set(err, PL_ECONFLICT, "id", "penggabungan #%lld sudah dibatalkan",
                          (long long)merge_id);
        goto done;
    }
    if (later) {
        rc = pl_error_set(err, PL_ECONFLICT, "id",
                          "batalkan dulu penggabungan lebih baru yang melibatkan orang ini");
        goto done;
    }
    if (before == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        goto done;
    }
    /* A merge across shards (store/xact.h) has a half on another data base: not undone here. */
    if (strstr(before, "\"cross_shard\"") != NULL) {
        rc = pl_error_set(err, PL_ECONFLICT, "id",
                          "penggabungan #%lld melibatkan orang di shard lain (pilar cluster "
                          "merge); pembatalannya belum tersedia",
                          (long long)merge_id);
        goto done;
    }
    const char *p3[] = {pl_pg_i64(&na, a), pl_pg_i64(&nb, b), before};
    const char *pd[] = {nid.b, s->actor};
    const char *pc[] = {na.b, nb.b, s->actor};
    if ((rc = step(s, q_unmark, 1, pid, err, "person_merged")) ||
        (rc = step(s, q_rs, 3, p3, err, "person")) || (rc = step(s, q_rm, 3, p3, err, "person")) ||
        (rc = step(s, q_m, 3, p3, err, "membership")) ||
        (rc = step(s, q_e, 3, p3, err, "enrolment")) ||
        (rc = step(s, q_a, 3, p3, err, "bank_account")) ||
        (rc = step(s, q_done, 2, pd, err, "merge_log")) ||
        (rc = step(s, q_cand, 3, pc, err, "dedup_candidate")))
        goto done;
done:
    free(before);
    return pl_pg_tx_end(s, own, rc, err);
}
