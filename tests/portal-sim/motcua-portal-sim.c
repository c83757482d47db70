/* motcua-portal-sim.c: the demo and test portal. A libsoup 3 server on loopback
 * that speaks docs/portal-protocol.md v1, keeps what it receives in its own
 * SQLite database and injects faults on request (README.md beside this file).
 *
 * Single-threaded: every handler runs on the main loop, SQLite calls included.
 * It is an independent peer of the kiosk and deliberately shares no code with
 * libmotcua.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <string.h>
#include <sys/socket.h>

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sim-catalogue.h"
#include "sim-faults.h"
#include "sim-http.h"
#include "sim-store.h"
#include "sim-uploads.h"

#define PROTOCOL_VERSION 1
#define DEFAULT_PORT 8765
#define DEFAULT_TRACKING_URL \
  "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma_ho_so={code}"
#define DOSSIERS_PATH "/api/v1/dossiers"
#define JSON_TYPE SIM_JSON_TYPE

typedef struct {
  SoupServer *server;
  SimStore   *store;
  SimUploads *uploads;
  SimFaults  *faults;
  GMainLoop  *loop;
  char       *tracking_url;
  gint64      max_attachment_bytes;
  gint64      max_dossier_bytes;
  gboolean    keep_alive;
  gint64      bandwidth;          /* request body bytes per second, 0: unlimited */
  gint64      bandwidth_initial;  /* --bandwidth, restored by /_sim/reset */
  gint64      link_free_at;       /* monotonic µs when the simulated link is free */
  GHashTable *stats;       /* "METHOD\tpath\tstatus" -> count */
  guint64     total;
  guint64     faults_applied[SIM_N_FAULT_KINDS];
  guint64     body_bytes;         /* /api/ request body bytes that arrived */
  guint64     bodies_cut;         /* requests cut by drop_body */
  guint64     bodies_aborted;     /* requests the client abandoned mid-body */
} Sim;

/* What the simulator keeps about an /api/ request while its body arrives;
 * the message's data "sim-req", freed with it. */
typedef struct {
  Sim               *sim;
  SoupServerMessage *msg;       /* not owned */
  SimRoute           route;
  char              *stats_key; /* method and path for the statistics */
  char              *method;
  gint64             received;  /* body bytes arrived */
  gint64             cut_at;    /* drop_body: cut once this many arrived; -1: no */
  gboolean           cutting;
  gboolean           handled;   /* the handler ran */
  gboolean           finished;  /* libsoup is done with the message */
  guint              throttle_id;
  SimUploadWrite    *write;     /* a PATCH body's destination, or NULL */
} Req;

/* How a request ends once its reply is built. */
typedef enum {
  FINISH_REPLY,    /* send the reply */
  FINISH_CLOSE,    /* close the connection, nothing sent */
  FINISH_RESET,    /* reset the connection (RST), nothing sent */
  FINISH_PARTIAL,  /* send the first @bytes of the reply, then close */
} FinishKind;

typedef struct {
  SoupServerMessage *msg;  /* owned */
  FinishKind         kind;
  gsize              bytes;
} Pending;

/* JSON helpers */

static void
reply_method_not_allowed (SoupServerMessage *msg,
                          const char        *allow)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Allow", allow);
  sim_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                   "method not allowed on this path", NULL);
}

static void
canonical_json (JsonNode *node,
                GString  *out)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *obj = json_node_get_object (node);
        g_autoptr(GList) members = g_list_sort (json_object_get_members (obj),
                                                (GCompareFunc) strcmp);

        g_string_append_c (out, '{');
        for (GList *l = members; l; l = l->next)
          {
            g_autoptr(JsonNode) key = json_node_init_string (json_node_alloc (), l->data);
            g_autofree char *key_s = json_to_string (key, FALSE);

            if (l != members)
              g_string_append_c (out, ',');
            g_string_append (out, key_s);
            g_string_append_c (out, ':');
            canonical_json (json_object_get_member (obj, l->data), out);
          }
        g_string_append_c (out, '}');
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            canonical_json (json_array_get_element (array, i), out);
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      {
        g_autofree char *s = json_to_string (node, FALSE);

        g_string_append (out, s);
      }
      break;
    }
}

/* "Same body" means the same JSON document: member order and white space do
 * not count. */
static char *
body_hash (JsonNode *root)
{
  g_autoptr(GString) canon = g_string_new (NULL);

  canonical_json (root, canon);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, canon->str, canon->len);
}

static const char *
member_string (JsonObject *obj,
               const char *name)
{
  JsonNode *node = obj ? json_object_get_member (obj, name) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (; *s; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)))
      return FALSE;
  return TRUE;
}

static gboolean
is_id_number (const char *s)
{
  if (s == NULL || strlen (s) != 12)
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
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

static JsonNode *
receipt_to_json (const SimDossier *d,
                 gboolean          lookup)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "dossier_code");
  json_builder_add_string_value (b, d->dossier_code);
  json_builder_set_member_name (b, "tracking_url");
  json_builder_add_string_value (b, d->tracking_url);
  json_builder_set_member_name (b, "received_at");
  json_builder_add_string_value (b, d->received_at);
  json_builder_set_member_name (b, "status");
  /* The receipt is the one handed out at creation; a lookup tells what is now. */
  json_builder_add_string_value (b, lookup ? d->status : "received");
  json_builder_set_member_name (b, "idempotency_key");
  json_builder_add_string_value (b, d->idempotency_key);
  if (lookup)
    {
      json_builder_set_member_name (b, "updated_at");
      json_builder_add_string_value (b, d->updated_at);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The protocol */

static void
handle_health (Sim               *sim,
               SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *now = sim_now_rfc3339 ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, "ok");
  json_builder_set_member_name (b, "protocol");
  json_builder_add_int_value (b, PROTOCOL_VERSION);
  json_builder_set_member_name (b, "server_time");
  json_builder_add_string_value (b, now);
  json_builder_set_member_name (b, "max_attachment_bytes");
  json_builder_add_int_value (b, sim->max_attachment_bytes);
  json_builder_set_member_name (b, "max_dossier_bytes");
  json_builder_add_int_value (b, sim->max_dossier_bytes);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  sim_reply_json (msg, SOUP_STATUS_OK, root);
}

static void
reply_store_error (SoupServerMessage *msg,
                   GError            *error)
{
  g_warning ("database: %s", error->message);
  sim_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error",
                   "the simulator's database failed", NULL);
}

static gboolean
is_sha256_hex (const char *s)
{
  return s && strlen (s) == 64 && strspn (s, "0123456789abcdefABCDEF") == 64;
}

static gboolean
attachment_invalid (SoupServerMessage *msg,
                    guint              i,
                    const char        *member,
                    const char        *message)
{
  g_autofree char *field = member ? g_strdup_printf ("attachments[%u].%s", i, member)
                                  : g_strdup_printf ("attachments[%u]", i);

  sim_reply_error (msg, 422, "invalid_field", message, field);
  return FALSE;
}

/* "attachments": absent or an array of {upload_id, document, filename,
 * content_type, sha256, size}. NULL after replying 422. */
static GPtrArray *
parse_attachments (SoupServerMessage *msg,
                   JsonObject        *obj)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_attachment_free);
  JsonNode *node = json_object_get_member (obj, "attachments");
  JsonArray *array;

  if (node == NULL)
    return g_steal_pointer (&list);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      sim_reply_error (msg, 422, "invalid_field", "attachments must be an array", "attachments");
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);
      JsonObject *a;
      JsonNode *size;
      const char *upload_id, *document, *filename, *content_type, *sha256;
      SimAttachment *att;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        {
          attachment_invalid (msg, i, NULL, "an attachment is an object");
          return NULL;
        }
      a = json_node_get_object (e);
      upload_id = member_string (a, "upload_id");
      document = member_string (a, "document");
      filename = member_string (a, "filename");
      content_type = member_string (a, "content_type");
      sha256 = member_string (a, "sha256");
      size = json_object_get_member (a, "size");
      if (upload_id == NULL || *upload_id == '\0')
        attachment_invalid (msg, i, "upload_id", "upload_id must be a non-empty string");
      else if (is_blank (document))
        attachment_invalid (msg, i, "document", "document must be a non-empty string");
      else if (filename == NULL || *filename == '\0')
        attachment_invalid (msg, i, "filename", "filename must be a non-empty string");
      else if (g_strcmp0 (content_type, "application/pdf") != 0 &&
               g_strcmp0 (content_type, "image/jpeg") != 0)
        attachment_invalid (msg, i, "content_type",
                            "content_type must be application/pdf or image/jpeg");
      else if (!is_sha256_hex (sha256))
        attachment_invalid (msg, i, "sha256", "sha256 must be 64 hexadecimal digits");
      else if (size == NULL || json_node_get_value_type (size) != G_TYPE_INT64 ||
               json_node_get_int (size) < 0)
        attachment_invalid (msg, i, "size", "size must be a non-negative integer");
      else
        {
          att = g_new0 (SimAttachment, 1);
          att->upload_id = g_strdup (upload_id);
          att->document = g_strdup (document);
          att->filename = g_strdup (filename);
          att->content_type = g_strdup (content_type);
          att->sha256 = g_ascii_strdown (sha256, -1);
          att->size = json_node_get_int (size);
          g_ptr_array_add (list, att);
          continue;
        }
      return NULL;
    }
  return g_steal_pointer (&list);
}

static void
handle_submit (Sim               *sim,
               SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SimDossier) existing = NULL;
  g_autoptr(SimDossier) created = NULL;
  g_autoptr(JsonNode) receipt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *text = NULL;
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  g_autoptr(GPtrArray) attachments = NULL;
  const char *procedure_code, *full_name;
  JsonObject *obj, *applicant = NULL;
  JsonNode *root, *node;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);
  gint64 total;

  if ((gint64) len > sim->max_dossier_bytes)
    {
      sim_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                       "the dossier is larger than max_dossier_bytes", NULL);
      return;
    }
  if (key == NULL)
    {
      sim_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                       "the Idempotency-Key header is required", NULL);
      return;
    }
  if (!is_valid_key (key))
    {
      sim_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                       "the Idempotency-Key header must be 1 to 255 visible ASCII characters",
                       NULL);
      return;
    }
  if (len == 0 || !g_utf8_validate (data, len, NULL) ||
      !json_parser_load_from_data (parser, data, len, NULL))
    {
      sim_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                       "the body is not valid UTF-8 JSON", NULL);
      return;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      sim_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                       "the body must be a JSON object", NULL);
      return;
    }
  obj = json_node_get_object (root);

  procedure_code = member_string (obj, "procedure_code");
  if (procedure_code == NULL || *procedure_code == '\0')
    {
      sim_reply_error (msg, 422, "invalid_field",
                       "procedure_code must be a non-empty string", "procedure_code");
      return;
    }
  node = json_object_get_member (obj, "applicant");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      sim_reply_error (msg, 422, "invalid_field", "applicant must be an object", "applicant");
      return;
    }
  applicant = json_node_get_object (node);
  full_name = member_string (applicant, "full_name");
  if (is_blank (full_name))
    {
      sim_reply_error (msg, 422, "invalid_field",
                       "applicant.full_name must be a non-empty string", "applicant.full_name");
      return;
    }
  if (!is_id_number (member_string (applicant, "id_number")))
    {
      sim_reply_error (msg, 422, "invalid_field",
                       "applicant.id_number must be 12 digits", "applicant.id_number");
      return;
    }
  if (json_object_has_member (applicant, "sex"))
    {
      const char *sex = member_string (applicant, "sex");

      if (g_strcmp0 (sex, "male") != 0 && g_strcmp0 (sex, "female") != 0)
        {
          sim_reply_error (msg, 422, "invalid_field",
                           "applicant.sex must be \"male\" or \"female\" when present",
                           "applicant.sex");
          return;
        }
    }
  /* The form's answers: {group: {field: value}} (docs/portal-protocol.md). */
  if (json_object_has_member (obj, "fields"))
    {
      JsonNode *fields_node = json_object_get_member (obj, "fields");
      g_autoptr(GList) groups = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (fields_node))
        {
          sim_reply_error (msg, 422, "invalid_field", "fields must be an object", "fields");
          return;
        }
      groups = json_object_get_members (json_node_get_object (fields_node));
      for (GList *l = groups; l != NULL; l = l->next)
        if (!JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (fields_node),
                                                             l->data)))
          {
            g_autofree char *where = g_strdup_printf ("fields.%s", (char *) l->data);
            g_autofree char *what = g_strdup_printf ("%s must be an object of answers", where);

            sim_reply_error (msg, 422, "invalid_field", what, where);
            return;
          }
    }
  attachments = parse_attachments (msg, obj);
  if (attachments == NULL)
    return;
  total = len;
  for (guint i = 0; i < attachments->len; i++)
    total += ((SimAttachment *) g_ptr_array_index (attachments, i))->size;
  if (total > sim->max_dossier_bytes)
    {
      sim_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                       "the dossier and its attachments are larger than max_dossier_bytes",
                       NULL);
      return;
    }

  hash = body_hash (root);
  existing = sim_store_find_by_key (sim->store, key, &error);
  if (error)
    {
      reply_store_error (msg, error);
      return;
    }
  if (existing)
    {
      if (!g_str_equal (existing->body_hash, hash))
        {
          sim_reply_error (msg, SOUP_STATUS_CONFLICT, "idempotency_conflict",
                           "this Idempotency-Key was used with a different body", NULL);
          return;
        }
      if (!sim_store_count_replay (sim->store, existing->seq, &error))
        {
          reply_store_error (msg, error);
          return;
        }
      g_debug ("replayed %s", existing->dossier_code);
      receipt = receipt_to_json (existing, FALSE);
      sim_reply_json (msg, SOUP_STATUS_OK, receipt);
      return;
    }

  /* Committed only when every upload it lists is there, whole and right. */
  for (guint i = 0; i < attachments->len; i++)
    {
      const SimAttachment *a = g_ptr_array_index (attachments, i);

      if (!sim_uploads_verify (sim->uploads, a->upload_id, a->size, a->sha256, &error))
        {
          g_autofree char *field = g_strdup_printf ("attachments[%u]", i);

          if (error->domain == SIM_STORE_ERROR)
            reply_store_error (msg, error);
          else
            sim_reply_error (msg, SOUP_STATUS_CONFLICT, "attachment_incomplete",
                             error->message, field);
          return;
        }
    }

  text = g_strndup (data, len);
  created = sim_store_insert (sim->store, key, text, hash, procedure_code,
                              sim->tracking_url, attachments, &error);
  if (created == NULL)
    {
      reply_store_error (msg, error);
      return;
    }
  g_debug ("created %s", created->dossier_code);
  receipt = receipt_to_json (created, FALSE);
  sim_reply_json (msg, SOUP_STATUS_CREATED, receipt);
}

static void
handle_lookup (Sim               *sim,
               SoupServerMessage *msg,
               const char        *code)
{
  g_autoptr(SimDossier) d = NULL;
  g_autoptr(JsonNode) receipt = NULL;
  g_autoptr(GError) error = NULL;

  d = sim_store_find_by_code (sim->store, code, &error);
  if (error)
    {
      reply_store_error (msg, error);
      return;
    }
  if (d == NULL)
    {
      sim_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no dossier has this code", NULL);
      return;
    }
  receipt = receipt_to_json (d, TRUE);
  sim_reply_json (msg, SOUP_STATUS_OK, receipt);
}

static gboolean
is_get (const char *method)
{
  return g_str_equal (method, "GET") || g_str_equal (method, "HEAD");
}

static SimRoute
classify (const char *method,
          const char *path)
{
  if (g_str_equal (path, "/api/v1/health"))
    return SIM_ROUTE_HEALTH;
  if (g_str_equal (path, SIM_UPLOADS_PATH) ||
      (g_str_has_prefix (path, SIM_UPLOADS_PATH "/") && path[strlen (SIM_UPLOADS_PATH "/")] &&
       !strchr (path + strlen (SIM_UPLOADS_PATH "/"), '/')))
    return SIM_ROUTE_UPLOAD;
  if (g_str_equal (path, DOSSIERS_PATH) && g_str_equal (method, "POST"))
    return SIM_ROUTE_SUBMIT;
  if (g_str_has_prefix (path, DOSSIERS_PATH "/") && path[strlen (DOSSIERS_PATH "/")] &&
      !strchr (path + strlen (DOSSIERS_PATH "/"), '/'))
    return SIM_ROUTE_LOOKUP;
  return SIM_ROUTE_OTHER;
}

static void
handle_api (Sim               *sim,
            SoupServerMessage *msg,
            const char        *method,
            const char        *path,
            SimRoute           route,
            Req               *req)
{
  switch (route)
    {
    case SIM_ROUTE_UPLOAD:
      sim_uploads_handle (sim->uploads, msg, method, path, req ? req->write : NULL);
      break;
    case SIM_ROUTE_HEALTH:
      if (is_get (method))
        handle_health (sim, msg);
      else
        reply_method_not_allowed (msg, "GET, HEAD");
      break;
    case SIM_ROUTE_SUBMIT:
      handle_submit (sim, msg);
      break;
    case SIM_ROUTE_LOOKUP:
      if (is_get (method))
        handle_lookup (sim, msg, path + strlen (DOSSIERS_PATH "/"));
      else
        reply_method_not_allowed (msg, "GET, HEAD");
      break;
    case SIM_ROUTE_OTHER:
    case SIM_ROUTE_ANY:
    default:
      if (g_str_equal (path, DOSSIERS_PATH))
        reply_method_not_allowed (msg, "POST");
      else
        sim_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such endpoint", NULL);
      break;
    }
}

/* Faults */

static const char *
status_error_code (guint    status,
                   SimRoute route)
{
  switch (status)
    {
    case 400: return "bad_request";
    case 404: return route == SIM_ROUTE_SUBMIT ? "unknown_procedure" : "not_found";
    case 409: return "idempotency_conflict";
    case 413: return "too_large";
    case 422: return "invalid_field";
    case 429: return "rate_limited";
    case 500: return "internal_error";
    case 503: return "unavailable";
    default:  return "sim_fault";
    }
}

static const char captive_html[] =
  "<!DOCTYPE html>\n"
  "<html><head><meta charset=\"utf-8\"><title>Wi-Fi login</title></head>\n"
  "<body><h1>Welcome to Commune-WiFi</h1>\n"
  "<p>Please sign in to use the Internet.</p>\n"
  "<form method=\"post\" action=\"/login\"><input name=\"code\"><button>Sign in</button></form>\n"
  "</body></html>\n";

/* Valid UTF-8, cut in the middle of a string: never parses. */
static const char garbage_json[] =
  "{\"dossier_code\": \"SIM-000000-000000\", \"tracking_url\": \"https://dichvuc";

static GBytes *
raw_response (SoupServerMessage *msg)
{
  g_autoptr(GString) raw = g_string_new (NULL);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  SoupMessageHeadersIter iter;
  const char *name, *value;
  guint status = soup_server_message_get_status (msg);

  g_string_append_printf (raw, "HTTP/1.1 %u %s\r\n", status, soup_status_get_phrase (status));
  soup_message_headers_iter_init (&iter, soup_server_message_get_response_headers (msg));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      if (g_ascii_strcasecmp (name, "Content-Length") == 0 ||
          g_ascii_strcasecmp (name, "Connection") == 0)
        continue;
      g_string_append_printf (raw, "%s: %s\r\n", name, value);
    }
  g_string_append_printf (raw, "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "Connection: close\r\n\r\n", g_bytes_get_size (body));
  g_string_append_len (raw, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  return g_string_free_to_bytes (g_steal_pointer (&raw));
}

static void
pending_free (Pending *p)
{
  g_object_unref (p->msg);
  g_free (p);
}

static gboolean
pending_finish_cb (gpointer user_data)
{
  Pending *p = user_data;
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) error = NULL;

  if (p->kind == FINISH_REPLY)
    {
      soup_server_message_unpause (p->msg);
      return G_SOURCE_REMOVE;
    }

  if (p->kind == FINISH_PARTIAL)
    raw = raw_response (p->msg);
  socket = soup_server_message_get_socket (p->msg);
  if (socket)
    g_object_ref (socket);

  /* The message is paused, so libsoup is not inside its I/O loop now. */
  stream = soup_server_message_steal_connection (p->msg);
  if (stream == NULL)
    return G_SOURCE_REMOVE;

  if (p->kind == FINISH_RESET && socket)
    {
      /* SO_LINGER with a zero timeout: close() sends RST instead of FIN. */
      struct linger lin = { .l_onoff = 1, .l_linger = 0 };

      if (setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &lin, sizeof lin) != 0)
        g_debug ("SO_LINGER: %s", g_strerror (errno));
    }
  else if (p->kind == FINISH_PARTIAL)
    {
      gsize n = MIN (p->bytes, g_bytes_get_size (raw));

      if (n > 0 &&
          !g_output_stream_write_all (g_io_stream_get_output_stream (stream),
                                      g_bytes_get_data (raw, NULL), n, NULL, NULL, &error))
        g_debug ("partial reply: %s", error->message);
      g_clear_error (&error);
    }

  if (!g_io_stream_close (stream, NULL, &error))
    g_debug ("close: %s", error->message);
  return G_SOURCE_REMOVE;
}

static void
finish_later (SoupServerMessage *msg,
              FinishKind         kind,
              gsize              bytes,
              guint              delay_ms)
{
  Pending *p = g_new0 (Pending, 1);

  p->msg = g_object_ref (msg);
  p->kind = kind;
  p->bytes = bytes;
  soup_server_message_pause (msg);
  if (delay_ms > 0)
    g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms, pending_finish_cb, p,
                        (GDestroyNotify) pending_free);
  else
    g_idle_add_full (G_PRIORITY_DEFAULT, pending_finish_cb, p, (GDestroyNotify) pending_free);
}

/* Statistics */

static const char *
stats_path (const char *path,
            SimRoute    route)
{
  if (route == SIM_ROUTE_LOOKUP)
    return DOSSIERS_PATH "/{code}";
  if (route == SIM_ROUTE_UPLOAD)
    return g_str_equal (path, SIM_UPLOADS_PATH) ? SIM_UPLOADS_PATH : SIM_UPLOADS_PATH "/{id}";
  if (g_str_has_prefix (path, "/_sim/dossiers/"))
    return "/_sim/dossiers/{code}";
  if (g_str_equal (path, "/api/v1/health") || g_str_equal (path, DOSSIERS_PATH) ||
      g_str_has_prefix (path, "/_sim/"))
    return path;
  return "(other)";
}

static void
count_request (Sim        *sim,
               const char *method,
               const char *path,
               guint       status)
{
  char *key = g_strdup_printf ("%s\t%s\t%u", method, path, status);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (sim->stats, key));

  g_hash_table_replace (sim->stats, key, GUINT_TO_POINTER (n + 1));
  sim->total++;
}

static JsonNode *
stats_to_json (Sim *sim)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (sim->stats),
                                       (GCompareFunc) strcmp);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, sim->total);
  json_builder_set_member_name (b, "requests");
  json_builder_begin_array (b);
  for (GList *l = keys; l; l = l->next)
    {
      g_auto(GStrv) parts = g_strsplit (l->data, "\t", 3);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "method");
      json_builder_add_string_value (b, parts[0]);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, parts[1]);
      json_builder_set_member_name (b, "status");
      json_builder_add_int_value (b, g_ascii_strtoll (parts[2], NULL, 10));
      json_builder_set_member_name (b, "count");
      json_builder_add_int_value (b, GPOINTER_TO_UINT (g_hash_table_lookup (sim->stats, l->data)));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "faults_applied");
  json_builder_begin_object (b);
  for (guint k = 0; k < SIM_N_FAULT_KINDS; k++)
    {
      json_builder_set_member_name (b, sim_fault_kind_to_string (k));
      json_builder_add_int_value (b, sim->faults_applied[k]);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "bodies");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "bytes_received");
  json_builder_add_int_value (b, sim->body_bytes);
  json_builder_set_member_name (b, "upload_bytes_committed");
  json_builder_add_int_value (b, sim_uploads_get_committed_bytes (sim->uploads));
  json_builder_set_member_name (b, "cut");
  json_builder_add_int_value (b, sim->bodies_cut);
  json_builder_set_member_name (b, "aborted");
  json_builder_add_int_value (b, sim->bodies_aborted);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* /_sim/: never subject to faults */

static JsonNode *
parse_body (SoupServerMessage  *msg,
            GError            **error)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (body, &len);

  if (!json_parser_load_from_data (parser, len ? data : "null", len ? (gssize) len : -1, error))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

static void
handle_sim_faults (Sim               *sim,
                   SoupServerMessage *msg,
                   const char        *method)
{
  g_autoptr(JsonNode) list = NULL;

  if (g_str_equal (method, "POST"))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) body = parse_body (msg, &error);
      g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_free);

      if (body && JSON_NODE_HOLDS_ARRAY (body))
        {
          JsonArray *array = json_node_get_array (body);

          for (guint i = 0; i < json_array_get_length (array) && !error; i++)
            {
              SimFault *f = sim_fault_from_json (json_array_get_element (array, i), &error);

              if (f)
                g_ptr_array_add (added, f);
            }
        }
      else if (body)
        {
          SimFault *f = sim_fault_from_json (body, &error);

          if (f)
            g_ptr_array_add (added, f);
        }
      if (error)
        {
          sim_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", error->message, NULL);
          return;
        }
      /* All or nothing: add only once every fault in the request was valid. */
      for (guint i = 0; i < added->len; i++)
        {
          SimFault *f = g_ptr_array_steal_index (added, i--);

          g_message ("fault added: %s", sim_fault_kind_to_string (f->kind));
          sim_faults_add (sim->faults, f);
        }
    }
  else if (g_str_equal (method, "DELETE"))
    {
      g_message ("faults cleared");
      sim_faults_clear (sim->faults);
    }
  else if (!is_get (method))
    {
      reply_method_not_allowed (msg, "GET, HEAD, POST, DELETE");
      return;
    }
  list = sim_faults_to_json (sim->faults);
  sim_reply_json (msg, SOUP_STATUS_OK, list);
}

static gboolean
query_flag (GHashTable *query,
            const char *name,
            gboolean    fallback)
{
  const char *v = query ? g_hash_table_lookup (query, name) : NULL;

  if (v == NULL)
    return fallback;
  return !(g_str_equal (v, "0") || g_str_equal (v, "false") || g_str_equal (v, "no"));
}

static gboolean
add_attachments (Sim         *sim,
                 JsonBuilder *b,
                 gint64       seq,
                 gboolean     verify,
                 GError     **error)
{
  g_autoptr(GPtrArray) list = sim_store_list_attachments (sim->store, seq, error);

  if (list == NULL)
    return FALSE;
  json_builder_set_member_name (b, "attachments");
  json_builder_begin_array (b);
  for (guint i = 0; i < list->len; i++)
    {
      const SimAttachment *a = g_ptr_array_index (list, i);
      g_autofree char *stored = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "upload_id");
      json_builder_add_string_value (b, a->upload_id);
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
      /* The oracle: what the simulator's own stored bytes hash to, now. */
      json_builder_set_member_name (b, "sha256_stored");
      if (verify)
        stored = sim_uploads_file_sha256 (sim->uploads, a->upload_id, a->size);
      else
        {
          g_autoptr(SimUpload) u = sim_store_upload_find (sim->store, a->upload_id, NULL);

          stored = u ? g_strdup (u->sha256) : NULL;
        }
      if (stored)
        json_builder_add_string_value (b, stored);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return TRUE;
}

static void
handle_sim_dossiers (Sim               *sim,
                     SoupServerMessage *msg,
                     GHashTable        *query)
{
  gboolean verify = query_flag (query, "verify", TRUE);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = sim_store_list (sim->store, &error);

  if (list == NULL)
    {
      reply_store_error (msg, error);
      return;
    }
  json_builder_begin_array (b);
  for (guint i = 0; i < list->len; i++)
    {
      const SimDossier *d = g_ptr_array_index (list, i);
      g_autoptr(JsonParser) parser = json_parser_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "dossier_code");
      json_builder_add_string_value (b, d->dossier_code);
      json_builder_set_member_name (b, "idempotency_key");
      json_builder_add_string_value (b, d->idempotency_key);
      json_builder_set_member_name (b, "procedure_code");
      json_builder_add_string_value (b, d->procedure_code);
      json_builder_set_member_name (b, "received_at");
      json_builder_add_string_value (b, d->received_at);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, d->status);
      json_builder_set_member_name (b, "updated_at");
      json_builder_add_string_value (b, d->updated_at);
      json_builder_set_member_name (b, "tracking_url");
      json_builder_add_string_value (b, d->tracking_url);
      json_builder_set_member_name (b, "times_replayed");
      json_builder_add_int_value (b, d->times_replayed);
      json_builder_set_member_name (b, "body");
      if (json_parser_load_from_data (parser, d->body, -1, NULL))
        json_builder_add_value (b, json_node_copy (json_parser_get_root (parser)));
      else
        json_builder_add_null_value (b);
      if (!add_attachments (sim, b, d->seq, verify, &error))
        {
          reply_store_error (msg, error);
          return;
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  sim_reply_json (msg, SOUP_STATUS_OK, root);
}

static void
handle_sim_set_status (Sim               *sim,
                       SoupServerMessage *msg,
                       const char        *code)
{
  static const char * const statuses[] = { "received", "processing", "done", "rejected", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = parse_body (msg, &error);
  const char *status = NULL;

  if (body && JSON_NODE_HOLDS_OBJECT (body))
    status = member_string (json_node_get_object (body), "status");
  if (status == NULL || !g_strv_contains (statuses, status))
    {
      sim_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                       "expected {\"status\": \"received|processing|done|rejected\"}", "status");
      return;
    }
  if (!sim_store_set_status (sim->store, code, status, &error))
    {
      if (error)
        reply_store_error (msg, error);
      else
        sim_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no dossier has this code", NULL);
      return;
    }
  handle_lookup (sim, msg, code);
}

static JsonNode *
bandwidth_to_json (Sim *sim)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "bytes_per_sec");
  json_builder_add_int_value (b, sim->bandwidth);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
set_bandwidth (Sim    *sim,
               gint64  bytes_per_sec)
{
  sim->bandwidth = bytes_per_sec;
  sim->link_free_at = 0;
  if (bytes_per_sec > 0)
    g_message ("request bodies limited to %" G_GINT64_FORMAT " bytes/s", bytes_per_sec);
  else
    g_message ("request bodies not limited");
}

static void
handle_sim_bandwidth (Sim               *sim,
                      SoupServerMessage *msg,
                      const char        *method)
{
  g_autoptr(JsonNode) reply = NULL;

  if (g_str_equal (method, "POST") || g_str_equal (method, "PUT"))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) body = parse_body (msg, &error);
      JsonNode *v = NULL;

      if (body && JSON_NODE_HOLDS_OBJECT (body))
        v = json_object_get_member (json_node_get_object (body), "bytes_per_sec");
      if (v == NULL || json_node_get_value_type (v) != G_TYPE_INT64 || json_node_get_int (v) < 0)
        {
          sim_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                           "expected {\"bytes_per_sec\": N} with N >= 0 (0: unlimited)",
                           "bytes_per_sec");
          return;
        }
      set_bandwidth (sim, json_node_get_int (v));
    }
  else if (!is_get (method))
    {
      reply_method_not_allowed (msg, "GET, HEAD, POST, PUT");
      return;
    }
  reply = bandwidth_to_json (sim);
  sim_reply_json (msg, SOUP_STATUS_OK, reply);
}

static void
handle_sim (Sim               *sim,
            SoupServerMessage *msg,
            const char        *method,
            const char        *path,
            GHashTable        *query)
{
  if (g_str_equal (path, "/_sim/faults"))
    handle_sim_faults (sim, msg, method);
  else if (g_str_equal (path, "/_sim/dossiers"))
    {
      if (is_get (method))
        handle_sim_dossiers (sim, msg, query);
      else
        reply_method_not_allowed (msg, "GET, HEAD");
    }
  else if (g_str_equal (path, "/_sim/uploads"))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) list = NULL;

      if (!is_get (method))
        {
          reply_method_not_allowed (msg, "GET, HEAD");
          return;
        }
      list = sim_uploads_to_json (sim->uploads, query_flag (query, "verify", FALSE), &error);
      if (list == NULL)
        reply_store_error (msg, error);
      else
        sim_reply_json (msg, SOUP_STATUS_OK, list);
    }
  else if (g_str_equal (path, "/_sim/bandwidth"))
    handle_sim_bandwidth (sim, msg, method);
  else if (g_str_has_prefix (path, "/_sim/dossiers/") && path[strlen ("/_sim/dossiers/")])
    {
      if (g_str_equal (method, "POST"))
        handle_sim_set_status (sim, msg, path + strlen ("/_sim/dossiers/"));
      else
        reply_method_not_allowed (msg, "POST");
    }
  else if (g_str_equal (path, "/_sim/stats"))
    {
      g_autoptr(JsonNode) stats = NULL;

      if (!is_get (method))
        {
          reply_method_not_allowed (msg, "GET, HEAD");
          return;
        }
      stats = stats_to_json (sim);
      sim_reply_json (msg, SOUP_STATUS_OK, stats);
    }
  else if (g_str_equal (path, "/_sim/reset"))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      if (!g_str_equal (method, "POST"))
        {
          reply_method_not_allowed (msg, "POST");
          return;
        }
      if (!sim_store_reset (sim->store, &error))
        {
          reply_store_error (msg, error);
          return;
        }
      sim_uploads_reset (sim->uploads);
      sim_faults_clear (sim->faults);
      g_hash_table_remove_all (sim->stats);
      sim->total = 0;
      memset (sim->faults_applied, 0, sizeof sim->faults_applied);
      sim->body_bytes = sim->bodies_cut = sim->bodies_aborted = 0;
      sim_uploads_reset_stats (sim->uploads);
      if (sim->bandwidth != sim->bandwidth_initial)
        set_bandwidth (sim, sim->bandwidth_initial);
      g_message ("reset: database, uploads, faults and statistics emptied");

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, "ok");
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      sim_reply_json (msg, SOUP_STATUS_OK, root);
    }
  else
    sim_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such simulator endpoint", NULL);
}

/* Request bodies: streamed, throttled, cut */

static void
req_free (Req *req)
{
  /* A body nobody handled (server shutting down): abort it now. */
  g_clear_pointer (&req->write, sim_upload_write_free);
  g_free (req->stats_key);
  g_free (req->method);
  g_free (req);
}

static gboolean
throttle_done_cb (gpointer user_data)
{
  SoupServerMessage *msg = user_data;
  Req *req = g_object_get_data (G_OBJECT (msg), "sim-req");

  if (req)
    {
      req->throttle_id = 0;
      if (!req->finished && !req->cutting)
        soup_server_message_unpause (msg);
    }
  return G_SOURCE_REMOVE;
}

/* A link of sim->bandwidth bytes/s shared by every request body: @n bytes
 * just arrived; pause the message until the link would have carried them. */
static void
throttle (Req   *req,
          gsize  n)
{
  Sim *sim = req->sim;
  gint64 now, start, wait_us;

  if (sim->bandwidth <= 0 || n == 0)
    return;
  now = g_get_monotonic_time ();
  start = MAX (now, sim->link_free_at);
  sim->link_free_at = start + (gint64) n * G_USEC_PER_SEC / sim->bandwidth;
  wait_us = sim->link_free_at - now;
  if (wait_us < 1000 || req->throttle_id)
    return;
  soup_server_message_pause (req->msg);
  req->throttle_id = g_timeout_add_full (G_PRIORITY_DEFAULT, wait_us / 1000, throttle_done_cb,
                                         g_object_ref (req->msg), g_object_unref);
}

static gboolean
cut_now_cb (gpointer user_data)
{
  SoupServerMessage *msg = user_data;
  Req *req = g_object_get_data (G_OBJECT (msg), "sim-req");
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  if (req == NULL || req->finished)
    return G_SOURCE_REMOVE;
  /* What arrived is kept or dropped before the client can ask HEAD. */
  if (req->write)
    sim_upload_write_abort (req->write);
  req->sim->bodies_cut++;
  count_request (req->sim, req->method, req->stats_key, 0);
  g_debug ("%s %s: body cut after %" G_GINT64_FORMAT " bytes", req->method, req->stats_key,
           req->received);
  stream = soup_server_message_steal_connection (msg);
  if (stream && !g_io_stream_close (stream, NULL, &error))
    g_debug ("close: %s", error->message);
  return G_SOURCE_REMOVE;
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              Req               *req)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (chunk, &len);
  gboolean cut = FALSE;

  if (req->cutting)
    return;
  if (req->cut_at >= 0 && req->received + (gint64) len >= req->cut_at)
    {
      len = req->cut_at - req->received;
      cut = TRUE;
    }
  req->received += len;
  req->sim->body_bytes += len;
  if (req->write)
    sim_upload_write_chunk (req->write, data, len);
  if (cut)
    {
      /* Not from inside libsoup's read loop: pause, then cut from an idle. */
      req->cutting = TRUE;
      soup_server_message_pause (msg);
      g_idle_add_full (G_PRIORITY_DEFAULT, cut_now_cb, g_object_ref (msg), g_object_unref);
      return;
    }
  throttle (req, len);
}

static void
finished_cb (SoupServerMessage *msg,
             Req               *req)
{
  req->finished = TRUE;
  if (req->handled || req->cutting)
    return;
  /* The client went away before the whole body came. */
  req->sim->bodies_aborted++;
  g_debug ("%s %s: abandoned after %" G_GINT64_FORMAT " body bytes", req->method,
           req->stats_key, req->received);
  if (req->write)
    sim_upload_write_abort (req->write);
}

static void
got_headers_cb (SoupServerMessage *msg,
                Sim               *sim)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  const char *method = soup_server_message_get_method (msg);
  Req *req;
  SimFault fault;
  gint64 body_len;

  if (!g_str_has_prefix (path, "/api/") || soup_server_message_get_status (msg) != 0)
    return;

  req = g_new0 (Req, 1);
  req->sim = sim;
  req->msg = msg;
  req->route = classify (method, path);
  req->method = g_strdup (method);
  req->stats_key = g_strdup (stats_path (path, req->route));
  req->cut_at = -1;

  switch (soup_message_headers_get_encoding (headers))
    {
    case SOUP_ENCODING_CONTENT_LENGTH:
      body_len = soup_message_headers_get_content_length (headers);
      break;
    case SOUP_ENCODING_CHUNKED:
      body_len = -1;
      break;
    case SOUP_ENCODING_UNRECOGNIZED:
    case SOUP_ENCODING_NONE:
    case SOUP_ENCODING_EOF:
    case SOUP_ENCODING_BYTERANGES:
    default:
      body_len = 0;
      break;
    }
  if (sim_faults_take (sim->faults, req->route, SIM_FAULT_CLASS_BODY, body_len, &fault))
    {
      sim->faults_applied[SIM_FAULT_DROP_BODY]++;
      if (!fault.anywhere)
        req->cut_at = fault.bytes;
      else if (body_len > 1)
        req->cut_at = g_rand_int_range (sim_faults_get_rand (sim->faults), 0,
                                        (gint32) MIN (body_len, G_MAXINT32));
      else
        req->cut_at = 0;
      g_debug ("%s %s: fault drop_body at %" G_GINT64_FORMAT, method, path, req->cut_at);
    }

  if (req->route == SIM_ROUTE_UPLOAD)
    {
      /* Upload bodies go to files, never into memory. */
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      if (g_str_equal (method, "PATCH") && g_str_has_prefix (path, SIM_UPLOADS_PATH "/"))
        req->write = sim_uploads_begin_patch (sim->uploads, msg,
                                              path + strlen (SIM_UPLOADS_PATH "/"));
    }

  g_object_set_data_full (G_OBJECT (msg), "sim-req", req, (GDestroyNotify) req_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), req);
  g_signal_connect (msg, "finished", G_CALLBACK (finished_cb), req);
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    Sim               *sim)
{
  /* After libsoup's own got-headers handler (connected before this signal). */
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers_cb), sim);
  if (sim->bandwidth > 0)
    {
      GSocket *socket = soup_server_message_get_socket (msg);
      /* A small receive buffer, so that the client feels the limit at once
       * instead of filling megabytes of loopback buffer. */
      int size = (int) CLAMP (sim->bandwidth / 8, 4096, 262144);

      if (socket &&
          setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_RCVBUF, &size, sizeof size) != 0)
        g_debug ("SO_RCVBUF: %s", g_strerror (errno));
    }
}

/* Every request comes here. */
static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Sim *sim = user_data;
  const char *method = soup_server_message_get_method (msg);
  SimRoute route;
  SimFault fault, delay;
  gboolean has_fault, has_delay;
  FinishKind finish = FINISH_REPLY;
  gsize bytes = 0;
  guint status;
  Req *req;

  /* One connection per request unless --keep-alive: a client that reuses a
   * connection may silently resend a request whose connection a fault cut
   * (libcurl does), and a test would no longer see the fault. */
  if (!sim->keep_alive)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Connection", "close");

  if (g_str_has_prefix (path, "/_sim/"))
    {
      handle_sim (sim, msg, method, path, query);
      status = soup_server_message_get_status (msg);
      /* After a reset the statistics start with nothing, not with the reset. */
      if (!g_str_equal (path, "/_sim/reset") || status != SOUP_STATUS_OK)
        count_request (sim, method, stats_path (path, SIM_ROUTE_OTHER), status);
      g_debug ("%s %s -> %u", method, path, status);
      return;
    }

  route = classify (method, path);
  if (!g_str_has_prefix (path, "/api/"))
    {
      sim_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such endpoint", NULL);
      count_request (sim, method, "(other)", SOUP_STATUS_NOT_FOUND);
      return;
    }

  req = g_object_get_data (G_OBJECT (msg), "sim-req");
  if (req)
    req->handled = TRUE;
  has_delay = sim_faults_take (sim->faults, route, SIM_FAULT_CLASS_DELAY, -1, &delay);
  has_fault = sim_faults_take (sim->faults, route, SIM_FAULT_CLASS_REPLY, -1, &fault);
  if (has_delay)
    sim->faults_applied[SIM_FAULT_DELAY]++;
  if (has_fault)
    sim->faults_applied[fault.kind]++;

  if (!has_fault)
    handle_api (sim, msg, method, path, route, req);
  else
    {
      g_debug ("%s %s: fault %s", method, path, sim_fault_kind_to_string (fault.kind));
      switch (fault.kind)
        {
        case SIM_FAULT_REFUSE:
          finish = FINISH_RESET;
          break;
        case SIM_FAULT_STATUS:
          if (fault.retry_after > 0)
            {
              g_autofree char *v = g_strdup_printf ("%u", fault.retry_after);

              soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                            "Retry-After", v);
            }
          sim_reply_error (msg, fault.status, status_error_code (fault.status, route),
                           "injected by motcua-portal-sim", NULL);
          break;
        case SIM_FAULT_HTML:
          soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
          soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC,
                                            captive_html, strlen (captive_html));
          break;
        case SIM_FAULT_GARBAGE:
          soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
          soup_server_message_set_response (msg, JSON_TYPE, SOUP_MEMORY_STATIC,
                                            garbage_json, strlen (garbage_json));
          break;
        case SIM_FAULT_LOSE_REPLY:
          /* Commit first: the reply, not the dossier, is what gets lost. */
          handle_api (sim, msg, method, path, route, req);
          finish = FINISH_CLOSE;
          break;
        case SIM_FAULT_DROP_AFTER_BYTES:
          handle_api (sim, msg, method, path, route, req);
          finish = FINISH_PARTIAL;
          bytes = fault.bytes;
          break;
        case SIM_FAULT_DELAY:
        case SIM_FAULT_DROP_BODY:
        case SIM_N_FAULT_KINDS:
        default:
          g_assert_not_reached ();
        }
    }
  /* A body the handler did not take (a fault answered) is not kept. */
  if (req && req->write)
    sim_upload_write_discard (req->write);

  status = soup_server_message_get_status (msg);
  count_request (sim, method, stats_path (path, route),
                 finish == FINISH_CLOSE || finish == FINISH_RESET ? 0 : status);
  g_debug ("%s %s -> %u%s", method, path, status,
           finish == FINISH_REPLY ? "" : finish == FINISH_PARTIAL ? " (truncated)" : " (not sent)");

  if (finish != FINISH_REPLY || (has_delay && delay.delay_ms > 0))
    finish_later (msg, finish, bytes, has_delay ? delay.delay_ms : 0);
}

/* Start-up */

static gboolean
quit_cb (gpointer user_data)
{
  Sim *sim = user_data;

  g_message ("signal received, shutting down");
  g_main_loop_quit (sim->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
write_port_file (const char  *path,
                 guint        port,
                 GError     **error)
{
  g_autofree char *text = g_strdup_printf ("%u\n", port);

  /* g_file_set_contents writes a temporary file and renames it: a reader sees
   * either nothing or the whole port. */
  return g_file_set_contents (path, text, -1, error);
}

static guint
bound_port (SoupServer *server)
{
  /* (transfer container): the sockets stay the server's. */
  g_autoptr(GSList) listeners = soup_server_get_listeners (server);
  g_autoptr(GSocketAddress) local = NULL;

  if (listeners == NULL)
    return 0;
  local = g_socket_get_local_address (listeners->data, NULL);
  if (local == NULL || !G_IS_INET_SOCKET_ADDRESS (local))
    return 0;
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(SimStore) store = NULL;
  g_autoptr(SimFaults) faults = NULL;
  g_autoptr(SimUploads) uploads = NULL;
  g_autofree char *uploads_dir = NULL;
  g_autofree char *address_s = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *port_file = NULL;
  g_autofree char *tracking_url = NULL;
  g_autofree char *tmp_dir = NULL;
  g_auto(GStrv) fault_specs = NULL;
  gint64 max_attachment_bytes = 20971520;
  gint64 max_dossier_bytes = 52428800;
  gboolean allow_remote = FALSE;
  gboolean verbose = FALSE;
  gboolean keep_alive = FALSE;
  g_autofree char *catalogue_path = NULL;
  gboolean catalogue_bad_checksum = FALSE;
  gint64 bandwidth = 0;
  gint64 upload_expiry = 86400;
  gint64 seed = -1;
  int port = DEFAULT_PORT;
  Sim sim = { 0 };
  guint sigterm, sigint;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      "TCP port (default " G_STRINGIFY (DEFAULT_PORT) "; 0 picks a free one)", "N" },
    { "address", 'a', 0, G_OPTION_ARG_STRING, &address_s,
      "Address to listen on (default 127.0.0.1)", "ADDR" },
    { "allow-remote", 0, 0, G_OPTION_ARG_NONE, &allow_remote,
      "Allow a non-loopback --address", NULL },
    { "db", 'd', 0, G_OPTION_ARG_FILENAME, &db_path,
      "SQLite database (default: a new one in a temporary directory, removed on exit)", "PATH" },
    { "port-file", 0, 0, G_OPTION_ARG_FILENAME, &port_file,
      "Write the bound port here (atomically) once listening", "PATH" },
    { "tracking-url", 0, 0, G_OPTION_ARG_STRING, &tracking_url,
      "Tracking URL pattern; {code} is replaced by the dossier code", "PATTERN" },
    { "max-attachment-bytes", 0, 0, G_OPTION_ARG_INT64, &max_attachment_bytes,
      "Largest upload (Tus-Max-Size, announced by /api/v1/health; default 20971520)", "N" },
    { "upload-expiry", 0, 0, G_OPTION_ARG_INT64, &upload_expiry,
      "Seconds an upload no dossier lists is kept after its last PATCH (default 86400)", "S" },
    { "bandwidth", 0, 0, G_OPTION_ARG_INT64, &bandwidth,
      "Read /api/ request bodies at most this fast, all together (default 0: unlimited)",
      "BYTES_PER_SEC" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      "Seed for random faults (probability, drop_body anywhere); default: random", "N" },
    { "max-dossier-bytes", 0, 0, G_OPTION_ARG_INT64, &max_dossier_bytes,
      "Largest dossier body accepted, else 413 (default 52428800)", "N" },
    { "fault", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &fault_specs,
      "Inject a fault, e.g. status=503,count=3,retry_after=2 (repeatable; see README.md)",
      "SPEC" },
    { "catalogue", 0, 0, G_OPTION_ARG_FILENAME, &catalogue_path,
      "Serve this catalogue file at /api/v1/catalogue", "PATH" },
    { "catalogue-bad-checksum", 0, 0, G_OPTION_ARG_NONE, &catalogue_bad_checksum,
      "Send a wrong X-Content-SHA256 with the catalogue", NULL },
    { "keep-alive", 0, 0, G_OPTION_ARG_NONE, &keep_alive,
      "Keep connections open between requests (default: close after each reply)", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      "Log every request (to stderr)", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  /* Everything goes to stderr: stdout may be a test's TAP stream. */
  g_log_writer_default_set_use_stderr (TRUE);

  context = g_option_context_new ("- the motcua portal simulator");
  g_option_context_set_summary (context,
    "A test and demo portal speaking the motcua portal protocol v1 over HTTP,\n"
    "with its own SQLite database and fault injection.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("motcua-portal-sim: %s\n", error->message);
      return 2;
    }
  if (verbose)
    g_log_set_debug_enabled (TRUE);

  if (port < 0 || port > 65535)
    {
      g_printerr ("motcua-portal-sim: --port must be between 0 and 65535\n");
      return 2;
    }
  if (max_attachment_bytes < 0 || max_dossier_bytes < 0)
    {
      g_printerr ("motcua-portal-sim: size limits must not be negative\n");
      return 2;
    }
  if (bandwidth < 0 || upload_expiry < 1)
    {
      g_printerr ("motcua-portal-sim: --bandwidth must not be negative, "
                  "--upload-expiry must be at least 1\n");
      return 2;
    }
  if (seed < 0)
    seed = g_random_int ();
  if (seed > G_MAXUINT32)
    {
      g_printerr ("motcua-portal-sim: --seed must be between 0 and 4294967295\n");
      return 2;
    }
  if (tracking_url == NULL)
    tracking_url = g_strdup (DEFAULT_TRACKING_URL);
  if (strstr (tracking_url, "{code}") == NULL)
    {
      g_printerr ("motcua-portal-sim: --tracking-url must contain {code}\n");
      return 2;
    }

  if (address_s == NULL || g_str_equal (address_s, "localhost"))
    {
      g_free (address_s);
      address_s = g_strdup ("127.0.0.1");
    }
  inet = g_inet_address_new_from_string (address_s);
  if (inet == NULL)
    {
      g_printerr ("motcua-portal-sim: --address wants an IP address, not “%s”\n", address_s);
      return 2;
    }
  if (!g_inet_address_get_is_loopback (inet) && !allow_remote)
    {
      g_printerr ("motcua-portal-sim: %s is not a loopback address; "
                  "add --allow-remote to listen on it anyway\n", address_s);
      return 2;
    }

  faults = sim_faults_new ((guint32) seed);
  for (guint i = 0; fault_specs && fault_specs[i]; i++)
    {
      SimFault *f = sim_fault_parse (fault_specs[i], &error);

      if (f == NULL)
        {
          g_printerr ("motcua-portal-sim: --fault %s: %s\n", fault_specs[i], error->message);
          return 2;
        }
      sim_faults_add (faults, f);
    }

  if (db_path == NULL)
    {
      tmp_dir = g_dir_make_tmp ("motcua-portal-sim-XXXXXX", &error);
      if (tmp_dir == NULL)
        {
          g_printerr ("motcua-portal-sim: %s\n", error->message);
          return 1;
        }
      db_path = g_build_filename (tmp_dir, "portal-sim.db", NULL);
    }
  store = sim_store_open (db_path, &error);
  if (store == NULL)
    {
      g_printerr ("motcua-portal-sim: %s\n", error->message);
      return 1;
    }
  uploads_dir = g_strconcat (db_path, ".uploads", NULL);
  uploads = sim_uploads_new (store, uploads_dir, max_attachment_bytes, upload_expiry, &error);
  if (uploads == NULL)
    {
      g_printerr ("motcua-portal-sim: %s\n", error->message);
      return 1;
    }

  sim.store = store;
  sim.uploads = uploads;
  sim.faults = faults;
  sim.bandwidth = sim.bandwidth_initial = bandwidth;
  sim.tracking_url = tracking_url;
  sim.max_attachment_bytes = max_attachment_bytes;
  sim.max_dossier_bytes = max_dossier_bytes;
  sim.keep_alive = keep_alive;
  sim.stats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sim.loop = g_main_loop_new (NULL, FALSE);
  sim.server = soup_server_new ("server-header", "motcua-portal-sim/" PACKAGE_VERSION " ",
                                NULL);
  soup_server_add_handler (sim.server, NULL, server_cb, &sim, NULL);
  if (catalogue_path != NULL)
    sim_catalogue_install (sim.server, catalogue_path, catalogue_bad_checksum);
  g_signal_connect (sim.server, "request-started", G_CALLBACK (request_started_cb), &sim);

  address = g_inet_socket_address_new (inet, port);
  if (!soup_server_listen (sim.server, address, 0, &error))
    {
      g_printerr ("motcua-portal-sim: cannot listen on %s port %d: %s\n",
                  address_s, port, error->message);
      return 1;
    }
  port = bound_port (sim.server);
  if (port_file && !write_port_file (port_file, port, &error))
    {
      g_printerr ("motcua-portal-sim: %s\n", error->message);
      return 1;
    }

  sigterm = g_unix_signal_add (SIGTERM, quit_cb, &sim);
  sigint = g_unix_signal_add (SIGINT, quit_cb, &sim);

  g_message ("listening on http://%s%s%s:%d/ (database %s, %u fault(s) active, seed %"
             G_GINT64_FORMAT ", bandwidth %" G_GINT64_FORMAT " B/s)",
             g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6 ? "[" : "", address_s,
             g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6 ? "]" : "",
             port, db_path, fault_specs ? g_strv_length (fault_specs) : 0, seed, bandwidth);
  g_main_loop_run (sim.loop);

  g_source_remove (sigterm);
  g_source_remove (sigint);
  soup_server_disconnect (sim.server);
  g_clear_object (&sim.server);
  g_main_loop_unref (sim.loop);
  g_hash_table_unref (sim.stats);
  g_clear_pointer (&uploads, sim_uploads_free);
  g_clear_pointer (&store, sim_store_free);

  if (tmp_dir)
    {
      g_autoptr(GDir) dir = g_dir_open (uploads_dir, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)))
        {
          g_autofree char *path = g_build_filename (uploads_dir, name, NULL);

          g_unlink (path);
        }
      g_rmdir (uploads_dir);
      g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

      g_unlink (wal);
      g_unlink (shm);
      g_unlink (db_path);
      g_rmdir (tmp_dir);
    }
  return 0;
}
