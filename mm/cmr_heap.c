// SPDX-License-Identifier: GPL-2.0
/*
 * cmr dma-buf heaps: /dev/dma_heap/cmr-<region> for every region, and
 * cmr-<region>-<zone> for every zone that asks for one, so that user
 * space (a compositor, a camera HAL, GStreamer) allocates physically
 * contiguous buffers from a region and passes them between processes and
 * devices with no copy.  Modelled on drivers/dma-buf/heaps/cma_heap.c; a
 * buffer is one allocation from the region's zones in their fallback
 * order (from the zone alone for a zone's heap), cleared before it is
 * handed out.
 *
 * Buffers of regions in the linear map are mapped cached, and the caches
 * are synced for every mapped importer around CPU access, as the CMA heap
 * does.  Where the architecture can make memory safe for an uncached
 * alias (arch_dma_prep_coherent(), as dma-direct does for non-coherent
 * devices), such a region also has cmr-<region>[-<zone>]-uncached, whose
 * buffers are cleaned from the caches once when allocated and then only
 * mapped write-combined: no cache maintenance per access, for buffers the
 * CPU writes once and devices read (a compositor's, a display's).
 * No-map regions have no linear mapping and no struct page: their buffers
 * are mapped write-combined, importers get a DMA address with no page
 * (dma_map_resource()), and no cache maintenance is needed.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/cmr.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/highmem.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/iosys-map.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pfn.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "cmr.h"

/* Largest alignment of a heap buffer: 1 MiB with 4 KiB pages, as CMA's. */
#define CMR_HEAP_MAX_ALIGN	8

/**
 * struct cmr_heap - what a heap allocates from
 * @region: the region
 * @zone: the zone's name for a zone's heap, NULL for the region's
 * @uncached: its buffers are mapped write-combined
 */
struct cmr_heap {
	struct cmr_region *region;
	const char *zone;
	bool uncached;
};

/**
 * struct cmr_heap_buffer - one heap buffer
 * @zone: the zone its memory came from
 * @phys: physical address of its first byte
 * @len: size in bytes, whole pages
 * @nomap: the region has no linear mapping
 * @uncached: a buffer of an -uncached heap: write-combined, no syncs
 * @lock: protects @attachments, @vmap_cnt and @vaddr
 * @attachments: the importers' attachments
 * @vmap_cnt: kernel mappings handed out
 * @vaddr: the kernel mapping while @vmap_cnt
 */
struct cmr_heap_buffer {
	struct cmr_zone *zone;
	phys_addr_t phys;
	unsigned long len;
	bool nomap;
	bool uncached;
	struct mutex lock;
	struct list_head attachments;
	int vmap_cnt;
	void *vaddr;
};

/**
 * struct cmr_heap_attachment - one importer of a heap buffer
 * @dev: the importing device
 * @table: one entry: the whole buffer
 * @list: entry in the buffer's attachments
 * @dir: the direction @table is mapped for, DMA_NONE while unmapped
 */
struct cmr_heap_attachment {
	struct device *dev;
	struct sg_table table;
	struct list_head list;
	enum dma_data_direction dir;
};

static int cmr_heap_attach(struct dma_buf *dmabuf,
			   struct dma_buf_attachment *attachment)
{
	struct cmr_heap_buffer *buf = dmabuf->priv;
	struct cmr_heap_attachment *a;
	int ret;

	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	ret = sg_alloc_table(&a->table, 1, GFP_KERNEL);
	if (ret) {
		kfree(a);
		return ret;
	}
	if (!buf->nomap)
		sg_set_page(a->table.sgl, pfn_to_page(PHYS_PFN(buf->phys)),
			    buf->len, 0);
	a->dev = attachment->dev;
	a->dir = DMA_NONE;
	attachment->priv = a;
	mutex_lock(&buf->lock);
	list_add(&a->list, &buf->attachments);
	mutex_unlock(&buf->lock);
	return 0;
}

static void cmr_heap_detach(struct dma_buf *dmabuf,
			    struct dma_buf_attachment *attachment)
{
	struct cmr_heap_buffer *buf = dmabuf->priv;
	struct cmr_heap_attachment *a = attachment->priv;

	mutex_lock(&buf->lock);
	list_del(&a->list);
	mutex_unlock(&buf->lock);
	sg_free_table(&a->table);
	kfree(a);
}

static struct sg_table *cmr_heap_map(struct dma_buf_attachment *attachment,
				     enum dma_data_direction dir)
{
	struct cmr_heap_buffer *buf = attachment->dmabuf->priv;
	struct cmr_heap_attachment *a = attachment->priv;
	struct device *dev = attachment->dev;
	dma_addr_t addr;

	/*
	 * Without an IOMMU the device must reach the buffer as it is: the
	 * DMA API would bounce it through swiotlb, which is a copy.
	 */
	if (!device_iommu_mapped(dev) &&
	    buf->phys + buf->len - 1 > dma_get_mask(dev)) {
		dev_dbg(dev, "cmr: heap buffer at %pa is beyond the device's DMA mask\n",
			&buf->phys);
		return ERR_PTR(-EIO);
	}
	if (buf->nomap) {
		addr = dma_map_resource(dev, buf->phys, buf->len, dir, 0);
		if (dma_mapping_error(dev, addr))
			return ERR_PTR(-EIO);
		sg_dma_address(a->table.sgl) = addr;
		sg_dma_len(a->table.sgl) = buf->len;
		a->table.nents = 1;
	} else if (dma_map_sgtable(dev, &a->table, dir,
				   buf->uncached ? DMA_ATTR_SKIP_CPU_SYNC : 0)) {
		return ERR_PTR(-EIO);
	}
	a->dir = dir;
	return &a->table;
}

static void cmr_heap_unmap(struct dma_buf_attachment *attachment,
			   struct sg_table *table, enum dma_data_direction dir)
{
	struct cmr_heap_buffer *buf = attachment->dmabuf->priv;
	struct cmr_heap_attachment *a = attachment->priv;

	a->dir = DMA_NONE;
	if (buf->nomap)
		dma_unmap_resource(attachment->dev, sg_dma_address(table->sgl),
				   buf->len, dir, 0);
	else
		dma_unmap_sgtable(attachment->dev, table, dir,
				  buf->uncached ? DMA_ATTR_SKIP_CPU_SYNC : 0);
}

/* Sync the caches for every importer that has the buffer mapped. */
static int cmr_heap_sync(struct dma_buf *dmabuf, enum dma_data_direction dir,
			 bool for_cpu)
{
	struct cmr_heap_buffer *buf = dmabuf->priv;
	struct cmr_heap_attachment *a;

	if (buf->nomap || buf->uncached)
		return 0;
	mutex_lock(&buf->lock);
	list_for_each_entry(a, &buf->attachments, list) {
		if (a->dir == DMA_NONE)
			continue;
		if (for_cpu)
			dma_sync_sgtable_for_cpu(a->dev, &a->table, dir);
		else
			dma_sync_sgtable_for_device(a->dev, &a->table, dir);
	}
	mutex_unlock(&buf->lock);
	return 0;
}

static int cmr_heap_begin_cpu_access(struct dma_buf *dmabuf,
				     enum dma_data_direction dir)
{
	return cmr_heap_sync(dmabuf, dir, true);
}

static int cmr_heap_end_cpu_access(struct dma_buf *dmabuf,
				   enum dma_data_direction dir)
{
	return cmr_heap_sync(dmabuf, dir, false);
}

static int cmr_heap_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma)
{
	struct cmr_heap_buffer *buf = dmabuf->priv;
	unsigned long len = vma->vm_end - vma->vm_start;

	if (!(vma->vm_flags & (VM_SHARED | VM_MAYSHARE)))
		return -EINVAL;
	if (vma->vm_pgoff >= buf->len >> PAGE_SHIFT ||
	    len > buf->len - (vma->vm_pgoff << PAGE_SHIFT))
		return -EINVAL;
	if (buf->nomap || buf->uncached)
		vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
	return remap_pfn_range(vma, vma->vm_start,
			       PHYS_PFN(buf->phys) + vma->vm_pgoff, len,
			       vma->vm_page_prot);
}

static void *cmr_heap_vaddr(struct cmr_heap_buffer *buf)
{
	if (buf->nomap)
		return memremap(buf->phys, buf->len, MEMREMAP_WC);
	if (buf->uncached)
		return cmr_vmap_wc(buf->phys, buf->len);
	return phys_to_virt(buf->phys);
}

static void cmr_heap_vunmap_all(struct cmr_heap_buffer *buf)
{
	if (buf->nomap)
		memunmap(buf->vaddr);
	else if (buf->uncached)
		vunmap(buf->vaddr);
}

static int cmr_heap_vmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	struct cmr_heap_buffer *buf = dmabuf->priv;
	int ret = 0;

	mutex_lock(&buf->lock);
	if (!buf->vmap_cnt)
		buf->vaddr = cmr_heap_vaddr(buf);
	if (buf->vaddr) {
		buf->vmap_cnt++;
		iosys_map_set_vaddr(map, buf->vaddr);
	} else {
		ret = -ENOMEM;
	}
	mutex_unlock(&buf->lock);
	return ret;
}

static void cmr_heap_vunmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	struct cmr_heap_buffer *buf = dmabuf->priv;

	mutex_lock(&buf->lock);
	if (!--buf->vmap_cnt) {
		cmr_heap_vunmap_all(buf);
		buf->vaddr = NULL;
	}
	mutex_unlock(&buf->lock);
	iosys_map_clear(map);
}

static void cmr_heap_release(struct dma_buf *dmabuf)
{
	struct cmr_heap_buffer *buf = dmabuf->priv;

	if (buf->vmap_cnt > 0)
		cmr_heap_vunmap_all(buf);
	cmr_release(buf->zone, buf->phys, buf->len >> PAGE_SHIFT);
	kfree(buf);
}

static const struct dma_buf_ops cmr_heap_buf_ops = {
	.attach			= cmr_heap_attach,
	.detach			= cmr_heap_detach,
	.map_dma_buf		= cmr_heap_map,
	.unmap_dma_buf		= cmr_heap_unmap,
	.begin_cpu_access	= cmr_heap_begin_cpu_access,
	.end_cpu_access		= cmr_heap_end_cpu_access,
	.mmap			= cmr_heap_mmap,
	.vmap			= cmr_heap_vmap,
	.vunmap			= cmr_heap_vunmap,
	.release		= cmr_heap_release,
};

/* Clear a new buffer: no user may see what the last one left. */
static int cmr_heap_clear(struct cmr_heap_buffer *buf)
{
	void *vaddr;

	if (!buf->nomap) {
		memset(phys_to_virt(buf->phys), 0, buf->len);
		/* No dirty line may later land over what goes through WC. */
		if (buf->uncached)
			arch_dma_prep_coherent(pfn_to_page(PHYS_PFN(buf->phys)),
					       buf->len);
		return 0;
	}
	vaddr = memremap(buf->phys, buf->len, MEMREMAP_WC);
	if (!vaddr)
		return -ENOMEM;
	memset(vaddr, 0, buf->len);
	memunmap(vaddr);
	return 0;
}

static struct dma_buf *cmr_heap_allocate(struct dma_heap *heap,
					 unsigned long len,
#ifdef CMR_HAVE_HEAP_U32_FLAGS
					 u32 fd_flags, u64 heap_flags)
#else
					 unsigned long fd_flags,
					 unsigned long heap_flags)
#endif
{
	struct cmr_heap *h = dma_heap_get_drvdata(heap);
	struct cmr_region *region = h->region;
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct cmr_request req = {
		.count = PAGE_ALIGN(len) >> PAGE_SHIFT,
		.align = min_t(unsigned int, get_order(len),
			       CMR_HEAP_MAX_ALIGN),
	};
	struct cmr_heap_buffer *buf;
	struct dma_buf *dmabuf;
	int ret;

	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	buf->zone = cmr_region_alloc_for(region, h->zone, NULL, &req,
					 &buf->phys);
	if (IS_ERR(buf->zone)) {
		ret = PTR_ERR(buf->zone);
		if (ret == -ENOMEM)
			cmr_report_nomem(region, h->zone, NULL, &req);
		/* Larger than any zone: as far as user space goes, no room. */
		if (ret == -EINVAL)
			ret = -ENOMEM;
		goto free;
	}
	buf->len = req.count << PAGE_SHIFT;
	buf->nomap = region->flags & CMR_REGION_NOMAP;
	buf->uncached = h->uncached;
	mutex_init(&buf->lock);
	INIT_LIST_HEAD(&buf->attachments);
	ret = cmr_heap_clear(buf);
	if (ret)
		goto release;

	exp_info.exp_name = dma_heap_get_name(heap);
	exp_info.ops = &cmr_heap_buf_ops;
	exp_info.size = buf->len;
	exp_info.flags = fd_flags;
	exp_info.priv = buf;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf)) {
		ret = PTR_ERR(dmabuf);
		goto release;
	}
	return dmabuf;

release:
	cmr_release(buf->zone, buf->phys, req.count);
free:
	kfree(buf);
	return ERR_PTR(ret);
}

static const struct dma_heap_ops cmr_heap_ops = {
	.allocate = cmr_heap_allocate,
};

/*
 * Add the heap cmr-<region>[-<zone>][-uncached]; a failure is reported,
 * not fatal.
 */
static void __init cmr_heap_add(struct cmr_region *region, const char *zone,
				bool uncached)
{
	struct dma_heap_export_info exp_info = { .ops = &cmr_heap_ops };
	struct dma_heap *heap;
	struct cmr_heap *h;
	char *name;

	h = kzalloc(sizeof(*h), GFP_KERNEL);
	/* dma_heap_add() keeps the name: it lives as long as the heap. */
	name = kasprintf(GFP_KERNEL, "cmr-%s%s%s%s", region->name,
			 zone ? "-" : "", zone ?: "", uncached ? "-uncached" : "");
	if (!h || !name) {
		heap = ERR_PTR(-ENOMEM);
		goto fail;
	}
	h->region = region;
	h->zone = zone;
	h->uncached = uncached;
	exp_info.name = name;
	exp_info.priv = h;
	heap = dma_heap_add(&exp_info);
	if (!IS_ERR(heap))
		return;
fail:
	pr_warn("region %s: no dma-buf heap %s: %pe\n", region->name,
		name ?: "(no memory)", heap);
	kfree(name);
	kfree(h);
}

/* A heap, and its -uncached twin where that means something. */
static void __init cmr_heap_add_both(struct cmr_region *region,
				     const char *zone)
{
	cmr_heap_add(region, zone, false);
	if (IS_ENABLED(CONFIG_ARCH_HAS_DMA_PREP_COHERENT) &&
	    !(region->flags & CMR_REGION_NOMAP))
		cmr_heap_add(region, zone, true);
}

/* The heaps, once the regions are active and heaps can be added. */
static int __init cmr_heap_init(void)
{
	struct cmr_region *region;
	struct cmr_zone *zone;

	cmr_for_each_region(region) {
		cmr_heap_add_both(region, NULL);
		cmr_for_each_zone(zone, region)
			if (zone->heap)
				cmr_heap_add_both(region, zone->name);
	}
	return 0;
}
late_initcall(cmr_heap_init);

MODULE_IMPORT_NS(DMA_BUF);
