// SPDX-License-Identifier: GPL-2.0
/*
 * cmr reservation: takes declaration records to memblock in early boot.
 *
 * Device tree regions are placed by the kernel's reserved-memory code and
 * reach cmr through its declaration macro (cmr_of.c).  Regions that come
 * from cmr= alone need a call from the architecture's early memory setup:
 * cmr_reserve_early(), added by the one-line hook in scripts/patches/.
 * Nothing here knows where a record came from.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/cma.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/kmemleak.h>
#include <linux/memblock.h>
#include <linux/printk.h>
#include <linux/sizes.h>

#include "cmr.h"
#include "cmr_decl.h"

/**
 * cmr_decl_overlapping() - a reserved region over part of a range
 * @d: declaration to ignore (the one being placed), or NULL
 * @base: start of the range
 * @size: its size
 *
 * Return: a reserved declaration other than @d overlapping
 * [@base, @base + @size), or NULL.
 */
struct cmr_decl * __init cmr_decl_overlapping(const struct cmr_decl *d,
					      phys_addr_t base,
					      phys_addr_t size)
{
	unsigned int i;

	for (i = 0; i < cmr_nr_decls; i++) {
		struct cmr_decl *o = &cmr_decls[i];

		if (o != d && (o->flags & CMR_DECL_RESERVED) &&
		    cmr_overlaps(base, size, o->base, o->size))
			return o;
	}
	return NULL;
}

static void __init cmr_refuse(struct cmr_decl *d, const char *why)
{
	char src[CMR_NODE_MAX + 16];

	cmr_decl_describe(d, src, sizeof(src));
	pr_err("region %s (%s): %s; not reserved\n", d->name, src, why);
	d->flags |= CMR_DECL_REFUSED;
}

static int __init cmr_reserve_fixed(struct cmr_decl *d)
{
	struct cmr_decl *o = cmr_decl_overlapping(d, d->base, d->size);
	char src[CMR_NODE_MAX + 16];

	if (o) {
		cmr_decl_describe(d, src, sizeof(src));
		pr_err("region %s (%s): overlaps region %s; not reserved\n",
		       d->name, src, o->name);
		d->flags |= CMR_DECL_REFUSED;
		return -EBUSY;
	}
	if (!memblock_is_region_memory(d->base, d->size)) {
		cmr_refuse(d, "placement is outside RAM");
		return -EINVAL;
	}
	if (memblock_is_region_reserved(d->base, d->size)) {
		cmr_refuse(d, "placement overlaps reserved memory (kernel, initrd or another region)");
		return -EBUSY;
	}
	if (memblock_reserve(d->base, d->size)) {
		cmr_refuse(d, "memblock_reserve() failed");
		return -ENOMEM;
	}
	return 0;
}

static int __init cmr_reserve_dynamic(struct cmr_decl *d)
{
	phys_addr_t align = d->align ? d->align : PAGE_SIZE;
	phys_addr_t start = d->range_start;
	phys_addr_t end = d->range_end ? d->range_end :
					 MEMBLOCK_ALLOC_ACCESSIBLE;
	phys_addr_t base;

	if (d->range_end && (d->range_end <= memblock_start_of_DRAM() ||
			     d->range_start >= memblock_end_of_DRAM())) {
		cmr_refuse(d, "its range is outside RAM");
		return -EINVAL;
	}
	/* MIGRATE_CMA is kept per pageblock: a reusable region needs whole ones. */
	if (d->flags & CMR_DECL_REUSABLE)
		align = max_t(phys_addr_t, align, CMA_MIN_ALIGNMENT_BYTES);
	base = memblock_phys_alloc_range(d->size, align, start, end);
	if (!base) {
		cmr_refuse(d, d->range_end ? "no free space that large in its range" :
					     "no free space that large");
		return -ENOMEM;
	}
	kmemleak_ignore_phys(base);
	d->base = base;
	return 0;
}

/**
 * cmr_reserve_decl() - reserve the memory of one declaration
 * @d: the declaration; on success its base is the placement and it is
 *	marked CMR_DECL_RESERVED, on failure CMR_DECL_REFUSED
 *
 * Prints one line either way, naming the region.
 *
 * Return: 0 or -errno.
 */
int __init cmr_reserve_decl(struct cmr_decl *d)
{
	char src[CMR_NODE_MAX + 16], size[24];
	const char *why;
	int ret;

	if (cmr_decl_check(d, &why)) {
		cmr_refuse(d, why);
		return -EINVAL;
	}
	if (d->size > memblock_phys_mem_size()) {
		cmr_refuse(d, "larger than RAM");
		return -E2BIG;
	}

	ret = (d->flags & CMR_DECL_FIXED) ? cmr_reserve_fixed(d) :
					    cmr_reserve_dynamic(d);
	if (ret)
		return ret;
	if ((d->flags & CMR_DECL_NOMAP) && memblock_mark_nomap(d->base, d->size)) {
		memblock_phys_free(d->base, d->size);
		cmr_refuse(d, "memblock_mark_nomap() failed");
		return -ENOMEM;
	}
	d->flags |= CMR_DECL_RESERVED | CMR_DECL_FIXED;

	cmr_decl_describe(d, src, sizeof(src));
	cmr_size_describe(d->size, size, sizeof(size));
	pr_info("region %s (%s): %s at %pa%s%s%s%s\n", d->name, src, size,
		&d->base,
		(d->flags & CMR_DECL_NOMAP) ? ", no-map" : "",
		(d->flags & CMR_DECL_REUSABLE) ? ", reusable" : "",
		(d->flags & CMR_DECL_NOFALLBACK) ? ", no DMA fallback" : "",
		(d->flags & CMR_DECL_DEFAULT_HEAP) ? ", default heap" : "");
	return 0;
}

/**
 * cmr_reserve_early() - reserve the regions declared by cmr= alone
 *
 * Called once by the architecture's early memory setup, after the device
 * tree's reserved-memory nodes are reserved and before the linear map is
 * built (so no-map works).  cmr= entries that name a DT region are left to
 * the DT glue, which applies them as overrides.
 *
 * Context: early boot, memblock only.
 */
void __init cmr_reserve_early(void)
{
	unsigned int i;

	cmr_early_done = true;
	for (i = 0; i < cmr_nr_decls; i++) {
		struct cmr_decl *d = &cmr_decls[i];

		if (d->flags & (CMR_DECL_DT | CMR_DECL_RESERVED |
				CMR_DECL_REFUSED | CMR_DECL_MERGED))
			continue;
		if (cmr_of_fdt_declares(d->name))
			continue;
		if (d->flags & CMR_DECL_DISABLE) {
			pr_err("cmr= entry %s:0 ignored: no DT region of that name\n",
			       d->name);
			d->flags |= CMR_DECL_REFUSED;
			continue;
		}
		cmr_reserve_decl(d);
	}
}
