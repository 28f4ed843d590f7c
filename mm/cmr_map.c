// SPDX-License-Identifier: GPL-2.0
/*
 * cmr.map=: regions for devices that have no DT node, or no
 * "memory-region" in it (PCI, ACPI, platform devices made by code):
 *
 *	cmr.map=<device>:<region>[/<zone>][,<region>[/<zone>]...][;...]
 *
 * <device> is a device name (dev_name()) with '*' and '?' wildcards, up
 * to the rule's last ':' (PCI names have some); the first rule that
 * matches a device applies.  Its first target is the
 * device's region (and zone) for cmr_buffer_alloc(); a target is found
 * by its region's name for cmr_region_of_device(dev, name).  A device's
 * own DT "memory-region" wins over the map.
 *
 * The parameter is kept as given at boot and parsed once the regions are
 * active, so each bad rule or target gets its message and is skipped.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/device.h>
#include <linux/glob.h>
#include <linux/init.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "cmr.h"
#include "cmr_decl.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "cmr."

static char *map;
module_param(map, charp, 0444);
MODULE_PARM_DESC(map, "Regions of devices without a DT memory-region: <device>:<region>[/<zone>][,...][;...]");

static struct cmr_map_rule *cmr_map_rules;
static unsigned int cmr_map_nr;

/* A device name pattern: printable, no separator of the grammar but ':'. */
static bool cmr_map_pattern_valid(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (strchr(",/; ", s[i]) || s[i] < ' ' || s[i] > '~')
			return false;
	return len > 0;
}

/* Parse "<region>[/<zone>]" of [s, end) into @t. */
static int cmr_map_parse_target(const char *s, const char *end,
				struct cmr_map_target *t, const char **why)
{
	const char *slash = memchr(s, '/', end - s);
	const char *rend = slash ? slash : end;

	if (!cmr_name_valid(s, rend - s)) {
		*why = "bad region name";
		return -EINVAL;
	}
	memcpy(t->region, s, rend - s);
	t->region[rend - s] = '\0';
	t->zone[0] = '\0';
	if (!slash)
		return 0;
	if (!cmr_name_valid(slash + 1, end - slash - 1)) {
		*why = "bad zone name";
		return -EINVAL;
	}
	memcpy(t->zone, slash + 1, end - slash - 1);
	t->zone[end - slash - 1] = '\0';
	return 0;
}

/**
 * cmr_map_parse_rule() - parse one rule of cmr.map=
 * @s: the rule, "<device>:<region>[/<zone>][,...]" (need not be
 *	NUL-terminated)
 * @len: its length
 * @rule: where to put it
 * @why: on failure, a short reason for the message
 *
 * Checks the syntax only; whether the regions exist is checked by the
 * caller.
 *
 * Return: 0, or -EINVAL with @why set.
 */
int cmr_map_parse_rule(const char *s, size_t len, struct cmr_map_rule *rule,
		       const char **why)
{
	const char *end = s + len, *colon = end, *next;
	size_t plen;
	int ret;

	memset(rule, 0, sizeof(*rule));
	/* The last ':': device names may have some (PCI), regions none. */
	while (colon > s && colon[-1] != ':')
		colon--;
	if (colon-- == s) {
		*why = "expected <device>:<region>";
		return -EINVAL;
	}
	plen = colon - s;
	if (plen >= sizeof(rule->pattern) || !cmr_map_pattern_valid(s, plen)) {
		*why = "bad device name pattern";
		return -EINVAL;
	}
	memcpy(rule->pattern, s, plen);
	for (s = colon + 1; ; s = next + 1) {
		next = memchr(s, ',', end - s);
		if (!next)
			next = end;
		if (rule->nr == CMR_MAP_TARGETS) {
			*why = "more than 4 regions";
			return -EINVAL;
		}
		ret = cmr_map_parse_target(s, next, &rule->t[rule->nr], why);
		if (ret)
			return ret;
		rule->nr++;
		if (next == end)
			return 0;
	}
}

/* Keep the targets of @r whose region and zone exist; say why not. */
static void __init cmr_map_check(struct cmr_map_rule *r)
{
	struct cmr_region *region;
	unsigned int i, n = 0;

	for (i = 0; i < r->nr; i++) {
		region = cmr_region_find(r->t[i].region);
		if (IS_ERR(region))
			pr_err("cmr.map: %s: no region %s; target skipped\n",
			       r->pattern, r->t[i].region);
		else if (r->t[i].zone[0] &&
			 IS_ERR(cmr_zone_find(region, r->t[i].zone)))
			pr_err("cmr.map: %s: region %s has no zone %s; target skipped\n",
			       r->pattern, r->t[i].region, r->t[i].zone);
		else
			r->t[n++] = r->t[i];
	}
	r->nr = n;
}

static int __init cmr_map_init(void)
{
	const char *s = map, *end, *why;
	struct cmr_map_rule *r;
	unsigned int max;

	if (!s || !*s)
		return 0;
	max = 1;
	for (end = s; *end; end++)
		max += *end == ';';
	cmr_map_rules = kcalloc(max, sizeof(*cmr_map_rules), GFP_KERNEL);
	if (!cmr_map_rules)
		return -ENOMEM;
	for (; *s; s = *end ? end + 1 : end) {
		end = strchrnul(s, ';');
		if (end == s)
			continue;
		r = &cmr_map_rules[cmr_map_nr];
		if (cmr_map_parse_rule(s, end - s, r, &why)) {
			pr_err("cmr.map: rule '%.*s' skipped: %s\n",
			       (int)(end - s), s, why);
			continue;
		}
		cmr_map_check(r);
		if (r->nr)
			cmr_map_nr++;
	}
	pr_info("cmr.map: %u rule(s)\n", cmr_map_nr);
	return 0;
}
subsys_initcall(cmr_map_init);

/**
 * cmr_map_lookup() - the map's target for a device
 * @dev: the device
 * @name: a region name among the rule's targets, or NULL for the first
 *
 * Return: the target of the first rule whose pattern matches the device's
 * name, or NULL if none matches or its rule has no target of that name.
 */
const struct cmr_map_target *cmr_map_lookup(struct device *dev,
					    const char *name)
{
	const struct cmr_map_rule *r;
	unsigned int i, j;

	for (i = 0; i < cmr_map_nr; i++) {
		r = &cmr_map_rules[i];
		if (!glob_match(r->pattern, dev_name(dev)))
			continue;
		for (j = 0; j < r->nr; j++)
			if (!name || !strcmp(r->t[j].region, name))
				return &r->t[j];
		return NULL;
	}
	return NULL;
}
