// SPDX-License-Identifier: GPL-2.0
/*
 * cmr's dma-buf exporter: one cmr buffer, one physically contiguous
 * range, shared by the consumers that hand cmr memory to other devices
 * and processes (the dma-buf heaps, the videobuf2 glue's EXPBUF).  Modelled
 * on drivers/dma-buf/heaps/cma_heap.c.
 *
 * An importer's attachment is one scatterlist entry, the whole buffer.
 * Memory in the linear map is mapped for it with dma_map_sgtable(), and
 * its caches are synced around CPU access for every importer that has it
 * mapped, unless the buffer is write-combined.  A no-map region's memory
 * has no struct page: importers get a DMA address from dma_map_resource(),
 * and every CPU mapping of it is write-combined.
 *
 * Without an IOMMU an importer must reach the buffer as it is: the DMA
 * API would bounce it through swiotlb, which is a copy, so a buffer
 * beyond the importer's DMA mask is refused when mapped.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/cmr.h>
#include <linux/device.h>
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/iosys-map.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pfn.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

/**
 * struct cmr_dmabuf - an exported cmr buffer
 * @info: what it was exported with (a reference to @info.buf is held)
 * @phys: the buffer's first byte
 * @size: its size in bytes
 * @nomap: it has no linear mapping
 * @lock: protects @attachments, @vmap_cnt and @vaddr
 * @attachments: the importers' attachments
 * @vmap_cnt: kernel mappings handed out
 * @vaddr: the kernel mapping while @vmap_cnt
 */
struct cmr_dmabuf {
	struct cmr_dmabuf_info info;
	phys_addr_t phys;
	size_t size;
	bool nomap;
	struct mutex lock;	/* attachments, vmap_cnt, vaddr */
	struct list_head attachments;
	int vmap_cnt;
	void *vaddr;
};

/**
 * struct cmr_dmabuf_attachment - one importer
 * @dev: the importing device
 * @table: one entry: the whole buffer
 * @list: entry in the buffer's attachments
 * @dir: the direction @table is mapped for, DMA_NONE while unmapped
 */
struct cmr_dmabuf_attachment {
	struct device *dev;
	struct sg_table table;
	struct list_head list;
	enum dma_data_direction dir;
};

/* Is CPU access to @db write-combined, with no cache maintenance? */
static bool cmr_dmabuf_wc(const struct cmr_dmabuf *db)
{
	return db->nomap || db->info.wc;
}

static int cmr_dmabuf_ops_attach(struct dma_buf *dmabuf,
				 struct dma_buf_attachment *attachment)
{
	struct cmr_dmabuf *db = dmabuf->priv;
	struct cmr_dmabuf_attachment *a;
	int ret;

	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	ret = sg_alloc_table(&a->table, 1, GFP_KERNEL);
	if (ret) {
		kfree(a);
		return ret;
	}
	/* No struct page for no-map memory: importers get addresses only. */
	if (!db->nomap)
		sg_set_page(a->table.sgl, pfn_to_page(PHYS_PFN(db->phys)),
			    db->size, 0);
	a->dev = attachment->dev;
	a->dir = DMA_NONE;
	attachment->priv = a;
	mutex_lock(&db->lock);
	list_add(&a->list, &db->attachments);
	mutex_unlock(&db->lock);
	return 0;
}

static void cmr_dmabuf_ops_detach(struct dma_buf *dmabuf,
				  struct dma_buf_attachment *attachment)
{
	struct cmr_dmabuf *db = dmabuf->priv;
	struct cmr_dmabuf_attachment *a = attachment->priv;

	mutex_lock(&db->lock);
	list_del(&a->list);
	mutex_unlock(&db->lock);
	sg_free_table(&a->table);
	kfree(a);
}

static struct sg_table *
cmr_dmabuf_ops_map_dma_buf(struct dma_buf_attachment *attachment,
			   enum dma_data_direction dir)
{
	struct cmr_dmabuf *db = attachment->dmabuf->priv;
	struct cmr_dmabuf_attachment *a = attachment->priv;
	struct device *dev = attachment->dev;
	dma_addr_t addr;

	if (!device_iommu_mapped(dev) &&
	    db->phys + db->size - 1 > dma_get_mask(dev)) {
		dev_dbg(dev, "cmr: buffer at %pa is beyond the device's DMA mask\n",
			&db->phys);
		return ERR_PTR(-EIO);
	}
	if (db->nomap) {
		addr = dma_map_resource(dev, db->phys, db->size, dir, 0);
		if (dma_mapping_error(dev, addr))
			return ERR_PTR(-EIO);
		sg_dma_address(a->table.sgl) = addr;
		sg_dma_len(a->table.sgl) = db->size;
		a->table.nents = 1;
	} else if (dma_map_sgtable(dev, &a->table, dir,
				   db->info.wc ? DMA_ATTR_SKIP_CPU_SYNC : 0)) {
		return ERR_PTR(-EIO);
	}
	a->dir = dir;
	return &a->table;
}

static void cmr_dmabuf_ops_unmap_dma_buf(struct dma_buf_attachment *attachment,
					 struct sg_table *table,
					 enum dma_data_direction dir)
{
	struct cmr_dmabuf *db = attachment->dmabuf->priv;
	struct cmr_dmabuf_attachment *a = attachment->priv;

	a->dir = DMA_NONE;
	if (db->nomap)
		dma_unmap_resource(attachment->dev, sg_dma_address(table->sgl),
				   db->size, dir, 0);
	else
		dma_unmap_sgtable(attachment->dev, table, dir,
				  db->info.wc ? DMA_ATTR_SKIP_CPU_SYNC : 0);
}

/* Sync the caches for the buffer's own device and every mapped importer. */
static int cmr_dmabuf_sync(struct dma_buf *dmabuf, enum dma_data_direction dir,
			   bool for_cpu)
{
	struct cmr_dmabuf *db = dmabuf->priv;
	const struct cmr_dmabuf_info *info = &db->info;
	struct cmr_dmabuf_attachment *a;

	if (cmr_dmabuf_wc(db))
		return 0;
	if (info->dev && for_cpu)
		dma_sync_single_for_cpu(info->dev, info->dma_addr, db->size,
					info->dma_dir);
	else if (info->dev)
		dma_sync_single_for_device(info->dev, info->dma_addr, db->size,
					   info->dma_dir);
	mutex_lock(&db->lock);
	list_for_each_entry(a, &db->attachments, list) {
		if (a->dir == DMA_NONE)
			continue;
		if (for_cpu)
			dma_sync_sgtable_for_cpu(a->dev, &a->table, dir);
		else
			dma_sync_sgtable_for_device(a->dev, &a->table, dir);
	}
	mutex_unlock(&db->lock);
	return 0;
}

static int cmr_dmabuf_ops_begin_cpu_access(struct dma_buf *dmabuf,
					   enum dma_data_direction dir)
{
	return cmr_dmabuf_sync(dmabuf, dir, true);
}

static int cmr_dmabuf_ops_end_cpu_access(struct dma_buf *dmabuf,
					 enum dma_data_direction dir)
{
	return cmr_dmabuf_sync(dmabuf, dir, false);
}

/*
 * Memory with struct pages is inserted page by page, so that the mapping
 * can itself be pinned (USERPTR, O_DIRECT); no-map memory has none.
 */
static int cmr_dmabuf_ops_mmap(struct dma_buf *dmabuf,
			       struct vm_area_struct *vma)
{
	struct cmr_dmabuf *db = dmabuf->priv;
	unsigned long len = vma->vm_end - vma->vm_start, off, pfn;
	int ret = 0;

	if (!(vma->vm_flags & (VM_SHARED | VM_MAYSHARE)))
		return -EINVAL;
	if (vma->vm_pgoff >= db->size >> PAGE_SHIFT ||
	    len > db->size - (vma->vm_pgoff << PAGE_SHIFT))
		return -EINVAL;
	pfn = PHYS_PFN(db->phys) + vma->vm_pgoff;
	if (cmr_dmabuf_wc(db))
		vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
	if (db->nomap)
		return remap_pfn_range(vma, vma->vm_start, pfn, len,
				       vma->vm_page_prot);
	for (off = 0; off < len && !ret; off += PAGE_SIZE)
		ret = vm_insert_page(vma, vma->vm_start + off,
				     pfn_to_page(pfn + (off >> PAGE_SHIFT)));
	return ret;
}

static int cmr_dmabuf_ops_vmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	struct cmr_dmabuf *db = dmabuf->priv;
	int ret = 0;

	mutex_lock(&db->lock);
	if (!db->vmap_cnt)
		db->vaddr = cmr_buffer_vmap(db->info.buf, db->info.wc);
	if (db->vaddr) {
		db->vmap_cnt++;
		iosys_map_set_vaddr(map, db->vaddr);
	} else {
		ret = -ENOMEM;
	}
	mutex_unlock(&db->lock);
	return ret;
}

static void cmr_dmabuf_ops_vunmap(struct dma_buf *dmabuf,
				  struct iosys_map *map)
{
	struct cmr_dmabuf *db = dmabuf->priv;

	mutex_lock(&db->lock);
	if (!--db->vmap_cnt) {
		cmr_buffer_vunmap(db->info.buf, db->vaddr, db->info.wc);
		db->vaddr = NULL;
	}
	mutex_unlock(&db->lock);
	iosys_map_clear(map);
}

static void cmr_dmabuf_ops_release(struct dma_buf *dmabuf)
{
	struct cmr_dmabuf *db = dmabuf->priv;

	if (db->vmap_cnt > 0)
		cmr_buffer_vunmap(db->info.buf, db->vaddr, db->info.wc);
	if (db->info.release)
		db->info.release(db->info.priv);
	cmr_buffer_put(db->info.buf);
	kfree(db);
}

static const struct dma_buf_ops cmr_dmabuf_ops = {
	.attach			= cmr_dmabuf_ops_attach,
	.detach			= cmr_dmabuf_ops_detach,
	.map_dma_buf		= cmr_dmabuf_ops_map_dma_buf,
	.unmap_dma_buf		= cmr_dmabuf_ops_unmap_dma_buf,
	.begin_cpu_access	= cmr_dmabuf_ops_begin_cpu_access,
	.end_cpu_access		= cmr_dmabuf_ops_end_cpu_access,
	.mmap			= cmr_dmabuf_ops_mmap,
	.vmap			= cmr_dmabuf_ops_vmap,
	.vunmap			= cmr_dmabuf_ops_vunmap,
	.release		= cmr_dmabuf_ops_release,
};

/**
 * cmr_dmabuf_export() - export a cmr buffer as a dma-buf
 * @info: the buffer and how to share it; see &struct cmr_dmabuf_info
 *
 * The dma-buf takes a reference to @info->buf of its own, and calls
 * @info->release when it goes; the caller keeps its own reference.
 *
 * Context: Process context; may sleep.
 * Return: the dma-buf, or an ERR_PTR(): -EINVAL without a buffer, -ENOMEM,
 * or dma_buf_export()'s error.
 */
struct dma_buf *cmr_dmabuf_export(const struct cmr_dmabuf_info *info)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct dma_buf *dmabuf;
	struct cmr_dmabuf *db;

	if (!info || !info->buf)
		return ERR_PTR(-EINVAL);
	db = kzalloc(sizeof(*db), GFP_KERNEL);
	if (!db)
		return ERR_PTR(-ENOMEM);
	db->info = *info;
	db->phys = cmr_buffer_phys(info->buf);
	db->size = cmr_buffer_size(info->buf);
	db->nomap = cmr_buffer_is_nomap(info->buf);
	mutex_init(&db->lock);
	INIT_LIST_HEAD(&db->attachments);
	if (info->exp_name)
		exp_info.exp_name = info->exp_name;
	exp_info.ops = &cmr_dmabuf_ops;
	exp_info.size = db->size;
	exp_info.flags = info->fd_flags;
	exp_info.priv = db;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf)) {
		kfree(db);
		return dmabuf;
	}
	cmr_buffer_get(info->buf);
	return dmabuf;
}
EXPORT_SYMBOL_GPL(cmr_dmabuf_export);
