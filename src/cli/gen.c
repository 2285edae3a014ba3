/* gen.c - `pilar gen`: demo and benchmark data over the real villages of chosen provinces. */
#include "cli/cli.h"
#include "gen/gen.h"
#include "store/region.h"
#include "store/store.h"
#include "util/vec.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct village_vec {
    pl_gen_village *items;
    size_t n, cap;
} village_vec;

static int add_village(void *ctx, const pl_region *r)
{
    village_vec *v = ctx;
    int rc = pl_vec_reserve(&v->items, &v->cap, v->n, 1);
    if (rc != 0)
        return rc;
    snprintf(v->items[v->n].code, sizeof v->items[v->n].code, "%s", r->code);
    snprintf(v->items[v->n].name, sizeof v->items[v->n].name, "%.63s", r->name);
    v->n++;
    return 0;
}

int pl_cmd_gen(pl_cli *c, int argc, char **argv)
{
    pl_gen_options opt = {.seed = 1, .people = 10000};
    const char *provinces = "64,65", *out_path = NULL, *truth_path = NULL, *psks_path = NULL;
    bool today_given = false;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        char *end = NULL;
        if (pl_cli_opt(argc, argv, &i, "--people", &v) && v) {
            errno = 0;
            opt.people = strtol(v, &end, 10);
            if (*end || errno || opt.people < 1 || opt.people > PL_GEN_MAX_PEOPLE)
                return pl_error_set(&c->err, PL_EINVAL, "people",
                                    "--people harus bilangan 1 sampai %ld", PL_GEN_MAX_PEOPLE);
        } else if (pl_cli_opt(argc, argv, &i, "--seed", &v) && v) {
            opt.seed = strtoull(v, &end, 10);
            if (*end)
                return pl_error_set(&c->err, PL_EINVAL, "seed", "--seed harus bilangan bulat");
        } else if (pl_cli_opt(argc, argv, &i, "--dup-rate", &v) && v) {
            opt.dup_rate = strtod(v, &end);
            if (*end || opt.dup_rate < 0 || opt.dup_rate > PL_GEN_MAX_DUP_RATE)
                return pl_error_set(&c->err, PL_EINVAL, "dup-rate",
                                    "--dup-rate harus 0 sampai %.1f", PL_GEN_MAX_DUP_RATE);
        } else if (pl_cli_opt(argc, argv, &i, "--no-nik-rate", &v) && v) {
            opt.no_nik_rate = strtod(v, &end);
            if (*end || !(opt.no_nik_rate >= 0 && opt.no_nik_rate <= PL_GEN_MAX_NO_NIK_RATE))
                return pl_error_set(&c->err, PL_EINVAL, "no-nik-rate",
                                    "--no-nik-rate harus 0 sampai %.1f", PL_GEN_MAX_NO_NIK_RATE);
        } else if (pl_cli_opt(argc, argv, &i, "--clerk-dup-rate", &v) && v) {
            opt.clerk_dup_rate = strtod(v, &end);
            if (*end || !(opt.clerk_dup_rate >= 0 && opt.clerk_dup_rate <= PL_GEN_MAX_DUP_RATE))
                return pl_error_set(&c->err, PL_EINVAL, "clerk-dup-rate",
                                    "--clerk-dup-rate harus 0 sampai %.1f", PL_GEN_MAX_DUP_RATE);
        } else if (pl_cli_opt(argc, argv, &i, "--psks", &v) && v) {
            psks_path = v;
        } else if ((pl_cli_opt(argc, argv, &i, "--province", &v) ||
                    pl_cli_opt(argc, argv, &i, "--region", &v)) &&
                   v) {
            provinces = v;
        } else if (pl_cli_opt(argc, argv, &i, "--today", &v) && v) {
            if (pl_date_parse(&opt.today, v) != 0)
                return pl_error_set(&c->err, PL_EINVAL, "today",
                                    "--today harus tanggal YYYY-MM-DD");
            today_given = true;
        } else if (pl_cli_opt(argc, argv, &i, "--out", &v) && v) {
            out_path = v;
        } else if (pl_cli_opt(argc, argv, &i, "--truth", &v) && v) {
            truth_path = v;
        } else {
            return pl_cli_bad_option(c, argv[i]);
        }
    }
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    village_vec vv = {0};
    char list[128];
    snprintf(list, sizeof list, "%s", provinces);
    char *save = NULL;
    for (char *p = strtok_r(list, ",", &save); p && rc == 0; p = strtok_r(NULL, ",", &save)) {
        char code[PL_REGION_CODE_MAX];
        if (pl_region_code_normalize(code, p) < 0) {
            rc = pl_error_set(&c->err, PL_EINVAL, "province", "kode wilayah '%s' tidak valid", p);
            break;
        }
        size_t before = vv.n;
        rc = pl_store_region_list(s, PL_LEVEL_VILLAGE, code, add_village, &vv, &c->err);
        if (rc == 0 && vv.n == before)
            rc = pl_error_set(&c->err, PL_EINVAL, "province",
                              "wilayah %s tidak punya desa di basis data; jalankan 'pilar region "
                              "import' dahulu",
                              code);
    }
    pl_store_close(s);
    FILE *out = NULL, *truth = NULL, *psks = NULL;
    if (rc == 0) {
        if (out_path && strcmp(out_path, "-") == 0)
            out_path = NULL;
        out = out_path ? fopen(out_path, "w") : stdout;
        if (out == NULL)
            rc = pl_error_set(&c->err, PL_EIO, "out", "berkas %s tidak dapat ditulis: %s", out_path,
                              strerror(errno));
    }
    if (rc == 0 && truth_path) {
        truth = fopen(truth_path, "w");
        if (truth == NULL)
            rc = pl_error_set(&c->err, PL_EIO, "truth", "berkas %s tidak dapat ditulis: %s",
                              truth_path, strerror(errno));
    }
    if (rc == 0 && psks_path) {
        psks = fopen(psks_path, "w");
        if (psks == NULL)
            rc = pl_error_set(&c->err, PL_EIO, "psks", "berkas %s tidak dapat ditulis: %s",
                              psks_path, strerror(errno));
    }
    pl_gen_stats st = {0};
    pl_gen_psks_stats ps = {0};
    if (rc == 0) {
        opt.villages = vv.items;
        opt.n_villages = vv.n;
        opt.out = out;
        opt.truth = truth;
        if (!today_given)
            pl_cli_today(&opt.today.year, &opt.today.month, &opt.today.day);
        rc = pl_gen_run(&st, &opt, &c->err);
        if (rc == 0 && psks)
            rc = pl_gen_psks(&ps, &opt, psks, &c->err);
    }
    if (out && out != stdout && fclose(out) != 0 && rc == 0)
        rc = pl_error_set(&c->err, PL_EIO, "out", "gagal menulis %s", out_path);
    if (truth && fclose(truth) != 0 && rc == 0)
        rc = pl_error_set(&c->err, PL_EIO, "truth", "gagal menulis %s", truth_path);
    if (psks && fclose(psks) != 0 && rc == 0)
        rc = pl_error_set(&c->err, PL_EIO, "psks", "gagal menulis %s", psks_path);
    free(vv.items);
    if (rc)
        return rc;
    if (out_path) {
        if (c->json) {
            json_t *o =
                json_pack("{s:s,s:I,s:I,s:I,s:I}", "out", out_path, "people", (json_int_t)st.people,
                          "households", (json_int_t)st.households, "duplicates",
                          (json_int_t)st.duplicates, "with_coords", (json_int_t)st.with_coords);
            json_object_set_new(o, "no_nik", json_integer(st.no_nik));
            json_object_set_new(o, "clerk_duplicates", json_integer(st.clerk_duplicates));
            json_object_set_new(o, "twins", json_integer(st.twins));
            json_object_set_new(o, "namesakes", json_integer(st.namesakes));
            if (psks_path)
                json_object_set_new(o, "psks_units", json_integer(ps.units));
            return pl_cli_print_json(c, o);
        }
        fprintf(c->out, "%ld orang dalam %ld keluarga (+%ld duplikat sisipan) ditulis ke %s.\n",
                st.people, st.households, st.duplicates, out_path);
        if (opt.no_nik_rate > 0)
            fprintf(c->out, "%ld baris tanpa NIK (kolom alasan_tanpa_nik).\n", st.no_nik);
        if (opt.clerk_dup_rate > 0)
            fprintf(c->out,
                    "%ld duplikat dalam KK yang sama; pembanding: %ld pasang kembar, %ld anak "
                    "bernama sama dengan ayahnya.\n",
                    st.clerk_duplicates, st.twins, st.namesakes);
        if (psks_path)
            fprintf(c->out, "%ld unit PSKS ditulis ke %s.\n", ps.units, psks_path);
    }
    return 0;
}
