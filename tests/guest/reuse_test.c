// SPDX-License-Identifier: GPL-2.0
/*
 * Guest test of a reusable region, run by /init when the kernel command
 * line has cmrtest=reuse, on the region "reuse" of dts/cmr-virt.dts:
 *
 *  1. it is lent: CmaTotal is its size, and it is free while idle;
 *  2. a ballast process fills ordinary memory, then an owner process
 *     fills the rest with patterned anonymous memory and tmpfs page cache
 *     until at least half the region holds its pages; the ballast exits;
 *  3. the whole region is allocated from /dev/dma_heap/cmr-reuse: it
 *     succeeds, the buffer reads as zeroes (none of the owner's data shows
 *     through), CmaFree drops to 0 (within the vmstat counters' per-cpu
 *     drift) and MemFree by the region's size;
 *  4. the owner finds its anonymous memory and file intact;
 *  5. once freed, the region's pages are kept for cmr.lend_delay_ms, then
 *     lent again.
 *
 * One KTAP suite (ktap.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"

#define KIB		1024UL
#define MIB		(1024 * KIB)
#define STEP		MIB
#define FILE_PATH	"/tmp/reuse-owner"

#define CHECK(cond, ...)	KTAP_CHECK(cond, __VA_ARGS__)

static unsigned char pattern(unsigned long chunk, unsigned long i)
{
	return (chunk * 13 + i * 7 + i / 4096) & 0xff;
}

/*
 * The owner: anonymous memory and tmpfs pages, both patterned, a step at
 * a time until CmaFree is at most @cma_left (or ordinary memory runs low).
 * Then waits for the word, checks every byte, and exits 0 if all match.
 */
static void owner(int to_parent, int from_parent, long long cma_left)
{
	static char *chunks[4096];
	unsigned long n = 0, c, i;
	char buf[4096];
	int fd, bad = 0;

	fd = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		_exit(2);
	while (n < 4096 && guest_meminfo("CmaFree") > cma_left &&
	       guest_normal_free() > 8 * MIB) {
		chunks[n] = mmap(NULL, STEP, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (chunks[n] == MAP_FAILED)
			break;
		for (i = 0; i < STEP; i++)
			chunks[n][i] = pattern(n, i);
		for (i = 0; i < STEP; i += sizeof(buf)) {
			memset(buf, pattern(n + 4096, i / sizeof(buf)),
			       sizeof(buf));
			if (write(fd, buf, sizeof(buf)) != sizeof(buf))
				_exit(2);
		}
		n++;
	}
	guest_say(to_parent);
	if (guest_hear(from_parent))
		_exit(3);
	for (c = 0; c < n; c++)
		for (i = 0; i < STEP; i++)
			bad += chunks[c][i] != (char)pattern(c, i);
	lseek(fd, 0, SEEK_SET);
	for (c = 0; c < n; c++)
		for (i = 0; i < STEP; i += sizeof(buf)) {
			if (read(fd, buf, sizeof(buf)) != sizeof(buf) ||
			    buf[0] != (char)pattern(c + 4096, i / sizeof(buf)) ||
			    memcmp(buf, buf + 1, sizeof(buf) - 1))
				bad++;
		}
	ktap_diag("owner held %lu MiB anonymous + %lu MiB tmpfs, %d bad",
	          n, n, bad);
	_exit(bad ? 1 : 0);
}

/* Allocate the whole region from its heap, look, free; owner still alive. */
static void take_whole(long long size, long long lent, long long mem_free)
{
	long long cma_free, freed, kept;
	unsigned long i, nonzero = 0;
	unsigned char *p;
	double t;
	int heap, fd;

	heap = open("/dev/dma_heap/cmr-reuse", O_RDONLY | O_CLOEXEC);
	CHECK(heap >= 0, "open /dev/dma_heap/cmr-reuse: %s", strerror(errno));
	if (heap < 0)
		return;
	/* Kept pages (the lend delay of earlier buffers) are not in MemFree. */
	kept = guest_num("/sys/kernel/mm/cmr/reuse/kept_pages") * 4096;
	t = guest_now_ms();
	fd = guest_heap_alloc(heap, size, O_RDWR | O_CLOEXEC, 0);
	t = guest_now_ms() - t;
	CHECK(fd >= 0, "whole region from the heap: %s", strerror(-fd));
	close(heap);
	if (fd < 0)
		return;
	ktap_diag("took back %lld MiB (%lld MiB lent) in %.1f ms",
	          size / MIB, lent / MIB, t);
	cma_free = guest_meminfo("CmaFree");
	freed = mem_free - guest_meminfo("MemFree");
	ktap_diag("held: CmaFree %lld KiB, MemFree down %lld KiB",
	          cma_free / 1024, freed / 1024);
	/* Exact but for the per-cpu counter deltas not yet folded in. */
	CHECK(cma_free <= 512 * 1024, "CmaFree %lld KiB with the region held",
	      cma_free / 1024);
	/* All of it but the kept pages leaves free memory, as free CMA or by migration. */
	CHECK(freed > size - kept - 8 * (long long)MIB &&
	      freed < size - kept + 8 * (long long)MIB,
	      "MemFree dropped by %lld KiB, region %lld KiB, %lld KiB kept",
	      freed / 1024, size / 1024, kept / 1024);
	CHECK(guest_used("reuse", "(all)") == size / 4096,
	      "region usage %ld pages, want %lld", guest_used("reuse", "(all)"),
	      size / 4096);

	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	if (p != MAP_FAILED) {
		for (i = 0; i < size; i++)
			nonzero += p[i] != 0;
		CHECK(!nonzero, "%lu bytes of a new buffer are not zero", nonzero);
		memset(p, 0x3c, size);
		munmap(p, size);
	}
	close(fd);
	CHECK(guest_used("reuse", "(all)") == 0, "region usage %ld after free",
	      guest_used("reuse", "(all)"));
	/* Kept for cmr.lend_delay_ms (1 s), then lent again. */
	t = guest_now_ms();
	cma_free = guest_meminfo("CmaFree");
	CHECK(cma_free < 4 * (long long)MIB,
	      "CmaFree %lld KiB at once after the free: not kept", cma_free / 1024);
	while (cma_free < size - 8 * (long long)MIB && guest_now_ms() - t < 5000) {
		usleep(50000);
		cma_free = guest_meminfo("CmaFree");
	}
	ktap_diag("lent again after %.0f ms: CmaFree %lld KiB",
	          guest_now_ms() - t, cma_free / 1024);
	CHECK(cma_free >= size - 8 * (long long)MIB && guest_now_ms() - t > 500,
	      "CmaFree %lld KiB after the lend delay", cma_free / 1024);
}

void reuse_tests(void)
{
	int up[2], down[2], status = -1;
	long long size, cma_total, cma_free, lent, mem_free;
	pid_t bpid, opid;

	CHECK(!guest_small_pcp_lists(), "percpu_pagelist_high_fraction: %s",
	      strerror(errno));
	mkdir("/tmp", 0755);
	CHECK(!mount("tmpfs", "/tmp", "tmpfs", 0, NULL), "mount tmpfs: %s",
	      strerror(errno));
	size = guest_total("reuse", "(all)") * 4096;
	CHECK(size > 0, "no region reuse in debugfs");
	cma_total = guest_meminfo("CmaTotal");
	cma_free = guest_meminfo("CmaFree");
	ktap_diag("idle: MemTotal %lld MiB, CmaTotal %lld MiB, CmaFree %lld MiB",
	          guest_meminfo("MemTotal") / MIB, cma_total / MIB, cma_free / MIB);
	CHECK(cma_total == size, "CmaTotal %lld KiB, region %lld KiB",
	      cma_total / 1024, size / 1024);
	CHECK(cma_free > size / 2, "idle region not free: CmaFree %lld KiB",
	      cma_free / 1024);
	if (size <= 0 || pipe(up) || pipe(down))
		goto out;

	/* Ordinary memory down to twice the region: the owner fills the rest. */
	bpid = fork();
	if (!bpid)
		guest_ballast(up[1], 2 * size);
	CHECK(bpid > 0 && !guest_hear(up[0]), "ballast did not start");
	opid = fork();
	if (!opid)
		owner(up[1], down[0], size / 2);
	CHECK(opid > 0 && !guest_hear(up[0]), "owner did not start");
	lent = size - guest_meminfo("CmaFree");
	ktap_diag("filled: MemFree %lld MiB, CmaFree %lld MiB",
	          guest_meminfo("MemFree") / MIB, guest_meminfo("CmaFree") / MIB);
	CHECK(lent >= size / 2, "only %lld KiB of the region lent", lent / 1024);
	kill(bpid, SIGKILL);
	waitpid(bpid, NULL, 0);

	mem_free = guest_meminfo("MemFree");
	lent = size - guest_meminfo("CmaFree");
	take_whole(size, lent, mem_free);

	guest_say(down[1]);
	waitpid(opid, &status, 0);
	CHECK(WIFEXITED(status) && !WEXITSTATUS(status),
	      "owner's data changed (status %#x)", status);
	/* Lent again: freed pages may wait in per-cpu lists for a while. */
	cma_free = guest_meminfo("CmaFree");
	CHECK(cma_free > size - 8 * (long long)MIB,
	      "CmaFree %lld KiB after the buffer is freed", cma_free / 1024);
	unlink(FILE_PATH);
out:
	return;
}
