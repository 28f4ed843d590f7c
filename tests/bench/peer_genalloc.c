// SPDX-License-Identifier: GPL-2.0
/*
 * Peers "gp-best" and "gp-align": the kernel's genalloc, lib/genalloc.c
 * and include/linux/genalloc.h taken from $(KSRC) at build time
 * (build/gen/kgenalloc.c): gen_pool_create(), gen_pool_add() (through
 * gen_pool_add_owner()), gen_pool_alloc_algo() and gen_pool_free()
 * (through gen_pool_alloc_algo_owner() and gen_pool_free_owner()),
 * gen_pool_destroy(), with the algorithms gen_pool_best_fit() and
 * gen_pool_first_fit_align(), on the kernel's lib/bitmap.c and
 * lib/find_bit.c.
 *
 * One chunk covers the zone, with min_alloc_order = PAGE_SHIFT: one bit
 * per page, as CMA.  The chunk's "virtual" address is the zone's physical
 * address, so page frame numbers and pool addresses convert by a shift
 * (genalloc returns 0 for failure; the zone never starts at 0).
 *
 * gen_pool_best_fit() has no alignment: "gp-best" uses it for unaligned
 * requests and gen_pool_first_fit_align() for aligned ones, as a genalloc
 * user must.  "gp-align" uses gen_pool_first_fit_align() for all.
 */
#include "kshim.h"
#include <linux/genalloc.h>

#include "bench.h"

struct peer_gp {
	struct gen_pool *pool;
	bool best;
};

static int peer_gp_create(void *inst, const void *arg, unsigned long base_pfn,
			  unsigned long pages)
{
	struct peer_gp *gp = inst;
	int ret;

	gp->best = arg != NULL;
	gp->pool = gen_pool_create(PAGE_SHIFT, -1);
	if (!gp->pool)
		return -ENOMEM;
	ret = gen_pool_add(gp->pool, base_pfn << PAGE_SHIFT,
			   pages << PAGE_SHIFT, -1);
	if (ret) {
		gen_pool_destroy(gp->pool);
		return ret;
	}
	return 0;
}

static void peer_gp_destroy(void *inst)
{
	struct peer_gp *gp = inst;

	gen_pool_destroy(gp->pool);
}

static int peer_gp_alloc(void *inst, unsigned long count,
			 unsigned int align_order, unsigned long *pfn)
{
	struct peer_gp *gp = inst;
	struct genpool_data_align data = {
		.align = 1 << (align_order + PAGE_SHIFT),
	};
	unsigned long addr;

	if (gp->best && !align_order)
		addr = gen_pool_alloc_algo(gp->pool, count << PAGE_SHIFT,
					   gen_pool_best_fit, NULL);
	else
		addr = gen_pool_alloc_algo(gp->pool, count << PAGE_SHIFT,
					   gen_pool_first_fit_align, &data);
	if (!addr)
		return -ENOMEM;
	*pfn = addr >> PAGE_SHIFT;
	return 0;
}

static int peer_gp_release(void *inst, unsigned long pfn, unsigned long count)
{
	struct peer_gp *gp = inst;

	gen_pool_free(gp->pool, pfn << PAGE_SHIFT, count << PAGE_SHIFT);
	return 0;
}

const struct bench_allocator bench_peer_gp_best = {
	.name		= "gp-best",
	.what		= "genalloc best fit (first_fit_align if aligned)",
	.inst_size	= sizeof(struct peer_gp),
	.create		= peer_gp_create,
	.destroy	= peer_gp_destroy,
	.alloc		= peer_gp_alloc,
	.release	= peer_gp_release,
	.arg		= "best",
};

const struct bench_allocator bench_peer_gp_align = {
	.name		= "gp-align",
	.what		= "genalloc gen_pool_first_fit_align()",
	.inst_size	= sizeof(struct peer_gp),
	.create		= peer_gp_create,
	.destroy	= peer_gp_destroy,
	.alloc		= peer_gp_alloc,
	.release	= peer_gp_release,
};
