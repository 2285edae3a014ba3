/*
 * schema_nonik.c - migration 13 of the PostgreSQL schema (SQLite:
 * src/store/sqlite/schema_nonik.c): people without a NIK (the reason code,
 * the person's audit image carrying it, the referral index) and programs that
 * require one. Never edit a released migration: add a new one.
 *
 * It also gives new people and households their set-based insert path (issue 14's import
 * speed; here because this is the last migration that touches their triggers): the registry
 * row, the first residence row and the point of every row an INSERT (or COPY, or MERGE)
 * writes are added by one statement-level trigger over the statement's new rows
 * (REFERENCING NEW TABLE), on the partitioned table and on each partition (a statement that
 * names a partition fires that partition's statement triggers, not its parent's). The row
 * triggers that remain on INSERT only act for rows moving between partitions or for the
 * audit, and say so in a WHEN clause, so that a bulk load (pilar.audit_inserts = 'off')
 * calls no PL/pgSQL function per row. See docs/internals/postgresql.md.
 */
#include "store/pg/schema_sql.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

#define PERSON_KEYS_13                                                                         \
    "'nik','household_id','name','birth_place','birth_date','sex','relationship',"            \
    "'mother_name','death_date','disability','lat','lon','village_code','state',"             \
    "'state_reason','flags','no_nik_reason','version'"

#define HOUSEHOLD_KEYS_13                                                                      \
    "'kk','village_code','address','rt','rw','lat','lon','state','version'"

/* As schema_geo.c's DIST and POINT. */
#define DIST_13(V) "replace(substr(" V ", 1, 8), '.', '')::bigint"
#define POINT_13(LAT, LON) "ST_SetSRID(ST_MakePoint(" LON ", " LAT "), 4326)::geography"

/* Whether a row is moving between partitions in this transaction (cheap: no function call). */
#define MOVING_13 "coalesce(current_setting('pilar.moving', true), '') NOT IN ('', '{}')"
/* Whether inserts are audited (pl_audit_inserts()), as an expression. */
#define AUDITED_13 "coalesce(current_setting('pilar.audit_inserts', true), '') <> 'off'"

/*
 * The audit of T: updates and deletes as PL_PG_AUDIT; inserts only when audited or moving (a
 * bulk load's new rows call nothing).
 */
#define AUDIT_13(T, KEYS)                                                                      \
    "CREATE TRIGGER " T "_audit AFTER UPDATE OR DELETE ON " T                                  \
    " FOR EACH ROW EXECUTE FUNCTION pl_audit_row('" T "', 'bulk', " KEYS ");\n"               \
    "CREATE TRIGGER " T "_audit_insert AFTER INSERT ON " T " FOR EACH ROW WHEN (" AUDITED_13    \
    " OR " MOVING_13 ") EXECUTE FUNCTION pl_audit_row('" T "', 'bulk', " KEYS ");\n"

/* PL_PG_MOVES's last AFTER INSERT trigger, fired only while something moves. */
#define MOVE_DONE_13(T)                                                                        \
    "DROP TRIGGER zz_" T "_move_done ON " T ";\n"                                             \
    "CREATE TRIGGER zz_" T "_move_done AFTER INSERT ON " T " FOR EACH ROW WHEN (" MOVING_13   \
    ") EXECUTE FUNCTION pl_move_done('" T "');\n"

/*
 * SUBJECT_AFTER_4 of migration 4 for updates, deletes and rows moving in from another
 * partition; a new row's registry row and first residence row are pl_T_new's.
 */
#define SUBJECT_AFTER_13(T, KEYCOL)                                                            \
    "CREATE OR REPLACE FUNCTION pl_" T "_after() RETURNS trigger LANGUAGE plpgsql AS $f$ "    \
    "DECLARE moved jsonb; old_key text; old_village text; BEGIN "                              \
    "IF TG_OP = 'DELETE' THEN "                                                                \
    "IF pl_moved('" T "', OLD.id) IS NULL THEN DELETE FROM " T "_key WHERE id = OLD.id; END IF; " \
    "RETURN NULL; END IF; "                                                                    \
    "IF TG_OP = 'INSERT' THEN moved := pl_moved('" T "', NEW.id); "                            \
    "IF moved IS NULL THEN RETURN NULL; END IF; "                                              \
    "old_key := moved ->> '" KEYCOL "'; old_village := moved ->> 'village_code'; "             \
    "ELSE old_key := OLD." KEYCOL "; old_village := OLD.village_code; END IF; "                \
    "IF NEW." KEYCOL " IS DISTINCT FROM old_key OR "                                           \
    "substr(NEW.village_code, 1, 2) <> substr(old_village, 1, 2) "                             \
    "THEN UPDATE " T "_key SET " KEYCOL " = NEW." KEYCOL ", prov = substr(NEW.village_code, 1, 2) " \
    "WHERE id = NEW.id; END IF; "                                                              \
    "IF NEW.village_code <> old_village THEN "                                                 \
    "UPDATE residence SET valid_to = pl_today() WHERE " T "_id = NEW.id AND valid_to IS NULL; " \
    "INSERT INTO residence(" T "_id, village_code, valid_from) "                               \
    "VALUES (NEW.id, NEW.village_code, pl_today()); END IF; "                                  \
    "IF substr(NEW.village_code, 1, 2) <> substr(old_village, 1, 2) THEN "                     \
    "UPDATE membership SET prov = substr(NEW.village_code, 1, 2) WHERE " T "_id = NEW.id; "    \
    "END IF; RETURN NULL; END $f$;\n"                                                          \
    "DROP TRIGGER " T "_after ON " T ";\n"                                                    \
    "CREATE TRIGGER " T "_after AFTER UPDATE OR DELETE ON " T                                  \
    " FOR EACH ROW EXECUTE FUNCTION pl_" T "_after();\n"                                      \
    "CREATE TRIGGER " T "_after_moved AFTER INSERT ON " T " FOR EACH ROW WHEN (" MOVING_13     \
    ") EXECUTE FUNCTION pl_" T "_after();\n"

/* The statement trigger pl_T_new on table TABLE (T or one of its partitions). */
#define NEW_ROWS_ON_13(T, TABLE)                                                               \
    "CREATE TRIGGER " T "_new AFTER INSERT ON " TABLE " REFERENCING NEW TABLE AS new_rows "    \
    "FOR EACH STATEMENT EXECUTE FUNCTION pl_" T "_new();\n"
#define NEW_ROWS_13(T)                                                                         \
    NEW_ROWS_ON_13(T, T) PL_PG_EACH_PARTITION(NEW_ROWS_ON_13, T)

const char pl_pg_migration_13[] =
    "ALTER TABLE person ADD COLUMN no_nik_reason text CHECK(no_nik_reason IS NULL OR "
    "no_nik_reason IN ('belum_rekam_ktp_el','anak_belum_ber_nik','kat','tunawisma',"
    "'tidak_diketahui','lainnya'));\n"
    "DROP TRIGGER person_audit ON person;\n"
    AUDIT_13("person", PERSON_KEYS_13)
    "UPDATE person SET no_nik_reason = 'tidak_diketahui', flags = flags | 8 "
    "WHERE nik IS NULL;\n"
    "CREATE INDEX person_nonik ON person(village_code, birth_date) WHERE nik IS NULL;\n"
    "ALTER TABLE program ADD COLUMN requires_nik bigint NOT NULL DEFAULT 1 "
    "CHECK(requires_nik IN (0,1));\n"
    "UPDATE program SET requires_nik = (amount > 0)::int;\n"
    /* Set-based inserts of people and households (see the top of this file). */
    "DROP TRIGGER household_audit ON household;\n"
    AUDIT_13("household", HOUSEHOLD_KEYS_13)
    SUBJECT_AFTER_13("person", "nik")
    SUBJECT_AFTER_13("household", "kk")
    "CREATE FUNCTION pl_person_new() RETURNS trigger LANGUAGE plpgsql AS $f$ "
    "DECLARE n bigint; BEGIN "
    "INSERT INTO person_key(id, nik, prov) SELECT id, nik, substr(village_code, 1, 2) "
    "FROM new_rows; "
    "GET DIAGNOSTICS n = ROW_COUNT; "
    "INSERT INTO residence(person_id, village_code, valid_from) "
    "SELECT id, village_code, '0001-01-01' FROM new_rows; "
    /* A few rows (a form's new person): row by row, as the row trigger did; the statement
     * below costs ~0.6 ms to start whatever its rows, the household lookup being an Append
     * over every partition. */
    "IF n < 16 THEN PERFORM pl_person_geo_row(r, NULL) FROM new_rows r; RETURN NULL; END IF; "
    /* pl_person_geo_row of migration 5, set-based: own coordinates, else the household's
     * (looked up row by row through household_key's province: a join would read every
     * household; OFFSET 0 keeps the point computed once per row). */
    "INSERT INTO person_geo(id, prov, pt, birth, dis, dist, disability) SELECT id, "
    "substr(village_code, 1, 2), pt, coalesce(pl_days(birth_date), 2147483647), "
    "(disability <> '')::int, " DIST_13("village_code") ", disability FROM (SELECT n.id, "
    "n.village_code, "
    "n.birth_date, n.disability, CASE WHEN n.lat IS NOT NULL AND n.lon IS NOT NULL THEN "
    POINT_13("n.lat", "n.lon") " WHEN n.household_id IS NOT NULL THEN (SELECT "
    POINT_13("h.lat", "h.lon") " FROM household h WHERE substr(h.village_code, 1, 2) = "
    "(SELECT k.prov FROM household_key k WHERE k.id = n.household_id) "
    "AND h.id = n.household_id AND h.lat IS NOT NULL AND h.lon IS NOT NULL) END AS pt "
    "FROM new_rows n WHERE n.death_date IS NULL OFFSET 0) x WHERE pt IS NOT NULL; "
    "RETURN NULL; END $f$;\n"
    "CREATE FUNCTION pl_household_new() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
    "INSERT INTO household_key(id, kk, prov) SELECT id, kk, substr(village_code, 1, 2) "
    "FROM new_rows; "
    "INSERT INTO residence(household_id, village_code, valid_from) "
    "SELECT id, village_code, '0001-01-01' FROM new_rows; "
    "INSERT INTO household_geo(id, prov, pt, dist) SELECT id, substr(village_code, 1, 2), "
    POINT_13("lat", "lon") ", " DIST_13("village_code") " FROM new_rows "
    "WHERE lat IS NOT NULL AND lon IS NOT NULL; "
    "RETURN NULL; END $f$;\n"
    /* The row triggers' INSERT branches now serve moving rows only. */
    "CREATE OR REPLACE FUNCTION pl_person_geo() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
    "IF TG_OP = 'DELETE' THEN DELETE FROM person_geo WHERE prov = substr(OLD.village_code, 1, 2) "
    "AND id = OLD.id; "
    "ELSIF TG_OP = 'UPDATE' THEN PERFORM pl_person_geo_row(NEW, substr(OLD.village_code, 1, 2)); "
    "ELSIF pl_moved('person', NEW.id) IS NOT NULL THEN "
    "PERFORM pl_person_geo_row(NEW, NULL); END IF; RETURN NULL; END $f$;\n"
    "CREATE OR REPLACE FUNCTION pl_household_geo() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
    "IF TG_OP <> 'INSERT' THEN DELETE FROM household_geo WHERE "
    "prov = substr(OLD.village_code, 1, 2) AND id = OLD.id; END IF; "
    "IF TG_OP = 'DELETE' OR (TG_OP = 'INSERT' AND pl_moved('household', NEW.id) IS NULL) "
    "THEN RETURN NULL; END IF; "
    "IF NEW.lat IS NOT NULL AND NEW.lon IS NOT NULL THEN "
    "INSERT INTO household_geo(id, prov, pt, dist) VALUES (NEW.id, substr(NEW.village_code, 1, 2), "
    POINT_13("NEW.lat", "NEW.lon") ", " DIST_13("NEW.village_code") "); END IF; "
    "IF TG_OP = 'UPDATE' OR pl_moved('household', NEW.id) IS NOT NULL THEN "
    "PERFORM pl_person_geo_row(p, substr(p.village_code, 1, 2)) FROM person p "
    "WHERE p.household_id = NEW.id; END IF; "
    "RETURN NULL; END $f$;\n"
    "DROP TRIGGER person_geo ON person;\n"
    "CREATE TRIGGER person_geo AFTER DELETE OR UPDATE OF lat, lon, household_id, birth_date, "
    "disability, death_date, village_code ON person FOR EACH ROW EXECUTE FUNCTION pl_person_geo();\n"
    "CREATE TRIGGER person_geo_insert AFTER INSERT ON person FOR EACH ROW WHEN (" MOVING_13 ") "
    "EXECUTE FUNCTION pl_person_geo();\n"
    "DROP TRIGGER household_geo ON household;\n"
    "CREATE TRIGGER household_geo AFTER DELETE OR UPDATE OF lat, lon, village_code ON household "
    "FOR EACH ROW EXECUTE FUNCTION pl_household_geo();\n"
    "CREATE TRIGGER household_geo_insert AFTER INSERT ON household FOR EACH ROW "
    "WHEN (" MOVING_13 ") EXECUTE FUNCTION pl_household_geo();\n"
    MOVE_DONE_13("person")
    MOVE_DONE_13("household")
    NEW_ROWS_13("person")
    NEW_ROWS_13("household");
/* clang-format on */
