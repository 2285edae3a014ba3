/* serve.c - `pilar serve`: the HTTP server until SIGTERM or SIGINT. */
#include "cli/cli.h"
#include "http/server.h"
#include "service/audit.h"
#include "service/auth.h"
#include "service/cleanup.h"
#include "store/backend.h"
#include "store/geo.h"
#include "store/store.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/*
 * A big import that stopped before packing the spatial indexes leaves a
 * marker (pl_store_geo_defer): queries stay complete but slower, so bring
 * the indexes up to date before serving. A failure is logged, not fatal.
 */
static void settle_geo_index(pl_cli *c)
{
    pl_store *s = NULL;
    pl_error err = {0};
    bool pending = false;
    if (pl_store_open(&s, c->db_path, c->store_flags, &err) == 0)
        pl_cli_note_store(c, s); /* the operator learns here when its permissions were tightened */
    if (s && pl_store_geo_pending(s, &pending, &err) == 0 && pending) {
        pl_geo_reindex_stats st;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        int rc = pl_store_geo_reindex(s, PL_GEO_REINDEX_PENDING, &st, &err);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double sec = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        if (rc)
            fprintf(c->errs, "Indeks spasial tertunda belum dapat dibangun ulang: %s\n",
                    err.message);
        else
            fprintf(c->errs,
                    "Indeks spasial tertunda dibangun ulang: %ld titik orang, %ld titik keluarga "
                    "(%ld disusulkan satu per satu) dalam %.2f detik\n",
                    st.people, st.households, st.caught_up, sec);
        fflush(c->errs);
    }
    pl_store_close(s);
}

/* Parses --rejects-days N (min..3650) into *days. */
static int parse_days(pl_cli *c, const char *v, int min, int *days)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (*v == '\0' || *end != '\0' || n < min || n > 3650)
        return pl_error_set(&c->err, PL_EINVAL, "rejects-days",
                            "--rejects-days harus bilangan %d sampai 3650", min);
    *days = (int)n;
    return 0;
}

/* One clean-up of the data folder while serving: logged, never fatal. */
static void clean_data_dir(pl_cli *c, const char *dir, const pl_cleanup_policy *p)
{
    pl_cleanup_result res;
    pl_error err = {0};
    if (pl_cleanup_run(dir, p, time(NULL), &res, &err))
        fprintf(c->errs, "Pembersihan %s gagal: %s\n", dir, err.message);
    else if (res.rejects_deleted || res.temp_deleted || res.tightened)
        fprintf(c->errs,
                "Pembersihan %s: %ld berkas tolakan dihapus, %ld berkas sementara dihapus, "
                "%ld izin diperketat\n",
                dir, res.rejects_deleted, res.temp_deleted, res.tightened);
    fflush(c->errs);
}

int pl_cmd_cleanup(pl_cli *c, int argc, char **argv)
{
    const char *dir = "pilar-data";
    int days = PL_CLEANUP_REJECTS_DAYS;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--data-dir", &v) && v)
            dir = v;
        else if (pl_cli_opt(argc, argv, &i, "--rejects-days", &v) && v) {
            int rc = parse_days(c, v, 0, &days);
            if (rc)
                return rc;
        } else
            return pl_cli_bad_option(c, argv[i]);
    }
    pl_cleanup_policy p = {.rejects_days = days ? days : -1};
    pl_cleanup_result res;
    int rc = pl_cleanup_run(dir, &p, time(NULL), &res, &c->err);
    if (rc)
        return rc;
    if (c->json)
        return pl_cli_print_json(
            c, json_pack("{s:s,s:i,s:I,s:I,s:I,s:I}", "data_dir", dir, "rejects_days", days,
                         "rejects_deleted", (json_int_t)res.rejects_deleted, "rejects_kept",
                         (json_int_t)res.rejects_kept, "temp_deleted", (json_int_t)res.temp_deleted,
                         "tightened", (json_int_t)res.tightened));
    fprintf(c->out,
            "Direktori %s: %ld berkas tolakan dihapus (lebih dari %d hari), %ld masih disimpan; "
            "%ld berkas sementara dihapus; izin %ld berkas/direktori diperketat.\n",
            dir, res.rejects_deleted, days, res.rejects_kept, res.temp_deleted, res.tightened);
    return 0;
}

/* One purge of old read-audit rows while serving: logged, never fatal. */
static void purge_read_audit(pl_cli *c, int days)
{
    pl_store *s = NULL;
    pl_error err = {0};
    int64_t removed = 0;
    char before[24];
    pl_actor who = {"pilar serve", ""};
    int rc = pl_store_open(&s, c->db_path, c->store_flags, &err);
    if (rc == 0)
        rc = pl_audit_purge_reads(s, &who, days, time(NULL), &removed, before, &err);
    pl_store_close(s);
    if (rc)
        fprintf(c->errs, "Pembersihan audit baca gagal: %s\n", err.message);
    else if (removed)
        fprintf(c->errs, "Audit baca: %lld baris sebelum %s dihapus (masa simpan %d hari)\n",
                (long long)removed, before, days);
    fflush(c->errs);
}

/* Parses a positive count option (1..max) into *out. */
static int parse_count(pl_cli *c, const char *name, const char *v, int max, int *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (*v == '\0' || *end != '\0' || n < 1 || n > max)
        return pl_error_set(&c->err, PL_EINVAL, name + 2, "%s harus bilangan 1 sampai %d", name,
                            max);
    *out = (int)n;
    return 0;
}

/* The TLS key must be the service user's alone: warn (not fail) when others may read it. */
static void check_key_mode(pl_cli *c, const char *key)
{
    struct stat st;
    if (key && stat(key, &st) == 0 && (st.st_mode & 077)) {
        fprintf(c->errs,
                "Peringatan: kunci TLS %s dapat dibaca pengguna lain (izin %03o); jalankan "
                "'chmod 600 %s'\n",
                key, (unsigned)(st.st_mode & 0777), key);
        fflush(c->errs);
    }
}

int pl_cmd_serve(pl_cli *c, int argc, char **argv)
{
    const char *secure = getenv("PILAR_COOKIE_SECURE");
    const char *totp_admin = getenv("PILAR_TOTP_ADMIN");
    pl_http_config cfg = {.db_path = c->db_path,
                          .store_flags = c->store_flags,
                          .log = c->errs,
                          .data_dir = "pilar-data",
                          .pwhash_cost = c->pwhash_cost,
                          .cookie_secure = secure && strcmp(secure, "1") == 0,
                          .card_base_url = getenv("PILAR_BASE_URL")};
    cfg.session.pwhash_cost = c->pwhash_cost;
    pl_cleanup_policy keep = {.rejects_days = PL_CLEANUP_REJECTS_DAYS};
    int read_days = PL_AUDIT_READ_DAYS;
    bool routes = false;
    int rc = 0;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--listen", &v) && v)
            cfg.listen = v;
        else if (pl_cli_opt(argc, argv, &i, "--read-db", &v) && v)
            cfg.read_db_path = v;
        else if (pl_cli_opt(argc, argv, &i, "--web", &v) && v)
            cfg.web_dir = v;
        else if (pl_cli_opt(argc, argv, &i, "--tile-origin", &v) && v)
            cfg.tile_origin = v;
        else if (pl_cli_opt(argc, argv, &i, "--base-url", &v) && v)
            cfg.card_base_url = v;
        else if (pl_cli_opt(argc, argv, &i, "--data-dir", &v) && v)
            cfg.data_dir = v;
        else if (pl_cli_opt(argc, argv, &i, "--rejects-days", &v) && v) {
            if ((rc = parse_days(c, v, 1, &keep.rejects_days)))
                return rc;
        } else if (pl_cli_opt(argc, argv, &i, "--read-audit-days", &v) && v) {
            if ((rc = pl_cli_read_audit_days(c, v, &read_days)))
                return rc;
        } else if (pl_cli_opt(argc, argv, &i, "--test-db-max-pages", &v) && v) {
            cfg.test_db_max_pages = atol(v); /* tests only: a full disk on demand */
            if (cfg.test_db_max_pages < 1)
                return pl_error_set(&c->err, PL_EINVAL, "test-db-max-pages",
                                    "--test-db-max-pages harus >= 1");
        } else if (pl_cli_opt(argc, argv, &i, "--threads", &v) && v) {
            cfg.threads = atoi(v);
            if (cfg.threads < 1 || cfg.threads > 256)
                return pl_error_set(&c->err, PL_EINVAL, "threads", "--threads harus 1 sampai 256");
        } else if (pl_cli_opt(argc, argv, &i, "--timeout", &v) && v) {
            cfg.timeout_seconds = atoi(v);
            if (cfg.timeout_seconds < 1)
                return pl_error_set(&c->err, PL_EINVAL, "timeout", "--timeout harus >= 1 detik");
        } else if (pl_cli_opt(argc, argv, &i, "--tls-cert", &v) && v)
            cfg.tls_cert = v;
        else if (pl_cli_opt(argc, argv, &i, "--tls-key", &v) && v)
            cfg.tls_key = v;
        else if (strcmp(argv[i], "--behind-proxy") == 0)
            cfg.trusted_proxy = "127.0.0.1";
        else if (strncmp(argv[i], "--behind-proxy=", 15) == 0)
            cfg.trusted_proxy = argv[i] + 15;
        else if (pl_cli_opt(argc, argv, &i, "--max-conn-per-ip", &v) && v) {
            if ((rc = parse_count(c, "--max-conn-per-ip", v, 4096, &cfg.per_ip_max)))
                return rc;
        } else if (pl_cli_opt(argc, argv, &i, "--header-timeout", &v) && v) {
            if ((rc = parse_count(c, "--header-timeout", v, 3600, &cfg.header_seconds)))
                return rc;
        } else if (pl_cli_opt(argc, argv, &i, "--max-uploads", &v) && v) {
            if ((rc = parse_count(c, "--max-uploads", v, 64, &cfg.uploads_max)))
                return rc;
        } else if (pl_cli_opt(argc, argv, &i, "--upload-max-mb", &v) && v) {
            int mb = 0;
            if ((rc = parse_count(c, "--upload-max-mb", v, 4096, &mb)))
                return rc;
            cfg.upload_max = (size_t)mb << 20;
        } else if (pl_cli_opt(argc, argv, &i, "--session-idle", &v) && v) {
            int m = atoi(v);
            if (m < 1 || m > 24 * 60)
                return pl_error_set(&c->err, PL_EINVAL, "session-idle",
                                    "--session-idle harus 1 sampai 1440 menit");
            cfg.session.idle_seconds = m * 60;
        } else if (pl_cli_opt(argc, argv, &i, "--totp-admin", &v) && v)
            totp_admin = v;
        else if (strcmp(argv[i], "--routes") == 0)
            routes = true;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (totp_admin && strcmp(totp_admin, "wajib") != 0 && strcmp(totp_admin, "opsional") != 0)
        return pl_error_set(&c->err, PL_EINVAL, "totp-admin",
                            "--totp-admin (atau PILAR_TOTP_ADMIN) harus wajib atau opsional");
    cfg.session.totp_admin_optional = totp_admin && strcmp(totp_admin, "opsional") == 0;
    if (cfg.read_db_path && !pl_store_location_is_pg(c->db_path))
        return pl_error_set(&c->err, PL_EINVAL, "read-db",
                            "--read-db hanya untuk basis data PostgreSQL: replika baca adalah "
                            "server siaga (standby) dari basis data utama, bukan berkas SQLite");
    if (cfg.read_db_path && !pl_store_location_is_pg(cfg.read_db_path))
        return pl_error_set(&c->err, PL_EINVAL, "read-db",
                            "--read-db harus alamat PostgreSQL (postgresql://... atau host=... "
                            "dbname=...) dari server siaga basis data utama");
    if (routes) {
        pl_http_routes_print(c->out);
        return 0;
    }
    if ((rc = pl_auth_init(&c->err)))
        return rc;
    check_key_mode(c, cfg.tls_key);
    settle_geo_index(c);
    clean_data_dir(c, cfg.data_dir, &keep);
    purge_read_audit(c, read_days);
    /* Signals go to this thread only (sigwait below); workers inherit the mask. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    pl_http_server *srv = NULL;
    if ((rc = pl_http_server_start(&srv, &cfg, &c->err)))
        return rc;
    fprintf(c->errs,
            "Pilar melayani %s://%s%s (basis data %s%s, berkas tolakan disimpan %d hari, audit "
            "baca %d hari); hentikan dengan Ctrl-C\n",
            cfg.tls_cert ? "https" : "http", cfg.listen ? cfg.listen : "127.0.0.1:8080",
            cfg.trusted_proxy ? " di balik proksi" : "", c->db_shown,
            cfg.read_db_path ? ", laporan, pencarian dan peta dari replika baca" : "",
            keep.rejects_days, read_days);
    fflush(c->errs);
    /* Wait for a signal, cleaning the data folder every PL_CLEANUP_INTERVAL seconds meanwhile. */
    struct timespec every = {.tv_sec = PL_CLEANUP_INTERVAL};
    int sig;
    while ((sig = sigtimedwait(&set, NULL, &every)) < 0)
        if (errno == EAGAIN) {
            clean_data_dir(c, cfg.data_dir, &keep);
            purge_read_audit(c, read_days);
        }
    fprintf(c->errs, "Menerima sinyal %d: menyelesaikan permintaan yang berjalan...\n", sig);
    pl_http_server_stop(srv);
    fprintf(c->errs, "Pilar berhenti.\n");
    return 0;
}
