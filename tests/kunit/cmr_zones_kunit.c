// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for named zones: the "zoned" region of dts/cmr-virt.dts
 * (child nodes frames 4 MiB aligned to 64 KiB, meta 1 MiB first fit, and
 * the remaining 3 MiB as "default") and the cmr= region "scratch" that
 * tests/kunit.sh declares with zone= options.  Nothing else uses either.
 * Fallback across zones, zone alignment, release by region, and what a
 * driver configures at probe time.
 */

#include <kunit/test.h>
#include <linux/sizes.h>

#include "../../mm/cmr.h"
#include "cmr_kunit.h"

static struct cmr_region *cmr_zones_region(struct kunit *test,
					   const char *name)
{
	struct cmr_region *region = cmr_region_find(name);

	if (IS_ERR(region))
		kunit_skip(test, "no region %s: see tests/kunit.sh", name);
	return region;
}

static void cmr_zones_expect(struct kunit *test, struct cmr_zone *zone,
			     const char *name, phys_addr_t offset,
			     unsigned long pages, const char *strategy,
			     unsigned int align_order)
{
	struct cmr_region *region = cmr_zone_region(zone);

	KUNIT_EXPECT_STREQ(test, cmr_zone_name(zone), name);
	KUNIT_EXPECT_EQ(test, PFN_PHYS(zone->base_pfn),
			cmr_region_base(region) + offset);
	KUNIT_EXPECT_EQ(test, zone->pages, pages);
	KUNIT_EXPECT_STREQ(test, zone->ops->name, strategy);
	KUNIT_EXPECT_EQ(test, zone->align_order, align_order);
}

/* DT zones: default first, then frames and meta in address order. */
static void cmr_zones_from_dt(struct kunit *test)
{
	struct cmr_region *region = cmr_zones_region(test, "zoned");
	struct cmr_zone *z;
	unsigned int n = 0;

	KUNIT_ASSERT_EQ(test, region->nr_zones, 3U);
	cmr_zones_expect(test, &region->zones[0], "default", SZ_4M + SZ_1M,
			 (SZ_2M + SZ_1M) >> PAGE_SHIFT, "tree", 0);
	cmr_zones_expect(test, &region->zones[1], "frames", 0,
			 SZ_4M >> PAGE_SHIFT, "tree", 16 - PAGE_SHIFT);
	cmr_zones_expect(test, &region->zones[2], "meta", SZ_4M,
			 SZ_1M >> PAGE_SHIFT, "bitmap", 0);
	KUNIT_EXPECT_PTR_EQ(test, cmr_zone_find(region, NULL),
			    &region->zones[0]);
	KUNIT_EXPECT_PTR_EQ(test, cmr_zone_find(region, "meta"),
			    &region->zones[2]);
	cmr_for_each_zone(z, region)
		n++;
	KUNIT_EXPECT_EQ(test, n, 3U);
}

/* cmr= zones: scratch:8M,zone=a:1M:bestfit,zone=b:2M:align=64K */
static void cmr_zones_from_cmdline(struct kunit *test)
{
	struct cmr_region *region = cmr_zones_region(test, "scratch");

	KUNIT_ASSERT_EQ(test, region->nr_zones, 3U);
	cmr_zones_expect(test, &region->zones[0], "default", SZ_2M + SZ_1M,
			 (SZ_4M + SZ_1M) >> PAGE_SHIFT, "tree", 0);
	cmr_zones_expect(test, &region->zones[1], "a", 0, SZ_1M >> PAGE_SHIFT,
			 "bestfit", 0);
	cmr_zones_expect(test, &region->zones[2], "b", SZ_1M,
			 SZ_2M >> PAGE_SHIFT, "tree", 16 - PAGE_SHIFT);
}

/* A zone's alignment holds for every buffer in it, whatever is asked. */
static void cmr_zones_align(struct kunit *test)
{
	struct cmr_region *region = cmr_zones_region(test, "zoned");
	struct cmr_zone *frames = cmr_zone_find(region, "frames");
	phys_addr_t phys[3];
	int i;

	KUNIT_ASSERT_FALSE(test, IS_ERR(frames));
	for (i = 0; i < 3; i++) {
		KUNIT_ASSERT_EQ(test, cmr_alloc(frames, 1, 0, &phys[i]), 0);
		KUNIT_EXPECT_TRUE(test, IS_ALIGNED(phys[i], SZ_64K));
	}
	KUNIT_EXPECT_EQ(test, phys[1] - phys[0], (phys_addr_t)SZ_64K);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, cmr_release(frames, phys[i], 1), 0);
}

/*
 * 1 MiB buffers with no zone named: 3 fill default, 4 fill frames, 1
 * fills meta, the next fails with -ENOMEM; a named zone is the only one
 * tried; then everything goes back through cmr_region_release().
 */
static void cmr_zones_fallback(struct kunit *test)
{
	struct cmr_region *region = cmr_zones_region(test, "zoned");
	struct cmr_request req = { .count = SZ_1M >> PAGE_SHIFT };
	static const char *const want[] = {
		"default", "default", "default",
		"frames", "frames", "frames", "frames", "meta",
	};
	struct cmr_zone *zone;
	phys_addr_t phys[ARRAY_SIZE(want)], p;
	struct cmr_stats st;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		zone = cmr_region_alloc(region, NULL, &req, &phys[i]);
		KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(zone), "buffer %u", i);
		KUNIT_EXPECT_STREQ(test, cmr_zone_name(zone), want[i]);
	}
	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_region_alloc(region, NULL, &req, &p)),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_region_alloc(region, "nope", &req,
						       &p)), -ENOENT);
	req.count = SZ_8M >> PAGE_SHIFT;
	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_region_alloc(region, NULL, &req, &p)),
			-EINVAL);

	/* Free one frames buffer: only a request for frames (or any) fits. */
	req.count = SZ_1M >> PAGE_SHIFT;
	KUNIT_ASSERT_EQ(test, cmr_region_release(region, phys[4], req.count),
			0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_region_alloc(region, "meta", &req,
						       &p)), -ENOMEM);
	zone = cmr_region_alloc(region, "frames", &req, &phys[4]);
	KUNIT_ASSERT_FALSE(test, IS_ERR(zone));
	KUNIT_EXPECT_STREQ(test, cmr_zone_name(zone), "frames");

	for (i = 0; i < ARRAY_SIZE(want); i++)
		KUNIT_EXPECT_EQ(test, cmr_region_release(region, phys[i],
							 req.count), 0);
	KUNIT_EXPECT_EQ(test, cmr_region_release(region, phys[0], req.count),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, cmr_region_release(region,
						 cmr_region_base(region) +
						 cmr_region_size(region),
						 1), -EINVAL);
	cmr_for_each_zone(zone, region) {
		cmr_zone_get_stats(zone, &st);
		KUNIT_EXPECT_EQ(test, st.used_pages, 0UL);
		KUNIT_EXPECT_EQ(test, st.largest_free, zone->pages);
	}
}

/*
 * A driver sets meta's strategy (only while meta is empty) and alignment;
 * bad settings are refused and change nothing.
 */
static void cmr_zones_configure(struct kunit *test)
{
	struct cmr_region *region = cmr_zones_region(test, "zoned");
	struct cmr_zone *meta = cmr_zone_find(region, "meta");
	struct device *dev = cmr_kunit_device(test);
	struct cmr_zone_config cfg = { .strategy = "bestfit" };
	phys_addr_t phys;

	KUNIT_ASSERT_FALSE(test, IS_ERR(meta));
	KUNIT_EXPECT_EQ(test, cmr_zone_configure(meta, dev, &cfg), 0);
	KUNIT_EXPECT_STREQ(test, meta->ops->name, "bestfit");
	cfg.strategy = "nope";
	KUNIT_EXPECT_EQ(test, cmr_zone_configure(meta, dev, &cfg), -EINVAL);
	KUNIT_EXPECT_STREQ(test, meta->ops->name, "bestfit");

	KUNIT_ASSERT_EQ(test, cmr_alloc(meta, 1, 0, &phys), 0);
	cfg.strategy = "tree";
	KUNIT_EXPECT_EQ(test, cmr_zone_configure(meta, dev, &cfg), -EBUSY);
	KUNIT_EXPECT_STREQ(test, meta->ops->name, "bestfit");
	KUNIT_EXPECT_EQ(test, cmr_release(meta, phys, 1), 0);

	cfg = (struct cmr_zone_config){ .strategy = "bitmap", .align = 4 };
	KUNIT_EXPECT_EQ(test, cmr_zone_configure(meta, dev, &cfg), 0);
	KUNIT_EXPECT_STREQ(test, meta->ops->name, "bitmap");
	KUNIT_ASSERT_EQ(test, cmr_alloc(meta, 1, 0, &phys), 0);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED(phys, SZ_64K));
	KUNIT_EXPECT_EQ(test, cmr_release(meta, phys, 1), 0);
	cfg = (struct cmr_zone_config){ .align = 9 };	/* 2 MiB > 1 MiB */
	KUNIT_EXPECT_EQ(test, cmr_zone_configure(meta, dev, &cfg), -EINVAL);
	KUNIT_EXPECT_EQ(test, meta->align_order, 4U);
	meta->align_order = 0;			/* as the DT declared it */
}

/*
 * A 1 MiB reserve in zoned's 3 MiB default zone for kunit-dev: others get
 * only the other 2 MiB; kunit-dev gets the reserve first, then the rest.
 */
static void cmr_zones_reserve(struct kunit *test)
{
	struct cmr_region *region = cmr_zones_region(test, "zoned");
	struct cmr_zone *def = cmr_zone_find(region, NULL), *rsv;
	struct device *dev = cmr_kunit_device(test);
	struct cmr_zone_config cfg = { .reserve = SZ_1M >> PAGE_SHIFT };
	struct cmr_buffer *other, *mine, *more;
	phys_addr_t p;
	struct cmr_stats st;

	KUNIT_ASSERT_EQ(test, cmr_zone_configure(def, dev, &cfg), 0);
	rsv = def->rsv;
	KUNIT_ASSERT_NOT_NULL(test, rsv);
	KUNIT_EXPECT_EQ(test, rsv->pages, SZ_1M >> PAGE_SHIFT);
	KUNIT_EXPECT_EQ(test, cmr_zone_configure(def, dev, &cfg), -EBUSY);

	other = cmr_buffer_alloc_zone(def, NULL, SZ_2M, 0, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(other));
	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_buffer_alloc_zone(def, NULL, SZ_4K, 0,
							   CMR_BUF_NOWARN)),
			-ENOMEM);
	mine = cmr_buffer_alloc_zone(def, dev, SZ_1M, 0, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(mine));
	KUNIT_EXPECT_PTR_EQ(test, cmr_buffer_zone(mine), rsv);
	p = cmr_buffer_phys(mine);
	KUNIT_EXPECT_EQ(test, PHYS_PFN(p), rsv->base_pfn);
	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_buffer_alloc_zone(def, dev, SZ_4K, 0,
							   CMR_BUF_NOWARN)),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, cmr_zone_unreserve(def, dev), -EBUSY);
	KUNIT_EXPECT_EQ(test, cmr_zone_unreserve(def, NULL), -EINVAL);

	/* The reserve full, kunit-dev's next buffer comes from the zone. */
	cmr_buffer_put(other);
	more = cmr_buffer_alloc_zone(def, dev, SZ_4K, 0, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(more));
	KUNIT_EXPECT_PTR_EQ(test, cmr_buffer_zone(more), def);
	cmr_buffer_put(more);
	cmr_buffer_put(mine);

	cmr_zone_get_stats(rsv, &st);
	KUNIT_EXPECT_EQ(test, st.used_pages, 0UL);
	KUNIT_EXPECT_EQ(test, cmr_zone_unreserve(def, dev), 0);
	KUNIT_EXPECT_NULL(test, def->rsv);
	cmr_zone_get_stats(def, &st);
	KUNIT_EXPECT_EQ(test, st.used_pages, 0UL);
	KUNIT_EXPECT_EQ(test, st.largest_free, def->pages);
}

/*
 * Region statistics over zoned's three zones: 1 MiB in frames and 2 MiB
 * in default, one released; a 1 MiB reserve in default, with a buffer in
 * it that is not counted again; a request no zone fits.  Expect sizes,
 * allocations, failures and extents added up, the largest free extent of
 * any zone, and used and peak pages following the region as a whole.
 */
static void cmr_zones_region_stats(struct kunit *test)
{
	struct cmr_region *region = cmr_zones_region(test, "zoned");
	struct cmr_zone *def = cmr_zone_find(region, NULL);
	struct cmr_zone *frames = cmr_zone_find(region, "frames");
	struct cmr_zone_config cfg = { .reserve = SZ_1M >> PAGE_SHIFT };
	struct cmr_request big = { .count = SZ_4M >> PAGE_SHIFT };
	struct device *dev = cmr_kunit_device(test);
	const unsigned long mb = SZ_1M >> PAGE_SHIFT;
	struct cmr_stats r0, r, z;
	struct cmr_buffer *mine;
	phys_addr_t p1, p2;
	unsigned long largest = 0, extents = 0;
	struct cmr_zone *zone;

	cmr_region_get_stats(region, &r0);
	KUNIT_EXPECT_EQ(test, r0.total_pages, (unsigned long)(SZ_8M >> PAGE_SHIFT));
	KUNIT_EXPECT_EQ(test, r0.used_pages, 0UL);

	KUNIT_ASSERT_EQ(test, cmr_alloc(frames, mb, 0, &p1), 0);
	KUNIT_ASSERT_EQ(test, cmr_alloc(def, 2 * mb, 0, &p2), 0);
	cmr_region_get_stats(region, &r);
	KUNIT_EXPECT_EQ(test, r.used_pages, 3 * mb);
	KUNIT_EXPECT_GE(test, r.peak_pages, 3 * mb);
	KUNIT_EXPECT_EQ(test, r.allocs, r0.allocs + 2);
	cmr_for_each_zone(zone, region) {
		cmr_zone_get_stats(zone, &z);
		largest = max(largest, z.largest_free);
		extents += z.free_extents;
	}
	KUNIT_EXPECT_EQ(test, r.largest_free, largest);
	KUNIT_EXPECT_EQ(test, r.free_extents, extents);

	KUNIT_EXPECT_EQ(test, cmr_release(def, p2, 2 * mb), 0);
	cmr_region_get_stats(region, &r);
	KUNIT_EXPECT_EQ(test, r.used_pages, mb);
	KUNIT_EXPECT_GE(test, r.peak_pages, 3 * mb);
	KUNIT_EXPECT_EQ(test, r.releases, r0.releases + 1);

	/* The reserve is one allocation of default; its buffers are in it. */
	KUNIT_ASSERT_EQ(test, cmr_zone_configure(def, dev, &cfg), 0);
	mine = cmr_buffer_alloc_zone(def, dev, SZ_1M, 0, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(mine));
	KUNIT_EXPECT_PTR_EQ(test, cmr_buffer_zone(mine), def->rsv);
	cmr_region_get_stats(region, &r);
	KUNIT_EXPECT_EQ(test, r.used_pages, 2 * mb);
	cmr_buffer_put(mine);
	KUNIT_EXPECT_EQ(test, cmr_zone_unreserve(def, dev), 0);

	/* Only frames could ever hold 4 MiB; all three try and fail. */
	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_region_alloc(region, NULL, &big,
						       &p2)), -ENOMEM);
	cmr_region_get_stats(region, &r);
	KUNIT_EXPECT_EQ(test, r.failures, r0.failures + 3);
	KUNIT_EXPECT_EQ(test, cmr_release(frames, p1, mb), 0);
	cmr_region_get_stats(region, &r);
	KUNIT_EXPECT_EQ(test, r.used_pages, 0UL);
}

static struct kunit_case cmr_zones_cases[] = {
	KUNIT_CASE(cmr_zones_from_dt),
	KUNIT_CASE(cmr_zones_from_cmdline),
	KUNIT_CASE(cmr_zones_align),
	KUNIT_CASE(cmr_zones_fallback),
	KUNIT_CASE(cmr_zones_configure),
	KUNIT_CASE(cmr_zones_reserve),
	KUNIT_CASE(cmr_zones_region_stats),
	{ }
};

static struct kunit_suite cmr_zones_suite = {
	.name = "cmr_zones",
	.test_cases = cmr_zones_cases,
};
kunit_test_suite(cmr_zones_suite);

MODULE_LICENSE("GPL");
