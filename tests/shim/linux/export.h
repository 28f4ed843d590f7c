/* SPDX-License-Identifier: GPL-2.0 */
/* Shim: no modules; EXPORT_SYMBOL*() live in the kernel.h shim. */
#ifndef _SHIM_LINUX_EXPORT_H
#define _SHIM_LINUX_EXPORT_H

#include <linux/kernel.h>

#endif /* _SHIM_LINUX_EXPORT_H */
