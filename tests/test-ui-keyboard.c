/* test-ui-keyboard.c: the on-screen Vietnamese keyboard and the CCCD QR reader
 * in the kiosk's real window, under Xvfb: keys are tapped by emitting
 * "clicked" on the keyboard's own buttons; physical and QR-reader keys go in
 * through mc_window_handle_key(), the entry point of the window's key
 * controller, with their event times.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-keyboard.h"
#include "ui-helpers.h"

/* The real application and window; the portal is never reached here. */
static void
run_offline (UiBody body)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-keyboard-XXXXXX", NULL);

  run_application (tmpdir, "http://127.0.0.1:9", body, NULL);
}

/* Welcome -> "khai sinh" -> the dossier form, as a citizen goes there. */
static void
open_form (GtkWidget *window)
{
  GtkWidget *search = wait_for_widget (window, "search-entry");

  gtk_editable_set_text (GTK_EDITABLE (search), "khai sinh");
  click (window, "result-1.001193");
  click (window, "start-dossier");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "dossier");
}

static gboolean
text_shown_in (GtkWidget  *root,
               const char *text)
{
  if (!gtk_widget_is_drawable (root))
    return FALSE;
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_label (GTK_LABEL (root)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (text_shown_in (child, text))
      return TRUE;
  return FALSE;
}

static const char *
field_text (GtkWidget  *window,
            const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (find_shown (window, name)));
}

static gboolean
shift_on (GtkWidget *window)
{
  return gtk_widget_has_css_class (find_shown (window, "key-shift"), "active");
}

/* Taps the keys for @keys: letters (Shift first for a capital, unless the
 * keyboard already shows capitals), spaces, digits on the numeric pad. */
static void
tap_keys (GtkWidget  *window,
          const char *keys)
{
  for (const char *p = keys; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      g_autofree char *name = NULL;

      if (c == ' ')
        name = g_strdup ("key-space");
      else if (c == '/')
        name = g_strdup ("key-slash");
      else
        {
          gunichar lower = g_unichar_tolower (c);
          char text[8] = { 0 };

          g_unichar_to_utf8 (lower, text);
          name = g_strconcat ("key-", text, NULL);
          if (g_unichar_isupper (c) && !shift_on (window))
            click (window, "key-shift");
          else if (g_unichar_islower (c) && shift_on (window))
            click (window, "key-shift");
        }
      click (window, name);
    }
}

typedef struct {
  GtkWidget *window;
  GtkWidget *field;
} Covered;

/* The focused field is entirely above the keyboard's top edge, and entirely
 * in the visible part of its scrolled page. */
static gboolean
field_above_keyboard_cond (gpointer data)
{
  Covered *covered = data;
  GtkWidget *keyboard = find_widget (covered->window, "keyboard");
  GtkWidget *scrolled = gtk_widget_get_ancestor (covered->field, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t field, board, in_page;

  if (!gtk_widget_get_visible (keyboard) || gtk_widget_get_height (keyboard) == 0)
    return FALSE;
  g_assert_true (gtk_widget_compute_bounds (covered->field, covered->window, &field));
  g_assert_true (gtk_widget_compute_bounds (keyboard, covered->window, &board));
  g_assert_nonnull (scrolled);
  g_assert_true (gtk_widget_compute_bounds (covered->field, scrolled, &in_page));

  /* With room for the field's title above and its message below, as far as
   * the page goes. */
  {
    GtkWidget *content = gtk_viewport_get_child (GTK_VIEWPORT (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled))));
    graphene_rect_t in_content;
    double above, below;

    g_assert_true (gtk_widget_compute_bounds (covered->field, content, &in_content));
    above = MIN (60, in_content.origin.y);
    below = MIN (80, gtk_widget_get_height (content) - in_content.origin.y - in_content.size.height);

    return field.origin.y >= 0 && field.origin.y + field.size.height <= board.origin.y
           && in_page.origin.y >= above
           && in_page.origin.y + in_page.size.height + below <= gtk_widget_get_height (scrolled);
  }
}

/* @data (a widget) is entirely in the visible part of its scrolled page. */
static gboolean
in_view_cond (gpointer data)
{
  GtkWidget *widget = data;
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  g_assert_nonnull (scrolled);
  if (!gtk_widget_compute_bounds (widget, scrolled, &bounds))
    return FALSE;
  return bounds.origin.y >= 0
         && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scrolled);
}

static void
assert_not_covered (GtkWidget  *window,
                    const char *field_name)
{
  Covered covered = { window, find_shown (window, field_name) };

  g_assert_nonnull (covered.field);
  wait_for (field_above_keyboard_cond, &covered, "the focused field above the keyboard");
}

static void
focus_field (GtkWidget  *window,
             const char *name)
{
  GtkWidget *field = wait_for_widget (window, name);

  g_assert_true (gtk_widget_grab_focus (field));
  settle ();
}

static void
telex_by_touch_body (McApplication *app,
                     GtkWidget     *window,
                     gpointer       data)
{
  McKeyboard *keyboard = mc_window_get_keyboard (MC_WINDOW (window));
  GtkWidget *widget;

  /* On the welcome page the search box has the keyboard too: search by touch. */
  focus_field (window, "search-entry");
  wait_for_widget (window, "key-k");
  g_assert_false (mc_keyboard_get_numeric (keyboard));
  assert_not_covered (window, "search-entry");
  tap_keys (window, "khai sinh");
  g_assert_cmpstr (field_text (window, "search-entry"), ==, "khai sinh");
  wait_for_widget (window, "result-1.001193");
  maybe_screenshot (window, "kb-0-search");
  /* "Done" on the search box: the keyboard steps aside for the results. */
  click (window, "key-done");
  g_assert_false (gtk_widget_get_visible (find_widget (window, "keyboard")));
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "welcome");
  click (window, "result-1.001193");
  /* No field on the procedure page: no keyboard. */
  g_assert_false (gtk_widget_get_visible (find_widget (window, "keyboard")));
  click (window, "start-dossier");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "dossier");

  /* The name field has the focus: the letters show, never over the field. */
  wait_for_widget (window, "key-q");
  g_assert_false (mc_keyboard_get_numeric (keyboard));
  assert_not_covered (window, "field-full-name");
  widget = find_shown (window, "key-q");
  g_assert_cmpint (gtk_widget_get_height (widget), >=, 56);
  g_assert_cmpint (gtk_widget_get_width (widget), >=, 56);
  /* Names start with a capital by themselves. */
  g_assert_true (shift_on (window));

  /* Telex by touch. */
  tap_keys (window, "Nguyeexn Vawn An");
  g_assert_cmpstr (field_text (window, "field-full-name"), ==, "Nguyễn Văn An");
  maybe_screenshot (window, "kb-1-telex");

  /* The tone and mark keys, for people who do not know Telex. */
  gtk_editable_set_text (GTK_EDITABLE (find_shown (window, "field-full-name")), "");
  settle ();
  tap_keys (window, "Tran");
  click (window, "key-mark-aa");
  click (window, "key-tone-huyen");
  tap_keys (window, " Thi");
  click (window, "key-tone-nang");
  g_assert_cmpstr (field_text (window, "field-full-name"), ==, "Trần Thị");
  /* "ê" with no e in the word types the letter. */
  tap_keys (window, " Y");
  click (window, "key-mark-ee");
  click (window, "key-n");
  g_assert_cmpstr (field_text (window, "field-full-name"), ==, "Trần Thị Yên");

  /* Backspace undoes one step at a time: the letter, then... */
  click (window, "key-backspace");
  g_assert_cmpstr (field_text (window, "field-full-name"), ==, "Trần Thị Yê");
  gtk_editable_set_text (GTK_EDITABLE (find_shown (window, "field-full-name")), "");
  settle ();
  tap_keys (window, "Hoa");
  click (window, "key-tone-huyen");
  g_assert_cmpstr (field_text (window, "field-full-name"), ==, "Hoà");
  /* ... the tone, and not the whole letter. */
  click (window, "key-backspace");
  g_assert_cmpstr (field_text (window, "field-full-name"), ==, "Hoa");
  /* Telex by touch has the same undo step: "Hoa" + f, then backspace. */
  tap_keys (window, "f");
  g_assert_cmpstr (field_text (window, "field-full-name"), ==, "Hoà");
  click (window, "key-backspace");
  g_assert_cmpstr (field_text (window, "field-full-name"), ==, "Hoa");

  /* A tone key with no word: a plain hint, nothing typed. */
  tap_keys (window, " ");
  click (window, "key-tone-sac");
  g_assert_cmpstr (field_text (window, "field-full-name"), ==, "Hoa ");
  g_assert_true (text_shown_in (find_widget (window, "keyboard"), "Dấu cách"));
  widget = find_shown (window, "keyboard-hint");
  g_assert_nonnull (widget);
  g_assert_true (gtk_widget_has_css_class (widget, "warning"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (widget)), ==,
                   "Hãy gõ các chữ cái của từ trước, rồi bấm dấu.");
  maybe_screenshot (window, "kb-2-tone-hint");
  /* The next key takes the warning away. */
  tap_keys (window, "B");
  g_assert_false (gtk_widget_has_css_class (widget, "warning"));

  /* A physical keyboard through the same engine. */
  gtk_editable_set_text (GTK_EDITABLE (find_shown (window, "field-full-name")), "");
  settle ();
  {
    const guint keyvals[] = { GDK_KEY_L, GDK_KEY_e, GDK_KEY_e, GDK_KEY_space, GDK_KEY_V,
                              GDK_KEY_i, GDK_KEY_e, GDK_KEY_e, GDK_KEY_t, GDK_KEY_j };
    gint64 time_us = 1000000;

    for (guint i = 0; i < G_N_ELEMENTS (keyvals); i++)
      {
        /* A person's pace: 200 ms between keys. */
        time_us += 200000;
        g_assert_true (mc_window_handle_key (MC_WINDOW (window), keyvals[i], 0, time_us));
      }
    g_assert_cmpstr (field_text (window, "field-full-name"), ==, "Lê Việt");
    /* Backspace: the engine first ("Việt" -> "Viêt"). */
    g_assert_true (mc_window_handle_key (MC_WINDOW (window), GDK_KEY_BackSpace, 0,
                                         time_us + 200000));
    g_assert_cmpstr (field_text (window, "field-full-name"), ==, "Lê Viêt");
  }

  /* "Done" moves on to the next field: the CCCD number, on the numeric pad. */
  click (window, "key-done");
  g_assert_true (gtk_widget_has_focus (gtk_widget_get_first_child (find_shown (window, "field-id-number")))
                 || gtk_widget_has_focus (find_shown (window, "field-id-number")));
  settle ();
  g_assert_true (mc_keyboard_get_numeric (keyboard));
  wait_for_widget (window, "key-0");
  g_assert_null (find_shown (window, "key-letters"));
  g_assert_null (find_shown (window, "key-q"));
  assert_not_covered (window, "field-id-number");
  tap_keys (window, "001090012345");
  g_assert_cmpstr (field_text (window, "field-id-number"), ==, "001090012345");
  maybe_screenshot (window, "kb-3-numeric");

  /* The birth date: digits and "/"; the field is still in view. */
  focus_field (window, "field-birth-date");
  g_assert_true (mc_keyboard_get_numeric (keyboard));
  assert_not_covered (window, "field-birth-date");
  tap_keys (window, "17/05/1990");
  g_assert_cmpstr (field_text (window, "field-birth-date"), ==, "17/05/1990");

  /* The phone, at the bottom of the form, scrolled up above the keyboard. */
  focus_field (window, "field-phone");
  g_assert_true (mc_keyboard_get_numeric (keyboard));
  assert_not_covered (window, "field-phone");
  maybe_screenshot (window, "kb-4-phone");

  /* Back to the name: letters again. */
  focus_field (window, "field-full-name");
  g_assert_false (mc_keyboard_get_numeric (keyboard));
  assert_not_covered (window, "field-full-name");
  maybe_screenshot (window, "kb-5-letters");

  /* In English, the keyboard speaks English too. */
  click (window, "language-toggle");
  focus_field (window, "field-full-name");
  wait_for_widget (window, "key-space");
  g_assert_true (text_shown_in (find_widget (window, "keyboard"), "Space"));
  g_assert_true (text_shown_in (find_widget (window, "keyboard"), "Done"));
  g_assert_false (text_shown_in (find_widget (window, "keyboard"), "Dấu cách"));
  /* The focus puts the cursor at the end, nothing selected: a tap adds. */
  g_assert_false (gtk_editable_get_selection_bounds (GTK_EDITABLE (find_shown (window, "field-full-name")),
                                                     NULL, NULL));
  tap_keys (window, " Anh");
  g_assert_cmpstr (field_text (window, "field-full-name"), ==, "Lê Viêt Anh");
  maybe_screenshot (window, "kb-9-english");
  click (window, "language-toggle");

  /* No field, no keyboard. */
  gtk_widget_grab_focus (find_shown (window, "submit-dossier"));
  settle ();
  g_assert_false (gtk_widget_get_visible (find_widget (window, "keyboard")));
}

static void
test_telex_by_touch (void)
{
  REQUIRE_DISPLAY ();
  run_offline (telex_by_touch_body);
}

/* One key into the window's key entry point at @time_us; a key the window
 * lets through is then handled as GTK would: typed into the focused field, or
 * Enter activates it. */
static void
send_key (GtkWidget *window,
          guint      keyval,
          gint64     time_us)
{
  GtkWidget *focus;
  gunichar c;

  if (mc_window_handle_key (MC_WINDOW (window), keyval, 0, time_us))
    return;

  focus = gtk_root_get_focus (GTK_ROOT (window));
  if (focus == NULL || !GTK_IS_EDITABLE (focus))
    return;

  c = gdk_keyval_to_unicode (keyval);
  if (keyval == GDK_KEY_Return)
    g_signal_emit_by_name (focus, "activate");
  else if (c != 0 && g_unichar_isprint (c))
    {
      char text[8] = { 0 };
      int pos = gtk_editable_get_position (GTK_EDITABLE (focus));

      g_unichar_to_utf8 (c, text);
      gtk_editable_insert_text (GTK_EDITABLE (focus), text, -1, &pos);
      gtk_editable_set_position (GTK_EDITABLE (focus), pos);
    }
}

/* @text at @gap_us between keys, then Enter if @enter. */
static void
send_keys (GtkWidget  *window,
           const char *text,
           gint64      gap_us,
           gboolean    enter,
           gint64     *time_us)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      *time_us += gap_us;
      send_key (window, gdk_unicode_to_keyval (g_utf8_get_char (p)), *time_us);
    }
  if (enter)
    {
      *time_us += gap_us;
      send_key (window, GDK_KEY_Return, *time_us);
    }
  settle ();
}

#define PERSON_GAP_US  (180 * 1000)
#define READER_GAP_US  (4 * 1000)

static const char *valid_payload =
  "001090012345|012345678|Nguyễn Văn An|17051990|Nam|"
  "Số 1, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội|15042021";

static void
cccd_scan_body (McApplication *app,
                GtkWidget     *window,
                gpointer       data)
{
  McKeyboard *keyboard = mc_window_get_keyboard (MC_WINDOW (window));
  GtkWidget *message;
  GtkWidget *widget;
  gint64 time_us = 10 * G_USEC_PER_SEC;

  open_form (window);
  wait_for_widget (window, "cccd-hint");
  assert_not_covered (window, "field-full-name");
  g_assert_true (text_shown_in (window, "Quét mã QR trên thẻ CCCD"));
  g_assert_null (find_shown (window, "cccd-message"));
  maybe_screenshot (window, "kb-6-form-scan-hint");

  /* A person starts typing the phone number, then scans the card instead. */
  focus_field (window, "field-phone");
  send_keys (window, "09", PERSON_GAP_US, FALSE, &time_us);
  g_assert_cmpstr (field_text (window, "field-phone"), ==, "09");
  time_us += PERSON_GAP_US;
  send_keys (window, valid_payload, READER_GAP_US, TRUE, &time_us);

  /* Filled from the card; the scan's keys left nothing in the phone field. */
  g_assert_cmpstr (field_text (window, "field-full-name"), ==, "Nguyễn Văn An");
  g_assert_cmpstr (field_text (window, "field-id-number"), ==, "001090012345");
  g_assert_cmpstr (field_text (window, "field-birth-date"), ==, "17/05/1990");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find_shown (window, "sex-male"))));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find_shown (window, "sex-female"))));
  g_assert_cmpstr (field_text (window, "field-phone"), ==, "09");
  g_assert_null (find_shown (window, "field-full-name-message"));
  g_assert_null (find_shown (window, "field-id-number-message"));
  message = find_shown (window, "cccd-message");
  g_assert_nonnull (message);
  g_assert_true (gtk_widget_has_css_class (message, "success"));
  widget = find_shown (window, "cccd-address");
  g_assert_nonnull (widget);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (widget)),
                            "Số 1, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội"));
  /* What was read shows from the top, the keyboard out of the way. */
  g_assert_false (gtk_widget_get_visible (find_widget (window, "keyboard")));
  wait_for (in_view_cond, message, "the card's message in view");
  maybe_screenshot (window, "kb-7-form-from-card");
  /* Then the one thing the card does not say: the phone, on the numeric pad. */
  focus_field (window, "field-phone");
  g_assert_true (mc_keyboard_get_numeric (keyboard));
  assert_not_covered (window, "field-phone");
  send_keys (window, "12345678", PERSON_GAP_US, FALSE, &time_us);
  g_assert_cmpstr (field_text (window, "field-phone"), ==, "0912345678");
  maybe_screenshot (window, "kb-7b-phone");

  /* A card whose number does not match its birth year: the engine's message,
   * in view, and the form as it was. */
  g_assert_true (gtk_widget_get_visible (find_widget (window, "keyboard")));
  time_us += PERSON_GAP_US;
  send_keys (window,
             "001090012345|012345678|Trần Thị Bình|17051991|Nam|Hà Nội|15042021",
             READER_GAP_US, TRUE, &time_us);
  g_assert_true (gtk_widget_has_css_class (message, "error"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (message)), !=, "");
  g_assert_cmpstr (field_text (window, "field-full-name"), ==, "Nguyễn Văn An");
  g_assert_cmpstr (field_text (window, "field-phone"), ==, "0912345678");
  wait_for (in_view_cond, message, "the card's message in view");
  maybe_screenshot (window, "kb-8-card-mismatch");

  /* Not a card at all, though it looks like fields. */
  time_us += PERSON_GAP_US;
  send_keys (window, "abc|def|ghi|jkl|mno|pqr|stu|vwx", READER_GAP_US, TRUE, &time_us);
  g_assert_true (gtk_widget_has_css_class (message, "error"));
  g_assert_cmpstr (field_text (window, "field-phone"), ==, "0912345678");

  /* Another QR code (a web address): said plainly, nothing typed. */
  time_us += PERSON_GAP_US;
  send_keys (window, "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html",
             READER_GAP_US, TRUE, &time_us);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (message)), ==,
                   "Mã QR này không phải mã trên thẻ căn cước công dân (CCCD). "
                   "Xin quý khách quét mã QR trên thẻ.");
  wait_for (in_view_cond, message, "the message in view");
  g_assert_cmpstr (field_text (window, "field-phone"), ==, "0912345678");
  g_assert_cmpstr (field_text (window, "field-full-name"), ==, "Nguyễn Văn An");

  /* Typed at a person's pace, the same characters are just text. */
  focus_field (window, "field-full-name");
  gtk_editable_set_text (GTK_EDITABLE (find_shown (window, "field-full-name")), "");
  settle ();
  send_keys (window, "An|Binh", PERSON_GAP_US, FALSE, &time_us);
  g_assert_cmpstr (field_text (window, "field-full-name"), ==, "An|Binh");
}

static void
test_cccd_scan (void)
{
  REQUIRE_DISPLAY ();
  run_offline (cccd_scan_body);
}

/* Every key has a name for assistive technologies, and is large enough. */
static void
check_keys (GtkWidget *widget,
            guint     *n_keys)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "kiosk-key"))
    {
      const char *name = gtk_widget_get_name (widget);

      g_assert_true (g_str_has_prefix (name, "key-"));
      g_assert_false (gtk_widget_get_focusable (widget));
      (*n_keys)++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_keys (child, n_keys);
}

static void
test_keys (void)
{
  GtkWidget *keyboard;
  GtkWidget *text;
  guint n_keys = 0;

  REQUIRE_DISPLAY ();

  keyboard = g_object_ref_sink (GTK_WIDGET (mc_keyboard_new ()));
  text = g_object_ref_sink (gtk_text_new ());
  /* No keys until a field needs them (the first frame does not wait). */
  check_keys (keyboard, &n_keys);
  g_assert_cmpuint (n_keys, ==, 0);
  g_assert_false (gtk_widget_get_visible (keyboard));
  mc_keyboard_set_target (MC_KEYBOARD (keyboard), GTK_EDITABLE (text));
  g_assert_true (gtk_widget_get_visible (keyboard));
  check_keys (keyboard, &n_keys);
  /* 12 tone/mark keys, 10 digits (VNI), 11 + 10 + 11 + 4 letters row keys,
   * 16 numeric pad keys (one gap). */
  g_assert_cmpuint (n_keys, >=, 60);

  /* VNI ([input] method=vni): a row of digits, which compose inside a word;
   * the old tone style puts "hòa" where the new one puts "hoà". */
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (find_widget (keyboard, "key-vni-6"))));
  mc_keyboard_set_method (MC_KEYBOARD (keyboard), MC_INPUT_METHOD_VNI);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (find_widget (keyboard, "key-vni-6"))));
  for (const char * const *key = (const char * const[]) { "key-v", "key-i", "key-e", "key-vni-6",
                                                          "key-t", "key-vni-5", "key-space",
                                                          "key-h", "key-o", "key-a", "key-vni-2",
                                                          NULL };
       *key != NULL; key++)
    g_signal_emit_by_name (find_widget (keyboard, *key), "clicked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (text)), ==, "việt hoà");
  gtk_editable_set_text (GTK_EDITABLE (text), "");
  mc_keyboard_set_tone_style (MC_KEYBOARD (keyboard), MC_TONE_STYLE_OLD);
  for (const char * const *key = (const char * const[]) { "key-h", "key-o", "key-a", "key-vni-2",
                                                          NULL };
       *key != NULL; key++)
    g_signal_emit_by_name (find_widget (keyboard, *key), "clicked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (text)), ==, "hòa");

  mc_keyboard_set_target (MC_KEYBOARD (keyboard), NULL);
  g_assert_false (gtk_widget_get_visible (keyboard));
  g_assert_finalize_object (keyboard);
  g_assert_finalize_object (text);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);
  ui_test_init_gtk ();

  g_test_add_func ("/motcua/ui-keyboard/keys", test_keys);
  g_test_add_func ("/motcua/ui-keyboard/telex-by-touch", test_telex_by_touch);
  g_test_add_func ("/motcua/ui-keyboard/cccd-scan", test_cccd_scan);

  return g_test_run ();
}
