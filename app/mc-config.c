/* mc-config.c: the kiosk's keyfile configuration, its defaults and checks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "mc-config"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <glib/gi18n.h>

#include "mc-config.h"

G_DEFINE_QUARK (mc-config-error-quark, mc_config_error)

#define DEFAULT_PROCEDURE_URL \
  "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}"
#define DEFAULT_TRACKING_URL \
  "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma_ho_so={code}"

/* Bounds that keep a typo from stalling or hammering the portal. */
#define MAX_RETRY_S   (24 * 60 * 60)
#define MAX_TIMEOUT_S (60 * 60)

McConfig *
mc_config_new_default (void)
{
  McConfig *self = g_new0 (McConfig, 1);

  self->kiosk_id = g_strdup ("demo-kiosk");
  self->office_name = g_strdup ("");
  self->language = g_strdup ("vi");
  self->portal_url = g_strdup ("http://127.0.0.1:8765");
  self->procedure_url_pattern = g_strdup (DEFAULT_PROCEDURE_URL);
  self->tracking_url_pattern = g_strdup (DEFAULT_TRACKING_URL);
  self->retry_initial_s = 30;
  self->retry_max_s = 900;
  self->request_timeout_s = 60;
  self->upload_chunk_bytes = 1024 * 1024;
  self->agency_code = g_strdup ("");
  self->idle_timeout_s = 120;
  self->favourites = g_new0 (char *, 1);
  self->printer = g_strdup ("");
  self->scanner = g_strdup ("");
  self->retention_days = 0;
  self->kiosk_mode = FALSE;
  self->metrics_textfile = g_strdup ("");
  self->metrics_interval_s = 300;
  self->catalogue_check_s = 24 * 3600;
  self->input_method = MC_INPUT_METHOD_TELEX;
  self->tone_style = MC_TONE_STYLE_NEW;
  return self;
}

void
mc_config_free (McConfig *self)
{
  if (self == NULL)
    return;

  g_free (self->kiosk_id);
  g_free (self->office_name);
  g_free (self->language);
  g_free (self->portal_url);
  g_free (self->procedure_url_pattern);
  g_free (self->tracking_url_pattern);
  g_free (self->agency_code);
  g_strfreev (self->favourites);
  g_free (self->printer);
  g_free (self->scanner);
  g_free (self->metrics_textfile);
  g_free (self);
}

char *
mc_config_expand_url (const char *pattern,
                      const char *code)
{
  g_autofree char *escaped = NULL;
  GString *out;
  const char *p;
  const char *hit;

  g_return_val_if_fail (pattern != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  /* Keeps letters, digits and "-._~": a dossier code such as G01.99-261123-000042
   * stays as it is, anything else is percent-encoded (UTF-8). */
  escaped = g_uri_escape_string (code, NULL, FALSE);

  out = g_string_new (NULL);
  for (p = pattern; (hit = strstr (p, "{code}")) != NULL; p = hit + strlen ("{code}"))
    {
      g_string_append_len (out, p, hit - p);
      g_string_append (out, escaped);
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

/* Loading ----------------------------------------------------------------- */

static gboolean
is_http_url (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *scheme;
  const char *host;

  if (uri == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
         && host != NULL && host[0] != '\0';
}

static gboolean
is_kiosk_id (const char *id)
{
  gsize len = strlen (id);

  if (len < 1 || len > 32)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/* Replaces *@value with [@group] @key when the file has it. */
static gboolean
read_string (GKeyFile    *file,
             const char  *group,
             const char  *key,
             char       **value,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *read;

  if (!g_key_file_has_key (file, group, key, NULL))
    return TRUE;

  read = g_key_file_get_string (file, group, key, &local_error);
  if (read == NULL)
    {
      g_set_error (error, MC_CONFIG_ERROR, MC_CONFIG_ERROR_INVALID,
                   /* Translators: "[%s] %s" is a group and a key of kiosk.conf. */
                   _("[%s] %s cannot be read: %s"), group, key, local_error->message);
      return FALSE;
    }

  g_free (*value);
  *value = g_strstrip (read);
  return TRUE;
}

/* [@group] @key as a whole number from @min to @max into *@value; TRUE when
 * the file does not have it either. FALSE with the text found in *@bad. */
static gboolean
lookup_uint (GKeyFile    *file,
             const char  *group,
             const char  *key,
             guint        min,
             guint        max,
             guint       *value,
             char       **bad)
{
  g_autofree char *text = NULL;
  guint64 n;

  if (!g_key_file_has_key (file, group, key, NULL))
    return TRUE;

  text = g_key_file_get_value (file, group, key, NULL);
  g_assert (text != NULL);
  g_strstrip (text);
  if (!g_ascii_string_to_unsigned (text, 10, min, max, &n, NULL))
    {
      *bad = g_steal_pointer (&text);
      return FALSE;
    }

  *value = (guint) n;
  return TRUE;
}

static gboolean
read_seconds (GKeyFile    *file,
              const char  *group,
              const char  *key,
              guint        min,
              guint        max,
              guint       *value,
              GError     **error)
{
  g_autofree char *bad = NULL;

  if (lookup_uint (file, group, key, min, max, value, &bad))
    return TRUE;

  g_set_error (error, MC_CONFIG_ERROR, MC_CONFIG_ERROR_INVALID,
               /* Translators: "[%s] %s" is a group and a key of kiosk.conf. */
               _("[%s] %s must be a whole number of seconds from %u to %u (found “%s”)."),
               group, key, min, max, bad);
  return FALSE;
}

/* [@group] @key as a number of bytes from @min to @max, when the file has it. */
static gboolean
read_bytes (GKeyFile    *file,
            const char  *group,
            const char  *key,
            guint        min,
            guint        max,
            guint       *value,
            GError     **error)
{
  g_autofree char *bad = NULL;

  if (lookup_uint (file, group, key, min, max, value, &bad))
    return TRUE;

  g_set_error (error, MC_CONFIG_ERROR, MC_CONFIG_ERROR_INVALID,
               /* Translators: "[%s] %s" is a group and a key of kiosk.conf. */
               _("[%s] %s must be a whole number of bytes from %u to %u (found “%s”)."),
               group, key, min, max, bad);
  return FALSE;
}

/* [@group] @key as one of @choices (NULL-terminated), its index in *@value. */
static gboolean
read_choice (GKeyFile           *file,
             const char         *group,
             const char         *key,
             const char * const *choices,
             int                *value,
             GError            **error)
{
  g_autofree char *text = NULL;

  if (!g_key_file_has_key (file, group, key, NULL))
    return TRUE;

  text = g_key_file_get_value (file, group, key, NULL);
  g_assert (text != NULL);
  g_strstrip (text);
  for (int i = 0; choices[i] != NULL; i++)
    if (g_ascii_strcasecmp (text, choices[i]) == 0)
      {
        *value = i;
        return TRUE;
      }

  g_set_error (error, MC_CONFIG_ERROR, MC_CONFIG_ERROR_INVALID,
               /* Translators: "[%s] %s" is a group and a key of kiosk.conf, then
                * the two values it may take */
               _("[%s] %s must be “%s” or “%s” (found “%s”)."),
               group, key, choices[0], choices[1], text);
  return FALSE;
}

static gboolean
check_url (const char  *group,
           const char  *key,
           const char  *url,
           gboolean     is_pattern,
           GError     **error)
{
  if (is_pattern)
    {
      g_autofree char *expanded = mc_config_expand_url (url, "1.000001");

      if (strstr (url, "{code}") == NULL || !is_http_url (expanded))
        {
          g_set_error (error, MC_CONFIG_ERROR, MC_CONFIG_ERROR_INVALID,
                       /* Translators: "[%s] %s" is a group and a key of kiosk.conf. */
                       _("[%s] %s must be an http:// or https:// address containing "
                         "{code} (found “%s”)."),
                       group, key, url);
          return FALSE;
        }
    }
  else if (!is_http_url (url))
    {
      g_set_error (error, MC_CONFIG_ERROR, MC_CONFIG_ERROR_INVALID,
                   /* Translators: "[%s] %s" is a group and a key of kiosk.conf. */
                   _("[%s] %s must be an http:// or https:// address (found “%s”)."),
                   group, key, url);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_days (GKeyFile    *file,
           const char  *group,
           const char  *key,
           guint        max,
           guint       *value,
           GError     **error)
{
  g_autofree char *bad = NULL;

  if (lookup_uint (file, group, key, 0, max, value, &bad))
    return TRUE;

  g_set_error (error, MC_CONFIG_ERROR, MC_CONFIG_ERROR_INVALID,
               /* Translators: "[%s] %s" is a group and a key of kiosk.conf. */
               _("[%s] %s must be a whole number of days from 0 to %u (found “%s”)."),
               group, key, max, bad);
  return FALSE;
}

static gboolean
read_bool (GKeyFile    *file,
           const char  *group,
           const char  *key,
           gboolean    *value,
           GError     **error)
{
  g_autofree char *text = NULL;

  if (!g_key_file_has_key (file, group, key, NULL))
    return TRUE;

  text = g_strstrip (g_key_file_get_value (file, group, key, NULL));
  if (g_strcmp0 (text, "true") == 0)
    *value = TRUE;
  else if (g_strcmp0 (text, "false") == 0)
    *value = FALSE;
  else
    {
      g_set_error (error, MC_CONFIG_ERROR, MC_CONFIG_ERROR_INVALID,
                   /* Translators: "[%s] %s" is a group and a key of kiosk.conf. */
                   _("[%s] %s must be “true” or “false” (found “%s”)."), group, key, text);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_list (GKeyFile    *file,
           const char  *group,
           const char  *key,
           char      ***value,
           GError     **error)
{
  g_auto(GStrv) list = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;

  if (!g_key_file_has_key (file, group, key, NULL))
    return TRUE;

  list = g_key_file_get_string_list (file, group, key, NULL, NULL);
  builder = g_strv_builder_new ();
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    {
      g_strstrip (list[i]);
      if (list[i][0] != '\0')
        g_strv_builder_add (builder, list[i]);
    }

  g_strfreev (*value);
  *value = g_strv_builder_end (builder);
  return TRUE;
}

static const char * const input_methods[] = { "telex", "vni", NULL };
static const char * const tone_styles[] = { "new", "old", NULL };
G_STATIC_ASSERT (MC_INPUT_METHOD_TELEX == 0 && MC_INPUT_METHOD_VNI == 1);
G_STATIC_ASSERT (MC_TONE_STYLE_NEW == 0 && MC_TONE_STYLE_OLD == 1);

/* [input] method and tone-style. */
static gboolean
read_input (GKeyFile  *file,
            McConfig  *self,
            GError   **error)
{
  int method = self->input_method;
  int style = self->tone_style;

  if (!read_choice (file, "input", "method", input_methods, &method, error) ||
      !read_choice (file, "input", "tone-style", tone_styles, &style, error))
    return FALSE;
  self->input_method = method;
  self->tone_style = style;
  return TRUE;
}

/* Overlays @self with what @file has. */
static gboolean
apply_keyfile (McConfig  *self,
               GKeyFile  *file,
               GError   **error)
{
  return read_string (file, "kiosk", "id", &self->kiosk_id, error) &&
         read_string (file, "kiosk", "office", &self->office_name, error) &&
         read_string (file, "kiosk", "language", &self->language, error) &&
         read_string (file, "kiosk", "agency-code", &self->agency_code, error) &&
         read_seconds (file, "kiosk", "idle-timeout", 15, 3600, &self->idle_timeout_s,
                       error) &&
         read_list (file, "kiosk", "favourites", &self->favourites, error) &&
         read_string (file, "kiosk", "printer", &self->printer, error) &&
         read_string (file, "kiosk", "scanner", &self->scanner, error) &&
         read_days (file, "kiosk", "retention-days", 3650, &self->retention_days, error) &&
         read_bool (file, "kiosk", "kiosk-mode", &self->kiosk_mode, error) &&
         read_string (file, "portal", "url", &self->portal_url, error) &&
         read_string (file, "portal", "procedure-url", &self->procedure_url_pattern, error) &&
         read_string (file, "portal", "tracking-url", &self->tracking_url_pattern, error) &&
         read_seconds (file, "portal", "catalogue-check", 3600, 30 * 86400,
                       &self->catalogue_check_s, error) &&
         read_seconds (file, "sync", "retry-initial", 1, MAX_RETRY_S, &self->retry_initial_s,
                       error) &&
         read_seconds (file, "sync", "retry-max", 1, MAX_RETRY_S, &self->retry_max_s, error) &&
         read_seconds (file, "sync", "timeout", 1, MAX_TIMEOUT_S, &self->request_timeout_s,
                       error) &&
         read_bytes (file, "sync", "chunk-size", 16 * 1024, 64 * 1024 * 1024,
                     &self->upload_chunk_bytes, error) &&
         read_string (file, "metrics", "textfile", &self->metrics_textfile, error) &&
         read_seconds (file, "metrics", "interval", 60, 86400, &self->metrics_interval_s,
                       error) &&
         read_input (file, self, error);
}

static gboolean
invalid (GError     **error,
         const char  *group,
         const char  *key,
         const char  *message_format,
         ...) G_GNUC_PRINTF (4, 5);

static gboolean
invalid (GError     **error,
         const char  *group,
         const char  *key,
         const char  *message_format,
         ...)
{
  g_autofree char *message = NULL;
  va_list ap;

  va_start (ap, message_format);
  message = g_strdup_vprintf (message_format, ap);
  va_end (ap);

  /* Translators: "[%s] %s" is a group and a key of kiosk.conf, then what is wrong. */
  g_set_error (error, MC_CONFIG_ERROR, MC_CONFIG_ERROR_INVALID, _("[%s] %s %s"),
               group, key, message);
  return FALSE;
}

static gboolean
is_code (const char *s,
         gsize       max)
{
  gsize len = strlen (s);

  if (len < 1 || len > max)
    return FALSE;
  for (const char *p = s; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static gboolean
is_plain_text (const char *s,
               gsize       max)
{
  if (strlen (s) > max || !g_utf8_validate (s, -1, NULL))
    return FALSE;
  for (const char *p = s; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

gboolean
mc_config_validate (const McConfig  *self,
                    GError         **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->kiosk_id == NULL || !is_kiosk_id (self->kiosk_id))
    {
      g_set_error (error, MC_CONFIG_ERROR, MC_CONFIG_ERROR_INVALID,
                   /* Translators: "[%s] %s" is a group and a key of kiosk.conf. */
                   _("[%s] %s must be 1 to 32 letters (A–Z, a–z), digits or hyphens "
                     "(found “%s”)."),
                   "kiosk", "id", self->kiosk_id != NULL ? self->kiosk_id : "");
      return FALSE;
    }

  if (g_strcmp0 (self->language, "vi") != 0 && g_strcmp0 (self->language, "en") != 0)
    {
      g_set_error (error, MC_CONFIG_ERROR, MC_CONFIG_ERROR_INVALID,
                   /* Translators: "[%s] %s" is a group and a key of kiosk.conf. */
                   _("[%s] %s must be “vi” or “en” (found “%s”)."),
                   "kiosk", "language", self->language != NULL ? self->language : "");
      return FALSE;
    }

  if (self->office_name == NULL || !is_plain_text (self->office_name, 256))
    return invalid (error, "kiosk", "office",
                    _("must be one line of at most 256 bytes."));

  if (self->agency_code == NULL ||
      (self->agency_code[0] != '\0' && !is_code (self->agency_code, 64)))
    return invalid (error, "kiosk", "agency-code",
                    _("must be empty or 1 to 64 letters, digits, dots, hyphens or "
                      "underscores (found “%s”)."),
                    self->agency_code != NULL ? self->agency_code : "");

  if (self->idle_timeout_s < 15 || self->idle_timeout_s > 3600)
    return invalid (error, "kiosk", "idle-timeout",
                    _("must be a whole number of seconds from %u to %u (found “%u”)."),
                    15, 3600, self->idle_timeout_s);

  for (guint i = 0; self->favourites != NULL && self->favourites[i] != NULL; i++)
    if (!is_code (self->favourites[i], 32))
      return invalid (error, "kiosk", "favourites",
                      _("must list procedure codes such as 1.001193, separated by “;” "
                        "(found “%s”)."), self->favourites[i]);

  if (self->printer == NULL || !is_plain_text (self->printer, 256))
    return invalid (error, "kiosk", "printer", _("must be one line of at most 256 bytes."));
  if (self->scanner == NULL || !is_plain_text (self->scanner, 256))
    return invalid (error, "kiosk", "scanner", _("must be one line of at most 256 bytes."));

  if (self->retention_days > 3650)
    {
      g_set_error (error, MC_CONFIG_ERROR, MC_CONFIG_ERROR_INVALID,
                   /* Translators: "[%s] %s" is a group and a key of kiosk.conf. */
                   _("[%s] %s must be a whole number of days from 0 to %u (found “%u”)."),
                   "kiosk", "retention-days", 3650, self->retention_days);
      return FALSE;
    }

  if (self->portal_url == NULL || self->procedure_url_pattern == NULL ||
      self->tracking_url_pattern == NULL ||
      !check_url ("portal", "url", self->portal_url, FALSE, error) ||
      !check_url ("portal", "procedure-url", self->procedure_url_pattern, TRUE, error) ||
      !check_url ("portal", "tracking-url", self->tracking_url_pattern, TRUE, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, MC_CONFIG_ERROR, MC_CONFIG_ERROR_INVALID, "[portal]");
      return FALSE;
    }

  if (self->retry_initial_s < 1 || self->retry_initial_s > MAX_RETRY_S ||
      self->retry_max_s < 1 || self->retry_max_s > MAX_RETRY_S ||
      self->request_timeout_s < 1 || self->request_timeout_s > MAX_TIMEOUT_S)
    return invalid (error, "sync", "retry-initial, retry-max, timeout",
                    _("are out of range."));

  if (self->retry_max_s < self->retry_initial_s)
    {
      g_set_error (error, MC_CONFIG_ERROR, MC_CONFIG_ERROR_INVALID,
                   /* Translators: "[%s] %s" is a group and a key of kiosk.conf. */
                   _("[%s] %s must not be less than [%s] %s (%u)."),
                   "sync", "retry-max", "sync", "retry-initial", self->retry_initial_s);
      return FALSE;
    }

  if (self->upload_chunk_bytes < 16 * 1024 || self->upload_chunk_bytes > 64 * 1024 * 1024)
    return invalid (error, "sync", "chunk-size",
                    _("must be a whole number of bytes from %u to %u (found “%u”)."),
                    16 * 1024, 64 * 1024 * 1024, self->upload_chunk_bytes);

  if (self->metrics_textfile == NULL ||
      (self->metrics_textfile[0] != '\0' &&
       (!g_path_is_absolute (self->metrics_textfile) ||
        !g_str_has_suffix (self->metrics_textfile, ".prom") ||
        !is_plain_text (self->metrics_textfile, 4096))))
    return invalid (error, "metrics", "textfile",
                    _("must be empty or an absolute path ending in “.prom” (found “%s”)."),
                    self->metrics_textfile != NULL ? self->metrics_textfile : "");

  if (self->catalogue_check_s < 3600 || self->catalogue_check_s > 30 * 86400)
    return invalid (error, "portal", "catalogue-check",
                    _("must be a whole number of seconds from %u to %u (found “%u”)."),
                    3600, 30 * 86400, self->catalogue_check_s);

  if (self->metrics_interval_s < 60 || self->metrics_interval_s > 86400)
    return invalid (error, "metrics", "interval",
                    _("must be a whole number of seconds from %u to %u (found “%u”)."),
                    60, 86400, self->metrics_interval_s);

  return TRUE;
}

/* Overlays @self with @path; a missing file is skipped when @optional. */
static gboolean
apply_file (McConfig    *self,
            const char  *path,
            gboolean     optional,
            GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error))
    {
      if (optional && g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
      return FALSE;
    }

  if (!apply_keyfile (self, file, error))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }

  g_debug ("Read %s", path);
  return TRUE;
}

McConfig *
mc_config_load (const char  *path,
                GError     **error)
{
  g_autoptr(McConfig) self = mc_config_new_default ();

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!apply_file (self, path, FALSE, error) || !mc_config_validate (self, error))
    return NULL;

  g_debug ("Loaded %s (kiosk %s)", path, self->kiosk_id);
  return g_steal_pointer (&self);
}

McConfig *
mc_config_load_layered (const char  *system_path,
                        const char  *data_dir,
                        GError     **error)
{
  g_autoptr(McConfig) self = mc_config_new_default ();
  g_autofree char *data_path = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (system_path != NULL && !apply_file (self, system_path, TRUE, error))
    return NULL;

  if (data_dir != NULL)
    {
      data_path = g_build_filename (data_dir, MC_CONFIG_DATA_NAME, NULL);
      if (!apply_file (self, data_path, TRUE, error))
        return NULL;
    }

  if (!mc_config_validate (self, error))
    {
      g_prefix_error (error, "%s: ", data_path != NULL ? data_path
                                     : system_path != NULL ? system_path : "kiosk.conf");
      return NULL;
    }

  return g_steal_pointer (&self);
}

/* @self as a key file, every key set. */
static GKeyFile *
to_keyfile (const McConfig *self)
{
  GKeyFile *file = g_key_file_new ();
  const char *const empty[] = { NULL };

  g_key_file_set_string (file, "kiosk", "id", self->kiosk_id);
  g_key_file_set_string (file, "kiosk", "office", self->office_name);
  g_key_file_set_string (file, "kiosk", "language", self->language);
  g_key_file_set_string (file, "kiosk", "agency-code", self->agency_code);
  g_key_file_set_uint64 (file, "kiosk", "idle-timeout", self->idle_timeout_s);
  g_key_file_set_string_list (file, "kiosk", "favourites",
                              self->favourites != NULL
                              ? (const char * const *) self->favourites : empty,
                              self->favourites != NULL ? g_strv_length (self->favourites) : 0);
  g_key_file_set_string (file, "kiosk", "printer", self->printer);
  g_key_file_set_string (file, "kiosk", "scanner", self->scanner);
  g_key_file_set_uint64 (file, "kiosk", "retention-days", self->retention_days);
  g_key_file_set_boolean (file, "kiosk", "kiosk-mode", self->kiosk_mode);
  g_key_file_set_string (file, "portal", "url", self->portal_url);
  g_key_file_set_string (file, "portal", "procedure-url", self->procedure_url_pattern);
  g_key_file_set_string (file, "portal", "tracking-url", self->tracking_url_pattern);
  g_key_file_set_uint64 (file, "portal", "catalogue-check", self->catalogue_check_s);
  g_key_file_set_uint64 (file, "sync", "retry-initial", self->retry_initial_s);
  g_key_file_set_uint64 (file, "sync", "retry-max", self->retry_max_s);
  g_key_file_set_uint64 (file, "sync", "timeout", self->request_timeout_s);
  g_key_file_set_uint64 (file, "sync", "chunk-size", self->upload_chunk_bytes);
  g_key_file_set_string (file, "metrics", "textfile", self->metrics_textfile);
  g_key_file_set_uint64 (file, "metrics", "interval", self->metrics_interval_s);
  g_key_file_set_string (file, "input", "method", input_methods[self->input_method]);
  g_key_file_set_string (file, "input", "tone-style", tone_styles[self->tone_style]);
  return file;
}

McConfig *
mc_config_copy (const McConfig *self)
{
  g_autoptr(GKeyFile) file = NULL;
  McConfig *copy;

  g_return_val_if_fail (self != NULL, NULL);

  file = to_keyfile (self);
  copy = mc_config_new_default ();
  if (!apply_keyfile (copy, file, NULL))
    g_assert_not_reached ();
  /* Values a key file cannot carry as they are (surrounding spaces). */
  g_free (copy->office_name);
  copy->office_name = g_strdup (self->office_name);
  return copy;
}

gboolean
mc_config_save (const McConfig  *self,
                const char      *system_path,
                const char      *data_dir,
                GError         **error)
{
  g_autoptr(McConfig) base = mc_config_new_default ();
  g_autoptr(GKeyFile) mine = NULL;
  g_autoptr(GKeyFile) theirs = NULL;
  g_autoptr(GKeyFile) out = g_key_file_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_auto(GStrv) groups = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data_dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mc_config_validate (self, error))
    return FALSE;

  /* The layer below; if it cannot be read, every key is written. */
  if (system_path != NULL && !apply_file (base, system_path, TRUE, NULL))
    {
      mc_config_free (base);
      base = NULL;
    }

  mine = to_keyfile (self);
  theirs = base != NULL ? to_keyfile (base) : g_key_file_new ();
  groups = g_key_file_get_groups (mine, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (mine, groups[i], NULL, NULL);

      for (guint j = 0; keys[j] != NULL; j++)
        {
          g_autofree char *value = g_key_file_get_value (mine, groups[i], keys[j], NULL);
          g_autofree char *below = g_key_file_get_value (theirs, groups[i], keys[j], NULL);

          if (g_strcmp0 (value, below) != 0)
            g_key_file_set_value (out, groups[i], keys[j], value);
        }
    }

  body = g_key_file_to_data (out, NULL, NULL);
  g_string_append (text, "# Written by the kiosk's clerk mode: what differs from "
                         MC_CONFIG_SYSTEM_PATH " and the defaults.\n");
  g_string_append (text, body);

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot create the kiosk’s data folder %s: %s"),
                   data_dir, g_strerror (saved_errno));
      return FALSE;
    }

  path = g_build_filename (data_dir, MC_CONFIG_DATA_NAME, NULL);
  if (!g_file_set_contents_full (path, text->str, text->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error))
    return FALSE;

  g_debug ("Saved %s", path);
  return TRUE;
}
