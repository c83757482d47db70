/* test-qr.c: QR codes, checked by decoding them with zbarimg.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "mc-qr.h"

/* zbarimg is a build dependency (.ci/install-deps): a missing one fails the test,
 * unless MOTCUA_ALLOW_SKIP is set. */
static char *
find_zbarimg (void)
{
  char *path = g_find_program_in_path ("zbarimg");

  if (path == NULL)
    {
      if (g_getenv ("MOTCUA_ALLOW_SKIP") != NULL)
        g_test_skip ("zbarimg (zbar-tools) is not installed");
      else
        g_test_fail_printf ("zbarimg (zbar-tools) is not installed; set MOTCUA_ALLOW_SKIP "
                            "to skip this test");
    }
  return path;
}

static char *
decode_png (const char *zbarimg,
            const char *png)
{
  const char *argv[] = { zbarimg, "--raw", "-q", png, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  /* Output captured: nothing from zbarimg reaches the TAP stream. */
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("zbarimg failed on %s: %s (%s)", png, error->message, err);

  /* --raw ends each symbol with a newline. */
  g_assert_true (g_str_has_suffix (out, "\n"));
  out[strlen (out) - 1] = '\0';
  return g_steal_pointer (&out);
}

static void
test_roundtrip (void)
{
  static const char *texts[] = {
    "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma_ho_so=G01.99-261123-000042",
    "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html"
      "?ma_thu_tuc=1.001193",
    "Hồ sơ của Nguyễn Văn An: đăng ký khai sinh, Ủy ban nhân dân xã Tân Phú",
    "https://example.gov.vn/tra-cứu?q=Hồ%20sơ&ten=Đặng Thị Ư",
    "MixedCase abc ABC 0123456789",
  };
  g_autofree char *zbarimg = find_zbarimg ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  if (zbarimg == NULL)
    return;

  dir = g_dir_make_tmp ("motcua-qr-XXXXXX", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *name = g_strdup_printf ("qr-%u.png", i);
      g_autofree char *png = g_build_filename (dir, name, NULL);
      g_autoptr(McQr) qr = mc_qr_new (texts[i], &error);
      g_autofree char *decoded = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (qr);
      g_assert_cmpint (mc_qr_get_size (qr), >=, 21);
      g_assert_cmpint ((mc_qr_get_size (qr) - 17) % 4, ==, 0);

      g_assert_true (mc_qr_write_png (qr, png, i % 2 == 0 ? 4 : 3, &error));
      g_assert_no_error (error);
      decoded = decode_png (zbarimg, png);
      g_assert_cmpstr (decoded, ==, texts[i]);
      g_assert_no_errno (g_remove (png));
    }

  g_assert_no_errno (g_rmdir (dir));
}

static void
test_modules (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McQr) qr = mc_qr_new ("1", &error);
  int n;

  g_assert_no_error (error);
  n = mc_qr_get_size (qr);
  g_assert_cmpint (n, ==, 21);  /* version 1 */

  /* The three finder patterns: dark 7x7 ring, light ring, dark 3x3 centre. */
  for (int i = 0; i < 7; i++)
    {
      g_assert_true (mc_qr_is_dark (qr, i, 0));
      g_assert_true (mc_qr_is_dark (qr, 0, i));
      g_assert_true (mc_qr_is_dark (qr, n - 1 - i, 0));
      g_assert_true (mc_qr_is_dark (qr, i, n - 1));
    }
  g_assert_false (mc_qr_is_dark (qr, 1, 1));
  g_assert_true (mc_qr_is_dark (qr, 3, 3));
  g_assert_false (mc_qr_is_dark (qr, 7, 7));
  g_assert_true (mc_qr_is_dark (qr, n - 4, 3));
  g_assert_true (mc_qr_is_dark (qr, 3, n - 4));
  /* Outside the symbol: the light quiet zone. */
  g_assert_false (mc_qr_is_dark (qr, -1, 0));
  g_assert_false (mc_qr_is_dark (qr, 0, n));
  g_assert_false (mc_qr_is_dark (qr, n, n));
}

static guint32
pixel (cairo_surface_t *surface,
       int              x,
       int              y)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  return *(const guint32 *) (const void *) (data + y * stride + 4 * x) & 0xffffff;
}

/* Draws into a canvas of @canvas pixels, the square at (@x, @y, @side), and checks
 * every pixel: red outside the square, white in it except exactly the dark
 * modules, each @module_px whole pixels, with the symbol at @origin. */
static void
check_drawing (McQr *qr,
               int   canvas,
               int   x,
               int   y,
               int   side,
               int   module_px,
               int   origin_x,
               int   origin_y)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, canvas, canvas);
  cairo_t *cr = cairo_create (surface);
  int n = mc_qr_get_size (qr);
  guint white = 0, black = 0;

  cairo_set_source_rgb (cr, 1, 0, 0);
  cairo_paint (cr);
  mc_qr_draw (qr, cr, x, y, side);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  for (int py = 0; py < canvas; py++)
    for (int px = 0; px < canvas; px++)
      {
        guint32 p = pixel (surface, px, py);
        guint32 expected;

        if (px < x || py < y || px >= x + side || py >= y + side)
          {
            expected = 0xff0000;
          }
        else
          {
            int mx = px - origin_x >= 0 ? (px - origin_x) / module_px : -1;
            int my = py - origin_y >= 0 ? (py - origin_y) / module_px : -1;

            expected = mc_qr_is_dark (qr, mx, my) ? 0x000000 : 0xffffff;
            if (expected == 0)
              black++;
            else
              white++;
          }

        if (p != expected)
          g_error ("pixel (%d, %d) is %06x, expected %06x", px, py, p, expected);
      }

  /* The quiet zone: 4 light modules around the symbol, inside the square. */
  g_assert_cmpint (origin_x - 4 * module_px, >=, x);
  g_assert_cmpint (origin_y - 4 * module_px, >=, y);
  g_assert_cmpint (origin_x + (n + 4) * module_px, <=, x + side);
  g_assert_cmpint (origin_y + (n + 4) * module_px, <=, y + side);
  g_assert_cmpuint (black, >, 0);
  g_assert_cmpuint (white, >, black / 4);

  cairo_surface_destroy (surface);
}

static void
test_draw (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McQr) qr = mc_qr_new ("https://dichvucong.gov.vn/", &error);
  int n;

  g_assert_no_error (error);
  n = mc_qr_get_size (qr);
  g_assert_cmpint (n, ==, 25);  /* version 2: 25 + 8 = 33 modules with the quiet zone */

  /* 100 px: 3 px a module (99 px), centred: 0 px left over on the left. */
  check_drawing (qr, 100, 0, 0, 100, 3, 0 + 4 * 3, 0 + 4 * 3);
  /* 140 px square at (10, 20) in a 200 px canvas: 4 px a module (132 px), 8 px
   * left over, 4 on each side. */
  check_drawing (qr, 200, 10, 20, 140, 4, 10 + 4 + 4 * 4, 20 + 4 + 4 * 4);
  /* 66 px: exactly 2 px a module. */
  check_drawing (qr, 80, 7, 7, 66, 2, 7 + 4 * 2, 7 + 4 * 2);
}

static void
test_write_png_size (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McQr) qr = mc_qr_new ("1.001193", &error);
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "qr.png", NULL);
  cairo_surface_t *png;

  g_assert_no_error (error);
  g_assert_no_errno (g_mkdir_with_parents (g_get_user_cache_dir (), 0700));
  g_assert_true (mc_qr_write_png (qr, path, 5, &error));
  g_assert_no_error (error);

  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, (mc_qr_get_size (qr) + 8) * 5);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, (mc_qr_get_size (qr) + 8) * 5);
  cairo_surface_destroy (png);
}

static void
test_write_png_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McQr) qr = mc_qr_new ("1", &error);
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "no", "such", "dir",
                                            "qr.png", NULL);

  g_assert_no_error (error);
  g_assert_false (mc_qr_write_png (qr, path, 2, &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_encode_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) huge = g_string_new (NULL);
  McQr *qr;

  qr = mc_qr_new ("", &error);
  g_assert_null (qr);
  g_assert_error (error, MC_QR_ERROR, MC_QR_ERROR_ENCODE);
  g_clear_error (&error);

  /* Version 40-M holds 2331 bytes. */
  while (huge->len < 3000)
    g_string_append (huge, "Hồ sơ ");
  qr = mc_qr_new (huge->str, &error);
  g_assert_null (qr);
  g_assert_error (error, MC_QR_ERROR, MC_QR_ERROR_ENCODE);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/qr/roundtrip-zbarimg", test_roundtrip);
  g_test_add_func ("/motcua/qr/modules", test_modules);
  g_test_add_func ("/motcua/qr/draw", test_draw);
  g_test_add_func ("/motcua/qr/write-png-size", test_write_png_size);
  g_test_add_func ("/motcua/qr/write-png-error", test_write_png_error);
  g_test_add_func ("/motcua/qr/encode-errors", test_encode_errors);

  return g_test_run ();
}
