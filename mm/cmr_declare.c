// SPDX-License-Identifier: GPL-2.0
/*
 * cmr early declarations: the table that the device tree glue and the cmr=
 * boot parameter fill, and the cmr= early parameter itself.
 *
 * Merge rule: a cmr= entry whose name matches a DT region overrides that
 * region's size and, when given, its base, alignment, range and no-map;
 * cmr=<name>:0 drops the DT region.  Everything here is __init: the table
 * is copied into region objects at activation and then freed.
 */

#define pr_fmt(fmt) "cmr: " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "cmr.h"
#include "cmr_decl.h"

struct cmr_decl cmr_decls[CMR_MAX_REGIONS] __initdata;
unsigned int cmr_nr_decls __initdata;
/* Set by cmr_reserve_early(): memblock has reserved the cmr= regions. */
bool cmr_early_done __initdata;

/**
 * cmr_decl_lookup() - find a declaration by region name
 * @name: region name
 *
 * Return: the declaration, or NULL.
 */
struct cmr_decl * __init cmr_decl_lookup(const char *name)
{
	unsigned int i;

	for (i = 0; i < cmr_nr_decls; i++)
		if (!strcmp(cmr_decls[i].name, name))
			return &cmr_decls[i];
	return NULL;
}

/**
 * cmr_decl_add() - append a declaration to the early table
 * @decl: the declaration to copy
 *
 * Return: the table entry, or NULL when the table is full.
 */
struct cmr_decl * __init cmr_decl_add(const struct cmr_decl *decl)
{
	if (cmr_nr_decls == CMR_MAX_REGIONS)
		return NULL;
	cmr_decls[cmr_nr_decls] = *decl;
	return &cmr_decls[cmr_nr_decls++];
}

/**
 * cmr_decl_describe() - say where a declaration came from, for messages
 * @decl: the declaration
 * @buf: output buffer
 * @len: its size
 */
void __init cmr_decl_describe(const struct cmr_decl *decl, char *buf,
			      size_t len)
{
	if ((decl->flags & (CMR_DECL_DT | CMR_DECL_CMDLINE)) ==
	    (CMR_DECL_DT | CMR_DECL_CMDLINE))
		snprintf(buf, len, "DT %s + cmr=", decl->node);
	else if (decl->flags & CMR_DECL_DT)
		snprintf(buf, len, "DT %s", decl->node);
	else
		snprintf(buf, len, "cmr=");
}

/**
 * cmr_size_describe() - a region's size for messages
 * @size: bytes
 * @buf: output buffer
 * @len: its size
 *
 * In MiB when it is a whole number of them, else in KiB, so that a
 * region under 1 MiB does not read as "0 MiB".
 */
void __init cmr_size_describe(phys_addr_t size, char *buf, size_t len)
{
	if (size && !(size & (SZ_1M - 1)))
		snprintf(buf, len, "%llu MiB", (unsigned long long)size >> 20);
	else
		snprintf(buf, len, "%llu KiB", (unsigned long long)size >> 10);
}

/*
 * Entries of this cmr= option that found the table full: the first one
 * and how many, so that 200 entries give one line, not 184.
 */
static struct {
	const char *s;
	size_t len;
	unsigned int count;
} cmr_param_full __initdata;

static void __init cmr_param_entry(const char *s, size_t len)
{
	struct cmr_decl decl;
	const char *why;

	if (cmr_parse_entry(s, len, &decl, &why) ||
	    cmr_decl_check(&decl, &why)) {
		pr_err("cmr= entry '%.*s' skipped: %s\n", (int)len, s, why);
		return;
	}
	if (cmr_decl_lookup(decl.name)) {
		pr_err("cmr= entry '%.*s' skipped: region %s already given\n",
		       (int)len, s, decl.name);
		return;
	}
	if (cmr_decl_add(&decl))
		return;
	if (!cmr_param_full.count++) {
		cmr_param_full.s = s;
		cmr_param_full.len = len;
	}
}

static void __init cmr_param_report_full(void)
{
	unsigned int more = cmr_param_full.count - 1;

	if (!cmr_param_full.count)
		return;
	if (more)
		pr_err("cmr= entry '%.*s' and %u more skipped: more than %d regions\n",
		       (int)cmr_param_full.len, cmr_param_full.s, more,
		       CMR_MAX_REGIONS);
	else
		pr_err("cmr= entry '%.*s' skipped: more than %d regions\n",
		       (int)cmr_param_full.len, cmr_param_full.s,
		       CMR_MAX_REGIONS);
	cmr_param_full.count = 0;
}

/*
 * cmr=<entry>[;<entry>...], and the option may be repeated.  Parsed before
 * the DT's reserved-memory nodes are, so the DT glue can apply overrides.
 */
static int __init cmr_param(char *arg)
{
	const char *s = arg, *semi;

	if (!arg || !*arg) {
		pr_err("cmr= is empty, ignored\n");
		return 0;
	}
	while (*s) {
		semi = strchrnul(s, ';');
		if (semi > s)
			cmr_param_entry(s, semi - s);
		s = *semi ? semi + 1 : semi;
	}
	cmr_param_report_full();
	/* Entries are reported one by one; never fail the whole option. */
	return 0;
}
early_param("cmr", cmr_param);
