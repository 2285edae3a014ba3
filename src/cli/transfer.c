/*
 * transfer.c - `pilar transfer list|resolve`: transfer requests made when a
 * registration collided with a record outside its submitter's scope
 * (service/transfer.h). The command line has the whole data base in scope,
 * so it sees every request as its owner.
 */
#include "cli/cli.h"
#include "io/transfer_json.h"
#include "service/transfer.h"
#include "store/store.h"
#include "store/transfer.h"

#include <stdlib.h>
#include <string.h>

static int print_transfer(void *ctx, const pl_transfer *t)
{
    pl_cli_list *l = ctx;
    l->n++;
    l->last = t->id;
    if (l->arr)
        return json_array_append_new(l->arr, pl_json_transfer(t, true, NULL)) ? PL_ENOMEM : 0;
    fprintf(l->c->out, "%-6lld %-9s %-3s %-16s %-16s %-28.28s %-14s -> %-14s %s %s\n",
            (long long)t->id, t->status, t->kind, t->nik[0] ? t->nik : "-", t->kk,
            t->name[0] ? t->name : "(keluarga)", t->owner_village, t->target_village, t->submitter,
            t->created_at);
    if (t->resolved_at[0])
        fprintf(l->c->out, "       diselesaikan %s oleh %s: %s\n", t->resolved_at, t->resolved_by,
                t->reason);
    return 0;
}

int pl_cmd_transfer_list(pl_cli *c, int argc, char **argv)
{
    pl_transfer_query q = {.owner_scope = "", .limit = 50};
    char scope[PL_REGION_CODE_MAX];
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_page_opt(argc, argv, &i, &q.limit, &q.after_id))
            continue;
        if (pl_cli_opt(argc, argv, &i, "--status", &v) && v) {
            q.status = v;
        } else if (pl_cli_opt(argc, argv, &i, "--region", &v) && v) {
            if (pl_cli_region_opt(c, scope, v))
                return c->err.code;
            q.owner_scope = scope;
        } else {
            return pl_cli_bad_option(c, argv[i]);
        }
    }
    if (q.status && strcmp(q.status, PL_TRANSFER_WAITING) && strcmp(q.status, PL_TRANSFER_MOVED) &&
        strcmp(q.status, PL_TRANSFER_DIFFERENT))
        return pl_error_set(&c->err, PL_EINVAL, "status", "--status harus %s, %s atau %s",
                            PL_TRANSFER_WAITING, PL_TRANSFER_MOVED, PL_TRANSFER_DIFFERENT);
    if (pl_cli_limit_check(c, q.limit))
        return c->err.code;
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    pl_cli_list l = pl_cli_list_begin(c);
    rc = pl_store_transfer_list(s, &q, print_transfer, &l, &c->err);
    pl_store_close(s);
    return pl_cli_list_end(&l, rc, q.limit, "Tidak ada permintaan pindah.");
}

int pl_cmd_transfer_resolve(pl_cli *c, int argc, char **argv)
{
    int64_t id = 0;
    int decision = -1; /* 1 pindah, 0 berbeda */
    const char *reason = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (strcmp(argv[i], "--pindah") == 0 && decision < 0) {
            decision = 1;
        } else if (strcmp(argv[i], "--berbeda") == 0 && decision < 0) {
            decision = 0;
        } else if (pl_cli_opt(argc, argv, &i, "--reason", &v) && v) {
            reason = v;
        } else if (argv[i][0] != '-' && id == 0) {
            char *end;
            id = strtoll(argv[i], &end, 10);
            if (*end || id <= 0)
                return pl_error_set(&c->err, PL_EINVAL, "id", "ID permintaan '%s' tidak sah",
                                    argv[i]);
        } else {
            return pl_cli_bad_option(c, argv[i]);
        }
    }
    if (id == 0 || decision < 0)
        return pl_error_set(&c->err, PL_EINVAL, "id",
                            "pakai: pilar transfer resolve ID --pindah|--berbeda --reason ALASAN");
    pl_date today;
    pl_cli_today(&today.year, &today.month, &today.day);
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    pl_transfer t;
    rc = pl_transfer_resolve(s, &c->actor, c->actor.user, "", id, decision == 1, reason, &today, &t,
                             &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json)
        return pl_cli_print_json(c, pl_json_transfer(&t, true, NULL));
    if (decision == 1)
        fprintf(c->out, "Permintaan %lld: data diserahkan ke desa %s.\n", (long long)id,
                t.target_village);
    else
        fprintf(c->out,
                "Permintaan %lld: orang berbeda; dicatat sebagai konflik NIK untuk Dukcapil.\n",
                (long long)id);
    return 0;
}
