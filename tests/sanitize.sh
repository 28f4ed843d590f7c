#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The KUnit suites (the concurrency stress among them) on a second guest
# kernel: tests/kernel.config plus tests/sanitize-<flavour>.config.
#   kasan: KASAN, UBSAN, lockdep, might_sleep() and list checks;
#   kcsan: the data-race detector (it cannot share a kernel with KASAN).
# The KASAN kernel also boots the fault-injection case (tests/boot/
# cases.sh "fault"): error paths are where use-after-free hides; and the
# cases of a reusable region's worker ("ready", "pin").
# Any report in a guest's log fails the run, whatever the tests say.
# Prints "<flavour>: N passed, N failed": the tests, plus one check per
# log that it holds no report.
# Usage: sanitize.sh <kasan|kcsan>
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
flavour=${1:-kasan}
stage=$flavour
. "$repo/tests/lib.sh"
extra=$repo/tests/sanitize-$flavour.config
need_file "$extra" "sanitizer config" "flavours: kasan, kcsan"
need_tree
out=$OUT/sanitize-$flavour
mkdir -p "$out"
cfg=$out/kunitconfig
cat "$repo/tests/kernel.config" "$extra" > "$cfg"
key=$({ grep -v '^#' "$cfg"; echo "$KSRC"; } | md5sum | cut -c1-8)
export KUNITCONFIG=$cfg
export KBUILD=$CMR_CACHE/build/$KVER-$flavour-$key
export CMR_DTB=$OUT/dtb/cmr-virt.dtb
# KCSAN samples one access in thousands: give it a longer stress.
[ "$flavour" = kcsan ] && export KUNIT_EXTRA_ARGS=cmr_stress_kunit.stress_ms=6000
seed_build "$KVER-$flavour-????????"
echo "$flavour: kernel in $KBUILD"
# add <"stage: N passed, N failed">: count another runner's checks.
add() {
	local_p=$(echo "$1" | sed -n 's/^[a-z-]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	local_f=$(echo "$1" | sed -n 's/^[a-z-]*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	passed=$((passed + ${local_p:-0}))
	failed=$((failed + ${local_f:-1}))
}
result=$(OUT=$out "$repo/tests/kunit.sh" | tail -1)
echo "$result"
add "$result"
# No log, or no result: nothing was checked.
if [ ! -s "$KBUILD/test.log" ] || [ "$passed" = 0 ]; then
	passed=0
	not_ok "kunit" "no log or no result"
	summary
	exit 0
fi
# races_elsewhere <log>: drop from the log the KCSAN reports that name no
# cmr function (between the "====" lines around each): the kernel's own
# data races (RCU's, say) are not cmr's to fix, and KCSAN samples, so
# they come and go from run to run.  Each dropped one is noted.
races_elsewhere() {
	# state 1: a "====" line held back; 2: inside a KCSAN report
	awk '
	state == 2 {
		buf = buf $0 "\n"
		if ($0 ~ /cmr/) ours = 1
		if ($0 ~ /^=+$/) {
			if (ours) printf "%s", buf
			else print title > "/dev/stderr"
			state = 0
		}
		next
	}
	state == 1 {
		if ($0 ~ /BUG: KCSAN:/) {
			state = 2; ours = 0; title = $0; buf = held $0 "\n"
			next
		}
		printf "%s", held; state = 0
	}
	/^=+$/ { held = $0 "\n"; state = 1; next }
	{ print }
	END { if (state == 1) printf "%s", held; if (state == 2) printf "%s", buf }
	' "$1"
}

# check_log <log>: one check, that the log holds no sanitizer report.
check_log() {
	# reports: the lines of sanitizer reports in the log
	reports=$(races_elsewhere "$1" 2>"$out/elsewhere.txt" |
		grep -asE 'BUG: KASAN|BUG: KCSAN|UBSAN:|WARNING: possible|possible circular locking|BUG: sleeping function|BUG: scheduling while atomic|list_(add|del) corruption|INFO: lockdep|WARNING: CPU:|Unable to handle kernel')
	sed 's/^/'"$stage"': not cmr'"'"'s, so not counted: /' "$out/elsewhere.txt"
	if [ -n "$reports" ]; then
		echo "$reports" | head -20
		not_ok "$1" "sanitizer reports"
	else
		ok "$1"
	fi
}
check_log "$KBUILD/test.log"
if [ "$flavour" = kasan ]; then
	[ -s "$OUT/initramfs.cpio" ] || "$repo/scripts/initramfs.sh"
	for c in fault ready pin; do
		boot=$(BOOT_LOGS=$out/boot "$repo/tests/boot/run.sh" "$c")
		echo "$boot"
		add "$(echo "$boot" | tail -1)"
		check_log "$out/boot/$c.log"
	done
fi
summary || true
