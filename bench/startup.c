/* startup.c: exec → first frame of the kiosk's welcome window, against a bare
 * GTK 4 window (bare-window.c), same renderer. Run it under a display:
 *
 *   xvfb-run -a -s "-screen 0 1280x1024x24" meson compile -C build bench-startup
 *
 * Each program runs RUNS times, alternating, with MOTCUA_BENCH_EXIT_ON_FIRST_FRAME=1:
 * it prints "first-frame <g_get_real_time() µs>" and quits. Prints both medians
 * and their ratio (target: kiosk ≤ 1.3 × bare).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib.h>

#define DEFAULT_RUNS 15

static double
run_once (const char * const *argv,
          char              **envp)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *line;
  gint64 start;
  gint64 frame;
  int status;

  start = g_get_real_time ();
  if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, &error))
    g_error ("Cannot run %s: %s", argv[0], error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s", argv[0], error->message);

  line = strstr (out, "first-frame ");
  if (line == NULL)
    g_error ("%s printed no first-frame time", argv[0]);
  frame = g_ascii_strtoll (line + strlen ("first-frame "), NULL, 10);

  return (frame - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  if (values->len % 2 == 1)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1)
          + g_array_index (values, double, values->len / 2)) / 2;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmpdir = NULL;
  g_auto(GStrv) envp = NULL;
  g_autoptr(GArray) kiosk_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_ms = g_array_new (FALSE, FALSE, sizeof (double));
  guint runs = DEFAULT_RUNS;
  double kiosk, bare;

  if (argc < 3)
    {
      g_printerr ("usage: %s KIOSK BARE-WINDOW [RUNS]\n", argv[0]);
      return 2;
    }
  if (argc > 3)
    runs = MAX (10, (guint) g_ascii_strtoull (argv[3], NULL, 10));
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("bench-startup needs a display: run it under xvfb-run -a\n");
      return 2;
    }

  tmpdir = g_dir_make_tmp ("motcua-bench-XXXXXX", NULL);
  envp = g_get_environ ();
  envp = g_environ_setenv (envp, "MOTCUA_BENCH_EXIT_ON_FIRST_FRAME", "1", TRUE);
  envp = g_environ_setenv (envp, "GSK_RENDERER", "cairo", TRUE);
  envp = g_environ_setenv (envp, "NO_AT_BRIDGE", "1", TRUE);

  {
    const char *kiosk_argv[] = { argv[1], "--data-dir", tmpdir,
                                 "--portal", "http://127.0.0.1:9", NULL };
    const char *bare_argv[] = { argv[2], NULL };

    /* One of each first, not counted: disk caches, fontconfig. */
    run_once (kiosk_argv, envp);
    run_once (bare_argv, envp);

    for (guint i = 0; i < runs; i++)
      {
        double k = run_once (kiosk_argv, envp);
        double b = run_once (bare_argv, envp);

        g_array_append_val (kiosk_ms, k);
        g_array_append_val (bare_ms, b);
      }
  }

  kiosk = median (kiosk_ms);
  bare = median (bare_ms);
  printf ("runs:                 %u each, GSK_RENDERER=cairo\n", runs);
  printf ("bare GTK 4 window:    %.1f ms (median, exec to first frame)\n", bare);
  printf ("motcua-kiosk welcome: %.1f ms (median, exec to first frame)\n", kiosk);
  printf ("ratio:                %.2f (target <= 1.30)\n", kiosk / bare);

  return 0;
}
