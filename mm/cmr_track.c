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
 * the buffer untracked; the zone lock is held.  Spares running low wake
 * the refill.
 */
static void cmr_track_file(struct cmr_zone *zone, const struct cmr_held *rec)
	__must_hold(&zone->lock)
{
	struct cmr_track_pool *pool = zone->records;
	struct cmr_held *h = pool ? pool->spare : NULL;

	if (!h) {
		zone->untracked++;
		if (pool)
			schedule_work(&pool->fill);
		return;
	}
	pool->spare = h->next;
	pool->nr_spare--;
	h->pfn = rec->pfn;
	h->count = rec->count;
	h->since = rec->since;
	h->caller = rec->caller;
	memcpy(h->who, rec->who, sizeof(h->who));
	cmr_track_insert(zone, h);
	if (pool->nr_spare < CMR_TRACK_LOW)
		schedule_work(&pool->fill);
}

/**
 * cmr_track_prepare() - make the record of an allocation about to be made
 * @zone: the zone it is tried in
 * @rec: filled in, to pass to cmr_track_placed() through the zone's hook
 * @count: pages
 * @owner: the device it is for, or NULL
 * @caller: the return address of the API call, named when @owner is NULL
 *
 * With no spare record left (a burst emptied them before the work item
 * ran), a chunk is allocated here, outside the zone lock.
 *
 * Context: Any context.
 */
void cmr_track_prepare(struct cmr_zone *zone, struct cmr_held *rec,
		       unsigned long count, struct device *owner,
		       unsigned long caller)
{
	struct cmr_track_pool *pool = zone->records;

	rec->count = count;
	rec->since = jiffies;
	rec->caller = owner ? 0 : caller;
	strscpy(rec->who, owner ? dev_name(owner) :
			  in_task() ? current->comm : "-", sizeof(rec->who));
	if (pool && !READ_ONCE(pool->spare))
		cmr_track_grow(pool, GFP_NOWAIT | __GFP_NOWARN);
}

/**
 * cmr_track_placed() - file a prepared record (&cmr_zone_hook.placed)
 * @zone: the zone that holds the buffer
 * @pfn: its first page frame
 * @arg: the record cmr_track_prepare() made
 *
 * Context: the zone lock held.
 */
void cmr_track_placed(struct cmr_zone *zone, unsigned long pfn, void *arg)
	__must_hold(&zone->lock)
{
	struct cmr_held *rec = arg;

	rec->pfn = pfn;
	cmr_track_file(zone, rec);
}

/**
 * cmr_track_releasing() - check a release and take its record
 *	(&cmr_zone_hook.releasing)
 * @zone: the zone it is released to
 * @pfn: the first page frame
 * @count: pages, as the caller gave them
 * @arg: a &struct cmr_track_release: the reason of a refusal, and a copy
 *	of the record taken, for cmr_track_refused()
 *
 * A release must name a buffer exactly: its first page and its size.
 * Without this check the strategy would free part of a buffer released
 * with too small a size, or a part of someone else's buffer.  Buffers
 * without a record (no memory for one) are left to the strategy's own
 * check.  The record goes back to the spares at once.
 *
 * Context: the zone lock held.
 * Return: 0, or -EINVAL with the reason set and nothing changed.
 */
int cmr_track_releasing(struct cmr_zone *zone, unsigned long pfn,
			unsigned long count, void *arg)
	__must_hold(&zone->lock)
{
	struct cmr_track_pool *pool = zone->records;
	struct cmr_track_release *tr = arg;
	struct cmr_held *h = cmr_track_find(zone, pfn);

	tr->old.count = 0;
	if (h && h->count != count) {
		tr->why = "not the size it was allocated with";
		return -EINVAL;
	}
	if (h) {
		tr->old = *h;
		rb_erase(&h->node, &zone->held);
		/* A record exists only if the zone has spares to hold it. */
		h->next = pool->spare;
		pool->spare = h;
		pool->nr_spare++;
		return 0;
	}
	if (zone->untracked) {
		zone->untracked--;
		return 0;
	}
	tr->why = "no buffer of this zone starts there";
	return -EINVAL;
}

/**
 * cmr_track_refused() - undo cmr_track_releasing() (&cmr_zone_hook.refused)
 * @zone: the zone
 * @arg: the &struct cmr_track_release it filled
 *
 * Context: the zone lock held.
 */
void cmr_track_refused(struct cmr_zone *zone, void *arg)
	__must_hold(&zone->lock)
{
	struct cmr_track_release *tr = arg;

	if (!tr->old.count)
		zone->untracked++;
	else
		cmr_track_file(zone, &tr->old);
}
