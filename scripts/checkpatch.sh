#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# checkpatch.pl --no-tree -f on cmr's kernel C; one result per file.
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
pass=0; fail=0
for f in mm/*.c mm/*.h include/linux/*.h tests/kunit/*.c tests/sample/*.c; do
	out=$(perl "$KSRC/scripts/checkpatch.pl" --no-tree --terse -q -f "$f" 2>&1 |
	      grep -E ': (ERROR|WARNING):')
	if [ -n "$out" ]; then
		echo "$out"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
echo "checkpatch: $pass passed, $fail failed"
