/* test-ui-scan.c: the documents step in the kiosk's real window, with SANE's
 * test backend (real libsane, no hardware, enabled through a private
 * SANE_CONFIG_DIR) and the real portal simulator: a dossier for "Đăng ký khai
 * sinh" with a two-page scan (one page turned), a one-page scan and a JPEG
 * imported from the "USB stick" (MOTCUA_IMPORT_DIR); the simulator must hold
 * the very PDFs the kiosk stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ui-helpers.h"
#include "mc-documents-page.h"
#include "mc-pages.h"
#include "mc-pin.h"
#include "mc-scan-page.h"

static char *sane_dir;

/* The checklist item of "Giấy chứng sinh", the one required document of
 * 1.001193 (the others apply in a case only, or are shown at the counter). */
#define BIRTH_CERT 4
#define PROXY 1
#define SURROGACY 3

/* Scans one page on the "glass" and waits until it is among the thumbnails. */
static void
scan_page (GtkWidget *window,
           guint      n_after)
{
  CountLookup lookup = { window, n_after };

  wait_sensitive (window, "scan-page");
  click (window, "scan-page");
  wait_for (thumbnails_cond, &lookup, "a scanned page");
}

static guint
pdf_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *line;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  line = strstr (out, "Pages:");
  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen ("Pages:") + strspn (line + 6, " "), NULL, 10);
}

/* The colour space of a PDF's first embedded image ("gray", "rgb"), by
 * pdfimages -list; and that it is a JPEG ("jpeg" in the "enc" column). */
static char *
pdf_first_image_color (const char *path)
{
  const char *argv[] = { "pdfimages", "-list", path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) fields = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* "page num type width height color comp bpc enc ..." then a rule */
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 3);
  fields = g_regex_split_simple ("\\s+", g_strstrip (lines[2]), 0, 0);
  g_assert_cmpuint (g_strv_length (fields), >=, 9);
  g_assert_cmpstr (fields[8], ==, "jpeg");
  return g_strdup (fields[5]);
}

static gboolean
delivered_cond (gpointer data)
{
  GtkWidget *code = find_shown (data, "receipt-dossier-code");

  return code != NULL && *gtk_label_get_label (GTK_LABEL (code)) != '\0';
}

/* From the welcome page to the documents step of "Đăng ký khai sinh". */
static void
open_documents_step (GtkWidget *window)
{
  wait_for_widget (window, "search-entry");
  type_into (window, "search-entry", "khai sinh");
  click (window, "result-1.001193");
  click (window, "start-dossier");
  type_into (window, "field-full-name", "Nguyễn Văn An");
  type_into (window, "field-id-number", "001090012345");
  type_into (window, "field-birth-date", "17/05/1990");
  click (window, "sex-male");
  type_into (window, "field-phone", "0912345678");
  click (window, "submit-dossier");
  pass_form_steps (window);
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "documents");
}

static void
scan_submit_body (McApplication *app,
                  GtkWidget     *window,
                  gpointer       data)
{
  Sim *sim = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) dossiers = NULL;
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_autofree char *local_number = NULL;
  JsonArray *sim_attachments;
  JsonObject *dossier;
  GtkWidget *widget;
  McStore *store;

  open_documents_step (window);

  /* The checklist: the birth certificate is required, so "Continue" waits. */
  widget = wait_for_widget (window, "documents-continue");
  g_assert_false (gtk_widget_is_sensitive (widget));
  maybe_screenshot (window, "scan-1-checklist");

  /* Two pages of the birth certificate, the second turned right. */
  click_item (window, "doc-scan", BIRTH_CERT);
  scan_page (window, 1);
  scan_page (window, 2);
  wait_sensitive (window, "scan-rotate-right");
  click (window, "scan-rotate-right");
  settle ();
  g_assert_cmpuint (n_thumbnails (window), ==, 2);
  maybe_screenshot (window, "scan-2-scan-page");
  click (window, "scan-done");
  wait_item_done (window, BIRTH_CERT);
  g_assert_true (gtk_widget_is_sensitive (find_shown (window, "documents-continue")));

  /* One page of the proxy letter, in colour; the header's "Back" keeps it. */
  click_item (window, "doc-scan", PROXY);
  click (window, "scan-photo");
  scan_page (window, 1);
  click (window, "back");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "documents");
  wait_item_done (window, PROXY);

  /* A photo from the USB stick. */
  click_item (window, "doc-import", SURROGACY);
  wait_for_widget (window, "import-file-xac-nhan.jpg");
  maybe_screenshot (window, "scan-3-import");
  click (window, "import-file-xac-nhan.jpg");
  wait_item_done (window, SURROGACY);
  maybe_screenshot (window, "scan-4-checklist-done");

  click (window, "documents-continue");
  submit_from_review (window);
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "receipt");
  widget = wait_for_widget (window, "receipt-local-number");
  local_number = g_strdup (gtk_label_get_label (GTK_LABEL (widget)));
  wait_for (delivered_cond, window, "the dossier code on the receipt");

  /* What the kiosk stored... */
  store = mc_application_get_store (app, &error);
  g_assert_no_error (error);
  entry = mc_store_find_by_number (store, local_number, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->state, ==, MC_OUTBOX_DELIVERED);
  attachments = mc_store_list_attachments (store, entry->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attachments->len, ==, 3);
  /* In the checklist's order: the proxy letter, the JPEG, the birth certificate. */
  g_assert_cmpuint (pdf_pages (((McAttachment *) attachments->pdata[0])->path), ==, 1);
  g_assert_cmpuint (pdf_pages (((McAttachment *) attachments->pdata[1])->path), ==, 1);
  g_assert_cmpuint (pdf_pages (((McAttachment *) attachments->pdata[2])->path), ==, 2);
  {
    g_autofree char *colour = pdf_first_image_color (((McAttachment *) attachments->pdata[0])->path);
    g_autofree char *gray = pdf_first_image_color (((McAttachment *) attachments->pdata[2])->path);

    g_assert_cmpstr (colour, ==, "rgb");   /* "Photo or ID card" */
    g_assert_cmpstr (gray, ==, "gray");    /* text, the default */
  }

  /* ... is what the portal holds, byte for byte. */
  dossiers = sim_get_json (sim, "/_sim/dossiers");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (dossiers)), ==, 1);
  dossier = json_array_get_object_element (json_node_get_array (dossiers), 0);
  sim_attachments = json_object_get_array_member (dossier, "attachments");
  g_assert_cmpuint (json_array_get_length (sim_attachments), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      McAttachment *mine = attachments->pdata[i];
      JsonObject *theirs = json_array_get_object_element (sim_attachments, i);
      g_autofree char *sha = file_sha256 (mine->path);

      g_assert_cmpstr (sha, ==, mine->sha256);
      g_assert_cmpstr (json_object_get_string_member (theirs, "sha256_stored"), ==, sha);
      g_assert_cmpstr (json_object_get_string_member (theirs, "content_type"), ==, "application/pdf");
      g_assert_cmpstr (json_object_get_string_member (theirs, "document"), ==, mine->document);
      g_assert_true (g_str_has_suffix (json_object_get_string_member (theirs, "filename"), ".pdf"));
    }
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (sim_attachments, 2), "document"),
                                   "Giấy chứng sinh"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sim_attachments, 2), "filename"),
                   ==, "giay-chung-sinh-truong-hop-khong-co-giay-chung-sinh-thi-nop.pdf");
}

static void
test_scan_submit (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-scan-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmpdir, "kiosk", NULL);
  g_autofree char *config_path = NULL;
  Sim sim = { 0 };

  REQUIRE_DISPLAY ();

  if (!sim_start (&sim, tmpdir))
    {
      g_test_skip ("MOTCUA_PORTAL_SIM is not set to the simulator");
      return;
    }
  sim.tmpdir = tmpdir;

  /* Delivered dossiers' files are purged at once by default: kept here, so
   * that the test can read back what the kiosk stored. */
  config_path = g_build_filename (tmpdir, "kiosk.conf", NULL);
  g_assert_true (g_file_set_contents (config_path, "[kiosk]\nretention-days=30\n", -1, NULL));
  run_application_with_config (data_dir, config_path, sim.url, scan_submit_body, &sim);
  sim_stop (&sim);
}

/* No scanner at all (SANE finds no device): the scan step says so in plain
 * words and offers the USB stick instead; the imported JPEG is enough. */
static gboolean
shown_cond (gpointer data)
{
  Lookup *lookup = data;
  GtkWidget *widget = find_shown (lookup->root, lookup->name);

  return widget != NULL && gtk_widget_get_visible (widget);
}

static void
no_scanner_body (McApplication *app,
                 GtkWidget     *window,
                 gpointer       data)
{
  Lookup lookup = { window, "scan-import" };
  GtkWidget *status;

  open_documents_step (window);
  click_item (window, "doc-scan", BIRTH_CERT);
  wait_for (shown_cond, &lookup, "the import offer");
  settle ();
  status = find_shown (window, "scan-status");
  g_assert_nonnull (status);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (status)), "USB"));
  g_assert_null (find_shown (window, "scan-page"));   /* no button that does nothing */
  maybe_screenshot (window, "scan-5-no-scanner");

  /* "Look for the scanner again" (after plugging it in): a fresh search,
   * still none here. */
  click (window, "scan-refresh");
  wait_for (shown_cond, &lookup, "the import offer again");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (find_shown (window, "scan-status"))), "USB"));

  click (window, "scan-import");
  click (window, "import-file-xac-nhan.jpg");
  wait_item_done (window, BIRTH_CERT);
  click (window, "documents-continue");
  submit_from_review (window);
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "receipt");
}

static void
test_no_scanner (void)
{
  REQUIRE_DISPLAY ();

  /* libsane keeps its configuration for the life of the process: another one. */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  run_with_sim ("test-ui-scan-XXXXXX", no_scanner_body);
}

/* The clerk lets the citizen go on without the birth certificate: a reason
 * and the clerk PIN; a wrong PIN refuses, the right one skips it, and the
 * portal receives the waiver with the clerk's reason. */
#define WAIVE_REASON "Bệnh viện đang cấp lại, cán bộ đã xác minh"

static void
enter_waive_pin (GtkWidget  *window,
                 const char *pin)
{
  for (const char *p = pin; *p != '\0'; p++)
    {
      char name[] = "waive-pin-0";

      name[strlen (name) - 1] = *p;
      click (window, name);
    }
}

static void
waiver_body (McApplication *app,
             GtkWidget     *window,
             gpointer       data)
{
  Sim *sim = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) dossiers = NULL;
  JsonObject *body, *waiver;
  JsonArray *waivers;
  GtkWidget *widget;
  McStore *store;

  store = mc_application_get_store (app, &error);
  g_assert_no_error (error);
  g_assert_true (mc_pin_set (store, "2580", &error));
  g_assert_no_error (error);

  open_documents_step (window);
  g_assert_false (gtk_widget_is_sensitive (wait_for_widget (window, "documents-continue")));
  click_item (window, "doc-waive", BIRTH_CERT);
  wait_for_widget (window, "waive-reason");
  maybe_screenshot (window, "scan-6-waive");

  /* No reason: refused before the PIN is even looked at. */
  enter_waive_pin (window, "2580");
  click (window, "waive-confirm");
  g_assert_nonnull (find_shown (window, "waive-reason"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_shown (window, "waive-message"))), !=, "");

  /* A wrong PIN: refused, the pad is wiped, still on the waiver view. */
  type_into (window, "waive-reason", WAIVE_REASON);
  click (window, "waive-pin-erase");
  click (window, "waive-pin-erase");
  click (window, "waive-pin-erase");
  click (window, "waive-pin-erase");
  enter_waive_pin (window, "1357");
  click (window, "waive-confirm");
  g_assert_nonnull (find_shown (window, "waive-reason"));
  widget = find_shown (window, "waive-message");
  g_assert_true (gtk_widget_has_css_class (widget, "error"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (widget)), !=, "");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_shown (window, "waive-pin-display"))), ==, "");

  /* Cancel: nothing skipped. */
  click (window, "waive-cancel");
  g_assert_false (gtk_widget_is_sensitive (wait_for_widget (window, "documents-continue")));

  /* The right PIN and a reason: skipped, "Continue" goes on. */
  click_item (window, "doc-waive", BIRTH_CERT);
  type_into (window, "waive-reason", WAIVE_REASON);
  enter_waive_pin (window, "2580");
  click (window, "waive-confirm");
  widget = wait_for_widget (window, "documents-continue");
  g_assert_true (gtk_widget_is_sensitive (widget));
  g_assert_null (find_shown (window, "doc-waive-" G_STRINGIFY (BIRTH_CERT)));
  maybe_screenshot (window, "scan-7-waived");

  /* A language switch rebuilds the step: the imported file and the waiver
   * stay. */
  click_item (window, "doc-import", PROXY);
  click (window, "import-file-" IMPORT_FILE);
  wait_item_done (window, PROXY);
  click (window, "language-toggle");
  g_assert_cmpstr (mc_application_get_language (app), ==, "en");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "documents");
  wait_for_widget (window, "documents-continue");
  g_assert_true (text_shown (window, "Your papers"));
  g_assert_true (text_shown (window, "Skipped with the staff's agreement"));
  wait_item_done (window, PROXY);
  g_assert_true (gtk_widget_is_sensitive (find_shown (window, "documents-continue")));
  click (window, "language-toggle");
  g_assert_cmpstr (mc_application_get_language (app), ==, "vi");
  wait_item_done (window, PROXY);
  click (window, "documents-continue");

  /* The review lists the documents: the imported one with its pages and
   * size, the skipped one with the clerk's reason; tapping one goes back to
   * the documents step. */
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "review");
  widget = find_shown (window, "review-document-0");
  g_assert_nonnull (widget);
  g_assert_true (text_shown (widget, "1 trang"));
  widget = find_shown (window, "review-document-1");
  g_assert_nonnull (widget);
  g_assert_true (text_shown (widget, "Giấy chứng sinh"));
  g_assert_true (text_shown (widget, WAIVE_REASON));
  g_assert_null (find_shown (window, "review-document-2"));
  if (g_getenv ("MOTCUA_UI_SCREENSHOT_DIR") != NULL)
    {
      GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      maybe_screenshot (window, "scan-10-review-documents");
    }
  click (window, "review-document-1");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "documents");
  click (window, "documents-continue");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "review");
  submit_from_review (window);
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "receipt");
  wait_for (delivered_cond, window, "the dossier code on the receipt");

  /* The portal holds the waiver, with the clerk's reason, and the one file. */
  dossiers = sim_get_json (sim, "/_sim/dossiers");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (dossiers)), ==, 1);
  body = json_object_get_object_member (json_array_get_object_element (json_node_get_array (dossiers), 0),
                                        "body");
  g_assert_nonnull (body);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body, "attachments")), ==, 1);
  waivers = json_object_get_array_member (body, "waived_documents");
  g_assert_nonnull (waivers);
  g_assert_cmpuint (json_array_get_length (waivers), ==, 1);
  waiver = json_array_get_object_element (waivers, 0);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (waiver, "document"), "Giấy chứng sinh"));
  g_assert_cmpstr (json_object_get_string_member (waiver, "reason"), ==, WAIVE_REASON);
}

static void
test_waiver (void)
{
  REQUIRE_DISPLAY ();
  run_with_sim ("test-ui-scan-XXXXXX", waiver_body);
}

/* Crop ---------------------------------------------------------------------- */

/* The "USB stick"'s photo of an ID card lying in the glass's corner, taken
 * with the lid open: a white card (85.6 × 54 mm, with dark print) on a dark
 * 200 × 200 mm scan at 200 dpi. */
#define CARD_FILE "the-tren-nap.jpg"
#define CARD_W 674   /* 85.6 mm at 200 dpi */
#define CARD_H 425   /* 54 mm */

static void
write_card_on_lid (void)
{
  const int side = 1575;   /* 200 mm at 200 dpi */
  g_autofree guint8 *pixels = g_malloc ((gsize) side * side);
  g_autofree char *path = g_build_filename (import_dir, CARD_FILE, NULL);
  g_autoptr(McPage) page = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GError) error = NULL;

  for (int y = 0; y < side; y++)
    for (int x = 0; x < side; x++)
      {
        gboolean card = x < CARD_W && y < CARD_H;
        gboolean print = card && x > 40 && x < CARD_W - 40 && (y / 20) % 3 == 1;

        pixels[(gsize) y * side + x] = print ? 30 : card ? 245 : 45;
      }
  page = mc_page_new_from_data (import_dir, pixels, side, side, side, 200, MC_PAGE_GRAY, &error);
  g_assert_no_error (error);
  jpeg = mc_page_encode_jpeg (page, 90, FALSE, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg), &error);
  g_assert_no_error (error);
}

/* pdfinfo's "Page size: W x H pts" of @path. */
static void
pdf_page_size (const char *path,
               double     *width,
               double     *height)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *line;
  char *end;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  line = strstr (out, "Page size:");
  g_assert_nonnull (line);
  *width = g_ascii_strtod (line + strlen ("Page size:"), &end);
  g_assert_true (g_str_has_prefix (end, " x "));
  *height = g_ascii_strtod (end + 3, NULL);
}

static McPage *
shown_page (GtkWidget *window)
{
  GtkWidget *view = find_shown (window, "scan-view");

  g_assert_nonnull (view);
  return mc_document_get_page (mc_scan_page_get_document (MC_SCAN_PAGE (view)), 0);
}

static void
assert_page_px (GtkWidget *window,
                int        width,
                int        height,
                int        slack)
{
  McPage *page = shown_page (window);

  g_test_message ("page: %d × %d px at %u dpi", mc_page_get_width (page),
                  mc_page_get_height (page), mc_page_get_dpi (page));
  g_assert_cmpint (ABS (mc_page_get_width (page) - width), <=, slack);
  g_assert_cmpint (ABS (mc_page_get_height (page) - height), <=, slack);
}

/* The PDF at @index of the documents step's attachments (those provided, in
 * the checklist's order). */
static const char *
document_pdf (GtkWidget *window,
              guint      index)
{
  GtkWidget *documents = find_widget (window, "documents-page");
  GPtrArray *specs = mc_documents_page_get_attachments (MC_DOCUMENTS_PAGE (documents));

  g_assert_cmpuint (index, <, specs->len);
  return ((McAttachmentSpec *) specs->pdata[index])->source_path;
}

static void
assert_pdf_mm (const char *path,
               double      width_mm,
               double      height_mm)
{
  double w, h;

  pdf_page_size (path, &w, &h);
  g_test_message ("PDF page: %.1f × %.1f pt (%.1f × %.1f mm)", w, h, w * 25.4 / 72, h * 25.4 / 72);
  /* Within a pixel at 200 dpi (0.13 mm) and a little rounding. */
  g_assert_cmpfloat (fabs (w * 25.4 / 72 - width_mm), <, 0.5);
  g_assert_cmpfloat (fabs (h * 25.4 / 72 - height_mm), <, 0.5);
}

static void
crop_body (McApplication *app,
           GtkWidget     *window,
           gpointer       data)
{
  GtkWidget *status;
  McPage *before;

  open_documents_step (window);

  /* A scan of the whole glass (the test backend's: 200 × 200 mm, 200 dpi),
   * cut to the ID card's size, undone, then cut to A5. */
  click_item (window, "doc-scan", BIRTH_CERT);
  scan_page (window, 1);
  assert_page_px (window, 1574, 1574, 1);
  g_assert_nonnull (find_shown (window, "scan-crop"));
  g_assert_null (find_shown (window, "scan-crop-undo"));
  before = shown_page (window);

  click (window, "scan-crop-id-card");
  settle ();
  assert_page_px (window, CARD_W, CARD_H, 1);
  g_assert_true (shown_page (window) != before);   /* a new page, the old one kept */
  g_assert_nonnull (find_shown (window, "scan-crop-undo"));
  g_assert_cmpuint (n_thumbnails (window), ==, 1);
  maybe_screenshot (window, "scan-8-crop-card");

  click (window, "scan-crop-undo");
  settle ();
  g_assert_true (shown_page (window) == before);
  assert_page_px (window, 1574, 1574, 1);
  g_assert_null (find_shown (window, "scan-crop-undo"));

  /* A5 is 148 × 210 mm: on a 200 mm high scan, 148 × 200 mm. A second crop
   * starts from the page as scanned, not from the first crop. */
  click (window, "scan-crop-id-card");
  click (window, "scan-crop-a5");
  settle ();
  assert_page_px (window, 1165, 1574, 1);

  /* "Automatic" on the test backend's grid: no paper edge, the page stays. */
  click (window, "scan-crop-auto");
  settle ();
  assert_page_px (window, 1165, 1574, 1);
  status = find_shown (window, "scan-status");
  g_assert_nonnull (status);
  g_assert_false (gtk_widget_has_css_class (status, "error"));
  g_test_message ("auto on the grid: %s", gtk_label_get_label (GTK_LABEL (status)));
  maybe_screenshot (window, "scan-9-crop-a5");

  click (window, "scan-done");
  wait_item_done (window, BIRTH_CERT);
  assert_pdf_mm (document_pdf (window, 0), 148, 200);   /* the only one */

  /* The card photographed on the open lid, from the USB stick: "Automatic"
   * finds the card. */
  click_item (window, "doc-import", PROXY);
  click (window, "import-file-" CARD_FILE);
  wait_item_done (window, PROXY);
  click_item (window, "doc-scan", PROXY);
  wait_for_widget (window, "scan-crop-auto");
  assert_page_px (window, 1574, 1574, 1);
  click (window, "scan-crop-auto");
  settle ();
  assert_page_px (window, CARD_W, CARD_H, 3);
  click (window, "scan-done");
  wait_item_done (window, PROXY);
  assert_pdf_mm (document_pdf (window, 0), 85.6, 54);   /* before the birth certificate */
}

static void
test_crop (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-scan-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmpdir, "kiosk", NULL);
  Sim sim = { 0 };

  REQUIRE_DISPLAY ();

  if (!sim_start (&sim, tmpdir))
    {
      g_test_skip ("MOTCUA_PORTAL_SIM is not set to the simulator");
      return;
    }
  sim.tmpdir = tmpdir;
  write_card_on_lid ();
  run_application (data_dir, sim.url, crop_body, &sim);
  sim_stop (&sim);
}

/* The scanner remembered between runs -------------------------------------- */

typedef struct {
  Sim        sim;
  char      *data_dir;
  const char *expect_device;   /* the first name in the scanner list */
} RememberRun;

static gboolean
remembered_cond (gpointer data)
{
  RememberRun *run = data;
  g_autofree char *path = g_build_filename (run->data_dir, "kiosk.conf", NULL);
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL)
         && strstr (contents, "scanner=test:0\n") != NULL;
}

static void
remember_body (McApplication *app,
               GtkWidget     *window,
               gpointer       data)
{
  RememberRun *run = data;
  GtkWidget *dropdown;
  GListModel *names;

  open_documents_step (window);
  click_item (window, "doc-scan", BIRTH_CERT);
  wait_sensitive (window, "scan-page");
  /* The remembered scanner is opened alone and listed by its name; after a
   * full search, the backends' own names show. */
  dropdown = find_widget (window, "scan-device");
  names = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 1);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==, run->expect_device);

  scan_page (window, 1);
  wait_for (remembered_cond, run, "the scanner saved in kiosk.conf");
  g_assert_cmpstr (mc_application_get_config (app)->scanner, ==, "test:0");
}

static void
test_remember_scanner (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-scan-XXXXXX", NULL);
  g_autofree char *conf = NULL;
  g_autofree char *contents = NULL;
  RememberRun run = { 0 };

  REQUIRE_DISPLAY ();

  if (!sim_start (&run.sim, tmpdir))
    {
      g_test_skip ("MOTCUA_PORTAL_SIM is not set to the simulator");
      return;
    }
  run.sim.tmpdir = tmpdir;
  run.data_dir = g_build_filename (tmpdir, "kiosk", NULL);
  conf = g_build_filename (run.data_dir, "kiosk.conf", NULL);

  /* First run: nothing remembered, the full search; the scan saves it. */
  run.expect_device = "Noname frontend-tester";
  run_application (run.data_dir, run.sim.url, remember_body, &run);

  /* Second run, same data folder: straight to test:0. */
  run.expect_device = "test:0";
  run_application (run.data_dir, run.sim.url, remember_body, &run);

  /* The remembered scanner is gone: the full search again, and the one
   * found is remembered instead. */
  g_assert_true (g_file_get_contents (conf, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "scanner=test:0"));
  g_assert_true (g_file_set_contents (conf, "[kiosk]\nscanner=test:7\n", -1, NULL));
  run.expect_device = "Noname frontend-tester";
  run_application (run.data_dir, run.sim.url, remember_body, &run);

  sim_stop (&run.sim);
  g_free (run.data_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dll = NULL, *conf = NULL;

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/motcua-test-bus", TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_unsetenv ("LANGUAGE");

  g_test_init (&argc, &argv, NULL);

  /* libsane reads SANE_CONFIG_DIR once per process: before any SANE call. */
  sane_dir = g_dir_make_tmp ("test-ui-scan-sane-XXXXXX", &error);
  g_assert_no_error (error);
  dll = g_build_filename (sane_dir, "dll.conf", NULL);
  conf = g_build_filename (sane_dir, "test.conf", NULL);
  /* The no-scanner case runs in a subprocess of its own, with no backend. */
  g_file_set_contents (dll, g_test_subprocess () ? "\n" : "test\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (conf, "number_of_devices 1\ntest-picture \"Grid\"\n", -1, &error);
  g_assert_no_error (error);
  g_setenv ("SANE_CONFIG_DIR", sane_dir, TRUE);
  setup_import_dir ();

  have_display = gtk_init_check ();
  mc_ui_init ();

  g_test_add_func ("/motcua/ui-scan/scan-and-submit", test_scan_submit);
  g_test_add_func ("/motcua/ui-scan/no-scanner", test_no_scanner);
  g_test_add_func ("/motcua/ui-scan/clerk-waiver", test_waiver);
  g_test_add_func ("/motcua/ui-scan/crop", test_crop);
  g_test_add_func ("/motcua/ui-scan/remember-scanner", test_remember_scanner);

  return g_test_run ();
}
