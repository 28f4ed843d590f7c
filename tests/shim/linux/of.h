/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim: a device tree with no nodes.  Declarations activated on the
 * host come from cmr= (tests set them up); DT lookups find nothing.
 */
#ifndef _SHIM_LINUX_OF_H
#define _SHIM_LINUX_OF_H

#include <linux/types.h>

struct device_node {
	const char *full_name;
};

struct property;

static inline struct device_node *of_find_node_by_path(const char *path)
{
	(void)path;
	return NULL;
}

static inline void of_node_put(struct device_node *np)
{
	(void)np;
}

static inline struct property *of_find_property(const struct device_node *np,
						const char *name, int *lenp)
{
	(void)np;
	(void)name;
	(void)lenp;
	return NULL;
}

static inline const void *of_get_property(const struct device_node *np,
					  const char *name, int *lenp)
{
	(void)np;
	(void)name;
	(void)lenp;
	return NULL;
}

static inline u64 of_read_number(const __be32 *cell, int size)
{
	(void)cell;
	(void)size;
	return 0;
}

static inline bool of_device_is_available(const struct device_node *np)
{
	(void)np;
	return false;
}

#define for_each_compatible_node(dn, type, compat)			\
	for ((void)(type), (void)(compat), dn = NULL; dn; )

#endif /* _SHIM_LINUX_OF_H */
