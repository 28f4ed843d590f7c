# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh disable=SC2154
#
# The shell library of cmr's runners (tests/) and build helpers (scripts/).
# A script sets $repo (the repository) and $stage (its name in messages),
# then sources this file:
#
#	repo=$(cd "$(dirname "$0")/.." && pwd)
#	stage=boot
#	. "$repo/tests/lib.sh"
#
# It gives the environment the top-level Makefile exports, with the same
# defaults, so that any script also runs alone; need_*() refuse with one
# line naming what is missing; ok()/not_ok() count checks and summary()
# prints "<stage>: N passed, N failed"; ktap_results() and ktap_count()
# read KTAP (Documentation/dev-tools/ktap.rst), what KUnit and the guest
# tests print.  POSIX sh: bash scripts source it too.

: "${stage:=$(basename "$0" .sh)}"
passed=0
failed=0

# The Makefile's defaults.
: "${KVER:=6.12}"
: "${SANITIZE_KVER:=7.3}"
: "${CMR_CACHE:=$HOME/.cache/cmr}"
if [ -z "${KSRC:-}" ]; then
	KSRC=$CMR_CACHE/src/linux-source-$KVER
	: "${DEFAULT_TREE:=1}"
fi
# The default tree as Debian ships it; $KSRC is made from it.
PRISTINE=$CMR_CACHE/src/pristine-$KVER
if [ -z "${KBUILD:-}" ]; then
	KBUILD=$CMR_CACHE/build/$KVER-$({ cat "$repo/tests/kernel.config" \
		"$repo/tests/kernel-boot.config"; echo "$KSRC"; } |
		md5sum | cut -c1-8)
fi
: "${OUT:=$repo/build/$KVER}"
: "${CROSS:=aarch64-linux-gnu-}"
: "${JOBS:=$(nproc 2>/dev/null || echo 2)}"
: "${CCACHE_DIR:=$CMR_CACHE/ccache}"
export KVER SANITIZE_KVER CMR_CACHE KSRC KBUILD OUT CROSS JOBS CCACHE_DIR PRISTINE
export DEFAULT_TREE="${DEFAULT_TREE:-}"

# die <message>: a setup error, on one line; exit status 2.
die() {
	echo "$stage: $*" >&2
	exit 2
}

# need_tool <command> [<Debian package>]
need_tool() {
	command -v "$1" >/dev/null 2>&1 ||
		die "$1 not found${2:+ (apt-get install $2, or make deps)}"
}

# need_file <path> <what it is> [<how to get it>]
need_file() {
	[ -e "$1" ] || die "no $2 at $1${3:+; $3}"
}

# The inputs of a boot: kernel image and initramfs.
need_kernel() {
	need_file "$KBUILD/arch/arm64/boot/Image.gz" "kernel image" \
		"run 'make kernel' first"
}
need_initramfs() {
	need_file "$OUT/initramfs.cpio" initramfs "run 'make initramfs' first"
}
need_tree() {
	need_file "$KSRC/Makefile" "kernel tree" "run 'make tree' first"
}

# seed_build <pattern>: when $KBUILD does not exist yet, make it of the
# newest build directory of $CMR_CACHE/build matching <pattern> (the same
# kernel and flavour under an earlier config): kbuild then rebuilds what
# the config change touches, not everything.  The old one is moved; the
# default tree only.
seed_build() {
	[ -d "$KBUILD" ] || [ "${DEFAULT_TREE:-}" != 1 ] && return 0
	# shellcheck disable=SC2086
	seed=$(ls -dt "$CMR_CACHE"/build/$1 2>/dev/null | head -1)
	[ -n "$seed" ] || return 0
	mv "$seed" "$KBUILD" && echo "$stage: $KBUILD made of $seed"
}

# ok [<what>]: one passed check.
ok() {
	passed=$((passed + 1))
}

# not_ok <what> [<why>]: one failed check, printed.
not_ok() {
	failed=$((failed + 1))
	echo "$stage: FAIL $1${2:+: $2}"
}

# summary: the stage's last line; status 0 when nothing failed.
summary() {
	echo "$stage: $passed passed, $failed failed"
	[ "$failed" = 0 ]
}

# ktap_results <file> [<suite>]: the results in the KTAP of <file>, one a
# line as "ok <description>" or "not ok <description>[ # <diagnostic>]":
# those of the top level, or with <suite> the results of that suite's
# tests (the lines one level inside its "# Subtest: <suite>"), then one
# for the suite itself ("<suite> did not finish" when it never ended, as
# when the guest stops inside it; "<suite> did not run").  Console
# timestamps, carriage returns and other lines are skipped; deeper levels
# (a parameterised test's cases) count through their parent.  A skipped
# test ("# SKIP") is not ok: every test here has what it needs.
ktap_results() {
	awk -v suite="${2:-}" '
	function result(line, prefix,	r, d) {
		line = substr(line, length(prefix) + 1)
		r = line ~ /^ok / ? "ok" : "not ok"
		d = line
		sub(/^(not )?ok [0-9]+ (- )?/, "", d)
		if (r == "ok" && d ~ /# *SKIP/)
			r = "not ok"
		return r " " d
	}
	{
		sub(/\r$/, "")
		sub(/^\[ *[0-9.]+\] /, "")
	}
	suite == "" {
		if ($0 ~ /^(not )?ok [0-9]+/)
			print result($0, "")
		next
	}
	state == 0 && $0 ~ ("^ *# Subtest: " suite "$") {
		state = 1
		inner = $0
		sub(/#.*/, "", inner)
		outer = substr(inner, 5)
		next
	}
	state == 1 && index($0, inner) == 1 &&
	    substr($0, length(inner) + 1) ~ /^(not )?ok [0-9]+/ {
		print result($0, inner)
		next
	}
	state == 1 && index($0, outer) == 1 &&
	    substr($0, length(outer) + 1) ~ ("^(not )?ok [0-9]+ (- )?" suite "( |$)") {
		print result($0, outer)
		state = 2
	}
	END {
		if (suite != "" && state == 0)
			print "not ok " suite " did not run"
		else if (state == 1)
			print "not ok " suite " did not finish"
	}' "$1"
}

# ktap_count <file> [<suite>] [<label>]: count ktap_results() with ok()
# and not_ok(), the failed ones printed with <label> ahead.
ktap_count() {
	local_results=$(ktap_results "$1" "${2:-}")
	[ -n "$local_results" ] || {
		not_ok "${3:+$3: }${2:-$1}" "no KTAP result"
		return
	}
	while IFS= read -r local_line; do
		case $local_line in
		'ok '*)
			ok ;;
		*)
			local_line=${local_line#not ok }
			not_ok "${3:+$3: }${local_line%% # *}" \
				"$(case $local_line in *' # '*) echo "${local_line#* # }" ;; esac)" ;;
		esac
	done <<EOF
$local_results
EOF
}
