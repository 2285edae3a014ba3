/* cli.c - helpers shared by the command implementations. */
#include "cli/cli.h"
#include "domain/region_code.h"
#include "store/region.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

void pl_cli_shown_location(char *out, size_t cap, const char *loc)
{
    const char *scheme = strstr(loc, "://");
    const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
    const char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
    const char *pw = scheme ? NULL : strstr(loc, "password=");
    if (scheme && at && colon && colon < at) {
        snprintf(out, cap, "%.*s:***%s", (int)(colon - loc), loc, at);
    } else if (pw) {
        const char *end = pw + 9;
        if (*end == '\'') {
            for (end++; *end && *end != '\''; end++)
                if (*end == '\\' && end[1])
                    end++;
            if (*end)
                end++;
        } else {
            end += strcspn(end, " \t");
        }
        snprintf(out, cap, "%.*spassword=***%s", (int)(pw - loc), loc, end);
    } else {
        snprintf(out, cap, "%s", loc);
    }
}

int pl_cli_open(pl_cli *c, pl_store **out, unsigned flags)
{
    int rc = pl_store_open(out, c->db_path, flags | c->store_flags, &c->err);
    if (rc)
        return rc;
    pl_cli_note_store(c, *out);
    int v = 0;
    rc = pl_store_schema_version(*out, &v, &c->err);
    if (rc == 0 && v != PL_STORE_SCHEMA_VERSION) {
        if (v == 0)
            rc = pl_error_set(&c->err, PL_EIO, "db",
                              "basis data %s belum disiapkan; jalankan 'pilar init' dahulu",
                              c->db_shown);
        else
            rc = pl_error_set(&c->err, PL_EIO, "db",
                              "basis data %s berskema versi %d, program ini versi %d; jalankan "
                              "'pilar init' untuk memperbarui",
                              c->db_shown, v, PL_STORE_SCHEMA_VERSION);
    }
    if (rc) {
        pl_store_close(*out);
        *out = NULL;
    }
    return rc;
}

void pl_cli_note_store(pl_cli *c, const pl_store *s)
{
    if (pl_store_reads_recreated(s)) {
        fprintf(c->errs,
                "Peringatan: berkas audit baca %s%s tidak ada (basis data disalin tanpa "
                "berkas itu?); audit baca dimulai kosong, catatan pembacaan sebelumnya tidak "
                "ada di sini.\n",
                c->db_shown, PL_STORE_READS_SUFFIX);
        fflush(c->errs);
    }
    unsigned was = pl_store_tightened_mode(s);
    if (was == 0)
        return;
    fprintf(c->errs,
            "Peringatan: basis data %s dapat dibuka pengguna lain (izin %04o); izinnya "
            "diperketat menjadi %04o (hanya pemilik), juga -wal, -shm dan berkas audit baca.\n",
            c->db_shown, was, was & 0700);
    fflush(c->errs);
}

int pl_cli_print_json(pl_cli *c, json_t *v)
{
    if (v == NULL)
        return pl_error_set(&c->err, PL_ENOMEM, "", "memori tidak cukup");
    int rc = json_dumpf(v, c->out, JSON_COMPACT);
    fputc('\n', c->out);
    json_decref(v);
    return rc ? pl_error_set(&c->err, PL_EIO, "", "gagal menulis keluaran") : 0;
}

bool pl_cli_opt(int argc, char **argv, int *i, const char *name, const char **value)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return false;
    if (a[n] == '=') {
        *value = a + n + 1;
        return true;
    }
    if (a[n] != '\0')
        return false;
    if (*i + 1 >= argc) {
        *value = NULL; /* missing argument: caller reports */
        return true;
    }
    *value = argv[++*i];
    return true;
}

void pl_cli_test_pause(const char *want, const char *pause_file, const char *step)
{
    if (want == NULL || pause_file == NULL || strcmp(want, step) != 0)
        return;
    fprintf(stderr, "jeda uji pada langkah %s\n", step);
    fflush(stderr);
    for (int i = 0; i < 2400 && access(pause_file, F_OK) == 0; i++)
        usleep(50000);
}

int pl_cli_bad_option(pl_cli *c, const char *arg)
{
    if (arg && arg[0] == '-')
        return pl_error_set(&c->err, PL_EINVAL, arg,
                            "opsi %s tidak dikenal atau nilainya kurang; lihat --help", arg);
    return pl_error_set(&c->err, PL_EINVAL, arg ? arg : "",
                        "argumen '%s' tidak diharapkan; lihat --help", arg ? arg : "");
}

int pl_cli_region_opt(pl_cli *c, char *region, const char *v)
{
    if (pl_region_code_normalize(region, v) < 0)
        return pl_error_set(&c->err, PL_EINVAL, "region", "kode wilayah '%s' tidak valid", v);
    return 0;
}

bool pl_cli_page_opt(int argc, char **argv, int *i, int *limit, int64_t *after)
{
    const char *v = NULL;
    if (pl_cli_opt(argc, argv, i, "--limit", &v) && v) {
        *limit = atoi(v);
        return true;
    }
    if (pl_cli_opt(argc, argv, i, "--after", &v) && v) {
        *after = atoll(v);
        return true;
    }
    return false;
}

int pl_cli_limit_check(pl_cli *c, int limit)
{
    if (limit < 1 || limit > 1000)
        return pl_error_set(&c->err, PL_EINVAL, "limit", "--limit harus 1 sampai 1000");
    return 0;
}

pl_cli_list pl_cli_list_begin(pl_cli *c)
{
    return (pl_cli_list){c, c->json ? json_array() : NULL, 0, 0};
}

int pl_cli_list_end(pl_cli_list *l, int rc, int limit, const char *empty)
{
    pl_cli *c = l->c;
    if (rc) {
        json_decref(l->arr);
        l->arr = NULL;
        return rc;
    }
    bool more = limit > 0 && l->n == limit;
    if (c->json) {
        if (limit <= 0)
            return pl_cli_print_json(c, json_pack("{s:o}", "items", l->arr));
        return pl_cli_print_json(c, json_pack("{s:o,s:o}", "items", l->arr, "next",
                                              more ? json_integer(l->last) : json_null()));
    }
    if (l->n == 0)
        fprintf(c->out, "%s\n", empty);
    else if (more)
        fprintf(c->out, "(ada lagi: ulangi dengan --after %lld)\n", (long long)l->last);
    return 0;
}

bool pl_cli_region_exists(void *ctx, const char *dotted)
{
    pl_region r;
    return pl_store_region_get(ctx, &r, dotted, NULL) == 0;
}

void pl_cli_today(int *y, int *m, int *d)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    *y = tm.tm_year + 1900;
    *m = tm.tm_mon + 1;
    *d = tm.tm_mday;
}

int pl_cli_copy_opt(pl_cli *c, char *out, size_t cap, const char *v, const char *field)
{
    size_t n = strlen(v);
    if (n >= cap)
        return pl_error_set(&c->err, PL_EINVAL, field, "nilai %s terlalu panjang (maks. %zu)",
                            field, cap - 1);
    memcpy(out, v, n + 1);
    return 0;
}
