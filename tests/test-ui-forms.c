/* test-ui-forms.c: the guided form of "Đăng ký khai sinh" (1.001193) by touch,
 * in the real window against the real portal simulator: the applicant (the
 * mother) from her card, then one question group per screen with "Step n of
 * 7", a choice as big toggle buttons, the child's birth date typed and moved
 * with the date picker's buttons, a message at the field when an answer is
 * missing, "same as the applicant" for the mother, Back through the steps,
 * the review showing every answer, a tapped line going back to its screen,
 * and the answers in the simulator's copy of the dossier.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ui-helpers.h"
#include "mc-date-picker.h"

/* A woman born 17/05/1990 in Hà Nội (001), 1 = female born in the 1900s. */
static const char *payload =
  "001190012345|012345678|Trần Thị Bình|17051990|Nữ|"
  "Số 1, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội|15042021";

static const char *
visible_page_name (GtkWidget *window)
{
  return gtk_widget_get_name (gtk_stack_get_visible_child (GTK_STACK (find_widget (window, "pages"))));
}

static const char *
step_text (GtkWidget *window)
{
  GtkWidget *label = find_shown (window, "step-progress");

  g_assert_nonnull (label);
  return gtk_label_get_label (GTK_LABEL (label));
}

static const char *
date_part (GtkWidget  *window,
           const char *part)
{
  g_autofree char *name = g_strconcat ("field-child-birth_date-", part, NULL);

  return gtk_label_get_label (GTK_LABEL (find_shown (window, name)));
}

static void
forms_body (McApplication *app,
            GtkWidget     *window,
            gpointer       data)
{
  Sim *sim = data;
  g_autoptr(JsonNode) dossiers = NULL;
  JsonObject *body, *fields, *child, *mother;
  GtkWidget *focus;

  g_assert_cmpstr (mc_application_get_language (app), ==, "vi");
  mc_window_set_review_step (MC_WINDOW (window), TRUE);

  gtk_editable_set_text (GTK_EDITABLE (wait_for_widget (window, "search-entry")), "khai sinh");
  click (window, "result-1.001193");
  click (window, "start-dossier");

  /* Step 1: the applicant, from her card; the phone on the pad. */
  g_assert_cmpstr (step_text (window), ==, "Bước 1/7");
  /* Her birth date by touch: the picker under the box starts from 1980. */
  click (window, "birth-date-picker-year-minus10");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_shown (window, "field-birth-date"))),
                   ==, "01/01/1970");
  gtk_widget_grab_focus (find_shown (window, "birth-date-picker-year-minus10"));
  maybe_screenshot (window, "forms-0-applicant-date");
  /* The card fills the box, and the picker shows it. */
  gtk_widget_grab_focus (find_shown (window, "field-full-name"));
  reader_types (window, payload);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_shown (window, "birth-date-picker-day"))),
                   ==, "17");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_shown (window, "birth-date-picker-year"))),
                   ==, "1990");
  click (window, "address-from-card-0");
  type_into (window, "field-phone", "0912345678");
  click (window, "submit-dossier");

  /* Step 2: who is registering: big toggle buttons. */
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "form");
  g_assert_cmpstr (visible_page_name (window), ==, "form-declarant");
  g_assert_cmpstr (step_text (window), ==, "Bước 2/7");
  g_assert_true (text_shown (window, "Người đi khai sinh"));
  maybe_screenshot (window, "forms-1-declarant");
  /* Nothing chosen: a plain message at the field, and no step further. */
  click (window, "form-next");
  g_assert_cmpstr (visible_page_name (window), ==, "form-declarant");
  g_assert_true (gtk_widget_get_visible (find_widget (window, "field-declarant-relationship-message")));
  g_assert_true (text_shown (window, "Vui lòng chọn một mục."));
  click (window, "field-declarant-relationship-mother");
  g_assert_false (gtk_widget_get_visible (find_widget (window, "field-declarant-relationship-message")));
  /* Saved as a draft at once. */
  {
    g_autoptr(GError) error = NULL;
    McStore *store = mc_application_get_store (app, &error);
    g_autofree char *draft = NULL;

    g_assert_no_error (error);
    draft = mc_store_find_draft (store, 0, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (draft, "\"declarant.relationship\":\"mother\""));
  }
  click (window, "form-next");

  /* Step 3: the child. Back goes one step back, and forward again keeps the answer. */
  g_assert_cmpstr (visible_page_name (window), ==, "form-child");
  g_assert_cmpstr (step_text (window), ==, "Bước 3/7");
  click (window, "back");
  g_assert_cmpstr (visible_page_name (window), ==, "form-declarant");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (
                   find_shown (window, "field-declarant-relationship-mother"))));
  click (window, "form-next");
  g_assert_cmpstr (visible_page_name (window), ==, "form-child");

  /* The defaults of the schema are there; the name on the keyboard's field. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_shown (window, "field-child-nationality"))),
                   ==, "Việt Nam");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_shown (window, "field-child-ethnicity"))),
                   ==, "Kinh");
  click (window, "form-next");
  g_assert_cmpstr (visible_page_name (window), ==, "form-child");
  g_assert_true (gtk_widget_get_visible (find_widget (window, "field-child-full_name-message")));
  g_assert_true (gtk_widget_get_visible (find_widget (window, "field-child-birth_date-message")));
  g_assert_true (text_shown (window, "Vui lòng chọn ngày."));

  type_into (window, "field-child-full_name", "Nguyễn Thị Hoa");
  click (window, "field-child-sex-female");
  /* The date: typed digits on the pad, then moved with the big buttons. */
  g_assert_cmpstr (date_part (window, "day"), ==, "––");
  type_into (window, "field-child-birth_date-entry", "15032025");
  g_assert_cmpstr (date_part (window, "day"), ==, "15");
  g_assert_cmpstr (date_part (window, "month"), ==, "03");
  g_assert_cmpstr (date_part (window, "year"), ==, "2025");
  click (window, "field-child-birth_date-day-minus");
  click (window, "field-child-birth_date-month-plus");
  click (window, "field-child-birth_date-year-minus");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_shown (window, "field-child-birth_date-entry"))),
                   ==, "14/04/2024");
  g_assert_false (gtk_widget_get_visible (find_widget (window, "field-child-birth_date-message")));
  maybe_screenshot (window, "forms-2-child");
  /* What a tap on "+" leaves on screen: the picker, no keyboard. */
  gtk_widget_grab_focus (find_shown (window, "field-child-birth_date-day-plus"));
  maybe_screenshot (window, "forms-2b-date-picker");
  type_into (window, "field-child-birth_place", "Bệnh viện Phụ sản Hà Nội");

  /* A language switch rebuilds the step from the dossier: the schema's
   * English labels, the same answers, the same step. */
  click (window, "language-toggle");
  g_assert_cmpstr (mc_application_get_language (app), ==, "en");
  g_assert_cmpstr (visible_page_name (window), ==, "form-child");
  g_assert_cmpstr (step_text (window), ==, "Step 3 of 7");
  g_assert_true (text_shown (window, "The child"));
  g_assert_true (text_shown (window, "Female"));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (
                   find_shown (window, "field-child-sex-female"))));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_shown (window, "field-child-birth_date-entry"))),
                   ==, "14/04/2024");
  maybe_screenshot (window, "forms-2c-child-en");
  click (window, "language-toggle");
  g_assert_cmpstr (mc_application_get_language (app), ==, "vi");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_shown (window, "field-child-birth_place"))),
                   ==, "Bệnh viện Phụ sản Hà Nội");
  click (window, "form-next");

  /* Step 4: the mother is the applicant: one tap. */
  g_assert_cmpstr (visible_page_name (window), ==, "form-mother");
  g_assert_cmpstr (step_text (window), ==, "Bước 4/7");
  click (window, "form-same-as-applicant");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_shown (window, "field-mother-full_name"))),
                   ==, "Trần Thị Bình");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_shown (window, "field-mother-id_number"))),
                   ==, "001190012345");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (find_shown (window, "field-mother-residence-commune"))),
                   ==, "Phường Cửa Nam");
  maybe_screenshot (window, "forms-3-mother");
  click (window, "form-next");

  /* Step 5: the father, all optional. */
  g_assert_cmpstr (visible_page_name (window), ==, "form-father");
  g_assert_cmpstr (step_text (window), ==, "Bước 5/7");
  click (window, "form-next");

  /* Step 6: the documents; step 7: the review with every answer. */
  g_assert_cmpstr (step_text (window), ==, "Bước 6/7");
  g_assert_cmpuint (pass_documents_step (window), ==, 1);
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "review");
  g_assert_cmpstr (step_text (window), ==, "Bước 7/7");
  wait_for_widget (window, "review-child.birth_date");
  g_assert_true (text_shown (window, "Nguyễn Thị Hoa"));
  g_assert_true (text_shown (window, "14/04/2024"));
  g_assert_true (text_shown (window, "Bệnh viện Phụ sản Hà Nội"));
  g_assert_true (text_shown (window, "Nữ"));
  g_assert_true (text_shown (window, "Mẹ"));
  g_assert_true (text_shown (window, "Người mẹ"));
  g_assert_true (text_shown (window, "(chưa có)"));   /* the father's empty lines */
  maybe_screenshot (window, "forms-4-review");
  {
    GtkWidget *line = find_shown (window, "review-declarant.relationship");
    GtkWidget *scrolled = gtk_widget_get_ancestor (line, GTK_TYPE_SCROLLED_WINDOW);
    graphene_rect_t bounds;

    g_assert_true (gtk_widget_compute_bounds (line, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                              &bounds));
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                              bounds.origin.y - 60);
    maybe_screenshot (window, "forms-4b-review-answers");
  }

  /* A line goes back to its screen, at its field; "Continue" comes back here. */
  click (window, "review-child.birth_date");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "form");
  g_assert_cmpstr (visible_page_name (window), ==, "form-child");
  g_assert_cmpstr (step_text (window), ==, "Bước 3/7");
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, find_shown (window, "field-child-birth_date")));
  click (window, "field-child-birth_date-day-plus");
  click (window, "form-next");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "review");
  g_assert_true (text_shown (window, "15/04/2024"));
  g_assert_false (text_shown (window, "14/04/2024"));

  submit_from_review (window);
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "receipt");
  wait_for (receipt_delivered_cond, window, "the dossier code on the receipt");

  /* The portal has the answers, as the protocol says. */
  dossiers = sim_get_json (sim, "/_sim/dossiers");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (dossiers)), ==, 1);
  body = json_object_get_object_member (json_array_get_object_element (json_node_get_array (dossiers), 0),
                                        "body");
  fields = json_object_get_object_member (body, "fields");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (fields, "declarant"),
                                                  "relationship"), ==, "mother");
  child = json_object_get_object_member (fields, "child");
  g_assert_cmpstr (json_object_get_string_member (child, "full_name"), ==, "Nguyễn Thị Hoa");
  g_assert_cmpstr (json_object_get_string_member (child, "sex"), ==, "female");
  g_assert_cmpstr (json_object_get_string_member (child, "birth_date"), ==, "2024-04-15");
  g_assert_cmpstr (json_object_get_string_member (child, "nationality"), ==, "Việt Nam");
  mother = json_object_get_object_member (fields, "mother");
  g_assert_cmpstr (json_object_get_string_member (mother, "full_name"), ==, "Trần Thị Bình");
  g_assert_cmpstr (json_object_get_string_member (mother, "birth_date"), ==, "1990-05-17");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (mother, "residence"),
                                                  "commune"), ==, "Phường Cửa Nam");
  g_assert_false (json_object_has_member (fields, "father"));
}

static void
test_birth_form (void)
{
  REQUIRE_DISPLAY ();
  run_with_sim ("test-ui-forms-XXXXXX", forms_body);
}

/* "Đăng ký thường trú" (1.004222): an address question with the province →
 * commune picker, a number, an email with its "@gmail.com" button, and
 * their values in the portal's copy. */
static void
residence_body (McApplication *app,
                GtkWidget     *window,
                gpointer       data)
{
  Sim *sim = data;
  g_autoptr(JsonNode) dossiers = NULL;
  JsonObject *body, *fields, *address;

  gtk_editable_set_text (GTK_EDITABLE (wait_for_widget (window, "search-entry")), "thuong tru");
  click (window, "result-1.004222");
  click (window, "start-dossier");
  gtk_widget_grab_focus (find_shown (window, "field-full-name"));
  reader_types (window, payload);
  type_into (window, "field-phone", "0912345678");
  click (window, "submit-dossier");

  /* The new home: province, then commune, then the street. */
  g_assert_cmpstr (visible_page_name (window), ==, "form-residence");
  g_assert_cmpstr (step_text (window), ==, "Bước 2/6");
  click (window, "form-next");
  g_assert_true (text_shown (window, "Chọn tỉnh hoặc thành phố, rồi chọn xã hoặc phường."));
  choose_address (window, "field-residence-address");
  type_into (window, "field-residence-address-street", "Số 5 ngõ 10");
  g_assert_false (gtk_widget_get_visible (find_widget (window, "field-residence-address-message")));
  maybe_screenshot (window, "forms-5-residence-address");
  click (window, "form-next");

  g_assert_cmpstr (visible_page_name (window), ==, "form-household");
  click (window, "field-household-relationship-self");
  click (window, "form-next");

  /* Contact: a wrong email says so at the field; "@gmail.com" finishes it. */
  g_assert_cmpstr (visible_page_name (window), ==, "form-contact");
  type_into (window, "field-contact-email", "binh");
  click (window, "form-next");
  g_assert_cmpstr (visible_page_name (window), ==, "form-contact");
  g_assert_true (text_shown (window, "Viết địa chỉ email theo dạng ten@example.com."));
  gtk_editable_set_position (GTK_EDITABLE (find_shown (window, "field-contact-email")), -1);
  click (window, "field-contact-email-gmail");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_shown (window, "field-contact-email"))),
                   ==, "binh@gmail.com");
  type_into (window, "field-contact-members", "31");
  click (window, "form-next");
  g_assert_true (text_shown (window, "Viết một số từ 0 đến 30."));
  type_into (window, "field-contact-members", "2");
  maybe_screenshot (window, "forms-6-contact");
  click (window, "form-next");

  g_assert_cmpstr (step_text (window), ==, "Bước 5/6");
  pass_documents_step (window);
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "review");
  g_assert_true (text_shown (window, "binh@gmail.com"));
  g_assert_true (text_shown (window, "Số 5 ngõ 10"));
  g_assert_true (text_shown (window, "Là chủ hộ"));
  submit_from_review (window);
  wait_for (receipt_delivered_cond, window, "the dossier code on the receipt");

  dossiers = sim_get_json (sim, "/_sim/dossiers");
  body = json_object_get_object_member (json_array_get_object_element (json_node_get_array (dossiers), 0),
                                        "body");
  fields = json_object_get_object_member (body, "fields");
  address = json_object_get_object_member (json_object_get_object_member (fields, "residence"), "address");
  g_assert_cmpint (json_object_get_int_member (address, "province_code"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (address, "commune_code"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (address, "street"), ==, "Số 5 ngõ 10");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (fields, "contact"),
                                                  "email"), ==, "binh@gmail.com");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (fields, "contact"),
                                               "members"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (fields, "household"),
                                                  "relationship"), ==, "self");
}

static void
test_residence_form (void)
{
  REQUIRE_DISPLAY ();
  run_with_sim ("test-ui-forms-XXXXXX", residence_body);
}

/* The date picker on its own: no typing, every button, the month's end. */
static void
test_date_picker (void)
{
  McDatePicker *picker;
  GDate start;
  g_autofree char *text = NULL;

  REQUIRE_DISPLAY ();

  g_date_clear (&start, 1);
  g_date_set_dmy (&start, 31, G_DATE_JANUARY, 1990);
  picker = g_object_ref_sink (mc_date_picker_new ("dp", &start));
  text = mc_date_picker_get_text (picker);
  g_assert_cmpstr (text, ==, "");

  /* The first tap starts from @start; the day is kept inside each month:
   * 31/01/1990 → 28/02/1990 → 28/03/1990 → 28/04/1990. */
  g_signal_emit_by_name (find_widget (GTK_WIDGET (picker), "dp-month-plus"), "clicked");
  g_signal_emit_by_name (find_widget (GTK_WIDGET (picker), "dp-month-plus"), "clicked");
  g_clear_pointer (&text, g_free);
  text = mc_date_picker_get_text (picker);
  g_assert_cmpstr (text, ==, "28/03/1990");
  g_signal_emit_by_name (find_widget (GTK_WIDGET (picker), "dp-month-plus"), "clicked");
  g_clear_pointer (&text, g_free);
  text = mc_date_picker_get_text (picker);
  g_assert_cmpstr (text, ==, "28/04/1990");
  /* Days wrap inside the month; ten years at a time. */
  g_signal_emit_by_name (find_widget (GTK_WIDGET (picker), "dp-day-plus"), "clicked");
  g_signal_emit_by_name (find_widget (GTK_WIDGET (picker), "dp-year-minus10"), "clicked");
  g_clear_pointer (&text, g_free);
  text = mc_date_picker_get_text (picker);
  g_assert_cmpstr (text, ==, "29/04/1980");
  /* 29/02 of a leap year, then a year on: the 28th. */
  mc_date_picker_set_text (picker, "29/02/2024");
  g_signal_emit_by_name (find_widget (GTK_WIDGET (picker), "dp-year-plus"), "clicked");
  g_clear_pointer (&text, g_free);
  text = mc_date_picker_get_text (picker);
  g_assert_cmpstr (text, ==, "28/02/2025");
  /* The box emptied clears the date; half a date typed is no date yet. */
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (picker), "dp-entry")), "0103");
  g_clear_pointer (&text, g_free);
  text = mc_date_picker_get_text (picker);
  g_assert_cmpstr (text, ==, "");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_widget (GTK_WIDGET (picker), "dp-day"))),
                   ==, "––");
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (picker), "dp-entry")), "01/03/2020");
  g_clear_pointer (&text, g_free);
  text = mc_date_picker_get_text (picker);
  g_assert_cmpstr (text, ==, "01/03/2020");

  g_assert_finalize_object (picker);
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("MOTCUA_PRINT_EXPORT");
  g_unsetenv ("MOTCUA_TTS_COMMAND");

  ui_test_init (&argc, &argv);
  ui_test_init_gtk ();
  setup_import_dir ();

  g_test_add_func ("/motcua/ui-forms/date-picker", test_date_picker);
  g_test_add_func ("/motcua/ui-forms/birth-registration", test_birth_form);
  g_test_add_func ("/motcua/ui-forms/permanent-residence", test_residence_form);

  return g_test_run ();
}
