/* mc-qr-decode.c: QR codes read from images with libzbar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "mc-qr-decode"

#include <string.h>
#include <glib/gi18n.h>
#include <zbar.h>

#include "mc-qr-decode.h"

G_DEFINE_QUARK (mc-qr-decode-error-quark, mc_qr_decode_error)

/* The first QR code in a packed 8-bit gray image, or NULL. */
static char *
scan_y800 (const guint8 *pixels,
           int           width,
           int           height)
{
  zbar_image_scanner_t *scanner = zbar_image_scanner_create ();
  zbar_image_t *image = zbar_image_create ();
  const zbar_symbol_t *symbol;
  char *text = NULL;

  zbar_image_scanner_set_config (scanner, 0, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config (scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  /* The bytes as encoded: zbar would otherwise guess a legacy charset. */
  zbar_image_scanner_set_config (scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);

  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, width, height);
  zbar_image_set_data (image, pixels, (unsigned long) width * height, NULL);

  if (zbar_scan_image (scanner, image) > 0)
    for (symbol = zbar_image_first_symbol (image); symbol != NULL && text == NULL;
         symbol = zbar_symbol_next (symbol))
      if (zbar_symbol_get_type (symbol) == ZBAR_QRCODE)
        text = g_strndup (zbar_symbol_get_data (symbol), zbar_symbol_get_data_length (symbol));

  zbar_image_destroy (image);
  zbar_image_scanner_destroy (scanner);
  return text;
}

/* Half the size, 2×2 averages. */
static guint8 *
half_size (const guint8 *pixels,
           int           width,
           int           height,
           int          *out_width,
           int          *out_height)
{
  int w = width / 2, h = height / 2;
  guint8 *out = g_malloc ((gsize) w * h);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *p = pixels + (gsize) 2 * y * width + 2 * x;

        out[(gsize) y * w + x] = (p[0] + p[1] + p[width] + p[width + 1] + 2) / 4;
      }
  *out_width = w;
  *out_height = h;
  return out;
}

/* Black and white around the mean of the darkest and lightest 5%: a faint or
 * tinted print becomes a clean one. */
static guint8 *
threshold (const guint8 *pixels,
           int           width,
           int           height)
{
  gsize n = (gsize) width * height;
  gsize histogram[256] = { 0 };
  gsize count = 0;
  int low = 0, high = 255, level;
  guint8 *out = g_malloc (n);

  for (gsize i = 0; i < n; i++)
    histogram[pixels[i]]++;
  for (low = 0; low < 255 && (count += histogram[low]) < n / 20; low++)
    ;
  count = 0;
  for (high = 255; high > 0 && (count += histogram[high]) < n / 20; high--)
    ;
  level = (low + high) / 2;
  for (gsize i = 0; i < n; i++)
    out[i] = pixels[i] < level ? 0 : 255;
  return out;
}

char *
mc_qr_decode_gray (const guint8  *pixels,
                   int            width,
                   int            height,
                   int            stride,
                   GError       **error)
{
  g_autofree guint8 *packed = NULL;
  g_autofree guint8 *half = NULL;
  g_autofree guint8 *binary = NULL;
  const guint8 *data = pixels;
  char *text;
  int half_width, half_height;

  g_return_val_if_fail (pixels != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0 && stride >= width, NULL);

  if (stride != width)
    {
      packed = g_malloc ((gsize) width * height);
      for (int y = 0; y < height; y++)
        memcpy (packed + (gsize) y * width, pixels + (gsize) y * stride, width);
      data = packed;
    }

  text = scan_y800 (data, width, height);
  if (text == NULL && width >= 64 && height >= 64)
    {
      half = half_size (data, width, height, &half_width, &half_height);
      text = scan_y800 (half, half_width, half_height);
    }
  if (text == NULL)
    {
      binary = threshold (data, width, height);
      text = scan_y800 (binary, width, height);
    }

  if (text == NULL)
    {
      g_set_error_literal (error, MC_QR_DECODE_ERROR, MC_QR_DECODE_ERROR_NOT_FOUND,
                           _("No QR code could be read. Please make sure the whole QR code of the "
                             "card is visible and sharp, and try again."));
      return NULL;
    }
  g_debug ("Read a QR code of %u bytes", (guint) strlen (text));
  return text;
}

char *
mc_qr_decode_page (McPage  *page,
                   GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree guint8 *gray = NULL;
  g_autoptr(GError) local_error = NULL;
  const guint8 *data;
  int width, height;

  g_return_val_if_fail (MC_IS_PAGE (page), NULL);

  bytes = mc_page_load (page, &local_error);
  if (bytes == NULL)
    {
      g_debug ("Cannot load a page to read its QR code: %s", local_error->message);
      g_set_error_literal (error, MC_QR_DECODE_ERROR, MC_QR_DECODE_ERROR_FAILED,
                           _("The image could not be read. Please try again."));
      return NULL;
    }
  width = mc_page_get_width (page);
  height = mc_page_get_height (page);
  data = g_bytes_get_data (bytes, NULL);
  if (mc_page_get_mode (page) == MC_PAGE_COLOR)
    {
      gsize n = (gsize) width * height;

      gray = g_malloc (n);
      for (gsize i = 0; i < n; i++)
        gray[i] = (data[3 * i] * 77 + data[3 * i + 1] * 150 + data[3 * i + 2] * 29) >> 8;
      data = gray;
    }
  return mc_qr_decode_gray (data, width, height, width, error);
}

char *
mc_qr_decode_file (const char  *path,
                   const char  *work_dir,
                   GError     **error)
{
  g_autoptr(McPage) page = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (work_dir != NULL, NULL);

  /* The photo profile: colour at 300 dpi keeps a card's QR code sharp. */
  page = mc_page_import_image (path, MC_PROFILE_PHOTO, work_dir, &local_error);
  if (page == NULL)
    {
      g_debug ("Cannot import an image to read its QR code: %s", local_error->message);
      g_set_error_literal (error, MC_QR_DECODE_ERROR, MC_QR_DECODE_ERROR_FAILED,
                           _("This file could not be read as a picture. Please choose a "
                             "JPEG or PNG photo of the card."));
      return NULL;
    }
  return mc_qr_decode_page (page, error);
}

typedef struct {
  McPage *page;   /* nullable */
  char   *path;   /* nullable */
  char   *work_dir;
} DecodeData;

static void
decode_data_free (DecodeData *data)
{
  g_clear_object (&data->page);
  g_free (data->path);
  g_free (data->work_dir);
  g_free (data);
}

static void
decode_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DecodeData *data = task_data;
  GError *error = NULL;
  char *text;

  if (data->page != NULL)
    text = mc_qr_decode_page (data->page, &error);
  else
    text = mc_qr_decode_file (data->path, data->work_dir, &error);
  if (text != NULL)
    g_task_return_pointer (task, text, g_free);
  else
    g_task_return_error (task, error);
}

void
mc_qr_decode_async (McPage              *page,
                    const char          *path,
                    const char          *work_dir,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  DecodeData *data;

  g_return_if_fail ((page != NULL) != (path != NULL));
  g_return_if_fail (path == NULL || work_dir != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_qr_decode_async);
  data = g_new0 (DecodeData, 1);
  data->page = page != NULL ? g_object_ref (page) : NULL;
  data->path = g_strdup (path);
  data->work_dir = g_strdup (work_dir);
  g_task_set_task_data (task, data, (GDestroyNotify) decode_data_free);
  g_task_run_in_thread (task, decode_thread);
}

char *
mc_qr_decode_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_qr_decode_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
