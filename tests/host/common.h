/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host test framework: CHECK() records a failure with file:line and keeps
 * going, so one run reports every broken expectation; host_run() counts a
 * test as failed if any of its checks failed.
 */
#ifndef _HOST_COMMON_H
#define _HOST_COMMON_H

#include <stdbool.h>

/* True when @cond holds; otherwise the failure is recorded. */
#define CHECK(cond)	host_check(!!(cond), #cond, __FILE__, __LINE__)

/* Like CHECK(a == b), but prints both values on failure. */
#define CHECK_EQ(a, b)							\
	host_check_eq((unsigned long long)(a), (unsigned long long)(b),	\
		      #a " == " #b, __FILE__, __LINE__)

#define HOST_RUN(fn)	host_run(#fn, fn)

bool host_check(bool ok, const char *what, const char *file, int line);
bool host_check_eq(unsigned long long a, unsigned long long b,
		   const char *what, const char *file, int line);
void host_run(const char *name, void (*fn)(void));
void host_parse_args(int argc, char **argv);
int host_summary(void);

/* Reproducible pseudo-random numbers; the seed is set with -s. */
unsigned long long host_rand(void);
unsigned long host_rand_below(unsigned long n);
void host_srand(unsigned long long seed);
unsigned long long host_seed(void);

void shim_checks(void);
void zone_checks(void);
void fit_checks(void);
void tree_checks(void);
void window_checks(void);
void random_checks(void);
void bitmap_checks(void);
void parse_checks(void);
void zone_decl_checks(void);
void activate_checks(void);

#endif /* _HOST_COMMON_H */
