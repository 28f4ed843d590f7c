/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel interfaces cmr's core uses that differ between the kernels it
 * builds on (6.1, 6.12, 7.x), each behind one name; mm/Kbuild probes the
 * tree's headers for the CMR_HAVE_* macros.  The consumers keep their own
 * probes (mm/heap/Kbuild, mm/vb2/Kbuild).
 */
#ifndef _MM_CMR_COMPAT_H
#define _MM_CMR_COMPAT_H

#include <linux/gfp.h>

/*
 * init_cma_reserved_pageblock() is mm-internal: in mm/internal.h up to
 * 6.x, in mm/mm_init.h since; mm/Kbuild puts mm/ on the include path.
 */
#ifdef CMR_HAVE_MM_INIT_H
#include "mm_init.h"
#else
#include "internal.h"
#endif

/*
 * cmr_contig_take() - take [@start, @end) from the page allocator, as
 * cma_alloc() does: alloc_contig_range() for CMA pageblocks, which is told
 * so by its migratetype up to 6.15 and by ACR_FLAGS_CMA since.
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

#endif /* _MM_CMR_COMPAT_H */
