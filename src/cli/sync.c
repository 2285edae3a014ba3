/*
 * sync.c - `pilar sync ...`: offline instances (service/sync_field.h in the
 * field, service/sync.h at the office). In the field: init, sync (push then
 * pull), status, conflicts, resolve, export; `import` takes an answer package
 * in the field and a change package at the office (which writes the answer).
 */
#include "cli/cli.h"
#include "io/sync_json.h"
#include "service/sync.h"
#include "service/sync_field.h"
#include "store/sync.h"
#include "util/fs.h"

#include <stdlib.h>
#include <string.h>

static const char *const state_words[5] = {"tersinkron", "menunggu dikirim", "sedang dikirim",
                                           "bentrok", "ditolak server"};

static void print_report(pl_cli *c, const pl_sync_report *r)
{
    if (c->json) {
        pl_cli_print_json(
            c, json_pack("{s:I,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i}", "instance",
                         (json_int_t)r->instance_id, "regions", (int)r->regions, "pushed",
                         (int)r->pushed, "applied", (int)r->applied, "conflicts", (int)r->conflicts,
                         "refused", (int)r->refused, "pulled", (int)r->pulled, "new_conflicts",
                         (int)r->new_conflicts, "package_bytes", (int)r->package_bytes));
        return;
    }
    if (r->regions)
        fprintf(c->out, "Wilayah disalin: %ld\n", r->regions);
    fprintf(c->out,
            "Dikirim: %ld perubahan (diterapkan %ld, bentrok %ld, ditolak %ld). Diterima dari "
            "server: %ld data; bentrok baru: %ld.\n",
            r->pushed, r->applied, r->conflicts, r->refused, r->pulled, r->new_conflicts);
}

static int open_rw(pl_cli *c, pl_store **s)
{
    return pl_cli_open(c, s, c->store_flags);
}

int pl_cmd_sync_init(pl_cli *c, int argc, char **argv)
{
    const char *server = NULL, *token = NULL, *scope = NULL, *name = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--server", &v) && v)
            server = v;
        else if (pl_cli_opt(argc, argv, &i, "--token", &v) && v)
            token = v;
        else if (pl_cli_opt(argc, argv, &i, "--scope", &v) && v)
            scope = v;
        else if (pl_cli_opt(argc, argv, &i, "--name", &v) && v)
            name = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (!server || !token || !scope)
        return pl_error_set(&c->err, PL_EINVAL, "server",
                            "perlu --server URL, --token TOKEN dan --scope KODE");
    char defname[128];
    snprintf(defname, sizeof defname, "instans %s (%s)", scope, c->db_path);
    pl_store *s = NULL;
    int rc = pl_store_open(&s, c->db_path, PL_STORE_CREATE | c->store_flags, &c->err);
    if (rc)
        return rc;
    pl_cli_note_store(c, s);
    pl_sync_report rep;
    if ((rc = pl_store_migrate(s, NULL, NULL, &c->err)) == 0 &&
        (rc = pl_sync_field_init(&rep, s, &c->actor, server, token, scope, name ? name : defname,
                                 &c->err)) == 0) {
        if (!c->json)
            fprintf(c->out, "Instans luring %lld dibuat di %s untuk wilayah %s.\n",
                    (long long)rep.instance_id, c->db_shown, scope);
        print_report(c, &rep);
    }
    pl_store_close(s);
    return rc;
}

int pl_cmd_sync_run(pl_cli *c, int argc, char **argv)
{
    if (argc > 0)
        return pl_cli_bad_option(c, argv[0]);
    pl_store *s = NULL;
    int rc = open_rw(c, &s);
    if (rc)
        return rc;
    pl_sync_report rep;
    rc = pl_sync_field_run(&rep, s, &c->actor, &c->err);
    if (rc == 0)
        print_report(c, &rep);
    pl_store_close(s);
    return rc;
}

typedef struct status_ctx {
    pl_cli *c;
    json_t *arr;
    pl_store *s;
} status_ctx;

static int print_record(void *ctx, const pl_sync_record *r)
{
    status_ctx *x = ctx;
    if (x->arr)
        return json_array_append_new(x->arr, json_pack("{s:s,s:I,s:I,s:s,s:s}", "entity", r->entity,
                                                       "id", (json_int_t)r->local_id, "server_id",
                                                       (json_int_t)r->server_id, "state", r->state,
                                                       "message", r->message))
                   ? PL_ENOMEM
                   : 0;
    fprintf(x->c->out, "%-10s %-8lld %-8s %-9s %s\n", r->entity, (long long)r->local_id,
            r->server_id ? "" : "(baru)", r->state, r->message);
    return 0;
}

int pl_cmd_sync_status(pl_cli *c, int argc, char **argv)
{
    if (argc > 0)
        return pl_cli_bad_option(c, argv[0]);
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    long counts[5], outbox = 0;
    char cursor[64] = "", inst[24] = "", scope[PL_REGION_CODE_MAX] = "";
    status_ctx x = {c, c->json ? json_array() : NULL, s};
    if ((rc = pl_store_sync_meta_get(s, "instance", inst, sizeof inst, &c->err)) ||
        (rc = pl_store_sync_meta_get(s, "scope", scope, sizeof scope, &c->err)) ||
        (rc = pl_store_sync_meta_get(s, "cursor", cursor, sizeof cursor, &c->err)) ||
        (rc = pl_store_sync_record_counts(s, counts, &c->err)) ||
        (rc = pl_store_sync_outbox_count(s, &outbox, &c->err)))
        goto out;
    if (!c->json) {
        fprintf(c->out, "Instans luring %s, wilayah %s, penanda %s\n", inst, scope,
                cursor[0] ? cursor : "(belum)");
        for (int i = 0; i < 5; i++)
            fprintf(c->out, "  %-17s %ld\n", state_words[i], counts[i]);
        fprintf(c->out, "  perubahan dalam antrean kirim: %ld\n", outbox);
    }
    rc = pl_store_sync_record_list(s, NULL, NULL, 0, 100000, print_record, &x, &c->err);
    if (rc == 0 && c->json)
        rc = pl_cli_print_json(
            c, json_pack("{s:s,s:s,s:s,s:{s:i,s:i,s:i,s:i,s:i},s:i,s:O}", "instance", inst, "scope",
                         scope, "cursor", cursor, "counts", "synced", (int)counts[0], "to_push",
                         (int)counts[1], "pushing", (int)counts[2], "conflict", (int)counts[3],
                         "refused", (int)counts[4], "outbox", (int)outbox, "waiting", x.arr));
out:
    json_decref(x.arr);
    pl_store_close(s);
    return rc;
}

static int print_conflict(void *ctx, const pl_sync_conflict *k)
{
    status_ctx *x = ctx;
    if (x->arr)
        return json_array_append_new(x->arr,
                                     json_pack("{s:s,s:I,s:I,s:O,s:O,s:O}", "entity",
                                               k->rec->entity, "id", (json_int_t)k->rec->local_id,
                                               "server_id", (json_int_t)k->rec->server_id, "fields",
                                               k->fields, "local", k->local, "server", k->server))
                   ? PL_ENOMEM
                   : 0;
    fprintf(x->c->out, "%s:%lld (server %lld) %s\n", k->rec->entity, (long long)k->rec->local_id,
            (long long)k->rec->server_id, k->rec->message);
    fprintf(x->c->out, "  %-14s | %-30s | %-30s\n", "kolom", "lokal", "server");
    size_t i;
    json_t *f;
    json_array_foreach(k->fields, i, f)
    {
        const char *key = json_string_value(f);
        char *l = json_dumps(json_object_get(k->local, key), JSON_ENCODE_ANY);
        char *r = json_dumps(json_object_get(k->server, key), JSON_ENCODE_ANY);
        fprintf(x->c->out, "  %-14s | %-30s | %-30s\n", key, l ? l : "null", r ? r : "null");
        free(l);
        free(r);
    }
    return 0;
}

int pl_cmd_sync_conflicts(pl_cli *c, int argc, char **argv)
{
    if (argc > 0)
        return pl_cli_bad_option(c, argv[0]);
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    status_ctx x = {c, c->json ? json_array() : NULL, s};
    rc = pl_sync_field_conflicts(s, print_conflict, &x, &c->err);
    if (rc == 0 && c->json)
        rc = pl_cli_print_json(c, json_pack("{s:O}", "items", x.arr));
    json_decref(x.arr);
    pl_store_close(s);
    return rc;
}

int pl_cmd_sync_resolve(pl_cli *c, int argc, char **argv)
{
    if (argc < 1)
        return pl_error_set(&c->err, PL_EINVAL, "id", "sebutkan data: [person:]ID");
    char entity[16] = "person";
    const char *id_text = argv[0];
    const char *colon = strchr(argv[0], ':');
    if (colon) {
        snprintf(entity, sizeof entity, "%.*s", (int)(colon - argv[0]), argv[0]);
        id_text = colon + 1;
    }
    char *end;
    long long id = strtoll(id_text, &end, 10);
    if (*end || id < 1)
        return pl_error_set(&c->err, PL_EINVAL, "id", "id data tidak sah: %s", argv[0]);
    pl_sync_take takes[32];
    char names[32][40];
    int n = 0;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        if (!(pl_cli_opt(argc, argv, &i, "--take", &v) && v))
            return pl_cli_bad_option(c, argv[i]);
        const char *eq = strchr(v, '=');
        if (eq == NULL || n == 32 || (size_t)(eq - v) >= sizeof names[0] ||
            (strcmp(eq + 1, "local") && strcmp(eq + 1, "server")))
            return pl_error_set(&c->err, PL_EINVAL, "take",
                                "--take KOLOM=local atau KOLOM=server (bukan '%s')", v);
        snprintf(names[n], sizeof names[n], "%.*s", (int)(eq - v), v);
        takes[n].field = names[n];
        takes[n].local = strcmp(eq + 1, "local") == 0;
        n++;
    }
    pl_store *s = NULL;
    int rc = open_rw(c, &s);
    if (rc)
        return rc;
    rc = pl_sync_field_resolve(s, &c->actor, entity, id, takes, n, &c->err);
    if (rc == 0 && !c->json)
        fprintf(c->out, "Bentrok %s:%lld diselesaikan; jalankan 'pilar sync' untuk mengirim.\n",
                entity, id);
    else if (rc == 0)
        rc = pl_cli_print_json(c, json_pack("{s:s,s:I,s:s}", "entity", entity, "id", (json_int_t)id,
                                            "state", "resolved"));
    pl_store_close(s);
    return rc;
}

static int write_file(pl_cli *c, const char *path, const unsigned char *p, size_t n)
{
    FILE *f = NULL;
    int rc = pl_fs_create(&f, path, &c->err);
    if (rc)
        return rc;
    bool ok = fwrite(p, 1, n, f) == n;
    ok = fclose(f) == 0 && ok;
    return ok ? 0 : pl_error_set(&c->err, PL_EIO, "out", "berkas %s tidak dapat ditulis", path);
}

static int read_file(pl_cli *c, unsigned char **out, size_t *len, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "file", "berkas %s tidak dapat dibuka", path);
    unsigned char *buf = NULL;
    size_t n = 0;
    if (fseek(f, 0, SEEK_END) == 0) {
        long sz = ftell(f);
        if (sz >= 0 && (size_t)sz <= PL_SYNC_PACKAGE_MAX && fseek(f, 0, SEEK_SET) == 0 &&
            (buf = malloc((size_t)sz + 1)) != NULL)
            n = fread(buf, 1, (size_t)sz, f);
    }
    fclose(f);
    if (buf == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "file", "berkas %s tidak dapat dibaca", path);
    *out = buf;
    *len = n;
    return 0;
}

int pl_cmd_sync_export(pl_cli *c, int argc, char **argv)
{
    const char *out = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--out", &v) && v)
            out = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (out == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "out", "perlu --out BERKAS");
    pl_store *s = NULL;
    int rc = open_rw(c, &s);
    if (rc)
        return rc;
    unsigned char *pkg = NULL;
    size_t len = 0;
    pl_sync_report rep;
    if ((rc = pl_sync_field_export(&pkg, &len, &rep, s, &c->err)) == 0 &&
        (rc = write_file(c, out, pkg, len)) == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, json_pack("{s:s,s:i,s:I}", "out", out, "changes",
                                                (int)rep.pushed, "bytes", (json_int_t)len));
        else
            fprintf(c->out, "Paket %s ditulis: %ld perubahan, %zu bait (ditandatangani).\n", out,
                    rep.pushed, len);
    }
    free(pkg);
    pl_store_close(s);
    return rc;
}

int pl_cmd_sync_import(pl_cli *c, int argc, char **argv)
{
    const char *in = NULL, *answer = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--answer", &v) && v)
            answer = v;
        else if (argv[i][0] != '-' && in == NULL)
            in = argv[i];
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (in == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "file", "sebutkan berkas paket");
    unsigned char *pkg = NULL, *ans = NULL;
    size_t len = 0, alen = 0;
    int rc = read_file(c, &pkg, &len, in);
    if (rc)
        return rc;
    char kind = 0;
    int64_t inst, seq;
    pl_store *s = NULL;
    if ((rc = pl_sync_package_peek(&kind, &inst, &seq, pkg, len, &c->err)) || (rc = open_rw(c, &s)))
        goto out;
    if (kind == 'A') {
        pl_sync_report rep;
        if ((rc = pl_sync_field_import(&rep, s, &c->actor, pkg, len, &c->err)) == 0)
            print_report(c, &rep);
        goto out;
    }
    if (answer == NULL) {
        rc = pl_error_set(&c->err, PL_EINVAL, "answer",
                          "paket perubahan dari lapangan: perlu --answer BERKAS untuk jawabannya");
        goto out;
    }
    pl_sync_apply_summary sum;
    if ((rc = pl_sync_package_apply(&ans, &alen, &sum, s, c->actor.user, "", pkg, len, true,
                                    &c->err)) ||
        (rc = write_file(c, answer, ans, alen)))
        goto out;
    if (c->json)
        rc = pl_cli_print_json(c, json_pack("{s:I,s:I,s:i,s:i,s:i,s:i,s:i,s:s,s:I}", "instance",
                                            (json_int_t)sum.instance_id, "seq", (json_int_t)sum.seq,
                                            "applied", (int)sum.applied, "conflicts",
                                            (int)sum.conflicts, "refused", (int)sum.refused,
                                            "repeated", (int)sum.repeated, "feed", (int)sum.feed,
                                            "answer", answer, "answer_bytes", (json_int_t)alen));
    else
        fprintf(c->out,
                "Paket %lld dari instans %lld: diterapkan %ld, bentrok %ld, ditolak %ld, sudah "
                "pernah %ld. Jawaban %s (%zu bait, %ld data untuk lapangan).\n",
                (long long)sum.seq, (long long)sum.instance_id, sum.applied, sum.conflicts,
                sum.refused, sum.repeated, answer, alen, sum.feed);
out:
    free(pkg);
    free(ans);
    pl_store_close(s);
    return rc;
}

typedef struct inst_ctx {
    pl_cli *c;
    json_t *arr;
} inst_ctx;

static int print_instance(void *ctx, const pl_sync_instance *in)
{
    inst_ctx *x = ctx;
    if (x->arr)
        return json_array_append_new(x->arr, pl_json_sync_instance(in)) ? PL_ENOMEM : 0;
    fprintf(x->c->out, "%-5lld %-30.30s %-14s %-10s %s%s\n", (long long)in->id, in->name, in->scope,
            in->created_by, in->revoked_at[0] ? "dicabut " : "aktif", in->revoked_at);
    return 0;
}

int pl_cmd_sync_instances(pl_cli *c, int argc, char **argv)
{
    const char *revoke = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--revoke", &v) && v)
            revoke = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    pl_store *s = NULL;
    int rc = open_rw(c, &s);
    if (rc)
        return rc;
    if (revoke) {
        pl_sync_instance in;
        if ((rc = pl_sync_instance_revoke(&in, s, &c->actor, "", strtoll(revoke, NULL, 10),
                                          &c->err)) == 0 &&
            !c->json)
            fprintf(c->out, "Instans %lld (%s) dicabut.\n", (long long)in.id, in.name);
    }
    inst_ctx x = {c, c->json ? json_array() : NULL};
    if (rc == 0)
        rc = pl_store_sync_instance_list(s, "", print_instance, &x, &c->err);
    if (rc == 0 && c->json)
        rc = pl_cli_print_json(c, json_pack("{s:O}", "items", x.arr));
    json_decref(x.arr);
    pl_store_close(s);
    return rc;
}
