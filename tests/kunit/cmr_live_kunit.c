// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite run by every QEMU boot test: whatever regions this boot
 * declared, each one works: in each of its zones a page is allocated,
 * written through a mapping and released, and the counters come back to
 * where they were; the zones add up to the region.
 */

#include <kunit/test.h>
#include <linux/io.h>

#include "../../mm/cmr.h"

static void cmr_live_zone(struct kunit *test, struct cmr_zone *zone)
{
	const char *name = cmr_region_name(cmr_zone_region(zone));
	struct cmr_stats before, after;
	phys_addr_t phys;
	u32 *p;

	cmr_zone_get_stats(zone, &before);
	if (cmr_alloc(zone, 1, 0, &phys)) {
		KUNIT_FAIL(test, "region %s zone %s: no page", name,
			   cmr_zone_name(zone));
		return;
	}
	p = memremap(phys, PAGE_SIZE, MEMREMAP_WB);
	KUNIT_EXPECT_NOT_NULL_MSG(test, p, "region %s: no mapping", name);
	if (p) {
		p[0] = 0xc0ffee;
		KUNIT_EXPECT_EQ(test, READ_ONCE(p[0]), 0xc0ffeeU);
		memunmap(p);
	}
	KUNIT_EXPECT_EQ(test, cmr_release(zone, phys, 1), 0);
	cmr_zone_get_stats(zone, &after);
	KUNIT_EXPECT_EQ_MSG(test, after.used_pages, before.used_pages,
			    "region %s zone %s", name, cmr_zone_name(zone));
}

/* Every zone works, and the zones add up to the region. */
static void cmr_live_region(struct kunit *test, struct cmr_region *region)
{
	unsigned long pages = 0;
	struct cmr_stats st;
	struct cmr_zone *zone;

	cmr_for_each_zone(zone, region) {
		cmr_zone_get_stats(zone, &st);
		pages += st.total_pages;
		cmr_live_zone(test, zone);
	}
	KUNIT_EXPECT_EQ_MSG(test, pages,
			    (unsigned long)(cmr_region_size(region) >> PAGE_SHIFT),
			    "region %s", cmr_region_name(region));
	kunit_info(test, "region %s: %pa +%lu MiB in %u zone(s) ok\n",
		   cmr_region_name(region), &region->base,
		   (unsigned long)(region->size >> 20), region->nr_zones);
}

/* Every active region hands out, maps and takes back a page. */
static void cmr_live_regions_work(struct kunit *test)
{
	struct cmr_region *region;

	if (!cmr_region_next(NULL))
		kunit_skip(test, "no cmr regions in this boot");
	cmr_for_each_region(region)
		cmr_live_region(test, region);
}

static struct kunit_case cmr_live_cases[] = {
	KUNIT_CASE(cmr_live_regions_work),
	{ }
};

static struct kunit_suite cmr_live_suite = {
	.name = "cmr_live",
	.test_cases = cmr_live_cases,
};
kunit_test_suite(cmr_live_suite);

MODULE_LICENSE("GPL");
