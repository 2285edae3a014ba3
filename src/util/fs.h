/*
 * fs.h - files and folders only their owner can open.
 *
 * Everything Pilar writes may hold personal data (exports, rejects files,
 * reports, transfer files, the data base), so files are created with mode
 * 0600 and folders with 0700 whatever the process umask, and a file that is
 * overwritten loses any group or other permission before a byte is
 * written. Only regular files and folders are touched: writing to
 * /dev/stdout or a pipe leaves its mode alone.
 *
 * Errors carry the pl_error field "file" and a message in Bahasa Indonesia.
 */
#ifndef PL_UTIL_FS_H
#define PL_UTIL_FS_H

#include <stdbool.h>
#include <stdio.h>

#include "util/error.h"

/* Mode of every file Pilar creates, and of every folder. */
#define PL_FS_FILE_MODE 0600
#define PL_FS_DIR_MODE 0700

/*
 * Creates or truncates path and opens it for writing ("wb"); a new file is
 * made 0600, an existing regular file is tightened to its owner's bits
 * first. On success *out is owned by the caller (fclose). Errors: PL_EIO.
 */
int pl_fs_create(FILE **out, const char *path, pl_error *err);

/*
 * For libraries that open path themselves (libxlsxwriter, cairo, which
 * keep the mode of an existing file): makes sure path exists, created 0600
 * (*created = true) or tightened to its owner's bits, without changing its
 * contents. Errors: PL_EIO.
 */
int pl_fs_prepare(const char *path, bool *created, pl_error *err);

/*
 * Removes group and other permissions from the file or folder at path (a
 * symlink is followed). *was receives the mode it had when it changed
 * (e.g. 0644), else 0; a missing path is not an error (*was = 0).
 * Errors: PL_EIO (not the owner, or a stat/chmod failure).
 */
int pl_fs_tighten(const char *path, unsigned *was, pl_error *err);

/*
 * Creates the folder path with mode 0700 (its parent must exist); an
 * existing folder is tightened to its owner's bits. Errors: PL_EIO (also
 * when path exists and is not a folder).
 */
int pl_fs_mkdir(const char *path, pl_error *err);

#endif
