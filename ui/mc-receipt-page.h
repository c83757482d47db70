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

/* What the printed receipt says besides the entry (all nullable): the office,
 * the procedure's name and processing time, the printer (NULL or "": the
 * system's default) and the folder "Save PDF" writes into. Call before
 * mc_receipt_page_set_entry(). */
void           mc_receipt_page_set_context (McReceiptPage *self,
                                            const char    *office,
                                            const char    *procedure_name,
                                            const char    *duration,
                                            const char    *printer,
                                            const char    *receipts_dir);
/* The file the last "Save PDF" wrote; NULL before. */
const char    *mc_receipt_page_get_saved_path (McReceiptPage *self);

G_END_DECLS
