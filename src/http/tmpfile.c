/* tmpfile.c - replies written through a file in the data directory (tmpfile.h). */
#include "http/tmpfile.h"

#include "service/auth.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int pl_http_tmp_path(pl_http_req *r, const char *stem, const char *ext, char *out, size_t cap)
{
    const char *dir = pl_http_data_dir(r->srv);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return pl_error_set(&r->err, PL_EIO, "", "direktori data server tidak dapat dibuat");
    char id[17];
    pl_auth_random_hex(id, 8);
    int n = snprintf(out, cap, "%s/%s-%s.%s", dir, stem, id, ext);
    if (n < 0 || (size_t)n >= cap)
        return pl_error_set(&r->err, PL_EINVAL, "", "jalur direktori data terlalu panjang");
    return 0;
}

int pl_http_send_tmp(pl_http_req *r, int rc, const char *path, const char *type, const char *what)
{
    int fd = rc ? -1 : open(path, O_RDONLY | O_CLOEXEC);
    unlink(path);
    if (rc)
        return rc;
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return pl_error_set(&r->err, PL_EIO, "", "berkas %s tidak dapat dibaca", what);
    }
    r->out_fd = fd;
    r->out_fd_size = st.st_size;
    r->out_type = type;
    r->status = 200;
    return 0;
}

const char *pl_http_type_of(const char *ext)
{
    if (strcmp(ext, "csv") == 0)
        return PL_HTTP_TYPE_CSV;
    if (strcmp(ext, "pdf") == 0)
        return PL_HTTP_TYPE_PDF;
    return PL_HTTP_TYPE_XLSX;
}
