/* SPDX-License-Identifier: GPL-2.0 */
/*
 * videobuf2 memory ops backed by cmr regions: a V4L2 queue's buffers come
 * from the region and zone its driver chooses (by default the region of
 * the allocating device's "memory-region"), allocated on REQBUFS and
 * CREATE_BUFS and released on REQBUFS(0) or close.  See
 * docs/videobuf2.rst.
 */
#ifndef _MEDIA_VIDEOBUF2_CMR_H
#define _MEDIA_VIDEOBUF2_CMR_H

#include <linux/dma-mapping.h>
#include <media/videobuf2-v4l2.h>

struct cmr_region;

/**
 * struct vb2_cmr_config - where a queue takes its buffers from
 * @region: the region, or NULL for the first "memory-region" of the
 *	device that allocates (the queue's dev, or its alloc_devs[])
 * @zone: zone name, or NULL for the region's zones in fallback order
 * @align: least alignment of every plane, as a page order
 * @bounce: USERPTR memory that is not physically contiguous is copied
 *	through a plane from the region (in prepare, for the device; in
 *	finish, back) instead of refused
 */
struct vb2_cmr_config {
	struct cmr_region *region;
	const char *zone;
	unsigned int align;
	bool bounce;
};

/**
 * struct vb2_cmr_mem_ops - vb2_cmr_memops with a queue's own choice
 * @ops: the memory ops, for the queue's mem_ops
 * @cfg: where its buffers come from
 */
struct vb2_cmr_mem_ops {
	struct vb2_mem_ops ops;
	struct vb2_cmr_config cfg;
};

extern const struct vb2_mem_ops vb2_cmr_memops;

void vb2_cmr_mem_ops_init(struct vb2_cmr_mem_ops *m,
			  const struct vb2_cmr_config *cfg);

/**
 * vb2_cmr_plane_dma_addr() - the device address of a plane
 * @vb: the buffer
 * @plane_no: the plane
 *
 * Return: the address the allocating device sees, as the cookie of
 * vb2_cmr_memops gives it.
 */
static inline dma_addr_t vb2_cmr_plane_dma_addr(struct vb2_buffer *vb,
						unsigned int plane_no)
{
	dma_addr_t *addr = vb2_plane_cookie(vb, plane_no);

	return *addr;
}

#endif /* _MEDIA_VIDEOBUF2_CMR_H */
