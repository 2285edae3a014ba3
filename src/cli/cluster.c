/* cluster.c - `pilar cluster init|status|move` (service/cluster.h, docs/scale.md). */
#include "cli/cli.h"
#include "domain/numfmt.h"
#include "service/cluster.h"
#include "service/cluster_xact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "64=URL" or "11,12=URL" into sh (number given). */
static int parse_shard(pl_cli *c, const char *spec, int number, pl_cluster_shard *sh)
{
    memset(sh, 0, sizeof *sh);
    sh->number = number;
    const char *eq = strchr(spec, '=');
    if (eq == NULL || eq == spec || eq[1] == '\0')
        return pl_error_set(&c->err, PL_EINVAL, "shard",
                            "--shard harus berbentuk PROV=URL atau PROV,PROV=URL (mis. "
                            "--shard 64=postgresql://host/pilar), bukan '%s'",
                            spec);
    if (strlen(eq + 1) >= sizeof sh->conninfo)
        return pl_error_set(&c->err, PL_EINVAL, "shard", "URL shard %d terlalu panjang", number);
    snprintf(sh->conninfo, sizeof sh->conninfo, "%s", eq + 1);
    for (const char *p = spec; p < eq;) {
        size_t len = strcspn(p, ",=");
        if (len != 2 || p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
            return pl_error_set(&c->err, PL_EINVAL, "shard",
                                "'%.*s' bukan kode provinsi (dua angka, mis. 64)", (int)len, p);
        if (sh->n_provs == PL_CLUSTER_MAX_PROVS)
            return pl_error_set(&c->err, PL_EINVAL, "shard", "terlalu banyak provinsi di shard %d",
                                number);
        memcpy(sh->provs[sh->n_provs++], p, 2);
        p += len;
        p += *p == ',';
    }
    return 0;
}

static void provs_text(char *out, size_t cap, const pl_cluster_shard *sh)
{
    out[0] = '\0';
    for (int k = 0; k < sh->n_provs; k++)
        snprintf(out + strlen(out), cap - strlen(out), "%s%s", k ? "," : "", sh->provs[k]);
}

int pl_cmd_cluster_init(pl_cli *c, int argc, char **argv)
{
    const char *coord = NULL;
    pl_cluster_shard *shards = calloc(PL_CLUSTER_MAX_SHARDS, sizeof *shards);
    pl_cluster_init_result *r = calloc(1, sizeof *r);
    int n = 0, rc = 0;
    if (shards == NULL || r == NULL) {
        rc = pl_error_set(&c->err, PL_ENOMEM, "", "memori tidak cukup");
        goto out;
    }
    for (int i = 0; rc == 0 && i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--coordinator", &v) && v)
            coord = v;
        else if (pl_cli_opt(argc, argv, &i, "--shard", &v) && v) {
            if (n == PL_CLUSTER_MAX_SHARDS)
                rc = pl_error_set(&c->err, PL_EINVAL, "shard", "paling banyak %d shard",
                                  PL_CLUSTER_MAX_SHARDS);
            else
                rc = parse_shard(c, v, n + 1, &shards[n]);
            n++;
        } else
            rc = pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        goto out;
    if (coord == NULL) {
        rc = pl_error_set(&c->err, PL_EINVAL, "coordinator",
                          "sebutkan --coordinator URL (basis data PostgreSQL koordinator)");
        goto out;
    }
    if (n == 0) {
        rc = pl_error_set(&c->err, PL_EINVAL, "shard",
                          "sebutkan paling sedikit satu --shard PROV=URL");
        goto out;
    }
    if ((rc = pl_cluster_init(coord, shards, n, c->store_flags, r, &c->err)))
        goto out;
    char shown[512], provs[160];
    pl_cli_shown_location(shown, sizeof shown, coord);
    if (c->json) {
        json_t *list = json_array();
        for (int i = 0; i < r->n_shards; i++) {
            const pl_cluster_init_shard *o = &r->shards[i];
            char loc[512];
            pl_cli_shown_location(loc, sizeof loc, shards[i].conninfo);
            json_t *pv = json_array();
            for (int k = 0; k < shards[i].n_provs; k++)
                json_array_append_new(pv, json_string(shards[i].provs[k]));
            json_array_append_new(list,
                                  json_pack("{s:i,s:s,s:o,s:i,s:I,s:I,s:b}", "number", o->number,
                                            "location", loc, "provinces", pv, "schema_version",
                                            o->to_version, "id_from", (json_int_t)o->id_lo, "id_to",
                                            (json_int_t)o->id_hi, "ids_set", o->restarted > 0));
        }
        rc = pl_cli_print_json(c, json_pack("{s:s,s:i,s:b,s:o,s:{s:I,s:I}}", "coordinator", shown,
                                            "schema_version", r->to_version, "again", r->again,
                                            "shards", list, "reservations", "nik",
                                            (json_int_t)r->niks, "kk", (json_int_t)r->kks));
        goto out;
    }
    fprintf(c->out, "Koordinator %s: versi skema %d.\n", shown, r->to_version);
    for (int i = 0; i < r->n_shards; i++) {
        const pl_cluster_init_shard *o = &r->shards[i];
        char loc[512], lo[32], hi[32];
        pl_cli_shown_location(loc, sizeof loc, shards[i].conninfo);
        provs_text(provs, sizeof provs, &shards[i]);
        pl_numfmt_int(lo, sizeof lo, o->id_lo);
        pl_numfmt_int(hi, sizeof hi, o->id_hi);
        fprintf(c->out, "Shard %d (provinsi %s) %s: versi skema %d, id %s sampai %s%s.\n",
                o->number, provs, loc, o->to_version, lo, hi,
                o->restarted ? " (diatur sekarang)" : "");
    }
    char nk[32], kk[32];
    pl_numfmt_int(nk, sizeof nk, r->niks);
    pl_numfmt_int(kk, sizeof kk, r->kks);
    fprintf(c->out,
            "Registri NIK/KK nasional: %s NIK dan %s No. KK dicadangkan; setiap shard "
            "mencadangkan NIK/KK barunya di koordinator.\n",
            nk, kk);
    if (r->again)
        fprintf(c->out, "Klaster sudah disiapkan dengan shard yang sama; server dan skema "
                        "national dibangun ulang.\n");
    else
        fprintf(c->out,
                "Klaster disiapkan: skema national di koordinator membaca provinsi dari %d "
                "shard. Periksa dengan 'pilar --db KOORDINATOR cluster status'.\n",
                r->n_shards);
out:
    free(shards);
    free(r);
    return rc;
}

typedef struct status_ctx {
    pl_cli *c;
    json_t *list;
    int down;
    json_t *moves;
    json_t *pending; /* cross-shard writes of the journal (cluster_xact) */
} status_ctx;

static int pending_row(void *ctx, const pl_xact_entry *e)
{
    status_ctx *x = ctx;
    if (x->c->json)
        return json_array_append_new(
                   x->pending,
                   json_pack("{s:s,s:s,s:I,s:s,s:s,s:s,s:s}", "gid", e->gid, "kind", e->kind,
                             "person_id", (json_int_t)e->person_id, "from_province", e->source_prov,
                             "to_province", e->target_prov, "decision", e->decision, "started_at",
                             e->started_at))
                   ? PL_ENOMEM
                   : 0;
    fprintf(x->c->out,
            "\nPENULISAN LINTAS SHARD TERTUNDA: %s (%s orang id %lld, provinsi %s ke %s), %s, "
            "sejak %s; bila prosesnya sudah berhenti, jalankan 'pilar cluster resolve'\n",
            e->gid, strcmp(e->kind, "merge") == 0 ? "penggabungan" : "perpindahan",
            (long long)e->person_id, e->source_prov, e->target_prov,
            e->decision[0] ? "sudah diputuskan" : "belum diputuskan", e->started_at);
    return 0;
}

static json_t *move_json(const pl_cluster_move *mv)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "province", mv->prov, "step", mv->step,
                     "source", mv->source_server, "source_location", mv->source_conninfo, "target",
                     mv->target_server, "target_location", mv->target_conninfo, "started_at",
                     mv->started_at, "updated_at", mv->updated_at);
}

/* A move under way, as `cluster status` shows it. */
static int move_row(void *ctx, const pl_cluster_move *mv)
{
    status_ctx *x = ctx;
    if (x->c->json)
        return json_array_append_new(x->moves, move_json(mv)) ? PL_ENOMEM : 0;
    fprintf(x->c->out,
            "\nPEMINDAHAN BERLANGSUNG: provinsi %s dari %s ke %s (%s), langkah %s sejak %s "
            "(diperbarui %s); lanjutkan dengan 'pilar cluster move %s --to URL' atau batalkan "
            "dengan --abort\n",
            mv->prov, mv->source_server, mv->target_server, mv->target_conninfo, mv->step,
            mv->started_at, mv->updated_at, mv->prov);
    return 0;
}

static json_t *status_json(const pl_cluster_shard_status *st)
{
    json_t *provs = json_array(), *standbys = json_array();
    for (int k = 0; k < st->n_provs; k++)
        json_array_append_new(provs,
                              json_pack("{s:s,s:I,s:I,s:I}", "province", st->provs[k].prov,
                                        "people", (json_int_t)st->provs[k].people, "households",
                                        (json_int_t)st->provs[k].households, "memberships",
                                        (json_int_t)st->provs[k].memberships));
    for (int k = 0; k < st->n_standbys; k++)
        json_array_append_new(standbys, json_pack("{s:s,s:s,s:s,s:s}", "name", st->standbys[k].name,
                                                  "state", st->standbys[k].state, "sync_state",
                                                  st->standbys[k].sync_state, "replay_lag",
                                                  st->standbys[k].replay_lag));
    json_t *o = json_pack("{s:s,s:s,s:b,s:o,s:o}", "server", st->server, "location", st->conninfo,
                          "reachable", st->reachable, "provinces", provs, "standbys", standbys);
    if (st->reachable)
        json_object_set_new(o, "schema_version", json_integer(st->schema_version));
    else
        json_object_set_new(o, "error", json_string(st->error));
    return o;
}

static int status_row(void *ctx, const pl_cluster_shard_status *st)
{
    status_ctx *x = ctx;
    pl_cli *c = x->c;
    x->down += !st->reachable;
    if (c->json)
        return json_array_append_new(x->list, status_json(st)) ? PL_ENOMEM : 0;
    fprintf(c->out, "\n%s  %s\n", st->server, st->conninfo);
    if (!st->reachable) {
        fprintf(c->out, "  TIDAK TERHUBUNG: %s\n", st->error);
        return 0;
    }
    fprintf(c->out, "  terhubung, versi skema %d\n", st->schema_version);
    for (int k = 0; k < st->n_provs; k++) {
        char a[32], b[32], d[32];
        pl_numfmt_int(a, sizeof a, st->provs[k].people);
        pl_numfmt_int(b, sizeof b, st->provs[k].households);
        pl_numfmt_int(d, sizeof d, st->provs[k].memberships);
        fprintf(c->out, "  provinsi %s: %s orang, %s keluarga, %s keanggotaan PMKS\n",
                st->provs[k].prov, a, b, d);
    }
    if (st->n_standbys == 0)
        fprintf(c->out, "  standby: tidak ada\n");
    for (int k = 0; k < st->n_standbys; k++)
        fprintf(c->out, "  standby %s: %s, %s, jeda putar ulang %s\n", st->standbys[k].name,
                st->standbys[k].state, st->standbys[k].sync_state,
                st->standbys[k].replay_lag[0] ? st->standbys[k].replay_lag : "-");
    return 0;
}

int pl_cmd_cluster_status(pl_cli *c, int argc, char **argv)
{
    if (argc > 0)
        return pl_cli_bad_option(c, argv[0]);
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    status_ctx x = {c, c->json ? json_array() : NULL, 0, c->json ? json_array() : NULL,
                    c->json ? json_array() : NULL};
    if (!c->json)
        fprintf(c->out, "Klaster dengan koordinator %s\n", c->db_shown);
    rc = pl_cluster_status(s, status_row, &x, &c->err);
    if (rc == 0)
        rc = pl_cluster_moves(s, move_row, &x, &c->err);
    if (rc == 0)
        rc = pl_cluster_pending(s, pending_row, &x, &c->err);
    pl_cluster_key_count kc;
    if (rc == 0)
        rc = pl_cluster_keys_count(s, &kc, &c->err);
    pl_store_close(s);
    if (rc) {
        json_decref(x.list);
        json_decref(x.moves);
        json_decref(x.pending);
        return rc;
    }
    if (c->json) {
        json_t *o = json_pack("{s:s,s:o,s:i,s:o,s:o}", "coordinator", c->db_shown, "shards", x.list,
                              "unreachable", x.down, "moves", x.moves, "pending_writes", x.pending);
        if (kc.exists)
            json_object_set_new(
                o, "reservations",
                json_pack("{s:I,s:I}", "nik", (json_int_t)kc.nik, "kk", (json_int_t)kc.kk));
        rc = pl_cli_print_json(c, o);
    } else {
        char a[32], b[32];
        pl_numfmt_int(a, sizeof a, kc.nik);
        pl_numfmt_int(b, sizeof b, kc.kk);
        if (kc.exists)
            fprintf(c->out, "\nRegistri NIK/KK nasional: %s NIK dan %s No. KK dicadangkan.\n", a,
                    b);
        else
            fprintf(c->out, "\nRegistri NIK/KK nasional belum ada; jalankan lagi 'pilar cluster "
                            "init' dengan shard yang sama.\n");
        if (x.down)
            fprintf(c->out, "\n%d shard tidak terhubung.\n", x.down);
    }
    /* A shard down is a failure for a monitor, shown above rather than as one error. */
    return rc ? rc : (x.down ? 1 : 0);
}

typedef struct move_ctx {
    pl_cli *c;
    const char *pause; /* PILAR_TEST_MOVE_PAUSE: the step to wait at (tests) */
    const char *pause_file;
} move_ctx;

static const char *step_text(const char *step)
{
    if (strcmp(step, "fenced") == 0)
        return "penulisan provinsi ditolak di kedua shard, shard tujuan disiapkan";
    if (strcmp(step, "copied") == 0)
        return "baris disalin dan dicocokkan";
    if (strcmp(step, "switched") == 0)
        return "koordinator kini membaca provinsi dari shard tujuan";
    return "baris di shard asal dihapus, penulisan dibuka di shard tujuan";
}

/*
 * Each step as it is reached. A test names a step in PILAR_TEST_MOVE_PAUSE: the move waits
 * there while the file PILAR_TEST_MOVE_PAUSE_FILE exists (at most 120 s), so that the test can
 * look at the cluster mid-move, or kill the process.
 */
static void move_progress(void *ctx, const char *step, const pl_cluster_move *mv)
{
    move_ctx *x = ctx;
    if (!x->c->json) {
        fprintf(x->c->out, "Provinsi %s: %s.\n", mv->prov, step_text(step));
        fflush(x->c->out);
    }
    pl_cli_test_pause(x->pause, x->pause_file, step);
}

int pl_cmd_cluster_move(pl_cli *c, int argc, char **argv)
{
    const char *prov = NULL, *to = NULL;
    bool abort_move = false;
    int rc = 0;
    for (int i = 0; rc == 0 && i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--to", &v) && v)
            to = v;
        else if (strcmp(argv[i], "--abort") == 0)
            abort_move = true;
        else if (argv[i][0] != '-' && prov == NULL)
            prov = argv[i];
        else
            rc = pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    if (prov == NULL || to == NULL)
        return pl_error_set(&c->err, PL_EINVAL, prov ? "to" : "prov",
                            "sebutkan provinsi dan shard tujuannya: pilar --db KOORDINATOR "
                            "cluster move 65 --to URL");
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    move_ctx x = {c, getenv("PILAR_TEST_MOVE_PAUSE"), getenv("PILAR_TEST_MOVE_PAUSE_FILE")};
    pl_cluster_move_opts o = {c->store_flags, abort_move, move_progress, &x, c->db_path};
    pl_cluster_move_result *r = calloc(1, sizeof *r);
    if (r == NULL) {
        pl_store_close(s);
        return pl_error_set(&c->err, PL_ENOMEM, "", "memori tidak cukup");
    }
    rc = pl_cluster_move_province(s, prov, to, &o, r, &c->err);
    pl_store_close(s);
    const pl_cluster_move *mv = &r->move;
    if (rc == 0 && c->json) {
        json_t *tables = json_array();
        for (int i = 0; i < r->n_tables; i++)
            json_array_append_new(tables, json_pack("{s:s,s:I,s:s}", "table", r->tables[i].table,
                                                    "rows", (json_int_t)r->tables[i].rows, "digest",
                                                    r->tables[i].digest));
        json_t *o2 =
            json_pack("{s:s,s:s,s:s,s:s,s:b,s:b,s:b,s:I,s:o}", "province", mv->prov, "source",
                      mv->source_server, "target", mv->target_server, "target_location",
                      mv->target_conninfo, "new_shard", mv->target_new, "resumed", r->resumed,
                      "aborted", r->aborted, "rows", (json_int_t)r->rows, "tables", tables);
        if (r->resumed)
            json_object_set_new(o2, "resumed_from", json_string(r->resumed_from));
        rc = pl_cli_print_json(c, o2);
    } else if (rc == 0 && r->aborted)
        fprintf(c->out,
                "Pemindahan provinsi %s ke %s dibatalkan: salinan di shard tujuan dihapus, "
                "shard asal %s tetap berlaku dan menerima penulisan lagi.\n",
                mv->prov, mv->target_server, mv->source_server);
    else if (rc == 0) {
        char rows[32];
        pl_numfmt_int(rows, sizeof rows, r->rows);
        if (r->resumed)
            fprintf(c->out, "Pemindahan yang terhenti pada langkah %s dilanjutkan.\n",
                    r->resumed_from);
        if (r->n_tables)
            fprintf(c->out,
                    "%s baris dari %d tabel disalin; jumlah dan isinya sama di kedua "
                    "shard.\n",
                    rows, r->n_tables);
        fprintf(c->out,
                "Provinsi %s dipindahkan dari %s ke %s%s (%s). Tulis data provinsi ini ke shard "
                "tujuan mulai sekarang.\n",
                mv->prov, mv->source_server, mv->target_server,
                mv->target_new ? " (shard baru)" : "", mv->target_conninfo);
    }
    free(r);
    return rc;
}

typedef struct keys_ctx {
    pl_cli *c;
    json_t *list;
    int shown;
} keys_ctx;

/* Lines shown per run (--json lists every difference). */
#define KEYS_SHOWN 50

static int key_row(void *ctx, const pl_cluster_key_problem *k)
{
    keys_ctx *x = ctx;
    if (x->c->json)
        return json_array_append_new(x->list, json_pack("{s:s,s:s,s:s,s:s,s:s,s:I,s:s}", "problem",
                                                        k->problem, "kind", k->kind, "key", k->key,
                                                        "province", k->prov, "shard_province",
                                                        k->shard_prov, "id", (json_int_t)k->id,
                                                        "reserved_at", k->reserved_at))
                   ? PL_ENOMEM
                   : 0;
    if (x->shown++ >= KEYS_SHOWN)
        return 0;
    const char *kind = strcmp(k->kind, "nik") == 0 ? "NIK" : "No. KK";
    if (strcmp(k->problem, "orphan") == 0)
        fprintf(x->c->out,
                "  yatim: %s %s dicadangkan untuk id %lld provinsi %s sejak %s, tetapi tidak ada "
                "di shard\n",
                kind, k->key, (long long)k->id, k->prov, k->reserved_at);
    else if (strcmp(k->problem, "missing") == 0)
        fprintf(x->c->out, "  hilang: %s %s (id %lld, provinsi %s) di shard belum dicadangkan\n",
                kind, k->key, (long long)k->id, k->prov);
    else
        fprintf(x->c->out,
                "  provinsi: %s %s (id %lld) dicadangkan dengan provinsi %s, di shard provinsi "
                "%s\n",
                kind, k->key, (long long)k->id, k->prov, k->shard_prov);
    return 0;
}

int pl_cmd_cluster_keys(pl_cli *c, int argc, char **argv)
{
    bool repair = false;
    long long grace = 600;
    int rc = 0;
    for (int i = 0; rc == 0 && i < argc; i++) {
        const char *v = NULL;
        if (strcmp(argv[i], "--repair") == 0)
            repair = true;
        else if (pl_cli_opt(argc, argv, &i, "--grace", &v) && v) {
            char *end = NULL;
            grace = strtoll(v, &end, 10);
            if (end == v || *end != '\0' || grace < 0)
                rc = pl_error_set(&c->err, PL_EINVAL, "grace",
                                  "--grace harus jumlah detik (0 atau lebih), bukan '%s'", v);
        } else
            rc = pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    keys_ctx x = {c, c->json ? json_array() : NULL, 0};
    pl_cluster_keys_result r;
    if (!c->json)
        fprintf(c->out, "Registri NIK/KK nasional koordinator %s\n", c->db_shown);
    rc = pl_cluster_keys(s, grace, repair, key_row, &x, &r, &c->err);
    pl_store_close(s);
    if (rc) {
        json_decref(x.list);
        return rc;
    }
    int64_t found = r.orphans + r.missing + r.wrong_prov;
    if (c->json) {
        rc = pl_cli_print_json(
            c, json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:b,s:I,s:I,s:I,s:I,s:o}", "coordinator",
                         c->db_shown, "reservations", (json_int_t)r.reservations, "shard_keys",
                         (json_int_t)r.seen, "orphans", (json_int_t)r.orphans, "missing",
                         (json_int_t)r.missing, "wrong_province", (json_int_t)r.wrong_prov,
                         "repaired", repair, "deleted", (json_int_t)r.deleted, "added",
                         (json_int_t)r.added, "fixed", (json_int_t)r.fixed, "grace_seconds",
                         (json_int_t)grace, "problems", x.list));
        return rc ? rc : ((found && !repair) ? 1 : 0);
    }
    if (x.shown > KEYS_SHOWN)
        fprintf(c->out, "  ... dan %d lainnya (--json menampilkan semuanya)\n",
                x.shown - KEYS_SHOWN);
    char a[32], b[32];
    pl_numfmt_int(a, sizeof a, r.reservations);
    pl_numfmt_int(b, sizeof b, r.seen);
    fprintf(c->out,
            "%s cadangan, %s NIK/No. KK di shard: %lld yatim (lebih tua dari %lld detik), %lld "
            "hilang, %lld dengan provinsi salah.\n",
            a, b, (long long)r.orphans, grace, (long long)r.missing, (long long)r.wrong_prov);
    if (repair)
        fprintf(c->out,
                "Diperbaiki: %lld cadangan yatim dihapus, %lld ditambahkan, %lld provinsi "
                "dibetulkan.\n",
                (long long)r.deleted, (long long)r.added, (long long)r.fixed);
    else if (found)
        fprintf(c->out, "Perbaiki dengan 'pilar --db KOORDINATOR cluster keys --repair'.\n");
    return (found && !repair) ? 1 : 0;
}
