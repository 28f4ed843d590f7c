// SPDX-License-Identifier: GPL-2.0
/*
 * cmr's strategies as bench allocators: a zone of mm/cmr_zone.c with the
 * strategy cmr_strategy_find() returns for a name, driven through
 * cmr_zone_alloc() and cmr_zone_release() as cmr's API does, with the
 * zone's argument checks, lock and counters.  One granule per page
 * (order_per_bit 0), as the CMA peer.
 */
#include <linux/errno.h>

#include "../../mm/cmr.h"
#include "bench.h"

static int bench_cmr_create(void *inst, const void *arg,
			    unsigned long base_pfn, unsigned long pages)
{
	return cmr_zone_init(inst, "bench", base_pfn, pages, arg, 0);
}

static void bench_cmr_destroy(void *inst)
{
	cmr_zone_destroy(inst);
}

static int bench_cmr_alloc(void *inst, unsigned long count,
			   unsigned int align_order, unsigned long *pfn)
{
	return cmr_zone_alloc(inst, count, align_order, 0, 0, pfn);
}

static int bench_cmr_release(void *inst, unsigned long pfn,
			     unsigned long count)
{
	return cmr_zone_release(inst, pfn, count);
}

/**
 * bench_cmr_allocator() - describe a cmr strategy as a bench allocator
 * @strategy: strategy name
 * @ba: filled in
 *
 * Return: 0, or -ENOENT when this build of cmr has no such strategy.
 */
int bench_cmr_allocator(const char *strategy, struct bench_allocator *ba)
{
	const struct cmr_strategy_ops *ops = cmr_strategy_find(strategy);

	if (!ops)
		return -ENOENT;
	*ba = (struct bench_allocator) {
		.name		= ops->name,
		.what		= "a cmr zone with this strategy",
		.inst_size	= sizeof(struct cmr_zone),
		.create		= bench_cmr_create,
		.destroy	= bench_cmr_destroy,
		.alloc		= bench_cmr_alloc,
		.release	= bench_cmr_release,
		.arg		= ops,
	};
	return 0;
}
