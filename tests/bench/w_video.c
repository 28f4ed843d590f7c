// SPDX-License-Identifier: GPL-2.0
/*
 * W1, video: a codec's buffers in a 256 MiB zone.
 *
 *  - a pool of 8 NV12 frames, 64 KiB aligned, that changes resolution
 *    (1080p, 4K, 1080p, ...) every 2,000 operations: the whole pool is
 *    released, then the new one allocated;
 *  - bitstream buffers of 1-2 MiB (2 to 8 held) and metadata buffers of
 *    4-64 KiB (8 to 48 held), allocated and released at random;
 *  - a firmware buffer of 8-16 MiB, 1 MiB aligned, allocated every 1,000
 *    operations and held for 300.
 *
 * Every allocation and release is one measured operation.
 */
#include "bench.h"

#define W1_FRAMES	8
#define W1_1080P	760	/* 1920 x 1080 x 1.5 bytes, in pages */
#define W1_4K		3038	/* 3840 x 2160 x 1.5 bytes, in pages */
#define W1_FRAME_ALIGN	4	/* 64 KiB */
#define W1_SWITCH	2000
#define W1_FW_EVERY	1000
#define W1_FW_FIRST	500
#define W1_FW_HOLD	300
#define W1_FW_ALIGN	8	/* 1 MiB */
#define W1_SAMPLE	1000

/* Keep between @lo and @hi buffers of @min..@max pages in @b. */
static void w1_churn(struct bench_run *r, struct bench_rng *rng,
		     struct bench_bufs *b, size_t lo, size_t hi,
		     unsigned long min, unsigned long max)
{
	unsigned long count, pfn;

	if (b->n < lo || (b->n < hi && bench_rng_below(rng, 2))) {
		count = bench_rng_range(rng, min, max);
		if (!bench_alloc(r, count, 0, &pfn))
			bench_bufs_push(b, pfn, count);
	} else {
		struct bench_buf buf = bench_bufs_take(b,
					bench_rng_below(rng, b->n));

		bench_release(r, buf.pfn, buf.count);
	}
}

void bench_w1_video(struct bench_run *r, const struct bench_config *c,
		    const struct bench_params *p, struct bench_rng *rng)
{
	struct bench_bufs frames = { }, bits = { }, meta = { };
	struct bench_buf fw = { };
	unsigned long frame = W1_4K, op = 0, pfn, count;
	unsigned long next_switch = 0, next_fw = W1_FW_FIRST, fw_end = 0;
	unsigned long next_sample = W1_SAMPLE;
	unsigned int i;

	r->measure = true;
	while (op < p->ops) {
		if (op >= next_sample) {
			bench_frag_sample(r);
			next_sample += W1_SAMPLE;
		}
		if (op >= next_switch) {
			op += frames.n;
			bench_bufs_release_all(r, &frames);
			frame = frame == W1_4K ? W1_1080P : W1_4K;
			for (i = 0; i < W1_FRAMES; i++, op++)
				if (!bench_alloc(r, frame, W1_FRAME_ALIGN,
						 &pfn))
					bench_bufs_push(&frames, pfn, frame);
			next_switch += W1_SWITCH;
		} else if (!fw.count && op >= next_fw) {
			count = bench_rng_range(rng, 2048, 4096);
			if (!bench_alloc(r, count, W1_FW_ALIGN, &pfn))
				fw = (struct bench_buf) { pfn, count };
			fw_end = op + W1_FW_HOLD;
			next_fw += W1_FW_EVERY;
			op++;
		} else if (fw.count && op >= fw_end) {
			bench_release(r, fw.pfn, fw.count);
			fw.count = 0;
			op++;
		} else if (bench_rng_below(rng, 2)) {
			w1_churn(r, rng, &bits, 2, 8, 256, 512);
			op++;
		} else {
			w1_churn(r, rng, &meta, 8, 48, 1, 16);
			op++;
		}
	}
	bench_bufs_free(&frames);
	bench_bufs_free(&bits);
	bench_bufs_free(&meta);
}
