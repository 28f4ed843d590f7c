// SPDX-License-Identifier: GPL-2.0
/*
 * cmr failure reports and tracepoints.  An allocation that finds no room
 * gets one rate-limited line that says who asked, for what, and what the
 * zone had: enough free memory but no extent that fits is fragmentation,
 * not too little memory, and the board maintainer reading the log should
 * not have to work out which.  The tracepoints (include/trace/events/
 * cmr.h) are created here and fired by mm/cmr_core.c.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/device.h>
#include <linux/err.h>
#include <linux/printk.h>
#include <linux/sched.h>

#define CREATE_TRACE_POINTS
#include <trace/events/cmr.h>

#include "cmr.h"

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
void cmr_report_nomem(struct cmr_region *region, const char *zone,
		      struct device *owner, const struct cmr_request *req)
{
	struct cmr_zone *z = zone ? cmr_zone_find(region, zone) : NULL;
	struct cmr_stats st;

	if (!IS_ERR_OR_NULL(z))
		cmr_zone_get_stats(z, &st);
	else
		cmr_region_get_stats(region, &st);
	pr_warn_ratelimited("region %s zone %s: no room for %lu pages aligned to order %u for %s: %lu pages free, largest free extent %lu: %s\n",
			    region->name, zone ?: "(any)", req->count,
			    req->align, owner ? dev_name(owner) : current->comm,
			    st.total_pages - st.used_pages, st.largest_free,
			    cmr_report_why(&st, req->count));
}
