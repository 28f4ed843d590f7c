// SPDX-License-Identifier: GPL-2.0
/*
 * Guest tests of vb2_cmr_memops through the test devices of
 * dts/cmr-virt.dts (/dev/video0 and /dev/video1 on the cmr region "video",
 * /dev/video2 on the no-map region "codec"), run by /init when the kernel
 * command line has cmrtest=vb2.
 * The region's usage comes from its "(all)" line in
 * /sys/kernel/debug/cmr/regions.  One KTAP suite (ktap.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "guest.h"

#define VB2_REGION	"video"
#define VB2_NOMAP_REGION "codec"
#define VB2_MAX_BUFS	8
#define VB2_FRAMES	24
#define PAGE		4096UL

#define CHECK(cond, ...)	KTAP_CHECK(cond, __VA_ARGS__)

/* Pages in use in the region @name, or -1. */
static long region_used_of(const char *name)
{
	return guest_used(name, "(all)");
}

/* Pages in use in the test devices' region, or -1. */
static long region_used(void)
{
	return region_used_of(VB2_REGION);
}

static int set_format(int fd, unsigned int w, unsigned int h,
		      unsigned int *sizeimage)
{
	struct v4l2_format f = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };

	f.fmt.pix.width = w;
	f.fmt.pix.height = h;
	f.fmt.pix.pixelformat = V4L2_PIX_FMT_YUYV;
	if (guest_xioctl(fd, VIDIOC_S_FMT, &f))
		return -errno;
	*sizeimage = f.fmt.pix.sizeimage;
	return 0;
}

static int reqbufs(int fd, unsigned int count)
{
	return guest_reqbufs(fd, count, V4L2_MEMORY_MMAP);
}

static int stream(int fd, int on)
{
	enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;

	return guest_xioctl(fd, on ? VIDIOC_STREAMON : VIDIOC_STREAMOFF, &type) ?
	       -errno : 0;
}

static unsigned long pages_of(unsigned int bytes)
{
	return (bytes + PAGE - 1) / PAGE;
}

/* Every 509th byte, and the last one, as the test device writes them. */
static int pattern_ok(const unsigned char *p, unsigned int len,
		      unsigned int seq)
{
	unsigned int i;

	for (i = 0; i < len; i += 509)
		if (p[i] != ((seq + i / 4096 + i) & 0xff))
			return 0;
	i = len - 1;
	return p[i] == ((seq + i / 4096 + i) & 0xff);
}

/*
 * MMAP streaming on @dev: REQBUFS, QUERYBUF, mmap, QBUF/DQBUF over
 * VB2_FRAMES frames with the pattern checked; @region's usage rises at
 * REQBUFS, stays at STREAMOFF, and falls back at REQBUFS(0) and at close.
 */
static void test_mmap_streaming(const char *dev, const char *region)
{
	enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	unsigned char *map[VB2_MAX_BUFS] = { };
	unsigned int size = 0, i, n, frames = 0, bad = 0, last = 0;
	long u0, u1;
	int fd, count;

	fd = open(dev, O_RDWR);
	CHECK(fd >= 0, "open %s: %s", dev, strerror(errno));
	if (fd < 0)
		return;
	CHECK(!set_format(fd, 640, 480, &size) && size == 640 * 480 * 2,
	      "S_FMT 640x480 YUYV: sizeimage %u", size);
	u0 = region_used_of(region);
	CHECK(u0 >= 0, "no usage line for region %s", region);
	count = reqbufs(fd, 4);
	CHECK(count == 4, "REQBUFS(4): %d", count);
	if (count <= 0)
		goto out;
	n = count;
	u1 = region_used_of(region);
	CHECK(u1 == u0 + (long)(n * pages_of(size)),
	      "REQBUFS: %ld pages used, want %ld", u1,
	      u0 + (long)(n * pages_of(size)));

	for (i = 0; i < n; i++) {
		struct v4l2_buffer b = {
			.type = type, .memory = V4L2_MEMORY_MMAP, .index = i,
		};

		if (guest_xioctl(fd, VIDIOC_QUERYBUF, &b)) {
			CHECK(0, "QUERYBUF %u: %s", i, strerror(errno));
			goto unmap;
		}
		map[i] = mmap(NULL, b.length, PROT_READ, MAP_SHARED, fd,
			      b.m.offset);
		CHECK(map[i] != MAP_FAILED, "mmap %u: %s", i, strerror(errno));
		if (map[i] == MAP_FAILED) {
			map[i] = NULL;
			goto unmap;
		}
		CHECK(!guest_xioctl(fd, VIDIOC_QBUF, &b), "QBUF %u: %s", i,
		      strerror(errno));
	}
	CHECK(!stream(fd, 1), "STREAMON: %s", strerror(errno));
	for (frames = 0; frames < VB2_FRAMES; frames++) {
		struct v4l2_buffer b = {
			.type = type, .memory = V4L2_MEMORY_MMAP,
		};

		if (guest_xioctl(fd, VIDIOC_DQBUF, &b)) {
			CHECK(0, "DQBUF: %s", strerror(errno));
			break;
		}
		if (!pattern_ok(map[b.index], size, b.sequence) ||
		    b.bytesused != size || (frames && b.sequence <= last))
			bad++;
		last = b.sequence;
		if (guest_xioctl(fd, VIDIOC_QBUF, &b)) {
			CHECK(0, "QBUF again: %s", strerror(errno));
			break;
		}
	}
	CHECK(frames == VB2_FRAMES && !bad, "%u frames, %u bad", frames, bad);
	CHECK(!stream(fd, 0), "STREAMOFF: %s", strerror(errno));
	CHECK(region_used_of(region) == u1, "STREAMOFF freed buffers: %ld, want %ld",
	      region_used_of(region), u1);
unmap:
	for (i = 0; i < VB2_MAX_BUFS; i++)
		if (map[i])
			munmap(map[i], size);
	CHECK(reqbufs(fd, 0) == 0, "REQBUFS(0)");
	CHECK(region_used_of(region) == u0, "after REQBUFS(0): %ld pages, want %ld",
	      region_used_of(region), u0);

	/* Buffers left allocated go back at close. */
	count = reqbufs(fd, 2);
	CHECK(count == 2 && region_used_of(region) == u0 + 2 * (long)pages_of(size),
	      "REQBUFS(2): %d, %ld pages", count, region_used_of(region));
out:
	close(fd);
	CHECK(region_used_of(region) == u0, "after close: %ld pages, want %ld",
	      region_used_of(region), u0);
}

/*
 * A REQBUFS the region cannot hold at all: video0 keeps one 4K frame
 * (4050 of the region's 4096 pages), video1 asks for two more.  Expect
 * ENOMEM with nothing allocated, then two small frames (2 pages each) to
 * fit in what is left.
 */
static void test_reqbufs_enomem(void)
{
	unsigned int big = 0, small = 0;
	int fd0, fd1, ret;
	long u0, u1;

	fd0 = open("/dev/video0", O_RDWR);
	fd1 = open("/dev/video1", O_RDWR);
	CHECK(fd0 >= 0 && fd1 >= 0, "open video0/video1: %s", strerror(errno));
	if (fd0 < 0 || fd1 < 0)
		goto out;
	u0 = region_used();
	CHECK(!set_format(fd0, 3840, 2160, &big) &&
	      !set_format(fd1, 3840, 2160, &big), "S_FMT 3840x2160");
	CHECK(reqbufs(fd0, 1) == 1, "video0 REQBUFS(1) of a 4K frame");
	u1 = region_used();
	ret = reqbufs(fd1, 2);
	CHECK(ret == -ENOMEM, "video1 REQBUFS(2) with no room: %d, want %d",
	      ret, -ENOMEM);
	CHECK(region_used() == u1, "the failed REQBUFS left %ld pages, want %ld",
	      region_used(), u1);
	CHECK(!set_format(fd1, 64, 48, &small), "S_FMT 64x48");
	ret = reqbufs(fd1, 2);
	CHECK(ret == 2, "video1 REQBUFS(2) of small frames: %d", ret);
	CHECK(region_used() == u1 + 2 * (long)pages_of(small),
	      "after the small REQBUFS: %ld pages", region_used());
	reqbufs(fd1, 0);
	reqbufs(fd0, 0);
	CHECK(region_used() == u0, "all released: %ld pages, want %ld",
	      region_used(), u0);
out:
	if (fd0 >= 0)
		close(fd0);
	if (fd1 >= 0)
		close(fd1);
}

/*
 * DMABUF: four MMAP buffers of @exp (in @region) exported and imported
 * into @imp, which streams into them.  Expect the import to take no
 * memory, @imp's frames (its sequence numbers) to be read through the
 * mappings of the exported dma-bufs, so with no copy, and everything back
 * at the end.
 */
static void test_dmabuf(const char *exp, const char *region, const char *imp)
{
	unsigned char *map[4] = { };
	int fd0, fd1, dfd[4] = { -1, -1, -1, -1 };
	unsigned int size = 0, i, frames, bad = 0;
	long u0 = region_used_of(region), v0 = region_used(), u1, v1;

	fd0 = open(exp, O_RDWR);
	fd1 = open(imp, O_RDWR);
	CHECK(fd0 >= 0 && fd1 >= 0, "open %s/%s: %s", exp, imp,
	      strerror(errno));
	if (fd0 < 0 || fd1 < 0)
		goto out;
	CHECK(!set_format(fd0, 640, 480, &size) &&
	      !set_format(fd1, 640, 480, &size), "S_FMT 640x480");
	CHECK(reqbufs(fd0, 4) == 4, "video0 REQBUFS(4)");
	for (i = 0; i < 4; i++) {
		dfd[i] = guest_expbuf(fd0, i);
		CHECK(dfd[i] >= 0, "EXPBUF %u: %d", i, dfd[i]);
		if (dfd[i] < 0)
			goto out;
		map[i] = mmap(NULL, size, PROT_READ, MAP_SHARED, dfd[i], 0);
		CHECK(map[i] != MAP_FAILED, "mmap of dma-buf %u: %s", i,
		      strerror(errno));
		if (map[i] == MAP_FAILED) {
			map[i] = NULL;
			goto out;
		}
	}
	u1 = region_used_of(region);
	v1 = region_used();
	CHECK(guest_reqbufs(fd1, 4, V4L2_MEMORY_DMABUF) == 4,
	      "video1 REQBUFS(4, DMABUF)");
	for (i = 0; i < 4; i++) {
		struct v4l2_buffer b = {
			.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
			.memory = V4L2_MEMORY_DMABUF, .index = i,
			.m.fd = dfd[i], .length = size,
		};

		CHECK(!guest_xioctl(fd1, VIDIOC_QBUF, &b), "video1 QBUF dma-buf %u: %s",
		      i, strerror(errno));
	}
	CHECK(region_used_of(region) == u1 && region_used() == v1,
	      "importing took memory: %ld pages, want %ld",
	      region_used_of(region), u1);
	CHECK(!stream(fd1, 1), "video1 STREAMON");
	for (frames = 0; frames < 12; frames++) {
		struct v4l2_buffer b = {
			.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
			.memory = V4L2_MEMORY_DMABUF,
		};

		if (guest_xioctl(fd1, VIDIOC_DQBUF, &b)) {
			CHECK(0, "video1 DQBUF: %s", strerror(errno));
			break;
		}
		if (b.index >= 4 || !pattern_ok(map[b.index], size, b.sequence))
			bad++;
		if (guest_xioctl(fd1, VIDIOC_QBUF, &b)) {
			CHECK(0, "video1 QBUF again: %s", strerror(errno));
			break;
		}
	}
	CHECK(frames == 12 && !bad,
	      "%u frames through the dma-bufs, %u not seen by the exporter",
	      frames, bad);
	CHECK(!stream(fd1, 0), "video1 STREAMOFF");
	CHECK(guest_reqbufs(fd1, 0, V4L2_MEMORY_DMABUF) == 0, "video1 REQBUFS(0)");
out:
	for (i = 0; i < 4; i++) {
		if (map[i])
			munmap(map[i], size);
		if (dfd[i] >= 0)
			close(dfd[i]);
	}
	if (fd0 >= 0) {
		reqbufs(fd0, 0);
		close(fd0);
	}
	if (fd1 >= 0)
		close(fd1);
	CHECK(region_used_of(region) == u0 && region_used() == v0,
	      "after DMABUF: %ld pages, want %ld", region_used_of(region), u0);
}

/* The page frame behind @addr, from /proc/self/pagemap (root), or 0. */
static unsigned long long pfn_of(const void *addr)
{
	unsigned long long e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0)
		return 0;
	if (pread(fd, &e, sizeof(e), (unsigned long)addr / PAGE * sizeof(e)) !=
	    sizeof(e))
		e = 0;
	close(fd);
	return e & ((1ULL << 55) - 1);
}

/* Are the @n pages at @p physically contiguous, in order? */
static int contiguous(const unsigned char *p, unsigned int n)
{
	unsigned long long first = pfn_of(p);
	unsigned int i;

	for (i = 1; i < n; i++)
		if (pfn_of(p + i * PAGE) != first + i)
			return 0;
	return 1;
}

/*
 * USERPTR into video1: the mapping of one of video0's exported buffers is
 * contiguous and accepted, and frames land in it; anonymous memory whose
 * pages were faulted in alternately with another buffer's, so that they
 * are not contiguous whichever way the page allocator hands pages out, is
 * refused with EINVAL.
 */
static void test_userptr(void)
{
	unsigned int size = 0, pages, i;
	unsigned char *anon = MAP_FAILED, *map = MAP_FAILED;
	int fd0, fd1, dfd = -1;
	long u0 = region_used();

	fd0 = open("/dev/video0", O_RDWR);
	fd1 = open("/dev/video1", O_RDWR);
	CHECK(fd0 >= 0 && fd1 >= 0, "open video0/video1: %s", strerror(errno));
	if (fd0 < 0 || fd1 < 0)
		goto out;
	CHECK(!set_format(fd0, 640, 480, &size) &&
	      !set_format(fd1, 640, 480, &size), "S_FMT 640x480");
	pages = pages_of(size);
	CHECK(reqbufs(fd0, 1) == 1, "video0 REQBUFS(1)");
	dfd = guest_expbuf(fd0, 0);
	CHECK(dfd >= 0, "EXPBUF: %d", dfd);
	if (dfd < 0)
		goto out;
	map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, dfd, 0);
	anon = mmap(NULL, 2 * pages * PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(map != MAP_FAILED && anon != MAP_FAILED, "mmap: %s",
	      strerror(errno));
	if (map == MAP_FAILED || anon == MAP_FAILED)
		goto out;
	for (i = 0; i < pages; i++) {
		anon[i * PAGE] = 1;
		anon[(pages + i) * PAGE] = 1;
	}
	CHECK(!contiguous(anon, pages), "premise: anonymous pages contiguous");
	CHECK(contiguous(map, pages), "premise: exported buffer not contiguous");

	CHECK(guest_reqbufs(fd1, 2, V4L2_MEMORY_USERPTR) == 2,
	      "video1 REQBUFS(2, USERPTR)");
	{
		struct v4l2_buffer b = {
			.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
			.memory = V4L2_MEMORY_USERPTR, .index = 0,
			.m.userptr = (unsigned long)anon, .length = size,
		};
		int ret = guest_xioctl(fd1, VIDIOC_QBUF, &b);

		CHECK(ret < 0 && errno == EINVAL,
		      "QBUF of scattered anonymous memory: %d (%s), want EINVAL",
		      ret, ret ? strerror(errno) : "accepted");
		b.m.userptr = (unsigned long)map;
		CHECK(!guest_xioctl(fd1, VIDIOC_QBUF, &b),
		      "QBUF of the exported buffer's mapping: %s",
		      strerror(errno));
		CHECK(!stream(fd1, 1), "video1 STREAMON");
		memset(&b, 0, sizeof(b));
		b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
		b.memory = V4L2_MEMORY_USERPTR;
		CHECK(!guest_xioctl(fd1, VIDIOC_DQBUF, &b) && b.index == 0 &&
		      pattern_ok(map, size, b.sequence),
		      "USERPTR frame not seen through the mapping");
		CHECK(!stream(fd1, 0), "video1 STREAMOFF");
	}
	CHECK(guest_reqbufs(fd1, 0, V4L2_MEMORY_USERPTR) == 0, "video1 REQBUFS(0)");
out:
	if (map != MAP_FAILED)
		munmap(map, size);
	if (anon != MAP_FAILED)
		munmap(anon, 2 * pages * PAGE);
	if (dfd >= 0)
		close(dfd);
	if (fd0 >= 0) {
		reqbufs(fd0, 0);
		close(fd0);
	}
	if (fd1 >= 0)
		close(fd1);
	CHECK(region_used() == u0, "after USERPTR: %ld pages, want %ld",
	      region_used(), u0);
}

/*
 * USERPTR into video0, which bounces: scattered anonymous memory is
 * accepted, a region plane stands in for it while it is queued, and each
 * frame is in the user memory when dequeued.
 */
static void test_userptr_bounce(void)
{
	unsigned int size = 0, pages, i, frames, bad = 0;
	unsigned char *anon = MAP_FAILED;
	long u0 = region_used();
	int fd;

	fd = open("/dev/video0", O_RDWR);
	CHECK(fd >= 0, "open video0: %s", strerror(errno));
	if (fd < 0)
		return;
	CHECK(!set_format(fd, 640, 480, &size), "S_FMT 640x480");
	pages = pages_of(size);
	anon = mmap(NULL, 2 * pages * PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(anon != MAP_FAILED, "mmap: %s", strerror(errno));
	if (anon == MAP_FAILED)
		goto out;
	for (i = 0; i < pages; i++) {
		anon[i * PAGE] = 1;
		anon[(pages + i) * PAGE] = 1;
	}
	CHECK(!contiguous(anon, pages), "premise: anonymous pages contiguous");
	CHECK(guest_reqbufs(fd, 1, V4L2_MEMORY_USERPTR) == 1,
	      "video0 REQBUFS(1, USERPTR)");
	CHECK(!stream(fd, 1), "video0 STREAMON");
	for (frames = 0; frames < 4; frames++) {
		struct v4l2_buffer b = {
			.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
			.memory = V4L2_MEMORY_USERPTR, .index = 0,
			.m.userptr = (unsigned long)anon, .length = size,
		};

		if (guest_xioctl(fd, VIDIOC_QBUF, &b)) {
			CHECK(0, "QBUF of scattered memory, bouncing: %s",
			      strerror(errno));
			break;
		}
		if (!frames)
			CHECK(region_used() == u0 + (long)pages,
			      "bounce plane: %ld pages used, want %ld",
			      region_used(), u0 + (long)pages);
		if (guest_xioctl(fd, VIDIOC_DQBUF, &b)) {
			CHECK(0, "DQBUF: %s", strerror(errno));
			break;
		}
		if (!pattern_ok(anon, size, b.sequence))
			bad++;
	}
	CHECK(frames == 4 && !bad, "%u bounced frames, %u not in user memory",
	      frames, bad);
	CHECK(!stream(fd, 0), "video0 STREAMOFF");
	CHECK(guest_reqbufs(fd, 0, V4L2_MEMORY_USERPTR) == 0, "video0 REQBUFS(0)");
out:
	if (anon != MAP_FAILED)
		munmap(anon, 2 * pages * PAGE);
	close(fd);
	CHECK(region_used() == u0, "after bouncing: %ld pages, want %ld",
	      region_used(), u0);
}

/**
 * vb2_demo() - stream a few frames from /dev/video0, for "make run"
 *
 * Prints "cmr-demo:" lines: the region's usage before REQBUFS, while
 * streaming and after close, and each frame's sequence and pattern check;
 * and the cmrstat table while the buffers are held.
 */
void vb2_demo(void)
{
	unsigned char *map[4] = { };
	unsigned int size = 0, i, n = 0;
	int fd = open("/dev/video0", O_RDWR);

	if (fd < 0) {
		printf("cmr-demo: no /dev/video0: %s\n", strerror(errno));
		return;
	}
	printf("cmr-demo: region %s: %ld pages used before REQBUFS\n",
	       VB2_REGION, region_used());
	if (set_format(fd, 1280, 720, &size) || reqbufs(fd, 4) != 4)
		goto out;
	printf("cmr-demo: 1280x720 YUYV, 4 MMAP buffers of %u pages: %ld pages used\n",
	       (unsigned int)pages_of(size), region_used());
	for (i = 0; i < 4; i++) {
		struct v4l2_buffer b = {
			.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
			.memory = V4L2_MEMORY_MMAP, .index = i,
		};

		if (guest_xioctl(fd, VIDIOC_QUERYBUF, &b))
			goto unmap;
		map[i] = mmap(NULL, b.length, PROT_READ, MAP_SHARED, fd,
			      b.m.offset);
		if (map[i] == MAP_FAILED || guest_xioctl(fd, VIDIOC_QBUF, &b)) {
			map[i] = NULL;
			goto unmap;
		}
	}
	guest_cmrstat("streaming");
	if (stream(fd, 1))
		goto unmap;
	for (n = 0; n < 8; n++) {
		struct v4l2_buffer b = {
			.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
			.memory = V4L2_MEMORY_MMAP,
		};

		if (guest_xioctl(fd, VIDIOC_DQBUF, &b))
			break;
		printf("cmr-demo: frame %u in buffer %u, %u bytes, pattern %s\n",
		       b.sequence, b.index, b.bytesused,
		       pattern_ok(map[b.index], size, b.sequence) ? "ok" :
		       "WRONG");
		if (guest_xioctl(fd, VIDIOC_QBUF, &b))
			break;
	}
	printf("cmr-demo: streaming: %ld pages used\n", region_used());
	stream(fd, 0);
unmap:
	for (i = 0; i < 4; i++)
		if (map[i])
			munmap(map[i], size);
out:
	close(fd);
	printf("cmr-demo: %u frames; after close: %ld pages used\n", n,
	       region_used());
}

/**
 * vb2_tests() - run the videobuf2 guest tests
 */
void vb2_tests(void)
{
	test_mmap_streaming("/dev/video0", VB2_REGION);
	/* video2 is on the no-map region: user mappings by PFN. */
	test_mmap_streaming("/dev/video2", VB2_NOMAP_REGION);
	test_dmabuf("/dev/video0", VB2_REGION, "/dev/video1");
	test_dmabuf("/dev/video2", VB2_NOMAP_REGION, "/dev/video1");
	test_userptr();
	test_userptr_bounce();
	test_reqbufs_enomem();
}
