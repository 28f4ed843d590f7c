// SPDX-License-Identifier: GPL-2.0
/*
 * Which devices the DMA backend serves.  A device is bound when it is
 * added to its bus, by its DT "memory-region" pointing to a cmr region
 * or by a cmr.map= rule (cmr_device_binding()), and unbound when it is
 * deleted; driver binding and unbinding change nothing, as for a DT
 * "memory-region" of CMA.  The platform bus (DT and driver-made
 * devices) and PCI are watched: the DMA API's contiguous path is used by
 * devices of any bus, but these are the ones boards bind.
 *
 * Devices already on the bus when the backend starts (DT devices are
 * created at arch_initcall) are bound then, before any driver probes.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/cmr.h>
#include <linux/cmr-dma.h>
#include <linux/device.h>
#include <linux/hashtable.h>
#include <linux/init.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "cmr_dma.h"

DEFINE_STATIC_KEY_FALSE(cmr_dma_key);

/* Bindings by device; read under RCU, changed under cmr_dma_lock. */
static DEFINE_HASHTABLE(cmr_dma_table, 6);
static DEFINE_SPINLOCK(cmr_dma_lock);

/**
 * cmr_dma_binding_find() - the binding of a device
 * @dev: the device
 *
 * Context: rcu_read_lock() held, or cmr_dma_lock.
 * Return: the binding, or NULL when the device is not bound.
 */
struct cmr_dma_binding *cmr_dma_binding_find(struct device *dev)
{
	struct cmr_dma_binding *b;

	hash_for_each_possible_rcu(cmr_dma_table, b, node, (unsigned long)dev,
				   lockdep_is_held(&cmr_dma_lock))
		if (b->dev == dev)
			return b;
	return NULL;
}

/* Say what @dev's DMA allocations do from now on. */
static void cmr_dma_bind_report(struct device *dev,
				const struct cmr_dma_binding *b)
{
	dev_info(dev, "cmr: DMA allocations from region %s%s%s; when it is full they %s\n",
		 cmr_region_name(b->region), b->zone ? " zone " : "",
		 b->zone ? cmr_zone_name(b->zone) : "",
		 cmr_region_falls_back(b->region) ?
		 "fall back to the kernel's path" : "fail");
}

static void cmr_dma_bind(struct device *dev)
{
	struct cmr_dma_binding *b;
	struct cmr_region *region;
	struct cmr_zone *zone;

	region = cmr_device_binding(dev, &zone);
	if (IS_ERR(region))
		return;
	/* dma-direct clears, syncs and remaps through the linear map. */
	if (cmr_region_is_nomap(region)) {
		dev_info(dev, "cmr: region %s is no-map, which the DMA API cannot use: DMA allocations take the kernel's path\n",
			 cmr_region_name(region));
		return;
	}
	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return;
	b->dev = dev;
	b->region = region;
	b->zone = zone;
	spin_lock(&cmr_dma_lock);
	/* Added while the backend started: seen by both ways in. */
	if (cmr_dma_binding_find(dev)) {
		spin_unlock(&cmr_dma_lock);
		kfree(b);
		return;
	}
	hash_add_rcu(cmr_dma_table, &b->node, (unsigned long)dev);
	spin_unlock(&cmr_dma_lock);
	static_branch_enable(&cmr_dma_key);
	cmr_dma_bind_report(dev, b);
}

static void cmr_dma_unbind(struct device *dev)
{
	struct cmr_dma_binding *b;

	spin_lock(&cmr_dma_lock);
	b = cmr_dma_binding_find(dev);
	if (b)
		hash_del_rcu(&b->node);
	spin_unlock(&cmr_dma_lock);
	/* The key stays on: the device's buffers may outlive it. */
	if (b)
		kfree_rcu(b, rcu);
}

static int cmr_dma_notify(struct notifier_block *nb, unsigned long action,
			  void *data)
{
	struct device *dev = data;

	if (action == BUS_NOTIFY_ADD_DEVICE)
		cmr_dma_bind(dev);
	else if (action == BUS_NOTIFY_DEL_DEVICE)
		cmr_dma_unbind(dev);
	return NOTIFY_DONE;
}

static int cmr_dma_bind_one(struct device *dev, void *unused)
{
	cmr_dma_bind(dev);
	return 0;
}

static struct notifier_block cmr_dma_platform_nb = {
	.notifier_call = cmr_dma_notify,
};

#ifdef CONFIG_PCI
static struct notifier_block cmr_dma_pci_nb = {
	.notifier_call = cmr_dma_notify,
};
#endif

/* The bus types became const in 6.4: take them as the kernel has them. */
static void __init cmr_dma_watch(typeof(&platform_bus_type) bus,
				 struct notifier_block *nb)
{
	int ret = bus_register_notifier(bus, nb);

	if (ret) {
		pr_err("DMA backend: cannot watch bus %s (%d); its devices are not bound\n",
		       bus->name, ret);
		return;
	}
	bus_for_each_dev(bus, NULL, NULL, cmr_dma_bind_one);
}

/* After the regions (core_initcall) and cmr.map= (subsys_initcall). */
static int __init cmr_dma_init(void)
{
	cmr_dma_watch(&platform_bus_type, &cmr_dma_platform_nb);
#ifdef CONFIG_PCI
	cmr_dma_watch(&pci_bus_type, &cmr_dma_pci_nb);
#endif
	return 0;
}
subsys_initcall_sync(cmr_dma_init);
