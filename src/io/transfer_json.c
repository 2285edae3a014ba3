/* transfer_json.c - transfer requests as JSON (owner's and submitter's shapes). */
#include "io/transfer_json.h"
#include "domain/record.h"
#include "store/transfer.h"

#include <string.h>

static json_t *text_or_null(const char *s)
{
    return s[0] ? json_string(s) : json_null();
}

/* The stored record (CSV column names) under the API's keys; takes rec, NULL when not an object. */
static json_t *record_keys(json_t *rec)
{
    json_t *out = json_is_object(rec) ? json_object() : NULL;
    const char *key;
    json_t *v;
    if (out)
        json_object_foreach(rec, key, v)
        {
            int c = 0;
            while (c < PL_COL__MAX && strcmp(pl_col_name((pl_col)c), key) != 0)
                c++;
            json_object_set(out, c < PL_COL__MAX ? pl_col_key((pl_col)c) : key, v);
        }
    json_decref(rec);
    return out;
}

json_t *pl_json_transfer(const pl_transfer *t, bool owner, const char *note)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s}", "id", (json_int_t)t->id, "role",
                          owner ? "owner" : "submitter", "status", t->status, "nik", t->nik, "kk",
                          t->kk, "name", t->name, "village_code", t->target_village, "resolved_at",
                          text_or_null(t->resolved_at), "created_at", t->created_at);
    if (o == NULL)
        return NULL;
    if (note)
        json_object_set_new(o, "note", json_string(note));
    if (!owner)
        return o;
    json_t *rec = record_keys(json_loads(t->record, 0, NULL));
    json_object_set_new(o, "kind", json_string(t->kind));
    json_object_set_new(o, "owner_village", json_string(t->owner_village));
    json_object_set_new(o, "person_id", t->person_id ? json_integer(t->person_id) : json_null());
    json_object_set_new(o, "household_id",
                        t->household_id ? json_integer(t->household_id) : json_null());
    json_object_set_new(o, "submitter", json_string(t->submitter));
    json_object_set_new(o, "source", json_string(t->source));
    json_object_set_new(o, "record", rec ? rec : json_object());
    json_object_set_new(o, "resolved_by", text_or_null(t->resolved_by));
    json_object_set_new(o, "reason", text_or_null(t->reason));
    return o;
}
