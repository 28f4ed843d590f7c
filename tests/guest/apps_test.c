// SPDX-License-Identifier: GPL-2.0
/*
 * Debian's own programs, unmodified, on cmr's buffers (cmrtest=apps):
 * v4l2-ctl and gst-launch-1.0 from the guest's disk (app.c) stream from
 * the videobuf2 test device vb2-test0 (dts/cmr-virt.dts: region "video",
 * scattered USERPTR memory bounced) with each memory type, and
 * the kernel's vivid is the second device of a pipeline: it exports the
 * buffers vb2-test0 fills (bound to the region "vivid" with cmr.map=, so
 * they are cmr's through the DMA API) and imports those vb2-test0
 * exports.  Each program writes the frames to a file: every byte must be
 * the test device's pattern (app_frames()).  The region is empty before
 * and after, and held the buffers while the program ran; an importer
 * is seen attached to the dma-bufs in the kernel's own list.
 *
 * libcamera, unmodified, through its GStreamer source: its virtual camera
 * (tests/guest/virtual.yaml) allocates its buffers from the dma-buf heap
 * linux,cma, the name dts/cmr-virt.dts gives the region camera's heap.
 */
#include <fcntl.h>
#include <linux/videodev2.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"

#define CHECK(cond, ...)	KTAP_CHECK(cond, __VA_ARGS__)

#define VB2T_NODE	"vb2-test0"
#define VB2T_REGION	"video"
#define VIVID_REGION	"vivid"
#define APP_BUFS	4
#define APP_FRAMES	8
#define APP_W		320
#define APP_H		240

/* The devices of the pipelines, and the frame size they agree on. */
static struct {
	char cap[32], vivid_cap[32], vivid_out[32];
	unsigned int w, h;
} dev;

#define PAGES(bytes)	(((bytes) + 4095) / 4096)

/**
 * struct app_case - one program run, and what it must show
 * @what: its name in the results
 * @region: the region its buffers must come from
 * @importer: the device that must be seen importing them, or NULL
 * @file: the frames it writes, under /tmp
 * @bufs: the buffers it asks for, all in @region at once while it runs
 * @swap: the frames were converted from YUYV to UYVY on the way
 */
struct app_case {
	const char *what, *region, *importer, *file;
	unsigned int bufs, swap;
};

/* Run @argv for @c and check frames, region and importer. */
static void app_check(const struct app_case *c, char *const argv[])
{
	unsigned long frame = dev.w * dev.h * 2;
	struct app_run a = { .region = c->region, .importer = c->importer };
	struct app_frames f;
	char path[96];
	long before = guest_used(c->region, "(all)");
	int ret;

	ret = app_run(argv, &a);
	CHECK(ret == 0, "%s: exit %d", c->what, ret);
	snprintf(path, sizeof(path), APP_ROOT "/tmp/%s", c->file);
	ret = app_frames(path, frame, c->swap, &f);
	CHECK(!ret && f.frames >= APP_FRAMES && f.distinct >= 2,
	      "%s: %u frames of %lu bytes, %u new, first bad byte %lld",
	      c->what, f.frames, frame, f.distinct, f.bad_at);
	unlink(path);
	CHECK(before == 0 && guest_used(c->region, "(all)") == 0,
	      "%s: region %s empty before and after: %ld, %ld pages", c->what,
	      c->region, before, guest_used(c->region, "(all)"));
	CHECK(a.peak >= (long)(c->bufs * PAGES(frame)),
	      "%s: region %s held %u buffers while it ran: peak %ld pages",
	      c->what, c->region, c->bufs, a.peak);
	if (c->importer)
		CHECK(a.attached, "%s: %s attached to the dma-bufs", c->what,
		      c->importer);
}

/* v4l2-ctl --stream-<mem>: mmap, user (bounced), dmabuf from vivid. */
static void v4l2ctl(const char *mem)
{
	char fmt[64], count[32], stream[32], to[48];
	int dmabuf = !strcmp(mem, "dmabuf");
	struct app_case c = {
		.what = mem, .region = dmabuf ? VIVID_REGION : VB2T_REGION,
		.importer = dmabuf ? VB2T_NODE : NULL, .file = "v4l2-ctl.yuv",
		.bufs = APP_BUFS,
	};
	char *argv[] = {
		"/usr/bin/v4l2-ctl", "-d", dev.cap, fmt, stream, count, to,
		dmabuf ? "--export-device" : NULL, dev.vivid_cap, NULL,
	};

	snprintf(fmt, sizeof(fmt), "--set-fmt-video=width=%u,height=%u",
		 dev.w, dev.h);
	/* --stream-dmabuf takes the exporter's buffer count. */
	snprintf(stream, sizeof(stream), dmabuf ? "--stream-%s" :
		 "--stream-%s=%d", mem, APP_BUFS);
	snprintf(count, sizeof(count), "--stream-count=%d", APP_FRAMES);
	snprintf(to, sizeof(to), "--stream-to=/tmp/%s", c.file);
	printf("apps: v4l2-ctl --stream-%s\n", mem);
	app_check(&c, argv);
}

/*
 * gst-launch-1.0 v4l2src io-mode=<mode> ! filesink.  With userptr,
 * v4l2src imports the buffers of a pool downstream offers: videoconvert's
 * (to UYVY, the same bytes pairwise swapped), scattered memory that
 * vb2-test0 bounces through buffers of its region.
 */
static void gst_capture(const char *mode)
{
	char device[48], io[32], caps[96], count[32], sink[48];
	int user = !strcmp(mode, "userptr");
	struct app_case c = {
		.what = mode, .region = VB2T_REGION, .file = "gst.yuv",
		.bufs = 2, .swap = user,
	};
	char *argv[] = {
		"/usr/bin/gst-launch-1.0", "-q", "v4l2src", device, io, count,
		"!", caps, "!", "filesink", sink, NULL, NULL, NULL, NULL,
	};

	if (user) {
		argv[9] = "videoconvert";
		argv[10] = "!";
		argv[11] = "video/x-raw,format=UYVY";
		argv[12] = "!";
		argv[13] = "filesink";
		argv[14] = sink;
	}

	snprintf(device, sizeof(device), "device=%s", dev.cap);
	snprintf(io, sizeof(io), "io-mode=%s", mode);
	snprintf(count, sizeof(count), "num-buffers=%d", APP_FRAMES);
	snprintf(caps, sizeof(caps),
		 "video/x-raw,format=YUY2,width=%u,height=%u", dev.w, dev.h);
	snprintf(sink, sizeof(sink), "location=/tmp/%s", c.file);
	printf("apps: gst-launch-1.0 v4l2src io-mode=%s\n", mode);
	app_check(&c, argv);
}

/*
 * Two devices: vb2-test0 exports its buffers, vivid's output imports
 * them (v4l2sink io-mode=dmabuf-import); a tee writes the same frames
 * to a file.
 */
static void gst_two_devices(void)
{
	char device[48], caps[96], count[32], sink[48], out[48];
	struct app_case c = {
		.what = "dmabuf-import", .region = VB2T_REGION,
		.importer = "vivid.0", .file = "gst2.yuv", .bufs = 2,
	};
	char *argv[] = {
		"/usr/bin/gst-launch-1.0", "-q", "v4l2src", device,
		"io-mode=dmabuf", count, "!", caps, "!", "tee", "name=t",
		"!", "queue", "!", "v4l2sink", out, "io-mode=dmabuf-import",
		"t.", "!", "queue", "!", "filesink", sink, NULL,
	};

	snprintf(device, sizeof(device), "device=%s", dev.cap);
	snprintf(count, sizeof(count), "num-buffers=%d", APP_FRAMES);
	snprintf(caps, sizeof(caps),
		 "video/x-raw,format=YUY2,width=%u,height=%u", dev.w, dev.h);
	snprintf(sink, sizeof(sink), "location=/tmp/%s", c.file);
	snprintf(out, sizeof(out), "device=%s", dev.vivid_out);
	printf("apps: gst-launch-1.0 v4l2src io-mode=dmabuf ! v4l2sink io-mode=dmabuf-import\n");
	app_check(&c, argv);
}

/*
 * A computer-monitor timing vivid's HDMI output offers, of a size
 * vb2-test0 can capture: vivid gives consumer-video timings BT.709
 * colorimetry but these sRGB, as vb2-test0's frames are.
 */
static int vivid_out_timings(int fd)
{
	struct v4l2_enum_dv_timings t = { };
	struct v4l2_bt_timings *bt = &t.timings.bt;

	for (; !guest_xioctl(fd, VIDIOC_ENUM_DV_TIMINGS, &t); t.index++)
		if (!(bt->flags & V4L2_DV_FL_IS_CE_VIDEO) && !bt->interlaced &&
		    bt->width % 16 == 0 && bt->height % 16 == 0)
			return guest_xioctl(fd, VIDIOC_S_DV_TIMINGS, &t.timings);
	return -1;
}

/*
 * vivid's output on its HDMI connector (output 1: progressive, as
 * vb2-test0's frames are), YUYV, and the frame size it takes there,
 * which the pipeline uses.
 */
static int vivid_out_setup(void)
{
	struct v4l2_format f = { .type = V4L2_BUF_TYPE_VIDEO_OUTPUT };
	int fd = open(dev.vivid_out, O_RDWR), ret, out = 1;

	ret = fd < 0 ? -1 : guest_xioctl(fd, VIDIOC_S_OUTPUT, &out) ||
			    vivid_out_timings(fd) ||
			    guest_xioctl(fd, VIDIOC_G_FMT, &f);
	f.fmt.pix.pixelformat = V4L2_PIX_FMT_YUYV;
	ret = ret || guest_xioctl(fd, VIDIOC_S_FMT, &f) ||
	      f.fmt.pix.pixelformat != V4L2_PIX_FMT_YUYV;
	if (fd >= 0)
		close(fd);
	if (ret)
		return -1;
	dev.w = f.fmt.pix.width;
	dev.h = f.fmt.pix.height;
	return dev.w % 16 || dev.h % 16 ? -1 : 0;
}

/*
 * NV12 frames of colour bars: in each, every line of each plane is the
 * first (vertical bars, however far they have scrolled), and the first
 * holds at least four shades.  Return: frames, or -1 if one is not so.
 */
static int app_bars(const char *path, unsigned int w, unsigned int h)
{
	size_t size = (size_t)w * h * 3 / 2, y, x;
	unsigned char *f = malloc(size), seen[256] = { };
	FILE *in = fopen(path, "r");
	int frames = 0, shades = 0;

	while (f && in && fread(f, 1, size, in) == size && frames >= 0) {
		for (y = 1; y < h * 3 / 2; y++)
			if (memcmp(f + y * w, f + (y < h ? 0 : h * w), w))
				break;
		for (x = 0, shades = 0; x < w; x++)
			shades += !seen[f[x]]++;
		memset(seen, 0, sizeof(seen));
		frames = y == h * 3 / 2 && shades >= 4 ? frames + 1 : -1;
	}
	if (in)
		fclose(in);
	free(f);
	return frames;
}

/* gst-launch-1.0 libcamerasrc ! ... ! filesink, from the board's heap. */
static void libcamera(void)
{
	char *const argv[] = {
		"/usr/bin/gst-launch-1.0", "-q", "libcamerasrc", "!",
		"video/x-raw,format=NV12,width=640,height=480", "!",
		"identity", "eos-after=8", "!", "filesink",
		"location=/tmp/libcamera.yuv", NULL,
	};
	struct app_run a = { .region = "camera" };
	long u0 = guest_used("camera", "(all)");
	int ret, frames;

	printf("apps: libcamera's virtual camera through libcamerasrc\n");
	ret = app_run(argv, &a);
	CHECK(ret == 0, "libcamera: exit %d", ret);
	frames = app_bars(APP_ROOT "/tmp/libcamera.yuv", 640, 480);
	unlink(APP_ROOT "/tmp/libcamera.yuv");
	CHECK(frames >= 7, "libcamera: %d frames of colour bars", frames);
	CHECK(a.peak - u0 >= 4 * (long)PAGES(640 * 480 * 3 / 2),
	      "libcamera: its 4 buffers from region camera (linux,cma): %ld pages",
	      a.peak - u0);
	CHECK(guest_used("camera", "(all)") == u0,
	      "libcamera: region camera back to %ld pages: %ld", u0,
	      guest_used("camera", "(all)"));
}

/*
 * A user without permission (nobody): v4l2-ctl and GStreamer cannot open
 * the device node, say so and exit with an error; the region is not
 * touched, and a root program's stream right after still works.
 */
static void not_root(void)
{
	char *const ctl[] = {
		"/usr/bin/v4l2-ctl", "-d", dev.cap, "--stream-mmap=4",
		"--stream-count=8", "--stream-to=/tmp/nobody.yuv", NULL,
	};
	char device[48];
	char *const gst[] = {
		"/usr/bin/gst-launch-1.0", "-q", "v4l2src", device,
		"num-buffers=1", "!", "fakesink", NULL,
	};
	struct app_run a = { .region = VB2T_REGION, .uid = 65534 };
	int ret;

	snprintf(device, sizeof(device), "device=%s", dev.cap);
	ret = app_run(ctl, &a);
	CHECK(ret > 0 && a.peak == 0, "v4l2-ctl as nobody: exit %d, peak %ld pages",
	      ret, a.peak);
	ret = app_run(gst, &a);
	CHECK(ret > 0 && a.peak == 0, "gst-launch-1.0 as nobody: exit %d, peak %ld pages",
	      ret, a.peak);
	CHECK(access(APP_ROOT "/tmp/nobody.yuv", F_OK),
	      "no frame written as nobody");
	CHECK(guest_used(VB2T_REGION, "(all)") == 0, "region %s untouched: %ld pages",
	      VB2T_REGION, guest_used(VB2T_REGION, "(all)"));
}

void apps_tests(void)
{
	int found;

	found = !guest_v4l2_node(VB2T_NODE, dev.cap, sizeof(dev.cap)) &&
		!guest_v4l2_node("vivid-000-vid-cap", dev.vivid_cap,
				 sizeof(dev.vivid_cap)) &&
		!guest_v4l2_node("vivid-000-vid-out", dev.vivid_out,
				 sizeof(dev.vivid_out));
	CHECK(found, "nodes %s, vivid's capture and output", VB2T_NODE);
	CHECK(!app_disk(), "the guest's disk mounted on " APP_ROOT);
	if (!found || app_disk())
		return;
	dev.w = APP_W;
	dev.h = APP_H;
	not_root();
	v4l2ctl("mmap");
	v4l2ctl("user");
	v4l2ctl("dmabuf");
	gst_capture("mmap");
	gst_capture("dmabuf");
	gst_capture("userptr");
	CHECK(!vivid_out_setup(), "vivid's output: HDMI, YUYV %ux%u", dev.w,
	      dev.h);
	gst_two_devices();
	libcamera();
}
