#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# QEMU boot tests.  Each case of cases.sh boots the guest kernel with a DTB
# and kernel arguments, runs the KUnit suite cmr_live (every region this
# boot declared allocates, maps and releases), has /init run the case's
# guest test (tests/guest/, a KTAP suite), and lets /init print the region
# report.  A case's checks are KTAP results, written to $BOOT_LOGS/<case>.ktap
# and counted from there by the reader of tests/lib.sh:
#
#   - the guest reached /init and powered off (the report's last line);
#   - each result of cmr_live, and the suite itself;
#   - each result of the guest test, and the suite itself;
#   - each check of the declaration, on the console: --msg <ERE> and
#     --no-msg <ERE> (cmr's boot messages), --region <name> and
#     --no-region <name> (in the report).
#
# Prints "boot: PASS|FAIL <case> ..." per case and "boot: N passed, N
# failed" (checks).  Usage: run.sh [case-name-glob]; logs go to $BOOT_LOGS
# (default $OUT/boot).
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
stage=boot
# shellcheck source=../lib.sh
. "$repo/tests/lib.sh"
here=$repo/tests/boot
only=${1:-*}
logs=${BOOT_LOGS:-$OUT/boot}
need_tool qemu-system-aarch64 qemu-system-arm
need_tool dtc device-tree-compiler
need_kernel
need_initramfs
need_file "$OUT/dtb/cmr-virt.dtb" "device trees" "run 'make dtbs' first"
mkdir -p "$logs" || die "cannot create $logs"

# result <ok|not ok> <description> [<diagnostic>]: one line of $ktap.
result() {
	ktap_n=$((ktap_n + 1))
	echo "$1 $ktap_n $2${3:+ # $3}" >> "$ktap"
}

# suite <suite>: the results of a KTAP suite of the console log, each one
# result of the case.
suite() {
	local line
	while IFS= read -r line; do
		case $line in
		'ok '*) result ok "$1: ${line#ok }" ;;
		*) result "not ok" "$1: ${line#not ok }" ;;
		esac
	done <<EOF
$(ktap_results "$log" "$1")
EOF
}

# boot_case <name> <dtb> <guest test|-> <kernel args> [checks]: see cases.sh.
boot_case() {
	local name=$1 dtb=$2 test=$3 args=$4 log=$logs/$1.log f0=$failed p0=$passed
	local ktap=$logs/$1.ktap ktap_n=0 line mine theirs
	shift 4
	# shellcheck disable=SC2053
	[[ $name == $only ]] || return 0
	[ "$test" = - ] || args="cmrtest=$test $args"
	"$repo/scripts/qemu-boot.sh" "$OUT/dtb/$dtb.dtb" \
		"kunit.filter_glob=cmr_live $args" 2>&1 | tr -d '\r' > "$log"
	printf 'KTAP version 1\n# boot case %s: %s.dtb, %s\n' "$name" "$dtb" \
		"$args" > "$ktap"
	if grep -aq '^cmr-report: end' "$log"; then
		result ok "reached /init and powered off"
	else
		result "not ok" "reached /init and powered off" "no report"
	fi
	suite cmr_live
	[ "$test" = - ] || suite "$test"
	while [ $# -gt 0 ]; do
		case $1 in
		--msg)
			if grep -aqE -- "$2" "$log"; then
				result ok "message /$2/"
			else
				result "not ok" "message /$2/" "none"
			fi ;;
		--no-msg)
			line=$(grep -aE -m1 -- "$2" "$log")
			if [ -z "$line" ]; then
				result ok "no message /$2/"
			else
				result "not ok" "no message /$2/" "${line%%#*}"
			fi ;;
		--same)
			# <case>:<ERE>: the matches here, in order, are those
			# of that case's log (an earlier case).
			mine=$(grep -aoE -- "${2#*:}" "$log")
			theirs=$(grep -aoE -- "${2#*:}" "$logs/${2%%:*}.log" 2>/dev/null)
			if [ -n "$mine" ] && [ "$mine" = "$theirs" ]; then
				result ok "as in ${2%%:*}: $(echo "$mine" | wc -l) of /${2#*:}/"
			else
				line=$(diff <(echo "$mine") <(echo "$theirs") |
				       grep -m2 '^[<>]' | tr '\n' ' ')
				result "not ok" "/${2#*:}/ as in ${2%%:*}" "here < > there: ${line:-none here}"
			fi ;;
		--region)
			if grep -aqE "^cmr-report: $2 " "$log"; then
				result ok "region $2 in the report"
			else
				result "not ok" "region $2 in the report" "missing"
			fi ;;
		--no-region)
			if grep -aqE "^cmr-report: $2 " "$log"; then
				result "not ok" "no region $2 in the report" "present"
			else
				result ok "no region $2 in the report"
			fi ;;
		*)
			result "not ok" "check '$1'" "unknown in cases.sh" ;;
		esac
		shift 2
	done
	echo "1..$ktap_n" >> "$ktap"
	ktap_count "$ktap" "" "$name"
	if [ "$failed" = "$f0" ]; then
		echo "boot: PASS $name ($((passed - p0)) checks)"
	else
		echo "boot: FAIL $name ($((failed - f0)) of $((passed - p0 + failed - f0)) checks failed; log: $log)"
	fi
}

# shellcheck source=cases.sh
. "$here/cases.sh"
# v4l2-compliance's verdicts per memory type and its totals, for the log.
# shellcheck disable=SC2053
if [[ compliance == $only ]] && [ -f "$logs/compliance.log" ]; then
	grep -aoE 'test (MMAP|USERPTR|DMABUF|read/write)[^:]*: [A-Z]+|Total for .*' \
		"$logs/compliance.log" | sed 's/^/boot: compliance: /'
fi
summary
