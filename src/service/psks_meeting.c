/* psks_meeting.c - coordination meetings with PSKS and their follow-up. */
#include "service/psks_meeting.h"
#include "domain/date.h"
#include "domain/region_code.h"
#include "service/psks.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

void pl_psks_today(char out[11])
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    pl_date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    pl_date_format(out, &d);
}

/* Normalises a date field in place; required says whether "" is refused. */
static int date_field(char *v, size_t cap, bool required, const char *field, const char *label,
                      pl_error *err)
{
    if (v[0] == '\0')
        return required ? pl_error_set(err, PL_EINVAL, field, "%s wajib diisi", label) : 0;
    pl_date d;
    if (pl_date_parse(&d, v) != 0)
        return pl_error_set(err, PL_EINVAL, field,
                            "%s harus tanggal yang sah (HH/BB/TTTT atau TTTT-BB-HH)", label);
    char iso[11];
    pl_date_format(iso, &d);
    snprintf(v, cap, "%s", iso);
    return 0;
}

static bool blank(const char *s)
{
    return s[strspn(s, " \t\r\n")] == '\0';
}

int pl_psks_meeting_get(pl_psks_meeting *out, pl_store *s, const char *scope, int64_t id,
                        pl_error *err)
{
    int rc = pl_store_psks_meeting_get(s, out, id, err);
    if (rc == 0 && scope && !pl_region_code_in_scope(out->region, scope))
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "pertemuan PSKS %lld tidak ditemukan",
                          (long long)id);
    return rc;
}

int pl_psks_meeting_save(pl_psks_meeting *m, pl_store *s, const pl_actor *who, const char *scope,
                         pl_error *err)
{
    int rc;
    if (m->id) {
        pl_psks_meeting cur;
        if ((rc = pl_psks_meeting_get(&cur, s, scope, m->id, err)))
            return rc;
    }
    if ((rc = date_field(m->held_on, sizeof m->held_on, true, "held_on", "tanggal pertemuan", err)))
        return rc;
    if (blank(m->place))
        return pl_error_set(err, PL_EINVAL, "place", "tempat pertemuan wajib diisi");
    if (blank(m->theme))
        return pl_error_set(err, PL_EINVAL, "theme", "tema pertemuan wajib diisi");
    char code[PL_REGION_CODE_MAX];
    if (pl_region_code_normalize(code, m->region) < 0)
        return pl_error_set(err, PL_EINVAL, "region",
                            "kode wilayah pertemuan wajib diisi (mis. 64 atau 64.74)");
    memcpy(m->region, code, sizeof code);
    if (scope && !pl_region_code_in_scope(m->region, scope))
        return pl_error_set(err, PL_EDENIED, "region", "wilayah %s di luar cakupan Anda",
                            m->region);
    return m->id ? pl_store_psks_meeting_update(s, who, m, err)
                 : pl_store_psks_meeting_add(s, who, m, err);
}

int pl_psks_party_add(pl_psks_party *p, pl_store *s, const pl_actor *who, const char *scope,
                      pl_error *err)
{
    pl_psks_meeting m;
    int rc = pl_psks_meeting_get(&m, s, scope, p->meeting_id, err);
    if (rc)
        return rc;
    if (p->unit_id) {
        pl_psks_unit u;
        if ((rc = pl_psks_get_scoped(&u, s, scope, p->unit_id, err)))
            return rc == PL_ENOTFOUND
                       ? pl_error_set(err, PL_EINVAL, "unit_id", "unit PSKS %lld tidak ditemukan",
                                      (long long)p->unit_id)
                       : rc;
        p->name[0] = '\0';
    } else if (blank(p->name)) {
        return pl_error_set(err, PL_EINVAL, "name", "sebutkan unit PSKS atau nama peserta");
    }
    return pl_store_psks_party_add(s, who, p, err);
}

/* The rules of an item as it will be stored. */
static int check_item(pl_psks_item *i, pl_error *err)
{
    bool rec = strcmp(i->kind, PL_PSKS_ITEM_RECOMMENDATION) == 0;
    if (!rec && strcmp(i->kind, PL_PSKS_ITEM_PROBLEM) != 0)
        return pl_error_set(err, PL_EINVAL, "kind", "jenis butir harus masalah atau rekomendasi");
    if (blank(i->text))
        return pl_error_set(err, PL_EINVAL, "text", "isi %s wajib diisi",
                            rec ? "rekomendasi" : "masalah");
    if (!rec && (i->owner[0] || i->due_on[0]))
        return pl_error_set(err, PL_EINVAL, i->owner[0] ? "owner" : "due_on",
                            "penanggung jawab dan tenggat hanya untuk rekomendasi");
    if (rec && blank(i->owner))
        return pl_error_set(err, PL_EINVAL, "owner", "penanggung jawab tindak lanjut wajib diisi");
    if (strcmp(i->status, PL_PSKS_ITEM_OPEN) != 0 && strcmp(i->status, PL_PSKS_ITEM_DONE) != 0)
        return pl_error_set(err, PL_EINVAL, "status", "status harus terbuka atau selesai");
    if (!rec && strcmp(i->status, PL_PSKS_ITEM_OPEN) != 0)
        return pl_error_set(err, PL_EINVAL, "status", "hanya rekomendasi yang ditindaklanjuti");
    return date_field(i->due_on, sizeof i->due_on, false, "due_on", "tenggat", err);
}

int pl_psks_item_add(pl_psks_item *i, pl_store *s, const pl_actor *who, const char *scope,
                     pl_error *err)
{
    pl_psks_meeting m;
    int rc = pl_psks_meeting_get(&m, s, scope, i->meeting_id, err);
    if (rc)
        return rc;
    snprintf(i->status, sizeof i->status, "%s", PL_PSKS_ITEM_OPEN);
    i->done_on[0] = '\0';
    if ((rc = check_item(i, err)))
        return rc;
    return pl_store_psks_item_add(s, who, i, err);
}

/* Copies an optional member; too long is refused, not cut. */
static int take(char *out, size_t cap, const char *v, const char *field, pl_error *err)
{
    if (v == NULL)
        return 0;
    if (strlen(v) >= cap)
        return pl_error_set(err, PL_EINVAL, field, "%s terlalu panjang (maks. %zu)", field,
                            cap - 1);
    memcpy(out, v, strlen(v) + 1);
    return 0;
}

int pl_psks_item_update(pl_psks_item *out, pl_store *s, const pl_actor *who, const char *scope,
                        int64_t id, const pl_psks_item_change *chg, const char *today,
                        pl_error *err)
{
    pl_psks_item i;
    pl_psks_meeting m;
    int rc = pl_store_psks_item_get(s, &i, id, err);
    if (rc == 0 && (rc = pl_psks_meeting_get(&m, s, scope, i.meeting_id, err)) == PL_ENOTFOUND)
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "butir pertemuan %lld tidak ditemukan",
                          (long long)id);
    if (rc)
        return rc;
    bool was_done = strcmp(i.status, PL_PSKS_ITEM_DONE) == 0;
    i.version = chg->version;
    if ((rc = take(i.text, sizeof i.text, chg->text, "text", err)) ||
        (rc = take(i.owner, sizeof i.owner, chg->owner, "owner", err)) ||
        (rc = take(i.due_on, sizeof i.due_on, chg->due_on, "due_on", err)) ||
        (rc = take(i.status, sizeof i.status, chg->status, "status", err)) ||
        (rc = take(i.note, sizeof i.note, chg->note, "note", err)) || (rc = check_item(&i, err)))
        return rc;
    bool done = strcmp(i.status, PL_PSKS_ITEM_DONE) == 0;
    if (done && blank(i.note))
        return pl_error_set(err, PL_EINVAL, "note",
                            "catatan tindak lanjut wajib diisi saat ditandai selesai");
    if (done && !was_done) {
        char d[11];
        if (today == NULL) {
            pl_psks_today(d);
            today = d;
        }
        snprintf(i.done_on, sizeof i.done_on, "%s", today);
    } else if (!done) {
        i.done_on[0] = '\0';
    }
    if ((rc = pl_store_psks_item_update(s, who, &i, err)))
        return rc;
    *out = i;
    return 0;
}

int pl_psks_followups(pl_store *s, const char *scope, const char *region, bool overdue,
                      const char *today, pl_psks_item_cb cb, void *ctx, pl_error *err)
{
    const char *sc = scope ? scope : "";
    const char *where = region && region[0] ? region : sc;
    if (!pl_region_code_in_scope(where, sc))
        return pl_error_set(err, PL_EDENIED, "region", "wilayah %s di luar cakupan Anda", where);
    char d[11];
    if (overdue && today == NULL) {
        pl_psks_today(d);
        today = d;
    }
    return pl_store_psks_followup_list(s, where, overdue ? today : "", cb, ctx, err);
}
