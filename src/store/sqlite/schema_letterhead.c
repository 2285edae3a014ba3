/*
 * schema_letterhead.c - migration 20 of the SQLite schema (issue 21, item
 * 7): the letterhead and signature block of an office's printed reports,
 * one row per province or regency. Never edit a released migration: add a
 * new one.
 *
 * Audited by triggers like every table a person writes; the image holds the
 * logo's size, not its bytes.
 */
#include "store/sqlite/internal.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

#define LETTERHEAD_JSON(R)                                                                      \
    "json_object('region'," R ".region,'agency'," R ".agency,'office_name'," R                 \
    ".office_name,'address'," R ".address,'place'," R ".place,'signer_title'," R               \
    ".signer_title,'signer_name'," R ".signer_name,'signer_nip'," R ".signer_nip,"             \
    "'logo_bytes',coalesce(length(" R ".logo),0),'version'," R ".version)"

const char pl_sq_migration_letterhead[] =
    "CREATE TABLE letterhead(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  region TEXT NOT NULL UNIQUE REFERENCES region(code),\n"
    "  agency TEXT NOT NULL DEFAULT '',\n"
    "  office_name TEXT NOT NULL CHECK(length(office_name) > 0),\n"
    "  address TEXT NOT NULL DEFAULT '',\n"
    "  place TEXT NOT NULL DEFAULT '',\n"
    "  signer_title TEXT NOT NULL DEFAULT '',\n"
    "  signer_name TEXT NOT NULL DEFAULT '',\n"
    "  signer_nip TEXT NOT NULL DEFAULT '',\n"
    "  logo BLOB CHECK(logo IS NULL OR length(logo) <= 262144),\n"
    "  updated_at TEXT NOT NULL,\n"
    "  updated_by TEXT NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1\n"
    ");\n"
    PL_SQ_AUDIT_TRIGGERS_ALL_INSERTS("letterhead", LETTERHEAD_JSON);
/* clang-format on */
