// SPDX-License-Identifier: GPL-2.0
/*
 * videobuf2 glue: vb2_cmr_memops, the memory ops of a V4L2 queue whose
 * buffers come from a cmr region, modelled on videobuf2-dma-contig.c and,
 * like it, one file of static functions around its ops table, built on
 * <linux/cmr.h> alone.
 *
 * MMAP: a plane is one cmr buffer (cmr_buffer_alloc_region()), taken
 * when videobuf2 allocates (REQBUFS, CREATE_BUFS) and given back when its
 * last user goes (REQBUFS(0), close, the last mapping, the last exported
 * dma-buf), never on STREAMOFF.  The device sees it through the DMA API:
 * dma_map_page_attrs() for regions in the linear map, dma_map_resource()
 * for no-map ones, which have no struct page to map.
 *
 * CPU mappings (kernel and user) are cached when the device is DMA
 * coherent, or when the queue asks for non-coherent memory, in which case
 * prepare/finish sync the caches; otherwise they are write-combined, as
 * the DMA API maps coherent memory for a non-coherent device.  No-map
 * regions are always mapped write-combined: with no linear mapping there
 * is no alias to keep in sync, and no cache maintenance is done.
 *
 * EXPBUF shares a plane through cmr's dma-buf exporter
 * (cmr_dmabuf_export()).  DMABUF planes are imported from any exporter,
 * refused unless the importing device sees them as one contiguous range
 * at least as large as the plane.  USERPTR memory is pinned and used in
 * place when it is physically contiguous (the mapping of an exported
 * plane, say); otherwise it is refused with -EINVAL, since the devices
 * cmr serves have no IOMMU to make scattered pages look contiguous,
 * unless the queue asked for bounce buffers: then the device uses a plane
 * from the region and the data is copied to or from the user pages
 * around DMA.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/cmr.h>
#include <linux/device.h>
#include <linux/dma-buf.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/export.h>
#include <linux/highmem.h>
#include <linux/iosys-map.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pfn.h>
#include <linux/refcount.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <media/frame_vector.h>
#include <media/videobuf2-cmr.h>
#include <media/videobuf2-memops.h>

/**
 * struct vb2_cmr_buf - one plane's memory
 * @dev: the allocating device (a reference is held for MMAP planes)
 * @mem: MMAP planes: the cmr buffer
 * @phys: its physical address (MMAP and contiguous USERPTR planes)
 * @size: its size in bytes (MMAP: whole pages)
 * @dma_addr: the address @dev sees; the plane's cookie
 * @dma_dir: the queue's DMA direction
 * @vaddr: kernel mapping, or NULL
 * @nomap: the memory has no linear mapping (a no-map region, or user
 *	memory without struct pages)
 * @wc: CPU mappings are write-combined (else cached)
 * @sync: prepare/finish sync the caches (cached, non-coherent device)
 * @refcount: vb2, every user mapping and every exported dma-buf hold one
 * @handler: the user mappings' link back to @refcount
 * @vb: the buffer the plane belongs to
 * @db_attach: DMABUF planes: the attachment to the imported buffer
 * @dma_sgt: DMABUF planes: its mapping while mapped
 * @vec: USERPTR planes: the pinned user pages or frames
 * @bounce: USERPTR planes that are not contiguous: the plane from the
 *	region the device uses instead, copied in prepare and finish
 * @offset: USERPTR planes: the user memory's offset in its first page
 */
struct vb2_cmr_buf {
	struct device *dev;
	struct cmr_buffer *mem;
	phys_addr_t phys;
	unsigned long size;
	dma_addr_t dma_addr;
	enum dma_data_direction dma_dir;
	void *vaddr;
	bool nomap;
	bool wc;
	bool sync;
	refcount_t refcount;
	struct vb2_vmarea_handler handler;
	struct vb2_buffer *vb;
	struct dma_buf_attachment *db_attach;
	struct sg_table *dma_sgt;
	struct frame_vector *vec;
	struct vb2_cmr_buf *bounce;
	unsigned long offset;
};

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
static struct vb2_cmr_config vb2_cmr_config_of(struct vb2_queue *q,
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

/* ---- Device mappings ----------------------------------------------------- */

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

/* ---- MMAP planes -------------------------------------------------------- */

static void vb2_cmr_put(void *buf_priv)
{
	struct vb2_cmr_buf *buf = buf_priv;

	if (!refcount_dec_and_test(&buf->refcount))
		return;
	if (buf->vaddr)
		cmr_buffer_vunmap(buf->mem, buf->vaddr, buf->wc);
	vb2_cmr_dma_unmap(buf);
	cmr_buffer_put(buf->mem);
	put_device(buf->dev);
	kfree(buf);
}

/* The memory of a plane of @size bytes, where the queue takes it from. */
static struct cmr_buffer *vb2_cmr_mem(struct vb2_queue *q, struct device *dev,
				      unsigned long size)
{
	struct vb2_cmr_config cfg = vb2_cmr_config_of(q, dev);
	struct cmr_buffer *mem;
	struct cmr_zone *zone;

	if (IS_ERR(cfg.region)) {
		dev_err(dev, "cmr: no region for queue buffers (%pe)\n",
			cfg.region);
		return ERR_CAST(cfg.region);
	}
	zone = cfg.zone ? cmr_zone_find(cfg.region, cfg.zone) : NULL;
	mem = IS_ERR(zone) ? ERR_CAST(zone) :
	      cmr_buffer_alloc_region(cfg.region, zone, dev, size, cfg.align,
				      0);
	/* No room is reported by cmr, naming the device. */
	if (IS_ERR(mem) && PTR_ERR(mem) != -ENOMEM)
		dev_dbg(dev, "cmr: region %s zone %s: no %lu bytes for a plane: %pe\n",
			cmr_region_name(cfg.region), cfg.zone ?: "(any)", size,
			mem);
	return mem;
}

/*
 * User space must not see what the last user left: clear the plane,
 * through the kernel mapping it keeps unless the queue wants none.
 */
static int vb2_cmr_clear(struct vb2_cmr_buf *buf, bool keep_vaddr)
{
	bool coherent = dev_is_dma_coherent(buf->dev);
	void *vaddr;

	/*
	 * For a write-combined plane, first write back what the cached
	 * linear alias may hold, so that it cannot land on the zeroes later;
	 * for a cached one, write the zeroes back for the device.
	 */
	if (buf->wc && !buf->nomap && !coherent)
		dma_sync_single_for_device(buf->dev, buf->dma_addr, buf->size,
					   buf->dma_dir);
	vaddr = cmr_buffer_vmap(buf->mem, buf->wc);
	if (!vaddr)
		return -ENOMEM;
	memset(vaddr, 0, buf->size);
	if (buf->sync)
		dma_sync_single_for_device(buf->dev, buf->dma_addr, buf->size,
					   buf->dma_dir);
	if (keep_vaddr)
		buf->vaddr = vaddr;
	else
		cmr_buffer_vunmap(buf->mem, vaddr, buf->wc);
	return 0;
}

static void *vb2_cmr_alloc(struct vb2_buffer *vb, struct device *dev,
			   unsigned long size)
{
	struct vb2_queue *q = vb->vb2_queue;
	struct vb2_cmr_buf *buf;
	int ret;

	if (WARN_ON(!dev))
		return ERR_PTR(-EINVAL);
	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	buf->mem = vb2_cmr_mem(q, dev, size);
	if (IS_ERR(buf->mem)) {
		ret = PTR_ERR(buf->mem);
		kfree(buf);
		return ERR_PTR(ret);
	}
	buf->phys = cmr_buffer_phys(buf->mem);
	buf->size = cmr_buffer_size(buf->mem);
	buf->vb = vb;
	buf->dev = get_device(dev);
	buf->dma_dir = q->dma_dir;
	buf->nomap = cmr_buffer_is_nomap(buf->mem);
	buf->wc = buf->nomap ||
		  (!q->non_coherent_mem && !dev_is_dma_coherent(dev));
	buf->sync = !buf->wc && !dev_is_dma_coherent(dev);

	ret = vb2_cmr_dma_map(buf);
	if (ret)
		goto put;
	ret = vb2_cmr_clear(buf, !(q->dma_attrs & DMA_ATTR_NO_KERNEL_MAPPING));
	if (ret)
		goto unmap;
	buf->handler.refcount = &buf->refcount;
	buf->handler.put = vb2_cmr_put;
	buf->handler.arg = buf;
	refcount_set(&buf->refcount, 1);
	return buf;

unmap:
	vb2_cmr_dma_unmap(buf);
put:
	cmr_buffer_put(buf->mem);
	put_device(buf->dev);
	kfree(buf);
	return ERR_PTR(ret);
}

/*
 * Map the plane to user space.  Memory with struct pages is inserted page
 * by page, so that the mapping can itself be pinned (USERPTR of an
 * exported buffer's mapping); no-map memory has none: remap_pfn_range().
 */
static int vb2_cmr_mmap(void *buf_priv, struct vm_area_struct *vma)
{
	struct vb2_cmr_buf *buf = buf_priv;
	unsigned long len = vma->vm_end - vma->vm_start, off;
	unsigned long pfn;
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
		/* pfn_to_page() per page: the range may cross memmap sections. */
		for (off = 0; off < len && !ret; off += PAGE_SIZE)
			ret = vm_insert_page(vma, vma->vm_start + off,
					     pfn_to_page(pfn + PHYS_PFN(off)));
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

/* ---- EXPBUF ---------------------------------------------------------------- */

/* &vb2_mem_ops.get_dmabuf: the dma-buf holds a reference to the plane. */
static struct dma_buf *vb2_cmr_get_dmabuf(struct vb2_buffer *vb,
					  void *buf_priv, unsigned long flags)
{
	struct vb2_cmr_buf *buf = buf_priv;
	struct cmr_dmabuf_info info = {
		.buf = buf->mem,
		.wc = buf->wc,
		.exp_name = KBUILD_MODNAME,
		.fd_flags = flags,
		/* The plane's own device mapping is synced with CPU access. */
		.dev = buf->sync ? buf->dev : NULL,
		.dma_addr = buf->dma_addr,
		.dma_dir = buf->dma_dir,
		.release = vb2_cmr_put,
		.priv = buf,
	};
	struct dma_buf *dbuf;

	dbuf = cmr_dmabuf_export(&info);
	if (IS_ERR(dbuf))
		return NULL;
	refcount_inc(&buf->refcount);
	return dbuf;
}

/* ---- DMABUF planes ---------------------------------------------------------- */

/* &vb2_mem_ops.attach_dmabuf: a DMABUF plane, checked when mapped. */
static void *vb2_cmr_attach_dmabuf(struct vb2_buffer *vb, struct device *dev,
				   struct dma_buf *dbuf, unsigned long size)
{
	struct vb2_cmr_buf *buf;
	struct dma_buf_attachment *dba;

	if (WARN_ON(!dev))
		return ERR_PTR(-EINVAL);
	if (dbuf->size < size) {
		dev_dbg(dev, "cmr: dma-buf of %zu bytes for a %lu-byte plane\n",
			dbuf->size, size);
		return ERR_PTR(-EFAULT);
	}
	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	buf->dev = dev;
	buf->size = size;
	buf->vb = vb;
	buf->dma_dir = vb->vb2_queue->dma_dir;
	dba = dma_buf_attach(dbuf, dev);
	if (IS_ERR(dba)) {
		kfree(buf);
		return dba;
	}
	buf->db_attach = dba;
	return buf;
}

/* The length of the DMA-contiguous run at the start of @sgt. */
static unsigned long vb2_cmr_contiguous(struct sg_table *sgt)
{
	dma_addr_t expected = sg_dma_address(sgt->sgl);
	struct scatterlist *s;
	unsigned long size = 0;
	unsigned int i;

	for_each_sgtable_dma_sg(sgt, s, i) {
		if (sg_dma_address(s) != expected)
			break;
		expected += sg_dma_len(s);
		size += sg_dma_len(s);
	}
	return size;
}

static int vb2_cmr_map_dmabuf(void *buf_priv)
{
	struct vb2_cmr_buf *buf = buf_priv;
	struct sg_table *sgt;
	unsigned long contig;

	if (WARN_ON(!buf->db_attach) || WARN_ON(buf->dma_sgt))
		return -EINVAL;
	sgt = dma_buf_map_attachment_unlocked(buf->db_attach, buf->dma_dir);
	if (IS_ERR(sgt))
		return PTR_ERR(sgt);
	contig = vb2_cmr_contiguous(sgt);
	if (contig < buf->size) {
		dev_dbg(buf->dev, "cmr: dma-buf contiguous for %lu of %lu bytes: refused\n",
			contig, buf->size);
		dma_buf_unmap_attachment_unlocked(buf->db_attach, sgt,
						  buf->dma_dir);
		return -EFAULT;
	}
	buf->dma_addr = sg_dma_address(sgt->sgl);
	buf->dma_sgt = sgt;
	return 0;
}

static void vb2_cmr_unmap_dmabuf(void *buf_priv)
{
	struct vb2_cmr_buf *buf = buf_priv;
	struct iosys_map map = IOSYS_MAP_INIT_VADDR(buf->vaddr);

	if (WARN_ON(!buf->db_attach) || WARN_ON(!buf->dma_sgt))
		return;
	if (buf->vaddr) {
#ifdef CMR_HAVE_DMA_BUF_VMAP_UNLOCKED
		dma_buf_vunmap_unlocked(buf->db_attach->dmabuf, &map);
#else
		dma_buf_vunmap(buf->db_attach->dmabuf, &map);
#endif
		buf->vaddr = NULL;
	}
	dma_buf_unmap_attachment_unlocked(buf->db_attach, buf->dma_sgt,
					  buf->dma_dir);
	buf->dma_addr = 0;
	buf->dma_sgt = NULL;
}

static void vb2_cmr_detach_dmabuf(void *buf_priv)
{
	struct vb2_cmr_buf *buf = buf_priv;

	if (buf->dma_sgt)
		vb2_cmr_unmap_dmabuf(buf);
	dma_buf_detach(buf->db_attach->dmabuf, buf->db_attach);
	kfree(buf);
}

/* A kernel mapping of an imported plane, from its exporter; or NULL. */
static void *vb2_cmr_dmabuf_vmap(struct vb2_cmr_buf *buf)
{
	struct iosys_map map;
	int ret;

#ifdef CMR_HAVE_DMA_BUF_VMAP_UNLOCKED
	ret = dma_buf_vmap_unlocked(buf->db_attach->dmabuf, &map);
#else
	ret = dma_buf_vmap(buf->db_attach->dmabuf, &map);
#endif
	if (ret)
		return NULL;
	if (map.is_iomem) {
		/* vb2 hands out plain pointers only. */
#ifdef CMR_HAVE_DMA_BUF_VMAP_UNLOCKED
		dma_buf_vunmap_unlocked(buf->db_attach->dmabuf, &map);
#else
		dma_buf_vunmap(buf->db_attach->dmabuf, &map);
#endif
		return NULL;
	}
	return map.vaddr;
}

/* ---- USERPTR planes --------------------------------------------------------- */

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
static void vb2_cmr_bounce_prepare(struct vb2_cmr_buf *buf)
{
	if (buf->dma_dir != DMA_FROM_DEVICE)
		vb2_cmr_bounce_copy(buf, false);
	if (buf->bounce->sync)
		dma_sync_single_for_device(buf->dev, buf->dma_addr, buf->size,
					   buf->dma_dir);
}

/* &vb2_mem_ops.finish of a bounced plane: the device's data to the user. */
static void vb2_cmr_bounce_finish(struct vb2_cmr_buf *buf)
{
	if (buf->bounce->sync)
		dma_sync_single_for_cpu(buf->dev, buf->dma_addr, buf->size,
					buf->dma_dir);
	if (buf->dma_dir != DMA_TO_DEVICE)
		vb2_cmr_bounce_copy(buf, true);
}

/* Contiguous user memory from @first on: the device uses it in place. */
static int vb2_cmr_userptr_map(struct vb2_cmr_buf *buf, struct page *first)
{
	buf->phys = page_to_phys(first) + buf->offset;
	/* Synced in prepare/finish: user memory is cached. */
	buf->dma_addr = dma_map_page_attrs(buf->dev, first, buf->offset,
					   buf->size, buf->dma_dir,
					   DMA_ATTR_SKIP_CPU_SYNC);
	if (dma_mapping_error(buf->dev, buf->dma_addr))
		return -EIO;
	buf->sync = !dev_is_dma_coherent(buf->dev);
	/* Contiguous pages: the linear map is their kernel mapping. */
	buf->vaddr = page_address(first) + buf->offset;
	return 0;
}

/* &vb2_mem_ops.get_userptr */
static void *vb2_cmr_get_userptr(struct vb2_buffer *vb, struct device *dev,
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
	ret = vb2_cmr_userptr_map(buf, pages[0]);
	if (ret)
		goto unpin;
	return buf;

unpin:
	vb2_destroy_framevec(buf->vec);
free:
	kfree(buf);
	return ERR_PTR(ret);
}

/* &vb2_mem_ops.put_userptr */
static void vb2_cmr_put_userptr(void *buf_priv)
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
/* ---- Every plane ------------------------------------------------------------ */

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
