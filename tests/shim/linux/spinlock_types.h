/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim: a spinlock is a pthread mutex, for cmr's files and make bench's
 * kernel peers alike, so a lock costs the peers what it costs cmr.
 */
#ifndef _SHIM_LINUX_SPINLOCK_TYPES_H
#define _SHIM_LINUX_SPINLOCK_TYPES_H

#include <pthread.h>

typedef struct {
	pthread_mutex_t mutex;
} spinlock_t;

#define spin_lock_init(lock)	pthread_mutex_init(&(lock)->mutex, NULL)
#define spin_lock(lock)		pthread_mutex_lock(&(lock)->mutex)
#define spin_unlock(lock)	pthread_mutex_unlock(&(lock)->mutex)
#define spin_lock_irq(lock)	spin_lock(lock)
#define spin_unlock_irq(lock)	spin_unlock(lock)

#endif /* _SHIM_LINUX_SPINLOCK_TYPES_H */
