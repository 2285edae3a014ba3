/* sync_json.c - the JSON shape of an offline instance (io/sync_json.h). */
#include "io/sync_json.h"

json_t *pl_json_sync_instance(const pl_sync_instance *in)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(in->id));
    json_object_set_new(o, "name", json_string(in->name));
    json_object_set_new(o, "scope", json_string(in->scope));
    json_object_set_new(o, "public_key", json_string(in->public_key));
    json_object_set_new(o, "user_id", json_integer(in->user_id));
    json_object_set_new(o, "created_at", json_string(in->created_at));
    json_object_set_new(o, "created_by", json_string(in->created_by));
    json_object_set_new(o, "revoked_at",
                        in->revoked_at[0] ? json_string(in->revoked_at) : json_null());
    json_object_set_new(o, "revoked_by",
                        in->revoked_by[0] ? json_string(in->revoked_by) : json_null());
    json_object_set_new(o, "version", json_integer(in->version));
    return o;
}
