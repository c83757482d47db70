/* mc-application.c: command line, gettext, the engine objects, the one window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "mc-application.h"
#include "mc-cccd-scan.h"
#include "mc-catalogue-update.h"
#include "mc-window.h"

/* After a failed catalogue check (portal unreachable), the next one comes
 * this soon, or at the configured interval when that is shorter. */
#define CATALOGUE_RETRY_S (15 * 60)

#define RESOURCE_BASE_PATH "/io/github/motcua/Kiosk"

void mc_ui_register_resource (void);

struct _McApplication
{
  AdwApplication  parent_instance;

  char           *data_dir;      /* nullable until startup */
  char           *config_path;   /* nullable */
  char           *portal_url;    /* nullable: overrides the configuration's */
  gboolean        fullscreen;
  gboolean        kiosk;         /* --kiosk: lock-down (or [kiosk] kiosk-mode) */
  guint           inhibit_cookie;
  char           *language;      /* "vi" or "en" */

  McConfig       *config;        /* owned; outlives sync, which borrows it */
  McCatalogue    *catalogue;     /* owned, nullable while loading or when it failed */
  gboolean        catalogue_loading;
  GCancellable   *cancellable;   /* owned: the catalogue load */
  McStore        *store;         /* owned, nullable: opened on first use */
  McSync         *sync;          /* owned */
  McScanner      *scanner;       /* owned, nullable: made on first use */
  gboolean        sync_started;

  /* Catalogue updates: a check at the first frame, then every
   * config->catalogue_check_s; a newer catalogue waits in @pending until the
   * window takes it at a safe moment (mc_application_apply_pending_catalogue). */
  guint           check_id;
  gboolean        checking;
  gboolean        check_failed;       /* the last check did not reach the portal */
  GCancellable   *update_cancellable; /* owned */
  McCatalogue    *pending;            /* owned, nullable */
};

G_DEFINE_FINAL_TYPE (McApplication, mc_application, ADW_TYPE_APPLICATION)

enum {
  CATALOGUE_CHECKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_DATA_DIR,
  PROP_CONFIG_PATH,
  PROP_PORTAL_URL,
  PROP_FULLSCREEN,
  PROP_CATALOGUE,
  PROP_KIOSK,
  PROP_CATALOGUE_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GOptionEntry option_entries[] = {
  { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Keep the kiosk's database in DIR"), N_("DIR") },
  { "config", 'c', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Read the kiosk configuration from FILE"), N_("FILE") },
  { "portal", 'p', 0, G_OPTION_ARG_STRING, NULL,
    N_("Deliver dossiers to the portal at URL"), N_("URL") },
  { "fullscreen", 'f', 0, G_OPTION_ARG_NONE, NULL,
    N_("Fill the whole screen"), NULL },
  { "kiosk", 'k', 0, G_OPTION_ARG_NONE, NULL,
    N_("Lock the kiosk down for unattended use"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { NULL }
};

void
mc_ui_init (void)
{
  static gsize done = 0;
  g_autofree char *exe = NULL;
  g_autofree char *build_po = NULL;
  const char *localedir = LOCALEDIR;

  if (!g_once_init_enter (&done))
    return;

  /* A kiosk started from a bare "C" locale would otherwise ignore LANGUAGE and
   * show only English ASCII. */
  if (setlocale (LC_ALL, "") == NULL || g_strcmp0 (setlocale (LC_MESSAGES, NULL), "C") == 0)
    setlocale (LC_ALL, "C.UTF-8");

  /* Run from the build tree (the kiosk, the UI tests, the benchmark): use the
   * catalogs meson built there, so nothing needs installing first. */
  exe = g_file_read_link ("/proc/self/exe", NULL);
  build_po = g_build_filename (BUILDDIR, "po", NULL);
  if (exe != NULL && g_str_has_prefix (exe, BUILDDIR G_DIR_SEPARATOR_S)
      && g_file_test (build_po, G_FILE_TEST_IS_DIR))
    localedir = build_po;

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  mc_ui_register_resource ();
  /* Used by a template (mc-dossier-page.ui) without code of its own there. */
  g_type_ensure (MC_TYPE_CCCD_SCAN);

  g_once_init_leave (&done, 1);
}

static const char *
normalize_language (const char *language)
{
  return g_strcmp0 (language, "en") == 0 ? "en" : "vi";
}

/* Without a session bus (no DBUS_SESSION_BUS_ADDRESS, no $XDG_RUNTIME_DIR/bus)
 * GLib would autolaunch one through X11: it forks the whole kiosk to run
 * dbus-launch (about 80 ms before the first frame, for a private bus nobody
 * else uses), and GTK warns anyway. A kiosk uses the session's bus when there
 * is one and otherwise goes without: point GLib at the standard path, which
 * fails at once. */
static void
no_bus_autolaunch (void)
{
  g_autofree char *path = NULL;
  g_autofree char *address = NULL;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL)
    return;
  path = g_build_filename (g_get_user_runtime_dir (), "bus", NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return;
  address = g_strconcat ("unix:path=", path, NULL);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
}

static gboolean
have_display (void)
{
  const char *x11 = g_getenv ("DISPLAY");
  const char *wayland = g_getenv ("WAYLAND_DISPLAY");

  if ((x11 == NULL || *x11 == '\0') && (wayland == NULL || *wayland == '\0'))
    return FALSE;

  return gtk_init_check ();
}

static int
mc_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  McApplication *self = MC_APPLICATION (app);
  const char *str = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("motcua-kiosk %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "data-dir", "^&ay", &str))
    g_object_set (self, "data-dir", str, NULL);
  if (g_variant_dict_lookup (options, "config", "^&ay", &str))
    g_object_set (self, "config-path", str, NULL);
  if (g_variant_dict_lookup (options, "portal", "&s", &str))
    g_object_set (self, "portal-url", str, NULL);
  if (g_variant_dict_contains (options, "fullscreen"))
    g_object_set (self, "fullscreen", TRUE, NULL);
  if (g_variant_dict_contains (options, "kiosk"))
    g_object_set (self, "kiosk", TRUE, NULL);

  /* A bad configuration is the installer's mistake: say so where they look. */
  if (self->config_path != NULL)
    {
      g_autoptr(GError) error = NULL;
      McConfig *config = mc_config_load (self->config_path, &error);

      if (config == NULL)
        {
          g_printerr ("motcua-kiosk: %s: %s\n", self->config_path, error->message);
          return 1;
        }
      g_clear_pointer (&self->config, mc_config_free);
      self->config = config;
    }

  no_bus_autolaunch ();
  if (!have_display ())
    {
      g_printerr ("motcua-kiosk: no display found (DISPLAY/WAYLAND_DISPLAY unset). "
                  "Run it inside a graphical session, or for a headless demo: "
                  "xvfb-run -a motcua-kiosk\n");
      return 1;
    }

  return -1;
}

static void
catalogue_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCatalogue) catalogue = mc_catalogue_load_finish (result, &error);
  McApplication *self;

  /* Cancelled: the application is gone (it never holds itself alive for this). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = MC_APPLICATION (user_data);
  self->catalogue_loading = FALSE;
  if (catalogue == NULL)
    g_warning ("Cannot load the procedure catalogue: %s", error->message);
  else
    g_debug ("Catalogue %s loaded: %u procedures",
             mc_catalogue_get_version (catalogue), mc_catalogue_get_n_procedures (catalogue));
  /* The fleet's metrics name the catalogue the kiosk shows. */
  if (catalogue != NULL && self->sync != NULL)
    mc_sync_set_catalogue_version (self->sync, mc_catalogue_get_version (catalogue));

  self->catalogue = g_steal_pointer (&catalogue);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOGUE]);
}

static void schedule_check (McApplication *self,
                            guint          seconds);

static void
pending_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCatalogue) catalogue = mc_catalogue_load_finish (result, &error);
  McApplication *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = MC_APPLICATION (user_data);
  if (catalogue == NULL)
    {
      g_message ("Cannot load the new procedure catalogue: %s", error->message);
      return;
    }
  g_debug ("Catalogue %s ready, in use at the next welcome screen",
           mc_catalogue_get_version (catalogue));
  g_set_object (&self->pending, catalogue);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOGUE_PENDING]);
}

static void
update_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  McCatalogueUpdateResult outcome = MC_CATALOGUE_UPDATE_NOT_MODIFIED;
  McApplication *self;
  gboolean ok = mc_catalogue_update_finish (result, &outcome, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = MC_APPLICATION (user_data);
  self->checking = FALSE;
  self->check_failed = g_error_matches (error, MC_CATALOGUE_UPDATE_ERROR,
                                       MC_CATALOGUE_UPDATE_ERROR_NETWORK);
  if (!ok)
    g_message ("Catalogue check failed: %s", error->message);
  else if (outcome == MC_CATALOGUE_UPDATE_INSTALLED)
    {
      g_autofree char *updates_dir = mc_application_dup_updates_dir (self);

      mc_catalogue_load_async (updates_dir, self->update_cancellable, pending_loaded_cb, self);
    }
  g_signal_emit (self, signals[CATALOGUE_CHECKED], 0);
  schedule_check (self, ok ? self->config->catalogue_check_s
                           : MIN (CATALOGUE_RETRY_S, self->config->catalogue_check_s));
}

/* Asks the portal for a newer catalogue now (in a worker thread). FALSE when
 * there is no portal, or a check is already under way. */
gboolean
mc_application_check_catalogue (McApplication *self)
{
  g_autofree char *updates_dir = NULL;

  g_return_val_if_fail (MC_IS_APPLICATION (self), FALSE);

  if (self->checking || self->config == NULL
      || self->config->portal_url == NULL || *self->config->portal_url == '\0')
    return FALSE;
  g_clear_handle_id (&self->check_id, g_source_remove);
  self->checking = TRUE;
  if (self->update_cancellable == NULL)
    self->update_cancellable = g_cancellable_new ();
  updates_dir = mc_application_dup_updates_dir (self);
  /* The data is held by the task: the application may go first (cancelled). */
  mc_catalogue_update_async (updates_dir, self->config->portal_url, self->config->kiosk_id,
                             self->update_cancellable, update_done_cb, self);
  return TRUE;
}

static gboolean
check_timeout_cb (gpointer data)
{
  McApplication *self = data;

  self->check_id = 0;
  mc_application_check_catalogue (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_check (McApplication *self,
                guint          seconds)
{
  g_clear_handle_id (&self->check_id, g_source_remove);
  self->check_id = g_timeout_add_seconds (seconds, check_timeout_cb, self);
}

/* The portal is reachable again: a check that could not reach it is made
 * now (one the portal answered with an error waits for its retry). */
static void
link_state_cb (McApplication *self)
{
  if (self->check_failed && mc_sync_get_link_state (self->sync) == MC_LINK_ONLINE)
    mc_application_check_catalogue (self);
}

static void
mc_application_startup (GApplication *app)
{
  McApplication *self = MC_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS (mc_application_parent_class)->startup (app);

  /* A steady cursor. GTK 4 fades a blinking one in and out, a frame every
   * 16.7 ms for ten seconds after each key: every keystroke then waited for
   * the next slot of that animation before its results were drawn, and the
   * idle kiosk kept repainting (see bench/README.md, "search"). */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  if (self->config == NULL && self->config_path != NULL)
    {
      self->config = mc_config_load (self->config_path, &error);
      if (self->config == NULL)
        g_message ("Cannot read %s, using defaults: %s", self->config_path, error->message);
      g_clear_error (&error);
    }
  if (self->data_dir == NULL)
    self->data_dir = g_build_filename (g_get_user_data_dir (), "motcua-kiosk", NULL);
  /* Without --config: the system's file, then the clerk's copy in the data
   * directory (clerk mode saves there); --config replaces both. */
  if (self->config == NULL && self->config_path == NULL)
    {
      self->config = mc_config_load_layered (MC_CONFIG_SYSTEM_PATH, self->data_dir, &error);
      if (self->config == NULL)
        g_message ("Cannot read the configuration, using defaults: %s", error->message);
      g_clear_error (&error);
    }
  if (self->config == NULL)
    self->config = mc_config_new_default ();
  if (self->portal_url != NULL)
    {
      g_free (self->config->portal_url);
      self->config->portal_url = g_strdup (self->portal_url);
    }

  g_free (self->language);
  self->language = g_strdup (normalize_language (self->config->language));
  g_setenv ("LANGUAGE", self->language, TRUE);
  /* As in mc_application_set_language(): what was translated before (in
   * another language, e.g. by an earlier application in the same process)
   * is not served from glibc's cache. */
  textdomain (GETTEXT_PACKAGE);

  /* The full catalogue takes a few hundred milliseconds to load: in a worker
   * thread, while GTK builds and paints the first frame, which shows the
   * greeting and the search entry at once; the lists fill in when it arrives. */
  if (self->catalogue == NULL)
    {
      g_autofree char *updates_dir = mc_catalogue_update_dup_dir (self->data_dir);

      self->catalogue_loading = TRUE;
      self->cancellable = g_cancellable_new ();
      mc_catalogue_load_async (updates_dir, self->cancellable, catalogue_loaded_cb, self);
    }

  /* Created now for its properties; its thread starts after the first frame. */
  self->sync = mc_sync_new (self->data_dir, self->config);
}

static void
mc_application_activate (GApplication *app)
{
  McApplication *self = MC_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (mc_window_new (self));
      if (self->fullscreen || mc_application_get_kiosk (self))
        gtk_window_fullscreen (window);
      if (mc_application_get_kiosk (self))
        {
          /* Lock-down: no title bar to close it by, and no screen blanking
           * or screensaver while the kiosk runs. */
          gtk_window_set_decorated (window, FALSE);
          self->inhibit_cookie =
            gtk_application_inhibit (GTK_APPLICATION (self), window,
                                     GTK_APPLICATION_INHIBIT_IDLE,
                                     _("The kiosk is in use"));
        }
    }

  gtk_window_present (window);
}

static void
mc_application_shutdown (GApplication *app)
{
  McApplication *self = MC_APPLICATION (app);

  if (self->sync != NULL)
    mc_sync_stop (self->sync);
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->update_cancellable);
  g_clear_handle_id (&self->check_id, g_source_remove);
  /* Joins the scan worker: a scan under way is cancelled, the device closed. */
  g_clear_object (&self->scanner);
  if (self->inhibit_cookie != 0)
    gtk_application_uninhibit (GTK_APPLICATION (self), self->inhibit_cookie);
  self->inhibit_cookie = 0;

  G_APPLICATION_CLASS (mc_application_parent_class)->shutdown (app);
}

static void
mc_application_dispose (GObject *object)
{
  McApplication *self = MC_APPLICATION (object);

  if (self->sync != NULL && self->sync_started)
    mc_sync_stop (self->sync);
  g_clear_object (&self->sync);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->catalogue);
  g_cancellable_cancel (self->update_cancellable);
  g_clear_object (&self->update_cancellable);
  g_clear_handle_id (&self->check_id, g_source_remove);
  g_clear_object (&self->pending);
  g_clear_object (&self->scanner);
  g_clear_pointer (&self->store, mc_store_close);

  G_OBJECT_CLASS (mc_application_parent_class)->dispose (object);
}

static void
mc_application_finalize (GObject *object)
{
  McApplication *self = MC_APPLICATION (object);

  g_clear_pointer (&self->config, mc_config_free);
  g_free (self->data_dir);
  g_free (self->config_path);
  g_free (self->portal_url);
  g_free (self->language);

  G_OBJECT_CLASS (mc_application_parent_class)->finalize (object);
}

static void
set_string (McApplication  *self,
            char          **field,
            const GValue   *value,
            GParamSpec     *pspec)
{
  const char *str = g_value_get_string (value);

  if (g_strcmp0 (*field, str) == 0)
    return;
  g_free (*field);
  *field = g_strdup (str);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
mc_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  McApplication *self = MC_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;
    case PROP_CONFIG_PATH:
      g_value_set_string (value, self->config_path);
      break;
    case PROP_PORTAL_URL:
      g_value_set_string (value, self->portal_url);
      break;
    case PROP_FULLSCREEN:
      g_value_set_boolean (value, self->fullscreen);
      break;
    case PROP_CATALOGUE:
      g_value_set_object (value, self->catalogue);
      break;
    case PROP_CATALOGUE_PENDING:
      g_value_set_boolean (value, self->pending != NULL);
      break;
    case PROP_KIOSK:
      g_value_set_boolean (value, self->kiosk);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_application_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  McApplication *self = MC_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      set_string (self, &self->data_dir, value, pspec);
      break;
    case PROP_CONFIG_PATH:
      set_string (self, &self->config_path, value, pspec);
      break;
    case PROP_PORTAL_URL:
      set_string (self, &self->portal_url, value, pspec);
      break;
    case PROP_FULLSCREEN:
      if (self->fullscreen != g_value_get_boolean (value))
        {
          self->fullscreen = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_KIOSK:
      if (self->kiosk != g_value_get_boolean (value))
        {
          self->kiosk = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_application_class_init (McApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = mc_application_dispose;
  object_class->finalize = mc_application_finalize;
  object_class->get_property = mc_application_get_property;
  object_class->set_property = mc_application_set_property;

  app_class->handle_local_options = mc_application_handle_local_options;
  app_class->startup = mc_application_startup;
  app_class->activate = mc_application_activate;
  app_class->shutdown = mc_application_shutdown;

  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CONFIG_PATH] =
    g_param_spec_string ("config-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PORTAL_URL] =
    g_param_spec_string ("portal-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FULLSCREEN] =
    g_param_spec_boolean ("fullscreen", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CATALOGUE] =
    g_param_spec_object ("catalogue", NULL, NULL, MC_TYPE_CATALOGUE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_KIOSK] =
    g_param_spec_boolean ("kiosk", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CATALOGUE_PENDING] =
    g_param_spec_boolean ("catalogue-pending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CATALOGUE_CHECKED] =
    g_signal_new ("catalogue-checked",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
mc_application_init (McApplication *self)
{
  self->language = g_strdup ("vi");
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Touch-screen kiosk for the one-stop-shop counter"));
}

McApplication *
mc_application_new (void)
{
  mc_ui_init ();

  return g_object_new (MC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
}

McConfig *
mc_application_get_config (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), NULL);

  return self->config;
}

McCatalogue *
mc_application_get_catalogue (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), NULL);

  return self->catalogue;
}

gboolean
mc_application_is_catalogue_loading (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), FALSE);

  return self->catalogue_loading;
}

McSync *
mc_application_get_sync (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), NULL);

  return self->sync;
}

const char *
mc_application_get_data_dir (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), NULL);

  return self->data_dir;
}

/* A scan went well on a scanner other than the remembered one: it becomes
 * [kiosk] scanner in <data_dir>/kiosk.conf (saved atomically, as the clerk's
 * settings are), tried first at the next start. */
static void
last_device_cb (McApplication *self,
                GParamSpec    *pspec,
                McScanner     *scanner)
{
  const char *name = mc_scanner_get_last_device (scanner);
  g_autoptr(McConfig) copy = NULL;
  g_autoptr(GError) error = NULL;

  if (name == NULL || self->config == NULL || g_strcmp0 (self->config->scanner, name) == 0)
    return;
  copy = mc_config_copy (self->config);
  g_free (copy->scanner);
  copy->scanner = g_strdup (name);
  if (!mc_config_save (copy, MC_CONFIG_SYSTEM_PATH, self->data_dir, &error))
    {
      g_message ("Cannot remember the scanner: %s", error->message);
      return;
    }
  g_free (self->config->scanner);
  self->config->scanner = g_strdup (name);
  g_debug ("Scanner remembered");
}

McScanner *
mc_application_get_scanner (McApplication *self)
{
  const char *remembered;

  g_return_val_if_fail (MC_IS_APPLICATION (self), NULL);

  if (self->scanner == NULL)
    {
      g_autofree char *dir = g_build_filename (self->data_dir != NULL ? self->data_dir
                                                                       : g_get_tmp_dir (),
                                               "scan-pages", NULL);

      self->scanner = mc_scanner_new (dir);
      g_signal_connect_object (self->scanner, "notify::last-device",
                               G_CALLBACK (last_device_cb), self, G_CONNECT_SWAPPED);
    }
  /* [kiosk] scanner, also when the clerk changed it since. */
  remembered = self->config != NULL ? self->config->scanner : NULL;
  if (remembered != NULL && *remembered != '\0')
    mc_scanner_set_last_device (self->scanner, remembered);
  return self->scanner;
}

void
mc_application_release_scanner (McApplication *self)
{
  g_return_if_fail (MC_IS_APPLICATION (self));

  if (self->scanner == NULL)
    return;
  mc_scanner_cancel (self->scanner);
  mc_scanner_close_device (self->scanner);
}

McStore *
mc_application_get_store (McApplication  *self,
                          GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (MC_IS_APPLICATION (self), NULL);

  if (self->store != NULL)
    return self->store;

  self->store = mc_store_open (self->data_dir, &local_error);
  if (self->store == NULL)
    {
      /* The engine's message names the file and the cause, in English; the
       * citizen and the clerk get a sentence they can act on. */
      g_message ("Cannot open the store in %s: %s", self->data_dir, local_error->message);
      if (g_error_matches (local_error, MC_STORE_ERROR, MC_STORE_ERROR_FULL))
        g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_FULL,
                             _("The kiosk's disk is full. Please ask the staff at the counter for help."));
      else
        g_set_error (error, MC_STORE_ERROR, local_error->code,
                     _("The kiosk cannot save dossiers right now (%s). "
                       "Please ask the staff at the counter for help."),
                     local_error->message);
    }

  return self->store;
}

void
mc_application_set_language (McApplication *self,
                             const char    *language)
{
  GtkWindow *window;

  g_return_if_fail (MC_IS_APPLICATION (self));

  language = normalize_language (language);
  if (g_strcmp0 (self->language, language) == 0)
    return;

  g_free (self->language);
  self->language = g_strdup (language);
  g_setenv ("LANGUAGE", language, TRUE);
  /* glibc caches translations per locale, not per LANGUAGE: setting the text
   * domain again bumps its catalog counter, which drops that cache. */
  textdomain (GETTEXT_PACKAGE);

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (MC_IS_WINDOW (window))
    mc_window_reload (MC_WINDOW (window));
}

const char *
mc_life_event_get_title (const McLifeEvent *event)
{
  GApplication *app = g_application_get_default ();

  g_return_val_if_fail (event != NULL, NULL);

  /* Life events are data (data/life-events.json) with both titles. */
  if (MC_IS_APPLICATION (app)
      && g_str_equal (mc_application_get_language (MC_APPLICATION (app)), "en")
      && event->title_en != NULL)
    return event->title_en;
  return event->title;
}

const char *
mc_application_get_language (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), NULL);

  return self->language;
}

void
mc_application_first_frame (McApplication *self)
{
  g_return_if_fail (MC_IS_APPLICATION (self));

  if (self->sync_started || self->sync == NULL)
    return;

  self->sync_started = TRUE;
  mc_sync_start (self->sync);
  g_signal_connect_object (self->sync, "notify::link-state", G_CALLBACK (link_state_cb), self,
                           G_CONNECT_SWAPPED);
  mc_application_check_catalogue (self);
}

gboolean
mc_application_get_kiosk (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), FALSE);

  return self->kiosk || (self->config != NULL && self->config->kiosk_mode);
}

char *
mc_application_dup_updates_dir (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), NULL);

  return mc_catalogue_update_dup_dir (self->data_dir);
}

gboolean
mc_application_apply_pending_catalogue (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), FALSE);

  if (self->pending == NULL)
    return FALSE;
  g_message ("Procedure catalogue %s now in use", mc_catalogue_get_version (self->pending));
  g_clear_object (&self->catalogue);
  self->catalogue = g_steal_pointer (&self->pending);
  if (self->sync != NULL)
    mc_sync_set_catalogue_version (self->sync, mc_catalogue_get_version (self->catalogue));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOGUE_PENDING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOGUE]);
  return TRUE;
}
