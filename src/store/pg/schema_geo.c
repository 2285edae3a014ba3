/*
 * schema_geo.c - migrations 5, 7 and 8 of the PostgreSQL schema (SQLite:
 * src/store/sqlite/schema_geo.c): coordinates, region outlines, the spatial
 * index, disaster events and disability cards. Never edit a released
 * migration: add a new one.
 *
 * Spatial index: where SQLite keeps three R*Trees of microdegrees, PostgreSQL
 * keeps three tables of PostGIS geography points with GiST indexes, under the
 * same names and kept by triggers the same way: person_geo holds every living
 * person with a position (their own, else their household's) with the values
 * area queries filter on (birth as days since 1970, 2147483647 when unknown;
 * disability 1/0 and its text; district PPKKCC as a number; the point in
 * integer microdegrees and its Morton key), partitioned by province like
 * the people; household_geo likewise; psks_geo the PSKS units with their
 * type. ST_DWithin and ST_Covers on geography measure on the spheroid in
 * metres, which is what the radius and outline queries ask.
 *
 * Outlines and disaster areas stay GeoJSON text as on SQLite (the exchange
 * form); a trigger keeps a PostGIS copy beside it (shape, NULL when PostGIS
 * cannot read the text) for ST_Covers.
 */
#include "store/pg/schema_sql.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

#define DISASTER_KEYS                                                                          \
    "'type','name','event_date','end_date','region_code','state','affected','version'"
#define CARD_KEYS "'person_id','issued_at','revoked_at','reason'"

/* Days since 1970-01-01 of a 'YYYY-MM-DD' text, NULL when it is none. */
#define DAYS_FN                                                                                \
    "CREATE FUNCTION pl_days(d text) RETURNS bigint LANGUAGE plpgsql IMMUTABLE AS $f$ BEGIN " \
    "RETURN d::date - date '1970-01-01'; EXCEPTION WHEN others THEN RETURN NULL; END $f$;\n"
/* District (PPKKCC) of a village code as a number. */
#define DIST(V) "replace(substr(" V ", 1, 8), '.', '')::bigint"
/*
 * Microdegrees of a coordinate exactly as SQLite's CAST(round(d * 1000000) AS INTEGER) gives
 * them (half away from zero on the double product; PostgreSQL's round(double precision) rounds
 * half to even), so that both backends put every point on the same grid.
 */
#define MICRO_FN                                                                               \
    "CREATE FUNCTION pl_micro(d double precision) RETURNS bigint LANGUAGE sql IMMUTABLE "     \
    "PARALLEL SAFE AS $f$ SELECT (sign(d * 1000000) * trunc(abs(d * 1000000) + 0.5))::bigint "  \
    "$f$;\n"
#define POINT(LAT, LON) "ST_SetSRID(ST_MakePoint(" LON ", " LAT "), 4326)::geography"
/*
 * The Morton (Z-order) key of a point in microdegrees: the bits of lon + 180000000 and
 * lat + 90000000 (each below 2^29) interleaved, lon's in the odd places. Every aligned
 * square of 2^k by 2^k microdegrees is one range of keys, so an area query reads the
 * squares wholly inside an outline as index ranges (store/pg/geo.c computes the same keys).
 * PostgreSQL 15 has no hex literals: the masks are 0x0000FFFF0000FFFF, 0x00FF00FF00FF00FF,
 * 0x0F0F0F0F0F0F0F0F, 0x3333333333333333 and 0x5555555555555555.
 */
/* Its body calls no function of ours: pg_restore fills generated columns with search_path ''. */
#define ZSPREAD(X)                                                                             \
    X " := (" X " | (" X " << 16)) & 281470681808895; "                                        \
    X " := (" X " | (" X " << 8)) & 71777214294589695; "                                       \
    X " := (" X " | (" X " << 4)) & 1085102592571150095; "                                     \
    X " := (" X " | (" X " << 2)) & 3689348814741910323; "                                     \
    X " := (" X " | (" X " << 1)) & 6148914691236517205; "
#define ZKEY_FN                                                                                \
    "CREATE FUNCTION pl_zkey(lat bigint, lon bigint) RETURNS bigint LANGUAGE plpgsql "         \
    "IMMUTABLE PARALLEL SAFE AS $f$ DECLARE x bigint := lon + 180000000; "                     \
    "y bigint := lat + 90000000; BEGIN " ZSPREAD("x") ZSPREAD("y")                              \
    "RETURN (x << 1) | y; END $f$;\n"
/*
 * Integer microdegrees of a point table's pt and (people) its Morton key, kept by PostgreSQL:
 * area queries compare and classify integers instead of converting every geography.
 */
#define LAT_E6 "pl_micro(ST_Y(pt::geometry))"
#define LON_E6 "pl_micro(ST_X(pt::geometry))"
#define MICRO_COLS                                                                             \
    "  lat_e6 bigint NOT NULL GENERATED ALWAYS AS (" LAT_E6 ") STORED,\n"                      \
    "  lon_e6 bigint NOT NULL GENERATED ALWAYS AS (" LON_E6 ") STORED,\n"

const char pl_pg_migration_5[] =
    "CREATE EXTENSION IF NOT EXISTS postgis;\n"
    DAYS_FN
    MICRO_FN
    ZKEY_FN
    /* Effective position of each living person: own coordinates override the home's. */
    "CREATE VIEW person_point AS SELECT p.id AS id, "
    "CASE WHEN p.lat IS NOT NULL AND p.lon IS NOT NULL THEN p.lat ELSE h.lat END AS lat, "
    "CASE WHEN p.lat IS NOT NULL AND p.lon IS NOT NULL THEN p.lon ELSE h.lon END AS lon, "
    "p.birth_date AS birth_date, p.disability AS disability, p.village_code AS village_code, "
    "p.household_id AS household_id "
    "FROM person p LEFT JOIN household h ON h.id = p.household_id WHERE p.death_date IS NULL;\n"
    "CREATE TABLE person_geo(\n"
    "  id bigint NOT NULL,\n"
    "  prov text NOT NULL,\n"
    "  pt geography(Point, 4326) NOT NULL,\n"
    "  birth bigint NOT NULL,\n"
    "  dis bigint NOT NULL,\n"
    "  dist bigint NOT NULL,\n"
    "  disability text NOT NULL DEFAULT '',\n"
    MICRO_COLS
    "  zkey bigint NOT NULL GENERATED ALWAYS AS (pl_zkey(" LAT_E6 ", " LON_E6 ")) STORED,\n"
    "  PRIMARY KEY (id, prov)\n"
    ") PARTITION BY LIST (prov);\n"
    PL_PG_PARTITIONS("person_geo")
    "CREATE INDEX person_geo_pt ON person_geo USING gist (pt);\n"
    "CREATE INDEX person_geo_z ON person_geo (zkey);\n"
    "CREATE TABLE household_geo(\n"
    "  id bigint NOT NULL,\n"
    "  prov text NOT NULL,\n"
    "  pt geography(Point, 4326) NOT NULL,\n"
    "  dist bigint NOT NULL,\n"
    MICRO_COLS
    "  PRIMARY KEY (id, prov)\n"
    ") PARTITION BY LIST (prov);\n"
    PL_PG_PARTITIONS("household_geo")
    "CREATE INDEX household_geo_pt ON household_geo USING gist (pt);\n"
    "CREATE TABLE psks_geo(\n"
    "  id bigint PRIMARY KEY,\n"
    "  pt geography(Point, 4326) NOT NULL,\n"
    "  type bigint NOT NULL\n"
    ");\n"
    "CREATE INDEX psks_geo_pt ON psks_geo USING gist (pt);\n"
    /*
     * (Re)index one person from its row: delete its point (in the partition of its province),
     * insert the effective one. Reads of household go through household_key's province, so
     * that one partition is read.
     */
    "CREATE FUNCTION pl_person_geo_row(p person, p_old_prov text) RETURNS void "
    "LANGUAGE plpgsql AS $f$ DECLARE la double precision := p.lat; lo double precision := p.lon; "
    "BEGIN "
    "IF p_old_prov IS NOT NULL THEN DELETE FROM person_geo WHERE prov = p_old_prov "
    "AND id = p.id; END IF; "
    "IF p.death_date IS NOT NULL THEN RETURN; END IF; "
    "IF (la IS NULL OR lo IS NULL) AND p.household_id IS NOT NULL THEN "
    "SELECT h.lat, h.lon INTO la, lo FROM household h WHERE substr(h.village_code, 1, 2) = "
    "(SELECT prov FROM household_key WHERE id = p.household_id) AND h.id = p.household_id; "
    "ELSIF la IS NULL OR lo IS NULL THEN RETURN; END IF; "
    "IF la IS NULL OR lo IS NULL THEN RETURN; END IF; "
    "INSERT INTO person_geo(id, prov, pt, birth, dis, dist, disability) VALUES (p.id, "
    "substr(p.village_code, 1, 2), " POINT("la", "lo") ", "
    "coalesce(pl_days(p.birth_date), 2147483647), (p.disability <> '')::int, "
    DIST("p.village_code") ", p.disability); END $f$;\n"
    /* During a bulk load (pilar.audit_inserts off) the load's flush adds new points. */
    "CREATE FUNCTION pl_person_geo() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
    "IF TG_OP = 'DELETE' THEN DELETE FROM person_geo WHERE prov = substr(OLD.village_code, 1, 2) "
    "AND id = OLD.id; "
    "ELSIF TG_OP = 'UPDATE' THEN PERFORM pl_person_geo_row(NEW, substr(OLD.village_code, 1, 2)); "
    "ELSIF pl_audit_inserts() OR pl_moved('person', NEW.id) IS NOT NULL THEN "
    "PERFORM pl_person_geo_row(NEW, NULL); END IF; RETURN NULL; END $f$;\n"
    "CREATE TRIGGER person_geo AFTER INSERT OR DELETE OR UPDATE OF lat, lon, household_id, "
    "birth_date, disability, death_date, village_code ON person "
    "FOR EACH ROW EXECUTE FUNCTION pl_person_geo();\n"
    "CREATE FUNCTION pl_household_geo() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
    "IF TG_OP <> 'INSERT' THEN DELETE FROM household_geo WHERE "
    "prov = substr(OLD.village_code, 1, 2) AND id = OLD.id; END IF; "
    "IF TG_OP = 'DELETE' OR (TG_OP = 'INSERT' AND NOT pl_audit_inserts() "
    "AND pl_moved('household', NEW.id) IS NULL) THEN RETURN NULL; END IF; "
    "IF NEW.lat IS NOT NULL AND NEW.lon IS NOT NULL THEN "
    "INSERT INTO household_geo(id, prov, pt, dist) VALUES (NEW.id, substr(NEW.village_code, 1, 2), "
    POINT("NEW.lat", "NEW.lon") ", " DIST("NEW.village_code") "); END IF; "
    "IF TG_OP = 'UPDATE' OR pl_moved('household', NEW.id) IS NOT NULL THEN "
    "PERFORM pl_person_geo_row(p, substr(p.village_code, 1, 2)) FROM person p "
    "WHERE p.household_id = NEW.id; END IF; "
    "RETURN NULL; END $f$;\n"
    "CREATE TRIGGER household_geo AFTER INSERT OR DELETE OR UPDATE OF lat, lon, village_code "
    "ON household FOR EACH ROW EXECUTE FUNCTION pl_household_geo();\n"
    "CREATE FUNCTION pl_psks_geo() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
    "IF TG_OP <> 'INSERT' THEN DELETE FROM psks_geo WHERE id = OLD.id; END IF; "
    "IF TG_OP <> 'DELETE' AND NEW.lat IS NOT NULL AND NEW.lon IS NOT NULL THEN "
    "INSERT INTO psks_geo(id, pt, type) VALUES (NEW.id, " POINT("NEW.lat", "NEW.lon")
    ", NEW.type); END IF; RETURN NULL; END $f$;\n"
    "CREATE TRIGGER psks_geo AFTER INSERT OR DELETE OR UPDATE OF lat, lon, type ON psks_unit "
    "FOR EACH ROW EXECUTE FUNCTION pl_psks_geo();\n"
    /* GeoJSON text to a PostGIS shape, NULL when PostGIS cannot read it. */
    "CREATE FUNCTION pl_shape() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
    "BEGIN NEW.shape := ST_GeomFromGeoJSON(to_jsonb(NEW) ->> TG_ARGV[0]); "
    "EXCEPTION WHEN others THEN NEW.shape := NULL; END; RETURN NEW; END $f$;\n"
    /* Region outlines (GeoJSON geometry text) with their bounding box. */
    "CREATE TABLE boundary(\n"
    "  code text PRIMARY KEY,\n"
    "  name text NOT NULL,\n"
    "  level bigint NOT NULL CHECK(level BETWEEN 1 AND 4),\n"
    "  geometry text NOT NULL,\n"
    "  min_lon double precision NOT NULL, min_lat double precision NOT NULL,\n"
    "  max_lon double precision NOT NULL, max_lat double precision NOT NULL,\n"
    "  source text NOT NULL DEFAULT '',\n"
    "  updated_at text NOT NULL,\n"
    "  updated_by text NOT NULL,\n"
    "  shape geometry\n"
    ");\n"
    "CREATE INDEX boundary_level ON boundary(level, code);\n"
    "CREATE INDEX boundary_shape ON boundary USING gist (shape);\n"
    "CREATE TRIGGER boundary_shape BEFORE INSERT OR UPDATE OF geometry ON boundary "
    "FOR EACH ROW EXECUTE FUNCTION pl_shape('geometry');\n"
    /* Disaster events and the people recorded as affected when confirmed. */
    "CREATE TABLE disaster_event(\n"
    "  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
    "  type text NOT NULL,\n"
    "  name text NOT NULL DEFAULT '',\n"
    "  event_date text NOT NULL,\n"
    "  end_date text,\n"
    "  region_code text NOT NULL DEFAULT '',\n"
    "  area text NOT NULL,\n"
    "  min_lon double precision NOT NULL, min_lat double precision NOT NULL,\n"
    "  max_lon double precision NOT NULL, max_lat double precision NOT NULL,\n"
    "  state text NOT NULL DEFAULT 'draft' CHECK(state IN ('draft','confirmed')),\n"
    "  confirmed_at text, confirmed_by text,\n"
    "  affected bigint NOT NULL DEFAULT 0,\n"
    "  version bigint NOT NULL DEFAULT 1,\n"
    "  created_at text NOT NULL,\n"
    "  created_by text NOT NULL,\n"
    "  shape geometry,\n"
    "  CHECK (end_date IS NULL OR end_date >= event_date)\n"
    ");\n"
    "CREATE INDEX disaster_region ON disaster_event(region_code, event_date);\n"
    "CREATE TRIGGER disaster_event_shape BEFORE INSERT OR UPDATE OF area ON disaster_event "
    "FOR EACH ROW EXECUTE FUNCTION pl_shape('area');\n"
    /* membership is partitioned: its id is checked by a trigger instead of a foreign key. */
    "CREATE TABLE disaster_affected(\n"
    "  event_id bigint NOT NULL REFERENCES disaster_event(id),\n"
    "  person_id bigint NOT NULL REFERENCES person_key(id),\n"
    "  membership_id bigint,\n"
    "  PRIMARY KEY(event_id, person_id)\n"
    ");\n"
    "CREATE FUNCTION pl_affected_membership() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
    "IF NEW.membership_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM membership "
    "WHERE id = NEW.membership_id) THEN RAISE EXCEPTION 'disaster_affected.membership_id % "
    "is no membership', NEW.membership_id USING ERRCODE = 'foreign_key_violation'; END IF; "
    "RETURN NEW; END $f$;\n"
    "CREATE TRIGGER disaster_affected_membership BEFORE INSERT OR UPDATE OF membership_id ON "
    "disaster_affected FOR EACH ROW EXECUTE FUNCTION pl_affected_membership();\n"
    /* Disability cards: a token printed as a QR code; one active card per person. */
    "CREATE TABLE card(\n"
    "  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
    "  token text NOT NULL UNIQUE,\n"
    "  person_id bigint NOT NULL REFERENCES person_key(id),\n"
    "  issued_at text NOT NULL,\n"
    "  issued_by text NOT NULL,\n"
    "  revoked_at text,\n"
    "  revoked_by text,\n"
    "  reason text NOT NULL DEFAULT ''\n"
    ");\n"
    "CREATE UNIQUE INDEX card_active ON card(person_id) WHERE revoked_at IS NULL;\n"
    PL_PG_AUDIT("disaster_event", "all", DISASTER_KEYS)
    PL_PG_AUDIT("card", "all", CARD_KEYS);

/*
 * Migration 7 rebuilt SQLite's person R*Tree so that its cells are never flat in the
 * disability and district dimensions. A GiST index over points has no such dimensions
 * (those values are plain columns here), so there is nothing to rebuild: the version
 * exists so that both backends count the same migrations.
 */
const char pl_pg_migration_7[] = "SELECT 1;\n";

/*
 * Migration 8: deferred spatial indexing for big loads. A row of geo_pending says "rows of
 * table NAME with id > after_id may be missing from its index"; while one exists, area
 * queries read the views below, and a rebuild fills the index from them and deletes the
 * row. The views give SQLite's R*Tree values (microdegrees, the v / v + 1 bounds of
 * migration 7, SQLite's rounding: pl_micro) under the same column names, so both backends answer
 * the same.
 */
#define PERSON_GEO_ROWS                                                                        \
    "SELECT id, pl_micro(lat), pl_micro(lat), pl_micro(lon), pl_micro(lon), "                   \
    "coalesce(pl_days(birth_date), 2147483647), coalesce(pl_days(birth_date), 2147483647), "   \
    "(disability <> '')::int, (disability <> '')::int + 1, " DIST("village_code") ", "         \
    DIST("village_code") " + 1 FROM person_point WHERE lat IS NOT NULL AND lon IS NOT NULL"

const char pl_pg_migration_8[] =
    "CREATE TABLE geo_pending(name text PRIMARY KEY, after_id bigint NOT NULL);\n"
    "CREATE VIEW person_geo_rows(id, lat0, lat1, lon0, lon1, birth0, birth1, dis0, dis1, dist0, "
    "dist1) AS " PERSON_GEO_ROWS ";\n"
    "CREATE VIEW household_geo_rows(id, lat0, lat1, lon0, lon1, dist0, dist1) AS "
    "SELECT h.id, pl_micro(h.lat), pl_micro(h.lat), pl_micro(h.lon), pl_micro(h.lon), "
    DIST("h.village_code")
    ", " DIST("h.village_code") " FROM household h WHERE h.lat IS NOT NULL AND h.lon IS NOT NULL;\n";

/*
 * Migration 24: the area walk's tallies from the Morton-key index alone. person_geo_z now
 * carries every column the walk reads (INCLUDE), so the ranges of a polygon's inside squares
 * are index-only scans once VACUUM has marked the pages all-visible (geo.c vacuums after a
 * full fill). Kota Samarinda over 4M people: 396 ms before, 113 ms after (bench/area).
 */
const char pl_pg_migration_24[] =
    "DROP INDEX person_geo_z;\n"
    "CREATE INDEX person_geo_z ON person_geo (zkey) INCLUDE (prov, dist, birth, dis, disability, "
    "id, lat_e6, lon_e6);\n";
/* clang-format on */
