/* mc-lookup-page.h: "Tra cứu hồ sơ": the citizen types the dossier code or the
 * provisional number, or shows the receipt's QR code to the scanner (a HID
 * reader types the URL and Enter into the entry), and sees the state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-catalogue.h"

G_BEGIN_DECLS

#define MC_TYPE_LOOKUP_PAGE (mc_lookup_page_get_type ())
G_DECLARE_FINAL_TYPE (McLookupPage, mc_lookup_page, MC, LOOKUP_PAGE, GtkWidget)

/* @data_dir: the kiosk's store directory; @portal_url nullable (offline). */
McLookupPage *mc_lookup_page_new           (const char   *data_dir,
                                            const char   *portal_url,
                                            const char   *kiosk_id);
/* Nullable: names the procedure of the dossier when given. */
void          mc_lookup_page_set_catalogue (McLookupPage *self,
                                            McCatalogue  *catalogue);
/* What a reprinted receipt needs beyond the outbox entry: kiosk.conf's office
 * name, printer and tracking URL pattern (all nullable). */
void          mc_lookup_page_set_receipt_context (McLookupPage *self,
                                                  const char   *office,
                                                  const char   *printer,
                                                  const char   *tracking_url_pattern);
/* Looks @input up, as if typed and confirmed. */
void          mc_lookup_page_lookup        (McLookupPage *self,
                                            const char   *input);
GtkEditable  *mc_lookup_page_get_entry     (McLookupPage *self);
void          mc_lookup_page_focus_entry   (McLookupPage *self);

G_END_DECLS
