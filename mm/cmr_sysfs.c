// SPDX-License-Identifier: GPL-2.0
/*
 * cmr sysfs: /sys/kernel/mm/cmr/<region>/ and .../<region>/zones/<zone>/,
 * one read-only file per figure, the stable ABI of
 * docs/ABI/testing/sysfs-kernel-mm-cmr.  Modelled on mm/cma_sysfs.c.
 * Figures are in pages unless the name says otherwise; "base" reveals a
 * physical address and is readable by root only.  debugfs has the same
 * figures as one table, for people; this is for programs.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/init.h>
#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/pfn.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "cmr.h"

/**
 * struct cmr_kobj - the sysfs directory of a region or a zone
 * @kobj: the directory
 * @region: the region
 * @zone: the zone, or NULL for the region's own directory
 */
struct cmr_kobj {
	struct kobject kobj;
	struct cmr_region *region;
	struct cmr_zone *zone;
};

static struct cmr_kobj *to_cmr_kobj(struct kobject *kobj)
{
	return container_of(kobj, struct cmr_kobj, kobj);
}

static void cmr_sysfs_stats(struct kobject *kobj, struct cmr_stats *st)
{
	struct cmr_kobj *k = to_cmr_kobj(kobj);

	if (k->zone)
		cmr_zone_get_stats(k->zone, st);
	else
		cmr_region_get_stats(k->region, st);
}

/* A file showing one figure computed from the statistics @st. */
#define CMR_STAT_ATTR(_name, _expr)					\
static ssize_t _name##_show(struct kobject *kobj,			\
			    struct kobj_attribute *attr, char *buf)	\
{									\
	struct cmr_stats st;						\
									\
	cmr_sysfs_stats(kobj, &st);					\
	return sysfs_emit(buf, "%lu\n", (unsigned long)(_expr));	\
}									\
static struct kobj_attribute _name##_attr = __ATTR_RO(_name)

CMR_STAT_ATTR(total_pages, st.total_pages);
CMR_STAT_ATTR(used_pages, st.used_pages);
CMR_STAT_ATTR(peak_pages, st.peak_pages);
CMR_STAT_ATTR(free_pages, st.total_pages - st.used_pages);
CMR_STAT_ATTR(largest_free_pages, st.largest_free);
CMR_STAT_ATTR(free_extents, st.free_extents);
CMR_STAT_ATTR(fragmentation, cmr_stats_fragmentation(&st));
CMR_STAT_ATTR(allocs, st.allocs);
CMR_STAT_ATTR(releases, st.releases);
CMR_STAT_ATTR(failures, st.failures);
CMR_STAT_ATTR(failures_fragmented, st.failures_fragmented);

static ssize_t base_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	struct cmr_kobj *k = to_cmr_kobj(kobj);
	phys_addr_t base = k->zone ? PFN_PHYS(k->zone->base_pfn) :
				     k->region->base;

	return sysfs_emit(buf, "%pa\n", &base);
}
static struct kobj_attribute base_attr = __ATTR(base, 0400, base_show, NULL);

static ssize_t size_bytes_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	struct cmr_kobj *k = to_cmr_kobj(kobj);
	u64 size = k->zone ? (u64)k->zone->pages << PAGE_SHIFT :
			     (u64)k->region->size;

	return sysfs_emit(buf, "%llu\n", size);
}
static struct kobj_attribute size_bytes_attr = __ATTR_RO(size_bytes);

static ssize_t kind_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  cmr_region_kind(to_cmr_kobj(kobj)->region));
}
static struct kobj_attribute kind_attr = __ATTR_RO(kind);

static ssize_t strategy_show(struct kobject *kobj,
			     struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  READ_ONCE(to_cmr_kobj(kobj)->zone->ops)->name);
}
static struct kobj_attribute strategy_attr = __ATTR_RO(strategy);

static ssize_t align_bytes_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	unsigned int order = READ_ONCE(to_cmr_kobj(kobj)->zone->align_order);

	return sysfs_emit(buf, "%lu\n", PAGE_SIZE << order);
}
static struct kobj_attribute align_bytes_attr = __ATTR_RO(align_bytes);

/* A reusable region's ready reserve and what is kept and lent now. */
static ssize_t cmr_sysfs_lending(struct kobject *kobj, char *buf, int which)
{
	struct cmr_region *region = to_cmr_kobj(kobj)->region;
	unsigned long v[3];

	if (!cmr_region_reusable(region))
		return -ENODEV;
	cmr_ready_get(region, &v[0], &v[1], &v[2]);
	return sysfs_emit(buf, "%lu\n", v[which]);
}

static ssize_t ready_pages_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return cmr_sysfs_lending(kobj, buf, 0);
}

static ssize_t ready_pages_store(struct kobject *kobj,
				 struct kobj_attribute *attr, const char *buf,
				 size_t len)
{
	struct cmr_region *region = to_cmr_kobj(kobj)->region;
	unsigned long pages;
	int ret;

	if (!cmr_region_reusable(region))
		return -ENODEV;
	ret = kstrtoul(buf, 0, &pages);
	if (!ret)
		ret = cmr_ready_set(region, pages);
	if (ret) {
		pr_warn_ratelimited("region %s: ready_pages '%.*s' refused: not a page count up to the region's %llu\n",
				    region->name, (int)min_t(size_t, len, 24),
				    buf, (u64)region->size >> PAGE_SHIFT);
		return ret;
	}
	return len;
}
static struct kobj_attribute ready_pages_attr = __ATTR_RW(ready_pages);

static ssize_t kept_pages_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return cmr_sysfs_lending(kobj, buf, 1);
}
static struct kobj_attribute kept_pages_attr = __ATTR_RO(kept_pages);

static ssize_t lent_pages_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return cmr_sysfs_lending(kobj, buf, 2);
}
static struct kobj_attribute lent_pages_attr = __ATTR_RO(lent_pages);

/* The figures every directory has. */
static struct attribute *cmr_stat_attrs[] = {
	&base_attr.attr, &size_bytes_attr.attr,
	&total_pages_attr.attr, &used_pages_attr.attr,
	&peak_pages_attr.attr, &free_pages_attr.attr,
	&largest_free_pages_attr.attr, &free_extents_attr.attr,
	&fragmentation_attr.attr, &allocs_attr.attr,
	&releases_attr.attr, &failures_attr.attr,
	&failures_fragmented_attr.attr, NULL
};

static const struct attribute_group cmr_stat_group = {
	.attrs = cmr_stat_attrs,
};

static struct attribute *cmr_region_attrs[] = {
	&kind_attr.attr, NULL
};

static const struct attribute_group cmr_region_group = {
	.attrs = cmr_region_attrs,
};

/*
 * A file of reusable regions only, showing @_emit (an expression of
 * region and buf): how often each reason kept the region's pages
 * (cmr_busy.c), its latency histograms (cmr_hist.c).
 */
#define CMR_REUSE_ATTR(_name, _emit)					\
static ssize_t _name##_show(struct kobject *kobj,			\
			    struct kobj_attribute *attr, char *buf)	\
{									\
	struct cmr_region *region = to_cmr_kobj(kobj)->region;		\
									\
	if (!cmr_region_reusable(region))				\
		return -ENODEV;						\
	return _emit;							\
}									\
static struct kobj_attribute _name##_attr = __ATTR_RO(_name)

#define CMR_BLOCKED_ATTR(_name, _why)					\
	CMR_REUSE_ATTR(_name, sysfs_emit(buf, "%lu\n",			\
					 cmr_busy_count(region, _why)))
#define CMR_LAT_ATTR(_name, _lat)					\
	CMR_REUSE_ATTR(_name, cmr_hist_emit(cmr_reuse_hist(region, _lat), buf))

CMR_BLOCKED_ATTR(blocked_pinned, CMR_BUSY_PINNED);
CMR_BLOCKED_ATTR(blocked_writeback, CMR_BUSY_WRITEBACK);
CMR_BLOCKED_ATTR(blocked_unmovable, CMR_BUSY_UNMOVABLE);
CMR_BLOCKED_ATTR(blocked_reference, CMR_BUSY_REFERENCE);
CMR_BLOCKED_ATTR(blocked_other, CMR_BUSY_OTHER);

CMR_LAT_ATTR(latency_ready_us, CMR_LAT_READY);
CMR_LAT_ATTR(latency_migrate_us, CMR_LAT_MIGRATE);
CMR_LAT_ATTR(latency_refill_us, CMR_LAT_REFILL);

/* Only in the directories of reusable regions. */
static struct attribute *cmr_reuse_attrs[] = {
	&ready_pages_attr.attr, &kept_pages_attr.attr, &lent_pages_attr.attr,
	&blocked_pinned_attr.attr, &blocked_writeback_attr.attr,
	&blocked_unmovable_attr.attr, &blocked_reference_attr.attr,
	&blocked_other_attr.attr, &latency_ready_us_attr.attr,
	&latency_migrate_us_attr.attr, &latency_refill_us_attr.attr, NULL
};

static umode_t cmr_reuse_visible(struct kobject *kobj, struct attribute *attr,
				 int n)
{
	return cmr_region_reusable(to_cmr_kobj(kobj)->region) ? attr->mode : 0;
}

static const struct attribute_group cmr_reuse_group = {
	.attrs = cmr_reuse_attrs,
	.is_visible = cmr_reuse_visible,
};

static const struct attribute_group *cmr_region_groups[] = {
	&cmr_stat_group, &cmr_region_group, &cmr_reuse_group, NULL
};

static struct attribute *cmr_zone_attrs[] = {
	&strategy_attr.attr, &align_bytes_attr.attr, NULL
};

static const struct attribute_group cmr_zone_group = {
	.attrs = cmr_zone_attrs,
};

static const struct attribute_group *cmr_zone_groups[] = {
	&cmr_stat_group, &cmr_zone_group, NULL
};

static void cmr_kobj_release(struct kobject *kobj)
{
	kfree(to_cmr_kobj(kobj));
}

static const struct kobj_type cmr_region_ktype = {
	.release = cmr_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = cmr_region_groups,
};

static const struct kobj_type cmr_zone_ktype = {
	.release = cmr_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = cmr_zone_groups,
};

static struct cmr_kobj * __init cmr_sysfs_add(const struct kobj_type *type,
					      struct kobject *parent,
					      struct cmr_region *region,
					      struct cmr_zone *zone)
{
	struct cmr_kobj *k = kzalloc(sizeof(*k), GFP_KERNEL);

	if (!k)
		return NULL;
	k->region = region;
	k->zone = zone;
	if (kobject_init_and_add(&k->kobj, type, parent, "%s",
				 zone ? zone->name : region->name)) {
		kobject_put(&k->kobj);
		return NULL;
	}
	return k;
}

/* One region's directory and its zones'; a failure is reported. */
static void __init cmr_sysfs_region(struct kobject *root,
				    struct cmr_region *region)
{
	struct kobject *zones;
	struct cmr_kobj *k;
	struct cmr_zone *zone;

	k = cmr_sysfs_add(&cmr_region_ktype, root, region, NULL);
	zones = k ? kobject_create_and_add("zones", &k->kobj) : NULL;
	if (!zones)
		goto fail;
	cmr_for_each_zone(zone, region)
		if (!cmr_sysfs_add(&cmr_zone_ktype, zones, region, zone))
			goto fail;
	return;
fail:
	pr_warn("region %s: sysfs directory incomplete\n", region->name);
}

static int __init cmr_sysfs_init(void)
{
	struct cmr_region *region;
	struct kobject *root;

	root = kobject_create_and_add("cmr", mm_kobj);
	if (!root) {
		pr_warn("no /sys/kernel/mm/cmr\n");
		return -ENOMEM;
	}
	cmr_for_each_region(region)
		cmr_sysfs_region(root, region);
	return 0;
}
subsys_initcall(cmr_sysfs_init);
