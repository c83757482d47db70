/* test-ui.c: the kiosk's window, in process, under Xvfb, against the real portal
 * simulator: search, procedure page and its QR code, the form's validation,
 * submission, the receipt with the portal's code and tracking QR code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ui-helpers.h"
#include "mc-dossier-page.h"
#include "mc-lookup-page.h"
#include "mc-procedure-page.h"
#include "mc-receipt-page.h"
#include "mc-welcome-page.h"

static void
submit_end_to_end_body (McApplication *app,
                        GtkWidget     *window,
                        gpointer       data)
{
  Sim *sim = data;
  const char *tmpdir = sim->tmpdir;
  g_autofree char *expected_url = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *local_number = NULL;
  g_autofree char *dossier_code = NULL;
  g_autoptr(JsonNode) dossiers = NULL;
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *widget;
  McConfig *config;
  McStore *store;
  JsonObject *dossier;

  config = mc_application_get_config (app);
  g_assert_cmpstr (config->portal_url, ==, sim->url);

  /* Vietnamese by default, whatever LC_ALL says. */
  g_assert_cmpstr (mc_application_get_language (app), ==, "vi");
  wait_for_widget (window, "search-entry");
  g_assert_true (text_shown (window, "Tiếng Việt") == FALSE);
  g_assert_true (text_shown (window, "English"));
  maybe_screenshot (window, "1-welcome");

  /* a. search as you type */
  type_into (window, "search-entry", "khai sinh");
  wait_for_widget (window, "result-1.001193");
  maybe_screenshot (window, "2-search");
  click (window, "result-1.001193");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "procedure");

  /* b. the procedure's QR code opens it on the portal */
  widget = wait_for_widget (window, "procedure-qr");
  g_assert_cmpint (gtk_widget_get_width (widget), >=, 240);
  g_assert_cmpint (gtk_widget_get_height (widget), >=, 240);
  expected_url = mc_config_expand_url (config->procedure_url_pattern, "1.001193");
  decoded = decode_qr (widget, tmpdir, "procedure-qr");
  g_assert_cmpstr (decoded, ==, expected_url);
  maybe_screenshot (window, "3-procedure");

  /* What the catalogue does not say is not made up: a bare "1" has no unit,
   * and "0 bản chính" is no count to show; documents come under their group. */
  widget = find_shown (window, "procedure-duration");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (widget)), ==,
                   "1 (nguồn dữ liệu không ghi đơn vị)");
  g_assert_false (text_shown (window, "0 bản chính"));
  g_assert_true (text_shown (window, "Không cần bản giấy trong trường hợp này"));
  g_assert_true (text_shown (window, "Giấy tờ phải nộp"));
  g_assert_true (text_shown (window, "Giấy tờ phải xuất trình"));
  g_assert_true (text_shown (window, "Giấy tờ khác"));

  /* c. the form: an impossible CCCD number is refused, under its field */
  click (window, "start-dossier");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "dossier");
  type_into (window, "field-full-name", "Nguyễn Văn An");
  type_into (window, "field-id-number", "12345");
  type_into (window, "field-birth-date", "17/05/1990");
  click (window, "sex-male");
  type_into (window, "field-phone", "0912345678");
  click (window, "submit-dossier");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "dossier");
  widget = find_shown (window, "field-id-number-message");
  g_assert_nonnull (widget);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (widget)), !=, "");
  maybe_screenshot (window, "4-form-invalid");
  store = mc_application_get_store (app, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_store_count_waiting (store), ==, 0);

  /* d. a valid one goes to the outbox and the receipt shows at once */
  type_into (window, "field-id-number", "001090012345");
  settle ();
  g_assert_null (find_shown (window, "field-id-number-message"));
  click (window, "submit-dossier");
  /* the documents step: the birth certificate is required */
  g_assert_cmpuint (finish_dossier (window), ==, 1);
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "receipt");
  widget = wait_for_widget (window, "receipt-local-number");
  local_number = g_strdup (gtk_label_get_label (GTK_LABEL (widget)));
  g_assert_true (g_str_has_prefix (local_number, config->kiosk_id));
  maybe_screenshot (window, "5-receipt-saved");

  /* ... and the portal's code once the sync worker delivered it */
  wait_for (receipt_delivered_cond, window, "the dossier code on the receipt");
  widget = find_shown (window, "receipt-dossier-code");
  dossier_code = g_strdup (gtk_label_get_label (GTK_LABEL (widget)));
  entry = mc_store_find_by_number (store, local_number, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->state, ==, MC_OUTBOX_DELIVERED);
  g_assert_cmpstr (entry->dossier_code, ==, dossier_code);

  widget = wait_for_widget (window, "receipt-qr");
  g_assert_cmpint (gtk_widget_get_width (widget), >=, 240);
  g_clear_pointer (&decoded, g_free);
  decoded = decode_qr (widget, tmpdir, "receipt-qr");
  if (entry->tracking_url != NULL)
    g_assert_cmpstr (decoded, ==, entry->tracking_url);
  else
    {
      g_autofree char *url = mc_config_expand_url (config->tracking_url_pattern, dossier_code);
      g_assert_cmpstr (decoded, ==, url);
    }
  maybe_screenshot (window, "6-receipt-delivered");

  /* The portal holds exactly this one dossier. */
  dossiers = sim_get_json (sim, "/_sim/dossiers");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (dossiers));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (dossiers)), ==, 1);
  dossier = json_array_get_object_element (json_node_get_array (dossiers), 0);
  g_assert_cmpstr (json_object_get_string_member (dossier, "dossier_code"), ==, dossier_code);
  g_assert_cmpstr (json_object_get_string_member (dossier, "procedure_code"), ==, "1.001193");

  /* Home: the citizen's data is gone from the screen. */
  click (window, "receipt-home");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "welcome");
  g_assert_false (text_shown (window, "Nguyễn Văn An"));
  g_assert_false (text_shown (window, "001090012345"));
  g_assert_false (text_shown (window, local_number));
  g_assert_null (find_widget (window, "field-full-name"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_shown (window, "search-entry"))), ==, "");

}

static void
test_submit_end_to_end (void)
{
  REQUIRE_DISPLAY ();
  run_with_sim ("test-ui-XXXXXX", submit_end_to_end_body);
}

/* Issue 2, step 7: the portal is down when the citizen submits. */
typedef struct {
  GtkWidget  *window;
  const char *texts[3];  /* NULL-terminated */
} LinkLookup;

static gboolean
link_label_cond (gpointer data)
{
  LinkLookup *lookup = data;
  GtkWidget *label = find_widget (lookup->window, "link-label");

  if (label == NULL)
    return FALSE;
  for (guint i = 0; lookup->texts[i] != NULL; i++)
    if (strstr (gtk_label_get_label (GTK_LABEL (label)), lookup->texts[i]) == NULL)
      return FALSE;
  return TRUE;
}

static void
wait_for_link (GtkWidget  *window,
               const char *text1,
               const char *text2)
{
  LinkLookup lookup = { window, { text1, text2, NULL } };

  wait_for (link_label_cond, &lookup, text1);
}

static void
fill_valid_dossier (GtkWidget *window)
{
  type_into (window, "search-entry", "khai sinh");
  click (window, "result-1.001193");
  click (window, "start-dossier");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "dossier");
  type_into (window, "field-full-name", "Nguyễn Văn An");
  type_into (window, "field-id-number", "001090012345");
  type_into (window, "field-birth-date", "17/05/1990");
  click (window, "sex-male");
  type_into (window, "field-phone", "0912345678");
}

typedef struct {
  Sim        *sim;
  const char *tmpdir;
  guint       port;
} OfflineRun;

static void
offline_submit_body (McApplication *app,
                     GtkWidget     *window,
                     gpointer       data)
{
  OfflineRun *run = data;
  g_autofree char *local_number = NULL;
  g_autofree char *dossier_code = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *url = NULL;
  g_autoptr(JsonNode) dossiers = NULL;
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  McConfig *config = mc_application_get_config (app);
  McStore *store;
  GtkWidget *widget;

  /* The test's configuration file is the one in use: retries come quickly. */
  g_assert_cmpuint (config->retry_initial_s, ==, 1);
  g_assert_cmpuint (config->retry_max_s, ==, 2);
  g_assert_cmpuint (run->sim->pid, ==, 0);

  wait_for_widget (window, "search-entry");
  fill_valid_dossier (window);
  click (window, "submit-dossier");
  g_assert_cmpuint (finish_dossier (window), ==, 1);

  /* Saved at once, with the kiosk's own number and a plain promise. */
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "receipt");
  widget = wait_for_widget (window, "receipt-local-number");
  local_number = g_strdup (gtk_label_get_label (GTK_LABEL (widget)));
  g_assert_true (g_str_has_prefix (local_number, config->kiosk_id));
  g_assert_true (text_shown (window, "Đã lưu, sẽ tự gửi khi có mạng"));
  g_assert_null (find_shown (window, "receipt-qr"));

  /* The header says what the kiosk knows: no link, one dossier waiting. */
  wait_for_link (window, "Mất kết nối", "1 hồ sơ đang chờ gửi");
  widget = find_widget (window, "link-status");
  g_assert_true (gtk_widget_has_css_class (widget, "offline"));
  store = mc_application_get_store (app, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_store_count_waiting (store), ==, 1);
  g_assert_true (text_shown (window, "Đã lưu, sẽ tự gửi khi có mạng"));
  maybe_screenshot (window, "8-receipt-offline");

  /* The portal comes back on the same address: the worker delivers the
   * dossier by itself, the kiosk is not restarted. */
  g_assert_true (sim_start_on (run->sim, run->tmpdir, run->port));
  wait_for (receipt_delivered_cond, window, "the dossier code on the receipt");
  widget = find_shown (window, "receipt-dossier-code");
  dossier_code = g_strdup (gtk_label_get_label (GTK_LABEL (widget)));
  entry = mc_store_find_by_number (store, local_number, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->state, ==, MC_OUTBOX_DELIVERED);
  g_assert_cmpstr (entry->dossier_code, ==, dossier_code);

  widget = wait_for_widget (window, "receipt-qr");
  decoded = decode_qr (widget, run->tmpdir, "receipt-qr-offline");
  if (entry->tracking_url != NULL)
    url = g_strdup (entry->tracking_url);
  else
    url = mc_config_expand_url (config->tracking_url_pattern, dossier_code);
  g_assert_cmpstr (decoded, ==, url);

  wait_for_link (window, "Trực tuyến", NULL);
  g_assert_false (text_shown (window, "đang chờ gửi"));
  maybe_screenshot (window, "9-receipt-delivered-after-offline");

  dossiers = sim_get_json (run->sim, "/_sim/dossiers");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (dossiers));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (dossiers)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (dossiers), 0),
                                                  "dossier_code"), ==, dossier_code);
}

static void
test_offline_submit (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmpdir, "kiosk", NULL);
  g_autofree char *config_path = g_build_filename (tmpdir, "kiosk.conf", NULL);
  g_autofree char *config = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  Sim sim = { 0 };
  OfflineRun run = { &sim, tmpdir, 0 };

  REQUIRE_DISPLAY ();

  /* Started once to learn a free port, then stopped: the portal is down. */
  if (!sim_start (&sim, tmpdir))
    {
      g_test_skip ("MOTCUA_PORTAL_SIM is not set to the simulator");
      return;
    }
  run.port = sim.port;
  url = g_strdup (sim.url);
  sim_stop (&sim);

  config = g_strdup_printf ("[portal]\nurl=%s\n[sync]\nretry-initial=1\nretry-max=2\ntimeout=5\n",
                            url);
  g_assert_true (g_file_set_contents (config_path, config, -1, &error));
  g_assert_no_error (error);

  run_application_with_config (data_dir, config_path, NULL, offline_submit_body, &run);
  sim_stop (&sim);
}

static void
language_switch_body (McApplication *app,
                      GtkWidget     *window,
                      gpointer       data)
{
  /* Vietnamese from the catalog built in po/ (LC_ALL is C.UTF-8 here). */
  wait_for_widget (window, "search-entry");
  g_assert_true (text_shown (window, "Xin chào"));
  type_into (window, "search-entry", "khai sinh");
  wait_for_widget (window, "result-1.001193");
  click (window, "result-1.001193");
  g_assert_true (text_shown (window, "Nộp hồ sơ"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_shown (window, "procedure-fee"))), ==,
                   "Miễn phí");

  click (window, "language-toggle");
  g_assert_cmpstr (mc_application_get_language (app), ==, "en");
  wait_for_widget (window, "start-dossier");
  /* Same screen, same procedure, now in English. */
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "procedure");
  maybe_screenshot (window, "7-procedure-en");
  g_assert_true (text_shown (window, "File a dossier"));
  g_assert_false (text_shown (window, "Nộp hồ sơ"));
  g_assert_true (text_shown (window, "Tiếng Việt"));
  /* The catalogue's fee, in English words. */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_shown (window, "procedure-fee"))), ==,
                   "Free");
  maybe_screenshot (window, "7-procedure-en");

  /* What was typed survives a switch. */
  click (window, "start-dossier");
  type_into (window, "field-full-name", "Trần Thị Bình");
  click (window, "language-toggle");
  g_assert_cmpstr (mc_application_get_language (app), ==, "vi");
  wait_for_widget (window, "field-full-name");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "dossier");
  g_assert_true (text_shown (window, "Trần Thị Bình"));
  /* More screens follow the applicant's: its button goes on. */
  g_assert_true (text_shown (window, "Tiếp tục"));

}

static void
test_language_switch (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-XXXXXX", NULL);

  REQUIRE_DISPLAY ();

  run_application (tmpdir, "http://127.0.0.1:9", language_switch_body, NULL);
}

/* Every page's template loads on its own and nothing leaks. */
static void
test_templates (void)
{
  g_autoptr(McCatalogue) catalogue = mc_catalogue_new_default (NULL);
  g_autoptr(McDossier) dossier = mc_dossier_new ("1.001193");
  McProcedure *procedure;
  GtkWidget *widget;

  REQUIRE_DISPLAY ();

  g_assert_nonnull (catalogue);
  procedure = mc_catalogue_lookup (catalogue, "1.001193");
  g_assert_nonnull (procedure);

  widget = g_object_ref_sink (GTK_WIDGET (mc_welcome_page_new (catalogue)));
  g_assert_nonnull (find_widget (widget, "search-entry"));
  g_assert_finalize_object (widget);

  widget = g_object_ref_sink (GTK_WIDGET (mc_procedure_page_new (procedure, "https://example.invalid/")));
  g_assert_nonnull (find_widget (widget, "procedure-qr"));
  g_assert_nonnull (find_widget (widget, "start-dossier"));
  g_assert_finalize_object (widget);

  widget = g_object_ref_sink (GTK_WIDGET (mc_dossier_page_new (dossier, "x")));
  for (const char * const *n = (const char * const[]) { "field-full-name", "field-id-number",
                                                         "field-birth-date", "field-sex",
                                                         "field-phone", "submit-dossier", NULL };
       *n != NULL; n++)
    g_assert_nonnull (find_widget (widget, *n));
  g_assert_finalize_object (widget);

  widget = g_object_ref_sink (GTK_WIDGET (mc_receipt_page_new ()));
  g_assert_nonnull (find_widget (widget, "receipt-local-number"));
  g_assert_nonnull (find_widget (widget, "receipt-home"));
  g_assert_finalize_object (widget);

  widget = g_object_ref_sink (GTK_WIDGET (mc_lookup_page_new (g_get_tmp_dir (), NULL, "x")));
  g_assert_nonnull (find_widget (widget, "lookup-entry"));
  g_assert_finalize_object (widget);
}

/* Like text_shown (), for a page that is not on screen: labels only, exact. */
static guint
count_labels (GtkWidget  *root,
              const char *pattern)
{
  guint n = 0;

  if (GTK_IS_LABEL (root) && g_pattern_match_simple (pattern, gtk_label_get_label (GTK_LABEL (root))))
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_labels (child, pattern);

  return n;
}

static const char *
label_text (GtkWidget *widget)
{
  return widget != NULL ? gtk_label_get_label (GTK_LABEL (widget)) : NULL;
}

/* A procedure page in English (LC_ALL=C.UTF-8 in the tests): durations with
 * and without a unit, quantities with a zero part, the document groups. */
static void
test_procedure_honesty (void)
{
  g_autoptr(McCatalogue) catalogue = mc_catalogue_new_default (NULL);
  GtkWidget *page;
  GtkWidget *box;
  guint n_groups = 0;

  REQUIRE_DISPLAY ();
  g_assert_nonnull (catalogue);

  page = g_object_ref_sink (GTK_WIDGET (mc_procedure_page_new (mc_catalogue_lookup (catalogue,
                                                                                    "1.001193"),
                                                                "https://example.invalid/")));
  g_assert_cmpstr (label_text (find_widget (page, "procedure-duration")), ==,
                   "1 (the source gives no unit)");
  g_assert_cmpuint (count_labels (page, "*0 bản*"), ==, 0);
  g_assert_cmpuint (count_labels (page, "1 bản chính"), >, 0);
  /* The source has 6 "0 bản chính" rows for khai sinh. */
  g_assert_cmpuint (count_labels (page, "No paper copy needed in this case*"), ==, 6);
  box = find_widget (page, "procedure-documents");
  for (GtkWidget *group = gtk_widget_get_first_child (box); group != NULL;
       group = gtk_widget_get_next_sibling (group))
    {
      GtkWidget *heading = gtk_widget_get_first_child (group);

      g_assert_cmpstr (gtk_widget_get_name (heading), ==, "documents-group-heading");
      n_groups++;
    }
  /* "Giấy tờ phải nộp", "Giấy tờ phải xuất trình", and the ungrouped ones. */
  g_assert_cmpuint (n_groups, ==, 3);
  g_assert_finalize_object (page);

  /* A duration with its unit is shown as it is. */
  page = g_object_ref_sink (GTK_WIDGET (mc_procedure_page_new (mc_catalogue_lookup (catalogue,
                                                                                    "1.004837"),
                                                                "https://example.invalid/")));
  g_assert_cmpstr (label_text (find_widget (page, "procedure-duration")), ==, "3 ngày làm việc");
  g_assert_finalize_object (page);

  /* "0 bản chính, 1 bản sao": the copy to bring, not the zero originals. */
  page = g_object_ref_sink (GTK_WIDGET (mc_procedure_page_new (mc_catalogue_lookup (catalogue,
                                                                                    "1.004884"),
                                                                "https://example.invalid/")));
  g_assert_cmpuint (count_labels (page, "*0 bản*"), ==, 0);
  g_assert_cmpuint (count_labels (page, "1 bản sao"), ==, 2);
  g_assert_finalize_object (page);
}

/* The binary itself, without a display: a sentence that says what to do. */
static void
test_no_display (void)
{
  const char *kiosk = g_getenv ("MOTCUA_KIOSK");
  g_auto(GStrv) envp = g_get_environ ();
  const char *argv[] = { kiosk, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (kiosk == NULL)
    {
      g_test_skip ("MOTCUA_KIOSK is not set");
      return;
    }

  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, 0, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "no display found"));
  g_assert_nonnull (strstr (err, "xvfb-run -a motcua-kiosk"));
}

/* Registered last: after the flows above typed the test citizen's details, no
 * log line of the run may hold any of them (Nghị định 13/2023). */
static void
test_no_personal_data_in_logs (void)
{
  const char *personal[] = { "Nguyễn Văn An", "Nguyen Van An", "001090012345", "0912345678",
                             NULL };

  REQUIRE_DISPLAY ();

  /* The recorder works: the flows above log (at least the sync worker does). */
  g_mutex_lock (&log_lock);
  g_assert_cmpuint (log_record->len, >, 0);
  g_mutex_unlock (&log_lock);
  assert_not_logged (personal);
}

int
main (int   argc,
      char *argv[])
{
  record_logs ();

  ui_test_init (&argc, &argv);
  ui_test_init_gtk ();
  setup_import_dir ();

  g_test_add_func ("/motcua/ui/no-display", test_no_display);
  g_test_add_func ("/motcua/ui/templates", test_templates);
  g_test_add_func ("/motcua/ui/procedure-honesty", test_procedure_honesty);
  g_test_add_func ("/motcua/ui/submit-end-to-end", test_submit_end_to_end);
  g_test_add_func ("/motcua/ui/language-switch", test_language_switch);
  g_test_add_func ("/motcua/ui/offline-submit", test_offline_submit);
  g_test_add_func ("/motcua/ui/no-personal-data-in-logs", test_no_personal_data_in_logs);

  return g_test_run ();
}
