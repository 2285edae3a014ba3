/* init.c - `pilar init` (create or upgrade the data base) and `pilar status`. */
#include "cli/cli.h"
#include "domain/category.h"
#include "domain/numfmt.h"
#include "store/store.h"
#include "store/summary.h"

#include <string.h>

int pl_cmd_init(pl_cli *c, int argc, char **argv)
{
    if (argc > 0)
        return pl_cli_bad_option(c, argv[0]);
    pl_store *s = NULL;
    int rc = pl_store_open(&s, c->db_path, PL_STORE_CREATE | c->store_flags, &c->err);
    if (rc)
        return rc;
    pl_cli_note_store(c, s);
    int from = 0, to = 0;
    rc = pl_store_migrate(s, &from, &to, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json)
        return pl_cli_print_json(c, json_pack("{s:s,s:i,s:i}", "db", c->db_shown, "from_version",
                                              from, "schema_version", to));
    if (from == to)
        fprintf(c->out, "Basis data %s sudah versi skema %d; tidak ada perubahan.\n", c->db_shown,
                to);
    else if (from == 0)
        fprintf(c->out, "Basis data %s dibuat (versi skema %d).\n", c->db_shown, to);
    else
        fprintf(c->out, "Basis data %s diperbarui dari versi skema %d ke %d.\n", c->db_shown, from,
                to);
    return 0;
}

int pl_cmd_status(pl_cli *c, int argc, char **argv)
{
    const char *scope = "";
    for (int i = 0; i < argc; i++) {
        const char *v;
        if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            scope = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    char norm[PL_REGION_CODE_MAX] = "";
    if (scope[0] && pl_region_code_normalize(norm, scope) < 0)
        return pl_error_set(&c->err, PL_EINVAL, "region", "kode wilayah '%s' tidak valid", scope);
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    pl_store_summary sum;
    rc = pl_store_summary_get(s, &sum, norm, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json) {
        json_t *pm = json_object();
        for (int k = 1; k <= PL_PMKS_COUNT; k++)
            if (sum.pmks_people[k])
                json_object_set_new(pm, pl_pmks_get(k)->slug, json_integer(sum.pmks_people[k]));
        return pl_cli_print_json(
            c, json_pack(
                   "{s:s,s:s,s:{s:I,s:I,s:I,s:I},s:I,s:I,s:I,s:I,s:{s:I,s:I,s:I},s:o,s:I,s:I,s:I}",
                   "db", c->db_shown, "region", norm, "regions", "provinces",
                   (json_int_t)sum.regions[1], "regencies", (json_int_t)sum.regions[2], "districts",
                   (json_int_t)sum.regions[3], "villages", (json_int_t)sum.regions[4], "households",
                   (json_int_t)sum.households, "people", (json_int_t)sum.people, "people_alive",
                   (json_int_t)sum.people_alive, "without_nik", (json_int_t)sum.without_nik,
                   "verification", "draft", (json_int_t)sum.by_state[0], "verified",
                   (json_int_t)sum.by_state[1], "rejected", (json_int_t)sum.by_state[2], "pmks", pm,
                   "psks_units", (json_int_t)sum.psks_units, "users", (json_int_t)sum.users,
                   "audit_rows", (json_int_t)sum.audit_rows));
    }
    char a[32], b[32], d[32], e[32];
    fprintf(c->out, "Ringkasan basis data %s%s%s\n\n", c->db_shown, norm[0] ? ", wilayah " : "",
            norm);
    pl_numfmt_int(a, sizeof a, sum.regions[1]);
    pl_numfmt_int(b, sizeof b, sum.regions[2]);
    pl_numfmt_int(d, sizeof d, sum.regions[3]);
    pl_numfmt_int(e, sizeof e, sum.regions[4]);
    fprintf(c->out,
            "Wilayah      : %s provinsi, %s kabupaten/kota, %s kecamatan, %s desa/kelurahan\n", a,
            b, d, e);
    pl_numfmt_int(a, sizeof a, sum.households);
    pl_numfmt_int(b, sizeof b, sum.people);
    pl_numfmt_int(d, sizeof d, sum.people_alive);
    fprintf(c->out, "Keluarga     : %s\nOrang        : %s (%s masih hidup)\n", a, b, d);
    pl_numfmt_int(a, sizeof a, sum.without_nik);
    fprintf(c->out, "Tanpa NIK    : %s (daftar: pilar person without-nik)\n", a);
    pl_numfmt_int(a, sizeof a, sum.by_state[0]);
    pl_numfmt_int(b, sizeof b, sum.by_state[1]);
    pl_numfmt_int(d, sizeof d, sum.by_state[2]);
    fprintf(c->out, "Verifikasi   : %s draf, %s terverifikasi, %s ditolak\n", a, b, d);
    pl_numfmt_int(a, sizeof a, sum.psks_units);
    pl_numfmt_int(b, sizeof b, sum.users);
    pl_numfmt_int(d, sizeof d, sum.audit_rows);
    fprintf(c->out, "PSKS         : %s\nPengguna     : %s\nJejak audit  : %s baris\n", a, b, d);
    fprintf(c->out, "\nPMKS aktif (orang/keluarga):\n");
    int shown = 0;
    for (int k = 1; k <= PL_PMKS_COUNT; k++) {
        if (!sum.pmks_people[k])
            continue;
        pl_numfmt_int(a, sizeof a, sum.pmks_people[k]);
        const pl_category *cat = pl_pmks_get(k);
        fprintf(c->out, "  %2d %-46s %12s\n", k, cat->label, a);
        shown++;
    }
    if (!shown)
        fprintf(c->out, "  (belum ada)\n");
    return 0;
}
