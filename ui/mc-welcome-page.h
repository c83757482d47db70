/* mc-welcome-page.h: the first screen: greeting, search, popular procedures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-catalogue.h"

G_BEGIN_DECLS

#define MC_TYPE_WELCOME_PAGE (mc_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (McWelcomePage, mc_welcome_page, MC, WELCOME_PAGE, GtkWidget)

/* Signals: "procedure-activated" (McProcedure *procedure). */
McWelcomePage *mc_welcome_page_new          (McCatalogue   *catalogue);
const char    *mc_welcome_page_get_query    (McWelcomePage *self);
void           mc_welcome_page_set_query    (McWelcomePage *self,
                                             const char    *query);
void           mc_welcome_page_focus_search (McWelcomePage *self);

G_END_DECLS
