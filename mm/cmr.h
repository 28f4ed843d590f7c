/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmr internals: declaration records, regions, zones and the strategy ops
 * table.  Drivers use include/linux/cmr.h only.
 *
 * The zone and strategy parts below (struct cmr_zone, struct cmr_extent_req,
 * struct cmr_strategy_ops, cmr_zone_*()) and the cmr= parser also compile in
 * userspace against tests/host/include, so they use nothing but plain kernel
 * library headers.
 */
#ifndef _MM_CMR_H
#define _MM_CMR_H

#include <linux/cmr.h>
#include <linux/list.h>
#include <linux/rbtree.h>
#include <linux/spinlock.h>
#include <linux/types.h>

/* Most regions one boot can declare (device tree and cmr= together). */
#define CMR_MAX_REGIONS		16
/* Longest DT node name (with unit address) kept for messages. */
#define CMR_NODE_MAX		64
/* Longest strategy name, including the terminating NUL. */
#define CMR_STRATEGY_MAX	16
/* Most zones a region can declare (the remainder zone comes on top). */
#define CMR_MAX_ZONES		8
/* The zone that holds what declared zones leave of a region. */
#define CMR_ZONE_DEFAULT	"default"

/* ---- Declaration records (early boot) ------------------------------- */

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

/* ---- Strategies --------------------------------------------------- */

/**
 * struct cmr_extent_req - an allocation request in zone page offsets
 * @count: pages wanted, > 0, a multiple of the zone's granule
 * @align: required alignment of the physical page frame, in pages; a
 *	power of two
 * @phase: the zone's base pfn modulo @align: offset o is aligned when
 *	(o + @phase) is a multiple of @align
 * @lo: lowest acceptable start offset
 * @hi: the extent must end at or before this offset
 */
struct cmr_extent_req {
	unsigned long count;
	unsigned long align;
	unsigned long phase;
	unsigned long lo;
	unsigned long hi;
};

/**
 * struct cmr_strategy_ops - an allocation strategy
 * @name: name used by DT and cmr= to select it
 * @init: set up state for @pages pages from @base_pfn, in granules of
 *	2^@order_per_bit pages; store it in *@priv.  Called once, in process
 *	context, before any other op.  Returns 0, -E2BIG for a zone the
 *	strategy cannot index, or -ENOMEM.
 * @destroy: free what @init and @add_meta brought.
 * @alloc: find a free extent satisfying @req, mark it used, store its
 *	offset.  Returns 0, -ENOMEM when no extent fits, or -ENOSPC when the
 *	strategy needs a metadata chunk first (nothing is changed then).
 *	Called under the zone spinlock: must not sleep or allocate memory.
 * @release: mark [@offset, @offset + @count) free.  Returns 0, -EINVAL
 *	if any page of it is not allocated, or -ENOSPC as @alloc (nothing is
 *	changed then).  Called under the zone spinlock.
 * @extents: report the largest free extent and the number of free extents,
 *	in pages.  Called under the zone spinlock, for statistics only; it
 *	may cost time in proportion to the zone.
 * @meta_size: bytes of one metadata chunk; 0 if @alloc never asks
 * @add_meta: take @mem, @meta_size bytes the zone allocated outside its
 *	lock after @alloc or @release returned -ENOSPC; freed by @destroy.
 *	Called under the zone spinlock.
 *
 * Strategies manage page offsets only.  They know nothing of devices,
 * locking, statistics or where the memory is: the zone does all that.
 * Argument checks are done by the zone before the call.
 */
struct cmr_strategy_ops {
	const char *name;
	int (*init)(void **priv, unsigned long base_pfn, unsigned long pages,
		    unsigned int order_per_bit);
	void (*destroy)(void *priv);
	int (*alloc)(void *priv, const struct cmr_extent_req *req,
		     unsigned long *offset);
	int (*release)(void *priv, unsigned long offset, unsigned long count);
	void (*extents)(void *priv, unsigned long *largest,
			unsigned long *count);
	size_t meta_size;
	void (*add_meta)(void *priv, void *mem);
};

extern const struct cmr_strategy_ops cmr_bitmap_ops;
extern const struct cmr_strategy_ops cmr_bestfit_ops;
extern const struct cmr_strategy_ops cmr_tree_ops;

/**
 * struct cmr_bitmap - state of the bitmap-based strategies
 * @map: one bit per granule, set when allocated
 * @bits: number of granules
 * @order_per_bit: a granule is 2^order_per_bit pages
 */
struct cmr_bitmap {
	unsigned long *map;
	unsigned long bits;
	unsigned int order_per_bit;
};

int cmr_bitmap_init(void **priv, unsigned long base_pfn, unsigned long pages,
		    unsigned int order_per_bit);
void cmr_bitmap_destroy(void *priv);
int cmr_bitmap_release(void *priv, unsigned long offset, unsigned long count);
void cmr_bitmap_extents(void *priv, unsigned long *largest,
			unsigned long *count);

const struct cmr_strategy_ops *cmr_strategy_find(const char *name);

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

/* ---- Zones ---------------------------------------------------------- */

/**
 * struct cmr_zone - a part of a region with its own strategy
 * @name: zone name, unique in the region
 * @region: the owning region (NULL for zones built by tests)
 * @base_pfn: first page frame
 * @pages: number of pages
 * @order_per_bit: allocation granule is 2^order_per_bit pages
 * @align_order: least alignment of every allocation, as a page order
 * @ops: the strategy
 * @priv: the strategy's state
 * @lock: protects @priv's state and @stats
 * @stats: counters
 * @rsv: the reserve carved out for @rsv_owner by cmr_zone_configure(), a
 *	zone of its own over one allocation of this one; or NULL
 * @rsv_owner: the device the reserve is kept for
 * @rsv_orphaned: @rsv_owner was unbound while buffers of the reserve were
 *	held; the reserve waits for the device's next bind
 * @heap: the zone asked for a dma-buf heap of its own
 * @held: the buffers allocated through the API by address, who holds
 *	them and since when (mm/cmr_track.c); under @lock
 * @untracked: buffers allocated while no record could be made; under @lock
 */
struct cmr_zone {
	char name[CMR_NAME_MAX];
	struct cmr_region *region;
	unsigned long base_pfn;
	unsigned long pages;
	unsigned int order_per_bit;
	unsigned int align_order;
	const struct cmr_strategy_ops *ops;
	void *priv;
	spinlock_t lock;
	struct cmr_stats stats;
	struct cmr_zone *rsv;
	struct device *rsv_owner;
	bool rsv_orphaned;
	bool heap;
	struct rb_root held;
	unsigned long untracked;
};

int cmr_zone_init(struct cmr_zone *zone, const char *name,
		  unsigned long base_pfn, unsigned long pages,
		  const struct cmr_strategy_ops *ops,
		  unsigned int order_per_bit);
void cmr_zone_destroy(struct cmr_zone *zone);
int cmr_zone_alloc(struct cmr_zone *zone, unsigned long count,
		   unsigned int align_order, unsigned long *pfn);
int cmr_zone_alloc_range(struct cmr_zone *zone, unsigned long count,
			 unsigned int align_order, unsigned long min_pfn,
			 unsigned long end_pfn, unsigned long *pfn);
int cmr_zone_release(struct cmr_zone *zone, unsigned long pfn,
		     unsigned long count);
unsigned long cmr_zone_round(const struct cmr_zone *zone, unsigned long count);

/* ---- Regions (run time) --------------------------------------------- */

struct cmr_reuse;

#define CMR_REGION_NOMAP	(1U << 0)
/* Free pages are lent to the page allocator as MIGRATE_CMA pageblocks. */
#define CMR_REGION_REUSABLE	(1U << 1)

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

void *cmr_vmap_wc(phys_addr_t phys, size_t size);
void cmr_report_nomem(struct cmr_region *region, const char *zone,
		      struct device *owner, const struct cmr_request *req);

/**
 * struct cmr_held - one allocation, as debugfs shows it
 * @node: in the zone's @held tree, by @pfn
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
	struct rb_node node;
	unsigned long pfn;
	unsigned long count;
	unsigned long since;
	unsigned long caller;
	char who[32];
};

void cmr_track_add(struct cmr_zone *zone, phys_addr_t phys,
		   unsigned long count, struct device *owner,
		   unsigned long caller);
struct cmr_held *cmr_track_find(struct cmr_zone *zone, unsigned long pfn);
int cmr_track_check(struct cmr_zone *zone, phys_addr_t phys,
		    unsigned long count, const char **why);
void cmr_track_del(struct cmr_zone *zone, phys_addr_t phys);

/* ---- Devices that lost their driver (mm/cmr_owner.c) ------------------- */

bool cmr_owner_unbound(struct device *owner, const char *what,
		       unsigned long caller);

struct dentry;
void cmr_debugfs_zones(struct dentry *root);

/* ---- cmr.map= (mm/cmr_map.c) ---------------------------------------- */

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
struct cmr_zone *cmr_region_alloc_for(struct cmr_region *region,
				      const char *zone, struct device *owner,
				      const struct cmr_request *req,
				      phys_addr_t *phys);
struct cmr_region *cmr_region_find_of_node(const struct device_node *np);

int cmr_zone_take(struct cmr_zone *zone, const struct cmr_request *req,
		  phys_addr_t *phys);
void cmr_zone_give(struct cmr_zone *zone, unsigned long pfn,
		   unsigned long count);

/* Reusable regions (cmr_reuse.c, built with CONFIG_CMA only). */
int cmr_reuse_lend(struct cmr_region *region);
int cmr_reuse_take(struct cmr_region *region, unsigned long pfn,
		   unsigned long count);
void cmr_reuse_give(struct cmr_region *region, unsigned long pfn,
		    unsigned long count);
void cmr_reuse_flush(struct cmr_region *region);

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
bool cmr_of_fdt_declares(const char *name);
bool cmr_of_node_seen(const char *node);
void cmr_of_read_zones(struct device_node *np, struct cmr_decl *d);

#endif /* _MM_CMR_H */
