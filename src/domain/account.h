/*
 * account.h - the pure rules about accounts: which roles exist, what each
 * may do (permissions), what region scope each must have, and what an
 * account name may look like. No I/O, no secrets: hashing and tokens live in
 * service/auth.h, the units of work on accounts in service/user.h.
 */
#ifndef PL_DOMAIN_ACCOUNT_H
#define PL_DOMAIN_ACCOUNT_H

#include "util/error.h"

#define PL_ACCOUNT_NAME_MAX 64  /* bytes with the NUL; equals the store's PL_USERNAME_MAX */
#define PL_ACCOUNT_SCOPE_MAX 14 /* a dotted region prefix + NUL */

/* Permissions; a role grants a set, an HTTP route requires one. */
enum {
    PL_PERM_PUBLIC = 0,        /* no authentication */
    PL_PERM_AGG = 1 << 0,      /* any signed-in account: aggregates, regions, categories */
    PL_PERM_READ = 1 << 1,     /* personal records (never viewer) */
    PL_PERM_WRITE = 1 << 2,    /* register and change records, import */
    PL_PERM_VERIFY = 1 << 3,   /* verify / reject */
    PL_PERM_EXPORT = 1 << 4,   /* exports of personal records */
    PL_PERM_ADMIN = 1 << 5,    /* accounts, audit */
    PL_PERM_FULL_NIK = 1 << 6, /* sees NIK and KK unmasked */
    PL_PERM_PLAN = 1 << 7,     /* writes the rakor's interventions (follow-up) */
};

/* The permissions of a role name (admin, province, ...; 0 for an unknown role). */
unsigned pl_account_perms(const char *role);

/*
 * Checks a role and normalises its scope (dotted region prefix, or plain
 * digits) into scope (PL_ACCOUNT_SCOPE_MAX bytes): admin may have any scope
 * (usually ""), province needs a province code, regency a regency, district
 * a district, village a village; viewer any. scope_in may be NULL or "".
 * Errors: PL_EINVAL naming "role" or "scope".
 */
int pl_account_role_check(char *scope, const char *role, const char *scope_in, pl_error *err);

/*
 * Checks an account name: 1..63 bytes of [a-z0-9._-], starting with a
 * letter or digit. Errors: PL_EINVAL naming "username".
 */
int pl_account_name_check(const char *name, pl_error *err);

#endif
