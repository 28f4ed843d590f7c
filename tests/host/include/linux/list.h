/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: mm/cmr.h needs only struct list_head, from linux/types.h. */
#ifndef _HOST_LINUX_LIST_H
#define _HOST_LINUX_LIST_H

#include <linux/types.h>

#endif /* _HOST_LINUX_LIST_H */
