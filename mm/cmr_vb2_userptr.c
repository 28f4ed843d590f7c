// SPDX-License-Identifier: GPL-2.0
/*
 * videobuf2 glue, USERPTR side: user memory is pinned and used in place
 * when it is physically contiguous (the mapping of an exported cmr plane,
 * say), and refused with -EINVAL otherwise: the devices cmr serves have
 * no IOMMU to make scattered pages look contiguous.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
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

/* &vb2_mem_ops.get_userptr */
void *vb2_cmr_get_userptr(struct vb2_buffer *vb, struct device *dev,
			  unsigned long vaddr, unsigned long size)
{
	unsigned long align = dma_get_cache_alignment(), i, n;
	struct vb2_cmr_buf *buf;
	struct page **pages;
	bool write;
	int ret;

	if (WARN_ON(!dev))
		return ERR_PTR(-EINVAL);
	/* Only whole cache lines can be handed to a device safely. */
	if (!size || !IS_ALIGNED(vaddr | size, align)) {
		dev_dbg(dev, "cmr: USERPTR %#lx+%lu: not aligned to %lu bytes\n",
			vaddr, size, align);
		return ERR_PTR(-EINVAL);
	}
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
	if (i < n) {
		dev_dbg(dev, "cmr: USERPTR %#lx+%lu: not physically contiguous (break after %lu of %lu pages): refused\n",
			vaddr, size, i, n);
		ret = -EINVAL;
		goto unpin;
	}
	buf->phys = page_to_phys(pages[0]) + offset_in_page(vaddr);
	/* Synced in prepare/finish: user memory is cached. */
	buf->dma_addr = dma_map_page_attrs(dev, pages[0], offset_in_page(vaddr),
					   size, buf->dma_dir,
					   DMA_ATTR_SKIP_CPU_SYNC);
	if (dma_mapping_error(dev, buf->dma_addr)) {
		ret = -EIO;
		goto unpin;
	}
	buf->sync = !dev_is_dma_coherent(dev);
	/* Contiguous pages: the linear map is their kernel mapping. */
	buf->vaddr = page_address(pages[0]) + offset_in_page(vaddr);
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

	dma_unmap_page_attrs(buf->dev, buf->dma_addr, buf->size, buf->dma_dir,
			     DMA_ATTR_SKIP_CPU_SYNC);
	/* The device may have written them. */
	if (buf->dma_dir != DMA_TO_DEVICE && !IS_ERR(pages))
		for (i = 0; i < n; i++)
			set_page_dirty_lock(pages[i]);
	vb2_destroy_framevec(buf->vec);
	kfree(buf);
}
