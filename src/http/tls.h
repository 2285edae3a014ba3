/*
 * tls.h - the certificate and key of `pilar serve --tls-cert/--tls-key`:
 * read from their files, checked with GnuTLS before the server starts (so
 * that a wrong file is a clear message, not a daemon that fails to start),
 * and the one priority string of Pilar's TLS. Private to src/http/.
 *
 * Contract. pl_http_tls_load reads both files (at most 1 MiB each) into
 * NUL-terminated buffers owned by *out, checks that libmicrohttpd was built
 * with TLS, that the PEM text parses and that the key belongs to the
 * certificate. pl_http_tls_free wipes the key and frees both (a zeroed
 * pl_http_tls is valid to free).
 */
#ifndef PL_HTTP_TLS_H
#define PL_HTTP_TLS_H

#include "util/error.h"

#include <stddef.h>

/*
 * TLS 1.2 and 1.3 only; AEAD ciphers (AES-GCM, ChaCha20-Poly1305) with
 * ECDHE key exchange (forward secrecy); no CBC, RC4, 3DES, SHA-1 MACs,
 * static RSA key exchange or export suites; the server's order wins.
 */
#define PL_HTTP_TLS_PRIORITIES                                                                     \
    "SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-CIPHER-ALL:+CHACHA20-POLY1305:+AES-256-GCM:"   \
    "+AES-128-GCM:-MAC-ALL:+AEAD:-KX-ALL:+ECDHE-RSA:+ECDHE-ECDSA:%SERVER_PRECEDENCE"

typedef struct pl_http_tls {
    char *cert; /* PEM, NUL-terminated */
    char *key;  /* PEM, NUL-terminated; wiped on free */
    size_t key_len;
} pl_http_tls;

/*
 * Loads and checks cert_path and key_path into *out (free with
 * pl_http_tls_free, also after a failure). Errors: PL_EINVAL with field
 * "tls-cert"/"tls-key" (TLS missing from libmicrohttpd, unreadable or empty
 * file, not PEM, key not matching the certificate), PL_ENOMEM.
 */
int pl_http_tls_load(pl_http_tls *out, const char *cert_path, const char *key_path, pl_error *err);

/* Wipes the key and frees both buffers; *t is zeroed. */
void pl_http_tls_free(pl_http_tls *t);

#endif
