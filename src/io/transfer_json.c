/* transfer_json.c - transfer requests as JSON (owner's and submitter's shapes). */
#include "io/transfer_json.h"
#include "store/transfer.h"

static json_t *text_or_null(const char *s)
{
    return s[0] ? json_string(s) : json_null();
}

json_t *pl_json_transfer(const pl_transfer *t, bool owner, const char *note)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s}", "id", (json_int_t)t->id, "role",
                          owner ? "owner" : "submitter", "status", t->status, "nik", t->nik,
                          "no_kk", t->kk, "nama", t->name, "kode_desa", t->target_village,
                          "resolved_at", text_or_null(t->resolved_at), "created_at", t->created_at);
    if (o == NULL)
        return NULL;
    if (note)
        json_object_set_new(o, "note", json_string(note));
    if (!owner)
        return o;
    json_t *rec = json_loads(t->record, 0, NULL);
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
