// SPDX-License-Identifier: GPL-2.0
/*
 * Zero copy to a display (cmrtest=kms), with the kernel's own DRM drivers
 * as the importers: the pipeline camera -> cmr -> display that the 2010
 * RFC asked for.
 *
 * vkms: a buffer from each kind of cmr heap (cached, its write-combined
 * twin, no-map, reusable), drawn by the CPU, and a frame the videobuf2
 * test device vb2-test0 captured and exported, are imported through
 * PRIME, put on vkms's primary plane by an atomic commit, and its
 * writeback connector's copy of the composed frame must equal, pixel by
 * pixel, what was drawn (or captured).  vkms is seen attached to the
 * dma-buf; the region is empty again once the DRM file is closed.
 *
 * vgem: a heap buffer imported into vgem, which attaches a write fence to
 * it: the dma-buf is busy for readers until vgem signals the fence, and
 * exporting the import gives back the same dma-buf.  One KTAP suite.
 */
#include <drm/vgem_drm.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/dma-buf.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "drm.h"
#include "guest.h"

#define CHECK(cond, ...)	KTAP_CHECK(cond, __VA_ARGS__)

#define PAGES(bytes)	(((bytes) + 4095) / 4096)

/* What the CPU draws: every byte of every pixel varies. */
static uint32_t kms_pixel(uint32_t x, uint32_t y)
{
	return ((x * 3 + y * 5) & 0xff) | (((x ^ y) & 0xff) << 8) |
	       (((x + 2 * y) & 0xff) << 16);
}

/* Pixels of @wb (pitch @pitch) whose colour differs from @src's. */
static long kms_diff(const struct drm_kms *k, const uint32_t *src,
		     const uint32_t *wb, uint32_t pitch, long *first)
{
	uint32_t x, y;
	long bad = 0;

	*first = -1;
	for (y = 0; y < k->h; y++)
		for (x = 0; x < k->w; x++)
			if ((src[y * k->w + x] ^ wb[y * (pitch / 4) + x]) &
			    0xffffff) {
				if (*first < 0)
					*first = y * k->w + x;
				bad++;
			}
	return bad;
}

static void kms_sync(int fd, unsigned long long flags)
{
	struct dma_buf_sync s = { .flags = DMA_BUF_SYNC_WRITE | flags };

	ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
}

/*
 * Show the dma-buf @dmabuf, whose XRGB8888 pixels are @src, on vkms and
 * compare the written-back frame with them.
 */
static void kms_show(const char *what, int dmabuf, const uint32_t *src)
{
	struct drm_kms k;
	uint32_t handle, fb, wb_handle, pitch, wb_fb;
	int fd = drm_open("vkms"), ret;
	uint32_t *wb = NULL;
	long bad = -1, first = -1;

	ret = fd < 0 ? fd : drm_kms_setup(&k, fd);
	CHECK(!ret, "%s: vkms with a writeback connector: %d", what, ret);
	if (ret)
		goto out;
	handle = drm_import(fd, dmabuf);
	fb = handle ? drm_fb(fd, handle, k.w, k.h, k.w * 4) : 0;
	CHECK(fb, "%s: imported (PRIME) as a %ux%u framebuffer: %s", what,
	      k.w, k.h, strerror(errno));
	wb = drm_dumb(fd, k.w, k.h, &wb_handle, &pitch);
	wb_fb = wb ? drm_fb(fd, wb_handle, k.w, k.h, pitch) : 0;
	if (!fb || !wb_fb)
		goto out;
	ret = drm_writeback(&k, fb, wb_fb);
	CHECK(!ret, "%s: atomic commit on the plane, written back: %d", what,
	      ret);
	CHECK(guest_dmabuf_attached("vkms"), "%s: vkms attached", what);
	if (!ret)
		bad = kms_diff(&k, src, wb, pitch, &first);
	CHECK(bad == 0, "%s: written-back frame: %ld of %u pixels differ, first %ld",
	      what, bad, k.w * k.h, first);
out:
	/*
	 * Closing the DRM file takes the framebuffers off the plane, and
	 * drops its master for the next test; a mapping would keep it open.
	 */
	if (wb)
		munmap(wb, (size_t)pitch * k.h);
	if (fd >= 0)
		close(fd);
}

/* A buffer of @heap drawn by the CPU, shown, compared; then freed. */
static void kms_heap(const char *heap, const char *region)
{
	uint32_t w = 640, h = 480, x, y, *p;
	size_t len = w * h * 4;
	char path[64];
	long u0 = guest_used(region, "(all)");
	int hfd, fd;

	snprintf(path, sizeof(path), "/dev/dma_heap/%s", heap);
	hfd = open(path, O_RDONLY | O_CLOEXEC);
	fd = hfd < 0 ? -errno : guest_heap_alloc(hfd, len, O_RDWR, 0);
	CHECK(fd >= 0, "%s: ALLOC of %zu bytes: %d", heap, len, fd);
	p = fd < 0 ? MAP_FAILED : mmap(NULL, len, PROT_READ | PROT_WRITE,
				       MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "%s: mapped", heap);
	if (p != MAP_FAILED) {
		kms_sync(fd, DMA_BUF_SYNC_START);
		for (y = 0; y < h; y++)
			for (x = 0; x < w; x++)
				p[y * w + x] = kms_pixel(x, y);
		kms_sync(fd, DMA_BUF_SYNC_END);
		kms_show(heap, fd, p);
		munmap(p, len);
	}
	if (fd >= 0)
		close(fd);
	if (hfd >= 0)
		close(hfd);
	CHECK(guest_used(region, "(all)") == u0,
	      "%s: region %s back to %ld pages: %ld", heap, region, u0,
	      guest_used(region, "(all)"));
}

/* Capture one frame into buffer @b->index of @fd, streaming stopped. */
static int kms_capture(int fd, struct v4l2_buffer *b)
{
	enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		b->index = i;
		if (guest_xioctl(fd, VIDIOC_QBUF, b))
			return -1;
	}
	if (guest_xioctl(fd, VIDIOC_STREAMON, &type) ||
	    guest_xioctl(fd, VIDIOC_DQBUF, b))
		return -1;
	return guest_xioctl(fd, VIDIOC_STREAMOFF, &type);
}

/*
 * The camera's frame on the display: vb2-test0 captures YUYV 1280x480
 * from its region "video", exports the buffer, and vkms shows the same
 * bytes as XRGB8888 640x480.
 */
static void kms_camera(void)
{
	struct v4l2_format f = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };
	struct v4l2_buffer b = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
				 .memory = V4L2_MEMORY_MMAP };
	long u0 = guest_used("video", "(all)");
	unsigned char *p = MAP_FAILED;
	int fd = -1, dfd = -1, ok = 0;
	char cap[32];
	size_t i;

	if (!guest_v4l2_node("vb2-test0", cap, sizeof(cap)))
		fd = open(cap, O_RDWR);
	f.fmt.pix.width = 1280;
	f.fmt.pix.height = 480;
	f.fmt.pix.pixelformat = V4L2_PIX_FMT_YUYV;
	CHECK(fd >= 0 && !guest_xioctl(fd, VIDIOC_S_FMT, &f) &&
	      guest_reqbufs(fd, 2, V4L2_MEMORY_MMAP) == 2 && !kms_capture(fd, &b),
	      "vb2-test0: a 1280x480 frame captured: %s", strerror(errno));
	dfd = fd < 0 ? -1 : guest_expbuf(fd, b.index);
	if (dfd >= 0)
		p = mmap(NULL, f.fmt.pix.sizeimage, PROT_READ, MAP_SHARED, dfd, 0);
	for (i = 0; p != MAP_FAILED && i < f.fmt.pix.sizeimage; i++)
		if (p[i] != ((p[0] + i / 4096 + i) & 0xff))
			break;
	ok = p != MAP_FAILED && i == f.fmt.pix.sizeimage;
	CHECK(ok, "vb2-test0: the exported frame is the test pattern");
	if (ok)
		kms_show("vb2-test0 frame", dfd, (const uint32_t *)p);
	if (p != MAP_FAILED)
		munmap(p, f.fmt.pix.sizeimage);
	if (dfd >= 0)
		close(dfd);
	if (fd >= 0) {
		guest_reqbufs(fd, 0, V4L2_MEMORY_MMAP);
		close(fd);
	}
	CHECK(guest_used("video", "(all)") == u0, "region video back to %ld pages: %ld",
	      u0, guest_used("video", "(all)"));
}

/* vgem's write fence on @dmabuf, imported as @handle: readers wait. */
static void kms_vgem_fence(int vfd, int dmabuf, uint32_t handle)
{
	struct drm_vgem_fence_attach fa = { .handle = handle,
					    .flags = VGEM_FENCE_WRITE };
	struct drm_vgem_fence_signal fs = { };
	struct pollfd pfd = { .fd = dmabuf, .events = POLLIN };
	int ret;

	ret = ioctl(vfd, DRM_IOCTL_VGEM_FENCE_ATTACH, &fa);
	CHECK(!ret, "vgem: write fence attached: %s", strerror(errno));
	if (ret)
		return;
	CHECK(poll(&pfd, 1, 0) == 0, "vgem: the dma-buf is busy for readers");
	fs.fence = fa.out_fence;
	CHECK(!ioctl(vfd, DRM_IOCTL_VGEM_FENCE_SIGNAL, &fs),
	      "vgem: fence signalled: %s", strerror(errno));
	CHECK(poll(&pfd, 1, 1000) == 1 && (pfd.revents & POLLIN),
	      "vgem: the dma-buf is idle once the fence is signalled");
}

/* A cmr-camera buffer imported into vgem: fences and re-export. */
static void kms_vgem(void)
{
	long u0 = guest_used("camera", "(all)");
	int hfd = open("/dev/dma_heap/cmr-camera", O_RDONLY | O_CLOEXEC);
	int fd = hfd < 0 ? -1 : guest_heap_alloc(hfd, 1 << 20, O_RDWR, 0);
	int vfd = drm_open("vgem");
	struct drm_prime_handle ph = { .flags = DRM_CLOEXEC };
	struct stat a, b;
	uint32_t handle;

	CHECK(fd >= 0 && vfd >= 0, "a cmr-camera buffer (%d) and vgem (%d)",
	      fd, vfd);
	if (fd < 0 || vfd < 0)
		goto out;
	handle = drm_import(vfd, fd);
	CHECK(handle && guest_dmabuf_attached("vgem"),
	      "vgem: imported (PRIME), attached: %s", strerror(errno));
	if (!handle)
		goto out;
	kms_vgem_fence(vfd, fd, handle);
	ph.handle = handle;
	CHECK(!ioctl(vfd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &ph) &&
	      !fstat(ph.fd, &a) && !fstat(fd, &b) && a.st_ino == b.st_ino,
	      "vgem: exporting the import gives the same dma-buf");
	if (ph.fd > 0)
		close(ph.fd);
out:
	if (vfd >= 0)
		close(vfd);
	if (fd >= 0)
		close(fd);
	if (hfd >= 0)
		close(hfd);
	CHECK(guest_used("camera", "(all)") == u0,
	      "vgem: region camera back to %ld pages: %ld", u0,
	      guest_used("camera", "(all)"));
}

void kms_tests(void)
{
	kms_heap("cmr-camera", "camera");
	kms_heap("cmr-camera-uncached", "camera");
	kms_heap("cmr-codec", "codec");
	kms_heap("cmr-reuse", "reuse");
	kms_camera();
	kms_vgem();
}
