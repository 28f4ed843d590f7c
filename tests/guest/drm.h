/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DRM calls kms_test.c makes, on the kernel's uAPI alone (no libdrm
 * in the guest's initramfs): a device by driver name, object properties,
 * PRIME import, framebuffers, dumb buffers, and one atomic commit that
 * puts a framebuffer on vkms's primary plane with its writeback
 * connector capturing the composed frame.
 */
#ifndef _GUEST_DRM_H
#define _GUEST_DRM_H

#include <stdint.h>

/**
 * struct drm_kms - what one commit on a writeback pipe needs
 * @fd: the DRM device
 * @crtc: the CRTC
 * @plane: its primary plane
 * @wb: the writeback connector
 * @w: the mode's width, also the framebuffers'
 * @h: the mode's height
 * @mode_blob: the mode, as a property blob
 */
struct drm_kms {
	int fd;
	uint32_t crtc, plane, wb;
	uint32_t w, h;
	uint32_t mode_blob;
};

int drm_open(const char *driver);
int drm_kms_setup(struct drm_kms *k, int fd);
uint32_t drm_import(int fd, int dmabuf);
uint32_t drm_fb(int fd, uint32_t handle, uint32_t w, uint32_t h,
		uint32_t pitch);
void *drm_dumb(int fd, uint32_t w, uint32_t h, uint32_t *handle,
	       uint32_t *pitch);
int drm_writeback(struct drm_kms *k, uint32_t fb, uint32_t wb_fb);

#endif /* _GUEST_DRM_H */
