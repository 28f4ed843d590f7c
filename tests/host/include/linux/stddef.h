/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: linux/stddef.h is the C library's stddef.h plus bool. */
#ifndef _HOST_LINUX_STDDEF_H
#define _HOST_LINUX_STDDEF_H

#include <stdbool.h>
#include <stddef.h>

#endif /* _HOST_LINUX_STDDEF_H */
