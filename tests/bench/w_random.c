// SPDX-License-Identifier: GPL-2.0
/*
 * W2, random, and W4, scaling (W2 at 80% on zones of 64 MiB to 4 GiB).
 *
 * Sizes log-uniform from 4 KiB to 16 MiB, alignment none, 64 KiB or
 * 1 MiB with equal odds.  The zone is first filled to the target (not
 * measured); then each operation allocates while the zone is below the
 * target and releases a random buffer otherwise.  Every 1,000 operations
 * a 16 MiB probe is tried and released at once (not measured), and the
 * free-space figure is sampled.
 */
#include "bench.h"

#define W2_MAX_PAGES	4096	/* 16 MiB */
#define W2_PROBE_EVERY	1000
#define W2_PROBE_PAGES	4096
#define W2_LARGE_MIB	4096

static const unsigned int w2_align[] = { 0, 4, 8 };	/* 4K, 64K, 1M */

static void w2_alloc(struct bench_run *r, struct bench_rng *rng,
		     struct bench_bufs *live)
{
	unsigned long count = bench_rng_log_pages(rng, W2_MAX_PAGES), pfn;
	unsigned int align = w2_align[bench_rng_below(rng, 3)];

	if (!bench_alloc(r, count, align, &pfn))
		bench_bufs_push(live, pfn, count);
}

void bench_w2_random(struct bench_run *r, const struct bench_config *c,
		     const struct bench_params *p, struct bench_rng *rng)
{
	unsigned long target = r->pages / 100 * c->fill;
	unsigned long ops = c->mib >= W2_LARGE_MIB ? p->ops_large : p->ops;
	struct bench_bufs live = { };
	unsigned long op, tries;

	r->measure = false;
	for (tries = 0; r->pages - r->free_pages < target &&
	     tries < 16 * r->pages; tries++)
		w2_alloc(r, rng, &live);

	r->measure = true;
	for (op = 0; op < ops; op++) {
		if (!(op % W2_PROBE_EVERY))
			bench_probe(r, W2_PROBE_PAGES);
		if (r->pages - r->free_pages < target || !live.n) {
			w2_alloc(r, rng, &live);
		} else {
			struct bench_buf buf = bench_bufs_take(&live,
					bench_rng_below(rng, live.n));

			bench_release(r, buf.pfn, buf.count);
		}
	}
	bench_bufs_free(&live);
}
