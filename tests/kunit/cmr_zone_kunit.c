// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for zones and the bitmap strategy, on synthetic zones: a
 * strategy manages page frame numbers only, so no memory backs these.
 */

#include <kunit/test.h>

#include "../../mm/cmr.h"

/* 1024 pages starting at an odd pfn, so alignment is relative to it. */
#define CMR_TEST_BASE	0x40003UL
#define CMR_TEST_PAGES	1024UL

static int cmr_zone_test_init(struct kunit *test)
{
	struct cmr_zone *zone = kunit_kzalloc(test, sizeof(*zone), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, zone);
	KUNIT_ASSERT_EQ(test, cmr_zone_init(zone, "test", CMR_TEST_BASE,
					    CMR_TEST_PAGES, &cmr_bitmap_ops,
					    0), 0);
	test->priv = zone;
	return 0;
}

static void cmr_zone_test_exit(struct kunit *test)
{
	cmr_zone_destroy(test->priv);
}

/* Bad geometry: 0 pages, base or size off the granule, bad name. */
static void cmr_zone_init_bad(struct kunit *test)
{
	struct cmr_zone z;

	KUNIT_EXPECT_EQ(test, cmr_zone_init(&z, "z", 0, 0, &cmr_bitmap_ops, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_zone_init(&z, "z", 1, 16, &cmr_bitmap_ops, 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_zone_init(&z, "z", 0, 15, &cmr_bitmap_ops, 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_zone_init(&z, "Z", 0, 16, &cmr_bitmap_ops, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_zone_init(&z, "z", ULONG_MAX - 4, 16,
					    &cmr_bitmap_ops, 0), -EINVAL);
}

/* |AAAA......|: first fit from the bottom; stats count it. */
static void cmr_zone_alloc_simple(struct kunit *test)
{
	struct cmr_zone *zone = test->priv;
	unsigned long pfn;

	KUNIT_ASSERT_EQ(test, cmr_zone_alloc(zone, 4, 0, 0, 0, &pfn), 0);
	KUNIT_EXPECT_EQ(test, pfn, CMR_TEST_BASE);
	KUNIT_EXPECT_EQ(test, zone->stats.used_pages, 4UL);
	KUNIT_EXPECT_EQ(test, zone->stats.allocs, 1UL);
	KUNIT_EXPECT_EQ(test, cmr_zone_release(zone, pfn, 4), 0);
	KUNIT_EXPECT_EQ(test, zone->stats.used_pages, 0UL);
	KUNIT_EXPECT_EQ(test, zone->stats.peak_pages, 4UL);
}

/* Alignment is of the physical pfn, not of the offset in the zone. */
static void cmr_zone_alloc_aligned(struct kunit *test)
{
	struct cmr_zone *zone = test->priv;
	unsigned long pfn, first;
	unsigned int order;

	KUNIT_ASSERT_EQ(test, cmr_zone_alloc(zone, 1, 0, 0, 0, &first), 0);
	for (order = 1; order <= 8; order++) {
		KUNIT_ASSERT_EQ(test, cmr_zone_alloc(zone, 3, order, 0, 0, &pfn), 0);
		KUNIT_EXPECT_EQ_MSG(test, pfn & ((1UL << order) - 1), 0UL,
				    "order %u", order);
		KUNIT_EXPECT_GE(test, pfn, CMR_TEST_BASE);
		KUNIT_EXPECT_LE(test, pfn + 3, CMR_TEST_BASE + CMR_TEST_PAGES);
	}
}

/* Fill the zone, then one more page fails with -ENOMEM and is counted. */
static void cmr_zone_alloc_exhaust(struct kunit *test)
{
	struct cmr_zone *zone = test->priv;
	unsigned long pfn;

	KUNIT_ASSERT_EQ(test, cmr_zone_alloc(zone, CMR_TEST_PAGES, 0, 0, 0, &pfn), 0);
	KUNIT_EXPECT_EQ(test, cmr_zone_alloc(zone, 1, 0, 0, 0, &pfn), -ENOMEM);
	KUNIT_EXPECT_EQ(test, zone->stats.failures, 1UL);
	KUNIT_EXPECT_EQ(test, zone->stats.used_pages, CMR_TEST_PAGES);
	KUNIT_EXPECT_EQ(test, cmr_zone_release(zone, CMR_TEST_BASE,
					       CMR_TEST_PAGES), 0);
	KUNIT_EXPECT_EQ(test, cmr_zone_alloc(zone, 1, 0, 0, 0, &pfn), 0);
}

/* 0 pages, more than the zone, alignment beyond the zone: -EINVAL. */
static void cmr_zone_alloc_bad(struct kunit *test)
{
	struct cmr_zone *zone = test->priv;
	unsigned long pfn = 0;

	KUNIT_EXPECT_EQ(test, cmr_zone_alloc(zone, 0, 0, 0, 0, &pfn), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_zone_alloc(zone, CMR_TEST_PAGES + 1, 0, 0, 0, &pfn),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_zone_alloc(zone, 1, 11, 0, 0, &pfn), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_zone_alloc(zone, 1, 200, 0, 0, &pfn), -EINVAL);
	KUNIT_EXPECT_EQ(test, zone->stats.failures, 4UL);
	KUNIT_EXPECT_EQ(test, zone->stats.used_pages, 0UL);
}

/* A double release, or one of pages never allocated, changes nothing. */
static void cmr_zone_release_twice(struct kunit *test)
{
	struct cmr_zone *zone = test->priv;
	unsigned long pfn;

	KUNIT_ASSERT_EQ(test, cmr_zone_alloc(zone, 8, 0, 0, 0, &pfn), 0);
	KUNIT_EXPECT_EQ(test, cmr_zone_release(zone, pfn, 8), 0);
	KUNIT_EXPECT_EQ(test, cmr_zone_release(zone, pfn, 8), -EINVAL);
	KUNIT_ASSERT_EQ(test, cmr_zone_alloc(zone, 8, 0, 0, 0, &pfn), 0);
	KUNIT_EXPECT_EQ(test, cmr_zone_release(zone, pfn, 9), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_zone_release(zone, pfn - 1, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_zone_release(zone, CMR_TEST_BASE +
					       CMR_TEST_PAGES, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, zone->stats.used_pages, 8UL);
	KUNIT_EXPECT_EQ(test, zone->stats.releases, 1UL);
}

/* With 2^2 pages per bit, 1 page costs 4 and the accounting says so. */
static void cmr_zone_alloc_granule(struct kunit *test)
{
	struct cmr_zone z;
	unsigned long a, b;

	KUNIT_ASSERT_EQ(test, cmr_zone_init(&z, "g", 0x100, 64,
					    &cmr_bitmap_ops, 2), 0);
	KUNIT_EXPECT_EQ(test, cmr_zone_alloc(&z, 1, 0, 0, 0, &a), 0);
	KUNIT_EXPECT_EQ(test, cmr_zone_alloc(&z, 1, 0, 0, 0, &b), 0);
	KUNIT_EXPECT_EQ(test, b - a, 4UL);
	KUNIT_EXPECT_EQ(test, z.stats.used_pages, 8UL);
	KUNIT_EXPECT_EQ(test, cmr_zone_release(&z, a, 1), 0);
	KUNIT_EXPECT_EQ(test, z.stats.used_pages, 4UL);
	cmr_zone_destroy(&z);
}

/* Unknown strategies are refused by name. */
static void cmr_strategy_find_names(struct kunit *test)
{
	KUNIT_EXPECT_PTR_EQ(test, cmr_strategy_find("bitmap"), &cmr_bitmap_ops);
	KUNIT_EXPECT_PTR_EQ(test, cmr_strategy_find("tree"), &cmr_tree_ops);
	KUNIT_EXPECT_PTR_EQ(test, cmr_strategy_find(NULL), &cmr_tree_ops);
	KUNIT_EXPECT_NULL(test, cmr_strategy_find("nope"));
}

static struct kunit_case cmr_zone_cases[] = {
	KUNIT_CASE(cmr_zone_init_bad),
	KUNIT_CASE(cmr_zone_alloc_simple),
	KUNIT_CASE(cmr_zone_alloc_aligned),
	KUNIT_CASE(cmr_zone_alloc_exhaust),
	KUNIT_CASE(cmr_zone_alloc_bad),
	KUNIT_CASE(cmr_zone_release_twice),
	KUNIT_CASE(cmr_zone_alloc_granule),
	KUNIT_CASE(cmr_strategy_find_names),
	{ }
};

static struct kunit_suite cmr_zone_suite = {
	.name = "cmr_zone",
	.init = cmr_zone_test_init,
	.exit = cmr_zone_test_exit,
	.test_cases = cmr_zone_cases,
};
kunit_test_suite(cmr_zone_suite);

MODULE_LICENSE("GPL");
