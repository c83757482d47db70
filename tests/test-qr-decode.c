/* test-qr-decode.c: the QR code of a CCCD card read from an image with zbar:
 * a card drawn at scanner resolution (85.6 × 54 mm at 300 dpi) with its QR
 * code a little rotated and the sensor's noise on top, read as a gray image,
 * as a colour scanned page and as a PNG photo, then parsed into the card's
 * fields; and an image without a QR code, which says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <cairo.h>

#include "mc-cccd-qr.h"
#include "mc-qr.h"
#include "mc-qr-decode.h"

#define PAYLOAD "001090012345|012345678|Nguyễn Văn An|17051990|Nam|" \
                "Số 1, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội|15042021"
#define DPI 300
#define CARD_W ((int) (85.6 / 25.4 * DPI))
#define CARD_H ((int) (54.0 / 25.4 * DPI))

/* The card's face: a tinted background, a few lines of "print", and (when
 * @with_qr) the QR code, 20 mm wide, turned by @degrees; then noise. */
static cairo_surface_t *
draw_card (gboolean with_qr,
           double   degrees,
           guint32  seed)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, CARD_W, CARD_H);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *data;
  int stride;

  cairo_set_source_rgb (cr, 0.86, 0.90, 0.93);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.25, 0.25, 0.30);
  for (int i = 0; i < 6; i++)
    {
      cairo_rectangle (cr, 60, 180 + i * 60, 420 - i * 30, 18);
      cairo_fill (cr);
    }

  if (with_qr)
    {
      g_autoptr(McQr) qr = NULL;
      g_autoptr(GError) error = NULL;
      double side = 20.0 / 25.4 * DPI;

      qr = mc_qr_new (PAYLOAD, &error);
      g_assert_no_error (error);
      cairo_save (cr);
      cairo_translate (cr, CARD_W - side / 2 - 50, side / 2 + 60);
      cairo_rotate (cr, degrees * G_PI / 180);
      mc_qr_draw (qr, cr, -side / 2, -side / 2, side);
      cairo_restore (cr);
    }
  cairo_destroy (cr);

  /* Sensor noise: ±12 levels on every channel. */
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < CARD_H; y++)
    for (int x = 0; x < CARD_W; x++)
      for (int c = 0; c < 3; c++)
        {
          guint8 *p = data + (gsize) y * stride + 4 * x + c;
          int value = *p + g_rand_int_range (rand, -12, 13);

          *p = CLAMP (value, 0, 255);
        }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* RGB24 (xRGB words) to packed R G B or gray bytes. */
static guint8 *
surface_pixels (cairo_surface_t *surface,
                gboolean         gray)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint8 *out = g_malloc ((gsize) CARD_W * CARD_H * (gray ? 1 : 3));

  for (int y = 0; y < CARD_H; y++)
    for (int x = 0; x < CARD_W; x++)
      {
        guint32 px = *(const guint32 *) (data + (gsize) y * stride + 4 * x);
        guint8 r = px >> 16, g = px >> 8, b = px;

        if (gray)
          out[(gsize) y * CARD_W + x] = (r * 77 + g * 150 + b * 29) >> 8;
        else
          {
            guint8 *o = out + 3 * ((gsize) y * CARD_W + x);

            o[0] = r;
            o[1] = g;
            o[2] = b;
          }
      }
  return out;
}

static void
assert_card (const char *payload)
{
  g_autoptr(McCccdCard) card = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (payload);
  g_assert_cmpstr (payload, ==, PAYLOAD);
  card = mc_cccd_qr_parse (payload, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (card->number, ==, "001090012345");
  g_assert_cmpstr (card->full_name, ==, "Nguyễn Văn An");
  g_assert_cmpint (g_date_get_day (&card->birth_date), ==, 17);
  g_assert_cmpint (g_date_get_month (&card->birth_date), ==, 5);
  g_assert_cmpint (g_date_get_year (&card->birth_date), ==, 1990);
  g_assert_cmpint (card->sex, ==, MC_SEX_MALE);
  g_assert_cmpstr (card->address_province, ==, "Hà Nội");
}

/* Gray, at several small angles and noise seeds. */
static void
test_gray (void)
{
  const double angles[] = { 0, 2.5, -4, 7 };

  for (guint i = 0; i < G_N_ELEMENTS (angles); i++)
    {
      cairo_surface_t *surface = draw_card (TRUE, angles[i], 17 + i);
      g_autofree guint8 *gray = surface_pixels (surface, TRUE);
      g_autofree char *payload = NULL;
      g_autoptr(GError) error = NULL;

      payload = mc_qr_decode_gray (gray, CARD_W, CARD_H, CARD_W, &error);
      g_assert_no_error (error);
      assert_card (payload);
      cairo_surface_destroy (surface);
    }
}

/* A colour scan (McPage), as mc-scan hands it over. */
static void
test_page (void)
{
  g_autofree char *dir = g_dir_make_tmp ("qr-decode-XXXXXX", NULL);
  cairo_surface_t *surface = draw_card (TRUE, 3, 5);
  g_autofree guint8 *rgb = surface_pixels (surface, FALSE);
  g_autoptr(McPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;

  page = mc_page_new_from_data (dir, rgb, CARD_W, CARD_H, CARD_W * 3, DPI, MC_PAGE_COLOR, &error);
  g_assert_no_error (error);
  payload = mc_qr_decode_page (page, &error);
  g_assert_no_error (error);
  assert_card (payload);

  g_clear_object (&page);
  cairo_surface_destroy (surface);
  g_rmdir (dir);
}

/* A photo of the card on a USB stick (PNG), in a worker thread. */
static void
decoded_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GError) error = NULL;
  char **out = data;

  *out = mc_qr_decode_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("qr-decode-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "the-cccd.png", NULL);
  cairo_surface_t *surface = draw_card (TRUE, -2, 9);
  g_autofree char *payload = NULL;

  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  mc_qr_decode_async (NULL, path, dir, NULL, decoded_cb, &payload);
  while (payload == NULL)
    g_main_context_iteration (NULL, TRUE);
  assert_card (payload);

  g_unlink (path);
  g_rmdir (dir);
}

/* No QR code: NOT_FOUND, with a sentence for the citizen; a file that is no
 * picture: FAILED. */
static void
test_not_found (void)
{
  g_autofree char *dir = g_dir_make_tmp ("qr-decode-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "notes.png", NULL);
  cairo_surface_t *surface = draw_card (FALSE, 0, 3);
  g_autofree guint8 *gray = surface_pixels (surface, TRUE);
  g_autoptr(GError) error = NULL;
  char *payload;

  payload = mc_qr_decode_gray (gray, CARD_W, CARD_H, CARD_W, &error);
  g_assert_null (payload);
  g_assert_error (error, MC_QR_DECODE_ERROR, MC_QR_DECODE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);

  g_file_set_contents (path, "not a picture", -1, &error);
  g_assert_no_error (error);
  payload = mc_qr_decode_file (path, dir, &error);
  g_assert_null (payload);
  g_assert_error (error, MC_QR_DECODE_ERROR, MC_QR_DECODE_ERROR_FAILED);

  cairo_surface_destroy (surface);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/qr-decode/cccd-gray-rotated-noisy", test_gray);
  g_test_add_func ("/motcua/qr-decode/cccd-colour-page", test_page);
  g_test_add_func ("/motcua/qr-decode/cccd-photo-file", test_file);
  g_test_add_func ("/motcua/qr-decode/not-found", test_not_found);

  return g_test_run ();
}
