#include "util/vec.h"

#include <string.h>

int pl_vec_grow(void *pp, size_t *cap, size_t need, size_t elem, size_t limit)
{
    if (elem == 0)
        return PL_EINVAL;
    /* The most elements whose byte size fits in a ptrdiff_t (and the limit). */
    size_t most = (size_t)PTRDIFF_MAX / elem;
    if (limit != 0 && limit < most)
        most = limit;
    if (need > most)
        return PL_ENOMEM;
    if (need <= *cap)
        return 0;
    size_t ncap = *cap;
    if (ncap == 0) {
        ncap = 256 / elem;
        if (ncap < 16)
            ncap = 16;
    }
    while (ncap < need)
        ncap = ncap > most / 2 ? most : ncap * 2;
    if (ncap > most)
        ncap = most;
    /* pp points at a T *: copy it out and back rather than alias it as void *. */
    void *old;
    memcpy(&old, pp, sizeof old);
    void *p = realloc(old, ncap * elem);
    if (p == NULL)
        return PL_ENOMEM;
    memcpy(pp, &p, sizeof p);
    *cap = ncap;
    return 0;
}
