/* import_json.c - JSON of an import run. */
#include "io/import_json.h"

#include <string.h>

json_t *pl_json_import_summary(const pl_import_summary *s, const char *file)
{
    json_t *unknown = json_array();
    for (int i = 0; unknown && i < s->n_unknown; i++)
        json_array_append_new(unknown, json_string(s->unknown_columns[i]));
    json_t *over = json_array();
    for (int i = 0; over && i < s->n_overwrites; i++) {
        const pl_import_overwrite *o = &s->overwrites[i];
        json_array_append_new(over, json_pack("{s:I,s:s,s:s,s:s,s:s,s:b}", "id",
                                              (json_int_t)o->person_id, "name", o->name, "field",
                                              o->field, "before", o->before, "after", o->after,
                                              "hidden", strcmp(o->field, "birth_date") == 0));
    }
    json_t *o = json_pack(
        "{s:s,s:s,s:b,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:o,s:f}", "file",
        file, "format", s->format, "committed", s->committed, "read", (json_int_t)s->read,
        "inserted", (json_int_t)s->inserted, "updated", (json_int_t)s->updated, "unchanged",
        (json_int_t)s->unchanged, "rejected", (json_int_t)s->rejected, "flagged",
        (json_int_t)s->flagged, "conflicts", (json_int_t)s->conflicts, "households_inserted",
        (json_int_t)s->households_inserted, "households_updated", (json_int_t)s->households_updated,
        "memberships_added", (json_int_t)s->memberships_added, "pending", (json_int_t)s->pending,
        "candidates", (json_int_t)s->candidates, "without_nik", (json_int_t)s->without_nik,
        "review", (json_int_t)s->review, "unknown_columns", unknown, "seconds", s->seconds);
    /* Where the data were read: the sheet, the header's row, a signature block left out. */
    if (o) {
        json_object_set_new(o, "sheet", json_string(s->sheet));
        json_object_set_new(o, "header_row", json_integer(s->header_row));
        json_object_set_new(o, "signature_rows",
                            s->signature_from
                                ? json_pack("{s:I,s:I}", "from", (json_int_t)s->signature_from,
                                            "to", (json_int_t)s->signature_to)
                                : json_null());
    }
    /* A dry run says which stored values the import would overwrite. */
    if (o && !s->committed) {
        json_object_set_new(o, "overwrites", over);
        json_object_set_new(o, "overwrites_total", json_integer(s->overwrites_total));
    } else
        json_decref(over);
    return o;
}
