/* mc-clerk-page.h: clerk mode: the PIN pad, then the outbox, the USB export,
 * the statistics, the settings and the assisted mode.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-application.h"

G_BEGIN_DECLS

#define MC_TYPE_CLERK_PAGE (mc_clerk_page_get_type ())
G_DECLARE_FINAL_TYPE (McClerkPage, mc_clerk_page, MC, CLERK_PAGE, GtkWidget)

/* Signals:
 *   "unlocked": the right PIN was entered (or the first one set);
 *   "exit": the clerk left clerk mode (or cancelled the PIN pad);
 *   "assisted": start a dossier on a citizen's behalf;
 *   "settings-changed": the configuration was saved and applied. */
McClerkPage *mc_clerk_page_new          (McApplication *application,
                                         gboolean       unlocked);
gboolean     mc_clerk_page_is_unlocked  (McClerkPage   *self);
/* Reads the outbox and the statistics again. */
void         mc_clerk_page_refresh      (McClerkPage   *self);
/* Where exports go: $MOTCUA_EXPORT_DIR, else the first writable removable
 * medium under /run/media/$USER, /media/$USER or /media; NULL when none. */
char        *mc_clerk_find_export_dir   (void);

G_END_DECLS
