// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the guest tests: region sizes and usage from debugfs,
 * memory figures, the processes that fill memory, and the few heap and
 * V4L2 calls several tests make.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/dma-heap.h>
#include <linux/videodev2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

/**
 * guest_parse_row() - one line of /sys/kernel/debug/cmr/regions
 * @line: the line
 * @r: its fields
 *
 * Return: 0, or -1 for the header or a line of another shape.
 */
int guest_parse_row(const char *line, struct guest_row *r)
{
	char range[48];

	if (sscanf(line, "%31s %31s %15s %47s %lu %lu %lu %lu %lu %u %lu %lu %lu %15s",
		   r->region, r->zone, r->strategy, range, &r->total, &r->used,
		   &r->peak, &r->largest, &r->extents, &r->frag, &r->allocs,
		   &r->fails, &r->ffails, r->kind) != 14)
		return -1;
	r->base = r->end = 0;
	sscanf(range, "%llx..%llx", &r->base, &r->end);
	return 0;
}

/**
 * guest_row() - the line of a zone, or of a region, in debugfs
 * @region: the region
 * @zone: the zone, or "(all)" for the region's own line
 * @r: its fields
 *
 * Return: 0, or -1 if there is no such line.
 */
int guest_row(const char *region, const char *zone, struct guest_row *r)
{
	char line[512];
	int found = 0;
	FILE *f = fopen("/sys/kernel/debug/cmr/regions", "r");

	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f))
		found = !guest_parse_row(line, r) &&
			!strcmp(r->region, region) && !strcmp(r->zone, zone);
	fclose(f);
	return found ? 0 : -1;
}

/* A zone's total (@total) or used pages, or -1 if there is no such line. */
static long guest_pages(const char *region, const char *zone, int total)
{
	struct guest_row r;

	if (guest_row(region, zone, &r))
		return -1;
	return total ? r.total : r.used;
}

/**
 * guest_used() - pages in use in a zone, from /sys/kernel/debug/cmr/regions
 * @region: the region
 * @zone: the zone, or "(all)" for the region's own line
 *
 * Return: the pages, or -1 if there is no such line.
 */
long guest_used(const char *region, const char *zone)
{
	return guest_pages(region, zone, 0);
}

/**
 * guest_total() - pages of a zone, as guest_used()
 * @region: the region
 * @zone: the zone, or "(all)" for the region's own line
 *
 * Return: the pages, or -1 if there is no such line.
 */
long guest_total(const char *region, const char *zone)
{
	return guest_pages(region, zone, 1);
}

/**
 * guest_meminfo() - a /proc/meminfo field
 * @field: its name, without the colon ("MemFree", "CmaFree", ...)
 *
 * Return: the value in bytes, or -1.
 */
long long guest_meminfo(const char *field)
{
	char line[128];
	size_t n = strlen(field);
	long long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, n) && line[n] == ':')
			kb = strtoll(line + n + 1, NULL, 10);
	fclose(f);
	return kb < 0 ? -1 : kb * 1024;
}

/**
 * guest_normal_free() - free memory outside CMA pageblocks, in bytes
 *
 * Return: what the page allocator may still use for anything.
 */
long long guest_normal_free(void)
{
	return guest_meminfo("MemFree") - guest_meminfo("CmaFree");
}

/**
 * guest_small_pcp_lists() - keep the per-cpu free lists short
 *
 * Freed pages wait on per-cpu lists, out of MemFree and CmaFree; on 6.12
 * those lists grow to an eighth of memory after large frees.  Keep them
 * at about 1 MiB per cpu so that free-memory figures are exact to a few
 * MiB.
 *
 * Return: 0, or -errno.
 */
int guest_small_pcp_lists(void)
{
	return guest_write("/proc/sys/vm/percpu_pagelist_high_fraction",
			   "100000");
}

/* One byte through a pipe: a step of a protocol between processes. */
void guest_say(int fd)
{
	char c = 1;

	if (write(fd, &c, 1) != 1)
		_exit(3);
}

/* Wait for guest_say() on the other end; 0, or -1 if it went away. */
int guest_hear(int fd)
{
	char c;

	return read(fd, &c, 1) == 1 ? 0 : -1;
}

/**
 * guest_ballast() - fill ordinary memory, for a child process
 * @to_parent: a pipe to guest_say() on once done
 * @keep: stop when ordinary free memory (guest_normal_free()) is this low
 *
 * Anonymous memory, touched, in 4 MiB steps; the page allocator keeps
 * its CMA pageblocks for last, so they stay free.  Holds it until killed.
 */
void guest_ballast(int to_parent, long long keep)
{
	char *p;

	while (guest_normal_free() > keep) {
		p = mmap(NULL, 4 << 20, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			break;
		memset(p, 0xba, 4 << 20);
	}
	guest_say(to_parent);
	pause();
	_exit(0);
}

/**
 * guest_pfn_of() - the page frame behind an address of this process
 * @pagemap: /proc/self/pagemap, open (root sees pfns)
 * @addr: the address
 *
 * Return: the pfn, or 0 if the page is not present.
 */
unsigned long guest_pfn_of(int pagemap, const void *addr)
{
	uint64_t e;
	off_t at = (uintptr_t)addr / 4096 * sizeof(e);

	if (pread(pagemap, &e, sizeof(e), at) != sizeof(e) || !(e >> 63))
		return 0;
	return e & ((1ULL << 55) - 1);
}

/* Hold the page at @p in the pipe @fd if it is a slot's first; 1 if held. */
static int guest_hold(int fd, char *p, unsigned long lo, unsigned long slot,
		      const unsigned long *held, unsigned long n)
{
	struct iovec iov = { .iov_base = p, .iov_len = 4096 };
	unsigned long i;

	for (i = 0; i < n; i++)
		if ((held[i] - lo) / slot == (held[n] - lo) / slot)
			return 0;
	return vmsplice(fd, &iov, 1, 0) == 4096;
}

/**
 * guest_pinner() - hold pages of a range in a pipe, for a child process
 * @to_parent: a pipe; gets how many pages are held, then their pfns
 * @from_parent: a pipe; the child exits when it hears from it
 * @lo: the range's first pfn
 * @hi: the pfn after it
 * @slot: pages per slot: one page held per slot of [@lo, @hi)
 *
 * Fills memory with anonymous pages, 1 MiB at a time (run a ballast first
 * so that they land in CMA pageblocks), until every slot (at most
 * GUEST_HELD_MAX) has a page held or memory runs low, and holds each page that is the first of its
 * in the range in a pipe nobody reads (vmsplice: an extra reference).
 */
void guest_pinner(int to_parent, int from_parent, unsigned long lo,
		  unsigned long hi, unsigned long slot)
{
	unsigned long held[GUEST_HELD_MAX + 1], n = 0, i, steps = 0, max;
	int pagemap = open("/proc/self/pagemap", O_RDONLY), pfd[2];
	char *p;

	if (pagemap < 0 || pipe(pfd) ||
	    fcntl(pfd[1], F_SETPIPE_SZ, 64 * 4096) < 0)
		_exit(2);
	max = (hi - lo + slot - 1) / slot;
	if (max > GUEST_HELD_MAX)
		max = GUEST_HELD_MAX;
	while (n < max && steps++ < 256 &&
	       guest_meminfo("CmaFree") > 2 << 20 &&
	       guest_normal_free() > 4 << 20) {
		p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			break;
		memset(p, 0x71, 1 << 20);
		for (i = 0; i < 1 << 20 && n < max; i += 4096) {
			held[n] = guest_pfn_of(pagemap, p + i);
			if (held[n] >= lo && held[n] < hi &&
			    guest_hold(pfd[1], p + i, lo, slot, held, n))
				n++;
		}
	}
	if (write(to_parent, &n, sizeof(n)) != sizeof(n) ||
	    write(to_parent, held, n * sizeof(held[0])) !=
	    (ssize_t)(n * sizeof(held[0])))
		_exit(3);
	guest_hear(from_parent);
	_exit(0);
}

/* CLOCK_MONOTONIC in milliseconds. */
double guest_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/**
 * guest_run() - run a program and keep what it prints
 * @path: the program, run with no argument
 * @out: where its standard output goes, NUL-terminated (cut to fit)
 * @len: size of @out
 *
 * Return: its exit status, or -1 if it could not run.
 */
int guest_run(const char *path, char *out, size_t len)
{
	int fd[2], status = -1;
	size_t n = 0;
	ssize_t r;
	pid_t pid;

	if (pipe(fd))
		return -1;
	pid = fork();
	if (!pid) {
		dup2(fd[1], STDOUT_FILENO);
		close(fd[0]);
		execl(path, path, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	while (len && n < len - 1 && (r = read(fd[0], out + n, len - 1 - n)) > 0)
		n += r;
	if (len)
		out[n] = '\0';
	close(fd[0]);
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/**
 * guest_cmrstat() - print /bin/cmrstat's table, each line tagged
 * @when: the tag: lines read "cmrstat[@when]: ..." for the host to pick
 */
void guest_cmrstat(const char *when)
{
	static char out[16384];
	char *line, *save = NULL;

	if (guest_run("/bin/cmrstat", out, sizeof(out))) {
		printf("cmrstat[%s]: cmrstat failed\n", when);
		return;
	}
	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		printf("cmrstat[%s]: %s\n", when, line);
	fflush(stdout);
}

/**
 * guest_open_heaps() - open dma-buf heaps by name, for a benchmark
 * @names: the heaps' names in /dev/dma_heap
 * @n: how many
 * @fds: their fds, in the same order
 * @tag: the benchmark's name, for the FAIL line
 *
 * Return: 0, or -1 with a "<tag>: FAIL: open" line when one is missing.
 */
int guest_open_heaps(const char *const *names, unsigned int n, int *fds,
		     const char *tag)
{
	char path[96];
	unsigned int h;

	for (h = 0; h < n; h++) {
		snprintf(path, sizeof(path), "/dev/dma_heap/%s", names[h]);
		fds[h] = open(path, O_RDONLY | O_CLOEXEC);
		if (fds[h] < 0) {
			printf("%s: FAIL: open %s: %s\n", tag, path,
			       strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* qsort() order of doubles, for the benchmarks' medians. */
int guest_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/**
 * guest_heap_alloc() - a buffer from a dma-buf heap
 * @heap: an open /dev/dma_heap/ fd
 * @len: bytes
 * @fd_flags: flags of the new fd (O_RDWR, O_CLOEXEC)
 * @heap_flags: the heap's flags
 *
 * Return: the buffer's fd, or -errno.
 */
int guest_heap_alloc(int heap, unsigned long long len, unsigned int fd_flags,
		     unsigned long long heap_flags)
{
	struct dma_heap_allocation_data d = {
		.len = len, .fd_flags = fd_flags, .heap_flags = heap_flags,
	};

	if (ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &d))
		return -errno;
	return d.fd;
}

/* ioctl(), again when a signal interrupts it. */
int guest_xioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret < 0 && errno == EINTR);
	return ret;
}

/**
 * guest_reqbufs() - VIDIOC_REQBUFS on a capture queue
 * @fd: the video device
 * @count: buffers; 0 frees them
 * @memory: V4L2_MEMORY_MMAP, _USERPTR or _DMABUF
 *
 * Return: the count the driver gave, or -errno.
 */
int guest_reqbufs(int fd, unsigned int count, unsigned int memory)
{
	struct v4l2_requestbuffers rb = {
		.count = count,
		.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
		.memory = memory,
	};

	if (guest_xioctl(fd, VIDIOC_REQBUFS, &rb))
		return -errno;
	return rb.count;
}

/**
 * guest_expbuf() - VIDIOC_EXPBUF of a capture queue's MMAP buffer
 * @fd: the video device
 * @index: the buffer
 *
 * Return: a dma-buf fd, or -errno.
 */
int guest_expbuf(int fd, unsigned int index)
{
	struct v4l2_exportbuffer eb = {
		.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
		.index = index,
		.flags = O_RDWR | O_CLOEXEC,
	};

	if (guest_xioctl(fd, VIDIOC_EXPBUF, &eb))
		return -errno;
	return eb.fd;
}

/**
 * guest_num() - the number a sysfs file holds
 * @path: the file
 *
 * Return: the number, or -1 if the file does not read as one.
 */
long guest_num(const char *path)
{
	char buf[64], *end;
	FILE *f = fopen(path, "r");
	long v = -1;

	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f)) {
		v = strtol(buf, &end, 10);
		if (end == buf || (*end && *end != '\n'))
			v = -1;
	}
	fclose(f);
	return v;
}

/**
 * guest_hex() - the hexadecimal number a sysfs file holds (an address)
 * @path: the file
 *
 * Return: the number, or 0 if the file does not read as one.
 */
unsigned long long guest_hex(const char *path)
{
	char buf[64] = "";
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return strtoull(buf, NULL, 16);
}

/**
 * guest_write() - write a string to a sysfs, debugfs or proc file
 * @path: the file
 * @val: what to write
 *
 * Return: 0, or -errno (what the kernel's handler returned).
 */
int guest_write(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/**
 * guest_v4l2_node() - the device file of a V4L2 node, by its name
 * @name: the node's name (sysfs "name"), e.g. "vivid-000-vid-cap"
 * @path: filled with "/dev/videoN"
 * @len: size of @path
 *
 * Return: 0, or -1 when no node has that name.
 */
int guest_v4l2_node(const char *name, char *path, size_t len)
{
	DIR *d = opendir("/sys/class/video4linux");
	char file[300], buf[64];
	struct dirent *e;
	int found = -1;
	FILE *f;

	while (d && found && (e = readdir(d))) {
		snprintf(file, sizeof(file), "/sys/class/video4linux/%s/name",
			 e->d_name);
		f = fopen(file, "r");
		if (!f)
			continue;
		if (fgets(buf, sizeof(buf), f) && !strncmp(buf, name,
							  strlen(name))) {
			snprintf(path, len, "/dev/%s", e->d_name);
			found = 0;
		}
		fclose(f);
	}
	if (d)
		closedir(d);
	return found;
}

/**
 * guest_dmabuf_attached() - is a device attached to a dma-buf now?
 * @dev: the device's name, or the start of it
 *
 * From the kernel's own list of dma-bufs and their importers
 * (/sys/kernel/debug/dma_buf/bufinfo: one tab-indented line per
 * attached device).
 *
 * Return: 1 if it is, else 0.
 */
int guest_dmabuf_attached(const char *dev)
{
	FILE *f = fopen("/sys/kernel/debug/dma_buf/bufinfo", "r");
	char line[256];
	int found = 0;

	while (f && !found && fgets(line, sizeof(line), f))
		found = line[0] == '\t' && !strncmp(line + 1, dev, strlen(dev));
	if (f)
		fclose(f);
	return found;
}
