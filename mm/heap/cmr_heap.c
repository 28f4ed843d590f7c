// SPDX-License-Identifier: GPL-2.0
/*
 * cmr dma-buf heaps: /dev/dma_heap/cmr-<region> for every region, and
 * cmr-<region>-<zone> for every zone that asks for one, so that user
 * space (a compositor, a camera HAL, GStreamer) allocates physically
 * contiguous buffers from a region and passes them between processes and
 * devices with no copy.  Modelled on drivers/dma-buf/heaps/cma_heap.c and,
 * like it, built on its allocator's public header alone: a buffer is one
 * cmr_buffer_alloc_region() from the region's zones in their fallback
 * order (from the zone alone for a zone's heap), cleared before it is
 * handed out, and shared through cmr_dmabuf_export().
 *
 * Buffers of regions in the linear map are mapped cached, and the caches
 * are synced for every mapped importer around CPU access, as the CMA heap
 * does.  Where the architecture can make memory safe for an uncached
 * alias (arch_dma_prep_coherent(), as dma-direct does for non-coherent
 * devices), such a region also has cmr-<region>[-<zone>]-uncached, whose
 * buffers are cleaned from the caches once when allocated and then only
 * mapped write-combined: no cache maintenance per access, for buffers the
 * CPU writes once and devices read (a compositor's, a display's).
 * No-map regions have no linear mapping and no struct page: their buffers
 * are mapped write-combined, importers get a DMA address with no page,
 * and no cache maintenance is needed.
 *
 * The board's default region ("linux,cmr-default-heap", cmr=...,defaultheap)
 * also has its heap under the names programs open without being told
 * one (cmr_heap_default_names[]), where the kernel's CMA heap has not
 * taken them.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/cma.h>
#include <linux/cmr.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/dma-map-ops.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/pfn.h>
#include <linux/slab.h>
#include <linux/string.h>

/* Largest alignment of a heap buffer: 1 MiB with 4 KiB pages, as CMA's. */
#define CMR_HEAP_MAX_ALIGN	8

/**
 * struct cmr_heap - what a heap allocates from
 * @region: the region
 * @zone: the zone of a zone's heap, NULL for the region's
 * @uncached: its buffers are mapped write-combined
 */
struct cmr_heap {
	struct cmr_region *region;
	struct cmr_zone *zone;
	bool uncached;
};

/*
 * Clear a new buffer: no user may see what the last one left.  In the
 * linear map cmr clears it (CMR_BUF_ZERO), and a reusable region's ready
 * reserve has done so ahead of time; a no-map region's buffer is cleared
 * here.  No dirty line of the cached alias may later land over what goes
 * through an uncached mapping: clean it once.
 */
static int cmr_heap_clear(struct cmr_buffer *mem, bool uncached)
{
	void *vaddr;

	if (cmr_buffer_is_nomap(mem)) {
		vaddr = cmr_buffer_vmap(mem, false);
		if (!vaddr)
			return -ENOMEM;
		memset(vaddr, 0, cmr_buffer_size(mem));
		cmr_buffer_vunmap(mem, vaddr, false);
	} else if (uncached) {
		arch_dma_prep_coherent(pfn_to_page(PHYS_PFN(cmr_buffer_phys(mem))),
				       cmr_buffer_size(mem));
	}
	return 0;
}

static struct dma_buf *cmr_heap_allocate(struct dma_heap *heap,
					 unsigned long len,
#ifdef CMR_HAVE_HEAP_U32_FLAGS
					 u32 fd_flags, u64 heap_flags)
#else
					 unsigned long fd_flags,
					 unsigned long heap_flags)
#endif
{
	struct cmr_heap *h = dma_heap_get_drvdata(heap);
	struct cmr_dmabuf_info info = {
		.wc = h->uncached,
		.exp_name = dma_heap_get_name(heap),
		.fd_flags = fd_flags,
	};
	struct dma_buf *dmabuf;
	int ret;

	info.buf = cmr_buffer_alloc_region(h->region, h->zone, NULL, len,
					   min_t(unsigned int, get_order(len),
						 CMR_HEAP_MAX_ALIGN),
					   cmr_region_is_nomap(h->region) ?
					   0 : CMR_BUF_ZERO);
	/* Larger than any zone: as far as user space goes, no room. */
	if (PTR_ERR(info.buf) == -EINVAL)
		return ERR_PTR(-ENOMEM);
	if (IS_ERR(info.buf))
		return ERR_CAST(info.buf);
	ret = cmr_heap_clear(info.buf, h->uncached);
	dmabuf = ret ? ERR_PTR(ret) : cmr_dmabuf_export(&info);
	/* The dma-buf holds a reference of its own. */
	cmr_buffer_put(info.buf);
	return dmabuf;
}

static const struct dma_heap_ops cmr_heap_ops = {
	.allocate = cmr_heap_allocate,
};

/*
 * The names user space opens for the board's default contiguous heap:
 * libcamera's DmaBufAllocator tries linux,cma then reserved, the CMA
 * heap's names for the default area before 6.17 (from the DT and from
 * cma=); since 6.17 that heap is default_cma_region; Raspberry Pi's
 * stack opens vidbuf_cached.
 */
static const char *const cmr_heap_default_names[] __initconst = {
	"linux,cma", "reserved", "default_cma_region", "vidbuf_cached",
};

/* cma_for_each_area() callback: is CMA area @cma named @name? */
static int __init cmr_heap_cma_named(struct cma *cma, void *name)
{
	return !strcmp(cma_get_name(cma), name);
}

/*
 * The kernel's CMA heap names its heaps after CMA areas (the default
 * area on 6.x; on 7.3 every reserved-memory area, and default_cma_region).
 * dma_heap_add() turns a second heap of a name away only after creating
 * its device failed with a sysfs backtrace: find the clash first.
 *
 * Return: why the CMA heap has (or may have) @name, or NULL.
 */
static const char *__init cmr_heap_name_taken(const char *name)
{
	if (!IS_ENABLED(CONFIG_DMABUF_HEAPS_CMA))
		return NULL;
	if (cma_for_each_area(cmr_heap_cma_named, (void *)name))
		return "a CMA area has that name, and the kernel's CMA heap uses it";
#ifdef CMR_HAVE_CMA_HEAP_DEFAULT_NAME
	if (!strcmp(name, "default_cma_region") && dev_get_cma_area(NULL))
		return "the kernel's CMA heap gives it to the default CMA area";
#endif
	return NULL;
}

/*
 * Add the heap cmr-<region>[-<zone>][-uncached], or the region's cached
 * heap under the name @alias; a failure is reported, not fatal.
 */
static void __init cmr_heap_add(struct cmr_region *region,
				struct cmr_zone *zone, bool uncached,
				const char *alias)
{
	struct dma_heap_export_info exp_info = { .ops = &cmr_heap_ops };
	struct dma_heap *heap;
	struct cmr_heap *h;
	const char *why;
	char *name;

	h = kzalloc(sizeof(*h), GFP_KERNEL);
	/* dma_heap_add() keeps the name: it lives as long as the heap. */
	name = alias ? kstrdup(alias, GFP_KERNEL) :
	       kasprintf(GFP_KERNEL, "cmr-%s%s%s%s", cmr_region_name(region),
			 zone ? "-" : "", zone ? cmr_zone_name(zone) : "",
			 uncached ? "-uncached" : "");
	if (!h || !name) {
		heap = ERR_PTR(-ENOMEM);
		goto fail;
	}
	why = cmr_heap_name_taken(name);
	if (why) {
		if (alias)
			pr_notice("region %s: default heap name %s skipped: %s\n",
				  cmr_region_name(region), name, why);
		else
			pr_err("region %s: no dma-buf heap %s: %s\n",
			       cmr_region_name(region), name, why);
		goto out;
	}
	h->region = region;
	h->zone = zone;
	h->uncached = uncached;
	exp_info.name = name;
	exp_info.priv = h;
	heap = dma_heap_add(&exp_info);
	if (!IS_ERR(heap))
		return;
fail:
	pr_warn("region %s: no dma-buf heap %s: %pe\n", cmr_region_name(region),
		name ?: "(no memory)", heap);
out:
	kfree(name);
	kfree(h);
}

/* A heap, and its -uncached twin where that means something. */
static void __init cmr_heap_add_both(struct cmr_region *region,
				     struct cmr_zone *zone)
{
	cmr_heap_add(region, zone, false, NULL);
	if (IS_ENABLED(CONFIG_ARCH_HAS_DMA_PREP_COHERENT) &&
	    !cmr_region_is_nomap(region))
		cmr_heap_add(region, zone, true, NULL);
}

/* The board's default heap's other names; one region only. */
static void __init cmr_heap_add_default(struct cmr_region *region,
					struct cmr_region **first)
{
	unsigned int i;

	if (*first) {
		pr_err("region %s: not the default heap: region %s already is\n",
		       cmr_region_name(region), cmr_region_name(*first));
		return;
	}
	*first = region;
	for (i = 0; i < ARRAY_SIZE(cmr_heap_default_names); i++)
		cmr_heap_add(region, NULL, false, cmr_heap_default_names[i]);
}

/* The heaps, once the regions are active and heaps can be added. */
static int __init cmr_heap_init(void)
{
	struct cmr_region *region, *first = NULL;
	struct cmr_zone *zone;

	cmr_for_each_region(region) {
		cmr_heap_add_both(region, NULL);
		cmr_for_each_zone(zone, region)
			if (cmr_zone_wants_heap(zone))
				cmr_heap_add_both(region, zone);
		if (cmr_region_is_default_heap(region))
			cmr_heap_add_default(region, &first);
	}
	return 0;
}
late_initcall(cmr_heap_init);
