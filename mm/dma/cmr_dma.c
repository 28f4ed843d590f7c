// SPDX-License-Identifier: GPL-2.0
/*
 * cmr behind the DMA API: the pages of the contiguous allocations of a
 * bound device (dma-direct's, and dma-iommu's DMA_ATTR_FORCE_CONTIGUOUS)
 * come from its region, as a refcounted buffer owned by the device, so
 * they show in the region's statistics, buffers file, tracepoints and
 * failure lines like any other.  The kernel's dma_alloc_contiguous()
 * asks here first, dma_free_contiguous() gives back here first, and
 * __dma_direct_alloc_pages() asks whether a request cmr did not serve
 * may fall back (include/linux/cmr-dma.h, scripts/patches/).
 *
 * dma-direct clears, syncs and remaps the pages itself: cmr hands out
 * linear-mapped pages, aligned as CMA aligns them, within the device's
 * reach.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/cmr.h>
#include <linux/cmr-dma.h>
#include <linux/device.h>
#include <linux/dma-direct.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/xarray.h>

#include "cmr_dma.h"

/* The buffers handed out, by first page frame. */
static DEFINE_XARRAY(cmr_dma_bufs);

/**
 * __cmr_dma_bound() - is a device bound to a region?
 * @dev: the device
 *
 * Context: Any context.
 * Return: true when cmr serves its contiguous DMA allocations.
 */
bool __cmr_dma_bound(struct device *dev)
{
	bool bound;

	rcu_read_lock();
	bound = cmr_dma_binding_find(dev);
	rcu_read_unlock();
	return bound;
}

/* Can @dev reach all of @region?  Say so once if not. */
static bool cmr_dma_reachable(struct device *dev, struct cmr_dma_binding *b)
{
	u64 limit = min_not_zero(dev->coherent_dma_mask, dev->bus_dma_limit);
	phys_addr_t last = cmr_region_base(b->region) +
			   cmr_region_size(b->region) - 1;

	if (phys_to_dma(dev, last) <= limit)
		return true;
	if (!test_and_set_bit(CMR_DMA_UNREACHABLE, &b->flags))
		dev_warn(dev, "cmr: region %s ends at %pa, beyond the device's DMA limit %#llx: DMA allocations take the kernel's path\n",
			 cmr_region_name(b->region), &last, limit);
	return false;
}

/* @dev's region and zone, if it is bound and reaches the region. */
static bool cmr_dma_target(struct device *dev, struct cmr_region **region,
			   struct cmr_zone **zone)
{
	struct cmr_dma_binding *b;
	bool ok = false;

	rcu_read_lock();
	b = cmr_dma_binding_find(dev);
	if (b && cmr_dma_reachable(dev, b)) {
		*region = b->region;
		*zone = b->zone;
		ok = true;
	}
	rcu_read_unlock();
	return ok;
}

/**
 * cmr_dma_alloc() - the pages of a contiguous DMA allocation
 * @dev: a bound device (cmr_dma_bound())
 * @size: bytes, a multiple of the page size
 * @gfp: the allocation's flags; blocking is allowed
 *
 * Aligned to the order of @size, capped as CMA caps it
 * (CONFIG_CMA_ALIGNMENT).  A request the region cannot serve gets cmr's
 * failure line and one that says what happens next, unless @gfp has
 * __GFP_NOWARN.
 *
 * Context: Process context; may sleep.
 * Return: the first page, or NULL; the caller then falls back to the
 * kernel's path unless cmr_dma_no_fallback() says no.
 */
struct page *cmr_dma_alloc(struct device *dev, size_t size, gfp_t gfp)
{
	unsigned int align = min_t(unsigned int, get_order(size),
				   CONFIG_CMA_ALIGNMENT);
	bool quiet = gfp & __GFP_NOWARN;
	struct cmr_region *region;
	struct cmr_buffer *buf;
	struct cmr_zone *zone;
	unsigned long pfn;

	if (!cmr_dma_target(dev, &region, &zone))
		return NULL;
	buf = cmr_buffer_alloc_region(region, zone, dev, size, align,
				      quiet ? CMR_BUF_NOWARN : 0);
	if (IS_ERR(buf)) {
		if (!quiet)
			dev_warn_ratelimited(dev, "cmr: region %s: DMA allocation of %zu bytes %s\n",
					     cmr_region_name(region), size,
					     cmr_region_falls_back(region) ?
					     "falls back to the kernel's path" :
					     "fails (no fallback)");
		return NULL;
	}
	pfn = PHYS_PFN(cmr_buffer_phys(buf));
	if (xa_insert(&cmr_dma_bufs, pfn, buf, gfp & GFP_KERNEL)) {
		cmr_buffer_put(buf);
		return NULL;
	}
	return pfn_to_page(pfn);
}

/**
 * __cmr_dma_free() - give back pages cmr_dma_alloc() returned
 * @dev: the device they were allocated for
 * @page: the first page
 * @size: bytes
 *
 * Context: Process context.
 * Return: true when the pages were cmr's (they went back to their
 * region), false for pages the caller must free itself.
 */
bool __cmr_dma_free(struct device *dev, struct page *page, size_t size)
{
	struct cmr_buffer *buf = xa_erase(&cmr_dma_bufs, page_to_pfn(page));

	if (!buf)
		return false;
	if (cmr_buffer_size(buf) != PAGE_ALIGN(size))
		dev_warn(dev, "cmr: region %s: DMA buffer of %zu bytes freed as %zu bytes; released whole\n",
			 cmr_region_name(cmr_zone_region(cmr_buffer_zone(buf))),
			 cmr_buffer_size(buf), size);
	cmr_buffer_put(buf);
	return true;
}

/**
 * __cmr_dma_no_fallback() - must a request cmr did not serve fail?
 * @dev: the device
 *
 * Context: Any context.
 * Return: true when @dev is bound to a region declared not to fall back
 * (and reaches it: a binding the device cannot use is no binding).
 */
bool __cmr_dma_no_fallback(struct device *dev)
{
	struct cmr_dma_binding *b;
	bool fail;

	rcu_read_lock();
	b = cmr_dma_binding_find(dev);
	fail = b && !cmr_region_falls_back(b->region) &&
	       !test_bit(CMR_DMA_UNREACHABLE, &b->flags);
	rcu_read_unlock();
	return fail;
}
