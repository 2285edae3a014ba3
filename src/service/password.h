/*
 * password.h - a signed-in user changing their own password: the current
 * password is checked before the new one replaces it (POST /api/v1/me/password).
 * Kept apart from service/user.h, whose pl_user_update does the change.
 */
#ifndef PL_SERVICE_PASSWORD_H
#define PL_SERVICE_PASSWORD_H

#include "service/auth.h"
#include "store/auth.h"
#include "store/store.h"

/*
 * Replaces the password of account username (the caller's own) with
 * new_password when current matches the stored hash, through pl_user_update
 * (audited without the hash). A wrong current password changes nothing and
 * writes a "password_change_failed" audit row. *out receives the account.
 * Errors: PL_EINVAL naming "current_password" (wrong or missing) or
 * "new_password" (missing, too short or long, equal to the current one),
 * PL_ENOTFOUND, store errors.
 */
int pl_password_change(pl_user *out, pl_store *s, const pl_actor *who, const char *username,
                       const char *current, const char *new_password, pl_auth_cost cost,
                       pl_error *err);

#endif
