/* ui-helpers.h: driving the kiosk's real window in a test: waiting on the
 * main loop, finding widgets by name, clicking, typing, screenshots, the
 * portal simulator, running the real application, getting through the
 * documents step with a file from the "USB stick". Every UI test includes this.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "mc-application.h"
#include "mc-pages.h"
#include "mc-window.h"

/* Not every test uses every helper. */
#pragma GCC diagnostic ignored "-Wunused-function"

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

/* Only what is on screen: widgets of hidden stack pages are skipped (several
 * pages may hold a row for the same procedure). */
static GtkWidget *
find_shown (GtkWidget  *root,
            const char *name)
{
  if (!gtk_widget_get_visible (root))
    return NULL;
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return gtk_widget_is_drawable (root) ? root : NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_shown (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
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

/* The text of the label named @name, once it is there. */
static const char *
label_of (GtkWidget  *root,
          const char *name)
{
  GtkWidget *widget = wait_for_widget (root, name);

  g_assert_true (GTK_IS_LABEL (widget));
  return gtk_label_get_label (GTK_LABEL (widget));
}

static void
click (GtkWidget  *root,
       const char *name)
{
  GtkWidget *button = wait_for_widget (root, name);

  if (!GTK_IS_BUTTON (button))
    g_error ("%s is a %s, not a button", name, G_OBJECT_TYPE_NAME (button));
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
  const char *catalogue;  /* nullable: served at /api/v1/catalogue (--catalogue) */
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
  const char *argv[] = { exe, "--port", port_arg, "--port-file", port_file, "--db", db,
                         sim->catalogue != NULL ? "--catalogue" : NULL, sim->catalogue, NULL };

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


/* Runs @body (its data: the Sim, its tmpdir set) in the real application, its
 * data in a new temporary folder made from @tmp_template, the portal simulator
 * as its portal; skips the test when there is no simulator. */
static void
run_with_sim (const char *tmp_template,
              UiBody      body)
{
  g_autofree char *tmpdir = g_dir_make_tmp (tmp_template, NULL);
  g_autofree char *data_dir = g_build_filename (tmpdir, "kiosk", NULL);
  Sim sim = { 0 };

  if (!sim_start (&sim, tmpdir))
    {
      g_test_skip ("MOTCUA_PORTAL_SIM is not set to the simulator");
      return;
    }
  sim.tmpdir = tmpdir;
  run_application (data_dir, sim.url, body, &sim);
  sim_stop (&sim);
}

/* The start of every UI test's main(): no session bus (the application must
 * not go looking for one), no accessibility bus, the language from LANG
 * alone; then g_test_init (). What must come before GTK (SANE's
 * configuration) goes between this and ui_test_init_gtk (). */
static void
ui_test_init (int    *argc,
              char ***argv)
{
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/motcua-test-bus", TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_unsetenv ("LANGUAGE");

  /* Not G_TEST_OPTION_ISOLATE_DIRS: GTK needs the system's XDG data dirs (the
   * GSettings schemas, the icon theme); every test uses its own temp dir. */
  g_test_init (argc, argv, NULL);
}

static void
ui_test_init_gtk (void)
{
  have_display = gtk_init_check ();
  mc_ui_init ();
}

/* Clerk mode's PIN pad: @pin's digits, then OK. */
static void
enter_pin (GtkWidget  *window,
           const char *pin)
{
  for (const char *p = pin; *p != '\0'; p++)
    {
      char name[] = "clerk-pin-X";

      name[strlen (name) - 1] = *p;
      click (window, name);
    }
  click (window, "clerk-pin-ok");
}

/* Every log line of the whole run (all domains, all levels, debug included),
 * for the privacy checks: record_logs () first in main(). */
static GMutex log_lock;
static GString *log_record;

static GLogWriterOutput
record_log_writer (GLogLevelFlags   log_level,
                   const GLogField *fields,
                   gsize            n_fields,
                   gpointer         user_data)
{
  g_mutex_lock (&log_lock);
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 || g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0)
      {
        if (fields[i].length < 0)
          g_string_append (log_record, fields[i].value);
        else
          g_string_append_len (log_record, fields[i].value, fields[i].length);
        g_string_append_c (log_record, ' ');
      }
  g_string_append_c (log_record, '\n');
  g_mutex_unlock (&log_lock);

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
record_logs (void)
{
  log_record = g_string_new (NULL);
  g_log_set_writer_func (record_log_writer, NULL, NULL);
}

/* No log line so far holds any of @personal (NULL-terminated). */
static void
assert_not_logged (const char *const *personal)
{
  g_mutex_lock (&log_lock);
  for (guint i = 0; personal[i] != NULL; i++)
    g_assert_null (strstr (log_record->str, personal[i]));
  g_mutex_unlock (&log_lock);
}

/* The documents step ------------------------------------------------------ */

/* The "USB stick" (MOTCUA_IMPORT_DIR): one JPEG made like a scan, a gray A4
 * page with dark bars, named IMPORT_FILE. Call once in main(), before the
 * tests run. */
#define IMPORT_FILE "xac-nhan.jpg"
static char *import_dir;

static void
setup_import_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McPage) page = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autofree char *path = NULL;
  const int width = 827, height = 1169;   /* A4 at 100 dpi */
  g_autofree guint8 *pixels = g_malloc ((gsize) width * height);

  import_dir = g_dir_make_tmp ("test-ui-usb-XXXXXX", &error);
  g_assert_no_error (error);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      pixels[(gsize) y * width + x] = (y / 40) % 3 == 0 && x > 80 && x < width - 80 ? 40 : 235;
  page = mc_page_new_from_data (import_dir, pixels, width, height, width, 100, MC_PAGE_GRAY, &error);
  g_assert_no_error (error);
  jpeg = mc_page_encode_jpeg (page, 80, FALSE, &error);
  g_assert_no_error (error);
  path = g_build_filename (import_dir, IMPORT_FILE, NULL);
  g_file_set_contents (path, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg), &error);
  g_assert_no_error (error);
  g_setenv ("MOTCUA_IMPORT_DIR", import_dir, TRUE);
}

static gboolean
item_done_cond (gpointer data)
{
  Lookup *lookup = data;
  GtkWidget *label = find_shown (lookup->root, lookup->name);

  return label != NULL && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (label)), "✓");
}

/* Until the checklist shows document @index as provided. */
static void
wait_item_done (GtkWidget *window,
                guint      index)
{
  g_autofree char *name = g_strdup_printf ("doc-status-%u", index);
  Lookup lookup = { window, name };

  wait_for (item_done_cond, &lookup, name);
  settle ();
}

static void
click_item (GtkWidget  *window,
            const char *what,
            guint       index)
{
  g_autofree char *name = g_strdup_printf ("%s-%u", what, index);

  click (window, name);
}

/* Document @index of the checklist: still required (not provided, not waived)? */
static gboolean
item_missing (GtkWidget *window,
              guint      index)
{
  g_autofree char *name = g_strdup_printf ("doc-status-%u", index);
  GtkWidget *status = find_widget (window, name);

  g_assert_nonnull (status);
  return gtk_widget_has_css_class (status, "warning");
}

/* The scan view (McScanPage) and the files it makes. */
static gboolean
button_ready_cond (gpointer data)
{
  Lookup *lookup = data;
  GtkWidget *widget = find_shown (lookup->root, lookup->name);

  return widget != NULL && gtk_widget_is_sensitive (widget);
}

static void
wait_sensitive (GtkWidget  *root,
                const char *name)
{
  Lookup lookup = { root, name };

  wait_for (button_ready_cond, &lookup, name);
  settle ();
}

typedef struct {
  GtkWidget *root;
  guint      n;
} CountLookup;

static guint
n_thumbnails (GtkWidget *root)
{
  GtkWidget *box = find_shown (root, "scan-thumbnails");
  guint n = 0;

  if (box == NULL)
    return 0;
  while (gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (box), n) != NULL)
    n++;
  return n;
}

static gboolean
thumbnails_cond (gpointer data)
{
  CountLookup *lookup = data;
  GtkWidget *scan = find_shown (lookup->root, "scan-page");

  return n_thumbnails (lookup->root) == lookup->n && scan != NULL && gtk_widget_is_sensitive (scan);
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* SANE's test backend as the only scanner ("Grid" pictures, no hardware):
 * libsane reads SANE_CONFIG_DIR once per process, so call this in main()
 * before anything talks to SANE. Returns the folder (the caller's). */
static char *
setup_sane_test_backend (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-ui-sane-XXXXXX", &error);
  g_autofree char *dll = NULL, *conf = NULL;

  g_assert_no_error (error);
  dll = g_build_filename (dir, "dll.conf", NULL);
  conf = g_build_filename (dir, "test.conf", NULL);
  g_file_set_contents (dll, "test\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (conf, "number_of_devices 1\ntest-picture \"Grid\"\n", -1, &error);
  g_assert_no_error (error);
  g_setenv ("SANE_CONFIG_DIR", dir, TRUE);
  return dir;
}

/* A USB QR reader: keys a few milliseconds apart, then Enter, into the
 * window's key entry point. */
static void
reader_types (GtkWidget  *window,
              const char *text)
{
  gint64 time_us = 10 * G_USEC_PER_SEC;

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      guint keyval = *p == '\0' ? GDK_KEY_Return : gdk_unicode_to_keyval (g_utf8_get_char (p));

      time_us += 4 * 1000;
      g_assert_true (mc_window_handle_key (MC_WINDOW (window), keyval, 0, time_us));
      if (*p == '\0')
        break;
    }
  settle ();
}

/* An address picker named @prefix (the form's address questions): Hà Nội,
 * then the first commune of its list. */
static void
choose_address (GtkWidget  *window,
                const char *prefix)
{
  g_autofree char *province = g_strconcat (prefix, "-province", NULL);
  g_autofree char *commune = g_strconcat (prefix, "-commune", NULL);
  g_autofree char *list = g_strconcat (prefix, "-list", NULL);

  click (window, province);
  g_signal_emit_by_name (wait_for_widget (window, "unit-1"), "activate");
  settle ();
  click (window, commune);
  g_signal_emit_by_name (gtk_widget_get_first_child (wait_for_widget (window, list)), "activate");
  settle ();
}

/* One of the form's question groups (data/forms.json) after the applicant's
 * page, answered by touch where an answer is required, then "Next": for
 * "Đăng ký khai sinh" the applicant is the mother (one tap copies her
 * details), the child a girl born a year ago today (the date picker's "−"
 * under the year) in a hospital; other groups as they come. Returns its taps
 * (buttons, and one per field typed into). */
static guint
pass_form_step (GtkWidget *window)
{
  GtkWidget *page = gtk_stack_get_visible_child (GTK_STACK (find_widget (window, "pages")));
  const char *name = gtk_widget_get_name (page);
  guint taps = 0;

  if (g_str_equal (name, "form-declarant"))
    {
      click (window, "field-declarant-relationship-mother");
      taps++;
    }
  else if (g_str_equal (name, "form-child"))
    {
      type_into (window, "field-child-full_name", "Nguyễn Thị Hoa");
      click (window, "field-child-sex-female");
      click (window, "field-child-birth_date-year-minus");
      type_into (window, "field-child-birth_place", "Bệnh viện Phụ sản Hà Nội");
      taps += 4;
    }
  else if (g_str_equal (name, "form-mother"))
    {
      GtkWidget *commune;

      click (window, "form-same-as-applicant");
      taps++;
      /* An applicant who gave no address: the mother's chosen here. */
      commune = find_shown (window, "field-mother-residence-commune");
      if (!gtk_widget_is_sensitive (commune)
          || gtk_widget_has_css_class (find_shown (window, "field-mother-residence"), "error"))
        {
          choose_address (window, "field-mother-residence");
          taps += 4;
        }
    }
  click (window, "form-next");
  taps++;
  if (g_strcmp0 (mc_window_get_page (MC_WINDOW (window)), "form") == 0
      && gtk_stack_get_visible_child (GTK_STACK (find_widget (window, "pages"))) == page)
    g_error ("The form step %s did not go on", name);
  return taps;
}

/* Every form step (pass_form_step()) up to the first page that is not one.
 * Returns their taps. */
static guint
pass_form_steps (GtkWidget *window)
{
  guint taps = 0;

  while (g_strcmp0 (mc_window_get_page (MC_WINDOW (window)), "form") == 0)
    taps += pass_form_step (window);
  return taps;
}

/* On the documents step: each required document still missing gets the
 * "USB stick"'s JPEG (setup_import_dir()); then "Continue". Returns how many
 * were imported. */
static guint
pass_documents_step (GtkWidget *window)
{
  guint n = 0;

  pass_form_steps (window);
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "documents");
  wait_for_widget (window, "documents-continue");
  for (guint i = 0;; i++)
    {
      g_autofree char *name = g_strdup_printf ("doc-import-%u", i);

      if (find_widget (window, name) == NULL)
        break;
      if (!item_missing (window, i))
        continue;
      click (window, name);
      click (window, "import-file-" IMPORT_FILE);
      wait_item_done (window, i);
      n++;
    }
  click (window, "documents-continue");
  return n;
}

/* After the documents step: the review, if the window shows it, and its
 * "Submit the dossier". */
static void
submit_from_review (GtkWidget *window)
{
  if (g_strcmp0 (mc_window_get_page (MC_WINDOW (window)), "review") != 0)
    return;
  click (window, "review-submit");
}

/* From the form's "Next" on: the documents step and the review. */
static guint
finish_dossier (GtkWidget *window)
{
  guint n = pass_documents_step (window);

  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "review");
  submit_from_review (window);
  return n;
}

/* A tool's standard output (it must succeed). */
static char *
run_tool (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The PDF's text on single spaces (pdftotext). */
static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
  g_autofree char *text = run_tool (argv);
  g_auto(GStrv) words = NULL;
  GString *flat = g_string_new (NULL);

  g_strdelimit (text, "\n\f\t", ' ');
  words = g_strsplit (text, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (flat, "%s%s", flat->len > 0 ? " " : "", words[i]);
  return g_string_free (flat, FALSE);
}

/* The QR code on the PDF's page, rendered by pdftoppm and decoded by
 * zbarimg. */
static char *
pdf_qr (const char *pdf,
        const char *tmpdir)
{
  g_autofree char *prefix = g_build_filename (tmpdir, "pdf-page", NULL);
  g_autofree char *png = g_strconcat (prefix, ".png", NULL);
  const char *render[] = { "pdftoppm", "-r", "200", "-png", "-singlefile", pdf, prefix, NULL };
  const char *zbar[] = { "zbarimg", "--raw", "-q", png, NULL };
  g_autofree char *ignored = run_tool (render);

  return g_strstrip (run_tool (zbar));
}

static gboolean
file_cond (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}
