// SPDX-License-Identifier: GPL-2.0
/*
 * Samples of one kind of operation and their summary: mean, and the 50th
 * and 99th percentiles by nearest rank, and the maximum.
 */
#include <stdlib.h>

#include "bench.h"

void bench_samples_add(struct bench_samples *s, unsigned long long v)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 1024;
		s->v = realloc(s->v, s->cap * sizeof(*s->v));
		if (!s->v)
			abort();
	}
	s->v[s->n++] = v;
}

static int cmp_ull(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a;
	unsigned long long y = *(const unsigned long long *)b;

	return x < y ? -1 : x > y;
}

/* The smallest sample with at least @pct percent of them at or below. */
static unsigned long long rank(const struct bench_samples *s,
			       unsigned int pct)
{
	size_t i = (s->n * pct + 99) / 100;

	return s->v[i ? i - 1 : 0];
}

void bench_samples_summarize(struct bench_samples *s,
			     struct bench_summary *sum)
{
	double total = 0;
	size_t i;

	*sum = (struct bench_summary) { .n = s->n };
	if (!s->n)
		return;
	qsort(s->v, s->n, sizeof(*s->v), cmp_ull);
	for (i = 0; i < s->n; i++)
		total += s->v[i];
	sum->mean = total / s->n;
	sum->p50 = rank(s, 50);
	sum->p99 = rank(s, 99);
	sum->max = s->v[s->n - 1];
}

void bench_samples_free(struct bench_samples *s)
{
	free(s->v);
	*s = (struct bench_samples) { };
}
