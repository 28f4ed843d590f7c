// SPDX-License-Identifier: GPL-2.0
/*
 * The range of a reusable region that looks cheapest to take back.
 *
 * The strategy's fits are disjoint: eight of them weighed for a 16 MiB
 * buffer are 0-16, 16-32, ... MiB, and the free lent pages a released
 * 12 MiB buffer left at 12-24 MiB fall half in one, half in the next.
 * cma_alloc()'s first fit meets them by luck when the two were placed at
 * the same lowest address.  Here every aligned start in the zone is
 * weighed instead, from a sample of its pages: the zone is cut into cells
 * of a power of two pages, at least the request's alignment and about a
 * sixteenth of the request, and CMR_CHEAP_SAMPLES pages of each cell
 * stand for it (free, kept: nothing to move; in use: the cell moves; a
 * buffer's or a page that cannot move: no window over it).  A window's
 * cost is the sum of the cells it covers; the cheapest, lowest first, is
 * offered to the claim path (mm/cmr_claim.c), which weighs it exactly
 * before it takes it.  cmr.cheap_min_pages (64) is the smallest request
 * that looks; 0 turns the look off.  The look takes no lock, as
 * compaction's, and reads a few thousand struct pages at most.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/bitops.h>
#include <linux/limits.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/pfn.h>

#include "cmr.h"
#include "cmr_reuse.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "cmr."

/* Requests smaller than this are weighed as the strategy offers them. */
#define CMR_CHEAP_MIN		64
/* Cells per request, about; pages sampled per cell. */
#define CMR_CHEAP_CELLS		16
#define CMR_CHEAP_SAMPLES	4
/* A window covers at most this many cells (cells >= request / 32). */
#define CMR_CHEAP_RING		(2 * CMR_CHEAP_CELLS + 1)

static unsigned int cheap_min_pages = CMR_CHEAP_MIN;
module_param(cheap_min_pages, uint, 0644);
MODULE_PARM_DESC(cheap_min_pages,
		 "requests of this many pages or more look for the cheapest range of the whole zone (0: none does)");

/* What one page of the region costs: 0, 1, or LONG_MAX when it cannot. */
static long cmr_cheap_page(struct cmr_reuse *r, unsigned long off)
{
	unsigned long next;
	long c;

	/* A buffer's page (neither kept nor lent) without a look at it. */
	if (!test_bit(off, r->kept) && !test_bit(off, r->lent))
		return LONG_MAX;
	c = cmr_busy_page_cost(r, PHYS_PFN(r->region->base) + off, &next);
	return c < 0 ? LONG_MAX : c;
}

/* The estimated cost of the @cell pages from region offset @off. */
static long cmr_cheap_cell(struct cmr_reuse *r, unsigned long off,
			   unsigned long cell)
{
	unsigned long step = max(cell / CMR_CHEAP_SAMPLES, 1UL), i;
	long cost = 0, c;

	for (i = 0; i < cell; i += step) {
		c = cmr_cheap_page(r, off + i);
		if (c == LONG_MAX)
			return LONG_MAX;
		cost += c * step;
	}
	return cost;
}

/*
 * Slide a window of @w cells over [@lo, @hi) (region offsets, aligned to
 * @cell): the start of the cheapest, or ULONG_MAX.
 */
static unsigned long cmr_cheap_slide(struct cmr_reuse *r, unsigned long lo,
				     unsigned long hi, unsigned long cell,
				     unsigned int w)
{
	unsigned long pos, best = ULONG_MAX;
	long ring[CMR_CHEAP_RING], sum = 0, least = LONG_MAX;
	unsigned int i = 0, bad = 0, seen = 0;

	for (pos = lo; pos + cell <= hi; pos += cell) {
		if (seen == w) {	/* the oldest cell leaves the window */
			if (ring[i] == LONG_MAX)
				bad--;
			else
				sum -= ring[i];
		}
		ring[i] = cmr_cheap_cell(r, pos, cell);
		if (ring[i] == LONG_MAX)
			bad++;
		else
			sum += ring[i];
		i = (i + 1) % w;
		seen = min(seen + 1, w);
		if (seen == w && !bad && sum < least) {
			least = sum;
			best = pos + cell - w * cell;
		}
		if (!least)
			break;
	}
	return best;
}

/**
 * cmr_cheap_window() - narrow a request to the range that looks cheapest
 * @region: a reusable region
 * @zone: one of its zones
 * @req: the request (zone page offsets); its window is narrowed to the
 *	aligned range of @req->count pages that a sample of its pages says
 *	costs least to take back
 *
 * Context: Any context; takes no lock, so it guesses.
 * Return: true if @req was narrowed.
 */
bool cmr_cheap_window(struct cmr_region *region, struct cmr_zone *zone,
		      struct cmr_extent_req *req)
{
	unsigned long zoff = zone->base_pfn - PHYS_PFN(region->base);
	unsigned long base = zone->base_pfn, cell, lo, hi, best;
	unsigned int w, min = READ_ONCE(cheap_min_pages);

	if (!min || req->count < min || !is_power_of_2(req->align))
		return false;
	cell = max(req->align,
		   rounddown_pow_of_two(req->count / CMR_CHEAP_CELLS));
	w = DIV_ROUND_UP(req->count, cell);
	if (w > CMR_CHEAP_RING)
		return false;
	/* Cells start at aligned page frames; offsets here are the region's. */
	lo = ALIGN(base + req->lo, cell) - base + zoff;
	hi = ALIGN_DOWN(base + req->hi, cell) - base + zoff;
	if (lo >= hi || hi - lo < w * cell)
		return false;
	best = cmr_cheap_slide(region->reuse, lo, hi, cell, w);
	if (best == ULONG_MAX)
		return false;
	req->lo = best - zoff;
	req->hi = req->lo + req->count;
	return true;
}
