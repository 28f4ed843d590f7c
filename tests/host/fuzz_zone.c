// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the zone API: mm/cmr_zone.c with every strategy,
 * driven by the input and checked step by step against the reference
 * model of model.c (the one random_checks.c uses).
 *
 * Input, little-endian, missing bytes read as 0:
 *
 *   u8  strategy	index in model_strategies[], modulo their number
 *   u8  geometry	bits 0-1: order_per_bit; bits 2-3: kind of base
 *   u16 pages		1 + pages % 4096, rounded up to the granule
 *   u64 base		base pfn, shaped by the kind: below 2^20, below 64,
 *			just under 2^64 - pages, anything; then aligned
 *			down to the granule and kept below 2^64 - pages
 *   then operations, one u8 each, and their operands:
 *     op & 7 in 0-3: allocate
 *	 u8 count	1 + count % 32; with op & 0x80, u16 instead:
 *			1 + count % (pages + 4), may exceed the zone
 *	 u8 order	order % 12 below 200, else the byte itself
 *	 u8 window	kind of window (model_window()), 0 and beyond the
 *			kinds: none; otherwise u64 r1, u64 r2 follow
 *     4, 5: release live extent u8 % live (a second time if op & 0x80)
 *     6:   release u16 pages at base + u16 - 8 (off the granule if
 *	    op & 0x80; u64 count if op & 0x40): mostly refused
 *     7:   release part of live extent u8 % live: from its second
 *	    granule, u8 % its size pages; accepted when all are allocated
 *
 * Every result must be the model's (see model_alloc() and
 * model_release()), and after every operation the zone's statistics
 * too; at the end every live extent is released, with the same checks.
 * A difference prints the model's description and aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>

#include "model.h"

#define FUZZ_MAX_PAGES	4096
#define FUZZ_MAX_LIVE	128

struct fuzz_input {
	const uint8_t *p;
	size_t n;
};

static uint64_t fuzz_take(struct fuzz_input *in, unsigned int bytes)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < bytes && in->n; i++, in->n--)
		v |= (uint64_t)*in->p++ << (8 * i);
	return v;
}

static void fuzz_fail(const struct model *m)
{
	fprintf(stderr, "fuzz_zone: %s\n", m->why);
	abort();
}

#define FUZZ_OK(m, ok)							\
do {									\
	if (!(ok))							\
		fuzz_fail(m);						\
} while (0)

static unsigned long fuzz_base(unsigned int kind, uint64_t raw,
			       unsigned long pages, unsigned long granule)
{
	unsigned long base, top = ULONG_MAX - pages;

	switch (kind) {
	case 0:
		base = raw % (1UL << 20);
		break;
	case 1:
		base = raw % 64;
		break;
	case 2:
		base = top - raw % 4096;
		break;
	default:
		base = raw;
		break;
	}
	base &= ~(granule - 1);
	if (base > top)
		base = top & ~(granule - 1);
	return base;
}

static void fuzz_alloc(struct model *m, struct cmr_zone *zone,
		       struct fuzz_input *in, unsigned int op)
{
	unsigned long count, min_pfn = 0, end_pfn = 0, r1, r2;
	unsigned int order, mode;

	if (op & 0x80)
		count = 1 + fuzz_take(in, 2) % (m->pages + 4);
	else
		count = 1 + fuzz_take(in, 1) % 32;
	order = fuzz_take(in, 1);
	if (order < 200)
		order %= 12;
	mode = fuzz_take(in, 1);
	if (mode && mode < MODEL_WINDOW_MODES) {
		r1 = fuzz_take(in, 8);
		r2 = fuzz_take(in, 8);
		model_window(m, mode, r1, r2, &min_pfn, &end_pfn);
	}
	FUZZ_OK(m, model_alloc(m, zone, count, order, min_pfn, end_pfn));
}

static void fuzz_release_range(struct model *m, struct cmr_zone *zone,
			       struct fuzz_input *in, unsigned int op)
{
	unsigned long pfn, count;

	pfn = m->base_pfn + fuzz_take(in, 2) - 8;
	if (!(op & 0x80))
		pfn &= ~(m->granule - 1);
	count = op & 0x40 ? fuzz_take(in, 8) : fuzz_take(in, 2);
	FUZZ_OK(m, model_release(m, zone, pfn, count));
}

static void fuzz_release_part(struct model *m, struct cmr_zone *zone,
			      struct fuzz_input *in)
{
	const struct model_extent *e;
	unsigned long count;

	e = &m->live[fuzz_take(in, 1) % m->nr_live];
	count = fuzz_take(in, 1) % (e->count + 1);
	FUZZ_OK(m, model_release(m, zone, e->pfn + m->granule, count));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	unsigned int strategy, geometry, order_per_bit, op;
	unsigned long pages, granule, base;
	struct cmr_zone zone;
	struct model m;
	uint64_t raw;

	strategy = fuzz_take(&in, 1) % model_nr_strategies;
	geometry = fuzz_take(&in, 1);
	order_per_bit = geometry & 3;
	granule = 1UL << order_per_bit;
	pages = 1 + fuzz_take(&in, 2) % FUZZ_MAX_PAGES;
	pages = (pages + granule - 1) & ~(granule - 1);
	raw = fuzz_take(&in, 8);
	base = fuzz_base((geometry >> 2) & 3, raw, pages, granule);

	if (model_init(&m, model_strategies[strategy].name, base, pages,
		       order_per_bit, FUZZ_MAX_LIVE))
		return 0;
	FUZZ_OK(&m, model_zone_init(&m, &zone));

	while (in.n) {
		op = fuzz_take(&in, 1);
		switch (op & 7) {
		case 4:
		case 5:
			if (m.nr_live) {
				FUZZ_OK(&m, model_release_live(&m, &zone,
						fuzz_take(&in, 1) % m.nr_live,
						op & 0x80));
				break;
			}
			fuzz_alloc(&m, &zone, &in, op);
			break;
		case 6:
			fuzz_release_range(&m, &zone, &in, op);
			break;
		case 7:
			if (m.nr_live) {
				fuzz_release_part(&m, &zone, &in);
				break;
			}
			fuzz_alloc(&m, &zone, &in, op);
			break;
		default:
			if (m.nr_live == m.max_live)
				FUZZ_OK(&m, model_release_live(&m, &zone, 0,
							       false));
			else
				fuzz_alloc(&m, &zone, &in, op);
			break;
		}
		FUZZ_OK(&m, model_check_stats(&m, &zone));
	}

	FUZZ_OK(&m, model_release_all(&m, &zone));
	cmr_zone_destroy(&zone);
	model_destroy(&m);
	return 0;
}
