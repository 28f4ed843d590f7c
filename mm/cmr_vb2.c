// SPDX-License-Identifier: GPL-2.0
/*
 * videobuf2 glue: vb2_cmr_memops, the memory ops of a V4L2 queue whose
 * buffers come from a cmr region, modelled on videobuf2-dma-contig.c.
 * This file has the MMAP planes; cmr_vb2_dmabuf.c exports them and imports
 * others', cmr_vb2_userptr.c takes user memory.
 *
 * A plane is one cmr allocation, taken when videobuf2 allocates (REQBUFS,
 * CREATE_BUFS) and given back when its last user goes (REQBUFS(0), close,
 * the last mapping), never on STREAMOFF.  The device sees it through the
 * DMA API: dma_map_page_attrs() for regions in the linear map,
 * dma_map_resource() for no-map ones, which have no struct page to map.
 *
 * CPU mappings (kernel and user) are cached when the device is DMA
 * coherent, or when the queue asks for non-coherent memory, in which case
 * prepare/finish sync the caches; otherwise they are write-combined, as
 * the DMA API maps coherent memory for a non-coherent device.  No-map
 * regions are always mapped write-combined: with no linear mapping there
 * is no alias to keep in sync, and no cache maintenance is done.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/cmr.h>
#include <linux/device.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/export.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/pfn.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <media/videobuf2-cmr.h>
#include <media/videobuf2-memops.h>

#include "cmr.h"
#include "cmr_vb2.h"

/* ---- Per-queue configuration ------------------------------------------ */

/**
 * vb2_cmr_mem_ops_init() - memory ops with a queue's own region and zone
 * @m: the ops to fill in, living as long as the queue (in the driver's
 *	queue context, say); set q->mem_ops = &@m->ops
 * @cfg: region, zone and alignment; copied (the zone name is not: keep it)
 *
 * vb2_cmr_memops takes a queue's buffers from the first "memory-region"
 * of the allocating device, in the region's zone fallback order; a queue
 * whose mem_ops come from here takes them where @cfg says instead.  The
 * setting travels with the queue, so nothing is left behind when it goes.
 *
 * Context: Any context.
 */
void vb2_cmr_mem_ops_init(struct vb2_cmr_mem_ops *m,
			  const struct vb2_cmr_config *cfg)
{
	m->ops = vb2_cmr_memops;
	m->cfg = *cfg;
}
EXPORT_SYMBOL_GPL(vb2_cmr_mem_ops_init);

/* The queue's setting, or the default: @dev's region, any zone. */
struct vb2_cmr_config vb2_cmr_config_of(struct vb2_queue *q,
					struct device *dev)
{
	struct vb2_cmr_config cfg = { };

	if (q->mem_ops != &vb2_cmr_memops)
		cfg = container_of(q->mem_ops, struct vb2_cmr_mem_ops,
				   ops)->cfg;
	if (!cfg.region)
		cfg.region = cmr_region_of_device(dev, NULL);
	return cfg;
}

/* ---- Mappings ------------------------------------------------------------ */

/* A kernel mapping of the buffer with the attributes chosen for it. */
void *vb2_cmr_kmap(struct vb2_cmr_buf *buf)
{
	if (buf->nomap)
		return memremap(buf->phys, buf->size, MEMREMAP_WC);
	if (!buf->wc)
		return phys_to_virt(buf->phys);
	return cmr_vmap_wc(buf->phys, buf->size);
}

static void vb2_cmr_kunmap(struct vb2_cmr_buf *buf, void *vaddr)
{
	if (buf->nomap)
		memunmap(vaddr);
	else if (buf->wc)
		vunmap(vaddr);
}

static int vb2_cmr_dma_map(struct vb2_cmr_buf *buf)
{
	if (buf->nomap)
		buf->dma_addr = dma_map_resource(buf->dev, buf->phys, buf->size,
						 buf->dma_dir, 0);
	else
		buf->dma_addr = dma_map_page_attrs(buf->dev,
						   pfn_to_page(PHYS_PFN(buf->phys)),
						   0,
						   buf->size, buf->dma_dir,
						   DMA_ATTR_SKIP_CPU_SYNC);
	return dma_mapping_error(buf->dev, buf->dma_addr) ? -EIO : 0;
}

static void vb2_cmr_dma_unmap(struct vb2_cmr_buf *buf)
{
	if (buf->nomap)
		dma_unmap_resource(buf->dev, buf->dma_addr, buf->size,
				   buf->dma_dir, 0);
	else
		dma_unmap_page_attrs(buf->dev, buf->dma_addr, buf->size,
				     buf->dma_dir, DMA_ATTR_SKIP_CPU_SYNC);
}

/* ---- Memory ops for MMAP buffers -------------------------------------- */

void vb2_cmr_put(void *buf_priv)
{
	struct vb2_cmr_buf *buf = buf_priv;

	if (!refcount_dec_and_test(&buf->refcount))
		return;
	if (buf->vaddr)
		vb2_cmr_kunmap(buf, buf->vaddr);
	vb2_cmr_dma_unmap(buf);
	cmr_release(buf->zone, buf->phys, buf->size >> PAGE_SHIFT);
	put_device(buf->dev);
	kfree(buf);
}

void *vb2_cmr_alloc(struct vb2_buffer *vb, struct device *dev,
		    unsigned long size)
{
	struct vb2_queue *q = vb->vb2_queue;
	struct vb2_cmr_config cfg = vb2_cmr_config_of(q, dev);
	struct cmr_request req = {
		.count = PAGE_ALIGN(size) >> PAGE_SHIFT,
		.align = cfg.align,
	};
	struct vb2_cmr_buf *buf;
	void *vaddr;
	int ret;

	if (WARN_ON(!dev))
		return ERR_PTR(-EINVAL);
	if (IS_ERR(cfg.region)) {
		dev_err(dev, "cmr: no region for queue buffers (%pe)\n",
			cfg.region);
		return ERR_CAST(cfg.region);
	}
	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	buf->zone = cmr_region_alloc_for(cfg.region, cfg.zone, dev, &req,
					 &buf->phys);
	if (IS_ERR(buf->zone)) {
		ret = PTR_ERR(buf->zone);
		if (ret == -ENOMEM)
			cmr_report_nomem(cfg.region, cfg.zone, dev, &req);
		else
			dev_dbg(dev, "cmr: region %s zone %s: no %lu bytes for a plane: %d\n",
				cmr_region_name(cfg.region),
				cfg.zone ?: "(any)", size, ret);
		kfree(buf);
		return ERR_PTR(ret);
	}
	buf->size = req.count << PAGE_SHIFT;
	buf->vb = vb;
	buf->dev = get_device(dev);
	buf->dma_dir = q->dma_dir;
	buf->nomap = cmr_region_is_nomap(cfg.region);
	buf->wc = buf->nomap ||
		  (!q->non_coherent_mem && !dev_is_dma_coherent(dev));
	buf->sync = !buf->wc && !dev_is_dma_coherent(dev);

	ret = vb2_cmr_dma_map(buf);
	if (ret)
		goto release;
	/*
	 * User space must not see what the last user left: clear it.  For a
	 * write-combined buffer, first write back what the cached linear
	 * alias may hold, so that it cannot land on the zeroes later; for a
	 * cached one, write the zeroes back for the device.
	 */
	if (buf->wc && !buf->nomap && !dev_is_dma_coherent(dev))
		dma_sync_single_for_device(dev, buf->dma_addr, buf->size,
					   buf->dma_dir);
	vaddr = vb2_cmr_kmap(buf);
	if (!vaddr) {
		ret = -ENOMEM;
		goto unmap;
	}
	memset(vaddr, 0, buf->size);
	if (buf->sync)
		dma_sync_single_for_device(dev, buf->dma_addr, buf->size,
					   buf->dma_dir);
	if (q->dma_attrs & DMA_ATTR_NO_KERNEL_MAPPING)
		vb2_cmr_kunmap(buf, vaddr);
	else
		buf->vaddr = vaddr;

	buf->handler.refcount = &buf->refcount;
	buf->handler.put = vb2_cmr_put;
	buf->handler.arg = buf;
	refcount_set(&buf->refcount, 1);
	return buf;

unmap:
	vb2_cmr_dma_unmap(buf);
release:
	cmr_release(buf->zone, buf->phys, req.count);
	put_device(buf->dev);
	kfree(buf);
	return ERR_PTR(ret);
}

/*
 * Map the plane to user space.  Memory with struct pages is inserted page
 * by page, so that the mapping can itself be pinned (USERPTR of an
 * exported buffer's mapping); no-map memory has none: remap_pfn_range().
 */
int vb2_cmr_mmap(void *buf_priv, struct vm_area_struct *vma)
{
	struct vb2_cmr_buf *buf = buf_priv;
	unsigned long len = vma->vm_end - vma->vm_start, off;
	unsigned long pfn;
	struct page *first;
	int ret = 0;

	/* videobuf2 zeroes vm_pgoff; a dma-buf mmap may start further in. */
	if (!buf || vma->vm_pgoff >= buf->size >> PAGE_SHIFT ||
	    len > buf->size - (vma->vm_pgoff << PAGE_SHIFT))
		return -EINVAL;
	pfn = PHYS_PFN(buf->phys) + vma->vm_pgoff;
	if (buf->wc)
		vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
	if (buf->nomap) {
		ret = remap_pfn_range(vma, vma->vm_start, pfn, len,
				      vma->vm_page_prot);
	} else {
		first = pfn_to_page(pfn);
		for (off = 0; off < len && !ret; off += PAGE_SIZE)
			ret = vm_insert_page(vma, vma->vm_start + off,
					     nth_page(first, off >> PAGE_SHIFT));
	}
	if (ret) {
		dev_err(buf->dev, "cmr: mapping a plane to user space failed: %d\n",
			ret);
		return ret;
	}
#ifdef CMR_HAVE_VM_FLAGS_SET
	vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
#else
	vma->vm_flags |= VM_DONTEXPAND | VM_DONTDUMP;
#endif
	vma->vm_private_data = &buf->handler;
	vma->vm_ops = &vb2_common_vm_ops;
	vma->vm_ops->open(vma);
	return 0;
}

static void *vb2_cmr_vaddr(struct vb2_buffer *vb, void *buf_priv)
{
	struct vb2_cmr_buf *buf = buf_priv;

	/* An imported buffer is mapped by its exporter, on first use. */
	if (!buf->vaddr && buf->db_attach)
		buf->vaddr = vb2_cmr_dmabuf_vmap(buf);
	return buf->vaddr;
}

static void *vb2_cmr_cookie(struct vb2_buffer *vb, void *buf_priv)
{
	struct vb2_cmr_buf *buf = buf_priv;

	return &buf->dma_addr;
}

static unsigned int vb2_cmr_num_users(void *buf_priv)
{
	struct vb2_cmr_buf *buf = buf_priv;

	return refcount_read(&buf->refcount);
}

static void vb2_cmr_prepare(void *buf_priv)
{
	struct vb2_cmr_buf *buf = buf_priv;

	if (buf->bounce) {
		vb2_cmr_bounce_prepare(buf);
		return;
	}
	if (buf->sync && !buf->vb->skip_cache_sync_on_prepare)
		dma_sync_single_for_device(buf->dev, buf->dma_addr, buf->size,
					   buf->dma_dir);
}

static void vb2_cmr_finish(void *buf_priv)
{
	struct vb2_cmr_buf *buf = buf_priv;

	if (buf->bounce) {
		vb2_cmr_bounce_finish(buf);
		return;
	}
	if (buf->sync && !buf->vb->skip_cache_sync_on_finish)
		dma_sync_single_for_cpu(buf->dev, buf->dma_addr, buf->size,
					buf->dma_dir);
}

const struct vb2_mem_ops vb2_cmr_memops = {
	.alloc		= vb2_cmr_alloc,
	.put		= vb2_cmr_put,
	.get_dmabuf	= vb2_cmr_get_dmabuf,
	.get_userptr	= vb2_cmr_get_userptr,
	.put_userptr	= vb2_cmr_put_userptr,
	.prepare	= vb2_cmr_prepare,
	.finish		= vb2_cmr_finish,
	.attach_dmabuf	= vb2_cmr_attach_dmabuf,
	.detach_dmabuf	= vb2_cmr_detach_dmabuf,
	.map_dmabuf	= vb2_cmr_map_dmabuf,
	.unmap_dmabuf	= vb2_cmr_unmap_dmabuf,
	.vaddr		= vb2_cmr_vaddr,
	.cookie		= vb2_cmr_cookie,
	.num_users	= vb2_cmr_num_users,
	.mmap		= vb2_cmr_mmap,
};
EXPORT_SYMBOL_GPL(vb2_cmr_memops);
