// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the cmr= parser and the declaration checks.
 */

#include <kunit/test.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "../../mm/cmr_decl.h"

struct cmr_parse_case {
	const char *in;
	int ret;		/* of parse, or of check when parse is 0 */
	bool check;		/* the error comes from cmr_decl_check() */
};

static const struct cmr_parse_case cmr_parse_bad[] = {
	{ "cam",			-EINVAL },
	{ ":16M",			-EINVAL },
	{ "Cam:16M",			-EINVAL },
	{ "a2345678901234567890123456789012:16M", -EINVAL },	/* 32 chars */
	{ "cam:",			-EINVAL },
	{ "cam:16Q",			-EINVAL },
	{ "cam:16M@",			-EINVAL },
	{ "cam:16M,foo",		-EINVAL },
	{ "cam:16M,range=0x4000",	-EINVAL },
	{ "cam:16M,range=1M-0",		-EINVAL },
	{ "cam:18446744073709551615K",	-ERANGE },
	{ "cam:99999999999999999999",	-ERANGE },
	{ "cam:16M,strategy=",		-EINVAL },
	{ "cam:16M,strategy=Best",	-EINVAL },
	{ "cam:16M,strategy=a234567890123456", -EINVAL },	/* 16 chars */
	{ "cam:16M,align=3M",		-EINVAL, true },
	{ "cam:16M@0x60001000,align=1M", -EINVAL, true },
	{ "cam:5000",			-EINVAL, true },
	{ "cam:16M@0xffffffffffff0000",	-EINVAL, true },
	{ "cam:16M,range=0x50000000-0x40000000", -EINVAL, true },
	{ "cam:16M,range=0x40000000-0x40800000", -EINVAL, true },
	{ "cam:16M@0x30000000,range=0x40000000-0x50000000", -EINVAL, true },
};

static void cmr_parse_case_desc(const struct cmr_parse_case *c, char *desc)
{
	strscpy(desc, c->in, KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(cmr_parse_bad, cmr_parse_bad, cmr_parse_case_desc);

/* Each bad entry is refused, by the parser or the check, with a reason. */
static void cmr_parse_entry_bad(struct kunit *test)
{
	const struct cmr_parse_case *c = test->param_value;
	struct cmr_decl d;
	const char *why = NULL;
	int ret;

	ret = cmr_parse_entry(c->in, strlen(c->in), &d, &why);
	if (c->check) {
		KUNIT_ASSERT_EQ_MSG(test, ret, 0, "parse of '%s'", c->in);
		ret = cmr_decl_check(&d, &why);
	}
	KUNIT_EXPECT_EQ_MSG(test, ret, c->ret, "'%s'", c->in);
	KUNIT_EXPECT_NOT_NULL_MSG(test, why, "'%s' has no reason", c->in);
}

/* "cam:16M@0x60000000,align=2M,range=0x40000000-0x80000000,nomap" */
static void cmr_parse_entry_full(struct kunit *test)
{
	const char *s = "cam:16M@0x60000000,align=2M,range=0x40000000-0x80000000,nomap";
	struct cmr_decl d;
	const char *why;

	KUNIT_ASSERT_EQ(test, cmr_parse_entry(s, strlen(s), &d, &why), 0);
	KUNIT_EXPECT_STREQ(test, d.name, "cam");
	KUNIT_EXPECT_EQ(test, d.size, (phys_addr_t)SZ_16M);
	KUNIT_EXPECT_EQ(test, d.base, (phys_addr_t)0x60000000);
	KUNIT_EXPECT_EQ(test, d.align, (phys_addr_t)SZ_2M);
	KUNIT_EXPECT_EQ(test, d.range_start, (phys_addr_t)0x40000000);
	KUNIT_EXPECT_EQ(test, d.range_end, (phys_addr_t)0x80000000);
	KUNIT_EXPECT_EQ(test, d.flags, CMR_DECL_CMDLINE | CMR_DECL_FIXED |
					CMR_DECL_NOMAP);
	KUNIT_EXPECT_EQ(test, cmr_decl_check(&d, &why), 0);
}

/* "cam:8M,strategy=bestfit": the name is kept, checked at activation. */
static void cmr_parse_entry_strategy(struct kunit *test)
{
	const char *s = "cam:8M,strategy=bestfit";
	struct cmr_decl d;
	const char *why;

	KUNIT_ASSERT_EQ(test, cmr_parse_entry(s, strlen(s), &d, &why), 0);
	KUNIT_EXPECT_STREQ(test, d.strategy, "bestfit");
	KUNIT_EXPECT_EQ(test, cmr_decl_check(&d, &why), 0);
}

/* The entry is bounded by its length, not by a NUL: "a:4K;b:8K". */
static void cmr_parse_entry_length(struct kunit *test)
{
	const char *s = "a:4K;b:8K";
	struct cmr_decl d;
	const char *why;

	KUNIT_ASSERT_EQ(test, cmr_parse_entry(s, 4, &d, &why), 0);
	KUNIT_EXPECT_STREQ(test, d.name, "a");
	KUNIT_EXPECT_EQ(test, d.size, (phys_addr_t)SZ_4K);
}

/* "cam:0" drops a DT region: parsed, flagged, and passes the check. */
static void cmr_parse_entry_disable(struct kunit *test)
{
	struct cmr_decl d;
	const char *why;

	KUNIT_ASSERT_EQ(test, cmr_parse_entry("cam:0", 5, &d, &why), 0);
	KUNIT_EXPECT_TRUE(test, d.flags & CMR_DECL_DISABLE);
	KUNIT_EXPECT_EQ(test, cmr_decl_check(&d, &why), 0);
}

/* Suffixes and hex: 1k 2M 0x10G 1T. */
static void cmr_parse_size_suffixes(struct kunit *test)
{
	static const struct { const char *s; u64 v; } t[] = {
		{ "1k", SZ_1K }, { "2M", SZ_2M }, { "0x10G", 16ULL << 30 },
		{ "1T", 1ULL << 40 }, { "4096", 4096 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		const char *p = t[i].s;
		u64 v;

		KUNIT_ASSERT_EQ(test, cmr_parse_size(&p, p + strlen(p), &v), 0);
		KUNIT_EXPECT_EQ_MSG(test, v, t[i].v, "'%s'", t[i].s);
		KUNIT_EXPECT_EQ(test, (size_t)(p - t[i].s), strlen(t[i].s));
	}
}

static struct kunit_case cmr_parse_cases[] = {
	KUNIT_CASE_PARAM(cmr_parse_entry_bad, cmr_parse_bad_gen_params),
	KUNIT_CASE(cmr_parse_entry_full),
	KUNIT_CASE(cmr_parse_entry_strategy),
	KUNIT_CASE(cmr_parse_entry_length),
	KUNIT_CASE(cmr_parse_entry_disable),
	KUNIT_CASE(cmr_parse_size_suffixes),
	{ }
};

static struct kunit_suite cmr_parse_suite = {
	.name = "cmr_parse",
	.test_cases = cmr_parse_cases,
};
kunit_test_suite(cmr_parse_suite);

MODULE_LICENSE("GPL");
