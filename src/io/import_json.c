/* import_json.c - JSON of an import run. */
#include "io/import_json.h"

json_t *pl_json_import_summary(const pl_import_summary *s, const char *file)
{
    json_t *unknown = json_array();
    for (int i = 0; unknown && i < s->n_unknown; i++)
        json_array_append_new(unknown, json_string(s->unknown_columns[i]));
    return json_pack(
        "{s:s,s:s,s:b,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:o,s:f}", "file",
        file, "format", s->format, "committed", s->committed, "read", (json_int_t)s->read,
        "inserted", (json_int_t)s->inserted, "updated", (json_int_t)s->updated, "unchanged",
        (json_int_t)s->unchanged, "rejected", (json_int_t)s->rejected, "flagged",
        (json_int_t)s->flagged, "conflicts", (json_int_t)s->conflicts, "households_inserted",
        (json_int_t)s->households_inserted, "households_updated", (json_int_t)s->households_updated,
        "memberships_added", (json_int_t)s->memberships_added, "pending", (json_int_t)s->pending,
        "candidates", (json_int_t)s->candidates, "without_nik", (json_int_t)s->without_nik,
        "review", (json_int_t)s->review, "unknown_columns", unknown, "seconds", s->seconds);
}
