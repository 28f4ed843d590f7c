// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit concurrency stress: for each strategy, a zone over 2 MiB of pages
 * from the page allocator, one kthread per CPU allocating and releasing
 * random sizes (1-32 pages) and alignments (order 0-3) for a bounded
 * time, each buffer filled with a pattern of its own and checked before
 * release, and one more thread reading the statistics all along.  At the
 * end every byte checked was its owner's, the statistics never broke
 * their invariants, and the zone is back to one free extent with every
 * allocation released.  The figures go to the log as "stress:" lines.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/gfp.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "../../mm/cmr.h"

#define STRESS_ORDER	9		/* the zone: 512 pages */
#define STRESS_LIVE	16		/* buffers a thread holds at most */
#define STRESS_MAX_PAGES 32
#define STRESS_THREADS	8
/*
 * Allocations the threads make in all at the least: under a loaded host
 * QEMU made 79-88 in 1.5 s, so the time alone does not bound the work.
 */
#define STRESS_MIN_ALLOCS	200
/* ... unless this many times stress_ms passes first. */
#define STRESS_MAX_STRETCH	10

/* Per strategy; the KCSAN kernel runs longer, its watchpoints being rare. */
static unsigned int stress_ms = 1500;
module_param(stress_ms, uint, 0444);
MODULE_PARM_DESC(stress_ms, "how long each strategy is stressed, in ms");

struct stress_ctx;

struct stress_buf {
	unsigned long pfn;
	unsigned long count;
	u32 tag;
};

struct stress_thread {
	struct stress_ctx *ctx;
	struct task_struct *task;
	struct completion done;
	unsigned int id;
	u64 rng;
	unsigned long allocs, frees, nomem, bytes, bad, misaligned;
	unsigned int nr;
	struct stress_buf live[STRESS_LIVE];
};

struct stress_ctx {
	struct cmr_zone zone;
	unsigned long deadline, hard_deadline, min_allocs;
	bool stop_reader;
	unsigned long reads, broken;
};

static u32 stress_rand(struct stress_thread *t)
{
	/* xorshift64: reproducible, and the same on every kernel */
	t->rng ^= t->rng << 13;
	t->rng ^= t->rng >> 7;
	t->rng ^= t->rng << 17;
	return (u32)(t->rng >> 32);
}

static u32 *stress_mem(unsigned long pfn)
{
	return page_address(pfn_to_page(pfn));
}

static void stress_release(struct stress_thread *t, unsigned int i)
{
	struct stress_buf *b = &t->live[i];
	u32 *p = stress_mem(b->pfn);
	size_t n = b->count * PAGE_SIZE / sizeof(u32), k;

	for (k = 0; k < n; k++)
		if (p[k] != (b->tag ^ (u32)k))
			t->bad++;
	t->bytes += n * sizeof(u32);
	if (cmr_zone_release(&t->ctx->zone, b->pfn, b->count))
		t->bad++;
	else
		t->frees++;
	t->live[i] = t->live[--t->nr];
}

static void stress_alloc(struct stress_thread *t, u32 seq)
{
	unsigned long count = 1 + stress_rand(t) % STRESS_MAX_PAGES, pfn, k, n;
	unsigned int align = stress_rand(t) % 4;
	struct stress_buf *b;
	u32 *p;

	if (cmr_zone_alloc(&t->ctx->zone, count, align, 0, 0, &pfn)) {
		t->nomem++;
		return;
	}
	t->allocs++;
	if (pfn & ((1UL << align) - 1))
		t->misaligned++;
	b = &t->live[t->nr++];
	b->pfn = pfn;
	b->count = count;
	b->tag = (t->id << 24) ^ seq;
	p = stress_mem(pfn);
	n = count * PAGE_SIZE / sizeof(u32);
	for (k = 0; k < n; k++)
		p[k] = b->tag ^ (u32)k;
}

/* Go on until the time is up and the thread has made its share. */
static bool stress_more(const struct stress_thread *t)
{
	if (time_before(jiffies, t->ctx->deadline))
		return true;
	return t->allocs < t->ctx->min_allocs &&
	       time_before(jiffies, t->ctx->hard_deadline);
}

static int stress_worker(void *data)
{
	struct stress_thread *t = data;
	u32 seq = 0;

	while (stress_more(t)) {
		if (t->nr == STRESS_LIVE || (t->nr && stress_rand(t) % 2))
			stress_release(t, stress_rand(t) % t->nr);
		else
			stress_alloc(t, seq++);
		cond_resched();
	}
	while (t->nr)
		stress_release(t, t->nr - 1);
	complete(&t->done);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/* Statistics while they change: the invariants hold in every snapshot. */
static int stress_reader(void *data)
{
	struct stress_ctx *ctx = data;
	struct cmr_stats st;

	while (!kthread_should_stop()) {
		cmr_zone_get_stats(&ctx->zone, &st);
		if (st.used_pages > st.total_pages ||
		    st.largest_free > st.total_pages - st.used_pages ||
		    st.peak_pages < st.used_pages ||
		    (st.largest_free && !st.free_extents))
			ctx->broken++;
		ctx->reads++;
		cond_resched();
	}
	return 0;
}

static void stress_one(struct kunit *test, const char *strategy)
{
	unsigned int nthreads = min(num_online_cpus(), STRESS_THREADS), i;
	unsigned long allocs = 0, frees = 0, nomem = 0, bytes = 0, bad = 0;
	unsigned long misaligned = 0, start = jiffies;
	const struct cmr_strategy_ops *ops = cmr_strategy_find(strategy);
	struct stress_thread *t;
	struct stress_ctx *ctx;
	struct task_struct *reader;
	struct page *pages;
	struct cmr_stats st;

	KUNIT_ASSERT_NOT_NULL(test, ops);
	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	t = kunit_kcalloc(test, nthreads, sizeof(*t), GFP_KERNEL);
	pages = alloc_pages(GFP_KERNEL, STRESS_ORDER);
	KUNIT_ASSERT_TRUE(test, ctx && t && pages);
	KUNIT_ASSERT_EQ(test, cmr_zone_init(&ctx->zone, "stress",
					     page_to_pfn(pages),
					     1UL << STRESS_ORDER, ops, 0), 0);
	ctx->deadline = jiffies + msecs_to_jiffies(stress_ms);
	ctx->hard_deadline = jiffies +
			     msecs_to_jiffies(stress_ms * STRESS_MAX_STRETCH);
	ctx->min_allocs = DIV_ROUND_UP(STRESS_MIN_ALLOCS, nthreads);

	reader = kthread_run(stress_reader, ctx, "cmr-stress-r");
	KUNIT_ASSERT_FALSE(test, IS_ERR(reader));
	for (i = 0; i < nthreads; i++) {
		t[i].ctx = ctx;
		t[i].id = i;
		t[i].rng = 0x636d72ULL * (i + 1) + 1;
		init_completion(&t[i].done);
		t[i].task = kthread_run(stress_worker, &t[i], "cmr-stress-%u", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t[i].task));
	}
	for (i = 0; i < nthreads; i++) {
		wait_for_completion(&t[i].done);
		kthread_stop(t[i].task);
		allocs += t[i].allocs;
		frees += t[i].frees;
		nomem += t[i].nomem;
		bytes += t[i].bytes;
		bad += t[i].bad;
		misaligned += t[i].misaligned;
	}
	kthread_stop(reader);

	cmr_zone_get_stats(&ctx->zone, &st);
	KUNIT_EXPECT_EQ(test, bad, 0UL);
	KUNIT_EXPECT_EQ(test, misaligned, 0UL);
	KUNIT_EXPECT_EQ(test, ctx->broken, 0UL);
	KUNIT_EXPECT_EQ(test, allocs, frees);
	KUNIT_EXPECT_GE(test, allocs, (unsigned long)STRESS_MIN_ALLOCS);
	KUNIT_EXPECT_EQ(test, st.used_pages, 0UL);
	KUNIT_EXPECT_EQ(test, st.allocs, allocs);
	KUNIT_EXPECT_EQ(test, st.releases, frees);
	KUNIT_EXPECT_EQ(test, st.free_extents, 1UL);
	KUNIT_EXPECT_EQ(test, st.largest_free, 1UL << STRESS_ORDER);
	kunit_info(test, "stress: %s: %u threads + 1 reader, %u ms: %lu allocs, %lu releases, %lu without room, %lu bytes checked, %lu stats reads, %lu bad\n",
		   strategy, nthreads, jiffies_to_msecs(jiffies - start), allocs,
		   frees, nomem, bytes, ctx->reads, bad + misaligned + ctx->broken);
	cmr_zone_destroy(&ctx->zone);
	__free_pages(pages, STRESS_ORDER);
}

static void cmr_stress_tree(struct kunit *test)
{
	stress_one(test, "tree");
}

static void cmr_stress_bitmap(struct kunit *test)
{
	stress_one(test, "bitmap");
}

static void cmr_stress_bestfit(struct kunit *test)
{
	stress_one(test, "bestfit");
}

static struct kunit_case cmr_stress_cases[] = {
	KUNIT_CASE(cmr_stress_tree),
	KUNIT_CASE(cmr_stress_bitmap),
	KUNIT_CASE(cmr_stress_bestfit),
	{}
};

static struct kunit_suite cmr_stress_suite = {
	.name = "cmr_stress",
	.test_cases = cmr_stress_cases,
};
kunit_test_suites(&cmr_stress_suite);
