/* transfer.c - transfer requests: submit on a hidden collision, view, resolve. */
#include "service/transfer.h"
#include "domain/region_code.h"
#include "domain/relationship.h"
#include "service/registry.h"
#include "store/household.h"
#include "store/person.h"
#include "store/region.h"
#include "store/store.h"
#include "store/transfer.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest column text kept from a submission (longer ones are cut). */
#define FIELD_MAX 512

static bool in_scope(const char *code, const char *scope)
{
    return scope == NULL || scope[0] == '\0' || pl_region_code_in_scope(code, scope);
}

static void copy(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

/* The claim's columns as a JSON object into t->record (stored under the CSV column names). */
static int record_json(pl_transfer *t, const pl_transfer_claim *c, pl_error *err)
{
    json_t *o = json_object();
    for (int col = 0; o && c->fields && col < PL_COL__MAX; col++) {
        const char *v = c->fields[col];
        if (v == NULL)
            continue;
        char cut[FIELD_MAX + 1];
        copy(cut, sizeof cut, v);
        if (json_object_set_new(o, pl_col_name((pl_col)col), json_string(cut)) != 0) {
            /* not UTF-8: keep the row without that column rather than lose it */
            continue;
        }
    }
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (text == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    int rc = 0;
    if (strlen(text) >= sizeof t->record)
        rc = pl_error_set(err, PL_EINVAL, "", "data yang diajukan terlalu panjang");
    else
        copy(t->record, sizeof t->record, text);
    free(text);
    return rc;
}

/*
 * After a lookup by kind ("nik" or "kk") that returned rc: a record found outside scope
 * makes t a request of that kind to its owner (owner village; *id_field = *id; village and
 * id are read only then). 0 also when nothing was found; rc with err set to unreadable (a message
 * naming the kind) when the lookup failed otherwise.
 */
static int claim_owner(pl_transfer *t, int64_t *id_field, int rc, const char *kind,
                       const char *village, const int64_t *id, const char *scope,
                       const char *unreadable, pl_error *err)
{
    if (rc == 0 && !in_scope(village, scope)) {
        copy(t->kind, sizeof t->kind, kind);
        copy(t->owner_village, sizeof t->owner_village, village);
        *id_field = *id;
        return 0;
    }
    return rc && rc != PL_ENOTFOUND ? pl_error_set(err, rc, kind, "%s", unreadable) : 0;
}

int pl_transfer_submit_if_hidden(pl_store *s, const pl_actor *who, const pl_transfer_origin *o,
                                 const pl_transfer_claim *claim, int64_t *id, pl_error *err)
{
    *id = 0;
    if (o->scope == NULL || o->scope[0] == '\0')
        return 0;
    pl_transfer t;
    memset(&t, 0, sizeof t);
    int rc;
    if (claim->nik && claim->nik[0]) {
        pl_person p;
        rc = pl_store_person_get_by_nik(s, &p, claim->nik, NULL);
        if ((rc = claim_owner(&t, &t.person_id, rc, "nik", p.village_code, &p.id, o->scope,
                              "data orang tidak dapat dibaca", err)))
            return rc;
    }
    if (t.kind[0] == '\0') {
        pl_household h;
        rc = pl_store_household_get_by_kk(s, &h, claim->kk, NULL);
        if ((rc = claim_owner(&t, &t.household_id, rc, "kk", h.village_code, &h.id, o->scope,
                              "data keluarga tidak dapat dibaca", err)))
            return rc;
    }
    if (t.kind[0] == '\0')
        return 0;
    copy(t.nik, sizeof t.nik, claim->nik);
    copy(t.kk, sizeof t.kk, claim->kk);
    copy(t.name, sizeof t.name, claim->name);
    copy(t.target_village, sizeof t.target_village, claim->village);
    copy(t.submitter, sizeof t.submitter, o->user);
    copy(t.submitter_scope, sizeof t.submitter_scope, o->scope);
    copy(t.source, sizeof t.source, o->source);
    if ((rc = record_json(&t, claim, err)))
        return rc;
    if (!o->in_tx && (rc = pl_store_begin(s, err)))
        return rc;
    rc = pl_store_transfer_add(s, who, &t, err);
    if (!o->in_tx) {
        if (rc == 0)
            rc = pl_store_commit(s, err);
        if (rc)
            pl_store_rollback(s);
    }
    if (rc == 0)
        *id = t.id;
    return rc;
}

pl_transfer_view pl_transfer_view_of(const pl_transfer *t, const char *user, const char *scope)
{
    if (scope && in_scope(t->owner_village, scope))
        return PL_TRANSFER_VIEW_OWNER;
    if (user && strcmp(t->submitter, user) == 0)
        return PL_TRANSFER_VIEW_SUBMITTER;
    return PL_TRANSFER_VIEW_NONE;
}

int pl_transfer_get(pl_store *s, pl_transfer *out, pl_transfer_view *view, int64_t id,
                    const char *user, const char *scope, pl_error *err)
{
    int rc = pl_store_transfer_get(s, out, id, err);
    if (rc == 0 && (*view = pl_transfer_view_of(out, user, scope)) == PL_TRANSFER_VIEW_NONE)
        rc = PL_ENOTFOUND;
    if (rc == PL_ENOTFOUND)
        return pl_error_set(err, PL_ENOTFOUND, "id", "permintaan pindah id %lld tidak ditemukan",
                            (long long)id);
    return rc;
}

const char *pl_transfer_status_note(const char *status)
{
    if (strcmp(status, PL_TRANSFER_MOVED) == 0)
        return "data sudah dipindahkan ke wilayah Anda";
    if (strcmp(status, PL_TRANSFER_DIFFERENT) == 0)
        return "NIK/No. KK tercatat untuk orang lain; konflik NIK diteruskan ke Dukcapil";
    return "data menunggu pemeriksaan oleh kantor pemilik data";
}

static bool region_exists(void *ctx, const char *dotted)
{
    pl_region g;
    return pl_store_region_get(ctx, &g, dotted, NULL) == 0;
}

/* The stored columns back into fields[] (pointers into *o, which the caller frees). */
static int parse_record(json_t **o, const char *fields[PL_COL__MAX], const pl_transfer *t,
                        pl_error *err)
{
    *o = json_loads(t->record, 0, NULL);
    if (!json_is_object(*o))
        return pl_error_set(err, PL_EINTERNAL, "", "data permintaan %lld rusak", (long long)t->id);
    for (int c = 0; c < PL_COL__MAX; c++)
        fields[c] = json_string_value(json_object_get(*o, pl_col_name((pl_col)c)));
    return 0;
}

/*
 * The household with the submitted KK in the submitted village: moved there
 * when it lies outside the submitter's scope (it must lie in the resolver's),
 * created when absent.
 */
static int hand_over_household(pl_store *s, const pl_actor *who, const pl_transfer *t,
                               const char *scope, const char *const fields[PL_COL__MAX],
                               pl_household *hh, pl_error *err)
{
    int rc = pl_store_household_get_by_kk(s, hh, t->kk, err);
    if (rc == PL_ENOTFOUND) {
        memset(hh, 0, sizeof *hh);
        copy(hh->kk, sizeof hh->kk, t->kk);
        copy(hh->village_code, sizeof hh->village_code, t->target_village);
        copy(hh->address, sizeof hh->address, fields[PL_COL_ALAMAT]);
        copy(hh->rt, sizeof hh->rt, fields[PL_COL_RT]);
        copy(hh->rw, sizeof hh->rw, fields[PL_COL_RW]);
        return pl_store_household_add(s, who, hh, err);
    }
    if (rc || in_scope(hh->village_code, t->submitter_scope))
        return rc;
    if (!in_scope(hh->village_code, scope))
        return pl_error_set(err, PL_EDENIED, "kk",
                            "keluarga No. KK %s di luar wilayah Anda; minta kantor pemiliknya "
                            "menyelesaikan",
                            t->kk);
    copy(hh->village_code, sizeof hh->village_code, t->target_village);
    if (fields[PL_COL_ALAMAT] && fields[PL_COL_ALAMAT][0]) {
        copy(hh->address, sizeof hh->address, fields[PL_COL_ALAMAT]);
        copy(hh->rt, sizeof hh->rt, fields[PL_COL_RT]);
        copy(hh->rw, sizeof hh->rw, fields[PL_COL_RW]);
        hh->has_coord = false; /* the old home point is not the new one */
    }
    return pl_store_household_update(s, who, hh, err);
}

/* The hand-over of a "pindah" decision, inside the caller's transaction. */
static int hand_over(pl_store *s, const pl_actor *who, const pl_transfer *t, const char *scope,
                     const pl_date *today, pl_error *err)
{
    json_t *o = NULL;
    const char *fields[PL_COL__MAX];
    int rc = parse_record(&o, fields, t, err);
    pl_household hh;
    if (rc == 0)
        rc = hand_over_household(s, who, t, scope, fields, &hh, err);
    if (rc || t->nik[0] == '\0')
        goto out;
    pl_region_known known = {region_exists, s};
    pl_record rec;
    pl_record_problems probs;
    if (pl_record_validate(&rec, &probs, fields, &known, today) != 0) {
        char msg[512];
        pl_record_problems_join(msg, sizeof msg, &probs, false);
        rc = pl_error_set(err, PL_EINVAL, pl_col_key(probs.items[0].col), "%s", msg);
        goto out;
    }
    pl_person p;
    rc = pl_store_person_get_by_nik(s, &p, rec.nik, err);
    if (rc == 0) {
        if (!in_scope(p.village_code, scope) && !in_scope(p.village_code, t->submitter_scope)) {
            rc = pl_error_set(err, PL_EDENIED, "nik",
                              "orang dengan NIK ini di luar wilayah Anda; minta kantor pemiliknya "
                              "menyelesaikan");
            goto out;
        }
        if (p.household_id != hh.id) {
            p.household_id = hh.id;
            copy(p.relationship, sizeof p.relationship,
                 pl_relationship_slug((pl_relationship)rec.relationship));
            rc = pl_store_person_update(s, who, &p, err);
        }
    } else if (rc == PL_ENOTFOUND) {
        memset(&p, 0, sizeof p);
        pl_registry_record_to_person(&p, &rec);
        p.household_id = hh.id;
        rc = pl_store_person_add(s, who, &p, err);
    }
    if (rc == 0)
        rc = pl_registry_add_categories(s, who, &p, rec.pmks, rec.n_pmks, today, err);
out:
    json_decref(o);
    return rc;
}

int pl_transfer_resolve(pl_store *s, const pl_actor *who, const char *user, const char *scope,
                        int64_t id, bool moved, const char *reason, const pl_date *today,
                        pl_transfer *out, pl_error *err)
{
    pl_transfer_view view;
    int rc = pl_transfer_get(s, out, &view, id, user, scope, err);
    if (rc)
        return rc;
    if (view != PL_TRANSFER_VIEW_OWNER)
        return pl_error_set(err, PL_EDENIED, "id",
                            "permintaan ini diselesaikan oleh kantor pemilik data");
    if (reason == NULL || reason[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "reason", "alasan wajib diisi");
    if (strcmp(out->status, PL_TRANSFER_WAITING) != 0)
        return pl_error_set(err, PL_ECONFLICT, "id", "permintaan %lld sudah diselesaikan (%s)",
                            (long long)id, out->status);
    if ((rc = pl_store_begin(s, err)))
        return rc;
    if (moved)
        rc = hand_over(s, who, out, scope, today, err);
    if (rc == 0)
        rc = pl_store_transfer_resolve(
            s, who, id, moved ? PL_TRANSFER_MOVED : PL_TRANSFER_DIFFERENT, reason, err);
    if (rc == 0)
        rc = pl_store_commit(s, err);
    if (rc) {
        pl_store_rollback(s);
        return rc;
    }
    return pl_store_transfer_get(s, out, id, err);
}
