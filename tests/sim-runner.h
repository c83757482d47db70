/* sim-runner.h: runs the real portal simulator (tests/portal-sim/, found via
 * $MOTCUA_PORTAL_SIM) for a test, and talks to its /_sim/ endpoints.
 * Header-only: included by test-sync.c, test-ctl.c and test-soak.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <curl/curl.h>
#include <json-glib/json-glib.h>

typedef struct
{
  GSubprocess *proc;       /* nullable: not running */
  guint16      port;
  char        *dir;        /* owned: port file, database */
  char        *db;
  char        *url;        /* http://127.0.0.1:port */
} SimRunner;

static G_GNUC_UNUSED const char *
sim_runner_binary (void)
{
  const char *path = g_getenv ("MOTCUA_PORTAL_SIM");

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    return NULL;
  return path;
}

/* TRUE when the simulator is there; otherwise marks the test skipped. */
static G_GNUC_UNUSED gboolean
sim_runner_check (void)
{
  if (sim_runner_binary () != NULL)
    return TRUE;

  g_test_skip ("MOTCUA_PORTAL_SIM is not set (tests/portal-sim/ not built)");
  return FALSE;
}

/* A TCP port on 127.0.0.1 that was free a moment ago. */
static G_GNUC_UNUSED guint16
sim_runner_free_port (void)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  g_socket_close (socket, NULL);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static G_GNUC_UNUSED void
sim_runner_init (SimRunner *sim)
{
  g_autoptr(GError) error = NULL;

  memset (sim, 0, sizeof *sim);
  sim->dir = g_dir_make_tmp ("motcua-sim-XXXXXX", &error);
  g_assert_no_error (error);
  sim->db = g_build_filename (sim->dir, "portal-sim.db", NULL);
}

/* Starts the simulator on @port (0: any free one; the same port and database
 * again after a stop) with @extra_args (nullable, NULL-terminated) and waits
 * until it listens. */
static G_GNUC_UNUSED void
sim_runner_start_args (SimRunner          *sim,
                       guint16             port,
                       const char * const *extra_args)
{
  g_autofree char *port_file = g_build_filename (sim->dir, "port", NULL);
  g_autofree char *port_arg = g_strdup_printf ("%u", port);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_assert_null (sim->proc);
  g_unlink (port_file);

  g_ptr_array_add (argv, (char *) sim_runner_binary ());
  g_ptr_array_add (argv, (char *) "--port");
  g_ptr_array_add (argv, port_arg);
  g_ptr_array_add (argv, (char *) "--port-file");
  g_ptr_array_add (argv, port_file);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, sim->db);
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  /* The simulator logs to stderr; its stdout must never reach our TAP stream. */
  sim->proc = g_subprocess_newv ((const char * const *) argv->pdata,
                                 G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_assert_no_error (error);

  /* Polls for the port file: a bound on start-up, not a timing assertion. */
  for (guint i = 0; ; i++)
    {
      g_autofree char *contents = NULL;

      if (g_file_get_contents (port_file, &contents, NULL, NULL) &&
          (sim->port = g_ascii_strtoull (contents, NULL, 10)) != 0)
        break;

      if (i > 1000)
        g_error ("motcua-portal-sim did not start");
      g_usleep (10 * G_TIME_SPAN_MILLISECOND);
    }

  if (port != 0)
    g_assert_cmpuint (sim->port, ==, port);

  g_free (sim->url);
  sim->url = g_strdup_printf ("http://127.0.0.1:%u", sim->port);
}

static G_GNUC_UNUSED void
sim_runner_start (SimRunner *sim,
                  guint16    port)
{
  sim_runner_start_args (sim, port, NULL);
}

/* Stops it: TERM for a clean stop, KILL for a crash. */
static G_GNUC_UNUSED void
sim_runner_stop (SimRunner *sim,
                 gboolean   kill)
{
  g_autoptr(GError) error = NULL;

  if (sim->proc == NULL)
    return;

  if (kill)
    g_subprocess_force_exit (sim->proc);
  else
    g_subprocess_send_signal (sim->proc, SIGTERM);
  g_subprocess_wait (sim->proc, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&sim->proc);
}

static G_GNUC_UNUSED void
sim_runner_clear (SimRunner *sim)
{
  g_autofree char *port_file = g_build_filename (sim->dir, "port", NULL);
  g_autofree char *wal = g_strconcat (sim->db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (sim->db, "-shm", NULL);

  g_autofree char *uploads = g_strconcat (sim->db, ".uploads", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  sim_runner_stop (sim, FALSE);
  g_unlink (port_file);

  /* The simulator's stored uploads (tests/portal-sim, next to its database). */
  dir = g_dir_open (uploads, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (uploads, name, NULL);

      g_unlink (path);
    }
  g_rmdir (uploads);
  g_unlink (sim->db);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (sim->dir);
  g_clear_pointer (&sim->dir, g_free);
  g_clear_pointer (&sim->db, g_free);
  g_clear_pointer (&sim->url, g_free);
}

static size_t
sim_runner_write_cb (char   *ptr,
                     size_t  size,
                     size_t  nmemb,
                     void   *user_data)
{
  g_string_append_len (user_data, ptr, size * nmemb);
  return size * nmemb;
}

/* One request to the simulator; returns the body, asserts the status. */
static G_GNUC_UNUSED char *
sim_runner_http (SimRunner  *sim,
                 const char *method,
                 const char *path,
                 const char *body,
                 long        expected_status)
{
  g_autofree char *url = g_strconcat (sim->url, path, NULL);
  g_autoptr(GString) reply = g_string_new (NULL);
  struct curl_slist *headers = curl_slist_append (NULL, "Content-Type: application/json");
  CURL *curl = curl_easy_init ();
  long status = 0;
  CURLcode code;

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, method);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, sim_runner_write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, reply);
  if (body != NULL)
    curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body);

  code = curl_easy_perform (curl);
  g_assert_cmpint (code, ==, CURLE_OK);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  g_assert_cmpint (status, ==, expected_status);

  curl_slist_free_all (headers);
  curl_easy_cleanup (curl);

  return g_string_free (g_steal_pointer (&reply), FALSE);
}

/* Adds a fault, e.g. "lose_reply,count=1,on=submit" (tests/portal-sim/README.md). */
static G_GNUC_UNUSED void
sim_runner_add_fault (SimRunner  *sim,
                      const char *spec)
{
  g_autofree char *body = g_strdup_printf ("{\"spec\": \"%s\"}", spec);
  g_autofree char *reply = sim_runner_http (sim, "POST", "/_sim/faults", body, 200);
}

/* GET /_sim/dossiers: every dossier the simulator holds. */
static G_GNUC_UNUSED JsonArray *
sim_runner_dossiers (SimRunner *sim)
{
  g_autofree char *reply = sim_runner_http (sim, "GET", "/_sim/dossiers", NULL, 200);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, reply, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));

  return json_array_ref (json_node_get_array (root));
}

/* The simulator's dossiers with @key. */
static G_GNUC_UNUSED guint
sim_runner_count_key (JsonArray  *dossiers,
                      const char *key,
                      JsonObject **out_dossier)
{
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (dossiers); i++)
    {
      JsonObject *d = json_array_get_object_element (dossiers, i);

      if (g_strcmp0 (json_object_get_string_member (d, "idempotency_key"), key) == 0)
        {
          n++;
          if (out_dossier != NULL)
            *out_dossier = d;
        }
    }

  return n;
}

/* TRUE when the simulator speaks tus (OPTIONS /api/v1/uploads answers 204):
 * the attachment tests need it. */
static G_GNUC_UNUSED gboolean
sim_runner_supports_uploads (SimRunner *sim)
{
  g_autofree char *url = g_strconcat (sim->url, "/api/v1/uploads", NULL);
  g_autoptr(GString) reply = g_string_new (NULL);
  CURL *curl = curl_easy_init ();
  long status = 0;

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, "OPTIONS");
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, sim_runner_write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, reply);
  if (curl_easy_perform (curl) == CURLE_OK)
    curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup (curl);

  return status == 204;
}

/* Limits how fast the simulator reads request bodies (0: unlimited). */
static G_GNUC_UNUSED void
sim_runner_set_bandwidth (SimRunner *sim,
                          gint64     bytes_per_sec)
{
  g_autofree char *body = g_strdup_printf ("{\"bytes_per_sec\": %" G_GINT64_FORMAT "}",
                                           bytes_per_sec);
  g_autofree char *reply = sim_runner_http (sim, "POST", "/_sim/bandwidth", body, 200);
}
