// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests run once per strategy: windows, free-extent statistics and
 * fragmented failures on synthetic zones, and where the strategies differ.
 */

#include <kunit/test.h>

#include "../../mm/cmr.h"

#define CMR_TEST_BASE	0x40003UL
#define CMR_TEST_PAGES	1024UL

static const char *const cmr_strategy_names[] = {
	"tree", "bitmap", "bestfit", "nearfit",
};

static void cmr_strategy_desc(const char *const *name, char *desc)
{
	strscpy(desc, *name, KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(cmr_strategy, cmr_strategy_names, cmr_strategy_desc);

static struct cmr_zone *cmr_strategy_zone(struct kunit *test)
{
	const char *const *name = test->param_value;
	struct cmr_zone *zone = kunit_kzalloc(test, sizeof(*zone), GFP_KERNEL);
	const struct cmr_strategy_ops *ops = cmr_strategy_find(*name);

	KUNIT_ASSERT_NOT_NULL(test, zone);
	KUNIT_ASSERT_NOT_NULL_MSG(test, ops, "strategy %s", *name);
	KUNIT_ASSERT_EQ(test, cmr_zone_init(zone, "test", CMR_TEST_BASE,
					    CMR_TEST_PAGES, ops, 0), 0);
	test->priv = zone;
	return zone;
}

static void cmr_strategy_exit(struct kunit *test)
{
	if (test->priv)
		cmr_zone_destroy(test->priv);
}

/* Allocations land in [min_pfn, end_pfn); impossible windows: -EINVAL. */
static void cmr_zone_alloc_window(struct kunit *test)
{
	struct cmr_zone *zone = cmr_strategy_zone(test);
	unsigned long lo = CMR_TEST_BASE + 100, hi = CMR_TEST_BASE + 200, pfn;
	unsigned long i;

	for (i = 0; i < 10; i++) {
		KUNIT_ASSERT_EQ(test, cmr_zone_alloc(zone, 10, 0, lo, hi,
							   &pfn), 0);
		KUNIT_EXPECT_GE(test, pfn, lo);
		KUNIT_EXPECT_LE(test, pfn + 10, hi);
	}
	/* The window is full, the zone is not: no room now, fragmented. */
	KUNIT_EXPECT_EQ(test, cmr_zone_alloc(zone, 1, 0, lo, hi, &pfn),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, zone->stats.failures_fragmented, 1UL);

	/* Outside the zone, too small, no aligned room: never possible. */
	KUNIT_EXPECT_EQ(test, cmr_zone_alloc(zone, 1, 0, 0, CMR_TEST_BASE,
						   &pfn), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_zone_alloc(zone, 1, 0, 0,
						   CMR_TEST_BASE - 1, &pfn),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_zone_alloc(zone, 1, 0, CMR_TEST_BASE +
						   CMR_TEST_PAGES, 0, &pfn),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_zone_alloc(zone, 11, 0, lo, lo + 10,
						   &pfn), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_zone_alloc(zone, 4, 8, CMR_TEST_BASE + 1,
						   CMR_TEST_BASE + 200, &pfn),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, zone->stats.failures, 6UL);
	KUNIT_EXPECT_EQ(test, zone->stats.failures_fragmented, 1UL);
}

/*
 * |.A.A.A.A.....|  8 single pages, the odd ones released again:
 * free runs {1} {3} {5} {7..1023}.
 */
static void cmr_zone_get_stats_extents(struct kunit *test)
{
	struct cmr_zone *zone = cmr_strategy_zone(test);
	struct cmr_stats st;
	unsigned long pfn, i;

	for (i = 0; i < 8; i++) {
		KUNIT_ASSERT_EQ(test, cmr_zone_alloc(zone, 1, 0, 0, 0, &pfn), 0);
		KUNIT_ASSERT_EQ(test, pfn, CMR_TEST_BASE + i);
	}
	for (i = 1; i < 8; i += 2)
		KUNIT_ASSERT_EQ(test, cmr_zone_release(zone, CMR_TEST_BASE + i,
						       1), 0);
	cmr_zone_get_stats(zone, &st);
	KUNIT_EXPECT_EQ(test, st.used_pages, 4UL);
	KUNIT_EXPECT_EQ(test, st.free_extents, 4UL);
	KUNIT_EXPECT_EQ(test, st.largest_free, CMR_TEST_PAGES - 7);
	/* 1000 - 1017 * 1000 / 1020 (997, rounded down) */
	KUNIT_EXPECT_EQ(test, cmr_stats_fragmentation(&st), 3U);
}

/*
 * Free runs {1,2} and {4}: first fit takes 1, best fit takes 4, and so
 * does near fit (the shortest of the first 12 runs).
 */
static void cmr_zone_alloc_first_or_best(struct kunit *test)
{
	const char *const *name = test->param_value;
	struct cmr_zone *zone = cmr_strategy_zone(test);
	unsigned long pfn, i;

	for (i = 0; i < 6; i++)
		KUNIT_ASSERT_EQ(test, cmr_zone_alloc(zone, 1, 0, 0, 0, &pfn), 0);
	KUNIT_ASSERT_EQ(test, cmr_zone_release(zone, CMR_TEST_BASE + 1, 1), 0);
	KUNIT_ASSERT_EQ(test, cmr_zone_release(zone, CMR_TEST_BASE + 2, 1), 0);
	KUNIT_ASSERT_EQ(test, cmr_zone_release(zone, CMR_TEST_BASE + 4, 1), 0);
	KUNIT_ASSERT_EQ(test, cmr_zone_alloc(zone, 1, 0, 0, 0, &pfn), 0);
	if (!strcmp(*name, "bestfit") || !strcmp(*name, "nearfit"))
		KUNIT_EXPECT_EQ(test, pfn, CMR_TEST_BASE + 4);
	else
		KUNIT_EXPECT_EQ(test, pfn, CMR_TEST_BASE + 1);
}

/*
 * The tree's worst case: a checkerboard of one-page extents over the
 * whole zone, with the last 64 pages free in one piece.  Expect 2-page
 * requests to fail (as fragmented), 64 aligned pages to land at the tail,
 * and every page to come back as one extent.  Every strategy must agree.
 */
static void cmr_zone_checkerboard(struct kunit *test)
{
	struct cmr_zone *zone = cmr_strategy_zone(test);
	unsigned long pfn, i, tail = CMR_TEST_PAGES - 64;
	unsigned long end = CMR_TEST_BASE + CMR_TEST_PAGES;
	struct cmr_stats st;

	for (i = 0; i < CMR_TEST_PAGES; i++)
		KUNIT_ASSERT_EQ(test, cmr_zone_alloc(zone, 1, 0, 0, 0, &pfn), 0);
	for (i = 0; i < CMR_TEST_PAGES; i++)
		if (i >= tail || !(i & 1))
			KUNIT_ASSERT_EQ(test, cmr_zone_release(zone,
					CMR_TEST_BASE + i, 1), 0);
	KUNIT_EXPECT_EQ(test, cmr_zone_alloc(zone, 2, 0, 0, 0, &pfn), 0);
	KUNIT_EXPECT_EQ(test, pfn, end - 64);
	KUNIT_EXPECT_EQ(test, cmr_zone_release(zone, pfn, 2), 0);
	KUNIT_EXPECT_EQ(test, cmr_zone_alloc(zone, 2, 0, 0, end - 64,
						   &pfn), -ENOMEM);
	cmr_zone_get_stats(zone, &st);
	KUNIT_EXPECT_EQ(test, st.free_extents, tail / 2 + 1);
	KUNIT_EXPECT_EQ(test, st.largest_free, 64UL);
	KUNIT_EXPECT_EQ(test, st.failures_fragmented, 1UL);
	/* The 64 free pages at the tail are the only aligned fit. */
	KUNIT_EXPECT_EQ(test, cmr_zone_alloc(zone, 64, 6, 0, 0, &pfn), -ENOMEM);
	KUNIT_EXPECT_EQ(test, cmr_zone_alloc(zone, 61, 0, 0, 0, &pfn), 0);
	KUNIT_EXPECT_EQ(test, pfn, end - 64);
	KUNIT_EXPECT_EQ(test, cmr_zone_release(zone, pfn, 61), 0);
	for (i = 1; i < tail; i += 2)
		KUNIT_EXPECT_EQ(test, cmr_zone_release(zone, CMR_TEST_BASE + i,
						       1), 0);
	cmr_zone_get_stats(zone, &st);
	KUNIT_EXPECT_EQ(test, st.free_extents, 1UL);
	KUNIT_EXPECT_EQ(test, st.largest_free, CMR_TEST_PAGES);
	KUNIT_EXPECT_EQ(test, st.used_pages, 0UL);
}

static struct kunit_case cmr_strategy_cases[] = {
	KUNIT_CASE_PARAM(cmr_zone_alloc_window, cmr_strategy_gen_params),
	KUNIT_CASE_PARAM(cmr_zone_get_stats_extents, cmr_strategy_gen_params),
	KUNIT_CASE_PARAM(cmr_zone_alloc_first_or_best, cmr_strategy_gen_params),
	KUNIT_CASE_PARAM(cmr_zone_checkerboard, cmr_strategy_gen_params),
	{ }
};

static struct kunit_suite cmr_strategy_suite = {
	.name = "cmr_strategy",
	.exit = cmr_strategy_exit,
	.test_cases = cmr_strategy_cases,
};
kunit_test_suite(cmr_strategy_suite);

MODULE_LICENSE("GPL");
