/*
 * schema_sql.h - SQL pieces shared by the PostgreSQL migrations
 * (src/store/pg/schema*.c). Released migrations expand these macros, so
 * their text must never change: a new behaviour gets a new macro.
 *
 * See docs/internals/postgresql.md for the design: partitions by province,
 * the id/NIK/KK registries, rows moving between partitions, the audit and its
 * hash chain.
 */
#ifndef PL_STORE_PG_SCHEMA_SQL_H
#define PL_STORE_PG_SCHEMA_SQL_H

/* The 38 provinces of idn-area-data 4.0.1 (src/domain/region_table.c), one partition each. */
#define PL_PG_PROVINCES                                                                            \
    "'11','12','13','14','15','16','17','18','19','21','31','32','33','34','35','36','51','52',"   \
    "'53','61','62','63','64','65','71','72','73','74','75','76','81','82','91','92','93','94',"   \
    "'95','96'"

/*
 * Creates partition T_PP of the partitioned table T for every province PP, and T_other as the
 * default partition (codes that are no province of the list: a later migration splits them
 * out when the official table gains a province).
 */
#define PL_PG_PARTITIONS(T)                                                                        \
    "DO $$ DECLARE p text; BEGIN "                                                                 \
    "FOREACH p IN ARRAY ARRAY[" PL_PG_PROVINCES "] LOOP "                                          \
    "EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES IN (%L)', '" T "_' || p, '" T      \
    "', p); END LOOP; "                                                                            \
    "EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', '" T "_other', '" T "'); "          \
    "END $$;\n"

/*
 * M(T, PARTITION) for every partition of T that PL_PG_PARTITIONS creates (the provinces of
 * PL_PG_PROVINCES, then the default one): for what a partition needs of its own, such as
 * statement triggers (those of the partitioned table do not fire for a statement that names
 * a partition). A migration that adds a partition adds them to it too.
 */
/* clang-format off */
#define PL_PG_EACH_PARTITION(M, T)                                                                 \
    M(T, T "_11") M(T, T "_12") M(T, T "_13") M(T, T "_14") M(T, T "_15") M(T, T "_16")            \
    M(T, T "_17") M(T, T "_18") M(T, T "_19") M(T, T "_21") M(T, T "_31") M(T, T "_32")            \
    M(T, T "_33") M(T, T "_34") M(T, T "_35") M(T, T "_36") M(T, T "_51") M(T, T "_52")            \
    M(T, T "_53") M(T, T "_61") M(T, T "_62") M(T, T "_63") M(T, T "_64") M(T, T "_65")            \
    M(T, T "_71") M(T, T "_72") M(T, T "_73") M(T, T "_74") M(T, T "_75") M(T, T "_76")            \
    M(T, T "_81") M(T, T "_82") M(T, T "_91") M(T, T "_92") M(T, T "_93") M(T, T "_94")            \
    M(T, T "_95") M(T, T "_96")                                                                    \
    M(T, T "_other")
/* clang-format on */

/*
 * The write audit of table T (entity name T): one AFTER row trigger writing the JSON image of
 * the listed columns (KEYS: "'a','b',..."), before and after. MODE 'bulk' skips inserts while a
 * bulk load runs (pilar.audit_inserts = 'off', as SQLite's PL_SQ_AUDIT_TRIGGERS), 'all' logs
 * every insert (PL_SQ_AUDIT_TRIGGERS_ALL_INSERTS).
 */
#define PL_PG_AUDIT(T, MODE, KEYS)                                                                 \
    "CREATE TRIGGER " T "_audit AFTER INSERT OR UPDATE OR DELETE ON " T                            \
    " FOR EACH ROW EXECUTE FUNCTION pl_audit_row('" T "', '" MODE "', " KEYS ");\n"

/*
 * A partitioned table T whose partition key comes from column COL (its first two characters):
 * the BEFORE UPDATE trigger that notes a row about to move to another partition, and the last
 * AFTER INSERT trigger that forgets it (see pl_move_mark in schema.c).
 */
#define PL_PG_MOVES(T, COL)                                                                        \
    "CREATE TRIGGER " T "_move_mark BEFORE UPDATE ON " T                                           \
    " FOR EACH ROW EXECUTE FUNCTION pl_move_mark('" T "', '" COL "');\n"                           \
    "CREATE TRIGGER zz_" T "_move_done AFTER INSERT ON " T                                         \
    " FOR EACH ROW EXECUTE FUNCTION pl_move_done('" T "');\n"

/* Refuses every UPDATE (or DELETE) of table T with message MSG (a quoted SQL string). */
#define PL_PG_REFUSE(NAME, WHEN, T, MSG)                                                           \
    "CREATE TRIGGER " NAME " BEFORE " WHEN " ON " T                                                \
    " FOR EACH ROW EXECUTE FUNCTION pl_refuse(" MSG ");\n"

#endif
