/* SPDX-License-Identifier: GPL-2.0 */
/* Shim: there are no init sections in a test binary. */
#ifndef _SHIM_LINUX_INIT_H
#define _SHIM_LINUX_INIT_H

#define __init
#define __initdata

/*
 * An initcall is a static function: publish a pointer to it, so that a
 * test can call host_initcall_<fn>() where the kernel would at boot.
 */
#define core_initcall(fn)	int (*const host_initcall_##fn)(void) = fn

#endif /* _SHIM_LINUX_INIT_H */
