// SPDX-License-Identifier: GPL-2.0
/*
 * Shim: the allocator behind kzalloc() and bitmap_zalloc(), with a
 * failure injector so tests reach the -ENOMEM paths (and LeakSanitizer
 * checks that those paths free what they took).
 */
#include <stdlib.h>
#include <linux/slab.h>

/* Allocations left before one fails; negative: never fail. */
static int host_alloc_countdown = -1;

/**
 * host_fail_alloc() - make an allocation fail
 * @nth: 0 fails the next allocation, 1 the one after, ...; -1 disarms
 */
void host_fail_alloc(int nth)
{
	host_alloc_countdown = nth;
}

/**
 * host_fail_pending() - is the failure host_fail_alloc() armed still to come?
 *
 * Return: true when fewer allocations than asked were made since.
 */
bool host_fail_pending(void)
{
	return host_alloc_countdown >= 0;
}

void *host_calloc(size_t n, size_t size)
{
	if (host_alloc_countdown >= 0 && !host_alloc_countdown--)
		return NULL;
	/*
	 * glibc and ASan return a unique pointer for 0 bytes that may not be
	 * dereferenced: the kernel's ZERO_SIZE_PTR, in effect.
	 */
	return calloc(n, size);
}

void kfree(const void *p)
{
	free((void *)p);
}
