// SPDX-License-Identifier: GPL-2.0
/*
 * videobuf2 glue, dma-buf side: EXPBUF of an MMAP plane (an exporter whose
 * attachments see one contiguous range) and DMABUF planes imported from
 * any exporter, refused unless the importing device sees them as one
 * contiguous range at least as large as the plane.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/iosys-map.h>
#include <linux/module.h>
#include <linux/pfn.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <media/videobuf2-core.h>

#include "cmr_vb2.h"

/* ---- Exporter -------------------------------------------------------- */

/**
 * struct vb2_cmr_attachment - one importer of an exported plane
 * @sgt: one entry: the plane, mapped for the importer while @dir is set
 * @dir: the direction it is mapped for, DMA_NONE while unmapped
 */
struct vb2_cmr_attachment {
	struct sg_table sgt;
	enum dma_data_direction dir;
};

static int vb2_cmr_dmabuf_ops_attach(struct dma_buf *dbuf,
				     struct dma_buf_attachment *dba)
{
	struct vb2_cmr_buf *buf = dbuf->priv;
	struct vb2_cmr_attachment *att;
	int ret;

	att = kzalloc(sizeof(*att), GFP_KERNEL);
	if (!att)
		return -ENOMEM;
	ret = sg_alloc_table(&att->sgt, 1, GFP_KERNEL);
	if (ret) {
		kfree(att);
		return ret;
	}
	/* No struct page for no-map memory: importers get addresses only. */
	if (!buf->nomap)
		sg_set_page(att->sgt.sgl, pfn_to_page(PHYS_PFN(buf->phys)),
			    buf->size, 0);
	att->dir = DMA_NONE;
	dba->priv = att;
	return 0;
}

static void vb2_cmr_dmabuf_unmap_att(struct vb2_cmr_buf *buf,
				     struct dma_buf_attachment *dba,
				     struct vb2_cmr_attachment *att)
{
	if (att->dir == DMA_NONE)
		return;
	if (buf->nomap)
		dma_unmap_resource(dba->dev, sg_dma_address(att->sgt.sgl),
				   buf->size, att->dir, 0);
	else
		dma_unmap_sgtable(dba->dev, &att->sgt, att->dir,
				  DMA_ATTR_SKIP_CPU_SYNC);
	att->dir = DMA_NONE;
}

static void vb2_cmr_dmabuf_ops_detach(struct dma_buf *dbuf,
				      struct dma_buf_attachment *dba)
{
	struct vb2_cmr_attachment *att = dba->priv;

	if (!att)
		return;
	vb2_cmr_dmabuf_unmap_att(dbuf->priv, dba, att);
	sg_free_table(&att->sgt);
	kfree(att);
	dba->priv = NULL;
}

/*
 * The mapping is made once per attachment and direction and kept until
 * detach, as videobuf2-dma-contig does: importers map and unmap per frame.
 */
static struct sg_table *vb2_cmr_dmabuf_ops_map(struct dma_buf_attachment *dba,
					       enum dma_data_direction dir)
{
	struct vb2_cmr_buf *buf = dba->dmabuf->priv;
	struct vb2_cmr_attachment *att = dba->priv;
	dma_addr_t addr;

	if (att->dir == dir)
		return &att->sgt;
	vb2_cmr_dmabuf_unmap_att(buf, dba, att);
	if (buf->nomap) {
		addr = dma_map_resource(dba->dev, buf->phys, buf->size, dir, 0);
		if (dma_mapping_error(dba->dev, addr))
			return ERR_PTR(-EIO);
		sg_dma_address(att->sgt.sgl) = addr;
		sg_dma_len(att->sgt.sgl) = buf->size;
		att->sgt.nents = 1;
	} else if (dma_map_sgtable(dba->dev, &att->sgt, dir,
				   DMA_ATTR_SKIP_CPU_SYNC)) {
		return ERR_PTR(-EIO);
	}
	att->dir = dir;
	return &att->sgt;
}

static void vb2_cmr_dmabuf_ops_unmap(struct dma_buf_attachment *dba,
				     struct sg_table *sgt,
				     enum dma_data_direction dir)
{
	/* Kept until detach, see vb2_cmr_dmabuf_ops_map(). */
}

static void vb2_cmr_dmabuf_ops_release(struct dma_buf *dbuf)
{
	vb2_cmr_put(dbuf->priv);
}

static int vb2_cmr_dmabuf_ops_begin_cpu_access(struct dma_buf *dbuf,
					       enum dma_data_direction dir)
{
	struct vb2_cmr_buf *buf = dbuf->priv;

	if (buf->sync)
		dma_sync_single_for_cpu(buf->dev, buf->dma_addr, buf->size,
					buf->dma_dir);
	return 0;
}

static int vb2_cmr_dmabuf_ops_end_cpu_access(struct dma_buf *dbuf,
					     enum dma_data_direction dir)
{
	struct vb2_cmr_buf *buf = dbuf->priv;

	if (buf->sync)
		dma_sync_single_for_device(buf->dev, buf->dma_addr, buf->size,
					   buf->dma_dir);
	return 0;
}

static int vb2_cmr_dmabuf_ops_vmap(struct dma_buf *dbuf, struct iosys_map *map)
{
	struct vb2_cmr_buf *buf = dbuf->priv;

	/* With DMA_ATTR_NO_KERNEL_MAPPING the plane has none to lend. */
	if (!buf->vaddr)
		return -EINVAL;
	iosys_map_set_vaddr(map, buf->vaddr);
	return 0;
}

static int vb2_cmr_dmabuf_ops_mmap(struct dma_buf *dbuf,
				   struct vm_area_struct *vma)
{
	return vb2_cmr_mmap(dbuf->priv, vma);
}

static const struct dma_buf_ops vb2_cmr_dmabuf_ops = {
	.attach		  = vb2_cmr_dmabuf_ops_attach,
	.detach		  = vb2_cmr_dmabuf_ops_detach,
	.map_dma_buf	  = vb2_cmr_dmabuf_ops_map,
	.unmap_dma_buf	  = vb2_cmr_dmabuf_ops_unmap,
	.begin_cpu_access = vb2_cmr_dmabuf_ops_begin_cpu_access,
	.end_cpu_access	  = vb2_cmr_dmabuf_ops_end_cpu_access,
	.vmap		  = vb2_cmr_dmabuf_ops_vmap,
	.mmap		  = vb2_cmr_dmabuf_ops_mmap,
	.release	  = vb2_cmr_dmabuf_ops_release,
};

/* &vb2_mem_ops.get_dmabuf: EXPBUF; the dma-buf holds a reference. */
struct dma_buf *vb2_cmr_get_dmabuf(struct vb2_buffer *vb, void *buf_priv,
				   unsigned long flags)
{
	struct vb2_cmr_buf *buf = buf_priv;
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct dma_buf *dbuf;

	exp_info.ops = &vb2_cmr_dmabuf_ops;
	exp_info.size = buf->size;
	exp_info.flags = flags;
	exp_info.priv = buf;
	dbuf = dma_buf_export(&exp_info);
	if (IS_ERR(dbuf))
		return NULL;
	refcount_inc(&buf->refcount);
	return dbuf;
}

/* ---- Importer -------------------------------------------------------- */

/* &vb2_mem_ops.attach_dmabuf: a DMABUF plane, checked when mapped. */
void *vb2_cmr_attach_dmabuf(struct vb2_buffer *vb, struct device *dev,
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

void vb2_cmr_detach_dmabuf(void *buf_priv)
{
	struct vb2_cmr_buf *buf = buf_priv;

	if (buf->dma_sgt)
		vb2_cmr_unmap_dmabuf(buf);
	dma_buf_detach(buf->db_attach->dmabuf, buf->db_attach);
	kfree(buf);
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

int vb2_cmr_map_dmabuf(void *buf_priv)
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

void vb2_cmr_unmap_dmabuf(void *buf_priv)
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

/* A kernel mapping of an imported plane, from its exporter; or NULL. */
void *vb2_cmr_dmabuf_vmap(struct vb2_cmr_buf *buf)
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

MODULE_IMPORT_NS(DMA_BUF);
