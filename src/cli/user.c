/* user.c - `pilar user add|list|passwd|disable|token|revoke|totp`: accounts on the CLI. */
#include "cli/cli.h"
#include "io/record_json.h"
#include "service/auth.h"
#include "service/totp.h"
#include "service/user.h"
#include "store/auth.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* Reads one line without its newline; echo off on a terminal. */
static int read_line(pl_cli *c, const char *prompt, char *out, size_t cap)
{
    bool tty = isatty(STDIN_FILENO);
    struct termios old, quiet;
    if (tty) {
        fprintf(c->errs, "%s", prompt);
        fflush(c->errs);
        tcgetattr(STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char *got = fgets(out, (int)cap, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', c->errs);
    }
    if (got == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "password", "kata sandi tidak terbaca");
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

/* The password from standard input (asked twice on a terminal), or generated. */
static int get_password(pl_cli *c, bool generate, char *out, size_t cap)
{
    if (generate) {
        pl_auth_password_generate(out);
        return 0;
    }
    int rc = read_line(c, "Kata sandi: ", out, cap);
    if (rc == 0 && isatty(STDIN_FILENO)) {
        char again[PL_AUTH_PASSWORD_MAX + 2];
        rc = read_line(c, "Ulangi kata sandi: ", again, sizeof again);
        if (rc == 0 && strcmp(again, out) != 0)
            rc = pl_error_set(&c->err, PL_EINVAL, "password", "kedua kata sandi tidak sama");
        pl_auth_wipe(again, sizeof again);
    }
    return rc;
}

int pl_cmd_user_add(pl_cli *c, int argc, char **argv)
{
    const char *name = NULL, *role = NULL, *scope = "";
    bool generate = false, if_absent = false;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--role", &v) && v)
            role = v;
        else if (pl_cli_opt(argc, argv, &i, "--scope", &v) && v)
            scope = v;
        else if (strcmp(argv[i], "--generate-password") == 0)
            generate = true;
        else if (strcmp(argv[i], "--if-absent") == 0)
            if_absent = true;
        else if (argv[i][0] != '-' && name == NULL)
            name = argv[i];
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (name == NULL || role == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "username", "beri NAMA dan --role PERAN");
    char pass[PL_AUTH_PASSWORD_MAX + 2] = "";
    pl_user_new nu = {.username = name, .role = role, .scope = scope, .password = pass};
    pl_user u;
    pl_store *s = NULL;
    /* Check before asking for a password; pl_user_add checks again. */
    int rc = pl_auth_init(&c->err);
    if (rc || (rc = pl_user_check(&u, &nu, &c->err)) || (rc = pl_cli_open(c, &s, 0)))
        return rc;
    pl_user existing;
    if (if_absent && pl_store_user_get(s, &existing, name, NULL, 0, NULL) == 0) {
        fprintf(c->out, "Pengguna %s sudah ada; tidak diubah.\n", name);
        goto out;
    }
    if ((rc = get_password(c, generate, pass, sizeof pass)) ||
        (rc = pl_user_add(s, &c->actor, &u, &nu, c->pwhash_cost, &c->err)))
        goto out;
    if (c->json) {
        json_t *o = pl_json_user(&u);
        if (generate)
            json_object_set_new(o, "password", json_string(pass));
        rc = pl_cli_print_json(c, o);
    } else {
        fprintf(c->out, "Pengguna %s (peran %s, cakupan %s) dibuat.\n", u.username, u.role,
                u.scope[0] ? u.scope : "semua wilayah");
        if (generate)
            fprintf(c->out, "Kata sandi (ditampilkan sekali ini saja): %s\n", pass);
    }
out:
    pl_auth_wipe(pass, sizeof pass);
    pl_store_close(s);
    return rc;
}

static int json_user(void *ctx, const pl_user *u)
{
    return json_array_append_new(ctx, pl_json_user(u));
}

static int print_user(void *ctx, const pl_user *u)
{
    pl_cli *c = ctx;
    fprintf(c->out, "%-20s %-9s %-14s %s\n", u->username, u->role,
            u->scope[0] ? u->scope : "(semua)", u->disabled ? "nonaktif" : "aktif");
    return 0;
}

int pl_cmd_user_list(pl_cli *c, int argc, char **argv)
{
    if (argc > 0)
        return pl_cli_bad_option(c, argv[0]);
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    if (c->json) {
        json_t *arr = json_array();
        rc = pl_store_user_list(s, json_user, arr, &c->err);
        if (rc)
            json_decref(arr);
        else
            rc = pl_cli_print_json(c, arr);
    } else {
        rc = pl_store_user_list(s, print_user, c, &c->err);
    }
    pl_store_close(s);
    return rc;
}

int pl_cmd_user_passwd(pl_cli *c, int argc, char **argv)
{
    if (argc != 1 || argv[0][0] == '-')
        return pl_error_set(&c->err, PL_EINVAL, "username", "beri satu NAMA pengguna");
    pl_store *s = NULL;
    int rc = pl_auth_init(&c->err);
    if (rc || (rc = pl_cli_open(c, &s, 0)))
        return rc;
    char pass[PL_AUTH_PASSWORD_MAX + 2] = "";
    pl_user_change chg = {.password = pass, .disabled = -1};
    pl_user u;
    /* An unknown name fails before the password is asked for. */
    if ((rc = pl_store_user_get(s, &u, argv[0], NULL, 0, &c->err)) ||
        (rc = get_password(c, false, pass, sizeof pass)) ||
        (rc = pl_user_update(s, &c->actor, &u, 0, argv[0], &chg, c->pwhash_cost, &c->err)))
        goto out;
    fprintf(c->out, "Kata sandi %s diganti.\n", argv[0]);
out:
    pl_auth_wipe(pass, sizeof pass);
    pl_store_close(s);
    return rc;
}

int pl_cmd_user_disable(pl_cli *c, int argc, char **argv)
{
    const char *name = NULL;
    bool enable = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--enable") == 0)
            enable = true;
        else if (argv[i][0] != '-' && name == NULL)
            name = argv[i];
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (name == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "username", "beri NAMA pengguna");
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    pl_user_change chg = {.disabled = enable ? 0 : 1};
    pl_user u;
    if ((rc = pl_user_update(s, &c->actor, &u, 0, name, &chg, c->pwhash_cost, &c->err)) == 0)
        fprintf(c->out, "Pengguna %s %s.\n", name, enable ? "diaktifkan" : "dinonaktifkan");
    pl_store_close(s);
    return rc;
}

static int print_token(void *ctx, const pl_token_info *t);
static int json_token(void *ctx, const pl_token_info *t);

/* `pilar user token rotate NAME --token ID`: a new token in place of a live one. */
static int token_rotate(pl_cli *c, int argc, char **argv)
{
    const char *name = NULL, *tok = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--token", &v) && v)
            tok = v;
        else if (argv[i][0] != '-' && name == NULL)
            name = argv[i];
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    char *end = NULL;
    long long id = tok ? strtoll(tok, &end, 10) : 0;
    if (name == NULL || tok == NULL || *end || id < 1)
        return pl_error_set(&c->err, PL_EINVAL, "token", "beri NAMA dan --token ID");
    pl_store *s = NULL;
    int rc = pl_auth_init(&c->err);
    if (rc || (rc = pl_cli_open(c, &s, 0)))
        return rc;
    char token[PL_AUTH_TOKEN_MAX];
    pl_token_info t;
    if ((rc = pl_user_token_rotate(s, &c->actor, &t, token, name, id, NULL, &c->err)))
        goto out;
    if (c->json)
        rc = pl_cli_print_json(c, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)t.id, "token", token,
                                            "expires_at", t.expires_at));
    else
        fprintf(c->out, "%s\n", token); /* the token alone: scripts capture it */
out:
    pl_auth_wipe(token, sizeof token);
    pl_store_close(s);
    return rc;
}

/* `pilar user token list NAME`: tokens with their expiry. */
static int token_list(pl_cli *c, int argc, char **argv)
{
    if (argc != 1 || argv[0][0] == '-')
        return pl_error_set(&c->err, PL_EINVAL, "username", "beri satu NAMA pengguna");
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    if (c->json) {
        json_t *arr = json_array();
        if ((rc = pl_store_token_list(s, argv[0], json_token, arr, &c->err)))
            json_decref(arr);
        else
            rc = pl_cli_print_json(c, arr);
    } else
        rc = pl_store_token_list(s, argv[0], print_token, c, &c->err);
    pl_store_close(s);
    return rc;
}

int pl_cmd_user_token(pl_cli *c, int argc, char **argv)
{
    if (argc > 0 && strcmp(argv[0], "rotate") == 0)
        return token_rotate(c, argc - 1, argv + 1);
    if (argc > 0 && strcmp(argv[0], "list") == 0)
        return token_list(c, argc - 1, argv + 1);
    if (argc > 0 && strcmp(argv[0], "create") == 0) {
        argc--;
        argv++;
    }
    const char *name = NULL, *label = "";
    int64_t ttl = PL_TOKEN_TTL_DEFAULT;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--label", &v) && v)
            label = v;
        else if (pl_cli_opt(argc, argv, &i, "--expires-in", &v) && v) {
            int rc = pl_user_parse_duration(&ttl, v, "expires-in", &c->err);
            if (rc)
                return rc;
        } else if (argv[i][0] != '-' && name == NULL)
            name = argv[i];
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (name == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "username", "beri NAMA pengguna");
    pl_store *s = NULL;
    int rc = pl_auth_init(&c->err);
    if (rc || (rc = pl_cli_open(c, &s, 0)))
        return rc;
    char token[PL_AUTH_TOKEN_MAX];
    int64_t id = 0;
    if ((rc = pl_user_token_new(s, &c->actor, &id, token, name, label, ttl, &c->err)))
        goto out;
    if (c->json)
        rc = pl_cli_print_json(c, json_pack("{s:I,s:s,s:I}", "id", (json_int_t)id, "token", token,
                                            "expires_in", (json_int_t)ttl));
    else
        fprintf(c->out, "%s\n", token); /* the token alone: scripts capture it */
out:
    pl_auth_wipe(token, sizeof token);
    pl_store_close(s);
    return rc;
}

static int json_token(void *ctx, const pl_token_info *t)
{
    return json_array_append_new(
        ctx, json_pack("{s:I,s:s,s:s,s:o,s:o,s:b}", "id", (json_int_t)t->id, "label", t->label,
                       "created_at", t->created_at, "expires_at",
                       t->expires_at[0] ? json_string(t->expires_at) : json_null(), "revoked_at",
                       t->revoked_at[0] ? json_string(t->revoked_at) : json_null(), "live",
                       !t->revoked_at[0] && !t->expired));
}

static int print_token(void *ctx, const pl_token_info *t)
{
    pl_cli *c = ctx;
    fprintf(c->out, "%-6lld %-20s %s %-20s %s\n", (long long)t->id, t->label[0] ? t->label : "-",
            t->created_at, t->expires_at[0] ? t->expires_at : "-",
            t->revoked_at[0] ? "dicabut"
            : t->expired     ? "kedaluwarsa"
                             : "aktif");
    return 0;
}

int pl_cmd_user_revoke(pl_cli *c, int argc, char **argv)
{
    const char *name = NULL, *tok = NULL;
    bool list = false;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--token", &v) && v)
            tok = v;
        else if (strcmp(argv[i], "--list") == 0)
            list = true;
        else if (argv[i][0] != '-' && name == NULL)
            name = argv[i];
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (name == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "username", "beri NAMA pengguna");
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    if (list) {
        rc = pl_store_token_list(s, name, print_token, c, &c->err);
        goto out;
    }
    int64_t id = 0;
    if (tok) {
        char *end;
        id = strtoll(tok, &end, 10);
        if (*end || id < 1) {
            rc = pl_error_set(&c->err, PL_EINVAL, "token", "--token harus id token");
            goto out;
        }
    }
    int n = 0;
    if ((rc = pl_user_token_revoke(s, &c->actor, &n, name, id, &c->err)) == 0)
        fprintf(c->out, "%d token milik %s dicabut.\n", n, name);
out:
    pl_store_close(s);
    return rc;
}

/* `pilar user totp enable|disable NAME`: the second factor of an account. */
int pl_cmd_user_totp(pl_cli *c, int argc, char **argv)
{
    if (argc != 2 || (strcmp(argv[0], "enable") != 0 && strcmp(argv[0], "disable") != 0) ||
        argv[1][0] == '-')
        return pl_error_set(&c->err, PL_EINVAL, "", "pakai: pilar user totp enable|disable NAMA");
    bool enable = strcmp(argv[0], "enable") == 0;
    const char *name = argv[1];
    pl_store *s = NULL;
    int rc = pl_auth_init(&c->err);
    if (rc || (rc = pl_cli_open(c, &s, 0)))
        return rc;
    if (!enable) {
        if ((rc = pl_totp_disable(s, &c->actor, name, &c->err)) == 0)
            fprintf(c->out, "TOTP %s dimatikan.\n", name);
        goto out;
    }
    pl_totp_enrolment e;
    if ((rc = pl_totp_enable(s, &c->actor, &e, name, &c->err)))
        goto out;
    if (c->json) {
        json_t *codes = json_array();
        for (int i = 0; i < PL_RECOVERY_CODES; i++)
            json_array_append_new(codes, json_string(e.codes[i]));
        rc = pl_cli_print_json(c,
                               json_pack("{s:s,s:s,s:s,s:o}", "username", name, "secret", e.secret,
                                         "otpauth_uri", e.uri, "recovery_codes", codes));
    } else {
        fprintf(c->out,
                "TOTP %s aktif. Masukkan rahasia ini ke aplikasi autentikator (atau URI-nya\n"
                "sebagai kode QR), lalu serahkan kode pemulihan kepada pemilik akun.\n"
                "Rahasia: %s\nURI: %s\nKode pemulihan (masing-masing sekali pakai):\n",
                name, e.secret, e.uri);
        for (int i = 0; i < PL_RECOVERY_CODES; i++)
            fprintf(c->out, "  %s\n", e.codes[i]);
    }
    pl_auth_wipe(&e, sizeof e);
out:
    pl_store_close(s);
    return rc;
}
