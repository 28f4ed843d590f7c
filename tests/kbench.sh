#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make bench, guest side: boot the bench board (dts/cmr-bench.dts) under
# kunit.py with only the bench_cmr_cma suite, which times cma_alloc() and
# cmr_alloc() in one boot (tests/kbench/), and turn its "cmr_bench:" lines
# into a table: on stdout, in $BENCH_OUT/kernel.txt and, for
# docs/performance.rst, kernel.rst.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=kbench
. "$repo/tests/lib.sh"
need_tree
bench_out=${BENCH_OUT:-$repo/build/bench}
log=$OUT/kbench.log
mkdir -p "$OUT" "$bench_out"
"$repo/scripts/dtbs.sh" "$OUT/dtb"
status=0
CMR_DTB=$OUT/dtb/cmr-bench.dtb "$repo/scripts/kunit-py.sh" run \
	--timeout=1200 --raw_output=all --kernel_args=cmr.lend_delay_ms=0 \
	'bench_cmr_cma' >"$log" 2>&1 ||
	status=$?
lines=$(grep -a 'cmr_bench: ' "$log" | sed 's/.*cmr_bench: //' || true)
if [ "$status" != 0 ] || [ -z "$lines" ] ||
   grep -aqE '^ *not ok .*bench_cmr_cma' "$log"; then
	grep -aE 'bench_cmr_cma|ASSERTION|Expected|SKIP' "$log" | tail -20 >&2
	echo "kbench: the bench_cmr_cma suite failed (exit $status), see $log" >&2
	exit 1
fi

# "<state> <size...> <n> pages align <a>: alloc cma <x> ns cmr <y> ns
#  ratio <r>; release cma <x> ns cmr <y> ns ratio <r>; reuse alloc <z> ns
#  ratio <r>" (reuse 1 ns: not timed)
table=$(echo "$lines" | awk '
{
	split($0, h, ":"); split(h[1], w, " ")
	state = w[1]; n = 0
	for (i = 2; w[i] != "pages"; i++) size = (i == 2 ? "" : size " ") w[i]
	sub(/ [0-9]+$/, "", size); pages = w[i - 1]; align = w[i + 2]
	for (i = 1; i <= NF; i++) {
		if ($i == "cma") v[++n] = $(i + 1)
		if ($i == "cmr") v[++n] = $(i + 1)
		if ($i == "reuse") v[++n] = $(i + 2)
		if ($i == "ratio") { r = $(i + 1); sub(/;$/, "", r); v[++n] = r }
	}
	if (v[7] == 1) { v[7] = "-"; v[8] = "-" }
	printf "%-10s  %-6s  %5s  %5s  %9s  %7s  %7s  %9s  %7s  %7s  %9s  %7s\n", state, size, pages, align, v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]
}')
head=$(printf '%-10s  %-6s  %5s  %5s  %9s  %7s  %7s  %9s  %7s  %7s  %9s  %7s' \
	state size pages align 'cma alloc' 'cmr' 'ratio' 'cma free' 'cmr' 'ratio' \
	'reuse' 'ratio')
rule=$(printf '%s  %s  %s  %s  %s  %s  %s  %s  %s  %s  %s  %s' ---------- ------ \
	----- ----- --------- ------- ------- --------- ------- ------- --------- -------)
{
	echo "cmr make bench: in-kernel, cma_alloc()/cma_release() vs cmr_alloc()/cmr_release()"
	echo "kernel: $(sed -n 's/^\(Linux version [^ ]*\).*/\1/p' "$log" | head -1)"
	echo "median ns of $(sed -n 's/^#define BENCH_ROUNDS[[:space:]]*\([0-9]*\).*/\1/p' \
		"$repo/tests/kbench/cmr_kbench.c" | grep -o '[0-9]*$') rounds;" \
	     "ratio = cma / cmr; align is a page order;" \
	     "reuse: cmr_alloc() on the reusable region, its pages lent"
	echo
	echo "$head"
	echo "$rule"
	echo "$table"
} | tee "$bench_out/kernel.txt"
# The same table in reStructuredText.
{
	echo "$rule" | sed 's/-/=/g'
	echo "$head"
	echo "$rule" | sed 's/-/=/g'
	echo "$table"
	echo "$rule" | sed 's/-/=/g'
} | sed 's/^/   /' > "$bench_out/kernel.rst"
echo "kbench: report in $bench_out/kernel.txt and kernel.rst"
