// SPDX-License-Identifier: GPL-2.0
/*
 * cmr zone layout: where the declared zones of a region go.  Zones are
 * laid out from the region's base in the order declared; a zone that is
 * malformed, names an unknown strategy or does not fit in what is left is
 * refused and takes no room, so the zones after it and the remainder get
 * its memory.  What the zones leave becomes the zone "default", with the
 * region's strategy.  Pure: no allocation, no messages (the caller prints
 * the reasons), so it is unit-tested in userspace.
 */

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/string.h>

#include "cmr_decl.h"

static const char *cmr_zone_check(const struct cmr_zone_decl *zd,
				  const struct cmr_zone_decl *prev,
				  unsigned int nr_prev,
				  const struct cmr_zone_plan *plan,
				  unsigned long left)
{
	phys_addr_t align = zd->align ? zd->align : PAGE_SIZE;
	unsigned int i;

	if (!cmr_name_valid(zd->name, strnlen(zd->name, CMR_NAME_MAX)))
		return "bad name (1-31 of a-z 0-9 _ -)";
	if (!strcmp(zd->name, CMR_ZONE_DEFAULT))
		return "the name \"default\" is kept for what zones leave";
	for (i = 0; i < nr_prev; i++)
		if (!plan[i].why && !strcmp(prev[i].name, zd->name))
			return "duplicate name";
	if (!zd->size)
		return "size is 0";
	if (zd->size & (PAGE_SIZE - 1))
		return "size is not a multiple of the page size";
	if (!is_power_of_2(align) || align < PAGE_SIZE)
		return "alignment is not a power of two of at least a page";
	if (align > zd->size)
		return "alignment is larger than the zone";
	if (zd->strategy[0] && !cmr_strategy_find(zd->strategy))
		return "unknown strategy";
	if (zd->size >> PAGE_SHIFT > left)
		return "does not fit in what is left of the region";
	return NULL;
}

/**
 * cmr_zone_layout() - place the declared zones of a region
 * @zd: the declared zones, in order
 * @nr: entries in @zd, at most CMR_MAX_ZONES
 * @pages: pages in the region
 * @region_ops: the region's strategy, for the remainder and the zones
 *	that name none
 * @plan: @nr + 1 entries: @plan[i] for @zd[i], @plan[@nr] the remainder
 *
 * A refused zone has @plan[i].why set and no pages; the remainder has no
 * pages when the zones fill the region.
 *
 * Return: the number of zones to create: accepted zones plus the
 * remainder if it has pages.
 */
unsigned int cmr_zone_layout(const struct cmr_zone_decl *zd, unsigned int nr,
			     unsigned long pages,
			     const struct cmr_strategy_ops *region_ops,
			     struct cmr_zone_plan *plan)
{
	unsigned long offset = 0;
	unsigned int i, n = 0;

	for (i = 0; i < nr; i++) {
		struct cmr_zone_plan *p = &plan[i];

		memset(p, 0, sizeof(*p));
		p->name = zd[i].name;
		p->left = pages - offset;
		p->why = cmr_zone_check(&zd[i], zd, i, plan, p->left);
		if (p->why)
			continue;
		p->offset = offset;
		p->pages = zd[i].size >> PAGE_SHIFT;
		p->ops = zd[i].strategy[0] ? cmr_strategy_find(zd[i].strategy) :
			 region_ops;
		p->align_order = zd[i].align ?
				 ilog2(zd[i].align >> PAGE_SHIFT) : 0;
		p->heap = zd[i].heap;
		offset += p->pages;
		n++;
	}
	memset(&plan[nr], 0, sizeof(plan[nr]));
	plan[nr].name = CMR_ZONE_DEFAULT;
	plan[nr].offset = offset;
	plan[nr].pages = pages - offset;
	plan[nr].left = pages - offset;
	plan[nr].ops = region_ops;
	return n + !!plan[nr].pages;
}
