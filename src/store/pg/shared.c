/*
 * shared.c - what the PostgreSQL connections of one process share (store/shared.h): a
 * listener thread on a connection of its own, LISTENing on pilar_change (the statement
 * triggers of migration 25 notify it), the generations it moves on, and a cache of people by
 * NIK valid at one generation.
 *
 * A cached person is kept with the generation read before the row was: a change committed
 * while the row was read moves the generation first (its notification, or the local commit),
 * so the row is then not kept, or it is kept under a generation no longer current.
 */
#include "store/pg/internal.h"
#include "store/shared.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHANNEL "pilar_change"
#define BEAT_MS 1000     /* the listener proves itself this often */
#define CONNECT_MS 10000 /* a connection attempt gives up after this */
#define RETRY_MS 1000    /* between connection attempts */
#define WAYS 4           /* cached people per set: a NIK may be in any of its set's */
#define SETS (1u << 14)  /* sets, by the NIK's hash: 65,536 people, ~60 MB when full */
#define SLOTS (SETS * WAYS)
#define STRIPES 64 /* locks over the sets */

typedef struct cached {
    uint64_t gen;
    long long made_ms;
    pl_person p;
} cached;

struct pl_store_shared {
    char *conninfo;
    /* Generations (PL_PG_SHARED_AUTH, PL_PG_SHARED_PERSON): any change moves them on. */
    atomic_uint_fast64_t gen[2];
    /* Monotonic ms until which the listener counts as listening; 0: it does not. */
    atomic_llong ok_until;
    atomic_bool stop;
    int wake[2]; /* self-pipe: wakes the listener to stop */
    bool thread_on;
    pthread_t thread;
    pthread_mutex_t mu[STRIPES];
    cached *slot[SLOTS];
};

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void bump(pl_store_shared *sh, int kind)
{
    atomic_fetch_add(&sh->gen[kind], 1);
}

static void bump_all(pl_store_shared *sh)
{
    bump(sh, PL_PG_SHARED_AUTH);
    bump(sh, PL_PG_SHARED_PERSON);
}

/* The listener lost its connection (or never had one): nothing cached may be trusted. */
static void lost(pl_store_shared *sh)
{
    atomic_store(&sh->ok_until, 0);
    bump_all(sh);
}

/* Takes the notifications libpq has read: each names what changed ("auth", "person"). */
static void drain(pl_store_shared *sh, PGconn *c)
{
    PGnotify *n;
    while ((n = PQnotifies(c)) != NULL) {
        if (strcmp(n->extra, "auth") == 0)
            bump(sh, PL_PG_SHARED_AUTH);
        else if (strcmp(n->extra, "person") == 0)
            bump(sh, PL_PG_SHARED_PERSON);
        else
            bump_all(sh);
        PQfreemem(n);
    }
}

/* Sleeps up to ms, or until pl_pg_shared_free wakes the thread; true when it must stop. */
static bool nap(pl_store_shared *sh, int ms)
{
    struct pollfd w = {sh->wake[0], POLLIN, 0};
    poll(&w, 1, ms);
    return atomic_load(&sh->stop);
}

/*
 * Connects without blocking the thread beyond CONNECT_MS, and gives up at once when
 * pl_pg_shared_free wakes it (a data-base host that does not answer must not hold up the
 * server's shutdown). NULL when no connection was made.
 */
static PGconn *connect_to(pl_store_shared *sh, const char *const *keys, const char *const *vals)
{
    PGconn *c = PQconnectStartParams(keys, vals, 1);
    if (c == NULL)
        return NULL;
    PostgresPollingStatusType st = PGRES_POLLING_WRITING; /* as libpq says to begin */
    long long deadline = now_ms() + CONNECT_MS;
    while (PQstatus(c) != CONNECTION_BAD && st != PGRES_POLLING_OK && st != PGRES_POLLING_FAILED) {
        long long left = deadline - now_ms();
        if (left <= 0)
            break;
        struct pollfd fds[2] = {
            {PQsocket(c), (short)(st == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0},
            {sh->wake[0], POLLIN, 0}};
        int n = poll(fds, 2, (int)left);
        if ((n < 0 && errno != EINTR) || fds[1].revents)
            break;
        if (n > 0)
            st = PQconnectPoll(c);
    }
    if (st == PGRES_POLLING_OK && PQstatus(c) == CONNECTION_OK)
        return c;
    PQfinish(c);
    return NULL;
}

/* A connection LISTENing on the channel, or NULL. */
static PGconn *listen_on(pl_store_shared *sh)
{
    /*
     * Named, so that an administrator (and a test) can tell it among the sessions. Over TCP a
     * peer that vanished is noticed within about 10 s, also in the middle of a beat (an
     * unanswered send: tcp_user_timeout); the caches are bypassed after 3 s of silence
     * anyway.
     */
    const char *const keys[] = {"keepalives_idle",
                                "keepalives_interval",
                                "keepalives_count",
                                "tcp_user_timeout",
                                "dbname",
                                "application_name",
                                NULL};
    const char *const vals[] = {"5", "2", "2", "10000", sh->conninfo, PL_PG_LISTENER_NAME, NULL};
    PGconn *c = connect_to(sh, keys, vals);
    if (c == NULL)
        return NULL;
    PGresult *r = PQexec(c, "LISTEN " CHANNEL);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (ok)
        return c;
    PQfinish(c);
    return NULL;
}

/* A round trip that proves the connection alive; the notifications it brings are taken. */
static bool beat(pl_store_shared *sh, PGconn *c)
{
    PGresult *r = PQexec(c, "SELECT 1");
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
    drain(sh, c);
    if (ok)
        atomic_store(&sh->ok_until, now_ms() + PL_STORE_SHARED_SILENT_MS);
    return ok;
}

static void *listener(void *arg)
{
    pl_store_shared *sh = arg;
    PGconn *c = NULL;
    long long next_beat = 0;
    while (!atomic_load(&sh->stop)) {
        if (c == NULL) {
            if ((c = listen_on(sh)) == NULL) {
                lost(sh);
                if (nap(sh, RETRY_MS))
                    break;
                continue;
            }
            /* Whatever was cached before this connection listened may have missed a change. */
            bump_all(sh);
            next_beat = 0;
        }
        long long now = now_ms();
        if (now >= next_beat) {
            if (!beat(sh, c)) {
                PQfinish(c);
                c = NULL;
                lost(sh);
                continue;
            }
            next_beat = now + BEAT_MS;
            continue;
        }
        struct pollfd fds[2] = {{PQsocket(c), POLLIN, 0}, {sh->wake[0], POLLIN, 0}};
        int n = poll(fds, 2, (int)(next_beat - now));
        if (n < 0 && errno != EINTR)
            nap(sh, 10);
        if (fds[1].revents)
            break;
        if (n > 0 && fds[0].revents) {
            if (!PQconsumeInput(c)) {
                PQfinish(c);
                c = NULL;
                lost(sh);
                continue;
            }
            drain(sh, c);
        }
    }
    if (c)
        PQfinish(c);
    lost(sh);
    return NULL;
}

int pl_pg_shared_open(pl_store_shared **out, const char *conninfo, pl_error *err)
{
    *out = NULL;
    pl_store_shared *sh = calloc(1, sizeof *sh);
    if (sh == NULL || (sh->conninfo = strdup(conninfo)) == NULL) {
        free(sh);
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    }
    for (int i = 0; i < STRIPES; i++)
        pthread_mutex_init(&sh->mu[i], NULL);
    atomic_init(&sh->gen[0], 1);
    atomic_init(&sh->gen[1], 1);
    atomic_init(&sh->ok_until, 0);
    atomic_init(&sh->stop, false);
    sh->wake[0] = sh->wake[1] = -1;
    if (pipe(sh->wake) != 0 || fcntl(sh->wake[0], F_SETFD, FD_CLOEXEC) != 0 ||
        fcntl(sh->wake[1], F_SETFD, FD_CLOEXEC) != 0 ||
        pthread_create(&sh->thread, NULL, listener, sh) != 0) {
        pl_pg_shared_free(sh);
        return pl_error_set(err, PL_EIO, "", "pendengar perubahan basis data tidak dapat dimulai");
    }
    sh->thread_on = true;
    *out = sh;
    return 0;
}

void pl_pg_shared_free(pl_store_shared *sh)
{
    if (sh == NULL)
        return;
    if (sh->thread_on) {
        atomic_store(&sh->stop, true);
        ssize_t w = write(sh->wake[1], "x", 1);
        (void)w;
        pthread_join(sh->thread, NULL);
    }
    for (int i = 0; i < 2; i++)
        if (sh->wake[i] >= 0)
            close(sh->wake[i]);
    for (unsigned i = 0; i < SLOTS; i++)
        free(sh->slot[i]);
    for (int i = 0; i < STRIPES; i++)
        pthread_mutex_destroy(&sh->mu[i]);
    free(sh->conninfo);
    free(sh);
}

void pl_pg_shared_touch(pl_store_shared *sh)
{
    if (sh)
        bump_all(sh);
}

bool pl_pg_shared_gen(pl_store_shared *sh, int kind, uint64_t *gen)
{
    if (sh == NULL || now_ms() >= atomic_load(&sh->ok_until))
        return false;
    *gen = atomic_load(&sh->gen[kind]);
    return true;
}

/* The first slot of nik's set. */
static unsigned set_of(const char *nik)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)nik; *p; p++)
        h = (h ^ *p) * 16777619u;
    return (h & (SETS - 1)) * WAYS;
}

static bool fresh(const cached *e, uint64_t gen, long long oldest)
{
    return e && e->gen == gen && e->made_ms > oldest;
}

bool pl_pg_shared_person_find(pl_store_shared *sh, const char *nik, pl_person *out)
{
    uint64_t gen;
    if (!pl_pg_shared_gen(sh, PL_PG_SHARED_PERSON, &gen))
        return false;
    unsigned set = set_of(nik);
    long long oldest = now_ms() - PL_STORE_SHARED_PERSON_TTL * 1000LL;
    bool hit = false;
    pthread_mutex_t *mu = &sh->mu[(set / WAYS) % STRIPES];
    pthread_mutex_lock(mu);
    for (unsigned i = set; i < set + WAYS && !hit; i++) {
        const cached *e = sh->slot[i];
        if ((hit = fresh(e, gen, oldest) && strcmp(e->p.nik, nik) == 0))
            *out = e->p;
    }
    pthread_mutex_unlock(mu);
    return hit;
}

void pl_pg_shared_person_keep(pl_store_shared *sh, uint64_t gen, const pl_person *p)
{
    if (sh == NULL || p->nik[0] == '\0')
        return;
    unsigned set = set_of(p->nik);
    long long now = now_ms(), oldest = now - PL_STORE_SHARED_PERSON_TTL * 1000LL;
    pthread_mutex_t *mu = &sh->mu[(set / WAYS) % STRIPES];
    pthread_mutex_lock(mu);
    uint64_t now_gen;
    /* Read under the lock: a change since gen was read voids the row (see the top). */
    if (pl_pg_shared_gen(sh, PL_PG_SHARED_PERSON, &now_gen) && now_gen == gen) {
        /* The slot: this NIK's, else an empty or stale one, else the oldest of the set. */
        unsigned pick = set;
        for (unsigned i = set; i < set + WAYS; i++) {
            const cached *e = sh->slot[i];
            if (e && strcmp(e->p.nik, p->nik) == 0) {
                pick = i;
                break;
            }
            if (!fresh(e, gen, oldest))
                pick = i;
            else if (fresh(sh->slot[pick], gen, oldest) && e->made_ms < sh->slot[pick]->made_ms)
                pick = i;
        }
        if (sh->slot[pick] == NULL)
            sh->slot[pick] = malloc(sizeof *sh->slot[pick]);
        if (sh->slot[pick]) {
            sh->slot[pick]->gen = gen;
            sh->slot[pick]->made_ms = now;
            sh->slot[pick]->p = *p;
        }
    }
    pthread_mutex_unlock(mu);
}

/* ------------------------------------------------------ the handle's side */

int pl_pg_share(pl_pg_store *s, pl_store_shared *sh, pl_error *err)
{
    (void)err;
    s->shared = sh;
    return 0;
}

int pl_pg_auth_stamp(pl_pg_store *s, int64_t *out, pl_error *err)
{
    uint64_t gen;
    if (!pl_pg_shared_gen(s->shared, PL_PG_SHARED_AUTH, &gen))
        return pl_error_set(err, PL_EUNAVAIL, "", "pendengar perubahan basis data belum aktif");
    *out = (int64_t)(gen & INT64_MAX);
    return 0;
}
