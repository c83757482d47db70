/* mc-catalogue-update.c: catalogue updates from the portal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "mc-catalogue-update"

#include "mc-catalogue-update.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "mc-catalogue.h"

#define CATALOGUE_FILE "catalogue.json.gz"
#define ETAG_FILE "catalogue.etag"
#define CHECK_FILE "last-check"
#define MAX_CATALOGUE_BYTES (64 * 1024 * 1024)
#define CONNECT_TIMEOUT_S 10
#define TIMEOUT_S 300

G_DEFINE_QUARK (mc-catalogue-update-error-quark, mc_catalogue_update_error)

typedef struct {
  GString *body;
  char *etag;
  char *sha256;
} Reply;

static size_t
write_cb (char   *ptr,
          size_t  size,
          size_t  nmemb,
          void   *user_data)
{
  Reply *reply = user_data;

  if (reply->body->len + size * nmemb > MAX_CATALOGUE_BYTES)
    return 0;
  g_string_append_len (reply->body, ptr, size * nmemb);
  return size * nmemb;
}

static size_t
header_cb (char   *buffer,
           size_t  size,
           size_t  nitems,
           void   *user_data)
{
  Reply *reply = user_data;
  gsize len = size * nitems;
  g_autofree char *line = g_strndup (buffer, len);
  char *colon = strchr (line, ':');

  if (colon != NULL)
    {
      char *value = g_strstrip (colon + 1);

      *colon = '\0';
      if (g_ascii_strcasecmp (line, "ETag") == 0)
        {
          g_free (reply->etag);
          reply->etag = g_strdup (value);
        }
      else if (g_ascii_strcasecmp (line, "X-Content-SHA256") == 0)
        {
          g_free (reply->sha256);
          reply->sha256 = g_strdup (value);
        }
    }
  return len;
}

static gboolean
write_synced (const char  *path,
              const char  *data,
              gsize        length,
              GError     **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  gsize done = 0;

  if (fd < 0)
    goto fail;
  while (done < length)
    {
      ssize_t n = write (fd, data + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto fail;
      done += n;
    }
  if (fsync (fd) != 0 || close (fd) != 0)
    {
      fd = -1;
      goto fail;
    }
  return TRUE;

fail:
  {
    int saved = errno;

    if (fd >= 0)
      close (fd);
    g_set_error (error, MC_CATALOGUE_UPDATE_ERROR, MC_CATALOGUE_UPDATE_ERROR_IO,
                 /* Translators: %s is a file path, then the system's reason. */
                 _("Could not save the new procedure catalogue to “%s”: %s"),
                 path, g_strerror (saved));
    return FALSE;
  }
}

static void
fsync_dir (const char *dir)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

static gboolean
update_once (const char               *updates_dir,
             const char               *portal_url,
             const char               *kiosk_id,
             McCatalogueUpdateResult  *out_result,
             GCancellable             *cancellable,
             GError                  **error)
{
  g_autofree char *catalogue_path = NULL;
  g_autofree char *etag_path = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *url = NULL;
  g_autofree char *stored_etag = NULL;
  g_autofree char *if_none_match = NULL;
  g_autofree char *kiosk_header = NULL;
  g_autofree char *user_agent = NULL;
  g_autofree char *actual_sha = NULL;
  g_autoptr(McCatalogue) test_load = NULL;
  g_autoptr(GError) load_error = NULL;
  struct curl_slist *headers = NULL;
  char errbuf[CURL_ERROR_SIZE] = "";
  Reply reply = { g_string_new (NULL), NULL, NULL };
  CURL *curl;
  CURLcode code;
  long status = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (updates_dir != NULL, FALSE);
  g_return_val_if_fail (portal_url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_mkdir_with_parents (updates_dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, MC_CATALOGUE_UPDATE_ERROR, MC_CATALOGUE_UPDATE_ERROR_IO,
                   _("Could not save the new procedure catalogue to “%s”: %s"),
                   updates_dir, g_strerror (saved));
      g_string_free (reply.body, TRUE);
      return FALSE;
    }
  catalogue_path = g_build_filename (updates_dir, CATALOGUE_FILE, NULL);
  etag_path = g_build_filename (updates_dir, ETAG_FILE, NULL);
  tmp_path = g_strconcat (catalogue_path, ".tmp", NULL);
  if (g_file_test (catalogue_path, G_FILE_TEST_IS_REGULAR)
      && g_file_get_contents (etag_path, &stored_etag, NULL, NULL))
    g_strstrip (stored_etag);

  url = g_strconcat (portal_url, g_str_has_suffix (portal_url, "/") ? "" : "/", "api/v1/catalogue", NULL);
  user_agent = g_strdup ("motcua-kiosk/" PACKAGE_VERSION);
  kiosk_header = g_strdup_printf ("X-Kiosk-Id: %s", kiosk_id != NULL ? kiosk_id : "");
  headers = curl_slist_append (headers, kiosk_header);
  if (stored_etag != NULL && *stored_etag != '\0')
    {
      if_none_match = g_strdup_printf ("If-None-Match: %s", stored_etag);
      headers = curl_slist_append (headers, if_none_match);
    }

  curl = curl_easy_init ();
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long) CONNECT_TIMEOUT_S);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long) TIMEOUT_S);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, user_agent);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, &reply);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, &reply);
  code = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup (curl);
  curl_slist_free_all (headers);

  if (code != CURLE_OK)
    {
      g_debug ("Catalogue update: %s", *errbuf ? errbuf : curl_easy_strerror (code));
      g_set_error_literal (error, MC_CATALOGUE_UPDATE_ERROR, MC_CATALOGUE_UPDATE_ERROR_NETWORK,
                           _("The portal cannot be reached; the procedure catalogue was not updated."));
      goto out;
    }
  if (status == 304)
    {
      if (out_result != NULL)
        *out_result = MC_CATALOGUE_UPDATE_NOT_MODIFIED;
      ok = TRUE;
      goto out;
    }
  if (status != 200 || reply.sha256 == NULL || reply.etag == NULL)
    {
      g_debug ("Catalogue update: HTTP %ld, sha256 %s, etag %s", status,
               reply.sha256 ? "yes" : "no", reply.etag ? "yes" : "no");
      g_set_error (error, MC_CATALOGUE_UPDATE_ERROR, MC_CATALOGUE_UPDATE_ERROR_PROTOCOL,
                   /* Translators: %ld is an HTTP status code. */
                   _("The portal sent an unexpected reply (HTTP %ld); the procedure catalogue was not updated."),
                   status);
      goto out;
    }
  actual_sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) reply.body->str,
                                            reply.body->len);
  if (g_ascii_strcasecmp (actual_sha, reply.sha256) != 0)
    {
      g_set_error_literal (error, MC_CATALOGUE_UPDATE_ERROR, MC_CATALOGUE_UPDATE_ERROR_CHECKSUM,
                           _("The catalogue received from the portal is damaged (checksum mismatch); it was not installed."));
      goto out;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  if (!write_synced (tmp_path, reply.body->str, reply.body->len, error))
    goto out;
  /* Install only what loads. */
  test_load = mc_catalogue_new_from_file (tmp_path, &load_error);
  if (test_load == NULL)
    {
      g_unlink (tmp_path);
      g_set_error (error, MC_CATALOGUE_UPDATE_ERROR, MC_CATALOGUE_UPDATE_ERROR_INVALID,
                   /* Translators: %s says what is wrong with the file. */
                   _("The catalogue received from the portal cannot be used; it was not installed: %s"),
                   load_error->message);
      goto out;
    }
  if (g_rename (tmp_path, catalogue_path) != 0)
    {
      int saved = errno;

      g_unlink (tmp_path);
      g_set_error (error, MC_CATALOGUE_UPDATE_ERROR, MC_CATALOGUE_UPDATE_ERROR_IO,
                   _("Could not save the new procedure catalogue to “%s”: %s"),
                   catalogue_path, g_strerror (saved));
      goto out;
    }
  fsync_dir (updates_dir);
  /* The ETag after the catalogue: a crash in between only costs a download. */
  if (!g_file_set_contents (etag_path, reply.etag, -1, NULL))
    g_message ("Could not store the catalogue ETag in %s", etag_path);
  g_debug ("Installed catalogue %s (%u procedures)", mc_catalogue_get_version (test_load),
           mc_catalogue_get_n_procedures (test_load));
  if (out_result != NULL)
    *out_result = MC_CATALOGUE_UPDATE_INSTALLED;
  ok = TRUE;

out:
  g_string_free (reply.body, TRUE);
  g_free (reply.etag);
  g_free (reply.sha256);
  return ok;
}

typedef struct {
  char *updates_dir;
  char *portal_url;
  char *kiosk_id;
} UpdateData;

static void
update_data_free (UpdateData *data)
{
  g_free (data->updates_dir);
  g_free (data->portal_url);
  g_free (data->kiosk_id);
  g_free (data);
}

void
mc_catalogue_check_free (McCatalogueCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->error);
  g_free (check);
}

McCatalogueCheck *
mc_catalogue_update_read_check (const char *updates_dir)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = NULL;
  McCatalogueCheck *check = g_new0 (McCatalogueCheck, 1);

  g_return_val_if_fail (updates_dir != NULL, check);

  path = g_build_filename (updates_dir, CHECK_FILE, NULL);
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return check;
  check->checked = g_key_file_get_int64 (file, "check", "checked", NULL);
  check->succeeded = g_key_file_get_int64 (file, "check", "succeeded", NULL);
  check->installed = g_key_file_get_int64 (file, "check", "installed", NULL);
  check->error = g_key_file_get_string (file, "check", "error", NULL);
  return check;
}

/* Best effort: a kiosk whose disk refuses this small file still updates. */
static void
record_check (const char              *updates_dir,
              McCatalogueUpdateResult  result,
              const GError            *error)
{
  g_autoptr(McCatalogueCheck) check = mc_catalogue_update_read_check (updates_dir);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) save_error = NULL;
  g_autofree char *path = g_build_filename (updates_dir, CHECK_FILE, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_key_file_set_int64 (file, "check", "checked", now);
  g_key_file_set_int64 (file, "check", "succeeded", error == NULL ? now : check->succeeded);
  g_key_file_set_int64 (file, "check", "installed",
                        error == NULL && result == MC_CATALOGUE_UPDATE_INSTALLED
                        ? now : check->installed);
  if (error != NULL)
    g_key_file_set_string (file, "check", "error", error->message);
  if (g_mkdir_with_parents (updates_dir, 0755) != 0
      || !g_key_file_save_to_file (file, path, &save_error))
    g_debug ("Cannot record the catalogue check in %s: %s", path,
             save_error != NULL ? save_error->message : g_strerror (errno));
}

gboolean
mc_catalogue_update (const char               *updates_dir,
                     const char               *portal_url,
                     const char               *kiosk_id,
                     McCatalogueUpdateResult  *out_result,
                     GCancellable             *cancellable,
                     GError                  **error)
{
  g_autoptr(GError) local_error = NULL;
  McCatalogueUpdateResult result = MC_CATALOGUE_UPDATE_NOT_MODIFIED;
  gboolean ok;

  g_return_val_if_fail (updates_dir != NULL, FALSE);
  g_return_val_if_fail (portal_url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ok = update_once (updates_dir, portal_url, kiosk_id, &result, cancellable, &local_error);
  if (!g_cancellable_is_cancelled (cancellable))
    record_check (updates_dir, result, local_error);
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (out_result != NULL)
    *out_result = result;
  return TRUE;
}

gboolean
mc_catalogue_update_is_installed (const char *updates_dir,
                                  const char *catalogue_path)
{
  g_autofree char *installed = NULL;

  g_return_val_if_fail (updates_dir != NULL, FALSE);

  if (catalogue_path == NULL)
    return FALSE;
  installed = g_build_filename (updates_dir, CATALOGUE_FILE, NULL);
  return g_strcmp0 (installed, catalogue_path) == 0;
}

static void
update_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  UpdateData *data = task_data;
  McCatalogueUpdateResult result = MC_CATALOGUE_UPDATE_NOT_MODIFIED;
  GError *error = NULL;

  if (mc_catalogue_update (data->updates_dir, data->portal_url, data->kiosk_id, &result,
                           cancellable, &error))
    g_task_return_int (task, result);
  else
    g_task_return_error (task, error);
}

void
mc_catalogue_update_async (const char          *updates_dir,
                           const char          *portal_url,
                           const char          *kiosk_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  UpdateData *data = g_new0 (UpdateData, 1);

  data->updates_dir = g_strdup (updates_dir);
  data->portal_url = g_strdup (portal_url);
  data->kiosk_id = g_strdup (kiosk_id);
  g_task_set_source_tag (task, mc_catalogue_update_async);
  g_task_set_task_data (task, data, (GDestroyNotify) update_data_free);
  g_task_run_in_thread (task, update_thread);
}

gboolean
mc_catalogue_update_finish (GAsyncResult             *result,
                            McCatalogueUpdateResult  *out_result,
                            GError                  **error)
{
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  value = g_task_propagate_int (G_TASK (result), error);
  if (value < 0)
    return FALSE;
  if (out_result != NULL)
    *out_result = (McCatalogueUpdateResult) value;
  return TRUE;
}

char *
mc_catalogue_update_dup_dir (const char *data_dir)
{
  g_return_val_if_fail (data_dir != NULL, NULL);

  return g_build_filename (data_dir, "catalogue", NULL);
}
