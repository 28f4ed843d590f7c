// SPDX-License-Identifier: GPL-2.0
/*
 * cmr device tree glue: /reserved-memory children compatible with
 * "linux,cmr-region" become declaration records.
 *
 * The kernel's reserved-memory code has already placed and reserved the
 * node (static "reg", or dynamic "size"/"alignment"/"alloc-ranges") when
 * it calls cmr_of_setup(), so no kernel patch is needed for DT regions.
 * Returning an error other than CMR_RMEM_KEEP (cmr_compat.h) makes the
 * kernel free the node's memory; that is only safe for dynamic nodes,
 * which the kernel allocated fresh.  A refused static node keeps its
 * reservation, as the DT asks.
 *
 * The kernel calls the hook for dynamic nodes during the reserved-memory
 * scan, and for static ones either then (6.1) or when the tree is
 * unflattened (6.12), which is after cmr_reserve_early().  So cmr= overrides
 * of DT regions are applied here, whichever comes first, and
 * cmr_reserve_early() leaves entries that name a DT region alone.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/init.h>
#include <linux/initrd.h>
#include <linux/kernel.h>
#include <linux/libfdt.h>
#include <linux/memblock.h>
#include <linux/of_fdt.h>
#include <linux/of_reserved_mem.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <asm/sections.h>

#include "cmr.h"
#include "cmr_compat.h"
#include "cmr_decl.h"

/* Nodes the kernel handed to cmr_of_setup(), whatever became of them. */
static char cmr_of_seen[2 * CMR_MAX_REGIONS][CMR_NODE_MAX] __initdata;
static unsigned int cmr_of_nr_seen __initdata;

/**
 * cmr_of_node_seen() - was a DT node handed to cmr by the kernel?
 * @node: node name with unit address
 *
 * Nodes never seen were refused by the kernel's reserved-memory code
 * itself, before cmr could say anything about them.
 *
 * Return: true if cmr_of_setup() ran for it.
 */
bool __init cmr_of_node_seen(const char *node)
{
	unsigned int i;

	for (i = 0; i < cmr_of_nr_seen; i++)
		if (!strncmp(cmr_of_seen[i], node, CMR_NODE_MAX - 1))
			return true;
	return false;
}

/* Region name of a flat DT node: its "label", else the node name. */
static int __init cmr_of_fdt_name(const void *fdt, int node, char *buf,
				  const char **why)
{
	const char *name;
	int len;

	name = fdt_getprop(fdt, node, "label", &len);
	if (name) {
		len = strnlen(name, len);
	} else {
		name = fdt_get_name(fdt, node, &len);
		if (!name)
			len = 0;
		else
			len = strchrnul(name, '@') - name;
	}
	if (!name || !cmr_name_valid(name, len)) {
		*why = "bad region name (1-31 of a-z 0-9 _ -)";
		return -EINVAL;
	}
	memcpy(buf, name, len);
	buf[len] = '\0';
	return 0;
}

static bool __init cmr_of_fdt_available(const void *fdt, int node)
{
	const char *status = fdt_getprop(fdt, node, "status", NULL);

	return !status || !strcmp(status, "okay") || !strcmp(status, "ok");
}

/**
 * cmr_of_fdt_declares() - does the flat DT declare a cmr region of a name?
 * @name: region name
 *
 * Return: true if an available /reserved-memory child compatible with
 * "linux,cmr-region" has that name.
 */
bool __init cmr_of_fdt_declares(const char *name)
{
	const void *fdt = initial_boot_params;
	char buf[CMR_NAME_MAX];
	const char *why;
	int parent, node;

	if (!fdt)
		return false;
	parent = fdt_path_offset(fdt, "/reserved-memory");
	if (parent < 0)
		return false;
	fdt_for_each_subnode(node, fdt, parent) {
		if (fdt_node_check_compatible(fdt, node, CMR_OF_COMPATIBLE) ||
		    !cmr_of_fdt_available(fdt, node))
			continue;
		if (!cmr_of_fdt_name(fdt, node, buf, &why) &&
		    !strcmp(buf, name))
			return true;
	}
	return false;
}

/* First value of a flat DT property of @cells cells, or @def. */
static phys_addr_t __init cmr_of_cells(unsigned long node, const char *prop,
				       int cells, int *len)
{
	const __be32 *p = of_get_flat_dt_prop(node, prop, len);

	if (!p)
		return 0;
	return dt_mem_next_cell(cells, &p);
}

static void __init cmr_of_read_layout(unsigned long node, struct cmr_decl *d)
{
	const char *strategy;
	const __be32 *p;
	int len;

	/* Checked against the strategies at activation, by name. */
	strategy = of_get_flat_dt_prop(node, "linux,cmr-strategy", &len);
	if (strategy)
		strscpy(d->strategy, strategy,
			min_t(int, len, sizeof(d->strategy)));

	/* The kernel's default is 64 bytes; cmr works in pages. */
	d->align = max_t(phys_addr_t, PAGE_SIZE,
			 cmr_of_cells(node, "alignment", dt_root_size_cells,
				      &len));
	d->ready = cmr_of_cells(node, "linux,cmr-ready-size",
				dt_root_size_cells, &len);
	p = of_get_flat_dt_prop(node, "alloc-ranges", &len);
	if (p && len >= (int)((dt_root_addr_cells + dt_root_size_cells) *
			      sizeof(__be32))) {
		d->range_start = dt_mem_next_cell(dt_root_addr_cells, &p);
		d->range_end = d->range_start +
			       dt_mem_next_cell(dt_root_size_cells, &p);
	}
}

/* Memory the kernel needs no matter what the DT says. */
static const char * __init cmr_of_boot_overlap(phys_addr_t base,
					       phys_addr_t size)
{
	phys_addr_t ks = __pa_symbol(_text), ke = __pa_symbol(_end);

	if (cmr_overlaps(base, size, ks, ke - ks))
		return "overlaps the kernel image";
	if (IS_ENABLED(CONFIG_BLK_DEV_INITRD) && phys_initrd_size &&
	    cmr_overlaps(base, size, phys_initrd_start, phys_initrd_size))
		return "overlaps the initrd";
	return NULL;
}

/*
 * Refuse a node.  Dynamic nodes are freed by the kernel when we return an
 * error; static ones stay reserved (CMR_RMEM_KEEP), since their memory may be
 * shared with whatever they overlap.
 */
static int __init cmr_of_refuse(struct reserved_mem *rmem, bool is_static,
				const char *name, const char *why)
{
	pr_err("region %s (DT %s): %s; %s\n", name, rmem->name, why,
	       is_static ? "left reserved, unused" : "memory released");
	return is_static ? CMR_RMEM_KEEP : -EINVAL;
}

/* Undo the kernel's reservation of a node we are about to move. */
static void __init cmr_of_unreserve(const struct cmr_decl *d, bool is_static)
{
	if (d->flags & CMR_DECL_NOMAP)
		memblock_clear_nomap(d->base, d->size);
	/* Static no-map nodes are only marked, never reserved. */
	if (!(is_static && (d->flags & CMR_DECL_NOMAP)))
		memblock_phys_free(d->base, d->size);
}

static void __init cmr_of_rereserve(const struct cmr_decl *d, bool is_static)
{
	if (!(is_static && (d->flags & CMR_DECL_NOMAP)))
		memblock_reserve(d->base, d->size);
	if (d->flags & CMR_DECL_NOMAP)
		memblock_mark_nomap(d->base, d->size);
}

/*
 * Apply cmr= entry @c to DT region @d (already reserved by the kernel).
 * On success @c becomes the merged, reserved record.
 */
static int __init cmr_of_override(struct reserved_mem *rmem,
				  struct cmr_decl *d, struct cmr_decl *c,
				  bool is_static)
{
	struct cmr_decl m = *d;

	c->flags |= CMR_DECL_MERGED;
	if (c->flags & CMR_DECL_DISABLE) {
		c->flags |= CMR_DECL_REFUSED;
		return cmr_of_refuse(rmem, is_static, d->name,
				     "disabled by cmr=");
	}

	m.flags = (d->flags & ~(CMR_DECL_FIXED | CMR_DECL_RESERVED)) |
		  CMR_DECL_CMDLINE |
		  (c->flags & (CMR_DECL_FIXED | CMR_DECL_NOMAP |
			       CMR_DECL_REUSABLE | CMR_DECL_NOFALLBACK |
			       CMR_DECL_DEFAULT_HEAP));
	m.size = c->size;
	m.base = c->base;
	if (c->align)
		m.align = c->align;
	if (c->range_end) {
		m.range_start = c->range_start;
		m.range_end = c->range_end;
	}
	if (c->strategy[0])
		memcpy(m.strategy, c->strategy, sizeof(m.strategy));
	if (c->flags & CMR_DECL_READY)
		m.ready = c->ready;
	/* Zones from cmr= replace the DT's; read from DT at activation. */
	if (c->nr_zones) {
		m.nr_zones = c->nr_zones;
		memcpy(m.zones, c->zones, sizeof(m.zones));
	}

	/* After the linear map is built, no-map can no longer be honoured. */
	if (cmr_early_done && (m.flags & CMR_DECL_NOMAP)) {
		pr_err("region %s (DT %s): cmr= cannot move a static no-map region on this kernel; DT placement kept\n",
		       d->name, rmem->name);
		*c = *d;
		c->flags |= CMR_DECL_MERGED;
		return 0;
	}

	cmr_of_unreserve(d, is_static);
	if (cmr_reserve_decl(&m)) {
		cmr_of_rereserve(d, is_static);
		pr_err("region %s (DT %s): cmr= override failed; DT placement kept\n",
		       d->name, rmem->name);
		*c = *d;
		c->flags |= CMR_DECL_MERGED;
		return 0;
	}
	*c = m;
	c->flags |= CMR_DECL_MERGED;
	rmem->base = m.base;
	rmem->size = m.size;
	return 0;
}

static int __init cmr_of_setup(unsigned long node, struct reserved_mem *rmem)
{
	bool is_static = of_get_flat_dt_prop(node, "reg", NULL);
	struct cmr_decl d = { }, *c;
	const char *why;
	char size[24];

	if (cmr_of_nr_seen < ARRAY_SIZE(cmr_of_seen))
		strscpy(cmr_of_seen[cmr_of_nr_seen++], rmem->name, CMR_NODE_MAX);
	if (cmr_of_fdt_name(initial_boot_params, node, d.name, &why))
		return cmr_of_refuse(rmem, is_static, "?", why);
	strscpy(d.node, rmem->name, sizeof(d.node));
	d.base = rmem->base;
	d.size = rmem->size;
	d.flags = CMR_DECL_DT | CMR_DECL_FIXED | CMR_DECL_RESERVED;
	if (of_get_flat_dt_prop(node, "no-map", NULL))
		d.flags |= CMR_DECL_NOMAP;
	cmr_of_read_layout(node, &d);

	if (of_get_flat_dt_prop(node, "reusable", NULL))
		d.flags |= CMR_DECL_REUSABLE;
	if (of_get_flat_dt_prop(node, "linux,cmr-no-fallback", NULL))
		d.flags |= CMR_DECL_NOFALLBACK;
	if (of_get_flat_dt_prop(node, "linux,cmr-default-heap", NULL))
		d.flags |= CMR_DECL_DEFAULT_HEAP;
	if (cmr_decl_check(&d, &why))
		return cmr_of_refuse(rmem, is_static, d.name, why);
	why = cmr_of_boot_overlap(d.base, d.size);
	if (why)
		return cmr_of_refuse(rmem, true, d.name, why);

	c = cmr_decl_lookup(d.name);
	if (c && (c->flags & CMR_DECL_DT))
		return cmr_of_refuse(rmem, is_static, d.name,
				     "duplicate region name");
	if (c && (c->flags & CMR_DECL_CMDLINE) &&
	    !(c->flags & (CMR_DECL_MERGED | CMR_DECL_RESERVED)))
		return cmr_of_override(rmem, &d, c, is_static);

	c = cmr_decl_overlapping(NULL, d.base, d.size);
	if (c) {
		pr_err("region %s (DT %s): overlaps region %s; left reserved, unused\n",
		       d.name, rmem->name, c->name);
		return CMR_RMEM_KEEP;
	}
	if (!cmr_decl_add(&d))
		return cmr_of_refuse(rmem, is_static, d.name,
				     "too many regions");
	cmr_size_describe(d.size, size, sizeof(size));
	pr_info("region %s (DT %s): %s at %pa%s%s%s%s\n", d.name, rmem->name,
		size, &d.base,
		(d.flags & CMR_DECL_NOMAP) ? ", no-map" : "",
		(d.flags & CMR_DECL_REUSABLE) ? ", reusable" : "",
		(d.flags & CMR_DECL_NOFALLBACK) ? ", no DMA fallback" : "",
		(d.flags & CMR_DECL_DEFAULT_HEAP) ? ", default heap" : "");
	return 0;
}
CMR_RESERVEDMEM_DECLARE(cmr, CMR_OF_COMPATIBLE, cmr_of_setup);
