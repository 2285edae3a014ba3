/* nonik.c - reasons for a missing NIK and the Pilar id. */
#include "domain/nonik.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *code, *label;
} reasons[PL_NONIK__MAX] = {
    [PL_NONIK_NONE] = {"", ""},
    [PL_NONIK_BELUM_REKAM] = {"belum_rekam_ktp_el", "belum rekam KTP-el"},
    [PL_NONIK_ANAK] = {"anak_belum_ber_nik", "anak belum ber-NIK"},
    [PL_NONIK_KAT] = {"kat", "komunitas adat terpencil"},
    [PL_NONIK_TUNAWISMA] = {"tunawisma", "tunawisma / tanpa tempat tinggal tetap"},
    [PL_NONIK_TIDAK_DIKETAHUI] = {"tidak_diketahui", "tidak diketahui"},
    [PL_NONIK_LAINNYA] = {"lainnya", "lainnya"},
};

const char *pl_nonik_code(pl_nonik_reason r)
{
    return (unsigned)r < PL_NONIK__MAX ? reasons[r].code : "";
}

const char *pl_nonik_label(pl_nonik_reason r)
{
    return (unsigned)r < PL_NONIK__MAX ? reasons[r].label : "";
}

/* Lower case with '-', '_', '/' and runs of spaces folded to one '_'. */
static void fold(char *out, size_t cap, const char *in)
{
    size_t j = 0;
    bool gap = false;
    for (const unsigned char *p = (const unsigned char *)in; *p && j + 1 < cap; p++) {
        if (*p == ' ' || *p == '\t' || *p == '-' || *p == '_' || *p == '/' || *p == '\r' ||
            *p == '\n') {
            gap = j > 0;
            continue;
        }
        if (gap && j + 2 < cap)
            out[j++] = '_';
        gap = false;
        out[j++] = (char)tolower(*p);
    }
    out[j] = '\0';
}

int pl_nonik_parse(const char *text)
{
    char want[96], have[96];
    if (text == NULL)
        return PL_NONIK_NONE;
    fold(want, sizeof want, text);
    if (want[0] == '\0')
        return PL_NONIK_NONE;
    for (int r = 1; r < PL_NONIK__MAX; r++) {
        fold(have, sizeof have, reasons[r].code);
        if (strcmp(want, have) == 0)
            return r;
        fold(have, sizeof have, reasons[r].label);
        if (strcmp(want, have) == 0)
            return r;
    }
    return -1;
}

const char *pl_nonik_codes_text(void)
{
    return "belum_rekam_ktp_el, anak_belum_ber_nik, kat, tunawisma, tidak_diketahui, lainnya";
}

char *pl_pilar_id(char out[PL_PILAR_ID_MAX], int64_t id)
{
    snprintf(out, PL_PILAR_ID_MAX, "P-%06" PRId64, id);
    return out;
}

bool pl_pilar_id_parse(const char *text, int64_t *id)
{
    if (text == NULL || (text[0] != 'P' && text[0] != 'p') || text[1] != '-' ||
        !isdigit((unsigned char)text[2]))
        return false;
    char *end;
    long long v = strtoll(text + 2, &end, 10);
    if (*end != '\0' || v <= 0 || strlen(text + 2) > 19)
        return false;
    *id = (int64_t)v;
    return true;
}
