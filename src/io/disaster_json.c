/* disaster_json.c - disaster events and disability cards as JSON. */
#include "io/disaster_json.h"

#include <stdio.h>

json_t *pl_json_disaster(const pl_disaster *d)
{
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:s}", "id", (json_int_t)d->id, "type",
                     d->type, "name", d->name, "date", d->event_date, "until", d->end_date,
                     "region", d->region_code, "state", d->state, "affected",
                     (json_int_t)d->affected, "confirmed_at", d->confirmed_at, "created_by",
                     d->created_by);
}

json_t *pl_json_card(const pl_card *c)
{
    char url[64];
    snprintf(url, sizeof url, "/kartu/%s", c->token);
    return json_pack("{s:s,s:s,s:s,s:s,s:s?,s:s?,s:s?,s:s}", "token", c->token, "status",
                     c->revoked_at[0] ? "revoked" : "valid", "issued_at", c->issued_at, "issued_by",
                     c->issued_by, "revoked_at", c->revoked_at[0] ? c->revoked_at : NULL,
                     "revoked_by", c->revoked_at[0] ? c->revoked_by : NULL, "reason",
                     c->revoked_at[0] ? c->reason : NULL, "url", url);
}
