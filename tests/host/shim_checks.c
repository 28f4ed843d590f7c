// SPDX-License-Identifier: GPL-2.0
/*
 * Checks of the harness's own bitmap helpers (lib/bitmap.c) against
 * bit-at-a-time versions: the cmr checks are only as good as these.  Maps
 * are heap-allocated to their exact size so ASan flags any over-read.
 */
#include <stdlib.h>
#include <linux/bitmap.h>

#include "common.h"

/* Sizes around word boundaries, and one of several words. */
static const unsigned long shim_sizes[] = { 1, 63, 64, 65, 127, 200 };

static bool shim_test_bit(const unsigned long *map, unsigned long bit)
{
	return map[bit / BITS_PER_LONG] >> (bit % BITS_PER_LONG) & 1;
}

/* A random map with about one bit in @one_in set. */
static unsigned long *shim_random_map(unsigned long bits,
				      unsigned long one_in)
{
	unsigned long *map = calloc(BITS_TO_LONGS(bits), sizeof(long));
	unsigned long i;

	for (i = 0; map && i < bits; i++)
		if (!host_rand_below(one_in))
			map[i / BITS_PER_LONG] |= 1UL << (i % BITS_PER_LONG);
	return map;
}

/*
 * Set and clear random ranges of a 200-bit map, mirrored in a bool array:
 *
 *   bit 0          64             128            192   200
 *   +--------------+--------------+--------------+-----+
 *   |    ######    |##############|####          |     |
 *
 * Expect the map to match the array bit for bit after every step, with
 * ranges inside one word, across words and covering whole words.
 */
static void shim_set_clear_check(void)
{
	unsigned long bits = 200, i, step, start, nbits;
	unsigned long *map = calloc(BITS_TO_LONGS(bits), sizeof(long));
	bool ref[200] = { };

	if (!CHECK(map))
		return;
	for (step = 0; step < 2000; step++) {
		start = host_rand_below(bits);
		nbits = host_rand_below(bits - start + 1);
		if (step & 1)
			bitmap_set(map, start, nbits);
		else
			bitmap_clear(map, start, nbits);
		for (i = start; i < start + nbits; i++)
			ref[i] = step & 1;
		for (i = 0; i < bits; i++)
			if (!CHECK_EQ(shim_test_bit(map, i), ref[i]))
				goto out;
	}
out:
	free(map);
}

/*
 * find_next_bit() and find_next_zero_bit() from every offset, including
 * offsets at and past the size, of random maps of several sizes.
 *
 * Expect the first matching bit at or after the offset, or the size.
 */
static void shim_find_bit_check(void)
{
	unsigned long s, off, i, want_set, want_zero, one_in;
	unsigned long *map;

	for (s = 0; s < ARRAY_SIZE(shim_sizes); s++) {
		unsigned long bits = shim_sizes[s];

		for (one_in = 1; one_in <= 16; one_in *= 4) {
			map = shim_random_map(bits, one_in);
			if (!CHECK(map))
				return;
			for (off = 0; off <= bits + 1; off++) {
				want_set = bits;
				want_zero = bits;
				for (i = bits; i-- > off; ) {
					if (shim_test_bit(map, i))
						want_set = i;
					else
						want_zero = i;
				}
				CHECK_EQ(find_next_bit(map, bits, off),
					 want_set);
				CHECK_EQ(find_next_zero_bit(map, bits, off),
					 want_zero);
			}
			free(map);
		}
	}
}

/* The lowest aligned start of a free run, or @size when there is none. */
static unsigned long shim_area_ref(const unsigned long *map,
				   unsigned long size, unsigned long start,
				   unsigned long nr, unsigned long mask,
				   unsigned long offset)
{
	unsigned long i, j;

	for (i = start; i + nr <= size; i++) {
		if ((i + offset) & mask)
			continue;
		for (j = i; j < i + nr && !shim_test_bit(map, j); j++)
			;
		if (j == i + nr)
			return i;
	}
	return size;
}

/*
 * bitmap_find_next_zero_area_off() on random maps, with random start,
 * length, alignment mask and alignment offset:
 *
 *   start    index: (index + align_offset) & align_mask == 0
 *   v        v
 *   |##  # ##[ nr free bits ]#   ##|
 *
 * Expect the lowest such index whose run fits below the size, or a value
 * of at least the size when none does.
 */
static void shim_area_off_check(void)
{
	unsigned long s, n, start, nr, mask, offset, want, got;
	unsigned long *map;

	for (s = 0; s < ARRAY_SIZE(shim_sizes); s++) {
		unsigned long bits = shim_sizes[s];

		for (n = 0; n < 300; n++) {
			map = shim_random_map(bits, 2 + host_rand_below(8));
			if (!CHECK(map))
				return;
			start = host_rand_below(bits + 1);
			nr = 1 + host_rand_below(8);
			mask = (1UL << host_rand_below(5)) - 1;
			offset = host_rand_below(mask + 1);
			want = shim_area_ref(map, bits, start, nr, mask,
					     offset);
			got = bitmap_find_next_zero_area_off(map, bits, start,
							     nr, mask, offset);
			if (want < bits)
				CHECK_EQ(got, want);
			else
				CHECK(got >= bits);
			free(map);
		}
	}
}

void shim_checks(void)
{
	HOST_RUN(shim_set_clear_check);
	HOST_RUN(shim_find_bit_check);
	HOST_RUN(shim_area_off_check);
}
