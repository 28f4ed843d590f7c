/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KTAP version 1 from the guest tests (Documentation/dev-tools/ktap.rst),
 * the format KUnit prints, so the host reads them as it reads KUnit.  /init
 * prints the header, then each test program it runs is one suite:
 *
 *	KTAP version 1
 *	1..1
 *	    KTAP version 1
 *	    # Subtest: heap
 *	    ok 1 test_share:131
 *	    not ok 2 test_share:136 # camera: 257 pages used, want 259
 *	    ...
 *	    1..40
 *	not ok 1 heap
 *
 * A check's description is its function and line; a failed one adds the
 * reason as diagnostic data.  Only one suite runs at a time.
 */
#ifndef _GUEST_KTAP_H
#define _GUEST_KTAP_H

void ktap_header(unsigned int suites);
void ktap_suite_begin(const char *name);
unsigned int ktap_suite_end(unsigned int number, const char *name);
void ktap_check(int ok, const char *func, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void ktap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One check of the running suite: a result line, ok if @cond is true. */
#define KTAP_CHECK(cond, ...) \
	ktap_check(!!(cond), __func__, __LINE__, __VA_ARGS__)

#endif /* _GUEST_KTAP_H */
