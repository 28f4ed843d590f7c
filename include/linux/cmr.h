/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmr: contiguous memory regions.
 *
 * Named, physically contiguous regions reserved at boot (device tree
 * /reserved-memory nodes compatible with "linux,cmr-region", or the cmr=
 * boot parameter) and handed out to drivers.  A region is split into zones;
 * each zone runs one allocation strategy.
 *
 * Two levels of API:
 *  - low level, like cma_alloc(): find a region and zone by name, allocate
 *    a number of pages with an alignment order, release them;
 *  - device-centric: allocate a refcounted &struct cmr_buffer from the
 *    region a device is bound to through its "memory-region" property.
 *
 * Regions and zones live for the whole uptime once activated, so pointers
 * returned by the lookups need no reference counting.  Allocation and
 * release may be called from any process context; they never sleep while
 * holding the zone lock.
 */
#ifndef _LINUX_CMR_H
#define _LINUX_CMR_H

#include <linux/dma-direction.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/types.h>

struct device;
struct dma_buf;
struct cmr_region;
struct cmr_zone;
struct cmr_buffer;

/* Longest region or zone name, including the terminating NUL. */
#define CMR_NAME_MAX		32

/* Device tree compatible of a cmr region node. */
#define CMR_OF_COMPATIBLE	"linux,cmr-region"

/**
 * struct cmr_stats - counters and free-space shape of a zone or region
 * @total_pages: pages managed by the zone
 * @used_pages: pages currently allocated
 * @peak_pages: highest @used_pages seen
 * @largest_free: pages in the largest free extent
 * @free_extents: number of free extents
 * @allocs: successful allocations
 * @releases: successful releases
 * @failures: allocations that failed (bad arguments or no room)
 * @failures_fragmented: allocations that found no room although the zone
 *	had at least as many free pages as asked for
 *
 * For a region (cmr_region_get_stats()), the figures of its zones added
 * up, but @largest_free is the largest of any zone.
 */
struct cmr_stats {
	unsigned long total_pages;
	unsigned long used_pages;
	unsigned long peak_pages;
	unsigned long largest_free;
	unsigned long free_extents;
	unsigned long allocs;
	unsigned long releases;
	unsigned long failures;
	unsigned long failures_fragmented;
};

/**
 * cmr_stats_fragmentation() - how fragmented the free space is
 * @st: statistics from cmr_zone_get_stats()
 *
 * Return: 1 - largest free extent / total free, in thousandths: 0 when the
 * free space is one extent (or there is none), near 1000 when it is dust.
 */
static inline unsigned int cmr_stats_fragmentation(const struct cmr_stats *st)
{
	unsigned long free = st->total_pages - st->used_pages;

	if (!free)
		return 0;
	return 1000 - (unsigned int)(st->largest_free * 1000ULL / free);
}

/**
 * struct cmr_request - what an allocation must satisfy
 * @count: number of pages
 * @align: alignment of the physical address, as a page order
 * @min: lowest physical address the buffer may start at
 * @max: the buffer must end at or below this physical address; 0 means
 *	no limit.  [@min, @max) is a memory bank, or what a device reaches.
 */
struct cmr_request {
	unsigned long count;
	unsigned int align;
	phys_addr_t min;
	phys_addr_t max;
};

/**
 * struct cmr_zone_config - what a driver sets on a zone at probe time
 * @strategy: strategy name, or NULL to keep the zone's
 * @align: least alignment of every buffer of the zone, as a page order;
 *	0 keeps the zone's
 * @reserve: pages carved out of the zone for the driver's own buffers;
 *	0 for none
 */
struct cmr_zone_config {
	const char *strategy;
	unsigned int align;
	unsigned long reserve;
};

/* Flags of cmr_buffer_alloc() and cmr_buffer_alloc_zone(). */
#define CMR_BUF_KMAP		(1UL << 0)	/* keep a kernel mapping */
#define CMR_BUF_ZERO		(1UL << 1)	/* clear the buffer */
#define CMR_BUF_NOWARN		(1UL << 2)	/* no message on -ENOMEM */

/**
 * struct cmr_dmabuf_info - how cmr_dmabuf_export() shares a buffer
 * @buf: the memory (the dma-buf takes a reference of its own)
 * @wc: CPU mappings are write-combined and no cache maintenance is done;
 *	the caller has cleaned the cached alias.  Always so for memory of a
 *	no-map region.
 * @exp_name: the exporter's name, as dma-buf debugfs shows it
 * @fd_flags: flags of the dma-buf's file (O_CLOEXEC, O_RDWR)
 * @dev: the buffer's own device, whose mapping at @dma_addr the caches
 *	are synced for around CPU access with the importers'; or NULL
 * @dma_addr: @dev's address of the buffer
 * @dma_dir: @dev's direction
 * @release: called with @priv when the dma-buf goes; or NULL
 * @priv: for @release
 */
struct cmr_dmabuf_info {
	struct cmr_buffer *buf;
	bool wc;
	const char *exp_name;
	int fd_flags;
	struct device *dev;
	dma_addr_t dma_addr;
	enum dma_data_direction dma_dir;
	void (*release)(void *priv);
	void *priv;
};

#ifdef CONFIG_CMR

struct cmr_region *cmr_region_find(const char *name);
struct cmr_zone *cmr_zone_find(struct cmr_region *region, const char *name);
int cmr_alloc(struct cmr_zone *zone, unsigned long count, unsigned int align,
	      phys_addr_t *phys);
int cmr_alloc_request(struct cmr_zone *zone, const struct cmr_request *req,
		      phys_addr_t *phys);
int cmr_release(struct cmr_zone *zone, phys_addr_t phys, unsigned long count);
int cmr_zone_configure(struct cmr_zone *zone, struct device *owner,
		       const struct cmr_zone_config *cfg);
int cmr_zone_unreserve(struct cmr_zone *zone, struct device *owner);
struct cmr_zone *cmr_region_alloc(struct cmr_region *region, const char *zone,
				  const struct cmr_request *req,
				  phys_addr_t *phys);
int cmr_region_release(struct cmr_region *region, phys_addr_t phys,
		       unsigned long count);

const char *cmr_region_name(const struct cmr_region *region);
phys_addr_t cmr_region_base(const struct cmr_region *region);
phys_addr_t cmr_region_size(const struct cmr_region *region);
bool cmr_region_is_nomap(const struct cmr_region *region);
bool cmr_region_is_reusable(const struct cmr_region *region);
const char *cmr_zone_name(const struct cmr_zone *zone);
struct cmr_region *cmr_zone_region(const struct cmr_zone *zone);
bool cmr_zone_wants_heap(const struct cmr_zone *zone);
void cmr_zone_get_stats(struct cmr_zone *zone, struct cmr_stats *stats);
void cmr_region_get_stats(struct cmr_region *region, struct cmr_stats *stats);
struct cmr_region *cmr_region_next(struct cmr_region *prev);
struct cmr_zone *cmr_zone_next(struct cmr_region *region,
			       struct cmr_zone *prev);

bool cmr_region_falls_back(const struct cmr_region *region);
bool cmr_region_is_default_heap(const struct cmr_region *region);
struct cmr_region *cmr_region_of_device(struct device *dev, const char *name);
struct cmr_region *cmr_device_binding(struct device *dev,
				      struct cmr_zone **zone);
struct cmr_buffer *cmr_buffer_alloc(struct device *dev, size_t size,
				    unsigned long flags);
struct cmr_buffer *cmr_buffer_alloc_zone(struct cmr_zone *zone,
					 struct device *owner, size_t size,
					 unsigned int align,
					 unsigned long flags);
struct cmr_buffer *cmr_buffer_alloc_region(struct cmr_region *region,
					   struct cmr_zone *zone,
					   struct device *owner, size_t size,
					   unsigned int align,
					   unsigned long flags);
struct cmr_buffer *cmr_buffer_get(struct cmr_buffer *buf);
void cmr_buffer_put(struct cmr_buffer *buf);
phys_addr_t cmr_buffer_phys(const struct cmr_buffer *buf);
size_t cmr_buffer_size(const struct cmr_buffer *buf);
void *cmr_buffer_vaddr(const struct cmr_buffer *buf);
struct cmr_zone *cmr_buffer_zone(const struct cmr_buffer *buf);
bool cmr_buffer_is_nomap(const struct cmr_buffer *buf);
void *cmr_buffer_vmap(struct cmr_buffer *buf, bool wc);
void cmr_buffer_vunmap(struct cmr_buffer *buf, void *vaddr, bool wc);
struct dma_buf *cmr_dmabuf_export(const struct cmr_dmabuf_info *info);

void __init cmr_reserve_early(void);

#else /* !CONFIG_CMR */

static inline struct cmr_region *cmr_region_find(const char *name)
{
	return ERR_PTR(-ENODEV);
}

static inline struct cmr_zone *cmr_zone_find(struct cmr_region *region,
					     const char *name)
{
	return ERR_PTR(-ENODEV);
}

static inline int cmr_alloc(struct cmr_zone *zone, unsigned long count,
			    unsigned int align, phys_addr_t *phys)
{
	return -ENODEV;
}

static inline int cmr_alloc_request(struct cmr_zone *zone,
				    const struct cmr_request *req,
				    phys_addr_t *phys)
{
	return -ENODEV;
}

static inline int cmr_release(struct cmr_zone *zone, phys_addr_t phys,
			      unsigned long count)
{
	return -ENODEV;
}

static inline int cmr_zone_configure(struct cmr_zone *zone,
				     struct device *owner,
				     const struct cmr_zone_config *cfg)
{
	return -ENODEV;
}

static inline int cmr_zone_unreserve(struct cmr_zone *zone,
				     struct device *owner)
{
	return -ENODEV;
}

static inline struct cmr_zone *cmr_region_alloc(struct cmr_region *region,
						const char *zone,
						const struct cmr_request *req,
						phys_addr_t *phys)
{
	return ERR_PTR(-ENODEV);
}

static inline int cmr_region_release(struct cmr_region *region,
				     phys_addr_t phys, unsigned long count)
{
	return -ENODEV;
}

static inline struct cmr_region *cmr_region_of_device(struct device *dev,
						      const char *name)
{
	return ERR_PTR(-ENODEV);
}

static inline struct cmr_region *cmr_device_binding(struct device *dev,
						    struct cmr_zone **zone)
{
	*zone = NULL;
	return ERR_PTR(-ENODEV);
}

static inline struct cmr_buffer *cmr_buffer_alloc(struct device *dev,
						  size_t size,
						  unsigned long flags)
{
	return ERR_PTR(-ENODEV);
}

static inline struct cmr_buffer *
cmr_buffer_alloc_zone(struct cmr_zone *zone, struct device *owner,
		      size_t size, unsigned int align, unsigned long flags)
{
	return ERR_PTR(-ENODEV);
}

static inline struct cmr_buffer *
cmr_buffer_alloc_region(struct cmr_region *region, struct cmr_zone *zone,
			struct device *owner, size_t size, unsigned int align,
			unsigned long flags)
{
	return ERR_PTR(-ENODEV);
}

/* No region, zone or buffer ever exists: what follows is never reached. */
static inline const char *cmr_region_name(const struct cmr_region *region)
{
	return NULL;
}

static inline phys_addr_t cmr_region_base(const struct cmr_region *region)
{
	return 0;
}

static inline phys_addr_t cmr_region_size(const struct cmr_region *region)
{
	return 0;
}

static inline bool cmr_region_is_nomap(const struct cmr_region *region)
{
	return false;
}

static inline bool cmr_region_is_reusable(const struct cmr_region *region)
{
	return false;
}

static inline const char *cmr_zone_name(const struct cmr_zone *zone)
{
	return NULL;
}

static inline struct cmr_region *cmr_zone_region(const struct cmr_zone *zone)
{
	return NULL;
}

static inline bool cmr_region_falls_back(const struct cmr_region *region)
{
	return true;
}

static inline bool cmr_region_is_default_heap(const struct cmr_region *region)
{
	return false;
}

static inline bool cmr_zone_wants_heap(const struct cmr_zone *zone)
{
	return false;
}

static inline void cmr_zone_get_stats(struct cmr_zone *zone,
				      struct cmr_stats *stats)
{
	*stats = (struct cmr_stats){ };
}

static inline void cmr_region_get_stats(struct cmr_region *region,
					struct cmr_stats *stats)
{
	*stats = (struct cmr_stats){ };
}

static inline struct cmr_region *cmr_region_next(struct cmr_region *prev)
{
	return NULL;
}

static inline struct cmr_zone *cmr_zone_next(struct cmr_region *region,
					     struct cmr_zone *prev)
{
	return NULL;
}

static inline struct cmr_buffer *cmr_buffer_get(struct cmr_buffer *buf)
{
	return buf;
}

static inline void cmr_buffer_put(struct cmr_buffer *buf) { }

static inline phys_addr_t cmr_buffer_phys(const struct cmr_buffer *buf)
{
	return 0;
}

static inline size_t cmr_buffer_size(const struct cmr_buffer *buf)
{
	return 0;
}

static inline void *cmr_buffer_vaddr(const struct cmr_buffer *buf)
{
	return NULL;
}

static inline struct cmr_zone *cmr_buffer_zone(const struct cmr_buffer *buf)
{
	return NULL;
}

static inline bool cmr_buffer_is_nomap(const struct cmr_buffer *buf)
{
	return false;
}

static inline void *cmr_buffer_vmap(struct cmr_buffer *buf, bool wc)
{
	return NULL;
}

static inline void cmr_buffer_vunmap(struct cmr_buffer *buf, void *vaddr,
				     bool wc) { }

static inline struct dma_buf *
cmr_dmabuf_export(const struct cmr_dmabuf_info *info)
{
	return ERR_PTR(-ENODEV);
}

static inline void cmr_reserve_early(void) { }

#endif /* CONFIG_CMR */

/* Walk all regions, and the zones of one region (default zone first). */
#define cmr_for_each_region(region)					\
	for (region = cmr_region_next(NULL); region;			\
	     region = cmr_region_next(region))
#define cmr_for_each_zone(zone, region)				\
	for (zone = cmr_zone_next(region, NULL); zone;			\
	     zone = cmr_zone_next(region, zone))

#endif /* _LINUX_CMR_H */
