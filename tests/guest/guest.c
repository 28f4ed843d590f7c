// SPDX-License-Identifier: GPL-2.0
/* Helpers shared by the guest tests: region sizes and usage from debugfs. */
#include <stdio.h>
#include <string.h>

#include "guest.h"

/* A zone's total (@total) or used pages, or -1 if there is no such line. */
static long guest_pages(const char *region, const char *zone, int total)
{
	char line[512], r[32], z[32];
	unsigned long pages, used;
	long ret = -1;
	FILE *f = fopen("/sys/kernel/debug/cmr/regions", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%31s %31s %*s %*s %lu %lu", r, z, &pages,
			   &used) == 4 &&
		    !strcmp(r, region) && !strcmp(z, zone))
			ret = total ? pages : used;
	fclose(f);
	return ret;
}

/**
 * guest_used() - pages in use in a zone, from /sys/kernel/debug/cmr/regions
 * @region: the region
 * @zone: the zone, or "(all)" for the region's own line
 *
 * Return: the pages, or -1 if there is no such line.
 */
long guest_used(const char *region, const char *zone)
{
	return guest_pages(region, zone, 0);
}

/**
 * guest_total() - pages of a zone, as guest_used()
 * @region: the region
 * @zone: the zone, or "(all)" for the region's own line
 *
 * Return: the pages, or -1 if there is no such line.
 */
long guest_total(const char *region, const char *zone)
{
	return guest_pages(region, zone, 1);
}
