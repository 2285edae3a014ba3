/* placeholder: replaced by the registry branch */
const char pl_pg_migration_28[] = "SELECT 1;\n";
