/*
 * schema_count.c - migration 27 of the SQLite schema: the maintained change counts behind the
 * rakor's counts (issue 15 item 4), and the statements that rebuild and check them.
 *
 * count_delta(village_code, category, day, people, households) holds, per village, PMKS
 * category and day, how many people and households started (+) or stopped (-) counting there
 * on that day. The count at date D of a region is the sum of the rows of its villages with
 * day <= D (store/report.h gives the counting rules; store/sqlite/report.c reads it).
 *
 * Why it can be kept by triggers: what a subject contributes is a sum over pairs of its
 * rows, one membership m (a category over [valid_from, valid_to]) and one residence r (a
 * village over [valid_from, valid_to)), cut at the death date: the pair counts in r's village
 * for m's category from max(starts) to min(ends), a +1 on the first day and a -1 on the day
 * after the last. A household category's pair counts the household (households) and, per
 * member alive, one person (people). Each term depends on one membership, one residence and
 * one person row, so a change of one row changes exactly the terms it takes part in: the
 * trigger of a table subtracts the terms of its OLD row and adds those of its NEW row, joined
 * with the current rows of the other tables. A statement that changes two of the factors at
 * once (a person update that moves and dies) stays exact as long as the second change's
 * terms see the first one done: the person triggers here are newer than the residence
 * triggers of migration 4 and SQLite fires the newest first.
 *
 * Rows that net to zero stay until `pilar check --rebuild-counts` (pl_sq_count_rebuild)
 * writes the table again from the memberships; `pilar check` compares the two.
 *
 * Bulk loads: the insert phase runs with triggers off (bulk.c); pl_sq_bulk_flush adds the
 * member terms of the new people (pl_sq_count_new_members), and the first residence rows it
 * inserts fire the residence trigger below. Memberships are written in the update phase,
 * triggers on.
 */
#include "store/sqlite/internal.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

#define INF "'9999-12-31'"
/* The day after D (NULL when D is NULL or the last day there is). */
#define NEXT(D) "CASE WHEN " D " < " INF " THEN date(" D ", '+1 day') END"

/*
 * The terms of FROM's rows, as count_delta's columns (v village, c category, d day, p people, h
 * households; a row per start and per end): V village, C category, MF/MT the membership's first
 * and last day (MT NULL = open), RF/RT the residence's first day and first day elsewhere (RT
 * NULL = open), DEATH the death date (NULL = alive), P/H the people and households one term
 * counts.
 */
#define TERMS(V, C, MF, MT, RF, RT, DEATH, P, H, FROM)                                       \
    "SELECT v, c, CASE WHEN k = 1 THEN s ELSE e END AS d, k * p AS p, k * h AS h "                 \
    "FROM (SELECT " V " AS v, " C " AS c, max(" MF ", " RF ") AS s, "                               \
    "min(coalesce(" NEXT(MT) ", " INF "), coalesce(" RT ", " INF "), coalesce(" DEATH ", " INF      \
    ")) AS e, " P " AS p, " H " AS h " FROM ") "                                           \
    "JOIN (SELECT 1 AS k UNION ALL SELECT -1) WHERE s < e AND (k = 1 OR e < " INF ")"

/* Adds SIGN times the terms of FROM's rows (TERMS' arguments) to count_delta. */
#define ADD(SIGN, V, C, MF, MT, RF, RT, DEATH, P, H, FROM)                                         \
    "INSERT INTO count_delta(village_code, category, day, people, households) "                    \
    "SELECT v, c, d, " SIGN " * sum(p), " SIGN " * sum(h) FROM ("                                  \
    TERMS(V, C, MF, MT, RF, RT, DEATH, P, H, FROM) ") GROUP BY 1, 2, 3 "                           \
    "ON CONFLICT DO UPDATE SET people = people + excluded.people, "                                \
    "households = households + excluded.households;"

#define DEATH_OF(ID) "(SELECT death_date FROM person WHERE id = " ID ")"

/* The terms of membership row X (NEW or OLD): a person's, a household's, its members'. */
#define BY_MEMBERSHIP(SIGN, X)                                                                     \
    ADD(SIGN, "r.village_code", X ".category", X ".valid_from", X ".valid_to", "r.valid_from",    \
        "r.valid_to", DEATH_OF(X ".person_id"), "1", "0",                                          \
        "FROM residence r WHERE r.person_id = " X ".person_id")                                    \
    ADD(SIGN, "r.village_code", X ".category", X ".valid_from", X ".valid_to", "r.valid_from",    \
        "r.valid_to", "NULL", "0", "1", "FROM residence r WHERE r.household_id = " X ".household_id") \
    ADD(SIGN, "r.village_code", X ".category", X ".valid_from", X ".valid_to", "r.valid_from",    \
        "r.valid_to", "x.death_date", "1", "0",                                                    \
        "FROM residence r JOIN person x ON x.household_id = r.household_id "                       \
        "WHERE r.household_id = " X ".household_id")

/* The terms of residence row X. */
#define BY_RESIDENCE(SIGN, X)                                                                      \
    ADD(SIGN, X ".village_code", "m.category", "m.valid_from", "m.valid_to", X ".valid_from",     \
        X ".valid_to", DEATH_OF(X ".person_id"), "1", "0",                                         \
        "FROM membership m WHERE m.person_id = " X ".person_id")                                   \
    ADD(SIGN, X ".village_code", "m.category", "m.valid_from", "m.valid_to", X ".valid_from",     \
        X ".valid_to", "NULL", "0", "1", "FROM membership m WHERE m.household_id = " X ".household_id") \
    ADD(SIGN, X ".village_code", "m.category", "m.valid_from", "m.valid_to", X ".valid_from",     \
        X ".valid_to", "x.death_date", "1", "0",                                                   \
        "FROM membership m JOIN person x ON x.household_id = m.household_id "                      \
        "WHERE m.household_id = " X ".household_id")

/* The terms of person ID's own memberships, had it died on DEATH. */
#define OWN(SIGN, ID, DEATH)                                                                       \
    ADD(SIGN, "r.village_code", "m.category", "m.valid_from", "m.valid_to", "r.valid_from",       \
        "r.valid_to", DEATH, "1", "0",                                                             \
        "FROM membership m JOIN residence r ON r.person_id = m.person_id WHERE m.person_id = " ID)

/* The terms of one member of household HH (died on DEATH) in the household's categories. */
#define MEMBER(SIGN, HH, DEATH)                                                                    \
    ADD(SIGN, "r.village_code", "m.category", "m.valid_from", "m.valid_to", "r.valid_from",       \
        "r.valid_to", DEATH, "1", "0",                                                             \
        "FROM membership m JOIN residence r ON r.household_id = m.household_id "                   \
        "WHERE m.household_id = " HH)

/* Whether subject row X (a residence) has any membership: a first residence row has none. */
#define HAS_MEMBERSHIP(X)                                                                          \
    "(EXISTS (SELECT 1 FROM membership WHERE person_id = " X ".person_id) OR "                     \
    "EXISTS (SELECT 1 FROM membership WHERE household_id = " X ".household_id))"

/*
 * The change counts computed from the memberships, as count_delta's rows (zero rows left out):
 * migration 27 fills the table with it, the rebuild and the check use it too.
 */
#define FRESH FRESH_WITH("")
/* FRESH with the terms of people who left for another shard (count_departed, migration 29). */
#define FRESH_ALL                                                                                  \
    FRESH_WITH(" UNION ALL SELECT village_code, category, day, people, households "               \
               "FROM count_departed")
#define FRESH_WITH(EXTRA)                                                                          \
    "SELECT v AS village_code, c AS category, d AS day, sum(p) AS people, sum(h) AS households "   \
    "FROM (" TERMS("r.village_code", "m.category", "m.valid_from", "m.valid_to",             \
                         "r.valid_from", "r.valid_to", "p.death_date", "1", "0",                   \
                         "FROM membership m JOIN residence r ON r.person_id = m.person_id "        \
                         "JOIN person p ON p.id = m.person_id")                                    \
    " UNION ALL " TERMS("r.village_code", "m.category", "m.valid_from", "m.valid_to",        \
                              "r.valid_from", "r.valid_to", "NULL", "0", "1",                      \
                              "FROM membership m JOIN residence r ON r.household_id = "            \
                              "m.household_id")                                                    \
    " UNION ALL " TERMS("r.village_code", "m.category", "m.valid_from", "m.valid_to",        \
                              "r.valid_from", "r.valid_to", "x.death_date", "1", "0",              \
                              "FROM membership m JOIN residence r ON r.household_id = "            \
                              "m.household_id JOIN person x ON x.household_id = m.household_id")   \
    EXTRA ") GROUP BY 1, 2, 3 HAVING sum(p) <> 0 OR sum(h) <> 0"

/* The year of a day of count_delta; COL of the count_total row of ROW's village and category. */
#define GROUP(ROW, COL)                                                                            \
    "(SELECT " COL " FROM count_total WHERE village_code = " ROW ".village_code AND category = "   \
    ROW ".category)"
#define YEAR_OF(D) "CAST(substr(" D ", 1, 4) AS INTEGER)"

/*
 * count_total and count_year follow count_delta: trigger count_delta_roll_NAME on EVENT adds P
 * people and H households changed on ROW's day Y to ROW's village and category. First the years
 * between the day's and the group's range are added (those before it at 0, those after it at
 * the old total: nothing changed after the last year), then every year from the day's on takes
 * the change, then the total and the range. (The upserts of count_delta change people and
 * households only, never its key.)
 */
#define ROLL_ON(NAME, EVENT, ROW, P, H)                                                            \
    "CREATE TRIGGER count_delta_roll_" NAME " AFTER " EVENT " ON count_delta BEGIN "               \
    "INSERT INTO count_year(village_code, category, year, people, households) "                    \
    "SELECT " ROW ".village_code, " ROW ".category, n.year, "                                      \
    "CASE WHEN n.year > " GROUP(ROW, "last_year") " THEN " GROUP(ROW, "people") " ELSE 0 END, "    \
    "CASE WHEN n.year > " GROUP(ROW, "last_year") " THEN " GROUP(ROW, "households") " ELSE 0 END " \
    "FROM count_years n WHERE n.year BETWEEN "                                                     \
    "min(" YEAR_OF(ROW ".day") ", coalesce(" GROUP(ROW, "first_year") ", " YEAR_OF(ROW ".day")     \
    ")) AND max(" YEAR_OF(ROW ".day") ", coalesce(" GROUP(ROW, "last_year") ", "                    \
    YEAR_OF(ROW ".day") ")) ON CONFLICT DO NOTHING; "                                              \
    "UPDATE count_year SET people = people + (" P "), households = households + (" H ") "          \
    "WHERE village_code = " ROW ".village_code AND category = " ROW ".category "                   \
    "AND year >= " YEAR_OF(ROW ".day") "; "                                                        \
    "INSERT INTO count_total(village_code, category, people, households, first_year, last_year) "  \
    "VALUES (" ROW ".village_code, " ROW ".category, " P ", " H ", " YEAR_OF(ROW ".day") ", "      \
    YEAR_OF(ROW ".day") ") ON CONFLICT DO UPDATE SET people = people + excluded.people, "          \
    "households = households + excluded.households, "                                              \
    "first_year = min(first_year, excluded.first_year), "                                          \
    "last_year = max(last_year, excluded.last_year); END;\n"

/* count_total's rows from count_delta. */
#define TOTALS                                                                                     \
    "SELECT village_code, category, sum(people) AS people, sum(households) AS households, "       \
    "min(" YEAR_OF("day") ") AS first_year, max(" YEAR_OF("day") ") AS last_year "                \
    "FROM count_delta GROUP BY 1, 2"
/* count_year's rows from count_delta and count_total: every year of each range, cumulated. */
#define YEARS                                                                                      \
    "SELECT t.village_code, t.category, n.year, "                                                  \
    "sum(coalesce(y.people, 0)) OVER w, sum(coalesce(y.households, 0)) OVER w "                   \
    "FROM count_total t JOIN count_years n ON n.year BETWEEN t.first_year AND t.last_year "        \
    "LEFT JOIN (SELECT village_code, category, " YEAR_OF("day") " AS year, sum(people) AS people, " \
    "sum(households) AS households FROM count_delta GROUP BY 1, 2, 3) y "                          \
    "ON y.village_code = t.village_code AND y.category = t.category AND y.year = n.year "          \
    "WINDOW w AS (PARTITION BY t.village_code, t.category ORDER BY n.year)"

const char pl_sq_migration_27[] =
    "CREATE TABLE count_delta(\n"
    "  village_code TEXT NOT NULL,\n"
    "  category INTEGER NOT NULL,\n"
    "  day TEXT NOT NULL,\n"
    "  people INTEGER NOT NULL DEFAULT 0,\n"
    "  households INTEGER NOT NULL DEFAULT 0,\n"
    "  PRIMARY KEY (village_code, category, day)\n"
    ") WITHOUT ROWID;\n"
    /* A province's changes by day: the ones after (or up to) a date without the others. */
    "CREATE INDEX count_delta_day ON count_delta(substr(village_code, 1, 2), day, village_code, "
    "category, people, households);\n"
    /*
     * Roll-ups, so that a count reads one row per village and category: count_total, the sum
     * of every change and the first and last year that has one; count_year, for every year of
     * that range, the count at its end (the changes up to 31 December). A count at D is
     * count_year of the year before D's (the total after the last year, 0 before the first)
     * plus D's year's changes up to D (none when D is 31 December). count_years numbers the
     * years a trigger may need.
     */
    "CREATE TABLE count_total(\n"
    "  village_code TEXT NOT NULL,\n"
    "  category INTEGER NOT NULL,\n"
    "  people INTEGER NOT NULL DEFAULT 0,\n"
    "  households INTEGER NOT NULL DEFAULT 0,\n"
    "  first_year INTEGER NOT NULL,\n"
    "  last_year INTEGER NOT NULL,\n"
    "  PRIMARY KEY (village_code, category)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE count_year(\n"
    "  village_code TEXT NOT NULL,\n"
    "  category INTEGER NOT NULL,\n"
    "  year INTEGER NOT NULL,\n"
    "  people INTEGER NOT NULL DEFAULT 0,\n"
    "  households INTEGER NOT NULL DEFAULT 0,\n"
    "  PRIMARY KEY (village_code, category, year)\n"
    ") WITHOUT ROWID;\n"
    /* A date's year-end counts of a region in one index range. */
    "CREATE INDEX count_year_at ON count_year(year, village_code, category, people, "
    "households);\n"
    "CREATE TABLE count_years(year INTEGER PRIMARY KEY);\n"
    "WITH RECURSIVE n(y) AS (SELECT 0 UNION ALL SELECT y + 1 FROM n WHERE y < 9999) "
    "INSERT INTO count_years SELECT y FROM n;\n"
    "CREATE TRIGGER membership_count_insert AFTER INSERT ON membership BEGIN "
    BY_MEMBERSHIP("1", "NEW") " END;\n"
    "CREATE TRIGGER membership_count_delete AFTER DELETE ON membership BEGIN "
    BY_MEMBERSHIP("-1", "OLD") " END;\n"
    "CREATE TRIGGER membership_count_update AFTER UPDATE OF person_id, household_id, category, "
    "valid_from, valid_to ON membership BEGIN "
    BY_MEMBERSHIP("-1", "OLD") BY_MEMBERSHIP("1", "NEW") " END;\n"
    "CREATE TRIGGER residence_count_insert AFTER INSERT ON residence WHEN "
    HAS_MEMBERSHIP("NEW") " BEGIN " BY_RESIDENCE("1", "NEW") " END;\n"
    "CREATE TRIGGER residence_count_delete AFTER DELETE ON residence WHEN "
    HAS_MEMBERSHIP("OLD") " BEGIN " BY_RESIDENCE("-1", "OLD") " END;\n"
    "CREATE TRIGGER residence_count_update AFTER UPDATE ON residence WHEN "
    HAS_MEMBERSHIP("NEW") " OR " HAS_MEMBERSHIP("OLD") " BEGIN "
    BY_RESIDENCE("-1", "OLD") BY_RESIDENCE("1", "NEW") " END;\n"
    "CREATE TRIGGER person_count_death AFTER UPDATE OF death_date ON person "
    "WHEN OLD.death_date IS NOT NEW.death_date BEGIN "
    OWN("-1", "OLD.id", "OLD.death_date") OWN("1", "NEW.id", "NEW.death_date")
    MEMBER("-1", "OLD.household_id", "OLD.death_date")
    MEMBER("1", "NEW.household_id", "NEW.death_date") " END;\n"
    "CREATE TRIGGER person_count_household AFTER UPDATE OF household_id ON person "
    "WHEN OLD.household_id IS NOT NEW.household_id AND OLD.death_date IS NEW.death_date BEGIN "
    MEMBER("-1", "OLD.household_id", "OLD.death_date")
    MEMBER("1", "NEW.household_id", "NEW.death_date") " END;\n"
    "CREATE TRIGGER person_count_insert AFTER INSERT ON person "
    "WHEN NEW.household_id IS NOT NULL BEGIN "
    MEMBER("1", "NEW.household_id", "NEW.death_date") " END;\n"
    "CREATE TRIGGER person_count_delete AFTER DELETE ON person BEGIN "
    OWN("-1", "OLD.id", "OLD.death_date")
    MEMBER("-1", "OLD.household_id", "OLD.death_date") " END;\n"
    /* The counts of what is stored already, then the triggers that keep the roll-ups. */
    "INSERT INTO count_delta SELECT * FROM (" FRESH ") WHERE true;\n"
    "INSERT INTO count_total SELECT * FROM (" TOTALS ") WHERE true;\n"
    "INSERT INTO count_year SELECT * FROM (" YEARS ") WHERE true;\n"
    ROLL_ON("insert", "INSERT", "NEW", "NEW.people", "NEW.households")
    ROLL_ON("update", "UPDATE", "NEW", "NEW.people - OLD.people",
            "NEW.households - OLD.households")
    ROLL_ON("delete", "DELETE", "OLD", "-OLD.people", "-OLD.households");

/* The rebuild and the check (report.c). */
const char pl_sq_count_rebuild[] =
    "DELETE FROM count_delta; INSERT INTO count_delta SELECT * FROM (" FRESH_ALL ") WHERE true; "
    "DELETE FROM count_total; DELETE FROM count_year; "
    "INSERT INTO count_total SELECT * FROM (" TOTALS ") WHERE true; "
    "INSERT INTO count_year SELECT * FROM (" YEARS ") WHERE true;";

/*
 * Rows that differ: count_delta from the fresh computation (both ways; zero rows are no
 * difference), count_total from count_delta (sums; a range that misses a change's year), the
 * years of count_year (a missing one inside a range, a wrong cumulated count).
 */
const char pl_sq_count_diff[] =
    "SELECT count(*) FROM (SELECT * FROM (" FRESH_ALL ") EXCEPT SELECT * FROM count_delta "
    "WHERE people <> 0 OR households <> 0) UNION ALL "
    "SELECT count(*) FROM (SELECT * FROM count_delta WHERE people <> 0 OR households <> 0 "
    "EXCEPT SELECT * FROM (" FRESH_ALL ")) UNION ALL "
    "SELECT count(*) FROM (" TOTALS ") d LEFT JOIN count_total t ON t.village_code = "
    "d.village_code AND t.category = d.category WHERE t.village_code IS NULL OR "
    "t.people <> d.people OR t.households <> d.households OR t.first_year > d.first_year OR "
    "t.last_year < d.last_year UNION ALL "
    "SELECT count(*) FROM count_total t WHERE NOT EXISTS (SELECT 1 FROM count_delta d WHERE "
    "d.village_code = t.village_code AND d.category = t.category) AND (t.people <> 0 OR "
    "t.households <> 0) UNION ALL "
    "SELECT count(*) FROM count_total t WHERE (SELECT count(*) FROM count_year y WHERE "
    "y.village_code = t.village_code AND y.category = t.category AND y.year BETWEEN "
    "t.first_year AND t.last_year) <> t.last_year - t.first_year + 1 UNION ALL "
    "SELECT count(*) FROM count_year y WHERE y.people <> (SELECT coalesce(sum(people), 0) FROM "
    "count_delta d WHERE d.village_code = y.village_code AND d.category = y.category AND d.day "
    "<= printf('%04d-12-31', y.year)) OR y.households <> (SELECT coalesce(sum(households), 0) "
    "FROM count_delta d WHERE d.village_code = y.village_code AND d.category = y.category AND "
    "d.day <= printf('%04d-12-31', y.year))";

/* The member terms of the people added since id ?1 (bulk.c: their insert trigger was off). */
const char pl_sq_count_new_members[] =
    ADD("1", "r.village_code", "m.category", "m.valid_from", "m.valid_to", "r.valid_from",
        "r.valid_to", "x.death_date", "1", "0",
        "FROM person x JOIN membership m ON m.household_id = x.household_id "
        "JOIN residence r ON r.household_id = m.household_id WHERE x.id > ?1");
/* clang-format on */
