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
	--kernel_args=cmr.map=cmr-dma-bench:bench \
	'bench_cmr_*' >"$log" 2>&1 ||
	status=$?
lines=$(grep -a 'cmr_bench: ' "$log" | sed 's/.*cmr_bench: //' || true)
if [ "$status" != 0 ] || [ -z "$lines" ] ||
   grep -aqE '^ *not ok .*bench_cmr_' "$log"; then
	grep -aE 'bench_cmr_|ASSERTION|Expected|SKIP' "$log" | tail -20 >&2
	echo "kbench: a bench_cmr_* suite failed (exit $status), see $log" >&2
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

# The DMA API hook (tests/kbench/cmr_dma_kbench.c): an unbound device's
# dma_alloc_coherent() + dma_free_coherent() with the hook idle and live.
# Target: the live/idle ratio within the idle series' own spread (at
# least 2%).
dma=$(grep -a 'cmr_dma_bench: ' "$log" | sed 's/.*cmr_dma_bench: //' | head -1)
[ -n "$dma" ] || { echo "kbench: no cmr_dma_bench line, see $log" >&2; exit 1; }
echo "$dma" | awk '
{
	for (i = 1; i <= NF; i++) {
		if ($i == "hook-off") off = $(i + 1)
		if ($i == "hook-on") on = $(i + 1)
		if ($i == "ratio") r = $(i + 1)
		if ($i == "noise") { n = $(i + 1); sub(/;$/, "", n) }
		if ($i == "bound") b = $(i + 1)
	}
	tol = n - 1000; if (tol < 20) tol = 20
	d = r - 1000; if (d < 0) d = -d
	printf "\ncmr make bench: DMA API hook, dma_alloc_coherent() + dma_free_coherent() of %s KiB, median ns\n", $1
	printf "unbound device, hook idle (as without cmr)  %8d\n", off
	printf "unbound device, hook live (a device bound)  %8d\n", on
	printf "bound device (from its cmr region)          %8d\n", b
	printf "ratio idle/live %.3f, noise (idle/idle) %.3f\n", r / 1000, n / 1000
	printf "target: unbound device pays nothing measurable, |ratio - 1| <= max(noise, 2%%): %s\n", d <= tol ? "pass" : "fail"
}' | tee "$bench_out/dma.txt"
echo "kbench: report in $bench_out/kernel.txt, kernel.rst and dma.txt"
