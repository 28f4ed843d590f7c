// SPDX-License-Identifier: GPL-2.0
/*
 * In-kernel benchmark: cma_alloc()/cma_release() on a kernel CMA area
 * against cmr_alloc()/cmr_release() on a cmr region of the same size, in
 * one boot of the bench board (dts/cmr-bench.dts: a "shared-dma-pool"
 * node "bench-cma" and a cmr region "bench").  For 1 page, 1080p and 4K
 * NV12 frames and 16 MiB, idle and with the first half of each area cut
 * into a checkerboard of one-page holes, it times every call with
 * ktime_get_ns() (less what an empty timed section costs), CMA's rounds
 * and then cmr's, each after one untimed, and prints the medians and
 * their ratio, and the median and 99th percentile of the round trip (an
 * allocation and its release), one "cmr_bench:" line per case, for
 * "make bench" to collect.  A second case runs one, two and then four
 * kernel threads, one per CPU, allocating and releasing on one area at
 * once, and prints the median aggregate rate of three runs of each
 * ("cmr_bench_par:").
 *
 * Both sides get the same requests and alignment (the size's order, at
 * most CONFIG_CMA_ALIGNMENT, as dma_alloc_contiguous() asks).  CMA's
 * figure includes alloc_contig_range(), the work of taking lent pages
 * back; the cmr region "bench" is reserved, so its figure is the search
 * and bookkeeping alone.  The reusable cmr region "bench-reuse", when the
 * board has it, is timed too, its pages lent again before each
 * allocation (as CMA's are): the same machinery as CMA's, idle.  Both
 * of those start from drained per-cpu free lists, so that neither pays
 * for the other's frees.  Under
 * emulation absolute times mean little: the ratio in one run is the
 * figure.
 *
 * A KUnit suite ("bench_cmr_cma"), so that kunit.py boots and reports it;
 * it is skipped on boards without the two areas.
 */

#include <kunit/test.h>
#include <linux/cma.h>
#include <linux/cmr.h>
#include <linux/completion.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/sort.h>
#include <linux/string.h>
/* drain_all_pages(): in <linux/gfp.h> up to 6.12, in mm/page_alloc.h on 7.3 */
#ifdef CMR_HAVE_MM_PAGE_ALLOC_H
#include "page_alloc.h"
#endif


#define BENCH_CMA_NAME	"bench-cma"
#define BENCH_REGION	"bench"
#define BENCH_REUSE	"bench-reuse"
#define BENCH_ROUNDS	31

struct bench_size {
	const char *name;
	unsigned long pages;
};

/* NV12 frames: width * height * 3 / 2 bytes, in pages. */
static const struct bench_size bench_sizes[] = {
	{ "4 KiB", 1 },
	{ "1080p", DIV_ROUND_UP(1920 * 1080 * 3 / 2, PAGE_SIZE) },
	{ "4K", DIV_ROUND_UP(3840 * 2160 * 3 / 2, PAGE_SIZE) },
	{ "16 MiB", SZ_16M / PAGE_SIZE },
};

struct bench_ctx {
	struct cma *cma;
	struct cmr_zone *zone;
	struct cmr_zone *rzone;		/* bench-reuse, or NULL */
	unsigned long pages;
	/* The checkerboards' first pages, NULL/0 while idle. */
	struct page *cma_frag;
	phys_addr_t cmr_frag;
};

static int bench_find_cma(struct cma *cma, void *data)
{
	struct cma **found = data;

	if (strcmp(cma_get_name(cma), BENCH_CMA_NAME))
		return 0;
	*found = cma;
	return 1;
}

static unsigned int bench_align(unsigned long pages)
{
	return min_t(unsigned int, get_order(pages << PAGE_SHIFT),
		     CONFIG_CMA_ALIGNMENT);
}

static int bench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 bench_median(u64 *v, unsigned int n)
{
	sort(v, n, sizeof(*v), bench_cmp_u64, NULL);
	return v[n / 2];
}

/* The 99th percentile of @n values, nearest rank: @v sorted. */
static u64 bench_p99(const u64 *v, unsigned int n)
{
	return v[DIV_ROUND_UP(99 * n, 100) - 1];
}

/* @a / @b as "x.yy", in @buf; @b is not 0. */
static const char *bench_ratio(char *buf, u64 a, u64 b)
{
	snprintf(buf, 24, "%llu.%02llu", div64_u64(a, b),
		 div64_u64(a * 100, b) % 100);
	return buf;
}

/* What reading the clock twice costs, subtracted from every sample. */
static u64 bench_clock_cost;

static u64 bench_since(u64 t0)
{
	u64 t = ktime_get_ns() - t0;

	return t > bench_clock_cost ? t - bench_clock_cost : 1;
}

/* The median of BENCH_ROUNDS empty timed sections. */
static void bench_clock_calibrate(void)
{
	u64 v[BENCH_ROUNDS], t0;
	unsigned int i;

	for (i = 0; i < BENCH_ROUNDS; i++) {
		t0 = ktime_get_ns();
		v[i] = ktime_get_ns() - t0;
	}
	bench_clock_cost = bench_median(v, BENCH_ROUNDS);
	pr_info("cmr_bench_clock: %llu ns per timed section, subtracted\n",
		bench_clock_cost);
}

/* Times of BENCH_ROUNDS allocations and releases of @pages on each side. */
struct bench_times {
	u64 cma_alloc[BENCH_ROUNDS], cma_release[BENCH_ROUNDS];
	u64 cmr_alloc[BENCH_ROUNDS], cmr_release[BENCH_ROUNDS];
	u64 reuse_alloc[BENCH_ROUNDS];
	u64 cma_round[BENCH_ROUNDS], cmr_round[BENCH_ROUNDS];
};

/* cmr_alloc() on the reusable region, its pages all lent; 1 if absent. */
static u64 bench_reuse(struct kunit *test, struct bench_ctx *ctx,
		       const struct bench_size *bs, unsigned int align)
{
	phys_addr_t phys;
	u64 t0, t;
	int ret;

	if (!ctx->rzone)
		return 1;
	/* The board runs with cmr.lend_delay_ms=0: released pages are lent. */
	drain_all_pages(NULL);
	t0 = ktime_get_ns();
	ret = cmr_alloc(ctx->rzone, bs->pages, align, &phys);
	t = bench_since(t0);
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "cmr_alloc %s on %s", bs->name,
			    BENCH_REUSE);
	KUNIT_ASSERT_EQ(test, cmr_release(ctx->rzone, phys, bs->pages), 0);
	return t;
}

static void bench_print(struct bench_times *t, const struct bench_size *bs,
			unsigned int align, const char *state)
{
	u64 ca, cr, ma, mr, ra, rc, rm, pc, pm;
	char r[5][24];

	ca = bench_median(t->cma_alloc, BENCH_ROUNDS);
	cr = bench_median(t->cma_release, BENCH_ROUNDS);
	ma = max_t(u64, bench_median(t->cmr_alloc, BENCH_ROUNDS), 1);
	mr = max_t(u64, bench_median(t->cmr_release, BENCH_ROUNDS), 1);
	ra = bench_median(t->reuse_alloc, BENCH_ROUNDS);
	rc = bench_median(t->cma_round, BENCH_ROUNDS);
	pc = bench_p99(t->cma_round, BENCH_ROUNDS);
	rm = max_t(u64, bench_median(t->cmr_round, BENCH_ROUNDS), 1);
	pm = max_t(u64, bench_p99(t->cmr_round, BENCH_ROUNDS), 1);
	/* Ratios of the medians, cma / cmr, in hundredths; reuse 1: none. */
	pr_info("cmr_bench: %s %s %lu pages align %u: alloc cma %llu ns cmr %llu ns ratio %s; release cma %llu ns cmr %llu ns ratio %s; reuse alloc %llu ns ratio %s; round cma %llu ns p99 %llu cmr %llu ns p99 %llu ratio %s p99ratio %s\n",
		state, bs->name, bs->pages, align, ca, ma,
		bench_ratio(r[0], ca, ma), cr, mr, bench_ratio(r[1], cr, mr),
		ra, bench_ratio(r[2], ca, ra), rc, pc, rm, pm,
		bench_ratio(r[3], rc, rm), bench_ratio(r[4], pc, pm));
}

/*
 * BENCH_ROUNDS allocations and releases on CMA's area, each from drained
 * per-cpu lists, after one untimed: under emulation the first run of a
 * path pays for translating it, which is no allocator's cost.
 */
static void bench_cma_rounds(struct kunit *test, struct bench_ctx *ctx,
			     const struct bench_size *bs, unsigned int align,
			     struct bench_times *t)
{
	struct page *page;
	unsigned int i;
	u64 t0;

	for (i = 0; i <= BENCH_ROUNDS; i++) {
		drain_all_pages(NULL);
		t0 = ktime_get_ns();
		page = cma_alloc(ctx->cma, bs->pages, align, false);
		if (i)
			t->cma_alloc[i - 1] = bench_since(t0);
		KUNIT_ASSERT_NOT_NULL_MSG(test, page, "cma_alloc %s", bs->name);
		t0 = ktime_get_ns();
		KUNIT_ASSERT_TRUE(test, cma_release(ctx->cma, page,
						    bs->pages));
		if (i)
			t->cma_release[i - 1] = bench_since(t0);
	}
}

/* The same on the cmr region, its rounds run on their own as CMA's are. */
static void bench_cmr_rounds(struct kunit *test, struct bench_ctx *ctx,
			     const struct bench_size *bs, unsigned int align,
			     struct bench_times *t)
{
	phys_addr_t phys;
	unsigned int i;
	u64 t0;
	int ret;

	for (i = 0; i <= BENCH_ROUNDS; i++) {
		t0 = ktime_get_ns();
		ret = cmr_alloc(ctx->zone, bs->pages, align, &phys);
		if (i)
			t->cmr_alloc[i - 1] = bench_since(t0);
		KUNIT_ASSERT_EQ_MSG(test, ret, 0, "cmr_alloc %s", bs->name);
		t0 = ktime_get_ns();
		KUNIT_ASSERT_EQ(test, cmr_release(ctx->zone, phys, bs->pages),
				0);
		if (i)
			t->cmr_release[i - 1] = bench_since(t0);
	}
}

static void bench_one(struct kunit *test, struct bench_ctx *ctx,
		      const struct bench_size *bs, const char *state)
{
	unsigned int align = bench_align(bs->pages), i;
	struct bench_times *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	bench_cma_rounds(test, ctx, bs, align, t);
	bench_cmr_rounds(test, ctx, bs, align, t);
	for (i = 0; i < BENCH_ROUNDS; i++) {
		t->reuse_alloc[i] = strcmp(state, "idle") ? 1 :
				    bench_reuse(test, ctx, bs, align);
		t->cma_round[i] = t->cma_alloc[i] + t->cma_release[i];
		t->cmr_round[i] = t->cmr_alloc[i] + t->cmr_release[i];
	}
	bench_print(t, bs, align, state);
}


/*
 * Allocate the first half of each area and give every other page back:
 * one-page holes a larger request must skip.
 */
static void bench_fragment(struct kunit *test, struct bench_ctx *ctx)
{
	unsigned long half = ctx->pages / 2, i;
	phys_addr_t phys;

	ctx->cma_frag = cma_alloc(ctx->cma, half, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, ctx->cma_frag);
	/* cmr releases whole buffers only: one page at a time, in a row. */
	for (i = 0; i < half; i++) {
		KUNIT_ASSERT_EQ(test, cmr_alloc(ctx->zone, 1, 0, &phys), 0);
		if (!i)
			ctx->cmr_frag = phys;
		KUNIT_ASSERT_EQ(test, phys, ctx->cmr_frag + i * PAGE_SIZE);
	}
	for (i = 0; i < half; i += 2) {
		KUNIT_ASSERT_TRUE(test, cma_release(ctx->cma,
						    ctx->cma_frag + i, 1));
		KUNIT_ASSERT_EQ(test, cmr_release(ctx->zone, ctx->cmr_frag +
						  i * PAGE_SIZE, 1), 0);
	}
}

static void bench_unfragment(struct bench_ctx *ctx)
{
	unsigned long half = ctx->pages / 2, i;

	for (i = 1; i < half; i += 2) {
		if (ctx->cma_frag)
			cma_release(ctx->cma, ctx->cma_frag + i, 1);
		if (ctx->cmr_frag)
			cmr_release(ctx->zone, ctx->cmr_frag + i * PAGE_SIZE,
				    1);
	}
	ctx->cma_frag = NULL;
	ctx->cmr_frag = 0;
}

static void bench_cmr_cma_run(struct kunit *test)
{
	struct bench_ctx *ctx = test->priv;
	unsigned int i;

	bench_clock_calibrate();
	for (i = 0; i < ARRAY_SIZE(bench_sizes); i++)
		bench_one(test, ctx, &bench_sizes[i], "idle");
	bench_fragment(test, ctx);
	for (i = 0; i < ARRAY_SIZE(bench_sizes); i++)
		bench_one(test, ctx, &bench_sizes[i], "fragmented");
	bench_unfragment(ctx);
}

/* ---- Four CPUs on one area at once ------------------------------------ */

#define BENCH_PAR_PAGES		16	/* 64 KiB, aligned to its size */
/* Per thread: long enough to span many of the host's time slices. */
#define BENCH_PAR_CMR_OPS	100000
#define BENCH_PAR_CMA_OPS	200
/* Runs of each case; the median rate is kept. */
#define BENCH_PAR_RUNS		3
#define BENCH_PAR_MAX		4

/* One thread's share: @ops round trips on @ctx's cmr zone or CMA area. */
struct bench_par {
	struct bench_ctx *ctx;
	bool cma;
	unsigned int ops;
	struct completion *go;
	struct completion done;
	u64 start, end;
	int err;
};

static int bench_par_fn(void *data)
{
	struct bench_par *p = data;
	unsigned int align = bench_align(BENCH_PAR_PAGES), i;
	struct page *page;
	phys_addr_t phys;

	wait_for_completion(p->go);
	p->start = ktime_get_ns();
	for (i = 0; i < p->ops && !p->err; i++) {
		if (p->cma) {
			page = cma_alloc(p->ctx->cma, BENCH_PAR_PAGES, align,
					 false);
			if (!page || !cma_release(p->ctx->cma, page,
						  BENCH_PAR_PAGES))
				p->err = -ENOMEM;
			continue;
		}
		p->err = cmr_alloc(p->ctx->zone, BENCH_PAR_PAGES, align, &phys);
		if (!p->err)
			p->err = cmr_release(p->ctx->zone, phys,
					     BENCH_PAR_PAGES);
	}
	p->end = ktime_get_ns();
	complete(&p->done);
	return 0;
}

/*
 * @n threads, one per CPU, started together; the aggregate round trips
 * per second from the first start to the last end, or 0 on an error.
 */
static u64 bench_par_run(struct kunit *test, struct bench_ctx *ctx, bool cma,
			 unsigned int n)
{
	struct bench_par *p;
	struct task_struct *tsk;
	DECLARE_COMPLETION_ONSTACK(go);
	u64 first = U64_MAX, last = 0, ops = 0;
	unsigned int i;
	int err = 0;

	p = kunit_kcalloc(test, n, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	for (i = 0; i < n; i++) {
		p[i] = (struct bench_par){
			.ctx = ctx, .cma = cma, .go = &go,
			.ops = cma ? BENCH_PAR_CMA_OPS : BENCH_PAR_CMR_OPS,
		};
		init_completion(&p[i].done);
		tsk = kthread_create(bench_par_fn, &p[i], "cmr_bench/%u", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(tsk));
		kthread_bind(tsk, i % num_online_cpus());
		wake_up_process(tsk);
	}
	complete_all(&go);
	for (i = 0; i < n; i++) {
		wait_for_completion(&p[i].done);
		first = min(first, p[i].start);
		last = max(last, p[i].end);
		ops += p[i].ops;
		err = err ?: p[i].err;
	}
	KUNIT_EXPECT_EQ_MSG(test, err, 0, "%s, %u threads", cma ? "cma" : "cmr",
			    n);
	return err || last <= first ? 0 :
	       div64_u64(ops * NSEC_PER_SEC, last - first);
}

/* The median of BENCH_PAR_RUNS runs of bench_par_run(). */
static u64 bench_par_median(struct kunit *test, struct bench_ctx *ctx,
			    bool cma, unsigned int n)
{
	u64 v[BENCH_PAR_RUNS];
	unsigned int i;

	for (i = 0; i < BENCH_PAR_RUNS; i++)
		v[i] = bench_par_run(test, ctx, cma, n);
	return bench_median(v, BENCH_PAR_RUNS);
}

/*
 * One thread, two, then four, on each side; the zone must hold what it
 * held before, its free space in one piece as it was.  Two threads show
 * what the host's two CPUs give; four oversubscribe them under
 * emulation.
 */
static void bench_cmr_cma_parallel(struct kunit *test)
{
	struct bench_ctx *ctx = test->priv;
	unsigned int n = min_t(unsigned int, num_online_cpus(), BENCH_PAR_MAX);
	struct cmr_stats before, after;
	u64 m[3], c[3];
	unsigned int i, threads[3] = { 1, min(2U, n), n };
	char r[2][24];

	cmr_zone_get_stats(ctx->zone, &before);
	for (i = 0; i < 3; i++)
		m[i] = bench_par_median(test, ctx, false, threads[i]);
	for (i = 0; i < 3; i++)
		c[i] = bench_par_median(test, ctx, true, threads[i]);
	cmr_zone_get_stats(ctx->zone, &after);
	KUNIT_EXPECT_EQ(test, after.used_pages, before.used_pages);
	KUNIT_EXPECT_EQ(test, after.largest_free, before.largest_free);
	pr_info("cmr_bench_par: %u pages, threads %u %u %u: cmr %llu %llu %llu /s scaling %s; cma %llu %llu %llu /s scaling %s\n",
		BENCH_PAR_PAGES, threads[0], threads[1], threads[2],
		m[0], m[1], m[2], bench_ratio(r[0], m[2], max_t(u64, m[0], 1)),
		c[0], c[1], c[2], bench_ratio(r[1], c[2], max_t(u64, c[0], 1)));
}

static int bench_cmr_cma_init(struct kunit *test)
{
	struct bench_ctx *ctx;
	struct cmr_region *region;
	struct cmr_stats st;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	cma_for_each_area(bench_find_cma, &ctx->cma);
	region = cmr_region_find(BENCH_REGION);
	if (!ctx->cma || IS_ERR_OR_NULL(region))
		kunit_skip(test, "no \"%s\" CMA area or \"%s\" cmr region (boot dts/cmr-bench.dts)",
			   BENCH_CMA_NAME, BENCH_REGION);
	ctx->zone = cmr_zone_find(region, NULL);
	if (IS_ERR(ctx->zone))
		return PTR_ERR(ctx->zone);
	region = cmr_region_find(BENCH_REUSE);
	if (!IS_ERR(region) && cmr_region_is_reusable(region))
		ctx->rzone = cmr_zone_find(region, NULL);
	if (IS_ERR(ctx->rzone))
		ctx->rzone = NULL;
	ctx->pages = cma_get_size(ctx->cma) >> PAGE_SHIFT;
	cmr_zone_get_stats(ctx->zone, &st);
	if (st.total_pages != ctx->pages || st.used_pages)
		kunit_skip(test, "the areas differ: CMA %lu pages, cmr %lu pages (%lu used)",
			   ctx->pages, st.total_pages, st.used_pages);
	test->priv = ctx;
	return 0;
}

static void bench_cmr_cma_exit(struct kunit *test)
{
	struct bench_ctx *ctx = test->priv;

	if (ctx)
		bench_unfragment(ctx);
}

static struct kunit_case bench_cmr_cma_cases[] = {
	KUNIT_CASE(bench_cmr_cma_run),
	KUNIT_CASE(bench_cmr_cma_parallel),
	{ }
};

static struct kunit_suite bench_cmr_cma_suite = {
	.name = "bench_cmr_cma",
	.init = bench_cmr_cma_init,
	.exit = bench_cmr_cma_exit,
	.test_cases = bench_cmr_cma_cases,
};
kunit_test_suite(bench_cmr_cma_suite);

MODULE_DESCRIPTION("cmr against cma_alloc(), timed in the kernel");
MODULE_LICENSE("GPL");
