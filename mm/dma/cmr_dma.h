/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DMA backend's bindings (cmr_dma_bind.c), as its allocation path
 * (cmr_dma.c) reads them.
 */
#ifndef _CMR_DMA_INTERNAL_H
#define _CMR_DMA_INTERNAL_H

#include <linux/rculist.h>
#include <linux/types.h>

struct cmr_region;
struct cmr_zone;
struct device;

/* cmr_dma_binding.flags: the region is beyond the device's DMA limit. */
#define CMR_DMA_UNREACHABLE	0

/**
 * struct cmr_dma_binding - a device whose DMA allocations cmr serves
 * @node: in the table of bindings, hashed by @dev
 * @rcu: for freeing after a lookup that may still hold it
 * @dev: the device (no reference: the binding goes when it is deleted)
 * @region: its region
 * @zone: the zone its cmr.map= rule names, or NULL for any
 * @flags: CMR_DMA_UNREACHABLE, once said
 */
struct cmr_dma_binding {
	struct hlist_node node;
	struct rcu_head rcu;
	struct device *dev;
	struct cmr_region *region;
	struct cmr_zone *zone;
	unsigned long flags;
};

struct cmr_dma_binding *cmr_dma_binding_find(struct device *dev);

#endif /* _CMR_DMA_INTERNAL_H */
