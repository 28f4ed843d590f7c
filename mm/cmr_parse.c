// SPDX-License-Identifier: GPL-2.0
/*
 * cmr= boot parameter parser and the declaration checks shared with the
 * device tree glue.  Pure functions from text to struct cmr_decl: no memory
 * allocation, no global state, so they are unit-tested and fuzzed in
 * userspace.  The grammar is documented in docs/admin-guide.rst:
 *
 *	<name>:<size>[@<base>][,align=<size>][,range=<start>-<end>][,nomap]
 *		[,reusable][,ready=<size>][,nofallback][,defaultheap]
 *		[,strategy=<name>]
 *		[,zone=<name>:<size>[:<strategy>][:align=<size>][:heap]]...
 *
 * Numbers are parsed here rather than with memparse() because memparse()
 * wraps silently on overflow and a size near 2^64 must be refused.
 */

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/string.h>

#include "cmr_decl.h"

/**
 * cmr_name_valid() - check a region or zone name
 * @s: the name (need not be NUL-terminated)
 * @len: its length
 *
 * Names are 1 to CMR_NAME_MAX - 1 characters of [a-z0-9_-], so they can
 * name sysfs directories and dma-buf heaps unchanged.
 *
 * Return: true if the name is acceptable.
 */
bool cmr_name_valid(const char *s, size_t len)
{
	size_t i;

	if (!len || len >= CMR_NAME_MAX)
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return false;
	}
	return true;
}

static int cmr_digit(char c, unsigned int base)
{
	int d;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	else
		return -1;
	return d < (int)base ? d : -1;
}

/**
 * cmr_parse_size() - parse a number with an optional K/M/G/T suffix
 * @s: in: start of the text; out: first character not consumed
 * @end: end of the text
 * @val: the value
 *
 * Decimal, or hexadecimal with a 0x prefix; suffixes as memparse().
 *
 * Return: 0, -EINVAL if no number is there, -ERANGE on overflow.
 */
int cmr_parse_size(const char **s, const char *end, u64 *val)
{
	const char *p = *s;
	unsigned int base = 10, shift = 0;
	u64 v = 0;
	int d, n = 0;

	if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    cmr_digit(p[2], 16) >= 0) {
		base = 16;
		p += 2;
	}
	for (; p < end && (d = cmr_digit(*p, base)) >= 0; p++, n++) {
		if (v > (U64_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (!n)
		return -EINVAL;
	if (p < end) {
		switch (*p) {
		case 'k': case 'K':
			shift = 10;
			break;
		case 'm': case 'M':
			shift = 20;
			break;
		case 'g': case 'G':
			shift = 30;
			break;
		case 't': case 'T':
			shift = 40;
			break;
		}
		if (shift)
			p++;
	}
	if (shift && v > (U64_MAX >> shift))
		return -ERANGE;
	*val = v << shift;
	*s = p;
	return 0;
}

/* Parse one number that must end exactly at @end. */
static int cmr_parse_whole(const char *s, const char *end, u64 *val,
			   const char **why, const char *what)
{
	int ret = cmr_parse_size(&s, end, val);

	if (ret == -ERANGE) {
		*why = what;
		return -ERANGE;
	}
	if (ret || s != end) {
		*why = what;
		return -EINVAL;
	}
	return 0;
}

static bool cmr_fits_phys(u64 v)
{
	return (phys_addr_t)v == v;
}

/* Strategy names are checked against the strategies at activation. */
static int cmr_parse_strategy(const char *s, const char *end, char *out,
			      const char **why)
{
	size_t len = end - s;

	if (!cmr_name_valid(s, len) || len >= CMR_STRATEGY_MAX) {
		*why = "bad strategy name";
		return -EINVAL;
	}
	/* Cleared first: a repeated option leaves no stale bytes. */
	memset(out, 0, CMR_STRATEGY_MAX);
	memcpy(out, s, len);
	return 0;
}

/* zone=<name>:<size>[:<strategy>][:align=<size>][:heap] */
static int cmr_parse_zone(const char *s, const char *end,
			  struct cmr_decl *decl, const char **why)
{
	struct cmr_zone_decl *z;
	const char *colon, *field, *next;
	u64 v;
	int ret;

	if (decl->nr_zones >= CMR_MAX_ZONES) {
		*why = "too many zones";
		return -EINVAL;
	}
	z = &decl->zones[decl->nr_zones];
	memset(z, 0, sizeof(*z));
	colon = memchr(s, ':', end - s);
	if (!colon) {
		*why = "zone= needs <name>:<size>";
		return -EINVAL;
	}
	if (!cmr_name_valid(s, colon - s)) {
		*why = "bad zone name (1-31 of a-z 0-9 _ -)";
		return -EINVAL;
	}
	memcpy(z->name, s, colon - s);
	field = colon + 1;
	next = memchr(field, ':', end - field);
	if (!next)
		next = end;
	ret = cmr_parse_whole(field, next, &v, why, "bad zone size");
	if (ret)
		return ret;
	if (!cmr_fits_phys(v)) {
		*why = "bad zone size";
		return -ERANGE;
	}
	z->size = v;
	for (field = next; field < end; field = next) {
		field++;	/* the ':' */
		next = memchr(field, ':', end - field);
		if (!next)
			next = end;
		if (next - field > 6 && !memcmp(field, "align=", 6)) {
			ret = cmr_parse_whole(field + 6, next, &v, why,
					      "bad zone align= value");
			if (!ret && !cmr_fits_phys(v)) {
				*why = "bad zone align= value";
				ret = -ERANGE;
			}
			z->align = v;
		} else if (next - field == 4 && !memcmp(field, "heap", 4)) {
			z->heap = true;
		} else {
			ret = cmr_parse_strategy(field, next, z->strategy,
						 why);
		}
		if (ret)
			return ret;
	}
	decl->nr_zones++;
	return 0;
}

/* A size or address of [s, end) that fits phys_addr_t, into *@val. */
static int cmr_parse_phys(const char *s, const char *end, phys_addr_t *val,
			  const char **why, const char *bad)
{
	u64 v;
	int ret = cmr_parse_whole(s, end, &v, why, bad);

	if (ret)
		return ret;
	if (!cmr_fits_phys(v)) {
		*why = bad;
		return -ERANGE;
	}
	*val = v;
	return 0;
}

/* "<start>-<end>" of range=, in [s, end). */
static int cmr_parse_range(const char *s, const char *end,
			   struct cmr_decl *decl, const char **why)
{
	const char *dash = memchr(s, '-', end - s);
	u64 a, b;
	int ret;

	if (!dash) {
		*why = "range= needs <start>-<end>";
		return -EINVAL;
	}
	ret = cmr_parse_whole(s, dash, &a, why, "bad range= start");
	if (!ret)
		ret = cmr_parse_whole(dash + 1, end, &b, why, "bad range= end");
	if (ret)
		return ret;
	if (!cmr_fits_phys(a) || !cmr_fits_phys(b)) {
		*why = "range= beyond the physical address space";
		return -ERANGE;
	}
	decl->range_start = a;
	decl->range_end = b;
	if (!b) {
		*why = "range= end is 0";
		return -EINVAL;
	}
	return 0;
}

static int cmr_parse_option(const char *s, const char *end,
			    struct cmr_decl *decl, const char **why)
{
	size_t len = end - s;

	if (len == 5 && !memcmp(s, "nomap", 5)) {
		decl->flags |= CMR_DECL_NOMAP;
		return 0;
	}
	if (len == 8 && !memcmp(s, "reusable", 8)) {
		decl->flags |= CMR_DECL_REUSABLE;
		return 0;
	}
	if (len == 10 && !memcmp(s, "nofallback", 10)) {
		decl->flags |= CMR_DECL_NOFALLBACK;
		return 0;
	}
	if (len == 11 && !memcmp(s, "defaultheap", 11)) {
		decl->flags |= CMR_DECL_DEFAULT_HEAP;
		return 0;
	}
	if (len > 6 && !memcmp(s, "align=", 6))
		return cmr_parse_phys(s + 6, end, &decl->align, why,
				      "bad align= value");
	if (len > 6 && !memcmp(s, "ready=", 6)) {
		decl->flags |= CMR_DECL_READY;
		return cmr_parse_phys(s + 6, end, &decl->ready, why,
				      "bad ready= value");
	}
	if (len > 9 && !memcmp(s, "strategy=", 9))
		return cmr_parse_strategy(s + 9, end, decl->strategy, why);
	if (len > 5 && !memcmp(s, "zone=", 5))
		return cmr_parse_zone(s + 5, end, decl, why);
	if (len > 6 && !memcmp(s, "range=", 6))
		return cmr_parse_range(s + 6, end, decl, why);
	*why = "unknown option";
	return -EINVAL;
}

/**
 * cmr_parse_entry() - parse one cmr= entry into a declaration
 * @s: the entry text, not NUL-terminated
 * @len: its length
 * @decl: the result; zeroed first, flags get CMR_DECL_CMDLINE
 * @why: on failure, a short reason for the message
 *
 * Only the syntax is checked here; cmr_decl_check() checks the values.
 * A size of 0 marks the entry as CMR_DECL_DISABLE (it drops a DT region).
 *
 * Return: 0, or -EINVAL / -ERANGE with @why set.
 */
int cmr_parse_entry(const char *s, size_t len, struct cmr_decl *decl,
		    const char **why)
{
	const char *end = s + len, *colon, *opt, *next;
	u64 v;
	int ret;

	memset(decl, 0, sizeof(*decl));
	decl->flags = CMR_DECL_CMDLINE;

	colon = memchr(s, ':', len);
	if (!colon) {
		*why = "expected <name>:<size>";
		return -EINVAL;
	}
	if (!cmr_name_valid(s, colon - s)) {
		*why = "bad name (1-31 of a-z 0-9 _ -)";
		return -EINVAL;
	}
	memcpy(decl->name, s, colon - s);

	s = colon + 1;
	ret = cmr_parse_size(&s, end, &v);
	if (ret || !cmr_fits_phys(v)) {
		*why = ret == -EINVAL ? "bad size" : "size too large";
		return ret ? ret : -ERANGE;
	}
	if (s < end && *s != '@' && *s != ',') {
		*why = "bad size";
		return -EINVAL;
	}
	decl->size = v;
	if (!v)
		decl->flags |= CMR_DECL_DISABLE;

	if (s < end && *s == '@') {
		s++;
		ret = cmr_parse_size(&s, end, &v);
		if (ret || !cmr_fits_phys(v)) {
			*why = ret == -EINVAL ? "bad base" : "base too large";
			return ret ? ret : -ERANGE;
		}
		if (s < end && *s != ',') {
			*why = "bad base";
			return -EINVAL;
		}
		decl->base = v;
		decl->flags |= CMR_DECL_FIXED;
	}

	for (opt = s; opt < end; opt = next) {
		opt++;		/* the ',' checked above */
		next = memchr(opt, ',', end - opt);
		if (!next)
			next = end;
		ret = cmr_parse_option(opt, next, decl, why);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * cmr_decl_check() - check the values of a declaration
 * @decl: declaration from the DT glue or cmr_parse_entry()
 * @why: on failure, a short reason for the message
 *
 * Checks what can be checked without knowing the memory layout: sizes and
 * alignments, overflow, and that the range can hold the region.
 *
 * Return: 0, or -EINVAL with @why set.
 */
int cmr_decl_check(const struct cmr_decl *decl, const char **why)
{
	phys_addr_t align = decl->align ? decl->align : PAGE_SIZE;
	phys_addr_t last;

	*why = NULL;
	if (decl->flags & CMR_DECL_DISABLE)
		return 0;
	if (!decl->size)
		*why = "size is 0";
	else if (decl->size & (PAGE_SIZE - 1))
		*why = "size is not a multiple of the page size";
	else if ((decl->flags & (CMR_DECL_NOMAP | CMR_DECL_REUSABLE)) ==
		 (CMR_DECL_NOMAP | CMR_DECL_REUSABLE))
		*why = "no-map and reusable exclude each other";
	else if (!is_power_of_2(align) || align < PAGE_SIZE)
		*why = "alignment is not a power of two of at least a page";
	else if ((decl->flags & CMR_DECL_FIXED) && (decl->base & (align - 1)))
		*why = "base is not aligned";
	else if ((decl->flags & CMR_DECL_FIXED) &&
		 decl->base + decl->size - 1 < decl->base)
		*why = "base + size overflows";
	else if (decl->range_end && decl->range_end <= decl->range_start)
		*why = "range end is not above its start";
	else if (decl->range_end &&
		 decl->range_end - decl->range_start < decl->size)
		*why = "range is smaller than the region";
	else if (decl->range_end && !(decl->flags & CMR_DECL_FIXED) &&
		 (ALIGN(decl->range_start, align) < decl->range_start ||
		  ALIGN(decl->range_start, align) > decl->range_end - decl->size))
		*why = "range cannot hold the region at its alignment";
	if (*why)
		return -EINVAL;

	if ((decl->flags & CMR_DECL_FIXED) && decl->range_end) {
		last = decl->base + decl->size - 1;
		if (decl->base < decl->range_start || last >= decl->range_end) {
			*why = "base is outside its range";
			return -EINVAL;
		}
	}
	return 0;
}
