/* sim-uploads.c: the portal simulator's tus 1.0.0 upload server.
 *
 * Invariant: in an upload's file the bytes before the stored offset are the
 * upload's; anything beyond (left by a simulator killed mid-commit) is not and
 * is cut away by the next commit. A PATCH body goes to a temporary file of its
 * own while it arrives, so that two requests on the same upload never write to
 * the same place, and is appended (pwrite at the offset, fdatasync, then the
 * new offset in SQLite) only when it is accepted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sim-http.h"
#include "sim-uploads.h"

#define TUS_VERSION "1.0.0"
#define OFFSET_TYPE "application/offset+octet-stream"
#define COPY_BLOCK (64 * 1024)

#define SIM_UPLOADS_ERROR (sim_uploads_error_quark ())
static GQuark sim_uploads_error_quark (void);
G_DEFINE_QUARK (sim-uploads-error-quark, sim_uploads_error)

struct _SimUploads
{
  SimStore *store;
  char     *dir;
  gint64    max_bytes;
  gint64    expiry_seconds;
  guint64   committed_bytes;
  guint     serial;
};

struct _SimUploadWrite
{
  SimUploads *uploads;
  char       *id;
  gint64      start_offset;
  gint64      room;          /* bytes the upload can still take */
  gboolean    has_checksum;
  guint8      expected[32];
  GChecksum  *sum;
  char       *tmp_path;
  int         fd;
  gint64      written;
  gboolean    failed;        /* a write to the temporary file failed */
  gboolean    overflow;      /* more bytes than the upload can take */
  gboolean    done;          /* handled or aborted */
};

/* Files */

static char *
upload_path (SimUploads *self,
             const char *id)
{
  return g_build_filename (self->dir, id, NULL);
}

static gboolean
is_upload_id (const char *id)
{
  /* Ours are UUIDs: never let a path component through. */
  return id && *id && strlen (id) <= 64 &&
         strspn (id, "0123456789abcdef-") == strlen (id);
}

static char *
sha256_of_file (const char *path,
                gint64      length)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buf = g_malloc (COPY_BLOCK);
  gint64 left = length;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    return NULL;
  while (left > 0)
    {
      ssize_t n = read (fd, buf, MIN (left, COPY_BLOCK));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          close (fd);
          return NULL;
        }
      g_checksum_update (sum, buf, n);
      left -= n;
    }
  close (fd);
  return g_strdup (g_checksum_get_string (sum));
}

char *
sim_uploads_file_sha256 (SimUploads *self,
                         const char *id,
                         gint64      length)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (!is_upload_id (id))
    return NULL;
  path = upload_path (self, id);
  return sha256_of_file (path, length);
}

static void
remove_files (SimUploads *self,
              gboolean    only_partial)
{
  g_autoptr(GDir) dir = g_dir_open (self->dir, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = NULL;

      if (only_partial && !strstr (name, ".part-"))
        continue;
      path = g_build_filename (self->dir, name, NULL);
      if (g_unlink (path) != 0)
        g_debug ("unlink %s: %s", name, g_strerror (errno));
    }
}

SimUploads *
sim_uploads_new (SimStore    *store,
                 const char  *dir,
                 gint64       max_bytes,
                 gint64       expiry_seconds,
                 GError     **error)
{
  SimUploads *self;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (dir != NULL, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot create %s: %s", dir, g_strerror (saved));
      return NULL;
    }
  self = g_new0 (SimUploads, 1);
  self->store = store;
  self->dir = g_strdup (dir);
  self->max_bytes = max_bytes;
  self->expiry_seconds = expiry_seconds;
  /* Bodies that were arriving when a previous run was killed. */
  remove_files (self, TRUE);
  return self;
}

void
sim_uploads_free (SimUploads *self)
{
  if (self == NULL)
    return;
  g_free (self->dir);
  g_free (self);
}

void
sim_uploads_reset (SimUploads *self)
{
  g_return_if_fail (self != NULL);
  remove_files (self, FALSE);
}

guint64
sim_uploads_get_committed_bytes (SimUploads *self)
{
  return self->committed_bytes;
}

void
sim_uploads_reset_stats (SimUploads *self)
{
  self->committed_bytes = 0;
}

/* Headers */

static gboolean
is_expired (const SimUpload *u)
{
  return u->links == 0 && g_get_real_time () / G_USEC_PER_SEC >= u->expires_at;
}

static void
set_header (SoupServerMessage *msg,
            const char        *name,
            const char        *value)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), name, value);
}

static void
set_header_int (SoupServerMessage *msg,
                const char        *name,
                gint64             value)
{
  g_autofree char *s = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  set_header (msg, name, s);
}

static void
set_expires (SoupServerMessage *msg,
             const SimUpload   *u)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *s = NULL;

  if (u->links > 0)
    return;  /* listed in a dossier: kept for good */
  dt = g_date_time_new_from_unix_utc (u->expires_at);
  s = soup_date_time_to_string (dt, SOUP_DATE_HTTP);
  set_header (msg, "Upload-Expires", s);
}

static const char *
request_header (SoupServerMessage *msg,
                const char        *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (msg), name);
}

static gboolean
parse_length (const char *s,
              gint64     *out)
{
  guint64 v;

  if (s == NULL || !g_ascii_isdigit (*s) ||
      !g_ascii_string_to_unsigned (s, 10, 0, G_MAXINT64, &v, NULL))
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
is_sha256_hex (const char *s)
{
  return s && strlen (s) == 64 && strspn (s, "0123456789abcdefABCDEF") == 64;
}

static gboolean
is_valid_key (const char *key)
{
  gsize len = key ? strlen (key) : 0;

  if (len == 0 || len > 255)
    return FALSE;
  for (; *key; key++)
    if (*key < 0x21 || *key > 0x7e)
      return FALSE;
  return TRUE;
}

/* "filename Zm9vLnBkZg==,key YWJj,flag": key -> decoded value ("" if none). */
static GHashTable *
parse_metadata (const char  *header,
                const char **bad)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) pairs = NULL;

  if (header == NULL)
    return g_steal_pointer (&table);
  pairs = g_strsplit (header, ",", -1);
  for (guint i = 0; pairs[i]; i++)
    {
      g_auto(GStrv) kv = g_strsplit (g_strstrip (pairs[i]), " ", -1);
      g_autofree guchar *value = NULL;
      gsize len = 0;

      if (kv[0] == NULL || *kv[0] == '\0' || (kv[1] && kv[2]) ||
          g_hash_table_contains (table, kv[0]))
        {
          *bad = "Upload-Metadata is not a list of distinct “key base64” pairs";
          return NULL;
        }
      if (kv[1])
        {
          /* g_base64_decode accepts anything: check the alphabet first. */
          gsize n = strlen (kv[1]);

          if (n % 4 != 0 ||
              strspn (kv[1], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") != n)
            {
              *bad = "an Upload-Metadata value is not base64";
              return NULL;
            }
          value = g_base64_decode (kv[1], &len);
        }
      if (len > 0 && !g_utf8_validate ((const char *) value, len, NULL))
        {
          *bad = "an Upload-Metadata value is not UTF-8";
          return NULL;
        }
      g_hash_table_insert (table, g_strdup (kv[0]),
                           g_strndup (value ? (const char *) value : "", len));
    }
  return g_steal_pointer (&table);
}

static void
reply_tus_error (SoupServerMessage *msg,
                 guint              status,
                 const char        *code,
                 const char        *message)
{
  if (status == SOUP_STATUS_PRECONDITION_FAILED)
    set_header (msg, "Tus-Version", TUS_VERSION);
  sim_reply_error (msg, status, code, message, NULL);
}

static void
reply_store_error (SoupServerMessage *msg,
                   GError            *error)
{
  g_warning ("uploads: %s", error->message);
  sim_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error",
                   "the simulator's upload store failed", NULL);
}

/* PATCH checks, at the headers and again once the body is in. */

typedef struct {
  guint       status;     /* 0: fine */
  const char *code;
  const char *message;
  SimUpload  *upload;     /* (nullable) owned */
  gint64      offset;
  gboolean    has_checksum;
  guint8      digest[32];
} PatchCheck;

static void
patch_check_clear (PatchCheck *c)
{
  g_clear_pointer (&c->upload, sim_upload_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PatchCheck, patch_check_clear)

static gboolean
fail (PatchCheck *c,
      guint       status,
      const char *code,
      const char *message)
{
  c->status = status;
  c->code = code;
  c->message = message;
  return FALSE;
}

static gboolean
check_patch (SimUploads        *self,
             SoupServerMessage *msg,
             const char        *id,
             PatchCheck        *c,
             GError           **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *content_type, *checksum;
  goffset content_length;

  patch_check_clear (c);
  memset (c, 0, sizeof *c);
  if (g_strcmp0 (request_header (msg, "Tus-Resumable"), TUS_VERSION) != 0)
    return fail (c, SOUP_STATUS_PRECONDITION_FAILED, "unsupported_version",
                 "Tus-Resumable: 1.0.0 is required");
  if (is_upload_id (id))
    c->upload = sim_store_upload_find (self->store, id, error);
  if (error && *error)
    return fail (c, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", (*error)->message);
  if (c->upload == NULL)
    return fail (c, SOUP_STATUS_NOT_FOUND, "not_found", "no upload has this id");
  if (is_expired (c->upload))
    return fail (c, SOUP_STATUS_GONE, "expired", "this upload has expired");
  content_type = soup_message_headers_get_content_type (headers, NULL);
  if (g_strcmp0 (content_type, OFFSET_TYPE) != 0)
    return fail (c, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                 "Content-Type must be " OFFSET_TYPE);
  if (!parse_length (request_header (msg, "Upload-Offset"), &c->offset))
    return fail (c, SOUP_STATUS_BAD_REQUEST, "bad_request",
                 "Upload-Offset must be a non-negative integer");
  if (c->offset != c->upload->offset)
    return fail (c, SOUP_STATUS_CONFLICT, "offset_mismatch",
                 "Upload-Offset is not the upload's offset (ask HEAD)");

  checksum = request_header (msg, "Upload-Checksum");
  if (checksum)
    {
      g_auto(GStrv) parts = g_strsplit (checksum, " ", -1);
      g_autofree guchar *digest = NULL;
      gsize len = 0;

      if (parts[0] == NULL || parts[1] == NULL || parts[2] != NULL)
        return fail (c, SOUP_STATUS_BAD_REQUEST, "bad_request",
                     "Upload-Checksum is “<algorithm> <base64 digest>”");
      if (g_ascii_strcasecmp (parts[0], "sha256") != 0)
        return fail (c, SOUP_STATUS_BAD_REQUEST, "unsupported_checksum",
                     "the only checksum algorithm is sha256");
      if (strlen (parts[1]) == 44)
        digest = g_base64_decode (parts[1], &len);
      if (len != sizeof c->digest)
        return fail (c, SOUP_STATUS_BAD_REQUEST, "bad_request",
                     "Upload-Checksum: not the base64 of a SHA-256 digest");
      memcpy (c->digest, digest, len);
      c->has_checksum = TRUE;
    }

  content_length = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
                   ? soup_message_headers_get_content_length (headers) : -1;
  if (content_length > c->upload->length - c->offset)
    return fail (c, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                 "the body goes past Upload-Length");
  return TRUE;
}

/* Writes */

SimUploadWrite *
sim_uploads_begin_patch (SimUploads        *self,
                         SoupServerMessage *msg,
                         const char        *id)
{
  g_auto(PatchCheck) c = { 0 };
  g_autoptr(GError) error = NULL;
  SimUploadWrite *w;

  g_return_val_if_fail (self != NULL, NULL);

  if (!check_patch (self, msg, id, &c, &error))
    return NULL;

  w = g_new0 (SimUploadWrite, 1);
  w->uploads = self;
  w->id = g_strdup (id);
  w->start_offset = c.offset;
  w->room = c.upload->length - c.offset;
  w->has_checksum = c.has_checksum;
  memcpy (w->expected, c.digest, sizeof w->expected);
  w->sum = g_checksum_new (G_CHECKSUM_SHA256);
  w->tmp_path = g_strdup_printf ("%s/%s.part-%u", self->dir, id, ++self->serial);
  w->fd = g_open (w->tmp_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (w->fd < 0)
    {
      g_message ("uploads: cannot create %s: %s", w->tmp_path, g_strerror (errno));
      w->failed = TRUE;
    }
  return w;
}

void
sim_upload_write_chunk (SimUploadWrite *w,
                        const guint8   *data,
                        gsize           len)
{
  g_return_if_fail (w != NULL);

  if (w->done || w->failed || w->overflow || len == 0)
    return;
  if ((gint64) len > w->room - w->written)
    {
      w->overflow = TRUE;
      return;
    }
  g_checksum_update (w->sum, data, len);
  while (len > 0)
    {
      ssize_t n = write (w->fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_message ("uploads: write: %s", g_strerror (errno));
          w->failed = TRUE;
          return;
        }
      data += n;
      len -= n;
      w->written += n;
    }
}

void
sim_upload_write_discard (SimUploadWrite *w)
{
  w->done = TRUE;
  if (w->fd >= 0)
    {
      close (w->fd);
      w->fd = -1;
    }
  if (w->tmp_path)
    g_unlink (w->tmp_path);
}

void
sim_upload_write_free (SimUploadWrite *w)
{
  if (w == NULL)
    return;
  sim_upload_write_abort (w);
  sim_upload_write_discard (w);
  g_checksum_free (w->sum);
  g_free (w->tmp_path);
  g_free (w->id);
  g_free (w);
}

typedef enum {
  COMMIT_OK,
  COMMIT_MISMATCH,  /* the whole file's SHA-256 is not the declared one: reset to 0 */
  COMMIT_FAILED,
} CommitResult;

/* Appends @w's bytes to @u at its offset and stores the new state. */
static CommitResult
commit_write (SimUploads     *self,
              SimUploadWrite *w,
              SimUpload      *u,
              GError        **error)
{
  g_autofree char *path = upload_path (self, u->id);
  g_autofree guint8 *buf = NULL;
  CommitResult result = COMMIT_OK;
  gint64 done = 0;
  int fd;

  fd = g_open (path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 || ftruncate (fd, u->offset) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: %s", path, g_strerror (saved));
      if (fd >= 0)
        close (fd);
      return COMMIT_FAILED;
    }
  buf = g_malloc (COPY_BLOCK);
  while (done < w->written)
    {
      ssize_t n = pread (w->fd, buf, MIN (COPY_BLOCK, w->written - done), done);
      ssize_t m = n > 0 ? pwrite (fd, buf, n, u->offset + done) : -1;

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0 || m != n)
        {
          int saved = n == 0 ? EIO : errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "%s: %s", path, g_strerror (saved));
          close (fd);
          return COMMIT_FAILED;
        }
      done += n;
    }
  /* The bytes are on disk before the offset that counts them. */
  if (fdatasync (fd) != 0)
    g_debug ("fdatasync: %s", g_strerror (errno));
  close (fd);

  u->offset += w->written;
  u->expires_at = g_get_real_time () / G_USEC_PER_SEC + self->expiry_seconds;
  self->committed_bytes += w->written;
  if (u->offset == u->length)
    {
      g_autofree char *sha = sha256_of_file (path, u->length);

      if (sha == NULL || (u->sha256_declared &&
                          g_ascii_strcasecmp (sha, u->sha256_declared) != 0))
        {
          g_message ("upload %s: whole-file SHA-256 mismatch, reset to 0", u->id);
          u->offset = 0;
          result = COMMIT_MISMATCH;
          if (truncate (path, 0) != 0)
            g_debug ("truncate: %s", g_strerror (errno));
        }
      else
        {
          u->complete = TRUE;
          g_free (u->sha256);
          u->sha256 = g_steal_pointer (&sha);
          g_debug ("upload %s complete", u->id);
        }
    }
  if (!sim_store_upload_update (self->store, u, error))
    return COMMIT_FAILED;
  return result;
}

void
sim_upload_write_abort (SimUploadWrite *w)
{
  SimUploads *self;
  g_autoptr(SimUpload) u = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (w != NULL);

  if (w->done)
    return;
  self = w->uploads;
  /* tus core: without a checksum, what arrived is kept. */
  if (!w->has_checksum && !w->failed && !w->overflow && w->written > 0)
    {
      u = sim_store_upload_find (self->store, w->id, &error);
      if (u && !is_expired (u) && !u->complete && u->offset == w->start_offset)
        {
          if (commit_write (self, w, u, &error) == COMMIT_FAILED)
            g_warning ("upload %s: keeping a cut body: %s", w->id, error->message);
          else
            g_debug ("upload %s: cut body kept, offset %" G_GINT64_FORMAT, w->id, u->offset);
        }
    }
  else if (w->written > 0)
    g_debug ("upload %s: cut body of %" G_GINT64_FORMAT " bytes discarded", w->id, w->written);
  sim_upload_write_discard (w);
}

/* Requests */

static void
handle_options (SimUploads        *self,
                SoupServerMessage *msg)
{
  set_header (msg, "Tus-Version", TUS_VERSION);
  set_header (msg, "Tus-Extension", "creation,checksum,expiration");
  set_header_int (msg, "Tus-Max-Size", self->max_bytes);
  set_header (msg, "Tus-Checksum-Algorithm", "sha256");
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
reply_created (SoupServerMessage *msg,
               const SimUpload   *u)
{
  g_autofree char *location = g_strconcat (SIM_UPLOADS_PATH "/", u->id, NULL);

  set_header (msg, "Location", location);
  set_header_int (msg, "Upload-Offset", u->offset);
  set_expires (msg, u);
  soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
}

static void
handle_create (SimUploads        *self,
               SoupServerMessage *msg)
{
  g_autoptr(GHashTable) meta = NULL;
  g_autoptr(SimUpload) existing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const char *bad = NULL;
  const char *key, *declared;
  SimUpload u = { 0 };
  gint64 length;

  if (request_header (msg, "Upload-Defer-Length"))
    {
      reply_tus_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                       "Upload-Defer-Length is not supported (creation-defer-length)");
      return;
    }
  if (!parse_length (request_header (msg, "Upload-Length"), &length))
    {
      reply_tus_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                       "Upload-Length must be a non-negative integer");
      return;
    }
  if (length > self->max_bytes)
    {
      reply_tus_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                       "Upload-Length is above Tus-Max-Size (max_attachment_bytes)");
      return;
    }
  meta = parse_metadata (request_header (msg, "Upload-Metadata"), &bad);
  if (meta == NULL)
    {
      reply_tus_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", bad);
      return;
    }
  declared = g_hash_table_lookup (meta, "sha256");
  if (declared && !is_sha256_hex (declared))
    {
      reply_tus_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                       "the sha256 metadata must be 64 hexadecimal digits");
      return;
    }
  sha256 = declared ? g_ascii_strdown (declared, -1) : NULL;
  key = g_hash_table_lookup (meta, "key");
  if (key && !is_valid_key (key))
    {
      reply_tus_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                       "the key metadata must be 1 to 255 visible ASCII characters");
      return;
    }

  if (key)
    {
      existing = sim_store_upload_find_by_key (self->store, key, &error);
      if (error)
        {
          reply_store_error (msg, error);
          return;
        }
    }
  if (existing && is_expired (existing))
    {
      g_autofree char *old = upload_path (self, existing->id);

      g_debug ("upload %s expired; its key is used again", existing->id);
      if (!sim_store_upload_delete (self->store, existing->id, &error))
        {
          reply_store_error (msg, error);
          return;
        }
      g_unlink (old);
      g_clear_pointer (&existing, sim_upload_free);
    }
  if (existing)
    {
      /* Idempotent creation: a lost 201 does not make a second upload. */
      if (existing->length != length || g_strcmp0 (existing->sha256_declared, sha256) != 0)
        {
          reply_tus_error (msg, SOUP_STATUS_CONFLICT, "upload_conflict",
                           "this key was used for an upload of another length or sha256");
          return;
        }
      reply_created (msg, existing);
      return;
    }

  u.id = g_uuid_string_random ();
  u.key = (char *) key;
  u.length = length;
  u.metadata = (char *) request_header (msg, "Upload-Metadata");
  u.filename = g_hash_table_lookup (meta, "filename");
  u.content_type = g_hash_table_lookup (meta, "content_type");
  if (u.content_type == NULL)
    u.content_type = g_hash_table_lookup (meta, "filetype");
  u.sha256_declared = sha256;
  u.created_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  u.expires_at = g_date_time_to_unix (now) + self->expiry_seconds;

  path = upload_path (self, u.id);
  if (!g_file_set_contents (path, "", 0, &error))
    {
      reply_store_error (msg, error);
      goto out;
    }
  if (length == 0)
    {
      u.complete = TRUE;
      u.sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) "", 0);
    }
  if (!sim_store_upload_insert (self->store, &u, &error))
    {
      g_unlink (path);
      reply_store_error (msg, error);
      goto out;
    }
  g_debug ("upload %s created (%" G_GINT64_FORMAT " bytes)", u.id, length);
  reply_created (msg, &u);

out:
  g_free (u.id);
  g_free (u.created_at);
  g_free (u.sha256);
}

static void
handle_head (SimUploads        *self,
             SoupServerMessage *msg,
             const char        *id)
{
  g_autoptr(SimUpload) u = NULL;
  g_autoptr(GError) error = NULL;

  if (is_upload_id (id))
    u = sim_store_upload_find (self->store, id, &error);
  if (error)
    {
      reply_store_error (msg, error);
      return;
    }
  if (u == NULL)
    {
      reply_tus_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no upload has this id");
      return;
    }
  if (is_expired (u))
    {
      reply_tus_error (msg, SOUP_STATUS_GONE, "expired", "this upload has expired");
      return;
    }
  set_header_int (msg, "Upload-Offset", u->offset);
  set_header_int (msg, "Upload-Length", u->length);
  if (u->metadata)
    set_header (msg, "Upload-Metadata", u->metadata);
  set_expires (msg, u);
  set_header (msg, "Cache-Control", "no-store");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static void
handle_patch (SimUploads        *self,
              SoupServerMessage *msg,
              const char        *id,
              SimUploadWrite    *w)
{
  g_auto(PatchCheck) c = { 0 };
  g_autoptr(GError) error = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  if (!check_patch (self, msg, id, &c, &error))
    {
      if (w)
        sim_upload_write_discard (w);
      if (c.status == SOUP_STATUS_INTERNAL_SERVER_ERROR)
        reply_store_error (msg, error);
      else
        {
          if (c.upload && c.status == SOUP_STATUS_CONFLICT)
            set_header_int (msg, "Upload-Offset", c.upload->offset);
          reply_tus_error (msg, c.status, c.code, c.message);
        }
      return;
    }
  if (w == NULL || w->done || w->start_offset != c.offset)
    {
      /* Refused when its headers came, fine now: the offset moved meanwhile. */
      if (w)
        sim_upload_write_discard (w);
      set_header_int (msg, "Upload-Offset", c.upload->offset);
      reply_tus_error (msg, SOUP_STATUS_CONFLICT, "offset_mismatch",
                       "the upload's offset changed while this body arrived");
      return;
    }
  if (w->overflow)
    {
      sim_upload_write_discard (w);
      reply_tus_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                       "the body goes past Upload-Length");
      return;
    }
  if (w->failed)
    {
      sim_upload_write_discard (w);
      reply_tus_error (msg, SOUP_STATUS_INSUFFICIENT_STORAGE, "internal_error",
                       "the simulator could not store the body");
      return;
    }
  g_checksum_get_digest (w->sum, digest, &digest_len);
  if (w->has_checksum && memcmp (digest, w->expected, sizeof digest) != 0)
    {
      g_debug ("upload %s: chunk checksum mismatch", id);
      sim_upload_write_discard (w);
      set_header_int (msg, "Upload-Offset", c.upload->offset);
      reply_tus_error (msg, 460, "checksum_mismatch",
                       "the body's SHA-256 is not the one in Upload-Checksum");
      return;
    }

  switch (commit_write (self, w, c.upload, &error))
    {
    case COMMIT_OK:
      sim_upload_write_discard (w);
      set_header_int (msg, "Upload-Offset", c.upload->offset);
      set_expires (msg, c.upload);
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      break;
    case COMMIT_MISMATCH:
      sim_upload_write_discard (w);
      set_header_int (msg, "Upload-Offset", c.upload->offset);
      set_expires (msg, c.upload);
      reply_tus_error (msg, 460, "checksum_mismatch",
                       "the whole upload's SHA-256 is not its sha256 metadata; "
                       "the upload starts again at offset 0");
      break;
    case COMMIT_FAILED:
    default:
      sim_upload_write_discard (w);
      reply_store_error (msg, error);
      break;
    }
}

void
sim_uploads_handle (SimUploads        *self,
                    SoupServerMessage *msg,
                    const char        *method,
                    const char        *path,
                    SimUploadWrite    *write)
{
  const char *id = NULL;

  g_return_if_fail (self != NULL);

  set_header (msg, "Tus-Resumable", TUS_VERSION);
  if (g_str_has_prefix (path, SIM_UPLOADS_PATH "/"))
    id = path + strlen (SIM_UPLOADS_PATH "/");

  if (g_str_equal (method, "OPTIONS"))
    {
      handle_options (self, msg);
      return;
    }
  if (id == NULL && !g_str_equal (method, "POST"))
    {
      set_header (msg, "Allow", "OPTIONS, POST");
      sim_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                       "method not allowed on this path", NULL);
      return;
    }
  if (id && !g_str_equal (method, "HEAD") && !g_str_equal (method, "PATCH"))
    {
      set_header (msg, "Allow", "OPTIONS, HEAD, PATCH");
      sim_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                       "method not allowed on this path", NULL);
      return;
    }
  if (g_strcmp0 (request_header (msg, "Tus-Resumable"), TUS_VERSION) != 0)
    {
      if (write)
        sim_upload_write_discard (write);
      reply_tus_error (msg, SOUP_STATUS_PRECONDITION_FAILED, "unsupported_version",
                       "Tus-Resumable: 1.0.0 is required");
      return;
    }

  if (id == NULL)
    handle_create (self, msg);
  else if (g_str_equal (method, "HEAD"))
    handle_head (self, msg, id);
  else
    handle_patch (self, msg, id, write);
}

/* Dossiers and the oracle */

gboolean
sim_uploads_verify (SimUploads  *self,
                    const char  *id,
                    gint64       size,
                    const char  *sha256,
                    GError     **error)
{
  g_autoptr(SimUpload) u = NULL;
  GError *local = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (is_upload_id (id))
    u = sim_store_upload_find (self->store, id, &local);
  if (local)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (u == NULL || is_expired (u))
    g_set_error (error, SIM_UPLOADS_ERROR, 0, "%s", u ? "the upload has expired"
                                                       : "no upload has this upload_id");
  else if (!u->complete)
    g_set_error (error, SIM_UPLOADS_ERROR, 0,
                 "the upload is not complete (%" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " bytes)",
                 u->offset, u->length);
  else if (u->length != size)
    g_set_error (error, SIM_UPLOADS_ERROR, 0, "the upload's size is not the attachment's");
  else if (u->sha256 == NULL || g_ascii_strcasecmp (u->sha256, sha256) != 0)
    g_set_error (error, SIM_UPLOADS_ERROR, 0, "the upload's SHA-256 is not the attachment's");
  else
    return TRUE;
  return FALSE;
}

static void
add_string_or_null (JsonBuilder *b,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

JsonNode *
sim_uploads_to_json (SimUploads  *self,
                     gboolean     verify,
                     GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  list = sim_store_upload_list (self->store, error);
  if (list == NULL)
    return NULL;
  json_builder_begin_array (b);
  for (guint i = 0; i < list->len; i++)
    {
      const SimUpload *u = g_ptr_array_index (list, i);
      g_autoptr(GDateTime) expires = g_date_time_new_from_unix_local (u->expires_at);
      g_autofree char *expires_s = g_date_time_format (expires, "%Y-%m-%dT%H:%M:%S%:z");
      g_autofree char *sha = NULL;

      if (verify && u->complete)
        sha = sim_uploads_file_sha256 (self, u->id, u->length);
      json_builder_begin_object (b);
      add_string_or_null (b, "id", u->id);
      add_string_or_null (b, "key", u->key);
      json_builder_set_member_name (b, "length");
      json_builder_add_int_value (b, u->length);
      json_builder_set_member_name (b, "offset");
      json_builder_add_int_value (b, u->offset);
      json_builder_set_member_name (b, "complete");
      json_builder_add_boolean_value (b, u->complete);
      add_string_or_null (b, "sha256", verify ? sha : u->sha256);
      add_string_or_null (b, "sha256_declared", u->sha256_declared);
      add_string_or_null (b, "filename", u->filename);
      add_string_or_null (b, "content_type", u->content_type);
      add_string_or_null (b, "created_at", u->created_at);
      add_string_or_null (b, "expires_at", u->links > 0 ? NULL : expires_s);
      json_builder_set_member_name (b, "expired");
      json_builder_add_boolean_value (b, is_expired (u));
      json_builder_set_member_name (b, "dossiers");
      json_builder_add_int_value (b, u->links);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}
