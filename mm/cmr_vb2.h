/* SPDX-License-Identifier: GPL-2.0 */
/*
 * videobuf2 glue internals, shared by the MMAP ops (cmr_vb2.c), the dma-buf
 * exporter and importer (cmr_vb2_dmabuf.c) and USERPTR (cmr_vb2_userptr.c).
 */
#ifndef _MM_CMR_VB2_H
#define _MM_CMR_VB2_H

#include <linux/dma-mapping.h>
#include <linux/refcount.h>
#include <media/videobuf2-cmr.h>
#include <media/videobuf2-memops.h>

struct cmr_zone;
struct dma_buf_attachment;
struct frame_vector;
struct sg_table;

/**
 * struct vb2_cmr_buf - one plane's memory
 * @dev: the allocating device (a reference is held for MMAP planes)
 * @zone: the zone the memory came from (MMAP planes)
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
	struct cmr_zone *zone;
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

struct vb2_cmr_config vb2_cmr_config_of(struct vb2_queue *q,
					struct device *dev);
void *vb2_cmr_alloc(struct vb2_buffer *vb, struct device *dev,
		    unsigned long size);
void vb2_cmr_put(void *buf_priv);
int vb2_cmr_mmap(void *buf_priv, struct vm_area_struct *vma);
void *vb2_cmr_kmap(struct vb2_cmr_buf *buf);

struct dma_buf *vb2_cmr_get_dmabuf(struct vb2_buffer *vb, void *buf_priv,
				   unsigned long flags);
void *vb2_cmr_dmabuf_vmap(struct vb2_cmr_buf *buf);
void *vb2_cmr_attach_dmabuf(struct vb2_buffer *vb, struct device *dev,
			    struct dma_buf *dbuf, unsigned long size);
void vb2_cmr_detach_dmabuf(void *buf_priv);
int vb2_cmr_map_dmabuf(void *buf_priv);
void vb2_cmr_unmap_dmabuf(void *buf_priv);

void *vb2_cmr_get_userptr(struct vb2_buffer *vb, struct device *dev,
			  unsigned long vaddr, unsigned long size);
void vb2_cmr_put_userptr(void *buf_priv);
void vb2_cmr_bounce_prepare(struct vb2_cmr_buf *buf);
void vb2_cmr_bounce_finish(struct vb2_cmr_buf *buf);

#endif /* _MM_CMR_VB2_H */
