/* SPDX-License-Identifier: GPL-2.0 */
/* Fault injection and kmemleak from the guest (tests/guest/fault_inject.c). */
#ifndef _FAULT_INJECT_H
#define _FAULT_INJECT_H

#include <stddef.h>

int fault_setup(void);
void fault_teardown(void);
void fault_arm(unsigned int n);
int fault_fired(void);
void fault_site(char *site, size_t len);
int kmemleak_on(void);
int fault_leaks(int *cmr, char *first, size_t len);

#endif /* _FAULT_INJECT_H */
