/* rakor.c - rules for rakor, problems, interventions and period sign-offs (domain/rakor.h). */
#include "domain/rakor.h"

#include "domain/date.h"
#include "domain/region_code.h"

#include <string.h>

bool pl_intervention_level_valid(const char *level)
{
    return level &&
           (strcmp(level, PL_IV_LEVEL_PUSAT) == 0 || strcmp(level, PL_IV_LEVEL_PROVINSI) == 0 ||
            strcmp(level, PL_IV_LEVEL_KABKOTA) == 0);
}

bool pl_intervention_status_valid(const char *status)
{
    return status && (strcmp(status, PL_IV_PLANNED) == 0 || strcmp(status, PL_IV_RUNNING) == 0 ||
                      strcmp(status, PL_IV_DONE) == 0 || strcmp(status, PL_IV_CANCELLED) == 0);
}

int pl_intervention_check(const char *title, const char *level, const char *status,
                          const char *due_date, pl_error *err)
{
    if (title == NULL || title[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "judul", "uraian intervensi wajib diisi");
    if (!pl_intervention_level_valid(level))
        return pl_error_set(err, PL_EINVAL, "tingkat",
                            "tingkat intervensi harus pusat, provinsi atau kabupaten-kota");
    if (status && status[0] && !pl_intervention_status_valid(status))
        return pl_error_set(err, PL_EINVAL, "status",
                            "status harus direncanakan, berjalan, selesai atau batal");
    if (due_date && due_date[0] && !pl_date_is_iso(due_date))
        return pl_error_set(err, PL_EINVAL, "tenggat", "tenggat harus YYYY-MM-DD");
    return 0;
}

int pl_intervention_update_check(const char *status, const char *noted_on, const char *note,
                                 pl_error *err)
{
    if (status && !pl_intervention_status_valid(status))
        return pl_error_set(err, PL_EINVAL, "status",
                            "status harus direncanakan, berjalan, selesai atau batal");
    if (note && note[0] && !pl_date_is_iso(noted_on))
        return pl_error_set(err, PL_EINVAL, "tanggal", "tanggal catatan harus YYYY-MM-DD");
    return 0;
}

int pl_rakor_check(const char *held_on, pl_error *err)
{
    if (!pl_date_is_iso(held_on))
        return pl_error_set(err, PL_EINVAL, "tanggal", "tanggal rakor harus YYYY-MM-DD");
    return 0;
}

int pl_problem_check(const char *text, pl_error *err)
{
    if (text == NULL || text[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "uraian", "uraian masalah wajib diisi");
    return 0;
}

int pl_approval_check(const char *region, const char *date_from, const char *date_to, pl_error *err)
{
    if (region == NULL || pl_region_code_level(region) != PL_LEVEL_REGENCY)
        return pl_error_set(err, PL_EINVAL, "wilayah",
                            "pengesahan periode dilakukan per kabupaten/kota (mis. 64.74), "
                            "bukan %s",
                            region ? region : "");
    if (!pl_date_is_iso(date_from) || !pl_date_is_iso(date_to))
        return pl_error_set(err, PL_EINVAL, "periode", "batas periode harus YYYY-MM-DD");
    return 0;
}

int pl_approval_reopen_check(const char *reason, pl_error *err)
{
    if (reason == NULL || reason[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "alasan", "alasan pembukaan kembali wajib diisi");
    return 0;
}
