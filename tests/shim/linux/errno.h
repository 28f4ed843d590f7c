/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim: the uapi error numbers, as the kernel's linux/errno.h has.
 * Not libc's <errno.h>: that one includes <linux/errno.h>, i.e. this file.
 */
#ifndef _SHIM_LINUX_ERRNO_H
#define _SHIM_LINUX_ERRNO_H

#include <asm/errno.h>

#endif /* _SHIM_LINUX_ERRNO_H */
