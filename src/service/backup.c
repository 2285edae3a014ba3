/* backup.c - backup files: pack, encrypt, verify, rotate, restore (format in backup.h). */
#include "service/backup.h"
#include "util/fs.h"
#include "util/vec.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libgen.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC_PLAIN "PILARBK1"
#define MAGIC_ENC "PILARBE1"
#define MAGIC_LEN 8
#define CHUNK 65536
#define MANIFEST_MAX (1 << 20)
#define PATH_CAP 4096

/* out = a b c (c may be NULL); false when it does not fit PATH_CAP bytes. */
static bool join(char *out, const char *a, const char *b, const char *c)
{
    int n = snprintf(out, PATH_CAP, "%s%s%s", a, b, c ? c : "");
    return n >= 0 && n < PATH_CAP;
}

/* ------------------------------------------------------------ key file */

/* Reads a 32-byte key (raw, or 64 hex digits) from an owner-only file. */
static int read_key(unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES],
                    const char *path, pl_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return pl_error_set(err, PL_EINVAL, "encrypt-key-file", "berkas kunci '%s': %s", path,
                            strerror(errno));
    struct stat st;
    char buf[160];
    ssize_t n = -1;
    int rc = 0;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        rc = pl_error_set(err, PL_EINVAL, "encrypt-key-file", "'%s' bukan berkas biasa", path);
    else if (st.st_mode & 077)
        rc = pl_error_set(err, PL_EINVAL, "encrypt-key-file",
                          "berkas kunci '%s' dapat dibaca pengguna lain (izin %03o); jalankan "
                          "'chmod 600 %s'",
                          path, (unsigned)(st.st_mode & 0777), path);
    else if ((n = read(fd, buf, sizeof buf)) < 0)
        rc = pl_error_set(err, PL_EIO, "encrypt-key-file", "berkas kunci '%s': %s", path,
                          strerror(errno));
    close(fd);
    if (rc)
        goto out;
    size_t got = 0;
    if (n == 32) {
        memcpy(key, buf, 32);
        goto out;
    }
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
        n--;
    if (n != 64 || sodium_hex2bin(key, 32, buf, (size_t)n, NULL, &got, NULL) != 0 || got != 32)
        rc = pl_error_set(err, PL_EINVAL, "encrypt-key-file",
                          "berkas kunci '%s' harus berisi 32 bait acak atau 64 digit "
                          "heksadesimal (mis. 'head -c 32 /dev/urandom > %s')",
                          path, path);
out:
    sodium_memzero(buf, sizeof buf);
    return rc;
}

/* ------------------------------------------------- the (encrypted) stream */

typedef struct bk_io {
    FILE *f;
    bool enc;
    crypto_secretstream_xchacha20poly1305_state st;
    unsigned char buf[CHUNK];
    unsigned char cbuf[CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES];
    size_t n, pos; /* writer: bytes buffered; reader: bytes held, bytes consumed */
    bool final;    /* reader: the final chunk was read */
} bk_io;

static void put_u32(unsigned char b[4], uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u32(const unsigned char b[4])
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static int flush_chunk(bk_io *io, unsigned char tag, pl_error *err)
{
    unsigned long long clen = 0;
    crypto_secretstream_xchacha20poly1305_push(&io->st, io->cbuf, &clen, io->buf, io->n, NULL, 0,
                                               tag);
    unsigned char len[4];
    put_u32(len, (uint32_t)clen);
    if (fwrite(len, 1, 4, io->f) != 4 || fwrite(io->cbuf, 1, clen, io->f) != clen)
        return pl_error_set(err, PL_EIO, "out", "cadangan tidak dapat ditulis: %s",
                            strerror(errno));
    io->n = 0;
    return 0;
}

static int bk_write(bk_io *io, const void *data, size_t len, pl_error *err)
{
    if (!io->enc)
        return fwrite(data, 1, len, io->f) == len
                   ? 0
                   : pl_error_set(err, PL_EIO, "out", "cadangan tidak dapat ditulis: %s",
                                  strerror(errno));
    const unsigned char *p = data;
    while (len > 0) {
        size_t k = CHUNK - io->n < len ? CHUNK - io->n : len;
        memcpy(io->buf + io->n, p, k);
        io->n += k;
        p += k;
        len -= k;
        int rc;
        if (io->n == CHUNK && (rc = flush_chunk(io, 0, err)))
            return rc;
    }
    return 0;
}

static int bk_write_end(bk_io *io, pl_error *err)
{
    return io->enc ? flush_chunk(io, crypto_secretstream_xchacha20poly1305_TAG_FINAL, err) : 0;
}

static int damaged(pl_error *err, const char *what)
{
    return pl_error_set(err, PL_EIO, "backup", "berkas cadangan rusak atau terpotong (%s)", what);
}

static int bk_read(bk_io *io, void *out, size_t len, pl_error *err)
{
    if (!io->enc)
        return fread(out, 1, len, io->f) == len ? 0 : damaged(err, "terlalu pendek");
    unsigned char *p = out;
    while (len > 0) {
        if (io->pos == io->n) {
            if (io->final)
                return damaged(err, "terlalu pendek");
            unsigned char lb[4];
            if (fread(lb, 1, 4, io->f) != 4)
                return damaged(err, "potongan hilang");
            uint32_t clen = get_u32(lb);
            if (clen < crypto_secretstream_xchacha20poly1305_ABYTES || clen > sizeof io->cbuf ||
                fread(io->cbuf, 1, clen, io->f) != clen)
                return damaged(err, "potongan terpotong");
            unsigned long long mlen = 0;
            unsigned char tag = 0;
            if (crypto_secretstream_xchacha20poly1305_pull(&io->st, io->buf, &mlen, &tag, io->cbuf,
                                                           clen, NULL, 0) != 0)
                return pl_error_set(err, PL_EIO, "backup",
                                    "berkas cadangan tidak dapat dibuka: kunci salah, atau "
                                    "berkas diubah atau rusak");
            io->n = (size_t)mlen;
            io->pos = 0;
            io->final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
        }
        size_t k = io->n - io->pos < len ? io->n - io->pos : len;
        memcpy(p, io->buf + io->pos, k);
        io->pos += k;
        p += k;
        len -= k;
    }
    return 0;
}

/* The stream must end exactly here: the final chunk read whole, nothing after it. */
static int bk_read_end(bk_io *io, pl_error *err)
{
    if (io->enc && !io->final) {
        unsigned char b;
        if (bk_read(io, &b, 1, err) == 0 || !io->final)
            return damaged(err, "data berlebih");
        pl_error_clear(err);
    }
    if (io->enc && io->pos != io->n)
        return damaged(err, "data berlebih");
    return fgetc(io->f) == EOF ? 0 : damaged(err, "data berlebih di akhir");
}

/* ------------------------------------------------------------ manifest */

static json_t *stats_json(const pl_store_stats *s)
{
    return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "people", (json_int_t)s->people, "households",
                     (json_int_t)s->households, "memberships", (json_int_t)s->memberships, "users",
                     (json_int_t)s->users, "audit", (json_int_t)s->audit_rows, "audit_read",
                     (json_int_t)s->read_rows);
}

static char *manifest_text(const pl_backup_manifest *m)
{
    json_t *j =
        json_pack("{s:i,s:s,s:s,s:i,s:o,s:{s:I,s:s,s:s},s:[{s:s,s:I,s:s},{s:s,s:I,s:s}]}", "format",
                  m->format, "created_at", m->created_at, "source", m->source, "schema_version",
                  m->stats.schema_version, "counts", stats_json(&m->stats), "audit_head", "id",
                  (json_int_t)m->stats.head.id, "at", m->stats.head.at, "hash", m->stats.head.hash,
                  "files", "name", "db", "size", (json_int_t)m->db_size, "blake2b", m->db_hash,
                  "name", "reads", "size", (json_int_t)m->reads_size, "blake2b", m->reads_hash);
    /* A PostgreSQL dump says so (older backups, all SQLite, have no "backend"). */
    if (j && m->pg)
        json_object_set_new(j, "backend", json_string("postgresql"));
    char *t = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    return t;
}

static void copy_str(char *dst, size_t cap, const char *src)
{
    size_t n = src ? strnlen(src, cap - 1) : 0;
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

static int manifest_parse(pl_backup_manifest *m, const char *text, size_t len, pl_error *err)
{
    json_t *j = json_loadb(text, len, 0, NULL);
    json_int_t people, households, memberships, users, audit, reads, head_id, dbs, rds;
    const char *created, *source, *at, *hash, *n1, *h1, *n2, *h2;
    int rc = 0;
    if (j == NULL ||
        json_unpack(j,
                    "{s:i,s:s,s:s,s:i,s:{s:I,s:I,s:I,s:I,s:I,s:I},s:{s:I,s:s,s:s},"
                    "s:[{s:s,s:I,s:s},{s:s,s:I,s:s}]}",
                    "format", &m->format, "created_at", &created, "source", &source,
                    "schema_version", &m->stats.schema_version, "counts", "people", &people,
                    "households", &households, "memberships", &memberships, "users", &users,
                    "audit", &audit, "audit_read", &reads, "audit_head", "id", &head_id, "at", &at,
                    "hash", &hash, "files", "name", &n1, "size", &dbs, "blake2b", &h1, "name", &n2,
                    "size", &rds, "blake2b", &h2) != 0 ||
        m->format != 1 || strcmp(n1, "db") != 0 || strcmp(n2, "reads") != 0 || dbs < 0 || rds < 0) {
        rc = pl_error_set(err, PL_EIO, "backup", "manifes berkas cadangan tidak dikenal");
        goto out;
    }
    copy_str(m->created_at, sizeof m->created_at, created);
    copy_str(m->source, sizeof m->source, source);
    m->stats.people = people;
    m->stats.households = households;
    m->stats.memberships = memberships;
    m->stats.users = users;
    m->stats.audit_rows = audit;
    m->stats.read_rows = reads;
    m->stats.head.id = head_id;
    copy_str(m->stats.head.at, sizeof m->stats.head.at, at);
    copy_str(m->stats.head.hash, sizeof m->stats.head.hash, hash);
    m->db_size = dbs;
    m->reads_size = rds;
    copy_str(m->db_hash, sizeof m->db_hash, h1);
    copy_str(m->reads_hash, sizeof m->reads_hash, h2);
    const char *backend = json_string_value(json_object_get(j, "backend"));
    m->pg = backend && strcmp(backend, "postgresql") == 0;
out:
    json_decref(j);
    return rc;
}

/* ---------------------------------------------------------------- files */

/* Size and BLAKE2b-256 (hex) of the file at path. */
static int hash_file(const char *path, int64_t *size, char hex[PL_AUDIT_HASH_HEX], pl_error *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return pl_error_set(err, PL_EIO, "backup", "%s: %s", path, strerror(errno));
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, PL_AUDIT_HASH_LEN);
    unsigned char buf[CHUNK];
    size_t k;
    *size = 0;
    while ((k = fread(buf, 1, sizeof buf, f)) > 0) {
        crypto_generichash_update(&st, buf, k);
        *size += (int64_t)k;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad)
        return pl_error_set(err, PL_EIO, "backup", "%s tidak dapat dibaca", path);
    unsigned char h[PL_AUDIT_HASH_LEN];
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(hex, PL_AUDIT_HASH_HEX, h, sizeof h);
    return 0;
}

static int append_file(bk_io *io, const char *path, pl_error *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return pl_error_set(err, PL_EIO, "backup", "%s: %s", path, strerror(errno));
    unsigned char buf[CHUNK];
    size_t k;
    int rc = 0;
    while (rc == 0 && (k = fread(buf, 1, sizeof buf, f)) > 0)
        rc = bk_write(io, buf, k, err);
    if (rc == 0 && ferror(f))
        rc = pl_error_set(err, PL_EIO, "backup", "%s tidak dapat dibaca", path);
    fclose(f);
    return rc;
}

/* Copies size bytes of the stream into a new owner-only file at path, checking their hash. */
static int extract_file(bk_io *io, int64_t size, const char *want_hash, const char *path,
                        const char *what, pl_error *err)
{
    FILE *f = NULL;
    int rc = pl_fs_create(&f, path, err);
    if (rc)
        return rc;
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, PL_AUDIT_HASH_LEN);
    unsigned char buf[CHUNK];
    while (rc == 0 && size > 0) {
        size_t k = size < (int64_t)sizeof buf ? (size_t)size : sizeof buf;
        if ((rc = bk_read(io, buf, k, err)))
            break;
        crypto_generichash_update(&st, buf, k);
        if (fwrite(buf, 1, k, f) != k)
            rc = pl_error_set(err, PL_EIO, "db", "%s tidak dapat ditulis: %s", path,
                              strerror(errno));
        size -= (int64_t)k;
    }
    if (fflush(f) != 0 || fsync(fileno(f)) != 0)
        rc = rc ? rc : pl_error_set(err, PL_EIO, "db", "%s: %s", path, strerror(errno));
    fclose(f);
    if (rc)
        return rc;
    unsigned char h[PL_AUDIT_HASH_LEN];
    char hex[PL_AUDIT_HASH_HEX];
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    if (strcmp(hex, want_hash) != 0)
        return pl_error_set(err, PL_EIO, "backup",
                            "isi %s di berkas cadangan tidak sesuai hash manifesnya (rusak)", what);
    return 0;
}

static int sync_dir_of(const char *path)
{
    char d[PATH_CAP];
    copy_str(d, sizeof d, path);
    int fd = open(dirname(d), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int r = fsync(fd);
    close(fd);
    return r;
}

static void unlink_pair(const char *db)
{
    static const char *const sfx[] = {"", "-journal", "-wal", "-shm"};
    char p[PATH_CAP];
    for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
        if (join(p, db, sfx[i], NULL))
            unlink(p);
        if (join(p, db, PL_STORE_READS_SUFFIX, sfx[i]))
            unlink(p);
    }
}

/* ------------------------------------------------------------- verify */

static bool stats_equal(const pl_store_stats *a, const pl_store_stats *b)
{
    return a->schema_version == b->schema_version && a->people == b->people &&
           a->households == b->households && a->memberships == b->memberships &&
           a->users == b->users && a->audit_rows == b->audit_rows && a->read_rows == b->read_rows &&
           a->head.id == b->head.id && strcmp(a->head.hash, b->head.hash) == 0;
}

/*
 * Opens the data base at db (a SQLite copy, or a PostgreSQL data base a dump was restored
 * into) and checks it against the manifest.
 */
static int check_store(const char *db, const pl_backup_manifest *m, pl_error *err)
{
    pl_store *s = NULL;
    pl_store_stats got;
    pl_audit_check ac;
    int rc = pl_store_open(&s, db, PL_STORE_READONLY, err);
    if (rc)
        return rc;
    int v = 0;
    if ((rc = pl_store_schema_version(s, &v, err)))
        goto out;
    if (v != m->stats.schema_version) {
        rc = pl_error_set(err, PL_EIO, "backup", "versi skema salinan %d, manifes %d", v,
                          m->stats.schema_version);
        goto out;
    }
    if (v != PL_STORE_SCHEMA_VERSION) {
        rc = pl_error_set(err, PL_EINVAL, "backup",
                          "cadangan berskema versi %d, program ini versi %d: pulihkan dengan "
                          "Pilar versi yang sama, lalu 'pilar init'",
                          v, PL_STORE_SCHEMA_VERSION);
        goto out;
    }
    if ((rc = pl_store_integrity_check(s, err)) ||
        (rc = pl_store_audit_verify(s, NULL, &ac, err)) || (rc = pl_store_stats_get(s, &got, err)))
        goto out;
    if (!stats_equal(&got, &m->stats))
        rc = pl_error_set(err, PL_EIO, "backup",
                          "isi salinan tidak sama dengan manifesnya (orang %lld/%lld, keluarga "
                          "%lld/%lld, audit %lld/%lld)",
                          (long long)got.people, (long long)m->stats.people,
                          (long long)got.households, (long long)m->stats.households,
                          (long long)got.audit_rows, (long long)m->stats.audit_rows);
out:
    pl_store_close(s);
    return rc;
}

/*
 * Checks the extracted copy at db: a SQLite copy opens and matches its manifest
 * (check_store); a PostgreSQL dump must read whole (pg_restore --list) and be of this
 * build's schema (its contents are compared with the manifest once restored).
 */
static int check_copy(const char *db, const pl_backup_manifest *m, pl_error *err)
{
    if (!m->pg)
        return check_store(db, m, err);
    if (m->stats.schema_version != PL_STORE_SCHEMA_VERSION)
        return pl_error_set(err, PL_EINVAL, "backup",
                            "cadangan berskema versi %d, program ini versi %d: pulihkan dengan "
                            "Pilar versi yang sama, lalu 'pilar init'",
                            m->stats.schema_version, PL_STORE_SCHEMA_VERSION);
    return pl_store_dump_check(db, err);
}

int pl_backup_verify(const char *file, const char *key_file, const char *extract, bool keep_extract,
                     pl_backup_manifest *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    bk_io *io = calloc(1, sizeof *io);
    char *text = NULL;
    char reads[PATH_CAP];
    unsigned char key[32];
    int rc = 0;
    if (io == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    if (!join(reads, extract, PL_STORE_READS_SUFFIX, NULL)) {
        free(io);
        return pl_error_set(err, PL_EINVAL, "db", "nama berkas terlalu panjang");
    }
    io->f = fopen(file, "rb");
    if (io->f == NULL) {
        rc = pl_error_set(err, PL_EINVAL, "backup", "berkas cadangan '%s': %s", file,
                          strerror(errno));
        goto out;
    }
    char magic[MAGIC_LEN];
    if (fread(magic, 1, MAGIC_LEN, io->f) != MAGIC_LEN ||
        (memcmp(magic, MAGIC_PLAIN, MAGIC_LEN) != 0 && memcmp(magic, MAGIC_ENC, MAGIC_LEN) != 0)) {
        rc = pl_error_set(err, PL_EINVAL, "backup", "'%s' bukan berkas cadangan Pilar", file);
        goto out;
    }
    if (memcmp(magic, MAGIC_ENC, MAGIC_LEN) == 0) {
        unsigned char hdr[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
        if (key_file == NULL) {
            rc = pl_error_set(err, PL_EINVAL, "encrypt-key-file",
                              "cadangan ini terenkripsi: sebutkan --encrypt-key-file KUNCI");
            goto out;
        }
        if ((rc = read_key(key, key_file, err)))
            goto out;
        if (fread(hdr, 1, sizeof hdr, io->f) != sizeof hdr ||
            crypto_secretstream_xchacha20poly1305_init_pull(&io->st, hdr, key) != 0) {
            rc = damaged(err, "kepala enkripsi");
            goto out;
        }
        io->enc = true;
        out->encrypted = true;
        /* The plain stream inside starts with its own magic. */
        if ((rc = bk_read(io, magic, MAGIC_LEN, err)))
            goto out;
        if (memcmp(magic, MAGIC_PLAIN, MAGIC_LEN) != 0) {
            rc = damaged(err, "isi terenkripsi");
            goto out;
        }
    }
    unsigned char lb[4];
    if ((rc = bk_read(io, lb, 4, err)))
        goto out;
    uint32_t mlen = get_u32(lb);
    if (mlen == 0 || mlen > MANIFEST_MAX) {
        rc = damaged(err, "manifes");
        goto out;
    }
    if ((text = malloc(mlen)) == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        goto out;
    }
    bool enc = out->encrypted;
    if ((rc = bk_read(io, text, mlen, err)) || (rc = manifest_parse(out, text, mlen, err)))
        goto out;
    out->encrypted = enc;
    if ((rc = extract_file(io, out->db_size, out->db_hash, extract, "basis data", err)) ||
        (rc = extract_file(io, out->reads_size, out->reads_hash, reads, "audit baca", err)) ||
        (rc = bk_read_end(io, err)))
        goto out;
    rc = check_copy(extract, out, err);
out:
    sodium_memzero(key, sizeof key);
    if (io->f)
        fclose(io->f);
    sodium_memzero(io, sizeof *io);
    free(io);
    free(text);
    if (rc || !keep_extract)
        unlink_pair(extract);
    return rc;
}

/* ------------------------------------------------------------- create */

static bool is_backup(const char *path)
{
    char magic[MAGIC_LEN];
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return false;
    bool yes =
        fread(magic, 1, MAGIC_LEN, f) == MAGIC_LEN &&
        (memcmp(magic, MAGIC_PLAIN, MAGIC_LEN) == 0 || memcmp(magic, MAGIC_ENC, MAGIC_LEN) == 0);
    fclose(f);
    return yes;
}

typedef struct found {
    char name[256];
    struct timespec mtime;
} found;
PL_VEC_DEFINE(found_vec, found)

static int newest_first(const void *a, const void *b)
{
    const found *x = a, *y = b;
    if (x->mtime.tv_sec != y->mtime.tv_sec)
        return x->mtime.tv_sec < y->mtime.tv_sec ? 1 : -1;
    if (x->mtime.tv_nsec != y->mtime.tv_nsec)
        return x->mtime.tv_nsec < y->mtime.tv_nsec ? 1 : -1;
    return strcmp(y->name, x->name);
}

/*
 * Keeps the newest keep backups (files starting with a backup's magic) in the folder of
 * path, which was just written and is always kept; deletes the others.
 */
static int rotate(const char *path, int keep, int *removed, pl_error *err)
{
    char d[4096];
    copy_str(d, sizeof d, path);
    const char *dir = dirname(d);
    DIR *dh = opendir(dir);
    if (dh == NULL)
        return pl_error_set(err, PL_EIO, "keep", "%s: %s", dir, strerror(errno));
    found_vec list = {0};
    struct dirent *e;
    int rc = 0;
    char p[PATH_CAP];
    while ((e = readdir(dh)) != NULL) {
        struct stat st;
        found *f;
        size_t len = strlen(e->d_name);
        /* Not hidden files, nor a backup being written (its ".tmp" name, maybe left by a crash). */
        if (e->d_name[0] == '.' || len >= sizeof f->name ||
            (len > 4 && strcmp(e->d_name + len - 4, ".tmp") == 0))
            continue;
        if (!join(p, dir, "/", e->d_name) || lstat(p, &st) != 0 || !S_ISREG(st.st_mode) ||
            !is_backup(p))
            continue;
        if (found_vec_add(&list, &f) != 0) {
            rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
            break;
        }
        copy_str(f->name, sizeof f->name, e->d_name);
        f->mtime = st.st_mtim;
    }
    closedir(dh);
    if (rc == 0 && list.n > 0) {
        qsort(list.v, list.n, sizeof *list.v, newest_first);
        char b[4096];
        copy_str(b, sizeof b, path);
        const char *self = basename(b);
        int kept = 1; /* the new backup */
        for (size_t i = 0; i < list.n; i++) {
            if (strcmp(list.v[i].name, self) == 0)
                continue;
            if (kept < keep) {
                kept++;
                continue;
            }
            if (join(p, dir, "/", list.v[i].name) && unlink(p) == 0)
                (*removed)++;
        }
    }
    found_vec_free(&list);
    return rc;
}

int pl_backup_create(pl_store *s, const char *source, const pl_backup_options *o, time_t now,
                     pl_backup_result *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    if (o->keep < 0)
        return pl_error_set(err, PL_EINVAL, "keep", "--keep harus 1 atau lebih");
    unsigned char key[32];
    bool enc = o->key_file != NULL;
    int rc = enc ? read_key(key, o->key_file, err) : 0;
    if (rc)
        return rc;
    struct tm tm;
    gmtime_r(&now, &tm);
    pl_backup_manifest *m = &out->m;
    m->format = 1;
    strftime(m->created_at, sizeof m->created_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    copy_str(m->source, sizeof m->source, source);
    m->encrypted = enc;
    m->pg = pl_store_location_is_pg(source);
    struct stat st;
    if (stat(o->out, &st) == 0 && S_ISDIR(st.st_mode)) {
        char stamp[32];
        strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
        /* Two backups in one second: the second is "-2", and so on; none replaces another. */
        for (int i = 1;; i++) {
            char n[16] = "";
            if (i > 1)
                snprintf(n, sizeof n, "-%d", i);
            if (snprintf(out->path, sizeof out->path, "%s/pilar-%s%s%s", o->out, stamp, n,
                         PL_BACKUP_SUFFIX) >= (int)sizeof out->path)
                return pl_error_set(err, PL_EINVAL, "out", "nama berkas terlalu panjang");
            if (access(out->path, F_OK) != 0 || i == 1000)
                break;
        }
    } else if (snprintf(out->path, sizeof out->path, "%s", o->out) >= (int)sizeof out->path) {
        return pl_error_set(err, PL_EINVAL, "out", "nama berkas terlalu panjang");
    }
    char tmp[PATH_CAP], copy[PATH_CAP], reads[PATH_CAP], verify[PATH_CAP];
    if (!join(tmp, out->path, ".tmp", NULL) || !join(copy, out->path, ".tmp-db", NULL) ||
        !join(reads, copy, PL_STORE_READS_SUFFIX, NULL) ||
        !join(verify, out->path, ".verify-db", NULL))
        return pl_error_set(err, PL_EINVAL, "out", "nama berkas terlalu panjang");
    bk_io *io = calloc(1, sizeof *io);
    char *text = NULL;
    if (io == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        goto out;
    }
    /* 1. Both files from one moment, and what they hold, counted in that moment. */
    if ((rc = pl_store_backup(s, copy, reads, 1024, &m->stats, err)))
        goto out;
    if ((rc = hash_file(copy, &m->db_size, m->db_hash, err)) ||
        (rc = hash_file(reads, &m->reads_size, m->reads_hash, err)))
        goto out;
    if ((text = manifest_text(m)) == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        goto out;
    }
    /* 2. The backup file, beside its final name, synced before it takes that name. */
    if ((rc = pl_fs_create(&io->f, tmp, err)))
        goto out;
    if (enc) {
        unsigned char hdr[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
        crypto_secretstream_xchacha20poly1305_init_push(&io->st, hdr, key);
        if (fwrite(MAGIC_ENC, 1, MAGIC_LEN, io->f) != MAGIC_LEN ||
            fwrite(hdr, 1, sizeof hdr, io->f) != sizeof hdr) {
            rc = pl_error_set(err, PL_EIO, "out", "%s: %s", tmp, strerror(errno));
            goto out;
        }
        io->enc = true;
    }
    unsigned char lb[4];
    put_u32(lb, (uint32_t)strlen(text));
    if ((rc = bk_write(io, MAGIC_PLAIN, MAGIC_LEN, err)) || (rc = bk_write(io, lb, 4, err)) ||
        (rc = bk_write(io, text, strlen(text), err)) || (rc = append_file(io, copy, err)) ||
        (rc = append_file(io, reads, err)) || (rc = bk_write_end(io, err)))
        goto out;
    if (fflush(io->f) != 0 || fsync(fileno(io->f)) != 0) {
        rc = pl_error_set(err, PL_EIO, "out", "%s: %s", tmp, strerror(errno));
        goto out;
    }
    out->bytes = ftell(io->f);
    fclose(io->f);
    io->f = NULL;
    if (rename(tmp, out->path) != 0) {
        rc = pl_error_set(err, PL_EIO, "out", "%s: %s", out->path, strerror(errno));
        goto out;
    }
    sync_dir_of(out->path);
    unlink_pair(copy);
    /* 3. Read it back as a restore would, and compare with what was meant. */
    pl_backup_manifest back;
    if ((rc = pl_backup_verify(out->path, o->key_file, verify, false, &back, err))) {
        pl_error e2 = *err;
        pl_error_set(err, rc, "out", "cadangan %s ditulis tetapi gagal diperiksa: %s", out->path,
                     e2.message);
        goto out;
    }
    if (strcmp(back.db_hash, m->db_hash) != 0 || strcmp(back.reads_hash, m->reads_hash) != 0) {
        rc = pl_error_set(err, PL_EIO, "out", "cadangan %s berbeda dari yang ditulis", out->path);
        goto out;
    }
    if (o->keep > 0)
        rc = rotate(out->path, o->keep, &out->removed, err);
out:
    if (io) {
        if (io->f)
            fclose(io->f);
        sodium_memzero(io, sizeof *io);
        free(io);
    }
    sodium_memzero(key, sizeof key);
    free(text);
    unlink(tmp);
    unlink_pair(copy);
    return rc;
}

/* ------------------------------------------------------------- restore */

static int move(const char *from, const char *to, pl_error *err)
{
    if (rename(from, to) == 0 || errno == ENOENT)
        return 0;
    return pl_error_set(err, PL_EIO, "db", "%s -> %s: %s", from, to, strerror(errno));
}

/*
 * pl_backup_restore into a PostgreSQL data base: the backup is verified in a private temporary
 * folder; a PostgreSQL dump is then restored into the (empty) data base and the result checked
 * against the manifest as a SQLite copy is before it takes its place.
 */
static int restore_pg(const char *file, const char *key_file, const char *db_path, bool dry_run,
                      pl_backup_restored *out, pl_error *err)
{
    char dir[] = "/tmp/pilar-restore-XXXXXX", tmp[PATH_CAP];
    if (mkdtemp(dir) == NULL)
        return pl_error_set(err, PL_EIO, "db", "folder sementara: %s", strerror(errno));
    join(tmp, dir, "/db", NULL);
    int rc = pl_backup_verify(file, key_file, tmp, true, &out->m, err);
    if (rc == 0 && !out->m.pg)
        rc = pl_error_set(err, PL_EINVAL, "db",
                          "cadangan ini dari berkas SQLite; pulihkan ke berkas SQLite, lalu "
                          "pindahkan dengan 'pilar db copy'");
    if (rc == 0 && !dry_run && (rc = pl_store_dump_restore(db_path, tmp, err)) == 0 &&
        (rc = check_store(db_path, &out->m, err)) != 0) {
        pl_error e2 = *err;
        pl_error_set(err, rc, "db", "dipulihkan ke %s tetapi hasilnya gagal diperiksa: %s", db_path,
                     e2.message);
    }
    unlink_pair(tmp);
    rmdir(dir);
    return rc;
}

int pl_backup_restore(const char *file, const char *key_file, const char *db_path, bool dry_run,
                      pl_backup_restored *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    if (pl_store_location_is_pg(db_path))
        return restore_pg(file, key_file, db_path, dry_run, out, err);
    char tmp[PATH_CAP], tmp_reads[PATH_CAP], reads[PATH_CAP], before[PATH_CAP],
        before_reads[PATH_CAP];
    if (!join(tmp, db_path, ".restore-tmp", NULL) ||
        !join(tmp_reads, tmp, PL_STORE_READS_SUFFIX, NULL) ||
        !join(reads, db_path, PL_STORE_READS_SUFFIX, NULL) ||
        !join(before, db_path, ".before-restore", NULL) ||
        !join(before_reads, before, PL_STORE_READS_SUFFIX, NULL))
        return pl_error_set(err, PL_EINVAL, "db", "nama berkas terlalu panjang");
    int rc = pl_backup_verify(file, key_file, tmp, !dry_run, &out->m, err);
    if (rc == 0 && out->m.pg) {
        unlink_pair(tmp);
        return pl_error_set(err, PL_EINVAL, "db",
                            "cadangan ini dari PostgreSQL; pulihkan ke basis data PostgreSQL yang "
                            "kosong (--db postgresql://...)");
    }
    if (rc || dry_run)
        return rc;
    bool busy = false;
    if ((rc = pl_store_in_use(db_path, &busy, err)))
        goto fail;
    if (busy) {
        rc = pl_error_set(err, PL_ECONFLICT, "db",
                          "basis data %s sedang dibuka proses lain (server berjalan?); hentikan "
                          "dulu, lalu ulangi",
                          db_path);
        goto fail;
    }
    if (access(db_path, F_OK) == 0) {
        /* Its logs into its files first, so that the aside copy is whole in two files; a data
         * base too damaged to open moves aside with its logs as they are. */
        pl_store *s = NULL;
        pl_error ignore;
        if (pl_store_open(&s, db_path, 0, &ignore) == 0)
            pl_store_checkpoint(s, &ignore);
        pl_store_close(s);
        unlink_pair(before);
        static const char *const sfx[] = {"", "-wal", "-shm"};
        for (size_t i = 0; i < sizeof sfx / sizeof sfx[0] && rc == 0; i++) {
            char a[PATH_CAP], b[PATH_CAP];
            if (join(a, db_path, sfx[i], NULL) && join(b, before, sfx[i], NULL))
                rc = move(a, b, err);
            if (rc == 0 && join(a, reads, sfx[i], NULL) && join(b, before_reads, sfx[i], NULL))
                rc = move(a, b, err);
        }
        if (rc)
            goto fail;
        out->replaced = true;
        copy_str(out->before, sizeof out->before, before);
    }
    /* The read audit first: a data base never opens beside a read audit of another time. */
    if ((rc = move(tmp_reads, reads, err)) || (rc = move(tmp, db_path, err)))
        goto fail;
    sync_dir_of(db_path);
    return 0;
fail:
    unlink_pair(tmp);
    return rc;
}
