/*
 * program.h - part of the store interface: duplicate candidates and merges,
 * social-assistance programs, enrolments, integrity findings and non-cash
 * disbursement batches (dedup/programs issue). Included by store.h; callers
 * include store.h only.
 */
#ifndef PL_STORE_PROGRAM_H
#define PL_STORE_PROGRAM_H

#endif
