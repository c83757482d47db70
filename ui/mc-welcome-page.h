/* mc-welcome-page.h: the first screen: greeting, search, the status lookup and
 * browse buttons, life events, popular procedures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-catalogue.h"

G_BEGIN_DECLS

#define MC_TYPE_WELCOME_PAGE (mc_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (McWelcomePage, mc_welcome_page, MC, WELCOME_PAGE, GtkWidget)

/* Signals: "procedure-activated" (McProcedure *procedure), "event-activated"
 * (const char *event_id), "fields-activated" (), "lookup-activated" ().
 * @catalogue: nullable while it loads (a placeholder shows). */
McWelcomePage *mc_welcome_page_new              (McCatalogue   *catalogue);
/* The catalogue has arrived: fills the lists and searches what was typed.
 * NULL with @failed: it could not be loaded, say so. */
void           mc_welcome_page_set_catalogue    (McWelcomePage *self,
                                                 McCatalogue   *catalogue,
                                                 gboolean       failed);
/* "Suggested at this counter": @favourites (configured procedure codes), and
 * "Frequently used here": @frequent (this office's most used codes, from its
 * statistics), filled up from the catalogue's popular procedures. Both
 * nullable; codes not in the catalogue are skipped. */
void           mc_welcome_page_set_shortcuts    (McWelcomePage      *self,
                                                 const char * const *favourites,
                                                 const char * const *frequent);
const char    *mc_welcome_page_get_query        (McWelcomePage *self);
/* Results update at once (no search delay). */
void           mc_welcome_page_set_query        (McWelcomePage *self,
                                                 const char    *query);
GtkEditable   *mc_welcome_page_get_search_entry (McWelcomePage *self);
void           mc_welcome_page_focus_search     (McWelcomePage *self);

G_END_DECLS
