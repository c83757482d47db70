/* test-chart.c: the bar chart, rendered to a PNG and read back pixel by pixel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo.h>

#include "mc-chart.h"

#define W 640
#define H 320

/* The pixel at (@x, @y) of @surface as 0xRRGGBB (opaque surfaces only). */
static guint32
pixel (cairo_surface_t *surface,
       int              x,
       int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  cairo_surface_flush (surface);
  return *(const guint32 *) (data + y * stride + x * 4) & 0xffffff;
}

static guint32
rgb (const double *c)
{
  return ((guint32) (c[0] * 255 + 0.5) << 16) | ((guint32) (c[1] * 255 + 0.5) << 8) |
         (guint32) (c[2] * 255 + 0.5);
}

static cairo_surface_t *
render_png (const char         *name,
            const char         *title,
            const char * const *labels,
            const double       *values,
            guint               n)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, W, H);
  cairo_surface_t *back;
  cairo_t *cr = cairo_create (surface);

  mc_chart_draw_bars (cr, W, H, title, labels, values, n, NULL);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);

  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  /* What the PNG holds, not what we drew in memory. */
  back = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (back), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (back), ==, W);
  return back;
}

static void
test_bars (void)
{
  const double values[] = { 4, 0, 2, 8, 1 };
  const char *const labels[] = { "23/11", "24/11", "25/11", "26/11", "27/11" };
  McChartStyle style;
  cairo_surface_t *png;
  guint32 bar, background;

  mc_chart_style_init_default (&style);
  bar = rgb (style.bar);
  background = rgb (style.background);

  png = render_png ("chart-bars.png", "Hồ sơ theo ngày", labels, values, G_N_ELEMENTS (values));

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      double x, y, w, h;
      int cx;

      mc_chart_bar_rect (W, H, TRUE, values, G_N_ELEMENTS (values), i, &style, &x, &y, &w, &h);
      cx = (int) (x + w / 2);

      if (values[i] > 0)
        {
          /* Inside the bar: bar colour. */
          g_assert_cmphex (pixel (png, cx, (int) (y + h / 2)), ==, bar);
          g_assert_cmphex (pixel (png, (int) x + 2, (int) (y + h) - 2), ==, bar);
        }
      /* Between bars, and in the empty column of the zero bar: background. */
      g_assert_cmphex (pixel (png, (int) x - 2, (int) (y + h) - 2), ==, background);
    }

  /* Heights proportional: the bar of 8 is twice the bar of 4, and it is the
   * tallest, so the pixel just above the bar of 4 is background while the bar
   * of 8 is bar colour at that height. */
  {
    double x4, y4, w4, h4, x8, y8, w8, h8;

    mc_chart_bar_rect (W, H, TRUE, values, 5, 0, &style, &x4, &y4, &w4, &h4);
    mc_chart_bar_rect (W, H, TRUE, values, 5, 3, &style, &x8, &y8, &w8, &h8);
    g_assert_cmpfloat_with_epsilon (h8, 2 * h4, 1e-6);
    g_assert_cmphex (pixel (png, (int) (x4 + w4 / 2), (int) y4 - 3 - 14), ==, background);
    g_assert_cmphex (pixel (png, (int) (x8 + w8 / 2), (int) y4 - 3 - 14), ==, bar);
  }

  cairo_surface_destroy (png);
}

static void
test_empty (void)
{
  const double zeros[] = { 0, 0, 0 };
  McChartStyle style;
  cairo_surface_t *png;
  guint32 bar;

  mc_chart_style_init_default (&style);
  bar = rgb (style.bar);

  /* No values, and all zero: no bar colour anywhere, no crash. */
  png = render_png ("chart-none.png", NULL, NULL, NULL, 0);
  cairo_surface_destroy (png);

  png = render_png ("chart-zeros.png", NULL, NULL, zeros, G_N_ELEMENTS (zeros));
  for (int y = 0; y < H; y += 3)
    for (int x = 0; x < W; x += 3)
      g_assert_cmphex (pixel (png, x, y), !=, bar);
  cairo_surface_destroy (png);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/chart/bars", test_bars);
  g_test_add_func ("/motcua/chart/empty", test_empty);

  return g_test_run ();
}
