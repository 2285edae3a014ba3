/* fs.c - owner-only files and folders (see fs.h). */
#include "util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Takes group and other bits off the open file fd when it is a regular file. */
static int tighten_fd(int fd, const char *path, pl_error *err)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return pl_error_set(err, PL_EIO, "file", "berkas tidak dapat diperiksa: %s: %s", path,
                            strerror(errno));
    if (!S_ISREG(st.st_mode) || (st.st_mode & 077) == 0)
        return 0;
    if (fchmod(fd, st.st_mode & 0700) != 0)
        return pl_error_set(err, PL_EIO, "file", "izin berkas tidak dapat diperketat: %s: %s", path,
                            strerror(errno));
    return 0;
}

/* Opens path with flags; a file it creates gets exactly 0600 (the umask may have taken bits). */
static int open_private(const char *path, int flags, bool *created, pl_error *err)
{
    *created = false;
    int fd = open(path, flags | O_CREAT | O_EXCL | O_CLOEXEC, PL_FS_FILE_MODE);
    if (fd >= 0) {
        *created = true;
        if (fchmod(fd, PL_FS_FILE_MODE) != 0) {
            int e = errno;
            close(fd);
            unlink(path);
            return pl_error_set(err, PL_EIO, "file", "berkas tidak dapat dibuat: %s: %s", path,
                                strerror(e));
        }
        return fd;
    }
    if (errno == EEXIST)
        fd = open(path, flags | O_CLOEXEC);
    if (fd < 0)
        return pl_error_set(err, PL_EIO, "file", "berkas tidak dapat dibuat: %s: %s", path,
                            strerror(errno));
    int rc = tighten_fd(fd, path, err);
    if (rc) {
        close(fd);
        return rc;
    }
    return fd;
}

int pl_fs_create(FILE **out, const char *path, pl_error *err)
{
    *out = NULL;
    bool created;
    int fd = open_private(path, O_WRONLY, &created, err);
    if (fd < 0)
        return fd;
    /* Truncated only now that it is owner-only. */
    struct stat st;
    if (fstat(fd, &st) != 0 || (S_ISREG(st.st_mode) && ftruncate(fd, 0) != 0)) {
        int e = errno;
        close(fd);
        return pl_error_set(err, PL_EIO, "file", "berkas tidak dapat dibuat: %s: %s", path,
                            strerror(e));
    }
    FILE *f = fdopen(fd, "wb");
    if (f == NULL) {
        int e = errno;
        close(fd);
        return pl_error_set(err, PL_EIO, "file", "berkas tidak dapat dibuat: %s: %s", path,
                            strerror(e));
    }
    *out = f;
    return 0;
}

int pl_fs_prepare(const char *path, bool *created, pl_error *err)
{
    int fd = open_private(path, O_WRONLY, created, err);
    if (fd < 0)
        return fd;
    close(fd);
    return 0;
}

int pl_fs_tighten(const char *path, unsigned *was, pl_error *err)
{
    *was = 0;
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno == ENOENT)
            return 0;
        return pl_error_set(err, PL_EIO, "file", "berkas tidak dapat diperiksa: %s: %s", path,
                            strerror(errno));
    }
    if (!(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) || (st.st_mode & 077) == 0)
        return 0;
    if (chmod(path, st.st_mode & 0700) != 0)
        return pl_error_set(err, PL_EIO, "file", "izin tidak dapat diperketat: %s: %s", path,
                            strerror(errno));
    *was = (unsigned)(st.st_mode & 07777);
    return 0;
}

int pl_fs_mkdir(const char *path, pl_error *err)
{
    if (mkdir(path, PL_FS_DIR_MODE) == 0) {
        if (chmod(path, PL_FS_DIR_MODE) != 0)
            return pl_error_set(err, PL_EIO, "file", "direktori tidak dapat dibuat: %s: %s", path,
                                strerror(errno));
        return 0;
    }
    if (errno != EEXIST)
        return pl_error_set(err, PL_EIO, "file", "direktori tidak dapat dibuat: %s: %s", path,
                            strerror(errno));
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return pl_error_set(err, PL_EIO, "file", "%s ada tetapi bukan direktori", path);
    unsigned was;
    return pl_fs_tighten(path, &was, err);
}
