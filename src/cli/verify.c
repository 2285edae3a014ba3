/* verify.c - `pilar verify queue|accept|reject`: the verification workflow. */
#include "cli/cli.h"
#include "io/record_json.h"
#include "store/person.h"
#include "store/store.h"
#include "service/registry.h"
#include "service/verify.h"

#include <stdlib.h>
#include <string.h>

static int print_queued(void *ctx, const pl_person *p)
{
    pl_cli_list *q = ctx;
    q->n++;
    q->last = p->id;
    if (q->arr) {
        json_array_append_new(q->arr, pl_json_person(p, 0));
        return 0;
    }
    fprintf(q->c->out, "%-8lld %-16s %-32s %-10s %-14s%s%s\n", (long long)p->id, p->nik, p->name,
            p->birth_date, p->village_code, p->flags ? " perlu diperiksa:" : "",
            p->flags & PL_FLAG_NIK_BIRTHDATE ? " tgl-lahir" : "");
    return 0;
}

int pl_cmd_verify_queue(pl_cli *c, int argc, char **argv)
{
    char region[PL_REGION_CODE_MAX] = "";
    pl_person_query q = {.scope = "", .limit = 50};
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_page_opt(argc, argv, &i, &q.limit, &q.after_id))
            continue;
        if (pl_cli_opt(argc, argv, &i, "--region", &v) && v) {
            if (pl_cli_region_opt(c, region, v))
                return c->err.code;
            q.region = region;
        } else {
            return pl_cli_bad_option(c, argv[i]);
        }
    }
    if (pl_cli_limit_check(c, q.limit))
        return c->err.code;
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    pl_cli_list k = pl_cli_list_begin(c);
    rc = pl_verify_queue(s, &q, print_queued, &k, &c->err);
    pl_store_close(s);
    return pl_cli_list_end(&k, rc, q.limit, "Antrean verifikasi kosong.");
}

/* accept / reject share everything but the target state. */
static int set_state(pl_cli *c, int argc, char **argv, const char *state)
{
    pl_verify_request rq = {.state = state};
    char region[PL_REGION_CODE_MAX] = "";
    bool all = false;
    int64_t *ids = calloc((size_t)argc + 1, sizeof *ids);
    pl_store *s = NULL;
    int rc = ids ? 0 : pl_error_set(&c->err, PL_ENOMEM, "", "memori tidak cukup");
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--reason", &v) && v) {
            rq.reason = v;
        } else if (pl_cli_opt(argc, argv, &i, "--region", &v) && v) {
            if (pl_cli_region_opt(c, region, v))
                rc = c->err.code;
        } else if (strcmp(argv[i], "--all-drafts") == 0) {
            all = true;
        } else if (argv[i][0] == '-') {
            rc = pl_cli_bad_option(c, argv[i]);
        }
    }
    if (rc)
        goto out;
    if (strcmp(state, PL_STATE_REJECTED) == 0 && (rq.reason == NULL || rq.reason[0] == '\0')) {
        rc = pl_error_set(&c->err, PL_EINVAL, "alasan", "penolakan wajib disertai --reason");
        goto out;
    }
    if (all && region[0] == '\0') {
        rc = pl_error_set(&c->err, PL_EINVAL, "region", "--all-drafts memerlukan --region");
        goto out;
    }
    if ((rc = pl_cli_open(c, &s, 0)))
        goto out;
    /* People named by NIK or id; options and their values are skipped. */
    size_t n = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] == '-') {
            if (strcmp(a, "--reason") == 0 || strcmp(a, "--region") == 0)
                i++;
            continue;
        }
        pl_person p;
        if ((rc = pl_registry_person_find(&p, s, a, &c->err)))
            goto out;
        ids[n++] = p.id;
    }
    if (n == 0 && !all) {
        rc = pl_error_set(&c->err, PL_EINVAL, "id",
                          "beri NIK/id orang, atau --region dengan "
                          "--all-drafts");
        goto out;
    }
    rq.ids = ids;
    rq.n_ids = n;
    rq.all_drafts = all ? region : NULL;
    size_t count;
    if ((rc = pl_verify_decide(&count, s, &c->actor, "", &rq, &c->err)))
        goto out;
    if (c->json)
        rc = pl_cli_print_json(c,
                               json_pack("{s:s,s:I}", "state", state, "count", (json_int_t)count));
    else
        fprintf(c->out, "%zu orang ditandai %s.\n", count,
                strcmp(state, PL_STATE_VERIFIED) == 0 ? "terverifikasi" : "ditolak");
out:
    pl_store_close(s);
    free(ids);
    return rc;
}

int pl_cmd_verify_accept(pl_cli *c, int argc, char **argv)
{
    return set_state(c, argc, argv, PL_STATE_VERIFIED);
}

int pl_cmd_verify_reject(pl_cli *c, int argc, char **argv)
{
    return set_state(c, argc, argv, PL_STATE_REJECTED);
}
