/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim: spinlock_t and its plain calls are in linux/spinlock_types.h.  The
 * irqsave variants write flags like the kernel's do, so "set but not used"
 * stays quiet and the caller's flags variable is still type-checked as
 * unsigned long.
 */
#ifndef _SHIM_LINUX_SPINLOCK_H
#define _SHIM_LINUX_SPINLOCK_H

#include <linux/spinlock_types.h>

#define spin_lock_irqsave(lock, flags)					\
do {									\
	unsigned long *__flags = &(flags);				\
	*__flags = 0;							\
	pthread_mutex_lock(&(lock)->mutex);				\
} while (0)

#define spin_unlock_irqrestore(lock, flags)				\
do {									\
	(void)(flags);							\
	pthread_mutex_unlock(&(lock)->mutex);				\
} while (0)

#endif /* _SHIM_LINUX_SPINLOCK_H */
