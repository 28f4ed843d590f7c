// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the QEMU guest: run the test the kernel command line names
 * (cmrtest=<name>, from guest_tests[] below) as a KTAP suite (ktap.h),
 * print a readable report of the cmr regions from
 * /sys/kernel/debug/cmr/regions, then power off.
 * Static, no libc beyond what a static glibc gives.  The host side
 * (tests/boot/run.sh) reads the KTAP and the lines between
 * "cmr-report: begin" and "cmr-report: end".
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "guest.h"

/* A size for the report: MiB when whole, else KiB. */
static const char *report_size(char *buf, size_t len, unsigned long pages)
{
	unsigned long kib = pages * 4;

	if (kib && !(kib % 1024))
		snprintf(buf, len, "%5lu MiB", kib / 1024);
	else
		snprintf(buf, len, "%5lu KiB", kib);
	return buf;
}

static void report_row(const struct guest_row *r)
{
	char size[32];

	printf("cmr-report: %-10s base %#011llx size %s  zone %-8s %-7s"
	       " used %6lu/%-6lu pages (%3lu%%) peak %6lu  largest free %6lu"
	       " in %lu extent(s), frag %u.%u%%  allocs %lu fails %lu %s\n",
	       r->region, r->base, report_size(size, sizeof(size), r->total),
	       r->zone, r->strategy, r->used, r->total,
	       r->total ? r->used * 100 / r->total : 0, r->peak, r->largest,
	       r->extents, r->frag / 10, r->frag % 10, r->allocs, r->fails,
	       r->kind);
}

/*
 * One line naming every dma-buf heap, the kernel's and cmr's, for the
 * boot cases to check that they all register, each under its own name.
 */
static void report_heaps(void)
{
	DIR *d = opendir("/dev/dma_heap");
	struct dirent *e;

	printf("cmr-heaps:");
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.')
			printf(" %s", e->d_name);
	printf("\n");
	if (d)
		closedir(d);
}

/*
 * The report: debugfs lists a region's zones, then the region as zone
 * "(all)".  A region of one zone would read twice: its "(all)" line is
 * printed only for a region of several zones.
 */
static void report(void)
{
	static struct guest_row zones[64];
	unsigned int n = 0, i;
	char line[512];
	FILE *f;

	printf("cmr-report: begin\n");
	f = fopen("/sys/kernel/debug/cmr/regions", "r");
	if (!f) {
		printf("cmr-report: no /sys/kernel/debug/cmr/regions\n");
		goto end;
	}
	/* the first line is the header */
	if (fgets(line, sizeof(line), f))
		while (fgets(line, sizeof(line), f)) {
			if (guest_parse_row(line, &zones[n]))
				continue;
			if (strcmp(zones[n].zone, "(all)")) {
				if (n < sizeof(zones) / sizeof(zones[0]) - 1)
					n++;
				continue;
			}
			for (i = 0; i < n; i++)
				report_row(&zones[i]);
			if (n > 1)
				report_row(&zones[n]);
			n = 0;
		}
	fclose(f);
end:
	report_heaps();
	printf("cmr-report: end\n");
}

/* Does the kernel command line have the word @word? */
static int cmdline_has(const char *word)
{
	char line[1024], *tok, *save;
	FILE *f = fopen("/proc/cmdline", "r");
	int found = 0;

	if (!f)
		return 0;
	if (fgets(line, sizeof(line), f))
		for (tok = strtok_r(line, " \n", &save); tok && !found;
		     tok = strtok_r(NULL, " \n", &save))
			found = !strcmp(tok, word);
	fclose(f);
	return found;
}

/*
 * v4l2-compliance with streaming on video0, importing video1's exported
 * buffers for the DMABUF tests: MMAP, USERPTR (video0 bounces scattered
 * memory) and DMABUF.  Its output goes to the console as it is, for the
 * host to check its verdicts; its exit status is this suite's check.
 */
static void compliance(void)
{
	char *const argv[] = {
		"v4l2-compliance", "-C", "never", "-d", "/dev/video0", "-s",
		"10", "-e", "/dev/video1", NULL,
	};
	int status = 0;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execv("/usr/bin/v4l2-compliance", argv);
		printf("compliance: cannot run /usr/bin/v4l2-compliance\n");
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	printf("compliance: v4l2-compliance exited with %d\n",
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	KTAP_CHECK(pid > 0 && WIFEXITED(status) && !WEXITSTATUS(status),
		   "v4l2-compliance exited with %d",
		   WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* make run: cmrstat's table, then a few frames streamed. */
static void demo(void)
{
	guest_cmrstat("before");
	vb2_demo();
}

/* make bench: its "heap_bench:" lines are the result, not KTAP. */
static void heapbench(void)
{
	heap_bench();
}

/* make bench: its "ready_bench:" lines are the result, not KTAP. */
static void readybench(void)
{
	ready_bench();
}

/**
 * struct guest_test - a program /init runs for cmrtest=<name>
 * @name: the name on the command line, and the KTAP suite's name
 * @run: the program
 * @ktap: whether it is a test, printed as a KTAP suite; make run's demo
 *	and make bench's heapbench and readybench print lines of their own
 */
struct guest_test {
	const char *name;
	void (*run)(void);
	int ktap;
};

static const struct guest_test guest_tests[] = {
	{ "vb2",	vb2_tests,	1 },	/* vb2_test.c */
	{ "compliance",	compliance,	1 },	/* above */
	{ "heap",	heap_tests,	1 },	/* heap_test.c */
	{ "reuse",	reuse_tests,	1 },	/* reuse_test.c */
	{ "ready",	ready_tests,	1 },	/* ready_test.c */
	{ "pin",	pin_tests,	1 },	/* pin_test.c */
	{ "stat",	stat_tests,	1 },	/* stat_test.c */
	{ "fault",	fault_tests,	1 },	/* fault_test.c, fault_inject.c */
	{ "vivid",	vivid_tests,	1 },	/* vivid_test.c */
	{ "apps",	apps_tests,	1 },	/* apps_test.c, app.c */
	{ "kms",	kms_tests,	1 },	/* kms_test.c, drm.c */
	{ "demo",	demo,		0 },	/* vb2_test.c */
	{ "heapbench",	heapbench,	0 },	/* heap_bench.c */
	{ "readybench",	readybench,	0 },	/* ready_bench.c */
};

#define GUEST_TESTS	(sizeof(guest_tests) / sizeof(guest_tests[0]))

/* Run the tests the command line names; the KTAP ones as suites. */
static void run_tests(void)
{
	const struct guest_test *t;
	unsigned int suites = 0, n = 0;
	char word[64];

	for (t = guest_tests; t < guest_tests + GUEST_TESTS; t++) {
		snprintf(word, sizeof(word), "cmrtest=%s", t->name);
		if (cmdline_has(word) && t->ktap)
			suites++;
	}
	if (suites)
		ktap_header(suites);
	for (t = guest_tests; t < guest_tests + GUEST_TESTS; t++) {
		snprintf(word, sizeof(word), "cmrtest=%s", t->name);
		if (!cmdline_has(word))
			continue;
		if (t->ktap)
			ktap_suite_begin(t->name);
		t->run();
		if (t->ktap)
			ktap_suite_end(++n, t->name);
	}
}

int main(void)
{
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);

	run_tests();
	report();
	fflush(stdout);
	/* Power-off does not wait for the console: drain it first, or a
	 * loaded host loses the report's last lines. */
	tcdrain(STDOUT_FILENO);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
