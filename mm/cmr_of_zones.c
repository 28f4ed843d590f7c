// SPDX-License-Identifier: GPL-2.0
/*
 * cmr zones from the device tree: the child nodes of a region's node, read
 * at activation from the unflattened tree (zones need no early memory, so
 * the early hook does not look at them).
 *
 *	camera {
 *		compatible = "linux,cmr-region";
 *		size = <0x0 0x2000000>;
 *		frames {
 *			size = <0x1000000>;
 *			alignment = <0x10000>;
 *			linux,cmr-strategy = "bestfit";
 *			linux,cmr-heap;
 *		};
 *	};
 *
 * size and alignment are one or two cells.  A child that cannot be read
 * is refused here with its reason; the rest is checked by
 * cmr_zone_layout() with the zones from cmr=.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/of.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "cmr.h"
#include "cmr_decl.h"

/* A one- or two-cell number; false if present and malformed. */
static bool __init cmr_of_zone_number(struct device_node *np,
				      const char *prop, phys_addr_t *val)
{
	const __be32 *p;
	int len;
	u64 v;

	p = of_get_property(np, prop, &len);
	if (!p)
		return true;
	if (len != 4 && len != 8)
		return false;
	v = of_read_number(p, len / 4);
	*val = v;
	return *val == v;
}

static const char * __init cmr_of_zone(struct device_node *np,
				       struct cmr_zone_decl *z)
{
	const char *strategy;
	int n;

	memset(z, 0, sizeof(*z));
	n = snprintf(z->name, sizeof(z->name), "%pOFn", np);
	if (n <= 0 || n >= CMR_NAME_MAX || !cmr_name_valid(z->name, n))
		return "bad name (1-31 of a-z 0-9 _ -)";
	if (!of_find_property(np, "size", NULL))
		return "no size property";
	if (!cmr_of_zone_number(np, "size", &z->size))
		return "size is not one or two cells";
	if (!cmr_of_zone_number(np, "alignment", &z->align))
		return "alignment is not one or two cells";
	if (!of_property_read_string(np, "linux,cmr-strategy", &strategy) &&
	    strscpy(z->strategy, strategy, sizeof(z->strategy)) < 0)
		return "strategy name too long";
	z->heap = of_property_read_bool(np, "linux,cmr-heap");
	return NULL;
}

/**
 * cmr_of_read_zones() - read the zones a region's DT node declares
 * @np: the region's node
 * @d: its declaration; @d->zones and @d->nr_zones are filled in
 *
 * Children that are disabled are skipped; malformed ones, and any beyond
 * CMR_MAX_ZONES, are refused with a message.
 */
void __init cmr_of_read_zones(struct device_node *np, struct cmr_decl *d)
{
	struct device_node *child;
	const char *why;

	for_each_available_child_of_node(np, child) {
		if (d->nr_zones == CMR_MAX_ZONES) {
			pr_err("region %s zone %pOFn: refused: more than %d zones\n",
			       d->name, child, CMR_MAX_ZONES);
			continue;
		}
		why = cmr_of_zone(child, &d->zones[d->nr_zones]);
		if (why) {
			pr_err("region %s zone %pOFn (DT %pOF): refused: %s\n",
			       d->name, child, child, why);
			continue;
		}
		d->nr_zones++;
	}
}
