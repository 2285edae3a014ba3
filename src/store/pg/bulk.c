/*
 * bulk.c - the importer's path on PostgreSQL (store/bulk.h): bulk-load mode, its phases, and
 * upserts of households, people and memberships keyed by KK, NIK and category.
 *
 * How a batch is written (the service, src/service/import.c, drives it as on SQLite):
 * - bulk mode sets pilar.audit_inserts = 'off' (for the session and in each transaction): the
 *   insert triggers then skip the audit, the residence history and the spatial index, which
 *   pl_pg_bulk_flush adds set-based once per chunk (INSERT ... SELECT over the ids above its
 *   marker, as store/sqlite/bulk.c does);
 * - in the insert phase a new household costs no round trip of its own: which KKs exist is
 *   learnt once per 6-digit KK prefix (one range query on household_key), a new household gets
 *   an id reserved from its identity sequence and waits in a COPY buffer; the buffer goes in
 *   with COPY into a temporary staging table and one INSERT ... SELECT before the chunk's
 *   people (which reference it) and at every flush;
 * - new people go the same way: COPY of the chunk's rows into a staging table, then one
 *   INSERT ... SELECT of the rows whose NIK person_key does not hold (the first row of a NIK
 *   repeated in the chunk), RETURNING the ids; a row the data base refuses makes that
 *   statement fail: it is rolled back to a savepoint and the rows go one by one, the refused
 *   ones answering 0 (the update phase says why);
 * - in the update phase every write runs with the triggers' checks, audit and locks.
 * Staging tables are temporary (this session's, gone with it): a kill at any moment leaves
 * what the last committed batch wrote, whole households included, and nothing else.
 */
#include "store/pg/internal.h"
#include "domain/name.h"
#include "domain/region_code.h"
#include "util/buf.h"
#include "util/hashmap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ID_BLOCK 64 /* household ids reserved per round trip in the insert phase */

struct pl_pg_bulk {
    bool inserts;            /* the insert phase */
    char now[24];            /* the load's timestamp */
    int64_t person_done;     /* people and households up to these ids are caught up */
    int64_t household_done;  /* (residence history and spatial index) */
    pl_u64map *kk_exists;    /* KK (as a number) -> a = 1: stored or waiting in hh_copy */
    pl_u64map *kk_prefixes;  /* 6-digit KK prefixes (+1) whose stored KKs are in kk_exists */
    pl_buf hh_copy;          /* new households waiting, as COPY text rows */
    size_t hh_waiting;       /* rows in hh_copy */
    int64_t id_next, id_end; /* household ids reserved and not handed out: [next, end) */
};

static bool in_scope(const char *code, const char *scope)
{
    return scope == NULL || scope[0] == '\0' || pl_region_code_in_scope(code, scope);
}

/* Now in UTC as pl_now() writes it, into buf. */
static const char *utc_now(char buf[24])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/* The bulk load's timestamp, or now (into buf). */
static const char *stamp(pl_pg_store *s, char buf[24])
{
    return s->bulk ? s->bulk->now : utc_now(buf);
}

/*
 * pl_pg_tx_begin_as, without the round trip that sends the actor again when the caller's
 * transaction already acts for the same one (the importer calls here per row).
 */
static int begin_as(pl_pg_store *s, const pl_actor *who, bool *own, pl_error *err)
{
    const char *user = who && who->user ? who->user : "system";
    const char *client = who && who->client ? who->client : "";
    if (s->in_tx && strcmp(s->actor, user) == 0 && strcmp(s->client, client) == 0) {
        *own = false;
        return 0;
    }
    return pl_pg_tx_begin_as(s, who, own, err);
}

/* The transaction-local switch of the insert triggers (docs/internals/postgresql.md). */
static int inserts_unaudited(pl_pg_store *s, pl_error *err)
{
    return pl_pg_command(s, "SELECT set_config('pilar.audit_inserts', 'off', true)", 0, NULL, err,
                         "bulk");
}

static int max_ids(pl_pg_store *s, pl_error *err)
{
    static const char sql[] = "SELECT (SELECT coalesce(max(id), 0) FROM person_key), "
                              "(SELECT coalesce(max(id), 0) FROM household_key)";
    PGresult *r = pl_pg_query(s, sql, 0, NULL, err, "person");
    if (r == NULL)
        return err->code;
    s->bulk->person_done = pl_pg_int(r, 0, 0);
    s->bulk->household_done = pl_pg_int(r, 0, 1);
    PQclear(r);
    return 0;
}

static void bulk_free(pl_pg_store *s)
{
    if (s->bulk == NULL)
        return;
    pl_u64map_free(s->bulk->kk_exists);
    pl_u64map_free(s->bulk->kk_prefixes);
    pl_buf_free(&s->bulk->hh_copy);
    free(s->bulk);
    s->bulk = NULL;
}

int pl_pg_bulk_begin(pl_pg_store *s, long expected_rows, pl_error *err)
{
    (void)expected_rows; /* GiST takes points one by one at about the cost of a bulk build */
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    if (s->in_tx)
        return pl_error_set(err, PL_EINTERNAL, "", "bulk mode must start outside a transaction");
    bulk_free(s);
    s->bulk = calloc(1, sizeof *s->bulk);
    if (s->bulk == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    s->bulk->kk_exists = pl_u64map_new(1 << 14);
    s->bulk->kk_prefixes = pl_u64map_new(256);
    pl_buf_init(&s->bulk->hh_copy, 0);
    if (s->bulk->kk_exists == NULL || s->bulk->kk_prefixes == NULL) {
        bulk_free(s);
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    }
    utc_now(s->bulk->now); /* the whole load carries this timestamp */
    /* The staging tables live as long as the session (a kill takes them along). */
    static const char staging[] =
        "CREATE TEMP TABLE IF NOT EXISTS pl_stage_person(ord int, nik text, household_id bigint, "
        "name text, name_norm text, birth_place text, birth_date text, sex text, "
        "relationship text, mother_name text, disability text, village_code text, flags bigint); "
        "CREATE TEMP TABLE IF NOT EXISTS pl_stage_household(id bigint, kk text, "
        "village_code text, address text, rt text, rw text, lat double precision, "
        "lon double precision); "
        "SELECT set_config('pilar.audit_inserts', 'off', false)";
    PGresult *r = PQexec(s->conn, staging);
    if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
        rc = pl_pg_fail(s, r, err, "bulk");
    PQclear(r);
    if (rc == 0)
        rc = max_ids(s, err);
    if (rc)
        bulk_free(s);
    return rc;
}

static int flush_households(pl_pg_store *s, pl_error *err);

int pl_pg_bulk_phase(pl_pg_store *s, pl_bulk_phase phase, pl_error *err)
{
    bool inserts = s->bulk && phase == PL_BULK_INSERTS;
    int rc = 0;
    /* Each transaction of the load says it again: a reconnection forgets the session's. */
    if (s->bulk && s->in_tx && (rc = inserts_unaudited(s, err)))
        return rc;
    if (s->bulk == NULL || inserts == s->bulk->inserts)
        return 0;
    s->bulk->inserts = inserts;
    /* Updates must find the new rows written and indexed. */
    if (!inserts && s->in_tx)
        rc = pl_pg_bulk_flush(s, err);
    return rc;
}

int pl_pg_bulk_flush(pl_pg_store *s, pl_error *err)
{
    /* What the insert triggers do row by row, once per batch, for the rows above the marker
     * that lack it (another writer's rows there have theirs). */
    static const char res_person[] =
        "INSERT INTO residence(person_id, village_code, valid_from) "
        "SELECT p.id, p.village_code, '0001-01-01' FROM person p WHERE p.id > $1 AND p.id <= $2 "
        "AND NOT EXISTS (SELECT 1 FROM residence r WHERE r.person_id = p.id "
        "AND substr(r.village_code, 1, 2) = substr(p.village_code, 1, 2))";
    static const char res_household[] =
        "INSERT INTO residence(household_id, village_code, valid_from) "
        "SELECT h.id, h.village_code, '0001-01-01' FROM household h WHERE h.id > $1 AND h.id <= $2 "
        "AND NOT EXISTS (SELECT 1 FROM residence r WHERE r.household_id = h.id "
        "AND substr(r.village_code, 1, 2) = substr(h.village_code, 1, 2))";
    /* pl_household_geo and pl_person_geo_row of migration 5, set-based. */
    static const char geo_household[] =
        "INSERT INTO household_geo(id, prov, pt, dist) "
        "SELECT h.id, substr(h.village_code, 1, 2), "
        "ST_SetSRID(ST_MakePoint(h.lon, h.lat), 4326)::geography, "
        "replace(substr(h.village_code, 1, 8), '.', '')::bigint FROM household h "
        "WHERE h.id > $1 AND h.id <= $2 AND h.lat IS NOT NULL AND h.lon IS NOT NULL "
        "ON CONFLICT DO NOTHING";
    static const char geo_person[] =
        "INSERT INTO person_geo(id, prov, pt, birth, dis, dist, disability) "
        "SELECT p.id, substr(p.village_code, 1, 2), "
        "ST_SetSRID(ST_MakePoint(CASE WHEN p.lat IS NOT NULL AND p.lon IS NOT NULL THEN p.lon "
        "ELSE h.lon END, CASE WHEN p.lat IS NOT NULL AND p.lon IS NOT NULL THEN p.lat "
        "ELSE h.lat END), 4326)::geography, coalesce(pl_days(p.birth_date), 2147483647), "
        "(p.disability <> '')::int, replace(substr(p.village_code, 1, 8), '.', '')::bigint, "
        "p.disability FROM person p LEFT JOIN household h ON h.id = p.household_id "
        "AND substr(h.village_code, 1, 2) = substr(p.village_code, 1, 2) "
        "WHERE p.id > $1 AND p.id <= $2 AND p.death_date IS NULL AND ((p.lat IS NOT NULL AND p.lon "
        "IS NOT NULL) "
        "OR (h.lat IS NOT NULL AND h.lon IS NOT NULL)) ON CONFLICT DO NOTHING";
    if (s->bulk == NULL)
        return 0;
    int rc = flush_households(s, err);
    if (rc)
        return rc;
    /* Both bounds as parameters: a generic plan then expects few rows (index scans). */
    pl_pg_num a, a2, b, b2;
    int64_t person_from = s->bulk->person_done, household_from = s->bulk->household_done;
    if ((rc = max_ids(s, err)))
        return rc;
    const char *pp[] = {pl_pg_i64(&a, person_from), pl_pg_i64(&a2, s->bulk->person_done)};
    const char *hp[] = {pl_pg_i64(&b, household_from), pl_pg_i64(&b2, s->bulk->household_done)};
    if (s->bulk->person_done > person_from &&
        ((rc = pl_pg_command(s, res_person, 2, pp, err, "residence")) ||
         (rc = pl_pg_command(s, geo_person, 2, pp, err, "person_geo"))))
        return rc;
    if (s->bulk->household_done > household_from &&
        ((rc = pl_pg_command(s, res_household, 2, hp, err, "residence")) ||
         (rc = pl_pg_command(s, geo_household, 2, hp, err, "household_geo"))))
        return rc;
    return 0;
}

int pl_pg_bulk_end(pl_pg_store *s, pl_error *err)
{
    if (s->bulk == NULL)
        return 0;
    bool was_in_tx = s->in_tx;
    bulk_free(s);
    pl_error ignore;
    int rc = pl_pg_command(s, "SELECT set_config('pilar.audit_inserts', '', false)", 0, NULL,
                           was_in_tx ? &ignore : err, "bulk");
    if (was_in_tx)
        return pl_error_set(err, PL_EINTERNAL, "", "bulk mode must end outside a transaction");
    return rc;
}

/* ------------------------------------------------------------------ COPY */

/* Appends v as one field of COPY's text format (NULL as \N), then sep. */
static int copy_field(pl_buf *b, const char *v, char sep)
{
    int rc = 0;
    if (v == NULL) {
        rc = pl_buf_append(b, "\\N", 2);
    } else {
        for (const char *p = v; *p && rc == 0; p++) {
            switch (*p) {
            case '\\':
                rc = pl_buf_append(b, "\\\\", 2);
                break;
            case '\t':
                rc = pl_buf_append(b, "\\t", 2);
                break;
            case '\n':
                rc = pl_buf_append(b, "\\n", 2);
                break;
            case '\r':
                rc = pl_buf_append(b, "\\r", 2);
                break;
            default:
                rc = pl_buf_putc(b, *p);
            }
        }
    }
    return rc ? rc : pl_buf_putc(b, sep);
}

static int copy_i64(pl_buf *b, int64_t v, bool null_if_zero, char sep)
{
    pl_pg_num n;
    return copy_field(b, null_if_zero && v == 0 ? NULL : pl_pg_i64(&n, v), sep);
}

/* Sends the rows of b (COPY text) into table (its columns as given) and empties b. */
static int copy_in(pl_pg_store *s, const char *copy_sql, pl_buf *b, pl_error *err, const char *what)
{
    PGresult *r = PQexec(s->conn, copy_sql);
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        int rc = pl_pg_fail(s, r, err, what);
        PQclear(r);
        return rc;
    }
    PQclear(r);
    int ok = b->len == 0 || PQputCopyData(s->conn, b->data, (int)b->len) == 1;
    ok = PQputCopyEnd(s->conn, ok ? NULL : "pilar: copy failed") == 1 && ok;
    int rc = 0;
    while ((r = PQgetResult(s->conn)) != NULL) {
        if (rc == 0 && PQresultStatus(r) != PGRES_COMMAND_OK)
            rc = pl_pg_fail(s, r, err, what);
        PQclear(r);
    }
    if (rc == 0 && !ok)
        rc = pl_pg_fail(s, NULL, err, what);
    pl_buf_reset(b);
    return rc;
}

/* ------------------------------------------------------------------ households */

static uint64_t digits16(const char *kk)
{
    uint64_t v = 0;
    int n = 0;
    for (; *kk >= '0' && *kk <= '9'; kk++, n++)
        v = v * 10 + (uint64_t)(*kk - '0');
    return n == 16 && *kk == '\0' ? v : 0;
}

/*
 * Whether the KK kk (as digits16) is stored or waiting: learns the stored KKs of its 6-digit
 * prefix first when they are not known yet (one range query per prefix and load).
 */
static int kk_known(pl_pg_store *s, const char *kk, uint64_t key, bool *exists, pl_error *err)
{
    static const char sql[] = "SELECT kk FROM household_key WHERE kk BETWEEN $1 AND $2";
    struct pl_pg_bulk *b = s->bulk;
    uint64_t prefix = key / 10000000000ULL + 1;
    pl_u64map_entry *e = pl_u64map_get(b->kk_prefixes, prefix, true);
    if (e == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    if (e->a == 0) {
        char lo[17], hi[17];
        snprintf(lo, sizeof lo, "%.6s0000000000", kk);
        snprintf(hi, sizeof hi, "%.6s9999999999", kk);
        const char *p[] = {lo, hi};
        PGresult *r = pl_pg_query(s, sql, 2, p, err, "household");
        if (r == NULL)
            return err->code;
        for (int i = 0; i < PQntuples(r); i++) {
            uint64_t k = digits16(PQgetvalue(r, i, 0));
            pl_u64map_entry *x = k ? pl_u64map_get(b->kk_exists, k, true) : NULL;
            if (k && x == NULL) {
                PQclear(r);
                return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
            }
            if (x)
                x->a = 1;
        }
        PQclear(r);
        e = pl_u64map_get(b->kk_prefixes, prefix, false);
        e->a = 1;
    }
    pl_u64map_entry *x = pl_u64map_get(b->kk_exists, key, false);
    *exists = x && x->a;
    return 0;
}

/* The next reserved household id (reserving a block when none is left). */
static int next_household_id(pl_pg_store *s, int64_t *id, pl_error *err)
{
    static const char sql[] =
        "SELECT min(v), max(v) FROM (SELECT nextval(pg_get_serial_sequence('household', 'id')) "
        "AS v FROM generate_series(1, $1)) x";
    struct pl_pg_bulk *b = s->bulk;
    if (b->id_next >= b->id_end) {
        pl_pg_num n;
        const char *p[] = {pl_pg_i64(&n, ID_BLOCK)};
        PGresult *r = pl_pg_query(s, sql, 1, p, err, "household");
        if (r == NULL)
            return err->code;
        int64_t lo = pl_pg_int(r, 0, 0), hi = pl_pg_int(r, 0, 1);
        PQclear(r);
        /* One session's nextval calls are increasing; another session's may interleave. */
        if (hi - lo + 1 != ID_BLOCK)
            hi = lo; /* use the first alone: the others may be mixed with another's */
        b->id_next = lo;
        b->id_end = hi + 1;
    }
    *id = b->id_next++;
    return 0;
}

/* Writes the waiting households (COPY, then one INSERT ... SELECT). */
static int flush_households(pl_pg_store *s, pl_error *err)
{
    static const char copy[] = "COPY pl_stage_household(id, kk, village_code, address, rt, rw, "
                               "lat, lon) FROM STDIN";
    static const char sql[] =
        "WITH st AS (DELETE FROM pl_stage_household RETURNING *) "
        "INSERT INTO household(id, kk, village_code, address, rt, rw, lat, lon, created_by, "
        "created_at, updated_at) SELECT id, kk, village_code, address, rt, rw, lat, lon, $1, $2, "
        "$2 FROM st ORDER BY id";
    struct pl_pg_bulk *b = s->bulk;
    if (b == NULL || b->hh_waiting == 0)
        return 0;
    b->hh_waiting = 0;
    int rc = copy_in(s, copy, &b->hh_copy, err, "household");
    const char *p[] = {s->actor, b->now};
    return rc ? rc : pl_pg_command(s, sql, 2, p, err, "household");
}

/* Queues a new household with a reserved id (insert phase). */
static int queue_household(pl_pg_store *s, const pl_household *hh, uint64_t key, int64_t *id,
                           pl_error *err)
{
    struct pl_pg_bulk *b = s->bulk;
    int rc = next_household_id(s, id, err);
    if (rc)
        return rc;
    pl_pg_num la, lo;
    pl_buf *c = &b->hh_copy;
    if (copy_i64(c, *id, false, '\t') || copy_field(c, hh->kk, '\t') ||
        copy_field(c, hh->village_code, '\t') || copy_field(c, hh->address, '\t') ||
        copy_field(c, hh->rt, '\t') || copy_field(c, hh->rw, '\t') ||
        copy_field(c, hh->has_coord ? pl_pg_f64(&la, hh->lat) : NULL, '\t') ||
        copy_field(c, hh->has_coord ? pl_pg_f64(&lo, hh->lon) : NULL, '\n'))
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    b->hh_waiting++;
    pl_u64map_entry *e = pl_u64map_get(b->kk_exists, key, true);
    if (e == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    e->a = 1;
    return 0;
}

static bool same_text(const PGresult *r, int col, const char *v)
{
    const char *t = pl_pg_text(r, 0, col);
    return strcmp(t ? t : "", v ? v : "") == 0;
}

static bool same_coord(const PGresult *r, int col, bool has, double lat, double lon)
{
    bool stored = !pl_pg_null(r, 0, col) && !pl_pg_null(r, 0, col + 1);
    if (stored != has)
        return false;
    if (!has)
        return true;
    return fabs(pl_pg_real(r, 0, col) - lat) < 5e-7 && fabs(pl_pg_real(r, 0, col + 1) - lon) < 5e-7;
}

/*
 * Runs one write of a row under a savepoint when inside a transaction, so that a refusal of
 * the data base refuses that row alone (as a failed statement does on SQLite) instead of
 * aborting the caller's transaction. The result (or NULL with err set).
 */
static PGresult *guarded(pl_pg_store *s, const char *sql, int n, const char *const *p,
                         pl_error *err, const char *what)
{
    if (!s->in_tx)
        return pl_pg_query(s, sql, n, p, err, what);
    if (pl_pg_command(s, "SAVEPOINT pl_row", 0, NULL, err, what))
        return NULL;
    PGresult *r = pl_pg_query(s, sql, n, p, err, what);
    pl_error ignore;
    pl_pg_command(s, r ? "RELEASE SAVEPOINT pl_row" : "ROLLBACK TO SAVEPOINT pl_row", 0, NULL,
                  &ignore, what);
    return r;
}

int pl_pg_household_upsert(pl_pg_store *s, const pl_actor *who, const pl_household *hh, bool update,
                           const char *scope, int64_t *id, pl_upsert_outcome *outcome,
                           pl_error *err)
{
    static const char sql_get[] =
        "SELECT h.id, h.village_code, h.address, h.rt, h.rw, h.lat, h.lon FROM household h "
        "WHERE substr(h.village_code, 1, 2) = (SELECT prov FROM household_key WHERE kk = $1) "
        "AND h.kk = $1";
    static const char sql_ins[] =
        "INSERT INTO household(kk, village_code, address, rt, rw, lat, lon, created_by, "
        "created_at, updated_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id";
    static const char sql_upd[] =
        "UPDATE household SET address = $2, rt = $3, rw = $4, lat = $5, lon = $6, "
        "version = version + 1, updated_at = pl_now() "
        "WHERE substr(village_code, 1, 2) = $7 AND id = $1";
    bool own;
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = begin_as(s, who, &own, err)))
        return rc;
    uint64_t key = digits16(hh->kk);
    if (s->bulk && s->bulk->inserts && key) {
        /* New households are the common case of a bulk load: they wait for one COPY. */
        bool exists = false;
        if ((rc = kk_known(s, hh->kk, key, &exists, err)))
            return pl_pg_tx_end(s, own, rc, err);
        if (!exists) {
            if ((rc = queue_household(s, hh, key, id, err)) == 0)
                *outcome = PL_UPSERT_INSERTED;
            return pl_pg_tx_end(s, own, rc, err);
        }
    }
    if ((rc = flush_households(s, err))) /* the lookup must see them */
        return pl_pg_tx_end(s, own, rc, err);
    const char *gp[] = {hh->kk};
    PGresult *r = pl_pg_query(s, sql_get, 1, gp, err, "household");
    if (r == NULL)
        return pl_pg_tx_end(s, own, err->code, err);
    pl_pg_num la, lo, n;
    if (PQntuples(r) == 1) {
        *id = pl_pg_int(r, 0, 0);
        char village[PL_REGION_CODE_MAX];
        pl_pg_copy(village, sizeof village, r, 0, 1);
        if (!in_scope(village, scope)) {
            PQclear(r);
            rc = pl_error_set(err, PL_EDENIED, "no_kk",
                              "keluarga No. KK %s terdaftar di luar wilayah Anda", hh->kk);
            return pl_pg_tx_end(s, own, rc, err);
        }
        if (strcmp(village, hh->village_code) != 0) {
            PQclear(r);
            rc = pl_error_set(err, PL_ECONFLICT, "kode_desa",
                              "keluarga No. KK %s terdaftar di desa %s, bukan %s; pindah desa "
                              "diubah lewat data keluarga",
                              hh->kk, village, hh->village_code);
            return pl_pg_tx_end(s, own, rc, err);
        }
        bool same = same_text(r, 2, hh->address) && same_text(r, 3, hh->rt) &&
                    same_text(r, 4, hh->rw) && same_coord(r, 5, hh->has_coord, hh->lat, hh->lon);
        PQclear(r);
        if (same || !update) {
            *outcome = PL_UPSERT_UNCHANGED;
            return pl_pg_tx_end(s, own, 0, err);
        }
        if (s->bulk && s->bulk->inserts) {
            *outcome = PL_UPSERT_DEFERRED;
            return pl_pg_tx_end(s, own, 0, err);
        }
        char prov[3];
        snprintf(prov, sizeof prov, "%.2s", village);
        const char *up[] = {pl_pg_i64(&n, *id),
                            hh->address,
                            hh->rt,
                            hh->rw,
                            hh->has_coord ? pl_pg_f64(&la, hh->lat) : NULL,
                            hh->has_coord ? pl_pg_f64(&lo, hh->lon) : NULL,
                            prov};
        PGresult *u = guarded(s, sql_upd, 7, up, err, "household");
        if (u == NULL)
            return pl_pg_tx_end(s, own, err->code, err);
        PQclear(u);
        *outcome = PL_UPSERT_UPDATED;
        return pl_pg_tx_end(s, own, 0, err);
    }
    PQclear(r);
    char now[24];
    const char *ip[] = {hh->kk,
                        hh->village_code,
                        hh->address,
                        hh->rt,
                        hh->rw,
                        hh->has_coord ? pl_pg_f64(&la, hh->lat) : NULL,
                        hh->has_coord ? pl_pg_f64(&lo, hh->lon) : NULL,
                        s->actor,
                        stamp(s, now)};
    PGresult *ins = guarded(s, sql_ins, 9, ip, err, "household");
    if (ins == NULL)
        return pl_pg_tx_end(s, own, err->code, err);
    *id = pl_pg_int(ins, 0, 0);
    PQclear(ins);
    if (s->bulk && key) {
        pl_u64map_entry *e = pl_u64map_get(s->bulk->kk_exists, key, true);
        if (e)
            e->a = 1;
    }
    *outcome = PL_UPSERT_INSERTED;
    return pl_pg_tx_end(s, own, 0, err);
}

/* ------------------------------------------------------------------ people */

/* p's fields as text parameters, household .. flags (11 of them) into out[0..11). */
typedef struct person_params {
    pl_pg_num hh, flags;
    char sex[2];
    const char *v[11];
} person_params;

static void person_fields(person_params *pp, const pl_person *p, const char *norm)
{
    pp->sex[0] = p->sex;
    pp->sex[1] = '\0';
    pp->v[0] = p->household_id ? pl_pg_i64(&pp->hh, p->household_id) : NULL;
    pp->v[1] = p->name;
    pp->v[2] = norm;
    pp->v[3] = p->birth_place;
    pp->v[4] = p->birth_date[0] ? p->birth_date : NULL;
    pp->v[5] = pp->sex[0] ? pp->sex : NULL;
    pp->v[6] = p->relationship;
    pp->v[7] = p->mother_name;
    pp->v[8] = p->disability;
    pp->v[9] = p->village_code;
    pp->v[10] = pl_pg_i64(&pp->flags, (int64_t)p->flags);
}

/* Inserts p unless its NIK is stored; *id = its new id, or 0 when it was not inserted. */
static int insert_person(pl_pg_store *s, const pl_person *p, const char *norm, int64_t *id,
                         pl_error *err)
{
    static const char sql[] =
        "INSERT INTO person(nik, household_id, name, name_norm, birth_place, birth_date, sex, "
        "relationship, mother_name, disability, village_code, flags, created_by, created_at, "
        "updated_at) SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14 "
        "WHERE NOT EXISTS (SELECT 1 FROM person_key WHERE nik = $1) RETURNING id";
    person_params pp;
    person_fields(&pp, p, norm);
    char now[24];
    const char *v[14] = {p->nik};
    memcpy(v + 1, pp.v, sizeof pp.v);
    v[12] = s->actor;
    v[13] = stamp(s, now);
    *id = 0;
    PGresult *r = guarded(s, sql, 14, v, err, "person");
    if (r == NULL)
        return err->code;
    if (PQntuples(r) == 1)
        *id = pl_pg_int(r, 0, 0);
    PQclear(r);
    return 0;
}

int pl_pg_person_upsert(pl_pg_store *s, const pl_actor *who, const pl_person *p,
                        const char *name_norm, const char *scope, int64_t *id,
                        pl_upsert_outcome *outcome, pl_error *err)
{
    static const char sql_get[] =
        "SELECT id, household_id, name, birth_place, birth_date, sex, relationship, "
        "mother_name, disability, village_code, flags FROM person "
        "WHERE substr(village_code, 1, 2) = (SELECT prov FROM person_key WHERE nik = $1) "
        "AND nik = $1";
    static const char sql_upd[] =
        "UPDATE person SET household_id = $2, name = $3, name_norm = $4, birth_place = $5, "
        "birth_date = $6, sex = $7, relationship = $8, mother_name = $9, disability = $10, "
        "village_code = $11, flags = $12, version = version + 1, "
        "state = CASE state WHEN 'verified' THEN 'draft' ELSE state END, "
        "updated_at = $13 WHERE substr(village_code, 1, 2) = $14 AND id = $1";
    char own_norm[PL_NAME_MAX * 2];
    const char *norm = name_norm;
    if (norm == NULL) {
        if (pl_name_normalize(own_norm, sizeof own_norm, p->name) < 0)
            return pl_error_set(err, PL_EINVAL, "nama", "nama tidak dapat dibaca");
        norm = own_norm;
    }
    bool own;
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = begin_as(s, who, &own, err)))
        return rc;
    if ((rc = flush_households(s, err)))
        return pl_pg_tx_end(s, own, rc, err);
    bool inserts = s->bulk && s->bulk->inserts;
    const char *gp[] = {p->nik};
    PGresult *r = pl_pg_query(s, sql_get, 1, gp, err, "person");
    if (r == NULL)
        return pl_pg_tx_end(s, own, err->code, err);
    if (PQntuples(r) == 0) {
        PQclear(r);
        /* New people are added where the caller may write (a race with another writer of the
         * same NIK leaves it out: then it is compared below like a stored one). */
        if (in_scope(p->village_code, scope)) {
            if ((rc = insert_person(s, p, norm, id, err)))
                return pl_pg_tx_end(s, own, rc, err);
            if (*id) {
                *outcome = PL_UPSERT_INSERTED;
                return pl_pg_tx_end(s, own, 0, err);
            }
        }
        if (inserts) {
            *outcome = PL_UPSERT_DEFERRED;
            return pl_pg_tx_end(s, own, 0, err);
        }
        if ((r = pl_pg_query(s, sql_get, 1, gp, err, "person")) == NULL)
            return pl_pg_tx_end(s, own, err->code, err);
        if (PQntuples(r) == 0) {
            PQclear(r);
            rc = pl_error_set(err, PL_EDENIED, "kode_desa", "desa %s di luar wilayah Anda",
                              p->village_code);
            return pl_pg_tx_end(s, own, rc, err);
        }
    } else if (inserts) {
        PQclear(r);
        *outcome = PL_UPSERT_DEFERRED; /* compared, and refused or updated, in the update phase */
        return pl_pg_tx_end(s, own, 0, err);
    }
    int64_t existing = pl_pg_int(r, 0, 0);
    char village[PL_REGION_CODE_MAX];
    pl_pg_copy(village, sizeof village, r, 0, 9);
    if (!in_scope(village, scope)) {
        PQclear(r);
        rc = pl_error_set(err, PL_EDENIED, "nik", "NIK %s terdaftar di luar wilayah Anda", p->nik);
        return pl_pg_tx_end(s, own, rc, err);
    }
    char sex[2] = {p->sex, 0};
    bool same = pl_pg_int(r, 0, 1) == p->household_id && same_text(r, 2, p->name) &&
                same_text(r, 3, p->birth_place) && same_text(r, 4, p->birth_date) &&
                same_text(r, 5, sex) && same_text(r, 6, p->relationship) &&
                same_text(r, 7, p->mother_name) && same_text(r, 8, p->disability) &&
                strcmp(village, p->village_code) == 0 && (unsigned)pl_pg_int(r, 0, 10) == p->flags;
    PQclear(r);
    *id = existing;
    if (same) {
        *outcome = PL_UPSERT_UNCHANGED;
        return pl_pg_tx_end(s, own, 0, err);
    }
    if (!in_scope(p->village_code, scope)) {
        rc = pl_error_set(err, PL_EDENIED, "kode_desa", "desa %s di luar wilayah Anda",
                          p->village_code);
        return pl_pg_tx_end(s, own, rc, err);
    }
    person_params pp;
    person_fields(&pp, p, norm);
    pl_pg_num n;
    char now[24], prov[3];
    snprintf(prov, sizeof prov, "%.2s", village);
    const char *v[14] = {pl_pg_i64(&n, existing)};
    memcpy(v + 1, pp.v, sizeof pp.v);
    v[12] = stamp(s, now);
    v[13] = prov;
    PGresult *u = guarded(s, sql_upd, 14, v, err, "person");
    if (u == NULL)
        return pl_pg_tx_end(s, own, err->code, err);
    PQclear(u);
    *outcome = PL_UPSERT_UPDATED;
    return pl_pg_tx_end(s, own, 0, err);
}

/* ------------------------------------------------- many new people per statement */

int pl_pg_people_insert_new(pl_pg_store *s, const pl_actor *who, const pl_person *const *rows,
                            const char *const *norms, size_t n, int64_t *ids, pl_error *err)
{
    static const char copy[] =
        "COPY pl_stage_person(ord, nik, household_id, name, name_norm, birth_place, birth_date, "
        "sex, relationship, mother_name, disability, village_code, flags) FROM STDIN";
    /* The first row of each NIK that person_key lacks, in file order (ids in that order); the
     * rows are matched to their ids in C (a join with the staging rows, which have no
     * statistics, can be planned as a nested loop over both). */
    static const char sql[] =
        "WITH st AS (DELETE FROM pl_stage_person RETURNING *), "
        "fresh AS (SELECT DISTINCT ON (nik) * FROM st WHERE NOT EXISTS "
        "(SELECT 1 FROM person_key k WHERE k.nik = st.nik) ORDER BY nik, ord) "
        "INSERT INTO person(nik, household_id, name, name_norm, birth_place, birth_date, "
        "sex, relationship, mother_name, disability, village_code, flags, created_by, "
        "created_at, updated_at) SELECT nik, household_id, name, name_norm, birth_place, "
        "birth_date, sex, relationship, mother_name, disability, village_code, flags, $1, $2, $2 "
        "FROM fresh ORDER BY ord RETURNING id, nik";
    if (s->bulk == NULL || !s->bulk->inserts)
        return pl_error_set(err, PL_EINTERNAL, "", "people inserted outside the insert phase");
    for (size_t i = 0; i < n; i++)
        ids[i] = 0;
    if (n == 0)
        return 0;
    bool own;
    int rc = begin_as(s, who, &own, err);
    if (rc)
        return rc;
    if ((rc = flush_households(s, err)))
        return pl_pg_tx_end(s, own, rc, err);
    pl_buf b;
    pl_buf_init(&b, 0);
    for (size_t i = 0; i < n && rc == 0; i++) {
        person_params pp;
        person_fields(&pp, rows[i], norms[i]);
        rc = copy_i64(&b, (int64_t)i, false, '\t') || copy_field(&b, rows[i]->nik, '\t');
        for (int k = 0; k < 11 && rc == 0; k++)
            rc = copy_field(&b, pp.v[k], k == 10 ? '\n' : '\t');
    }
    if (rc) {
        pl_buf_free(&b);
        return pl_pg_tx_end(s, own, pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup"), err);
    }
    if ((rc = pl_pg_command(s, "SAVEPOINT pl_people", 0, NULL, err, "person")))
        goto done;
    const char *p[] = {s->actor, s->bulk->now};
    PGresult *r = NULL;
    /* Statistics of the staging rows: else the NIK check reads all of person_key. */
    if ((rc = copy_in(s, copy, &b, err, "person")) == 0 &&
        (rc = pl_pg_command(s, "ANALYZE pl_stage_person", 0, NULL, err, "person")) == 0)
        r = pl_pg_query(s, sql, 2, p, err, "person");
    pl_error ignore;
    if (r) {
        /* Each new id goes to the first row of its NIK (the one inserted). */
        pl_u64map *first = pl_u64map_new(n);
        for (size_t i = 0; first && i < n; i++) {
            uint64_t k = digits16(rows[i]->nik);
            pl_u64map_entry *e = k ? pl_u64map_get(first, k, true) : NULL;
            if (e && e->a == 0)
                e->a = i + 1;
        }
        for (int i = 0; i < PQntuples(r); i++) {
            const char *nik = PQgetvalue(r, i, 1);
            uint64_t k = digits16(nik);
            pl_u64map_entry *e = first && k ? pl_u64map_get(first, k, false) : NULL;
            size_t at = e ? (size_t)e->a - 1 : n;
            for (size_t j = 0; e == NULL && j < n; j++) /* not 16 digits: look it up */
                if (strcmp(rows[j]->nik, nik) == 0 && ids[j] == 0)
                    at = j;
            if (at < n)
                ids[at] = pl_pg_int(r, i, 0);
        }
        pl_u64map_free(first);
        PQclear(r);
        rc = pl_pg_command(s, "RELEASE SAVEPOINT pl_people", 0, NULL, err, "person");
        goto done;
    }
    /* A row the data base refuses (or a NIK another writer just added): one by one. */
    if ((rc = pl_pg_command(s, "ROLLBACK TO SAVEPOINT pl_people", 0, NULL, err, "person")))
        goto done;
    pl_pg_command(s, "RELEASE SAVEPOINT pl_people", 0, NULL, &ignore, "person");
    for (size_t i = 0; i < n && rc == 0; i++) {
        bool dup = false;
        for (size_t j = 0; j < i && !dup; j++)
            dup = ids[j] && strcmp(rows[j]->nik, rows[i]->nik) == 0;
        if (!dup && insert_person(s, rows[i], norms[i], &ids[i], &ignore) != 0)
            ids[i] = 0;
    }
done:
    pl_buf_free(&b);
    return pl_pg_tx_end(s, own, rc, err);
}

int pl_pg_membership_ensure(pl_pg_store *s, const pl_actor *who, const pl_membership *m,
                            pl_upsert_outcome *outcome, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO membership(person_id, household_id, category, valid_from, note, created_at, "
        "created_by, prov) VALUES($1, $2, $3, $4, $5, pl_now(), $6, pl_subject_prov($1, $2)) "
        "ON CONFLICT DO NOTHING RETURNING id";
    if (s->bulk && s->bulk->inserts)
        return pl_error_set(err, PL_EINTERNAL, "", "membership written in the insert phase");
    bool own;
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num a, b, c;
    const char *p[] = {m->person_id ? pl_pg_i64(&a, m->person_id) : NULL,
                       m->household_id ? pl_pg_i64(&b, m->household_id) : NULL,
                       pl_pg_i64(&c, m->category),
                       m->valid_from,
                       m->note,
                       s->actor};
    PGresult *r = pl_pg_query(s, sql, 6, p, err, "membership");
    if (r == NULL)
        return pl_pg_tx_end(s, own, err->code, err);
    *outcome = PQntuples(r) ? PL_UPSERT_INSERTED : PL_UPSERT_UNCHANGED;
    PQclear(r);
    return pl_pg_tx_end(s, own, 0, err);
}
