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

/* Adds SIGN times the terms of FROM's rows to count_delta (SQLite's ADD). */
#define ADD(SIGN, V, C, MF, MT, RF, RT, DEATH, P, H, FROM)                                         \
    "INSERT INTO count_delta(prov, village_code, category, day, people, households) "              \
    "SELECT substr(v, 1, 2), v, c, CASE WHEN k = 1 THEN s ELSE e END, " SIGN " * sum(k * p), "      \
    SIGN " * sum(k * h) FROM (SELECT " TERM(V, C, MF, MT, RF, RT, DEATH, P, H) FROM ") t "          \
    "CROSS JOIN (VALUES (1), (-1)) AS kk(k) WHERE s < e AND (k = 1 OR e < " INF ") "               \
    "GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4 "                                                      \
    "ON CONFLICT (prov, village_code, category, day) DO UPDATE SET "                               \
    "people = count_delta.people + excluded.people, "                                              \
    "households = count_delta.households + excluded.households; "

/* The change counts computed from the memberships (count_delta's rows, zero rows left out). */
#define FRESH_TERMS(V, C, MF, MT, RF, RT, DEATH, P, H, FROM)                                       \
    "SELECT v, c, CASE WHEN k = 1 THEN s ELSE e END AS d, k * p AS p, k * h AS h FROM (SELECT "    \
    TERM(V, C, MF, MT, RF, RT, DEATH, P, H) FROM ") t CROSS JOIN (VALUES (1), (-1)) AS kk(k) "      \
    "WHERE s < e AND (k = 1 OR e < " INF ")"
#define FRESH                                                                                      \
    "SELECT substr(v, 1, 2) AS prov, v AS village_code, c AS category, d AS day, "                 \
    "sum(p) AS people, sum(h) AS households FROM ("                                                \
    FRESH_TERMS("r.village_code", "m.category", "m.valid_from", "m.valid_to", "r.valid_from",      \
                "r.valid_to", "p.death_date", "1", "0",                                            \
                "FROM membership m JOIN residence r ON r.person_id = m.person_id "                 \
                "JOIN person p ON p.id = m.person_id")                                             \
    " UNION ALL "                                                                                  \
    FRESH_TERMS("r.village_code", "m.category", "m.valid_from", "m.valid_to", "r.valid_from",      \
                "r.valid_to", "NULL::text", "0", "1",                                              \
                "FROM membership m JOIN residence r ON r.household_id = m.household_id")           \
    " UNION ALL "                                                                                  \
    FRESH_TERMS("r.village_code", "m.category", "m.valid_from", "m.valid_to", "r.valid_from",      \
                "r.valid_to", "x.death_date", "1", "0",                                            \
                "FROM membership m JOIN residence r ON r.household_id = m.household_id "           \
                "JOIN person x ON x.household_id = m.household_id")                                \
    ") f GROUP BY 1, 2, 3, 4 HAVING sum(p) <> 0 OR sum(h) <> 0"

#define COUNT_NEW_ON(T, TABLE)                                                                     \
    "CREATE TRIGGER " T "_count_new AFTER INSERT ON " TABLE " REFERENCING NEW TABLE AS new_rows "  \
    "FOR EACH STATEMENT EXECUTE FUNCTION pl_count_new_members();\n"

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
    "CREATE TRIGGER membership_count AFTER INSERT OR DELETE OR UPDATE OF person_id, "
    "household_id, category, valid_from, valid_to ON membership FOR EACH ROW "
    "EXECUTE FUNCTION pl_count_membership_row();\n"
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
    /* The counts of what is stored already. */
    "INSERT INTO count_delta(prov, village_code, category, day, people, households) " FRESH ";\n";

/* The rebuild and the check (report.c). */
const char pl_pg_count_fill[] =
    "INSERT INTO count_delta(prov, village_code, category, day, people, households) " FRESH;

/* Rows of count_delta that differ from the fresh computation (zero rows are no difference). */
const char pl_pg_count_diff[] =
    "SELECT (SELECT count(*) FROM (" FRESH " EXCEPT SELECT prov, village_code, category, day, "
    "people, households FROM count_delta WHERE people <> 0 OR households <> 0) a) + "
    "(SELECT count(*) FROM (SELECT prov, village_code, category, day, people, households "
    "FROM count_delta WHERE people <> 0 OR households <> 0 EXCEPT " FRESH ") b)";
/* clang-format on */
