/*
 * sync.c - offline instances, the server's half (service/sync.h): instances,
 * the change feed, packages and applying changes through the registry's
 * units of work (service/registry.h), so that validation, scope, period
 * locks, versions and the audit hold as for any other write.
 */
#include "service/sync.h"

#include "domain/record.h"
#include "domain/region_code.h"
#include "service/dedup.h"
#include "service/registry.h"
#include "store/household.h"
#include "store/membership.h"
#include "store/person.h"
#include "store/region.h"

#include <limits.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

static const char magic[10] = {'P', 'I', 'L', 'A', 'R', 'S', 'Y', 'N', 'C', '1'};
#define HEAD_LEN (10 + 1 + 8 + 8 + 8 + 8)
#define SIG_LEN crypto_sign_BYTES

/* ------------------------------------------------------------------ keys and ids */

void pl_sync_keypair(char pub[PL_SYNC_KEY_HEX], char sec[PL_SYNC_SECRET_HEX])
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    sodium_bin2hex(pub, PL_SYNC_KEY_HEX, pk, sizeof pk);
    sodium_bin2hex(sec, PL_SYNC_SECRET_HEX, sk, sizeof sk);
    sodium_memzero(sk, sizeof sk);
}

void pl_sync_change_id(char out[33])
{
    unsigned char b[16];
    randombytes_buf(b, sizeof b);
    sodium_bin2hex(out, 33, b, sizeof b);
}

static int unhex(unsigned char *out, size_t n, const char *hex)
{
    size_t got = 0;
    if (hex == NULL || strlen(hex) != 2 * n ||
        sodium_hex2bin(out, n, hex, 2 * n, NULL, &got, NULL) != 0 || got != n)
        return -1;
    return 0;
}

int pl_sync_server_public_key(char pub[PL_SYNC_KEY_HEX], pl_store *s, pl_error *err)
{
    char np[PL_SYNC_KEY_HEX], ns[PL_SYNC_SECRET_HEX], sec[PL_SYNC_SECRET_HEX];
    pl_sync_keypair(np, ns);
    int rc = pl_store_sync_server_key(s, pub, sec, np, ns, err);
    sodium_memzero(ns, sizeof ns);
    sodium_memzero(sec, sizeof sec);
    return rc;
}

/* ------------------------------------------------------------------ packages */

static void put64(unsigned char *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        p[i] = (unsigned char)(v & 0xff);
}

static uint64_t get64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return v;
}

int pl_sync_package_write(unsigned char **out, size_t *len, char kind, int64_t instance,
                          int64_t seq, const json_t *body, const char *sk_hex, pl_error *err)
{
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    *out = NULL;
    if (unhex(sk, sizeof sk, sk_hex))
        return pl_error_set(err, PL_EINVAL, "key", "kunci rahasia instans rusak");
    char *text = json_dumps(body, JSON_COMPACT);
    int rc = 0;
    unsigned char *buf = NULL;
    if (text == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "", "memori habis");
        goto out;
    }
    size_t raw = strlen(text);
    uLongf zlen = compressBound(raw);
    buf = malloc(HEAD_LEN + zlen + SIG_LEN);
    if (buf == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "", "memori habis");
        goto out;
    }
    if (compress2(buf + HEAD_LEN, &zlen, (const Bytef *)text, raw, 9) != Z_OK) {
        rc = pl_error_set(err, PL_EINTERNAL, "", "pemampatan paket gagal");
        goto out;
    }
    memcpy(buf, magic, sizeof magic);
    buf[10] = (unsigned char)kind;
    put64(buf + 11, (uint64_t)instance);
    put64(buf + 19, (uint64_t)seq);
    put64(buf + 27, raw);
    put64(buf + 35, zlen);
    crypto_sign_detached(buf + HEAD_LEN + zlen, NULL, buf, HEAD_LEN + zlen, sk);
    *out = buf;
    *len = HEAD_LEN + zlen + SIG_LEN;
    buf = NULL;
out:
    sodium_memzero(sk, sizeof sk);
    free(text);
    free(buf);
    return rc;
}

static int truncated(pl_error *err)
{
    return pl_error_set(err, PL_EINVAL, "package",
                        "paket terpotong atau rusak (ukurannya tidak sesuai isinya); salin ulang "
                        "berkas paket dari instans asalnya");
}

int pl_sync_package_peek(char *kind, int64_t *instance, int64_t *seq, const unsigned char *buf,
                         size_t len, pl_error *err)
{
    if (len < sizeof magic || memcmp(buf, magic, sizeof magic) != 0)
        return pl_error_set(err, PL_EINVAL, "package", "berkas ini bukan paket sinkronisasi Pilar");
    if (len < HEAD_LEN + SIG_LEN)
        return truncated(err);
    uint64_t zlen = get64(buf + 35);
    if (zlen > len || len != HEAD_LEN + zlen + SIG_LEN)
        return truncated(err);
    *kind = (char)buf[10];
    *instance = (int64_t)get64(buf + 11);
    *seq = (int64_t)get64(buf + 19);
    return 0;
}

int pl_sync_package_open(json_t **body, char *digest, const unsigned char *buf, size_t len,
                         const char *pk_hex, pl_error *err)
{
    char kind;
    int64_t inst, seq;
    *body = NULL;
    int rc = pl_sync_package_peek(&kind, &inst, &seq, buf, len, err);
    if (rc)
        return rc;
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    if (unhex(pk, sizeof pk, pk_hex))
        return pl_error_set(err, PL_EINVAL, "key", "kunci publik pengirim rusak");
    size_t signed_len = len - SIG_LEN;
    if (crypto_sign_verify_detached(buf + signed_len, buf, signed_len, pk) != 0)
        return pl_error_set(err, PL_EINVAL, "package",
                            "tanda tangan paket tidak sah: paket telah diubah setelah dibuat, "
                            "atau tidak dibuat oleh pengirim yang terdaftar; minta paket baru");
    uint64_t raw = get64(buf + 27), zlen = get64(buf + 35);
    if (raw > PL_SYNC_PACKAGE_MAX)
        return pl_error_set(err, PL_EINVAL, "package", "isi paket terlalu besar");
    char *text = malloc(raw + 1);
    if (text == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori habis");
    uLongf got = raw;
    if (uncompress((Bytef *)text, &got, buf + HEAD_LEN, zlen) != Z_OK || got != raw) {
        free(text);
        return truncated(err);
    }
    text[raw] = '\0';
    json_error_t je;
    *body = json_loadb(text, raw, 0, &je);
    free(text);
    if (*body == NULL || !json_is_object(*body)) {
        json_decref(*body);
        *body = NULL;
        return truncated(err);
    }
    unsigned char h[32];
    crypto_generichash(h, sizeof h, buf, len, NULL, 0);
    sodium_bin2hex(digest, 65, h, sizeof h);
    return 0;
}

/* ------------------------------------------------------------------ instances */

int pl_sync_instance_register(pl_sync_instance *out, pl_store *s, const pl_actor *who,
                              int64_t user_id, const char *user_scope, const char *name,
                              const char *scope, const char *public_key, pl_error *err)
{
    pl_sync_instance in = {.user_id = user_id};
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    if (name == NULL || name[0] == '\0' || strlen(name) >= sizeof in.name)
        return pl_error_set(err, PL_EINVAL, "name", "nama instans wajib diisi (1..80 huruf)");
    if (public_key == NULL || unhex(pk, sizeof pk, public_key))
        return pl_error_set(err, PL_EINVAL, "public_key",
                            "kunci publik harus 64 angka heksadesimal (Ed25519)");
    int level = scope ? pl_region_code_normalize(in.scope, scope) : PL_EINVAL;
    if (level < 0)
        return pl_error_set(err, PL_EINVAL, "scope", "kode wilayah cakupan tidak sah");
    if (level < 3)
        return pl_error_set(err, PL_EINVAL, "scope",
                            "cakupan instans luring harus kecamatan atau desa, bukan %s", in.scope);
    if (!pl_region_code_in_scope(in.scope, user_scope ? user_scope : ""))
        return pl_error_set(err, PL_EDENIED, "scope", "wilayah %s di luar cakupan Anda", in.scope);
    pl_region g;
    int rc = pl_store_region_get(s, &g, in.scope, err);
    if (rc == PL_ENOTFOUND)
        return pl_error_set(err, PL_EINVAL, "scope", "wilayah %s tidak ada di pohon wilayah",
                            in.scope);
    if (rc)
        return rc;
    snprintf(in.name, sizeof in.name, "%s", name);
    sodium_bin2hex(in.public_key, sizeof in.public_key, pk, sizeof pk);
    if ((rc = pl_store_sync_instance_add(s, who, &in, err)))
        return rc;
    *out = in;
    return 0;
}

int pl_sync_instance_revoke(pl_sync_instance *out, pl_store *s, const pl_actor *who,
                            const char *user_scope, int64_t id, pl_error *err)
{
    pl_sync_instance in;
    int rc = pl_store_sync_instance_get(s, &in, id, err);
    if (rc == 0 && !pl_region_code_in_scope(in.scope, user_scope ? user_scope : ""))
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "instans luring %lld tidak terdaftar",
                          (long long)id);
    if (rc || (rc = pl_store_sync_instance_revoke(s, who, id, err)))
        return rc;
    return pl_store_sync_instance_get(s, out, id, err);
}

/* ------------------------------------------------------------------ the feed */

static const char *const phases[] = {"household", "person", "membership", "psks", "program"};
#define N_PHASES 5

typedef struct feed {
    pl_store *s;
    const char *scope;
    json_t *items;
    json_t *seen; /* "entity:id" -> true, for this page */
    int64_t last;
    long n;     /* records added */
    long named; /* ids handed to feed_add, in scope or not */
} feed;

/* Adds the current row of entity id when it lies in scope (once per page). */
static int feed_add(void *ctx, const char *entity, int64_t id)
{
    feed *f = ctx;
    char key[48];
    snprintf(key, sizeof key, "%s:%lld", entity, (long long)id);
    f->last = id;
    f->named++;
    if (json_object_get(f->seen, key))
        return 0;
    json_object_set_new(f->seen, key, json_true());
    char *row = NULL, region[PL_REGION_CODE_MAX];
    pl_error e = {0};
    int rc = pl_store_sync_row(f->s, &row, region, entity, id, &e);
    if (rc == PL_ENOTFOUND)
        return 0;
    if (rc)
        return rc;
    bool in = strcmp(entity, "program") == 0 || pl_region_code_in_scope(region, f->scope);
    json_t *r = in ? json_loads(row, 0, NULL) : NULL;
    free(row);
    if (r == NULL)
        return 0;
    json_t *item = json_object();
    json_object_set_new(item, "entity", json_string(entity));
    json_object_set_new(item, "id", json_integer(id));
    json_t *v = json_object_get(r, "version");
    json_object_set_new(item, "version",
                        json_integer(json_is_integer(v) ? json_integer_value(v) : 1));
    json_object_set_new(item, "row", r);
    json_array_append_new(f->items, item);
    f->n++;
    return 0;
}

static int bad_cursor(pl_error *err)
{
    return pl_error_set(err, PL_EINVAL, "since",
                        "penanda sinkronisasi tidak dikenal; mulai lagi dari awal (since=0)");
}

/*
 * A feed position in a cursor (store/sync.h): "ID" (SQLite) or "XID:ID" (PostgreSQL). Reads
 * one from *p and moves *p past it; false when it is not one.
 */
static bool pos_parse(pl_sync_pos *out, const char **p)
{
    long long v[2];
    int n = 0;
    const char *c = *p;
    for (; n < 2; n++) {
        if (*c < '0' || *c > '9')
            return false;
        char *end;
        v[n] = strtoll(c, &end, 10);
        if (v[n] < 0 || v[n] == LLONG_MAX)
            return false;
        c = end;
        if (*c != ':')
            break;
        c++;
    }
    if (n == 2)
        return false;
    *out = n ? (pl_sync_pos){v[0], v[1]} : (pl_sync_pos){0, v[0]};
    *p = c;
    return true;
}

static int pos_print(char *out, size_t cap, const pl_sync_pos *p)
{
    return p->xid ? snprintf(out, cap, "%lld:%lld", (long long)p->xid, (long long)p->id)
                  : snprintf(out, cap, "%lld", (long long)p->id);
}

static bool pos_before(const pl_sync_pos *a, const pl_sync_pos *b)
{
    return a->xid < b->xid || (a->xid == b->xid && a->id < b->id);
}

int pl_sync_feed(json_t **items, char *next, bool *more, pl_store *s, const char *scope,
                 const char *cursor, int limit, pl_error *err)
{
    *items = NULL;
    *more = false;
    if (limit < 1 || limit > 2000)
        return pl_error_set(err, PL_EINVAL, "limit", "batas harus 1..2000");
    feed f = {.s = s, .scope = scope ? scope : "", .items = json_array(), .seen = json_object()};
    int rc = 0;
    pl_sync_pos head = {0, 0};
    long long after = 0;
    int phase = 0;
    char hp[48];
    if (cursor == NULL || cursor[0] == '\0' || strcmp(cursor, "0") == 0) {
        if ((rc = pl_store_sync_audit_head(s, &head, err)))
            goto out;
    } else if (cursor[0] == 's') {
        const char *c = cursor + 1;
        char tail;
        if (!pos_parse(&head, &c) || sscanf(c, ".%d.%lld%c", &phase, &after, &tail) != 2 ||
            phase < 0 || phase >= N_PHASES || after < 0) {
            rc = bad_cursor(err);
            goto out;
        }
    } else if (cursor[0] == 'a') {
        const char *c = cursor + 1;
        if (!pos_parse(&head, &c) || *c) {
            rc = bad_cursor(err);
            goto out;
        }
        phase = N_PHASES;
    } else {
        rc = bad_cursor(err);
        goto out;
    }
    /* The snapshot: every record in scope, entity by entity, then the audit after its head. */
    while (phase < N_PHASES && f.n < limit) {
        f.last = after;
        long before = f.named;
        if ((rc = pl_store_sync_ids(s, phases[phase], f.scope, after, (int)(limit - f.n), feed_add,
                                    &f, err)))
            goto out;
        if (f.named == before) {
            phase++;
            after = 0;
        } else {
            after = f.last;
        }
    }
    pos_print(hp, sizeof hp, &head);
    if (phase < N_PHASES) {
        snprintf(next, 64, "s%s.%d.%lld", hp, phase, after);
        *more = true;
        goto out;
    }
    pl_sync_pos last = head;
    if (f.n < limit) {
        /* Audit rows are read in windows; each record changed after the cursor comes once. */
        int window = limit * 4 > 20000 ? 20000 : limit * 4;
        if ((rc = pl_store_sync_audit_changes(s, &head, window, feed_add, &f, &last, err)))
            goto out;
        pl_sync_pos now = {0, 0};
        if ((rc = pl_store_sync_audit_head(s, &now, err)))
            goto out;
        *more = pos_before(&last, &now);
    } else {
        *more = true;
    }
    pos_print(hp, sizeof hp, &last);
    snprintf(next, 64, "a%s", hp);
out:
    json_decref(f.seen);
    if (rc) {
        json_decref(f.items);
        return rc;
    }
    *items = f.items;
    return 0;
}

/* ------------------------------------------------------------------ applying changes */

typedef struct applier {
    pl_store *s;
    const char *user;
    const pl_sync_instance *inst;
    pl_date today;
    pl_dedup_arrivals arrivals; /* people written by the package, matched at its end */
    bool keep;                  /* a refused change's writes stay (its transfer request) */
} applier;

/* The row image of entity id as a JSON object (NULL when absent). */
static json_t *row_of(pl_store *s, const char *entity, int64_t id)
{
    char *row = NULL, region[PL_REGION_CODE_MAX];
    pl_error e = {0};
    if (pl_store_sync_row(s, &row, region, entity, id, &e) != 0)
        return NULL;
    json_t *r = json_loads(row, 0, NULL);
    free(row);
    return r;
}

static json_t *result(const char *change_id, const char *outcome, int64_t server_id, json_t *row,
                      const char *message)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(change_id));
    json_object_set_new(o, "outcome", json_string(outcome));
    json_object_set_new(o, "server_id", json_integer(server_id));
    json_t *v = row ? json_object_get(row, "version") : NULL;
    json_object_set_new(o, "version", json_integer(json_is_integer(v) ? json_integer_value(v) : 0));
    json_object_set_new(o, "row", row ? row : json_null());
    json_object_set_new(o, "message", json_string(message ? message : ""));
    return o;
}

/* Column keys of a change's fields and the import column they fill. */
static const struct {
    const char *key;
    int col;
} field_cols[] = {
    {"nik", PL_COL_NIK},
    {"kk", PL_COL_NO_KK},
    {"name", PL_COL_NAMA},
    {"birth_place", PL_COL_TEMPAT_LAHIR},
    {"birth_date", PL_COL_TANGGAL_LAHIR},
    {"sex", PL_COL_JENIS_KELAMIN},
    {"relationship", PL_COL_HUBUNGAN},
    {"mother_name", PL_COL_NAMA_IBU},
    {"address", PL_COL_ALAMAT},
    {"rt", PL_COL_RT},
    {"rw", PL_COL_RW},
    {"village_code", PL_COL_KODE_DESA},
    {"disability", PL_COL_DISABILITAS},
    {"lat", PL_COL_LATITUDE},
    {"lon", PL_COL_LONGITUDE},
    {"no_nik_reason", PL_COL_ALASAN_TANPA_NIK},
};

typedef struct given {
    const char *v[PL_COL__MAX];
    char num[PL_COL__MAX][40];
    const char *death; /* NULL keeps */
    char death_buf[16];
} given;

/* Fills g from a change's fields object: text as it is, numbers as text, null as "". */
static void fill_given(given *g, json_t *fields)
{
    memset(g, 0, sizeof *g);
    const char *key;
    json_t *v;
    json_object_foreach(fields, key, v)
    {
        if (strcmp(key, "death_date") == 0) {
            snprintf(g->death_buf, sizeof g->death_buf, "%s",
                     json_is_string(v) ? json_string_value(v) : "");
            g->death = g->death_buf;
            continue;
        }
        for (size_t i = 0; i < sizeof field_cols / sizeof field_cols[0]; i++) {
            if (strcmp(field_cols[i].key, key) != 0)
                continue;
            int c = field_cols[i].col;
            if (json_is_string(v))
                g->v[c] = json_string_value(v);
            else if (json_is_number(v)) {
                snprintf(g->num[c], sizeof g->num[c], "%.8f", json_number_value(v));
                g->v[c] = g->num[c];
            } else
                g->v[c] = "";
        }
    }
}

static const char *str_of(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int64_t int_of(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? json_integer_value(v) : 0;
}

/* A refusal the field operator can act on, from the error of a unit of work. */
static json_t *refusal(const char *cid, int rc, const pl_error *e, int64_t waiting,
                       const char *what)
{
    char msg[1024];
    if (waiting)
        snprintf(msg, sizeof msg,
                 "%s: nomor NIK/KK terdaftar di luar wilayah instans ini; permintaan pindah "
                 "#%lld menunggu keputusan kantor pemilik data",
                 what, (long long)waiting);
    else if (rc == PL_ECONFLICT && strcmp(e->field, "nik") == 0)
        snprintf(msg, sizeof msg,
                 "%s: NIK ini sudah dipakai orang lain di server; periksa NIK pada KTP/KK lalu "
                 "ubah datanya (%.*s)",
                 what, (int)300, e->message);
    else if (rc == PL_ELOCKED)
        snprintf(msg, sizeof msg,
                 "%s: periode sudah disahkan (dikunci); minta kantor membuka periode atau ubah "
                 "tanggalnya (%.*s)",
                 what, (int)300, e->message);
    else if (rc == PL_EDENIED || rc == PL_ENOTFOUND)
        snprintf(msg, sizeof msg, "%s: di luar wilayah instans ini atau tidak ada di server (%.*s)",
                 what, (int)300, e->message);
    else
        snprintf(msg, sizeof msg, "%s: %.300s", what,
                 e->message[0] ? e->message : "ditolak server");
    return result(cid, "refused", 0, NULL, msg);
}

static bool in_inst(const applier *a, const char *region)
{
    return pl_region_code_in_scope(region, a->inst->scope);
}

/* The server's row of entity id inside the instance's scope, or NULL. */
static json_t *scoped_row(const applier *a, const char *entity, int64_t id)
{
    char *row = NULL, region[PL_REGION_CODE_MAX];
    pl_error e = {0};
    if (pl_store_sync_row(a->s, &row, region, entity, id, &e) != 0)
        return NULL;
    json_t *r = in_inst(a, region) ? json_loads(row, 0, NULL) : NULL;
    free(row);
    return r;
}

static json_t *not_in_scope(const char *cid, const char *what, int64_t id)
{
    char msg[256];
    snprintf(msg, sizeof msg,
             "%s id %lld tidak ada di server atau di luar wilayah instans ini; data lokal tidak "
             "dikirim",
             what, (long long)id);
    return result(cid, "refused", 0, NULL, msg);
}

static json_t *conflict(const char *cid, int64_t id, json_t *row)
{
    return result(cid, "conflict", id, row,
                  "data ini sudah diubah di server sejak sinkronisasi terakhir; pilih isian per "
                  "kolom (pilar sync resolve)");
}

static json_t *apply_household(applier *a, const pl_actor *who, const char *cid, const char *op,
                               json_t *ch)
{
    json_t *fields = json_object_get(ch, "fields");
    given g;
    fill_given(&g, fields);
    pl_error e = {0};
    pl_household h;
    int64_t waiting = 0;
    pl_transfer_origin from = {a->user, a->inst->scope, "sync", false, &a->arrivals};
    if (strcmp(op, "create") == 0) {
        const char *kk = g.v[PL_COL_NO_KK] ? g.v[PL_COL_NO_KK] : "";
        const char *village = g.v[PL_COL_KODE_DESA] ? g.v[PL_COL_KODE_DESA] : "";
        int rc = pl_registry_household_add(&h, &waiting, a->s, who, &from, kk, village, g.v, &e);
        a->keep = rc == 0 && waiting;
        if (rc || waiting)
            return refusal(cid, rc, &e, waiting, "keluarga baru");
        return result(cid, "applied", h.id, row_of(a->s, "household", h.id), NULL);
    }
    int64_t id = int_of(ch, "server_id"), base = int_of(ch, "base_version");
    json_t *row = scoped_row(a, "household", id);
    if (row == NULL)
        return not_in_scope(cid, "keluarga", id);
    if (int_of(row, "version") != base)
        return conflict(cid, id, row);
    json_decref(row);
    int rc = pl_registry_household_update(&h, a->s, who, a->inst->scope, id, base,
                                          g.v[PL_COL_KODE_DESA], g.v, &e);
    if (rc == PL_ECONFLICT && (row = scoped_row(a, "household", id)) != NULL) {
        if (int_of(row, "version") != base)
            return conflict(cid, id, row);
        json_decref(row);
    }
    if (rc)
        return refusal(cid, rc, &e, 0, "perubahan keluarga");
    return result(cid, "applied", id, row_of(a->s, "household", id), NULL);
}

static json_t *apply_person(applier *a, const pl_actor *who, const char *cid, const char *op,
                            json_t *ch)
{
    json_t *fields = json_object_get(ch, "fields");
    given g;
    fill_given(&g, fields);
    pl_error e = {0};
    pl_person p;
    pl_record_problems probs;
    int64_t waiting = 0;
    pl_transfer_origin from = {a->user, a->inst->scope, "sync", false, &a->arrivals};
    if (strcmp(op, "create") == 0) {
        int rc = pl_registry_person_register(&p, &waiting, &probs, a->s, who, &from, g.v, 0,
                                             &a->today, &e);
        a->keep = rc == 0 && waiting;
        if (rc || waiting)
            return refusal(cid, rc, &e, waiting, "orang baru");
        if (g.death && g.death[0]) {
            pl_person_change c = {.death_date = g.death, .version = p.version};
            rc = pl_registry_person_update(&p, &waiting, &probs, a->s, who, &from, p.id, &c,
                                           &a->today, &e);
            if (rc)
                return refusal(cid, rc, &e, 0, "tanggal meninggal orang baru");
        }
        return result(cid, "applied", p.id, row_of(a->s, "person", p.id), NULL);
    }
    int64_t id = int_of(ch, "server_id"), base = int_of(ch, "base_version");
    json_t *row = scoped_row(a, "person", id);
    if (row == NULL)
        return not_in_scope(cid, "orang", id);
    if (int_of(row, "version") != base)
        return conflict(cid, id, row);
    json_decref(row);
    pl_person_change c = {.version = base, .death_date = g.death};
    memcpy(c.given, g.v, sizeof c.given);
    c.given[PL_COL_KODE_DESA] = NULL; /* a person's village follows the household */
    int rc =
        pl_registry_person_update(&p, &waiting, &probs, a->s, who, &from, id, &c, &a->today, &e);
    if (rc == PL_ECONFLICT && (row = scoped_row(a, "person", id)) != NULL) {
        if (int_of(row, "version") != base)
            return conflict(cid, id, row);
        json_decref(row);
    }
    a->keep = rc == 0 && waiting;
    if (rc || waiting)
        return refusal(cid, rc, &e, waiting, "perubahan orang");
    return result(cid, "applied", id, row_of(a->s, "person", id), NULL);
}

typedef struct first_member {
    pl_person p;
    bool hit;
} first_member;

static int take_first(void *ctx, const pl_person *p)
{
    first_member *f = ctx;
    if (!f->hit) {
        f->p = *p;
        f->hit = true;
    }
    return 0;
}

/* The person a membership change acts through: the person, or a member of the household. */
static int subject_person(pl_person *out, applier *a, int64_t person_id, int64_t household_id,
                          pl_error *e)
{
    if (person_id) {
        int rc = pl_store_person_get(a->s, out, person_id, e);
        if (rc == 0 && !in_inst(a, out->village_code))
            rc = PL_ENOTFOUND;
        return rc;
    }
    first_member f = {.hit = false};
    int rc = pl_store_household_members(a->s, household_id, take_first, &f, e);
    if (rc == 0 && (!f.hit || !in_inst(a, f.p.village_code)))
        rc = PL_ENOTFOUND;
    if (rc == 0)
        *out = f.p;
    return rc;
}

typedef struct open_find {
    int category;
    int64_t id;
} open_find;

static int find_open_cat(void *ctx, const pl_membership *m)
{
    open_find *f = ctx;
    if (m->category == f->category && m->valid_to[0] == '\0')
        f->id = m->id;
    return 0;
}

static json_t *apply_membership(applier *a, const pl_actor *who, const char *cid, const char *op,
                                json_t *ch)
{
    json_t *fields = json_object_get(ch, "fields");
    pl_error e = {0};
    pl_person p;
    pl_membership m;
    if (strcmp(op, "create") == 0) {
        int64_t pid = int_of(fields, "person_id"), hid = int_of(fields, "household_id");
        int cat = (int)int_of(fields, "category");
        if (subject_person(&p, a, pid, hid, &e))
            return not_in_scope(cid, pid ? "orang" : "keluarga", pid ? pid : hid);
        pl_date from;
        const char *vf = str_of(fields, "valid_from");
        if (vf == NULL || pl_date_parse(&from, vf) != 0)
            return result(cid, "refused", 0, NULL, "kategori PMKS tanpa tanggal mulai yang sah");
        const char *note = str_of(fields, "note");
        int rc =
            pl_registry_category_start(&m, a->s, who, &p, cat, &from, note, true, &a->today, &e);
        if (rc == PL_ECONFLICT) {
            /* Already open on the server (started there or by another instance): the same. */
            open_find f = {cat, 0};
            pl_error e2 = {0};
            pl_store_membership_list(a->s, pid, hid, find_open_cat, &f, &e2);
            if (f.id)
                return result(cid, "applied", f.id, row_of(a->s, "membership", f.id),
                              "kategori ini sudah aktif di server; data lokal disamakan");
        }
        if (rc)
            return refusal(cid, rc, &e, 0, "kategori PMKS");
        const char *vt = str_of(fields, "valid_to");
        pl_date to;
        if (vt && pl_date_parse(&to, vt) == 0 &&
            (rc = pl_registry_category_end(&m, a->s, who, &p, m.id, 0, &to, &a->today, &e)))
            return refusal(cid, rc, &e, 0, "akhir kategori PMKS");
        return result(cid, "applied", m.id, row_of(a->s, "membership", m.id), NULL);
    }
    int64_t id = int_of(ch, "server_id");
    json_t *row = scoped_row(a, "membership", id);
    if (row == NULL)
        return not_in_scope(cid, "kategori PMKS", id);
    const char *vt = str_of(fields, "valid_to");
    const char *now = str_of(row, "valid_to");
    if (now && vt && strcmp(now, vt) == 0)
        return result(cid, "applied", id, row, NULL);
    if (now)
        return conflict(cid, id, row);
    int64_t pid = int_of(row, "person_id"), hid = int_of(row, "household_id");
    json_decref(row);
    pl_date to;
    if (vt == NULL || pl_date_parse(&to, vt) != 0)
        return result(cid, "refused", 0, NULL, "akhir kategori PMKS tanpa tanggal yang sah");
    if (subject_person(&p, a, pid, hid, &e))
        return not_in_scope(cid, "kategori PMKS", id);
    int rc = pl_registry_category_end(&m, a->s, who, &p, id, 0, &to, &a->today, &e);
    if (rc)
        return refusal(cid, rc, &e, 0, "akhir kategori PMKS");
    return result(cid, "applied", id, row_of(a->s, "membership", id), NULL);
}

/* Answers one change: remembered, applied before a crash, or applied now. */
static json_t *apply_one(applier *a, json_t *ch, pl_sync_apply_summary *sum, pl_error *err)
{
    const char *cid = str_of(ch, "id"), *entity = str_of(ch, "entity"), *op = str_of(ch, "op");
    if (cid == NULL || strlen(cid) < 16 || strlen(cid) > 40 || entity == NULL || op == NULL)
        return result(cid ? cid : "", "refused", 0, NULL, "perubahan tanpa id, jenis atau operasi");
    char outcome[16], *stored = NULL;
    if (pl_store_sync_applied_get(a->s, a->inst->id, cid, outcome, &stored, err) == 0) {
        json_t *r = json_loads(stored, 0, NULL);
        free(stored);
        sum->repeated++;
        return r ? r : result(cid, "refused", 0, NULL, "jawaban tersimpan rusak");
    }
    char client[PL_SYNC_CHANGE_ID_MAX];
    snprintf(client, sizeof client, "sync:%s", cid);
    int64_t done = 0;
    json_t *r = NULL;
    bool known = strcmp(entity, "household") == 0 || strcmp(entity, "person") == 0 ||
                 strcmp(entity, "membership") == 0;
    if (known && pl_store_sync_audit_client(a->s, client, entity, &done, err) == 0) {
        /* Applied before the answer was remembered (a crash in between): not again. */
        r = result(cid, "applied", done, row_of(a->s, entity, done), NULL);
        sum->repeated++;
    } else {
        pl_actor who = {a->user, client};
        if (strcmp(entity, "household") == 0)
            r = apply_household(a, &who, cid, op, ch);
        else if (strcmp(entity, "person") == 0)
            r = apply_person(a, &who, cid, op, ch);
        else if (strcmp(entity, "membership") == 0)
            r = apply_membership(a, &who, cid, op, ch);
        else
            r = result(cid, "refused", 0, NULL, "jenis data ini tidak dapat dikirim dari lapangan");
        const char *o = str_of(r, "outcome");
        if (strcmp(o, "applied") == 0)
            sum->applied++;
        else if (strcmp(o, "conflict") == 0)
            sum->conflicts++;
        else
            sum->refused++;
    }
    return r;
}

/*
 * Answers one change inside the package's transaction (*out: its result). The change's writes
 * go in a savepoint of their own, undone unless it is applied: a refused change writes nothing
 * (but the transfer request its answer names), and never takes its neighbours in the package
 * with it. Its answer is remembered in the same transaction, so a change sent twice, even
 * twice in one package, is applied once. Errors: the store's (the whole package then fails).
 */
static int answer_one(json_t **out, applier *a, json_t *ch, pl_sync_apply_summary *sum,
                      pl_error *err)
{
    *out = NULL;
    if (!json_is_object(ch)) {
        *out = result("", "refused", 0, NULL, "perubahan rusak");
        sum->refused++;
        return 0;
    }
    int rc = pl_store_begin(a->s, err);
    if (rc)
        return rc;
    a->keep = false;
    pl_error e = {0};
    json_t *r = apply_one(a, ch, sum, &e);
    const char *o = str_of(r, "outcome");
    if ((o && strcmp(o, "applied") == 0) || a->keep)
        rc = pl_store_commit(a->s, err);
    else
        pl_store_rollback(a->s);
    const char *cid = str_of(r, "id");
    char *text = rc == 0 ? json_dumps(r, JSON_COMPACT) : NULL;
    if (rc == 0 && text == NULL)
        rc = pl_error_set(err, PL_ENOMEM, "", "memori habis");
    if (rc == 0 && cid && cid[0])
        rc = pl_store_sync_applied_put(a->s, a->inst->id, cid, o ? o : "refused", text, err);
    free(text);
    if (rc) {
        json_decref(r);
        return rc;
    }
    *out = r;
    return 0;
}

/*
 * Packages are applied one at a time in a process. A field instance killed while the server
 * still works on its push sends the same changes again at once; the second request must find
 * the first one's answers, not race it to the registry (its writes would then be refused as
 * duplicates of the first). SQLite serialises the writes anyway, so this costs little.
 */
static pthread_mutex_t apply_lock = PTHREAD_MUTEX_INITIALIZER;

static int package_apply(unsigned char **answer, size_t *answer_len, pl_sync_apply_summary *sum,
                         pl_store *s, const char *user, const char *user_scope,
                         const unsigned char *pkg, size_t len, bool with_feed, pl_error *err);

int pl_sync_package_apply(unsigned char **answer, size_t *answer_len, pl_sync_apply_summary *sum,
                          pl_store *s, const char *user, const char *user_scope,
                          const unsigned char *pkg, size_t len, bool with_feed, pl_error *err)
{
    pthread_mutex_lock(&apply_lock);
    int rc = package_apply(answer, answer_len, sum, s, user, user_scope, pkg, len, with_feed, err);
    pthread_mutex_unlock(&apply_lock);
    return rc;
}

static int package_apply(unsigned char **answer, size_t *answer_len, pl_sync_apply_summary *sum,
                         pl_store *s, const char *user, const char *user_scope,
                         const unsigned char *pkg, size_t len, bool with_feed, pl_error *err)
{
    memset(sum, 0, sizeof *sum);
    *answer = NULL;
    applier a = {.s = s, .user = user};
    char kind;
    int64_t inst_id, seq;
    int rc = pl_sync_package_peek(&kind, &inst_id, &seq, pkg, len, err);
    if (rc)
        return rc;
    if (kind != 'C')
        return pl_error_set(err, PL_EINVAL, "package",
                            "paket ini adalah paket jawaban server, bukan paket perubahan dari "
                            "lapangan");
    sum->instance_id = inst_id;
    sum->seq = seq;
    pl_sync_instance in;
    if ((rc = pl_store_sync_instance_get(s, &in, inst_id, err)))
        return rc == PL_ENOTFOUND ? pl_error_set(err, PL_EDENIED, "instance",
                                                 "instans luring %lld tidak terdaftar di server "
                                                 "ini; daftarkan dengan 'pilar sync init'",
                                                 (long long)inst_id)
                                  : rc;
    if (in.revoked_at[0])
        return pl_error_set(err, PL_EDENIED, "instance",
                            "instans luring '%s' (%lld) telah dicabut pada %s oleh %s; paket dan "
                            "pengirimannya ditolak. Hubungi kantor dinas",
                            in.name, (long long)in.id, in.revoked_at, in.revoked_by);
    if (!pl_region_code_in_scope(in.scope, user_scope ? user_scope : ""))
        return pl_error_set(err, PL_EDENIED, "instance",
                            "instans luring %lld (wilayah %s) di luar cakupan akun Anda",
                            (long long)in.id, in.scope);
    json_t *body = NULL, *results = NULL, *reply = NULL;
    char digest[65];
    if ((rc = pl_sync_package_open(&body, digest, pkg, len, in.public_key, err)))
        return rc;
    const char *claimed = str_of(body, "scope");
    json_t *changes = json_object_get(body, "changes");
    if (claimed == NULL || strcmp(claimed, in.scope) != 0) {
        rc = pl_error_set(err, PL_EDENIED, "scope",
                          "paket menyatakan wilayah %s, padahal instans ini terdaftar untuk %s; "
                          "paket ditolak seluruhnya",
                          claimed ? claimed : "(kosong)", in.scope);
        goto out;
    }
    if (!json_is_array(changes)) {
        rc = truncated(err);
        goto out;
    }
    /*
     * The whole package is one transaction (one commit, one sync of the log, not one per
     * change): its sequence number, every change (each in a savepoint of its own) with its
     * answer, and the matching of the people it brought. Interrupted anywhere, nothing of it
     * stays, and the field sends the same changes again.
     */
    a.inst = &in;
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    a.today = (pl_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    if ((rc = pl_store_begin_outer(s, err)))
        goto out;
    /* A package is accepted once. */
    if ((rc = pl_store_sync_package_note(s, in.id, seq, digest, err)))
        goto undo;
    results = json_array();
    size_t i;
    json_t *ch;
    json_array_foreach(changes, i, ch)
    {
        json_t *r;
        if ((rc = answer_one(&r, &a, ch, sum, err)))
            goto undo;
        json_array_append_new(results, r);
    }
    if (a.arrivals.n) {
        /* Probable duplicates of the people the package brought, one reading per village. */
        char client[64];
        snprintf(client, sizeof client, "sync:paket/%lld/%lld", (long long)in.id, (long long)seq);
        pl_actor who = {user, client};
        if ((rc = pl_dedup_match_new(s, &who, a.arrivals.v, a.arrivals.n, NULL, NULL, err)))
            goto undo;
    }
    if ((rc = pl_store_commit(s, err)))
        goto undo;
    reply = json_object();
    json_object_set_new(reply, "scope", json_string(in.scope));
    json_object_set_new(reply, "answers", json_integer(seq));
    json_object_set(reply, "results", results);
    if (with_feed) {
        /* The whole feed after the package's cursor, for a field instance without a line. */
        json_t *all = json_array();
        char cur[64];
        snprintf(cur, sizeof cur, "%s", str_of(body, "cursor") ? str_of(body, "cursor") : "");
        bool more = true;
        while (more) {
            json_t *items;
            char next[64];
            if ((rc = pl_sync_feed(&items, next, &more, s, in.scope, cur, 2000, err))) {
                json_decref(all);
                goto out;
            }
            json_array_extend(all, items);
            json_decref(items);
            snprintf(cur, sizeof cur, "%s", next);
        }
        sum->feed = (long)json_array_size(all);
        json_object_set_new(reply, "feed", all);
        json_object_set_new(reply, "cursor", json_string(cur));
    }
    char pub[PL_SYNC_KEY_HEX], sec[PL_SYNC_SECRET_HEX], np[PL_SYNC_KEY_HEX], ns[PL_SYNC_SECRET_HEX];
    pl_sync_keypair(np, ns);
    rc = pl_store_sync_server_key(s, pub, sec, np, ns, err);
    if (rc == 0)
        rc = pl_sync_package_write(answer, answer_len, 'A', in.id, seq, reply, sec, err);
    sodium_memzero(sec, sizeof sec);
    sodium_memzero(ns, sizeof ns);
    goto out;
undo:
    pl_store_rollback(s);
out:
    pl_dedup_arrivals_clear(&a.arrivals);
    json_decref(body);
    json_decref(results);
    json_decref(reply);
    return rc;
}
