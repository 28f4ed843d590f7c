/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by cmr's KUnit suites. */
#ifndef _CMR_KUNIT_H
#define _CMR_KUNIT_H

#include <kunit/test.h>
#include <linux/of.h>
#include <linux/of_platform.h>
#include <linux/platform_device.h>

/*
 * /kunit-dev of dts/cmr-virt.dts, a bound platform device with the
 * regions "kunit" and "camera"; the test is skipped on other boards.
 */
static inline struct device *cmr_kunit_device(struct kunit *test)
{
	struct device_node *np = of_find_node_by_path("/kunit-dev");
	struct platform_device *pdev;

	if (!np)
		kunit_skip(test, "no /kunit-dev: boot with dts/cmr-virt.dts");
	pdev = of_find_device_by_node(np);
	of_node_put(np);
	if (!pdev)
		kunit_skip(test, "no platform device for /kunit-dev");
	put_device(&pdev->dev);		/* still bound: it stays */
	return &pdev->dev;
}

#endif /* _CMR_KUNIT_H */
