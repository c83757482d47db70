/* test-ui-assist.c: help beyond the plain path, in the kiosk's real window:
 *  - the receipt printed again from the status lookup (a dossier submitted
 *    here, delivered to the portal simulator, looked up by its number, printed
 *    to PDF through the print operation; read back with pdftotext, its QR code
 *    with pdftoppm + zbarimg), also once its personal data is purged;
 *  - "Read aloud" on every step the citizen sees, what it says and in which
 *    voice (a recorder in place of espeak-ng, MOTCUA_TTS_COMMAND);
 *  - the CCCD QR code read with zbar into the form: from a photo on the "USB
 *    stick", and from the card on the scanner's glass (SANE's pnm backend,
 *    which reads /tmp/input.ppm); a glass or a photo without a card is said so;
 *    and the card scanned on the form after a paper was scanned on the
 *    documents step (Back to the form): one scanner for both, the device the
 *    documents step opened is the one the card's scan uses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <cairo.h>
#include <sane/sane.h>

#include "mc-qr.h"
#include "mc-speech.h"
#include "ui-helpers.h"

#define CARD_PHOTO "the-card.png"
#define PAYLOAD "001090012345|012345678|Nguyễn Văn An|17051990|Nam|" \
                "Số 1, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội|15042021"

static char *sane_dir;

static gboolean
catalogue_cond (gpointer data)
{
  return mc_application_get_catalogue (data) != NULL;
}

static void
open_form (GtkWidget *window)
{
  wait_for_widget (window, "search-entry");
  type_into (window, "search-entry", "khai sinh");
  click (window, "result-1.001193");
  click (window, "start-dossier");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "dossier");
}

static void
fill_form (GtkWidget *window)
{
  type_into (window, "field-full-name", "Nguyễn Văn An");
  type_into (window, "field-id-number", "001090012345");
  type_into (window, "field-birth-date", "17/05/1990");
  click (window, "sex-male");
  type_into (window, "field-phone", "0912345678");
}

static gboolean
lookup_answered_cond (gpointer data)
{
  return find_shown (data, "lookup-result") != NULL && find_shown (data, "lookup-busy") == NULL;
}

static void
lookup (GtkWidget  *window,
        const char *input)
{
  type_into (window, "lookup-entry", input);
  click (window, "lookup-submit");
  wait_for (lookup_answered_cond, window, "the lookup's answer");
  settle ();
}

static gboolean
reprint_done_cond (gpointer data)
{
  GtkWidget *button = find_shown (data, "lookup-reprint");

  return button != NULL && gtk_widget_is_sensitive (button);
}

/* "In lại biên nhận" into @pdf; its text. */
static char *
reprint (GtkWidget  *window,
         const char *pdf)
{
  g_setenv ("MOTCUA_PRINT_EXPORT", pdf, TRUE);
  click (window, "lookup-reprint");
  wait_for (reprint_done_cond, window, "the reprint to finish");
  wait_for (file_cond, (gpointer) pdf, "the reprinted PDF");
  g_unsetenv ("MOTCUA_PRINT_EXPORT");
  g_assert_cmpstr (label_of (window, "lookup-print-status"), ==, "Đã gửi phiếu tới máy in.");
  return pdf_text (pdf);
}

/* 1. Reprint ---------------------------------------------------------------- */

static void
reprint_body (McApplication *app,
              GtkWidget     *window,
              gpointer       data)
{
  Sim *sim = data;
  McConfig *config = mc_application_get_config (app);
  g_autofree char *local_number = NULL;
  g_autofree char *dossier_code = NULL;
  g_autofree char *url = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *text = NULL;
  g_autofree char *printed = g_build_filename (sim->tmpdir, "reprint.pdf", NULL);
  g_autofree char *purged_pdf = g_build_filename (sim->tmpdir, "reprint-purged.pdf", NULL);
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  McStore *store;

  wait_for (catalogue_cond, app, "the catalogue");
  open_form (window);
  fill_form (window);
  click (window, "submit-dossier");
  finish_dossier (window);
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "receipt");
  local_number = g_strdup (label_of (window, "receipt-local-number"));
  wait_for (receipt_delivered_cond, window, "the dossier code on the receipt");
  dossier_code = g_strdup (label_of (window, "receipt-dossier-code"));
  click (window, "receipt-home");

  /* Looked up by the kiosk's number: the state, and the receipt again. */
  click (window, "open-lookup");
  g_assert_null (find_shown (window, "lookup-reprint"));
  lookup (window, local_number);
  g_assert_true (gtk_widget_has_css_class (find_shown (window, "lookup-result"), "found"));
  g_assert_nonnull (find_shown (window, "lookup-reprint"));
  maybe_screenshot (window, "assist-1-lookup-reprint");

  text = reprint (window, printed);
  g_assert_nonnull (strstr (text, "PHIẾU TIẾP NHẬN HỒ SƠ"));
  g_assert_nonnull (strstr (text, "Thủ tục đăng ký khai sinh"));
  g_assert_nonnull (strstr (text, "1.001193"));
  g_assert_nonnull (strstr (text, local_number));
  g_assert_nonnull (strstr (text, dossier_code));
  g_assert_null (strstr (text, "Nguyễn Văn An"));
  g_assert_null (strstr (text, "001090012345"));
  g_assert_null (strstr (text, "0912345678"));

  store = mc_application_get_store (app, &error);
  g_assert_no_error (error);
  entry = mc_store_find_by_number (store, local_number, &error);
  g_assert_no_error (error);
  url = entry->tracking_url != NULL ? g_strdup (entry->tracking_url)
                                    : mc_config_expand_url (config->tracking_url_pattern, dossier_code);
  decoded = pdf_qr (printed, sim->tmpdir);
  g_assert_cmpstr (decoded, ==, url);
  maybe_screenshot (window, "assist-2-lookup-reprinted");

  /* Retention 0: the personal data is purged after delivery; what the receipt
   * holds is still there, by the portal's code this time. */
  g_assert_cmpint (mc_store_purge (store, g_get_real_time () / G_USEC_PER_SEC + 1, &error), >=, 0);
  g_assert_no_error (error);
  g_clear_pointer (&entry, mc_outbox_entry_free);
  entry = mc_store_find_by_number (store, local_number, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->purged_at, !=, 0);
  g_clear_pointer (&text, g_free);
  lookup (window, dossier_code);
  g_assert_nonnull (find_shown (window, "lookup-reprint"));
  text = reprint (window, purged_pdf);
  g_assert_nonnull (strstr (text, local_number));
  g_assert_nonnull (strstr (text, dossier_code));
  g_assert_nonnull (strstr (text, "Thủ tục đăng ký khai sinh"));
  g_assert_null (strstr (text, "Nguyễn Văn An"));

  /* A code from elsewhere: its state, no receipt to print here. */
  lookup (window, "G01.99-010101-999999");
  g_assert_null (find_shown (window, "lookup-reprint"));

  click (window, "home");
  g_assert_false (text_shown (window, local_number));
}

static void
test_reprint (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-assist-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmpdir, "kiosk", NULL);
  Sim sim = { 0 };

  REQUIRE_DISPLAY ();
  if (g_find_program_in_path ("pdftotext") == NULL || g_find_program_in_path ("zbarimg") == NULL)
    {
      g_test_skip ("pdftotext and zbarimg are needed (.ci/install-deps)");
      return;
    }
  if (!sim_start (&sim, tmpdir))
    {
      g_test_skip ("MOTCUA_PORTAL_SIM is not set to the simulator");
      return;
    }
  sim.tmpdir = tmpdir;
  run_application (data_dir, sim.url, reprint_body, &sim);
  sim_stop (&sim);
}

/* 2. Read aloud ------------------------------------------------------------- */

static gboolean
recorded_cond (gpointer data)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (data, &contents, NULL, NULL) && g_str_has_suffix (contents, "\n");
}

static gboolean
not_speaking_cond (gpointer data)
{
  return !gtk_widget_has_css_class (data, "speaking");
}

/* Taps the shown "Read aloud" with a recorder in place of espeak-ng (it notes
 * the voice and the text, then "speaks" until stopped), taps it again to stop;
 * returns "voice|text". */
static char *
read_aloud (GtkWidget  *window,
            const char *tmpdir)
{
  g_autofree char *record = g_build_filename (tmpdir, "spoken.txt", NULL);
  g_autofree char *quoted = g_shell_quote (record);
  g_autofree char *command =
    g_strdup_printf ("sh -c 'printf \"%%s|%%s\\n\" \"$MOTCUA_TTS_VOICE\" \"$1\" > %s; exec sleep 60' rec",
                     quoted);
  GtkWidget *button;
  char *contents = NULL;

  g_unlink (record);
  g_setenv ("MOTCUA_TTS_COMMAND", command, TRUE);
  button = wait_for_widget (window, "read-aloud");
  g_signal_emit_by_name (button, "clicked");
  wait_for (recorded_cond, record, "the text read aloud");
  g_assert_true (gtk_widget_has_css_class (button, "speaking"));
  g_signal_emit_by_name (button, "clicked");
  wait_for (not_speaking_cond, button, "reading to stop");
  g_unsetenv ("MOTCUA_TTS_COMMAND");
  g_assert_true (g_file_get_contents (record, &contents, NULL, NULL));
  g_test_message ("Read aloud: %s", contents);
  return contents;
}

/* What a tap on the page's speaker reads: in @voice, and holding each of the
 * NULL-terminated fragments. */
static void
assert_reads (GtkWidget  *window,
              const char *tmpdir,
              const char *voice,
              ...)
{
  g_autofree char *spoken = read_aloud (window, tmpdir);
  g_autofree char *prefix = g_strconcat (voice, "|", NULL);
  const char *fragment;
  va_list args;

  g_assert_true (g_str_has_prefix (spoken, prefix));
  va_start (args, voice);
  while ((fragment = va_arg (args, const char *)) != NULL)
    if (strstr (spoken, fragment) == NULL)
      g_error ("“%s” is not in what was read aloud: %s", fragment, spoken);
  va_end (args);
  /* Only instructions and the catalogue: nothing the citizen typed. */
  g_assert_null (strstr (spoken, "Nguyễn Văn An"));
  g_assert_null (strstr (spoken, "0912345678"));
}

static void
read_aloud_body (McApplication *app,
                 GtkWidget     *window,
                 gpointer       data)
{
  const char *tmpdir = data;
  g_autofree char *local_number = NULL;
  g_autofree char *spelt = NULL;

  wait_for (catalogue_cond, app, "the catalogue");
  g_assert_cmpstr (mc_application_get_language (app), ==, "vi");

  /* Welcome, then the search results. */
  wait_for_widget (window, "search-entry");
  assert_reads (window, tmpdir, "vi", "Xin chào quý khách! Quý khách cần làm thủ tục gì?",
                "Tra cứu hồ sơ", NULL);
  maybe_screenshot (window, "assist-3-welcome-speaker");
  type_into (window, "search-entry", "khai sinh");
  wait_for_widget (window, "result-1.001193");
  assert_reads (window, tmpdir, "vi", "Các thủ tục phù hợp như sau. Xin chạm vào thủ tục quý khách cần.",
                "Thủ tục đăng ký khai sinh", NULL);

  /* A list: the fields. */
  type_into (window, "search-entry", "");
  click (window, "open-fields");
  assert_reads (window, tmpdir, "vi", "Xin chạm vào mục quý khách cần.", NULL);
  click (window, "home");

  /* The procedure: its name, fee and time, what to do. */
  type_into (window, "search-entry", "khai sinh");
  click (window, "result-1.001193");
  assert_reads (window, tmpdir, "vi", "Thủ tục đăng ký khai sinh.", "Lệ phí:",
                "Thời hạn giải quyết:", "xin chạm \"Nộp hồ sơ\"", NULL);
  maybe_screenshot (window, "assist-4-procedure-speaker");

  /* The form, the documents, a scan, the review. */
  click (window, "start-dossier");
  assert_reads (window, tmpdir, "vi", "mã QR", NULL);
  fill_form (window);
  click (window, "submit-dossier");
  /* The procedure's own question groups (data/forms.json) have theirs. */
  if (g_strcmp0 (mc_window_get_page (MC_WINDOW (window)), "form") == 0)
    assert_reads (window, tmpdir, "vi", "\"Tiếp tục\"", NULL);
  pass_form_steps (window);
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "documents");
  assert_reads (window, tmpdir, "vi", "Giấy tờ của ông/bà.",
                "Quét từng giấy tờ bằng máy quét", "Giấy tờ bắt buộc phải nộp:",
                "Khi xong, xin chạm \"Tiếp tục\".", NULL);
  click_item (window, "doc-scan", 4);
  wait_for_widget (window, "scan-page");
  assert_reads (window, tmpdir, "vi", "Úp trang giấy xuống mặt kính máy quét",
                "xin chạm \"Xong giấy tờ này\"", NULL);
  maybe_screenshot (window, "assist-5-scan-speaker");
  click (window, "back");
  pass_documents_step (window);
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "review");
  assert_reads (window, tmpdir, "vi", "Kiểm tra lại thông tin.", "\"Gửi hồ sơ\"", NULL);
  submit_from_review (window);

  /* The receipt: its number digit by digit. */
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "receipt");
  local_number = g_strdup (label_of (window, "receipt-local-number"));
  spelt = mc_speech_spell_codes (local_number);
  assert_reads (window, tmpdir, "vi", spelt, NULL);
  click (window, "receipt-home");

  /* The status lookup: its instruction, then the answer. */
  click (window, "open-lookup");
  assert_reads (window, tmpdir, "vi", "Tra cứu hồ sơ. Xin nhập mã hồ sơ", NULL);
  lookup (window, local_number);
  assert_reads (window, tmpdir, "vi", spelt, "Thủ tục đăng ký khai sinh",
                "xin chạm \"In lại biên nhận\"", NULL);
  click (window, "home");

  /* In English: the English voice and the English text. */
  click (window, "language-toggle");
  g_assert_cmpstr (mc_application_get_language (app), ==, "en");
  assert_reads (window, tmpdir, "en", "Welcome! Which procedure do you need?", NULL);
  type_into (window, "search-entry", "khai sinh");
  click (window, "result-1.001193");
  assert_reads (window, tmpdir, "en", "Thủ tục đăng ký khai sinh. Fee: Miễn phí. Processing time:",
                "tap \"File a dossier\"", NULL);
  click (window, "home");
  click (window, "open-lookup");
  assert_reads (window, tmpdir, "en", "Check a dossier. Type the dossier code", NULL);
  click (window, "home");
  click (window, "language-toggle");
}

static void
test_read_aloud (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-assist-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmpdir, "kiosk", NULL);

  REQUIRE_DISPLAY ();
  run_application (data_dir, "http://127.0.0.1:9", read_aloud_body, tmpdir);
}

/* 3. The CCCD QR code from a photo and from the scanner ---------------------- */

/* The card's face at 300 dpi (85.6 × 54 mm), its QR code turned a little, at
 * (@x, @y) on a @width × @height surface of @background grey: a photo of the
 * card, or the scanner's glass with the card in its corner. */
static cairo_surface_t *
draw_card (int      width,
           int      height,
           int      x,
           int      y,
           double   background,
           gboolean with_card)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(McQr) qr = NULL;
  g_autoptr(GError) error = NULL;
  double side = 236;

  cairo_set_source_rgb (cr, background, background, background);
  cairo_paint (cr);
  if (with_card)
    {
      cairo_translate (cr, x, y);
      cairo_set_source_rgb (cr, 0.88, 0.91, 0.94);
      cairo_rectangle (cr, 0, 0, 1011, 638);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.25);
      for (int i = 0; i < 5; i++)
        {
          cairo_rectangle (cr, 60, 200 + i * 70, 400 - i * 30, 20);
          cairo_fill (cr);
        }
      qr = mc_qr_new (PAYLOAD, &error);
      g_assert_no_error (error);
      cairo_translate (cr, 1011 - side / 2 - 60, side / 2 + 60);
      cairo_rotate (cr, 3 * G_PI / 180);
      mc_qr_draw (qr, cr, -side / 2, -side / 2, side);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
write_card_photo (const char *path)
{
  cairo_surface_t *surface = draw_card (1011, 638, 0, 0, 1, TRUE);

  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

/* SANE's pnm backend "scans" the file /tmp/input.ppm (its default): the glass,
 * 100 × 70 mm at 300 dpi, with the card (or nothing) in its top-left corner. */
#define GLASS_PPM "/tmp/input.ppm"

static void
write_glass (gboolean with_card)
{
  const int width = 1181, height = 827;
  cairo_surface_t *surface = draw_card (width, height, 12, 10, 0.97, with_card);
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  g_autoptr(GString) ppm = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_string_append_printf (ppm, "P6\n%d %d\n255\n", width, height);
  for (int row = 0; row < height; row++)
    for (int col = 0; col < width; col++)
      {
        guint32 px = *(const guint32 *) (data + (gsize) row * stride + 4 * col);

        g_string_append_c (ppm, (char) (px >> 16));
        g_string_append_c (ppm, (char) (px >> 8));
        g_string_append_c (ppm, (char) px);
      }
  g_file_set_contents (GLASS_PPM, ppm->str, ppm->len, &error);
  g_assert_no_error (error);
  cairo_surface_destroy (surface);
}

static gboolean
status_error_cond (gpointer data)
{
  GtkWidget *status = find_shown (data, "cccd-scan-status");
  GtkWidget *button = find_shown (data, "cccd-scan-scanner");

  return status != NULL && gtk_widget_has_css_class (status, "error")
         && button != NULL && gtk_widget_is_sensitive (button);
}

static gboolean
name_filled_cond (gpointer data)
{
  GtkWidget *entry = find_shown (data, "field-full-name");

  return entry != NULL && *gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0';
}

/* The form's fields a card fills, emptied for the next read. */
static void
empty_card_fields (GtkWidget *window)
{
  type_into (window, "field-full-name", "");
  type_into (window, "field-id-number", "");
  type_into (window, "field-birth-date", "");
  g_assert_false (name_filled_cond (window));
}

static void
assert_filled (GtkWidget *window)
{
  wait_for (name_filled_cond, window, "the form to fill from the card");
  settle ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_shown (window, "field-full-name"))),
                   ==, "Nguyễn Văn An");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_shown (window, "field-id-number"))),
                   ==, "001090012345");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_shown (window, "field-birth-date"))),
                   ==, "17/05/1990");
  g_assert_true (text_shown (window, "Đã đọc thông tin từ thẻ"));
  g_assert_null (find_shown (window, "cccd-scan-choices"));
}

static void
cccd_body (McApplication *app,
           GtkWidget     *window,
           gpointer       data)
{
  wait_for (catalogue_cond, app, "the catalogue");
  open_form (window);
  g_assert_null (find_shown (window, "cccd-scan-choices"));
  click (window, "cccd-scan");
  g_assert_nonnull (find_shown (window, "cccd-scan-choices"));

  /* The scanner (SANE's pnm backend) with an empty glass: no card, said so. */
  write_glass (FALSE);
  click (window, "cccd-scan-scanner");
  wait_for (status_error_cond, window, "the scan of the card");
  g_assert_cmpstr (label_of (window, "cccd-scan-status"), ==,
                   "Không đọc được mã QR. Xin đặt thẻ phẳng, úp xuống, vào góc trên của mặt "
                   "kính, rồi quét lại.");

  /* A photo without a QR code, then the card's photo. */
  click (window, "cccd-scan-photo");
  maybe_screenshot (window, "assist-6-cccd-photos");
  click (window, "cccd-file-" IMPORT_FILE);
  wait_for (status_error_cond, window, "the photo without a QR code");
  g_assert_cmpstr (label_of (window, "cccd-scan-status"), ==,
                   "Không đọc được mã QR. Xin bảo đảm mã QR trên thẻ rõ nét và không bị che, "
                   "rồi thử lại.");
  click (window, "cccd-file-" CARD_PHOTO);
  assert_filled (window);
  maybe_screenshot (window, "assist-7-cccd-filled");

  /* The card itself on the scanner's glass, into a form emptied again. */
  empty_card_fields (window);
  write_glass (TRUE);
  click (window, "cccd-scan");
  click (window, "cccd-scan-scanner");
  assert_filled (window);
  g_unlink (GLASS_PPM);

  click (window, "home");
}

static gboolean
card_read_or_refused_cond (gpointer data)
{
  GtkWidget *status = find_shown (data, "cccd-scan-status");

  return name_filled_cond (data)
         || (status != NULL && gtk_widget_has_css_class (status, "error"));
}

typedef struct {
  GtkWidget *window;
  int        n;
} PagesLookup;

/* The scan page shows @n pages and is ready for another. */
static gboolean
scanned_pages_cond (gpointer data)
{
  PagesLookup *lookup = data;
  GtkWidget *box = find_shown (lookup->window, "scan-thumbnails");
  GtkWidget *scan = find_shown (lookup->window, "scan-page");

  return box != NULL && gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (box), lookup->n - 1) != NULL
         && gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (box), lookup->n) == NULL
         && scan != NULL && gtk_widget_is_sensitive (scan);
}

static gboolean
scan_ready_cond (gpointer data)
{
  GtkWidget *scan = find_shown (data, "scan-page");

  return scan != NULL && gtk_widget_is_sensitive (scan);
}

static void
devices_listed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  GPtrArray **devices = data;

  *devices = mc_scanner_list_devices_finish (MC_SCANNER (source), result, NULL);
  if (*devices == NULL)
    *devices = g_ptr_array_new ();
}

static gboolean
listed_cond (gpointer data)
{
  return *(GPtrArray **) data != NULL;
}

/* Whether another opener gets the pnm "scanner" (SANE keeps one handle per
 * device), asked of libsane on this thread once the scanner's worker has
 * done every job asked before (a listing, done after them, has come back). */
static SANE_Status
probe_open_pnm (McApplication *app)
{
  g_autoptr(GPtrArray) devices = NULL;
  SANE_Handle handle = NULL;
  SANE_Status status;

  mc_scanner_list_devices_async (mc_application_get_scanner (app), NULL, devices_listed_cb, &devices);
  wait_for (listed_cond, &devices, "the scanner's jobs");
  status = sane_open ("pnm:0", &handle);
  if (status == SANE_STATUS_GOOD)
    sane_close (handle);
  return status;
}

static void
cccd_after_documents_body (McApplication *app,
                           GtkWidget     *window,
                           gpointer       data)
{
  PagesLookup one = { window, 1 }, two = { window, 2 };
  GtkWidget *status;

  wait_for (catalogue_cond, app, "the catalogue");
  open_form (window);
  fill_form (window);
  click (window, "submit-dossier");
  pass_form_steps (window);
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "documents");

  /* A paper scanned on the documents step: the scanner is open now. */
  write_glass (FALSE);
  click_item (window, "doc-scan", 4);
  wait_for (scan_ready_cond, window, "the scanner on the documents step");
  click (window, "scan-page");
  wait_for (scanned_pages_cond, &one, "the scanned paper");
  click (window, "scan-done");
  wait_item_done (window, 4);

  /* Back to the applicant's form, emptied, and the card on the glass. */
  for (guint i = 0; i < 10 && g_strcmp0 (mc_window_get_page (MC_WINDOW (window)), "dossier") != 0; i++)
    click (window, "back");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "dossier");
  empty_card_fields (window);
  write_glass (TRUE);
  click (window, "cccd-scan");
  click (window, "cccd-scan-scanner");
  wait_for (card_read_or_refused_cond, window, "the scan of the card");
  status = find_shown (window, "cccd-scan-status");
  if (status != NULL && gtk_widget_has_css_class (status, "error"))
    g_error ("The card's scan after the documents step failed: %s",
             gtk_label_get_label (GTK_LABEL (status)));
  assert_filled (window);

  /* Forward again: the paper is still there, and the scanner still serves it. */
  click (window, "submit-dossier");
  pass_form_steps (window);
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "documents");
  wait_item_done (window, 4);
  write_glass (FALSE);
  click_item (window, "doc-scan", 4);
  wait_for (scan_ready_cond, window, "the scanner on the documents step");
  click (window, "scan-page");
  wait_for (scanned_pages_cond, &two, "the second page");
  g_unlink (GLASS_PPM);
  /* The kiosk's one scanner keeps the device open while the citizen is
   * here, and frees it for the next one. */
  g_assert_cmpint (probe_open_pnm (app), ==, SANE_STATUS_DEVICE_BUSY);

  click (window, "home");
  g_assert_cmpint (probe_open_pnm (app), ==, SANE_STATUS_GOOD);
}

static void
test_cccd_after_documents (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-assist-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmpdir, "kiosk", NULL);

  REQUIRE_DISPLAY ();
  run_application (data_dir, "http://127.0.0.1:9", cccd_after_documents_body, NULL);
}

static void
test_cccd_photo (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-assist-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmpdir, "kiosk", NULL);
  g_autofree char *card_dir = NULL;
  const char *personal[] = { "Nguyễn Văn An", "Nguyen Van An", "001090012345", "012345678",
                             "Hàng Bài", NULL };

  REQUIRE_DISPLAY ();
  run_application (data_dir, "http://127.0.0.1:9", cccd_body, NULL);

  /* Nothing of the card in a log line, and no scan of it left on disk. */
  assert_not_logged (personal);
  card_dir = g_build_filename (data_dir, "card-scan", NULL);
  {
    g_autoptr(GDir) dir = g_dir_open (card_dir, 0, NULL);

    g_assert_nonnull (dir);
    g_assert_null (g_dir_read_name (dir));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dll = NULL, *photo = NULL;

  record_logs ();

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/motcua-test-bus", TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_unsetenv ("LANGUAGE");

  g_test_init (&argc, &argv, NULL);

  /* SANE's configuration (libsane reads it once per process). */
  sane_dir = g_dir_make_tmp ("test-ui-assist-sane-XXXXXX", &error);
  g_assert_no_error (error);
  dll = g_build_filename (sane_dir, "dll.conf", NULL);
  /* pnm: a "scanner" that reads /tmp/input.ppm, for the card on the glass. */
  g_file_set_contents (dll, "pnm\n", -1, &error);
  g_assert_no_error (error);
  g_setenv ("SANE_CONFIG_DIR", sane_dir, TRUE);

  setup_import_dir ();
  photo = g_build_filename (import_dir, CARD_PHOTO, NULL);
  write_card_photo (photo);

  have_display = gtk_init_check ();
  mc_ui_init ();

  g_test_add_func ("/motcua/ui-assist/reprint-from-lookup", test_reprint);
  g_test_add_func ("/motcua/ui-assist/read-aloud-every-step", test_read_aloud);
  g_test_add_func ("/motcua/ui-assist/cccd-qr-from-photo-and-scanner", test_cccd_photo);
  g_test_add_func ("/motcua/ui-assist/cccd-qr-scan-after-documents", test_cccd_after_documents);

  return g_test_run ();
}
