/*
 * import_queue.h - chunks of checked rows handed from the importer's reader
 * thread to its writer thread (service/import.c), through a bounded queue.
 *
 * Ownership: the queue owns every chunk. The reader takes an empty chunk
 * (pl_row_queue_take_spare), fills it and pushes it; the writer pops it,
 * writes it and gives it back (pl_row_queue_recycle). A fixed number of
 * chunks circulate, so memory stays bounded whatever the file's size.
 */
#ifndef PL_SERVICE_IMPORT_QUEUE_H
#define PL_SERVICE_IMPORT_QUEUE_H

#include "domain/name.h"
#include "domain/record.h"
#include "store/person.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum pl_row_kind {
    PL_ROW_VALID,    /* rec, person and name_norm are filled */
    PL_ROW_REJECT,   /* reason_at holds the reason */
    PL_ROW_CONFLICT, /* the NIK appears twice with different data; reason_at as above */
} pl_row_kind;

typedef struct pl_row_item {
    long row; /* in the file */
    pl_row_kind kind;
    size_t fields_at; /* the row's original fields in the chunk's text, NUL-separated */
    size_t nf;
    size_t reason_at;
    pl_record rec;
    pl_person person; /* the record as a person; household_id is the writer's to set */
    char name_norm[PL_NAME_MAX * 2];
    /* The writer's state between its two phases. */
    int64_t household_id, person_id;
    bool household_later, person_later, refused;
    bool hidden; /* its KK belongs to a household outside the importer's scope */
} pl_row_item;

typedef struct pl_row_chunk {
    pl_row_item *items;
    size_t n, cap;
    char *text; /* original fields and reasons */
    size_t used, text_cap;
    double fraction; /* of the file read when the chunk was pushed */
    bool last;       /* nothing follows */
    int rc;          /* the reader's failure (with err), on the last chunk */
    pl_error err;
    struct pl_row_chunk *next;
} pl_row_chunk;

typedef struct pl_row_queue pl_row_queue;

/* A queue with `depth` chunks in flight at most. NULL when out of memory. */
pl_row_queue *pl_row_queue_new(int depth);
/* Frees the queue and every chunk it still holds (call after both threads are done). */
void pl_row_queue_free(pl_row_queue *q);

/* Reader: an empty chunk to fill, waiting for one; NULL once the writer stopped. */
pl_row_chunk *pl_row_queue_take_spare(pl_row_queue *q);
/* Reader: hands c over (waits while the queue is full); false once the writer stopped. */
bool pl_row_queue_push(pl_row_queue *q, pl_row_chunk *c);
/* Writer: the oldest chunk pushed, waiting for one. */
pl_row_chunk *pl_row_queue_pop(pl_row_queue *q);
/* Writer: gives a written chunk back. */
void pl_row_queue_recycle(pl_row_queue *q, pl_row_chunk *c);
/* Writer: the reader gives up at its next take or push. */
void pl_row_queue_stop(pl_row_queue *q);

/* Appends a row with its original fields copied; NULL when out of memory. */
pl_row_item *pl_row_chunk_add(pl_row_chunk *c, long row, pl_row_kind kind, char **f, size_t nf);
/* Copies text[0..len) into the chunk; returns its offset. Sets *oom on failure. */
size_t pl_row_chunk_put(pl_row_chunk *c, const char *text, size_t len, bool *oom);

#endif
