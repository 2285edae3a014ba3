/*
 * schema_pmt.c - migration 17 of the SQLite schema (issue 19, welfare
 * ranking): the socio-economic variables of households, proxy-means-test
 * models as data and the history of scoring runs. Never edit a released
 * migration: add a new one.
 *
 * - household_socio: one row per household with the variables an operator
 *   enters (domain/pmt.h; enumerations as option codes, yes/no as 0/1);
 *   audited like households (every insert, update and delete).
 * - pmt_model / pmt_weight: a model per region (province or regency) and
 *   version; a new import is a new version, and versions are never changed
 *   or deleted. The current model of a region is its highest version.
 * - pmt_run / pmt_score: each scoring run and the score, decile and
 *   explanation (JSON: [{"var","value","contribution"}]) of every household
 *   it ranked, with the model used. Kept for ever (history).
 */
#include "store/sqlite/internal.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

#define SOCIO_JSON(R)                                                                          \
    "json_object('household_id'," R ".household_id,'status_bangunan'," R                      \
    ".status_bangunan,'luas_lantai'," R ".luas_lantai,'lantai'," R ".lantai,'dinding'," R     \
    ".dinding,'atap'," R ".atap,'sumber_air'," R ".sumber_air,'fasilitas_bab'," R             \
    ".fasilitas_bab,'penerangan'," R ".penerangan,'bahan_bakar'," R ".bahan_bakar,"           \
    "'pendidikan_kepala'," R ".pendidikan_kepala,'anggota_bekerja'," R ".anggota_bekerja,"    \
    "'lemari_es'," R ".lemari_es,'ac'," R ".ac,'pemanas_air'," R ".pemanas_air,'televisi'," R \
    ".televisi,'komputer'," R ".komputer,'emas'," R ".emas,'sepeda_motor'," R                 \
    ".sepeda_motor,'mobil'," R ".mobil,'perahu_motor'," R ".perahu_motor,'lahan'," R          \
    ".lahan,'rumah_lain'," R ".rumah_lain,'ternak_besar'," R ".ternak_besar,'source'," R      \
    ".source,'version'," R ".version)"

const char pl_sq_migration_pmt[] =
    "CREATE TABLE household_socio(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  household_id INTEGER NOT NULL UNIQUE REFERENCES household(id),\n"
    "  status_bangunan TEXT, luas_lantai REAL, lantai TEXT, dinding TEXT, atap TEXT,\n"
    "  sumber_air TEXT, fasilitas_bab TEXT, penerangan TEXT, bahan_bakar TEXT,\n"
    "  pendidikan_kepala TEXT, anggota_bekerja INTEGER,\n"
    "  lemari_es INTEGER, ac INTEGER, pemanas_air INTEGER, televisi INTEGER, komputer INTEGER,\n"
    "  emas INTEGER, sepeda_motor INTEGER, mobil INTEGER, perahu_motor INTEGER, lahan INTEGER,\n"
    "  rumah_lain INTEGER, ternak_besar INTEGER,\n"
    "  source TEXT NOT NULL DEFAULT 'entri' CHECK(source IN ('entri','impor','lapangan')),\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  updated_at TEXT NOT NULL,\n"
    "  updated_by TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE pmt_model(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  region TEXT NOT NULL,\n"
    "  version INTEGER NOT NULL CHECK(version >= 1),\n"
    "  intercept REAL NOT NULL,\n"
    "  source TEXT NOT NULL DEFAULT '',\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL,\n"
    "  UNIQUE(region, version)\n"
    ");\n"
    "CREATE TABLE pmt_weight(\n"
    "  model_id INTEGER NOT NULL REFERENCES pmt_model(id),\n"
    "  variable TEXT NOT NULL,\n"
    "  category TEXT NOT NULL DEFAULT '',\n"
    "  weight REAL NOT NULL,\n"
    "  PRIMARY KEY(model_id, variable, category)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TRIGGER pmt_model_kept BEFORE UPDATE ON pmt_model BEGIN "
    "SELECT RAISE(ABORT, 'PMT model versions are never changed'); END;\n"
    "CREATE TRIGGER pmt_model_no_delete BEFORE DELETE ON pmt_model BEGIN "
    "SELECT RAISE(ABORT, 'PMT model versions are kept'); END;\n"
    "CREATE TRIGGER pmt_weight_kept BEFORE UPDATE ON pmt_weight BEGIN "
    "SELECT RAISE(ABORT, 'PMT model versions are never changed'); END;\n"
    "CREATE TRIGGER pmt_weight_no_delete BEFORE DELETE ON pmt_weight BEGIN "
    "SELECT RAISE(ABORT, 'PMT model versions are kept'); END;\n"
    "CREATE TABLE pmt_run(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  region TEXT NOT NULL,\n"
    "  at TEXT NOT NULL,\n"
    "  actor TEXT NOT NULL,\n"
    "  scored INTEGER NOT NULL DEFAULT 0,\n"
    "  unscored INTEGER NOT NULL DEFAULT 0,\n"
    "  reason TEXT NOT NULL DEFAULT ''\n"
    ");\n"
    "CREATE TABLE pmt_score(\n"
    "  run_id INTEGER NOT NULL REFERENCES pmt_run(id),\n"
    "  household_id INTEGER NOT NULL,\n"
    "  model_id INTEGER NOT NULL REFERENCES pmt_model(id),\n"
    "  province TEXT NOT NULL,\n"
    "  score REAL NOT NULL,\n"
    "  decile INTEGER NOT NULL CHECK(decile BETWEEN 1 AND 10),\n"
    "  explain TEXT NOT NULL DEFAULT '[]' CHECK(json_valid(explain)),\n"
    "  PRIMARY KEY(household_id, run_id)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX pmt_score_run ON pmt_score(run_id);\n"
    "CREATE TRIGGER pmt_score_kept BEFORE UPDATE ON pmt_score BEGIN "
    "SELECT RAISE(ABORT, 'PMT scores are history'); END;\n"
    "CREATE TRIGGER pmt_score_no_delete BEFORE DELETE ON pmt_score BEGIN "
    "SELECT RAISE(ABORT, 'PMT scores are history'); END;\n"
    "CREATE TRIGGER pmt_run_no_delete BEFORE DELETE ON pmt_run BEGIN "
    "SELECT RAISE(ABORT, 'PMT runs are history'); END;\n"
    PL_SQ_AUDIT_TRIGGERS_ALL_INSERTS("household_socio", SOCIO_JSON);

/* Socio-economic rows against their latest audited image (PL_SQ_DRIFT). */
const char pl_sq_drift_socio[] = PL_SQ_DRIFT("household_socio", SOCIO_JSON);
/* clang-format on */
