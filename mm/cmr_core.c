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
 * This file holds the region registry and the low-level API.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/cmr.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/pfn.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <trace/events/cmr.h>

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

/* cmr_alloc_request() without argument checks or messages. */
static int cmr_zone_alloc_phys(struct cmr_zone *zone,
			       const struct cmr_request *req, phys_addr_t *phys)
{
	unsigned long pfn, min_pfn;
	int ret;

	/*
	 * A window ending inside the first page holds nothing, but its end
	 * pfn reads as "no limit": start it beyond every zone instead.
	 */
	min_pfn = PFN_UP(req->min);
	if (req->max && !PFN_DOWN(req->max))
		min_pfn = ULONG_MAX;
	ret = cmr_zone_alloc_range(zone, req->count, req->align, min_pfn,
				   PFN_DOWN(req->max), &pfn);
	if (!ret)
		*phys = PFN_PHYS(pfn);
	return ret;
}

/* Is @region lent out?  Never without CONFIG_CMA: the calls compile away. */
static bool cmr_region_reusable(const struct cmr_region *region)
{
	return IS_ENABLED(CONFIG_CMA) && region &&
	       (region->flags & CMR_REGION_REUSABLE);
}

/* Most ranges found busy that one allocation steps over before failing. */
#define CMR_TAKE_TRIES	8

/**
 * cmr_zone_take() - allocate from a zone and own the pages
 * @zone: a zone of a region (not a reserve: its pages are owned already)
 * @req: the request
 * @phys: where to store the physical address of the first page
 *
 * In a reusable region the range the strategy chose may hold lent pages:
 * they are migrated away first.  A range that cannot be emptied (a pinned
 * page) is kept allocated while the strategy looks for the next one, so
 * the search moves past it, and is released at the end, as cma_alloc()
 * moves past a busy range.
 *
 * Context: Any context, but process context for a reusable region.
 * Return: as cmr_zone_alloc_range(); in a reusable region also -ENOMEM
 * when the pages cannot be taken back, -EINTR on a fatal signal.
 */
int cmr_zone_take(struct cmr_zone *zone, const struct cmr_request *req,
		  phys_addr_t *phys)
{
	struct cmr_region *region = zone->region;
	phys_addr_t busy[CMR_TAKE_TRIES];
	unsigned int nr_busy = 0, i;
	unsigned long count;
	int ret;

	if (!cmr_region_reusable(region))
		return cmr_zone_alloc_phys(zone, req, phys);
	might_sleep();
	count = cmr_zone_round(zone, req->count);
	for (;;) {
		ret = cmr_zone_alloc_phys(zone, req, phys);
		if (ret)
			break;
		ret = cmr_reuse_take(region, PHYS_PFN(*phys), count);
		if (!ret)
			break;
		if (ret != -EBUSY || nr_busy == ARRAY_SIZE(busy)) {
			cmr_zone_release(zone, PHYS_PFN(*phys), req->count);
			break;
		}
		busy[nr_busy++] = *phys;
	}
	for (i = 0; i < nr_busy; i++)
		cmr_zone_release(zone, PHYS_PFN(busy[i]), req->count);
	if (ret && nr_busy)
		pr_warn_ratelimited("region %s zone %s: %lu pages: %u range(s) busy (pinned pages) (%d)\n",
				    region->name, zone->name, req->count,
				    nr_busy, ret);
	if (ret == -EBUSY)
		ret = -ENOMEM;
	return ret;
}

/**
 * cmr_zone_give() - give back the pages of a range just released
 * @zone: a zone of a region, not a reserve
 * @pfn: first page frame
 * @count: number of pages, as allocated
 *
 * In a reusable region they are lent to the page allocator again.
 *
 * Context: Any context.
 */
void cmr_zone_give(struct cmr_zone *zone, unsigned long pfn,
		   unsigned long count)
{
	struct cmr_region *region = zone->region;

	if (cmr_region_reusable(region))
		cmr_reuse_give(region, pfn, cmr_zone_round(zone, count));
}

/*
 * cmr_zone_take(), or for a reserve (whose pages are owned already) the
 * plain allocation, with the cmr_alloc/cmr_alloc_fail tracepoints.
 */
static int cmr_zone_get(struct cmr_zone *zone, const struct cmr_request *req,
			phys_addr_t *phys, bool take)
{
	bool traced = trace_cmr_alloc_enabled() ||
		      trace_cmr_alloc_fail_enabled();
	u64 t0 = traced ? ktime_get_ns() : 0;
	int ret;

	ret = take ? cmr_zone_take(zone, req, phys) :
		     cmr_zone_alloc_phys(zone, req, phys);
	if (!traced)
		return ret;
	t0 = ktime_get_ns() - t0;
	if (ret)
		trace_cmr_alloc_fail(cmr_zone_rname(zone), zone->name,
				     req->count, req->align, ret, t0);
	else
		trace_cmr_alloc(cmr_zone_rname(zone), zone->name, *phys,
				req->count, req->align, t0);
	return ret;
}

/* cmr_alloc_request() on behalf of the API call that returns to @caller. */
static int cmr_alloc_request_from(struct cmr_zone *zone,
				  const struct cmr_request *req,
				  phys_addr_t *phys, unsigned long caller)
{
	int ret;

	if (IS_ERR_OR_NULL(zone) || !req || !phys)
		return -EINVAL;
	ret = cmr_zone_get(zone, req, phys, true);
	if (!ret)
		cmr_track_add(zone, *phys, req->count, NULL, caller);
	if (ret == -EINVAL)
		pr_warn_ratelimited("region %s zone %s: impossible request of %lu pages aligned to order %u in [%pa, %pa)\n",
				    cmr_zone_rname(zone), zone->name, req->count, req->align,
				    &req->min, &req->max);
	return ret;
}

/**
 * cmr_alloc_request() - allocate contiguous pages under constraints
 * @zone: zone from cmr_zone_find()
 * @req: pages, alignment and physical window; see &struct cmr_request
 * @phys: where to store the physical address of the first page
 *
 * The pages are not cleared and have no kernel mapping beyond the linear
 * map (none at all in a no-map region).
 *
 * Context: Any context; does not sleep.  In a reusable region: process
 * context; sleeps while lent pages are migrated away.
 * Return: 0; -EINVAL for a request no placement in @zone could satisfy (0
 * pages, more than the zone, an alignment beyond the zone, a window that
 * misses the zone or is too small), with a message; -ENOMEM if no free
 * extent fits now (in a reusable region also when pinned pages sit in
 * every range tried); -EINTR on a fatal signal while lent pages are
 * migrated.  Failures are counted in the zone's statistics, except for a
 * NULL or error @zone.
 */
int cmr_alloc_request(struct cmr_zone *zone, const struct cmr_request *req,
		      phys_addr_t *phys)
{
	return cmr_alloc_request_from(zone, req, phys, _RET_IP_);
}
EXPORT_SYMBOL_GPL(cmr_alloc_request);

static struct cmr_zone *
cmr_region_alloc_from(struct cmr_region *region, const char *zone,
		      struct device *owner, const struct cmr_request *req,
		      phys_addr_t *phys, unsigned long caller);

/**
 * cmr_region_alloc() - allocate from a region, falling back across zones
 * @region: region from cmr_region_find() or cmr_region_of_device()
 * @zone: zone name, or NULL for any
 * @req: pages, alignment and physical window; see &struct cmr_request
 * @phys: where to store the physical address of the first page
 *
 * With a zone name, only that zone is tried.  Without one, the region's
 * default zone is tried first, then the other zones in address order:
 * the first that fits the request serves it.  A zone tried and missed
 * counts the failure in its statistics, even when another zone serves
 * the request: it shows which zones run short.
 *
 * Context: Any context; does not sleep.  In a reusable region: process
 * context; sleeps while lent pages are migrated away.
 * Return: the zone that holds the pages, to pass to cmr_release(); or
 * ERR_PTR(-ENOENT) for an unknown zone name, ERR_PTR(-EINVAL) when no zone
 * tried could ever satisfy the request (bad arguments included),
 * ERR_PTR(-ENOMEM) when none has room now, and ERR_PTR(-EINTR) on a fatal
 * signal while a reusable region's pages are migrated.
 */
struct cmr_zone *cmr_region_alloc(struct cmr_region *region, const char *zone,
				  const struct cmr_request *req,
				  phys_addr_t *phys)
{
	return cmr_region_alloc_from(region, zone, NULL, req, phys, _RET_IP_);
}
EXPORT_SYMBOL_GPL(cmr_region_alloc);

/*
 * @owner's reserve in @zone (see cmr_zone_configure()) first, then @zone,
 * with no message.  Return: the zone used, or ERR_PTR() with @zone's error.
 */
static struct cmr_zone *cmr_zone_alloc_for(struct cmr_zone *zone,
					   struct device *owner,
					   const struct cmr_request *req,
					   phys_addr_t *phys)
{
	struct cmr_zone *rsv = READ_ONCE(zone->rsv);
	int ret;

	if (owner && rsv && zone->rsv_owner == owner &&
	    !cmr_zone_get(rsv, req, phys, false))
		return rsv;
	ret = cmr_zone_get(zone, req, phys, true);
	return ret ? ERR_PTR(ret) : zone;
}

/* cmr_region_alloc_for() on behalf of the call that returns to @caller. */
static struct cmr_zone *
cmr_region_alloc_from(struct cmr_region *region, const char *zone,
		      struct device *owner, const struct cmr_request *req,
		      phys_addr_t *phys, unsigned long caller)
{
	struct cmr_zone *z, *got;
	int ret = -EINVAL;

	if (IS_ERR_OR_NULL(region) || !req || !phys)
		return ERR_PTR(-EINVAL);
	if (cmr_owner_unbound(owner, "allocation", caller))
		return ERR_PTR(-ENODEV);
	cmr_for_each_zone(z, region) {
		if (zone && strcmp(z->name, zone))
			continue;
		got = cmr_zone_alloc_for(z, owner, req, phys);
		if (!IS_ERR(got)) {
			cmr_track_add(got, *phys, req->count, owner, caller);
			return got;
		}
		/* A fatal signal while taking lent pages back: stop here. */
		if (PTR_ERR(got) != -ENOMEM && PTR_ERR(got) != -EINVAL)
			return got;
		/* Any zone that could fit it later makes this -ENOMEM. */
		if (PTR_ERR(got) == -ENOMEM)
			ret = -ENOMEM;
		if (zone)
			break;
	}
	if (zone && !z)
		return ERR_PTR(-ENOENT);
	if (ret == -EINVAL)
		pr_warn_ratelimited("region %s: impossible request of %lu pages aligned to order %u in [%pa, %pa)\n",
				    region->name, req->count, req->align,
				    &req->min, &req->max);
	return ERR_PTR(ret);
}

/**
 * cmr_region_alloc_for() - cmr_region_alloc() on behalf of a device
 * @region: the region
 * @zone: zone name, or NULL for any
 * @owner: the device, whose reserves are tried first in each zone; or NULL
 * @req: the request
 * @phys: where to store the physical address of the first page
 *
 * Context: Any context; does not sleep.  In a reusable region: process
 * context; sleeps while lent pages are migrated away.
 * Return: as cmr_region_alloc(); the zone may be @owner's reserve.
 * ERR_PTR(-ENODEV), with a message, when @owner is on a bus and has no
 * driver bound (see cmr_owner_unbound()).
 */
struct cmr_zone *cmr_region_alloc_for(struct cmr_region *region,
				      const char *zone, struct device *owner,
				      const struct cmr_request *req,
				      phys_addr_t *phys)
{
	return cmr_region_alloc_from(region, zone, owner, req, phys, _RET_IP_);
}

/* cmr_release() on behalf of the call that returns to @caller. */
static int cmr_release_from(struct cmr_zone *zone, phys_addr_t phys,
			    unsigned long count, unsigned long caller)
{
	const char *why = "not allocated here";
	struct cmr_zone *rsv;
	unsigned long pfn;
	int ret;

	if (IS_ERR_OR_NULL(zone))
		return -EINVAL;
	rsv = READ_ONCE(zone->rsv);
	pfn = PHYS_PFN(phys);
	/* Pages of the reserve go back to it, not to the zone. */
	if (rsv && pfn >= rsv->base_pfn && pfn - rsv->base_pfn < rsv->pages)
		zone = rsv;
	ret = -EINVAL;
	if (!(phys & ~PAGE_MASK))
		ret = cmr_track_check(zone, phys, count, &why);
	if (!ret)
		ret = cmr_zone_release(zone, pfn, count);
	if (ret) {
		pr_warn_ratelimited("region %s zone %s: release of %lu pages at %pa by %pS refused: %s\n",
				    cmr_zone_rname(zone), zone->name, count,
				    &phys, (void *)caller, why);
		return ret;
	}
	/*
	 * A reusable region's pages are lent again once the range is free;
	 * an allocation that picks the range in between finds it busy and
	 * moves on.
	 */
	if (zone != rsv)
		cmr_zone_give(zone, pfn, count);
	cmr_track_del(zone, phys);
	trace_cmr_release(cmr_zone_rname(zone), zone->name, phys, count);
	return 0;
}

/**
 * cmr_region_release() - give back pages cmr_region_alloc() returned
 * @region: the region
 * @phys: the physical address of the first page
 * @count: the count of the request
 *
 * Finds the zone that holds @phys, then as cmr_release().
 *
 * Context: Any context; does not sleep.
 * Return: 0, or -EINVAL if the range was not allocated from @region.
 */
int cmr_region_release(struct cmr_region *region, phys_addr_t phys,
		       unsigned long count)
{
	unsigned long pfn = PHYS_PFN(phys);
	struct cmr_zone *z;

	if (IS_ERR_OR_NULL(region))
		return -EINVAL;
	cmr_for_each_zone(z, region)
		if (pfn >= z->base_pfn && pfn - z->base_pfn < z->pages)
			return cmr_release_from(z, phys, count, _RET_IP_);
	pr_warn_ratelimited("region %s: release of %lu pages at %pa refused: not in the region\n",
			    region->name, count, &phys);
	return -EINVAL;
}
EXPORT_SYMBOL_GPL(cmr_region_release);

/**
 * cmr_alloc() - allocate physically contiguous pages from a zone
 * @zone: zone from cmr_zone_find()
 * @count: number of pages
 * @align: alignment of the physical address, as a page order
 * @phys: where to store the physical address of the first page
 *
 * cmr_alloc_request() with no physical window.
 *
 * Context: Any context; does not sleep.  In a reusable region: process
 * context; sleeps while lent pages are migrated away.
 * Return: as cmr_alloc_request().
 */
int cmr_alloc(struct cmr_zone *zone, unsigned long count, unsigned int align,
	      phys_addr_t *phys)
{
	struct cmr_request req = { .count = count, .align = align };

	return cmr_alloc_request_from(zone, &req, phys, _RET_IP_);
}
EXPORT_SYMBOL_GPL(cmr_alloc);

/**
 * cmr_release() - give pages allocated by cmr_alloc() back
 * @zone: the zone they came from
 * @phys: the physical address cmr_alloc() returned
 * @count: the count passed to cmr_alloc()
 *
 * A release must name one buffer exactly: the address it was allocated
 * at and its size.  A double release, a release of a range never
 * allocated, of part of a buffer, or to another zone, is refused.
 *
 * Context: Any context; does not sleep.
 * Return: 0, or -EINVAL if @phys does not start a buffer of @zone of
 * @count pages (a warning naming the caller is printed and nothing is
 * changed).
 */
int cmr_release(struct cmr_zone *zone, phys_addr_t phys, unsigned long count)
{
	return cmr_release_from(zone, phys, count, _RET_IP_);
}
EXPORT_SYMBOL_GPL(cmr_release);

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
