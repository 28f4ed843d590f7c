// SPDX-License-Identifier: GPL-2.0
/*
 * cmr debugfs, root-only, as it shows physical addresses:
 *
 * /sys/kernel/debug/cmr/regions: one line per zone with its placement,
 * counters and free-space shape (pages; frag in thousandths, see
 * cmr_stats_fragmentation()), then one for the region, "(all)".  The last
 * column says how the region is mapped: "map", "no-map", or "reusable"
 * (mapped, idle pages lent to the page allocator).
 *
 * /sys/kernel/debug/cmr/<region>/<zone>/:
 *
 *	buffers	the live allocations by address: range, pages, age, owner
 *		(the device, or the caller and task), from mm/cmr_track.c;
 *		a driver's reserve is one of them, and its own buffers follow
 *	map	the zone in 64 cells from those records: '#' full, '+' part
 *		used, '.' free
 *	alloc	(CONFIG_CMR_DEBUG) write a page count: allocate that many
 *	free	(CONFIG_CMR_DEBUG) write anything: release the zone's last
 *		buffer from "alloc"
 *
 * alloc and free are for testing by hand, as mm/cma_debug.c's are.
 */

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rbtree.h>
#include <linux/pfn.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "cmr.h"

#define CMR_MAP_CELLS	64

static void cmr_dbg_held(struct seq_file *m, struct cmr_zone *zone,
			 const char *tag)
{
	struct cmr_held *h;
	struct rb_node *n;
	unsigned long flags;
	phys_addr_t start, end;

	spin_lock_irqsave(&zone->lock, flags);
	for (n = rb_first(&zone->held); n; n = rb_next(n)) {
		h = rb_entry(n, struct cmr_held, node);
		start = PFN_PHYS(h->pfn);
		end = PFN_PHYS(h->pfn + h->count) - 1;
		if (h->caller)
			seq_printf(m, "%pa..%pa %8lu %10u %ps [%s]%s\n", &start,
				   &end, h->count,
				   jiffies_to_msecs(jiffies - h->since),
				   (void *)h->caller, h->who, tag);
		else
			seq_printf(m, "%pa..%pa %8lu %10u %s%s\n", &start, &end,
				   h->count, jiffies_to_msecs(jiffies - h->since),
				   h->who, tag);
	}
	if (zone->untracked)
		seq_printf(m, "(%lu buffer(s) not tracked: no memory for a record)%s\n",
			   zone->untracked, tag);
	spin_unlock_irqrestore(&zone->lock, flags);
}

static int cmr_dbg_buffers_show(struct seq_file *m, void *v)
{
	struct cmr_zone *zone = m->private, *rsv = READ_ONCE(zone->rsv);

	seq_printf(m, "%-38s %8s %10s %s\n", "range", "pages", "age_ms",
		   "owner");
	cmr_dbg_held(m, zone, "");
	if (rsv)
		cmr_dbg_held(m, rsv, " (in the reserve)");
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cmr_dbg_buffers);

static int cmr_dbg_map_show(struct seq_file *m, void *v)
{
	struct cmr_zone *zone = m->private;
	unsigned long used[CMR_MAP_CELLS] = { };
	unsigned long cells = min_t(unsigned long, CMR_MAP_CELLS, zone->pages);
	unsigned long flags, c, lo, hi, a, b;
	struct cmr_held *h;
	struct rb_node *n;
	char map[CMR_MAP_CELLS + 1];

	spin_lock_irqsave(&zone->lock, flags);
	for (n = rb_first(&zone->held); n; n = rb_next(n)) {
		h = rb_entry(n, struct cmr_held, node);
		a = h->pfn - zone->base_pfn;
		b = a + h->count;
		for (c = 0; c < cells; c++) {
			lo = c * zone->pages / cells;
			hi = (c + 1) * zone->pages / cells;
			if (a < hi && b > lo)
				used[c] += min(b, hi) - max(a, lo);
		}
	}
	spin_unlock_irqrestore(&zone->lock, flags);
	for (c = 0; c < cells; c++) {
		hi = (c + 1) * zone->pages / cells - c * zone->pages / cells;
		map[c] = !used[c] ? '.' : used[c] >= hi ? '#' : '+';
	}
	map[cells] = '\0';
	seq_printf(m, "[%s] %lu pages, %lu per cell\n", map, zone->pages,
		   DIV_ROUND_UP(zone->pages, cells));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cmr_dbg_map);

#ifdef CONFIG_CMR_DEBUG
/* A buffer taken through "alloc", until "free". */
struct cmr_dbg_buf {
	struct list_head list;
	struct cmr_zone *zone;
	phys_addr_t phys;
	unsigned long count;
};

static LIST_HEAD(cmr_dbg_bufs);
static DEFINE_MUTEX(cmr_dbg_lock);

static ssize_t cmr_dbg_alloc_write(struct file *file, const char __user *ubuf,
				   size_t len, loff_t *ppos)
{
	struct cmr_zone *zone = file->private_data;
	struct cmr_dbg_buf *b;
	unsigned long pages;
	int ret;

	ret = kstrtoul_from_user(ubuf, len, 0, &pages);
	if (ret)
		return ret;
	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	ret = cmr_alloc(zone, pages, 0, &b->phys);
	if (ret) {
		kfree(b);
		return ret;
	}
	b->zone = zone;
	b->count = pages;
	mutex_lock(&cmr_dbg_lock);
	list_add(&b->list, &cmr_dbg_bufs);
	mutex_unlock(&cmr_dbg_lock);
	return len;
}

static const struct file_operations cmr_dbg_alloc_fops = {
	.open = simple_open,
	.write = cmr_dbg_alloc_write,
	.llseek = noop_llseek,
};

static ssize_t cmr_dbg_free_write(struct file *file, const char __user *ubuf,
				  size_t len, loff_t *ppos)
{
	struct cmr_zone *zone = file->private_data;
	struct cmr_dbg_buf *b, *found = NULL;

	mutex_lock(&cmr_dbg_lock);
	list_for_each_entry(b, &cmr_dbg_bufs, list)
		if (b->zone == zone) {
			found = b;
			list_del(&b->list);
			break;
		}
	mutex_unlock(&cmr_dbg_lock);
	if (!found)
		return -ENOENT;
	cmr_release(zone, found->phys, found->count);
	kfree(found);
	return len;
}

static const struct file_operations cmr_dbg_free_fops = {
	.open = simple_open,
	.write = cmr_dbg_free_write,
	.llseek = noop_llseek,
};
#endif

/* Each zone's directory under @root, /sys/kernel/debug/cmr. */
static void __init cmr_debugfs_zones(struct dentry *root)
{
	struct cmr_region *region;
	struct cmr_zone *zone;
	struct dentry *rdir, *zdir;

	cmr_for_each_region(region) {
		rdir = debugfs_create_dir(region->name, root);
		cmr_for_each_zone(zone, region) {
			zdir = debugfs_create_dir(zone->name, rdir);
			debugfs_create_file("buffers", 0400, zdir, zone,
					    &cmr_dbg_buffers_fops);
			debugfs_create_file("map", 0400, zdir, zone,
					    &cmr_dbg_map_fops);
#ifdef CONFIG_CMR_DEBUG
			debugfs_create_file("alloc", 0200, zdir, zone,
					    &cmr_dbg_alloc_fops);
			debugfs_create_file("free", 0200, zdir, zone,
					    &cmr_dbg_free_fops);
#endif
		}
	}
}

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
