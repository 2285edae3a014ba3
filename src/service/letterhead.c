/* letterhead.c - letterhead settings per region and the one a document uses. */
#include "service/letterhead.h"

#include "domain/region_code.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 18 digits, spaces allowed between them ("19700101 199003 1 001"). */
static bool nip_ok(const char *s)
{
    int digits = 0;
    for (; *s; s++) {
        if (isdigit((unsigned char)*s))
            digits++;
        else if (*s != ' ')
            return false;
    }
    return digits == 18;
}

/* Copies in trimmed of surrounding spaces into out[cap]; PL_EINVAL when it does not fit. */
static int trimmed(char *out, size_t cap, const char *in, const char *field, const char *what,
                   pl_error *err)
{
    while (*in == ' ' || *in == '\t')
        in++;
    size_t n = strlen(in);
    while (n > 0 && (in[n - 1] == ' ' || in[n - 1] == '\t' || in[n - 1] == '\n'))
        n--;
    if (n >= cap)
        return pl_error_set(err, PL_EINVAL, field, "%s terlalu panjang (paling banyak %zu huruf)",
                            what, cap - 1);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)in[i] < 0x20)
            return pl_error_set(err, PL_EINVAL, field, "%s hanya satu baris", what);
    memcpy(out, in, n);
    out[n] = '\0';
    return 0;
}

int pl_letterhead_put(pl_store *s, const pl_actor *who, const pl_letterhead *in, bool keep_logo,
                      const unsigned char *logo, size_t logo_len, pl_error *err)
{
    pl_letterhead lh = {.version = in->version};
    int lv = pl_region_code_normalize(lh.region, in->region);
    if (lv < PL_LEVEL_PROVINCE || lv > PL_LEVEL_REGENCY)
        return pl_error_set(
            err, PL_EINVAL, "region",
            "kop surat diatur per provinsi atau kabupaten/kota (mis. 64 atau 64.74)");
    int rc;
    if ((rc = trimmed(lh.agency, sizeof lh.agency, in->agency, "agency", "Instansi induk", err)) ||
        (rc = trimmed(lh.office_name, sizeof lh.office_name, in->office_name, "office_name",
                      "Nama kantor", err)) ||
        (rc = trimmed(lh.address, sizeof lh.address, in->address, "address", "Alamat", err)) ||
        (rc = trimmed(lh.place, sizeof lh.place, in->place, "place", "Tempat", err)) ||
        (rc = trimmed(lh.signer_title, sizeof lh.signer_title, in->signer_title, "signer_title",
                      "Jabatan penanda tangan", err)) ||
        (rc = trimmed(lh.signer_name, sizeof lh.signer_name, in->signer_name, "signer_name",
                      "Nama penanda tangan", err)) ||
        (rc = trimmed(lh.signer_nip, sizeof lh.signer_nip, in->signer_nip, "signer_nip", "NIP",
                      err)))
        return rc;
    if (lh.office_name[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "office_name", "nama kantor wajib diisi");
    if (lh.signer_nip[0] && !nip_ok(lh.signer_nip))
        return pl_error_set(err, PL_EINVAL, "signer_nip", "NIP harus 18 angka");
    if ((lh.signer_title[0] || lh.signer_nip[0]) && lh.signer_name[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "signer_name", "nama penanda tangan wajib diisi");
    if (!keep_logo && logo && logo_len && (rc = pl_letterhead_logo_check(logo, logo_len, err)))
        return rc;
    return pl_store_letterhead_put(s, who, &lh, keep_logo, logo, logo_len, err);
}

int pl_letterhead_for_region(pl_doc_letterhead **out, pl_store *s, const char *region,
                             const pl_date *on, pl_error *err)
{
    *out = NULL;
    char code[PL_REGION_CODE_MAX];
    if (region == NULL || pl_region_code_normalize(code, region) < PL_LEVEL_PROVINCE)
        return 0;
    pl_doc_letterhead *d = calloc(1, sizeof *d);
    if (d == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    int rc;
    for (;;) {
        rc = pl_store_letterhead_get(s, &d->lh, code, err);
        if (rc != PL_ENOTFOUND)
            break;
        pl_error_clear(err);
        char parent[PL_REGION_CODE_MAX];
        if (pl_region_code_parent(parent, code) != 0) {
            pl_doc_letterhead_free(d);
            return 0; /* no setting on the way up */
        }
        memcpy(code, parent, sizeof code);
    }
    if (rc == 0 && d->lh.logo_bytes > 0)
        rc = pl_store_letterhead_logo(s, &d->logo, &d->logo_len, code, err);
    if (rc) {
        pl_doc_letterhead_free(d);
        return rc;
    }
    pl_date_format_id(d->signed_on, on);
    *out = d;
    return 0;
}
