/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim: the type of a work item, for headers that embed one; the host
 * build runs no work.
 */
#ifndef _SHIM_LINUX_WORKQUEUE_H
#define _SHIM_LINUX_WORKQUEUE_H

struct work_struct {
	void (*func)(struct work_struct *work);
};

#endif /* _SHIM_LINUX_WORKQUEUE_H */
