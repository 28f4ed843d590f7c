// SPDX-License-Identifier: GPL-2.0
/*
 * Randomized zone test: random allocations (any count, any alignment,
 * random windows) and releases on zones of several geometries, on every
 * strategy, each step checked against the reference model of model.c.
 * fuzz_zone.c drives the same model from libFuzzer input.
 */
#include <stdio.h>
#include <linux/kernel.h>

#include "model.h"
#include "zone_test.h"

#define RANDOM_LIVE	96
#define RANDOM_STEPS	3000

/* True when the step agreed with the model; else the failure is recorded. */
#define RANDOM_OK(m, ok, step)						\
	(CHECK(ok) ||							\
	 (printf("  step %lu: %s\n", (unsigned long)(step), (m)->why), false))

/* A count: mostly small, sometimes up to the zone and a bit past it. */
static unsigned long random_count(const struct model *m)
{
	if (!host_rand_below(8))
		return 1 + host_rand_below(m->pages + 2);
	return 1 + host_rand_below(min(m->pages, 48UL));
}

/* An alignment order: mostly up to 2^7, sometimes anything up to 69. */
static unsigned int random_order(void)
{
	if (!host_rand_below(16))
		return host_rand_below(70);
	return host_rand_below(8);
}

/* An allocation of a random count and alignment in a random window. */
static bool random_alloc(struct model *m, struct cmr_zone *zone)
{
	unsigned long count = random_count(m), min_pfn, end_pfn, r1, r2;
	unsigned int order = random_order(), mode;

	/* No window more often than any one kind of window. */
	mode = host_rand_below(MODEL_WINDOW_MODES + 4);
	if (mode >= MODEL_WINDOW_MODES)
		mode = 0;
	r1 = host_rand();
	r2 = host_rand();
	model_window(m, mode, r1, r2, &min_pfn, &end_pfn);
	return model_alloc(m, zone, count, order, min_pfn, end_pfn);
}

/*
 * A release of a random range near the zone: inside or across its ends,
 * on or off the granule, over free or used pages, sometimes wrapping.
 */
static bool random_bogus_release(struct model *m, struct cmr_zone *zone)
{
	unsigned long pfn, count;

	pfn = m->base_pfn + host_rand_below(m->pages + 8) - 4;
	if (host_rand_below(2))
		pfn &= ~(m->granule - 1);
	count = host_rand_below(4) ? host_rand_below(2 * m->granule + 8) :
				     host_rand() | 1;
	return model_release(m, zone, pfn, count);
}

/*
 * base 0x40003, order 0:   |A|  BBB|     C|DD  |   ...
 * model owners:            1 0 0 2 2 2 0 0 0 0 0 0 3 4 4 0 ...
 * window:                       [              )
 *
 * Steps: 35% release a live extent (one in 7 of them released twice),
 * 5% release a random range, 60% allocate a random count at a random
 * alignment in a random window from model_window() (none, inside,
 * across either end, wholly outside, inverted, off the granule, any).
 *
 * Expect every result to be what the model says: -EINVAL exactly for
 * requests no state could satisfy, -ENOMEM exactly when no feasible
 * start is free, *pfn untouched on failure; an extent inside the zone and
 * the window, on a granule, aligned in pfns, over free pages only, and
 * at the first fit ("bitmap": lowest feasible start) or best fit
 * ("bestfit": start of the smallest feasible free run in the window,
 * lowest on ties); releases accepted exactly when every page is
 * allocated, so each live extent once and never twice; and after every
 * step all of cmr_zone_get_stats() -- used, peak, allocs, releases,
 * failures, failures_fragmented, largest_free, free_extents -- and
 * cmr_stats_fragmentation() equal to the model's.
 */
static void random_zone_check(void)
{
	static const struct {
		unsigned long base_pfn;
		unsigned long pages;
		unsigned int order_per_bit;
	} geo[] = {
		{ ZONE_ODD_BASE, 1000, 0 },
		{ 0x40004, 1024, 2 },
		{ 0x1000008, 512, 3 },
		{ 0x40001, 37, 0 },
		{ 0, 256, 0 },
		{ -2048UL, 2000, 1 },
	};
	unsigned long step;
	struct cmr_zone zone;
	struct model m;
	unsigned int g, what;
	bool ok;

	if (!CHECK(zone_ops))
		return;
	for (g = 0; g < ARRAY_SIZE(geo); g++) {
		if (!CHECK_EQ(model_init(&m, zone_ops->name, geo[g].base_pfn,
					 geo[g].pages, geo[g].order_per_bit,
					 RANDOM_LIVE), 0))
			return;
		if (!RANDOM_OK(&m, model_zone_init(&m, &zone), 0)) {
			model_destroy(&m);
			return;
		}

		for (step = 0; step < RANDOM_STEPS; step++) {
			what = host_rand_below(20);
			if (m.nr_live && (m.nr_live == RANDOM_LIVE ||
					  what < 7)) {
				ok = model_release_live(&m, &zone,
						host_rand_below(m.nr_live),
						what == 0);
			} else if (what == 7) {
				ok = random_bogus_release(&m, &zone);
			} else {
				ok = random_alloc(&m, &zone);
			}
			if (!RANDOM_OK(&m, ok, step) ||
			    !RANDOM_OK(&m, model_check_stats(&m, &zone), step))
				goto out;
		}
		RANDOM_OK(&m, model_release_all(&m, &zone), step);
out:
		cmr_zone_destroy(&zone);
		model_destroy(&m);
	}
}

void random_checks(void)
{
	ZONE_RUN_EACH(random_zone_check);
}
