// SPDX-License-Identifier: GPL-2.0
/*
 * cmr "bitmap" strategy: first-fit over a bitmap, one bit per granule of
 * 2^order_per_bit pages.  This is what Linux CMA does (mm/cma.c with
 * bitmap_find_next_zero_area_off()); it is the reference the faster
 * strategies are measured against.  A search costs O(zone size).
 * The bitmap itself (init, release, extents) is shared with "bestfit".
 */

#include <linux/bitmap.h>
#include <linux/errno.h>
#include <linux/slab.h>

#include "cmr_zone.h"

/**
 * cmr_bitmap_init() - set up a bitmap for a zone (&cmr_strategy_ops.init)
 * @priv: where to store the state
 * @base_pfn: the zone's first page frame (unused: offsets suffice)
 * @pages: pages in the zone
 * @order_per_bit: granule order
 *
 * Return: 0, -E2BIG for more granules than the bitmap helpers count, or
 * -ENOMEM.
 */
int cmr_bitmap_init(void **priv, unsigned long base_pfn, unsigned long pages,
		    unsigned int order_per_bit)
{
	struct cmr_bitmap *bm;

	/* The kernel's bitmap helpers count bits in unsigned int. */
	if (pages >> order_per_bit > UINT_MAX)
		return -E2BIG;
	bm = kzalloc(sizeof(*bm), GFP_KERNEL);
	if (!bm)
		return -ENOMEM;
	bm->order_per_bit = order_per_bit;
	bm->bits = pages >> order_per_bit;
	bm->map = bitmap_zalloc(bm->bits, GFP_KERNEL);
	if (!bm->map) {
		kfree(bm);
		return -ENOMEM;
	}
	*priv = bm;
	return 0;
}

/**
 * cmr_bitmap_destroy() - free a bitmap (&cmr_strategy_ops.destroy)
 * @priv: the state
 */
void cmr_bitmap_destroy(void *priv)
{
	struct cmr_bitmap *bm = priv;

	bitmap_free(bm->map);
	kfree(bm);
}

static int cmr_bitmap_alloc(void *priv, const struct cmr_extent_req *req,
			    unsigned long *offset)
{
	struct cmr_bitmap *bm = priv;
	unsigned int shift = bm->order_per_bit;
	unsigned long nr = req->count >> shift;
	unsigned long start = DIV_ROUND_UP(req->lo, 1UL << shift);
	unsigned long end = req->hi >> shift;
	unsigned long mask = 0, phase = 0;
	unsigned long bit;

	/* Alignments finer than a granule hold for every granule already. */
	if (req->align >> shift) {
		mask = (req->align >> shift) - 1;
		phase = req->phase >> shift;
	}
	bit = bitmap_find_next_zero_area_off(bm->map, end, start, nr, mask,
					     phase);
	if (bit >= end)
		return -ENOMEM;
	bitmap_set(bm->map, bit, nr);
	*offset = bit << shift;
	return 0;
}

/**
 * cmr_bitmap_release() - clear an allocated run (&cmr_strategy_ops.release)
 * @priv: the state
 * @offset: first page, granule-aligned
 * @count: pages, a multiple of the granule
 *
 * Return: 0, or -EINVAL if part of the run is not allocated.
 */
int cmr_bitmap_release(void *priv, unsigned long offset, unsigned long count)
{
	struct cmr_bitmap *bm = priv;
	unsigned long bit = offset >> bm->order_per_bit;
	unsigned long nr = count >> bm->order_per_bit;

	/* Refuse to free anything that is not wholly allocated. */
	if (find_next_zero_bit(bm->map, bit + nr, bit) < bit + nr)
		return -EINVAL;
	bitmap_clear(bm->map, bit, nr);
	return 0;
}

/**
 * cmr_bitmap_extents() - largest free run and run count
 *	(&cmr_strategy_ops.extents)
 * @priv: the state
 * @largest: pages in the largest free run
 * @count: number of free runs
 */
void cmr_bitmap_extents(void *priv, unsigned long *largest,
			unsigned long *count)
{
	struct cmr_bitmap *bm = priv;
	unsigned long start, end = 0, max = 0, n = 0;

	for (;;) {
		start = find_next_zero_bit(bm->map, bm->bits, end);
		if (start >= bm->bits)
			break;
		end = find_next_bit(bm->map, bm->bits, start);
		max = max(max, end - start);
		n++;
	}
	*largest = max << bm->order_per_bit;
	*count = n;
}

const struct cmr_strategy_ops cmr_bitmap_ops = {
	.name		= "bitmap",
	.init		= cmr_bitmap_init,
	.destroy	= cmr_bitmap_destroy,
	.alloc		= cmr_bitmap_alloc,
	.release	= cmr_bitmap_release,
	.extents	= cmr_bitmap_extents,
};
