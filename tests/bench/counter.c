// SPDX-License-Identifier: GPL-2.0
/*
 * The per-operation counter.  In order of preference:
 *
 *  - "perf": the CPU's retired-instruction counter through
 *    perf_event_open(PERF_COUNT_HW_INSTRUCTIONS), user space only, read
 *    before and after each operation;
 *  - "valgrind": the binary runs under valgrind with the opcount tool
 *    (vgtool/opcount.c), which counts every guest instruction executed
 *    and answers a client request with the running total: exact counts,
 *    as callgrind's Ir, but per operation;
 *  - "time": CLOCK_MONOTONIC nanoseconds, when neither is available.
 *
 * The cost of one reading (two back-to-back readings' difference, the
 * least of many) is subtracted from every sample.
 */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <valgrind/valgrind.h>

#include "bench.h"

/* The opcount tool's one client request: the instructions so far. */
#define OPCOUNT_READ	VG_USERREQ_TOOL_BASE('O', 'C')

enum bench_counter_kind {
	BENCH_COUNTER_PERF,
	BENCH_COUNTER_VALGRIND,
	BENCH_COUNTER_TIME,
};

static enum bench_counter_kind kind = BENCH_COUNTER_TIME;
static int perf_fd = -1;
unsigned long long bench_counter_overhead;

static unsigned long long read_perf(void)
{
	unsigned long long v = 0;

	if (read(perf_fd, &v, sizeof(v)) != sizeof(v))
		return 0;
	return v;
}

static unsigned long long read_valgrind(void)
{
	return VALGRIND_DO_CLIENT_REQUEST_EXPR(0, OPCOUNT_READ, 0, 0, 0, 0,
					       0);
}

static unsigned long long read_time(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/**
 * bench_counter_read() - the counter now
 *
 * Return: instructions or nanoseconds since some origin.
 */
unsigned long long bench_counter_read(void)
{
	switch (kind) {
	case BENCH_COUNTER_PERF:
		return read_perf();
	case BENCH_COUNTER_VALGRIND:
		return read_valgrind();
	default:
		return read_time();
	}
}

static bool open_perf(void)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_HARDWARE;
	attr.size = sizeof(attr);
	attr.config = PERF_COUNT_HW_INSTRUCTIONS;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	perf_fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
	if (perf_fd < 0)
		return false;
	/* Some VMs open the event but never count. */
	if (!read_perf() && !read_perf()) {
		close(perf_fd);
		perf_fd = -1;
		return false;
	}
	return true;
}

/* Under valgrind, and is the tool opcount (other tools answer 0)? */
static bool open_valgrind(void)
{
	unsigned long long a;

	if (!RUNNING_ON_VALGRIND)
		return false;
	a = read_valgrind();
	return read_valgrind() > a;
}

static void calibrate(void)
{
	unsigned long long a, b, least = ~0ULL;
	int i;

	for (i = 0; i < 1000; i++) {
		a = bench_counter_read();
		b = bench_counter_read();
		if (b - a < least)
			least = b - a;
	}
	bench_counter_overhead = least;
}

/**
 * bench_counter_init() - choose the counter
 * @want: "auto" (the first available of valgrind's opcount, perf, time),
 *	or one of "perf", "valgrind", "time"
 *
 * Return: 0, or -ENODEV when the counter asked for is not available.
 */
int bench_counter_init(const char *want)
{
	bool any = !strcmp(want, "auto");

	/* Under valgrind, perf would count valgrind's own instructions. */
	if ((any || !strcmp(want, "valgrind")) && open_valgrind())
		kind = BENCH_COUNTER_VALGRIND;
	else if ((any || !strcmp(want, "perf")) && !RUNNING_ON_VALGRIND &&
		 open_perf())
		kind = BENCH_COUNTER_PERF;
	else if (any || !strcmp(want, "time"))
		kind = BENCH_COUNTER_TIME;
	else
		return -ENODEV;
	calibrate();
	return 0;
}

bool bench_counter_counts_instructions(void)
{
	return kind != BENCH_COUNTER_TIME;
}

const char *bench_counter_unit(void)
{
	return kind == BENCH_COUNTER_TIME ? "ns" : "instructions";
}

const char *bench_counter_describe(void)
{
	switch (kind) {
	case BENCH_COUNTER_PERF:
		return "instructions in user space (perf_event_open), per op";
	case BENCH_COUNTER_VALGRIND:
		return "exact instructions (valgrind --tool=opcount), per op";
	default:
		return "nanoseconds (CLOCK_MONOTONIC), no instruction counter";
	}
}
