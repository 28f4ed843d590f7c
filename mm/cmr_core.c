// SPDX-License-Identifier: GPL-2.0
/*
 * cmr: contiguous memory regions.
 *
 * Why is it needed?
 *
 * Camera, display and codec blocks on embedded SoCs without an IOMMU need
 * buffers of several megabytes that are physically contiguous, often from
 * a particular memory bank, and shared by the devices of a pipeline.  The
 * page allocator cannot promise that after the system has run for a while,
 * and Linux CMA offers one first-fit bitmap per area with no per-request
 * placement.  cmr reserves named regions at boot, splits them into zones
 * with their own allocation strategies, and hands out buffers through a
 * small API that names the region, zone, alignment and range.
 *
 * This file holds the region registry, the lookups and what a region
 * and a zone tell about themselves.  The allocation path is in
 * mm/cmr_alloc.c.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/cmr.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/pfn.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "cmr.h"

/**
 * DOC: overview
 *
 * A *region* is a physically contiguous range reserved in early boot,
 * declared by a device tree node compatible with "linux,cmr-region" or by
 * the cmr= boot parameter.  A region holds one or more *zones*; zone 0 is
 * the default.  Each zone runs an allocation *strategy* behind
 * &struct cmr_strategy_ops and keeps its own lock and counters.
 *
 * Drivers either look a region and zone up by name and allocate pages with
 * cmr_alloc(), as they would with cma_alloc(), or allocate a refcounted
 * &struct cmr_buffer for a device from the region named by its
 * "memory-region" property with cmr_buffer_alloc().
 *
 * Regions are created once, by an initcall, and never go away, so lookups
 * return plain pointers.
 */

/*
 * Written only by cmr_region_register() during activation, which runs in
 * one thread before any user; read-only afterwards, so readers take no lock.
 */
static LIST_HEAD(cmr_regions);

/**
 * cmr_region_register() - publish an activated region
 * @region: the region, with its zones initialised
 *
 * Return: 0, or -EEXIST if a region of that name exists.
 */
int cmr_region_register(struct cmr_region *region)
{
	if (!IS_ERR(cmr_region_find(region->name)))
		return -EEXIST;
	list_add_tail(&region->list, &cmr_regions);
	return 0;
}

/**
 * cmr_region_find() - look up a region by name
 * @name: region name
 *
 * Context: Any context.
 * Return: the region, ERR_PTR(-EINVAL) for a NULL name, or
 * ERR_PTR(-ENOENT) if no region has that name.
 */
struct cmr_region *cmr_region_find(const char *name)
{
	struct cmr_region *region;

	if (!name)
		return ERR_PTR(-EINVAL);
	list_for_each_entry(region, &cmr_regions, list)
		if (!strcmp(region->name, name))
			return region;
	return ERR_PTR(-ENOENT);
}
EXPORT_SYMBOL_GPL(cmr_region_find);

/**
 * cmr_region_find_of_node() - the region declared by a DT node
 * @np: a /reserved-memory child
 *
 * Return: the region, or NULL.
 */
struct cmr_region *cmr_region_find_of_node(const struct device_node *np)
{
	struct cmr_region *region;

	list_for_each_entry(region, &cmr_regions, list)
		if (np && region->of_node == np)
			return region;
	return NULL;
}

/**
 * cmr_zone_find() - look up a zone of a region by name
 * @region: the region
 * @name: zone name, or NULL for the region's default zone
 *
 * Context: Any context.
 * Return: the zone, ERR_PTR(-EINVAL) for a bad region, or ERR_PTR(-ENOENT)
 * if the region has no zone of that name.
 */
struct cmr_zone *cmr_zone_find(struct cmr_region *region, const char *name)
{
	unsigned int i;

	if (IS_ERR_OR_NULL(region))
		return ERR_PTR(-EINVAL);
	if (!name)
		return &region->zones[0];
	for (i = 0; i < region->nr_zones; i++)
		if (!strcmp(region->zones[i].name, name))
			return &region->zones[i];
	return ERR_PTR(-ENOENT);
}
EXPORT_SYMBOL_GPL(cmr_zone_find);

/**
 * cmr_region_name() - name of a region
 * @region: the region
 *
 * Return: the name.
 */
const char *cmr_region_name(const struct cmr_region *region)
{
	return region->name;
}
EXPORT_SYMBOL_GPL(cmr_region_name);

/**
 * cmr_region_base() - physical start of a region
 * @region: the region
 *
 * Return: the physical address of its first byte.
 */
phys_addr_t cmr_region_base(const struct cmr_region *region)
{
	return region->base;
}
EXPORT_SYMBOL_GPL(cmr_region_base);

/**
 * cmr_region_size() - size of a region
 * @region: the region
 *
 * Return: its size in bytes.
 */
phys_addr_t cmr_region_size(const struct cmr_region *region)
{
	return region->size;
}
EXPORT_SYMBOL_GPL(cmr_region_size);

/**
 * cmr_region_is_nomap() - is a region outside the kernel's linear map?
 * @region: the region
 *
 * Return: true for regions declared no-map.
 */
bool cmr_region_is_nomap(const struct cmr_region *region)
{
	return region->flags & CMR_REGION_NOMAP;
}
EXPORT_SYMBOL_GPL(cmr_region_is_nomap);

/**
 * cmr_region_is_reusable() - are a region's idle pages lent out?
 * @region: the region
 *
 * An allocation from a reusable region may have to take its pages back
 * by migration: it sleeps, so it needs process context.
 *
 * Return: true for a region whose idle pages the page allocator uses.
 */
bool cmr_region_is_reusable(const struct cmr_region *region)
{
	return cmr_region_reusable(region);
}
EXPORT_SYMBOL_GPL(cmr_region_is_reusable);

/**
 * cmr_region_falls_back() - may the DMA API go elsewhere when it is full?
 * @region: the region
 *
 * The policy of the DMA API's allocations for devices bound to @region
 * (the DMA backend, kernel/dma/cmr/): by default one that finds no room
 * is served by the kernel's normal path, as CMA's are; a region declared
 * with "linux,cmr-no-fallback" (DT) or "nofallback" (cmr=) fails it.
 *
 * Return: true unless the region was declared not to fall back.
 */
bool cmr_region_falls_back(const struct cmr_region *region)
{
	return !(region->flags & CMR_REGION_NOFALLBACK);
}
EXPORT_SYMBOL_GPL(cmr_region_falls_back);

/**
 * cmr_region_is_default_heap() - is this the board's default heap?
 * @region: the region
 *
 * A region declared with "linux,cmr-default-heap" (DT) or "defaultheap"
 * (cmr=) is the board's default contiguous memory for user space: the
 * heap glue also gives its heap the names programs look for before
 * cmr-<region> (docs/dma-buf-heaps.rst).
 *
 * Return: true if the region was so declared.
 */
bool cmr_region_is_default_heap(const struct cmr_region *region)
{
	return region->flags & CMR_REGION_DEFAULT_HEAP;
}
EXPORT_SYMBOL_GPL(cmr_region_is_default_heap);

/**
 * cmr_zone_name() - name of a zone
 * @zone: the zone
 *
 * Return: the name.
 */
const char *cmr_zone_name(const struct cmr_zone *zone)
{
	return zone->name;
}
EXPORT_SYMBOL_GPL(cmr_zone_name);

/**
 * cmr_zone_region() - region of a zone
 * @zone: the zone
 *
 * Return: the region that holds @zone.
 */
struct cmr_region *cmr_zone_region(const struct cmr_zone *zone)
{
	return zone->region;
}
EXPORT_SYMBOL_GPL(cmr_zone_region);

/**
 * cmr_zone_wants_heap() - was a zone declared with a dma-buf heap of its own?
 * @zone: the zone
 *
 * A zone declared with linux,cmr-heap (DT) or :heap (cmr=) asks the heap
 * consumer for cmr-<region>-<zone> beside the region's cmr-<region>.
 *
 * Return: true if it was.
 */
bool cmr_zone_wants_heap(const struct cmr_zone *zone)
{
	return zone->heap;
}
EXPORT_SYMBOL_GPL(cmr_zone_wants_heap);

/**
 * cmr_region_get_stats() - a region's counters, its zones' added up
 * @region: the region
 * @stats: where to store them
 *
 * The zones' sizes, counters and free extents added up, the largest free
 * extent of any zone, and the region's own used and peak pages (its
 * zones' used pages together, as they moved; a reserve counts once, as
 * the allocation it was carved out of).  Each zone is read consistently;
 * the region is not one snapshot.
 *
 * Context: Any context.
 */
void cmr_region_get_stats(struct cmr_region *region, struct cmr_stats *stats)
{
	struct cmr_stats zs;
	struct cmr_zone *zone;
	unsigned long flags;

	memset(stats, 0, sizeof(*stats));
	cmr_for_each_zone(zone, region) {
		cmr_zone_get_stats(zone, &zs);
		stats->total_pages += zs.total_pages;
		stats->free_extents += zs.free_extents;
		stats->largest_free = max(stats->largest_free, zs.largest_free);
		stats->allocs += zs.allocs;
		stats->releases += zs.releases;
		stats->failures += zs.failures;
		stats->failures_fragmented += zs.failures_fragmented;
	}
	spin_lock_irqsave(&region->stat_lock, flags);
	stats->used_pages = region->used_pages;
	stats->peak_pages = region->peak_pages;
	spin_unlock_irqrestore(&region->stat_lock, flags);
}
EXPORT_SYMBOL_GPL(cmr_region_get_stats);

/**
 * cmr_region_next() - step through the regions
 * @prev: the previous region, or NULL to start
 *
 * Used by cmr_for_each_region().
 *
 * Return: the region after @prev, or NULL after the last one.
 */
struct cmr_region *cmr_region_next(struct cmr_region *prev)
{
	struct list_head *next = prev ? prev->list.next : cmr_regions.next;

	return next == &cmr_regions ? NULL :
	       list_entry(next, struct cmr_region, list);
}
EXPORT_SYMBOL_GPL(cmr_region_next);

/**
 * cmr_zone_next() - step through the zones of a region
 * @region: the region
 * @prev: the previous zone, or NULL to start with the default zone
 *
 * Used by cmr_for_each_zone().
 *
 * Return: the zone after @prev, or NULL after the last one.
 */
struct cmr_zone *cmr_zone_next(struct cmr_region *region,
			       struct cmr_zone *prev)
{
	unsigned int i = prev ? prev - region->zones + 1 : 0;

	return i < region->nr_zones ? &region->zones[i] : NULL;
}
EXPORT_SYMBOL_GPL(cmr_zone_next);
