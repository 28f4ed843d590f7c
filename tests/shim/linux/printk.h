/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim: pr_*() print to stdout.  They go through printf() itself, so
 * -Wformat checks every format string as the kernel build would.
 */
#ifndef _SHIM_LINUX_PRINTK_H
#define _SHIM_LINUX_PRINTK_H

#include <stdio.h>
#include <linux/init.h>		/* as in the kernel, printk.h brings __init */

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

/* Checks the format but prints nothing, like the kernel's no_printk(). */
#define no_printk(fmt, ...)				\
({							\
	if (0)						\
		printf(fmt, ##__VA_ARGS__);		\
	0;						\
})

#define pr_emerg(fmt, ...)	printf(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...)	printf(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...)	printf(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)	printf(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printf(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_ratelimited(fmt, ...)	pr_warn(fmt, ##__VA_ARGS__)
#define pr_notice(fmt, ...)	printf(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	printf(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)	no_printk(pr_fmt(fmt), ##__VA_ARGS__)

#endif /* _SHIM_LINUX_PRINTK_H */
