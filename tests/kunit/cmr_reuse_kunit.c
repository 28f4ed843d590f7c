// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for reusable regions on the region "reuse" of
 * dts/cmr-virt.dts (32 MiB, reusable, used by nothing else at boot): its
 * pageblocks are lent to the page allocator, buffers take their pages
 * back, releases keep them a while and then lend them again, and a busy
 * range (a page held by someone else) is stepped over; a ready reserve is
 * kept out of the page allocator, filled again after use and cleared
 * ahead of time.
 */

#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/cma.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/page-isolation.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/vmstat.h>
#include <linux/workqueue.h>

#include "../../mm/cmr.h"
#include "../../mm/cmr_reuse.h"
/* drain_all_pages(): in <linux/gfp.h> up to 6.12, in mm/page_alloc.h on 7.3 */
#ifdef CMR_HAVE_MM_PAGE_ALLOC_H
#include "page_alloc.h"
#endif

#define REUSE_CHUNK	1024	/* pages; the region holds 8 of them */

static struct cmr_zone *reuse_zone(struct kunit *test)
{
	struct cmr_region *region = cmr_region_find("reuse");

	if (IS_ERR(region))
		kunit_skip(test, "no region reuse: boot with dts/cmr-virt.dts");
	if (!(region->flags & CMR_REGION_REUSABLE))
		KUNIT_FAIL(test, "region reuse is not reusable");
	return cmr_zone_find(region, NULL);
}

static unsigned long reuse_used(struct cmr_zone *zone)
{
	struct cmr_stats st;

	cmr_zone_get_stats(zone, &st);
	return st.used_pages;
}

/* Pages of [pfn, pfn + n) whose refcount is @count. */
static unsigned long reuse_count_refs(unsigned long pfn, unsigned long n,
				      int count)
{
	unsigned long i, hits = 0;

	for (i = 0; i < n; i++)
		hits += page_count(pfn_to_page(pfn + i)) == count;
	return hits;
}

/* Latencies counted in one of a region's histograms. */
static unsigned long reuse_hist_total(struct cmr_region *region,
				      enum cmr_lat lat)
{
	struct cmr_hist *h = cmr_reuse_hist(region, lat);
	unsigned long n = 0;
	int i;

	for (i = 0; i < CMR_HIST_BUCKETS; i++)
		n += atomic_long_read(&h->bucket[i]);
	return n;
}

/* Every pageblock is MIGRATE_CMA, counted in CmaTotal, 32 MiB of it. */
static void reuse_lent_at_boot(struct kunit *test)
{
	struct cmr_zone *zone = reuse_zone(test);
	unsigned long pfn, end = zone->base_pfn + zone->pages;

	KUNIT_EXPECT_EQ(test, zone->pages, (unsigned long)(SZ_32M >> PAGE_SHIFT));
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED(zone->base_pfn, pageblock_nr_pages));
	for (pfn = zone->base_pfn; pfn < end; pfn += pageblock_nr_pages)
		KUNIT_EXPECT_EQ(test, get_pageblock_migratetype(pfn_to_page(pfn)),
				MIGRATE_CMA);
	KUNIT_EXPECT_GE(test, totalcma_pages, zone->pages);
}

/*
 * The whole region as one buffer: every page is ours (refcount 1) while
 * it is held; released, the pages are kept a while (still ours, CmaFree
 * unchanged) and a new buffer takes them as they are; lent again, they
 * are back with the page allocator (refcount 0, CmaFree up).  A few may
 * be reallocated at once by others.  The first take is timed as one that
 * needed lent pages, the second as one from kept pages.
 */
static void reuse_take_whole(struct kunit *test)
{
	struct cmr_zone *zone = reuse_zone(test);
	unsigned long n = zone->pages, held;
	unsigned long cma_free, ready, migrate;
	phys_addr_t phys;

	cmr_reuse_flush(zone->region);
	ready = reuse_hist_total(zone->region, CMR_LAT_READY);
	migrate = reuse_hist_total(zone->region, CMR_LAT_MIGRATE);
	KUNIT_ASSERT_EQ(test, reuse_used(zone), 0UL);
	KUNIT_ASSERT_EQ(test, cmr_alloc(zone, n, 0, &phys), 0);
	KUNIT_EXPECT_EQ(test, PHYS_PFN(phys), zone->base_pfn);
	KUNIT_EXPECT_EQ(test, reuse_count_refs(zone->base_pfn, n, 1), n);
	KUNIT_EXPECT_EQ(test, reuse_used(zone), n);
	/* The buffer is plain memory in the linear map. */
	memset(phys_to_virt(phys), 0x5a, n << PAGE_SHIFT);
	KUNIT_EXPECT_EQ(test, ((u8 *)phys_to_virt(phys))[(n << PAGE_SHIFT) - 1],
			0x5a);

	drain_all_pages(NULL);
	cma_free = global_zone_page_state(NR_FREE_CMA_PAGES);
	KUNIT_ASSERT_EQ(test, cmr_release(zone, phys, n), 0);
	KUNIT_EXPECT_EQ(test, reuse_count_refs(zone->base_pfn, n, 1), n);
	KUNIT_EXPECT_LE(test, global_zone_page_state(NR_FREE_CMA_PAGES),
			cma_free + n / 16);
	KUNIT_ASSERT_EQ(test, cmr_alloc(zone, n, 0, &phys), 0);
	KUNIT_EXPECT_EQ(test, reuse_count_refs(zone->base_pfn, n, 1), n);
	KUNIT_ASSERT_EQ(test, cmr_release(zone, phys, n), 0);
	KUNIT_EXPECT_EQ(test, reuse_hist_total(zone->region, CMR_LAT_MIGRATE),
			migrate + 1);
	KUNIT_EXPECT_EQ(test, reuse_hist_total(zone->region, CMR_LAT_READY),
			ready + 1);

	cmr_reuse_flush(zone->region);
	held = n - reuse_count_refs(zone->base_pfn, n, 0);
	KUNIT_EXPECT_LT(test, held, n / 16);
	/* Freed order-0 pages may wait on per-cpu lists, out of CmaFree. */
	drain_all_pages(NULL);
	KUNIT_EXPECT_GE(test, global_zone_page_state(NR_FREE_CMA_PAGES),
			cma_free + n - n / 16);
	KUNIT_EXPECT_EQ(test, reuse_used(zone), 0UL);
}

/* Hold one page of the region outside cmr, as a pinned page would be. */
static void reuse_hold(struct kunit *test, struct cmr_zone *zone,
		       unsigned long off)
{
	KUNIT_ASSERT_EQ(test, cmr_reuse_take(zone->region, zone->base_pfn + off,
					     1), 0);
}

static void reuse_unhold(struct cmr_zone *zone, unsigned long off)
{
	cmr_reuse_give(zone->region, zone->base_pfn + off, 1);
}

/* First fit would take the busy first chunk: the next one is used. */
static void reuse_busy_moves_on(struct kunit *test)
{
	struct cmr_zone *zone = reuse_zone(test);
	struct cmr_stats st;
	phys_addr_t phys;

	cmr_reuse_flush(zone->region);
	reuse_hold(test, zone, 0);
	KUNIT_EXPECT_EQ(test, cmr_alloc(zone, REUSE_CHUNK, 0, &phys), 0);
	KUNIT_EXPECT_EQ(test, PHYS_PFN(phys), zone->base_pfn + REUSE_CHUNK);
	/* The busy range is not kept: only the buffer is used. */
	KUNIT_EXPECT_EQ(test, reuse_used(zone), (unsigned long)REUSE_CHUNK);
	cmr_zone_get_stats(zone, &st);
	KUNIT_EXPECT_EQ(test, st.largest_free, zone->pages - 2 * REUSE_CHUNK);
	KUNIT_EXPECT_EQ(test, cmr_release(zone, phys, REUSE_CHUNK), 0);
	reuse_unhold(zone, 0);
	KUNIT_EXPECT_EQ(test, reuse_used(zone), 0UL);
	cmr_reuse_flush(zone->region);
}

/*
 * A busy page in every chunk: a chunk-sized buffer fails after trying
 * them all, with nothing kept; a one-page buffer goes beside the first.
 */
static void reuse_busy_everywhere(struct kunit *test)
{
	struct cmr_zone *zone = reuse_zone(test);
	unsigned long off;
	phys_addr_t phys;

	for (off = 0; off < zone->pages; off += REUSE_CHUNK)
		reuse_hold(test, zone, off);
	KUNIT_EXPECT_EQ(test, cmr_alloc(zone, REUSE_CHUNK, 0, &phys), -ENOMEM);
	KUNIT_EXPECT_EQ(test, reuse_used(zone), 0UL);
	KUNIT_EXPECT_EQ(test, cmr_alloc(zone, 1, 0, &phys), 0);
	KUNIT_EXPECT_EQ(test, PHYS_PFN(phys), zone->base_pfn + 1);
	KUNIT_EXPECT_EQ(test, cmr_release(zone, phys, 1), 0);
	for (off = 0; off < zone->pages; off += REUSE_CHUNK)
		reuse_unhold(zone, off);
	KUNIT_EXPECT_EQ(test, reuse_used(zone), 0UL);
	/* All lent again: each page free (refcount 0) but a few reused. */
	cmr_reuse_flush(zone->region);
	KUNIT_EXPECT_GT(test, reuse_count_refs(zone->base_pfn, zone->pages, 0),
			zone->pages - zone->pages / 16);
}

/*
 * A page of the region held outside cmr (refcount 1, on no LRU list)
 * keeps the first chunk from being taken back: the failure blames that
 * page as unmovable; with a pin's worth of references on it, as pinned
 * for DMA.  An allocation weighs the chunks first: the one with that
 * page looks bound to fail and is not even tried, the next is taken.
 */
static void reuse_busy_blamed(struct kunit *test)
{
	struct cmr_zone *zone = reuse_zone(test);
	struct cmr_region *region = zone->region;
	unsigned long unmovable = cmr_busy_count(region, CMR_BUSY_UNMOVABLE);
	unsigned long pinned = cmr_busy_count(region, CMR_BUSY_PINNED), next;
	struct page *page = pfn_to_page(zone->base_pfn);
	phys_addr_t phys;

	cmr_reuse_flush(region);
	reuse_hold(test, zone, 0);
	KUNIT_EXPECT_EQ(test, cmr_busy_page(zone->base_pfn, &next),
			CMR_BUSY_UNMOVABLE);
	KUNIT_EXPECT_EQ(test, cmr_reuse_take(region, zone->base_pfn,
					     REUSE_CHUNK), -EBUSY);
	KUNIT_EXPECT_EQ(test, cmr_busy_count(region, CMR_BUSY_UNMOVABLE),
			unmovable + 1);

	page_ref_add(page, GUP_PIN_COUNTING_BIAS);
	KUNIT_EXPECT_EQ(test, cmr_busy_page(zone->base_pfn, &next),
			CMR_BUSY_PINNED);
	KUNIT_EXPECT_EQ(test, cmr_reuse_take(region, zone->base_pfn,
					     REUSE_CHUNK), -EBUSY);
	KUNIT_EXPECT_EQ(test, cmr_busy_count(region, CMR_BUSY_PINNED),
			pinned + 1);
	page_ref_sub(page, GUP_PIN_COUNTING_BIAS);

	cmr_reuse_flush(region);
	KUNIT_EXPECT_LT(test, cmr_busy_cost(region->reuse, zone->base_pfn,
					    REUSE_CHUNK, LONG_MAX), 0L);
	KUNIT_EXPECT_GE(test, cmr_busy_cost(region->reuse,
					    zone->base_pfn + REUSE_CHUNK,
					    REUSE_CHUNK, LONG_MAX), 0L);
	KUNIT_ASSERT_EQ(test, cmr_alloc(zone, REUSE_CHUNK, 0, &phys), 0);
	KUNIT_EXPECT_EQ(test, PHYS_PFN(phys), zone->base_pfn + REUSE_CHUNK);
	KUNIT_EXPECT_EQ(test, cmr_busy_count(region, CMR_BUSY_UNMOVABLE),
			unmovable + 1);
	KUNIT_EXPECT_EQ(test, cmr_release(zone, phys, REUSE_CHUNK), 0);
	reuse_unhold(zone, 0);
	cmr_reuse_flush(region);
	KUNIT_EXPECT_EQ(test, reuse_used(zone), 0UL);
}

/* Wait up to 10 s for the refill worker: at least @want pages kept. */
static bool reuse_kept_at_least(struct cmr_region *region, unsigned long want)
{
	unsigned long ready, kept, lent;
	int i;

	for (i = 0; i < 500; i++) {
		cmr_ready_get(region, &ready, &kept, &lent);
		if (kept >= want)
			return true;
		msleep(20);
	}
	return false;
}

/*
 * Wait up to 5 s for both workers to settle: exactly @want pages kept and
 * the rest lent.  The refill worker may be clearing released pages, owned
 * meanwhile, when the lend worker looks; the next look is right.
 */
static bool reuse_kept_exactly(struct cmr_region *region, unsigned long want)
{
	unsigned long ready, kept, lent, n = region->size >> PAGE_SHIFT;
	int i;

	for (i = 0; i < 250; i++) {
		flush_delayed_work(&region->reuse->refill);
		cmr_reuse_flush(region);
		cmr_ready_get(region, &ready, &kept, &lent);
		if (kept == want && lent == n - want)
			return true;
		msleep(20);
	}
	return false;
}

/* Kept pages of @r that are ours (refcount 1), not the page allocator's. */
static unsigned long reuse_kept_ours(struct cmr_reuse *r, unsigned long n)
{
	unsigned long base = PHYS_PFN(r->region->base), off, ours = 0;

	for_each_set_bit(off, r->kept, n)
		ours += page_count(pfn_to_page(base + off)) == 1;
	return ours;
}

/*
 * A ready reserve of two chunks: the worker takes it from the page
 * allocator; a chunk-sized buffer lands on pages that were kept before it
 * was asked for, and the worker fills the reserve again; released and
 * lent, the buffer's pages leave exactly the reserve kept; a reserve of
 * 0 lends everything.  One larger than the region is refused.
 */
static void reuse_ready_reserve(struct kunit *test)
{
	struct cmr_zone *zone = reuse_zone(test);
	struct cmr_region *region = zone->region;
	struct cmr_reuse *r = region->reuse;
	unsigned long n = zone->pages, two = 2 * REUSE_CHUNK;
	unsigned long base = PHYS_PFN(region->base), ready, kept, lent, off;
	unsigned long *before;
	phys_addr_t phys;

	before = kunit_kcalloc(test, BITS_TO_LONGS(n), sizeof(long),
			       GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, before);
	cmr_reuse_flush(region);
	KUNIT_EXPECT_EQ(test, cmr_ready_set(region, n + 1), -EINVAL);
	KUNIT_ASSERT_EQ(test, cmr_ready_set(region, two), 0);
	KUNIT_ASSERT_TRUE(test, reuse_kept_at_least(region, two));
	cmr_ready_get(region, &ready, &kept, &lent);
	KUNIT_EXPECT_EQ(test, ready, two);
	KUNIT_EXPECT_EQ(test, kept + lent, n);
	KUNIT_EXPECT_EQ(test, reuse_kept_ours(r, n), kept);

	spin_lock_irq(&r->lock);
	bitmap_copy(before, r->kept, n);
	spin_unlock_irq(&r->lock);
	KUNIT_ASSERT_EQ(test, cmr_alloc(zone, REUSE_CHUNK, 0, &phys), 0);
	off = PHYS_PFN(phys) - base;
	KUNIT_EXPECT_EQ(test, find_next_zero_bit(before, off + REUSE_CHUNK, off),
			off + REUSE_CHUNK);
	KUNIT_EXPECT_TRUE(test, reuse_kept_at_least(region, two));
	cmr_ready_get(region, &ready, &kept, &lent);
	KUNIT_EXPECT_EQ(test, kept + lent + REUSE_CHUNK, n);

	KUNIT_ASSERT_EQ(test, cmr_release(zone, phys, REUSE_CHUNK), 0);
	KUNIT_EXPECT_TRUE(test, reuse_kept_exactly(region, two));
	KUNIT_EXPECT_EQ(test, reuse_kept_ours(r, n), two);

	KUNIT_ASSERT_EQ(test, cmr_ready_set(region, 0), 0);
	cmr_reuse_flush(region);
	cmr_ready_get(region, &ready, &kept, &lent);
	KUNIT_EXPECT_EQ(test, kept, 0UL);
	KUNIT_EXPECT_EQ(test, lent, n);
}

/*
 * A take notes its time, and the refill worker takes nothing back while a
 * burst of allocations may go on (r->settle in the future): it queues
 * itself for later, and fills the reserve once the burst has settled.
 */
static void reuse_ready_settles(struct kunit *test)
{
	struct cmr_zone *zone = reuse_zone(test);
	struct cmr_region *region = zone->region;
	struct cmr_reuse *r = region->reuse;
	unsigned long two = 2 * REUSE_CHUNK, j0 = jiffies, ready, kept, lent;
	phys_addr_t phys;
	bool queued;

	KUNIT_ASSERT_EQ(test, cmr_ready_set(region, two), 0);
	KUNIT_ASSERT_TRUE(test, reuse_kept_at_least(region, two));
	KUNIT_ASSERT_EQ(test, cmr_alloc(zone, REUSE_CHUNK, 0, &phys), 0);
	KUNIT_EXPECT_TRUE(test, time_after(READ_ONCE(r->settle), j0));
	KUNIT_EXPECT_EQ(test, cmr_release(zone, phys, REUSE_CHUNK), 0);
	KUNIT_ASSERT_TRUE(test, reuse_kept_exactly(region, two));

	WRITE_ONCE(r->settle, jiffies + 60 * HZ);
	KUNIT_ASSERT_EQ(test, cmr_ready_set(region, 2 * two), 0);
	flush_delayed_work(&r->refill);
	cmr_ready_get(region, &ready, &kept, &lent);
	queued = delayed_work_pending(&r->refill);
	KUNIT_EXPECT_EQ(test, kept, two);
	KUNIT_EXPECT_TRUE(test, queued);

	WRITE_ONCE(r->settle, jiffies);
	mod_delayed_work(system_unbound_wq, &r->refill, 0);
	KUNIT_EXPECT_TRUE(test, reuse_kept_at_least(region, 2 * two));

	KUNIT_ASSERT_EQ(test, cmr_ready_set(region, 0), 0);
	cmr_reuse_flush(region);
}

/* Clean pages of [off, off + n) of @r, counted under its lock. */
static unsigned long reuse_clean(struct cmr_reuse *r, unsigned long off,
				 unsigned long n)
{
	unsigned long i, clean = 0;

	spin_lock_irq(&r->lock);
	for (i = off; i < off + n; i++)
		clean += test_bit(i, r->clean) && test_bit(i, r->kept);
	spin_unlock_irq(&r->lock);
	return clean;
}

/* Do the kept pages of [off, off + n) of @r hold zeroes? */
static bool reuse_zeroes(struct cmr_reuse *r, unsigned long off,
			 unsigned long n)
{
	void *p = page_address(pfn_to_page(PHYS_PFN(r->region->base) + off));

	return !memchr_inv(p, 0, n << PAGE_SHIFT);
}

/*
 * Wait up to 5 s for the refill worker to have cleared [@off, @off + @n):
 * it gives way, and comes back later, while cmr_reuse_mutex is busy.
 */
static bool reuse_cleared(struct cmr_reuse *r, unsigned long off,
			  unsigned long n)
{
	int i;

	for (i = 0; i < 250; i++) {
		flush_delayed_work(&r->refill);
		if (reuse_clean(r, off, n) == n)
			return true;
		msleep(20);
	}
	return false;
}

/*
 * The worker clears the reserve ahead of time: after a refill every kept
 * page of it is marked clean and holds zeroes; a zeroed buffer taken from
 * it reads zeroes; written and released, its pages are cleared again by
 * the worker, not left as the buffer left them.
 */
static void reuse_ready_cleared(struct kunit *test)
{
	struct cmr_zone *zone = reuse_zone(test);
	struct cmr_region *region = zone->region;
	struct cmr_reuse *r = region->reuse;
	unsigned long two = 2 * REUSE_CHUNK, size = REUSE_CHUNK << PAGE_SHIFT;
	unsigned long off, first;
	struct cmr_buffer *buf;
	void *p;

	cmr_reuse_flush(region);
	KUNIT_ASSERT_EQ(test, cmr_ready_set(region, two), 0);
	KUNIT_ASSERT_TRUE(test, reuse_kept_at_least(region, two));
	spin_lock_irq(&r->lock);
	first = find_first_bit(r->kept, zone->pages);
	spin_unlock_irq(&r->lock);
	KUNIT_EXPECT_TRUE(test, reuse_cleared(r, first, two));
	KUNIT_EXPECT_TRUE(test, reuse_zeroes(r, first, two));

	buf = cmr_buffer_alloc_region(region, zone, NULL, size, 0,
				      CMR_BUF_ZERO | CMR_BUF_KMAP);
	KUNIT_ASSERT_FALSE(test, IS_ERR(buf));
	off = PHYS_PFN(cmr_buffer_phys(buf)) - PHYS_PFN(region->base);
	KUNIT_EXPECT_GE(test, off, first);
	KUNIT_EXPECT_LE(test, off + REUSE_CHUNK, first + two);
	p = cmr_buffer_vaddr(buf);
	KUNIT_EXPECT_NULL(test, memchr_inv(p, 0, size));
	memset(p, 0xa5, size);
	cmr_buffer_put(buf);

	KUNIT_EXPECT_TRUE(test, reuse_cleared(r, off, REUSE_CHUNK));
	KUNIT_EXPECT_TRUE(test, reuse_zeroes(r, off, REUSE_CHUNK));

	KUNIT_ASSERT_EQ(test, cmr_ready_set(region, 0), 0);
	cmr_reuse_flush(region);
}

/* cmr_cheap_window() on the whole zone, for @count pages aligned to @align. */
static unsigned long reuse_cheap(struct kunit *test, struct cmr_zone *zone,
				 unsigned long count, unsigned long align)
{
	struct cmr_extent_req req = {
		.count = count, .align = align,
		.phase = zone->base_pfn & (align - 1), .hi = zone->pages,
	};

	if (!cmr_cheap_window(zone->region, zone, &req))
		return ULONG_MAX;
	KUNIT_EXPECT_EQ(test, req.hi, req.lo + count);
	return req.lo;
}

/*
 * The range that looks cheapest, on a region kept whole (every page free
 * and ours): the lowest window of sampled cells (a sixteenth of the
 * request, at least its alignment) that covers no page held elsewhere;
 * none for a request under CMR_CHEAP_MIN pages or wider than the zone.
 */
static void reuse_cheap_window(struct kunit *test)
{
	struct cmr_zone *zone = reuse_zone(test);
	struct cmr_region *region = zone->region;
	unsigned long n = zone->pages;

	cmr_reuse_flush(region);
	KUNIT_ASSERT_EQ(test, cmr_ready_set(region, n), 0);
	KUNIT_ASSERT_TRUE(test, reuse_kept_at_least(region, n));
	KUNIT_EXPECT_EQ(test, reuse_cheap(test, zone, REUSE_CHUNK, 1), 0UL);
	reuse_hold(test, zone, 32);
	reuse_hold(test, zone, 576);
	/* Cells of 64 pages: 0 and 9 are held. */
	KUNIT_EXPECT_EQ(test, reuse_cheap(test, zone, REUSE_CHUNK, 1), 640UL);
	/* Cells of 256 (the alignment): 0 and 2. */
	KUNIT_EXPECT_EQ(test, reuse_cheap(test, zone, REUSE_CHUNK, 256), 768UL);
	KUNIT_EXPECT_EQ(test, reuse_cheap(test, zone, 32, 1), ULONG_MAX);
	KUNIT_EXPECT_EQ(test, reuse_cheap(test, zone, n + 1, 1), ULONG_MAX);
	reuse_unhold(zone, 576);
	reuse_unhold(zone, 32);
	KUNIT_ASSERT_EQ(test, cmr_ready_set(region, 0), 0);
	cmr_reuse_flush(region);
}

static struct kunit_case cmr_reuse_cases[] = {
	KUNIT_CASE(reuse_lent_at_boot),
	KUNIT_CASE(reuse_take_whole),
	KUNIT_CASE(reuse_busy_moves_on),
	KUNIT_CASE(reuse_busy_everywhere),
	KUNIT_CASE(reuse_busy_blamed),
	KUNIT_CASE(reuse_ready_reserve),
	KUNIT_CASE(reuse_ready_settles),
	KUNIT_CASE(reuse_ready_cleared),
	KUNIT_CASE(reuse_cheap_window),
	{}
};

static struct kunit_suite cmr_reuse_suite = {
	.name = "cmr_reuse",
	.test_cases = cmr_reuse_cases,
};
kunit_test_suites(&cmr_reuse_suite);
