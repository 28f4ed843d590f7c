#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The KUnit suites (the concurrency stress among them) on a second guest
# kernel built with tests/sanitize.config on top of tests/kernel.config:
# KASAN, UBSAN, lockdep, might_sleep() and list checks.  Any report in the
# guest's log fails the run, whatever the tests say.  Prints
# "sanitize: N passed, N failed": the tests, plus one check that the log
# holds no report.
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$OUT/sanitize
mkdir -p "$out"
cfg=$out/kunitconfig
cat "$repo/tests/kernel.config" "$repo/tests/sanitize.config" > "$cfg"
key=$({ cat "$cfg"; echo "$KSRC"; } | md5sum | cut -c1-8)
export KUNITCONFIG=$cfg
export KBUILD=$CMR_CACHE/build/$KVER-san-$key
export CMR_DTB=$OUT/dtb/cmr-virt.dtb
echo "sanitize: kernel in $KBUILD"
result=$(OUT=$out "$repo/scripts/kunit.sh" | tail -1)
echo "$result"
pass=$(echo "$result" | sed -n 's/^kunit: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
fail=$(echo "$result" | sed -n 's/^kunit: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
pass=${pass:-0}; fail=${fail:-1}
# No log, or no result: nothing was checked.
if [ ! -s "$KBUILD/test.log" ] || [ "$pass" = 0 ]; then
	echo "sanitize: 0 passed, $((fail + 1)) failed"
	exit 0
fi
reports=$(grep -asE 'BUG: KASAN|UBSAN:|WARNING: possible|possible circular locking|BUG: sleeping function|BUG: scheduling while atomic|list_(add|del) corruption|INFO: lockdep|WARNING: CPU:|Unable to handle kernel' \
	"$KBUILD/test.log")
if [ -n "$reports" ]; then
	echo "$reports" | head -20
	echo "sanitize: reports in $KBUILD/test.log"
	fail=$((fail + 1))
else
	pass=$((pass + 1))
fi
echo "sanitize: $pass passed, $fail failed"
