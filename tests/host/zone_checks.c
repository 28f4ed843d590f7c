// SPDX-License-Identifier: GPL-2.0
/*
 * Checks of the zone API (mm/cmr_zone.c): geometry and argument checks,
 * alignment in physical page frames, granule rounding, statistics and
 * the shape of the free space.  Each runs once per strategy (zone_run());
 * none depends on where a strategy puts an extent unless only one place
 * fits.  fit_checks.c has the placement rules of each strategy.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#include "model.h"
#include "zone_test.h"

const struct cmr_strategy_ops *zone_ops;

/**
 * zone_run() - run a check once per strategy
 * @name: the check's name; each run is "name/strategy"
 * @fn: the check; it reads the strategy from zone_ops
 * @strategy: run only this one, or NULL for every strategy
 */
void zone_run(const char *name, void (*fn)(void), const char *strategy)
{
	char full[128];
	unsigned int i;

	for (i = 0; i < model_nr_strategies; i++) {
		const char *s = model_strategies[i].name;

		if (strategy && strcmp(strategy, s))
			continue;
		zone_ops = cmr_strategy_find(s);
		snprintf(full, sizeof(full), "%s/%s", name, s);
		host_run(full, fn);
	}
	zone_ops = NULL;
}

/* A zone named "test" on the running strategy. */
bool zone_setup(struct cmr_zone *zone, unsigned long base_pfn,
		unsigned long pages, unsigned int order_per_bit)
{
	return CHECK(zone_ops) &&
	       CHECK_EQ(cmr_zone_init(zone, "test", base_pfn, pages, zone_ops,
				      order_per_bit), 0);
}

/**
 * zone_layout() - allocate a layout drawn one character per granule
 * @zone: an empty zone
 * @map: '.' for a free granule, a letter for a used one; each run of one
 *	letter is one extent, e.g. "AA..BBBB.C" (and "AAB" is two)
 *
 * Each extent is allocated with a window of exactly its own pages, so the
 * layout is the same under every strategy.
 *
 * Return: the number of extents allocated, or -1 (failure recorded).
 */
int zone_layout(struct cmr_zone *zone, const char *map)
{
	unsigned long granule = 1UL << zone->order_per_bit;
	unsigned long len = strlen(map), i, j, pfn, got, n;
	int nr = 0;

	if (!CHECK(len * granule <= zone->pages))
		return -1;
	for (i = 0; i < len; i = j) {
		for (j = i + 1; j < len && map[j] == map[i]; j++)
			;
		if (map[i] == '.')
			continue;
		pfn = zone->base_pfn + i * granule;
		n = (j - i) * granule;
		got = 0;
		if (!CHECK_EQ(cmr_zone_alloc(zone, n, 0, pfn, pfn + n,
						   &got), 0) ||
		    !CHECK_EQ(got, pfn))
			return -1;
		nr++;
	}
	return nr;
}

static bool zone_stats_equal(struct cmr_zone *zone,
			     const struct cmr_stats *old)
{
	struct cmr_stats now;

	cmr_zone_get_stats(zone, &now);
	return !memcmp(&now, old, sizeof(now));
}

/*
 *   cmr_strategies[] = { "tree", "bitmap", "bestfit", "nearfit" }
 *
 * Expect NULL to select the default, the tree strategy, each name to
 * find its ops (every op present, extents included), every strategy the
 * tests know of to exist, and other names, even close ones, to find
 * nothing.
 */
static void zone_strategy_find_check(void)
{
	const struct cmr_strategy_ops *ops;
	unsigned int i;

	CHECK(cmr_strategy_find(NULL) == &cmr_tree_ops);
	CHECK(cmr_strategy_find("tree") == &cmr_tree_ops);
	CHECK(cmr_strategy_find("bitmap") == &cmr_bitmap_ops);
	CHECK(cmr_strategy_find("bestfit") == &cmr_bestfit_ops);
	CHECK(cmr_strategy_find("nearfit") == &cmr_nearfit_ops);
	for (i = 0; i < model_nr_strategies; i++) {
		ops = cmr_strategy_find(model_strategies[i].name);
		if (!CHECK(ops))
			continue;
		CHECK(!strcmp(ops->name, model_strategies[i].name));
		CHECK(ops->init && ops->destroy && ops->alloc &&
		      ops->release && ops->extents);
	}
	CHECK(!cmr_strategy_find(""));
	CHECK(!cmr_strategy_find("Bitmap"));
	CHECK(!cmr_strategy_find("bitmap2"));
	CHECK(!cmr_strategy_find("best"));
	CHECK(!cmr_strategy_find("bestfit "));
}

/*
 *   pfn 0x40000                                  0x40400
 *   +--------------------------------------------+
 *   |                 "cam", free                |
 *   +--------------------------------------------+
 *
 * Expect every field set (the zone starts as garbage), the stats zeroed
 * but for total_pages, and destroy to clear the ops.
 */
static void zone_init_simple_check(void)
{
	struct cmr_zone zone;

	memset(&zone, 0xa5, sizeof(zone));
	if (!CHECK(zone_ops) ||
	    !CHECK_EQ(cmr_zone_init(&zone, "cam", ZONE_BASE, 1024,
				    zone_ops, 0), 0))
		return;
	CHECK(!strcmp(zone.name, "cam"));
	CHECK(!zone.region);
	CHECK_EQ(zone.base_pfn, ZONE_BASE);
	CHECK_EQ(zone.pages, 1024);
	CHECK_EQ(zone.order_per_bit, 0);
	CHECK(zone.ops == zone_ops);
	CHECK(zone.priv);
	CHECK_STATS(&zone, 0, 0, 0, 0, 0);
	cmr_zone_destroy(&zone);
	CHECK(!zone.ops);
	CHECK(!zone.priv);
	/* A second destroy is harmless. */
	cmr_zone_destroy(&zone);
}

/*
 * Geometries that cannot be a zone, e.g. a base off the granule:
 *
 *   granule 2:  0x40000  0x40002
 *               |   .   |   .   |
 *                   ^ base 0x40001
 *
 * Expect -EINVAL for no pages, a base or size off the granule, a granule
 * order of BITS_PER_LONG - 1 or more, no ops, and an end past the last
 * pfn (the exclusive end must be representable).
 */
static void zone_init_geometry_check(void)
{
	static const struct {
		unsigned long base_pfn;
		unsigned long pages;
		unsigned int order_per_bit;
		bool no_ops;
	} bad[] = {
		{ ZONE_BASE, 0, 0, false },
		{ ZONE_BASE, 0, 3, false },
		{ 0x40001, 64, 1, false },
		{ 0x40004, 64, 3, false },
		{ ZONE_BASE, 3, 1, false },
		{ ZONE_BASE, 12, 3, false },
		{ 0, 1UL << 63, 63, false },
		{ 0, 64, 64, false },
		{ 0, 64, 200, false },
		{ 0, 64, UINT_MAX, false },
		{ ZONE_BASE, 64, 0, true },
		{ ULONG_MAX - 7, 16, 0, false },
		{ ULONG_MAX, 1, 0, false },
		{ -1024UL, 1024, 0, false },
		{ 3UL << 62, 1UL << 62, 62, false },
	};
	struct cmr_zone zone;
	unsigned int i;

	if (!CHECK(zone_ops))
		return;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		int ret;

		ret = cmr_zone_init(&zone, "test", bad[i].base_pfn,
				    bad[i].pages,
				    bad[i].no_ops ? NULL : zone_ops,
				    bad[i].order_per_bit);
		if (!CHECK_EQ(ret, -EINVAL)) {
			printf("  case %u\n", i);
			if (!ret)
				cmr_zone_destroy(&zone);
		}
	}
}

/*
 *   "a" ... "aaaa...a" (31)    ok
 *   "" "Cam" "cam.0" "a...a" (32)    refused
 *
 * Expect names of 1 to 31 characters of [a-z0-9_-] only.
 */
static void zone_init_name_check(void)
{
	static const char *const good[] = {
		"a", "0", "cam_0-x", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	static const char *const bad[] = {
		"", "Cam", "cam.0", "cam 0", "cam/0", "cam\n", "cam\xc3\xa9",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	struct cmr_zone zone;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		if (!CHECK_EQ(cmr_zone_init(&zone, good[i], ZONE_BASE, 64,
					    zone_ops, 0), 0))
			continue;
		CHECK(!strcmp(zone.name, good[i]));
		cmr_zone_destroy(&zone);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (!CHECK_EQ(cmr_zone_init(&zone, bad[i], ZONE_BASE, 64,
					    zone_ops, 0), -EINVAL))
			cmr_zone_destroy(&zone);
}

/*
 * The strategy's init fails (first its state, then its bitmap).
 *
 * Expect its -ENOMEM passed up, no ops left in the zone so that destroy
 * is a no-op, and nothing leaked.
 */
static void zone_init_nomem_check(void)
{
	struct cmr_zone zone;
	int nth;

	for (nth = 0; nth < 2; nth++) {
		host_fail_alloc(nth);
		CHECK_EQ(cmr_zone_init(&zone, "test", ZONE_BASE, 64,
				       zone_ops, 0), -ENOMEM);
		host_fail_alloc(-1);
		CHECK(!zone.ops);
		cmr_zone_destroy(&zone);
	}
}

/*
 * Allocate and release two extents:
 *
 *   pfn 0x40000                                  0x40400
 *   +-------+-------+----------------------------+
 *   |   A   |   B   |            free            |
 *
 * Expect distinct extents inside the zone, and the counters to follow:
 * used 16 then 32 then 0, peak 32, 2 allocs, 2 releases.
 */
static void zone_alloc_simple_check(void)
{
	unsigned long a, b;
	struct cmr_zone zone;

	if (!zone_setup(&zone, ZONE_BASE, 1024, 0))
		return;
	CHECK_EQ(cmr_zone_alloc(&zone, 16, 0, 0, 0, &a), 0);
	CHECK_STATS(&zone, 16, 16, 1, 0, 0);
	CHECK_EQ(cmr_zone_alloc(&zone, 16, 0, 0, 0, &b), 0);
	CHECK_STATS(&zone, 32, 32, 2, 0, 0);
	CHECK(a >= ZONE_BASE && a + 16 <= ZONE_BASE + 1024);
	CHECK(b >= ZONE_BASE && b + 16 <= ZONE_BASE + 1024);
	CHECK(a + 16 <= b || b + 16 <= a);
	CHECK_EQ(cmr_zone_release(&zone, a, 16), 0);
	CHECK_EQ(cmr_zone_release(&zone, b, 16), 0);
	CHECK_STATS(&zone, 0, 32, 2, 2, 0);
	cmr_zone_destroy(&zone);
}

/*
 * One page at every alignment from a zone whose base is not aligned:
 *
 *   pfn 0x40003  0x40004   0x40008       0x40010            0x40403
 *   +------------+---------+-------------+------ ... -------+
 *   |            ^ order 2 ^ order 3     ^ order 4 ...      |
 *
 * Expect the page frame number, not the offset in the zone, to be a
 * multiple of 2^order, up to an alignment as large as the zone.
 */
static void zone_alloc_aligned_check(void)
{
	unsigned long pfn, mask;
	struct cmr_zone zone;
	unsigned int order;

	if (!zone_setup(&zone, ZONE_ODD_BASE, 1024, 0))
		return;
	for (order = 0; order <= 10; order++) {
		mask = (1UL << order) - 1;
		if (!CHECK_EQ(cmr_zone_alloc(&zone, 1, order, 0, 0, &pfn), 0))
			continue;
		CHECK_EQ(pfn & mask, 0);
		CHECK(pfn >= ZONE_ODD_BASE && pfn < ZONE_ODD_BASE + 1024);
		CHECK_EQ(cmr_zone_release(&zone, pfn, 1), 0);
	}
	/* Several pages, aligned, with the start of the zone busy. */
	CHECK_EQ(cmr_zone_alloc(&zone, 3, 0, 0, 0, &pfn), 0);
	CHECK_EQ(cmr_zone_alloc(&zone, 8, 4, 0, 0, &pfn), 0);
	CHECK_EQ(pfn & 15, 0);
	CHECK(pfn >= ZONE_ODD_BASE && pfn + 8 <= ZONE_ODD_BASE + 1024);
	CHECK_STATS(&zone, 11, 11, 13, 11, 0);
	cmr_zone_destroy(&zone);
}

/*
 * An alignment equal to the zone size, base 3 pages below the boundary:
 *
 *   pfn 0x40003                          0x40020  0x40023
 *   +------------------------------------+--------+
 *   |                                    |  3 pg  |
 *
 * Expect 4 pages aligned to 32 to fail with -EINVAL (only 3 pages follow
 * the one aligned pfn: no state of the zone could hold them) and be
 * counted, but not as fragmented; 1 page to land at 0x40020, and 3
 * unaligned pages to still fit.
 */
static void zone_alloc_aligned_nofit_check(void)
{
	unsigned long pfn = 0, other;
	struct cmr_zone zone;

	if (!zone_setup(&zone, ZONE_ODD_BASE, 32, 0))
		return;
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 5, 0, 0, &pfn), -EINVAL);
	CHECK_EQ(pfn, 0);
	CHECK_EQ(cmr_zone_alloc(&zone, 1, 5, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, 0x40020);
	CHECK_EQ(cmr_zone_alloc(&zone, 3, 0, 0, 0, &other), 0);
	CHECK_STATS(&zone, 4, 4, 2, 0, 1);
	CHECK_FREE(&zone, 26, 2, 0);
	cmr_zone_destroy(&zone);
}

/*
 * Granules of 4 pages; requests of 1 and 5 pages:
 *
 *   pfn 0x40004  +4      +8              +16
 *   +------------+-------+---------------+-------
 *   | A (1 -> 4) |       B (5 -> 8)      |
 *
 * Expect the counts rounded up to whole granules in used_pages, starts
 * on granule boundaries, and releases with the requested (unrounded)
 * count to give back the rounded pages.
 */
static void zone_alloc_granule_check(void)
{
	unsigned long a, b;
	struct cmr_zone zone;

	if (!zone_setup(&zone, 0x40004, 64, 2))
		return;
	CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, 0, 0, &a), 0);
	CHECK_STATS(&zone, 4, 4, 1, 0, 0);
	CHECK_EQ(cmr_zone_alloc(&zone, 5, 0, 0, 0, &b), 0);
	CHECK_STATS(&zone, 12, 12, 2, 0, 0);
	CHECK_EQ(a & 3, 0);
	CHECK_EQ(b & 3, 0);
	CHECK(a + 4 <= b || b + 8 <= a);
	CHECK_EQ(cmr_zone_release(&zone, a, 1), 0);
	CHECK_STATS(&zone, 8, 12, 2, 1, 0);
	CHECK_EQ(cmr_zone_release(&zone, b, 5), 0);
	CHECK_STATS(&zone, 0, 12, 2, 2, 0);
	/* Rounding up to the whole zone still fits. */
	CHECK_EQ(cmr_zone_alloc(&zone, 61, 0, 0, 0, &a), 0);
	CHECK_EQ(a, 0x40004);
	CHECK_STATS(&zone, 64, 64, 3, 2, 0);
	cmr_zone_destroy(&zone);
}

/*
 * Granules of 4 pages, alignments above, below and equal to the zone:
 *
 *   pfn 0x40004      0x40010                  0x40040  0x40044
 *   +----------------+--------- ... ----------+--------+
 *   |                | A (align 16)           | C (64) |
 *
 * Expect A at 0x40010 (0x40004 is not a multiple of 16), B (align 2,
 * finer than a granule) on an even pfn, and C, aligned to the zone size,
 * at 0x40040, the one aligned pfn with a granule after it.
 */
static void zone_alloc_granule_aligned_check(void)
{
	unsigned long a, b, c;
	struct cmr_zone zone;

	if (!zone_setup(&zone, 0x40004, 64, 2))
		return;
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 4, 0, 0, &a), 0);
	CHECK_EQ(a, 0x40010);
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 1, 0, 0, &b), 0);
	CHECK_EQ(b & 1, 0);
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 6, 0, 0, &c), 0);
	CHECK_EQ(c, 0x40040);
	CHECK_STATS(&zone, 12, 12, 3, 0, 0);
	cmr_zone_destroy(&zone);
}

/*
 * Fill a 64-page zone with four 16-page extents:
 *
 *   +-------+-------+-------+-------+
 *   |   A   |   B   |   C   |   D   |  + 1 page: -ENOMEM
 *
 * Expect the fifth request to fail and be counted, and after B's release
 * a 16-page request to get exactly B's pages, the only hole.
 */
static void zone_alloc_exhaust_check(void)
{
	unsigned long pfn[4], x = 0;
	struct cmr_zone zone;
	unsigned int i;

	if (!zone_setup(&zone, ZONE_BASE, 64, 0))
		return;
	for (i = 0; i < 4; i++)
		CHECK_EQ(cmr_zone_alloc(&zone, 16, 0, 0, 0, &pfn[i]), 0);
	CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, 0, 0, &x), -ENOMEM);
	CHECK_EQ(x, 0);
	CHECK_STATS(&zone, 64, 64, 4, 0, 1);
	CHECK_EQ(cmr_zone_release(&zone, pfn[1], 16), 0);
	CHECK_EQ(cmr_zone_alloc(&zone, 17, 0, 0, 0, &x), -ENOMEM);
	CHECK_EQ(cmr_zone_alloc(&zone, 16, 0, 0, 0, &x), 0);
	CHECK_EQ(x, pfn[1]);
	CHECK_STATS(&zone, 64, 64, 5, 1, 2);
	cmr_zone_destroy(&zone);
}

/*
 *   zone: 64 pages        count: 0, 65, ULONG_MAX
 *                         align: 2^7 (> zone), 2^63, 2^64, 2^200
 *
 * Expect -EINVAL for each, each counted as a failure, nothing allocated
 * and *pfn untouched; a request for the whole zone aligned to its size
 * still succeeds.
 */
static void zone_alloc_bad_args_check(void)
{
	static const struct {
		unsigned long count;
		unsigned int align_order;
	} bad[] = {
		{ 0, 0 },
		{ 65, 0 },
		{ ULONG_MAX, 0 },
		{ 1, 7 },
		{ 1, 63 },
		{ 1, 64 },
		{ 1, 200 },
		{ 1, UINT_MAX },
	};
	unsigned long pfn;
	struct cmr_zone zone;
	unsigned int i;

	if (!zone_setup(&zone, ZONE_BASE, 64, 0))
		return;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		pfn = 0xdead;
		CHECK_EQ(cmr_zone_alloc(&zone, bad[i].count,
					bad[i].align_order, 0, 0, &pfn), -EINVAL);
		CHECK_EQ(pfn, 0xdead);
	}
	CHECK_STATS(&zone, 0, 0, 0, 0, ARRAY_SIZE(bad));
	CHECK_EQ(cmr_zone_alloc(&zone, 64, 6, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE);
	cmr_zone_destroy(&zone);
}

/*
 * Zones at the top of the pfn space, and with the largest granule:
 *
 *   pfn 2^64 - 8192                 2^64 - 4096          2^64
 *   +-------------------------------+--------------------+
 *   |            zone               |                    |
 *
 *   granule 2^62:  2^62        2^63        3 * 2^62
 *                  +-----------+-----------+
 *                  |     B     |     A     |
 *
 * Expect alignments to be computed without overflow: a whole-zone extent
 * at the base, no second 2^12-aligned page; A (aligned to 2^63) at 2^63,
 * B at 2^62, each counting a whole 2^62-page granule.
 */
static void zone_alloc_near_max_check(void)
{
	unsigned long base = ULONG_MAX - 8191, pfn, a, b;
	struct cmr_zone zone;

	if (zone_setup(&zone, base, 4096, 0)) {
		CHECK_EQ(cmr_zone_alloc(&zone, 4096, 12, 0, 0, &pfn), 0);
		CHECK_EQ(pfn, base);
		CHECK_EQ(cmr_zone_release(&zone, pfn, 4096), 0);
		CHECK_EQ(cmr_zone_alloc(&zone, 1, 12, 0, 0, &pfn), 0);
		CHECK_EQ(pfn, base);
		CHECK_EQ(cmr_zone_alloc(&zone, 1, 12, 0, 0, &pfn), -ENOMEM);
		CHECK_EQ(cmr_zone_alloc(&zone, 4095, 0, 0, 0, &pfn), 0);
		CHECK_EQ(pfn, base + 1);
		CHECK_EQ(cmr_zone_release(&zone, ULONG_MAX - 4096, 1), 0);
		CHECK_EQ(cmr_zone_release(&zone, ULONG_MAX - 4095, 1),
			 -EINVAL);
		CHECK_STATS(&zone, 4095, 4096, 3, 2, 1);
		cmr_zone_destroy(&zone);
	}

	if (zone_setup(&zone, 1UL << 62, 1UL << 63, 62)) {
		CHECK_EQ(cmr_zone_alloc(&zone, 1, 63, 0, 0, &a), 0);
		CHECK_EQ(a, 1UL << 63);
		CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, 0, 0, &b), 0);
		CHECK_EQ(b, 1UL << 62);
		CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, 0, 0, &pfn), -ENOMEM);
		CHECK_STATS(&zone, 1UL << 63, 1UL << 63, 2, 0, 1);
		CHECK_EQ(cmr_zone_release(&zone, a, 1), 0);
		CHECK_STATS(&zone, 1UL << 62, 1UL << 63, 2, 1, 1);
		cmr_zone_destroy(&zone);
	}
}

/*
 * 1024 single pages from a 1024-page zone:
 *
 *   |A|B|C|D| ... |Z|   then one more: -ENOMEM
 *
 * Expect each pfn inside the zone and handed out once, the 1025th to
 * fail, and releasing all of them (in reverse) to empty the zone.
 */
static void zone_alloc_many_check(void)
{
	unsigned long pfn[1024], x;
	bool seen[1024] = { };
	struct cmr_zone zone;
	unsigned int i;

	if (!zone_setup(&zone, ZONE_ODD_BASE, 1024, 0))
		return;
	for (i = 0; i < 1024; i++) {
		if (!CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, 0, 0, &pfn[i]), 0) ||
		    !CHECK(pfn[i] - ZONE_ODD_BASE < 1024) ||
		    !CHECK(!seen[pfn[i] - ZONE_ODD_BASE]))
			goto out;
		seen[pfn[i] - ZONE_ODD_BASE] = true;
	}
	CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, 0, 0, &x), -ENOMEM);
	while (i--)
		CHECK_EQ(cmr_zone_release(&zone, pfn[i], 1), 0);
	CHECK_STATS(&zone, 0, 1024, 1024, 1024, 1);
out:
	cmr_zone_destroy(&zone);
}

/*
 *   +-------+------
 *   |   A   |
 *   release A: ok;  release A again: -EINVAL
 *
 * Expect the second release refused and the counters unchanged by it.
 */
static void zone_release_twice_check(void)
{
	struct cmr_stats before;
	struct cmr_zone zone;
	unsigned long a;

	if (!zone_setup(&zone, ZONE_BASE, 64, 0))
		return;
	CHECK_EQ(cmr_zone_alloc(&zone, 8, 0, 0, 0, &a), 0);
	CHECK_EQ(cmr_zone_release(&zone, a, 8), 0);
	cmr_zone_get_stats(&zone, &before);
	CHECK_EQ(cmr_zone_release(&zone, a, 8), -EINVAL);
	CHECK(zone_stats_equal(&zone, &before));
	CHECK_STATS(&zone, 0, 8, 1, 1, 0);
	cmr_zone_destroy(&zone);
}

/*
 *   pfn 0x40000  +4      +8
 *   +------------+-------+------
 *   |      A     | free  |
 *
 * Expect a release of free pages, and one of A plus free pages, to be
 * refused with the counters unchanged and A still allocated.
 */
static void zone_release_unallocated_check(void)
{
	struct cmr_stats before;
	struct cmr_zone zone;
	unsigned long a;

	if (!zone_setup(&zone, ZONE_BASE, 64, 0))
		return;
	CHECK_EQ(cmr_zone_release(&zone, ZONE_BASE + 10, 1), -EINVAL);
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, 0, 0, &a), 0);
	cmr_zone_get_stats(&zone, &before);
	CHECK_EQ(cmr_zone_release(&zone, a, 8), -EINVAL);
	CHECK_EQ(cmr_zone_release(&zone, a + 4, 1), -EINVAL);
	CHECK(zone_stats_equal(&zone, &before));
	CHECK_EQ(cmr_zone_release(&zone, a, 4), 0);
	CHECK_STATS(&zone, 0, 4, 1, 1, 0);
	cmr_zone_destroy(&zone);
}

/*
 * A full zone, and releases that reach outside it:
 *
 *        pfn 0x40000                        0x40040
 *   ...--+----------------------------------+--...
 *     [x |###############full###############| x]
 *
 * Expect -EINVAL for ranges before, after, across either end, of 0
 * pages, or of a size that wraps, with the counters unchanged; the zone
 * is full, so only the bounds checks can refuse them.
 */
static void zone_release_outside_check(void)
{
	static const struct {
		unsigned long pfn;
		unsigned long count;
	} bad[] = {
		{ ZONE_BASE - 1, 1 },
		{ ZONE_BASE - 1, 2 },
		{ ZONE_BASE + 64, 1 },
		{ ZONE_BASE + 63, 2 },
		{ ZONE_BASE, 65 },
		{ ZONE_BASE, 0 },
		{ ZONE_BASE, ULONG_MAX },
		{ ZONE_BASE + 1, ULONG_MAX },
		{ 0, 1 },
		{ 0, ZONE_BASE + 1 },
		{ ULONG_MAX, 1 },
	};
	struct cmr_stats before;
	struct cmr_zone zone;
	unsigned long pfn;
	unsigned int i;

	if (!zone_setup(&zone, ZONE_BASE, 64, 0))
		return;
	CHECK_EQ(cmr_zone_alloc(&zone, 64, 0, 0, 0, &pfn), 0);
	cmr_zone_get_stats(&zone, &before);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		CHECK_EQ(cmr_zone_release(&zone, bad[i].pfn, bad[i].count),
			 -EINVAL);
	CHECK(zone_stats_equal(&zone, &before));
	CHECK_EQ(cmr_zone_release(&zone, ZONE_BASE, 64), 0);
	cmr_zone_destroy(&zone);
}

/*
 * Granules of 4 pages:
 *
 *   pfn 0x40004  +4      +8
 *   +------------+-------+
 *   |    A (8 pages)     |
 *        ^ +1: inside a granule
 *
 * Expect a release starting inside a granule refused, one of 1 page at
 * the second granule to free that whole granule, and a count that rounds
 * past the end of the zone refused.
 */
static void zone_release_unaligned_check(void)
{
	struct cmr_zone zone;
	unsigned long a;

	if (!zone_setup(&zone, 0x40004, 64, 2))
		return;
	CHECK_EQ(cmr_zone_alloc(&zone, 8, 0, 0, 0, &a), 0);
	CHECK_EQ(cmr_zone_release(&zone, a + 1, 4), -EINVAL);
	CHECK_EQ(cmr_zone_release(&zone, a + 2, 1), -EINVAL);
	CHECK_EQ(cmr_zone_release(&zone, a + 4, 1), 0);
	CHECK_STATS(&zone, 4, 8, 1, 1, 0);
	CHECK_EQ(cmr_zone_release(&zone, a + 4, 1), -EINVAL);
	CHECK_EQ(cmr_zone_release(&zone, a, 4), 0);
	CHECK_EQ(cmr_zone_release(&zone, 0x40004 + 60, 5), -EINVAL);
	CHECK_STATS(&zone, 0, 8, 1, 2, 0);
	cmr_zone_destroy(&zone);
}

/*
 *   used:  10   30   10   15   15 (failed)   45
 *   peak:  10   30   30   30   30            45
 *
 * Expect peak_pages to follow the highest used_pages, in rounded pages
 * for a zone of 2-page granules, and not to move on a failure.
 */
static void zone_stats_peak_check(void)
{
	unsigned long a, b, c, d, x;
	struct cmr_zone zone;

	if (zone_setup(&zone, ZONE_BASE, 64, 0)) {
		CHECK_EQ(cmr_zone_alloc(&zone, 10, 0, 0, 0, &a), 0);
		CHECK_EQ(cmr_zone_alloc(&zone, 20, 0, 0, 0, &b), 0);
		CHECK_STATS(&zone, 30, 30, 2, 0, 0);
		CHECK_EQ(cmr_zone_release(&zone, b, 20), 0);
		CHECK_STATS(&zone, 10, 30, 2, 1, 0);
		CHECK_EQ(cmr_zone_alloc(&zone, 5, 0, 0, 0, &c), 0);
		CHECK_EQ(cmr_zone_alloc(&zone, 50, 0, 0, 0, &x), -ENOMEM);
		CHECK_STATS(&zone, 15, 30, 3, 1, 1);
		CHECK_EQ(cmr_zone_alloc(&zone, 30, 0, 0, 0, &d), 0);
		CHECK_STATS(&zone, 45, 45, 4, 1, 1);
		cmr_zone_destroy(&zone);
	}

	if (zone_setup(&zone, ZONE_BASE, 64, 1)) {
		CHECK_EQ(cmr_zone_alloc(&zone, 3, 0, 0, 0, &a), 0);
		CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, 0, 0, &b), 0);
		CHECK_STATS(&zone, 6, 6, 2, 0, 0);
		CHECK_EQ(cmr_zone_release(&zone, a, 3), 0);
		CHECK_STATS(&zone, 2, 6, 2, 1, 0);
		cmr_zone_destroy(&zone);
	}
}

/*
 * Ten single pages from a ten-page zone, then every other one released:
 *
 *   pfn 0x40000                     0x4000a
 *   |                   |   empty:  one free extent of 10
 *   |0|1|2|3|4|5|6|7|8|9|   full:   no free extent
 *   |.|1|.|3|.|5|.|7|.|9|   five free extents of 1 page
 *   |                   |   all back: one extent of 10
 *
 * Every strategy fills an empty zone from the bottom (first fit, and the
 * one free run for best fit).  Expect largest_free/free_extents 10/1,
 * 0/0, 1/5, 10/1, and cmr_stats_fragmentation() 0 (one extent), 0 (no
 * free pages), 1000 - 1000 * 1/5 = 800, 0.
 */
static void zone_stats_extents_check(void)
{
	struct cmr_stats st;
	struct cmr_zone zone;
	unsigned long pfn[10];
	unsigned int i;

	if (!zone_setup(&zone, ZONE_BASE, 10, 0))
		return;
	cmr_zone_get_stats(&zone, &st);
	CHECK_EQ(st.largest_free, 10);
	CHECK_EQ(st.free_extents, 1);
	CHECK_EQ(cmr_stats_fragmentation(&st), 0);
	for (i = 0; i < 10; i++) {
		CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, 0, 0, &pfn[i]), 0);
		CHECK_EQ(pfn[i], ZONE_BASE + i);
	}
	cmr_zone_get_stats(&zone, &st);
	CHECK_EQ(st.largest_free, 0);
	CHECK_EQ(st.free_extents, 0);
	CHECK_EQ(cmr_stats_fragmentation(&st), 0);
	for (i = 0; i < 10; i += 2)
		CHECK_EQ(cmr_zone_release(&zone, pfn[i], 1), 0);
	cmr_zone_get_stats(&zone, &st);
	CHECK_EQ(st.used_pages, 5);
	CHECK_EQ(st.largest_free, 1);
	CHECK_EQ(st.free_extents, 5);
	CHECK_EQ(cmr_stats_fragmentation(&st), 800);
	for (i = 1; i < 10; i += 2)
		CHECK_EQ(cmr_zone_release(&zone, pfn[i], 1), 0);
	cmr_zone_get_stats(&zone, &st);
	CHECK_EQ(st.largest_free, 10);
	CHECK_EQ(st.free_extents, 1);
	CHECK_EQ(cmr_stats_fragmentation(&st), 0);
	CHECK_STATS(&zone, 0, 10, 10, 10, 0);
	cmr_zone_destroy(&zone);
}

/*
 * 128 granules of 4 pages (two bitmap words), free runs of granules:
 *
 *   [0,4)  [61,67)  [68,71)  [100,102)  [103,106)  [120,123)  [125,128)
 *   first  across                                             last
 *          bit 64
 *     4      6        3         2          3          3          3
 *
 * Expect the runs found wherever they are, the first and the last
 * granule and a word boundary included, and counted in pages: the
 * largest 6 * 4 pages, 7 extents.
 */
static void zone_stats_extents_granule_check(void)
{
	struct cmr_zone zone;
	char map[129];
	int n;

	if (!zone_setup(&zone, 0x40004, 128 * 4, 2))
		return;
	memset(map, 'A', 128);
	map[128] = '\0';
	memset(map, '.', 4);			/* 0-3: 4 */
	memset(map + 61, '.', 6);		/* 61-66: 6 */
	map[67] = 'B';
	memset(map + 68, '.', 3);		/* 68-70: 3 */
	memset(map + 100, '.', 2);		/* 100-101: 2 */
	map[102] = 'C';
	memset(map + 103, '.', 3);		/* 103-105: 3 */
	memset(map + 120, '.', 3);		/* 120-122: 3 */
	map[123] = 'D';
	memset(map + 125, '.', 3);		/* 125-127: 3 */
	n = zone_layout(&zone, map);
	if (n < 0)
		goto out;
	CHECK_FREE(&zone, 6 * 4, 7, 0);
	CHECK_STATS(&zone, (128 - 24) * 4, (128 - 24) * 4, n, 0, 0);
out:
	cmr_zone_destroy(&zone);
}

/*
 * A checkerboard, so there is room in all but no run of 2:
 *
 *   pfn 0x40000              0x4000a
 *   |A.B.C.D.E.|    5 free pages, every free pfn odd
 *
 * Expect -ENOMEM for 2 and for 5 pages, counted as fragmented (5 pages
 * are free); for 6 pages, -ENOMEM but not fragmented (only 5 are free);
 * for 1 page aligned to 2, -ENOMEM and fragmented (no free pfn is even);
 * for 11 pages, -EINVAL and not fragmented; every one a failure.  Then 1
 * page fits.  With granules of 2 pages the same board in granules
 * (10 free pages) counts 3 pages (4 once rounded) as fragmented and 11
 * (12) as not.
 */
static void zone_stats_fragmented_check(void)
{
	struct cmr_zone zone;
	unsigned long pfn;
	int n;

	if (zone_setup(&zone, ZONE_BASE, 10, 0)) {
		n = zone_layout(&zone, "A.B.C.D.E.");
		CHECK_FREE(&zone, 1, 5, 0);
		CHECK_EQ(cmr_zone_alloc(&zone, 2, 0, 0, 0, &pfn), -ENOMEM);
		CHECK_FREE(&zone, 1, 5, 1);
		CHECK_EQ(cmr_zone_alloc(&zone, 5, 0, 0, 0, &pfn), -ENOMEM);
		CHECK_FREE(&zone, 1, 5, 2);
		CHECK_EQ(cmr_zone_alloc(&zone, 6, 0, 0, 0, &pfn), -ENOMEM);
		CHECK_FREE(&zone, 1, 5, 2);
		CHECK_EQ(cmr_zone_alloc(&zone, 1, 1, 0, 0, &pfn), -ENOMEM);
		CHECK_FREE(&zone, 1, 5, 3);
		CHECK_EQ(cmr_zone_alloc(&zone, 11, 0, 0, 0, &pfn), -EINVAL);
		CHECK_FREE(&zone, 1, 5, 3);
		CHECK_STATS(&zone, 5, 5, n, 0, 5);
		CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, 0, 0, &pfn), 0);
		CHECK_FREE(&zone, 1, 4, 3);
		cmr_zone_destroy(&zone);
	}

	if (zone_setup(&zone, ZONE_BASE, 20, 1)) {
		n = zone_layout(&zone, "A.B.C.D.E.");
		CHECK_FREE(&zone, 2, 5, 0);
		CHECK_EQ(cmr_zone_alloc(&zone, 3, 0, 0, 0, &pfn), -ENOMEM);
		CHECK_FREE(&zone, 2, 5, 1);
		CHECK_EQ(cmr_zone_alloc(&zone, 11, 0, 0, 0, &pfn), -ENOMEM);
		CHECK_FREE(&zone, 2, 5, 1);
		CHECK_STATS(&zone, 10, 10, n, 0, 2);
		cmr_zone_destroy(&zone);
	}
}

/*
 * cmr_stats_fragmentation() of zones, 1000 * (1 - largest / free),
 * rounded toward 1000:
 *
 *   |..............|   one extent              0
 *   |AAAAAAAAAAAAAA|   no free page            0
 *   |AA..AAAA.AA...|   runs 2, 1, 3 of 6       1000 - 3000 / 6 = 500
 *   |A...A..A..AAAA|   runs 3, 2, 2 of 7       1000 - 3000 / 7 = 572
 *
 * and of bare counters: 1 free page of 1000 in extents of 1 (999), a
 * zone with no pages at all (0).
 */
static void zone_stats_fragmentation_check(void)
{
	static const struct {
		const char *map;
		unsigned int frag;
	} maps[] = {
		{ "..............", 0 },
		{ "AAAAAAAAAAAAAA", 0 },
		{ "AA..AAAA.AA...", 500 },
		{ "A...A..A..AAAA", 572 },
	};
	struct cmr_stats st = { };
	struct cmr_zone zone;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(maps); i++) {
		if (!zone_setup(&zone, ZONE_BASE, 14, 0))
			return;
		if (zone_layout(&zone, maps[i].map) >= 0) {
			cmr_zone_get_stats(&zone, &st);
			if (!CHECK_EQ(cmr_stats_fragmentation(&st),
				      maps[i].frag))
				printf("  layout |%s|\n", maps[i].map);
		}
		cmr_zone_destroy(&zone);
	}

	memset(&st, 0, sizeof(st));
	st.total_pages = 1000;
	st.used_pages = 0;
	st.largest_free = 1;
	st.free_extents = 1000;
	CHECK_EQ(cmr_stats_fragmentation(&st), 999);
	memset(&st, 0, sizeof(st));
	CHECK_EQ(cmr_stats_fragmentation(&st), 0);
}
/* The claim hook of the running check: ranges it refuses, and its answer. */
static unsigned long claim_busy_below;
static int claim_error;
static unsigned int claim_calls;

static int claim_hook(struct cmr_zone *zone, unsigned long pfn,
		      unsigned long count)
{
	claim_calls++;
	/* Called on the whole range the strategy chose, inside the zone. */
	CHECK_EQ(count, 4);
	CHECK(pfn >= zone->base_pfn && pfn + count <= zone->base_pfn + 64);
	if (claim_error)
		return claim_error;
	return pfn < claim_busy_below ? -EBUSY : 0;
}

static const struct cmr_zone_claim busy_claim = { .take = claim_hook };

/* The ready hook of the running check: the window it names, if any. */
static unsigned long ready_lo, ready_hi;
static unsigned int ready_calls;

static bool ready_hook(struct cmr_zone *zone, struct cmr_extent_req *req)
{
	ready_calls++;
	CHECK(zone->claim && zone->claim->ready == ready_hook);
	if (ready_hi <= ready_lo)
		return false;
	req->lo = ready_lo;
	req->hi = ready_hi;
	return true;
}

static const struct cmr_zone_claim ready_claim = {
	.take = claim_hook, .ready = ready_hook,
};

/*
 * |....RRRR....| the ready hook names pages [24, 32) of a free zone.
 * Expect the allocation there, not at the lowest fit; the strategy's
 * choice when the caller's window leaves out the ready pages, when they
 * are too few, when there are none, and when they are busy.
 */
static void zone_alloc_claim_ready_check(void)
{
	unsigned long pfn = 0, low;
	struct cmr_zone zone;

	if (!zone_setup(&zone, ZONE_BASE, 64, 0))
		return;
	zone.claim = &ready_claim;
	claim_error = 0;
	claim_busy_below = 0;
	claim_calls = 0;
	ready_calls = 0;
	ready_lo = 24;
	ready_hi = 32;
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 24);
	CHECK_EQ(claim_calls, 1);
	CHECK_EQ(ready_calls, 1);
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, ZONE_BASE, ZONE_BASE + 16, &low),
		 0);
	CHECK_EQ(low, ZONE_BASE);
	CHECK_EQ(cmr_zone_release(&zone, low, 4), 0);
	ready_lo = 40;
	ready_hi = 42;
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, 0, 0, &low), 0);
	CHECK_EQ(low, ZONE_BASE);
	CHECK_EQ(cmr_zone_release(&zone, low, 4), 0);
	ready_hi = 0;
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, 0, 0, &low), 0);
	CHECK_EQ(low, ZONE_BASE);
	CHECK_EQ(cmr_zone_release(&zone, low, 4), 0);
	/* Busy ready pages go back; the strategy's next choice is taken. */
	ready_lo = 8;
	ready_hi = 12;
	claim_busy_below = ZONE_BASE + 12;
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, 0, 0, &low), 0);
	CHECK_EQ(low, ZONE_BASE + 12);
	CHECK_EQ(cmr_zone_release(&zone, low, 4), 0);
	CHECK_EQ(cmr_zone_release(&zone, pfn, 4), 0);
	CHECK_FREE(&zone, 64, 1, 0);
	cmr_zone_destroy(&zone);
}

/*
 * |BBBB....| the claim hook finds the first ranges busy.
 * Expect the busy ranges passed over (and given back), the next one
 * handed out, every try counted as an allocation and a release.
 */
static void zone_alloc_claim_busy_check(void)
{
	unsigned long pfn;
	struct cmr_zone zone;

	if (!zone_setup(&zone, ZONE_BASE, 64, 0))
		return;
	zone.claim = &busy_claim;
	claim_error = 0;
	claim_calls = 0;
	claim_busy_below = ZONE_BASE + 16;
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 16);
	CHECK_EQ(claim_calls, 5);
	CHECK_STATS(&zone, 4, 4, 1, 0, 0);
	CHECK_FREE(&zone, 44, 2, 0);
	CHECK_EQ(cmr_zone_release(&zone, pfn, 4), 0);
	cmr_zone_destroy(&zone);
}

/*
 * |BBBBBBBBBBBB....| more busy ranges than one batch of candidates, and a
 * zone whose every range is busy.
 * Expect the first range that can be taken, however many come before it;
 * -ENOMEM only when the zone runs out, counted as one failure (not a
 * fragmented one), nothing left allocated.
 */
static void zone_alloc_claim_batches_check(void)
{
	unsigned long pfn = 0;
	struct cmr_zone zone;

	if (!zone_setup(&zone, ZONE_BASE, 64, 0))
		return;
	zone.claim = &busy_claim;
	claim_error = 0;
	claim_calls = 0;
	claim_busy_below = ZONE_BASE + 48;
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 48);
	CHECK_EQ(claim_calls, 13);
	CHECK_STATS(&zone, 4, 4, 1, 0, 0);
	CHECK_FREE(&zone, 48, 2, 0);
	CHECK_EQ(cmr_zone_release(&zone, pfn, 4), 0);
	cmr_zone_destroy(&zone);

	/* |BBB| the zone runs out: -ENOMEM, the busy ones back. */
	if (!zone_setup(&zone, ZONE_BASE, 12, 0))
		return;
	zone.claim = &busy_claim;
	claim_calls = 0;
	claim_busy_below = ZONE_BASE + 12;
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, 0, 0, &pfn), -ENOMEM);
	CHECK_EQ(claim_calls, 3);
	CHECK_STATS(&zone, 0, 0, 0, 0, 1);
	CHECK_FREE(&zone, 12, 1, 0);
	cmr_zone_destroy(&zone);
}

/* The cost hook of the running check: by offset from the zone's base. */
static long cost_of(struct cmr_zone *zone, unsigned long pfn,
		    unsigned long count, long limit)
{
	unsigned long off = pfn - zone->base_pfn;

	CHECK_EQ(count, 4);
	CHECK(limit >= 0);
	if (off == 16)
		return -EBUSY;
	return off < 16 ? 100 : (long)(64 - off);
}

static const struct cmr_zone_claim cost_claim = {
	.take = claim_hook, .cost = cost_of,
};

/*
 * |cccc?ddddd...| the cost hook calls the first 4 ranges dear, the 5th
 * bound to fail, and the next ones cheaper as they go up.
 * Expect the cheapest of the first batch of 8 (at 28) taken; when that
 * batch is all busy (tried cheapest first, the one bound to fail last),
 * the cheapest of the next.
 */
static void zone_alloc_claim_cost_check(void)
{
	unsigned long pfn = 0;
	struct cmr_zone zone;

	if (!zone_setup(&zone, ZONE_BASE, 64, 0))
		return;
	zone.claim = &cost_claim;
	claim_error = 0;
	claim_calls = 0;
	claim_busy_below = 0;
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 28);
	CHECK_EQ(claim_calls, 1);
	CHECK_EQ(cmr_zone_release(&zone, pfn, 4), 0);
	/* All of the first batch busy: the cheapest of the next (at 60). */
	claim_busy_below = ZONE_BASE + 29;
	claim_calls = 0;
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 60);
	CHECK_EQ(claim_calls, 9);
	CHECK_EQ(cmr_zone_release(&zone, pfn, 4), 0);
	CHECK_STATS(&zone, 0, 4, 2, 2, 0);
	CHECK_FREE(&zone, 64, 1, 0);
	cmr_zone_destroy(&zone);
}

/* The cheap hook of the running check: the range at this offset. */
static unsigned long cheap_at;

static bool cheap_of(struct cmr_zone *zone, struct cmr_extent_req *req)
{
	CHECK(cheap_at + req->count <= zone->pages);
	req->lo = cheap_at;
	req->hi = cheap_at + req->count;
	return true;
}

static const struct cmr_zone_claim cheap_claim = {
	.take = claim_hook, .cheap = cheap_of, .cost = cost_of,
};

/*
 * |cccc?ddddd...| as above, and the owner calls the range at 41 the
 * cheapest, an offset no fit of the strategy's starts at.
 * Expect it weighed with the first batch, none of which is free, and
 * taken, in one call; when it is not free, the batch alone (28); when it is busy, and the batch after it,
 * the cheapest of the next, the range at 41 held meanwhile so that the
 * strategy passes over it: 32, 36, 45, ... 57.  First fit's order
 * (tree, bitmap); best fit's differs, and so do its batches.
 */
static void zone_alloc_claim_cheap_check(void)
{
	unsigned long pfn = 0, other = 0;
	struct cmr_zone zone;

	if (!zone_setup(&zone, ZONE_BASE, 64, 0))
		return;
	zone.claim = &cheap_claim;
	claim_error = 0;
	claim_calls = 0;
	claim_busy_below = 0;
	cheap_at = 41;
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 41);
	CHECK_EQ(claim_calls, 1);
	CHECK_FREE(&zone, 41, 2, 0);
	/* Not free now: the strategy's batch, cheapest first (28). */
	claim_calls = 0;
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, 0, 0, &other), 0);
	CHECK_EQ(other, ZONE_BASE + 28);
	CHECK_EQ(claim_calls, 1);
	CHECK_EQ(cmr_zone_release(&zone, other, 4), 0);
	CHECK_EQ(cmr_zone_release(&zone, pfn, 4), 0);
	/* Busy, and the first batch too: 41 passed over. */
	claim_busy_below = ZONE_BASE + 42;
	claim_calls = 0;
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 57);
	CHECK_EQ(claim_calls, 1 + 8 + 1);
	CHECK_EQ(cmr_zone_release(&zone, pfn, 4), 0);
	CHECK_STATS(&zone, 0, 8, 3, 3, 0);
	CHECK_FREE(&zone, 64, 1, 0);
	claim_busy_below = 0;
	cmr_zone_destroy(&zone);
}

/*
 * The claim hook fails otherwise (a fatal signal while migrating).
 * Expect its error, the range given back.
 */
static void zone_alloc_claim_error_check(void)
{
	unsigned long pfn = 0;
	struct cmr_zone zone;

	if (!zone_setup(&zone, ZONE_BASE, 64, 0))
		return;
	zone.claim = &busy_claim;
	claim_calls = 0;
	claim_error = -EINTR;
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, 0, 0, &pfn), -EINTR);
	claim_error = -ENOMEM;
	CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, 0, 0, &pfn), -ENOMEM);
	CHECK_EQ(claim_calls, 2);
	CHECK_STATS(&zone, 0, 0, 0, 0, 2);
	CHECK_FREE(&zone, 64, 1, 0);
	claim_error = 0;
	cmr_zone_destroy(&zone);
}

/* What the owner's hooks saw; releasing refuses when told to. */
struct hook_log {
	unsigned int placed, releasing, refused;
	struct cmr_zone *zone;
	unsigned long pfn, count;
	int refuse;
};

static void hook_placed(struct cmr_zone *zone, unsigned long pfn, void *arg)
{
	struct hook_log *log = arg;

	log->placed++;
	log->zone = zone;
	log->pfn = pfn;
}

static int hook_releasing(struct cmr_zone *zone, unsigned long pfn,
			  unsigned long count, void *arg)
{
	struct hook_log *log = arg;

	log->releasing++;
	log->zone = zone;
	log->pfn = pfn;
	log->count = count;
	return log->refuse;
}

static void hook_refused(struct cmr_zone *zone, void *arg)
{
	struct hook_log *log = arg;

	log->refused++;
	log->zone = zone;
}

/*
 * Expect the owner's hooks called once per allocation and release, with
 * the pfn, placed not on a failed allocation; a release its hook refuses
 * to leave the zone as it was, the hook's errno returned; a release the
 * strategy refuses (pages never allocated) to reach refused.
 */
static void zone_hook_check(void)
{
	struct hook_log log = { };
	const struct cmr_zone_hook hook = {
		hook_placed, hook_releasing, hook_refused, &log,
	};
	struct cmr_zone zone;
	unsigned long pfn;

	if (!zone_setup(&zone, ZONE_BASE, 64, 0))
		return;
	CHECK_EQ(cmr_zone_alloc_hooked(&zone, 8, 0, 0, 0, &pfn, &hook), 0);
	CHECK_EQ(log.placed, 1);
	CHECK_EQ(log.pfn, pfn);
	CHECK(log.zone == &zone);
	CHECK_EQ(cmr_zone_alloc_hooked(&zone, 64, 0, 0, 0, &pfn, &hook),
		 -ENOMEM);
	CHECK_EQ(log.placed, 1);

	log.refuse = -EINVAL;
	CHECK_EQ(cmr_zone_release_hooked(&zone, ZONE_BASE, 8, &hook), -EINVAL);
	CHECK_STATS(&zone, 8, 8, 1, 0, 1);
	CHECK_EQ(log.refused, 0);
	log.refuse = 0;
	CHECK_EQ(cmr_zone_release_hooked(&zone, ZONE_BASE + 16, 4, &hook),
		 -EINVAL);
	CHECK_EQ(log.refused, 1);
	CHECK_EQ(cmr_zone_release_hooked(&zone, ZONE_BASE, 8, &hook), 0);
	CHECK_EQ(log.releasing, 3);
	CHECK_EQ(log.pfn, ZONE_BASE);
	CHECK_EQ(log.count, 8);
	CHECK_EQ(log.refused, 1);
	CHECK_STATS(&zone, 0, 8, 1, 1, 1);
	cmr_zone_destroy(&zone);
}

void zone_checks(void)
{
	HOST_RUN(zone_strategy_find_check);
	ZONE_RUN_EACH(zone_init_simple_check);
	ZONE_RUN_EACH(zone_init_geometry_check);
	ZONE_RUN_EACH(zone_init_name_check);
	ZONE_RUN_EACH(zone_init_nomem_check);
	ZONE_RUN_EACH(zone_alloc_simple_check);
	ZONE_RUN_EACH(zone_alloc_aligned_check);
	ZONE_RUN_EACH(zone_alloc_aligned_nofit_check);
	ZONE_RUN_EACH(zone_alloc_granule_check);
	ZONE_RUN_EACH(zone_alloc_granule_aligned_check);
	ZONE_RUN_EACH(zone_alloc_exhaust_check);
	ZONE_RUN_EACH(zone_alloc_bad_args_check);
	ZONE_RUN_EACH(zone_alloc_near_max_check);
	ZONE_RUN_EACH(zone_alloc_many_check);
	ZONE_RUN_EACH(zone_alloc_claim_busy_check);
	ZONE_RUN_EACH(zone_alloc_claim_batches_check);
	ZONE_RUN_EACH(zone_alloc_claim_cost_check);
	ZONE_RUN_ONLY(zone_alloc_claim_cheap_check, "tree");
	ZONE_RUN_ONLY(zone_alloc_claim_cheap_check, "bitmap");
	ZONE_RUN_EACH(zone_alloc_claim_error_check);
	ZONE_RUN_EACH(zone_alloc_claim_ready_check);
	ZONE_RUN_EACH(zone_hook_check);
	ZONE_RUN_EACH(zone_release_twice_check);
	ZONE_RUN_EACH(zone_release_unallocated_check);
	ZONE_RUN_EACH(zone_release_outside_check);
	ZONE_RUN_EACH(zone_release_unaligned_check);
	ZONE_RUN_EACH(zone_stats_peak_check);
	ZONE_RUN_EACH(zone_stats_extents_check);
	ZONE_RUN_EACH(zone_stats_extents_granule_check);
	ZONE_RUN_EACH(zone_stats_fragmented_check);
	ZONE_RUN_EACH(zone_stats_fragmentation_check);
}
