/*
 * h_settings.c - office settings an administrator keeps: the letterhead
 * (kop surat) and signature block of printed reports, per province or
 * regency (service/letterhead.h).
 */
#include "http/handlers.h"
#include "io/record_json.h"
#include "service/letterhead.h"
#include "store/letterhead.h"
#include "store/region.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

typedef struct lh_list {
    pl_store *s;
    json_t *items;
} lh_list;

static json_t *lh_json(pl_store *s, const pl_letterhead *lh)
{
    pl_region g;
    bool named = pl_store_region_get(s, &g, lh->region, NULL) == 0;
    return pl_json_letterhead(lh, named ? g.name : "");
}

static int add_lh(void *ctx, const pl_letterhead *lh)
{
    lh_list *l = ctx;
    return json_array_append_new(l->items, lh_json(l->s, lh)) ? PL_ENOMEM : 0;
}

/* GET /settings/letterhead: every region's letterhead (admin). */
int pl_h_letterheads(pl_http_req *r)
{
    lh_list l = {r->store, json_array()};
    int rc = pl_store_letterhead_list(r->store, add_lh, &l, &r->err);
    if (rc) {
        json_decref(l.items);
        return rc;
    }
    return pl_http_reply_page(r, l.items, NULL);
}

/* The {region} of the path in dotted form, or PL_ENOTFOUND for a path that names none. */
static int region_param(pl_http_req *r, char out[PL_REGION_CODE_MAX])
{
    if (r->n_params < 1 || pl_region_code_normalize(out, r->params[0]) < PL_LEVEL_PROVINCE)
        return pl_error_set(&r->err, PL_ENOTFOUND, "region", "wilayah tidak ditemukan");
    return 0;
}

/*
 * PUT /settings/letterhead/{region} {"agency", "office_name", "address",
 * "place", "signer_title", "signer_name", "signer_nip", "version",
 * "logo_png_base64"}: creates or replaces the setting. Without
 * logo_png_base64 the stored logo stays; "" removes it.
 */
int pl_h_letterhead_put(pl_http_req *r)
{
    static const char *const keys[] = {"agency",     "office_name",  "address",
                                       "place",      "signer_title", "signer_name",
                                       "signer_nip", "version",      "logo_png_base64"};
    json_t *in = NULL;
    unsigned char *logo = NULL;
    pl_letterhead lh = {0};
    int rc = region_param(r, lh.region);
    if (rc || (rc = pl_http_json_body(r, &in)))
        goto out;
    const char *key;
    json_t *val;
    json_object_foreach(in, key, val)
    {
        bool known = false;
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            known |= strcmp(key, keys[i]) == 0;
        if (!known) {
            rc = pl_error_set(&r->err, PL_EINVAL, key, "kolom %s tidak dikenal", key);
            goto out;
        }
    }
    struct {
        const char *key;
        char *dst;
        size_t cap;
    } text[] = {{"agency", lh.agency, sizeof lh.agency},
                {"office_name", lh.office_name, sizeof lh.office_name},
                {"address", lh.address, sizeof lh.address},
                {"place", lh.place, sizeof lh.place},
                {"signer_title", lh.signer_title, sizeof lh.signer_title},
                {"signer_name", lh.signer_name, sizeof lh.signer_name},
                {"signer_nip", lh.signer_nip, sizeof lh.signer_nip}};
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) {
        const char *v = NULL;
        if ((rc = pl_http_json_str(r, in, text[i].key, &v)))
            goto out;
        if (v && strlen(v) >= text[i].cap) {
            rc = pl_error_set(&r->err, PL_EINVAL, text[i].key,
                              "isian terlalu panjang (paling banyak %zu huruf)", text[i].cap - 1);
            goto out;
        }
        snprintf(text[i].dst, text[i].cap, "%s", v ? v : "");
    }
    json_t *ver = json_object_get(in, "version");
    if (ver && !json_is_integer(ver)) {
        rc = pl_error_set(&r->err, PL_EINVAL, "version", "version harus bilangan bulat");
        goto out;
    }
    lh.version = ver ? json_integer_value(ver) : 0;
    const char *b64 = NULL;
    if ((rc = pl_http_json_str(r, in, "logo_png_base64", &b64)))
        goto out;
    size_t logo_len = 0;
    if (b64 && b64[0]) {
        size_t n = strlen(b64);
        logo = malloc(n / 4 * 3 + 3);
        if (logo == NULL) {
            rc = pl_error_set(&r->err, PL_ENOMEM, "", "memori tidak cukup");
            goto out;
        }
        if (sodium_base642bin(logo, n / 4 * 3 + 3, b64, n, " \n\r", &logo_len, NULL,
                              sodium_base64_VARIANT_ORIGINAL) != 0) {
            rc = pl_error_set(&r->err, PL_EINVAL, "logo_png_base64",
                              "logo harus berupa gambar PNG dalam base64");
            goto out;
        }
    }
    if ((rc = pl_letterhead_put(r->store, &r->actor, &lh, b64 == NULL, logo, logo_len, &r->err)))
        goto out;
    pl_letterhead saved;
    if ((rc = pl_store_letterhead_get(r->store, &saved, lh.region, &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 200, lh_json(r->store, &saved));
out:
    free(logo);
    json_decref(in);
    return rc;
}

/* DELETE /settings/letterhead/{region}: documents of the region print without it again. */
int pl_h_letterhead_delete(pl_http_req *r)
{
    char region[PL_REGION_CODE_MAX];
    int rc = region_param(r, region);
    if (rc || (rc = pl_store_letterhead_delete(r->store, &r->actor, region, &r->err)))
        return rc;
    return pl_http_reply_json(r, 200, json_pack("{s:s,s:b}", "region", region, "deleted", 1));
}

/* GET /settings/letterhead/{region}/logo: the stored PNG (404 when there is none). */
int pl_h_letterhead_logo(pl_http_req *r)
{
    char region[PL_REGION_CODE_MAX];
    unsigned char *png = NULL;
    size_t len = 0;
    int rc = region_param(r, region);
    if (rc || (rc = pl_store_letterhead_logo(r->store, &png, &len, region, &r->err)))
        return rc;
    if (len == 0)
        return pl_error_set(&r->err, PL_ENOTFOUND, "logo", "kop surat ini tanpa logo");
    rc = pl_buf_append(&r->out, png, len);
    free(png);
    if (rc)
        return pl_error_set(&r->err, PL_ENOMEM, "", "memori tidak cukup");
    r->status = 200;
    r->out_type = "image/png";
    pl_http_header(r, "Cache-Control", "no-store");
    return 0;
}
