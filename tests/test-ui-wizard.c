/* test-ui-wizard.c: "Đăng ký khai sinh" (1.001193) by touch only, in the real
 * window, against the real portal simulator: search on the on-screen keyboard,
 * identity from a CCCD QR payload typed as a USB HID reader types it, the phone
 * on the numeric pad, the form's questions (the child's name and place of
 * birth typed on the on-screen keyboard in Telex), the birth certificate and
 * the identity paper scanned from SANE's test backend (the portal must hold
 * the very PDFs the kiosk made), the review, submit, the receipt with the
 * portal's code, then "Print receipt" (GtkPrintOperation exporting through the
 * same draw-page into a PDF) and "Save PDF", both read back with pdftotext and
 * the QR code with zbarimg.
 *
 * It counts its own taps (bench/wizard prints them): every tap on a button or
 * a field, apart from the keys that type letters, digits and spaces; and the
 * time from "Submit" to the receipt with the portal's code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ui-helpers.h"
#include "mc-receipt-page.h"
#include "mc-keyboard.h"
#include "mc-speech.h"

/* The checklist of 1.001193: "Giấy chứng sinh" (required) and "Hộ chiếu/Thẻ
 * căn cước công dân/…" (the identity paper, to show). */
#define BIRTH_CERT 4
#define ID_PAPER 10

static char *sane_dir;
static gboolean counting; /* off for the review's detour, which no one needs */
static guint n_taps;      /* buttons, fields: what the bench counts */
static guint n_key_taps;  /* keys that type a character */

/* The first widget named @name that is on screen. */
static GtkWidget *
find_drawable (GtkWidget  *root,
               const char *name)
{
  if (!gtk_widget_is_drawable (root))
    return NULL;
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_drawable (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
tap (GtkWidget  *window,
     const char *name)
{
  n_taps += counting;
  click (window, name);
}

static void
tap_field (GtkWidget  *window,
           const char *name)
{
  GtkWidget *field = wait_for_widget (window, name);

  n_taps += counting;
  g_assert_true (gtk_widget_grab_focus (field));
  settle ();
}

static const char *
field_text (GtkWidget  *window,
            const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (find_shown (window, name)));
}

/* The focus is in the field named @name (or inside it). */
static void
assert_focused (GtkWidget  *window,
                const char *name)
{
  GtkWidget *field = wait_for_widget (window, name);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  g_assert_nonnull (focus);
  g_assert_true (focus == field || gtk_widget_is_ancestor (focus, field));
}

/* Letters, spaces, digits: on the on-screen keyboard, Telex for the marks.
 * A capital taps Shift first (a counted tap) unless the keyboard has put
 * Shift on by itself (names: each word). */
static void
tap_keys (GtkWidget  *window,
          const char *keys)
{
  for (const char *p = keys; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      g_autofree char *name = NULL;
      char text[8] = { 0 };

      g_assert_true (c == ' ' || g_ascii_isalpha (c) || g_unichar_isdigit (c));
      if (g_ascii_isupper (c))
        {
          GtkWidget *shift = find_drawable (window, "key-shift");

          g_assert_nonnull (shift);
          if (!gtk_widget_has_css_class (shift, "active"))
            tap (window, "key-shift");
          g_assert_true (gtk_widget_has_css_class (shift, "active"));
          c = g_ascii_tolower (c);
        }
      if (c == ' ')
        name = g_strdup ("key-space");
      else
        {
          g_unichar_to_utf8 (c, text);
          name = g_strconcat ("key-", text, NULL);
        }
      n_key_taps += counting;
      click (window, name);
    }
}

/* "Đăng ký khai sinh"'s question groups (data/forms.json) by touch, as
 * pass_form_step() answers them but typing on the on-screen keyboard: the
 * declarant is the mother (her step then opens with the applicant's details); the
 * child a girl born a year ago today (the date picker's "−" under the year),
 * her name and place of birth typed in Telex; the father's page left empty. */
static void
answer_form (GtkWidget *window)
{
  const char *page_name;

  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "form");
  while (g_strcmp0 (mc_window_get_page (MC_WINDOW (window)), "form") == 0)
    {
      GtkWidget *page = gtk_stack_get_visible_child (GTK_STACK (find_widget (window, "pages")));

      page_name = gtk_widget_get_name (page);
      if (g_str_equal (page_name, "form-declarant"))
        tap (window, "field-declarant-relationship-mother");
      else if (g_str_equal (page_name, "form-child"))
        {
          /* The first question, a name to type: the keyboard is up. */
          assert_focused (window, "field-child-full_name");
          g_assert_false (mc_keyboard_get_numeric (mc_window_get_keyboard (MC_WINDOW (window))));
          tap_keys (window, "nguyeenx thij hoa");
          g_assert_cmpstr (field_text (window, "field-child-full_name"),
                           ==, "Nguyễn Thị Hoa");
          tap (window, "field-child-sex-female");
          tap (window, "field-child-birth_date-year-minus");
          tap_field (window, "field-child-birth_place");
          tap_keys (window, "Beenhj vieenj Phuj sanr Haf Nooij");
          g_assert_cmpstr (field_text (window, "field-child-birth_place"),
                           ==, "Bệnh viện Phụ sản Hà Nội");
          maybe_screenshot (window, "wz-2a-child");
        }
      else if (g_str_equal (page_name, "form-mother"))
        /* The declarant is the mother: her details are the applicant's. */
        g_assert_cmpstr (field_text (window, "field-mother-full_name"),
                         ==, "Nguyễn Văn An");
      tap (window, "form-next");
      if (g_strcmp0 (mc_window_get_page (MC_WINDOW (window)), "form") == 0
          && gtk_stack_get_visible_child (GTK_STACK (find_widget (window, "pages"))) == page)
        g_error ("The form step %s did not go on", page_name);
    }
}

/* The checklist's "Scan" for document @index, one page from SANE's test
 * backend, "Done with this document". */
static void
scan_document (GtkWidget *window,
               guint      index)
{
  g_autofree char *name = g_strdup_printf ("doc-scan-%u", index);
  CountLookup lookup = { window, 1 };

  tap (window, name);
  wait_sensitive (window, "scan-page");
  tap (window, "scan-page");
  wait_for (thumbnails_cond, &lookup, "a scanned page");
  tap (window, "scan-done");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "documents");
  wait_item_done (window, index);
}

static const char *payload =
  "001090012345|012345678|Nguyễn Văn An|17051990|Nam|"
  "Số 1, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội|15042021";

static gboolean
print_done_cond (gpointer data)
{
  GtkWidget *button = find_widget (data, "receipt-print");

  return button != NULL && gtk_widget_is_sensitive (button);
}

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

/* Taps the shown "Read aloud" with a recorder for espeak-ng, then taps it
 * again to stop; returns what it was given to say. */
static char *
read_aloud (GtkWidget  *window,
            const char *tmpdir)
{
  g_autofree char *record = g_build_filename (tmpdir, "spoken.txt", NULL);
  g_autofree char *quoted = g_shell_quote (record);
  g_autofree char *command = g_strdup_printf ("sh -c 'printf \"%%s\\n\" \"$1\" > %s; exec sleep 60' rec",
                                              quoted);
  GtkWidget *button;
  char *contents = NULL;

  g_unlink (record);
  g_setenv ("MOTCUA_TTS_COMMAND", command, TRUE);
  settle ();
  button = find_drawable (window, "read-aloud");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_for (recorded_cond, record, "the text read aloud");
  g_assert_true (gtk_widget_has_css_class (button, "speaking"));
  g_signal_emit_by_name (button, "clicked");
  wait_for (not_speaking_cond, button, "reading to stop");
  g_unsetenv ("MOTCUA_TTS_COMMAND");
  g_assert_true (g_file_get_contents (record, &contents, NULL, NULL));
  return contents;
}

static void
wizard_body (McApplication *app,
             GtkWidget     *window,
             gpointer       data)
{
  Sim *sim = data;
  McConfig *config = mc_application_get_config (app);
  g_autofree char *printed = g_build_filename (sim->tmpdir, "printed.pdf", NULL);
  g_autofree char *local_number = NULL;
  g_autofree char *dossier_code = NULL;
  g_autofree char *tracking = NULL;
  g_autofree char *text = NULL;
  g_autofree char *qr = NULL;
  g_autofree char *saved = NULL;
  GtkWidget *widget;
  gint64 submitted_at, receipt_at;

  g_assert_cmpstr (mc_application_get_language (app), ==, "vi");
  n_taps = n_key_taps = 0;
  counting = TRUE;
  mc_window_set_review_step (MC_WINDOW (window), TRUE);

  /* The welcome page: tap the search box, type on the on-screen keyboard. */
  tap_field (window, "search-entry");
  wait_for_widget (window, "key-k");
  tap_keys (window, "khai sinh");
  tap (window, "result-1.001193");
  tap (window, "start-dossier");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "dossier");

  /* The card's QR code to the reader: no tap at all. */
  reader_types (window, payload);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_shown (window, "field-id-number"))),
                   ==, "001090012345");
  maybe_screenshot (window, "wz-1-form-from-card");

  /* The card's address, mapped to today's commune: taken at once. */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (find_shown (window, "address-commune"))),
                   ==, "Phường Cửa Nam");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (find_shown (window, "address-province"))),
                   ==, "Thành phố Hà Nội");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_shown (window, "field-street"))),
                   ==, "Số 1");

  /* The phone, what the card could not tell, is focused: the numeric pad. */
  assert_focused (window, "field-phone");
  g_assert_true (mc_keyboard_get_numeric (mc_window_get_keyboard (MC_WINDOW (window))));
  tap_keys (window, "0912345678");
  maybe_screenshot (window, "wz-2-form-done");

  /* The birth form's questions, one group a screen. */
  tap (window, "submit-dossier");
  answer_form (window);

  /* The documents step: the birth certificate and the identity paper, each
   * scanned (SANE's test backend); then the review: every answer in big type. */
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "documents");
  wait_for_widget (window, "documents-continue");
  scan_document (window, BIRTH_CERT);
  scan_document (window, ID_PAPER);
  maybe_screenshot (window, "wz-2b-documents");
  tap (window, "documents-continue");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "review");
  wait_for_widget (window, "review-submit");
  g_assert_true (text_shown (window, "Nguyễn Văn An"));
  g_assert_true (text_shown (window, "001090012345"));
  g_assert_true (text_shown (window, "17/05/1990"));
  g_assert_true (text_shown (window, "Nam"));
  g_assert_true (text_shown (window, "0912345678"));
  maybe_screenshot (window, "wz-2b-review");

  /* "Read aloud": the instruction goes to the synthesizer (a recorder here);
   * a second tap stops it. */
  {
    g_autofree char *spoken = read_aloud (window, sim->tmpdir);

    g_assert_true (g_str_has_prefix (spoken, "Kiểm tra lại thông tin."));
    g_assert_null (strstr (spoken, "Nguyễn Văn An"));
  }

  /* Tapping a line goes back to that field; Back from the review too. */
  counting = FALSE;
  tap (window, "review-phone");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "dossier");
  widget = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (widget);
  g_assert_true (widget == find_shown (window, "field-phone")
                 || gtk_widget_is_ancestor (widget, find_shown (window, "field-phone")));
  gtk_editable_set_position (GTK_EDITABLE (find_shown (window, "field-phone")), -1);
  /* The numeric pad's own Backspace (the letters' one is hidden). */
  n_key_taps += counting;
  settle ();
  g_signal_emit_by_name (find_drawable (window, "key-backspace"), "clicked");
  settle ();
  tap_keys (window, "9");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_shown (window, "field-phone"))),
                   ==, "0912345679");
  tap (window, "submit-dossier");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "review");
  g_assert_true (text_shown (window, "0912345679"));
  g_assert_false (text_shown (window, "0912345678"));
  g_assert_true (text_shown (window, "Số 1, Phường Cửa Nam, Thành phố Hà Nội"));

  /* The address by hand: the review's line, then province → commune with
   * the search box. */
  tap (window, "review-address");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "dossier");
  tap (window, "address-province");
  type_into (window, "address-search", "bac ninh");
  gtk_widget_activate (wait_for_widget (window, "unit-24"));
  settle ();
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (find_shown (window, "address-province"))),
                   ==, "Tỉnh Bắc Ninh");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (find_shown (window, "address-commune"))),
                   ==, "Chọn xã, phường");
  tap (window, "address-commune");
  maybe_screenshot (window, "wz-2c-commune-chooser");
  type_into (window, "address-search", "kinh bac");
  widget = wait_for_widget (window, "address-list");
  gtk_widget_activate (gtk_widget_get_first_child (widget));
  settle ();
  g_assert_true (g_str_has_suffix (gtk_button_get_label (GTK_BUTTON (find_shown (window, "address-commune"))),
                                   "Kinh Bắc"));
  tap (window, "submit-dossier");
  g_assert_true (text_shown (window, "Tỉnh Bắc Ninh"));
  /* Back to the card's. */
  tap (window, "review-address");
  tap (window, "address-from-card-0");
  tap (window, "submit-dossier");
  g_assert_true (text_shown (window, "Số 1, Phường Cửa Nam, Thành phố Hà Nội"));

  /* Back from the review: the documents step, its file kept; back again:
   * the form's steps one by one, then the applicant's. */
  tap (window, "back");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "documents");
  wait_item_done (window, BIRTH_CERT);
  wait_item_done (window, ID_PAPER);
  for (const char * const *step = (const char * const[]) { "form-father", "form-mother",
                                                           "form-child", "form-declarant",
                                                           NULL };
       *step != NULL; step++)
    {
      tap (window, "back");
      g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "form");
      g_assert_cmpstr (gtk_widget_get_name (gtk_stack_get_visible_child (
                         GTK_STACK (find_widget (window, "pages")))), ==, *step);
    }
  tap (window, "back");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "dossier");
  g_assert_true (text_shown (window, "Nguyễn Văn An"));
  tap (window, "submit-dossier");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "review");
  counting = TRUE;

  /* Submit; the portal is up: the receipt with its code. */
  submitted_at = g_get_monotonic_time ();
  tap (window, "review-submit");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "receipt");
  g_assert_null (gtk_stack_get_child_by_name (GTK_STACK (find_widget (window, "pages")), "review"));
  wait_for (receipt_delivered_cond, window, "the dossier code on the receipt");
  receipt_at = g_get_monotonic_time ();
  local_number = g_strdup (gtk_label_get_label (GTK_LABEL (find_shown (window, "receipt-local-number"))));
  dossier_code = g_strdup (gtk_label_get_label (GTK_LABEL (find_shown (window, "receipt-dossier-code"))));
  tracking = mc_config_expand_url (config->tracking_url_pattern, dossier_code);
  maybe_screenshot (window, "wz-3-receipt");

  /* The portal has the address, in 2025 units. */
  {
    g_autoptr(JsonNode) dossiers = sim_get_json (sim, "/_sim/dossiers");
    JsonObject *dossier = json_array_get_object_element (json_node_get_array (dossiers), 0);
    JsonObject *applicant = json_object_get_object_member (
      json_object_get_object_member (dossier, "body"), "applicant");
    JsonObject *address = json_object_get_object_member (applicant, "address");

    g_assert_nonnull (address);
    g_assert_cmpint (json_object_get_int_member (address, "province_code"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (address, "commune_code"), ==, 82);
    g_assert_cmpstr (json_object_get_string_member (address, "street"), ==, "Số 1");
  }

  /* The two scans: what the kiosk stored is what the portal holds. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) dossiers = sim_get_json (sim, "/_sim/dossiers");
    JsonObject *dossier = json_array_get_object_element (json_node_get_array (dossiers), 0);
    JsonArray *theirs = json_object_get_array_member (dossier, "attachments");
    McStore *store = mc_application_get_store (app, &error);
    g_autoptr(McOutboxEntry) entry = NULL;
    g_autoptr(GPtrArray) mine = NULL;

    g_assert_no_error (error);
    entry = mc_store_find_by_number (store, local_number, &error);
    g_assert_no_error (error);
    mine = mc_store_list_attachments (store, entry->id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (mine->len, ==, 2);
    g_assert_cmpuint (json_array_get_length (theirs), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        McAttachment *attachment = mine->pdata[i];
        JsonObject *their = json_array_get_object_element (theirs, i);
        g_autofree char *sha = file_sha256 (attachment->path);

        g_assert_cmpstr (sha, ==, attachment->sha256);
        g_assert_cmpstr (json_object_get_string_member (their, "sha256_stored"), ==, sha);
        g_assert_cmpstr (json_object_get_string_member (their, "content_type"), ==, "application/pdf");
        g_assert_cmpstr (json_object_get_string_member (their, "document"), ==, attachment->document);
      }
    /* In the checklist's order. */
    g_assert_true (g_str_has_prefix (json_object_get_string_member (
                                       json_array_get_object_element (theirs, 0), "document"),
                                     "Giấy chứng sinh"));
    g_assert_true (g_str_has_prefix (json_object_get_string_member (
                                       json_array_get_object_element (theirs, 1), "document"),
                                     "Hộ chiếu/Thẻ căn cước"));
  }
  {
    g_autofree char *spoken = read_aloud (window, sim->tmpdir);
    g_autofree char *spelt = mc_speech_spell_codes (dossier_code);

    g_assert_nonnull (strstr (spoken, "Hồ sơ của quý khách đã được tiếp nhận."));
    g_assert_nonnull (strstr (spoken, spelt));
  }

  /* "Print receipt": the print operation's own draw-page, exported. */
  g_setenv ("MOTCUA_PRINT_EXPORT", printed, TRUE);
  tap (window, "receipt-print");
  wait_for (print_done_cond, window, "the print to finish");
  wait_for (file_cond, printed, "the printed PDF");
  g_unsetenv ("MOTCUA_PRINT_EXPORT");
  text = pdf_text (printed);
  g_assert_nonnull (strstr (text, "PHIẾU TIẾP NHẬN HỒ SƠ"));
  g_assert_nonnull (strstr (text, "Thủ tục đăng ký khai sinh"));
  g_assert_nonnull (strstr (text, "Mã thủ tục: 1.001193"));
  g_assert_nonnull (strstr (text, local_number));
  g_assert_nonnull (strstr (text, dossier_code));
  /* The catalogue's bare "1" has no unit: no date is made up. */
  g_assert_nonnull (strstr (text, "Ngày hẹn trả kết quả: xin hỏi cán bộ"));
  /* No personal data on the receipt. */
  g_assert_null (strstr (text, "001090012345"));
  g_assert_null (strstr (text, "Nguyễn Văn An"));
  qr = pdf_qr (printed, sim->tmpdir);
  g_assert_cmpstr (qr, ==, tracking);
  g_assert_true (text_shown (window, "Đã gửi phiếu tới máy in."));

  /* "Save PDF": into the data folder's receipts/. */
  /* The other way to keep the receipt: a citizen takes one of the two, the
   * test both (the tap is counted apart). */
  counting = FALSE;
  tap (window, "receipt-save-pdf");
  counting = TRUE;
  widget = find_shown (GTK_WIDGET (window), "receipt-print-status");
  g_assert_nonnull (widget);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (widget)), local_number));
  saved = g_strdup (mc_receipt_page_get_saved_path (MC_RECEIPT_PAGE (gtk_widget_get_ancestor (widget, MC_TYPE_RECEIPT_PAGE))));
  g_assert_nonnull (saved);
  g_assert_true (g_str_has_prefix (saved, mc_application_get_data_dir (app)));
  g_clear_pointer (&text, g_free);
  text = pdf_text (saved);
  g_assert_nonnull (strstr (text, local_number));
  g_assert_nonnull (strstr (text, dossier_code));
  g_assert_nonnull (strstr (text, "Quét để theo dõi hồ sơ trên điện thoại"));
  g_clear_pointer (&qr, g_free);
  qr = pdf_qr (saved, sim->tmpdir);
  g_assert_cmpstr (qr, ==, tracking);
  maybe_screenshot (window, "wz-4-receipt-printed");

  tap (window, "receipt-home");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "welcome");

  /* The dossier is in the outbox: its draft is gone. */
  {
    g_autoptr(GError) error = NULL;
    McStore *store = mc_application_get_store (app, &error);
    g_autofree char *draft = NULL;

    g_assert_no_error (error);
    draft = mc_store_find_draft (store, 0, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_null (draft);
  }

  /* bench/wizard reads these lines. */
  g_test_message ("wizard: taps %u (plus %u keys typing letters, digits, spaces; "
                  "plus 1 on \"Save PDF\", the alternative to printing the test also takes)",
                  n_taps, n_key_taps);
  g_test_message ("wizard: submit to receipt with the portal's code: %.0f ms",
                  (receipt_at - submitted_at) / 1000.0);
}

static void
test_wizard (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-wizard-XXXXXX", NULL);
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

  /* Delivered dossiers' files are kept, to compare with the portal's. */
  config_path = g_build_filename (tmpdir, "kiosk.conf", NULL);
  g_assert_true (g_file_set_contents (config_path, "[kiosk]\nretention-days=30\n", -1, NULL));
  run_application_with_config (data_dir, config_path, sim.url, wizard_body, &sim);
  sim_stop (&sim);
}

/* A power cut mid-form: the answers so far are in the store's drafts. */
static void
draft_fill_body (McApplication *app,
                 GtkWidget     *window,
                 gpointer       data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *code = NULL;
  McStore *store;

  gtk_editable_set_text (GTK_EDITABLE (wait_for_widget (window, "search-entry")), "khai sinh");
  click (window, "result-1.001193");
  click (window, "start-dossier");
  reader_types (window, payload);

  store = mc_application_get_store (app, &error);
  g_assert_no_error (error);
  draft = mc_store_find_draft (store, 0, NULL, &code, &error);
  g_assert_no_error (error);
  g_assert_nonnull (draft);
  g_assert_cmpstr (code, ==, "1.001193");
  g_assert_nonnull (strstr (draft, "001090012345"));
  /* The window goes without "home": the power is cut. */
}

static GtkWidget *
find_toplevel (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_widget_get_name (window), name) == 0 && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static gboolean
toplevel_cond (gpointer data)
{
  return find_toplevel (data) != NULL;
}

static void
draft_restore_body (McApplication *app,
                    GtkWidget     *window,
                    gpointer       data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *draft = NULL;
  GtkWidget *dialog;
  McStore *store;

  /* Back on: offered, with no personal data until "Continue". */
  wait_for (toplevel_cond, (gpointer) "draft-dialog", "the draft dialog");
  dialog = find_toplevel ("draft-dialog");
  g_assert_null (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Nguyễn"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "Thủ tục đăng ký khai sinh"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  gtk_window_destroy (GTK_WINDOW (dialog));
  settle ();
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "dossier");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wait_for_widget (window, "field-full-name"))),
                   ==, "Nguyễn Văn An");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_shown (window, "field-id-number"))),
                   ==, "001090012345");

  /* The visit ends: the draft is deleted. */
  click (window, "home");
  store = mc_application_get_store (app, &error);
  g_assert_no_error (error);
  draft = mc_store_find_draft (store, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (draft);
}

static void
test_draft (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-wizard-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmpdir, "kiosk", NULL);

  REQUIRE_DISPLAY ();

  /* No portal needed: an address nobody listens on. */
  run_application (data_dir, "http://127.0.0.1:9", draft_fill_body, NULL);
  run_application (data_dir, "http://127.0.0.1:9", draft_restore_body, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/motcua-test-bus", TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_unsetenv ("LANGUAGE");
  g_unsetenv ("MOTCUA_PRINT_EXPORT");
  g_unsetenv ("MOTCUA_TTS_COMMAND");

  g_test_init (&argc, &argv, NULL);

  sane_dir = setup_sane_test_backend ();
  have_display = gtk_init_check ();
  mc_ui_init ();
  setup_import_dir ();

  g_test_add_func ("/motcua/ui-wizard/birth-registration", test_wizard);
  g_test_add_func ("/motcua/ui-wizard/draft-after-power-cut", test_draft);

  status = g_test_run ();
  for (const char * const *file = (const char * const[]) { "dll.conf", "test.conf", NULL };
       *file != NULL; file++)
    {
      g_autofree char *path = g_build_filename (sane_dir, *file, NULL);

      g_unlink (path);
    }
  g_rmdir (sane_dir);
  g_free (sane_dir);
  return status;
}
