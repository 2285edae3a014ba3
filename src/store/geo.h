/*
 * geo.h - part of the store interface: coordinates, region outlines, spatial index, disaster events and disability cards (geo issue).
 * Included by store.h; callers include store.h only.
 */
#ifndef PL_STORE_GEO_H
#define PL_STORE_GEO_H

#endif
