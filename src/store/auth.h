/*
 * auth.h - part of the store interface: accounts, sessions and API tokens (HTTP issue).
 * Included by store.h; callers include store.h only.
 */
#ifndef PL_STORE_AUTH_H
#define PL_STORE_AUTH_H

#endif
