// SPDX-License-Identifier: GPL-2.0
/*
 * cmr "tree" strategy, the default: the free extents of a zone in an
 * address-ordered red-black tree, as mm/vmalloc.c keeps its free areas.
 * Each node is augmented, for every alignment order k below
 * CMR_TREE_ORDERS, with an upper bound on the longest run in its subtree
 * that starts at a multiple of 2^k granules.  A subtree whose bound
 * cannot hold an aligned request is skipped whole, so the lowest-address
 * fit costs O(log free extents) whatever the zone size, a tight
 * misaligned hole is used exactly when first fit would use it, and a
 * request that fits nowhere usually fails at the root.
 *
 * A release raises the bounds above the extent it grew or added as far as
 * they fall short.  An allocation that shrinks or removes an extent
 * leaves them as they are (rotations recompute the nodes they move):
 * they stay upper bounds, which is all the search needs, and walking to
 * the root on every allocation was half of its cost.  A search that follows
 * a stale bound to an extent that does not fit moves on in address order
 * and recomputes the bounds on the path that led it there, so placement
 * stays first fit and stale bounds are tightened where they mislead.
 *
 * The per-order maxima are kept compactly: the longest run @max (order
 * 0), and for orders 1..8 how much shorter the longest aligned run is.
 * That difference is below 2^k <= 256 (the longest run's own aligned
 * part is that long), so the eight fit in the bytes of one u64 and are
 * recomputed together, a byte per order, with word-wide arithmetic.
 *
 * Alignments of CMR_TREE_ORDERS or more orders (above 1 MiB with 4 KiB
 * granules) are exact too, but only pruned by the largest indexed order:
 * the search may visit every extent whose run at that order is long
 * enough and whose start is misaligned at the requested one, O(c log n)
 * for c such extents before the first fit.
 *
 * Metadata: a zone never has more free extents than live allocations
 * plus one, so nodes are kept for that many plus one more.  They come in
 * chunks of CMR_TREE_CHUNK_NODES: one at init, later ones when an
 * allocation finds the spare nodes short, allocated by the zone outside
 * its lock (alloc returns -ENOSPC, the zone calls add_meta and retries).
 * Releasing whole buffers never needs one; releasing a buffer piece by
 * piece (allowed, as with CMA) can, and asks the same way.  A node is 48
 * bytes on 64-bit; the worst case is (granules + 1) / 2 nodes, for a zone
 * cut into one-granule pieces.
 */

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/rbtree_augmented.h>
#include <linux/slab.h>

#include "cmr_zone.h"

/* Alignment orders 0 .. CMR_TREE_ORDERS - 1 (granules) are indexed. */
#define CMR_TREE_ORDERS		9

/* "nearfit" takes the shortest of the first this many extents that fit. */
#define CMR_NEARFIT_TRIES	12

/*
 * In the subtree rooted at a node: @max bounds the longest extent, and
 * @max minus byte k - 1 of @def (k = 1..8) bounds the longest run
 * starting at a multiple of 2^k granules (no run when it is <= 0).  Both
 * are exact but after an allocation shrank an extent below (see the top
 * of the file).
 * @phase, the zone's base granule (its low bits), is the same in every
 * node; it rides here, copied with the rest on rotations, to pack the
 * node: offset o is aligned to 2^k when (o + @phase) is.
 */
struct cmr_tree_aug {
	u64 def;
	u32 max;
	u32 phase;
};

/*
 * One free extent [start, start + len), in granules from the zone's
 * base.  Spare nodes are chained through @rb.rb_right.
 */
struct cmr_tree_node {
	struct rb_node rb;
	u32 start;
	u32 len;
	struct cmr_tree_aug aug;
};

/* A chunk of nodes; the size the zone allocates is CMR_TREE_CHUNK_SIZE. */
struct cmr_tree_chunk {
	struct cmr_tree_chunk *next;
	struct cmr_tree_node nodes[];
};

#define CMR_TREE_CHUNK_SIZE	4096
#define CMR_TREE_CHUNK_NODES	\
	((CMR_TREE_CHUNK_SIZE - sizeof(struct cmr_tree_chunk)) / \
	 sizeof(struct cmr_tree_node))

/**
 * struct cmr_tree - state of the "tree" strategy
 * @root: free extents by address
 * @spare: unused nodes, chained through rb.rb_right
 * @chunks: every node chunk, to free them
 * @nr_nodes: nodes in all chunks
 * @nr_extents: free extents in @root
 * @live: allocations not yet released
 * @phase: the base granule, for alignments beyond the indexed orders
 * @order_per_bit: a granule is 2^order_per_bit pages
 */
struct cmr_tree {
	struct rb_root root;
	struct cmr_tree_node *spare;
	struct cmr_tree_chunk *chunks;
	unsigned long nr_nodes;
	unsigned long nr_extents;
	unsigned long live;
	unsigned long phase;
	unsigned int order_per_bit;
};

#define cmr_tree_entry(n)	rb_entry(n, struct cmr_tree_node, rb)

static inline unsigned long cmr_tree_end(const struct cmr_tree_node *n)
{
	return (unsigned long)n->start + n->len;
}

/* The subtree's longest run aligned to 2^k, 0 for an empty subtree. */
static inline u32 cmr_tree_sub(const struct rb_node *rb, unsigned int k)
{
	const struct cmr_tree_node *n;
	u32 d;

	if (!rb)
		return 0;
	n = cmr_tree_entry(rb);
	if (!k)
		return n->aug.max;
	d = (n->aug.def >> (8 * (k - 1))) & 0xff;
	return n->aug.max > d ? n->aug.max - d : 0;
}

/* The node's own longest run aligned to 2^k. */
static inline u32 cmr_tree_own(const struct cmr_tree_node *n, unsigned int k)
{
	u32 skip = (0U - (n->start + n->aug.phase)) & ((1U << k) - 1);

	return n->len > skip ? n->len - skip : 0;
}

/*
 * Byte-wise arithmetic on the eight deficits of a u64, unsigned and
 * saturating at 255 (the usual carry tricks, with bit 7 of each byte
 * handled apart so that nothing carries into the next byte).
 */
#define CMR_TREE_B1	0x0101010101010101ULL
#define CMR_TREE_B7	0x8080808080808080ULL
/* Byte k - 1 keeps the k low bits of a skip: its part at order k. */
#define CMR_TREE_SKIP	0xff7f3f1f0f070301ULL

/* @x, at most 255, in every byte. */
static inline u64 cmr_tree_bcast(u32 x)
{
	return x * CMR_TREE_B1;
}

static inline u64 cmr_tree_addsat(u64 a, u64 b)
{
	u64 r = ((a & ~CMR_TREE_B7) + (b & ~CMR_TREE_B7)) ^
		((a ^ b) & CMR_TREE_B7);
	u64 carry = ((a & b) | ((a | b) & ~r)) & CMR_TREE_B7;

	return r | ((carry >> 7) * 0xff);
}

static inline u64 cmr_tree_min(u64 a, u64 b)
{
	u64 r = ((a | CMR_TREE_B7) - (b & ~CMR_TREE_B7)) ^
		((a ^ ~b) & CMR_TREE_B7);
	u64 borrow = ((~a & b) | (~(a ^ b) & r)) & CMR_TREE_B7;

	/* Bytes where a < b take a. */
	return b ^ ((a ^ b) & ((borrow >> 7) * 0xff));
}

/*
 * Fold @c's deficits, seen from a subtree whose longest run is @top, into
 * @def.  A run 255 or more shorter than @top saturates every byte and so
 * changes nothing: most children are skipped that way.
 */
static inline u64 cmr_tree_join(u64 def, const struct cmr_tree_node *c,
				u32 top)
{
	u32 up = top - c->aug.max;

	if (up >= 255)
		return def;
	if (up)
		return cmr_tree_min(def, cmr_tree_addsat(c->aug.def,
							 cmr_tree_bcast(up)));
	return cmr_tree_min(def, c->aug.def);
}

/* @n's own deficits under a longest run @top: (top - len) + skip_k. */
static inline u64 cmr_tree_own_def(const struct cmr_tree_node *n, u32 top)
{
	u32 up = top - n->len;
	u64 skip = cmr_tree_bcast((0U - (n->start + n->aug.phase)) & 0xff) &
		   CMR_TREE_SKIP;

	if (up >= 255)
		return ~0ULL;
	return up ? cmr_tree_addsat(skip, cmr_tree_bcast(up)) : skip;
}

/*
 * Recompute @n's maxima from itself and its children; true if unchanged
 * and @exit.
 */
static inline bool cmr_tree_compute(struct cmr_tree_node *n, bool exit)
{
	struct rb_node *l = n->rb.rb_left, *r = n->rb.rb_right;
	u32 top = n->len;
	u64 def;

	if (l)
		top = max(top, cmr_tree_entry(l)->aug.max);
	if (r)
		top = max(top, cmr_tree_entry(r)->aug.max);
	def = cmr_tree_own_def(n, top);
	if (l)
		def = cmr_tree_join(def, cmr_tree_entry(l), top);
	if (r)
		def = cmr_tree_join(def, cmr_tree_entry(r), top);
	if (exit && n->aug.max == top && n->aug.def == def)
		return true;
	n->aug.max = top;
	n->aug.def = def;
	return false;
}

RB_DECLARE_CALLBACKS(static, cmr_tree_cb, struct cmr_tree_node, rb, aug,
		     cmr_tree_compute)

/*
 * Removing an extent only lowers the maxima above it, so the stored ones
 * stay upper bounds: an erase keeps them (its rotations still recompute
 * the nodes they move) rather than recomputing up to the root.
 */
static void cmr_tree_keep(struct rb_node *rb, struct rb_node *stop)
{
}

static const struct rb_augment_callbacks cmr_tree_erase_cb = {
	.propagate	= cmr_tree_keep,
	.copy		= cmr_tree_cb_copy,
	.rotate		= cmr_tree_cb_rotate,
};

/*
 * Fold @c's maxima into its ancestor @p's; false if @p's held them
 * already.
 */
static inline bool cmr_tree_fold(struct cmr_tree_node *p,
				 const struct cmr_tree_node *c)
{
	u32 top;
	u64 def;

	/* A run 255 or more shorter than @p's longest changes nothing. */
	if (p->aug.max >= c->aug.max + 255)
		return false;
	top = max(p->aug.max, c->aug.max);
	def = cmr_tree_join(cmr_tree_join(~0ULL, p, top), c, top);

	if (p->aug.max == top && p->aug.def == def)
		return false;
	p->aug.max = top;
	p->aug.def = def;
	return true;
}

static struct cmr_tree_node *cmr_tree_get(struct cmr_tree *t)
{
	struct cmr_tree_node *n = t->spare;

	t->spare = (struct cmr_tree_node *)n->rb.rb_right;
	return n;
}

static void cmr_tree_put(struct cmr_tree *t, struct cmr_tree_node *n)
{
	n->rb.rb_right = (struct rb_node *)t->spare;
	t->spare = n;
}

/*
 * @n grew: raise the maxima above it only as far as they fall short.
 * Cheaper than recomputing every level from both children, which would
 * also tighten bounds a shrink left high.
 */
static void cmr_tree_raise(struct cmr_tree_node *n)
{
	struct rb_node *rb;

	cmr_tree_compute(n, false);
	while ((rb = rb_parent(&n->rb)) && cmr_tree_fold(cmr_tree_entry(rb), n))
		n = cmr_tree_entry(rb);
}

/*
 * Add a free extent that touches no other one; @next, if known, is the
 * extent right after it, so the place is found below it, not from the
 * root.
 */
static void cmr_tree_insert(struct cmr_tree *t, unsigned long start,
			    unsigned long len, struct cmr_tree_node *next)
{
	struct rb_node **link = &t->root.rb_node, *parent = NULL;
	struct cmr_tree_node *n = cmr_tree_get(t);

	n->start = start;
	n->len = len;
	/* No run at all keeps the ancestors right through the rotations. */
	n->aug.max = 0;
	n->aug.def = 0;
	if (next) {
		/* The rightmost place in @next's left subtree. */
		parent = &next->rb;
		link = &parent->rb_left;
		while (*link) {
			parent = *link;
			link = &parent->rb_right;
		}
	}
	while (*link) {
		parent = *link;
		link = start < cmr_tree_entry(parent)->start ?
		       &parent->rb_left : &parent->rb_right;
	}
	rb_link_node(&n->rb, parent, link);
	rb_insert_augmented(&n->rb, &t->root, &cmr_tree_cb);
	cmr_tree_raise(n);
	t->nr_extents++;
}

static void cmr_tree_erase(struct cmr_tree *t, struct cmr_tree_node *n)
{
	rb_erase_augmented(&n->rb, &t->root, &cmr_tree_erase_cb);
	cmr_tree_put(t, n);
	t->nr_extents--;
}

/* The free extent with the lowest end above @pos, or NULL. */
static struct cmr_tree_node *cmr_tree_lower_bound(struct cmr_tree *t,
						  unsigned long pos)
{
	struct rb_node *rb = t->root.rb_node;
	struct cmr_tree_node *n, *found = NULL;

	while (rb) {
		n = cmr_tree_entry(rb);
		if (cmr_tree_end(n) > pos) {
			found = n;
			rb = rb->rb_left;
		} else {
			rb = rb->rb_right;
		}
	}
	return found;
}

/*
 * Descend @rb's subtree towards its lowest extent with an aligned run of
 * @nr at order @k.  The maxima are upper bounds (see the top of the
 * file), so the descent can end at an extent that does not fit and has
 * nothing promising on its right: that dead end is returned too, and the
 * caller goes on with cmr_tree_next().
 */
static struct cmr_tree_node *cmr_tree_descend(struct rb_node *rb,
					      unsigned int k, u32 nr)
{
	struct cmr_tree_node *n;

	for (;;) {
		if (cmr_tree_sub(rb->rb_left, k) >= nr) {
			rb = rb->rb_left;
			continue;
		}
		n = cmr_tree_entry(rb);
		if (cmr_tree_own(n, k) >= nr ||
		    cmr_tree_sub(rb->rb_right, k) < nr)
			return n;
		rb = rb->rb_right;
	}
}

/*
 * The next candidate after @n in address order, as cmr_tree_descend()
 * returns them, or NULL.
 */
static struct cmr_tree_node *cmr_tree_next(struct cmr_tree_node *n,
					   unsigned int k, u32 nr)
{
	struct rb_node *rb = &n->rb, *parent;

	if (cmr_tree_sub(rb->rb_right, k) >= nr)
		return cmr_tree_descend(rb->rb_right, k, nr);
	/* Climb; a parent reached from its left comes next, then its right. */
	while ((parent = rb_parent(rb))) {
		if (parent->rb_left == rb) {
			n = cmr_tree_entry(parent);
			if (cmr_tree_own(n, k) >= nr)
				return n;
			if (cmr_tree_sub(parent->rb_right, k) >= nr)
				return cmr_tree_descend(parent->rb_right, k,
							nr);
		}
		rb = parent;
	}
	return NULL;
}

/* The first aligned start in @n cut to [lo, hi) holding @nr, or ULONG_MAX. */
static unsigned long cmr_tree_fit(const struct cmr_tree_node *n,
				  unsigned long lo, unsigned long hi,
				  unsigned long nr, unsigned long mask,
				  unsigned long phase)
{
	unsigned long s = max_t(unsigned long, n->start, lo);
	unsigned long e = min_t(unsigned long, cmr_tree_end(n), hi);
	unsigned long a = ((s + phase + mask) & ~mask) - phase;

	if (a < s || a > e || e - a < nr)
		return ULONG_MAX;
	return a;
}

/* Take [a, a + nr) out of the free extent @n. */
static void cmr_tree_take(struct cmr_tree *t, struct cmr_tree_node *n,
			  unsigned long a, unsigned long nr)
{
	unsigned long start = n->start, end = cmr_tree_end(n);

	if (a == start && a + nr == end) {
		cmr_tree_erase(t, n);
		return;
	}
	/*
	 * @n keeps the tail and only shrinks, so the maxima above stay upper
	 * bounds and are left as they are.  A head that an aligned start
	 * leaves becomes a node of its own: it is shorter than the alignment
	 * (but for a window), so raising the maxima for it stops early.
	 */
	if (a + nr < end) {
		n->start = a + nr;
		n->len = end - (a + nr);
		if (a > start)
			cmr_tree_insert(t, start, a - start, n);
		return;
	}
	n->len = a - start;
}

/* A request in granules, as the search sees it. */
struct cmr_tree_req {
	unsigned long nr, lo, hi, mask, phase;
	unsigned int k;
};

/*
 * The first extent from @n on in address order that holds the request,
 * with its aligned start in *@a; NULL if none.
 */
static __always_inline struct cmr_tree_node *
cmr_tree_first(struct cmr_tree_node *n, const struct cmr_tree_req *r,
	       unsigned long *a)
{
	for (; n && n->start < r->hi; n = cmr_tree_next(n, r->k, r->nr)) {
		*a = cmr_tree_fit(n, r->lo, r->hi, r->nr, r->mask, r->phase);
		if (*a != ULONG_MAX)
			return n;
		/* A dead end: tighten the maxima that led here. */
		if (cmr_tree_own(n, r->k) < r->nr)
			cmr_tree_cb_propagate(&n->rb, NULL);
	}
	return NULL;
}

/* @n's length inside the request's window. */
static unsigned long cmr_tree_run(const struct cmr_tree_node *n,
				  const struct cmr_tree_req *r)
{
	return min_t(unsigned long, cmr_tree_end(n), r->hi) -
	       max_t(unsigned long, n->start, r->lo);
}

/*
 * Place @req: among the first @tries extents that hold it, in address
 * order, the shortest (the lowest on ties), at its first aligned start.
 * One try is first fit.
 */
static __always_inline int cmr_tree_place(struct cmr_tree *t,
					  const struct cmr_extent_req *req,
					  unsigned int tries,
					  unsigned long *offset)
{
	unsigned int shift = t->order_per_bit;
	struct cmr_tree_req r = {
		.nr = req->count >> shift,
		.lo = (req->lo + (1UL << shift) - 1) >> shift,
		.hi = req->hi >> shift,
	};
	struct cmr_tree_node *n, *best;
	unsigned long a, best_a, len;

	if (req->align >> shift) {
		r.mask = (req->align >> shift) - 1;
		r.phase = req->phase >> shift;
		r.k = min_t(unsigned int, ilog2(r.mask + 1),
			    CMR_TREE_ORDERS - 1);
	}
	/* Exact for an indexed order; a bound for larger ones. */
	if (cmr_tree_sub(t->root.rb_node, r.k) < r.nr)
		return -ENOMEM;
	/* Keep a node for every free extent one more buffer can leave. */
	if (t->nr_nodes < t->live + 2 || !t->spare)
		return -ENOSPC;

	if (r.lo) {
		n = cmr_tree_lower_bound(t, r.lo);
		if (n && cmr_tree_own(n, r.k) < r.nr)
			n = cmr_tree_next(n, r.k, r.nr);
	} else {
		n = cmr_tree_descend(t->root.rb_node, r.k, r.nr);
	}
	best = cmr_tree_first(n, &r, &best_a);
	if (!best)
		return -ENOMEM;
	/* No later extent can be shorter than one the buffer fills. */
	len = cmr_tree_run(best, &r);
	for (n = best; --tries && len > r.nr; ) {
		n = cmr_tree_first(cmr_tree_next(n, r.k, r.nr), &r, &a);
		if (!n)
			break;
		if (cmr_tree_run(n, &r) < len) {
			best = n;
			best_a = a;
			len = cmr_tree_run(n, &r);
		}
	}
	cmr_tree_take(t, best, best_a, r.nr);
	t->live++;
	*offset = best_a << shift;
	return 0;
}

static int cmr_tree_alloc(void *priv, const struct cmr_extent_req *req,
			  unsigned long *offset)
{
	return cmr_tree_place(priv, req, 1, offset);
}

static int cmr_nearfit_alloc(void *priv, const struct cmr_extent_req *req,
			     unsigned long *offset)
{
	return cmr_tree_place(priv, req, CMR_NEARFIT_TRIES, offset);
}

static int cmr_tree_release(void *priv, unsigned long offset,
			    unsigned long count)
{
	struct cmr_tree *t = priv;
	unsigned long start = offset >> t->order_per_bit;
	unsigned long nr = count >> t->order_per_bit;
	struct cmr_tree_node *n, *next = NULL, *prev = NULL, *above;
	struct rb_node *rb = t->root.rb_node;

	/* The free extents around: the last below @start, the first above. */
	while (rb) {
		n = cmr_tree_entry(rb);
		if (n->start < start) {
			prev = n;
			rb = rb->rb_right;
		} else {
			next = n;
			rb = rb->rb_left;
		}
	}
	/* Refuse to free anything that is not wholly allocated. */
	if ((prev && cmr_tree_end(prev) > start) ||
	    (next && next->start < start + nr))
		return -EINVAL;
	above = next;
	if (prev && cmr_tree_end(prev) != start)
		prev = NULL;
	if (next && next->start != start + nr)
		next = NULL;
	/*
	 * Whole buffers never run out of nodes (see the top of the file);
	 * releasing a buffer piece by piece can.
	 */
	if (!prev && !next && !t->spare)
		return -ENOSPC;

	if (prev && next) {
		nr += next->len;
		cmr_tree_erase(t, next);
	}
	if (prev) {
		prev->len += nr;
		cmr_tree_raise(prev);
	} else if (next) {
		next->start = start;
		next->len += nr;
		cmr_tree_raise(next);
	} else {
		cmr_tree_insert(t, start, nr, above);
	}
	/* Releases of parts of a buffer must not take the count below 0. */
	if (t->live)
		t->live--;
	return 0;
}

/* The maxima are upper bounds: the exact largest extent takes a walk. */
static void cmr_tree_extents(void *priv, unsigned long *largest,
			     unsigned long *count)
{
	struct cmr_tree *t = priv;
	unsigned long best = 0;
	struct rb_node *rb;

	for (rb = rb_first(&t->root); rb; rb = rb_next(rb))
		best = max_t(unsigned long, best, cmr_tree_entry(rb)->len);
	*largest = best << t->order_per_bit;
	*count = t->nr_extents;
}

/* Put a chunk's nodes on the spare list (&cmr_strategy_ops.add_meta). */
static void cmr_tree_add_meta(void *priv, void *mem)
{
	struct cmr_tree *t = priv;
	struct cmr_tree_chunk *c = mem;
	unsigned long i;

	c->next = t->chunks;
	t->chunks = c;
	for (i = 0; i < CMR_TREE_CHUNK_NODES; i++) {
		c->nodes[i].aug.phase = t->phase;
		cmr_tree_put(t, &c->nodes[i]);
	}
	t->nr_nodes += CMR_TREE_CHUNK_NODES;
}

static void cmr_tree_destroy(void *priv)
{
	struct cmr_tree *t = priv;
	struct cmr_tree_chunk *c;

	while ((c = t->chunks)) {
		t->chunks = c->next;
		kfree(c);
	}
	kfree(t);
}

static int cmr_tree_init(void **priv, unsigned long base_pfn,
			 unsigned long pages, unsigned int order_per_bit)
{
	unsigned long bits = pages >> order_per_bit;
	struct cmr_tree_chunk *c;
	struct cmr_tree *t;

	/* Extents are kept in u32 granules. */
	if (bits > U32_MAX)
		return -E2BIG;
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	c = kmalloc(CMR_TREE_CHUNK_SIZE, GFP_KERNEL);
	if (!t || !c) {
		kfree(c);
		kfree(t);
		return -ENOMEM;
	}
	t->root = RB_ROOT;
	t->phase = base_pfn >> order_per_bit;
	t->order_per_bit = order_per_bit;
	cmr_tree_add_meta(t, c);
	cmr_tree_insert(t, 0, bits, NULL);
	*priv = t;
	return 0;
}

const struct cmr_strategy_ops cmr_tree_ops = {
	.name		= "tree",
	.init		= cmr_tree_init,
	.destroy	= cmr_tree_destroy,
	.alloc		= cmr_tree_alloc,
	.release	= cmr_tree_release,
	.extents	= cmr_tree_extents,
	.meta_size	= CMR_TREE_CHUNK_SIZE,
	.add_meta	= cmr_tree_add_meta,
};

const struct cmr_strategy_ops cmr_nearfit_ops = {
	.name		= "nearfit",
	.init		= cmr_tree_init,
	.destroy	= cmr_tree_destroy,
	.alloc		= cmr_nearfit_alloc,
	.release	= cmr_tree_release,
	.extents	= cmr_tree_extents,
	.meta_size	= CMR_TREE_CHUNK_SIZE,
	.add_meta	= cmr_tree_add_meta,
};
