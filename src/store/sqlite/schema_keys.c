/* placeholder: replaced by the registry branch */
const char pl_sq_migration_28[] = "";
