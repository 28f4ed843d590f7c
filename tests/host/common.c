// SPDX-License-Identifier: GPL-2.0
/*
 * Host test framework: counters, reporting and a seeded PRNG.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

/* Failed checks printed per test; a broken random test would flood. */
#define HOST_MAX_REPORTS	8

static const char *cur_test = "(none)";
static unsigned int cur_failures;
static unsigned int nr_passed, nr_failed;
static bool verbose;
static const char *filter;
static unsigned long long seed = 0x636d72;	/* "cmr" */
static unsigned long long rand_state;

static void host_report(const char *file, int line, const char *what)
{
	if (++cur_failures <= HOST_MAX_REPORTS)
		printf("FAIL %s: %s:%d: %s\n", cur_test, file, line, what);
	else if (cur_failures == HOST_MAX_REPORTS + 1)
		printf("FAIL %s: further failures not shown\n", cur_test);
}

bool host_check(bool ok, const char *what, const char *file, int line)
{
	if (!ok)
		host_report(file, line, what);
	return ok;
}

bool host_check_eq(unsigned long long a, unsigned long long b,
		   const char *what, const char *file, int line)
{
	char buf[256];

	if (a == b)
		return true;
	snprintf(buf, sizeof(buf), "%s (%lld/%#llx vs %lld/%#llx)", what,
		 (long long)a, a, (long long)b, b);
	host_report(file, line, buf);
	return false;
}

void host_run(const char *name, void (*fn)(void))
{
	if (filter && !strstr(name, filter))
		return;
	cur_test = name;
	cur_failures = 0;
	/* Every test starts from the same stream, whatever ran before. */
	host_srand(seed);
	fn();
	if (cur_failures)
		nr_failed++;
	else
		nr_passed++;
	if (verbose)
		printf("%s %s\n", cur_failures ? "FAIL" : "ok  ", name);
	cur_test = "(none)";
}

static void host_usage(const char *prog, int status)
{
	printf("usage: %s [-v] [-s seed] [-t substring]\n"
	       "  -v            list every test and its result\n"
	       "  -s seed       seed of the randomized tests (default %#llx)\n"
	       "  -t substring  run only tests whose name contains it\n",
	       prog, seed);
	exit(status);
}

void host_parse_args(int argc, char **argv)
{
	int c;

	while ((c = getopt(argc, argv, "hvs:t:")) != -1) {
		switch (c) {
		case 'v':
			verbose = true;
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 't':
			filter = optarg;
			break;
		case 'h':
			host_usage(argv[0], 0);
			break;
		default:
			host_usage(argv[0], 2);
		}
	}
	if (optind != argc)
		host_usage(argv[0], 2);
}

int host_summary(void)
{
	printf("host: %u passed, %u failed\n", nr_passed, nr_failed);
	return nr_failed ? 1 : 0;
}

void host_srand(unsigned long long s)
{
	/* xorshift must not start from 0. */
	rand_state = s ? s : 1;
}

unsigned long long host_seed(void)
{
	return seed;
}

/* xorshift64*: good enough for test inputs, identical on every libc. */
unsigned long long host_rand(void)
{
	rand_state ^= rand_state >> 12;
	rand_state ^= rand_state << 25;
	rand_state ^= rand_state >> 27;
	return rand_state * 0x2545f4914f6cdd1dULL;
}

/* Uniform enough in [0, n) for small n; n must not be 0. */
unsigned long host_rand_below(unsigned long n)
{
	return (host_rand() >> 11) % n;
}
