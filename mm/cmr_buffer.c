// SPDX-License-Identifier: GPL-2.0
/*
 * cmr device-centric API: a device finds its region through the standard
 * "memory-region"/"memory-region-names" properties, and gets refcounted
 * buffers that several devices of a pipeline can hold.  The memory goes
 * back to the zone exactly once, when the last reference is dropped.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/cmr.h>
#include <linux/device.h>
#include <linux/export.h>
#include <linux/io.h>
#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/of.h>
#include <linux/pfn.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "cmr.h"

/* Largest alignment a buffer gets by default: 1 MiB with 4 KiB pages. */
#define CMR_BUFFER_MAX_ALIGN	8

/**
 * struct cmr_buffer - a refcounted contiguous buffer
 * @ref: references; the memory is released when it drops to zero
 * @zone: the zone the memory came from
 * @owner: the device it was allocated for (a reference is held), or NULL
 * @phys: physical address of the first byte
 * @size: size in bytes, a multiple of the page size
 * @vaddr: kernel mapping, or NULL if none was asked for
 */
struct cmr_buffer {
	struct kref ref;
	struct cmr_zone *zone;
	struct device *owner;
	phys_addr_t phys;
	size_t size;
	void *vaddr;
};

/*
 * The region of @dev's DT "memory-region" entry @name (NULL: the first).
 * A target that is no active cmr region is reported; with @binding (a
 * backend binding every device), only one that declares a cmr region:
 * other pools (shared-dma-pool) are not cmr's business.
 */
static struct cmr_region *cmr_region_of_dt(struct device *dev,
					   const char *name, bool binding)
{
	struct cmr_region *region;
	struct device_node *target;
	int index = 0;

	if (name) {
		index = of_property_match_string(dev->of_node,
						 "memory-region-names", name);
		if (index < 0) {
			dev_warn(dev, "cmr: no memory-region named '%s'\n",
				 name);
			return ERR_PTR(-ENODEV);
		}
	}
	target = of_parse_phandle(dev->of_node, "memory-region", index);
	if (!target) {
		dev_dbg(dev, "cmr: no memory-region %d\n", index);
		return ERR_PTR(-ENODEV);
	}
	region = cmr_region_find_of_node(target);
	if (!region) {
		if (!binding ||
		    of_device_is_compatible(target, CMR_OF_COMPATIBLE))
			dev_warn(dev, "cmr: memory-region %pOF is not an active cmr region%s\n",
				 target, binding ? "; not bound" : "");
		region = ERR_PTR(-ENODEV);
	}
	of_node_put(target);
	return region;
}

/* Does @dev's DT node have "memory-region"?  Then it, not cmr.map=, rules. */
static bool cmr_dt_binds(struct device *dev)
{
	return dev->of_node &&
	       of_find_property(dev->of_node, "memory-region", NULL);
}

/*
 * @dev's region: its DT "memory-region" if it has one, else the first
 * cmr.map= rule that matches its name; *@zone (if given) gets the rule's
 * zone, or NULL.  @binding: as for cmr_region_of_dt().
 */
static struct cmr_region *cmr_device_region(struct device *dev,
					    const char *name,
					    const char **zone, bool binding)
{
	const struct cmr_map_target *t;

	if (zone)
		*zone = NULL;
	if (!dev)
		return ERR_PTR(-EINVAL);
	if (cmr_dt_binds(dev))
		return cmr_region_of_dt(dev, name, binding);
	t = cmr_map_lookup(dev, name);
	if (!t) {
		dev_dbg(dev, "cmr: no memory-region in the DT, no cmr.map= rule\n");
		return ERR_PTR(-ENODEV);
	}
	if (zone && t->zone[0])
		*zone = t->zone;
	return cmr_region_find(t->region);
}

/**
 * cmr_region_of_device() - the region a device is bound to
 * @dev: the device
 * @name: entry of its "memory-region-names", or NULL for the first
 *	"memory-region" phandle
 *
 * The device's DT "memory-region" wins; a device without one (no DT
 * node, or none of that property) gets the first cmr.map= rule that
 * matches its name, where @name selects a target by its region's name.
 *
 * Context: Process context.
 * Return: the region; ERR_PTR(-EINVAL) for a NULL device;
 * ERR_PTR(-ENODEV) if the device has no such memory-region entry or it
 * does not point to an active cmr region (a message says which), or no
 * cmr.map= rule gives it one.
 */
struct cmr_region *cmr_region_of_device(struct device *dev, const char *name)
{
	return cmr_device_region(dev, name, NULL, false);
}
EXPORT_SYMBOL_GPL(cmr_region_of_device);

/**
 * cmr_device_binding() - the region and zone a device is bound to
 * @dev: the device
 * @zone: set to the zone its cmr.map= rule names, or NULL for the
 *	region's fallback order
 *
 * What a backend that binds devices once, at their creation, asks (the
 * DMA API backend): the region cmr_buffer_alloc() would use.  The first
 * "memory-region" of the device's DT node, if it points to a cmr region;
 * a device without that property gets the first target of the first
 * cmr.map= rule that matches its name.  A device whose memory-region
 * points to another kind of pool is not cmr's, whatever the map says.
 * One message when the DT points to a cmr region that is not active,
 * and when a cmr.map= rule matches a device the DT binds already.
 *
 * Context: Process context.
 * Return: the region, or ERR_PTR(-ENODEV) when the device is not bound.
 */
struct cmr_region *cmr_device_binding(struct device *dev,
				      struct cmr_zone **zone)
{
	const struct cmr_map_target *t;
	struct cmr_region *region;
	const char *zname;

	*zone = NULL;
	region = cmr_device_region(dev, NULL, &zname, true);
	if (IS_ERR(region))
		return region;
	if (zname)
		*zone = cmr_zone_find(region, zname);
	if (IS_ERR(*zone))
		return ERR_CAST(*zone);
	t = cmr_dt_binds(dev) ? cmr_map_lookup(dev, NULL) : NULL;
	if (t)
		dev_warn(dev, "cmr: bound twice: cmr.map= rule for region %s ignored, the DT memory-region binds it to region %s\n",
			 t->region, region->name);
	return region;
}
EXPORT_SYMBOL_GPL(cmr_device_binding);

/* A write-combined kernel mapping of linear-mapped memory, or NULL. */
static void *cmr_vmap_wc(phys_addr_t phys, size_t size)
{
	unsigned long i, n = size >> PAGE_SHIFT;
	unsigned long pfn = PHYS_PFN(phys);
	struct page **pages;
	void *vaddr;

	/* memremap() will not alias RAM write-combined; vmap() will. */
	pages = kvmalloc_array(n, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return NULL;
	/* pfn_to_page() per page: the range may cross memmap sections. */
	for (i = 0; i < n; i++)
		pages[i] = pfn_to_page(pfn + i);
	vaddr = vmap(pages, n, VM_MAP, pgprot_writecombine(PAGE_KERNEL));
	kvfree(pages);
	return vaddr;
}

/**
 * cmr_buffer_vmap() - a kernel mapping of a buffer
 * @buf: the buffer
 * @wc: write-combined rather than cached
 *
 * A cached mapping of linear-mapped memory is the linear map itself; a
 * write-combined one is a new alias, which the caller keeps coherent (by
 * cleaning the cached alias once, as the uncached heap does).  A no-map
 * region's memory is always mapped write-combined.  Undo with
 * cmr_buffer_vunmap() and the same @wc.
 *
 * Context: Process context; may sleep.
 * Return: the mapping, or NULL when there is no memory for it.
 */
void *cmr_buffer_vmap(struct cmr_buffer *buf, bool wc)
{
	if (cmr_buffer_is_nomap(buf))
		return memremap(buf->phys, buf->size, MEMREMAP_WC);
	if (wc)
		return cmr_vmap_wc(buf->phys, buf->size);
	return phys_to_virt(buf->phys);
}
EXPORT_SYMBOL_GPL(cmr_buffer_vmap);

/**
 * cmr_buffer_vunmap() - undo cmr_buffer_vmap()
 * @buf: the buffer
 * @vaddr: the mapping cmr_buffer_vmap() returned
 * @wc: as passed to cmr_buffer_vmap()
 *
 * Context: Process context; may sleep.
 */
void cmr_buffer_vunmap(struct cmr_buffer *buf, void *vaddr, bool wc)
{
	if (cmr_buffer_is_nomap(buf))
		memunmap(vaddr);
	else if (wc)
		vunmap(vaddr);
}
EXPORT_SYMBOL_GPL(cmr_buffer_vunmap);

static void *cmr_buffer_map(const struct cmr_buffer *buf)
{
	/* __va() for linear-mapped regions, a new mapping for no-map ones */
	return memremap(buf->phys, buf->size, MEMREMAP_WB);
}

/*
 * The request for a buffer of @size bytes; a new buffer to put the pages
 * in, or ERR_PTR(-EINVAL) for bad arguments.
 */
static struct cmr_buffer *cmr_buffer_new(size_t size, unsigned int align,
					 unsigned long flags,
					 struct cmr_request *req)
{
	struct cmr_buffer *buf;

	req->count = PAGE_ALIGN(size) >> PAGE_SHIFT;
	req->align = align;
	if (!size || !req->count ||
	    flags & ~(CMR_BUF_KMAP | CMR_BUF_ZERO | CMR_BUF_NOWARN))
		return ERR_PTR(-EINVAL);
	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	return buf ?: ERR_PTR(-ENOMEM);
}

/*
 * Finish @buf once __cmr_alloc() answered @zone for @req (asked of
 * @asked, NULL for any zone of @region): map and clear it as @flags say,
 * or report the failure and free it.
 */
static struct cmr_buffer *cmr_buffer_setup(struct cmr_buffer *buf,
					   struct cmr_region *region,
					   struct cmr_zone *asked,
					   struct cmr_zone *zone,
					   struct device *owner,
					   const struct cmr_request *req,
					   unsigned long flags)
{
	void *vaddr;
	int ret;

	ret = PTR_ERR_OR_ZERO(zone);
	if (ret) {
		if (ret == -ENOMEM && !(flags & CMR_BUF_NOWARN))
			cmr_report_nomem(region, asked, owner, req);
		goto free_buf;
	}
	buf->size = req->count << PAGE_SHIFT;
	if (flags & (CMR_BUF_KMAP | CMR_BUF_ZERO)) {
		vaddr = cmr_buffer_map(buf);
		if (!vaddr) {
			ret = -ENOMEM;
			goto release;
		}
		/* A reusable region's zones know which pages are clear. */
		if (flags & CMR_BUF_ZERO) {
			if (cmr_region_reusable(zone->region) && zone->claim)
				cmr_reuse_zero(zone->region, PHYS_PFN(buf->phys),
					       req->count, vaddr);
			else
				memset(vaddr, 0, buf->size);
		}
		if (flags & CMR_BUF_KMAP)
			buf->vaddr = vaddr;
		else
			memunmap(vaddr);
	}
	kref_init(&buf->ref);
	buf->zone = zone;
	buf->owner = get_device(owner);
	return buf;

release:
	__cmr_release(zone, buf->phys, req->count, _RET_IP_);
free_buf:
	kfree(buf);
	return ERR_PTR(ret);
}

/**
 * cmr_buffer_alloc_region() - allocate a refcounted buffer from a region
 * @region: region from cmr_region_find() or cmr_region_of_device()
 * @zone: a zone of @region, or NULL for its zones in fallback order (see
 *	cmr_region_alloc())
 * @owner: device the buffer is for (a reference is taken; its reserves
 *	are tried first), or NULL for the calling task
 * @size: size in bytes; rounded up to whole pages
 * @align: alignment of the physical address, as a page order
 * @flags: CMR_BUF_KMAP to keep a kernel mapping, CMR_BUF_ZERO to clear
 *	the memory, CMR_BUF_NOWARN for no message when there is no room
 *
 * What a consumer that serves a region (a dma-buf heap, a videobuf2
 * queue) allocates its buffers with.  A request that finds no room gets
 * one line naming the region, the zone, @owner or the task, and why.
 *
 * Context: Process context; may sleep.
 * Return: the buffer with one reference, or ERR_PTR(-EINVAL) for bad
 * arguments or a request no zone could ever satisfy, ERR_PTR(-ENOMEM)
 * when there is no room or metadata cannot be allocated, ERR_PTR(-EINTR)
 * on a fatal signal while a reusable region's pages are taken back,
 * ERR_PTR(-ENODEV) (with a message naming the caller) when @owner is on
 * a bus and no driver is bound to it.
 */
struct cmr_buffer *cmr_buffer_alloc_region(struct cmr_region *region,
					   struct cmr_zone *zone,
					   struct device *owner, size_t size,
					   unsigned int align,
					   unsigned long flags)
{
	struct cmr_request req;
	struct cmr_buffer *buf;
	struct cmr_zone *got;

	if (IS_ERR_OR_NULL(region) || IS_ERR(zone))
		return ERR_PTR(-EINVAL);
	if (cmr_owner_unbound(owner, "buffer allocation", _RET_IP_))
		return ERR_PTR(-ENODEV);
	buf = cmr_buffer_new(size, align, flags, &req);
	if (IS_ERR(buf))
		return buf;
	got = __cmr_alloc(region, zone, owner, &req, &buf->phys, _RET_IP_);
	return cmr_buffer_setup(buf, region, zone, got, owner, &req, flags);
}
EXPORT_SYMBOL_GPL(cmr_buffer_alloc_region);

/**
 * cmr_buffer_alloc_zone() - allocate a refcounted buffer from a zone
 * @zone: zone from cmr_zone_find()
 * @owner: device the buffer is for (a reference is taken), or NULL
 * @size: size in bytes; rounded up to whole pages
 * @align: alignment of the physical address, as a page order
 * @flags: CMR_BUF_KMAP to keep a kernel mapping, CMR_BUF_ZERO to clear
 *	the memory, CMR_BUF_NOWARN for no message when the zone is full
 *
 * cmr_buffer_alloc_region() of @zone alone.
 *
 * Context: Process context; may sleep.
 * Return: the buffer with one reference, or ERR_PTR(-EINVAL) for bad
 * arguments, ERR_PTR(-ENOMEM) when the zone has no room or metadata
 * cannot be allocated, ERR_PTR(-ENODEV) (with a message naming the
 * caller) when @owner is on a bus and no driver is bound to it.
 */
struct cmr_buffer *cmr_buffer_alloc_zone(struct cmr_zone *zone,
					 struct device *owner, size_t size,
					 unsigned int align,
					 unsigned long flags)
{
	struct cmr_request req;
	struct cmr_buffer *buf;
	struct cmr_zone *got;

	if (IS_ERR_OR_NULL(zone) || !zone->region)
		return ERR_PTR(-EINVAL);
	if (cmr_owner_unbound(owner, "buffer allocation", _RET_IP_))
		return ERR_PTR(-ENODEV);
	buf = cmr_buffer_new(size, align, flags, &req);
	if (IS_ERR(buf))
		return buf;
	got = __cmr_alloc(zone->region, zone, owner, &req, &buf->phys,
			  _RET_IP_);
	return cmr_buffer_setup(buf, zone->region, zone, got, owner, &req,
				flags);
}
EXPORT_SYMBOL_GPL(cmr_buffer_alloc_zone);

/**
 * cmr_buffer_alloc() - allocate a buffer from a device's region
 * @dev: the device; its first "memory-region" names the region, or for a
 *	device without one, the first target of its cmr.map= rule (region,
 *	and zone if the rule names one)
 * @size: size in bytes
 * @flags: as for cmr_buffer_alloc_zone()
 *
 * The buffer comes from the region's default zone, or from its other
 * zones in address order when that one is full (see cmr_region_alloc()),
 * aligned like the DMA API's contiguous allocations: to its size's order,
 * at most 1 MiB.
 *
 * Context: Process context; may sleep.
 * Return: the buffer with one reference, or an ERR_PTR() as for
 * cmr_region_of_device() and cmr_buffer_alloc_zone().
 */
struct cmr_buffer *cmr_buffer_alloc(struct device *dev, size_t size,
				    unsigned long flags)
{
	struct cmr_zone *zone = NULL, *got;
	struct cmr_region *region;
	struct cmr_request req;
	struct cmr_buffer *buf;
	const char *zname;

	if (cmr_owner_unbound(dev, "buffer allocation", _RET_IP_))
		return ERR_PTR(-ENODEV);
	region = cmr_device_region(dev, NULL, &zname, false);
	if (IS_ERR(region))
		return ERR_CAST(region);
	if (zname)
		zone = cmr_zone_find(region, zname);
	if (IS_ERR(zone))
		return ERR_CAST(zone);
	buf = cmr_buffer_new(size, min_t(unsigned int, get_order(size),
					 CMR_BUFFER_MAX_ALIGN), flags, &req);
	if (IS_ERR(buf))
		return buf;
	got = __cmr_alloc(region, zone, dev, &req, &buf->phys, _RET_IP_);
	return cmr_buffer_setup(buf, region, zone, got, dev, &req, flags);
}
EXPORT_SYMBOL_GPL(cmr_buffer_alloc);

/**
 * cmr_buffer_get() - take a reference to a buffer
 * @buf: the buffer
 *
 * Context: Any context.
 * Return: @buf.
 */
struct cmr_buffer *cmr_buffer_get(struct cmr_buffer *buf)
{
	kref_get(&buf->ref);
	return buf;
}
EXPORT_SYMBOL_GPL(cmr_buffer_get);

static void cmr_buffer_free(struct kref *ref)
{
	struct cmr_buffer *buf = container_of(ref, struct cmr_buffer, ref);

	if (buf->vaddr)
		memunmap(buf->vaddr);
	WARN_ON_ONCE(__cmr_release(buf->zone, buf->phys,
				   buf->size >> PAGE_SHIFT, _RET_IP_));
	put_device(buf->owner);
	kfree(buf);
}

/**
 * cmr_buffer_put() - drop a reference to a buffer
 * @buf: the buffer, or NULL
 *
 * The memory goes back to its zone when the last reference is dropped.
 *
 * Context: Process context (the last put may unmap the buffer).
 */
void cmr_buffer_put(struct cmr_buffer *buf)
{
	if (buf)
		kref_put(&buf->ref, cmr_buffer_free);
}
EXPORT_SYMBOL_GPL(cmr_buffer_put);

/**
 * cmr_buffer_phys() - physical address of a buffer
 * @buf: the buffer
 *
 * Return: the physical address of its first byte.
 */
phys_addr_t cmr_buffer_phys(const struct cmr_buffer *buf)
{
	return buf->phys;
}
EXPORT_SYMBOL_GPL(cmr_buffer_phys);

/**
 * cmr_buffer_size() - size of a buffer
 * @buf: the buffer
 *
 * Return: its size in bytes, a multiple of the page size.
 */
size_t cmr_buffer_size(const struct cmr_buffer *buf)
{
	return buf->size;
}
EXPORT_SYMBOL_GPL(cmr_buffer_size);

/**
 * cmr_buffer_vaddr() - kernel mapping of a buffer
 * @buf: the buffer
 *
 * Return: the mapping made for CMR_BUF_KMAP, or NULL if the buffer was
 * allocated without that flag.
 */
void *cmr_buffer_vaddr(const struct cmr_buffer *buf)
{
	return buf->vaddr;
}
EXPORT_SYMBOL_GPL(cmr_buffer_vaddr);

/**
 * cmr_buffer_is_nomap() - is a buffer outside the kernel's linear map?
 * @buf: the buffer
 *
 * Return: true for a buffer of a no-map region: it has no struct page.
 */
bool cmr_buffer_is_nomap(const struct cmr_buffer *buf)
{
	return cmr_region_is_nomap(buf->zone->region);
}
EXPORT_SYMBOL_GPL(cmr_buffer_is_nomap);

/**
 * cmr_buffer_zone() - zone a buffer came from
 * @buf: the buffer
 *
 * Return: the zone.
 */
struct cmr_zone *cmr_buffer_zone(const struct cmr_buffer *buf)
{
	return buf->zone;
}
EXPORT_SYMBOL_GPL(cmr_buffer_zone);
