/*
 * program.c - the PostgreSQL twin of store/sqlite/program.c: social-assistance programs and
 * the scan of their candidates. A scan inside one province reads that province's partitions
 * (substr(village_code, 1, 2) = $16).
 */
#include "store/pg/internal.h"
#include "domain/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROGRAM_COLS                                                                               \
    "id, code, name, level, household, amount, frequency, cap, categories, "                       \
    "coalesce(age_min, -1), coalesce(age_max, -1), disability, desil_max, regions, excludes, "     \
    "requires_nik"

static void row_to_program(pl_program *p, const PGresult *res, int i)
{
    memset(p, 0, sizeof *p);
    char buf[512];
    p->id = pl_pg_int(res, i, 0);
    pl_pg_copy(p->code, sizeof p->code, res, i, 1);
    pl_pg_copy(p->name, sizeof p->name, res, i, 2);
    pl_pg_copy(buf, sizeof buf, res, i, 3);
    p->level = pl_program_level_parse(buf);
    p->household = pl_pg_int(res, i, 4) != 0;
    p->amount = pl_pg_int(res, i, 5);
    pl_pg_copy(buf, sizeof buf, res, i, 6);
    p->frequency = pl_program_frequency_parse(buf);
    p->cap = pl_pg_int(res, i, 7);
    pl_pg_copy(buf, sizeof buf, res, i, 8);
    if (pl_eligibility_parse_categories(&p->rule.categories, buf) != 0)
        p->rule.categories = 0;
    p->rule.age_min = (int)pl_pg_int(res, i, 9);
    p->rule.age_max = (int)pl_pg_int(res, i, 10);
    p->rule.disability = pl_pg_int(res, i, 11) != 0;
    p->rule.desil_max = (int)pl_pg_int(res, i, 12);
    pl_pg_copy(buf, sizeof buf, res, i, 13);
    pl_eligibility_parse_list(&p->rule.regions[0][0], PL_REGION_CODE_MAX, buf);
    pl_pg_copy(buf, sizeof buf, res, i, 14);
    pl_eligibility_parse_list(&p->rule.excludes[0][0], PL_PROGRAM_CODE_MAX, buf);
    p->rule.nik_optional = pl_pg_int(res, i, 15) == 0;
}

static int read_program_one(void *out, const PGresult *res, int row, void *arg)
{
    (void)arg;
    row_to_program(out, res, row);
    return 0;
}

int pl_pg_program_add(pl_pg_store *s, const pl_actor *who, pl_program *p, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO program(code, name, level, household, amount, frequency, cap, categories, "
        "age_min, age_max, disability, desil_max, regions, excludes, created_at, created_by, "
        "requires_nik) VALUES($1, $2, $3, $4::bigint, $5::bigint, $6, $7::bigint, $8, "
        "$9::bigint, $10::bigint, $11::bigint, $12::bigint, $13, $14, pl_now(), $15, "
        "$16::bigint) RETURNING id";
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = pl_pg_set_actor(s, who, err)))
        return rc;
    char cats[128], regions[256], excl[256];
    pl_eligibility_format_categories(cats, sizeof cats, p->rule.categories);
    pl_eligibility_format_list(regions, sizeof regions, &p->rule.regions[0][0], PL_REGION_CODE_MAX);
    pl_eligibility_format_list(excl, sizeof excl, &p->rule.excludes[0][0], PL_PROGRAM_CODE_MAX);
    pl_pg_num amount, cap, amin, amax, desil;
    const char *prm[] = {p->code,
                         p->name,
                         pl_program_level_name(p->level),
                         pl_pg_b(p->household),
                         pl_pg_i64(&amount, p->amount),
                         pl_program_frequency_name(p->frequency),
                         pl_pg_i64(&cap, p->cap),
                         cats,
                         p->rule.age_min >= 0 ? pl_pg_i64(&amin, p->rule.age_min) : NULL,
                         p->rule.age_max >= 0 ? pl_pg_i64(&amax, p->rule.age_max) : NULL,
                         pl_pg_b(p->rule.disability),
                         pl_pg_i64(&desil, p->rule.desil_max),
                         regions,
                         excl,
                         s->actor,
                         pl_pg_b(!p->rule.nik_optional)};
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    int64_t id = 0;
    rc = pl_pg_scalar_i64(s, sql, 16, prm, &id, err, "program");
    if ((rc = pl_pg_tx_end(s, own, rc, err)))
        return rc == PL_ECONFLICT ? pl_error_set(err, rc, "kode", "program %s sudah ada", p->code)
                                  : rc;
    p->id = id;
    return 0;
}

int pl_pg_program_get(pl_pg_store *s, pl_program *out, const char *code, pl_error *err)
{
    static const char sql[] = "SELECT " PROGRAM_COLS " FROM program WHERE code = $1";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {code};
    rc = pl_pg_one(s, sql, 1, p, read_program_one, out, NULL, err, "program");
    if (rc == PL_ENOTFOUND)
        return pl_error_set(err, PL_ENOTFOUND, "program", "program %s tidak ada", code);
    return rc;
}

PL_PG_ROWS(program_rows, pl_program, pl_program_cb, row_to_program, "program");

int pl_pg_program_list(pl_pg_store *s, pl_program_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT " PROGRAM_COLS " FROM program ORDER BY code COLLATE \"C\"";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    return pl_pg_each(s, sql, 0, NULL, &program_rows, NULL, PL_PG_FN(cb), ctx, err);
}

int pl_pg_household_set_desil(pl_pg_store *s, const pl_actor *who, int64_t household_id, int desil,
                              pl_error *err)
{
    static const char sql[] =
        "UPDATE household SET desil = $2::bigint, version = version + 1, updated_at = pl_now() "
        "WHERE substr(village_code, 1, 2) = (SELECT prov FROM household_key WHERE id = "
        "$1::bigint) AND id = $1::bigint";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num id, d;
    const char *p[] = {pl_pg_i64(&id, household_id), desil ? pl_pg_i64(&d, desil) : NULL};
    PGresult *r = pl_pg_query(s, sql, 2, p, err, "household");
    if (r == NULL) {
        rc = err->code;
    } else {
        if (pl_pg_changes(r) == 0)
            rc = pl_error_set(err, PL_ENOTFOUND, "kk", "keluarga tidak ditemukan");
        PQclear(r);
    }
    return pl_pg_tx_end(s, own, rc, err);
}

/*
 * The candidate scan. $1 region prefix, $2 household program, $3 period, $4 period start,
 * $5 program id, $6 its excludes (a;b), $7 its code, $8 whether any exclusion applies, $9
 * its categories (bigint[]), $10 born by, $11 born after, $12 disability required, $13
 * whether the category mask is read, $14..$15 the person id range; $16 the province in the
 * pruned forms. DESIL: the household's decile expression ("0" when the rule has none).
 */
#define OPEN_AT(M) M ".valid_from <= $4 AND (" M ".valid_to IS NULL OR " M ".valid_to >= $4)"
#define EXCL_HIT(COND)                                                                             \
    "EXISTS(SELECT 1 FROM enrolment e JOIN program q ON q.id = e.program_id WHERE " COND " AND "   \
    "e.period = $3 AND q.id <> $5::bigint AND (strpos(';' || $6 || ';', ';' || q.code || ';') > "  \
    "0 OR strpos(';' || q.excludes || ';', ';' || $7 || ';') > 0))"
#define CAT_MASK(COND)                                                                             \
    "(SELECT coalesce(sum(DISTINCT 1::bigint << m.category::int), 0)::bigint FROM membership m "   \
    "WHERE " COND " AND " OPEN_AT("m") ")"
#define CAND_COLS_D(DESIL)                                                                         \
    "SELECT p.id, coalesce(p.household_id, 0), p.village_code, coalesce(p.birth_date, ''), "       \
    "p.disability <> '', p.death_date IS NOT NULL AND p.death_date <= $4, " DESIL ", "             \
    "CASE WHEN $13::int <> 0 THEN " CAT_MASK("m.person_id = p.id") " | " CAT_MASK(                 \
        "m.household_id = p.household_id") " ELSE 0 END, "                                         \
                                           "($8::int <> 0 AND (" EXCL_HIT(                         \
                                               "e.person_id = p.id") " OR " EXCL_HIT("e."          \
                                                                                     "household_"  \
                                                                                     "id = "       \
                                                                                     "p."          \
                                                                                     "household_"  \
                                                                                     "id") ")), "  \
                                                                                           "p."    \
                                                                                           "nik "  \
                                                                                           "IS "   \
                                                                                           "NULL "
#define CAND_WHERE                                                                                 \
    " WHERE " PL_PG_IN_PREFIX("p.village_code", "$1") " AND ($2::int = 0 OR p.relationship = "     \
                                                      "'kepala_keluarga') AND pm.person_id IS "    \
                                                      "NULL AND ($10 = '' OR p.birth_date <= "     \
                                                      "$10) AND ($11 = '' OR p.birth_date > $11) " \
                                                      "AND ($12::int = 0 OR p.disability <> '') "  \
                                                      "AND p.id BETWEEN $14::bigint AND "          \
                                                      "$15::bigint"
#define CAND_PROV " AND substr(p.village_code, 1, 2) = $16"
/* The scans without categories still name $9 (every parameter needs a type). */
#define NO_CATS " AND $9::bigint[] IS NOT NULL"
#define CAND_ORDER " ORDER BY p.id"
#define CAND_COLS CAND_COLS_D("coalesce(h.desil, 0)")
#define NOT_MERGED " LEFT JOIN person_merged pm ON pm.person_id = p.id"
#define HH_JOIN " LEFT JOIN household h ON h.id = p.household_id"
/* People in one of the categories: their own memberships and their household's. */
#define BY_CAT(MPROV)                                                                              \
    "FROM (SELECT m.person_id AS pid FROM membership m WHERE m.category = ANY($9::bigint[]) "      \
    "AND m.person_id IS NOT NULL AND " OPEN_AT("m") MPROV                                          \
        " UNION SELECT p2.id FROM membership m "                                                   \
        "JOIN person p2 ON p2.household_id = m.household_id WHERE m.category = ANY($9::bigint[]) " \
        "AND "                                                                                     \
        "m.household_id IS NOT NULL AND " OPEN_AT("m") ") c JOIN person p ON p.id = c.pid"

static const char scan[] =
    CAND_COLS "FROM person p" HH_JOIN NOT_MERGED CAND_WHERE NO_CATS CAND_ORDER;
static const char scan_nodesil[] =
    CAND_COLS_D("0") "FROM person p" NOT_MERGED CAND_WHERE NO_CATS CAND_ORDER;
static const char by_cat[] = CAND_COLS BY_CAT("") HH_JOIN NOT_MERGED CAND_WHERE CAND_ORDER;
static const char scan_prov[] =
    CAND_COLS "FROM person p" HH_JOIN NOT_MERGED CAND_WHERE CAND_PROV NO_CATS CAND_ORDER;
static const char scan_nodesil_prov[] =
    CAND_COLS_D("0") "FROM person p" NOT_MERGED CAND_WHERE CAND_PROV NO_CATS CAND_ORDER;
/* A person inside the province has their own memberships in its partition. */
static const char by_cat_prov[] =
    CAND_COLS BY_CAT(" AND m.prov = $16") HH_JOIN NOT_MERGED CAND_WHERE CAND_PROV CAND_ORDER;

static void shift_years(char *out, const pl_date *d, int years, int extra_days)
{
    pl_date x = {d->year - years, d->month, d->day};
    if (!pl_date_valid(x.year, x.month, x.day))
        x.day = 28;
    pl_date y;
    pl_date_from_days(&y, pl_date_to_days(&x) + extra_days);
    pl_date_format(out, &y);
}

typedef struct subject_arg {
    bool need_age;
    pl_date start;
} subject_arg;

/* A candidate; the village is the result's own, borrowed for the callback. */
static int read_subject(pl_elig_subject *x, const PGresult *res, int i, void *arg)
{
    const subject_arg *a = arg;
    x->person_id = pl_pg_int(res, i, 0);
    x->household_id = pl_pg_int(res, i, 1);
    x->village = pl_pg_text(res, i, 2);
    x->age = -1;
    x->disability = pl_pg_int(res, i, 4) != 0;
    x->dead = pl_pg_int(res, i, 5) != 0;
    x->desil = (int)pl_pg_int(res, i, 6);
    x->categories = (uint32_t)pl_pg_int(res, i, 7);
    x->excluded_hit = pl_pg_int(res, i, 8) != 0;
    x->no_nik = pl_pg_int(res, i, 9) != 0;
    pl_date b;
    const char *bd = pl_pg_text(res, i, 3);
    if (a->need_age && bd && bd[0] && pl_date_parse(&b, bd) == 0)
        x->age = pl_date_age(&b, &a->start);
    return 0;
}

PL_PG_ROWS_ARG(subject_rows, pl_elig_subject, pl_elig_cb, read_subject, "program candidates");

int pl_pg_program_candidates(pl_pg_store *s, const pl_program *p, const char *period,
                             const char *period_start, const char *region, pl_elig_cb cb, void *ctx,
                             pl_error *err)
{
    return pl_pg_program_candidates_range(s, p, period, period_start, region, INT64_MIN, INT64_MAX,
                                          cb, ctx, err);
}

int pl_pg_program_id_span(pl_pg_store *s, int64_t *lo, int64_t *hi, pl_error *err)
{
    /* The registry holds every person's id, unpartitioned. */
    static const char sql[] = "SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM person_key";
    *lo = *hi = 0;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    PGresult *r = pl_pg_query(s, sql, 0, NULL, err, "person id span");
    if (r == NULL)
        return err->code;
    *lo = pl_pg_int(r, 0, 0);
    *hi = pl_pg_int(r, 0, 1);
    PQclear(r);
    return 0;
}

int pl_pg_program_candidates_range(pl_pg_store *s, const pl_program *p, const char *period,
                                   const char *period_start, const char *region, int64_t id_from,
                                   int64_t id_to, pl_elig_cb cb, void *ctx, pl_error *err)
{
    static const char any_excl[] = "SELECT count(*) FROM program WHERE strpos(';' || excludes || "
                                   "';', ';' || $1 || ';') > 0";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_date start;
    if (pl_date_parse(&start, period_start) != 0)
        return pl_error_set(err, PL_EINVAL, "periode", "awal periode %s tidak sah", period_start);
    char excl[256], cats[160] = "{";
    pl_eligibility_format_list(excl, sizeof excl, &p->rule.excludes[0][0], PL_PROGRAM_CODE_MAX);
    bool has_excl = excl[0] != '\0';
    if (!has_excl) {
        const char *pe[] = {p->code};
        int64_t n = 0;
        if ((rc = pl_pg_scalar_i64(s, any_excl, 1, pe, &n, err, "program")))
            return rc;
        has_excl = n > 0;
    }
    for (int c = 1; c <= 26; c++)
        if (p->rule.categories & (1u << c)) {
            size_t k = strlen(cats);
            snprintf(cats + k, sizeof cats - k, "%s%d", k > 1 ? "," : "", c);
        }
    strcat(cats, "}");
    char born_by[11] = "", born_after[11] = "";
    if (p->rule.age_min >= 0)
        shift_years(born_by, &start, p->rule.age_min, 0);
    if (p->rule.age_max >= 0)
        shift_years(born_after, &start, p->rule.age_max + 1, 0);
    const char *rg = region ? region : "";
    char prov[3];
    pl_pg_prov(prov, rg);
    const char *sql = p->rule.categories      ? (prov[0] ? by_cat_prov : by_cat)
                      : p->rule.desil_max > 0 ? (prov[0] ? scan_prov : scan)
                                              : (prov[0] ? scan_nodesil_prov : scan_nodesil);
    pl_pg_num pid, lo, hi;
    const char *prm[] = {rg,
                         pl_pg_b(p->household),
                         period,
                         period_start,
                         pl_pg_i64(&pid, p->id),
                         excl,
                         p->code,
                         pl_pg_b(has_excl),
                         cats,
                         born_by,
                         born_after,
                         pl_pg_b(p->rule.disability),
                         pl_pg_b(p->rule.categories != 0),
                         pl_pg_i64(&lo, id_from),
                         pl_pg_i64(&hi, id_to),
                         prov};
    subject_arg arg = {p->rule.age_min >= 0 || p->rule.age_max >= 0, start};
    return pl_pg_each(s, sql, prov[0] ? 16 : 15, prm, &subject_rows, &arg, PL_PG_FN(cb), ctx, err);
}
