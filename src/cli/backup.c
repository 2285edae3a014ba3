/* backup.c - `pilar backup` and `pilar restore` (service/backup.h). */
#include "cli/cli.h"
#include "service/backup.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static json_t *manifest_json(const pl_backup_manifest *m)
{
    return json_pack("{s:s,s:s,s:i,s:b,s:{s:I,s:I,s:I,s:I,s:I,s:I},s:{s:I,s:s,s:s}}", "created_at",
                     m->created_at, "source", m->source, "schema_version", m->stats.schema_version,
                     "encrypted", m->encrypted, "counts", "people", (json_int_t)m->stats.people,
                     "households", (json_int_t)m->stats.households, "memberships",
                     (json_int_t)m->stats.memberships, "users", (json_int_t)m->stats.users, "audit",
                     (json_int_t)m->stats.audit_rows, "audit_read", (json_int_t)m->stats.read_rows,
                     "audit_head", "id", (json_int_t)m->stats.head.id, "at", m->stats.head.at,
                     "hash", m->stats.head.hash);
}

static void print_manifest(pl_cli *c, const pl_backup_manifest *m)
{
    fprintf(c->out,
            "  dibuat %s dari %s%s\n"
            "  skema versi %d: %lld orang, %lld keluarga, %lld keanggotaan PMKS, %lld akun,\n"
            "  %lld baris audit perubahan, %lld baris audit baca\n"
            "  kepala audit: id %lld %s %s\n",
            m->created_at, m->source, m->encrypted ? " (terenkripsi)" : "", m->stats.schema_version,
            (long long)m->stats.people, (long long)m->stats.households,
            (long long)m->stats.memberships, (long long)m->stats.users,
            (long long)m->stats.audit_rows, (long long)m->stats.read_rows,
            (long long)m->stats.head.id, m->stats.head.at, m->stats.head.hash);
}

int pl_cmd_backup(pl_cli *c, int argc, char **argv)
{
    pl_backup_options o = {0};
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--out", &v) && v)
            o.out = v;
        else if (pl_cli_opt(argc, argv, &i, "--encrypt-key-file", &v) && v)
            o.key_file = v;
        else if (pl_cli_opt(argc, argv, &i, "--keep", &v) && v) {
            char *end;
            long n = strtol(v, &end, 10);
            if (*v == '\0' || *end != '\0' || n < 1 || n > 100000)
                return pl_error_set(&c->err, PL_EINVAL, "keep",
                                    "--keep harus bilangan 1 atau lebih");
            o.keep = (int)n;
        } else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (o.out == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "out",
                            "sebutkan --out BERKAS atau --out DIREKTORI");
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    pl_backup_result r;
    rc = pl_backup_create(s, c->db_path, &o, time(NULL), &r, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json) {
        json_t *j = manifest_json(&r.m);
        json_object_set_new(j, "file", json_string(r.path));
        json_object_set_new(j, "bytes", json_integer(r.bytes));
        json_object_set_new(j, "verified", json_true());
        json_object_set_new(j, "removed", json_integer(r.removed));
        return pl_cli_print_json(c, j);
    }
    fprintf(c->out, "Cadangan ditulis dan diperiksa: %s (%lld bait)\n", r.path, (long long)r.bytes);
    print_manifest(c, &r.m);
    if (o.keep > 0)
        fprintf(c->out, "  rotasi: %d cadangan terbaru disimpan, %d yang lama dihapus\n", o.keep,
                r.removed);
    return 0;
}

int pl_cmd_restore(pl_cli *c, int argc, char **argv)
{
    const char *file = NULL, *key = NULL;
    bool dry = false;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (strcmp(argv[i], "--dry-run") == 0)
            dry = true;
        else if (pl_cli_opt(argc, argv, &i, "--encrypt-key-file", &v) && v)
            key = v;
        else if (argv[i][0] != '-' && file == NULL)
            file = argv[i];
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (file == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "file", "sebutkan berkas cadangan");
    pl_backup_restored r;
    int rc = pl_backup_restore(file, key, c->db_path, dry, &r, &c->err);
    if (rc)
        return rc;
    if (c->json) {
        json_t *j = manifest_json(&r.m);
        json_object_set_new(j, "file", json_string(file));
        json_object_set_new(j, "db", json_string(c->db_shown));
        json_object_set_new(j, "dry_run", json_boolean(dry));
        json_object_set_new(j, "before_restore", r.replaced ? json_string(r.before) : json_null());
        return pl_cli_print_json(c, j);
    }
    if (dry) {
        fprintf(c->out,
                "Uji coba: cadangan %s utuh dan akan dipulihkan ke %s (tidak ada yang diubah):\n",
                file, c->db_shown);
    } else {
        fprintf(c->out, "Dipulihkan ke %s dari %s:\n", c->db_shown, file);
    }
    print_manifest(c, &r.m);
    if (r.replaced)
        fprintf(c->out, "  basis data sebelumnya disimpan sebagai %s (dan %s-reads)\n", r.before,
                r.before);
    return 0;
}
