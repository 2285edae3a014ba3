/*
 * fuzz_record.c - libFuzzer target for the domain parsers behind every
 * import row and CLI/API field: NIK and KK checks, dates, region codes,
 * names, relationships, categories and whole-row validation. The input is
 * split on 0x1f into up to 16 fields (the canonical columns).
 */
#include "domain/category.h"
#include "domain/date.h"
#include "domain/name.h"
#include "domain/nik.h"
#include "domain/record.h"
#include "domain/region_code.h"
#include "domain/relationship.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool known(void *ctx, const char *code)
{
    (void)ctx;
    return strncmp(code, "64", 2) == 0; /* everything in East Kalimantan exists */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (buf == NULL)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    const char *fields[PL_COL__MAX] = {0};
    int n = 0;
    char *p = buf;
    fields[n++] = p;
    for (size_t i = 0; i < size && n < PL_COL__MAX; i++) {
        if (buf[i] == 0x1f) {
            buf[i] = '\0';
            fields[n++] = buf + i + 1;
        }
    }
    pl_region_known regions = {known, NULL};
    pl_date today = {2026, 11, 24};
    pl_record rec;
    pl_record_problems probs;
    pl_record_validate(&rec, &probs, fields, &regions, &today);
    char joined[2048];
    pl_record_problems_join(joined, sizeof joined, &probs, false);

    pl_nik_info info;
    pl_nik_check(&info, PL_IDNUM_NIK, fields[0], &regions);
    for (int b = 0; b < PL_NIK_PROBLEM__MAX; b++) {
        char msg[256];
        pl_nik_problem_message(msg, sizeof msg, &info, (pl_nik_problem)b);
    }
    pl_nik_check(&info, PL_IDNUM_KK, fields[0], NULL);
    pl_date d;
    pl_date_parse(&d, fields[0]);
    char code[PL_REGION_CODE_MAX];
    pl_region_code_normalize(code, fields[0]);
    char norm[512];
    pl_name_normalize(norm, sizeof norm, fields[0]);
    char reason[160];
    pl_name_validate(fields[0], reason, sizeof reason);
    pl_relationship_parse(fields[0]);
    pl_pmks_find(fields[0]);
    pl_psks_find(fields[0]);
    pl_col_find(fields[0]);
    free(buf);
    return 0;
}
