/* totp.c - TOTP enrolment and checks (liboath), recovery codes, the QR code of the URI. */
#include "service/totp.h"
#include "service/auth.h"
#include "store/creds.h"

#include <ctype.h>
#include <liboath/oath.h>
#include <pthread.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STEP 30
#define DIGITS 6
#define SECRET_BYTES 20

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static int oath_status = OATH_OK;

static void oath_start(void)
{
    oath_status = oath_init();
}

static int oath_ready(pl_error *err)
{
    pthread_once(&oath_once, oath_start);
    if (oath_status != OATH_OK)
        return pl_error_set(err, PL_EINTERNAL, "", "liboath tidak dapat dimulai");
    return 0;
}

int pl_totp_new(pl_totp_enrolment *out, const char *username, pl_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = oath_ready(err);
    if (rc)
        return rc;
    unsigned char raw[SECRET_BYTES];
    char hex[2 * SECRET_BYTES + 1], *b32 = NULL;
    size_t n = 0;
    pl_auth_random_hex(hex, SECRET_BYTES);
    for (int i = 0; i < SECRET_BYTES; i++) {
        unsigned v;
        sscanf(hex + 2 * i, "%2x", &v);
        raw[i] = (unsigned char)v;
    }
    if (oath_base32_encode((const char *)raw, sizeof raw, &b32, &n) != OATH_OK || n == 0 ||
        n >= PL_TOTP_SECRET_MAX) {
        free(b32);
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    }
    /* base32 of 20 bytes has no padding; drop any "=" anyway (apps do not want them). */
    size_t k = 0;
    for (size_t i = 0; i < n && b32[i] != '='; i++)
        out->secret[k++] = b32[i];
    out->secret[k] = '\0';
    pl_auth_wipe(raw, sizeof raw);
    pl_auth_wipe(hex, sizeof hex);
    pl_auth_wipe(b32, n);
    free(b32);
    /* The user name is [a-z0-9._-] (domain/account.c): no escaping needed in the label. */
    snprintf(out->uri, sizeof out->uri,
             "otpauth://totp/Pilar:%s?secret=%s&issuer=Pilar&algorithm=SHA1&digits=%d&period=%d",
             username, out->secret, DIGITS, STEP);
    return 0;
}

/* code without spaces into out (cap bytes); false when too long. */
static bool squeeze(char *out, size_t cap, const char *code)
{
    size_t k = 0;
    for (const char *p = code; *p; p++) {
        if (*p == ' ')
            continue;
        if (k + 1 >= cap)
            return false;
        out[k++] = (char)tolower((unsigned char)*p);
    }
    out[k] = '\0';
    return true;
}

int pl_totp_check(int64_t *step, const char *secret, const char *code, time_t now, pl_error *err)
{
    *step = 0;
    int rc = oath_ready(err);
    if (rc)
        return rc;
    char c[16];
    if (!squeeze(c, sizeof c, code) || strlen(c) != DIGITS)
        return pl_error_set(err, PL_EDENIED, "code", "kode harus %d angka", DIGITS);
    for (const char *p = c; *p; p++)
        if (!isdigit((unsigned char)*p))
            return pl_error_set(err, PL_EDENIED, "code", "kode harus %d angka", DIGITS);
    char *bin = NULL;
    size_t binlen = 0;
    if (oath_base32_decode(secret, strlen(secret), &bin, &binlen) != OATH_OK)
        return pl_error_set(err, PL_EINTERNAL, "totp", "rahasia TOTP tersimpan rusak");
    int pos = 0;
    uint64_t counter = 0;
    int v = oath_totp_validate3(bin, binlen, now, STEP, 0, 1, &pos, &counter, c);
    pl_auth_wipe(bin, binlen);
    free(bin);
    if (v < 0)
        return pl_error_set(err, PL_EDENIED, "code", "kode autentikator salah");
    *step = (int64_t)counter;
    return 0;
}

/* PL_RECOVERY_CODES new codes into codes and their digests into digests. */
static void recovery_new(char (*codes)[PL_RECOVERY_CODE_MAX], char (*digests)[PL_DIGEST_HEX])
{
    for (int i = 0; i < PL_RECOVERY_CODES; i++) {
        char hex[13];
        pl_auth_random_hex(hex, 6);
        snprintf(codes[i], PL_RECOVERY_CODE_MAX, "%.4s-%.4s-%.4s", hex, hex + 4, hex + 8);
        pl_auth_digest_hex(digests[i], codes[i]);
        pl_auth_wipe(hex, sizeof hex);
    }
}

/* Stores enr->secret for user_id (codes from step on) with fresh recovery codes. */
static int store_enabled(pl_store *s, const pl_actor *who, pl_totp_enrolment *enr, int64_t user_id,
                         int64_t last_step, pl_error *err)
{
    char digests[PL_RECOVERY_CODES][PL_DIGEST_HEX];
    recovery_new(enr->codes, digests);
    int rc = pl_store_totp_set(s, who, user_id, enr->secret, last_step,
                               (const char(*)[PL_DIGEST_HEX])digests, err);
    if (rc)
        pl_auth_wipe(enr->codes, sizeof enr->codes);
    return rc;
}

int pl_totp_enable(pl_store *s, const pl_actor *who, pl_totp_enrolment *out, const char *username,
                   pl_error *err)
{
    pl_user u;
    int rc = pl_store_user_get(s, &u, username, NULL, 0, err);
    if (rc || (rc = pl_totp_new(out, u.username, err)))
        return rc;
    if ((rc = store_enabled(s, who, out, u.id, 0, err)))
        pl_auth_wipe(out, sizeof *out);
    return rc;
}

int pl_totp_confirm(pl_store *s, const pl_actor *who, pl_totp_enrolment *enr, int64_t user_id,
                    const char *code, pl_error *err)
{
    int64_t step;
    int rc = pl_totp_check(&step, enr->secret, code, time(NULL), err);
    if (rc)
        return rc;
    return store_enabled(s, who, enr, user_id, step, err); /* the confirming code is spent */
}

int pl_totp_disable(pl_store *s, const pl_actor *who, const char *username, pl_error *err)
{
    pl_user u;
    int rc = pl_store_user_get(s, &u, username, NULL, 0, err);
    if (rc)
        return rc;
    return pl_store_totp_delete(s, who, u.id, err);
}

bool pl_totp_enabled(pl_store *s, int64_t user_id)
{
    pl_error e;
    return pl_store_totp_get(s, user_id, NULL, NULL, &e) == 0;
}

int pl_totp_verify(pl_store *s, int64_t user_id, const char *code, bool *recovery, int *left,
                   pl_error *err)
{
    *recovery = false;
    *left = 0;
    char secret[PL_TOTP_SECRET_MAX], c[PL_RECOVERY_CODE_MAX];
    int rc = pl_store_totp_get(s, user_id, secret, NULL, err);
    if (rc)
        return rc;
    if (squeeze(c, sizeof c, code) && strlen(c) == PL_RECOVERY_CODE_MAX - 2) {
        char digest[PL_DIGEST_HEX];
        pl_auth_digest_hex(digest, c);
        rc = pl_store_recovery_use(s, user_id, digest, left, err);
        if (rc == PL_ENOTFOUND)
            rc = pl_error_set(err, PL_EDENIED, "code", "kode pemulihan salah atau sudah dipakai");
        *recovery = rc == 0;
        goto out;
    }
    int64_t step;
    if ((rc = pl_totp_check(&step, secret, code, time(NULL), err)) == 0) {
        rc = pl_store_totp_use_step(s, user_id, step, err);
        if (rc == PL_ECONFLICT)
            rc = pl_error_set(err, PL_EDENIED, "code",
                              "kode ini sudah dipakai; tunggu kode berikutnya");
    }
out:
    pl_auth_wipe(secret, sizeof secret);
    pl_auth_wipe(c, sizeof c);
    return rc;
}

char *pl_totp_qr_svg(const char *uri)
{
    QRcode *qr = QRcode_encodeString(uri, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (qr == NULL)
        return NULL;
    int w = qr->width, q = 4; /* quiet zone */
    size_t cap = 256 + (size_t)w * (size_t)w * 40;
    char *svg = malloc(cap);
    if (svg == NULL) {
        QRcode_free(qr);
        return NULL;
    }
    size_t n = (size_t)snprintf(svg, cap,
                                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                                "shape-rendering=\"crispEdges\"><rect width=\"100%%\" "
                                "height=\"100%%\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
                                w + 2 * q, w + 2 * q);
    for (int y = 0; y < w; y++)
        for (int x = 0; x < w; x++)
            if (qr->data[y * w + x] & 1)
                n += (size_t)snprintf(svg + n, cap - n, "M%d %dh1v1h-1z", x + q, y + q);
    snprintf(svg + n, cap - n, "\"/></svg>");
    QRcode_free(qr);
    return svg;
}
