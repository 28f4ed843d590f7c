// SPDX-License-Identifier: GPL-2.0
/* The buffers a workload holds: an unordered array, removal by swap. */
#include <stdlib.h>

#include "bench.h"

void bench_bufs_push(struct bench_bufs *b, unsigned long pfn,
		     unsigned long count)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64;
		b->v = realloc(b->v, b->cap * sizeof(*b->v));
		if (!b->v)
			abort();
	}
	b->v[b->n++] = (struct bench_buf) { .pfn = pfn, .count = count };
}

/* Remove and return buffer @i (< n); the last one takes its place. */
struct bench_buf bench_bufs_take(struct bench_bufs *b, size_t i)
{
	struct bench_buf buf = b->v[i];

	b->v[i] = b->v[--b->n];
	return buf;
}

/* Release every buffer held, last first; each is a measured release. */
void bench_bufs_release_all(struct bench_run *r, struct bench_bufs *b)
{
	while (b->n) {
		struct bench_buf buf = bench_bufs_take(b, b->n - 1);

		bench_release(r, buf.pfn, buf.count);
	}
}

void bench_bufs_free(struct bench_bufs *b)
{
	free(b->v);
	*b = (struct bench_bufs) { };
}
