// SPDX-License-Identifier: GPL-2.0
/*
 * cmr allocation records: who holds which buffer of a zone, and since
 * when, so that debugfs can answer "who took the camera's memory?"
 * without a rebuild.  A record is made outside the zone lock with
 * GFP_NOWAIT, since allocations may come from any context; when none can
 * be made the buffer is still handed out and only counted as untracked.
 */

#include <linux/device.h>
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/pfn.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "cmr.h"

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
		if (owner)
			strscpy(h->who, dev_name(owner), sizeof(h->who));
		else
			snprintf(h->who, sizeof(h->who), "%ps [%s]",
				 (void *)caller, in_task() ? current->comm : "-");
	}
	spin_lock_irqsave(&zone->lock, flags);
	if (h)
		list_add_tail(&h->list, &zone->held);
	else
		zone->untracked++;
	spin_unlock_irqrestore(&zone->lock, flags);
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
	struct cmr_held *h, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	list_for_each_entry(h, &zone->held, list)
		if (h->pfn == PHYS_PFN(phys)) {
			found = h;
			list_del(&h->list);
			break;
		}
	if (!found && zone->untracked)
		zone->untracked--;
	spin_unlock_irqrestore(&zone->lock, flags);
	kfree(found);
}
