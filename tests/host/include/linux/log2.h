/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: power-of-two helpers. */
#ifndef _HOST_LINUX_LOG2_H
#define _HOST_LINUX_LOG2_H

#include <linux/types.h>

/* Takes unsigned long, as the kernel's does. */
static inline bool is_power_of_2(unsigned long n)
{
	return n && !(n & (n - 1));
}

#endif /* _HOST_LINUX_LOG2_H */
