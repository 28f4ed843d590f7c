// SPDX-License-Identifier: GPL-2.0
/*
 * cmr "bestfit" strategy: the smallest free run that holds the request at
 * its alignment, lowest address on ties; the request goes at the run's
 * first aligned position.  Like genalloc's gen_pool_best_fit(), but with
 * alignment and a window; runs are measured as cut by the window, since
 * only that part can serve the request.  It keeps large runs whole for
 * large requests at the price of a full scan of the window per
 * allocation, O(zone size).
 * The bitmap itself is cmr_bitmap.c's.
 */

#include <linux/bitmap.h>
#include <linux/errno.h>

#include "cmr_zone.h"

static int cmr_bestfit_alloc(void *priv, const struct cmr_extent_req *req,
			     unsigned long *offset)
{
	struct cmr_bitmap *bm = priv;
	unsigned int shift = bm->order_per_bit;
	unsigned long nr = req->count >> shift;
	unsigned long end = req->hi >> shift;
	unsigned long pos = DIV_ROUND_UP(req->lo, 1UL << shift);
	unsigned long mask = 0, phase = 0;
	unsigned long best = end, best_len = ULONG_MAX;
	unsigned long rs, re, s;

	if (req->align >> shift) {
		mask = (req->align >> shift) - 1;
		phase = req->phase >> shift;
	}
	while (pos < end) {
		rs = find_next_zero_bit(bm->map, end, pos);
		if (rs >= end)
			break;
		re = find_next_bit(bm->map, end, rs);
		/* first s >= rs with (s + phase) a multiple of mask + 1 */
		s = ((rs + phase + mask) & ~mask) - phase;
		if (s <= re && re - s >= nr && re - rs < best_len) {
			best = s;
			best_len = re - rs;
			if (best_len == nr)
				break;	/* cannot do better */
		}
		pos = re;
	}
	if (best >= end)
		return -ENOMEM;
	bitmap_set(bm->map, best, nr);
	*offset = best << shift;
	return 0;
}

const struct cmr_strategy_ops cmr_bestfit_ops = {
	.name		= "bestfit",
	.init		= cmr_bitmap_init,
	.destroy	= cmr_bitmap_destroy,
	.alloc		= cmr_bestfit_alloc,
	.release	= cmr_bitmap_release,
	.extents	= cmr_bitmap_extents,
};
