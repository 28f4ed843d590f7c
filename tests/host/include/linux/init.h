/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: there are no init sections in a test binary. */
#ifndef _HOST_LINUX_INIT_H
#define _HOST_LINUX_INIT_H

#define __init
#define __initdata

#endif /* _HOST_LINUX_INIT_H */
