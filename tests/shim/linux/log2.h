/* SPDX-License-Identifier: GPL-2.0 */
/* Shim: power-of-two helpers. */
#ifndef _SHIM_LINUX_LOG2_H
#define _SHIM_LINUX_LOG2_H

#include <linux/types.h>

/* Takes unsigned long, as the kernel's does. */
static inline bool is_power_of_2(unsigned long n)
{
	return n && !(n & (n - 1));
}

/* Floor of log2(n), n > 0; the kernel's takes any unsigned type. */
#define ilog2(n)	((int)(8 * sizeof(unsigned long long) - 1 -	\
			       __builtin_clzll((unsigned long long)(n))))

#endif /* _SHIM_LINUX_LOG2_H */
