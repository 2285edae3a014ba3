/* approval.c - `pilar period approve|reopen|status`: sign-off and locks. */
#include "cli/cli.h"
#include "domain/period.h"
#include "domain/rakor.h"
#include "store/approval.h"
#include "store/region.h"
#include "store/store.h"
#include "service/approval.h"

#include <string.h>

static int parse(pl_cli *c, int argc, char **argv, const char **region, const char **period,
                 const char **text, const char *text_opt)
{
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            *region = v;
        else if (pl_cli_opt(argc, argv, &i, "--period", &v) && v)
            *period = v;
        else if (text_opt && pl_cli_opt(argc, argv, &i, text_opt, &v) && v)
            *text = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    return 0;
}

int pl_cmd_period_approve(pl_cli *c, int argc, char **argv)
{
    const char *region = NULL, *period = NULL, *note = "";
    int rc = parse(c, argc, argv, &region, &period, &note, "--note");
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    pl_approval a;
    rc = pl_approval_sign(&a, s, &c->actor, "", region, period, note, &c->err);
    if (rc == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "wilayah", a.region,
                                                "periode", a.period, "dari", a.date_from, "sampai",
                                                a.date_to, "oleh", a.approved_by, "pada",
                                                a.approved_at));
        else
            fprintf(c->out,
                    "Periode %s (%s s.d. %s) untuk %s disahkan oleh %s pada %s.\n"
                    "Data bertanggal di dalam periode ini terkunci sampai dibuka kembali.\n",
                    a.period, a.date_from, a.date_to, a.region, a.approved_by, a.approved_at);
    }
    pl_store_close(s);
    return rc;
}

int pl_cmd_period_reopen(pl_cli *c, int argc, char **argv)
{
    const char *region = NULL, *period = NULL, *reason = NULL;
    int rc = parse(c, argc, argv, &region, &period, &reason, "--reason");
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    pl_approval a;
    rc = pl_approval_reopen(&a, s, &c->actor, "", region, period, reason, &c->err);
    if (rc == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, json_pack("{s:s,s:s,s:b}", "wilayah", a.region, "periode",
                                                a.period, "dibuka", 1));
        else
            fprintf(c->out, "Periode %s untuk %s dibuka kembali; data dapat diubah lagi.\n",
                    a.period, a.region);
    }
    pl_store_close(s);
    return rc;
}

typedef struct status_ctx {
    pl_cli *c;
    json_t *arr;
} status_ctx;

static int print_approval(void *ctx, const pl_approval *a)
{
    status_ctx *x = ctx;
    bool active = a->reopened_at[0] == '\0';
    if (x->arr) {
        json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:b}", "wilayah", a->region, "periode",
                              a->period, "dari", a->date_from, "sampai", a->date_to, "oleh",
                              a->approved_by, "pada", a->approved_at, "aktif", active);
        if (!active)
            json_object_set_new(o, "dibuka",
                                json_pack("{s:s,s:s,s:s}", "oleh", a->reopened_by, "pada",
                                          a->reopened_at, "alasan", a->reopen_reason));
        json_array_append_new(x->arr, o);
    } else {
        fprintf(x->c->out, "%-8s %-8s disahkan %s oleh %s%s%s%s%s\n", a->region, a->period,
                a->approved_at, a->approved_by, active ? " [terkunci]" : "; dibuka ",
                active ? "" : a->reopened_at, active ? "" : " oleh ", active ? "" : a->reopened_by);
    }
    return 0;
}

typedef struct regency_ctx {
    pl_store *s;
    pl_cli *c;
    const char *period;
    json_t *arr;
    int approved, total;
} regency_ctx;

static int one_regency(void *ctx, const pl_approval *a)
{
    (void)a;
    *(int *)ctx = 1;
    return 0;
}

static int print_regency(void *ctx, const pl_region *g)
{
    regency_ctx *x = ctx;
    int found = 0;
    int rc =
        pl_store_approval_list(x->s, "", g->code, x->period, true, one_regency, &found, &x->c->err);
    if (rc)
        return rc;
    x->total++;
    x->approved += found;
    if (x->arr)
        json_array_append_new(x->arr, json_pack("{s:s,s:s,s:b}", "wilayah", g->code, "nama",
                                                g->name, "disahkan", found));
    else
        fprintf(x->c->out, "  %-8s %-32s %s\n", g->code, g->name,
                found ? "disahkan (terkunci)" : "belum disahkan");
    return 0;
}

int pl_cmd_period_status(pl_cli *c, int argc, char **argv)
{
    const char *region = "", *period = NULL, *unused = NULL;
    int rc = parse(c, argc, argv, &region, &period, &unused, NULL);
    if (rc)
        return rc;
    char rg[PL_REGION_CODE_MAX] = "";
    if (region[0] && pl_region_code_normalize(rg, region) < 0)
        return pl_error_set(&c->err, PL_EINVAL, "wilayah", "kode wilayah '%s' tidak dikenal",
                            region);
    pl_period p;
    if (period && pl_period_parse(&p, period) != 0)
        return pl_error_set(&c->err, PL_EINVAL, "periode", "periode '%s' tidak dikenal", period);
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)))
        return rc;
    json_t *arr = c->json ? json_array() : NULL;
    if (period && pl_region_code_level(rg[0] ? rg : "64") == PL_LEVEL_PROVINCE && rg[0]) {
        /* Province view: every regency with its sign-off state for the period. */
        regency_ctx x = {.s = s, .c = c, .period = p.label, .arr = arr};
        if (!c->json)
            fprintf(c->out, "Pengesahan periode %s di %s:\n", p.label, rg);
        rc = pl_store_region_children(s, rg, print_regency, &x, &c->err);
        if (rc == 0 && !c->json)
            fprintf(c->out, "%d dari %d kabupaten/kota sudah mengesahkan.\n", x.approved, x.total);
    } else {
        status_ctx x = {.c = c, .arr = arr};
        rc = pl_store_approval_list(s, "", rg, period ? p.label : NULL, false, print_approval, &x,
                                    &c->err);
    }
    if (rc == 0 && arr) {
        rc = pl_cli_print_json(c, arr);
        arr = NULL;
    }
    json_decref(arr);
    pl_store_close(s);
    return rc;
}
