/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reference model of a cmr zone, shared by the randomized zone test
 * (random_checks.c) and the zone fuzzer (fuzz_zone.c).
 *
 * The model keeps one owner id per page and the counters the zone should
 * report, and computes from the documented rules alone -- by brute force
 * over every candidate start, not the way mm/ does it -- whether a request
 * is impossible (-EINVAL), does not fit now (-ENOMEM), or where the
 * strategy must put it:
 *
 *   first fit ("bitmap", "tree"): the lowest feasible start;
 *   best fit ("bestfit"):  among the free runs inside the window (a run
 *			    is cut at the window's ends) that hold a
 *			    feasible start, the shortest, the lowest on
 *			    ties, at its first aligned start;
 *   near fit ("nearfit"):  the same among the first MODEL_NEAR_TRIES
 *			    such runs in address order only.
 *
 * "tree" is first fit too: its index only makes the search faster.
 *
 * The model_*() operations drive a real zone and the model side by side
 * and return false on the first difference, with a description in
 * model->why; the callers decide how to report it (CHECK() or abort()).
 */
#ifndef _HOST_MODEL_H
#define _HOST_MODEL_H

#include <linux/types.h>

#include "../../mm/cmr.h"

enum model_fit {
	MODEL_FIRST_FIT,
	MODEL_BEST_FIT,
	MODEL_NEAR_FIT,
};

/* Runs "nearfit" compares (CMR_NEARFIT_TRIES in mm/cmr_tree.c). */
#define MODEL_NEAR_TRIES	12

/* Every strategy the tests know, by the name cmr_strategy_find() takes. */
struct model_strategy {
	const char *name;
	enum model_fit fit;
};

extern const struct model_strategy model_strategies[];
extern const unsigned int model_nr_strategies;

/* An allocation handed out and not yet released through the model. */
struct model_extent {
	unsigned long pfn;
	unsigned long count;	/* as requested, not rounded */
	unsigned long id;
};

/* A request as the model sees it: zone offsets, rounded count. */
struct model_req {
	unsigned long count;
	unsigned long align;
	unsigned long lo;
	unsigned long hi;
};

struct model {
	const char *name;
	enum model_fit fit;
	unsigned long base_pfn;
	unsigned long pages;
	unsigned long granule;
	unsigned int order_per_bit;
	/* Owner of each page: 0 when free, else the allocation's id. */
	unsigned long *owner;
	unsigned long next_id;
	/* Expected counters; largest_free and free_extents are computed. */
	struct cmr_stats stats;
	struct model_extent *live;
	unsigned int nr_live;
	unsigned int max_live;
	/* Scratch for the searches: pages + 1 entries each. */
	unsigned long *prefix;
	unsigned long *run_lo;
	unsigned long *run_hi;
	char why[512];
};

int model_init(struct model *m, const char *strategy, unsigned long base_pfn,
	       unsigned long pages, unsigned int order_per_bit,
	       unsigned int max_live);
void model_destroy(struct model *m);
bool model_zone_init(struct model *m, struct cmr_zone *zone);

int model_request(const struct model *m, unsigned long count,
		  unsigned int align_order, unsigned long min_pfn,
		  unsigned long end_pfn, struct model_req *req);
bool model_place(struct model *m, const struct model_req *req,
		 unsigned long *off, unsigned long *run_len);
void model_extents(const struct model *m, unsigned long *largest,
		   unsigned long *count);
unsigned long model_free_pages(const struct model *m);
void model_window(const struct model *m, unsigned int mode, unsigned long r1,
		  unsigned long r2, unsigned long *min_pfn,
		  unsigned long *end_pfn);
#define MODEL_WINDOW_MODES	11

bool model_alloc(struct model *m, struct cmr_zone *zone, unsigned long count,
		 unsigned int align_order, unsigned long min_pfn,
		 unsigned long end_pfn);
bool model_release(struct model *m, struct cmr_zone *zone, unsigned long pfn,
		   unsigned long count);
bool model_release_live(struct model *m, struct cmr_zone *zone,
			unsigned int idx, bool twice);
bool model_release_all(struct model *m, struct cmr_zone *zone);
bool model_check_stats(struct model *m, struct cmr_zone *zone);

#endif /* _HOST_MODEL_H */
