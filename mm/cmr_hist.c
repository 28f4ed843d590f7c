// SPDX-License-Identifier: GPL-2.0
/*
 * Latency histograms in log2 buckets of microseconds, as the block layer's
 * and BPF tools' histograms are: cheap to add to from any context (one
 * atomic increment), enough to tell a few microseconds from a migration's
 * milliseconds and a stall's seconds.  Shown in sysfs as one line of
 * CMR_HIST_BUCKETS counts (docs/ABI/testing/sysfs-kernel-mm-cmr).
 */

#include <linux/atomic.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/sysfs.h>
#include <linux/time64.h>

#include "cmr.h"
#include "cmr_reuse.h"

/**
 * cmr_hist_add() - count one latency
 * @h: the histogram
 * @ns: the latency in nanoseconds
 *
 * Context: Any context.
 */
void cmr_hist_add(struct cmr_hist *h, u64 ns)
{
	u64 us = div_u64(ns, NSEC_PER_USEC);
	unsigned int i = us ? ilog2(us) : 0;

	atomic_long_inc(&h->bucket[min(i, CMR_HIST_BUCKETS - 1)]);
}

/**
 * cmr_hist_emit() - a histogram as one line of counts, for sysfs
 * @h: the histogram
 * @buf: the sysfs buffer
 *
 * Context: Process context.
 * Return: the bytes written.
 */
int cmr_hist_emit(struct cmr_hist *h, char *buf)
{
	int len = 0, i;

	for (i = 0; i < CMR_HIST_BUCKETS; i++)
		len += sysfs_emit_at(buf, len, "%s%ld", i ? " " : "",
				     atomic_long_read(&h->bucket[i]));
	return len + sysfs_emit_at(buf, len, "\n");
}
