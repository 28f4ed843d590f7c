# SPDX-License-Identifier: GPL-2.0
#
# Print the definitions of the functions and macros named in "names"
# (space-separated) from one kernel source file, in file order, each
# preceded by a comment naming its origin.  The kernel peers of make bench
# are built from this output at build time, so the repository holds no
# copy of kernel code.
#
#   awk -v names="__bitmap_set FIND_NEXT_BIT" -f extract.awk lib/bitmap.c
#
# A function starts at a line in column 0 that contains "name(", together
# with the line before it when that line is the start of the same
# declaration (kernel style puts "static inline" there), and ends at the
# first "}" in column 0.  A prototype (a ";" before the "{" line) is
# skipped.  A macro is "#define name" and its continuation lines.  Exits 1
# if a name is not found.

BEGIN {
	n = split(names, list, " ")
	for (i = 1; i <= n; i++)
		want[list[i]] = 1
	state = 0
}

# The name a line starts a definition of, or "".
function starts(line,	name) {
	if (line ~ /^[ \t]/ || line ~ /^$/)
		return ""
	if (line ~ /^#define[ \t]/) {
		name = line
		sub(/^#define[ \t]+/, "", name)
		sub(/[^A-Za-z0-9_].*$/, "", name)
		return (name in want) && !(name in done) ? "#" name : ""
	}
	for (name in want)
		if (!(name in done) && line ~ ("(^|[^A-Za-z0-9_])" name "\\("))
			return name
	return ""
}

# Could @line open a declaration continued on the next line?
function head(line) {
	return line !~ /^[ \t]/ && line !~ /^$/ && line !~ /^[#\/ *]/ &&
	       line !~ /[;}{]$/ && line !~ /\*\/$/ && line !~ /\)$/
}

state == 0 {
	name = starts($0)
	if (name ~ /^#/) {
		name = substr(name, 2)
		done[name] = 1
		printf "\n/* %s: %s */\n%s\n", FILENAME, name, $0
		state = ($0 ~ /\\$/) ? 3 : 0
		prev = ""
		next
	}
	if (name != "") {
		buf = (head(prev) ? prev "\n" : "") $0
		state = ($0 ~ /^{/) ? 2 : 1
		cur = name
		# a one-line prototype
		if (state == 1 && $0 ~ /;$/)
			state = 0
		prev = ""
		next
	}
	prev = $0
	next
}

# inside the declaration, before the opening brace
state == 1 {
	buf = buf "\n" $0
	if ($0 ~ /^{/)
		state = 2
	else if ($0 ~ /;$/)
		state = 0	# a prototype: drop it
	next
}

# inside the body
state == 2 {
	buf = buf "\n" $0
	if ($0 ~ /^}/) {
		done[cur] = 1
		printf "\n/* %s: %s() */\n%s\n", FILENAME, cur, buf
		state = 0
	}
	next
}

# macro continuation lines
state == 3 {
	print
	if ($0 !~ /\\$/)
		state = 0
	next
}

END {
	missing = ""
	for (name in want)
		if (!(name in done))
			missing = missing " " name
	if (missing != "") {
		printf "extract.awk: not found in %s:%s\n", FILENAME, \
			missing > "/dev/stderr"
		exit 1
	}
}
