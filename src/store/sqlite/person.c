/* person.c - people keyed by NIK: add, get, update, verification state, search. */
#include "store/sqlite/internal.h"
#include "domain/name.h"

#include <stdio.h>
#include <string.h>

#define P_COLS                                                                                     \
    "p.id, p.nik, p.household_id, h.kk, p.name, p.birth_place, p.birth_date, p.sex, "              \
    "p.relationship, p.mother_name, p.death_date, p.disability, p.lat, p.lon, "                    \
    "p.village_code, p.state, p.state_by, p.state_at, p.state_reason, p.flags, p.version, "        \
    "p.created_at, p.updated_at, p.no_nik_reason"
#define P_FROM " FROM person p LEFT JOIN household h ON h.id = p.household_id "

static void row_to_person(pl_person *p, sqlite3_stmt *st)
{
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(p->nik, sizeof p->nik, st, 1);
    p->household_id = sqlite3_column_int64(st, 2);
    pl_sq_col_text(p->kk, sizeof p->kk, st, 3);
    pl_sq_col_text(p->name, sizeof p->name, st, 4);
    pl_sq_col_text(p->birth_place, sizeof p->birth_place, st, 5);
    pl_sq_col_text(p->birth_date, sizeof p->birth_date, st, 6);
    const unsigned char *sex = sqlite3_column_text(st, 7);
    p->sex = sex ? (char)sex[0] : 0;
    pl_sq_col_text(p->relationship, sizeof p->relationship, st, 8);
    pl_sq_col_text(p->mother_name, sizeof p->mother_name, st, 9);
    pl_sq_col_text(p->death_date, sizeof p->death_date, st, 10);
    pl_sq_col_text(p->disability, sizeof p->disability, st, 11);
    p->has_coord = sqlite3_column_type(st, 12) != SQLITE_NULL;
    p->lat = sqlite3_column_double(st, 12);
    p->lon = sqlite3_column_double(st, 13);
    pl_sq_col_text(p->village_code, sizeof p->village_code, st, 14);
    pl_sq_col_text(p->state, sizeof p->state, st, 15);
    pl_sq_col_text(p->state_by, sizeof p->state_by, st, 16);
    pl_sq_col_text(p->state_at, sizeof p->state_at, st, 17);
    pl_sq_col_text(p->state_reason, sizeof p->state_reason, st, 18);
    p->flags = (unsigned)sqlite3_column_int(st, 19);
    p->version = sqlite3_column_int64(st, 20);
    pl_sq_col_text(p->created_at, sizeof p->created_at, st, 21);
    pl_sq_col_text(p->updated_at, sizeof p->updated_at, st, 22);
    pl_sq_col_text(p->no_nik_reason, sizeof p->no_nik_reason, st, 23);
}

/* Reads the one person sql (its ?1 bound to nik, or else to id) selects into out. */
static int fetch_one(pl_sq_store *s, pl_person *out, const char *sql, int64_t id, const char *nik,
                     pl_error *err)
{
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    if (nik)
        sqlite3_bind_text(st, 1, nik, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(st, 1, id);
    rc = pl_sq_row(s, st, "person", err);
    if (rc != 1) {
        if (rc)
            return rc;
        if (nik)
            return pl_error_set(err, PL_ENOTFOUND, "nik", "orang dengan NIK %s tidak ditemukan",
                                nik);
        return pl_error_set(err, PL_ENOTFOUND, "nik", "orang id %lld tidak ditemukan",
                            (long long)id);
    }
    row_to_person(out, st);
    sqlite3_reset(st);
    return 0;
}

/* Fills the village from the household, or checks the given village. */
static int resolve_village(pl_sq_store *s, pl_person *p, pl_error *err)
{
    if (p->household_id) {
        pl_household hh;
        int rc = pl_sq_household_get(s, &hh, p->household_id, err);
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
    int rc = pl_sq_region_get(s, &r, p->village_code, err);
    if (rc == 0 && r.level != PL_LEVEL_VILLAGE)
        rc = PL_ENOTFOUND;
    if (rc == PL_ENOTFOUND)
        return pl_error_set(err, PL_EINVAL, "kode_desa",
                            "kode desa %s tidak ada di pohon wilayah Kemendagri", p->village_code);
    return rc;
}

static int bind_person(sqlite3_stmt *st, const pl_person *p, pl_error *err)
{
    char norm[PL_NAME_MAX * 2];
    if (pl_name_normalize(norm, sizeof norm, p->name) < 0)
        return pl_error_set(err, PL_EINVAL, "nama", "nama tidak dapat dibaca");
    char sex[2] = {p->sex, 0};
    pl_sq_bind_text_or_null(st, 1, p->nik);
    if (p->household_id)
        sqlite3_bind_int64(st, 2, p->household_id);
    else
        sqlite3_bind_null(st, 2);
    sqlite3_bind_text(st, 3, p->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, norm, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, p->birth_place, -1, SQLITE_STATIC);
    pl_sq_bind_text_or_null(st, 6, p->birth_date);
    pl_sq_bind_text_or_null(st, 7, sex);
    sqlite3_bind_text(st, 8, p->relationship, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, p->mother_name, -1, SQLITE_STATIC);
    pl_sq_bind_text_or_null(st, 10, p->death_date);
    sqlite3_bind_text(st, 11, p->disability, -1, SQLITE_STATIC);
    if (p->has_coord) {
        sqlite3_bind_double(st, 12, p->lat);
        sqlite3_bind_double(st, 13, p->lon);
    } else {
        sqlite3_bind_null(st, 12);
        sqlite3_bind_null(st, 13);
    }
    sqlite3_bind_text(st, 14, p->village_code, -1, SQLITE_STATIC);
    /* A person without NIK always carries a reason (unknown when none was given) and the
     * flag; a NIK clears both. */
    unsigned flags = p->flags & ~(unsigned)PL_FLAG_NO_NIK;
    if (p->nik[0] == '\0')
        flags |= PL_FLAG_NO_NIK;
    sqlite3_bind_int(st, 15, (int)flags);
    if (p->nik[0])
        sqlite3_bind_null(st, 18);
    else
        sqlite3_bind_text(st, 18, p->no_nik_reason[0] ? p->no_nik_reason : "tidak_diketahui", -1,
                          SQLITE_STATIC);
    return 0;
}

int pl_sq_person_get(pl_sq_store *s, pl_person *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " P_COLS P_FROM "WHERE p.id = ?";
    return fetch_one(s, out, sql, id, NULL, err);
}

int pl_sq_person_get_by_nik(pl_sq_store *s, pl_person *out, const char *nik, pl_error *err)
{
    static const char sql[] = "SELECT " P_COLS P_FROM "WHERE p.nik = ?";
    return fetch_one(s, out, sql, 0, nik, err);
}

static int stale(pl_sq_store *s, int64_t id, int64_t version, pl_error *err)
{
    pl_person cur;
    int rc = pl_sq_person_get(s, &cur, id, err);
    if (rc)
        return rc;
    return pl_error_set(err, PL_ECONFLICT, "version",
                        "data orang ini sudah diubah orang lain (versi %lld, bukan %lld); muat "
                        "ulang lalu ulangi",
                        (long long)cur.version, (long long)version);
}

/*
 * Writes p with sql, the INSERT (insert) or the versioned UPDATE, after the checks both
 * share; then reads p back as stored.
 */
static int write_person(pl_sq_store *s, const pl_actor *who, pl_person *p, const char *sql,
                        bool insert, pl_error *err)
{
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    if ((rc = resolve_village(s, p, err)))
        return rc;
    pl_sq_set_actor(s, who);
    PL_SQ_PREP(st, sql);
    if ((rc = bind_person(st, p, err)))
        return rc;
    if (insert) {
        pl_sq_bind_text_or_null(st, 16, p->state);
        sqlite3_bind_text(st, 17, s->actor, -1, SQLITE_STATIC);
    } else {
        sqlite3_bind_int64(st, 16, p->id);
        sqlite3_bind_int64(st, 17, p->version);
    }
    rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        rc = pl_sq_step_error(s, rc, err, "person");
        if (rc == PL_ECONFLICT)
            pl_error_set(err, PL_ECONFLICT, "nik",
                         insert ? "NIK %s sudah terdaftar" : "NIK %s sudah dipakai orang lain",
                         p->nik);
        return rc;
    }
    if (insert)
        return pl_sq_person_get(s, p, sqlite3_last_insert_rowid(s->db), err);
    if (sqlite3_changes(s->db) == 0)
        return stale(s, p->id, p->version, err);
    return pl_sq_person_get(s, p, p->id, err);
}

int pl_sq_person_add(pl_sq_store *s, const pl_actor *who, pl_person *p, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO person(nik, household_id, name, name_norm, birth_place, birth_date, sex, "
        "relationship, mother_name, death_date, disability, lat, lon, village_code, flags, "
        "state, created_at, created_by, updated_at, no_nik_reason) "
        "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,coalesce(?16,'draft')," PL_SQ_NOW
        ",?17," PL_SQ_NOW ",?18)";
    return write_person(s, who, p, sql, true, err);
}

int pl_sq_person_update(pl_sq_store *s, const pl_actor *who, pl_person *p, pl_error *err)
{
    static const char sql[] =
        "UPDATE person SET nik=?1, household_id=?2, name=?3, name_norm=?4, birth_place=?5, "
        "birth_date=?6, sex=?7, relationship=?8, mother_name=?9, death_date=?10, "
        "disability=?11, lat=?12, lon=?13, village_code=?14, flags=?15, no_nik_reason=?18, "
        "version=version+1, updated_at=" PL_SQ_NOW " WHERE id=?16 AND version=?17";
    return write_person(s, who, p, sql, false, err);
}

int pl_sq_person_set_state(pl_sq_store *s, const pl_actor *who, int64_t id, const char *state,
                           const char *reason, pl_error *err)
{
    static const char sql[] = "UPDATE person SET state=?1, state_by=?2, state_at=" PL_SQ_NOW ","
                              " state_reason=?3, version=version+1, updated_at=" PL_SQ_NOW " "
                              "WHERE id=?4";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    if (strcmp(state, PL_STATE_DRAFT) && strcmp(state, PL_STATE_VERIFIED) &&
        strcmp(state, PL_STATE_REJECTED))
        return pl_error_set(err, PL_EINVAL, "status",
                            "status '%s' tidak dikenal (draft, verified, rejected)", state);
    if (strcmp(state, PL_STATE_REJECTED) == 0 && (reason == NULL || reason[0] == '\0'))
        return pl_error_set(err, PL_EINVAL, "alasan", "penolakan wajib disertai alasan");
    pl_sq_set_actor(s, who);
    PL_SQ_PREP(st, sql);
    sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, s->actor, -1, SQLITE_STATIC);
    pl_sq_bind_text_or_null(st, 3, reason);
    sqlite3_bind_int64(st, 4, id);
    if ((rc = pl_sq_done(s, st, err, "person")))
        return rc;
    if (sqlite3_changes(s->db) == 0)
        return pl_error_set(err, PL_ENOTFOUND, "id", "orang id %lld tidak ditemukan",
                            (long long)id);
    return 0;
}

/* Turns free text into an FTS5 query of quoted prefix terms over normalised words. */
static int fts_query(char *out, size_t cap, const char *text)
{
    char norm[PL_NAME_MAX * 2];
    if (pl_name_normalize(norm, sizeof norm, text) < 0)
        return PL_EINVAL;
    size_t j = 0;
    const char *p = norm;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *w = p;
        while (*p && *p != ' ')
            p++;
        int n = snprintf(out + j, cap - j, "%s\"%.*s\"*", j ? " " : "", (int)(p - w), w);
        if (n < 0 || (size_t)n >= cap - j)
            return PL_EINVAL;
        j += (size_t)n;
    }
    out[j] = '\0';
    return j ? 0 : PL_EINVAL;
}

/* What the NIK fast path of pl_sq_person_search still filters per row. */
typedef struct found_arg {
    const pl_person_query *q;
    int limit;
    bool fast; /* the NIK lookup: apply the other filters here */
    int n;     /* rows passed on so far */
} found_arg;

static int read_found(pl_person *p, sqlite3_stmt *st, void *arg)
{
    found_arg *a = arg;
    const pl_person_query *q = a->q;
    row_to_person(p, st);
    if (a->fast &&
        (p->id <= q->after_id || a->n >= a->limit ||
         !pl_region_code_in_scope(p->village_code, q->scope ? q->scope : "") ||
         (q->region && q->region[0] && !pl_region_code_in_scope(p->village_code, q->region)) ||
         (q->state && q->state[0] && strcmp(q->state, p->state)) ||
         (q->kk && q->kk[0] && strcmp(q->kk, p->kk)) ||
         (q->flags_any && !(p->flags & q->flags_any))))
        return 1;
    a->n++;
    return 0;
}

PL_SQ_ROWS_ARG(found_rows, pl_person, pl_person_cb, read_found, "person");

int pl_sq_person_search(pl_sq_store *s, const pl_person_query *q, pl_person_cb cb, void *ctx,
                        pl_error *err)
{
    /* One statement: every filter is optional (NULL/'' = not applied). */
    static const char sql[] =
        "SELECT " P_COLS P_FROM "WHERE p.id > ?1 "
        "AND (?2 IS NULL OR p.nik = ?2) "
        "AND (?3 IS NULL OR h.kk = ?3) "
        "AND (?4 IS NULL OR p.id IN (SELECT rowid FROM person_fts WHERE person_fts MATCH ?4)) "
        "AND p.village_code >= ?5 AND p.village_code < ?6 "
        "AND (?7 IS NULL OR p.state = ?7) "
        "AND (?8 = 0 OR EXISTS (SELECT 1 FROM membership m WHERE m.category = ?8 "
        "     AND m.valid_to IS NULL AND (m.person_id = p.id OR m.household_id = p.household_id))) "
        "AND (?10 = 0 OR p.nik IS NULL) AND (?11 IS NULL OR p.no_nik_reason = ?11) "
        "AND (?12 = 0 OR (p.flags & ?12) != 0) "
        "ORDER BY p.id LIMIT ?9";
    static const char sql_nik[] = "SELECT " P_COLS P_FROM "WHERE p.nik = ?1";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    char match[512];
    if (q->text && q->text[0] && fts_query(match, sizeof match, q->text))
        return pl_error_set(err, PL_EINVAL, "q", "teks pencarian tidak dapat dibaca");
    int limit = q->limit > 0 && q->limit <= 1000 ? q->limit : 50;
    sqlite3_stmt *st;
    /* The category filter needs the full statement (a membership join). */
    int fast =
        q->nik && q->nik[0] && !(q->text && q->text[0]) && q->category == 0 && !q->without_nik;
    if (fast) {
        /* Fast path: NIK lookup through its unique index; other filters in C. */
        st = pl_sq_stmt(s, sql_nik, err);
        if (st == NULL)
            return PL_EINTERNAL;
        sqlite3_bind_text(st, 1, q->nik, -1, SQLITE_STATIC);
    } else {
        st = pl_sq_stmt(s, sql, err);
        if (st == NULL)
            return PL_EINTERNAL;
        sqlite3_bind_int64(st, 1, q->after_id);
        pl_sq_bind_text_or_null(st, 2, q->nik);
        pl_sq_bind_text_or_null(st, 3, q->kk);
        if (q->text && q->text[0])
            sqlite3_bind_text(st, 4, match, -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(st, 4);
        char lo[16], hi[16];
        pl_sq_prefix_range(lo, hi, q->scope, q->region);
        sqlite3_bind_text(st, 5, lo, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 6, hi, -1, SQLITE_TRANSIENT);
        pl_sq_bind_text_or_null(st, 7, q->state);
        sqlite3_bind_int(st, 8, q->category);
        sqlite3_bind_int(st, 9, limit);
        sqlite3_bind_int(st, 10, q->without_nik || (q->no_nik_reason && q->no_nik_reason[0]));
        pl_sq_bind_text_or_null(st, 11, q->no_nik_reason);
        sqlite3_bind_int64(st, 12, (sqlite3_int64)q->flags_any);
    }
    found_arg arg = {q, limit, fast, 0};
    return pl_sq_each(s, st, &found_rows, &arg, PL_SQ_FN(cb), ctx, err);
}

PL_SQ_ROWS(member_rows, pl_person, pl_person_cb, row_to_person, "person");

int pl_sq_household_members(pl_sq_store *s, int64_t household_id, pl_person_cb cb, void *ctx,
                            pl_error *err)
{
    static const char sql[] =
        "SELECT " P_COLS P_FROM "WHERE p.household_id = ? ORDER BY "
        "CASE p.relationship WHEN 'kepala_keluarga' THEN 0 WHEN 'istri_suami' THEN 1 ELSE 2 END, "
        "p.birth_date, p.id";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, household_id);
    return pl_sq_each(s, st, &member_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

static void read_nonik_count(pl_nonik_count *c, sqlite3_stmt *st)
{
    memset(c, 0, sizeof *c);
    pl_sq_col_text(c->reason, sizeof c->reason, st, 0);
    c->people = (long)sqlite3_column_int64(st, 1);
}

PL_SQ_ROWS(nonik_count_rows, pl_nonik_count, pl_nonik_count_cb, read_nonik_count, "person");

int pl_sq_person_nonik_counts(pl_sq_store *s, const char *scope, const char *region,
                              pl_nonik_count_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT coalesce(no_nik_reason, 'tidak_diketahui'), count(*) FROM person "
        "WHERE nik IS NULL AND death_date IS NULL AND village_code >= ?1 AND village_code < ?2 "
        "GROUP BY 1 ORDER BY 1";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    char lo[16], hi[16];
    pl_sq_prefix_range(lo, hi, scope ? scope : "", region);
    sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
    return pl_sq_each(s, st, &nonik_count_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

PL_SQ_ROWS(candidate_rows, pl_person, pl_person_cb, row_to_person, "person");

int pl_sq_person_nonik_candidates(pl_sq_store *s, int64_t household_id, const char *village,
                                  const char *birth_date, pl_person_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT " P_COLS P_FROM "WHERE p.household_id = ?1 "
        "UNION SELECT " P_COLS P_FROM "WHERE p.village_code = ?2 AND p.birth_date = ?3 "
        "ORDER BY 1";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    if (household_id)
        sqlite3_bind_int64(st, 1, household_id);
    else
        sqlite3_bind_null(st, 1);
    pl_sq_bind_text_or_null(st, 2, village);
    pl_sq_bind_text_or_null(st, 3, birth_date);
    return pl_sq_each(s, st, &candidate_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_person_created_by(pl_sq_store *s, char *out, size_t cap, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT coalesce(created_by, '') FROM person WHERE id = ?1";
    if (cap)
        out[0] = '\0';
    sqlite3_stmt *st = pl_sq_stmt(s, sql, err);
    if (st == NULL)
        return PL_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    int rc = 0;
    if (step == SQLITE_ROW)
        pl_sq_col_text(out, cap, st, 0);
    else if (step == SQLITE_DONE)
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "orang id %lld tidak ditemukan", (long long)id);
    else
        rc = pl_sq_step_error(s, step, err, "person");
    sqlite3_reset(st);
    return rc;
}
