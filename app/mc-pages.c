/* mc-pages.c: pages on disk, their edits, JPEG compression, PDF assembly.
 *
 * Pages are raw packed samples in files; an edit loads one page, writes a new
 * file and forgets the pixels. JPEG goes through libjpeg(-turbo) in memory; the
 * PDF through cairo, which embeds the JPEG bytes as they are (DCTDecode) when
 * the image surface carries CAIRO_MIME_TYPE_JPEG data: the surface's own pixels
 * are never touched (calloc'd, so they cost address space, not memory).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#define G_LOG_DOMAIN "mc-pages"

#include "mc-pages.h"

#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <jpeglib.h>
#include <poppler.h>

G_DEFINE_QUARK (mc-pages-error-quark, mc_pages_error)

#define MM_PER_INCH 25.4

/* ------------------------------------------------------------ profiles */

McPageMode
mc_profile_get_mode (McProfile profile)
{
  return profile == MC_PROFILE_PHOTO ? MC_PAGE_COLOR : MC_PAGE_GRAY;
}

guint
mc_profile_get_dpi (McProfile profile)
{
  return profile == MC_PROFILE_PHOTO ? MC_PHOTO_DPI : MC_TEXT_DPI;
}

int
mc_profile_get_jpeg_quality (McProfile profile)
{
  return profile == MC_PROFILE_PHOTO ? MC_PHOTO_JPEG_QUALITY : MC_TEXT_JPEG_QUALITY;
}

void
mc_paper_get_size_mm (McPaper  paper,
                      double  *width_mm,
                      double  *height_mm)
{
  double w, h;

  switch (paper)
    {
    case MC_PAPER_A5:      w = 148.0; h = 210.0; break;
    case MC_PAPER_ID_CARD: w = 85.6;  h = 54.0;  break;
    case MC_PAPER_A4:
    default:               w = 210.0; h = 297.0; break;
    }
  if (width_mm)
    *width_mm = w;
  if (height_mm)
    *height_mm = h;
}

static int
mm_to_px (double mm,
          guint  dpi)
{
  return (int) lround (mm * dpi / MM_PER_INCH);
}

static int
channels_of (McPageMode mode)
{
  return mode == MC_PAGE_COLOR ? 3 : 1;
}

static void
set_io_error (GError     **error,
              int          saved_errno)
{
  g_set_error (error, MC_PAGES_ERROR,
               saved_errno == ENOMEM ? MC_PAGES_ERROR_NO_MEMORY : MC_PAGES_ERROR_IO,
               _("Could not save the page: %s"), g_strerror (saved_errno));
}

static void
set_no_memory (GError **error)
{
  g_set_error_literal (error, MC_PAGES_ERROR, MC_PAGES_ERROR_NO_MEMORY,
                       _("The image is too large for the memory of this kiosk."));
}

/* --------------------------------------------------------------- McPage */

struct _McPage
{
  GObject     parent_instance;
  char       *path;   /* owned file, deleted in finalize */
  int         width;
  int         height;
  guint       dpi;
  McPageMode  mode;
};

G_DEFINE_FINAL_TYPE (McPage, mc_page, G_TYPE_OBJECT)

static void
mc_page_finalize (GObject *object)
{
  McPage *self = MC_PAGE (object);

  if (self->path != NULL && g_unlink (self->path) != 0 && errno != ENOENT)
    g_debug ("could not remove a page file: %s", g_strerror (errno));
  g_free (self->path);

  G_OBJECT_CLASS (mc_page_parent_class)->finalize (object);
}

static void
mc_page_class_init (McPageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_page_finalize;
}

static void
mc_page_init (McPage *self)
{
}

McPage *
mc_page_new_take_file (const char *path,
                       int         width,
                       int         height,
                       guint       dpi,
                       McPageMode  mode)
{
  McPage *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0 && dpi > 0, NULL);

  self = g_object_new (MC_TYPE_PAGE, NULL);
  self->path = g_strdup (path);
  self->width = width;
  self->height = height;
  self->dpi = dpi;
  self->mode = mode;
  return self;
}

/* A new empty raw file in @work_dir, open for writing. */
static FILE *
create_page_file (const char  *work_dir,
                  char       **path_out,
                  GError     **error)
{
  g_autofree char *path = g_build_filename (work_dir, "page-XXXXXX.raw", NULL);
  int fd;
  FILE *f;

  if (g_mkdir_with_parents (work_dir, 0700) != 0 || (fd = g_mkstemp (path)) < 0)
    {
      set_io_error (error, errno);
      return NULL;
    }
  f = fdopen (fd, "wb");
  if (f == NULL)
    {
      int saved_errno = errno;
      close (fd);
      g_unlink (path);
      set_io_error (error, saved_errno);
      return NULL;
    }
  *path_out = g_steal_pointer (&path);
  return f;
}

static gboolean
finish_page_file (FILE        *f,
                  const char  *path,
                  GError     **error)
{
  gboolean ok = !ferror (f);
  int saved_errno = errno;

  if (fclose (f) != 0 && ok)
    {
      ok = FALSE;
      saved_errno = errno;
    }
  if (!ok)
    {
      g_unlink (path);
      set_io_error (error, saved_errno ? saved_errno : EIO);
    }
  return ok;
}

McPage *
mc_page_new_from_data (const char   *work_dir,
                       const guint8 *pixels,
                       int           width,
                       int           height,
                       int           stride,
                       guint         dpi,
                       McPageMode    mode,
                       GError      **error)
{
  g_autofree char *path = NULL;
  size_t row = (size_t) width * channels_of (mode);
  FILE *f;

  g_return_val_if_fail (work_dir != NULL && pixels != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0 && stride >= (int) row, NULL);

  f = create_page_file (work_dir, &path, error);
  if (f == NULL)
    return NULL;
  for (int y = 0; y < height; y++)
    if (fwrite (pixels + (size_t) y * stride, 1, row, f) != row)
      break;
  if (!finish_page_file (f, path, error))
    return NULL;
  return mc_page_new_take_file (path, width, height, dpi, mode);
}

const char *
mc_page_get_path (McPage *self)
{
  g_return_val_if_fail (MC_IS_PAGE (self), NULL);
  return self->path;
}

int
mc_page_get_width (McPage *self)
{
  g_return_val_if_fail (MC_IS_PAGE (self), 0);
  return self->width;
}

int
mc_page_get_height (McPage *self)
{
  g_return_val_if_fail (MC_IS_PAGE (self), 0);
  return self->height;
}

guint
mc_page_get_dpi (McPage *self)
{
  g_return_val_if_fail (MC_IS_PAGE (self), 0);
  return self->dpi;
}

McPageMode
mc_page_get_mode (McPage *self)
{
  g_return_val_if_fail (MC_IS_PAGE (self), MC_PAGE_GRAY);
  return self->mode;
}

double
mc_page_get_width_mm (McPage *self)
{
  g_return_val_if_fail (MC_IS_PAGE (self), 0);
  return self->width * MM_PER_INCH / self->dpi;
}

double
mc_page_get_height_mm (McPage *self)
{
  g_return_val_if_fail (MC_IS_PAGE (self), 0);
  return self->height * MM_PER_INCH / self->dpi;
}

GBytes *
mc_page_load (McPage  *self,
              GError **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize expected = (gsize) self->width * self->height * channels_of (self->mode);
  char *data = NULL;
  gsize len = 0;

  g_return_val_if_fail (MC_IS_PAGE (self), NULL);

  if (!g_file_get_contents (self->path, &data, &len, &local_error))
    {
      g_set_error (error, MC_PAGES_ERROR, MC_PAGES_ERROR_IO,
                   _("Could not read the page: %s"), local_error->message);
      return NULL;
    }
  if (len != expected)
    {
      g_free (data);
      g_set_error_literal (error, MC_PAGES_ERROR, MC_PAGES_ERROR_CORRUPT,
                           _("The page’s file is damaged."));
      return NULL;
    }
  return g_bytes_new_take (data, len);
}

/* ------------------------------------------------------------ resampling */

typedef struct {
  int    start;
  int    n;
  float *w;  /* n weights, summing to 1 */
} Span;

static Span *
make_spans (int in,
            int out)
{
  Span *spans = g_new0 (Span, out);
  double scale = (double) in / out;

  for (int o = 0; o < out; o++)
    {
      double a = o * scale, b = (o + 1) * scale;
      int s = (int) floor (a), e = MIN ((int) ceil (b), in);
      double sum = 0;

      if (e <= s)
        e = s + 1;
      spans[o].start = s;
      spans[o].n = e - s;
      spans[o].w = g_new (float, e - s);
      for (int i = s; i < e; i++)
        {
          double ov = MIN (b, i + 1.0) - MAX (a, (double) i);
          spans[o].w[i - s] = ov > 0 ? ov : 0;
          sum += spans[o].w[i - s];
        }
      for (int i = 0; i < e - s; i++)
        spans[o].w[i] = sum > 0 ? spans[o].w[i] / sum : 1.0f / (e - s);
    }
  return spans;
}

static void
free_spans (Span *spans,
            int   n)
{
  for (int i = 0; i < n; i++)
    g_free (spans[i].w);
  g_free (spans);
}

/* Area-average resampling of packed rows, one output row at a time.
 * @out must hold ow × oh × ch bytes. */
static void
resample (const guint8 *in,
          int           w,
          int           h,
          int           ch,
          guint8       *out,
          int           ow,
          int           oh)
{
  Span *xs = make_spans (w, ow);
  Span *ys = make_spans (h, oh);
  g_autofree float *hrow = g_new (float, (gsize) ow * ch);
  g_autofree float *acc = g_new (float, (gsize) ow * ch);

  for (int oy = 0; oy < oh; oy++)
    {
      memset (acc, 0, sizeof (float) * ow * ch);
      for (int k = 0; k < ys[oy].n; k++)
        {
          const guint8 *row = in + (gsize) (ys[oy].start + k) * w * ch;
          float wy = ys[oy].w[k];

          for (int ox = 0; ox < ow; ox++)
            for (int c = 0; c < ch; c++)
              {
                float v = 0;
                for (int j = 0; j < xs[ox].n; j++)
                  v += xs[ox].w[j] * row[(gsize) (xs[ox].start + j) * ch + c];
                hrow[ox * ch + c] = v;
              }
          for (int i = 0; i < ow * ch; i++)
            acc[i] += wy * hrow[i];
        }
      for (int i = 0; i < ow * ch; i++)
        out[(gsize) oy * ow * ch + i] = (guint8) CLAMP (lroundf (acc[i]), 0, 255);
    }

  free_spans (xs, ow);
  free_spans (ys, oh);
}

static inline guint8
luma (const guint8 *rgb)
{
  /* ITU-R BT.601, as JPEG's own gray conversion. */
  return (guint8) ((rgb[0] * 299 + rgb[1] * 587 + rgb[2] * 114 + 500) / 1000);
}

cairo_surface_t *
mc_page_create_preview (McPage  *self,
                        int      max_width,
                        int      max_height,
                        GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree guint8 *small = NULL;
  cairo_surface_t *surface;
  int ch = channels_of (self->mode);
  double scale;
  int ow, oh, stride;
  guint8 *data;

  g_return_val_if_fail (MC_IS_PAGE (self), NULL);
  g_return_val_if_fail (max_width > 0 && max_height > 0, NULL);

  bytes = mc_page_load (self, error);
  if (bytes == NULL)
    return NULL;

  scale = MIN (1.0, MIN ((double) max_width / self->width, (double) max_height / self->height));
  ow = MAX (1, (int) lround (self->width * scale));
  oh = MAX (1, (int) lround (self->height * scale));
  small = g_malloc ((gsize) ow * oh * ch);
  resample (g_bytes_get_data (bytes, NULL), self->width, self->height, ch, small, ow, oh);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, ow, oh);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      set_no_memory (error);
      return NULL;
    }
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < oh; y++)
    {
      guint32 *dst = (guint32 *) (data + (gsize) y * stride);
      const guint8 *src = small + (gsize) y * ow * ch;

      for (int x = 0; x < ow; x++)
        {
          guint8 r, g, b;
          if (ch == 1)
            r = g = b = src[x];
          else
            {
              r = src[3 * x];
              g = src[3 * x + 1];
              b = src[3 * x + 2];
            }
          dst[x] = 0xff000000u | ((guint32) r << 16) | ((guint32) g << 8) | b;
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* ----------------------------------------------------------------- edits */

McPage *
mc_page_rotate (McPage      *self,
                int          degrees,
                const char  *work_dir,
                GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree guint8 *out = NULL;
  const guint8 *in;
  int w = self->width, h = self->height, ch = channels_of (self->mode);
  int ow, oh;

  g_return_val_if_fail (MC_IS_PAGE (self), NULL);
  g_return_val_if_fail (work_dir != NULL, NULL);

  degrees = ((degrees % 360) + 360) % 360;
  g_return_val_if_fail (degrees % 90 == 0, NULL);
  if (degrees == 0)
    return g_object_ref (self);

  bytes = mc_page_load (self, error);
  if (bytes == NULL)
    return NULL;
  in = g_bytes_get_data (bytes, NULL);
  out = g_try_malloc ((gsize) w * h * ch);
  if (out == NULL)
    {
      set_no_memory (error);
      return NULL;
    }

  ow = degrees == 180 ? w : h;
  oh = degrees == 180 ? h : w;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int nx, ny;
        switch (degrees)
          {
          case 90:  nx = h - 1 - y; ny = x;         break;  /* clockwise */
          case 180: nx = w - 1 - x; ny = h - 1 - y; break;
          default:  nx = y;         ny = w - 1 - x; break;  /* 270 */
          }
        memcpy (out + ((gsize) ny * ow + nx) * ch, in + ((gsize) y * w + x) * ch, ch);
      }

  return mc_page_new_from_data (work_dir, out, ow, oh, ow * ch, self->dpi, self->mode, error);
}

McPage *
mc_page_crop (McPage       *self,
              const McRect *rect,
              const char   *work_dir,
              GError      **error)
{
  g_autoptr(GBytes) bytes = NULL;
  int ch = channels_of (self->mode);
  int x0, y0, x1, y1;

  g_return_val_if_fail (MC_IS_PAGE (self), NULL);
  g_return_val_if_fail (rect != NULL && work_dir != NULL, NULL);

  x0 = CLAMP (rect->x, 0, self->width - 1);
  y0 = CLAMP (rect->y, 0, self->height - 1);
  x1 = CLAMP (rect->x + rect->width, x0 + 1, self->width);
  y1 = CLAMP (rect->y + rect->height, y0 + 1, self->height);
  if (x0 == 0 && y0 == 0 && x1 == self->width && y1 == self->height)
    return g_object_ref (self);

  bytes = mc_page_load (self, error);
  if (bytes == NULL)
    return NULL;
  return mc_page_new_from_data (work_dir,
                                (const guint8 *) g_bytes_get_data (bytes, NULL)
                                  + ((gsize) y0 * self->width + x0) * ch,
                                x1 - x0, y1 - y0, self->width * ch,
                                self->dpi, self->mode, error);
}

McPage *
mc_page_crop_to_paper (McPage      *self,
                       McPaper      paper,
                       const char  *work_dir,
                       GError     **error)
{
  double w, h;
  McRect rect;

  g_return_val_if_fail (MC_IS_PAGE (self), NULL);

  mc_paper_get_size_mm (paper, &w, &h);
  rect = (McRect) { 0, 0, mm_to_px (w, self->dpi), mm_to_px (h, self->dpi) };
  return mc_page_crop (self, &rect, work_dir, error);
}

/* The page as gray samples (a copy for colour pages). */
static guint8 *
load_gray (McPage  *self,
           GError **error)
{
  g_autoptr(GBytes) bytes = mc_page_load (self, error);
  gsize n = (gsize) self->width * self->height;
  const guint8 *in;
  guint8 *gray;

  if (bytes == NULL)
    return NULL;
  in = g_bytes_get_data (bytes, NULL);
  gray = g_try_malloc (n);
  if (gray == NULL)
    {
      set_no_memory (error);
      return NULL;
    }
  if (self->mode == MC_PAGE_GRAY)
    memcpy (gray, in, n);
  else
    for (gsize i = 0; i < n; i++)
      gray[i] = luma (in + 3 * i);
  return gray;
}

#define DETECT_DIFF      32    /* levels (of 255) from the lid's level */
#define DETECT_FRACTION  0.02  /* of a row's or column's pixels */

gboolean
mc_page_detect_paper (McPage   *self,
                      McRect   *bounds,
                      int      *paper,
                      GError  **error)
{
  g_autofree guint8 *gray = NULL;
  g_autofree int *col_count = NULL;
  guint hist[256] = { 0 };
  guint total = 0, half = 0;
  int w = self->width, h = self->height;
  int strip_x, strip_y, lid = 0;
  int top = -1, bottom = -1, left = -1, right = -1;

  g_return_val_if_fail (MC_IS_PAGE (self), FALSE);
  g_return_val_if_fail (bounds != NULL, FALSE);

  if (paper)
    *paper = -1;
  gray = load_gray (self, error);
  if (gray == NULL)
    return FALSE;

  /* The lid: median of the right and bottom strips. */
  strip_x = MAX (4, w / 50);
  strip_y = MAX (4, h / 50);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (x >= w - strip_x || y >= h - strip_y)
        {
          hist[gray[(gsize) y * w + x]]++;
          total++;
        }
  for (lid = 0; lid < 256; lid++)
    {
      half += hist[lid];
      if (half * 2 >= total)
        break;
    }

  col_count = g_new0 (int, w);
  for (int y = 0; y < h; y++)
    {
      const guint8 *row = gray + (gsize) y * w;
      int n = 0;

      for (int x = 0; x < w; x++)
        if (ABS ((int) row[x] - lid) > DETECT_DIFF)
          {
            n++;
            col_count[x]++;
          }
      if (n > w * DETECT_FRACTION)
        {
          if (top < 0)
            top = y;
          bottom = y;
        }
    }
  for (int x = 0; x < w; x++)
    if (col_count[x] > h * DETECT_FRACTION)
      {
        if (left < 0)
          left = x;
        right = x;
      }

  if (top < 0 || left < 0)
    return FALSE;
  *bounds = (McRect) { left, top, right - left + 1, bottom - top + 1 };
  if (bounds->width >= w * 0.98 && bounds->height >= h * 0.98)
    return FALSE;

  if (paper)
    {
      double bw = bounds->width * MM_PER_INCH / self->dpi;
      double bh = bounds->height * MM_PER_INCH / self->dpi;
      double best = 0.10;

      for (int p = MC_PAPER_A4; p <= MC_PAPER_ID_CARD; p++)
        {
          double pw, ph;

          mc_paper_get_size_mm (p, &pw, &ph);
          for (int turn = 0; turn < 2; turn++)
            {
              double ew = fabs (bw - (turn ? ph : pw)) / (turn ? ph : pw);
              double eh = fabs (bh - (turn ? pw : ph)) / (turn ? pw : ph);

              if (MAX (ew, eh) <= best)
                {
                  best = MAX (ew, eh);
                  *paper = p;
                }
            }
        }
    }
  return TRUE;
}

McPage *
mc_page_normalize (McPage      *self,
                   McPageMode   mode,
                   guint        dpi,
                   const char  *work_dir,
                   GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree guint8 *conv = NULL;
  g_autofree guint8 *out = NULL;
  const guint8 *src;
  int ch = channels_of (mode);
  int w = self->width, h = self->height, ow, oh;
  guint out_dpi;

  g_return_val_if_fail (MC_IS_PAGE (self), NULL);
  g_return_val_if_fail (dpi > 0 && work_dir != NULL, NULL);

  out_dpi = MIN (dpi, self->dpi);
  if (mode == self->mode && out_dpi == self->dpi)
    return g_object_ref (self);

  bytes = mc_page_load (self, error);
  if (bytes == NULL)
    return NULL;
  src = g_bytes_get_data (bytes, NULL);

  if (mode != self->mode)
    {
      gsize n = (gsize) w * h;

      conv = g_try_malloc (n * ch);
      if (conv == NULL)
        {
          set_no_memory (error);
          return NULL;
        }
      if (mode == MC_PAGE_GRAY)
        for (gsize i = 0; i < n; i++)
          conv[i] = luma (src + 3 * i);
      else
        for (gsize i = 0; i < n; i++)
          conv[3 * i] = conv[3 * i + 1] = conv[3 * i + 2] = src[i];
      src = conv;
      g_clear_pointer (&bytes, g_bytes_unref);
    }

  if (out_dpi == self->dpi)
    return mc_page_new_from_data (work_dir, src, w, h, w * ch, out_dpi, mode, error);

  ow = MAX (1, (int) lround ((double) w * out_dpi / self->dpi));
  oh = MAX (1, (int) lround ((double) h * out_dpi / self->dpi));
  out = g_try_malloc ((gsize) ow * oh * ch);
  if (out == NULL)
    {
      set_no_memory (error);
      return NULL;
    }
  resample (src, w, h, ch, out, ow, oh);
  return mc_page_new_from_data (work_dir, out, ow, oh, ow * ch, out_dpi, mode, error);
}

/* ------------------------------------------------------------------ JPEG */

typedef struct {
  struct jpeg_error_mgr pub;
  jmp_buf               jump;
  char                  message[JMSG_LENGTH_MAX];
} JpegError;

static void
jpeg_error_exit_cb (j_common_ptr cinfo)
{
  JpegError *err = (JpegError *) cinfo->err;

  err->pub.format_message (cinfo, err->message);
  longjmp (err->jump, 1);
}

/* Warnings (a truncated file among them) are counted in num_warnings and
 * treated as errors by the decoder below; nothing goes to stderr. */
static void
jpeg_output_message_cb (j_common_ptr cinfo)
{
  JpegError *err = (JpegError *) cinfo->err;

  err->pub.format_message (cinfo, err->message);
  g_debug ("libjpeg: %s", err->message);
}

/* The contrast stretch for text pages, as a lookup table. */
static void
make_clean_lut (const guint8 *gray,
                gsize         n,
                guint8        lut[256])
{
  guint64 hist[256] = { 0 }, acc = 0;
  int lo = 0, hi = 255;

  for (gsize i = 0; i < n; i++)
    hist[gray[i]]++;
  for (int v = 0; v < 256; v++)
    {
      acc += hist[v];
      if (acc * 1000 <= n * 5)
        lo = v + 1;
      if (acc * 100 <= n * 80)
        hi = v + 1;
    }
  lo = MIN (lo, 96);
  /* Only where the page is mostly bright paper: a dark photo stays as it is. */
  if (hi < 160 || hi - lo < 64)
    {
      for (int v = 0; v < 256; v++)
        lut[v] = v;
      return;
    }
  for (int v = 0; v < 256; v++)
    lut[v] = v <= lo ? 0 : v >= hi ? 255 : (guint8) ((v - lo) * 255 / (hi - lo));
}

/* The libjpeg part of mc_page_encode_jpeg(), kept apart from anything the
 * longjmp could clobber. Returns a malloc'd buffer or NULL with @message set. */
static unsigned char *
compress_rows (const guint8  *pixels,
               int            width,
               int            height,
               int            ch,
               guint          dpi,
               int            quality,
               const guint8  *lut,
               guint8        *row_buf,
               unsigned long *len_out,
               char          *message)
{
  struct jpeg_compress_struct cinfo;
  JpegError jerr;
  unsigned char *volatile mem = NULL;
  unsigned long mem_len = 0;

  cinfo.err = jpeg_std_error (&jerr.pub);
  jerr.pub.error_exit = jpeg_error_exit_cb;
  jerr.pub.output_message = jpeg_output_message_cb;
  if (setjmp (jerr.jump))
    {
      jpeg_destroy_compress (&cinfo);
      free (mem);
      memcpy (message, jerr.message, JMSG_LENGTH_MAX);
      return NULL;
    }
  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, (unsigned char **) &mem, &mem_len);
  cinfo.image_width = width;
  cinfo.image_height = height;
  cinfo.input_components = ch;
  cinfo.in_color_space = ch == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, quality, TRUE);
  cinfo.optimize_coding = TRUE;
  /* Progressive: 8-10% smaller for the same quality on text pages (bench/scan);
   * PDF readers take it since PDF 1.3. */
  jpeg_simple_progression (&cinfo);
  cinfo.density_unit = 1;  /* dots per inch */
  cinfo.X_density = cinfo.Y_density = (UINT16) MIN (dpi, 65535);
  jpeg_start_compress (&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height)
    {
      const guint8 *src = pixels + (gsize) cinfo.next_scanline * width * ch;
      JSAMPROW row = row_buf;

      for (int i = 0; i < width * ch; i++)
        row_buf[i] = lut[src[i]];
      jpeg_write_scanlines (&cinfo, &row, 1);
    }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);
  *len_out = mem_len;
  return mem;
}

GBytes *
mc_page_encode_jpeg (McPage   *self,
                     int       quality,
                     gboolean  clean,
                     GError  **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree guint8 *row_buf = NULL;
  char message[JMSG_LENGTH_MAX] = "";
  unsigned long len = 0;
  unsigned char *mem;
  const guint8 *pixels;
  guint8 lut[256];
  GBytes *result;
  int ch;

  g_return_val_if_fail (MC_IS_PAGE (self), NULL);
  g_return_val_if_fail (quality >= 1 && quality <= 100, NULL);

  ch = channels_of (self->mode);
  bytes = mc_page_load (self, error);
  if (bytes == NULL)
    return NULL;
  pixels = g_bytes_get_data (bytes, NULL);

  for (int v = 0; v < 256; v++)
    lut[v] = v;
  if (clean && self->mode == MC_PAGE_GRAY)
    make_clean_lut (pixels, (gsize) self->width * self->height, lut);
  row_buf = g_malloc ((gsize) self->width * ch);

  mem = compress_rows (pixels, self->width, self->height, ch, self->dpi, quality,
                       lut, row_buf, &len, message);
  if (mem == NULL)
    {
      g_set_error (error, MC_PAGES_ERROR, MC_PAGES_ERROR_IO,
                   _("Could not compress the page: %s"), message);
      return NULL;
    }
  result = g_bytes_new (mem, len);
  free (mem);
  return result;
}

/* Decodes a JPEG file into a new page in its own mode (gray or RGB). */
static McPage *
import_jpeg (FILE        *f,
             const char  *work_dir,
             GError     **error)
{
  struct jpeg_decompress_struct cinfo;
  JpegError jerr;
  FILE *volatile out = NULL;
  char *volatile path = NULL;
  guint8 *volatile row = NULL;
  McPage *volatile page = NULL;
  volatile guint dpi = 0;
  volatile int ch;

  cinfo.err = jpeg_std_error (&jerr.pub);
  jerr.pub.error_exit = jpeg_error_exit_cb;
  jerr.pub.output_message = jpeg_output_message_cb;
  if (setjmp (jerr.jump))
    {
      jpeg_destroy_decompress (&cinfo);
      if (out != NULL)
        fclose (out);
      if (path != NULL)
        g_unlink (path);
      g_free (path);
      g_free (row);
      g_debug ("JPEG import failed: %s", jerr.message);
      g_set_error_literal (error, MC_PAGES_ERROR, MC_PAGES_ERROR_CORRUPT,
                           _("The image is damaged or incomplete."));
      return NULL;
    }
  jpeg_create_decompress (&cinfo);
  jpeg_stdio_src (&cinfo, f);
  jpeg_read_header (&cinfo, TRUE);

  if (cinfo.image_width > MC_PAGE_MAX_SIDE || cinfo.image_height > MC_PAGE_MAX_SIDE)
    {
      jpeg_destroy_decompress (&cinfo);
      g_set_error (error, MC_PAGES_ERROR, MC_PAGES_ERROR_TOO_LARGE,
                   _("The image is too large (more than %d pixels on a side)."),
                   MC_PAGE_MAX_SIDE);
      return NULL;
    }
  if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK)
    {
      jpeg_destroy_decompress (&cinfo);
      g_set_error_literal (error, MC_PAGES_ERROR, MC_PAGES_ERROR_UNSUPPORTED,
                           _("This kind of JPEG image (CMYK) is not supported."));
      return NULL;
    }
  cinfo.out_color_space = cinfo.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  ch = cinfo.num_components == 1 ? 1 : 3;
  if (cinfo.saw_JFIF_marker && cinfo.X_density > 1)
    {
      if (cinfo.density_unit == 1)
        dpi = cinfo.X_density;
      else if (cinfo.density_unit == 2)
        dpi = (guint) lround (cinfo.X_density * 2.54);
    }

  {
    GError *local_error = NULL;
    char *p = NULL;

    out = create_page_file (work_dir, &p, &local_error);
    path = p;
    if (out == NULL)
      {
        jpeg_destroy_decompress (&cinfo);
        g_propagate_error (error, local_error);
        return NULL;
      }
  }

  jpeg_start_decompress (&cinfo);
  row = g_malloc ((gsize) cinfo.output_width * ch);
  while (cinfo.output_scanline < cinfo.output_height)
    {
      JSAMPROW r = row;
      jpeg_read_scanlines (&cinfo, &r, 1);
      fwrite (row, 1, (gsize) cinfo.output_width * ch, out);
    }
  jpeg_finish_decompress (&cinfo);

  /* libjpeg pads a truncated file with gray and only warns: refuse that. */
  if (jerr.pub.num_warnings > 0)
    {
      g_debug ("JPEG import: %ld warnings, last: %s", jerr.pub.num_warnings, jerr.message);
      jpeg_destroy_decompress (&cinfo);
      fclose (out);
      g_unlink (path);
      g_free (path);
      g_free (row);
      g_set_error_literal (error, MC_PAGES_ERROR, MC_PAGES_ERROR_CORRUPT,
                           _("The image is damaged or incomplete."));
      return NULL;
    }

  if (finish_page_file (out, path, error))
    {
      if (dpi < 50 || dpi > 1200)
        dpi = (guint) lround (cinfo.output_width / (210.0 / MM_PER_INCH));
      page = mc_page_new_take_file (path, cinfo.output_width, cinfo.output_height,
                                    MAX (dpi, 1), ch == 1 ? MC_PAGE_GRAY : MC_PAGE_COLOR);
    }
  jpeg_destroy_decompress (&cinfo);
  g_free (path);
  g_free (row);
  return page;
}

static McPage *
import_png (const char  *path,
            const guint8 header[24],
            const char  *work_dir,
            GError     **error)
{
  cairo_surface_t *png, *rgb;
  cairo_status_t status;
  cairo_t *cr;
  guint32 w, h;
  int stride;
  const guint8 *data;
  g_autofree guint8 *pixels = NULL;
  McPage *page;

  /* Width and height from IHDR before cairo allocates anything. */
  memcpy (&w, header + 16, 4);
  memcpy (&h, header + 20, 4);
  w = GUINT32_FROM_BE (w);
  h = GUINT32_FROM_BE (h);
  if (memcmp (header + 12, "IHDR", 4) != 0 || w == 0 || h == 0)
    {
      g_set_error_literal (error, MC_PAGES_ERROR, MC_PAGES_ERROR_CORRUPT,
                           _("The image is damaged or incomplete."));
      return NULL;
    }
  if (w > MC_PAGE_MAX_SIDE || h > MC_PAGE_MAX_SIDE)
    {
      g_set_error (error, MC_PAGES_ERROR, MC_PAGES_ERROR_TOO_LARGE,
                   _("The image is too large (more than %d pixels on a side)."),
                   MC_PAGE_MAX_SIDE);
      return NULL;
    }

  png = cairo_image_surface_create_from_png (path);
  status = cairo_surface_status (png);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (png);
      g_debug ("PNG import failed: %s", cairo_status_to_string (status));
      if (status == CAIRO_STATUS_NO_MEMORY)
        set_no_memory (error);
      else
        g_set_error_literal (error, MC_PAGES_ERROR, MC_PAGES_ERROR_CORRUPT,
                             _("The image is damaged or incomplete."));
      return NULL;
    }

  /* Flatten any transparency onto white paper. */
  rgb = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cr = cairo_create (rgb);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_surface (cr, png, 0, 0);
  cairo_paint (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (png);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (rgb);
      set_no_memory (error);
      return NULL;
    }
  cairo_surface_flush (rgb);
  data = cairo_image_surface_get_data (rgb);
  stride = cairo_image_surface_get_stride (rgb);
  pixels = g_try_malloc ((gsize) w * h * 3);
  if (pixels == NULL)
    {
      cairo_surface_destroy (rgb);
      set_no_memory (error);
      return NULL;
    }
  for (guint32 y = 0; y < h; y++)
    {
      const guint32 *src = (const guint32 *) (data + (gsize) y * stride);
      guint8 *dst = pixels + (gsize) y * w * 3;

      for (guint32 x = 0; x < w; x++)
        {
          dst[3 * x] = (src[x] >> 16) & 0xff;
          dst[3 * x + 1] = (src[x] >> 8) & 0xff;
          dst[3 * x + 2] = src[x] & 0xff;
        }
    }
  cairo_surface_destroy (rgb);

  /* cairo does not read pHYs: take the image as A4 wide. */
  page = mc_page_new_from_data (work_dir, pixels, w, h, w * 3,
                                MAX (1, (guint) lround (w / (210.0 / MM_PER_INCH))),
                                MC_PAGE_COLOR, error);
  return page;
}

McPage *
mc_page_import_image (const char  *path,
                      McProfile    profile,
                      const char  *work_dir,
                      GError     **error)
{
  static const guint8 png_magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(McPage) raw = NULL;
  guint8 header[24] = { 0 };
  size_t n;
  FILE *f;

  g_return_val_if_fail (path != NULL && work_dir != NULL, NULL);

  f = g_fopen (path, "rb");
  if (f == NULL)
    {
      int saved_errno = errno;
      g_set_error (error, MC_PAGES_ERROR, MC_PAGES_ERROR_IO,
                   _("Could not open the file: %s"), g_strerror (saved_errno));
      return NULL;
    }
  n = fread (header, 1, sizeof header, f);

  if (n >= 3 && header[0] == 0xff && header[1] == 0xd8 && header[2] == 0xff)
    {
      rewind (f);
      raw = import_jpeg (f, work_dir, error);
      fclose (f);
    }
  else if (n >= 8 && memcmp (header, png_magic, 8) == 0)
    {
      fclose (f);
      if (n < sizeof header)
        {
          g_set_error_literal (error, MC_PAGES_ERROR, MC_PAGES_ERROR_CORRUPT,
                               _("The image is damaged or incomplete."));
          return NULL;
        }
      raw = import_png (path, header, work_dir, error);
    }
  else
    {
      fclose (f);
      g_set_error_literal (error, MC_PAGES_ERROR, MC_PAGES_ERROR_UNSUPPORTED,
                           _("This file is not a JPEG or PNG image."));
      return NULL;
    }

  if (raw == NULL)
    return NULL;
  return mc_page_normalize (raw, mc_profile_get_mode (profile),
                            mc_profile_get_dpi (profile), work_dir, error);
}

/* ------------------------------------------------------------------- PDF */

/* memmem(): g_strstr_len() stops at the first NUL, and PDFs are binary. */
static const char *
find_bytes (const char *data,
            gsize       len,
            const char *needle)
{
  gsize n = strlen (needle);

  for (const char *p = data; n <= len && p <= data + len - n; p++)
    {
      p = memchr (p, needle[0], data + len - n + 1 - p);
      if (p == NULL)
        return NULL;
      if (memcmp (p, needle, n) == 0)
        return p;
    }
  return NULL;
}

guint
mc_pdf_check_file (const char  *path,
                   goffset      max_bytes,
                   guint        max_pages,
                   GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  PopplerDocument *doc;
  const char *data;
  gsize len;
  int n_pages;

  g_return_val_if_fail (path != NULL, 0);

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, MC_PAGES_ERROR, MC_PAGES_ERROR_IO,
                   _("Could not open the file: %s"), local_error->message);
      return 0;
    }
  data = g_mapped_file_get_contents (mapped);
  len = g_mapped_file_get_length (mapped);

  if (len < 5 || memcmp (data, "%PDF-", 5) != 0)
    {
      g_set_error_literal (error, MC_PAGES_ERROR, MC_PAGES_ERROR_UNSUPPORTED,
                           _("This file is not a PDF document."));
      return 0;
    }
  if ((goffset) len > max_bytes)
    {
      g_autofree char *limit = g_format_size (max_bytes);
      g_set_error (error, MC_PAGES_ERROR, MC_PAGES_ERROR_TOO_LARGE,
                   _("The PDF document is larger than %s."), limit);
      return 0;
    }
  /* The trailer names an /Encrypt dictionary even when the user password is
   * empty and poppler would open the file without asking. */
  if (find_bytes (data, len, "/Encrypt") != NULL)
    {
      g_set_error_literal (error, MC_PAGES_ERROR, MC_PAGES_ERROR_ENCRYPTED,
                           _("The PDF document is encrypted or protected by a password."));
      return 0;
    }

  bytes = g_mapped_file_get_bytes (mapped);
  doc = poppler_document_new_from_bytes (bytes, NULL, &local_error);
  if (doc == NULL)
    {
      if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error_literal (error, MC_PAGES_ERROR, MC_PAGES_ERROR_ENCRYPTED,
                             _("The PDF document is encrypted or protected by a password."));
      else
        g_set_error_literal (error, MC_PAGES_ERROR, MC_PAGES_ERROR_CORRUPT,
                             _("The PDF document is damaged."));
      return 0;
    }
  n_pages = poppler_document_get_n_pages (doc);
  g_object_unref (doc);
  if (n_pages <= 0)
    {
      g_set_error_literal (error, MC_PAGES_ERROR, MC_PAGES_ERROR_EMPTY,
                           _("The PDF document has no pages."));
      return 0;
    }
  if ((guint) n_pages > max_pages)
    {
      g_set_error (error, MC_PAGES_ERROR, MC_PAGES_ERROR_TOO_LARGE,
                   ngettext ("The PDF document has more than %u page.",
                             "The PDF document has more than %u pages.", max_pages),
                   max_pages);
      return 0;
    }
  return (guint) n_pages;
}

/* ----------------------------------------------------------- McDocument */

struct _McDocument
{
  GObject    parent_instance;
  GPtrArray *pages;     /* of McPage, owned */
  char      *work_dir;
  McProfile  profile;
  char      *name;
  char      *procedure;
  char      *dossier_id;
};

static void mc_document_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (McDocument, mc_document, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      mc_document_list_model_init))

static GType
mc_document_get_item_type (GListModel *model)
{
  return MC_TYPE_PAGE;
}

static guint
mc_document_get_n_items (GListModel *model)
{
  return MC_DOCUMENT (model)->pages->len;
}

static gpointer
mc_document_get_item (GListModel *model,
                      guint       position)
{
  McDocument *self = MC_DOCUMENT (model);

  if (position >= self->pages->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->pages, position));
}

static void
mc_document_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = mc_document_get_item_type;
  iface->get_n_items = mc_document_get_n_items;
  iface->get_item = mc_document_get_item;
}

static void
mc_document_finalize (GObject *object)
{
  McDocument *self = MC_DOCUMENT (object);

  g_ptr_array_unref (self->pages);
  g_free (self->work_dir);
  g_free (self->name);
  g_free (self->procedure);
  g_free (self->dossier_id);

  G_OBJECT_CLASS (mc_document_parent_class)->finalize (object);
}

static void
mc_document_class_init (McDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_document_finalize;
}

static void
mc_document_init (McDocument *self)
{
  self->pages = g_ptr_array_new_with_free_func (g_object_unref);
}

McDocument *
mc_document_new (const char *work_dir,
                 McProfile   profile,
                 const char *name,
                 const char *procedure,
                 const char *dossier_id)
{
  McDocument *self;

  g_return_val_if_fail (work_dir != NULL, NULL);

  self = g_object_new (MC_TYPE_DOCUMENT, NULL);
  self->work_dir = g_strdup (work_dir);
  self->profile = profile;
  self->name = g_strdup (name ? name : "");
  self->procedure = g_strdup (procedure ? procedure : "");
  self->dossier_id = g_strdup (dossier_id ? dossier_id : "");
  return self;
}

McProfile
mc_document_get_profile (McDocument *self)
{
  g_return_val_if_fail (MC_IS_DOCUMENT (self), MC_PROFILE_TEXT);
  return self->profile;
}

const char *
mc_document_get_work_dir (McDocument *self)
{
  g_return_val_if_fail (MC_IS_DOCUMENT (self), NULL);
  return self->work_dir;
}

guint
mc_document_get_n_pages (McDocument *self)
{
  g_return_val_if_fail (MC_IS_DOCUMENT (self), 0);
  return self->pages->len;
}

McPage *
mc_document_get_page (McDocument *self,
                      guint       index)
{
  g_return_val_if_fail (MC_IS_DOCUMENT (self), NULL);
  if (index >= self->pages->len)
    return NULL;
  return g_ptr_array_index (self->pages, index);
}

void
mc_document_insert (McDocument *self,
                    guint       index,
                    McPage     *page)
{
  g_return_if_fail (MC_IS_DOCUMENT (self));
  g_return_if_fail (MC_IS_PAGE (page));

  index = MIN (index, self->pages->len);
  g_ptr_array_insert (self->pages, index, g_object_ref (page));
  g_list_model_items_changed (G_LIST_MODEL (self), index, 0, 1);
}

void
mc_document_append (McDocument *self,
                    McPage     *page)
{
  g_return_if_fail (MC_IS_DOCUMENT (self));
  mc_document_insert (self, self->pages->len, page);
}

void
mc_document_replace (McDocument *self,
                     guint       index,
                     McPage     *page)
{
  g_return_if_fail (MC_IS_DOCUMENT (self));
  g_return_if_fail (MC_IS_PAGE (page));
  g_return_if_fail (index < self->pages->len);

  if (g_ptr_array_index (self->pages, index) == page)
    return;
  g_object_unref (g_ptr_array_index (self->pages, index));
  g_ptr_array_index (self->pages, index) = g_object_ref (page);
  g_list_model_items_changed (G_LIST_MODEL (self), index, 1, 1);
}

void
mc_document_remove (McDocument *self,
                    guint       index)
{
  g_return_if_fail (MC_IS_DOCUMENT (self));
  g_return_if_fail (index < self->pages->len);

  g_ptr_array_remove_index (self->pages, index);
  g_list_model_items_changed (G_LIST_MODEL (self), index, 1, 0);
}

void
mc_document_move (McDocument *self,
                  guint       from,
                  guint       to)
{
  McPage *page;

  g_return_if_fail (MC_IS_DOCUMENT (self));
  g_return_if_fail (from < self->pages->len && to < self->pages->len);

  if (from == to)
    return;
  page = g_ptr_array_steal_index (self->pages, from);
  g_ptr_array_insert (self->pages, to, page);
  g_list_model_items_changed (G_LIST_MODEL (self), MIN (from, to),
                              ABS ((int) from - (int) to) + 1,
                              ABS ((int) from - (int) to) + 1);
}

void
mc_document_clear (McDocument *self)
{
  guint n;

  g_return_if_fail (MC_IS_DOCUMENT (self));

  n = self->pages->len;
  if (n == 0)
    return;
  g_ptr_array_set_size (self->pages, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
}

gboolean
mc_document_rotate_page (McDocument  *self,
                         guint        index,
                         int          degrees,
                         GError     **error)
{
  g_autoptr(McPage) page = NULL;

  g_return_val_if_fail (MC_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (index < self->pages->len, FALSE);

  page = mc_page_rotate (g_ptr_array_index (self->pages, index), degrees, self->work_dir, error);
  if (page == NULL)
    return FALSE;
  mc_document_replace (self, index, page);
  return TRUE;
}

gboolean
mc_document_crop_page (McDocument  *self,
                       guint        index,
                       McPaper      paper,
                       GError     **error)
{
  g_autoptr(McPage) page = NULL;

  g_return_val_if_fail (MC_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (index < self->pages->len, FALSE);

  page = mc_page_crop_to_paper (g_ptr_array_index (self->pages, index), paper,
                                self->work_dir, error);
  if (page == NULL)
    return FALSE;
  mc_document_replace (self, index, page);
  return TRUE;
}

gboolean
mc_document_auto_crop_page (McDocument  *self,
                            guint        index,
                            GError     **error)
{
  g_autoptr(McPage) page = NULL;
  McPage *old;
  McRect bounds;

  g_return_val_if_fail (MC_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (index < self->pages->len, FALSE);

  old = g_ptr_array_index (self->pages, index);
  if (!mc_page_detect_paper (old, &bounds, NULL, error))
    return FALSE;
  page = mc_page_crop (old, &bounds, self->work_dir, error);
  if (page == NULL)
    return FALSE;
  mc_document_replace (self, index, page);
  return TRUE;
}

/* The PDF job: a snapshot of the pages and metadata. */
typedef struct {
  GPtrArray     *pages;  /* of McPage */
  char          *path;
  char          *work_dir;
  McProfile      profile;
  char          *name;
  char          *procedure;
  char          *dossier_id;
} PdfJob;

static void
pdf_job_free (PdfJob *job)
{
  g_ptr_array_unref (job->pages);
  g_free (job->path);
  g_free (job->work_dir);
  g_free (job->name);
  g_free (job->procedure);
  g_free (job->dossier_id);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdfJob, pdf_job_free)

static PdfJob *
pdf_job_new (McDocument *self,
             const char *path)
{
  PdfJob *job = g_new0 (PdfJob, 1);

  job->pages = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->pages->len; i++)
    g_ptr_array_add (job->pages, g_object_ref (g_ptr_array_index (self->pages, i)));
  job->path = g_strdup (path);
  job->work_dir = g_strdup (self->work_dir);
  job->profile = self->profile;
  job->name = g_strdup (self->name);
  job->procedure = g_strdup (self->procedure);
  job->dossier_id = g_strdup (self->dossier_id);
  return job;
}

typedef struct {
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;   /* the first write error */
  gint64         written;
} PdfSink;

static cairo_status_t
pdf_write_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  PdfSink *sink = closure;

  if (sink->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (sink->stream, data, length, NULL,
                                  sink->cancellable, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  sink->written += length;
  return CAIRO_STATUS_SUCCESS;
}

/* One page: normalized, JPEG-encoded, drawn as an image carrying the JPEG. */
static gboolean
pdf_add_page (cairo_surface_t  *pdf,
              PdfJob           *job,
              McPage           *src,
              GError          **error)
{
  g_autoptr(McPage) page = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  cairo_surface_t *image;
  cairo_t *cr;
  cairo_status_t status;
  double scale;

  page = mc_page_normalize (src, mc_profile_get_mode (job->profile),
                            mc_profile_get_dpi (job->profile), job->work_dir, error);
  if (page == NULL)
    return FALSE;
  jpeg = mc_page_encode_jpeg (page, mc_profile_get_jpeg_quality (job->profile),
                              job->profile == MC_PROFILE_TEXT, error);
  if (jpeg == NULL)
    return FALSE;

  scale = 72.0 / page->dpi;
  cairo_pdf_surface_set_size (pdf, page->width * scale, page->height * scale);

  /* The pixels are never drawn: cairo embeds the MIME data instead. */
  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, page->width, page->height);
  status = cairo_surface_set_mime_data (image, CAIRO_MIME_TYPE_JPEG,
                                        g_bytes_get_data (jpeg, NULL),
                                        g_bytes_get_size (jpeg),
                                        (cairo_destroy_func_t) g_bytes_unref,
                                        g_bytes_ref (jpeg));
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_bytes_unref (jpeg);
      cairo_surface_destroy (image);
      set_no_memory (error);
      return FALSE;
    }

  cr = cairo_create (pdf);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  cairo_show_page (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (image);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      if (status == CAIRO_STATUS_NO_MEMORY)
        set_no_memory (error);
      else
        g_set_error (error, MC_PAGES_ERROR, MC_PAGES_ERROR_IO,
                     _("Could not write the PDF document: %s"),
                     cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static gint64
pdf_job_run (PdfJob        *job,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *tmp_path = g_strconcat (job->path, ".part", NULL);
  g_autoptr(GFile) tmp = g_file_new_for_path (tmp_path);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *keywords = NULL;
  g_autofree char *creator = NULL;
  cairo_surface_t *pdf;
  cairo_status_t status;
  PdfSink sink = { 0 };
  gboolean ok = TRUE;

  if (job->pages->len == 0)
    {
      g_set_error_literal (error, MC_PAGES_ERROR, MC_PAGES_ERROR_EMPTY,
                           _("The document has no pages."));
      return -1;
    }

  stream = g_file_replace (tmp, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, MC_PAGES_ERROR, MC_PAGES_ERROR_IO,
                   _("Could not write the PDF document: %s"), local_error->message);
      return -1;
    }
  sink.stream = G_OUTPUT_STREAM (stream);
  sink.cancellable = cancellable;

  pdf = cairo_pdf_surface_create_for_stream (pdf_write_cb, &sink, 595.0, 842.0);
  cairo_pdf_surface_set_metadata (pdf, CAIRO_PDF_METADATA_TITLE, job->name);
  cairo_pdf_surface_set_metadata (pdf, CAIRO_PDF_METADATA_SUBJECT, job->procedure);
  keywords = g_strdup_printf ("dossier:%s", job->dossier_id);
  cairo_pdf_surface_set_metadata (pdf, CAIRO_PDF_METADATA_KEYWORDS, keywords);
  creator = g_strdup_printf ("motcua-kiosk %s (dossier %s)", PACKAGE_VERSION, job->dossier_id);
  cairo_pdf_surface_set_metadata (pdf, CAIRO_PDF_METADATA_CREATOR, creator);

  for (guint i = 0; ok && i < job->pages->len; i++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_set_error_literal (error, MC_PAGES_ERROR, MC_PAGES_ERROR_CANCELLED,
                               _("Making the PDF document was cancelled."));
          ok = FALSE;
          break;
        }
      ok = pdf_add_page (pdf, job, g_ptr_array_index (job->pages, i), error);
    }

  cairo_surface_finish (pdf);
  status = cairo_surface_status (pdf);
  cairo_surface_destroy (pdf);
  if (ok && (status != CAIRO_STATUS_SUCCESS || sink.error != NULL))
    {
      ok = FALSE;
      g_set_error (error, MC_PAGES_ERROR, MC_PAGES_ERROR_IO,
                   _("Could not write the PDF document: %s"),
                   sink.error ? sink.error->message : cairo_status_to_string (status));
    }
  g_clear_error (&sink.error);

  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &local_error) && ok)
    {
      ok = FALSE;
      g_set_error (error, MC_PAGES_ERROR, MC_PAGES_ERROR_IO,
                   _("Could not write the PDF document: %s"), local_error->message);
    }
  if (ok && g_rename (tmp_path, job->path) != 0)
    {
      int saved_errno = errno;
      ok = FALSE;
      g_set_error (error, MC_PAGES_ERROR, MC_PAGES_ERROR_IO,
                   _("Could not write the PDF document: %s"), g_strerror (saved_errno));
    }
  if (!ok)
    {
      g_unlink (tmp_path);
      return -1;
    }
  g_debug ("PDF written: %u pages, %" G_GINT64_FORMAT " bytes", job->pages->len, sink.written);
  return sink.written;
}

static void
write_pdf_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  gint64 size = pdf_job_run (task_data, cancellable, &error);

  if (size < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, size);
}

void
mc_document_write_pdf_async (McDocument          *self,
                             const char          *path,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MC_IS_DOCUMENT (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_document_write_pdf_async);
  g_task_set_task_data (task, pdf_job_new (self, path), (GDestroyNotify) pdf_job_free);
  g_task_run_in_thread (task, write_pdf_thread);
}

gint64
mc_document_write_pdf_finish (McDocument    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_document_write_pdf_async, -1);

  return g_task_propagate_int (G_TASK (result), error);
}

gint64
mc_document_write_pdf (McDocument    *self,
                       const char    *path,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(PdfJob) job = NULL;

  g_return_val_if_fail (MC_IS_DOCUMENT (self), -1);
  g_return_val_if_fail (path != NULL, -1);

  job = pdf_job_new (self, path);
  return pdf_job_run (job, cancellable, error);
}
