// SPDX-License-Identifier: GPL-2.0
/*
 * In-kernel benchmark of the DMA API hook (kernel/dma/cmr/): what
 * dma_alloc_coherent() and dma_free_coherent() of a device that is not
 * bound cost with cmr's hook idle (static key off: a no-op instruction,
 * as in a kernel without cmr) and live (key on, because another device
 * is bound: a hash lookup per call), in one boot of the bench board; and
 * what a bound device pays, for the record.  Series of each alternate,
 * so that drift hits both; the spread between the two idle series is the
 * noise the live ratio is judged against.  One "cmr_dma_bench:" line,
 * for "make bench".
 *
 * The key is turned off only while this suite runs and the device it
 * binds holds no buffer: nothing else allocates through the DMA API in a
 * KUnit boot.
 */

#include <kunit/test.h>
#include <linux/cmr-dma.h>
#include <linux/dma-mapping.h>
#include <linux/ktime.h>
#include <linux/mod_devicetable.h>
#include <linux/platform_device.h>
#include <linux/sizes.h>
#include <linux/sort.h>

#define DBENCH_CALLS	400	/* allocations per series */
#define DBENCH_SERIES	8	/* series per state, interleaved */
#define DBENCH_SIZE	SZ_64K

/* "cmr-dma-bench" is bound by tests/kbench.sh's cmr.map=; "-none" not. */
static const struct platform_device_id dbench_ids[] = {
	{ "cmr-dma-bench" }, { "cmr-dma-bench-none" }, { }
};
static struct platform_device *dbench_pdev[ARRAY_SIZE(dbench_ids) - 1];

/* cmr serves devices with a driver: this one knows nothing of cmr. */
static int dbench_probe(struct platform_device *pdev)
{
	return dma_coerce_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32));
}

static struct platform_driver dbench_driver = {
	.probe		= dbench_probe,
	.id_table	= dbench_ids,
	.driver		= {
		.name		= "cmr-dma-bench",
		.probe_type	= PROBE_FORCE_SYNCHRONOUS,
	},
};

static int dbench_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Median ns of one dma_alloc_coherent() + dma_free_coherent() of @dev. */
static u64 dbench_series(struct kunit *test, struct device *dev, u64 *t)
{
	dma_addr_t addr;
	unsigned int i;
	void *cpu;
	u64 t0;

	for (i = 0; i < DBENCH_CALLS; i++) {
		t0 = ktime_get_ns();
		cpu = dma_alloc_coherent(dev, DBENCH_SIZE, &addr, GFP_KERNEL);
		if (cpu)
			dma_free_coherent(dev, DBENCH_SIZE, cpu, addr);
		t[i] = ktime_get_ns() - t0;
		KUNIT_ASSERT_NOT_NULL(test, cpu);
	}
	sort(t, DBENCH_CALLS, sizeof(*t), dbench_cmp, NULL);
	return t[DBENCH_CALLS / 2];
}

static void dbench_set_key(bool on)
{
	if (on)
		static_branch_enable(&cmr_dma_key);
	else
		static_branch_disable(&cmr_dma_key);
}

static void bench_cmr_dma_run(struct kunit *test)
{
	struct device *bound = &dbench_pdev[0]->dev;
	struct device *unbound = &dbench_pdev[1]->dev;
	u64 off[2] = { }, on = 0, mine = 0, *t;
	unsigned int s;

	if (!cmr_dma_bound(bound))
		kunit_skip(test, "cmr-dma-bench is not bound: boot with tests/kbench.sh");
	KUNIT_ASSERT_FALSE(test, cmr_dma_bound(unbound));
	t = kunit_kmalloc_array(test, DBENCH_CALLS, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	dbench_series(test, unbound, t);	/* warm up, untimed */
	/* Idle and live take turns at going first: order costs both alike. */
	for (s = 0; s < DBENCH_SERIES; s++) {
		dbench_set_key(s & 1);
		if (s & 1)
			on += dbench_series(test, unbound, t);
		else
			off[s & 2 ? 1 : 0] += dbench_series(test, unbound, t);
		dbench_set_key(!(s & 1));
		if (s & 1)
			off[s & 2 ? 1 : 0] += dbench_series(test, unbound, t);
		else
			on += dbench_series(test, unbound, t);
		dbench_set_key(true);
		mine += dbench_series(test, bound, t);
	}
	off[0] = div_u64(off[0], DBENCH_SERIES / 2);
	off[1] = div_u64(off[1], DBENCH_SERIES / 2);
	/* Idle series in two halves (rounds 0, 1, 4, 5 and 2, 3, 6, 7). */
	on = div_u64(on, DBENCH_SERIES);
	mine = div_u64(mine, DBENCH_SERIES);
	/* Ratios in thousandths: idle over live, idle over idle. */
	kunit_info(test, "cmr_dma_bench: %u KiB unbound hook-off %llu ns hook-on %llu ns ratio %llu noise %llu; bound %llu ns\n",
		   DBENCH_SIZE / SZ_1K, (off[0] + off[1]) / 2, on,
		   div64_u64((off[0] + off[1]) * 500, on),
		   div64_u64(max(off[0], off[1]) * 1000, min(off[0], off[1])),
		   mine);
}

static int bench_cmr_dma_suite_init(struct kunit_suite *suite)
{
	unsigned int i;
	int ret = platform_driver_register(&dbench_driver);

	for (i = 0; !ret && i < ARRAY_SIZE(dbench_pdev); i++) {
		dbench_pdev[i] =
			platform_device_register_simple(dbench_ids[i].name,
							PLATFORM_DEVID_NONE,
							NULL, 0);
		ret = PTR_ERR_OR_ZERO(dbench_pdev[i]);
	}
	return ret;
}

static void bench_cmr_dma_suite_exit(struct kunit_suite *suite)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dbench_pdev); i++)
		if (!IS_ERR_OR_NULL(dbench_pdev[i]))
			platform_device_unregister(dbench_pdev[i]);
	platform_driver_unregister(&dbench_driver);
}

static struct kunit_case bench_cmr_dma_cases[] = {
	KUNIT_CASE(bench_cmr_dma_run),
	{ }
};

static struct kunit_suite bench_cmr_dma_suite = {
	.name = "bench_cmr_dma",
	.suite_init = bench_cmr_dma_suite_init,
	.suite_exit = bench_cmr_dma_suite_exit,
	.test_cases = bench_cmr_dma_cases,
};
kunit_test_suite(bench_cmr_dma_suite);
