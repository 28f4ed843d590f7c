// SPDX-License-Identifier: GPL-2.0
/*
 * Shim: bitmap and find_bit helpers with the semantics of the kernel's
 * lib/bitmap.c and lib/find_bit.c.  Written for clarity, not speed; the
 * shim_checks tests compare them against bit-by-bit versions.
 */
#include <linux/bitmap.h>
#include <linux/slab.h>

unsigned long *bitmap_zalloc(unsigned int nbits, gfp_t flags)
{
	return kcalloc(BITS_TO_LONGS(nbits), sizeof(unsigned long), flags);
}

void bitmap_free(const unsigned long *bitmap)
{
	kfree(bitmap);
}

static void bitmap_assign(unsigned long *map, unsigned long start,
			  unsigned long nbits, bool set)
{
	while (nbits) {
		unsigned long bit = start % BITS_PER_LONG;
		unsigned long n = min(nbits, BITS_PER_LONG - bit);
		unsigned long mask = n == BITS_PER_LONG ? ~0UL :
				     ((1UL << n) - 1) << bit;

		if (set)
			map[start / BITS_PER_LONG] |= mask;
		else
			map[start / BITS_PER_LONG] &= ~mask;
		start += n;
		nbits -= n;
	}
}

void bitmap_set(unsigned long *map, unsigned int start, unsigned int nbits)
{
	bitmap_assign(map, start, nbits, true);
}

void bitmap_clear(unsigned long *map, unsigned int start, unsigned int nbits)
{
	bitmap_assign(map, start, nbits, false);
}

/*
 * First bit at or after @offset that is set in @addr ^ @invert, or @size.
 * Reads only the words that hold bits below @size.
 */
static unsigned long find_next(const unsigned long *addr, unsigned long size,
			       unsigned long offset, unsigned long invert)
{
	unsigned long word, base;

	if (offset >= size)
		return size;
	base = offset - offset % BITS_PER_LONG;
	word = (addr[base / BITS_PER_LONG] ^ invert) &
	       (~0UL << (offset % BITS_PER_LONG));
	while (!word) {
		base += BITS_PER_LONG;
		if (base >= size)
			return size;
		word = addr[base / BITS_PER_LONG] ^ invert;
	}
	return min(base + __builtin_ctzl(word), size);
}

unsigned long find_next_bit(const unsigned long *addr, unsigned long size,
			    unsigned long offset)
{
	return find_next(addr, size, offset, 0);
}

unsigned long find_next_zero_bit(const unsigned long *addr,
				 unsigned long size, unsigned long offset)
{
	return find_next(addr, size, offset, ~0UL);
}

/*
 * First run of @nr clear bits at or after @start, below @size, whose index
 * i satisfies ((i + @align_offset) & @align_mask) == 0.  On failure returns
 * a value above @size (the end the last candidate would have had).
 */
unsigned long bitmap_find_next_zero_area_off(unsigned long *map,
					     unsigned long size,
					     unsigned long start,
					     unsigned int nr,
					     unsigned long align_mask,
					     unsigned long align_offset)
{
	unsigned long index, end, busy;

	for (;;) {
		index = find_next_zero_bit(map, size, start);
		/* Round index + align_offset up to the alignment. */
		index = ((index + align_offset + align_mask) & ~align_mask) -
			align_offset;
		end = index + nr;
		if (end > size)
			return end;
		busy = find_next_bit(map, end, index);
		if (busy >= end)
			return index;
		start = busy + 1;
	}
}
