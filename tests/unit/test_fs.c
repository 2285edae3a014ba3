/*
 * test_fs.c - util/fs: owner-only files and folders under a umask that
 * would leave them open to everyone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/fs.h"

static char dir[] = "/tmp/pilar-fs-XXXXXX";

static unsigned mode_of(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return (unsigned)(st.st_mode & 07777);
}

static void path_in(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", dir, name);
}

static void test_create(void **state)
{
    (void)state;
    char p[128];
    path_in(p, sizeof p, "new.csv");
    FILE *f;
    pl_error err;
    assert_int_equal(pl_fs_create(&f, p, &err), 0);
    fputs("abc", f);
    fclose(f);
    assert_int_equal(mode_of(p), 0600);

    /* An existing 0666 file is tightened and truncated. */
    chmod(p, 0666);
    assert_int_equal(pl_fs_create(&f, p, &err), 0);
    assert_int_equal(mode_of(p), 0600);
    fputs("x", f);
    fclose(f);
    struct stat st;
    stat(p, &st);
    assert_int_equal(st.st_size, 1);

    path_in(p, sizeof p, "no/such/dir.csv");
    assert_int_equal(pl_fs_create(&f, p, &err), PL_EIO);
    assert_null(f);
    assert_string_equal(err.field, "file");
}

static void test_prepare(void **state)
{
    (void)state;
    char p[128];
    bool created;
    pl_error err;
    path_in(p, sizeof p, "lib.xlsx");
    assert_int_equal(pl_fs_prepare(p, &created, &err), 0);
    assert_true(created);
    assert_int_equal(mode_of(p), 0600);
    FILE *f = fopen(p, "wb"); /* what the library does: the mode stays */
    fputs("keep", f);
    fclose(f);
    chmod(p, 0644);
    assert_int_equal(pl_fs_prepare(p, &created, &err), 0);
    assert_false(created);
    assert_int_equal(mode_of(p), 0600);
    struct stat st;
    stat(p, &st);
    assert_int_equal(st.st_size, 4); /* contents untouched */
}

static void test_tighten_and_mkdir(void **state)
{
    (void)state;
    char p[128];
    unsigned was = 1;
    pl_error err;
    path_in(p, sizeof p, "missing");
    assert_int_equal(pl_fs_tighten(p, &was, &err), 0);
    assert_int_equal(was, 0);

    path_in(p, sizeof p, "sub");
    assert_int_equal(pl_fs_mkdir(p, &err), 0);
    assert_int_equal(mode_of(p), 0700);
    chmod(p, 0755);
    assert_int_equal(pl_fs_mkdir(p, &err), 0); /* exists: tightened */
    assert_int_equal(mode_of(p), 0700);
    chmod(p, 0750);
    assert_int_equal(pl_fs_tighten(p, &was, &err), 0);
    assert_int_equal(was, 0750);
    assert_int_equal(pl_fs_tighten(p, &was, &err), 0);
    assert_int_equal(was, 0); /* nothing left to take */
    rmdir(p);

    path_in(p, sizeof p, "file");
    FILE *f = fopen(p, "w");
    fclose(f);
    assert_int_equal(pl_fs_mkdir(p, &err), PL_EIO); /* not a folder */
    unlink(p);
}

static int setup(void **state)
{
    (void)state;
    umask(0);
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create),
        cmocka_unit_test(test_prepare),
        cmocka_unit_test(test_tighten_and_mkdir),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
