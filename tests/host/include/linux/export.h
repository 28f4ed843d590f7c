/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: no modules; EXPORT_SYMBOL*() live in the kernel.h shim. */
#ifndef _HOST_LINUX_EXPORT_H
#define _HOST_LINUX_EXPORT_H

#include <linux/kernel.h>

#endif /* _HOST_LINUX_EXPORT_H */
