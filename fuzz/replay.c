/*
 * replay.c - a main for the libFuzzer targets without libFuzzer: calls
 * LLVMFuzzerTestOneInput once for every file named on the command line and
 * every file in a named directory (not recursive, in name order). ctest
 * links each target with it to replay fuzz/corpus/<target>/ in the normal
 * build (under ASan+UBSan in the test build), so a crash found once stays
 * fixed. Each input is copied into a buffer of exactly its size, so reads
 * past the end are caught as they would be under libFuzzer.
 *
 * Exit status: 0 when every input ran, 1 when an argument cannot be read or
 * no input was found (an empty corpus must not pass silently). A target that
 * crashes aborts the process, as under libFuzzer.
 */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/vec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs the target on one file. Returns 0 or -1 (reported on stderr). */
static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    uint8_t *buf = NULL;
    size_t cap = 0, len = 0;
    int rc = 0;
    for (;;) {
        if (pl_vec_reserve(&buf, &cap, len, 4096) != 0) {
            rc = -1;
            break;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    if (rc != 0 || ferror(f)) {
        fprintf(stderr, "replay: %s: cannot read\n", path);
        rc = -1;
    } else {
        /* exactly len bytes, so that ASan sees any read past the input */
        uint8_t *exact = malloc(len ? len : 1);
        if (exact == NULL) {
            rc = -1;
        } else {
            if (len)
                memcpy(exact, buf, len);
            LLVMFuzzerTestOneInput(exact, len);
            free(exact);
        }
    }
    free(buf);
    fclose(f);
    return rc;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file of dir in name order; adds them to *count. */
static int run_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (pl_vec_reserve(&names, &cap, n, 1) != 0) {
            rc = -1;
            break;
        }
        size_t need = strlen(dir) + strlen(e->d_name) + 2;
        if ((names[n] = malloc(need)) == NULL) {
            rc = -1;
            break;
        }
        snprintf(names[n], need, "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (rc == 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            if (run_file(names[i]) != 0)
                rc = -1;
            else
                (*count)++;
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR|FILE...\n", argv[0]);
        return 1;
    }
    size_t count = 0;
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            rc = 1;
        } else if (S_ISDIR(st.st_mode)) {
            if (run_dir(argv[i], &count) != 0)
                rc = 1;
        } else if (run_file(argv[i]) != 0) {
            rc = 1;
        } else {
            count++;
        }
    }
    printf("replay: %zu input(s) ran\n", count);
    if (count == 0) {
        fprintf(stderr, "replay: no input found\n");
        rc = 1;
    }
    return rc;
}
