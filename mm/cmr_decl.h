/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmr declarations (early boot): the record the device tree glue and the
 * cmr= parser both produce, the table they fill, and the plan that lays
 * a region's declared zones out at activation.  Nothing here outlives
 * activation but what it copies into the regions (mm/cmr.h).  The parser
 * and the zone layout also compile in user space (tests/host).
 */
#ifndef _MM_CMR_DECL_H
#define _MM_CMR_DECL_H

#include <linux/cmr.h>
#include <linux/types.h>

#include "cmr_zone.h"

struct device_node;

/* Most regions one boot can declare (device tree and cmr= together). */
#define CMR_MAX_REGIONS		16
/* Longest DT node name (with unit address) kept for messages. */
#define CMR_NODE_MAX		64
/* Longest strategy name, including the terminating NUL. */
#define CMR_STRATEGY_MAX	16
/* Most zones a region can declare (the remainder zone comes on top). */
#define CMR_MAX_ZONES		8

/* ---- Declaration records ---------------------------------------------- */

/* Where a declaration came from, and what has been done with it. */
#define CMR_DECL_DT		(1U << 0)	/* from a DT node */
#define CMR_DECL_CMDLINE	(1U << 1)	/* from cmr= */
#define CMR_DECL_FIXED		(1U << 2)	/* @base is required */
#define CMR_DECL_NOMAP		(1U << 3)	/* no linear mapping */
#define CMR_DECL_DISABLE	(1U << 4)	/* cmr=name:0 drops a DT region */
#define CMR_DECL_RESERVED	(1U << 5)	/* memory is held for us */
#define CMR_DECL_REFUSED	(1U << 6)	/* refused; message printed */
#define CMR_DECL_MERGED		(1U << 7)	/* cmr= entry applied to DT */
#define CMR_DECL_REUSABLE	(1U << 8)	/* lend idle pages (cmr_reuse.c) */
#define CMR_DECL_NOFALLBACK	(1U << 9)	/* DMA API: fail, do not fall back */
#define CMR_DECL_DEFAULT_HEAP	(1U << 10)	/* the board's default heap */
#define CMR_DECL_READY		(1U << 11)	/* @ready was given */

/**
 * struct cmr_zone_decl - one zone as declared by DT or cmr=
 * @name: zone name, unique in its region
 * @size: size in bytes
 * @align: least alignment of every buffer in the zone, bytes (0: page)
 * @strategy: strategy name, "" for the region's
 * @heap: the zone is also a dma-buf heap of its own
 */
struct cmr_zone_decl {
	char name[CMR_NAME_MAX];
	phys_addr_t size;
	phys_addr_t align;
	char strategy[CMR_STRATEGY_MAX];
	bool heap;
};

/**
 * struct cmr_decl - one region as declared, before and after reservation
 * @name: region name
 * @node: DT node name with unit address, "" for cmr= entries
 * @size: size in bytes
 * @base: start; required with CMR_DECL_FIXED, the placement once reserved
 * @align: alignment of @base in bytes, a power of two (0: page size)
 * @range_start: lowest allowed start (memory bank), inclusive
 * @range_end: end of the allowed range, exclusive; 0 means no limit
 * @ready: a reusable region's ready reserve in bytes: free pages kept
 *	unlent, so that buffers that fit in it never wait for a migration
 * @flags: CMR_DECL_*
 * @strategy: strategy of the region's zones, "" for the default
 * @nr_zones: entries in @zones; 0 leaves DT regions to their child nodes
 * @zones: zones from cmr=, laid out from the region's base in this order
 *
 * The device tree glue and the cmr= parser both produce these; the
 * reservation code consumes them without knowing where they came from.
 */
struct cmr_decl {
	char name[CMR_NAME_MAX];
	char node[CMR_NODE_MAX];
	phys_addr_t size;
	phys_addr_t base;
	phys_addr_t align;
	phys_addr_t range_start;
	phys_addr_t range_end;
	phys_addr_t ready;
	unsigned int flags;
	char strategy[CMR_STRATEGY_MAX];
	unsigned int nr_zones;
	struct cmr_zone_decl zones[CMR_MAX_ZONES];
};

int cmr_parse_entry(const char *s, size_t len, struct cmr_decl *decl,
		    const char **why);
int cmr_parse_size(const char **s, const char *end, u64 *val);
int cmr_decl_check(const struct cmr_decl *decl, const char **why);
bool cmr_name_valid(const char *s, size_t len);

/* ---- Zone layout (activation) ----------------------------------------- */

/**
 * struct cmr_zone_plan - where one declared zone goes in its region
 * @name: the zone's name
 * @offset: first page, from the region's base
 * @pages: number of pages; 0 when refused
 * @left: pages of the region not yet given to a zone when it was placed
 * @ops: its strategy
 * @align_order: least alignment of its buffers, as a page order
 * @heap: it is also a dma-buf heap of its own
 * @why: NULL, or why the zone was refused
 */
struct cmr_zone_plan {
	const char *name;
	unsigned long offset;
	unsigned long pages;
	unsigned long left;
	const struct cmr_strategy_ops *ops;
	unsigned int align_order;
	bool heap;
	const char *why;
};

unsigned int cmr_zone_layout(const struct cmr_zone_decl *zd, unsigned int nr,
			     unsigned long pages,
			     const struct cmr_strategy_ops *region_ops,
			     struct cmr_zone_plan *plan);

/* ---- The early table (mm/cmr_declare.c, cmr_of.c, cmr_reserve.c) ----- */

/* Early declaration table, shared by the early-boot files only. */
extern struct cmr_decl cmr_decls[CMR_MAX_REGIONS];
extern unsigned int cmr_nr_decls;
extern bool cmr_early_done;

/* Do [a, a + alen) and [b, b + blen) share a byte? */
static inline bool cmr_overlaps(phys_addr_t a, phys_addr_t alen,
				phys_addr_t b, phys_addr_t blen)
{
	return a < b + blen && b < a + alen;
}

struct cmr_decl *cmr_decl_lookup(const char *name);
struct cmr_decl *cmr_decl_add(const struct cmr_decl *decl);
int cmr_reserve_decl(struct cmr_decl *decl);
struct cmr_decl *cmr_decl_overlapping(const struct cmr_decl *d,
				      phys_addr_t base, phys_addr_t size);
void cmr_decl_describe(const struct cmr_decl *decl, char *buf, size_t len);
void cmr_size_describe(phys_addr_t size, char *buf, size_t len);
bool cmr_of_fdt_declares(const char *name);
bool cmr_of_node_seen(const char *node);
void cmr_of_read_zones(struct device_node *np, struct cmr_decl *d);

#endif /* _MM_CMR_DECL_H */
