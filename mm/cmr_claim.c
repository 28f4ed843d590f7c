// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation in a zone whose pages are not the zone's alone (a reusable
 * region's: &cmr_zone.claim), where handing out a range the strategy chose
 * may cost a migration, or fail.
 *
 * cma_alloc() takes the lowest range that fits and, when a page there is
 * busy, the next one, until its bitmap runs out.  Here:
 *  1. pages the owner calls ready (kept, no migration) come first
 *     (&cmr_zone_claim.ready);
 *  2. otherwise the strategy's next CMR_CLAIM_BATCH fits are held and
 *     weighed (&cmr_zone_claim.cost: pages to migrate; a page that looks
 *     pinned or unmovable, or that failed a moment ago, puts a range last)
 *     and taken cheapest first, the strategy's order breaking ties.  The
 *     first time, the range the owner finds cheapest anywhere in the zone
 *     (&cmr_zone_claim.cheap), which the strategy's disjoint fits may
 *     straddle, is weighed before them and bounds how far each is read;
 *     when every fit costs more, it is the batch, alone;
 *  3. when all of them are busy, the next batch is weighed, the busy ones
 *     still held so the strategy moves past them: a request fails only
 *     when no range that fits can be taken.
 * Candidates are held uncounted: the zone's counters see one allocation,
 * or one failure, per request.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "cmr.h"

/* Candidates weighed at once. */
#define CMR_CLAIM_BATCH		8

/**
 * struct cmr_claim_batch - candidates the strategy offered, held
 * @next: the batch weighed before this one, or NULL
 * @nr: candidates in this batch
 * @offset: their first pages (zone offsets)
 * @cost: their costs; LONG_MAX for ranges tried or looking busy
 * @tried: the owner was asked for it already
 */
struct cmr_claim_batch {
	struct cmr_claim_batch *next;
	unsigned int nr;
	unsigned long offset[CMR_CLAIM_BATCH];
	long cost[CMR_CLAIM_BATCH];
	bool tried[CMR_CLAIM_BATCH];
};

/* The strategy's next fit for @req, held but not counted. */
static int cmr_claim_hold(struct cmr_zone *zone, struct cmr_extent_req *req,
			  unsigned long *offset)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&zone->lock, flags);
	ret = cmr_zone_fit(zone, req, offset, &flags);
	spin_unlock_irqrestore(&zone->lock, flags);
	return ret;
}

/* Give a held range back; nothing was counted for it. */
static void cmr_claim_unhold(struct cmr_zone *zone, unsigned long offset,
			     unsigned long count)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&zone->lock, flags);
	ret = zone->ops->release(zone->priv, offset, count);
	while (unlikely(ret == -ENOSPC) && cmr_zone_grow(zone, &flags))
		ret = zone->ops->release(zone->priv, offset, count);
	spin_unlock_irqrestore(&zone->lock, flags);
	if (ret)
		pr_err("region %s zone %s: a range weighed at %lu not given back (%d)\n",
		       cmr_zone_rname(zone), zone->name, offset, ret);
}

/* Count the request's outcome once, and tell the owner of a success. */
static void cmr_claim_count(struct cmr_zone *zone, int ret,
			    unsigned long count, unsigned long offset,
			    const struct cmr_zone_hook *hook)
{
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	cmr_zone_count(zone, ret, count);
	if (!ret && hook)
		hook->placed(zone, zone->base_pfn + offset, hook->arg);
	spin_unlock_irqrestore(&zone->lock, flags);
}

/* The ready pages, if the owner names some where @req fits. */
static int cmr_claim_ready(struct cmr_zone *zone,
			   const struct cmr_extent_req *req,
			   unsigned long *offset)
{
	struct cmr_extent_req ready = *req;
	int ret;

	if (!zone->claim->ready || !zone->claim->ready(zone, &ready))
		return -ENOMEM;
	ready.lo = max(ready.lo, req->lo);
	ready.hi = min(ready.hi, req->hi);
	if (ready.lo >= ready.hi || ready.count > ready.hi - ready.lo)
		return -ENOMEM;
	ret = cmr_claim_hold(zone, &ready, offset);
	if (ret)
		return ret;
	ret = zone->claim->take(zone, zone->base_pfn + *offset, req->count);
	if (ret)
		cmr_claim_unhold(zone, *offset, req->count);
	return ret;
}

/*
 * What taking [@offset, + @req->count) would cost the owner, LONG_MAX when
 * it looks bound to fail; the look may stop once it passes @limit.
 */
static long cmr_claim_cost(struct cmr_zone *zone,
			   const struct cmr_extent_req *req,
			   unsigned long offset, long limit)
{
	long cost = zone->claim->cost ?
		    zone->claim->cost(zone, zone->base_pfn + offset,
				      req->count, limit) : 0;

	return cost < 0 ? LONG_MAX : cost;
}

/*
 * The owner's cheapest-looking range for @req, and its cost, in @cheap;
 * LONG_MAX when there is none.  Weighed before the strategy's fits, it
 * bounds how far each of them is read.
 */
static long cmr_claim_cheap(struct cmr_zone *zone,
			    const struct cmr_extent_req *req,
			    struct cmr_extent_req *cheap)
{
	*cheap = *req;
	if (!zone->claim->cheap || !zone->claim->cheap(zone, cheap))
		return LONG_MAX;
	return cmr_claim_cost(zone, req, cheap->lo, LONG_MAX);
}

/*
 * Hold up to CMR_CLAIM_BATCH more of the strategy's fits in @b and weigh
 * them, each read no further than the cheapest so far, or @limit: whether
 * one costs @limit or less.
 */
static bool cmr_claim_fits(struct cmr_zone *zone, struct cmr_extent_req *req,
			   struct cmr_claim_batch *b, long limit)
{
	long best = limit;
	bool within = false;
	unsigned int i;

	for (b->nr = 0; b->nr < CMR_CLAIM_BATCH; ) {
		i = b->nr;
		if (cmr_claim_hold(zone, req, &b->offset[i]))
			break;
		b->cost[i] = cmr_claim_cost(zone, req, b->offset[i], best);
		b->tried[i] = false;
		b->nr++;
		within |= b->cost[i] <= limit;
		best = min(best, b->cost[i]);
		/* Nothing to migrate: none can be cheaper, weigh no more. */
		if (!b->cost[i])
			break;
	}
	return within;
}

/*
 * Fill @b with candidates: the strategy's next fits; in the @first batch,
 * the owner's cheapest-looking range instead, alone, when every fit costs
 * more (the fits are given back: they may overlap it).  How many.
 */
static unsigned int cmr_claim_weigh(struct cmr_zone *zone,
				    struct cmr_extent_req *req,
				    struct cmr_claim_batch *b, bool first)
{
	struct cmr_extent_req cheap;
	long hint = first ? cmr_claim_cheap(zone, req, &cheap) : LONG_MAX;
	unsigned int i;

	if (cmr_claim_fits(zone, req, b, hint) || hint == LONG_MAX)
		return b->nr;
	for (i = 0; i < b->nr; i++)
		cmr_claim_unhold(zone, b->offset[i], req->count);
	b->nr = 0;
	if (cmr_claim_hold(zone, &cheap, &b->offset[0])) {
		cmr_claim_fits(zone, req, b, LONG_MAX);
		return b->nr;
	}
	b->cost[0] = hint;
	b->tried[0] = false;
	b->nr = 1;
	return b->nr;
}

/*
 * Ask the owner for @b's candidates, cheapest first: 0 with *@offset taken
 * (and dropped from @b), -EBUSY when every one was busy, or another error.
 */
static int cmr_claim_take(struct cmr_zone *zone,
			  const struct cmr_extent_req *req,
			  struct cmr_claim_batch *b, unsigned long *offset)
{
	unsigned int i, best;
	int ret = -EBUSY;

	while (ret == -EBUSY) {
		best = b->nr;
		for (i = 0; i < b->nr; i++)
			if (!b->tried[i] &&
			    (best == b->nr || b->cost[i] < b->cost[best]))
				best = i;
		if (best == b->nr)
			return -EBUSY;
		b->tried[best] = true;
		ret = zone->claim->take(zone, zone->base_pfn + b->offset[best],
					req->count);
	}
	if (!ret) {
		/* The last candidate takes the winner's slot, whole. */
		*offset = b->offset[best];
		b->nr--;
		b->offset[best] = b->offset[b->nr];
		b->cost[best] = b->cost[b->nr];
		b->tried[best] = b->tried[b->nr];
	}
	return ret;
}

/* Give back every held candidate and free the batches: how many were busy. */
static unsigned int cmr_claim_drop(struct cmr_zone *zone,
				   struct cmr_claim_batch *b,
				   struct cmr_claim_batch *first,
				   unsigned long count)
{
	struct cmr_claim_batch *next;
	unsigned int i, busy = 0;

	for (; b; b = next) {
		next = b->next;
		for (i = 0; i < b->nr; i++) {
			busy += b->tried[i];
			cmr_claim_unhold(zone, b->offset[i], count);
		}
		if (b != first)
			kfree(b);
	}
	return busy;
}

/**
 * cmr_zone_alloc_claimed() - cmr_zone_alloc() in a zone with a claim hook
 * @zone: the zone; @zone->claim is set
 * @req: the request
 * @offset: where to store the first page taken (zone offset)
 * @hook: the owner's bookkeeping, or NULL
 *
 * Context: Process context; sleeps.
 * Return: 0; -ENOMEM when no range that fits could be taken (each is
 * held and weighed in turn), or the claim hook's error.
 */
int cmr_zone_alloc_claimed(struct cmr_zone *zone, struct cmr_extent_req *req,
			   unsigned long *offset,
			   const struct cmr_zone_hook *hook)
{
	struct cmr_claim_batch first = { }, *b = &first, *more;
	unsigned int busy = 0;
	int ret;

	ret = cmr_claim_ready(zone, req, offset);
	if (!ret || ret == -EINTR)
		goto out;
	for (;;) {
		ret = cmr_claim_weigh(zone, req, b, b == &first) ?
		      -EBUSY : -ENOMEM;
		if (ret == -ENOMEM)
			break;
		ret = cmr_claim_take(zone, req, b, offset);
		if (ret != -EBUSY)
			break;
		more = kzalloc(sizeof(*more), GFP_KERNEL);
		if (!more) {
			ret = -ENOMEM;
			break;
		}
		more->next = b;
		b = more;
	}
	busy = cmr_claim_drop(zone, b, &first, req->count);
	if (ret && busy)
		pr_warn_ratelimited("region %s zone %s: %lu pages: no range taken, %u found busy (%d)\n",
				    cmr_zone_rname(zone), zone->name,
				    req->count, busy, ret);
out:
	/* Busy pages are not fragmentation: count a plain failure. */
	cmr_claim_count(zone, ret && busy ? -EBUSY : ret, req->count, *offset,
			hook);
	return ret;
}
