/*
 * test_record_json.c - the one JSON shape of each record (io/record_json.h,
 * io/program_json.h, io/rakor_json.h): exact keys in order, nulls where a
 * value is absent, NIK masking. The CLI and the HTTP API both print these.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io/import_json.h"
#include "io/program_json.h"
#include "io/rakor_json.h"
#include "domain/account.h"
#include "io/record_json.h"
#include "io/transfer_json.h"
#include "store/transfer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Compact, key-ordered text of v (reference stolen) must equal want. */
static void expect_json(json_t *v, const char *want)
{
    assert_non_null(v);
    char *t = json_dumps(v, JSON_COMPACT);
    json_decref(v);
    assert_non_null(t);
    if (strcmp(t, want) != 0)
        fprintf(stderr, "got  %s\nwant %s\n", t, want);
    assert_string_equal(t, want);
    free(t);
}

static void test_region(void **state)
{
    (void)state;
    pl_region prov = {.code = "64", .parent = "", .level = 1, .name = "Kalimantan Timur"};
    expect_json(pl_json_region(&prov),
                "{\"code\":\"64\",\"parent\":null,\"level\":1,"
                "\"level_name\":\"provinsi\",\"name\":\"Kalimantan Timur\"}");
    pl_region kota = {.code = "64.74", .parent = "64", .level = 2, .name = "Kota Bontang"};
    expect_json(pl_json_region(&kota),
                "{\"code\":\"64.74\",\"parent\":\"64\",\"level\":2,"
                "\"level_name\":\"kabupaten/kota\",\"name\":\"Kota Bontang\"}");
}

static void test_user(void **state)
{
    (void)state;
    pl_user u = {.id = 3,
                 .username = "ana",
                 .role = "regency",
                 .scope = "64.74",
                 .disabled = true,
                 .version = 4,
                 .created_at = "2026-01-02T03:04:05Z",
                 .created_by = "root"};
    expect_json(pl_json_user(&u), "{\"id\":3,\"username\":\"ana\",\"role\":\"regency\","
                                  "\"scope\":\"64.74\",\"disabled\":true,\"version\":4,"
                                  "\"created_at\":\"2026-01-02T03:04:05Z\"}");
}

static void test_category(void **state)
{
    (void)state;
    json_t *o = pl_json_category(pl_pmks_get(1));
    assert_non_null(o);
    const char *keys[] = {"code", "slug", "name", "label", "short_name", "applies_to"};
    size_t i = 0;
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        assert_true(i < 6);
        assert_string_equal(k, keys[i++]);
    }
    assert_int_equal(i, 6);
    assert_string_equal(json_string_value(json_object_get(o, "label")), pl_pmks_get(1)->label);
    assert_int_equal(json_integer_value(json_object_get(o, "code")), 1);
    json_decref(o);
}

static void test_program(void **state)
{
    (void)state;
    pl_program p = {.id = 7,
                    .code = "PKH",
                    .name = "Keluarga Harapan",
                    .level = PL_PROGRAM_PUSAT,
                    .household = true,
                    .amount = 750000,
                    .frequency = PL_FREQ_TRIWULAN,
                    .cap = 0};
    p.rule.age_min = p.rule.age_max = -1;
    p.rule.categories = 1u << 24;
    p.rule.desil_max = 4;
    snprintf(p.rule.regions[0], sizeof p.rule.regions[0], "64.74");
    expect_json(pl_json_program(&p),
                "{\"id\":7,\"code\":\"PKH\",\"name\":\"Keluarga Harapan\",\"level\":\"pusat\","
                "\"household\":true,\"amount\":750000,\"frequency\":\"triwulan\",\"cap\":0,"
                "\"categories\":\"24\",\"age_min\":-1,\"age_max\":-1,\"disability\":false,"
                "\"desil_max\":4,\"regions\":\"64.74\",\"excludes\":\"\",\"requires_nik\":true}");
}

static void test_preview(void **state)
{
    (void)state;
    pl_preview_row rows[] = {{"64.74", 5}};
    pl_preview pv = {.rows = rows, .n = 1, .candidates = 9, .eligible = 5, .seconds = 0.5};
    pv.failed[0] = 4;
    json_t *o = pl_json_preview("PKH", "2026-Q1", "64", &pv);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "region")), "64");
    assert_int_equal(json_integer_value(json_object_get(o, "candidates")), 9);
    json_t *by = json_object_get(o, "by_region");
    assert_int_equal(json_array_size(by), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(by, 0), "eligible")), 5);
    assert_int_equal(json_object_size(json_object_get(o, "failed")), PL_ELIG__COUNT);
    /* The same counts with the rule in words. */
    json_t *fr = json_object_get(o, "failed_reasons");
    assert_int_equal(json_array_size(fr), PL_ELIG__COUNT);
    assert_string_equal(json_string_value(json_object_get(json_array_get(fr, 0), "rule")),
                        "category");
    assert_string_equal(json_string_value(json_object_get(json_array_get(fr, 0), "reason")),
                        "bukan kategori PMKS sasaran");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(fr, 0), "count")), 4);
    json_decref(o);
}

/* A view that hides identifying fields (a province analyst's), under a fixed key. */
static const pl_ident_view *hiding_view(pl_ident_view *v)
{
    static const unsigned char key[PL_IDENT_KEY_LEN] = {1, 2, 3};
    return pl_ident_view_init(v, pl_account_perms("province"), key);
}

/* The pseudonym the hiding view gives nik (a "PS-" text, never digits of the NIK). */
static void expect_pseudonym(json_t *o, const char *key, const char *nik)
{
    pl_ident_view v;
    char t[PL_IDENT_TEXT_MAX];
    const char *want = pl_ident_text(t, hiding_view(&v), PL_IDENT_NIK, nik);
    assert_true(strncmp(want, "PS-", 3) == 0);
    assert_string_equal(json_string_value(json_object_get(o, key)), want);
}

static void test_finding_and_candidate_mask(void **state)
{
    (void)state;
    pl_ident_view view;
    pl_finding f = {.rule = "dead",
                    .person_id = 1,
                    .household_id = 2,
                    .nik = "6474011205809901",
                    .name = "Budi",
                    .village = "64.74.01.1001",
                    .detail = "meninggal"};
    expect_json(pl_json_finding(&f, NULL),
                "{\"rule\":\"dead\",\"person_id\":1,\"household_id\":2,"
                "\"nik\":\"6474011205809901\",\"name\":\"Budi\",\"village\":\"64.74.01.1001\","
                "\"detail\":\"meninggal\",\"rule_name\":\"Penerima sudah meninggal\"}");
    json_t *o = pl_json_finding(&f, hiding_view(&view));
    expect_pseudonym(o, "nik", f.nik);
    json_decref(o);
    f.nik[0] = '\0'; /* no NIK: stays "" even hidden */
    o = pl_json_finding(&f, hiding_view(&view));
    assert_string_equal(json_string_value(json_object_get(o, "nik")), "");
    json_decref(o);
    pl_dedup_candidate d = {.id = 5,
                            .person_a = 1,
                            .person_b = 2,
                            .score = 0.5,
                            .exact = false,
                            .reasons = "nama",
                            .status = "open",
                            .name_a = "A",
                            .name_b = "B",
                            .nik_a = "6474011205809901",
                            .nik_b = ""};
    expect_json(pl_json_dedup_candidate(&d, 0),
                "{\"id\":5,\"person_a\":1,\"person_b\":2,\"score\":0.5,\"exact\":false,"
                "\"status\":\"open\",\"reasons\":\"nama\",\"name_a\":\"A\",\"name_b\":\"B\","
                "\"nik_a\":\"6474011205809901\",\"nik_b\":\"\",\"village_a\":\"\","
                "\"village_b\":\"\",\"created_at\":\"\",\"decided_by\":null,"
                "\"decided_at\":null,\"merge_id\":null,\"survivor_id\":null}");
    pl_dedup_candidate m = d;
    snprintf(m.status, sizeof m.status, "merged");
    snprintf(m.decided_by, sizeof m.decided_by, "admin");
    m.merge_id = 3;
    m.survivor_id = 2;
    o = pl_json_dedup_candidate(&m, 0);
    assert_string_equal(json_string_value(json_object_get(o, "decided_by")), "admin");
    assert_int_equal(json_integer_value(json_object_get(o, "merge_id")), 3);
    assert_int_equal(json_integer_value(json_object_get(o, "survivor_id")), 2);
    json_decref(o);
    o = pl_json_dedup_candidate(&d, hiding_view(&view));
    expect_pseudonym(o, "nik_a", d.nik_a);
    assert_string_equal(json_string_value(json_object_get(o, "nik_b")), "");
    json_decref(o);
}

static void test_batch(void **state)
{
    (void)state;
    pl_batch b = {.id = 1,
                  .program_code = "PKH",
                  .period = "2026-Q1",
                  .status = "draft",
                  .items = 2,
                  .total = 1500000};
    expect_json(pl_json_batch(&b),
                "{\"id\":1,\"program\":\"PKH\",\"period\":\"2026-Q1\",\"status\":\"draft\","
                "\"items\":2,\"total\":1500000,\"approved_at\":\"\",\"approved_by\":\"\"}");
    pl_batch_total t = {.region = "64.74", .status = "paid", .items = 2, .amount = 10};
    expect_json(pl_json_batch_total(&t),
                "{\"region\":\"64.74\",\"status\":\"paid\",\"items\":2,\"amount\":10}");
}

static void test_intervention(void **state)
{
    (void)state;
    pl_intervention iv = {.id = 2,
                          .version = 3,
                          .rakor_year = 2024,
                          .region = "64.74",
                          .title = "Pendataan",
                          .level = "kabupaten-kota",
                          .owner = "Dinsos",
                          .status = "berjalan"};
    expect_json(pl_json_intervention(&iv),
                "{\"id\":2,\"version\":3,\"rakor_year\":2024,\"region\":\"64.74\","
                "\"title\":\"Pendataan\",\"level\":\"kabupaten-kota\",\"owner\":\"Dinsos\","
                "\"status\":\"berjalan\",\"category\":null,\"budget\":null,\"due_date\":null,"
                "\"last_note\":null}");
    iv.category = 24;
    iv.has_budget = true;
    iv.budget = 250000000;
    snprintf(iv.due_date, sizeof iv.due_date, "2024-06-30");
    snprintf(iv.last_note, sizeof iv.last_note, "Tim turun");
    snprintf(iv.last_note_on, sizeof iv.last_note_on, "2024-06-01");
    json_t *o = pl_json_intervention(&iv);
    assert_int_equal(json_integer_value(json_object_get(o, "category")), 24);
    assert_true(json_real_value(json_object_get(o, "budget")) == 250000000.0);
    assert_string_equal(json_string_value(json_object_get(o, "due_date")), "2024-06-30");
    json_t *note = json_object_get(o, "last_note");
    assert_string_equal(json_string_value(json_object_get(note, "date")), "2024-06-01");
    assert_string_equal(json_string_value(json_object_get(note, "text")), "Tim turun");
    json_decref(o);
}

static void test_rakor_problem_indicator(void **state)
{
    (void)state;
    pl_rakor r = {.id = 1,
                  .year = 2024,
                  .host_region = "64",
                  .held_on = "2024-03-12",
                  .theme = "Kemiskinan",
                  .participants = "Dinsos"};
    expect_json(pl_json_rakor(&r), "{\"id\":1,\"year\":2024,\"host_region\":\"64\","
                                   "\"held_on\":\"2024-03-12\",\"theme\":\"Kemiskinan\","
                                   "\"participants\":\"Dinsos\"}");
    pl_rakor_problem p = {.id = 4, .rakor_id = 1, .region = "64.74", .category = 0, .text = "X"};
    expect_json(pl_json_rakor_problem(&p),
                "{\"id\":4,\"region\":\"64.74\",\"category\":null,\"text\":\"X\"}");
    pl_indicator in = {.region = "64", .year = 2024, .name = "ipm", .value = 77.5, .source = "BPS"};
    expect_json(pl_json_indicator(&in), "{\"region\":\"64\",\"year\":2024,\"name\":\"ipm\","
                                        "\"label\":\"Indeks Pembangunan Manusia\","
                                        "\"value\":77.5,\"source\":\"BPS\"}");
}

static void test_membership_and_psks(void **state)
{
    (void)state;
    pl_membership m = {.id = 9, .person_id = 1, .category = 9, .valid_from = "2020-01-01"};
    json_t *o = pl_json_membership(&m);
    assert_non_null(o);
    const char *keys[] = {"id",    "person_id",  "household_id", "category", "name",
                          "label", "valid_from", "valid_to",     "note",     "ended_by_visit"};
    size_t i = 0;
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        assert_true(i < 10);
        assert_string_equal(k, keys[i++]);
    }
    assert_int_equal(i, 10);
    assert_string_equal(json_string_value(json_object_get(o, "label")), "Penyandang Disabilitas");
    assert_true(json_is_null(json_object_get(o, "ended_by_visit")));
    m.ended_by_visit = 12;
    json_decref(o);
    o = pl_json_membership(&m);
    assert_int_equal(json_integer_value(json_object_get(o, "ended_by_visit")), 12);
    assert_true(json_is_null(json_object_get(o, "household_id")));
    assert_true(json_is_null(json_object_get(o, "valid_to")));
    json_decref(o);
    pl_psks_unit u = {.id = 1,
                      .type = 11,
                      .kind = "orang",
                      .name = "TKSK",
                      .nik = "6474011205809901",
                      .area_code = "64.74.01"};
    pl_ident_view view;
    o = pl_json_psks(&u, hiding_view(&view));
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "region")), "64.74.01");
    expect_pseudonym(o, "nik", u.nik);
    assert_string_equal(json_string_value(json_object_get(o, "name")), "TKSK");
    assert_true(json_is_null(json_object_get(o, "valid_from")));
    json_decref(o);
}

static void test_import_summary(void **state)
{
    (void)state;
    pl_import_summary s = {.read = 3,
                           .inserted = 2,
                           .rejected = 1,
                           .committed = true,
                           .format = "csv",
                           .header_row = 1,
                           .n_unknown = 1,
                           .seconds = 0.5};
    snprintf(s.unknown_columns[0], sizeof s.unknown_columns[0], "hobi");
    expect_json(pl_json_import_summary(&s, "a.csv"),
                "{\"file\":\"a.csv\",\"format\":\"csv\",\"committed\":true,\"read\":3,"
                "\"inserted\":2,\"updated\":0,\"unchanged\":0,\"rejected\":1,\"flagged\":0,"
                "\"conflicts\":0,\"households_inserted\":0,\"households_updated\":0,"
                "\"memberships_added\":0,\"pending\":0,\"candidates\":0,\"without_nik\":0,"
                "\"review\":0,\"unknown_columns\":[\"hobi\"],"
                "\"seconds\":0.5,"
                "\"sheet\":\"\",\"header_row\":1,\"signature_rows\":null}");
    /* A workbook: the sheet read, its header row, a signature block left out. */
    snprintf(s.format, sizeof s.format, "ods");
    snprintf(s.sheet, sizeof s.sheet, "Data Desa");
    s.header_row = 4;
    s.signature_from = 57;
    s.signature_to = 60;
    json_t *o = pl_json_import_summary(&s, "a.ods");
    assert_string_equal(json_string_value(json_object_get(o, "sheet")), "Data Desa");
    assert_int_equal(json_integer_value(json_object_get(o, "header_row")), 4);
    json_t *sig = json_object_get(o, "signature_rows");
    assert_int_equal(json_integer_value(json_object_get(sig, "from")), 57);
    assert_int_equal(json_integer_value(json_object_get(sig, "to")), 60);
    json_decref(o);
}

/* A dry run lists the stored values it would overwrite (a birth date marked hidden). */
static void test_import_summary_dry_run(void **state)
{
    (void)state;
    pl_import_summary s = {.read = 1, .updated = 1, .format = "csv", .overwrites_total = 2};
    s.n_overwrites = 2;
    s.overwrites[0] = (pl_import_overwrite){7, "Budi", "name", "Budi", "Budi Baru"};
    s.overwrites[1] = (pl_import_overwrite){7, "Budi", "birth_date", "", ""};
    json_t *o = pl_json_import_summary(&s, "a.csv");
    assert_int_equal(json_integer_value(json_object_get(o, "overwrites_total")), 2);
    json_t *list = json_object_get(o, "overwrites");
    assert_int_equal(json_array_size(list), 2);
    char *first = json_dumps(json_array_get(list, 0), JSON_COMPACT | JSON_PRESERVE_ORDER);
    assert_string_equal(first, "{\"id\":7,\"name\":\"Budi\",\"field\":\"name\",\"before\":"
                               "\"Budi\",\"after\":\"Budi Baru\",\"hidden\":false}");
    free(first);
    assert_true(json_is_true(json_object_get(json_array_get(list, 1), "hidden")));
    json_decref(o);
}

static void test_card_status(void **state)
{
    (void)state;
    pl_card_status st = {0};
    expect_json(pl_json_card_status(&st), "{\"status\":\"unknown\"}");
    st.found = true;
    snprintf(st.name, sizeof st.name, "Siti");
    snprintf(st.disability, sizeof st.disability, "Disabilitas fisik");
    expect_json(pl_json_card_status(&st),
                "{\"status\":\"revoked\",\"name\":\"Siti\",\"disability\":\"Disabilitas fisik\"}");
    st.valid = true;
    json_t *o = pl_json_card_status(&st);
    assert_string_equal(json_string_value(json_object_get(o, "status")), "valid");
    json_decref(o);
}

/* The person and household shapes: English keys, in order (docs/api.md "Keys"). */
static void test_person_household(void **state)
{
    (void)state;
    pl_person p;
    memset(&p, 0, sizeof p);
    p.id = 7;
    p.household_id = 3;
    snprintf(p.nik, sizeof p.nik, "6474011205809901");
    snprintf(p.kk, sizeof p.kk, "6474010101090001");
    snprintf(p.name, sizeof p.name, "Siti");
    snprintf(p.birth_place, sizeof p.birth_place, "Bontang");
    snprintf(p.birth_date, sizeof p.birth_date, "1980-05-12");
    p.sex = 'P';
    snprintf(p.relationship, sizeof p.relationship, "istri");
    snprintf(p.mother_name, sizeof p.mother_name, "Aminah");
    snprintf(p.village_code, sizeof p.village_code, "64.74.01.1001");
    snprintf(p.state, sizeof p.state, "draft");
    snprintf(p.created_at, sizeof p.created_at, "2024-01-01T00:00:00Z");
    snprintf(p.updated_at, sizeof p.updated_at, "2024-01-02T00:00:00Z");
    p.flags = PL_FLAG_NIK_SEX;
    p.version = 2;
    expect_json(pl_json_person(&p, NULL),
                "{\"id\":7,\"pilar_id\":\"P-000007\",\"nik\":\"6474011205809901\","
                "\"no_nik_reason\":null,\"no_nik_reason_label\":null,\"household_id\":3,"
                "\"kk\":\"6474010101090001\",\"name\":\"Siti\",\"birth_place\":\"Bontang\","
                "\"birth_date\":\"1980-05-12\",\"sex\":\"P\",\"relationship\":\"istri\","
                "\"mother_name\":\"Aminah\",\"death_date\":null,\"disability\":null,"
                "\"latitude\":null,\"longitude\":null,\"village_code\":\"64.74.01.1001\","
                "\"status\":\"draft\",\"status_by\":null,\"status_at\":null,"
                "\"status_reason\":null,\"flags\":[\"nik_jenis_kelamin\"],\"version\":2,"
                "\"created_at\":\"2024-01-01T00:00:00Z\",\"updated_at\":\"2024-01-02T00:00:00Z\"}");
    pl_household h;
    memset(&h, 0, sizeof h);
    h.id = 3;
    snprintf(h.kk, sizeof h.kk, "6474010101090001");
    snprintf(h.village_code, sizeof h.village_code, "64.74.01.1001");
    snprintf(h.address, sizeof h.address, "Jl. Mawar 1");
    snprintf(h.rt, sizeof h.rt, "001");
    snprintf(h.rw, sizeof h.rw, "002");
    snprintf(h.state, sizeof h.state, "draft");
    h.version = 1;
    snprintf(h.created_at, sizeof h.created_at, "2024-01-01T00:00:00Z");
    snprintf(h.updated_at, sizeof h.updated_at, "2024-01-01T00:00:00Z");
    expect_json(pl_json_household(&h, NULL),
                "{\"id\":3,\"kk\":\"6474010101090001\",\"village_code\":\"64.74.01.1001\","
                "\"address\":\"Jl. Mawar 1\",\"rt\":\"001\",\"rw\":\"002\",\"latitude\":null,"
                "\"longitude\":null,\"status\":\"draft\",\"version\":1,"
                "\"created_at\":\"2024-01-01T00:00:00Z\",\"updated_at\":\"2024-01-01T00:00:00Z\"}");
}

/* A transfer request echoes the submitted person under the API's keys, whatever the stored columns.
 */
static void test_transfer(void **state)
{
    (void)state;
    pl_transfer t;
    memset(&t, 0, sizeof t);
    t.id = 4;
    snprintf(t.status, sizeof t.status, "menunggu");
    snprintf(t.kind, sizeof t.kind, "nik");
    snprintf(t.nik, sizeof t.nik, "6474011205809901");
    snprintf(t.kk, sizeof t.kk, "6474010101090001");
    snprintf(t.name, sizeof t.name, "Siti");
    snprintf(t.target_village, sizeof t.target_village, "64.74.01.1001");
    snprintf(t.created_at, sizeof t.created_at, "2024-01-01T00:00:00Z");
    /* stored as pl_transfer_submit_if_hidden keeps it: under the CSV column names */
    json_t *stored = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "nik", "6474011205809901", "no_kk",
                               "6474010101090001", "nama", "Siti", "tanggal_lahir", "1980-05-12",
                               "kode_desa", "64.74.01.1001", "pmks", "8");
    char *text = json_dumps(stored, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(stored);
    assert_non_null(text);
    assert_true(strlen(text) < sizeof t.record);
    memcpy(t.record, text, strlen(text) + 1);
    free(text);
    expect_json(pl_json_transfer(&t, false, NULL),
                "{\"id\":4,\"role\":\"submitter\",\"status\":\"menunggu\",\"nik\":"
                "\"6474011205809901\",\"kk\":\"6474010101090001\",\"name\":\"Siti\","
                "\"village_code\":\"64.74.01.1001\",\"resolved_at\":null,"
                "\"created_at\":\"2024-01-01T00:00:00Z\"}");
    json_t *o = pl_json_transfer(&t, true, NULL);
    assert_non_null(o);
    char *rec = json_dumps(json_object_get(o, "record"), JSON_COMPACT);
    assert_string_equal(rec, "{\"nik\":\"6474011205809901\",\"kk\":\"6474010101090001\","
                             "\"name\":\"Siti\",\"birth_date\":\"1980-05-12\","
                             "\"village_code\":\"64.74.01.1001\",\"categories\":\"8\"}");
    free(rec);
    json_decref(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_region),
        cmocka_unit_test(test_user),
        cmocka_unit_test(test_category),
        cmocka_unit_test(test_program),
        cmocka_unit_test(test_preview),
        cmocka_unit_test(test_finding_and_candidate_mask),
        cmocka_unit_test(test_batch),
        cmocka_unit_test(test_intervention),
        cmocka_unit_test(test_rakor_problem_indicator),
        cmocka_unit_test(test_membership_and_psks),
        cmocka_unit_test(test_import_summary),
        cmocka_unit_test(test_import_summary_dry_run),
        cmocka_unit_test(test_card_status),
        cmocka_unit_test(test_person_household),
        cmocka_unit_test(test_transfer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
