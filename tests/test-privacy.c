/* test-privacy.c: a full run of the kiosk's engine through motcua-ctl (submit
 * with attachments, export a bundle, import it elsewhere, deliver to the real
 * simulator, outbox, statistics, metrics, purge) with every debug message on;
 * no line of any log may hold the test citizen's CCCD number, name or phone.
 * Afterwards (retention 0 days) the kiosk's files hold none of them either.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "sim-runner.h"

#define CTL BUILDDIR "/app/motcua-ctl"

/* The test citizen: values that occur nowhere else. */
#define CCCD     "079187054321"
#define NAME     "Lương Thị Kiểm Tra"
#define NAME_ASCII "Luong Thi Kiem Tra"
#define PHONE    "0903217654"
#define BIRTH    "12/08/1987"

static const char *const secrets[] = { CCCD, NAME, NAME_ASCII, "Kiểm Tra", PHONE,
                                       "903217654", "054321", NULL };

static GString *all_logs;

/* Runs motcua-ctl with G_MESSAGES_DEBUG=all; its stderr goes to all_logs. */
static char *
ctl (const char *data_dir,
     const char *config,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (char *) CTL);
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, (char *) data_dir);
  g_ptr_array_add (argv, (char *) "--config");
  g_ptr_array_add (argv, (char *) config);
  va_start (ap, config);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  g_string_append (all_logs, err);
  if (g_subprocess_get_exit_status (proc) != 0)
    g_error ("motcua-ctl %s failed: %s", (const char *) argv->pdata[5], err);

  return g_steal_pointer (&out);
}

static void
assert_clean (const char *what,
              const char *text,
              gsize       len)
{
  for (guint i = 0; secrets[i] != NULL; i++)
    {
      gsize n = strlen (secrets[i]);

      for (gsize j = 0; j + n <= len; j++)
        if (memcmp (text + j, secrets[i], n) == 0)
          g_error ("%s holds “%s”", what, secrets[i]);
    }
}

/* Every regular file under @dir. */
static void
assert_dir_clean (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        assert_dir_clean (path);
      else if (g_file_get_contents (path, &contents, &len, NULL))
        assert_clean (path, contents, len);
    }
}

static void
test_full_run (void)
{
  SimRunner sim;
  g_autofree char *kiosk = g_build_filename (g_get_user_data_dir (), "kiosk", NULL);
  g_autofree char *district = g_build_filename (g_get_user_data_dir (), "district", NULL);
  g_autofree char *usb = g_build_filename (g_get_user_data_dir (), "usb", NULL);
  g_autofree char *conf = g_build_filename (g_get_user_config_dir (), "kiosk.conf", NULL);
  g_autofree char *conf_text = NULL;
  g_autofree char *scan = g_build_filename (g_get_user_data_dir (), "cccd.jpg", NULL);
  g_autofree char *attach = NULL;
  g_autofree char *out = NULL;
  g_autofree char *bundle = NULL;
  g_autoptr(GError) error = NULL;
  gboolean uploads;
  g_auto(GStrv) lines = NULL;

  if (!sim_runner_check ())
    return;
  sim_runner_init (&sim);
  sim_runner_start (&sim, 0);
  uploads = sim_runner_supports_uploads (&sim);

  all_logs = g_string_new (NULL);
  g_assert_no_errno (g_mkdir_with_parents (g_get_user_config_dir (), 0700));
  g_assert_no_errno (g_mkdir_with_parents (usb, 0700));
  conf_text = g_strdup_printf ("[kiosk]\nid=PRIV\nretention-days=0\n[portal]\nurl=%s\n"
                               "[sync]\nretry-initial=1\nretry-max=2\ntimeout=5\n", sim.url);
  g_assert_true (g_file_set_contents (conf, conf_text, -1, &error));
  g_assert_true (g_file_set_contents (scan, "\xff\xd8\xff\xe0 a scan \xff\xd9", 15, &error));
  attach = g_strdup_printf ("CCCD=%s", scan);

  /* Two dossiers: one exported to the district, both then delivered. */
  g_free (ctl (kiosk, conf, "submit", "--procedure", "1.001193", "--name", NAME,
               "--id-number", CCCD, "--birth-date", BIRTH, "--sex", "female",
               "--phone", PHONE, uploads ? "--attach" : NULL, attach, NULL));
  g_free (ctl (kiosk, conf, "submit", "--assisted", "--procedure", "1.001193", "--name", NAME,
               "--id-number", CCCD, "--birth-date", BIRTH, "--phone", PHONE, NULL));
  g_free (ctl (kiosk, conf, "--json", "outbox", NULL));
  bundle = ctl (kiosk, conf, "export-bundle", "--to", usb, NULL);
  g_strstrip (bundle);
  g_free (ctl (district, conf, "import-bundle", bundle, NULL));
  g_free (ctl (district, conf, "sync", "--until-empty", "--timeout", "60", NULL));
  g_free (ctl (kiosk, conf, "sync", "--until-empty", "--timeout", "60", NULL));
  g_free (ctl (kiosk, conf, "outbox", NULL));
  g_free (ctl (kiosk, conf, "stats", NULL));
  out = ctl (kiosk, conf, "stats", "--csv", "procedure", NULL);
  assert_clean ("the statistics", out, strlen (out));
  g_clear_pointer (&out, g_free);
  out = ctl (kiosk, conf, "metrics", NULL);
  assert_clean ("the metrics", out, strlen (out));
  g_free (ctl (kiosk, conf, "purge", NULL));

  /* The logs were not silent (debug on), and not one line names the citizen. */
  g_assert_nonnull (strstr (all_logs->str, "Delivered"));
  lines = g_strsplit (all_logs->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    assert_clean ("a log line", lines[i], strlen (lines[i]));
  g_test_message ("%u log lines checked", g_strv_length (lines));

  /* Delivered with retention 0: the kiosks' data folders no longer hold it
   * (the database with secure_delete and a checkpointed WAL, no attachments). */
  assert_dir_clean (kiosk);
  assert_dir_clean (district);

  g_string_free (all_logs, TRUE);
  sim_runner_clear (&sim);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/privacy/full-run", test_full_run);

  return g_test_run ();
}
