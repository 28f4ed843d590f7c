/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim: what the kernel's rbtree code takes from linux/compiler.h.
 * glibc's sys/cdefs.h has __always_inline.  One thread, so the ONCE
 * accessors are plain accesses.
 */
#ifndef _SHIM_LINUX_COMPILER_H
#define _SHIM_LINUX_COMPILER_H

#include <sys/cdefs.h>

#define __must_hold(x)
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define noinline		__attribute__((__noinline__))
#define READ_ONCE(x)		(x)
#define WRITE_ONCE(x, v)	((x) = (v))

#endif /* _SHIM_LINUX_COMPILER_H */
