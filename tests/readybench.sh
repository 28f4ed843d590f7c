#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make bench, ready-reserve part: boot the ready bench board
# (dts/cmr-ready-bench.dts) with cmrtest=readybench, which times the
# kernel's CMA heap against the heap of a reusable cmr region of the same
# size with a ready reserve, lent out, with and without pinned pages
# (tests/guest/ready_bench.c); turn its "ready_bench:" lines into a table
# with the issue's targets, pass or fail: on stdout, in
# $BENCH_OUT/ready.txt and, for docs/performance.rst, ready.rst.  The
# guest's disk (scripts/guest-disk.sh) is attached when it is built, for
# the O_DIRECT part of the pinning load.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=readybench
. "$repo/tests/lib.sh"
need_kernel
bench_out=${BENCH_OUT:-$repo/build/bench}
log=$OUT/readybench.log
mkdir -p "$OUT" "$bench_out"
"$repo/scripts/dtbs.sh" "$OUT/dtb" >/dev/null
[ -f "$OUT/initramfs.cpio" ] || "$repo/scripts/initramfs.sh"
BOOT_TIMEOUT=3000 "$repo/scripts/qemu-boot.sh" "$OUT/dtb/cmr-ready-bench.dtb" \
	"kunit.filter_glob=cmr_live cmrtest=readybench" 2>&1 | tr -d '\r' >"$log" || true
if ! grep -aq 'ready_bench: done' "$log"; then
	grep -a 'ready_bench' "$log" | tail -5 >&2
	echo "readybench: the guest did not finish, see $log" >&2
	exit 1
fi

# "ready_bench: <phase> <size> <heap> n <n> fails <f> p50 <ms> p99 <ms> max <ms>"
# and "ready_bench: idle: region <p> ready <p> kept <p> lent <p> used <p> ..."
report=$(grep -a 'ready_bench: ' "$log" | sed 's/.*ready_bench: //' | awk '
function ratio(a, b) { return (a > 0 && b > 0) ? a / b : 0 }
function verdict(ok) { return ok ? "pass" : "FAIL" }
# x if cmr took its pages in no time: what clearing and the dma-buf allow
function bound(k,  rest) {
	if (!(k in take)) return ""
	rest = p50[k, "cmr"] - take[k]
	return sprintf(" (%.1f at most with a take in no time)", ratio(p50[k, "cma"], rest))
}
$1 == "idle:" { region = $3; ready = $5; lent = $9; used = $11; next }
NF == 13 && $4 == "n" {
	key = $1 " " $2; h = ($3 == "bench-cma") ? "cma" : "cmr"
	if (!(key in seen)) { seen[key] = 1; order[++n] = key }
	fails[key, h] = $7; p50[key, h] = $9; p99[key, h] = $11; max[key, h] = $13
	tries[key, h] = $5 + $7
	next
}
$3 == "cmr" && $4 == "take" { take[$1 " " substr($2, 1, length($2) - 1)] = $6 }
{ notes[++m] = $0 }
END {
	fmt = "%-7s  %-5s  %8s %8s %8s %5s  %7s %7s %7s %5s  %6s %6s\n"
	printf fmt, "phase", "size", "CMA p50", "p99", "max", "fails",
	       "cmr p50", "p99", "max", "fails", "x p50", "x p99"
	printf fmt, "-------", "-----", "--------", "--------", "--------", "-----",
	       "-------", "-------", "-------", "-----", "------", "------"
	for (i = 1; i <= n; i++) {
		k = order[i]; split(k, w, " ")
		r50[k] = ratio(p50[k, "cma"], p50[k, "cmr"])
		r99[k] = ratio(p99[k, "cma"], p99[k, "cmr"])
		printf "%-7s  %-5s  %8.2f %8.2f %8.2f %5s  %7.2f %7.2f %7.2f %5s  %6.1f %6.1f\n",
		       w[1], w[2], p50[k, "cma"], p99[k, "cma"], max[k, "cma"],
		       fails[k, "cma"] "/" tries[k, "cma"], p50[k, "cmr"],
		       p99[k, "cmr"], max[k, "cmr"], fails[k, "cmr"] "/" tries[k, "cmr"],
		       r50[k], r99[k]
	}
	print ""
	for (i = 1; i <= m; i++) print notes[i]
	print ""
	print "targets (x = CMA heap / cmr heap):"
	for (i = 1; i <= n; i++) {
		k = order[i]; split(k, w, " ")
		if (w[1] == "reserve")
			printf "  within the reserve, %-5s p99 x >= 20: %.1f %s\n",
			       w[2], r99[k], verdict(r99[k] >= 20)
		if (w[1] == "beyond" || w[1] == "camera")
			printf "  beyond the reserve (%s), %-5s p50 x >= 2: %.1f %s%s\n",
			       w[1], w[2], r50[k], verdict(r50[k] >= 2),
			       bound(k)
		if (w[1] == "pinned")
			printf "  pinned, %-5s: cmr failures %s with pin-free ranges (CMA heap %s): %s\n",
			       w[2], fails[k, "cmr"], fails[k, "cma"],
			       verdict(fails[k, "cmr"] == 0)
	}
	printf "  idle: lent %d pages = region %d - reserve %d: %s\n", lent,
	       region, ready, verdict(used == 0 && lent == region - ready)
}')
{
	echo "cmr make bench: the ready reserve, kernel CMA heap vs a reusable cmr heap, 128 MiB each"
	echo "kernel: $(sed -n 's/^\(Linux version [^ ]*\).*/\1/p' "$log" | head -1)"
	echo "ms of DMA_HEAP_IOCTL_ALLOC (buffer cleared), each on areas lent out afresh;"
	echo "p99 by nearest rank; fails = failed/tried; cmr reserve 32 MiB, camera = 8 4K frames held"
	echo
	echo "$report"
} | tee "$bench_out/ready.txt"
echo "$report" | sed -n '1,/^$/p' | sed '/^$/d' | awk '
NR == 2 { rule = $0; gsub(/-/, "=", rule); print rule; print head; print rule; next }
NR == 1 { head = $0; next }
{ print }
END { print rule }' | sed 's/^/   /' > "$bench_out/ready.rst"
echo "readybench: report in $bench_out/ready.txt and ready.rst"
grep -q FAIL "$bench_out/ready.txt" && echo "readybench: a target is not met" >&2
exit 0
