/*
 * sync_http.c - the field instance's HTTP client (service/sync_http.h), on
 * libcurl: TLS with the system's certificates, redirects refused, a time
 * limit per request, replies capped at 512 MB.
 */
#include "service/sync_http.h"
#include "util/buf.h"

#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPLY_MAX ((size_t)512 << 20)

typedef struct reply {
    pl_buf b;
    int too_big;
} reply;

static size_t on_data(char *data, size_t size, size_t nmemb, void *ctx)
{
    reply *r = ctx;
    if (pl_buf_append(&r->b, data, size * nmemb) != 0) {
        r->too_big = 1;
        return 0;
    }
    return size * nmemb;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void global_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

int pl_sync_http(char **out, size_t *len, long *status, const char *method, const char *url,
                 const char *token, const void *body, size_t blen, const char *ctype, pl_error *err)
{
    *out = NULL;
    *len = 0;
    *status = 0;
    pthread_once(&once, global_init);
    CURL *c = curl_easy_init();
    if (c == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori habis");
    reply r = {0};
    pl_buf_init(&r.b, REPLY_MAX);
    struct curl_slist *h = NULL;
    char auth[400], ct[120];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token ? token : "");
    h = curl_slist_append(h, auth);
    if (ctype) {
        snprintf(ct, sizeof ct, "Content-Type: %s", ctype);
        h = curl_slist_append(h, ct);
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 600L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    if (strcmp(method, "POST") == 0) {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)blen);
    }
    CURLcode cr = curl_easy_perform(c);
    int rc = 0;
    if (cr != CURLE_OK) {
        rc = pl_error_set(err, PL_EIO, "server",
                          r.too_big ? "jawaban server terlalu besar"
                                    : "server tidak dapat dihubungi (%s); coba lagi nanti, "
                                      "tidak ada perubahan yang hilang",
                          curl_easy_strerror(cr));
        goto out;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    if (*status < 200 || *status > 299) {
        const char *msg = NULL;
        json_t *j = r.b.data ? json_loads(r.b.data, 0, NULL) : NULL;
        json_t *m = json_object_get(json_object_get(j, "error"), "message");
        msg = json_is_string(m) ? json_string_value(m) : NULL;
        rc = pl_error_set(err, *status == 401 || *status == 403 ? PL_EDENIED : PL_EIO, "server",
                          "server menolak (HTTP %ld): %.400s", *status,
                          msg ? msg : "tanpa keterangan");
        json_decref(j);
        goto out;
    }
    *len = r.b.len;
    *out = r.b.data ? pl_buf_steal(&r.b) : calloc(1, 1);
out:
    pl_buf_free(&r.b);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return rc;
}
