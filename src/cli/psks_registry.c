/*
 * psks_registry.c - `pilar psks show|export`, the history of a unit
 * (`pilar psks training|cert|period|pay add|update|list`) and coordination
 * meetings with PSKS (`pilar psks meeting ...`).
 */
#include "cli/cli.h"
#include "domain/category.h"
#include "io/record_json.h"
#include "service/psks.h"
#include "service/psks_meeting.h"
#include "store/psks.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Parses a positive id argument. */
static int parse_id(pl_cli *c, int64_t *out, const char *v, const char *what)
{
    char *e = NULL;
    long long x = v ? strtoll(v, &e, 10) : 0;
    if (v == NULL || *e || x < 1)
        return pl_error_set(&c->err, PL_EINVAL, "id", "sebutkan id %s (bilangan >= 1)", what);
    *out = x;
    return 0;
}

static int print_record(void *ctx, const pl_psks_record *r)
{
    pl_cli_list *l = ctx;
    l->n++;
    if (l->arr)
        return json_array_append_new(l->arr, pl_json_psks_record(r)) ? PL_ENOMEM : 0;
    fprintf(l->c->out, "%-6lld %-11s %s..%s  %s", (long long)r->id, r->kind, r->started_on,
            r->ended_on[0] ? r->ended_on : "", r->title);
    if (strcmp(r->kind, PL_PSKS_REC_PAY) == 0)
        fprintf(l->c->out, "  Rp %lld (%s)", (long long)r->amount, r->source);
    if (r->organiser[0])
        fprintf(l->c->out, "  oleh %s", r->organiser);
    if (r->number[0])
        fprintf(l->c->out, "  no. %s", r->number);
    fputc('\n', l->c->out);
    return 0;
}

int pl_cmd_psks_show(pl_cli *c, int argc, char **argv)
{
    int64_t id = 0;
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        if (argv[i][0] != '-' && id == 0)
            rc = parse_id(c, &id, argv[i], "unit PSKS");
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc || (id == 0 && (rc = parse_id(c, &id, NULL, "unit PSKS"))))
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)))
        return rc;
    pl_psks_unit u;
    if ((rc = pl_psks_get_scoped(&u, s, "", id, &c->err)))
        goto out;
    if (c->json) {
        json_t *o = pl_json_psks(&u, 0);
        pl_cli_list l = pl_cli_list_begin(c);
        rc = pl_psks_record_list(s, "", id, NULL, print_record, &l, &c->err);
        json_object_set(o, "records", l.arr);
        pl_cli_list_end(&l, -1, 0, ""); /* releases the array */
        rc = rc ? (json_decref(o), rc) : pl_cli_print_json(c, o);
        goto out;
    }
    const pl_category *cat = pl_psks_get(u.type);
    fprintf(c->out, "%s (%s, %s), id %lld, versi %lld\n", u.name, cat ? cat->name : "?", u.kind,
            (long long)u.id, (long long)u.version);
    fprintf(c->out, "Wilayah asal: %s\n", u.area_code);
    fprintf(c->out, "Wilayah layanan:");
    for (int i = 0; i < u.n_areas; i++)
        fprintf(c->out, "%s%s", i ? ", " : " ", u.areas[i]);
    fprintf(c->out, "%s\n", u.n_areas ? "" : " -");
    if (u.decree_no[0] || u.reg_no[0] || u.accreditation[0])
        fprintf(c->out, "SK: %s %s; registrasi: %s; akreditasi: %s %s\n", u.decree_no,
                u.decree_date, u.reg_no, u.accreditation, u.accreditation_date);
    fprintf(c->out, "Riwayat:\n");
    pl_cli_list l = pl_cli_list_begin(c);
    rc = pl_psks_record_list(s, "", id, NULL, print_record, &l, &c->err);
    rc = pl_cli_list_end(&l, rc, 0, "  (belum ada)");
out:
    pl_store_close(s);
    return rc;
}

int pl_cmd_psks_export(pl_cli *c, int argc, char **argv)
{
    char region[PL_REGION_CODE_MAX] = "";
    const char *path = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--region", &v) && v) {
            if (pl_cli_region_opt(c, region, v))
                return c->err.code;
        } else if (pl_cli_opt(argc, argv, &i, "--out", &v) && v)
            path = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    size_t n = path ? strlen(path) : 0;
    bool xlsx = n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
    if (!xlsx && !(n > 4 && strcasecmp(path + n - 4, ".csv") == 0))
        return pl_error_set(&c->err, PL_EINVAL, "out", "sebutkan --out BERKAS.xlsx atau .csv");
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    pl_psks_export_options opt = {.region = region, .scope = "", .xlsx = xlsx, .out_path = path};
    long rows = 0;
    if ((rc = pl_psks_export(s, &c->actor, &opt, &rows, &c->err)) == 0) {
        if (c->json)
            rc = pl_cli_print_json(c,
                                   json_pack("{s:s,s:I}", "file", path, "rows", (json_int_t)rows));
        else
            fprintf(c->out, "%ld unit PSKS ditulis ke %s.\n", rows, path);
    }
    pl_store_close(s);
    return rc;
}

/* `pilar psks KIND add|update|list ...` for one kind of history record. */
static int record_cmd(pl_cli *c, const char *kind, const char *noun, int argc, char **argv)
{
    if (argc < 1)
        return pl_error_set(&c->err, PL_EINVAL, "",
                            "sebutkan add, update atau list (pilar psks %s)", noun);
    const char *verb = argv[0];
    bool add = strcmp(verb, "add") == 0, upd = strcmp(verb, "update") == 0,
         list = strcmp(verb, "list") == 0;
    if (!add && !upd && !list)
        return pl_error_set(&c->err, PL_EINVAL, "", "'%s' tidak dikenal: add, update atau list",
                            verb);
    pl_psks_record r = {0};
    const char *amount = NULL, *ver = NULL, *title = NULL, *org = NULL, *num = NULL, *from = NULL,
               *to = NULL, *source = NULL, *note = NULL;
    int64_t id = 0;
    int rc = 0;
    for (int i = 1; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--title", &v) && v)
            title = v;
        else if (pl_cli_opt(argc, argv, &i, "--organiser", &v) && v)
            org = v;
        else if (pl_cli_opt(argc, argv, &i, "--number", &v) && v)
            num = v;
        else if (pl_cli_opt(argc, argv, &i, "--from", &v) && v)
            from = v;
        else if (pl_cli_opt(argc, argv, &i, "--to", &v) && v)
            to = strcmp(v, "-") == 0 ? "" : v;
        else if (pl_cli_opt(argc, argv, &i, "--amount", &v) && v)
            amount = v;
        else if (pl_cli_opt(argc, argv, &i, "--source", &v) && v)
            source = v;
        else if (pl_cli_opt(argc, argv, &i, "--note", &v) && v)
            note = v;
        else if (pl_cli_opt(argc, argv, &i, "--version", &v) && v)
            ver = v;
        else if (argv[i][0] != '-' && id == 0)
            rc = parse_id(c, &id, argv[i], upd ? "catatan" : "unit PSKS");
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc || (id == 0 && (rc = parse_id(c, &id, NULL, upd ? "catatan" : "unit PSKS"))))
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, list ? PL_STORE_READONLY : 0)))
        return rc;
    if (list) {
        pl_cli_list l = pl_cli_list_begin(c);
        rc = pl_psks_record_list(s, "", id, kind, print_record, &l, &c->err);
        if (rc == 0 && strcmp(kind, PL_PSKS_REC_TRAINING) == 0) /* certifications with them */
            rc = pl_psks_record_list(s, "", id, PL_PSKS_REC_CERT, print_record, &l, &c->err);
        rc = pl_cli_list_end(&l, rc, 0, "Belum ada catatan.");
        goto out;
    }
    if (upd) {
        if ((rc = pl_store_psks_record_get(s, &r, id, &c->err)))
            goto out;
        if (strcmp(r.kind, kind) != 0 &&
            !(strcmp(kind, PL_PSKS_REC_TRAINING) == 0 && strcmp(r.kind, PL_PSKS_REC_CERT) == 0)) {
            rc = pl_error_set(&c->err, PL_ENOTFOUND, "id", "catatan %s %lld tidak ditemukan", noun,
                              (long long)id);
            goto out;
        }
        if (ver) {
            char *e = NULL;
            r.version = strtoll(ver, &e, 10);
            if (*e || r.version < 1) {
                rc = pl_error_set(&c->err, PL_EINVAL, "version", "--version harus bilangan >= 1");
                goto out;
            }
        }
    } else {
        r.unit_id = id;
        snprintf(r.kind, sizeof r.kind, "%s", kind);
    }
    if (amount) {
        char *e = NULL;
        r.amount = strtoll(amount, &e, 10);
        if (*e || e == amount) {
            rc = pl_error_set(&c->err, PL_EINVAL, "amount", "--amount harus bilangan rupiah");
            goto out;
        }
    }
    if ((title && (rc = PL_CLI_COPY(c, r.title, title, "title"))) ||
        (org && (rc = PL_CLI_COPY(c, r.organiser, org, "organiser"))) ||
        (num && (rc = PL_CLI_COPY(c, r.number, num, "number"))) ||
        (from && (rc = PL_CLI_COPY(c, r.started_on, from, "started_on"))) ||
        (to && (rc = PL_CLI_COPY(c, r.ended_on, to, "ended_on"))) ||
        (source && (rc = PL_CLI_COPY(c, r.source, source, "source"))) ||
        (note && (rc = PL_CLI_COPY(c, r.note, note, "note"))))
        goto out;
    if ((rc = pl_psks_record_save(&r, s, &c->actor, "", &c->err)) == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, pl_json_psks_record(&r));
        else
            fprintf(c->out, "Catatan %s %lld %s (versi %lld).\n", noun, (long long)r.id,
                    add ? "dicatat" : "diperbarui", (long long)r.version);
    }
out:
    pl_store_close(s);
    return rc;
}

int pl_cmd_psks_training(pl_cli *c, int argc, char **argv)
{
    return record_cmd(c, PL_PSKS_REC_TRAINING, "pelatihan", argc, argv);
}

int pl_cmd_psks_cert(pl_cli *c, int argc, char **argv)
{
    return record_cmd(c, PL_PSKS_REC_CERT, "sertifikasi", argc, argv);
}

int pl_cmd_psks_period(pl_cli *c, int argc, char **argv)
{
    return record_cmd(c, PL_PSKS_REC_PERIOD, "masa aktif", argc, argv);
}

int pl_cmd_psks_pay(pl_cli *c, int argc, char **argv)
{
    return record_cmd(c, PL_PSKS_REC_PAY, "honor", argc, argv);
}

/* ------------------------------------------------------------- meetings */

static int print_meeting(void *ctx, const pl_psks_meeting *m)
{
    pl_cli_list *l = ctx;
    l->n++;
    if (l->arr)
        return json_array_append_new(l->arr, pl_json_psks_meeting(m)) ? PL_ENOMEM : 0;
    fprintf(l->c->out, "%-6lld %s  %-12s %s (%s)\n", (long long)m->id, m->held_on, m->region,
            m->theme, m->place);
    return 0;
}

static int print_party(void *ctx, const pl_psks_party *p)
{
    pl_cli_list *l = ctx;
    l->n++;
    if (l->arr)
        return json_array_append_new(l->arr, pl_json_psks_party(p)) ? PL_ENOMEM : 0;
    if (p->unit_id)
        fprintf(l->c->out, "  peserta: %s (unit PSKS %lld)\n", p->name, (long long)p->unit_id);
    else
        fprintf(l->c->out, "  peserta: %s\n", p->name);
    return 0;
}

static int print_item(void *ctx, const pl_psks_item *i)
{
    pl_cli_list *l = ctx;
    l->n++;
    if (l->arr)
        return json_array_append_new(l->arr, pl_json_psks_item(i)) ? PL_ENOMEM : 0;
    if (strcmp(i->kind, PL_PSKS_ITEM_PROBLEM) == 0) {
        fprintf(l->c->out, "  [%lld] masalah: %s\n", (long long)i->id, i->text);
        return 0;
    }
    fprintf(l->c->out,
            "  [%lld] rekomendasi: %s; oleh %s; tenggat %s; %s%s%s (pertemuan %lld, %s)\n",
            (long long)i->id, i->text, i->owner, i->due_on[0] ? i->due_on : "-", i->status,
            i->note[0] ? ": " : "", i->note, (long long)i->meeting_id, i->region);
    return 0;
}

/* The options of a meeting, an item or a follow-up (each verb uses some). */
typedef struct meeting_opts {
    int64_t id;
    const char *date, *place, *region, *theme, *unit, *name, *text, *owner, *due, *status, *note,
        *version, *today;
    bool overdue;
} meeting_opts;

static int meeting_opts_parse(pl_cli *c, meeting_opts *o, int argc, char **argv, bool want_id)
{
    memset(o, 0, sizeof *o);
    int rc = 0;
    for (int i = 1; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--date", &v) && v)
            o->date = v;
        else if (pl_cli_opt(argc, argv, &i, "--place", &v) && v)
            o->place = v;
        else if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            o->region = v;
        else if (pl_cli_opt(argc, argv, &i, "--theme", &v) && v)
            o->theme = v;
        else if (pl_cli_opt(argc, argv, &i, "--unit", &v) && v)
            o->unit = v;
        else if (pl_cli_opt(argc, argv, &i, "--name", &v) && v)
            o->name = v;
        else if (pl_cli_opt(argc, argv, &i, "--text", &v) && v)
            o->text = v;
        else if (pl_cli_opt(argc, argv, &i, "--owner", &v) && v)
            o->owner = v;
        else if (pl_cli_opt(argc, argv, &i, "--due", &v) && v)
            o->due = strcmp(v, "-") == 0 ? "" : v;
        else if (pl_cli_opt(argc, argv, &i, "--status", &v) && v)
            o->status = v;
        else if (pl_cli_opt(argc, argv, &i, "--note", &v) && v)
            o->note = v;
        else if (pl_cli_opt(argc, argv, &i, "--version", &v) && v)
            o->version = v;
        else if (pl_cli_opt(argc, argv, &i, "--today", &v) && v)
            o->today = v;
        else if (strcmp(argv[i], "--overdue") == 0)
            o->overdue = true;
        else if (want_id && argv[i][0] != '-' && o->id == 0)
            rc = parse_id(c, &o->id, argv[i], "pertemuan atau butir");
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc == 0 && want_id && o->id == 0)
        rc = parse_id(c, &o->id, NULL, "pertemuan atau butir");
    return rc;
}

static int copy_opt(pl_cli *c, char *dst, size_t cap, const char *v, const char *field)
{
    return v ? pl_cli_copy_opt(c, dst, cap, v, field) : 0;
}

int pl_cmd_psks_meeting(pl_cli *c, int argc, char **argv)
{
    static const char *const verbs[] = {"add",     "update",    "list",     "show",     "party",
                                        "problem", "recommend", "followup", "followups"};
    const char *verb = argc > 0 ? argv[0] : "";
    size_t k = 0;
    while (k < sizeof verbs / sizeof verbs[0] && strcmp(verb, verbs[k]) != 0)
        k++;
    if (k == sizeof verbs / sizeof verbs[0])
        return pl_error_set(&c->err, PL_EINVAL, "",
                            "subperintah pertemuan '%s' tidak dikenal (lihat pilar psks meeting "
                            "--help)",
                            verb);
    bool want_id = k != 0 && k != 2 && k != 8;
    meeting_opts o;
    int rc = meeting_opts_parse(c, &o, argc, argv, want_id);
    if (rc)
        return rc;
    bool ro = k == 2 || k == 3 || k == 8;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, ro ? PL_STORE_READONLY : 0)))
        return rc;
    pl_psks_meeting m = {0};
    pl_cli_list l;
    switch (k) {
    case 0: /* add */
    case 1: /* update */
        if (k == 1 && (rc = pl_psks_meeting_get(&m, s, "", o.id, &c->err)))
            break;
        if (o.version)
            m.version = strtoll(o.version, NULL, 10);
        if ((rc = copy_opt(c, m.held_on, sizeof m.held_on, o.date, "held_on")) ||
            (rc = copy_opt(c, m.place, sizeof m.place, o.place, "place")) ||
            (rc = copy_opt(c, m.region, sizeof m.region, o.region, "region")) ||
            (rc = copy_opt(c, m.theme, sizeof m.theme, o.theme, "theme")) ||
            (rc = pl_psks_meeting_save(&m, s, &c->actor, "", &c->err)))
            break;
        if (c->json)
            rc = pl_cli_print_json(c, pl_json_psks_meeting(&m));
        else
            fprintf(c->out, "Pertemuan PSKS %lld %s (%s, %s).\n", (long long)m.id,
                    k == 0 ? "dicatat" : "diperbarui", m.held_on, m.region);
        break;
    case 2: { /* list */
        char region[PL_REGION_CODE_MAX] = "";
        if (o.region && pl_cli_region_opt(c, region, o.region)) {
            rc = c->err.code;
            break;
        }
        l = pl_cli_list_begin(c);
        rc = pl_store_psks_meeting_list(s, region, print_meeting, &l, &c->err);
        rc = pl_cli_list_end(&l, rc, 0, "Belum ada pertemuan PSKS.");
        break;
    }
    case 3: /* show */
        if ((rc = pl_psks_meeting_get(&m, s, "", o.id, &c->err)))
            break;
        if (c->json) {
            json_t *out = pl_json_psks_meeting(&m);
            pl_cli_list lp = pl_cli_list_begin(c), li = pl_cli_list_begin(c);
            rc = pl_store_psks_party_list(s, m.id, print_party, &lp, &c->err);
            if (rc == 0)
                rc = pl_store_psks_item_list(s, m.id, print_item, &li, &c->err);
            json_object_set(out, "participants", lp.arr);
            json_object_set(out, "items", li.arr);
            pl_cli_list_end(&lp, -1, 0, "");
            pl_cli_list_end(&li, -1, 0, "");
            rc = rc ? (json_decref(out), rc) : pl_cli_print_json(c, out);
            break;
        }
        fprintf(c->out, "Pertemuan %lld: %s, %s, %s, versi %lld\n  tema: %s\n", (long long)m.id,
                m.held_on, m.place, m.region, (long long)m.version, m.theme);
        l = pl_cli_list_begin(c);
        rc = pl_store_psks_party_list(s, m.id, print_party, &l, &c->err);
        if (rc == 0)
            rc = pl_store_psks_item_list(s, m.id, print_item, &l, &c->err);
        rc = pl_cli_list_end(&l, rc, 0, "  (belum ada peserta atau butir)");
        break;
    case 4: { /* party */
        pl_psks_party p = {.meeting_id = o.id};
        if (o.unit && (rc = parse_id(c, &p.unit_id, o.unit, "unit PSKS")))
            break;
        if ((rc = copy_opt(c, p.name, sizeof p.name, o.name, "name")) ||
            (rc = pl_psks_party_add(&p, s, &c->actor, "", &c->err)))
            break;
        if (c->json)
            rc = pl_cli_print_json(c, pl_json_psks_party(&p));
        else
            fprintf(c->out, "Peserta dicatat (id %lld).\n", (long long)p.id);
        break;
    }
    case 5:   /* problem */
    case 6: { /* recommend */
        pl_psks_item it = {.meeting_id = o.id};
        snprintf(it.kind, sizeof it.kind, "%s",
                 k == 5 ? PL_PSKS_ITEM_PROBLEM : PL_PSKS_ITEM_RECOMMENDATION);
        if ((rc = copy_opt(c, it.text, sizeof it.text, o.text, "text")) ||
            (rc = copy_opt(c, it.owner, sizeof it.owner, o.owner, "owner")) ||
            (rc = copy_opt(c, it.due_on, sizeof it.due_on, o.due, "due_on")) ||
            (rc = pl_psks_item_add(&it, s, &c->actor, "", &c->err)))
            break;
        if (c->json)
            rc = pl_cli_print_json(c, pl_json_psks_item(&it));
        else
            fprintf(c->out, "%s dicatat (id %lld).\n", k == 5 ? "Masalah" : "Rekomendasi",
                    (long long)it.id);
        break;
    }
    case 7: { /* followup */
        pl_psks_item_change chg = {
            .owner = o.owner, .due_on = o.due, .status = o.status, .note = o.note, .text = o.text};
        pl_psks_item it;
        if (o.version)
            chg.version = strtoll(o.version, NULL, 10);
        else if ((rc = pl_store_psks_item_get(s, &it, o.id, &c->err)) == 0)
            chg.version = it.version;
        if (rc || (rc = pl_psks_item_update(&it, s, &c->actor, "", o.id, &chg, o.today, &c->err)))
            break;
        if (c->json)
            rc = pl_cli_print_json(c, pl_json_psks_item(&it));
        else
            fprintf(c->out, "Butir %lld: %s (versi %lld).\n", (long long)it.id, it.status,
                    (long long)it.version);
        break;
    }
    default: { /* followups */
        char region[PL_REGION_CODE_MAX] = "";
        if (o.region && pl_cli_region_opt(c, region, o.region)) {
            rc = c->err.code;
            break;
        }
        l = pl_cli_list_begin(c);
        rc = pl_psks_followups(s, "", region, o.overdue, o.today, print_item, &l, &c->err);
        rc = pl_cli_list_end(&l, rc, 0,
                             o.overdue ? "Tidak ada tindak lanjut yang lewat tenggat."
                                       : "Tidak ada tindak lanjut yang terbuka.");
        break;
    }
    }
    pl_store_close(s);
    return rc;
}
