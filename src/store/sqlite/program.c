/*
 * program.c - social-assistance programs and the scan of their candidates
 * (store/program.h).
 */
#include "store/sqlite/internal.h"
#include "domain/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROGRAM_COLS                                                                               \
    "id, code, name, level, household, amount, frequency, cap, categories, "                       \
    "coalesce(age_min, -1), coalesce(age_max, -1), disability, desil_max, regions, excludes, "     \
    "requires_nik"

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
    p->rule.nik_optional = sqlite3_column_int(st, 15) == 0;
}

int pl_sq_program_add(pl_sq_store *s, const pl_actor *who, pl_program *p, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO program(code, name, level, household, amount, frequency, cap, categories, "
        "age_min, age_max, disability, desil_max, regions, excludes, created_at, created_by, "
        "requires_nik) "
        "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14," PL_SQ_NOW ",?15,?16)";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
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
    sqlite3_bind_int(st, 16, !p->rule.nik_optional);
    if ((rc = pl_sq_done(s, st, err, "program")))
        return rc == PL_ECONFLICT ? pl_error_set(err, rc, "kode", "program %s sudah ada", p->code)
                                  : rc;
    p->id = sqlite3_last_insert_rowid(s->db);
    return 0;
}

int pl_sq_program_get(pl_sq_store *s, pl_program *out, const char *code, pl_error *err)
{
    static const char sql[] = "SELECT " PROGRAM_COLS " FROM program WHERE code = ?1";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    rc = pl_sq_row(s, st, "program", err);
    if (rc != 1)
        return rc ? rc : pl_error_set(err, PL_ENOTFOUND, "program", "program %s tidak ada", code);
    row_to_program(out, st);
    sqlite3_reset(st);
    return 0;
}

PL_SQ_ROWS(program_rows, pl_program, pl_program_cb, row_to_program, "program");

int pl_sq_program_list(pl_sq_store *s, pl_program_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT " PROGRAM_COLS " FROM program ORDER BY code";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    return pl_sq_each(s, st, &program_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_household_set_desil(pl_sq_store *s, const pl_actor *who, int64_t household_id, int desil,
                              pl_error *err)
{
    static const char sql[] = "UPDATE household SET desil = ?2, version = version + 1, "
                              "updated_at = " PL_SQ_NOW " WHERE id = ?1";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, household_id);
    if (desil)
        sqlite3_bind_int(st, 2, desil);
    if ((rc = pl_sq_done(s, st, err, "household")))
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
    "0)))), p.nik IS NULL "
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

/* How a candidate's age is counted: only when the rule tests it, at the period's start. */
typedef struct subject_arg {
    bool need_age;
    pl_date start;
} subject_arg;

/* A candidate; the village is the row's own, borrowed for the callback. */
static int read_subject(pl_elig_subject *x, sqlite3_stmt *st, void *arg)
{
    const subject_arg *a = arg;
    x->person_id = sqlite3_column_int64(st, 0);
    x->household_id = sqlite3_column_int64(st, 1);
    x->village = (const char *)sqlite3_column_text(st, 2);
    x->age = -1;
    x->disability = sqlite3_column_int(st, 4) != 0;
    x->dead = sqlite3_column_int(st, 5) != 0;
    x->desil = sqlite3_column_int(st, 6);
    x->categories = (uint32_t)sqlite3_column_int64(st, 7);
    x->excluded_hit = sqlite3_column_int(st, 8) != 0;
    x->no_nik = sqlite3_column_int(st, 9) != 0;
    pl_date b;
    const char *bd = (const char *)sqlite3_column_text(st, 3);
    if (a->need_age && bd && bd[0] && pl_date_parse(&b, bd) == 0)
        x->age = pl_date_age(&b, &a->start);
    return 0;
}

PL_SQ_ROWS_ARG(subject_rows, pl_elig_subject, pl_elig_cb, read_subject, "program candidates");

int pl_sq_program_candidates(pl_sq_store *s, const pl_program *p, const char *period,
                             const char *period_start, const char *region, pl_elig_cb cb, void *ctx,
                             pl_error *err)
{
    return pl_sq_program_candidates_range(s, p, period, period_start, region, INT64_MIN, INT64_MAX,
                                          cb, ctx, err);
}

int pl_sq_program_id_span(pl_sq_store *s, int64_t *lo, int64_t *hi, pl_error *err)
{
    static const char sql[] = "SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM person";
    *lo = *hi = 0;
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return pl_sq_step_error(s, rc, err, "person id span");
    *lo = sqlite3_column_int64(st, 0);
    *hi = sqlite3_column_int64(st, 1);
    sqlite3_reset(st);
    return 0;
}

int pl_sq_program_candidates_range(pl_sq_store *s, const pl_program *p, const char *period,
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
        PL_SQ_PREP(q, any_excl);
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
    PL_SQ_PREP(st, p->rule.categories ? by_cat : p->rule.desil_max > 0 ? scan : scan_nodesil);
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
    subject_arg arg = {p->rule.age_min >= 0 || p->rule.age_max >= 0, start};
    return pl_sq_each(s, st, &subject_rows, &arg, PL_SQ_FN(cb), ctx, err);
}
