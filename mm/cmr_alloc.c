// SPDX-License-Identifier: GPL-2.0
/*
 * cmr allocation path.  Every public entry, low level (cmr_alloc(),
 * cmr_region_alloc()) or device-centric (cmr_buffer_alloc()), ends in
 * __cmr_alloc(), and every release in __cmr_release(): one place that
 * checks the owner, picks the zones in fallback order, tries the owner's
 * reserve, takes a reusable region's pages back, fires the tracepoints
 * and keeps the allocation records.  Below it there is only the zone
 * (mm/cmr_zone.c) and its strategy.
 *
 * A request that finds no room gets, where the caller wants one, a line
 * that says who asked, for what, and what the zone had: enough free
 * memory but no extent that fits is fragmentation, not too little memory,
 * and the board maintainer reading the log should not have to work out
 * which.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/cmr.h>
#include <linux/device.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/pfn.h>
#include <linux/printk.h>
#include <linux/sched.h>

#define CREATE_TRACE_POINTS
#include <trace/events/cmr.h>

#include "cmr.h"

/**
 * cmr_owner_unbound() - refuse a call for a device that lost its driver
 * @owner: the device the call is made for, or NULL
 * @what: what the call does, for the message
 * @caller: its return address, named in the message
 *
 * What a driver allocates or sets up for its device lives while the
 * driver is bound: a call on behalf of a device whose driver has gone
 * (work left running after remove, a stale pointer kept by another
 * driver) is refused, so that nothing is held for a device nobody will
 * release it for.  A device on no bus (a root device, a driver's own
 * child device) has no binding to lose.  During probe and remove the
 * driver is bound.
 *
 * Context: Any context.
 * Return: true (with a message) when the call must be refused.
 */
bool cmr_owner_unbound(struct device *owner, const char *what,
		       unsigned long caller)
{
	if (!owner || !owner->bus || READ_ONCE(owner->driver))
		return false;
	dev_warn_ratelimited(owner, "cmr: %s by %pS refused: the device is not bound to a driver\n",
			     what, (void *)caller);
	return true;
}

/* What the figures say about a request of @count pages that failed. */
static const char *cmr_report_why(const struct cmr_stats *st,
				  unsigned long count)
{
	if (st->total_pages - st->used_pages < count)
		return "too little free memory";
	if (st->largest_free < count)
		return "fragmented";
	return "no free extent meets its alignment or window, or its pages are pinned";
}

/**
 * cmr_report_nomem() - say why an allocation found no room
 * @region: the region
 * @zone: the zone asked for, or NULL for any
 * @owner: the device it was for, or NULL (the calling task is named)
 * @req: the request
 *
 * One rate-limited line with the zone's (or, for any zone, the region's)
 * free pages and largest free extent, and the verdict they give.
 *
 * Context: Any context.
 */
void cmr_report_nomem(struct cmr_region *region, struct cmr_zone *zone,
		      struct device *owner, const struct cmr_request *req)
{
	struct cmr_stats st;

	if (zone)
		cmr_zone_get_stats(zone, &st);
	else
		cmr_region_get_stats(region, &st);
	pr_warn_ratelimited("region %s zone %s: no room for %lu pages aligned to order %u for %s: %lu pages free, largest free extent %lu: %s\n",
			    region->name, zone ? zone->name : "(any)",
			    req->count, req->align,
			    owner ? dev_name(owner) : current->comm,
			    st.total_pages - st.used_pages, st.largest_free,
			    cmr_report_why(&st, req->count));
}

/* The tracepoint of one zone's answer, timed from @t0 (0: not traced). */
static void cmr_trace_answer(struct cmr_zone *zone,
			     const struct cmr_request *req, unsigned long pfn,
			     int ret, u64 t0)
{
	if (!t0)
		return;
	t0 = ktime_get_ns() - t0;
	if (ret)
		trace_cmr_alloc_fail(cmr_zone_rname(zone), zone->name,
				     req->count, req->align, ret, t0);
	else
		trace_cmr_alloc(cmr_zone_rname(zone), zone->name, PFN_PHYS(pfn),
				req->count, req->align, t0);
}

static u64 cmr_trace_start(void)
{
	if (trace_cmr_alloc_enabled() || trace_cmr_alloc_fail_enabled())
		return ktime_get_ns() ?: 1;
	return 0;
}

/*
 * @req's window in page frames.  A window ending inside the first page
 * holds nothing, but its end pfn reads as "no limit": start it beyond
 * every zone instead.
 */
static void cmr_request_pfns(const struct cmr_request *req,
			     unsigned long *min_pfn, unsigned long *end_pfn)
{
	*min_pfn = PFN_UP(req->min);
	*end_pfn = PFN_DOWN(req->max);
	if (req->max && !*end_pfn)
		*min_pfn = ULONG_MAX;
}

/* @zone's reserve, if @owner is the device it is kept for; or NULL. */
static struct cmr_zone *cmr_alloc_rsv(struct cmr_zone *zone,
				      struct device *owner)
{
	struct cmr_zone *rsv = READ_ONCE(zone->rsv);

	return owner && rsv && zone->rsv_owner == owner ? rsv : NULL;
}

/*
 * The zone __cmr_alloc() tries after @prev (NULL: the first): @zone, or
 * @region's zones in fallback order, each preceded by @owner's reserve
 * in it (see cmr_zone_configure()).
 */
static struct cmr_zone *cmr_alloc_next(struct cmr_region *region,
				       struct cmr_zone *zone,
				       struct device *owner,
				       struct cmr_zone *prev)
{
	struct cmr_zone *next;

	if (prev && prev->rsv_of)
		return prev->rsv_of;
	if (!prev)
		next = zone ?: region->zones;
	else
		next = zone ? NULL : cmr_zone_next(region, prev);
	if (!next)
		return NULL;
	return cmr_alloc_rsv(next, owner) ?: next;
}

/**
 * __cmr_alloc() - the one allocation path
 * @region: the region
 * @zone: a zone of @region, or NULL for its zones in fallback order
 *	(the default zone, then the others in address order)
 * @owner: the device the pages are for (its reserves are tried first,
 *	and the record names it), or NULL for the calling task; the public
 *	entries refuse one that lost its driver (cmr_owner_unbound())
 * @req: pages, alignment and physical window
 * @phys: where to store the physical address of the first page
 * @caller: the return address of the public entry, for records and
 *	messages
 *
 * Context: Any context; does not sleep.  In a reusable region: process
 * context; sleeps while lent pages are migrated away.
 * Return: the zone that holds the pages (it may be @owner's reserve), or
 * ERR_PTR(-EINVAL) when no zone tried could ever satisfy the request
 * (with a message), ERR_PTR(-ENOMEM) when none has room now,
 * ERR_PTR(-EINTR) on a fatal signal while a reusable region's pages are
 * migrated.
 */
struct cmr_zone *__cmr_alloc(struct cmr_region *region, struct cmr_zone *zone,
			     struct device *owner,
			     const struct cmr_request *req, phys_addr_t *phys,
			     unsigned long caller)
{
	unsigned long min_pfn, end_pfn, pfn = 0;
	struct cmr_held rec;
	/* The record is filed under the lock that the allocation holds. */
	const struct cmr_zone_hook hook = {
		.placed = cmr_track_placed, .arg = &rec,
	};
	int ret = -EINVAL, err;
	struct cmr_zone *z;
	u64 t0;

	if (IS_ERR_OR_NULL(region) || IS_ERR(zone) || !req || !phys ||
	    (zone && zone->region != region))
		return ERR_PTR(-EINVAL);
	cmr_request_pfns(req, &min_pfn, &end_pfn);
	for (z = cmr_alloc_next(region, zone, owner, NULL); z;
	     z = cmr_alloc_next(region, zone, owner, z)) {
		cmr_track_prepare(z, &rec, req->count, owner, caller);
		t0 = cmr_trace_start();
		err = cmr_zone_alloc_hooked(z, req->count, req->align, min_pfn,
					    end_pfn, &pfn, &hook);
		cmr_trace_answer(z, req, pfn, err, t0);
		if (!err) {
			*phys = PFN_PHYS(pfn);
			return z;
		}
		/* A full reserve falls back to its zone, which comes next. */
		if (z->rsv_of)
			continue;
		/* A fatal signal while taking lent pages back: stop here. */
		if (err != -ENOMEM && err != -EINVAL)
			return ERR_PTR(err);
		/* Any zone that could fit it later makes this -ENOMEM. */
		if (err == -ENOMEM)
			ret = -ENOMEM;
	}
	if (ret == -EINVAL)
		pr_warn_ratelimited("region %s zone %s: impossible request of %lu pages aligned to order %u in [%pa, %pa)\n",
				    region->name, zone ? zone->name : "(any)",
				    req->count, req->align, &req->min,
				    &req->max);
	return ERR_PTR(ret);
}

/**
 * __cmr_release() - undo __cmr_alloc()
 * @zone: the zone __cmr_alloc() returned, or the zone it was a reserve of
 * @phys: the physical address of the first page
 * @count: the count of the request
 * @caller: the return address of the public entry, for the message
 *
 * The range must be one allocation exactly; it goes back to its zone (or
 * the reserve it came from), a reusable region lends it again, and its
 * record goes.
 *
 * Context: Any context; does not sleep.
 * Return: 0, or -EINVAL (with a message naming @caller) when the range is
 * not one allocation of @zone; nothing is changed then.
 */
int __cmr_release(struct cmr_zone *zone, phys_addr_t phys,
		  unsigned long count, unsigned long caller)
{
	struct cmr_track_release tr = { .why = "not allocated here" };
	/* The record is checked and taken under the release's lock hold. */
	const struct cmr_zone_hook hook = {
		.releasing = cmr_track_releasing,
		.refused = cmr_track_refused,
		.arg = &tr,
	};
	struct cmr_zone *rsv;
	unsigned long pfn;
	int ret = -EINVAL;

	if (IS_ERR_OR_NULL(zone))
		return -EINVAL;
	rsv = READ_ONCE(zone->rsv);
	pfn = PHYS_PFN(phys);
	/* Pages of the reserve go back to it, not to the zone. */
	if (rsv && pfn >= rsv->base_pfn && pfn - rsv->base_pfn < rsv->pages)
		zone = rsv;
	if (!(phys & ~PAGE_MASK))
		ret = cmr_zone_release_hooked(zone, pfn, count, &hook);
	if (ret) {
		pr_warn_ratelimited("region %s zone %s: release of %lu pages at %pa by %pS refused: %s\n",
				    cmr_zone_rname(zone), zone->name, count,
				    &phys, (void *)caller, tr.why);
		return ret;
	}
	/*
	 * A reusable region's pages are lent again once the range is free;
	 * an allocation that picks the range in between finds it busy and
	 * moves on.  A reserve's pages stay owned.
	 */
	if (zone != rsv && cmr_region_reusable(zone->region))
		cmr_reuse_give(zone->region, pfn, cmr_zone_round(zone, count));
	trace_cmr_release(cmr_zone_rname(zone), zone->name, phys, count);
	return 0;
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
	if (IS_ERR_OR_NULL(zone))
		return -EINVAL;
	return PTR_ERR_OR_ZERO(__cmr_alloc(zone->region, zone, NULL, req, phys,
					   _RET_IP_));
}
EXPORT_SYMBOL_GPL(cmr_alloc_request);

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

	if (IS_ERR_OR_NULL(zone))
		return -EINVAL;
	return PTR_ERR_OR_ZERO(__cmr_alloc(zone->region, zone, NULL, &req,
					   phys, _RET_IP_));
}
EXPORT_SYMBOL_GPL(cmr_alloc);

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
	struct cmr_zone *z = zone ? cmr_zone_find(region, zone) : NULL;

	if (PTR_ERR(z) == -ENOENT)
		return z;
	return __cmr_alloc(region, z, NULL, req, phys, _RET_IP_);
}
EXPORT_SYMBOL_GPL(cmr_region_alloc);

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
	return __cmr_release(zone, phys, count, _RET_IP_);
}
EXPORT_SYMBOL_GPL(cmr_release);

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
			return __cmr_release(z, phys, count, _RET_IP_);
	pr_warn_ratelimited("region %s: release of %lu pages at %pa refused: not in the region\n",
			    region->name, count, &phys);
	return -EINVAL;
}
EXPORT_SYMBOL_GPL(cmr_region_release);
