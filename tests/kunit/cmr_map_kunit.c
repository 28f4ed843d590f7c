// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for cmr.map=: the rule parser on good and bad input, and,
 * when the kernel was booted with the map of tests/kunit.sh
 * ("cmr-maptest*:kunit/default,camera;kunit-dev:display"), the regions it
 * gives a device without a DT node, and that a DT "memory-region" wins.
 */

#include <kunit/test.h>
#include <linux/cmr.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/string.h>

#include "../../mm/cmr.h"
#include "cmr_kunit.h"

/* Rules the parser takes, with their first and last targets. */
static void cmr_map_parse_good(struct kunit *test)
{
	static const struct {
		const char *in, *pattern, *first, *zone, *last;
		unsigned int nr;	/* targets */
	} good[] = {
		{ "cam0:camera", "cam0", "camera", "", "camera", 1 },
		{ "cam*:camera/frames", "cam*", "camera", "frames", "camera", 1 },
		{ "0000:00:01.0:video", "0000:00:01.0", "video", "", "video", 1 },
		{ "isp?:a,b/z,c,d", "isp?", "a", "", "d", 4 },
	};
	struct cmr_map_rule r;
	const char *why;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		int ret = cmr_map_parse_rule(good[i].in, strlen(good[i].in),
					     &r, &why);

		KUNIT_ASSERT_EQ_MSG(test, ret, 0, "%s", good[i].in);
		KUNIT_EXPECT_STREQ(test, r.pattern, good[i].pattern);
		KUNIT_EXPECT_EQ(test, r.nr, good[i].nr);
		KUNIT_EXPECT_STREQ(test, r.t[0].region, good[i].first);
		KUNIT_EXPECT_STREQ(test, r.t[0].zone, good[i].zone);
		KUNIT_EXPECT_STREQ(test, r.t[r.nr - 1].region, good[i].last);
	}
}

/* Rules the parser refuses, each with a reason. */
static void cmr_map_parse_bad(struct kunit *test)
{
	static const char *const bad[] = {
		"", "cam0", ":camera", "cam0:", "cam0:Camera", "cam0:camera/",
		"cam0:/frames", "cam0:camera/Frames", "cam0:a,,b",
		"cam0:a,b,c,d,e", "ca,m:camera", "ca m:camera", "cam/0:camera",
		"cam0:camera,", "cam0:a/b/c",
		"0123456789012345678901234567890123456789012345678901234567890123:a",
	};
	struct cmr_map_rule r;
	const char *why;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		why = NULL;
		KUNIT_EXPECT_EQ_MSG(test, cmr_map_parse_rule(bad[i],
				    strlen(bad[i]), &r, &why), -EINVAL,
				    "'%s'", bad[i]);
		KUNIT_EXPECT_NOT_NULL_MSG(test, why, "'%s'", bad[i]);
	}
}

/* Two devices without a DT node, made by the suite's init for each test. */
struct cmr_map_devs {
	struct device *dev;	/* "cmr-maptest0": the map gives it regions */
	struct device *other;	/* "cmr-other0": no rule matches */
};

static int cmr_map_init(struct kunit *test)
{
	struct cmr_map_devs *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);

	if (!d)
		return -ENOMEM;
	d->dev = root_device_register("cmr-maptest0");
	if (IS_ERR(d->dev))
		return PTR_ERR(d->dev);
	d->other = root_device_register("cmr-other0");
	if (IS_ERR(d->other)) {
		root_device_unregister(d->dev);
		return PTR_ERR(d->other);
	}
	test->priv = d;
	return 0;
}

static void cmr_map_exit(struct kunit *test)
{
	struct cmr_map_devs *d = test->priv;

	root_device_unregister(d->other);
	root_device_unregister(d->dev);
}

/* The map gives a DT-less device its regions, and its zone to buffers. */
static void cmr_map_device_regions(struct kunit *test)
{
	struct cmr_map_devs *d = test->priv;
	struct device *dev = d->dev, *other = d->other;
	struct cmr_region *region;
	struct cmr_buffer *buf;

	if (!cmr_map_lookup(dev, NULL))
		kunit_skip(test, "boot with cmr.map=cmr-maptest*:kunit/default,camera (tests/kunit.sh)");
	region = cmr_region_of_device(dev, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(region));
	KUNIT_EXPECT_STREQ(test, cmr_region_name(region), "kunit");
	region = cmr_region_of_device(dev, "camera");
	KUNIT_ASSERT_FALSE(test, IS_ERR(region));
	KUNIT_EXPECT_STREQ(test, cmr_region_name(region), "camera");
	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_region_of_device(dev, "display")),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, PTR_ERR(cmr_region_of_device(other, NULL)),
			-ENODEV);

	buf = cmr_buffer_alloc(dev, PAGE_SIZE, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(buf));
	KUNIT_EXPECT_STREQ(test, cmr_zone_name(cmr_buffer_zone(buf)), "default");
	KUNIT_EXPECT_STREQ(test, cmr_region_name(cmr_zone_region(cmr_buffer_zone(buf))),
			   "kunit");
	cmr_buffer_put(buf);
}

/* kunit-dev has a DT memory-region (kunit): the rule giving it display loses. */
static void cmr_map_dt_wins(struct kunit *test)
{
	struct device *dev = cmr_kunit_device(test);
	struct cmr_region *region;

	if (!cmr_map_lookup(dev, NULL))
		kunit_skip(test, "boot with cmr.map=...;kunit-dev:display (tests/kunit.sh)");
	KUNIT_EXPECT_STREQ(test, cmr_map_lookup(dev, NULL)->region, "display");
	region = cmr_region_of_device(dev, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(region));
	KUNIT_EXPECT_STREQ(test, cmr_region_name(region), "kunit");
}

static struct kunit_case cmr_map_cases[] = {
	KUNIT_CASE(cmr_map_parse_good),
	KUNIT_CASE(cmr_map_parse_bad),
	KUNIT_CASE(cmr_map_device_regions),
	KUNIT_CASE(cmr_map_dt_wins),
	{}
};

static struct kunit_suite cmr_map_suite = {
	.name = "cmr_map",
	.init = cmr_map_init,
	.exit = cmr_map_exit,
	.test_cases = cmr_map_cases,
};
kunit_test_suites(&cmr_map_suite);
