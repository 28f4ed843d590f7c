// SPDX-License-Identifier: GPL-2.0
/*
 * The ready reserve of a reusable region: free pages kept back from the
 * page allocator, so that a buffer that fits in them is handed out without
 * a migration on the caller's path.
 *
 * Taking lent pages back costs a pageblock isolation, per-cpu list drains
 * and the migration of whatever the page allocator put there: milliseconds
 * when idle, seconds under memory pressure or pinning.  A worker does that
 * ahead of time instead: whenever fewer than the reserve's pages are kept,
 * it takes lent ones back, lowest first and a pageblock at a time, and the
 * lend worker never lends the first r->ready kept pages.  An allocation
 * tries the kept runs first (cmr_ready_window()) and takes them without
 * cmr_reuse_mutex; one that needs lent pages waits for the worker's
 * pageblock at most, and the worker gives way while it waits.  After a
 * take the refill waits CMR_READY_SETTLE, and a pass under way stops, so
 * that a burst of allocations runs first.  The take only notes the time
 * and queues an idle worker: moving a queued worker's timer
 * (mod_delayed_work()) took 2 to 8 ms of the caller's path in make bench
 * (6.1, TCG), a take from kept pages 0.1.  The cost is memory the rest of
 * the system cannot use: the reserve, all the time.
 *
 * The reserve's size comes from the DT (linux,cmr-ready-size) or cmr=
 * (ready=<size>) and is changed at run time in sysfs (ready_pages).
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/bitmap.h>
#include <linux/gfp.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/pfn.h>
#include <linux/printk.h>
#include <linux/workqueue.h>

#include "cmr.h"
#include "cmr_compat.h"
#include "cmr_reuse.h"

/* A pass that found busy pages tries again this much later. */
#define CMR_READY_RETRY		HZ

/*
 * cmr_reuse_mutex, unless an allocation waits for it or holds it: then the
 * worker gives way and comes back CMR_READY_SETTLE later.
 */
static bool cmr_ready_lock(struct cmr_reuse *r)
{
	if (!atomic_read(&cmr_reuse_waiters) &&
	    mutex_trylock(&cmr_reuse_mutex))
		return true;
	queue_delayed_work(system_unbound_wq, &r->refill, CMR_READY_SETTLE);
	return false;
}

/*
 * Clear pages the worker owns, in state @from (lent ones it took back, or
 * the reserve's written ones), and keep them, marked clear.
 */
static void cmr_ready_keep_clear(struct cmr_reuse *r, unsigned long pos,
				 unsigned long n, enum cmr_reuse_state from)
{
	unsigned long flags;

	cmr_reuse_wipe(r, pos, n);
	spin_lock_irqsave(&r->lock, flags);
	__cmr_reuse_move(r, pos, n, from, CMR_REUSE_KEPT);
	bitmap_set(r->clean, pos, n);
	spin_unlock_irqrestore(&r->lock, flags);
}

/*
 * Take back one pageblock's worth of lent pages, the lowest from @pos on:
 * Return: where to go on from, or @end when there is nothing more to do.
 * *@busy is set when the page allocator would not give them up, *@took
 * when it did.
 */
static unsigned long cmr_ready_step(struct cmr_reuse *r, unsigned long pos,
				    unsigned long end, bool *busy, bool *took)
{
	unsigned long base = PHYS_PFN(r->region->base), n, stop, flags;
	bool want;
	int ret;

	if (!cmr_ready_lock(r))
		return end;
	spin_lock_irqsave(&r->lock, flags);
	want = cmr_ready_deficit(r);
	spin_unlock_irqrestore(&r->lock, flags);
	n = want ? cmr_reuse_next(r, CMR_REUSE_LENT, &pos, end) : 0;
	if (!n) {
		mutex_unlock(&cmr_reuse_mutex);
		return end;
	}
	stop = min(pos + n, ALIGN(pos + 1, pageblock_nr_pages));
	ret = cmr_contig_take(base + pos, base + stop,
			      GFP_KERNEL | __GFP_NOWARN);
	/* Cleared before they are kept: a take finds them ready. */
	if (!ret)
		cmr_ready_keep_clear(r, pos, stop - pos, CMR_REUSE_LENT);
	*busy |= !!ret;
	*took |= !ret;
	if (ret == -EBUSY)
		cmr_busy_blame(r, base + pos, base + stop);
	mutex_unlock(&cmr_reuse_mutex);
	return stop;
}

/*
 * Own the first written run of the reserve's kept pages (the first r->ready
 * kept ones), a pageblock at most, in one look: its length, *@pos at its
 * start; 0 when the reserve is all clear.
 */
static unsigned long cmr_ready_dirty(struct cmr_reuse *r, unsigned long *pos)
{
	unsigned long end = r->region->size >> PAGE_SHIFT, budget, s, e, d = 0;
	unsigned long flags, n = 0;

	spin_lock_irqsave(&r->lock, flags);
	budget = READ_ONCE(r->ready);
	for (e = 0; budget && (s = find_next_bit(r->kept, end, e)) < end;) {
		e = min(find_next_zero_bit(r->kept, end, s), s + budget);
		budget -= e - s;
		d = find_next_zero_bit(r->clean, e, s);
		if (d < e) {
			n = min(find_next_bit(r->clean, e, d),
				ALIGN(d + 1, pageblock_nr_pages)) - d;
			__cmr_reuse_move(r, d, n, CMR_REUSE_KEPT,
					 CMR_REUSE_OWNED);
			break;
		}
	}
	spin_unlock_irqrestore(&r->lock, flags);
	*pos = d;
	return n;
}

/*
 * Clear the reserve's written pages, a run at a time: owned meanwhile, so
 * that a take of them waits in cmr_reuse_take() for cmr_reuse_mutex.
 */
static void cmr_ready_scrub(struct cmr_reuse *r)
{
	unsigned long pos, n;

	while (cmr_ready_lock(r)) {
		n = cmr_ready_dirty(r, &pos);
		if (n)
			cmr_ready_keep_clear(r, pos, n, CMR_REUSE_OWNED);
		mutex_unlock(&cmr_reuse_mutex);
		if (!n)
			return;
		cond_resched();
	}
}

/* Does the reserve lack pages?  One look under @r->lock. */
static bool cmr_ready_short(struct cmr_reuse *r)
{
	unsigned long flags;
	bool short_of;

	spin_lock_irqsave(&r->lock, flags);
	short_of = cmr_ready_deficit(r);
	spin_unlock_irqrestore(&r->lock, flags);
	return short_of;
}

/* Jiffies until no take has come for CMR_READY_SETTLE; 0 once none has. */
static unsigned long cmr_ready_unsettled(struct cmr_reuse *r)
{
	unsigned long settle = READ_ONCE(r->settle), now = jiffies;

	return time_before(now, settle) ? settle - now : 0;
}

/**
 * cmr_ready_refill() - the worker that fills the ready reserve
 * @work: &cmr_reuse.refill
 *
 * Pages taken back are cleared before they are kept, and so are the
 * reserve's pages a released buffer left written: a buffer that asks for
 * zeroed memory (CMR_BUF_ZERO, as the dma-buf heap does) and fits in the
 * reserve is not cleared on the caller's path.  A pass that took pages
 * back is timed, in the region's refill histogram.
 *
 * Context: Process context (a workqueue); sleeps.
 */
void cmr_ready_refill(struct work_struct *work)
{
	struct cmr_reuse *r = container_of(to_delayed_work(work),
					   struct cmr_reuse, refill);
	unsigned long end = r->region->size >> PAGE_SHIFT, pos = 0;
	bool busy = false, took = false;
	u64 t0 = ktime_get_ns();
	unsigned long wait;

	/*
	 * An allocation that waits for the mutex goes first
	 * (cmr_ready_lock()), and a burst of them runs before any take back.
	 */
	while (pos < end && !cmr_ready_unsettled(r)) {
		pos = cmr_ready_step(r, pos, end, &busy, &took);
		cond_resched();
	}
	cmr_ready_scrub(r);
	if (took)
		cmr_hist_add(&r->lat[CMR_LAT_REFILL], ktime_get_ns() - t0);
	wait = cmr_ready_unsettled(r);
	if (wait) {
		queue_delayed_work(system_unbound_wq, &r->refill, wait);
		return;
	}
	if (busy && cmr_ready_short(r))
		queue_delayed_work(system_unbound_wq, &r->refill,
				   CMR_READY_RETRY);
}

/**
 * cmr_ready_check() - start the refill if the ready reserve lacks pages
 * @r: a reusable region's lending state
 * @delay: in jiffies; a later call moves the start again
 *
 * Context: Any context.
 */
void cmr_ready_check(struct cmr_reuse *r, unsigned long delay)
{
	if (cmr_ready_short(r))
		mod_delayed_work(system_unbound_wq, &r->refill, delay);
}

/**
 * cmr_ready_took() - the ready reserve after a take
 * @r: a reusable region's lending state
 *
 * The refill, if the reserve lacks pages, waits until no take came for
 * CMR_READY_SETTLE.  A worker already queued is left as it is: it waits
 * out the rest itself (cmr_ready_refill()).
 *
 * Context: Any context.
 */
void cmr_ready_took(struct cmr_reuse *r)
{
	WRITE_ONCE(r->settle, jiffies + CMR_READY_SETTLE);
	if (cmr_ready_short(r))
		queue_delayed_work(system_unbound_wq, &r->refill,
				   CMR_READY_SETTLE);
}

/**
 * cmr_ready_init() - set a region's ready reserve up
 * @r: its lending state, every page lent
 * @ready: the reserve in bytes
 *
 * A reserve larger than the region is refused, with a message.
 *
 * Context: boot, from the activation initcall.
 */
void __init cmr_ready_init(struct cmr_reuse *r, phys_addr_t ready)
{
	struct cmr_region *region = r->region;

	INIT_DELAYED_WORK(&r->refill, cmr_ready_refill);
	r->settle = jiffies;
	if (!ready)
		return;
	if (ready > region->size) {
		pr_err("region %s: ready reserve of %llu KiB larger than the region; none kept\n",
		       region->name, (unsigned long long)ready >> 10);
		return;
	}
	r->ready = PFN_UP(ready);
	pr_info("region %s: ready reserve: %llu KiB kept unlent\n",
		region->name, (unsigned long long)r->ready << (PAGE_SHIFT - 10));
	cmr_ready_check(r, 0);
}

/*
 * The first run of kept pages in [@pos, @end) (region offsets) where @req
 * fits, aligned; of pages known clear too if @clear.  @r->lock is held.
 */
static bool cmr_ready_fit(struct cmr_reuse *r, struct cmr_extent_req *req,
			  unsigned long pos, unsigned long end,
			  unsigned long zoff, bool clear)
{
	unsigned long base = PHYS_PFN(r->region->base), stop;

	for (; pos < end; pos = stop) {
		pos = find_next_bit(r->kept, end, pos);
		if (clear)
			pos = find_next_bit(r->clean, end, pos);
		stop = find_next_zero_bit(r->kept, end, pos);
		if (clear)
			stop = min(stop, find_next_zero_bit(r->clean, end, pos));
		if (pos >= end)
			return false;
		if (!test_bit(pos, r->kept)) {	/* clear, but owned */
			stop = find_next_bit(r->kept, end, pos);
			continue;
		}
		if (ALIGN(base + pos, req->align) + req->count <= base + stop) {
			req->lo = pos - zoff;
			req->hi = stop - zoff;
			return true;
		}
	}
	return false;
}

/**
 * cmr_ready_window() - kept pages of a zone where a request fits
 * @region: a reusable region
 * @zone: one of its zones
 * @req: the request; its window is narrowed to the first run of kept
 *	pages in it where the request fits, aligned: of pages the worker
 *	cleared if there is one, so that a zeroed buffer is not cleared on
 *	the caller's path
 *
 * Context: Any context.
 * Return: true if there is one.
 */
bool cmr_ready_window(struct cmr_region *region, struct cmr_zone *zone,
		      struct cmr_extent_req *req)
{
	struct cmr_reuse *r = region->reuse;
	unsigned long zoff = zone->base_pfn - PHYS_PFN(region->base);
	unsigned long pos = zoff + req->lo, end = zoff + req->hi, flags;
	bool found = false;

	spin_lock_irqsave(&r->lock, flags);
	if (r->nr_kept)
		found = cmr_ready_fit(r, req, pos, end, zoff, true) ||
			cmr_ready_fit(r, req, pos, end, zoff, false);
	spin_unlock_irqrestore(&r->lock, flags);
	return found;
}

/**
 * cmr_ready_get() - a reusable region's ready reserve and lending figures
 * @region: a reusable region
 * @ready: the reserve, in pages
 * @kept: pages free and held back from the page allocator now
 * @lent: pages lent to the page allocator now
 *
 * Context: Any context.
 */
void cmr_ready_get(struct cmr_region *region, unsigned long *ready,
		   unsigned long *kept, unsigned long *lent)
{
	struct cmr_reuse *r = region->reuse;
	unsigned long flags;

	spin_lock_irqsave(&r->lock, flags);
	*ready = READ_ONCE(r->ready);
	*kept = r->nr_kept;
	*lent = r->nr_lent;
	spin_unlock_irqrestore(&r->lock, flags);
}

/**
 * cmr_ready_set() - resize a reusable region's ready reserve
 * @region: a reusable region
 * @pages: the new reserve, in pages
 *
 * A larger reserve is filled in the background; pages a smaller one no
 * longer needs are lent at once.
 *
 * Context: Process context.
 * Return: 0, or -EINVAL if @pages exceeds the region.
 */
int cmr_ready_set(struct cmr_region *region, unsigned long pages)
{
	struct cmr_reuse *r = region->reuse;
	unsigned long old = READ_ONCE(r->ready);

	if (pages > region->size >> PAGE_SHIFT)
		return -EINVAL;
	WRITE_ONCE(r->ready, pages);
	if (pages > old)
		cmr_ready_check(r, 0);
	else if (pages < old)
		mod_delayed_work(system_wq, &r->lend, 0);
	return 0;
}
