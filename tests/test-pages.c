/* test-pages.c: page edits, import, and PDFs checked by poppler-utils
 * (pdfinfo, pdfimages), which share no code with the writer (cairo).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/resource.h>
#include <glib/gstdio.h>
#include <cairo.h>

#include "mc-pages.h"

static char *
work_dir (void)
{
  char *dir = g_build_filename (g_get_user_cache_dir (), "pages", NULL);
  g_assert_no_errno (g_mkdir_with_parents (dir, 0700));
  return dir;
}

/* A gray page of @w × @h with pixel (x, y) = (x + 10 y) % 256. */
static McPage *
make_counting_page (const char *dir,
                    int         w,
                    int         h)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *px = g_malloc ((gsize) w * h);
  McPage *page;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      px[y * w + x] = (x + 10 * y) % 256;
  page = mc_page_new_from_data (dir, px, w, h, w, 200, MC_PAGE_GRAY, &error);
  g_assert_no_error (error);
  return page;
}

static guint8
pixel_at (McPage *page,
          int     x,
          int     y)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = mc_page_load (page, &error);
  const guint8 *px;

  g_assert_no_error (error);
  px = g_bytes_get_data (bytes, NULL);
  return px[(gsize) y * mc_page_get_width (page) + x];
}

/* A text-like page: white paper, rows of black text, at @dpi, in @mode. The
 * paper may be placed on a "lid" of @lid gray, larger than the paper. */
static McPage *
make_text_page (const char *dir,
                double      paper_w_mm,
                double      paper_h_mm,
                double      area_w_mm,
                double      area_h_mm,
                guint       dpi,
                McPageMode  mode,
                double      lid)
{
  g_autoptr(GError) error = NULL;
  int w = (int) (area_w_mm * dpi / 25.4 + 0.5), h = (int) (area_h_mm * dpi / 25.4 + 0.5);
  double px_per_mm = dpi / 25.4;
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create (s);
  g_autofree guint8 *px = NULL;
  const guint8 *data;
  int stride, ch = mode == MC_PAGE_COLOR ? 3 : 1;
  McPage *page;

  cairo_set_source_rgb (cr, lid, lid, lid);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, paper_w_mm * px_per_mm, paper_h_mm * px_per_mm);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0.2);
  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 3.5 * px_per_mm);
  for (double y = 20; y < paper_h_mm - 20; y += 8)
    {
      cairo_move_to (cr, 20 * px_per_mm, y * px_per_mm);
      cairo_show_text (cr, "CONG HOA XA HOI CHU NGHIA VIET NAM 0123456789");
    }
  cairo_destroy (cr);
  cairo_surface_flush (s);

  data = cairo_image_surface_get_data (s);
  stride = cairo_image_surface_get_stride (s);
  px = g_malloc ((gsize) w * h * ch);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 v = ((const guint32 *) (data + (gsize) y * stride))[x];
        guint8 r = v >> 16, g = v >> 8, b = v;

        if (ch == 1)
          px[(gsize) y * w + x] = (r * 299 + g * 587 + b * 114) / 1000;
        else
          {
            px[((gsize) y * w + x) * 3] = r;
            px[((gsize) y * w + x) * 3 + 1] = g;
            px[((gsize) y * w + x) * 3 + 2] = b;
          }
      }
  cairo_surface_destroy (s);
  page = mc_page_new_from_data (dir, px, w, h, w * ch, dpi, mode, &error);
  g_assert_no_error (error);
  return page;
}

/* Runs a poppler-utils tool; its output is captured, never printed. A missing
 * tool fails the test (poppler-utils is in .ci/install-deps) unless
 * MOTCUA_ALLOW_SKIP is set. */
static char *
run_tool (const char *tool,
          const char *arg1,
          const char *file)
{
  g_autofree char *path = g_find_program_in_path (tool);
  const char *argv[] = { path, arg1, file, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  if (path == NULL)
    {
      if (g_getenv ("MOTCUA_ALLOW_SKIP") != NULL)
        g_test_skip ("poppler-utils is not installed");
      else
        g_test_fail_printf ("%s (poppler-utils) is not installed", tool);
      return NULL;
    }
  if (arg1 == NULL)
    {
      argv[1] = file;
      argv[2] = NULL;
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("%s said: %s", tool, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static const char *
info_field (const char *info,
            const char *key)
{
  g_autofree char *needle = g_strdup_printf ("\n%s:", key);
  const char *p = strstr (info, needle);

  if (p == NULL && g_str_has_prefix (info, needle + 1))
    p = info - 1;
  g_assert_nonnull (p);
  p += strlen (needle);
  while (*p == ' ')
    p++;
  return p;
}

/* One row of "pdfimages -list": page num type width height color comp bpc enc
 * interp object ID x-ppi y-ppi size ratio. */
typedef struct {
  int  width, height, comp, x_ppi, y_ppi;
  char color[16], enc[16];
} ImageRow;

static GArray *
list_images (const char *pdf)
{
  g_autofree char *out = run_tool ("pdfimages", "-list", pdf);
  g_auto(GStrv) lines = NULL;
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (ImageRow));

  if (out == NULL)
    return rows;
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 2; lines[i] != NULL; i++)
    {
      ImageRow r = { 0 };
      int page, num, bpc, obj, id;
      char type[16], interp[8];

      if (sscanf (lines[i], "%d %d %15s %d %d %15s %d %d %15s %7s %d %d %d %d",
                  &page, &num, type, &r.width, &r.height, r.color, &r.comp, &bpc,
                  r.enc, interp, &obj, &id, &r.x_ppi, &r.y_ppi) == 14)
        g_array_append_val (rows, r);
    }
  return rows;
}

static void
write_pdf_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gint64 *size = user_data;
  g_autoptr(GError) error = NULL;

  *size = mc_document_write_pdf_finish (MC_DOCUMENT (source), result, &error);
  g_assert_no_error (error);
}

static gint64
write_pdf (McDocument *doc,
           const char *path)
{
  gint64 size = 0;

  mc_document_write_pdf_async (doc, path, NULL, write_pdf_cb, &size);
  while (size == 0)
    g_main_context_iteration (NULL, TRUE);
  return size;
}

/* ------------------------------------------------------------------ tests */

static void
test_rotate (void)
{
  g_autofree char *dir = work_dir ();
  g_autoptr(McPage) page = make_counting_page (dir, 4, 2);
  g_autoptr(McPage) r90 = NULL, r180 = NULL, r270 = NULL, back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  /* 4×2:  0  1  2  3        clockwise:  10  0
   *      10 11 12 13                    11  1
   *                                     12  2
   *                                     13  3 */
  r90 = mc_page_rotate (page, 90, dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_page_get_width (r90), ==, 2);
  g_assert_cmpint (mc_page_get_height (r90), ==, 4);
  g_assert_cmpint (pixel_at (r90, 0, 0), ==, 10);
  g_assert_cmpint (pixel_at (r90, 1, 0), ==, 0);
  g_assert_cmpint (pixel_at (r90, 0, 3), ==, 13);

  r180 = mc_page_rotate (page, 180, dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pixel_at (r180, 0, 0), ==, 13);
  g_assert_cmpint (pixel_at (r180, 3, 1), ==, 0);

  r270 = mc_page_rotate (page, 270, dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pixel_at (r270, 0, 0), ==, 3);
  g_assert_cmpint (pixel_at (r270, 1, 3), ==, 10);

  back = mc_page_rotate (r90, 270, dir, &error);
  g_assert_no_error (error);
  for (int y = 0; y < 2; y++)
    for (int x = 0; x < 4; x++)
      g_assert_cmpint (pixel_at (back, x, y), ==, pixel_at (page, x, y));

  /* A page's file goes with it. */
  path = g_strdup (mc_page_get_path (back));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_object (&back);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  (*count)++;
}

static void
test_document_order (void)
{
  g_autofree char *dir = work_dir ();
  g_autoptr(McDocument) doc = mc_document_new (dir, MC_PROFILE_TEXT, "Doc", "Proc", "D-1");
  g_autoptr(GError) error = NULL;
  McPage *pages[4];
  guint changes = 0;

  g_signal_connect (doc, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  for (int i = 0; i < 4; i++)
    {
      pages[i] = make_counting_page (dir, 3 + i, 2);
      mc_document_append (doc, pages[i]);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (doc)), ==, 4);
  g_assert_cmpuint (changes, ==, 4);

  /* 0 1 2 3 → move 3 to the front → 3 0 1 2 */
  mc_document_move (doc, 3, 0);
  g_assert_true (mc_document_get_page (doc, 0) == pages[3]);
  g_assert_true (mc_document_get_page (doc, 1) == pages[0]);
  g_assert_true (mc_document_get_page (doc, 3) == pages[2]);
  /* → move the first to the end → 0 1 2 3 */
  mc_document_move (doc, 0, 3);
  for (int i = 0; i < 4; i++)
    g_assert_true (mc_document_get_page (doc, i) == pages[i]);

  mc_document_remove (doc, 1);
  g_assert_cmpuint (mc_document_get_n_pages (doc), ==, 3);
  g_assert_true (mc_document_get_page (doc, 1) == pages[2]);

  /* Re-scan: a new page in place of the old. */
  mc_document_replace (doc, 1, pages[1]);
  g_assert_true (mc_document_get_page (doc, 1) == pages[1]);

  g_assert_true (mc_document_rotate_page (doc, 0, 90, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mc_page_get_width (mc_document_get_page (doc, 0)), ==, 2);
  g_assert_cmpint (mc_page_get_height (mc_document_get_page (doc, 0)), ==, 3);
  g_assert_null (mc_document_get_page (doc, 3));

  for (int i = 0; i < 4; i++)
    g_object_unref (pages[i]);
  mc_document_clear (doc);
  g_assert_cmpuint (mc_document_get_n_pages (doc), ==, 0);
}

static void
test_crop_presets (void)
{
  g_autofree char *dir = work_dir ();
  g_autoptr(McPage) scan = make_text_page (dir, 216, 300, 216, 300, 200, MC_PAGE_GRAY, 1);
  g_autoptr(GError) error = NULL;
  struct { McPaper paper; int w, h; } cases[] = {
    { MC_PAPER_A4, 1654, 2339 },      /* 210 × 297 mm at 200 dpi */
    { MC_PAPER_A5, 1165, 1654 },      /* 148 × 210 */
    { MC_PAPER_ID_CARD, 674, 425 },   /* 85.6 × 54 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(McPage) cropped = mc_page_crop_to_paper (scan, cases[i].paper, dir, &error);

      g_assert_no_error (error);
      g_assert_cmpint (mc_page_get_width (cropped), ==, cases[i].w);
      g_assert_cmpint (mc_page_get_height (cropped), ==, cases[i].h);
      g_assert_cmpuint (mc_page_get_dpi (cropped), ==, 200);
    }
}

static void
test_detect_paper (void)
{
  g_autofree char *dir = work_dir ();
  g_autoptr(GError) error = NULL;
  /* A5 (148 × 210 mm) on a dark lid of a 216 × 297 mm scanner. */
  g_autoptr(McPage) scan = make_text_page (dir, 148, 210, 216, 297, 100, MC_PAGE_GRAY, 0.15);
  g_autoptr(McPage) id = make_text_page (dir, 85.6, 54, 216, 297, 100, MC_PAGE_COLOR, 0.2);
  g_autoptr(McPage) full = make_text_page (dir, 216, 297, 216, 297, 100, MC_PAGE_GRAY, 1);
  g_autoptr(McDocument) doc = mc_document_new (dir, MC_PROFILE_TEXT, "Doc", "Proc", "D-1");
  McRect bounds;
  int paper;

  g_assert_true (mc_page_detect_paper (scan, &bounds, &paper, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bounds.x, <=, 1);
  g_assert_cmpint (bounds.y, <=, 1);
  g_assert_cmpint (ABS (bounds.width - 583), <=, 3);   /* 148 mm at 100 dpi */
  g_assert_cmpint (ABS (bounds.height - 827), <=, 3);  /* 210 mm */
  g_assert_cmpint (paper, ==, MC_PAPER_A5);

  g_assert_true (mc_page_detect_paper (id, &bounds, &paper, &error));
  g_assert_cmpint (paper, ==, MC_PAPER_ID_CARD);

  mc_document_append (doc, scan);
  g_assert_true (mc_document_auto_crop_page (doc, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ABS (mc_page_get_width (mc_document_get_page (doc, 0)) - 583), <=, 3);

  /* Paper over the whole glass, white lid: the print is found (it sits within
   * the 20 mm margins), or nothing. Either way not the whole page. */
  if (mc_page_detect_paper (full, &bounds, NULL, &error))
    {
      g_assert_cmpint (bounds.x, >=, 70);
      g_assert_cmpint (bounds.width, <, mc_page_get_width (full));
    }
  g_assert_no_error (error);
}

static void
test_pdf_text (void)
{
  g_autofree char *dir = work_dir ();
  g_autofree char *pdf = g_build_filename (dir, "giay-khai-sinh.pdf", NULL);
  g_autoptr(McDocument) doc = mc_document_new (dir, MC_PROFILE_TEXT, "Giấy chứng sinh",
                                               "Đăng ký khai sinh", "HS-2024-0042");
  g_autofree char *info = NULL;
  g_autofree char *part = NULL;
  g_autoptr(GArray) images = NULL;
  double w = 0, h = 0;
  gint64 size;

  for (int i = 0; i < 2; i++)
    {
      /* Scanned at 300 dpi: the PDF must come out at the profile's 200 dpi, gray. */
      g_autoptr(McPage) page = make_text_page (dir, 210, 297, 210, 297, 300, MC_PAGE_COLOR, 1);
      mc_document_append (doc, page);
    }
  size = write_pdf (doc, pdf);
  g_assert_cmpint (size, >, 0);
  part = g_strconcat (pdf, ".part", NULL);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));

  info = run_tool ("pdfinfo", NULL, pdf);
  if (info == NULL)
    return;
  g_test_message ("%s", info);
  g_assert_cmpint (atoi (info_field (info, "Pages")), ==, 2);
  g_assert_cmpint (sscanf (info_field (info, "Page size"), "%lf x %lf", &w, &h), ==, 2);
  g_assert_cmpfloat_with_epsilon (w, 595.28, 1.0);   /* A4 in points */
  g_assert_cmpfloat_with_epsilon (h, 841.89, 1.0);
  g_assert_true (g_str_has_prefix (info_field (info, "Title"), "Giấy chứng sinh"));
  g_assert_true (g_str_has_prefix (info_field (info, "Subject"), "Đăng ký khai sinh"));
  g_assert_nonnull (strstr (info_field (info, "Keywords"), "HS-2024-0042"));
  g_assert_cmpint (atoll (info_field (info, "File size")), ==, size);

  images = list_images (pdf);
  g_assert_cmpuint (images->len, ==, 2);
  for (guint i = 0; i < images->len; i++)
    {
      ImageRow *r = &g_array_index (images, ImageRow, i);

      g_assert_cmpstr (r->enc, ==, "jpeg");
      g_assert_cmpstr (r->color, ==, "gray");
      g_assert_cmpint (r->comp, ==, 1);
      g_assert_cmpint (r->width, ==, 1653);  /* 2480 px at 300 dpi → 200 dpi */
      g_assert_cmpint (r->height, ==, 2339);
      g_assert_cmpint (ABS (r->x_ppi - 200), <=, 1);
      g_assert_cmpint (ABS (r->y_ppi - 200), <=, 1);
    }
  /* Text pages are small: well under 150 KB a page. */
  g_assert_cmpint (size, <, 2 * 150 * 1024);
}

static void
test_pdf_photo (void)
{
  g_autofree char *dir = work_dir ();
  g_autofree char *pdf = g_build_filename (dir, "cccd.pdf", NULL);
  g_autoptr(McDocument) doc = mc_document_new (dir, MC_PROFILE_PHOTO, "CCCD", "Proc", "D-2");
  g_autoptr(McPage) page = make_text_page (dir, 85.6, 54, 100, 70, 300, MC_PAGE_COLOR, 0.3);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) images = NULL;
  ImageRow *r;

  mc_document_append (doc, page);
  g_assert_true (mc_document_crop_page (doc, 0, MC_PAPER_ID_CARD, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mc_document_write_pdf (doc, pdf, NULL, &error), >, 0);
  g_assert_no_error (error);

  images = list_images (pdf);
  if (images->len == 0 && g_test_failed ())
    return;
  g_assert_cmpuint (images->len, ==, 1);
  r = &g_array_index (images, ImageRow, 0);
  g_assert_cmpstr (r->enc, ==, "jpeg");
  g_assert_cmpstr (r->color, ==, "rgb");
  g_assert_cmpint (r->width, ==, 1011);   /* 85.6 mm at 300 dpi */
  g_assert_cmpint (r->height, ==, 638);
  g_assert_cmpint (ABS (r->x_ppi - 300), <=, 1);
}

static void
test_pdf_empty (void)
{
  g_autofree char *dir = work_dir ();
  g_autofree char *pdf = g_build_filename (dir, "empty.pdf", NULL);
  g_autoptr(McDocument) doc = mc_document_new (dir, MC_PROFILE_TEXT, "X", "Y", "Z");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (mc_document_write_pdf (doc, pdf, NULL, &error), ==, -1);
  g_assert_error (error, MC_PAGES_ERROR, MC_PAGES_ERROR_EMPTY);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

static void
test_import_jpeg (void)
{
  g_autofree char *dir = work_dir ();
  g_autofree char *path = g_build_filename (dir, "photo.jpg", NULL);
  g_autofree char *cut = g_build_filename (dir, "cut.jpg", NULL);
  g_autoptr(McPage) src = make_text_page (dir, 100, 60, 100, 60, 300, MC_PAGE_COLOR, 1);
  g_autoptr(McPage) text = NULL, photo = NULL, none = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize len;

  jpeg = mc_page_encode_jpeg (src, 90, FALSE, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (jpeg, &len);
  g_assert_true (g_file_set_contents (path, data, len, &error));

  /* JFIF says 300 dpi: a text import comes down to gray 200 dpi. */
  text = mc_page_import_image (path, MC_PROFILE_TEXT, dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_page_get_mode (text), ==, MC_PAGE_GRAY);
  g_assert_cmpuint (mc_page_get_dpi (text), ==, 200);
  g_assert_cmpint (mc_page_get_width (text), ==, (mc_page_get_width (src) * 2 + 1) / 3);
  photo = mc_page_import_image (path, MC_PROFILE_PHOTO, dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_page_get_mode (photo), ==, MC_PAGE_COLOR);
  g_assert_cmpint (mc_page_get_width (photo), ==, mc_page_get_width (src));

  /* Truncated: libjpeg would pad it with gray; we refuse it. */
  g_assert_true (g_file_set_contents (cut, data, len / 2, &error));
  none = mc_page_import_image (cut, MC_PROFILE_TEXT, dir, &error);
  g_assert_null (none);
  g_assert_error (error, MC_PAGES_ERROR, MC_PAGES_ERROR_CORRUPT);
  g_test_message ("truncated JPEG: %s", error->message);
}

static void
test_import_png (void)
{
  g_autofree char *dir = work_dir ();
  g_autofree char *path = g_build_filename (dir, "scan.png", NULL);
  g_autofree char *huge = g_build_filename (dir, "huge.png", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.png", NULL);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 2480, 400);
  cairo_t *cr = cairo_create (s);
  g_autoptr(McPage) page = NULL, none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  gsize len;

  /* Transparent except a black bar: transparency becomes white paper. */
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_rectangle (cr, 100, 100, 200, 50);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (s, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (s);

  /* 2480 px wide, no dpi: taken as A4 wide (300 dpi), then 200 dpi gray. */
  page = mc_page_import_image (path, MC_PROFILE_TEXT, dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_page_get_width (page), ==, 1653);
  g_assert_cmpint (mc_page_get_mode (page), ==, MC_PAGE_GRAY);
  g_assert_cmpint (pixel_at (page, 5, 5), ==, 255);
  g_assert_cmpint (pixel_at (page, 120, 80), ==, 0);

  /* A PNG whose header claims 20000 × 20000: refused before decoding. */
  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  bytes[16] = 0; bytes[17] = 0; bytes[18] = 0x4e; bytes[19] = 0x20;
  bytes[20] = 0; bytes[21] = 0; bytes[22] = 0x4e; bytes[23] = 0x20;
  g_assert_true (g_file_set_contents (huge, bytes, len, NULL));
  none = mc_page_import_image (huge, MC_PROFILE_TEXT, dir, &error);
  g_assert_null (none);
  g_assert_error (error, MC_PAGES_ERROR, MC_PAGES_ERROR_TOO_LARGE);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (text, "hello", -1, NULL));
  none = mc_page_import_image (text, MC_PROFILE_TEXT, dir, &error);
  g_assert_null (none);
  g_assert_error (error, MC_PAGES_ERROR, MC_PAGES_ERROR_UNSUPPORTED);
}

static void
test_pdf_check (void)
{
  g_autofree char *dir = work_dir ();
  g_autofree char *pdf = g_build_filename (dir, "ok.pdf", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.pdf", NULL);
  g_autoptr(McDocument) doc = mc_document_new (dir, MC_PROFILE_TEXT, "X", "Y", "Z");
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GString) enc = NULL;
  const char *trailer;
  gsize len;

  for (int i = 0; i < 3; i++)
    {
      g_autoptr(McPage) page = make_counting_page (dir, 300, 400);
      mc_document_append (doc, page);
    }
  g_assert_cmpint (mc_document_write_pdf (doc, pdf, NULL, &error), >, 0);
  g_assert_no_error (error);

  g_assert_cmpuint (mc_pdf_check_file (pdf, 10 * 1024 * 1024, 50, &error), ==, 3);
  g_assert_no_error (error);

  g_assert_cmpuint (mc_pdf_check_file (pdf, 10 * 1024 * 1024, 2, &error), ==, 0);
  g_assert_error (error, MC_PAGES_ERROR, MC_PAGES_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_cmpuint (mc_pdf_check_file (pdf, 100, 50, &error), ==, 0);
  g_assert_error (error, MC_PAGES_ERROR, MC_PAGES_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* Not a PDF at all, whatever its name says. */
  g_assert_true (g_file_set_contents (bad, "<html>not a pdf</html>", -1, NULL));
  g_assert_cmpuint (mc_pdf_check_file (bad, 10 * 1024 * 1024, 50, &error), ==, 0);
  g_assert_error (error, MC_PAGES_ERROR, MC_PAGES_ERROR_UNSUPPORTED);
  g_test_message ("not a PDF: %s", error->message);
  g_clear_error (&error);

  /* The header, then garbage. */
  g_assert_true (g_file_set_contents (bad, "%PDF-1.7\nthis is not a document\n", -1, NULL));
  g_assert_cmpuint (mc_pdf_check_file (bad, 10 * 1024 * 1024, 50, &error), ==, 0);
  g_assert_error (error, MC_PAGES_ERROR, MC_PAGES_ERROR_CORRUPT);
  g_clear_error (&error);

  /* An /Encrypt entry in the trailer. */
  g_assert_true (g_file_get_contents (pdf, &contents, &len, NULL));
  for (trailer = contents; trailer + 10 <= contents + len; trailer++)
    if (memcmp (trailer, "trailer\n<<", 10) == 0)
      break;
  g_assert_true (trailer + 10 <= contents + len);
  g_assert_nonnull (trailer);
  enc = g_string_new_len (contents, trailer + 10 - contents);
  g_string_append (enc, " /Encrypt 99 0 R");
  g_string_append_len (enc, trailer + 10, contents + len - (trailer + 10));
  g_assert_true (g_file_set_contents (bad, enc->str, enc->len, NULL));
  g_assert_cmpuint (mc_pdf_check_file (bad, 10 * 1024 * 1024, 50, &error), ==, 0);
  g_assert_error (error, MC_PAGES_ERROR, MC_PAGES_ERROR_ENCRYPTED);
}

static glong
max_rss_kb (void)
{
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

/* Six colour A4 pages at 300 dpi are 157 MB of pixels: a PDF of them must
 * be made holding about one page at a time. */
static void
test_memory_bounded (void)
{
  g_autofree char *dir = work_dir ();
  g_autofree char *pdf = g_build_filename (dir, "big.pdf", NULL);
  g_autoptr(McDocument) doc = mc_document_new (dir, MC_PROFILE_PHOTO, "X", "Y", "Z");
  g_autoptr(McPage) first = make_text_page (dir, 210, 297, 210, 297, 300, MC_PAGE_COLOR, 1);
  g_autoptr(GError) error = NULL;
  glong before;
  guint n = 6;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GBytes) px = mc_page_load (first, &error);
      g_autoptr(McPage) copy = NULL;

      g_assert_no_error (error);
      copy = mc_page_new_from_data (dir, g_bytes_get_data (px, NULL),
                                    mc_page_get_width (first), mc_page_get_height (first),
                                    mc_page_get_width (first) * 3, 300, MC_PAGE_COLOR, &error);
      g_assert_no_error (error);
      mc_document_append (doc, copy);
    }

  before = max_rss_kb ();
  g_assert_cmpint (write_pdf (doc, pdf), >, 0);
  g_test_message ("peak RSS before %ld kB, after %ld kB (6 pages of 26 MB)",
                  before, max_rss_kb ());
  /* All pages at once would add 157 MB; one page at a time about 26 MB plus
   * its JPEG. */
  g_assert_cmpint (max_rss_kb () - before, <, 100 * 1024);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/pages/rotate", test_rotate);
  g_test_add_func ("/motcua/pages/document-order", test_document_order);
  g_test_add_func ("/motcua/pages/crop-presets", test_crop_presets);
  g_test_add_func ("/motcua/pages/detect-paper", test_detect_paper);
  g_test_add_func ("/motcua/pages/pdf-text-pdfinfo-pdfimages", test_pdf_text);
  g_test_add_func ("/motcua/pages/pdf-photo", test_pdf_photo);
  g_test_add_func ("/motcua/pages/pdf-empty", test_pdf_empty);
  g_test_add_func ("/motcua/pages/import-jpeg", test_import_jpeg);
  g_test_add_func ("/motcua/pages/import-png", test_import_png);
  g_test_add_func ("/motcua/pages/pdf-check", test_pdf_check);
  g_test_add_func ("/motcua/pages/memory-bounded", test_memory_bounded);

  return g_test_run ();
}
