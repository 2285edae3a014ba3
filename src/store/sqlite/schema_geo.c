/*
 * schema_geo.c - migration 5 of the SQLite schema: coordinates, region
 * outlines, spatial index, disaster events and disability cards (geo issue).
 * Never edit a released migration: add a new one.
 *
 * Spatial index: three R*Trees of 32-bit integers kept in step by triggers.
 * Coordinates are stored in microdegrees (round(deg * 1e6), about 0.11 m),
 * exact for the 6-decimal values GPS receivers and the importer give, so
 * area queries read points from the index alone without touching the
 * tables. person_geo holds every living person with a position (their own
 * lat/lon, else their household's) and carries three more dimensions used
 * as a covering index: birth date (days since 1970, 2147483647 when
 * unknown), disability (1 when recorded) and district (PPKKCC as a number,
 * for region scopes).
 */
#include "store/sqlite/internal.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

#define PERSON_GEO_ROW                                                                         \
    "SELECT id, CAST(round(lat * 1000000) AS INTEGER), CAST(round(lat * 1000000) AS INTEGER), "  \
    "CAST(round(lon * 1000000) AS INTEGER), CAST(round(lon * 1000000) AS INTEGER), "           \
    "coalesce(CAST(round(julianday(birth_date) - 2440587.5) AS INTEGER), 2147483647), "        \
    "coalesce(CAST(round(julianday(birth_date) - 2440587.5) AS INTEGER), 2147483647), "        \
    "disability <> '', disability <> '', "                                                     \
    "CAST(replace(substr(village_code, 1, 8), '.', '') AS INTEGER), "                          \
    "CAST(replace(substr(village_code, 1, 8), '.', '') AS INTEGER) FROM person_point "

#define POINT_ROW(R, EXTRA, FROM)                                                              \
    "SELECT " R ".id, CAST(round(" R ".lat * 1000000) AS INTEGER), CAST(round(" R              \
    ".lat * 1000000) AS INTEGER), CAST(round(" R ".lon * 1000000) AS INTEGER), CAST(round(" R  \
    ".lon * 1000000) AS INTEGER), " EXTRA ", " EXTRA " " FROM " WHERE " R ".lat IS NOT NULL "  \
    "AND " R ".lon IS NOT NULL"

#define HH_EXTRA(R) "CAST(replace(substr(" R ".village_code, 1, 8), '.', '') AS INTEGER)"

#define DISASTER_JSON(R)                                                                       \
    "json_object('type'," R ".type,'name'," R ".name,'event_date'," R ".event_date,'end_date'," \
    R ".end_date,'region_code'," R ".region_code,'state'," R ".state,'affected'," R            \
    ".affected,'version'," R ".version)"
#define CARD_JSON(R)                                                                           \
    "json_object('person_id'," R ".person_id,'issued_at'," R ".issued_at,'revoked_at'," R      \
    ".revoked_at,'reason'," R ".reason)"

const char pl_sq_migration_5[] =
    /* Effective position of each living person: own coordinates override the home's. */
    "CREATE VIEW person_point AS SELECT p.id AS id, "
    "CASE WHEN p.lat IS NOT NULL AND p.lon IS NOT NULL THEN p.lat ELSE h.lat END AS lat, "
    "CASE WHEN p.lat IS NOT NULL AND p.lon IS NOT NULL THEN p.lon ELSE h.lon END AS lon, "
    "p.birth_date AS birth_date, p.disability AS disability, p.village_code AS village_code, "
    "p.household_id AS household_id "
    "FROM person p LEFT JOIN household h ON h.id = p.household_id WHERE p.death_date IS NULL;\n"
    "CREATE VIRTUAL TABLE person_geo USING rtree_i32(id, lat0, lat1, lon0, lon1, birth0, birth1, "
    "dis0, dis1, dist0, dist1);\n"
    "CREATE VIRTUAL TABLE household_geo USING rtree_i32(id, lat0, lat1, lon0, lon1, dist0, "
    "dist1);\n"
    "CREATE VIRTUAL TABLE psks_geo USING rtree_i32(id, lat0, lat1, lon0, lon1, type0, type1);\n"
    /* Back-fill what an older file holds. */
    "INSERT INTO person_geo " PERSON_GEO_ROW "WHERE lat IS NOT NULL AND lon IS NOT NULL;\n"
    "INSERT INTO household_geo " POINT_ROW("h", HH_EXTRA("h"), "FROM household h") ";\n"
    "INSERT INTO psks_geo SELECT u.id, CAST(round(u.lat * 1000000) AS INTEGER), "
    "CAST(round(u.lat * 1000000) AS INTEGER), CAST(round(u.lon * 1000000) AS INTEGER), "
    "CAST(round(u.lon * 1000000) AS INTEGER), u.type, u.type FROM psks_unit u "
    "WHERE u.lat IS NOT NULL AND u.lon IS NOT NULL;\n"
    /* Keep the indexes in step. */
    /* During a bulk load (pl_audit_inserts() false) pl_sq_bulk_flush adds new points. */
    "CREATE TRIGGER person_geo_ai AFTER INSERT ON person WHEN pl_audit_inserts() BEGIN "
    "INSERT INTO person_geo " PERSON_GEO_ROW
    "WHERE id = NEW.id AND lat IS NOT NULL AND lon IS NOT NULL; END;\n"
    "CREATE TRIGGER person_geo_au AFTER UPDATE OF lat, lon, household_id, birth_date, "
    "disability, death_date, village_code ON person BEGIN "
    "DELETE FROM person_geo WHERE id = OLD.id; "
    "INSERT INTO person_geo " PERSON_GEO_ROW
    "WHERE id = NEW.id AND lat IS NOT NULL AND lon IS NOT NULL; END;\n"
    "CREATE TRIGGER person_geo_ad AFTER DELETE ON person BEGIN "
    "DELETE FROM person_geo WHERE id = OLD.id; END;\n"
    "CREATE TRIGGER household_geo_ai AFTER INSERT ON household WHEN pl_audit_inserts() BEGIN "
    "INSERT INTO household_geo " POINT_ROW("NEW", HH_EXTRA("NEW"), "") "; END;\n"
    "CREATE TRIGGER household_geo_au AFTER UPDATE OF lat, lon, village_code ON household BEGIN "
    "DELETE FROM household_geo WHERE id = OLD.id; "
    "INSERT INTO household_geo " POINT_ROW("NEW", HH_EXTRA("NEW"), "") "; "
    "DELETE FROM person_geo WHERE id IN (SELECT id FROM person WHERE household_id = NEW.id); "
    "INSERT INTO person_geo " PERSON_GEO_ROW
    "WHERE id IN (SELECT id FROM person WHERE household_id = NEW.id) "
    "AND lat IS NOT NULL AND lon IS NOT NULL; END;\n"
    "CREATE TRIGGER household_geo_ad AFTER DELETE ON household BEGIN "
    "DELETE FROM household_geo WHERE id = OLD.id; END;\n"
    "CREATE TRIGGER psks_geo_ai AFTER INSERT ON psks_unit BEGIN "
    "INSERT INTO psks_geo " POINT_ROW("NEW", "NEW.type", "") "; END;\n"
    "CREATE TRIGGER psks_geo_au AFTER UPDATE OF lat, lon, type ON psks_unit BEGIN "
    "DELETE FROM psks_geo WHERE id = OLD.id; "
    "INSERT INTO psks_geo " POINT_ROW("NEW", "NEW.type", "") "; END;\n"
    "CREATE TRIGGER psks_geo_ad AFTER DELETE ON psks_unit BEGIN "
    "DELETE FROM psks_geo WHERE id = OLD.id; END;\n"
    /* Region outlines (GeoJSON geometry text) with their bounding box. */
    "CREATE TABLE boundary(\n"
    "  code TEXT PRIMARY KEY,\n"
    "  name TEXT NOT NULL,\n"
    "  level INTEGER NOT NULL CHECK(level BETWEEN 1 AND 4),\n"
    "  geometry TEXT NOT NULL,\n"
    "  min_lon REAL NOT NULL, min_lat REAL NOT NULL, max_lon REAL NOT NULL, max_lat REAL NOT NULL,\n"
    "  source TEXT NOT NULL DEFAULT '',\n"
    "  updated_at TEXT NOT NULL,\n"
    "  updated_by TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX boundary_level ON boundary(level, code);\n"
    /* Disaster events and the people recorded as affected when confirmed. */
    "CREATE TABLE disaster_event(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  type TEXT NOT NULL,\n"
    "  name TEXT NOT NULL DEFAULT '',\n"
    "  event_date TEXT NOT NULL,\n"
    "  end_date TEXT,\n"
    "  region_code TEXT NOT NULL DEFAULT '',\n"
    "  area TEXT NOT NULL,\n"
    "  min_lon REAL NOT NULL, min_lat REAL NOT NULL, max_lon REAL NOT NULL, max_lat REAL NOT NULL,\n"
    "  state TEXT NOT NULL DEFAULT 'draft' CHECK(state IN ('draft','confirmed')),\n"
    "  confirmed_at TEXT, confirmed_by TEXT,\n"
    "  affected INTEGER NOT NULL DEFAULT 0,\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL,\n"
    "  CHECK (end_date IS NULL OR end_date >= event_date)\n"
    ");\n"
    "CREATE INDEX disaster_region ON disaster_event(region_code, event_date);\n"
    "CREATE TABLE disaster_affected(\n"
    "  event_id INTEGER NOT NULL REFERENCES disaster_event(id),\n"
    "  person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  membership_id INTEGER REFERENCES membership(id),\n"
    "  PRIMARY KEY(event_id, person_id)\n"
    ") WITHOUT ROWID;\n"
    /* Disability cards: a token printed as a QR code; one active card per person. */
    "CREATE TABLE card(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  token TEXT NOT NULL UNIQUE,\n"
    "  person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  issued_at TEXT NOT NULL,\n"
    "  issued_by TEXT NOT NULL,\n"
    "  revoked_at TEXT,\n"
    "  revoked_by TEXT,\n"
    "  reason TEXT NOT NULL DEFAULT ''\n"
    ");\n"
    "CREATE UNIQUE INDEX card_active ON card(person_id) WHERE revoked_at IS NULL;\n"
    PL_SQ_AUDIT_TRIGGERS_ALL_INSERTS("disaster_event", DISASTER_JSON)
    PL_SQ_AUDIT_TRIGGERS_ALL_INSERTS("card", CARD_JSON);

/*
 * Migration 7: person_geo rebuilt so that it clusters by place. In
 * migration 5 the disability and district dimensions were stored as
 * [v, v]; a cell whose people share the disability flag (most cells) or the
 * district then has zero volume in that dimension, and the R*Tree's choice
 * of subtree by least enlargement of volume degenerates: leaves spanned
 * degrees of latitude and a regency query read nearly every node. Now the
 * upper bounds are v + 1 (dis1 = dis0 + 1, dist1 = dist0 + 1), so no cell
 * is flat in those dimensions; readers take the values from dis0 and dist0
 * and test a district range [lo, hi] as dist1 > lo AND dist0 <= hi.
 */
#define PERSON_GEO_ROW7                                                                        \
    "SELECT id, CAST(round(lat * 1000000) AS INTEGER), CAST(round(lat * 1000000) AS INTEGER), "  \
    "CAST(round(lon * 1000000) AS INTEGER), CAST(round(lon * 1000000) AS INTEGER), "           \
    "coalesce(CAST(round(julianday(birth_date) - 2440587.5) AS INTEGER), 2147483647), "        \
    "coalesce(CAST(round(julianday(birth_date) - 2440587.5) AS INTEGER), 2147483647), "        \
    "disability <> '', (disability <> '') + 1, "                                               \
    "CAST(replace(substr(village_code, 1, 8), '.', '') AS INTEGER), "                          \
    "CAST(replace(substr(village_code, 1, 8), '.', '') AS INTEGER) + 1 FROM person_point "

const char pl_sq_migration_7[] =
    "DROP TRIGGER person_geo_ai;\n"
    "DROP TRIGGER person_geo_au;\n"
    "DROP TRIGGER person_geo_ad;\n"
    "DROP TRIGGER household_geo_au;\n"
    "DROP TABLE person_geo;\n"
    "CREATE VIRTUAL TABLE person_geo USING rtree_i32(id, lat0, lat1, lon0, lon1, birth0, birth1, "
    "dis0, dis1, dist0, dist1);\n"
    "INSERT INTO person_geo " PERSON_GEO_ROW7 "WHERE lat IS NOT NULL AND lon IS NOT NULL "
    "ORDER BY id;\n"
    /* As in migration 5: during a bulk load pl_sq_bulk_flush adds new points. */
    "CREATE TRIGGER person_geo_ai AFTER INSERT ON person WHEN pl_audit_inserts() BEGIN "
    "INSERT INTO person_geo " PERSON_GEO_ROW7
    "WHERE id = NEW.id AND lat IS NOT NULL AND lon IS NOT NULL; END;\n"
    "CREATE TRIGGER person_geo_au AFTER UPDATE OF lat, lon, household_id, birth_date, "
    "disability, death_date, village_code ON person BEGIN "
    "DELETE FROM person_geo WHERE id = OLD.id; "
    "INSERT INTO person_geo " PERSON_GEO_ROW7
    "WHERE id = NEW.id AND lat IS NOT NULL AND lon IS NOT NULL; END;\n"
    "CREATE TRIGGER person_geo_ad AFTER DELETE ON person BEGIN "
    "DELETE FROM person_geo WHERE id = OLD.id; END;\n"
    "CREATE TRIGGER household_geo_au AFTER UPDATE OF lat, lon, village_code ON household BEGIN "
    "DELETE FROM household_geo WHERE id = OLD.id; "
    "INSERT INTO household_geo " POINT_ROW("NEW", HH_EXTRA("NEW"), "") "; "
    "DELETE FROM person_geo WHERE id IN (SELECT id FROM person WHERE household_id = NEW.id); "
    "INSERT INTO person_geo " PERSON_GEO_ROW7
    "WHERE id IN (SELECT id FROM person WHERE household_id = NEW.id) "
    "AND lat IS NOT NULL AND lon IS NOT NULL; END;\n";

/*
 * Bulk-load catch-up (pl_sq_bulk_flush): the points of people and
 * households added since id ?1, in one statement each, skipping those an
 * UPDATE trigger has already indexed.
 */
const char pl_sq_geo_catch_up_person[] =
    "INSERT INTO person_geo " PERSON_GEO_ROW7 "WHERE id > ?1 AND lat IS NOT NULL AND lon IS NOT NULL "
    "AND NOT EXISTS (SELECT 1 FROM person_geo g WHERE g.id = person_point.id)";
const char pl_sq_geo_catch_up_household[] =
    "INSERT INTO household_geo " POINT_ROW("h", HH_EXTRA("h"), "FROM household h")
    " AND h.id > ?1 AND NOT EXISTS (SELECT 1 FROM household_geo g WHERE g.id = h.id)";

/*
 * Migration 8: deferred spatial indexing for big loads. A row of
 * geo_pending says "rows of table NAME with id > after_id may be missing
 * from its R*Tree" (pl_sq_geo_defer, so a load skips point-by-point
 * inserts); while one exists, area queries read the views below instead of
 * the tree, and pl_sq_geo_rebuild packs the trees in one pass from the
 * same views and deletes the rows. The views give exactly the values the
 * triggers index (PERSON_GEO_ROW7; POINT_ROW with HH_EXTRA) under the
 * trees' column names.
 */
const char pl_sq_migration_8[] =
    "CREATE TABLE geo_pending(name TEXT PRIMARY KEY, after_id INTEGER NOT NULL);\n"
    "CREATE VIEW person_geo_rows(id, lat0, lat1, lon0, lon1, birth0, birth1, dis0, dis1, dist0, "
    "dist1) AS " PERSON_GEO_ROW7 "WHERE lat IS NOT NULL AND lon IS NOT NULL;\n"
    "CREATE VIEW household_geo_rows(id, lat0, lat1, lon0, lon1, dist0, dist1) AS "
    POINT_ROW("h", HH_EXTRA("h"), "FROM household h") ";\n";
/* clang-format on */

/*
 * Migration 24 changes nothing here: on PostgreSQL it makes the Morton-key index covering
 * (pg/schema_geo.c); SQLite's area walk reads its R*Tree. The number is kept so that both
 * backends count the same versions.
 */
const char pl_sq_migration_24[] = "";
