/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel interfaces cmr's core uses that differ between the kernels it
 * builds on (6.1, 6.12, 7.x), each behind one name; mm/Kbuild probes the
 * tree's headers for the CMR_HAVE_* macros.  The consumers keep their own
 * probes (mm/heap/Kbuild, mm/vb2/Kbuild).
 */
#ifndef _MM_CMR_COMPAT_H
#define _MM_CMR_COMPAT_H

#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/of_reserved_mem.h>

/*
 * Reusable regions use mm-internal helpers, init_cma_reserved_pageblock()
 * and buddy_order_unsafe(): in mm/internal.h up to 6.12, which later
 * kernels (7.3) split into mm/mm_init.h and mm/page_alloc.h.  mm/Kbuild
 * puts the kernel's mm/ on the include path, as for its own mm code.
 */
#include "internal.h"
#ifdef CMR_HAVE_MM_INIT_H
#include "mm_init.h"
#endif
#ifdef CMR_HAVE_MM_PAGE_ALLOC_H
#include "page_alloc.h"
#endif

/*
 * cmr_contig_take() - take [@start, @end) from the page allocator, as
 * cma_alloc() does: alloc_contig_range() for CMA pageblocks, which is told
 * so by its migratetype up to 6.12 and by ACR_FLAGS_CMA later (7.3).
 */
static inline int cmr_contig_take(unsigned long start, unsigned long end,
				  gfp_t gfp)
{
#ifdef CMR_HAVE_ACR_FLAGS
	return alloc_contig_range(start, end, ACR_FLAGS_CMA, gfp);
#else
	return alloc_contig_range(start, end, MIGRATE_CMA, gfp);
#endif
}

/*
 * CMR_RESERVEDMEM_DECLARE() - call @setup(fdt node, rmem) for each
 * reserved-memory node of compatible @compat.  Up to 6.12 the kernel calls
 * an init function with the node in rmem->fdt_node; later (7.3) it calls
 * the node_init of a struct reserved_mem_ops, which it keeps in rmem.
 */
#ifdef CMR_HAVE_RMEM_OPS
#define CMR_RESERVEDMEM_DECLARE(name, compat, setup)			\
	static const struct reserved_mem_ops name##_rmem_ops = {	\
		.node_init = setup,					\
	};								\
	RESERVEDMEM_OF_DECLARE(name, compat, &name##_rmem_ops)
#else
#define CMR_RESERVEDMEM_DECLARE(name, compat, setup)			\
	static int __init name##_rmem_init(struct reserved_mem *rmem)	\
	{								\
		return setup(rmem->fdt_node, rmem);			\
	}								\
	RESERVEDMEM_OF_DECLARE(name, compat, name##_rmem_init)
#endif

/*
 * CMR_RMEM_KEEP - what a reserved-memory setup returns to refuse a node
 * but leave its memory reserved: the kernel's "no driver for this node",
 * -ENOENT up to 6.12 and -ENODEV later (7.3).  Any other error makes the
 * kernel free the node's memory, which for a static node over the kernel
 * image frees the kernel.
 */
#ifdef CMR_HAVE_RMEM_OPS
#define CMR_RMEM_KEEP	(-ENODEV)
#else
#define CMR_RMEM_KEEP	(-ENOENT)
#endif

#endif /* _MM_CMR_COMPAT_H */
