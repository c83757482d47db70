/* mc-receipt-page.h: what the citizen takes away: the provisional number at once,
 * the portal's dossier code and tracking QR code once it is delivered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-store.h"

G_BEGIN_DECLS

#define MC_TYPE_RECEIPT_PAGE (mc_receipt_page_get_type ())
G_DECLARE_FINAL_TYPE (McReceiptPage, mc_receipt_page, MC, RECEIPT_PAGE, GtkWidget)

/* Signals: "home" (): the citizen is done. */
McReceiptPage *mc_receipt_page_new       (void);
/* Shows @entry as it stands; @tracking_url_pattern makes the tracking URL when
 * the portal gave none. */
void           mc_receipt_page_set_entry (McReceiptPage       *self,
                                          const McOutboxEntry *entry,
                                          const char          *tracking_url_pattern);

G_END_DECLS
