// SPDX-License-Identifier: GPL-2.0
/*
 * Where each strategy puts an extent: first fit for "bitmap" (the lowest
 * aligned start with room), best fit for "bestfit" (the smallest free run
 * with an aligned start with room, the lowest on ties, at that start).
 *
 * Each case lays out a zone with zone_layout(), so the layout is the same
 * under both strategies, then makes requests in turn; a case lists what
 * first fit and what best fit must return for each.  fit_first_check runs
 * the cases on "bitmap" only, fit_best_check on "bestfit" only.
 */
#include <stdio.h>
#include <string.h>
#include <linux/errno.h>
#include <linux/kernel.h>

#include "model.h"
#include "zone_test.h"

#define FIT_STEPS	5

struct fit_step {
	unsigned long count;
	unsigned int align_order;
	/* Expected pfn - base_pfn, or -ENOMEM. */
	long first;
	long best;
};

struct fit_case {
	const char *what;
	unsigned long base_pfn;
	unsigned int order_per_bit;
	const char *map;	/* a granule a character, see zone_layout() */
	bool keep;		/* keep each extent; else release it first */
	struct fit_step steps[FIT_STEPS];	/* up to a count of 0 */
};

static const struct fit_case fit_cases[] = {
	/*
	 *   pfn 0x40000       +8            +14
	 *   |AA..AAAA.AA...|   free runs of 2, 1, 3
	 *
	 * Expect, each request on this layout: 1 page in the 1-page run
	 * (+8) for best fit, the first hole (+2) for first fit; 2 pages in
	 * the 2-page run (+2) for both; 3 pages in the 3-page run (+11)
	 * for both; 4 pages nowhere (6 pages free, no run of 4).
	 */
	{ "smallest run", ZONE_BASE, 0, "AA..AAAA.AA...", false, {
		{ 1, 0, 2, 8 },
		{ 2, 0, 2, 2 },
		{ 3, 0, 11, 11 },
		{ 4, 0, -ENOMEM, -ENOMEM },
	} },
	/*
	 * The same in granules of 4 pages:
	 *
	 *   pfn 0x40000          +32               +56
	 *   |AA..AAAA.AA...|   free runs of 8, 4, 12 pages
	 *
	 * Expect 1 page (one granule) at +32 for best fit, +8 for first fit;
	 * 5 pages (two granules) at +8; 9 pages (three) at +44.
	 */
	{ "smallest run, granules", ZONE_BASE, 2, "AA..AAAA.AA...", false, {
		{ 1, 0, 8, 32 },
		{ 5, 0, 8, 8 },
		{ 9, 0, 44, 44 },
		{ 13, 0, -ENOMEM, -ENOMEM },
	} },
	/*
	 *   pfn 0x40000
	 *   |A..A..A...A..|   free runs of 2, 2, 3, 2 at +1, +4, +7, +11
	 *
	 * Expect four 2-page extents, kept: best fit fills the 2-page runs
	 * lowest first (+1, +4, +11), then the 3-page one (+7); first fit
	 * goes in address order (+1, +4, +7, +11).  Then 1 page: the page
	 * left of the 3-page run (+9) for both.
	 */
	{ "ties", ZONE_BASE, 0, "A..A..A...A..", true, {
		{ 2, 0, 1, 1 },
		{ 2, 0, 4, 4 },
		{ 2, 0, 7, 11 },
		{ 2, 0, 11, 7 },
		{ 1, 0, 9, 9 },
	} },
	/*
	 *   pfn 0x40000
	 *   |A..A..A...A|   free runs of 2, 2, 3 at +1, +4, +7
	 *
	 * Ties between runs longer than the request.  Expect 1 page at +1
	 * (the lower 2-page run) for both; kept, then 1 page at +2 (the
	 * page left of it, now the smallest run) for both, then +4 for
	 * both, then +5 for both.
	 */
	{ "ties, no exact fit", ZONE_BASE, 0, "A..A..A...A", true, {
		{ 1, 0, 1, 1 },
		{ 1, 0, 2, 2 },
		{ 1, 0, 4, 4 },
		{ 1, 0, 5, 5 },
		{ 2, 0, 7, 7 },
	} },
	/*
	 * Alignment counts in page frames, not zone offsets:
	 *
	 *   pfn 0x40003  0x40004     0x4000b  0x4000c      0x40013
	 *   |A|   ...   |AAAA|   ....   |AAAA|
	 *      3 pages,         4 pages,
	 *      0x40004 aligned  0x4000c aligned
	 *
	 * Expect 2 pages aligned to 4 pages in the 3-page run at 0x40004
	 * (zone offset 1: a strategy aligning offsets would skip the run),
	 * kept; then 2 more aligned to 4 at 0x4000c, the one place left;
	 * then 1 page anywhere: best fit takes the 1-page remainder at
	 * 0x40006, first fit too (the lowest free page); then 1 page aligned
	 * to 8: 0x40008 and 0x40010 are both used, -ENOMEM.
	 */
	{ "aligned in pfns", ZONE_ODD_BASE, 0, "A...AAAA....AAAA", true, {
		{ 2, 2, 1, 1 },
		{ 2, 2, 9, 9 },
		{ 1, 0, 3, 3 },
		{ 1, 3, -ENOMEM, -ENOMEM },
	} },
	/*
	 * Runs that are long enough but have no aligned start with room,
	 * 2 pages aligned to 4:
	 *
	 *   pfn 0x40003                              0x40017      0x4001b
	 *   |AA|...|A|....|A|......|AAA|....|
	 *       R1     R2      R3        R4
	 *   R1 0x40005-7, 3 pages: first aligned pfn 0x40008 is past it
	 *   R2 0x40009-c, 4 pages: 0x4000c leaves 1 page
	 *   R3 0x4000e-13, 6 pages: 0x40010 fits
	 *   R4 0x40017-1a, 4 pages: 0x40018 fits
	 *
	 * Expect best fit to skip R1 and R2, though shorter than R3, or as
	 * short as R4 and lower, and take R4 at 0x40018 (offset 21); first
	 * fit to take R3 at 0x40010 (offset 13).
	 */
	{ "no aligned room", ZONE_ODD_BASE, 0, "AA...A....A......AAA....",
	  false, {
		{ 2, 2, 13, 21 },
	} },
	/*
	 * Granules of 4 pages and an alignment of 16 pages, which the base
	 * does not have:
	 *
	 *   pfn 0x40004  0x40008  0x4000c  0x40010       0x40020
	 *   |A|.|A|...|A|.|BBBB|   granules; aligned ones at pfn 0x40010
	 *      R1     R2      R3            and 0x40020
	 *
	 * R1 is one granule at 0x40008, not aligned; R2 three at 0x40010,
	 * aligned at its start; R3 one at 0x40020, aligned.  Expect 4 pages
	 * aligned to 16 in R3 (0x40020, offset 28) for best fit, in R2
	 * (0x40010, offset 12) for first fit; 3 pages (one granule) aligned
	 * to 8 in R1 (0x40008, offset 4) for both, R1 being first and as
	 * short as R3; 8 pages aligned to 16 only in R2, for both.
	 */
	{ "aligned granules", 0x40004, 2, "A.A...A.BBBB", false, {
		{ 4, 4, 12, 28 },
		{ 3, 3, 4, 4 },
		{ 8, 4, 12, 12 },
	} },
};

static void fit_run(enum model_fit fit)
{
	const struct fit_case *c;
	const struct fit_step *st;
	struct cmr_zone zone;
	unsigned long pfn;
	unsigned int i, j;
	long want, got;
	int ret;

	for (i = 0; i < ARRAY_SIZE(fit_cases); i++) {
		c = &fit_cases[i];
		if (!zone_setup(&zone, c->base_pfn,
				strlen(c->map) << c->order_per_bit,
				c->order_per_bit))
			return;
		if (zone_layout(&zone, c->map) < 0)
			goto next;
		for (j = 0; j < FIT_STEPS && c->steps[j].count; j++) {
			st = &c->steps[j];
			want = fit == MODEL_FIRST_FIT ? st->first : st->best;
			pfn = 0;
			ret = cmr_zone_alloc(&zone, st->count, st->align_order, 0, 0,
					     &pfn);
			got = ret ? ret : (long)(pfn - c->base_pfn);
			if (!CHECK_EQ(got, want)) {
				printf("  case \"%s\" |%s|, step %u: %lu pages order %u\n",
				       c->what, c->map, j, st->count,
				       st->align_order);
				break;
			}
			if (!ret && !c->keep)
				CHECK_EQ(cmr_zone_release(&zone, pfn,
							  st->count), 0);
		}
next:
		cmr_zone_destroy(&zone);
	}
}

static void fit_first_check(void)
{
	fit_run(MODEL_FIRST_FIT);
}

static void fit_best_check(void)
{
	fit_run(MODEL_BEST_FIT);
}

/*
 * Best fit from the top of the pfn space, zone offsets:
 *
 *   pfn 2^64 - 4160                                       2^64 - 64
 *   0                                 4000 4001   4010          4096
 *   |..................................|A|.........|BBBBBBBBBBBBBB|
 *     free run of 4000                     run of 9
 *
 * Expect 8 pages at the base of the 9-page run (4001), not in the long
 * one; then 1 page aligned to 2^11 at the first aligned pfn of the long
 * run, 2^64 - 4096 (the page left of the 9-page run is not aligned).
 */
static void fit_best_top_check(void)
{
	unsigned long base = -4160UL, pfn;
	struct cmr_zone zone;

	if (!zone_setup(&zone, base, 4096, 0))
		return;
	CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, base + 4000, base + 4001,
				      &pfn), 0);
	CHECK_EQ(cmr_zone_alloc(&zone, 86, 0, base + 4010, 0, &pfn),
		 0);
	CHECK_EQ(cmr_zone_alloc(&zone, 8, 0, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, base + 4001);
	CHECK_EQ(cmr_zone_alloc(&zone, 1, 11, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, -4096UL);
	cmr_zone_destroy(&zone);
}

void fit_checks(void)
{
	ZONE_RUN_ONLY(fit_first_check, "bitmap");
	ZONE_RUN_ONLY(fit_best_check, "bestfit");
	ZONE_RUN_ONLY(fit_best_top_check, "bestfit");
}
