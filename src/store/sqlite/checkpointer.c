/*
 * checkpointer.c - a background WAL checkpointer for bulk loads.
 *
 * During a bulk load the store's own connection does not checkpoint
 * (wal_autocheckpoint = 0): checkpointing between batches on the loading
 * thread made a 1M-row import slower. Without any checkpoint, though, the WAL
 * grows to several times the data base, every batch's pages stay in it, and
 * the whole copy-back waits for the end. This thread, on its own connection,
 * runs a PASSIVE checkpoint after each commit: it copies committed pages
 * into the data base file on the other core while the loader goes on, and
 * once it has caught up the next batch starts the WAL from its beginning.
 */
#include "store/sqlite/internal.h"

#include <pthread.h>
#include <stdlib.h>

struct pl_sq_checkpointer {
    sqlite3 *db;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t wake;
    int kicks; /* commits not yet checkpointed after */
    int stop;
};

static void *run(void *arg)
{
    pl_sq_checkpointer *c = arg;
    pthread_mutex_lock(&c->mu);
    for (;;) {
        while (!c->kicks && !c->stop)
            pthread_cond_wait(&c->wake, &c->mu);
        if (c->stop)
            break;
        c->kicks = 0;
        pthread_mutex_unlock(&c->mu);
        /* PASSIVE never waits for readers or the writer; a busy answer is harmless. */
        sqlite3_wal_checkpoint_v2(c->db, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        pthread_mutex_lock(&c->mu);
    }
    pthread_mutex_unlock(&c->mu);
    return NULL;
}

pl_sq_checkpointer *pl_sq_checkpointer_start(pl_sq_store *s)
{
    const char *path = sqlite3_db_filename(s->db, "main");
    if (path == NULL || path[0] == '\0')
        return NULL; /* in-memory or temporary data base: nothing to copy back */
    pl_sq_checkpointer *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
            SQLITE_OK ||
        pl_sq_cipher_key(c->db, NULL)) {
        sqlite3_close(c->db);
        free(c);
        return NULL;
    }
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->wake, NULL);
    if (pthread_create(&c->thread, NULL, run, c) != 0) {
        pthread_cond_destroy(&c->wake);
        pthread_mutex_destroy(&c->mu);
        sqlite3_close(c->db);
        free(c);
        return NULL;
    }
    return c;
}

void pl_sq_checkpointer_kick(pl_sq_checkpointer *c)
{
    if (c == NULL)
        return;
    pthread_mutex_lock(&c->mu);
    c->kicks++;
    pthread_cond_signal(&c->wake);
    pthread_mutex_unlock(&c->mu);
}

void pl_sq_checkpointer_stop(pl_sq_checkpointer *c)
{
    if (c == NULL)
        return;
    pthread_mutex_lock(&c->mu);
    c->stop = 1;
    pthread_cond_signal(&c->wake);
    pthread_mutex_unlock(&c->mu);
    pthread_join(c->thread, NULL);
    pthread_cond_destroy(&c->wake);
    pthread_mutex_destroy(&c->mu);
    sqlite3_close(c->db);
    free(c);
}
