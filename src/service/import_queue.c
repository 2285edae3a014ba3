/* import_queue.c - the bounded chunk queue between the importer's two threads. */
#include "service/import_queue.h"
#include "util/vec.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct pl_row_queue {
    pthread_mutex_t mu;
    pthread_cond_t changed;
    pl_row_chunk *head, *tail; /* pushed, oldest first */
    int queued, depth;
    pl_row_chunk *spare; /* empty chunks */
    bool stop;
};

static void chunk_free(pl_row_chunk *c)
{
    if (c) {
        free(c->items);
        free(c->text);
        free(c);
    }
}

static void free_list(pl_row_chunk *c)
{
    while (c) {
        pl_row_chunk *next = c->next;
        chunk_free(c);
        c = next;
    }
}

pl_row_queue *pl_row_queue_new(int depth)
{
    pl_row_queue *q = calloc(1, sizeof *q);
    if (q == NULL)
        return NULL;
    q->depth = depth;
    /* depth queued, one being filled, one being written */
    for (int k = 0; k < depth + 2; k++) {
        pl_row_chunk *c = calloc(1, sizeof *c);
        if (c == NULL) {
            free_list(q->spare);
            free(q);
            return NULL;
        }
        c->next = q->spare;
        q->spare = c;
    }
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->changed, NULL);
    return q;
}

void pl_row_queue_free(pl_row_queue *q)
{
    if (q == NULL)
        return;
    free_list(q->head);
    free_list(q->spare);
    pthread_cond_destroy(&q->changed);
    pthread_mutex_destroy(&q->mu);
    free(q);
}

pl_row_chunk *pl_row_queue_take_spare(pl_row_queue *q)
{
    pthread_mutex_lock(&q->mu);
    while (q->spare == NULL && !q->stop)
        pthread_cond_wait(&q->changed, &q->mu);
    pl_row_chunk *c = q->stop ? NULL : q->spare;
    if (c)
        q->spare = c->next;
    pthread_mutex_unlock(&q->mu);
    if (c) {
        c->n = c->used = 0;
        c->last = false;
        c->rc = 0;
        c->next = NULL;
    }
    return c;
}

bool pl_row_queue_push(pl_row_queue *q, pl_row_chunk *c)
{
    pthread_mutex_lock(&q->mu);
    while (q->queued >= q->depth && !q->stop)
        pthread_cond_wait(&q->changed, &q->mu);
    bool ok = !q->stop;
    if (ok) {
        if (q->tail)
            q->tail->next = c;
        else
            q->head = c;
        q->tail = c;
        q->queued++;
    } else {
        c->next = q->spare; /* back to the pool, freed with the queue */
        q->spare = c;
    }
    pthread_cond_broadcast(&q->changed);
    pthread_mutex_unlock(&q->mu);
    return ok;
}

pl_row_chunk *pl_row_queue_pop(pl_row_queue *q)
{
    pthread_mutex_lock(&q->mu);
    while (q->head == NULL)
        pthread_cond_wait(&q->changed, &q->mu);
    pl_row_chunk *c = q->head;
    q->head = c->next;
    if (q->head == NULL)
        q->tail = NULL;
    q->queued--;
    pthread_cond_broadcast(&q->changed);
    pthread_mutex_unlock(&q->mu);
    return c;
}

void pl_row_queue_recycle(pl_row_queue *q, pl_row_chunk *c)
{
    pthread_mutex_lock(&q->mu);
    c->next = q->spare;
    q->spare = c;
    pthread_cond_broadcast(&q->changed);
    pthread_mutex_unlock(&q->mu);
}

void pl_row_queue_stop(pl_row_queue *q)
{
    pthread_mutex_lock(&q->mu);
    q->stop = true;
    pthread_cond_broadcast(&q->changed);
    pthread_mutex_unlock(&q->mu);
}

size_t pl_row_chunk_put(pl_row_chunk *c, const char *text, size_t len, bool *oom)
{
    if (pl_vec_reserve(&c->text, &c->text_cap, c->used, len + 1) != 0) {
        *oom = true;
        return 0;
    }
    size_t at = c->used;
    memcpy(c->text + at, text, len);
    c->text[at + len] = '\0';
    c->used += len + 1;
    return at;
}

pl_row_item *pl_row_chunk_add(pl_row_chunk *c, long row, pl_row_kind kind, char **f, size_t nf)
{
    if (pl_vec_reserve(&c->items, &c->cap, c->n, 1) != 0)
        return NULL;
    pl_row_item *it = &c->items[c->n];
    it->row = row;
    it->kind = kind;
    it->nf = nf;
    it->fields_at = c->used;
    bool oom = false;
    for (size_t i = 0; i < nf && !oom; i++)
        pl_row_chunk_put(c, f[i], strlen(f[i]), &oom);
    if (oom)
        return NULL;
    it->household_id = it->person_id = 0;
    it->household_later = it->person_later = it->refused = it->hidden = false;
    c->n++;
    return it;
}
