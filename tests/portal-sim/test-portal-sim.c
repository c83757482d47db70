/* test-portal-sim.c: runs the built motcua-portal-sim (MOTCUA_PORTAL_SIM) on a
 * free loopback port and talks raw HTTP/1.1 to it over a socket, so that a cut
 * connection or a truncated reply is seen exactly as it happened.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#define BODY_A \
  "{\"procedure_code\": \"1.001193\", \"applicant\": {\"full_name\": \"Nguyễn Văn An\"," \
  " \"id_number\": \"001090012345\", \"birth_date\": \"1990-05-17\", \"sex\": \"male\"}," \
  " \"fields\": {}, \"attachments\": [], \"client\": {\"kiosk_id\": \"test\"}}"
/* BODY_A with its members in another order and other white space. */
#define BODY_A_REORDERED \
  "{\"client\":{\"kiosk_id\":\"test\"},\"attachments\":[],\"fields\":{}," \
  "\"applicant\":{\"sex\":\"male\",\"birth_date\":\"1990-05-17\"," \
  "\"id_number\":\"001090012345\",\"full_name\":\"Nguyễn Văn An\"}," \
  "\"procedure_code\":\"1.001193\"}"
#define BODY_B \
  "{\"procedure_code\": \"1.001193\", \"applicant\": {\"full_name\": \"Trần Thị Bình\"," \
  " \"id_number\": \"079190000001\"}}"

typedef struct {
  GSubprocess *proc;
  gboolean     exited;
  guint        port;
} Sim;

typedef struct {
  guint   status;      /* 0: no status line came */
  gsize   raw_len;     /* bytes received in all */
  char   *head;        /* status line and headers */
  char   *body;
  gsize   body_len;
} Reply;

static void
reply_free (Reply *reply)
{
  g_free (reply->head);
  g_free (reply->body);
  g_free (reply);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static char *
data_path (const char *name)
{
  const char *dir = g_get_user_data_dir ();

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return g_build_filename (dir, name, NULL);
}

static void
sim_exited_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Sim *sim = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  sim->exited = TRUE;
}

/* If this test dies, the simulator must not outlive it (it holds the test's
 * stderr open, which would keep meson waiting). */
static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocess *
spawn_sim (const char * const *args,
           GError            **error)
{
  const char *binary = g_getenv ("MOTCUA_PORTAL_SIM");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  /* stdout stays away from the TAP stream; stderr goes to the test log. */
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);

  g_assert_nonnull (binary);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  g_ptr_array_add (argv, (char *) binary);
  for (guint i = 0; args && args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  return g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
}

/* Starts the simulator on a free port with @db and @extra arguments, and waits
 * until it has written its port file. */
static Sim *
sim_start (const char         *db,
           const char * const *extra)
{
  g_autofree char *port_file = data_path ("sim.port");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Sim *sim = g_new0 (Sim, 1);

  g_unlink (port_file);
  g_ptr_array_add (args, (char *) "--port=0");
  g_ptr_array_add (args, (char *) "--port-file");
  g_ptr_array_add (args, port_file);
  g_ptr_array_add (args, (char *) "--db");
  g_ptr_array_add (args, (char *) db);
  g_ptr_array_add (args, (char *) "--verbose");
  for (guint i = 0; extra && extra[i]; i++)
    g_ptr_array_add (args, (char *) extra[i]);
  g_ptr_array_add (args, NULL);

  sim->proc = spawn_sim ((const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (sim->proc, NULL, sim_exited_cb, sim);

  /* A safety net of 20 s, not a timing assertion: start-up takes milliseconds. */
  for (guint i = 0; i < 2000 && sim->port == 0; i++)
    {
      g_autofree char *text = NULL;

      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_assert_false (sim->exited);
      if (g_file_get_contents (port_file, &text, NULL, NULL) && *text)
        sim->port = g_ascii_strtoull (text, NULL, 10);
      else
        g_usleep (10 * 1000);
    }
  g_assert_cmpuint (sim->port, >, 0);
  return sim;
}

/* SIGTERM must end it cleanly. */
static void
sim_stop (Sim *sim)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (sim->proc, SIGTERM);
  g_subprocess_wait (sim->proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (sim->proc));
  g_assert_cmpint (g_subprocess_get_exit_status (sim->proc), ==, 0);
  /* The async wait from sim_start still refers to @sim: let it finish. */
  while (!sim->exited)
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (sim->proc);
  g_free (sim);
}

/* Without @close, the request does not ask to close the connection, and the
 * reply is read until the server closes it. */
static Reply *
http_full (Sim        *sim,
           const char *method,
           const char *path,
           const char *idempotency_key,
           const char *body,
           gboolean    close)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GString) request = g_string_new (NULL);
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  Reply *reply = g_new0 (Reply, 1);
  const char *end;
  char buf[4096];
  gssize n;

  /* No proxy lookup: loopback, and no GSettings schemas in the test env. */
  g_socket_client_set_enable_proxy (client, FALSE);
  conn = g_socket_client_connect_to_host (client, "127.0.0.1", sim->port, NULL, &error);
  g_assert_no_error (error);

  g_string_append_printf (request,
                          "%s %s HTTP/1.1\r\n"
                          "Host: 127.0.0.1:%u\r\n"
                          "User-Agent: motcua-kiosk/" PACKAGE_VERSION "\r\n"
                          "X-Kiosk-Id: test-kiosk\r\n"
                          "Accept: application/json\r\n",
                          method, path, sim->port);
  if (close)
    g_string_append (request, "Connection: close\r\n");
  if (idempotency_key)
    g_string_append_printf (request, "Idempotency-Key: %s\r\n", idempotency_key);
  if (body)
    g_string_append_printf (request,
                            "Content-Type: application/json; charset=utf-8\r\n"
                            "Content-Length: %" G_GSIZE_FORMAT "\r\n",
                            strlen (body));
  else if (g_str_equal (method, "POST") || g_str_equal (method, "DELETE"))
    g_string_append (request, "Content-Length: 0\r\n");
  g_string_append (request, "\r\n");
  if (body)
    g_string_append (request, body);

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)),
                             request->str, request->len, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Until the server closes (Connection: close) or resets the connection. */
  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (conn)),
                                   buf, sizeof buf, NULL, &error)) > 0)
    g_byte_array_append (raw, (const guint8 *) buf, n);
  if (error)
    g_test_message ("reading the reply: %s", error->message);

  reply->raw_len = raw->len;
  g_byte_array_append (raw, (const guint8 *) "", 1);
  end = strstr ((const char *) raw->data, "\r\n\r\n");
  if (end)
    {
      reply->head = g_strndup ((const char *) raw->data, end - (const char *) raw->data);
      reply->body_len = reply->raw_len - (end + 4 - (const char *) raw->data);
      reply->body = g_strndup (end + 4, reply->body_len);
    }
  else
    reply->head = g_strndup ((const char *) raw->data, reply->raw_len);
  if (g_str_has_prefix (reply->head, "HTTP/1.1 ") && strlen (reply->head) >= 12)
    reply->status = g_ascii_strtoull (reply->head + 9, NULL, 10);
  return reply;
}

static Reply *
http (Sim        *sim,
      const char *method,
      const char *path,
      const char *idempotency_key,
      const char *body)
{
  return http_full (sim, method, path, idempotency_key, body, TRUE);
}

/* The value of header @name, or NULL. */
static char *
reply_header (Reply      *reply,
              const char *name)
{
  g_auto(GStrv) lines = g_strsplit (reply->head, "\r\n", -1);

  for (guint i = 1; lines[i]; i++)
    {
      char *colon = strchr (lines[i], ':');

      if (colon && (gsize) (colon - lines[i]) == strlen (name) &&
          g_ascii_strncasecmp (lines[i], name, strlen (name)) == 0)
        return g_strstrip (g_strdup (colon + 1));
    }
  return NULL;
}

static JsonNode *
reply_json (Reply *reply)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *type = reply_header (reply, "Content-Type");

  g_assert_nonnull (reply->body);
  g_assert_cmpstr (type, ==, "application/json; charset=utf-8");
  json_parser_load_from_data (parser, reply->body, reply->body_len, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static const char *
error_code (JsonNode *node)
{
  JsonObject *err = json_object_get_object_member (json_node_get_object (node), "error");

  g_assert_nonnull (err);
  g_assert_nonnull (json_object_get_string_member (err, "message"));
  return json_object_get_string_member (err, "code");
}

static JsonArray *
sim_dossiers (Sim       *sim,
              JsonNode **out_node)
{
  g_autoptr(Reply) reply = http (sim, "GET", "/_sim/dossiers", NULL, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  *out_node = reply_json (reply);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (*out_node));
  return json_node_get_array (*out_node);
}

/* tus: raw requests with any headers and a binary body */

#define TUS "Tus-Resumable: 1.0.0\r\n"
#define OCTETS "Content-Type: application/offset+octet-stream\r\n"

/* Sends @method @path with the header lines @headers ("Name: value\r\n"…) and
 * @body. When @send_len < @body_len, only that much of the body goes out and
 * the connection is closed at once: NULL. Otherwise the reply. */
static Reply *
tus_request (Sim          *sim,
             const char   *method,
             const char   *path,
             const char   *headers,
             const guint8 *body,
             gsize         body_len,
             gsize         send_len)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GString) request = g_string_new (NULL);
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  GOutputStream *out;
  Reply *reply;
  const char *end;
  char buf[4096];
  gssize n;

  g_socket_client_set_enable_proxy (client, FALSE);
  conn = g_socket_client_connect_to_host (client, "127.0.0.1", sim->port, NULL, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (conn));

  g_string_append_printf (request, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                          "Connection: close\r\n%s", method, path, sim->port,
                          headers ? headers : "");
  if (body_len > 0 || g_str_equal (method, "POST") || g_str_equal (method, "PATCH"))
    g_string_append_printf (request, "Content-Length: %" G_GSIZE_FORMAT "\r\n", body_len);
  g_string_append (request, "\r\n");
  g_output_stream_write_all (out, request->str, request->len, NULL, NULL, &error);
  g_assert_no_error (error);
  if (body_len > 0)
    {
      g_output_stream_write_all (out, body, MIN (send_len, body_len), NULL, NULL, &error);
      g_assert_no_error (error);
    }
  if (send_len < body_len)
    {
      g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
      return NULL;
    }

  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (conn)),
                                   buf, sizeof buf, NULL, &error)) > 0)
    g_byte_array_append (raw, (const guint8 *) buf, n);
  if (error)
    g_test_message ("reading the reply: %s", error->message);

  reply = g_new0 (Reply, 1);
  reply->raw_len = raw->len;
  g_byte_array_append (raw, (const guint8 *) "", 1);
  end = strstr ((const char *) raw->data, "\r\n\r\n");
  reply->head = end ? g_strndup ((const char *) raw->data, end - (const char *) raw->data)
                    : g_strndup ((const char *) raw->data, reply->raw_len);
  if (end)
    {
      reply->body_len = reply->raw_len - (end + 4 - (const char *) raw->data);
      reply->body = g_strndup (end + 4, reply->body_len);
    }
  if (g_str_has_prefix (reply->head, "HTTP/1.1 ") && strlen (reply->head) >= 12)
    reply->status = g_ascii_strtoull (reply->head + 9, NULL, 10);
  return reply;
}

static gint64
header_int (Reply      *reply,
            const char *name)
{
  g_autofree char *v = reply_header (reply, name);

  g_assert_nonnull (v);
  return g_ascii_strtoll (v, NULL, 10);
}

static char *
b64 (const char *s)
{
  return g_base64_encode ((const guchar *) s, strlen (s));
}

/* POST /api/v1/uploads for @len bytes; @sha256 and @key may be NULL. */
static Reply *
tus_create (Sim        *sim,
            gsize       len,
            const char *key,
            const char *sha256)
{
  g_autofree char *key64 = key ? b64 (key) : NULL;
  g_autofree char *sha64 = sha256 ? b64 (sha256) : NULL;
  g_autofree char *name64 = b64 ("giay-chung-sinh.pdf");
  g_autofree char *type64 = b64 ("application/pdf");
  g_autoptr(GString) h = g_string_new (TUS);

  g_string_append_printf (h, "Upload-Length: %" G_GSIZE_FORMAT "\r\n"
                          "Upload-Metadata: filename %s,content_type %s", len, name64, type64);
  if (key64)
    g_string_append_printf (h, ",key %s", key64);
  if (sha64)
    g_string_append_printf (h, ",sha256 %s", sha64);
  g_string_append (h, "\r\n");
  return tus_request (sim, "POST", "/api/v1/uploads", h->str, NULL, 0, 0);
}

/* The upload's path from a creation reply. */
static char *
tus_location (Reply *created)
{
  char *location = reply_header (created, "Location");

  g_assert_cmpuint (created->status, ==, 201);
  g_assert_nonnull (location);
  g_assert_true (g_str_has_prefix (location, "/api/v1/uploads/"));
  return location;
}

static gint64
tus_offset (Sim        *sim,
            const char *location)
{
  g_autoptr(Reply) head = tus_request (sim, "HEAD", location, TUS, NULL, 0, 0);

  g_assert_cmpuint (head->status, ==, 200);
  return header_int (head, "Upload-Offset");
}

/* PATCH @len bytes of @data from @offset; @checksum: send Upload-Checksum
 * (@wrong_checksum: of other bytes); @send_len < @len: cut there. */
static Reply *
tus_patch (Sim          *sim,
           const char   *location,
           const guint8 *data,
           gsize         offset,
           gsize         len,
           gboolean      checksum,
           gboolean      wrong_checksum,
           gsize         send_len)
{
  g_autoptr(GString) h = g_string_new (TUS OCTETS);

  g_string_append_printf (h, "Upload-Offset: %" G_GSIZE_FORMAT "\r\n", offset);
  if (checksum)
    {
      g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
      guint8 digest[32];
      gsize digest_len = sizeof digest;
      g_autofree char *digest64 = NULL;

      g_checksum_update (sum, data + offset, len);
      if (wrong_checksum)
        g_checksum_update (sum, (const guchar *) "x", 1);
      g_checksum_get_digest (sum, digest, &digest_len);
      digest64 = g_base64_encode (digest, digest_len);
      g_string_append_printf (h, "Upload-Checksum: sha256 %s\r\n", digest64);
    }
  return tus_request (sim, "PATCH", location, h->str, data + offset, len, send_len);
}

static guint8 *
random_bytes (gsize len)
{
  guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    data[i] = g_test_rand_int_range (0, 256);
  return data;
}

static JsonNode *
sim_get (Sim        *sim,
         const char *path)
{
  g_autoptr(Reply) reply = http (sim, "GET", path, NULL, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return reply_json (reply);
}

/* The /_sim/uploads entry of the upload at @location. */
static JsonObject *
sim_upload (Sim        *sim,
            const char *location,
            JsonNode  **out_node)
{
  JsonArray *list;
  const char *id = strrchr (location, '/') + 1;

  *out_node = sim_get (sim, "/_sim/uploads?verify=1");
  list = json_node_get_array (*out_node);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *u = json_array_get_object_element (list, i);

      if (g_str_equal (json_object_get_string_member (u, "id"), id))
        return u;
    }
  g_assert_not_reached ();
  return NULL;
}

/* The sim reads the end of a body it was sent asynchronously: wait (on the
 * sim's own count, not on time) until it has seen @n abandoned bodies. */
static void
wait_aborted (Sim   *sim,
              gint64 n)
{
  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(JsonNode) stats = sim_get (sim, "/_sim/stats");
      JsonObject *bodies = json_object_get_object_member (json_node_get_object (stats), "bodies");

      if (json_object_get_int_member (bodies, "aborted") >= n)
        return;
      g_usleep (10 * 1000);
    }
  g_assert_not_reached ();
}

static void
sim_kill (Sim *sim)
{
  g_subprocess_force_exit (sim->proc);
  while (!sim->exited)
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (sim->proc);
  g_free (sim);
}

static void
add_fault (Sim        *sim,
           const char *json)
{
  g_autoptr(Reply) reply = http (sim, "POST", "/_sim/faults", NULL, json);

  g_assert_cmpuint (reply->status, ==, 200);
}

static const char *
get_string (JsonNode   *node,
            const char *member)
{
  return json_object_get_string_member (json_node_get_object (node), member);
}

static void
test_health (void)
{
  g_autofree char *db = data_path ("sim.db");
  Sim *sim = sim_start (db, NULL);
  g_autoptr(Reply) reply = http (sim, "GET", "/api/v1/health", NULL, NULL);
  g_autoptr(JsonNode) node = reply_json (reply);
  JsonObject *obj = json_node_get_object (node);

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (obj, "status"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (obj, "protocol"), ==, 1);
  g_assert_nonnull (json_object_get_string_member (obj, "server_time"));
  g_assert_cmpint (json_object_get_int_member (obj, "max_attachment_bytes"), ==, 20971520);
  g_assert_cmpint (json_object_get_int_member (obj, "max_dossier_bytes"), ==, 52428800);

  /* The simulator closes the connection after each reply by default, even
   * when the client would keep it: http_full() only returns on EOF. */
  {
    g_autoptr(Reply) kept = http_full (sim, "GET", "/api/v1/health", NULL, NULL, FALSE);
    g_autofree char *connection = reply_header (kept, "Connection");

    g_assert_cmpuint (kept->status, ==, 200);
    g_assert_cmpstr (connection, ==, "close");
  }
  sim_stop (sim);
}

static void
test_idempotency (void)
{
  const char * const args[] = { "--tracking-url", "https://track.example/ho-so/{code}?x=1", NULL };
  g_autofree char *db = data_path ("sim.db");
  Sim *sim = sim_start (db, args);
  g_autoptr(Reply) created = http (sim, "POST", "/api/v1/dossiers", "key-1", BODY_A);
  g_autoptr(Reply) replay = NULL;
  g_autoptr(Reply) reordered = NULL;
  g_autoptr(Reply) conflict = NULL;
  g_autoptr(Reply) nokey = NULL;
  g_autoptr(Reply) other = NULL;
  g_autoptr(Reply) lookup = NULL;
  g_autoptr(Reply) unknown = NULL;
  g_autoptr(JsonNode) receipt = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) list_node = NULL;
  g_autoptr(GRegex) code_re = g_regex_new ("^SIM-[0-9]{6}-000001$", 0, 0, NULL);
  g_autofree char *url = NULL;
  g_autofree char *lookup_path = NULL;
  JsonArray *list;
  JsonObject *first;
  const char *code;

  g_assert_cmpuint (created->status, ==, 201);
  receipt = reply_json (created);
  code = get_string (receipt, "dossier_code");
  g_assert_true (g_regex_match (code_re, code, 0, NULL));
  url = g_strdup_printf ("https://track.example/ho-so/%s?x=1", code);
  g_assert_cmpstr (get_string (receipt, "tracking_url"), ==, url);
  g_assert_cmpstr (get_string (receipt, "status"), ==, "received");
  g_assert_cmpstr (get_string (receipt, "idempotency_key"), ==, "key-1");
  g_assert_nonnull (get_string (receipt, "received_at"));

  /* Same key, same body: the same receipt, byte for byte. */
  replay = http (sim, "POST", "/api/v1/dossiers", "key-1", BODY_A);
  g_assert_cmpuint (replay->status, ==, 200);
  g_assert_cmpstr (replay->body, ==, created->body);

  /* The same JSON document written differently is the same body. */
  reordered = http (sim, "POST", "/api/v1/dossiers", "key-1", BODY_A_REORDERED);
  g_assert_cmpuint (reordered->status, ==, 200);
  g_assert_cmpstr (reordered->body, ==, created->body);

  conflict = http (sim, "POST", "/api/v1/dossiers", "key-1", BODY_B);
  g_assert_cmpuint (conflict->status, ==, 409);
  node = reply_json (conflict);
  g_assert_cmpstr (error_code (node), ==, "idempotency_conflict");
  g_clear_pointer (&node, json_node_unref);

  nokey = http (sim, "POST", "/api/v1/dossiers", NULL, BODY_B);
  g_assert_cmpuint (nokey->status, ==, 400);
  node = reply_json (nokey);
  g_assert_cmpstr (error_code (node), ==, "bad_request");
  g_clear_pointer (&node, json_node_unref);

  other = http (sim, "POST", "/api/v1/dossiers", "key-2", BODY_B);
  g_assert_cmpuint (other->status, ==, 201);
  node = reply_json (other);
  g_assert_cmpstr (get_string (node, "dossier_code"), !=, code);
  g_clear_pointer (&node, json_node_unref);

  lookup_path = g_strconcat ("/api/v1/dossiers/", code, NULL);
  lookup = http (sim, "GET", lookup_path, NULL, NULL);
  g_assert_cmpuint (lookup->status, ==, 200);
  node = reply_json (lookup);
  g_assert_cmpstr (get_string (node, "dossier_code"), ==, code);
  g_assert_cmpstr (get_string (node, "status"), ==, "received");
  g_assert_nonnull (get_string (node, "updated_at"));
  g_clear_pointer (&node, json_node_unref);

  unknown = http (sim, "GET", "/api/v1/dossiers/SIM-000000-999999", NULL, NULL);
  g_assert_cmpuint (unknown->status, ==, 404);

  /* The oracle: two dossiers, the first replayed twice. */
  list = sim_dossiers (sim, &list_node);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  first = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "dossier_code"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (first, "idempotency_key"), ==, "key-1");
  g_assert_cmpstr (json_object_get_string_member (first, "procedure_code"), ==, "1.001193");
  g_assert_cmpint (json_object_get_int_member (first, "times_replayed"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (
                       json_object_get_object_member (first, "body"), "applicant"),
                     "id_number"), ==, "001090012345");

  sim_stop (sim);
}

static void
test_validation (void)
{
  const struct {
    const char *body;
    guint       status;
    const char *code;
    const char *field;
  } cases[] = {
    { "{\"procedure_code\": \"1.1\", \"applicant\": {\"full_name\": \"A\", \"id_number\": \"12345\"}}",
      422, "invalid_field", "applicant.id_number" },
    { "{\"procedure_code\": \"1.1\", \"applicant\": {\"full_name\": \"A\", \"id_number\": \"00109001234x\"}}",
      422, "invalid_field", "applicant.id_number" },
    { "{\"procedure_code\": \"1.1\", \"applicant\": {\"full_name\": \"A\", \"id_number\": 1090012345}}",
      422, "invalid_field", "applicant.id_number" },
    { "{\"procedure_code\": \"1.1\", \"applicant\": {\"full_name\": \" \", \"id_number\": \"001090012345\"}}",
      422, "invalid_field", "applicant.full_name" },
    { "{\"procedure_code\": \"1.1\"}", 422, "invalid_field", "applicant" },
    { "{\"procedure_code\": 7, \"applicant\": {\"full_name\": \"A\", \"id_number\": \"001090012345\"}}",
      422, "invalid_field", "procedure_code" },
    { "{\"procedure_code\": \"1.1\", \"applicant\": {\"full_name\": \"A\", \"id_number\": \"001090012345\","
      " \"sex\": \"x\"}}", 422, "invalid_field", "applicant.sex" },
    { "{\"procedure_code\": \"1.1\", \"applicant\": {\"full_name\": \"A\", \"id_number\": \"001090012345\"},"
      " \"fields\": []}", 422, "invalid_field", "fields" },
    { "{\"procedure_code\": \"1.1\", \"applicant\": {\"full_name\": \"A\", \"id_number\": \"001090012345\"},"
      " \"fields\": {\"child\": \"Hoa\"}}", 422, "invalid_field", "fields.child" },
    { "[1, 2]", 400, "bad_request", NULL },
    { "{\"procedure_code\": ", 400, "bad_request", NULL },
  };
  const char * const args[] = { "--max-dossier-bytes", "400", NULL };
  g_autofree char *db = data_path ("sim.db");
  g_autofree char *big = NULL;
  g_autoptr(Reply) too_large = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) list_node = NULL;
  Sim *sim = sim_start (db, args);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = g_strdup_printf ("key-%u", i);
      g_autoptr(Reply) reply = http (sim, "POST", "/api/v1/dossiers", key, cases[i].body);
      g_autoptr(JsonNode) err = NULL;
      JsonObject *obj;

      g_test_message ("case %u", i);
      g_assert_cmpuint (reply->status, ==, cases[i].status);
      err = reply_json (reply);
      g_assert_cmpstr (error_code (err), ==, cases[i].code);
      obj = json_object_get_object_member (json_node_get_object (err), "error");
      if (cases[i].field)
        g_assert_cmpstr (json_object_get_string_member (obj, "field"), ==, cases[i].field);
      else
        g_assert_false (json_object_has_member (obj, "field"));
    }

  big = g_strdup_printf ("{\"procedure_code\": \"1.1\", \"applicant\": {\"full_name\": \"%0400d\","
                         " \"id_number\": \"001090012345\"}}", 0);
  too_large = http (sim, "POST", "/api/v1/dossiers", "key-big", big);
  g_assert_cmpuint (too_large->status, ==, 413);
  node = reply_json (too_large);
  g_assert_cmpstr (error_code (node), ==, "too_large");

  g_assert_cmpuint (json_array_get_length (sim_dossiers (sim, &list_node)), ==, 0);
  sim_stop (sim);
}

static void
test_lose_reply (void)
{
  g_autofree char *db = data_path ("sim.db");
  Sim *sim = sim_start (db, NULL);
  g_autoptr(Reply) lost = NULL;
  g_autoptr(Reply) retry = NULL;
  g_autoptr(Reply) next = NULL;
  g_autoptr(Reply) faults = NULL;
  g_autoptr(Reply) stats = NULL;
  g_autoptr(JsonNode) list_node = NULL;
  g_autoptr(JsonNode) receipt = NULL;
  g_autoptr(JsonNode) faults_node = NULL;
  g_autoptr(JsonNode) stats_node = NULL;
  JsonArray *list;
  JsonObject *applied;

  add_fault (sim, "{\"kind\": \"lose_reply\", \"count\": 1}");

  /* Committed, but the connection closes without a byte of reply. */
  lost = http (sim, "POST", "/api/v1/dossiers", "key-lost", BODY_A);
  g_assert_cmpuint (lost->raw_len, ==, 0);
  g_assert_cmpuint (lost->status, ==, 0);

  list = sim_dossiers (sim, &list_node);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);

  /* The retry gets the receipt of the dossier that was committed. */
  retry = http (sim, "POST", "/api/v1/dossiers", "key-lost", BODY_A);
  g_assert_cmpuint (retry->status, ==, 200);
  receipt = reply_json (retry);
  g_assert_cmpstr (get_string (receipt, "dossier_code"), ==,
                   json_object_get_string_member (json_array_get_object_element (list, 0),
                                                  "dossier_code"));

  /* The fault took one request and is gone. */
  faults = http (sim, "GET", "/_sim/faults", NULL, NULL);
  faults_node = reply_json (faults);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (faults_node)), ==, 0);
  next = http (sim, "POST", "/api/v1/dossiers", "key-next", BODY_B);
  g_assert_cmpuint (next->status, ==, 201);

  stats = http (sim, "GET", "/_sim/stats", NULL, NULL);
  stats_node = reply_json (stats);
  applied = json_object_get_object_member (json_node_get_object (stats_node), "faults_applied");
  g_assert_cmpint (json_object_get_int_member (applied, "lose_reply"), ==, 1);
  sim_stop (sim);
}

static void
test_status_fault (void)
{
  const char * const args[] = { "--fault", "status=503,count=2,retry_after=2", NULL };
  g_autofree char *db = data_path ("sim.db");
  Sim *sim = sim_start (db, args);
  g_autoptr(JsonNode) list_node = NULL;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(Reply) reply = http (sim, "GET", "/api/v1/health", NULL, NULL);
      g_autoptr(Reply) faults = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *retry_after = reply_header (reply, "Retry-After");

      g_assert_cmpuint (reply->status, ==, 503);
      g_assert_cmpstr (retry_after, ==, "2");
      node = reply_json (reply);
      g_assert_cmpstr (error_code (node), ==, "unavailable");

      /* /_sim/ is never faulted. */
      faults = http (sim, "GET", "/_sim/faults", NULL, NULL);
      g_assert_cmpuint (faults->status, ==, 200);
    }

  {
    g_autoptr(Reply) reply = http (sim, "GET", "/api/v1/health", NULL, NULL);

    g_assert_cmpuint (reply->status, ==, 200);
  }

  /* 429 on submissions only, and nothing is committed. */
  add_fault (sim, "{\"kind\": \"status\", \"status\": 429, \"retry_after\": 7,"
                  " \"on\": \"submit\", \"count\": 1}");
  {
    g_autoptr(Reply) health = http (sim, "GET", "/api/v1/health", NULL, NULL);
    g_autoptr(Reply) limited = http (sim, "POST", "/api/v1/dossiers", "key-1", BODY_A);
    g_autoptr(Reply) created = NULL;
    g_autoptr(JsonNode) node = reply_json (limited);
    g_autofree char *retry_after = reply_header (limited, "Retry-After");

    g_assert_cmpuint (health->status, ==, 200);
    g_assert_cmpuint (limited->status, ==, 429);
    g_assert_cmpstr (retry_after, ==, "7");
    g_assert_cmpstr (error_code (node), ==, "rate_limited");
    g_assert_cmpuint (json_array_get_length (sim_dossiers (sim, &list_node)), ==, 0);

    created = http (sim, "POST", "/api/v1/dossiers", "key-1", BODY_A);
    g_assert_cmpuint (created->status, ==, 201);
  }
  sim_stop (sim);
}

static void
test_other_faults (void)
{
  g_autofree char *db = data_path ("sim.db");
  Sim *sim = sim_start (db, NULL);
  g_autoptr(JsonNode) list_node = NULL;

  /* refuse: the connection is reset before any reply. */
  add_fault (sim, "{\"kind\": \"refuse\", \"count\": 1}");
  {
    g_autoptr(Reply) reply = http (sim, "GET", "/api/v1/health", NULL, NULL);

    g_assert_cmpuint (reply->raw_len, ==, 0);
  }

  /* html: a captive portal's page, and no dossier. */
  add_fault (sim, "{\"spec\": \"html,count=2,on=health+submit\"}");
  {
    g_autoptr(Reply) health = http (sim, "GET", "/api/v1/health", NULL, NULL);
    g_autoptr(Reply) submit = http (sim, "POST", "/api/v1/dossiers", "key-1", BODY_A);
    g_autofree char *type = reply_header (health, "Content-Type");

    g_assert_cmpuint (health->status, ==, 200);
    g_assert_cmpstr (type, ==, "text/html; charset=utf-8");
    g_assert_true (g_str_has_prefix (health->body, "<!DOCTYPE html>"));
    g_assert_cmpuint (submit->status, ==, 200);
    g_assert_true (g_str_has_prefix (submit->body, "<!DOCTYPE html>"));
    g_assert_cmpuint (json_array_get_length (sim_dossiers (sim, &list_node)), ==, 0);
    g_clear_pointer (&list_node, json_node_unref);
  }

  /* garbage: a 201 whose JSON does not parse. */
  add_fault (sim, "{\"kind\": \"garbage\", \"count\": 1, \"on\": [\"submit\"]}");
  {
    g_autoptr(Reply) reply = http (sim, "POST", "/api/v1/dossiers", "key-1", BODY_A);
    g_autoptr(JsonParser) parser = json_parser_new ();

    g_assert_cmpuint (reply->status, ==, 201);
    g_assert_false (json_parser_load_from_data (parser, reply->body, reply->body_len, NULL));
  }

  /* drop_after_bytes: the dossier is committed, the reply cut after 60 bytes. */
  add_fault (sim, "{\"kind\": \"drop_after_bytes\", \"bytes\": 60, \"count\": 1}");
  {
    g_autoptr(Reply) cut = http (sim, "POST", "/api/v1/dossiers", "key-1", BODY_A);
    g_autoptr(Reply) retry = http (sim, "POST", "/api/v1/dossiers", "key-1", BODY_A);

    g_assert_cmpuint (cut->raw_len, ==, 60);
    g_assert_cmpuint (cut->status, ==, 201);
    g_assert_null (cut->body);
    g_assert_cmpuint (retry->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (sim_dossiers (sim, &list_node)), ==, 1);
    g_clear_pointer (&list_node, json_node_unref);
  }

  /* delay: the reply comes, later (how much later is not asserted). */
  add_fault (sim, "{\"kind\": \"delay\", \"delay_ms\": 50, \"count\": 1}");
  {
    g_autoptr(Reply) reply = http (sim, "GET", "/api/v1/health", NULL, NULL);

    g_assert_cmpuint (reply->status, ==, 200);
  }

  /* A fault until cleared, then cleared. */
  add_fault (sim, "[{\"kind\": \"status\", \"status\": 500}, {\"kind\": \"delay\", \"delay_ms\": 1}]");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(Reply) reply = http (sim, "GET", "/api/v1/health", NULL, NULL);

      g_assert_cmpuint (reply->status, ==, 500);
    }
  {
    g_autoptr(Reply) listed = http (sim, "GET", "/_sim/faults", NULL, NULL);
    g_autoptr(Reply) cleared = http (sim, "DELETE", "/_sim/faults", NULL, NULL);
    g_autoptr(Reply) health = http (sim, "GET", "/api/v1/health", NULL, NULL);
    g_autoptr(JsonNode) listed_node = reply_json (listed);
    g_autoptr(JsonNode) cleared_node = reply_json (cleared);
    JsonObject *first = json_array_get_object_element (json_node_get_array (listed_node), 0);

    g_assert_cmpuint (json_array_get_length (json_node_get_array (listed_node)), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (first, "kind"), ==, "status");
    g_assert_cmpint (json_object_get_int_member (first, "count"), ==, -1);
    g_assert_cmpint (json_object_get_int_member (first, "applied"), ==, 3);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (cleared_node)), ==, 0);
    g_assert_cmpuint (health->status, ==, 200);
  }

  /* A bad fault is refused as a whole. */
  {
    g_autoptr(Reply) bad = http (sim, "POST", "/_sim/faults", NULL,
                                 "[{\"kind\": \"html\"}, {\"kind\": \"status\", \"status\": 200}]");
    g_autoptr(Reply) listed = http (sim, "GET", "/_sim/faults", NULL, NULL);
    g_autoptr(JsonNode) listed_node = reply_json (listed);

    g_assert_cmpuint (bad->status, ==, 400);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (listed_node)), ==, 0);
  }
  sim_stop (sim);
}

static void
test_restart (void)
{
  g_autofree char *db = data_path ("sim.db");
  g_autofree char *first_body = NULL;
  g_autoptr(JsonNode) list_node = NULL;
  Sim *sim = sim_start (db, NULL);

  {
    g_autoptr(Reply) created = http (sim, "POST", "/api/v1/dossiers", "key-1", BODY_A);

    g_assert_cmpuint (created->status, ==, 201);
    first_body = g_strdup (created->body);
  }
  sim_stop (sim);

  /* A new process on the same database replays the same receipt. */
  sim = sim_start (db, NULL);
  {
    g_autoptr(Reply) replay = http (sim, "POST", "/api/v1/dossiers", "key-1", BODY_A);
    g_autoptr(Reply) conflict = http (sim, "POST", "/api/v1/dossiers", "key-1", BODY_B);
    g_autoptr(Reply) second = http (sim, "POST", "/api/v1/dossiers", "key-2", BODY_B);
    g_autoptr(JsonNode) node = reply_json (second);

    g_assert_cmpuint (replay->status, ==, 200);
    g_assert_cmpstr (replay->body, ==, first_body);
    g_assert_cmpuint (conflict->status, ==, 409);
    g_assert_cmpuint (second->status, ==, 201);
    g_assert_true (g_str_has_suffix (get_string (node, "dossier_code"), "-000002"));
  }

  /* Reset empties the database and restarts the sequence. */
  {
    g_autoptr(Reply) reset = http (sim, "POST", "/_sim/reset", NULL, NULL);
    g_autoptr(Reply) again = NULL;
    g_autoptr(JsonNode) node = NULL;

    g_assert_cmpuint (reset->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (sim_dossiers (sim, &list_node)), ==, 0);
    again = http (sim, "POST", "/api/v1/dossiers", "key-1", BODY_A);
    g_assert_cmpuint (again->status, ==, 201);
    node = reply_json (again);
    g_assert_true (g_str_has_suffix (get_string (node, "dossier_code"), "-000001"));
  }
  sim_stop (sim);
}

static void
test_bad_command_line (void)
{
  const char * const remote[] = { "--address", "0.0.0.0", "--port", "0", NULL };
  const char * const bad_fault[] = { "--port", "0", "--fault", "status=200", NULL };
  const char * const no_code[] = { "--port", "0", "--tracking-url", "https://x.example/", NULL };
  const char * const * const cases[] = { remote, bad_fault, no_code };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) proc = spawn_sim (cases[i], &error);

      g_assert_no_error (error);
      g_subprocess_wait (proc, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (proc));
      g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 2);
    }
}

#define UPLOAD_LEN 300000
#define CHUNK 100000

static void
test_upload (void)
{
  g_autofree char *db = data_path ("sim.db");
  g_autofree guint8 *data = random_bytes (UPLOAD_LEN);
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, UPLOAD_LEN);
  g_autofree char *location = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonObject *u;
  Sim *sim = sim_start (db, (const char *[]) { "--max-attachment-bytes=1000000", NULL });

  /* Discovery needs no Tus-Resumable. */
  {
    g_autoptr(Reply) options = tus_request (sim, "OPTIONS", "/api/v1/uploads", NULL, NULL, 0, 0);
    g_autofree char *version = reply_header (options, "Tus-Version");
    g_autofree char *extensions = reply_header (options, "Tus-Extension");
    g_autofree char *algorithms = reply_header (options, "Tus-Checksum-Algorithm");

    g_assert_cmpuint (options->status, ==, 204);
    g_assert_cmpstr (version, ==, "1.0.0");
    g_assert_cmpstr (extensions, ==, "creation,checksum,expiration");
    g_assert_cmpstr (algorithms, ==, "sha256");
    g_assert_cmpint (header_int (options, "Tus-Max-Size"), ==, 1000000);
  }
  /* Everything else does. */
  {
    g_autoptr(Reply) r = tus_request (sim, "POST", "/api/v1/uploads",
                                      "Upload-Length: 10\r\n", NULL, 0, 0);
    g_autofree char *version = reply_header (r, "Tus-Version");

    g_assert_cmpuint (r->status, ==, 412);
    g_assert_cmpstr (version, ==, "1.0.0");
  }
  {
    g_autoptr(Reply) r = tus_create (sim, 1000001, "too-big", NULL);

    g_assert_cmpuint (r->status, ==, 413);
  }

  /* Create, then HEAD. */
  {
    g_autoptr(Reply) created = tus_create (sim, UPLOAD_LEN, "att-1", sha);
    g_autofree char *expires = reply_header (created, "Upload-Expires");
    g_autofree char *resumable = reply_header (created, "Tus-Resumable");

    location = tus_location (created);
    g_assert_cmpint (header_int (created, "Upload-Offset"), ==, 0);
    g_assert_nonnull (expires);
    g_assert_cmpstr (resumable, ==, "1.0.0");
  }
  {
    g_autoptr(Reply) head = tus_request (sim, "HEAD", location, TUS, NULL, 0, 0);
    g_autofree char *cache = reply_header (head, "Cache-Control");

    g_assert_cmpuint (head->status, ==, 200);
    g_assert_cmpint (header_int (head, "Upload-Offset"), ==, 0);
    g_assert_cmpint (header_int (head, "Upload-Length"), ==, UPLOAD_LEN);
    g_assert_cmpstr (cache, ==, "no-store");
  }

  /* The first chunk, with its checksum. */
  {
    g_autoptr(Reply) r = tus_patch (sim, location, data, 0, CHUNK, TRUE, FALSE, CHUNK);

    g_assert_cmpuint (r->status, ==, 204);
    g_assert_cmpint (header_int (r, "Upload-Offset"), ==, CHUNK);
  }
  /* The wrong offset: 409, nothing moves. */
  {
    g_autoptr(Reply) r = tus_patch (sim, location, data, 0, CHUNK, TRUE, FALSE, CHUNK);
    g_autoptr(JsonNode) node = reply_json (r);

    g_assert_cmpuint (r->status, ==, 409);
    g_assert_cmpstr (error_code (node), ==, "offset_mismatch");
    g_assert_cmpint (tus_offset (sim, location), ==, CHUNK);
  }
  /* A body whose checksum does not match: 460, nothing moves. */
  {
    g_autoptr(Reply) r = tus_patch (sim, location, data, CHUNK, CHUNK, TRUE, TRUE, CHUNK);
    g_autoptr(JsonNode) node = reply_json (r);

    g_assert_cmpuint (r->status, ==, 460);
    g_assert_cmpstr (error_code (node), ==, "checksum_mismatch");
    g_assert_cmpint (tus_offset (sim, location), ==, CHUNK);
  }
  /* Another content type: 415. An unknown upload: 404. */
  {
    g_autoptr(Reply) r = tus_request (sim, "PATCH", location,
                                      TUS "Upload-Offset: 100000\r\n"
                                      "Content-Type: application/pdf\r\n",
                                      data, 10, 10);
    g_autoptr(Reply) head = tus_request (sim, "HEAD", "/api/v1/uploads/0123-abcd", TUS,
                                         NULL, 0, 0);

    g_assert_cmpuint (r->status, ==, 415);
    g_assert_cmpuint (head->status, ==, 404);
  }
  /* A lost creation reply: the same key gives the same upload and its offset;
   * the same key for other bytes is a conflict. */
  {
    g_autoptr(Reply) again = tus_create (sim, UPLOAD_LEN, "att-1", sha);
    g_autofree char *again_location = tus_location (again);
    g_autoptr(Reply) other = tus_create (sim, UPLOAD_LEN + 1, "att-1", sha);

    g_assert_cmpstr (again_location, ==, location);
    g_assert_cmpint (header_int (again, "Upload-Offset"), ==, CHUNK);
    g_assert_cmpuint (other->status, ==, 409);
  }
  /* The rest, and the upload is complete with the right SHA-256. */
  {
    g_autoptr(Reply) r2 = tus_patch (sim, location, data, CHUNK, CHUNK, TRUE, FALSE, CHUNK);
    g_autoptr(Reply) r3 = tus_patch (sim, location, data, 2 * CHUNK, CHUNK, TRUE, FALSE, CHUNK);

    g_assert_cmpuint (r2->status, ==, 204);
    g_assert_cmpuint (r3->status, ==, 204);
    g_assert_cmpint (header_int (r3, "Upload-Offset"), ==, UPLOAD_LEN);
  }
  u = sim_upload (sim, location, &list);
  g_assert_true (json_object_get_boolean_member (u, "complete"));
  g_assert_cmpint (json_object_get_int_member (u, "offset"), ==, UPLOAD_LEN);
  g_assert_cmpstr (json_object_get_string_member (u, "sha256"), ==, sha);
  g_assert_cmpstr (json_object_get_string_member (u, "key"), ==, "att-1");

  sim_stop (sim);
}

/* Bodies cut short: with a checksum nothing is kept, without one what came
 * is (tus core); the drop_body fault cuts where it is told to. */
static void
test_upload_cut (void)
{
  g_autofree char *db = data_path ("sim.db");
  g_autofree guint8 *data = random_bytes (UPLOAD_LEN);
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, UPLOAD_LEN);
  g_autofree char *location = NULL;
  g_autoptr(JsonNode) stats = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonObject *bodies, *u;
  Sim *sim = sim_start (db, NULL);

  {
    g_autoptr(Reply) created = tus_create (sim, UPLOAD_LEN, "att-cut", sha);

    location = tus_location (created);
  }

  /* A cut mid-PATCH with a checksum: the offset does not move. */
  g_assert_null (tus_patch (sim, location, data, 0, CHUNK, TRUE, FALSE, CHUNK / 2));
  wait_aborted (sim, 1);
  g_assert_cmpint (tus_offset (sim, location), ==, 0);

  /* Without a checksum, what arrived counts. */
  g_assert_null (tus_patch (sim, location, data, 0, CHUNK, FALSE, FALSE, CHUNK / 2));
  wait_aborted (sim, 2);
  g_assert_cmpint (tus_offset (sim, location), ==, CHUNK / 2);

  /* The server cuts after 1000 bytes: the client sees no reply at all. */
  add_fault (sim, "{\"kind\": \"drop_body\", \"bytes\": 1000, \"count\": 1, \"on\": \"upload\"}");
  {
    g_autoptr(Reply) r = tus_patch (sim, location, data, CHUNK / 2, CHUNK, TRUE, FALSE, CHUNK);

    g_assert_cmpuint (r->status, ==, 0);
    g_assert_cmpint (tus_offset (sim, location), ==, CHUNK / 2);
  }
  /* And then the client resumes from the offset and finishes. */
  {
    g_autoptr(Reply) r = tus_patch (sim, location, data, CHUNK / 2, UPLOAD_LEN - CHUNK / 2,
                                    TRUE, FALSE, UPLOAD_LEN - CHUNK / 2);

    g_assert_cmpuint (r->status, ==, 204);
  }
  u = sim_upload (sim, location, &list);
  g_assert_true (json_object_get_boolean_member (u, "complete"));
  g_assert_cmpstr (json_object_get_string_member (u, "sha256"), ==, sha);

  stats = sim_get (sim, "/_sim/stats");
  bodies = json_object_get_object_member (json_node_get_object (stats), "bodies");
  g_assert_cmpint (json_object_get_int_member (bodies, "cut"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (bodies, "aborted"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     json_node_get_object (stats), "faults_applied"), "drop_body"), ==, 1);
  sim_stop (sim);
}

/* The whole file's SHA-256 is checked at completion: a mismatch answers 460
 * and the upload starts again at 0. */
static void
test_upload_mismatch (void)
{
  g_autofree char *db = data_path ("sim.db");
  g_autofree guint8 *data = random_bytes (CHUNK);
  g_autofree char *wrong = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, CHUNK - 1);
  g_autofree char *location = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonObject *u;
  Sim *sim = sim_start (db, NULL);

  {
    g_autoptr(Reply) created = tus_create (sim, CHUNK, "att-wrong", wrong);

    location = tus_location (created);
  }
  {
    g_autoptr(Reply) r = tus_patch (sim, location, data, 0, CHUNK, TRUE, FALSE, CHUNK);

    g_assert_cmpuint (r->status, ==, 460);
    g_assert_cmpint (header_int (r, "Upload-Offset"), ==, 0);
  }
  g_assert_cmpint (tus_offset (sim, location), ==, 0);
  u = sim_upload (sim, location, &list);
  g_assert_false (json_object_get_boolean_member (u, "complete"));
  sim_stop (sim);
}

static char *
dossier_with (const char *upload_id,
              const char *sha256,
              gsize       size,
              const char *content_type)
{
  return g_strdup_printf ("{\"procedure_code\": \"1.001193\", \"applicant\": "
                          "{\"full_name\": \"Nguyễn Văn An\", \"id_number\": \"001090012345\"},"
                          " \"attachments\": [{\"upload_id\": \"%s\", \"document\": "
                          "\"Giấy chứng sinh\", \"filename\": \"giay-chung-sinh.pdf\", "
                          "\"content_type\": \"%s\", \"sha256\": \"%s\", \"size\": %"
                          G_GSIZE_FORMAT "}]}", upload_id, content_type, sha256, size);
}

static const char *
error_field (JsonNode *node)
{
  JsonObject *err = json_object_get_object_member (json_node_get_object (node), "error");

  return json_object_get_string_member (err, "field");
}

/* A dossier is committed only when every upload it lists is complete and
 * matches; a restart keeps a half-finished upload. */
static void
test_dossier_attachments (void)
{
  g_autofree char *db = data_path ("sim.db");
  g_autofree guint8 *data = random_bytes (UPLOAD_LEN);
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, UPLOAD_LEN);
  g_autofree char *location = NULL;
  g_autofree char *body = NULL;
  g_autofree char *first_receipt = NULL;
  g_autoptr(JsonNode) list_node = NULL;
  const char *id;
  Sim *sim = sim_start (db, (const char *[]) { "--max-dossier-bytes=400000", NULL });

  {
    g_autoptr(Reply) created = tus_create (sim, UPLOAD_LEN, "att-d", sha);
    g_autoptr(Reply) r = NULL;

    location = tus_location (created);
    r = tus_patch (sim, location, data, 0, CHUNK, TRUE, FALSE, CHUNK);
    g_assert_cmpuint (r->status, ==, 204);
  }
  id = strrchr (location, '/') + 1;
  body = dossier_with (id, sha, UPLOAD_LEN, "application/pdf");

  /* Incomplete: 409 attachment_incomplete, nothing committed. */
  {
    g_autoptr(Reply) r = http (sim, "POST", "/api/v1/dossiers", "dossier-1", body);
    g_autoptr(JsonNode) node = reply_json (r);

    g_assert_cmpuint (r->status, ==, 409);
    g_assert_cmpstr (error_code (node), ==, "attachment_incomplete");
    g_assert_cmpstr (error_field (node), ==, "attachments[0]");
    g_assert_cmpuint (json_array_get_length (sim_dossiers (sim, &list_node)), ==, 0);
    g_clear_pointer (&list_node, json_node_unref);
  }
  /* An unknown upload: the same (the client re-creates it). */
  {
    g_autofree char *unknown = dossier_with ("6d1f0c2e-0000-4000-8000-000000000000", sha,
                                             UPLOAD_LEN, "application/pdf");
    g_autoptr(Reply) r = http (sim, "POST", "/api/v1/dossiers", "dossier-x", unknown);
    g_autoptr(JsonNode) node = reply_json (r);

    g_assert_cmpuint (r->status, ==, 409);
    g_assert_cmpstr (error_code (node), ==, "attachment_incomplete");
  }
  /* A wrong content type is the dossier's own fault: 422. */
  {
    g_autofree char *gif = dossier_with (id, sha, UPLOAD_LEN, "image/gif");
    g_autoptr(Reply) r = http (sim, "POST", "/api/v1/dossiers", "dossier-y", gif);
    g_autoptr(JsonNode) node = reply_json (r);

    g_assert_cmpuint (r->status, ==, 422);
    g_assert_cmpstr (error_field (node), ==, "attachments[0].content_type");
  }
  /* Larger than max_dossier_bytes with the attachment counted: 413. */
  {
    g_autofree char *big = dossier_with (id, sha, 400000, "application/pdf");
    g_autoptr(Reply) r = http (sim, "POST", "/api/v1/dossiers", "dossier-z", big);

    g_assert_cmpuint (r->status, ==, 413);
  }

  /* The simulator is killed with the upload half done; a new one resumes it. */
  sim_kill (sim);
  sim = sim_start (db, (const char *[]) { "--max-dossier-bytes=400000", NULL });
  g_assert_cmpint (tus_offset (sim, location), ==, CHUNK);
  {
    g_autoptr(Reply) r = tus_patch (sim, location, data, CHUNK, UPLOAD_LEN - CHUNK, TRUE, FALSE,
                                    UPLOAD_LEN - CHUNK);

    g_assert_cmpuint (r->status, ==, 204);
  }
  /* The size or the SHA-256 the dossier gives must be the upload's. */
  {
    g_autofree char *shorter = dossier_with (id, sha, UPLOAD_LEN - 1, "application/pdf");
    g_autoptr(Reply) r = http (sim, "POST", "/api/v1/dossiers", "dossier-w", shorter);

    g_assert_cmpuint (r->status, ==, 409);
  }
  /* Complete: committed, and replayed as usual. */
  {
    g_autoptr(Reply) r = http (sim, "POST", "/api/v1/dossiers", "dossier-1", body);
    g_autoptr(Reply) replay = http (sim, "POST", "/api/v1/dossiers", "dossier-1", body);

    g_assert_cmpuint (r->status, ==, 201);
    g_assert_cmpuint (replay->status, ==, 200);
    g_assert_cmpstr (replay->body, ==, r->body);
    first_receipt = g_strdup (r->body);
  }
  /* The oracle: the attachment with the SHA-256 of the simulator's own bytes. */
  {
    JsonArray *list = sim_dossiers (sim, &list_node);
    JsonObject *d, *a;
    JsonArray *attachments;

    g_assert_cmpuint (json_array_get_length (list), ==, 1);
    d = json_array_get_object_element (list, 0);
    attachments = json_object_get_array_member (d, "attachments");
    g_assert_cmpuint (json_array_get_length (attachments), ==, 1);
    a = json_array_get_object_element (attachments, 0);
    g_assert_cmpstr (json_object_get_string_member (a, "upload_id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (a, "sha256_stored"), ==, sha);
    g_assert_cmpint (json_object_get_int_member (a, "size"), ==, UPLOAD_LEN);
  }
  sim_stop (sim);
}

/* Uploads no dossier lists expire; their key can be used again. */
static void
test_upload_expiry (void)
{
  g_autofree char *db = data_path ("sim.db");
  g_autofree char *location = NULL;
  g_autofree char *second = NULL;
  Sim *sim = sim_start (db, (const char *[]) { "--upload-expiry=1", NULL });

  {
    g_autoptr(Reply) created = tus_create (sim, 10, "att-old", NULL);

    location = tus_location (created);
  }
  /* Waiting for the clock, not asserting on it: at most 2 s. */
  g_usleep (2100 * 1000);
  {
    g_autoptr(Reply) head = tus_request (sim, "HEAD", location, TUS, NULL, 0, 0);
    g_autoptr(Reply) again = tus_create (sim, 10, "att-old", NULL);

    g_assert_cmpuint (head->status, ==, 410);
    second = tus_location (again);
    g_assert_cmpstr (second, !=, location);
  }
  sim_stop (sim);
}

/* /_sim/bandwidth and the new fault parameters. */
static void
test_bandwidth_and_drop_specs (void)
{
  g_autofree char *db = data_path ("sim.db");
  g_autofree guint8 *data = random_bytes (CHUNK);
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, CHUNK);
  g_autofree char *location = NULL;
  Sim *sim = sim_start (db, (const char *[]) { "--bandwidth=4000000", "--seed=7", NULL });

  {
    g_autoptr(JsonNode) node = sim_get (sim, "/_sim/bandwidth");

    g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "bytes_per_sec"),
                     ==, 4000000);
  }
  {
    g_autoptr(Reply) bad = http (sim, "POST", "/_sim/bandwidth", NULL, "{\"bytes_per_sec\": -1}");
    g_autoptr(Reply) ok = http (sim, "POST", "/_sim/bandwidth", NULL,
                                "{\"bytes_per_sec\": 2000000}");
    g_autoptr(JsonNode) node = reply_json (ok);

    g_assert_cmpuint (bad->status, ==, 400);
    g_assert_cmpuint (ok->status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "bytes_per_sec"),
                     ==, 2000000);
  }
  /* An upload through the limit arrives whole. */
  {
    g_autoptr(Reply) created = tus_create (sim, CHUNK, "att-slow", sha);
    g_autoptr(Reply) r = NULL;

    location = tus_location (created);
    r = tus_patch (sim, location, data, 0, CHUNK, TRUE, FALSE, CHUNK);
    g_assert_cmpuint (r->status, ==, 204);
    g_assert_cmpint (header_int (r, "Upload-Offset"), ==, CHUNK);
  }
  /* drop_body without a count of bytes cuts anywhere; probability draws. */
  {
    g_autoptr(Reply) ok = http (sim, "POST", "/_sim/faults", NULL,
                                "{\"spec\": \"drop_body,probability=0.05,on=upload+submit\"}");
    g_autoptr(Reply) bad = http (sim, "POST", "/_sim/faults", NULL,
                                 "{\"kind\": \"drop_body\", \"probability\": 1.5}");
    g_autoptr(JsonNode) node = reply_json (ok);
    JsonObject *f = json_array_get_object_element (json_node_get_array (node), 0);

    g_assert_cmpuint (ok->status, ==, 200);
    g_assert_cmpuint (bad->status, ==, 400);
    g_assert_cmpstr (json_object_get_string_member (f, "kind"), ==, "drop_body");
    g_assert_cmpstr (json_object_get_string_member (f, "on"), ==, "submit+upload");
    g_assert_true (json_object_get_null_member (f, "bytes"));
    g_assert_cmpfloat (json_object_get_double_member (f, "probability"), ==, 0.05);
  }
  /* Reset restores the command line's limit. */
  {
    g_autoptr(Reply) reset = http (sim, "POST", "/_sim/reset", NULL, NULL);
    g_autoptr(JsonNode) node = sim_get (sim, "/_sim/bandwidth");
    g_autoptr(JsonNode) uploads = sim_get (sim, "/_sim/uploads");

    g_assert_cmpuint (reset->status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "bytes_per_sec"),
                     ==, 4000000);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (uploads)), ==, 0);
  }
  sim_stop (sim);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* Run by hand, outside meson test: the simulator is built beside this test. */
  if (g_getenv ("MOTCUA_PORTAL_SIM") == NULL)
    {
      g_autofree char *dir = g_path_get_dirname (argv[0]);
      g_autofree char *path = g_build_filename (dir, "motcua-portal-sim", NULL);

      g_setenv ("MOTCUA_PORTAL_SIM", path, TRUE);
    }

  g_test_add_func ("/motcua/portal-sim/health", test_health);
  g_test_add_func ("/motcua/portal-sim/idempotency", test_idempotency);
  g_test_add_func ("/motcua/portal-sim/validation", test_validation);
  g_test_add_func ("/motcua/portal-sim/lose-reply", test_lose_reply);
  g_test_add_func ("/motcua/portal-sim/status-fault", test_status_fault);
  g_test_add_func ("/motcua/portal-sim/other-faults", test_other_faults);
  g_test_add_func ("/motcua/portal-sim/restart", test_restart);
  g_test_add_func ("/motcua/portal-sim/bad-command-line", test_bad_command_line);
  g_test_add_func ("/motcua/portal-sim/upload", test_upload);
  g_test_add_func ("/motcua/portal-sim/upload-cut", test_upload_cut);
  g_test_add_func ("/motcua/portal-sim/upload-mismatch", test_upload_mismatch);
  g_test_add_func ("/motcua/portal-sim/dossier-attachments", test_dossier_attachments);
  g_test_add_func ("/motcua/portal-sim/upload-expiry", test_upload_expiry);
  g_test_add_func ("/motcua/portal-sim/bandwidth", test_bandwidth_and_drop_specs);
  return g_test_run ();
}
