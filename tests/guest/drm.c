// SPDX-License-Identifier: GPL-2.0
/*
 * DRM through its uAPI alone, for kms_test.c (drm.h): what libdrm and
 * modetest would do, spelled out, since the initramfs has no libdrm.
 */
#include <drm/drm.h>
#include <drm/drm_fourcc.h>
#include <drm/drm_mode.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "drm.h"

#define MAX_OBJS	32
/* A plane's "type" property: the kernel's enum drm_plane_type. */
#define PLANE_TYPE_PRIMARY	1

static int drm_ioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret && (errno == EINTR || errno == EAGAIN));
	return ret ? -errno : 0;
}

/**
 * drm_open() - open the DRM device of a driver
 * @driver: its name ("vkms", "vgem")
 *
 * Return: the fd, or a negative errno.
 */
int drm_open(const char *driver)
{
	char path[32], name[32];
	struct drm_version v;
	int i, fd;

	for (i = 0; i < 8; i++) {
		snprintf(path, sizeof(path), "/dev/dri/card%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		memset(&v, 0, sizeof(v));
		memset(name, 0, sizeof(name));
		v.name = name;
		v.name_len = sizeof(name) - 1;
		if (!drm_ioctl(fd, DRM_IOCTL_VERSION, &v) && !strcmp(name, driver))
			return fd;
		close(fd);
	}
	return -ENODEV;
}

/* The id of property @name of object @obj, and its value in @value. */
static uint32_t drm_prop(int fd, uint32_t obj, uint32_t type,
			 const char *name, uint64_t *value)
{
	uint32_t ids[64];
	uint64_t vals[64];
	struct drm_mode_obj_get_properties op = {
		.props_ptr = (uintptr_t)ids, .prop_values_ptr = (uintptr_t)vals,
		.count_props = 64, .obj_id = obj, .obj_type = type,
	};
	struct drm_mode_get_property p;
	uint32_t i;

	if (drm_ioctl(fd, DRM_IOCTL_MODE_OBJ_GETPROPERTIES, &op))
		return 0;
	for (i = 0; i < op.count_props && i < 64; i++) {
		memset(&p, 0, sizeof(p));
		p.prop_id = ids[i];
		if (!drm_ioctl(fd, DRM_IOCTL_MODE_GETPROPERTY, &p) &&
		    !strcmp(p.name, name)) {
			if (value)
				*value = vals[i];
			return ids[i];
		}
	}
	return 0;
}

/* The writeback connector of @k->fd and a 640x480 mode (or its first). */
static int drm_find_wb(struct drm_kms *k, uint32_t *conns, uint32_t n)
{
	struct drm_mode_modeinfo modes[256], *m = NULL;
	struct drm_mode_get_connector c;
	struct drm_mode_create_blob blob = { .length = sizeof(*m) };
	uint32_t i, j;

	for (i = 0; i < n && !m; i++) {
		/* Asking for no modes probes the connector for them. */
		memset(&c, 0, sizeof(c));
		c.connector_id = conns[i];
		if (drm_ioctl(k->fd, DRM_IOCTL_MODE_GETCONNECTOR, &c))
			continue;
		memset(&c, 0, sizeof(c));
		c.connector_id = conns[i];
		c.modes_ptr = (uintptr_t)modes;
		c.count_modes = 256;
		if (drm_ioctl(k->fd, DRM_IOCTL_MODE_GETCONNECTOR, &c) ||
		    c.connector_type != DRM_MODE_CONNECTOR_WRITEBACK ||
		    !c.count_modes)
			continue;
		k->wb = conns[i];
		m = &modes[0];
		for (j = 0; j < c.count_modes && j < 256; j++)
			if (modes[j].hdisplay == 640 && modes[j].vdisplay == 480)
				m = &modes[j];
	}
	if (!m)
		return -ENOENT;
	k->w = m->hdisplay;
	k->h = m->vdisplay;
	blob.data = (uintptr_t)m;
	if (drm_ioctl(k->fd, DRM_IOCTL_MODE_CREATEPROPBLOB, &blob))
		return -errno;
	k->mode_blob = blob.blob_id;
	return 0;
}

/* The primary plane of @k->crtc (index 0). */
static int drm_find_plane(struct drm_kms *k)
{
	struct drm_mode_get_plane_res res = { };
	struct drm_mode_get_plane p;
	uint32_t ids[MAX_OBJS], i;
	uint64_t type;

	res.plane_id_ptr = (uintptr_t)ids;
	res.count_planes = MAX_OBJS;
	if (drm_ioctl(k->fd, DRM_IOCTL_MODE_GETPLANERESOURCES, &res))
		return -errno;
	for (i = 0; i < res.count_planes && i < MAX_OBJS; i++) {
		memset(&p, 0, sizeof(p));
		p.plane_id = ids[i];
		if (drm_ioctl(k->fd, DRM_IOCTL_MODE_GETPLANE, &p) ||
		    !(p.possible_crtcs & 1))
			continue;
		if (drm_prop(k->fd, ids[i], DRM_MODE_OBJECT_PLANE, "type",
			     &type) && type == PLANE_TYPE_PRIMARY) {
			k->plane = ids[i];
			return 0;
		}
	}
	return -ENOENT;
}

/**
 * drm_kms_setup() - find a writeback pipe: CRTC, primary plane, connector
 * @k: filled
 * @fd: the DRM device (vkms's)
 *
 * Return: 0, or a negative errno.
 */
int drm_kms_setup(struct drm_kms *k, int fd)
{
	struct drm_set_client_cap caps[] = {
		{ DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1 },
		{ DRM_CLIENT_CAP_ATOMIC, 1 },
		{ DRM_CLIENT_CAP_WRITEBACK_CONNECTORS, 1 },
	};
	uint32_t crtcs[MAX_OBJS], conns[MAX_OBJS];
	struct drm_mode_card_res res = {
		.crtc_id_ptr = (uintptr_t)crtcs, .count_crtcs = MAX_OBJS,
		.connector_id_ptr = (uintptr_t)conns,
		.count_connectors = MAX_OBJS,
	};
	unsigned int i;
	int ret;

	memset(k, 0, sizeof(*k));
	k->fd = fd;
	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (drm_ioctl(fd, DRM_IOCTL_SET_CLIENT_CAP, &caps[i]))
			return -errno;
	ret = drm_ioctl(fd, DRM_IOCTL_MODE_GETRESOURCES, &res);
	if (ret || !res.count_crtcs)
		return ret ?: -ENOENT;
	k->crtc = crtcs[0];
	ret = drm_find_wb(k, conns, res.count_connectors < MAX_OBJS ?
			  res.count_connectors : MAX_OBJS);
	return ret ?: drm_find_plane(k);
}

/**
 * drm_import() - import a dma-buf as a GEM object (PRIME)
 * @fd: the DRM device
 * @dmabuf: the dma-buf
 *
 * Return: the handle, or 0.
 */
uint32_t drm_import(int fd, int dmabuf)
{
	struct drm_prime_handle p = { .fd = dmabuf };

	return drm_ioctl(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &p) ? 0 : p.handle;
}

/**
 * drm_fb() - an XRGB8888 framebuffer of one GEM object
 * @fd: the DRM device
 * @handle: the object
 * @w: width in pixels
 * @h: height
 * @pitch: bytes per line
 *
 * Return: the framebuffer id, or 0.
 */
uint32_t drm_fb(int fd, uint32_t handle, uint32_t w, uint32_t h,
		uint32_t pitch)
{
	struct drm_mode_fb_cmd2 f = {
		.width = w, .height = h, .pixel_format = DRM_FORMAT_XRGB8888,
		.handles = { handle }, .pitches = { pitch },
	};

	return drm_ioctl(fd, DRM_IOCTL_MODE_ADDFB2, &f) ? 0 : f.fb_id;
}

/**
 * drm_dumb() - a dumb buffer of 32 bits per pixel, mapped
 * @fd: the DRM device
 * @w: width
 * @h: height
 * @handle: its GEM handle
 * @pitch: its bytes per line
 *
 * Return: its mapping, or NULL.
 */
void *drm_dumb(int fd, uint32_t w, uint32_t h, uint32_t *handle,
	       uint32_t *pitch)
{
	struct drm_mode_create_dumb c = { .width = w, .height = h, .bpp = 32 };
	struct drm_mode_map_dumb m = { };
	void *p;

	if (drm_ioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &c))
		return NULL;
	m.handle = c.handle;
	if (drm_ioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &m))
		return NULL;
	p = mmap(NULL, c.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 m.offset);
	*handle = c.handle;
	*pitch = c.pitch;
	return p == MAP_FAILED ? NULL : p;
}

/* One property of an atomic request. */
struct drm_req {
	uint32_t objs[3], counts[3], props[16];
	uint64_t vals[16];
	unsigned int nobj, nprop;
};

static void drm_req_set(struct drm_req *r, int fd, uint32_t obj,
			uint32_t type, const char *name, uint64_t val)
{
	if (!r->nobj || r->objs[r->nobj - 1] != obj)
		r->objs[r->nobj++] = obj;
	r->counts[r->nobj - 1]++;
	r->props[r->nprop] = drm_prop(fd, obj, type, name, NULL);
	r->vals[r->nprop++] = val;
}

/**
 * drm_writeback() - show @fb on the primary plane, write the frame back
 * @k: the pipe
 * @fb: the framebuffer to show, full screen
 * @wb_fb: the framebuffer the writeback connector fills
 *
 * One atomic commit (a modeset) sets the mode, the plane and the
 * writeback; then the writeback's out-fence is waited for.
 *
 * Return: 0 once the frame is written back, else a negative errno.
 */
int drm_writeback(struct drm_kms *k, uint32_t fb, uint32_t wb_fb)
{
	const uint32_t P = DRM_MODE_OBJECT_PLANE;
	struct drm_req r = { };
	struct drm_mode_atomic a = { .flags = DRM_MODE_ATOMIC_ALLOW_MODESET };
	int fence = -1, ret;
	struct pollfd pfd;

	drm_req_set(&r, k->fd, k->crtc, DRM_MODE_OBJECT_CRTC, "MODE_ID", k->mode_blob);
	drm_req_set(&r, k->fd, k->crtc, DRM_MODE_OBJECT_CRTC, "ACTIVE", 1);
	drm_req_set(&r, k->fd, k->plane, P, "FB_ID", fb);
	drm_req_set(&r, k->fd, k->plane, P, "CRTC_ID", k->crtc);
	drm_req_set(&r, k->fd, k->plane, P, "SRC_W", (uint64_t)k->w << 16);
	drm_req_set(&r, k->fd, k->plane, P, "SRC_H", (uint64_t)k->h << 16);
	drm_req_set(&r, k->fd, k->plane, P, "CRTC_W", k->w);
	drm_req_set(&r, k->fd, k->plane, P, "CRTC_H", k->h);
	drm_req_set(&r, k->fd, k->wb, DRM_MODE_OBJECT_CONNECTOR, "CRTC_ID", k->crtc);
	drm_req_set(&r, k->fd, k->wb, DRM_MODE_OBJECT_CONNECTOR, "WRITEBACK_FB_ID", wb_fb);
	drm_req_set(&r, k->fd, k->wb, DRM_MODE_OBJECT_CONNECTOR,
		    "WRITEBACK_OUT_FENCE_PTR", (uintptr_t)&fence);
	a.count_objs = r.nobj;
	a.objs_ptr = (uintptr_t)r.objs;
	a.count_props_ptr = (uintptr_t)r.counts;
	a.props_ptr = (uintptr_t)r.props;
	a.prop_values_ptr = (uintptr_t)r.vals;
	ret = drm_ioctl(k->fd, DRM_IOCTL_MODE_ATOMIC, &a);
	if (ret)
		return ret;
	pfd.fd = fence;
	pfd.events = POLLIN;
	ret = fence < 0 ? -ENOENT : poll(&pfd, 1, 5000) == 1 ? 0 : -ETIMEDOUT;
	if (fence >= 0)
		close(fence);
	return ret;
}
