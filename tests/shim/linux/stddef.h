/* SPDX-License-Identifier: GPL-2.0 */
/* Shim: linux/stddef.h is the C library's stddef.h plus bool. */
#ifndef _SHIM_LINUX_STDDEF_H
#define _SHIM_LINUX_STDDEF_H

#include <stdbool.h>
#include <stddef.h>

#endif /* _SHIM_LINUX_STDDEF_H */
