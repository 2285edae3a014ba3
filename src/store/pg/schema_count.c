/*
 * schema_count.c - migration 27 of the PostgreSQL schema: the maintained change counts behind
 * the rakor's counts (issue 15 item 4), and the statements that rebuild and check them.
 *
 * The same table and the same terms as SQLite's (store/sqlite/schema_count.c explains them):
 * count_delta(village_code, category, day, people, households) plus prov, its partition key
 * (a unique key of a partitioned table must contain the key's columns, and an expression
 * cannot be one), filled by the triggers with the village's province.
 *
 * Triggers. Row triggers on membership, residence and person (defined on the partitioned
 * tables, so cloned to every partition) subtract the terms of OLD and add those of NEW. A row
 * moving to another province's partition is a DELETE and an INSERT to these triggers: its
 * terms go and come back (a membership's prov follows its subject), and a person's death date
 * changed by the same statement is taken into account there. AFTER row triggers of one event
 * fire by name: person_a_count* runs before person_after*, which moves the residence, so the
 * death's terms are computed against the residences before the move (see the SQLite file).
 * New people (an INSERT statement, one row or a bulk load's thousands) add their terms as a
 * household's members once per statement (person_count_new, on the table and on each
 * partition, as pl_person_new of migration 13). A first residence row ('0001-01-01', written
 * only for a new subject, which has no membership yet) skips the residence trigger.
 */
#include "store/pg/internal.h"
#include "store/pg/schema_sql.h"

/* Migration SQL is laid out by hand. */
/* clang-format off */

#define INF "'9999-12-31'"
/* The day after D (NULL when D is NULL or the last day there is). */
#define NEXT(D) "CASE WHEN " D " < " INF " THEN to_char(" D "::date + 1, 'YYYY-MM-DD') END"

/* One pair's start (s) and end (e) as SQLite's, in PostgreSQL's dialect. */
#define TERM(V, C, MF, MT, RF, RT, DEATH, P, H)                                                    \
    V " AS v, " C " AS c, GREATEST(" MF ", " RF ") AS s, LEAST(coalesce(" NEXT(MT) ", " INF       \
    "), coalesce(" RT ", " INF "), coalesce(" DEATH ", " INF ")) AS e, " P " AS p, " H " AS h "

/* The terms of FROM's rows as count_delta's columns (SQLite's TERMS). */
#define TERMS(V, C, MF, MT, RF, RT, DEATH, P, H, FROM)                                             \
    "SELECT v, c, CASE WHEN k = 1 THEN s ELSE e END AS d, k * p AS p, k * h AS h FROM (SELECT "    \
    TERM(V, C, MF, MT, RF, RT, DEATH, P, H) FROM ") t CROSS JOIN (VALUES (1), (-1)) AS kk(k) "      \
    "WHERE s < e AND (k = 1 OR e < " INF ")"

/* Adds SIGN times the terms of FROM's rows to count_delta (SQLite's ADD), keys in order. */
#define ADD(SIGN, V, C, MF, MT, RF, RT, DEATH, P, H, FROM)                                         \
    "INSERT INTO count_delta(prov, village_code, category, day, people, households) "              \
    "SELECT substr(v, 1, 2), v, c, d, " SIGN " * sum(p), " SIGN " * sum(h) FROM ("                 \
    TERMS(V, C, MF, MT, RF, RT, DEATH, P, H, FROM) ") f GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4 "  \
    "ON CONFLICT (prov, village_code, category, day) DO UPDATE SET "                               \
    "people = count_delta.people + excluded.people, "                                              \
    "households = count_delta.households + excluded.households; "

/*
 * The change counts computed from the memberships (count_delta's rows, zero rows left out),
 * with EXTRA's rows (v, c, d, p, h) added: FRESH for migration 27, whose text never changes;
 * FRESH_ALL, with the terms of people who left for another shard (count_departed, migration
 * 29), for the rebuild and the check.
 */
#define FRESH FRESH_WITH("")
#define FRESH_ALL                                                                                  \
    FRESH_WITH(" UNION ALL SELECT village_code, category, day, people, households "               \
               "FROM count_departed")
#define FRESH_WITH(EXTRA)                                                                          \
    "SELECT substr(v, 1, 2) AS prov, v AS village_code, c AS category, d AS day, "                 \
    "sum(p) AS people, sum(h) AS households FROM ("                                                \
    TERMS("r.village_code", "m.category", "m.valid_from", "m.valid_to", "r.valid_from",      \
                "r.valid_to", "p.death_date", "1", "0",                                            \
                "FROM membership m JOIN residence r ON r.person_id = m.person_id "                 \
                "JOIN person p ON p.id = m.person_id")                                             \
    " UNION ALL "                                                                                  \
    TERMS("r.village_code", "m.category", "m.valid_from", "m.valid_to", "r.valid_from",      \
                "r.valid_to", "NULL::text", "0", "1",                                              \
                "FROM membership m JOIN residence r ON r.household_id = m.household_id")           \
    " UNION ALL "                                                                                  \
    TERMS("r.village_code", "m.category", "m.valid_from", "m.valid_to", "r.valid_from",      \
                "r.valid_to", "x.death_date", "1", "0",                                            \
                "FROM membership m JOIN residence r ON r.household_id = m.household_id "           \
                "JOIN person x ON x.household_id = m.household_id")                                \
    EXTRA ") f GROUP BY 1, 2, 3, 4 HAVING sum(p) <> 0 OR sum(h) <> 0"

#define COUNT_MEMBERSHIPS_ON(T, TABLE)                                                             \
    "CREATE TRIGGER " T "_count_new AFTER INSERT ON " TABLE " REFERENCING NEW TABLE AS new_rows "  \
    "FOR EACH STATEMENT EXECUTE FUNCTION pl_count_membership_new();\n"

#define COUNT_NEW_ON(T, TABLE)                                                                     \
    "CREATE TRIGGER " T "_count_new AFTER INSERT ON " TABLE " REFERENCING NEW TABLE AS new_rows "  \
    "FOR EACH STATEMENT EXECUTE FUNCTION pl_count_new_members();\n"

/* count_total's rows from count_delta. */
#define TOTALS                                                                                     \
    "SELECT prov, village_code, category, sum(people) AS people, sum(households) AS households, "  \
    "min(substr(day, 1, 4)::bigint) AS first_year, max(substr(day, 1, 4)::bigint) AS last_year "  \
    "FROM count_delta GROUP BY 1, 2, 3"
/* count_year's rows: every year of each group's range, cumulated. */
#define YEARS                                                                                      \
    "SELECT t.prov, t.village_code, t.category, n.year, "                                          \
    "sum(coalesce(y.people, 0)) OVER w, sum(coalesce(y.households, 0)) OVER w "                   \
    "FROM count_total t JOIN count_years n ON n.year BETWEEN t.first_year AND t.last_year "        \
    "LEFT JOIN (SELECT prov, village_code, category, substr(day, 1, 4)::bigint AS year, "          \
    "sum(people) AS people, sum(households) AS households FROM count_delta GROUP BY 1, 2, 3, 4) y " \
    "ON y.prov = t.prov AND y.village_code = t.village_code AND y.category = t.category AND "      \
    "y.year = n.year WINDOW w AS (PARTITION BY t.prov, t.village_code, t.category ORDER BY n.year)"

const char pl_pg_migration_27[] =
    "CREATE TABLE count_delta(\n"
    "  village_code text NOT NULL,\n"
    "  category bigint NOT NULL,\n"
    "  day text NOT NULL,\n"
    "  people bigint NOT NULL DEFAULT 0,\n"
    "  households bigint NOT NULL DEFAULT 0,\n"
    "  prov text NOT NULL,\n"
    "  PRIMARY KEY (prov, village_code, category, day)\n"
    ") PARTITION BY LIST (prov);\n"
    PL_PG_PARTITIONS("count_delta")
    "CREATE INDEX count_delta_day ON count_delta(prov, day) INCLUDE (village_code, category, "
    "people, households);\n"
    /* The roll-ups (SQLite's: count_total, count_year, count_years), by province too. */
    "CREATE TABLE count_total(\n"
    "  village_code text NOT NULL,\n"
    "  category bigint NOT NULL,\n"
    "  people bigint NOT NULL DEFAULT 0,\n"
    "  households bigint NOT NULL DEFAULT 0,\n"
    "  first_year bigint NOT NULL,\n"
    "  last_year bigint NOT NULL,\n"
    "  prov text NOT NULL,\n"
    "  PRIMARY KEY (prov, village_code, category)\n"
    ") PARTITION BY LIST (prov);\n"
    PL_PG_PARTITIONS("count_total")
    "CREATE TABLE count_year(\n"
    "  village_code text NOT NULL,\n"
    "  category bigint NOT NULL,\n"
    "  year bigint NOT NULL,\n"
    "  people bigint NOT NULL DEFAULT 0,\n"
    "  households bigint NOT NULL DEFAULT 0,\n"
    "  prov text NOT NULL,\n"
    "  PRIMARY KEY (prov, village_code, category, year)\n"
    ") PARTITION BY LIST (prov);\n"
    PL_PG_PARTITIONS("count_year")
    "CREATE INDEX count_year_at ON count_year(prov, year) INCLUDE (village_code, category, "
    "people, households);\n"
    "CREATE TABLE count_years(year bigint PRIMARY KEY);\n"
    "INSERT INTO count_years SELECT generate_series(0, 9999);\n"
    /* The terms of one membership (SQLite's BY_MEMBERSHIP). */
    "CREATE FUNCTION pl_count_membership(sign bigint, pid bigint, hid bigint, cat bigint, "
    "vf text, vt text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN "
    "IF pid IS NOT NULL THEN "
    ADD("sign", "r.village_code", "cat", "vf", "vt", "r.valid_from", "r.valid_to",
        "(SELECT death_date FROM person WHERE id = pid AND substr(village_code, 1, 2) = "
        "(SELECT prov FROM person_key WHERE id = pid))", "1", "0",
        "FROM residence r WHERE r.person_id = pid")
    "ELSIF hid IS NOT NULL THEN "
    ADD("sign", "r.village_code", "cat", "vf", "vt", "r.valid_from", "r.valid_to", "NULL::text",
        "0", "1", "FROM residence r WHERE r.household_id = hid")
    ADD("sign", "r.village_code", "cat", "vf", "vt", "r.valid_from", "r.valid_to",
        "x.death_date", "1", "0",
        "FROM residence r CROSS JOIN person x WHERE r.household_id = hid AND x.household_id = hid")
    "END IF; END $f$;\n"
    /* The terms of one residence row (SQLite's BY_RESIDENCE). */
    "CREATE FUNCTION pl_count_residence(sign bigint, pid bigint, hid bigint, vc text, "
    "vf text, vt text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN "
    "IF pid IS NOT NULL THEN "
    ADD("sign", "vc", "m.category", "m.valid_from", "m.valid_to", "vf", "vt",
        "(SELECT death_date FROM person WHERE id = pid AND substr(village_code, 1, 2) = "
        "(SELECT prov FROM person_key WHERE id = pid))", "1", "0",
        "FROM membership m WHERE m.person_id = pid")
    "ELSIF hid IS NOT NULL THEN "
    ADD("sign", "vc", "m.category", "m.valid_from", "m.valid_to", "vf", "vt", "NULL::text", "0",
        "1", "FROM membership m WHERE m.household_id = hid")
    ADD("sign", "vc", "m.category", "m.valid_from", "m.valid_to", "vf", "vt", "x.death_date",
        "1", "0", "FROM membership m CROSS JOIN person x WHERE m.household_id = hid AND "
        "x.household_id = hid")
    "END IF; END $f$;\n"
    /* A person's own terms had it died on death, and its terms as a member of household hid. */
    "CREATE FUNCTION pl_count_person(sign bigint, pid bigint, hid bigint, death text) "
    "RETURNS void LANGUAGE plpgsql AS $f$ BEGIN "
    ADD("sign", "r.village_code", "m.category", "m.valid_from", "m.valid_to", "r.valid_from",
        "r.valid_to", "death", "1", "0",
        "FROM membership m JOIN residence r ON r.person_id = m.person_id WHERE m.person_id = pid")
    "IF hid IS NOT NULL THEN "
    ADD("sign", "r.village_code", "m.category", "m.valid_from", "m.valid_to", "r.valid_from",
        "r.valid_to", "death", "1", "0",
        "FROM membership m JOIN residence r ON r.household_id = m.household_id "
        "WHERE m.household_id = hid")
    "END IF; END $f$;\n"
    "CREATE FUNCTION pl_count_membership_row() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
    "IF TG_OP <> 'INSERT' THEN PERFORM pl_count_membership(-1, OLD.person_id, OLD.household_id, "
    "OLD.category, OLD.valid_from, OLD.valid_to); END IF; "
    "IF TG_OP <> 'DELETE' THEN PERFORM pl_count_membership(1, NEW.person_id, NEW.household_id, "
    "NEW.category, NEW.valid_from, NEW.valid_to); END IF; RETURN NULL; END $f$;\n"
    "CREATE TRIGGER membership_count AFTER DELETE OR UPDATE OF person_id, "
    "household_id, category, valid_from, valid_to ON membership FOR EACH ROW "
    "EXECUTE FUNCTION pl_count_membership_row();\n"
    /* A membership moving in from another province's partition (its subject moves). */
    "CREATE TRIGGER membership_count_moved AFTER INSERT ON membership FOR EACH ROW WHEN ("
    "coalesce(current_setting('pilar.moving', true), '') NOT IN ('', '{}')) "
    "EXECUTE FUNCTION pl_count_membership_row();\n"
    /* New memberships, once per statement (an import opens thousands in one): each one's
     * residence rows found by index (LATERAL ... OFFSET 0: no hash of every residence row),
     * the person's row in the membership's province (its partition). */
    "CREATE FUNCTION pl_count_membership_new() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
    ADD("1", "r.village_code", "m.category", "m.valid_from", "m.valid_to", "r.valid_from",
        "r.valid_to", "p.death_date", "1", "0",
        "FROM new_rows m CROSS JOIN LATERAL (SELECT village_code, valid_from, valid_to "
        "FROM residence WHERE person_id = m.person_id OFFSET 0) r "
        "LEFT JOIN LATERAL (SELECT death_date FROM person WHERE id = m.person_id AND "
        "substr(village_code, 1, 2) = m.prov OFFSET 0) p ON true WHERE m.person_id IS NOT NULL")
    ADD("1", "r.village_code", "m.category", "m.valid_from", "m.valid_to", "r.valid_from",
        "r.valid_to", "NULL::text", "0", "1",
        "FROM new_rows m CROSS JOIN LATERAL (SELECT village_code, valid_from, valid_to "
        "FROM residence WHERE household_id = m.household_id OFFSET 0) r "
        "WHERE m.household_id IS NOT NULL")
    ADD("1", "r.village_code", "m.category", "m.valid_from", "m.valid_to", "r.valid_from",
        "r.valid_to", "x.death_date", "1", "0",
        "FROM new_rows m CROSS JOIN LATERAL (SELECT village_code, valid_from, valid_to "
        "FROM residence WHERE household_id = m.household_id OFFSET 0) r "
        "CROSS JOIN LATERAL (SELECT death_date FROM person WHERE household_id = m.household_id "
        "OFFSET 0) x WHERE m.household_id IS NOT NULL")
    "RETURN NULL; END $f$;\n"
    COUNT_MEMBERSHIPS_ON("membership", "membership")
    PL_PG_EACH_PARTITION(COUNT_MEMBERSHIPS_ON, "membership")
    "CREATE FUNCTION pl_count_residence_row() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
    "IF TG_OP <> 'INSERT' THEN PERFORM pl_count_residence(-1, OLD.person_id, OLD.household_id, "
    "OLD.village_code, OLD.valid_from, OLD.valid_to); END IF; "
    "IF TG_OP <> 'DELETE' THEN PERFORM pl_count_residence(1, NEW.person_id, NEW.household_id, "
    "NEW.village_code, NEW.valid_from, NEW.valid_to); END IF; RETURN NULL; END $f$;\n"
    "CREATE TRIGGER residence_count AFTER DELETE OR UPDATE ON residence FOR EACH ROW "
    "EXECUTE FUNCTION pl_count_residence_row();\n"
    "CREATE TRIGGER residence_count_insert AFTER INSERT ON residence FOR EACH ROW "
    "WHEN (NEW.valid_from <> '0001-01-01') EXECUTE FUNCTION pl_count_residence_row();\n"
    "CREATE FUNCTION pl_count_person_row() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
    "IF TG_OP <> 'INSERT' THEN PERFORM pl_count_person(-1, OLD.id, OLD.household_id, "
    "OLD.death_date); END IF; "
    "IF TG_OP <> 'DELETE' THEN PERFORM pl_count_person(1, NEW.id, NEW.household_id, "
    "NEW.death_date); END IF; RETURN NULL; END $f$;\n"
    "CREATE TRIGGER person_a_count AFTER UPDATE OF death_date, household_id ON person "
    "FOR EACH ROW WHEN (OLD.death_date IS DISTINCT FROM NEW.death_date OR "
    "OLD.household_id IS DISTINCT FROM NEW.household_id) "
    "EXECUTE FUNCTION pl_count_person_row();\n"
    "CREATE TRIGGER person_a_count_delete AFTER DELETE ON person FOR EACH ROW "
    "EXECUTE FUNCTION pl_count_person_row();\n"
    "CREATE TRIGGER person_a_count_moved AFTER INSERT ON person FOR EACH ROW WHEN ("
    "coalesce(current_setting('pilar.moving', true), '') NOT IN ('', '{}')) "
    "EXECUTE FUNCTION pl_count_person_row();\n"
    /* New people: their terms as members of households that have memberships already. */
    "CREATE FUNCTION pl_count_new_members() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
    ADD("1", "r.village_code", "m.category", "m.valid_from", "m.valid_to", "r.valid_from",
        "r.valid_to", "x.death_date", "1", "0",
        "FROM new_rows x JOIN membership m ON m.household_id = x.household_id "
        "JOIN residence r ON r.household_id = m.household_id")
    "RETURN NULL; END $f$;\n"
    COUNT_NEW_ON("person", "person") PL_PG_EACH_PARTITION(COUNT_NEW_ON, "person")
    /* The counts of what is stored already, then the trigger that keeps the roll-ups. */
    "INSERT INTO count_delta(prov, village_code, category, day, people, households) " FRESH ";\n"
    "INSERT INTO count_total(prov, village_code, category, people, households, first_year, "
    "last_year) " TOTALS ";\n"
    "INSERT INTO count_year(prov, village_code, category, year, people, households) " YEARS ";\n"
    /* count_total and count_year follow count_delta (SQLite's ROLL_ON): the years between the
     * change's and the group's range first (before it at 0, after it at the old total), then
     * the change to every year from its own on, then the total and the range. A rebuild
     * (pilar.count_rebuild on) writes them itself. */
    "CREATE FUNCTION pl_count_roll() RETURNS trigger LANGUAGE plpgsql AS $f$ "
    "DECLARE r count_delta; dp bigint; dh bigint; y bigint; t count_total; BEGIN "
    "IF TG_OP = 'DELETE' THEN r := OLD; dp := -OLD.people; dh := -OLD.households; "
    "ELSIF TG_OP = 'UPDATE' THEN r := NEW; dp := NEW.people - OLD.people; "
    "dh := NEW.households - OLD.households; "
    "ELSE r := NEW; dp := NEW.people; dh := NEW.households; END IF; "
    "y := substr(r.day, 1, 4)::bigint; "
    "SELECT * INTO t FROM count_total WHERE prov = r.prov AND village_code = r.village_code "
    "AND category = r.category; "
    "IF t.first_year IS NULL OR y < t.first_year OR y > t.last_year THEN "
    "INSERT INTO count_year(prov, village_code, category, year, people, households) "
    "SELECT r.prov, r.village_code, r.category, n.year, "
    "CASE WHEN n.year > t.last_year THEN t.people ELSE 0 END, "
    "CASE WHEN n.year > t.last_year THEN t.households ELSE 0 END FROM count_years n "
    "WHERE n.year BETWEEN LEAST(y, coalesce(t.first_year, y)) AND "
    "GREATEST(y, coalesce(t.last_year, y)) ON CONFLICT DO NOTHING; END IF; "
    "UPDATE count_year SET people = people + dp, households = households + dh "
    "WHERE prov = r.prov AND village_code = r.village_code AND category = r.category "
    "AND year >= y; "
    "INSERT INTO count_total(prov, village_code, category, people, households, first_year, "
    "last_year) VALUES (r.prov, r.village_code, r.category, dp, dh, y, y) "
    "ON CONFLICT (prov, village_code, category) DO UPDATE SET "
    "people = count_total.people + excluded.people, "
    "households = count_total.households + excluded.households, "
    "first_year = LEAST(count_total.first_year, excluded.first_year), "
    "last_year = GREATEST(count_total.last_year, excluded.last_year); RETURN NULL; END $f$;\n"
    "CREATE TRIGGER count_delta_roll AFTER INSERT OR UPDATE OR DELETE ON count_delta "
    "FOR EACH ROW WHEN (current_setting('pilar.count_rebuild', true) IS DISTINCT FROM 'on') "
    "EXECUTE FUNCTION pl_count_roll();\n";

/* The rebuild and the check (report.c): after DELETEs of the three tables (with
 * pilar.count_rebuild on), the fills in this order. */
const char pl_pg_count_fill[] =
    "INSERT INTO count_delta(prov, village_code, category, day, people, households) " FRESH_ALL;
const char pl_pg_count_fill_total[] =
    "INSERT INTO count_total(prov, village_code, category, people, households, first_year, "
    "last_year) " TOTALS;
const char pl_pg_count_fill_year[] =
    "INSERT INTO count_year(prov, village_code, category, year, people, households) " YEARS;

/* Rows that differ (SQLite's pl_sq_count_diff). */
const char pl_pg_count_diff[] =
    "SELECT (SELECT count(*) FROM (" FRESH_ALL " EXCEPT SELECT prov, village_code, category, day, "
    "people, households FROM count_delta WHERE people <> 0 OR households <> 0) a) + "
    "(SELECT count(*) FROM (SELECT prov, village_code, category, day, people, households "
    "FROM count_delta WHERE people <> 0 OR households <> 0 EXCEPT " FRESH_ALL ") b) + "
    "(SELECT count(*) FROM (" TOTALS ") d LEFT JOIN count_total t ON t.prov = d.prov AND "
    "t.village_code = d.village_code AND t.category = d.category WHERE t.village_code IS NULL "
    "OR t.people <> d.people OR t.households <> d.households OR t.first_year > d.first_year OR "
    "t.last_year < d.last_year) + "
    "(SELECT count(*) FROM count_total t WHERE NOT EXISTS (SELECT 1 FROM count_delta d WHERE "
    "d.prov = t.prov AND d.village_code = t.village_code AND d.category = t.category) AND "
    "(t.people <> 0 OR t.households <> 0)) + "
    "(SELECT count(*) FROM count_total t WHERE (SELECT count(*) FROM count_year y WHERE "
    "y.prov = t.prov AND y.village_code = t.village_code AND y.category = t.category AND "
    "y.year BETWEEN t.first_year AND t.last_year) <> t.last_year - t.first_year + 1) + "
    "(SELECT count(*) FROM count_year y LEFT JOIN LATERAL (SELECT coalesce(sum(people), 0) AS p, "
    "coalesce(sum(households), 0) AS h FROM count_delta d WHERE d.prov = y.prov AND "
    "d.village_code = y.village_code AND d.category = y.category AND d.day <= "
    "lpad(y.year::text, 4, '0') || '-12-31') c ON true WHERE y.people <> c.p OR "
    "y.households <> c.h)";
/* clang-format on */
