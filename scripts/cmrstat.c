// SPDX-License-Identifier: GPL-2.0
/*
 * cmrstat: the cmr regions and zones of this machine as one table, from
 * /sys/kernel/mm/cmr (docs/ABI/testing/sysfs-kernel-mm-cmr), with a usage
 * bar per region, and for a reusable region what it lends, keeps and
 * holds ready, and how long taking its pages back takes.  Needs no privilege (the root-only base address is
 * shown when it can be read).  Static and dependency-free, so that it
 * runs in an initramfs.
 *
 *	cmrstat [sysfs-dir]
 *
 * Exit status: 0, or 1 if there is no cmr sysfs directory.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BAR	40

static const char *root = "/sys/kernel/mm/cmr";

/* The first line of @dir/@file into @buf (64 bytes); "" if unreadable. */
static char *get(const char *dir, const char *file, char *buf)
{
	char path[1300];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	buf[0] = '\0';
	f = fopen(path, "r");
	if (f) {
		if (!fgets(buf, 64, f))
			buf[0] = '\0';
		fclose(f);
	}
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

static unsigned long num(const char *dir, const char *file)
{
	char buf[64];

	return strtoul(get(dir, file, buf), NULL, 10);
}

/* Pages as a short size: "512K", "31.5M". */
static const char *size(unsigned long pages, char *buf, size_t len)
{
	unsigned long kib = pages * 4;

	if (kib < 1024)
		snprintf(buf, len, "%luK", kib);
	else
		snprintf(buf, len, "%.1fM", kib / 1024.0);
	return buf;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int visible(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

/* One line of figures for a region's or a zone's directory. */
static void line(const char *dir, const char *region, const char *zone,
		 const char *what)
{
	unsigned long total = num(dir, "total_pages");
	unsigned long used = num(dir, "used_pages");
	char s[4][16], base[64];

	get(dir, "base", base);

	printf("%-14s %-10s %-9s %8s %8s %8s %8s %7lu %5.1f%% %7lu %5lu(%lu) %s\n",
	       region, zone, what, size(total, s[0], sizeof(s[0])),
	       size(used, s[1], sizeof(s[1])),
	       size(num(dir, "peak_pages"), s[2], sizeof(s[2])),
	       size(num(dir, "largest_free_pages"), s[3], sizeof(s[3])),
	       num(dir, "free_extents"), num(dir, "fragmentation") / 10.0,
	       num(dir, "allocs"), num(dir, "failures"),
	       num(dir, "failures_fragmented"), base[0] ? base : "-");
}

static void bar(const char *dir)
{
	unsigned long total = num(dir, "total_pages");
	unsigned long used = num(dir, "used_pages"), n, i;
	char b[BAR + 1];

	n = total ? (used * BAR + total - 1) / total : 0;
	for (i = 0; i < BAR; i++)
		b[i] = i < n ? '#' : '.';
	b[BAR] = '\0';
	printf("%-14s [%s] %3lu%% used\n", "", b,
	       total ? used * 100 / total : 0);
}

/* Microseconds as a short time: "64us", "2ms", "16s". */
static const char *dur(unsigned long us, char *buf, size_t len)
{
	if (us < 1000)
		snprintf(buf, len, "%luus", us);
	else if (us < 1000000)
		snprintf(buf, len, "%lums", us / 1000);
	else
		snprintf(buf, len, "%lus", us / 1000000);
	return buf;
}

/*
 * A latency histogram of @dir (a line of counts in log2 buckets of
 * microseconds): how many, and the bucket bounds of the median and p99.
 */
static void latency(const char *dir, const char *file, const char *what)
{
	unsigned long b[64], n = 0, c = 0;
	int k = 0, i, p50 = -1, p99 = -1;
	char path[1300], s[2][16];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "r");
	if (!f)
		return;
	while (k < 64 && fscanf(f, "%lu", &b[k]) == 1)
		n += b[k++];
	fclose(f);
	for (i = 0; i < k; i++) {
		c += b[i];
		if (p50 < 0 && 2 * c >= n)
			p50 = i;
		if (p99 < 0 && 100 * c >= 99 * n)
			p99 = i;
	}
	if (!n) {
		printf("%-14s %s: none\n", "", what);
		return;
	}
	printf("%-14s %s: %lu, p50 < %s, p99 < %s\n", "", what, n,
	       dur(2UL << p50, s[0], sizeof(s[0])),
	       dur(2UL << p99, s[1], sizeof(s[1])));
}

/* A reusable region's lending and latencies: nothing for the others. */
static void lending(const char *dir)
{
	char s[3][16], buf[64];

	if (!get(dir, "ready_pages", buf)[0])
		return;
	printf("%-14s lent %s, kept %s (ready reserve %s)\n", "",
	       size(num(dir, "lent_pages"), s[0], sizeof(s[0])),
	       size(num(dir, "kept_pages"), s[1], sizeof(s[1])),
	       size(num(dir, "ready_pages"), s[2], sizeof(s[2])));
	latency(dir, "latency_ready_us", "takes from kept pages");
	latency(dir, "latency_migrate_us", "takes needing migration");
	latency(dir, "latency_refill_us", "reserve refills");
}

static void region(const char *name)
{
	char dir[600], zdir[1200], zones[620], what[64];
	struct dirent **z;
	int n, i;

	snprintf(dir, sizeof(dir), "%s/%s", root, name);
	line(dir, name, "(all)", get(dir, "kind", what));
	bar(dir);
	lending(dir);
	snprintf(zones, sizeof(zones), "%s/zones", dir);
	n = scandir(zones, &z, visible, by_name);
	for (i = 0; i < n; i++) {
		snprintf(zdir, sizeof(zdir), "%s/%s", zones, z[i]->d_name);
		line(zdir, "", z[i]->d_name, get(zdir, "strategy", what));
		free(z[i]);
	}
	if (n > 0)
		free(z);
}

int main(int argc, char **argv)
{
	struct dirent **r;
	int n, i;

	if (argc > 1)
		root = argv[1];
	n = scandir(root, &r, visible, by_name);
	if (n < 0) {
		fprintf(stderr, "cmrstat: no %s (a kernel without cmr?)\n", root);
		return 1;
	}
	printf("%-14s %-10s %-9s %8s %8s %8s %8s %7s %6s %7s %s %s\n", "REGION",
	       "ZONE", "KIND", "SIZE", "USED", "PEAK", "LARGEST", "EXTENTS",
	       "FRAG", "ALLOCS", "FAILS(FRAG)", "BASE");
	for (i = 0; i < n; i++) {
		region(r[i]->d_name);
		free(r[i]);
	}
	free(r);
	return 0;
}
