// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection on cmr's paths, run by /init with cmrtest=fault on the
 * board of dts/tests/fault.dts (region "faulty", its sample device
 * "fault-dev" reserving 2 MiB of it at probe) and kmemleak=on.
 *
 * Each operation (a probe by sysfs bind, a remove, a heap allocation
 * (plain, reusable, reusable with its first candidates busy, uncached)
 * and its release, a videobuf2 REQBUFS,
 * EXPBUF, DMABUF import and USERPTR, debugfs alloc and free, and the
 * REQBUFS of the kernel's vivid, whose DMA API allocations cmr serves
 * from the no-fallback region "vivid") runs again
 * and again with the n-th slab allocation of the call failed, n = 1, 2,
 * ... until a run has no n-th allocation.  After each run the region's
 * used pages, largest free extent and extents are what the run holds,
 * and what they were once it is undone.  A failure injected into one of
 * cmr's own functions must come back as an error (for REQBUFS: fewer
 * buffers), except the spare allocation records (cmr_track_init and
 * cmr_track_grow, at a reserve's set-up or when the spares ran out),
 * whose buffers are handed out untracked.  Every cmr
 * function of each operation's list must have been failed at least once.
 * The busy one holds pages of "reuse" (guest_pinner()) so that the claim
 * path weighs a second batch of candidates; after its sweep the ready
 * reserve's worker must fill a reserve around the held pages.
 * At the end kmemleak must find nothing allocated by cmr unreferenced.
 * One KTAP suite (ktap.h), with a diagnostic line per operation.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fault_inject.h"
#include "guest.h"

#define FAULT_REGION	"faulty"
#define FAULT_DEV	"fault-dev"
#define FAULT_RSV	512L		/* its reserve, in pages */
#define SAMPLE_DRV	"/sys/bus/platform/drivers/cmr-sample/"
#define DBG_ZONE	"/sys/kernel/debug/cmr/faulty/default/"
#define FAULT_MAX_NTH	1000
#define MB		(1UL << 20)
#define PAGE		4096UL

#define CHECK(cond, ...)	KTAP_CHECK(cond, __VA_ARGS__)

/*
 * One operation: @run is the call under test; @prep and @unprep set up
 * and take down around it, @undo gives back what a run that worked
 * holds.  @sites are the cmr functions whose allocations the sweep must
 * reach; @begin sets up for the whole sweep, before its first shape is
 * taken, and @done checks and takes it down.  @kernel_leak names a known leak of the kernel's own code on
 * this path: a failed run that leaves exactly @prep's buffer behind is
 * counted and reported under that name instead of failing.
 */
struct fault_op {
	const char *name;
	const char *region;
	int (*prep)(void);
	int (*run)(long *held);
	void (*undo)(void);
	void (*unprep)(void);
	const char *const *sites;
	const char *kernel_leak;
	int (*begin)(void);
	void (*done)(void);
};

static int heap_faulty = -1, heap_reuse = -1, heap_wc = -1;
static int vfd = -1, buf_fd = -1;
static int exp_fd = -1, v0fd = -1;
static unsigned char *buf_map = MAP_FAILED;
static unsigned int frame_size;
/* REQBUFS gave fewer buffers than asked: videobuf2 got the error. */
static int partial;

/* A region's shape: its debugfs line (used pages, extents). */
static int shape_of(const char *region, struct guest_row *s)
{
	return guest_row(region, "(all)", s);
}

static int shape_eq(const struct guest_row *a, const struct guest_row *b)
{
	return a->used == b->used && a->largest == b->largest &&
	       a->extents == b->extents;
}

/* ---- Heaps -------------------------------------------------------------- */

/* A buffer of @len from @heap, mapped and written once: *@held pages. */
static int heap_take(int heap, size_t len, long *held)
{
	void *p;
	int fd = guest_heap_alloc(heap, len, O_RDWR | O_CLOEXEC, 0), ret;

	if (fd < 0)
		return fd;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		ret = -errno;
		close(fd);
		return ret;
	}
	memset(p, 0x5a, len);
	/*
	 * munmap() may be the call that fails (6.1 allocates maple tree
	 * nodes there); the injected failure is spent, so a second one
	 * works.  The buffer goes back, and the run counts as failed.
	 */
	if (munmap(p, len)) {
		ret = -errno;
		munmap(p, len);
		close(fd);
		return ret;
	}
	buf_fd = fd;
	*held = len / PAGE;
	return 0;
}

static int run_heap_faulty(long *held)
{
	return heap_take(heap_faulty, MB, held);
}

static int run_heap_reuse(long *held)
{
	return heap_take(heap_reuse, MB, held);
}

static int run_heap_wc(long *held)
{
	return heap_take(heap_wc, MB, held);
}

/* ---- Busy ranges of the reusable region ----------------------------------- */

#define REUSE_DIR	"/sys/kernel/mm/cmr/reuse/"
#define BUSY_SLOT	(2 * MB)	/* a 2 MiB-aligned range of "reuse" */
#define BUSY_SLOTS	12		/* the first ones, with a page held */
#define BUSY_FIRST	8		/* those that must be: CMR_CLAIM_BATCH */
#define REFILL_MS	3000	/* the worker's bound, pages held (TCG) */
#define LEND_DELAY	"/sys/module/cmr/parameters/lend_delay_ms"
#define CHEAP_MIN	"/sys/module/cmr/parameters/cheap_min_pages"

static pid_t busy_pinner;
static int busy_down[2] = { -1, -1 };
static int busy_spacer[BUSY_SLOTS];
static unsigned int busy_spacers_held;

/*
 * Pages of some slots are the page cache of /init's files, which the
 * pinner cannot hold: 2 MiB buffers, held, take the slots that have no
 * page held (the cheapest ranges), so that the first fits left are busy.
 */
static int busy_spacers(unsigned long held)
{
	unsigned int i;

	for (i = 0; i < BUSY_SLOTS - held; i++) {
		busy_spacer[i] = guest_heap_alloc(heap_reuse, BUSY_SLOT,
						  O_RDWR | O_CLOEXEC, 0);
		if (busy_spacer[i] < 0)
			break;
	}
	busy_spacers_held = i;
	ktap_diag("heap alloc (busy): a page held in %lu of the first %d slots of 2 MiB of reuse, the others taken by buffers",
		  held, BUSY_SLOTS);
	return held >= BUSY_FIRST && i == BUSY_SLOTS - held ? 0 : -EAGAIN;
}

/*
 * Once per sweep: a page held in each of the first BUSY_SLOTS 2 MiB slots
 * of "reuse" (the first BUSY_FIRST at least), so that a 2 MiB buffer's
 * first CMR_CLAIM_BATCH candidates are all busy and the claim path weighs
 * a second batch (its allocation).
 */
static int begin_busy(void)
{
	unsigned long base, n, held[GUEST_HELD_MAX];
	int up[2];
	pid_t ballast;

	base = guest_hex(REUSE_DIR "base") / PAGE;
	if (!base || pipe(up) || pipe(busy_down))
		return -1;
	/* Released buffers lent at once: no kept pages to take instead. */
	guest_write(LEND_DELAY, "0");
	/*
	 * The strategy's fits alone, as this sweep is about their batches:
	 * the cheapest range of the whole zone would be the free slots.
	 */
	guest_write(CHEAP_MIN, "0");
	/* Earlier buffers' pages are kept for the lend delay: wait. */
	for (n = 0; n < 50 && guest_num(REUSE_DIR "kept_pages"); n++)
		usleep(100 * 1000);
	ballast = fork();
	if (!ballast)
		guest_ballast(up[1], 128 * MB);
	guest_hear(up[0]);
	busy_pinner = fork();
	if (!busy_pinner)
		guest_pinner(up[1], busy_down[0], base,
			     base + BUSY_SLOTS * BUSY_SLOT / PAGE, BUSY_SLOT / PAGE);
	if (read(up[0], &n, sizeof(n)) != sizeof(n) || n > GUEST_HELD_MAX ||
	    read(up[0], held, n * sizeof(held[0])) !=
	    (ssize_t)(n * sizeof(held[0])))
		n = 0;
	kill(ballast, SIGKILL);
	waitpid(ballast, NULL, 0);
	close(up[0]);
	close(up[1]);
	return busy_spacers(n);
}

/*
 * The ready worker meets the held pages (under KASAN in the sanitizer
 * run): a 4 MiB reserve is refilled around them; then the pages go.
 */
static void done_busy(void)
{
	double t = guest_now_ms();

	CHECK(!guest_write(REUSE_DIR "ready_pages", "1024"), "ready_pages");
	while (guest_num(REUSE_DIR "kept_pages") < 1024 &&
	       guest_now_ms() - t < REFILL_MS)
		usleep(20 * 1000);
	ktap_diag("heap alloc (busy): 4 MiB ready reserve refilled in %.0f ms, %ld ranges found blocked",
		  guest_now_ms() - t, guest_num(REUSE_DIR "blocked_reference"));
	CHECK(guest_num(REUSE_DIR "kept_pages") >= 1024,
	      "the worker kept %ld pages of a 1024-page reserve after %d ms",
	      guest_num(REUSE_DIR "kept_pages"), REFILL_MS);
	guest_write(REUSE_DIR "ready_pages", "0");
	guest_write(LEND_DELAY, "1000");
	guest_write(CHEAP_MIN, "64");
	while (busy_spacers_held)
		close(busy_spacer[--busy_spacers_held]);
	if (busy_pinner > 0) {
		guest_say(busy_down[1]);
		waitpid(busy_pinner, NULL, 0);
		close(busy_down[0]);
		close(busy_down[1]);
	}
	busy_pinner = 0;
}

/* 2 MiB: a candidate is a slot of begin_busy(). */
static int run_heap_busy(long *held)
{
	return heap_take(heap_reuse, BUSY_SLOT, held);
}

static void put_buf(void)
{
	if (buf_map != MAP_FAILED)
		munmap(buf_map, frame_size);
	buf_map = MAP_FAILED;
	if (buf_fd >= 0)
		close(buf_fd);
	buf_fd = -1;
}

/* A heap buffer of @len to release or import. */
static int prep_heap(unsigned long len)
{
	int fd = guest_heap_alloc(heap_faulty, len, O_RDWR | O_CLOEXEC, 0);

	if (fd < 0)
		return fd;
	buf_fd = fd;
	return 0;
}

static int prep_buf(void)
{
	return prep_heap(MB);
}

static int prep_frame(void)
{
	return prep_heap(frame_size);
}

/* The last close of a heap buffer: its release. */
static int run_close(long *held)
{
	int ret = close(buf_fd) ? -errno : 0;

	buf_fd = -1;
	*held = -(long)(MB / PAGE);
	return ret;
}

/* ---- debugfs alloc and free (the cmr_alloc() API) --------------------- */

static int run_dbg_alloc(long *held)
{
	*held = 16;
	return guest_write(DBG_ZONE "alloc", "16");
}

static void undo_dbg_alloc(void)
{
	guest_write(DBG_ZONE "free", "1");
}

static int prep_dbg_free(void)
{
	return guest_write(DBG_ZONE "alloc", "16");
}

static int run_dbg_free(long *held)
{
	*held = -16;
	return guest_write(DBG_ZONE "free", "1");
}

/* A free that failed leaves the buffer: free it now. */
static void unprep_dbg_free(void)
{
	guest_write(DBG_ZONE "free", "1");
}

/* ---- videobuf2, on /dev/video1 (region "video") ------------------------ */

static int qbuf(unsigned int memory)
{
	struct v4l2_buffer b = {
		.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
		.memory = memory,
		.index = 0,
	};

	b.length = frame_size;
	if (memory == V4L2_MEMORY_DMABUF)
		b.m.fd = buf_fd;
	else
		b.m.userptr = (unsigned long)buf_map;
	return guest_xioctl(vfd, VIDIOC_QBUF, &b) ? -errno : 0;
}

/* REQBUFS(@want) MMAP of frames of @frame bytes on @fd: what it holds. */
static int reqbufs_held(int fd, int want, unsigned int frame, long *held)
{
	int n = guest_reqbufs(fd, want, V4L2_MEMORY_MMAP);

	if (n < 0)
		return n;
	partial = n < want;
	*held = n * ((frame + PAGE - 1) / PAGE);
	return 0;
}

static int run_reqbufs(long *held)
{
	return reqbufs_held(vfd, 4, frame_size, held);
}

static void undo_reqbufs(void)
{
	guest_reqbufs(vfd, 0, V4L2_MEMORY_MMAP);
}

static int prep_expbuf(void)
{
	return guest_reqbufs(vfd, 1, V4L2_MEMORY_MMAP) == 1 ? 0 : -EIO;
}

static int run_expbuf(long *held)
{
	int fd = guest_expbuf(vfd, 0);

	*held = 0;
	if (fd < 0)
		return fd;
	exp_fd = fd;
	return 0;
}

static void undo_expbuf(void)
{
	close(exp_fd);
	exp_fd = -1;
}

/* REQBUFS and QBUF of @memory; the queue is freed if QBUF fails. */
static int queue_one(unsigned int memory, long *held)
{
	int ret = guest_reqbufs(vfd, 1, memory);

	*held = 0;
	if (ret < 0)
		return ret;
	ret = qbuf(memory);
	if (ret)
		guest_reqbufs(vfd, 0, memory);
	return ret;
}

static int run_import(long *held)
{
	return queue_one(V4L2_MEMORY_DMABUF, held);
}

static void undo_import(void)
{
	guest_reqbufs(vfd, 0, V4L2_MEMORY_DMABUF);
}

/*
 * USERPTR memory that is contiguous: a buffer of /dev/video0's queue,
 * exported and mapped.
 */
static int prep_userptr(void)
{
	if (guest_reqbufs(v0fd, 1, V4L2_MEMORY_MMAP) != 1)
		return -EIO;
	buf_fd = guest_expbuf(v0fd, 0);
	if (buf_fd < 0)
		return buf_fd;
	buf_map = mmap(NULL, frame_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		       buf_fd, 0);
	return buf_map == MAP_FAILED ? -errno : 0;
}

static void unprep_userptr(void)
{
	put_buf();
	guest_reqbufs(v0fd, 0, V4L2_MEMORY_MMAP);
}

static int run_userptr(long *held)
{
	return queue_one(V4L2_MEMORY_USERPTR, held);
}

static void undo_userptr(void)
{
	guest_reqbufs(vfd, 0, V4L2_MEMORY_USERPTR);
}

/* ---- Probe and remove of fault-dev, by sysfs bind and unbind ----------- */

static int bound(void)
{
	return access("/sys/bus/platform/devices/" FAULT_DEV "/driver",
		      F_OK) == 0;
}

static void ensure_bound(void)
{
	if (!bound())
		guest_write(SAMPLE_DRV "bind", FAULT_DEV);
}

static int prep_probe(void)
{
	return guest_write(SAMPLE_DRV "unbind", FAULT_DEV);
}

static int run_probe(long *held)
{
	*held = FAULT_RSV;
	return guest_write(SAMPLE_DRV "bind", FAULT_DEV);
}

static int run_remove(long *held)
{
	*held = -FAULT_RSV;
	return guest_write(SAMPLE_DRV "unbind", FAULT_DEV);
}

/*
 * ---- The DMA API: vivid's dma-contig queue (region "vivid") ------------
 *
 * The region does not fall back, so a failure inside cmr must reach
 * vivid as a failed dma_alloc_attrs(): REQBUFS gets fewer buffers.
 */
static int vivid_fd = -1;
static unsigned int vivid_frame;

static int run_dma_reqbufs(long *held)
{
	return reqbufs_held(vivid_fd, 2, vivid_frame, held);
}

static void undo_dma_reqbufs(void)
{
	guest_reqbufs(vivid_fd, 0, V4L2_MEMORY_MMAP);
}

/* vivid's capture node, and its frame size; 0 on success. */
static int open_vivid(void)
{
	struct v4l2_format f = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };
	char path[32];

	if (guest_v4l2_node("vivid-000-vid-cap", path, sizeof(path)))
		return -1;
	vivid_fd = open(path, O_RDWR);
	if (vivid_fd < 0 || guest_xioctl(vivid_fd, VIDIOC_G_FMT, &f))
		return -1;
	vivid_frame = f.fmt.pix.sizeimage;
	return 0;
}

/* ---- The sweep ------------------------------------------------------------ */

/*
 * The cmr functions that allocate metadata on each path; "a|b" when the
 * compiler may inline a into b.
 */
static const char *const sites_probe[] = {
	"cmr_sample_probe", "cmr_config_reserve|cmr_zone_configure",
	"cmr_bitmap_init", "cmr_track_init", "cmr_track_grow",
	"cmr_buffer_new|cmr_buffer_alloc", NULL,
};
static const char *const sites_heap[] = {
	"cmr_buffer_new|cmr_buffer_alloc_region", "cmr_dmabuf_export", NULL,
};
static const char *const sites_dbg[] = {
	"cmr_dbg_alloc_write", NULL,
};
static const char *const sites_reqbufs[] = {
	"vb2_cmr_alloc", "cmr_buffer_new|cmr_buffer_alloc_region",
	"cmr_vmap_wc|cmr_buffer_vmap", NULL,
};
static const char *const sites_expbuf[] = {
	"cmr_dmabuf_export", NULL,
};
static const char *const sites_import[] = {
	"vb2_cmr_attach_dmabuf", "cmr_dmabuf_ops_attach", NULL,
};
static const char *const sites_userptr[] = {
	"vb2_cmr_get_userptr", NULL,
};
/*
 * Not cmr_dma_alloc(): its xa_insert() retries a node allocation that
 * failed under the lock, so one injected failure never fails it.
 */
static const char *const sites_dma[] = {
	"cmr_buffer_new|cmr_buffer_alloc_region", NULL,
};
static const char *const sites_none[] = { NULL };
static const char *const sites_busy[] = {
	"cmr_buffer_new|cmr_buffer_alloc_region", "cmr_zone_alloc_claimed",
	"cmr_dmabuf_export", NULL,
};

static const struct fault_op fault_ops[] = {
	{ "probe", FAULT_REGION, prep_probe, run_probe, NULL, ensure_bound,
	  sites_probe },
	{ "remove", FAULT_REGION, NULL, run_remove, ensure_bound,
	  ensure_bound, sites_none },
	{ "heap alloc", FAULT_REGION, NULL, run_heap_faulty, put_buf, NULL,
	  sites_heap },
	{ "heap alloc (reusable)", "reuse", NULL, run_heap_reuse, put_buf,
	  NULL, sites_heap },
	{ "heap alloc (reusable, busy)", "reuse", NULL, run_heap_busy,
	  put_buf, NULL, sites_busy, NULL, begin_busy, done_busy },
	{ "heap alloc (uncached)", FAULT_REGION, NULL, run_heap_wc, put_buf,
	  NULL, sites_heap },
	{ "heap release", FAULT_REGION, prep_buf, run_close, NULL, put_buf,
	  sites_none },
	{ "debugfs alloc", FAULT_REGION, NULL, run_dbg_alloc, undo_dbg_alloc,
	  NULL, sites_dbg },
	{ "debugfs free", FAULT_REGION, prep_dbg_free, run_dbg_free, NULL,
	  unprep_dbg_free, sites_none },
	{ "vb2 reqbufs", "video", NULL, run_reqbufs, undo_reqbufs, NULL,
	  sites_reqbufs },
	{ "vb2 expbuf", "video", prep_expbuf, run_expbuf, undo_expbuf,
	  undo_reqbufs, sites_expbuf },
	/*
	 * videobuf2-core of Linux 6.12 keeps the reference it took on the
	 * dma-buf when attach_dmabuf fails (__prepare_dmabuf goes to
	 * err_put_vb2_buf, which puts only attached planes); 6.1 puts it.
	 */
	{ "vb2 dmabuf import", FAULT_REGION, prep_frame, run_import,
	  undo_import, put_buf, sites_import,
	  "videobuf2-core keeps the dma-buf of a failed attach" },
	{ "vb2 userptr", "video", prep_userptr, run_userptr, undo_userptr,
	  unprep_userptr, sites_userptr },
	{ "dma alloc (vivid)", "vivid", NULL, run_dma_reqbufs,
	  undo_dma_reqbufs, NULL, sites_dma },
};

/* A failure of the spare records, which buffers survive untracked. */
static int is_record(const char *site)
{
	return !strcmp(site, "cmr_track_init") ||
	       !strcmp(site, "cmr_track_grow");
}

/* Add @site to the space-separated list @list, once. */
static void note_site(char *list, size_t len, const char *site)
{
	char word[136];

	snprintf(word, sizeof(word), " %s ", site);
	if (!strstr(list, word) && strlen(list) + strlen(site) + 2 < len) {
		if (!*list)
			strcat(list, " ");
		strcat(list, site);
		strcat(list, " ");
	}
}

static int is_cmr(const char *site)
{
	return !strncmp(site, "cmr_", 4) || !strncmp(site, "vb2_cmr", 7);
}

/* Is one of the "a|b" names of @want in the list @list? */
static int reached(const char *list, const char *want)
{
	char word[136];
	size_t n;

	while (*want) {
		n = strcspn(want, "|");
		snprintf(word, sizeof(word), " %.*s ", (int)n, want);
		if (strstr(list, word))
			return 1;
		want += n + (want[n] == '|');
	}
	return 0;
}

static int sweep(const struct fault_op *op, int last)
{
	struct guest_row base, s0, s;
	unsigned int n, errors = 0, absorbed = 0, leaks = 0;
	char site[128], cmr[1024] = "";
	int fired = 1, ret;
	long held;
	size_t i;

	if (shape_of(op->region, &base)) {
		CHECK(0, "%s: no region %s", op->name, op->region);
		return 0;
	}
	for (n = 1; n <= FAULT_MAX_NTH && fired == 1; n++) {
		ret = op->prep ? op->prep() : 0;
		CHECK(!ret, "%s: set-up: %d", op->name, ret);
		if (ret)
			return 0;
		shape_of(op->region, &s0);
		held = 0;
		partial = 0;
		strcpy(site, "none");
		fault_arm(n);
		ret = op->run(&held);
		fired = fault_fired();
		CHECK(fired >= 0, "%s: fail-nth unreadable", op->name);
		if (fired == 1) {
			fault_site(site, sizeof(site));
			if (is_cmr(site)) {
				note_site(cmr, sizeof(cmr), site);
				CHECK(!is_record(site) ?
				      ret < 0 || partial : !ret,
				      "%s: failure #%u in %s %s", op->name, n,
				      site, ret ? "failed the call" :
				      "was not reported");
			}
			ret || partial ? errors++ : absorbed++;
		} else {
			CHECK(!ret, "%s: failed (%d) with no injected failure",
			      op->name, ret);
		}
		shape_of(op->region, &s);
		if (ret)
			CHECK(shape_eq(&s, &s0),
			      "%s: failure #%u (%s, %d) left %lu/%lu/%lu pages used/largest/extents, was %lu/%lu/%lu",
			      op->name, n, site, ret, s.used, s.largest,
			      s.extents, s0.used, s0.largest, s0.extents);
		else
			CHECK((long)(s.used - s0.used) == held,
			      "%s: run #%u holds %ld pages, expected %ld",
			      op->name, n, (long)(s.used - s0.used), held);
		if (!ret && op->undo)
			op->undo();
		if (op->unprep)
			op->unprep();
		shape_of(op->region, &s);
		if (ret && op->kernel_leak && !shape_eq(&s, &base) &&
		    s.used - base.used == (frame_size + PAGE - 1) / PAGE) {
			leaks++;
			base = s;
		}
		CHECK(shape_eq(&s, &base),
		      "%s: after #%u (%s): %lu/%lu/%lu pages used/largest/extents, was %lu/%lu/%lu",
		      op->name, n, site, s.used, s.largest, s.extents,
		      base.used, base.largest, base.extents);
	}
	CHECK(fired == 0, "%s: still failing after %u injections", op->name,
	      FAULT_MAX_NTH);
	if (leaks)
		ktap_diag("%s: kernel bug, not cmr: %s (%u time(s))",
		          op->name, op->kernel_leak, leaks);
	ktap_diag("%s: %u allocations failed one at a time: %u calls failed with an error, %u absorbed; cmr sites:%s",
	          op->name, n - 2, errors, absorbed, *cmr ? cmr : " none");
	/* Missed sites fail the last sweep only. */
	for (i = 0, n = 0; op->sites[i]; i++)
		n += !reached(cmr, op->sites[i]);
	for (i = 0; (last || !n) && op->sites[i]; i++)
		CHECK(reached(cmr, op->sites[i]), "%s: no failure reached %s",
		      op->name, op->sites[i]);
	return n;
}

/* fault_tests() - the sweep of every operation, then the leak check. */
void fault_tests(void)
{
	char first[256];
	int leaks, cmr_leaks, on;
	size_t i;

	heap_faulty = open("/dev/dma_heap/cmr-" FAULT_REGION, O_RDONLY);
	heap_reuse = open("/dev/dma_heap/cmr-reuse", O_RDONLY);
	heap_wc = open("/dev/dma_heap/cmr-" FAULT_REGION "-uncached", O_RDONLY);
	vfd = open("/dev/video1", O_RDWR);
	v0fd = open("/dev/video0", O_RDWR);
	CHECK(heap_faulty >= 0 && heap_reuse >= 0 && heap_wc >= 0 &&
	      vfd >= 0 && v0fd >= 0,
	      "open heaps and /dev/video0, 1: %s", strerror(errno));
	CHECK(bound(), "%s is not bound at boot", FAULT_DEV);
	CHECK(!open_vivid(), "open vivid's capture node: %s", strerror(errno));
	on = kmemleak_on();
	CHECK(on, "kmemleak is not running (boot with kmemleak=on)");
	if (heap_faulty < 0 || heap_reuse < 0 || heap_wc < 0 || vfd < 0 ||
	    v0fd < 0 || !bound() || vivid_fd < 0)
		return;
	{
		struct v4l2_format f = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };

		CHECK(!guest_xioctl(vfd, VIDIOC_G_FMT, &f), "G_FMT");
		frame_size = f.fmt.pix.sizeimage;
	}
	if (fault_setup()) {
		CHECK(0, "no failslab or fail-nth in this kernel");
		return;
	}
	for (i = 0; i < sizeof(fault_ops) / sizeof(fault_ops[0]); i++) {
		/*
		 * The kernel's own allocations around a call vary now and
		 * then (kernfs' cyclic ids need a radix-tree node): one that
		 * took the place of a cmr site's in its sweep has it swept
		 * once more.
		 */
		if (fault_ops[i].begin && fault_ops[i].begin()) {
			CHECK(0, "%s: set-up for the sweep", fault_ops[i].name);
		} else if (sweep(&fault_ops[i], 0)) {
			sweep(&fault_ops[i], 1);
		}
		if (fault_ops[i].done)
			fault_ops[i].done();
	}
	fault_teardown();

	if (on) {
		leaks = fault_leaks(&cmr_leaks, first, sizeof(first));
		CHECK(leaks >= 0, "kmemleak scan failed");
		CHECK(cmr_leaks == 0, "kmemleak: %d object(s) leaked by cmr, first at%s",
		      cmr_leaks, first);
		ktap_diag("kmemleak: %d unreferenced object(s), %d from cmr",
		          leaks, cmr_leaks);
	}
}
