#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# checkpatch.pl --strict --no-tree -f on cmr's kernel C (errors and
# warnings fail; --strict's CHECKs are advice), and kernel-doc -Wall on the
# API and mm/; one result per file.
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
# The checks are about cmr's sources, not the target kernel: use the newest
# tools at hand (6.1's kernel-doc has no -Wall).
tools=${CMR_CACHE:-$HOME/.cache/cmr}/src/linux-source-6.12
[ -f "$tools/scripts/kernel-doc" ] || tools=$KSRC
kdoc_w=-Wall
perl "$tools/scripts/kernel-doc" -Wall -none /dev/null >/dev/null 2>&1 || kdoc_w=
pass=0; fail=0
# count <output>: empty output is a pass
count() {
	if [ -n "$1" ]; then
		echo "$1"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
}
for f in mm/*.c mm/*.h include/linux/*.h include/media/*.h \
	 include/trace/events/*.h tests/kunit/*.[ch] tests/sample/*.c \
	 tests/kbench/*.c tests/vb2/*.c; do
	count "$(perl "$tools/scripts/checkpatch.pl" --strict --no-tree --terse -q -f "$f" 2>&1 |
		 grep -E ': (ERROR|WARNING):')"
done
# kernel-doc: every documented function has its Return: and parameters.
for f in include/linux/cmr.h include/media/*.h mm/*.c; do
	count "$(perl "$tools/scripts/kernel-doc" -none $kdoc_w "$f" 2>&1)"
done
echo "checkpatch: $pass passed, $fail failed"
