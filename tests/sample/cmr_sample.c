// SPDX-License-Identifier: GPL-2.0
/*
 * cmr sample driver: what a camera pipeline does with the driver API.
 *
 * Each "linux,cmr-sample" device allocates a frame buffer from the region
 * its "memory-region" names, fills it with a pattern through its kernel
 * mapping, and checks it.  The first instance also publishes its frame as
 * the "pipeline" frame; later instances take a reference to it, as a
 * display would to scan out what the camera captured.  The shared frame
 * goes back to its region when the last instance lets go.
 *
 * A device node with "linux,cmr-strategy" or "linux,cmr-reserve" (bytes)
 * also sets up the default zone of its region at probe, the reserve
 * given back at remove.
 */

#define pr_fmt(fmt) "cmr-sample: " fmt

#include <linux/cmr.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/sizes.h>

#define CMR_SAMPLE_FRAME	SZ_1M

struct cmr_sample {
	struct cmr_buffer *frame;	/* our own */
	struct cmr_buffer *shared;	/* a reference to the pipeline frame */
	struct cmr_zone *rsv_zone;	/* the zone we reserved in, or NULL */
};

static DEFINE_MUTEX(cmr_sample_lock);	/* protects cmr_sample_pipeline */
static struct cmr_buffer *cmr_sample_pipeline;

static int cmr_sample_check(struct device *dev, struct cmr_buffer *buf)
{
	u32 *p = cmr_buffer_vaddr(buf);
	size_t i, n = cmr_buffer_size(buf) / sizeof(*p);
	u32 seed = (u32)cmr_buffer_phys(buf);

	for (i = 0; i < n; i++)
		p[i] = seed ^ i;
	for (i = 0; i < n; i++)
		if (p[i] != (seed ^ i)) {
			dev_err(dev, "frame pattern broken at word %zu\n", i);
			return -EIO;
		}
	return 0;
}

/* The zone setup the device node asks for, if any. */
static int cmr_sample_configure(struct device *dev, struct cmr_sample *s)
{
	struct cmr_zone_config cfg = { };
	struct cmr_region *region;
	struct cmr_zone *zone;
	u32 bytes = 0;
	int ret;

	of_property_read_string(dev->of_node, "linux,cmr-strategy",
				&cfg.strategy);
	of_property_read_u32(dev->of_node, "linux,cmr-reserve", &bytes);
	if (!cfg.strategy && !bytes)
		return 0;
	region = cmr_region_of_device(dev, NULL);
	if (IS_ERR(region))
		return PTR_ERR(region);
	zone = cmr_zone_find(region, NULL);
	cfg.reserve = bytes >> PAGE_SHIFT;
	ret = cmr_zone_configure(zone, dev, &cfg);
	if (ret)
		return dev_err_probe(dev, ret, "cannot set up zone %s\n",
				     cmr_zone_name(zone));
	if (cfg.reserve)
		s->rsv_zone = zone;
	return 0;
}

static void cmr_sample_unreserve(struct device *dev, struct cmr_sample *s)
{
	int ret;

	if (!s->rsv_zone)
		return;
	ret = cmr_zone_unreserve(s->rsv_zone, dev);
	if (ret)
		dev_warn(dev, "reserve kept: %d\n", ret);
}

static int cmr_sample_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct cmr_sample *s;
	phys_addr_t phys;
	int ret;

	s = devm_kzalloc(dev, sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	ret = cmr_sample_configure(dev, s);
	if (ret)
		return ret;
	s->frame = cmr_buffer_alloc(dev, CMR_SAMPLE_FRAME, CMR_BUF_KMAP);
	if (IS_ERR(s->frame)) {
		cmr_sample_unreserve(dev, s);
		return dev_err_probe(dev, PTR_ERR(s->frame),
				     "no frame buffer from my region\n");
	}
	ret = cmr_sample_check(dev, s->frame);
	if (ret) {
		cmr_buffer_put(s->frame);
		cmr_sample_unreserve(dev, s);
		return ret;
	}

	mutex_lock(&cmr_sample_lock);
	if (!cmr_sample_pipeline)
		cmr_sample_pipeline = cmr_buffer_get(s->frame);
	s->shared = cmr_buffer_get(cmr_sample_pipeline);
	mutex_unlock(&cmr_sample_lock);

	phys = cmr_buffer_phys(s->frame);
	dev_info(dev, "frame of %zu KiB at %pa from region %s; sharing the pipeline frame\n",
		 cmr_buffer_size(s->frame) / SZ_1K, &phys,
		 cmr_region_name(cmr_zone_region(cmr_buffer_zone(s->frame))));
	platform_set_drvdata(pdev, s);
	return 0;
}

static void cmr_sample_remove(struct platform_device *pdev)
{
	struct cmr_sample *s = platform_get_drvdata(pdev);

	cmr_buffer_put(s->shared);
	cmr_buffer_put(s->frame);
	cmr_sample_unreserve(&pdev->dev, s);
}

static const struct of_device_id cmr_sample_of_match[] = {
	{ .compatible = "linux,cmr-sample" },
	{ }
};

static struct platform_driver cmr_sample_driver = {
	.probe		= cmr_sample_probe,
#ifdef CMR_HAVE_REMOVE_INT
	.remove_new	= cmr_sample_remove,
#else
	.remove		= cmr_sample_remove,
#endif
	.driver		= {
		.name		= "cmr-sample",
		.of_match_table	= cmr_sample_of_match,
	},
};
builtin_platform_driver(cmr_sample_driver);
