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
 * them at once, as CMA does.
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

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "cmr."

static unsigned int lend_delay_ms = 1000;
module_param(lend_delay_ms, uint, 0644);
MODULE_PARM_DESC(lend_delay_ms,
		 "Milliseconds a released buffer's pages are kept before they are lent again (0: at once)");

/**
 * struct cmr_reuse - the lending state of a reusable region
 * @region: the region
 * @lock: protects @kept; taken in any context
 * @kept: one bit per page of the region: free in its zones, but held
 *	back from the page allocator until @lend runs
 * @lend: lends the kept pages, @lend_delay_ms after the last release
 */
struct cmr_reuse {
	struct cmr_region *region;
	spinlock_t lock;
	unsigned long *kept;
	struct delayed_work lend;
};

/*
 * alloc_contig_range() isolates whole pageblocks: two calls on ranges that
 * share one would fail each other with -EBUSY.  mm/cma.c serialises with
 * its own mutex for the same reason; cmr's regions never share pageblocks
 * with each other or with a CMA area, so one mutex for cmr does.  It also
 * orders taking pages against lending kept ones.
 */
static DEFINE_MUTEX(cmr_reuse_mutex);

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

/*
 * The first run of pages in [*pos, end) (region page offsets) whose kept
 * bit is @kept; clears the bits of a kept run.  Returns its length and
 * moves *pos to its start; 0 when there is none.
 */
static unsigned long cmr_reuse_next_run(struct cmr_reuse *r,
					unsigned long *pos, unsigned long end,
					bool kept)
{
	unsigned long flags, start, stop;

	spin_lock_irqsave(&r->lock, flags);
	start = kept ? find_next_bit(r->kept, end, *pos) :
		       find_next_zero_bit(r->kept, end, *pos);
	stop = kept ? find_next_zero_bit(r->kept, end, start) :
		      find_next_bit(r->kept, end, start);
	if (kept && start < end)
		bitmap_clear(r->kept, start, stop - start);
	spin_unlock_irqrestore(&r->lock, flags);
	*pos = start;
	return start < end ? stop - start : 0;
}

static void cmr_reuse_keep(struct cmr_reuse *r, unsigned long off,
			   unsigned long count)
{
	unsigned long flags;

	spin_lock_irqsave(&r->lock, flags);
	bitmap_set(r->kept, off, count);
	spin_unlock_irqrestore(&r->lock, flags);
	mod_delayed_work(system_wq, &r->lend,
			 msecs_to_jiffies(READ_ONCE(lend_delay_ms)));
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

/*
 * Take back lent pages [lo, hi) (region page offsets).  Taking part of a
 * free pageblock makes alloc_contig_range() split it and free the rest
 * back page by page, which costs more than the whole block: when the
 * range lies in whole free blocks, take the blocks and keep the rest.
 */
static int cmr_reuse_take_lent(struct cmr_reuse *r, unsigned long lo,
			       unsigned long hi)
{
	unsigned long base = PHYS_PFN(r->region->base);
	unsigned long pages = r->region->size >> PAGE_SHIFT;
	unsigned long wlo = ALIGN_DOWN(lo, pageblock_nr_pages);
	unsigned long whi = min(ALIGN(hi, pageblock_nr_pages), pages);

	if ((wlo < lo || whi > hi) &&
	    cmr_reuse_blocks_free(base + wlo, base + whi) &&
	    !cmr_contig_take(base + wlo, base + whi,
			     GFP_KERNEL | __GFP_NOWARN)) {
		if (wlo < lo)
			cmr_reuse_keep(r, wlo, lo - wlo);
		if (whi > hi)
			cmr_reuse_keep(r, hi, whi - hi);
		return 0;
	}
	return cmr_contig_take(base + lo, base + hi, GFP_KERNEL | __GFP_NOWARN);
}

/* Lend every kept page of the region to the page allocator. */
static void cmr_reuse_lend_kept(struct work_struct *work)
{
	struct cmr_reuse *r = container_of(to_delayed_work(work),
					   struct cmr_reuse, lend);
	unsigned long base = PHYS_PFN(r->region->base);
	unsigned long end = r->region->size >> PAGE_SHIFT, pos = 0, n;

	mutex_lock(&cmr_reuse_mutex);
	while ((n = cmr_reuse_next_run(r, &pos, end, true))) {
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

/* &cmr_zone.claim of a reusable region's zones: take the range back. */
static int cmr_reuse_claim(struct cmr_zone *zone, unsigned long pfn,
			   unsigned long count)
{
	return cmr_reuse_take(zone->region, pfn, count);
}

/**
 * cmr_reuse_lend() - lend a region's pages to the page allocator
 * @region: an active region declared reusable, holding no buffer yet
 *
 * On failure the region stays an ordinary reserved one, with a message.
 *
 * Context: boot, from the activation initcall.
 * Return: 0, -EINVAL if the region cannot be lent, or -ENOMEM.
 */
int __init cmr_reuse_lend(struct cmr_region *region)
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
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (r)
		r->kept = bitmap_zalloc(pages, GFP_KERNEL);
	if (!r || !r->kept) {
		kfree(r);
		pr_err("region %s: not reusable: no memory for its state; kept reserved\n",
		       region->name);
		return -ENOMEM;
	}
	r->region = region;
	spin_lock_init(&r->lock);
	INIT_DELAYED_WORK(&r->lend, cmr_reuse_lend_kept);

	for (; pfn < end; pfn += pageblock_nr_pages)
		init_cma_reserved_pageblock(pfn_to_page(pfn));
	/* CmaTotal in /proc/meminfo; CmaFree follows the free lists. */
	totalcma_pages += pages;
	region->reuse = r;
	region->flags |= CMR_REGION_REUSABLE;
	for (i = 0; i < region->nr_zones; i++)
		region->zones[i].claim = cmr_reuse_claim;
	pr_info("region %s: reusable: %lu MiB lent to the page allocator\n",
		region->name, pages >> (20 - PAGE_SHIFT));
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
	int ret = 0;

	mutex_lock(&cmr_reuse_mutex);
	while (pos < end) {
		/* The next kept run is ours already (its bits are cleared). */
		k = pos;
		n = cmr_reuse_next_run(r, &k, end, true);
		if (n && k == pos) {
			pos += n;
			continue;
		}
		/* Lent pages up to it, or to the end. */
		ret = cmr_reuse_take_lent(r, pos, n ? k : end);
		if (ret) {
			if (n)
				cmr_reuse_keep(r, k, n);
			break;
		}
		pos = n ? k + n : end;
	}
	mutex_unlock(&cmr_reuse_mutex);
	if (ret && pos > off)
		cmr_reuse_keep(r, off, pos - off);
	return ret;
}

/**
 * cmr_reuse_give() - a released buffer's pages, to be lent again
 * @region: a reusable region
 * @pfn: first page frame
 * @count: number of pages
 *
 * Kept for cmr.lend_delay_ms, then lent; lent at once if that is 0.
 *
 * Context: Any context.
 */
void cmr_reuse_give(struct cmr_region *region, unsigned long pfn,
		    unsigned long count)
{
	if (!READ_ONCE(lend_delay_ms)) {
		cmr_reuse_free(pfn, count);
		return;
	}
	cmr_reuse_keep(region->reuse, pfn - PHYS_PFN(region->base), count);
}

/**
 * cmr_reuse_flush() - lend a region's kept pages now
 * @region: a reusable region
 *
 * For tests, and for callers that know the memory is wanted elsewhere.
 *
 * Context: Process context; sleeps.
 */
void cmr_reuse_flush(struct cmr_region *region)
{
	struct cmr_reuse *r = region->reuse;

	mod_delayed_work(system_wq, &r->lend, 0);
	flush_delayed_work(&r->lend);
}
