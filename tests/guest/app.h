/* SPDX-License-Identifier: GPL-2.0 */
/* Debian's programs from the guest's disk (app.c), for apps_test.c. */
#ifndef _GUEST_APP_H
#define _GUEST_APP_H

#include <stddef.h>

#include "guest.h"

/* Where /init mounts the disk; the programs' root. */
#define APP_ROOT	"/disk"

/**
 * struct app_run - what to watch while a program runs, and what was seen
 * @region: a region whose pages in use to sample, or NULL
 * @importer: a device to look for among dma-buf importers, or NULL
 * @uid: run as this user (and group), not root, if not 0
 * @peak: the most pages of @region in use at once
 * @attached: whether @importer was seen attached to a dma-buf
 * @status: the program's exit status, -1 if it did not exit
 */
struct app_run {
	const char *region;
	const char *importer;
	unsigned int uid;
	long peak;
	int attached;
	int status;
};

/**
 * struct app_frames - what a file of frames held
 * @frames: whole frames
 * @distinct: runs of frames with the same sequence number (new frames)
 * @bad_at: the offset of the first byte off the pattern, or -1
 */
struct app_frames {
	unsigned int frames;
	unsigned int distinct;
	long long bad_at;
};

int app_disk(void);
int app_run(char *const argv[], struct app_run *a);
int app_frames(const char *path, size_t size, unsigned int swap,
	       struct app_frames *c);

#endif /* _GUEST_APP_H */
