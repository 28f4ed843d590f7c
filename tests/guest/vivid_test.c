// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's own vivid driver, unmodified, with its dma-contig
 * allocator (vivid.allocators=1: vb2_dma_contig_memops, the DMA API),
 * run by /init for cmrtest=vivid.  The boot case vivid-cmr binds vivid's
 * device to the region "vivid" with cmr.map=; vivid-kernel does not, and
 * its v4l2-compliance totals are what vivid-cmr's must equal
 * (tests/boot/cases.sh).
 *
 * Bound: while vivid streams, its buffers are in the region, listed with
 * the owner vivid.0, and one exported as a dma-buf reads the frame; the
 * region is empty again once the queue is freed, and after
 * v4l2-compliance has streamed MMAP and DMABUF.  Not bound: the same
 * streaming, and no region gains a page.  One KTAP suite (ktap.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"

#define VIVID_REGION	"vivid"
#define VIVID_BUFS	4
#define VIVID_FRAMES	6

#define CHECK(cond, ...)	KTAP_CHECK(cond, __VA_ARGS__)

/* Pages in use in all regions together. */
static long all_used(void)
{
	char line[512];
	struct guest_row r;
	long used = 0;
	FILE *f = fopen("/sys/kernel/debug/cmr/regions", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!guest_parse_row(line, &r) && !strcmp(r.zone, "(all)"))
			used += r.used;
	if (f)
		fclose(f);
	return used;
}

/* Buffers of the region's default zone owned by @owner. */
static int owned_by(const char *owner)
{
	FILE *f = fopen("/sys/kernel/debug/cmr/" VIVID_REGION "/default/buffers",
			"r");
	char line[256];
	int n = 0;

	while (f && fgets(line, sizeof(line), f))
		n += strstr(line, owner) != NULL;
	if (f)
		fclose(f);
	return n;
}

static int vivid_stream(int fd, int on)
{
	enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;

	return guest_xioctl(fd, on ? VIDIOC_STREAMON : VIDIOC_STREAMOFF,
			    &type);
}

/* Queue every buffer, stream, take VIVID_FRAMES frames back. */
static int vivid_frames(int fd)
{
	struct v4l2_buffer b = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
				 .memory = V4L2_MEMORY_MMAP };
	unsigned int i;

	for (i = 0; i < VIVID_BUFS; i++) {
		b.index = i;
		if (guest_xioctl(fd, VIDIOC_QBUF, &b))
			return -1;
	}
	if (vivid_stream(fd, 1))
		return -1;
	for (i = 0; i < VIVID_FRAMES; i++) {
		if (guest_xioctl(fd, VIDIOC_DQBUF, &b) ||
		    guest_xioctl(fd, VIDIOC_QBUF, &b))
			return -1;
	}
	return 0;
}

/* A frame read through a dma-buf of buffer 0: vivid's test pattern. */
static int vivid_dmabuf_reads(int fd, unsigned int len)
{
	int dfd = guest_expbuf(fd, 0), nonzero = 0;
	unsigned char *p;
	unsigned int i;

	if (dfd < 0)
		return 0;
	p = mmap(NULL, len, PROT_READ, MAP_SHARED, dfd, 0);
	if (p != MAP_FAILED) {
		for (i = 0; i < len && !nonzero; i += 4096)
			nonzero = p[i] != 0;
		munmap(p, len);
	}
	close(dfd);
	return nonzero;
}

/* Stream; while it streams, the buffers are where the binding says. */
static void vivid_queue(const char *cap, int bound, long used0)
{
	struct v4l2_format f = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };
	int fd = open(cap, O_RDWR);
	long used;

	CHECK(fd >= 0, "open %s: %s", cap, strerror(errno));
	if (fd < 0)
		return;
	CHECK(!guest_xioctl(fd, VIDIOC_G_FMT, &f), "G_FMT");
	CHECK(guest_reqbufs(fd, VIVID_BUFS, V4L2_MEMORY_MMAP) == VIVID_BUFS,
	      "REQBUFS(%d) MMAP", VIVID_BUFS);
	CHECK(!vivid_frames(fd), "streamed %d frames: %s", VIVID_FRAMES,
	      strerror(errno));
	CHECK(vivid_dmabuf_reads(fd, f.fmt.pix.sizeimage),
	      "a frame read through an exported dma-buf");
	used = bound ? guest_used(VIVID_REGION, "(all)") : all_used();
	if (bound) {
		CHECK(used >= VIVID_BUFS * (long)(f.fmt.pix.sizeimage / 4096),
		      "region %s holds the %d buffers of %u bytes: %ld pages",
		      VIVID_REGION, VIVID_BUFS, f.fmt.pix.sizeimage, used);
		CHECK(owned_by("vivid.0") >= VIVID_BUFS,
		      "%d buffers listed with owner vivid.0", owned_by("vivid.0"));
		guest_cmrstat("vivid");
	} else {
		CHECK(used == used0, "no region gained a page: %ld, was %ld",
		      used, used0);
	}
	CHECK(!vivid_stream(fd, 0), "STREAMOFF");
	CHECK(guest_reqbufs(fd, 0, V4L2_MEMORY_MMAP) == 0, "REQBUFS(0)");
	close(fd);
}

/*
 * v4l2-compliance -s, capture importing the output node's dma-bufs.  It
 * must run to its end; its verdicts are compared by the host with those
 * of the boot on the kernel's path (some non-memory tests of vivid fail
 * with Debian's v4l-utils on either).
 */
static void vivid_compliance(const char *cap, const char *out)
{
	char *const argv[] = {
		"v4l2-compliance", "-C", "never", "-d", (char *)cap, "-s", "10",
		"-e", (char *)out, NULL,
	};
	int status = -1;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execv("/usr/bin/v4l2-compliance", argv);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	CHECK(pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) <= 1,
	      "v4l2-compliance -s on %s ran: exit %d", cap,
	      WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

void vivid_tests(void)
{
	int bound = !access("/sys/kernel/mm/cmr/" VIVID_REGION, F_OK);
	char cap[32], out[32];
	long used0 = all_used();
	int found;

	printf("vivid: %s\n", bound ? "bound to region " VIVID_REGION :
	       "on the kernel's DMA path");
	found = !guest_v4l2_node("vivid-000-vid-cap", cap, sizeof(cap)) &&
		!guest_v4l2_node("vivid-000-vid-out", out, sizeof(out));
	CHECK(found, "vivid's capture and output nodes");
	if (!found)
		return;
	if (bound)
		CHECK(guest_used(VIVID_REGION, "(all)") == 0,
		      "region %s empty before", VIVID_REGION);
	vivid_queue(cap, bound, used0);
	if (bound)
		CHECK(guest_used(VIVID_REGION, "(all)") == 0,
		      "region %s empty after the queue is freed", VIVID_REGION);
	vivid_compliance(cap, out);
	CHECK(bound ? guest_used(VIVID_REGION, "(all)") == 0 :
	      all_used() == used0, "no page left in a region after compliance");
}
