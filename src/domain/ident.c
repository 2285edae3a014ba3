/* ident.c - pseudonyms and birth years for callers who must not see NIKs. */
#include "domain/ident.h"
#include "domain/account.h"

#include <sodium.h>
#include <string.h>

#define PSEUDO_BYTES 8 /* 64 bits: 16 letters; collisions ~ n^2 / 2^65 */

/*
 * One letter per 4 bits. Consonants only: a pseudonym never contains a digit, so it can never
 * be read (by a clerk or a scanner) as a NIK, which hex digits could: all 16 of them are
 * decimal digits once in ~1850 values. No vowels, so that no pseudonym spells a word.
 */
static const char PSEUDO_ALPHABET[] = "bcdfghjklmnpqrst";

const pl_ident_view *pl_ident_view_init(pl_ident_view *v, unsigned perms, const unsigned char *key)
{
    memset(v, 0, sizeof *v);
    if (perms & PL_PERM_FULL_NIK)
        return NULL;
    /*
     * sodium_init is idempotent and thread safe; for BLAKE2b it only picks a faster
     * implementation (the portable one is there without it), so a failure changes nothing.
     */
    int ready = sodium_init();
    (void)ready;
    v->pseudonym = true;
    if (key)
        memcpy(v->key, key, PL_IDENT_KEY_LEN);
    return v;
}

bool pl_ident_hides(const pl_ident_view *v)
{
    return v != NULL && v->pseudonym;
}

static void pseudonym(char out[PL_IDENT_TEXT_MAX], const unsigned char *key, char prefix,
                      const char *value)
{
    /* The field kind is part of the hashed message: a NIK and a KK with equal digits differ. */
    unsigned char h[PSEUDO_BYTES];
    crypto_generichash_state st;
    crypto_generichash_init(&st, key, PL_IDENT_KEY_LEN, sizeof h);
    crypto_generichash_update(&st, (const unsigned char *)&prefix, 1);
    crypto_generichash_update(&st, (const unsigned char *)value, strlen(value));
    crypto_generichash_final(&st, h, sizeof h);
    out[0] = 'P';
    out[1] = prefix;
    out[2] = '-';
    for (size_t i = 0; i < sizeof h; i++) {
        out[3 + 2 * i] = PSEUDO_ALPHABET[h[i] >> 4];
        out[4 + 2 * i] = PSEUDO_ALPHABET[h[i] & 0x0f];
    }
    out[3 + 2 * PSEUDO_BYTES] = '\0';
}

const char *pl_ident_text(char out[PL_IDENT_TEXT_MAX], const pl_ident_view *v, pl_ident_field f,
                          const char *value)
{
    if (!pl_ident_hides(v) || value == NULL || value[0] == '\0')
        return value;
    switch (f) {
    case PL_IDENT_NIK:
        pseudonym(out, v->key, 'S', value);
        return out;
    case PL_IDENT_KK:
        pseudonym(out, v->key, 'K', value);
        return out;
    case PL_IDENT_BIRTH_DATE:
        /* The year only; anything that does not start with a year is withheld. */
        for (int i = 0; i < 4; i++)
            if (value[i] < '0' || value[i] > '9') {
                out[0] = '\0';
                return out;
            }
        memcpy(out, value, 4);
        out[4] = '\0';
        return out;
    case PL_IDENT_FIELD__MAX:
        break;
    }
    out[0] = '\0';
    return out;
}

bool pl_ident_is_pseudonym(const char *text)
{
    if (text == NULL || strlen(text) != 3 + 2 * PSEUDO_BYTES || text[0] != 'P' ||
        (text[1] != 'S' && text[1] != 'K') || text[2] != '-')
        return false;
    for (const char *p = text + 3; *p; p++)
        if (*p == '\0' || strchr(PSEUDO_ALPHABET, *p) == NULL)
            return false;
    return true;
}

bool pl_ident_looks_like_nik(const char *text)
{
    if (text == NULL || strlen(text) != 16)
        return false;
    for (const char *p = text; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    return true;
}
