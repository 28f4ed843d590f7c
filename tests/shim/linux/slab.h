/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim: kmalloc() and friends on calloc()/free().  Tests can make the
 * n-th allocation from now fail with host_fail_alloc(n) to reach the error
 * paths.
 */
#ifndef _SHIM_LINUX_SLAB_H
#define _SHIM_LINUX_SLAB_H

#include <linux/types.h>

#define GFP_KERNEL	0x1U
#define GFP_ATOMIC	0x2U
#define GFP_NOWAIT	0x4U
#define __GFP_NOWARN	0x8U

void host_fail_alloc(int nth);
bool host_fail_pending(void);
void *host_calloc(size_t n, size_t size);

static inline void *kzalloc(size_t size, gfp_t flags)
{
	(void)flags;
	return host_calloc(1, size);
}

static inline void *kmalloc(size_t size, gfp_t flags)
{
	(void)flags;
	return host_calloc(1, size);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	(void)flags;
	return host_calloc(n, size);
}

void kfree(const void *p);

static inline void *kvcalloc(size_t n, size_t size, gfp_t flags)
{
	return kcalloc(n, size, flags);
}

static inline void kvfree(const void *p)
{
	kfree(p);
}

#endif /* _SHIM_LINUX_SLAB_H */
