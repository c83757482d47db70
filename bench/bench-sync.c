/* bench-sync.c: attachment delivery over a slow link that drops connections.
 *
 * Starts motcua-portal-sim with --bandwidth (2 Mbit/s = 250000 B/s by
 * default) and a drop_body fault that cuts 5% of upload bodies at a random
 * point, delivers dossiers with attachments through the real sync code
 * (mc_sync_run_blocking, tus in 1 MiB chunks), then sends the same bytes with
 * plain `curl -T` (one tus PATCH per file, no faults) through the same limit.
 *
 * Prints: goodput as a fraction of the limit (target >= 85%), bytes re-sent
 * per cut (target <= one chunk; the simulator's own count: body bytes that
 * arrived minus bytes appended to uploads, less the dossiers' JSON), and our
 * goodput relative to curl's.
 *
 *   bench-sync [--quick] [--total-mb N] [--bandwidth B] [--drop P] [--seed N]
 *
 * Not a test: run it by hand (`meson compile -C build bench/bench-sync &&
 * build/bench/bench-sync --quick`). The default run takes about 3 minutes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "mc-config.h"
#include "mc-store.h"
#include "mc-sync.h"
#include "sim-runner.h"

#define PAYLOAD \
  "{\"procedure_code\":\"1.001193\",\"applicant\":{\"full_name\":\"Nguyễn Văn An\"," \
  "\"id_number\":\"001090012345\",\"birth_date\":\"1990-05-17\",\"sex\":\"male\"," \
  "\"phone\":\"0912345678\"},\"fields\":{},\"attachments\":[]}"
#define FILE_BYTES (5 * 1000 * 1000)

static gboolean opt_quick;
static int opt_total_mb = 20;
static gint64 opt_bandwidth = 250000;
static double opt_drop = 0.05;
static gint64 opt_seed = 42;

static const GOptionEntry entries[] = {
  { "quick", 'q', 0, G_OPTION_ARG_NONE, &opt_quick, "3 MB instead of 20 MB", NULL },
  { "total-mb", 0, 0, G_OPTION_ARG_INT, &opt_total_mb, "Megabytes to upload (default 20)", "N" },
  { "bandwidth", 0, 0, G_OPTION_ARG_INT64, &opt_bandwidth,
    "The link, bytes per second (default 250000 = 2 Mbit/s)", "B" },
  { "drop", 0, 0, G_OPTION_ARG_DOUBLE, &opt_drop,
    "Share of upload bodies cut (default 0.05)", "P" },
  { "seed", 0, 0, G_OPTION_ARG_INT64, &opt_seed, "Seed for the simulator's faults", "N" },
  { NULL }
};

static gint64
stats_member (SimRunner  *sim,
              const char *member)
{
  g_autofree char *reply = sim_runner_http (sim, "GET", "/_sim/stats", NULL, 200);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *bodies;

  g_assert_true (json_parser_load_from_data (parser, reply, -1, NULL));
  bodies = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                          "bodies");
  return json_object_get_int_member (bodies, member);
}

/* POST /api/v1/uploads for @size bytes; returns the upload's URL. */
static char *
create_upload (SimRunner *sim,
               gint64     size)
{
  g_autofree char *url = g_strconcat (sim->url, "/api/v1/uploads", NULL);
  g_autofree char *length = g_strdup_printf ("Upload-Length: %" G_GINT64_FORMAT, size);
  struct curl_slist *headers = NULL;
  struct curl_header *location = NULL;
  CURL *curl = curl_easy_init ();
  char *result;

  headers = curl_slist_append (headers, "Tus-Resumable: 1.0.0");
  headers = curl_slist_append (headers, length);
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDS, "");
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, sim_runner_write_cb);
  {
    g_autoptr(GString) body = g_string_new (NULL);

    curl_easy_setopt (curl, CURLOPT_WRITEDATA, body);
    g_assert_cmpint (curl_easy_perform (curl), ==, CURLE_OK);
  }
  g_assert_cmpint (curl_easy_header (curl, "Location", 0, CURLH_HEADER, -1, &location), ==,
                   CURLHE_OK);
  result = g_str_has_prefix (location->value, "http")
           ? g_strdup (location->value) : g_strconcat (sim->url, location->value, NULL);
  curl_slist_free_all (headers);
  curl_easy_cleanup (curl);

  return result;
}

/* The same files with the curl program: one PATCH of the whole file each. */
static double
upload_with_curl (SimRunner *sim,
                  GPtrArray *paths,
                  gint64     file_bytes)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *url = create_upload (sim, file_bytes);
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      int status;
      const char *argv[] = {
        "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PATCH",
        "-H", "Tus-Resumable: 1.0.0", "-H", "Upload-Offset: 0",
        "-H", "Content-Type: application/offset+octet-stream", "-H", "Expect:",
        "-T", g_ptr_array_index (paths, i), url, NULL
      };

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                    &out, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, "204");
    }

  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McConfig) config = mc_config_new_default ();
  g_autoptr(McStore) store = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *bandwidth_arg = NULL;
  g_autofree char *seed_arg = NULL;
  g_autofree char *fault = NULL;
  gint64 total, file_bytes, start, received, committed;
  guint n_files, delivered;
  gint64 cuts, resent;
  double ours_s, curl_s, ours_goodput, curl_goodput;
  SimRunner sim;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-sync: %s\n", error->message);
      return 2;
    }

  if (g_getenv ("MOTCUA_PORTAL_SIM") == NULL)
    g_setenv ("MOTCUA_PORTAL_SIM", BUILDDIR "/tests/portal-sim/motcua-portal-sim", TRUE);
  if (sim_runner_binary () == NULL)
    {
      g_printerr ("bench-sync: motcua-portal-sim not found (build it, or set MOTCUA_PORTAL_SIM)\n");
      return 1;
    }

  total = (gint64) (opt_quick ? 3 : MAX (opt_total_mb, 1)) * 1000 * 1000;
  file_bytes = MIN (total, FILE_BYTES);
  n_files = (total + file_bytes - 1) / file_bytes;
  total = n_files * file_bytes;

  sim_runner_init (&sim);
  bandwidth_arg = g_strdup_printf ("%" G_GINT64_FORMAT, opt_bandwidth);
  seed_arg = g_strdup_printf ("%" G_GINT64_FORMAT, opt_seed);
  {
    const char *args[] = { "--bandwidth", bandwidth_arg, "--seed", seed_arg, NULL };

    sim_runner_start_args (&sim, 0, args);
  }

  /* The files, and a dossier for each. */
  dir = g_dir_make_tmp ("bench-sync-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (dir, "data", NULL);
  store = mc_store_open (data_dir, &error);
  g_assert_no_error (error);
  rand = g_rand_new_with_seed ((guint32) opt_seed);
  for (guint i = 0; i < n_files; i++)
    {
      g_autofree guint32 *data = g_new (guint32, file_bytes / 4 + 1);
      g_autofree char *name = g_strdup_printf ("scan-%u.pdf", i);
      char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GPtrArray) specs = g_ptr_array_new ();
      g_autoptr(McOutboxEntry) entry = NULL;
      McAttachmentSpec spec = { path, NULL, "Tờ khai", name, "application/pdf" };

      for (gint64 j = 0; j < file_bytes / 4 + 1; j++)
        data[j] = g_rand_int (rand);
      g_file_set_contents (path, (const char *) data, file_bytes, &error);
      g_assert_no_error (error);
      g_ptr_array_add (paths, path);

      g_ptr_array_add (specs, &spec);
      entry = mc_store_enqueue_with_attachments (store, "BENCH", "1.001193", PAYLOAD, specs,
                                                 &error);
      g_assert_no_error (error);
    }

  g_print ("link %" G_GINT64_FORMAT " B/s, %u files of %" G_GINT64_FORMAT " bytes "
           "(%" G_GINT64_FORMAT " bytes), chunk %u bytes, %.0f%% of upload bodies cut, seed %"
           G_GINT64_FORMAT "\n", opt_bandwidth, n_files, file_bytes, total,
           config->upload_chunk_bytes, opt_drop * 100, opt_seed);

  /* Ours, with the cuts. */
  fault = g_strdup_printf ("drop_body,on=upload,probability=%g", opt_drop);
  if (opt_drop > 0)
    sim_runner_add_fault (&sim, fault);
  g_free (config->portal_url);
  config->portal_url = g_strdup (sim.url);
  g_free (config->kiosk_id);
  config->kiosk_id = g_strdup ("BENCH");
  config->retry_initial_s = 1;
  config->retry_max_s = 2;

  start = g_get_monotonic_time ();
  delivered = mc_sync_run_blocking (data_dir, config, TRUE, 3600, &error);
  ours_s = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_no_error (error);
  g_assert_cmpuint (delivered, ==, n_files);

  received = stats_member (&sim, "bytes_received");
  committed = stats_member (&sim, "upload_bytes_committed");
  cuts = stats_member (&sim, "cut");
  /* What arrived for nothing; the dossiers' JSON bodies (< 1 KB each) are in
   * bytes_received too. */
  resent = received - committed;

  ours_goodput = total / ours_s;
  g_print ("motcua: %.1f s, goodput %.0f B/s = %.1f%% of the link; %" G_GINT64_FORMAT
           " cuts, %" G_GINT64_FORMAT " bytes sent for nothing (%.0f per cut, %.2f chunks)\n",
           ours_s, ours_goodput, 100.0 * ours_goodput / opt_bandwidth, cuts, resent,
           cuts > 0 ? (double) resent / cuts : 0.0,
           cuts > 0 ? (double) resent / cuts / config->upload_chunk_bytes : 0.0);

  /* Plain curl, no cuts, the same link. */
  sim_runner_http (&sim, "DELETE", "/_sim/faults", NULL, 200);
  curl_s = upload_with_curl (&sim, paths, file_bytes);
  curl_goodput = total / curl_s;
  g_print ("curl -T: %.1f s, goodput %.0f B/s = %.1f%% of the link (no cuts)\n",
           curl_s, curl_goodput, 100.0 * curl_goodput / opt_bandwidth);
  g_print ("motcua / curl goodput: %.2f\n", ours_goodput / curl_goodput);

  /* Clean up. */
  g_clear_pointer (&store, mc_store_close);
  sim_runner_clear (&sim);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

    if (system (cmd) != 0)
      g_printerr ("bench-sync: could not remove %s\n", dir);
  }

  return 0;
}
