/* main.c: the motcua-kiosk binary; everything else is in libmotcua-ui.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(McApplication) app = mc_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
