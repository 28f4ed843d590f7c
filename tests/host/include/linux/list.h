/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: struct list_head comes from linux/types.h; the zone code
 * only initialises its list of allocation records (mm/cmr_track.c fills
 * it in the kernel).
 */
#ifndef _HOST_LINUX_LIST_H
#define _HOST_LINUX_LIST_H

#include <linux/types.h>

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

#endif /* _HOST_LINUX_LIST_H */
