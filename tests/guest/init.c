// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the QEMU guest: run the tests the kernel command line names
 * (cmrtest=vb2: tests/guest/vb2_test.c; cmrtest=compliance: Debian's
 * v4l2-compliance on the videobuf2 test devices; cmrtest=demo: a few
 * frames streamed for "make run"; cmrtest=heap: tests/guest/heap_test.c;
 * cmrtest=reuse: tests/guest/reuse_test.c; cmrtest=heapbench:
 * tests/guest/heap_bench.c; cmrtest=stat: tests/guest/stat_test.c;
 * cmrtest=fault: tests/guest/fault_test.c), print
 * a readable report of the cmr regions from /sys/kernel/debug/cmr/regions,
 * then power off.
 * Static, no libc beyond what a static glibc gives.  The host side
 * (scripts/qemu-boot.sh) reads the lines between "cmr-report: begin" and
 * "cmr-report: end".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "guest.h"

static void report_line(const char *line)
{
	struct guest_row r;

	if (guest_parse_row(line, &r))
		return;
	printf("cmr-report: %-10s base %#011llx size %5lu MiB  zone %-8s %-7s"
	       " used %6lu/%-6lu pages (%3lu%%) peak %6lu  largest free %6lu"
	       " in %lu extent(s), frag %u.%u%%  allocs %lu fails %lu %s\n",
	       r.region, r.base, (r.total * 4096) >> 20, r.zone, r.strategy,
	       r.used, r.total, r.total ? r.used * 100 / r.total : 0, r.peak,
	       r.largest, r.extents, r.frag / 10, r.frag % 10, r.allocs,
	       r.fails, r.kind);
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
 * memory) and DMABUF.  Its output goes to the console as it is.
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
}

int main(void)
{
	char line[512];
	FILE *f;

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);

	if (cmdline_has("cmrtest=vb2"))
		vb2_tests();
	if (cmdline_has("cmrtest=compliance"))
		compliance();
	if (cmdline_has("cmrtest=demo")) {
		guest_cmrstat("before");
		vb2_demo();
	}
	if (cmdline_has("cmrtest=heap"))
		heap_tests();
	if (cmdline_has("cmrtest=reuse"))
		reuse_tests();
	if (cmdline_has("cmrtest=heapbench"))
		heap_bench();
	if (cmdline_has("cmrtest=stat"))
		stat_tests();
	if (cmdline_has("cmrtest=fault"))
		fault_tests();

	printf("cmr-report: begin\n");
	f = fopen("/sys/kernel/debug/cmr/regions", "r");
	if (!f) {
		printf("cmr-report: no /sys/kernel/debug/cmr/regions\n");
	} else {
		/* the first line is the header */
		if (fgets(line, sizeof(line), f))
			while (fgets(line, sizeof(line), f))
				report_line(line);
		fclose(f);
	}
	printf("cmr-report: end\n");
	fflush(stdout);
	/* Power-off does not wait for the console: drain it first, or a
	 * loaded host loses the report's last lines. */
	tcdrain(STDOUT_FILENO);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
