// SPDX-License-Identifier: GPL-2.0
/*
 * cmr debugfs: /sys/kernel/debug/cmr/regions, one line per zone with its
 * placement, counters and free-space shape (pages; frag in thousandths,
 * see cmr_stats_fragmentation()), then one for the region, "(all)".  The
 * last column says how the region is mapped: "map", "no-map", or
 * "reusable" (mapped, idle pages lent to the page allocator).  Root-only,
 * as it shows physical addresses.  Each zone's own directory is in
 * mm/cmr_debugfs_zone.c.
 */

#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/pfn.h>
#include <linux/seq_file.h>

#include "cmr.h"

static void cmr_debugfs_zone(struct seq_file *m, struct cmr_zone *zone)
{
	struct cmr_region *region = zone->region;
	phys_addr_t base = PFN_PHYS(zone->base_pfn);
	phys_addr_t end = PFN_PHYS(zone->base_pfn + zone->pages) - 1;
	struct cmr_stats st;

	cmr_zone_get_stats(zone, &st);
	seq_printf(m, "%-16s %-10s %-8s %pa..%pa %8lu %8lu %8lu %8lu %8lu %5u %8lu %8lu %8lu %s\n",
		   region->name, zone->name, zone->ops->name, &base, &end,
		   st.total_pages, st.used_pages, st.peak_pages,
		   st.largest_free, st.free_extents,
		   cmr_stats_fragmentation(&st), st.allocs, st.failures,
		   st.failures_fragmented,
		   cmr_region_kind(region));
}

/* The region's own line: its zones added up (cmr_region_get_stats()). */
static void cmr_debugfs_region(struct seq_file *m, struct cmr_region *region)
{
	phys_addr_t end = region->base + region->size - 1;
	struct cmr_stats st;

	cmr_region_get_stats(region, &st);
	seq_printf(m, "%-16s %-10s %-8s %pa..%pa %8lu %8lu %8lu %8lu %8lu %5u %8lu %8lu %8lu %s\n",
		   region->name, "(all)", "-", &region->base, &end,
		   st.total_pages, st.used_pages, st.peak_pages,
		   st.largest_free, st.free_extents,
		   cmr_stats_fragmentation(&st), st.allocs, st.failures,
		   st.failures_fragmented,
		   cmr_region_kind(region));
}

static int cmr_debugfs_regions_show(struct seq_file *m, void *v)
{
	struct cmr_region *region;
	struct cmr_zone *zone;

	seq_printf(m, "%-16s %-10s %-8s %-38s %8s %8s %8s %8s %8s %5s %8s %8s %8s %s\n",
		   "region", "zone", "strategy", "range", "pages", "used",
		   "peak", "largest", "extents", "frag", "allocs", "fails",
		   "fragfail", "map");
	cmr_for_each_region(region) {
		cmr_for_each_zone(zone, region)
			cmr_debugfs_zone(m, zone);
		cmr_debugfs_region(m, region);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cmr_debugfs_regions);

static int __init cmr_debugfs_init(void)
{
	struct dentry *dir = debugfs_create_dir("cmr", NULL);

	debugfs_create_file("regions", 0400, dir, NULL,
			    &cmr_debugfs_regions_fops);
	cmr_debugfs_zones(dir);
	return 0;
}
late_initcall(cmr_debugfs_init);
