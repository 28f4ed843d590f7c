// SPDX-License-Identifier: GPL-2.0
/*
 * cmr activation: once the slab allocator works, turn each reserved
 * declaration into a region with its zones and publish it.  Also report
 * declarations that never got memory, so every bad one has its message:
 * cmr= entries left unreserved, and DT nodes the kernel itself refused
 * (a size larger than RAM, an alloc-ranges outside memory) before cmr saw
 * them.  After this the early table is freed with the rest of __initdata.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/of.h>
#include <linux/pfn.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "cmr.h"
#include "cmr_decl.h"

static struct device_node * __init cmr_activate_of_node(const char *node)
{
	char path[CMR_NODE_MAX + 20];

	snprintf(path, sizeof(path), "/reserved-memory/%s", node);
	return of_find_node_by_path(path);
}

/* The declared strategy; an unknown one is refused, the default used. */
static const struct cmr_strategy_ops * __init
cmr_activate_strategy(const struct cmr_decl *d)
{
	const struct cmr_strategy_ops *ops, *def = cmr_strategy_find(NULL);

	if (!d->strategy[0])
		return def;
	ops = cmr_strategy_find(d->strategy);
	if (!ops)
		pr_err("region %s: unknown strategy '%s'; zone default uses %s\n",
		       d->name, d->strategy, def->name);
	return ops ? ops : def;
}

static void __init cmr_activate_refused(const struct cmr_decl *d,
					const struct cmr_zone_decl *zd,
					const struct cmr_zone_plan *p)
{
	if (zd->strategy[0] && !cmr_strategy_find(zd->strategy))
		pr_err("region %s zone %s: refused: unknown strategy '%s'\n",
		       d->name, p->name, zd->strategy);
	else if (p->left < zd->size >> PAGE_SHIFT && zd->size)
		pr_err("region %s zone %s: refused: %llu KiB does not fit in the %lu KiB left of the region\n",
		       d->name, p->name, (unsigned long long)zd->size >> 10,
		       p->left << (PAGE_SHIFT - 10));
	else
		pr_err("region %s zone %s: refused: %s\n", d->name, p->name,
		       p->why);
}

static int __init cmr_activate_zone(struct cmr_region *region,
				    const struct cmr_zone_plan *p, bool say)
{
	struct cmr_zone *zone = &region->zones[region->nr_zones];
	int ret;

	ret = cmr_zone_init(zone, p->name, PHYS_PFN(region->base) + p->offset,
			    p->pages, p->ops, 0);
	if (ret) {
		pr_err("region %s zone %s: cannot set up its %s strategy (%d)\n",
		       region->name, p->name, p->ops->name, ret);
		return ret;
	}
	zone->align_order = p->align_order;
	zone->heap = p->heap;
	zone->region = region;
	/* Without spare records its buffers get theirs as they come. */
	cmr_track_init(zone);
	region->nr_zones++;
	if (say)
		pr_info("region %s zone %s: %lu KiB at %pa, strategy %s, align %lu KiB\n",
			region->name, p->name, p->pages << (PAGE_SHIFT - 10),
			&(phys_addr_t){ PFN_PHYS(zone->base_pfn) },
			p->ops->name, PAGE_SIZE << p->align_order >> 10);
	return 0;
}

/* Take down the zones set up so far, and their array. */
static void __init cmr_activate_undo(struct cmr_region *region)
{
	struct cmr_zone *zone;

	while (region->nr_zones) {
		zone = &region->zones[--region->nr_zones];
		cmr_track_exit(zone);
		cmr_zone_destroy(zone);
	}
	kfree(region->zones);
}

/*
 * Lay out the declared zones and set them up: the default zone first
 * (what the declared ones leave, else the first declared), then the
 * others in address order, which is the order cmr_region_alloc() tries.
 */
static int __init cmr_activate_zones(struct cmr_region *region,
				     const struct cmr_decl *d)
{
	struct cmr_zone_plan *plan;
	unsigned int i, n, nr = d->nr_zones, first;
	int ret = -ENOMEM;

	plan = kcalloc(nr + 1, sizeof(*plan), GFP_KERNEL);
	if (!plan)
		return -ENOMEM;
	n = cmr_zone_layout(d->zones, nr, d->size >> PAGE_SHIFT,
			    cmr_activate_strategy(d), plan);
	for (i = 0; i < nr; i++)
		if (plan[i].why)
			cmr_activate_refused(d, &d->zones[i], &plan[i]);
	region->zones = kcalloc(n, sizeof(*region->zones), GFP_KERNEL);
	if (!region->zones)
		goto out;

	for (first = 0; first < nr && plan[first].why; first++)
		;
	if (plan[nr].pages)
		first = nr;
	/* A region without declared zones has one zone: no need to say. */
	ret = cmr_activate_zone(region, &plan[first], nr);
	for (i = 0; i <= nr && !ret; i++)
		if (i != first && plan[i].pages)
			ret = cmr_activate_zone(region, &plan[i], nr);
	if (ret) {
		cmr_activate_undo(region);
		region->zones = NULL;
	}
out:
	kfree(plan);
	return ret;
}

static int __init cmr_activate_decl(struct cmr_decl *d)
{
	struct cmr_region *region;
	int ret;

	region = kzalloc(sizeof(*region), GFP_KERNEL);
	if (!region)
		return -ENOMEM;
	strscpy(region->name, d->name, sizeof(region->name));
	spin_lock_init(&region->stat_lock);
	region->base = d->base;
	region->size = d->size;
	if (d->flags & CMR_DECL_NOMAP)
		region->flags |= CMR_REGION_NOMAP;
	if (d->flags & CMR_DECL_NOFALLBACK)
		region->flags |= CMR_REGION_NOFALLBACK;
	if (d->flags & CMR_DECL_DEFAULT_HEAP)
		region->flags |= CMR_REGION_DEFAULT_HEAP;
	if (d->flags & CMR_DECL_DT)
		region->of_node = cmr_activate_of_node(d->node);
	/* Zones from cmr= replace the DT's child nodes. */
	if (region->of_node && !d->nr_zones)
		cmr_of_read_zones(region->of_node, d);

	ret = cmr_activate_zones(region, d);
	if (ret)
		goto free_region;
	ret = cmr_region_register(region);
	if (ret)
		goto destroy_zones;
	/* No buffer exists yet: every page of the region is free to lend. */
	if (d->flags & CMR_DECL_REUSABLE) {
		if (IS_ENABLED(CONFIG_CMA))
			cmr_reuse_lend(region, d->ready);
		else
			pr_err("region %s: not reusable: the kernel lacks CONFIG_CMA; kept reserved\n",
			       region->name);
	} else if (d->ready) {
		pr_err("region %s: ready reserve ignored: the region is not reusable\n",
		       region->name);
	}
	return 0;

destroy_zones:
	cmr_activate_undo(region);
free_region:
	of_node_put(region->of_node);
	kfree(region);
	return ret;
}

/* Say why a cmr= entry never got memory. */
static void __init cmr_activate_report_cmdline(const struct cmr_decl *d)
{
	if (!cmr_early_done)
		pr_err("region %s (cmr=): not reserved: this kernel lacks the cmr early hook (scripts/patches)\n",
		       d->name);
	else
		pr_err("region %s (cmr=): not applied: the kernel did not reserve its DT node\n",
		       d->name);
}

/* Why did the kernel not reserve this DT node?  Best guess from its props. */
static const char * __init cmr_activate_of_why(struct device_node *np)
{
	const __be32 *prop;
	int len;

	if (of_find_property(np, "reg", NULL))
		return "its reg is outside RAM or overlaps other reserved memory";
	prop = of_get_property(np, "size", &len);
	if (prop && len >= 4 &&
	    of_read_number(prop, len / 4) > memblock_phys_mem_size())
		return "size is larger than RAM";
	if (of_find_property(np, "alloc-ranges", NULL))
		return "no room for it in its alloc-ranges";
	return "no room for it, or a malformed size";
}

static void __init cmr_activate_report_of(void)
{
	struct device_node *np;

	for_each_compatible_node(np, NULL, CMR_OF_COMPATIBLE) {
		if (!of_device_is_available(np) ||
		    cmr_of_node_seen(kbasename(np->full_name)))
			continue;
		pr_err("region %pOFn (DT %pOF): not reserved by the kernel: %s\n",
		       np, np, cmr_activate_of_why(np));
	}
}

static int __init cmr_activate(void)
{
	unsigned int i, active = 0;
	int ret;

	for (i = 0; i < cmr_nr_decls; i++) {
		struct cmr_decl *d = &cmr_decls[i];

		if (d->flags & CMR_DECL_REFUSED)
			continue;
		if (!(d->flags & CMR_DECL_RESERVED)) {
			cmr_activate_report_cmdline(d);
			continue;
		}
		ret = cmr_activate_decl(d);
		if (ret) {
			pr_err("region %s: activation failed (%d); memory left reserved\n",
			       d->name, ret);
			continue;
		}
		active++;
	}
	cmr_activate_report_of();
	pr_info("%u region(s) active\n", active);
	return 0;
}
core_initcall(cmr_activate);
