// SPDX-License-Identifier: GPL-2.0
/*
 * Reference model of a cmr zone; see model.h.  Written for obviousness:
 * bounds in 128-bit arithmetic so nothing wraps, every aligned granule
 * start of the window tried in turn, a prefix sum to tell whether the
 * pages after it are free.  O(zone size) per operation.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/errno.h>
#include <linux/kernel.h>

#include "model.h"

typedef unsigned __int128 u128;

/* *pfn before a call: a failed allocation must leave it alone. */
#define MODEL_POISON	0x5a5a5a5a5a5a5a5aUL

const struct model_strategy model_strategies[] = {
	{ "bitmap", MODEL_FIRST_FIT },
	{ "bestfit", MODEL_BEST_FIT },
	{ "tree", MODEL_FIRST_FIT },
	{ "nearfit", MODEL_NEAR_FIT },
};
const unsigned int model_nr_strategies = ARRAY_SIZE(model_strategies);

static const char *const model_fit_names[] = {
	[MODEL_FIRST_FIT] = "first fit",
	[MODEL_BEST_FIT] = "best fit",
	[MODEL_NEAR_FIT] = "near fit",
};

__attribute__((format(printf, 2, 3)))
static bool model_fail(struct model *m, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(m->why, sizeof(m->why),
		     "%s, zone pfn %#lx + %lu pages, granule %lu: ", m->name,
		     m->base_pfn, m->pages, m->granule);
	if (n < 0 || (size_t)n >= sizeof(m->why))
		return false;
	va_start(ap, fmt);
	vsnprintf(m->why + n, sizeof(m->why) - n, fmt, ap);
	va_end(ap);
	return false;
}

static u128 model_round_up(u128 x, u128 a)
{
	return (x + a - 1) / a * a;
}

static unsigned long sat_add(unsigned long a, unsigned long b)
{
	return a + b < a ? ULONG_MAX : a + b;
}

static unsigned long sat_sub(unsigned long a, unsigned long b)
{
	return a < b ? 0 : a - b;
}

/**
 * model_init() - an empty model of a zone
 * @m: the model
 * @strategy: a name from model_strategies[]
 * @base_pfn: first page frame of the zone
 * @pages: pages in the zone
 * @order_per_bit: granule order
 * @max_live: how many live extents to track for model_release_live()
 *
 * Return: 0, -EINVAL for an unknown strategy, -ENOMEM.
 */
int model_init(struct model *m, const char *strategy, unsigned long base_pfn,
	       unsigned long pages, unsigned int order_per_bit,
	       unsigned int max_live)
{
	unsigned int i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < model_nr_strategies; i++)
		if (!strcmp(model_strategies[i].name, strategy))
			break;
	if (i == model_nr_strategies)
		return -EINVAL;
	m->name = model_strategies[i].name;
	m->fit = model_strategies[i].fit;
	m->base_pfn = base_pfn;
	m->pages = pages;
	m->order_per_bit = order_per_bit;
	m->granule = 1UL << order_per_bit;
	m->max_live = max_live;
	m->stats.total_pages = pages;
	m->owner = calloc(pages, sizeof(*m->owner));
	m->prefix = calloc(pages + 1, sizeof(*m->prefix));
	m->run_lo = calloc(pages + 1, sizeof(*m->run_lo));
	m->run_hi = calloc(pages + 1, sizeof(*m->run_hi));
	m->live = calloc(max_live ? max_live : 1, sizeof(*m->live));
	if (!m->owner || !m->prefix || !m->run_lo || !m->run_hi || !m->live) {
		model_destroy(m);
		return -ENOMEM;
	}
	return 0;
}

void model_destroy(struct model *m)
{
	free(m->owner);
	free(m->prefix);
	free(m->run_lo);
	free(m->run_hi);
	free(m->live);
	m->owner = NULL;
	m->prefix = NULL;
	m->run_lo = NULL;
	m->run_hi = NULL;
	m->live = NULL;
}

/* cmr_zone_init() of the zone the model describes, with its strategy. */
bool model_zone_init(struct model *m, struct cmr_zone *zone)
{
	const struct cmr_strategy_ops *ops = cmr_strategy_find(m->name);
	int ret;

	if (!ops)
		return model_fail(m, "cmr_strategy_find(\"%s\") is NULL",
				  m->name);
	if (strcmp(ops->name, m->name))
		return model_fail(m, "cmr_strategy_find(\"%s\") gave \"%s\"",
				  m->name, ops->name);
	ret = cmr_zone_init(zone, "model", m->base_pfn, m->pages, ops,
			    m->order_per_bit);
	if (ret)
		return model_fail(m, "cmr_zone_init() returned %d", ret);
	return true;
}

/**
 * model_request() - what the zone must make of a request
 * @m: the model
 * @count: pages asked for
 * @align_order: alignment of the first page frame
 * @min_pfn: lowest acceptable first page frame
 * @end_pfn: end of the window, exclusive; 0 for none
 * @req: the request in zone offsets, when it is possible at all
 *
 * The window is cut to the zone, then to whole granules (start rounded
 * up, end rounded down).
 *
 * Return: 0, or -EINVAL when no placement could ever satisfy the request:
 * no pages, more than the zone, an alignment beyond the zone, an empty
 * window (after the cuts), or no aligned start with room in the window.
 */
int model_request(const struct model *m, unsigned long count,
		  unsigned int align_order, unsigned long min_pfn,
		  unsigned long end_pfn, struct model_req *req)
{
	u128 zone_lo = m->base_pfn, zone_hi = zone_lo + m->pages;
	u128 lo, hi, first, align, rounded;

	if (!count || count > m->pages)
		return -EINVAL;
	if (align_order >= 64)
		return -EINVAL;
	align = (u128)1 << align_order;
	if (align > m->pages)
		return -EINVAL;
	rounded = model_round_up(count, m->granule);

	lo = max((u128)min_pfn, zone_lo);
	hi = end_pfn ? min((u128)end_pfn, zone_hi) : zone_hi;
	lo = model_round_up(lo, m->granule);
	hi = hi / m->granule * m->granule;
	if (lo >= hi || hi - lo < rounded)
		return -EINVAL;
	first = model_round_up(lo, align);
	if (first + rounded > hi)
		return -EINVAL;

	req->count = rounded;
	req->align = align;
	req->lo = lo - zone_lo;
	req->hi = hi - zone_lo;
	return 0;
}

/**
 * model_place() - where the model's strategy puts a possible request
 * @m: the model
 * @req: from model_request()
 * @off: the start, a zone offset
 * @run_len: pages in the free run, cut to the window, holding it
 *
 * Also leaves the run bounds of every free page of the window in
 * @m->run_lo and @m->run_hi, for messages.
 *
 * Return: false when no start fits now.
 */
bool model_place(struct model *m, const struct model_req *req,
		 unsigned long *off, unsigned long *run_len)
{
	unsigned long i, o, len, best = ULONG_MAX, best_len = ULONG_MAX;
	unsigned long runs = 0, last_run = ULONG_MAX;

	m->prefix[0] = 0;
	for (i = 0; i < m->pages; i++)
		m->prefix[i + 1] = m->prefix[i] + !!m->owner[i];
	/* The free run around each free page, cut to [lo, hi). */
	for (i = req->lo; i < req->hi; i++)
		m->run_lo[i] = i > req->lo && !m->owner[i - 1] ?
			       m->run_lo[i - 1] : i;
	for (i = req->hi; i-- > req->lo; )
		m->run_hi[i] = i + 1 < req->hi && !m->owner[i + 1] ?
			       m->run_hi[i + 1] : i + 1;
	for (o = req->lo; o + req->count <= req->hi; o += m->granule) {
		if ((m->base_pfn + o) & (req->align - 1))
			continue;
		if (m->prefix[o + req->count] != m->prefix[o])
			continue;
		len = m->run_hi[o] - m->run_lo[o];
		/* A run's first feasible start is the one it offers. */
		if (m->run_lo[o] == last_run)
			continue;
		last_run = m->run_lo[o];
		if (m->fit == MODEL_NEAR_FIT && runs++ == MODEL_NEAR_TRIES)
			break;
		if (m->fit == MODEL_FIRST_FIT) {
			best = o;
			best_len = len;
			break;
		}
		/* Ascending, strict: the lowest start of the lowest run. */
		if (len < best_len) {
			best = o;
			best_len = len;
		}
	}
	if (best == ULONG_MAX)
		return false;
	*off = best;
	if (run_len)
		*run_len = best_len;
	return true;
}

/* The largest free run and the number of free runs, in the whole zone. */
void model_extents(const struct model *m, unsigned long *largest,
		   unsigned long *count)
{
	unsigned long i, run = 0;

	*largest = 0;
	*count = 0;
	for (i = 0; i < m->pages; i++) {
		if (m->owner[i]) {
			run = 0;
			continue;
		}
		if (!run++)
			(*count)++;
		*largest = max(*largest, run);
	}
}

unsigned long model_free_pages(const struct model *m)
{
	unsigned long i, n = 0;

	for (i = 0; i < m->pages; i++)
		n += !m->owner[i];
	return n;
}

/**
 * model_window() - a window around the zone from two random numbers
 * @m: the model
 * @mode: which kind, modulo MODEL_WINDOW_MODES
 * @r1: random
 * @r2: random
 * @min_pfn: lowest first page frame
 * @end_pfn: exclusive end, 0 for none
 *
 * No window, windows inside the zone, across either end, wholly below or
 * above it, inverted, a few granules with ends off the granule, and
 * anything at all.
 */
void model_window(const struct model *m, unsigned int mode, unsigned long r1,
		  unsigned long r2, unsigned long *min_pfn,
		  unsigned long *end_pfn)
{
	unsigned long base = m->base_pfn, end = base + m->pages, a;

	switch (mode % MODEL_WINDOW_MODES) {
	case 0:		/* none */
		*min_pfn = 0;
		*end_pfn = 0;
		break;
	case 1:		/* inside the zone, not empty */
		a = r1 % m->pages;
		*min_pfn = base + a;
		*end_pfn = base + a + 1 + r2 % (m->pages - a);
		break;
	case 2:		/* a lower bound only */
		*min_pfn = base + r1 % (m->pages + 1);
		*end_pfn = 0;
		break;
	case 3:		/* an upper bound only */
		*min_pfn = 0;
		*end_pfn = base + 1 + r1 % m->pages;
		break;
	case 4:		/* across the start of the zone */
		*min_pfn = sat_sub(base, 1 + r1 % 64);
		*end_pfn = base + 1 + r2 % m->pages;
		break;
	case 5:		/* across the end of the zone */
		*min_pfn = base + r1 % m->pages;
		*end_pfn = sat_add(end, 1 + r2 % 64);
		break;
	case 6:		/* wholly below the zone (but 0 is "no end") */
		*end_pfn = sat_sub(base, r1 % 64);
		*min_pfn = sat_sub(*end_pfn, r2 % 64);
		break;
	case 7:		/* wholly above the zone */
		*min_pfn = sat_add(end, r1 % 64);
		*end_pfn = r2 & 1 ? 0 : sat_add(*min_pfn, r2 % 64);
		break;
	case 8:		/* inverted or empty, inside the zone */
		*end_pfn = base + r1 % m->pages;
		*min_pfn = *end_pfn + r2 % (end - *end_pfn);
		break;
	case 9:		/* a few granules, ends off the granule */
		*min_pfn = base + r1 % m->pages;
		*end_pfn = sat_add(*min_pfn, r2 % (4 * m->granule + 1));
		break;
	default:	/* anything */
		*min_pfn = r1;
		*end_pfn = r2;
		break;
	}
}

/**
 * model_alloc() - cmr_zone_alloc() on the zone and the model
 * @m: the model
 * @zone: the zone
 * @count: pages
 * @align_order: alignment order
 * @min_pfn: window start
 * @end_pfn: window end, 0 for none
 *
 * Checks the return value (0, -EINVAL or -ENOMEM, as the model says), an
 * untouched *pfn on failure, and for a success: inside the zone and the
 * window, on a granule, aligned, over free pages only, and exactly the
 * start the strategy's rule picks.  Tracks the new extent as live when
 * there is room.
 *
 * Return: true when the zone agreed with the model.
 */
/*
 * Is @pfn, which the zone gave for @req, inside zone and window, free,
 * aligned, and where the model places it (@want, in a run of @want_len)?
 * @call describes the request for the message.
 */
static bool model_check_place(struct model *m, const struct model_req *req,
			      unsigned long min_pfn, unsigned long end_pfn,
			      unsigned long pfn, unsigned long want,
			      unsigned long want_len, const char *call)
{
	unsigned long off = pfn - m->base_pfn, i;

	if (pfn < m->base_pfn || off >= m->pages ||
	    req->count > m->pages - off)
		return model_fail(m, "%spfn %#lx + %lu is outside the zone",
				  call, pfn, req->count);
	if (pfn < min_pfn || (end_pfn && (u128)pfn + req->count > end_pfn))
		return model_fail(m, "%spfn %#lx + %lu is outside the window",
				  call, pfn, req->count);
	if (off & (m->granule - 1))
		return model_fail(m, "%spfn %#lx is not on a granule", call, pfn);
	if (pfn & (req->align - 1))
		return model_fail(m, "%spfn %#lx is not aligned", call, pfn);
	for (i = 0; i < req->count; i++)
		if (m->owner[off + i])
			return model_fail(m, "%spfn %#lx + %lu overlaps allocation #%lu at pfn %#lx",
					  call, pfn, req->count,
					  m->owner[off + i],
					  m->base_pfn + off + i);
	if (off == want)
		return true;
	if (m->fit == MODEL_FIRST_FIT)
		return model_fail(m, "%s%s gave pfn %#lx, the lowest feasible start is %#lx",
				  call, model_fit_names[m->fit], pfn,
				  m->base_pfn + want);
	/* off is free and inside the window: its run is known. */
	return model_fail(m, "%s%s gave pfn %#lx in a free run of %lu pages at %#lx; expected pfn %#lx in a run of %lu pages at %#lx",
			  call, model_fit_names[m->fit], pfn,
			  m->run_hi[off] - m->run_lo[off],
			  m->base_pfn + m->run_lo[off], m->base_pfn + want,
			  want_len, m->base_pfn + m->run_lo[want]);
}

bool model_alloc(struct model *m, struct cmr_zone *zone, unsigned long count,
		 unsigned int align_order, unsigned long min_pfn,
		 unsigned long end_pfn)
{
	struct model_req req = { };
	unsigned long pfn = MODEL_POISON, off, want = 0, want_len = 0, i, id;
	char call[96];
	int want_ret, ret;

	want_ret = model_request(m, count, align_order, min_pfn, end_pfn,
				 &req);
	if (!want_ret && !model_place(m, &req, &want, &want_len))
		want_ret = -ENOMEM;
	ret = cmr_zone_alloc(zone, count, align_order, min_pfn,
				   end_pfn, &pfn);
	snprintf(call, sizeof(call),
		 "alloc %lu pages, order %u, window [%#lx, %#lx): ", count,
		 align_order, min_pfn, end_pfn);
	if (ret != want_ret) {
		if (want_ret)
			return model_fail(m, "%sreturned %d (pfn %#lx), expected %d",
					  call, ret, pfn, want_ret);
		return model_fail(m, "%sreturned %d, expected 0 (pfn %#lx)",
				  call, ret, m->base_pfn + want);
	}
	if (ret) {
		if (pfn != MODEL_POISON)
			return model_fail(m, "%sreturned %d but wrote pfn %#lx",
					  call, ret, pfn);
		m->stats.failures++;
		if (ret == -ENOMEM && model_free_pages(m) >= req.count)
			m->stats.failures_fragmented++;
		return true;
	}
	if (!model_check_place(m, &req, min_pfn, end_pfn, pfn, want, want_len,
			       call))
		return false;

	off = pfn - m->base_pfn;
	id = ++m->next_id;
	for (i = 0; i < req.count; i++)
		m->owner[off + i] = id;
	m->stats.allocs++;
	m->stats.used_pages += req.count;
	m->stats.peak_pages = max(m->stats.peak_pages, m->stats.used_pages);
	if (m->nr_live < m->max_live) {
		m->live[m->nr_live].pfn = pfn;
		m->live[m->nr_live].count = count;
		m->live[m->nr_live].id = id;
		m->nr_live++;
	}
	return true;
}

/**
 * model_release() - cmr_zone_release() of any range on the zone and model
 * @m: the model
 * @zone: the zone
 * @pfn: first page frame
 * @count: pages
 *
 * The zone must accept the range exactly when it lies in the zone, starts
 * on a granule and every page of it (rounded up to whole granules) is
 * allocated -- the pages need not be one allocation -- and then free it.
 *
 * Return: true when the zone agreed with the model.
 */
bool model_release(struct model *m, struct cmr_zone *zone, unsigned long pfn,
		   unsigned long count)
{
	unsigned long off = pfn - m->base_pfn, rounded = 0, i;
	int want = -EINVAL, ret;

	if (count && pfn >= m->base_pfn && off < m->pages &&
	    !(off & (m->granule - 1)) && count <= m->pages - off) {
		rounded = model_round_up(count, m->granule);
		for (i = 0; i < rounded && m->owner[off + i]; i++)
			;
		if (i == rounded)
			want = 0;
	}
	ret = cmr_zone_release(zone, pfn, count);
	if (ret != want)
		return model_fail(m, "release pfn %#lx, %lu pages: returned %d, expected %d",
				  pfn, count, ret, want);
	if (!ret) {
		for (i = 0; i < rounded; i++)
			m->owner[off + i] = 0;
		m->stats.releases++;
		m->stats.used_pages -= rounded;
	}
	return true;
}

/**
 * model_release_live() - release a live extent, perhaps twice
 * @m: the model
 * @zone: the zone
 * @idx: index in @m->live; the extent leaves the list
 * @twice: release it a second time, which must be refused
 *
 * An extent whose pages are all still its own must be accepted.
 */
bool model_release_live(struct model *m, struct cmr_zone *zone,
			unsigned int idx, bool twice)
{
	struct model_extent e = m->live[idx];
	unsigned long off = e.pfn - m->base_pfn, i;
	unsigned long rounded = model_round_up(e.count, m->granule);
	bool intact = true;

	m->live[idx] = m->live[--m->nr_live];
	for (i = 0; i < rounded; i++)
		intact &= m->owner[off + i] == e.id;
	if (!model_release(m, zone, e.pfn, e.count))
		return false;
	if (intact && m->owner[off])
		return model_fail(m, "release of allocation #%lu refused",
				  e.id);
	if (!twice)
		return true;
	/* Now free (or never wholly this extent's): refused. */
	return model_release(m, zone, e.pfn, e.count);
}

/* Release every live extent, newest first, and check the zone is empty. */
bool model_release_all(struct model *m, struct cmr_zone *zone)
{
	while (m->nr_live)
		if (!model_release_live(m, zone, m->nr_live - 1, false))
			return false;
	return model_check_stats(m, zone);
}

/**
 * model_check_stats() - cmr_zone_get_stats() against the model
 * @m: the model
 * @zone: the zone
 *
 * Every field, largest_free and free_extents included, and
 * cmr_stats_fragmentation() of the result.
 */
bool model_check_stats(struct model *m, struct cmr_zone *zone)
{
	struct cmr_stats got, want = m->stats;
	unsigned long free = model_free_pages(m);
	unsigned int frag;

	model_extents(m, &want.largest_free, &want.free_extents);
	cmr_zone_get_stats(zone, &got);

#define STATS_FIELD(f)							\
	do {								\
		if (got.f != want.f)					\
			return model_fail(m,				\
					  "stats." #f " is %lu, expected %lu", \
					  got.f, want.f);		\
	} while (0)
	STATS_FIELD(total_pages);
	STATS_FIELD(used_pages);
	STATS_FIELD(peak_pages);
	STATS_FIELD(largest_free);
	STATS_FIELD(free_extents);
	STATS_FIELD(allocs);
	STATS_FIELD(releases);
	STATS_FIELD(failures);
	STATS_FIELD(failures_fragmented);
#undef STATS_FIELD

	if (free != m->pages - m->stats.used_pages)
		return model_fail(m, "model: %lu free pages, %lu used",
				  free, m->stats.used_pages);
	frag = free ? 1000 - (unsigned int)((u128)want.largest_free * 1000 /
					     free) : 0;
	if (cmr_stats_fragmentation(&got) != frag)
		return model_fail(m,
				  "cmr_stats_fragmentation() is %u, expected %u",
				  cmr_stats_fragmentation(&got), frag);
	return true;
}
