// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the driver API on the regions of dts/cmr-virt.dts: the
 * "kunit" region (4 MiB, used by nothing else but the sample device
 * "kunit-dev"), "camera" and the no-map "codec".  Other drivers may hold
 * memory in these regions, so every check is relative to the counters
 * read at the start of the test.
 */

#include <kunit/test.h>
#include <linux/of.h>
#include <linux/of_platform.h>
#include <linux/pfn.h>
#include <linux/platform_device.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "../../mm/cmr.h"

static struct cmr_zone *cmr_test_zone(struct kunit *test, const char *name)
{
	struct cmr_region *region = cmr_region_find(name);

	if (IS_ERR(region))
		kunit_skip(test, "no region %s: boot with dts/cmr-virt.dts", name);
	return cmr_zone_find(region, NULL);
}

static unsigned long cmr_test_used(struct cmr_zone *zone)
{
	struct cmr_stats st;

	cmr_zone_get_stats(zone, &st);
	return st.used_pages;
}

/* Lookups by name: a region, its default zone, and misses. */
static void cmr_region_find_names(struct kunit *test)
{
	struct cmr_region *region;
	struct cmr_zone *zone = cmr_test_zone(test, "kunit");

	region = cmr_zone_region(zone);
	KUNIT_EXPECT_STREQ(test, cmr_region_name(region), "kunit");
	KUNIT_EXPECT_EQ(test, cmr_region_size(region), (phys_addr_t)SZ_4M);
	KUNIT_EXPECT_PTR_EQ(test, cmr_zone_find(region, "default"), zone);
	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_region_find("no-such")), -ENOENT);
	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_region_find(NULL)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_zone_find(region, "no-such")),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_zone_find(NULL, NULL)), -EINVAL);
}

/* The walks visit the kunit region once, and its one default zone. */
static void cmr_region_next_walk(struct kunit *test)
{
	struct cmr_zone *kzone = cmr_test_zone(test, "kunit"), *zone;
	struct cmr_region *region;
	unsigned int seen = 0, zones = 0;

	cmr_for_each_region(region)
		if (region == cmr_zone_region(kzone))
			seen++;
	KUNIT_EXPECT_EQ(test, seen, 1U);
	region = cmr_zone_region(kzone);
	cmr_for_each_zone(zone, region) {
		KUNIT_EXPECT_PTR_EQ(test, zone, kzone);
		zones++;
	}
	KUNIT_EXPECT_EQ(test, zones, 1U);
}

/* cmr_alloc() returns memory inside the region, aligned, and counted. */
static void cmr_alloc_release_simple(struct kunit *test)
{
	struct cmr_zone *zone = cmr_test_zone(test, "kunit");
	struct cmr_region *region = cmr_zone_region(zone);
	unsigned long used = cmr_test_used(zone);
	phys_addr_t phys;

	KUNIT_ASSERT_EQ(test, cmr_alloc(zone, 16, 4, &phys), 0);
	KUNIT_EXPECT_GE(test, phys, cmr_region_base(region));
	KUNIT_EXPECT_LE(test, phys + 16 * PAGE_SIZE,
			cmr_region_base(region) + cmr_region_size(region));
	KUNIT_EXPECT_EQ(test, phys & ((PAGE_SIZE << 4) - 1), (phys_addr_t)0);
	KUNIT_EXPECT_EQ(test, cmr_test_used(zone), used + 16);
	KUNIT_EXPECT_EQ(test, cmr_release(zone, phys, 16), 0);
	KUNIT_EXPECT_EQ(test, cmr_test_used(zone), used);
}

/* The record of a buffer of @zone at @phys, or NULL (debugfs "buffers"). */
static struct cmr_held *cmr_test_held(struct cmr_zone *zone, phys_addr_t phys)
{
	struct cmr_held *h;
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	h = cmr_track_find(zone, PHYS_PFN(phys));
	spin_unlock_irqrestore(&zone->lock, flags);
	return h;
}

/*
 * Every buffer has a record naming its caller while it is held, and none
 * after its release.
 */
static void cmr_alloc_tracked(struct kunit *test)
{
	struct cmr_zone *zone = cmr_test_zone(test, "kunit");
	struct cmr_held *h;
	phys_addr_t phys;
	char sym[64];

	KUNIT_ASSERT_EQ(test, cmr_alloc(zone, 8, 0, &phys), 0);
	h = cmr_test_held(zone, phys);
	KUNIT_ASSERT_NOT_NULL(test, h);
	KUNIT_EXPECT_EQ(test, h->count, 8UL);
	snprintf(sym, sizeof(sym), "%ps", (void *)h->caller);
	KUNIT_EXPECT_STREQ(test, sym, "cmr_alloc_tracked");
	KUNIT_EXPECT_EQ(test, cmr_release(zone, phys, 8), 0);
	KUNIT_EXPECT_NULL(test, cmr_test_held(zone, phys));
}

/*
 * Records come from the zone's spares: a burst of 300 buffers, more than
 * a chunk of records holds, has a record for every one (the spares grow),
 * and then 500 allocations and releases of one buffer allocate no chunk.
 */
static void cmr_alloc_records_pooled(struct kunit *test)
{
	struct cmr_zone *zone = cmr_test_zone(test, "kunit");
	unsigned long chunks, untracked, i, n = 300;
	phys_addr_t phys, *burst;

	KUNIT_ASSERT_NOT_NULL(test, zone->records);
	burst = kunit_kcalloc(test, n, sizeof(*burst), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, burst);
	chunks = cmr_track_chunks(zone);
	untracked = zone->untracked;
	for (i = 0; i < n; i++)
		KUNIT_ASSERT_EQ(test, cmr_alloc(zone, 1, 0, &burst[i]), 0);
	KUNIT_EXPECT_EQ(test, zone->untracked, untracked);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_NOT_NULL(test, cmr_test_held(zone, burst[i]));
		KUNIT_EXPECT_EQ(test, cmr_release(zone, burst[i], 1), 0);
	}
	KUNIT_EXPECT_GT(test, cmr_track_chunks(zone), chunks);

	/* At least n spares now: one buffer at a time never runs low. */
	flush_work(&zone->records->fill);
	chunks = cmr_track_chunks(zone);
	for (i = 0; i < 500; i++) {
		KUNIT_ASSERT_EQ(test, cmr_alloc(zone, 1 + i % 16, 0, &phys), 0);
		KUNIT_ASSERT_NOT_NULL(test, cmr_test_held(zone, phys));
		KUNIT_ASSERT_EQ(test, cmr_release(zone, phys, 1 + i % 16), 0);
	}
	flush_work(&zone->records->fill);
	KUNIT_EXPECT_EQ(test, cmr_track_chunks(zone), chunks);
}

/* cmr_alloc_request() keeps to [min, max); windows off the region fail. */
static void cmr_alloc_request_window(struct kunit *test)
{
	struct cmr_zone *zone = cmr_test_zone(test, "kunit");
	phys_addr_t b = cmr_region_base(cmr_zone_region(zone));
	unsigned long used = cmr_test_used(zone);
	struct cmr_request req = {
		.count = 4, .align = 2,
		.min = b + SZ_2M + PAGE_SIZE, .max = b + SZ_4M,
	};
	struct cmr_stats st;
	unsigned long fails;
	phys_addr_t phys;

	cmr_zone_get_stats(zone, &st);
	fails = st.failures;
	KUNIT_ASSERT_EQ(test, cmr_alloc_request(zone, &req, &phys), 0);
	KUNIT_EXPECT_GE(test, phys, req.min);
	KUNIT_EXPECT_LE(test, phys + 4 * PAGE_SIZE, req.max);
	KUNIT_EXPECT_EQ(test, phys & (4 * PAGE_SIZE - 1), (phys_addr_t)0);
	KUNIT_EXPECT_EQ(test, cmr_release(zone, phys, 4), 0);

	req.min = 0;
	req.max = b;				/* below the region */
	KUNIT_EXPECT_EQ(test, cmr_alloc_request(zone, &req, &phys), -EINVAL);
	req.max = PAGE_SIZE / 2;		/* ends inside the first page */
	KUNIT_EXPECT_EQ(test, cmr_alloc_request(zone, &req, &phys), -EINVAL);
	req.min = b + SZ_4M;			/* above it */
	req.max = 0;
	KUNIT_EXPECT_EQ(test, cmr_alloc_request(zone, &req, &phys), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_alloc_request(zone, NULL, &phys), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_test_used(zone), used);
	/* The three impossible windows are counted, the NULL request not. */
	cmr_zone_get_stats(zone, &st);
	KUNIT_EXPECT_EQ(test, st.failures, fails + 3);
}

/* Take every free page one at a time; the next one fails; give back. */
static void cmr_alloc_exhaust(struct kunit *test)
{
	struct cmr_zone *zone = cmr_test_zone(test, "kunit");
	unsigned long used = cmr_test_used(zone);
	unsigned long i, n = (SZ_4M >> PAGE_SHIFT) - used;
	struct cmr_stats st;
	phys_addr_t *phys, extra;

	phys = kunit_kcalloc(test, n, sizeof(*phys), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, phys);
	for (i = 0; i < n; i++)
		KUNIT_ASSERT_EQ(test, cmr_alloc(zone, 1, 0, &phys[i]), 0);
	KUNIT_EXPECT_EQ(test, cmr_alloc(zone, 1, 0, &extra), -ENOMEM);
	KUNIT_EXPECT_EQ(test, cmr_test_used(zone), (unsigned long)SZ_4M >> PAGE_SHIFT);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ(test, cmr_release(zone, phys[i], 1), 0);
	KUNIT_EXPECT_EQ(test, cmr_test_used(zone), used);
	cmr_zone_get_stats(zone, &st);
	KUNIT_EXPECT_GE(test, st.failures, 1UL);
}

/* Bad requests are refused with -EINVAL and leave the zone as it was. */
static void cmr_alloc_bad_args(struct kunit *test)
{
	struct cmr_zone *zone = cmr_test_zone(test, "kunit");
	unsigned long used = cmr_test_used(zone);
	phys_addr_t phys;

	KUNIT_EXPECT_EQ(test, cmr_alloc(zone, 0, 0, &phys), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_alloc(zone, (SZ_4M >> PAGE_SHIFT) + 1, 0,
					&phys), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_alloc(zone, 1, 30, &phys), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_alloc(NULL, 1, 0, &phys), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_alloc(zone, 1, 0, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_alloc(ERR_PTR(-ENOENT), 1, 0, &phys),
			-EINVAL);

	KUNIT_ASSERT_EQ(test, cmr_alloc(zone, 2, 0, &phys), 0);
	KUNIT_EXPECT_EQ(test, cmr_release(zone, phys + 1, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_release(zone, phys, 3), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_release(zone, 0, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_release(zone, phys, 2), 0);
	KUNIT_EXPECT_EQ(test, cmr_release(zone, phys, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_test_used(zone), used);
}

/*
 * Misuse that the zone's strategy alone would take: part of a buffer
 * (too small a size, or a page inside it), and another zone's buffer.
 * Each is refused and the accounting stays.
 */
static void cmr_release_misuse(struct kunit *test)
{
	struct cmr_zone *zone = cmr_test_zone(test, "kunit");
	struct cmr_zone *other = cmr_test_zone(test, "camera");
	unsigned long used = cmr_test_used(zone);
	phys_addr_t phys;

	KUNIT_ASSERT_EQ(test, cmr_alloc(zone, 4, 0, &phys), 0);
	KUNIT_EXPECT_EQ(test, cmr_release(zone, phys, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_release(zone, phys + PAGE_SIZE, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_release(other, phys, 4), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_test_used(zone), used + 4);
	KUNIT_EXPECT_EQ(test, cmr_release(zone, phys, 4), 0);
	KUNIT_EXPECT_EQ(test, cmr_test_used(zone), used);
}

static struct device *cmr_test_device(struct kunit *test, const char *path)
{
	struct device_node *np = of_find_node_by_path(path);
	struct platform_device *pdev;

	if (!np)
		kunit_skip(test, "no %s node: boot with dts/cmr-virt.dts", path);
	pdev = of_find_device_by_node(np);
	of_node_put(np);
	if (!pdev)
		kunit_skip(test, "no platform device for %s", path);
	return &pdev->dev;
}

/* memory-region and memory-region-names pick the device's regions. */
static void cmr_region_of_device_names(struct kunit *test)
{
	struct device *dev = cmr_test_device(test, "/kunit-dev");
	struct cmr_region *r;

	r = cmr_region_of_device(dev, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	KUNIT_EXPECT_STREQ(test, cmr_region_name(r), "kunit");
	r = cmr_region_of_device(dev, "alt");
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	KUNIT_EXPECT_STREQ(test, cmr_region_name(r), "camera");
	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_region_of_device(dev, "nope")),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_region_of_device(NULL, NULL)),
			-EINVAL);
	put_device(dev);
}

/*
 * A buffer shared by two holders: memory stays allocated until the last
 * put, then goes back exactly once.
 */
static void cmr_buffer_get_put(struct kunit *test)
{
	struct device *dev = cmr_test_device(test, "/kunit-dev");
	struct cmr_zone *zone = cmr_test_zone(test, "kunit");
	unsigned long used = cmr_test_used(zone);
	struct cmr_buffer *buf;
	u8 *p;

	buf = cmr_buffer_alloc(dev, SZ_64K, CMR_BUF_KMAP | CMR_BUF_ZERO);
	KUNIT_ASSERT_FALSE(test, IS_ERR(buf));
	KUNIT_EXPECT_PTR_EQ(test, cmr_buffer_zone(buf), zone);
	KUNIT_EXPECT_EQ(test, cmr_buffer_size(buf), (size_t)SZ_64K);
	KUNIT_EXPECT_EQ(test, cmr_buffer_phys(buf) & (SZ_64K - 1),
			(phys_addr_t)0);
	p = cmr_buffer_vaddr(buf);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, p[0] | p[SZ_64K - 1], 0);
	memset(p, 0xa5, SZ_64K);
	KUNIT_EXPECT_EQ(test, cmr_test_used(zone), used + 16);

	KUNIT_EXPECT_PTR_EQ(test, cmr_buffer_get(buf), buf);
	cmr_buffer_put(buf);
	KUNIT_EXPECT_EQ(test, cmr_test_used(zone), used + 16);
	KUNIT_EXPECT_EQ(test, p[SZ_32K], 0xa5);
	cmr_buffer_put(buf);
	KUNIT_EXPECT_EQ(test, cmr_test_used(zone), used);
	put_device(dev);
}

/* Bad buffer requests: ERR_PTR, never NULL, nothing allocated. */
static void cmr_buffer_alloc_bad(struct kunit *test)
{
	struct device *dev = cmr_test_device(test, "/kunit-dev");
	struct cmr_zone *zone = cmr_test_zone(test, "kunit");
	unsigned long used = cmr_test_used(zone);

	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_buffer_alloc(dev, 0, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_buffer_alloc(dev, SZ_4K, 1UL << 9)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_buffer_alloc(NULL, SZ_4K, 0)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_buffer_alloc(dev, SZ_8M, 0)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_buffer_alloc_zone(NULL, NULL, SZ_4K,
							    0, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_test_used(zone), used);
	put_device(dev);
}

/* A no-map region has no linear mapping; CMR_BUF_KMAP still gives one. */
static void cmr_buffer_nomap_kmap(struct kunit *test)
{
	struct cmr_zone *zone = cmr_test_zone(test, "codec");
	unsigned long used = cmr_test_used(zone);
	struct cmr_buffer *buf;
	u32 *p;

	KUNIT_EXPECT_TRUE(test, cmr_region_is_nomap(cmr_zone_region(zone)));
	buf = cmr_buffer_alloc_zone(zone, NULL, SZ_64K, 0, CMR_BUF_KMAP);
	KUNIT_ASSERT_FALSE(test, IS_ERR(buf));
	p = cmr_buffer_vaddr(buf);
	KUNIT_ASSERT_NOT_NULL(test, p);
	p[0] = 0x12345678;
	p[SZ_64K / 4 - 1] = 0x9abcdef0;
	KUNIT_EXPECT_EQ(test, p[0], 0x12345678U);
	KUNIT_EXPECT_EQ(test, p[SZ_64K / 4 - 1], 0x9abcdef0U);
	cmr_buffer_put(buf);
	KUNIT_EXPECT_EQ(test, cmr_test_used(zone), used);
}

static struct kunit_case cmr_region_cases[] = {
	KUNIT_CASE(cmr_region_find_names),
	KUNIT_CASE(cmr_region_next_walk),
	KUNIT_CASE(cmr_alloc_release_simple),
	KUNIT_CASE(cmr_alloc_tracked),
	KUNIT_CASE(cmr_alloc_records_pooled),
	KUNIT_CASE(cmr_release_misuse),
	KUNIT_CASE(cmr_alloc_request_window),
	KUNIT_CASE(cmr_alloc_exhaust),
	KUNIT_CASE(cmr_alloc_bad_args),
	KUNIT_CASE(cmr_region_of_device_names),
	KUNIT_CASE(cmr_buffer_get_put),
	KUNIT_CASE(cmr_buffer_alloc_bad),
	KUNIT_CASE(cmr_buffer_nomap_kmap),
	{ }
};

static struct kunit_suite cmr_region_suite = {
	.name = "cmr_region",
	.test_cases = cmr_region_cases,
};
kunit_test_suite(cmr_region_suite);

MODULE_LICENSE("GPL");
