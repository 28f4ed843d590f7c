// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: every configuration (workload and zone size) is run by
 * every allocator, one after the other in this one process, from the same
 * seed; the report goes to stdout and, with -o, to host.txt and host.rst.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#ifndef BENCH_KSRC
#define BENCH_KSRC	"?"
#endif
#ifndef BENCH_KVERSION
#define BENCH_KVERSION	"?"
#endif

#define BENCH_SEED	0x636d72ULL	/* "cmr" */
#define BENCH_MAX	16
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * cmr strategies, by name; a name cmr_strategy_find() does not know in
 * this build is left out.
 */
static const char *const bench_strategies[] = {
	"tree",
	"bitmap",
	"bestfit",
	"nearfit",
};

static const struct bench_config bench_configs[] = {
	{ "W1", "video",    256,  0,  bench_w1_video },
	{ "W2", "60%",      256,  60, bench_w2_random },
	{ "W2", "80%",      256,  80, bench_w2_random },
	{ "W2", "90%",      256,  90, bench_w2_random },
	{ "W2", "60%",      1024, 60, bench_w2_random },
	{ "W2", "80%",      1024, 80, bench_w2_random },
	{ "W2", "90%",      1024, 90, bench_w2_random },
	{ "W3", "checker",  1024, 0,  bench_w3_checker },
	{ "W3", "tail fit", 1024, 0,  bench_w3_tail },
	{ "W3", "aligned",  1024, 0,  bench_w3_aligned },
	/* W4 at 256 MiB and 1 GiB is W2 at 80% */
	{ "W4", "80%",      64,   80, bench_w2_random },
	{ "W4", "80%",      4096, 80, bench_w2_random },
};

static void print_usage(FILE *out)
{
	fprintf(out,
		"usage: cmr_bench [-C] [-s seed] [-n ops] [-N ops] [-w ops]\n"
		"       [-c counter] [-t strategy] [-P strategy] [-a names]\n"
		"       [-W ids] [-o d]\n"
		"  -s  seed (default %#llx)\n"
		"  -n  measured operations of W1, W2, W4 (default 20000)\n"
		"  -N  the same on 4 GiB zones (default: as -n)\n"
		"  -w  requests per W3 phase (default 200)\n"
		"  -c  counter: auto, perf, valgrind, time (default auto)\n"
		"  -C  only check that the counter is available\n"
		"  -t  strategy the cost targets are checked for (default tree)\n"
		"  -P  strategy the placement target is checked for (nearfit)\n"
		"  -a  allocators to run, comma-separated (default all)\n"
		"  -W  workloads to run, comma-separated ids (default all)\n"
		"  -o  also write d/host.txt and d/host.rst\n",
		BENCH_SEED);
}

/* Is @name in the comma-separated @list (NULL: everything is)? */
static bool listed(const char *list, const char *name)
{
	size_t len = strlen(name);
	const char *p = list;

	if (!list)
		return true;
	while ((p = strstr(p, name))) {
		if ((p == list || p[-1] == ',') &&
		    (p[len] == ',' || !p[len]))
			return true;
		p += len;
	}
	return false;
}

static void cpu_model(char *buf, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256], *colon;

	snprintf(buf, len, "unknown CPU");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "model name", 10))
			continue;
		colon = strchr(line, ':');
		if (colon) {
			snprintf(buf, len, "%s", colon + 2);
			buf[strcspn(buf, "\n")] = 0;
		}
		break;
	}
	fclose(f);
}

static char *header(const struct bench_params *p,
		    const struct bench_allocator *const *ba, size_t n)
{
	static char buf[4096];
	struct utsname u;
	char cpu[128];
	size_t len = 0, i;

	uname(&u);
	cpu_model(cpu, sizeof(cpu));
	len += snprintf(buf + len, sizeof(buf) - len,
			"cmr make bench: host harness (tests/bench)\n"
			"seed %#llx\n"
			"operations measured: W1, W2, W4 %lu (4 GiB: %lu)\n"
			"requests per W3 phase: %lu\n"
			"counter: %s; reading cost %llu subtracted\n"
			"kernel peers built from %s (Linux %s)\n"
			"machine: %s %s %s, %s, %ld CPUs\n"
			"allocators (one bit or granule per 4 KiB page):\n",
			p->seed, p->ops, p->ops_large, p->w3_ops,
			bench_counter_describe(), bench_counter_overhead,
			BENCH_KSRC, BENCH_KVERSION, u.sysname, u.release,
			u.machine, cpu, sysconf(_SC_NPROCESSORS_ONLN));
	for (i = 0; i < n && len < sizeof(buf); i++)
		len += snprintf(buf + len, sizeof(buf) - len, "  %-9s %s\n",
				ba[i]->name, ba[i]->what);
	return buf;
}

static void write_file(const char *dir, const char *name,
		       const struct bench_report *rep, bool rst)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	bench_report_print(rep, f, rst);
	fclose(f);
}

int main(int argc, char **argv)
{
	static struct bench_allocator cmr[ARRAY_SIZE(bench_strategies)];
	const struct bench_allocator *ba[BENCH_MAX];
	const char *names[BENCH_MAX];
	const char *counter = "auto", *only = NULL, *ids = NULL, *dir = NULL;
	bool check = false;
	struct bench_params p = {
		.seed = BENCH_SEED, .ops = 20000, .w3_ops = 200,
	};
	struct bench_report rep = {
		.params = &p, .target = "tree", .placement = "nearfit",
	};
	size_t n = 0, i, j, k;
	struct timespec t0, t1;
	int opt;

	while ((opt = getopt(argc, argv, "s:n:N:w:c:Ct:P:a:W:o:h")) != -1) {
		switch (opt) {
		case 's':
			p.seed = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			p.ops = strtoul(optarg, NULL, 0);
			break;
		case 'N':
			p.ops_large = strtoul(optarg, NULL, 0);
			break;
		case 'w':
			p.w3_ops = strtoul(optarg, NULL, 0);
			break;
		case 'c':
			counter = optarg;
			break;
		case 'C':
			check = true;
			break;
		case 't':
			rep.target = optarg;
			break;
		case 'P':
			rep.placement = optarg;
			break;
		case 'a':
			only = optarg;
			break;
		case 'W':
			ids = optarg;
			break;
		case 'o':
			dir = optarg;
			break;
		case 'h':
			print_usage(stdout);
			return 0;
		default:
			print_usage(stderr);
			return 1;
		}
	}
	if (!p.ops_large)
		p.ops_large = p.ops;
	if (bench_counter_init(counter)) {
		fprintf(stderr, "bench: counter \"%s\" not available\n",
			counter);
		return 1;
	}
	if (check) {
		printf("%s\n", bench_counter_describe());
		return 0;
	}

	/* The reference first, then cmr's strategies, then genalloc. */
	ba[n++] = &bench_peer_cma;
	for (i = 0; i < ARRAY_SIZE(bench_strategies); i++)
		if (!bench_cmr_allocator(bench_strategies[i], &cmr[i]))
			ba[n++] = &cmr[i];
	ba[n++] = &bench_peer_gp_best;
	ba[n++] = &bench_peer_gp_align;
	for (i = j = 0; i < n; i++)
		if (!i || listed(only, ba[i]->name))
			ba[j++] = ba[i];
	n = j;
	for (i = 0; i < n; i++)
		names[i] = ba[i]->name;
	rep.allocators = names;
	rep.nr_allocators = n;

	rep.cells = calloc(ARRAY_SIZE(bench_configs) * n, sizeof(*rep.cells));
	if (!rep.cells)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < ARRAY_SIZE(bench_configs); i++) {
		const struct bench_config *c = &bench_configs[i];
		char name[BENCH_CELL];

		if (!listed(ids, c->id))
			continue;
		bench_config_name(c, name, sizeof(name));
		for (k = 0; k < n; k++) {
			struct bench_cell *cell = &rep.cells[rep.nr_cells];
			struct bench_rng rng;
			struct bench_run r;
			int ret;

			fprintf(stderr, "bench: %-16s %s\n", name, ba[k]->name);
			ret = bench_run_start(&r, ba[k], BENCH_PAGES(c->mib));
			if (ret) {
				fprintf(stderr, "bench: %s: zone setup: %s\n",
					ba[k]->name, strerror(-ret));
				continue;
			}
			bench_rng_seed(&rng, p.seed, i);
			c->run(&r, c, &p, &rng);
			cell->config = c;
			cell->allocator = ba[k]->name;
			bench_run_finish(&r, &cell->res);
			rep.nr_cells++;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "bench: %.1f s\n", (double)(t1.tv_sec - t0.tv_sec) +
		(t1.tv_nsec - t0.tv_nsec) / 1e9);

	rep.header = header(&p, ba, n);
	bench_report_print(&rep, stdout, false);
	if (dir) {
		write_file(dir, "host.txt", &rep, false);
		write_file(dir, "host.rst", &rep, true);
	}
	free(rep.cells);
	return 0;
}
