/*
 * schema_notify.c - migration 25: statement triggers that tell the listeners of
 * store/shared.h what changed, on the channel pilar_change. "auth": accounts and tokens (a
 * remembered token check is void); "person": people and the KK their rows show (a cached
 * person is void). NOTIFY is sent at commit and folds repeats within a transaction, so a
 * bulk import costs one notification per kind. A statement trigger on the partitioned parent
 * does not fire for a statement that names a partition, so each partition has its own.
 */
#include "store/pg/schema_sql.h"

/* clang-format off */
#define NOTIFY_ON_25(T, TABLE)                                                                 \
    "CREATE TRIGGER " T "_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON " TABLE     \
    " FOR EACH STATEMENT EXECUTE FUNCTION pl_notify_change('person');\n"

const char pl_pg_migration_25[] =
    "CREATE FUNCTION pl_notify_change() RETURNS trigger LANGUAGE plpgsql AS $f$ "
    "BEGIN PERFORM pg_notify('pilar_change', TG_ARGV[0]); RETURN NULL; END $f$;\n"
    "CREATE TRIGGER app_user_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON app_user "
    "FOR EACH STATEMENT EXECUTE FUNCTION pl_notify_change('auth');\n"
    "CREATE TRIGGER api_token_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON api_token "
    "FOR EACH STATEMENT EXECUTE FUNCTION pl_notify_change('auth');\n"
    "CREATE TRIGGER household_key_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "
    "household_key FOR EACH STATEMENT EXECUTE FUNCTION pl_notify_change('person');\n"
    NOTIFY_ON_25("person", "person") PL_PG_EACH_PARTITION(NOTIFY_ON_25, "person");
/* clang-format on */
