// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for use after the owning device is unbound: calls for a
 * device on a bus with no driver are refused and change no figure; a
 * reserve the driver did not give back goes at unbind; one still holding
 * a buffer stays, intact, for the device's next bind.  A platform driver
 * of this file plays the driver; the zone is the default one of the
 * region "kunit" of dts/cmr-virt.dts.
 */

#include <kunit/test.h>
#include <linux/device.h>
#include <linux/platform_device.h>
#include <linux/sizes.h>

#include "../../mm/cmr.h"

#define CMR_OWNER_DRV	"cmr-owner-test"

/* What the test driver's probe does, and what it got. */
static struct {
	struct cmr_zone *zone;
	unsigned long reserve;	/* pages to reserve */
	size_t keep;		/* bytes of a buffer to allocate and keep */
	int ret;		/* cmr_zone_configure()'s result */
	struct cmr_buffer *buf;
} cmr_owner_probe_args;

/* A driver that forgets cmr_zone_unreserve(): it has no remove. */
static int cmr_owner_test_probe(struct platform_device *pdev)
{
	struct cmr_zone_config cfg = {
		.reserve = cmr_owner_probe_args.reserve,
	};
	struct cmr_buffer *buf;

	cmr_owner_probe_args.ret = cmr_zone_configure(cmr_owner_probe_args.zone,
						      &pdev->dev, &cfg);
	if (cmr_owner_probe_args.ret)
		return cmr_owner_probe_args.ret;
	if (!cmr_owner_probe_args.keep)
		return 0;
	buf = cmr_buffer_alloc_zone(cmr_owner_probe_args.zone, &pdev->dev,
				    cmr_owner_probe_args.keep, 0, CMR_BUF_KMAP);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	cmr_owner_probe_args.buf = buf;
	return 0;
}

static struct platform_driver cmr_owner_test_driver = {
	.probe	= cmr_owner_test_probe,
	.driver	= {
		.name		= CMR_OWNER_DRV,
		.probe_type	= PROBE_FORCE_SYNCHRONOUS,
	},
};

struct cmr_owner_ctx {
	struct cmr_zone *zone;
	struct platform_device *pdev;
	struct cmr_stats st0;
};

static int cmr_owner_init(struct kunit *test)
{
	struct cmr_region *region = cmr_region_find("kunit");
	struct cmr_owner_ctx *ctx;

	if (IS_ERR(region))
		kunit_skip(test, "no region kunit: boot with dts/cmr-virt.dts");
	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ctx->zone = cmr_zone_find(region, NULL);
	cmr_zone_get_stats(ctx->zone, &ctx->st0);
	memset(&cmr_owner_probe_args, 0, sizeof(cmr_owner_probe_args));
	cmr_owner_probe_args.zone = ctx->zone;
	test->priv = ctx;
	return platform_driver_register(&cmr_owner_test_driver);
}

/* Whatever a failed test left: the device, the driver, buffer, reserve. */
static void cmr_owner_exit(struct kunit *test)
{
	struct cmr_owner_ctx *ctx = test->priv;

	if (!ctx)
		return;
	cmr_buffer_put(cmr_owner_probe_args.buf);
	cmr_owner_probe_args.buf = NULL;
	platform_device_unregister(ctx->pdev);
	platform_driver_unregister(&cmr_owner_test_driver);
}

static struct platform_device *cmr_owner_device(struct kunit *test,
						const char *name)
{
	struct cmr_owner_ctx *ctx = test->priv;

	struct platform_device *pdev;

	pdev = platform_device_register_simple(name, PLATFORM_DEVID_NONE,
					       NULL, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(pdev), "cannot register %s", name);
	ctx->pdev = pdev;
	return pdev;
}

/* Used pages, allocations and failures are where the test began. */
static void cmr_owner_expect_intact(struct kunit *test)
{
	struct cmr_owner_ctx *ctx = test->priv;
	struct cmr_stats st;

	cmr_zone_get_stats(ctx->zone, &st);
	KUNIT_EXPECT_EQ(test, st.used_pages, ctx->st0.used_pages);
	KUNIT_EXPECT_EQ(test, st.allocs, ctx->st0.allocs);
	KUNIT_EXPECT_EQ(test, st.failures, ctx->st0.failures);
	KUNIT_EXPECT_EQ(test, st.largest_free, ctx->st0.largest_free);
}

/*
 * A platform device no driver took: every call on its behalf is refused
 * with -ENODEV and leaves the zone as it was.  A root device, on no bus,
 * has no binding to lose and is served.
 */
static void cmr_owner_unbound_refused(struct kunit *test)
{
	struct cmr_owner_ctx *ctx = test->priv;
	struct cmr_zone_config cfg = { .reserve = 16 };
	struct device *dev = &cmr_owner_device(test, "cmr-owner-none")->dev;
	struct cmr_buffer *buf;
	struct device *root;

	KUNIT_ASSERT_NULL(test, dev->driver);
	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_buffer_alloc_zone(ctx->zone, dev,
							   SZ_64K, 0, 0)),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_buffer_alloc(dev, SZ_64K, 0)),
			-ENODEV);
	KUNIT_EXPECT_EQ(test,
			PTR_ERR(cmr_buffer_alloc_region(ctx->zone->region, NULL,
							dev, SZ_64K, 0, 0)),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, cmr_zone_configure(ctx->zone, dev, &cfg),
			-ENODEV);
	KUNIT_EXPECT_NULL(test, ctx->zone->rsv);
	cmr_owner_expect_intact(test);

	root = root_device_register("cmr-owner-root");
	KUNIT_ASSERT_FALSE(test, IS_ERR(root));
	buf = cmr_buffer_alloc_zone(ctx->zone, root, SZ_64K, 0, 0);
	KUNIT_EXPECT_FALSE(test, IS_ERR(buf));
	if (!IS_ERR(buf))
		cmr_buffer_put(buf);
	root_device_unregister(root);
}

/* A driver that did not give its reserve back loses it at unbind. */
static void cmr_owner_reserve_dropped(struct kunit *test)
{
	struct cmr_owner_ctx *ctx = test->priv;
	struct device *dev;
	struct cmr_stats st;

	cmr_owner_probe_args.reserve = 64;
	dev = &cmr_owner_device(test, CMR_OWNER_DRV)->dev;
	KUNIT_ASSERT_EQ(test, cmr_owner_probe_args.ret, 0);
	KUNIT_ASSERT_PTR_EQ(test, dev->driver,
			    &cmr_owner_test_driver.driver);
	KUNIT_ASSERT_NOT_NULL(test, ctx->zone->rsv);
	KUNIT_EXPECT_PTR_EQ(test, ctx->zone->rsv_owner, dev);
	cmr_zone_get_stats(ctx->zone, &st);
	KUNIT_EXPECT_EQ(test, st.used_pages, ctx->st0.used_pages + 64);

	device_release_driver(dev);
	KUNIT_EXPECT_NULL(test, dev->driver);
	KUNIT_EXPECT_NULL(test, ctx->zone->rsv);
	KUNIT_EXPECT_NULL(test, ctx->zone->rsv_owner);
	cmr_zone_get_stats(ctx->zone, &st);
	KUNIT_EXPECT_EQ(test, st.used_pages, ctx->st0.used_pages);
	KUNIT_EXPECT_EQ(test, st.largest_free, ctx->st0.largest_free);
}

/*
 * Unbound while a buffer of its reserve is held (shared with another
 * device, say): the buffer stays intact and can be released; the reserve
 * stays; the device's calls are refused until it binds again, when its
 * probe takes the same reserve back.
 */
static void cmr_owner_reserve_orphaned(struct kunit *test)
{
	struct cmr_owner_ctx *ctx = test->priv;
	struct cmr_zone_config cfg = { .reserve = 64 };
	struct cmr_zone *rsv;
	struct cmr_buffer *buf;
	struct cmr_stats st;
	struct device *dev;
	u32 *p;
	size_t i, n = SZ_128K / sizeof(*p);
	bool intact = true;

	cmr_owner_probe_args.reserve = 64;
	cmr_owner_probe_args.keep = SZ_128K;
	dev = &cmr_owner_device(test, CMR_OWNER_DRV)->dev;
	KUNIT_ASSERT_EQ(test, cmr_owner_probe_args.ret, 0);
	buf = cmr_owner_probe_args.buf;
	KUNIT_ASSERT_NOT_NULL(test, buf);
	rsv = ctx->zone->rsv;
	KUNIT_ASSERT_NOT_NULL(test, rsv);
	KUNIT_EXPECT_PTR_EQ(test, cmr_buffer_zone(buf), rsv);
	p = cmr_buffer_vaddr(buf);
	for (i = 0; i < n; i++)
		p[i] = 0xc0de0000 ^ i;

	device_release_driver(dev);
	KUNIT_ASSERT_NULL(test, dev->driver);
	KUNIT_EXPECT_PTR_EQ(test, ctx->zone->rsv, rsv);
	KUNIT_EXPECT_TRUE(test, ctx->zone->rsv_orphaned);
	for (i = 0; i < n; i++)
		intact &= p[i] == (0xc0de0000 ^ i);
	KUNIT_EXPECT_TRUE(test, intact);
	cmr_zone_get_stats(rsv, &st);
	KUNIT_EXPECT_EQ(test, st.used_pages, 32UL);

	/* Use after unbind: refused, nothing moves. */
	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_buffer_alloc_zone(ctx->zone, dev,
							   SZ_4K, 0, 0)),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, cmr_zone_configure(ctx->zone, dev, &cfg),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, cmr_zone_unreserve(ctx->zone, dev), -ENODEV);
	KUNIT_EXPECT_PTR_EQ(test, ctx->zone->rsv, rsv);
	cmr_zone_get_stats(rsv, &st);
	KUNIT_EXPECT_EQ(test, st.used_pages, 32UL);
	KUNIT_EXPECT_EQ(test, st.allocs, 1UL);

	/* Bound again: probe asks for the same reserve and gets it back. */
	cmr_owner_probe_args.keep = 0;
	KUNIT_ASSERT_EQ(test, device_attach(dev), 1);
	KUNIT_EXPECT_EQ(test, cmr_owner_probe_args.ret, 0);
	KUNIT_EXPECT_PTR_EQ(test, ctx->zone->rsv, rsv);
	KUNIT_EXPECT_FALSE(test, ctx->zone->rsv_orphaned);

	/* Released by whoever held it last; then unbound with none held. */
	cmr_buffer_put(buf);
	cmr_owner_probe_args.buf = NULL;
	device_release_driver(dev);
	KUNIT_EXPECT_NULL(test, ctx->zone->rsv);
	cmr_zone_get_stats(ctx->zone, &st);
	KUNIT_EXPECT_EQ(test, st.used_pages, ctx->st0.used_pages);
	KUNIT_EXPECT_EQ(test, st.largest_free, ctx->st0.largest_free);
}

static struct kunit_case cmr_owner_cases[] = {
	KUNIT_CASE(cmr_owner_unbound_refused),
	KUNIT_CASE(cmr_owner_reserve_dropped),
	KUNIT_CASE(cmr_owner_reserve_orphaned),
	{}
};

static struct kunit_suite cmr_owner_suite = {
	.name = "cmr_owner",
	.init = cmr_owner_init,
	.exit = cmr_owner_exit,
	.test_cases = cmr_owner_cases,
};
kunit_test_suite(cmr_owner_suite);
