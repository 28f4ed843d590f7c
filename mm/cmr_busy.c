// SPDX-License-Identifier: GPL-2.0
/*
 * Why a reusable region's pages could not be taken back.
 *
 * alloc_contig_range() says -EBUSY and no more; users of CMA are left with
 * "PFNs busy" and no idea whose page it was.  After such a failure cmr
 * looks at the range's pages the way compaction does, without locks, and
 * blames the first one that is neither free nor plainly movable: pinned
 * for DMA (an O_DIRECT read in flight, a driver's pin), under writeback,
 * not on an LRU list (unmovable, or isolated by someone else), or holding
 * references beyond its mappings and page cache (vmsplice, a get_page()
 * somewhere).  A wrong guess costs a wrong word in a message: the page may
 * change under us, and then the failure is "busy for a moment".
 *
 * Each blame is counted per region and reason (sysfs blocked_*), traced
 * (cmr_busy) and, rate-limited, told in one line, followed by the page's
 * owner when the kernel keeps one (page_owner=on).
 *
 * The same look, before any attempt, weighs the candidate ranges of an
 * allocation (mm/cmr_claim.c): pages to migrate, or bound to fail; a page
 * blamed a moment ago keeps its ranges last for CMR_BUSY_MEMORY.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/page_owner.h>
#include <linux/pfn.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <trace/events/cmr.h>

#include "cmr.h"
#include "cmr_compat.h"
#include "cmr_reuse.h"

static const char * const cmr_busy_names[CMR_BUSY_NR] = {
	[CMR_BUSY_PINNED]	= "pinned for DMA",
	[CMR_BUSY_WRITEBACK]	= "under writeback",
	[CMR_BUSY_UNMOVABLE]	= "unmovable",
	[CMR_BUSY_REFERENCE]	= "extra reference",
	[CMR_BUSY_OTHER]	= "busy for a moment",
};

static DEFINE_RATELIMIT_STATE(cmr_busy_rs, 5 * HZ, 10);

/* How long a blamed page keeps its ranges last. */
#define CMR_BUSY_MEMORY		HZ

/**
 * cmr_busy_page() - what keeps a page from moving, as its state tells
 * @pfn: the page frame
 * @next: set to the first page frame after @pfn's buddy block or page
 *
 * Context: Any context; takes no lock, so the answer may be stale.
 * Return: the reason, or CMR_BUSY_NR when the page is free or movable.
 */
enum cmr_busy cmr_busy_page(unsigned long pfn, unsigned long *next)
{
	struct page *page = pfn_to_page(pfn);
	unsigned int order;
	struct folio *folio;

	*next = pfn + 1;
	if (PageBuddy(page)) {
		order = buddy_order_unsafe(page);
		if (order <= pageblock_order && IS_ALIGNED(pfn, 1UL << order))
			*next = pfn + (1UL << order);
		return CMR_BUSY_NR;
	}
	/* Being freed (per-cpu lists): gone by the next try. */
	if (!page_count(page))
		return CMR_BUSY_NR;
	folio = page_folio(page);
	if (folio_maybe_dma_pinned(folio))
		return CMR_BUSY_PINNED;
	if (folio_test_writeback(folio))
		return CMR_BUSY_WRITEBACK;
	if (!folio_test_lru(folio))
		return CMR_BUSY_UNMOVABLE;
	if (folio_ref_count(folio) > folio_expected_ref_count(folio))
		return CMR_BUSY_REFERENCE;
	return CMR_BUSY_NR;
}

/* Remember @pfn as blamed now: its ranges go last for a while. */
static void cmr_busy_remember(struct cmr_reuse *r, unsigned long pfn)
{
	unsigned long flags;

	spin_lock_irqsave(&r->lock, flags);
	r->recent[r->recent_next].pfn = pfn;
	r->recent[r->recent_next].when = jiffies;
	r->recent_next = (r->recent_next + 1) % CMR_BUSY_RECENT;
	spin_unlock_irqrestore(&r->lock, flags);
}

/* Was a page of [start, end) blamed less than CMR_BUSY_MEMORY ago? */
static bool cmr_busy_recent(struct cmr_reuse *r, unsigned long start,
			    unsigned long end)
{
	unsigned long flags;
	bool hit = false;
	unsigned int i;

	spin_lock_irqsave(&r->lock, flags);
	for (i = 0; i < CMR_BUSY_RECENT && !hit; i++)
		hit = r->recent[i].pfn >= start && r->recent[i].pfn < end &&
		      r->recent[i].when &&
		      time_before(jiffies, r->recent[i].when + CMR_BUSY_MEMORY);
	spin_unlock_irqrestore(&r->lock, flags);
	return hit;
}

/**
 * cmr_busy_page_cost() - what taking one page of a region back would cost
 * @r: the region's lending state
 * @pfn: the page frame
 * @next: set to the first page frame after @pfn's buddy block or page
 *
 * Context: Any context; takes no lock, so it guesses.
 * Return: 0 for a kept or free page, 1 for one in use (it must migrate),
 * -EBUSY for one that looks as if it cannot move.
 */
long cmr_busy_page_cost(struct cmr_reuse *r, unsigned long pfn,
			unsigned long *next)
{
	if (test_bit(pfn - PHYS_PFN(r->region->base), r->kept)) {
		*next = pfn + 1;
		return 0;
	}
	if (cmr_busy_page(pfn, next) != CMR_BUSY_NR)
		return -EBUSY;
	return !PageBuddy(pfn_to_page(pfn)) && page_count(pfn_to_page(pfn));
}

/**
 * cmr_busy_cost() - what taking a range back would cost, as far as its
 *	pages tell
 * @r: the region's lending state
 * @pfn: first page frame
 * @count: number of pages
 * @limit: the look stops once the cost passes it
 *
 * Kept and free pages cost nothing; each page in use costs one (it must
 * migrate).  A page that looks as if it cannot move, or that kept one of
 * the range's pages less than a second ago, makes it bound to fail.
 * Free pages are stepped over a buddy block at a time, pages in use one
 * by one: a range is read up to @limit pages in use, which a cheaper
 * one weighed before it sets.
 *
 * Context: Any context; takes no lock but @r->lock, so it guesses.
 * Return: the cost (more than @limit: some value above it), or -EBUSY.
 */
long cmr_busy_cost(struct cmr_reuse *r, unsigned long pfn,
		   unsigned long count, long limit)
{
	unsigned long end = pfn + count, next;
	long cost = 0, c;

	if (cmr_busy_recent(r, pfn, end))
		return -EBUSY;
	for (; pfn < end && cost <= limit; pfn = next) {
		c = cmr_busy_page_cost(r, pfn, &next);
		if (c < 0)
			return c;
		cost += c;
	}
	return cost;
}

/**
 * cmr_busy_blame() - tell which page kept a range from being taken back
 * @r: the region's lending state
 * @start: first page frame of the range
 * @end: page frame after it
 *
 * Context: Process context.
 */
void cmr_busy_blame(struct cmr_reuse *r, unsigned long start,
		    unsigned long end)
{
	enum cmr_busy why = CMR_BUSY_NR;
	unsigned long pfn, next;

	for (pfn = start; pfn < end; pfn = next) {
		why = cmr_busy_page(pfn, &next);
		if (why != CMR_BUSY_NR)
			break;
	}
	if (why == CMR_BUSY_NR) {
		why = CMR_BUSY_OTHER;
		pfn = start;
	}
	cmr_busy_remember(r, pfn);
	atomic_long_inc(&r->blocked[why]);
	trace_cmr_busy(r->region->name, pfn, cmr_busy_names[why]);
	if (!__ratelimit(&cmr_busy_rs))
		return;
	pr_info("region %s: page 0x%lx kept [0x%lx, 0x%lx) from being taken back: %s\n",
		r->region->name, pfn, start, end, cmr_busy_names[why]);
	if (why != CMR_BUSY_OTHER)
		dump_page_owner(pfn_to_page(pfn));
}

/**
 * cmr_busy_count() - how often a reason kept a region's pages
 * @region: a reusable region
 * @why: the reason
 *
 * Context: Any context.
 * Return: the count since boot.
 */
unsigned long cmr_busy_count(struct cmr_region *region, enum cmr_busy why)
{
	return atomic_long_read(&region->reuse->blocked[why]);
}
