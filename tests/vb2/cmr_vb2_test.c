// SPDX-License-Identifier: GPL-2.0
/*
 * A virtual V4L2 capture device for "linux,cmr-vb2-test" DT nodes, whose
 * queue uses only vb2_cmr_memops: its buffers come from the cmr region of
 * the node's "memory-region".  A worker fills each queued frame with a
 * known pattern, so user space can check what it maps:
 *
 *	byte i of frame n is (n + i / 4096 + i) & 0xff
 *
 * (n the frame's sequence number, i the offset in the frame's one plane).
 * Format: YUYV, any size from 16x16 to 3840x2160 in steps of 16.  With the
 * property "linux,cmr-bounce", scattered USERPTR memory is copied through
 * buffers from the region (vb2_cmr_config.bounce) instead of refused.
 */

#include <linux/delay.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <media/v4l2-device.h>
#include <media/v4l2-ioctl.h>
#include <media/videobuf2-cmr.h>

#define VB2T_NAME	"cmr-vb2-test"
#define VB2T_MIN	16
#define VB2T_MAX_W	3840
#define VB2T_MAX_H	2160
/* A frame every 5 ms: fast enough for tests under emulation. */
#define VB2T_PERIOD_MS	5

struct vb2t_buf {
	struct vb2_v4l2_buffer vb;
	struct list_head list;
};

struct vb2t_dev {
	struct v4l2_device v4l2;
	struct video_device vdev;
	struct vb2_queue queue;
	struct mutex lock;		/* the queue and the format */
	spinlock_t qlock;		/* @queued */
	struct list_head queued;
	struct delayed_work fill;
	struct v4l2_pix_format fmt;
	unsigned int sequence;
	struct vb2_cmr_mem_ops cmr_ops;
};

static void vb2t_set_size(struct v4l2_pix_format *f, u32 w, u32 h)
{
	f->width = clamp_t(u32, ALIGN(w, 16), VB2T_MIN, VB2T_MAX_W);
	f->height = clamp_t(u32, ALIGN(h, 16), VB2T_MIN, VB2T_MAX_H);
	f->pixelformat = V4L2_PIX_FMT_YUYV;
	f->field = V4L2_FIELD_NONE;
	f->bytesperline = f->width * 2;
	f->sizeimage = f->bytesperline * f->height;
	f->colorspace = V4L2_COLORSPACE_SRGB;
	f->xfer_func = V4L2_XFER_FUNC_DEFAULT;
	f->ycbcr_enc = V4L2_YCBCR_ENC_DEFAULT;
	f->quantization = V4L2_QUANTIZATION_DEFAULT;
	f->priv = 0;
	f->flags = 0;
}

/* ---- Frames ------------------------------------------------------------ */

static void vb2t_pattern(u8 *p, size_t len, unsigned int seq)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (seq + i / 4096 + i) & 0xff;
}

static void vb2t_fill_work(struct work_struct *work)
{
	struct vb2t_dev *d = container_of(to_delayed_work(work),
					  struct vb2t_dev, fill);
	struct vb2t_buf *b;
	unsigned long flags;
	void *vaddr;

	spin_lock_irqsave(&d->qlock, flags);
	b = list_first_entry_or_null(&d->queued, struct vb2t_buf, list);
	if (b)
		list_del(&b->list);
	spin_unlock_irqrestore(&d->qlock, flags);

	if (b) {
		vaddr = vb2_plane_vaddr(&b->vb.vb2_buf, 0);
		if (vaddr)
			vb2t_pattern(vaddr, d->fmt.sizeimage, d->sequence);
		b->vb.sequence = d->sequence++;
		b->vb.field = V4L2_FIELD_NONE;
		b->vb.vb2_buf.timestamp = ktime_get_ns();
		vb2_set_plane_payload(&b->vb.vb2_buf, 0, d->fmt.sizeimage);
		vb2_buffer_done(&b->vb.vb2_buf, vaddr ? VB2_BUF_STATE_DONE :
				VB2_BUF_STATE_ERROR);
	}
	schedule_delayed_work(&d->fill, msecs_to_jiffies(VB2T_PERIOD_MS));
}

/* ---- vb2 queue ops ------------------------------------------------------ */

static int vb2t_queue_setup(struct vb2_queue *q, unsigned int *nbuffers,
			    unsigned int *nplanes, unsigned int sizes[],
			    struct device *alloc_devs[])
{
	struct vb2t_dev *d = vb2_get_drv_priv(q);

	if (*nplanes)
		return *nplanes != 1 || sizes[0] < d->fmt.sizeimage ?
		       -EINVAL : 0;
	*nplanes = 1;
	sizes[0] = d->fmt.sizeimage;
	return 0;
}

static int vb2t_buf_prepare(struct vb2_buffer *vb)
{
	struct vb2t_dev *d = vb2_get_drv_priv(vb->vb2_queue);

	if (vb2_plane_size(vb, 0) < d->fmt.sizeimage)
		return -EINVAL;
	vb2_set_plane_payload(vb, 0, d->fmt.sizeimage);
	return 0;
}

static void vb2t_buf_queue(struct vb2_buffer *vb)
{
	struct vb2t_dev *d = vb2_get_drv_priv(vb->vb2_queue);
	struct vb2_v4l2_buffer *vbuf = to_vb2_v4l2_buffer(vb);
	struct vb2t_buf *b = container_of(vbuf, struct vb2t_buf, vb);
	unsigned long flags;

	spin_lock_irqsave(&d->qlock, flags);
	list_add_tail(&b->list, &d->queued);
	spin_unlock_irqrestore(&d->qlock, flags);
}

static void vb2t_return_all(struct vb2t_dev *d, enum vb2_buffer_state state)
{
	struct vb2t_buf *b, *tmp;
	unsigned long flags;

	spin_lock_irqsave(&d->qlock, flags);
	list_for_each_entry_safe(b, tmp, &d->queued, list) {
		list_del(&b->list);
		vb2_buffer_done(&b->vb.vb2_buf, state);
	}
	spin_unlock_irqrestore(&d->qlock, flags);
}

static int vb2t_start_streaming(struct vb2_queue *q, unsigned int count)
{
	struct vb2t_dev *d = vb2_get_drv_priv(q);

	d->sequence = 0;
	schedule_delayed_work(&d->fill, 0);
	return 0;
}

static void vb2t_stop_streaming(struct vb2_queue *q)
{
	struct vb2t_dev *d = vb2_get_drv_priv(q);

	cancel_delayed_work_sync(&d->fill);
	vb2t_return_all(d, VB2_BUF_STATE_ERROR);
}

static const struct vb2_ops vb2t_qops = {
	.queue_setup		= vb2t_queue_setup,
	.buf_prepare		= vb2t_buf_prepare,
	.buf_queue		= vb2t_buf_queue,
	.start_streaming	= vb2t_start_streaming,
	.stop_streaming		= vb2t_stop_streaming,
#ifdef CMR_HAVE_VB2_WAIT_PREPARE
	/* Later kernels drop the queue's lock around a wait themselves. */
	.wait_prepare		= vb2_ops_wait_prepare,
	.wait_finish		= vb2_ops_wait_finish,
#endif
};

/* ---- V4L2 ioctls ------------------------------------------------------ */

static int vb2t_querycap(struct file *file, void *fh,
			 struct v4l2_capability *cap)
{
	strscpy(cap->driver, VB2T_NAME, sizeof(cap->driver));
	strscpy(cap->card, "cmr videobuf2 test device", sizeof(cap->card));
	return 0;
}

static int vb2t_enum_fmt(struct file *file, void *fh, struct v4l2_fmtdesc *f)
{
	if (f->index)
		return -EINVAL;
	f->pixelformat = V4L2_PIX_FMT_YUYV;
	return 0;
}

static int vb2t_g_fmt(struct file *file, void *fh, struct v4l2_format *f)
{
	struct vb2t_dev *d = video_drvdata(file);

	f->fmt.pix = d->fmt;
	return 0;
}

static int vb2t_try_fmt(struct file *file, void *fh, struct v4l2_format *f)
{
	vb2t_set_size(&f->fmt.pix, f->fmt.pix.width, f->fmt.pix.height);
	return 0;
}

static int vb2t_s_fmt(struct file *file, void *fh, struct v4l2_format *f)
{
	struct vb2t_dev *d = video_drvdata(file);

	if (vb2_is_busy(&d->queue))
		return -EBUSY;
	vb2t_try_fmt(file, fh, f);
	d->fmt = f->fmt.pix;
	return 0;
}

static int vb2t_enum_framesizes(struct file *file, void *fh,
				struct v4l2_frmsizeenum *fs)
{
	if (fs->index || fs->pixel_format != V4L2_PIX_FMT_YUYV)
		return -EINVAL;
	fs->type = V4L2_FRMSIZE_TYPE_STEPWISE;
	fs->stepwise.min_width = VB2T_MIN;
	fs->stepwise.max_width = VB2T_MAX_W;
	fs->stepwise.step_width = 16;
	fs->stepwise.min_height = VB2T_MIN;
	fs->stepwise.max_height = VB2T_MAX_H;
	fs->stepwise.step_height = 16;
	return 0;
}

static int vb2t_enum_input(struct file *file, void *fh,
			   struct v4l2_input *inp)
{
	if (inp->index)
		return -EINVAL;
	inp->type = V4L2_INPUT_TYPE_CAMERA;
	strscpy(inp->name, "pattern", sizeof(inp->name));
	return 0;
}

static int vb2t_g_input(struct file *file, void *fh, unsigned int *i)
{
	*i = 0;
	return 0;
}

static int vb2t_s_input(struct file *file, void *fh, unsigned int i)
{
	return i ? -EINVAL : 0;
}

static const struct v4l2_ioctl_ops vb2t_ioctl_ops = {
	.vidioc_querycap		= vb2t_querycap,
	.vidioc_enum_fmt_vid_cap	= vb2t_enum_fmt,
	.vidioc_g_fmt_vid_cap		= vb2t_g_fmt,
	.vidioc_try_fmt_vid_cap		= vb2t_try_fmt,
	.vidioc_s_fmt_vid_cap		= vb2t_s_fmt,
	.vidioc_enum_framesizes		= vb2t_enum_framesizes,
	.vidioc_enum_input		= vb2t_enum_input,
	.vidioc_g_input			= vb2t_g_input,
	.vidioc_s_input			= vb2t_s_input,
	.vidioc_reqbufs			= vb2_ioctl_reqbufs,
	.vidioc_create_bufs		= vb2_ioctl_create_bufs,
	.vidioc_prepare_buf		= vb2_ioctl_prepare_buf,
	.vidioc_querybuf		= vb2_ioctl_querybuf,
	.vidioc_qbuf			= vb2_ioctl_qbuf,
	.vidioc_dqbuf			= vb2_ioctl_dqbuf,
	.vidioc_expbuf			= vb2_ioctl_expbuf,
	.vidioc_streamon		= vb2_ioctl_streamon,
	.vidioc_streamoff		= vb2_ioctl_streamoff,
};

static const struct v4l2_file_operations vb2t_fops = {
	.owner		= THIS_MODULE,
	.open		= v4l2_fh_open,
	.release	= vb2_fop_release,
	.read		= vb2_fop_read,
	.poll		= vb2_fop_poll,
	.mmap		= vb2_fop_mmap,
	.unlocked_ioctl	= video_ioctl2,
};

/* ---- Platform device --------------------------------------------------- */

static void vb2t_unregister(void *data)
{
	struct vb2t_dev *d = data;

	vb2_video_unregister_device(&d->vdev);
	v4l2_device_unregister(&d->v4l2);
}

static int vb2t_probe(struct platform_device *pdev)
{
	struct vb2t_dev *d;
	struct vb2_queue *q;
	int ret;

	d = devm_kzalloc(&pdev->dev, sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	mutex_init(&d->lock);
	spin_lock_init(&d->qlock);
	INIT_LIST_HEAD(&d->queued);
	INIT_DELAYED_WORK(&d->fill, vb2t_fill_work);
	vb2t_set_size(&d->fmt, 320, 240);

	ret = v4l2_device_register(&pdev->dev, &d->v4l2);
	if (ret)
		return ret;

	q = &d->queue;
	q->type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	q->io_modes = VB2_MMAP | VB2_DMABUF | VB2_USERPTR | VB2_READ;
	q->dev = &pdev->dev;
	q->drv_priv = d;
	q->buf_struct_size = sizeof(struct vb2t_buf);
	q->ops = &vb2t_qops;
	q->mem_ops = &vb2_cmr_memops;
	/* Scattered USERPTR memory is copied through region buffers. */
	if (of_property_read_bool(pdev->dev.of_node, "linux,cmr-bounce")) {
		vb2_cmr_mem_ops_init(&d->cmr_ops,
				     &(struct vb2_cmr_config){ .bounce = true });
		q->mem_ops = &d->cmr_ops.ops;
	}
	q->timestamp_flags = V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC;
	q->lock = &d->lock;
	ret = vb2_queue_init(q);
	if (ret)
		goto unregister;

	d->vdev.v4l2_dev = &d->v4l2;
	d->vdev.fops = &vb2t_fops;
	d->vdev.ioctl_ops = &vb2t_ioctl_ops;
	d->vdev.release = video_device_release_empty;
	d->vdev.lock = &d->lock;
	d->vdev.queue = q;
	d->vdev.device_caps = V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_STREAMING |
			      V4L2_CAP_READWRITE;
	strscpy(d->vdev.name, dev_name(&pdev->dev), sizeof(d->vdev.name));
	video_set_drvdata(&d->vdev, d);
	ret = video_register_device(&d->vdev, VFL_TYPE_VIDEO, -1);
	if (ret)
		goto unregister;
	ret = devm_add_action_or_reset(&pdev->dev, vb2t_unregister, d);
	if (ret)
		return ret;
	dev_info(&pdev->dev, "%s: buffers from cmr, %ux%u YUYV%s\n",
		 video_device_node_name(&d->vdev), d->fmt.width,
		 d->fmt.height, q->mem_ops == &vb2_cmr_memops ? "" :
		 ", USERPTR bounced");
	return 0;

unregister:
	v4l2_device_unregister(&d->v4l2);
	return ret;
}

static const struct of_device_id vb2t_of_match[] = {
	{ .compatible = "linux,cmr-vb2-test" },
	{ }
};
MODULE_DEVICE_TABLE(of, vb2t_of_match);

static struct platform_driver vb2t_driver = {
	.probe		= vb2t_probe,
	.driver		= {
		.name		= VB2T_NAME,
		.of_match_table	= vb2t_of_match,
	},
};

/*
 * Registered before the kernel's own V4L2 drivers (device_initcall), so
 * that these devices are /dev/video0-2 whatever else is built in (vivid).
 */
static int __init vb2t_init(void)
{
	return platform_driver_register(&vb2t_driver);
}
fs_initcall(vb2t_init);

MODULE_DESCRIPTION("cmr videobuf2 test device");
MODULE_LICENSE("GPL");
