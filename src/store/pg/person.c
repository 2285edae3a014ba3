/*
 * person.c - people keyed by NIK on PostgreSQL: add, get, update, verification state, search.
 * person is partitioned by province: a lookup by id or NIK goes through person_key's province
 * (one partition), the household's KK comes from household_key (no household partition read).
 */
#include "store/pg/internal.h"
#include "store/pg/schema_sql.h"
#include "domain/name.h"
#include "domain/region_code.h"

#include <stdio.h>
#include <string.h>

/* A person's columns, the KK as the expression KK. */
#define P_COLS_KK(KK)                                                                              \
    "p.id, p.nik, p.household_id, " KK ", p.name, p.birth_place, p.birth_date, p.sex, "            \
    "p.relationship, p.mother_name, p.death_date, p.disability, p.lat, p.lon, "                    \
    "p.village_code, p.state, p.state_by, p.state_at, p.state_reason, p.flags, p.version, "        \
    "p.created_at, p.updated_at, p.no_nik_reason"
#define P_COLS P_COLS_KK("h.kk")
#define P_FROM " FROM person p LEFT JOIN household_key h ON h.id = p.household_id "
/* The same over the rows a write returned (WITH w AS (... RETURNING *)). */
#define P_FROM_W " FROM w p LEFT JOIN household_key h ON h.id = p.household_id"
/* The one partition holding person $N (by id). */
#define P_BY_ID(N)                                                                                 \
    "substr(p.village_code, 1, 2) = (SELECT prov FROM person_key WHERE id = " N ") AND p.id = " N

static void row_to_person(pl_person *p, const PGresult *r, int row)
{
    memset(p, 0, sizeof *p);
    p->id = pl_pg_int(r, row, 0);
    pl_pg_copy(p->nik, sizeof p->nik, r, row, 1);
    p->household_id = pl_pg_int(r, row, 2);
    pl_pg_copy(p->kk, sizeof p->kk, r, row, 3);
    pl_pg_copy(p->name, sizeof p->name, r, row, 4);
    pl_pg_copy(p->birth_place, sizeof p->birth_place, r, row, 5);
    pl_pg_copy(p->birth_date, sizeof p->birth_date, r, row, 6);
    const char *sex = pl_pg_text(r, row, 7);
    p->sex = sex ? sex[0] : 0;
    pl_pg_copy(p->relationship, sizeof p->relationship, r, row, 8);
    pl_pg_copy(p->mother_name, sizeof p->mother_name, r, row, 9);
    pl_pg_copy(p->death_date, sizeof p->death_date, r, row, 10);
    pl_pg_copy(p->disability, sizeof p->disability, r, row, 11);
    p->has_coord = !pl_pg_null(r, row, 12);
    p->lat = pl_pg_real(r, row, 12);
    p->lon = pl_pg_real(r, row, 13);
    pl_pg_copy(p->village_code, sizeof p->village_code, r, row, 14);
    pl_pg_copy(p->state, sizeof p->state, r, row, 15);
    pl_pg_copy(p->state_by, sizeof p->state_by, r, row, 16);
    pl_pg_copy(p->state_at, sizeof p->state_at, r, row, 17);
    pl_pg_copy(p->state_reason, sizeof p->state_reason, r, row, 18);
    p->flags = (unsigned)pl_pg_int(r, row, 19);
    p->version = pl_pg_int(r, row, 20);
    pl_pg_copy(p->created_at, sizeof p->created_at, r, row, 21);
    pl_pg_copy(p->updated_at, sizeof p->updated_at, r, row, 22);
    pl_pg_copy(p->no_nik_reason, sizeof p->no_nik_reason, r, row, 23);
}

static int read_person(void *out, const PGresult *r, int row, void *arg)
{
    (void)arg;
    row_to_person(out, r, row);
    return 0;
}

/* The not-found answer for person id or NIK (nik not NULL). */
static int not_found(int64_t id, const char *nik, pl_error *err)
{
    if (nik)
        return pl_error_set(err, PL_ENOTFOUND, "nik", "orang dengan NIK %s tidak ditemukan", nik);
    return pl_error_set(err, PL_ENOTFOUND, "nik", "orang id %lld tidak ditemukan", (long long)id);
}

/* Reads the one person sql (its $1 the nik, or else the id) selects into out. */
static int fetch_one(pl_pg_store *s, pl_person *out, const char *sql, int64_t id, const char *nik,
                     pl_error *err)
{
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {nik ? nik : pl_pg_i64(&n, id)};
    rc = pl_pg_one(s, sql, 1, p, read_person, out, NULL, err, "person");
    return rc == PL_ENOTFOUND ? not_found(id, nik, err) : rc;
}

/* Fills the village from the household, or checks the given village. */
static int resolve_village(pl_pg_store *s, pl_person *p, pl_error *err)
{
    if (p->household_id) {
        pl_household hh;
        int rc = pl_pg_household_get(s, &hh, p->household_id, err);
        if (rc == PL_ENOTFOUND)
            return pl_error_set(err, PL_EINVAL, "no_kk", "keluarga id %lld tidak ada",
                                (long long)p->household_id);
        if (rc)
            return rc;
        snprintf(p->village_code, sizeof p->village_code, "%s", hh.village_code);
        snprintf(p->kk, sizeof p->kk, "%s", hh.kk);
        return 0;
    }
    pl_region r;
    int rc = pl_pg_region_get(s, &r, p->village_code, err);
    if (rc == 0 && r.level != PL_LEVEL_VILLAGE)
        rc = PL_ENOTFOUND;
    if (rc == PL_ENOTFOUND)
        return pl_error_set(err, PL_EINVAL, "kode_desa",
                            "kode desa %s tidak ada di pohon wilayah Kemendagri", p->village_code);
    return rc;
}

/* The parameters of a write: $1..$15 and $18 from p, $16/$17 by the caller. */
typedef struct person_params {
    const char *v[18];
    char norm[PL_NAME_MAX * 2];
    char sex[2];
    pl_pg_num hh, lat, lon, flags, a, b;
} person_params;

static const char *text_or_null(const char *v)
{
    return v && v[0] ? v : NULL;
}

static int bind_person(person_params *b, const pl_person *p, pl_error *err)
{
    if (pl_name_normalize(b->norm, sizeof b->norm, p->name) < 0)
        return pl_error_set(err, PL_EINVAL, "nama", "nama tidak dapat dibaca");
    b->sex[0] = p->sex;
    b->sex[1] = '\0';
    b->v[0] = text_or_null(p->nik);
    b->v[1] = p->household_id ? pl_pg_i64(&b->hh, p->household_id) : NULL;
    b->v[2] = p->name;
    b->v[3] = b->norm;
    b->v[4] = p->birth_place;
    b->v[5] = text_or_null(p->birth_date);
    b->v[6] = text_or_null(b->sex);
    b->v[7] = p->relationship;
    b->v[8] = p->mother_name;
    b->v[9] = text_or_null(p->death_date);
    b->v[10] = p->disability;
    b->v[11] = p->has_coord ? pl_pg_f64(&b->lat, p->lat) : NULL;
    b->v[12] = p->has_coord ? pl_pg_f64(&b->lon, p->lon) : NULL;
    b->v[13] = p->village_code;
    /* A person without NIK always carries a reason (unknown when none was given) and the
     * flag; a NIK clears both. */
    unsigned flags = p->flags & ~(unsigned)PL_FLAG_NO_NIK;
    if (p->nik[0] == '\0')
        flags |= PL_FLAG_NO_NIK;
    b->v[14] = pl_pg_i64(&b->flags, flags);
    b->v[17] = p->nik[0] ? NULL : p->no_nik_reason[0] ? p->no_nik_reason : "tidak_diketahui";
    return 0;
}

/*
 * The same lookups on one named partition (pl_pg_partition), one text per partition. The KK
 * by a subquery, not a join: the generic plan of a join estimated a NIK to match dozens
 * of rows (the partition's NIK index is not unique) and hashed all of household_key.
 */
#define P_COLS_KK_SUB P_COLS_KK("(SELECT kk FROM household_key WHERE id = p.household_id)")
#define BY_ID_IN(T, PART) "SELECT " P_COLS_KK_SUB " FROM " PART " p WHERE p.id = $1::bigint",
#define BY_NIK_IN(T, PART) "SELECT " P_COLS_KK_SUB " FROM " PART " p WHERE p.nik = $1",
static const char *const by_id_in[] = {PL_PG_EACH_PARTITION(BY_ID_IN, "person")};
static const char *const by_nik_in[] = {PL_PG_EACH_PARTITION(BY_NIK_IN, "person")};
_Static_assert(sizeof by_id_in / sizeof by_id_in[0] == PL_PG_PARTITIONS_N, "one per partition");
_Static_assert(sizeof by_nik_in / sizeof by_nik_in[0] == PL_PG_PARTITIONS_N, "one per partition");

/* The partition of person id (nik NULL) or NIK per the registry (person_key); -1: none. */
static int key_partition(pl_pg_store *s, int64_t id, const char *nik, int *part, pl_error *err)
{
    static const char key_by_id[] = "SELECT prov FROM person_key WHERE id = $1::bigint";
    static const char key_by_nik[] = "SELECT prov FROM person_key WHERE nik = $1";
    /* On a cluster's coordinator (docs/scale.md) the registry is one foreign partition per
     * province: ask the shard of the province the national registry of NIKs names (one local
     * index lookup in public.cluster_key), else of the province that issued the NIK (its first
     * two digits, where most people still live) first, and every shard only when it is not
     * there. */
    static const char key_by_nik_prov[] =
        "SELECT prov FROM person_key WHERE prov = $2 AND nik = $1";
    static const char reserved_prov[] =
        "SELECT prov FROM public.cluster_key WHERE kind = 'nik' AND key = $1";
    pl_pg_num n;
    const char *p[] = {nik ? nik : pl_pg_i64(&n, id), NULL};
    if (nik && s->coordinator) {
        char prov[8];
        snprintf(prov, sizeof prov, "%.2s", nik);
        if (s->cluster_keys) {
            PGresult *k = pl_pg_query(s, reserved_prov, 1, p, err, "cluster_key");
            if (k == NULL)
                return err->code;
            if (PQntuples(k) == 1)
                pl_pg_copy(prov, sizeof prov, k, 0, 0);
            PQclear(k);
        }
        p[1] = prov;
        PGresult *r = pl_pg_query(s, key_by_nik_prov, 2, p, err, "person");
        if (r == NULL)
            return err->code;
        *part = PQntuples(r) == 1 ? pl_pg_partition(pl_pg_text(r, 0, 0)) : -1;
        PQclear(r);
        if (*part >= 0)
            return 0;
    }
    PGresult *r = pl_pg_query(s, nik ? key_by_nik : key_by_id, 1, p, err, "person");
    if (r == NULL)
        return err->code;
    *part = PQntuples(r) == 1 ? pl_pg_partition(pl_pg_text(r, 0, 0)) : -1;
    PQclear(r);
    return 0;
}

/*
 * Person id (nik NULL) or NIK from the partition the registry names, in two short statements;
 * through the parent in one (whole) statement when the person moved province in between.
 */
static int fetch_keyed(pl_pg_store *s, pl_person *out, int64_t id, const char *nik,
                       const char *whole, pl_error *err)
{
    int part = -1;
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = key_partition(s, id, nik, &part, err)))
        return rc;
    if (part < 0)
        return not_found(id, nik, err);
    pl_pg_num n;
    const char *p[] = {nik ? nik : pl_pg_i64(&n, id)};
    rc = pl_pg_one(s, nik ? by_nik_in[part] : by_id_in[part], 1, p, read_person, out, NULL, err,
                   "person");
    return rc == PL_ENOTFOUND ? fetch_one(s, out, whole, id, nik, err) : rc;
}

/*
 * Person by NIK: from the process's cache (store/shared.h) when it holds the row at the
 * current generation, else read and kept. Inside a transaction the cache is neither read nor
 * filled: the transaction may have changed the row.
 */
static int fetch_nik(pl_pg_store *s, pl_person *out, const char *nik, const char *whole,
                     pl_error *err)
{
    uint64_t gen = 0;
    bool cache = !s->in_tx && pl_pg_shared_gen(s->shared, PL_PG_SHARED_PERSON, &gen);
    if (cache && pl_pg_shared_person_find(s->shared, nik, out))
        return 0;
    int rc = fetch_keyed(s, out, 0, nik, whole, err);
    if (rc == 0 && cache)
        pl_pg_shared_person_keep(s->shared, gen, out);
    return rc;
}

int pl_pg_person_get(pl_pg_store *s, pl_person *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " P_COLS P_FROM "WHERE " P_BY_ID("$1::bigint");
    return fetch_keyed(s, out, id, NULL, sql, err);
}

int pl_pg_person_get_by_nik(pl_pg_store *s, pl_person *out, const char *nik, pl_error *err)
{
    static const char sql[] =
        "SELECT " P_COLS P_FROM "WHERE substr(p.village_code, 1, 2) = (SELECT prov FROM person_key "
        "WHERE nik = $1) AND p.nik = $1";
    return fetch_nik(s, out, nik, sql, err);
}

static int stale(pl_pg_store *s, int64_t id, int64_t version, pl_error *err)
{
    pl_person cur;
    int rc = pl_pg_person_get(s, &cur, id, err);
    if (rc)
        return rc;
    return pl_error_set(err, PL_ECONFLICT, "version",
                        "data orang ini sudah diubah orang lain (versi %lld, bukan %lld); muat "
                        "ulang lalu ulangi",
                        (long long)cur.version, (long long)version);
}

/*
 * Writes p with sql, the INSERT (insert) or the versioned UPDATE, both returning the row as
 * stored (P_COLS), after the checks both share; then reads p back from that answer. The
 * INSERT writes nothing for a NIK the registry holds (no row: taken), so that a refused
 * insert uses up no id (SQLite's ids have no gaps); a concurrent insert of the NIK is refused
 * by the registry's unique index all the same.
 */
static int write_person(pl_pg_store *s, const pl_actor *who, pl_person *p, const char *sql,
                        bool insert, pl_error *err)
{
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    if ((rc = resolve_village(s, p, err)))
        return rc;
    person_params b;
    memset(&b, 0, sizeof b);
    if ((rc = bind_person(&b, p, err)))
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    if (insert) {
        b.v[15] = text_or_null(p->state);
        b.v[16] = s->actor;
    } else {
        b.v[15] = pl_pg_i64(&b.a, p->id);
        b.v[16] = pl_pg_i64(&b.b, p->version);
    }
    PGresult *r = pl_pg_query_sp(s, own, sql, 18, b.v, err, "person");
    if (r == NULL) {
        rc = err->code;
        /* The cluster's national registry (migration 28) says where the NIK is held. */
        if (rc == PL_ECONFLICT && strcmp(err->field, "version") != 0 &&
            strstr(err->message, "(klaster nasional)") == NULL)
            pl_error_set(err, PL_ECONFLICT, "nik",
                         insert ? "NIK %s sudah terdaftar" : "NIK %s sudah dipakai orang lain",
                         p->nik);
        return pl_pg_tx_end(s, own, rc, err);
    }
    bool found = PQntuples(r) == 1;
    if (found)
        row_to_person(p, r, 0);
    PQclear(r);
    if (!found && insert)
        rc = pl_error_set(err, PL_ECONFLICT, "nik", "NIK %s sudah terdaftar", p->nik);
    else if (!found)
        rc = stale(s, p->id, p->version, err);
    return pl_pg_tx_end(s, own, rc, err);
}

int pl_pg_person_add(pl_pg_store *s, const pl_actor *who, pl_person *p, pl_error *err)
{
    static const char sql[] =
        "WITH w AS (INSERT INTO person(nik, household_id, name, name_norm, birth_place, "
        "birth_date, sex, relationship, mother_name, death_date, disability, lat, lon, "
        "village_code, flags, state, created_at, created_by, updated_at, no_nik_reason) "
        "SELECT $1, $2::bigint, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::float8, $13::float8, "
        "$14, $15::bigint, coalesce($16, 'draft'), pl_now(), $17, pl_now(), $18 "
        "WHERE $1::text IS NULL OR NOT EXISTS (SELECT 1 FROM person_key WHERE nik = $1) "
        "RETURNING *) "
        "SELECT " P_COLS P_FROM_W;
    return write_person(s, who, p, sql, true, err);
}

int pl_pg_person_update(pl_pg_store *s, const pl_actor *who, pl_person *p, pl_error *err)
{
    /* A village of another province moves the row to that partition (the move triggers keep
     * the registry, the residence history, the memberships and the audit as for an update). */
    static const char sql[] =
        "WITH w AS (UPDATE person p SET nik = $1, household_id = $2::bigint, name = $3, "
        "name_norm = $4, birth_place = $5, birth_date = $6, sex = $7, relationship = $8, "
        "mother_name = $9, death_date = $10, disability = $11, lat = $12::float8, "
        "lon = $13::float8, village_code = $14, flags = $15::bigint, no_nik_reason = $18, "
        "version = version + 1, updated_at = pl_now() "
        "WHERE " P_BY_ID("$16::bigint") " AND p.version = $17::bigint RETURNING p.*) "
                                        "SELECT " P_COLS P_FROM_W;
    return write_person(s, who, p, sql, false, err);
}

int pl_pg_person_set_state(pl_pg_store *s, const pl_actor *who, int64_t id, const char *state,
                           const char *reason, pl_error *err)
{
    static const char sql[] =
        "UPDATE person p SET state = $1, state_by = $2, state_at = pl_now(), state_reason = $3, "
        "version = version + 1, updated_at = pl_now() WHERE " P_BY_ID("$4::bigint");
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    if (strcmp(state, PL_STATE_DRAFT) && strcmp(state, PL_STATE_VERIFIED) &&
        strcmp(state, PL_STATE_REJECTED))
        return pl_error_set(err, PL_EINVAL, "status",
                            "status '%s' tidak dikenal (draft, verified, rejected)", state);
    if (strcmp(state, PL_STATE_REJECTED) == 0 && (reason == NULL || reason[0] == '\0'))
        return pl_error_set(err, PL_EINVAL, "alasan", "penolakan wajib disertai alasan");
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num n;
    const char *p[] = {state, s->actor, text_or_null(reason), pl_pg_i64(&n, id)};
    PGresult *r = pl_pg_query_sp(s, own, sql, 4, p, err, "person");
    if (r == NULL)
        return pl_pg_tx_end(s, own, err->code, err);
    if (pl_pg_changes(r) == 0)
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "orang id %lld tidak ditemukan", (long long)id);
    PQclear(r);
    return pl_pg_tx_end(s, own, rc, err);
}

/*
 * The name filter of a search, SQLite's FTS5 query of prefix terms: every normalised word of
 * text starts a word of name_norm. words gets the array of regular expressions (one per word,
 * "(^|[^a-z0-9])word"; FTS5's tokens are runs of letters and digits), like the LIKE pattern of
 * the longest word ("%word%"), which the trigram index serves.
 */
static int name_filter(char *words, size_t wcap, char *like, size_t lcap, const char *text)
{
    char norm[PL_NAME_MAX * 2];
    if (pl_name_normalize(norm, sizeof norm, text) < 0)
        return PL_EINVAL;
    size_t j = 0, best = 0;
    const char *p = norm, *longest = NULL;
    j += (size_t)snprintf(words, wcap, "{");
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *w = p;
        while (*p && *p != ' ')
            p++;
        size_t len = (size_t)(p - w);
        if (len > best) {
            best = len;
            longest = w;
        }
        /* A quoted array element; a word holds letters, digits, '.' and ',' (escaped). */
        if (j + 2 * len + 32 >= wcap)
            return PL_EINVAL;
        j += (size_t)snprintf(words + j, wcap - j, "%s\"(^|[^a-z0-9])", j > 1 ? "," : "");
        for (size_t k = 0; k < len; k++) {
            if (w[k] == '.')
                words[j++] = '\\', words[j++] = '\\';
            words[j++] = w[k];
        }
        words[j++] = '"';
        words[j] = '\0';
    }
    if (longest == NULL || j + 2 >= wcap || best + 3 > lcap)
        return PL_EINVAL;
    words[j++] = '}';
    words[j] = '\0';
    snprintf(like, lcap, "%%%.*s%%", (int)best, longest);
    return 0;
}

/* Whether the person the NIK fast path found passes q's other filters. */
static bool nik_passes(const pl_person_query *q, const pl_person *p)
{
    const char *scope = q->scope ? q->scope : "";
    return p->id > q->after_id && pl_region_code_in_scope(p->village_code, scope) &&
           !(q->region && q->region[0] && !pl_region_code_in_scope(p->village_code, q->region)) &&
           !(q->state && q->state[0] && strcmp(q->state, p->state)) &&
           !(q->kk && q->kk[0] && strcmp(q->kk, p->kk)) &&
           !(q->flags_any && !(p->flags & q->flags_any));
}

PL_PG_ROWS(found_rows, pl_person, pl_person_cb, row_to_person, "person");

int pl_pg_person_search(pl_pg_store *s, const pl_person_query *q, pl_person_cb cb, void *ctx,
                        pl_error *err)
{
    /* One statement: every filter is optional (NULL/'' = not applied). */
    static const char sql[] =
        "SELECT " P_COLS P_FROM "WHERE p.id > $1::bigint "
        "AND ($2::text IS NULL OR p.nik = $2) "
        "AND ($3::text IS NULL OR h.kk = $3) "
        "AND ($4::text IS NULL OR (p.name_norm LIKE $4 AND p.name_norm ~ ALL ($13::text[]))) "
        "AND " PL_PG_IN_RANGE("p.village_code", "$5::text",
                              "$6::text") " "
                                          "AND ($7::text IS NULL OR p.state = $7) "
                                          "AND ($8::bigint = 0 OR EXISTS (SELECT 1 FROM membership "
                                          "m WHERE m.category = $8 "
                                          "     AND m.valid_to IS NULL AND (m.person_id = p.id OR "
                                          "m.household_id = p.household_id))) "
                                          "AND ($10::int = 0 OR p.nik IS NULL) AND ($11::text IS "
                                          "NULL OR p.no_nik_reason = $11) "
                                          "AND ($12::bigint = 0 OR (p.flags & $12) <> 0) "
                                          "ORDER BY p.id LIMIT $9::bigint";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    char words[1024], like[PL_NAME_MAX * 2 + 4];
    bool text = q->text && q->text[0];
    if (text && name_filter(words, sizeof words, like, sizeof like, q->text))
        return pl_error_set(err, PL_EINVAL, "q", "teks pencarian tidak dapat dibaca");
    int limit = q->limit > 0 && q->limit <= 1000 ? q->limit : 50;
    /* The category filter needs the full statement (a membership join). */
    if (q->nik && q->nik[0] && !text && q->category == 0 && !q->without_nik &&
        !(q->no_nik_reason && q->no_nik_reason[0])) {
        /* Fast path: the one person with the NIK (cache or one partition); filters in C. */
        pl_person p;
        rc = pl_pg_person_get_by_nik(s, &p, q->nik, err);
        if (rc == PL_ENOTFOUND) {
            pl_error_clear(err);
            return 0;
        }
        return rc ? rc : nik_passes(q, &p) ? cb(ctx, &p) : 0;
    }
    char lo[16], hi[16];
    pl_pg_prefix_range(lo, hi, q->scope, q->region);
    pl_pg_num after, cat, lim, flags;
    const char *p[13] = {
        pl_pg_i64(&after, q->after_id),
        text_or_null(q->nik),
        text_or_null(q->kk),
        text ? like : NULL,
        lo,
        hi,
        text_or_null(q->state),
        pl_pg_i64(&cat, q->category),
        pl_pg_i64(&lim, limit),
        pl_pg_b(q->without_nik || (q->no_nik_reason && q->no_nik_reason[0])),
        text_or_null(q->no_nik_reason),
        pl_pg_i64(&flags, (int64_t)q->flags_any),
        text ? words : "{}",
    };
    return pl_pg_each(s, sql, 13, p, &found_rows, NULL, PL_PG_FN(cb), ctx, err);
}

PL_PG_ROWS(member_rows, pl_person, pl_person_cb, row_to_person, "person");

int pl_pg_household_members(pl_pg_store *s, int64_t household_id, pl_person_cb cb, void *ctx,
                            pl_error *err)
{
    /* SQLite sorts NULL first. */
    static const char sql[] =
        "SELECT " P_COLS P_FROM "WHERE p.household_id = $1::bigint ORDER BY "
        "CASE p.relationship WHEN 'kepala_keluarga' THEN 0 WHEN 'istri_suami' THEN 1 ELSE 2 END, "
        "p.birth_date NULLS FIRST, p.id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, household_id)};
    return pl_pg_each(s, sql, 1, p, &member_rows, NULL, PL_PG_FN(cb), ctx, err);
}

static void read_nonik_count(pl_nonik_count *c, const PGresult *r, int row)
{
    memset(c, 0, sizeof *c);
    pl_pg_copy(c->reason, sizeof c->reason, r, row, 0);
    c->people = (long)pl_pg_int(r, row, 1);
}

PL_PG_ROWS(nonik_count_rows, pl_nonik_count, pl_nonik_count_cb, read_nonik_count, "person");

int pl_pg_person_nonik_counts(pl_pg_store *s, const char *scope, const char *region,
                              pl_nonik_count_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT coalesce(no_nik_reason, 'tidak_diketahui'), count(*) "
        "FROM person WHERE nik IS NULL AND death_date IS NULL AND "
        "" PL_PG_IN_RANGE("village_code", "$1::text", "$2::text") " "
                                                                  "GROUP BY 1 ORDER BY 1";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    char lo[16], hi[16];
    pl_pg_prefix_range(lo, hi, scope ? scope : "", region);
    const char *p[] = {lo, hi};
    return pl_pg_each(s, sql, 2, p, &nonik_count_rows, NULL, PL_PG_FN(cb), ctx, err);
}

PL_PG_ROWS(candidate_rows, pl_person, pl_person_cb, row_to_person, "person");

int pl_pg_person_nonik_candidates(pl_pg_store *s, int64_t household_id, const char *village,
                                  const char *birth_date, pl_person_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT " P_COLS P_FROM "WHERE p.household_id = $1::bigint "
        "UNION SELECT " P_COLS P_FROM "WHERE substr(p.village_code, 1, 2) = substr($2::text, 1, 2) "
        "AND p.village_code = $2 AND p.birth_date = $3 ORDER BY 1";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {household_id ? pl_pg_i64(&n, household_id) : NULL, text_or_null(village),
                       text_or_null(birth_date)};
    return pl_pg_each(s, sql, 3, p, &candidate_rows, NULL, PL_PG_FN(cb), ctx, err);
}

static int read_created_by(void *out, const PGresult *r, int row, void *arg)
{
    pl_pg_copy(out, *(size_t *)arg, r, row, 0);
    return 0;
}

int pl_pg_person_created_by(pl_pg_store *s, char *out, size_t cap, int64_t id, pl_error *err)
{
    static const char sql[] =
        "SELECT coalesce(p.created_by, '') FROM person p WHERE " P_BY_ID("$1::bigint");
    if (cap)
        out[0] = '\0';
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, id)};
    rc = pl_pg_one(s, sql, 1, p, read_created_by, out, &cap, err, "person");
    if (rc == PL_ENOTFOUND)
        return pl_error_set(err, PL_ENOTFOUND, "id", "orang id %lld tidak ditemukan",
                            (long long)id);
    return rc;
}
