/* test-ui-browse.c: finding a procedure without knowing its name, and
 * "Tra cứu hồ sơ", in the real window under Xvfb: the catalogue arriving after
 * the window, search as you type, life event tiles, fields, the status lookup
 * against the real portal simulator and offline.
 *
 * The helpers (waiting, finding widgets, screenshots, the simulator) are
 * tests/ui-helpers.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ui-helpers.h"

/* The first shown row of the search results. */
static GtkWidget *
first_result (GtkWidget *window)
{
  GtkWidget *results = find_shown (window, "results");

  if (results == NULL)
    return NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (results);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child))
      return child;
  return NULL;
}

static gboolean
catalogue_cond (gpointer data)
{
  return mc_application_get_catalogue (data) != NULL;
}

/* The window comes before the catalogue; what is typed meanwhile is searched
 * when it arrives. */
static void
async_catalogue_body (McApplication *app,
                      GtkWidget     *window,
                      gpointer       data)
{
  GtkWidget *status;

  /* "activate" runs before the main loop has delivered anything from the
   * loading thread: the window is there, the catalogue is not. */
  g_assert_true (mc_application_is_catalogue_loading (app));
  g_assert_null (mc_application_get_catalogue (app));
  g_assert_nonnull (find_widget (window, "search-entry"));
  status = find_widget (window, "catalogue-status");
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_get_visible (status));
  g_assert_false (gtk_widget_get_visible (find_widget (window, "life-events")) &&
                  gtk_widget_get_visible (gtk_widget_get_parent (find_widget (window, "life-events"))));

  type_into (window, "search-entry", "khai sinh");
  wait_for (catalogue_cond, app, "the catalogue");
  g_assert_false (mc_application_is_catalogue_loading (app));
  settle ();

  /* Filled in: the search typed before it came, and no placeholder. */
  wait_for_widget (window, "result-1.001193");
  g_assert_true (first_result (window) == find_shown (window, "result-1.001193"));
  g_assert_false (gtk_widget_get_visible (status));

  /* Cleared: the life events and the popular procedures. */
  type_into (window, "search-entry", "");
  wait_for_widget (window, "life-events");
  wait_for_widget (window, "event-birth");
  g_assert_nonnull (find_shown (window, "popular"));
  maybe_screenshot (window, "browse-1-welcome");
}

static void
test_async_catalogue (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-browse-XXXXXX", NULL);

  REQUIRE_DISPLAY ();
  run_application (tmpdir, "http://127.0.0.1:9", async_catalogue_body, NULL);
}

/* "khai sinh" typed one character at a time: the list follows every key, and
 * its rows are reused, not rebuilt. */
static void
search_as_you_type_body (McApplication *app,
                         GtkWidget     *window,
                         gpointer       data)
{
  const char *query = "khai sinh";
  GtkEditable *entry;
  GtkWidget *first_row = NULL;
  int position = 0;

  wait_for (catalogue_cond, app, "the catalogue");
  entry = GTK_EDITABLE (wait_for_widget (window, "search-entry"));
  gtk_widget_grab_focus (GTK_WIDGET (entry));

  for (const char *p = query; *p != '\0'; p = g_utf8_next_char (p))
    {
      const char *next = g_utf8_next_char (p);
      GtkWidget *row;

      gtk_editable_insert_text (entry, p, next - p, &position);
      settle ();
      row = first_result (window);
      if (*p != ' ')
        {
          /* Every prefix of the query finds something at once. */
          g_assert_nonnull (row);
          if (first_row == NULL)
            first_row = row;
          g_assert_true (row == first_row);
        }
    }

  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "khai sinh");
  g_assert_cmpstr (gtk_widget_get_name (first_result (window)), ==, "result-1.001193");
  g_assert_null (find_shown (window, "life-events"));

  /* Enter opens the best match. */
  g_signal_emit_by_name (entry, "activate");
  settle ();
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "procedure");
  g_assert_true (text_shown (window, "1.001193"));
}

static void
test_search_as_you_type (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-browse-XXXXXX", NULL);

  REQUIRE_DISPLAY ();
  run_application (tmpdir, "http://127.0.0.1:9", search_as_you_type_body, NULL);
}

/* A life event tile, then a field: lists of procedures without typing. */
static void
browse_body (McApplication *app,
             GtkWidget     *window,
             gpointer       data)
{
  GtkWidget *tile;

  wait_for (catalogue_cond, app, "the catalogue");

  /* Big enough for a finger. */
  tile = wait_for_widget (window, "event-birth");
  g_assert_cmpint (gtk_widget_get_height (tile), >=, 48);
  g_assert_cmpint (gtk_widget_get_width (tile), >=, 48);
  g_assert_true (text_shown (window, "Sinh con"));

  click (window, "event-birth");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "event");
  g_assert_cmpstr (label_of (window, "event-procedures-title"), ==, "Sinh con");
  g_assert_true (gtk_widget_is_ancestor (wait_for_widget (window, "item-1.001193"),
                                         find_shown (window, "event-procedures")));
  maybe_screenshot (window, "browse-2-life-event");

  /* Into a procedure and back to the same list. */
  click (window, "item-1.001193");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "procedure");
  click (window, "back");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "event");
  click (window, "back");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "welcome");

  /* By field: Hộ tịch holds the birth registration. */
  click (window, "open-fields");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "fields");
  wait_for_widget (window, "item-Hộ tịch");
  maybe_screenshot (window, "browse-3-fields");
  click (window, "item-Hộ tịch");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "field");
  g_assert_cmpstr (label_of (window, "field-procedures-title"), ==, "Hộ tịch");
  g_assert_true (gtk_widget_is_ancestor (wait_for_widget (window, "item-1.001193"),
                                         find_shown (window, "field-procedures")));
  click (window, "back");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "fields");

  /* The tiles follow the language. */
  click (window, "home");
  click (window, "language-toggle");
  wait_for_widget (window, "event-birth");
  g_assert_true (text_shown (window, "Having a baby"));
  click (window, "language-toggle");
}

static void
test_browse (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-browse-XXXXXX", NULL);

  REQUIRE_DISPLAY ();
  run_application (tmpdir, "http://127.0.0.1:9", browse_body, NULL);
}

static gboolean
lookup_answered_cond (gpointer data)
{
  GtkWidget *result = find_shown (data, "lookup-result");
  GtkWidget *busy = find_shown (data, "lookup-busy");

  return result != NULL && busy == NULL;
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

/* A dossier submitted here, then a code nobody knows. */
static void
lookup_body (McApplication *app,
             GtkWidget     *window,
             gpointer       data)
{
  Sim *sim = data;
  McConfig *config = mc_application_get_config (app);
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  McStore *store;

  store = mc_application_get_store (app, &error);
  g_assert_no_error (error);
  entry = mc_store_enqueue (store, config->kiosk_id, "1.001193",
                            "{\"procedure_code\":\"1.001193\",\"applicant\":{\"full_name\":\"Nguyễn Văn An\","
                            "\"id_number\":\"001090012345\",\"birth_date\":\"1990-05-17\",\"sex\":\"male\","
                            "\"phone\":\"0912345678\"},\"fields\":{},\"attachments\":[]}",
                            &error);
  g_assert_no_error (error);

  wait_for (catalogue_cond, app, "the catalogue");
  click (window, "open-lookup");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "lookup");
  g_assert_true (gtk_widget_has_focus (find_shown (window, "lookup-entry"))
                 || gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                            find_shown (window, "lookup-entry")));

  /* Its provisional number: the state from this kiosk (or the portal). */
  lookup (window, entry->local_number);
  g_assert_true (gtk_widget_has_css_class (find_shown (window, "lookup-result"), "found"));
  g_assert_cmpstr (label_of (window, "lookup-state"), !=, "");
  g_assert_true (text_shown (window, "Thủ tục đăng ký khai sinh") || text_shown (window, "khai sinh"));
  maybe_screenshot (window, "browse-4-lookup");

  /* The receipt's QR code, as the HID reader types it: URL then Enter. */
  if (sim != NULL)
    {
      g_autofree char *url = g_strdup_printf ("%s/api/v1/dossiers/G01.99-010101-999999", sim->url);

      lookup (window, url);
      g_assert_true (gtk_widget_has_css_class (find_shown (window, "lookup-result"), "problem"));
      g_assert_cmpstr (label_of (window, "lookup-heading"), ==, "Không tìm thấy hồ sơ");
      maybe_screenshot (window, "browse-5-lookup-unknown");
    }
  else
    {
      /* Offline: an honest "cannot check now" for a code from elsewhere. */
      lookup (window, "G01.99-010101-999999");
      g_assert_true (gtk_widget_has_css_class (find_shown (window, "lookup-result"), "problem"));
      g_assert_cmpstr (label_of (window, "lookup-heading"), ==, "Chưa kiểm tra được lúc này");
      maybe_screenshot (window, "browse-6-lookup-offline");
    }

  /* Not a code at all. */
  lookup (window, "mã hồ sơ");
  g_assert_cmpstr (label_of (window, "lookup-heading"), ==, "Không phải mã hồ sơ");

  /* Nothing of it stays once the citizen goes home. */
  click (window, "home");
  g_assert_false (text_shown (window, entry->local_number));
}

static void
test_lookup (void)
{
  REQUIRE_DISPLAY ();
  run_with_sim ("test-ui-browse-XXXXXX", lookup_body);
}

static void
test_lookup_offline (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-browse-XXXXXX", NULL);

  REQUIRE_DISPLAY ();
  run_application (tmpdir, "http://127.0.0.1:9", lookup_body, NULL);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);
  ui_test_init_gtk ();

  g_test_add_func ("/motcua/ui-browse/async-catalogue", test_async_catalogue);
  g_test_add_func ("/motcua/ui-browse/search-as-you-type", test_search_as_you_type);
  g_test_add_func ("/motcua/ui-browse/life-event-and-field", test_browse);
  g_test_add_func ("/motcua/ui-browse/lookup", test_lookup);
  g_test_add_func ("/motcua/ui-browse/lookup-offline", test_lookup_offline);

  return g_test_run ();
}
