/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lending state of a reusable region, shared by mm/cmr_reuse.c (lend,
 * take back) and mm/cmr_ready.c (the ready reserve).
 *
 * Each page of the region is in one of three states: owned (a buffer's,
 * or being taken), kept (free in the region's zones and held back from
 * the page allocator) or lent (given to the page allocator).  The two
 * bitmaps mark kept and lent pages; an owned page is in neither.  A third
 * marks pages known to hold zeroes: kept ones the ready reserve's worker
 * cleared, and owned ones taken so, until their buffer is released.
 */
#ifndef _MM_CMR_REUSE_H
#define _MM_CMR_REUSE_H

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "cmr.h"

struct cmr_extent_req;
struct cmr_region;
struct cmr_zone;

/*
 * A latency histogram in log2 buckets of microseconds (cmr_hist.c): bucket
 * 0 counts [0, 2) us, bucket i [2^i, 2^(i+1)) us, the last one the rest.
 */
#define CMR_HIST_BUCKETS	25

struct cmr_hist {
	atomic_long_t bucket[CMR_HIST_BUCKETS];
};

void cmr_hist_add(struct cmr_hist *h, u64 ns);

/* Pages blamed for a failure that keep their ranges last for a while. */
#define CMR_BUSY_RECENT		8

/**
 * struct cmr_reuse - the lending state of a reusable region
 * @region: the region
 * @lock: protects the bitmaps and counts; taken in any context
 * @kept: one bit per page of the region: kept
 * @lent: one bit per page of the region: lent
 * @clean: one bit per page of the region: cleared, not written since
 * @nr_kept: pages set in @kept
 * @nr_lent: pages set in @lent
 * @ready: the ready reserve, in pages: kept pages that @lend leaves kept
 *	and @refill takes back when there are fewer (READ_ONCE)
 * @lend: lends the kept pages beyond @ready, lend_delay_ms after the last
 *	release
 * @refill: takes lent pages back until @ready pages are kept
 * @settle: jiffies before which @refill takes nothing back: the last
 *	take's time plus CMR_READY_SETTLE (READ_ONCE)
 * @blocked: how often each reason kept a range from being taken back
 *	(mm/cmr_busy.c)
 * @lat: latency histograms, by enum cmr_lat
 * @recent: the pages blamed last (mm/cmr_busy.c), and when; under @lock
 * @recent_next: the entry of @recent to overwrite next
 */
struct cmr_reuse {
	struct cmr_region *region;
	spinlock_t lock;	/* the bitmaps and counts */
	unsigned long *kept;
	unsigned long *lent;
	unsigned long *clean;
	unsigned long nr_kept;
	unsigned long nr_lent;
	unsigned long ready;
	struct delayed_work lend;
	struct delayed_work refill;
	unsigned long settle;
	atomic_long_t blocked[CMR_BUSY_NR];
	struct cmr_hist lat[CMR_LAT_NR];
	struct {
		unsigned long pfn;
		unsigned long when;
	} recent[CMR_BUSY_RECENT];
	unsigned int recent_next;
};

/*
 * Serialises taking pages from the page allocator and lending them
 * (mm/cmr_reuse.c says why one mutex for cmr does).
 */
extern struct mutex cmr_reuse_mutex;
/* Callers of cmr_reuse_take() waiting for it: the refill worker yields. */
extern atomic_t cmr_reuse_waiters;

/* A state of a page of a reusable region: the bitmap that marks it. */
enum cmr_reuse_state { CMR_REUSE_OWNED, CMR_REUSE_KEPT, CMR_REUSE_LENT };

void cmr_reuse_move(struct cmr_reuse *r, unsigned long off, unsigned long n,
		    enum cmr_reuse_state from, enum cmr_reuse_state to);
unsigned long cmr_reuse_next(struct cmr_reuse *r, enum cmr_reuse_state s,
			     unsigned long *pos, unsigned long end);
int cmr_reuse_take_lent(struct cmr_reuse *r, unsigned long lo,
			unsigned long hi);
void __cmr_reuse_move(struct cmr_reuse *r, unsigned long off, unsigned long n,
		      enum cmr_reuse_state from, enum cmr_reuse_state to);
void cmr_reuse_wipe(struct cmr_reuse *r, unsigned long off, unsigned long n);
void cmr_reuse_kick(struct cmr_reuse *r);

/* The kept pages the ready reserve lacks; @r->lock is held. */
static inline unsigned long cmr_ready_deficit(const struct cmr_reuse *r)
{
	unsigned long ready = READ_ONCE(r->ready);

	return r->nr_kept < ready ? ready - r->nr_kept : 0;
}

void cmr_busy_blame(struct cmr_reuse *r, unsigned long start,
		    unsigned long end);
long cmr_busy_page_cost(struct cmr_reuse *r, unsigned long pfn,
			unsigned long *next);
long cmr_busy_cost(struct cmr_reuse *r, unsigned long pfn,
		   unsigned long count, long limit);

void cmr_ready_refill(struct work_struct *work);
void cmr_ready_init(struct cmr_reuse *r, phys_addr_t ready);
/*
 * After a take, the refill starts this much later, so that a burst of
 * allocations does not meet the worker between its requests.
 */
#define CMR_READY_SETTLE	(HZ / 50)

void cmr_ready_check(struct cmr_reuse *r, unsigned long delay);
void cmr_ready_took(struct cmr_reuse *r);
bool cmr_cheap_window(struct cmr_region *region, struct cmr_zone *zone,
		      struct cmr_extent_req *req);
bool cmr_ready_window(struct cmr_region *region, struct cmr_zone *zone,
		      struct cmr_extent_req *req);

#endif /* _MM_CMR_REUSE_H */
