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
};

typedef struct
{
  long        status;
  GByteArray *body;          /* owned, NUL-terminated beyond len */
  char       *content_type;  /* nullable */
  char       *retry_after;   /* nullable */
  gboolean    too_big;
} Reply;

static void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->body, g_byte_array_unref);
  g_clear_pointer (&reply->content_type, g_free);
  g_clear_pointer (&reply->retry_after, g_free);
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

/* Performs one request. FALSE (NETWORK or PROTOCOL) when no complete HTTP
 * reply came back; otherwise @reply holds it, whatever its status. */
static gboolean
perform (McPortal     *self,
         const char   *method,
         const char   *path,
         const char   *idempotency_key,
         const char   *body,
         Reply        *reply,
         GError      **error)
{
  char errbuf[CURL_ERROR_SIZE] = { 0 };
  struct curl_slist *headers = NULL;
  struct curl_header *header = NULL;
  g_autofree char *url = g_strconcat (self->base_url, path, NULL);
  g_autofree char *user_agent = g_strdup_printf ("motcua-kiosk/%s", PACKAGE_VERSION);
  g_autofree char *kiosk_header = g_strdup_printf ("X-Kiosk-Id: %s", self->kiosk_id);
  g_autofree char *key_header = NULL;
  const char *content_type = NULL;
  CURLcode code;

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

  headers = curl_slist_append (headers, "Accept: application/json");
  headers = curl_slist_append (headers, kiosk_header);
  headers = curl_slist_append (headers, "Expect:");
  if (idempotency_key != NULL)
    {
      key_header = g_strdup_printf ("Idempotency-Key: %s", idempotency_key);
      headers = curl_slist_append (headers, key_header);
    }
  if (body != NULL)
    headers = curl_slist_append (headers, "Content-Type: application/json; charset=utf-8");

  curl_easy_setopt (self->curl, CURLOPT_URL, url);
  curl_easy_setopt (self->curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (self->curl, CURLOPT_HTTP_VERSION, (long) CURL_HTTP_VERSION_1_1);
  curl_easy_setopt (self->curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (self->curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (self->curl, CURLOPT_CONNECTTIMEOUT, (long) CONNECT_TIMEOUT_S);
  curl_easy_setopt (self->curl, CURLOPT_TIMEOUT, (long) self->timeout_s);
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
  if (body != NULL)
    {
      curl_easy_setopt (self->curl, CURLOPT_POSTFIELDS, body);
      curl_easy_setopt (self->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) strlen (body));
    }
  curl_easy_setopt (self->curl, CURLOPT_CUSTOMREQUEST, method);

  code = curl_easy_perform (self->curl);
  curl_slist_free_all (headers);

  if (code != CURLE_OK)
    {
      const char *detail = errbuf[0] != '\0' ? errbuf : curl_easy_strerror (code);

      g_debug ("%s %s: curl error %d: %s", method, path, code, detail);

      if (reply->too_big || code == CURLE_FILESIZE_EXCEEDED)
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

  /* Keep the body usable as a C string. */
  g_byte_array_append (reply->body, (const guint8 *) "", 1);
  g_byte_array_set_size (reply->body, reply->body->len - 1);

  g_debug ("%s %s: HTTP %ld, %u bytes", method, path, reply->status, reply->body->len);

  return TRUE;
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
