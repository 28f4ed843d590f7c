/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmr behind the DMA API: what the kernel's contiguous DMA allocator
 * (kernel/dma/contiguous.c, kernel/dma/direct.c) asks cmr, through the
 * hook of scripts/patches/0002-dma-ask-cmr-first.patch.
 *
 * A device bound to a cmr region (its DT "memory-region", or a cmr.map=
 * rule) gets the pages of dma_alloc_coherent(), dma_alloc_wc(),
 * dma_alloc_attrs(), dma_alloc_pages(), dma_alloc_noncoherent() and
 * dma_alloc_noncontiguous() from the region.  The static key is off until the first device is bound, so
 * that until then the hook costs one no-op instruction per call.
 */
#ifndef _LINUX_CMR_DMA_H
#define _LINUX_CMR_DMA_H

#include <linux/jump_label.h>
#include <linux/types.h>

struct device;
struct page;

#ifdef CONFIG_CMR_DMA

DECLARE_STATIC_KEY_FALSE(cmr_dma_key);

bool __cmr_dma_bound(struct device *dev);
struct page *cmr_dma_alloc(struct device *dev, size_t size, gfp_t gfp);
bool __cmr_dma_free(struct device *dev, struct page *page, size_t size);
bool __cmr_dma_no_fallback(struct device *dev);

/* Is @dev bound to a region?  dma_alloc_contiguous() asks first. */
static inline bool cmr_dma_bound(struct device *dev)
{
	return static_branch_unlikely(&cmr_dma_key) && __cmr_dma_bound(dev);
}

/* Were @page's @size bytes cmr's?  Then they went back to their region. */
static inline bool cmr_dma_free(struct device *dev, struct page *page,
				size_t size)
{
	return static_branch_unlikely(&cmr_dma_key) &&
	       __cmr_dma_free(dev, page, size);
}

/* Must a request of @dev that cmr did not serve fail? */
static inline bool cmr_dma_no_fallback(struct device *dev)
{
	return static_branch_unlikely(&cmr_dma_key) &&
	       __cmr_dma_no_fallback(dev);
}

#else /* !CONFIG_CMR_DMA */

static inline bool cmr_dma_bound(struct device *dev)
{
	return false;
}

static inline struct page *cmr_dma_alloc(struct device *dev, size_t size,
					 gfp_t gfp)
{
	return NULL;
}

static inline bool cmr_dma_free(struct device *dev, struct page *page,
				size_t size)
{
	return false;
}

static inline bool cmr_dma_no_fallback(struct device *dev)
{
	return false;
}

#endif /* CONFIG_CMR_DMA */

#endif /* _LINUX_CMR_DMA_H */
