/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmr zones and strategies: a zone is a run of page frames with its lock,
 * counters and one strategy behind &struct cmr_strategy_ops.  This part
 * of cmr knows nothing of devices, the device tree or where the memory
 * is, so it also compiles in user space against tests/shim (the host
 * tests, the fuzzers and make bench).
 */
#ifndef _MM_CMR_ZONE_H
#define _MM_CMR_ZONE_H

#include <linux/cmr.h>
#include <linux/compiler.h>
#include <linux/rbtree.h>
#include <linux/spinlock.h>
#include <linux/types.h>

/* The zone that holds what declared zones leave of a region. */
#define CMR_ZONE_DEFAULT	"default"

/* ---- Strategies ------------------------------------------------------ */

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
extern const struct cmr_strategy_ops cmr_nearfit_ops;

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

/* ---- Zones ------------------------------------------------------------ */

struct cmr_zone;

/**
 * struct cmr_zone_claim - a zone's pages are not the zone's alone
 * @take: called with no lock held on the range the strategy chose,
 *	before it is handed out: 0 to take it, -EBUSY to have it passed
 *	over (kept allocated while the search goes on, as cma_alloc() moves
 *	past a busy range), another errno to fail the allocation
 * @ready: optional; narrows @req's window (zone page offsets) to free
 *	pages that @take hands over at no cost, where @req fits; false when
 *	there are none.  Tried before the strategy's own choice.
 * @cheap: optional; narrows @req's window to the range that looks
 *	cheapest to @take, wherever it lies, or false; weighed before the
 *	strategy's fits when nothing is ready
 * @cost: optional; what @take would cost on [@pfn, @pfn + @count) (say,
 *	pages to migrate), any value above @limit once it is known to pass
 *	it, or a negative errno when it looks bound to fail; the strategy's
 *	fits are taken cheapest first (mm/cmr_claim.c)
 */
struct cmr_zone_claim {
	int (*take)(struct cmr_zone *zone, unsigned long pfn,
		    unsigned long count);
	bool (*ready)(struct cmr_zone *zone, struct cmr_extent_req *req);
	bool (*cheap)(struct cmr_zone *zone, struct cmr_extent_req *req);
	long (*cost)(struct cmr_zone *zone, unsigned long pfn,
		     unsigned long count, long limit);
};

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
 * @rsv_of: for a reserve, the zone it was carved out of; else NULL
 * @claim: what the region's owner does before a range is handed out
 *	(mm/cmr_reuse.c: take lent pages back); NULL for nothing
 * @rsv_orphaned: @rsv_owner was unbound while buffers of the reserve were
 *	held; the reserve waits for the device's next bind
 * @heap: the zone asked for a dma-buf heap of its own
 * @held: the buffers allocated through the API by address, who holds
 *	them and since when (mm/cmr_track.c); under @lock
 * @untracked: buffers allocated while no record could be made; under @lock
 * @records: the spare records and their refill (mm/cmr_track.c), or NULL
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
	struct cmr_zone *rsv_of;
	const struct cmr_zone_claim *claim;
	bool rsv_orphaned;
	bool heap;
	struct rb_root held;
	unsigned long untracked;
	struct cmr_track_pool *records;
};

/**
 * struct cmr_zone_hook - the zone owner's bookkeeping, done in the same
 *	hold of the zone lock as the allocation or release it goes with
 * @placed: the allocation succeeded at @pfn (in a zone with a claim hook,
 *	once the claim did too)
 * @releasing: [@pfn, @pfn + @count) is about to go back, @count as the
 *	caller gave it: 0 to go on, or an errno to refuse the release, the
 *	zone unchanged
 * @refused: the strategy refused a release @releasing let through: undo
 * @arg: passed to each
 *
 * mm/cmr_track.c keeps the allocation records this way.  The lock may be
 * dropped between @releasing and @refused (to grow metadata).
 */
struct cmr_zone_hook {
	void (*placed)(struct cmr_zone *zone, unsigned long pfn, void *arg);
	int (*releasing)(struct cmr_zone *zone, unsigned long pfn,
			 unsigned long count, void *arg);
	void (*refused)(struct cmr_zone *zone, void *arg);
	void *arg;
};

int cmr_zone_init(struct cmr_zone *zone, const char *name,
		  unsigned long base_pfn, unsigned long pages,
		  const struct cmr_strategy_ops *ops,
		  unsigned int order_per_bit);
void cmr_zone_destroy(struct cmr_zone *zone);
int cmr_zone_alloc(struct cmr_zone *zone, unsigned long count,
		   unsigned int align_order, unsigned long min_pfn,
		   unsigned long end_pfn, unsigned long *pfn);
int cmr_zone_release(struct cmr_zone *zone, unsigned long pfn,
		     unsigned long count);
int cmr_zone_alloc_hooked(struct cmr_zone *zone, unsigned long count,
			  unsigned int align_order, unsigned long min_pfn,
			  unsigned long end_pfn, unsigned long *pfn,
			  const struct cmr_zone_hook *hook);
int cmr_zone_release_hooked(struct cmr_zone *zone, unsigned long pfn,
			    unsigned long count,
			    const struct cmr_zone_hook *hook);
unsigned long cmr_zone_round(const struct cmr_zone *zone, unsigned long count);

/* For mm/cmr_claim.c: the zone lock's helpers, and the claimed path. */
bool cmr_zone_grow(struct cmr_zone *zone, unsigned long *flags);

/*
 * The strategy's fit for @req, @zone->lock held (*@flags: its saved
 * interrupt state), its metadata grown when it runs out.
 */
static __always_inline int cmr_zone_fit(struct cmr_zone *zone,
					struct cmr_extent_req *req,
					unsigned long *offset,
					unsigned long *flags)
{
	int ret = zone->ops->alloc(zone->priv, req, offset);

	while (unlikely(ret == -ENOSPC)) {
		if (!cmr_zone_grow(zone, flags))
			break;
		ret = zone->ops->alloc(zone->priv, req, offset);
	}
	return ret;
}

void cmr_zone_count(struct cmr_zone *zone, int ret, unsigned long count);
int cmr_zone_alloc_claimed(struct cmr_zone *zone, struct cmr_extent_req *req,
			   unsigned long *offset,
			   const struct cmr_zone_hook *hook);

#endif /* _MM_CMR_ZONE_H */
