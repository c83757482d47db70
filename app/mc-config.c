/* mc-config.c: the kiosk's keyfile configuration, its defaults and checks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "mc-config"

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

static gboolean
read_seconds (GKeyFile    *file,
              const char  *group,
              const char  *key,
              guint        min,
              guint        max,
              guint       *value,
              GError     **error)
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
      g_set_error (error, MC_CONFIG_ERROR, MC_CONFIG_ERROR_INVALID,
                   /* Translators: "[%s] %s" is a group and a key of kiosk.conf. */
                   _("[%s] %s must be a whole number of seconds from %u to %u (found “%s”)."),
                   group, key, min, max, text);
      return FALSE;
    }

  *value = (guint) n;
  return TRUE;
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
  g_autofree char *text = NULL;
  guint64 n;

  if (!g_key_file_has_key (file, group, key, NULL))
    return TRUE;

  text = g_key_file_get_value (file, group, key, NULL);
  g_assert (text != NULL);
  g_strstrip (text);
  if (!g_ascii_string_to_unsigned (text, 10, min, max, &n, NULL))
    {
      g_set_error (error, MC_CONFIG_ERROR, MC_CONFIG_ERROR_INVALID,
                   /* Translators: "[%s] %s" is a group and a key of kiosk.conf. */
                   _("[%s] %s must be a whole number of bytes from %u to %u (found “%s”)."),
                   group, key, min, max, text);
      return FALSE;
    }

  *value = (guint) n;
  return TRUE;
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

McConfig *
mc_config_load (const char  *path,
                GError     **error)
{
  g_autoptr(McConfig) self = mc_config_new_default ();
  g_autoptr(GKeyFile) file = g_key_file_new ();

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  if (!read_string (file, "kiosk", "id", &self->kiosk_id, error) ||
      !read_string (file, "kiosk", "office", &self->office_name, error) ||
      !read_string (file, "kiosk", "language", &self->language, error) ||
      !read_string (file, "portal", "url", &self->portal_url, error) ||
      !read_string (file, "portal", "procedure-url", &self->procedure_url_pattern, error) ||
      !read_string (file, "portal", "tracking-url", &self->tracking_url_pattern, error) ||
      !read_seconds (file, "sync", "retry-initial", 1, MAX_RETRY_S, &self->retry_initial_s,
                     error) ||
      !read_seconds (file, "sync", "retry-max", 1, MAX_RETRY_S, &self->retry_max_s, error) ||
      !read_seconds (file, "sync", "timeout", 1, MAX_TIMEOUT_S, &self->request_timeout_s,
                     error) ||
      !read_bytes (file, "sync", "chunk-size", 16 * 1024, 64 * 1024 * 1024,
                   &self->upload_chunk_bytes, error))
    return NULL;

  {
    static const char * const methods[] = { "telex", "vni", NULL };
    static const char * const styles[] = { "new", "old", NULL };
    int method = self->input_method;
    int style = self->tone_style;

    G_STATIC_ASSERT (MC_INPUT_METHOD_TELEX == 0 && MC_INPUT_METHOD_VNI == 1);
    G_STATIC_ASSERT (MC_TONE_STYLE_NEW == 0 && MC_TONE_STYLE_OLD == 1);
    if (!read_choice (file, "input", "method", methods, &method, error) ||
        !read_choice (file, "input", "tone-style", styles, &style, error))
      return NULL;
    self->input_method = method;
    self->tone_style = style;
  }

  if (!is_kiosk_id (self->kiosk_id))
    {
      g_set_error (error, MC_CONFIG_ERROR, MC_CONFIG_ERROR_INVALID,
                   /* Translators: "[%s] %s" is a group and a key of kiosk.conf. */
                   _("[%s] %s must be 1 to 32 letters (A–Z, a–z), digits or hyphens "
                     "(found “%s”)."),
                   "kiosk", "id", self->kiosk_id);
      return NULL;
    }

  if (strcmp (self->language, "vi") != 0 && strcmp (self->language, "en") != 0)
    {
      g_set_error (error, MC_CONFIG_ERROR, MC_CONFIG_ERROR_INVALID,
                   /* Translators: "[%s] %s" is a group and a key of kiosk.conf. */
                   _("[%s] %s must be “vi” or “en” (found “%s”)."),
                   "kiosk", "language", self->language);
      return NULL;
    }

  if (!check_url ("portal", "url", self->portal_url, FALSE, error) ||
      !check_url ("portal", "procedure-url", self->procedure_url_pattern, TRUE, error) ||
      !check_url ("portal", "tracking-url", self->tracking_url_pattern, TRUE, error))
    return NULL;

  if (self->retry_max_s < self->retry_initial_s)
    {
      g_set_error (error, MC_CONFIG_ERROR, MC_CONFIG_ERROR_INVALID,
                   /* Translators: "[%s] %s" is a group and a key of kiosk.conf. */
                   _("[%s] %s must not be less than [%s] %s (%u)."),
                   "sync", "retry-max", "sync", "retry-initial", self->retry_initial_s);
      return NULL;
    }

  g_debug ("Loaded %s (kiosk %s)", path, self->kiosk_id);
  return g_steal_pointer (&self);
}
