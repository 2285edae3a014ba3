/*
 * report.h - part of the store interface: period counts, indicators, approvals, rakor and interventions (report issue).
 * Included by store.h; callers include store.h only.
 */
#ifndef PL_STORE_REPORT_H
#define PL_STORE_REPORT_H

#endif
