// SPDX-License-Identifier: GPL-2.0
/*
 * cmr reusable regions: lend a region's idle pages to the page allocator
 * and take them back when a buffer needs them.
 *
 * This is the kernel's CMA machinery, not a new one.  At activation every
 * pageblock of the region becomes MIGRATE_CMA and is freed to the buddy
 * allocator (init_cma_reserved_pageblock(), as cma_activate_area() does),
 * so movable allocations (anonymous memory, page cache) may land there.
 * cmr's strategy still chooses where a buffer goes; alloc_contig_range()
 * then migrates whatever holds that range and hands its pages over.
 *
 * Taking pages back costs a migration, and even on an idle region a
 * pageblock isolation and per-cpu list drains.  Drivers and compositors
 * often free a buffer and allocate its like soon after (a stream
 * restarting, a buffer pool resized), so a released buffer's pages are
 * kept for cmr.lend_delay_ms (default 1 s) before they are lent again:
 * an allocation that lands on kept pages takes them as they are.  0 lends
 * them at once, as CMA does.  A region may also have a ready reserve
 * (mm/cmr_ready.c): pages kept unlent for good, so that the buffers that
 * fit in them never wait for a migration.
 *
 * The region must sit in the linear map (no-map is refused when it is
 * declared), in one memory zone, and start and end on pageblocks, which
 * is what MIGRATE_CMA is tracked by.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/bitmap.h>
#include <linux/cma.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/pfn.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "cmr.h"
#include "cmr_compat.h"
#include "cmr_reuse.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "cmr."

static unsigned int lend_delay_ms = 1000;
module_param(lend_delay_ms, uint, 0644);
MODULE_PARM_DESC(lend_delay_ms,
		 "Milliseconds a released buffer's pages are kept before they are lent again (0: at once)");

/*
 * alloc_contig_range() isolates whole pageblocks: two calls on ranges that
 * share one would fail each other with -EBUSY.  mm/cma.c serialises with
 * its own mutex for the same reason; cmr's regions never share pageblocks
 * with each other or with a CMA area, so one mutex for cmr does.  It also
 * orders taking pages against lending kept ones.
 */
DEFINE_MUTEX(cmr_reuse_mutex);
atomic_t cmr_reuse_waiters = ATOMIC_INIT(0);

/*
 * Lend pages to the page allocator.  free_contig_range() frees them one
 * by one onto the per-cpu lists, where they sit out of CmaFree until a
 * drain, and the next alloc_contig_range() pays for that drain (work on
 * every cpu that holds some).  Aligned blocks above the per-cpu lists'
 * orders go straight to the buddy lists instead, as
 * init_cma_reserved_pageblock() frees a pageblock; only the ragged ends go
 * page by page.
 */
static void cmr_reuse_free(unsigned long pfn, unsigned long count)
{
	unsigned long end = pfn + count, i;
	unsigned int order;
	struct page *page;

	while (pfn < end) {
		order = pfn ? min_t(unsigned int, pageblock_order, __ffs(pfn)) :
			      pageblock_order;
		while ((1UL << order) > end - pfn)
			order--;
		if (order <= PAGE_ALLOC_COSTLY_ORDER) {
			free_contig_range(pfn, 1UL << order);
		} else {
			/* alloc_contig_range() split them: one block again. */
			page = pfn_to_page(pfn);
			for (i = 1; i < 1UL << order; i++)
				set_page_count(page + i, 0);
			__free_pages(page, order);
		}
		pfn += 1UL << order;
	}
}

static unsigned long *cmr_reuse_map(struct cmr_reuse *r,
				    enum cmr_reuse_state state)
{
	return state == CMR_REUSE_KEPT ? r->kept :
	       state == CMR_REUSE_LENT ? r->lent : NULL;
}

/*
 * cmr_reuse_move() with @r->lock held.  Pages that were owned may have
 * been written, and lent ones will be: neither is known clean any more.
 */
void __cmr_reuse_move(struct cmr_reuse *r, unsigned long off, unsigned long n,
		      enum cmr_reuse_state from, enum cmr_reuse_state to)
{
	unsigned long *src = cmr_reuse_map(r, from), *dst = cmr_reuse_map(r, to);

	lockdep_assert_held(&r->lock);
	if (from == CMR_REUSE_OWNED || to == CMR_REUSE_LENT)
		bitmap_clear(r->clean, off, n);
	if (src) {
		bitmap_clear(src, off, n);
		*(from == CMR_REUSE_KEPT ? &r->nr_kept : &r->nr_lent) -= n;
	}
	if (dst) {
		bitmap_set(dst, off, n);
		*(to == CMR_REUSE_KEPT ? &r->nr_kept : &r->nr_lent) += n;
	}
}

/**
 * cmr_reuse_move() - pages of a reusable region change state
 * @r: the region's lending state
 * @off: first page, from the region's base
 * @n: number of pages, all in state @from
 * @from: their state
 * @to: their new state
 *
 * Context: Any context.
 */
void cmr_reuse_move(struct cmr_reuse *r, unsigned long off, unsigned long n,
		    enum cmr_reuse_state from, enum cmr_reuse_state to)
{
	unsigned long flags;

	spin_lock_irqsave(&r->lock, flags);
	__cmr_reuse_move(r, off, n, from, to);
	spin_unlock_irqrestore(&r->lock, flags);
}

/**
 * cmr_reuse_next() - the next run of pages in a state
 * @r: the region's lending state
 * @state: CMR_REUSE_KEPT or CMR_REUSE_LENT
 * @pos: where to look from (region page offset); moved to the run's start
 * @end: where to stop looking
 *
 * Context: Any context.
 * Return: the run's length, 0 when there is none before @end.
 */
unsigned long cmr_reuse_next(struct cmr_reuse *r, enum cmr_reuse_state state,
			     unsigned long *pos, unsigned long end)
{
	unsigned long *map = cmr_reuse_map(r, state), flags, start, stop;

	spin_lock_irqsave(&r->lock, flags);
	start = find_next_bit(map, end, *pos);
	stop = find_next_zero_bit(map, end, start);
	spin_unlock_irqrestore(&r->lock, flags);
	*pos = start;
	return start < end ? stop - start : 0;
}

/*
 * Take [@off, @off + @n) as it is if every page of it is kept: no
 * migration, and no wait for cmr_reuse_mutex, which the workers hold
 * while they take pages back or lend them.  Whether the pages are kept
 * and their move are one look under @r->lock, as in the lend worker.
 */
static bool cmr_reuse_take_kept(struct cmr_reuse *r, unsigned long off,
				unsigned long n)
{
	unsigned long flags;
	bool kept;

	spin_lock_irqsave(&r->lock, flags);
	kept = find_next_zero_bit(r->kept, off + n, off) >= off + n;
	if (kept)
		__cmr_reuse_move(r, off, n, CMR_REUSE_KEPT, CMR_REUSE_OWNED);
	spin_unlock_irqrestore(&r->lock, flags);
	return kept;
}

/**
 * cmr_reuse_wipe() - clear pages of a reusable region
 * @r: the region's lending state
 * @off: first page, from the region's base
 * @n: number of pages, owned by the caller
 *
 * Through the linear map, which holds every reusable region.
 *
 * Context: Process context.
 */
void cmr_reuse_wipe(struct cmr_reuse *r, unsigned long off, unsigned long n)
{
	memset(page_address(pfn_to_page(PHYS_PFN(r->region->base) + off)), 0,
	       n << PAGE_SHIFT);
}

/**
 * cmr_reuse_kick() - have the ready reserve's worker look again
 * @r: the region's lending state
 *
 * After a release: the worker clears the reserve's pages that a buffer
 * left written, at once, so that the next buffer finds them clear.
 *
 * Context: Any context.
 */
void cmr_reuse_kick(struct cmr_reuse *r)
{
	if (READ_ONCE(r->ready))
		mod_delayed_work(system_unbound_wq, &r->refill, 0);
}

/* Owned pages become kept, to be lent after the delay. */
static void cmr_reuse_keep(struct cmr_reuse *r, unsigned long off,
			   unsigned long count)
{
	cmr_reuse_move(r, off, count, CMR_REUSE_OWNED, CMR_REUSE_KEPT);
	mod_delayed_work(system_wq, &r->lend,
			 msecs_to_jiffies(READ_ONCE(lend_delay_ms)));
	cmr_reuse_kick(r);
}

/*
 * Are [start, end) (pageblock-aligned pfns) whole free buddy blocks?  A
 * lockless look, as compaction takes: a wrong answer costs time, not
 * correctness, since alloc_contig_range() checks for itself.
 */
static bool cmr_reuse_blocks_free(unsigned long start, unsigned long end)
{
	struct page *page;

	for (; start < end; start += pageblock_nr_pages) {
		page = pfn_to_page(start);
		if (!PageBuddy(page) ||
		    buddy_order_unsafe(page) < pageblock_order)
			return false;
	}
	return true;
}

/**
 * cmr_reuse_take_lent() - take back lent pages
 * @r: the region's lending state
 * @lo: first page, from the region's base
 * @hi: end of the pages; all of [@lo, @hi) are lent
 *
 * Taking part of a free pageblock makes alloc_contig_range() split it and
 * free the rest back page by page, which costs more than the whole block:
 * when the range lies in whole free blocks, take the blocks and keep the
 * rest.  The caller holds cmr_reuse_mutex.
 *
 * Context: Process context; sleeps.
 * Return: 0 with [@lo, @hi) owned, or alloc_contig_range()'s error; for
 * -EBUSY, the page to blame is told (mm/cmr_busy.c).
 */
int cmr_reuse_take_lent(struct cmr_reuse *r, unsigned long lo,
			unsigned long hi)
{
	unsigned long base = PHYS_PFN(r->region->base);
	unsigned long pages = r->region->size >> PAGE_SHIFT;
	unsigned long wlo = ALIGN_DOWN(lo, pageblock_nr_pages);
	unsigned long whi = min(ALIGN(hi, pageblock_nr_pages), pages);
	int ret;

	lockdep_assert_held(&cmr_reuse_mutex);
	if ((wlo < lo || whi > hi) &&
	    cmr_reuse_blocks_free(base + wlo, base + whi) &&
	    !cmr_contig_take(base + wlo, base + whi,
			     GFP_KERNEL | __GFP_NOWARN)) {
		cmr_reuse_move(r, wlo, whi - wlo, CMR_REUSE_LENT,
			       CMR_REUSE_OWNED);
		if (wlo < lo)
			cmr_reuse_keep(r, wlo, lo - wlo);
		if (whi > hi)
			cmr_reuse_keep(r, hi, whi - hi);
		return 0;
	}
	ret = cmr_contig_take(base + lo, base + hi, GFP_KERNEL | __GFP_NOWARN);
	if (!ret)
		cmr_reuse_move(r, lo, hi - lo, CMR_REUSE_LENT, CMR_REUSE_OWNED);
	else if (ret == -EBUSY)
		cmr_busy_blame(r, base + lo, base + hi);
	return ret;
}

/*
 * The next kept run from *@pos on beyond the first *@budget kept pages,
 * made lent in the same look (cmr_reuse_take_kept() takes kept pages
 * without cmr_reuse_mutex): its length, *@pos at its start; 0 when none.
 */
static unsigned long cmr_reuse_lend_next(struct cmr_reuse *r,
					 unsigned long *pos, unsigned long end,
					 unsigned long *budget)
{
	unsigned long start = *pos, stop = *pos, keep, flags;

	spin_lock_irqsave(&r->lock, flags);
	for (;;) {
		start = find_next_bit(r->kept, end, stop);
		if (start >= end)
			break;
		stop = find_next_zero_bit(r->kept, end, start);
		keep = min(stop - start, *budget);
		*budget -= keep;
		start += keep;
		if (start < stop) {
			__cmr_reuse_move(r, start, stop - start, CMR_REUSE_KEPT,
					 CMR_REUSE_LENT);
			break;
		}
	}
	spin_unlock_irqrestore(&r->lock, flags);
	*pos = start;
	return start < end ? stop - start : 0;
}

/* Lend the region's kept pages, but for the first r->ready of them. */
static void cmr_reuse_lend_kept(struct work_struct *work)
{
	struct cmr_reuse *r = container_of(to_delayed_work(work),
					   struct cmr_reuse, lend);
	unsigned long base = PHYS_PFN(r->region->base);
	unsigned long end = r->region->size >> PAGE_SHIFT, pos = 0, n;
	unsigned long budget = READ_ONCE(r->ready);

	mutex_lock(&cmr_reuse_mutex);
	while ((n = cmr_reuse_lend_next(r, &pos, end, &budget))) {
		cmr_reuse_free(base + pos, n);
		pos += n;
		cond_resched();
	}
	mutex_unlock(&cmr_reuse_mutex);
}

/* Why a region declared reusable cannot be lent, or NULL. */
static const char * __init cmr_reuse_why_not(const struct cmr_region *region)
{
	unsigned long pfn = PHYS_PFN(region->base);
	unsigned long end = pfn + (region->size >> PAGE_SHIFT);
	struct zone *zone;

	if (!IS_ALIGNED(region->base | region->size, CMA_MIN_ALIGNMENT_BYTES))
		return "base and size must be multiples of a pageblock";
	if (!pfn_valid(pfn))
		return "its memory has no struct page";
	zone = page_zone(pfn_to_page(pfn));
	for (; pfn < end; pfn++)
		if (!pfn_valid(pfn) || page_zone(pfn_to_page(pfn)) != zone)
			return "it spans a hole or two memory zones";
	return NULL;
}

/* &cmr_zone_claim.take of a reusable region's zones: take the range back. */
static int cmr_reuse_claim(struct cmr_zone *zone, unsigned long pfn,
			   unsigned long count)
{
	return cmr_reuse_take(zone->region, pfn, count);
}

static bool cmr_reuse_zone_ready(struct cmr_zone *zone,
				 struct cmr_extent_req *req)
{
	return cmr_ready_window(zone->region, zone, req);
}

static bool cmr_reuse_zone_cheap(struct cmr_zone *zone,
				 struct cmr_extent_req *req)
{
	return cmr_cheap_window(zone->region, zone, req);
}

static long cmr_reuse_zone_cost(struct cmr_zone *zone, unsigned long pfn,
				unsigned long count, long limit)
{
	return cmr_busy_cost(zone->region->reuse, pfn, count, limit);
}

static const struct cmr_zone_claim cmr_reuse_zone_claim = {
	.take	= cmr_reuse_claim,
	.ready	= cmr_reuse_zone_ready,
	.cheap	= cmr_reuse_zone_cheap,
	.cost	= cmr_reuse_zone_cost,
};

/* The region's lending state, every page lent; NULL without memory. */
static struct cmr_reuse * __init cmr_reuse_alloc(struct cmr_region *region)
{
	unsigned long pages = region->size >> PAGE_SHIFT;
	struct cmr_reuse *r = kzalloc(sizeof(*r), GFP_KERNEL);

	if (!r)
		return NULL;
	r->kept = bitmap_zalloc(pages, GFP_KERNEL);
	r->lent = bitmap_zalloc(pages, GFP_KERNEL);
	r->clean = bitmap_zalloc(pages, GFP_KERNEL);
	if (!r->kept || !r->lent || !r->clean) {
		bitmap_free(r->kept);
		bitmap_free(r->lent);
		bitmap_free(r->clean);
		kfree(r);
		return NULL;
	}
	bitmap_fill(r->lent, pages);
	r->nr_lent = pages;
	r->region = region;
	spin_lock_init(&r->lock);
	INIT_DELAYED_WORK(&r->lend, cmr_reuse_lend_kept);
	return r;
}

/**
 * cmr_reuse_lend() - lend a region's pages to the page allocator
 * @region: an active region declared reusable, holding no buffer yet
 * @ready: its ready reserve in bytes, taken back from the page allocator
 *	right after; 0 for none
 *
 * On failure the region stays an ordinary reserved one, with a message.
 *
 * Context: boot, from the activation initcall.
 * Return: 0, -EINVAL if the region cannot be lent, or -ENOMEM.
 */
int __init cmr_reuse_lend(struct cmr_region *region, phys_addr_t ready)
{
	unsigned long pfn = PHYS_PFN(region->base);
	unsigned long pages = region->size >> PAGE_SHIFT;
	unsigned long end = pfn + pages;
	const char *why = cmr_reuse_why_not(region);
	struct cmr_reuse *r;
	unsigned int i;

	if (why) {
		pr_err("region %s: not reusable: %s (%lu KiB); kept reserved\n",
		       region->name, why, CMA_MIN_ALIGNMENT_BYTES >> 10);
		return -EINVAL;
	}
	r = cmr_reuse_alloc(region);
	if (!r) {
		pr_err("region %s: not reusable: no memory for its state; kept reserved\n",
		       region->name);
		return -ENOMEM;
	}
	for (; pfn < end; pfn += pageblock_nr_pages)
		init_cma_reserved_pageblock(pfn_to_page(pfn));
	/* CmaTotal in /proc/meminfo; CmaFree follows the free lists. */
	totalcma_pages += pages;
	region->reuse = r;
	region->flags |= CMR_REGION_REUSABLE;
	for (i = 0; i < region->nr_zones; i++)
		region->zones[i].claim = &cmr_reuse_zone_claim;
	pr_info("region %s: reusable: %lu MiB lent to the page allocator\n",
		region->name, pages >> (20 - PAGE_SHIFT));
	cmr_ready_init(r, ready);
	return 0;
}

/**
 * cmr_reuse_take() - own the pages of a range chosen for a buffer
 * @region: a reusable region
 * @pfn: first page frame, chosen by the zone's strategy
 * @count: number of pages
 *
 * Kept pages are taken as they are; lent ones are taken back with
 * alloc_contig_range(), which migrates what holds them elsewhere.  On
 * failure the pages this call did own are kept, to be lent again later.
 * What the ready reserve lost is taken back in the background.  The time
 * a success took is counted in the region's histogram of takes from kept
 * pages only, or of takes that needed lent ones.
 *
 * Context: Process context; sleeps.
 * Return: 0, -EBUSY if a page of the range cannot move (pinned, or in
 * flight), -EINTR on a fatal signal, -ENOMEM if there is nowhere to
 * migrate to.
 */
int cmr_reuse_take(struct cmr_region *region, unsigned long pfn,
		   unsigned long count)
{
	struct cmr_reuse *r = region->reuse;
	unsigned long base = PHYS_PFN(region->base), off = pfn - base;
	unsigned long end = off + count, pos = off, k, n;
	enum cmr_lat lat = CMR_LAT_READY;
	u64 t0 = ktime_get_ns();
	int ret = 0;

	if (cmr_reuse_take_kept(r, off, count)) {
		cmr_hist_add(&r->lat[lat], ktime_get_ns() - t0);
		cmr_ready_took(r);
		return 0;
	}
	/* The refill worker gives way (cmr_ready_refill()). */
	atomic_inc(&cmr_reuse_waiters);
	mutex_lock(&cmr_reuse_mutex);
	atomic_dec(&cmr_reuse_waiters);
	while (pos < end) {
		/* A kept run here is taken as it is. */
		k = pos;
		n = cmr_reuse_next(r, CMR_REUSE_KEPT, &k, end);
		if (n && k == pos) {
			cmr_reuse_move(r, pos, n, CMR_REUSE_KEPT,
				       CMR_REUSE_OWNED);
			pos += n;
			continue;
		}
		/* Lent pages up to it, or to the end. */
		ret = cmr_reuse_take_lent(r, pos, n ? k : end);
		if (ret)
			break;
		lat = CMR_LAT_MIGRATE;
		pos = n ? k : end;
	}
	mutex_unlock(&cmr_reuse_mutex);
	if (ret && pos > off)
		cmr_reuse_keep(r, off, pos - off);
	if (!ret)
		cmr_hist_add(&r->lat[lat], ktime_get_ns() - t0);
	cmr_ready_took(r);
	return ret;
}

/**
 * cmr_reuse_give() - a released buffer's pages, to be lent again
 * @region: a reusable region
 * @pfn: first page frame
 * @count: number of pages
 *
 * The ready reserve gets what it lacks; the rest is kept for
 * cmr.lend_delay_ms, then lent, or lent at once if that is 0.
 *
 * Context: Any context.
 */
void cmr_reuse_give(struct cmr_region *region, unsigned long pfn,
		    unsigned long count)
{
	struct cmr_reuse *r = region->reuse;
	unsigned long off = pfn - PHYS_PFN(region->base), keep, flags;

	if (READ_ONCE(lend_delay_ms)) {
		cmr_reuse_keep(r, off, count);
		return;
	}
	spin_lock_irqsave(&r->lock, flags);
	keep = min(count, cmr_ready_deficit(r));
	spin_unlock_irqrestore(&r->lock, flags);
	if (keep) {
		cmr_reuse_move(r, off, keep, CMR_REUSE_OWNED, CMR_REUSE_KEPT);
		cmr_reuse_kick(r);
	}
	if (count > keep) {
		cmr_reuse_move(r, off + keep, count - keep, CMR_REUSE_OWNED,
			       CMR_REUSE_LENT);
		cmr_reuse_free(pfn + keep, count - keep);
	}
}

/**
 * cmr_reuse_zero() - clear what a new buffer's pages may hold
 * @region: a reusable region
 * @pfn: the buffer's first page frame
 * @count: its pages, just taken by a zone of @region
 * @vaddr: its kernel mapping
 *
 * The pages the ready reserve's worker cleared while they were kept are
 * left as they are; only the others are cleared, on the caller's path.
 *
 * Context: Process context.
 */
void cmr_reuse_zero(struct cmr_region *region, unsigned long pfn,
		    unsigned long count, void *vaddr)
{
	struct cmr_reuse *r = region->reuse;
	unsigned long off = pfn - PHYS_PFN(region->base), end = off + count;
	unsigned long lo = off, hi, flags;

	while (lo < end) {
		spin_lock_irqsave(&r->lock, flags);
		lo = find_next_zero_bit(r->clean, end, lo);
		hi = find_next_bit(r->clean, end, lo);
		spin_unlock_irqrestore(&r->lock, flags);
		if (lo < end)
			memset(vaddr + ((lo - off) << PAGE_SHIFT), 0,
			       (hi - lo) << PAGE_SHIFT);
		lo = hi;
	}
}

/**
 * cmr_reuse_hist() - one of a reusable region's latency histograms
 * @region: a reusable region
 * @lat: which
 *
 * Context: Any context.
 * Return: the histogram.
 */
struct cmr_hist *cmr_reuse_hist(struct cmr_region *region, enum cmr_lat lat)
{
	return &region->reuse->lat[lat];
}

/**
 * cmr_reuse_flush() - lend a region's kept pages now
 * @region: a reusable region
 *
 * All but its ready reserve.  For tests, and for callers that know the
 * memory is wanted elsewhere.
 *
 * Context: Process context; sleeps.
 */
void cmr_reuse_flush(struct cmr_region *region)
{
	struct cmr_reuse *r = region->reuse;

	mod_delayed_work(system_wq, &r->lend, 0);
	flush_delayed_work(&r->lend);
}
