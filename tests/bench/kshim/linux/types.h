/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bench shim for the kernel peers: the integer types and struct list_head
 * that the kernel's genalloc.h, bitmap and find_bit code use.
 */
#ifndef _KSHIM_LINUX_TYPES_H
#define _KSHIM_LINUX_TYPES_H

#include <stdbool.h>
#include <stddef.h>

typedef unsigned char		u8;
typedef unsigned int		u32;
typedef unsigned long long	u64;

/* CONFIG_PHYS_ADDR_T_64BIT */
typedef u64			phys_addr_t;
typedef u64			dma_addr_t;
typedef unsigned int		gfp_t;

struct list_head {
	struct list_head *next, *prev;
};

#endif /* _KSHIM_LINUX_TYPES_H */
