/*
 * dedup.c - `pilar dedup`: duplicate detection over the store (or straight
 * over an import file with --csv, for the benchmark), the candidate list,
 * merge with undo, and "not the same person".
 */
#include "cli/cli.h"
#include "io/program_json.h"
#include "service/dedup.h"
#include "store/dedup.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

static int print_stats(pl_cli *c, const pl_dedup_stats *st, long written)
{
    double rate = st->seconds > 0 ? (double)st->comparisons / st->seconds : 0;
    if (c->json)
        return pl_cli_print_json(
            c,
            json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:f,s:f}", "records", (json_int_t)st->records,
                      "blocks", (json_int_t)st->blocks, "comparisons", (json_int_t)st->comparisons,
                      "pairs", (json_int_t)st->pairs, "exact", (json_int_t)st->exact, "written",
                      (json_int_t)written, "seconds", st->seconds, "pairs_per_second", rate));
    fprintf(c->out,
            "%ld data, %ld blok, %lld pasangan dibandingkan (%.0f/detik), %ld kandidat duplikat "
            "(%ld pasti), %.2f detik\n",
            st->records, st->blocks, st->comparisons, rate, st->pairs, st->exact, st->seconds);
    if (written >= 0)
        fprintf(c->out, "%ld kandidat dicatat; lihat 'pilar dedup list'.\n", written);
    return 0;
}

/* --csv mode: every row of the file, pairs of data-row numbers to --pairs-out. */
static int run_table(pl_cli *c, const char *path, const char *pairs_out,
                     const pl_dedup_options *opt)
{
    pl_dedup_set *set = NULL;
    pl_dedup_pair *pairs = NULL;
    size_t n = 0;
    FILE *f = NULL;
    int rc = pl_dedup_set_new(&set, &c->err);
    if (rc)
        goto out;
    if ((rc = pl_dedup_load_table(set, path, &c->err)))
        goto out;
    pl_dedup_stats st = {0};
    if ((rc = pl_dedup_run(&pairs, &n, set, opt, &st, &c->err)))
        goto out;
    if (pairs_out) {
        f = fopen(pairs_out, "w");
        if (f == NULL) {
            rc = pl_error_set(&c->err, PL_EIO, "pairs-out", "tidak dapat menulis %s", pairs_out);
            goto out;
        }
        fputs("row_a,row_b,score,reasons\n", f);
        for (size_t i = 0; i < n; i++) {
            char why[256];
            pl_match_reasons_text(why, sizeof why, pairs[i].why, true);
            fprintf(f, "%lld,%lld,%.3f,\"%s\"\n", (long long)pairs[i].a, (long long)pairs[i].b,
                    pairs[i].score, why);
        }
        if (fclose(f) != 0) {
            f = NULL;
            rc = pl_error_set(&c->err, PL_EIO, "pairs-out", "gagal menulis %s", pairs_out);
            goto out;
        }
        f = NULL;
    }
    rc = print_stats(c, &st, -1);
out:
    if (f)
        fclose(f);
    free(pairs);
    pl_dedup_set_free(set);
    return rc;
}

int pl_cmd_dedup(pl_cli *c, int argc, char **argv)
{
    char region[PL_REGION_CODE_MAX] = "";
    const char *csv = NULL, *pairs_out = NULL;
    pl_dedup_options opt = {.threshold = 0.8, .threads = 2};
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--region", &v) && v) {
            if (pl_cli_region_opt(c, region, v))
                return c->err.code;
        } else if (pl_cli_opt(argc, argv, &i, "--threshold", &v) && v) {
            opt.threshold = atof(v);
            if (!(opt.threshold > 0 && opt.threshold <= 1))
                return pl_error_set(&c->err, PL_EINVAL, "threshold",
                                    "--threshold harus antara 0 dan 1");
        } else if (pl_cli_opt(argc, argv, &i, "--threads", &v) && v) {
            opt.threads = atoi(v);
            if (opt.threads < 1 || opt.threads > 16)
                return pl_error_set(&c->err, PL_EINVAL, "threads", "--threads harus 1..16");
        } else if (pl_cli_opt(argc, argv, &i, "--csv", &v) && v) {
            csv = v;
        } else if (pl_cli_opt(argc, argv, &i, "--pairs-out", &v) && v) {
            pairs_out = v;
        } else {
            return pl_cli_bad_option(c, argv[i]);
        }
    }
    if (csv)
        return run_table(c, csv, pairs_out, &opt);
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    pl_dedup_stats st = {0};
    long written = 0;
    rc = pl_dedup_detect(s, &c->actor, region, "", &opt, &st, &written, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    return print_stats(c, &st, written);
}

static int print_candidate(void *ctx, const pl_dedup_candidate *d)
{
    pl_cli_list *l = ctx;
    l->n++;
    if (l->arr) {
        json_array_append_new(l->arr, pl_json_dedup_candidate(d, 0));
        return 0;
    }
    fprintf(l->c->out, "%-6lld %.2f %-8s #%-7lld %-28s #%-7lld %-28s %s%s\n", (long long)d->id,
            d->score, d->status, (long long)d->person_a, d->name_a, (long long)d->person_b,
            d->name_b, d->exact ? "[pasti] " : "", d->reasons);
    return 0;
}

int pl_cmd_dedup_list(pl_cli *c, int argc, char **argv)
{
    const char *status = "open";
    double min = 0;
    int limit = 100;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--status", &v) && v) {
            if (strcmp(v, "open") && strcmp(v, "not_same") && strcmp(v, "merged") &&
                strcmp(v, "all"))
                return pl_error_set(&c->err, PL_EINVAL, "status",
                                    "--status harus open, not_same, merged atau all");
            status = strcmp(v, "all") == 0 ? NULL : v;
        } else if (pl_cli_opt(argc, argv, &i, "--min-score", &v) && v) {
            min = atof(v);
        } else if (pl_cli_opt(argc, argv, &i, "--limit", &v) && v) {
            limit = atoi(v);
        } else {
            return pl_cli_bad_option(c, argv[i]);
        }
    }
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    pl_cli_list l = pl_cli_list_begin(c);
    rc = pl_store_dedup_candidate_list(s, status, min, "", limit, print_candidate, &l, &c->err);
    pl_store_close(s);
    return pl_cli_list_end(&l, rc, 0, "Tidak ada kandidat duplikat.");
}

/* Reads the two people (NIK or id) and the --reason option of merge and distinct. */
static int two_people(pl_cli *c, int argc, char **argv, const char *pos[2], const char **reason)
{
    int np = 0;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (reason && pl_cli_opt(argc, argv, &i, "--reason", &v) && v)
            *reason = v;
        else if (argv[i][0] != '-' && np < 2)
            pos[np++] = argv[i];
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (np != 2)
        return pl_error_set(&c->err, PL_EINVAL, "", "sebutkan dua orang: A B (NIK atau id)");
    return 0;
}

int pl_cmd_dedup_merge(pl_cli *c, int argc, char **argv)
{
    const char *pos[2] = {NULL, NULL};
    pl_store *s = NULL;
    int64_t a = 0, b = 0, id = 0;
    int rc = two_people(c, argc, argv, pos, NULL);
    if (rc || (rc = pl_cli_open(c, &s, 0)))
        return rc;
    rc = pl_dedup_merge(s, &c->actor, pos[0], pos[1], &a, &b, &id, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json)
        return pl_cli_print_json(c, json_pack("{s:I,s:I,s:I}", "merge_id", (json_int_t)id,
                                              "survivor", (json_int_t)a, "merged", (json_int_t)b));
    fprintf(c->out,
            "Orang #%lld digabung ke #%lld (penggabungan %lld; batalkan dengan "
            "'pilar dedup undo %lld').\n",
            (long long)b, (long long)a, (long long)id, (long long)id);
    return 0;
}

int pl_cmd_dedup_undo(pl_cli *c, int argc, char **argv)
{
    int64_t id = argc == 1 ? atoll(argv[0]) : 0;
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    rc = pl_dedup_undo(s, &c->actor, id, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json)
        return pl_cli_print_json(c,
                                 json_pack("{s:I,s:b}", "merge_id", (json_int_t)id, "undone", 1));
    fprintf(c->out, "Penggabungan %lld dibatalkan; kedua data kembali seperti semula.\n",
            (long long)id);
    return 0;
}

int pl_cmd_dedup_distinct(pl_cli *c, int argc, char **argv)
{
    const char *pos[2] = {NULL, NULL};
    pl_store *s = NULL;
    int64_t a = 0, b = 0;
    const char *reason = "";
    int rc = two_people(c, argc, argv, pos, &reason);
    if (rc || (rc = pl_cli_open(c, &s, 0)))
        return rc;
    rc = pl_dedup_distinct(s, &c->actor, pos[0], pos[1], reason, &a, &b, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json)
        return pl_cli_print_json(c, json_pack("{s:I,s:I,s:s}", "person_a", (json_int_t)a,
                                              "person_b", (json_int_t)b, "status", "not_same"));
    fprintf(c->out, "#%lld dan #%lld dicatat bukan orang yang sama; tidak diusulkan lagi.\n",
            (long long)a, (long long)b);
    return 0;
}
