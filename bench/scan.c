/* scan.c: bench/scan — an A4 text page through the scan pipeline.
 *
 * Takes tests/data/to-khai-khai-sinh-300dpi.png (a rendered form, see
 * make-form.c) as what a scanner delivers at 300 dpi, then does what the kiosk
 * does at its defaults (MC_PROFILE_TEXT: gray, 200 dpi, clean-up, JPEG at
 * MC_TEXT_JPEG_QUALITY, embedded in a PDF) and prints:
 *   - bytes per page of the PDF and milliseconds per page;
 *   - legibility: tesseract -l vie on the compressed page against tesseract on
 *     the original, as character agreement (1 - edit distance / length);
 *   - the same for a sweep of JPEG qualities, to show why the default is what
 *     it is.
 * tesseract-ocr and tesseract-ocr-vie are bench-only: bench/setup-scan.sh.
 *
 *   scan [--pages N] [--image PNG] [--no-ocr]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "mc-pages.h"

static McPage *
load_png_as_scan (const char  *path,
                  const char  *work_dir,
                  GError     **error)
{
  cairo_surface_t *s = cairo_image_surface_create_from_png (path);
  g_autofree guint8 *gray = NULL;
  const guint8 *data;
  int w, h, stride;

  if (cairo_surface_status (s) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s", path,
                   cairo_status_to_string (cairo_surface_status (s)));
      cairo_surface_destroy (s);
      return NULL;
    }
  w = cairo_image_surface_get_width (s);
  h = cairo_image_surface_get_height (s);
  data = cairo_image_surface_get_data (s);
  stride = cairo_image_surface_get_stride (s);
  gray = g_malloc ((gsize) w * h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 v = ((const guint32 *) (data + (gsize) y * stride))[x];
        gray[(gsize) y * w + x] = (((v >> 16) & 0xff) * 299 + ((v >> 8) & 0xff) * 587
                                   + (v & 0xff) * 114) / 1000;
      }
  cairo_surface_destroy (s);
  return mc_page_new_from_data (work_dir, gray, w, h, w, 300, MC_PAGE_GRAY, error);
}

static char *
ocr (const char *image)
{
  const char *argv[] = { "tesseract", image, "stdout", "-l", "vie", "--psm", "4", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error)
      || !g_spawn_check_wait_status (status, NULL))
    {
      g_printerr ("tesseract failed: %s\n", error ? error->message : err);
      g_free (out);
      return NULL;
    }
  return out;
}

/* The OCR's lines, NFC, whitespace collapsed, dotted leaders (and the noise
 * tesseract reads after them) cut off, empty lines dropped, as code points. */
static GPtrArray *
ocr_lines (const char *s,
           glong      *n_chars)
{
  g_autofree char *nfc = g_utf8_normalize (s, -1, G_NORMALIZE_NFC);
  g_auto(GStrv) lines = g_strsplit (nfc, "\n", -1);
  g_autoptr(GRegex) leader = g_regex_new ("[.…·,:'‘’`_-]{3,}.*$", 0, 0, NULL);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  *n_chars = 0;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *cut = g_regex_replace_literal (leader, lines[i], -1, 0, "", 0, NULL);
      g_auto(GStrv) words = g_strsplit_set (cut, " \t\r\f", -1);
      g_autoptr(GString) joined = g_string_new (NULL);
      glong len;

      for (guint k = 0; words[k] != NULL; k++)
        if (words[k][0] != '\0')
          {
            if (joined->len > 0)
              g_string_append_c (joined, ' ');
            g_string_append (joined, words[k]);
          }
      if (joined->len == 0)
        continue;
      g_ptr_array_add (out, g_utf8_to_ucs4_fast (joined->str, -1, &len));
      *n_chars += len;
    }
  return out;
}

static glong
ucs4_len (const gunichar *s)
{
  glong n = 0;
  while (s[n] != 0)
    n++;
  return n;
}

static guint
edit_distance (const gunichar *a,
               const gunichar *b)
{
  glong n = ucs4_len (a), m = ucs4_len (b);
  g_autofree guint *prev = g_new (guint, m + 1);
  g_autofree guint *cur = g_new (guint, m + 1);

  for (glong j = 0; j <= m; j++)
    prev[j] = j;
  for (glong i = 1; i <= n; i++)
    {
      cur[0] = i;
      for (glong j = 1; j <= m; j++)
        cur[j] = MIN (prev[j - 1] + (a[i - 1] != b[j - 1]), MIN (prev[j] + 1, cur[j - 1] + 1));
      memcpy (prev, cur, sizeof (guint) * (m + 1));
    }
  return prev[m];
}

/* Character agreement of @got against @ref: each reference line is matched
 * with the closest unused output line (tesseract's layout analysis may order
 * blocks differently from one image to the next, which is not a reading
 * error); agreement = 1 - (sum of edit distances + unmatched characters) /
 * reference characters. */
static double
agreement (const char *ref,
           const char *got)
{
  glong n_ref, n_got;
  g_autoptr(GPtrArray) a = ocr_lines (ref, &n_ref);
  g_autoptr(GPtrArray) b = ocr_lines (got, &n_got);
  g_autofree gboolean *used = g_new0 (gboolean, b->len + 1);
  guint64 errors = 0;

  if (n_ref == 0)
    return n_got == 0 ? 1.0 : 0.0;
  for (guint i = 0; i < a->len; i++)
    {
      const gunichar *line = g_ptr_array_index (a, i);
      guint best = ucs4_len (line);
      int best_j = -1;

      for (guint j = 0; j < b->len; j++)
        if (!used[j])
          {
            guint d = edit_distance (line, g_ptr_array_index (b, j));
            if (d < best)
              {
                best = d;
                best_j = j;
              }
          }
      if (best_j >= 0)
        used[best_j] = TRUE;
      errors += best;
    }
  for (guint j = 0; j < b->len; j++)
    if (!used[j])
      errors += ucs4_len (g_ptr_array_index (b, j));  /* read, but not on the page */
  return MAX (0.0, 1.0 - (double) errors / n_ref);
}

static gboolean
write_bytes (const char *path,
             GBytes     *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  return g_file_set_contents (path, data, len, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *image = g_build_filename (SRCDATADIR, "..", "tests", "data",
                                             "to-khai-khai-sinh-300dpi.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(McPage) scan300 = NULL;
  g_autoptr(McPage) scan200 = NULL;
  g_autoptr(McDocument) doc = NULL;
  g_autofree char *work = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *ref_text = NULL;
  static const int qualities[] = { 10, 15, 18, 20, 25, 30, 40, 50, 70, 90 };
  gboolean no_ocr = FALSE;
  gint pages = 10;
  gint64 t0, size;
  double ms_300 = 0, ms_200 = 0;
  GOptionEntry entries[] = {
    { "pages", 'n', 0, G_OPTION_ARG_INT, &pages, "Pages in the PDF (default 10)", "N" },
    { "image", 'i', 0, G_OPTION_ARG_FILENAME, &image, "The 300 dpi A4 page (PNG)", "PNG" },
    { "no-ocr", 0, 0, G_OPTION_ARG_NONE, &no_ocr, "Skip tesseract", NULL },
    { NULL }
  };

  context = g_option_context_new ("— A4 text page through the scan pipeline");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  pages = MAX (pages, 1);
  /* One thread per tesseract: with OpenMP's default it spends its time
   * spinning, not reading. */
  g_setenv ("OMP_THREAD_LIMIT", "1", FALSE);

  work = g_dir_make_tmp ("bench-scan-XXXXXX", &error);
  g_assert_no_error (error);
  pdf = g_build_filename (work, "out.pdf", NULL);

  scan300 = load_png_as_scan (image, work, &error);
  if (scan300 == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print ("input: %s, %d×%d px gray at 300 dpi (%.0f×%.0f mm)\n", image,
           mc_page_get_width (scan300), mc_page_get_height (scan300),
           mc_page_get_width_mm (scan300), mc_page_get_height_mm (scan300));
  g_print ("defaults: gray, %u dpi, clean-up, JPEG quality %d\n\n",
           MC_TEXT_DPI, MC_TEXT_JPEG_QUALITY);

  /* A scanner at the defaults delivers 200 dpi; the 300 dpi path adds the
   * down-scaling, as for a scan or an import at a higher resolution. */
  scan200 = mc_page_normalize (scan300, MC_PAGE_GRAY, MC_TEXT_DPI, work, &error);
  g_assert_no_error (error);

  for (int pass = 0; pass < 2; pass++)
    {
      McPage *src = pass == 0 ? scan200 : scan300;

      doc = mc_document_new (work, MC_PROFILE_TEXT, "Tờ khai đăng ký khai sinh",
                             "Đăng ký khai sinh", "BENCH-0001");
      for (int i = 0; i < pages; i++)
        mc_document_append (doc, src);
      t0 = g_get_monotonic_time ();
      size = mc_document_write_pdf (doc, pdf, NULL, &error);
      g_assert_no_error (error);
      if (pass == 0)
        ms_200 = (g_get_monotonic_time () - t0) / 1000.0 / pages;
      else
        ms_300 = (g_get_monotonic_time () - t0) / 1000.0 / pages;
      g_clear_object (&doc);
    }
  g_print ("PDF of %d pages: %" G_GINT64_FORMAT " bytes = %.1f KB per page (target <= 150 KB)\n",
           pages, size, size / 1024.0 / pages);
  g_print ("time per page: %.1f ms from a 200 dpi scan, %.1f ms from a 300 dpi scan "
           "(clean-up + JPEG + PDF%s)\n\n", ms_200, ms_300, ", + down-scaling");

  if (no_ocr)
    return 0;
  if (g_find_program_in_path ("tesseract") == NULL)
    {
      g_print ("tesseract not found: run bench/setup-scan.sh for the OCR figures\n");
      return 0;
    }

  ref_text = ocr (image);
  if (ref_text == NULL)
    return 1;
  {
    glong n;
    g_autoptr(GPtrArray) lines = ocr_lines (ref_text, &n);
    g_print ("OCR of the original (300 dpi PNG): %u lines, %ld characters\n", lines->len, n);
  }

  {
    g_autofree char *png200 = g_build_filename (work, "uncompressed-200.png", NULL);
    g_autoptr(GBytes) raw = mc_page_load (scan200, &error);
    int w = mc_page_get_width (scan200), h = mc_page_get_height (scan200);
    cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
    const guint8 *px = g_bytes_get_data (raw, NULL);
    g_autofree char *text = NULL;

    cairo_surface_flush (s);
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        {
          guint8 v = px[(gsize) y * w + x];
          ((guint32 *) (cairo_image_surface_get_data (s)
                        + (gsize) y * cairo_image_surface_get_stride (s)))[x] =
            0xff000000u | (v << 16) | (v << 8) | v;
        }
    cairo_surface_mark_dirty (s);
    cairo_surface_write_to_png (s, png200);
    cairo_surface_destroy (s);
    text = ocr (png200);
    g_print ("agreement, 200 dpi uncompressed (PNG): %.2f%%\n\n",
             100 * agreement (ref_text, text));
  }

  g_print ("quality  clean  KB/page  agreement\n");
  for (guint qi = 0; qi < G_N_ELEMENTS (qualities); qi++)
    for (int clean = 1, q = qualities[qi]; clean >= 1; clean--)
      {
        g_autofree char *jpg = g_strdup_printf ("%s/q%d-%d.jpg", work, q, clean);
        g_autoptr(GBytes) jpeg = mc_page_encode_jpeg (scan200, q, clean, &error);
        g_autofree char *text = NULL;

        g_assert_no_error (error);
        write_bytes (jpg, jpeg);
        text = ocr (jpg);
        g_print ("%7d  %5s  %7.1f  %8.2f%%%s\n", q, clean ? "yes" : "no",
                 g_bytes_get_size (jpeg) / 1024.0, 100 * agreement (ref_text, text),
                 q == MC_TEXT_JPEG_QUALITY && clean ? "   <- default" : "");
      }

  {
    /* Remove the temporary files. */
    g_autoptr(GDir) dir = NULL;
    const char *name;

    g_clear_object (&scan200);
    g_clear_object (&scan300);
    dir = g_dir_open (work, 0, NULL);

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *p = g_build_filename (work, name, NULL);
        g_unlink (p);
      }
    g_rmdir (work);
  }
  return 0;
}
