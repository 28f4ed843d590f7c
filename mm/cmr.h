/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmr internals at run time: regions, the allocation path every public
 * entry takes, and what hangs off it (allocation records, lending of
 * reusable regions, cmr.map= rules, debugfs).  Drivers and the consumers
 * (heap, videobuf2 glue) use include/linux/cmr.h only.
 *
 * Declarations and early boot: mm/cmr_decl.h.  Zones and strategies:
 * mm/cmr_zone.h.
 */
#ifndef _MM_CMR_H
#define _MM_CMR_H

#include <linux/cmr.h>
#include <linux/list.h>
#include <linux/rbtree.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "cmr_zone.h"

struct device_node;
struct cmr_reuse;

/* ---- Regions ------------------------------------------------------------ */

#define CMR_REGION_NOMAP	(1U << 0)
/* Free pages are lent to the page allocator as MIGRATE_CMA pageblocks. */
#define CMR_REGION_REUSABLE	(1U << 1)
/* DMA API allocations that find no room fail rather than fall back. */
#define CMR_REGION_NOFALLBACK	(1U << 2)
/* The board's default contiguous heap: its heap has the usual names too. */
#define CMR_REGION_DEFAULT_HEAP	(1U << 3)

/**
 * struct cmr_region - a reserved, physically contiguous region
 * @name: region name, unique
 * @base: physical start
 * @size: size in bytes
 * @flags: CMR_REGION_*
 * @of_node: the DT node that declared it, or NULL
 * @nr_zones: number of entries in @zones
 * @zones: the zones, @zones[0] is the default one
 * @list: entry in the global region list
 * @stat_lock: protects @used_pages and @peak_pages; taken inside a zone
 *	lock
 * @used_pages: pages allocated from @zones (a reserve's buffers are not
 *	counted again: the reserve is, as one allocation of its zone)
 * @peak_pages: highest @used_pages seen
 * @reuse: lending state of a reusable region (cmr_reuse.c), or NULL
 */
struct cmr_region {
	char name[CMR_NAME_MAX];
	phys_addr_t base;
	phys_addr_t size;
	unsigned int flags;
	struct device_node *of_node;
	unsigned int nr_zones;
	struct cmr_zone *zones;
	struct list_head list;
	spinlock_t stat_lock;
	unsigned long used_pages;
	unsigned long peak_pages;
	struct cmr_reuse *reuse;
};

int cmr_region_register(struct cmr_region *region);
struct cmr_region *cmr_region_find_of_node(const struct device_node *np);

/* The name of @zone's region, for messages; "-" for a bare zone. */
static inline const char *cmr_zone_rname(const struct cmr_zone *zone)
{
	return zone->region ? zone->region->name : "-";
}

/* How @region is mapped, as debugfs and sysfs show it. */
static inline const char *cmr_region_kind(const struct cmr_region *region)
{
	if (region->flags & CMR_REGION_NOMAP)
		return "no-map";
	return (region->flags & CMR_REGION_REUSABLE) ? "reusable" : "map";
}

/* ---- The allocation path (mm/cmr_alloc.c) ------------------------------ */

struct cmr_zone *__cmr_alloc(struct cmr_region *region, struct cmr_zone *zone,
			     struct device *owner,
			     const struct cmr_request *req, phys_addr_t *phys,
			     unsigned long caller);
int __cmr_release(struct cmr_zone *zone, phys_addr_t phys,
		  unsigned long count, unsigned long caller);
bool cmr_owner_unbound(struct device *owner, const char *what,
		       unsigned long caller);
void cmr_report_nomem(struct cmr_region *region, struct cmr_zone *zone,
		      struct device *owner, const struct cmr_request *req);

/* ---- Allocation records (mm/cmr_track.c) -------------------------------- */

/**
 * struct cmr_held - one allocation, as debugfs shows it
 * @node: in the zone's @held tree, by @pfn
 * @next: while spare, the next spare record
 * @pfn: first page frame
 * @count: pages
 * @since: jiffies at allocation
 * @caller: the return address of the API call, when there is no device
 * @who: the owning device's name, or the calling task's
 *
 * Only copied at allocation time: the caller's symbol is looked up when
 * debugfs shows it, not on the allocation path.
 */
struct cmr_held {
	union {
		struct rb_node node;
		struct cmr_held *next;
	};
	unsigned long pfn;
	unsigned long count;
	unsigned long since;
	unsigned long caller;
	char who[32];
};

/* The work item refills when fewer spares than this are left. */
#define CMR_TRACK_LOW		16

/**
 * struct cmr_track_pool - a zone's spare records
 * @zone: the zone
 * @fill: refills @spare when it runs low
 * @spare: unused records, chained through @next; under the zone lock
 * @nr_spare: how many; under the zone lock
 * @chunks: every chunk, to free them; under the zone lock
 * @nr_chunks: how many
 */
struct cmr_track_pool {
	struct cmr_zone *zone;
	struct work_struct fill;
	struct cmr_held *spare;
	unsigned int nr_spare;
	struct cmr_track_chunk *chunks;
	unsigned long nr_chunks;
};

int cmr_track_init(struct cmr_zone *zone);
void cmr_track_exit(struct cmr_zone *zone);
unsigned long cmr_track_chunks(struct cmr_zone *zone);
struct cmr_held *cmr_track_find(struct cmr_zone *zone, unsigned long pfn);
void cmr_track_prepare(struct cmr_zone *zone, struct cmr_held *rec,
		       unsigned long count, struct device *owner,
		       unsigned long caller);
void cmr_track_placed(struct cmr_zone *zone, unsigned long pfn, void *arg);

/**
 * struct cmr_track_release - a release's side of the records
 * @why: the reason a refused release gives
 * @old: the record the release took, for cmr_track_refused(); count 0
 *	for an untracked buffer
 */
struct cmr_track_release {
	const char *why;
	struct cmr_held old;
};

int cmr_track_releasing(struct cmr_zone *zone, unsigned long pfn,
			unsigned long count, void *arg);
void cmr_track_refused(struct cmr_zone *zone, void *arg);

/* ---- Reusable regions (mm/cmr_reuse.c, built with CONFIG_CMA only) ----- */

/* Is @region lent out?  Never without CONFIG_CMA: the calls compile away. */
static inline bool cmr_region_reusable(const struct cmr_region *region)
{
	return IS_ENABLED(CONFIG_CMA) && region &&
	       (region->flags & CMR_REGION_REUSABLE);
}

/* A latency histogram (cmr_reuse.h, cmr_hist.c). */
struct cmr_hist;

int cmr_hist_emit(struct cmr_hist *h, char *buf);

/* The latencies a reusable region keeps (cmr_reuse.c, cmr_ready.c). */
enum cmr_lat {
	CMR_LAT_READY,		/* a buffer's take: kept pages only */
	CMR_LAT_MIGRATE,	/* a buffer's take: lent pages too */
	CMR_LAT_REFILL,		/* a pass of the ready reserve's worker */
	CMR_LAT_NR
};

struct cmr_hist *cmr_reuse_hist(struct cmr_region *region, enum cmr_lat lat);

/* What kept a reusable region's page from being taken back (cmr_busy.c). */
enum cmr_busy {
	CMR_BUSY_PINNED,	/* pinned for DMA */
	CMR_BUSY_WRITEBACK,	/* under writeback */
	CMR_BUSY_UNMOVABLE,	/* not on an LRU list */
	CMR_BUSY_REFERENCE,	/* references beyond its mappings */
	CMR_BUSY_OTHER,		/* nothing seen: the state changed */
	CMR_BUSY_NR
};

int cmr_reuse_lend(struct cmr_region *region, phys_addr_t ready);
int cmr_reuse_take(struct cmr_region *region, unsigned long pfn,
		   unsigned long count);
void cmr_reuse_give(struct cmr_region *region, unsigned long pfn,
		    unsigned long count);
void cmr_reuse_flush(struct cmr_region *region);
void cmr_reuse_zero(struct cmr_region *region, unsigned long pfn,
		    unsigned long count, void *vaddr);
void cmr_ready_get(struct cmr_region *region, unsigned long *ready,
		   unsigned long *kept, unsigned long *lent);
int cmr_ready_set(struct cmr_region *region, unsigned long pages);
enum cmr_busy cmr_busy_page(unsigned long pfn, unsigned long *next);
unsigned long cmr_busy_count(struct cmr_region *region, enum cmr_busy why);

/* ---- cmr.map= (mm/cmr_map.c) ------------------------------------------- */

/* Most targets of one cmr.map= rule. */
#define CMR_MAP_TARGETS		4

/**
 * struct cmr_map_target - a region, and optionally a zone, for a device
 * @region: region name
 * @zone: zone name, "" for the region's default order
 */
struct cmr_map_target {
	char region[CMR_NAME_MAX];
	char zone[CMR_NAME_MAX];
};

/**
 * struct cmr_map_rule - one rule of cmr.map=
 * @pattern: device name pattern, '*' and '?' wildcards
 * @nr: targets in @t
 * @t: the targets, the first being the device's default
 */
struct cmr_map_rule {
	char pattern[64];
	unsigned int nr;
	struct cmr_map_target t[CMR_MAP_TARGETS];
};

int cmr_map_parse_rule(const char *s, size_t len, struct cmr_map_rule *rule,
		       const char **why);
const struct cmr_map_target *cmr_map_lookup(struct device *dev,
					    const char *name);

#endif /* _MM_CMR_H */
