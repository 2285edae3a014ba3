/* response_cache.c - a few aggregate answers, fresh for seconds, one refresher at a time. */
#include "http/response_cache.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct cache_slot {
    char key[PL_HTTP_CACHE_KEY_MAX];
    char *data;
    size_t len;
    struct timespec at;
    int refreshing; /* one request recomputes; the others get the old answer meanwhile */
    struct timespec refresh_at;
} cache_slot;

struct pl_http_response_cache {
    pthread_mutex_t mu;
    cache_slot slot[PL_HTTP_CACHE_SLOTS];
};

int pl_http_response_cache_new(pl_http_response_cache **out, pl_error *err)
{
    *out = calloc(1, sizeof **out);
    if (*out == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    pthread_mutex_init(&(*out)->mu, NULL);
    return 0;
}

static long long age_ms(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (long long)(t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

void pl_http_response_cache_expire(pl_http_response_cache *c)
{
    pthread_mutex_lock(&c->mu);
    for (int i = 0; i < PL_HTTP_CACHE_SLOTS; i++) {
        c->slot[i].at.tv_sec = 0;
        c->slot[i].at.tv_nsec = 0;
        c->slot[i].refreshing = 0;
    }
    pthread_mutex_unlock(&c->mu);
}

int pl_http_response_cache_get(pl_http_response_cache *c, pl_buf *out, const char *key)
{
    int hit = 0;
    pthread_mutex_lock(&c->mu);
    for (int i = 0; i < PL_HTTP_CACHE_SLOTS && !hit; i++) {
        cache_slot *e = &c->slot[i];
        if (e->data == NULL || strcmp(e->key, key) != 0)
            continue;
        if (age_ms(&e->at) >= PL_HTTP_CACHE_TTL_MS &&
            (!e->refreshing || age_ms(&e->refresh_at) >= PL_HTTP_CACHE_RETRY_MS)) {
            e->refreshing = 1;
            clock_gettime(CLOCK_MONOTONIC, &e->refresh_at);
            break; /* this caller recomputes */
        }
        pl_buf_reset(out);
        hit = pl_buf_append(out, e->data, e->len) == 0;
    }
    pthread_mutex_unlock(&c->mu);
    return hit;
}

void pl_http_response_cache_put(pl_http_response_cache *c, const char *key, const char *data,
                                size_t len)
{
    char *copy = malloc(len + 1);
    if (copy == NULL || strlen(key) >= PL_HTTP_CACHE_KEY_MAX) {
        free(copy);
        return;
    }
    if (len)
        memcpy(copy, data, len);
    pthread_mutex_lock(&c->mu);
    int slot = 0;
    for (int i = 0; i < PL_HTTP_CACHE_SLOTS; i++) {
        cache_slot *e = &c->slot[i];
        if (e->data == NULL || strcmp(e->key, key) == 0) {
            slot = i;
            break;
        }
        if (age_ms(&e->at) > age_ms(&c->slot[slot].at))
            slot = i; /* the oldest goes */
    }
    cache_slot *e = &c->slot[slot];
    free(e->data);
    memcpy(e->key, key, strlen(key) + 1);
    e->data = copy;
    e->len = len;
    e->refreshing = 0;
    clock_gettime(CLOCK_MONOTONIC, &e->at);
    pthread_mutex_unlock(&c->mu);
}

void pl_http_response_cache_free(pl_http_response_cache *c)
{
    if (c == NULL)
        return;
    for (int i = 0; i < PL_HTTP_CACHE_SLOTS; i++)
        free(c->slot[i].data);
    pthread_mutex_destroy(&c->mu);
    free(c);
}
