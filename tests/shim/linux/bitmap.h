/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim: the bitmap and find_bit helpers cmr uses, implemented in
 * lib/bitmap.c.  The prototypes keep the kernel's argument widths (several
 * take unsigned int bit numbers), so a caller that passes an unsigned long
 * is truncated here exactly as it would be in the kernel.
 */
#ifndef _SHIM_LINUX_BITMAP_H
#define _SHIM_LINUX_BITMAP_H

#include <linux/kernel.h>
#include <linux/types.h>

#define BITS_TO_LONGS(nr)	DIV_ROUND_UP(nr, BITS_PER_LONG)

unsigned long *bitmap_zalloc(unsigned int nbits, gfp_t flags);
void bitmap_free(const unsigned long *bitmap);

void bitmap_set(unsigned long *map, unsigned int start, unsigned int nbits);
void bitmap_clear(unsigned long *map, unsigned int start, unsigned int nbits);

unsigned long find_next_bit(const unsigned long *addr, unsigned long size,
			    unsigned long offset);
unsigned long find_next_zero_bit(const unsigned long *addr,
				 unsigned long size, unsigned long offset);

unsigned long bitmap_find_next_zero_area_off(unsigned long *map,
					     unsigned long size,
					     unsigned long start,
					     unsigned int nr,
					     unsigned long align_mask,
					     unsigned long align_offset);

#endif /* _SHIM_LINUX_BITMAP_H */
