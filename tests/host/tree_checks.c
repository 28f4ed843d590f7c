// SPDX-License-Identifier: GPL-2.0
/*
 * What only the "tree" strategy has: an index by aligned run length, nodes
 * that grow in chunks as buffers are added, and alignments beyond the
 * indexed orders.  Placement itself is first fit, checked for every
 * strategy by ZONE_RUN_EACH() and the model.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#include "zone_test.h"

/* One misaligned tight run: 1 used, 3 free ([8k+1, 8k+4)), 4 used. */
#define TREE_MISS	"A...AAAA"

/*
 *   0       8       16          56      64
 *   |A...AAAA|A...AAAA|  ...   |...AAAAA|........
 *     runs of 3 with no start aligned to 4 holding 2 pages
 *                               ^ a run of 3 that fits at 56
 *
 * Expect 2 pages aligned to 4 pages at 56, the first fit, however many
 * misaligned tight runs come before it, and in a zone whose base is
 * misaligned the same answer shifted.
 */
static void tree_tight_check(void)
{
	char map[129];
	struct cmr_zone zone;
	unsigned long pfn;
	unsigned int i;

	for (i = 0; i < 7; i++)
		memcpy(map + 8 * i, TREE_MISS, 8);
	strcpy(map + 56, "...AAAAA");
	memset(map + 64, '.', 64);
	map[128] = 0;
	if (!zone_setup(&zone, ZONE_BASE, 128, 0))
		return;
	if (zone_layout(&zone, map) > 0 &&
	    CHECK_EQ(cmr_zone_alloc(&zone, 2, 2, 0, 0, &pfn), 0))
		CHECK_EQ(pfn - ZONE_BASE, 56UL);
	cmr_zone_destroy(&zone);

	/* Base one page past a multiple of 4: [8k+1, 8k+4) is aligned. */
	if (!zone_setup(&zone, ZONE_BASE + 3, 128, 0))
		return;
	if (zone_layout(&zone, map) > 0 &&
	    CHECK_EQ(cmr_zone_alloc(&zone, 2, 2, 0, 0, &pfn), 0))
		CHECK_EQ(pfn - ZONE_BASE - 3, 1UL);
	cmr_zone_destroy(&zone);
}

/*
 * 4095 pages allocated one by one, then every even page freed: 2048 free
 * extents of one page, (4095 + 1) / 2, the most the zone can have.
 * Expect the nodes to grow as buffers are added, every release to
 * succeed, 2 pages to fail as fragmented, a page to fit in the first
 * hole, and the zone to become one extent again once all is released.
 */
static void tree_checkerboard_check(void)
{
	const unsigned long pages = 4095;
	struct cmr_zone zone;
	unsigned long i, pfn;

	if (!zone_setup(&zone, ZONE_BASE, pages, 0))
		return;
	for (i = 0; i < pages; i++)
		if (!CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, 0, 0, &pfn), 0) ||
		    !CHECK_EQ(pfn, ZONE_BASE + i))
			goto out;
	for (i = 0; i < pages; i += 2)
		CHECK_EQ(cmr_zone_release(&zone, ZONE_BASE + i, 1), 0);
	CHECK_FREE(&zone, 1, 2048, 0);
	CHECK_EQ(cmr_zone_alloc(&zone, 2, 0, 0, 0, &pfn), -ENOMEM);
	CHECK_FREE(&zone, 1, 2048, 1);
	CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, 0, 0, &pfn), 0);
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
 * Every free extent 2 pages long at an odd page (pages 4k+1 and 4k+2
 * free).  Expect 2 pages aligned to 2 to fail, 1 page aligned to 2 to
 * land at page 2, and 2 unaligned pages at page 1.
 */
static void tree_odd_pairs_check(void)
{
	const unsigned long pages = 4096;
	struct cmr_zone zone;
	unsigned long i, pfn;

	if (!zone_setup(&zone, ZONE_BASE, pages, 0))
		return;
	if (!CHECK_EQ(cmr_zone_alloc(&zone, pages, 0, 0, 0, &pfn), 0))
		goto out;
	for (i = 0; i < pages; i += 4)
		CHECK_EQ(cmr_zone_release(&zone, ZONE_BASE + i + 1, 2), 0);
	CHECK_EQ(cmr_zone_alloc(&zone, 2, 1, 0, 0, &pfn), -ENOMEM);
	CHECK_EQ(cmr_zone_alloc(&zone, 1, 1, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 2);
	CHECK_EQ(cmr_zone_alloc(&zone, 2, 0, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 5);
out:
	cmr_zone_destroy(&zone);
}

/*
 * Alignments above the indexed orders (512 pages and more here): tight
 * runs of 1100 pages, misaligned at 1024 but not at 512, then one that
 * holds 1024 pages at a multiple of 1024.  Expect that one, then nothing.
 */
static void tree_big_align_check(void)
{
	const unsigned long pages = 16384;
	struct cmr_zone zone;
	unsigned long i, pfn;

	if (!zone_setup(&zone, ZONE_BASE, pages, 0))
		return;
	if (!CHECK_EQ(cmr_zone_alloc(&zone, pages, 0, 0, 0, &pfn), 0))
		goto out;
	/* [2048k + 512, 2048k + 1612): no start aligned to 1024 fits. */
	for (i = 0; i < 6; i++)
		CHECK_EQ(cmr_zone_release(&zone, ZONE_BASE + 2048 * i + 512,
					  1100), 0);
	CHECK_EQ(cmr_zone_release(&zone, ZONE_BASE + 13312, 1024), 0);
	CHECK_EQ(cmr_zone_alloc(&zone, 1024, 10, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 13312);
	CHECK_EQ(cmr_zone_alloc(&zone, 1024, 10, 0, 0, &pfn), -ENOMEM);
	/* At 512 the first tight run fits. */
	CHECK_EQ(cmr_zone_alloc(&zone, 1024, 9, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 512);
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
		if (!CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, 0, 0, &pfn), 0))
			goto out;
	for (i = 0; i < pages - 1024; i += 2)
		CHECK_EQ(cmr_zone_release(&zone, ZONE_BASE + i, 1), 0);
	for (i = pages - 1024; i < pages; i++)
		CHECK_EQ(cmr_zone_release(&zone, ZONE_BASE + i, 1), 0);
	CHECK_FREE(&zone, 1024, (pages - 1024) / 2 + 1, 0);
	CHECK_EQ(cmr_zone_alloc(&zone, 1024, 10, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + pages - 1024);
	CHECK_EQ(cmr_zone_alloc(&zone, 2, 1, 0, 0, &pfn), -ENOMEM);
out:
	cmr_zone_destroy(&zone);
}

/*
 * Nodes grow in chunks, allocated by the zone outside its lock; make that
 * allocation fail.  Expect one-page buffers to be handed out from page 0
 * until the first chunk runs short, that allocation to fail with -ENOMEM
 * as a failure but not as fragmentation, the next one to go on at the
 * next page, and every page to come back as one extent.
 */
static void tree_meta_fail_check(void)
{
	const unsigned long pages = 1024;
	struct cmr_zone zone;
	struct cmr_stats st;
	unsigned long n, i, pfn;
	int ret = 0;

	if (!zone_setup(&zone, ZONE_BASE, pages, 0))
		return;
	host_fail_alloc(0);
	for (n = 0; n < pages; n++) {
		ret = cmr_zone_alloc(&zone, 1, 0, 0, 0, &pfn);
		if (ret || !CHECK_EQ(pfn, ZONE_BASE + n))
			break;
	}
	host_fail_alloc(-1);
	CHECK_EQ(ret, -ENOMEM);
	CHECK(n > 1 && n < pages);
	cmr_zone_get_stats(&zone, &st);
	CHECK_EQ(st.failures, 1UL);
	CHECK_EQ(st.failures_fragmented, 0UL);
	CHECK_EQ(st.used_pages, n);
	CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + n);
	for (i = 0; i <= n; i++)
		CHECK_EQ(cmr_zone_release(&zone, ZONE_BASE + i, 1), 0);
	CHECK_FREE(&zone, pages, 1, 0);
	cmr_zone_destroy(&zone);
}

/*
 * An allocation shrinks the one free extent [0, 64) to [8, 64) and leaves
 * the root's bound at 64.  Expect the statistics to say 56 all the same,
 * a 60-page request to follow the stale bound and still fail (not
 * fragmented: only 56 pages are free), and the 56 pages to be found at 8.
 * Then, with [8, 12) and [40, 64) free after more shrinking, expect
 * 20 pages aligned to 4 at 44, the first fit, and 4 pages at 8.
 */
static void tree_stale_check(void)
{
	struct cmr_zone zone;
	unsigned long pfn;

	if (!zone_setup(&zone, ZONE_BASE, 64, 0))
		return;
	CHECK_EQ(cmr_zone_alloc(&zone, 8, 0, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE);
	CHECK_FREE(&zone, 56, 1, 0);
	CHECK_EQ(cmr_zone_alloc(&zone, 60, 0, 0, 0, &pfn), -ENOMEM);
	CHECK_FREE(&zone, 56, 1, 0);
	CHECK_EQ(cmr_zone_alloc(&zone, 56, 0, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 8);
	CHECK_EQ(cmr_zone_release(&zone, ZONE_BASE + 8, 4), 0);
	CHECK_EQ(cmr_zone_release(&zone, ZONE_BASE + 40, 24), 0);
	CHECK_EQ(cmr_zone_alloc(&zone, 2, 0, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 8);
	CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 10);
	CHECK_EQ(cmr_zone_alloc(&zone, 1, 0, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 11);
	CHECK_EQ(cmr_zone_alloc(&zone, 3, 0, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 40);
	CHECK_EQ(cmr_zone_alloc(&zone, 22, 0, 0, 0, &pfn), -ENOMEM);
	CHECK_EQ(cmr_zone_alloc(&zone, 20, 2, 0, 0, &pfn), 0);
	CHECK_EQ(pfn, ZONE_BASE + 44);
	CHECK_FREE(&zone, 1, 1, 0);
	cmr_zone_destroy(&zone);
}

/*
 * Fourteen free runs after one used page each: 10 pages, but the 5th of
 * 6 and the 13th of 4.  Expect 4 pages in the 5th run from "nearfit" (the
 * shortest of the first 12 that fit, where first fit takes the 1st and
 * best fit the 13th), and then, that run being 2 pages, 2 pages there.
 */
static void tree_nearfit_check(void)
{
	unsigned long pfn, fifth = 0, n = 0;
	char map[256];
	struct cmr_zone zone;
	unsigned int i, len;

	for (i = 1; i <= 14; i++) {
		len = i == 5 ? 6 : i == 13 ? 4 : 10;
		map[n++] = 'A';
		if (i == 5)
			fifth = n;
		memset(map + n, '.', len);
		n += len;
	}
	map[n] = 0;
	if (!zone_setup(&zone, ZONE_BASE, strlen(map), 0))
		return;
	if (zone_layout(&zone, map) > 0) {
		CHECK_EQ(cmr_zone_alloc(&zone, 4, 0, 0, 0, &pfn), 0);
		CHECK_EQ(pfn - ZONE_BASE, fifth);
		CHECK_EQ(cmr_zone_alloc(&zone, 2, 0, 0, 0, &pfn), 0);
		CHECK_EQ(pfn - ZONE_BASE, fifth + 4);
	}
	cmr_zone_destroy(&zone);
}

void tree_checks(void)
{
	ZONE_RUN_ONLY(tree_tight_check, "tree");
	ZONE_RUN_ONLY(tree_checkerboard_check, "tree");
	ZONE_RUN_ONLY(tree_odd_pairs_check, "tree");
	ZONE_RUN_ONLY(tree_big_align_check, "tree");
	ZONE_RUN_ONLY(tree_tail_check, "tree");
	ZONE_RUN_ONLY(tree_meta_fail_check, "tree");
	ZONE_RUN_ONLY(tree_stale_check, "tree");
	ZONE_RUN_ONLY(tree_nearfit_check, "nearfit");
}
