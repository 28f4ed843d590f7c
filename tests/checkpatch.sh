#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# checkpatch.pl --strict --no-tree -f on cmr's kernel C (errors and
# warnings fail; --strict's CHECKs are advice), and kernel-doc -Wall on the
# API and mm/; one result per file.
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=checkpatch
. "$repo/tests/lib.sh"
cd "$repo"
# The checks are about cmr's sources, not the target kernel: use the newest
# tools at hand (6.1's kernel-doc has no -Wall).
tools=${CMR_CACHE:-$HOME/.cache/cmr}/src/linux-source-6.12
[ -f "$tools/scripts/kernel-doc" ] || tools=$KSRC
need_file "$tools/scripts/checkpatch.pl" "checkpatch.pl" "run 'make tree' first"
need_tool perl perl
kdoc_w=-Wall
perl "$tools/scripts/kernel-doc" -Wall -none /dev/null >/dev/null 2>&1 || kdoc_w=
# count <file> <output>: empty output is a pass
count() {
	if [ -n "$2" ]; then
		echo "$2"
		not_ok "$1"
	else
		ok "$1"
	fi
}
for f in mm/*.c mm/*.h mm/*/*.c mm/*/*.h include/linux/*.h include/media/*.h \
	 include/trace/events/*.h tests/kunit/*.[ch] tests/sample/*.c \
	 tests/kbench/*.c tests/vb2/*.c; do
	count "$f" "$(perl "$tools/scripts/checkpatch.pl" --strict --no-tree --terse -q -f "$f" 2>&1 |
		 grep -E ': (ERROR|WARNING):')"
done
# kernel-doc: every documented function has its Return: and parameters.
for f in include/linux/*.h include/media/*.h mm/*.c mm/*.h mm/*/*.[ch]; do
	count "$f" "$(perl "$tools/scripts/kernel-doc" -none $kdoc_w "$f" 2>&1)"
done
summary
