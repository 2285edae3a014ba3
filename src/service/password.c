/* password.c - changing one's own password after checking the current one. */
#include "service/password.h"
#include "service/user.h"
#include "store/audit.h"

#include <stdio.h>
#include <string.h>

int pl_password_change(pl_user *out, pl_store *s, const pl_actor *who, const char *username,
                       const char *current, const char *new_password, pl_auth_cost cost,
                       pl_error *err)
{
    char hash[PL_PWHASH_MAX] = "";
    pl_user u;
    int rc;
    if (current == NULL || current[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "current_password", "kata sandi saat ini wajib diisi");
    if (new_password == NULL || new_password[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "new_password", "kata sandi baru wajib diisi");
    if ((rc = pl_store_user_get(s, &u, username, hash, sizeof hash, err)))
        goto out;
    if (!pl_auth_password_verify(hash, current)) {
        pl_error e2 = {0};
        /* The failure is recorded; its own failure must not hide the answer. */
        pl_store_audit_add(s, who, "password_change_failed", "app_user", u.id, NULL, NULL, &e2);
        rc = pl_error_set(err, PL_EINVAL, "current_password", "kata sandi saat ini salah");
        goto out;
    }
    if (strcmp(current, new_password) == 0) {
        rc = pl_error_set(err, PL_EINVAL, "new_password",
                          "kata sandi baru harus berbeda dari kata sandi saat ini");
        goto out;
    }
    pl_user_change chg = {.password = new_password, .disabled = -1};
    rc = pl_user_update(s, who, out, u.id, NULL, &chg, cost, err);
    if (rc == PL_EINVAL && strcmp(err->field, "password") == 0)
        snprintf(err->field, sizeof err->field, "%s", "new_password");
out:
    pl_auth_wipe(hash, sizeof hash);
    return rc;
}
