/* intervention.c - `pilar rakor add|list|problem` and `pilar intervention add|list|update|overdue`.
 */
#include "cli/cli.h"
#include "domain/category.h"
#include "domain/date.h"
#include "domain/numfmt.h"
#include "domain/rakor.h"
#include "store/rakor.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

static int norm_date(pl_cli *c, char *out, const char *in, const char *field)
{
    pl_date d;
    if (in == NULL || pl_date_parse(&d, in) != 0)
        return pl_error_set(&c->err, PL_EINVAL, field, "tanggal '%s' tidak sah (YYYY-MM-DD)",
                            in ? in : "");
    pl_date_format(out, &d);
    return 0;
}

static int norm_region(pl_cli *c, char *out, const char *in)
{
    if (in == NULL || pl_region_code_normalize(out, in) < 0)
        return pl_error_set(&c->err, PL_EINVAL, "wilayah", "kode wilayah '%s' tidak dikenal",
                            in ? in : "");
    return 0;
}

static int norm_category(pl_cli *c, int *out, const char *in)
{
    *out = 0;
    if (in == NULL)
        return 0;
    const pl_category *cat = pl_pmks_find(in);
    if (cat == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "kategori", "kategori PMKS '%s' tidak dikenal", in);
    *out = cat->code;
    return 0;
}

typedef struct find_rakor {
    int64_t id;
    int n;
} find_rakor;

static int on_find_rakor(void *ctx, const pl_rakor *r)
{
    find_rakor *f = ctx;
    f->id = r->id;
    f->n++;
    return 0;
}

/* The id of the one rakor of year (hosted inside host, "" = any). */
static int rakor_of_year(pl_cli *c, pl_store *s, int year, const char *host, int64_t *id)
{
    find_rakor f = {0};
    int rc = pl_store_rakor_list(s, year, host, on_find_rakor, &f, &c->err);
    if (rc)
        return rc;
    if (f.n == 0)
        return pl_error_set(&c->err, PL_ENOTFOUND, "tahun",
                            "rakor tahun %d belum tercatat (pilar rakor add)", year);
    if (f.n > 1)
        return pl_error_set(&c->err, PL_EINVAL, "tuan_rumah",
                            "ada %d rakor tahun %d; sebutkan --host", f.n, year);
    *id = f.id;
    return 0;
}

int pl_cmd_rakor_add(pl_cli *c, int argc, char **argv)
{
    pl_rakor r = {0};
    const char *year = NULL, *host = NULL, *date = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--year", &v) && v)
            year = v;
        else if (pl_cli_opt(argc, argv, &i, "--host", &v) && v)
            host = v;
        else if (pl_cli_opt(argc, argv, &i, "--date", &v) && v)
            date = v;
        else if (pl_cli_opt(argc, argv, &i, "--theme", &v) && v)
            snprintf(r.theme, sizeof r.theme, "%s", v);
        else if (pl_cli_opt(argc, argv, &i, "--participants", &v) && v)
            snprintf(r.participants, sizeof r.participants, "%s", v);
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    r.year = year ? atoi(year) : 0;
    if (r.year < 1900 || r.year > 2200)
        return pl_error_set(&c->err, PL_EINVAL, "tahun", "--year wajib berisi tahun rakor");
    int rc;
    if ((rc = norm_region(c, r.host_region, host)) ||
        (rc = norm_date(c, r.held_on, date, "tanggal")) ||
        (rc = pl_rakor_check(r.held_on, &c->err)))
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    if ((rc = pl_store_rakor_add(s, &c->actor, &r, &c->err)) == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, json_pack("{s:I,s:i,s:s,s:s,s:s}", "id", (json_int_t)r.id,
                                                "tahun", r.year, "tuan_rumah", r.host_region,
                                                "tanggal", r.held_on, "tema", r.theme));
        else
            fprintf(c->out, "Rakor %d di %s pada %s tercatat (id %lld).\n", r.year, r.host_region,
                    r.held_on, (long long)r.id);
    }
    pl_store_close(s);
    return rc;
}

typedef struct list_ctx {
    pl_cli *c;
    pl_store *s;
    json_t *arr;
} list_ctx;

static int print_problem(void *ctx, const pl_rakor_problem *p)
{
    list_ctx *l = ctx;
    if (l->arr)
        json_array_append_new(
            l->arr, json_pack("{s:I,s:s,s:o,s:s}", "id", (json_int_t)p->id, "wilayah", p->region,
                              "kategori", p->category ? json_integer(p->category) : json_null(),
                              "uraian", p->text));
    else
        fprintf(l->c->out, "    masalah %lld [%s%s%s] %s\n", (long long)p->id, p->region,
                p->category ? ", " : "", p->category ? pl_pmks_get(p->category)->short_name : "",
                p->text);
    return 0;
}

static int print_rakor(void *ctx, const pl_rakor *r)
{
    list_ctx *l = ctx;
    json_t *saved = l->arr;
    json_t *problems = saved ? json_array() : NULL;
    if (!saved)
        fprintf(l->c->out, "Rakor %d (id %lld) di %s, %s: %s\n  Peserta: %s\n", r->year,
                (long long)r->id, r->host_region, r->held_on, r->theme, r->participants);
    l->arr = problems;
    int rc = pl_store_problem_list(l->s, r->id, "", print_problem, l, &l->c->err);
    l->arr = saved;
    if (saved)
        json_array_append_new(
            saved, json_pack("{s:I,s:i,s:s,s:s,s:s,s:s,s:o}", "id", (json_int_t)r->id, "tahun",
                             r->year, "tuan_rumah", r->host_region, "tanggal", r->held_on, "tema",
                             r->theme, "peserta", r->participants, "masalah", problems));
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
    list_ctx l = {.c = c, .s = s, .arr = c->json ? json_array() : NULL};
    rc = pl_store_rakor_list(s, year, "", print_rakor, &l, &c->err);
    if (rc == 0 && l.arr)
        rc = pl_cli_print_json(c, l.arr);
    else
        json_decref(l.arr);
    pl_store_close(s);
    return rc;
}

int pl_cmd_rakor_problem(pl_cli *c, int argc, char **argv)
{
    pl_rakor_problem p = {0};
    const char *year = NULL, *region = NULL, *cat = NULL, *text = NULL, *host = "";
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--year", &v) && v)
            year = v;
        else if (pl_cli_opt(argc, argv, &i, "--host", &v) && v)
            host = v;
        else if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            region = v;
        else if (pl_cli_opt(argc, argv, &i, "--category", &v) && v)
            cat = v;
        else if (pl_cli_opt(argc, argv, &i, "--text", &v) && v)
            text = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    int rc;
    if ((rc = norm_region(c, p.region, region)) || (rc = norm_category(c, &p.category, cat)))
        return rc;
    if (text == NULL || text[0] == '\0')
        return pl_error_set(&c->err, PL_EINVAL, "uraian", "--text wajib diisi");
    snprintf(p.text, sizeof p.text, "%s", text);
    if ((rc = pl_problem_check(p.text, &c->err)))
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    if ((rc = rakor_of_year(c, s, year ? atoi(year) : 0, host, &p.rakor_id)) == 0 &&
        (rc = pl_store_problem_add(s, &c->actor, &p, &c->err)) == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, json_pack("{s:I}", "id", (json_int_t)p.id));
        else
            fprintf(c->out, "Masalah tercatat (id %lld).\n", (long long)p.id);
    }
    pl_store_close(s);
    return rc;
}

static json_t *iv_to_json(const pl_intervention *iv)
{
    json_t *o = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:I}", "id", (json_int_t)iv->id, "version",
                          (json_int_t)iv->version, "wilayah", iv->region, "uraian", iv->title,
                          "tingkat", iv->level, "penanggung_jawab", iv->owner, "status", iv->status,
                          "tahun_rakor", (json_int_t)iv->rakor_year);
    json_object_set_new(o, "kategori", iv->category ? json_integer(iv->category) : json_null());
    json_object_set_new(o, "anggaran", iv->has_budget ? json_real(iv->budget) : json_null());
    json_object_set_new(o, "tenggat", iv->due_date[0] ? json_string(iv->due_date) : json_null());
    json_object_set_new(o, "catatan_terakhir",
                        iv->last_note[0] ? json_string(iv->last_note) : json_null());
    return o;
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
    const char *year = NULL, *region = NULL, *cat = NULL, *due = NULL, *budget = NULL, *host = "",
               *problem = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--year", &v) && v)
            year = v;
        else if (pl_cli_opt(argc, argv, &i, "--host", &v) && v)
            host = v;
        else if (pl_cli_opt(argc, argv, &i, "--problem", &v) && v)
            problem = v;
        else if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            region = v;
        else if (pl_cli_opt(argc, argv, &i, "--category", &v) && v)
            cat = v;
        else if (pl_cli_opt(argc, argv, &i, "--title", &v) && v)
            snprintf(iv.title, sizeof iv.title, "%s", v);
        else if (pl_cli_opt(argc, argv, &i, "--level", &v) && v)
            snprintf(iv.level, sizeof iv.level, "%s", v);
        else if (pl_cli_opt(argc, argv, &i, "--owner", &v) && v)
            snprintf(iv.owner, sizeof iv.owner, "%s", v);
        else if (pl_cli_opt(argc, argv, &i, "--budget", &v) && v)
            budget = v;
        else if (pl_cli_opt(argc, argv, &i, "--due", &v) && v)
            due = v;
        else if (pl_cli_opt(argc, argv, &i, "--status", &v) && v)
            snprintf(iv.status, sizeof iv.status, "%s", v);
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    int rc;
    if ((rc = norm_region(c, iv.region, region)) || (rc = norm_category(c, &iv.category, cat)))
        return rc;
    if (due && (rc = norm_date(c, iv.due_date, due, "tenggat")))
        return rc;
    if (budget) {
        char *end = NULL;
        iv.budget = strtod(budget, &end);
        if (end == budget || *end || iv.budget < 0)
            return pl_error_set(&c->err, PL_EINVAL, "anggaran",
                                "--budget harus angka rupiah tanpa pemisah (mis. 250000000)");
        iv.has_budget = true;
    }
    if (problem)
        iv.problem_id = atoll(problem);
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    if (year && (rc = rakor_of_year(c, s, atoi(year), host, &iv.rakor_id)))
        goto out;
    if ((rc = pl_intervention_check(iv.title, iv.level, iv.status, iv.due_date, &c->err)))
        goto out;
    if ((rc = pl_store_intervention_add(s, &c->actor, &iv, &c->err)))
        goto out;
    if (c->json)
        rc = pl_cli_print_json(c, iv_to_json(&iv));
    else
        fprintf(c->out, "Intervensi tercatat (id %lld, status %s).\n", (long long)iv.id, iv.status);
out:
    pl_store_close(s);
    return rc;
}

static int on_iv(void *ctx, const pl_intervention *iv)
{
    list_ctx *l = ctx;
    if (l->arr)
        json_array_append_new(l->arr, iv_to_json(iv));
    else
        print_iv_line(l->c, iv);
    return 0;
}

static int list_common(pl_cli *c, int argc, char **argv, bool overdue)
{
    const char *region = "", *status = NULL, *at = NULL;
    int year = 0;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            region = v;
        else if (pl_cli_opt(argc, argv, &i, "--year", &v) && v)
            year = atoi(v);
        else if (!overdue && pl_cli_opt(argc, argv, &i, "--status", &v) && v)
            status = v;
        else if (overdue && pl_cli_opt(argc, argv, &i, "--date", &v) && v)
            at = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    char rg[PL_REGION_CODE_MAX] = "", date[11] = "";
    int rc;
    if (region[0] && (rc = norm_region(c, rg, region)))
        return rc;
    if (overdue) {
        if (at) {
            if ((rc = norm_date(c, date, at, "tanggal")))
                return rc;
        } else {
            int y, m, d;
            pl_cli_today(&y, &m, &d);
            snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, d);
        }
    }
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)))
        return rc;
    list_ctx l = {.c = c, .s = s, .arr = c->json ? json_array() : NULL};
    pl_intervention_query q = {.scope = "",
                               .region = rg,
                               .rakor_year = year,
                               .status = status,
                               .overdue_at = overdue ? date : NULL};
    if (!c->json && overdue)
        fprintf(c->out, "Intervensi lewat tenggat per %s (belum selesai):\n", date);
    rc = pl_store_intervention_list(s, &q, on_iv, &l, &c->err);
    if (rc == 0 && l.arr)
        rc = pl_cli_print_json(c, l.arr);
    else
        json_decref(l.arr);
    pl_store_close(s);
    return rc;
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
    char day[11];
    int rc;
    if (date) {
        if ((rc = norm_date(c, day, date, "tanggal")))
            return rc;
    } else {
        int y, m, d;
        pl_cli_today(&y, &m, &d);
        snprintf(day, sizeof day, "%04d-%02d-%02d", y, m, d);
    }
    if ((rc = pl_intervention_update_check(status, day, note, &c->err)))
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    pl_intervention iv;
    if ((rc = pl_store_intervention_update(s, &c->actor, atoll(id), version ? atoll(version) : 0,
                                           status, day, note, &c->err)) == 0 &&
        (rc = pl_store_intervention_get(s, &iv, atoll(id), &c->err)) == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, iv_to_json(&iv));
        else
            fprintf(c->out, "Intervensi %lld: status %s%s.\n", (long long)iv.id, iv.status,
                    note ? ", catatan tindak lanjut tersimpan" : "");
    }
    pl_store_close(s);
    return rc;
}
