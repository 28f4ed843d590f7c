// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of cmr behind the DMA API (kernel/dma/cmr/): every
 * allocation call of the DMA API, made by a driver that knows nothing of
 * cmr for a device bound by cmr.map=, gets memory of the device's region
 * that reads and writes through the mapping returned, owned by the
 * device; the region is whole again after the frees.  Then the policy
 * when the region is full (fall back, or fail for a "nofallback"
 * region), a zone named by the map, a device that is not bound, and one
 * that cannot reach its region.
 *
 * The devices are made here, so they are bound when added (the bus
 * notifier), as a driver's own platform devices are.  tests/kunit.sh
 * boots with the map rules:
 *	cmr-dma-test:kunit  cmr-dma-zone:zoned/frames  cmr-dma-strict:nofb
 * cmr-dma-gone:kunit and cmr=nofb:1M,nofallback; cmr-dma-none matches
 * none.
 */

#include <kunit/test.h>
#include <linux/cmr-dma.h>
#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/mod_devicetable.h>
#include <linux/platform_device.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "../../mm/cmr.h"
#include "cmr_dma.h"	/* kernel/dma/cmr/ */

static const struct platform_device_id cmr_dma_test_ids[] = {
	{ "cmr-dma-test" }, { "cmr-dma-zone" }, { "cmr-dma-strict" },
	{ "cmr-dma-none" }, { "cmr-dma-gone" }, { }
};

/* A driver that knows nothing of cmr: it only has to be bound. */
static int cmr_dma_test_probe(struct platform_device *pdev)
{
	return dma_coerce_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32));
}

static struct platform_driver cmr_dma_test_driver = {
	.probe		= cmr_dma_test_probe,
	.id_table	= cmr_dma_test_ids,
	.driver		= {
		.name		= "cmr-dma-test",
		.probe_type	= PROBE_FORCE_SYNCHRONOUS,
	},
};

/* The devices of the suite; cmr_dma_device_gone() makes its own. */
static struct platform_device *cmr_dma_pdev[ARRAY_SIZE(cmr_dma_test_ids) - 2];

static int cmr_dma_suite_init(struct kunit_suite *suite)
{
	unsigned int i;
	int ret = platform_driver_register(&cmr_dma_test_driver);

	for (i = 0; !ret && i < ARRAY_SIZE(cmr_dma_pdev); i++) {
		cmr_dma_pdev[i] =
			platform_device_register_simple(cmr_dma_test_ids[i].name,
							PLATFORM_DEVID_NONE,
							NULL, 0);
		ret = PTR_ERR_OR_ZERO(cmr_dma_pdev[i]);
		if (ret)
			cmr_dma_pdev[i] = NULL;
	}
	return ret;
}

static void cmr_dma_suite_exit(struct kunit_suite *suite)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cmr_dma_pdev); i++)
		if (cmr_dma_pdev[i])
			platform_device_unregister(cmr_dma_pdev[i]);
	platform_driver_unregister(&cmr_dma_test_driver);
}

/* The test device @i, and its region @name (skipped when missing). */
static struct device *cmr_dma_dev(struct kunit *test, unsigned int i,
				  const char *name,
				  struct cmr_region **region)
{
	KUNIT_ASSERT_NOT_NULL(test, cmr_dma_pdev[i]);
	*region = name ? cmr_region_find(name) : NULL;
	if (IS_ERR(*region)) {
		kunit_skip(test, "no region %s: boot with tests/kunit.sh", name);
		return NULL;
	}
	return &cmr_dma_pdev[i]->dev;
}

/* ---- One buffer, by any of the DMA API's allocation calls -------------- */

enum cmr_dma_call {
	CMR_DMA_COHERENT, CMR_DMA_WC, CMR_DMA_NO_KMAP, CMR_DMA_FORCE_CONTIG,
	CMR_DMA_PAGES, CMR_DMA_NONCOHERENT, CMR_DMA_NONCONTIG,
};

static const char * const cmr_dma_call_names[] = {
	"dma_alloc_coherent", "dma_alloc_wc",
	"dma_alloc_attrs(NO_KERNEL_MAPPING)",
	"dma_alloc_attrs(FORCE_CONTIGUOUS)", "dma_alloc_pages",
	"dma_alloc_noncoherent", "dma_alloc_noncontiguous",
};

struct cmr_dma_buf {
	enum cmr_dma_call call;
	size_t size;
	void *cpu;		/* what the call returned, or the cookie */
	struct page *page;	/* dma_alloc_pages() */
	struct sg_table *sgt;	/* dma_alloc_noncontiguous() */
	dma_addr_t addr;
};

static bool cmr_dma_get(struct device *dev, struct cmr_dma_buf *b)
{
	const enum dma_data_direction dir = DMA_BIDIRECTIONAL;

	switch (b->call) {
	case CMR_DMA_COHERENT:
		b->cpu = dma_alloc_coherent(dev, b->size, &b->addr, GFP_KERNEL);
		break;
	case CMR_DMA_WC:
		b->cpu = dma_alloc_wc(dev, b->size, &b->addr, GFP_KERNEL);
		break;
	case CMR_DMA_NO_KMAP:
	case CMR_DMA_FORCE_CONTIG:
		b->cpu = dma_alloc_attrs(dev, b->size, &b->addr, GFP_KERNEL,
					 b->call == CMR_DMA_NO_KMAP ?
					 DMA_ATTR_NO_KERNEL_MAPPING :
					 DMA_ATTR_FORCE_CONTIGUOUS);
		break;
	case CMR_DMA_PAGES:
		b->page = dma_alloc_pages(dev, b->size, &b->addr, dir,
					  GFP_KERNEL);
		return b->page;
	case CMR_DMA_NONCOHERENT:
		b->cpu = dma_alloc_noncoherent(dev, b->size, &b->addr, dir,
					       GFP_KERNEL);
		break;
	case CMR_DMA_NONCONTIG:
		b->sgt = dma_alloc_noncontiguous(dev, b->size, dir, GFP_KERNEL,
						 0);
		if (b->sgt)
			b->addr = sg_dma_address(b->sgt->sgl);
		return b->sgt;
	}
	return b->cpu;
}

static void cmr_dma_put(struct device *dev, struct cmr_dma_buf *b)
{
	const enum dma_data_direction dir = DMA_BIDIRECTIONAL;

	switch (b->call) {
	case CMR_DMA_COHERENT:
		dma_free_coherent(dev, b->size, b->cpu, b->addr);
		break;
	case CMR_DMA_WC:
		dma_free_wc(dev, b->size, b->cpu, b->addr);
		break;
	case CMR_DMA_NO_KMAP:
	case CMR_DMA_FORCE_CONTIG:
		dma_free_attrs(dev, b->size, b->cpu, b->addr,
			       b->call == CMR_DMA_NO_KMAP ?
			       DMA_ATTR_NO_KERNEL_MAPPING :
			       DMA_ATTR_FORCE_CONTIGUOUS);
		break;
	case CMR_DMA_PAGES:
		dma_free_pages(dev, b->size, b->page, b->addr, dir);
		break;
	case CMR_DMA_NONCOHERENT:
		dma_free_noncoherent(dev, b->size, b->cpu, b->addr, dir);
		break;
	case CMR_DMA_NONCONTIG:
		dma_free_noncontiguous(dev, b->size, b->sgt, dir);
		break;
	}
}

/*
 * Write a pattern through the CPU mapping the call gave (the linear map
 * for one that gives none), read it back through the linear map: both
 * are the memory at the device's address.
 */
static void cmr_dma_check_rw(struct kunit *test, struct device *dev,
			     struct cmr_dma_buf *b)
{
	u8 *lin = phys_to_virt(dma_to_phys(dev, b->addr));
	u8 *cpu = b->cpu;

	if (b->call == CMR_DMA_PAGES)
		cpu = page_address(b->page);
	else if (b->call == CMR_DMA_NONCONTIG)
		cpu = dma_vmap_noncontiguous(dev, b->size, b->sgt);
	else if (b->call == CMR_DMA_NO_KMAP)
		cpu = lin;
	KUNIT_ASSERT_NOT_NULL(test, cpu);
	memset(cpu, 0xa5, b->size);
	cpu[b->size - 1] = 0x5a;
	if (b->call == CMR_DMA_NONCONTIG)
		dma_vunmap_noncontiguous(dev, cpu);
	/*
	 * Coherent memory of a non-coherent device is an uncached alias:
	 * what the linear map caches of it is stale (a no-op if coherent).
	 */
	if (b->call <= CMR_DMA_FORCE_CONTIG && b->call != CMR_DMA_NO_KMAP)
		dma_sync_single_for_cpu(dev, b->addr, b->size, DMA_FROM_DEVICE);
	KUNIT_EXPECT_EQ(test, lin[0], 0xa5);
	KUNIT_EXPECT_EQ(test, lin[b->size / 2], 0xa5);
	KUNIT_EXPECT_EQ(test, lin[b->size - 1], 0x5a);
}

/* The pages at @phys are in @region and a buffer of it owned by @owner. */
static void cmr_dma_check_owned(struct kunit *test, struct cmr_region *region,
				phys_addr_t phys, const char *owner)
{
	struct cmr_zone *zone;
	struct cmr_held *h = NULL;
	unsigned long flags;

	KUNIT_ASSERT_GE(test, phys, cmr_region_base(region));
	KUNIT_ASSERT_LT(test, phys - cmr_region_base(region),
			cmr_region_size(region));
	cmr_for_each_zone(zone, region) {
		spin_lock_irqsave(&zone->lock, flags);
		h = cmr_track_find(zone, PHYS_PFN(phys));
		if (h)
			KUNIT_EXPECT_STREQ(test, h->who, owner);
		spin_unlock_irqrestore(&zone->lock, flags);
		if (h)
			break;
	}
	KUNIT_EXPECT_NOT_NULL(test, h);
}

static void cmr_dma_call_desc(const enum cmr_dma_call *call, char *desc)
{
	strscpy(desc, cmr_dma_call_names[*call], KUNIT_PARAM_DESC_SIZE);
}

static const enum cmr_dma_call cmr_dma_calls[] = {
	CMR_DMA_COHERENT, CMR_DMA_WC, CMR_DMA_NO_KMAP, CMR_DMA_FORCE_CONTIG,
	CMR_DMA_PAGES, CMR_DMA_NONCOHERENT, CMR_DMA_NONCONTIG,
};
KUNIT_ARRAY_PARAM(cmr_dma_call, cmr_dma_calls, cmr_dma_call_desc);

/*
 * Each call: two buffers of 64 KiB and 1 MiB come from the region,
 * aligned to their size, owned by the device, readable and writable; the
 * region's figures go up by their pages and back, to one free extent.
 */
static void cmr_dma_each_call(struct kunit *test)
{
	struct cmr_region *region;
	struct device *dev = cmr_dma_dev(test, 0, "kunit", &region);
	struct cmr_dma_buf b[2] = {
		{ .call = *(const enum cmr_dma_call *)test->param_value,
		  .size = SZ_64K },
		{ .call = *(const enum cmr_dma_call *)test->param_value,
		  .size = SZ_1M },
	};
	struct cmr_stats st0, st;
	phys_addr_t phys;
	unsigned int i;

	cmr_region_get_stats(region, &st0);
	for (i = 0; i < ARRAY_SIZE(b); i++) {
		KUNIT_ASSERT_TRUE(test, cmr_dma_get(dev, &b[i]));
		phys = dma_to_phys(dev, b[i].addr);
		cmr_dma_check_owned(test, region, phys, "cmr-dma-test");
		KUNIT_EXPECT_EQ(test, phys & (b[i].size - 1), (phys_addr_t)0);
		cmr_dma_check_rw(test, dev, &b[i]);
	}
	cmr_region_get_stats(region, &st);
	KUNIT_EXPECT_EQ(test, st.used_pages,
			st0.used_pages + ((SZ_64K + SZ_1M) >> PAGE_SHIFT));
	for (i = 0; i < ARRAY_SIZE(b); i++)
		cmr_dma_put(dev, &b[i]);
	cmr_region_get_stats(region, &st);
	KUNIT_EXPECT_EQ(test, st.used_pages, st0.used_pages);
	KUNIT_EXPECT_EQ(test, st.largest_free, st0.largest_free);
	KUNIT_EXPECT_EQ(test, st.releases, st0.releases + 2);
}

/* ---- When the region cannot serve ------------------------------------ */

#define CMR_DMA_FILL	8

/* Allocate all of @region through cmr's own API; return the count. */
static unsigned int cmr_dma_fill(struct cmr_region *region,
				 struct cmr_zone **zone, phys_addr_t *phys,
				 unsigned long *count)
{
	struct cmr_request req = { };
	struct cmr_stats st;
	unsigned int n;

	for (n = 0; n < CMR_DMA_FILL; n++) {
		cmr_region_get_stats(region, &st);
		req.count = st.largest_free;
		if (!req.count)
			break;
		zone[n] = cmr_region_alloc(region, NULL, &req, &phys[n]);
		if (IS_ERR(zone[n]))
			break;
		count[n] = req.count;
	}
	return n;
}

/*
 * A full region: @dev's 64 KiB comes from elsewhere (@fallback) or not at
 * all, and the region counts the failure and keeps its pages.
 */
static void cmr_dma_when_full(struct kunit *test, struct device *dev,
			      struct cmr_region *region, bool fallback)
{
	struct cmr_zone *zone[CMR_DMA_FILL];
	unsigned long count[CMR_DMA_FILL];
	phys_addr_t phys[CMR_DMA_FILL];
	struct cmr_stats st0, st;
	unsigned long used;
	unsigned int n, i;
	dma_addr_t addr;
	void *cpu;

	cmr_region_get_stats(region, &st);
	used = st.used_pages;
	n = cmr_dma_fill(region, zone, phys, count);
	cmr_region_get_stats(region, &st0);
	KUNIT_EXPECT_EQ(test, st0.used_pages, st0.total_pages);
	cpu = dma_alloc_coherent(dev, SZ_64K, &addr, GFP_KERNEL);
	cmr_region_get_stats(region, &st);
	KUNIT_EXPECT_EQ(test, st.failures, st0.failures + 1);
	KUNIT_EXPECT_EQ(test, st.used_pages, st0.used_pages);
	if (fallback) {
		KUNIT_EXPECT_NOT_NULL(test, cpu);
	} else {
		KUNIT_EXPECT_NULL(test, cpu);
		KUNIT_EXPECT_TRUE(test, cmr_dma_no_fallback(dev));
	}
	if (cpu) {
		KUNIT_EXPECT_GE(test, dma_to_phys(dev, addr) -
				cmr_region_base(region), cmr_region_size(region));
		dma_free_coherent(dev, SZ_64K, cpu, addr);
	}
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ(test, cmr_release(zone[i], phys[i], count[i]), 0);
	cmr_region_get_stats(region, &st);
	KUNIT_EXPECT_EQ(test, st.used_pages, used);
}

/* By default a full region falls back to the kernel's path, as CMA. */
static void cmr_dma_falls_back(struct kunit *test)
{
	struct cmr_region *region;
	struct device *dev = cmr_dma_dev(test, 0, "kunit", &region);

	KUNIT_EXPECT_FALSE(test, cmr_dma_no_fallback(dev));
	cmr_dma_when_full(test, dev, region, true);
}

/* A "nofallback" region serves what fits and fails the rest. */
static void cmr_dma_no_fallback_region(struct kunit *test)
{
	struct cmr_region *region;
	struct device *dev = cmr_dma_dev(test, 2, "nofb", &region);
	dma_addr_t addr;
	void *cpu;

	KUNIT_EXPECT_FALSE(test, cmr_region_falls_back(region));
	cpu = dma_alloc_coherent(dev, SZ_64K, &addr, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cpu);
	cmr_dma_check_owned(test, region, dma_to_phys(dev, addr),
			    "cmr-dma-strict");
	dma_free_coherent(dev, SZ_64K, cpu, addr);
	cmr_dma_when_full(test, dev, region, false);
}

/* A cmr.map= rule that names a zone: the buffers come from that zone. */
static void cmr_dma_map_zone(struct kunit *test)
{
	struct cmr_region *region;
	struct device *dev = cmr_dma_dev(test, 1, "zoned", &region);
	struct cmr_zone *zone = cmr_zone_find(region, "frames");
	unsigned long pfn;
	dma_addr_t addr;
	void *cpu;

	KUNIT_ASSERT_FALSE(test, IS_ERR(zone));
	cpu = dma_alloc_coherent(dev, SZ_64K, &addr, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cpu);
	pfn = PHYS_PFN(dma_to_phys(dev, addr));
	KUNIT_EXPECT_GE(test, pfn, zone->base_pfn);
	KUNIT_EXPECT_LT(test, pfn - zone->base_pfn, zone->pages);
	dma_free_coherent(dev, SZ_64K, cpu, addr);
}

/* A device no rule names keeps the kernel's path: no region's pages. */
static void cmr_dma_unbound(struct kunit *test)
{
	struct cmr_region *region;
	struct device *dev = cmr_dma_dev(test, 3, NULL, &region);
	phys_addr_t phys;
	dma_addr_t addr;
	void *cpu;

	KUNIT_EXPECT_FALSE(test, cmr_dma_bound(dev));
	cpu = dma_alloc_coherent(dev, SZ_64K, &addr, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cpu);
	phys = dma_to_phys(dev, addr);
	cmr_for_each_region(region)
		KUNIT_EXPECT_GE(test, phys - cmr_region_base(region),
				cmr_region_size(region));
	dma_free_coherent(dev, SZ_64K, cpu, addr);
}

/*
 * A device whose DMA limit ends inside its region is not served from it
 * (and not held to its no-fallback policy): its binding says so once.
 */
static void cmr_dma_unreachable(struct kunit *test)
{
	struct cmr_region *region;
	struct device *dev = cmr_dma_dev(test, 0, "kunit", &region);
	u64 mask = dev->coherent_dma_mask;
	struct cmr_dma_binding *b;
	struct cmr_stats st0, st;
	dma_addr_t addr;
	void *cpu;

	cmr_region_get_stats(region, &st0);
	dev->coherent_dma_mask = cmr_region_base(region) +
				 cmr_region_size(region) - 2;
	cpu = dma_alloc_coherent(dev, SZ_64K, &addr, GFP_KERNEL);
	dev->coherent_dma_mask = mask;
	if (cpu) {
		KUNIT_EXPECT_GE(test, dma_to_phys(dev, addr) -
				cmr_region_base(region), cmr_region_size(region));
		dma_free_coherent(dev, SZ_64K, cpu, addr);
	}
	cmr_region_get_stats(region, &st);
	KUNIT_EXPECT_EQ(test, st.allocs, st0.allocs);
	rcu_read_lock();
	b = cmr_dma_binding_find(dev);
	KUNIT_EXPECT_TRUE(test, b && test_bit(CMR_DMA_UNREACHABLE, &b->flags));
	if (b)
		clear_bit(CMR_DMA_UNREACHABLE, &b->flags);
	rcu_read_unlock();
}

/*
 * A device deleted while its driver still holds a buffer: the buffer
 * stays in the region, owned (it holds a reference to the device), until
 * it is freed; the free still finds it, with no binding left.
 */
static void cmr_dma_device_gone(struct kunit *test)
{
	struct cmr_region *region = cmr_region_find("kunit");
	struct platform_device *pdev;
	struct cmr_stats st0, st;
	dma_addr_t addr;
	void *cpu;

	KUNIT_ASSERT_FALSE(test, IS_ERR(region));
	pdev = platform_device_register_simple("cmr-dma-gone",
					       PLATFORM_DEVID_NONE, NULL, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(pdev));
	cmr_region_get_stats(region, &st0);
	cpu = dma_alloc_coherent(&pdev->dev, SZ_64K, &addr, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cpu);
	cmr_dma_check_owned(test, region, dma_to_phys(&pdev->dev, addr),
			    "cmr-dma-gone");
	platform_device_unregister(pdev);
	KUNIT_EXPECT_FALSE(test, cmr_dma_bound(&pdev->dev));
	cmr_dma_check_owned(test, region, dma_to_phys(&pdev->dev, addr),
			    "cmr-dma-gone");
	dma_free_coherent(&pdev->dev, SZ_64K, cpu, addr);
	cmr_region_get_stats(region, &st);
	KUNIT_EXPECT_EQ(test, st.used_pages, st0.used_pages);
}

static struct kunit_case cmr_dma_cases[] = {
	KUNIT_CASE_PARAM(cmr_dma_each_call, cmr_dma_call_gen_params),
	KUNIT_CASE(cmr_dma_falls_back),
	KUNIT_CASE(cmr_dma_no_fallback_region),
	KUNIT_CASE(cmr_dma_map_zone),
	KUNIT_CASE(cmr_dma_unbound),
	KUNIT_CASE(cmr_dma_unreachable),
	KUNIT_CASE(cmr_dma_device_gone),
	{ }
};

static struct kunit_suite cmr_dma_suite = {
	.name		= "cmr_dma",
	.suite_init	= cmr_dma_suite_init,
	.suite_exit	= cmr_dma_suite_exit,
	.test_cases	= cmr_dma_cases,
};
kunit_test_suite(cmr_dma_suite);
