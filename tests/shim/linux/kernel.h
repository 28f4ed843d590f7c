/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim: the bits of linux/kernel.h (and what it pulls in: limits,
 * math, array_size, export, printk) that cmr uses.
 */
#ifndef _SHIM_LINUX_KERNEL_H
#define _SHIM_LINUX_KERNEL_H

#include <limits.h>
#include <linux/printk.h>
#include <linux/types.h>

#define BITS_PER_LONG		(8 * (int)sizeof(long))

#define U8_MAX			((u8)~0U)
#define U16_MAX			((u16)~0U)
#define U32_MAX			((u32)~0U)
#define U64_MAX			((u64)~0ULL)

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)

/* A compile error, not a silently wrong count, if handed a pointer. */
#define BUILD_BUG_ON_ZERO(e)	((int)(sizeof(struct { int:(-!!(e)); })))
#define __must_be_array(a)						\
	BUILD_BUG_ON_ZERO(__builtin_types_compatible_p(typeof(a),	\
						       typeof(&(a)[0])))
#define ARRAY_SIZE(arr)	(sizeof(arr) / sizeof((arr)[0]) + __must_be_array(arr))

#define container_of(ptr, type, member)					\
	((type *)((char *)(ptr) - offsetof(type, member)))

#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
/* As include/linux/align.h: @a is a power of two. */
#define ALIGN(x, a)		(((x) + ((typeof(x))(a) - 1)) & ~((typeof(x))(a) - 1))

#define min(a, b)		((a) < (b) ? (a) : (b))
#define max(a, b)		((a) > (b) ? (a) : (b))
#define max3(a, b, c)		max(max(a, b), c)
#define min_t(t, a, b)		min((t)(a), (t)(b))
#define max_t(t, a, b)		max((t)(a), (t)(b))

/* The host build enables no kernel option. */
#define IS_ENABLED(option)	0

/* No modules here; a redeclaration swallows the trailing semicolon. */
#define EXPORT_SYMBOL(sym)	extern typeof(sym) sym
#define EXPORT_SYMBOL_GPL(sym)	extern typeof(sym) sym

#endif /* _SHIM_LINUX_KERNEL_H */
