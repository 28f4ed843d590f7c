// SPDX-License-Identifier: GPL-2.0
/*
 * cmr allocation records: who holds which buffer of a zone, and since
 * when, so that debugfs can answer "who took the camera's memory?"
 * without a rebuild.  A record is made outside the zone lock with
 * GFP_NOWAIT, since allocations may come from any context; when none can
 * be made the buffer is still handed out and only counted as untracked.
 * Records sit in a tree by address, so that a release finds its own in
 * O(log n) with thousands of buffers held.
 */

#include <linux/device.h>
#include <linux/jiffies.h>
#include <linux/pfn.h>
#include <linux/rbtree.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "cmr.h"

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
	struct cmr_held *h = kmalloc(sizeof(*h), GFP_NOWAIT | __GFP_NOWARN);
	unsigned long flags;

	if (h) {
		h->pfn = PHYS_PFN(phys);
		h->count = count;
		h->since = jiffies;
		h->caller = owner ? 0 : caller;
		strscpy(h->who, owner ? dev_name(owner) :
				in_task() ? current->comm : "-", sizeof(h->who));
	}
	spin_lock_irqsave(&zone->lock, flags);
	if (h)
		cmr_track_insert(zone, h);
	else
		zone->untracked++;
	spin_unlock_irqrestore(&zone->lock, flags);
}

/**
 * cmr_track_check() - may a release of this range go ahead?
 * @zone: the zone it is released to
 * @phys: the first byte
 * @count: pages
 * @why: on refusal, the reason for the message
 *
 * A release must name a buffer exactly: its first page and its size.
 * Without this check the strategy would free part of a buffer released
 * with too small a size, or a part of someone else's buffer.  Buffers
 * without a record (no memory for one) are left to the strategy's own
 * check.
 *
 * Context: Any context.
 * Return: 0, or -EINVAL with @why set.
 */
int cmr_track_check(struct cmr_zone *zone, phys_addr_t phys,
		    unsigned long count, const char **why)
{
	struct cmr_held *h;
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&zone->lock, flags);
	h = cmr_track_find(zone, PHYS_PFN(phys));
	if (h && h->count != count) {
		*why = "not the size it was allocated with";
		ret = -EINVAL;
	} else if (!h && !zone->untracked) {
		*why = "no buffer of this zone starts there";
		ret = -EINVAL;
	}
	spin_unlock_irqrestore(&zone->lock, flags);
	return ret;
}

/**
 * cmr_track_del() - forget an allocation that was released
 * @zone: the zone that held it
 * @phys: its first byte
 *
 * Context: Any context.
 */
void cmr_track_del(struct cmr_zone *zone, phys_addr_t phys)
{
	struct cmr_held *h;
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	h = cmr_track_find(zone, PHYS_PFN(phys));
	if (h)
		rb_erase(&h->node, &zone->held);
	else if (zone->untracked)
		zone->untracked--;
	spin_unlock_irqrestore(&zone->lock, flags);
	kfree(h);
}
