/* SPDX-License-Identifier: GPL-2.0 */
/* The guest's test programs, linked into /init (tests/guest/init.c). */
#ifndef _GUEST_H
#define _GUEST_H

#include <stdio.h>

#include "ktap.h"

/* One line of /sys/kernel/debug/cmr/regions (mm/cmr_debugfs.c). */
struct guest_row {
	char region[32], zone[32], strategy[16], kind[16];
	unsigned long long base, end;
	unsigned long total, used, peak, largest, extents;
	unsigned long allocs, fails, ffails;
	unsigned int frag;
};

int guest_parse_row(const char *line, struct guest_row *r);
int guest_row(const char *region, const char *zone, struct guest_row *r);
long guest_used(const char *region, const char *zone);
long guest_total(const char *region, const char *zone);
long long guest_meminfo(const char *field);
long long guest_normal_free(void);
int guest_small_pcp_lists(void);
void guest_say(int fd);
int guest_hear(int fd);
void guest_ballast(int to_parent, long long keep);
#define GUEST_HELD_MAX	32	/* pages a guest_pinner() holds, at most */
unsigned long guest_pfn_of(int pagemap, const void *addr);
void guest_pinner(int to_parent, int from_parent, unsigned long lo,
		  unsigned long hi, unsigned long slot);
double guest_now_ms(void);
int guest_run(const char *path, char *out, size_t len);
void guest_cmrstat(const char *when);
int guest_open_heaps(const char *const *names, unsigned int n, int *fds,
		     const char *tag);
int guest_cmp_double(const void *a, const void *b);
int guest_heap_alloc(int heap, unsigned long long len, unsigned int fd_flags,
		     unsigned long long heap_flags);
int guest_xioctl(int fd, unsigned long req, void *arg);
int guest_reqbufs(int fd, unsigned int count, unsigned int memory);
int guest_expbuf(int fd, unsigned int index);
int guest_write(const char *path, const char *val);
long guest_num(const char *path);
unsigned long long guest_hex(const char *path);
int guest_v4l2_node(const char *name, char *path, size_t len);
int guest_dmabuf_attached(const char *dev);

void vb2_tests(void);
void vb2_demo(void);
void heap_tests(void);
void reuse_tests(void);
void ready_tests(void);
void pin_tests(void);
unsigned int heap_bench(void);
unsigned int ready_bench(void);
void stat_tests(void);
void fault_tests(void);
void vivid_tests(void);
void apps_tests(void);
void kms_tests(void);

#endif /* _GUEST_H */
