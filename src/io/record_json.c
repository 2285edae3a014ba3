/* record_json.c - store records as JSON objects. */
#include "domain/category.h"
#include "domain/nonik.h"
#include "io/record_json.h"
#include "store/audit.h"
#include "store/household.h"
#include "store/membership.h"
#include "store/person.h"
#include "store/psks.h"

#include <stdio.h>
#include <string.h>

static json_t *str_or_null(const char *s)
{
    return s && s[0] ? json_string(s) : json_null();
}

/* An identifying field as the view shows it; null when empty. */
static json_t *ident(const pl_ident_view *view, pl_ident_field f, const char *value)
{
    char t[PL_IDENT_TEXT_MAX];
    return str_or_null(pl_ident_text(t, view, f, value));
}

static void set_coord(json_t *o, bool has, double lat, double lon)
{
    json_object_set_new(o, "latitude", has ? json_real(lat) : json_null());
    json_object_set_new(o, "longitude", has ? json_real(lon) : json_null());
}

json_t *pl_json_person(const pl_person *p, const pl_ident_view *view)
{
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    char sex[2] = {p->sex, 0}, pid[PL_PILAR_ID_MAX];
    json_object_set_new(o, "id", json_integer(p->id));
    json_object_set_new(o, "pilar_id", json_string(pl_pilar_id(pid, p->id)));
    json_object_set_new(o, "nik", ident(view, PL_IDENT_NIK, p->nik));
    json_object_set_new(o, "no_nik_reason", str_or_null(p->no_nik_reason));
    json_object_set_new(
        o, "no_nik_reason_label",
        p->no_nik_reason[0]
            ? json_string(pl_nonik_label((pl_nonik_reason)pl_nonik_parse(p->no_nik_reason)))
            : json_null());
    json_object_set_new(o, "household_id",
                        p->household_id ? json_integer(p->household_id) : json_null());
    json_object_set_new(o, "kk", ident(view, PL_IDENT_KK, p->kk));
    json_object_set_new(o, "name", json_string(p->name));
    json_object_set_new(o, "birth_place", json_string(p->birth_place));
    json_object_set_new(o, "birth_date", ident(view, PL_IDENT_BIRTH_DATE, p->birth_date));
    json_object_set_new(o, "sex", str_or_null(sex));
    json_object_set_new(o, "relationship", json_string(p->relationship));
    json_object_set_new(o, "mother_name", json_string(p->mother_name));
    json_object_set_new(o, "death_date", str_or_null(p->death_date));
    json_object_set_new(o, "disability", str_or_null(p->disability));
    set_coord(o, p->has_coord, p->lat, p->lon);
    json_object_set_new(o, "village_code", json_string(p->village_code));
    json_object_set_new(o, "status", json_string(p->state));
    json_object_set_new(o, "status_by", str_or_null(p->state_by));
    json_object_set_new(o, "status_at", str_or_null(p->state_at));
    json_object_set_new(o, "status_reason", str_or_null(p->state_reason));
    json_t *flags = json_array();
    if (p->flags & PL_FLAG_NIK_BIRTHDATE)
        json_array_append_new(flags, json_string("nik_tanggal_lahir"));
    if (p->flags & PL_FLAG_NIK_SEX)
        json_array_append_new(flags, json_string("nik_jenis_kelamin"));
    if (p->flags & PL_FLAG_NIK_FORMER)
        json_array_append_new(flags, json_string("nik_kode_lama"));
    if (p->flags & PL_FLAG_COORD_OUTSIDE)
        json_array_append_new(flags, json_string("koordinat_di_luar_wilayah"));
    if (p->flags & PL_FLAG_NO_NIK)
        json_array_append_new(flags, json_string("tanpa_nik"));
    json_object_set_new(o, "flags", flags);
    json_object_set_new(o, "version", json_integer(p->version));
    json_object_set_new(o, "created_at", json_string(p->created_at));
    json_object_set_new(o, "updated_at", json_string(p->updated_at));
    return o;
}

json_t *pl_json_household(const pl_household *h, const pl_ident_view *view)
{
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    json_object_set_new(o, "id", json_integer(h->id));
    json_object_set_new(o, "kk", ident(view, PL_IDENT_KK, h->kk));
    json_object_set_new(o, "village_code", json_string(h->village_code));
    json_object_set_new(o, "address", json_string(h->address));
    json_object_set_new(o, "rt", json_string(h->rt));
    json_object_set_new(o, "rw", json_string(h->rw));
    set_coord(o, h->has_coord, h->lat, h->lon);
    json_object_set_new(o, "status", json_string(h->state));
    json_object_set_new(o, "version", json_integer(h->version));
    json_object_set_new(o, "created_at", json_string(h->created_at));
    json_object_set_new(o, "updated_at", json_string(h->updated_at));
    return o;
}

json_t *pl_json_membership(const pl_membership *m)
{
    const pl_category *c = pl_pmks_get(m->category);
    return json_pack("{s:I,s:o,s:o,s:i,s:s,s:s,s:s,s:o,s:s,s:o}", "id", (json_int_t)m->id,
                     "person_id", m->person_id ? json_integer(m->person_id) : json_null(),
                     "household_id", m->household_id ? json_integer(m->household_id) : json_null(),
                     "category", m->category, "name", c ? c->name : "", "label", c ? c->label : "",
                     "valid_from", m->valid_from, "valid_to", str_or_null(m->valid_to), "note",
                     m->note, "ended_by_visit",
                     m->ended_by_visit ? json_integer(m->ended_by_visit) : json_null());
}

json_t *pl_json_psks(const pl_psks_unit *u, const pl_ident_view *view)
{
    const pl_category *c = pl_psks_get(u->type);
    json_t *o = json_pack("{s:I,s:i,s:s,s:s,s:s,s:o,s:s,s:s,s:s,s:s,s:o,s:o,s:I}", "id",
                          (json_int_t)u->id, "type", u->type, "type_name", c ? c->name : "", "kind",
                          u->kind, "name", u->name, "nik", ident(view, PL_IDENT_NIK, u->nik),
                          "region", u->area_code, "address", u->address, "phone", u->phone, "email",
                          u->email, "valid_from", str_or_null(u->valid_from), "valid_to",
                          str_or_null(u->valid_to), "version", (json_int_t)u->version);
    if (o == NULL)
        return NULL;
    set_coord(o, u->has_coord, u->lat, u->lon);
    json_t *areas = json_array();
    for (int i = 0; i < u->n_areas; i++)
        json_array_append_new(areas, json_string(u->areas[i]));
    json_object_set_new(o, "areas", areas);
    json_object_set_new(o, "decree_no", json_string(u->decree_no));
    json_object_set_new(o, "decree_date", str_or_null(u->decree_date));
    json_object_set_new(o, "reg_no", json_string(u->reg_no));
    json_object_set_new(o, "accreditation", json_string(u->accreditation));
    json_object_set_new(o, "accreditation_date", str_or_null(u->accreditation_date));
    return o;
}

static json_t *parse_or_null(const char *text)
{
    if (text == NULL)
        return json_null();
    json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
    return v ? v : json_string(text);
}

void pl_json_ident_image(json_t *img, const pl_ident_view *view)
{
    static const struct {
        const char *key;
        pl_ident_field f;
    } keys[] = {{"nik", PL_IDENT_NIK},
                {"kk", PL_IDENT_KK},
                {"no_kk", PL_IDENT_KK},
                {"birth_date", PL_IDENT_BIRTH_DATE},
                {"tanggal_lahir", PL_IDENT_BIRTH_DATE}};
    if (!pl_ident_hides(view) || !json_is_object(img))
        return;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        json_t *v = json_object_get(img, keys[i].key);
        if (v == NULL || json_is_null(v))
            continue;
        /* A non-string value (a number typed into the field) is hidden as its text would be. */
        char num[32];
        const char *s = json_is_string(v) ? json_string_value(v) : NULL;
        if (s == NULL) {
            if (json_is_integer(v))
                snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
            else
                num[0] = '\0';
            s = num;
        }
        json_object_set_new(img, keys[i].key, ident(view, keys[i].f, s));
    }
}

json_t *pl_json_audit(const pl_audit_entry *e, const pl_ident_view *view)
{
    json_t *o =
        json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o}", "id", (json_int_t)e->id, "at", e->at,
                  "actor", e->actor, "client", e->client, "action", e->action, "entity", e->entity,
                  "entity_id", e->entity_id ? json_integer(e->entity_id) : json_null(), "before",
                  parse_or_null(e->before), "after", parse_or_null(e->after));
    for (int i = 0; o && i < 2; i++) {
        const char *k = i ? "after" : "before";
        json_t *img = json_object_get(o, k);
        /* Only objects are known images; anything else could hold digits nobody checked. */
        if (pl_ident_hides(view) && !json_is_object(img) && !json_is_null(img))
            json_object_set_new(o, k, json_null());
        else
            pl_json_ident_image(img, view);
    }
    return o;
}

static const char *level_name(int level)
{
    static const char *const names[] = {"", "provinsi", "kabupaten/kota", "kecamatan",
                                        "desa/kelurahan"};
    return level >= 1 && level <= 4 ? names[level] : "";
}

json_t *pl_json_region(const pl_region *g)
{
    return json_pack("{s:s,s:o,s:i,s:s,s:s}", "code", g->code, "parent", str_or_null(g->parent),
                     "level", g->level, "level_name", level_name(g->level), "name", g->name);
}

json_t *pl_json_user(const pl_user *u)
{
    return json_pack("{s:I,s:s,s:s,s:s,s:b,s:I,s:s}", "id", (json_int_t)u->id, "username",
                     u->username, "role", u->role, "scope", u->scope, "disabled", u->disabled,
                     "version", (json_int_t)u->version, "created_at", u->created_at);
}

json_t *pl_json_category(const pl_category *c)
{
    return json_pack("{s:i,s:s,s:s,s:s,s:s,s:s}", "code", c->code, "slug", c->slug, "name", c->name,
                     "label", c->label, "short_name", c->short_name, "applies_to",
                     pl_applies_to_label(c->applies_to));
}

json_t *pl_json_card_status(const pl_card_status *st)
{
    const char *status = !st->found ? "unknown" : st->valid ? "valid" : "revoked";
    if (!st->found)
        return json_pack("{s:s}", "status", status);
    return json_pack("{s:s,s:s,s:s}", "status", status, "name", st->name, "disability",
                     st->disability);
}

json_t *pl_json_psks_record(const pl_psks_record *r)
{
    json_t *o =
        json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:I}", "id", (json_int_t)r->id, "unit_id",
                  (json_int_t)r->unit_id, "kind", r->kind, "title", r->title, "organiser",
                  r->organiser, "number", r->number, "started_on", r->started_on, "ended_on",
                  str_or_null(r->ended_on), "note", r->note, "version", (json_int_t)r->version);
    if (o && strcmp(r->kind, PL_PSKS_REC_PAY) == 0) {
        json_object_set_new(o, "amount", json_integer((json_int_t)r->amount));
        json_object_set_new(o, "source", json_string(r->source));
    }
    return o;
}

json_t *pl_json_psks_meeting(const pl_psks_meeting *m)
{
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:I}", "id", (json_int_t)m->id, "held_on", m->held_on,
                     "place", m->place, "region", m->region, "theme", m->theme, "version",
                     (json_int_t)m->version);
}

json_t *pl_json_psks_party(const pl_psks_party *p)
{
    return json_pack("{s:I,s:o,s:s}", "id", (json_int_t)p->id, "unit_id",
                     p->unit_id ? json_integer((json_int_t)p->unit_id) : json_null(), "name",
                     p->name);
}

json_t *pl_json_psks_item(const pl_psks_item *i)
{
    return json_pack("{s:I,s:I,s:s,s:s,s:s,s:o,s:s,s:s,s:o,s:s,s:s,s:I}", "id", (json_int_t)i->id,
                     "meeting_id", (json_int_t)i->meeting_id, "kind", i->kind, "text", i->text,
                     "owner", i->owner, "due_on", str_or_null(i->due_on), "status", i->status,
                     "note", i->note, "done_on", str_or_null(i->done_on), "region", i->region,
                     "held_on", i->held_on, "version", (json_int_t)i->version);
}

json_t *pl_json_letterhead(const pl_letterhead *lh, const char *region_name)
{
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    json_object_set_new(o, "region", json_string(lh->region));
    json_object_set_new(o, "region_name", json_string(region_name ? region_name : ""));
    json_object_set_new(o, "agency", json_string(lh->agency));
    json_object_set_new(o, "office_name", json_string(lh->office_name));
    json_object_set_new(o, "address", json_string(lh->address));
    json_object_set_new(o, "place", json_string(lh->place));
    json_object_set_new(o, "signer_title", json_string(lh->signer_title));
    json_object_set_new(o, "signer_name", json_string(lh->signer_name));
    json_object_set_new(o, "signer_nip", json_string(lh->signer_nip));
    json_object_set_new(o, "has_logo", json_boolean(lh->logo_bytes > 0));
    json_object_set_new(o, "logo_bytes", json_integer(lh->logo_bytes));
    json_object_set_new(o, "updated_at", json_string(lh->updated_at));
    json_object_set_new(o, "updated_by", json_string(lh->updated_by));
    json_object_set_new(o, "version", json_integer(lh->version));
    return o;
}
