// SPDX-License-Identifier: GPL-2.0
/*
 * opcount: a valgrind tool that counts the guest instructions a program
 * executes and tells the program the running total, so make bench can
 * count the instructions of each allocation and release exactly.
 *
 * Callgrind counts the same thing (its Ir event) but per function and in
 * total; this tool adds the count of each superblock's instructions to
 * one counter, before each side exit and at the end, and answers the
 * client request VG_USERREQ_TOOL_BASE('O', 'C') with it.  An instruction
 * repeated by a rep prefix counts once per repetition, as in callgrind.
 *
 * Built against the headers and libraries of Debian's valgrind package
 * (the way valgrind builds its own tools), and run as
 * VALGRIND_LIB=<dir with this tool and valgrind's files> valgrind
 * --tool=opcount.
 */
#include "pub_tool_basics.h"
#include "pub_tool_tooliface.h"
#include "valgrind.h"

static ULong oc_count;

/* Append "oc_count += n" to @sb. */
static void oc_add(IRSB *sb, Int n)
{
	IRExpr *addr;
	IRTemp old, sum;

	if (!n)
		return;
	addr = mkIRExpr_HWord((HWord)&oc_count);
	old = newIRTemp(sb->tyenv, Ity_I64);
	sum = newIRTemp(sb->tyenv, Ity_I64);
	addStmtToIRSB(sb, IRStmt_WrTmp(old, IRExpr_Load(Iend_LE, Ity_I64,
							addr)));
	addStmtToIRSB(sb, IRStmt_WrTmp(sum,
			IRExpr_Binop(Iop_Add64, IRExpr_RdTmp(old),
				     IRExpr_Const(IRConst_U64(n)))));
	addStmtToIRSB(sb, IRStmt_Store(Iend_LE, addr, IRExpr_RdTmp(sum)));
}

/*
 * Each instruction starts with an IMark.  The instructions seen so far
 * are added before every side exit (taken or not, they have run) and
 * the rest at the end of the superblock.
 */
static IRSB *oc_instrument(VgCallbackClosure *closure, IRSB *in,
			   const VexGuestLayout *layout,
			   const VexGuestExtents *vge,
			   const VexArchInfo *archinfo_host,
			   IRType gword_ty, IRType hword_ty)
{
	IRSB *sb = deepCopyIRSBExceptStmts(in);
	Int i, n = 0;

	for (i = 0; i < in->stmts_used; i++) {
		IRStmt *st = in->stmts[i];

		if (st->tag == Ist_IMark) {
			n++;
		} else if (st->tag == Ist_Exit) {
			oc_add(sb, n);
			n = 0;
		}
		addStmtToIRSB(sb, st);
	}
	oc_add(sb, n);
	return sb;
}

static Bool oc_client_request(ThreadId tid, UWord *args, UWord *ret)
{
	if (!VG_IS_TOOL_USERREQ('O', 'C', args[0]))
		return False;
	*ret = (UWord)oc_count;
	return True;
}

static void oc_post_clo_init(void)
{
}

static void oc_fini(Int exitcode)
{
}

static void oc_pre_clo_init(void)
{
	VG_(details_name)("opcount");
	VG_(details_version)(NULL);
	VG_(details_description)("instruction counts for cmr's make bench");
	VG_(details_copyright_author)("cmr, GPL-2.0");
	VG_(details_bug_reports_to)("the cmr maintainers");
	VG_(basic_tool_funcs)(oc_post_clo_init, oc_instrument, oc_fini);
	VG_(needs_client_requests)(oc_client_request);
}

VG_DETERMINE_INTERFACE_VERSION(oc_pre_clo_init)
