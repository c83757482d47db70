/* mc-list-page.h: a page with a title and a list of big buttons: the
 * procedures of a life event or of a field, or the fields themselves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-catalogue.h"

G_BEGIN_DECLS

#define MC_TYPE_LIST_PAGE (mc_list_page_get_type ())
G_DECLARE_FINAL_TYPE (McListPage, mc_list_page, MC, LIST_PAGE, GtkWidget)

/* Signals: "procedure-activated" (McProcedure *procedure), "item-activated"
 * (const char *id). The list widget is named @list_name, its title
 * @list_name + "-title" (for tests). */
McListPage *mc_list_page_new           (const char  *list_name,
                                        const char  *title,
                                        const char  *subtitle);
/* A procedure row, named "item-" + its code. */
void        mc_list_page_add_procedure (McListPage  *self,
                                        McProcedure *procedure);
/* Any other entry (a field): named "item-" + @id, emits "item-activated";
 * @icon_name (nullable) is drawn before the words. */
void        mc_list_page_add_item      (McListPage  *self,
                                        const char  *id,
                                        const char  *icon_name,
                                        const char  *title,
                                        const char  *details);
/* What "item-activated" gives, for the window to rebuild the page. */
const char *mc_list_page_get_key       (McListPage  *self);
void        mc_list_page_set_key       (McListPage  *self,
                                        const char  *key);

G_END_DECLS
