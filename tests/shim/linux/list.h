/* SPDX-License-Identifier: GPL-2.0 */
/* Shim: mm/cmr.h needs only struct list_head, from linux/types.h. */
#ifndef _SHIM_LINUX_LIST_H
#define _SHIM_LINUX_LIST_H

#include <linux/types.h>

#endif /* _SHIM_LINUX_LIST_H */
