/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmr tracepoints: every allocation from a zone (with the time it took,
 * migration included in a reusable region), every failed one with its
 * error, and every release.  A request that falls back across zones shows
 * one cmr_alloc_fail per zone that missed.  In a reusable region, every
 * page that kept a range from being taken back, and why.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM cmr

#if !defined(_TRACE_CMR_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_CMR_H

#include <linux/cmr.h>
#include <linux/tracepoint.h>
#include <linux/types.h>

/* 6.10 dropped __assign_str()'s source argument (probed in mm/Kbuild). */
#ifdef CMR_HAVE_ASSIGN_STR_1
#define cmr_assign_str(dst, src)	do { __assign_str(dst); (void)(src); } while (0)
#else
#define cmr_assign_str(dst, src)	__assign_str(dst, src)
#endif

TRACE_EVENT(cmr_alloc,

	TP_PROTO(const char *region, const char *zone, phys_addr_t phys,
		 unsigned long count, unsigned int align, u64 ns),

	TP_ARGS(region, zone, phys, count, align, ns),

	TP_STRUCT__entry(
		__string(region, region)
		__string(zone, zone)
		__field(phys_addr_t, phys)
		__field(unsigned long, count)
		__field(unsigned int, align)
		__field(u64, ns)
	),

	TP_fast_assign(
		cmr_assign_str(region, region);
		cmr_assign_str(zone, zone);
		__entry->phys = phys;
		__entry->count = count;
		__entry->align = align;
		__entry->ns = ns;
	),

	TP_printk("region=%s zone=%s phys=%pa count=%lu align=%u ns=%llu",
		  __get_str(region), __get_str(zone), &__entry->phys,
		  __entry->count, __entry->align, __entry->ns)
);

TRACE_EVENT(cmr_alloc_fail,

	TP_PROTO(const char *region, const char *zone, unsigned long count,
		 unsigned int align, int err, u64 ns),

	TP_ARGS(region, zone, count, align, err, ns),

	TP_STRUCT__entry(
		__string(region, region)
		__string(zone, zone)
		__field(unsigned long, count)
		__field(unsigned int, align)
		__field(int, err)
		__field(u64, ns)
	),

	TP_fast_assign(
		cmr_assign_str(region, region);
		cmr_assign_str(zone, zone);
		__entry->count = count;
		__entry->align = align;
		__entry->err = err;
		__entry->ns = ns;
	),

	TP_printk("region=%s zone=%s count=%lu align=%u err=%d ns=%llu",
		  __get_str(region), __get_str(zone), __entry->count,
		  __entry->align, __entry->err, __entry->ns)
);

TRACE_EVENT(cmr_release,

	TP_PROTO(const char *region, const char *zone, phys_addr_t phys,
		 unsigned long count),

	TP_ARGS(region, zone, phys, count),

	TP_STRUCT__entry(
		__string(region, region)
		__string(zone, zone)
		__field(phys_addr_t, phys)
		__field(unsigned long, count)
	),

	TP_fast_assign(
		cmr_assign_str(region, region);
		cmr_assign_str(zone, zone);
		__entry->phys = phys;
		__entry->count = count;
	),

	TP_printk("region=%s zone=%s phys=%pa count=%lu",
		  __get_str(region), __get_str(zone), &__entry->phys,
		  __entry->count)
);

/* A reusable region's page that kept a range from being taken back. */
TRACE_EVENT(cmr_busy,

	TP_PROTO(const char *region, unsigned long pfn, const char *why),

	TP_ARGS(region, pfn, why),

	TP_STRUCT__entry(
		__string(region, region)
		__field(unsigned long, pfn)
		__string(why, why)
	),

	TP_fast_assign(
		cmr_assign_str(region, region);
		__entry->pfn = pfn;
		cmr_assign_str(why, why);
	),

	TP_printk("region=%s pfn=0x%lx why=%s", __get_str(region),
		  __entry->pfn, __get_str(why))
);

#endif /* _TRACE_CMR_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
