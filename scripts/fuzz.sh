#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Bounded libFuzzer runs of the cmr= parser and of the zones/strategies
# against the reference model (tests/host), from the committed corpora.
# Prints "fuzz: N passed, N failed" (one per target).
set -u
secs=${FUZZ_SECONDS:-20}
pass=0; fail=0
for t in parse zone; do
	if make -s -C "$(dirname "$0")/../tests/host" "fuzz-$t" \
		FUZZ_SECONDS="$secs" > "$OUT/fuzz-$t.log" 2>&1; then
		pass=$((pass + 1))
		echo "fuzz: $t: $(grep -a 'Done [0-9]* runs' "$OUT/fuzz-$t.log" | tail -1)"
	else
		fail=$((fail + 1))
		tail -30 "$OUT/fuzz-$t.log"
		echo "fuzz: $t: FAILED (log: $OUT/fuzz-$t.log)"
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" = 0 ]
