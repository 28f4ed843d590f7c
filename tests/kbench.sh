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
	echo "clock: $(grep -a 'cmr_bench_clock: ' "$log" | sed 's/.*cmr_bench_clock: //' | head -1)"
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

# The round trip (an allocation and its release), median and 99th
# percentile, and issue 19's targets on the ratio of the medians: at
# least 50 times cma's for a 1080p frame, 100 for a 4K frame and 16 MiB,
# 10 for a page, idle and fragmented.  The p99 of 31 rounds is the
# slowest, which under emulation is the host's noise as often as
# either allocator's: it is shown, not judged.
rounds=$(echo "$lines" | awk '
function field(name, k,   i) {
	for (i = 1; i <= NF; i++) if ($i == name) return $(i + k)
}
{
	split($0, h, ":"); split(h[1], w, " ")
	state = w[1]; size = ""
	for (i = 2; w[i + 1] != "pages"; i++) size = (size == "" ? "" : size " ") w[i]
	for (i = 1; i <= NF; i++) if ($i == "round") r = i
	cma = $(r + 2); cmap = $(r + 5); cmr = $(r + 7); cmrp = $(r + 10)
	ratio = $(r + 12); p99r = $(r + 14)
	need = size == "1080p" ? 50 : size == "4 KiB" ? 10 : 100
	ok = ratio >= need ? "pass" : "FAIL"
	printf "%-10s  %-6s  %9s  %9s  %7s  %7s  %7s  %7s  %6s  %s\n", state, size, cma, cmap, cmr, cmrp, ratio, p99r, ">= " need, ok
}')
{
	echo
	echo "cmr make bench: in-kernel round trip, alloc + release, ns (median, p99); ratio = cma / cmr"
	printf '%-10s  %-6s  %9s  %9s  %7s  %7s  %7s  %7s  %6s  %s\n' state size \
		'cma' 'cma p99' 'cmr' 'cmr p99' 'ratio' 'p99 x' target result
	echo "$rounds"
	fails=$(echo "$rounds" | grep -c 'FAIL$' || true)
	echo "round-trip targets: $(echo "$rounds" | grep -c 'pass$') pass, $fails FAIL"
} | tee "$bench_out/round.txt"

# Four CPUs on one area (cmr_bench_par): aggregate round trips per second.
par=$(grep -a 'cmr_bench_par: ' "$log" | sed 's/.*cmr_bench_par: //' | head -1)
[ -n "$par" ] || { echo "kbench: no cmr_bench_par line, see $log" >&2; exit 1; }
echo "$par" | awk '
{
	gsub(/[;:]/, "")
	printf "\ncmr make bench: %s-page round trips on one area, one thread per CPU, aggregate per second\n", $1
	printf "       %9s %9s %9s  scaling\n", $4 " thr", $5 " thr", $6 " thr"
	printf "cmr    %9s %9s %9s  %7s\n", $8, $9, $10, $13
	printf "cma    %9s %9s %9s  %7s\n", $15, $16, $17, $20
}' | tee "$bench_out/par.txt"

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
echo "kbench: report in $bench_out/kernel.txt, kernel.rst, round.txt, par.txt and dma.txt"
