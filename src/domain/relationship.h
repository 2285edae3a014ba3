/*
 * relationship.h - relationship of a person to the head of the household
 * (hubungan keluarga, as on the family card). Pure, table as data.
 */
#ifndef PL_DOMAIN_RELATIONSHIP_H
#define PL_DOMAIN_RELATIONSHIP_H

typedef enum pl_relationship {
    PL_REL_KEPALA,      /* kepala keluarga */
    PL_REL_PASANGAN,    /* istri / suami */
    PL_REL_ANAK,        /* anak */
    PL_REL_MENANTU,     /* menantu */
    PL_REL_CUCU,        /* cucu */
    PL_REL_ORANG_TUA,   /* orang tua */
    PL_REL_MERTUA,      /* mertua */
    PL_REL_FAMILI_LAIN, /* famili lain */
    PL_REL_LAINNYA,     /* lainnya */
    PL_REL__MAX
} pl_relationship;

/* Stable slug ("kepala_keluarga", "istri_suami", ...) and label ("Kepala Keluarga"). */
const char *pl_relationship_slug(pl_relationship r);
const char *pl_relationship_label(pl_relationship r);

/*
 * Parses a relationship as spreadsheets write it: slug, label, "ISTRI",
 * "SUAMI", "KK", "Kepala Keluarga", "anak kandung", the family-card number
 * ("1".."9"), case-insensitive. Returns the value or PL_EINVAL.
 */
int pl_relationship_parse(const char *text);

#endif
