/* test-catalogue-update.c: catalogue updates against the real portal simulator
 * (motcua-portal-sim --catalogue PATH): conditional request, checksum, atomic
 * install, fallback to the shipped catalogue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mc-catalogue.h"
#include "mc-catalogue-update.h"
#include "sim-runner.h"

#define CATALOGUE_V2 \
  "{\"version\": \"1\", \"catalogue_version\": \"20260101.test2\", \"date\": \"2026-01-01\"," \
  " \"procedures\": [{\"code\": \"1.001193\", \"name\": \"Thủ tục đăng ký khai sinh\"}," \
  " {\"code\": \"9.000002\", \"name\": \"Thủ tục mới\"}]}"
#define CATALOGUE_V3 \
  "{\"version\": \"1\", \"catalogue_version\": \"20260201.test3\", \"date\": \"2026-02-01\"," \
  " \"procedures\": [{\"code\": \"1.001193\", \"name\": \"Thủ tục đăng ký khai sinh\"}]}"

typedef struct {
  SimRunner sim;
  char *served;       /* the file the simulator serves */
  char *updates_dir;
} Fixture;

/* Like sim_runner_start(), with the catalogue options. */
static void
start_sim (Fixture  *f,
           gboolean  bad_checksum)
{
  g_autofree char *port_file = g_build_filename (f->sim.dir, "port", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_unlink (port_file);
  g_ptr_array_add (argv, (char *) sim_runner_binary ());
  g_ptr_array_add (argv, "--port");
  g_ptr_array_add (argv, "0");
  g_ptr_array_add (argv, "--port-file");
  g_ptr_array_add (argv, port_file);
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, f->sim.db);
  g_ptr_array_add (argv, "--catalogue");
  g_ptr_array_add (argv, f->served);
  if (bad_checksum)
    g_ptr_array_add (argv, "--catalogue-bad-checksum");
  g_ptr_array_add (argv, NULL);
  f->sim.proc = g_subprocess_newv ((const char * const *) argv->pdata,
                                   G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_assert_no_error (error);
  for (guint i = 0; ; i++)
    {
      g_autofree char *contents = NULL;

      if (g_file_get_contents (port_file, &contents, NULL, NULL)
          && (f->sim.port = g_ascii_strtoull (contents, NULL, 10)) != 0)
        break;
      if (i > 1000)
        g_error ("motcua-portal-sim did not start");
      g_usleep (10 * G_TIME_SPAN_MILLISECOND);
    }
  g_free (f->sim.url);
  f->sim.url = g_strdup_printf ("http://127.0.0.1:%u", f->sim.port);
}

static void
serve (Fixture    *f,
       const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (f->served, contents, -1, &error);
  g_assert_no_error (error);
}

static McCatalogue *
load (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  McCatalogue *catalogue = mc_catalogue_load (f->updates_dir, &error);

  g_assert_no_error (error);
  return catalogue;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  sim_runner_init (&f->sim);
  f->served = g_build_filename (f->sim.dir, "served-catalogue.json", NULL);
  f->updates_dir = g_build_filename (g_get_user_state_dir (), "catalogue", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_unlink (f->served);
  sim_runner_clear (&f->sim);
  g_free (f->served);
  g_free (f->updates_dir);
}

static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  McCatalogueUpdateResult result = MC_CATALOGUE_UPDATE_NOT_MODIFIED;
  g_autoptr(GError) error = NULL;
  g_autoptr(McCatalogue) catalogue = NULL;
  g_autofree char *installed = g_build_filename (f->updates_dir, "catalogue.json.gz", NULL);
  g_autofree char *tmp = g_strconcat (installed, ".tmp", NULL);
  McCatalogueCheck *check = NULL;

  if (!sim_runner_check ())
    return;

  /* Nothing downloaded yet: the shipped catalogue, never checked. */
  check = mc_catalogue_update_read_check (f->updates_dir);
  g_assert_cmpint (check->checked, ==, 0);
  g_assert_null (check->error);
  g_clear_pointer (&check, mc_catalogue_check_free);
  catalogue = load (f);
  g_assert_false (mc_catalogue_update_is_installed (f->updates_dir, mc_catalogue_get_path (catalogue)));
  g_assert_cmpuint (mc_catalogue_get_n_procedures (catalogue), >=, 2800);
  g_assert_nonnull (mc_catalogue_get_date (catalogue));
  g_clear_object (&catalogue);

  serve (f, CATALOGUE_V2);
  start_sim (f, FALSE);
  g_assert_true (mc_catalogue_update (f->updates_dir, f->sim.url, "TEST", &result, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, MC_CATALOGUE_UPDATE_INSTALLED);
  g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
  catalogue = load (f);
  g_assert_cmpstr (mc_catalogue_get_version (catalogue), ==, "20260101.test2");
  g_assert_cmpstr (mc_catalogue_get_date (catalogue), ==, "2026-01-01");
  g_assert_cmpstr (mc_catalogue_get_path (catalogue), ==, installed);
  g_assert_true (mc_catalogue_update_is_installed (f->updates_dir, mc_catalogue_get_path (catalogue)));
  g_assert_nonnull (mc_catalogue_lookup (catalogue, "9.000002"));
  g_clear_object (&catalogue);
  check = mc_catalogue_update_read_check (f->updates_dir);
  g_assert_cmpint (check->checked, >, 0);
  g_assert_cmpint (check->succeeded, ==, check->checked);
  g_assert_cmpint (check->installed, ==, check->checked);
  g_assert_null (check->error);
  g_clear_pointer (&check, mc_catalogue_check_free);

  /* Again: the ETag says nothing changed. */
  g_assert_true (mc_catalogue_update (f->updates_dir, f->sim.url, "TEST", &result, NULL, &error));
  g_assert_cmpint (result, ==, MC_CATALOGUE_UPDATE_NOT_MODIFIED);

  /* A newer one on the portal. */
  serve (f, CATALOGUE_V3);
  g_assert_true (mc_catalogue_update (f->updates_dir, f->sim.url, "TEST", &result, NULL, &error));
  g_assert_cmpint (result, ==, MC_CATALOGUE_UPDATE_INSTALLED);
  catalogue = load (f);
  g_assert_cmpstr (mc_catalogue_get_version (catalogue), ==, "20260201.test3");
  g_clear_object (&catalogue);

  /* A broken one is refused; the installed one stays. */
  serve (f, "{\"procedures\": [{\"code\": \"1\"");
  g_assert_false (mc_catalogue_update (f->updates_dir, f->sim.url, "TEST", &result, NULL, &error));
  g_assert_error (error, MC_CATALOGUE_UPDATE_ERROR, MC_CATALOGUE_UPDATE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
  catalogue = load (f);
  g_assert_cmpstr (mc_catalogue_get_version (catalogue), ==, "20260201.test3");
  g_clear_object (&catalogue);

  /* A body that does not match its checksum. */
  sim_runner_stop (&f->sim, FALSE);
  serve (f, CATALOGUE_V2);
  start_sim (f, TRUE);
  g_assert_false (mc_catalogue_update (f->updates_dir, f->sim.url, "TEST", &result, NULL, &error));
  g_assert_error (error, MC_CATALOGUE_UPDATE_ERROR, MC_CATALOGUE_UPDATE_ERROR_CHECKSUM);
  g_clear_error (&error);

  /* Offline. */
  sim_runner_stop (&f->sim, TRUE);
  g_assert_false (mc_catalogue_update (f->updates_dir, f->sim.url, "TEST", &result, NULL, &error));
  g_assert_error (error, MC_CATALOGUE_UPDATE_ERROR, MC_CATALOGUE_UPDATE_ERROR_NETWORK);
  /* Recorded: this check failed, the last good one and install are kept. */
  check = mc_catalogue_update_read_check (f->updates_dir);
  g_assert_cmpstr (check->error, ==, error->message);
  g_assert_cmpint (check->succeeded, >, 0);
  g_assert_cmpint (check->installed, >, 0);
  g_assert_cmpint (check->checked, >=, check->succeeded);
  g_clear_pointer (&check, mc_catalogue_check_free);
  g_clear_error (&error);
  catalogue = load (f);
  g_assert_cmpstr (mc_catalogue_get_version (catalogue), ==, "20260201.test3");
  g_clear_object (&catalogue);

  /* The downloaded file damaged on disk: back to the shipped catalogue. */
  g_file_set_contents (installed, "garbage", -1, &error);
  g_assert_no_error (error);
  catalogue = load (f);
  g_assert_cmpuint (mc_catalogue_get_n_procedures (catalogue), >=, 2800);
}

typedef struct {
  GMainLoop *loop;
  McCatalogue *catalogue;
  GError *error;
} AsyncLoad;

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncLoad *data = user_data;

  data->catalogue = mc_catalogue_load_finish (result, &data->error);
  g_main_loop_quit (data->loop);
}

static void
test_load_async (void)
{
  AsyncLoad data = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  mc_catalogue_load_async (NULL, NULL, loaded_cb, &data);
  g_main_loop_run (data.loop);
  g_assert_no_error (data.error);
  g_assert_cmpuint (mc_catalogue_get_n_procedures (data.catalogue), >=, 2800);
  g_assert_nonnull (mc_catalogue_lookup (data.catalogue, "1.001193"));
  g_clear_object (&data.catalogue);
  g_main_loop_unref (data.loop);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/motcua/catalogue-update/against-sim", Fixture, NULL,
              fixture_setup, test_update, fixture_teardown);
  g_test_add_func ("/motcua/catalogue-update/load-async", test_load_async);

  return g_test_run ();
}
