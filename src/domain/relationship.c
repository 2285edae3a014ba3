#include "domain/relationship.h"
#include "util/error.h"

#include <stdbool.h>
#include <stddef.h>

static const struct {
    const char *slug;
    const char *label;
} relationships[PL_REL__MAX] = {
    [PL_REL_KEPALA] = {"kepala_keluarga", "Kepala Keluarga"},
    [PL_REL_PASANGAN] = {"istri_suami", "Istri/Suami"},
    [PL_REL_ANAK] = {"anak", "Anak"},
    [PL_REL_MENANTU] = {"menantu", "Menantu"},
    [PL_REL_CUCU] = {"cucu", "Cucu"},
    [PL_REL_ORANG_TUA] = {"orang_tua", "Orang Tua"},
    [PL_REL_MERTUA] = {"mertua", "Mertua"},
    [PL_REL_FAMILI_LAIN] = {"famili_lain", "Famili Lain"},
    [PL_REL_LAINNYA] = {"lainnya", "Lainnya"},
};

/*
 * How spreadsheets write it. The numbers are Dukcapil's SHDK codes on the
 * family card: 1 kepala keluarga, 2 suami, 3 istri, 4 anak, 5 menantu, 6 cucu,
 * 7 orang tua, 8 mertua, 9 famili lain, 10 pembantu, 11 lainnya.
 */
static const struct {
    const char *text;
    pl_relationship rel;
} aliases[] = {
    {"1", PL_REL_KEPALA},
    {"2", PL_REL_PASANGAN},
    {"3", PL_REL_PASANGAN},
    {"4", PL_REL_ANAK},
    {"5", PL_REL_MENANTU},
    {"6", PL_REL_CUCU},
    {"7", PL_REL_ORANG_TUA},
    {"8", PL_REL_MERTUA},
    {"9", PL_REL_FAMILI_LAIN},
    {"10", PL_REL_LAINNYA},
    {"11", PL_REL_LAINNYA},
    {"kk", PL_REL_KEPALA},
    {"kepala", PL_REL_KEPALA},
    {"kepala_kk", PL_REL_KEPALA},
    {"kepala_rumah_tangga", PL_REL_KEPALA},
    {"krt", PL_REL_KEPALA},
    {"istri", PL_REL_PASANGAN},
    {"isteri", PL_REL_PASANGAN},
    {"suami", PL_REL_PASANGAN},
    {"suami_istri", PL_REL_PASANGAN},
    {"pasangan", PL_REL_PASANGAN},
    {"anak_kandung", PL_REL_ANAK},
    {"anak_tiri", PL_REL_ANAK},
    {"anak_angkat", PL_REL_ANAK},
    {"orangtua", PL_REL_ORANG_TUA},
    {"ayah", PL_REL_ORANG_TUA},
    {"ibu", PL_REL_ORANG_TUA},
    {"ayah_ibu", PL_REL_ORANG_TUA},
    {"famili", PL_REL_FAMILI_LAIN},
    {"famili_lainnya", PL_REL_FAMILI_LAIN},
    {"keluarga_lain", PL_REL_FAMILI_LAIN},
    {"saudara", PL_REL_FAMILI_LAIN},
    {"lain", PL_REL_LAINNYA},
    {"lain_lain", PL_REL_LAINNYA},
    {"pembantu", PL_REL_LAINNYA},
};

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool is_alnum(char c)
{
    c = lower(c);
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Case-insensitive; any run of other characters counts as one '_'; ends ignored. */
static bool loose_eq(const char *a, const char *b)
{
    while (*a && !is_alnum(*a))
        a++;
    while (*b && !is_alnum(*b))
        b++;
    while (*a && *b) {
        if (is_alnum(*a) || is_alnum(*b)) {
            if (lower(*a) != lower(*b))
                return false;
            a++, b++;
            continue;
        }
        while (*a && !is_alnum(*a))
            a++;
        while (*b && !is_alnum(*b))
            b++;
        if ((*a == '\0') != (*b == '\0'))
            return false;
    }
    while (*a && !is_alnum(*a))
        a++;
    while (*b && !is_alnum(*b))
        b++;
    return *a == '\0' && *b == '\0';
}

const char *pl_relationship_slug(pl_relationship r)
{
    if ((int)r < 0 || r >= PL_REL__MAX)
        return "";
    return relationships[r].slug;
}

const char *pl_relationship_label(pl_relationship r)
{
    if ((int)r < 0 || r >= PL_REL__MAX)
        return "";
    return relationships[r].label;
}

int pl_relationship_parse(const char *text)
{
    if (text == NULL)
        return PL_EINVAL;
    for (int r = 0; r < PL_REL__MAX; r++)
        if (loose_eq(text, relationships[r].slug) || loose_eq(text, relationships[r].label))
            return r;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (loose_eq(text, aliases[i].text))
            return (int)aliases[i].rel;
    return PL_EINVAL;
}
