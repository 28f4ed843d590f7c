/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the zone-level checks (zone_checks.c, fit_checks.c,
 * window_checks.c, random_checks.c).
 *
 * Most checks hold for every strategy and run once per strategy, as
 * tools/testing/memblock runs its cases under run_top_down() and
 * run_bottom_up(): ZONE_RUN_EACH(fn) runs fn as "fn/bitmap", then as
 * "fn/bestfit", with zone_ops set to that strategy, so a failure names
 * the strategy and -t bestfit selects one.
 */
#ifndef _HOST_ZONE_TEST_H
#define _HOST_ZONE_TEST_H

#include <linux/kernel.h>

#include "../../mm/cmr.h"
#include "common.h"

/* An aligned base, and one that no alignment above a page divides. */
#define ZONE_BASE		0x40000UL
#define ZONE_ODD_BASE		0x40003UL

/* The strategy of the running check. */
extern const struct cmr_strategy_ops *zone_ops;

void zone_run(const char *name, void (*fn)(void), const char *strategy);
#define ZONE_RUN_EACH(fn)	zone_run(#fn, fn, NULL)
#define ZONE_RUN_ONLY(fn, s)	zone_run(#fn, fn, s)

bool zone_setup(struct cmr_zone *zone, unsigned long base_pfn,
		unsigned long pages, unsigned int order_per_bit);
int zone_layout(struct cmr_zone *zone, const char *map);

/* A macro, so a failure reports the caller's line. */
#define CHECK_STATS(zone, used, peak, nallocs, nreleases, nfailures)	\
do {									\
	struct cmr_stats __st;						\
									\
	cmr_zone_get_stats(zone, &__st);				\
	CHECK_EQ(__st.total_pages, (zone)->pages);			\
	CHECK_EQ(__st.used_pages, used);				\
	CHECK_EQ(__st.peak_pages, peak);				\
	CHECK_EQ(__st.allocs, nallocs);					\
	CHECK_EQ(__st.releases, nreleases);				\
	CHECK_EQ(__st.failures, nfailures);				\
} while (0)

/* The shape of the free space, and the fragmented failures. */
#define CHECK_FREE(zone, largest, extents, nfragmented)		\
do {									\
	struct cmr_stats __st;						\
									\
	cmr_zone_get_stats(zone, &__st);				\
	CHECK_EQ(__st.largest_free, largest);				\
	CHECK_EQ(__st.free_extents, extents);				\
	CHECK_EQ(__st.failures_fragmented, nfragmented);		\
} while (0)

#endif /* _HOST_ZONE_TEST_H */
