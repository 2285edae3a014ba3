/* psks.c - PSKS unit registration. */
#include "service/psks.h"
#include "domain/category.h"
#include "domain/name.h"
#include "domain/nik.h"
#include "store/region.h"
#include "store/psks.h"

#include <stdio.h>
#include <string.h>

static bool region_exists(void *ctx, const char *dotted)
{
    pl_region r;
    return pl_store_region_get(ctx, &r, dotted, NULL) == 0;
}

int pl_psks_register(pl_store *s, const pl_actor *who, const char *scope, const char *type,
                     const char *nik, pl_psks_unit *u, pl_error *err)
{
    const pl_category *cat = type && strlen(type) < 64 ? pl_psks_find(type) : NULL;
    if (cat == NULL)
        return pl_error_set(err, PL_EINVAL, "type",
                            "jenis PSKS wajib berisi kode atau nama PSKS (lihat 'pilar category "
                            "list --psks')");
    u->type = cat->code;
    snprintf(u->kind, sizeof u->kind, "%s",
             cat->applies_to == PL_APPLIES_ORGANISATION ? "lembaga" : "orang");
    char reason[160];
    if (u->name[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "name", "nama wajib diisi");
    if (cat->applies_to != PL_APPLIES_ORGANISATION &&
        pl_name_validate(u->name, reason, sizeof reason) != 0)
        return pl_error_set(err, PL_EINVAL, "name", "%s", reason);
    char area[PL_REGION_CODE_MAX];
    if (pl_region_code_normalize(area, u->area_code) < 0)
        return pl_error_set(err, PL_EINVAL, "region",
                            "kode wilayah yang dilayani wajib diisi (mis. 64.74.01)");
    memcpy(u->area_code, area, sizeof area);
    if (scope && !pl_region_code_in_scope(u->area_code, scope))
        return pl_error_set(err, PL_EDENIED, "region", "wilayah %s di luar cakupan Anda",
                            u->area_code);
    if (u->has_coord && !(u->lat >= -11.5 && u->lat <= 6.5 && u->lon >= 94.5 && u->lon <= 141.5))
        return pl_error_set(err, PL_EINVAL, "latitude",
                            "koordinat harus berdua dan di dalam Indonesia");
    u->nik[0] = '\0';
    if (nik && nik[0]) {
        pl_region_known known = {region_exists, s};
        pl_nik_info info;
        pl_nik_check(&info, PL_IDNUM_NIK, nik, &known);
        if (!info.valid) {
            for (int b = 0; b < PL_NIK_PROBLEM__MAX; b++)
                if ((info.problems & (1u << b)) && !pl_nik_problem_is_warning(b)) {
                    char msg[256];
                    pl_nik_problem_message(msg, sizeof msg, &info, b);
                    return pl_error_set(err, PL_EINVAL, "nik", "%s", msg);
                }
            return pl_error_set(err, PL_EINVAL, "nik", "NIK tidak sah");
        }
        snprintf(u->nik, sizeof u->nik, "%s", info.digits);
    }
    return pl_store_psks_add(s, who, u, err);
}
