// SPDX-License-Identifier: GPL-2.0
/*
 * Reproducible pseudo-random numbers: splitmix64, one stream per
 * configuration, so each allocator sees the same requests for as long as
 * the outcomes (which allocations failed) agree.
 */
#include <math.h>

#include "bench.h"

void bench_rng_seed(struct bench_rng *rng, unsigned long long seed,
		    unsigned int stream)
{
	rng->state = seed ^ (0x9e3779b97f4a7c15ULL * (stream + 1));
}

unsigned long long bench_rng_next(struct bench_rng *rng)
{
	unsigned long long z = (rng->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, @n), @n > 0 (the modulo bias is below 2^-40 here). */
unsigned long bench_rng_below(struct bench_rng *rng, unsigned long n)
{
	return bench_rng_next(rng) % n;
}

/* Uniform in [@lo, @hi]. */
unsigned long bench_rng_range(struct bench_rng *rng, unsigned long lo,
			      unsigned long hi)
{
	return lo + bench_rng_below(rng, hi - lo + 1);
}

/* Log-uniform in [1, @max] pages: each power of two equally likely. */
unsigned long bench_rng_log_pages(struct bench_rng *rng, unsigned long max)
{
	double u = (bench_rng_next(rng) >> 11) * 0x1p-53;
	unsigned long pages = (unsigned long)exp2(u * log2((double)max + 1));

	return pages < 1 ? 1 : pages > max ? max : pages;
}
