/*
 * dtsen.c - `pilar meeting|proposal|objection|cycle ...`: the monthly update
 * cycle of the national social data (service/dtsen.h).
 */
#include "cli/cli.h"
#include "domain/dtsen.h"
#include "io/dtsen_json.h"
#include "service/dtsen.h"
#include "store/dtsen.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>

static pl_date today(void)
{
    pl_date d;
    pl_cli_today(&d.year, &d.month, &d.day);
    return d;
}

static int id_value(pl_cli *c, const char *v, const char *field, int64_t *out)
{
    char *e = NULL;
    long long x = v ? strtoll(v, &e, 10) : 0;
    if (v == NULL || *e || x < 1)
        return pl_error_set(&c->err, PL_EINVAL, field, "%s harus bilangan >= 1", field);
    *out = x;
    return 0;
}

static int int_value(pl_cli *c, const char *v, const char *field, int *out)
{
    char *e = NULL;
    long x = v ? strtol(v, &e, 10) : -1;
    if (v == NULL || *e || x < 0 || x > 100000)
        return pl_error_set(&c->err, PL_EINVAL, field, "%s harus bilangan", field);
    *out = (int)x;
    return 0;
}

/* The first positional argument as an id. */
static int first_id(pl_cli *c, int argc, char **argv, int64_t *id, const char *what)
{
    if (argc < 1 || argv[0][0] == '-')
        return pl_error_set(&c->err, PL_EINVAL, "id", "sebutkan id %s", what);
    return id_value(c, argv[0], "id", id);
}

/* Options that name a proposed value, and their column. */
static const struct {
    const char *opt;
    pl_col col;
} field_opts[] = {
    {"--nik", PL_COL_NIK},
    {"--kk", PL_COL_NO_KK},
    {"--name", PL_COL_NAMA},
    {"--birth-place", PL_COL_TEMPAT_LAHIR},
    {"--birth-date", PL_COL_TANGGAL_LAHIR},
    {"--sex", PL_COL_JENIS_KELAMIN},
    {"--relationship", PL_COL_HUBUNGAN},
    {"--mother", PL_COL_NAMA_IBU},
    {"--address", PL_COL_ALAMAT},
    {"--rt", PL_COL_RT},
    {"--rw", PL_COL_RW},
    {"--disability", PL_COL_DISABILITAS},
    {"--lat", PL_COL_LATITUDE},
    {"--lon", PL_COL_LONGITUDE},
    {"--no-nik-reason", PL_COL_ALASAN_TANPA_NIK},
};

static bool field_opt(pl_dtsen_proposal_in *in, int argc, char **argv, int *i)
{
    for (size_t k = 0; k < sizeof field_opts / sizeof field_opts[0]; k++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, i, field_opts[k].opt, &v) && v) {
            in->fields[field_opts[k].col] = v;
            return true;
        }
    }
    return false;
}

/* ---------------------------------------------------------------- printing */

static void print_proposal(pl_cli *c, const pl_dtsen_proposal *p)
{
    int k = pl_dtsen_kind_find(p->kind);
    fprintf(c->out, "%-6lld %-8s %-24s %-16s %-14s%s%s%s%s\n", (long long)p->id, p->period,
            k >= 0 ? pl_dtsen_kind_label(k) : p->kind, p->village, pl_dtsen_state_label(p->status),
            p->missing[0] ? " kurang: " : "", p->missing, p->reject_reason[0] ? " alasan: " : "",
            p->reject_reason);
}

static int list_proposal(void *ctx, const pl_dtsen_proposal *p)
{
    pl_cli_list *l = ctx;
    l->n++;
    if (l->arr)
        return json_array_append_new(l->arr, pl_dtsen_proposal_json(p, NULL)) ? PL_ENOMEM : 0;
    print_proposal(l->c, p);
    return 0;
}

static void print_cycle(pl_cli *c, const pl_dtsen_cycle *x)
{
    fprintf(c->out,
            "%-6lld %-8s %-10s %-10s batas tgl %-2d masuk %ld, cek lapangan %ld, diperiksa %ld, "
            "ditolak %ld, disahkan %ld%s%s\n",
            (long long)x->id, x->period, x->regency, pl_dtsen_state_label(x->status), x->cutoff_day,
            x->n_in, x->n_field, x->n_checked, x->n_rejected, x->n_ratified,
            x->sk_number[0] ? ", SK " : "", x->sk_number);
}

static int list_cycle(void *ctx, const pl_dtsen_cycle *x)
{
    pl_cli_list *l = ctx;
    l->n++;
    if (l->arr)
        return json_array_append_new(l->arr, pl_dtsen_cycle_json(x)) ? PL_ENOMEM : 0;
    print_cycle(l->c, x);
    return 0;
}

static void print_objection(pl_cli *c, const pl_dtsen_objection *o, bool overdue)
{
    fprintf(c->out, "%-6lld %-16s %-12s %-10s batas %s%s %s%s%s\n", (long long)o->id, o->village,
            o->kind, pl_dtsen_state_label(o->status), o->due_on, overdue ? " LEWAT BATAS" : "",
            o->filer_name, o->decision[0] ? ", putusan " : "", o->decision);
}

typedef struct obj_list {
    pl_cli_list l;
    pl_date today;
} obj_list;

static bool overdue_of(const pl_dtsen_objection *o, const pl_date *t)
{
    return strcmp(o->status, PL_DTSEN_O_ANSWERED) != 0 && pl_dtsen_overdue(o->due_on, t);
}

static int list_objection(void *ctx, const pl_dtsen_objection *o)
{
    obj_list *x = ctx;
    x->l.n++;
    bool late = overdue_of(o, &x->today);
    if (x->l.arr)
        return json_array_append_new(x->l.arr, pl_dtsen_objection_json(o, late)) ? PL_ENOMEM : 0;
    print_objection(x->l.c, o, late);
    return 0;
}

static void print_check(pl_cli *c, const pl_dtsen_check *k)
{
    fprintf(c->out, "%-6lld %s %-6lld unit %-6lld %-24s %-10s %s%s%s\n", (long long)k->id,
            k->proposal_id ? "usulan   " : "sanggahan",
            (long long)(k->proposal_id ? k->proposal_id : k->objection_id), (long long)k->psks_id,
            k->psks_name, k->status, k->recommendation, k->findings[0] ? ": " : "", k->findings);
}

static int list_check(void *ctx, const pl_dtsen_check *k)
{
    pl_cli_list *l = ctx;
    l->n++;
    if (l->arr)
        return json_array_append_new(l->arr, pl_dtsen_check_json(k)) ? PL_ENOMEM : 0;
    print_check(l->c, k);
    return 0;
}

/* ---------------------------------------------------------------- settings */

static int list_setting(void *ctx, const pl_dtsen_setting *st)
{
    pl_cli_list *l = ctx;
    l->n++;
    if (l->arr)
        return json_array_append_new(l->arr, pl_dtsen_setting_json(st)) ? PL_ENOMEM : 0;
    fprintf(l->c->out, "%-12s %-8s batas tgl %-3d sanggahan %d hari\n",
            st->region[0] ? st->region : "(nasional)", st->month[0] ? st->month : "tiap bulan",
            st->cutoff_day, st->objection_days);
    return 0;
}

int pl_cmd_cycle_settings(pl_cli *c, int argc, char **argv)
{
    const char *region = "", *month = "";
    int cut = 0, days = 0, rc = 0;
    bool set = false;
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            region = v;
        else if (pl_cli_opt(argc, argv, &i, "--month", &v) && v)
            month = v;
        else if (pl_cli_opt(argc, argv, &i, "--cutoff-day", &v))
            rc = int_value(c, v, "cutoff_day", &cut), set = true;
        else if (pl_cli_opt(argc, argv, &i, "--objection-days", &v))
            rc = int_value(c, v, "objection_days", &days), set = true;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, set ? 0 : PL_STORE_READONLY)))
        return rc;
    if (set) {
        pl_dtsen_setting st;
        rc = pl_dtsen_setting_set(&st, s, &c->actor, "", region, month, cut, days, &c->err);
        if (rc == 0 && c->json)
            rc = pl_cli_print_json(c, pl_dtsen_setting_json(&st));
        else if (rc == 0)
            fprintf(c->out, "Pengaturan %s %s: batas tanggal %d, sanggahan %d hari.\n",
                    st.region[0] ? st.region : "nasional", st.month[0] ? st.month : "tiap bulan",
                    st.cutoff_day, st.objection_days);
        pl_store_close(s);
        return rc;
    }
    pl_cli_list l = pl_cli_list_begin(c);
    rc = pl_dtsen_setting_list(s, "", list_setting, &l, &c->err);
    pl_store_close(s);
    return pl_cli_list_end(&l, rc, 0,
                           "Belum ada pengaturan: batas tanggal 20 dan sanggahan 14 hari berlaku.");
}

/* ---------------------------------------------------------------- meetings */

int pl_cmd_meeting_add(pl_cli *c, int argc, char **argv)
{
    pl_dtsen_meeting_in in = {0};
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--village", &v) && v)
            in.village = v;
        else if (pl_cli_opt(argc, argv, &i, "--kind", &v) && v)
            in.kind = v;
        else if (pl_cli_opt(argc, argv, &i, "--date", &v) && v)
            in.held_on = v;
        else if (pl_cli_opt(argc, argv, &i, "--participants", &v))
            rc = int_value(c, v, "participants", &in.participants);
        else if (pl_cli_opt(argc, argv, &i, "--names", &v) && v)
            in.participants_note = v;
        else if (pl_cli_opt(argc, argv, &i, "--minutes", &v) && v)
            in.minutes.path = v;
        else if (pl_cli_opt(argc, argv, &i, "--sptjm", &v) && v)
            in.sptjm.path = v;
        else if (pl_cli_opt(argc, argv, &i, "--sptjm-number", &v) && v)
            in.sptjm_number = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    if (in.kind == NULL)
        in.kind = "musdes";
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    pl_dtsen_meeting m;
    pl_date now = today();
    if ((rc = pl_dtsen_meeting_add(&m, s, &c->actor, "", &in, &now, &c->err)) == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, pl_dtsen_meeting_json(&m));
        else
            fprintf(c->out, "Musyawarah %lld (%s %s, %s) dicatat%s.\n", (long long)m.id, m.kind,
                    m.village, m.held_on,
                    m.minutes_file_id || m.sptjm_file_id ? "" : "; berita acara belum diunggah");
    }
    pl_store_close(s);
    return rc;
}

int pl_cmd_meeting_attach(pl_cli *c, int argc, char **argv)
{
    int64_t id = 0;
    int rc = first_id(c, argc, argv, &id, "musyawarah");
    pl_dtsen_upload doc = {0};
    const char *which = NULL, *number = NULL;
    for (int i = 1; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--minutes", &v) && v)
            doc.path = v, which = "notulen";
        else if (pl_cli_opt(argc, argv, &i, "--sptjm", &v) && v)
            doc.path = v, which = "sptjm";
        else if (pl_cli_opt(argc, argv, &i, "--sptjm-number", &v) && v)
            number = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    pl_dtsen_meeting m;
    pl_date now = today();
    if ((rc = pl_dtsen_meeting_attach(&m, s, &c->actor, "", id, which, &doc, number, &now,
                                      &c->err)) == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, pl_dtsen_meeting_json(&m));
        else
            fprintf(c->out, "Dokumen musyawarah %lld diunggah.\n", (long long)m.id);
    }
    pl_store_close(s);
    return rc;
}

static int list_meeting(void *ctx, const pl_dtsen_meeting *m)
{
    pl_cli_list *l = ctx;
    l->n++;
    if (l->arr)
        return json_array_append_new(l->arr, pl_dtsen_meeting_json(m)) ? PL_ENOMEM : 0;
    fprintf(l->c->out, "%-6lld %-7s %-16s %s %d peserta, %ld usulan%s\n", (long long)m->id, m->kind,
            m->village, m->held_on, m->participants, m->proposals,
            m->minutes_file_id || m->sptjm_file_id ? "" : ", berita acara belum ada");
    return 0;
}

int pl_cmd_meeting_list(pl_cli *c, int argc, char **argv)
{
    char region[PL_REGION_CODE_MAX] = "";
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            rc = pl_cli_region_opt(c, region, v) ? c->err.code : 0;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)))
        return rc;
    pl_cli_list l = pl_cli_list_begin(c);
    rc = pl_store_dtsen_meeting_list(s, region, list_meeting, &l, &c->err);
    pl_store_close(s);
    return pl_cli_list_end(&l, rc, 0, "Belum ada musyawarah.");
}

/* --------------------------------------------------------------- proposals */

static int proposal_opts(pl_cli *c, pl_dtsen_proposal_in *in, int argc, char **argv, int from)
{
    int rc = 0;
    for (int i = from; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (field_opt(in, argc, argv, &i))
            continue;
        if (pl_cli_opt(argc, argv, &i, "--meeting", &v))
            rc = id_value(c, v, "meeting_id", &in->meeting_id);
        else if (pl_cli_opt(argc, argv, &i, "--kind", &v) && v)
            in->kind = v;
        else if (pl_cli_opt(argc, argv, &i, "--removal", &v) && v)
            in->removal = v;
        else if (pl_cli_opt(argc, argv, &i, "--person", &v))
            rc = id_value(c, v, "person_id", &in->person_id);
        else if (pl_cli_opt(argc, argv, &i, "--household", &v))
            rc = id_value(c, v, "household_id", &in->household_id);
        else if (pl_cli_opt(argc, argv, &i, "--death-date", &v) && v)
            in->death_date = v;
        else if (pl_cli_opt(argc, argv, &i, "--evidence", &v) && v)
            in->evidence.path = v;
        else if (pl_cli_opt(argc, argv, &i, "--note", &v) && v)
            in->note = v;
        else if (pl_cli_opt(argc, argv, &i, "--entered-on", &v) && v)
            in->entered_on = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    return rc;
}

static int show_proposal(pl_cli *c, const pl_dtsen_proposal *p, const char *verb)
{
    if (c->json)
        return pl_cli_print_json(c, pl_dtsen_proposal_json(p, NULL));
    fprintf(c->out, "Usulan %lld %s, siklus %s (id %lld): %s.\n", (long long)p->id, verb, p->period,
            (long long)p->cycle_id, pl_dtsen_state_label(p->status));
    if (p->missing[0])
        fprintf(c->out, "Belum lengkap: %s\n", p->missing);
    if (p->reject_reason[0])
        fprintf(c->out, "Alasan penolakan: %s\n", p->reject_reason);
    return 0;
}

int pl_cmd_proposal_add(pl_cli *c, int argc, char **argv)
{
    pl_dtsen_proposal_in in = {0};
    int rc = proposal_opts(c, &in, argc, argv, 0);
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    pl_dtsen_proposal p;
    pl_date now = today();
    if ((rc = pl_dtsen_proposal_add(&p, s, &c->actor, "", &in, &now, &c->err)) == 0)
        rc = show_proposal(c, &p, "dicatat");
    pl_store_close(s);
    return rc;
}

int pl_cmd_proposal_update(pl_cli *c, int argc, char **argv)
{
    int64_t id = 0, version = 0;
    pl_dtsen_proposal_in in = {0};
    int rc = first_id(c, argc, argv, &id, "usulan");
    if (rc == 0)
        rc = proposal_opts(c, &in, argc, argv, 1);
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    pl_dtsen_proposal p;
    pl_date now = today();
    if ((rc = pl_dtsen_proposal_change(&p, s, &c->actor, "", id, version, &in, &now, &c->err)) == 0)
        rc = show_proposal(c, &p, "diubah");
    pl_store_close(s);
    return rc;
}

int pl_cmd_proposal_reject(pl_cli *c, int argc, char **argv)
{
    int64_t id = 0;
    const char *reason = NULL;
    int rc = first_id(c, argc, argv, &id, "usulan");
    for (int i = 1; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--reason", &v) && v)
            reason = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    pl_dtsen_proposal p;
    if ((rc = pl_dtsen_proposal_reject(&p, s, &c->actor, "", id, reason, &c->err)) == 0)
        rc = show_proposal(c, &p, "ditolak");
    pl_store_close(s);
    return rc;
}

int pl_cmd_proposal_show(pl_cli *c, int argc, char **argv)
{
    int64_t id = 0;
    int rc = first_id(c, argc, argv, &id, "usulan");
    if (rc)
        return rc;
    if (argc > 1)
        return pl_cli_bad_option(c, argv[1]);
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)))
        return rc;
    pl_dtsen_proposal p;
    if ((rc = pl_dtsen_proposal_load(&p, s, "", id, &c->err)) == 0) {
        if (c->json) {
            rc = pl_cli_print_json(c, pl_dtsen_proposal_json(&p, NULL));
        } else {
            print_proposal(c, &p);
            fprintf(c->out, "Data usulan: %s\n", p.data);
            if (p.duplicates[0])
                fprintf(c->out, "Kemungkinan ganda: %s\n", p.duplicates);
        }
    }
    pl_store_close(s);
    return rc;
}

int pl_cmd_proposal_list(pl_cli *c, int argc, char **argv)
{
    pl_dtsen_proposal_filter f = {0};
    char region[PL_REGION_CODE_MAX] = "";
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--cycle", &v))
            rc = id_value(c, v, "cycle_id", &f.cycle_id);
        else if (pl_cli_opt(argc, argv, &i, "--meeting", &v))
            rc = id_value(c, v, "meeting_id", &f.meeting_id);
        else if (pl_cli_opt(argc, argv, &i, "--status", &v) && v)
            f.status = v;
        else if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            rc = pl_cli_region_opt(c, region, v) ? c->err.code : 0;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    f.region = region;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)))
        return rc;
    pl_cli_list l = pl_cli_list_begin(c);
    rc = pl_store_dtsen_proposal_list(s, &f, list_proposal, &l, &c->err);
    pl_store_close(s);
    return pl_cli_list_end(&l, rc, 0, "Belum ada usulan.");
}

/* proposal check / objection check: assigns a field check. */
static int assign_check(pl_cli *c, int argc, char **argv, bool proposal)
{
    int64_t id = 0, unit = 0;
    const char *due = NULL;
    int rc = first_id(c, argc, argv, &id, proposal ? "usulan" : "sanggahan");
    for (int i = 1; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--unit", &v))
            rc = id_value(c, v, "psks_id", &unit);
        else if (pl_cli_opt(argc, argv, &i, "--due", &v) && v)
            due = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    pl_dtsen_check k;
    pl_date now = today();
    if ((rc = pl_dtsen_check_assign(&k, s, &c->actor, "", proposal ? id : 0, proposal ? 0 : id,
                                    unit, due, &now, &c->err)) == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, pl_dtsen_check_json(&k));
        else
            fprintf(c->out, "Cek lapangan %lld ditugaskan kepada %s (unit %lld)%s%s.\n",
                    (long long)k.id, k.psks_name, (long long)k.psks_id,
                    k.assignment_id ? ", penugasan PSKS " : "", k.assignment_id ? "dibuat" : "");
    }
    pl_store_close(s);
    return rc;
}

int pl_cmd_proposal_check(pl_cli *c, int argc, char **argv)
{
    return assign_check(c, argc, argv, true);
}

int pl_cmd_objection_check(pl_cli *c, int argc, char **argv)
{
    return assign_check(c, argc, argv, false);
}

/* ------------------------------------------------------------- field checks */

int pl_cmd_cycle_checks(pl_cli *c, int argc, char **argv)
{
    pl_dtsen_check_filter f = {0};
    char region[PL_REGION_CODE_MAX] = "";
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--unit", &v))
            rc = id_value(c, v, "psks_id", &f.psks_id);
        else if (pl_cli_opt(argc, argv, &i, "--status", &v) && v)
            f.status = v;
        else if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            rc = pl_cli_region_opt(c, region, v) ? c->err.code : 0;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    f.region = region;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)))
        return rc;
    pl_cli_list l = pl_cli_list_begin(c);
    rc = pl_store_dtsen_check_list(s, &f, list_check, &l, &c->err);
    pl_store_close(s);
    return pl_cli_list_end(&l, rc, 0, "Belum ada cek lapangan.");
}

int pl_cmd_cycle_check_result(pl_cli *c, int argc, char **argv)
{
    int64_t id = 0;
    pl_dtsen_check_result in = {0};
    const char *lat = NULL, *lon = NULL;
    int rc = first_id(c, argc, argv, &id, "cek lapangan");
    for (int i = 1; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--recommendation", &v) && v)
            in.recommendation = v;
        else if (pl_cli_opt(argc, argv, &i, "--findings", &v) && v)
            in.findings = v;
        else if (pl_cli_opt(argc, argv, &i, "--date", &v) && v)
            in.visited_on = v;
        else if (pl_cli_opt(argc, argv, &i, "--lat", &v) && v)
            lat = v;
        else if (pl_cli_opt(argc, argv, &i, "--lon", &v) && v)
            lon = v;
        else if (pl_cli_opt(argc, argv, &i, "--photo", &v) && v)
            in.photo_path = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    if (lat || lon) {
        char *e1 = NULL, *e2 = NULL;
        in.lat = lat ? strtod(lat, &e1) : 0;
        in.lon = lon ? strtod(lon, &e2) : 0;
        if (!lat || !lon || *e1 || *e2)
            return pl_error_set(&c->err, PL_EINVAL, "latitude",
                                "--lat dan --lon harus berdua dan berupa angka");
        in.has_coord = true;
    }
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    pl_dtsen_check k;
    pl_date now = today();
    if ((rc = pl_dtsen_check_record(&k, s, &c->actor, "", id, &in, &now, &c->err)) == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, pl_dtsen_check_json(&k));
        else
            fprintf(c->out, "Hasil cek lapangan %lld dicatat (kunjungan %lld): %s.\n",
                    (long long)k.id, (long long)k.visit_id, k.recommendation);
    }
    pl_store_close(s);
    return rc;
}

/* ----------------------------------------------------------------- cycles */

int pl_cmd_cycle_list(pl_cli *c, int argc, char **argv)
{
    const char *year = "";
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--year", &v) && v)
            year = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    pl_cli_list l = pl_cli_list_begin(c);
    rc = pl_dtsen_cycle_list(s, "", year, list_cycle, &l, &c->err);
    pl_store_close(s);
    return pl_cli_list_end(&l, rc, 0, "Belum ada siklus.");
}

int pl_cmd_cycle_show(pl_cli *c, int argc, char **argv)
{
    int64_t id = 0;
    int rc = first_id(c, argc, argv, &id, "siklus");
    if (rc)
        return rc;
    if (argc > 1)
        return pl_cli_bad_option(c, argv[1]);
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)))
        return rc;
    pl_dtsen_cycle x;
    if ((rc = pl_dtsen_cycle_load(&x, s, "", id, &c->err)) == 0) {
        pl_cli_list l = pl_cli_list_begin(c);
        if (!c->json)
            print_cycle(c, &x);
        pl_dtsen_proposal_filter f = {.cycle_id = id};
        rc = pl_store_dtsen_proposal_list(s, &f, list_proposal, &l, &c->err);
        if (rc == 0 && c->json) {
            json_t *o = pl_dtsen_cycle_json(&x);
            json_object_set_new(o, "proposals", l.arr);
            rc = pl_cli_print_json(c, o);
        } else {
            json_decref(l.arr);
        }
    }
    pl_store_close(s);
    return rc;
}

int pl_cmd_cycle_ratify(pl_cli *c, int argc, char **argv)
{
    int64_t id = 0;
    pl_dtsen_ratify_in in = {0};
    int rc = first_id(c, argc, argv, &id, "siklus");
    for (int i = 1; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--sk-number", &v) && v)
            in.sk_number = v;
        else if (pl_cli_opt(argc, argv, &i, "--sk-date", &v) && v)
            in.sk_date = v;
        else if (pl_cli_opt(argc, argv, &i, "--sk-file", &v) && v)
            in.sk.path = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    pl_dtsen_cycle x;
    pl_dtsen_ratify_out res;
    pl_date now = today();
    if ((rc = pl_dtsen_cycle_ratify(&x, &res, s, &c->actor, "", id, &in, "cli", &now, &c->err)) ==
        0) {
        if (c->json) {
            json_t *o = pl_dtsen_cycle_json(&x);
            json_object_set_new(o, "ranked", json_boolean(res.ranked));
            json_object_set_new(o, "next_cycle_id",
                                res.next_cycle_id ? json_integer((json_int_t)res.next_cycle_id)
                                                  : json_null());
            rc = pl_cli_print_json(c, o);
        } else {
            fprintf(c->out,
                    "Siklus %s %s disahkan (SK %s): %ld usulan diterapkan, %ld ditolak, %ld "
                    "dibawa ke siklus berikutnya; %s.\n",
                    x.period, x.regency, x.sk_number, res.applied, res.rejected, res.carried,
                    res.note);
        }
    }
    pl_store_close(s);
    return rc;
}

int pl_cmd_cycle_report(pl_cli *c, int argc, char **argv)
{
    const char *year = "";
    char region[PL_REGION_CODE_MAX] = "";
    bool viewer = false;
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--year", &v) && v)
            year = v;
        else if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            rc = pl_cli_region_opt(c, region, v) ? c->err.code : 0;
        else if (strcmp(argv[i], "--viewer") == 0)
            viewer = true;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)))
        return rc;
    pl_dtsen_report *r = NULL;
    pl_date now = today();
    if ((rc = pl_dtsen_report_build(&r, s, "", region, year, viewer, &now, &c->err)) == 0) {
        if (c->json) {
            rc = pl_cli_print_json(c, pl_dtsen_report_json(r));
        } else {
            fprintf(c->out, "%-8s %-10s %-10s %6s %9s %9s %7s %7s\n", "Periode", "Kab/Kota",
                    "Status", "Masuk", "Diperiksa", "Disahkan", "Ditolak", "Tunggu");
            for (size_t i = 0; i <= r->n_cycles; i++) {
                const pl_dtsen_report_cycle *x = i < r->n_cycles ? &r->cycles[i] : &r->total;
                fprintf(c->out, "%-8s %-10s %-10s %6ld %9ld %9ld %7ld %7ld\n",
                        i < r->n_cycles ? x->period : "JUMLAH", x->regency,
                        pl_dtsen_state_label(x->status), x->in, x->checked, x->ratified,
                        x->rejected, x->pending);
            }
            const pl_dtsen_report_objections *o = &r->objections_total;
            fprintf(c->out,
                    "Sanggahan: %ld diajukan, %ld dikabulkan, %ld ditolak, %ld dijawab, %ld "
                    "terbuka, %ld lewat batas.\n",
                    o->filed, o->upheld, o->refused, o->answered, o->open, o->overdue);
        }
        pl_dtsen_report_free(r);
    }
    pl_store_close(s);
    return rc;
}

/* Releases what cairo and fontconfig keep after a PDF (so leak checkers see none). */
static void pdf_done(void)
{
    cairo_debug_reset_static_data();
    FcFini();
}

/* ------------------------------------------------------------- objections */

int pl_cmd_objection_add(pl_cli *c, int argc, char **argv)
{
    pl_dtsen_objection_in in = {0};
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--village", &v) && v)
            in.village = v;
        else if (pl_cli_opt(argc, argv, &i, "--household", &v))
            rc = id_value(c, v, "household_id", &in.household_id);
        else if (pl_cli_opt(argc, argv, &i, "--kind", &v) && v)
            in.kind = v;
        else if (pl_cli_opt(argc, argv, &i, "--subject-name", &v) && v)
            in.subject_name = v;
        else if (pl_cli_opt(argc, argv, &i, "--subject-address", &v) && v)
            in.subject_address = v;
        else if (pl_cli_opt(argc, argv, &i, "--filer-kind", &v) && v)
            in.filer_kind = v;
        else if (pl_cli_opt(argc, argv, &i, "--filer-name", &v) && v)
            in.filer_name = v;
        else if (pl_cli_opt(argc, argv, &i, "--filer-contact", &v) && v)
            in.filer_contact = v;
        else if (pl_cli_opt(argc, argv, &i, "--filer-address", &v) && v)
            in.filer_address = v;
        else if (pl_cli_opt(argc, argv, &i, "--statement", &v) && v)
            in.statement = v;
        else if (pl_cli_opt(argc, argv, &i, "--filed-on", &v) && v)
            in.filed_on = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    pl_dtsen_objection o;
    pl_date now = today();
    if ((rc = pl_dtsen_objection_file(&o, s, &c->actor, "", &in, &now, &c->err)) == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, pl_dtsen_objection_json(&o, overdue_of(&o, &now)));
        else
            fprintf(c->out, "Sanggahan %lld dicatat; batas jawaban %s.\n", (long long)o.id,
                    o.due_on);
    }
    pl_store_close(s);
    return rc;
}

int pl_cmd_objection_list(pl_cli *c, int argc, char **argv)
{
    pl_dtsen_objection_filter f = {0};
    char region[PL_REGION_CODE_MAX] = "", now_s[11];
    bool overdue = false;
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--status", &v) && v)
            f.status = v;
        else if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            rc = pl_cli_region_opt(c, region, v) ? c->err.code : 0;
        else if (strcmp(argv[i], "--overdue") == 0)
            overdue = true;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    obj_list x = {pl_cli_list_begin(c), today()};
    pl_date_format(now_s, &x.today);
    f.region = region;
    if (overdue)
        f.overdue_on = now_s;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY))) {
        json_decref(x.l.arr);
        return rc;
    }
    rc = pl_store_dtsen_objection_list(s, &f, list_objection, &x, &c->err);
    pl_store_close(s);
    return pl_cli_list_end(&x.l, rc, 0,
                           overdue ? "Tidak ada sanggahan yang lewat batas waktu."
                                   : "Belum ada sanggahan.");
}

int pl_cmd_objection_show(pl_cli *c, int argc, char **argv)
{
    int64_t id = 0;
    int rc = first_id(c, argc, argv, &id, "sanggahan");
    if (rc)
        return rc;
    if (argc > 1)
        return pl_cli_bad_option(c, argv[1]);
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)))
        return rc;
    pl_dtsen_objection o;
    pl_date now = today();
    if ((rc = pl_dtsen_objection_load(&o, s, "", id, &c->err)) == 0) {
        if (c->json) {
            rc = pl_cli_print_json(c, pl_dtsen_objection_json(&o, overdue_of(&o, &now)));
        } else {
            print_objection(c, &o, overdue_of(&o, &now));
            fprintf(c->out, "Isi: %s\n", o.statement);
            if (o.decision_reason[0])
                fprintf(c->out, "Alasan putusan: %s\n", o.decision_reason);
        }
    }
    pl_store_close(s);
    return rc;
}

int pl_cmd_objection_decide(pl_cli *c, int argc, char **argv)
{
    int64_t id = 0;
    const char *decision = NULL, *reason = NULL;
    int rc = first_id(c, argc, argv, &id, "sanggahan");
    for (int i = 1; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--decision", &v) && v)
            decision = v;
        else if (pl_cli_opt(argc, argv, &i, "--reason", &v) && v)
            reason = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    pl_dtsen_objection o;
    pl_date now = today();
    if ((rc = pl_dtsen_objection_decide(&o, s, &c->actor, "", id, 0, decision, reason, &now,
                                        &c->err)) == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, pl_dtsen_objection_json(&o, false));
        else
            fprintf(c->out, "Sanggahan %lld diputus: %s.\n", (long long)o.id, o.decision);
    }
    pl_store_close(s);
    return rc;
}

int pl_cmd_objection_answer(pl_cli *c, int argc, char **argv)
{
    int64_t id = 0;
    const char *number = NULL, *letter = NULL;
    int rc = first_id(c, argc, argv, &id, "sanggahan");
    for (int i = 1; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--number", &v) && v)
            number = v;
        else if (pl_cli_opt(argc, argv, &i, "--letter", &v) && v)
            letter = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    pl_dtsen_objection o;
    pl_date now = today();
    if ((rc = pl_dtsen_objection_answer(&o, s, &c->actor, "", id, 0, number, &now, &c->err)) == 0 &&
        letter)
        rc = pl_dtsen_objection_letter(s, "", id, letter, &now, &c->err);
    if (letter)
        pdf_done();
    if (rc == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, pl_dtsen_objection_json(&o, false));
        else
            fprintf(c->out, "Sanggahan %lld dijawab dengan surat %s%s%s.\n", (long long)o.id,
                    o.answer_number, letter ? "; surat ditulis ke " : "", letter ? letter : "");
    }
    pl_store_close(s);
    return rc;
}

int pl_cmd_objection_letter(pl_cli *c, int argc, char **argv)
{
    int64_t id = 0;
    const char *out = NULL;
    int rc = first_id(c, argc, argv, &id, "sanggahan");
    for (int i = 1; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--out", &v) && v)
            out = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    if (out == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "out", "sebutkan --out BERKAS.pdf");
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)))
        return rc;
    pl_date now = today();
    if ((rc = pl_dtsen_objection_letter(s, "", id, out, &now, &c->err)) == 0 && !c->json)
        fprintf(c->out, "Surat jawaban sanggahan %lld ditulis ke %s.\n", (long long)id, out);
    pdf_done();
    pl_store_close(s);
    return rc;
}
