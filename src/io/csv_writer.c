/*
 * csv_writer.c - RFC 4180 CSV output (see csv_writer.h).
 */
#include "io/csv_writer.h"
#include "util/fs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define OUTBUF 65536

struct pl_csv_writer {
    FILE *fp;   /* NULL when writing to sink */
    int own_fp; /* fclose on close */
    pl_buf *sink;
    char delim;
    int crlf;
    unsigned char *kinds; /* pl_csv_kind per column, n_kinds of them */
    size_t n_kinds;
    int failed; /* a write failed earlier: keep failing */
    size_t len;
    char buf[OUTBUF];
};

static int flush(pl_csv_writer *w, pl_error *err)
{
    if (w->failed)
        return pl_error_set(err, w->failed, "file", "gagal menulis CSV");
    if (w->len == 0)
        return 0;
    if (w->sink) {
        if (pl_buf_append(w->sink, w->buf, w->len)) {
            w->failed = PL_ENOMEM;
            return pl_error_set(err, PL_ENOMEM, "file", "keluaran CSV melebihi batas ukuran");
        }
    } else if (fwrite(w->buf, 1, w->len, w->fp) != w->len) {
        w->failed = PL_EIO;
        return pl_error_set(err, PL_EIO, "file", "gagal menulis CSV: %s", strerror(errno));
    }
    w->len = 0;
    return 0;
}

static int put(pl_csv_writer *w, const char *p, size_t n, pl_error *err)
{
    while (n > 0) {
        if (w->len == OUTBUF) {
            int rc = flush(w, err);
            if (rc)
                return rc;
        }
        size_t k = OUTBUF - w->len < n ? OUTBUF - w->len : n;
        memcpy(w->buf + w->len, p, k);
        w->len += k;
        p += k;
        n -= k;
    }
    return 0;
}

static int start(pl_csv_writer **out, FILE *fp, int own, pl_buf *sink,
                 const pl_csv_writer_options *opt, pl_error *err)
{
    int rc = 0;
    pl_csv_writer *w = NULL;
    char d = opt && opt->delimiter ? opt->delimiter : ',';
    size_t nk = opt && opt->kinds ? opt->n_kinds : 0;
    int bad = d == '"' || d == '\'' || d == '\r' || d == '\n' || d == ' ' ||
              (opt && (unsigned)opt->line_end >= PL_CSV_LINE_END__MAX);
    for (size_t i = 0; i < nk; i++)
        bad = bad || (unsigned)opt->kinds[i] >= PL_CSV_KIND__MAX;
    if (bad) {
        rc = pl_error_set(err, PL_EINVAL, "file", "pilihan CSV tidak sah");
        goto out;
    }
    w = calloc(1, sizeof *w);
    if (w == NULL || (nk && (w->kinds = malloc(nk)) == NULL)) {
        rc = pl_error_set(err, PL_ENOMEM, "file", "memori tidak cukup");
        goto out;
    }
    for (size_t i = 0; i < nk; i++)
        w->kinds[i] = (unsigned char)opt->kinds[i];
    w->n_kinds = nk;
    w->fp = fp;
    w->own_fp = own;
    w->sink = sink;
    w->delim = d;
    w->crlf = !(opt && opt->line_end == PL_CSV_LF);
    if (opt && opt->bom)
        rc = put(w, "\xEF\xBB\xBF", 3, err);
out:
    if (rc) {
        if (w)
            free(w->kinds); /* fp stays the caller's on failure */
        free(w);
        w = NULL;
    }
    *out = w;
    return rc;
}

int pl_csv_writer_open(pl_csv_writer **out, FILE *fp, const pl_csv_writer_options *opt,
                       pl_error *err)
{
    if (fp == NULL) {
        *out = NULL;
        return pl_error_set(err, PL_EINVAL, "file", "berkas keluaran tidak ada");
    }
    return start(out, fp, 0, NULL, opt, err);
}

int pl_csv_writer_open_buf(pl_csv_writer **out, pl_buf *b, const pl_csv_writer_options *opt,
                           pl_error *err)
{
    if (b == NULL) {
        *out = NULL;
        return pl_error_set(err, PL_EINVAL, "file", "penyangga keluaran tidak ada");
    }
    return start(out, NULL, 0, b, opt, err);
}

int pl_csv_writer_open_path(pl_csv_writer **out, const char *path, const pl_csv_writer_options *opt,
                            pl_error *err)
{
    FILE *fp = NULL;
    int rc = pl_fs_create(&fp, path, err);
    if (rc) {
        *out = NULL;
        return rc;
    }
    rc = start(out, fp, 1, NULL, opt, err);
    if (rc)
        fclose(fp);
    return rc;
}

static int needs_quotes(const char *s, size_t n, char delim)
{
    if (n == 0)
        return 0;
    if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
        return 1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == delim || c == ',' || c == ';' || c == '"' || c == '\r' || c == '\n')
            return 1;
    }
    return 0;
}

static int is_trigger(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* Apostrophes, then a character that starts a formula: the pattern the guard writes. */
static int looks_guarded(const char *s)
{
    size_t k = strspn(s, "'");
    return k > 0 && is_trigger(s[k]);
}

/* A plain decimal number: [+-]digits[.digits] or [+-].digits, as the app writes them. */
static int is_number(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    size_t i = strspn(s, "0123456789");
    if (s[i] == '.') {
        size_t j = strspn(s + i + 1, "0123456789");
        if (i + j == 0)
            return 0;
        i += 1 + j;
    } else if (i == 0) {
        return 0;
    }
    return s[i] == '\0';
}

static int write_field(pl_csv_writer *w, const char *s, pl_csv_kind kind, pl_error *err)
{
    size_t n = strlen(s);
    int guard =
        n > 0 && (is_trigger(s[0]) || looks_guarded(s)) && !(kind == PL_CSV_NUMBER && is_number(s));
    if (!guard && !needs_quotes(s, n, w->delim))
        return put(w, s, n, err);
    int rc = put(w, guard ? "\"'" : "\"", guard ? 2 : 1, err);
    const char *p = s, *end = s + n;
    while (rc == 0 && p < end) {
        const char *q = memchr(p, '"', (size_t)(end - p));
        size_t k = q ? (size_t)(q - p) + 1 : (size_t)(end - p);
        rc = put(w, p, k, err); /* includes the quote, which ... */
        if (rc == 0 && q)
            rc = put(w, "\"", 1, err); /* ... is doubled here */
        p += k;
    }
    return rc ? rc : put(w, "\"", 1, err);
}

bool pl_csv_unguard(char *s)
{
    if (s == NULL || !looks_guarded(s))
        return false;
    memmove(s, s + 1, strlen(s)); /* the terminating NUL moves too */
    return true;
}

int pl_csv_writer_row(pl_csv_writer *w, const char *const *fields, size_t n, pl_error *err)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (i > 0)
            rc = put(w, &w->delim, 1, err);
        if (rc == 0 && fields[i])
            rc = write_field(w, fields[i], i < w->n_kinds ? w->kinds[i] : PL_CSV_TEXT, err);
    }
    if (rc == 0)
        rc = w->crlf ? put(w, "\r\n", 2, err) : put(w, "\n", 1, err);
    if (rc == 0 && w->failed)
        rc = flush(w, err);
    return rc;
}

int pl_csv_writer_close(pl_csv_writer *w, pl_error *err)
{
    if (w == NULL)
        return 0;
    int rc = flush(w, err);
    if (w->fp && rc == 0 && fflush(w->fp) != 0)
        rc = pl_error_set(err, PL_EIO, "file", "gagal menulis CSV: %s", strerror(errno));
    if (w->own_fp && fclose(w->fp) != 0 && rc == 0)
        rc = pl_error_set(err, PL_EIO, "file", "gagal menutup berkas CSV: %s", strerror(errno));
    free(w->kinds);
    free(w);
    return rc;
}
