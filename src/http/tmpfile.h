/*
 * tmpfile.h - replies written through a file (XLSX, PDF, bank CSV: the writers need a path):
 * a private path in the server's data directory, then the file sent from an open descriptor
 * after it is unlinked, so that nothing stays on disk whatever happens to the request.
 */
#ifndef PL_HTTP_TMPFILE_H
#define PL_HTTP_TMPFILE_H

#include "http/http.h"

#include <stddef.h>

/*
 * Writes into out (cap bytes) the path "<data dir>/<stem>-<16 random hex>.<ext>", creating the
 * data directory (0700) when missing. Errors: PL_EIO (the directory cannot be made), PL_EINVAL
 * (the path does not fit).
 */
int pl_http_tmp_path(pl_http_req *r, const char *stem, const char *ext, char *out, size_t cap);

/*
 * Ends a reply written to path by a writer that returned rc: unlinks path in every case; when
 * rc is 0, opens the file first and makes it the 200 reply body with Content-Type type (the
 * open descriptor keeps the unlinked file until it is sent). Returns rc when it is not 0, else
 * 0 or PL_EIO ("berkas <what> tidak dapat dibaca").
 */
int pl_http_send_tmp(pl_http_req *r, int rc, const char *path, const char *type, const char *what);

/* Content types of the files Pilar writes. */
#define PL_HTTP_TYPE_CSV "text/csv; charset=utf-8"
#define PL_HTTP_TYPE_PDF "application/pdf"
#define PL_HTTP_TYPE_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* The content type of a file by its extension ("csv", "pdf", anything else XLSX). */
const char *pl_http_type_of(const char *ext);

#endif
