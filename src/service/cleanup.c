/* cleanup.c - retention of the server's data folder (see cleanup.h). */
#include "service/cleanup.h"
#include "util/fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Names the server gives its short-lived files in the data folder (h_exports.c, h_reports.c,
 * server.c's uploads). */
static const char *const temp_prefixes[] = {"ekspor-", "rakor-", PL_CLEANUP_UPLOAD_PREFIX};

typedef struct sweep {
    const char *dir;
    time_t cutoff; /* files last written at or before this go */
    pl_cleanup_result *out;
    long *deleted, *kept;
} sweep;

static bool is_temp(const char *name)
{
    for (size_t i = 0; i < sizeof temp_prefixes / sizeof temp_prefixes[0]; i++)
        if (strncmp(name, temp_prefixes[i], strlen(temp_prefixes[i])) == 0)
            return true;
    return false;
}

static bool is_rejects(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, ".csv") == 0 && strstr(name, "--") != NULL;
}

/* Deletes the regular file dir/name when old enough, else takes others' permissions off it. */
static int one_file(sweep *w, const char *name, pl_error *err)
{
    char path[4400];
    if (snprintf(path, sizeof path, "%s/%s", w->dir, name) >= (int)sizeof path)
        return 0;
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT) /* gone meanwhile (the server removed it) */
            return 0;
        return pl_error_set(err, PL_EIO, "file", "berkas tidak dapat diperiksa: %s: %s", path,
                            strerror(errno));
    }
    if (!S_ISREG(st.st_mode))
        return 0;
    if (st.st_mtime <= w->cutoff) {
        if (unlink(path) != 0 && errno != ENOENT)
            return pl_error_set(err, PL_EIO, "file", "berkas tidak dapat dihapus: %s: %s", path,
                                strerror(errno));
        (*w->deleted)++;
        return 0;
    }
    if (w->kept)
        (*w->kept)++;
    unsigned was = 0;
    int rc = pl_fs_tighten(path, &was, err);
    if (rc == 0 && was)
        w->out->tightened++;
    return rc;
}

/* Runs one_file over the entries of dir that match. A missing dir is fine. */
static int sweep_dir(sweep *w, bool (*match)(const char *), pl_error *err)
{
    DIR *d = opendir(w->dir);
    if (d == NULL) {
        if (errno == ENOENT)
            return 0;
        return pl_error_set(err, PL_EIO, "file", "direktori tidak dapat dibaca: %s: %s", w->dir,
                            strerror(errno));
    }
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL)
        if (e->d_name[0] != '.' && match(e->d_name))
            rc = one_file(w, e->d_name, err);
    closedir(d);
    return rc;
}

int pl_cleanup_run(const char *data_dir, const pl_cleanup_policy *p, time_t now,
                   pl_cleanup_result *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    int days = p && p->rejects_days ? p->rejects_days : PL_CLEANUP_REJECTS_DAYS;
    int minutes = p && p->temp_minutes ? p->temp_minutes : PL_CLEANUP_TEMP_MINUTES;
    if (days < -1 || days > 3650)
        return pl_error_set(err, PL_EINVAL, "rejects_days",
                            "masa simpan berkas tolakan harus 1 sampai 3650 hari");
    if (minutes < 1 || minutes > 7 * 24 * 60)
        return pl_error_set(err, PL_EINVAL, "temp_minutes",
                            "masa simpan berkas sementara harus 1 menit sampai 7 hari");
    char rejects[4200];
    if (snprintf(rejects, sizeof rejects, "%s/rejects", data_dir) >= (int)sizeof rejects)
        return pl_error_set(err, PL_EINVAL, "data_dir", "nama direktori data terlalu panjang");

    /* The folder first, so that nobody else can list the names (user names) while we work. */
    struct stat st;
    if (stat(rejects, &st) == 0 && S_ISDIR(st.st_mode)) {
        unsigned was = 0;
        int rc = pl_fs_tighten(rejects, &was, err);
        if (rc)
            return rc;
        out->tightened += was != 0;
    }
    sweep w = {.dir = rejects,
               .cutoff = days < 0 ? now : now - (time_t)days * 86400,
               .out = out,
               .deleted = &out->rejects_deleted,
               .kept = &out->rejects_kept};
    int rc = sweep_dir(&w, is_rejects, err);
    if (rc)
        return rc;
    w = (sweep){.dir = data_dir,
                .cutoff = now - (time_t)minutes * 60,
                .out = out,
                .deleted = &out->temp_deleted};
    return sweep_dir(&w, is_temp, err);
}
