/* card.c - issuing, revoking and checking disability cards. */
#include "service/card.h"
#include "domain/category.h"
#include "domain/date.h"
#include "domain/nik.h"
#include "store/card.h"
#include "store/letterhead.h"
#include "store/person.h"
#include "store/region.h"
#include "store/store.h"
#include "io/card_pdf.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOKEN_LEN 16

static const char b32[] = "abcdefghijklmnopqrstuvwxyz234567";

bool pl_card_token_valid(const char *text)
{
    if (text == NULL || strlen(text) != TOKEN_LEN)
        return false;
    for (const char *p = text; *p; p++)
        if (strchr(b32, *p) == NULL || *p == '\0')
            return false;
    return true;
}

/* 80 random bits as 16 base32 characters. */
static int new_token(char out[TOKEN_LEN + 1], pl_error *err)
{
    if (sodium_init() < 0)
        return pl_error_set(err, PL_EINTERNAL, "", "libsodium tidak dapat disiapkan");
    unsigned char raw[10];
    randombytes_buf(raw, sizeof raw);
    for (int i = 0; i < TOKEN_LEN; i++) {
        int bit = i * 5, byte = bit / 8, shift = bit % 8;
        unsigned v = (unsigned)raw[byte] << 8 | (byte + 1 < 10 ? raw[byte + 1] : 0);
        out[i] = b32[(v >> (11 - shift)) & 31];
    }
    out[TOKEN_LEN] = '\0';
    return 0;
}

static const char *disability_label(const char *slug)
{
    const pl_disability *d = slug[0] ? pl_disability_find(slug) : NULL;
    return d ? d->label : slug[0] ? slug : "";
}

static void region_name(pl_store *s, char *out, size_t cap, const char *code)
{
    pl_region r;
    if (pl_store_region_get(s, &r, code, NULL) == 0)
        snprintf(out, cap, "%s", r.name);
    else
        snprintf(out, cap, "%s", code);
}

static int fill_print(pl_card_print *out, pl_store *s, const pl_person *p, const char *base_url)
{
    snprintf(out->nik, sizeof out->nik, "%s", p->nik);
    snprintf(out->name, sizeof out->name, "%s", p->name);
    pl_nik_mask(out->nik_masked, p->nik);
    snprintf(out->disability, sizeof out->disability, "%s", disability_label(p->disability));
    region_name(s, out->village, sizeof out->village, p->village_code);
    char regency[PL_REGION_CODE_MAX];
    snprintf(regency, sizeof regency, "%.5s", p->village_code);
    region_name(s, out->regency, sizeof out->regency, regency);
    /* The office named on the card: the regency's letterhead, else the province's. */
    pl_letterhead lh;
    char province[3];
    snprintf(province, sizeof province, "%.2s", p->village_code);
    if (pl_store_letterhead_get(s, &lh, regency, NULL) == 0 ||
        pl_store_letterhead_get(s, &lh, province, NULL) == 0)
        snprintf(out->office, sizeof out->office, "%s%s%s", lh.office_name,
                 lh.agency[0] ? ", " : "", lh.agency);
    pl_date d;
    char day[11];
    snprintf(day, sizeof day, "%.10s", out->card.issued_at);
    if (pl_date_parse(&d, day) == 0)
        pl_date_format_id(out->issued, &d);
    else
        snprintf(out->issued, sizeof out->issued, "%s", day);
    const char *base = base_url && base_url[0] ? base_url : PL_CARD_DEFAULT_BASE_URL;
    size_t bl = strlen(base);
    while (bl > 0 && base[bl - 1] == '/')
        bl--;
    snprintf(out->url, sizeof out->url, "%.*s/kartu/%s", (int)bl, base, out->card.token);
    return 0;
}

static int person_in_scope(pl_person *p, pl_store *s, const char *nik, const char *scope,
                           pl_error *err)
{
    int rc = pl_store_person_get_by_nik(s, p, nik, err);
    if (rc)
        return rc;
    if (scope && scope[0] && !pl_region_code_in_scope(p->village_code, scope))
        return pl_error_set(err, PL_EDENIED, "nik", "NIK %s terdaftar di luar wilayah Anda", nik);
    return 0;
}

int pl_card_issue(pl_card_print *out, pl_store *s, const pl_actor *who, const char *nik,
                  const char *scope, const char *base_url, pl_error *err)
{
    memset(out, 0, sizeof *out);
    pl_person p;
    int rc = person_in_scope(&p, s, nik, scope, err);
    if (rc)
        return rc;
    if (p.disability[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "disabilitas",
                            "%s (NIK %s) tidak tercatat sebagai penyandang disabilitas; isi jenis "
                            "disabilitas dahulu",
                            p.name, nik);
    if (p.death_date[0])
        return pl_error_set(err, PL_EINVAL, "nik", "%s (NIK %s) tercatat meninggal pada %s", p.name,
                            nik, p.death_date);
    rc = pl_store_card_active(s, &out->card, p.id, err);
    if (rc == 0) {
        out->reused = true;
    } else if (rc == PL_ENOTFOUND) {
        pl_error_clear(err);
        out->card.person_id = p.id;
        for (int attempt = 0; attempt < 3; attempt++) {
            if ((rc = new_token(out->card.token, err)))
                return rc;
            rc = pl_store_card_add(s, who, &out->card, err);
            if (rc != PL_ECONFLICT)
                break;
            /* A token collision is astronomically rare; an active card race is not retried. */
            if (pl_store_card_active(s, &out->card, p.id, NULL) == 0) {
                out->reused = true;
                rc = 0;
                break;
            }
        }
        if (rc)
            return rc;
    } else {
        return rc;
    }
    return fill_print(out, s, &p, base_url);
}

int pl_card_revoke(char *token_out, pl_store *s, const pl_actor *who, const char *token_or_nik,
                   const char *reason, const char *scope, pl_error *err)
{
    pl_card c;
    int rc;
    if (token_or_nik == NULL)
        return pl_error_set(err, PL_EINVAL, "token", "token kartu atau NIK wajib diisi");
    if (strlen(token_or_nik) == 16 && strspn(token_or_nik, "0123456789") == 16) {
        pl_person p;
        if ((rc = person_in_scope(&p, s, token_or_nik, scope, err)))
            return rc;
        rc = pl_store_card_active(s, &c, p.id, err);
        if (rc == PL_ENOTFOUND)
            return pl_error_set(err, PL_ENOTFOUND, "nik",
                                "%s (NIK %s) tidak memegang kartu yang "
                                "berlaku",
                                p.name, token_or_nik);
        if (rc)
            return rc;
    } else {
        if (!pl_card_token_valid(token_or_nik))
            return pl_error_set(err, PL_ENOTFOUND, "token", "kartu '%s' tidak dikenal",
                                token_or_nik);
        if ((rc = pl_store_card_get(s, &c, token_or_nik, err)))
            return rc;
        pl_person p;
        if ((rc = pl_store_person_get(s, &p, c.person_id, err)))
            return rc;
        if (scope && scope[0] && !pl_region_code_in_scope(p.village_code, scope))
            return pl_error_set(err, PL_EDENIED, "token", "kartu milik orang di luar wilayah Anda");
    }
    if ((rc = pl_store_card_revoke(s, who, c.token, reason ? reason : "", err)))
        return rc;
    if (token_out)
        snprintf(token_out, 40, "%s", c.token);
    return 0;
}

int pl_card_check(pl_card_status *out, pl_store *s, const char *token, pl_error *err)
{
    memset(out, 0, sizeof *out);
    if (!pl_card_token_valid(token))
        return 0;
    pl_card c;
    int rc = pl_store_card_get(s, &c, token, err);
    if (rc == PL_ENOTFOUND) {
        pl_error_clear(err);
        return 0;
    }
    if (rc)
        return rc;
    pl_person p;
    if ((rc = pl_store_person_get(s, &p, c.person_id, err)))
        return rc;
    out->found = true;
    out->valid = c.revoked_at[0] == '\0';
    snprintf(out->name, sizeof out->name, "%s", p.name);
    snprintf(out->disability, sizeof out->disability, "%s", disability_label(p.disability));
    snprintf(out->revoked_at, sizeof out->revoked_at, "%.10s", c.revoked_at);
    return 0;
}

/* Issues and prints the n cards; with reason, first revokes the active card of niks[0]. */
static int print_tx(pl_card_print *out, pl_store *s, const pl_actor *who, const char *const *niks,
                    size_t n, const char *scope, const char *base_url, const char *path,
                    const char *reason, pl_error *err)
{
    pl_card_face *faces = calloc(n ? n : 1, sizeof *faces);
    if (faces == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    int rc = pl_store_begin(s, err);
    if (rc == 0 && reason)
        rc = pl_card_revoke(NULL, s, who, niks[0], reason, scope, err);
    for (size_t i = 0; i < n && rc == 0; i++) {
        rc = pl_card_issue(&out[i], s, who, niks[i], scope, base_url, err);
        faces[i] = (pl_card_face){out[i].name,    out[i].nik_masked, out[i].disability,
                                  out[i].village, out[i].regency,    out[i].issued,
                                  out[i].url,     out[i].card.token, out[i].office};
    }
    /* The cards exist only if the PDF was written. */
    if (rc == 0)
        rc = pl_card_pdf_write(path, faces, n, err);
    if (rc == 0)
        rc = pl_store_commit(s, err);
    else
        pl_store_rollback(s);
    free(faces);
    return rc;
}

int pl_card_print_batch(pl_card_print *out, pl_store *s, const pl_actor *who,
                        const char *const *niks, size_t n, const char *scope, const char *base_url,
                        const char *path, pl_error *err)
{
    return print_tx(out, s, who, niks, n, scope, base_url, path, NULL, err);
}

int pl_card_reissue(pl_card_print *out, pl_store *s, const pl_actor *who, const char *nik,
                    const char *reason, const char *scope, const char *base_url, const char *path,
                    pl_error *err)
{
    if (reason == NULL || reason[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "reason", "alasan penggantian kartu wajib diisi");
    const char *niks[1] = {nik};
    return print_tx(out, s, who, niks, 1, scope, base_url, path, reason, err);
}
