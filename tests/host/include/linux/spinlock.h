/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: a spinlock is a pthread mutex.  The irqsave variants write
 * flags like the kernel's do, so "set but not used" stays quiet and the
 * caller's flags variable is still type-checked as unsigned long.
 */
#ifndef _HOST_LINUX_SPINLOCK_H
#define _HOST_LINUX_SPINLOCK_H

#include <pthread.h>

typedef struct {
	pthread_mutex_t mutex;
} spinlock_t;

#define spin_lock_init(lock)	pthread_mutex_init(&(lock)->mutex, NULL)
#define spin_lock(lock)		pthread_mutex_lock(&(lock)->mutex)
#define spin_unlock(lock)	pthread_mutex_unlock(&(lock)->mutex)

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

#endif /* _HOST_LINUX_SPINLOCK_H */
