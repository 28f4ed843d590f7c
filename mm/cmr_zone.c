// SPDX-License-Identifier: GPL-2.0
/*
 * cmr zones: argument checks, locking and statistics around a strategy.
 *
 * A zone is a run of page frames managed by one strategy.  Every request
 * passes through here, so the strategies see only well-formed requests and
 * the counters are kept in one place.  The zone lock is a spinlock taken
 * with interrupts off, so a buffer may be released from any context; the
 * strategies never sleep or allocate under it.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "cmr.h"
#include "cmr_decl.h"

/* The first one is the default. */
static const struct cmr_strategy_ops *const cmr_strategies[] = {
	&cmr_tree_ops,
	&cmr_bitmap_ops,
	&cmr_bestfit_ops,
	&cmr_nearfit_ops,
};

/**
 * cmr_strategy_find() - look up a strategy by name
 * @name: strategy name, or NULL for the default
 *
 * Return: the strategy, or NULL if no strategy has that name.
 */
const struct cmr_strategy_ops *cmr_strategy_find(const char *name)
{
	unsigned int i;

	if (!name)
		return cmr_strategies[0];
	for (i = 0; i < ARRAY_SIZE(cmr_strategies); i++)
		if (!strcmp(cmr_strategies[i]->name, name))
			return cmr_strategies[i];
	return NULL;
}

/**
 * cmr_zone_init() - set up a zone over a run of page frames
 * @zone: zone to fill in (its memory need not be zeroed)
 * @name: zone name
 * @base_pfn: first page frame, a multiple of 2^@order_per_bit
 * @pages: number of pages, a non-zero multiple of 2^@order_per_bit
 * @ops: strategy
 * @order_per_bit: allocation granule, as a page order
 *
 * Return: 0, -EINVAL for bad geometry or name, or the strategy's error.
 */
int cmr_zone_init(struct cmr_zone *zone, const char *name,
		  unsigned long base_pfn, unsigned long pages,
		  const struct cmr_strategy_ops *ops,
		  unsigned int order_per_bit)
{
	unsigned long granule;
	size_t len = strlen(name);
	int ret;

	if (order_per_bit >= BITS_PER_LONG - 1 || !ops)
		return -EINVAL;
	granule = 1UL << order_per_bit;
	if (!pages || (pages | base_pfn) & (granule - 1) ||
	    base_pfn + pages < base_pfn)
		return -EINVAL;
	if (!cmr_name_valid(name, len))
		return -EINVAL;

	memset(zone, 0, sizeof(*zone));
	memcpy(zone->name, name, len + 1);
	zone->base_pfn = base_pfn;
	zone->pages = pages;
	zone->order_per_bit = order_per_bit;
	zone->ops = ops;
	zone->stats.total_pages = pages;
	spin_lock_init(&zone->lock);

	ret = ops->init(&zone->priv, base_pfn, pages, order_per_bit);
	if (ret)
		zone->ops = NULL;
	return ret;
}

/**
 * cmr_zone_destroy() - free a zone's strategy state
 * @zone: zone set up by cmr_zone_init()
 */
void cmr_zone_destroy(struct cmr_zone *zone)
{
	if (zone->ops)
		zone->ops->destroy(zone->priv);
	zone->ops = NULL;
	zone->priv = NULL;
}

/**
 * cmr_zone_round() - a page count rounded up to the zone's granule
 * @zone: the zone
 * @count: pages
 *
 * Return: the pages an allocation of @count takes.
 */
unsigned long cmr_zone_round(const struct cmr_zone *zone, unsigned long count)
{
	unsigned long granule = 1UL << zone->order_per_bit;

	return (count + granule - 1) & ~(granule - 1);
}

/* Cut @req to the window [min_pfn, end_pfn), in whole granules. */
static void cmr_zone_window(const struct cmr_zone *zone, unsigned long min_pfn,
			    unsigned long end_pfn, struct cmr_extent_req *req)
{
	unsigned long granule_mask = (1UL << zone->order_per_bit) - 1;

	/* The zone's base is granule-aligned. */
	if (min_pfn > zone->base_pfn)
		req->lo = min_pfn - zone->base_pfn >= zone->pages ? zone->pages :
			  cmr_zone_round(zone, min_pfn - zone->base_pfn);
	if (end_pfn && end_pfn <= zone->base_pfn)
		req->hi = 0;
	else if (end_pfn && end_pfn - zone->base_pfn < zone->pages)
		req->hi = (end_pfn - zone->base_pfn) & ~granule_mask;
}

/*
 * Build the strategy's request for [min_pfn, end_pfn) cut to the zone.
 * Return: 0, or -EINVAL when nothing in the window could ever satisfy it.
 */
static inline int cmr_zone_request(const struct cmr_zone *zone,
				   unsigned long count,
				   unsigned int align_order,
				   unsigned long min_pfn, unsigned long end_pfn,
				   struct cmr_extent_req *req)
{
	unsigned long first;

	/* The zone's own alignment is a floor under every request's. */
	align_order = max(align_order, zone->align_order);
	if (unlikely(!count || count > zone->pages ||
		     align_order >= BITS_PER_LONG ||
		     (1UL << align_order) > zone->pages))
		return -EINVAL;
	req->count = cmr_zone_round(zone, count);
	req->align = 1UL << align_order;
	req->phase = zone->base_pfn & (req->align - 1);
	req->lo = 0;
	req->hi = zone->pages;
	if (unlikely(min_pfn || end_pfn)) {
		cmr_zone_window(zone, min_pfn, end_pfn, req);
		if (req->lo >= req->hi || req->count > req->hi - req->lo)
			return -EINVAL;
	}
	/* The first start at or above lo that is aligned. */
	first = ALIGN(zone->base_pfn + req->lo, req->align) - zone->base_pfn;
	if (unlikely(first < req->lo || first > req->hi - req->count))
		return -EINVAL;
	return 0;
}

/*
 * Follow a zone's used pages in its region's counters; the zone lock is
 * held.  A reserve is a zone of its own hung off one of the region's
 * zones, whose pages are counted already.
 */
static inline void cmr_zone_account(struct cmr_zone *zone, long pages)
{
	struct cmr_region *r = zone->region;

	if (!r || zone->rsv_of)
		return;
	spin_lock(&r->stat_lock);
	r->used_pages += pages;
	if (r->used_pages > r->peak_pages)
		r->peak_pages = r->used_pages;
	spin_unlock(&r->stat_lock);
}

/*
 * The strategy asked for a metadata chunk: allocate one with the zone lock
 * dropped (the caller holds it, with *@flags) and hand it over.  Returns
 * false, with the lock held again, when there is no memory.
 */
bool cmr_zone_grow(struct cmr_zone *zone, unsigned long *flags)
	__must_hold(&zone->lock)
{
	void *meta;

	spin_unlock_irqrestore(&zone->lock, *flags);
	meta = kmalloc(zone->ops->meta_size, GFP_NOWAIT | __GFP_NOWARN);
	spin_lock_irqsave(&zone->lock, *flags);
	if (meta)
		zone->ops->add_meta(zone->priv, meta);
	return meta;
}

/* Count an allocation's outcome; the zone lock is held. */
void cmr_zone_count(struct cmr_zone *zone, int ret, unsigned long count)
	__must_hold(&zone->lock)
{
	if (ret) {
		zone->stats.failures++;
		if (ret == -ENOMEM &&
		    zone->pages - zone->stats.used_pages >= count)
			zone->stats.failures_fragmented++;
		return;
	}
	zone->stats.allocs++;
	zone->stats.used_pages += count;
	if (zone->stats.used_pages > zone->stats.peak_pages)
		zone->stats.peak_pages = zone->stats.used_pages;
	cmr_zone_account(zone, count);
}

/*
 * Have the strategy place @req and count the outcome; 0 and *@offset, or
 * the strategy's error.
 */
static __always_inline int cmr_zone_place(struct cmr_zone *zone,
					  struct cmr_extent_req *req,
					  unsigned long *offset,
					  const struct cmr_zone_hook *hook)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&zone->lock, flags);
	ret = cmr_zone_fit(zone, req, offset, &flags);
	cmr_zone_count(zone, ret, req->count);
	if (!ret && hook)
		hook->placed(zone, zone->base_pfn + *offset, hook->arg);
	spin_unlock_irqrestore(&zone->lock, flags);
	return ret;
}

/**
 * cmr_zone_alloc() - allocate contiguous pages inside a pfn window
 * @zone: the zone
 * @count: number of pages; rounded up to the zone's granule
 * @align_order: the first page frame is a multiple of 2^@align_order,
 *	and of 2^@zone->align_order
 * @min_pfn: lowest acceptable first page frame
 * @end_pfn: the pages must end at or below this frame; 0 for no limit
 * @pfn: where to store the first page frame
 *
 * Return: 0; -EINVAL when no placement in the zone and window could ever
 * satisfy the request (0 pages, too large, alignment beyond the zone, a
 * window outside the zone or too small for the aligned request);
 * -ENOMEM when the free extents do not fit it now, or the strategy's
 * metadata could not grow (GFP_NOWAIT).  Both failures are counted, and a
 * misfit also as fragmented when the zone had enough free pages in all.
 * With a @zone->claim hook, also its error: -EINTR, or -ENOMEM when every
 * range tried was busy.
 *
 * Context: Any context; does not sleep, but for @zone->claim: a zone
 * with one is used from process context only.
 */
int cmr_zone_alloc(struct cmr_zone *zone, unsigned long count,
		   unsigned int align_order, unsigned long min_pfn,
		   unsigned long end_pfn, unsigned long *pfn)
{
	return cmr_zone_alloc_hooked(zone, count, align_order, min_pfn,
				     end_pfn, pfn, NULL);
}

/**
 * cmr_zone_alloc_hooked() - cmr_zone_alloc() with the owner's bookkeeping
 * @zone: the zone
 * @count: number of pages
 * @align_order: as cmr_zone_alloc()
 * @min_pfn: as cmr_zone_alloc()
 * @end_pfn: as cmr_zone_alloc()
 * @pfn: where to store the first page frame
 * @hook: @hook->placed is called under the zone lock on success; or NULL
 *
 * Context: as cmr_zone_alloc().
 * Return: as cmr_zone_alloc().
 */
int cmr_zone_alloc_hooked(struct cmr_zone *zone, unsigned long count,
			  unsigned int align_order, unsigned long min_pfn,
			  unsigned long end_pfn, unsigned long *pfn,
			  const struct cmr_zone_hook *hook)
{
	struct cmr_extent_req req;
	unsigned long offset, flags;
	int ret;

	ret = cmr_zone_request(zone, count, align_order, min_pfn, end_pfn,
			       &req);
	if (unlikely(ret)) {
		spin_lock_irqsave(&zone->lock, flags);
		zone->stats.failures++;
		spin_unlock_irqrestore(&zone->lock, flags);
		return ret;
	}
	if (unlikely(zone->claim))
		ret = cmr_zone_alloc_claimed(zone, &req, &offset, hook);
	else
		ret = cmr_zone_place(zone, &req, &offset, hook);
	if (ret)
		return ret == -EINVAL || ret == -EINTR ? ret : -ENOMEM;
	*pfn = zone->base_pfn + offset;
	return 0;
}

/**
 * cmr_zone_release() - give pages back to a zone
 * @zone: the zone they came from
 * @pfn: first page frame, as cmr_zone_alloc() stored it
 * @count: the count passed to cmr_zone_alloc()
 *
 * A part of an allocation may be released on its own, as with CMA.
 *
 * Context: Any context; does not sleep.
 * Return: 0, -EINVAL if the range is not inside the zone or not wholly
 * allocated, or -ENOMEM if cutting an allocation in pieces needed
 * strategy metadata that could not be allocated; the zone is unchanged
 * then.
 */
int cmr_zone_release(struct cmr_zone *zone, unsigned long pfn,
		     unsigned long count)
{
	return cmr_zone_release_hooked(zone, pfn, count, NULL);
}

/**
 * cmr_zone_release_hooked() - cmr_zone_release() with the owner's
 *	bookkeeping
 * @zone: the zone
 * @pfn: first page frame
 * @count: the count passed to cmr_zone_alloc()
 * @hook: @hook->releasing may refuse the release under the zone lock,
 *	@hook->refused hears of the strategy's refusal; or NULL
 *
 * Context: as cmr_zone_release().
 * Return: as cmr_zone_release(), or the error of @hook->releasing.
 */
int cmr_zone_release_hooked(struct cmr_zone *zone, unsigned long pfn,
			    unsigned long count,
			    const struct cmr_zone_hook *hook)
{
	unsigned long offset = pfn - zone->base_pfn, asked = count;
	unsigned long granule = 1UL << zone->order_per_bit;
	unsigned long flags;
	int ret;

	if (!count || pfn < zone->base_pfn || offset >= zone->pages ||
	    count > zone->pages - offset || offset & (granule - 1))
		return -EINVAL;
	count = cmr_zone_round(zone, count);
	if (count > zone->pages - offset)
		return -EINVAL;

	spin_lock_irqsave(&zone->lock, flags);
	if (hook) {
		ret = hook->releasing(zone, pfn, asked, hook->arg);
		if (ret) {
			spin_unlock_irqrestore(&zone->lock, flags);
			return ret;
		}
	}
	ret = zone->ops->release(zone->priv, offset, count);
	while (unlikely(ret == -ENOSPC)) {
		ret = -ENOMEM;
		if (!cmr_zone_grow(zone, &flags))
			break;
		ret = zone->ops->release(zone->priv, offset, count);
	}
	if (!ret) {
		zone->stats.releases++;
		zone->stats.used_pages -= count;
		cmr_zone_account(zone, -(long)count);
	} else if (hook) {
		hook->refused(zone, hook->arg);
	}
	spin_unlock_irqrestore(&zone->lock, flags);
	return ret;
}

/**
 * cmr_zone_get_stats() - read a zone's counters
 * @zone: the zone
 * @stats: where to copy them
 *
 * The copy is consistent: it is taken under the zone lock.  The free-extent
 * figures come from the strategy and may cost time in proportion to the
 * zone (the bitmap strategies walk their bitmap).
 *
 * Context: Any context.
 */
void cmr_zone_get_stats(struct cmr_zone *zone, struct cmr_stats *stats)
{
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	*stats = zone->stats;
	zone->ops->extents(zone->priv, &stats->largest_free,
			   &stats->free_extents);
	spin_unlock_irqrestore(&zone->lock, flags);
}
EXPORT_SYMBOL_GPL(cmr_zone_get_stats);
