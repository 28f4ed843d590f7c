// SPDX-License-Identifier: GPL-2.0
/*
 * cmr "tree" strategy, the default: the free extents of a zone in an
 * address-ordered red-black tree, each node augmented with the largest
 * free extent in its subtree, as mm/vmalloc.c keeps its free areas.  A
 * subtree that cannot hold the request is skipped whole, so a search
 * costs O(log free extents) whatever the zone size, and a request that
 * fits nowhere fails at the root.
 *
 * Placement is the lowest-address fit.  With an alignment, an extent
 * shorter than count + align - 1 may or may not hold an aligned start;
 * the first CMR_TREE_TIGHT_TRIES such extents are tried, after which
 * only extents that hold the request whatever their alignment are looked
 * at.  That bounds a search to O(CMR_TREE_TIGHT_TRIES * log n) at the
 * price of, rarely, not using a tight misaligned hole first fit would.
 *
 * Metadata: a zone of g granules never has more than (g + 1) / 2 free
 * extents, so that many nodes are allocated at init and kept on a free
 * list: nothing is allocated under the zone lock, nothing can run out.
 * sizeof(struct cmr_tree_node) is 40 bytes on 64-bit: 20 bytes per
 * granule, 5 KiB per MiB of zone at 4 KiB granules, where the bitmap
 * needs 32 bytes.  A larger granule divides it.
 */

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/rbtree_augmented.h>
#include <linux/slab.h>

#include "cmr.h"

/* Misaligned extents tried before insisting on a guaranteed fit. */
#define CMR_TREE_TIGHT_TRIES	4

/*
 * One free extent [start, start + len), in granules.  @max is the
 * largest @len in the subtree rooted here.  Spare nodes are chained
 * through @rb.rb_right.
 */
struct cmr_tree_node {
	struct rb_node rb;
	u32 start;
	u32 len;
	u32 max;
};

/**
 * struct cmr_tree - state of the "tree" strategy
 * @root: free extents by address
 * @spare: unused nodes, chained through rb.rb_right
 * @nodes: the node array from init
 * @nr_extents: free extents in @root
 * @bits: granules in the zone
 * @order_per_bit: a granule is 2^order_per_bit pages
 */
struct cmr_tree {
	struct rb_root root;
	struct cmr_tree_node *spare;
	struct cmr_tree_node *nodes;
	unsigned long nr_extents;
	unsigned long bits;
	unsigned int order_per_bit;
};

#define cmr_tree_entry(n)	rb_entry(n, struct cmr_tree_node, rb)

static inline u32 cmr_tree_node_len(struct cmr_tree_node *n)
{
	return n->len;
}

RB_DECLARE_CALLBACKS_MAX(static, cmr_tree_cb, struct cmr_tree_node, rb, u32,
			 max, cmr_tree_node_len)

static inline unsigned long cmr_tree_max(struct rb_node *n)
{
	return n ? cmr_tree_entry(n)->max : 0;
}

static inline unsigned long cmr_tree_end(const struct cmr_tree_node *n)
{
	return (unsigned long)n->start + n->len;
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

/* Add a free extent that touches no other one. */
static void cmr_tree_insert(struct cmr_tree *t, unsigned long start,
			    unsigned long len)
{
	struct rb_node **link = &t->root.rb_node, *parent = NULL;
	struct cmr_tree_node *n = cmr_tree_get(t), *p;

	n->start = start;
	n->len = len;
	n->max = len;
	while (*link) {
		parent = *link;
		p = cmr_tree_entry(parent);
		/* The new extent raises the maximum of every node above it. */
		if (p->max < len)
			p->max = len;
		link = start < p->start ? &parent->rb_left : &parent->rb_right;
	}
	rb_link_node(&n->rb, parent, link);
	rb_insert_augmented(&n->rb, &t->root, &cmr_tree_cb);
	t->nr_extents++;
}

static void cmr_tree_erase(struct cmr_tree *t, struct cmr_tree_node *n)
{
	rb_erase_augmented(&n->rb, &t->root, &cmr_tree_cb);
	cmr_tree_put(t, n);
	t->nr_extents--;
}

/* @n's start or length changed; fix the maxima above it. */
static void cmr_tree_update(struct cmr_tree_node *n)
{
	cmr_tree_cb_propagate(&n->rb, NULL);
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

/* The lowest extent of at least @need granules in a subtree whose maximum
 * is at least @need.
 */
static struct cmr_tree_node *cmr_tree_leftmost(struct rb_node *rb,
					       unsigned long need)
{
	struct cmr_tree_node *n;

	for (;;) {
		if (cmr_tree_max(rb->rb_left) >= need) {
			rb = rb->rb_left;
			continue;
		}
		n = cmr_tree_entry(rb);
		if (n->len >= need)
			return n;
		rb = rb->rb_right;
	}
}

/* The next extent after @n, in address order, of at least @need granules. */
static struct cmr_tree_node *cmr_tree_next(struct cmr_tree_node *n,
					   unsigned long need)
{
	struct rb_node *rb = &n->rb, *parent;

	if (cmr_tree_max(rb->rb_right) >= need)
		return cmr_tree_leftmost(rb->rb_right, need);
	/* Climb; each parent reached from its left comes next, then its
	 * right subtree.
	 */
	while ((parent = rb_parent(rb))) {
		if (parent->rb_left == rb) {
			if (cmr_tree_entry(parent)->len >= need)
				return cmr_tree_entry(parent);
			if (cmr_tree_max(parent->rb_right) >= need)
				return cmr_tree_leftmost(parent->rb_right,
							 need);
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
	unsigned long end = cmr_tree_end(n);

	if (a == n->start && a + nr == end) {
		cmr_tree_erase(t, n);
		return;
	}
	if (a == n->start) {
		n->start = a + nr;
		n->len = end - (a + nr);
		cmr_tree_update(n);
		return;
	}
	/* The maxima must be right before the insert rotates the tree. */
	n->len = a - n->start;
	cmr_tree_update(n);
	if (a + nr < end)
		cmr_tree_insert(t, a + nr, end - (a + nr));
}

static int cmr_tree_alloc(void *priv, const struct cmr_extent_req *req,
			  unsigned long *offset)
{
	struct cmr_tree *t = priv;
	unsigned int shift = t->order_per_bit;
	unsigned long nr = req->count >> shift;
	unsigned long lo = DIV_ROUND_UP(req->lo, 1UL << shift);
	unsigned long hi = req->hi >> shift;
	unsigned long mask = 0, phase = 0, need = nr, a;
	unsigned int tries = 0;
	struct cmr_tree_node *n;

	if (cmr_tree_max(t->root.rb_node) < nr)
		return -ENOMEM;
	if (req->align >> shift) {
		mask = (req->align >> shift) - 1;
		phase = req->phase >> shift;
	}
	n = cmr_tree_lower_bound(t, lo);
	if (n && n->len < need)
		n = cmr_tree_next(n, need);
	while (n && n->start < hi) {
		a = cmr_tree_fit(n, lo, hi, nr, mask, phase);
		if (a != ULONG_MAX) {
			cmr_tree_take(t, n, a, nr);
			*offset = a << shift;
			return 0;
		}
		/* From here on, only extents that fit at any alignment. */
		if (++tries == CMR_TREE_TIGHT_TRIES)
			need = nr + mask;
		n = cmr_tree_next(n, need);
	}
	return -ENOMEM;
}

static int cmr_tree_release(void *priv, unsigned long offset,
			    unsigned long count)
{
	struct cmr_tree *t = priv;
	unsigned long start = offset >> t->order_per_bit;
	unsigned long nr = count >> t->order_per_bit;
	struct cmr_tree_node *next, *prev = NULL;
	struct rb_node *rb;

	/* Refuse to free anything that is not wholly allocated. */
	next = cmr_tree_lower_bound(t, start);
	if (next && next->start < start + nr)
		return -EINVAL;
	rb = next ? rb_prev(&next->rb) : rb_last(&t->root);
	if (rb && cmr_tree_end(cmr_tree_entry(rb)) == start)
		prev = cmr_tree_entry(rb);
	if (next && next->start != start + nr)
		next = NULL;

	if (prev && next) {
		nr += next->len;
		cmr_tree_erase(t, next);
	}
	if (prev) {
		prev->len += nr;
		cmr_tree_update(prev);
	} else if (next) {
		next->start = start;
		next->len += nr;
		cmr_tree_update(next);
	} else {
		cmr_tree_insert(t, start, nr);
	}
	return 0;
}

static void cmr_tree_extents(void *priv, unsigned long *largest,
			     unsigned long *count)
{
	struct cmr_tree *t = priv;

	*largest = cmr_tree_max(t->root.rb_node) << t->order_per_bit;
	*count = t->nr_extents;
}

static int cmr_tree_init(void **priv, unsigned long pages,
			 unsigned int order_per_bit)
{
	unsigned long bits = pages >> order_per_bit, i, nr_nodes;
	struct cmr_tree *t;

	/* Extents are kept in u32 granules. */
	if (bits > U32_MAX)
		return -E2BIG;
	nr_nodes = (bits + 1) / 2;
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t->nodes = kvcalloc(nr_nodes, sizeof(*t->nodes), GFP_KERNEL);
	if (!t->nodes) {
		kfree(t);
		return -ENOMEM;
	}
	t->root = RB_ROOT;
	t->bits = bits;
	t->order_per_bit = order_per_bit;
	for (i = 0; i < nr_nodes; i++)
		cmr_tree_put(t, &t->nodes[i]);
	cmr_tree_insert(t, 0, bits);
	*priv = t;
	return 0;
}

static void cmr_tree_destroy(void *priv)
{
	struct cmr_tree *t = priv;

	kvfree(t->nodes);
	kfree(t);
}

const struct cmr_strategy_ops cmr_tree_ops = {
	.name		= "tree",
	.init		= cmr_tree_init,
	.destroy	= cmr_tree_destroy,
	.alloc		= cmr_tree_alloc,
	.release	= cmr_tree_release,
	.extents	= cmr_tree_extents,
};
