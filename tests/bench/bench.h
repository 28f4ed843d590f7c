/* SPDX-License-Identifier: GPL-2.0 */
/*
 * make bench: the host harness that drives cmr zones (mm/cmr_zone.c and
 * its strategies, unmodified) and kernel peers built from $(KSRC) through
 * the same workloads, counting instructions per operation.
 *
 * This header is shared by both worlds: the files built against the
 * shims of tests/shim and the kernel peers built against its kshim.h.
 * So it uses nothing but C types.
 */
#ifndef _BENCH_H
#define _BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define BENCH_PAGE_SHIFT	12
/* Every zone starts at 4 GiB: no alignment used here has a phase. */
#define BENCH_BASE_PFN		(1UL << 20)
#define BENCH_PAGES(mib)	\
	((unsigned long)(mib) << (20 - BENCH_PAGE_SHIFT))

/**
 * struct bench_allocator - one allocator under test
 * @name: short name in the tables
 * @what: one line for the report header
 * @inst_size: bytes of instance state the harness provides to @create
 * @create: set up @inst for [@base_pfn, @base_pfn + @pages); 0 or -errno.
 *	Only what this allocates counts as the allocator's metadata.
 * @destroy: free what @create allocated; every page has been released
 * @alloc: @count pages whose first pfn is a multiple of 2^@align_order;
 *	0 and *@pfn, or -errno when nothing fits
 * @release: give back [@pfn, @pfn + @count), allocated pages (possibly
 *	several allocations, or part of one); 0 or -errno
 * @arg: allocator-specific constant (the cmr strategy)
 */
struct bench_allocator {
	const char *name;
	const char *what;
	size_t inst_size;
	int (*create)(void *inst, const void *arg, unsigned long base_pfn,
		      unsigned long pages);
	void (*destroy)(void *inst);
	int (*alloc)(void *inst, unsigned long count, unsigned int align_order,
		     unsigned long *pfn);
	int (*release)(void *inst, unsigned long pfn, unsigned long count);
	const void *arg;
};

/* The CMA first-fit peer: the reference of every ratio. */
extern const struct bench_allocator bench_peer_cma;
/* genalloc with gen_pool_best_fit(), and with gen_pool_first_fit_align(). */
extern const struct bench_allocator bench_peer_gp_best;
extern const struct bench_allocator bench_peer_gp_align;

int bench_cmr_allocator(const char *strategy, struct bench_allocator *ba);

/* ---- Counting (counter.c) -------------------------------------------- */

int bench_counter_init(const char *want);
unsigned long long bench_counter_read(void);
/* What bench_counter_read() costs itself; subtracted from each sample. */
extern unsigned long long bench_counter_overhead;
bool bench_counter_counts_instructions(void);
const char *bench_counter_unit(void);
const char *bench_counter_describe(void);

/* ---- Metadata accounting (meta.c) ------------------------------------ */

void bench_meta_start(void);
size_t bench_meta_stop(void);

/* ---- Samples and summaries (stats.c) --------------------------------- */

struct bench_samples {
	unsigned long long *v;
	size_t n, cap;
};

/* @n samples; the rest is 0 when @n is 0. */
struct bench_summary {
	size_t n;
	double mean;
	unsigned long long p50, p99, max;
};

void bench_samples_add(struct bench_samples *s, unsigned long long v);
void bench_samples_summarize(struct bench_samples *s,
			     struct bench_summary *sum);
void bench_samples_free(struct bench_samples *s);

/* ---- Pseudo-random numbers (rng.c) ----------------------------------- */

struct bench_rng {
	unsigned long long state;
};

void bench_rng_seed(struct bench_rng *rng, unsigned long long seed,
		    unsigned int stream);
unsigned long long bench_rng_next(struct bench_rng *rng);
unsigned long bench_rng_below(struct bench_rng *rng, unsigned long n);
unsigned long bench_rng_range(struct bench_rng *rng, unsigned long lo,
			      unsigned long hi);
unsigned long bench_rng_log_pages(struct bench_rng *rng, unsigned long max);

/* ---- One allocator through one workload (run.c) ---------------------- */

/**
 * struct bench_result - what one run measured
 * @alloc: cost of every measured allocation, failed ones included
 * @fail: cost of the failed ones alone
 * @free: cost of every measured release
 * @allocs: measured allocation attempts
 * @fails: of which failed
 * @frag_fails: of which failed although the zone had as many free pages
 * @missed: of which failed although a placement existed (a free extent
 *	held the request at its alignment): 0 for an exhaustive search
 * @probes: 16 MiB probes tried (W2, W4)
 * @probes_ok: of which succeeded
 * @frag_samples: largest free extent / free pages, sampled (W1, W2, W4)
 * @frag_sum: sum of those samples
 * @frag_end: largest free extent / free pages at the end
 * @meta_bytes: bytes the allocator allocated to set the zone up and
 *	while allocating and releasing
 */
struct bench_result {
	struct bench_summary alloc, fail, free;
	unsigned long allocs, fails, frag_fails, missed;
	unsigned long probes, probes_ok;
	unsigned long frag_samples;
	double frag_sum, frag_end;
	size_t meta_bytes;
};

/**
 * struct bench_run - the state of one run
 * @ba: the allocator
 * @inst: its instance
 * @base_pfn: first pfn of the zone
 * @pages: zone size
 * @free_pages: pages not allocated, as the harness sees it
 * @shadow: one bit per page, set when allocated: every placement is
 *	checked against it, and the free-extent figures come from it
 * @measure: count operations (false while setting up and tearing down)
 * @alloc_s: allocation costs
 * @fail_s: failed allocation costs
 * @free_s: release costs
 * @res: the result being built
 */
struct bench_run {
	const struct bench_allocator *ba;
	void *inst;
	unsigned long base_pfn, pages, free_pages;
	unsigned long *shadow;
	bool measure;
	struct bench_samples alloc_s, fail_s, free_s;
	struct bench_result res;
};

int bench_run_start(struct bench_run *r, const struct bench_allocator *ba,
		    unsigned long pages);
void bench_run_finish(struct bench_run *r, struct bench_result *res);
int bench_alloc(struct bench_run *r, unsigned long count,
		unsigned int align_order, unsigned long *pfn);
void bench_release(struct bench_run *r, unsigned long pfn,
		   unsigned long count);
void bench_probe(struct bench_run *r, unsigned long count);
void bench_frag_sample(struct bench_run *r);
double bench_frag_now(const struct bench_run *r);

/* ---- Workloads (w_*.c) ----------------------------------------------- */

/**
 * struct bench_params - the knobs of one bench run
 * @seed: the seed; each configuration draws its own stream from it
 * @ops: measured operations of W1, W2 and W4
 * @ops_large: the same for zones of 4 GiB
 * @w3_ops: requests per W3 phase
 */
struct bench_params {
	unsigned long long seed;
	unsigned long ops, ops_large, w3_ops;
};

/**
 * struct bench_config - one workload on one zone
 * @id: "W1".."W4"
 * @label: what varies, for the tables
 * @mib: zone size in MiB
 * @fill: target fill in percent (W2, W4)
 * @run: drive @r through the workload
 */
struct bench_config {
	const char *id;
	const char *label;
	unsigned long mib;
	unsigned int fill;
	void (*run)(struct bench_run *r, const struct bench_config *c,
		    const struct bench_params *p, struct bench_rng *rng);
};

void bench_w1_video(struct bench_run *r, const struct bench_config *c,
		    const struct bench_params *p, struct bench_rng *rng);
void bench_w2_random(struct bench_run *r, const struct bench_config *c,
		     const struct bench_params *p, struct bench_rng *rng);
void bench_w3_checker(struct bench_run *r, const struct bench_config *c,
		      const struct bench_params *p, struct bench_rng *rng);
void bench_w3_tail(struct bench_run *r, const struct bench_config *c,
		   const struct bench_params *p, struct bench_rng *rng);
void bench_w3_aligned(struct bench_run *r, const struct bench_config *c,
		      const struct bench_params *p, struct bench_rng *rng);

/* Buffers a workload holds. */
struct bench_buf {
	unsigned long pfn, count;
};

struct bench_bufs {
	struct bench_buf *v;
	size_t n, cap;
};

void bench_bufs_push(struct bench_bufs *b, unsigned long pfn,
		     unsigned long count);
struct bench_buf bench_bufs_take(struct bench_bufs *b, size_t i);
void bench_bufs_release_all(struct bench_run *r, struct bench_bufs *b);
void bench_bufs_free(struct bench_bufs *b);

/* ---- Tables (table.c) ------------------------------------------------- */

#define BENCH_CELL	96

#ifndef __printf
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#endif

/**
 * struct bench_table - a table built cell by cell, row-major
 * @title: printed above it
 * @cols: columns; the first row added is the header
 * @left: the first @left columns are aligned left, the others right
 * @legend: lines printed under it, or NULL; NULL-terminated
 * @cell: the cells
 * @n: cells added
 * @cap: cells allocated
 */
struct bench_table {
	const char *title;
	unsigned int cols, left;
	const char *const *legend;
	char (*cell)[BENCH_CELL];
	size_t n, cap;
};

void bench_table_init(struct bench_table *t, const char *title,
		      unsigned int cols, unsigned int left);
__printf(2, 3)
void bench_table_add(struct bench_table *t, const char *fmt, ...);
void bench_table_print(const struct bench_table *t, FILE *out, bool rst);
void bench_table_free(struct bench_table *t);

/* ---- Report (report.c, targets.c) ------------------------------------ */

/**
 * struct bench_cell - one configuration run by one allocator
 * @config: the configuration
 * @allocator: the allocator's name
 * @res: what was measured
 */
struct bench_cell {
	const struct bench_config *config;
	const char *allocator;
	struct bench_result res;
};

/**
 * struct bench_report - everything one bench run produced
 * @params: the knobs
 * @cells: the results, configuration-major
 * @nr_cells: entries in @cells
 * @allocators: the names benched, the reference first
 * @nr_allocators: entries in @allocators
 * @target: the strategy the cost targets are checked for
 * @placement: the strategy its placement target is checked for
 * @header: lines printed before the tables
 */
struct bench_report {
	const struct bench_params *params;
	struct bench_cell *cells;
	size_t nr_cells;
	const char *const *allocators;
	size_t nr_allocators;
	const char *target;
	const char *placement;
	const char *header;
};

const struct bench_cell *bench_find(const struct bench_report *rep,
				    const struct bench_config *config,
				    const char *allocator);
void bench_config_name(const struct bench_config *c, char *buf, size_t len);
void bench_report_print(const struct bench_report *rep, FILE *out,
			bool rst);
void bench_targets_print(const struct bench_report *rep, FILE *out,
			 bool rst);

#endif /* _BENCH_H */
