/*
 * card.h - disability cards: issue (or reprint) a card for a registered
 * person with a recorded disability, revoke it, and check a card's token as
 * the public verification page does (valid or revoked, holder's name and
 * disability type, nothing more).
 */
#ifndef PL_SERVICE_CARD_H
#define PL_SERVICE_CARD_H

#include "domain/card_status.h"
#include "store/card.h"
#include "store/store.h"

#define PL_CARD_DEFAULT_BASE_URL "http://127.0.0.1:8080"

/* Everything a printed card needs. */
typedef struct pl_card_print {
    pl_card card;
    bool reused; /* an active card existed and is printed again */
    char nik[17];
    char name[128];
    char nik_masked[17];
    char disability[64]; /* Indonesian label */
    char village[128];
    char regency[128];
    char office[330]; /* the issuing office from the letterhead ("" = "Dinas Sosial <regency>") */
    char issued[32];  /* issue date in Indonesian */
    char url[320];    /* <base>/kartu/<token> */
} pl_card_print;

/*
 * Issues a card to the person with NIK nik inside scope, or returns the
 * active one (out->reused) so that printing again keeps the same QR code.
 * base_url has no trailing slash requirement. Errors: PL_ENOTFOUND (no such
 * NIK), PL_EDENIED (outside scope), PL_EINVAL (no disability recorded, or
 * the person has died), PL_EIO.
 */
int pl_card_issue(pl_card_print *out, pl_store *s, const pl_actor *who, const char *nik,
                  const char *scope, const char *base_url, pl_error *err);

/*
 * Issues (or reprints) the cards of the n people with NIKs niks inside
 * scope and writes them to the PDF at path, in one transaction: the cards
 * exist only if the PDF was written. out[n] (caller's memory) receives each
 * card. Errors: those of pl_card_issue, PL_ENOMEM, PL_EIO (the PDF).
 */
int pl_card_print_batch(pl_card_print *out, pl_store *s, const pl_actor *who,
                        const char *const *niks, size_t n, const char *scope, const char *base_url,
                        const char *path, pl_error *err);

/*
 * Replaces the active card of the person with NIK nik inside scope (lost,
 * damaged, data changed): revokes it with reason and issues a new card with
 * a new token, printed to the PDF at path, in one transaction (nothing
 * changes unless the PDF was written). Errors: PL_EINVAL (no reason, no
 * disability, died), PL_ENOTFOUND (no such NIK, or no active card),
 * PL_EDENIED (outside scope), PL_EIO.
 */
int pl_card_reissue(pl_card_print *out, pl_store *s, const pl_actor *who, const char *nik,
                    const char *reason, const char *scope, const char *base_url, const char *path,
                    pl_error *err);

/*
 * Revokes the card with token, or the active card of the person with NIK
 * (16 digits), inside scope, with a reason (audited). *token_out (40 bytes,
 * may be NULL) receives the token. Errors: PL_ENOTFOUND, PL_ECONFLICT
 * (already revoked), PL_EDENIED.
 */
int pl_card_revoke(char *token_out, pl_store *s, const pl_actor *who, const char *token_or_nik,
                   const char *reason, const char *scope, pl_error *err);

/*
 * Looks a token up. An unknown or malformed token is not an error:
 * out->found is false. Errors: PL_EIO only.
 */
int pl_card_check(pl_card_status *out, pl_store *s, const char *token, pl_error *err);

/* True when text looks like a card token (16 characters of [a-z2-7]). */
bool pl_card_token_valid(const char *text);

#endif
