/*
 * store.h - the one interface to Pilar's data base. Every SQL statement
 * lives behind it (src/store/sqlite/ today; a PostgreSQL backend later).
 *
 * Conventions: functions return 0 or a negative PL_E* code and fill the
 * caller's pl_error. Records are plain structs with fixed-size fields, so a
 * record filled by the store is owned by the caller and needs no freeing.
 * Every change is audited: writes take a pl_actor naming who and from where.
 * A pl_store handle is used by one thread at a time; open one per thread.
 */
#ifndef PL_STORE_STORE_H
#define PL_STORE_STORE_H

#include "domain/region_code.h"
#include "util/error.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct pl_store pl_store;

enum {
    PL_STORE_READONLY = 1 << 0, /* open without writing (fails if absent) */
    PL_STORE_CREATE = 1 << 1,   /* create the file when it does not exist */
};

/* The schema version this build writes; pl_store_migrate brings older files here. */
#define PL_STORE_SCHEMA_VERSION 11

/*
 * Opens the data base at path. The schema is not touched: call
 * pl_store_migrate (pilar init) to create or upgrade it. A store whose schema
 * is older or newer than this build refuses every other call with PL_EIO and
 * a message naming the versions. *out is owned by the caller
 * (pl_store_close). Files are owner-only (pl_store_tightened_mode). Errors: PL_EIO.
 */
int pl_store_open(pl_store **out, const char *path, unsigned flags, pl_error *err);

/*
 * The data base file and its -wal/-shm are created 0600 whatever the umask, and
 * pl_store_open takes group and other permissions off existing ones. Returns the mode the
 * data base file had when this open tightened it (e.g. 0644, for the operator's log), else 0.
 */
unsigned pl_store_tightened_mode(const pl_store *s);

/* Closes the store (NULL ok); a WAL checkpoint runs on the last close. */
void pl_store_close(pl_store *s);

/*
 * Creates the schema in an empty data base or upgrades an older one in
 * place, one numbered migration per transaction. *from and *to receive the
 * versions before and after (either may be NULL). Errors: PL_EIO, or
 * PL_ECONFLICT when the file is newer than this build.
 */
int pl_store_migrate(pl_store *s, int *from, int *to, pl_error *err);

/* Current schema version of the open file (0 for an empty one). */
int pl_store_schema_version(pl_store *s, int *out, pl_error *err);

/* Explicit transactions for multi-step operations (nesting is refused). */
int pl_store_begin(pl_store *s, pl_error *err);
int pl_store_commit(pl_store *s, pl_error *err);
int pl_store_rollback(pl_store *s);

/* Runs PRAGMA integrity_check; 0 when "ok", PL_EIO with the first problem. */
int pl_store_integrity_check(pl_store *s, pl_error *err);

/* Who is acting, for the audit. Strings are borrowed for the call. */
typedef struct pl_actor {
    const char *user;   /* user name, "system" for set-up, "cli:<login>" for CLI */
    const char *client; /* client address, "cli" for the command line */
} pl_actor;

/* ---------------------------------------------------------------- regions */

typedef struct pl_region {
    char code[PL_REGION_CODE_MAX];   /* dotted */
    char parent[PL_REGION_CODE_MAX]; /* "" for a province */
    int level;                       /* enum pl_region_level */
    char name[128];
} pl_region;

/* Inserts or updates regions in one transaction (bulk load of the tree). */
int pl_store_region_put_many(pl_store *s, const pl_region *regions, size_t n, pl_error *err);

/* Fetches one region by dotted code. Errors: PL_ENOTFOUND. */
int pl_store_region_get(pl_store *s, pl_region *out, const char *code, pl_error *err);

/* Counts of regions per level: counts[1..4] (counts[0] unused). */
int pl_store_region_counts(pl_store *s, long counts[5], pl_error *err);

/* Callback for listings; return non-zero to stop early (that value is returned). */
typedef int (*pl_region_cb)(void *ctx, const pl_region *r);

/* Children of code ("" = provinces), ordered by code. */
int pl_store_region_children(pl_store *s, const char *code, pl_region_cb cb, void *ctx,
                             pl_error *err);

/*
 * Regions whose name contains text (case-insensitive) or whose code starts
 * with it, at most limit, ordered by level then code.
 */
int pl_store_region_search(pl_store *s, const char *text, int limit, pl_region_cb cb, void *ctx,
                           pl_error *err);

/* Every region at a level inside scope ("" = all), ordered by code. */
int pl_store_region_list(pl_store *s, int level, const char *scope, pl_region_cb cb, void *ctx,
                         pl_error *err);

/* ------------------------------------------------------------- households */

#define PL_STATE_DRAFT "draft"
#define PL_STATE_VERIFIED "verified"
#define PL_STATE_REJECTED "rejected"

typedef struct pl_household {
    int64_t id;
    char kk[17];
    char village_code[PL_REGION_CODE_MAX];
    char address[256];
    char rt[8];
    char rw[8];
    bool has_coord;
    double lat, lon;
    char state[12]; /* draft / verified / rejected */
    int64_t version;
    char created_at[24], updated_at[24]; /* "YYYY-MM-DDTHH:MM:SSZ" */
} pl_household;

/*
 * Adds a household; fills hh->id, version and times. Errors: PL_ECONFLICT
 * (KK exists), PL_EINVAL (unknown village).
 */
int pl_store_household_add(pl_store *s, const pl_actor *who, pl_household *hh, pl_error *err);

/* Fetches by id or by KK number. Errors: PL_ENOTFOUND. */
int pl_store_household_get(pl_store *s, pl_household *out, int64_t id, pl_error *err);
int pl_store_household_get_by_kk(pl_store *s, pl_household *out, const char *kk, pl_error *err);

/*
 * Updates address, RT/RW, village and coordinates when hh->version is the
 * stored version; the version then grows by one and the change is audited.
 * Errors: PL_ENOTFOUND, PL_ECONFLICT (stale version).
 */
int pl_store_household_update(pl_store *s, const pl_actor *who, pl_household *hh, pl_error *err);

/* ----------------------------------------------------------------- people */

enum {
    PL_FLAG_NIK_BIRTHDATE = 1 << 0, /* NIK's date disagrees with the stated birth date */
    PL_FLAG_NIK_SEX = 1 << 1,       /* NIK's sex disagrees with the stated sex */
    PL_FLAG_NIK_FORMER = 1 << 2,    /* NIK carries a former region code */
    PL_FLAG_NO_NIK = 1 << 3,        /* recorded without a NIK */
    PL_FLAG_COORD_OUTSIDE = 1 << 4, /* home point far outside the regency's outline */
};

typedef struct pl_person {
    int64_t id;
    char nik[17];         /* "" when unknown */
    int64_t household_id; /* 0 when none */
    char kk[17];          /* read only: the household's KK */
    char name[128];
    char birth_place[64];
    char birth_date[11];   /* YYYY-MM-DD or "" */
    char sex;              /* 'L' / 'P' */
    char relationship[24]; /* slug from relationship.h */
    char mother_name[128];
    char death_date[11]; /* "" when alive */
    char disability[24]; /* slug from category.h or "" */
    bool has_coord;      /* own coordinates, overriding the household's */
    double lat, lon;
    char village_code[PL_REGION_CODE_MAX]; /* the household's village */
    char state[12];
    char state_by[64];
    char state_at[24];
    char state_reason[256];
    unsigned flags; /* PL_FLAG_* */
    int64_t version;
    char created_at[24], updated_at[24];
} pl_person;

/*
 * Adds a person; fills id, version and times. village_code is taken from the
 * household when household_id is set. Errors: PL_ECONFLICT (NIK exists),
 * PL_EINVAL (unknown household or village).
 */
int pl_store_person_add(pl_store *s, const pl_actor *who, pl_person *p, pl_error *err);

/* Fetches by id or NIK. Errors: PL_ENOTFOUND. */
int pl_store_person_get(pl_store *s, pl_person *out, int64_t id, pl_error *err);
int pl_store_person_get_by_nik(pl_store *s, pl_person *out, const char *nik, pl_error *err);

/*
 * Writes every editable field of p when p->version equals the stored
 * version (optimistic locking); the version grows by one, the before and
 * after images go to the audit. Errors: PL_ENOTFOUND, PL_ECONFLICT.
 */
int pl_store_person_update(pl_store *s, const pl_actor *who, pl_person *p, pl_error *err);

/* Sets the verification state of a person with who/when/why. */
int pl_store_person_set_state(pl_store *s, const pl_actor *who, int64_t id, const char *state,
                              const char *reason, pl_error *err);

typedef struct pl_person_query {
    const char *nik;    /* exact NIK, or NULL */
    const char *kk;     /* exact KK, or NULL */
    const char *text;   /* name words (FTS5 prefix match), or NULL */
    const char *scope;  /* region prefix the caller may see ("" = all) */
    const char *region; /* region prefix filter, or NULL */
    const char *state;  /* verification state, or NULL */
    int category;       /* active PMKS category today, 0 = any */
    int64_t after_id;   /* cursor: only ids greater than this */
    int limit;          /* at most this many (1..1000) */
} pl_person_query;

typedef int (*pl_person_cb)(void *ctx, const pl_person *p);

/* Lists people matching q ordered by id. */
int pl_store_person_search(pl_store *s, const pl_person_query *q, pl_person_cb cb, void *ctx,
                           pl_error *err);

/* Members of a household ordered by relationship then birth date. */
int pl_store_household_members(pl_store *s, int64_t household_id, pl_person_cb cb, void *ctx,
                               pl_error *err);

/* ------------------------------------------------------- category members */

typedef struct pl_membership {
    int64_t id;
    int64_t person_id;    /* set for person categories */
    int64_t household_id; /* set for household categories */
    int category;         /* PMKS code */
    char valid_from[11];
    char valid_to[11]; /* "" = open */
    char note[256];
} pl_membership;

/*
 * Adds a membership. An open membership of the same category for the same
 * subject is refused with PL_ECONFLICT.
 */
int pl_store_membership_add(pl_store *s, const pl_actor *who, pl_membership *m, pl_error *err);

/* Closes a membership at valid_to (audited). Errors: PL_ENOTFOUND, PL_EINVAL. */
int pl_store_membership_end(pl_store *s, const pl_actor *who, int64_t id, const char *valid_to,
                            pl_error *err);

typedef int (*pl_membership_cb)(void *ctx, const pl_membership *m);

/* Memberships of a person (person_id) or household (household_id), oldest first. */
int pl_store_membership_list(pl_store *s, int64_t person_id, int64_t household_id,
                             pl_membership_cb cb, void *ctx, pl_error *err);

/* --------------------------------------------------------------- PSKS */

typedef struct pl_psks_unit {
    int64_t id;
    int type;      /* PSKS code 1..12 */
    char kind[16]; /* "orang" or "lembaga" */
    char name[128];
    char nik[17];                       /* people only, may be "" */
    char area_code[PL_REGION_CODE_MAX]; /* region served */
    char address[256];
    char phone[32];
    char email[128];
    bool has_coord;
    double lat, lon;
    char valid_from[11];
    char valid_to[11];
    int64_t version;
    char created_at[24];
} pl_psks_unit;

/* Adds a PSKS unit. Errors: PL_EINVAL (unknown area). */
int pl_store_psks_add(pl_store *s, const pl_actor *who, pl_psks_unit *u, pl_error *err);

typedef int (*pl_psks_cb)(void *ctx, const pl_psks_unit *u);

/* Units whose area lies inside region ("" = all) of a type (0 = any). */
int pl_store_psks_list(pl_store *s, const char *region, int type, pl_psks_cb cb, void *ctx,
                       pl_error *err);

/* ---------------------------------------------------------------- audit */

typedef struct pl_audit_entry {
    int64_t id;
    char at[24];
    char actor[64];
    char client[64];
    char action[32]; /* "insert", "update", "delete", "verify", "import", ... */
    char entity[24]; /* "person", "household", "membership", ... */
    int64_t entity_id;
    char *before; /* JSON text or NULL; borrowed for the callback */
    char *after;  /* JSON text or NULL; borrowed for the callback */
} pl_audit_entry;

typedef int (*pl_audit_cb)(void *ctx, const pl_audit_entry *e);

/*
 * The write audit (changes and events; reads are in the read audit, see
 * below). With entity and entity_id: the history of that record, oldest
 * first, entries with id above cursor (0 = from the start). Else every
 * record (entity NULL) or every record of entity, newest first, entries
 * with id below cursor (0 = from the newest). At most limit entries
 * (<= 0: 100). cb's non-zero return stops the listing and is returned.
 */
int pl_store_audit_list(pl_store *s, const char *entity, int64_t entity_id, int64_t cursor,
                        int limit, pl_audit_cb cb, void *ctx, pl_error *err);

/* Writes one audit row (for actions that are not a row change, e.g. an import). */
int pl_store_audit_add(pl_store *s, const pl_actor *who, const char *action, const char *entity,
                       int64_t entity_id, const char *before_json, const char *after_json,
                       pl_error *err);

/* One read of a personal record, for pl_store_audit_reads. */
typedef struct pl_audit_read {
    char at[24]; /* UTC time of the read, "YYYY-MM-DDTHH:MM:SSZ" */
    char actor[64];
    char client[64];
    char entity[16]; /* "person", "household" */
    int64_t entity_id;
} pl_audit_read;

/*
 * Appends n rows to the read audit (table audit_read, apart from the write
 * audit so that neither crowds the other out; many rows per statement, for
 * the HTTP server's batches). Run inside the caller's transaction.
 * Errors: PL_EIO (e.g. the disk is full).
 */
int pl_store_audit_reads(pl_store *s, const pl_audit_read *rows, size_t n, pl_error *err);

/*
 * The read audit, newest first: entries with id below cursor (0 = from the
 * newest), of entity (NULL = any) and entity_id (0 = any), at most limit
 * (<= 0: 100). Entries have action "read" and no images; their ids are the
 * read audit's own. cb's non-zero return stops the listing and is returned.
 */
int pl_store_audit_read_list(pl_store *s, const char *entity, int64_t entity_id, int64_t cursor,
                             int limit, pl_audit_cb cb, void *ctx, pl_error *err);

/* Counts the read-audit rows of one record into *out. */
int pl_store_audit_read_count(pl_store *s, const char *entity, int64_t entity_id, int64_t *out,
                              pl_error *err);

/*
 * Deletes the read-audit rows older than before (UTC "YYYY-MM-DDTHH:MM:SSZ")
 * and counts them into *removed. The schema refuses to delete rows younger
 * than 30 days (the whole call then fails). Run inside the caller's
 * transaction. Errors: PL_EIO.
 */
int pl_store_audit_read_purge(pl_store *s, const char *before, int64_t *removed, pl_error *err);

/*
 * Caps the data-base file of this connection at max_pages pages (SQLite
 * PRAGMA max_page_count; a value below the current size means "no growth"):
 * once reached, writes fail as on a full disk. For tests only (the server's
 * --test-db-max-pages option).
 */
int pl_store_set_max_pages(pl_store *s, long max_pages, pl_error *err);

/* ----------------------------------------------------------- bulk upserts */

/* What an upsert did. */
typedef enum pl_upsert_outcome {
    PL_UPSERT_INSERTED,
    PL_UPSERT_UPDATED,
    PL_UPSERT_UNCHANGED,
    PL_UPSERT_DEFERRED, /* insert phase only: the row exists; call again in the update phase */
} pl_upsert_outcome;

/*
 * Bulk-load mode for the importer, entered outside a transaction:
 * - the per-row audit of INSERTs is off (the importer writes one audit row
 *   for the whole import; rows carry created_by and created_at; updates and
 *   deletes are always audited);
 * - new people are added to the name index, and new people and households
 *   to the residence history and the spatial index, by pl_store_bulk_flush
 *   in one statement per batch instead of one by one;
 * - foreign keys are not re-checked row by row: the importer has checked
 *   every village code against the region tree and makes households itself.
 * - when expected_rows (the rows the load may add; 0 = unknown) is at least
 *   a sixth of the people stored afterwards, the spatial indexes are left
 *   behind during the load (pl_store_geo_defer) and packed once by
 *   pl_store_bulk_end (pl_store_geo_rebuild): inserting points one by one
 *   into an R*Tree costs ~7 us each, packing all of them ~1 us.
 * Call pl_store_bulk_flush before every commit of a batch and
 * pl_store_bulk_end (outside a transaction) when done.
 */
int pl_store_bulk_begin(pl_store *s, long expected_rows, pl_error *err);
int pl_store_bulk_flush(pl_store *s, pl_error *err);
int pl_store_bulk_end(pl_store *s, pl_error *err);

/*
 * Phases of a bulk batch, inside its transaction. In the insert phase the
 * connection runs without triggers (every INSERT trigger on person and
 * household is a no-op during a bulk load, and pl_store_bulk_begin checks
 * that no other kind exists; when one does, the phase keeps triggers on):
 * pl_store_household_upsert and pl_store_person_upsert only insert new rows
 * there and answer PL_UPSERT_DEFERRED for a row that exists and may need a
 * change; pl_store_membership_ensure must not be called. In the update phase
 * (the default) triggers run and every call behaves as documented below:
 * the importer repeats its deferred rows and adds memberships then. Entering
 * the update phase inside a transaction flushes first (pl_store_bulk_flush),
 * so that updates find the new rows indexed.
 */
typedef enum pl_bulk_phase { PL_BULK_UPDATES, PL_BULK_INSERTS } pl_bulk_phase;
int pl_store_bulk_phase(pl_store *s, pl_bulk_phase phase, pl_error *err);

/*
 * Finds the household with hh->kk or inserts it. When it exists in another
 * village: PL_ECONFLICT, or PL_EDENIED when that village lies outside scope.
 * When update is true, a stored address, RT/RW or coordinates that differ
 * from hh are overwritten (audited). Fills *id and *outcome.
 */
int pl_store_household_upsert(pl_store *s, const pl_actor *who, const pl_household *hh, bool update,
                              const char *scope, int64_t *id, pl_upsert_outcome *outcome,
                              pl_error *err);

/*
 * Inserts the person with p->nik, or updates the stored one when any field
 * of the canonical record differs (name, birth place and date, sex,
 * relationship, mother's name, disability, household, village, flags);
 * identical records are left alone. A changed verified record returns to
 * draft. A stored record outside scope is refused with PL_EDENIED. Fills
 * *id and *outcome. name_norm is p->name normalised (domain/name.h), or NULL
 * to have it computed here.
 */
int pl_store_person_upsert(pl_store *s, const pl_actor *who, const pl_person *p,
                           const char *name_norm, const char *scope, int64_t *id,
                           pl_upsert_outcome *outcome, pl_error *err);

/*
 * Insert phase only (pl_store_bulk_phase): adds the people rows[0..n) whose
 * NIK is new, many per statement with consecutive new ids. ids[i] receives
 * the new id, or 0 when rows[i] was left out: its NIK exists already, or
 * the data base refused the row; call pl_store_person_upsert for it in the
 * update phase (which updates it, leaves it, or says why it is refused).
 * norms[i] is rows[i]->name normalised. Scope is the caller's to check.
 * Errors: PL_EINTERNAL (outside the insert phase), PL_EIO.
 */
int pl_store_people_insert_new(pl_store *s, const pl_actor *who, const pl_person *const *rows,
                               const char *const *norms, size_t n, int64_t *ids, pl_error *err);

/* Opens m unless the same category is already open for the subject (then UNCHANGED). */
int pl_store_membership_ensure(pl_store *s, const pl_actor *who, const pl_membership *m,
                               pl_upsert_outcome *outcome, pl_error *err);

/* ---------------------------------------------------------------- export */

/* One person as the canonical exchange row (domain/record.h column order). */
typedef struct pl_export_row {
    char nik[17], kk[17];
    char name[128], birth_place[64], birth_date[11];
    char sex;
    char relationship[24], mother_name[128], address[256], rt[8], rw[8];
    char village_code[PL_REGION_CODE_MAX];
    char pmks[256]; /* open categories "CODE@YYYY-MM-DD;..." (household ones on one row) */
    char disability[24];
    bool has_coord;
    double lat, lon; /* the household's home */
} pl_export_row;

typedef struct pl_export_query {
    const char *region; /* region prefix ("" = all) */
    const char *scope;  /* caller's scope ("" = all) */
    const char *state;  /* verification state or NULL */
    int category;       /* open PMKS category, 0 = any */
    bool alive_only;    /* leave out people with a death date */
} pl_export_query;

typedef int (*pl_export_cb)(void *ctx, const pl_export_row *r);

/*
 * Streams people as canonical rows, household by household (head first);
 * household categories ride on the household's first row so that an export
 * imported again changes nothing.
 */
int pl_store_export(pl_store *s, const pl_export_query *q, pl_export_cb cb, void *ctx,
                    pl_error *err);

/* ---------------------------------------------------------------- summary */

typedef struct pl_store_summary {
    long regions[5];
    long households;
    long people;
    long people_alive;
    long memberships_open;
    long psks_units;
    long users;
    long audit_rows;
    long by_state[3];     /* draft, verified, rejected */
    long pmks_people[27]; /* open memberships per PMKS code (people + households) */
} pl_store_summary;

/* Totals inside scope ("" = all), for `pilar status` and the dashboard. */
int pl_store_summary_get(pl_store *s, pl_store_summary *out, const char *scope, pl_error *err);

/* The summary's person totals of one village (small-cell suppression works per village). */
typedef struct pl_village_summary {
    char village[PL_REGION_CODE_MAX];
    long households;
    long people;
    long people_alive;
    long by_state[3]; /* draft, verified, rejected */
} pl_village_summary;

typedef int (*pl_village_summary_cb)(void *ctx, const pl_village_summary *v);

/*
 * pl_store_summary_get's household and person totals per village inside
 * scope ("" = all), villages in code order, only villages with a household
 * or a person. A non-zero return of cb stops the walk and is returned.
 */
int pl_store_summary_by_village(pl_store *s, const char *scope, pl_village_summary_cb cb, void *ctx,
                                pl_error *err);

/* The interface continues in one file per area. */
#include "store/auth.h"
#include "store/report.h"
#include "store/geo.h"
#include "store/program.h"

#endif
