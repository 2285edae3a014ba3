/*
 * rakor_json.h - the JSON shapes of the rakor area: meetings, the problems
 * raised there, interventions and statistics-office indicators, shared by
 * the CLI's --json output and the HTTP API (keys listed in docs/api.md).
 * Every function returns a new reference owned by the caller, or NULL when
 * memory runs out.
 */
#ifndef PL_IO_RAKOR_JSON_H
#define PL_IO_RAKOR_JSON_H

#include "store/store.h"

#include <jansson.h>

/*
 * A rakor: id, tahun, tuan_rumah, tanggal, tema, peserta. Callers listing
 * rakor add "masalah" (an array of pl_json_rakor_problem).
 */
json_t *pl_json_rakor(const pl_rakor *r);

/* A problem raised at a rakor: id, wilayah, kategori (null = none), uraian. */
json_t *pl_json_rakor_problem(const pl_rakor_problem *p);

/*
 * An intervention: id, version, tahun_rakor, wilayah, uraian, tingkat,
 * penanggung_jawab, status, kategori, anggaran, tenggat (null when not
 * set), catatan_terakhir ({tanggal, isi} of the newest follow-up note, or
 * null).
 */
json_t *pl_json_intervention(const pl_intervention *iv);

/* An indicator value: kode_wilayah, tahun, indikator, nilai, sumber. */
json_t *pl_json_indicator(const pl_indicator *in);

#endif
