// SPDX-License-Identifier: GPL-2.0
/*
 * Guest test of what cmr shows, run by /init when the kernel command line
 * has cmrtest=stat:
 *
 *  1. sysfs: every region and zone of /sys/kernel/debug/cmr/regions has
 *     its directory under /sys/kernel/mm/cmr/, every file there reads,
 *     and each figure matches the debugfs table; "base" is root-only;
 *  2. counters: a buffer from /dev/dma_heap/cmr-camera raises allocs and
 *     used_pages, its release raises releases, a request larger than the
 *     free space raises failures;
 *  3. tracepoints: with events/cmr enabled in tracefs, those three show as
 *     cmr_alloc, cmr_release and cmr_alloc_fail with their region, zone,
 *     size and error;
 *  4. debugfs: each zone's buffers and map show who holds what, and the
 *     alloc and free files (CONFIG_CMR_DEBUG) take and give back pages;
 *  5. /bin/cmrstat runs and shows every kind of region, a zone and a bar.
 * The failure line on the console is checked by the boot case.  One KTAP
 * suite (ktap.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guest.h"

#define SYSFS		"/sys/kernel/mm/cmr"
#define TRACEFS		"/sys/kernel/tracing"

#define CHECK(cond, ...)	KTAP_CHECK(cond, __VA_ARGS__)

/* The first line of a file, without its newline; "" if it cannot read. */
static const char *read_line(const char *path)
{
	static char buf[128];
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = '\0';
		fclose(f);
	}
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

/* A number from a sysfs file of @dir, or -1. */
static long num(const char *dir, const char *file)
{
	char path[256];
	const char *s;
	char *end;
	long v;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	s = read_line(path);
	v = strtol(s, &end, 10);
	return *s && !*end ? v : -1;
}

/* Files in @dir other than subdirectories; each must read. */
static unsigned int count_files(const char *dir)
{
	char path[512];
	struct dirent *e;
	unsigned int n = 0;
	struct stat st;
	DIR *d = opendir(dir);

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (e->d_name[0] == '.' || stat(path, &st) || S_ISDIR(st.st_mode))
			continue;
		CHECK(read_line(path)[0], "%s does not read", path);
		n++;
	}
	closedir(d);
	return n;
}

/* One debugfs line against its sysfs directory. */
static void check_line(const char *line)
{
	char dir[256], path[300], want[32];
	struct guest_row r;
	unsigned int files;
	struct stat st;
	int is_region, lending;

	if (guest_parse_row(line, &r))
		return;
	is_region = !strcmp(r.zone, "(all)");
	if (is_region)
		snprintf(dir, sizeof(dir), SYSFS "/%s", r.region);
	else
		snprintf(dir, sizeof(dir), SYSFS "/%s/zones/%s", r.region,
			 r.zone);

	/*
	 * 13 files in every directory, plus kind, or strategy and align; a
	 * reusable region's also what it holds ready, keeps and lends, what
	 * blocked it, for 5 reasons, and 3 latency histograms.
	 */
	files = count_files(dir);
	lending = is_region && !strcmp(r.kind, "reusable");
	CHECK(files == (is_region ? 14U + 11 * lending : 15U), "%s: %u files",
	      dir, files);
	if (lending)
		CHECK(num(dir, "kept_pages") + num(dir, "lent_pages") +
		      (long)r.used == (long)r.total,
		      "%s: kept %ld + lent %ld + used %lu != %lu", dir,
		      num(dir, "kept_pages"), num(dir, "lent_pages"), r.used,
		      r.total);
	CHECK(num(dir, "total_pages") == (long)r.total &&
	      num(dir, "used_pages") == (long)r.used &&
	      num(dir, "free_pages") == (long)(r.total - r.used) &&
	      num(dir, "peak_pages") == (long)r.peak &&
	      num(dir, "largest_free_pages") == (long)r.largest &&
	      num(dir, "free_extents") == (long)r.extents &&
	      num(dir, "fragmentation") == (long)r.frag &&
	      num(dir, "allocs") == (long)r.allocs &&
	      num(dir, "failures") == (long)r.fails &&
	      num(dir, "failures_fragmented") == (long)r.ffails &&
	      num(dir, "releases") >= 0,
	      "%s: figures differ from debugfs", dir);
	CHECK(num(dir, "size_bytes") == (long)(r.total * 4096),
	      "%s: size_bytes %ld", dir, num(dir, "size_bytes"));
	snprintf(path, sizeof(path), "%s/base", dir);
	snprintf(want, sizeof(want), "0x%016llx", r.base);
	CHECK(!strcmp(read_line(path), want), "%s: base %s, want %s", dir,
	      read_line(path), want);
	CHECK(!stat(path, &st) && (st.st_mode & 0777) == 0400,
	      "%s: mode %o", path, st.st_mode & 0777);
	snprintf(path, sizeof(path), "%s/%s", dir,
		 is_region ? "kind" : "strategy");
	CHECK(!strcmp(read_line(path), is_region ? r.kind : r.strategy),
	      "%s: %s", path, read_line(path));
	if (!is_region)
		CHECK(num(dir, "align_bytes") >= 4096, "%s: align_bytes %ld",
		      dir, num(dir, "align_bytes"));
}

static void test_sysfs(void)
{
	char line[512];
	unsigned int n = 0;
	FILE *f = fopen("/sys/kernel/debug/cmr/regions", "r");

	CHECK(f, "no debugfs table");
	if (!f)
		return;
	if (fgets(line, sizeof(line), f))
		while (fgets(line, sizeof(line), f)) {
			check_line(line);
			n++;
		}
	fclose(f);
	CHECK(n >= 8, "only %u lines in debugfs", n);
}

/* A buffer of @len from cmr-camera: its fd, or -errno. */
static int camera_alloc(unsigned long long len)
{
	int heap = open("/dev/dma_heap/cmr-camera", O_RDONLY | O_CLOEXEC);
	int ret;

	if (heap < 0)
		return -errno;
	ret = guest_heap_alloc(heap, len, O_RDWR | O_CLOEXEC, 0);
	close(heap);
	return ret;
}

/* Does the trace buffer hold a line with all of @a, @b and @c? */
static int traced(const char *a, const char *b, const char *c)
{
	char line[512];
	int found = 0;
	FILE *f = fopen(TRACEFS "/trace", "r");

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, a) && strstr(line, b) && strstr(line, c);
	fclose(f);
	return found;
}

static void test_counters_and_trace(void)
{
	const char *dir = SYSFS "/camera/zones/default";
	long allocs = num(dir, "allocs"), releases = num(dir, "releases");
	long fails = num(dir, "failures"), used = num(dir, "used_pages");
	long total = num(dir, "total_pages");
	int fd, ret;

	CHECK(!mount("tracefs", TRACEFS, "tracefs", 0, NULL) || errno == EBUSY,
	      "mount tracefs: %s", strerror(errno));
	CHECK(!guest_write(TRACEFS "/events/cmr/enable", "1"),
	      "enable events/cmr: %s", strerror(errno));

	fd = camera_alloc(1 << 20);
	CHECK(fd >= 0, "1 MiB from cmr-camera: %d", fd);
	CHECK(num(dir, "allocs") == allocs + 1 &&
	      num(dir, "used_pages") == used + 256,
	      "after alloc: allocs %ld (was %ld), used %ld (was %ld)",
	      num(dir, "allocs"), allocs, num(dir, "used_pages"), used);
	if (fd >= 0)
		close(fd);
	CHECK(num(dir, "releases") == releases + 1 &&
	      num(dir, "used_pages") == used,
	      "after release: releases %ld (was %ld)", num(dir, "releases"),
	      releases);
	/* More than is free, less than the zone: no room. */
	ret = camera_alloc((total - used) * 4096 + 4096);
	CHECK(ret == -ENOMEM, "too large: %d", ret);
	if (ret >= 0)
		close(ret);
	CHECK(num(dir, "failures") == fails + 1, "failures %ld (was %ld)",
	      num(dir, "failures"), fails);

	CHECK(traced("cmr_alloc:", "region=camera zone=default", "count=256 align=8"),
	      "no cmr_alloc event");
	CHECK(traced("cmr_release:", "region=camera zone=default", "count=256"),
	      "no cmr_release event");
	CHECK(traced("cmr_alloc_fail:", "region=camera zone=default", "err=-12"),
	      "no cmr_alloc_fail event");
	guest_write(TRACEFS "/events/cmr/enable", "0");
}

/* Does the file at @path hold a line with @a and @b? */
static int file_has(const char *path, const char *a, const char *b)
{
	char line[512];
	int found = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, a) && strstr(line, b);
	fclose(f);
	return found;
}

#define DBG	"/sys/kernel/debug/cmr"

/*
 * debugfs per zone: the sample device's buffer and a heap buffer listed
 * with their owners, the map marks them, and alloc/free take and give
 * back pages of the kunit region.
 */
static void test_debugfs(void)
{
	const char *kdir = SYSFS "/kunit/zones/default";
	long used = num(kdir, "used_pages");
	int fd;

	CHECK(file_has(DBG "/camera/default/buffers", "cam0", " 256 "),
	      "camera buffers lack cam0's 256 pages");
	fd = camera_alloc(1 << 20);
	CHECK(file_has(DBG "/camera/default/buffers", "cmr_heap_allocate",
		       "[init]"),
	      "camera buffers lack the heap buffer of init");
	CHECK(file_has(DBG "/camera/default/map", "[#", "pages"),
	      "camera map: %s", read_line(DBG "/camera/default/map"));
	if (fd >= 0)
		close(fd);
	CHECK(!file_has(DBG "/camera/default/buffers", "cmr_heap_allocate",
			"[init]"),
	      "camera buffers still list the freed heap buffer");

	CHECK(!guest_write(DBG "/kunit/default/alloc", "16"),
	      "alloc 16: %s", strerror(errno));
	CHECK(num(kdir, "used_pages") == used + 16, "used %ld after alloc, was %ld",
	      num(kdir, "used_pages"), used);
	CHECK(file_has(DBG "/kunit/default/buffers", "cmr_dbg_alloc_write",
		       "      16 "), "kunit buffers lack the debugfs buffer");
	CHECK(!guest_write(DBG "/kunit/default/free", "1"), "free: %s",
	      strerror(errno));
	CHECK(num(kdir, "used_pages") == used, "used %ld after free, was %ld",
	      num(kdir, "used_pages"), used);
	CHECK(guest_write(DBG "/kunit/default/free", "1") == -ENOENT,
	      "free with nothing allocated: %s", strerror(errno));
	CHECK(guest_write(DBG "/kunit/default/alloc", "lots") == -EINVAL,
	      "alloc of 'lots': %s", strerror(errno));
}

/* /bin/cmrstat (scripts/cmrstat.c): a line and a bar per region. */
static void test_cmrstat(void)
{
	static char out[16384];
	int ret = guest_run("/bin/cmrstat", out, sizeof(out));

	CHECK(ret == 0, "cmrstat exited with %d", ret);
	CHECK(strstr(out, "REGION") && strstr(out, "camera ") &&
	      strstr(out, "(all)") && strstr(out, "% used") &&
	      strstr(out, " reusable ") && strstr(out, " no-map ") &&
	      strstr(out, "meta ") && strstr(out, " bitmap "),
	      "cmrstat output lacks a region, zone or bar:\n%s", out);
}

/**
 * stat_tests() - sysfs, counters, tracepoints, debugfs and cmrstat
 */
void stat_tests(void)
{
	test_sysfs();
	test_counters_and_trace();
	test_debugfs();
	test_cmrstat();
}
