// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of vb2_cmr_memops that need no user space: allocation and
 * release accounting, the cookie and the kernel mapping, a queue's choice
 * of region, zone and alignment, the reference an export holds, and the
 * checks on imported buffers.  The memory ops are
 * called as videobuf2 calls them, on a queue set up here; the allocating
 * device is /kunit-dev of dts/cmr-virt.dts, bound to the region "kunit".
 */

#include <kunit/test.h>
#include <linux/cmr.h>
#include <linux/dma-buf.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <media/videobuf2-cmr.h>

#include "../../mm/cmr.h"
#include "cmr_kunit.h"

struct cmr_vb2_ctx {
	struct device *dev;
	struct vb2_queue q;
	struct vb2_buffer vb;
};

static struct cmr_vb2_ctx *cmr_vb2_setup(struct kunit *test)
{
	struct device *dev = cmr_kunit_device(test);
	struct cmr_vb2_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->dev = dev;
	ctx->q.dev = ctx->dev;
	ctx->q.dma_dir = DMA_FROM_DEVICE;
	ctx->q.mem_ops = &vb2_cmr_memops;
	ctx->vb.vb2_queue = &ctx->q;
	return ctx;
}

static unsigned long cmr_vb2_used(struct cmr_region *region)
{
	struct cmr_stats st;

	cmr_region_get_stats(region, &st);
	return st.used_pages;
}

/*
 * A plane of 3 pages and a bit from kunit-dev's region: expect 4 pages
 * used while it lives, a device address inside the region (no IOMMU on
 * the board), a zeroed kernel mapping, one user, and all 4 pages back at
 * the put.
 */
static void cmr_vb2_alloc_put(struct kunit *test)
{
	struct cmr_vb2_ctx *ctx = cmr_vb2_setup(test);
	struct cmr_region *region = cmr_region_find("kunit");
	unsigned long used = cmr_vb2_used(region), size = 3 * PAGE_SIZE + 1;
	const struct vb2_mem_ops *ops = &vb2_cmr_memops;
	dma_addr_t *addr;
	u8 *vaddr;
	void *priv;

	priv = ops->alloc(&ctx->vb, ctx->dev, size);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(priv));
	KUNIT_EXPECT_EQ(test, cmr_vb2_used(region), used + 4);
	addr = ops->cookie(&ctx->vb, priv);
	KUNIT_EXPECT_GE(test, (phys_addr_t)*addr, cmr_region_base(region));
	KUNIT_EXPECT_LE(test, (phys_addr_t)*addr + 4 * PAGE_SIZE,
			cmr_region_base(region) + cmr_region_size(region));
	vaddr = ops->vaddr(&ctx->vb, priv);
	KUNIT_ASSERT_NOT_NULL(test, vaddr);
	KUNIT_EXPECT_EQ(test, vaddr[0], 0);
	KUNIT_EXPECT_EQ(test, vaddr[4 * PAGE_SIZE - 1], 0);
	KUNIT_EXPECT_EQ(test, ops->num_users(priv), 1U);
	ops->prepare(priv);
	ops->finish(priv);
	ops->put(priv);
	KUNIT_EXPECT_EQ(test, cmr_vb2_used(region), used);
}

/*
 * A queue with its own ops from vb2_cmr_mem_ops_init(): zoned's meta
 * zone, 64 KiB alignment.  Expect the plane there and aligned, and a
 * plane the zone cannot hold to fail and take nothing.
 */
static void cmr_vb2_queue_config(struct kunit *test)
{
	struct cmr_vb2_ctx *ctx = cmr_vb2_setup(test);
	struct cmr_region *zoned = cmr_region_find("zoned");
	struct cmr_zone *meta = cmr_zone_find(zoned, "meta");
	struct vb2_cmr_config cfg = {
		.region = zoned, .zone = "meta", .align = 16 - PAGE_SHIFT,
	};
	struct vb2_cmr_mem_ops *m;
	const struct vb2_mem_ops *ops;
	unsigned long used;
	dma_addr_t *addr;
	void *priv;

	KUNIT_ASSERT_FALSE(test, IS_ERR(zoned));
	KUNIT_ASSERT_FALSE(test, IS_ERR(meta));
	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	vb2_cmr_mem_ops_init(m, &cfg);
	ops = &m->ops;
	ctx->q.mem_ops = ops;
	used = cmr_vb2_used(zoned);
	priv = ops->alloc(&ctx->vb, ctx->dev, PAGE_SIZE);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(priv));
	addr = ops->cookie(&ctx->vb, priv);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED(*addr, SZ_64K));
	KUNIT_EXPECT_GE(test, (unsigned long)PHYS_PFN(*addr), meta->base_pfn);
	KUNIT_EXPECT_LT(test, (unsigned long)PHYS_PFN(*addr),
			meta->base_pfn + meta->pages);
	KUNIT_EXPECT_EQ(test, cmr_vb2_used(zoned), used + 1);
	ops->put(priv);

	/* meta holds 1 MiB: a 2 MiB plane cannot come from it. */
	priv = ops->alloc(&ctx->vb, ctx->dev, SZ_2M);
	KUNIT_EXPECT_TRUE(test, IS_ERR(priv));
	KUNIT_EXPECT_EQ(test, cmr_vb2_used(zoned), used);
}

/*
 * EXPBUF holds a reference: after videobuf2 puts the plane the memory
 * stays while the dma-buf lives, and goes with it.
 */
static void cmr_vb2_export_ref(struct kunit *test)
{
	struct cmr_vb2_ctx *ctx = cmr_vb2_setup(test);
	struct cmr_region *region = cmr_region_find("kunit");
	const struct vb2_mem_ops *ops = &vb2_cmr_memops;
	unsigned long used = cmr_vb2_used(region);
	struct dma_buf *dbuf;
	void *priv;

	priv = ops->alloc(&ctx->vb, ctx->dev, 2 * PAGE_SIZE);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(priv));
	dbuf = ops->get_dmabuf(&ctx->vb, priv, O_RDWR);
	KUNIT_ASSERT_NOT_NULL(test, dbuf);
	KUNIT_EXPECT_EQ(test, ops->num_users(priv), 2U);
	KUNIT_EXPECT_EQ(test, dbuf->size, 2 * PAGE_SIZE);
	ops->put(priv);
	KUNIT_EXPECT_EQ(test, cmr_vb2_used(region), used + 2);
	dma_buf_put(dbuf);
	/* The dma-buf's file goes on a deferred fput from a kthread. */
	flush_delayed_fput();
	KUNIT_EXPECT_EQ(test, cmr_vb2_used(region), used);
}

/* An exporter whose buffer the device sees in two separate pieces. */
static struct sg_table *cmr_vb2_split_map(struct dma_buf_attachment *dba,
					  enum dma_data_direction dir)
{
	struct sg_table *sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);

	if (!sgt || sg_alloc_table(sgt, 2, GFP_KERNEL)) {
		kfree(sgt);
		return ERR_PTR(-ENOMEM);
	}
	sg_dma_address(sgt->sgl) = 0x40000000;
	sg_dma_len(sgt->sgl) = PAGE_SIZE;
	sg_dma_address(sg_next(sgt->sgl)) = 0x40100000;
	sg_dma_len(sg_next(sgt->sgl)) = PAGE_SIZE;
	sgt->nents = 2;
	return sgt;
}

static void cmr_vb2_split_unmap(struct dma_buf_attachment *dba,
				struct sg_table *sgt,
				enum dma_data_direction dir)
{
	sg_free_table(sgt);
	kfree(sgt);
}

static void cmr_vb2_split_release(struct dma_buf *dbuf)
{
}

static const struct dma_buf_ops cmr_vb2_split_ops = {
	.map_dma_buf	= cmr_vb2_split_map,
	.unmap_dma_buf	= cmr_vb2_split_unmap,
	.release	= cmr_vb2_split_release,
};

/*
 * DMABUF import: a buffer in two pieces is refused when mapped, one
 * smaller than the plane when attached; either way nothing is left.
 */
static void cmr_vb2_import_checks(struct kunit *test)
{
	struct cmr_vb2_ctx *ctx = cmr_vb2_setup(test);
	const struct vb2_mem_ops *ops = &vb2_cmr_memops;
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct dma_buf *dbuf;
	void *priv;

	exp_info.ops = &cmr_vb2_split_ops;
	exp_info.size = 2 * PAGE_SIZE;
	exp_info.flags = O_RDWR;
	exp_info.priv = ctx;
	dbuf = dma_buf_export(&exp_info);
	KUNIT_ASSERT_FALSE(test, IS_ERR(dbuf));

	priv = ops->attach_dmabuf(&ctx->vb, ctx->dev, dbuf, 3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, PTR_ERR(priv), -EFAULT);

	priv = ops->attach_dmabuf(&ctx->vb, ctx->dev, dbuf, 2 * PAGE_SIZE);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(priv));
	KUNIT_EXPECT_EQ(test, ops->map_dmabuf(priv), -EFAULT);
	ops->detach_dmabuf(priv);

	/* One page is contiguous: a one-page plane maps, at that address. */
	priv = ops->attach_dmabuf(&ctx->vb, ctx->dev, dbuf, PAGE_SIZE);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(priv));
	KUNIT_EXPECT_EQ(test, ops->map_dmabuf(priv), 0);
	KUNIT_EXPECT_EQ(test, *(dma_addr_t *)ops->cookie(&ctx->vb, priv),
			(dma_addr_t)0x40000000);
	ops->unmap_dmabuf(priv);
	ops->detach_dmabuf(priv);
	dma_buf_put(dbuf);
}

static struct kunit_case cmr_vb2_cases[] = {
	KUNIT_CASE(cmr_vb2_alloc_put),
	KUNIT_CASE(cmr_vb2_queue_config),
	KUNIT_CASE(cmr_vb2_export_ref),
	KUNIT_CASE(cmr_vb2_import_checks),
	{ }
};

static struct kunit_suite cmr_vb2_suite = {
	.name = "cmr_vb2",
	.test_cases = cmr_vb2_cases,
};
kunit_test_suite(cmr_vb2_suite);

MODULE_LICENSE("GPL");
