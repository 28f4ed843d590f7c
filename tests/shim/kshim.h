/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bench shim: the kernel environment of the code make bench takes from
 * $(KSRC) at build time (see the Makefile: lib/find_bit.c, lib/bitmap.c,
 * lib/genalloc.c and inline helpers of include/linux/find.h, bitmap.h),
 * for one thread in userspace.  RCU read sides and the NMI check are
 * empty; locks are the shims' mutexes (linux/spinlock_types.h); atomics are real.
 *
 * The kernel's out-of-line bitmap symbols are renamed kernel_*(): the
 * shims the cmr strategies link to define bitmap_find_next_zero_area_off()
 * too, and the peers must use the kernel's own.
 */
#ifndef _SHIM_KSHIM_H
#define _SHIM_KSHIM_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/spinlock_types.h>

#define bitmap_find_next_zero_area_off kernel_bitmap_find_next_zero_area_off
#define __bitmap_set		kernel___bitmap_set
#define __bitmap_clear		kernel___bitmap_clear
#define _find_first_bit		kernel__find_first_bit
#define _find_next_bit		kernel__find_next_bit
#define _find_next_zero_bit	kernel__find_next_zero_bit
#define _find_last_bit		kernel__find_last_bit

/* compiler.h (__always_inline is glibc's), bug.h, export.h, nmi.h */
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define cpu_relax()		__atomic_signal_fence(__ATOMIC_SEQ_CST)
#define BUG()			abort()
#define BUG_ON(cond)		do { if (cond) BUG(); } while (0)
#define in_nmi()		0
/* No modules; a declaration at file scope takes the semicolon. */
#define EXPORT_SYMBOL(sym)	_Static_assert(1, #sym)
#define EXPORT_SYMBOL_GPL(sym)	_Static_assert(1, #sym)
/* As on arm64 and x86: gen_pool_alloc_algo_owner() has no NMI check. */
#define CONFIG_ARCH_HAVE_NMI_SAFE_CMPXCHG	1

/* bits.h, bitops.h, align.h, minmax.h */
#define PAGE_SHIFT		12
#define BITS_PER_LONG		(__SIZEOF_LONG__ * 8)
#define BIT_WORD(nr)		((nr) / BITS_PER_LONG)
#define BITS_TO_LONGS(nr)	(((nr) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define GENMASK(h, l)							\
	(((~0UL) - (1UL << (l)) + 1) & (~0UL >> (BITS_PER_LONG - 1 - (h))))
#define small_const_nbits(nbits)					\
	(__builtin_constant_p(nbits) && (nbits) <= BITS_PER_LONG &&	\
	 (nbits) > 0)
#define BITMAP_MEM_ALIGNMENT	(8 * sizeof(unsigned long))
#define BITMAP_MEM_MASK		(BITMAP_MEM_ALIGNMENT - 1)
#define IS_ALIGNED(x, a)	(((x) & ((typeof(x))(a) - 1)) == 0)
#define __ALIGN_MASK(x, mask)	(((x) + (mask)) & ~(mask))
#define min(a, b)		((a) < (b) ? (a) : (b))
#define __ffs(word)		((unsigned long)__builtin_ctzl(word))
#define __fls(word)		((unsigned long)(BITS_PER_LONG - 1 - __builtin_clzl(word)))
#define round_down(x, y)	((x) & ~((__typeof__(x))((y) - 1)))
#define ffz(word)		__ffs(~(word))

static inline void __set_bit(unsigned long nr, unsigned long *map)
{
	map[BIT_WORD(nr)] |= 1UL << (nr % BITS_PER_LONG);
}

static inline void __clear_bit(unsigned long nr, unsigned long *map)
{
	map[BIT_WORD(nr)] &= ~(1UL << (nr % BITS_PER_LONG));
}

/* list.h, rculist.h, rcupdate.h: one thread, no grace periods */
#define container_of(ptr, type, member)					\
	((type *)((char *)(ptr) - offsetof(type, member)))
#define list_entry(ptr, type, member)	container_of(ptr, type, member)

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

static inline void list_add_rcu(struct list_head *new, struct list_head *head)
{
	new->next = head->next;
	new->prev = head;
	head->next->prev = new;
	head->next = new;
}

static inline void list_del(struct list_head *entry)
{
	entry->prev->next = entry->next;
	entry->next->prev = entry->prev;
}

#define list_for_each_safe(pos, n, head)				\
	for (pos = (head)->next, n = pos->next; pos != (head);		\
	     pos = n, n = pos->next)
#define list_for_each_entry_rcu(pos, head, member, ...)			\
	for (pos = list_entry((head)->next, typeof(*pos), member);	\
	     &pos->member != (head);					\
	     pos = list_entry(pos->member.next, typeof(*pos), member))
#define rcu_read_lock()		do { } while (0)
#define rcu_read_unlock()	do { } while (0)

/* slab.h, vmalloc.h: malloc() and friends, which make bench counts */
#define GFP_KERNEL		0U

static inline void *kmalloc_node(size_t size, gfp_t flags, int node)
{
	return malloc(size);
}

static inline void *vzalloc_node(size_t size, int node)
{
	return calloc(1, size);
}

static inline void kfree(const void *p)
{
	free((void *)p);
}

#define kfree_const(p)		kfree(p)
#define vfree(p)		kfree(p)

/* The kernel's out-of-line bitmap functions, as include/linux declares. */
unsigned long _find_first_bit(const unsigned long *addr, unsigned long size);
unsigned long _find_next_bit(const unsigned long *addr, unsigned long nbits,
			     unsigned long start);
unsigned long _find_next_zero_bit(const unsigned long *addr,
				  unsigned long nbits, unsigned long start);
unsigned long _find_last_bit(const unsigned long *addr, unsigned long size);
void __bitmap_set(unsigned long *map, unsigned int start, int len);
void __bitmap_clear(unsigned long *map, unsigned int start, int len);
unsigned long bitmap_find_next_zero_area_off(unsigned long *map,
					     unsigned long size,
					     unsigned long start,
					     unsigned int nr,
					     unsigned long align_mask,
					     unsigned long align_offset);

#endif /* _SHIM_KSHIM_H */
