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
 * Adds SIGN times the terms of FROM's rows to count_delta: V village, C category, MF/MT the
 * membership's first and last day (MT NULL = open), RF/RT the residence's first day and first
 * day elsewhere (RT NULL = open), DEATH the death date (NULL = alive), P/H the people and
 * households one term counts.
 */
#define ADD(SIGN, V, C, MF, MT, RF, RT, DEATH, P, H, FROM)                                         \
    "INSERT INTO count_delta(village_code, category, day, people, households) "                    \
    "SELECT v, c, CASE WHEN k = 1 THEN s ELSE e END, " SIGN " * sum(k * p), " SIGN " * sum(k * h) " \
    "FROM (SELECT " V " AS v, " C " AS c, max(" MF ", " RF ") AS s, "                               \
    "min(coalesce(" NEXT(MT) ", " INF "), coalesce(" RT ", " INF "), coalesce(" DEATH ", " INF      \
    ")) AS e, " P " AS p, " H " AS h " FROM ") "                                           \
    "JOIN (SELECT 1 AS k UNION ALL SELECT -1) WHERE s < e AND (k = 1 OR e < " INF ") "             \
    "GROUP BY 1, 2, 3 ON CONFLICT DO UPDATE SET people = people + excluded.people, "                \
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
#define FRESH_TERMS(V, C, MF, MT, RF, RT, DEATH, P, H, FROM)                                       \
    "SELECT v, c, CASE WHEN k = 1 THEN s ELSE e END AS d, k * p AS p, k * h AS h "                 \
    "FROM (SELECT " V " AS v, " C " AS c, max(" MF ", " RF ") AS s, "                               \
    "min(coalesce(" NEXT(MT) ", " INF "), coalesce(" RT ", " INF "), coalesce(" DEATH ", " INF      \
    ")) AS e, " P " AS p, " H " AS h " FROM ") "                                           \
    "JOIN (SELECT 1 AS k UNION ALL SELECT -1) WHERE s < e AND (k = 1 OR e < " INF ")"
#define FRESH                                                                                      \
    "SELECT v AS village_code, c AS category, d AS day, sum(p) AS people, sum(h) AS households "   \
    "FROM (" FRESH_TERMS("r.village_code", "m.category", "m.valid_from", "m.valid_to",             \
                         "r.valid_from", "r.valid_to", "p.death_date", "1", "0",                   \
                         "FROM membership m JOIN residence r ON r.person_id = m.person_id "        \
                         "JOIN person p ON p.id = m.person_id")                                    \
    " UNION ALL " FRESH_TERMS("r.village_code", "m.category", "m.valid_from", "m.valid_to",        \
                              "r.valid_from", "r.valid_to", "NULL", "0", "1",                      \
                              "FROM membership m JOIN residence r ON r.household_id = "            \
                              "m.household_id")                                                    \
    " UNION ALL " FRESH_TERMS("r.village_code", "m.category", "m.valid_from", "m.valid_to",        \
                              "r.valid_from", "r.valid_to", "x.death_date", "1", "0",              \
                              "FROM membership m JOIN residence r ON r.household_id = "            \
                              "m.household_id JOIN person x ON x.household_id = m.household_id")   \
    ") GROUP BY 1, 2, 3 HAVING sum(p) <> 0 OR sum(h) <> 0"

/* count_total follows count_delta: trigger count_delta_total_NAME on EVENT adds P and H to the
 * total of ROW's village and category (a change of either key is not made: the upserts above
 * only change people and households). */
#define TOTAL_ON(NAME, EVENT, ROW, P, H)                                                           \
    "CREATE TRIGGER count_delta_total_" NAME " AFTER " EVENT " ON count_delta BEGIN "              \
    "INSERT INTO count_total(village_code, category, people, households) "                         \
    "VALUES (" ROW ".village_code, " ROW ".category, " P ", " H ") ON CONFLICT DO UPDATE SET people = people + excluded.people, "                     \
    "households = households + excluded.households; END;\n"

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
    /* The sum of every change of a village and category: a count at a recent date is this
     * total less the changes after it. Kept from count_delta by its own triggers. */
    "CREATE TABLE count_total(\n"
    "  village_code TEXT NOT NULL,\n"
    "  category INTEGER NOT NULL,\n"
    "  people INTEGER NOT NULL DEFAULT 0,\n"
    "  households INTEGER NOT NULL DEFAULT 0,\n"
    "  PRIMARY KEY (village_code, category)\n"
    ") WITHOUT ROWID;\n"
    TOTAL_ON("insert", "INSERT", "NEW", "NEW.people", "NEW.households")
    TOTAL_ON("update", "UPDATE", "NEW", "NEW.people - OLD.people",
             "NEW.households - OLD.households")
    TOTAL_ON("delete", "DELETE", "OLD", "-OLD.people", "-OLD.households")
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
    /* The counts of what is stored already. */
    "INSERT INTO count_delta SELECT * FROM (" FRESH ") WHERE true;\n";

/* The rebuild and the check (report.c). */
#define TOTALS                                                                                     \
    "SELECT village_code, category, sum(people) AS people, sum(households) AS households "        \
    "FROM count_delta GROUP BY 1, 2 HAVING sum(people) <> 0 OR sum(households) <> 0"

const char pl_sq_count_rebuild[] =
    "DELETE FROM count_delta; INSERT INTO count_delta SELECT * FROM (" FRESH ") WHERE true; "
    "DELETE FROM count_total; INSERT INTO count_total SELECT * FROM (" TOTALS ") WHERE true;";

/* Rows of count_delta that differ from the fresh computation (zero rows are no difference). */
const char pl_sq_count_diff[] =
    "SELECT count(*) FROM (SELECT * FROM (" FRESH ") EXCEPT SELECT * FROM count_delta "
    "WHERE people <> 0 OR households <> 0) UNION ALL "
    "SELECT count(*) FROM (SELECT * FROM count_delta WHERE people <> 0 OR households <> 0 "
    "EXCEPT SELECT * FROM (" FRESH ")) UNION ALL "
    "SELECT count(*) FROM (" TOTALS " EXCEPT SELECT * FROM count_total "
    "WHERE people <> 0 OR households <> 0) UNION ALL "
    "SELECT count(*) FROM (SELECT * FROM count_total WHERE people <> 0 OR households <> 0 "
    "EXCEPT " TOTALS ")";

/* The member terms of the people added since id ?1 (bulk.c: their insert trigger was off). */
const char pl_sq_count_new_members[] =
    ADD("1", "r.village_code", "m.category", "m.valid_from", "m.valid_to", "r.valid_from",
        "r.valid_to", "x.death_date", "1", "0",
        "FROM person x JOIN membership m ON m.household_id = x.household_id "
        "JOIN residence r ON r.household_id = m.household_id WHERE x.id > ?1");
/* clang-format on */
