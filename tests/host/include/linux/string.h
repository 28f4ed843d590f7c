/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: mem*() and str*() come from libc. */
#ifndef _HOST_LINUX_STRING_H
#define _HOST_LINUX_STRING_H

#include <string.h>

#endif /* _HOST_LINUX_STRING_H */
