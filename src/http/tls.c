/* tls.c - loading and checking the TLS certificate and key (see tls.h). */
#include "http/tls.h"
#include "service/auth.h"

#include <errno.h>
#include <fcntl.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TLS_FILE_MAX ((size_t)1 << 20)

/* Reads path (what names it for messages: "sertifikat", "kunci") into *out. */
static int read_pem(char **out, size_t *len, const char *path, const char *field, const char *what,
                    pl_error *err)
{
    *out = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int e = fd < 0 ? errno : EINVAL;
        if (fd >= 0)
            close(fd);
        return pl_error_set(err, PL_EINVAL, field, "berkas %s TLS %s tidak dapat dibaca: %s", what,
                            path, e == EINVAL ? "bukan berkas biasa" : strerror(e));
    }
    int rc = 0;
    if (st.st_size <= 0 || (size_t)st.st_size > TLS_FILE_MAX) {
        rc = pl_error_set(err, PL_EINVAL, field, "berkas %s TLS %s %s", what, path,
                          st.st_size <= 0 ? "kosong" : "terlalu besar (lebih dari 1 MiB)");
        goto out;
    }
    size_t n = (size_t)st.st_size;
    char *buf = malloc(n + 1);
    if (buf == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, field, "memori tidak cukup");
        goto out;
    }
    size_t got = 0;
    while (got < n) {
        ssize_t k = read(fd, buf + got, n - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    if (got != n) {
        pl_auth_wipe(buf, n);
        free(buf);
        rc = pl_error_set(err, PL_EINVAL, field, "berkas %s TLS %s tidak dapat dibaca utuh", what,
                          path);
        goto out;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
out:
    close(fd);
    return rc;
}

int pl_http_tls_load(pl_http_tls *out, const char *cert_path, const char *key_path, pl_error *err)
{
    memset(out, 0, sizeof *out);
    gnutls_certificate_credentials_t cred = NULL;
    size_t cert_len = 0;
    int rc = 0;
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
        return pl_error_set(err, PL_EINVAL, "tls-cert",
                            "libmicrohttpd di sistem ini dibangun tanpa dukungan TLS (GnuTLS); "
                            "pasang libmicrohttpd dengan GnuTLS atau gunakan proksi balik "
                            "(--behind-proxy)");
    if ((rc = read_pem(&out->cert, &cert_len, cert_path, "tls-cert", "sertifikat", err)) ||
        (rc = read_pem(&out->key, &out->key_len, key_path, "tls-key", "kunci", err)))
        goto out;
    if (gnutls_certificate_allocate_credentials(&cred) != GNUTLS_E_SUCCESS) {
        rc = pl_error_set(err, PL_ENOMEM, "tls-cert", "memori tidak cukup");
        goto out;
    }
    gnutls_datum_t c = {(unsigned char *)out->cert, (unsigned)cert_len};
    gnutls_datum_t k = {(unsigned char *)out->key, (unsigned)out->key_len};
    int g = gnutls_certificate_set_x509_key_mem2(cred, &c, &k, GNUTLS_X509_FMT_PEM, NULL, 0);
    if (g == GNUTLS_E_CERTIFICATE_KEY_MISMATCH)
        rc = pl_error_set(err, PL_EINVAL, "tls-key",
                          "kunci TLS %s bukan pasangan sertifikat %s (kunci dan sertifikat tidak "
                          "cocok)",
                          key_path, cert_path);
    else if (g < 0) {
        /* Which file is wrong: try the certificate alone. */
        gnutls_x509_crt_t *list = NULL;
        unsigned n = 0;
        int gc = gnutls_x509_crt_list_import2(&list, &n, &c, GNUTLS_X509_FMT_PEM, 0);
        for (unsigned i = 0; gc >= 0 && i < n; i++)
            gnutls_x509_crt_deinit(list[i]);
        gnutls_free(list);
        if (gc < 0)
            rc = pl_error_set(err, PL_EINVAL, "tls-cert",
                              "berkas sertifikat TLS %s bukan sertifikat X.509 PEM yang sah (%s)",
                              cert_path, gnutls_strerror(gc));
        else
            rc = pl_error_set(err, PL_EINVAL, "tls-key",
                              "berkas kunci TLS %s bukan kunci privat PEM yang sah (tanpa sandi) "
                              "(%s)",
                              key_path, gnutls_strerror(g));
    }
out:
    if (cred)
        gnutls_certificate_free_credentials(cred);
    return rc;
}

void pl_http_tls_free(pl_http_tls *t)
{
    if (t->key) {
        pl_auth_wipe(t->key, t->key_len);
        free(t->key);
    }
    free(t->cert);
    memset(t, 0, sizeof *t);
}
