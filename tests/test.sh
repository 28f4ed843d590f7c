#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make test: every stage prints "<stage>: N passed, N failed"; this script
# adds them up and ends with one line "N passed, N failed", exiting
# non-zero on any failure.  A stage that cannot run (the kernel does not
# build, say) counts as one failure and the stages that need it are skipped.
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=test
# shellcheck source=lib.sh
. "$repo/tests/lib.sh"
cd "$repo"
mkdir -p "$OUT" || die "cannot create $OUT"
results=$OUT/results
: > "$results"
start=$(date +%s)

stage() {
	local name=$1 t0=$SECONDS out
	shift
	echo "== $name"
	# Not "tee /dev/stderr": when stderr is a file, that reopens and
	# truncates it.
	"$@" 2>&1 | tee "$OUT/stage-$name.log"
	out=$(grep -aE '^[a-z-]+: [0-9]+ passed, [0-9]+ failed$' "$OUT/stage-$name.log" | tail -1)
	if [ -z "$out" ]; then
		out="$name: 0 passed, 1 failed"
		echo "$out (stage did not report)"
	fi
	echo "$out" >> "$results"
	echo "   ($((SECONDS - t0)) s)"
}

# built <name> <command...>: a step that either works or does not.
built() {
	local name=$1
	shift
	"$@" || { echo "$name: 0 passed, 1 failed"; return 1; }
	echo "$name: 1 passed, 0 failed"
}

# CMR_COMMON=0 leaves out the stages that do not depend on the kernel
# version (fuzzing, the benchmark's smoke run, the DT schema check,
# checkpatch): .ci/run runs them with its first kernel only.
common=${CMR_COMMON:-1}

# The host tests take the kernel's rbtree code from the tree.
stage tree built tree scripts/kernel-tree.sh
if grep -q '^tree: 1 passed' "$results"; then
	stage host make -s -C tests/host KSRC="$KSRC"
	if [ "$common" != 0 ]; then
		stage fuzz tests/fuzz.sh
		# make bench itself is not pass/fail; its smoke run checks
		# every placement of every allocator against a shadow bitmap.
		stage bench-smoke built bench-smoke make -s -C tests/bench smoke
	fi
fi
[ "$common" != 0 ] && stage dt-check tests/dt-check.sh "$OUT/dtb"
grep -q '^tree: 1 passed' "$results" &&
	stage kernel built kernel scripts/kernel-build.sh
if grep -q '^kernel: 1 passed' "$results"; then
	scripts/dtbs.sh "$OUT/dtb"
	stage kunit tests/kunit.sh
	stage static tests/static-check.sh
	stage initramfs built initramfs scripts/initramfs.sh
	grep -q '^initramfs: 1 passed' "$results" && stage boot tests/boot/run.sh
	# The default tree is the pristine one with cmr.patch applied.
	[ "${DEFAULT_TREE:-}" = 1 ] && stage patch tests/patch-check.sh
fi
# The sanitizer kernels, on the newest kernel only, where the code cmr
# calls is newest: each costs a cold CI run 10 minutes or more.
# CMR_SANITIZE picks them on any kernel: "kasan kcsan" (or 1), "kasan",
# or empty for none.
sanitize=${CMR_SANITIZE-$([ "$KVER" = "$SANITIZE_KVER" ] && echo kasan kcsan)}
[ "$sanitize" = 1 ] && sanitize="kasan kcsan"
if grep -q '^tree: 1 passed' "$results" && [ -n "$sanitize" ]; then
	scripts/dtbs.sh "$OUT/dtb"
	for flavour in $sanitize; do
		stage "$flavour" tests/sanitize.sh "$flavour"
	done
fi
[ "$common" != 0 ] && stage checkpatch tests/checkpatch.sh

while read -r _ p _ f _; do
	passed=$((passed + p)); failed=$((failed + f))
done < "$results"
echo "== summary ($KVER, $(( $(date +%s) - start )) s)"
sed 's/^/   /' "$results"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
