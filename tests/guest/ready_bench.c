// SPDX-License-Identifier: GPL-2.0
/*
 * Guest half of "make bench" for the ready reserve, run by /init when the
 * kernel command line has cmrtest=readybench, on the board
 * dts/cmr-ready-bench.dts: the kernel's CMA heap on its default area
 * "bench-cma" and the heap of the reusable cmr region "bench-ready",
 * 128 MiB each, the region with a 32 MiB ready reserve.
 *
 * Every timed allocation meets both areas lent out afresh: a ballast
 * fills ordinary memory, a filler fills the CMA pageblocks of both areas
 * with its anonymous and page-cache (memfd) pages until at most an eighth
 * of them is free, and the ballast exits to leave room to migrate to.
 * Phases:
 *  - reserve: cmr as declared (reserve, default lend delay); 4 KiB, a
 *    1080p and a 4K NV12 frame and 16 MiB, each allocated and freed once
 *    per heap per fill, the heaps taking turns at going first;
 *  - beyond: the same with ready_pages 0 and lend delay 0, so that every
 *    cmr request takes lent pages back, as every CMA heap request does;
 *  - pinned: as beyond, while the filler holds pages in the first and
 *    third quarters of both areas in a pipe (vmsplice) and keeps O_DIRECT
 *    reads from the disk into others there in flight: the second and
 *    fourth quarters are pin-free ranges of 32 MiB;
 *  - camera: eight 4K frames at once, held, per heap per fill, reserve on.
 * Prints "ready_bench:" lines for tests/readybench.sh: per phase, size and
 * heap the samples' p50, p99 and max in ms and the failures; per phase the
 * CMA heap's busy retries (trace event cma_alloc_busy_retry) and the
 * ranges cmr found blocked (blocked_* in sysfs); what the idle region
 * lends.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"

#define DIR		"/sys/kernel/mm/cmr/bench-ready/"
#define TRACEFS		"/sys/kernel/tracing/"
#define RETRY_EVENT	TRACEFS "events/cma/cma_alloc_busy_retry/enable"
#define MIGRATE_EVENT	TRACEFS "events/kmem/mm_alloc_contig_migrate_range_info/enable"
#define TAKE_EVENT	TRACEFS "events/cmr/cmr_alloc/enable"
#define MIB		(1024 * 1024LL)
#define ROUNDS		100	/* fills per phase: samples per cell */
#define CAM_ROUNDS	8	/* camera starts per heap */
#define CAM_FRAMES	8
#define FRAME_4K	(3840 * 2160 * 3 / 2)
#define NR_HEAPS	2
#define NR_SIZES	4
#define CHUNKS		1024	/* the filler's 1 MiB pieces, at most */
#define PINS		16	/* pages held or read into, per area */

enum { CMA, CMR };
enum { RESERVE, BEYOND, PINNED, CAMERA, NR_PHASES };

static const char *const heaps[NR_HEAPS] = { "bench-cma", "cmr-bench-ready" };
static const char *const phases[NR_PHASES] = {
	"reserve", "beyond", "pinned", "camera",
};

static const struct {
	const char *name;
	unsigned long bytes;
} sizes[NR_SIZES] = {
	{ "4KiB", 4096 },
	{ "1080p", 1920 * 1080 * 3 / 2 },
	{ "4K", FRAME_4K },
	{ "16MiB", 16 << 20 },
};

struct cell {
	double ms[ROUNDS];
	unsigned int n, fails;
	unsigned long migrated;	/* pages alloc_contig_range() moved */
	double take[ROUNDS];	/* cmr: ms of the zone's take (cmr_alloc) */
	unsigned int takes;
};

static struct cell cells[NR_PHASES][NR_SIZES][NR_HEAPS];
static unsigned long area_lo[NR_HEAPS], area_hi[NR_HEAPS];	/* pfns */
static int heap_fd[NR_HEAPS];
static int traced_migrations;	/* the kernel has the event (6.12) */

/* Is @pfn in the first or third quarter of an area? */
static int pin_quarter(unsigned long pfn)
{
	unsigned int a, q;

	for (a = 0; a < NR_HEAPS; a++) {
		if (pfn < area_lo[a] || pfn >= area_hi[a])
			continue;
		q = (pfn - area_lo[a]) * 4 / (area_hi[a] - area_lo[a]);
		return q == 0 || q == 2 ? (int)(a * 4 + q) : -1;
	}
	return -1;
}

static char *odirect_page[PINS * NR_HEAPS];
static unsigned int odirect_pages;

/* Keep O_DIRECT reads into the chosen pages in flight until killed. */
static void *odirect_reader(void *arg)
{
	int disk = *(int *)arg;
	unsigned long i = 0;

	for (;;) {
		if (pread(disk, odirect_page[i % odirect_pages], 4096,
			  (off_t)(i % 4096) * 4096) < 0)
			return NULL;
		i++;
	}
}

/*
 * Hold a page of each pin quarter in a pipe, and start O_DIRECT reads into
 * more of them when the disk is there; the number of held pages.
 */
static unsigned int pin_pages(char **chunk, unsigned int n)
{
	static int disk = -1, pfd[2];
	unsigned int held = 0, quarters = 0, c, i;
	int pagemap = open("/proc/self/pagemap", O_RDONLY), q;
	struct iovec iov = { .iov_len = 4096 };
	pthread_t t;

	if (pagemap < 0 || pipe(pfd) || fcntl(pfd[1], F_SETPIPE_SZ, 1 << 20) < 0)
		return 0;
	disk = open("/dev/vda", O_RDONLY | O_DIRECT);
	for (c = 0; c < n; c++)
		for (i = 0; i < MIB; i += 4096) {
			q = pin_quarter(guest_pfn_of(pagemap, chunk[c] + i));
			if (q < 0)
				continue;
			iov.iov_base = chunk[c] + i;
			if (!(quarters & 1u << q) &&
			    vmsplice(pfd[1], &iov, 1, 0) == 4096) {
				quarters |= 1u << q;
				held++;
			} else if (disk >= 0 && odirect_pages < PINS * NR_HEAPS &&
				   (quarters & 1u << q)) {
				odirect_page[odirect_pages++] = chunk[c] + i;
			}
		}
	if (disk >= 0 && odirect_pages)
		pthread_create(&t, NULL, odirect_reader, &disk);
	return held;
}

/*
 * The filler: anonymous and memfd pages, 1 MiB at a time, until CmaFree
 * is at most @cma_left or ordinary memory runs low; pins if asked; tells
 * the parent how many pages it holds and what O_DIRECT does, then waits
 * to be killed.
 */
static void filler(int to_parent, long long cma_left, int pin)
{
	static char *chunk[CHUNKS];
	unsigned int n = 0, f = 0, said[2];
	int mfd = memfd_create("fill", 0);
	char *p;

	while (n < CHUNKS && guest_meminfo("CmaFree") > cma_left &&
	       guest_normal_free() > 8 * MIB) {
		if (n && mfd >= 0 && f++ % 2) {	/* page cache */
			if (pwrite(mfd, chunk[0], MIB, (off_t)f * MIB) != MIB)
				break;
			continue;
		}
		p = mmap(NULL, MIB, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			break;
		chunk[n++] = memset(p, 0xf1, MIB);
	}
	said[0] = pin ? pin_pages(chunk, n) : 0;
	said[1] = odirect_pages;
	if (write(to_parent, said, sizeof(said)) != sizeof(said))
		_exit(3);
	pause();
	_exit(0);
}

static double lru_mib[NR_HEAPS];	/* the filler's, summed over fills */
static unsigned int fills;

/* Add what the filler holds in each area: its pages on an LRU list. */
static void count_lru(void)
{
	static unsigned long long f[4096];
	int fd = open("/proc/kpageflags", O_RDONLY);
	unsigned long pfn, i;
	unsigned int a;
	ssize_t got;

	for (a = 0; fd >= 0 && a < NR_HEAPS; a++)
		for (pfn = area_lo[a]; pfn < area_hi[a]; pfn += got / 8) {
			got = pread(fd, f, sizeof(f), (off_t)pfn * 8);
			if (got <= 0)
				break;
			for (i = 0; i < (unsigned long)got / 8; i++)
				lru_mib[a] += (f[i] >> 5 & 1) / 256.0;	/* KPF_LRU */
		}
	if (fd >= 0)
		close(fd);
	fills++;
}

/* Lend both areas out afresh; the filler's pid (0 if none), pins in @said. */
static pid_t fill(long long cma_total, int pin, unsigned int *said)
{
	int up[2];
	pid_t bpid, fpid;

	if (pipe(up))
		return 0;
	bpid = fork();
	if (!bpid)
		guest_ballast(up[1], cma_total + 16 * MIB);
	guest_hear(up[0]);
	fpid = fork();
	if (!fpid)
		filler(up[1], cma_total / 8, pin);
	if (read(up[0], said, 2 * sizeof(*said)) != 2 * sizeof(*said))
		said[0] = said[1] = 0;
	kill(bpid, SIGKILL);
	waitpid(bpid, NULL, 0);
	close(up[0]);
	close(up[1]);
	count_lru();
	return fpid;
}

static void unfill(pid_t fpid)
{
	if (fpid > 0) {
		kill(fpid, SIGKILL);
		waitpid(fpid, NULL, 0);
	}
}

/* Allocate from heap @h; the fd, or -errno; the time goes to @c. */
static int timed_alloc(unsigned int h, unsigned long len, struct cell *c)
{
	double t = guest_now_ms();
	int fd = guest_heap_alloc(heap_fd[h], len, O_RDWR | O_CLOEXEC, 0);

	t = guest_now_ms() - t;
	if (fd < 0)
		c->fails++;
	else if (c->n < ROUNDS)
		c->ms[c->n++] = t;
	return fd;
}

/* Wait (up to 5 s) until the worker has filled the reserve again. */
static void reserve_refilled(void)
{
	int i;

	for (i = 0; i < 50; i++) {
		if (guest_num(DIR "kept_pages") >= guest_num(DIR "ready_pages"))
			return;
		usleep(100 * 1000);
	}
}

/* The area (by heap) that page frame @pfn is in, or NR_HEAPS. */
static unsigned int area_of(unsigned long pfn)
{
	unsigned int h;

	for (h = 0; h < NR_HEAPS; h++)
		if (pfn >= area_lo[h] && pfn < area_hi[h])
			break;
	return h;
}

static long traced_retries;

/*
 * Read what was traced since the last call and empty the buffer: CMA busy
 * retries are added up, pages migrated out of each area added to
 * @to[area] (a cell per heap) when @to is given, and the time of cmr's
 * takes (trace event cmr_alloc: the zone's allocation, pages taken back
 * included, clearing and the dma-buf not) summed into a sample of
 * @to[CMR].  6.12 (the one kernel here with the event)
 * passes its arguments to mm_alloc_contig_migrate_range_info out of the
 * order its TP_PROTO declares, migratetype first: the pages migrated are
 * printed as nr_reclaimed, the migratetype as nr_migrated.
 */
static void trace_take(struct cell *to)
{
	FILE *f = fopen(TRACEFS "trace", "r");
	unsigned long start, end, nr;
	unsigned long long ns;
	double take = 0;
	char line[512], *s;
	unsigned int h;
	int fd;

	while (f && fgets(line, sizeof(line), f)) {
		traced_retries += !!strstr(line, "cma_alloc_busy_retry");
		s = strstr(line, "cmr_alloc: ");
		if (s && (s = strstr(s, " ns=")) && sscanf(s, " ns=%llu", &ns) == 1)
			take += ns / 1e6;
		s = strstr(line, "mm_alloc_contig_migrate_range_info: ");
		if (!s || sscanf(s, "mm_alloc_contig_migrate_range_info: start=%lx end=%lx migratetype=%*d nr_migrated=%*u nr_reclaimed=%lu",
				 &start, &end, &nr) != 3)
			continue;
		h = area_of(start);
		if (to && h < NR_HEAPS)
			to[h].migrated += nr;
	}
	if (f)
		fclose(f);
	if (to && take > 0 && to[CMR].takes < ROUNDS)
		to[CMR].take[to[CMR].takes++] = take;
	fd = open(TRACEFS "trace", O_WRONLY | O_TRUNC);
	if (fd >= 0)
		close(fd);
}

/* CMA busy retries traced since the last call. */
static long cma_retries(void)
{
	long n;

	trace_take(NULL);
	n = traced_retries;
	traced_retries = 0;
	return n;
}

/* Ranges cmr found blocked so far, every reason. */
static long cmr_blocked(void)
{
	static const char *const why[] = {
		"pinned", "writeback", "unmovable", "reference", "other",
	};
	char path[96];
	long n = 0;
	unsigned int i;

	for (i = 0; i < sizeof(why) / sizeof(why[0]); i++) {
		snprintf(path, sizeof(path), DIR "blocked_%s", why[i]);
		n += guest_num(path);
	}
	return n;
}

/* One phase of single buffers: ROUNDS fills, every size from each heap. */
static void bench_sizes(unsigned int ph, long long cma_total)
{
	unsigned int r, s, i, h, said[2], held = ~0u, od = 0;
	long blocked = cmr_blocked();
	pid_t fpid;
	int fd;

	cma_retries();
	for (r = 0; r < ROUNDS; r++) {
		if (ph == RESERVE)
			reserve_refilled();
		fpid = fill(cma_total, ph == PINNED, said);
		held = said[0] < held ? said[0] : held;
		od = said[1];
		for (s = 0; s < NR_SIZES; s++)
			for (i = 0; i < NR_HEAPS; i++) {
				h = (i + r + s) % NR_HEAPS;
				fd = timed_alloc(h, sizes[s].bytes,
						 &cells[ph][s][h]);
				if (fd >= 0)
					close(fd);
				if (ph != RESERVE)
					trace_take(cells[ph][s]);
			}
		unfill(fpid);
	}
	printf("ready_bench: %s: filled %.0f MiB of bench-cma, %.0f of bench-ready (mean); cma busy retries %ld, cmr ranges blocked %ld",
	       phases[ph], lru_mib[CMA] / fills, lru_mib[CMR] / fills,
	       cma_retries(), cmr_blocked() - blocked);
	lru_mib[CMA] = lru_mib[CMR] = 0;
	fills = 0;
	if (ph == PINNED)
		printf(", pages held per fill at least %u, O_DIRECT reads into %u pages",
		       held, od);
	printf("\n");
}

/* Camera starts: eight 4K frames at once, per heap per fill. */
static void bench_camera(long long cma_total)
{
	unsigned int r, i, h, f, said[2];
	int fds[CAM_FRAMES];
	struct cell *c;
	double t;
	pid_t fpid;

	lru_mib[CMA] = lru_mib[CMR] = 0;
	fills = 0;
	cma_retries();
	for (r = 0; r < CAM_ROUNDS; r++)
		for (i = 0; i < NR_HEAPS; i++) {
			h = (i + r) % NR_HEAPS;
			c = &cells[CAMERA][0][h];
			reserve_refilled();
			fpid = fill(cma_total, 0, said);
			t = guest_now_ms();
			for (f = 0; f < CAM_FRAMES; f++)
				fds[f] = guest_heap_alloc(heap_fd[h], FRAME_4K,
							  O_RDWR | O_CLOEXEC, 0);
			t = guest_now_ms() - t;
			for (f = 0; f < CAM_FRAMES; f++)
				if (fds[f] >= 0)
					close(fds[f]);
				else
					c->fails++;
			trace_take(cells[CAMERA][0]);
			c->ms[c->n++] = t;
			unfill(fpid);
		}
	printf("ready_bench: camera: filled %.0f MiB of bench-cma, %.0f of bench-ready (mean); cma busy retries %ld\n",
	       lru_mib[CMA] / fills, lru_mib[CMR] / fills, cma_retries());
}

/* p50, p99 (nearest rank) and max of a cell. */
static void report_cell(const char *phase, const char *size, unsigned int h,
			struct cell *c)
{
	unsigned int p99 = c->n ? (99 * c->n + 99) / 100 - 1 : 0;

	qsort(c->ms, c->n, sizeof(c->ms[0]), guest_cmp_double);
	printf("ready_bench: %s %s %s n %u fails %u p50 %.3f p99 %.3f max %.3f\n",
	       phase, size, heaps[h], c->n, c->fails,
	       c->n ? c->ms[c->n / 2] : -1.0, c->n ? c->ms[p99] : -1.0,
	       c->n ? c->ms[c->n - 1] : -1.0);
}

/* Takes counted in one of the region's latency histograms, this phase. */
static long hist_total(const char *file)
{
	static long last[2];
	char path[96];
	long n = 0, v, d;
	int i = !strcmp(file, "latency_migrate_us");
	FILE *f;

	snprintf(path, sizeof(path), DIR "%s", file);
	f = fopen(path, "r");
	while (f && fscanf(f, "%ld", &v) == 1)
		n += v;
	if (f)
		fclose(f);
	d = n - last[i];
	last[i] = n;
	return d;
}

/* How the phase's cmr takes went: from kept pages only, or migrating. */
static void report_takes(const char *phase)
{
	printf("ready_bench: %s: cmr takes from kept pages %ld, with lent pages %ld\n",
	       phase, hist_total("latency_ready_us"),
	       hist_total("latency_migrate_us"));
}

/*
 * The median of cmr's takes: what is left of its p50 is clearing and the
 * dma-buf, which no placement removes.
 */
static void report_take(const char *phase, const char *size, struct cell *c)
{
	if (!c->takes)
		return;
	qsort(c->take, c->takes, sizeof(c->take[0]), guest_cmp_double);
	printf("ready_bench: %s %s: cmr take p50 %.3f ms of %u\n", phase, size,
	       c->take[c->takes / 2], c->takes);
}

/* Pages migrated per sample, by area (the refill worker's counted too). */
static void report_migrated(const char *phase, const char *size,
			    struct cell *c)
{
	if (!traced_migrations || !c[CMA].n || !c[CMR].n ||
	    !strcmp(phase, "reserve"))
		return;
	printf("ready_bench: %s %s: pages migrated per sample: bench-cma %lu, bench-ready %lu\n",
	       phase, size, c[CMA].migrated / c[CMA].n,
	       c[CMR].migrated / c[CMR].n);
}

static void report(void)
{
	unsigned int ph, s, h;

	for (ph = 0; ph < CAMERA; ph++)
		for (s = 0; s < NR_SIZES; s++) {
			report_migrated(phases[ph], sizes[s].name,
					cells[ph][s]);
			report_take(phases[ph], sizes[s].name,
				    &cells[ph][s][CMR]);
			for (h = 0; h < NR_HEAPS; h++)
				report_cell(phases[ph], sizes[s].name, h,
					    &cells[ph][s][h]);
		}
	report_migrated("camera", "8x4K", cells[CAMERA][0]);
	report_take("camera", "8x4K", &cells[CAMERA][0][CMR]);
	for (h = 0; h < NR_HEAPS; h++)
		report_cell("camera", "8x4K", h, &cells[CAMERA][0][h]);
}

/* The CMA area's place, from the kernel's boot line; 0, or -1. */
static int cma_area(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	unsigned long long base;
	unsigned long mib;
	char rec[1024], *s;
	ssize_t len;

	if (fd < 0)
		return -1;
	while ((len = read(fd, rec, sizeof(rec) - 1)) > 0 || errno == EPIPE) {
		if (len <= 0)
			continue;
		rec[len] = '\0';
		s = strstr(rec, "created CMA memory pool at ");
		if (s && sscanf(s, "created CMA memory pool at %llx, size %lu MiB",
				&base, &mib) == 2) {
			area_lo[CMA] = base / 4096;
			area_hi[CMA] = area_lo[CMA] + mib * 256;
		}
	}
	close(fd);
	return area_hi[CMA] ? 0 : -1;
}

/* The areas, the heaps, tracefs; 0, or 1 with a FAIL line. */
static int setup(void)
{
	area_lo[CMR] = guest_hex(DIR "base") / 4096;
	area_hi[CMR] = area_lo[CMR] + guest_num(DIR "total_pages");
	if (!area_lo[CMR] || cma_area()) {
		printf("ready_bench: FAIL: no region bench-ready or CMA area\n");
		return 1;
	}
	if (guest_open_heaps(heaps, NR_HEAPS, heap_fd, "ready_bench"))
		return 1;
	mount("tracefs", TRACEFS, "tracefs", 0, NULL);
	guest_write(TRACEFS "buffer_size_kb", "4096");
	if (guest_write(RETRY_EVENT, "1"))
		printf("ready_bench: no trace event cma_alloc_busy_retry\n");
	traced_migrations = !guest_write(MIGRATE_EVENT, "0");
	return 0;
}

/* Idle, what the region lends and keeps, against its size and reserve. */
static void report_idle(void)
{
	long total = guest_num(DIR "total_pages");
	long ready = guest_num(DIR "ready_pages");

	sleep(2);	/* past the lend delay */
	printf("ready_bench: idle: region %ld ready %ld kept %ld lent %ld used %ld pages; CmaTotal %lld MiB, CmaFree %lld MiB\n",
	       total, ready, guest_num(DIR "kept_pages"),
	       guest_num(DIR "lent_pages"), guest_used("bench-ready", "(all)"),
	       guest_meminfo("CmaTotal") / MIB, guest_meminfo("CmaFree") / MIB);
}

/**
 * ready_bench() - time the CMA heap against a reusable region's heap with
 *	a ready reserve, lent out, with and without pinned pages
 *
 * Return: 0, or 1 if the board is not the bench board.
 */
unsigned int ready_bench(void)
{
	long long cma_total = guest_meminfo("CmaTotal");
	char ready[32];

	guest_small_pcp_lists();
	if (setup())
		return 1;
	report_idle();
	snprintf(ready, sizeof(ready), "%ld", guest_num(DIR "ready_pages"));
	report_takes("boot");
	bench_sizes(RESERVE, cma_total);
	report_takes("reserve");
	guest_write(DIR "ready_pages", "0");
	guest_write("/sys/module/cmr/parameters/lend_delay_ms", "0");
	/* Only from here: traced, the reserve phase's p99 moved. */
	if (traced_migrations)
		guest_write(MIGRATE_EVENT, "1");
	guest_write(TAKE_EVENT, "1");
	bench_sizes(BEYOND, cma_total);
	report_takes("beyond");
	bench_sizes(PINNED, cma_total);
	report_takes("pinned");
	guest_write("/sys/module/cmr/parameters/lend_delay_ms", "1000");
	guest_write(DIR "ready_pages", ready);
	bench_camera(cma_total);
	report_takes("camera");
	report();
	printf("ready_bench: done\n");
	return 0;
}
