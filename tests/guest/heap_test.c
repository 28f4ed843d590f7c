// SPDX-License-Identifier: GPL-2.0
/*
 * Guest tests of cmr's dma-buf heaps, run by /init when the kernel command
 * line has cmrtest=heap: for a region in the linear map (camera, and its
 * -uncached twin), a no-map one (codec) and a reusable one (reuse, both
 * variants), allocate from /dev/dma_heap/cmr-<region>, write a
 * pattern through mmap, pass the fd to a child process over a unix socket,
 * check the pattern there, free, and follow the region's usage; then the
 * errors of bad requests; a zone's own heap; and the names programs
 * open for the board's default heap, camera's in dts/cmr-virt.dts.  One
 * KTAP suite (ktap.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"

#define PAGE		4096UL

#define CHECK(cond, ...)	KTAP_CHECK(cond, __VA_ARGS__)

/* Pages in use in the region @name, or -1. */
static long used_of(const char *name)
{
	return guest_used(name, "(all)");
}

static int buf_sync(int fd, unsigned long long flags)
{
	struct dma_buf_sync s = { .flags = flags };

	return ioctl(fd, DMA_BUF_IOCTL_SYNC, &s) ? -errno : 0;
}

static unsigned char pattern(unsigned long i)
{
	return (i * 7 + i / PAGE) & 0xff;
}

/* Send @fd over @sock. */
static int send_fd(int sock, int fd)
{
	char c = 0, cbuf[CMSG_SPACE(sizeof(int))] = { };
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -errno;
}

/* Receive a fd from @sock, or -1. */
static int recv_fd(int sock)
{
	char c, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	int fd = -1;

	if (recvmsg(sock, &msg, 0) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&msg);
	if (cm && cm->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

/* The child: map the fd it receives and check the pattern; exit 0 if ok. */
static int child_check(int sock, unsigned long len)
{
	int fd = recv_fd(sock);
	unsigned char *p;
	unsigned long i;

	if (fd < 0)
		return 2;
	p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return 3;
	buf_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
	for (i = 0; i < len; i += 61)
		if (p[i] != pattern(i))
			return 4;
	buf_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
	munmap(p, len);
	close(fd);
	return 0;
}

/*
 * 1 MiB and a bit from @region's heap (@variant "" or "-uncached"): usage
 * up by its pages while the fd lives, pattern seen by a second process,
 * usage back after both let go.
 */
static void test_share(const char *region, const char *variant)
{
	unsigned long len = (1UL << 20) + 3 * PAGE, i;
	char path[64];
	unsigned char *p;
	long u0 = used_of(region);
	int heap, fd, sv[2], status = -1;
	pid_t pid;

	snprintf(path, sizeof(path), "/dev/dma_heap/cmr-%s%s", region, variant);
	heap = open(path, O_RDONLY | O_CLOEXEC);
	CHECK(heap >= 0, "open %s: %s", path, strerror(errno));
	if (heap < 0)
		return;
	CHECK(u0 >= 0, "no usage line for region %s", region);
	fd = guest_heap_alloc(heap, len, O_RDWR | O_CLOEXEC, 0);
	CHECK(fd >= 0, "%s: ALLOC of %lu bytes: %d", path, len, fd);
	if (fd < 0)
		goto out;
	CHECK(used_of(region) == u0 + (long)(len / PAGE),
	      "%s: %ld pages used, want %ld", region, used_of(region),
	      u0 + (long)(len / PAGE));
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	if (p == MAP_FAILED)
		goto close_fd;
	CHECK(p[0] == 0 && p[len - 1] == 0, "a new buffer is not cleared");
	CHECK(!buf_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE),
	      "SYNC_START");
	for (i = 0; i < len; i++)
		p[i] = pattern(i);
	CHECK(!buf_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE),
	      "SYNC_END");
	munmap(p, len);

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
		CHECK(0, "socketpair: %s", strerror(errno));
		goto close_fd;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		_exit(child_check(sv[1], len));
	}
	close(sv[1]);
	CHECK(pid > 0 && !send_fd(sv[0], fd), "passing the fd: %s",
	      strerror(errno));
	if (pid > 0)
		waitpid(pid, &status, 0);
	close(sv[0]);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "%s: the second process saw the pattern: status %#x", region,
	      status);
close_fd:
	close(fd);
	CHECK(used_of(region) == u0, "%s: after close: %ld pages, want %ld",
	      region, used_of(region), u0);
out:
	close(heap);
}

/* Requests the heap must refuse, each with its errno, taking nothing. */
static void test_bad(const char *region, unsigned long region_bytes)
{
	char path[64];
	long u0 = used_of(region);
	int heap, ret;

	snprintf(path, sizeof(path), "/dev/dma_heap/cmr-%s", region);
	heap = open(path, O_RDONLY | O_CLOEXEC);
	if (heap < 0) {
		CHECK(0, "open %s: %s", path, strerror(errno));
		return;
	}
	ret = guest_heap_alloc(heap, 0, O_RDWR, 0);
	CHECK(ret == -EINVAL, "ALLOC of 0 bytes: %d, want %d", ret, -EINVAL);
	ret = guest_heap_alloc(heap, region_bytes + PAGE, O_RDWR, 0);
	CHECK(ret == -ENOMEM, "ALLOC larger than the region: %d, want %d",
	      ret, -ENOMEM);
	ret = guest_heap_alloc(heap, PAGE, O_RDWR, 1);
	CHECK(ret == -EINVAL, "ALLOC with heap flags: %d, want %d", ret,
	      -EINVAL);
	ret = guest_heap_alloc(heap, PAGE, 0x40000000, 0);
	CHECK(ret == -EINVAL, "ALLOC with unknown fd flags: %d, want %d", ret,
	      -EINVAL);
	/* The dma-heap core answers an unknown command with EINVAL. */
	ret = ioctl(heap, _IOWR(DMA_HEAP_IOC_MAGIC, 0x7, int), &ret);
	CHECK(ret < 0 && errno == EINVAL, "unknown ioctl: %d (%s), want EINVAL",
	      ret, strerror(errno));
	CHECK(used_of(region) == u0, "refused requests took %ld pages",
	      used_of(region) - u0);
	close(heap);
}

/*
 * The heap of zoned's zone meta: a buffer from it takes pages of meta
 * only, and one larger than meta fails with ENOMEM.
 */
static void test_zone_heap(void)
{
	long meta0 = guest_used("zoned", "meta");
	long def0 = guest_used("zoned", "default");
	int heap, fd;

	heap = open("/dev/dma_heap/cmr-zoned-meta", O_RDONLY | O_CLOEXEC);
	CHECK(heap >= 0, "open /dev/dma_heap/cmr-zoned-meta: %s",
	      strerror(errno));
	if (heap < 0)
		return;
	fd = guest_heap_alloc(heap, 16 * PAGE, O_RDWR | O_CLOEXEC, 0);
	CHECK(fd >= 0, "ALLOC from the zone's heap: %d", fd);
	CHECK(guest_used("zoned", "meta") == meta0 + 16 &&
	      guest_used("zoned", "default") == def0,
	      "zone heap: meta %ld (want %ld), default %ld (want %ld)",
	      guest_used("zoned", "meta"), meta0 + 16,
	      guest_used("zoned", "default"), def0);
	/* meta holds 1 MiB: 2 MiB is more than the zone, whatever else. */
	CHECK(guest_heap_alloc(heap, 512 * PAGE, O_RDWR, 0) == -ENOMEM,
	      "ALLOC larger than the zone");
	if (fd >= 0)
		close(fd);
	CHECK(guest_used("zoned", "meta") == meta0,
	      "zone heap: meta %ld after close", guest_used("zoned", "meta"));
	close(heap);
}

/*
 * The board's default heap under the names user space opens without
 * being told one (libcamera, the 6.17+ kernel, Raspberry Pi's stack):
 * each is the region camera's heap, cleared like cmr-camera's.
 */
static void test_default_names(void)
{
	static const char *const names[] = {
		"linux,cma", "reserved", "default_cma_region", "vidbuf_cached",
	};
	unsigned int i, n = 256;
	unsigned char *p;
	char path[64];
	long u0 = used_of("camera");
	int heap, fd;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "/dev/dma_heap/%s", names[i]);
		heap = open(path, O_RDONLY | O_CLOEXEC);
		fd = heap < 0 ? -errno : guest_heap_alloc(heap, n * PAGE, O_RDWR, 0);
		CHECK(fd >= 0 && used_of("camera") == u0 + n,
		      "%s: ALLOC %d, camera %ld pages, want %ld", path, fd,
		      used_of("camera"), u0 + n);
		p = fd < 0 ? MAP_FAILED : mmap(NULL, n * PAGE, PROT_READ,
						MAP_SHARED, fd, 0);
		CHECK(p != MAP_FAILED && !p[0] && !p[n * PAGE - 1],
		      "%s: the buffer maps, cleared", path);
		if (p != MAP_FAILED)
			munmap(p, n * PAGE);
		if (fd >= 0)
			close(fd);
		if (heap >= 0)
			close(heap);
		CHECK(used_of("camera") == u0, "%s: camera %ld pages after close",
		      path, used_of("camera"));
	}
}

/**
 * heap_tests() - run the dma-buf heap guest tests
 */
void heap_tests(void)
{
	test_share("camera", "");
	test_share("camera", "-uncached");
	test_share("codec", "");
	test_share("reuse", "");
	test_share("reuse", "-uncached");
	/* A no-map region's heap is write-combined already: no twin. */
	CHECK(access("/dev/dma_heap/cmr-codec-uncached", F_OK) && errno == ENOENT,
	      "cmr-codec-uncached exists");
	CHECK(!access("/dev/dma_heap/cmr-zoned-meta-uncached", F_OK),
	      "no cmr-zoned-meta-uncached: %s", strerror(errno));
	test_bad("camera", guest_total("camera", "(all)") * 4096UL);
	test_zone_heap();
	test_default_names();
}
