// SPDX-License-Identifier: GPL-2.0
/*
 * Checks of the cmr= parser and the declaration checks (mm/cmr_parse.c).
 * Every entry is parsed from a heap copy of exactly its length, without a
 * NUL, so ASan reports any read past the end.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/errno.h>
#include <linux/kernel.h>

#include "../../mm/cmr_decl.h"
#include "common.h"

#define SZ_4K		0x1000ULL
#define SZ_1M		0x100000ULL
#define SZ_2M		0x200000ULL
#define SZ_8M		0x800000ULL
#define SZ_16M		0x1000000ULL
#define SZ_1G		0x40000000ULL
#define SZ_1T		0x10000000000ULL

#define NAME31		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define NAME32		NAME31 "a"

struct parse_case {
	const char *in;
	size_t len;			/* 0: strlen(in) */
	int parse;			/* expected cmr_parse_entry() */
	int check;			/* expected cmr_decl_check() */
	const char *name;		/* NULL: "cam" */
	u64 size, base, align, range_start, range_end, ready;
	unsigned int flags;		/* besides CMR_DECL_CMDLINE */
	const char *strategy;		/* NULL: "" */
};

/* Parse @len bytes of @in from an unterminated heap copy. */
static int parse_exact(const char *in, size_t len, struct cmr_decl *decl,
		       const char **why)
{
	char *copy = malloc(len ? len : 1);
	int ret;

	if (!CHECK(copy))
		return -ENOMEM;
	memcpy(copy, in, len);
	*why = NULL;
	ret = cmr_parse_entry(copy, len, decl, why);
	free(copy);
	return ret;
}

static void parse_run(const struct parse_case *c)
{
	size_t len = c->len ? c->len : strlen(c->in);
	struct cmr_decl decl;
	const char *why;
	bool ok = true;
	int ret;

	ret = parse_exact(c->in, len, &decl, &why);
	ok &= CHECK_EQ(ret, c->parse);
	if (ret) {
		ok &= CHECK(why);
		goto out;
	}
	ok &= CHECK(!strcmp(decl.name, c->name ? c->name : "cam"));
	ok &= CHECK(!decl.node[0]);
	ok &= CHECK_EQ(decl.size, c->size);
	ok &= CHECK_EQ(decl.base, c->base);
	ok &= CHECK_EQ(decl.align, c->align);
	ok &= CHECK_EQ(decl.range_start, c->range_start);
	ok &= CHECK_EQ(decl.range_end, c->range_end);
	ok &= CHECK_EQ(decl.ready, c->ready);
	ok &= CHECK_EQ(decl.flags, CMR_DECL_CMDLINE | c->flags);
	ok &= CHECK(!strcmp(decl.strategy, c->strategy ? c->strategy : ""));

	why = "unset";
	ret = cmr_decl_check(&decl, &why);
	ok &= CHECK_EQ(ret, c->check);
	ok &= CHECK(!ret == !why);
out:
	if (!ok)
		printf("  input \"%.*s\"\n", (int)len, c->in);
}

/*
 *   cam:16M@0x60000000,align=2M,range=0x40000000-0x80000000,nomap
 *   \_/ \_/ \________/ \______/ \__________________________/ \___/
 *   name size  base     align             range              flag
 *
 * Expect each accepted entry decoded field by field (hex, decimal, K M G
 * T in either case, options in any order), and cmr_decl_check() to pass
 * it with why cleared.  A size of 0 marks the entry as a disable request,
 * which is not checked further.
 */
static void parse_entry_good_check(void)
{
	static const struct parse_case good[] = {
		{ "cam:16M", .size = SZ_16M },
		{ "cam:16M@0x60000000", .size = SZ_16M, .base = 0x60000000,
		  .flags = CMR_DECL_FIXED },
		{ "cam:16M,align=2M", .size = SZ_16M, .align = SZ_2M },
		{ "cam:16M,align=0x200000", .size = SZ_16M, .align = SZ_2M },
		{ "cam:16M,align=0", .size = SZ_16M },
		{ "cam:16M,range=0x40000000-0x50000000", .size = SZ_16M,
		  .range_start = 0x40000000, .range_end = 0x50000000 },
		{ "cam:16M,range=0-16M", .size = SZ_16M,
		  .range_end = SZ_16M },
		{ "cam:0", .flags = CMR_DECL_DISABLE },
		{ "cam:0x0", .flags = CMR_DECL_DISABLE },
		{ "cam:0M,align=3", .align = 3, .flags = CMR_DECL_DISABLE },
		{ "cam:8M,nomap", .size = SZ_8M, .flags = CMR_DECL_NOMAP },
		{ "cam:8M,reusable", .size = SZ_8M,
		  .flags = CMR_DECL_REUSABLE },
		{ "cam:8M,nofallback", .size = SZ_8M,
		  .flags = CMR_DECL_NOFALLBACK },
		{ "cam:8M,reusable,nofallback", .size = SZ_8M,
		  .flags = CMR_DECL_REUSABLE | CMR_DECL_NOFALLBACK },
		{ "cam:8M,defaultheap", .size = SZ_8M,
		  .flags = CMR_DECL_DEFAULT_HEAP },
		{ "cam:8M,reusable,align=4M,reusable", .size = SZ_8M,
		  .align = 4 * SZ_1M, .flags = CMR_DECL_REUSABLE },
		{ "cam:8M,strategy=bestfit", .size = SZ_8M,
		  .strategy = "bestfit" },
		{ "cam:8M,reusable,ready=2M", .size = SZ_8M, .ready = SZ_2M,
		  .flags = CMR_DECL_REUSABLE | CMR_DECL_READY },
		{ "cam:8M,ready=0", .size = SZ_8M, .flags = CMR_DECL_READY },
		{ "cam:8M,ready=16M,ready=0x1000", .size = SZ_8M,
		  .ready = 0x1000, .flags = CMR_DECL_READY },
		{ "cam:8M,strategy=no-such_1", .size = SZ_8M,
		  .strategy = "no-such_1" },
		{ "cam:8M,strategy=a,strategy=bitmap", .size = SZ_8M,
		  .strategy = "bitmap" },
		{ "cam:0x1000000", .size = SZ_16M },
		{ "cam:0X10m", .size = SZ_16M },
		{ "cam:0x4000K", .size = SZ_16M },
		{ "cam:0xfff000", .size = 0xfff000 },
		{ "cam:4096", .size = SZ_4K },
		{ "cam:010M", .size = 10 * SZ_1M },
		{ "cam:4k", .size = SZ_4K },
		{ "cam:4K", .size = SZ_4K },
		{ "cam:2m", .size = SZ_2M },
		{ "cam:1g", .size = SZ_1G },
		{ "cam:1G", .size = SZ_1G },
		{ "cam:1t", .size = SZ_1T },
		{ "cam:1T", .size = SZ_1T },
		{ "cam:16M@0x60000000,align=2M,range=0x40000000-0x80000000,nomap",
		  .size = SZ_16M, .base = 0x60000000, .align = SZ_2M,
		  .range_start = 0x40000000, .range_end = 0x80000000,
		  .flags = CMR_DECL_FIXED | CMR_DECL_NOMAP },
		{ "cam:16M,nomap,align=1M,nomap", .size = SZ_16M,
		  .align = SZ_1M, .flags = CMR_DECL_NOMAP },
		{ "cam:16M,align=3M,align=4M", .size = SZ_16M,
		  .align = 4 * SZ_1M },
		{ "cam:16M,range=0x40000000-0x41000000", .size = SZ_16M,
		  .range_start = 0x40000000, .range_end = 0x41000000 },
		{ "cam:16M@0x40000000,range=0x40000000-0x41000000",
		  .size = SZ_16M, .base = 0x40000000,
		  .range_start = 0x40000000, .range_end = 0x41000000,
		  .flags = CMR_DECL_FIXED },
		/* Ends at the last byte of the physical address space. */
		{ "cam:16M@0xffffffffff000000", .size = SZ_16M,
		  .base = 0xffffffffff000000ULL, .flags = CMR_DECL_FIXED },
		{ "cam:16777215T", .size = 0xffffff0000000000ULL },
		{ "a:4K", .name = "a", .size = SZ_4K },
		{ "0:4K", .name = "0", .size = SZ_4K },
		{ "my_cam-0:4K", .name = "my_cam-0", .size = SZ_4K },
		{ NAME31 ":4K", .name = NAME31, .size = SZ_4K },
		/* Only len bytes count. */
		{ "cam:16M,nomap", .len = 7, .size = SZ_16M },
		{ "cam:4Kjunk", .len = 6, .size = SZ_4K },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(good); i++)
		parse_run(&good[i]);
}

/*
 *   cam16M   Cam:16M   cam:   cam:16Q   cam:16M@   cam:16M,foo   ...
 *      ^      ^           ^        ^            ^            ^
 *
 * Expect each malformed entry refused with -EINVAL, or -ERANGE for a
 * number past 2^64 (with or without its suffix), and why set.
 */
static void parse_entry_bad_check(void)
{
	static const struct parse_case bad[] = {
		{ "", .parse = -EINVAL },
		{ "cam", .parse = -EINVAL },
		{ "cam16M", .parse = -EINVAL },
		{ ":16M", .parse = -EINVAL },
		{ "Cam:16M", .parse = -EINVAL },
		{ "ca m:16M", .parse = -EINVAL },
		{ "cam.0:16M", .parse = -EINVAL },
		{ NAME32 ":16M", .parse = -EINVAL },
		{ "cam:", .parse = -EINVAL },
		{ "cam:M", .parse = -EINVAL },
		{ "cam:0x", .parse = -EINVAL },
		{ "cam:0xg", .parse = -EINVAL },
		{ "cam:-16M", .parse = -EINVAL },
		{ "cam: 16M", .parse = -EINVAL },
		{ "cam:16M ", .parse = -EINVAL },
		{ "cam:a:16M", .parse = -EINVAL },
		{ "cam:16Q", .parse = -EINVAL },
		{ "cam:16MB", .parse = -EINVAL },
		{ "cam:16M,nofallbac", .parse = -EINVAL },
		{ "cam:16M,nofallback=1", .parse = -EINVAL },
		{ "cam:16M,default-heap", .parse = -EINVAL },
		{ "cam:16M@", .parse = -EINVAL },
		{ "cam:16M@x", .parse = -EINVAL },
		{ "cam:16M@0x60000000@0x0", .parse = -EINVAL },
		{ "cam:16M,foo", .parse = -EINVAL },
		{ "cam:16M,", .parse = -EINVAL },
		{ "cam:16M,,nomap", .parse = -EINVAL },
		{ "cam:16M,nomapx", .parse = -EINVAL },
		{ "cam:16M,NOMAP", .parse = -EINVAL },
		{ "cam:16M,nomap=1", .parse = -EINVAL },
		{ "cam:16M,reuse", .parse = -EINVAL },
		{ "cam:16M,reusable=1", .parse = -EINVAL },
		{ "cam:16M,strategy=", .parse = -EINVAL },
		{ "cam:16M,strategy=Best", .parse = -EINVAL },
		{ "cam:16M,strategy=a234567890123456", .parse = -EINVAL },
		{ "cam:16M,ready", .parse = -EINVAL },
		{ "cam:16M,ready=", .parse = -EINVAL },
		{ "cam:16M,ready=1Q", .parse = -EINVAL },
		{ "cam:16M,ready=16777216T", .parse = -ERANGE },
		{ "cam:16M,align", .parse = -EINVAL },
		{ "cam:16M,align=", .parse = -EINVAL },
		{ "cam:16M,align=2Mx", .parse = -EINVAL },
		{ "cam:16M,align=99999999999999999999", .parse = -ERANGE },
		{ "cam:16M,align=16777216T", .parse = -ERANGE },
		{ "cam:16M,range=", .parse = -EINVAL },
		{ "cam:16M,range=0x40000000", .parse = -EINVAL },
		{ "cam:16M,range=-0x50000000", .parse = -EINVAL },
		{ "cam:16M,range=0x40000000-", .parse = -EINVAL },
		{ "cam:16M,range=0x40000000-0", .parse = -EINVAL },
		{ "cam:16M,range=1-2-3", .parse = -EINVAL },
		{ "cam:16M,range=0x1-0x10000000000000000", .parse = -ERANGE },
		{ "cam:16M,range=99999999999999999999-1", .parse = -ERANGE },
		{ "cam:18446744073709551615K", .parse = -ERANGE },
		{ "cam:18446744073709551616", .parse = -ERANGE },
		{ "cam:0x10000000000000000", .parse = -ERANGE },
		{ "cam:16777216T", .parse = -ERANGE },
		{ "cam:16M@0x10000000000000000", .parse = -ERANGE },
		{ "cam:16M@99999999999999999999T", .parse = -ERANGE },
		/* An embedded NUL is text like any other. */
		{ "cam:16M\0", .len = 8, .parse = -EINVAL },
		{ "cam\0:16M", .len = 8, .parse = -EINVAL },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		parse_run(&bad[i]);
}

/*
 *   range   0x40000000          0x50000000
 *           |--------------------|
 *     base                         [16M]    <- outside
 *
 * Expect entries that parse but whose values cannot work refused by
 * cmr_decl_check() with -EINVAL and why set: alignment not a power of
 * two or below a page, range empty, reversed or too small, fixed base
 * outside its range, unaligned or wrapping past 2^64, size not a whole
 * number of pages.
 */
static void parse_decl_bad_check(void)
{
	static const struct parse_case bad[] = {
		{ "cam:16M,align=3M", .size = SZ_16M, .align = 3 * SZ_1M },
		{ "cam:16M,align=2K", .size = SZ_16M, .align = 2048 },
		{ "cam:16M,align=1", .size = SZ_16M, .align = 1 },
		{ "cam:16M,range=0x50000000-0x40000000", .size = SZ_16M,
		  .range_start = 0x50000000, .range_end = 0x40000000 },
		{ "cam:16M,range=0x40000000-0x40000000", .size = SZ_16M,
		  .range_start = 0x40000000, .range_end = 0x40000000 },
		{ "cam:16M,range=0x40000000-0x40800000", .size = SZ_16M,
		  .range_start = 0x40000000, .range_end = 0x40800000 },
		{ "cam:16M,range=0x40000000-0x40ffffff", .size = SZ_16M,
		  .range_start = 0x40000000, .range_end = 0x40ffffff },
		{ "cam:16M@0x60000000,range=0x40000000-0x50000000",
		  .size = SZ_16M, .base = 0x60000000,
		  .range_start = 0x40000000, .range_end = 0x50000000,
		  .flags = CMR_DECL_FIXED },
		{ "cam:16M@0x4f800000,range=0x40000000-0x50000000",
		  .size = SZ_16M, .base = 0x4f800000,
		  .range_start = 0x40000000, .range_end = 0x50000000,
		  .flags = CMR_DECL_FIXED },
		{ "cam:16M@0x3ff00000,range=0x40000000-0x50000000",
		  .size = SZ_16M, .base = 0x3ff00000,
		  .range_start = 0x40000000, .range_end = 0x50000000,
		  .flags = CMR_DECL_FIXED },
		/* The last byte is the (exclusive) range end. */
		{ "cam:16M@0x40000000,range=0x3fffffff-0x40ffffff",
		  .size = SZ_16M, .base = 0x40000000,
		  .range_start = 0x3fffffff, .range_end = 0x40ffffff,
		  .flags = CMR_DECL_FIXED },
		{ "cam:16M@0xffffffffffff0000", .size = SZ_16M,
		  .base = 0xffffffffffff0000ULL, .flags = CMR_DECL_FIXED },
		{ "cam:16M@0xffffffffff001000", .size = SZ_16M,
		  .base = 0xffffffffff001000ULL, .flags = CMR_DECL_FIXED },
		{ "cam:16M@0x60001000,align=2M", .size = SZ_16M,
		  .base = 0x60001000, .align = SZ_2M,
		  .flags = CMR_DECL_FIXED },
		{ "cam:16M@0x60000800", .size = SZ_16M, .base = 0x60000800,
		  .flags = CMR_DECL_FIXED },
		{ "cam:16M,nomap,reusable", .size = SZ_16M,
		  .flags = CMR_DECL_NOMAP | CMR_DECL_REUSABLE },
		{ "cam:16M,reusable,nomap", .size = SZ_16M,
		  .flags = CMR_DECL_NOMAP | CMR_DECL_REUSABLE },
		{ "cam:5000", .size = 5000 },
		{ "cam:4095", .size = 4095 },
		{ "cam:0x1001", .size = 0x1001 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct parse_case c = bad[i];

		c.check = -EINVAL;
		parse_run(&c);
	}
}

/*
 * Declarations as the device tree glue builds them, not from text:
 *
 *   range_start             range_end
 *   |[base ... base+size)   |          fixed base at both edges
 *
 * Expect size 0 refused unless it is a disable request, a fixed region
 * touching either edge of its range accepted and one page past either
 * edge refused, and range_end 0 to mean no limit.
 */
static void parse_decl_dt_check(void)
{
	static const struct {
		struct cmr_decl decl;
		int check;
	} cases[] = {
		{ { .size = 0, .flags = CMR_DECL_DT }, -EINVAL },
		{ { .size = 1, .align = 3, .flags = CMR_DECL_DISABLE }, 0 },
		{ { .size = SZ_16M, .flags = CMR_DECL_DT }, 0 },
		{ { .size = SZ_16M, .base = 0x40000000,
		    .range_start = 0x40000000, .range_end = 0x42000000,
		    .flags = CMR_DECL_DT | CMR_DECL_FIXED }, 0 },
		{ { .size = SZ_16M, .base = 0x41000000,
		    .range_start = 0x40000000, .range_end = 0x42000000,
		    .flags = CMR_DECL_DT | CMR_DECL_FIXED }, 0 },
		{ { .size = SZ_16M, .base = 0x41001000,
		    .range_start = 0x40000000, .range_end = 0x42000000,
		    .flags = CMR_DECL_DT | CMR_DECL_FIXED }, -EINVAL },
		{ { .size = SZ_16M, .base = 0x3ffff000,
		    .range_start = 0x40000000, .range_end = 0x42000000,
		    .flags = CMR_DECL_DT | CMR_DECL_FIXED }, -EINVAL },
		/* A start alone sets no range for a fixed base. */
		{ { .size = SZ_16M, .base = 0x1000000,
		    .range_start = 0x40000000,
		    .flags = CMR_DECL_DT | CMR_DECL_FIXED }, 0 },
		/* Not fixed: base is ignored, even if misaligned. */
		{ { .size = SZ_16M, .base = 0x123, .align = SZ_2M,
		    .flags = CMR_DECL_DT }, 0 },
		{ { .size = SZ_16M, .align = 1ULL << 63,
		    .flags = CMR_DECL_DT }, 0 },
		{ { .size = SZ_16M, .align = (1ULL << 63) + SZ_4K,
		    .flags = CMR_DECL_DT }, -EINVAL },
	};
	const char *why;
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		why = "unset";
		ret = cmr_decl_check(&cases[i].decl, &why);
		/* why is set exactly when the check fails. */
		if (!CHECK_EQ(ret, cases[i].check) || !CHECK(!ret == !why))
			printf("  case %u\n", i);
	}
}

/*
 *   "0x1fK,..."   -> 31744, stops at ','
 *    ^    ^
 *    s    *s after
 *
 * Expect decimal (leading zeros are not octal) or 0x/0X hex, an optional
 * K M G T suffix in either case, *s left on the first character not
 * consumed, -EINVAL with no digits, and -ERANGE as soon as the value or
 * the suffixed value passes 2^64 - 1, with *s untouched on error.
 */
static void parse_size_check(void)
{
	static const struct {
		const char *in;
		int ret;
		u64 val;
		size_t used;
	} cases[] = {
		{ "0", 0, 0, 1 },
		{ "4096", 0, 4096, 4 },
		{ "010", 0, 10, 3 },
		{ "4k", 0, SZ_4K, 2 },
		{ "1KB", 0, 1024, 2 },
		{ "0x1000", 0, 0x1000, 6 },
		{ "0X1000", 0, 0x1000, 6 },
		{ "0xABcd", 0, 0xabcd, 6 },
		{ "0x1fK,x", 0, 0x1f << 10, 5 },
		{ "0x", 0, 0, 1 },
		{ "0xg", 0, 0, 1 },
		{ "12abc", 0, 12, 2 },
		{ "1e3", 0, 1, 1 },
		{ "18446744073709551615", 0, U64_MAX, 20 },
		{ "0xffffffffffffffff", 0, U64_MAX, 18 },
		{ "000000000000000000000000018446744073709551615", 0,
		  U64_MAX, 45 },
		{ "16777215T", 0, 0xffffff0000000000ULL, 9 },
		{ "17179869183G", 0, 0xffffffffc0000000ULL, 12 },
		{ "18446744073709551616", -ERANGE, 0, 0 },
		{ "0x10000000000000000", -ERANGE, 0, 0 },
		{ "16777216T", -ERANGE, 0, 0 },
		{ "17179869184G", -ERANGE, 0, 0 },
		{ "18014398509481984K", -ERANGE, 0, 0 },
		{ "", -EINVAL, 0, 0 },
		{ "K", -EINVAL, 0, 0 },
		{ "-1", -EINVAL, 0, 0 },
		{ " 1", -EINVAL, 0, 0 },
		{ "x10", -EINVAL, 0, 0 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		size_t len = strlen(cases[i].in);
		char *copy = malloc(len ? len : 1);
		const char *s;
		u64 val = 0xdead, want_val = 0xdead;
		size_t want_used = 0;
		int ret;

		if (!CHECK(copy))
			return;
		memcpy(copy, cases[i].in, len);
		s = copy;
		ret = cmr_parse_size(&s, copy + len, &val);
		if (!ret) {
			want_val = cases[i].val;
			want_used = cases[i].used;
		}
		if (!CHECK_EQ(ret, cases[i].ret) ||
		    !CHECK_EQ(s - copy, want_used) ||
		    !CHECK_EQ(val, want_val))
			printf("  input \"%s\"\n", cases[i].in);
		free(copy);
	}
}

/*
 *   "cam"  "a"  "my_cam-0"  31 chars      ok
 *   ""  "Cam"  "cam:"  "a\0b"  32 chars   refused
 *
 * Expect 1 to 31 characters of [a-z0-9_-], judged on len bytes only.
 */
static void parse_name_check(void)
{
	static const struct {
		const char *s;
		size_t len;
		bool valid;
	} cases[] = {
		{ "cam", 3, true },
		{ "cam", 2, true },
		{ "cam:", 3, true },
		{ "cam:", 4, false },
		{ "a", 1, true },
		{ "my_cam-0", 8, true },
		{ NAME31, 31, true },
		{ NAME32, 32, false },
		{ "", 0, false },
		{ "Cam", 3, false },
		{ "a\0b", 3, false },
		{ "cam\xff", 4, false },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		if (!CHECK_EQ(cmr_name_valid(cases[i].s, cases[i].len),
			      cases[i].valid))
			printf("  case %u\n", i);
}

void parse_checks(void)
{
	HOST_RUN(parse_entry_good_check);
	HOST_RUN(parse_entry_bad_check);
	HOST_RUN(parse_decl_bad_check);
	HOST_RUN(parse_decl_dt_check);
	HOST_RUN(parse_size_check);
	HOST_RUN(parse_name_check);
}
