// SPDX-License-Identifier: GPL-2.0
/*
 * cmr host tests: mm/cmr_zone.c, the strategies, mm/cmr_layout.c,
 * mm/cmr_parse.c and mm/cmr_activate.c built unmodified against the shims
 * in include/, in the manner of tools/testing/memblock.
 */
#include "common.h"

int main(int argc, char **argv)
{
	host_parse_args(argc, argv);

	shim_checks();
	bitmap_checks();
	zone_checks();
	fit_checks();
	tree_checks();
	window_checks();
	random_checks();
	parse_checks();
	zone_decl_checks();
	activate_checks();

	return host_summary();
}
