// SPDX-License-Identifier: GPL-2.0
/*
 * videobuf2 glue, USERPTR side: user memory is pinned and used in place
 * when it is physically contiguous (the mapping of an exported cmr plane,
 * say).  Otherwise it is refused with -EINVAL, since the devices cmr
 * serves have no IOMMU to make scattered pages look contiguous, unless the
 * queue asked for bounce buffers: then the device uses a plane from the
 * region and the data is copied to or from the user pages around DMA.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <media/frame_vector.h>
#include <media/videobuf2-core.h>
#include <media/videobuf2-memops.h>

#include "cmr_vb2.h"

static struct frame_vector *vb2_cmr_pin(unsigned long vaddr,
					unsigned long size, bool write)
{
#ifdef CMR_HAVE_FRAMEVEC_WRITE
	return vb2_create_framevec(vaddr, size, write);
#else
	return vb2_create_framevec(vaddr, size);
#endif
}

/*
 * The user memory of @buf cannot be used in place, for the reason @why:
 * give the device a plane from the region instead, if the queue asked for
 * that.  Consumes @buf on failure.
 */
static void *vb2_cmr_bounce(struct vb2_cmr_buf *buf, unsigned long vaddr,
			    const char *why)
{
	struct vb2_queue *q = buf->vb->vb2_queue;
	struct vb2_cmr_buf *b;
	int ret = -EINVAL;

	if (!vb2_cmr_config_of(q, buf->dev).bounce) {
		dev_dbg(buf->dev, "cmr: USERPTR %#lx+%lu: %s: refused\n",
			vaddr, buf->size, why);
		goto fail;
	}
	b = vb2_cmr_alloc(buf->vb, buf->dev, PAGE_ALIGN(buf->size));
	if (IS_ERR(b)) {
		ret = PTR_ERR(b);
		goto fail;
	}
	if (!b->vaddr) {
		/* DMA_ATTR_NO_KERNEL_MAPPING: nothing to copy through. */
		vb2_cmr_put(b);
		goto fail;
	}
	dev_dbg(buf->dev, "cmr: USERPTR %#lx+%lu: %s: bounced through %pa\n",
		vaddr, buf->size, why, &b->phys);
	buf->bounce = b;
	buf->dma_addr = b->dma_addr;
	buf->vaddr = b->vaddr;
	return buf;

fail:
	vb2_destroy_framevec(buf->vec);
	kfree(buf);
	return ERR_PTR(ret);
}

/* Copy between the pinned user pages and the bounce plane's mapping. */
static void vb2_cmr_bounce_copy(struct vb2_cmr_buf *buf, bool to_user)
{
	struct page **pages = frame_vector_pages(buf->vec);
	unsigned long done = 0, off = buf->offset, len, i;
	u8 *b = buf->bounce->vaddr, *p;

	for (i = 0; done < buf->size; i++, off = 0) {
		len = min(PAGE_SIZE - off, buf->size - done);
		p = kmap_local_page(pages[i]);
		if (to_user)
			memcpy(p + off, b + done, len);
		else
			memcpy(b + done, p + off, len);
		kunmap_local(p);
		done += len;
	}
}

/* &vb2_mem_ops.prepare of a bounced plane: the user data to the device. */
void vb2_cmr_bounce_prepare(struct vb2_cmr_buf *buf)
{
	if (buf->dma_dir != DMA_FROM_DEVICE)
		vb2_cmr_bounce_copy(buf, false);
	if (buf->bounce->sync)
		dma_sync_single_for_device(buf->dev, buf->dma_addr, buf->size,
					   buf->dma_dir);
}

/* &vb2_mem_ops.finish of a bounced plane: the device's data to the user. */
void vb2_cmr_bounce_finish(struct vb2_cmr_buf *buf)
{
	if (buf->bounce->sync)
		dma_sync_single_for_cpu(buf->dev, buf->dma_addr, buf->size,
					buf->dma_dir);
	if (buf->dma_dir != DMA_TO_DEVICE)
		vb2_cmr_bounce_copy(buf, true);
}

/* &vb2_mem_ops.get_userptr */
void *vb2_cmr_get_userptr(struct vb2_buffer *vb, struct device *dev,
			  unsigned long vaddr, unsigned long size)
{
	unsigned long align = dma_get_cache_alignment(), i, n;
	struct vb2_cmr_buf *buf;
	struct page **pages;
	bool write;
	int ret;

	if (WARN_ON(!dev) || !size)
		return ERR_PTR(-EINVAL);
	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	buf->dev = dev;
	buf->size = size;
	buf->vb = vb;
	buf->dma_dir = vb->vb2_queue->dma_dir;
	write = buf->dma_dir == DMA_FROM_DEVICE ||
		buf->dma_dir == DMA_BIDIRECTIONAL;

	buf->vec = vb2_cmr_pin(vaddr, size, write);
	if (IS_ERR(buf->vec)) {
		ret = PTR_ERR(buf->vec);
		dev_dbg(dev, "cmr: USERPTR %#lx+%lu: cannot pin it: %d\n",
			vaddr, size, ret);
		goto free;
	}
	pages = frame_vector_pages(buf->vec);
	n = frame_vector_count(buf->vec);
	if (IS_ERR(pages)) {
		ret = PTR_ERR(pages);
		goto unpin;
	}
	for (i = 1; i < n; i++)
		if (page_to_pfn(pages[i]) != page_to_pfn(pages[0]) + i)
			break;
	buf->offset = offset_in_page(vaddr);
	if (i < n)
		return vb2_cmr_bounce(buf, vaddr, "not physically contiguous");
	/* Only whole cache lines can be handed to a device safely. */
	if (!IS_ALIGNED(vaddr | size, align))
		return vb2_cmr_bounce(buf, vaddr, "not cache-line aligned");
	buf->phys = page_to_phys(pages[0]) + buf->offset;
	/* Synced in prepare/finish: user memory is cached. */
	buf->dma_addr = dma_map_page_attrs(dev, pages[0], buf->offset, size,
					   buf->dma_dir,
					   DMA_ATTR_SKIP_CPU_SYNC);
	if (dma_mapping_error(dev, buf->dma_addr)) {
		ret = -EIO;
		goto unpin;
	}
	buf->sync = !dev_is_dma_coherent(dev);
	/* Contiguous pages: the linear map is their kernel mapping. */
	buf->vaddr = page_address(pages[0]) + buf->offset;
	return buf;

unpin:
	vb2_destroy_framevec(buf->vec);
free:
	kfree(buf);
	return ERR_PTR(ret);
}

/* &vb2_mem_ops.put_userptr */
void vb2_cmr_put_userptr(void *buf_priv)
{
	struct vb2_cmr_buf *buf = buf_priv;
	struct page **pages = frame_vector_pages(buf->vec);
	unsigned long i, n = frame_vector_count(buf->vec);

	if (buf->bounce)
		vb2_cmr_put(buf->bounce);
	else
		dma_unmap_page_attrs(buf->dev, buf->dma_addr, buf->size,
				     buf->dma_dir, DMA_ATTR_SKIP_CPU_SYNC);
	/* The device may have written them. */
	if (buf->dma_dir != DMA_TO_DEVICE && !IS_ERR(pages))
		for (i = 0; i < n; i++)
			set_page_dirty_lock(pages[i]);
	vb2_destroy_framevec(buf->vec);
	kfree(buf);
}
