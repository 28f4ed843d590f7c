/* SPDX-License-Identifier: GPL-2.0 */
/* The guest's test programs, linked into /init (tests/guest/init.c). */
#ifndef _GUEST_H
#define _GUEST_H

unsigned int vb2_tests(void);
void vb2_demo(void);
unsigned int heap_tests(void);

#endif /* _GUEST_H */
