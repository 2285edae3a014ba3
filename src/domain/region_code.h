/*
 * region_code.h - Kemendagri region codes: normalising dotted and plain
 * forms, levels, parents, and the table of former codes (regions that were
 * split off, e.g. North Kalimantan from East Kalimantan in 2012), and the
 * official province and regency codes and names compiled in (region_table.c,
 * generated from idn-area-data by scripts/gen-region-table). Pure: the full
 * tree down to villages lives in the data base.
 */
#ifndef PL_DOMAIN_REGION_CODE_H
#define PL_DOMAIN_REGION_CODE_H

#include <stddef.h>

enum pl_region_level {
    PL_LEVEL_PROVINCE = 1, /* "64" */
    PL_LEVEL_REGENCY = 2,  /* "64.74" */
    PL_LEVEL_DISTRICT = 3, /* "64.74.01" */
    PL_LEVEL_VILLAGE = 4,  /* "64.74.01.1001" */
};

#define PL_REGION_CODE_MAX 14 /* "64.74.01.1001" + NUL */

/*
 * Normalises a region code given dotted ("64.74.01.1001") or plain
 * ("6474011001") into dotted form in out (PL_REGION_CODE_MAX bytes).
 * Returns the level (1..4) or PL_EINVAL when the text is not a code.
 */
int pl_region_code_normalize(char *out, const char *in);

/* Level of an already dotted code (1..4), or PL_EINVAL. */
int pl_region_code_level(const char *dotted);

/* Writes the parent of a dotted code into out; returns 0 or PL_EINVAL for a province. */
int pl_region_code_parent(char *out, const char *dotted);

/*
 * True when code lies inside scope: scope "" covers everything, scope "64.74"
 * covers "64.74" and every "64.74.*" (prefix at a dot boundary).
 */
int pl_region_code_in_scope(const char *code, const char *scope);

/* A region code that is no longer current and where it went. */
typedef struct pl_region_former {
    const char *code;    /* former dotted code, e.g. "64.04" */
    const char *current; /* today's code, e.g. "65.01" */
    const char *name;    /* e.g. "Kabupaten Bulungan" */
    const char *until;   /* last date the code was current, "YYYY-MM-DD" */
    const char *reason;  /* short English note */
} pl_region_former;

/* Number of entries in the former-code table and the entry at i (borrowed). */
size_t pl_region_former_count(void);
const pl_region_former *pl_region_former_at(size_t i);

/*
 * Looks up a former code at regency level (a district or village code is
 * matched by its regency prefix). Returns the entry or NULL (borrowed).
 */
const pl_region_former *pl_region_former_find(const char *dotted);

/*
 * Maps a former code at any level to today's code by replacing its regency
 * prefix (district numbers carried over). Returns 0, or PL_ENOTFOUND when the
 * code is not former.
 */
int pl_region_former_map(char *out, const char *dotted);

/* Release the compiled table was made from, e.g. "idn-area-data 4.0.1". */
extern const char pl_region_official_source[];

/*
 * Name of an official province ("64") or regency ("64.74") from the compiled
 * table ("Kalimantan Timur", "Kota Bontang"), or NULL for any other code
 * (unknown, former, another level). Borrowed static string.
 */
const char *pl_region_official_name(const char *dotted);

/* Number of provinces (level PL_LEVEL_PROVINCE) or regencies (any other level) in the table. */
size_t pl_region_official_count(int level);

#endif
