/* SPDX-License-Identifier: GPL-2.0 */
/* Shim: mem*() and str*() come from libc; strscpy() and kbasename(). */
#ifndef _SHIM_LINUX_STRING_H
#define _SHIM_LINUX_STRING_H

#include <string.h>
#include <errno.h>
#include <sys/types.h>

/* Copy with truncation; -E2BIG when @src did not fit. */
static inline ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t len = strnlen(src, size);

	if (!size)
		return -E2BIG;
	if (len == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return len;
}

/* What follows the last '/' of @path. */
static inline const char *kbasename(const char *path)
{
	const char *tail = strrchr(path, '/');

	return tail ? tail + 1 : path;
}

#endif /* _SHIM_LINUX_STRING_H */
