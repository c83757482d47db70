/* mc-bundle.c: export and import of waiting dossiers as a checksummed folder.
 *
 * Logs name local numbers and file names inside the bundle (UUIDs) only,
 * never a payload.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#define G_LOG_DOMAIN "mc-bundle"

#include "mc-bundle.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

G_DEFINE_QUARK (mc-bundle-error-quark, mc_bundle_error)

#define FORMAT  "motcua-bundle"
#define VERSION 1
#define BUFFER  65536

static gboolean
io_error (GError     **error,
          const char  *path,
          int          saved_errno)
{
  g_set_error (error, MC_BUNDLE_ERROR, MC_BUNDLE_ERROR_IO,
               _("Cannot write or read %s: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

/* Reads @path through, giving its SHA-256 and size; with @copy_to, writes
 * the bytes there too (mode 0600, fsync'd). */
static gboolean
hash_file (const char  *path,
           const char  *copy_to,
           char       **out_sha256,
           gint64      *out_size,
           GError     **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (BUFFER);
  gint64 size = 0;
  int in, out = -1;

  in = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (in < 0)
    return io_error (error, path, errno);

  if (copy_to != NULL)
    {
      out = g_open (copy_to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      if (out < 0)
        {
          int saved_errno = errno;

          close (in);
          return io_error (error, copy_to, saved_errno);
        }
    }

  for (;;)
    {
      gssize n = read (in, buffer, BUFFER);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (in);
          if (out >= 0)
            close (out);
          return io_error (error, path, saved_errno);
        }
      if (n == 0)
        break;

      g_checksum_update (checksum, buffer, n);
      size += n;
      for (gssize done = 0; out >= 0 && done < n; )
        {
          gssize w = write (out, buffer + done, n - done);

          if (w < 0 && errno == EINTR)
            continue;
          if (w <= 0)
            {
              int saved_errno = w < 0 ? errno : ENOSPC;

              close (in);
              close (out);
              return io_error (error, copy_to, saved_errno);
            }
          done += w;
        }
    }
  close (in);

  if (out >= 0 && (fsync (out) != 0 || close (out) != 0))
    return io_error (error, copy_to, errno);

  *out_sha256 = g_strdup (g_checksum_get_string (checksum));
  *out_size = size;
  return TRUE;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static gboolean
write_durably (const char  *path,
               const char  *contents,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_file_set_contents_full (path, contents, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, MC_BUNDLE_ERROR, MC_BUNDLE_ERROR_IO, "%s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Export. */

static gboolean
export_entry (McStore        *store,
              McOutboxEntry  *entry,
              const char     *bundle,
              JsonBuilder    *b,
              GError        **error)
{
  g_autoptr(GPtrArray) attachments = NULL;
  g_autofree char *entry_dir = NULL;

  attachments = mc_store_list_attachments (store, entry->id, error);
  if (attachments == NULL)
    return FALSE;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "idempotency_key");
  json_builder_add_string_value (b, entry->idempotency_key);
  json_builder_set_member_name (b, "local_number");
  json_builder_add_string_value (b, entry->local_number);
  json_builder_set_member_name (b, "procedure_code");
  json_builder_add_string_value (b, entry->procedure_code);
  json_builder_set_member_name (b, "created_at");
  json_builder_add_int_value (b, entry->created_at);
  json_builder_set_member_name (b, "assisted");
  json_builder_add_boolean_value (b, entry->assisted);
  json_builder_set_member_name (b, "payload");
  json_builder_add_string_value (b, entry->payload);
  json_builder_set_member_name (b, "attachments");
  json_builder_begin_array (b);

  if (attachments->len > 0)
    {
      entry_dir = g_build_filename (bundle, "files", entry->idempotency_key, NULL);
      if (g_mkdir_with_parents (entry_dir, 0700) != 0)
        return io_error (error, entry_dir, errno);
    }

  for (guint i = 0; i < attachments->len; i++)
    {
      McAttachment *a = g_ptr_array_index (attachments, i);
      g_autofree char *relative = g_build_filename ("files", entry->idempotency_key,
                                                    a->client_key, NULL);
      g_autofree char *target = g_build_filename (bundle, relative, NULL);
      g_autofree char *sha256 = NULL;
      gint64 size;

      if (!hash_file (a->path, target, &sha256, &size, error))
        return FALSE;
      if (size != a->size || g_strcmp0 (sha256, a->sha256) != 0)
        {
          g_set_error (error, MC_BUNDLE_ERROR, MC_BUNDLE_ERROR_TAMPERED,
                       _("The attachment “%s” of the dossier %s is damaged on disk; it was "
                         "not exported"), a->filename, entry->local_number);
          return FALSE;
        }

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "client_key");
      json_builder_add_string_value (b, a->client_key);
      json_builder_set_member_name (b, "document");
      json_builder_add_string_value (b, a->document);
      json_builder_set_member_name (b, "filename");
      json_builder_add_string_value (b, a->filename);
      json_builder_set_member_name (b, "content_type");
      json_builder_add_string_value (b, a->content_type);
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, a->size);
      json_builder_set_member_name (b, "sha256");
      json_builder_add_string_value (b, a->sha256);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, relative);
      json_builder_end_object (b);
    }

  json_builder_end_array (b);
  json_builder_end_object (b);
  return TRUE;
}

char *
mc_bundle_export (McStore     *store,
                  const char  *kiosk_id,
                  const char  *to_dir,
                  guint       *out_count,
                  GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  g_autofree char *name = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *manifest_path = NULL;
  g_autofree char *sum_path = NULL;
  g_autofree char *sum_line = NULL;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (kiosk_id != NULL, NULL);
  g_return_val_if_fail (to_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  entries = mc_store_list (store, error);
  if (entries == NULL)
    return NULL;

  for (guint i = 0; i < entries->len; i++)
    {
      McOutboxEntry *entry = g_ptr_array_index (entries, i);

      if ((entry->state == MC_OUTBOX_QUEUED || entry->state == MC_OUTBOX_SENDING) &&
          entry->cancelled_at == 0)
        g_ptr_array_add (chosen, entry);
    }

  if (chosen->len == 0)
    {
      g_set_error_literal (error, MC_BUNDLE_ERROR, MC_BUNDLE_ERROR_EMPTY,
                           _("No dossier is waiting: there is nothing to export."));
      return NULL;
    }

  name = g_strdup_printf ("motcua-bundle-%s-%s", kiosk_id, stamp);
  bundle = g_build_filename (to_dir, name, NULL);
  for (guint n = 2; g_file_test (bundle, G_FILE_TEST_EXISTS); n++)
    {
      g_free (bundle);
      bundle = g_strdup_printf ("%s/%s-%u", to_dir, name, n);
    }
  if (g_mkdir_with_parents (bundle, 0700) != 0)
    {
      io_error (error, bundle, errno);
      return NULL;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, FORMAT);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, VERSION);
  json_builder_set_member_name (b, "kiosk_id");
  json_builder_add_string_value (b, kiosk_id);
  json_builder_set_member_name (b, "created_at");
  json_builder_add_string_value (b, created);
  json_builder_set_member_name (b, "app_version");
  json_builder_add_string_value (b, PACKAGE_VERSION);
  json_builder_set_member_name (b, "dossiers");
  json_builder_begin_array (b);
  for (guint i = 0; i < chosen->len; i++)
    if (!export_entry (store, g_ptr_array_index (chosen, i), bundle, b, error))
      goto fail;
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  manifest = json_generator_to_data (generator, NULL);

  manifest_path = g_build_filename (bundle, MC_BUNDLE_MANIFEST, NULL);
  if (!write_durably (manifest_path, manifest, error))
    goto fail;

  /* Last: its presence says the bundle is complete. */
  {
    g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, manifest, -1);

    sum_line = g_strdup_printf ("%s  " MC_BUNDLE_MANIFEST "\n", sum);
  }
  sum_path = g_build_filename (bundle, MC_BUNDLE_MANIFEST_SHA256, NULL);
  if (!write_durably (sum_path, sum_line, error))
    goto fail;

  for (guint i = 0; i < chosen->len; i++)
    {
      McOutboxEntry *entry = g_ptr_array_index (chosen, i);

      if (!mc_store_mark_exported (store, entry->id, g_date_time_to_unix (now), error))
        return NULL;  /* the bundle is complete and valid: keep it */
    }

  g_debug ("Exported %u dossiers to %s", chosen->len, bundle);
  if (out_count != NULL)
    *out_count = chosen->len;
  return g_steal_pointer (&bundle);

fail:
  remove_tree (bundle);
  return NULL;
}

/* Import. */

static gboolean
tampered (GError     **error,
          const char  *what)
{
  g_set_error (error, MC_BUNDLE_ERROR, MC_BUNDLE_ERROR_TAMPERED,
               _("The bundle was altered or damaged: %s does not match its checksum. "
                 "Nothing was imported."), what);
  return FALSE;
}

static gboolean
not_a_bundle (GError     **error,
              const char  *bundle_dir,
              const char  *detail)
{
  g_set_error (error, MC_BUNDLE_ERROR, MC_BUNDLE_ERROR_INVALID,
               _("%s is not a dossier bundle this kiosk can read: %s"), bundle_dir, detail);
  return FALSE;
}

/* A path inside the bundle: relative, no "..", no empty or hidden tricks. */
static gboolean
safe_relative (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (path == NULL || *path == '\0' || g_path_is_absolute (path))
    return FALSE;
  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] == '\0' || strcmp (parts[i], ".") == 0 || strcmp (parts[i], "..") == 0)
      return FALSE;
  return TRUE;
}

static const char *
string_member (JsonObject *o,
               const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Loads and checks the manifest; returns its "dossiers" array (owned by @parser). */
static JsonArray *
load_manifest (const char  *bundle_dir,
               JsonParser  *parser,
               GError     **error)
{
  g_autofree char *manifest_path = g_build_filename (bundle_dir, MC_BUNDLE_MANIFEST, NULL);
  g_autofree char *sum_path = g_build_filename (bundle_dir, MC_BUNDLE_MANIFEST_SHA256, NULL);
  g_autofree char *manifest = NULL;
  g_autofree char *sum = NULL;
  g_autofree char *actual = NULL;
  gsize manifest_len;
  JsonObject *root;
  JsonNode *node;

  if (!g_file_get_contents (sum_path, &sum, NULL, NULL) ||
      !g_file_get_contents (manifest_path, &manifest, &manifest_len, NULL))
    {
      not_a_bundle (error, bundle_dir,
                    _("manifest.json or manifest.sha256 is missing (an unfinished export?)"));
      return NULL;
    }

  actual = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) manifest,
                                        manifest_len);
  g_strstrip (sum);
  if (strlen (sum) < 64 || g_ascii_strncasecmp (sum, actual, 64) != 0 ||
      (sum[64] != '\0' && sum[64] != ' '))
    {
      tampered (error, MC_BUNDLE_MANIFEST);
      return NULL;
    }

  if (!json_parser_load_from_data (parser, manifest, manifest_len, NULL) ||
      (node = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      not_a_bundle (error, bundle_dir, _("manifest.json is not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (node);

  if (g_strcmp0 (string_member (root, "format"), FORMAT) != 0 ||
      json_object_get_int_member_with_default (root, "version", 0) != VERSION)
    {
      not_a_bundle (error, bundle_dir, _("unknown format or version"));
      return NULL;
    }

  node = json_object_get_member (root, "dossiers");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      not_a_bundle (error, bundle_dir, _("no list of dossiers"));
      return NULL;
    }

  return json_node_get_array (node);
}

static gboolean
check_dossier (const char  *bundle_dir,
               JsonNode    *node,
               GError     **error)
{
  JsonObject *d;
  JsonNode *list;
  JsonArray *attachments;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return not_a_bundle (error, bundle_dir, _("a dossier is not an object"));
  d = json_node_get_object (node);

  if (!g_uuid_string_is_valid (string_member (d, "idempotency_key") ?: "") ||
      string_member (d, "local_number") == NULL || string_member (d, "procedure_code") == NULL ||
      string_member (d, "payload") == NULL || !json_object_has_member (d, "created_at"))
    return not_a_bundle (error, bundle_dir, _("a dossier lacks its key, number or payload"));

  list = json_object_get_member (d, "attachments");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return not_a_bundle (error, bundle_dir, _("a dossier lacks its list of attachments"));
  attachments = json_node_get_array (list);

  for (guint i = 0; i < json_array_get_length (attachments); i++)
    {
      JsonNode *an = json_array_get_element (attachments, i);
      JsonObject *a;
      const char *relative, *sha256;
      g_autofree char *path = NULL;
      g_autofree char *actual = NULL;
      gint64 size;

      if (!JSON_NODE_HOLDS_OBJECT (an))
        return not_a_bundle (error, bundle_dir, _("an attachment is not an object"));
      a = json_node_get_object (an);
      relative = string_member (a, "path");
      sha256 = string_member (a, "sha256");
      if (!safe_relative (relative) || sha256 == NULL ||
          !g_uuid_string_is_valid (string_member (a, "client_key") ?: "") ||
          string_member (a, "document") == NULL || string_member (a, "filename") == NULL ||
          string_member (a, "content_type") == NULL)
        return not_a_bundle (error, bundle_dir, _("an attachment’s entry is incomplete"));

      path = g_build_filename (bundle_dir, relative, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) ||
          !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return tampered (error, relative);
      if (!hash_file (path, NULL, &actual, &size, error))
        return FALSE;
      if (size != json_object_get_int_member_with_default (a, "size", -1) ||
          g_ascii_strcasecmp (actual, sha256) != 0)
        return tampered (error, relative);
    }

  return TRUE;
}

gboolean
mc_bundle_verify (const char  *bundle_dir,
                  guint       *out_count,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *dossiers;

  g_return_val_if_fail (bundle_dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dossiers = load_manifest (bundle_dir, parser, error);
  if (dossiers == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (dossiers); i++)
    if (!check_dossier (bundle_dir, json_array_get_element (dossiers, i), error))
      return FALSE;

  if (out_count != NULL)
    *out_count = json_array_get_length (dossiers);
  return TRUE;
}

gboolean
mc_bundle_import (McStore     *store,
                  const char  *bundle_dir,
                  guint       *out_imported,
                  guint       *out_skipped,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *dossiers;
  guint imported = 0, skipped = 0;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (bundle_dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Everything is checked before anything is imported. */
  if (!mc_bundle_verify (bundle_dir, NULL, error))
    return FALSE;

  dossiers = load_manifest (bundle_dir, parser, error);
  if (dossiers == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (dossiers); i++)
    {
      JsonObject *d = json_array_get_object_element (dossiers, i);
      JsonArray *list = json_object_get_array_member (d, "attachments");
      guint n = json_array_get_length (list);
      g_autoptr(GPtrArray) specs = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
      g_autofree const char **keys = g_new0 (const char *, n + 1);
      g_autofree const char **sums = g_new0 (const char *, n + 1);
      g_autoptr(McOutboxEntry) entry = NULL;
      g_autoptr(GError) local_error = NULL;
      McImportSpec spec = { 0 };

      for (guint j = 0; j < n; j++)
        {
          JsonObject *a = json_array_get_object_element (list, j);
          McAttachmentSpec *as = g_new0 (McAttachmentSpec, 1);
          char *path = g_build_filename (bundle_dir, string_member (a, "path"), NULL);

          g_ptr_array_add (paths, path);
          as->source_path = path;
          as->document = string_member (a, "document");
          as->filename = string_member (a, "filename");
          as->content_type = string_member (a, "content_type");
          g_ptr_array_add (specs, as);
          keys[j] = string_member (a, "client_key");
          sums[j] = string_member (a, "sha256");
        }

      spec.local_number = string_member (d, "local_number");
      spec.idempotency_key = string_member (d, "idempotency_key");
      spec.procedure_code = string_member (d, "procedure_code");
      spec.payload = string_member (d, "payload");
      spec.created_at = json_object_get_int_member (d, "created_at");
      spec.assisted = json_object_get_boolean_member_with_default (d, "assisted", FALSE);
      spec.attachments = specs;
      spec.client_keys = keys;
      spec.sha256 = sums;

      entry = mc_store_import_entry (store, &spec, &local_error);
      if (entry == NULL && g_error_matches (local_error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS))
        {
          skipped++;
          continue;
        }
      if (entry == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          if (out_imported != NULL)
            *out_imported = imported;
          if (out_skipped != NULL)
            *out_skipped = skipped;
          return FALSE;
        }
      imported++;
    }

  g_debug ("Imported %u dossiers from a bundle (%u already here)", imported, skipped);
  if (out_imported != NULL)
    *out_imported = imported;
  if (out_skipped != NULL)
    *out_skipped = skipped;
  return TRUE;
}
