/*
 * sync.c - offline instances (store/sync.h): registered instances, the
 * server's key, changes remembered by id, the change feed over the audit's
 * ids, row images in and out, and the field side's state.
 */
#include "store/sqlite/internal.h"
#include "store/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Row images: every column of each table a feed carries, as JSON, and back. */
static const char household_row[] =
    "SELECT json_object('id', t.id, 'kk', t.kk, 'village_code', t.village_code, 'address', "
    "t.address, 'rt', t.rt, 'rw', t.rw, 'lat', t.lat, 'lon', t.lon, 'state', t.state, "
    "'state_by', t.state_by, 'state_at', t.state_at, 'state_reason', t.state_reason, "
    "'version', t.version, 'created_at', t.created_at, 'created_by', t.created_by, "
    "'updated_at', t.updated_at, 'desil', t.desil), t.village_code FROM household t WHERE "
    "t.id = ?1";

static const char household_insert[] =
    "INSERT INTO household(id, kk, village_code, address, rt, rw, lat, lon, state, state_by, "
    "state_at, state_reason, version, created_at, created_by, updated_at, desil) VALUES(CASE "
    "WHEN ?1 > 0 AND NOT EXISTS (SELECT 1 FROM household WHERE id = ?1) THEN ?1 END, "
    "json_extract(?2, '$.kk'), json_extract(?2, '$.village_code'), json_extract(?2, "
    "'$.address'), json_extract(?2, '$.rt'), json_extract(?2, '$.rw'), json_extract(?2, "
    "'$.lat'), json_extract(?2, '$.lon'), json_extract(?2, '$.state'), json_extract(?2, "
    "'$.state_by'), json_extract(?2, '$.state_at'), json_extract(?2, '$.state_reason'), "
    "json_extract(?2, '$.version'), json_extract(?2, '$.created_at'), json_extract(?2, "
    "'$.created_by'), json_extract(?2, '$.updated_at'), json_extract(?2, '$.desil'))";

static const char household_update[] =
    "UPDATE household SET kk = json_extract(?2, '$.kk'), village_code = json_extract(?2, "
    "'$.village_code'), address = json_extract(?2, '$.address'), rt = json_extract(?2, "
    "'$.rt'), rw = json_extract(?2, '$.rw'), lat = json_extract(?2, '$.lat'), lon = "
    "json_extract(?2, '$.lon'), state = json_extract(?2, '$.state'), state_by = "
    "json_extract(?2, '$.state_by'), state_at = json_extract(?2, '$.state_at'), state_reason "
    "= json_extract(?2, '$.state_reason'), version = json_extract(?2, '$.version'), "
    "updated_at = json_extract(?2, '$.updated_at'), desil = json_extract(?2, '$.desil') WHERE "
    "id = ?1";

static const char person_row[] =
    "SELECT json_object('id', t.id, 'nik', t.nik, 'household_id', t.household_id, 'name', "
    "t.name, 'name_norm', t.name_norm, 'birth_place', t.birth_place, 'birth_date', "
    "t.birth_date, 'sex', t.sex, 'relationship', t.relationship, 'mother_name', "
    "t.mother_name, 'death_date', t.death_date, 'disability', t.disability, 'lat', t.lat, "
    "'lon', t.lon, 'village_code', t.village_code, 'state', t.state, 'state_by', t.state_by, "
    "'state_at', t.state_at, 'state_reason', t.state_reason, 'flags', t.flags, 'version', "
    "t.version, 'created_at', t.created_at, 'created_by', t.created_by, 'updated_at', "
    "t.updated_at, 'no_nik_reason', t.no_nik_reason), t.village_code FROM person t WHERE t.id "
    "= ?1";

static const char person_insert[] =
    "INSERT INTO person(id, nik, household_id, name, name_norm, birth_place, birth_date, sex, "
    "relationship, mother_name, death_date, disability, lat, lon, village_code, state, "
    "state_by, state_at, state_reason, flags, version, created_at, created_by, updated_at, "
    "no_nik_reason) VALUES(CASE WHEN ?1 > 0 AND NOT EXISTS (SELECT 1 FROM person WHERE id = "
    "?1) THEN ?1 END, json_extract(?2, '$.nik'), json_extract(?2, '$.household_id'), "
    "json_extract(?2, '$.name'), json_extract(?2, '$.name_norm'), json_extract(?2, "
    "'$.birth_place'), json_extract(?2, '$.birth_date'), json_extract(?2, '$.sex'), "
    "json_extract(?2, '$.relationship'), json_extract(?2, '$.mother_name'), json_extract(?2, "
    "'$.death_date'), json_extract(?2, '$.disability'), json_extract(?2, '$.lat'), "
    "json_extract(?2, '$.lon'), json_extract(?2, '$.village_code'), json_extract(?2, "
    "'$.state'), json_extract(?2, '$.state_by'), json_extract(?2, '$.state_at'), "
    "json_extract(?2, '$.state_reason'), json_extract(?2, '$.flags'), json_extract(?2, "
    "'$.version'), json_extract(?2, '$.created_at'), json_extract(?2, '$.created_by'), "
    "json_extract(?2, '$.updated_at'), json_extract(?2, '$.no_nik_reason'))";

static const char person_update[] =
    "UPDATE person SET nik = json_extract(?2, '$.nik'), household_id = json_extract(?2, "
    "'$.household_id'), name = json_extract(?2, '$.name'), name_norm = json_extract(?2, "
    "'$.name_norm'), birth_place = json_extract(?2, '$.birth_place'), birth_date = "
    "json_extract(?2, '$.birth_date'), sex = json_extract(?2, '$.sex'), relationship = "
    "json_extract(?2, '$.relationship'), mother_name = json_extract(?2, '$.mother_name'), "
    "death_date = json_extract(?2, '$.death_date'), disability = json_extract(?2, "
    "'$.disability'), lat = json_extract(?2, '$.lat'), lon = json_extract(?2, '$.lon'), "
    "village_code = json_extract(?2, '$.village_code'), state = json_extract(?2, '$.state'), "
    "state_by = json_extract(?2, '$.state_by'), state_at = json_extract(?2, '$.state_at'), "
    "state_reason = json_extract(?2, '$.state_reason'), flags = json_extract(?2, '$.flags'), "
    "version = json_extract(?2, '$.version'), updated_at = json_extract(?2, '$.updated_at'), "
    "no_nik_reason = json_extract(?2, '$.no_nik_reason') WHERE id = ?1";

static const char membership_row[] =
    "SELECT json_object('id', t.id, 'person_id', t.person_id, 'household_id', t.household_id, "
    "'category', t.category, 'valid_from', t.valid_from, 'valid_to', t.valid_to, 'note', "
    "t.note, 'created_at', t.created_at, 'created_by', t.created_by), coalesce((SELECT "
    "village_code FROM person WHERE id = t.person_id), (SELECT village_code FROM household "
    "WHERE id = t.household_id), '') FROM membership t WHERE t.id = ?1";

static const char membership_insert[] =
    "INSERT INTO membership(id, person_id, household_id, category, valid_from, valid_to, "
    "note, created_at, created_by) VALUES(CASE WHEN ?1 > 0 AND NOT EXISTS (SELECT 1 FROM "
    "membership WHERE id = ?1) THEN ?1 END, json_extract(?2, '$.person_id'), json_extract(?2, "
    "'$.household_id'), json_extract(?2, '$.category'), json_extract(?2, '$.valid_from'), "
    "json_extract(?2, '$.valid_to'), json_extract(?2, '$.note'), json_extract(?2, "
    "'$.created_at'), json_extract(?2, '$.created_by'))";

static const char membership_update[] =
    "UPDATE membership SET person_id = json_extract(?2, '$.person_id'), household_id = "
    "json_extract(?2, '$.household_id'), category = json_extract(?2, '$.category'), "
    "valid_from = json_extract(?2, '$.valid_from'), valid_to = json_extract(?2, "
    "'$.valid_to'), note = json_extract(?2, '$.note') WHERE id = ?1";

static const char psks_row[] =
    "SELECT json_object('id', t.id, 'type', t.type, 'kind', t.kind, 'name', t.name, 'nik', "
    "t.nik, 'area_code', t.area_code, 'address', t.address, 'phone', t.phone, 'email', "
    "t.email, 'lat', t.lat, 'lon', t.lon, 'valid_from', t.valid_from, 'valid_to', t.valid_to, "
    "'version', t.version, 'created_at', t.created_at, 'created_by', t.created_by, "
    "'decree_no', t.decree_no, 'decree_date', t.decree_date, 'reg_no', t.reg_no, "
    "'accreditation', t.accreditation, 'accreditation_date', t.accreditation_date), "
    "t.area_code FROM psks_unit t WHERE t.id = ?1";

static const char psks_insert[] =
    "INSERT INTO psks_unit(id, type, kind, name, nik, area_code, address, phone, email, lat, "
    "lon, valid_from, valid_to, version, created_at, created_by, decree_no, decree_date, "
    "reg_no, accreditation, accreditation_date) VALUES(CASE WHEN ?1 > 0 AND NOT EXISTS "
    "(SELECT 1 FROM psks_unit WHERE id = ?1) THEN ?1 END, json_extract(?2, '$.type'), "
    "json_extract(?2, '$.kind'), json_extract(?2, '$.name'), json_extract(?2, '$.nik'), "
    "json_extract(?2, '$.area_code'), json_extract(?2, '$.address'), json_extract(?2, "
    "'$.phone'), json_extract(?2, '$.email'), json_extract(?2, '$.lat'), json_extract(?2, "
    "'$.lon'), json_extract(?2, '$.valid_from'), json_extract(?2, '$.valid_to'), "
    "json_extract(?2, '$.version'), json_extract(?2, '$.created_at'), json_extract(?2, "
    "'$.created_by'), json_extract(?2, '$.decree_no'), json_extract(?2, '$.decree_date'), "
    "json_extract(?2, '$.reg_no'), json_extract(?2, '$.accreditation'), json_extract(?2, "
    "'$.accreditation_date'))";

static const char psks_update[] =
    "UPDATE psks_unit SET type = json_extract(?2, '$.type'), kind = json_extract(?2, "
    "'$.kind'), name = json_extract(?2, '$.name'), nik = json_extract(?2, '$.nik'), area_code "
    "= json_extract(?2, '$.area_code'), address = json_extract(?2, '$.address'), phone = "
    "json_extract(?2, '$.phone'), email = json_extract(?2, '$.email'), lat = json_extract(?2, "
    "'$.lat'), lon = json_extract(?2, '$.lon'), valid_from = json_extract(?2, "
    "'$.valid_from'), valid_to = json_extract(?2, '$.valid_to'), version = json_extract(?2, "
    "'$.version'), decree_no = json_extract(?2, '$.decree_no'), decree_date = "
    "json_extract(?2, '$.decree_date'), reg_no = json_extract(?2, '$.reg_no'), accreditation "
    "= json_extract(?2, '$.accreditation'), accreditation_date = json_extract(?2, "
    "'$.accreditation_date') WHERE id = ?1";

static const char program_row[] =
    "SELECT json_object('id', t.id, 'code', t.code, 'name', t.name, 'level', t.level, "
    "'household', t.household, 'amount', t.amount, 'frequency', t.frequency, 'cap', t.cap, "
    "'categories', t.categories, 'age_min', t.age_min, 'age_max', t.age_max, 'disability', "
    "t.disability, 'desil_max', t.desil_max, 'regions', t.regions, 'excludes', t.excludes, "
    "'version', t.version, 'created_at', t.created_at, 'created_by', t.created_by, "
    "'requires_nik', t.requires_nik), '' FROM program t WHERE t.id = ?1";

static const char program_insert[] =
    "INSERT INTO program(id, code, name, level, household, amount, frequency, cap, "
    "categories, age_min, age_max, disability, desil_max, regions, excludes, version, "
    "created_at, created_by, requires_nik) VALUES(CASE WHEN ?1 > 0 AND NOT EXISTS (SELECT 1 "
    "FROM program WHERE id = ?1) THEN ?1 END, json_extract(?2, '$.code'), json_extract(?2, "
    "'$.name'), json_extract(?2, '$.level'), json_extract(?2, '$.household'), "
    "json_extract(?2, '$.amount'), json_extract(?2, '$.frequency'), json_extract(?2, "
    "'$.cap'), json_extract(?2, '$.categories'), json_extract(?2, '$.age_min'), "
    "json_extract(?2, '$.age_max'), json_extract(?2, '$.disability'), json_extract(?2, "
    "'$.desil_max'), json_extract(?2, '$.regions'), json_extract(?2, '$.excludes'), "
    "json_extract(?2, '$.version'), json_extract(?2, '$.created_at'), json_extract(?2, "
    "'$.created_by'), json_extract(?2, '$.requires_nik'))";

static const char program_update[] =
    "UPDATE program SET code = json_extract(?2, '$.code'), name = json_extract(?2, '$.name'), "
    "level = json_extract(?2, '$.level'), household = json_extract(?2, '$.household'), amount "
    "= json_extract(?2, '$.amount'), frequency = json_extract(?2, '$.frequency'), cap = "
    "json_extract(?2, '$.cap'), categories = json_extract(?2, '$.categories'), age_min = "
    "json_extract(?2, '$.age_min'), age_max = json_extract(?2, '$.age_max'), disability = "
    "json_extract(?2, '$.disability'), desil_max = json_extract(?2, '$.desil_max'), regions = "
    "json_extract(?2, '$.regions'), excludes = json_extract(?2, '$.excludes'), version = "
    "json_extract(?2, '$.version'), requires_nik = json_extract(?2, '$.requires_nik') WHERE "
    "id = ?1";
typedef struct entity_sql {
    const char *entity; /* sync name */
    const char *audit;  /* the audit's entity name */
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

#define INST_COLS                                                                                  \
    "id, name, scope, public_key, user_id, created_at, created_by, revoked_at, revoked_by, "       \
    "version"

static void read_instance(pl_sync_instance *in, sqlite3_stmt *st)
{
    memset(in, 0, sizeof *in);
    in->id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(in->name, sizeof in->name, st, 1);
    pl_sq_col_text(in->scope, sizeof in->scope, st, 2);
    pl_sq_col_text(in->public_key, sizeof in->public_key, st, 3);
    in->user_id = sqlite3_column_int64(st, 4);
    pl_sq_col_text(in->created_at, sizeof in->created_at, st, 5);
    pl_sq_col_text(in->created_by, sizeof in->created_by, st, 6);
    pl_sq_col_text(in->revoked_at, sizeof in->revoked_at, st, 7);
    pl_sq_col_text(in->revoked_by, sizeof in->revoked_by, st, 8);
    in->version = sqlite3_column_int64(st, 9);
}

int pl_sq_sync_instance_add(pl_sq_store *s, const pl_actor *who, pl_sync_instance *in,
                            pl_error *err)
{
    static const char sql[] = "INSERT INTO sync_instance(name, scope, public_key, user_id, "
                              "created_at, created_by) VALUES(?1, ?2, ?3, ?4, " PL_SQ_NOW ", ?5)";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, in->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, in->scope, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, in->public_key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, in->user_id);
    sqlite3_bind_text(st, 5, who && who->user ? who->user : "system", -1, SQLITE_STATIC);
    if ((rc = pl_sq_done(s, st, err, "sync_instance")))
        return rc == PL_ECONFLICT ? pl_error_set(err, PL_ECONFLICT, "public_key",
                                                 "kunci publik ini sudah terdaftar")
                                  : rc;
    return pl_sq_sync_instance_get(s, in, sqlite3_last_insert_rowid(s->db), err);
}

int pl_sq_sync_instance_get(pl_sq_store *s, pl_sync_instance *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " INST_COLS " FROM sync_instance WHERE id = ?1";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    rc = pl_sq_row(s, st, "sync_instance", err);
    if (rc == 0)
        return pl_error_set(err, PL_ENOTFOUND, "instance", "instans luring %lld tidak terdaftar",
                            (long long)id);
    if (rc < 0)
        return rc;
    read_instance(out, st);
    sqlite3_reset(st);
    return 0;
}

int pl_sq_sync_instance_list(pl_sq_store *s, const char *scope, pl_sync_instance_cb cb, void *ctx,
                             pl_error *err)
{
    static const char sql[] =
        "SELECT " INST_COLS
        " FROM sync_instance WHERE " PL_SQ_IN_PREFIX("scope", "?1") " ORDER BY id";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, scope ? scope : "", -1, SQLITE_TRANSIENT);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        pl_sync_instance in;
        read_instance(&in, st);
        if ((rc = cb(ctx, &in))) {
            sqlite3_reset(st);
            return rc;
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : pl_sq_step_error(s, rc, err, "sync_instance");
}

int pl_sq_sync_instance_revoke(pl_sq_store *s, const pl_actor *who, int64_t id, pl_error *err)
{
    static const char sql[] =
        "UPDATE sync_instance SET revoked_at = " PL_SQ_NOW ", revoked_by = ?2, version = version "
        "+ 1 WHERE id = ?1 AND revoked_at IS NULL";
    pl_sync_instance in;
    int rc = pl_sq_sync_instance_get(s, &in, id, err);
    if (rc || in.revoked_at[0])
        return rc;
    sqlite3_stmt *st;
    if ((rc = pl_sq_ready_as(s, who, &st, sql, err)))
        return rc;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, who && who->user ? who->user : "system", -1, SQLITE_STATIC);
    return pl_sq_done(s, st, err, "sync_instance");
}

int pl_sq_sync_server_key(pl_sq_store *s, char pub[PL_SYNC_KEY_HEX], char sec[PL_SYNC_SECRET_HEX],
                          const char *new_pub, const char *new_sec, pl_error *err)
{
    static const char put[] = "INSERT INTO sync_key(id, public_key, secret_key, created_at) "
                              "VALUES(1, ?1, ?2, " PL_SQ_NOW ") ON CONFLICT(id) DO NOTHING";
    static const char get[] = "SELECT public_key, secret_key FROM sync_key WHERE id = 1";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, put, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, new_pub, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, new_sec, -1, SQLITE_STATIC);
    if ((rc = pl_sq_done(s, st, err, "sync_key")) || (rc = pl_sq_ready(s, &st, get, err)))
        return rc;
    if ((rc = pl_sq_row(s, st, "sync_key", err)) != 1)
        return rc < 0 ? rc : pl_error_set(err, PL_EIO, "", "kunci server tidak tersimpan");
    pl_sq_col_text(pub, PL_SYNC_KEY_HEX, st, 0);
    pl_sq_col_text(sec, PL_SYNC_SECRET_HEX, st, 1);
    sqlite3_reset(st);
    return 0;
}

int pl_sq_sync_package_note(pl_sq_store *s, int64_t instance_id, int64_t seq, const char *digest,
                            pl_error *err)
{
    static const char sql[] = "INSERT INTO sync_package(instance_id, seq, digest, at) "
                              "VALUES(?1, ?2, ?3, " PL_SQ_NOW ")";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, instance_id);
    sqlite3_bind_int64(st, 2, seq);
    sqlite3_bind_text(st, 3, digest, -1, SQLITE_STATIC);
    rc = pl_sq_done(s, st, err, "sync_package");
    if (rc == PL_ECONFLICT)
        return pl_error_set(err, PL_ECONFLICT, "package",
                            "paket nomor %lld dari instans ini sudah pernah diterima (diputar "
                            "ulang); tidak ada yang diubah",
                            (long long)seq);
    return rc;
}

int pl_sq_sync_applied_get(pl_sq_store *s, int64_t instance_id, const char *change_id,
                           char *outcome, char **result, pl_error *err)
{
    static const char sql[] =
        "SELECT outcome, result FROM sync_applied WHERE instance_id = ?1 AND change_id = ?2";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, instance_id);
    sqlite3_bind_text(st, 2, change_id, -1, SQLITE_STATIC);
    if ((rc = pl_sq_row(s, st, "sync_applied", err)) != 1)
        return rc < 0 ? rc
                      : pl_error_set(err, PL_ENOTFOUND, "change_id",
                                     "perubahan %s belum diterapkan", change_id);
    pl_sq_col_text(outcome, 16, st, 0);
    const char *r = (const char *)sqlite3_column_text(st, 1);
    *result = strdup(r ? r : "{}");
    sqlite3_reset(st);
    return *result ? 0 : pl_error_set(err, PL_ENOMEM, "", "memori habis");
}

int pl_sq_sync_applied_put(pl_sq_store *s, int64_t instance_id, const char *change_id,
                           const char *outcome, const char *result, pl_error *err)
{
    static const char sql[] = "INSERT INTO sync_applied(instance_id, change_id, at, outcome, "
                              "result) VALUES(?1, ?2, " PL_SQ_NOW ", ?3, ?4) "
                              "ON CONFLICT(instance_id, change_id) DO NOTHING";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, instance_id);
    sqlite3_bind_text(st, 2, change_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, outcome, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, result, -1, SQLITE_STATIC);
    return pl_sq_done(s, st, err, "sync_applied");
}

int pl_sq_sync_audit_client(pl_sq_store *s, const char *client, const char *entity,
                            int64_t *entity_id, pl_error *err)
{
    static const char sql[] = "SELECT entity_id FROM audit WHERE client = ?1 AND "
                              "substr(client, 1, 5) = 'sync:' AND entity = ?2 ORDER BY id LIMIT 1";
    const entity_sql *e = entity_of(entity, false);
    if (e == NULL)
        return bad_entity(err, entity);
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, client, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, e->audit, -1, SQLITE_STATIC);
    if ((rc = pl_sq_row(s, st, "audit", err)) != 1)
        return rc < 0 ? rc
                      : pl_error_set(err, PL_ENOTFOUND, "client",
                                     "tidak ada %s yang dibuat oleh %s", entity, client);
    *entity_id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return 0;
}

/* One writer: audit ids are in commit order, so a position is an id (xid stays 0). */
int pl_sq_sync_audit_head(pl_sq_store *s, pl_sync_pos *out, pl_error *err)
{
    *out = (pl_sync_pos){0, 0};
    int rc = pl_sq_require_schema(s, err);
    return rc ? rc
              : pl_sq_one_int64(s, "SELECT coalesce(max(id), 0) FROM audit", NULL, 0, &out->id,
                                "audit", err);
}

int pl_sq_sync_id_marks(pl_sq_store *s, int64_t marks[3], pl_error *err)
{
    static const char sql[] = "SELECT (SELECT coalesce(max(id), 0) FROM household), "
                              "(SELECT coalesce(max(id), 0) FROM person), "
                              "(SELECT coalesce(max(id), 0) FROM membership)";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    if ((rc = pl_sq_row(s, st, "sync", err)) != 1)
        return rc ? rc : pl_error_set(err, PL_EINTERNAL, "", "jawaban tanda id tidak terduga");
    for (int i = 0; i < 3; i++)
        marks[i] = sqlite3_column_int64(st, i);
    sqlite3_reset(st);
    return 0;
}

/* The existing ids of a bulk import's ranges (its audit row's "ids"), to cb. */
static int import_refs(pl_sq_store *s, sqlite3_stmt *row, pl_sync_ref_cb cb, void *ctx,
                       pl_error *err)
{
    static const char *const sql[] = {
        "SELECT id FROM household WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
        "SELECT id FROM person WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
        "SELECT id FROM membership WHERE id BETWEEN ?1 AND ?2 ORDER BY id"};
    static const char *const names[] = {"household", "person", "membership"};
    int rc = 0;
    for (int k = 0; k < 3 && rc == 0; k++) {
        int64_t lo = sqlite3_column_int64(row, 4 + 2 * k),
                hi = sqlite3_column_int64(row, 5 + 2 * k);
        if (lo < 1 || hi < lo)
            continue;
        sqlite3_stmt *st;
        if ((rc = pl_sq_ready(s, &st, sql[k], err)))
            return rc;
        sqlite3_bind_int64(st, 1, lo);
        sqlite3_bind_int64(st, 2, hi);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            if ((rc = cb(ctx, names[k], sqlite3_column_int64(st, 0))))
                break;
        if (rc == SQLITE_DONE)
            rc = 0;
        else if (rc > 0 && rc != SQLITE_ROW)
            rc = pl_sq_step_error(s, rc, err, names[k]);
        sqlite3_reset(st);
    }
    return rc;
}

int pl_sq_sync_audit_changes(pl_sq_store *s, const pl_sync_pos *since, int limit, pl_sync_ref_cb cb,
                             void *ctx, pl_sync_pos *last, pl_error *err)
{
    static const char sql[] =
        "SELECT id, entity, entity_id, json_type(ids) = 'array', json_extract(ids, '$[0]'), "
        "json_extract(ids, '$[1]'), json_extract(ids, '$[2]'), json_extract(ids, '$[3]'), "
        "json_extract(ids, '$[4]'), json_extract(ids, '$[5]') FROM (SELECT id, entity, entity_id, "
        "CASE WHEN entity = 'file' AND action = 'import' AND json_valid(after) "
        "THEN json_extract(after, '$.ids') END AS ids FROM audit WHERE id > ?1 ORDER BY id "
        "LIMIT ?2) ORDER BY id";
    if (limit < 1 || limit > 20000)
        return pl_error_set(err, PL_EINVAL, "limit", "batas di luar 1..20000");
    /* A PostgreSQL position (a data base copied from there): its ids are not in commit
     * order, so the whole audit is read again rather than a change skipped. */
    *last = (pl_sync_pos){0, since->xid ? 0 : since->id};
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, last->id);
    sqlite3_bind_int(st, 2, limit);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        last->id = sqlite3_column_int64(st, 0);
        if (sqlite3_column_int(st, 3)) {
            if ((rc = import_refs(s, st, cb, ctx, err))) {
                sqlite3_reset(st);
                return rc;
            }
            continue;
        }
        const char *ent = (const char *)sqlite3_column_text(st, 1);
        const entity_sql *e = ent ? entity_of(ent, true) : NULL;
        if (e == NULL || sqlite3_column_type(st, 2) == SQLITE_NULL)
            continue;
        if ((rc = cb(ctx, e->entity, sqlite3_column_int64(st, 2)))) {
            sqlite3_reset(st);
            return rc;
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : pl_sq_step_error(s, rc, err, "audit");
}

int pl_sq_sync_ids(pl_sq_store *s, const char *entity, const char *scope, int64_t after, int limit,
                   pl_sync_ref_cb cb, void *ctx, pl_error *err)
{
    static const char hh[] = "SELECT id FROM household WHERE " PL_SQ_IN_PREFIX(
        "village_code", "?1") " AND id > ?2 ORDER BY id LIMIT ?3";
    static const char pe[] = "SELECT id FROM person WHERE " PL_SQ_IN_PREFIX(
        "village_code", "?1") " AND id > ?2 ORDER BY id LIMIT ?3";
    static const char me[] =
        "SELECT m.id FROM membership m LEFT JOIN person p ON p.id = m.person_id "
        "LEFT JOIN household h ON h.id = m.household_id WHERE m.id > ?2 AND " PL_SQ_IN_PREFIX(
            "coalesce(p.village_code, h.village_code)", "?1") " ORDER BY m.id LIMIT ?3";
    static const char ps[] = "SELECT id FROM psks_unit WHERE " PL_SQ_IN_PREFIX(
        "area_code", "?1") " AND id > ?2 ORDER BY id LIMIT ?3";
    static const char pr[] =
        "SELECT id FROM program WHERE ?1 = ?1 AND id > ?2 ORDER BY id LIMIT ?3";
    const char *sql = strcmp(entity, "household") == 0    ? hh
                      : strcmp(entity, "person") == 0     ? pe
                      : strcmp(entity, "membership") == 0 ? me
                      : strcmp(entity, "psks") == 0       ? ps
                      : strcmp(entity, "program") == 0    ? pr
                                                          : NULL;
    if (sql == NULL)
        return bad_entity(err, entity);
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, scope ? scope : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, after);
    sqlite3_bind_int(st, 3, limit);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = cb(ctx, entity, sqlite3_column_int64(st, 0)))) {
            sqlite3_reset(st);
            return rc;
        }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : pl_sq_step_error(s, rc, err, entity);
}

int pl_sq_sync_row(pl_sq_store *s, char **json, char *region, const char *entity, int64_t id,
                   pl_error *err)
{
    const entity_sql *e = entity_of(entity, false);
    if (e == NULL)
        return bad_entity(err, entity);
    *json = NULL;
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, e->row, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    if ((rc = pl_sq_row(s, st, e->entity, err)) != 1)
        return rc < 0 ? rc
                      : pl_error_set(err, PL_ENOTFOUND, "id", "%s %lld tidak ditemukan", entity,
                                     (long long)id);
    const char *j = (const char *)sqlite3_column_text(st, 0);
    pl_sq_col_text(region, PL_REGION_CODE_MAX, st, 1);
    *json = strdup(j ? j : "{}");
    sqlite3_reset(st);
    return *json ? 0 : pl_error_set(err, PL_ENOMEM, "", "memori habis");
}

int pl_sq_sync_row_put(pl_sq_store *s, const pl_actor *who, const char *entity, int64_t local_id,
                       int64_t preferred, const char *json, int64_t *out_id, pl_error *err)
{
    const entity_sql *e = entity_of(entity, false);
    if (e == NULL)
        return bad_entity(err, entity);
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, local_id ? e->update : e->insert, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, local_id ? local_id : preferred);
    sqlite3_bind_text(st, 2, json, -1, SQLITE_STATIC);
    if ((rc = pl_sq_done(s, st, err, e->entity)))
        return rc;
    *out_id = local_id ? local_id : sqlite3_last_insert_rowid(s->db);
    return 0;
}

/* ------------------------------------------------------------------ field side */

int pl_sq_sync_meta_get(pl_sq_store *s, const char *key, char *out, size_t cap, pl_error *err)
{
    static const char sql[] = "SELECT value FROM sync_meta WHERE key = ?1";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if ((rc = pl_sq_row(s, st, "sync_meta", err)) != 1)
        return rc < 0 ? rc
                      : pl_error_set(err, PL_ENOTFOUND, key,
                                     "basis data ini bukan instans luring (jalankan 'pilar sync "
                                     "init')");
    pl_sq_col_text(out, cap, st, 0);
    sqlite3_reset(st);
    return 0;
}

int pl_sq_sync_meta_set(pl_sq_store *s, const char *key, const char *value, pl_error *err)
{
    static const char sql[] = "INSERT INTO sync_meta(key, value) VALUES(?1, ?2) "
                              "ON CONFLICT(key) DO UPDATE SET value = excluded.value";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    return pl_sq_done(s, st, err, "sync_meta");
}

#define REC_COLS                                                                                   \
    "entity, local_id, server_id, base_version, base, state, server, message, changed_at"

static void read_record(pl_sync_record *r, sqlite3_stmt *st)
{
    pl_sq_col_text(r->entity, sizeof r->entity, st, 0);
    r->local_id = sqlite3_column_int64(st, 1);
    r->server_id = sqlite3_column_int64(st, 2);
    r->base_version = sqlite3_column_int64(st, 3);
    pl_sq_col_text(r->base, sizeof r->base, st, 4);
    pl_sq_col_text(r->state, sizeof r->state, st, 5);
    pl_sq_col_text(r->server, sizeof r->server, st, 6);
    pl_sq_col_text(r->message, sizeof r->message, st, 7);
    pl_sq_col_text(r->changed_at, sizeof r->changed_at, st, 8);
}

static int record_one(pl_sq_store *s, pl_sync_record *out, const char *sql, const char *entity,
                      int64_t id, pl_error *err)
{
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, entity, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    if ((rc = pl_sq_row(s, st, "sync_record", err)) != 1)
        return rc < 0 ? rc
                      : pl_error_set(err, PL_ENOTFOUND, "id", "data %s %lld tidak ditemukan",
                                     entity, (long long)id);
    read_record(out, st);
    sqlite3_reset(st);
    return 0;
}

int pl_sq_sync_record_get(pl_sq_store *s, pl_sync_record *out, const char *entity, int64_t local_id,
                          pl_error *err)
{
    static const char sql[] =
        "SELECT " REC_COLS " FROM sync_record WHERE entity = ?1 AND local_id = ?2";
    return record_one(s, out, sql, entity, local_id, err);
}

int pl_sq_sync_record_by_server(pl_sq_store *s, pl_sync_record *out, const char *entity,
                                int64_t server_id, pl_error *err)
{
    static const char sql[] = "SELECT " REC_COLS " FROM sync_record WHERE entity = ?1 AND "
                              "server_id = ?2 AND server_id IS NOT NULL";
    return record_one(s, out, sql, entity, server_id, err);
}

int pl_sq_sync_record_put(pl_sq_store *s, const pl_sync_record *r, pl_error *err)
{
    static const char sql[] = "INSERT OR REPLACE INTO sync_record(" REC_COLS ") "
                              "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, coalesce(?9, " PL_SQ_NOW "))";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, r->entity, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, r->local_id);
    if (r->server_id)
        sqlite3_bind_int64(st, 3, r->server_id);
    sqlite3_bind_int64(st, 4, r->base_version);
    pl_sq_bind_text_or_null(st, 5, r->base);
    sqlite3_bind_text(st, 6, r->state, -1, SQLITE_STATIC);
    pl_sq_bind_text_or_null(st, 7, r->server);
    sqlite3_bind_text(st, 8, r->message, -1, SQLITE_STATIC);
    pl_sq_bind_text_or_null(st, 9, r->changed_at);
    return pl_sq_done(s, st, err, "sync_record");
}

int pl_sq_sync_record_list(pl_sq_store *s, const char *state, const char *entity, int64_t after,
                           int limit, pl_sync_record_cb cb, void *ctx, pl_error *err)
{
    /* One entity in one state (what a push reads, through the partial index), or a listing. */
    static const char one[] = "SELECT " REC_COLS " FROM sync_record WHERE state = ?1 AND "
                              "entity = ?2 AND local_id > ?3 AND state <> 'synced' "
                              "ORDER BY local_id LIMIT ?4";
    static const char any[] =
        "SELECT " REC_COLS " FROM sync_record WHERE (?1 IS NULL AND state <> 'synced' OR state = "
        "?1) AND (?2 IS NULL OR entity = ?2 AND local_id > ?3) "
        "ORDER BY CASE entity WHEN 'household' THEN 1 WHEN 'person' THEN 2 ELSE 3 END, "
        "local_id LIMIT ?4";
    sqlite3_stmt *st;
    bool fast = state && entity && strcmp(state, "synced") != 0;
    int rc = pl_sq_ready(s, &st, fast ? one : any, err);
    if (rc)
        return rc;
    if (state)
        sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
    if (entity)
        sqlite3_bind_text(st, 2, entity, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, after);
    sqlite3_bind_int(st, 4, limit);
    pl_sync_record *r = malloc(sizeof *r);
    if (r == NULL) {
        sqlite3_reset(st);
        return pl_error_set(err, PL_ENOMEM, "", "memori habis");
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_record(r, st);
        if ((rc = cb(ctx, r)))
            break;
    }
    free(r);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return 0;
    return rc < 0 ? rc : pl_sq_step_error(s, rc, err, "sync_record");
}

int pl_sq_sync_record_counts(pl_sq_store *s, long counts[5], pl_error *err)
{
    static const char *const states[5] = {"synced", "to_push", "pushing", "conflict", "refused"};
    static const char sql[] = "SELECT count(*) FROM sync_record WHERE state = ?1";
    for (int i = 0; i < 5; i++) {
        int64_t n = 0;
        int rc = pl_sq_one_int64(s, sql, states[i], 0, &n, "sync_record", err);
        if (rc)
            return rc;
        counts[i] = (long)n;
    }
    return 0;
}

int pl_sq_sync_outbox_add(pl_sq_store *s, const char *change_id, const char *entity,
                          int64_t local_id, const char *payload, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO sync_outbox(change_id, ord, entity, local_id, payload, created_at) "
        "VALUES(?1, (SELECT coalesce(max(ord), 0) + 1 FROM sync_outbox), ?2, ?3, ?4, " PL_SQ_NOW
        ")";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, change_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, entity, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, local_id);
    sqlite3_bind_text(st, 4, payload, -1, SQLITE_STATIC);
    return pl_sq_done(s, st, err, "sync_outbox");
}

int pl_sq_sync_outbox_list(pl_sq_store *s, int limit, pl_sync_outbox_cb cb, void *ctx,
                           pl_error *err)
{
    static const char sql[] =
        "SELECT change_id, entity, local_id, payload FROM sync_outbox ORDER BY ord LIMIT ?1";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, limit);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = cb(ctx, (const char *)sqlite3_column_text(st, 0),
                     (const char *)sqlite3_column_text(st, 1), sqlite3_column_int64(st, 2),
                     (const char *)sqlite3_column_text(st, 3))))
            break;
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return 0;
    return rc < 0 ? rc : pl_sq_step_error(s, rc, err, "sync_outbox");
}

int pl_sq_sync_outbox_remove(pl_sq_store *s, const char *change_id, pl_error *err)
{
    static const char sql[] = "DELETE FROM sync_outbox WHERE change_id = ?1";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, change_id, -1, SQLITE_STATIC);
    return pl_sq_done(s, st, err, "sync_outbox");
}

int pl_sq_sync_outbox_count(pl_sq_store *s, long *out, pl_error *err)
{
    int64_t n = 0;
    int rc = pl_sq_require_schema(s, err);
    if (rc == 0)
        rc =
            pl_sq_one_int64(s, "SELECT count(*) FROM sync_outbox", NULL, 0, &n, "sync_outbox", err);
    *out = (long)n;
    return rc;
}

int pl_sq_sync_answer_note(pl_sq_store *s, int64_t seq, const char *digest, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO sync_answer(seq, digest, at) VALUES(?1, ?2, " PL_SQ_NOW ")";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, seq);
    sqlite3_bind_text(st, 2, digest, -1, SQLITE_STATIC);
    rc = pl_sq_done(s, st, err, "sync_answer");
    if (rc == PL_ECONFLICT)
        return pl_error_set(err, PL_ECONFLICT, "package",
                            "paket jawaban nomor %lld sudah pernah diimpor (diputar ulang); "
                            "tidak ada yang diubah",
                            (long long)seq);
    return rc;
}
