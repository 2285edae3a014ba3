/*
 * cluster_xact.h - writes that span two shards of a cluster, by two-phase commit through the
 * coordinator (store/xact.h; docs/scale.md, "Moving a person to another shard"): a person
 * moving to a province another shard holds, and finishing such writes that were interrupted.
 */
#ifndef PL_SERVICE_CLUSTER_XACT_H
#define PL_SERVICE_CLUSTER_XACT_H

#include "store/xact.h"

/* Each step as it is reached (tests pause there): "journaled", "prepared-source",
 * "prepared-target", "decided", "committed-source", "committed-target", "done". */
typedef void (*pl_xact_progress_cb)(void *ctx, const char *step, const pl_xact_entry *e);

typedef struct pl_cluster_xact_opts {
    unsigned store_flags; /* for opening the shards (PL_STORE_* of the command line) */
    pl_xact_progress_cb progress;
    void *ctx;
} pl_cluster_xact_opts;

/* A person moving to another shard's province. */
typedef struct pl_cluster_person_move {
    const char *nik;        /* the person's NIK, or "" with person_id */
    int64_t person_id;      /* when nik is "" */
    const char *village;    /* the new village (its province is on another shard) */
    const char *kk;         /* the family card of the family joined there ("" for none) */
    const char *date;       /* the day of the move, YYYY-MM-DD ("" for today, UTC) */
    int64_t expect_version; /* the person's version as the operator saw it (0: any) */
} pl_cluster_person_move;

typedef struct pl_cluster_person_move_result {
    pl_xact_entry entry;
    int source_number, target_number; /* the shards' numbers (pl_shard_<k>) */
    char name[256];
    int memberships;   /* PMKS memberships moved along */
    int departed_rows; /* change-count rows kept on the source */
} pl_cluster_person_move_result;

/*
 * On the coordinator coord: moves the person to req->village on the shard of its province, as
 * who: journal row, the source's half prepared (the person's rows leave, its counts of the
 * days it lived there kept), the target's half prepared (the person arrives with its id, NIK
 * and memberships), the decision committed on the coordinator (with the national NIK registry's
 * province), both halves committed, the row deleted. Either both halves happen or neither:
 * a failure before the decision rolls the prepared halves back; a failure or a kill after it
 * leaves them for pl_cluster_resolve, which commits them. Refused (nothing changed): an
 * unfinished write of the same person in the journal (PL_ECONFLICT), both provinces on one
 * shard (PL_EINVAL: an ordinary move there), and what the halves refuse (store/xact.h).
 * Errors after the decision: PL_EUNAVAIL ("jalankan pilar cluster resolve").
 */
int pl_cluster_move_person(pl_store *coord, const pl_actor *who, const pl_cluster_person_move *req,
                           const pl_cluster_xact_opts *o, pl_cluster_person_move_result *out,
                           pl_error *err);

typedef struct pl_cluster_merge_result {
    pl_xact_entry entry;
    int64_t survivor_id, merged_id;
    int memberships; /* PMKS memberships that went to the survivor */
    char nik[17];    /* the NIK that went to the survivor ("" for none) */
} pl_cluster_merge_result;

/*
 * On the coordinator coord: merges the pair pair_id of public.cluster_dedup (two people on
 * two shards) as who, survivor (its NIK or id) staying, by two-phase commit as
 * pl_cluster_move_person: the merged person's half (memberships leave, NIK taken when the
 * survivor has none, the person rejected and recorded as merged) and the survivor's half (the
 * memberships arrive, empty fields filled) prepared, the decision (the pair merged, the NIK's
 * registry row moved) committed on the coordinator, both committed. Refused: a pair not open
 * (PL_ECONFLICT), a survivor that is neither of the pair (PL_EINVAL), and what the halves
 * refuse (store/xact.h). Errors after the decision: PL_EUNAVAIL.
 */
int pl_cluster_merge(pl_store *coord, const pl_actor *who, int64_t pair_id, const char *survivor,
                     const pl_cluster_xact_opts *o, pl_cluster_merge_result *out, pl_error *err);

/* On the coordinator: the cross-shard writes of its journal, oldest first (none: 0). */
int pl_cluster_pending(pl_store *coord, pl_xact_entry_cb cb, void *ctx, pl_error *err);

/* What one journal row became at pl_cluster_resolve. */
typedef struct pl_cluster_resolved {
    pl_xact_entry entry; /* gid "" for a prepared half without a journal row (an orphan) */
    const char *outcome; /* "committed", "rolled-back", "running" (its process still runs),
                            "failed" (a shard could not be reached: try again) */
    char detail[512];    /* the failure's message for "failed" */
} pl_cluster_resolved;

typedef int (*pl_cluster_resolved_cb)(void *ctx, const pl_cluster_resolved *r);

/*
 * On the coordinator coord: finishes every cross-shard write of its journal whose process is
 * gone, by its decision (commit: the halves still prepared are committed; none: rolled back),
 * and rolls back the prepared halves on the shards that no journal row names. cb reports each.
 * *failed receives the rows left for a later run (a shard down). Errors: PL_EINVAL (not a
 * coordinator), PL_EIO.
 */
int pl_cluster_resolve(pl_store *coord, const pl_cluster_xact_opts *o, pl_cluster_resolved_cb cb,
                       void *ctx, int *failed, pl_error *err);

#endif
