/* catalog.c - `pilar category list` and `pilar nik check`. */
#include "cli/cli.h"
#include "domain/category.h"
#include "domain/nik.h"
#include "io/record_json.h"
#include "store/region.h"
#include "store/store.h"

#include <string.h>

int pl_cmd_category_list(pl_cli *c, int argc, char **argv)
{
    bool psks = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--psks") == 0)
            psks = true;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    int n = psks ? PL_PSKS_COUNT : PL_PMKS_COUNT;
    json_t *arr = c->json ? json_array() : NULL;
    if (!c->json)
        fprintf(c->out, "%s\n",
                psks ? "PSKS - Potensi dan Sumber Kesejahteraan Sosial"
                     : "PMKS - Penyandang Masalah Kesejahteraan Sosial "
                       "(Permensos 8/2012)");
    for (int k = 1; k <= n; k++) {
        const pl_category *cat = psks ? pl_psks_get(k) : pl_pmks_get(k);
        if (arr)
            json_array_append_new(arr, pl_json_category(cat));
        else
            fprintf(c->out, "  %2d  %-60s %s\n", cat->code, cat->name,
                    pl_applies_to_label(cat->applies_to));
    }
    if (arr)
        return pl_cli_print_json(
            c, json_pack("{s:s,s:o}", "kind", psks ? "psks" : "pmks", "items", arr));
    return 0;
}

int pl_cmd_nik_check(pl_cli *c, int argc, char **argv)
{
    pl_idnum_kind kind = PL_IDNUM_NIK;
    int n = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--kk") == 0)
            kind = PL_IDNUM_KK;
        else if (argv[i][0] == '-' && argv[i][1] == '-')
            return pl_cli_bad_option(c, argv[i]);
        else
            n++;
    }
    if (n == 0)
        return pl_error_set(&c->err, PL_EINVAL, "nik", "beri paling sedikit satu NIK");
    /* The region tree sharpens the check when a data base is there; it is optional. */
    pl_store *s = NULL;
    pl_error ignore;
    pl_region_known known = {pl_cli_region_exists, NULL};
    if (pl_store_open(&s, c->db_path, PL_STORE_READONLY, &ignore) == 0) {
        long counts[5];
        if (pl_store_region_counts(s, counts, &ignore) == 0 && counts[2] > 0) {
            known.ctx = s;
        } else {
            pl_store_close(s);
            s = NULL;
        }
    }
    pl_date today;
    pl_cli_today(&today.year, &today.month, &today.day);
    int bad = 0;
    const char *label = kind == PL_IDNUM_KK ? "No. KK" : "NIK";
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--kk") == 0)
            continue;
        pl_nik_info info;
        pl_nik_check(&info, kind, argv[i], s ? &known : NULL);
        if (!info.valid)
            bad++;
        /* Birth (or issue) date candidates: real dates, never one in the future. */
        pl_date past[2];
        int n_past = 0;
        for (int k = 0; k < info.n_dates; k++)
            if (pl_date_cmp(&info.dates[k], &today) <= 0)
                past[n_past++] = info.dates[k];
        pl_date chosen;
        bool has_date = pl_nik_birth_date(&chosen, &info, NULL, &today) == 0;
        char datebuf[11] = "";
        if (has_date)
            pl_date_format(datebuf, &chosen);
        pl_region reg = {0}, regency = {0};
        char rc_code[PL_REGION_CODE_MAX] = "";
        if (info.region_code[0])
            snprintf(rc_code, sizeof rc_code, "%.5s",
                     info.current_code[0] ? info.current_code : info.region_code);
        if (s && info.region_code[0]) {
            pl_store_region_get(s, &reg,
                                info.current_code[0] ? info.current_code : info.region_code, NULL);
            pl_store_region_get(s, &regency, rc_code, NULL);
        } else if (rc_code[0] && pl_region_official_name(rc_code)) {
            /* No region tree: the compiled official table still names the regency. */
            snprintf(regency.name, sizeof regency.name, "%s", pl_region_official_name(rc_code));
        }
        if (c->json) {
            json_t *probs = json_array();
            for (int b = 0; b < PL_NIK_PROBLEM__MAX; b++) {
                if (!(info.problems & (1u << b)))
                    continue;
                char msg[256];
                pl_nik_problem_message(msg, sizeof msg, &info, (pl_nik_problem)b);
                json_array_append_new(
                    probs,
                    json_pack("{s:s,s:s,s:s}", "code", pl_nik_problem_code(b), "message", msg,
                              "severity", pl_nik_problem_is_warning(b) ? "warning" : "error"));
            }
            json_t *cands = json_array();
            for (int k = 0; k < n_past; k++) {
                char d[11];
                pl_date_format(d, &past[k]);
                json_array_append_new(cands, json_string(d));
            }
            json_t *bd = has_date ? json_string(datebuf) : json_null();
            char sex[2] = {info.sex, 0};
            json_t *o = json_pack(
                "{s:s,s:s,s:b,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "input", argv[i], "nik",
                info.digits, "valid", info.valid, "kind",
                json_string(kind == PL_IDNUM_KK ? "kk" : "nik"), "sex",
                info.sex ? json_string(sex) : json_null(), "birth_date", bd,
                "birth_date_candidates", cands, "region_code",
                info.region_code[0] ? json_string(info.region_code) : json_null(),
                "current_region_code",
                info.current_code[0] ? json_string(info.current_code) : json_null(), "region_name",
                reg.name[0] ? json_string(reg.name) : json_null(), "problems", probs);
            json_object_set_new(o, "regency_name",
                                regency.name[0] ? json_string(regency.name) : json_null());
            json_object_set_new(o, "serial", info.serial ? json_integer(info.serial) : json_null());
            pl_cli_print_json(c, o);
            continue;
        }
        fprintf(c->out, "%s %s: %s\n", label, argv[i], info.valid ? "SAH" : "TIDAK SAH");
        if (info.region_code[0]) {
            fprintf(c->out, "  Wilayah terbit : %s", info.region_code);
            if (info.current_code[0] && strcmp(info.current_code, info.region_code))
                fprintf(c->out, " (kode lama; sekarang %s)", info.current_code);
            if (reg.name[0])
                fprintf(c->out, " kec. %s, %s", reg.name, regency.name);
            else if (regency.name[0])
                fprintf(c->out, " %s", regency.name);
            fputc('\n', c->out);
        }
        if (n_past > 0) {
            fprintf(c->out, "  %s: ", kind == PL_IDNUM_KK ? "Tanggal terbit  " : "Tanggal lahir  ");
            for (int k = 0; k < n_past; k++) {
                char d[24];
                pl_date_format_id(d, &past[k]);
                fprintf(c->out, "%s%s", k ? " atau " : "", d);
            }
            fputc('\n', c->out);
        }
        if (info.sex)
            fprintf(c->out, "  Jenis kelamin  : %s\n", info.sex == 'P' ? "Perempuan" : "Laki-laki");
        for (int b = 0; b < PL_NIK_PROBLEM__MAX; b++) {
            if (!(info.problems & (1u << b)))
                continue;
            char msg[256];
            pl_nik_problem_message(msg, sizeof msg, &info, (pl_nik_problem)b);
            fprintf(c->out, "  %s: %s\n", pl_nik_problem_is_warning(b) ? "Catatan" : "Masalah",
                    msg);
        }
    }
    pl_store_close(s);
    return bad ? 1 : 0;
}
