// SPDX-License-Identifier: GPL-2.0
/*
 * Host checks of mm/cmr_activate.c, the boot-time setup of regions and
 * zones, which no user task can reach with fail-nth: every allocation of
 * it fails in turn, and each time the region must stay unpublished with
 * everything freed (LeakSanitizer checks), the other regions unharmed.
 * What activation calls outside the host build is stubbed here.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/slab.h>

#include "../../mm/cmr.h"
#include "../../mm/cmr_decl.h"
#include "common.h"

struct cmr_decl cmr_decls[CMR_MAX_REGIONS];
unsigned int cmr_nr_decls;
bool cmr_early_done = true;

static struct cmr_region *published[CMR_MAX_REGIONS];
static unsigned int nr_published;

int cmr_region_register(struct cmr_region *region)
{
	published[nr_published++] = region;
	return 0;
}

bool cmr_of_node_seen(const char *node)
{
	(void)node;
	return true;
}

void cmr_of_read_zones(struct device_node *np, struct cmr_decl *d)
{
	(void)np;
	(void)d;
}

int cmr_reuse_lend(struct cmr_region *region, phys_addr_t ready)
{
	(void)region;
	(void)ready;
	return 0;
}

/*
 * Records (mm/cmr_track.c): an allocation of their own, to be failed in
 * turn and freed, as the pool's are.
 */
int cmr_track_init(struct cmr_zone *zone)
{
	zone->records = kmalloc(64, GFP_KERNEL);
	return zone->records ? 0 : -ENOMEM;
}

void cmr_track_exit(struct cmr_zone *zone)
{
	kfree(zone->records);
	zone->records = NULL;
}

extern int (*const host_initcall_cmr_activate)(void);

/* What a published region holds, as the kernel would free it. */
static void unpublish(void)
{
	while (nr_published) {
		struct cmr_region *r = published[--nr_published];

		while (r->nr_zones) {
			cmr_track_exit(&r->zones[--r->nr_zones]);
			cmr_zone_destroy(&r->zones[r->nr_zones]);
		}
		kfree(r->zones);
		kfree(r);
	}
}

/* Activation, its messages (one region's failure each run) to /dev/null. */
static int activate_quietly(void)
{
	int out, null, ret;

	fflush(stdout);
	out = dup(STDOUT_FILENO);
	null = open("/dev/null", O_WRONLY);
	if (out >= 0 && null >= 0)
		dup2(null, STDOUT_FILENO);
	ret = host_initcall_cmr_activate();
	fflush(stdout);
	if (out >= 0 && null >= 0)
		dup2(out, STDOUT_FILENO);
	if (out >= 0)
		close(out);
	if (null >= 0)
		close(null);
	return ret;
}

/* Two regions from cmr=: "a" plain, "b" with three zones. */
static void declare(void)
{
	struct cmr_decl *a = &cmr_decls[0], *b = &cmr_decls[1];

	memset(cmr_decls, 0, sizeof(cmr_decls));
	strcpy(a->name, "a");
	a->size = 4 << 20;
	a->base = 0x50000000;
	a->flags = CMR_DECL_CMDLINE | CMR_DECL_RESERVED;
	strcpy(b->name, "b");
	b->size = 8 << 20;
	b->base = 0x60000000;
	b->flags = CMR_DECL_CMDLINE | CMR_DECL_RESERVED;
	strcpy(b->strategy, "bitmap");
	b->nr_zones = 2;
	strcpy(b->zones[0].name, "frames");
	b->zones[0].size = 4 << 20;
	strcpy(b->zones[0].strategy, "bestfit");
	strcpy(b->zones[1].name, "meta");
	b->zones[1].size = 1 << 20;
	cmr_nr_decls = 2;
}

/*
 * Fail the n-th allocation of activation, n = 0, 1, ... until one run
 * has no n-th.  Expect, each time, one region published and the other
 * not (its failure printed), or both when nothing failed or the failure
 * was a zone's spare records (absorbed: its buffers get theirs later); a
 * published region whole: "b" with its default zone and two declared
 * ones.  Four zones in all: four absorbed failures.
 */
static void activate_nomem_check(void)
{
	unsigned int runs = 0, absorbed = 0, nth, i;
	bool fired;

	for (nth = 0; nth < 100; nth++) {
		declare();
		host_fail_alloc(nth);
		CHECK_EQ(activate_quietly(), 0);
		fired = !host_fail_pending();
		host_fail_alloc(-1);
		runs++;
		CHECK(fired ? nr_published == 1 || nr_published == 2 :
			      nr_published == 2);
		absorbed += fired && nr_published == 2;
		for (i = 0; i < nr_published; i++)
			if (!strcmp(published[i]->name, "b"))
				CHECK_EQ(published[i]->nr_zones, 3);
		unpublish();
		if (!fired)
			break;
	}
	/* Region, plan, zone table, a strategy and records per zone. */
	CHECK(runs > 12);
	CHECK(nth < 100);
	CHECK_EQ(absorbed, 4);
}

void activate_checks(void)
{
	HOST_RUN(activate_nomem_check);
}
