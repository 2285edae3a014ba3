/* intervention.c - `pilar rakor add|list|problem` and `pilar intervention add|list|update|overdue`.
 */
#include "cli/cli.h"
#include "domain/category.h"
#include "domain/numfmt.h"
#include "io/rakor_json.h"
#include "service/intervention.h"
#include "domain/rakor.h"
#include "store/rakor.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

static int parse_category(pl_cli *c, int *out, const char *in)
{
    const pl_category *cat = pl_pmks_find(in);
    if (cat == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "category", "kategori PMKS '%s' tidak dikenal", in);
    *out = cat->code;
    return 0;
}

int pl_cmd_rakor_add(pl_cli *c, int argc, char **argv)
{
    pl_rakor r = {0};
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--year", &v) && v)
            r.year = atoi(v);
        else if (pl_cli_opt(argc, argv, &i, "--host", &v) && v)
            rc = PL_CLI_COPY(c, r.host_region, v, "host_region");
        else if (pl_cli_opt(argc, argv, &i, "--date", &v) && v)
            rc = PL_CLI_COPY(c, r.held_on, v, "held_on");
        else if (pl_cli_opt(argc, argv, &i, "--theme", &v) && v)
            rc = PL_CLI_COPY(c, r.theme, v, "theme");
        else if (pl_cli_opt(argc, argv, &i, "--participants", &v) && v)
            rc = PL_CLI_COPY(c, r.participants, v, "participants");
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    if ((rc = pl_intervention_rakor_add(s, &c->actor, &r, &c->err)) == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, pl_json_rakor(&r));
        else
            fprintf(c->out, "Rakor %d di %s pada %s tercatat (id %lld).\n", r.year, r.host_region,
                    r.held_on, (long long)r.id);
    }
    pl_store_close(s);
    return rc;
}

typedef struct list_ctx {
    pl_cli *c;
    json_t *arr;      /* rakor or interventions (JSON output) */
    json_t *problems; /* problems of the rakor last added to arr */
} list_ctx;

static int print_rakor(void *ctx, const pl_rakor *r)
{
    list_ctx *l = ctx;
    if (l->arr == NULL) {
        fprintf(l->c->out, "Rakor %d (id %lld) di %s, %s: %s\n  Peserta: %s\n", r->year,
                (long long)r->id, r->host_region, r->held_on, r->theme, r->participants);
        return 0;
    }
    json_t *o = pl_json_rakor(r);
    l->problems = json_array();
    if (o == NULL || l->problems == NULL || json_object_set_new(o, "problems", l->problems) ||
        json_array_append_new(l->arr, o))
        return PL_ENOMEM;
    return 0;
}

static int print_problem(void *ctx, const pl_rakor_problem *p)
{
    list_ctx *l = ctx;
    if (l->arr)
        return json_array_append_new(l->problems, pl_json_rakor_problem(p)) ? PL_ENOMEM : 0;
    fprintf(l->c->out, "    masalah %lld [%s%s%s] %s\n", (long long)p->id, p->region,
            p->category ? ", " : "", p->category ? pl_pmks_get(p->category)->label : "", p->text);
    return 0;
}

/* Ends a listing: prints the JSON array (consumed) when there is one and rc is 0. */
static int finish_list(pl_cli *c, int rc, json_t *arr)
{
    if (rc == PL_ENOMEM)
        pl_error_set(&c->err, PL_ENOMEM, "", "memori tidak cukup");
    if (rc == 0 && arr)
        return pl_cli_print_json(c, arr);
    json_decref(arr);
    return rc;
}

int pl_cmd_rakor_list(pl_cli *c, int argc, char **argv)
{
    int year = 0;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--year", &v) && v)
            year = atoi(v);
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    list_ctx l = {.c = c, .arr = c->json ? json_array() : NULL};
    rc = pl_intervention_rakor_list(s, year, print_rakor, print_problem, &l, &c->err);
    pl_store_close(s);
    return finish_list(c, rc, l.arr);
}

int pl_cmd_rakor_problem(pl_cli *c, int argc, char **argv)
{
    pl_rakor_problem p = {0};
    const char *host = "";
    int year = 0, rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--year", &v) && v)
            year = atoi(v);
        else if (pl_cli_opt(argc, argv, &i, "--host", &v) && v)
            host = v;
        else if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            rc = PL_CLI_COPY(c, p.region, v, "region");
        else if (pl_cli_opt(argc, argv, &i, "--category", &v) && v)
            rc = parse_category(c, &p.category, v);
        else if (pl_cli_opt(argc, argv, &i, "--text", &v) && v)
            rc = PL_CLI_COPY(c, p.text, v, "text");
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    if ((rc = pl_intervention_problem_add(s, &c->actor, year, host, &p, &c->err)) == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, pl_json_rakor_problem(&p));
        else
            fprintf(c->out, "Masalah tercatat (id %lld).\n", (long long)p.id);
    }
    pl_store_close(s);
    return rc;
}

static void print_iv_line(pl_cli *c, const pl_intervention *iv)
{
    char bud[PL_NUMFMT_MAX] = "-";
    if (iv->has_budget)
        pl_numfmt_decimal(bud, sizeof bud, iv->budget, 0);
    fprintf(c->out, "%5lld %-8s %-13s %-12s %-10s Rp%-14s %s (%s)%s%s\n", (long long)iv->id,
            iv->region, iv->level, iv->status, iv->due_date[0] ? iv->due_date : "-", bud, iv->title,
            iv->owner, iv->last_note[0] ? "\n      terakhir: " : "", iv->last_note);
}

int pl_cmd_intervention_add(pl_cli *c, int argc, char **argv)
{
    pl_intervention iv = {0};
    const char *host = "", *budget = NULL;
    int year = 0, rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--year", &v) && v)
            year = atoi(v);
        else if (pl_cli_opt(argc, argv, &i, "--host", &v) && v)
            host = v;
        else if (pl_cli_opt(argc, argv, &i, "--problem", &v) && v)
            iv.problem_id = atoll(v);
        else if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            rc = PL_CLI_COPY(c, iv.region, v, "region");
        else if (pl_cli_opt(argc, argv, &i, "--category", &v) && v)
            rc = parse_category(c, &iv.category, v);
        else if (pl_cli_opt(argc, argv, &i, "--title", &v) && v)
            rc = PL_CLI_COPY(c, iv.title, v, "title");
        else if (pl_cli_opt(argc, argv, &i, "--level", &v) && v)
            rc = PL_CLI_COPY(c, iv.level, v, "level");
        else if (pl_cli_opt(argc, argv, &i, "--owner", &v) && v)
            rc = PL_CLI_COPY(c, iv.owner, v, "owner");
        else if (pl_cli_opt(argc, argv, &i, "--budget", &v) && v)
            budget = v;
        else if (pl_cli_opt(argc, argv, &i, "--due", &v) && v)
            rc = PL_CLI_COPY(c, iv.due_date, v, "due_date");
        else if (pl_cli_opt(argc, argv, &i, "--status", &v) && v)
            rc = PL_CLI_COPY(c, iv.status, v, "status");
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    if (budget) {
        char *end = NULL;
        iv.budget = strtod(budget, &end);
        if (end == budget || *end || iv.budget < 0)
            return pl_error_set(&c->err, PL_EINVAL, "budget",
                                "--budget harus angka rupiah tanpa pemisah (mis. 250000000)");
        iv.has_budget = true;
    }
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    if ((rc = pl_intervention_add(s, &c->actor, year, host, &iv, &c->err)) == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, pl_json_intervention(&iv));
        else
            fprintf(c->out, "Intervensi tercatat (id %lld, status %s).\n", (long long)iv.id,
                    iv.status);
    }
    pl_store_close(s);
    return rc;
}

static int on_iv(void *ctx, const pl_intervention *iv)
{
    list_ctx *l = ctx;
    if (l->arr)
        return json_array_append_new(l->arr, pl_json_intervention(iv)) ? PL_ENOMEM : 0;
    print_iv_line(l->c, iv);
    return 0;
}

static int list_common(pl_cli *c, int argc, char **argv, bool overdue)
{
    pl_intervention_query q = {.scope = "", .region = "", .overdue_at = overdue ? "" : NULL};
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            q.region = v;
        else if (pl_cli_opt(argc, argv, &i, "--year", &v) && v)
            q.rakor_year = atoi(v);
        else if (!overdue && pl_cli_opt(argc, argv, &i, "--status", &v) && v)
            q.status = v;
        else if (overdue && pl_cli_opt(argc, argv, &i, "--date", &v) && v)
            q.overdue_at = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    list_ctx l = {.c = c, .arr = c->json ? json_array() : NULL};
    char day[11];
    if (overdue && q.overdue_at[0] == '\0') {
        int y, m, d;
        pl_cli_today(&y, &m, &d);
        snprintf(day, sizeof day, "%04d-%02d-%02d", y, m, d);
        q.overdue_at = day;
    }
    if (!c->json && overdue)
        fprintf(c->out, "Intervensi lewat tenggat per %s (belum selesai):\n", q.overdue_at);
    rc = pl_intervention_list(s, &q, on_iv, &l, &c->err);
    pl_store_close(s);
    return finish_list(c, rc, l.arr);
}

int pl_cmd_intervention_list(pl_cli *c, int argc, char **argv)
{
    return list_common(c, argc, argv, false);
}

int pl_cmd_intervention_overdue(pl_cli *c, int argc, char **argv)
{
    return list_common(c, argc, argv, true);
}

int pl_cmd_intervention_update(pl_cli *c, int argc, char **argv)
{
    const char *id = NULL, *status = NULL, *note = NULL, *date = NULL, *version = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--status", &v) && v)
            status = v;
        else if (pl_cli_opt(argc, argv, &i, "--note", &v) && v)
            note = v;
        else if (pl_cli_opt(argc, argv, &i, "--date", &v) && v)
            date = v;
        else if (pl_cli_opt(argc, argv, &i, "--version", &v) && v)
            version = v;
        else if (argv[i][0] != '-' && id == NULL)
            id = argv[i];
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (id == NULL || atoll(id) <= 0)
        return pl_error_set(&c->err, PL_EINVAL, "id", "sebutkan id intervensi");
    if (status == NULL && note == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "status", "sebutkan --status dan/atau --note");
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    pl_intervention iv;
    if ((rc = pl_intervention_update(&iv, s, &c->actor, atoll(id), version ? atoll(version) : 0,
                                     status, date, note, &c->err)) == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, pl_json_intervention(&iv));
        else
            fprintf(c->out, "Intervensi %lld: status %s%s.\n", (long long)iv.id, iv.status,
                    note ? ", catatan tindak lanjut tersimpan" : "");
    }
    pl_store_close(s);
    return rc;
}
