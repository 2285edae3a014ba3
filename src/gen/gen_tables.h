/*
 * gen_tables.h - internal to src/gen: the generator's random number source
 * and the name and place tables that gen.c draws from. Not a public header;
 * include only from src/gen/ (and its unit test).
 */
#ifndef PL_GEN_TABLES_H
#define PL_GEN_TABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* xoshiro256** seeded through splitmix64: small, fast, reproducible. */
typedef struct gen_rng {
    uint64_t s[4];
} gen_rng;

static inline uint64_t gen_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline void gen_rng_seed(gen_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = gen_splitmix64(&seed);
}

static inline uint64_t gen_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t gen_rng_next(gen_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = gen_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = gen_rotl(s[3], 45);
    return result;
}

/* Uniform in [0, 1). */
static inline double gen_rng_unit(gen_rng *r)
{
    return (double)(gen_rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in [0, n) for n >= 1 (multiply-shift; bias negligible for small n). */
static inline uint32_t gen_rng_below(gen_rng *r, uint32_t n)
{
    return (uint32_t)(((gen_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform integer in [lo, hi]. */
static inline int gen_rng_range(gen_rng *r, int lo, int hi)
{
    return lo + (int)gen_rng_below(r, (uint32_t)(hi - lo + 1));
}

static inline bool gen_rng_chance(gen_rng *r, double p)
{
    return gen_rng_unit(r) < p;
}

#define GEN_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Ethnic groups of East and North Kalimantan, as far as names go. */
typedef enum gen_ethnic {
    GEN_ETH_BANJAR,
    GEN_ETH_BUGIS,
    GEN_ETH_JAWA,
    GEN_ETH_DAYAK, /* Kenyah, Bahau, Tunjung, Benuaq, ...: mostly Christian names */
    GEN_ETH_KUTAI,
    GEN_ETH_TIDUNG,
    GEN_ETH_TIONGHOA, /* Chinese-Indonesian */
    GEN_ETH_KRISTEN,  /* Toraja, Batak and other Christian migrants */
    GEN_ETH__MAX
} gen_ethnic;

/* gen_names.c ------------------------------------------------------------ */

/* Picks a group for a household in regency "64.72" (any dotted code works). */
gen_ethnic gen_ethnic_pick(gen_rng *r, const char *regency);

/* True for groups whose adults may carry H./Hj. */
bool gen_ethnic_muslim(gen_ethnic e);

/*
 * A family name the group passes from father to children ("Wijaya",
 * "Simanjuntak", "Lawing"), or NULL when the group does not use one or the
 * draw says this family does not. Static string.
 */
const char *gen_name_family(gen_rng *r, gen_ethnic e);

/* Bits for gen_name_person. */
enum {
    GEN_NAME_NOBLE = 1u, /* Andi (Bugis), Aji/Awang/Dayang (Kutai), Gusti (Banjar) */
};

/*
 * Writes a person's name (Title Case, no title) into out (cap bytes) for
 * group e, sex 'L'/'P', born in birth_year; family is appended when not
 * NULL. Returns the length.
 */
size_t gen_name_person(char *out, size_t cap, gen_rng *r, gen_ethnic e, char sex, int birth_year,
                       const char *family, unsigned flags);

/*
 * Finds in name a word or words with a well-known nickname ("Hermawan" ->
 * "Wawan"). Returns the nickname and sets *at and *len to the span replaced,
 * or NULL when the name has none.
 */
const char *gen_name_nickname(const char *name, size_t *at, size_t *len);

/* Academic titles written after a name (", S.Pd."). */
const char *gen_name_degree(gen_rng *r);

/* Street, alley and housing-estate names for addresses. */
const char *gen_street_pick(gen_rng *r);
const char *gen_gang_pick(gen_rng *r);

/* gen_places.c ----------------------------------------------------------- */

/*
 * Centroid of district "64.72.01" (from data/boundaries). Returns
 * true and fills lat/lng, or false for a district not in the table.
 */
bool gen_place_centroid(const char *district, double *lat, double *lng);

/* Number of embedded centroids (160). */
size_t gen_place_centroid_count(void);

/*
 * A birth place for someone living in regency "64.72": mostly its own towns,
 * sometimes the province's big cities, and for migrant groups their home
 * regions (Java, South Sulawesi, South Kalimantan). local is the share born
 * locally (0..1). Static string.
 */
const char *gen_place_birth(gen_rng *r, const char *regency, gen_ethnic e, double local);

#endif
