// SPDX-License-Identifier: GPL-2.0
/*
 * cmr zone configuration by a driver at probe time: the zone's strategy,
 * the least alignment of its buffers, and a reserve kept for the driver.
 *
 * A reserve is contiguous: it is carved out of the zone as one allocation
 * (counted as used there) and managed as a zone of its own, so what the
 * owner needs is there whatever others do to the rest of the zone.  The
 * owner's buffers come from the reserve first, then from the zone.
 *
 * A reserve lives while its owner is bound: one its driver did not give
 * back is dropped at unbind (a devres action), or, if buffers from it are
 * still held (shared with other devices), kept for the device to take
 * again when it binds next.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/device.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/pfn.h>
#include <linux/slab.h>

#include "cmr.h"

static int cmr_config_strategy(struct cmr_zone *zone, const char *name)
{
	const struct cmr_strategy_ops *ops = cmr_strategy_find(name), *old;
	unsigned long flags;
	void *priv, *old_priv;
	int ret;

	if (!ops)
		return -EINVAL;
	if (ops == zone->ops)
		return 0;
	/* Set up outside the lock: init allocates. */
	ret = ops->init(&priv, zone->base_pfn, zone->pages,
			zone->order_per_bit);
	if (ret)
		return ret;
	spin_lock_irqsave(&zone->lock, flags);
	if (zone->stats.used_pages) {
		spin_unlock_irqrestore(&zone->lock, flags);
		ops->destroy(priv);
		return -EBUSY;
	}
	old = zone->ops;
	old_priv = zone->priv;
	zone->ops = ops;
	zone->priv = priv;
	spin_unlock_irqrestore(&zone->lock, flags);
	old->destroy(old_priv);
	return 0;
}

/* Give @zone's reserve back to the zone: it must hold no buffer. */
static int cmr_config_drop(struct cmr_zone *zone)
{
	struct cmr_zone *rsv = zone->rsv;
	struct device *owner = zone->rsv_owner;
	unsigned long flags;

	spin_lock_irqsave(&rsv->lock, flags);
	if (rsv->stats.used_pages) {
		spin_unlock_irqrestore(&rsv->lock, flags);
		return -EBUSY;
	}
	spin_unlock_irqrestore(&rsv->lock, flags);
	zone->rsv = NULL;
	zone->rsv_owner = NULL;
	zone->rsv_orphaned = false;
	WARN_ON_ONCE(__cmr_release(zone, PFN_PHYS(rsv->base_pfn), rsv->pages,
				   _RET_IP_));
	cmr_track_exit(rsv);
	cmr_zone_destroy(rsv);
	kfree(rsv);
	put_device(owner);
	return 0;
}

/* Devres action: the owner of @data's reserve is being unbound. */
static void cmr_config_unbind(void *data)
{
	struct cmr_zone *zone = data;
	struct device *owner = zone->rsv_owner;
	unsigned long used = READ_ONCE(zone->rsv->stats.used_pages);

	if (!cmr_config_drop(zone)) {
		dev_warn(owner, "cmr: region %s zone %s: reserve not given back by the driver; dropped at unbind\n",
			 cmr_zone_rname(zone), zone->name);
		return;
	}
	zone->rsv_orphaned = true;
	dev_warn(owner, "cmr: region %s zone %s: unbound holding %lu pages of its reserve; it is kept for the device's next bind\n",
		 cmr_zone_rname(zone), zone->name, used);
}

/*
 * @zone has a reserve already: the same device binding again takes back
 * the one it left held at unbind, if it asks for as much.
 */
static int cmr_config_adopt(struct cmr_zone *zone, struct device *owner,
			    unsigned long pages)
{
	int ret;

	if (!zone->rsv_orphaned || zone->rsv_owner != owner ||
	    zone->rsv->pages != cmr_zone_round(zone, pages))
		return -EBUSY;
	ret = devm_add_action(owner, cmr_config_unbind, zone);
	if (!ret)
		zone->rsv_orphaned = false;
	return ret;
}

/*
 * Make the allocation [@phys, @phys + @count pages) of @zone the reserve
 * of @owner, or release it.
 */
static int cmr_config_reserve(struct cmr_zone *zone, struct device *owner,
			      phys_addr_t phys, unsigned long count)
{
	struct cmr_zone *rsv;
	int ret = -ENOMEM;

	rsv = kzalloc(sizeof(*rsv), GFP_KERNEL);
	if (!rsv)
		goto release;
	ret = cmr_zone_init(rsv, zone->name, PHYS_PFN(phys), count, zone->ops,
			    zone->order_per_bit);
	if (ret)
		goto free;
	rsv->align_order = zone->align_order;
	rsv->region = zone->region;
	rsv->rsv_of = zone;
	/* Without spare records its buffers get theirs as they come. */
	cmr_track_init(rsv);
	ret = devm_add_action(owner, cmr_config_unbind, zone);
	if (ret)
		goto destroy;
	zone->rsv_owner = get_device(owner);
	zone->rsv = rsv;
	return 0;

destroy:
	cmr_track_exit(rsv);
	cmr_zone_destroy(rsv);
free:
	kfree(rsv);
release:
	__cmr_release(zone, phys, count, _RET_IP_);
	return ret;
}

/**
 * cmr_zone_configure() - set a zone up for a driver, at probe time
 * @zone: zone from cmr_zone_find()
 * @owner: the driver's device; the reserve is kept for it
 * @cfg: what to set; see &struct cmr_zone_config
 *
 * The strategy can be changed only while the zone holds no buffer.  The
 * alignment applies to every later buffer of the zone, whoever asks.
 * The reserve is carved out of the zone at once as one contiguous
 * extent, so the call fails if the zone has no such room; one zone has at
 * most one reserve.  The owner's buffers (cmr_buffer_alloc() and
 * cmr_buffer_alloc_zone() with @owner) come from the reserve first.
 * Settings made before a failure stay.
 *
 * The reserve is given back at the latest when @owner is unbound; one
 * still holding buffers then is kept until @owner binds again and asks
 * for the same size.
 *
 * Context: Process context; may sleep.  Callers serialise configuration
 * of one zone (probe does).
 *
 * Return: 0; -EINVAL for a bad argument or an unknown strategy, -EBUSY
 * when the zone holds buffers (strategy) or already has a reserve,
 * -ENOMEM when the reserve does not fit or metadata cannot be allocated,
 * -ENODEV when @owner is on a bus and has no driver bound.
 */
int cmr_zone_configure(struct cmr_zone *zone, struct device *owner,
		       const struct cmr_zone_config *cfg)
{
	struct cmr_request req = { };
	struct cmr_zone *got;
	const char *rname;
	phys_addr_t phys;
	int ret = 0;

	if (IS_ERR_OR_NULL(zone) || !cfg || (cfg->reserve && !owner) ||
	    cfg->reserve > zone->pages || cfg->align >= BITS_PER_LONG ||
	    (1UL << cfg->align) > zone->pages)
		return -EINVAL;
	if (cmr_owner_unbound(owner, "zone configuration", _RET_IP_))
		return -ENODEV;
	rname = cmr_zone_rname(zone);
	if (cfg->strategy)
		ret = cmr_config_strategy(zone, cfg->strategy);
	if (ret) {
		pr_warn("region %s zone %s: strategy '%s' for %s refused (%d)\n",
			rname, zone->name, cfg->strategy,
			owner ? dev_name(owner) : "-", ret);
		return ret;
	}
	if (cfg->align)
		WRITE_ONCE(zone->align_order, cfg->align);
	if (cfg->reserve && zone->rsv) {
		ret = cmr_config_adopt(zone, owner, cfg->reserve);
	} else if (cfg->reserve) {
		/* Whole granules, so that the record is what it covers. */
		req.count = cmr_zone_round(zone, cfg->reserve);
		/* A reusable region's reserve is taken back now, and kept. */
		got = __cmr_alloc(zone->region, zone, owner, &req, &phys,
				  _RET_IP_);
		ret = PTR_ERR_OR_ZERO(got);
		if (!ret)
			ret = cmr_config_reserve(zone, owner, phys, req.count);
	}
	if (ret)
		pr_warn("region %s zone %s: reserve of %lu pages for %s refused (%d)\n",
			rname, zone->name, cfg->reserve, dev_name(owner), ret);
	return ret;
}
EXPORT_SYMBOL_GPL(cmr_zone_configure);

/**
 * cmr_zone_unreserve() - give a zone's reserve back
 * @zone: the zone
 * @owner: the device cmr_zone_configure() reserved it for
 *
 * Call from remove.  The reserve must hold no buffer.  A driver that
 * does not call it has its reserve given back at unbind.
 *
 * Context: Process context.
 * Return: 0, -EINVAL if @owner has no reserve in @zone, -EBUSY while
 * buffers are held in it, -ENODEV when @owner is on a bus and has no
 * driver bound.
 */
int cmr_zone_unreserve(struct cmr_zone *zone, struct device *owner)
{
	bool managed;
	int ret;

	if (IS_ERR_OR_NULL(zone) || !zone->rsv || zone->rsv_owner != owner)
		return -EINVAL;
	if (cmr_owner_unbound(owner, "reserve release", _RET_IP_))
		return -ENODEV;
	managed = !zone->rsv_orphaned;
	ret = cmr_config_drop(zone);
	if (!ret && managed)
		devm_remove_action(owner, cmr_config_unbind, zone);
	return ret;
}
EXPORT_SYMBOL_GPL(cmr_zone_unreserve);
