// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the cmr= parser: cmr_parse_entry() and then
 * cmr_decl_check() on arbitrary bytes.  The input is an exact-size heap
 * copy, so ASan catches any read past len.  Beyond not crashing, it checks
 * the documented contracts and that an accepted entry, printed back in
 * canonical form, parses to the same declaration.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/log2.h>

#include "../../mm/cmr_decl.h"

#define FUZZ_ASSERT(cond)						\
do {									\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: assertion failed: %s\n",	\
			__FILE__, __LINE__, #cond);			\
		abort();						\
	}								\
} while (0)

#define CMR_DECL_PARSED	(CMR_DECL_CMDLINE | CMR_DECL_FIXED |		\
			 CMR_DECL_NOMAP | CMR_DECL_REUSABLE |		\
			 CMR_DECL_NOFALLBACK | CMR_DECL_DEFAULT_HEAP |	\
			 CMR_DECL_DISABLE | CMR_DECL_READY)

/* The entry in the grammar's own terms, all numbers in hex. */
static int fuzz_print(const struct cmr_decl *d, char *buf, size_t len)
{
	const struct cmr_zone_decl *z;
	unsigned int i;
	int n;

	n = snprintf(buf, len, "%s:%#llx", d->name, d->size);
	if (d->flags & CMR_DECL_FIXED)
		n += snprintf(buf + n, len - n, "@%#llx", d->base);
	if (d->align)
		n += snprintf(buf + n, len - n, ",align=%#llx", d->align);
	if (d->range_end)
		n += snprintf(buf + n, len - n, ",range=%#llx-%#llx",
			      d->range_start, d->range_end);
	if (d->flags & CMR_DECL_NOMAP)
		n += snprintf(buf + n, len - n, ",nomap");
	if (d->flags & CMR_DECL_REUSABLE)
		n += snprintf(buf + n, len - n, ",reusable");
	if (d->flags & CMR_DECL_READY)
		n += snprintf(buf + n, len - n, ",ready=%#llx", d->ready);
	if (d->flags & CMR_DECL_NOFALLBACK)
		n += snprintf(buf + n, len - n, ",nofallback");
	if (d->flags & CMR_DECL_DEFAULT_HEAP)
		n += snprintf(buf + n, len - n, ",defaultheap");
	if (d->strategy[0])
		n += snprintf(buf + n, len - n, ",strategy=%s", d->strategy);
	for (i = 0; i < d->nr_zones; i++) {
		z = &d->zones[i];
		n += snprintf(buf + n, len - n, ",zone=%s:%#llx", z->name,
			      z->size);
		if (z->strategy[0])
			n += snprintf(buf + n, len - n, ":%s", z->strategy);
		if (z->align)
			n += snprintf(buf + n, len - n, ":align=%#llx",
				      z->align);
		if (z->heap)
			n += snprintf(buf + n, len - n, ":heap");
	}
	return n;
}

static void fuzz_check_values(const struct cmr_decl *d)
{
	u64 align = d->align ? d->align : PAGE_SIZE;

	if (d->flags & CMR_DECL_DISABLE)
		return;
	FUZZ_ASSERT(d->size && !(d->size & (PAGE_SIZE - 1)));
	FUZZ_ASSERT(is_power_of_2(align) && align >= PAGE_SIZE);
	if (d->flags & CMR_DECL_FIXED) {
		FUZZ_ASSERT(!(d->base & (align - 1)));
		FUZZ_ASSERT(d->base + d->size - 1 >= d->base);
	}
	if (d->range_end) {
		FUZZ_ASSERT(d->range_start < d->range_end);
		FUZZ_ASSERT(d->range_end - d->range_start >= d->size);
		if (d->flags & CMR_DECL_FIXED)
			FUZZ_ASSERT(d->base >= d->range_start &&
				    d->base + d->size - 1 < d->range_end);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cmr_decl decl, again;
	const char *why = NULL;
	char *copy, text[1024];
	int ret, n;

	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	ret = cmr_parse_entry(copy, size, &decl, &why);
	free(copy);
	if (ret) {
		FUZZ_ASSERT(ret == -EINVAL || ret == -ERANGE);
		FUZZ_ASSERT(why);
		return 0;
	}

	FUZZ_ASSERT(cmr_name_valid(decl.name, strlen(decl.name)));
	FUZZ_ASSERT(!decl.node[0]);
	FUZZ_ASSERT(decl.flags & CMR_DECL_CMDLINE);
	FUZZ_ASSERT(!(decl.flags & ~CMR_DECL_PARSED));
	FUZZ_ASSERT(!decl.size == !!(decl.flags & CMR_DECL_DISABLE));
	FUZZ_ASSERT(!decl.ready || (decl.flags & CMR_DECL_READY));

	why = "unset";
	ret = cmr_decl_check(&decl, &why);
	if (ret) {
		FUZZ_ASSERT(ret == -EINVAL && why);
	} else {
		FUZZ_ASSERT(!why);
		fuzz_check_values(&decl);
	}

	n = fuzz_print(&decl, text, sizeof(text));
	FUZZ_ASSERT(n > 0 && (size_t)n < sizeof(text));
	why = NULL;
	FUZZ_ASSERT(!cmr_parse_entry(text, n, &again, &why));
	FUZZ_ASSERT(!memcmp(&decl, &again, sizeof(decl)));
	return 0;
}
