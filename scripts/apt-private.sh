# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh disable=SC2034
#
# A private apt configuration under $CMR_CACHE, for Debian packages the
# host's own apt sources do not have (the guest's arm64 programs, a newer
# kernel's source): its own sources.list, lists and cache; the host's apt
# configuration and dpkg database are neither read nor changed.  Sourced
# after tests/lib.sh:
#
#	apt_private <name> <arch> <suite>...
#
# writes $CMR_CACHE/apt-<name>/sources.list for the suites (main), points
# $apt_dir there and puts apt's options in $apt_opts, to be split:
# 'apt-get $apt_opts update', 'apt-cache $apt_opts policy ...'.  (So
# $CMR_CACHE must not hold blanks.)

apt_private() {
	apt_dir=$CMR_CACHE/apt-$1
	apt_arch=$2
	shift 2
	mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" \
		"$apt_dir/debs"
	: > "$apt_dir/sources.list"
	for s in "$@"; do
		echo "deb [arch=$apt_arch] http://deb.debian.org/debian $s main" \
			>> "$apt_dir/sources.list"
	done
	apt_opts="-q -o Dir::Etc::SourceList=$apt_dir/sources.list
		-o Dir::Etc::SourceParts=/dev/null
		-o Dir::State::Lists=$apt_dir/lists -o Dir::Cache=$apt_dir/cache
		-o Dir::State::status=/dev/null -o APT::Architecture=$apt_arch
		-o APT::Architectures::=$apt_arch -o APT::Sandbox::User=root"
}
