/* test-deploy.c: the shipped systemd unit passes `systemd-analyze verify`
 * (with no diagnostic at all: verify exits 0 on unknown keys, so its output
 * must be empty) and `systemd-analyze security` rates it well, both offline
 * against a throw-away root holding the host's own units and stand-ins for
 * /usr/bin/cage and /usr/bin/motcua-kiosk (verify checks that ExecStart is
 * executable; cage is for the kiosk machines, not a build dependency).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#define UNIT "motcua-kiosk.service"

static const char *
analyze (void)
{
  static const char *const paths[] = { "/usr/bin/systemd-analyze", "/bin/systemd-analyze" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    if (g_file_test (paths[i], G_FILE_TEST_IS_EXECUTABLE))
      return paths[i];
  return NULL;
}

static const char *
system_units (void)
{
  if (g_file_test ("/usr/lib/systemd/system/sysinit.target", G_FILE_TEST_EXISTS))
    return "/usr/lib/systemd/system";
  if (g_file_test ("/lib/systemd/system/sysinit.target", G_FILE_TEST_EXISTS))
    return "/lib/systemd/system";
  return NULL;
}

static void
run (const char * const *argv,
     int                *out_status,
     char              **out_output)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, out_status, &error));
  g_assert_no_error (error);
  *out_output = g_strconcat (out, err, NULL);
}

/* A root with the host's units, the stand-ins, and @unit_text as the unit. */
static char *
make_root (const char *unit_text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("motcua-root-XXXXXX", &error);
  g_autofree char *bin = g_build_filename (root, "usr", "bin", NULL);
  g_autofree char *lib = g_build_filename (root, "usr", "lib", "systemd", NULL);
  g_autofree char *etc = g_build_filename (root, "etc", "systemd", "system", NULL);
  g_autofree char *unit = g_build_filename (etc, UNIT, NULL);
  g_autofree char *output = NULL;
  const char *stubs[] = { "cage", "motcua-kiosk" };
  int status;

  g_assert_no_error (error);
  g_assert_no_errno (g_mkdir_with_parents (bin, 0755));
  g_assert_no_errno (g_mkdir_with_parents (lib, 0755));
  g_assert_no_errno (g_mkdir_with_parents (etc, 0755));

  for (guint i = 0; i < G_N_ELEMENTS (stubs); i++)
    {
      g_autofree char *path = g_build_filename (bin, stubs[i], NULL);

      g_assert_true (g_file_set_contents (path, "#!/bin/sh\nexit 0\n", -1, &error));
      g_assert_no_errno (g_chmod (path, 0755));
    }

  {
    const char *argv[] = { "/bin/cp", "-a", system_units (), lib, NULL };

    run (argv, &status, &output);
    g_assert_cmpint (status, ==, 0);
  }

  g_assert_true (g_file_set_contents (unit, unit_text, -1, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&root);
}

static void
remove_root (const char *root)
{
  const char *argv[] = { "/bin/rm", "-rf", root, NULL };
  g_autofree char *output = NULL;
  int status;

  run (argv, &status, &output);
}

/* verify's exit status and everything it said. */
static gboolean
verify (const char *unit_text,
        char      **out_output)
{
  g_autofree char *root = make_root (unit_text);
  g_autofree char *root_arg = g_strconcat ("--root=", root, NULL);
  const char *argv[] = { analyze (), "verify", "--man=false", root_arg, UNIT, NULL };
  int status;

  run (argv, &status, out_output);
  remove_root (root);
  return g_spawn_check_wait_status (status, NULL);
}

static char *
shipped_unit (void)
{
  const char *datadir = g_getenv ("MOTCUA_DATA_DIR");
  g_autofree char *path = g_build_filename (datadir != NULL ? datadir : SRCDATADIR,
                                            "systemd", UNIT, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

static gboolean
check_tools (void)
{
  if (analyze () != NULL && system_units () != NULL)
    return TRUE;
  g_test_skip ("systemd-analyze or the system's units are not installed");
  return FALSE;
}

static void
test_verify (void)
{
  g_autofree char *unit = shipped_unit ();
  g_autofree char *output = NULL;

  if (!check_tools ())
    return;

  if (!verify (unit, &output) || *output != '\0')
    g_error ("systemd-analyze verify: %s", output);

  /* What the unit promises (docs/deployment.md). */
  g_assert_nonnull (strstr (unit, "\nUser=motcua\n"));
  g_assert_nonnull (strstr (unit, "\nExecStart=/usr/bin/cage "));
  g_assert_nonnull (strstr (unit, " -- /usr/bin/motcua-kiosk --kiosk"));
  g_assert_nonnull (strstr (unit, "\nRestart=on-failure\n"));
  g_assert_nonnull (strstr (unit, "\nProtectSystem=strict\n"));
  g_assert_nonnull (strstr (unit, "\nReadWritePaths=/var/lib/motcua-kiosk\n"));
  g_assert_nonnull (strstr (unit, "\nPrivateTmp=yes\n"));
  g_assert_nonnull (strstr (unit, "\nNoNewPrivileges=yes\n"));
}

/* The check can fail: a misspelt key, a bad value, a missing program. */
static void
test_verify_catches_mistakes (void)
{
  g_autofree char *unit = shipped_unit ();
  const char *mistakes[][2] = {
    { "NoNewPrivileges=yes", "NoNewPrivilege=yes" },
    { "ProtectSystem=strict", "ProtectSystem=strictest" },
    { "/usr/bin/cage", "/usr/bin/no-such-compositor" },
  };

  if (!check_tools ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (mistakes); i++)
    {
      g_autoptr(GString) bad = g_string_new (unit);
      g_autofree char *output = NULL;
      gboolean ok;

      g_assert_cmpuint (g_string_replace (bad, mistakes[i][0], mistakes[i][1], 1), ==, 1);
      ok = verify (bad->str, &output);
      g_test_message ("%s → %s", mistakes[i][1], output);
      g_assert_true (!ok || *output != '\0');
    }
}

/* Exposure 3.0 or less on systemd's 0 (locked down) to 10 scale. */
static void
test_security (void)
{
  g_autofree char *unit = shipped_unit ();
  g_autofree char *root = NULL;
  g_autofree char *root_arg = NULL;
  g_autofree char *output = NULL;
  int status;

  if (!check_tools ())
    return;

  root = make_root (unit);
  root_arg = g_strconcat ("--root=", root, NULL);
  {
    const char *argv[] = { analyze (), "security", "--offline=yes", root_arg, "--threshold=30",
                           UNIT, NULL };

    run (argv, &status, &output);
  }
  remove_root (root);
  g_test_message ("%s", output);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (output, "Overall exposure level"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/deploy/verify", test_verify);
  g_test_add_func ("/motcua/deploy/verify-catches-mistakes", test_verify_catches_mistakes);
  g_test_add_func ("/motcua/deploy/security", test_security);

  return g_test_run ();
}
