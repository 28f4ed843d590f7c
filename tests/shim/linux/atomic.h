/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim: the atomics genalloc uses, on the compiler's builtins, so
 * they cost one locked instruction each as in the kernel.
 */
#ifndef _SHIM_LINUX_ATOMIC_H
#define _SHIM_LINUX_ATOMIC_H

typedef struct {
	long counter;
} atomic_long_t;

#define atomic_long_read(v)						\
	__atomic_load_n(&(v)->counter, __ATOMIC_RELAXED)
#define atomic_long_set(v, i)						\
	__atomic_store_n(&(v)->counter, (i), __ATOMIC_RELAXED)
#define atomic_long_add(i, v)						\
	((void)__atomic_fetch_add(&(v)->counter, (i), __ATOMIC_RELAXED))
#define atomic_long_sub(i, v)						\
	((void)__atomic_fetch_sub(&(v)->counter, (i), __ATOMIC_RELAXED))

/* Both forms: try_cmpxchg() since 6.2, cmpxchg() before. */
#define try_cmpxchg(ptr, oldp, new)					\
	__atomic_compare_exchange_n((ptr), (oldp), (new), false,	\
				    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)
#define cmpxchg(ptr, old, new)						\
({									\
	typeof(*(ptr)) __old = (old);					\
	try_cmpxchg((ptr), &__old, (new));				\
	__old;								\
})

#endif /* _SHIM_LINUX_ATOMIC_H */
