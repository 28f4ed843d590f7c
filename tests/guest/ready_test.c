// SPDX-License-Identifier: GPL-2.0
/*
 * Guest test of a reusable region's ready reserve, run by /init when the
 * kernel command line has cmrtest=ready, on the region "reuse" of
 * dts/cmr-virt.dts given an 8 MiB reserve by cmr=reuse:32M,ready=8M:
 *
 *  1. after boot the reserve is kept, unlent, within READY_BOUND_MS:
 *     ready_pages, kept_pages and lent_pages add up, and CmaFree holds no
 *     more than the lent pages;
 *  2. a buffer larger than the reserve, then the reserve's worth of small
 *     ones, all succeed; while they are held, the worker fills the
 *     reserve again within READY_BOUND_MS after each;
 *  3. once they are freed and the lend delay is over, what stays out of
 *     the page allocator is the reserve;
 *  4. ready_pages resizes the reserve at run time, both ways;
 *  5. bad writes to ready_pages (too large, not a number) are refused
 *     with -EINVAL and change nothing; a user other than root cannot
 *     write it;
 *  6. buffers from the reserve read as zeroes, whether the last one's
 *     pages were cleared by the worker or not yet;
 *  7. the latency histograms count the burst: the takes from the
 *     reserve, the takes that needed lent pages, the worker's passes;
 *  8. cmrstat shows what the region lends, keeps and holds ready, and
 *     the histograms.
 *
 * One KTAP suite (ktap.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"

#define CHECK(cond, ...)	KTAP_CHECK(cond, __VA_ARGS__)

#define DIR		"/sys/kernel/mm/cmr/reuse/"
#define HEAP		"/dev/dma_heap/cmr-reuse"
#define MIB		(1024 * 1024LL)
#define PAGES_PER_MIB	256
/* How long the worker may take to fill 8 MiB under QEMU TCG. */
#define READY_BOUND_MS	2000
#define BURST		8	/* buffers of 1 MiB: the reserve's worth */

/* Latencies counted in a histogram file (a line of bucket counts). */
static long hist_total(const char *file)
{
	char path[128];
	long n = 0, v;
	FILE *f;

	snprintf(path, sizeof(path), DIR "%s", file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fscanf(f, "%ld", &v) == 1)
		n += v;
	fclose(f);
	return n;
}

static long rd(const char *file)
{
	char path[128];

	snprintf(path, sizeof(path), DIR "%s", file);
	return guest_num(path);
}

/* Wait until kept_pages is @want (or at least, if @least): ms, or -1. */
static double wait_kept(long want, int least, double bound_ms)
{
	double t0 = guest_now_ms();
	long kept;

	for (;;) {
		kept = rd("kept_pages");
		if (kept == want || (least && kept > want))
			return guest_now_ms() - t0;
		if (guest_now_ms() - t0 > bound_ms)
			return -1;
		usleep(10000);
	}
}

/*
 * The refill passes counted since @since: a pass is timed when it ends,
 * a little after its last pages are kept, so wait for @want of them.
 */
static long refill_passes(long since, long want)
{
	double t0 = guest_now_ms();
	long n;

	while ((n = hist_total("latency_refill_us") - since) < want &&
	       guest_now_ms() - t0 < READY_BOUND_MS)
		usleep(10000);
	return n;
}

/* kept, lent and used pages make up the region; CmaFree is lent or less. */
static void check_figures(const char *when)
{
	long total = rd("total_pages"), used = rd("used_pages");
	long kept = rd("kept_pages"), lent = rd("lent_pages");
	long long cma_free = guest_meminfo("CmaFree");

	ktap_diag("%s: ready %ld, kept %ld, lent %ld, used %ld of %ld pages; CmaFree %lld KiB",
		  when, rd("ready_pages"), kept, lent, used, total,
		  cma_free / 1024);
	CHECK(total > 0 && kept + lent + used == total,
	      "%s: kept %ld + lent %ld + used %ld != %ld", when, kept, lent,
	      used, total);
	CHECK(cma_free <= lent * 4096 + MIB,
	      "%s: CmaFree %lld KiB, only %ld pages lent", when,
	      cma_free / 1024, lent);
}

/* Allocate @n buffers of @mib MiB from the heap into @fd: how many. */
static int burst(int heap, int *fd, int n, long long mib)
{
	int i, ok = 0;

	for (i = 0; i < n; i++) {
		fd[i] = heap >= 0 ? guest_heap_alloc(heap, mib * MIB,
						      O_RDWR | O_CLOEXEC, 0) :
				    -1;
		ok += fd[i] >= 0;
	}
	return ok;
}

/* After a burst, the worker fills the reserve again within the bound. */
static void refilled(long ready, const char *after)
{
	double t = wait_kept(ready, 1, READY_BOUND_MS);

	ktap_diag("reserve filled again %.0f ms after %s", t, after);
	CHECK(t >= 0, "reserve not filled again within %d ms after %s: kept %ld",
	      READY_BOUND_MS, after, rd("kept_pages"));
}

/*
 * One buffer larger than the reserve (it needs lent pages), then the
 * reserve's worth in small ones (from kept pages), held while the worker
 * fills the reserve again each time; the histograms count each kind.
 */
static void test_burst(long ready)
{
	int heap = open(HEAP, O_RDWR | O_CLOEXEC), fd[BURST + 1], i;
	long hist0[3], d[3];
	static const char *const hist[3] = {
		"latency_ready_us", "latency_migrate_us", "latency_refill_us",
	};
	double t;

	/* No more kept than the reserve: the boot's own tests are done. */
	CHECK(wait_kept(ready, 0, 1000 + READY_BOUND_MS) >= 0,
	      "kept %ld pages, not the reserve's %ld, before the burst",
	      rd("kept_pages"), ready);
	for (i = 0; i < 3; i++)
		hist0[i] = hist_total(hist[i]);
	CHECK(heap >= 0, "%s: %s", HEAP, strerror(errno));
	CHECK(burst(heap, fd, 1, 12) == 1, "a 12 MiB buffer: %s",
	      strerror(errno));
	refilled(ready, "a 12 MiB buffer");
	CHECK(burst(heap, fd + 1, BURST, 1) == BURST,
	      "burst: not %d buffers of 1 MiB", BURST);
	refilled(ready, "the reserve's worth of 1 MiB buffers");
	check_figures("burst held");
	d[2] = refill_passes(hist0[2], 2);
	for (i = 0; i < 2; i++)
		d[i] = hist_total(hist[i]) - hist0[i];
	ktap_diag("takes from kept pages %ld, needing migration %ld, refills %ld",
		  d[0], d[1], d[2]);
	CHECK(hist0[0] >= 0 && d[0] >= BURST, "%s: %ld takes, not %d", hist[0],
	      d[0], BURST);
	CHECK(hist0[1] >= 0 && d[1] >= 1, "%s: no take beyond the reserve",
	      hist[1]);
	CHECK(hist0[2] >= 0 && d[2] >= 2, "%s: %ld passes of the worker, not 2",
	      hist[2], d[2]);
	for (i = 0; i < BURST + 1; i++)
		if (fd[i] >= 0)
			close(fd[i]);
	if (heap >= 0)
		close(heap);
	/* Released pages are kept for the lend delay (1 s), then lent. */
	t = wait_kept(ready, 0, 1000 + 3 * READY_BOUND_MS);
	CHECK(t >= 0, "kept %ld pages, not the reserve's %ld, once idle",
	      rd("kept_pages"), ready);
	check_figures("idle again");
}

/* Resize at run time: smaller is lent at once, larger filled. */
static void test_resize(long ready)
{
	char val[32];
	long sizes[] = { ready / 2, ready * 2, ready }, i;

	for (i = 0; i < 3; i++) {
		snprintf(val, sizeof(val), "%ld", sizes[i]);
		CHECK(!guest_write(DIR "ready_pages", val),
		      "ready_pages %s: %s", val, strerror(errno));
		CHECK(rd("ready_pages") == sizes[i], "ready_pages reads %ld",
		      rd("ready_pages"));
		CHECK(wait_kept(sizes[i], 0, READY_BOUND_MS) >= 0,
		      "ready_pages %ld: kept %ld", sizes[i], rd("kept_pages"));
	}
	check_figures("resized");
}

/* Refused writes, and a user without permission. */
static void test_bad_writes(long ready)
{
	int status = -1, ret;
	pid_t pid;

	ret = guest_write(DIR "ready_pages", "99999999");
	CHECK(ret == -EINVAL, "ready_pages 99999999: %d", ret);
	ret = guest_write(DIR "ready_pages", "lots");
	CHECK(ret == -EINVAL, "ready_pages lots: %d", ret);
	CHECK(rd("ready_pages") == ready, "ready_pages changed to %ld",
	      rd("ready_pages"));
	pid = fork();
	if (!pid) {
		if (setgid(65534) || setuid(65534))
			_exit(2);
		_exit(guest_write(DIR "ready_pages", "0") == -EACCES ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && !WEXITSTATUS(status),
	      "nobody's write to ready_pages not refused (status %#x)",
	      status);
	CHECK(rd("ready_pages") == ready, "ready_pages changed to %ld",
	      rd("ready_pages"));
}

/* /bin/cmrstat (scripts/cmrstat.c): the lending line of "reuse". */
static void test_cmrstat(void)
{
	static char out[16384];
	int ret = guest_run("/bin/cmrstat", out, sizeof(out));

	guest_cmrstat("ready");
	CHECK(ret == 0 && strstr(out, "kept 8.0M (ready reserve 8.0M)") &&
	      strstr(out, "takes from kept pages: ") &&
	      strstr(out, "takes needing migration: ") &&
	      strstr(out, "reserve refills: "),
	      "cmrstat (exit %d) lacks the reserve or its latencies:\n%s",
	      ret, out);
}

/* Bytes of a new 4 MiB buffer of the heap that are not zero; -1 if none. */
static long fresh_nonzero(int heap, unsigned char fill)
{
	int fd = guest_heap_alloc(heap, 4 * MIB, O_RDWR | O_CLOEXEC, 0);
	unsigned char *p;
	long i, n = 0;

	if (fd < 0)
		return -1;
	p = mmap(NULL, 4 * MIB, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		close(fd);
		return -1;
	}
	for (i = 0; i < 4 * MIB; i++)
		n += p[i] != 0;
	memset(p, fill, 4 * MIB);	/* left for the next buffer to meet */
	munmap(p, 4 * MIB);
	close(fd);
	return n;
}

/*
 * The worker clears the reserve ahead of time; a buffer written and
 * released leaves nothing for the next one to read, whether that comes
 * at once (before the worker has cleared the pages) or later.
 */
static void test_cleared(void)
{
	int heap = open(HEAP, O_RDWR | O_CLOEXEC);
	long n0, n1, n2;

	n0 = fresh_nonzero(heap, 0xa5);
	n1 = fresh_nonzero(heap, 0x5a);
	usleep(500 * 1000);
	n2 = fresh_nonzero(heap, 0xc3);
	CHECK(!n0 && !n1 && !n2,
	      "new buffers from the reserve hold %ld, %ld, %ld bytes not zero",
	      n0, n1, n2);
	if (heap >= 0)
		close(heap);
}

void ready_tests(void)
{
	long ready = rd("ready_pages");
	double t;

	CHECK(!guest_small_pcp_lists(), "percpu_pagelist_high_fraction: %s",
	      strerror(errno));
	CHECK(ready == 8 * PAGES_PER_MIB, "ready_pages %ld, not 8 MiB", ready);
	if (ready <= 0)
		return;
	t = wait_kept(ready, 1, READY_BOUND_MS);
	ktap_diag("reserve kept %.0f ms into the test", t);
	CHECK(t >= 0, "reserve not kept after boot: kept %ld",
	      rd("kept_pages"));
	check_figures("boot");
	test_burst(ready);
	test_cleared();
	test_resize(ready);
	test_bad_writes(ready);
	test_cmrstat();
}
