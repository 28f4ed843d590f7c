// SPDX-License-Identifier: GPL-2.0
/*
 * W3, adversarial, on 1 GiB.  The whole zone is allocated in one request
 * and then released page by page into a pattern (not measured):
 *
 *  - checkerboard: every other page free; requests of 2, 16, 256 and
 *    4096 pages, which cannot fit anywhere, fail;
 *  - tail fit: the checkerboard, plus the last 16 MiB free: a 16 MiB
 *    request fits there only; it is allocated and released again;
 *  - aligned: pages 4k+1 and 4k+2 free, so every free extent is 2 pages
 *    but starts at an odd page: 2-page requests aligned to 2 pages fail.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

#define W3_TAIL		4096

static const unsigned long w3_sizes[] = { 2, 16, 256, 4096 };

/* Allocate the whole zone; release @n pages every @period from @first. */
static void w3_pattern(struct bench_run *r, unsigned long first,
		       unsigned long n, unsigned long period)
{
	unsigned long pfn, off;

	r->measure = false;
	if (bench_alloc(r, r->pages, 0, &pfn)) {
		fprintf(stderr,
			"bench: %s cannot allocate a whole empty zone\n",
			r->ba->name);
		exit(2);
	}
	for (off = first; off + n <= r->pages; off += period)
		bench_release(r, r->base_pfn + off, n);
}

void bench_w3_checker(struct bench_run *r, const struct bench_config *c,
		      const struct bench_params *p, struct bench_rng *rng)
{
	unsigned long i, pfn, count;

	w3_pattern(r, 1, 1, 2);
	r->measure = true;
	for (i = 0; i < p->w3_ops; i++) {
		count = w3_sizes[i % 4];
		if (!bench_alloc(r, count, 0, &pfn))
			bench_release(r, pfn, count);
	}
}

void bench_w3_tail(struct bench_run *r, const struct bench_config *c,
		   const struct bench_params *p, struct bench_rng *rng)
{
	unsigned long i, pfn, off;

	w3_pattern(r, 1, 1, 2);
	for (off = r->pages - W3_TAIL; off < r->pages; off += 2)
		bench_release(r, r->base_pfn + off, 1);
	r->measure = true;
	for (i = 0; i < p->w3_ops; i++)
		if (!bench_alloc(r, W3_TAIL, 0, &pfn))
			bench_release(r, pfn, W3_TAIL);
}

void bench_w3_aligned(struct bench_run *r, const struct bench_config *c,
		      const struct bench_params *p, struct bench_rng *rng)
{
	unsigned long i, pfn;

	w3_pattern(r, 1, 2, 4);
	r->measure = true;
	for (i = 0; i < p->w3_ops; i++)
		if (!bench_alloc(r, 2, 1, &pfn))
			bench_release(r, pfn, 2);
}
