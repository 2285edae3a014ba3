/*
 * gen_places.c - places for the demo data generator: the centroids of the
 * 160 districts (kecamatan) of East (64) and North (65) Kalimantan, and
 * birth places by regency and by migrant group.
 *
 * The centroids were extracted once from
 * data/boundaries/districts-64-65.geojson (properties code,
 * lat, lng), which comes from https://github.com/cahyadsn/wilayah_boundaries
 * (commit 3c5a7960f4d227a38489094d84252bdbb3f978a5), MIT licence,
 * copyright (c) 2024-2025 Cahya DSN; see that directory's SOURCE.md for the
 * full notice. Values rounded to 6 decimals. Sorted by code.
 */
#include "gen/gen_tables.h"

#include <stdlib.h>
#include <string.h>

typedef struct gen_centroid {
    char code[9]; /* "64.01.01" */
    double lat, lng;
} gen_centroid;

static const gen_centroid centroids[] = {
    {"64.01.01", -1.750467, 115.912637}, /* Batu Sopang */
    {"64.01.02", -2.242678, 116.481161}, /* Tanjung Harapan */
    {"64.01.03", -1.972612, 116.236593}, /* Paser Belengkong */
    {"64.01.04", -1.882033, 116.284803}, /* Tanah Grogot */
    {"64.01.05", -1.782975, 116.162299}, /* Kuaro */
    {"64.01.06", -1.579522, 116.192388}, /* Long Ikis */
    {"64.01.07", -1.506489, 115.800360}, /* Muara Komam */
    {"64.01.08", -1.289600, 116.177754}, /* Long Kali */
    {"64.01.09", -2.196280, 116.172452}, /* Batu Engau */
    {"64.01.10", -2.095608, 115.871959}, /* Muara Samu */
    {"64.02.01", -0.525638, 116.415696}, /* Muara Muntai */
    {"64.02.02", -0.656077, 116.769943}, /* Loa Kulu */
    {"64.02.03", -0.740480, 117.015201}, /* Loa Janan */
    {"64.02.04", -0.621444, 117.433382}, /* Anggana */
    {"64.02.05", -0.340966, 117.374540}, /* Muara Badak */
    {"64.02.06", -0.419389, 116.932328}, /* Tenggarong */
    {"64.02.07", -0.266865, 116.942790}, /* Sebulu */
    {"64.02.08", -0.253333, 116.589402}, /* Kota Bangun */
    {"64.02.09", 0.001563, 116.278426},  /* Kenohan */
    {"64.02.10", 0.264221, 116.172137},  /* Kembang Janggut */
    {"64.02.11", 0.077104, 116.863983},  /* Muara Kaman */
    {"64.02.12", 0.896275, 115.808049},  /* Tabang */
    {"64.02.13", -0.958606, 117.116629}, /* Samboja */
    {"64.02.14", -0.809264, 117.215003}, /* Muara Jawa */
    {"64.02.15", -0.674723, 117.239940}, /* Sanga Sanga */
    {"64.02.16", -0.265597, 117.137623}, /* Tenggarong Seberang */
    {"64.02.17", -0.051355, 117.304045}, /* Marang Kayu */
    {"64.02.18", -0.210454, 116.280640}, /* Muara Wis */
    {"64.02.19", -0.437091, 116.658615}, /* Kota Bangun Darat */
    {"64.02.20", -1.013274, 116.975783}, /* Samboja Barat */
    {"64.03.01", 1.807647, 116.823271},  /* Kelay */
    {"64.03.02", 1.488967, 118.174584},  /* Talisayan */
    {"64.03.03", 1.959535, 117.532917},  /* Sambaliung */
    {"64.03.04", 2.230634, 116.926586},  /* Segah */
    {"64.03.05", 2.141819, 117.480091},  /* Tanjung Redeb */
    {"64.03.06", 2.320252, 117.524840},  /* Gunung Tabur */
    {"64.03.07", 2.230136, 117.912227},  /* Pulau Derawan */
    {"64.03.08", 1.177812, 118.682570},  /* Biduk-Biduk */
    {"64.03.09", 2.041706, 117.294946},  /* Teluk Bayur */
    {"64.03.10", 1.693280, 117.743036},  /* Tabalar */
    {"64.03.11", 2.206640, 118.575573},  /* Maratua */
    {"64.03.12", 1.312585, 118.234948},  /* Batu Putih */
    {"64.03.13", 1.529826, 117.984354},  /* Biatan */
    {"64.07.05", 0.035710, 115.564824},  /* Long Iram */
    {"64.07.06", -0.299440, 115.821275}, /* Melak */
    {"64.07.07", -0.215018, 115.683826}, /* Barong Tongkok */
    {"64.07.08", -0.633567, 115.518513}, /* Damai */
    {"64.07.09", -0.522171, 115.751989}, /* Muara Lawa */
    {"64.07.10", -0.326030, 116.037033}, /* Muara Pahu */
    {"64.07.11", -0.555654, 116.114441}, /* Jempang */
    {"64.07.12", -0.839683, 116.251260}, /* Bongan */
    {"64.07.13", -0.360380, 116.233093}, /* Penyinggahan */
    {"64.07.14", -0.862134, 115.731147}, /* Bentian Besar */
    {"64.07.15", -0.079083, 115.481150}, /* Linggang Bigung */
    {"64.07.16", -0.288849, 115.415316}, /* Nyuatan */
    {"64.07.17", -0.792619, 115.926507}, /* Siluq Ngurai */
    {"64.07.18", -0.054925, 115.879270}, /* Mook Manaar Bulatn */
    {"64.07.19", 0.051145, 115.682815},  /* Tering */
    {"64.07.20", -0.276713, 115.755057}, /* Sekolaq Darat */
    {"64.08.01", 0.453738, 116.515966},  /* Muara Ancalong */
    {"64.08.02", 1.417771, 116.582567},  /* Muara Wahau */
    {"64.08.03", 0.401274, 116.799372},  /* Muara Bengkal */
    {"64.08.04", 0.560746, 117.524524},  /* Sangatta Utara */
    {"64.08.05", 1.064738, 118.048942},  /* Sangkulirang */
    {"64.08.06", 0.979281, 116.297120},  /* Busang */
    {"64.08.07", 0.961547, 116.787639},  /* Telen */
    {"64.08.08", 1.274762, 117.030771},  /* Kombeng */
    {"64.08.09", 0.895927, 117.432502},  /* Bengalon */
    {"64.08.10", 0.866723, 117.869592},  /* Kaliorang */
    {"64.08.11", 1.000870, 118.528268},  /* Sandaran */
    {"64.08.12", 0.434156, 117.325444},  /* Sangatta Selatan */
    {"64.08.13", 0.193420, 117.334922},  /* Teluk Pandan */
    {"64.08.14", 0.638403, 117.194439},  /* Rantau Pulung */
    {"64.08.15", 1.043372, 117.790044},  /* Kaubun */
    {"64.08.16", 1.317445, 117.581486},  /* Karangan */
    {"64.08.17", 0.670542, 116.895884},  /* Batu Ampar */
    {"64.08.18", 0.615696, 116.705699},  /* Long Mesangat */
    {"64.09.01", -1.203808, 116.605938}, /* Penajam */
    {"64.09.02", -1.302861, 116.477190}, /* Waru */
    {"64.09.03", -1.471999, 116.444076}, /* Babulu */
    {"64.09.04", -0.949601, 116.682581}, /* Sepaku */
    {"64.11.01", 0.721446, 115.255367},  /* Long Bagun */
    {"64.11.02", 0.239838, 115.508559},  /* Long Hubung */
    {"64.11.03", 0.101160, 115.061059},  /* Laham */
    {"64.11.04", 1.031537, 114.214939},  /* Long Apari */
    {"64.11.05", 0.987259, 114.674213},  /* Long Pahangai */
    {"64.71.01", -1.174909, 116.960797}, /* Balikpapan Timur */
    {"64.71.02", -1.114138, 116.811767}, /* Balikpapan Barat */
    {"64.71.03", -1.159160, 116.880424}, /* Balikpapan Utara */
    {"64.71.04", -1.251937, 116.838313}, /* Balikpapan Tengah */
    {"64.71.05", -1.245935, 116.892795}, /* Balikpapan Selatan */
    {"64.71.06", -1.268394, 116.831873}, /* Balikpapan Kota */
    {"64.72.01", -0.617633, 117.185066}, /* Palaran */
    {"64.72.02", -0.522369, 117.133914}, /* Samarinda Seberang */
    {"64.72.03", -0.455079, 117.115706}, /* Samarinda Ulu */
    {"64.72.04", -0.505282, 117.162403}, /* Samarinda Ilir */
    {"64.72.05", -0.396406, 117.205143}, /* Samarinda Utara */
    {"64.72.06", -0.510035, 117.084171}, /* Sungai Kunjang */
    {"64.72.07", -0.522674, 117.219138}, /* Sambutan */
    {"64.72.08", -0.471624, 117.186166}, /* Sungai Pinang */
    {"64.72.09", -0.499714, 117.150685}, /* Samarinda Kota */
    {"64.72.10", -0.559507, 117.111410}, /* Loa Janan Ilir */
    {"64.74.01", 0.157838, 117.491215},  /* Bontang Utara */
    {"64.74.02", 0.066279, 117.448956},  /* Bontang Selatan */
    {"64.74.03", 0.140954, 117.453554},  /* Bontang Barat */
    {"65.01.01", 2.720771, 117.309732},  /* Tanjung Palas */
    {"65.01.02", 2.710619, 117.175971},  /* Tanjung Palas Barat */
    {"65.01.03", 3.017164, 117.174260},  /* Tanjung Palas Utara */
    {"65.01.04", 2.577827, 117.699020},  /* Tanjung Palas Timur */
    {"65.01.05", 2.721205, 117.439232},  /* Tanjung Selor */
    {"65.01.06", 2.989860, 117.478923},  /* Tanjung Palas Tengah */
    {"65.01.07", 2.565441, 116.507620},  /* Peso */
    {"65.01.08", 2.795114, 116.965982},  /* Peso Hilir */
    {"65.01.09", 3.238950, 117.058367},  /* Sekatak */
    {"65.01.10", 3.528025, 117.662154},  /* Bunyu */
    {"65.02.01", 3.562200, 116.336735},  /* Mentarang */
    {"65.02.02", 3.572327, 116.654574},  /* Malinau Kota */
    {"65.02.03", 2.617720, 115.634694},  /* Pujungan */
    {"65.02.04", 1.951857, 115.566768},  /* Kayan Hilir */
    {"65.02.05", 1.600625, 114.816711},  /* Kayan Hulu */
    {"65.02.06", 3.095089, 116.537295},  /* Malinau Selatan */
    {"65.02.07", 3.724026, 116.511097},  /* Malinau Utara */
    {"65.02.08", 3.368106, 116.638092},  /* Malinau Barat */
    {"65.02.09", 1.433138, 115.334089},  /* Sungai Boh */
    {"65.02.10", 1.645675, 115.072079},  /* Kayan Selatan */
    {"65.02.11", 3.136494, 115.761081},  /* Bahau Hulu */
    {"65.02.12", 3.817165, 116.157843},  /* Mentarang Hulu */
    {"65.02.13", 3.320247, 116.500364},  /* Malinau Selatan Hilir */
    {"65.02.14", 2.892709, 116.236687},  /* Malinau Selatan Hulu */
    {"65.02.15", 3.279321, 116.112487},  /* Sungai Tubu */
    {"65.03.01", 4.065786, 117.881991},  /* Sebatik */
    {"65.03.02", 3.972504, 117.523108},  /* Nunukan */
    {"65.03.03", 3.807998, 117.270898},  /* Sembakung */
    {"65.03.04", 4.079490, 116.348836},  /* Lumbis */
    {"65.03.05", 3.886864, 115.700957},  /* Krayan */
    {"65.03.06", 3.978395, 117.074092},  /* Sebuku */
    {"65.03.07", 3.586378, 115.703894},  /* Krayan Selatan */
    {"65.03.08", 4.114672, 117.780285},  /* Sebatik Barat */
    {"65.03.09", 4.048648, 117.696251},  /* Nunukan Selatan */
    {"65.03.10", 4.116867, 117.887751},  /* Sebatik Timur */
    {"65.03.11", 4.149461, 117.880485},  /* Sebatik Utara */
    {"65.03.12", 4.145835, 117.818458},  /* Sebatik Tengah */
    {"65.03.13", 4.215041, 117.291512},  /* Sei Menggaris */
    {"65.03.14", 4.194597, 116.917624},  /* Tulin Onsoi */
    {"65.03.15", 4.069124, 116.560064},  /* Lumbis Ogong */
    {"65.03.16", 3.807217, 116.815122},  /* Sembakung Atulai */
    {"65.03.17", 3.688709, 115.866411},  /* Krayan Tengah */
    {"65.03.18", 4.057460, 115.828005},  /* Krayan Timur */
    {"65.03.19", 3.782594, 115.661806},  /* Krayan Barat */
    {"65.03.20", 4.246153, 116.344895},  /* Lumbis Pansiangan */
    {"65.03.21", 4.311515, 116.110215},  /* Lumbis Hulu */
    {"65.04.01", 3.621209, 116.902915},  /* Sesayap */
    {"65.04.02", 3.571648, 117.237296},  /* Sesayap Hilir */
    {"65.04.03", 3.701571, 117.631279},  /* Tana Lia */
    {"65.04.04", 3.445933, 117.008217},  /* Betayau */
    {"65.04.05", 3.529508, 116.764609},  /* Muruk Rian */
    {"65.71.01", 3.333991, 117.565445},  /* Tarakan Barat */
    {"65.71.02", 3.354785, 117.615958},  /* Tarakan Tengah */
    {"65.71.03", 3.299467, 117.635875},  /* Tarakan Timur */
    {"65.71.04", 3.402167, 117.579896},  /* Tarakan Utara */
};

_Static_assert(GEN_COUNT(centroids) == 160, "160 districts in 64 and 65");

static int centroid_cmp(const void *key, const void *elem)
{
    return strncmp((const char *)key, ((const gen_centroid *)elem)->code, 8);
}

bool gen_place_centroid(const char *district, double *lat, double *lng)
{
    if (strlen(district) < 8)
        return false;
    const gen_centroid *c =
        bsearch(district, centroids, GEN_COUNT(centroids), sizeof centroids[0], centroid_cmp);
    if (c == NULL)
        return false;
    *lat = c->lat;
    *lng = c->lng;
    return true;
}

size_t gen_place_centroid_count(void)
{
    return GEN_COUNT(centroids);
}

/* Towns of each regency; the first is the main town and drawn most often. */
typedef struct gen_towns {
    const char *regency;
    const char *towns[6];
} gen_towns;

static const gen_towns regency_towns[] = {
    {"64.01", {"Tanah Grogot", "Long Ikis", "Kuaro", "Long Kali", "Batu Kajang", NULL}},
    {"64.02", {"Tenggarong", "Loa Janan", "Muara Badak", "Kota Bangun", "Anggana", "Muara Kaman"}},
    {"64.03", {"Tanjung Redeb", "Talisayan", "Gunung Tabur", "Sambaliung", "Biduk-Biduk", NULL}},
    {"64.07", {"Sendawar", "Barong Tongkok", "Melak", "Damai", "Muara Lawa", NULL}},
    {"64.08", {"Sangatta", "Muara Wahau", "Bengalon", "Sangkulirang", "Kaliorang", NULL}},
    {"64.09", {"Penajam", "Waru", "Sepaku", "Babulu", NULL, NULL}},
    {"64.11", {"Ujoh Bilang", "Long Bagun", "Long Apari", "Long Pahangai", "Laham", NULL}},
    {"64.71", {"Balikpapan", NULL, NULL, NULL, NULL, NULL}},
    {"64.72", {"Samarinda", NULL, NULL, NULL, NULL, NULL}},
    {"64.74", {"Bontang", NULL, NULL, NULL, NULL, NULL}},
    {"65.01", {"Tanjung Selor", "Tanjung Palas", "Sekatak", "Peso", NULL, NULL}},
    {"65.02", {"Malinau", "Long Ampung", "Mentarang", "Long Bila", NULL, NULL}},
    {"65.03", {"Nunukan", "Sebatik", "Long Bawan", "Sebuku", "Lumbis", NULL}},
    {"65.04", {"Tideng Pale", "Sesayap", "Sembakung", NULL, NULL, NULL}},
    {"65.71", {"Tarakan", NULL, NULL, NULL, NULL, NULL}},
};

static const char *const kaltim_cities[] = {
    "Samarinda", "Samarinda",     "Balikpapan",   "Balikpapan", "Tenggarong", "Bontang",
    "Sangatta",  "Tanjung Redeb", "Tanah Grogot", "Penajam",    "Sendawar",   "Ujoh Bilang",
};
static const char *const kaltara_cities[] = {
    "Tarakan", "Tarakan",     "Tanjung Selor", "Nunukan",
    "Malinau", "Tideng Pale", "Samarinda",     "Tawau",
};
static const char *const java[] = {
    "Surabaya",  "Malang",     "Kediri",   "Blitar",     "Yogyakarta", "Semarang",
    "Surakarta", "Banyuwangi", "Jember",   "Lamongan",   "Ponorogo",   "Tulungagung",
    "Madiun",    "Klaten",     "Wonogiri", "Gresik",     "Ngawi",      "Jakarta",
    "Bandung",   "Pati",       "Tuban",    "Bojonegoro",
};
static const char *const sulsel[] = {
    "Makassar", "Pare-Pare", "Watampone", "Sengkang", "Sinjai",    "Pinrang",
    "Palopo",   "Soppeng",   "Barru",     "Sidrap",   "Bulukumba", "Polewali",
};
static const char *const kalsel[] = {
    "Banjarmasin", "Martapura",  "Amuntai", "Barabai",  "Kandangan",
    "Rantau",      "Banjarbaru", "Tanjung", "Kotabaru",
};
static const char *const toraja_etc[] = {
    "Makale", "Rantepao", "Makassar", "Pematangsiantar", "Medan",
    "Kupang", "Ende",     "Manado",   "Larantuka",       "Ambon",
};
static const char *const tionghoa_home[] = {
    "Samarinda", "Balikpapan",  "Tarakan",   "Surabaya",
    "Jakarta",   "Banjarmasin", "Pontianak", "Makassar",
};

static const char *pick_list(gen_rng *r, const char *const *list, size_t n)
{
    return list[gen_rng_below(r, (uint32_t)n)];
}

#define PICK(r, a) pick_list((r), (a), GEN_COUNT(a))

static const char *local_town(gen_rng *r, const char *regency)
{
    for (size_t i = 0; i < GEN_COUNT(regency_towns); i++) {
        if (strncmp(regency, regency_towns[i].regency, 5) != 0)
            continue;
        const char *const *t = regency_towns[i].towns;
        size_t n = 0;
        while (n < 6 && t[n] != NULL)
            n++;
        /* Main town about half the time, the others share the rest. */
        if (n == 1 || gen_rng_chance(r, 0.5))
            return t[0];
        return t[1 + gen_rng_below(r, (uint32_t)(n - 1))];
    }
    return NULL;
}

const char *gen_place_birth(gen_rng *r, const char *regency, gen_ethnic e, double local)
{
    bool kaltara = strncmp(regency, "65", 2) == 0;
    if (gen_rng_chance(r, local)) {
        const char *t = gen_rng_chance(r, 0.85) ? local_town(r, regency) : NULL;
        if (t != NULL)
            return t;
        return kaltara ? PICK(r, kaltara_cities) : PICK(r, kaltim_cities);
    }
    switch (e) {
    case GEN_ETH_JAWA:
        return PICK(r, java);
    case GEN_ETH_BUGIS:
        return PICK(r, sulsel);
    case GEN_ETH_BANJAR:
        return PICK(r, kalsel);
    case GEN_ETH_KRISTEN:
        return PICK(r, toraja_etc);
    case GEN_ETH_TIONGHOA:
        return PICK(r, tionghoa_home);
    default:
        return kaltara ? PICK(r, kaltara_cities) : PICK(r, kaltim_cities);
    }
}
