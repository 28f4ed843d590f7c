// SPDX-License-Identifier: GPL-2.0
/*
 * cmr allocation records: who holds which buffer of a zone, and since
 * when, so that debugfs can answer "who took the camera's memory?"
 * without a rebuild.  Records sit in a tree by address, so that a release
 * finds its own in O(log n) with thousands of buffers held.
 *
 * No buffer allocates its record: each zone keeps spare records, carved
 * from page-sized chunks, and takes one under the zone lock.  A chunk is
 * allocated when the zone is set up, by a work item whenever the spares
 * run low, and, should a burst empty them before it runs, on the
 * allocation path itself (GFP_NOWAIT, one chunk for dozens of buffers),
 * as the tree strategy grows its nodes.  When even that fails the buffer
 * is handed out all the same and only counted as untracked.  Chunks are
 * kept until the zone goes: the spares follow the most buffers the zone
 * ever held at once.
 */

#include <linux/device.h>
#include <linux/jiffies.h>
#include <linux/pfn.h>
#include <linux/rbtree.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "cmr.h"

/* A chunk of records; a page in all. */
struct cmr_track_chunk {
	struct cmr_track_chunk *next;
	struct cmr_held recs[];
};

#define CMR_TRACK_CHUNK_RECS	\
	((PAGE_SIZE - sizeof(struct cmr_track_chunk)) / sizeof(struct cmr_held))


/* Add a chunk of spare records; false when there is no memory. */
static noinline bool cmr_track_grow(struct cmr_track_pool *pool, gfp_t gfp)
{
	struct cmr_track_chunk *c = kmalloc(PAGE_SIZE, gfp);
	struct cmr_zone *zone = pool->zone;
	unsigned long flags;
	unsigned int i;

	if (!c)
		return false;
	for (i = 0; i < CMR_TRACK_CHUNK_RECS - 1; i++)
		c->recs[i].next = &c->recs[i + 1];
	spin_lock_irqsave(&zone->lock, flags);
	c->recs[i].next = pool->spare;
	pool->spare = c->recs;
	pool->nr_spare += CMR_TRACK_CHUNK_RECS;
	c->next = pool->chunks;
	pool->chunks = c;
	pool->nr_chunks++;
	spin_unlock_irqrestore(&zone->lock, flags);
	return true;
}

static void cmr_track_fill(struct work_struct *work)
{
	struct cmr_track_pool *pool = container_of(work, struct cmr_track_pool,
						   fill);

	/* Racy read: one chunk too many is harmless, none is retried. */
	if (READ_ONCE(pool->nr_spare) < CMR_TRACK_LOW)
		cmr_track_grow(pool, GFP_KERNEL | __GFP_NOWARN);
}

/**
 * cmr_track_init() - give a zone its spare records
 * @zone: a zone set up by cmr_zone_init(), holding no buffer
 *
 * Without memory for them the zone works all the same: its buffers get
 * their records from the allocation path, or go untracked.
 *
 * Context: Process context; may sleep.
 * Return: 0, or -ENOMEM.
 */
int cmr_track_init(struct cmr_zone *zone)
{
	struct cmr_track_pool *pool = kzalloc(sizeof(*pool), GFP_KERNEL);

	if (!pool)
		return -ENOMEM;
	pool->zone = zone;
	INIT_WORK(&pool->fill, cmr_track_fill);
	zone->records = pool;
	return cmr_track_grow(pool, GFP_KERNEL) ? 0 : -ENOMEM;
}

/**
 * cmr_track_exit() - free a zone's records
 * @zone: the zone, which holds no buffer any more
 *
 * Context: Process context; may sleep (waits for a refill under way).
 */
void cmr_track_exit(struct cmr_zone *zone)
{
	struct cmr_track_pool *pool = zone->records;
	struct cmr_track_chunk *c;

	if (!pool)
		return;
	cancel_work_sync(&pool->fill);
	zone->records = NULL;
	while ((c = pool->chunks)) {
		pool->chunks = c->next;
		kfree(c);
	}
	kfree(pool);
}

/**
 * cmr_track_chunks() - how many chunks of records a zone has allocated
 * @zone: the zone
 *
 * For tests: an allocation that took a record from the spares leaves it
 * unchanged.
 *
 * Return: the count.
 */
unsigned long cmr_track_chunks(struct cmr_zone *zone)
{
	return zone->records ? READ_ONCE(zone->records->nr_chunks) : 0;
}

/**
 * cmr_track_find() - the record of the buffer that starts at a page
 * @zone: the zone
 * @pfn: the buffer's first page frame
 *
 * Context: the zone lock held.
 * Return: the record, or NULL.
 */
struct cmr_held *cmr_track_find(struct cmr_zone *zone, unsigned long pfn)
{
	struct rb_node *n = zone->held.rb_node;
	struct cmr_held *h;

	while (n) {
		h = rb_entry(n, struct cmr_held, node);
		if (pfn == h->pfn)
			return h;
		n = pfn < h->pfn ? n->rb_left : n->rb_right;
	}
	return NULL;
}

static void cmr_track_insert(struct cmr_zone *zone, struct cmr_held *h)
{
	struct rb_node **link = &zone->held.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = h->pfn < rb_entry(parent, struct cmr_held, node)->pfn ?
		       &parent->rb_left : &parent->rb_right;
	}
	rb_link_node(&h->node, parent, link);
	rb_insert_color(&h->node, &zone->held);
}

/*
 * File @rec (its fields, not its node) under a spare record, or count
 * the buffer untracked; the zone lock is held.  True when the spares ran
 * low.
 */
static bool cmr_track_file(struct cmr_zone *zone, const struct cmr_held *rec)
	__must_hold(&zone->lock)
{
	struct cmr_track_pool *pool = zone->records;
	struct cmr_held *h = pool ? pool->spare : NULL;

	if (!h) {
		zone->untracked++;
		return pool;
	}
	pool->spare = h->next;
	pool->nr_spare--;
	h->pfn = rec->pfn;
	h->count = rec->count;
	h->since = rec->since;
	h->caller = rec->caller;
	memcpy(h->who, rec->who, sizeof(h->who));
	cmr_track_insert(zone, h);
	return pool->nr_spare < CMR_TRACK_LOW;
}

/* File @rec; with no spare left, grow the spares first (GFP_NOWAIT). */
static void cmr_track_put(struct cmr_zone *zone, const struct cmr_held *rec)
{
	struct cmr_track_pool *pool = zone->records;
	unsigned long flags;
	bool low;

	if (pool && !READ_ONCE(pool->spare))
		cmr_track_grow(pool, GFP_NOWAIT | __GFP_NOWARN);
	spin_lock_irqsave(&zone->lock, flags);
	low = cmr_track_file(zone, rec);
	spin_unlock_irqrestore(&zone->lock, flags);
	if (low)
		schedule_work(&pool->fill);
}

/**
 * cmr_track_add() - record an allocation
 * @zone: the zone that holds it
 * @phys: its first byte
 * @count: pages
 * @owner: the device it is for, or NULL
 * @caller: the return address of the API call, named when @owner is NULL
 *
 * Context: Any context.
 */
void cmr_track_add(struct cmr_zone *zone, phys_addr_t phys,
		   unsigned long count, struct device *owner,
		   unsigned long caller)
{
	struct cmr_held rec = {
		.pfn = PHYS_PFN(phys),
		.count = count,
		.since = jiffies,
		.caller = owner ? 0 : caller,
	};

	strscpy(rec.who, owner ? dev_name(owner) :
			 in_task() ? current->comm : "-", sizeof(rec.who));
	cmr_track_put(zone, &rec);
}

/**
 * cmr_track_take() - check a release and take its record
 * @zone: the zone it is released to
 * @phys: the first byte
 * @count: pages
 * @why: on refusal, the reason for the message
 * @old: a copy of the record taken, for cmr_track_restore(); count 0 for
 *	an untracked buffer
 *
 * A release must name a buffer exactly: its first page and its size.
 * Without this check the strategy would free part of a buffer released
 * with too small a size, or a part of someone else's buffer.  Buffers
 * without a record (no memory for one) are left to the strategy's own
 * check.  The record goes back to the spares at once.
 *
 * Context: Any context.
 * Return: 0, or -EINVAL with @why set and nothing changed.
 */
int cmr_track_take(struct cmr_zone *zone, phys_addr_t phys,
		   unsigned long count, const char **why,
		   struct cmr_held *old)
{
	struct cmr_track_pool *pool = zone->records;
	unsigned long flags;
	struct cmr_held *h;
	int ret = 0;

	old->count = 0;
	spin_lock_irqsave(&zone->lock, flags);
	h = cmr_track_find(zone, PHYS_PFN(phys));
	if (h && h->count != count) {
		*why = "not the size it was allocated with";
		ret = -EINVAL;
	} else if (h) {
		*old = *h;
		rb_erase(&h->node, &zone->held);
		/* A record exists only if the zone has spares to hold it. */
		h->next = pool->spare;
		pool->spare = h;
		pool->nr_spare++;
	} else if (zone->untracked) {
		zone->untracked--;
	} else {
		*why = "no buffer of this zone starts there";
		ret = -EINVAL;
	}
	spin_unlock_irqrestore(&zone->lock, flags);
	return ret;
}

/**
 * cmr_track_restore() - undo cmr_track_take() after a failed release
 * @zone: the zone
 * @old: what cmr_track_take() stored
 *
 * Context: Any context.
 */
void cmr_track_restore(struct cmr_zone *zone, const struct cmr_held *old)
{
	unsigned long flags;

	if (old->count) {
		cmr_track_put(zone, old);
		return;
	}
	spin_lock_irqsave(&zone->lock, flags);
	zone->untracked++;
	spin_unlock_irqrestore(&zone->lock, flags);
}
