// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's fault injection and leak detector, seen from the guest:
 * failslab set to fail GFP_KERNEL allocations too, /proc/thread-self/
 * fail-nth to fail the n-th allocation of one system call, the stack of
 * each injected failure read back from /dev/kmsg to name the function
 * whose allocation failed, and kmemleak's report.  failslab prints no
 * stack for a __GFP_NOWARN allocation: for those the failed allocation's
 * call site comes from the kmem tracepoints, filtered on a NULL result.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <unistd.h>

#include "fault_inject.h"
#include "guest.h"

#define FAILSLAB	"/sys/kernel/debug/failslab/"
#define TRACEFS		"/sys/kernel/tracing/"
#define KMEMLEAK	"/sys/kernel/debug/kmemleak"

/*
 * Opened once: between arming and the call under test nothing may
 * allocate, or the armed failure hits the wrong call.  Writing and
 * reading fail-nth through an open fd allocates nothing.
 */
static int kmsg = -1, nth = -1;

/**
 * fault_setup() - make failslab fail what fail-nth asks for, verbosely
 *
 * Every slab allocation counts, GFP_KERNEL ones included; each injected
 * failure prints its stack (verbose 2), none held back by the rate limit.
 * The console gets errors only: the stacks are read from /dev/kmsg.
 *
 * Return: 0, or -errno when the kernel has no failslab.
 */
int fault_setup(void)
{
	int ret = guest_write(FAILSLAB "ignore-gfp-wait", "N");

	if (ret)
		return ret;
	guest_write(FAILSLAB "verbose", "2");
	guest_write(FAILSLAB "verbose_ratelimit_burst", "1000000");
	guest_write(FAILSLAB "probability", "0");
	mount("tracefs", TRACEFS, "tracefs", 0, NULL);
	guest_write(TRACEFS "events/kmem/kmalloc/filter", "ptr == 0");
	guest_write(TRACEFS "events/kmem/kmem_cache_alloc/filter", "ptr == 0");
	guest_write(TRACEFS "events/kmem/kmalloc/enable", "1");
	guest_write(TRACEFS "events/kmem/kmem_cache_alloc/enable", "1");
	guest_write(TRACEFS "trace", "");
	klogctl(8, NULL, 4);		/* console_loglevel: errors only */
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	nth = open("/proc/thread-self/fail-nth", O_RDWR);
	return kmsg < 0 || nth < 0 ? -ENOENT : 0;
}

/* The console shows warnings again. */
void fault_teardown(void)
{
	if (nth >= 0)
		pwrite(nth, "0", 1, 0);
	guest_write(TRACEFS "events/kmem/kmalloc/enable", "0");
	guest_write(TRACEFS "events/kmem/kmem_cache_alloc/enable", "0");
	klogctl(8, NULL, 7);
	close(kmsg);
	close(nth);
	kmsg = nth = -1;
}

/**
 * fault_arm() - fail the @n-th fault-injection point of this thread
 * @n: 1 for the next one; 0 disarms
 *
 * Also skips what /dev/kmsg holds so far, for fault_site().
 */
void fault_arm(unsigned int n)
{
	char val[16];

	lseek(kmsg, 0, SEEK_END);
	snprintf(val, sizeof(val), "%u", n);
	pwrite(nth, val, strlen(val), 0);
}

/**
 * fault_fired() - did the armed failure happen?  Disarms.
 *
 * Return: 1 if it did, 0 if the call had fewer points, -1 on error.
 */
int fault_fired(void)
{
	char val[16] = "";
	ssize_t n = pread(nth, val, sizeof(val) - 1, 0);

	if (pwrite(nth, "0", 1, 0) < 0 || n <= 0)
		return -1;
	return atoi(val) == 0;
}

/*
 * Frames of the allocator and of the injection itself, and library
 * helpers that allocate for their caller: the site is the first frame
 * below them.  Leading underscores are skipped before comparing.
 */
static const char *const fault_inner[] = {
	"dump_", "show_stack", "fail_dump", "should_fail", "slab_",
	"kmem_cache_alloc", "kmalloc", "kzalloc", "kcalloc", "kvmalloc",
	"kvzalloc", "kmemdup", "kstrdup", "kvasprintf", "kasprintf",
	"krealloc", "do_kmalloc", "bitmap_zalloc", "bitmap_alloc",
	"sg_kmalloc", "sg_alloc_table", "devres_alloc", "devm_add_action",
	"alloc_slab", "new_slab", "kmalloc_node", "devm_k", "alloc_dr",
	"xa_", "xas_",
};

/* kmemleak's own metadata: a failure there is absorbed by its pool. */
static int fault_is_kmemleak(const char *fn)
{
	return strstr(fn, "kmemleak") || strstr(fn, "mem_pool_alloc") ||
	       strstr(fn, "create_object") || strstr(fn, "alloc_object");
}

static int fault_is_inner(const char *fn)
{
	size_t i;

	while (*fn == '_')
		fn++;
	for (i = 0; i < sizeof(fault_inner) / sizeof(fault_inner[0]); i++)
		if (!strncmp(fn, fault_inner[i], strlen(fault_inner[i])))
			return 1;
	return 0;
}

/* The function of a stack line " name+0x1c/0x80 ...", or 0. */
static int fault_frame(const char *msg, char *fn, size_t len)
{
	const char *p = msg, *plus;
	size_t n;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '[') {		/* "[<ffff...>] name+..." */
		p = strchr(p, ']');
		if (!p)
			return 0;
		p++;
		while (*p == ' ')
			p++;
	}
	plus = strstr(p, "+0x");
	if (!plus || plus == p)
		return 0;
	n = plus - p;
	if (n >= len || strcspn(p, " ;:") < n)
		return 0;
	memcpy(fn, p, n);
	fn[n] = '\0';
	return 1;
}

/* The call site of the last failed allocation the kmem events saw. */
static void fault_traced_site(char *site, size_t len)
{
	char line[512], fn[128];
	const char *cs;
	FILE *f = fopen(TRACEFS "trace", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		cs = strstr(line, "call_site=");
		if (line[0] == '#' || !cs ||
		    !fault_frame(cs + strlen("call_site="), fn, sizeof(fn)))
			continue;
		if (fault_is_kmemleak(fn))
			snprintf(site, len, "kmemleak");
		else if (!fault_is_inner(fn))
			snprintf(site, len, "%s", fn);
	}
	fclose(f);
}

/**
 * fault_site() - the function whose allocation the armed failure hit
 * @site: filled with its name, "kmemleak" for the leak detector's own
 *	metadata, or "?" when no stack was found
 * @len: size of @site
 */
void fault_site(char *site, size_t len)
{
	char rec[1024], fn[128];
	int in_stack = 0, done = 0;
	ssize_t n;

	snprintf(site, len, "?");
	while (!done && (n = read(kmsg, rec, sizeof(rec) - 1)) > 0) {
		char *msg;

		rec[n] = '\0';
		msg = strchr(rec, ';');
		if (!msg)
			continue;
		msg++;
		msg[strcspn(msg, "\n")] = '\0';
		if (strstr(msg, "FAULT_INJECTION: forcing a failure")) {
			in_stack = 1;
			continue;
		}
		if (!in_stack || !fault_frame(msg, fn, sizeof(fn)))
			continue;
		if (fault_is_kmemleak(fn)) {
			snprintf(site, len, "kmemleak");
			done = 1;
		} else if (!fault_is_inner(fn)) {
			snprintf(site, len, "%s", fn);
			done = 1;
		}
	}
	if (!done)
		fault_traced_site(site, len);
	guest_write(TRACEFS "trace", "");
}

/**
 * kmemleak_on() - is the leak detector running?  Forgets what it has
 * reported so far, so that fault_leaks() sees only what follows.
 *
 * Return: 1 if it runs, 0 if not.
 */
int kmemleak_on(void)
{
	if (guest_write(KMEMLEAK, "scan=off") || guest_write(KMEMLEAK, "scan"))
		return 0;
	return !guest_write(KMEMLEAK, "clear");
}

/**
 * fault_leaks() - scan for leaks, after the objects are old enough
 * @cmr: set to the unreferenced objects allocated from cmr's functions
 *	(a cmr_ function in the allocation's backtrace)
 * @first: filled with the first such object's frame, if any
 * @len: size of @first
 *
 * Return: all unreferenced objects reported, or -1 if kmemleak is off.
 */
int fault_leaks(int *cmr, char *first, size_t len)
{
	int all = 0, in_cmr = 0, in_trace = 0;
	char line[512];
	FILE *f;

	*cmr = 0;
	snprintf(first, len, "-");
	sleep(6);		/* kmemleak reports objects older than 5 s */
	if (guest_write(KMEMLEAK, "scan") || guest_write(KMEMLEAK, "scan"))
		return -1;
	f = fopen(KMEMLEAK, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "unreferenced object")) {
			all++;
			in_cmr = 0;
			in_trace = 0;
		} else if (strstr(line, "backtrace")) {
			/* Not the hex dump: a KUnit log may hold "cmr_". */
			in_trace = 1;
		} else if (in_trace && !in_cmr && strstr(line, "cmr_")) {
			in_cmr = 1;
			if (!(*cmr)++)
				snprintf(first, len, "%s", line);
		}
	}
	fclose(f);
	return all;
}
