// SPDX-License-Identifier: GPL-2.0
/*
 * Zones as declared: the zone= option of cmr= (mm/cmr_parse.c) and the
 * layout of declared zones in a region (mm/cmr_layout.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/errno.h>
#include <linux/kernel.h>

#include "../../mm/cmr_decl.h"
#include "common.h"

#define MiB(x)		((unsigned long long)(x) << 20)
#define PAGES(bytes)	((unsigned long)((bytes) >> PAGE_SHIFT))

static int zd_parse(const char *in, struct cmr_decl *d, const char **why)
{
	size_t len = strlen(in);
	char *copy = malloc(len);	/* no NUL: ASan sees overreads */
	int ret;

	if (!CHECK(copy))
		return -ENOMEM;
	memcpy(copy, in, len);
	*why = NULL;
	ret = cmr_parse_entry(copy, len, d, why);
	free(copy);
	return ret;
}

/*
 *   cam:16M,zone=frames:8M,zone=meta:1M:bitmap:align=64K,zone=fw:2M:align=1M
 *
 * Expect three zones in order with their sizes, strategies, alignments and
 * heap flag (either order of the fields, the last strategy kept), and the
 * region's own options untouched.
 */
static void zone_decl_parse_check(void)
{
	struct cmr_decl d;
	const char *why;

	if (!CHECK_EQ(zd_parse("cam:16M,zone=frames:8M,strategy=bestfit,zone=meta:1M:bitmap:align=64K:heap,zone=fw:2M:align=1M:tree:bestfit",
			       &d, &why), 0))
		return;
	CHECK_EQ(d.size, MiB(16));
	CHECK(!strcmp(d.strategy, "bestfit"));
	if (!CHECK_EQ(d.nr_zones, 3U))
		return;
	CHECK(!strcmp(d.zones[0].name, "frames"));
	CHECK_EQ(d.zones[0].size, MiB(8));
	CHECK_EQ(d.zones[0].align, 0ULL);
	CHECK(!strcmp(d.zones[0].strategy, ""));
	CHECK(!strcmp(d.zones[1].name, "meta"));
	CHECK_EQ(d.zones[1].size, MiB(1));
	CHECK_EQ(d.zones[1].align, 0x10000ULL);
	CHECK(!strcmp(d.zones[1].strategy, "bitmap"));
	CHECK(d.zones[1].heap && !d.zones[0].heap && !d.zones[2].heap);
	CHECK(!strcmp(d.zones[2].name, "fw"));
	CHECK_EQ(d.zones[2].align, MiB(1));
	CHECK(!strcmp(d.zones[2].strategy, "bestfit"));
}

/*
 * Eight zones are accepted, a ninth refused; malformed zone= options are
 * refused with -EINVAL (-ERANGE past 2^64) and a reason.
 */
static void zone_decl_parse_bad_check(void)
{
	static const struct {
		const char *in;
		int ret;
	} bad[] = {
		{ "cam:16M,zone=", -EINVAL },
		{ "cam:16M,zone=a", -EINVAL },
		{ "cam:16M,zone=a:", -EINVAL },
		{ "cam:16M,zone=:1M", -EINVAL },
		{ "cam:16M,zone=A:1M", -EINVAL },
		{ "cam:16M,zone=a.b:1M", -EINVAL },
		{ "cam:16M,zone=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:1M", -EINVAL },
		{ "cam:16M,zone=a:1Q", -EINVAL },
		{ "cam:16M,zone=a:1M:", -EINVAL },
		{ "cam:16M,zone=a:1M::tree", -EINVAL },
		{ "cam:16M,zone=a:1M:Tree", -EINVAL },
		{ "cam:16M,zone=a:1M:align=", -EINVAL },
		{ "cam:16M,zone=a:1M:align=x", -EINVAL },
		{ "cam:16M,zone=a:1M:aaaaaaaaaaaaaaaa", -EINVAL },
		{ "cam:16M,zone=a:99999999999999999999", -ERANGE },
		{ "cam:16M,zone=a:1M:align=99999999999999999999", -ERANGE },
		{ "cam:16M,zone=a:1M,zone=b:1M,zone=c:1M,zone=d:1M,zone=e:1M,zone=f:1M,zone=g:1M,zone=h:1M,zone=i:1M",
		  -EINVAL },
	};
	struct cmr_decl d;
	const char *why;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		if (!CHECK_EQ(zd_parse(bad[i].in, &d, &why), bad[i].ret))
			fprintf(stderr, "  %s\n", bad[i].in);
		CHECK(why && *why);
	}
	CHECK_EQ(zd_parse("cam:16M,zone=a:1M,zone=b:1M,zone=c:1M,zone=d:1M,zone=e:1M,zone=f:1M,zone=g:1M,zone=h:1M",
			  &d, &why), 0);
	CHECK_EQ(d.nr_zones, (unsigned int)CMR_MAX_ZONES);
}

static void zd_set(struct cmr_zone_decl *z, const char *name,
		   unsigned long long size, unsigned long long align,
		   const char *strategy)
{
	memset(z, 0, sizeof(*z));
	snprintf(z->name, sizeof(z->name), "%s", name);
	z->size = size;
	z->align = align;
	snprintf(z->strategy, sizeof(z->strategy), "%s", strategy);
}

/*
 *   region 16 MiB, bestfit:  |frames 8M (tree)|meta 1M, 64K, heap|default 7M|
 *
 * Expect the zones at offsets 0 and 8 MiB, the remainder of 7 MiB named
 * "default" with the region's strategy, 3 zones.
 */
static void zone_layout_simple_check(void)
{
	const struct cmr_strategy_ops *bf = cmr_strategy_find("bestfit");
	struct cmr_zone_plan plan[3];
	struct cmr_zone_decl zd[2];

	zd_set(&zd[0], "frames", MiB(8), 0, "tree");
	zd_set(&zd[1], "meta", MiB(1), 0x10000, "");
	zd[1].heap = true;
	CHECK_EQ(cmr_zone_layout(zd, 2, PAGES(MiB(16)), bf, plan), 3U);
	CHECK(!plan[0].why && !plan[1].why);
	CHECK_EQ(plan[0].offset, 0UL);
	CHECK_EQ(plan[0].pages, PAGES(MiB(8)));
	CHECK(plan[0].ops == &cmr_tree_ops);
	CHECK_EQ(plan[0].align_order, 0U);
	CHECK_EQ(plan[1].offset, PAGES(MiB(8)));
	CHECK_EQ(plan[1].pages, PAGES(MiB(1)));
	CHECK(plan[1].ops == bf);
	CHECK_EQ(plan[1].align_order, 4U);
	CHECK(plan[1].heap && !plan[0].heap && !plan[2].heap);
	CHECK(!strcmp(plan[2].name, "default"));
	CHECK_EQ(plan[2].offset, PAGES(MiB(9)));
	CHECK_EQ(plan[2].pages, PAGES(MiB(7)));
	CHECK(plan[2].ops == bf);
}

/*
 *   region 8 MiB:  a 4M | big 8M (refused) | b 4M        -> no remainder
 *
 * Expect "big" refused as not fitting in the 4 MiB left, "b" placed right
 * after "a", no remainder, 2 zones.
 */
static void zone_layout_full_check(void)
{
	struct cmr_zone_plan plan[4];
	struct cmr_zone_decl zd[3];

	zd_set(&zd[0], "a", MiB(4), 0, "");
	zd_set(&zd[1], "big", MiB(8), 0, "");
	zd_set(&zd[2], "b", MiB(4), 0, "");
	CHECK_EQ(cmr_zone_layout(zd, 3, PAGES(MiB(8)), &cmr_tree_ops, plan),
		 2U);
	CHECK(!plan[0].why);
	CHECK(plan[1].why && strstr(plan[1].why, "does not fit"));
	CHECK_EQ(plan[1].pages, 0UL);
	CHECK_EQ(plan[1].left, PAGES(MiB(4)));
	CHECK(!plan[2].why);
	CHECK_EQ(plan[2].offset, PAGES(MiB(4)));
	CHECK_EQ(plan[3].pages, 0UL);
}

/*
 * Each bad zone is refused with its reason and takes no room: the
 * remainder gets its memory.
 */
static void zone_layout_bad_check(void)
{
	static const struct {
		const char *name;
		unsigned long long size, align;
		const char *strategy, *why;
	} bad[] = {
		{ "x", MiB(1), 0, "no-such", "unknown strategy" },
		{ "ok", MiB(1), 0, "", "duplicate name" },
		{ "default", MiB(1), 0, "", "\"default\" is kept" },
		{ "Bad", MiB(1), 0, "", "bad name" },
		{ "x", 0, 0, "", "size is 0" },
		{ "x", MiB(1) + 1, 0, "", "multiple of the page size" },
		{ "x", MiB(1), 0x3000, "", "not a power of two" },
		{ "x", MiB(1), 0x800, "", "not a power of two" },
		{ "x", MiB(1), MiB(2), "", "larger than the zone" },
		{ "x", MiB(64), 0, "", "does not fit" },
	};
	struct cmr_zone_plan plan[3];
	struct cmr_zone_decl zd[2];
	unsigned int i;

	zd_set(&zd[0], "ok", MiB(1), 0, "");
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		zd_set(&zd[1], bad[i].name, bad[i].size, bad[i].align,
		       bad[i].strategy);
		CHECK_EQ(cmr_zone_layout(zd, 2, PAGES(MiB(16)), &cmr_tree_ops,
					 plan), 2U);
		CHECK(!plan[0].why);
		if (!CHECK(plan[1].why && strstr(plan[1].why, bad[i].why)))
			fprintf(stderr, "  case %u: %s\n", i, plan[1].why);
		CHECK_EQ(plan[1].pages, 0UL);
		CHECK_EQ(plan[2].offset, PAGES(MiB(1)));
		CHECK_EQ(plan[2].pages, PAGES(MiB(15)));
	}
}

void zone_decl_checks(void)
{
	HOST_RUN(zone_decl_parse_check);
	HOST_RUN(zone_decl_parse_bad_check);
	HOST_RUN(zone_layout_simple_check);
	HOST_RUN(zone_layout_full_check);
	HOST_RUN(zone_layout_bad_check);
}
