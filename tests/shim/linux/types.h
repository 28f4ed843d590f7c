/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim: kernel integer types and struct list_head, for cmr's files and for
 * the kernel code make bench builds (genalloc.h, bitmap, find_bit).  u64 is
 * unsigned long long as in the kernel (asm-generic/int-ll64.h), so -Wformat
 * catches the same mistakes.
 */
#ifndef _SHIM_LINUX_TYPES_H
#define _SHIM_LINUX_TYPES_H

#include <stdbool.h>
#include <stddef.h>

typedef unsigned char		u8;
typedef unsigned short		u16;
typedef unsigned int		u32;
typedef unsigned long long	u64;
typedef signed char		s8;
typedef short			s16;
typedef int			s32;
typedef long long		s64;

/* CONFIG_PHYS_ADDR_T_64BIT */
typedef u64			phys_addr_t;
typedef u64			dma_addr_t;
typedef u32			__be32;
typedef unsigned int		gfp_t;

struct list_head {
	struct list_head *next, *prev;
};

#endif /* _SHIM_LINUX_TYPES_H */
