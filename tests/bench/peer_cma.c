// SPDX-License-Identifier: GPL-2.0
/*
 * Peer "cma": Linux CMA's first fit, the reference of every ratio.
 *
 * The bitmap code is the kernel's own, taken from $(KSRC) at build time
 * (build/gen/kbitmap.[ch]): bitmap_find_next_zero_area_off(),
 * __bitmap_set() and __bitmap_clear() of lib/bitmap.c, _find_next_bit()
 * and friends of lib/find_bit.c, and the inline bitmap_set(),
 * bitmap_clear(), find_next_bit() and find_next_zero_bit() of
 * include/linux/bitmap.h and find.h.  mm/cma.c itself needs the page
 * allocator; what is here is its bitmap usage, step for step: cma_alloc()
 * takes cma->lock, computes the mask and offset of the alignment as
 * cma_bitmap_aligned_mask() and cma_bitmap_aligned_offset() do, searches
 * with bitmap_find_next_zero_area_off() from bit 0 and marks the run with
 * bitmap_set(); cma_release() clears it with bitmap_clear() under the lock.
 * alloc_contig_range() (page migration) is left out: in userspace every
 * found run is usable.  One bit per page (order_per_bit 0).
 */
#include "kbitmap.h"

#include "bench.h"

struct peer_cma {
	unsigned long base_pfn;
	unsigned long count;		/* pages */
	unsigned long *bitmap;
	unsigned int order_per_bit;
	spinlock_t lock;
};

static int peer_cma_create(void *inst, const void *arg,
			   unsigned long base_pfn, unsigned long pages)
{
	struct peer_cma *cma = inst;

	cma->base_pfn = base_pfn;
	cma->count = pages;
	cma->order_per_bit = 0;
	/* cma_activate_area(): bitmap_zalloc() of cma_bitmap_maxno() bits */
	cma->bitmap = calloc(BITS_TO_LONGS(pages), sizeof(unsigned long));
	if (!cma->bitmap)
		return -ENOMEM;
	spin_lock_init(&cma->lock);
	return 0;
}

static void peer_cma_destroy(void *inst)
{
	struct peer_cma *cma = inst;

	free(cma->bitmap);
}

static int peer_cma_alloc(void *inst, unsigned long count,
			  unsigned int align, unsigned long *pfn)
{
	struct peer_cma *cma = inst;
	unsigned long mask = 0, offset, bitmap_maxno, bitmap_count;
	unsigned long bitmap_no;

	if (align > cma->order_per_bit)
		mask = (1UL << (align - cma->order_per_bit)) - 1;
	offset = (cma->base_pfn & ((1UL << align) - 1)) >>
		 cma->order_per_bit;
	bitmap_maxno = cma->count >> cma->order_per_bit;
	bitmap_count = ((count + (1UL << cma->order_per_bit) - 1) >>
			cma->order_per_bit);

	spin_lock_irq(&cma->lock);
	bitmap_no = bitmap_find_next_zero_area_off(cma->bitmap, bitmap_maxno,
						   0, bitmap_count, mask,
						   offset);
	if (bitmap_no >= bitmap_maxno) {
		spin_unlock_irq(&cma->lock);
		return -ENOMEM;
	}
	bitmap_set(cma->bitmap, bitmap_no, bitmap_count);
	spin_unlock_irq(&cma->lock);

	*pfn = cma->base_pfn + (bitmap_no << cma->order_per_bit);
	return 0;
}

static int peer_cma_release(void *inst, unsigned long pfn,
			    unsigned long count)
{
	struct peer_cma *cma = inst;
	unsigned long bitmap_no, bitmap_count;

	if (pfn < cma->base_pfn || pfn + count > cma->base_pfn + cma->count)
		return -EINVAL;
	bitmap_no = (pfn - cma->base_pfn) >> cma->order_per_bit;
	bitmap_count = ((count + (1UL << cma->order_per_bit) - 1) >>
			cma->order_per_bit);

	spin_lock_irq(&cma->lock);
	bitmap_clear(cma->bitmap, bitmap_no, bitmap_count);
	spin_unlock_irq(&cma->lock);
	return 0;
}

const struct bench_allocator bench_peer_cma = {
	.name		= "cma",
	.what		= "CMA first fit (bitmap_find_next_zero_area_off)",
	.inst_size	= sizeof(struct peer_cma),
	.create		= peer_cma_create,
	.destroy	= peer_cma_destroy,
	.alloc		= peer_cma_alloc,
	.release	= peer_cma_release,
};
