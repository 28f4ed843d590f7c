// SPDX-License-Identifier: GPL-2.0
/*
 * One allocator through one workload: every allocation and release goes
 * through bench_alloc() and bench_release(), which count it, check the
 * placement against a shadow bitmap of the zone (inside the zone, aligned,
 * not overlapping anything allocated) and keep the free-page count.  The
 * free-space figures (largest free extent / free pages) come from the
 * shadow, so they mean the same for every allocator.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

#define LONG_BITS	(8 * sizeof(unsigned long))

/* The bits of word @bit / LONG_BITS that [@bit, @bit + @n) covers. */
static unsigned long shadow_mask(unsigned long bit, unsigned long n)
{
	unsigned long b = bit % LONG_BITS;

	if (n >= LONG_BITS - b)
		return ~0UL << b;
	return ((1UL << n) - 1) << b;
}

static void shadow_assign(unsigned long *map, unsigned long bit,
			  unsigned long n, bool set)
{
	while (n) {
		unsigned long mask = shadow_mask(bit, n);
		unsigned long k = __builtin_popcountl(mask);

		if (set)
			map[bit / LONG_BITS] |= mask;
		else
			map[bit / LONG_BITS] &= ~mask;
		bit += k;
		n -= k;
	}
}

/* Is any of [@bit, @bit + @n) in @map equal to @set? */
static bool shadow_any(const unsigned long *map, unsigned long bit,
		       unsigned long n, bool set)
{
	while (n) {
		unsigned long mask = shadow_mask(bit, n);
		unsigned long word = map[bit / LONG_BITS];

		if ((set ? word : ~word) & mask)
			return true;
		bit += __builtin_popcountl(mask);
		n -= __builtin_popcountl(mask);
	}
	return false;
}

/* The first bit at or after @bit below @size equal to @set, or @size. */
static unsigned long shadow_next(const unsigned long *map, unsigned long size,
				 unsigned long bit, bool set)
{
	unsigned long word;

	while (bit < size) {
		word = map[bit / LONG_BITS];
		if (!set)
			word = ~word;
		word &= ~0UL << (bit % LONG_BITS);
		if (word) {
			bit = bit - bit % LONG_BITS + __builtin_ctzl(word);
			return bit < size ? bit : size;
		}
		bit += LONG_BITS - bit % LONG_BITS;
	}
	return size;
}

/* Is there a free run in the shadow that holds @count pages aligned? */
static bool shadow_fits(const struct bench_run *r, unsigned long count,
			unsigned int align_order)
{
	unsigned long align = 1UL << align_order, start = 0, end, first;

	for (;;) {
		start = shadow_next(r->shadow, r->pages, start, false);
		if (start >= r->pages)
			return false;
		end = shadow_next(r->shadow, r->pages, start, true);
		first = ((r->base_pfn + start + align - 1) & ~(align - 1)) -
			r->base_pfn;
		if (first < end && end - first >= count)
			return true;
		start = end;
	}
}

static void bench_die(const struct bench_run *r, const char *why,
		      unsigned long pfn, unsigned long count)
{
	fprintf(stderr, "bench: %s: %s (pfn %#lx, %lu pages)\n",
		r->ba->name, why, pfn, count);
	exit(2);
}

/**
 * bench_run_start() - set up a zone for one allocator
 * @r: the run, filled in
 * @ba: the allocator
 * @pages: zone size
 *
 * Return: 0, or the allocator's error.
 */
int bench_run_start(struct bench_run *r, const struct bench_allocator *ba,
		    unsigned long pages)
{
	int ret;

	*r = (struct bench_run) {
		.ba = ba,
		.base_pfn = BENCH_BASE_PFN,
		.pages = pages,
		.free_pages = pages,
	};
	r->inst = calloc(1, ba->inst_size);
	r->shadow = calloc((pages + LONG_BITS - 1) / LONG_BITS,
			   sizeof(unsigned long));
	if (!r->inst || !r->shadow)
		return -ENOMEM;
	bench_meta_start();
	ret = ba->create(r->inst, ba->arg, r->base_pfn, pages);
	r->res.meta_bytes = bench_meta_stop();
	if (ret) {
		free(r->inst);
		free(r->shadow);
	}
	return ret;
}

/**
 * bench_alloc() - allocate through the allocator under test
 * @r: the run
 * @count: pages
 * @align_order: alignment of the first pfn, as an order
 * @pfn: the first pfn, on success
 *
 * Return: 0, or the allocator's error.
 */
int bench_alloc(struct bench_run *r, unsigned long count,
		unsigned int align_order, unsigned long *pfn)
{
	unsigned long long t0, t1, cost;
	unsigned long off;
	int ret;

	bench_meta_start();
	t0 = bench_counter_read();
	ret = r->ba->alloc(r->inst, count, align_order, pfn);
	t1 = bench_counter_read();
	r->res.meta_bytes += bench_meta_stop();
	cost = t1 - t0 > bench_counter_overhead ?
	       t1 - t0 - bench_counter_overhead : 0;

	if (r->measure) {
		r->res.allocs++;
		bench_samples_add(&r->alloc_s, cost);
		if (ret) {
			r->res.fails++;
			if (r->free_pages >= count)
				r->res.frag_fails++;
			if (r->free_pages >= count &&
			    shadow_fits(r, count, align_order))
				r->res.missed++;
			bench_samples_add(&r->fail_s, cost);
		}
	}
	if (ret)
		return ret;

	off = *pfn - r->base_pfn;
	if (*pfn < r->base_pfn || off >= r->pages || count > r->pages - off)
		bench_die(r, "allocation outside the zone", *pfn, count);
	if (*pfn & ((1UL << align_order) - 1))
		bench_die(r, "misaligned allocation", *pfn, count);
	if (shadow_any(r->shadow, off, count, true))
		bench_die(r, "allocation overlaps allocated pages", *pfn,
			  count);
	shadow_assign(r->shadow, off, count, true);
	r->free_pages -= count;
	return 0;
}

/**
 * bench_release() - release through the allocator under test
 * @r: the run
 * @pfn: first pfn, allocated
 * @count: pages, all allocated
 *
 * A release that fails is a bug in the allocator or the workload: the
 * bench stops.
 */
void bench_release(struct bench_run *r, unsigned long pfn,
		   unsigned long count)
{
	unsigned long long t0, t1;
	unsigned long off = pfn - r->base_pfn;
	int ret;

	if (shadow_any(r->shadow, off, count, false))
		bench_die(r, "workload releases free pages", pfn, count);
	bench_meta_start();
	t0 = bench_counter_read();
	ret = r->ba->release(r->inst, pfn, count);
	t1 = bench_counter_read();
	r->res.meta_bytes += bench_meta_stop();
	if (ret)
		bench_die(r, "release failed", pfn, count);
	if (r->measure)
		bench_samples_add(&r->free_s, t1 - t0 > bench_counter_overhead ?
				  t1 - t0 - bench_counter_overhead : 0);
	shadow_assign(r->shadow, off, count, false);
	r->free_pages += count;
}

/* The largest run of clear bits in the shadow, in pages. */
static unsigned long shadow_largest_free(const struct bench_run *r)
{
	unsigned long start = 0, end, best = 0;

	for (;;) {
		start = shadow_next(r->shadow, r->pages, start, false);
		if (start >= r->pages)
			return best;
		end = shadow_next(r->shadow, r->pages, start, true);
		if (end - start > best)
			best = end - start;
		start = end;
	}
}

/* Return: largest free extent / free pages now; 1 when nothing is free. */
double bench_frag_now(const struct bench_run *r)
{
	if (!r->free_pages)
		return 1;
	return (double)shadow_largest_free(r) / r->free_pages;
}

/* Add the free-space figure now to the run's average. */
void bench_frag_sample(struct bench_run *r)
{
	r->res.frag_samples++;
	r->res.frag_sum += bench_frag_now(r);
}

/**
 * bench_probe() - can the zone give @count pages now?
 * @r: the run
 * @count: pages
 *
 * Tries, counts the outcome, releases at once.  Neither operation counts
 * as a measured one; the free-space figure before the probe is sampled.
 */
void bench_probe(struct bench_run *r, unsigned long count)
{
	bool measure = r->measure;
	unsigned long pfn;

	bench_frag_sample(r);
	r->measure = false;
	r->res.probes++;
	if (!bench_alloc(r, count, 0, &pfn)) {
		r->res.probes_ok++;
		bench_release(r, pfn, count);
	}
	r->measure = measure;
}

/**
 * bench_run_finish() - summarize a run and tear its zone down
 * @r: the run
 * @res: where the result goes
 *
 * Releases what is still allocated, run by run of the shadow (a run may
 * span several allocations, which every allocator here accepts), then
 * destroys the allocator.
 */
void bench_run_finish(struct bench_run *r, struct bench_result *res)
{
	unsigned long start = 0, end;

	r->res.frag_end = bench_frag_now(r);
	bench_samples_summarize(&r->alloc_s, &r->res.alloc);
	bench_samples_summarize(&r->fail_s, &r->res.fail);
	bench_samples_summarize(&r->free_s, &r->res.free);
	*res = r->res;

	r->measure = false;
	for (;;) {
		start = shadow_next(r->shadow, r->pages, start, true);
		if (start >= r->pages)
			break;
		end = shadow_next(r->shadow, r->pages, start, false);
		bench_release(r, r->base_pfn + start, end - start);
		start = end;
	}
	r->ba->destroy(r->inst);
	bench_samples_free(&r->alloc_s);
	bench_samples_free(&r->fail_s);
	bench_samples_free(&r->free_s);
	free(r->inst);
	free(r->shadow);
}
