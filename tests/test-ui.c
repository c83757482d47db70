/* test-ui.c: the kiosk's window, in process, under Xvfb, against the real portal
 * simulator: search, procedure page and its QR code, the form's validation,
 * submission, the receipt with the portal's code and tracking QR code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "mc-application.h"
#include "mc-dossier-page.h"
#include "mc-procedure-page.h"
#include "mc-receipt-page.h"
#include "mc-welcome-page.h"
#include "mc-window.h"

/* A safety net against a hung test, not a timing assertion. */
#define WAIT_BOUND_S 60

static gboolean have_display;

#define REQUIRE_DISPLAY() \
  G_STMT_START { \
    if (!have_display) \
      { \
        g_test_skip ("No display: run the UI tests under xvfb-run"); \
        return; \
      } \
  } G_STMT_END

typedef gboolean (*Condition) (gpointer data);

static gboolean
bound_reached_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
wait_for (Condition   condition,
          gpointer    data,
          const char *what)
{
  gboolean bound_reached = FALSE;
  guint id = g_timeout_add_seconds (WAIT_BOUND_S, bound_reached_cb, &bound_reached);
  /* Conditions outside the main loop (a file, another process) get polled. */
  guint tick = g_timeout_add (20, tick_cb, NULL);

  while (!condition (data) && !bound_reached)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  if (bound_reached)
    g_error ("Gave up waiting for %s", what);
  g_source_remove (id);
}

static gboolean
iterations_done_cb (gpointer data)
{
  return --*(int *) data <= 0;
}

/* Lets GTK lay out and paint: a few frames' worth of main loop. */
static void
settle (void)
{
  int n = 20;

  while (!iterations_done_cb (&n))
    g_main_context_iteration (NULL, FALSE);
}

static GtkWidget *
find_widget (GtkWidget  *root,
             const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Only what is on screen: widgets of hidden stack pages are skipped. */
static GtkWidget *
find_shown (GtkWidget  *root,
            const char *name)
{
  GtkWidget *widget = find_widget (root, name);

  return widget != NULL && gtk_widget_is_drawable (widget) ? widget : NULL;
}

static gboolean
text_shown (GtkWidget  *root,
            const char *text)
{
  if (gtk_widget_get_mapped (root))
    {
      if (GTK_IS_LABEL (root) && strstr (gtk_label_get_label (GTK_LABEL (root)), text) != NULL)
        return TRUE;
      if (GTK_IS_EDITABLE (root) && strstr (gtk_editable_get_text (GTK_EDITABLE (root)), text) != NULL)
        return TRUE;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (text_shown (child, text))
      return TRUE;

  return FALSE;
}

typedef struct {
  GtkWidget  *root;
  const char *name;
} Lookup;

static gboolean
widget_shown_cond (gpointer data)
{
  Lookup *lookup = data;
  GtkWidget *widget = find_shown (lookup->root, lookup->name);

  return widget != NULL && gtk_widget_get_width (widget) > 0;
}

static GtkWidget *
wait_for_widget (GtkWidget  *root,
                 const char *name)
{
  Lookup lookup = { root, name };

  wait_for (widget_shown_cond, &lookup, name);
  settle ();
  return find_shown (root, name);
}

static void
click (GtkWidget  *root,
       const char *name)
{
  GtkWidget *button = wait_for_widget (root, name);

  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  settle ();
}

static void
type_into (GtkWidget  *root,
           const char *name,
           const char *text)
{
  GtkWidget *entry = wait_for_widget (root, name);

  g_assert_true (GTK_IS_EDITABLE (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
flag_cond (gpointer data)
{
  return *(gboolean *) data;
}

/* Until @widget's window has painted a frame since now. */
static void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong id;

  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  wait_for (flag_cond, &painted, "a frame");
  g_signal_handler_disconnect (clock, id);
}

static GskRenderNode *
snapshot_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot,
                          gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  return gtk_snapshot_free_to_node (snapshot);
}

/* Renders @widget as it is on screen, with the window's own renderer. */
static void
save_widget_png (GtkWidget  *widget,
                 const char *path)
{
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  wait_for_frame (widget);
  node = snapshot_widget (widget);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
maybe_screenshot (GtkWidget  *window,
                  const char *name)
{
  const char *dir = g_getenv ("MOTCUA_UI_SCREENSHOT_DIR");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;

  settle ();
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  save_widget_png (window, path);
  g_test_message ("Screenshot: %s", path);
}

static char *
decode_qr (GtkWidget  *qr,
           const char *tmpdir,
           const char *name)
{
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (tmpdir, file, NULL);
  const char *argv[] = { "zbarimg", "--raw", "-q", path, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  save_widget_png (qr, path);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return g_strdup (g_strstrip (out));
}

/* If the test dies, the simulator goes with it (and releases the TAP pipe). */
static void
sim_child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* The simulator, started the way the README starts it. */
typedef struct {
  GPid        pid;
  guint       port;
  char       *url;
  const char *tmpdir;
} Sim;

static gboolean
port_file_cond (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

/* On @port (0: any free one), with its database in @tmpdir (the same one again
 * after a stop). */
static gboolean
sim_start_on (Sim        *sim,
              const char *tmpdir,
              guint       port)
{
  const char *exe = g_getenv ("MOTCUA_PORTAL_SIM");
  g_autofree char *port_file = g_build_filename (tmpdir, "sim.port", NULL);
  g_autofree char *db = g_build_filename (tmpdir, "sim.db", NULL);
  g_autofree char *port_arg = g_strdup_printf ("%u", port);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { exe, "--port", port_arg, "--port-file", port_file, "--db", db, NULL };

  if (exe == NULL || !g_file_test (exe, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;

  g_unlink (port_file);

  /* stdout to /dev/null: nothing may reach the TAP stream. */
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                sim_child_setup, NULL, &sim->pid, &error));
  g_assert_no_error (error);

  wait_for (port_file_cond, port_file, "the simulator's port file");
  g_assert_true (g_file_get_contents (port_file, &contents, NULL, NULL));
  sim->port = (guint) g_ascii_strtoull (contents, NULL, 10);
  g_assert_cmpuint (sim->port, >, 0);
  if (port != 0)
    g_assert_cmpuint (sim->port, ==, port);
  g_free (sim->url);
  sim->url = g_strdup_printf ("http://127.0.0.1:%u", sim->port);

  return TRUE;
}

static gboolean
sim_start (Sim        *sim,
           const char *tmpdir)
{
  return sim_start_on (sim, tmpdir, 0);
}

static void
sim_stop (Sim *sim)
{
  if (sim->pid != 0)
    {
      kill (sim->pid, SIGTERM);
      waitpid (sim->pid, NULL, 0);
      g_spawn_close_pid (sim->pid);
      sim->pid = 0;
    }
  g_clear_pointer (&sim->url, g_free);
}

/* GET @path from the simulator: a plain HTTP/1.0 request, the body parsed. */
static JsonNode *
sim_get_json (Sim        *sim,
              const char *path)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  g_autoptr(GByteArray) reply = g_byte_array_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  GOutputStream *out;
  GInputStream *in;
  const char *body;
  guint8 buffer[4096];
  gssize n;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", sim->port, NULL, &error);
  g_assert_no_error (error);

  request = g_strdup_printf ("GET %s HTTP/1.0\r\nHost: 127.0.0.1:%u\r\n\r\n", path, sim->port);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_assert_true (g_output_stream_write_all (out, request, strlen (request), NULL, NULL, &error));
  g_assert_no_error (error);

  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error)) > 0)
    g_byte_array_append (reply, buffer, n);
  g_assert_no_error (error);
  g_byte_array_append (reply, (const guint8 *) "", 1);

  g_assert_true (g_str_has_prefix ((const char *) reply->data, "HTTP/1.1 200")
                 || g_str_has_prefix ((const char *) reply->data, "HTTP/1.0 200"));
  body = strstr ((const char *) reply->data, "\r\n\r\n");
  g_assert_nonnull (body);
  json_parser_load_from_data (parser, body + 4, -1, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static gboolean
receipt_delivered_cond (gpointer data)
{
  GtkWidget *code = find_shown (data, "receipt-dossier-code");

  return code != NULL && *gtk_label_get_label (GTK_LABEL (code)) != '\0';
}

static gboolean
window_gone_cond (gpointer data)
{
  return *(gpointer *) data == NULL;
}

typedef void (*UiBody) (McApplication *app,
                        GtkWidget     *window,
                        gpointer       data);

typedef struct {
  UiBody   body;
  gpointer data;
} UiRun;

static void
activate_cb (McApplication *app,
             UiRun         *run)
{
  GtkWidget *window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  gpointer weak = window;

  g_assert_true (MC_IS_WINDOW (window));
  /* What the test sees is the page it went to, not a crossfade into it. */
  gtk_stack_set_transition_type (GTK_STACK (find_widget (window, "pages")),
                                 GTK_STACK_TRANSITION_TYPE_NONE);
  run->body (app, window, run->data);

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  wait_for (window_gone_cond, &weak, "the window to be finalized");
  g_assert_null (weak);
}

/* Runs @body inside the real application's "activate", with its real window;
 * g_application_run () then ends as it does for the kiosk, and nothing may be
 * left holding the application. */
static void
run_application_with_config (const char *data_dir,
                             const char *config_path,
                             const char *portal_url,
                             UiBody      body,
                             gpointer    data)
{
  McApplication *app = mc_application_new ();
  UiRun run = { body, data };

  g_object_set (app, "data-dir", data_dir, "config-path", config_path,
                "portal-url", portal_url, NULL);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_finalize_object (app);
}

static void
run_application (const char *data_dir,
                 const char *portal_url,
                 UiBody      body,
                 gpointer    data)
{
  run_application_with_config (data_dir, NULL, portal_url, body, data);
}

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
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmpdir, "kiosk", NULL);
  Sim sim = { 0 };

  REQUIRE_DISPLAY ();

  if (!sim_start (&sim, tmpdir))
    {
      g_test_skip ("MOTCUA_PORTAL_SIM is not set to the simulator");
      return;
    }
  sim.tmpdir = tmpdir;

  run_application (data_dir, sim.url, submit_end_to_end_body, &sim);
  sim_stop (&sim);
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

  click (window, "language-toggle");
  g_assert_cmpstr (mc_application_get_language (app), ==, "en");
  wait_for_widget (window, "start-dossier");
  /* Same screen, same procedure, now in English. */
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "procedure");
  maybe_screenshot (window, "7-procedure-en");
  g_assert_true (text_shown (window, "File a dossier"));
  g_assert_false (text_shown (window, "Nộp hồ sơ"));
  g_assert_true (text_shown (window, "Tiếng Việt"));
  maybe_screenshot (window, "7-procedure-en");

  /* What was typed survives a switch. */
  click (window, "start-dossier");
  type_into (window, "field-full-name", "Trần Thị Bình");
  click (window, "language-toggle");
  g_assert_cmpstr (mc_application_get_language (app), ==, "vi");
  wait_for_widget (window, "field-full-name");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "dossier");
  g_assert_true (text_shown (window, "Trần Thị Bình"));
  g_assert_true (text_shown (window, "Gửi hồ sơ"));

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

int
main (int   argc,
      char *argv[])
{
  /* No session bus in the test: the application must not go looking for one. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/motcua-test-bus", TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_unsetenv ("LANGUAGE");

  /* Not G_TEST_OPTION_ISOLATE_DIRS: GTK needs the system's XDG data dirs (the
   * GSettings schemas, the icon theme); every test uses its own temp dir. */
  g_test_init (&argc, &argv, NULL);

  have_display = gtk_init_check ();
  mc_ui_init ();

  g_test_add_func ("/motcua/ui/no-display", test_no_display);
  g_test_add_func ("/motcua/ui/templates", test_templates);
  g_test_add_func ("/motcua/ui/procedure-honesty", test_procedure_honesty);
  g_test_add_func ("/motcua/ui/submit-end-to-end", test_submit_end_to_end);
  g_test_add_func ("/motcua/ui/language-switch", test_language_switch);
  g_test_add_func ("/motcua/ui/offline-submit", test_offline_submit);

  return g_test_run ();
}
