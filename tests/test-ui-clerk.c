/* test-ui-clerk.c: clerk mode, the kiosk lock-down and the idle reset, in the
 * real window under Xvfb, against the real portal simulator: close-request
 * refused in kiosk mode and allowed in clerk mode; the idle countdown and the
 * wipe of the citizen's data; the PIN pad (first PIN, lock-out); the outbox
 * (retry now, cancel with a reason); the statistics chart and CSV; the USB
 * export (verified with mc_bundle_verify); the settings; the assisted mode.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ui-helpers.h"
#include "mc-bundle.h"
#include "mc-catalogue-update.h"
#include "mc-chart.h"
#include "mc-pin.h"
#include "mc-store.h"

static void
run_app (const char *data_dir,
         const char *portal_url,
         gboolean    kiosk,
         UiBody      body,
         gpointer    data)
{
  McApplication *app = mc_application_new ();
  UiRun run = { body, data };

  g_object_set (app, "data-dir", data_dir, "portal-url", portal_url, "kiosk", kiosk, NULL);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_finalize_object (app);
}

/* Every label and field of the window, shown or not. */
static gboolean
text_anywhere (GtkWidget  *root,
               const char *text)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_label (GTK_LABEL (root)), text) != NULL)
    return TRUE;
  if (GTK_IS_EDITABLE (root) && strstr (gtk_editable_get_text (GTK_EDITABLE (root)), text) != NULL)
    return TRUE;
  if (GTK_IS_BUTTON (root) && gtk_button_get_label (GTK_BUTTON (root)) != NULL
      && strstr (gtk_button_get_label (GTK_BUTTON (root)), text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (text_anywhere (child, text))
      return TRUE;

  return FALSE;
}

static gboolean
page_is_cond (gpointer data)
{
  gpointer *args = data;

  return g_strcmp0 (mc_window_get_page (MC_WINDOW (args[0])), args[1]) == 0;
}

static void
wait_for_page (GtkWidget  *window,
               const char *page)
{
  gpointer args[2] = { window, (gpointer) page };

  wait_for (page_is_cond, args, page);
  settle ();
}

static void
open_clerk_by_taps (GtkWidget *window)
{
  for (int i = 0; i < 5; i++)
    mc_window_tap_office (MC_WINDOW (window));
  settle ();
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "clerk");
}

#define NO_PORTAL "http://127.0.0.1:9"

/* Lock-down --------------------------------------------------------------------- */

static void
kiosk_close_body (McApplication *app,
                  GtkWidget     *window,
                  gpointer       data)
{
  gboolean refused = FALSE;

  g_assert_true (mc_application_get_kiosk (app));
  g_assert_false (gtk_window_get_decorated (GTK_WINDOW (window)));
  wait_for_widget (window, "search-entry");

  /* Locked: the close request is refused, and gtk_window_close () is a no-op. */
  g_signal_emit_by_name (window, "close-request", &refused);
  g_assert_true (refused);
  gtk_window_close (GTK_WINDOW (window));
  settle ();
  g_assert_true (gtk_widget_get_visible (window));

  /* The PIN pad is not clerk mode yet. */
  open_clerk_by_taps (window);
  wait_for_widget (window, "clerk-pin-1");
  g_signal_emit_by_name (window, "close-request", &refused);
  g_assert_true (refused);

  /* The first PIN, twice: then clerk mode is open and the window may close. */
  enter_pin (window, "2580");
  enter_pin (window, "2580");
  g_assert_true (mc_window_is_clerk_open (MC_WINDOW (window)));
  g_signal_emit_by_name (window, "close-request", &refused);
  g_assert_false (refused);

  /* Leaving clerk mode locks it again. */
  click (window, "clerk-exit");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "welcome");
  g_signal_emit_by_name (window, "close-request", &refused);
  g_assert_true (refused);
}

static void
test_kiosk_close (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-clerk-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmpdir, "kiosk", NULL);

  REQUIRE_DISPLAY ();
  run_app (data_dir, NO_PORTAL, TRUE, kiosk_close_body, NULL);
}

static void
not_kiosk_body (McApplication *app,
                GtkWidget     *window,
                gpointer       data)
{
  gboolean refused = TRUE;

  g_assert_false (mc_application_get_kiosk (app));
  g_assert_true (gtk_window_get_decorated (GTK_WINDOW (window)));
  g_signal_emit_by_name (window, "close-request", &refused);
  g_assert_false (refused);
}

static void
test_not_kiosk (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-clerk-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmpdir, "kiosk", NULL);

  REQUIRE_DISPLAY ();
  run_app (data_dir, NO_PORTAL, FALSE, not_kiosk_body, NULL);
}

/* Without --config: the data folder's kiosk.conf (what clerk mode saves) is
 * read over the system's, and its kiosk-mode locks the kiosk down. */
static void
config_layers_body (McApplication *app,
                    GtkWidget     *window,
                    gpointer       data)
{
  gboolean refused = FALSE;

  g_assert_true (mc_application_get_kiosk (app));
  g_assert_cmpuint (mc_application_get_config (app)->idle_timeout_s, ==, 30);
  g_assert_cmpstr (label_of (window, "office-name"), ==, "UBND phường Lớp Hai");
  g_signal_emit_by_name (window, "close-request", &refused);
  g_assert_true (refused);
}

static void
test_config_layers (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-clerk-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmpdir, "kiosk", NULL);
  g_autofree char *conf = g_build_filename (data_dir, "kiosk.conf", NULL);
  g_autoptr(GError) error = NULL;

  REQUIRE_DISPLAY ();
  g_assert_cmpint (g_mkdir_with_parents (data_dir, 0700), ==, 0);
  g_file_set_contents (conf, "[kiosk]\nkiosk-mode=true\noffice=UBND phường Lớp Hai\n"
                             "idle-timeout=30\n", -1, &error);
  g_assert_no_error (error);
  run_app (data_dir, NO_PORTAL, FALSE, config_layers_body, NULL);
}

/* Idle reset --------------------------------------------------------------------- */

#define IDLE_NAME "Trần Thị Lặng Im"
#define IDLE_PHONE "0987654321"

static void
idle_reset_body (McApplication *app,
                 GtkWidget     *window,
                 gpointer       data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  McStore *store;

  type_into (window, "search-entry", "khai sinh");
  click (window, "result-1.001193");
  click (window, "start-dossier");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "dossier");
  type_into (window, "field-full-name", IDLE_NAME);
  type_into (window, "field-phone", IDLE_PHONE);
  settle ();
  g_assert_true (text_shown (window, IDLE_NAME));

  /* Nobody touches the kiosk: the countdown comes; "I'm still here" keeps all. */
  mc_window_set_idle_timeouts (MC_WINDOW (window), 200, 1500);
  wait_for_widget (window, "idle-still-here");
  g_assert_true (text_shown (window, "Bạn còn đó không?"));
  maybe_screenshot (window, "clerk-4-idle-countdown");
  click (window, "idle-still-here");
  g_assert_null (find_shown (window, "idle-overlay"));
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "dossier");
  g_assert_true (text_shown (window, IDLE_NAME));

  /* Nobody again: the countdown runs out and the kiosk starts over. */
  wait_for_widget (window, "idle-still-here");
  wait_for_page (window, "welcome");
  g_assert_null (find_shown (window, "idle-overlay"));
  g_assert_false (text_anywhere (window, IDLE_NAME));
  g_assert_false (text_anywhere (window, IDLE_PHONE));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_shown (window, "search-entry"))), ==, "");

  /* Nothing of it was kept in the database either. */
  store = mc_application_get_store (app, &error);
  g_assert_no_error (error);
  entries = mc_store_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);

  /* On the welcome screen with nothing typed, idling does nothing. */
  mc_window_set_idle_timeouts (MC_WINDOW (window), 50, 1500);
  for (int i = 0; i < 10; i++)
    {
      g_usleep (20000);
      settle ();
    }
  g_assert_null (find_shown (window, "idle-overlay"));
  mc_window_set_idle_timeouts (MC_WINDOW (window), 0, 0);
}

static void
test_idle_reset (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-clerk-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmpdir, "kiosk", NULL);

  REQUIRE_DISPLAY ();
  run_app (data_dir, NO_PORTAL, FALSE, idle_reset_body, NULL);
}

/* The PIN pad ---------------------------------------------------------------------- */

static void
pin_body (McApplication *app,
          GtkWidget     *window,
          gpointer       data)
{
  open_clerk_by_taps (window);
  wait_for_widget (window, "clerk-pin-1");
  maybe_screenshot (window, "clerk-1-pin-pad");

  /* A PIN anyone would guess is refused. */
  enter_pin (window, "1234");
  g_assert_cmpstr (label_of (window, "clerk-pin-message"), !=, "");
  g_assert_false (mc_window_is_clerk_open (MC_WINDOW (window)));
  /* Two different ones too. */
  enter_pin (window, "2580");
  enter_pin (window, "2581");
  g_assert_cmpstr (label_of (window, "clerk-pin-message"), !=, "");
  g_assert_false (mc_window_is_clerk_open (MC_WINDOW (window)));
  enter_pin (window, "2580");
  enter_pin (window, "2580");
  g_assert_true (mc_window_is_clerk_open (MC_WINDOW (window)));
  click (window, "clerk-exit");
  g_assert_false (mc_window_is_clerk_open (MC_WINDOW (window)));

  /* Wrong PINs lock the pad, with a countdown. */
  open_clerk_by_taps (window);
  for (int i = 0; i < MC_PIN_FREE_TRIES; i++)
    enter_pin (window, "9999");
  g_assert_false (mc_window_is_clerk_open (MC_WINDOW (window)));
  g_assert_nonnull (strstr (label_of (window, "clerk-pin-message"), "Thử lại sau"));
  g_assert_false (gtk_widget_is_sensitive (find_shown (window, "clerk-pin-2")));
  maybe_screenshot (window, "clerk-2-pin-locked");

  /* Still locked when the PIN pad opens again. */
  click (window, "clerk-pin-cancel");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "welcome");
  open_clerk_by_taps (window);
  g_assert_nonnull (strstr (label_of (window, "clerk-pin-message"), "Thử lại sau"));
  g_assert_false (gtk_widget_is_sensitive (find_shown (window, "clerk-pin-2")));
}

static void
test_pin (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-clerk-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmpdir, "kiosk", NULL);

  REQUIRE_DISPLAY ();
  run_app (data_dir, NO_PORTAL, FALSE, pin_body, NULL);
}

/* The clerk's pages ------------------------------------------------------------------ */

#define PAYLOAD "{\"procedure_code\":\"1.001193\",\"applicant\":{\"full_name\":\"Nguyễn Văn An\"," \
                "\"id_number\":\"001090012345\",\"birth_date\":\"1990-05-17\",\"sex\":\"male\"," \
                "\"phone\":\"0912345678\"},\"fields\":{}}"

typedef struct {
  const char *tmpdir;
  const char *export_dir;
  char       *numbers[3];  /* seeded: retried, cancelled, exported */
  gint64      ids[3];
} Clerk;

static void
seed (Clerk      *clerk,
      const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  McStore *store = mc_store_open (data_dir, &error);

  g_assert_no_error (error);
  g_assert_true (mc_pin_set (store, "2580", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (clerk->numbers); i++)
    {
      g_autoptr(McOutboxEntry) entry = mc_store_enqueue (store, "clerk-test", "1.001193",
                                                         PAYLOAD, &error);

      g_assert_no_error (error);
      /* A failed attempt: the next one is an hour away. */
      g_assert_true (mc_store_mark_retry (store, entry->id, g_get_real_time () / G_USEC_PER_SEC + 3600,
                                          "HTTP 503", &error));
      g_assert_no_error (error);
      clerk->numbers[i] = g_strdup (entry->local_number);
      clerk->ids[i] = entry->id;
    }
  mc_store_close (store);
}

typedef struct {
  McStore *store;
  gint64   id;
} EntryWait;

static gboolean
delivered_cond (gpointer data)
{
  EntryWait *wait = data;
  g_autoptr(McOutboxEntry) entry = mc_store_get (wait->store, wait->id, NULL);

  return entry != NULL && entry->state == MC_OUTBOX_DELIVERED;
}

static guint
count_bar_pixels (GtkWidget *area)
{
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (area));
  int width = gtk_widget_get_width (area);
  int height = gtk_widget_get_height (area);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  McChartStyle style;
  guint count = 0;

  mc_chart_style_init_default (&style);
  wait_for_frame (area);
  node = snapshot_widget (area);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  /* Cairo's ARGB32 in memory: B, G, R, A on little-endian. */
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      guchar *p = pixels + i * 4;

      if (ABS (p[2] - style.bar[0] * 255) < 8 && ABS (p[1] - style.bar[1] * 255) < 8
          && ABS (p[0] - style.bar[2] * 255) < 8)
        count++;
    }
  return count;
}

static char *
find_bundle (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *manifest = g_build_filename (path, MC_BUNDLE_MANIFEST, NULL);

      if (g_file_test (manifest, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
  return NULL;
}

static guint
count_files_ending (const char *dir,
                    const char *suffix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, suffix))
      n++;
  return n;
}

static gboolean
khai_sinh_shown_cond (gpointer data)
{
  return text_shown (data, "khai sinh");
}

static void
clerk_body (McApplication *app,
            GtkWidget     *window,
            gpointer       data)
{
  Clerk *clerk = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McOutboxEntry) cancelled = NULL;
  g_autoptr(McOutboxEntry) last = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *name = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *conf = NULL;
  McStore *store = mc_application_get_store (app, &error);
  EntryWait wait = { store, clerk->ids[0] };
  guint count = 0;

  g_assert_no_error (error);

  /* The PIN set before: the pad checks it. */
  open_clerk_by_taps (window);
  g_assert_cmpstr (label_of (window, "clerk-pin-title"), ==, "Mã PIN cán bộ");
  enter_pin (window, "2580");
  g_assert_true (mc_window_is_clerk_open (MC_WINDOW (window)));

  /* (a) the outbox: every seeded dossier, its failure in plain words */
  for (guint i = 0; i < G_N_ELEMENTS (clerk->numbers); i++)
    {
      g_free (name);
      name = g_strconcat ("clerk-entry-", clerk->numbers[i], NULL);
      wait_for_widget (window, name);
    }
  g_assert_true (text_shown (window, "Đang chờ gửi"));
  /* Named by the procedure once the catalogue is there. */
  wait_for (khai_sinh_shown_cond, window, "the procedure's name in the outbox");
  maybe_screenshot (window, "clerk-3-outbox");

  /* Retry now: the simulator gets it at once. */
  g_free (name);
  name = g_strconcat ("clerk-retry-", clerk->numbers[0], NULL);
  click (window, name);
  wait_for (delivered_cond, &wait, "the retried dossier to be delivered");

  /* Cancel with a reason: none is refused, one is kept. */
  g_free (name);
  name = g_strconcat ("clerk-cancel-", clerk->numbers[1], NULL);
  click (window, name);
  g_free (name);
  name = g_strconcat ("clerk-cancel-confirm-", clerk->numbers[1], NULL);
  click (window, name);
  g_assert_cmpstr (label_of (window, "clerk-outbox-message"), !=, "");
  cancelled = mc_store_get (store, clerk->ids[1], &error);
  g_assert_cmpint (cancelled->cancelled_at, ==, 0);
  g_clear_pointer (&cancelled, mc_outbox_entry_free);
  g_free (name);
  name = g_strconcat ("clerk-cancel-reason-", clerk->numbers[1], NULL);
  type_into (window, name, "Công dân rút hồ sơ");
  g_free (name);
  name = g_strconcat ("clerk-cancel-confirm-", clerk->numbers[1], NULL);
  click (window, name);
  cancelled = mc_store_get (store, clerk->ids[1], &error);
  g_assert_no_error (error);
  g_assert_cmpint (cancelled->cancelled_at, >, 0);
  g_assert_cmpstr (cancelled->cancel_reason, ==, "Công dân rút hồ sơ");
  g_assert_true (text_shown (window, "Đã huỷ"));

  /* (c) the statistics: the chart has bars; the CSV goes to the stick */
  click (window, "clerk-tab-stats");
  wait_for_widget (window, "clerk-stats-chart");
  g_assert_cmpuint (count_bar_pixels (find_shown (window, "clerk-stats-chart")), >, 100);
  g_assert_nonnull (strstr (label_of (window, "clerk-stats-figures"), "3"));
  maybe_screenshot (window, "clerk-5-statistics");
  click (window, "clerk-stats-csv");
  g_assert_cmpuint (count_files_ending (clerk->export_dir, ".csv"), ==, 2);

  /* (b) the export: the one dossier still waiting, in a bundle that verifies */
  click (window, "clerk-tab-export");
  click (window, "clerk-export");
  maybe_screenshot (window, "clerk-6-export");
  bundle = find_bundle (clerk->export_dir);
  g_assert_nonnull (bundle);
  g_assert_true (mc_bundle_verify (bundle, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 1);
  g_assert_nonnull (strstr (label_of (window, "clerk-export-result"), bundle));

  /* (d) the settings: a bad value is refused with the reason; a good one saved */
  click (window, "clerk-tab-settings");
  type_into (window, "clerk-set-portal", "not a url");
  click (window, "clerk-set-save");
  g_assert_cmpstr (label_of (window, "clerk-set-message"), !=, "");
  conf = g_build_filename (mc_application_get_data_dir (app), "kiosk.conf", NULL);
  g_assert_false (g_file_test (conf, G_FILE_TEST_EXISTS));
  type_into (window, "clerk-set-portal", mc_application_get_config (app)->portal_url);
  type_into (window, "clerk-set-office", "UBND xã Thử Nghiệm");
  click (window, "clerk-set-save");
  g_assert_true (g_file_test (conf, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (label_of (window, "office-name"), ==, "UBND xã Thử Nghiệm");
  maybe_screenshot (window, "clerk-7-settings");

  /* A language switch rebuilds the pages: clerk mode stays open. */
  click (window, "language-toggle");
  g_assert_true (mc_window_is_clerk_open (MC_WINDOW (window)));
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "clerk");
  g_assert_true (text_shown (window, "Leave clerk mode"));
  click (window, "language-toggle");
  g_assert_true (text_shown (window, "Thoát chế độ cán bộ"));

  /* (e) the assisted mode: the next dossier is marked as such */
  click (window, "clerk-assisted");
  g_assert_false (mc_window_is_clerk_open (MC_WINDOW (window)));
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "welcome");
  type_into (window, "search-entry", "khai sinh");
  click (window, "result-1.001193");
  click (window, "start-dossier");
  type_into (window, "field-full-name", "Nguyễn Văn An");
  type_into (window, "field-id-number", "001090012345");
  type_into (window, "field-birth-date", "17/05/1990");
  click (window, "sex-male");
  type_into (window, "field-phone", "0912345678");
  click (window, "submit-dossier");
  g_assert_cmpuint (finish_dossier (window), ==, 1);
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "receipt");
  entries = mc_store_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 4);
  g_assert_true (((McOutboxEntry *) entries->pdata[3])->assisted);
  g_assert_false (((McOutboxEntry *) entries->pdata[0])->assisted);

  /* (f) clerk mode closes itself on the idle reset */
  open_clerk_by_taps (window);
  enter_pin (window, "2580");
  g_assert_true (mc_window_is_clerk_open (MC_WINDOW (window)));
  mc_window_set_idle_timeouts (MC_WINDOW (window), 0, 300);
  mc_window_idle_now (MC_WINDOW (window));
  wait_for_page (window, "welcome");
  g_assert_false (mc_window_is_clerk_open (MC_WINDOW (window)));
}

static void
test_clerk_pages (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-clerk-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmpdir, "kiosk", NULL);
  g_autofree char *export_dir = g_build_filename (tmpdir, "usb", NULL);
  Clerk clerk = { tmpdir, export_dir };
  Sim sim = { 0 };

  REQUIRE_DISPLAY ();

  if (!sim_start (&sim, tmpdir))
    {
      g_test_skip ("MOTCUA_PORTAL_SIM is not set to the simulator");
      return;
    }
  sim.tmpdir = tmpdir;
  g_assert_cmpint (g_mkdir_with_parents (export_dir, 0700), ==, 0);
  g_setenv ("MOTCUA_EXPORT_DIR", export_dir, TRUE);

  seed (&clerk, data_dir);
  run_app (data_dir, sim.url, FALSE, clerk_body, &clerk);
  sim_stop (&sim);
  g_unsetenv ("MOTCUA_EXPORT_DIR");
  for (guint i = 0; i < G_N_ELEMENTS (clerk.numbers); i++)
    g_free (clerk.numbers[i]);
}

/* Catalogue updates ------------------------------------------------------------- */

#define NEW_CATALOGUE \
  "{\"version\": \"1\", \"catalogue_version\": \"20260101.uitest\", \"date\": \"2026-01-01\"," \
  " \"procedures\": [{\"code\": \"1.001193\", \"name\": \"Thủ tục đăng ký khai sinh\"}," \
  " {\"code\": \"9.000002\", \"name\": \"Thủ tục thử nghiệm cập nhật danh mục\"}]}"

static gboolean
catalogue_pending_cond (gpointer data)
{
  gboolean pending = FALSE;

  g_object_get (data, "catalogue-pending", &pending, NULL);
  return pending;
}

static gboolean
catalogue_loaded_cond (gpointer data)
{
  return mc_application_get_catalogue (data) != NULL;
}

static void
catalogue_update_body (McApplication *app,
                       GtkWidget     *window,
                       gpointer       data)
{
  McCatalogue *catalogue;
  GtkWidget *info;
  const char *shipped;

  /* A citizen is already searching when the kiosk finds the newer catalogue. */
  type_into (window, "search-entry", "khai sinh");
  wait_for (catalogue_loaded_cond, app, "the catalogue");
  shipped = mc_catalogue_get_version (mc_application_get_catalogue (app));
  wait_for (catalogue_pending_cond, app, "the newer catalogue, downloaded and loaded");
  catalogue = mc_application_get_catalogue (app);
  g_assert_cmpstr (mc_catalogue_get_version (catalogue), ==, shipped);
  click (window, "result-1.001193");
  g_assert_cmpstr (mc_catalogue_get_version (mc_application_get_catalogue (app)), ==, shipped);

  /* Between two citizens it comes into use. */
  mc_window_go_home (MC_WINDOW (window));
  catalogue = mc_application_get_catalogue (app);
  g_assert_cmpstr (mc_catalogue_get_version (catalogue), ==, "20260101.uitest");
  type_into (window, "search-entry", "thu nghiem cap nhat");
  settle ();
  g_assert_nonnull (find_shown (window, "result-9.000002"));
  mc_window_go_home (MC_WINDOW (window));

  /* Clerk mode names it, where it came from and the last check. */
  open_clerk_by_taps (window);
  enter_pin (window, "2580");
  click (window, "clerk-tab-settings");
  info = find_shown (window, "clerk-catalogue-info");
  g_assert_nonnull (info);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (info)), "20260101.uitest"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (info)), "2026-01-01"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (info)),
                            g_dgettext (GETTEXT_PACKAGE, "An update downloaded from the portal.")));
  g_assert_null (strstr (gtk_label_get_label (GTK_LABEL (info)), "failed"));
  maybe_screenshot (window, "clerk-catalogue");
}

static void
test_catalogue_update (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-clerk-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmpdir, "kiosk", NULL);
  g_autofree char *served = g_build_filename (tmpdir, "served.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McCatalogueCheck) check = NULL;
  g_autofree char *updates_dir = g_build_filename (data_dir, "catalogue", NULL);
  McStore *store;
  Sim sim = { 0 };

  REQUIRE_DISPLAY ();

  g_assert_true (g_file_set_contents (served, NEW_CATALOGUE, -1, &error));
  sim.catalogue = served;
  if (!sim_start (&sim, tmpdir))
    {
      g_test_skip ("MOTCUA_PORTAL_SIM is not set to the simulator");
      return;
    }
  store = mc_store_open (data_dir, &error);
  g_assert_no_error (error);
  g_assert_true (mc_pin_set (store, "2580", &error));
  g_assert_no_error (error);
  mc_store_close (store);

  run_app (data_dir, sim.url, FALSE, catalogue_update_body, NULL);
  sim_stop (&sim);

  /* The check, as motcua-ctl reads it. */
  check = mc_catalogue_update_read_check (updates_dir);
  g_assert_cmpint (check->installed, >, 0);
  g_assert_null (check->error);
}

/* The welcome screen's own lists ---------------------------------------------------- */

#define FREQUENT_CODE "1.003583"   /* đăng ký khai sinh lưu động: not in the catalogue's top */
#define FAVOURITE_CODE "1.001022"  /* đăng ký nhận cha, mẹ, con */

static const char *
first_row_name (GtkWidget  *window,
                const char *list)
{
  GtkWidget *box = find_widget (window, list);

  g_assert_nonnull (box);
  g_assert_nonnull (gtk_widget_get_first_child (box));
  return gtk_widget_get_name (gtk_widget_get_first_child (box));
}

static void
shortcuts_body (McApplication *app,
                GtkWidget     *window,
                gpointer       data)
{
  gboolean *with_history = data;

  wait_for (catalogue_loaded_cond, app, "the catalogue");
  settle ();
  /* The configured favourite, under its own heading. */
  g_assert_nonnull (find_shown (window, "favourite-" FAVOURITE_CODE));
  g_assert_true (text_shown (window, g_dgettext (GETTEXT_PACKAGE, "Suggested at this counter")));
  g_assert_true (text_shown (window, g_dgettext (GETTEXT_PACKAGE, "Frequently used here")));
  if (*with_history)
    {
      GtkWidget *scroller;
      GtkAdjustment *adjustment;

      /* This office files it most: first, ahead of the catalogue's popular ones. */
      g_assert_cmpstr (first_row_name (window, "popular"), ==, "popular-" FREQUENT_CODE);
      scroller = gtk_widget_get_ancestor (find_widget (window, "popular"), GTK_TYPE_SCROLLED_WINDOW);
      adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      wait_for_frame (window);
      maybe_screenshot (window, "welcome-frequent");
    }
  else
    g_assert_null (find_shown (window, "popular-" FREQUENT_CODE));
}

static void
test_welcome_shortcuts (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-clerk-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmpdir, "kiosk", NULL);
  g_autofree char *config = g_build_filename (tmpdir, "kiosk.conf", NULL);
  g_autoptr(GError) error = NULL;
  gboolean with_history = FALSE;
  McStore *store;

  REQUIRE_DISPLAY ();

  g_assert_true (g_file_set_contents (config, "[kiosk]\nfavourites=" FAVOURITE_CODE ";\n",
                                      -1, &error));
  /* No history yet: the catalogue's popular procedures. */
  run_application_with_config (data_dir, config, NO_PORTAL, shortcuts_body, &with_history);

  /* Three dossiers for one procedure, one for another, as the kiosk's outbox
   * holds them once submitted; then the kiosk starts again on this data. */
  store = mc_store_open (data_dir, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    {
      const char *code = i < 3 ? FREQUENT_CODE : "1.001193";
      g_autofree char *payload = g_strdup_printf ("{\"procedure_code\":\"%s\",\"applicant\":{},"
                                                  "\"fields\":{}}", code);
      g_autoptr(McOutboxEntry) entry = mc_store_enqueue (store, "shortcuts-test", code,
                                                         payload, &error);

      g_assert_no_error (error);
      g_assert_nonnull (entry);
    }
  mc_store_close (store);

  with_history = TRUE;
  run_application_with_config (data_dir, config, NO_PORTAL, shortcuts_body, &with_history);
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("MOTCUA_IDLE_TIMEOUT_MS");
  g_unsetenv ("MOTCUA_IDLE_COUNTDOWN_MS");

  ui_test_init (&argc, &argv);
  ui_test_init_gtk ();
  setup_import_dir ();

  g_test_add_func ("/motcua/ui-clerk/kiosk-close", test_kiosk_close);
  g_test_add_func ("/motcua/ui-clerk/not-kiosk", test_not_kiosk);
  g_test_add_func ("/motcua/ui-clerk/config-layers", test_config_layers);
  g_test_add_func ("/motcua/ui-clerk/idle-reset", test_idle_reset);
  g_test_add_func ("/motcua/ui-clerk/pin", test_pin);
  g_test_add_func ("/motcua/ui-clerk/clerk-pages", test_clerk_pages);
  g_test_add_func ("/motcua/ui-clerk/catalogue-update", test_catalogue_update);
  g_test_add_func ("/motcua/ui-clerk/welcome-shortcuts", test_welcome_shortcuts);

  return g_test_run ();
}
