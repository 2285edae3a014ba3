/*
 * region.h - loading the Kemendagri region tree (provinces, regencies,
 * districts, villages) from the CSV files of idn-area-data.
 */
#ifndef PL_SERVICE_REGION_H
#define PL_SERVICE_REGION_H

#include "store/store.h"

/*
 * Reads provinces.csv, regencies.csv, districts.csv and villages.csv from
 * dir (columns code, name and the parent's *_code), checks every code's
 * level, and writes the whole tree (new and renamed regions) with one audit
 * row "region_import". counts[1..4] receive the regions stored per level
 * afterwards. Errors: PL_EINVAL (missing column, a code of the wrong level;
 * err names the file and row), PL_ENOMEM, PL_EIO.
 */
int pl_region_import(long counts[5], pl_store *s, const pl_actor *who, const char *dir,
                     pl_error *err);

#endif
