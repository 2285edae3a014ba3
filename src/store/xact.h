/*
 * xact.h - writes that span two shards of a cluster, made atomic by two-phase commit
 * (issue 15 item 2; docs/scale.md, "Moving a person to another shard").
 *
 * A person moving to a province another shard holds leaves one data base and arrives in
 * another. Each shard does its half in a transaction of its own and ends it with PREPARE
 * TRANSACTION gid (held by the server, across a restart too, until COMMIT PREPARED or
 * ROLLBACK PREPARED); the coordinator's journal (public.cluster_xact) holds one row per
 * such write, recorded before the first half is prepared, and its decision, written in the
 * coordinator's own transaction that also moves the person's national key
 * (public.cluster_key, when it exists): that commit is the instant the move happens. Then
 * both halves are committed and the row deleted. Whoever finds a row later (`pilar cluster
 * resolve`, the next move) finishes it by its decision: "commit" commits the halves still
 * prepared, none rolls them back. A session advisory lock on the coordinator, held by the
 * process running a write from its journal row to its end, tells a resolver that it still
 * runs (a killed process lets it go).
 *
 * SQLite has no shards: every function refuses there with PL_EINVAL.
 */
#ifndef PL_STORE_XACT_H
#define PL_STORE_XACT_H

#include "store/cluster.h"
#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

/* A journal row of the coordinator: one cross-shard write under way. */
typedef struct pl_xact_entry {
    char gid[64];            /* pilar_x_<32 hex>: the prepared transactions' name */
    char kind[16];           /* "person": a person moved; "merge": a duplicate merged */
    int64_t person_id;       /* the person moved, or the one merged away */
    char nik[17];            /* the NIK that changes province ("" for none) */
    char source_prov[3];     /* the province it leaves (a merge: the merged person's) */
    char target_prov[3];     /* the province it arrives in (a merge: the survivor's) */
    char target_village[16]; /* its new village ("" for a merge) */
    int64_t survivor_id;     /* a merge: the person that stays (0 for a move) */
    int64_t pair_id;         /* a merge: its pair of public.cluster_dedup (0 for none) */
    char decision[16];       /* "" (none yet: roll back) or "commit" */
    char started_at[32];
} pl_xact_entry;

typedef int (*pl_xact_entry_cb)(void *ctx, const pl_xact_entry *e);

/*
 * On the coordinator: records e (decision none) in the journal public.cluster_xact (created if
 * need be), committed at once, and takes the session advisory lock of e->gid, held until the
 * store closes. Errors: PL_EINVAL (not a coordinator), PL_EIO.
 */
int pl_store_xact_begin(pl_store *s, const pl_xact_entry *e, pl_error *err);

/*
 * On the coordinator, in one transaction as who: the decision "commit" of e->gid and what the
 * coordinator itself holds of the write: when the national key registry public.cluster_key
 * exists, e->nik's reservation moved to province e->target_prov (a merge: and to
 * e->survivor_id); a merge's pair e->pair_id marked merged. From its commit on, the write has
 * happened. Errors: PL_ENOTFOUND (no such row: a resolver rolled it back), PL_EUNAVAIL, PL_EIO.
 */
int pl_store_xact_decide(pl_store *s, const pl_actor *who, const pl_xact_entry *e, pl_error *err);

/* On the coordinator: deletes gid's journal row (done). Errors: PL_EIO. */
int pl_store_xact_forget(pl_store *s, const char *gid, pl_error *err);

/* On the coordinator: every journal row, oldest first (none: cb never called). */
int pl_store_xact_list(pl_store *s, pl_xact_entry_cb cb, void *ctx, pl_error *err);

/*
 * On the coordinator: takes gid's session advisory lock if no other session holds it
 * (*claimed true: the process that began gid is gone, or is this one); *claimed false when a
 * running process holds it. Errors: PL_EIO.
 */
int pl_store_xact_claim(pl_store *s, const char *gid, bool *claimed, pl_error *err);

/*
 * On the coordinator: the URI (with the current user's mapping's password) of the shard that
 * holds province prov into sh (its number and provinces too). PL_ENOTFOUND when no shard
 * holds it. Errors: PL_EINVAL (not a coordinator), PL_EIO.
 */
int pl_store_xact_shard(pl_store *s, const char *prov, pl_cluster_shard *sh, pl_error *err);

/* What a person's departure takes with it (pl_store_xact_depart). */
typedef struct pl_xact_person {
    int64_t id;
    char nik[17];
    char name[256];
    char prov[3];
    char village[16];
    int64_t version;
    int memberships;   /* PMKS memberships taken along */
    int departed_rows; /* change-count rows kept for the days lived here */
    char *record;      /* JSON {"person": {...}, "memberships": [...]}; the caller frees it */
} pl_xact_person;

/*
 * On the shard that holds the person with NIK nik (or, nik "", id person_id), one transaction
 * as who, ended by PREPARE TRANSACTION gid: refused when the person is dead, when
 * expect_version > 0 differs from its version (PL_ECONFLICT), when date (YYYY-MM-DD, the day
 * of the move) is not after the start of its current residence, inside an approved period of
 * its regency, or when rows that cannot move refer to the person (program enrolments, bank
 * accounts, merges, duplicate pairs ...: PL_ECONFLICT naming the table). Then: the person's
 * terms of the change counts up to date are kept (count_departed), its memberships, residence
 * rows and row deleted (audited), and *out filled. The counts of this shard's provinces stay
 * those of the days the person lived here. Needs a superuser (the memberships leave with
 * triggers off, their audit and counts written explicitly). Errors: PL_ENOTFOUND, PL_EINVAL,
 * PL_EIO.
 */
int pl_store_xact_depart(pl_store *s, const pl_actor *who, const char *nik, int64_t person_id,
                         int64_t expect_version, const char *date, const char *gid,
                         pl_xact_person *out, pl_error *err);

/*
 * On the shard that holds village's province, one transaction as who, ended by PREPARE
 * TRANSACTION gid: the person of record (pl_xact_person.record) inserted with its id, in
 * village, in the family with card number kk (on this shard; "" for none), its own point
 * cleared, its version one up; its residence from date; its memberships with their ids (their
 * audit and counts from date written explicitly, triggers off: a period approved since their
 * start does not refuse them, as a move on one server does not). Refused when the NIK or the
 * id is held here already (PL_ECONFLICT), kk is unknown (PL_ENOTFOUND), date is inside an
 * approved period of village's regency. Errors: PL_EINVAL, PL_EIO.
 */
int pl_store_xact_arrive(pl_store *s, const pl_actor *who, const char *record, const char *village,
                         const char *kk, const char *date, const char *gid, pl_error *err);

/* What a merged person's half takes to the survivor's shard (pl_store_xact_merge_out). */
typedef struct pl_xact_merged {
    char nik[17];     /* the NIK that goes to the survivor ("" when it stays or there is none) */
    int memberships;  /* PMKS memberships taken to the survivor */
    int64_t merge_id; /* its merge_log row on this shard */
    char *record;     /* JSON {"merged": {...}, "memberships": [...]}; the caller frees it */
} pl_xact_merged;

/*
 * On the shard that holds person merged, one transaction as who, ended by PREPARE TRANSACTION
 * gid: the merged half of a merge into survivor survivor_id of province survivor_prov, held by
 * another shard. survivor_has_nik: whether the survivor has a NIK (else the merged person's
 * goes to it); survivor_open: the categories the survivor has open, comma-separated (the merged
 * person's open memberships of those are closed today first, as on one server). Then, as
 * pl_store_dedup_merge does on one server: a merge_log row with the before image, the merged
 * person's memberships leave (to the survivor; their audit written, their counts go), its NIK
 * taken when the survivor has none, the person rejected ("digabung ke #<survivor> ...") and
 * recorded in person_merged. Refused when either is dead, the merged person is merged already,
 * or rows that cannot follow refer to it (enrolments, bank accounts ...: PL_ECONFLICT). Needs a
 * superuser. Errors: PL_ENOTFOUND, PL_EINVAL, PL_EIO.
 */
int pl_store_xact_merge_out(pl_store *s, const pl_actor *who, int64_t merged, int64_t survivor_id,
                            const char *survivor_prov, bool survivor_has_nik,
                            const char *survivor_open, const char *gid, pl_xact_merged *out,
                            pl_error *err);

/*
 * On the survivor's shard, one transaction as who, ended by PREPARE TRANSACTION gid: the
 * merged person's memberships (record of pl_store_xact_merge_out) become the survivor's, with
 * their ids (audit and counts written explicitly, as a move's arrival), the survivor's empty
 * fields filled from the merged person's (its NIK too when it had none), its version one up,
 * and a merge_log row. Errors: PL_ENOTFOUND (no survivor), PL_EINVAL (dead), PL_EIO.
 */
int pl_store_xact_merge_in(pl_store *s, const pl_actor *who, int64_t survivor, const char *record,
                           const char *gid, pl_error *err);

/* The survivor's state as a merge needs it (pl_store_xact_survivor). */
typedef struct pl_xact_survivor {
    char prov[3];
    bool has_nik;
    bool dead;
    char open_categories[128]; /* "5,9": categories of its open memberships */
} pl_xact_survivor;

/* On the survivor's shard: what pl_store_xact_merge_out needs to know of it. */
int pl_store_xact_survivor(pl_store *s, int64_t id, pl_xact_survivor *out, pl_error *err);

/* ------------------------------------------------ pairs of people on two shards */

/* A pair of probable duplicates held by two shards (the coordinator's public.cluster_dedup). */
typedef struct pl_xact_pair {
    int64_t id;
    int64_t person_a, person_b; /* person_a < person_b */
    char prov_a[3], prov_b[3];
    double score;
    bool exact;
    char reasons[512];
    char status[16]; /* open, not_same, merged */
    char created_at[32], decided_by[80], decided_at[32];
} pl_xact_pair;

typedef int (*pl_xact_pair_cb)(void *ctx, const pl_xact_pair *p);

/*
 * On the coordinator: records p (ids, provinces, score, reasons) as an open pair of
 * public.cluster_dedup (created if need be), or refreshes an open one; a pair marked not_same
 * or merged is left as it is (*wrote false). Errors: PL_EINVAL (not a coordinator), PL_EIO.
 */
int pl_store_xact_pair_put(pl_store *s, const pl_xact_pair *p, bool *wrote, pl_error *err);

/* On the coordinator: the pairs of status ("" for all), best score first. */
int pl_store_xact_pairs(pl_store *s, const char *status, pl_xact_pair_cb cb, void *ctx,
                        pl_error *err);

/* On the coordinator: pair id. Errors: PL_ENOTFOUND. */
int pl_store_xact_pair_get(pl_store *s, int64_t id, pl_xact_pair *out, pl_error *err);

/*
 * On the coordinator: marks open pair id "not_same" by who (never proposed again). Errors:
 * PL_ENOTFOUND, PL_ECONFLICT (not open).
 */
int pl_store_xact_pair_distinct(pl_store *s, const pl_actor *who, int64_t id, pl_error *err);

/*
 * On a shard: COMMIT PREPARED gid (commit) or ROLLBACK PREPARED gid, when this data base holds
 * it prepared (*found; false: nothing to do, already finished). Errors: PL_EUNAVAIL, PL_EIO.
 */
int pl_store_xact_finish(pl_store *s, const char *gid, bool commit, bool *found, pl_error *err);

typedef int (*pl_xact_prepared_cb)(void *ctx, const char *gid, const char *prepared_at);

/* On a shard: its prepared transactions of Pilar (gid pilar_x_...), oldest first. */
int pl_store_xact_prepared(pl_store *s, pl_xact_prepared_cb cb, void *ctx, pl_error *err);

#endif
