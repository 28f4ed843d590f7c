#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Bounded libFuzzer runs of the cmr= parser and of the zones/strategies
# against the reference model (tests/host), from the committed corpora.
# Prints "fuzz: N passed, N failed" (one per target).
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=fuzz
. "$repo/tests/lib.sh"
need_tool clang clang
need_file "$KSRC/tools/lib/rbtree.c" "kernel tree" "run 'make tree' first"
secs=${FUZZ_SECONDS:-20}
mkdir -p "$OUT" || die "cannot create $OUT"
for t in parse zone; do
	if make -s -C "$repo/tests/host" "fuzz-$t" KSRC="$KSRC" \
		FUZZ_SECONDS="$secs" > "$OUT/fuzz-$t.log" 2>&1; then
		ok "$t"
		echo "fuzz: $t: $(grep -a 'Done [0-9]* runs' "$OUT/fuzz-$t.log" | tail -1)"
	else
		tail -30 "$OUT/fuzz-$t.log"
		not_ok "$t" "log: $OUT/fuzz-$t.log"
	fi
done
summary
