/*
 * fixture.h - pieces the unit tests share. Linked into every tests/unit
 * program (tests/CMakeLists.txt); not a test itself.
 */
#ifndef PL_TESTS_FIXTURE_H
#define PL_TESTS_FIXTURE_H

/*
 * Removes the folder dir and everything below it (a test's temporary store:
 * the data base, its -wal/-shm/-journal, the read-audit file and its own
 * companions, any file a test wrote beside them). Symbolic links are removed,
 * not followed. Errors are ignored: a test's clean-up never fails the test.
 */
void pl_test_rmtree(const char *dir);

#endif
