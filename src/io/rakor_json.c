/* rakor_json.c - JSON of rakor, their problems, interventions and indicators. */
#include "io/rakor_json.h"

static json_t *int_or_null(int64_t v)
{
    return v ? json_integer(v) : json_null();
}

json_t *pl_json_rakor(const pl_rakor *r)
{
    return json_pack("{s:I,s:i,s:s,s:s,s:s,s:s}", "id", (json_int_t)r->id, "tahun", r->year,
                     "tuan_rumah", r->host_region, "tanggal", r->held_on, "tema", r->theme,
                     "peserta", r->participants);
}

json_t *pl_json_rakor_problem(const pl_rakor_problem *p)
{
    return json_pack("{s:I,s:s,s:o,s:s}", "id", (json_int_t)p->id, "wilayah", p->region, "kategori",
                     int_or_null(p->category), "uraian", p->text);
}

json_t *pl_json_intervention(const pl_intervention *iv)
{
    json_t *note = iv->last_note[0]
                       ? json_pack("{s:s,s:s}", "tanggal", iv->last_note_on, "isi", iv->last_note)
                       : json_null();
    return json_pack("{s:I,s:I,s:i,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o}", "id", (json_int_t)iv->id,
                     "version", (json_int_t)iv->version, "tahun_rakor", iv->rakor_year, "wilayah",
                     iv->region, "uraian", iv->title, "tingkat", iv->level, "penanggung_jawab",
                     iv->owner, "status", iv->status, "kategori", int_or_null(iv->category),
                     "anggaran", iv->has_budget ? json_real(iv->budget) : json_null(), "tenggat",
                     iv->due_date[0] ? json_string(iv->due_date) : json_null(), "catatan_terakhir",
                     note);
}

json_t *pl_json_indicator(const pl_indicator *in)
{
    return json_pack("{s:s,s:i,s:s,s:f,s:s}", "kode_wilayah", in->region, "tahun", in->year,
                     "indikator", in->name, "nilai", in->value, "sumber", in->source);
}
