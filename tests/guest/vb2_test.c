// SPDX-License-Identifier: GPL-2.0
/*
 * Guest tests of vb2_cmr_memops through the test devices of
 * dts/cmr-virt.dts (/dev/video0 and /dev/video1, both on the cmr region
 * "video"), run by /init when the kernel command line has cmrtest=vb2.
 * The region's usage comes from its "(all)" line in
 * /sys/kernel/debug/cmr/regions.  Prints one line per failed check and
 * "vb2-test: N passed, N failed".
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "guest.h"

#define VB2_REGION	"video"
#define VB2_MAX_BUFS	8
#define VB2_FRAMES	24
#define PAGE		4096UL

static unsigned int passed, failed;

#define CHECK(cond, ...)						\
do {									\
	if (cond) {							\
		passed++;						\
	} else {							\
		failed++;						\
		printf("vb2-test: FAIL line %d: ", __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	}								\
} while (0)

/* Pages in use in the region, or -1. */
static long region_used(void)
{
	char line[512], region[32], zone[32];
	unsigned long pages, used;
	long ret = -1;
	FILE *f = fopen("/sys/kernel/debug/cmr/regions", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%31s %31s %*s %*s %lu %lu", region, zone,
			   &pages, &used) == 4 &&
		    !strcmp(region, VB2_REGION) && !strcmp(zone, "(all)"))
			ret = used;
	fclose(f);
	return ret;
}

static int xioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret < 0 && errno == EINTR);
	return ret;
}

static int set_format(int fd, unsigned int w, unsigned int h,
		      unsigned int *sizeimage)
{
	struct v4l2_format f = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };

	f.fmt.pix.width = w;
	f.fmt.pix.height = h;
	f.fmt.pix.pixelformat = V4L2_PIX_FMT_NV12;
	if (xioctl(fd, VIDIOC_S_FMT, &f))
		return -errno;
	*sizeimage = f.fmt.pix.sizeimage;
	return 0;
}

static int reqbufs(int fd, unsigned int count)
{
	struct v4l2_requestbuffers rb = {
		.count = count,
		.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
		.memory = V4L2_MEMORY_MMAP,
	};

	if (xioctl(fd, VIDIOC_REQBUFS, &rb))
		return -errno;
	return rb.count;
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
 * MMAP streaming: REQBUFS, QUERYBUF, mmap, QBUF/DQBUF over VB2_FRAMES
 * frames with the pattern checked; the region's usage rises at REQBUFS,
 * stays at STREAMOFF, and falls back at REQBUFS(0) and at close.
 */
static void test_mmap_streaming(void)
{
	enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	unsigned char *map[VB2_MAX_BUFS] = { };
	unsigned int size = 0, i, n, frames = 0, bad = 0, last = 0;
	long u0, u1;
	int fd, count;

	fd = open("/dev/video0", O_RDWR);
	CHECK(fd >= 0, "open /dev/video0: %s", strerror(errno));
	if (fd < 0)
		return;
	CHECK(!set_format(fd, 640, 480, &size) && size == 640 * 480 * 3 / 2,
	      "S_FMT 640x480 NV12: sizeimage %u", size);
	u0 = region_used();
	CHECK(u0 >= 0, "no usage line for region " VB2_REGION);
	count = reqbufs(fd, 4);
	CHECK(count == 4, "REQBUFS(4): %d", count);
	if (count <= 0)
		goto out;
	n = count;
	u1 = region_used();
	CHECK(u1 == u0 + (long)(n * pages_of(size)),
	      "REQBUFS: %ld pages used, want %ld", u1,
	      u0 + (long)(n * pages_of(size)));

	for (i = 0; i < n; i++) {
		struct v4l2_buffer b = {
			.type = type, .memory = V4L2_MEMORY_MMAP, .index = i,
		};

		if (xioctl(fd, VIDIOC_QUERYBUF, &b)) {
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
		CHECK(!xioctl(fd, VIDIOC_QBUF, &b), "QBUF %u: %s", i,
		      strerror(errno));
	}
	CHECK(!xioctl(fd, VIDIOC_STREAMON, &type), "STREAMON: %s",
	      strerror(errno));
	for (frames = 0; frames < VB2_FRAMES; frames++) {
		struct v4l2_buffer b = {
			.type = type, .memory = V4L2_MEMORY_MMAP,
		};

		if (xioctl(fd, VIDIOC_DQBUF, &b)) {
			CHECK(0, "DQBUF: %s", strerror(errno));
			break;
		}
		if (!pattern_ok(map[b.index], size, b.sequence) ||
		    b.bytesused != size || (frames && b.sequence <= last))
			bad++;
		last = b.sequence;
		if (xioctl(fd, VIDIOC_QBUF, &b)) {
			CHECK(0, "QBUF again: %s", strerror(errno));
			break;
		}
	}
	CHECK(frames == VB2_FRAMES && !bad, "%u frames, %u bad", frames, bad);
	CHECK(!xioctl(fd, VIDIOC_STREAMOFF, &type), "STREAMOFF: %s",
	      strerror(errno));
	CHECK(region_used() == u1, "STREAMOFF freed buffers: %ld, want %ld",
	      region_used(), u1);
unmap:
	for (i = 0; i < VB2_MAX_BUFS; i++)
		if (map[i])
			munmap(map[i], size);
	CHECK(reqbufs(fd, 0) == 0, "REQBUFS(0)");
	CHECK(region_used() == u0, "after REQBUFS(0): %ld pages, want %ld",
	      region_used(), u0);

	/* Buffers left allocated go back at close. */
	count = reqbufs(fd, 2);
	CHECK(count == 2 && region_used() == u0 + 2 * (long)pages_of(size),
	      "REQBUFS(2): %d, %ld pages", count, region_used());
out:
	close(fd);
	CHECK(region_used() == u0, "after close: %ld pages, want %ld",
	      region_used(), u0);
}

/*
 * A REQBUFS the region cannot hold at all: video0 keeps one 4K frame
 * (3038 of the region's 4096 pages), video1 asks for two more.  Expect
 * ENOMEM with nothing allocated, then a smaller request to succeed.
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
	CHECK(!set_format(fd1, 640, 480, &small), "S_FMT 640x480");
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

/**
 * vb2_tests() - run the videobuf2 guest tests
 *
 * Return: the number of failed checks.
 */
unsigned int vb2_tests(void)
{
	test_mmap_streaming();
	test_reqbufs_enomem();
	printf("vb2-test: %u passed, %u failed\n", passed, failed);
	return failed;
}
