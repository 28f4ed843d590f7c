// SPDX-License-Identifier: GPL-2.0
/*
 * Guest half of "make bench" for heaps, run by /init when the kernel
 * command line has cmrtest=heapbench, on the bench board
 * (dts/cmr-bench.dts): the kernel's CMA heap on the default CMA area
 * "bench-cma", and the heaps of two cmr regions of the same size, the
 * reusable "bench-reuse" and the plain "bench".
 *
 * For 4 KiB, a 1080p and a 4K NV12 frame and 16 MiB, it times
 * DMA_HEAP_IOCTL_ALLOC on each heap:
 *  - idle: nothing else in the areas; each buffer freed at once, and its
 *    pages lent again at once (cmr.lend_delay_ms=0, as CMA does);
 *  - kept: the same with cmr's default lend delay, so that a buffer
 *    allocated soon after another was freed takes its kept pages;
 *  - lent: (lend delay 0) a ballast process fills ordinary memory, a
 *    filler process fills the CMA pageblocks (both areas) with anonymous
 *    pages until at most an eighth of them is free, the ballast exits
 *    (leaving room to migrate to), then one buffer of each size is taken
 *    from each heap and all are freed; a fresh fill for every round.
 * Prints one "heap_bench:" line per state, size and heap: the median
 * time, the failed share, for tests/heapbench.sh to tabulate.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"

#define ROUNDS		15
#define NR_HEAPS	3
#define NR_SIZES	4
#define MIB		(1024 * 1024LL)

static const char *const heaps[NR_HEAPS] = {
	"bench-cma", "cmr-bench-reuse", "cmr-bench",
};

static const struct {
	const char *name;
	unsigned long bytes;
} sizes[NR_SIZES] = {
	{ "4KiB", 4096 },
	{ "1080p", 1920 * 1080 * 3 / 2 },
	{ "4K", 3840 * 2160 * 3 / 2 },
	{ "16MiB", 16 << 20 },
};

struct bench_cell {
	double ms[ROUNDS];
	unsigned int n, fails;
};

enum { IDLE, KEPT, LENT, NR_STATES };

static const char *const states[NR_STATES] = { "idle", "kept", "lent" };

static struct bench_cell cells[NR_STATES][NR_SIZES][NR_HEAPS];

/* Write cmr.lend_delay_ms; 0, or -errno. */
static int lend_delay(const char *ms)
{
	return guest_write("/sys/module/cmr/parameters/lend_delay_ms", ms);
}

/* Allocate; the fd, or -errno; the time goes to @cell if it worked. */
static int bench_alloc(int heap, unsigned long len, struct bench_cell *cell)
{
	double t = guest_now_ms();
	int fd = guest_heap_alloc(heap, len, O_RDWR | O_CLOEXEC, 0);

	t = guest_now_ms() - t;
	if (fd < 0) {
		cell->fails++;
		return fd;
	}
	if (cell->n < ROUNDS)
		cell->ms[cell->n++] = t;
	return fd;
}

static void bench_idle(const int *fds, unsigned int state)
{
	unsigned int r, s, i, h;
	int fd;

	/* Take turns at going first, as in bench_lent_round(). */
	for (r = 0; r < ROUNDS; r++)
		for (s = 0; s < NR_SIZES; s++)
			for (i = 0; i < NR_HEAPS; i++) {
				h = (i + r) % NR_HEAPS;
				fd = bench_alloc(fds[h], sizes[s].bytes,
						 &cells[state][s][h]);
				if (fd >= 0)
					close(fd);
			}
}

/*
 * Anonymous memory until CmaFree is at most @cma_left, or ordinary memory
 * runs low; then hold it until killed.
 */
static void filler(int to_parent, long long cma_left)
{
	char *p;

	while (guest_meminfo("CmaFree") > cma_left &&
	       guest_normal_free() > 8 * MIB) {
		p = mmap(NULL, MIB, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			break;
		memset(p, 0xf1, MIB);
	}
	guest_say(to_parent);
	pause();
	_exit(0);
}

/* One lent round: fill, take one buffer of each size from each heap. */
static int bench_lent_round(const int *fds, unsigned int round,
			    long long cma_total)
{
	int up[2], held[NR_SIZES][NR_HEAPS];
	unsigned int s, i, h;
	pid_t bpid, fpid;

	if (pipe(up))
		return -1;
	bpid = fork();
	if (!bpid)
		guest_ballast(up[1], cma_total + 16 * MIB);
	guest_hear(up[0]);
	fpid = fork();
	if (!fpid)
		filler(up[1], cma_total / 8);
	guest_hear(up[0]);
	kill(bpid, SIGKILL);
	waitpid(bpid, NULL, 0);
	printf("heap_bench: round %u: %lld of %lld MiB of CMA pageblocks lent\n",
	       round, (cma_total - guest_meminfo("CmaFree")) / MIB,
	       cma_total / MIB);

	/* Take turns at going first: the first heap meets the fullest area. */
	for (s = 0; s < NR_SIZES; s++)
		for (i = 0; i < NR_HEAPS; i++) {
			h = (i + round) % NR_HEAPS;
			held[s][h] = bench_alloc(fds[h], sizes[s].bytes,
						 &cells[LENT][s][h]);
		}
	for (s = 0; s < NR_SIZES; s++)
		for (h = 0; h < NR_HEAPS; h++)
			if (held[s][h] >= 0)
				close(held[s][h]);
	kill(fpid, SIGKILL);
	waitpid(fpid, NULL, 0);
	close(up[0]);
	close(up[1]);
	return 0;
}

static void bench_report(void)
{
	struct bench_cell *c;
	unsigned int st, s, h;

	for (st = 0; st < NR_STATES; st++)
		for (s = 0; s < NR_SIZES; s++)
			for (h = 0; h < NR_HEAPS; h++) {
				c = &cells[st][s][h];
				qsort(c->ms, c->n, sizeof(c->ms[0]), guest_cmp_double);
				printf("heap_bench: %s %s %lu %s median_ms %.3f fails %u/%u\n",
				       states[st], sizes[s].name, sizes[s].bytes,
				       heaps[h], c->n ? c->ms[c->n / 2] : -1.0,
				       c->fails, c->n + c->fails);
			}
}

/**
 * heap_bench() - time the CMA heap against cmr's, idle and lent out
 *
 * Return: 0, or 1 if a heap is missing or cmr.lend_delay_ms cannot be
 * set.
 */
unsigned int heap_bench(void)
{
	int fds[NR_HEAPS];
	long long cma_total = guest_meminfo("CmaTotal");
	unsigned int r;

	guest_small_pcp_lists();
	if (guest_open_heaps(heaps, NR_HEAPS, fds, "heap_bench"))
		return 1;
	printf("heap_bench: idle: CmaTotal %lld MiB, CmaFree %lld MiB, MemTotal %lld MiB, MemFree %lld MiB\n",
	       cma_total / MIB, guest_meminfo("CmaFree") / MIB,
	       guest_meminfo("MemTotal") / MIB, guest_meminfo("MemFree") / MIB);
	if (lend_delay("0")) {
		printf("heap_bench: FAIL: cannot set cmr.lend_delay_ms\n");
		return 1;
	}
	bench_idle(fds, IDLE);
	lend_delay("1000");
	bench_idle(fds, KEPT);
	lend_delay("0");
	for (r = 0; r < ROUNDS; r++)
		bench_lent_round(fds, r, cma_total);
	lend_delay("1000");
	bench_report();
	printf("heap_bench: done\n");
	return 0;
}
