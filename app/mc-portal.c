/* mc-portal.c: the client side of docs/portal-protocol.md, over libcurl.
 *
 * Every reply is sorted into exactly one McPortalError class, because the sync
 * worker's behaviour hangs on it: NETWORK pauses the whole queue without
 * spending attempts, TRANSIENT and PROTOCOL retry one dossier with backoff,
 * PERMANENT quarantines it. A dossier is never taken as delivered without a
 * readable receipt.
 *
 * A connection cut in the middle of a reply whose length was announced
 * (CURLE_PARTIAL_FILE) is a network failure: it is exactly the "reply lost on
 * the way" case, and the retry with the same key fetches the receipt. A body
 * that ends early without an announced length is only noticed as unreadable
 * JSON: a protocol failure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#define G_LOG_DOMAIN "mc-portal"

#include "mc-portal.h"
#include "mc-portal-private.h"

#include <errno.h>
#include <unistd.h>
#include <curl/curl.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

G_DEFINE_QUARK (mc-portal-error-quark, mc_portal_error)

#define MAX_REPLY_BYTES (1024 * 1024)
#define CONNECT_TIMEOUT_S 10
#define LOW_SPEED_LIMIT_BPS 100
#define LOW_SPEED_TIME_S 30

struct _McPortal
{
  char  *base_url;   /* without a trailing slash */
  char  *kiosk_id;
  guint  timeout_s;
  CURL  *curl;       /* owned; reused so connections are kept alive */
  const gint *abort_flag;  /* nullable, not owned */
  guint64 upload_bytes_sent;
};

/* What perform() sends. */
typedef struct
{
  const char  *method;
  const char  *path;             /* appended to base_url, or an absolute URL */
  const char  *idempotency_key;  /* nullable */
  const char  *json_body;        /* nullable */
  const char **headers;          /* nullable, NULL-terminated "Name: value" */
  gboolean     head;             /* no reply body expected (HEAD) */
  int          fd;               /* >= 0: stream @length bytes from @offset */
  gint64       offset;
  gint64       length;
} Request;

typedef struct
{
  long        status;
  GByteArray *body;          /* owned, NUL-terminated beyond len */
  char       *content_type;  /* nullable */
  char       *retry_after;   /* nullable */
  char       *location;      /* nullable */
  gint64      upload_offset; /* -1: absent or unreadable */
  gboolean    too_big;
} Reply;

static void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->body, g_byte_array_unref);
  g_clear_pointer (&reply->content_type, g_free);
  g_clear_pointer (&reply->retry_after, g_free);
  g_clear_pointer (&reply->location, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

void
mc_receipt_free (McReceipt *receipt)
{
  if (receipt == NULL)
    return;

  g_free (receipt->dossier_code);
  g_free (receipt->tracking_url);
  g_free (receipt->received_at);
  g_free (receipt->status);
  g_free (receipt);
}

static gpointer
global_init_once (gpointer data)
{
  curl_global_init (CURL_GLOBAL_DEFAULT);
  return NULL;
}

McPortal *
mc_portal_new (const char *base_url,
               const char *kiosk_id,
               guint       timeout_s)
{
  static GOnce once = G_ONCE_INIT;
  McPortal *self;
  gsize len;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (kiosk_id != NULL, NULL);

  g_once (&once, global_init_once, NULL);

  self = g_new0 (McPortal, 1);
  len = strlen (base_url);
  while (len > 0 && base_url[len - 1] == '/')
    len--;
  self->base_url = g_strndup (base_url, len);
  self->kiosk_id = g_strdup (kiosk_id);
  self->timeout_s = timeout_s > 0 ? timeout_s : 60;

  return self;
}

void
mc_portal_free (McPortal *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->curl, curl_easy_cleanup);
  g_free (self->base_url);
  g_free (self->kiosk_id);
  g_free (self);
}

const char *
mc_portal_get_base_url (McPortal *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->base_url;
}

static size_t
write_cb (char   *ptr,
          size_t  size,
          size_t  nmemb,
          void   *user_data)
{
  Reply *reply = user_data;
  size_t n = size * nmemb;

  if (reply->body->len + n > MAX_REPLY_BYTES)
    {
      reply->too_big = TRUE;
      return 0;  /* aborts the transfer with CURLE_WRITE_ERROR */
    }

  g_byte_array_append (reply->body, (const guint8 *) ptr, n);
  return n;
}

static int
progress_cb (void       *user_data,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  McPortal *self = user_data;

  return self->abort_flag != NULL && g_atomic_int_get (self->abort_flag) != 0;
}

void
_mc_portal_set_abort_flag (McPortal   *self,
                           const gint *flag)
{
  g_return_if_fail (self != NULL);

  self->abort_flag = flag;
}

static gboolean
curl_code_is_protocol (CURLcode code)
{
  switch (code)
    {
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_UNSUPPORTED_PROTOCOL:  /* also "Received HTTP/0.9": not HTTP at all */
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_TOO_MANY_REDIRECTS:
    case CURLE_FILESIZE_EXCEEDED:
      return TRUE;

    default:
      return FALSE;
    }
}

/* Streams a chunk of a file as a request body. */
typedef struct
{
  McPortal *portal;
  int       fd;
  gint64    position;
  gint64    end;
  gboolean  failed;   /* the file could not be read */
} BodySource;

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  nitems,
         void   *user_data)
{
  BodySource *source = user_data;
  size_t want = MIN ((gint64) (size * nitems), source->end - source->position);
  gssize n;

  if (want == 0)
    return 0;

  do
    n = pread (source->fd, buffer, want, source->position);
  while (n < 0 && errno == EINTR);

  /* The file shrank or cannot be read: never send a short body. */
  if (n <= 0)
    {
      source->failed = TRUE;
      return CURL_READFUNC_ABORT;
    }

  source->position += n;
  source->portal->upload_bytes_sent += n;
  return n;
}

/* Performs one request. FALSE (NETWORK or PROTOCOL) when no complete HTTP
 * reply came back; otherwise @reply holds it, whatever its status. */
static gboolean
perform_request (McPortal       *self,
                 const Request  *request,
                 Reply          *reply,
                 GError        **error)
{
  char errbuf[CURL_ERROR_SIZE] = { 0 };
  struct curl_slist *headers = NULL;
  struct curl_header *header = NULL;
  g_autofree char *url = NULL;
  g_autofree char *user_agent = g_strdup_printf ("motcua-kiosk/%s", PACKAGE_VERSION);
  g_autofree char *kiosk_header = g_strdup_printf ("X-Kiosk-Id: %s", self->kiosk_id);
  g_autofree char *key_header = NULL;
  const char *method = request->method;
  const char *path = request->path;
  const char *content_type = NULL;
  BodySource source = { self, request->fd, request->offset,
                        request->offset + request->length, FALSE };
  CURLcode code;

  if (g_str_has_prefix (path, "http://") || g_str_has_prefix (path, "https://"))
    url = g_strdup (path);
  else
    url = g_strconcat (self->base_url, path, NULL);

  if (self->curl == NULL)
    self->curl = curl_easy_init ();
  else
    curl_easy_reset (self->curl);

  if (self->curl == NULL)
    {
      g_set_error_literal (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_NETWORK,
                           _("Cannot reach the portal: out of memory"));
      return FALSE;
    }

  reply->body = g_byte_array_new ();
  reply->upload_offset = -1;

  headers = curl_slist_append (headers, "Accept: application/json");
  headers = curl_slist_append (headers, kiosk_header);
  headers = curl_slist_append (headers, "Expect:");
  if (request->idempotency_key != NULL)
    {
      key_header = g_strdup_printf ("Idempotency-Key: %s", request->idempotency_key);
      headers = curl_slist_append (headers, key_header);
    }
  if (request->json_body != NULL)
    headers = curl_slist_append (headers, "Content-Type: application/json; charset=utf-8");
  for (guint i = 0; request->headers != NULL && request->headers[i] != NULL; i++)
    headers = curl_slist_append (headers, request->headers[i]);

  curl_easy_setopt (self->curl, CURLOPT_URL, url);
  curl_easy_setopt (self->curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (self->curl, CURLOPT_HTTP_VERSION, (long) CURL_HTTP_VERSION_1_1);
  curl_easy_setopt (self->curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (self->curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (self->curl, CURLOPT_CONNECTTIMEOUT, (long) CONNECT_TIMEOUT_S);
  /* A chunk on a slow link may take longer than any fixed timeout: for
   * uploads, the low-speed limit alone decides that the link stalled. */
  curl_easy_setopt (self->curl, CURLOPT_TIMEOUT, request->fd >= 0 ? 0L : (long) self->timeout_s);
  curl_easy_setopt (self->curl, CURLOPT_LOW_SPEED_LIMIT, (long) LOW_SPEED_LIMIT_BPS);
  curl_easy_setopt (self->curl, CURLOPT_LOW_SPEED_TIME, (long) LOW_SPEED_TIME_S);
  curl_easy_setopt (self->curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) MAX_REPLY_BYTES);
  curl_easy_setopt (self->curl, CURLOPT_USERAGENT, user_agent);
  curl_easy_setopt (self->curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (self->curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (self->curl, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (self->curl, CURLOPT_WRITEDATA, reply);
  if (self->abort_flag != NULL)
    {
      curl_easy_setopt (self->curl, CURLOPT_NOPROGRESS, 0L);
      curl_easy_setopt (self->curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
      curl_easy_setopt (self->curl, CURLOPT_XFERINFODATA, self);
    }
  if (request->json_body != NULL)
    {
      curl_easy_setopt (self->curl, CURLOPT_POSTFIELDS, request->json_body);
      curl_easy_setopt (self->curl, CURLOPT_POSTFIELDSIZE_LARGE,
                        (curl_off_t) strlen (request->json_body));
    }
  else if (request->fd >= 0)
    {
      curl_easy_setopt (self->curl, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt (self->curl, CURLOPT_READFUNCTION, read_cb);
      curl_easy_setopt (self->curl, CURLOPT_READDATA, &source);
      curl_easy_setopt (self->curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t) request->length);
    }
  else if (g_str_equal (method, "POST"))
    {
      /* A POST without a body (tus creation). */
      curl_easy_setopt (self->curl, CURLOPT_POSTFIELDS, "");
      curl_easy_setopt (self->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) 0);
    }
  if (request->head)
    curl_easy_setopt (self->curl, CURLOPT_NOBODY, 1L);
  else
    curl_easy_setopt (self->curl, CURLOPT_CUSTOMREQUEST, method);

  code = curl_easy_perform (self->curl);
  curl_slist_free_all (headers);

  if (code != CURLE_OK)
    {
      const char *detail = errbuf[0] != '\0' ? errbuf : curl_easy_strerror (code);

      g_debug ("%s %s: curl error %d: %s", method, path, code, detail);

      if (source.failed)
        g_set_error_literal (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_UPLOAD_MISMATCH,
                             _("The attachment could not be read while it was sent"));
      else if (reply->too_big || code == CURLE_FILESIZE_EXCEEDED)
        g_set_error_literal (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PROTOCOL,
                             _("The portal’s reply is too large"));
      else if (curl_code_is_protocol (code))
        g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PROTOCOL,
                     _("The portal’s reply could not be read: %s"), detail);
      else
        g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_NETWORK,
                     _("Cannot reach the portal: %s"), detail);
      return FALSE;
    }

  curl_easy_getinfo (self->curl, CURLINFO_RESPONSE_CODE, &reply->status);
  curl_easy_getinfo (self->curl, CURLINFO_CONTENT_TYPE, &content_type);
  reply->content_type = g_strdup (content_type);
  if (curl_easy_header (self->curl, "Retry-After", 0, CURLH_HEADER, -1, &header) == CURLHE_OK)
    reply->retry_after = g_strdup (header->value);
  if (curl_easy_header (self->curl, "Location", 0, CURLH_HEADER, -1, &header) == CURLHE_OK)
    reply->location = g_strstrip (g_strdup (header->value));
  if (curl_easy_header (self->curl, "Upload-Offset", 0, CURLH_HEADER, -1, &header) == CURLHE_OK)
    {
      guint64 value;

      if (g_ascii_string_to_unsigned (header->value, 10, 0, G_MAXINT64, &value, NULL))
        reply->upload_offset = value;
    }

  /* Keep the body usable as a C string. */
  g_byte_array_append (reply->body, (const guint8 *) "", 1);
  g_byte_array_set_size (reply->body, reply->body->len - 1);

  g_debug ("%s %s: HTTP %ld, %u bytes", method, path, reply->status, reply->body->len);

  return TRUE;
}

static gboolean
perform (McPortal     *self,
         const char   *method,
         const char   *path,
         const char   *idempotency_key,
         const char   *body,
         Reply        *reply,
         GError      **error)
{
  Request request = { method, path, idempotency_key, body, NULL, FALSE, -1, 0, 0 };

  return perform_request (self, &request, reply, error);
}

static gboolean
is_json_type (const char *content_type)
{
  g_autofree char *type = NULL;
  char *semicolon;

  if (content_type == NULL)
    return FALSE;

  type = g_ascii_strdown (content_type, -1);
  semicolon = strchr (type, ';');
  if (semicolon != NULL)
    *semicolon = '\0';
  g_strstrip (type);

  return g_str_equal (type, "application/json") || g_str_has_suffix (type, "+json");
}

/* The reply's body as a JSON object, or NULL (with a PROTOCOL error). */
static JsonObject *
reply_get_object (Reply   *reply,
                  GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!is_json_type (reply->content_type))
    {
      g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PROTOCOL,
                   _("The portal’s reply could not be read (HTTP %ld, %s instead of JSON)"),
                   reply->status,
                   reply->content_type != NULL ? reply->content_type : _("no content type"));
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) reply->body->data,
                                   reply->body->len, &local_error))
    {
      g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PROTOCOL,
                   _("The portal’s reply could not be read (HTTP %ld): %s"),
                   reply->status, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PROTOCOL,
                   _("The portal’s reply could not be read (HTTP %ld): %s"),
                   reply->status, _("not a JSON object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static const char *
object_get_string (JsonObject *object,
                   const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* The server's {"error": {"message", "field"}}, or NULLs. */
static void
error_object_get (JsonObject  *object,
                  const char **out_message,
                  const char **out_field)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, "error") : NULL;
  JsonObject *error_object = NULL;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    error_object = json_node_get_object (node);

  *out_message = object_get_string (error_object, "message");
  *out_field = object_get_string (error_object, "field");
}

/* The server's error.code, or NULL. */
static const char *
error_object_get_code (JsonObject *object)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, "error") : NULL;
  JsonObject *error_object = NULL;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    error_object = json_node_get_object (node);

  return object_get_string (error_object, "code");
}

static McReceipt *
receipt_from_object (JsonObject  *object,
                     long         status,
                     GError     **error)
{
  McReceipt *receipt;
  const char *code = object_get_string (object, "dossier_code");

  if (code == NULL || *code == '\0')
    {
      g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PROTOCOL,
                   _("The portal’s reply has no dossier code (HTTP %ld)"), status);
      return NULL;
    }

  receipt = g_new0 (McReceipt, 1);
  receipt->dossier_code = g_strdup (code);
  receipt->tracking_url = g_strdup (object_get_string (object, "tracking_url"));
  receipt->received_at = g_strdup (object_get_string (object, "received_at"));
  receipt->status = g_strdup (object_get_string (object, "status"));
  receipt->replayed = (status == 200);

  return receipt;
}

static gboolean
status_is_transient (long status)
{
  return status == 408 || status == 425 || status == 429 || (status >= 500 && status <= 599);
}

/* Classifies a non-2xx reply to a dossier request into @error. */
static void
set_reply_error (Reply      *reply,
                 gboolean    not_found_is_unknown_code,
                 const char *dossier_code,
                 GError    **error)
{
  g_autoptr(JsonObject) object = NULL;
  const char *message = NULL;
  const char *field = NULL;

  if (status_is_transient (reply->status))
    {
      /* The body is only a hint here: any 5xx is worth another try. */
      if (is_json_type (reply->content_type))
        object = reply_get_object (reply, NULL);
      error_object_get (object, &message, &field);

      if (message != NULL)
        g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_TRANSIENT,
                     _("The portal is temporarily unavailable (HTTP %ld): %s"),
                     reply->status, message);
      else
        g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_TRANSIENT,
                     _("The portal is temporarily unavailable (HTTP %ld)"), reply->status);
      return;
    }

  if (reply->status >= 400 && reply->status <= 499)
    {
      if (not_found_is_unknown_code && reply->status == 404)
        {
          g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PERMANENT,
                       _("The portal does not know dossier %s"), dossier_code);
          return;
        }

      /* Every error of the protocol is JSON; an HTML 4xx page comes from
       * something in between (a proxy), so it says nothing about the dossier. */
      object = reply_get_object (reply, error);
      if (object == NULL)
        return;

      error_object_get (object, &message, &field);
      if (message == NULL)
        message = _("no reason given");

      if (reply->status == 409 &&
          g_strcmp0 (error_object_get_code (object), "attachment_incomplete") == 0)
        {
          g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_ATTACHMENTS_INCOMPLETE,
                       _("The portal does not have every attachment yet: %s"), message);
          return;
        }

      if (field != NULL)
        g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PERMANENT,
                     _("The portal refused the dossier: %s (field %s)"), message, field);
      else
        g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PERMANENT,
                     _("The portal refused the dossier: %s"), message);
      return;
    }

  g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PROTOCOL,
               _("The portal gave an unexpected answer (HTTP %ld)"), reply->status);
}

gboolean
mc_portal_health (McPortal      *self,
                  McPortalInfo  *out_info,
                  GError       **error)
{
  g_auto(Reply) reply = { 0 };
  g_autoptr(JsonObject) object = NULL;
  JsonNode *protocol;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!perform (self, "GET", "/api/v1/health", NULL, NULL, &reply, error))
    return FALSE;

  if (status_is_transient (reply.status))
    {
      g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_TRANSIENT,
                   _("The portal is temporarily unavailable (HTTP %ld)"), reply.status);
      return FALSE;
    }

  /* A 200 (or a redirect) that is not the portal's health reply: something
   * else answers, typically a captive portal's sign-in page. */
  if (reply.status < 400)
    {
      if (reply.status == 200)
        object = reply_get_object (&reply, NULL);
      protocol = object != NULL ? json_object_get_member (object, "protocol") : NULL;

      if (object == NULL ||
          g_strcmp0 (object_get_string (object, "status"), "ok") != 0 ||
          protocol == NULL || json_node_get_value_type (protocol) != G_TYPE_INT64)
        {
          g_set_error_literal (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_NETWORK,
                               _("The network answers, but not as the portal "
                                 "(a sign-in page?)"));
          return FALSE;
        }

      if (out_info != NULL)
        {
          out_info->protocol = json_node_get_int (protocol);
          out_info->max_attachment_bytes =
            json_object_get_int_member_with_default (object, "max_attachment_bytes", 0);
          out_info->max_dossier_bytes =
            json_object_get_int_member_with_default (object, "max_dossier_bytes", 0);
        }
      return TRUE;
    }

  g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PROTOCOL,
               _("The portal gave an unexpected answer (HTTP %ld)"), reply.status);
  return FALSE;
}

static McReceipt *
receipt_from_reply (Reply   *reply,
                    GError **error)
{
  g_autoptr(JsonObject) object = reply_get_object (reply, error);

  if (object == NULL)
    return NULL;

  return receipt_from_object (object, reply->status, error);
}

McReceipt *
mc_portal_submit (McPortal    *self,
                  const char  *idempotency_key,
                  const char  *payload_json,
                  guint       *out_retry_after_s,
                  GError     **error)
{
  g_auto(Reply) reply = { 0 };

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (idempotency_key != NULL, NULL);
  g_return_val_if_fail (payload_json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (out_retry_after_s != NULL)
    *out_retry_after_s = 0;

  if (!perform (self, "POST", "/api/v1/dossiers", idempotency_key, payload_json, &reply, error))
    return NULL;

  if (reply.status == 200 || reply.status == 201)
    return receipt_from_reply (&reply, error);

  if (out_retry_after_s != NULL && status_is_transient (reply.status) && reply.retry_after)
    *out_retry_after_s = mc_parse_retry_after (reply.retry_after,
                                               g_get_real_time () / G_USEC_PER_SEC);

  set_reply_error (&reply, FALSE, NULL, error);
  return NULL;
}

McReceipt *
mc_portal_lookup (McPortal    *self,
                  const char  *dossier_code,
                  GError     **error)
{
  g_auto(Reply) reply = { 0 };
  g_autoptr(McReceipt) receipt = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (dossier_code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  escaped = g_uri_escape_string (dossier_code, NULL, FALSE);
  path = g_strconcat ("/api/v1/dossiers/", escaped, NULL);

  if (!perform (self, "GET", path, NULL, NULL, &reply, error))
    return NULL;

  if (reply.status == 200)
    {
      receipt = receipt_from_reply (&reply, error);
      if (receipt != NULL)
        receipt->replayed = FALSE;
      return g_steal_pointer (&receipt);
    }

  set_reply_error (&reply, TRUE, dossier_code, error);
  return NULL;
}

/* Uploads (tus 1.0.0). */

#define TUS_RESUMABLE "Tus-Resumable: 1.0.0"

guint64
_mc_portal_get_upload_bytes_sent (McPortal *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->upload_bytes_sent;
}

static void
set_retry_after (Reply *reply,
                 guint *out_retry_after_s)
{
  if (out_retry_after_s == NULL)
    return;

  *out_retry_after_s = 0;
  if (status_is_transient (reply->status) && reply->retry_after != NULL)
    *out_retry_after_s = mc_parse_retry_after (reply->retry_after,
                                               g_get_real_time () / G_USEC_PER_SEC);
}

/* Classifies a tus reply that is not the expected success. */
static void
set_upload_error (Reply    *reply,
                  gboolean  conflict_is_mismatch,
                  GError  **error)
{
  g_autoptr(JsonObject) object = NULL;
  const char *message = NULL;
  const char *field = NULL;

  if (is_json_type (reply->content_type))
    object = reply_get_object (reply, NULL);
  error_object_get (object, &message, &field);

  if (reply->status == 404 || reply->status == 410)
    g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_UPLOAD_GONE,
                 _("The portal no longer has the attachment’s upload (HTTP %ld)"),
                 reply->status);
  else if (reply->status == 460 || (reply->status == 409 && conflict_is_mismatch))
    g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_UPLOAD_MISMATCH,
                 _("The portal did not take a part of the attachment (HTTP %ld); "
                   "it is sent again"), reply->status);
  else if (status_is_transient (reply->status))
    {
      if (message != NULL)
        g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_TRANSIENT,
                     _("The portal is temporarily unavailable (HTTP %ld): %s"),
                     reply->status, message);
      else
        g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_TRANSIENT,
                     _("The portal is temporarily unavailable (HTTP %ld)"), reply->status);
    }
  else if (reply->status >= 400 && reply->status <= 499)
    {
      if (message != NULL)
        g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PERMANENT,
                     _("The portal refused the attachment: %s (HTTP %ld)"),
                     message, reply->status);
      else
        g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PERMANENT,
                     _("The portal refused the attachment (HTTP %ld)"), reply->status);
    }
  else
    g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PROTOCOL,
                 _("The portal gave an unexpected answer (HTTP %ld)"), reply->status);
}

/* A Location as a path under the portal's address ("/api/v1/uploads/…"), so
 * that a stored upload follows the portal's configured address. NULL when it
 * points somewhere else: a kiosk never sends documents to another host. */
static char *
location_to_path (McPortal   *self,
                  const char *location)
{
  g_autoptr(GUri) base = NULL;
  g_autoptr(GUri) target = NULL;
  g_autofree char *base_dir = NULL;
  const char *path, *base_path;

  if (location == NULL || *location == '\0')
    return NULL;

  base_dir = g_strconcat (self->base_url, "/api/v1/uploads/", NULL);
  base = g_uri_parse (base_dir, G_URI_FLAGS_ENCODED, NULL);
  if (base == NULL)
    return NULL;

  target = g_uri_parse_relative (base, location, G_URI_FLAGS_ENCODED, NULL);
  if (target == NULL ||
      g_ascii_strcasecmp (g_uri_get_scheme (target), g_uri_get_scheme (base)) != 0 ||
      g_ascii_strcasecmp (g_uri_get_host (target), g_uri_get_host (base)) != 0 ||
      g_uri_get_port (target) != g_uri_get_port (base))
    return NULL;

  /* Below the portal's own path prefix, if it has one. */
  path = g_uri_get_path (target);
  base_path = g_uri_get_path (base);
  {
    gsize prefix = strlen (base_path) - strlen ("/api/v1/uploads/");

    if (prefix > 0 && strncmp (path, base_path, prefix) == 0)
      path += prefix;
  }
  if (!g_str_has_prefix (path, "/api/v1/uploads/"))
    return NULL;

  return g_strdup (path);
}

static char *
metadata_pair (const char *key,
               const char *value)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *) value, strlen (value));

  return g_strconcat (key, " ", encoded, NULL);
}

char *
mc_portal_upload_create (McPortal    *self,
                         const char  *key,
                         gint64       length,
                         const char  *filename,
                         const char  *content_type,
                         const char  *sha256_hex,
                         gint64      *out_offset,
                         guint       *out_retry_after_s,
                         GError     **error)
{
  g_auto(Reply) reply = { 0 };
  g_autofree char *length_header = NULL;
  g_autofree char *metadata = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *path = NULL;
  g_auto(GStrv) pairs = NULL;
  const char *headers[4];
  Request request = { "POST", "/api/v1/uploads", NULL, NULL, headers, FALSE, -1, 0, 0 };

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL && filename != NULL && content_type != NULL, NULL);
  g_return_val_if_fail (sha256_hex != NULL, NULL);
  g_return_val_if_fail (length >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (out_retry_after_s != NULL)
    *out_retry_after_s = 0;

  pairs = g_new0 (char *, 5);
  pairs[0] = metadata_pair ("filename", filename);
  pairs[1] = metadata_pair ("content_type", content_type);
  pairs[2] = metadata_pair ("sha256", sha256_hex);
  pairs[3] = metadata_pair ("key", key);
  joined = g_strjoinv (",", pairs);
  metadata = g_strconcat ("Upload-Metadata: ", joined, NULL);
  length_header = g_strdup_printf ("Upload-Length: %" G_GINT64_FORMAT, length);
  headers[0] = TUS_RESUMABLE;
  headers[1] = length_header;
  headers[2] = metadata;
  headers[3] = NULL;

  if (!perform_request (self, &request, &reply, error))
    return NULL;

  if (reply.status != 201)
    {
      set_retry_after (&reply, out_retry_after_s);
      set_upload_error (&reply, FALSE, error);
      return NULL;
    }

  path = location_to_path (self, reply.location);
  if (path == NULL)
    {
      g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PROTOCOL,
                   _("The portal’s reply could not be read: %s"),
                   _("no usable Location for the upload"));
      return NULL;
    }

  if (out_offset != NULL)
    *out_offset = MAX (reply.upload_offset, 0);

  return g_steal_pointer (&path);
}

gboolean
mc_portal_upload_offset (McPortal    *self,
                         const char  *upload_url,
                         gint64      *out_offset,
                         guint       *out_retry_after_s,
                         GError     **error)
{
  g_auto(Reply) reply = { 0 };
  const char *headers[] = { TUS_RESUMABLE, "Cache-Control: no-store", NULL };
  Request request = { "HEAD", upload_url, NULL, NULL, headers, TRUE, -1, 0, 0 };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (upload_url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_retry_after_s != NULL)
    *out_retry_after_s = 0;

  if (!perform_request (self, &request, &reply, error))
    return FALSE;

  if (reply.status != 200 && reply.status != 204)
    {
      set_retry_after (&reply, out_retry_after_s);
      set_upload_error (&reply, FALSE, error);
      return FALSE;
    }

  if (reply.upload_offset < 0)
    {
      g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PROTOCOL,
                   _("The portal’s reply could not be read: %s"), _("no Upload-Offset"));
      return FALSE;
    }

  if (out_offset != NULL)
    *out_offset = reply.upload_offset;
  return TRUE;
}

/* The base64 SHA-256 of @length bytes of @fd at @offset. */
static char *
chunk_checksum (int      fd,
                gint64   offset,
                gint64   length,
                GError **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (65536);
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  while (length > 0)
    {
      gssize n = pread (fd, buffer, MIN (length, 65536), offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_set_error_literal (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_UPLOAD_MISMATCH,
                               _("The attachment could not be read while it was sent"));
          return NULL;
        }
      g_checksum_update (checksum, buffer, n);
      offset += n;
      length -= n;
    }

  g_checksum_get_digest (checksum, digest, &digest_len);
  return g_base64_encode (digest, digest_len);
}

gboolean
mc_portal_upload_chunk (McPortal    *self,
                        const char  *upload_url,
                        int          fd,
                        gint64       offset,
                        gint64       length,
                        gint64      *out_offset,
                        guint       *out_retry_after_s,
                        GError     **error)
{
  g_auto(Reply) reply = { 0 };
  g_autofree char *digest = NULL;
  g_autofree char *offset_header = NULL;
  g_autofree char *checksum_header = NULL;
  const char *headers[5];
  Request request = { "PATCH", upload_url, NULL, NULL, headers, FALSE, fd, offset, length };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (upload_url != NULL, FALSE);
  g_return_val_if_fail (fd >= 0 && offset >= 0 && length >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_retry_after_s != NULL)
    *out_retry_after_s = 0;

  digest = chunk_checksum (fd, offset, length, error);
  if (digest == NULL)
    return FALSE;

  offset_header = g_strdup_printf ("Upload-Offset: %" G_GINT64_FORMAT, offset);
  checksum_header = g_strconcat ("Upload-Checksum: sha256 ", digest, NULL);
  headers[0] = TUS_RESUMABLE;
  headers[1] = "Content-Type: application/offset+octet-stream";
  headers[2] = offset_header;
  headers[3] = checksum_header;
  headers[4] = NULL;

  if (!perform_request (self, &request, &reply, error))
    return FALSE;

  if (reply.status != 204 && reply.status != 200)
    {
      set_retry_after (&reply, out_retry_after_s);
      set_upload_error (&reply, TRUE, error);
      return FALSE;
    }

  if (reply.upload_offset < 0 || reply.upload_offset < offset)
    {
      g_set_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PROTOCOL,
                   _("The portal’s reply could not be read: %s"), _("no Upload-Offset"));
      return FALSE;
    }

  if (out_offset != NULL)
    *out_offset = reply.upload_offset;
  return TRUE;
}

guint
mc_parse_retry_after (const char *value,
                      gint64      now)
{
  g_autofree char *text = NULL;
  gboolean has_alpha = FALSE;
  guint64 seconds;
  time_t when;

  if (value == NULL)
    return 0;

  text = g_strstrip (g_strdup (value));
  if (*text == '\0')
    return 0;

  /* delta-seconds: 1*DIGIT, saturating. */
  if (strspn (text, "0123456789") == strlen (text))
    {
      if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &seconds, NULL))
        return G_MAXUINT;
      return (guint) seconds;
    }

  /* An HTTP-date (IMF-fixdate, or the obsolete RFC 850 and asctime forms)
   * always names a day or a month; refuse anything else curl might guess at. */
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isalpha (*p))
      has_alpha = TRUE;
  if (!has_alpha)
    return 0;

  when = curl_getdate (text, NULL);
  if (when == (time_t) -1 || (gint64) when <= now)
    return 0;

  return (guint) MIN ((gint64) when - now, (gint64) G_MAXUINT);
}
