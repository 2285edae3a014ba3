/* account.c - roles as data: permissions and scope levels; account names. */
#include "domain/account.h"
#include "domain/region_code.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* Roles as data: permissions and the region level their scope must have (0 = any). */
static const struct {
    const char *name;
    unsigned perms;
    int level;
} roles[] = {
    {"admin",
     PL_PERM_AGG | PL_PERM_READ | PL_PERM_WRITE | PL_PERM_VERIFY | PL_PERM_EXPORT | PL_PERM_ADMIN |
         PL_PERM_FULL_NIK | PL_PERM_PLAN,
     0},
    {"province", PL_PERM_AGG | PL_PERM_READ | PL_PERM_EXPORT | PL_PERM_PLAN, PL_LEVEL_PROVINCE},
    {"regency",
     PL_PERM_AGG | PL_PERM_READ | PL_PERM_WRITE | PL_PERM_VERIFY | PL_PERM_EXPORT |
         PL_PERM_FULL_NIK | PL_PERM_PLAN,
     PL_LEVEL_REGENCY},
    {"district",
     PL_PERM_AGG | PL_PERM_READ | PL_PERM_WRITE | PL_PERM_EXPORT | PL_PERM_FULL_NIK | PL_PERM_PLAN,
     PL_LEVEL_DISTRICT},
    {"village", PL_PERM_AGG | PL_PERM_READ | PL_PERM_WRITE | PL_PERM_EXPORT | PL_PERM_FULL_NIK,
     PL_LEVEL_VILLAGE},
    {"viewer", PL_PERM_AGG, 0},
};
#define N_ROLES (sizeof roles / sizeof roles[0])

_Static_assert(PL_ACCOUNT_SCOPE_MAX == PL_REGION_CODE_MAX, "a scope is a region code");

unsigned pl_account_perms(const char *role)
{
    for (size_t i = 0; i < N_ROLES; i++)
        if (strcmp(roles[i].name, role) == 0)
            return roles[i].perms;
    return 0;
}

int pl_account_role_check(char *scope, const char *role, const char *scope_in, pl_error *err)
{
    size_t i = 0;
    while (i < N_ROLES && strcmp(roles[i].name, role) != 0)
        i++;
    if (i == N_ROLES)
        return pl_error_set(err, PL_EINVAL, "role",
                            "peran '%s' tidak dikenal (admin, province, regency, district, "
                            "village, viewer)",
                            role);
    scope[0] = '\0';
    int level = 0;
    if (scope_in && scope_in[0]) {
        level = pl_region_code_normalize(scope, scope_in);
        if (level < 0)
            return pl_error_set(err, PL_EINVAL, "scope", "cakupan '%s' bukan kode wilayah",
                                scope_in);
    }
    if (roles[i].level && level != roles[i].level)
        return pl_error_set(err, PL_EINVAL, "scope",
                            "peran %s memerlukan cakupan kode wilayah tingkat %d", role,
                            roles[i].level);
    return 0;
}

int pl_account_name_check(const char *name, pl_error *err)
{
    size_t n = strlen(name);
    if (n == 0 || n >= PL_ACCOUNT_NAME_MAX)
        return pl_error_set(err, PL_EINVAL, "username", "nama pengguna harus 1 sampai %d karakter",
                            PL_ACCOUNT_NAME_MAX - 1);
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  (i > 0 && (c == '.' || c == '_' || c == '-'));
        if (!ok)
            return pl_error_set(err, PL_EINVAL, "username",
                                "nama pengguna hanya boleh huruf kecil, angka, titik, garis bawah "
                                "dan tanda minus");
    }
    return 0;
}
