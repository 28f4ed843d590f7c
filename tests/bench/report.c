// SPDX-License-Identifier: GPL-2.0
/*
 * The report: allocation and release costs with their ratios to the CMA
 * peer in the same configuration, then failures, probes, free-space shape
 * and metadata.
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"

const struct bench_cell *bench_find(const struct bench_report *rep,
				    const struct bench_config *config,
				    const char *allocator)
{
	size_t i;

	for (i = 0; i < rep->nr_cells; i++)
		if (rep->cells[i].config == config &&
		    !strcmp(rep->cells[i].allocator, allocator))
			return &rep->cells[i];
	return NULL;
}

/* "W2 80% 1G": the id, what varies, the zone size. */
void bench_config_name(const struct bench_config *c, char *buf, size_t len)
{
	if (c->mib >= 1024)
		snprintf(buf, len, "%s %s %luG", c->id, c->label, c->mib >> 10);
	else
		snprintf(buf, len, "%s %s %luM", c->id, c->label, c->mib);
}

/* A ratio, to about three significant digits, or n/a. */
static void add_ratio(struct bench_table *t, double v, double ref)
{
	double x;

	if (ref <= 0) {
		bench_table_add(t, "n/a");
		return;
	}
	x = v / ref;
	if (x >= 100)
		bench_table_add(t, "%.0f", x);
	else if (x >= 10)
		bench_table_add(t, "%.1f", x);
	else if (x >= 1)
		bench_table_add(t, "%.2f", x);
	else if (x >= 0.001)
		bench_table_add(t, "%.3f", x);
	else
		bench_table_add(t, "%.1e", x);
}

static void cost_table(const struct bench_report *rep, FILE *out, bool rst,
		       bool release)
{
	char title[160], name[BENCH_CELL];
	const char *ref = rep->allocators[0];
	struct bench_table t;
	size_t i;

	snprintf(title, sizeof(title),
		 "%s cost (%s); x %s: ratio to %s, same configuration",
		 release ? "Release" : "Allocation", bench_counter_unit(),
		 ref, ref);
	bench_table_init(&t, title, 11, 2);
	bench_table_add(&t, "configuration");
	bench_table_add(&t, "allocator");
	bench_table_add(&t, "%s", release ? "frees" : "allocs");
	bench_table_add(&t, "mean");
	bench_table_add(&t, "p50");
	bench_table_add(&t, "p99");
	bench_table_add(&t, "max");
	bench_table_add(&t, "mean x");
	bench_table_add(&t, "p50 x");
	bench_table_add(&t, "p99 x");
	bench_table_add(&t, "max x");

	for (i = 0; i < rep->nr_cells; i++) {
		const struct bench_cell *c = &rep->cells[i];
		const struct bench_cell *r = bench_find(rep, c->config, ref);
		const struct bench_summary *s = release ? &c->res.free :
						&c->res.alloc;
		const struct bench_summary *rs = !r ? NULL : release ?
						 &r->res.free : &r->res.alloc;

		bench_config_name(c->config, name, sizeof(name));
		bench_table_add(&t, "%s", name);
		bench_table_add(&t, "%s", c->allocator);
		bench_table_add(&t, "%zu", s->n);
		if (!s->n) {
			bench_table_add(&t, "n/a");
			bench_table_add(&t, "n/a");
			bench_table_add(&t, "n/a");
			bench_table_add(&t, "n/a");
		} else {
			bench_table_add(&t, "%.0f", s->mean);
			bench_table_add(&t, "%llu", s->p50);
			bench_table_add(&t, "%llu", s->p99);
			bench_table_add(&t, "%llu", s->max);
		}
		add_ratio(&t, s->mean, rs && s->n ? rs->mean : 0);
		add_ratio(&t, s->p50, rs && s->n ? rs->p50 : 0);
		add_ratio(&t, s->p99, rs && s->n ? rs->p99 : 0);
		add_ratio(&t, s->max, rs && s->n ? rs->max : 0);
	}
	bench_table_print(&t, out, rst);
	bench_table_free(&t);
}

static void quality_table(const struct bench_report *rep, FILE *out,
			  bool rst)
{
	char name[BENCH_CELL];
	struct bench_table t;
	size_t i;

	static const char *const legend[] = {
		"frag fails: failed although enough pages were free.",
		"missed fits: failed although a free extent held the",
		"request at its alignment.  largest/free: largest free",
		"extent / free pages, mean of the samples (every 1,000",
		"operations) and at the end.  meta: bytes the allocator",
		"allocated, at setup and as it ran, per MiB of zone.",
		NULL,
	};

	bench_table_init(&t, "Fragmentation and metadata", 11, 2);
	t.legend = legend;
	bench_table_add(&t, "configuration");
	bench_table_add(&t, "allocator");
	bench_table_add(&t, "allocs");
	bench_table_add(&t, "fails");
	bench_table_add(&t, "frag fails");
	bench_table_add(&t, "missed fits");
	bench_table_add(&t, "16M probes");
	bench_table_add(&t, "probe ok");
	bench_table_add(&t, "largest/free");
	bench_table_add(&t, "at end");
	bench_table_add(&t, "meta B/MiB");

	for (i = 0; i < rep->nr_cells; i++) {
		const struct bench_cell *c = &rep->cells[i];
		const struct bench_result *res = &c->res;

		bench_config_name(c->config, name, sizeof(name));
		bench_table_add(&t, "%s", name);
		bench_table_add(&t, "%s", c->allocator);
		bench_table_add(&t, "%lu", res->allocs);
		bench_table_add(&t, "%lu", res->fails);
		bench_table_add(&t, "%lu", res->frag_fails);
		bench_table_add(&t, "%lu", res->missed);
		if (res->probes) {
			bench_table_add(&t, "%lu/%lu", res->probes_ok,
					res->probes);
			bench_table_add(&t, "%.0f%%",
					100.0 * res->probes_ok / res->probes);
		} else {
			bench_table_add(&t, "n/a");
			bench_table_add(&t, "n/a");
		}
		if (res->frag_samples)
			bench_table_add(&t, "%.3f",
					res->frag_sum / res->frag_samples);
		else
			bench_table_add(&t, "n/a");
		bench_table_add(&t, "%.3f", res->frag_end);
		bench_table_add(&t, "%.1f",
				(double)res->meta_bytes / c->config->mib);
	}
	bench_table_print(&t, out, rst);
	bench_table_free(&t);
}

/**
 * bench_report_print() - print the header and every table
 * @rep: the results
 * @out: where to
 * @rst: reStructuredText instead of plain text
 */
void bench_report_print(const struct bench_report *rep, FILE *out, bool rst)
{
	const char *line, *nl;

	if (rst)
		fputs("::\n\n", out);
	for (line = rep->header; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			break;
		fprintf(out, "%s%.*s\n", rst && nl > line ? "   " : "",
			(int)(nl - line), line);
	}
	fputc('\n', out);
	cost_table(rep, out, rst, false);
	cost_table(rep, out, rst, true);
	quality_table(rep, out, rst);
	bench_targets_print(rep, out, rst);
}
