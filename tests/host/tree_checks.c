// SPDX-License-Identifier: GPL-2.0
/*
 * What only the "tree" strategy does: give up on misaligned tight runs
 * after a few tries, and fill its node array exactly at the worst case.
 * Everything else it shares with the other strategies and is checked by
 * ZONE_RUN_EACH() and the model.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/errno.h>
#include <linux/kernel.h>

#include "zone_test.h"

/* One misaligned tight run: 1 used, 3 free ([8k+1, 8k+4)), 4 used. */
#define TREE_MISS	"A...AAAA"
#define TREE_NO_MISS	"AAAAAAAA"

/*
 *   0       8       16      24      32      40                      64
 *   |A...AAAA|A...AAAA|A...AAAA|A...AAAA|...AAAAA|........................|
 *     misses: runs of 3 with no start aligned to 4 holding 2 pages
 *                                        ^ a run of 3 that fits at 32
 *
 * Expect 2 pages aligned to 4 pages at 40 after four misses (the tight
 * run at 32 is no longer looked at), and at 32, as first fit, after three.
 */
static void tree_tight_check(void)
{
	static const char *const maps[] = {
		TREE_MISS TREE_MISS TREE_MISS TREE_MISS "...AAAAA",
		TREE_NO_MISS TREE_MISS TREE_MISS TREE_MISS "...AAAAA",
	};
	static const unsigned long want[] = { 40, 32 };
	struct cmr_zone zone;
	unsigned long pfn;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(maps); i++) {
		if (!zone_setup(&zone, ZONE_BASE, 64, 0))
			return;
		if (zone_layout(&zone, maps[i]) > 0 &&
		    CHECK_EQ(cmr_zone_alloc(&zone, 2, 2, &pfn), 0))
			CHECK_EQ(pfn - ZONE_BASE, want[i]);
		cmr_zone_destroy(&zone);
	}
}

/*
 * 4095 pages allocated one by one, then every even page freed: 2048 free
 * extents of one page, (4095 + 1) / 2, as many as the tree has nodes.
 * Expect every release to succeed, 2 pages to fail as fragmented, a page
 * to fit in the first hole, and the zone to become one extent again once
 * all is released.
 */
static void tree_checkerboard_check(void)
{
	const unsigned long pages = 4095;
	struct cmr_zone zone;
	unsigned long i, pfn;

	if (!zone_setup(&zone, ZONE_BASE, pages, 0))
		return;
	for (i = 0; i < pages; i++)
		if (!CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, &pfn), 0) ||
		    !CHECK_EQ(pfn, ZONE_BASE + i))
			goto out;
	for (i = 0; i < pages; i += 2)
		CHECK_EQ(cmr_zone_release(&zone, ZONE_BASE + i, 1), 0);
	CHECK_FREE(&zone, 1, 2048, 0);
	CHECK_EQ(cmr_zone_alloc(&zone, 2, 0, &pfn), -ENOMEM);
	CHECK_FREE(&zone, 1, 2048, 1);
	CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE);
	CHECK_FREE(&zone, 1, 2047, 1);
	CHECK_EQ(cmr_zone_release(&zone, ZONE_BASE, 1), 0);
	for (i = 1; i < pages; i += 2)
		CHECK_EQ(cmr_zone_release(&zone, ZONE_BASE + i, 1), 0);
	CHECK_FREE(&zone, pages, 1, 1);
out:
	cmr_zone_destroy(&zone);
}

/*
 * The checkerboard again, with its last 1024 pages freed in one piece.
 * Expect 1024 pages, aligned to 1024, only there, and then nothing.
 */
static void tree_tail_check(void)
{
	const unsigned long pages = 8192;
	struct cmr_zone zone;
	unsigned long i, pfn;

	if (!zone_setup(&zone, ZONE_BASE, pages, 0))
		return;
	for (i = 0; i < pages; i++)
		if (!CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, &pfn), 0))
			goto out;
	for (i = 0; i < pages - 1024; i += 2)
		CHECK_EQ(cmr_zone_release(&zone, ZONE_BASE + i, 1), 0);
	for (i = pages - 1024; i < pages; i++)
		CHECK_EQ(cmr_zone_release(&zone, ZONE_BASE + i, 1), 0);
	CHECK_FREE(&zone, 1024, (pages - 1024) / 2 + 1, 0);
	CHECK_EQ(cmr_zone_alloc(&zone, 1024, 10, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + pages - 1024);
	CHECK_EQ(cmr_zone_alloc(&zone, 2, 1, &pfn), -ENOMEM);
out:
	cmr_zone_destroy(&zone);
}

void tree_checks(void)
{
	ZONE_RUN_ONLY(tree_tight_check, "tree");
	ZONE_RUN_ONLY(tree_checkerboard_check, "tree");
	ZONE_RUN_ONLY(tree_tail_check, "tree");
}
