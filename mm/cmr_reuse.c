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
 * then migrates whatever holds that range and hands its pages over.  A
 * buffer's release frees its pages to the buddy allocator again.
 *
 * The region must sit in the linear map (no-map is refused when it is
 * declared), in one memory zone, and start and end on pageblocks, which
 * is what MIGRATE_CMA is tracked by.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/cma.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/mutex.h>
#include <linux/pfn.h>
#include <linux/printk.h>

/* mm/internal.h: init_cma_reserved_pageblock() on 6.12 (CFLAGS in Kbuild). */
#include "internal.h"
#include "cmr.h"

/*
 * alloc_contig_range() isolates whole pageblocks: two calls on ranges that
 * share one would fail each other with -EBUSY.  mm/cma.c serialises with
 * its own mutex for the same reason; cmr's regions never share pageblocks
 * with each other or with a CMA area, so one mutex for cmr does.
 */
static DEFINE_MUTEX(cmr_reuse_mutex);

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

/**
 * cmr_reuse_lend() - lend a region's pages to the page allocator
 * @region: an active region declared reusable, holding no buffer yet
 *
 * On failure the region stays an ordinary reserved one, with a message.
 *
 * Context: boot, from the activation initcall.
 * Return: 0, or -EINVAL if the region cannot be lent.
 */
int __init cmr_reuse_lend(struct cmr_region *region)
{
	unsigned long pfn = PHYS_PFN(region->base);
	unsigned long pages = region->size >> PAGE_SHIFT;
	unsigned long end = pfn + pages;
	const char *why = cmr_reuse_why_not(region);

	if (why) {
		pr_err("region %s: not reusable: %s (%lu KiB); kept reserved\n",
		       region->name, why, CMA_MIN_ALIGNMENT_BYTES >> 10);
		return -EINVAL;
	}
	for (; pfn < end; pfn += pageblock_nr_pages)
		init_cma_reserved_pageblock(pfn_to_page(pfn));
	/* CmaTotal in /proc/meminfo; CmaFree follows the free lists. */
	totalcma_pages += pages;
	region->flags |= CMR_REGION_REUSABLE;
	pr_info("region %s: reusable: %lu MiB lent to the page allocator\n",
		region->name, pages >> (20 - PAGE_SHIFT));
	return 0;
}

/**
 * cmr_reuse_take() - take lent pages back for a buffer
 * @region: a reusable region
 * @pfn: first page frame, chosen by the zone's strategy
 * @count: number of pages
 *
 * Migrates the movable pages that hold the range elsewhere.
 *
 * Context: Process context; sleeps.
 * Return: 0, -EBUSY if a page of the range cannot move (pinned, or in
 * flight), -EINTR on a fatal signal, -ENOMEM if there is nowhere to
 * migrate to.
 */
int cmr_reuse_take(struct cmr_region *region, unsigned long pfn,
		   unsigned long count)
{
	int ret;

	mutex_lock(&cmr_reuse_mutex);
	ret = alloc_contig_range(pfn, pfn + count, MIGRATE_CMA,
				 GFP_KERNEL | __GFP_NOWARN);
	mutex_unlock(&cmr_reuse_mutex);
	return ret;
}

/**
 * cmr_reuse_give() - lend a released buffer's pages again
 * @region: a reusable region
 * @pfn: first page frame
 * @count: number of pages
 *
 * Context: Any context.
 */
void cmr_reuse_give(struct cmr_region *region, unsigned long pfn,
		    unsigned long count)
{
	free_contig_range(pfn, count);
}
