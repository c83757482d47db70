/* bare-window.c: the baseline for bench/startup: a plain GTK 4 window with one
 * label, same size and renderer as the kiosk, that prints the wall-clock time
 * of its first frame and quits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <gtk/gtk.h>

static gboolean done;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  if (done)
    return;
  done = TRUE;
  printf ("first-frame %" G_GINT64_FORMAT "\n", g_get_real_time ());
  fflush (stdout);
}

static void
map_cb (GtkWidget *window,
        gpointer   data)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);
}

int
main (int   argc,
      char *argv[])
{
  GtkWidget *window;

  gtk_init ();

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 1024);
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Xin chào"));
  g_signal_connect (window, "map", G_CALLBACK (map_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));

  while (!done)
    g_main_context_iteration (NULL, TRUE);

  return 0;
}
