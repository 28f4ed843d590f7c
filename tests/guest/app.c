// SPDX-License-Identifier: GPL-2.0
/*
 * Running Debian's programs from the guest's disk (scripts/guest-disk.sh):
 * /init mounts it read-only on /disk, with /dev, /proc, /sys and a tmpfs
 * /tmp inside, and runs each program chrooted there, so the programs see
 * an ordinary Debian root.  While one runs, /init samples what it is for:
 * a region's pages in use, and whether the kernel lists a given device
 * among a dma-buf's importers (/sys/kernel/debug/dma_buf/bufinfo).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app.h"

#define DISK_DEV	"/dev/vda"

/* GStreamer finds only the plugins the tests use, and keeps its
 * registry on the tmpfs. */
static char *const app_env[] = {
	"PATH=/usr/bin",
	"HOME=/tmp",
	"GST_PLUGIN_SYSTEM_PATH_1_0=/usr/lib/cmr-gst",
	"GST_REGISTRY_1_0=/tmp/gst-registry.bin",
	"GST_REGISTRY_FORK=no",
	NULL,
};

/**
 * app_disk() - mount the guest's disk on APP_ROOT, once
 *
 * Return: 0, or -1 (with a line saying why) if there is no disk.
 */
int app_disk(void)
{
	static int mounted;
	static const char *const sub[][2] = {
		{ "devtmpfs", "dev" }, { "proc", "proc" },
		{ "sysfs", "sys" }, { "tmpfs", "tmp" },
	};
	char path[64];
	unsigned int i;

	if (mounted)
		return 0;
	mkdir(APP_ROOT, 0755);
	if (mount(DISK_DEV, APP_ROOT, "ext4", MS_RDONLY, NULL)) {
		printf("app: cannot mount %s: %s\n", DISK_DEV, strerror(errno));
		return -1;
	}
	for (i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", APP_ROOT, sub[i][1]);
		if (mount(sub[i][0], path, sub[i][0], 0, NULL)) {
			printf("app: cannot mount %s: %s\n", path,
			       strerror(errno));
			return -1;
		}
	}
	mounted = 1;
	return 0;
}

/* Sample @a while @pid runs; its exit status, or -1. */
static int app_watch(pid_t pid, struct app_run *a)
{
	int status;
	long used;

	a->peak = 0;
	a->attached = 0;
	while (waitpid(pid, &status, WNOHANG) == 0) {
		used = a->region ? guest_used(a->region, "(all)") : 0;
		if (used > a->peak)
			a->peak = used;
		if (a->importer && !a->attached)
			a->attached = guest_dmabuf_attached(a->importer);
		usleep(5000);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/**
 * app_run() - run a program of the disk chrooted there, and watch it
 * @argv: its arguments, argv[0] its path on the disk
 * @a: what to watch (@a->region, @a->importer), filled with what was seen
 *
 * The program's output goes to the console.
 *
 * Return: its exit status, or -1 if it did not exit.
 */
int app_run(char *const argv[], struct app_run *a)
{
	char *const *p;
	pid_t pid;

	printf("app%s:", a->uid ? " (not root)" : "");
	for (p = argv; *p; p++)
		printf(" %s", *p);
	printf("\n");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (chroot(APP_ROOT) || chdir("/"))
			_exit(126);
		if (a->uid && (setgid(a->uid) || setuid(a->uid)))
			_exit(126);
		execve(argv[0], argv, app_env);
		_exit(127);
	}
	if (pid < 0)
		return -1;
	a->status = app_watch(pid, a);
	printf("app: exit %d, peak %ld pages in %s%s\n", a->status, a->peak,
	       a->region ? a->region : "-",
	       a->importer && a->attached ? ", importer attached" : "");
	return a->status;
}

/**
 * app_frames() - check a file of frames against the test device's pattern
 * @path: the file, as /init sees it
 * @size: bytes per frame
 * @swap: 1 if each pair of bytes was swapped (YUYV converted to UYVY)
 * @c: filled with the counts
 *
 * Byte i of frame n is (n + i / 4096 + i) & 0xff (tests/vb2/cmr_vb2_test.c):
 * byte 0 gives n, and every other byte must follow.
 *
 * Return: 0 if the file holds whole frames and each is a frame of the
 * pattern, else -1 (@c->bad_at says where the first wrong byte is).
 */
int app_frames(const char *path, size_t size, unsigned int swap,
	       struct app_frames *c)
{
	unsigned char *buf = malloc(size);
	FILE *f = fopen(path, "r");
	size_t i, j, got = 0;
	int last = -1;

	memset(c, 0, sizeof(*c));
	c->bad_at = -1;
	while (buf && f && (got = fread(buf, 1, size, f)) == size) {
		/* File byte i is the device's byte j; n is at swap. */
		for (i = 0; i < size; i++) {
			j = i ^ swap;
			if (buf[i] != ((buf[swap] + j / 4096 + j) & 0xff))
				break;
		}
		if (i < size && c->bad_at < 0)
			c->bad_at = (long long)(c->frames * size + i);
		c->frames++;
		c->distinct += buf[swap] != last;
		last = buf[swap];
	}
	if (f)
		fclose(f);
	free(buf);
	return f && buf && !got && c->frames && c->bad_at < 0 ? 0 : -1;
}
