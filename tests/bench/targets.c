// SPDX-License-Identifier: GPL-2.0
/*
 * The targets for the fast default strategy, checked for the
 * strategy BENCH_TARGET names (default "tree"):
 *
 *  T1 W1: mean allocation cost at most 1/6 of CMA first fit's;
 *  T2 W2 on 1 GiB: at most 1/20 of it, at every fill;
 *  T3 W3 on 1 GiB: a failing search costs at most 2,000 instructions;
 *  T4 W4: cost grows at most 1.5x from 64 MiB to 4 GiB (means of the
 *     successful allocations, and of the releases);
 *  T5 W1, W2, W4: fragmentation no worse than the better of first fit
 *     (cma) and best fit (bestfit): no more failures despite enough free
 *     pages, no lower 16 MiB probe success.
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"

#define T1_MAX_RATIO	(1.0 / 6)
#define T2_MAX_RATIO	(1.0 / 20)
#define T3_MAX_INSNS	2000
#define T4_MAX_GROWTH	1.5

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

static void t1(struct targets *tg)
{
	const struct bench_cell *t = cell(tg, "W1", 256, -1, NULL,
					  tg->rep->target);
	const struct bench_cell *r = cell(tg, "W1", 256, -1, NULL, tg->ref);
	char got[BENCH_CELL] = "n/a";
	int ok = -1;

	if (t && r && r->res.alloc.mean > 0) {
		double x = t->res.alloc.mean / r->res.alloc.mean;

		snprintf(got, sizeof(got), "%.3f (%.0f vs %.0f)", x,
			 t->res.alloc.mean, r->res.alloc.mean);
		ok = x <= T1_MAX_RATIO;
	}
	verdict(tg, "T1 W1 alloc mean vs cma", "<= 1/6 (0.167)", got, ok);
}

static void t2(struct targets *tg)
{
	static const int fills[] = { 60, 80, 90 };
	char got[BENCH_CELL] = "n/a";
	double worst = -1;
	int ok = -1, worst_fill = 0;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		const struct bench_cell *t = cell(tg, "W2", 1024, fills[i],
						  NULL, tg->rep->target);
		const struct bench_cell *r = cell(tg, "W2", 1024, fills[i],
						  NULL, tg->ref);
		double x;

		if (!t || !r || r->res.alloc.mean <= 0)
			continue;
		x = t->res.alloc.mean / r->res.alloc.mean;
		if (x > worst) {
			worst = x;
			worst_fill = fills[i];
		}
	}
	if (worst >= 0) {
		snprintf(got, sizeof(got), "worst %.4f (at %d%%)", worst,
			 worst_fill);
		ok = worst <= T2_MAX_RATIO;
	}
	verdict(tg, "T2 W2 1G alloc mean vs cma", "<= 1/20 (0.05)", got, ok);
}

static void t3(struct targets *tg)
{
	static const char *const phases[] = { "checker", "aligned" };
	char got[BENCH_CELL] = "n/a";
	unsigned long long worst = 0;
	bool any = false;
	int ok = -1;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		const struct bench_cell *t = cell(tg, "W3", 1024, -1,
						  phases[i], tg->rep->target);

		if (!t || !t->res.fail.n)
			continue;
		any = true;
		if (t->res.fail.max > worst)
			worst = t->res.fail.max;
	}
	if (any && bench_counter_counts_instructions()) {
		snprintf(got, sizeof(got), "max %llu", worst);
		ok = worst <= T3_MAX_INSNS;
	} else if (any) {
		snprintf(got, sizeof(got), "n/a (counter in ns)");
	}
	verdict(tg, "T3 W3 1G failing search", "<= 2000 instructions", got,
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

/*
 * Successful allocations and releases, each: at 64 MiB most requests of
 * W4 fail at the root, so the mean of all attempts would compare cheap
 * failures at 64 MiB with searches at 4 GiB.  That ratio is shown too.
 */
static void t4(struct targets *tg)
{
	const struct bench_cell *s = cell(tg, "W4", 64, 80, NULL,
					  tg->rep->target);
	const struct bench_cell *l = cell(tg, "W4", 4096, 80, NULL,
					  tg->rep->target);
	char got[BENCH_CELL] = "n/a";
	double as, al, fs, fl;
	int ok = -1;

	if (s && l) {
		as = ok_mean(&s->res);
		al = ok_mean(&l->res);
		fs = s->res.free.mean;
		fl = l->res.free.mean;
		if (as > 0 && al > 0 && fs > 0 && fl > 0) {
			snprintf(got, sizeof(got),
				 "alloc %.2f (%.0f/%.0f), free %.2f (%.0f/%.0f); all attempts %.2f",
				 al / as, al, as, fl / fs, fl, fs,
				 l->res.alloc.mean / s->res.alloc.mean);
			ok = al / as <= T4_MAX_GROWTH &&
			     fl / fs <= T4_MAX_GROWTH;
		}
	}
	verdict(tg, "T4 W4 cost 4G / 64M", "<= 1.5, successful ops", got, ok);
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

static void t5(struct targets *tg)
{
	const struct bench_report *rep = tg->rep;
	char got[BENCH_CELL] = "n/a";
	unsigned int n = 0, good = 0;
	int ok = -1;
	size_t i;

	for (i = 0; i < rep->nr_cells; i++) {
		const struct bench_cell *t = &rep->cells[i], *a, *b;

		if (strcmp(t->allocator, rep->target) ||
		    !strcmp(t->config->id, "W3"))
			continue;
		a = bench_find(rep, t->config, tg->ref);
		b = bench_find(rep, t->config, "bestfit");
		if (!a)
			continue;
		n++;
		good += frag_ok(&t->res, &a->res, b ? &b->res : NULL);
	}
	if (n) {
		snprintf(got, sizeof(got), "%u of %u configurations", good, n);
		ok = good == n;
	}
	verdict(tg, "T5 fragmentation vs cma, bestfit",
		"frag fails <=, probes >= the better", got, ok);
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
		 "Targets of the fast default strategy, checked for \"%s\"%s",
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
	bench_table_print(&tg.t, out, rst);
	bench_table_free(&tg.t);
}
