/* serve.c - `pilar serve`: the HTTP server until SIGTERM or SIGINT. */
#include "cli/cli.h"
#include "http/server.h"
#include "service/auth.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
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
    if (pl_store_open(&s, c->db_path, 0, &err) == 0 &&
        pl_store_geo_pending(s, &pending, &err) == 0 && pending) {
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

int pl_cmd_serve(pl_cli *c, int argc, char **argv)
{
    const char *secure = getenv("PILAR_COOKIE_SECURE");
    pl_http_config cfg = {.db_path = c->db_path,
                          .log = c->errs,
                          .pwhash_cost = c->pwhash_cost,
                          .cookie_secure = secure && strcmp(secure, "1") == 0};
    bool routes = false;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--listen", &v) && v)
            cfg.listen = v;
        else if (pl_cli_opt(argc, argv, &i, "--web", &v) && v)
            cfg.web_dir = v;
        else if (pl_cli_opt(argc, argv, &i, "--data-dir", &v) && v)
            cfg.data_dir = v;
        else if (pl_cli_opt(argc, argv, &i, "--threads", &v) && v) {
            cfg.threads = atoi(v);
            if (cfg.threads < 1 || cfg.threads > 256)
                return pl_error_set(&c->err, PL_EINVAL, "threads", "--threads harus 1 sampai 256");
        } else if (pl_cli_opt(argc, argv, &i, "--timeout", &v) && v) {
            cfg.timeout_seconds = atoi(v);
            if (cfg.timeout_seconds < 1)
                return pl_error_set(&c->err, PL_EINVAL, "timeout", "--timeout harus >= 1 detik");
        } else if (strcmp(argv[i], "--routes") == 0)
            routes = true;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (routes) {
        pl_http_routes_print(c->out);
        return 0;
    }
    int rc = pl_auth_init(&c->err);
    if (rc)
        return rc;
    settle_geo_index(c);
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
    fprintf(c->errs, "Pilar melayani http://%s (basis data %s); hentikan dengan Ctrl-C\n",
            cfg.listen ? cfg.listen : "127.0.0.1:8080", c->db_path);
    fflush(c->errs);
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(c->errs, "Menerima sinyal %d: menyelesaikan permintaan yang berjalan...\n", sig);
    pl_http_server_stop(srv);
    fprintf(c->errs, "Pilar berhenti.\n");
    return 0;
}
