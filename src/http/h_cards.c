/*
 * h_cards.c - disability cards of one person (service/card.h): the cards
 * issued, printing (issue or reprint) as a PDF, re-issuing with a new token
 * and revoking. The person is loaded inside the caller's scope first, so a
 * person outside it answers 404 like an absent one.
 */
#include "http/handlers.h"
#include "http/tmpfile.h"
#include "io/disaster_json.h"
#include "service/auth.h"
#include "service/card.h"
#include "store/card.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int add_card(void *ctx, const pl_card *c)
{
    return json_array_append_new(ctx, pl_json_card(c)) ? PL_ENOMEM : 0;
}

int pl_h_person_cards(pl_http_req *r)
{
    pl_person p;
    int rc = pl_h_load_person(r, 0, &p);
    if (rc)
        return rc;
    json_t *items = json_array();
    if ((rc = pl_store_card_list(r->store, p.id, add_card, items, &r->err))) {
        json_decref(items);
        return rc;
    }
    pl_http_audit_read(r, "person", p.id);
    return pl_http_reply_page(r, items, NULL);
}

/* The service names the disability by its CSV column; the API by its key. */
static int api_field(pl_http_req *r, int rc)
{
    if (rc == PL_EINVAL && strcmp(r->err.field, "disabilitas") == 0)
        snprintf(r->err.field, sizeof r->err.field, "%s", "disability");
    return rc;
}

/* A person the card routes can serve: loaded in scope, with a NIK. */
static int card_person(pl_http_req *r, pl_person *p)
{
    int rc = pl_h_load_person(r, 0, p);
    if (rc)
        return rc;
    if (p->nik[0] == '\0')
        return pl_error_set(&r->err, PL_EINVAL, "nik",
                            "kartu disabilitas hanya untuk orang yang sudah ber-NIK; catat NIK "
                            "%s dahulu",
                            p->name);
    return 0;
}

/* Optional or required "reason" of the body into out. */
static int body_reason(pl_http_req *r, char *out, size_t cap, bool required)
{
    out[0] = '\0';
    json_t *in = NULL;
    const char *v = NULL;
    int rc = 0;
    if (r->body && r->body_len) {
        if ((rc = pl_http_json_body(r, &in)) || (rc = pl_http_json_str(r, in, "reason", &v)))
            goto out;
        if (v && strlen(v) >= cap) {
            rc = pl_error_set(&r->err, PL_EINVAL, "reason", "alasan terlalu panjang (maks. %zu)",
                              cap - 1);
            goto out;
        }
        if (v)
            snprintf(out, cap, "%s", v);
    }
    if (required && out[strspn(out, " \t\r\n")] == '\0')
        rc = pl_error_set(&r->err, PL_EINVAL, "reason", "alasan wajib diisi");
out:
    json_decref(in);
    return rc;
}

/* Issues (reason NULL) or re-issues the card of p and answers the PDF. */
static int print_card(pl_http_req *r, const pl_person *p, const char *reason)
{
    char path[4400];
    int rc = pl_http_tmp_path(r, "kartu", "pdf", path, sizeof path);
    if (rc)
        return rc;
    pl_card_print card;
    const char *niks[1] = {p->nik};
    const char *base = pl_http_card_base_url(r->srv);
    rc = reason ? pl_card_reissue(&card, r->store, &r->actor, p->nik, reason, r->user.scope, base,
                                  path, &r->err)
                : pl_card_print_batch(&card, r->store, &r->actor, niks, 1, r->user.scope, base,
                                      path, &r->err);
    if ((rc = pl_http_send_tmp(r, rc, path, PL_HTTP_TYPE_PDF, "kartu")))
        return api_field(r, rc);
    pl_http_audit_read(r, "person", p->id);
    char disp[96];
    snprintf(disp, sizeof disp, "attachment; filename=\"kartu-%s.pdf\"", card.card.token);
    pl_http_header(r, "Content-Disposition", disp);
    pl_http_header(r, "X-Pilar-Card-Token", card.card.token);
    pl_http_header(r, "X-Pilar-Card-Reprint", card.reused ? "1" : "0");
    r->status = 200;
    return 0;
}

int pl_h_person_card_print(pl_http_req *r)
{
    pl_person p;
    char reason[8];
    int rc = card_person(r, &p);
    if (rc == 0)
        rc = body_reason(r, reason, sizeof reason, false); /* a body, if any, must be JSON */
    return rc ? rc : print_card(r, &p, NULL);
}

int pl_h_person_card_reissue(pl_http_req *r)
{
    pl_person p;
    char reason[256];
    int rc = card_person(r, &p);
    if (rc == 0)
        rc = body_reason(r, reason, sizeof reason, true);
    return rc ? rc : print_card(r, &p, reason);
}

int pl_h_person_card_revoke(pl_http_req *r)
{
    pl_person p;
    char reason[256], token[40] = "";
    int rc = card_person(r, &p);
    if (rc == 0)
        rc = body_reason(r, reason, sizeof reason, true);
    if (rc == 0)
        rc = pl_card_revoke(token, r->store, &r->actor, p.nik, reason, r->user.scope, &r->err);
    if (rc)
        return rc;
    pl_card c;
    if ((rc = pl_store_card_get(r->store, &c, token, &r->err)))
        return rc;
    return pl_http_reply_json(r, 200, pl_json_card(&c));
}
