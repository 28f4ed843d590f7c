// SPDX-License-Identifier: GPL-2.0
/*
 * Checks of the "bitmap" strategy (mm/cmr_bitmap.c) through its ops table,
 * with requests in zone page offsets as cmr_zone_alloc() builds them.  The
 * strategy documents itself as first fit, so these checks expect the
 * lowest fitting offset, not just any free one.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#include "../../mm/cmr.h"
#include "common.h"

static const struct cmr_strategy_ops *const bm_ops = &cmr_bitmap_ops;

static void *bm_new(unsigned long pages, unsigned int order_per_bit)
{
	void *priv = NULL;

	if (!CHECK_EQ(bm_ops->init(&priv, 0, pages, order_per_bit), 0))
		return NULL;
	CHECK(priv);
	return priv;
}

static int bm_alloc(void *priv, unsigned long count, unsigned long align,
		    unsigned long phase, unsigned long lo, unsigned long hi,
		    unsigned long *offset)
{
	struct cmr_extent_req req = {
		.count = count,
		.align = align,
		.phase = phase,
		.lo = lo,
		.hi = hi,
	};

	return bm_ops->alloc(priv, &req, offset);
}

/*
 * The ops table and a zone-less init/destroy cycle.
 *
 * Expect the name "bitmap", every op present, and init to hand back state.
 */
static void bitmap_ops_simple_check(void)
{
	void *priv;

	CHECK(!strcmp(bm_ops->name, "bitmap"));
	CHECK(bm_ops->init && bm_ops->destroy && bm_ops->alloc &&
	      bm_ops->release && bm_ops->extents);
	priv = bm_new(64, 0);
	if (priv)
		bm_ops->destroy(priv);
}

/*
 * Init failing to allocate its state, then its bitmap.
 *
 * Expect -ENOMEM both times, *priv untouched, and nothing leaked
 * (LeakSanitizer checks that at exit).
 */
static void bitmap_init_nomem_check(void)
{
	void *priv = NULL;

	host_fail_alloc(0);
	CHECK_EQ(bm_ops->init(&priv, 0, 64, 0), -ENOMEM);
	CHECK(!priv);
	host_fail_alloc(1);
	CHECK_EQ(bm_ops->init(&priv, 0, 64, 0), -ENOMEM);
	CHECK(!priv);
	host_fail_alloc(-1);
}

/*
 * A zone of 2^32 granules (16 TiB of 4 KiB pages at order 0, or 8 PiB of
 * 2 MiB granules):
 *
 *   granule 0                                          granule 2^32 - 1
 *   +-----------------------------------------------------------------+
 *   |                     one bitmap bit per granule                  |
 *   +-----------------------------------------------------------------+
 *
 * bitmap_zalloc(), bitmap_set() and bitmap_clear() take unsigned int bit
 * numbers, so a bitmap of 2^32 bits would be allocated for 0 bits and the
 * first search would read past it.  Expect init to refuse such a zone.
 */
static void bitmap_init_huge_check(void)
{
	static const struct {
		unsigned long pages;
		unsigned int order_per_bit;
	} huge[] = {
		{ 1UL << 32, 0 },
		{ (1UL << 32) + 64, 0 },
		{ 1UL << 41, 9 },
	};
	unsigned int i;
	void *priv;

	for (i = 0; i < ARRAY_SIZE(huge); i++) {
		priv = NULL;
		if (CHECK(bm_ops->init(&priv, 0, huge[i].pages,
				       huge[i].order_per_bit) < 0))
			continue;
		printf("  pages %#lx order_per_bit %u accepted\n",
		       huge[i].pages, huge[i].order_per_bit);
		bm_ops->destroy(priv);	/* never searched: no overrun */
	}
}

/*
 * First fit into a hole left by a release:
 *
 *   0   2 3         8     10                               64
 *   +---+-+---------+-----+--------------------------------+
 *   | C | |    B    |  D  |              free              |
 *   +---+-+---------+-----+--------------------------------+
 *
 * A (3 pages at 0) and B (5 at 3) are allocated, A is released, then C
 * and D ask for 2 pages each.  Expect C in A's hole at 0 and D at 8: the
 * single page left at 2 is too small.
 */
static void bitmap_alloc_simple_check(void)
{
	unsigned long a, b, c, d;
	void *priv = bm_new(64, 0);

	if (!priv)
		return;
	CHECK_EQ(bm_alloc(priv, 3, 1, 0, 0, 64, &a), 0);
	CHECK_EQ(a, 0);
	CHECK_EQ(bm_alloc(priv, 5, 1, 0, 0, 64, &b), 0);
	CHECK_EQ(b, 3);
	CHECK_EQ(bm_ops->release(priv, a, 3), 0);
	CHECK_EQ(bm_alloc(priv, 2, 1, 0, 0, 64, &c), 0);
	CHECK_EQ(c, 0);
	CHECK_EQ(bm_alloc(priv, 2, 1, 0, 0, 64, &d), 0);
	CHECK_EQ(d, 8);
	bm_ops->destroy(priv);
}

/*
 * Alignment with a phase (the zone's base pfn modulo the alignment is 3):
 *
 *   offset 0    5       13      21
 *   pfn%8  3    0       0       0
 *   +-----+-+-------+-+-----+---
 *   |     |A|       |B|     |
 *
 * Expect A at offset 5 and B at 13, where offset + phase is a multiple of
 * 8, and a 16-page request, whose only free aligned start is 21, to fail
 * with -ENOMEM: it would end past the map.
 */
static void bitmap_alloc_aligned_check(void)
{
	unsigned long a, b, c = ~0UL;
	void *priv = bm_new(32, 0);

	if (!priv)
		return;
	CHECK_EQ(bm_alloc(priv, 1, 8, 3, 0, 32, &a), 0);
	CHECK_EQ(a, 5);
	CHECK_EQ(bm_alloc(priv, 1, 8, 3, 0, 32, &b), 0);
	CHECK_EQ(b, 13);
	CHECK_EQ(bm_alloc(priv, 16, 8, 3, 0, 32, &c), -ENOMEM);
	CHECK_EQ(c, ~0UL);
	bm_ops->destroy(priv);
}

/*
 * The lo/hi window, in pages and in granules of 4 pages:
 *
 *   order 0:  0        10     14      20          64
 *             |        [ A    | B     ]           |
 *   order 2:  0   5 8         16 18               64
 *             |   lo[   C     ]  hi               |
 *
 * Expect extents inside [lo, hi) only: A at 10, B at 14, then -ENOMEM
 * although the zone has room.  With granules, lo rounds up to 8 and the
 * extent must end by 16, so C lands at 8 and nothing else fits.
 */
static void bitmap_alloc_window_check(void)
{
	unsigned long a, b, c, x;
	void *priv = bm_new(64, 0);

	if (!priv)
		return;
	CHECK_EQ(bm_alloc(priv, 4, 1, 0, 10, 20, &a), 0);
	CHECK_EQ(a, 10);
	CHECK_EQ(bm_alloc(priv, 6, 1, 0, 10, 20, &b), 0);
	CHECK_EQ(b, 14);
	CHECK_EQ(bm_alloc(priv, 1, 1, 0, 10, 20, &x), -ENOMEM);
	bm_ops->destroy(priv);

	priv = bm_new(64, 2);
	if (!priv)
		return;
	CHECK_EQ(bm_alloc(priv, 8, 1, 0, 5, 18, &c), 0);
	CHECK_EQ(c, 8);
	CHECK_EQ(bm_alloc(priv, 4, 1, 0, 5, 18, &x), -ENOMEM);
	bm_ops->destroy(priv);
}

/*
 * Granules of 8 pages with alignments above and below the granule:
 *
 *   offset 0       8               24      32          64
 *          +-------+---------------+-------+-----------+
 *          |   A   |       B       |   C   |   free    |
 *
 * B wants 16 pages aligned to 16 with phase 8.  Expect A at 0, B at 8
 * ((8 + 8) % 16 == 0), and C, aligned to 2 pages (finer than a granule),
 * at the next free granule, 24.
 */
static void bitmap_alloc_granule_check(void)
{
	unsigned long a, b, c;
	void *priv = bm_new(64, 3);

	if (!priv)
		return;
	CHECK_EQ(bm_alloc(priv, 8, 1, 0, 0, 64, &a), 0);
	CHECK_EQ(a, 0);
	CHECK_EQ(bm_alloc(priv, 16, 16, 8, 0, 64, &b), 0);
	CHECK_EQ(b, 8);
	CHECK_EQ(bm_alloc(priv, 8, 2, 0, 0, 64, &c), 0);
	CHECK_EQ(c, 24);
	CHECK_EQ(bm_ops->release(priv, b, 16), 0);
	CHECK_EQ(bm_ops->release(priv, b, 16), -EINVAL);
	bm_ops->destroy(priv);
}

/*
 * Releases that cover free pages:
 *
 *   0       4       8
 *   +-------+-------+------
 *   |   A   | free  |
 *
 * Expect releasing [0, 8) to fail with nothing freed, then [2, 4) and
 * [0, 2) to succeed (the ops free page ranges, not allocations), and a
 * second release of [2, 4) to fail.
 */
static void bitmap_release_partial_check(void)
{
	unsigned long a, again;
	void *priv = bm_new(64, 0);

	if (!priv)
		return;
	CHECK_EQ(bm_alloc(priv, 4, 1, 0, 0, 64, &a), 0);
	CHECK_EQ(bm_ops->release(priv, 0, 8), -EINVAL);
	/* Still allocated: the next extent goes after it. */
	CHECK_EQ(bm_alloc(priv, 1, 1, 0, 0, 64, &again), 0);
	CHECK_EQ(again, 4);
	CHECK_EQ(bm_ops->release(priv, 2, 2), 0);
	CHECK_EQ(bm_ops->release(priv, 0, 2), 0);
	CHECK_EQ(bm_ops->release(priv, 2, 2), -EINVAL);
	CHECK_EQ(bm_ops->release(priv, 4, 1), 0);
	bm_ops->destroy(priv);
}

/*
 * Single pages until a 130-page map (three words, the last partial) is
 * full, then a hole punched in the second word:
 *
 *   0             64            128 130
 *   |#############|######_######|##|
 *
 * Expect offsets 0..129 in order, -ENOMEM after that, and the hole at 100
 * to be found again.
 */
static void bitmap_alloc_exhaust_check(void)
{
	unsigned long i, off;
	void *priv = bm_new(130, 0);

	if (!priv)
		return;
	for (i = 0; i < 130; i++)
		if (!CHECK_EQ(bm_alloc(priv, 1, 1, 0, 0, 130, &off), 0) ||
		    !CHECK_EQ(off, i))
			break;
	CHECK_EQ(bm_alloc(priv, 1, 1, 0, 0, 130, &off), -ENOMEM);
	CHECK_EQ(bm_ops->release(priv, 100, 1), 0);
	CHECK_EQ(bm_alloc(priv, 1, 1, 0, 0, 130, &off), 0);
	CHECK_EQ(off, 100);
	bm_ops->destroy(priv);
}

/*
 * Extents across word boundaries:
 *
 *   0            60 64    74                128     200
 *   +------------+--+------+----------------+-------+
 *   |      A     |    B    |       C        |  free |
 *
 * Expect A at 0, B (14 pages) at 60 across the first boundary, C (90
 * pages) at 74 across the second, and B's release to leave A and C whole.
 */
static void bitmap_alloc_word_check(void)
{
	unsigned long a, b, c, x;
	void *priv = bm_new(200, 0);

	if (!priv)
		return;
	CHECK_EQ(bm_alloc(priv, 60, 1, 0, 0, 200, &a), 0);
	CHECK_EQ(bm_alloc(priv, 14, 1, 0, 0, 200, &b), 0);
	CHECK_EQ(bm_alloc(priv, 90, 1, 0, 0, 200, &c), 0);
	CHECK_EQ(a, 0);
	CHECK_EQ(b, 60);
	CHECK_EQ(c, 74);
	CHECK_EQ(bm_ops->release(priv, b, 14), 0);
	CHECK_EQ(bm_ops->release(priv, 59, 2), -EINVAL);
	CHECK_EQ(bm_ops->release(priv, 73, 2), -EINVAL);
	CHECK_EQ(bm_alloc(priv, 15, 1, 0, 0, 200, &x), 0);
	CHECK_EQ(x, 164);
	bm_ops->destroy(priv);
}

#define BM_RANDOM_PAGES		512
#define BM_RANDOM_LIVE		64

struct bm_extent {
	unsigned long offset;
	unsigned long count;
};

/* First fit as the strategy documents it, on a byte per page. */
static unsigned long bm_ref_fit(const unsigned char *used, unsigned int order,
				const struct cmr_extent_req *req)
{
	unsigned long granule = 1UL << order, o, i;

	for (o = DIV_ROUND_UP(req->lo, granule) * granule;
	     o + req->count <= req->hi; o += granule) {
		if ((o + req->phase) & (req->align - 1))
			continue;
		for (i = 0; i < req->count && !used[o + i]; i++)
			;
		if (i == req->count)
			return o;
	}
	return ~0UL;
}

/*
 * Random requests (count, alignment, phase, lo/hi window) and releases on
 * maps of granule order 0 to 3, against a byte-per-page model:
 *
 *   model: 0 0 1 1 1 0 0 1 ...   (1: allocated)
 *
 * Expect every allocation at exactly the model's first fit, -ENOMEM
 * exactly when the model has none, every release of a live extent to
 * succeed once and a repeated one to fail.
 */
static void bitmap_random_check(void)
{
	struct bm_extent live[BM_RANDOM_LIVE];
	unsigned char used[BM_RANDOM_PAGES];
	unsigned long granule, base_pfn, want, off, i, step;
	struct cmr_extent_req req;
	unsigned int order, nr_live;
	void *priv;
	int ret;

	for (order = 0; order <= 3; order++) {
		granule = 1UL << order;
		/* The phase comes from a granule-aligned base, as in a zone. */
		base_pfn = (0x40000 + host_rand_below(64)) << order;
		priv = bm_new(BM_RANDOM_PAGES, order);
		if (!priv)
			return;
		memset(used, 0, sizeof(used));
		nr_live = 0;

		for (step = 0; step < 4000; step++) {
			if (nr_live && (nr_live == BM_RANDOM_LIVE ||
					host_rand_below(5) < 2)) {
				struct bm_extent *e;

				e = &live[host_rand_below(nr_live)];
				if (!CHECK_EQ(bm_ops->release(priv, e->offset,
							      e->count), 0))
					goto out;
				memset(used + e->offset, 0, e->count);
				if (!host_rand_below(4) &&
				    !CHECK_EQ(bm_ops->release(priv, e->offset,
							      e->count),
					      -EINVAL))
					goto out;
				*e = live[--nr_live];
				continue;
			}

			req.count = (1 + host_rand_below(24)) * granule;
			req.align = 1UL << host_rand_below(7);
			req.phase = base_pfn & (req.align - 1);
			req.lo = 0;
			req.hi = BM_RANDOM_PAGES;
			if (!host_rand_below(4)) {
				req.lo = host_rand_below(BM_RANDOM_PAGES);
				off = BM_RANDOM_PAGES - req.lo;
				req.hi = req.lo + host_rand_below(off + 1);
			}
			want = bm_ref_fit(used, order, &req);
			off = ~0UL;
			ret = bm_alloc(priv, req.count, req.align, req.phase,
				       req.lo, req.hi, &off);
			if (want == ~0UL) {
				if (!CHECK_EQ(ret, -ENOMEM))
					goto out;
				continue;
			}
			if (!CHECK_EQ(ret, 0) || !CHECK_EQ(off, want))
				goto out;
			for (i = 0; i < req.count; i++)
				used[off + i] = 1;
			live[nr_live].offset = off;
			live[nr_live].count = req.count;
			nr_live++;
		}
out:
		bm_ops->destroy(priv);
	}
}

void bitmap_checks(void)
{
	HOST_RUN(bitmap_ops_simple_check);
	HOST_RUN(bitmap_init_nomem_check);
	HOST_RUN(bitmap_init_huge_check);
	HOST_RUN(bitmap_alloc_simple_check);
	HOST_RUN(bitmap_alloc_aligned_check);
	HOST_RUN(bitmap_alloc_window_check);
	HOST_RUN(bitmap_alloc_granule_check);
	HOST_RUN(bitmap_release_partial_check);
	HOST_RUN(bitmap_alloc_exhaust_check);
	HOST_RUN(bitmap_alloc_word_check);
	HOST_RUN(bitmap_random_check);
}
