/*
 * program.c - `pilar program add|list|show|preview|enroll|check|account|desil`:
 * social-assistance programs as data, eligibility preview, enrolment and the
 * integrity checks before a payment list.
 */
#include "cli/cli.h"
#include "domain/eligibility.h"
#include "domain/numfmt.h"
#include "io/program_json.h"
#include "io/program_report.h"
#include "service/program.h"
#include "service/registry.h"
#include "service/program_report.h"
#include "store/enrolment.h"
#include "store/household.h"
#include "store/integrity.h"
#include "store/person.h"
#include "store/program.h"
#include "store/program_report.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

static void program_text(FILE *f, const pl_program *p)
{
    char cats[128], regions[256], excl[256];
    pl_eligibility_format_categories(cats, sizeof cats, p->rule.categories);
    pl_eligibility_format_list(regions, sizeof regions, &p->rule.regions[0][0], PL_REGION_CODE_MAX);
    pl_eligibility_format_list(excl, sizeof excl, &p->rule.excludes[0][0], PL_PROGRAM_CODE_MAX);
    fprintf(f, "%s - %s (%s, %s)\n", p->code, p->name, pl_program_level_name(p->level),
            p->household ? "per keluarga" : "per orang");
    fprintf(f, "  Bantuan: Rp %lld %s%s", (long long)p->amount,
            pl_program_frequency_name(p->frequency), p->cap ? "" : "\n");
    if (p->cap)
        fprintf(f, ", batas Rp %lld per periode\n", (long long)p->cap);
    char age[48], desil[24];
    if (p->rule.age_min < 0 && p->rule.age_max < 0)
        snprintf(age, sizeof age, "semua");
    else if (p->rule.age_max < 0)
        snprintf(age, sizeof age, "%d tahun ke atas", p->rule.age_min);
    else if (p->rule.age_min < 0)
        snprintf(age, sizeof age, "sampai %d tahun", p->rule.age_max);
    else
        snprintf(age, sizeof age, "%d-%d tahun", p->rule.age_min, p->rule.age_max);
    if (p->rule.desil_max > 0)
        snprintf(desil, sizeof desil, "1-%d", p->rule.desil_max);
    else
        snprintf(desil, sizeof desil, "semua");
    fprintf(f,
            "  Syarat: kategori PMKS [%s], umur %s, disabilitas %s, desil %s, "
            "wilayah [%s], tidak merangkap [%s], NIK %s\n",
            cats[0] ? cats : "semua", age, p->rule.disability ? "wajib" : "-", desil,
            regions[0] ? regions : "semua", excl[0] ? excl : "-",
            p->rule.nik_optional ? "tidak wajib" : "wajib");
}

int pl_cmd_program_add(pl_cli *c, int argc, char **argv)
{
    pl_program p;
    memset(&p, 0, sizeof p);
    p.rule.age_min = p.rule.age_max = -1;
    const char *code = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--name", &v) && v) {
            snprintf(p.name, sizeof p.name, "%s", v);
        } else if (pl_cli_opt(argc, argv, &i, "--level", &v) && v) {
            if (!(p.level = pl_program_level_parse(v)))
                return pl_error_set(&c->err, PL_EINVAL, "level",
                                    "--level harus pusat, provinsi atau kabupaten-kota");
        } else if (pl_cli_opt(argc, argv, &i, "--amount", &v) && v) {
            p.amount = atoll(v);
        } else if (pl_cli_opt(argc, argv, &i, "--cap", &v) && v) {
            p.cap = atoll(v);
        } else if (pl_cli_opt(argc, argv, &i, "--frequency", &v) && v) {
            if (!(p.frequency = pl_program_frequency_parse(v)))
                return pl_error_set(&c->err, PL_EINVAL, "frequency",
                                    "--frequency harus sekali, bulanan, triwulan atau tahunan");
        } else if (strcmp(argv[i], "--household") == 0) {
            p.household = true;
        } else if (strcmp(argv[i], "--disability") == 0) {
            p.rule.disability = true;
        } else if (strcmp(argv[i], "--no-requires-nik") == 0) {
            p.rule.nik_optional = true;
        } else if (strcmp(argv[i], "--requires-nik") == 0) {
            p.rule.nik_optional = false;
        } else if (pl_cli_opt(argc, argv, &i, "--categories", &v) && v) {
            if (pl_eligibility_parse_categories(&p.rule.categories, v) != 0)
                return pl_error_set(&c->err, PL_EINVAL, "categories",
                                    "--categories: kode PMKS 1..26 dipisah koma");
        } else if (pl_cli_opt(argc, argv, &i, "--age-min", &v) && v) {
            p.rule.age_min = atoi(v);
        } else if (pl_cli_opt(argc, argv, &i, "--age-max", &v) && v) {
            p.rule.age_max = atoi(v);
        } else if (pl_cli_opt(argc, argv, &i, "--desil-max", &v) && v) {
            p.rule.desil_max = atoi(v);
            if (p.rule.desil_max < 0 || p.rule.desil_max > 10)
                return pl_error_set(&c->err, PL_EINVAL, "desil-max", "--desil-max harus 1..10");
        } else if (pl_cli_opt(argc, argv, &i, "--regions", &v) && v) {
            if (pl_eligibility_parse_list(&p.rule.regions[0][0], PL_REGION_CODE_MAX, v) != 0)
                return pl_error_set(&c->err, PL_EINVAL, "regions", "--regions terlalu banyak");
            for (int k = 0; k < PL_PROGRAM_LIST_MAX && p.rule.regions[k][0]; k++) {
                char norm[PL_REGION_CODE_MAX];
                if (pl_region_code_normalize(norm, p.rule.regions[k]) < 0)
                    return pl_error_set(&c->err, PL_EINVAL, "regions",
                                        "kode wilayah '%s' tidak valid", p.rule.regions[k]);
                snprintf(p.rule.regions[k], PL_REGION_CODE_MAX, "%s", norm);
            }
        } else if (pl_cli_opt(argc, argv, &i, "--excludes", &v) && v) {
            if (pl_eligibility_parse_list(&p.rule.excludes[0][0], PL_PROGRAM_CODE_MAX, v) != 0)
                return pl_error_set(&c->err, PL_EINVAL, "excludes", "--excludes terlalu banyak");
        } else if (argv[i][0] != '-' && code == NULL) {
            code = argv[i];
        } else {
            return pl_cli_bad_option(c, argv[i]);
        }
    }
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    rc = pl_program_register(&p, s, &c->actor, code, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json)
        return pl_cli_print_json(c, pl_json_program(&p));
    fprintf(c->out, "Program dicatat:\n");
    program_text(c->out, &p);
    return 0;
}

typedef struct plist {
    pl_cli *c;
    json_t *arr;
} plist;

static int list_one(void *ctx, const pl_program *p)
{
    plist *l = ctx;
    if (l->arr)
        json_array_append_new(l->arr, pl_json_program(p));
    else
        program_text(l->c->out, p);
    return 0;
}

int pl_cmd_program_list(pl_cli *c, int argc, char **argv)
{
    if (argc > 0)
        return pl_cli_bad_option(c, argv[0]);
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    plist l = {c, c->json ? json_array() : NULL};
    rc = pl_store_program_list(s, list_one, &l, &c->err);
    pl_store_close(s);
    if (rc) {
        json_decref(l.arr);
        return rc;
    }
    return c->json ? pl_cli_print_json(c, json_pack("{s:o}", "items", l.arr)) : 0;
}

/* Parses "KODE --period P [--region R] ..." options shared by several commands. */
typedef struct popts {
    const char *code, *period, *reason, *person, *by;
    char region[PL_REGION_CODE_MAX];
    double threshold;
} popts;

static int parse_popts(pl_cli *c, int argc, char **argv, popts *o)
{
    memset(o, 0, sizeof *o);
    o->threshold = 0.8;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--period", &v) && v) {
            o->period = v;
        } else if (pl_cli_opt(argc, argv, &i, "--region", &v) && v) {
            if (pl_cli_region_opt(c, o->region, v))
                return c->err.code;
        } else if (pl_cli_opt(argc, argv, &i, "--reason", &v) && v) {
            o->reason = v;
        } else if (pl_cli_opt(argc, argv, &i, "--person", &v) && v) {
            o->person = v;
        } else if (pl_cli_opt(argc, argv, &i, "--by", &v) && v) {
            if (strcmp(v, "regency") && strcmp(v, "district"))
                return pl_error_set(&c->err, PL_EINVAL, "by", "--by harus regency atau district");
            o->by = v;
        } else if (pl_cli_opt(argc, argv, &i, "--threshold", &v) && v) {
            o->threshold = atof(v);
        } else if (argv[i][0] != '-' && o->code == NULL) {
            o->code = argv[i];
        } else {
            return pl_cli_bad_option(c, argv[i]);
        }
    }
    if (o->code == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "kode", "sebutkan kode program");
    return 0;
}

static int open_program(pl_cli *c, const popts *o, bool need_period, unsigned flags, pl_store **s,
                        pl_program *p)
{
    if (need_period && o->period == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "period", "--period wajib (mis. 2026-Q1)");
    int rc = pl_cli_open(c, s, flags);
    if (rc)
        return rc;
    if ((rc = pl_store_program_get(*s, p, o->code, &c->err))) {
        pl_store_close(*s);
        *s = NULL;
    }
    return rc;
}

int pl_cmd_program_show(pl_cli *c, int argc, char **argv)
{
    popts o;
    int rc = parse_popts(c, argc, argv, &o);
    if (rc)
        return rc;
    pl_store *s = NULL;
    pl_program p;
    if ((rc = open_program(c, &o, false, PL_STORE_READONLY, &s, &p)))
        return rc;
    long n = -1;
    if (o.period)
        rc = pl_store_enrolment_count(s, p.id, o.period, &n, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json) {
        json_t *j = pl_json_program(&p);
        if (n >= 0)
            json_object_set_new(j, "enrolled", json_integer(n));
        return pl_cli_print_json(c, j);
    }
    program_text(c->out, &p);
    if (n >= 0)
        fprintf(c->out, "  Penerima terdaftar periode %s: %ld\n", o.period, n);
    return 0;
}

int pl_cmd_program_preview(pl_cli *c, int argc, char **argv)
{
    popts o;
    int rc = parse_popts(c, argc, argv, &o);
    if (rc)
        return rc;
    pl_store *s = NULL;
    pl_program p;
    if ((rc = open_program(c, &o, true, PL_STORE_READONLY, &s, &p)))
        return rc;
    pl_preview pv;
    int level = o.by && strcmp(o.by, "district") == 0 ? 3 : 2;
    rc = pl_program_preview(&pv, s, &p, o.period, o.region, level, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json) {
        json_t *j = pl_json_preview(p.code, o.period, o.region, &pv);
        pl_preview_free(&pv);
        return pl_cli_print_json(c, j);
    }
    fprintf(c->out, "Pratinjau %s periode %s: %ld memenuhi syarat dari %ld calon (%.2f detik)\n",
            p.code, o.period, pv.eligible, pv.candidates, pv.seconds);
    for (size_t i = 0; i < pv.n; i++)
        fprintf(c->out, "  %-12s %ld\n", pv.rows[i].region, pv.rows[i].eligible);
    for (int i = 0; i < PL_ELIG__COUNT; i++) {
        if (!pv.failed[i])
            continue;
        char why[96];
        pl_eligibility_reasons(why, sizeof why, 1u << i, false);
        fprintf(c->out, "  tidak lolos: %s: %ld\n", why, pv.failed[i]);
    }
    pl_preview_free(&pv);
    return 0;
}

int pl_cmd_program_enroll(pl_cli *c, int argc, char **argv)
{
    popts o;
    int rc = parse_popts(c, argc, argv, &o);
    if (rc)
        return rc;
    if (o.reason == NULL || o.reason[0] == '\0')
        return pl_error_set(&c->err, PL_EINVAL, "reason", "--reason wajib (dasar penetapan)");
    pl_store *s = NULL;
    pl_program p;
    if ((rc = open_program(c, &o, true, 0, &s, &p)))
        return rc;
    long enrolled = 0, skipped = 0;
    if (o.person) {
        pl_person who;
        rc = pl_registry_person_find(&who, s, o.person, &c->err);
        if (rc == 0)
            rc = pl_program_enroll_person(s, &c->actor, &p, o.period, who.id, o.reason, &c->err);
        enrolled = rc == 0;
    } else {
        rc = pl_program_enroll_eligible(s, &c->actor, &p, o.period, o.region, o.reason, &enrolled,
                                        &skipped, &c->err);
    }
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json)
        return pl_cli_print_json(c, json_pack("{s:s,s:s,s:I,s:I}", "program", p.code, "period",
                                              o.period, "enrolled", (json_int_t)enrolled, "already",
                                              (json_int_t)skipped));
    fprintf(c->out, "%ld penerima %s periode %s dicatat (%ld sudah terdaftar).\n", enrolled, p.code,
            o.period, skipped);
    return 0;
}

typedef struct check_ctx {
    pl_cli *c;
    json_t *arr;
} check_ctx;

static int print_finding(void *ctx, const pl_finding *f)
{
    check_ctx *k = ctx;
    if (k->arr) {
        json_array_append_new(k->arr, pl_json_finding(f, 0));
        return 0;
    }
    fprintf(k->c->out, "%-18s #%-8lld %-16s %-28s %s\n", f->rule, (long long)f->person_id, f->nik,
            f->name, f->detail);
    return 0;
}

int pl_cmd_program_check(pl_cli *c, int argc, char **argv)
{
    popts o;
    int rc = parse_popts(c, argc, argv, &o);
    if (rc)
        return rc;
    pl_store *s = NULL;
    pl_program p;
    if ((rc = open_program(c, &o, true, 0, &s, &p)))
        return rc;
    check_ctx k = {c, c->json ? json_array() : NULL};
    long n = 0;
    rc = pl_store_program_check(s, &p, o.period, o.threshold, print_finding, &k, &n, &c->err);
    pl_store_close(s);
    if (rc) {
        json_decref(k.arr);
        return rc;
    }
    if (c->json) {
        pl_cli_print_json(c, json_pack("{s:s,s:s,s:I,s:o}", "program", p.code, "period", o.period,
                                       "count", (json_int_t)n, "findings", k.arr));
    } else if (n == 0) {
        fprintf(c->out, "Tidak ada temuan: %s periode %s siap dibuat daftar bayarnya.\n", p.code,
                o.period);
    } else {
        fprintf(c->out, "%ld temuan; penerima bertemuan tidak dimasukkan ke batch.\n", n);
    }
    return n ? 1 : 0;
}

int pl_cmd_program_account(pl_cli *c, int argc, char **argv)
{
    const char *kk = NULL, *nik = NULL, *number = NULL, *bank = "", *holder = "";
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--kk", &v) && v)
            kk = v;
        else if (pl_cli_opt(argc, argv, &i, "--person", &v) && v)
            nik = v;
        else if (pl_cli_opt(argc, argv, &i, "--number", &v) && v)
            number = v;
        else if (pl_cli_opt(argc, argv, &i, "--bank", &v) && v)
            bank = v;
        else if (pl_cli_opt(argc, argv, &i, "--holder", &v) && v)
            holder = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if ((kk == NULL) == (nik == NULL) || number == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "", "sebutkan --kk atau --person, dan --number");
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    rc = pl_program_account_add(s, &c->actor, kk, nik, number, bank, holder, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (!c->json)
        fprintf(c->out, "Rekening %s dicatat.\n", number);
    return c->json ? pl_cli_print_json(c, json_pack("{s:s}", "number", number)) : 0;
}

int pl_cmd_program_desil(pl_cli *c, int argc, char **argv)
{
    if (argc != 2)
        return pl_error_set(&c->err, PL_EINVAL, "", "pemakaian: pilar program desil NO_KK DESIL");
    int desil = atoi(argv[1]);
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    rc = pl_program_desil_set(s, &c->actor, argv[0], desil, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (!c->json)
        fprintf(c->out, "Desil keluarga %s: %d\n", argv[0], desil);
    return c->json ? pl_cli_print_json(c, json_pack("{s:s,s:i}", "kk", argv[0], "desil", desil))
                   : 0;
}

static void report_text(FILE *f, const pl_program_report *r)
{
    static const char *const hdr = "  %-13s %-24s %9s %9s %5s %8s %8s %8s %8s %15s %15s\n";
    fprintf(f, "Laporan program periode %s, wilayah %s\n", r->period,
            r->region[0] ? r->region : "semua");
    if (r->n_totals == 0)
        fprintf(f, "  (tidak ada penerima atau batch)\n");
    for (size_t t = 0; t < r->n_totals; t++) {
        const char *prog = r->totals[t].r.program;
        fprintf(f, "\nProgram %s\n", prog);
        fprintf(f, hdr, "Wilayah", "Nama", "Orang", "Keluarga", "Batch", "Dibayar", "Gagal",
                "Kembali", "Menunggu", "Rencana (Rp)", "Dibayar (Rp)");
        for (size_t i = 0; i <= r->n_rows; i++) {
            const pl_program_report_line *l = i < r->n_rows ? &r->rows[i] : &r->totals[t];
            if (strcmp(l->r.program, prog) != 0)
                continue;
            char n[11][32];
            pl_numfmt_count(n[0], sizeof n[0], l->r.people, false);
            pl_numfmt_count(n[1], sizeof n[1], l->r.households, false);
            pl_numfmt_count(n[2], sizeof n[2], l->r.batches, false);
            pl_numfmt_count(n[3], sizeof n[3], l->r.items[PL_PAY_PAID], false);
            pl_numfmt_count(n[4], sizeof n[4], l->r.items[PL_PAY_FAILED], false);
            pl_numfmt_count(n[5], sizeof n[5], l->r.items[PL_PAY_RETURNED], false);
            pl_numfmt_count(n[6], sizeof n[6], l->r.items[PL_PAY_PENDING], false);
            pl_numfmt_count(n[7], sizeof n[7], (long long)pl_program_report_planned(&l->r), false);
            pl_numfmt_count(n[8], sizeof n[8], (long long)l->r.amount[PL_PAY_PAID], false);
            fprintf(f, hdr, i < r->n_rows ? l->r.region : "JUMLAH",
                    i < r->n_rows ? l->region_name : "", n[0], n[1], n[2], n[3], n[4], n[5], n[6],
                    n[7], n[8]);
        }
        bool first = true;
        for (size_t i = 0; i < r->n_failures; i++) {
            const pl_program_failure_row *x = &r->failures[i];
            if (strcmp(x->program, prog) != 0)
                continue;
            if (first)
                fprintf(f, "  Kegagalan per alasan:\n");
            first = false;
            char n[32], a[32];
            pl_numfmt_count(n, sizeof n, x->items, false);
            pl_numfmt_count(a, sizeof a, (long long)x->amount, false);
            fprintf(f, "    %-13s %-9s %-36s %6s item  Rp %s\n", x->region,
                    strcmp(x->status, "returned") == 0 ? "kembali" : "gagal",
                    x->reason[0] ? x->reason : "(tanpa alasan)", n, a);
        }
    }
}

int pl_cmd_program_report(pl_cli *c, int argc, char **argv)
{
    const char *code = NULL, *period = NULL, *format = NULL, *path = NULL;
    char region[PL_REGION_CODE_MAX] = "";
    int level = PL_LEVEL_REGENCY;
    bool viewer = false;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (strcmp(argv[i], "--viewer") == 0) {
            viewer = true;
        } else if (pl_cli_opt(argc, argv, &i, "--period", &v) && v) {
            period = v;
        } else if (pl_cli_opt(argc, argv, &i, "--region", &v) && v) {
            if (pl_cli_region_opt(c, region, v))
                return c->err.code;
        } else if (pl_cli_opt(argc, argv, &i, "--level", &v) && v) {
            if (strcmp(v, "regency") == 0)
                level = PL_LEVEL_REGENCY;
            else if (strcmp(v, "district") == 0)
                level = PL_LEVEL_DISTRICT;
            else
                return pl_error_set(&c->err, PL_EINVAL, "level",
                                    "--level harus regency atau district");
        } else if (pl_cli_opt(argc, argv, &i, "--format", &v) && v) {
            if (strcmp(v, "csv") && strcmp(v, "xlsx") && strcmp(v, "json"))
                return pl_error_set(&c->err, PL_EINVAL, "format",
                                    "--format harus csv, xlsx atau json");
            format = v;
        } else if (pl_cli_opt(argc, argv, &i, "--out", &v) && v) {
            path = v;
        } else if (argv[i][0] != '-' && code == NULL) {
            code = argv[i];
        } else {
            return pl_cli_bad_option(c, argv[i]);
        }
    }
    if (period == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "period", "--period wajib (mis. 2026-Q1)");
    if (format == NULL && path) {
        const char *dot = strrchr(path, '.');
        format = dot && strcmp(dot, ".xlsx") == 0   ? "xlsx"
                 : dot && strcmp(dot, ".json") == 0 ? "json"
                                                    : "csv";
    }
    if (format && strcmp(format, "json") && path == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "out", "--out FILE wajib untuk --format %s",
                            format);
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    pl_program p;
    pl_program_report *r = NULL;
    if (code == NULL || (rc = pl_store_program_get(s, &p, code, &c->err)) == 0)
        rc = pl_program_report_build(&r, s, "", code ? &p : NULL, period, region, level, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (viewer)
        pl_program_report_suppress(r);
    if (format && strcmp(format, "csv") == 0) {
        rc = pl_program_report_write_csv(r, path, &c->err);
    } else if (format && strcmp(format, "xlsx") == 0) {
        rc = pl_program_report_write_xlsx(r, path, &c->err);
    } else if ((format && path) || c->json || (format && strcmp(format, "json") == 0)) {
        json_t *j = pl_program_report_json(r);
        if (path) {
            if (json_dump_file(j, path, JSON_INDENT(2)) != 0)
                rc = pl_error_set(&c->err, PL_EIO, "file", "tidak dapat menulis %s", path);
            json_decref(j);
        } else {
            rc = pl_cli_print_json(c, j);
        }
    } else {
        report_text(c->out, r);
    }
    if (rc == 0 && path && !c->json)
        fprintf(c->out, "Laporan program %s ditulis ke %s (%zu baris wilayah, %zu kegagalan).\n",
                r->period, path, r->n_rows, r->n_failures);
    pl_program_report_free(r);
    return rc;
}
