/* verify.c - `pilar verify queue|accept|reject`: the verification workflow. */
#include "cli/cli.h"
#include "io/record_json.h"
#include "store/person.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

typedef struct queue_ctx {
    pl_cli *c;
    json_t *arr;
    int n;
    int64_t last;
} queue_ctx;

static int print_queued(void *ctx, const pl_person *p)
{
    queue_ctx *q = ctx;
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
    pl_person_query q = {.scope = "", .state = PL_STATE_DRAFT, .limit = 50};
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--region", &v) && v) {
            if (pl_region_code_normalize(region, v) < 0)
                return pl_error_set(&c->err, PL_EINVAL, "region", "kode wilayah '%s' tidak valid",
                                    v);
            q.region = region;
        } else if (pl_cli_opt(argc, argv, &i, "--limit", &v) && v) {
            q.limit = atoi(v);
        } else if (pl_cli_opt(argc, argv, &i, "--after", &v) && v) {
            q.after_id = atoll(v);
        } else {
            return pl_cli_bad_option(c, argv[i]);
        }
    }
    if (q.limit < 1 || q.limit > 1000)
        return pl_error_set(&c->err, PL_EINVAL, "limit", "--limit harus 1 sampai 1000");
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    queue_ctx k = {c, c->json ? json_array() : NULL, 0, 0};
    rc = pl_store_person_search(s, &q, print_queued, &k, &c->err);
    pl_store_close(s);
    if (rc) {
        json_decref(k.arr);
        return rc;
    }
    bool more = k.n == q.limit;
    if (c->json)
        return pl_cli_print_json(c, json_pack("{s:o,s:o}", "items", k.arr, "next",
                                              more ? json_integer(k.last) : json_null()));
    if (k.n == 0)
        fprintf(c->out, "Antrean verifikasi kosong.\n");
    else if (more)
        fprintf(c->out, "(ada lagi: ulangi dengan --after %lld)\n", (long long)k.last);
    return 0;
}

typedef struct ids {
    int64_t *v;
    size_t n, cap;
} ids;

static int push_id(ids *l, int64_t id)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        int64_t *p = realloc(l->v, cap * sizeof *p);
        if (p == NULL)
            return PL_ENOMEM;
        l->v = p;
        l->cap = cap;
    }
    l->v[l->n++] = id;
    return 0;
}

static int collect_id(void *ctx, const pl_person *p)
{
    return push_id(ctx, p->id);
}

/* accept / reject share everything but the target state. */
static int set_state(pl_cli *c, int argc, char **argv, const char *state)
{
    const char *reason = NULL;
    char region[PL_REGION_CODE_MAX] = "";
    bool all = false;
    ids list = {0};
    pl_store *s = NULL;
    int rc = 0;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--reason", &v) && v) {
            reason = v;
        } else if (pl_cli_opt(argc, argv, &i, "--region", &v) && v) {
            if (pl_region_code_normalize(region, v) < 0) {
                rc = pl_error_set(&c->err, PL_EINVAL, "region", "kode wilayah '%s' tidak valid", v);
                goto out;
            }
        } else if (strcmp(argv[i], "--all-drafts") == 0) {
            all = true;
        } else if (argv[i][0] != '-') {
            continue; /* identifiers, resolved below */
        } else {
            rc = pl_cli_bad_option(c, argv[i]);
            goto out;
        }
    }
    if (strcmp(state, PL_STATE_REJECTED) == 0 && (reason == NULL || reason[0] == '\0')) {
        rc = pl_error_set(&c->err, PL_EINVAL, "alasan", "penolakan wajib disertai --reason");
        goto out;
    }
    if (all && region[0] == '\0') {
        rc = pl_error_set(&c->err, PL_EINVAL, "region", "--all-drafts memerlukan --region");
        goto out;
    }
    if ((rc = pl_cli_open(c, &s, 0)))
        goto out;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] == '-') {
            if (strcmp(a, "--reason") == 0 || strcmp(a, "--region") == 0)
                i++;
            continue;
        }
        pl_person p;
        if (strlen(a) == 16)
            rc = pl_store_person_get_by_nik(s, &p, a, &c->err);
        else
            rc = pl_store_person_get(s, &p, atoll(a), &c->err);
        if (rc)
            goto out;
        if ((rc = push_id(&list, p.id))) {
            pl_error_set(&c->err, rc, "", "memori tidak cukup");
            goto out;
        }
    }
    if (all) {
        pl_person_query q = {.scope = "", .region = region, .state = PL_STATE_DRAFT, .limit = 1000};
        size_t before;
        do {
            before = list.n;
            q.after_id = list.n ? list.v[list.n - 1] : 0;
            if ((rc = pl_store_person_search(s, &q, collect_id, &list, &c->err)))
                goto out;
        } while (list.n - before == 1000);
    }
    if (list.n == 0) {
        rc = pl_error_set(&c->err, PL_EINVAL, "id",
                          "beri NIK/id orang, atau --region dengan "
                          "--all-drafts");
        goto out;
    }
    /* All or none: one transaction for the batch. */
    if ((rc = pl_store_begin(s, &c->err)))
        goto out;
    for (size_t i = 0; i < list.n && rc == 0; i++)
        rc = pl_store_person_set_state(s, &c->actor, list.v[i], state, reason, &c->err);
    if (rc == 0)
        rc = pl_store_commit(s, &c->err);
    if (rc) {
        pl_store_rollback(s);
        goto out;
    }
    if (c->json)
        rc = pl_cli_print_json(c,
                               json_pack("{s:s,s:I}", "state", state, "count", (json_int_t)list.n));
    else
        fprintf(c->out, "%zu orang ditandai %s.\n", list.n,
                strcmp(state, PL_STATE_VERIFIED) == 0 ? "terverifikasi" : "ditolak");
out:
    pl_store_close(s);
    free(list.v);
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
