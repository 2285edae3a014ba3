/* seal.c - one seal of the audit's hash chain (seal.h). */
#include "store/seal.h"

#include <string.h>

/* Domain separation: seals of this scheme are never valid hashes of anything else. */
static const char chain_tag[] = "pilar audit chain 1";

static void put_u64(pl_seal *s, unsigned char tag, uint64_t v)
{
    unsigned char b[9];
    b[0] = tag;
    for (int i = 0; i < 8; i++)
        b[1 + i] = (unsigned char)(v >> (8 * i));
    crypto_generichash_update(&s->st, b, sizeof b);
}

static void put_bytes(pl_seal *s, unsigned char tag, const void *p, size_t n)
{
    if (p == NULL) {
        pl_seal_null(s);
        return;
    }
    put_u64(s, tag, (uint64_t)n);
    if (n > 0)
        crypto_generichash_update(&s->st, p, (unsigned long long)n);
}

void pl_seal_start(pl_seal *s)
{
    crypto_generichash_init(&s->st, NULL, 0, PL_AUDIT_HASH_LEN);
    crypto_generichash_update(&s->st, (const unsigned char *)chain_tag, sizeof chain_tag);
}

void pl_seal_begin(pl_seal *s, const unsigned char *prev)
{
    pl_seal_start(s);
    pl_seal_blob(s, prev, PL_AUDIT_HASH_LEN);
}

void pl_seal_null(pl_seal *s)
{
    unsigned char tag = 0;
    crypto_generichash_update(&s->st, &tag, 1);
}

void pl_seal_int(pl_seal *s, int64_t v)
{
    put_u64(s, 1, (uint64_t)v);
}

void pl_seal_real(pl_seal *s, double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    put_u64(s, 2, u);
}

void pl_seal_text(pl_seal *s, const void *text, size_t n)
{
    put_bytes(s, 3, text, n);
}

void pl_seal_blob(pl_seal *s, const void *blob, size_t n)
{
    put_bytes(s, 4, blob, n);
}

void pl_seal_end(pl_seal *s, unsigned char out[PL_AUDIT_HASH_LEN])
{
    crypto_generichash_final(&s->st, out, PL_AUDIT_HASH_LEN);
}
