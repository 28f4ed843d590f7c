/* SPDX-License-Identifier: GPL-2.0 */
/* Shim: a board with 1 GiB of RAM. */
#ifndef _SHIM_LINUX_MEMBLOCK_H
#define _SHIM_LINUX_MEMBLOCK_H

#include <linux/types.h>

static inline phys_addr_t memblock_phys_mem_size(void)
{
	return 1ULL << 30;
}

#endif /* _SHIM_LINUX_MEMBLOCK_H */
