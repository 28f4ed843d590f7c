// SPDX-License-Identifier: GPL-2.0
/* KTAP output of the guest tests: see ktap.h. */
#include <stdarg.h>
#include <stdio.h>

#include "ktap.h"

/* The running suite: its checks so far, and those that failed. */
static unsigned int ktap_checks, ktap_failed;

/**
 * ktap_header() - the top level: version and plan
 * @suites: the number of suites that follow
 */
void ktap_header(unsigned int suites)
{
	printf("KTAP version 1\n1..%u\n", suites);
	fflush(stdout);
}

/**
 * ktap_suite_begin() - start a suite; its results follow, one level in
 * @name: the suite's name, as its result line will give it
 */
void ktap_suite_begin(const char *name)
{
	ktap_checks = 0;
	ktap_failed = 0;
	printf("    KTAP version 1\n    # Subtest: %s\n", name);
	fflush(stdout);
}

/**
 * ktap_suite_end() - the suite's plan, then its own result line
 * @number: the suite's number at the top level, from 1
 * @name: its name
 *
 * A suite passes when it made at least one check and none failed.
 *
 * Return: the number of failed checks.
 */
unsigned int ktap_suite_end(unsigned int number, const char *name)
{
	if (!ktap_checks)
		ktap_failed = 1;
	printf("    1..%u\n%s %u %s%s\n", ktap_checks,
	       ktap_failed ? "not ok" : "ok", number, name,
	       ktap_checks ? "" : " # no checks made");
	fflush(stdout);
	return ktap_failed;
}

/**
 * ktap_check() - one result line of the running suite
 * @ok: whether the check passed
 * @func: where it is: function ...
 * @line: ... and line, its description
 * @fmt: the reason it failed, printed only then
 */
void ktap_check(int ok, const char *func, int line, const char *fmt, ...)
{
	va_list ap;

	ktap_checks++;
	if (ok) {
		printf("    ok %u %s:%d\n", ktap_checks, func, line);
	} else {
		ktap_failed++;
		printf("    not ok %u %s:%d # ", ktap_checks, func, line);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
	fflush(stdout);
}

/**
 * ktap_diag() - a diagnostic line of the running suite ("# ...")
 * @fmt: the text, without the newline
 */
void ktap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("    # ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}
