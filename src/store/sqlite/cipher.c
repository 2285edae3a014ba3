/*
 * cipher.c - encryption at rest. A build with PILAR_CIPHER=ON links SQLite3
 * Multiple Ciphers, a current SQLite whose pages are encrypted in the
 * SQLCipher v4 format (AES-256-CBC, HMAC-SHA512 per page); the data base, its
 * WAL and the read-audit file all take the key. The key is process
 * configuration: read once from a file only the service user may read, before
 * the first store opens, and kept for every handle the process opens.
 */
#include "store/sqlite/internal.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* SQLCipher's raw-key form: x'<64 hex digits>' (no key derivation). */
#define RAW_KEY_HEX 64
#define MIN_PASSPHRASE 20
#define MAX_KEY_FILE 512

/* Process configuration, set by pl_store_use_key_file before any store opens. */
static struct {
    char key[MAX_KEY_FILE + 4];
    int len;
} g_cipher;

bool pl_store_cipher_built(void)
{
#ifdef PILAR_CIPHER
    return true;
#else
    return false;
#endif
}

static bool all_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isxdigit((unsigned char)s[i]))
            return false;
    return true;
}

int pl_store_use_key_file(const char *path, pl_error *err)
{
    if (!pl_store_cipher_built())
        return pl_error_set(err, PL_EINVAL, "db-key-file",
                            "Pilar ini dibangun tanpa enkripsi basis data; bangun ulang dengan "
                            "-DPILAR_CIPHER=ON untuk memakai --db-key-file");
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return pl_error_set(err, PL_EIO, "db-key-file", "berkas kunci '%s' tidak dapat dibaca: %s",
                            path, strerror(errno));
    struct stat st;
    int rc = 0;
    char buf[MAX_KEY_FILE + 2];
    ssize_t n = 0;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        rc = pl_error_set(err, PL_EINVAL, "db-key-file", "berkas kunci '%s' bukan berkas biasa",
                          path);
        goto done;
    }
    if (st.st_mode & 077) {
        rc = pl_error_set(err, PL_EINVAL, "db-key-file",
                          "berkas kunci '%s' dapat dibaca pengguna lain (mode %04o); jalankan "
                          "'chmod 600 %s'",
                          path, (unsigned)(st.st_mode & 07777), path);
        goto done;
    }
    n = read(fd, buf, sizeof buf - 1);
    if (n < 0) {
        rc = pl_error_set(err, PL_EIO, "db-key-file", "berkas kunci '%s' tidak dapat dibaca: %s",
                          path, strerror(errno));
        goto done;
    }
    if (n > MAX_KEY_FILE) {
        rc = pl_error_set(err, PL_EINVAL, "db-key-file",
                          "berkas kunci '%s' terlalu panjang (paling banyak %d byte)", path,
                          MAX_KEY_FILE);
        goto done;
    }
    while (n > 0 && isspace((unsigned char)buf[n - 1]))
        n--;
    buf[n] = '\0';
    if (n == RAW_KEY_HEX && all_hex(buf, (size_t)n)) {
        g_cipher.len = snprintf(g_cipher.key, sizeof g_cipher.key, "x'%s'", buf);
    } else if (n >= MIN_PASSPHRASE && memchr(buf, '\0', (size_t)n) == NULL) {
        memcpy(g_cipher.key, buf, (size_t)n + 1);
        g_cipher.len = (int)n;
    } else {
        rc = pl_error_set(err, PL_EINVAL, "db-key-file",
                          "berkas kunci '%s' harus berisi %d digit heksadesimal (kunci acak, "
                          "mis. dari 'openssl rand -hex 32') atau frasa sandi minimal %d karakter",
                          path, RAW_KEY_HEX, MIN_PASSPHRASE);
    }
done:
    explicit_bzero(buf, sizeof buf);
    close(fd);
    return rc;
}

bool pl_sq_keyed(void)
{
    return g_cipher.len > 0;
}

const char *pl_sq_key(int *len)
{
    *len = g_cipher.len;
    return g_cipher.len > 0 ? g_cipher.key : NULL;
}

void pl_sq_cipher_configure(void)
{
#ifdef PILAR_CIPHER
    /* The SQLCipher v4 format, so that SQLCipher's own tools can open a copy. */
    sqlite3mc_config(NULL, "default:cipher", CODEC_TYPE_SQLCIPHER);
    sqlite3mc_config_cipher(NULL, "sqlcipher", "default:legacy", 4);
#endif
}

int pl_sq_cipher_key(sqlite3 *db, pl_error *err)
{
#ifdef PILAR_CIPHER
    if (g_cipher.len > 0 && sqlite3_key_v2(db, "main", g_cipher.key, g_cipher.len) != SQLITE_OK)
        return pl_error_set(err, PL_EIO, "db", "kunci basis data tidak dapat dipasang: %s",
                            sqlite3_errmsg(db));
#else
    (void)db;
    (void)err;
#endif
    return 0;
}
