// SPDX-License-Identifier: GPL-2.0
/*
 * Plain-text and reStructuredText tables.  The text form is columns with
 * a dashed rule under the header; the rst form is a simple table inside a
 * "table" directive, ready to paste into docs/performance.rst.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define TABLE_MAX_COLS	16

void bench_table_init(struct bench_table *t, const char *title,
		      unsigned int cols, unsigned int left)
{
	*t = (struct bench_table) {
		.title = title,
		.cols = cols < TABLE_MAX_COLS ? cols : TABLE_MAX_COLS,
		.left = left,
	};
}

void bench_table_add(struct bench_table *t, const char *fmt, ...)
{
	va_list ap;

	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 256;
		t->cell = realloc(t->cell, t->cap * sizeof(*t->cell));
		if (!t->cell)
			abort();
	}
	va_start(ap, fmt);
	vsnprintf(t->cell[t->n++], BENCH_CELL, fmt, ap);
	va_end(ap);
}

static void rule(FILE *out, const char *indent, const size_t *width,
		 unsigned int cols, char c)
{
	unsigned int i;
	size_t j;

	fputs(indent, out);
	for (i = 0; i < cols; i++) {
		for (j = 0; j < width[i]; j++)
			fputc(c, out);
		fputs(i + 1 < cols ? "  " : "\n", out);
	}
}

static void row(FILE *out, const char *indent, const struct bench_table *t,
		const size_t *width, size_t first)
{
	unsigned int i;

	fputs(indent, out);
	for (i = 0; i < t->cols; i++) {
		const char *s = first + i < t->n ? t->cell[first + i] : "";
		int w = (int)width[i];

		if (i < t->left && i + 1 == t->cols)
			fputs(s, out);	/* no trailing blanks */
		else if (i < t->left)
			fprintf(out, "%-*s", w, s);
		else
			fprintf(out, "%*s", w, s);
		fputs(i + 1 < t->cols ? "  " : "\n", out);
	}
}

void bench_table_print(const struct bench_table *t, FILE *out, bool rst)
{
	const char *indent = rst ? "   " : "";
	size_t width[TABLE_MAX_COLS] = { 0 };
	size_t i, len;

	for (i = 0; i < t->n; i++) {
		len = strlen(t->cell[i]);
		if (len > width[i % t->cols])
			width[i % t->cols] = len;
	}
	if (rst) {
		fprintf(out, ".. table:: %s\n\n", t->title);
		rule(out, indent, width, t->cols, '=');
	} else {
		fprintf(out, "%s\n\n", t->title);
	}
	for (i = 0; i < t->n; i += t->cols) {
		row(out, indent, t, width, i);
		if (!i)
			rule(out, indent, width, t->cols, rst ? '=' : '-');
	}
	if (rst)
		rule(out, indent, width, t->cols, '=');
	fputc('\n', out);
	if (!t->legend)
		return;
	for (i = 0; t->legend[i]; i++)
		fprintf(out, "%s\n", t->legend[i]);
	fputc('\n', out);
}

void bench_table_free(struct bench_table *t)
{
	free(t->cell);
	t->cell = NULL;
	t->n = 0;
	t->cap = 0;
}
