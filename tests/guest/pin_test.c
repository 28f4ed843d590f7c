// SPDX-License-Identifier: GPL-2.0
/*
 * Guest test of held pages in a reusable region, run by /init when the
 * kernel command line has cmrtest=pin, on the region "reuse" of
 * dts/cmr-virt.dts:
 *
 *  1. a ballast fills ordinary memory; a pinner fills the region's lent
 *     pages with its anonymous memory, finds (/proc/self/pagemap) which
 *     of its pages sit in the region's first 8 MiB, and holds each with
 *     an extra reference by vmsplice()ing it into a pipe nobody reads;
 *  2. an 8 MiB buffer from the region's heap is allocated away from
 *     every held page (first fit would take the first 8 MiB), and no
 *     range was blamed: the ranges with held pages were weighed as bound
 *     to fail and not tried;
 *  3. the whole region cannot be had: the allocation fails, counted in
 *     blocked_reference, and the kernel's line names one of the held
 *     pages with the reason "extra reference" (/dev/kmsg);
 *  4. once the pinner is gone, the whole region can be allocated.
 *
 * One KTAP suite (ktap.h).
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

#define CHECK(cond, ...)	KTAP_CHECK(cond, __VA_ARGS__)

#define DIR		"/sys/kernel/mm/cmr/reuse/"
#define HEAP		"/dev/dma_heap/cmr-reuse"
#define MIB		(1024 * 1024UL)
#define PIN_AREA	(8 * MIB)	/* held pages sit in the first 8 MiB */

static unsigned long base_pfn, end_pfn;

/* Is a held page in [lo, hi] (pfns)? */
static int holds(const unsigned long *held, unsigned long n,
		 unsigned long lo, unsigned long hi)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		if (held[i] >= lo && held[i] <= hi)
			return 1;
	return 0;
}

/* The first range of the zone's buffer list, in pfns; -1 if none. */
static int buffer_range(unsigned long *lo, unsigned long *hi)
{
	FILE *f = fopen("/sys/kernel/debug/cmr/reuse/default/buffers", "r");
	unsigned long long a, b;
	char line[256];
	int ret = -1;

	if (!f)
		return -1;
	while (ret && fgets(line, sizeof(line), f))
		if (sscanf(line, "0x%llx..0x%llx", &a, &b) == 2) {
			*lo = a / 4096;
			*hi = b / 4096;
			ret = 0;
		}
	fclose(f);
	return ret;
}

/* The pfn the kernel's last "kept ... extra reference" line names, or 0. */
static unsigned long blamed_pfn(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	unsigned long pfn = 0, v;
	char rec[1024], *s;
	ssize_t len;

	if (fd < 0)
		return 0;
	while ((len = read(fd, rec, sizeof(rec) - 1)) > 0 || errno == EPIPE) {
		if (len <= 0)
			continue;
		rec[len] = '\0';
		s = strstr(rec, "cmr: region reuse: page 0x");
		if (s && strstr(s, "from being taken back: extra reference") &&
		    sscanf(s, "cmr: region reuse: page 0x%lx", &v) == 1)
			pfn = v;
	}
	close(fd);
	return pfn;
}

/* With the pages held: a buffer away from them, the whole region not. */
static void test_held(int heap, const unsigned long *held, unsigned long n)
{
	long before = guest_num(DIR "blocked_reference");
	unsigned long lo = 0, hi = 0, pfn;
	int fd;

	fd = guest_heap_alloc(heap, PIN_AREA, O_RDWR | O_CLOEXEC, 0);
	CHECK(fd >= 0, "8 MiB beside the held pages: %s", strerror(-fd));
	CHECK(!buffer_range(&lo, &hi), "no buffer listed in debugfs");
	ktap_diag("8 MiB buffer at pfns 0x%lx-0x%lx", lo, hi);
	CHECK(lo >= base_pfn && hi < end_pfn && !holds(held, n, lo, hi),
	      "buffer 0x%lx-0x%lx holds a held page", lo, hi);
	/* Weighed as bound to fail, the ranges held were not even tried. */
	CHECK(guest_num(DIR "blocked_reference") == before,
	      "blocked_reference %ld, was %ld: a range with held pages tried",
	      guest_num(DIR "blocked_reference"), before);
	if (fd >= 0)
		close(fd);

	fd = guest_heap_alloc(heap, (end_pfn - base_pfn) * 4096,
			      O_RDWR | O_CLOEXEC, 0);
	CHECK(fd == -ENOMEM, "the whole region with pages held: %d", fd);
	if (fd >= 0)
		close(fd);
	CHECK(guest_num(DIR "blocked_reference") > before,
	      "blocked_reference %ld, was %ld", guest_num(DIR "blocked_reference"),
	      before);
	pfn = blamed_pfn();
	ktap_diag("the kernel blamed pfn 0x%lx", pfn);
	CHECK(pfn && holds(held, n, pfn, pfn),
	      "the blamed pfn 0x%lx is none of the %lu held", pfn, n);
}

void pin_tests(void)
{
	unsigned long held[GUEST_HELD_MAX], n = 0;
	int up[2], down[2], heap, fd, status = -1;
	pid_t bpid, ppid;

	base_pfn = guest_hex(DIR "base") / 4096;
	end_pfn = base_pfn + guest_num(DIR "total_pages");
	CHECK(base_pfn && end_pfn > base_pfn, "no region reuse in sysfs");
	heap = open(HEAP, O_RDWR | O_CLOEXEC);
	CHECK(heap >= 0, "%s: %s", HEAP, strerror(errno));
	if (!base_pfn || heap < 0 || pipe(up) || pipe(down))
		return;
	bpid = fork();
	if (!bpid)
		guest_ballast(up[1], 64 * MIB);
	CHECK(bpid > 0 && !guest_hear(up[0]), "ballast did not start");
	ppid = fork();
	if (!ppid)
		guest_pinner(up[1], down[0], base_pfn,
			     base_pfn + PIN_AREA / 4096, 1);
	CHECK(ppid > 0 && read(up[0], &n, sizeof(n)) == sizeof(n) &&
	      n <= GUEST_HELD_MAX &&
	      read(up[0], held, n * sizeof(held[0])) ==
	      (ssize_t)(n * sizeof(held[0])), "pinner did not report");
	ktap_diag("%lu pages held, the first at pfn 0x%lx", n, n ? held[0] : 0);
	CHECK(n > 0, "no page of the pinner in the region's first 8 MiB");
	if (n > 0 && n <= GUEST_HELD_MAX)
		test_held(heap, held, n);
	guest_say(down[1]);
	waitpid(ppid, &status, 0);
	kill(bpid, SIGKILL);
	waitpid(bpid, NULL, 0);
	fd = guest_heap_alloc(heap, (end_pfn - base_pfn) * 4096,
			      O_RDWR | O_CLOEXEC, 0);
	CHECK(fd >= 0, "the whole region once the pages are let go: %s",
	      strerror(-fd));
	if (fd >= 0)
		close(fd);
	close(heap);
}
