/*
 * gen_names.c - name tables for the demo data generator: given names by sex
 * and group, family names, nicknames, titles and street names, plus the
 * rules that combine them. Everything here is invented-but-plausible data:
 * common Indonesian names as found across East and North Kalimantan
 * (Banjar, Bugis, Javanese, Dayak, Kutai, Tidung, Chinese-Indonesian,
 * Toraja/Batak), not records of real people.
 */
#include "gen/gen_tables.h"

#include <stdio.h>
#include <string.h>

typedef struct gen_pool {
    const char *const *w;
    size_t n;
} gen_pool;

#define POOL(a)                                                                                    \
    {                                                                                              \
        a, GEN_COUNT(a)                                                                            \
    }

static const char *pick(gen_rng *r, gen_pool p)
{
    return p.w[gen_rng_below(r, (uint32_t)p.n)];
}

/* Muslim given names common to Banjar, Bugis, Kutai, Tidung (and many Javanese). */
static const char *const muslim_m[] = {
    "Ahmad",       "Abdul Rahman", "Abdul Malik", "Abdul Hamid", "Abdul Karim", "Abdullah",
    "Abdurrahman", "Ali",          "Amir",        "Anwar",       "Arifin",      "Asri",
    "Bahrudin",    "Basri",        "Burhan",      "Darmawan",    "Fadli",       "Fahmi",
    "Faisal",      "Fauzan",       "Hamdani",     "Hasan",       "Hasanuddin",  "Husin",
    "Ibrahim",     "Idris",        "Ilyas",       "Ismail",      "Ja'far",      "Jamaluddin",
    "Jumadi",      "Kamaruddin",   "Lukman",      "Ma'ruf",      "Ma'mun",      "Mahmud",
    "Mansyur",     "Mukhlis",      "Mustafa",     "Nasrullah",   "Nurdin",      "Rahmat",
    "Ramli",       "Ridwan",       "Rusli",       "Saifullah",   "Salman",      "Sofyan",
    "Sulaiman",    "Syafi'i",      "Syahrudin",   "Syamsudin",   "Taufik",      "Umar",
    "Usman",       "Yusuf",        "Zainal",      "Zulkifli",    "Hamzah",      "Harun",
    "Hidayat",     "Iskandar",     "Jailani",     "Khairul",     "Mahyudin",    "Muhtar",
    "Rasyid",      "Said",         "Samsul",      "Subhan",      "Syarif",      "Wahab",
    "Yunus",       "Zakaria",
};
static const char *const muslim_f[] = {
    "Aminah",      "Aisyah",      "Fatimah",      "Hadijah",      "Halimah",     "Hamidah",
    "Jamilah",     "Khadijah",    "Maimunah",     "Mariam",       "Nur Aini",    "Nurhayati",
    "Nurjannah",   "Nurlaila",    "Rabiah",       "Rahmah",       "Rohani",      "Rukayah",
    "Sa'diah",     "Mu'minah",    "Nur'aini",     "Salamah",      "Saodah",      "Sarinah",
    "Siti Aminah", "Siti Aisyah", "Siti Fatimah", "Siti Nurbaya", "Siti Rahmah", "Siti Zubaidah",
    "Zainab",      "Zubaidah",    "Asmah",        "Hasanah",      "Juhairiah",   "Kamariah",
    "Masnah",      "Mardiana",    "Nuraini",      "Rosmiati",     "Rusmiati",    "Sakinah",
    "Sumiati",     "Syarifah",    "Zaleha",       "Fitriani",     "Rahmawati",   "Nurul Huda",
    "Hairunnisa",  "Hasnawati",
};
static const char *const muslim_second_m[] = {
    "Hidayat",   "Fauzi",      "Rahman",    "Saputra",    "Ramadhan",  "Hakim",
    "Syahputra", "Firmansyah", "Kurniawan", "Setiawan",   "Hasan",     "Maulana",
    "Akbar",     "Rizal",      "Ridwan",    "Iskandar",   "Hermawan",  "Gunawan",
    "Effendi",   "Nasution",   "Hamid",     "Fadillah",   "Mubarak",   "Anshari",
    "Mahmud",    "Arsyad",     "Yusuf",     "Zulkarnain", "Hendrawan", "Ardiansyah",
};
static const char *const muslim_second_f[] = {
    "Aisyah",    "Fitriani",    "Rahmawati", "Handayani", "Lestari", "Hayati",
    "Wahyuni",   "Safitri",     "Kartika",   "Amelia",    "Puspita", "Anggraini",
    "Sari",      "Yuliana",     "Maharani",  "Ningsih",   "Susanti", "Hasanah",
    "Nurhaliza", "Khairunnisa", "Rahmadani", "Zahra",
};
static const char *const banjar_m[] = {
    "Rusdiansyah",   "Fahriansyah",  "Hairiansyah", "Rusliansyah",  "Jumransyah", "Syahrani",
    "Bahrani",       "Masrani",      "Anang",       "Jumberi",      "Murjani",    "Saberan",
    "Mahlan",        "Ijai",         "Rahmadi",     "Syahriansyah", "Norhadi",    "Gazali",
    "Arbain",        "Hairul",       "Mukeri",      "Samberi",      "Akhmad",     "Fahrurrazi",
    "Noor Ifansyah", "Noor Hidayat",
};
static const char *const banjar_f[] = {
    "Norhayati",         "Noorhasanah", "Masliana",  "Rusmini",  "Jumiati", "Salasiah", "Mariana",
    "Rabiatul Adawiyah", "Norjanah",    "Noorlaila", "Mahrita",  "Masitah", "Rusmilah", "Hamsiah",
    "Jubaidah",          "Aluh",        "Galuh",     "Nor Aida", "Rahimah", "Syamsiah",
};
static const char *const bugis_m[] = {
    "Baso",      "Muhammad Arsyad", "Syamsuddin",      "Sudirman",   "Haeruddin",
    "Zainuddin", "Rustam",          "Amiruddin",       "Syahrir",    "Darwis",
    "Ambo Tang", "Ambo Dalle",      "Muhammad Natsir", "Mappiare",   "Sappe",
    "Tahir",     "Jufri",           "Nasir",           "Muhlis",     "Abd. Rasyid",
    "Hamka",     "Syamsul Alam",    "Mursalim",        "Kamaruddin", "Saharuddin",
    "Arfah",     "Jamaluddin",      "Muhammad Yunus",  "Laode",      "Aswar",
    "Irwan",     "Asdar",
};
static const char *const bugis_f[] = {
    "Hasnah",    "Hasniati",  "Nurhaedah", "Sitti Aminah", "Sitti Rahmah", "Nurmiati",  "Hartati",
    "Kasmawati", "Haslinda",  "Sumarni",   "Megawati",     "Irmawati",     "Syamsinar", "Hadijah",
    "Nurbaya",   "Rosdiana",  "Nurmala",   "Hasmiah",      "Jumriani",     "Nursiah",   "Mardiah",
    "Suriani",   "Hasmawati", "Nuraeni",   "Jusmiati",
};
static const char *const kutai_m[] = {
    "Syahrani",   "Jafar",    "Maswadi", "Rusdi",  "Saparuddin", "Hasbullah", "Hamdani",
    "Ardiansyah", "Idrus",    "Kaspul",  "Masri",  "Sahrun",     "Jumri",     "Ruslan",
    "Asmuni",     "Bachtiar", "Syahrir", "Yusran", "Faroek",     "Rusman",
};
static const char *const kutai_f[] = {
    "Jamilah", "Rusmiati", "Hamsiah", "Nurlaila", "Masnah",  "Kamariah", "Rusminah",
    "Saniah",  "Maspiah",  "Jahrah",  "Rukiah",   "Hairani", "Normah",   "Saodah",
};
static const char *const tidung_m[] = {
    "Ibrahim", "Udin",  "Jainal",  "Bakri",    "Basir", "Yusuf",  "Ali Akbar",
    "Amin",    "Sabri", "Hamsyah", "Zulkifli", "Rajab", "Jumain", "Kadir",
};
static const char *const tidung_f[] = {
    "Aminah",  "Laila",   "Sarinah",     "Rugayah", "Jainab",
    "Halimah", "Saripah", "Sitti Aisah", "Rahima",  "Salmah",
};
static const char *const tidung_family[] = {
    "Hianggio", "Lambrie", "Datu", "Jaya", "Usman", "Bakri", "Tahir", "Ali",
};
static const char *const jawa_m_single[] = {
    "Sugiyanto", "Suparman", "Slamet",  "Sutrisno", "Haryanto", "Heriyanto", "Supriyadi",
    "Sumarno",   "Joko",     "Bambang", "Suryadi",  "Purwanto", "Widodo",    "Sutarman",
    "Sukirno",   "Darmanto", "Wagiman", "Paijo",    "Tukiman",  "Suroso",    "Sukardi",
    "Mulyono",   "Subagyo",  "Riyanto", "Wahyudi",  "Hariyono", "Suwarno",   "Sumadi",
    "Sutopo",    "Ngadimin", "Sarjono", "Kasiman",  "Parno",    "Tumino",    "Sukiman",
    "Wartono",   "Mujiono",  "Suyanto", "Kusnadi",  "Sugeng",   "Triyono",   "Sunardi",
    "Karyono",   "Sumarto",  "Jumadi",  "Giyono",   "Ponimin",  "Supardi",   "Hermawan",
    "Kurniawan",
};
static const char *const jawa_m_first[] = {
    "Eko",  "Dwi",   "Tri",   "Budi",  "Agus",  "Joko", "Bambang", "Slamet", "Teguh",
    "Yudi", "Hadi",  "Heru",  "Rudi",  "Edi",   "Bayu", "Arif",    "Wahyu",  "Dedi",
    "Hari", "Sigit", "Andri", "Catur", "Setyo", "Yoga", "Anton",
};
static const char *const jawa_m_last[] = {
    "Santoso",  "Prasetyo", "Nugroho",   "Susanto",  "Wibowo",   "Setiawan", "Purnomo",
    "Riyadi",   "Hartono",  "Wijayanto", "Kuncoro",  "Saputro",  "Haryadi",  "Sulistyo",
    "Raharjo",  "Utomo",    "Pamungkas", "Cahyono",  "Widodo",   "Susilo",   "Hermawan",
    "Purwanto", "Setiadi",  "Triyanto",  "Suprapto", "Darmawan",
};
static const char *const jawa_f_single[] = {
    "Sumarni",  "Suryanti", "Sulistyowati", "Susilawati", "Endang",    "Lestari",   "Rahayu",
    "Suharti",  "Kartini",  "Sumiati",      "Tumini",     "Paini",     "Yuliani",   "Astuti",
    "Suwarni",  "Wartini",  "Tukinah",      "Sriyatun",   "Sukarti",   "Mulyani",   "Widayati",
    "Sugiarti", "Purwanti", "Handayani",    "Wulandari",  "Ambarwati", "Setyowati", "Painem",
    "Sainah",   "Ngatini",  "Suyatmi",      "Rubiyah",    "Juminten",  "Tarmini",   "Kasmini",
    "Sutinah",  "Wagiyem",  "Parmi",        "Marsiti",    "Sunarti",
};
static const char *const jawa_f_first[] = {
    "Sri", "Tri", "Dwi",   "Endang", "Siti", "Puji",   "Retno", "Dewi", "Rina",  "Yuli",
    "Ani", "Eka", "Wahyu", "Eni",    "Ika",  "Nining", "Titik", "Umi",  "Wiwik", "Yeni",
};
static const char *const jawa_f_last[] = {
    "Wahyuni",    "Lestari",    "Rahayu",   "Handayani", "Astuti",  "Mulyani",
    "Ningsih",    "Wulandari",  "Purwanti", "Susanti",   "Suryani", "Sulistyowati",
    "Kusumawati", "Widyastuti", "Utami",    "Setyowati", "Hartini", "Suryanti",
    "Rahmawati",  "Wijayanti",  "Sumarni",  "Yuliana",
};
static const char *const christian_m[] = {
    "Yohanes",  "Paulus",    "Petrus",    "Stefanus",  "Fransiskus", "Agustinus",  "Markus",
    "Lukas",    "Matius",    "Yosef",     "Antonius",  "Benediktus", "Kristianus", "Yakobus",
    "Simon",    "Andreas",   "Marten",    "Daniel",    "Yulius",     "Hendrikus",  "Ignasius",
    "Viktor",   "Aloysius",  "Dominikus", "Robertus",  "Thomas",     "Adrianus",   "Bonifasius",
    "Martinus", "Lorensius", "Gabriel",   "Bernardus", "Laurentius", "Samuel",     "Yohanis",
    "Yermias",  "Obed",      "Elias",     "Benyamin",  "Timotius",   "Rudolf",     "Yakob",
    "Frans",    "Ronal",     "Musa",
};
static const char *const christian_f[] = {
    "Maria",     "Theresia",  "Margaretha", "Yuliana",   "Agnes",      "Elisabeth", "Veronika",
    "Katarina",  "Monika",    "Natalia",    "Agustina",  "Kristina",   "Yohana",    "Magdalena",
    "Anastasia", "Fransiska", "Lusia",      "Rosalia",   "Skolastika", "Regina",    "Sisilia",
    "Bernadeta", "Paulina",   "Martina",    "Marselina", "Yosefina",   "Debora",    "Ester",
    "Ruth",      "Priska",    "Ribka",      "Sara",      "Marta",      "Lidia",     "Naomi",
    "Mariana",   "Herlina",   "Rosalina",   "Yulianti",  "Kornelia",
};
static const char *const dayak_m[] = {
    "Ding",  "Lawing",  "Jalung",  "Ngau",   "Lahang", "Usat",   "Bilung",  "Lenjau",
    "Lawai", "Ajang",   "Ibau",    "Balan",  "Uvang",  "Laing",  "Tingang", "Belawan",
    "Huvat", "Hang",    "Imang",   "Juk",    "Jiu",    "Dalung", "Lambang", "Singkat",
    "Tulur", "Sanyang", "Nyaring", "Rajang", "Itak",   "Nalau",
};
static const char *const dayak_f[] = {
    "Ubung",  "Bulan",  "Usun",  "Lirung", "Anyeq", "Idang",   "Ipah",
    "Bungan", "Lenjau", "Uyang", "Dilah",  "Ineh",  "Kerinyo", "Umeq",
};
static const char *const dayak_family[] = {
    "Lawing", "Jalung", "Ngau",    "Lahang",  "Usat",    "Bilung",  "Lenjau",  "Lawai", "Ajang",
    "Ibau",   "Balan",  "Uvang",   "Laing",   "Tingang", "Belawan", "Huvat",   "Hang",  "Anyeq",
    "Jiu",    "Dalung", "Lambang", "Singkat", "Tulur",   "Sanyang", "Nyaring",
};
static const char *const tionghoa_m[] = {
    "Hendra",  "Budi",    "Willy",   "Kevin",  "Felix",  "Stevanus", "Hendrik", "Ferry",    "Johan",
    "Rudy",    "Sonny",   "Tommy",   "Herman", "Robert", "Eddy",     "Irwan",   "Sugianto", "Benny",
    "Yohanes", "Michael", "Vincent", "Jimmy",  "Andy",   "Hengky",   "Albert",  "William",
};
static const char *const tionghoa_f[] = {
    "Lina",      "Vivian",   "Melinda",   "Yenny",   "Susi",   "Liana",   "Lily",
    "Fransiska", "Meiliana", "Linda",     "Jessica", "Cindy",  "Stefani", "Jenny",
    "Mei",       "Lanny",    "Erna",      "Fenny",   "Sherly", "Grace",   "Agnes",
    "Silvia",    "Vonny",    "Christine", "Elisa",
};
static const char *const tionghoa_family[] = {
    "Wijaya",    "Gunawan", "Tanjaya", "Halim",  "Salim",     "Susanto", "Setiawan",
    "Kurniawan", "Hartono", "Tanoto",  "Lim",    "Tjandra",   "Sutanto", "Wibowo",
    "Santoso",   "Kusuma",  "Sanjaya", "Gozali", "Lukito",    "Widjaja", "Handoko",
    "Chandra",   "Pranata", "Tan",     "Liem",   "Tanudjaja",
};
static const char *const kristen_family[] = {
    "Tandi",       "Pasang",       "Rante",      "Palinggi",  "Sampe",      "Toding",  "Lembang",
    "Bua",         "Tangdilintin", "Sarungallo", "Parinding", "Pakadang",   "Rerung",  "Pongsapan",
    "Simanjuntak", "Siregar",      "Nainggolan", "Sitorus",   "Hutapea",    "Pardede", "Simatupang",
    "Situmorang",  "Sinaga",       "Manurung",   "Panjaitan", "Hutagalung", "Silaban",
};
/* Names given since the mid-1990s, across groups. */
static const char *const modern_m[] = {
    "Rizky",  "Aditya",  "Rafi",   "Naufal", "Fadhil", "Daffa",    "Farhan", "Dimas",  "Bagas",
    "Arya",   "Raka",    "Alif",   "Haikal", "Ilham",  "Reza",     "Fikri",  "Zidan",  "Azka",
    "Arkan",  "Bintang", "Galih",  "Fajar",  "Rendi",  "Aldi",     "Ridho",  "Irfan",  "Gilang",
    "Satria", "Rangga",  "Hafiz",  "Faiz",   "Rasya",  "Abimanyu", "Kenzie", "Alvaro", "Dafa",
    "Rehan",  "Fathir",  "Gibran", "Raffi",  "Akmal",  "Nizam",    "Yusril", "Dzaky",  "Arsya",
};
static const char *const modern_f[] = {
    "Nabila", "Putri",  "Zahra",  "Keisha", "Alya",   "Salsabila", "Nadia",  "Anisa",
    "Aulia",  "Amelia", "Dinda",  "Intan",  "Citra",  "Ayu",       "Dewi",   "Nur Aini",
    "Rahma",  "Syifa",  "Naura",  "Khansa", "Zaskia", "Azzahra",   "Fitri",  "Indah",
    "Nisa",   "Tiara",  "Safira", "Kayla",  "Adinda", "Aurel",     "Marsya", "Nayla",
    "Bunga",  "Shafa",  "Hana",   "Najwa",  "Aqila",  "Kirana",    "Vania",  "Jihan",
};
static const char *const modern_second_m[] = {
    "Pratama", "Saputra", "Ramadhan", "Maulana",   "Firmansyah", "Hidayat", "Akbar",    "Syahputra",
    "Nugraha", "Permana", "Wijaya",   "Kurniawan", "Alfarizi",   "Fadilah", "Prasetya", "Aditama",
};
static const char *const modern_second_f[] = {
    "Putri",      "Ramadhani", "Aulia",    "Maharani",  "Safitri",   "Azzahra",
    "Rahmadani",  "Kirana",    "Amalia",   "Anggraini", "Oktaviani", "Permatasari",
    "Novitasari", "Agustina",  "Febriani", "Lestari",   "Nuraini",   "Salsabila",
};

static const gen_pool P_MUSLIM_M = POOL(muslim_m), P_MUSLIM_F = POOL(muslim_f);
static const gen_pool P_MUSLIM2_M = POOL(muslim_second_m), P_MUSLIM2_F = POOL(muslim_second_f);
static const gen_pool P_MODERN_M = POOL(modern_m), P_MODERN_F = POOL(modern_f);
static const gen_pool P_MODERN2_M = POOL(modern_second_m), P_MODERN2_F = POOL(modern_second_f);
static const gen_pool P_CHRIST_M = POOL(christian_m), P_CHRIST_F = POOL(christian_f);

/* Group-specific given-name pools by sex (index 0 male, 1 female). */
static const gen_pool group_given[GEN_ETH__MAX][2] = {
    [GEN_ETH_BANJAR] = {POOL(banjar_m), POOL(banjar_f)},
    [GEN_ETH_BUGIS] = {POOL(bugis_m), POOL(bugis_f)},
    [GEN_ETH_JAWA] = {POOL(jawa_m_single), POOL(jawa_f_single)},
    [GEN_ETH_DAYAK] = {POOL(dayak_m), POOL(dayak_f)},
    [GEN_ETH_KUTAI] = {POOL(kutai_m), POOL(kutai_f)},
    [GEN_ETH_TIDUNG] = {POOL(tidung_m), POOL(tidung_f)},
    [GEN_ETH_TIONGHOA] = {POOL(tionghoa_m), POOL(tionghoa_f)},
    [GEN_ETH_KRISTEN] = {POOL(christian_m), POOL(christian_f)},
};

/*
 * Group weights (per mille) by regency. Rough shares after the 2010 census
 * and regional reports: Javanese, Bugis and Banjar everywhere; Kutai along
 * the Mahakam; Dayak upriver and in the north; Tidung in North Kalimantan.
 */
typedef struct gen_eth_mix {
    const char *prefix; /* dotted regency or province code; "" = default */
    unsigned short w[GEN_ETH__MAX];
} gen_eth_mix;

static const gen_eth_mix eth_mix[] = {
    /*                   BJR  BUG  JAW  DYK  KUT  TID  TNG  KRS */
    {"64.02", {150, 150, 250, 70, 300, 0, 20, 60}},   /* Kutai Kartanegara */
    {"64.07", {80, 50, 120, 550, 100, 0, 20, 80}},    /* Kutai Barat */
    {"64.11", {30, 20, 50, 800, 50, 0, 10, 40}},      /* Mahakam Ulu */
    {"64.08", {120, 250, 300, 100, 120, 0, 20, 90}},  /* Kutai Timur */
    {"64.03", {120, 220, 280, 120, 120, 20, 40, 80}}, /* Berau */
    {"64.71", {200, 220, 320, 30, 40, 0, 90, 100}},   /* Balikpapan */
    {"64.72", {270, 200, 280, 30, 80, 0, 70, 70}},    /* Samarinda */
    {"64.74", {150, 300, 300, 20, 80, 0, 60, 90}},    /* Bontang */
    {"65.02", {30, 80, 80, 650, 0, 80, 20, 60}},      /* Malinau */
    {"65.03", {40, 350, 150, 150, 0, 100, 30, 180}},  /* Nunukan */
    {"65.04", {30, 100, 100, 250, 0, 450, 10, 60}},   /* Tana Tidung */
    {"65.71", {80, 300, 220, 60, 0, 180, 80, 80}},    /* Tarakan */
    {"65", {70, 250, 200, 200, 0, 180, 30, 70}},      /* Bulungan, rest of 65 */
    {"64", {200, 250, 300, 70, 50, 0, 30, 100}},      /* Paser, PPU, rest of 64 */
    {"", {200, 200, 350, 60, 50, 10, 50, 80}},
};

static bool has_prefix(const char *code, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(code, prefix, n) == 0 && (code[n] == '\0' || code[n] == '.');
}

gen_ethnic gen_ethnic_pick(gen_rng *r, const char *regency)
{
    const gen_eth_mix *m = &eth_mix[GEN_COUNT(eth_mix) - 1];
    for (size_t i = 0; i < GEN_COUNT(eth_mix); i++) {
        if (has_prefix(regency, eth_mix[i].prefix)) {
            m = &eth_mix[i];
            break;
        }
    }
    unsigned total = 0;
    for (int e = 0; e < GEN_ETH__MAX; e++)
        total += m->w[e];
    unsigned x = gen_rng_below(r, total);
    for (int e = 0; e < GEN_ETH__MAX; e++) {
        if (x < m->w[e])
            return (gen_ethnic)e;
        x -= m->w[e];
    }
    return GEN_ETH_JAWA;
}

bool gen_ethnic_muslim(gen_ethnic e)
{
    return e == GEN_ETH_BANJAR || e == GEN_ETH_BUGIS || e == GEN_ETH_JAWA || e == GEN_ETH_KUTAI ||
           e == GEN_ETH_TIDUNG;
}

const char *gen_name_family(gen_rng *r, gen_ethnic e)
{
    switch (e) {
    case GEN_ETH_TIONGHOA:
        return tionghoa_family[gen_rng_below(r, GEN_COUNT(tionghoa_family))];
    case GEN_ETH_KRISTEN:
        return gen_rng_chance(r, 0.85) ? kristen_family[gen_rng_below(r, GEN_COUNT(kristen_family))]
                                       : NULL;
    case GEN_ETH_DAYAK:
        return gen_rng_chance(r, 0.5) ? dayak_family[gen_rng_below(r, GEN_COUNT(dayak_family))]
                                      : NULL;
    case GEN_ETH_TIDUNG:
        return gen_rng_chance(r, 0.25) ? tidung_family[gen_rng_below(r, GEN_COUNT(tidung_family))]
                                       : NULL;
    default:
        return NULL;
    }
}

/* Appends word (and a separating space) to out; keeps out NUL-terminated. */
static size_t add_word(char *out, size_t cap, size_t len, const char *word)
{
    if (word == NULL || word[0] == '\0')
        return len;
    size_t n = strlen(word);
    size_t sep = len > 0 ? 1 : 0;
    if (len + sep + n + 1 > cap)
        return len;
    if (sep)
        out[len++] = ' ';
    memcpy(out + len, word, n);
    len += n;
    out[len] = '\0';
    return len;
}

/* A Muslim name: optional Muhammad/Siti/Nur prefix, a given name, maybe a second word. */
static size_t muslim_name(char *out, size_t cap, size_t len, gen_rng *r, gen_ethnic e, bool male,
                          bool modern)
{
    double u = gen_rng_unit(r);
    if (male) {
        if (u < 0.16)
            len = add_word(out, cap, len, gen_rng_chance(r, 0.8) ? "Muhammad" : "Mohammad");
        else if (u < 0.20)
            len = add_word(out, cap, len, "Abdul");
    } else {
        if (u < 0.11)
            len = add_word(out, cap, len,
                           e == GEN_ETH_BUGIS && gen_rng_chance(r, 0.4) ? "Sitti" : "Siti");
        else if (u < 0.17)
            len = add_word(out, cap, len,
                           e == GEN_ETH_BANJAR && gen_rng_chance(r, 0.5) ? "Noor" : "Nur");
    }
    bool prefixed = len > 0;
    const gen_pool *own = &group_given[e][male ? 0 : 1];
    const char *given;
    double g = gen_rng_unit(r);
    if (modern && g < 0.55)
        given = pick(r, male ? P_MODERN_M : P_MODERN_F);
    else if (g < (modern ? 0.75 : 0.5))
        given = pick(r, *own);
    else
        given = pick(r, male ? P_MUSLIM_M : P_MUSLIM_F);
    /* "Abdul" and "Siti" want a single given word after them, not another prefix. */
    if (prefixed && strchr(given, ' ') != NULL)
        given = strchr(given, ' ') + 1;
    if (prefixed && (strncmp(given, "Nur", 3) == 0 || strncmp(given, "Noor", 4) == 0 ||
                     strncmp(given, "Sit", 3) == 0 || strncmp(given, "Abd", 3) == 0 ||
                     strncmp(given, "Muhammad", 8) == 0))
        given = pick(r, male ? P_MUSLIM2_M : P_MUSLIM2_F);
    len = add_word(out, cap, len, given);
    if (!prefixed && strchr(given, ' ') == NULL) {
        double s = gen_rng_unit(r);
        double p2 = modern ? 0.65 : 0.4;
        if (s < p2) {
            const char *second = modern ? pick(r, male ? P_MODERN2_M : P_MODERN2_F)
                                        : pick(r, male ? P_MUSLIM2_M : P_MUSLIM2_F);
            if (strcmp(second, given) != 0)
                len = add_word(out, cap, len, second);
        }
    }
    return len;
}

size_t gen_name_person(char *out, size_t cap, gen_rng *r, gen_ethnic e, char sex, int birth_year,
                       const char *family, unsigned flags)
{
    bool male = sex == 'L';
    bool modern = birth_year >= 1995 && gen_rng_chance(r, 0.4 + (birth_year - 1995) * 0.02);
    size_t len = 0;
    out[0] = '\0';
    if (flags & GEN_NAME_NOBLE) {
        switch (e) {
        case GEN_ETH_BUGIS:
            len = add_word(out, cap, len,
                           male ? "Andi" : (gen_rng_chance(r, 0.5) ? "Andi" : "Besse"));
            break;
        case GEN_ETH_KUTAI:
            len = add_word(out, cap, len,
                           male ? (gen_rng_chance(r, 0.5) ? "Aji" : "Awang") : "Dayang");
            break;
        case GEN_ETH_BANJAR:
            len = add_word(out, cap, len, male ? "Gusti" : "Gusti");
            break;
        case GEN_ETH_TIDUNG:
            if (male)
                len = add_word(out, cap, len, "Datu");
            break;
        default:
            break;
        }
        /* Noble names take one given word, not a Muhammad/Siti prefix. */
        const gen_pool *own = &group_given[e][male ? 0 : 1];
        const char *given = modern ? pick(r, male ? P_MODERN_M : P_MODERN_F) : pick(r, *own);
        if (strchr(given, ' ') != NULL && len > 0)
            given = strchr(given, ' ') + 1;
        len = add_word(out, cap, len, given);
        if (gen_rng_chance(r, 0.35))
            len = add_word(out, cap, len, pick(r, male ? P_MUSLIM2_M : P_MUSLIM2_F));
        return add_word(out, cap, len, family);
    }
    switch (e) {
    case GEN_ETH_JAWA:
        if (gen_rng_chance(r, 0.12)) {
            len = muslim_name(out, cap, len, r, e, male, modern);
        } else if (modern && gen_rng_chance(r, 0.6)) {
            len = add_word(out, cap, len, pick(r, male ? P_MODERN_M : P_MODERN_F));
            len = add_word(out, cap, len, pick(r, male ? P_MODERN2_M : P_MODERN2_F));
        } else if (gen_rng_chance(r, 0.5)) {
            len = add_word(out, cap, len, pick(r, group_given[e][male ? 0 : 1]));
        } else if (male) {
            len = add_word(out, cap, len, jawa_m_first[gen_rng_below(r, GEN_COUNT(jawa_m_first))]);
            len = add_word(out, cap, len, jawa_m_last[gen_rng_below(r, GEN_COUNT(jawa_m_last))]);
        } else {
            len = add_word(out, cap, len, jawa_f_first[gen_rng_below(r, GEN_COUNT(jawa_f_first))]);
            len = add_word(out, cap, len, jawa_f_last[gen_rng_below(r, GEN_COUNT(jawa_f_last))]);
        }
        break;
    case GEN_ETH_DAYAK: {
        double u = gen_rng_unit(r);
        if (u < 0.6) {
            len = add_word(out, cap, len, pick(r, male ? P_CHRIST_M : P_CHRIST_F));
            if (family == NULL)
                len = add_word(out, cap, len, pick(r, group_given[e][male ? 0 : 1]));
        } else if (u < 0.8) {
            len = add_word(out, cap, len,
                           modern ? pick(r, male ? P_MODERN_M : P_MODERN_F)
                                  : pick(r, group_given[e][male ? 0 : 1]));
            if (family == NULL && gen_rng_chance(r, 0.5))
                len = add_word(out, cap, len,
                               dayak_family[gen_rng_below(r, GEN_COUNT(dayak_family))]);
        } else {
            len = add_word(out, cap, len, pick(r, group_given[e][male ? 0 : 1]));
        }
        break;
    }
    case GEN_ETH_TIONGHOA:
        len = add_word(out, cap, len, pick(r, group_given[e][male ? 0 : 1]));
        if (family == NULL)
            len = add_word(out, cap, len,
                           tionghoa_family[gen_rng_below(r, GEN_COUNT(tionghoa_family))]);
        break;
    case GEN_ETH_KRISTEN:
        len = add_word(out, cap, len, pick(r, group_given[e][male ? 0 : 1]));
        if (family == NULL && gen_rng_chance(r, 0.6))
            len = add_word(out, cap, len,
                           kristen_family[gen_rng_below(r, GEN_COUNT(kristen_family))]);
        break;
    default:
        len = muslim_name(out, cap, len, r, e, male, modern);
        break;
    }
    return add_word(out, cap, len, family);
}

/* Formal names and the nicknames spreadsheets end up with. */
static const struct {
    const char *formal;
    const char *nick;
} nicknames[] = {
    {"Hermawan", "Wawan"},     {"Setiawan", "Wawan"},   {"Kurniawan", "Iwan"},
    {"Suryanti", "Yanti"},     {"Agustinus", "Agus"},   {"Syamsudin", "Udin"},
    {"Syamsuddin", "Udin"},    {"Hasanuddin", "Udin"},  {"Nur Aini", "Ani"},
    {"Muhammad", "Mamad"},     {"Slamet", "Met"},       {"Rahmat", "Mamat"},
    {"Abdullah", "Dullah"},    {"Ahmad", "Amat"},       {"Susilawati", "Susi"},
    {"Sulistyowati", "Sulis"}, {"Fransiskus", "Frans"}, {"Theresia", "Tere"},
    {"Margaretha", "Retha"},   {"Natalia", "Lia"},      {"Saifullah", "Ipul"},
    {"Zulkifli", "Zul"},       {"Sofyan", "Opan"},      {"Sumarni", "Marni"},
    {"Nurhayati", "Yati"},     {"Fitriani", "Fitri"},   {"Kartini", "Tini"},
    {"Sutrisno", "Tris"},      {"Haryanto", "Anto"},    {"Heriyanto", "Heri"},
    {"Supriyadi", "Pri"},      {"Yuliana", "Yuli"},     {"Rusdiansyah", "Rusdi"},
    {"Abdurrahman", "Maman"},  {"Sulaiman", "Leman"},   {"Hendrawan", "Hendra"},
    {"Kristianus", "Kris"},    {"Bonifasius", "Boni"},  {"Benediktus", "Beni"},
    {"Wahyuni", "Yuni"},       {"Rahmawati", "Rahma"},  {"Suryadi", "Yadi"},
    {"Sugiyanto", "Giyanto"},  {"Purwanto", "Anto"},    {"Agustina", "Tina"},
    {"Kristina", "Tina"},      {"Magdalena", "Lena"},   {"Elisabeth", "Lisa"},
    {"Fransiska", "Siska"},    {"Stefanus", "Stevan"},  {"Yohanes", "Anes"},
    {"Zainuddin", "Udin"},     {"Jamaluddin", "Udin"},  {"Kamaruddin", "Udin"},
    {"Nurjannah", "Jannah"},   {"Handayani", "Yani"},   {"Sulistyo", "Tyo"},
    {"Bambang", "Bams"},       {"Heru", "Her"},         {"Zubaidah", "Ida"},
};

const char *gen_name_nickname(const char *name, size_t *at, size_t *len)
{
    for (size_t i = 0; i < GEN_COUNT(nicknames); i++) {
        const char *f = nicknames[i].formal;
        size_t n = strlen(f);
        for (const char *p = strstr(name, f); p != NULL; p = strstr(p + 1, f)) {
            bool start = p == name || p[-1] == ' ';
            bool end = p[n] == '\0' || p[n] == ' ' || p[n] == ',';
            if (start && end) {
                *at = (size_t)(p - name);
                *len = n;
                return nicknames[i].nick;
            }
        }
    }
    return NULL;
}

static const char *const degrees[] = {
    ", S.Pd.", ", S.Pd.",  ", S.E.",  ", S.H.",  ", S.Sos.", ", S.Kom.", ", S.T.",
    ", A.Md.", ", S.Kep.", ", S.Ag.", ", S.IP.", ", M.Si.",  ", S.P.",   ", A.Md.Keb.",
};

const char *gen_name_degree(gen_rng *r)
{
    return degrees[gen_rng_below(r, GEN_COUNT(degrees))];
}

static const char *const streets[] = {
    "Jenderal Sudirman",
    "Ahmad Yani",
    "Pangeran Antasari",
    "Juanda",
    "Pramuka",
    "Gatot Subroto",
    "Mulawarman",
    "Pahlawan",
    "Diponegoro",
    "KH. Wahid Hasyim",
    "Siradj Salman",
    "Adam Malik",
    "Awang Long",
    "Kesuma Bangsa",
    "Cendana",
    "Anggrek",
    "Merdeka",
    "Trans Kalimantan",
    "Mangga",
    "Manunggal",
    "Kenangan",
    "Pattimura",
    "Imam Bonjol",
    "Hasanuddin",
    "MT. Haryono",
    "Letjen Suprapto",
    "Slamet Riyadi",
    "Gajah Mada",
    "Hayam Wuruk",
    "Pangeran Suryanata",
    "Wolter Monginsidi",
    "Dr. Sutomo",
    "Kartini",
    "Cut Nyak Dhien",
    "Teuku Umar",
    "Sultan Hasanuddin",
    "Bhayangkara",
    "Rapak Indah",
    "Damanhuri",
    "Perjuangan",
    "Delima",
    "Kemakmuran",
    "Pelita",
    "Poros Samarinda-Bontang",
    "Soekarno-Hatta",
    "Mayjen Sutoyo",
    "Jenderal A. Yani",
    "Yos Sudarso",
    "Kusuma Bangsa",
    "Padat Karya",
    "Tanjung Batu",
    "Sengkuang",
    "Kampung Baru",
    "Pesisir",
    "Pangeran Diponegoro",
    "Sungai Ampal",
    "Markoni",
    "Mulawarman",
    "Rambutan",
    "Durian",
    "Bougenville",
    "Kamboja",
    "Teratai",
    "Seroja",
    "Nusantara",
    "Budi Utomo",
    "Ki Hajar Dewantara",
    "Veteran",
    "Lambung Mangkurat",
    "Mangkupalas",
    "Aji Pangeran Tumenggung Pranoto",
};

static const char *const gangs[] = {
    "Mawar",  "Melati",    "Kenanga", "Flamboyan", "Harapan",    "Rukun",
    "Damai",  "Sejahtera", "Masjid",  "Langgar",   "Swadaya",    "Karya Bersama",
    "Family", "Keluarga",  "Sepakat", "Mufakat",   "Mekar",      "Tunas",
    "Abadi",  "Berkah",    "Amal",    "Al-Ikhlas", "Nurul Iman", "Sukarela",
    "Pinang", "Nangka",    "Jambu",   "Sawo",      "Belimbing",  "Pisang",
};

const char *gen_street_pick(gen_rng *r)
{
    return streets[gen_rng_below(r, GEN_COUNT(streets))];
}

const char *gen_gang_pick(gen_rng *r)
{
    return gangs[gen_rng_below(r, GEN_COUNT(gangs))];
}
