// SPDX-License-Identifier: GPL-2.0
/*
 * Checks of cmr_zone_alloc(): the extent must lie in [min_pfn,
 * end_pfn) (end_pfn 0: no end), the window cut to the zone and to whole
 * granules; -EINVAL when no placement could ever satisfy the request,
 * -ENOMEM when the free runs do not fit it now.  Each check runs on every
 * strategy; the placements checked are the only ones possible, or the
 * same under first fit and best fit, but for window_fit_check.
 */
#include <stdio.h>
#include <string.h>
#include <linux/errno.h>
#include <linux/kernel.h>

#include "model.h"
#include "zone_test.h"

/* Poison for *pfn: a failed allocation must not write it. */
#define WIN_POISON	0xdeadUL

/*
 *   pfn 0x40000    +10        +20                                +64
 *   |              [  window  )                                   |
 *
 * Expect 4 pages at +10, 4 at +14, 2 at +18, all kept (the start of what
 * is left of the window, for both fit rules); then 1 page -ENOMEM: the
 * window is full though 54 pages of the zone are free, so counted as
 * fragmented.  Then 1 page aligned to 8 in [+3, +40): +8, the first
 * aligned pfn (and in the shorter of the free runs [+3, +10) and
 * [+20, +40)).
 */
static void window_inside_check(void)
{
	unsigned long pfn = WIN_POISON;
	struct cmr_zone zone;

	if (!zone_setup(&zone, ZONE_BASE, 64, 0))
		return;
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, ZONE_BASE + 10,
				      ZONE_BASE + 20, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 10);
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, ZONE_BASE + 10,
				      ZONE_BASE + 20, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 14);
	CHECK_EQ(cmr_zone_alloc(&zone, 2, 0, ZONE_BASE + 10,
				      ZONE_BASE + 20, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 18);
	pfn = WIN_POISON;
	CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, ZONE_BASE + 10,
				      ZONE_BASE + 20, &pfn), -ENOMEM);
	CHECK_EQ(pfn, WIN_POISON);
	CHECK_STATS(&zone, 10, 10, 3, 0, 1);
	CHECK_FREE(&zone, 44, 2, 1);
	CHECK_EQ(cmr_zone_alloc(&zone, 1, 3, ZONE_BASE + 3,
				      ZONE_BASE + 40, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 8);
	cmr_zone_destroy(&zone);
}

/*
 * Windows reaching outside the zone are cut to it:
 *
 *           pfn 0x40000                                  0x40040
 *   [-5 ... |=====)                                          |
 *           |                                      (====|=== ... +100)
 *           |                                        +60 |
 *   [0 .....|================================================|... ULONG_MAX)
 *
 * Expect [-5, +4) to act as [0, +4): 4 pages at the base, then 5 pages
 * -EINVAL (never fits), 1 page -ENOMEM (full); [+60, +100) as
 * [+60, +64): 4 pages at +60, 5 -EINVAL; [+60, ULONG_MAX) and
 * [+60, no end) the same, 1 page -ENOMEM; [0, ULONG_MAX) and
 * [0, no end) as the whole zone: the 56 pages left between at +4.
 */
static void window_cut_check(void)
{
	unsigned long pfn = WIN_POISON, a, b;
	struct cmr_zone zone;

	if (!zone_setup(&zone, ZONE_BASE, 64, 0))
		return;
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, ZONE_BASE - 5,
				      ZONE_BASE + 4, &a), 0);
	CHECK_EQ(a, ZONE_BASE);
	CHECK_EQ(cmr_zone_alloc(&zone, 5, 0, ZONE_BASE - 5,
				      ZONE_BASE + 4, &pfn), -EINVAL);
	CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, ZONE_BASE - 5,
				      ZONE_BASE + 4, &pfn), -ENOMEM);
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, ZONE_BASE + 60,
				      ZONE_BASE + 100, &b), 0);
	CHECK_EQ(b, ZONE_BASE + 60);
	CHECK_EQ(cmr_zone_alloc(&zone, 5, 0, ZONE_BASE + 60,
				      ZONE_BASE + 100, &pfn), -EINVAL);
	CHECK_EQ(cmr_zone_alloc(&zone, 5, 0, ZONE_BASE + 60,
				      ULONG_MAX, &pfn), -EINVAL);
	CHECK_EQ(cmr_zone_alloc(&zone, 5, 0, ZONE_BASE + 60, 0, &pfn),
		 -EINVAL);
	CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, ZONE_BASE + 60, 0, &pfn),
		 -ENOMEM);
	CHECK_EQ(pfn, WIN_POISON);
	CHECK_EQ(cmr_zone_alloc(&zone, 56, 0, 0, ULONG_MAX, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 4);
	CHECK_STATS(&zone, 64, 64, 3, 0, 6);
	CHECK_EQ(cmr_zone_release(&zone, pfn, 56), 0);
	CHECK_EQ(cmr_zone_alloc(&zone, 56, 0, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 4);
	cmr_zone_destroy(&zone);
}

/*
 * Requests no state of the zone could satisfy:
 *
 *   pfn 0x40000    +1   +8 +9  +10 +13  +20                 +64
 *   |              [ aligned 8 )   [   )                     |[above ...
 *
 * Expect -EINVAL for 0 pages, more pages than the zone, an alignment
 * beyond the zone, an empty or inverted window, one ending at the base,
 * one starting at or above the end (with or without an end, up to
 * ULONG_MAX), a window of 3 pages for 4, and windows whose only aligned
 * start leaves too little room or lies past the end.  Each is counted as
 * a failure, none as fragmented, and *pfn is left alone.
 */
static void window_einval_check(void)
{
	static const struct {
		unsigned long count;
		unsigned int align_order;
		unsigned long min_off;	/* min_pfn - ZONE_BASE */
		unsigned long end_off;	/* end_pfn - ZONE_BASE */
		bool no_end;
	} bad[] = {
		{ 0, 0, 0, 64, false },
		{ 65, 0, 0, 0, true },
		{ 1, 7, 0, 0, true },
		{ 1, 0, 10, 10, false },
		{ 1, 0, 20, 10, false },
		{ 1, 0, -ZONE_BASE, 0, false },		/* [0, base) */
		{ 1, 0, -1UL, 0, false },		/* [base - 1, base) */
		{ 1, 0, 64, 0, true },
		{ 1, 0, 64, 100, false },
		{ 1, 0, 100, 200, false },
		{ 1, 0, -ZONE_BASE - 1, 0, true },	/* [ULONG_MAX, ) */
		{ 1, 0, -ZONE_BASE - 2, -ZONE_BASE - 1, false },
		{ 4, 0, 10, 13, false },
		{ 64, 0, 1, 0, true },
		{ 4, 3, 1, 9, false },
		{ 1, 3, 1, 8, false },
		{ 1, 6, 1, 0, true },
	};
	unsigned int i, nr = ARRAY_SIZE(bad);
	struct cmr_zone zone;
	unsigned long pfn, end;

	if (!zone_setup(&zone, ZONE_BASE, 64, 0))
		return;
	for (i = 0; i < nr; i++) {
		pfn = WIN_POISON;
		end = bad[i].no_end ? 0 : ZONE_BASE + bad[i].end_off;
		if (!CHECK_EQ(cmr_zone_alloc(&zone, bad[i].count,
						   bad[i].align_order,
						   ZONE_BASE + bad[i].min_off,
						   end, &pfn), -EINVAL))
			printf("  case %u\n", i);
		CHECK_EQ(pfn, WIN_POISON);
	}
	CHECK_STATS(&zone, 0, 0, 0, 0, nr);
	CHECK_FREE(&zone, 64, 1, 0);
	/* Nothing was taken. */
	CHECK_EQ(cmr_zone_alloc(&zone, 64, 6, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE);
	cmr_zone_destroy(&zone);
}

/*
 * Windows wholly below the zone, ending before its base:
 *
 *   pfn 0     1         0x3fff0    0x3fffc  0x40000          0x40040
 *   [   )     ...       [  window  )        |      zone      |
 *   [                              0x3ffff )|
 *
 * Expect -EINVAL (the window misses the zone), counted, *pfn untouched
 * and nothing allocated -- as for a window ending at the base itself.
 * Not a window "with no end": only end_pfn == 0 means that.
 */
static void window_below_zone_check(void)
{
	static const struct {
		unsigned long min_pfn;
		unsigned long end_pfn;
	} below[] = {
		{ 0x3fff0, 0x3fffc },
		{ 0, 1 },
		{ 0, ZONE_BASE - 1 },
		{ 0, ZONE_BASE },
	};
	unsigned int i, nr = ARRAY_SIZE(below);
	struct cmr_zone zone;
	unsigned long pfn;
	int ret;

	if (!zone_setup(&zone, ZONE_BASE, 64, 0))
		return;
	for (i = 0; i < nr; i++) {
		pfn = WIN_POISON;
		ret = cmr_zone_alloc(&zone, 1, 0, below[i].min_pfn,
					   below[i].end_pfn, &pfn);
		if (!CHECK_EQ(ret, -EINVAL))
			printf("  window [%#lx, %#lx): pfn %#lx\n",
			       below[i].min_pfn, below[i].end_pfn, pfn);
		if (!ret)
			cmr_zone_release(&zone, pfn, 1);
	}
	CHECK_STATS(&zone, 0, 0, 0, 0, nr);
	cmr_zone_destroy(&zone);
}

/*
 * A full window in a zone with room elsewhere:
 *
 *   pfn 0x40000  +8      +16                                    +64
 *   |            [AAAAAAAA)                                      |
 *
 * Expect 4 pages in [+8, +16) to fail with -ENOMEM (the window could
 * hold them, it is just full), counted as fragmented: 56 pages are free.
 *
 *   pfn 0x40000  +8                                       +61  +64
 *   [AAAAAAAA)BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB|...|
 *
 * Expect 4 pages in [0, +8) to fail with -ENOMEM and not count as
 * fragmented (3 pages free in all), 3 pages to fail and count (3 free),
 * and 3 pages with no window to fit at +61.
 */
static void window_nomem_check(void)
{
	struct cmr_zone zone;
	unsigned long pfn;
	char map[65];
	int n;

	if (zone_setup(&zone, ZONE_BASE, 64, 0)) {
		n = zone_layout(&zone, "........AAAAAAAA");
		CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, ZONE_BASE + 8,
					      ZONE_BASE + 16, &pfn), -ENOMEM);
		CHECK_STATS(&zone, 8, 8, n, 0, 1);
		CHECK_FREE(&zone, 48, 2, 1);
		cmr_zone_destroy(&zone);
	}

	if (zone_setup(&zone, ZONE_BASE, 64, 0)) {
		memset(map, 'A', 8);
		memset(map + 8, 'B', 53);
		strcpy(map + 61, "...");
		n = zone_layout(&zone, map);
		CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, ZONE_BASE,
					      ZONE_BASE + 8, &pfn), -ENOMEM);
		CHECK_FREE(&zone, 3, 1, 0);
		CHECK_EQ(cmr_zone_alloc(&zone, 3, 0, ZONE_BASE,
					      ZONE_BASE + 8, &pfn), -ENOMEM);
		CHECK_FREE(&zone, 3, 1, 1);
		CHECK_EQ(cmr_zone_alloc(&zone, 3, 0, 0, 0, &pfn), 0);
		CHECK_EQ(pfn, ZONE_BASE + 61);
		CHECK_STATS(&zone, 64, 64, n + 1, 0, 2);
		cmr_zone_destroy(&zone);
	}
}

/*
 * Granules of 4 pages; windows with ends off the granule are cut inward:
 *
 *   pfn 0x40004 +4      +8      +12     +16     +20
 *   |       |       |       |       |       |
 *      [+1 ........... +11)            lo -> +4, hi -> +8
 *      [+1 ...... +7)                  lo -> +4, hi -> +4: empty
 *        [+2 .......... +10)           +4..+8: too small for 5 (8) pages
 *                      [+9 ............... +20)  +12..+20
 *   [-3 ...+3)                         lo -> 0, hi -> 0: empty
 *
 * Expect 1 page in [+1, +11) at +4, a second -ENOMEM (the one granule
 * is used); [+1, +7) and 5 pages in [+2, +10) -EINVAL; 8 pages in
 * [+9, +20) at +12; [-3, +3) -EINVAL; [+61, +100) -EINVAL (starts in
 * the last granule, so at +64); free runs [0, +4), [+8, +12) and
 * [+20, +64) left.  Then on a fresh zone 4 pages aligned to 16 in
 * [+1, +40) at +12 (0x40010), the first aligned granule.
 */
static void window_granule_check(void)
{
	unsigned long base = 0x40004, pfn = WIN_POISON;
	struct cmr_zone zone;

	if (zone_setup(&zone, base, 64, 2)) {
		CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, base + 1,
					      base + 11, &pfn), 0);
		CHECK_EQ(pfn, base + 4);
		CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, base + 1,
					      base + 11, &pfn), -ENOMEM);
		CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, base + 1,
					      base + 7, &pfn), -EINVAL);
		CHECK_EQ(cmr_zone_alloc(&zone, 5, 0, base + 2,
					      base + 10, &pfn), -EINVAL);
		CHECK_EQ(cmr_zone_alloc(&zone, 8, 0, base + 9,
					      base + 20, &pfn), 0);
		CHECK_EQ(pfn, base + 12);
		CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, base - 3,
					      base + 3, &pfn), -EINVAL);
		CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, base + 61,
					      base + 100, &pfn), -EINVAL);
		CHECK_STATS(&zone, 12, 12, 2, 0, 5);
		CHECK_FREE(&zone, 44, 3, 1);
		cmr_zone_destroy(&zone);
	}

	if (zone_setup(&zone, base, 64, 2)) {
		CHECK_EQ(cmr_zone_alloc(&zone, 4, 4, base + 1,
					      base + 40, &pfn), 0);
		CHECK_EQ(pfn, 0x40010);
		cmr_zone_destroy(&zone);
	}
}

/*
 * Best fit measures the free runs inside the window, cut at its ends:
 *
 *   pfn 0x40000      +6   +10    +16      +24 +27 +30              +64
 *   |..........[....AAAAAA........AAA...)..........................|
 *   free runs:  [0, 10)      [16, 24)      [27, 64)
 *   in [+6, +30):  [6, 10) 4   [16, 24) 8   [27, 30) 3
 *
 * Expect, each on this layout, 3 pages at +27 for best fit (the 3-page
 * piece of the 37-page run) and +6 for first fit; 4 pages at +6 for both;
 * 5 pages at +16 for both.  "nearfit" compares the first 12 runs, so
 * all three here: best fit's answers.
 */
static void window_fit_check(void)
{
	static const struct {
		unsigned long count;
		unsigned long first, best;
	} req[] = {
		{ 3, 6, 27 },
		{ 4, 6, 6 },
		{ 5, 16, 16 },
	};
	const char *name = zone_ops ? zone_ops->name : "";
	bool best = !strcmp(name, "bestfit") || !strcmp(name, "nearfit");
	struct cmr_zone zone;
	unsigned long pfn;
	unsigned int i;

	if (!zone_setup(&zone, ZONE_BASE, 64, 0))
		return;
	if (zone_layout(&zone, "..........AAAAAA........AAA") < 0)
		goto out;
	for (i = 0; i < ARRAY_SIZE(req); i++) {
		if (!CHECK_EQ(cmr_zone_alloc(&zone, req[i].count, 0,
						   ZONE_BASE + 6,
						   ZONE_BASE + 30, &pfn), 0))
			continue;
		CHECK_EQ(pfn - ZONE_BASE, best ? req[i].best : req[i].first);
		CHECK_EQ(cmr_zone_release(&zone, pfn, req[i].count), 0);
	}
out:
	cmr_zone_destroy(&zone);
}

/*
 * A zone ending 100 pages below 2^64:
 *
 *   pfn 2^64 - 4196   2^64 - 4096   2^64 - 4000     2^64 - 100   2^64
 *   |                 ^ aligned 2^12  [ window ...  |
 *
 * Expect 1 page aligned to 2^12 in [2^64 - 4000, no end) -EINVAL: the
 * next aligned pfn would be 2^64, and computing it must not wrap; in
 * [0, ULONG_MAX) at 2^64 - 4096; [ULONG_MAX, no end) and [2^64 - 100,
 * ULONG_MAX) -EINVAL; the last 100 pages in [2^64 - 200, 2^64 - 100).
 */
static void window_top_check(void)
{
	unsigned long base = -4196UL, pfn = WIN_POISON;
	struct cmr_zone zone;

	if (!zone_setup(&zone, base, 4096, 0))
		return;
	CHECK_EQ(cmr_zone_alloc(&zone, 1, 12, -4000UL, 0, &pfn),
		 -EINVAL);
	CHECK_EQ(pfn, WIN_POISON);
	CHECK_EQ(cmr_zone_alloc(&zone, 1, 12, 0, ULONG_MAX, &pfn), 0);
	CHECK_EQ(pfn, -4096UL);
	CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, ULONG_MAX, 0, &pfn),
		 -EINVAL);
	CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, -100UL, ULONG_MAX, &pfn),
		 -EINVAL);
	CHECK_EQ(cmr_zone_alloc(&zone, 100, 0, -200UL, -100UL, &pfn),
		 0);
	CHECK_EQ(pfn, -200UL);
	CHECK_STATS(&zone, 101, 101, 2, 0, 3);
	cmr_zone_destroy(&zone);
}

void window_checks(void)
{
	ZONE_RUN_EACH(window_inside_check);
	ZONE_RUN_EACH(window_cut_check);
	ZONE_RUN_EACH(window_einval_check);
	ZONE_RUN_EACH(window_below_zone_check);
	ZONE_RUN_EACH(window_nomem_check);
	ZONE_RUN_EACH(window_granule_check);
	ZONE_RUN_EACH(window_fit_check);
	ZONE_RUN_EACH(window_top_check);
}
