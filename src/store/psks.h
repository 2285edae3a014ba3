/*
 * psks.h - PSKS units (people and organisations of social-welfare potential)
 * and the areas they serve, their legal basis, their history (training,
 * certification, active periods, honoraria) and the coordination meetings
 * held with them (participants, problems, recommendations followed up).
 *
 * A unit lies inside a region when its home area (area_code) or any of its
 * served areas (areas) does; every listing by region and every scope check
 * uses that rule. Every write is audited by the store's triggers; records
 * that are edited carry a version (a stale one is PL_ECONFLICT).
 */
#ifndef PL_STORE_PSKS_H
#define PL_STORE_PSKS_H

#include "store/store.h"

/* How many served areas a unit may have. */
#define PL_PSKS_AREAS_MAX 32

typedef struct pl_psks_unit {
    int64_t id;
    int type;      /* PSKS code 1..12 */
    char kind[16]; /* "orang" or "lembaga" */
    char name[128];
    char nik[17];                       /* people only, may be "" */
    char area_code[PL_REGION_CODE_MAX]; /* home area */
    int n_areas;                        /* served areas (may include the home area) */
    char areas[PL_PSKS_AREAS_MAX][PL_REGION_CODE_MAX];
    char address[256];
    char phone[32];
    char email[128];
    bool has_coord;
    double lat, lon;
    char valid_from[11];
    char valid_to[11];
    /* Legal basis (organisations): decree (SK), registration, accreditation (LKS). */
    char decree_no[64];
    char decree_date[11];
    char reg_no[64];
    char accreditation[8]; /* "", "A", "B", "C" or "belum" */
    char accreditation_date[11];
    int64_t version;
    char created_at[24];
} pl_psks_unit;

/*
 * Adds a PSKS unit with its served areas (one transaction). Errors:
 * PL_EINVAL (unknown home or served area).
 */
int pl_store_psks_add(pl_store *s, const pl_actor *who, pl_psks_unit *u, pl_error *err);

typedef int (*pl_psks_cb)(void *ctx, const pl_psks_unit *u);

/*
 * Units of a type (0 = any) whose home area or any served area lies inside
 * region ("" = all), by home area, type and name.
 */
int pl_store_psks_list(pl_store *s, const char *region, int type, pl_psks_cb cb, void *ctx,
                       pl_error *err);

/* Fetches unit id. Errors: PL_ENOTFOUND. */
int pl_store_psks_get(pl_store *s, pl_psks_unit *out, int64_t id, pl_error *err);

/*
 * Replaces the editable fields of unit u->id (type, kind, name, nik,
 * area_code, address, phone, email, coordinates, valid_from, valid_to, the
 * legal basis) and its set of served areas, in one transaction, when
 * its version is still u->version (audited by the store); u->version
 * becomes the new one. Errors: PL_ENOTFOUND, PL_ECONFLICT (stale version),
 * PL_EINVAL (unknown area).
 */
int pl_store_psks_update(pl_store *s, const pl_actor *who, pl_psks_unit *u, pl_error *err);

/* Kinds of pl_psks_record (the stored values). */
#define PL_PSKS_REC_TRAINING "pelatihan"
#define PL_PSKS_REC_CERT "sertifikasi"
#define PL_PSKS_REC_PERIOD "masa_aktif"
#define PL_PSKS_REC_PAY "honor"

/*
 * One dated fact of a unit's history. Training and certification: title,
 * organiser, number (certificate), started_on (.. ended_on or valid until).
 * Active period: started_on .. ended_on ("" = still active), note.
 * Honorarium or incentive: title (what), the period started_on .. ended_on,
 * amount (rupiah) and source ("APBD", "APBN", "CSR" or "lainnya").
 */
typedef struct pl_psks_record {
    int64_t id;
    int64_t unit_id;
    char kind[16]; /* PL_PSKS_REC_* */
    char title[256];
    char organiser[256];
    char number[64];
    char started_on[11];
    char ended_on[11]; /* "" = none */
    int64_t amount;    /* honor only */
    char source[16];   /* honor only */
    char note[512];
    int64_t version;
    char created_at[24];
} pl_psks_record;

/* Adds a record to unit r->unit_id; fills id and version. Errors: PL_EINVAL. */
int pl_store_psks_record_add(pl_store *s, const pl_actor *who, pl_psks_record *r, pl_error *err);

/* Fetches record id. Errors: PL_ENOTFOUND. */
int pl_store_psks_record_get(pl_store *s, pl_psks_record *out, int64_t id, pl_error *err);

/*
 * Replaces the fields of record r->id (not its unit or kind) when its
 * version is still r->version; r->version becomes the new one. Errors:
 * PL_ENOTFOUND, PL_ECONFLICT (stale version), PL_EINVAL.
 */
int pl_store_psks_record_update(pl_store *s, const pl_actor *who, pl_psks_record *r, pl_error *err);

typedef int (*pl_psks_record_cb)(void *ctx, const pl_psks_record *r);

/* Records of unit_id of a kind ("" or NULL = all), by kind, start date and id. */
int pl_store_psks_record_list(pl_store *s, int64_t unit_id, const char *kind, pl_psks_record_cb cb,
                              void *ctx, pl_error *err);

/* A coordination meeting with PSKS. */
typedef struct pl_psks_meeting {
    int64_t id;
    char held_on[11];
    char place[256];
    char region[PL_REGION_CODE_MAX];
    char theme[512];
    int64_t version;
    char created_at[24];
} pl_psks_meeting;

/* Records a meeting; fills id and version. Errors: PL_EINVAL (unknown region). */
int pl_store_psks_meeting_add(pl_store *s, const pl_actor *who, pl_psks_meeting *m, pl_error *err);

/* Fetches meeting id. Errors: PL_ENOTFOUND. */
int pl_store_psks_meeting_get(pl_store *s, pl_psks_meeting *out, int64_t id, pl_error *err);

/*
 * Replaces date, place, region and theme of meeting m->id when its version
 * is still m->version. Errors: PL_ENOTFOUND, PL_ECONFLICT, PL_EINVAL.
 */
int pl_store_psks_meeting_update(pl_store *s, const pl_actor *who, pl_psks_meeting *m,
                                 pl_error *err);

typedef int (*pl_psks_meeting_cb)(void *ctx, const pl_psks_meeting *m);

/* Meetings whose region lies inside region ("" = all), newest first. */
int pl_store_psks_meeting_list(pl_store *s, const char *region, pl_psks_meeting_cb cb, void *ctx,
                               pl_error *err);

/* A participant: a registered unit (unit_id, its name read back) or a free-text name. */
typedef struct pl_psks_party {
    int64_t id;
    int64_t meeting_id;
    int64_t unit_id; /* 0 = not a registered unit */
    char name[128];  /* free text, or the unit's name when read */
} pl_psks_party;

/* Adds a participant; fills id. Errors: PL_EINVAL (unknown meeting or unit). */
int pl_store_psks_party_add(pl_store *s, const pl_actor *who, pl_psks_party *p, pl_error *err);

typedef int (*pl_psks_party_cb)(void *ctx, const pl_psks_party *p);

/* Participants of a meeting, in the order they were added. */
int pl_store_psks_party_list(pl_store *s, int64_t meeting_id, pl_psks_party_cb cb, void *ctx,
                             pl_error *err);

/* Kinds and statuses of pl_psks_item (stored values). */
#define PL_PSKS_ITEM_PROBLEM "masalah"
#define PL_PSKS_ITEM_RECOMMENDATION "rekomendasi"
#define PL_PSKS_ITEM_OPEN "terbuka"
#define PL_PSKS_ITEM_DONE "selesai"

/* A problem raised or a recommendation (a follow-up item) of a meeting. */
typedef struct pl_psks_item {
    int64_t id;
    int64_t meeting_id;
    char kind[16]; /* PL_PSKS_ITEM_PROBLEM or _RECOMMENDATION */
    char text[1024];
    char owner[128];                 /* recommendations: who follows up */
    char due_on[11];                 /* recommendations: "" = no date */
    char status[16];                 /* PL_PSKS_ITEM_OPEN or _DONE */
    char note[512];                  /* follow-up note */
    char done_on[11];                /* set when status is done */
    char region[PL_REGION_CODE_MAX]; /* read only: the meeting's region */
    char held_on[11];                /* read only: the meeting's date */
    int64_t version;
} pl_psks_item;

/* Adds an item to meeting i->meeting_id; fills id and version. Errors: PL_EINVAL. */
int pl_store_psks_item_add(pl_store *s, const pl_actor *who, pl_psks_item *i, pl_error *err);

/* Fetches item id. Errors: PL_ENOTFOUND. */
int pl_store_psks_item_get(pl_store *s, pl_psks_item *out, int64_t id, pl_error *err);

/*
 * Replaces text, owner, due_on, status, note and done_on of item i->id
 * when its version is still i->version. Errors: PL_ENOTFOUND,
 * PL_ECONFLICT, PL_EINVAL.
 */
int pl_store_psks_item_update(pl_store *s, const pl_actor *who, pl_psks_item *i, pl_error *err);

typedef int (*pl_psks_item_cb)(void *ctx, const pl_psks_item *i);

/* Items of a meeting, problems first, then by id. */
int pl_store_psks_item_list(pl_store *s, int64_t meeting_id, pl_psks_item_cb cb, void *ctx,
                            pl_error *err);

/*
 * Open recommendations of meetings inside region ("" = all), by due date
 * (undated last); with before non-empty only those due before that date
 * (YYYY-MM-DD): the overdue list.
 */
int pl_store_psks_followup_list(pl_store *s, const char *region, const char *before,
                                pl_psks_item_cb cb, void *ctx, pl_error *err);

#endif
