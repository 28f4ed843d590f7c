// SPDX-License-Identifier: GPL-2.0
/*
 * Metadata accounting: the bench binary is linked with --wrap for
 * malloc(), calloc() and realloc(), so every byte the allocators ask the C
 * library for passes here: the host shims' kzalloc() and kvcalloc(), the
 * kernel peers' kmalloc_node() and vzalloc_node(), the CMA peer's bitmap.
 * Between bench_meta_start() and bench_meta_stop() the bytes requested
 * are added up (allocator headers and page rounding are not): around the
 * zone's setup and around every allocation and release, since a strategy
 * may grow its metadata as buffers are added.
 */
#include <stdlib.h>

#include "bench.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);

static bool counting;
static size_t counted;

void *__wrap_malloc(size_t size)
{
	if (counting)
		counted += size;
	return __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
	if (counting)
		counted += n * size;
	return __real_calloc(n, size);
}

/* Counts the new size: an upper bound, realloc() is no init-time call. */
void *__wrap_realloc(void *p, size_t size)
{
	if (counting)
		counted += size;
	return __real_realloc(p, size);
}

void bench_meta_start(void)
{
	counted = 0;
	counting = true;
}

/* Return: bytes requested since bench_meta_start(). */
size_t bench_meta_stop(void)
{
	counting = false;
	return counted;
}
