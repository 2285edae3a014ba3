/*
 * sync.c - the PostgreSQL twin of store/sqlite/sync.c (store/sync.h): registered offline
 * instances, the server's key, changes remembered by id, the change feed, row images in and
 * out, and the field side's state.
 *
 * The change feed is where this backend differs: a position is (xid, id), the id of the
 * transaction that wrote an audit row (audit.xid, migration 22) and the row's id, and the feed
 * serves only rows of transactions older than the horizon pg_snapshot_xmin(pg_current_snapshot()),
 * every one of which has ended: a transaction still in flight can commit rows with lower ids
 * than rows already served, but never rows below the horizon (store/sync.h explains it).
 *
 * An offline instance is a SQLite file (the marking triggers of the field side are SQLite's),
 * so the field-side functions work here for completeness, and the mode "field" is refused.
 */
#include "store/pg/internal.h"
#include "store/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Row images: every column of each table a feed carries, as JSON (json_build_object keeps
 * SQLite's key order), and back through jsonb_populate_record (a missing key is NULL).
 */
static const char household_row[] =
    "SELECT json_build_object('id', t.id, 'kk', t.kk, 'village_code', t.village_code, 'address', "
    "t.address, 'rt', t.rt, 'rw', t.rw, 'lat', t.lat, 'lon', t.lon, 'state', t.state, 'state_by',"
    " t.state_by, 'state_at', t.state_at, 'state_reason', t.state_reason, 'version', t.version, "
    "'created_at', t.created_at, 'created_by', t.created_by, 'updated_at', t.updated_at, 'desil',"
    " t.desil)::text, t.village_code FROM household t WHERE substr(t.village_code, 1, 2) = "
    "(SELECT prov FROM household_key WHERE id = $1::bigint) AND t.id = $1::bigint";

static const char household_insert[] =
    "INSERT INTO household(id, kk, village_code, address, rt, rw, lat, lon, state, state_by, "
    "state_at, state_reason, version, created_at, created_by, updated_at, desil) SELECT CASE WHEN"
    " $1::bigint > 0 AND NOT EXISTS (SELECT 1 FROM household_key WHERE id = $1::bigint) THEN "
    "$1::bigint ELSE nextval(pg_get_serial_sequence('household', 'id')) END, r.kk, "
    "r.village_code, r.address, r.rt, r.rw, r.lat, r.lon, r.state, r.state_by, r.state_at, "
    "r.state_reason, r.version, r.created_at, r.created_by, r.updated_at, r.desil FROM "
    "jsonb_populate_record(NULL::household, $2::jsonb) r RETURNING id";

static const char household_update[] =
    "UPDATE household t SET kk = r.kk, village_code = r.village_code, address = r.address, rt = "
    "r.rt, rw = r.rw, lat = r.lat, lon = r.lon, state = r.state, state_by = r.state_by, state_at "
    "= r.state_at, state_reason = r.state_reason, version = r.version, updated_at = r.updated_at,"
    " desil = r.desil FROM jsonb_populate_record(NULL::household, $2::jsonb) r WHERE t.id = "
    "$1::bigint";

static const char person_row[] =
    "SELECT json_build_object('id', t.id, 'nik', t.nik, 'household_id', t.household_id, 'name', "
    "t.name, 'name_norm', t.name_norm, 'birth_place', t.birth_place, 'birth_date', t.birth_date, "
    "'sex', t.sex, 'relationship', t.relationship, 'mother_name', t.mother_name, 'death_date', "
    "t.death_date, 'disability', t.disability, 'lat', t.lat, 'lon', t.lon, 'village_code', "
    "t.village_code, 'state', t.state, 'state_by', t.state_by, 'state_at', t.state_at, "
    "'state_reason', t.state_reason, 'flags', t.flags, 'version', t.version, 'created_at', "
    "t.created_at, 'created_by', t.created_by, 'updated_at', t.updated_at, 'no_nik_reason', "
    "t.no_nik_reason)::text, t.village_code FROM person t WHERE substr(t.village_code, 1, 2) = "
    "(SELECT prov FROM person_key WHERE id = $1::bigint) AND t.id = $1::bigint";

static const char person_insert[] =
    "INSERT INTO person(id, nik, household_id, name, name_norm, birth_place, birth_date, sex, "
    "relationship, mother_name, death_date, disability, lat, lon, village_code, state, state_by, "
    "state_at, state_reason, flags, version, created_at, created_by, updated_at, no_nik_reason) "
    "SELECT CASE WHEN $1::bigint > 0 AND NOT EXISTS (SELECT 1 FROM person_key WHERE id = "
    "$1::bigint) THEN $1::bigint ELSE nextval(pg_get_serial_sequence('person', 'id')) END, r.nik,"
    " r.household_id, r.name, r.name_norm, r.birth_place, r.birth_date, r.sex, r.relationship, "
    "r.mother_name, r.death_date, r.disability, r.lat, r.lon, r.village_code, r.state, "
    "r.state_by, r.state_at, r.state_reason, r.flags, r.version, r.created_at, r.created_by, "
    "r.updated_at, r.no_nik_reason FROM jsonb_populate_record(NULL::person, $2::jsonb) r "
    "RETURNING id";

static const char person_update[] =
    "UPDATE person t SET nik = r.nik, household_id = r.household_id, name = r.name, name_norm = "
    "r.name_norm, birth_place = r.birth_place, birth_date = r.birth_date, sex = r.sex, "
    "relationship = r.relationship, mother_name = r.mother_name, death_date = r.death_date, "
    "disability = r.disability, lat = r.lat, lon = r.lon, village_code = r.village_code, state = "
    "r.state, state_by = r.state_by, state_at = r.state_at, state_reason = r.state_reason, flags "
    "= r.flags, version = r.version, updated_at = r.updated_at, no_nik_reason = r.no_nik_reason "
    "FROM jsonb_populate_record(NULL::person, $2::jsonb) r WHERE t.id = $1::bigint";

static const char membership_row[] =
    "SELECT json_build_object('id', t.id, 'person_id', t.person_id, 'household_id', "
    "t.household_id, 'category', t.category, 'valid_from', t.valid_from, 'valid_to', t.valid_to, "
    "'note', t.note, 'created_at', t.created_at, 'created_by', t.created_by)::text, "
    "coalesce((SELECT p.village_code FROM person p WHERE substr(p.village_code, 1, 2) = (SELECT "
    "prov FROM person_key WHERE id = t.person_id) AND p.id = t.person_id), (SELECT h.village_code"
    " FROM household h WHERE substr(h.village_code, 1, 2) = (SELECT prov FROM household_key WHERE"
    " id = t.household_id) AND h.id = t.household_id), '') FROM membership t WHERE t.id = "
    "$1::bigint";

static const char membership_insert[] =
    "INSERT INTO membership(id, person_id, household_id, category, valid_from, valid_to, note, "
    "created_at, created_by, prov) SELECT CASE WHEN $1::bigint > 0 AND NOT EXISTS (SELECT 1 FROM "
    "membership WHERE id = $1::bigint) THEN $1::bigint ELSE "
    "nextval(pg_get_serial_sequence('membership', 'id')) END, r.person_id, r.household_id, "
    "r.category, r.valid_from, r.valid_to, r.note, r.created_at, r.created_by, "
    "pl_subject_prov(r.person_id, r.household_id) FROM jsonb_populate_record(NULL::membership, "
    "$2::jsonb) r RETURNING id";

static const char membership_update[] =
    "UPDATE membership t SET person_id = r.person_id, household_id = r.household_id, category = "
    "r.category, valid_from = r.valid_from, valid_to = r.valid_to, note = r.note, prov = "
    "pl_subject_prov(r.person_id, r.household_id) FROM jsonb_populate_record(NULL::membership, "
    "$2::jsonb) r WHERE t.id = $1::bigint";

static const char psks_row[] =
    "SELECT json_build_object('id', t.id, 'type', t.type, 'kind', t.kind, 'name', t.name, 'nik', "
    "t.nik, 'area_code', t.area_code, 'address', t.address, 'phone', t.phone, 'email', t.email, "
    "'lat', t.lat, 'lon', t.lon, 'valid_from', t.valid_from, 'valid_to', t.valid_to, 'version', "
    "t.version, 'created_at', t.created_at, 'created_by', t.created_by, 'decree_no', t.decree_no,"
    " 'decree_date', t.decree_date, 'reg_no', t.reg_no, 'accreditation', t.accreditation, "
    "'accreditation_date', t.accreditation_date)::text, t.area_code FROM psks_unit t WHERE t.id ="
    " $1::bigint";

static const char psks_insert[] =
    "INSERT INTO psks_unit(id, type, kind, name, nik, area_code, address, phone, email, lat, lon,"
    " valid_from, valid_to, version, created_at, created_by, decree_no, decree_date, reg_no, "
    "accreditation, accreditation_date) SELECT CASE WHEN $1::bigint > 0 AND NOT EXISTS (SELECT 1 "
    "FROM psks_unit WHERE id = $1::bigint) THEN $1::bigint ELSE "
    "nextval(pg_get_serial_sequence('psks_unit', 'id')) END, r.type, r.kind, r.name, r.nik, "
    "r.area_code, r.address, r.phone, r.email, r.lat, r.lon, r.valid_from, r.valid_to, r.version,"
    " r.created_at, r.created_by, r.decree_no, r.decree_date, r.reg_no, r.accreditation, "
    "r.accreditation_date FROM jsonb_populate_record(NULL::psks_unit, $2::jsonb) r RETURNING id";

static const char psks_update[] =
    "UPDATE psks_unit t SET type = r.type, kind = r.kind, name = r.name, nik = r.nik, area_code ="
    " r.area_code, address = r.address, phone = r.phone, email = r.email, lat = r.lat, lon = "
    "r.lon, valid_from = r.valid_from, valid_to = r.valid_to, version = r.version, decree_no = "
    "r.decree_no, decree_date = r.decree_date, reg_no = r.reg_no, accreditation = "
    "r.accreditation, accreditation_date = r.accreditation_date FROM "
    "jsonb_populate_record(NULL::psks_unit, $2::jsonb) r WHERE t.id = $1::bigint";

static const char program_row[] =
    "SELECT json_build_object('id', t.id, 'code', t.code, 'name', t.name, 'level', t.level, "
    "'household', t.household, 'amount', t.amount, 'frequency', t.frequency, 'cap', t.cap, "
    "'categories', t.categories, 'age_min', t.age_min, 'age_max', t.age_max, 'disability', "
    "t.disability, 'desil_max', t.desil_max, 'regions', t.regions, 'excludes', t.excludes, "
    "'version', t.version, 'created_at', t.created_at, 'created_by', t.created_by, "
    "'requires_nik', t.requires_nik)::text, '' FROM program t WHERE t.id = $1::bigint";

static const char program_insert[] =
    "INSERT INTO program(id, code, name, level, household, amount, frequency, cap, categories, "
    "age_min, age_max, disability, desil_max, regions, excludes, version, created_at, created_by,"
    " requires_nik) SELECT CASE WHEN $1::bigint > 0 AND NOT EXISTS (SELECT 1 FROM program WHERE "
    "id = $1::bigint) THEN $1::bigint ELSE nextval(pg_get_serial_sequence('program', 'id')) END, "
    "r.code, r.name, r.level, r.household, r.amount, r.frequency, r.cap, r.categories, r.age_min,"
    " r.age_max, r.disability, r.desil_max, r.regions, r.excludes, r.version, r.created_at, "
    "r.created_by, r.requires_nik FROM jsonb_populate_record(NULL::program, $2::jsonb) r "
    "RETURNING id";

static const char program_update[] =
    "UPDATE program t SET code = r.code, name = r.name, level = r.level, household = r.household,"
    " amount = r.amount, frequency = r.frequency, cap = r.cap, categories = r.categories, age_min"
    " = r.age_min, age_max = r.age_max, disability = r.disability, desil_max = r.desil_max, "
    "regions = r.regions, excludes = r.excludes, version = r.version, requires_nik = "
    "r.requires_nik FROM jsonb_populate_record(NULL::program, $2::jsonb) r WHERE t.id = "
    "$1::bigint";

typedef struct entity_sql {
    const char *entity; /* sync name */
    const char *audit;  /* the audit's entity name, the table */
    const char *row, *insert, *update;
} entity_sql;

static const entity_sql entities[] = {
    {"household", "household", household_row, household_insert, household_update},
    {"person", "person", person_row, person_insert, person_update},
    {"membership", "membership", membership_row, membership_insert, membership_update},
    {"psks", "psks_unit", psks_row, psks_insert, psks_update},
    {"program", "program", program_row, program_insert, program_update},
};

static const entity_sql *entity_of(const char *name, bool audit_name)
{
    for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++)
        if (strcmp(audit_name ? entities[i].audit : entities[i].entity, name) == 0)
            return &entities[i];
    return NULL;
}

static int bad_entity(pl_error *err, const char *entity)
{
    return pl_error_set(err, PL_EINVAL, "entity", "jenis data '%.40s' tidak dikenal", entity);
}

/* ------------------------------------------------------------------ instances */

#define INST_COLS                                                                                  \
    "id, name, scope, public_key, user_id, created_at, created_by, revoked_at, revoked_by, "       \
    "version"

static void read_instance(pl_sync_instance *in, const PGresult *r, int i)
{
    memset(in, 0, sizeof *in);
    in->id = pl_pg_int(r, i, 0);
    pl_pg_copy(in->name, sizeof in->name, r, i, 1);
    pl_pg_copy(in->scope, sizeof in->scope, r, i, 2);
    pl_pg_copy(in->public_key, sizeof in->public_key, r, i, 3);
    in->user_id = pl_pg_int(r, i, 4);
    pl_pg_copy(in->created_at, sizeof in->created_at, r, i, 5);
    pl_pg_copy(in->created_by, sizeof in->created_by, r, i, 6);
    pl_pg_copy(in->revoked_at, sizeof in->revoked_at, r, i, 7);
    pl_pg_copy(in->revoked_by, sizeof in->revoked_by, r, i, 8);
    in->version = pl_pg_int(r, i, 9);
}

PL_PG_ROWS(instance_rows, pl_sync_instance, pl_sync_instance_cb, read_instance, "sync_instance");

static const char *actor_name(const pl_actor *who)
{
    return who && who->user ? who->user : "system";
}

int pl_pg_sync_instance_add(pl_pg_store *s, const pl_actor *who, pl_sync_instance *in,
                            pl_error *err)
{
    /* The key is checked first, so that a refused one uses up no id (as on SQLite). */
    static const char sql[] =
        "INSERT INTO sync_instance(name, scope, public_key, user_id, created_at, created_by) "
        "SELECT $1, $2, $3, $4::bigint, pl_now(), $5 WHERE NOT EXISTS (SELECT 1 FROM "
        "sync_instance WHERE public_key = $3) RETURNING id";
    pl_pg_num u;
    const char *p[] = {in->name, in->scope, in->public_key, pl_pg_i64(&u, in->user_id),
                       actor_name(who)};
    PGresult *r = NULL;
    int rc = pl_pg_write_as(s, who, sql, 5, p, &r, "sync_instance", err);
    if (rc == 0 && PQntuples(r) == 0)
        rc = PL_ECONFLICT;
    int64_t id = rc == 0 ? pl_pg_int(r, 0, 0) : 0;
    PQclear(r);
    if (rc == PL_ECONFLICT)
        return pl_error_set(err, PL_ECONFLICT, "public_key", "kunci publik ini sudah terdaftar");
    return rc ? rc : pl_pg_sync_instance_get(s, in, id, err);
}

int pl_pg_sync_instance_get(pl_pg_store *s, pl_sync_instance *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " INST_COLS " FROM sync_instance WHERE id = $1::bigint";
    int rc = pl_pg_get_by_id(s, sql, id, &instance_rows, out, "instans luring", err);
    if (rc == PL_ENOTFOUND)
        return pl_error_set(err, PL_ENOTFOUND, "instance", "instans luring %lld tidak terdaftar",
                            (long long)id);
    return rc;
}

int pl_pg_sync_instance_list(pl_pg_store *s, const char *scope, pl_sync_instance_cb cb, void *ctx,
                             pl_error *err)
{
    static const char sql[] =
        "SELECT " INST_COLS
        " FROM sync_instance WHERE " PL_PG_IN_PREFIX("scope", "$1") " ORDER BY id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {scope ? scope : ""};
    return pl_pg_each(s, sql, 1, p, &instance_rows, NULL, PL_PG_FN(cb), ctx, err);
}

int pl_pg_sync_instance_revoke(pl_pg_store *s, const pl_actor *who, int64_t id, pl_error *err)
{
    static const char sql[] =
        "UPDATE sync_instance SET revoked_at = pl_now(), revoked_by = $2, version = version + 1 "
        "WHERE id = $1::bigint AND revoked_at IS NULL";
    pl_sync_instance in;
    int rc = pl_pg_sync_instance_get(s, &in, id, err);
    if (rc || in.revoked_at[0])
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, id), actor_name(who)};
    return pl_pg_write_as(s, who, sql, 2, p, NULL, "sync_instance", err);
}

int pl_pg_sync_server_key(pl_pg_store *s, char pub[PL_SYNC_KEY_HEX], char sec[PL_SYNC_SECRET_HEX],
                          const char *new_pub, const char *new_sec, pl_error *err)
{
    /* One statement: the stored pair, or the new one stored now (two servers race safely). */
    static const char sql[] =
        "WITH n AS (INSERT INTO sync_key(id, public_key, secret_key, created_at) "
        "VALUES(1, $1, $2, pl_now()) ON CONFLICT(id) DO NOTHING RETURNING public_key, "
        "secret_key) SELECT public_key, secret_key FROM n UNION ALL "
        "SELECT public_key, secret_key FROM sync_key WHERE id = 1 LIMIT 1";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {new_pub, new_sec};
    PGresult *r = pl_pg_query(s, sql, 2, p, err, "sync_key");
    if (r && PQntuples(r) == 0) {
        /* Another server stored its pair while this statement waited: its snapshot is older. */
        PQclear(r);
        r = pl_pg_query(s, sql, 2, p, err, "sync_key");
    }
    if (r == NULL)
        return err->code;
    if (PQntuples(r) == 0)
        rc = pl_error_set(err, PL_EIO, "", "kunci server tidak tersimpan");
    else {
        pl_pg_copy(pub, PL_SYNC_KEY_HEX, r, 0, 0);
        pl_pg_copy(sec, PL_SYNC_SECRET_HEX, r, 0, 1);
    }
    PQclear(r);
    return rc;
}

/* ------------------------------------------------------------------ packages and changes */

/* Runs a write that may be refused inside the caller's transaction (which stays usable). */
static int write_sp(pl_pg_store *s, const char *sql, int n, const char *const *p, const char *what,
                    pl_error *err)
{
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    PGresult *r = pl_pg_query_sp(s, false, sql, n, p, err, what);
    if (r == NULL)
        return err->code;
    PQclear(r);
    return 0;
}

int pl_pg_sync_package_note(pl_pg_store *s, int64_t instance_id, int64_t seq, const char *digest,
                            pl_error *err)
{
    static const char sql[] = "INSERT INTO sync_package(instance_id, seq, digest, at) "
                              "VALUES($1::bigint, $2::bigint, $3, pl_now())";
    pl_pg_num i, q;
    const char *p[] = {pl_pg_i64(&i, instance_id), pl_pg_i64(&q, seq), digest};
    int rc = write_sp(s, sql, 3, p, "sync_package", err);
    if (rc == PL_ECONFLICT)
        return pl_error_set(err, PL_ECONFLICT, "package",
                            "paket nomor %lld dari instans ini sudah pernah diterima (diputar "
                            "ulang); tidak ada yang diubah",
                            (long long)seq);
    return rc;
}

int pl_pg_sync_applied_get(pl_pg_store *s, int64_t instance_id, const char *change_id,
                           char *outcome, char **result, pl_error *err)
{
    static const char sql[] = "SELECT outcome, result FROM sync_applied WHERE instance_id = "
                              "$1::bigint AND change_id = $2";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num i;
    const char *p[] = {pl_pg_i64(&i, instance_id), change_id};
    PGresult *r = pl_pg_query(s, sql, 2, p, err, "sync_applied");
    if (r == NULL)
        return err->code;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return pl_error_set(err, PL_ENOTFOUND, "change_id", "perubahan %s belum diterapkan",
                            change_id);
    }
    pl_pg_copy(outcome, 16, r, 0, 0);
    const char *t = pl_pg_text(r, 0, 1);
    *result = strdup(t ? t : "{}");
    PQclear(r);
    return *result ? 0 : pl_error_set(err, PL_ENOMEM, "", "memori habis");
}

int pl_pg_sync_applied_put(pl_pg_store *s, int64_t instance_id, const char *change_id,
                           const char *outcome, const char *result, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO sync_applied(instance_id, change_id, at, outcome, result) "
        "VALUES($1::bigint, $2, pl_now(), $3, $4) ON CONFLICT(instance_id, change_id) DO NOTHING";
    pl_pg_num i;
    const char *p[] = {pl_pg_i64(&i, instance_id), change_id, outcome, result};
    return write_sp(s, sql, 4, p, "sync_applied", err);
}

int pl_pg_sync_audit_client(pl_pg_store *s, const char *client, const char *entity,
                            int64_t *entity_id, pl_error *err)
{
    static const char sql[] = "SELECT entity_id FROM audit WHERE client = $1 AND "
                              "substr(client, 1, 5) = 'sync:' AND entity = $2 ORDER BY id LIMIT 1";
    const entity_sql *e = entity_of(entity, false);
    if (e == NULL)
        return bad_entity(err, entity);
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {client, e->audit};
    PGresult *r = pl_pg_query(s, sql, 2, p, err, "audit");
    if (r == NULL)
        return err->code;
    rc = PQntuples(r) == 0 ? pl_error_set(err, PL_ENOTFOUND, "client",
                                          "tidak ada %s yang dibuat oleh %s", entity, client)
                           : 0;
    if (rc == 0)
        *entity_id = pl_pg_int(r, 0, 0);
    PQclear(r);
    return rc;
}

/* ------------------------------------------------------------------ the change feed */

/* The horizon: every transaction with a lower id has ended (committed or rolled back). */
#define HORIZON "pg_snapshot_xmin(pg_current_snapshot())"

int pl_pg_sync_audit_head(pl_pg_store *s, pl_sync_pos *out, pl_error *err)
{
    static const char sql[] = "SELECT xid::text, id FROM audit WHERE xid < " HORIZON
                              " ORDER BY xid DESC, id DESC LIMIT 1";
    *out = (pl_sync_pos){0, 0};
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    PGresult *r = pl_pg_query(s, sql, 0, NULL, err, "audit");
    if (r == NULL)
        return err->code;
    if (PQntuples(r))
        *out = (pl_sync_pos){pl_pg_int(r, 0, 0), pl_pg_int(r, 0, 1)};
    PQclear(r);
    return 0;
}

int pl_pg_sync_id_marks(pl_pg_store *s, int64_t marks[3], pl_error *err)
{
    static const char sql[] = "SELECT (SELECT coalesce(max(id), 0) FROM household), "
                              "(SELECT coalesce(max(id), 0) FROM person), "
                              "(SELECT coalesce(max(id), 0) FROM membership)";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    PGresult *r = pl_pg_query(s, sql, 0, NULL, err, "sync");
    if (r == NULL)
        return err->code;
    if (PQntuples(r) != 1)
        rc = pl_error_set(err, PL_EINTERNAL, "", "jawaban tanda id tidak terduga");
    for (int i = 0; i < 3 && rc == 0; i++)
        marks[i] = pl_pg_int(r, 0, i);
    PQclear(r);
    return rc;
}

/* The existing ids of a bulk import's ranges (columns 5..10 of row k of r), to cb. */
static int import_refs(pl_pg_store *s, PGresult *r, int k, pl_sync_ref_cb cb, void *ctx,
                       pl_error *err)
{
    static const char *const sql[] = {
        "SELECT id FROM household WHERE id BETWEEN $1::bigint AND $2::bigint ORDER BY id",
        "SELECT id FROM person WHERE id BETWEEN $1::bigint AND $2::bigint ORDER BY id",
        "SELECT id FROM membership WHERE id BETWEEN $1::bigint AND $2::bigint ORDER BY id"};
    static const char *const names[] = {"household", "person", "membership"};
    int rc = 0;
    for (int e = 0; e < 3 && rc == 0; e++) {
        if (pl_pg_null(r, k, 5 + 2 * e) || pl_pg_null(r, k, 6 + 2 * e))
            continue;
        int64_t lo = pl_pg_int(r, k, 5 + 2 * e), hi = pl_pg_int(r, k, 6 + 2 * e);
        if (lo < 1 || hi < lo)
            continue;
        pl_pg_num a, b;
        const char *p[] = {pl_pg_i64(&a, lo), pl_pg_i64(&b, hi)};
        PGresult *ids = pl_pg_query(s, sql[e], 2, p, err, names[e]);
        if (ids == NULL)
            return err->code;
        for (int i = 0; i < PQntuples(ids) && rc == 0; i++)
            rc = cb(ctx, names[e], pl_pg_int(ids, i, 0));
        PQclear(ids);
    }
    return rc;
}

int pl_pg_sync_audit_changes(pl_pg_store *s, const pl_sync_pos *since, int limit, pl_sync_ref_cb cb,
                             void *ctx, pl_sync_pos *last, pl_error *err)
{
    /* A SQLite position ({0, id}: a data base copied from there) reads every row again: ids
     * say nothing about the transactions here. */
    static const char sql[] =
        "SELECT xid::text, id, entity, entity_id, jsonb_typeof(ids) = 'array', "
        "(ids ->> 0)::bigint, (ids ->> 1)::bigint, (ids ->> 2)::bigint, (ids ->> 3)::bigint, "
        "(ids ->> 4)::bigint, (ids ->> 5)::bigint FROM (SELECT xid, id, entity, entity_id, "
        "CASE WHEN entity = 'file' AND action = 'import' THEN after::jsonb -> 'ids' END AS ids "
        "FROM audit WHERE (xid, id) > ($1::xid8, $2::bigint) AND xid < " HORIZON
        " ORDER BY xid, id LIMIT $3::bigint) a ORDER BY xid, id";
    if (limit < 1 || limit > 20000)
        return pl_error_set(err, PL_EINVAL, "limit", "batas di luar 1..20000");
    *last = *since;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num x, i, n;
    const char *p[] = {pl_pg_i64(&x, since->xid), pl_pg_i64(&i, since->xid ? since->id : 0),
                       pl_pg_i64(&n, limit)};
    PGresult *r = pl_pg_query(s, sql, 3, p, err, "audit");
    if (r == NULL)
        return err->code;
    int rows = PQntuples(r);
    for (int k = 0; k < rows && rc == 0; k++) {
        *last = (pl_sync_pos){pl_pg_int(r, k, 0), pl_pg_int(r, k, 1)};
        if (!pl_pg_null(r, k, 4) && strcmp(PQgetvalue(r, k, 4), "t") == 0) {
            rc = import_refs(s, r, k, cb, ctx, err);
            continue;
        }
        const char *ent = pl_pg_text(r, k, 2);
        const entity_sql *e = ent ? entity_of(ent, true) : NULL;
        if (e && !pl_pg_null(r, k, 3))
            rc = cb(ctx, e->entity, pl_pg_int(r, k, 3));
    }
    PQclear(r);
    return rc;
}

int pl_pg_sync_ids(pl_pg_store *s, const char *entity, const char *scope, int64_t after, int limit,
                   pl_sync_ref_cb cb, void *ctx, pl_error *err)
{
    static const char hh[] = "SELECT id FROM household WHERE " PL_PG_IN_RANGE(
        "village_code", "$1", "$2") " AND id > $3::bigint ORDER BY id LIMIT $4::bigint";
    static const char pe[] = "SELECT id FROM person WHERE " PL_PG_IN_RANGE(
        "village_code", "$1", "$2") " AND id > $3::bigint ORDER BY id LIMIT $4::bigint";
    static const char me[] =
        "SELECT m.id FROM membership m LEFT JOIN person p ON p.id = m.person_id "
        "LEFT JOIN household h ON h.id = m.household_id WHERE m.id > $3::bigint AND m.prov "
        "BETWEEN substr($1, 1, 2) AND substr($2, 1, 2) AND " PL_PG_IN_RANGE(
            "coalesce(p.village_code, h.village_code)", "$1",
            "$2") " ORDER BY m.id LIMIT $4::bigint";
    static const char ps[] = "SELECT id FROM psks_unit WHERE " PL_PG_IN_RANGE(
        "area_code", "$1", "$2") " AND id > $3::bigint ORDER BY id LIMIT $4::bigint";
    static const char pr[] = "SELECT id FROM program WHERE $1::text = $1 AND $2::text = $2 AND "
                             "id > $3::bigint ORDER BY id LIMIT $4::bigint";
    const char *sql = strcmp(entity, "household") == 0    ? hh
                      : strcmp(entity, "person") == 0     ? pe
                      : strcmp(entity, "membership") == 0 ? me
                      : strcmp(entity, "psks") == 0       ? ps
                      : strcmp(entity, "program") == 0    ? pr
                                                          : NULL;
    if (sql == NULL)
        return bad_entity(err, entity);
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    char lo[16], hi[16];
    pl_pg_prefix_range(lo, hi, scope ? scope : "", NULL);
    pl_pg_num a, n;
    const char *p[] = {lo, hi, pl_pg_i64(&a, after), pl_pg_i64(&n, limit)};
    PGresult *r = pl_pg_query(s, sql, 4, p, err, entity);
    if (r == NULL)
        return err->code;
    int rows = PQntuples(r);
    for (int k = 0; k < rows && rc == 0; k++)
        rc = cb(ctx, entity, pl_pg_int(r, k, 0));
    PQclear(r);
    return rc;
}

int pl_pg_sync_row(pl_pg_store *s, char **json, char *region, const char *entity, int64_t id,
                   pl_error *err)
{
    const entity_sql *e = entity_of(entity, false);
    if (e == NULL)
        return bad_entity(err, entity);
    *json = NULL;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, id)};
    PGresult *r = pl_pg_query(s, e->row, 1, p, err, e->entity);
    if (r == NULL)
        return err->code;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return pl_error_set(err, PL_ENOTFOUND, "id", "%s %lld tidak ditemukan", entity,
                            (long long)id);
    }
    const char *j = pl_pg_text(r, 0, 0);
    pl_pg_copy(region, PL_REGION_CODE_MAX, r, 0, 1);
    *json = strdup(j ? j : "{}");
    PQclear(r);
    return *json ? 0 : pl_error_set(err, PL_ENOMEM, "", "memori habis");
}

int pl_pg_sync_row_put(pl_pg_store *s, const pl_actor *who, const char *entity, int64_t local_id,
                       int64_t preferred, const char *json, int64_t *out_id, pl_error *err)
{
    /* An id given explicitly moves the table's sequence past it (SQLite's rowid does so). */
    static const char bump[] =
        "SELECT setval(q, $2::bigint) FROM (SELECT pg_get_serial_sequence($1, 'id') AS q) x "
        "WHERE $2::bigint > coalesce(pg_sequence_last_value(q::regclass), 0)";
    const entity_sql *e = entity_of(entity, false);
    if (e == NULL)
        return bad_entity(err, entity);
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, local_id ? local_id : preferred), json};
    PGresult *r = pl_pg_query_sp(s, own, local_id ? e->update : e->insert, 2, p, err, e->entity);
    if (r == NULL)
        rc = err->code;
    else if (local_id)
        *out_id = local_id;
    else if (PQntuples(r) == 1) {
        *out_id = pl_pg_int(r, 0, 0);
        pl_pg_num b;
        const char *q[] = {e->audit, pl_pg_i64(&b, *out_id)};
        rc = pl_pg_command(s, bump, 2, q, err, e->entity);
    } else
        rc = pl_error_set(err, PL_EINTERNAL, "", "jawaban %s tidak terduga", e->entity);
    PQclear(r);
    return pl_pg_tx_end(s, own, rc, err);
}

/* ------------------------------------------------------------------ field side */

int pl_pg_sync_meta_get(pl_pg_store *s, const char *key, char *out, size_t cap, pl_error *err)
{
    static const char sql[] = "SELECT value FROM sync_meta WHERE key = $1";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {key};
    PGresult *r = pl_pg_query(s, sql, 1, p, err, "sync_meta");
    if (r == NULL)
        return err->code;
    if (PQntuples(r) == 0)
        rc = pl_error_set(err, PL_ENOTFOUND, key,
                          "basis data ini bukan instans luring (jalankan 'pilar sync init')");
    else
        pl_pg_copy(out, cap, r, 0, 0);
    PQclear(r);
    return rc;
}

int pl_pg_sync_meta_set(pl_pg_store *s, const char *key, const char *value, pl_error *err)
{
    static const char sql[] = "INSERT INTO sync_meta(key, value) VALUES($1, $2) "
                              "ON CONFLICT(key) DO UPDATE SET value = excluded.value";
    /* Local writes are marked for the push by SQLite's triggers only (schema_sync.c). */
    if (strcmp(key, "mode") == 0 && strcmp(value, "field") == 0)
        return pl_error_set(err, PL_EINVAL, "db",
                            "instans luring harus berkas SQLite (mis. --db lapangan.db); "
                            "PostgreSQL hanya untuk server");
    const char *p[] = {key, value};
    return write_sp(s, sql, 2, p, "sync_meta", err);
}

#define REC_COLS                                                                                   \
    "entity, local_id, server_id, base_version, base, state, server, message, changed_at"

static void read_record(pl_sync_record *r, const PGresult *res, int i)
{
    pl_pg_copy(r->entity, sizeof r->entity, res, i, 0);
    r->local_id = pl_pg_int(res, i, 1);
    r->server_id = pl_pg_int(res, i, 2);
    r->base_version = pl_pg_int(res, i, 3);
    pl_pg_copy(r->base, sizeof r->base, res, i, 4);
    pl_pg_copy(r->state, sizeof r->state, res, i, 5);
    pl_pg_copy(r->server, sizeof r->server, res, i, 6);
    pl_pg_copy(r->message, sizeof r->message, res, i, 7);
    pl_pg_copy(r->changed_at, sizeof r->changed_at, res, i, 8);
}

static int record_one(pl_pg_store *s, pl_sync_record *out, const char *sql, const char *entity,
                      int64_t id, pl_error *err)
{
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {entity, pl_pg_i64(&n, id)};
    PGresult *r = pl_pg_query(s, sql, 2, p, err, "sync_record");
    if (r == NULL)
        return err->code;
    if (PQntuples(r) == 0)
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "data %s %lld tidak ditemukan", entity,
                          (long long)id);
    else
        read_record(out, r, 0);
    PQclear(r);
    return rc;
}

int pl_pg_sync_record_get(pl_pg_store *s, pl_sync_record *out, const char *entity, int64_t local_id,
                          pl_error *err)
{
    static const char sql[] =
        "SELECT " REC_COLS " FROM sync_record WHERE entity = $1 AND local_id = $2::bigint";
    return record_one(s, out, sql, entity, local_id, err);
}

int pl_pg_sync_record_by_server(pl_pg_store *s, pl_sync_record *out, const char *entity,
                                int64_t server_id, pl_error *err)
{
    static const char sql[] =
        "SELECT " REC_COLS " FROM sync_record WHERE entity = $1 AND server_id = $2::bigint";
    return record_one(s, out, sql, entity, server_id, err);
}

int pl_pg_sync_record_put(pl_pg_store *s, const pl_sync_record *r, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO sync_record(" REC_COLS ") VALUES($1, $2::bigint, $3::bigint, $4::bigint, "
        "$5, $6, $7, $8, coalesce($9, pl_now())) ON CONFLICT(entity, local_id) DO UPDATE SET "
        "server_id = excluded.server_id, base_version = excluded.base_version, base = "
        "excluded.base, state = excluded.state, server = excluded.server, message = "
        "excluded.message, changed_at = excluded.changed_at";
    pl_pg_num l, sv, b;
    const char *p[] = {r->entity,
                       pl_pg_i64(&l, r->local_id),
                       r->server_id ? pl_pg_i64(&sv, r->server_id) : NULL,
                       pl_pg_i64(&b, r->base_version),
                       r->base[0] ? r->base : NULL,
                       r->state,
                       r->server[0] ? r->server : NULL,
                       r->message,
                       r->changed_at[0] ? r->changed_at : NULL};
    return write_sp(s, sql, 9, p, "sync_record", err);
}

int pl_pg_sync_record_list(pl_pg_store *s, const char *state, const char *entity, int64_t after,
                           int limit, pl_sync_record_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT " REC_COLS " FROM sync_record WHERE ($1::text IS NULL AND state <> 'synced' OR "
        "state = $1) AND ($2::text IS NULL OR entity = $2 AND local_id > $3::bigint) "
        "ORDER BY CASE entity WHEN 'household' THEN 1 WHEN 'person' THEN 2 ELSE 3 END, "
        "local_id LIMIT $4::bigint";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num a, n;
    const char *p[] = {state, entity, pl_pg_i64(&a, after), pl_pg_i64(&n, limit)};
    pl_sync_record *rec = malloc(sizeof *rec); /* too big for pl_pg_each's records */
    if (rec == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori habis");
    PGresult *r = pl_pg_query(s, sql, 4, p, err, "sync_record");
    if (r == NULL)
        rc = err->code;
    for (int k = 0; r && k < PQntuples(r) && rc == 0; k++) {
        memset(rec, 0, sizeof *rec);
        read_record(rec, r, k);
        rc = cb(ctx, rec);
    }
    PQclear(r);
    free(rec);
    return rc;
}

int pl_pg_sync_record_counts(pl_pg_store *s, long counts[5], pl_error *err)
{
    static const char sql[] =
        "SELECT count(*) FILTER (WHERE state = 'synced'), count(*) FILTER (WHERE state = "
        "'to_push'), count(*) FILTER (WHERE state = 'pushing'), count(*) FILTER (WHERE state = "
        "'conflict'), count(*) FILTER (WHERE state = 'refused') FROM sync_record";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    PGresult *r = pl_pg_query(s, sql, 0, NULL, err, "sync_record");
    if (r == NULL)
        return err->code;
    for (int i = 0; i < 5; i++)
        counts[i] = (long)pl_pg_int(r, 0, i);
    PQclear(r);
    return 0;
}

int pl_pg_sync_outbox_add(pl_pg_store *s, const char *change_id, const char *entity,
                          int64_t local_id, const char *payload, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO sync_outbox(change_id, ord, entity, local_id, payload, created_at) "
        "VALUES($1, (SELECT coalesce(max(ord), 0) + 1 FROM sync_outbox), $2, $3::bigint, $4, "
        "pl_now())";
    pl_pg_num l;
    const char *p[] = {change_id, entity, pl_pg_i64(&l, local_id), payload};
    return write_sp(s, sql, 4, p, "sync_outbox", err);
}

int pl_pg_sync_outbox_list(pl_pg_store *s, int limit, pl_sync_outbox_cb cb, void *ctx,
                           pl_error *err)
{
    static const char sql[] = "SELECT change_id, entity, local_id, payload FROM sync_outbox "
                              "ORDER BY ord LIMIT $1::bigint";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, limit)};
    PGresult *r = pl_pg_query(s, sql, 1, p, err, "sync_outbox");
    if (r == NULL)
        return err->code;
    int rows = PQntuples(r);
    for (int k = 0; k < rows && rc == 0; k++)
        rc = cb(ctx, pl_pg_text(r, k, 0), pl_pg_text(r, k, 1), pl_pg_int(r, k, 2),
                pl_pg_text(r, k, 3));
    PQclear(r);
    return rc;
}

int pl_pg_sync_outbox_remove(pl_pg_store *s, const char *change_id, pl_error *err)
{
    static const char sql[] = "DELETE FROM sync_outbox WHERE change_id = $1";
    const char *p[] = {change_id};
    return write_sp(s, sql, 1, p, "sync_outbox", err);
}

int pl_pg_sync_outbox_count(pl_pg_store *s, long *out, pl_error *err)
{
    int64_t n = 0;
    int rc = pl_pg_require_schema(s, err);
    if (rc == 0)
        rc = pl_pg_scalar_i64(s, "SELECT count(*) FROM sync_outbox", 0, NULL, &n, err,
                              "sync_outbox");
    *out = (long)n;
    return rc;
}

int pl_pg_sync_answer_note(pl_pg_store *s, int64_t seq, const char *digest, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO sync_answer(seq, digest, at) VALUES($1::bigint, $2, pl_now())";
    pl_pg_num q;
    const char *p[] = {pl_pg_i64(&q, seq), digest};
    int rc = write_sp(s, sql, 2, p, "sync_answer", err);
    if (rc == PL_ECONFLICT)
        return pl_error_set(err, PL_ECONFLICT, "package",
                            "paket jawaban nomor %lld sudah pernah diimpor (diputar ulang); "
                            "tidak ada yang diubah",
                            (long long)seq);
    return rc;
}
