// SPDX-License-Identifier: GPL-2.0
/*
 * The targets for the fast path (issue 19), checked for the
 * strategy BENCH_TARGET names (default "tree"), in instructions:
 *
 *  T1 W1: mean allocation at most 350, mean release at most 300;
 *  T2 W2 at 80% of 1 GiB: allocation at most 550, release at most 450;
 *  T3 every W1 and W2 configuration: mean allocation plus mean release
 *     at most half of CMA first fit's;
 *  T4 W3 on 1 GiB: a failing search costs at most 250; W4: the cost of
 *     successful allocations and of releases grows at most 1.3x from
 *     64 MiB to 4 GiB;
 *  T5 metadata within the documented worst case (docs/design.rst: at
 *     most (granules + 1) / 2 + 2 nodes of 48 bytes, 85 to a 4 KiB
 *     chunk: 6,200 bytes per MiB of 4 KiB pages);
 *  T6 W1 and W2: fragmentation no worse than the better of first fit
 *     (cma) and best fit (bestfit): no more failures despite enough free
 *     pages, no lower 16 MiB probe success; checked for the placement
 *     strategy BENCH_PLACEMENT names (default "nearfit").
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"

#define T1_ALLOC	350
#define T1_FREE		300
#define T2_ALLOC	550
#define T2_FREE		450
#define T3_MAX_RATIO	0.5
#define T4_FAIL_MAX	250
#define T4_MAX_GROWTH	1.3
#define T5_META_MAX	6200

struct targets {
	const struct bench_report *rep;
	struct bench_table t;
	const char *ref;
};

static void verdict(struct targets *tg, const char *what, const char *need,
		    const char *got, int ok)
{
	bench_table_add(&tg->t, "%s", what);
	bench_table_add(&tg->t, "%s", need);
	bench_table_add(&tg->t, "%s", got);
	bench_table_add(&tg->t, "%s", ok < 0 ? "n/a" : ok ? "pass" : "FAIL");
}

/* The cell of @allocator in configuration @id on @mib MiB at @fill. */
static const struct bench_cell *cell(const struct targets *tg,
				     const char *id, unsigned long mib,
				     int fill, const char *label,
				     const char *allocator)
{
	const struct bench_report *rep = tg->rep;
	size_t i;

	for (i = 0; i < rep->nr_cells; i++) {
		const struct bench_config *c = rep->cells[i].config;

		if (!strcmp(c->id, id) && c->mib == mib &&
		    (fill < 0 || (int)c->fill == fill) &&
		    (!label || !strcmp(c->label, label)) &&
		    !strcmp(rep->cells[i].allocator, allocator))
			return &rep->cells[i];
	}
	return NULL;
}

static bool counts_insns(void)
{
	return bench_counter_counts_instructions();
}

/* Mean allocation and release of one cell against two limits. */
static void mean_limits(struct targets *tg, const char *what,
			const char *need, const struct bench_cell *t,
			double amax, double fmax)
{
	char got[BENCH_CELL] = "n/a";
	int ok = -1;

	if (t && counts_insns()) {
		snprintf(got, sizeof(got), "alloc %.0f, free %.0f",
			 t->res.alloc.mean, t->res.free.mean);
		ok = t->res.alloc.mean <= amax && t->res.free.mean <= fmax;
	}
	verdict(tg, what, need, got, ok);
}

static void t1(struct targets *tg)
{
	mean_limits(tg, "T1 W1 mean cost", "alloc <= 350, free <= 300",
		    cell(tg, "W1", 256, -1, NULL, tg->rep->target),
		    T1_ALLOC, T1_FREE);
}

static void t2(struct targets *tg)
{
	mean_limits(tg, "T2 W2 80% 1G mean cost", "alloc <= 550, free <= 450",
		    cell(tg, "W2", 1024, 80, NULL, tg->rep->target),
		    T2_ALLOC, T2_FREE);
}

/* Mean allocation plus mean release. */
static double round_trip(const struct bench_result *res)
{
	return res->alloc.mean + res->free.mean;
}

static void t3(struct targets *tg)
{
	const struct bench_report *rep = tg->rep;
	char got[BENCH_CELL] = "n/a", where[BENCH_CELL] = "";
	double worst = -1;
	int ok = -1;
	size_t i;

	for (i = 0; i < rep->nr_cells; i++) {
		const struct bench_cell *t = &rep->cells[i], *r;
		double x;

		if (strcmp(t->allocator, rep->target) ||
		    (strcmp(t->config->id, "W1") && strcmp(t->config->id, "W2")))
			continue;
		r = bench_find(rep, t->config, tg->ref);
		if (!r || round_trip(&r->res) <= 0)
			continue;
		x = round_trip(&t->res) / round_trip(&r->res);
		if (x > worst) {
			worst = x;
			bench_config_name(t->config, where, sizeof(where));
		}
	}
	if (worst >= 0) {
		snprintf(got, sizeof(got), "worst %.3f (%s)", worst, where);
		ok = worst <= T3_MAX_RATIO;
	}
	verdict(tg, "T3 W1, W2 alloc+free vs cma", "<= 0.5 everywhere", got,
		ok);
}

/* Mean cost of the allocations that succeeded; -1 if none did. */
static double ok_mean(const struct bench_result *res)
{
	size_t n = res->alloc.n - res->fail.n;

	if (!n)
		return -1;
	return (res->alloc.mean * res->alloc.n -
		res->fail.mean * res->fail.n) / n;
}

/* The costliest failed search of W3's checker and aligned phases. */
static bool w3_fail_max(struct targets *tg, unsigned long long *worst)
{
	static const char *const phases[] = { "checker", "aligned" };
	bool any = false;
	unsigned int i;

	*worst = 0;
	for (i = 0; i < 2; i++) {
		const struct bench_cell *t = cell(tg, "W3", 1024, -1,
						  phases[i], tg->rep->target);

		if (!t || !t->res.fail.n)
			continue;
		any = true;
		if (t->res.fail.max > *worst)
			*worst = t->res.fail.max;
	}
	return any;
}

/*
 * Successful allocations and releases, each: at 64 MiB most requests of
 * W4 fail at the root, so the mean of all attempts would compare cheap
 * failures at 64 MiB with searches at 4 GiB.
 */
static void t4(struct targets *tg)
{
	const struct bench_cell *s = cell(tg, "W4", 64, 80, NULL,
					  tg->rep->target);
	const struct bench_cell *l = cell(tg, "W4", 4096, 80, NULL,
					  tg->rep->target);
	char got[BENCH_CELL] = "n/a";
	unsigned long long fail;
	double ga = -1, gf = -1;
	int ok = -1;

	if (s && l && ok_mean(&s->res) > 0 && s->res.free.mean > 0) {
		ga = ok_mean(&l->res) / ok_mean(&s->res);
		gf = l->res.free.mean / s->res.free.mean;
	}
	if (w3_fail_max(tg, &fail) && ga > 0 && counts_insns()) {
		snprintf(got, sizeof(got),
			 "W3 fail max %llu; W4 growth alloc %.2f, free %.2f",
			 fail, ga, gf);
		ok = fail <= T4_FAIL_MAX && ga <= T4_MAX_GROWTH &&
		     gf <= T4_MAX_GROWTH;
	}
	verdict(tg, "T4 failing search, growth",
		"W3 <= 250; 64M->4G <= 1.3x", got, ok);
}

static void t5(struct targets *tg)
{
	const struct bench_report *rep = tg->rep;
	char got[BENCH_CELL] = "n/a", where[BENCH_CELL] = "";
	double worst = -1;
	size_t i;

	for (i = 0; i < rep->nr_cells; i++) {
		const struct bench_cell *t = &rep->cells[i];
		double x;

		if (strcmp(t->allocator, rep->target))
			continue;
		x = (double)t->res.meta_bytes / t->config->mib;
		if (x > worst) {
			worst = x;
			bench_config_name(t->config, where, sizeof(where));
		}
	}
	if (worst >= 0)
		snprintf(got, sizeof(got), "worst %.0f B/MiB (%s)", worst,
			 where);
	verdict(tg, "T5 metadata", "<= 6200 B/MiB (worst case)", got,
		worst < 0 ? -1 : worst <= T5_META_MAX);
}

/* Is @t's fragmentation no worse than the better of @a and @b? */
static bool frag_ok(const struct bench_result *t, const struct bench_result *a,
		    const struct bench_result *b)
{
	unsigned long fails = a->frag_fails;
	double probe_a, probe_b, probe_t;

	if (b && b->frag_fails < fails)
		fails = b->frag_fails;
	if (t->frag_fails > fails)
		return false;
	if (!t->probes)
		return true;
	probe_t = (double)t->probes_ok / t->probes;
	probe_a = a->probes ? (double)a->probes_ok / a->probes : 0;
	probe_b = b && b->probes ? (double)b->probes_ok / b->probes : 0;
	return probe_t >= probe_a && probe_t >= probe_b;
}

static void t6(struct targets *tg)
{
	const struct bench_report *rep = tg->rep;
	char got[BENCH_CELL] = "n/a", what[BENCH_CELL];
	unsigned int n = 0, good = 0;
	int ok = -1;
	size_t i;

	for (i = 0; i < rep->nr_cells; i++) {
		const struct bench_cell *t = &rep->cells[i], *a, *b;

		if (strcmp(t->allocator, rep->placement) ||
		    (strcmp(t->config->id, "W1") && strcmp(t->config->id, "W2")))
			continue;
		a = bench_find(rep, t->config, tg->ref);
		b = bench_find(rep, t->config, "bestfit");
		if (!a || !b)
			continue;
		n++;
		good += frag_ok(&t->res, &a->res, &b->res);
	}
	if (n) {
		snprintf(got, sizeof(got), "%u of %u configurations", good, n);
		ok = good == n;
	}
	snprintf(what, sizeof(what), "T6 W1, W2 fragmentation (%s)",
		 rep->placement);
	verdict(tg, what, "frag fails <=, probes >= the better of cma, bestfit",
		got, ok);
}

/**
 * bench_targets_print() - check and print the targets
 * @rep: the results; @rep->target names the strategy checked
 * @out: where to
 * @rst: reStructuredText instead of plain text
 */
void bench_targets_print(const struct bench_report *rep, FILE *out, bool rst)
{
	struct targets tg = { .rep = rep, .ref = rep->allocators[0] };
	char title[160];

	snprintf(title, sizeof(title),
		 "Targets of the fast path, checked for \"%s\"%s",
		 rep->target,
		 rep->nr_cells &&
		 bench_find(rep, rep->cells[0].config, rep->target) ? "" :
		 " (not built: n/a)");
	bench_table_init(&tg.t, title, 4, 4);
	bench_table_add(&tg.t, "target");
	bench_table_add(&tg.t, "required");
	bench_table_add(&tg.t, "measured");
	bench_table_add(&tg.t, "result");
	t1(&tg);
	t2(&tg);
	t3(&tg);
	t4(&tg);
	t5(&tg);
	t6(&tg);
	bench_table_print(&tg.t, out, rst);
	bench_table_free(&tg.t);
}
